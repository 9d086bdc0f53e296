//! "Export all my data" over HTTP: a worker's export holds every answer with its
//! review and dispute, the statement, payouts, keys and reports, and nothing of anyone
//! else; the web download is the same document; a requester's export says where the
//! project data is.

use crate::money::answer;
use crate::support::{Client, TestApp};
use crate::web::client;
use crate::web_money::Session;
use futures::StreamExt;
use handprint_core::Money;
use handprint_core::clock::Clock;
use handprint_server::Settings;
use handprint_store::my_data::AssignmentCursor;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, LOCATION};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";
const DISPUTE: &str = "The review says 'a warm, funny story': that is positive.";

/// GET /api/v1/me/export with the client's key: (status, Content-Disposition, body text).
async fn export(c: &Client) -> (StatusCode, String, String) {
    let r = c
        .http
        .get(format!("{}/api/v1/me/export", c.base))
        .bearer_auth(c.key.as_deref().expect("a key"))
        .send()
        .await
        .expect("get");
    let status = r.status();
    let disposition = r
        .headers()
        .get(CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, disposition, r.text().await.expect("body"))
}

fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .and_then(|l| l.iter().find(|a| a["id"] == id))
        .unwrap_or_else(|| panic!("{id} is not in {list}"))
}

#[tokio::test]
async fn a_worker_exports_every_answer_review_payout_and_key_and_nothing_of_other_workers() {
    let app = TestApp::spawn_with(Settings {
        payout_threshold: Money(10),
        ..Settings::default()
    })
    .await;
    let requester = app.requester("rita").await;
    let project = requester
        .funded_project(4, json!({"answers_per_task": 3}))
        .await;
    let worker = app.worker("wendy").await;
    let other = app.worker("otto").await;
    let third = app.worker("pia").await;
    let pending = answer(&app, &worker, &project, json!("pos"), 12).await;
    let approved = answer(&app, &worker, &project, json!("neg"), 20).await;
    let rejected = answer(&app, &worker, &project, json!("pos"), 7).await;
    // Two other workers answer the same items ("neg" is the majority, so wendy's "pos"
    // may be rejected): none of it may appear in wendy's export.
    let mut others = Vec::new();
    for w in [&other, &third] {
        for _ in 0..3 {
            others.push(answer(&app, w, &project, json!("neg"), 5).await);
        }
    }
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{approved}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    requester.reject(&rejected).await;
    worker.dispute(&rejected, DISPUTE).await;
    let (status, payout) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "0.10", "destination": "M-Pesa +254 700 000 000"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{payout}");
    // A fourth item leased, reported as broken and given back (what the report form does).
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let reported = lease["assignment_id"].as_str().expect("id").to_string();
    let (_, me) = worker.get("/api/v1/me").await;
    let worker_id = me["id"].as_str().expect("id").to_string();
    app.state
        .db
        .report_task(
            &reported.as_str().into(),
            &worker_id.as_str().into(),
            "media-missing: blank image",
            app.clock.now(),
        )
        .await
        .expect("report");
    let (status, body) = worker
        .post_empty(&format!("/api/v1/assignments/{reported}/return"))
        .await;
    assert!(status.is_success(), "{body}");

    let (status, disposition, text) = export(&worker).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(
        disposition,
        "attachment; filename=\"handprint-my-data-2026-01-01.json\""
    );
    let doc: Value = serde_json::from_str(&text).expect("the export is JSON");
    assert_eq!(doc["format"], "handprint-my-data/1");
    assert_eq!(doc["account"]["email"], "wendy@worker.test");
    assert_eq!(doc["account"]["name"], "wendy@worker.test");
    assert_eq!(doc["account"]["country"], "MG");
    assert_eq!(doc["account"]["created_at"], "2026-01-01T00:00:00Z");

    let assignments = &doc["assignments"];
    assert_eq!(
        assignments.as_array().map(Vec::len),
        Some(4),
        "{assignments}"
    );
    let a = by_id(assignments, &pending);
    assert_eq!(a["project_id"], project.as_str());
    assert_eq!(a["project_title"], "Review sentiment");
    assert_eq!(a["organization"], "Org of rita@requester.test");
    assert_eq!(a["state"], "submitted");
    assert_eq!(a["answer"], "pos");
    assert_eq!(a["working_seconds"], 12.0);
    assert_eq!(a["reward"], "0.10");
    assert_eq!(a["review_state"], "pending");
    assert!(
        a["submitted_at"].is_string() && a["leased_at"].is_string(),
        "{a}"
    );
    assert!(a["task_id"].is_string() && a["dispute"].is_null(), "{a}");
    let a = by_id(assignments, &approved);
    assert_eq!(
        (
            &a["answer"],
            &a["review_state"],
            &a["paid"],
            &a["working_seconds"]
        ),
        (
            &json!("neg"),
            &json!("approved"),
            &json!("0.10"),
            &json!(20.0)
        )
    );
    let a = by_id(assignments, &rejected);
    assert_eq!(a["review_state"], "rejected");
    assert_eq!(a["rejection_reason"], "instructions_not_followed");
    assert_eq!(a["rejection_message"], crate::review::MESSAGE);
    assert_eq!(a["paid"], Value::Null);
    assert_eq!(a["dispute"]["state"], "open");
    assert_eq!(
        a["dispute"]["messages"],
        json!([{"from": "worker", "text": DISPUTE}])
    );
    let a = by_id(assignments, &reported);
    assert_eq!(
        (&a["state"], &a["answer"]),
        (&json!("returned"), &Value::Null)
    );
    assert_eq!(doc["task_reports"][0]["assignment_id"], reported.as_str());
    assert_eq!(
        doc["task_reports"][0]["reason"],
        "media-missing: blank image"
    );

    // The statement is the one GET /api/v1/statement shows; the payout is there too.
    let (_, statement) = worker.get("/api/v1/statement").await;
    assert_eq!(doc["statement"], statement["lines"]);
    let reasons: Vec<&str> = doc["statement"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(|l| l["reason"].as_str())
        .collect();
    assert!(
        reasons.contains(&"approval") && reasons.contains(&"payout_requested"),
        "{reasons:?}"
    );
    assert_eq!(doc["payouts"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc["payouts"][0]["id"], payout["id"]);
    assert_eq!(doc["payouts"][0]["amount"], "0.10");
    assert_eq!(doc["payouts"][0]["state"], "requested");

    // Keys: label and prefix, never the key or its hash.
    let key = worker.key.as_deref().expect("key");
    let keys = doc["api_keys"].as_array().expect("keys");
    assert_eq!(keys.len(), 1);
    assert!(key.contains(keys[0]["prefix"].as_str().expect("prefix")));
    assert!(!text.contains(key), "the key itself is exported");
    assert!(
        !text.contains(&handprint_server::auth::hash_key(key)),
        "the key's hash is exported"
    );
    assert!(!text.contains("hash"), "{text}");

    // Nothing of the other worker nor of the requester's people.
    let (_, otto) = other.get("/api/v1/me").await;
    let (_, rita) = requester.get("/api/v1/me").await;
    for needle in others.iter().map(String::as_str).chain([
        otto["id"].as_str().expect("id"),
        "otto@worker.test",
        rita["id"].as_str().expect("id"),
    ]) {
        assert!(!text.contains(needle), "{needle} is in wendy's export");
    }

    // Read a page at a time (1, 2, 4: a last full page, then an empty one, and 5), the
    // streamed document is the same; and the store's keyset pages keep the order.
    let caller = handprint_server::auth::Caller(
        app.state
            .db
            .user(&worker_id.as_str().into())
            .await
            .expect("user"),
    );
    for size in [1, 2, 4, 5] {
        let response = handprint_server::api::my_data::export_paged(
            &app.state,
            &handprint_server::web::i18n::Tr::default(),
            &caller,
            size,
        )
        .await
        .expect("export");
        let mut chunks = response.into_body().into_data_stream();
        let mut streamed = Vec::new();
        while let Some(chunk) = chunks.next().await {
            streamed.extend_from_slice(&chunk.expect("chunk"));
        }
        let paged: Value = serde_json::from_slice(&streamed).expect("JSON");
        assert_eq!(paged, doc, "pages of {size}");
    }
    let first_two = app
        .state
        .db
        .worker_export_page(&worker_id.as_str().into(), &AssignmentCursor::start(), 2)
        .await
        .expect("page");
    let after = AssignmentCursor {
        leased_at: first_two[1].leased_at,
        id: first_two[1].id.clone(),
    };
    let rest = app
        .state
        .db
        .worker_export_page(&worker_id.as_str().into(), &after, 10)
        .await
        .expect("page");
    let ids: Vec<&str> = first_two
        .iter()
        .chain(&rest)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            pending.as_str(),
            approved.as_str(),
            rejected.as_str(),
            reported.as_str()
        ]
    );

    // The web download, with the session, is the same document.
    let session = Session::sign_in(&app, "wendy@worker.test", PASSWORD).await;
    let (status, page) = session.get("/me/data").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("href=\"/me/data.json\""), "{page}");
    let (status, web_text) = session.get("/me/data.json").await;
    assert_eq!(status, StatusCode::OK);
    let web_doc: Value = serde_json::from_str(&web_text).expect("JSON");
    assert_eq!(web_doc, doc);

    // Without a session: to the sign-in page.
    for path in ["/me/data.json", "/me/data"] {
        let r = client()
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        let to = r.headers()[LOCATION].to_str().expect("location");
        assert!(to.starts_with("/signin"), "{path} goes to {to}");
    }
}

#[tokio::test]
async fn a_requesters_export_holds_the_account_organisation_and_keys_and_says_where_projects_are() {
    let app = TestApp::spawn().await;
    let requester = app.requester("rosa").await;
    requester.funded_project(1, json!({})).await;
    let (status, _, text) = export(&requester).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["account"]["email"], "rosa@requester.test");
    assert_eq!(
        doc["account"]["organization"]["name"],
        "Org of rosa@requester.test"
    );
    assert_eq!(doc["api_keys"].as_array().map(Vec::len), Some(1));
    assert!(
        doc["note"]
            .as_str()
            .is_some_and(|n| n.contains("/api/v1/projects")),
        "{doc}"
    );
    for absent in ["assignments", "statement", "payouts", "task_reports"] {
        assert!(doc.get(absent).is_none(), "{absent} in {doc}");
    }
    // The page says the project data is elsewhere.
    let session = Session::sign_in(&app, "rosa@requester.test", PASSWORD).await;
    let (status, web_text) = session.get("/me/data.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(serde_json::from_str::<Value>(&web_text).expect("JSON"), doc);
    let (_, keys) = session.get("/keys").await;
    assert!(
        keys.contains("href=\"/me/data\""),
        "the keys page links to My data"
    );
}

#[tokio::test]
async fn the_export_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let (status, doc) = app.anonymous().get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["paths"]["/api/v1/me/export"]["get"].is_object(),
        "{}",
        doc["paths"]
    );
    let schemas = &doc["components"]["schemas"];
    for schema in ["MyDataView", "ExportAssignmentView", "DisputeExportView"] {
        assert!(schemas[schema].is_object(), "{schema} missing");
    }
}

#[tokio::test]
async fn a_workers_export_holds_their_languages_qualifications_and_the_lists_naming_them() {
    let app = TestApp::spawn().await;
    let requester = app.requester("quals").await;
    let org = requester.organization_id().await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("quals").await;
    let other = app.worker("quals-other").await;
    let a = answer(&app, &worker, &project, json!("pos"), 20).await;
    let (status, body) = worker
        .patch("/api/v1/me", json!({"languages": ["fr", "mg"]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The requester names the worker by the pseudonym in its export.
    let (_, answers) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    let pseudonym = answers
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|r| r["assignment_id"] == a.as_str())
        .and_then(|r| r["worker"].as_str().map(str::to_string))
        .expect("pseudonym");
    let (status, q) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Malagasy reviews", "description": "Reads Malagasy reviews well.", "kind": "manual"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    let qid = q["id"].as_str().expect("id");
    let (status, body) = requester
        .post(
            &format!("/api/v1/qualifications/{qid}/grants"),
            json!({"worker": pseudonym, "score": 90, "reason": "Twenty careful answers in Malagasy."}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = requester
        .send(
            requester
                .http
                .put(format!(
                    "{}/api/v1/worker-lists/{pseudonym}",
                    requester.base
                ))
                .bearer_auth(requester.key.as_deref().expect("key"))
                .json(&json!({"list": "include", "reason": "Reliable on the first batch."})),
        )
        .await;
    assert!(status.is_success(), "{body}");

    let (status, _, text) = export(&worker).await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["languages"], json!(["fr", "mg"]));
    let held = &doc["qualifications"]["qualifications"];
    assert_eq!(held.as_array().map(Vec::len), Some(1), "{doc}");
    assert_eq!(held[0]["name"], "Malagasy reviews");
    assert_eq!(held[0]["score"], 90);
    assert_eq!(
        doc["qualifications"]["history"][0]["reason"],
        "Twenty careful answers in Malagasy."
    );
    assert_eq!(
        doc["worker_lists"],
        json!([{"organization_id": org, "list": "include", "named_as": pseudonym,
            "reason": "Reliable on the first batch.", "at": doc["worker_lists"][0]["at"]}])
    );
    // Nothing of it is in another worker's export.
    let (_, _, text) = export(&other).await;
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["languages"], json!([]));
    assert_eq!(doc["qualifications"]["qualifications"], json!([]));
    assert_eq!(doc["qualifications"]["history"], json!([]));
    assert_eq!(doc["worker_lists"], json!([]));
}
