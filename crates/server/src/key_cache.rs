//! API-key look-ups kept for a few seconds, so the hot path (a worker's next and
//! submit) does not read the key and its owner from the database on every request.
//!
//! What may be stale, and for how long: an entry is used for [`KEPT_MICROS`] on the
//! app's clock after it was read. A key revoked through this process is forgotten at
//! once ([`KeyCache::forget_user`]); one revoked by another process sharing the
//! database stops working at most [`KEPT_MICROS`] later. A key's own end
//! (`expires_at`) is checked on every request against the clock, cached or not.
//! Only live keys are kept: an unknown key is looked up every time.

use handprint_core::{Timestamp, UserId};
use handprint_store::accounts::KeyOwner;
use std::collections::HashMap;
use std::sync::Mutex;

/// How long a looked-up key is trusted without asking the database again: 5 s.
pub const KEPT_MICROS: i64 = 5 * handprint_core::clock::MICROS_PER_SECOND;

/// At most this many keys are kept; past it, stale entries are dropped (all, if none is).
const MOST: usize = 20_000;

/// Live keys by the SHA-256 of the key (never the key itself), with when they were read.
#[derive(Default)]
pub struct KeyCache(Mutex<HashMap<String, (Timestamp, KeyOwner)>>);

impl KeyCache {
    /// The owner of the key with this hash, when it was read less than
    /// [`KEPT_MICROS`] ago (a clock set back counts as stale).
    pub fn fresh(&self, key_hash: &str, now: Timestamp) -> Option<KeyOwner> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key_hash)
            .filter(|(at, _)| (0..KEPT_MICROS).contains(&(now - at)))
            .map(|(_, owner)| owner.clone())
    }

    /// Keep the owner of a live key, read from the database at `now`.
    pub fn keep(&self, key_hash: &str, now: Timestamp, owner: &KeyOwner) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= MOST {
            kept.retain(|_, (at, _)| (0..KEPT_MICROS).contains(&(now - *at)));
            if kept.len() >= MOST {
                kept.clear();
            }
        }
        kept.insert(key_hash.to_string(), (now, owner.clone()));
    }

    /// Forget every key of `user` (one of them was revoked here).
    pub fn forget_user(&self, user: &UserId) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.retain(|_, (_, owner)| owner.user.id != *user);
    }
}
