//! Fuzzing of what core reads from people: the import parsers (CSV, JSON arrays,
//! JSON Lines), template definitions and answer validation, and money amounts.
//!
//! cargo-fuzz needs a nightly compiler, so these are proptest targets run at
//! scale, with generators that know the formats (near-valid input finds more
//! than random bytes) besides arbitrary bytes. Each target checks that nothing
//! panics and a property of the result. How long they run:
//!
//! - `HANDPRINT_FUZZ_CASES=N`: N cases per target (default 256, what
//!   `cargo test --workspace` runs in CI);
//! - `HANDPRINT_FUZZ_SECONDS=S`: generate until S seconds are spent in all,
//!   shared equally among the targets ([`harness::TARGETS`]), printing the cases
//!   each ran (`-- --nocapture` shows them).
//!
//! A failure is shrunk to a small input, printed, and its seed saved in
//! `tests/fuzz/<module>.regressions` (commit it: every later run replays it).

#![allow(clippy::too_many_lines)] // a target may tell its whole story in one function
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod harness;
mod import;
mod money;
mod template;
