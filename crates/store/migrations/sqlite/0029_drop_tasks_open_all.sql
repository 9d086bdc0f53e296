-- No query reads the open items of every project in id order any more: each claim
-- looks in one project through tasks_open (issue 11). On PostgreSQL this index was
-- worse than unused: once statistics existed, the generic plan of a prepared claim
-- walked it in id order, filtering on the project, past every open item of a larger
-- project (998,056 rows for one claim beside a 1,000,000-item project). Every change
-- of `remaining` also wrote to it.
DROP INDEX tasks_open_all;
