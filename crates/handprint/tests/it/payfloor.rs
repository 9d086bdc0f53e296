//! The pay floor on measured time: when approved work takes twice the estimate,
//! every paid answer is topped up to the floor from escrow, the reward of the rest
//! is raised, the requester is told why — or the project pauses until funded.

use crate::money::{answer, assert_books_balance, balance};
use crate::support::{Client, TestApp};
use handprint_server::jobs;
use reqwest::StatusCode;
use serde_json::json;

/// 10 items at 0.10 for an estimated 30 s (exactly 12.00/h); three workers each
/// answer two, taking 60 s each, and all six answers are approved.
pub async fn twice_the_estimate(
    app: &TestApp,
    extra_funds: Option<&str>,
) -> (Client, Vec<Client>, String, Vec<String>) {
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(
            10,
            json!({"answers_per_task": 1, "reward": "0.10", "estimated_seconds": 30}),
        )
        .await;
    if let Some(amount) = extra_funds {
        requester.fund(amount).await;
    }
    let mut workers = Vec::new();
    let mut ids = Vec::new();
    for name in ["rivo", "meera", "ana"] {
        let worker = app.worker(name).await;
        for _ in 0..2 {
            ids.push(answer(app, &worker, &project, json!("pos"), 60).await);
        }
        workers.push(worker);
    }
    let (status, body) = requester
        .post("/api/v1/reviews", json!({"approve": ids}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (requester, workers, project, ids)
}

#[tokio::test]
async fn when_the_median_measured_time_is_twice_the_estimate_every_worker_ends_at_the_floor() {
    let app = TestApp::spawn().await;
    let (requester, workers, project, ids) = twice_the_estimate(&app, Some("5.00")).await;
    let escrow_before = balance(&requester).await["organization"]["escrow"].clone();
    assert_eq!(escrow_before, "0.69", "4 open slots × 0.11 + 0.25 reserve");

    jobs::run_once(&app.state).await;

    for id in &ids {
        let (_, review) = requester
            .get(&format!("/api/v1/assignments/{id}/review"))
            .await;
        assert_eq!(
            (review["paid"].as_str(), review["topped_up"].as_str()),
            (Some("0.10"), Some("0.10")),
            "{review}"
        );
    }
    for worker in &workers {
        // Two answers of 60 s each paid 0.40 in all: 12.00 per hour.
        assert_eq!(balance(worker).await["worker"]["available"], "0.40");
        let (_, statement) = worker.get("/api/v1/statement").await;
        let topups: Vec<_> = statement["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .filter(|l| l["reason"] == "topup")
            .collect();
        assert_eq!(topups.len(), 2, "{statement}");
        assert!(
            topups[0]["memo"]
                .as_str()
                .unwrap_or("")
                .contains("median of 60 s"),
            "{statement}"
        );
    }
    let (_, view) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(
        (view["reward"].as_str(), view["state"].as_str()),
        (Some("0.20"), Some("active")),
        "the remaining work pays the floor: {view}"
    );
    let (_, notices) = requester
        .get(&format!("/api/v1/projects/{project}/notices"))
        .await;
    let told = notices[0]["message"].as_str().unwrap_or("");
    assert!(
        told.contains("median of 60 s") && told.contains("raised from 0.10 to 0.20"),
        "the requester is told why: {notices}"
    );
    // Paid from the project's escrow: the reserve first, then more escrowed from the organisation.
    let (_, statement) = requester.get("/api/v1/statement").await;
    let lines = statement["lines"].as_array().expect("lines");
    let from_escrow: Vec<_> = lines.iter().filter(|l| l["reason"] == "topup").collect();
    assert_eq!(from_escrow.len(), 6, "{statement}");
    assert!(
        from_escrow
            .iter()
            .all(|l| l["account"] == "escrow" && l["amount"] == "-0.11"),
        "{statement}"
    );
    let b = balance(&requester).await;
    // 4 open slots now cost 0.22 each; the reserve is spent.
    assert_eq!(b["organization"]["escrow"], "0.88", "{b}");
    assert_eq!(
        b["organization"]["available"], "4.15",
        "5.00 less the 0.85 the reserve did not cover: {b}"
    );

    // The next answer is paid the raised reward, and nothing is topped up twice.
    let late = app.worker("late").await;
    let a = answer(&app, &late, &project, json!("neg"), 60).await;
    requester
        .post_empty(&format!("/api/v1/assignments/{a}/approve"))
        .await;
    jobs::run_once(&app.state).await;
    assert_eq!(balance(&late).await["worker"]["available"], "0.20");
    assert_eq!(balance(&workers[0]).await["worker"]["available"], "0.40");
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn when_escrow_cannot_cover_the_top_ups_the_project_pauses_until_funded() {
    let app = TestApp::spawn().await;
    let (requester, workers, project, _) = twice_the_estimate(&app, None).await;
    jobs::run_once(&app.state).await;
    let (_, view) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(
        (view["state"].as_str(), view["paused_reason"].as_str()),
        (Some("paused"), Some("pay_floor")),
        "{view}"
    );
    let (_, notices) = requester
        .get(&format!("/api/v1/projects/{project}/notices"))
        .await;
    assert!(
        notices[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("0.85 more"),
        "{notices}"
    );
    let (status, _) = workers[0]
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "no new work while paused");

    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{project}/resume"))
        .await;
    assert_eq!(
        (status, body["missing"].as_str()),
        (StatusCode::PAYMENT_REQUIRED, Some("0.85")),
        "{body}"
    );
    requester.fund("0.85").await;
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{project}/resume"))
        .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("active")),
        "{body}"
    );
    for worker in &workers {
        assert_eq!(balance(worker).await["worker"]["available"], "0.40");
    }
    assert_books_balance(&app).await;
}
