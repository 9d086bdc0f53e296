//! `handprint bench market` as a correctness check, not a timing: tiny runs of each of its
//! modes (several projects beside a draft, a fixed duration, several `serve` processes on
//! PostgreSQL), with the answers counted again here, straight from the database.

use crate::support::{db_flags, fresh_location, handprint_command, require_postgres};
use handprint_store::{Db, Location};

/// Run `handprint bench market ARGS` on `location`; its output, once it succeeded. The
/// operator's draft quota is set below every run's items: the bench raises it for its
/// own server (in its process or in `serve` children), as it must for 1,000,000 items.
fn bench_market(location: &Location, args: &[&str]) -> String {
    let out = handprint_command()
        .env("HANDPRINT_MAX_DRAFT_ITEMS_PER_ORG", "2")
        .env("HANDPRINT_MAX_DRAFT_MB_PER_ORG", "1")
        .args(db_flags(location))
        .args(["bench", "market"])
        .args(args)
        .output()
        .expect("run handprint");
    assert!(
        out.status.success(),
        "bench market {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The value printed after `label` (the labels fill the first 19 columns); one per line.
fn values<'a>(out: &'a str, label: &str) -> Vec<&'a str> {
    out.lines()
        .filter(|l| l.len() > 19 && l[..19].trim_end() == label)
        .map(|l| &l[19..])
        .collect()
}

fn value<'a>(out: &'a str, label: &str) -> &'a str {
    let found = values(out, label);
    assert_eq!(found.len(), 1, "one {label:?} line in:\n{out}");
    found[0]
}

/// Per project, by title: items, submitted answers, items with an answer, and the most
/// answers one (item, worker) pair holds — counted here, not by the bench.
async fn stored(location: &Location) -> Vec<(String, i64, i64, i64, i64)> {
    let db = Db::connect(location, 1).await.expect("connect");
    let rows = handprint_store::sql::query_as::<(String, i64, i64, i64, i64)>(
        r#"
        SELECT p.title,
            (SELECT COUNT(*) FROM tasks t WHERE t.project_id = p.id),
            (SELECT COUNT(*) FROM assignments a WHERE a.project_id = p.id AND a.state = 'submitted'),
            (SELECT COUNT(DISTINCT a.task_id) FROM assignments a
             WHERE a.project_id = p.id AND a.state = 'submitted'),
            COALESCE((SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM assignments a
                WHERE a.project_id = p.id AND a.state = 'submitted'
                GROUP BY a.task_id, a.worker_id) pairs), 0)
        FROM projects p ORDER BY p.title
        "#,
    )
    .fetch_all(&db)
    .await
    .expect("count answers");
    db.close().await;
    rows
}

fn row(
    title: &str,
    tasks: i64,
    answers: i64,
    answered: i64,
    most: i64,
) -> (String, i64, i64, i64, i64) {
    (title.to_string(), tasks, answers, answered, most)
}

#[tokio::test]
async fn bench_market_spreads_work_over_two_projects_beside_a_draft_and_stores_each_answer_once() {
    let (location, _keep) = fresh_location().await;
    let out = bench_market(
        &location,
        &[
            "--workers",
            "3",
            "--tasks",
            "5",
            "--overlap",
            "2",
            "--projects",
            "2",
            "--draft-tasks",
            "4",
        ],
    );
    assert_eq!(
        value(&out, "servers"),
        "in the bench process (one runtime with the clients)"
    );
    assert_eq!(value(&out, "workers"), "3");
    assert_eq!(
        value(&out, "projects"),
        "2 active, 5 items × 2 answers; draft 4 items"
    );
    assert!(
        value(&out, "import").starts_with("active 5 items in ")
            && value(&out, "import").contains("; draft 4 items in "),
        "{out}"
    );
    assert_eq!(value(&out, "answers"), "10 (expected 10)");
    for name in ["next", "submit", "next+submit"] {
        let p = value(&out, name);
        assert!(
            p.starts_with("p50 ") && p.contains(" ms   p99 ") && p.ends_with(" ms"),
            "{out}"
        );
    }
    assert!(value(&out, "load average").starts_with("start "), "{out}");
    assert!(
        value(&out, "peak RSS (run)").starts_with("bench process, server inside ")
            && value(&out, "peak RSS (run)").ends_with(" MiB"),
        "{out}"
    );
    assert_eq!(
        values(&out, "check"),
        [
            "project 1  3 items, 6 answers stored, 6 acknowledged; items over 2: 0, under: 0; (item, worker) pairs twice: 0; counters off: 0: ok",
            "project 2  2 items, 4 answers stored, 4 acknowledged; items over 2: 0, under: 0; (item, worker) pairs twice: 0; counters off: 0: ok",
            "draft      4 items, 0 answers: ok",
        ]
    );
    assert_eq!(
        stored(&location).await,
        [
            row("bench 1", 3, 6, 3, 1),
            row("bench 2", 2, 4, 2, 1),
            row("bench draft", 4, 0, 0, 0),
        ]
    );
}

#[tokio::test]
async fn bench_market_for_a_duration_stops_then_has_stored_exactly_the_acknowledged_answers() {
    let (location, _keep) = fresh_location().await;
    let out = bench_market(
        &location,
        &[
            "--workers",
            "2",
            "--tasks",
            "5000",
            "--overlap",
            "1",
            "--draft-tasks",
            "0",
            "--duration",
            "1",
        ],
    );
    let answers = value(&out, "answers");
    let acknowledged: i64 = answers
        .strip_suffix(" acknowledged (run for 1 s)")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("answers line: {answers}"));
    assert!(acknowledged > 0 && acknowledged < 5000, "{out}");
    let elapsed: f64 = value(&out, "elapsed")
        .strip_suffix(" s")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(elapsed >= 1.0, "stopped before its second: {out}");
    assert_eq!(
        values(&out, "check"),
        [format!(
            "project 1  5000 items, {acknowledged} answers stored, {acknowledged} acknowledged; items over 1: 0, under: {}; (item, worker) pairs twice: 0; counters off: 0: ok",
            5000 - acknowledged
        )]
    );
    assert_eq!(
        stored(&location).await,
        [row("bench 1", 5000, acknowledged, acknowledged, 1)]
    );
}

#[tokio::test]
async fn pg_only_bench_market_serves_from_two_processes_and_stores_each_answer_once() {
    require_postgres();
    let (location, _keep) = fresh_location().await;
    let out = bench_market(
        &location,
        &[
            "--processes",
            "2",
            "--workers",
            "4",
            "--tasks",
            "6",
            "--overlap",
            "2",
            "--projects",
            "2",
            "--draft-tasks",
            "3",
        ],
    );
    assert_eq!(value(&out, "backend"), "postgres");
    assert_eq!(
        value(&out, "servers"),
        "2 handprint serve processes, the clients outside them"
    );
    let rss = value(&out, "peak RSS (run)");
    assert!(
        rss.starts_with("serve 1 ") && rss.contains(" MiB; serve 2 ") && rss.ends_with(" MiB"),
        "{out}"
    );
    assert_eq!(value(&out, "answers"), "12 (expected 12)");
    assert_eq!(
        values(&out, "check"),
        [
            "project 1  3 items, 6 answers stored, 6 acknowledged; items over 2: 0, under: 0; (item, worker) pairs twice: 0; counters off: 0: ok",
            "project 2  3 items, 6 answers stored, 6 acknowledged; items over 2: 0, under: 0; (item, worker) pairs twice: 0; counters off: 0: ok",
            "draft      3 items, 0 answers: ok",
        ]
    );
    assert_eq!(
        stored(&location).await,
        [
            row("bench 1", 3, 6, 3, 1),
            row("bench 2", 3, 6, 3, 1),
            row("bench draft", 3, 0, 0, 0),
        ]
    );
}

#[test]
fn bench_market_refuses_several_processes_on_sqlite_and_says_what_to_give() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = handprint_command()
        .args(["--data-dir", &dir.path().display().to_string()])
        .args(["bench", "market", "--processes", "2"])
        .output()
        .expect("run handprint");
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "error: --processes above 1 needs PostgreSQL: give --database-url (SQLite's one writer lives in one process; give --processes 1 to serve SQLite from a process of its own)"
    );
}

/// `--processes 1`: the server in a `serve` process of its own (on SQLite too), the
/// clients in the bench process; every answer stored once.
#[tokio::test]
async fn bench_market_serves_from_one_process_of_its_own_and_stores_each_answer_once() {
    let (location, _keep) = fresh_location().await;
    let out = bench_market(
        &location,
        &[
            "--processes",
            "1",
            "--workers",
            "3",
            "--tasks",
            "4",
            "--overlap",
            "2",
            "--draft-tasks",
            "2",
        ],
    );
    assert_eq!(
        value(&out, "servers"),
        "1 handprint serve process, the clients outside it"
    );
    let rss = value(&out, "peak RSS (run)");
    assert!(
        rss.starts_with("serve 1 ") && rss.ends_with(" MiB") && !rss.contains("serve 2"),
        "{out}"
    );
    assert_eq!(value(&out, "answers"), "8 (expected 8)");
    assert_eq!(
        values(&out, "check"),
        [
            "project 1  4 items, 8 answers stored, 8 acknowledged; items over 2: 0, under: 0; (item, worker) pairs twice: 0; counters off: 0: ok",
            "draft      2 items, 0 answers: ok",
        ]
    );
    assert_eq!(
        stored(&location).await,
        [row("bench 1", 4, 8, 4, 1), row("bench draft", 2, 0, 0, 0)]
    );
}

/// `handprint bench media` as a correctness check: a few images uploaded, each with its
/// rendition, served to three workers, two answers per item; the answers counted again here.
#[tokio::test]
async fn bench_media_serves_every_uploaded_image_and_stores_every_answer() {
    let (location, _keep) = fresh_location().await;
    let out = handprint_command()
        .args(db_flags(&location))
        .args(["bench", "media", "--workers", "3", "--images", "6"])
        .args([
            "--overlap",
            "2",
            "--pixels",
            "700",
            "--uploads-at-once",
            "2",
        ])
        .output()
        .expect("run handprint");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "bench media failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(value(&stdout, "workers"), "3");
    assert_eq!(
        value(&stdout, "media quota"),
        "none (the bench's own server measures serving, not the quota)"
    );
    let images = value(&stdout, "images");
    assert!(
        images.starts_with("6 PNGs of 700×525 px (6 distinct), ")
            && images.ends_with(" MiB; 6 with a smaller rendition"),
        "{stdout}"
    );
    let uploads = value(&stdout, "uploads");
    assert!(
        uploads.starts_with("6 in ")
            && uploads.contains(" s, 2 at once (")
            && uploads.ends_with(" uploads/s)"),
        "{stdout}"
    );
    let fetches = value(&stdout, "media fetches");
    assert!(
        fetches.starts_with("12 in ") && fetches.ends_with(" fetches/s)"),
        "{stdout}"
    );
    for name in ["next", "fetch", "submit", "cycle"] {
        let p = value(&stdout, name);
        assert!(
            p.starts_with("p50 ") && p.contains(" ms   p99 ") && p.ends_with(" ms"),
            "{stdout}"
        );
    }
    assert_eq!(
        values(&stdout, "check"),
        [
            "served     6 of 6 images, 0 not served, 0 wrong: ok",
            "answers    6 items, 12 answers stored, 12 acknowledged; items over 2: 0, under: 0; (item, worker) pairs twice: 0; counters off: 0: ok"
        ],
        "{stdout}"
    );
    assert_eq!(stored(&location).await, [row("bench media", 6, 12, 6, 1)]);
}

#[test]
fn bench_media_refuses_more_answers_per_item_than_workers() {
    let out = handprint_command()
        .args(["bench", "media", "--workers", "2", "--overlap", "3"])
        .output()
        .expect("run handprint");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--overlap cannot exceed --workers (a worker answers an item once)"),
        "{err}"
    );
}

/// A database is reused by the next run: its accounts and organisation get names of
/// their own (organisation names are unique), and each run checks its own projects.
#[tokio::test]
async fn bench_market_runs_twice_on_one_database() {
    let (location, _keep) = fresh_location().await;
    let args = [
        "--workers",
        "2",
        "--tasks",
        "3",
        "--overlap",
        "1",
        "--draft-tasks",
        "0",
    ];
    for _ in 0..2 {
        let out = bench_market(&location, &args);
        assert_eq!(value(&out, "answers"), "3 (expected 3)");
        assert_eq!(
            values(&out, "check"),
            [
                "project 1  3 items, 3 answers stored, 3 acknowledged; items over 1: 0, under: 0; (item, worker) pairs twice: 0; counters off: 0: ok"
            ]
        );
    }
}
