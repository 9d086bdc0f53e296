//! Leases, submissions, returns, expiry and results.

use crate::support::{TestApp, problem_paths};
use handprint_server::jobs;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn next(worker: &crate::support::Client, project: &str) -> (StatusCode, Value) {
    worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await
}

#[tokio::test]
async fn the_whole_flow_from_publishing_to_downloading_every_answer() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 2}))
        .await;
    let workers = [
        app.worker("w1").await,
        app.worker("w2").await,
        app.worker("w3").await,
    ];

    let (status, lease) = next(&workers[0], &project).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(
        lease["project"]["purpose"],
        "Train a review classifier for a small bookshop's search page."
    );
    assert_eq!(
        lease["project"]["requester"]["name"],
        "Org of ana@requester.test"
    );
    assert_eq!(lease["project"]["reward"], "0.10");
    assert_eq!(lease["project"]["template"]["kind"], "single_choice");
    assert!(lease["project"]["template"]["answer_schema"].is_object());
    assert!(lease["task"]["data"]["text"].is_string());

    let mut submitted = 0;
    for (i, worker) in workers.iter().enumerate() {
        loop {
            let (status, lease) = next(worker, &project).await;
            if status == StatusCode::NO_CONTENT {
                break;
            }
            app.clock.advance_seconds(15 + i as i64);
            let id = lease["assignment_id"].as_str().expect("assignment");
            let (status, a) = worker
                .post(
                    &format!("/api/v1/assignments/{id}/submit"),
                    json!({"answer": "pos"}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{a}");
            assert_eq!(a["state"], "submitted");
            submitted += 1;
        }
    }
    assert_eq!(submitted, 4, "2 items × 2 answers");

    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(progress["tasks"], 2);
    assert_eq!(progress["tasks_complete"], 2);
    assert_eq!(progress["answers"], 4);
    assert_eq!(progress["live_leases"], 0);
    assert_eq!(progress["completion"], 1.0);

    let (status, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("jsonl row"))
        .collect();
    assert_eq!(rows.len(), 4);
    let field = |name: &str| -> Vec<String> {
        let mut v: Vec<String> = rows.iter().map(|r| r[name].to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(field("answer"), ["\"pos\""; 4]);
    // Measured from lease to submit: the first worker held each lease 15 s, the second 16 s.
    assert_eq!(field("seconds"), ["15.0", "15.0", "16.0", "16.0"]);
    assert_eq!(
        field("external_id"),
        ["\"item-0\"", "\"item-0\"", "\"item-1\"", "\"item-1\""]
    );
    let workers_seen = field("worker");
    assert_eq!(workers_seen[0], workers_seen[1]);
    assert_eq!(workers_seen[2], workers_seen[3]);
    assert_ne!(workers_seen[0], workers_seen[2]);
    assert!(
        workers_seen.iter().all(|w| w.starts_with("\"w-")),
        "{workers_seen:?}"
    );
    assert!(!jsonl.contains("worker.test"), "no emails in exports");
    let (status, csv) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=csv"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader
            .headers()
            .expect("a header")
            .iter()
            .collect::<Vec<_>>(),
        [
            "assignment_id",
            "task_id",
            "external_id",
            "worker",
            "answer",
            "seconds",
            "leased_at",
            "submitted_at",
            "review_state",
            "rejection_reason",
            "item.text"
        ]
    );
    let mut cells: Vec<(String, String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV row");
            assert_eq!(r.len(), 11, "{r:?}");
            (
                r[10].to_string(),
                r[4].to_string(),
                r[5].to_string(),
                r[8].to_string(),
            )
        })
        .collect();
    cells.sort();
    let row = |text: &str, seconds: &str| {
        (
            text.to_string(),
            "pos".to_string(),
            seconds.to_string(),
            "pending".to_string(),
        )
    };
    assert_eq!(
        cells,
        [
            row("review 0", "15"),
            row("review 0", "16"),
            row("review 1", "15"),
            row("review 1", "16")
        ]
    );
    assert_eq!(
        requester
            .get(&format!("/api/v1/projects/{project}/answers?format=xml"))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn pseudonyms_are_stable_within_a_project_and_differ_between_projects() {
    let app = TestApp::spawn().await;
    let requester = app.requester("bea").await;
    let p1 = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let p2 = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("solo").await;
    for project in [&p1, &p1, &p2] {
        let (_, lease) = next(&worker, project).await;
        let id = lease["assignment_id"].as_str().expect("lease");
        worker
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": "neg"}),
            )
            .await;
    }
    let names = |text: String| -> Vec<String> {
        text.lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).expect("row")["worker"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let in_p1 = names(
        requester
            .get_text(&format!("/api/v1/projects/{p1}/answers"))
            .await
            .1,
    );
    let in_p2 = names(
        requester
            .get_text(&format!("/api/v1/projects/{p2}/answers"))
            .await
            .1,
    );
    assert_eq!(in_p1.len(), 2);
    assert_eq!(in_p1[0], in_p1[1]);
    assert_ne!(in_p1[0], in_p2[0]);
}

#[tokio::test]
async fn an_answer_that_does_not_fit_the_template_is_refused_with_its_path() {
    let app = TestApp::spawn().await;
    let requester = app.requester("cat").await;
    let project = requester.funded_project(1, json!({})).await;
    let worker = app.worker("dan").await;
    let (_, lease) = next(&worker, &project).await;
    let id = lease["assignment_id"].as_str().expect("lease");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "maybe"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/answer"]);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("pos"),
        "the error lists the options: {body}"
    );
    let (status, _) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a refused answer leaves the lease usable"
    );
}

#[tokio::test]
async fn a_retried_submission_is_counted_once_and_a_different_one_is_refused() {
    let app = TestApp::spawn().await;
    let requester = app.requester("eli").await;
    let project = requester.funded_project(1, json!({})).await;
    let worker = app.worker("fay").await;
    let (_, lease) = next(&worker, &project).await;
    let path = format!(
        "/api/v1/assignments/{}/submit",
        lease["assignment_id"].as_str().expect("lease")
    );
    let body = json!({"answer": "pos", "idempotency_key": "draft-42"});
    let (s1, a1) = worker.post(&path, body.clone()).await;
    let (s2, a2) = worker.post(&path, body).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(a1, a2);
    let (status, _) = worker.post(&path, json!({"answer": "neg"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(progress["answers"], 1);
    // The item's own count of answers moved once, not once per request.
    assert_eq!(items_answers_miscounted(&app, &project).await, (1, 1, 0));
}

#[tokio::test]
async fn a_worker_cannot_submit_or_return_someone_elses_assignment() {
    let app = TestApp::spawn().await;
    let requester = app.requester("gil").await;
    let project = requester.funded_project(1, json!({})).await;
    let owner = app.worker("hal").await;
    let intruder = app.worker("ivy").await;
    let (_, lease) = next(&owner, &project).await;
    let id = lease["assignment_id"].as_str().expect("lease");
    let (status, _) = intruder
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        intruder
            .post_empty(&format!("/api/v1/assignments/{id}/return"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        intruder.get(&format!("/api/v1/assignments/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        requester.post("/api/v1/work/next", json!({})).await.0,
        StatusCode::FORBIDDEN,
        "requesters do not take work"
    );
    let (status, _) = owner
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_requester_cannot_read_another_organisations_answers() {
    let app = TestApp::spawn().await;
    let owner = app.requester("jan").await;
    let other = app.requester("kai").await;
    let project = owner.funded_project(1, json!({})).await;
    let (status, _) = other
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let worker = app.worker("lou").await;
    assert_eq!(
        worker
            .get_text(&format!("/api/v1/projects/{project}/answers"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn asking_again_while_holding_a_lease_gives_back_the_same_task() {
    let app = TestApp::spawn().await;
    let requester = app.requester("mia").await;
    let project = requester.funded_project(5, json!({})).await;
    let worker = app.worker("noa").await;
    let (status, first) = next(&worker, &project).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, again) = next(&worker, &project).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let id = first["assignment_id"].as_str().expect("a lease");
    assert_eq!(again["assignment_id"].as_str(), Some(id));
    // The new lease is answered from what the claim wrote (on PostgreSQL its take returns
    // it), the one handed back from a read: the two must say the same, field for field.
    assert_eq!(again, first);

    // The same without a named project (a claim in any active project).
    let other = app.worker("ona").await;
    let (status, first) = other.post("/api/v1/work/next", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, again) = other.post("/api/v1/work/next", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again, first);
    assert_eq!(first["project"]["id"].as_str(), Some(project.as_str()));
}

#[tokio::test]
async fn a_returned_task_goes_to_someone_else_and_never_back_to_the_same_worker() {
    let app = TestApp::spawn().await;
    let requester = app.requester("oli").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let first = app.worker("pat").await;
    let second = app.worker("rae").await;
    let (_, lease) = next(&first, &project).await;
    let id = lease["assignment_id"].as_str().expect("lease").to_string();
    assert_eq!(
        next(&second, &project).await.0,
        StatusCode::NO_CONTENT,
        "the only slot is taken"
    );
    let (status, a) = first
        .post_empty(&format!("/api/v1/assignments/{id}/return"))
        .await;
    assert_eq!(
        (status, a["state"].as_str()),
        (StatusCode::OK, Some("returned"))
    );
    assert_eq!(
        first
            .post_empty(&format!("/api/v1/assignments/{id}/return"))
            .await
            .0,
        StatusCode::OK,
        "returning twice is harmless"
    );
    assert_eq!(
        next(&first, &project).await.0,
        StatusCode::NO_CONTENT,
        "a returned item is not offered again to the same worker"
    );
    let (status, lease) = next(&second, &project).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lease["task"]["id"], a["task_id"]);
    let (status, _) = first
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a returned task cannot be submitted"
    );
}

#[tokio::test]
async fn an_expired_lease_frees_its_slot_but_a_late_answer_within_the_grace_period_counts() {
    let app = TestApp::spawn().await;
    let requester = app.requester("sia").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1, "lease_seconds": 60}))
        .await;
    let slow = app.worker("tim").await;
    let other = app.worker("ula").await;
    let (_, lease) = next(&slow, &project).await;
    let id = lease["assignment_id"].as_str().expect("lease").to_string();

    app.clock.advance_seconds(61);
    jobs::run_once(&app.state).await;
    let (status, taken) = next(&other, &project).await;
    assert_eq!(status, StatusCode::OK, "the expired slot is offered again");

    // The cut connection comes back 5 minutes later: within the 10-minute grace period.
    app.clock.advance_seconds(300);
    let (status, a) = slow
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert!(a["seconds"].as_f64().unwrap_or(0.0) >= 361.0);

    let late_id = taken["assignment_id"].as_str().expect("lease");
    app.clock.advance_seconds(60 + 600 + 1);
    let (status, body) = other
        .post(
            &format!("/api/v1/assignments/{late_id}/submit"),
            json!({"answer": "neg"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "past the grace period: {body}"
    );
    assert!(
        body["detail"]
            .as_str()
            .unwrap_or("")
            .contains("grace period")
    );

    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(progress["answers"], 1);
    // The item's own count of answers moved once, not once per request.
    assert_eq!(items_answers_miscounted(&app, &project).await, (1, 1, 0));
}

#[tokio::test]
async fn a_paused_project_offers_no_new_work_but_live_leases_can_still_be_submitted() {
    let app = TestApp::spawn().await;
    let requester = app.requester("vin").await;
    let project = requester.funded_project(3, json!({})).await;
    let worker = app.worker("wes").await;
    let (_, lease) = next(&worker, &project).await;
    requester
        .post_empty(&format!("/api/v1/projects/{project}/pause"))
        .await;
    let newcomer = app.worker("xan").await;
    assert_eq!(next(&newcomer, &project).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        newcomer.post("/api/v1/work/next", json!({})).await.0,
        StatusCode::NO_CONTENT
    );
    let id = lease["assignment_id"].as_str().expect("lease");
    assert_eq!(
        worker
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": "pos"})
            )
            .await
            .0,
        StatusCode::OK
    );
    let (_, mine) = worker.get("/api/v1/assignments").await;
    assert_eq!(mine[0]["state"], "submitted");
}

/// A project's items, answers stored, and items whose count of answers differs from
/// their stored answers, by the store's audit.
async fn items_answers_miscounted(app: &TestApp, project: &str) -> (i64, i64, i64) {
    let project_id = handprint_core::ProjectId::from(project.to_string());
    let audit = app
        .state
        .db
        .answer_audit(&project_id, 1)
        .await
        .expect("the audit");
    (audit.tasks, audit.answers, audit.tasks_miscounted)
}
