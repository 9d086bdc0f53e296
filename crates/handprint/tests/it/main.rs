//! Handprint's integration tests: one binary, the real server over HTTP.
//! HANDPRINT_TEST_BACKEND=postgres runs the same tests on PostgreSQL.

mod accounts;
mod concurrency;
mod crash;
mod projects;
mod support;
mod tasks;
mod work;
