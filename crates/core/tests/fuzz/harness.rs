//! Runs one fuzz target for a number of cases or for its share of a time budget.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestError, TestRunner};

/// Every target, by its test name: a time budget is shared equally among them.
pub const TARGETS: &[&str] = &[
    "csv_tables_read_back_as_written",
    "csv_mutations_fail_cleanly",
    "json_elements_read_as_serde_json_reads_them",
    "json_mutations_fail_cleanly",
    "arbitrary_bytes_fail_cleanly",
    "template_definitions_and_valid_answers",
    "arbitrary_answers_are_refused_or_normalised",
    "money_strings_parse_exactly_or_are_refused",
    "money_amounts_format_and_parse_back",
];

/// Cases per target when no time is given.
const DEFAULT_CASES: u32 = 256;
/// Cases per runner in a timed run: each runner starts from a fresh random seed.
const BATCH: u32 = 500;

enum Budget {
    Cases(u32),
    Seconds(f64),
}

fn budget() -> Budget {
    let read = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(seconds) = read("HANDPRINT_FUZZ_SECONDS") {
        let seconds: f64 = seconds
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("HANDPRINT_FUZZ_SECONDS={seconds:?} is not a number"));
        return Budget::Seconds(seconds);
    }
    match read("HANDPRINT_FUZZ_CASES") {
        Some(cases) => Budget::Cases(
            cases
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("HANDPRINT_FUZZ_CASES={cases:?} is not a whole number")),
        ),
        None => Budget::Cases(DEFAULT_CASES),
    }
}

fn config(source_file: &'static str, cases: u32) -> Config {
    Config {
        cases,
        source_file: Some(source_file),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        // Shrinking a failure of a large input may take long; a minute is enough.
        max_shrink_time: 60_000,
        ..Config::default()
    }
}

/// Runs `property` on values of `strategy`; `source_file` is the target's `file!()`,
/// which names where failures are saved. Panics with the smallest failing input.
pub fn fuzz<S: Strategy>(
    name: &str,
    source_file: &'static str,
    strategy: S,
    property: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    assert!(
        TARGETS.contains(&name),
        "fuzz target {name} is missing from harness::TARGETS"
    );
    let cases = AtomicU64::new(0);
    let counted = |value| {
        cases.fetch_add(1, Ordering::Relaxed);
        property(value)
    };
    let started = Instant::now();
    match budget() {
        Budget::Cases(n) => run(name, config(source_file, n), &strategy, &counted),
        Budget::Seconds(seconds) => {
            let share = Duration::from_secs_f64(seconds.max(0.0) / TARGETS.len() as f64);
            while started.elapsed() < share {
                run(name, config(source_file, BATCH), &strategy, &counted);
            }
        }
    }
    let cases = cases.load(Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("fuzz {name}: {cases} cases in {seconds:.1} s, no failure");
}

fn run<S: Strategy>(
    name: &str,
    config: Config,
    strategy: &S,
    property: &impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(config);
    match runner.run(strategy, property) {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => {
            panic!("fuzz {name} failed: {why}\nsmallest failing input: {input:#?}")
        }
        Err(TestError::Abort(why)) => panic!("fuzz {name} aborted: {why}"),
    }
}

/// Any JSON value, nested a few levels, with the awkward leaves: big and
/// fractional numbers, empty and non-ASCII strings, control characters.
pub fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-20i64..20).prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        (-100i32..100).prop_map(|n| Value::from(f64::from(n) / 4.0)),
        ".{0,12}".prop_map(Value::from),
        "[a-z|/~ \\n\\r\\t\u{0}\u{202e}\u{fe0f}]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{0,6}|.{0,4}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A small deterministic generator for choices made from a generated seed
/// (building a valid answer for a template only known once parsed).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// splitmix64.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        match (high - low).checked_add(1) {
            Some(span) => low + self.next() % span,
            None => self.next(),
        }
    }

    pub fn chance(&mut self, in_n: u64) -> bool {
        self.next().is_multiple_of(in_n)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }
}
