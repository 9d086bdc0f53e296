//! Sign-in back-off (issue 12, finding 3), and the bound on password hashing at once
//! (finding 2).
//!
//! After `limit` failed sign-ins within the window, an account (its normalised email,
//! whether or not it has an account, so the answer tells nothing) or a client address is
//! refused for a delay that doubles with each lockout (up to a ceiling). A refused try
//! runs no Argon2. A successful sign-in forgets the account's failures, not the
//! address's: one's own account must not reset the count of an address that tries
//! others. Kept in memory, per process, bounded in size: when full, the half least
//! recently failed is forgotten (an attacker cannot grow it without limit).
//!
//! Why not governor (STACK.md): it limits the rate of every request with its own clock;
//! what is needed is "after N failures, refuse for an increasing delay", counting only
//! failures, on the app clock (so the tests move time instead of sleeping).

use handprint_core::Timestamp;
use handprint_core::clock::MICROS_PER_SECOND;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The sign-in policy: back-off and how many passwords are hashed at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInPolicy {
    /// Failed sign-ins for one email within the window before it is locked.
    pub account_failures: u32,
    /// Failed sign-ins from one client address (an IPv6 /64) within the window before it is locked.
    pub address_failures: u32,
    /// The window failures are counted in, in seconds.
    pub window_seconds: i64,
    /// The first lockout, in seconds; each next one doubles, up to `max_lockout_seconds`.
    pub lockout_seconds: i64,
    pub max_lockout_seconds: i64,
    /// Emails and addresses remembered at most (each kind); the half least recently
    /// failed is forgotten when full.
    pub tracked: usize,
    /// Password hashes (Argon2id, 19 MiB each) computed at once; more wait up to
    /// `hash_wait`, then get 503 with Retry-After.
    pub max_concurrent_hashes: usize,
    pub hash_wait: Duration,
    /// The server is behind a proxy that appends the client's address to
    /// `X-Forwarded-For`: the last address there is the client's. Off: the peer of the
    /// connection is the client (the header is ignored, anyone could write it).
    pub trust_forwarded_for: bool,
}

impl Default for SignInPolicy {
    fn default() -> Self {
        SignInPolicy {
            account_failures: 5,
            address_failures: 20,
            window_seconds: 15 * 60,
            lockout_seconds: 60,
            max_lockout_seconds: 3600,
            tracked: 100_000,
            // About 80 MiB of Argon2 at once; a sign-in takes some 40 ms on one core.
            max_concurrent_hashes: 4,
            hash_wait: Duration::from_secs(2),
            trust_forwarded_for: false,
        }
    }
}

/// How long a signed-in web session lasts (issue 12, finding 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused this long ends (it is extended as it is used, every few minutes).
    pub idle_seconds: i64,
    /// A session ends this long after sign-in, however much it is used.
    pub max_seconds: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_seconds: 12 * 3600,
            max_seconds: 30 * 24 * 3600,
        }
    }
}

impl SessionPolicy {
    /// The end of a session created at `created` and used at `now`.
    pub fn end(&self, created: Timestamp, now: Timestamp) -> Timestamp {
        (now + self.idle_seconds * MICROS_PER_SECOND)
            .min(created + self.max_seconds * MICROS_PER_SECOND)
    }
    /// Whether a session whose end is `stored` should be written again when used at
    /// `now`: when that moves its end by at least five minutes (or a tenth of the idle
    /// time, if shorter), so a busy visitor does not write on every page.
    pub fn worth_extending(&self, stored: Timestamp, created: Timestamp, now: Timestamp) -> bool {
        let step = (self.idle_seconds / 10).clamp(1, 300) * MICROS_PER_SECOND;
        self.end(created, now) - stored >= step
    }
}

/// One email's or one address's recent failures.
#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    window_start: Timestamp,
    /// Lockouts so far: the next one lasts twice as long.
    lockouts: u32,
    locked_until: Timestamp,
    last_failure: Timestamp,
}

#[derive(Debug)]
struct Tracker {
    limit: u32,
    entries: HashMap<String, Entry>,
}

impl Tracker {
    fn new(limit: u32) -> Self {
        Tracker {
            limit: limit.max(1),
            entries: HashMap::new(),
        }
    }

    /// Seconds until `key` may try again, if it is locked.
    fn locked(&self, key: &str, now: Timestamp) -> Option<u64> {
        let e = self.entries.get(key)?;
        (e.locked_until > now).then(|| {
            let micros = e.locked_until - now;
            u64::try_from((micros + MICROS_PER_SECOND - 1) / MICROS_PER_SECOND).unwrap_or(1)
        })
    }

    fn failed(&mut self, key: &str, now: Timestamp, p: &SignInPolicy) {
        if !self.entries.contains_key(key) && self.entries.len() >= p.tracked.max(2) {
            self.forget_half(now, p);
        }
        let window = p.window_seconds * MICROS_PER_SECOND;
        let e = self.entries.entry(key.to_string()).or_insert(Entry {
            failures: 0,
            window_start: now,
            lockouts: 0,
            locked_until: 0,
            last_failure: now,
        });
        // A quiet day forgives earlier lockouts.
        if now - e.last_failure > 24 * 3600 * MICROS_PER_SECOND {
            e.lockouts = 0;
        }
        if now - e.window_start > window {
            e.failures = 0;
            e.window_start = now;
        }
        e.failures += 1;
        e.last_failure = now;
        if e.failures >= self.limit {
            let doubling = 1_i64 << e.lockouts.min(20);
            let seconds = p
                .lockout_seconds
                .saturating_mul(doubling)
                .min(p.max_lockout_seconds.max(p.lockout_seconds));
            e.locked_until = now + seconds * MICROS_PER_SECOND;
            e.lockouts += 1;
            e.failures = 0;
            e.window_start = now;
        }
    }

    /// Forget what is over, then, if still more than half full, the half least recently failed.
    fn forget_half(&mut self, now: Timestamp, p: &SignInPolicy) {
        let window = p.window_seconds * MICROS_PER_SECOND;
        self.entries
            .retain(|_, e| e.locked_until > now || now - e.last_failure <= window);
        let keep = p.tracked.max(2) / 2;
        if self.entries.len() > keep {
            let mut times: Vec<Timestamp> = self.entries.values().map(|e| e.last_failure).collect();
            let cut = times.len() - keep;
            let (_, median, _) = times.select_nth_unstable(cut);
            let median = *median;
            self.entries.retain(|_, e| e.last_failure > median);
        }
    }
}

/// Who is trying: the normalised email and the client's address.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub email: String,
    pub address: Option<IpAddr>,
}

impl Attempt {
    pub fn new(email: &str, address: Option<IpAddr>) -> Self {
        Attempt {
            email: email.trim().to_lowercase(),
            address,
        }
    }
    /// IPv6 clients get a /64 each, so one client cannot rotate through its own addresses.
    fn address_key(&self) -> Option<String> {
        self.address.map(|a| match a {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = v6.segments();
                    format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
                }
            },
        })
    }
}

/// The sign-in guard an [`crate::AppState`] holds: back-off and the hashing bound.
#[derive(Debug)]
pub struct SignInGuard {
    policy: SignInPolicy,
    accounts: Mutex<Tracker>,
    addresses: Mutex<Tracker>,
    hashing: std::sync::Arc<Semaphore>,
}

fn lock(m: &Mutex<Tracker>) -> MutexGuard<'_, Tracker> {
    // Nothing held across a panic can be half-updated in a way that matters here.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl SignInGuard {
    pub fn new(policy: SignInPolicy) -> Self {
        SignInGuard {
            policy,
            accounts: Mutex::new(Tracker::new(policy.account_failures)),
            addresses: Mutex::new(Tracker::new(policy.address_failures)),
            hashing: std::sync::Arc::new(Semaphore::new(policy.max_concurrent_hashes.max(1))),
        }
    }

    pub fn policy(&self) -> &SignInPolicy {
        &self.policy
    }

    /// Seconds to wait when this email or this address is locked (the longer of both).
    pub fn locked(&self, attempt: &Attempt, now: Timestamp) -> Option<u64> {
        let account = lock(&self.accounts).locked(&attempt.email, now);
        let address = attempt
            .address_key()
            .and_then(|k| lock(&self.addresses).locked(&k, now));
        account.max(address)
    }

    pub fn failed(&self, attempt: &Attempt, now: Timestamp) {
        lock(&self.accounts).failed(&attempt.email, now, &self.policy);
        if let Some(k) = attempt.address_key() {
            lock(&self.addresses).failed(&k, now, &self.policy);
        }
    }

    /// A right password: the account's failures are forgotten (the address's are not).
    pub fn succeeded(&self, attempt: &Attempt) {
        lock(&self.accounts).entries.remove(&attempt.email);
    }

    /// A permit to hash one password, waiting at most `hash_wait`; None when every
    /// permit stays taken that long.
    pub async fn hashing_permit(&self) -> Option<OwnedSemaphorePermit> {
        tokio::time::timeout(self.policy.hash_wait, self.hashing.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = MICROS_PER_SECOND;

    fn policy() -> SignInPolicy {
        SignInPolicy {
            account_failures: 3,
            address_failures: 5,
            tracked: 8,
            ..SignInPolicy::default()
        }
    }

    #[test]
    fn lockouts_double_up_to_the_ceiling_and_success_forgets_the_account() {
        let guard = SignInGuard::new(policy());
        let a = Attempt::new(" Ana@X.test ", None);
        for _ in 0..3 {
            assert_eq!(guard.locked(&a, 0), None);
            guard.failed(&a, 0);
        }
        assert_eq!(guard.locked(&a, 0), Some(60));
        assert_eq!(guard.locked(&a, 59 * S + 1), Some(1));
        assert_eq!(guard.locked(&a, 60 * S), None);
        for _ in 0..3 {
            guard.failed(&a, 60 * S);
        }
        assert_eq!(guard.locked(&a, 60 * S), Some(120));
        guard.succeeded(&Attempt::new("ana@x.test", None));
        assert_eq!(guard.locked(&a, 60 * S), None);
    }

    #[test]
    fn an_address_is_locked_across_emails_and_an_ipv6_counts_by_its_64() {
        let guard = SignInGuard::new(policy());
        let ip = |s: &str| Some(s.parse::<IpAddr>().expect("ip"));
        for i in 0..5 {
            let a = Attempt::new(&format!("u{i}@x.test"), ip("2001:db8:1:2::1"));
            guard.failed(&a, 0);
        }
        let other = Attempt::new("fresh@x.test", ip("2001:db8:1:2:ffff::9"));
        assert_eq!(guard.locked(&other, 0), Some(60));
        let elsewhere = Attempt::new("fresh@x.test", ip("2001:db8:1:3::1"));
        assert_eq!(guard.locked(&elsewhere, 0), None);
    }

    #[test]
    fn the_memory_is_bounded() {
        let guard = SignInGuard::new(policy());
        for i in 0..1000_i64 {
            guard.failed(&Attempt::new(&format!("u{i}@x.test"), None), i * S);
        }
        assert!(lock(&guard.accounts).entries.len() <= 8);
    }
}
