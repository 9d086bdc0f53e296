-- Money columns refuse anything but integers (issue 12, finding 6): on SQLite a trigger
-- per column does it (see sqlite/0007); PostgreSQL's BIGINT never holds a fraction (a
-- numeric is rounded on assignment) and fails on overflow, so nothing changes here.
SELECT 1;
