//! Time as the marketplace sees it: UTC, integer microseconds since the Unix epoch.
//!
//! Every rule that depends on time (lease expiry, grace periods, review windows)
//! reads it from a [`Clock`] passed in, so tests move time forward instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};

/// Microseconds since 1970-01-01T00:00:00Z.
pub type Timestamp = i64;

pub const MICROS_PER_SECOND: i64 = 1_000_000;

/// A source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Timestamp;
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one place the wall clock is read
    fn now(&self) -> Timestamp {
        let now = time::OffsetDateTime::now_utc();
        (now.unix_timestamp_nanos() / 1_000) as i64
    }
}

/// A clock that only moves when told to, for tests.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start: Timestamp) -> Self {
        Self(AtomicI64::new(start))
    }
    pub fn advance_seconds(&self, seconds: i64) {
        self.0
            .fetch_add(seconds * MICROS_PER_SECOND, Ordering::SeqCst);
    }
    pub fn set(&self, at: Timestamp) {
        self.0.store(at, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0.load(Ordering::SeqCst)
    }
}

/// RFC 3339 text of a timestamp, with microseconds, in UTC ("2026-11-23T06:54:57.123456Z").
pub fn to_rfc3339(at: Timestamp) -> String {
    let nanos = i128::from(at) * 1_000;
    match time::OffsetDateTime::from_unix_timestamp_nanos(nanos) {
        Ok(t) => t
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| at.to_string()),
        Err(_) => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_as_utc_rfc3339() {
        assert_eq!(to_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(to_rfc3339(1_500_000), "1970-01-01T00:00:01.5Z");
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(10);
        assert_eq!(clock.now(), 10);
        clock.advance_seconds(2);
        assert_eq!(clock.now(), 2_000_010);
    }
}
