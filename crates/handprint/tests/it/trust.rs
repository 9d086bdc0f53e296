//! Trust and safety decided by people (issue 16): requester verification on the public
//! record, workers' reports in the operators' queue, takedowns that pay done work,
//! suspensions that need an operator and a reason, and appeals decided by another operator.

use crate::money::{answer, assert_books_balance, balance};
use crate::support::{Client, T0, TestApp, http_client};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A second operator of `app` (the support keeps one per server), created in the store
/// as the CLI does, with an API key.
pub async fn another_operator(app: &TestApp, name: &str) -> Client {
    let email = format!("{name}@operator.test");
    let password = "operator password";
    let hash = handprint_server::auth::hash_password(password.into())
        .await
        .expect("hash");
    app.state
        .db
        .create_user(
            handprint_store::accounts::NewUser {
                email: &email,
                password_hash: &hash,
                name,
                role: handprint_core::account::Role::Operator,
                country: "",
                organization: None,
            },
            T0,
        )
        .await
        .expect("create operator");
    let http = http_client();
    let r = http
        .post(format!("{}/api/v1/api-keys", app.base))
        .basic_auth(&email, Some(password))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.expect("json");
    Client {
        base: app.base.clone(),
        http,
        key: v["key"].as_str().map(str::to_string),
    }
}

async fn user_id(client: &Client) -> String {
    let (status, me) = client.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    me["id"].as_str().expect("id").to_string()
}

/// The actions of the trust log, oldest first, with their reasons.
async fn log_actions(operator: &Client) -> Vec<(String, String)> {
    let (status, log) = operator.get("/api/v1/operator/trust-log").await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let mut acts: Vec<(String, String)> = log
        .as_array()
        .expect("a list")
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap_or("").to_string(),
                l["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    acts.reverse();
    acts
}

#[tokio::test]
async fn a_verification_is_an_operators_record_of_what_was_checked_shown_on_the_public_record() {
    let app = TestApp::spawn().await;
    let requester = app.requester("vera").await;
    let org = requester.organization_id().await;
    let path = format!("/api/v1/operator/organizations/{org}/verification");
    let record = format!("/api/v1/organizations/{org}/record");
    let (_, before) = app.anonymous().get(&record).await;
    assert_eq!(before["verification"], Value::Null, "{before}");

    let worker = app.worker("wes").await;
    let (status, body) = worker.post(&path, json!({"checks": ["identity"]})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("err-role-needed"))
    );

    let operator = app.operator().await;
    let (status, body) = operator.post(&path, json!({"checks": [" ", ""]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["path"], "/checks", "{body}");

    let (status, body) = operator
        .post(
            &path,
            json!({"checks": ["identity of the signatory", " company registry entry "]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, after) = app.anonymous().get(&record).await;
    assert_eq!(
        after["verification"]["checks"],
        json!(["identity of the signatory", "company registry entry"]),
        "{after}"
    );
    assert_eq!(after["verification"]["verified_by"], "Operator");
    assert_eq!(after["verification"]["verified_at"], "2026-01-01T00:00:00Z");

    let revoke = format!("{path}/revoke");
    let (status, body) = operator.post(&revoke, json!({"reason": "  "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["errors"][0]["code"], "err-trust-reason-missing",
        "{body}"
    );
    let (status, _) = operator
        .post(
            &revoke,
            json!({"reason": "the registry entry was struck off"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, revoked) = app.anonymous().get(&record).await;
    assert_eq!(revoked["verification"], Value::Null, "{revoked}");
    let (status, body) = operator.post(&revoke, json!({"reason": "again"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("err-not-verified"))
    );
    let acts = log_actions(&operator).await;
    assert_eq!(
        acts.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        vec!["verify", "revoke_verification"]
    );
    assert_eq!(acts[1].1, "the registry entry was struck off");
}

#[tokio::test]
async fn workers_reports_reach_the_operators_queue_and_are_decided_once_with_a_reason() {
    let app = TestApp::spawn().await;
    let requester = app.requester("rex").await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("ria").await;
    let (_, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    let a = lease["assignment_id"]
        .as_str()
        .expect("a lease")
        .to_string();
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{a}/report"),
            json!({"reason": "offensive", "note": "slurs in every item"}),
        )
        .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("returned")),
        "{body}"
    );

    let operator = app.operator().await;
    let (status, queue) = operator.get("/api/v1/operator/reports").await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    let queue = queue.as_array().expect("a list").clone();
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!(queue[0]["project_id"], project.as_str());
    assert_eq!(queue[0]["reason"], "offensive: slurs in every item");
    assert_eq!(queue[0]["state"], "open");
    let id = queue[0]["id"].as_str().expect("id").to_string();
    assert_eq!(
        requester.get("/api/v1/operator/reports").await.0,
        StatusCode::FORBIDDEN
    );

    let decide = format!("/api/v1/operator/reports/{id}/decision");
    let (status, body) = operator
        .post(&decide, json!({"outcome": "ban", "reason": ""}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = operator
        .post(&decide, json!({"outcome": "dismiss", "reason": "the items quote public posts for a hate-speech study, declared as such"}))
        .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("dismissed")),
        "{body}"
    );
    let (status, again) = operator
        .post(
            &decide,
            json!({"outcome": "take_down", "reason": "changed my mind"}),
        )
        .await;
    assert_eq!(
        (status, again["code"].as_str()),
        (StatusCode::CONFLICT, Some("err-report-decided"))
    );
    assert_eq!(operator.get("/api/v1/operator/reports").await.1, json!([]));
    let (_, closed) = operator.get("/api/v1/operator/reports?state=closed").await;
    assert_eq!(
        closed[0]["decision_reason"],
        "the items quote public posts for a hate-speech study, declared as such"
    );
    let (_, p) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(
        p["state"], "active",
        "a dismissed report changes nothing: {p}"
    );
}

#[tokio::test]
async fn a_takedown_pays_submitted_work_releases_leases_and_returns_the_rest_of_the_escrow() {
    let app = TestApp::spawn().await;
    let requester = app.requester("tia").await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    // Exactly funded: 2 × (0.10 + 0.01 fee) + 0.05 reserve.
    assert_eq!(balance(&requester).await["organization"]["escrow"], "0.27");
    let done = app.worker("dan").await;
    let submitted = answer(&app, &done, &project, json!("pos"), 60).await;
    let reporter = app.worker("rae").await;
    let (_, lease) = reporter
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    let reported = lease["assignment_id"]
        .as_str()
        .expect("a lease")
        .to_string();
    reporter
        .post(
            &format!("/api/v1/assignments/{reported}/report"),
            json!({"reason": "offensive", "note": "graphic violence not declared"}),
        )
        .await;
    let holder = app.worker("hal").await;
    let (_, lease) = holder
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    let leased = lease["assignment_id"]
        .as_str()
        .expect("a lease")
        .to_string();

    let operator = app.operator().await;
    let (_, queue) = operator.get("/api/v1/operator/reports").await;
    let report = queue[0]["id"].as_str().expect("the report").to_string();
    let reason = "undeclared graphic violence";
    let (status, body) = operator
        .post(
            &format!("/api/v1/operator/reports/{report}/decision"),
            json!({"outcome": "take_down", "reason": reason}),
        )
        .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("taken_down")),
        "{body}"
    );

    // The done work is paid in full through the approval, the lease is given back.
    let w = balance(&done).await;
    assert_eq!(w["worker"]["available"], "0.10", "{w}");
    let (_, a) = requester
        .get(&format!("/api/v1/assignments/{submitted}/review"))
        .await;
    assert_eq!(a["review_state"], "approved", "{a}");
    let (_, a) = holder.get(&format!("/api/v1/assignments/{leased}")).await;
    assert_eq!(a["state"], "returned", "{a}");
    let (status, _) = holder
        .post(
            &format!("/api/v1/assignments/{leased}/submit"),
            json!({"answer": "neg"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a released lease takes no answer"
    );
    let (status, _) = app
        .worker("new")
        .await
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "no new leases");
    // The requester paid 0.10 + 0.01 fee; the other 0.16 of escrow is theirs again.
    let r = balance(&requester).await;
    assert_eq!(
        (
            r["organization"]["escrow"].as_str(),
            r["organization"]["available"].as_str(),
            r["organization"]["spend"].as_str(),
            r["organization"]["fees"].as_str()
        ),
        (Some("0.00"), Some("0.16"), Some("0.10"), Some("0.01")),
        "{r}"
    );
    let (_, p) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(p["state"], "cancelled", "{p}");
    for worker in [&done, &holder] {
        let (_, seen) = worker.get("/api/v1/me/takedowns").await;
        assert_eq!(seen[0]["reason"], reason, "{seen}");
        assert_eq!(seen[0]["project_id"], project.as_str());
    }
    let (status, body) = operator
        .post(
            &format!("/api/v1/operator/projects/{project}/takedown"),
            json!({"reason": "twice"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("err-takedown-closed"))
    );
    assert_books_balance(&app).await;
    assert_eq!(
        log_actions(&operator).await,
        vec![("take_down".to_string(), reason.to_string())]
    );
}

#[tokio::test]
async fn a_suspension_needs_an_operator_and_a_reason_and_its_appeal_another_operator() {
    let app = TestApp::spawn().await;
    let worker = app.worker("sam").await;
    let id = user_id(&worker).await;
    let path = format!("/api/v1/operator/accounts/{id}/suspension");
    let requester = app.requester("req").await;
    assert_eq!(
        requester.post(&path, json!({"reason": "spam"})).await.0,
        StatusCode::FORBIDDEN
    );
    let first = app.operator().await;
    let (status, body) = first.post(&path, json!({"reason": ""})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["path"], "/reason", "{body}");
    assert_eq!(
        worker.get("/api/v1/me").await.0,
        StatusCode::OK,
        "nothing happened"
    );

    let reason = "three requesters reported copied answers";
    let (status, s) = first.post(&path, json!({"reason": reason})).await;
    assert_eq!(status, StatusCode::CREATED, "{s}");
    let (status, body) = worker.post("/api/v1/work/next", json!({})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("err-account-suspended")),
        "{body}"
    );
    assert!(
        body["detail"].as_str().unwrap_or("").contains(reason),
        "the refusal gives the reason: {body}"
    );
    let (status, own) = worker.get("/api/v1/me/suspension").await;
    assert_eq!(
        (status, own["reason"].as_str()),
        (StatusCode::OK, Some(reason)),
        "{own}"
    );

    let appeal = "/api/v1/me/suspension/appeal";
    assert_eq!(
        worker.post(appeal, json!({"text": " "})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, _) = worker
        .post(
            appeal,
            json!({"text": "I answered alone; my times are in my history"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = worker.post(appeal, json!({"text": "again"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("err-appeal-once"))
    );

    let s = s["id"].as_str().expect("id").to_string();
    let decide = format!("/api/v1/operator/suspensions/{s}/appeal/decision");
    let (status, body) = first
        .post(
            &decide,
            json!({"outcome": "uphold", "reason": "I was right"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("err-appeal-same-operator")),
        "{body}"
    );
    let second = another_operator(&app, "second").await;
    let (_, listed) = second.get("/api/v1/operator/suspensions").await;
    assert_eq!(
        listed[0]["appeal_text"],
        "I answered alone; my times are in my history"
    );
    let (status, body) = second
        .post(
            &decide,
            json!({"outcome": "lift", "reason": "the times are genuine"}),
        )
        .await;
    assert_eq!(
        (status, body["appeal_outcome"].as_str()),
        (StatusCode::OK, Some("lifted")),
        "{body}"
    );
    assert_eq!(worker.get("/api/v1/me").await.0, StatusCode::OK, "lifted");
    assert_eq!(worker.get("/api/v1/me/suspension").await.1, Value::Null);
    assert_eq!(
        second.get("/api/v1/operator/suspensions").await.1,
        json!([])
    );
    assert_eq!(
        log_actions(&second).await,
        vec![
            ("suspend".to_string(), reason.to_string()),
            (
                "appeal".to_string(),
                "I answered alone; my times are in my history".to_string()
            ),
            (
                "lift_suspension".to_string(),
                "the times are genuine".to_string()
            ),
        ]
    );
}

#[tokio::test]
async fn suspending_a_requester_pauses_their_organisations_active_projects() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pia").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let id = user_id(&requester).await;
    let operator = app.operator().await;
    let (status, _) = operator
        .post(
            &format!("/api/v1/operator/accounts/{id}/suspension"),
            json!({"reason": "impersonates a charity"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let row = app
        .state
        .db
        .project(&project.as_str().into())
        .await
        .expect("the project");
    assert_eq!(row.state().as_str(), "paused");
    let (status, body) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("err-account-suspended"))
    );
    let worker = app.worker("wil").await;
    let (status, _) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "a paused project leases nothing"
    );
}

/// The find-work page as the worker with this session cookie reads it.
async fn find_work_page(app: &TestApp, cookie: &str, query: &str) -> String {
    let r = http_client()
        .get(format!("{}/work{query}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.expect("html")
}

#[tokio::test]
async fn find_work_badges_verified_requesters_filters_on_them_and_shows_takedowns() {
    let app = TestApp::spawn().await;
    let verified = app.requester("vetted").await;
    let unverified = app.requester("unknown").await;
    let shown = verified
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let hidden = unverified
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let operator = app.operator().await;
    let org = verified.organization_id().await;
    let (status, _) = operator
        .post(
            &format!("/api/v1/operator/organizations/{org}/verification"),
            json!({"checks": ["charity registry entry"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (cookie, _) = crate::web::sign_up_worker(&app, "ana@worker.test").await;

    let all = find_work_page(&app, &cookie, "").await;
    let card = |html: &str, id: &str| {
        html.split(&format!("id=\"p-{id}\""))
            .nth(1)
            .and_then(|rest| rest.split("</li>").next())
            .map(str::to_string)
    };
    let shown_card = card(&all, &shown).expect("the verified requester's project");
    assert!(shown_card.contains("✓ verified"), "{shown_card}");
    let hidden_card = card(&all, &hidden).expect("the other project, unfiltered");
    assert!(!hidden_card.contains("✓ verified"), "{hidden_card}");
    let filtered = find_work_page(&app, &cookie, "?verified_only=1").await;
    assert!(card(&filtered, &shown).is_some());
    assert!(
        card(&filtered, &hidden).is_none(),
        "only verified requesters"
    );

    // The worker answers the unverified project; it is taken down: /work says why.
    let worker = app
        .key_for("ana@worker.test", "correct horse battery")
        .await;
    answer(&app, &worker, &hidden, json!("pos"), 30).await;
    let (status, _) = operator
        .post(
            &format!("/api/v1/operator/projects/{hidden}/takedown"),
            json!({"reason": "the requester could not be reached"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let after = find_work_page(&app, &cookie, "").await;
    assert!(
        after.contains("was taken down by an operator: the requester could not be reached"),
        "{after}"
    );
}
