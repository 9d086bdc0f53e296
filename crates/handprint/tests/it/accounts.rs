//! Sign-up, API keys and authentication.

use crate::support::{TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_requester_signs_up_gets_a_key_and_sees_their_organisation() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ada").await;
    let (status, me) = requester.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "requester");
    assert_eq!(me["email"], "ada@requester.test");
    assert_eq!(me["organization"]["name"], "Org of ada@requester.test");
}

#[tokio::test]
async fn sign_up_reports_every_invalid_field_at_once() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .anonymous()
        .post(
            "/api/v1/signup",
            json!({"email": "not-an-email", "password": "short", "name": "", "role": "boss", "country": "XX"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut paths = problem_paths(&body);
    paths.sort();
    assert_eq!(paths, ["/country", "/email", "/name", "/password", "/role"]);
    assert_eq!(body["status"], 422);
    assert_eq!(body["type"], "/problems/validation");
}

#[tokio::test]
async fn a_requester_must_name_an_organisation_and_a_worker_must_not() {
    let app = TestApp::spawn().await;
    let base = json!({"email": "x@y.org", "password": "long enough password", "name": "X", "country": "FR"});
    let mut requester = base.clone();
    requester["role"] = json!("requester");
    let (status, body) = app.anonymous().post("/api/v1/signup", requester).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_paths(&body), ["/organization"]);
    let mut worker = base;
    worker["role"] = json!("worker");
    worker["organization"] = json!("Acme");
    let (status, body) = app.anonymous().post("/api/v1/signup", worker).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_paths(&body), ["/organization"]);
}

#[tokio::test]
async fn an_email_can_sign_up_only_once_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.worker("bo").await;
    // The same 201 as a new account (the reply never tells who has one: see
    // signin.rs), but no second account: the password given does not sign in.
    let (status, body) = app
        .anonymous()
        .post(
            "/api/v1/signup",
            json!({"email": "BO@worker.test", "password": "another long password", "name": "Bo", "role": "worker", "country": "IN"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let r = app
        .http
        .post(format!("{}/api/v1/api-keys", app.base))
        .basic_auth("bo@worker.test", Some("another long password"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn malformed_json_gets_a_problem_document_not_a_crash() {
    let app = TestApp::spawn().await;
    let r = app
        .http
        .post(format!("{}/api/v1/signup", app.base))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = r.json().await.expect("json");
    assert!(
        body["detail"]
            .as_str()
            .unwrap_or("")
            .contains("not valid JSON"),
        "{body}"
    );
}

#[tokio::test]
async fn wrong_passwords_unknown_keys_and_revoked_keys_are_refused() {
    let app = TestApp::spawn().await;
    let worker = app.worker("cy").await;
    let r = app
        .http
        .post(format!("{}/api/v1/api-keys", app.base))
        .basic_auth("cy@worker.test", Some("wrong password!"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let mut forged = worker.clone();
    forged.key = Some("hp_000000000000_forged".into());
    assert_eq!(forged.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.anonymous().get("/api/v1/me").await.0,
        StatusCode::UNAUTHORIZED
    );

    let (_, keys) = worker.get("/api/v1/api-keys").await;
    let id = keys[0]["id"].as_str().expect("key id").to_string();
    assert!(
        keys[0].get("key").is_none(),
        "a listed key never shows its secret"
    );
    let r = worker
        .send(
            app.http
                .delete(format!("{}/api/v1/api-keys/{id}", app.base)),
        )
        .await;
    assert_eq!(r.0, StatusCode::NO_CONTENT);
    assert_eq!(worker.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_api_is_described_by_an_openapi_document() {
    let app = TestApp::spawn().await;
    let (status, doc) = app.anonymous().get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with('3'));
    for path in [
        "/api/v1/signup",
        "/api/v1/api-keys",
        "/api/v1/projects",
        "/api/v1/projects/{id}",
        "/api/v1/projects/{id}/publish",
        "/api/v1/projects/{id}/pause",
        "/api/v1/projects/{id}/complete",
        "/api/v1/projects/{id}/tasks",
        "/api/v1/work/next",
        "/api/v1/assignments/{id}/submit",
        "/api/v1/assignments/{id}/return",
        "/api/v1/projects/{id}/progress",
        "/api/v1/projects/{id}/answers",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    let (status, health) = app.anonymous().get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["status"], "ok");
}

#[tokio::test]
async fn unknown_routes_answer_with_a_problem_document() {
    let app = TestApp::spawn().await;
    let (status, body) = app.anonymous().get("/api/v1/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status"], 404);
}

#[tokio::test]
async fn a_country_must_be_a_known_iso_code_and_its_name_is_refused_with_the_code() {
    let app = TestApp::spawn().await;
    let body = |email: &str, country: &str| json!({"email": email, "password": "long enough password", "name": "Rivo", "role": "worker", "country": country});
    let cases = [
        (
            "France",
            "\"France\" is a country's name: the country must be its ISO 3166-1 alpha-2 code, \"FR\"",
        ),
        (
            "Madagascar",
            "\"Madagascar\" is a country's name: the country must be its ISO 3166-1 alpha-2 code, \"MG\"",
        ),
        (
            "ZZ",
            "\"ZZ\" is not a country code: the country must be an ISO 3166-1 alpha-2 code such as \"MG\" (Madagascar) or \"FR\" (France)",
        ),
    ];
    for (i, (country, message)) in cases.iter().enumerate() {
        let (status, refused) = app
            .anonymous()
            .post(
                "/api/v1/signup",
                body(&format!("r{i}@worker.test"), country),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(problem_paths(&refused), ["/country"]);
        assert_eq!(refused["errors"][0]["message"], *message, "{refused}");
    }
    // A lower-case code is the same code.
    let (status, account) = app
        .anonymous()
        .post("/api/v1/signup", body("rivo@worker.test", " mg "))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{account}");
    assert_eq!(account["country"], "MG");
}
