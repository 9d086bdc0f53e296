//! Handprint's integration tests: one binary, the real server over HTTP.
//! HANDPRINT_TEST_BACKEND=postgres runs the same tests on PostgreSQL.

#![allow(clippy::too_many_lines)] // a test may tell its whole story in one function

mod accounts;
mod appeal;
mod authz;
mod bench;
mod browser;
mod browser_media;
mod browser_money;
mod browser_pairwise;
mod browser_tests;
mod cli;
mod concurrency;
mod crash;
mod decisions;
mod disputes;
mod downloads;
mod eligibility;
mod exports;
mod fee_rule;
mod fees;
mod handprints;
mod hardening;
mod labels;
mod ledger_props;
mod limits;
mod mailbox;
mod media;
mod metrics;
mod ml_formats;
mod money;
mod money_concurrency;
mod my_data;
mod overlap;
mod pairwise;
mod password_reset;
mod payfloor;
mod performance;
mod projects;
mod qualification_tests;
mod quality;
mod record;
mod review;
mod signin;
mod smoke;
mod support;
mod tasks;
mod web;
mod web_forms;
mod web_i18n;
mod web_money;
mod web_requester;
mod work;
