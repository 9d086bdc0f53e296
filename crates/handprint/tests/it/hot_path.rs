//! The hot path's shortcuts keep their promises: API keys looked up in the last few
//! seconds are trusted without the database, and a revocation still takes effect
//! within that time (at once in the process that revoked the key).

use crate::support::{Client, TestApp};
use handprint_core::Clock;
use handprint_server::Settings;
use handprint_server::key_cache::KEPT_MICROS;
use reqwest::StatusCode;
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
