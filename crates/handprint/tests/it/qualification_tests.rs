//! Test qualifications (issue 13, item 2): a requester's test with paid test and
//! training items escrowed for its takers; a worker takes it item by item through
//! `work/next {qualification_id}` and the submit route, is paid for every answer, and
//! passes (the qualification is granted and opens the projects asking for it) or fails
//! (a cooldown starts, logged as a decision with its inputs).

use crate::support::{Client, TestApp, operator_at, problem_paths, sentiment_project};
use handprint_core::clock::to_rfc3339;
use handprint_core::{Clock, UserId};
use reqwest::StatusCode;
use serde_json::{Value, json};

const EXPLANATION: &str = "\"Would not buy again\" is a complaint: the review is negative.";

/// A test of the requester's organisation with these terms over the sentiment
/// template; its id.
async fn test_of(requester: &Client, pass_score: i64, max_takers: i64) -> String {
    let (status, q) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Sentiment reader", "description": "Label four short reviews.",
                "kind": "test", "template": sentiment_project()["template"],
                "pass_score": pass_score, "retake_after_seconds": 3600, "reward": "0.10",
                "estimated_seconds": 20, "max_takers": max_takers}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    assert_eq!(q["kind"], "test");
    assert_eq!(q["reward"], "0.10");
    assert_eq!(q["pass_score"], pass_score);
    assert_eq!(q["test_items"], 0);
    q["id"].as_str().expect("id").to_string()
}

/// Upload items (JSONL) to the test; the status and body.
async fn add_items(requester: &Client, test: &str, rows: &[Value]) -> (StatusCode, Value) {
    let body: String = rows.iter().map(|r| format!("{r}\n")).collect();
    requester
        .upload(
            &format!("/api/v1/qualifications/{test}/items"),
            "application/x-ndjson",
            body,
        )
        .await
}

/// One training item, then test items whose known answers are `known`.
fn items(known: &[&str]) -> Vec<Value> {
    let mut rows = vec![
        json!({"external_id": "training-1", "text": "Would not buy again.",
        "known_answer": "neg", "training": true, "explanation": EXPLANATION}),
    ];
    rows.extend(known.iter().enumerate().map(|(i, k)| {
        json!({"external_id": format!("test-{i}"), "text": format!("review {i}"), "known_answer": k})
    }));
    rows
}

async fn next_item(worker: &Client, test: &str) -> (StatusCode, Value) {
    worker
        .post("/api/v1/work/next", json!({"qualification_id": test}))
        .await
}

/// Lease the next item and answer it; the submit response.
async fn answer_next(worker: &Client, test: &str, answer: &str) -> Value {
    let (status, lease) = next_item(worker, test).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let id = lease["assignment_id"].as_str().expect("an id");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": answer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn user_id(client: &Client) -> UserId {
    let (status, me) = client.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    UserId::from(me["id"].as_str().expect("an id"))
}

async fn ledger_problems(app: &TestApp) -> Value {
    let operator = operator_at(&app.base).await;
    let (status, check) = operator.get("/api/v1/operator/ledger").await;
    assert_eq!(status, StatusCode::OK, "{check}");
    check["problems"].clone()
}

#[tokio::test]
async fn a_passed_test_pays_every_item_and_opens_the_projects_that_require_it() {
    let app = TestApp::spawn().await;
    let requester = app.requester("tests-pass").await;
    let test = test_of(&requester, 60, 2).await;
    let rows = items(&["pos", "neg", "pos"]);

    // 4 items x 2 takers = 8 answers of 0.10 + 0.01 fee: 0.88, and nothing is stored without it.
    let (status, refused) = add_items(&requester, &test, &rows).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{refused}");
    assert_eq!(refused["missing"], "0.88", "{refused}");
    let (_, q) = requester
        .get(&format!("/api/v1/qualifications/{test}"))
        .await;
    assert_eq!(
        (q["test_items"].clone(), q["training_items"].clone()),
        (json!(0), json!(0))
    );
    requester.fund("0.88").await;
    let (status, added) = add_items(&requester, &test, &rows).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(
        added,
        json!({"created": 4, "skipped": 0, "escrowed": "0.88"})
    );

    let project = requester
        .funded_project(
            1,
            json!({"eligibility": {"qualifications": [{"id": test, "min_score": 60}]}}),
        )
        .await;
    let worker = app.worker("tests-pass").await;
    let (status, _) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // What would qualify them: the test, its items and their pay.
    let (_, why) = worker
        .get(&format!("/api/v1/projects/{project}/eligibility"))
        .await;
    assert_eq!(why["reasons"][0]["code"], "why-qualification-test", "{why}");
    assert_eq!(
        why["reasons"][0]["message"],
        "Asks for the qualification \"Sentiment reader\" (score 60 or more), which you do not hold. Take its test: 4 items, each paid 0.10."
    );
    // The find-work card says so too, with a link to the test.
    let s =
        crate::web_money::Session::sign_in(&app, "tests-pass@worker.test", "correct horse battery")
            .await;
    let (_, html) = s.get("/work").await;
    assert!(
        html.contains("Take its test: 4 items, each paid 0.10. <a href=\"/qualifications\" class=\"act\">Go there</a>"),
        "{html}"
    );

    let (status, open) = worker.get("/api/v1/qualifications/available").await;
    assert_eq!(status, StatusCode::OK, "{open}");
    assert_eq!(
        open,
        json!([{"id": test, "name": "Sentiment reader", "description": "Label four short reviews.",
            "status": "available", "retake_at": null, "reward": "0.10", "currency": "USD",
            "items": 4, "training_items": 1, "pass_score": 60, "estimated_seconds": 20,
            "total_seconds": 80, "total_pay": "0.40", "answered": 0}])
    );

    // The training item comes first; answered wrong, it shows the answer and never counts.
    let (status, lease) = next_item(&worker, &test).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["training"], true);
    assert_eq!(
        (lease["item"].clone(), lease["items"].clone()),
        (json!(1), json!(4))
    );
    assert_eq!(
        lease["task"]["data"],
        json!({"text": "Would not buy again."})
    );
    assert!(
        lease["task"]["data"].get("known_answer").is_none(),
        "{lease}"
    );
    let id = lease["assignment_id"].as_str().expect("an id");
    let (status, trained) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{trained}");
    assert_eq!(trained["training"], true);
    assert_eq!(trained["correct_answer"], "neg");
    assert_eq!(trained["explanation"], EXPLANATION);
    assert_eq!(trained["paid"], "0.10");
    assert_eq!(trained["result"], Value::Null);

    // Two of the three test items right: 66 %, over the pass score of 60.
    let first = answer_next(&worker, &test, "pos").await;
    assert_eq!(
        (first["training"].clone(), first["correct_answer"].clone()),
        (json!(false), Value::Null)
    );
    answer_next(&worker, &test, "pos").await;
    let last = answer_next(&worker, &test, "pos").await;
    assert_eq!(
        last["result"],
        json!({"score": 66, "pass_score": 60, "passed": true, "items": 3, "correct": 2, "retake_at": null})
    );
    assert_eq!(next_item(&worker, &test).await.0, StatusCode::CONFLICT);

    let (_, balance) = worker.get("/api/v1/balance").await;
    assert_eq!(balance["worker"]["available"], "0.40", "{balance}");
    assert_eq!(balance["worker"]["earned"], "0.40", "{balance}");
    let (_, mine) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(mine["qualifications"][0]["score"], 66, "{mine}");
    assert_eq!(mine["history"][0]["action"], "granted", "{mine}");
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let (_, open) = worker.get("/api/v1/qualifications/available").await;
    assert_eq!(open, json!([]));

    let decisions = app
        .state
        .db
        .decisions_of_worker(&user_id(&worker).await)
        .await
        .expect("decisions");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].kind.as_str(), "qualification_granted");
    assert_eq!(decisions[0].effect_until, None);

    // The requester sees the taker and the pass rate; 4 answers of the 8 paid are left in escrow.
    let (_, q) = requester
        .get(&format!("/api/v1/qualifications/{test}"))
        .await;
    assert_eq!(
        (
            q["takers"].clone(),
            q["attempts_passed"].clone(),
            q["pass_rate"].clone(),
            q["escrow"].clone()
        ),
        (json!(1), json!(1), json!(100), json!("0.44"))
    );
    assert_eq!(ledger_problems(&app).await, json!([]));
    // Closing returns them.
    let (status, closed) = requester
        .patch(
            &format!("/api/v1/qualifications/{test}"),
            json!({"closed": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["escrow"], "0.00");
    let (_, org) = requester.get("/api/v1/balance").await;
    assert_eq!(org["organization"]["fees"], "0.04", "{org}");
    assert_eq!(ledger_problems(&app).await, json!([]));
}

#[tokio::test]
async fn a_failed_test_starts_a_cooldown_logged_with_its_inputs() {
    let app = TestApp::spawn().await;
    let requester = app.requester("tests-fail").await;
    let test = test_of(&requester, 100, 2).await;
    requester.fund("10.00").await;
    let (status, added) = add_items(&requester, &test, &items(&["pos", "neg"])).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    let worker = app.worker("tests-fail").await;
    answer_next(&worker, &test, "neg").await;
    answer_next(&worker, &test, "pos").await;
    let failed_at = app.clock.now();
    let last = answer_next(&worker, &test, "pos").await;
    let retake_at = to_rfc3339(failed_at + 3600 * 1_000_000);
    assert_eq!(
        last["result"],
        json!({"score": 50, "pass_score": 100, "passed": false, "items": 2, "correct": 1, "retake_at": retake_at})
    );

    let (status, refused) = next_item(&worker, &test).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert!(
        refused["detail"]
            .as_str()
            .unwrap_or("")
            .contains(&retake_at),
        "{refused}"
    );
    let (_, open) = worker.get("/api/v1/qualifications/available").await;
    assert_eq!(open[0]["status"], "cooldown", "{open}");
    assert_eq!(open[0]["retake_at"], retake_at.as_str(), "{open}");

    let decisions = app
        .state
        .db
        .decisions_of_worker(&user_id(&worker).await)
        .await
        .expect("decisions");
    assert_eq!(decisions.len(), 1);
    let refusal = &decisions[0];
    assert_eq!(refusal.kind.as_str(), "qualification_refused");
    assert_eq!(refusal.rule, "test_score");
    assert_eq!(refusal.effect_until, Some(failed_at + 3600 * 1_000_000));
    let inputs: Value = serde_json::from_str(&refusal.inputs).expect("json inputs");
    assert_eq!(
        (
            inputs["score"].clone(),
            inputs["pass_score"].clone(),
            inputs["items"].clone(),
            inputs["correct"].clone()
        ),
        (json!(50), json!(100), json!(2), json!(1))
    );
    let (_, mine) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(mine["qualifications"], json!([]));

    // A second before the end of the cooldown: still refused; at its end, a new taking.
    app.clock.advance_seconds(3599);
    assert_eq!(next_item(&worker, &test).await.0, StatusCode::CONFLICT);
    app.clock.advance_seconds(1);
    let (status, lease) = next_item(&worker, &test).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(
        (lease["item"].clone(), lease["training"].clone()),
        (json!(1), json!(true))
    );
    let (_, balance) = worker.get("/api/v1/balance").await;
    assert_eq!(balance["worker"]["earned"], "0.30", "{balance}");
    assert_eq!(ledger_problems(&app).await, json!([]));
}

#[tokio::test]
async fn a_test_paying_under_the_pay_floor_is_refused_naming_the_reward() {
    let app = TestApp::spawn().await;
    let requester = app.requester("tests-floor").await;
    let (status, body) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Cheap test", "description": "Too cheap.", "kind": "test",
                "template": sentiment_project()["template"], "pass_score": 80,
                "retake_after_seconds": 60, "reward": "0.05", "estimated_seconds": 20,
                "max_takers": 10}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/reward"]);
    let message = body["errors"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("0.07"), "{body}");
    // A manual qualification takes none of a test's fields.
    let (status, body) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Hand", "description": "By hand.", "kind": "manual", "pass_score": 80}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/pass_score"]);
}

#[tokio::test]
async fn test_items_without_a_known_answer_or_an_explanation_are_refused_by_line() {
    let app = TestApp::spawn().await;
    let requester = app.requester("tests-rows").await;
    let test = test_of(&requester, 80, 1).await;
    requester.fund("1.00").await;
    let rows = vec![
        json!({"text": "fine", "known_answer": "pos"}),
        json!({"text": "no answer"}),
        json!({"text": "no explanation", "known_answer": "neg", "training": true}),
    ];
    let (status, body) = add_items(&requester, &test, &rows).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/lines/2", "/lines/3"]);
    let (_, q) = requester
        .get(&format!("/api/v1/qualifications/{test}"))
        .await;
    assert_eq!(q["test_items"], 0);
    let (_, org) = requester.get("/api/v1/balance").await;
    assert_eq!(org["organization"]["available"], "1.00", "{org}");
}

#[tokio::test]
async fn closing_a_test_returns_its_unused_escrow_and_lets_a_taking_in_progress_finish() {
    let app = TestApp::spawn().await;
    let requester = app.requester("tests-close").await;
    let test = test_of(&requester, 50, 3).await;
    requester.fund("1.00").await;
    // 2 items x 3 takers x (0.10 + 0.01 fee) = 0.66.
    let (status, added) = add_items(&requester, &test, &items(&["pos"])).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["escrowed"], "0.66");
    let first = app.worker("tests-close-1").await;
    let (status, _) = next_item(&first, &test).await;
    assert_eq!(status, StatusCode::OK);

    // The taking in progress keeps its 2 items (0.22); the rest (0.44) goes back.
    let (status, closed) = requester
        .patch(
            &format!("/api/v1/qualifications/{test}"),
            json!({"closed": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["escrow"], "0.22");
    assert!(closed["closed_at"].is_string(), "{closed}");
    let (_, org) = requester.get("/api/v1/balance").await;
    assert_eq!(org["organization"]["available"], "0.78", "{org}");
    let (status, again) = requester
        .patch(
            &format!("/api/v1/qualifications/{test}"),
            json!({"closed": false}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    assert_eq!(problem_paths(&again), ["/closed"]);

    let second = app.worker("tests-close-2").await;
    let (status, refused) = next_item(&second, &test).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(
        refused["detail"],
        "This test is closed: it takes no new takers."
    );
    let (_, open) = second.get("/api/v1/qualifications/available").await;
    assert_eq!(open, json!([]));
    let (status, body) = add_items(&requester, &test, &items(&["neg"])).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // The first worker finishes and is paid for both items from what was kept.
    let (_, lease) = next_item(&first, &test).await;
    let id = lease["assignment_id"].as_str().expect("an id");
    let (status, _) = first
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "neg"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let last = answer_next(&first, &test, "pos").await;
    assert_eq!(last["result"]["passed"], true, "{last}");
    let (_, balance) = first.get("/api/v1/balance").await;
    assert_eq!(balance["worker"]["available"], "0.20", "{balance}");
    let (_, q) = requester
        .get(&format!("/api/v1/qualifications/{test}"))
        .await;
    assert_eq!(q["escrow"], "0.00");
    assert_eq!(ledger_problems(&app).await, json!([]));
}
