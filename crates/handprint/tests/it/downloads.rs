//! Every download and streamed response, fetched as a browser fetches it: asking for
//! gzip. Each is decoded and checked to the byte, and fetched again by a client that
//! decodes nothing, to show it really was compressed and decompresses to the same bytes.

use crate::support::{Client, TestApp, http_client, raw_http_client};
use crate::web_money::{Session, create_operator};
use handprint_core::Money;
use handprint_core::clock::{Clock, to_rfc3339};
use handprint_server::Settings;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_TYPE};
use serde_json::{Value, json};
use std::io::Read;

const PASSWORD: &str = "correct horse battery";
const DESTINATION: &str = "M-Pesa +254 700 000 000";

/// Who asks: an API key or a web session's cookie.
#[derive(Clone, Copy)]
enum Who<'a> {
    Key(&'a Client),
    Web(&'a Session),
}

impl Who<'_> {
    fn base(&self) -> &str {
        match self {
            Who::Key(c) => &c.base,
            Who::Web(s) => &s.base,
        }
    }

    fn sign(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Who::Key(c) => r.bearer_auth(c.key.as_deref().expect("a key")),
            Who::Web(s) => r.header("cookie", &s.cookie),
        }
    }
}

/// A download as the test client decoded it.
struct Download {
    content_type: String,
    disposition: String,
    text: String,
}

fn header(r: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// GET `path` asking for gzip: decoded by the test client, then again raw, where it
/// must carry `content-encoding: gzip` and gunzip to the very same bytes.
async fn download(who: Who<'_>, path: &str) -> Download {
    let url = format!("{}{path}", who.base());
    let r = who.sign(http_client().get(&url)).send().await.expect("get");
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let content_type = header(&r, CONTENT_TYPE);
    let disposition = header(&r, CONTENT_DISPOSITION);
    let decoded = r
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("{path}: the body broke off: {e:?}"));
    let raw = who
        .sign(raw_http_client().get(&url).header(ACCEPT_ENCODING, "gzip"))
        .send()
        .await
        .expect("get raw");
    assert_eq!(raw.status(), StatusCode::OK, "{path}");
    assert_eq!(header(&raw, CONTENT_ENCODING), "gzip", "{path}");
    let compressed = raw
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("{path}: the raw body broke off: {e:?}"));
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_end(&mut unzipped)
        .unwrap_or_else(|e| panic!("{path}: not a whole gzip stream: {e}"));
    assert_eq!(unzipped, decoded.to_vec(), "{path}");
    assert!(
        compressed.len() < decoded.len(),
        "{path}: {} bytes compressed from {}",
        compressed.len(),
        decoded.len()
    );
    Download {
        content_type,
        disposition,
        text: String::from_utf8(decoded.to_vec()).expect("UTF-8"),
    }
}

/// One answer as the test gave it.
struct Given {
    assignment_id: String,
    task_id: String,
    external_id: String,
    worker_id: String,
    answer: &'static str,
    leased_at: String,
    submitted_at: String,
}

/// Take the next item of the project and answer it: "pos" for item-0, "neg" for item-1.
async fn answer_next(app: &TestApp, worker: &Client, worker_id: &str, project: &str) -> Given {
    let leased_at = to_rfc3339(app.clock.now());
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "next: {lease}");
    let text = lease["task"]["data"]["text"].as_str().expect("item text");
    let (external_id, answer) = match text {
        "review 0" => ("item-0", "pos"),
        "review 1" => ("item-1", "neg"),
        other => panic!("unexpected item {other}"),
    };
    let assignment_id = lease["assignment_id"].as_str().expect("id").to_string();
    app.clock.advance_seconds(12);
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{assignment_id}/submit"),
            json!({"answer": answer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "submit: {body}");
    Given {
        assignment_id,
        task_id: lease["task"]["id"].as_str().expect("task id").to_string(),
        external_id: external_id.into(),
        worker_id: worker_id.into(),
        answer,
        leased_at,
        submitted_at: to_rfc3339(app.clock.now()),
    }
}

/// A project of two items answered by three workers (unanimously per item), two of
/// wendy's answers approved and paid out on request.
struct Market {
    app: TestApp,
    requester: Client,
    wendy: Client,
    wendy_id: String,
    project: String,
    /// In the order they were given (wendy's two first).
    given: Vec<Given>,
    /// The moment wendy asked for her payout.
    payout_requested_at: String,
}

async fn market() -> Market {
    let app = TestApp::spawn_with(Settings {
        payout_threshold: Money(10),
        ..Settings::default()
    })
    .await;
    let requester = app.requester("rita").await;
    requester.fund("100.00").await;
    let project = requester.project(json!({"answers_per_task": 3})).await;
    let project = project["id"].as_str().expect("id").to_string();
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{project}/tasks"),
            "application/x-ndjson",
            "{\"external_id\":\"item-0\",\"text\":\"review 0\"}\n\
             {\"external_id\":\"item-1\",\"text\":\"review 1\"}\n",
        )
        .await;
    assert_eq!(
        (status, &report["created"]),
        (StatusCode::OK, &json!(2)),
        "{report}"
    );
    // Paid from the deposit above.
    requester.publish(&project).await;
    let mut given = Vec::new();
    let mut workers = Vec::new();
    for name in ["wendy", "otto", "pia"] {
        let worker = app.worker(name).await;
        let (_, me) = worker.get("/api/v1/me").await;
        let id = me["id"].as_str().expect("id").to_string();
        for _ in 0..2 {
            given.push(answer_next(&app, &worker, &id, &project).await);
        }
        workers.push((worker, id));
    }
    let (wendy, wendy_id) = workers.swap_remove(0);
    for g in &given[..2] {
        let (status, body) = requester
            .post_empty(&format!("/api/v1/assignments/{}/approve", g.assignment_id))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, payout) = wendy
        .post(
            "/api/v1/payouts",
            json!({"amount": "0.20", "destination": DESTINATION}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{payout}");
    let payout_requested_at = to_rfc3339(app.clock.now());
    Market {
        app,
        requester,
        wendy,
        wendy_id,
        project,
        given,
        payout_requested_at,
    }
}

/// The worker's pseudonym in this project's exports.
async fn pseudonym(app: &TestApp, project: &str, worker_id: &str) -> String {
    let row = app
        .state
        .db
        .project(&project.into())
        .await
        .expect("project");
    handprint_server::auth::pseudonym(&row.pseudonym_salt, &worker_id.into())
}

const ANSWER_COLUMNS: [&str; 11] = [
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
    "item.text",
];

/// Rows of a CSV with a header, as maps from column name to value; checks the header
/// starts with `columns`.
fn csv_rows(text: &str, columns: &[&str]) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&header[..columns.len()], columns, "{text}");
    reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV row");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn answers_arrive_compressed_and_whole_as_jsonl_and_csv_from_the_api_and_the_pages() {
    let m = market().await;
    // The export's order: by assignment id.
    let mut given: Vec<&Given> = m.given.iter().collect();
    given.sort_by(|a, b| a.assignment_id.cmp(&b.assignment_id));
    let mut expected = Vec::new();
    for g in given {
        expected.push(json!({
            "assignment_id": g.assignment_id,
            "task_id": g.task_id,
            "external_id": g.external_id,
            "worker": pseudonym(&m.app, &m.project, &g.worker_id).await,
            "answer": g.answer,
            "seconds": 12.0,
            "leased_at": g.leased_at,
            "submitted_at": g.submitted_at,
            // wendy's two answers were approved; the others wait for review.
            "review": {
                "state": if g.worker_id == m.wendy_id { "approved" } else { "pending" },
                "reason": null,
            },
            "item": {"text": if g.external_id == "item-0" { "review 0" } else { "review 1" }},
        }));
    }
    assert_eq!(expected.len(), 6);
    let session = Session::sign_in(&m.app, "rita@requester.test", PASSWORD).await;
    let p = &m.project;
    let jsonl = [
        (
            Who::Key(&m.requester),
            format!("/api/v1/projects/{p}/answers"),
        ),
        (
            Who::Key(&m.requester),
            format!("/api/v1/projects/{p}/answers?format=jsonl"),
        ),
        (
            Who::Web(&session),
            format!("/projects/{p}/download?what=answers&format=jsonl"),
        ),
    ];
    for (who, path) in jsonl {
        let d = download(who, &path).await;
        assert_eq!(d.content_type, "application/x-ndjson", "{path}");
        assert_eq!(
            d.disposition,
            format!("attachment; filename=\"answers-{p}.jsonl\"")
        );
        assert!(d.text.ends_with('\n'), "{path}");
        let lines: Vec<Value> = d
            .text
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(lines, expected, "{path}");
    }
    let csv = [
        (
            Who::Key(&m.requester),
            format!("/api/v1/projects/{p}/answers?format=csv"),
        ),
        (
            Who::Web(&session),
            format!("/projects/{p}/download?what=answers&format=csv"),
        ),
    ];
    for (who, path) in csv {
        let d = download(who, &path).await;
        assert_eq!(d.content_type, "text/csv; charset=utf-8", "{path}");
        assert_eq!(
            d.disposition,
            format!("attachment; filename=\"answers-{p}.csv\"")
        );
        let rows = csv_rows(&d.text, &ANSWER_COLUMNS);
        assert_eq!(rows.len(), 6, "{path}");
        for (row, want) in rows.iter().zip(&expected) {
            assert_eq!(row.len(), ANSWER_COLUMNS.len(), "{path}: {row:?}");
            for column in ANSWER_COLUMNS {
                let want = match column {
                    "seconds" => json!("12"),
                    "review_state" => want["review"]["state"].clone(),
                    "rejection_reason" => json!(""),
                    "item.text" => want["item"]["text"].clone(),
                    other => want[other].clone(),
                };
                let want = match want {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                assert_eq!(row[column], want, "{path}: {column}");
            }
        }
    }
}

#[tokio::test]
async fn labels_arrive_compressed_and_whole_in_every_format_from_the_api_and_the_pages() {
    let m = market().await;
    let p = &m.project;
    // One label per item, in the items' order, each unanimous.
    let mut items: Vec<(&str, &str)> = m
        .given
        .iter()
        .map(|g| (g.external_id.as_str(), g.task_id.as_str()))
        .collect();
    items.sort();
    items.dedup();
    assert_eq!(items.len(), 2);
    let expected: Vec<Value> = items
        .iter()
        .map(|(external, task)| {
            let label = if *external == "item-0" { "pos" } else { "neg" };
            json!({"task_id": task, "external_id": external, "label": label, "confidence": 1.0, "answers": 3})
        })
        .collect();
    let session = Session::sign_in(&m.app, "rita@requester.test", PASSWORD).await;
    let sorted = |mut v: Vec<Value>| {
        v.sort_by_key(|l| l["task_id"].as_str().map(str::to_string));
        v
    };
    let expected = sorted(expected);

    let api = download(
        Who::Key(&m.requester),
        &format!("/api/v1/projects/{p}/labels?method=mv"),
    )
    .await;
    let web = download(
        Who::Web(&session),
        &format!("/projects/{p}/download?what=labels&method=mv&format=json"),
    )
    .await;
    assert_eq!(
        web.disposition,
        format!("attachment; filename=\"labels-{p}.json\"")
    );
    for d in [&api, &web] {
        assert_eq!(d.content_type, "application/json");
        let doc: Value = serde_json::from_str(&d.text).expect("JSON");
        assert_eq!(doc["project_id"], p.as_str());
        assert_eq!(doc["method"], "mv");
        assert_eq!(doc["tasks"], 2);
        let labels = doc["labels"].as_array().expect("labels").clone();
        assert_eq!(sorted(labels), expected);
    }

    let d = download(
        Who::Key(&m.requester),
        &format!("/api/v1/projects/{p}/labels?method=mv&format=jsonl"),
    )
    .await;
    assert_eq!(d.content_type, "application/x-ndjson");
    let lines: Vec<Value> = d
        .text
        .lines()
        .map(|l| serde_json::from_str(l).expect("line"))
        .collect();
    assert_eq!(sorted(lines), expected);

    for (who, path) in [
        (
            Who::Key(&m.requester),
            format!("/api/v1/projects/{p}/labels?method=mv&format=csv"),
        ),
        (
            Who::Web(&session),
            format!("/projects/{p}/download?what=labels&method=mv&format=csv"),
        ),
    ] {
        let d = download(who, &path).await;
        assert_eq!(d.content_type, "text/csv; charset=utf-8", "{path}");
        let columns = ["task_id", "external_id", "label", "confidence", "answers"];
        let rows: Vec<Value> = csv_rows(&d.text, &columns)
            .into_iter()
            .map(|r| {
                json!({"task_id": r["task_id"], "external_id": r["external_id"], "label": r["label"],
                       "confidence": r["confidence"].parse::<f64>().expect("a number"),
                       "answers": r["answers"].parse::<u64>().expect("a count")})
            })
            .collect();
        assert_eq!(sorted(rows), expected, "{path}");
    }
}

#[tokio::test]
async fn my_data_arrives_compressed_and_whole_from_the_api_and_the_page() {
    let m = market().await;
    let d = download(Who::Key(&m.wendy), "/api/v1/me/export").await;
    assert_eq!(d.content_type, "application/json");
    assert_eq!(
        d.disposition,
        "attachment; filename=\"handprint-my-data-2026-01-01.json\""
    );
    let doc: Value = serde_json::from_str(&d.text).expect("the whole document");
    assert_eq!(doc["format"], "handprint-my-data/1");
    assert_eq!(doc["account"]["email"], "wendy@worker.test");
    // Wendy's two answers, oldest first, approved and paid; nobody else's.
    let assignments = doc["assignments"].as_array().expect("assignments");
    assert_eq!(assignments.len(), 2, "{}", doc["assignments"]);
    for (a, g) in assignments.iter().zip(&m.given[..2]) {
        assert_eq!(g.worker_id, m.wendy_id);
        let seen = json!([
            a["id"],
            a["project_id"],
            a["task_id"],
            a["state"],
            a["answer"],
            a["working_seconds"],
            a["reward"],
            a["paid"],
            a["review_state"],
            a["leased_at"],
            a["submitted_at"]
        ]);
        let want = json!([
            g.assignment_id,
            m.project,
            g.task_id,
            "submitted",
            g.answer,
            12.0,
            "0.10",
            "0.10",
            "approved",
            g.leased_at,
            g.submitted_at
        ]);
        assert_eq!(seen, want);
    }
    let (_, statement) = m.wendy.get("/api/v1/statement").await;
    assert_eq!(doc["statement"], statement["lines"]);
    let payouts = doc["payouts"].as_array().expect("payouts");
    assert_eq!(payouts.len(), 1);
    assert_eq!(
        (&payouts[0]["amount"], &payouts[0]["state"]),
        (&json!("0.20"), &json!("requested"))
    );

    // The page's download is the same document, compressed the same way.
    let session = Session::sign_in(&m.app, "wendy@worker.test", PASSWORD).await;
    let web = download(Who::Web(&session), "/me/data.json").await;
    assert_eq!(web.disposition, d.disposition);
    assert_eq!(web.text, d.text);

    // A requester's export (not streamed) arrives whole too.
    let d = download(Who::Key(&m.requester), "/api/v1/me/export").await;
    let doc: Value = serde_json::from_str(&d.text).expect("JSON");
    assert_eq!(doc["account"]["email"], "rita@requester.test");
    assert!(doc.get("assignments").is_none(), "{doc}");
    let session = Session::sign_in(&m.app, "rita@requester.test", PASSWORD).await;
    assert_eq!(
        download(Who::Web(&session), "/me/data.json").await.text,
        d.text
    );
}

/// A statement's JSON lines written as its CSV should be.
fn statement_csv(statement: &Value) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "at",
        "reason",
        "account",
        "amount",
        "currency",
        "project_id",
        "assignment_id",
        "memo",
        "transfer_id",
    ])
    .expect("header");
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    for l in statement["lines"].as_array().expect("lines") {
        w.write_record([
            text(&l["at"]),
            text(&l["reason"]),
            text(&l["account"]),
            text(&l["amount"]),
            text(&statement["currency"]),
            text(&l["project_id"]),
            text(&l["assignment_id"]),
            text(&l["memo"]),
            text(&l["transfer_id"]),
        ])
        .expect("row");
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("UTF-8")
}

#[tokio::test]
async fn statements_and_the_payouts_batch_arrive_compressed_and_whole() {
    let m = market().await;
    // Wendy: two approvals, then the payout she asked for moves to pending.
    let (_, statement) = m.wendy.get("/api/v1/statement").await;
    let moves: Vec<(&str, &str, &str)> = statement["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap_or("");
            (s("reason"), s("account"), s("amount"))
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("approval", "available", "0.10"),
            ("approval", "available", "0.10"),
            ("payout_requested", "available", "-0.20"),
            ("payout_requested", "pending payout", "0.20"),
        ]
    );
    let worker_csv = statement_csv(&statement);
    let api = download(Who::Key(&m.wendy), "/api/v1/statement?format=csv").await;
    assert_eq!(api.content_type, "text/csv; charset=utf-8");
    assert_eq!(api.disposition, "attachment; filename=\"statement.csv\"");
    assert_eq!(api.text, worker_csv);
    let session = Session::sign_in(&m.app, "wendy@worker.test", PASSWORD).await;
    assert_eq!(
        download(Who::Web(&session), "/earnings/statement.csv")
            .await
            .text,
        worker_csv
    );

    // Rita: the deposit first, then what publishing and approving moved.
    let (_, statement) = m.requester.get("/api/v1/statement").await;
    assert_eq!(statement["lines"][0]["reason"], "deposit");
    assert_eq!(statement["lines"][0]["amount"], "100.00");
    let requester_csv = statement_csv(&statement);
    assert_eq!(
        download(Who::Key(&m.requester), "/api/v1/statement?format=csv")
            .await
            .text,
        requester_csv
    );
    let session = Session::sign_in(&m.app, "rita@requester.test", PASSWORD).await;
    assert_eq!(
        download(Who::Web(&session), "/funds/statement.csv")
            .await
            .text,
        requester_csv
    );

    // The operator's batch of pending payouts: wendy's, to the byte.
    let operator = m.app.operator().await;
    let (_, pending) = operator.get("/api/v1/operator/payouts").await;
    let payout_id = pending[0]["id"].as_str().expect("a pending payout");
    let batch = format!(
        "payout_id,worker_id,amount,currency,destination,requested_at\n\
         {payout_id},{},0.20,USD,{DESTINATION},{}\n",
        m.wendy_id, m.payout_requested_at
    );
    let api = download(Who::Key(&operator), "/api/v1/operator/payouts?format=csv").await;
    assert_eq!(api.disposition, "attachment; filename=\"payouts.csv\"");
    assert_eq!(api.text, batch);
    create_operator(&m.app, "olga@operator.test", PASSWORD).await;
    let session = Session::sign_in(&m.app, "olga@operator.test", PASSWORD).await;
    assert_eq!(
        download(Who::Web(&session), "/operator/payouts.csv?state=requested")
            .await
            .text,
        batch
    );
}
