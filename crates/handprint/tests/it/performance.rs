//! Performance qualifications (issue 13): held while the worker's control accuracy on
//! the organisation's projects is at least the pass score after the minimum number of
//! control answers; granted and lost by the decision log, and a loss reversed on
//! review gives the grant back. Everything through HTTP: controls are leased with
//! `work/next` and submitted like any answer.

use crate::support::{Client, TestApp, controls_project, problem_paths};
use handprint_core::clock::to_rfc3339;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The scores the worker holds qualifications at: (id, score).
async fn held(worker: &Client) -> Vec<(String, i64)> {
    let (status, mine) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    mine["qualifications"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|q| {
            (
                q["qualification_id"].as_str().unwrap_or("").to_string(),
                q["score"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

/// The requester's performance qualification "Careful": held at 60% once 3 controls
/// are answered; its id.
async fn careful(requester: &Client) -> String {
    let (status, q) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Careful", "description": "Right on controls.", "kind": "performance",
                   "min_controls": 3, "pass_score": 60}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    q["id"].as_str().expect("id").to_string()
}

async fn decisions(worker: &Client) -> Vec<Value> {
    let (status, mine) = worker.get("/api/v1/me/decisions").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    mine.as_array().expect("a list").clone()
}

#[tokio::test]
async fn a_performance_qualification_is_defined_with_its_terms_and_bad_ones_are_named() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pq-def").await;
    let (status, problem) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Careful", "description": "Right on controls.", "kind": "performance",
                   "min_controls": 0, "pass_score": 101, "reward": "0.10"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        ["/reward", "/min_controls", "/pass_score"]
    );
    assert_eq!(
        problem["errors"][1]["message"],
        "must be a whole number from 1 to 1000"
    );
    let (status, problem) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Manual", "description": "By hand.", "kind": "manual", "min_controls": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/min_controls"]);

    let (status, q) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Careful", "description": "Right on controls.", "kind": "performance",
                   "min_controls": 3, "pass_score": 60}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    assert_eq!(q["kind"], "performance");
    assert_eq!(q["min_controls"], 3);
    assert_eq!(q["pass_score"], 60);
    let id = q["id"].as_str().expect("id");
    let path = format!("/api/v1/qualifications/{id}");
    let (status, problem) = requester.patch(&path, json!({"pass_score": -1})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/pass_score"]);
    let (status, q) = requester.patch(&path, json!({"min_controls": 5})).await;
    assert_eq!(status, StatusCode::OK, "{q}");
    assert_eq!(
        (q["min_controls"].clone(), q["pass_score"].clone()),
        (json!(5), json!(60))
    );
}

#[tokio::test]
async fn control_accuracy_grants_a_performance_qualification_and_a_reversed_loss_restores_it() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pq-r").await;
    let qid = careful(&requester).await;
    let project = controls_project(&requester, 8, json!({})).await;
    let worker = app.worker("pq-w").await;

    // Two right controls: not yet counted (three are needed).
    worker.answer_next(&project, "pos").await;
    worker.answer_next(&project, "pos").await;
    assert_eq!(held(&worker).await, []);
    worker.answer_next(&project, "pos").await;
    assert_eq!(held(&worker).await, [(qid.clone(), 100)]);
    let log = decisions(&worker).await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["kind"], "qualification_granted");
    assert_eq!(log[0]["rule"], "performance_score");
    assert_eq!(log[0]["qualification_id"], qid.as_str());
    assert_eq!(
        log[0]["reason_text"],
        "Control items: 3 right out of your latest 3, a score of 100%; this qualification is held at 60% or more once 3 are answered."
    );

    // Wrong answers move the score on the same side: only the grant changes.
    worker.answer_next(&project, "neg").await;
    assert_eq!(held(&worker).await, [(qid.clone(), 75)]);
    worker.answer_next(&project, "neg").await;
    assert_eq!(held(&worker).await, [(qid.clone(), 60)]);
    assert_eq!(decisions(&worker).await.len(), 1);

    // One more: 3 of 6, under 60 %: lost, with what a reversal needs.
    worker.answer_next(&project, "neg").await;
    assert_eq!(held(&worker).await, []);
    let log = decisions(&worker).await;
    assert_eq!(log.len(), 2, "{log:?}");
    let lost = &log[0];
    assert_eq!(lost["kind"], "qualification_lost");
    // The grant taken was made when the qualification was granted.
    let granted_at = lost["inputs"]["granted_at"].as_i64().expect("granted_at");
    assert_eq!(log[1]["at"], to_rfc3339(granted_at).as_str());
    assert_eq!(
        lost["inputs"],
        json!({"controls_answered": 6, "controls_correct": 3, "score": 50, "pass_score": 60,
               "min_controls": 3, "window": 1000, "qualification_id": qid, "previous_score": 60,
               "granted_at": granted_at})
    );
    assert_eq!(
        lost["reason_text"],
        "Control items: 3 right out of your latest 6, a score of 50%; this qualification is held at 60% or more once 3 are answered."
    );
    let (_, fr) = worker
        .send(
            worker
                .http
                .get(format!("{}/api/v1/me/decisions", worker.base))
                .header("accept-language", "fr"),
        )
        .await;
    assert_eq!(
        fr[0]["reason_text"],
        "Items de contrôle : 3 justes sur vos 6 derniers, un score de 50 % ; cette qualification est détenue à partir de 60 % une fois 3 contrôles répondus."
    );

    // The worker asks; the organisation reverses: the grant is back at 60.
    let id = lost["id"].as_str().expect("an id");
    let (status, _) = worker
        .post(
            &format!("/api/v1/decisions/{id}/review"),
            json!({"message": "Those three items had two right answers."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, d) = requester
        .post(
            &format!("/api/v1/decisions/{id}/resolve"),
            json!({"outcome": "reversed", "message": "Agreed: restored."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(held(&worker).await, [(qid.clone(), 60)]);
    // The answers before the reversal no longer count: one more right control is
    // fewer than the three a score needs, and the grant stays as it was restored.
    worker.answer_next(&project, "pos").await;
    assert_eq!(held(&worker).await, [(qid, 60)]);
    assert_eq!(decisions(&worker).await.len(), 2);
}

#[tokio::test]
async fn an_operators_performance_qualification_scores_controls_on_every_organisations_projects() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let (status, q) = operator
        .post(
            "/api/v1/qualifications",
            json!({"name": "Careful anywhere", "description": "Right on controls.",
                   "kind": "performance", "min_controls": 2, "pass_score": 50}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    assert_eq!(q["organization_id"], Value::Null);
    let qid = q["id"].as_str().expect("id").to_string();
    let first = controls_project(&app.requester("pq-op-a").await, 2, json!({})).await;
    let second = controls_project(&app.requester("pq-op-b").await, 2, json!({})).await;
    let worker = app.worker("pq-op-w").await;

    // One right on one organisation's project, one wrong on another's: 1 of 2, 50 %.
    worker.answer_next(&first, "pos").await;
    assert_eq!(held(&worker).await, []);
    worker.answer_next(&second, "neg").await;
    assert_eq!(held(&worker).await, [(qid.clone(), 50)]);
    let log = decisions(&worker).await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["kind"], "qualification_granted");
    assert_eq!(log[0]["organization_id"], Value::Null);
    assert_eq!(log[0]["inputs"]["controls_answered"], 2);
    assert_eq!(log[0]["inputs"]["controls_correct"], 1);
}

#[tokio::test]
async fn only_a_control_answer_rescores_so_changed_terms_apply_from_the_next_one() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pq-terms").await;
    let qid = careful(&requester).await;
    let controls = controls_project(&requester, 3, json!({})).await;
    let ordinary = requester.funded_project(2, json!({})).await;
    let worker = app.worker("pq-terms-w").await;

    worker.answer_next(&controls, "pos").await;
    worker.answer_next(&controls, "pos").await;
    assert_eq!(held(&worker).await, []);
    // Two right controls now count.
    let (status, body) = requester
        .patch(
            &format!("/api/v1/qualifications/{qid}"),
            json!({"min_controls": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // An answer to an ordinary item of the same organisation changes no score.
    worker.answer_next(&ordinary, "pos").await;
    assert_eq!(held(&worker).await, []);
    assert_eq!(decisions(&worker).await.len(), 0);
    // The next control answer is scored under the new terms: 3 of 3.
    worker.answer_next(&controls, "pos").await;
    assert_eq!(held(&worker).await, [(qid, 100)]);
    let log = decisions(&worker).await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["inputs"]["min_controls"], 2);
    assert_eq!(log[0]["inputs"]["controls_answered"], 3);
}
