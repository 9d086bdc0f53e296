//! The claim benchmark's correctness check, run by `cargo test` (not a timing):
//! both ways of running the claim path take what the store's own `Db::claim_next`
//! takes, leave the counts right, and `undo` puts the seeded state back.

mod path;

use handprint_store::sql::{query_as, query_scalar};
use path::{Claimed, NOW, PROJECT, Seeded, Shape, Sync};

/// Small enough to run in a second; the odd answered items have one slot left, so
/// some workers are passed over items they already answered.
const SHAPE: Shape = Shape {
    tasks: 12,
    overlap: 3,
    answered: 8,
    workers: 5,
};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The first item with a free slot that `worker` has not answered.
fn expected_item(shape: Shape, worker: &str) -> String {
    let first = (0..shape.tasks).find(|&i| {
        let given = path::answers_given(shape, i);
        given < shape.overlap && (0..given).all(|k| path::seeded_answerer(shape, i, k) != worker)
    });
    path::task_id(first.expect("an item open to the worker"))
}

/// Free slots in the seeded state.
fn open_slots(shape: Shape) -> i64 {
    (0..shape.tasks)
        .map(|i| shape.overlap - path::answers_given(shape, i))
        .sum()
}

/// The item a claim took.
async fn task_of(
    db: &handprint_store::Db,
    claimed: &Claimed,
) -> Result<String, handprint_store::StoreError> {
    Ok(
        query_scalar::<String>("SELECT task_id FROM assignments WHERE id = $1")
            .bind(&claimed.assignment)
            .fetch_one(db)
            .await?,
    )
}

async fn state(seeded: &Seeded) -> (i64, i64) {
    let (remaining, leased): (i64, i64) = query_as(
        r#"
        SELECT (SELECT CAST(SUM(remaining) AS BIGINT) FROM tasks),
               (SELECT COUNT(*) FROM assignments WHERE state = 'leased')
        "#,
    )
    .fetch_one(&seeded.db)
    .await
    .expect("counts");
    (remaining, leased)
}

async fn check_claim(seeded: &Seeded, claimed: Option<Claimed>, worker: &str) {
    let claimed = claimed.expect("a claim on a project with open items takes one");
    let task = task_of(&seeded.db, &claimed).await.expect("its item");
    assert_eq!(task, expected_item(SHAPE, worker), "{worker}");
    let holder: String = query_scalar("SELECT worker_id FROM assignments WHERE id = $1")
        .bind(&claimed.assignment)
        .fetch_one(&seeded.db)
        .await
        .expect("the new assignment");
    assert_eq!(holder, worker);
    let open = open_slots(SHAPE);
    assert_eq!(state(seeded).await, (open - 1, 1));
    path::undo(&seeded.db, &claimed).await.expect("undo");
    assert_eq!(state(seeded).await, (open, 0));
}

#[test]
fn the_store_and_the_any_driver_claim_what_claim_next_claims() {
    runtime().block_on(claims_match(Sync::Full));
}

#[test]
fn without_fsync_they_claim_the_same() {
    runtime().block_on(claims_match(Sync::Off));
}

async fn claims_match(sync: Sync) {
    let seeded = path::seed_with(SHAPE, sync).await.expect("seeded");
    for worker in &seeded.workers {
        let claimed = path::claim_store(&seeded.db, worker).await.expect("store");
        check_claim(&seeded, claimed, worker).await;
        let claimed = path::claim_any(&seeded.any, worker).await.expect("any");
        check_claim(&seeded, claimed, worker).await;
        let lease = seeded
            .db
            .claim_next(&worker.as_str().into(), Some(&PROJECT.into()), NOW)
            .await
            .expect("claim_next")
            .expect("a lease");
        assert_eq!(lease.task.id, expected_item(SHAPE, worker));
        let claimed = Claimed {
            assignment: lease.assignment.id.into_string(),
        };
        path::undo(&seeded.db, &claimed).await.expect("undo");
    }
}

#[test]
fn both_pools_run_with_the_stores_durability_settings() {
    runtime().block_on(async {
        let seeded = path::seed_with(SHAPE, Sync::Full).await.expect("seeded");
        let store: (String, i64) = query_as(
            "SELECT journal_mode, synchronous FROM pragma_journal_mode, pragma_synchronous",
        )
        .fetch_one(&seeded.db)
        .await
        .expect("store pragmas");
        let any: (String, i64) = sqlx::query_as(
            "SELECT journal_mode, synchronous FROM pragma_journal_mode, pragma_synchronous",
        )
        .fetch_one(&seeded.any)
        .await
        .expect("any pragmas");
        // WAL, and synchronous FULL (2) on both.
        assert_eq!(store, ("wal".to_string(), 2));
        assert_eq!(any, store);
    });
}

#[test]
fn a_worker_holding_a_live_lease_is_given_it_again_and_nothing_new() {
    runtime().block_on(async {
        let seeded = path::seed_with(SHAPE, Sync::Full).await.expect("seeded");
        let worker = &seeded.workers[0];
        let held = path::claim_store(&seeded.db, worker).await.expect("store");
        assert!(held.is_some());
        let open = open_slots(SHAPE);
        assert_eq!(
            path::claim_store(&seeded.db, worker).await.expect("store"),
            held
        );
        assert_eq!(
            path::claim_any(&seeded.any, worker).await.expect("any"),
            held
        );
        assert_eq!(state(&seeded).await, (open - 1, 1));
    });
}
