-- Fair allocation costs a claim nothing while nobody waits (issue 11): when a worker
-- was last served is read from their latest lease (MAX(leased_at) through the index
-- assignments_worker_time), so the claim no longer writes it to the queue.
ALTER TABLE allocation_queue DROP COLUMN served_at;
