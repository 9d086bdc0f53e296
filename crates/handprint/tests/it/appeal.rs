//! The whole appeal, end to end through real paths only (issue 13): a project's
//! quality rule restricts a worker who answers its control items wrongly (leased with
//! `work/next` and submitted like any answer), the decision is in the worker's log
//! with its reason in words, the project gives them no work, they ask for a review,
//! and the organisation reverses it — or leaves it past its deadline and the jobs
//! decide it for the worker. Either way the worker gets work from the project again
//! and the public requester record counts the restriction and its reversal.

use crate::support::{Client, TestApp, controls_project};
use handprint_core::clock::{MICROS_PER_SECOND, to_rfc3339};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WHY: &str = "The two controls I missed were ambiguous; please look again.";
const DAY: i64 = 86_400 * MICROS_PER_SECOND;

/// A requester, their organisation and a published project of six control items
/// (known answer "pos"), every lease a control, and the rule under test: under 80 %
/// after two controls restricts the worker for `days`.
async fn project_of_controls(app: &TestApp, name: &str, days: i64) -> (Client, String, String) {
    let requester = app.requester(name).await;
    let rules = json!([{"when": {"control_accuracy_below": {"threshold_percent": 80, "after_controls": 2}},
        "action": {"restrict": {"days": days}}}]);
    let id = controls_project(&requester, 6, json!({"quality_rules": rules})).await;
    let org = requester.organization_id().await;
    (requester, org, id)
}

async fn next(worker: &Client, project: &str) -> (StatusCode, Value) {
    worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await
}

/// Lease the next item of `project` and answer it.
async fn answer_next(worker: &Client, project: &str, answer: &str) {
    let (status, lease) = next(worker, project).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let id = lease["assignment_id"].as_str().expect("an assignment");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": answer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The worker answers two controls wrongly; the one decision in their log, which
/// says why in words, and the project gives them nothing more.
async fn restricted(worker: &Client, project: &str) -> Value {
    answer_next(worker, project, "neg").await;
    answer_next(worker, project, "neg").await;
    let (status, body) = next(worker, project).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "restricted: {body}");
    let (status, mine) = worker.get("/api/v1/me/decisions").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    let mine = mine.as_array().expect("a list").clone();
    assert_eq!(mine.len(), 1, "{mine:?}");
    let d = mine[0].clone();
    assert_eq!(d["kind"], "restricted");
    assert_eq!(d["rule"], "control_accuracy_below");
    assert_eq!(d["reason"], "control_accuracy");
    assert_eq!(d["project_id"], project);
    assert_eq!(
        d["inputs"],
        json!({"controls_answered": 2, "controls_correct": 0, "threshold_percent": 80, "after_controls": 2})
    );
    assert_eq!(
        d["reason_text"],
        "Control items: 0 right out of 2; this project's rule asks for at least 80% once 2 are answered."
    );
    assert_eq!(d["state"], "in_effect");
    d
}

async fn ask_review(worker: &Client, id: &str) -> Value {
    let (status, d) = worker
        .post(
            &format!("/api/v1/decisions/{id}/review"),
            json!({"message": WHY}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["state"], "review_requested");
    d
}

/// The public record of `org`, a minute later (it is cached for one).
async fn record_counts(app: &TestApp, org: &str) -> (Value, Value) {
    app.clock.advance_seconds(61);
    let (status, r) = app
        .anonymous()
        .get(&format!("/api/v1/organizations/{org}/record"))
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    (
        r["restrictions_made"].clone(),
        r["restrictions_reversed_on_review"].clone(),
    )
}

#[tokio::test]
async fn a_worker_restricted_by_a_rule_appeals_and_the_organisation_reverses_it() {
    let app = TestApp::spawn().await;
    let (requester, org, project) = project_of_controls(&app, "ap-r", 7).await;
    let worker = app.worker("ap-w").await;
    let d = restricted(&worker, &project).await;
    let id = d["id"].as_str().expect("an id");
    assert_eq!(d["at"], to_rfc3339(app.state.now()).as_str());
    assert_eq!(
        d["effect_until"],
        to_rfc3339(app.state.now() + 7 * DAY).as_str()
    );
    assert_eq!(record_counts(&app, &org).await, (json!(1), json!(0)));

    ask_review(&worker, id).await;
    let (status, listed) = requester
        .get("/api/v1/decisions?state=review_requested")
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["decisions"][0]["id"], id);
    assert_eq!(listed["decisions"][0]["review_message"], WHY);
    let answer = "Both controls had two defensible answers; the restriction is lifted.";
    let (status, resolved) = requester
        .post(
            &format!("/api/v1/decisions/{id}/resolve"),
            json!({"outcome": "reversed", "message": answer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{resolved}");

    let (_, mine) = worker.get("/api/v1/me/decisions").await;
    assert_eq!(mine[0]["state"], "reversed");
    assert_eq!(mine[0]["resolution_message"], answer);
    assert_eq!(mine[0]["resolved_automatically"], false);
    assert_eq!(
        mine[0]["undone_text"],
        "The restriction is lifted: you may work on the project again."
    );
    // The reversed decision's evidence no longer counts: one right control since
    // then is all the rule weighs, so it does not restrict the worker anew.
    answer_next(&worker, &project, "pos").await;
    let (status, lease) = next(&worker, &project).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let (_, mine) = worker.get("/api/v1/me/decisions").await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1), "{mine}");
    assert_eq!(record_counts(&app, &org).await, (json!(1), json!(1)));
}

#[tokio::test]
async fn a_review_left_past_its_deadline_is_decided_for_the_worker_who_works_again() {
    let app = TestApp::spawn().await;
    let (requester, org, project) = project_of_controls(&app, "apo-r", 30).await;
    let worker = app.worker("apo-w").await;
    let d = restricted(&worker, &project).await;
    let id = d["id"].as_str().expect("an id");
    assert_eq!(
        d["effect_until"],
        to_rfc3339(app.state.now() + 30 * DAY).as_str()
    );
    let asked = ask_review(&worker, id).await;
    let due = app.state.now() + 7 * DAY;
    assert_eq!(asked["review_due_at"], to_rfc3339(due).as_str());

    // A second before the deadline nothing changes, and the restriction holds.
    app.clock.set(due - MICROS_PER_SECOND);
    handprint_server::jobs::run_once(&app.state).await;
    let (_, mine) = worker.get("/api/v1/me/decisions").await;
    assert_eq!(mine[0]["state"], "review_requested");
    assert_eq!(next(&worker, &project).await.0, StatusCode::NO_CONTENT);

    app.clock.set(due + MICROS_PER_SECOND);
    handprint_server::jobs::run_once(&app.state).await;
    let (_, mine) = worker.get("/api/v1/me/decisions").await;
    assert_eq!(mine[0]["state"], "reversed");
    assert_eq!(mine[0]["resolved_automatically"], true);
    assert_eq!(
        mine[0]["resolved_at"],
        to_rfc3339(due + MICROS_PER_SECOND).as_str()
    );
    assert_eq!(
        mine[0]["resolution_message"],
        "Nobody reviewed this decision within the deadline, so it was decided for you: the decision is reversed."
    );
    // Twenty-three days before the restriction would have ended, work comes again.
    answer_next(&worker, &project, "pos").await;
    let (status, _) = requester
        .post(
            &format!("/api/v1/decisions/{id}/resolve"),
            json!({"outcome": "upheld", "message": "Late."}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(record_counts(&app, &org).await, (json!(1), json!(1)));
}

/// The worker's data export in `lang`, parsed.
async fn exported(worker: &Client, lang: &str) -> Value {
    let (status, doc) = worker
        .send(
            worker
                .http
                .get(format!("{}/api/v1/me/export", worker.base))
                .header("accept-language", lang),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    doc
}

#[tokio::test]
async fn the_workers_data_export_holds_every_decision_with_its_reason_review_and_answer() {
    let app = TestApp::spawn().await;
    let (requester, org, project) = project_of_controls(&app, "apx-r", 7).await;
    let worker = app.worker("apx-w").await;
    assert_eq!(exported(&worker, "en").await["decisions"], json!([]));
    let d = restricted(&worker, &project).await;
    let id = d["id"].as_str().expect("an id").to_string();
    let at = app.state.now();
    app.clock.advance_seconds(60);
    ask_review(&worker, &id).await;
    app.clock.advance_seconds(3600);
    let answer = "Both controls had two defensible answers; the restriction is lifted.";
    let (status, _) = requester
        .post(
            &format!("/api/v1/decisions/{id}/resolve"),
            json!({"outcome": "reversed", "message": answer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, p) = requester.get(&format!("/api/v1/projects/{project}")).await;
    let expected = |reason_text: &str, undone_text: &str| {
        json!([{
            "id": id, "kind": "restricted", "rule": "control_accuracy_below",
            "inputs": {"controls_answered": 2, "controls_correct": 0, "threshold_percent": 80, "after_controls": 2},
            "reason": "control_accuracy", "reason_text": reason_text,
            "project_id": project, "project_title": p["title"],
            "qualification_id": null, "qualification_name": null,
            "organization_id": org, "organization_name": "Org of apx-r@requester.test",
            "at": to_rfc3339(at), "effect_until": to_rfc3339(at + 7 * DAY),
            "state": "reversed", "review_message": WHY,
            "review_requested_at": to_rfc3339(at + 60 * MICROS_PER_SECOND),
            "review_due_at": to_rfc3339(at + 60 * MICROS_PER_SECOND + 7 * DAY),
            "resolution_message": answer,
            "resolved_at": to_rfc3339(at + 3660 * MICROS_PER_SECOND),
            "resolved_automatically": false, "undone_text": undone_text,
        }])
    };
    assert_eq!(
        exported(&worker, "en").await["decisions"],
        expected(
            "Control items: 0 right out of 2; this project's rule asks for at least 80% once 2 are answered.",
            "The restriction is lifted: you may work on the project again."
        )
    );
    assert_eq!(
        exported(&worker, "fr").await["decisions"],
        expected(
            "Items de contrôle : 0 justes sur 2 ; la règle de ce projet demande au moins 80 % une fois 2 contrôles répondus.",
            "La restriction est levée : vous pouvez de nouveau travailler sur le projet."
        )
    );
    // Nothing of the decision is in the requester's own export.
    let text = exported(&requester, "en").await.to_string();
    assert!(!text.contains(&id), "{text}");
}
