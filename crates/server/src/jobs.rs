//! Background jobs. Each is safe to run in several server processes at once:
//! the store's updates are conditional, so every lease is expired exactly once.

use crate::AppState;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Start the periodic jobs; abort the handle to stop them.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(
            state.settings.sweep_interval_seconds.max(1),
        ));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            run_once(&state).await;
        }
    })
}

/// One pass of every job (tests call this directly after moving the clock).
pub async fn run_once(state: &AppState) {
    match state.db.expire_leases(state.now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(expired = n, "expired leases returned to the pool"),
        Err(e) => tracing::warn!(error = %e, "lease expiry failed; will retry"),
    }
}
