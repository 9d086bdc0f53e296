//! Issue 12's limits, each attack performed against the real server and seen to fail:
//! an organisation whose answers cannot be paid stalling auto-approval for everyone
//! (finding 11), bonuses paid again on a re-post or without a cap (finding 9), drafts
//! without a quota (finding 10).

use crate::money::{answer, assert_books_balance, balance};
use crate::support::{Client, TestApp};
use crate::web::{FormPost, client, sign_up_worker};
use crate::web_money::Session;
use crate::web_requester::{task_count, upload_through_page};
use handprint_core::ledger::BasisPoints;
use handprint_server::{Quotas, Settings, jobs};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

/// The default review window: three days.
const REVIEW_WINDOW: i64 = 3 * 86_400;

/// An answer's review state, as its worker reads it.
async fn review_state(worker: &Client, assignment: &str) -> String {
    let (status, body) = worker
        .get(&format!("/api/v1/assignments/{assignment}/review"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["review_state"].as_str().unwrap_or("").to_string()
}

/// Leases taken by `slow`, expired, the items answered by `fast`, then `slow`'s late
/// answers (within the grace period): twice as many answers as escrowed slots. The
/// requester approves the fast ones, which uses up the escrow; the late ones are left
/// for auto-approval, which must fund each from an organisation holding nothing.
/// Returns the late answers' ids.
async fn answers_beyond_the_escrow(
    app: &TestApp,
    requester: &Client,
    project: &str,
    slow: &[Client],
    fast: &[Client],
) -> Vec<String> {
    let mut late = Vec::new();
    for w in slow {
        let (status, lease) = w
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        late.push(lease["assignment_id"].as_str().expect("lease").to_string());
    }
    app.clock.advance_seconds(61);
    jobs::run_once(&app.state).await;
    for w in fast {
        let id = answer(app, w, project, json!("pos"), 1).await;
        let (status, body) = requester
            .post_empty(&format!("/api/v1/assignments/{id}/approve"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    for (w, id) in slow.iter().zip(&late) {
        let (status, body) = w
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": "neg"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "a late answer within grace: {body}");
    }
    late
}

#[tokio::test]
async fn answers_one_organisation_cannot_pay_do_not_stall_auto_approval_for_the_others() {
    // No top-up reserve, so an answer beyond the escrowed slots is funded from the
    // organisation's available balance; a batch of two stands for the default 500.
    let app = TestApp::spawn_with(Settings {
        topup_reserve: BasisPoints(0),
        quotas: Quotas {
            auto_approve_batch: 2,
            ..Quotas::default()
        },
        ..Settings::default()
    })
    .await;
    let broke = app.requester("broke").await;
    let project = broke
        .funded_project(3, json!({"answers_per_task": 1, "lease_seconds": 60}))
        .await;
    assert_eq!(balance(&broke).await["organization"]["available"], "0.00");
    let mut slow = Vec::new();
    let mut fast = Vec::new();
    for i in 0..3 {
        slow.push(app.worker(&format!("slow{i}")).await);
        fast.push(app.worker(&format!("fast{i}")).await);
    }
    let late = answers_beyond_the_escrow(&app, &broke, &project, &slow, &fast).await;

    // Another organisation's answer, due after all three.
    let other = app.requester("solvent").await;
    let other_project = other
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("paid").await;
    let paid = answer(&app, &worker, &other_project, json!("pos"), 5).await;

    app.clock.advance_seconds(REVIEW_WINDOW);
    jobs::run_once(&app.state).await;
    assert_eq!(
        review_state(&worker, &paid).await,
        "approved",
        "the answer behind three unpayable ones (more than a batch) is paid in the same pass"
    );
    assert_eq!(balance(&worker).await["worker"]["available"], "0.10");
    for (w, id) in slow.iter().zip(&late) {
        assert_eq!(review_state(w, id).await, "pending", "cannot be funded yet");
    }

    // The organisation is funded now, but its project is backed off: not retried yet.
    broke.fund("1.00").await;
    app.clock
        .advance_seconds(jobs::AUTO_APPROVE_BACKOFF_SECONDS - 1);
    jobs::run_once(&app.state).await;
    assert_eq!(review_state(&slow[0], &late[0]).await, "pending");
    app.clock.advance_seconds(1);
    jobs::run_once(&app.state).await;
    for (w, id) in slow.iter().zip(&late) {
        assert_eq!(
            review_state(w, id).await,
            "approved",
            "retried after the back-off"
        );
        // 0.10, and 0.01 from the pay-floor job, which tops answers up on measured time.
        assert_eq!(balance(w).await["worker"]["available"], "0.11");
    }
    // The 1.00 deposited paid the three answers beyond the escrow, their fees and the
    // six answers' top-ups to the pay floor.
    assert_eq!(balance(&broke).await["organization"]["available"], "0.60");
    assert_books_balance(&app).await;
}

/// The idempotency key of the bonus forms on a review page.
fn bonus_key_of(html: &str) -> String {
    let at = html
        .find("name=\"bonus_key\" value=\"")
        .expect("a bonus form with its key");
    let rest = &html[at + "name=\"bonus_key\" value=\"".len()..];
    rest[..rest.find('"').expect("end of the key")].to_string()
}

#[tokio::test]
async fn web_a_bonus_form_posted_twice_pays_once_and_says_so() {
    let app = TestApp::spawn().await;
    let requester = app.requester("twice").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    requester.fund("5.00").await;
    let worker = app.worker("twice").await;
    let a = answer(&app, &worker, &project, json!("pos"), 10).await;
    let r = Session::sign_in(&app, "twice@requester.test", "correct horse battery").await;
    let review = format!("/projects/{project}/review");
    let (_, html) = r.get(&review).await;
    let key = bonus_key_of(&html);
    assert_eq!(key.len(), 32, "a random token: {key}");
    let bonus = [
        ("scope", "one"),
        ("action", "bonus"),
        ("assignment", a.as_str()),
        ("amount", "1.00"),
        ("bonus_message", "Careful work, thank you."),
        ("bonus_key", key.as_str()),
    ];
    let (status, to, _) = r.post(&review, &bonus).await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, format!("{review}?done=1").as_str())
    );
    // A double click, or the back button and the same form again.
    let (status, to, _) = r.post(&review, &bonus).await;
    assert_eq!(
        (status, to.as_str()),
        (
            StatusCode::SEE_OTHER,
            format!("{review}?done=0&again=1").as_str()
        )
    );
    let (_, html) = r.get(&to).await;
    assert!(
        html.contains(
            "The bonus on 1 answer had already been paid from this form: nothing was paid again."
        ),
        "{html}"
    );
    assert!(!html.contains("Done for 0 answers"), "{html}");
    assert_eq!(balance(&worker).await["worker"]["available"], "1.00");
    // The bulk form carries the page's key too: the same answer ticked there is not paid again.
    let (status, to, _) = r
        .post(
            &review,
            &[
                ("scope", "bulk"),
                ("action", "bonus"),
                ("assignment", a.as_str()),
                ("amount", "1.00"),
                ("bonus_message", "Careful work, thank you."),
                ("bonus_key", key.as_str()),
            ],
        )
        .await;
    assert_eq!(
        (status, to.as_str()),
        (
            StatusCode::SEE_OTHER,
            format!("{review}?done=0&again=1").as_str()
        )
    );
    assert_eq!(balance(&worker).await["worker"]["available"], "1.00");

    // A bonus meant as a second one comes from a page rendered again: a new key.
    let (_, html) = r.get(&review).await;
    let second = bonus_key_of(&html);
    assert_ne!(second, key);
    let mut again = bonus;
    again[5] = ("bonus_key", second.as_str());
    let (status, to, _) = r.post(&review, &again).await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, format!("{review}?done=1").as_str())
    );
    assert_eq!(balance(&worker).await["worker"]["available"], "2.00");
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn an_api_bonus_retried_with_the_same_idempotency_key_header_pays_once() {
    let app = TestApp::spawn().await;
    let requester = app.requester("header").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    requester.fund("5.00").await;
    let worker = app.worker("header").await;
    let a = answer(&app, &worker, &project, json!("pos"), 10).await;
    let post = |amount: &'static str| {
        let requester = requester.clone();
        let path = format!("{}/api/v1/assignments/{a}/bonus", requester.base);
        async move {
            requester
                .send(
                    requester
                        .http
                        .post(path)
                        .header("Idempotency-Key", "bonus-7f3a")
                        .json(&json!({"amount": amount, "message": "For the careful note."})),
                )
                .await
        }
    };
    let (status, first) = post("1.00").await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(
        (first["amount"].as_str(), first["fee"].as_str()),
        (Some("1.00"), Some("0.10"))
    );
    // A retry (even one that changed the amount) is the first bonus, paid once.
    let (status, again) = post("3.00").await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (
            again["amount"].as_str(),
            again["fee"].as_str(),
            &again["created"]
        ),
        (Some("1.00"), Some("0.10"), &json!(false))
    );
    assert_eq!(balance(&worker).await["worker"]["available"], "1.00");
    assert_eq!(
        balance(&requester).await["organization"]["available"],
        "3.90"
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn bonuses_on_one_answer_stop_at_the_configured_cap() {
    let app = TestApp::spawn_with(Settings {
        quotas: Quotas {
            max_bonus_per_answer: handprint_core::Money(300),
            ..Quotas::default()
        },
        ..Settings::default()
    })
    .await;
    let requester = app.requester("cap").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    requester.fund("50.00").await;
    let worker = app.worker("cap").await;
    let a = answer(&app, &worker, &project, json!("pos"), 10).await;
    let path = format!("/api/v1/assignments/{a}/bonus");
    let bonus = |amount: &str| json!({"amount": amount, "message": "Thank you."});
    let (status, body) = requester.post(&path, bonus("3.01")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (&body["errors"][0]["path"], &body["errors"][0]["message"]),
        (
            &json!("/amount"),
            &json!(
                "an answer may receive at most 3.00 in bonuses altogether (the instance's max_bonus_per_answer); this one has received 0.00, so at most 3.00 more can be paid"
            )
        )
    );
    let (status, body) = requester.post(&path, bonus("2.00")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The cap counts the answer's bonuses together: a second one of 1.50 passes it.
    let (status, body) = requester.post(&path, bonus("1.50")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "an answer may receive at most 3.00 in bonuses altogether (the instance's max_bonus_per_answer); this one has received 2.00, so at most 1.00 more can be paid"
    );
    let (status, body) = requester.post(&path, bonus("1.00")).await;
    assert_eq!(status, StatusCode::CREATED, "up to the cap exactly: {body}");
    let (status, _) = requester.post(&path, bonus("0.01")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(balance(&worker).await["worker"]["available"], "3.00");
    assert_books_balance(&app).await;
}

/// Upload JSONL rows into a project through the API.
async fn upload_rows(
    requester: &Client,
    project: &str,
    rows: &[(&str, &str)],
) -> (StatusCode, serde_json::Value) {
    let body: String = rows
        .iter()
        .map(|(id, text)| format!("{}\n", json!({"external_id": id, "text": text})))
        .collect();
    requester
        .upload(
            &format!("/api/v1/projects/{project}/tasks"),
            "application/x-ndjson",
            body,
        )
        .await
}

fn draft_quota(items: i64, bytes: i64) -> Settings {
    Settings {
        quotas: Quotas {
            max_draft_items_per_org: items,
            max_draft_bytes_per_org: bytes,
            ..Quotas::default()
        },
        ..Settings::default()
    }
}

#[tokio::test]
async fn drafts_stop_at_the_organisations_item_quota_and_publishing_makes_room() {
    let app = TestApp::spawn_with(draft_quota(5, 1 << 20)).await;
    let requester = app.requester("hoarder").await;
    let first = requester.project(json!({"answers_per_task": 1})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let second = requester.project(json!({"answers_per_task": 1})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (status, report) = upload_rows(
        &requester,
        &first,
        &[("a", "one"), ("b", "two"), ("c", "three")],
    )
    .await;
    assert_eq!(
        (status, &report["created"]),
        (StatusCode::OK, &json!(3)),
        "{report}"
    );
    // Three more in another draft: over five for the organisation, refused whole.
    let (status, refused) = upload_rows(
        &requester,
        &second,
        &[("d", "four"), ("e", "five"), ("f", "six")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(
        refused["detail"],
        "your organisation's unpublished projects may hold at most 5 items together (the instance's max_draft_items_per_org); they hold 3, and the next batch of this upload would add 3, so it was not stored (batches before it were). Publish a draft to make room (items of published projects are paid for and no longer count), then send the same upload again: items already stored are skipped"
    );
    assert_eq!(
        task_count(&requester, &first).await,
        3,
        "nothing stored is lost"
    );
    assert_eq!(task_count(&requester, &second).await, 0);
    // Up to the limit exactly is accepted; one more is not, through the page either.
    let (status, report) = upload_rows(&requester, &second, &[("d", "four"), ("e", "five")]).await;
    assert_eq!(
        (status, &report["created"]),
        (StatusCode::OK, &json!(2)),
        "{report}"
    );
    let s = Session::sign_in(&app, "hoarder@requester.test", "correct horse battery").await;
    let (status, html) =
        upload_through_page(&s, &second, "more.csv", "external_id,text\nf,six\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("may hold at most 5 items together (the instance&#39;s max_draft_items_per_org); they hold 5, and the next batch of this upload would add 1"),
        "{html}"
    );
    assert_eq!(task_count(&requester, &second).await, 2);

    // Published items are paid for: they no longer count against the drafts' quota.
    requester.deposit_what_publishing_needs(&first).await;
    requester.publish(&first).await;
    let (status, report) = upload_rows(
        &requester,
        &second,
        &[("f", "six"), ("g", "seven"), ("h", "eight")],
    )
    .await;
    assert_eq!(
        (status, &report["created"]),
        (StatusCode::OK, &json!(3)),
        "{report}"
    );
    // Another organisation has its own quota.
    let other = app.requester("neighbour").await;
    let theirs = other.draft_with_items(5, json!({})).await;
    assert_eq!(task_count(&other, &theirs).await, 5);
}

#[tokio::test]
async fn drafts_stop_at_the_organisations_byte_quota() {
    let app = TestApp::spawn_with(draft_quota(100, 300)).await;
    let requester = app.requester("bulky").await;
    let draft = requester.project(json!({})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    // Stored as {"text":"…"}: 11 bytes around the text.
    let small = "s".repeat(89);
    let (status, report) = upload_rows(&requester, &draft, &[("a", &small)]).await;
    assert_eq!(
        (status, &report["created"]),
        (StatusCode::OK, &json!(1)),
        "{report}"
    );
    let big = "b".repeat(250);
    let (status, refused) = upload_rows(&requester, &draft, &[("b", &big)]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert!(
        refused["detail"].as_str().unwrap_or("").starts_with(
            "your organisation's unpublished projects may hold at most 300 bytes of item data together (the instance's max_draft_mb_per_org); they hold 100, and the next batch of this upload would add 261, so it was not stored"
        ),
        "{refused}"
    );
    assert_eq!(task_count(&requester, &draft).await, 1);
    // The same upload again skips what is stored and counts nothing twice.
    let (status, report) = upload_rows(
        &requester,
        &draft,
        &[("a", &small), ("c", &"c".repeat(189))],
    )
    .await;
    assert_eq!(
        (status, &report["created"], &report["skipped"]),
        (StatusCode::OK, &json!(1), &json!(1)),
        "exactly 300 bytes: {report}"
    );
    let (status, _) = upload_rows(&requester, &draft, &[("d", "")]).await;
    assert_eq!(status, StatusCode::CONFLICT, "301 bytes");
}

#[tokio::test]
async fn web_a_task_report_takes_only_a_listed_reason_and_a_bounded_note() {
    let app = TestApp::spawn().await;
    let requester = app.requester("listed").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let (cookie, csrf) = sign_up_worker(&app, "reporter@web.test").await;
    let next = client()
        .post(format!("{}/work/next", app.base))
        .header("cookie", &cookie)
        .form_body(&[("_csrf", csrf.as_str()), ("project_id", project.as_str())])
        .send()
        .await
        .expect("post");
    let task_page = next.headers()[LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    let report = |reason: String, note: String| {
        let (cookie, csrf, url) = (
            cookie.clone(),
            csrf.clone(),
            format!("{}{task_page}/report", app.base),
        );
        async move {
            let r = client()
                .post(url)
                .header("cookie", &cookie)
                .form_body(&[
                    ("_csrf", csrf.as_str()),
                    ("reason", &reason),
                    ("note", &note),
                ])
                .send()
                .await
                .expect("post");
            (r.status(), r.text().await.expect("page"))
        }
    };
    // A reason of a megabyte, written by hand: refused, nothing stored.
    let (status, page) = report("x".repeat(1 << 20), String::new()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("is not a reason a task can be reported for: use one of media-missing, unclear, wrong-language, offensive, other"),
        "{page}"
    );
    let (status, page) = report("unclear".into(), "n".repeat(1001)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("the note is 1001 characters long; shorten it to at most 1000"),
        "{page}"
    );
    let stored = app
        .state
        .db
        .task_reports(&project.as_str().into(), 10)
        .await
        .expect("reports");
    assert!(stored.is_empty(), "{stored:?}");
    let (status, _) = report("unclear".into(), "n".repeat(1000)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = app
        .state
        .db
        .task_reports(&project.as_str().into(), 10)
        .await
        .expect("reports");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].reason, format!("unclear: {}", "n".repeat(1000)));
}

/// A worker holding `amount` from a bonus on one answer.
async fn worker_with(app: &TestApp, name: &str, amount: &str) -> Client {
    let requester = app.requester(name).await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    requester.fund("50.00").await;
    let worker = app.worker(name).await;
    let a = answer(app, &worker, &project, json!("pos"), 10).await;
    let (status, body) = requester
        .post(
            &format!("/api/v1/assignments/{a}/bonus"),
            json!({"amount": amount, "message": "For the careful work."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    worker
}

#[tokio::test]
async fn web_a_payout_form_posted_twice_asks_once() {
    let app = TestApp::spawn().await;
    let worker = worker_with(&app, "payme", "12.00").await;
    let w = Session::sign_in(&app, "payme@worker.test", "correct horse battery").await;
    let (_, html) = w.get("/earnings").await;
    let at = html
        .find("name=\"payout_key\" value=\"")
        .expect("the form's key");
    let key = html[at + 24..at + 24 + 32].to_string();
    let form = [
        ("amount", "6.00"),
        ("destination", "M-Pesa +254 700 000 000"),
        ("payout_key", key.as_str()),
    ];
    let (status, to, _) = w.post("/earnings/payout", &form).await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, "/earnings?requested=1")
    );
    let (status, to, _) = w.post("/earnings/payout", &form).await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, "/earnings?requested=again")
    );
    let (_, html) = w.get(&to).await;
    assert!(
        html.contains("This payout had already been asked for from this form: nothing more was taken from your balance."),
        "{html}"
    );
    let worker_money = &balance(&worker).await["worker"];
    assert_eq!(
        (&worker_money["available"], &worker_money["pending"]),
        (&json!("6.00"), &json!("6.00"))
    );
    let (_, payouts) = worker.get("/api/v1/payouts").await;
    assert_eq!(payouts.as_array().map(Vec::len), Some(1), "{payouts}");
}

#[tokio::test]
async fn an_api_payout_retried_with_the_same_idempotency_key_asks_once() {
    let app = TestApp::spawn().await;
    let worker = worker_with(&app, "retry", "12.00").await;
    let ask = |amount: &'static str| {
        let worker = worker.clone();
        async move {
            let url = format!("{}/api/v1/payouts", worker.base);
            worker
                .send(
                    worker
                        .http
                        .post(url)
                        .header("Idempotency-Key", "payout-2026-12-06")
                        .json(&json!({"amount": amount, "destination": "IBAN FR76 3000 6000 0112 3456 7890 189"})),
                )
                .await
        }
    };
    let (status, first) = ask("7.00").await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    // Retried after the balance fell under the amount: still the first request, not a 422.
    let (status, again) = ask("7.00").await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (&again["id"], &again["amount"]),
        (&first["id"], &json!("7.00"))
    );
    let worker_money = &balance(&worker).await["worker"];
    assert_eq!(
        (&worker_money["available"], &worker_money["pending"]),
        (&json!("5.00"), &json!("7.00"))
    );
    // Another key is another request.
    let (status, other) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "5.00", "destination": "IBAN FR76 3000 6000 0112 3456 7890 189", "idempotency_key": "payout-2"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{other}");
    assert_books_balance(&app).await;
}

/// PostgreSQL: claims racing a project's cancellation. Each claim either ends before the
/// cancellation counts the leases it keeps escrow for, or sees the project closed: never
/// a lease the escrow no longer covers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_only_a_claim_racing_a_projects_close_never_leases_a_slot_whose_escrow_was_released() {
    crate::support::require_postgres();
    let app = TestApp::spawn().await;
    let mut workers = Vec::new();
    for i in 0..12 {
        workers.push(app.worker(&format!("racer{i}")).await);
    }
    for round in 0..6 {
        // An organisation of its own each round: a cancelled project returns its escrow,
        // so the last round's would already fund this one.
        let requester = app.requester(&format!("closer{round}")).await;
        let project = requester
            .funded_project(12, json!({"answers_per_task": 1}))
            .await;
        let claims = workers.iter().map(|w| {
            let (w, project) = (w.clone(), project.clone());
            tokio::spawn(async move {
                w.post("/api/v1/work/next", json!({"project_id": project}))
                    .await
            })
        });
        let claims: Vec<_> = claims.collect();
        // Let a few claims start first, so the close lands among them.
        tokio::task::yield_now().await;
        let (status, body) = requester
            .post_empty(&format!("/api/v1/projects/{project}/cancel"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let mut leased = 0;
        for claim in claims {
            let (status, lease) = claim.await.expect("claim");
            match status {
                StatusCode::OK => leased += 1,
                // Nothing to do: the project is closed.
                StatusCode::NO_CONTENT => {}
                other => panic!("a claim answered {other}: {lease}"),
            }
        }
        let row = app
            .state
            .db
            .project(&project.as_str().into())
            .await
            .expect("project");
        let escrow = row.escrow();
        assert!(
            escrow.unsettled_slots() >= leased,
            "round {round}: {leased} leases, escrow for {}",
            escrow.unsettled_slots()
        );
    }
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn an_organisation_cannot_sign_up_with_hidden_characters_or_as_a_look_alike() {
    let app = TestApp::spawn().await;
    let signup = |email: &str, organization: &str| {
        let body = json!({"email": email, "password": "correct horse battery", "name": "Sam",
            "role": "requester", "country": "MG", "organization": organization});
        let anonymous = app.anonymous();
        async move { anonymous.post("/api/v1/signup", body).await }
    };
    // A right-to-left override makes "Acme\u{202E}gnp.exe" read as "Acmeexe.png".
    let (status, body) = signup("rlo@requester.test", "Acme\u{202E}gnp.exe").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (&body["errors"][0]["path"], &body["errors"][0]["message"]),
        (
            &json!("/organization"),
            &json!(
                "must not contain invisible or direction-changing characters (found U+202E): type the name as plain text"
            )
        )
    );
    let (status, body) = signup("first@requester.test", "Acme Books").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    for look_alike in [
        "acme books",
        "ACME  BOOKS",
        "\u{FF21}\u{FF43}\u{FF4D}\u{FF45} Books",
    ] {
        let (status, body) = signup("second@requester.test", look_alike).await;
        assert_eq!(status, StatusCode::CONFLICT, "{look_alike:?}: {body}");
        assert_eq!(
            body["detail"],
            format!(
                "an organisation named \"{look_alike}\" (or so like it that people would mistake one for the other: the same letters up to case, width and spacing) already exists: choose a name of your own"
            ),
        );
    }
    // Nothing was created by the refusals: the address is still free.
    let (status, body) = signup("second@requester.test", "Acme Books of Antananarivo").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn organisations_whose_names_look_alike_are_shown_side_by_side_to_operators() {
    let app = TestApp::spawn().await;
    let signup = |email: &str, organization: &str| {
        let body = json!({"email": email, "password": "correct horse battery", "name": "Sam",
            "role": "requester", "country": "MG", "organization": organization});
        let anonymous = app.anonymous();
        async move { anonymous.post("/api/v1/signup", body).await }
    };
    // A Cyrillic "А" is another letter than the Latin "A": the name is taken, and flagged.
    for (email, name) in [
        ("latin@requester.test", "Acme Books"),
        ("cyrillic@requester.test", "\u{410}cme Books"),
        ("other@requester.test", "Acme Looks"),
    ] {
        let (status, body) = signup(email, name).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
    }
    let operator = app.operator().await;
    let (status, list) = operator.get("/api/v1/operator/organizations").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let looks_like = |name: &str| {
        list.as_array()
            .and_then(|l| l.iter().find(|o| o["name"] == name))
            .map(|o| o["looks_like"].clone())
            .expect("listed")
    };
    assert_eq!(looks_like("Acme Books"), json!(["\u{410}cme Books"]));
    assert_eq!(looks_like("\u{410}cme Books"), json!(["Acme Books"]));
    assert_eq!(looks_like("Acme Looks"), json!([]));
    crate::web_money::create_operator(&app, "looks@operator.test", "operator password").await;
    let page = Session::sign_in(&app, "looks@operator.test", "operator password").await;
    let (status, html) = page.get("/operator").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<td>Acme Books<br><span class=\"error look-alike\">Looks like: \u{410}cme Books</span></td>"),
        "{html}"
    );
}
