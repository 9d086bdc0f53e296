//! Per-claim latency of the SQLite claim path: the store's `enum Tx` against sqlx's
//! `Any` driver, on the same seeded database in one run (docs/benchmarks.md).
//! `cargo bench -p handprint-store --bench claim` (`CLAIM_BENCH_SYNC=off` for no fsync); the correctness check of the same
//! code is `check.rs` (`cargo test -p handprint-store --test claim_check`).

mod path;

use criterion::{Criterion, criterion_group, criterion_main};
use path::{Claimed, Seeded, Shape};
use std::future::Future;
use std::time::{Duration, Instant};

/// 10,000 items, 3 answers each, the first half already answered by 300 workers.
const SHAPE: Shape = Shape {
    tasks: 10_000,
    overlap: 3,
    answered: 5_000,
    workers: 300,
};

/// Time `iters` claims, each by the next worker in turn, undoing each one untimed.
async fn timed<F, Fut, E>(seeded: &Seeded, iters: u64, claim: F) -> Duration
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<Option<Claimed>, E>>,
    E: std::fmt::Debug,
{
    let mut total = Duration::ZERO;
    for n in 0..iters {
        let worker = seeded.workers[n as usize % seeded.workers.len()].clone();
        let start = Instant::now();
        let claimed = claim(worker).await;
        total += start.elapsed();
        let Ok(Some(claimed)) = claimed else {
            panic!("the claim took nothing: {claimed:?}");
        };
        if let Err(e) = path::undo(&seeded.db, &claimed).await {
            panic!("undoing the claim failed: {e}");
        }
    }
    total
}

fn claim_path(c: &mut Criterion) {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => panic!("no tokio runtime: {e}"),
    };
    // CLAIM_BENCH_SYNC=off: no fsync per commit, to see the drivers' own cost.
    let sync = match std::env::var("CLAIM_BENCH_SYNC").as_deref() {
        Ok("off") => path::Sync::Off,
        _ => path::Sync::Full,
    };
    let seeded = match rt.block_on(path::seed_with(SHAPE, sync)) {
        Ok(seeded) => seeded,
        Err(e) => panic!("seeding failed: {e}"),
    };
    let seeded = &seeded;
    let mut group = c.benchmark_group(match sync {
        path::Sync::Full => "sqlite_claim",
        path::Sync::Off => "sqlite_claim_sync_off",
    });
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("store_tx", |b| {
        b.to_async(&rt).iter_custom(|iters| async move {
            timed(seeded, iters, |w| async move {
                path::claim_store(&seeded.db, &w).await
            })
            .await
        })
    });
    group.bench_function("sqlx_any", |b| {
        b.to_async(&rt).iter_custom(|iters| async move {
            timed(seeded, iters, |w| async move {
                path::claim_any(&seeded.any, &w).await
            })
            .await
        })
    });
    group.finish();
}

criterion_group!(benches, claim_path);
criterion_main!(benches);
