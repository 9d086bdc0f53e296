//! The hot path's shortcuts keep their promises: API keys looked up in the last few
//! seconds are trusted without the database, and a revocation still takes effect
//! within that time (at once in the process that revoked the key). And a claim's
//! cost stays flat on PostgreSQL: its statements read the items of their own
//! project only, whatever plan PostgreSQL keeps for them.

use crate::support::{Client, TestApp};
use handprint_core::Clock;
use handprint_server::Settings;
use handprint_server::key_cache::KEPT_MICROS;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

/// The same account's key, sent to another server.
fn at(server: &TestApp, client: &Client) -> Client {
    Client {
        base: server.base.clone(),
        http: server.http.clone(),
        key: client.key.clone(),
    }
}

#[tokio::test]
async fn a_key_revoked_by_another_process_stops_working_here_within_the_cache_time() {
    let app = TestApp::spawn().await;
    let worker = app.worker("kc").await;
    // This server reads the key once and keeps it.
    assert_eq!(worker.get("/api/v1/me").await.0, StatusCode::OK);

    // A second server on the same database (another `serve` process) revokes it.
    let other = TestApp::spawn_on(app.location.clone(), None, Settings::default()).await;
    let there = at(&other, &worker);
    let (status, keys) = there.get("/api/v1/api-keys").await;
    assert_eq!(status, StatusCode::OK, "{keys}");
    let id = keys[0]["id"].as_str().expect("key id").to_string();
    let (status, _) = there
        .send(
            other
                .http
                .delete(format!("{}/api/v1/api-keys/{id}", other.base)),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // The server that revoked it refuses it at once.
    let (status, body) = there.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "err-auth-key-unknown", "{body}");

    // The first still trusts what it read, until the cache time is over…
    app.clock.set(app.clock.now() + KEPT_MICROS - 1);
    assert_eq!(worker.get("/api/v1/me").await.0, StatusCode::OK);
    // …and not a microsecond longer.
    app.clock.set(app.clock.now() + 1);
    let (status, body) = worker.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "err-auth-key-unknown", "{body}");
}

#[tokio::test]
async fn a_key_revoked_here_is_refused_at_once_and_a_new_key_works_at_once() {
    let app = TestApp::spawn().await;
    let worker = app.worker("kd").await;
    assert_eq!(worker.get("/api/v1/me").await.0, StatusCode::OK);
    let (_, keys) = worker.get("/api/v1/api-keys").await;
    let id = keys[0]["id"].as_str().expect("key id").to_string();
    let (status, _) = worker
        .send(
            app.http
                .delete(format!("{}/api/v1/api-keys/{id}", app.base)),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = worker.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "err-auth-key-unknown", "{body}");
    // An unknown key is never kept: one made now works on its first request.
    let fresh = app.key_for("kd@worker.test", "correct horse battery").await;
    let (status, me) = fresh.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
}

#[tokio::test]
async fn a_cached_key_still_ends_at_its_expiry() {
    let app = TestApp::spawn().await;
    let worker = app.worker("ke").await;
    let (_, keys) = worker.get("/api/v1/api-keys").await;
    let ends = keys[0]["expires_at"].as_str().expect("an end").to_string();
    let end = time::OffsetDateTime::parse(&ends, &time::format_description::well_known::Rfc3339)
        .expect("an RFC 3339 time");
    let end_micros = (end.unix_timestamp_nanos() / 1_000) as i64;
    // Read and kept one microsecond before its end, refused at its end.
    app.clock.set(end_micros - 1);
    assert_eq!(worker.get("/api/v1/me").await.0, StatusCode::OK);
    app.clock.set(end_micros);
    let (status, body) = worker.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "err-auth-key-expired", "{body}");
}

/// PostgreSQL's pool lends a connection in steady use without a ping; one idle longer
/// than `PG_PING_AFTER_IDLE` is pinged first, so connections the server ended while
/// they were idle (as a restart does) are replaced before a request gets one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_only_connections_the_server_ended_while_idle_cost_no_request_an_error() {
    crate::support::require_postgres();
    let app = TestApp::spawn().await;
    let worker = app.worker("pg-ended").await;
    let (status, body) = worker.get("/api/v1/assignments").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let handprint_store::Location::Postgres(url) = &app.location else {
        unreachable!("require_postgres");
    };
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(url)
        .await
        .expect("a connection of the test's own");
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .expect("the server ends the app's connections");
    assert!(!ended.is_empty(), "the app held connections to end");
    assert!(ended.iter().all(|e| *e), "{ended:?}");
    tokio::time::sleep(handprint_store::PG_PING_AFTER_IDLE + Duration::from_millis(500)).await;
    for _ in 0..3 {
        let (status, body) = worker.get("/api/v1/assignments").await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

/// Rows a plan (EXPLAIN ANALYZE's JSON) read from `table` in its scans: the rows each
/// scan gave, over all its loops, and those its filters removed. With, for each scan
/// of `table`, its index condition and its filter.
fn rows_read(plan: &Value, table: &str, conditions: &mut Vec<String>) -> u64 {
    let count = |key: &str| plan[key].as_f64().unwrap_or(0.0) as u64;
    let mut read = 0;
    let scan = plan["Node Type"]
        .as_str()
        .is_some_and(|kind| kind.contains("Scan"));
    if scan && plan["Relation Name"] == table {
        read +=
            count("Actual Rows") * count("Actual Loops").max(1) + count("Rows Removed by Filter");
        let condition = |key: &str| plan[key].as_str().unwrap_or("").to_string();
        conditions.push(format!(
            "{} {}",
            condition("Index Cond"),
            condition("Filter")
        ));
    }
    for child in plan["Plans"].as_array().into_iter().flatten() {
        read += rows_read(child, table, conditions);
    }
    read
}

/// PostgreSQL plans a prepared statement with its parameters five times and may then
/// keep a generic plan that knows none of them. Planned so, the claim once read every
/// open item of every project in id order, filtering on the project (443 ms for one
/// claim beside a 1,000,000-item project), walked the assignments of every item
/// before the candidate, and (without statistics, the assignments nearly empty when
/// planned) looked the item up among every item the worker ever had, through an index
/// led by the worker. Here each claim statement is planned generically, without
/// statistics and then with them, beside a larger project whose items come first and
/// whose assignments exist, and runs under EXPLAIN ANALYZE (rolled back): it reads the
/// one item it leases, through its project's index, and asks whether the worker had
/// an item by the item.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_only_a_claims_generic_plan_reads_only_the_items_of_its_own_project() {
    crate::support::require_postgres();
    let app = TestApp::spawn().await;
    let requester = app.requester("flat").await;
    let large = requester
        .funded_project(3000, json!({"answers_per_task": 1}))
        .await;
    let small = requester
        .funded_project(3, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("flat").await;
    for _ in 0..20 {
        worker.answer_next(&large, "pos").await;
    }
    let (worker_id, mut db) = id_and_connection(&app, &worker).await;
    let statements = handprint_store::work::PgClaim::statements();
    let now = app.clock.now();
    // Planned first as the tables are (never analysed: the bench's machine and a new
    // database run so until autovacuum comes by), then with statistics.
    for (phase, analyse) in [("without statistics", ""), ("with statistics", "ANALYZE; ")] {
        let setup = format!(
            "{analyse}DEALLOCATE ALL; SET plan_cache_mode = force_generic_plan; \
             PREPARE take (text, text, bigint, text) AS {}; \
             PREPARE open_take (text, text, bigint, text) AS {}; \
             PREPARE firsts (text, bigint) AS {};",
            statements.take, statements.open_take, statements.first_candidates
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(setup))
            .execute(&mut db)
            .await
            .expect("the claim's statements prepare");
        for (name, execute, expected) in [
            (
                "take",
                format!("EXECUTE take ('{worker_id}', '{small}', {now}, 'plan-test-assignment')"),
                // The first open item of the small project, and its slot.
                2,
            ),
            (
                "the quick claim's take in an open project",
                format!(
                    "EXECUTE open_take ('{worker_id}', '{small}', {now}, 'plan-test-assignment')"
                ),
                2,
            ),
            (
                "first candidates",
                format!("EXECUTE firsts ('{worker_id}', {now})"),
                // The first open item the worker has not had in each of the two projects.
                2,
            ),
        ] {
            let name = format!("{name}, {phase}");
            explain_claim(&mut db, &name, &execute, expected).await;
        }
    }
}

/// The worker's id, and a PostgreSQL connection of the test's own to the app's database.
async fn id_and_connection(app: &TestApp, worker: &Client) -> (String, sqlx::PgConnection) {
    let (_, me) = worker.get("/api/v1/me").await;
    let worker_id = me["id"].as_str().expect("the worker's id").to_string();
    let handprint_store::Location::Postgres(url) = &app.location else {
        unreachable!("require_postgres");
    };
    let db = <sqlx::PgConnection as sqlx::Connection>::connect(url)
        .await
        .expect("a connection of the test's own");
    (worker_id, db)
}

/// Run `execute` under EXPLAIN ANALYZE (rolled back): it reads `expected` items, each
/// through its project, and asks about assignments by the item only.
async fn explain_claim(db: &mut sqlx::PgConnection, name: &str, execute: &str, expected: u64) {
    let sql = format!("BEGIN; EXPLAIN (ANALYZE, FORMAT JSON) {execute}");
    let rows = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *db)
        .await
        .unwrap_or_else(|e| panic!("{name} runs under EXPLAIN: {e}"));
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut *db)
        .await
        .expect("rolled back");
    let text: &str = sqlx::Row::try_get_unchecked(&rows[0], 0).expect("the plan as JSON");
    let plan: Value = serde_json::from_str(text).expect("EXPLAIN's JSON");
    let root = &plan[0]["Plan"];
    let mut on_tasks = Vec::new();
    let read = rows_read(root, "tasks", &mut on_tasks);
    assert_eq!(read, expected, "{name} read {read} items: {root:#}");
    assert!(
        on_tasks
            .iter()
            .all(|c| c.starts_with("(project_id = ") || c.starts_with("(id = found.id)")),
        "{name} scans tasks without its project: {on_tasks:?}"
    );
    let mut on_assignments = Vec::new();
    rows_read(root, "assignments", &mut on_assignments);
    assert!(!on_assignments.is_empty(), "{name} asks about assignments");
    // The candidate's items are `t`; EXPLAIN calls them `t_1` in the take, whose
    // last part names the slot it took `t` too. Each condition is "index search,
    // filter": searched by the item, or (a table the planner knows to be a page or
    // two) read whole and filtered by the item; never searched by the worker with the
    // item only filtered, which reads everything the worker did.
    let by_item = |c: &str| {
        ["t.id)", "t_1.id)"]
            .iter()
            .any(|t| c == format!(" (task_id = {t}") || c.starts_with(&format!("(task_id = {t} ")))
    };
    assert!(
        on_assignments.iter().all(|c| by_item(c)),
        "{name} looks for the worker's assignments other than by item: {on_assignments:?} {root:#}"
    );
}

/// On PostgreSQL a claim in a named project first tries the quick claim, one function
/// call where six round trips were: it is there after migrating, leases the first item
/// of an open project (and answers with the lease), hands the live lease back when
/// asked again, and in a project the
/// worker may not work on (sensitive content they did not opt in to, so the whole check
/// runs) or one that is paused, takes nothing and changes nothing: the long way then
/// says why; dropped by hand, claims go the long way and still lease. Through the
/// server, both kinds of project behave as before (the work and sensitive-content tests
/// run on both backends).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_only_the_quick_claim_leases_in_one_call_and_leaves_the_rest_to_the_long_way() {
    crate::support::require_postgres();
    let app = TestApp::spawn().await;
    let requester = app.requester("quick").await;
    let open = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let sensitive = requester
        .funded_project(
            2,
            json!({"answers_per_task": 1, "sensitive_content": ["violence"]}),
        )
        .await;
    let paused = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let (status, _) = requester
        .post_empty(&format!("/api/v1/projects/{paused}/pause"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let worker = app.worker("quick").await;
    let (worker_id, mut db) = id_and_connection(&app, &worker).await;
    let function = handprint_store::work::PgClaim::statements().quick_claim;
    let now = app.clock.now();
    assert!(
        function.starts_with("handprint_quick_claim_"),
        "the server's migration made the quick claim: {function:?}"
    );
    // The lease comes back whole: its assignment, item and project.
    let call = format!("SELECT a_id, t_id, id FROM {function}($1, $2, $3, $4)");
    let mut claim = async |project: &str, id: &str| -> Option<String> {
        let row: Option<(String, String, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(call.clone()))
                .bind(&worker_id)
                .bind(project)
                .bind(now)
                .bind(id)
                .fetch_optional(&mut db)
                .await
                .expect("the quick claim runs");
        row.map(|(assignment, task, in_project)| {
            assert_eq!(in_project, project, "the lease's project");
            assert!(!task.is_empty(), "the lease's item");
            assignment
        })
    };
    assert_eq!(claim(&open, "quick-1").await.as_deref(), Some("quick-1"));
    assert_eq!(
        claim(&open, "quick-2").await.as_deref(),
        Some("quick-1"),
        "the live lease comes back"
    );
    assert_eq!(claim(&sensitive, "quick-3").await, None);
    assert_eq!(claim(&paused, "quick-4").await, None);

    let leases: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.state, t.project_id FROM assignments a JOIN tasks t ON t.id = a.task_id \
         WHERE a.worker_id = $1 ORDER BY a.id",
    )
    .bind(&worker_id)
    .fetch_all(&mut db)
    .await
    .expect("the worker's assignments");
    assert_eq!(
        leases,
        vec![("quick-1".to_string(), "leased".to_string(), open.clone())]
    );
    let remaining: Vec<i64> =
        sqlx::query_scalar("SELECT remaining FROM tasks WHERE project_id = $1 ORDER BY id")
            .bind(&open)
            .fetch_all(&mut db)
            .await
            .expect("the open project's items");
    assert_eq!(remaining, vec![0, 1], "the first item's one slot is taken");

    // Through the server: the same lease, and nothing from the other two.
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": open}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["assignment_id"], "quick-1", "{lease}");
    for project in [&sensitive, &paused] {
        let (status, body) = worker
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }

    // Dropped by hand while the server runs: claims go the long way, and still lease.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP FUNCTION {function}")))
        .execute(&mut db)
        .await
        .expect("the function is dropped");
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": open}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["assignment_id"], "quick-1", "{lease}");
    let (status, _) = worker
        .post(
            "/api/v1/assignments/quick-1/submit",
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, second) = worker
        .post("/api/v1/work/next", json!({"project_id": open}))
        .await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_ne!(second["assignment_id"], "quick-1", "{second}");
}
