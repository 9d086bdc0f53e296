//! Money: deposits, escrow at publish and on new items, approval pays at once,
//! releases, fees shown to both sides, payouts, statements and `ledger check`.

use crate::support::{Client, TestApp, db_flags, handprint_command};
use handprint_core::Money;
use handprint_core::ledger::BasisPoints;
use handprint_server::Settings;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Lease the next task of `project` and answer it after `seconds`; returns the assignment id.
pub async fn answer(
    app: &TestApp,
    worker: &Client,
    project: &str,
    answer: Value,
    seconds: i64,
) -> String {
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "next: {lease}");
    let id = lease["assignment_id"]
        .as_str()
        .expect("assignment")
        .to_string();
    app.clock.advance_seconds(seconds);
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": answer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "submit: {body}");
    id
}

/// The ledger's invariants hold.
pub async fn assert_books_balance(app: &TestApp) {
    let report = app.state.db.ledger_check().await.expect("ledger check");
    assert!(
        report.problems.is_empty(),
        "ledger problems: {:#?}",
        report.problems
    );
}

pub async fn balance(client: &Client) -> Value {
    let (status, body) = client.get("/api/v1/balance").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// A draft with `n` items uploaded (not yet published).
async fn draft_with_items(requester: &Client, n: usize, overrides: Value) -> String {
    let id = requester.project(overrides).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let rows: String = (0..n)
        .map(|i| format!("{{\"external_id\":\"i{i}\",\"text\":\"review {i}\"}}\n"))
        .collect();
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            rows,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    id
}

#[tokio::test]
async fn publishing_without_funds_is_refused_with_the_amount_missing() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    // 10 items × 3 answers × (0.10 + 10 % fee) + 25 % of 3.00 as top-up reserve = 3.30 + 0.75.
    let id = draft_with_items(&requester, 10, json!({})).await;
    let publish = format!("/api/v1/projects/{id}/publish");
    let (status, body) = requester.post_empty(&publish).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{body}");
    assert_eq!(body["type"], "/problems/insufficient-funds");
    assert_eq!(body["missing"], "4.05", "{body}");
    assert!(
        body["detail"].as_str().unwrap_or("").contains("4.05"),
        "{body}"
    );
    requester.fund("4.00").await;
    let (status, body) = requester.post_empty(&publish).await;
    assert_eq!(
        (status, body["missing"].as_str()),
        (StatusCode::PAYMENT_REQUIRED, Some("0.05")),
        "{body}"
    );
    requester.fund("0.05").await;
    let (status, body) = requester.post_empty(&publish).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let b = balance(&requester).await;
    assert_eq!(b["organization"]["available"], "0.00", "{b}");
    assert_eq!(b["organization"]["escrow"], "4.05", "{b}");
    assert_eq!(b["organization"]["deposits"], "4.05", "{b}");
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn only_operators_record_deposits_and_a_reference_counts_once() {
    let app = TestApp::spawn().await;
    let requester = app.requester("bo").await;
    let org = requester.organization_id().await;
    let body = json!({"organization_id": org, "amount": "25.00", "reference": "BANK-0001"});
    assert_eq!(
        requester
            .post("/api/v1/operator/deposits", body.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let operator = app.operator().await;
    let (status, first) = operator
        .post("/api/v1/operator/deposits", body.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, again) = operator.post("/api/v1/operator/deposits", body).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (again["created"].as_bool(), &again["transfer_id"]),
        (Some(false), &first["transfer_id"])
    );
    let clash = json!({"organization_id": org, "amount": "30.00", "reference": "BANK-0001"});
    assert_eq!(
        operator.post("/api/v1/operator/deposits", clash).await.0,
        StatusCode::CONFLICT
    );
    let nobody = json!({"organization_id": "nope", "amount": "1.00", "reference": "x"});
    assert_eq!(
        operator.post("/api/v1/operator/deposits", nobody).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let sub_cent = json!({"organization_id": org, "amount": "1.001", "reference": "y"});
    assert_eq!(
        operator.post("/api/v1/operator/deposits", sub_cent).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        balance(&requester).await["organization"]["available"],
        "25.00"
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn operators_list_organisations_with_members_contact_and_balances_others_are_refused() {
    let app = TestApp::spawn().await;
    let busy = app.requester("busy").await;
    busy.fund("20.00").await;
    busy.published_from_balance(2, json!({"answers_per_task": 1}))
        .await;
    let idle = app.requester("idle").await;
    let worker = app.worker("busy").await;
    for client in [&busy, &worker] {
        let (status, body) = client.get("/api/v1/operator/organizations").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    let (status, list) = app
        .operator()
        .await
        .get("/api/v1/operator/organizations")
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let orgs = list.as_array().expect("a list");
    assert_eq!(orgs.len(), 2, "{list}");
    // By name: "Org of busy…" before "Org of idle…".
    let (b, i) = (&orgs[0], &orgs[1]);
    assert_eq!(b["id"], busy.organization_id().await.as_str(), "{list}");
    assert_eq!(i["id"], idle.organization_id().await.as_str(), "{list}");
    assert_eq!(b["name"], "Org of busy@requester.test", "{list}");
    assert_eq!(b["members"], 1, "{list}");
    assert_eq!(b["contact_email"], "busy@requester.test", "{list}");
    assert_eq!(b["currency"], "USD", "{list}");
    let own = balance(&busy).await;
    assert_eq!(b["available"], own["organization"]["available"], "{list}");
    assert_eq!(b["escrow"], own["organization"]["escrow"], "{list}");
    assert_ne!(b["escrow"], "0.00", "publishing escrowed money: {list}");
    assert_ne!(b["available"], "0.00", "what was not escrowed: {list}");
    assert_eq!(
        (i["available"].as_str(), i["escrow"].as_str()),
        (Some("0.00"), Some("0.00")),
        "{list}"
    );
}

#[tokio::test]
async fn approval_pays_the_worker_at_once_and_the_fee_is_charged_on_top() {
    let app = TestApp::spawn().await;
    let requester = app.requester("cy").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let (_, view) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(
        view["platform_fee_percent"], "10",
        "the requester sees the fee: {view}"
    );
    let worker = app.worker("dee").await;
    let (_, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(
        lease["project"]["platform_fee_percent"], "10",
        "the worker sees the fee: {lease}"
    );
    let id = lease["assignment_id"].as_str().expect("id").to_string();
    worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(balance(&worker).await["worker"]["under_review"], "0.10");

    let (status, review) = requester
        .post_empty(&format!("/api/v1/assignments/{id}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{review}");
    assert_eq!(
        (review["review_state"].as_str(), review["paid"].as_str()),
        (Some("approved"), Some("0.10"))
    );
    let w = balance(&worker).await;
    assert_eq!(
        w["worker"]["available"], "0.10",
        "the whole reward, nothing deducted: {w}"
    );
    assert_eq!(w["worker"]["earned"], "0.10");
    let again = requester
        .post_empty(&format!("/api/v1/assignments/{id}/approve"))
        .await;
    assert_eq!(again.0, StatusCode::OK, "approving twice is harmless");
    assert_eq!(
        balance(&worker).await["worker"]["available"],
        "0.10",
        "and pays once"
    );
    let r = balance(&requester).await;
    assert_eq!(
        (
            r["organization"]["spend"].as_str(),
            r["organization"]["fees"].as_str()
        ),
        (Some("0.10"), Some("0.01"))
    );
    let outsider = app.requester("eve").await;
    assert_eq!(
        outsider
            .post_empty(&format!("/api/v1/assignments/{id}/approve"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn completing_a_project_releases_what_is_left_and_items_added_later_are_escrowed() {
    let app = TestApp::spawn().await;
    let requester = app.requester("fay").await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    // Exactly funded: 2 × 0.11 + 0.05 reserve.
    assert_eq!(balance(&requester).await["organization"]["escrow"], "0.27");
    let path = format!("/api/v1/projects/{project}/tasks");
    let (status, body) = requester
        .upload(
            &path,
            "application/x-ndjson",
            "{\"external_id\":\"late\",\"text\":\"x\"}\n",
        )
        .await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{body}");
    assert_eq!(body["missing"], "0.14", "0.11 + 0.03 reserve: {body}");
    requester.fund("1.00").await;
    let (status, body) = requester
        .upload(
            &path,
            "application/x-ndjson",
            "{\"external_id\":\"late\",\"text\":\"x\"}\n",
        )
        .await;
    assert_eq!(
        (status, body["created"].as_u64()),
        (StatusCode::OK, Some(1)),
        "{body}"
    );
    assert_books_balance(&app).await;

    let worker = app.worker("gus").await;
    let a = answer(&app, &worker, &project, json!("pos"), 10).await;
    requester
        .post_empty(&format!("/api/v1/assignments/{a}/approve"))
        .await;
    let (_, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert!(
        lease["assignment_id"].is_string(),
        "a live lease when the project completes"
    );
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{project}/complete"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Everything but the live lease's 0.11 comes back: 1.27 deposited, 0.11 paid, 0.11 kept.
    let b = balance(&requester).await;
    assert_eq!(
        (
            b["organization"]["escrow"].as_str(),
            b["organization"]["available"].as_str()
        ),
        (Some("0.11"), Some("1.05")),
        "{b}"
    );
    // The lease ends unanswered past its grace period: the job gives the rest back.
    app.clock.advance_seconds(3600);
    handprint_server::jobs::run_once(&app.state).await;
    let b = balance(&requester).await;
    assert_eq!(
        (
            b["organization"]["escrow"].as_str(),
            b["organization"]["available"].as_str()
        ),
        (Some("0.00"), Some("1.16")),
        "{b}"
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn payouts_start_at_the_threshold_and_an_operator_pays_or_fails_them() {
    let app = TestApp::spawn_with(Settings {
        payout_threshold: Money(15),
        ..Settings::default()
    })
    .await;
    let requester = app.requester("hal").await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("ida").await;
    for _ in 0..2 {
        let a = answer(&app, &worker, &project, json!("pos"), 10).await;
        requester
            .post_empty(&format!("/api/v1/assignments/{a}/approve"))
            .await;
    }
    let w = balance(&worker).await;
    assert_eq!(
        (
            w["worker"]["available"].as_str(),
            w["worker"]["payout_threshold"].as_str()
        ),
        (Some("0.20"), Some("0.15")),
        "{w}"
    );
    let dest = "M-Pesa +254 700 000 000";
    let (status, body) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "0.10", "destination": dest}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "under the threshold: {body}"
    );
    let (status, body) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "0.25", "destination": dest}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "more than available: {body}"
    );
    let (status, payout) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "0.20", "destination": dest}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{payout}");
    let w = balance(&worker).await;
    assert_eq!(
        (
            w["worker"]["available"].as_str(),
            w["worker"]["pending"].as_str()
        ),
        (Some("0.00"), Some("0.20"))
    );

    let operator = app.operator().await;
    let (status, csv) = operator
        .get_text("/api/v1/operator/payouts?format=csv")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.starts_with("payout_id,worker_id,amount,currency,destination"),
        "{csv}"
    );
    assert!(csv.contains("0.20,USD,M-Pesa +254 700 000 000"), "{csv}");
    let pid = payout["id"].as_str().expect("id");
    let (status, failed) = operator
        .post(
            &format!("/api/v1/operator/payouts/{pid}/failed"),
            json!({"reason": "wrong number"}),
        )
        .await;
    assert_eq!(
        (status, failed["state"].as_str()),
        (StatusCode::OK, Some("failed")),
        "{failed}"
    );
    assert_eq!(
        balance(&worker).await["worker"]["available"],
        "0.20",
        "a failed payout returns the money"
    );
    assert_eq!(
        operator
            .post(
                &format!("/api/v1/operator/payouts/{pid}/paid"),
                json!({"reference": "x"})
            )
            .await
            .0,
        StatusCode::CONFLICT
    );

    let (_, payout) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "0.20", "destination": dest}),
        )
        .await;
    let pid = payout["id"].as_str().expect("id");
    assert_eq!(
        worker
            .post(
                &format!("/api/v1/operator/payouts/{pid}/paid"),
                json!({"reference": "x"})
            )
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, paid) = operator
        .post(
            &format!("/api/v1/operator/payouts/{pid}/paid"),
            json!({"reference": "MPESA-QX12"}),
        )
        .await;
    assert_eq!(
        (status, paid["reference"].as_str()),
        (StatusCode::OK, Some("MPESA-QX12")),
        "{paid}"
    );
    let w = balance(&worker).await;
    assert_eq!(
        (
            w["worker"]["available"].as_str(),
            w["worker"]["pending"].as_str(),
            w["worker"]["paid_out"].as_str()
        ),
        (Some("0.00"), Some("0.00"), Some("0.20"))
    );

    let (status, csv) = worker.get_text("/api/v1/statement?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    let reasons: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap_or(""))
        .collect();
    for want in [
        "approval",
        "payout_requested",
        "payout_failed",
        "payout_paid",
    ] {
        assert!(reasons.contains(&want), "{want} in the statement: {csv}");
    }
    let (_, statement) = requester.get("/api/v1/statement").await;
    let lines = statement["lines"].as_array().expect("lines");
    assert!(
        lines
            .iter()
            .any(|l| l["reason"] == "deposit" && l["account"] == "available"),
        "{statement}"
    );
    assert!(
        lines.iter().any(|l| l["reason"] == "approval"
            && l["account"] == "escrow"
            && l["amount"] == "-0.11"),
        "{statement}"
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn the_ledger_check_command_passes_on_sound_books_and_names_what_is_wrong() {
    let app = TestApp::spawn_with(Settings {
        fee: BasisPoints(1250),
        ..Settings::default()
    })
    .await;
    let requester = app.requester("jo").await;
    let project = requester
        .funded_project(3, json!({"answers_per_task": 2}))
        .await;
    let worker = app.worker("kai").await;
    let a = answer(&app, &worker, &project, json!("neg"), 12).await;
    requester
        .post_empty(&format!("/api/v1/assignments/{a}/approve"))
        .await;
    let check = || {
        let mut c = handprint_command();
        c.args(db_flags(&app.location)).args(["ledger", "check"]);
        c
    };
    let out = check().output().expect("run ledger check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("ledger ok:"), "{stdout}");

    (handprint_store::sql::query(
        "UPDATE ledger_accounts SET balance = balance + 7 WHERE kind = 'worker_available'",
    )
    .execute(&app.state.db)
    .await
    .map(|_| ()))
    .expect("tamper");
    let out = check().output().expect("run ledger check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "tampered books fail the check");
    assert!(stdout.contains("sum to 7"), "{stdout}");
    assert!(stdout.contains("entries sum to"), "{stdout}");
}

#[tokio::test]
async fn the_money_routes_are_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let (_, doc) = app.anonymous().get("/api/openapi.json").await;
    for path in [
        "/api/v1/operator/deposits",
        "/api/v1/assignments/{id}/approve",
        "/api/v1/assignments/{id}/reject",
        "/api/v1/assignments/{id}/bonus",
        "/api/v1/assignments/{id}/dispute",
        "/api/v1/reviews",
        "/api/v1/disputes/{id}/decide",
        "/api/v1/balance",
        "/api/v1/statement",
        "/api/v1/payouts",
        "/api/v1/operator/payouts",
        "/api/v1/operator/payouts/{id}/paid",
        "/api/v1/operator/organizations",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}
