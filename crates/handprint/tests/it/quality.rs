//! Control items and quality rules (issue 13, items 3 and 4): control items mixed into
//! the work and impossible to tell apart, per-worker control accuracy with its
//! interval, the worker quality table, and rules that restrict a worker.

use crate::support::{Client, TestApp, problem_paths};
use crate::web_money::Session;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A published project (one answer per item) of `controls` control items (known answer
/// "pos", ids "c0"…) and `others` ordinary items ("n0"…), with these overrides.
async fn project_with_controls(
    requester: &Client,
    controls: usize,
    others: usize,
    overrides: Value,
) -> String {
    let mut settings = json!({"answers_per_task": 1});
    if let (Some(s), Some(o)) = (settings.as_object_mut(), overrides.as_object()) {
        s.extend(o.clone());
    }
    let project = requester.project(settings).await;
    let id = project["id"].as_str().expect("id").to_string();
    let mut rows = String::new();
    for i in 0..controls {
        rows += &format!(
            "{{\"external_id\":\"c{i}\",\"text\":\"control {i}\",\"known_answer\":\"pos\"}}\n"
        );
    }
    for i in 0..others {
        rows += &format!("{{\"external_id\":\"n{i}\",\"text\":\"item {i}\"}}\n");
    }
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            rows,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;
    id
}

async fn next(worker: &Client, project: &str) -> (StatusCode, Value) {
    worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await
}

async fn submit(worker: &Client, lease: &Value, answer: &str) -> Value {
    let id = lease["assignment_id"].as_str().expect("an assignment");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": answer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Every key path of a JSON value ("task.data.text"), sorted.
fn key_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            let path = format!("{prefix}{k}");
            out.push(path.clone());
            key_paths(v, &format!("{path}."), out);
        }
    }
}

fn shape(lease: &Value) -> Vec<String> {
    let mut out = Vec::new();
    key_paths(lease, "", &mut out);
    out.sort();
    out
}

#[tokio::test]
async fn control_items_come_in_the_declared_share_and_look_like_any_item() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ctl-req").await;
    let project = project_with_controls(&requester, 3, 6, json!({"control_rate": 25})).await;
    let (status, view) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["control_rate"], 25);

    let worker = app.worker("ctl-worker").await;
    let mut texts = Vec::new();
    let mut shapes = Vec::new();
    for _ in 0..9 {
        let (status, lease) = next(&worker, &project).await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        let text = lease["task"]["data"]["text"]
            .as_str()
            .expect("text")
            .to_string();
        // The item's own data aside (these test items name themselves), nothing in it
        // tells a control apart.
        let mut rest = lease.clone();
        rest["task"]["data"] = json!({});
        let raw = rest.to_string();
        assert!(
            !raw.contains("known_answer") && !raw.contains("control"),
            "a lease gives nothing away: {raw}"
        );
        shapes.push(shape(&lease));
        texts.push(text);
        submit(&worker, &lease, "pos").await;
    }
    // At 25 %: the 1st, 5th and 9th items are controls (while any is left).
    assert_eq!(
        texts,
        [
            "control 0",
            "item 0",
            "item 1",
            "item 2",
            "control 1",
            "item 3",
            "item 4",
            "item 5",
            "control 2"
        ]
    );
    // A control's lease has exactly the keys of an ordinary one.
    assert_eq!(shapes[0], shapes[1]);
    assert_eq!(shapes[4], shapes[3]);

    // Controls run out: work goes on with ordinary items, and the other way round.
    let second = project_with_controls(&requester, 1, 2, json!({"control_rate": 50})).await;
    let other = app.worker("ctl-worker-2").await;
    let mut seen = Vec::new();
    while let (StatusCode::OK, lease) = next(&other, &second).await {
        seen.push(
            lease["task"]["data"]["text"]
                .as_str()
                .expect("text")
                .to_string(),
        );
        submit(&other, &lease, "neg").await;
    }
    assert_eq!(seen, ["control 0", "item 0", "item 1"]);
}

#[tokio::test]
async fn a_bad_control_rate_or_rule_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let requester = app.requester("rules-req").await;
    let mut body = crate::support::sentiment_project();
    body["control_rate"] = json!(101);
    body["quality_rules"] = json!([
        {"when": {"control_accuracy_below": {"threshold_percent": 70, "after_controls": 0}},
         "action": {"restrict": {"days": 7}}},
        {"when": {"too_fast": {"share_of_median_percent": 30, "times": 3}},
         "action": {"suspend": {}}},
        {"when": {"skips_above": {"count": 3, "percent": 5}},
         "action": {"warn": {"x": 1}}}
    ]);
    let (status, problem) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        [
            "/control_rate",
            "/quality_rules/0/when/control_accuracy_below/after_controls",
            "/quality_rules/1/action/suspend",
            "/quality_rules/2/when/skips_above",
            "/quality_rules/2/action/warn/x",
        ]
    );
    // Well-formed, but naming a qualification nobody may use.
    let mut body = crate::support::sentiment_project();
    body["quality_rules"] = json!([{"when": {"skips_above": {"count": 3}},
         "action": {"require_qualification": {"qualification_id": "nope"}}}]);
    let (status, problem) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        ["/quality_rules/0/action/require_qualification/qualification_id"]
    );
    // A valid set is stored and shown as sent; PATCH replaces it.
    let rules = json!([{"when": {"too_fast": {"share_of_median_percent": 30, "times": 3}},
        "action": {"warn": {}}}]);
    let project = requester
        .project(json!({"quality_rules": rules, "control_rate": 10}))
        .await;
    assert_eq!(project["quality_rules"], rules);
    let id = project["id"].as_str().expect("id");
    let (status, patched) = requester
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"quality_rules": [], "control_rate": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["quality_rules"], json!([]));
    assert_eq!(patched["control_rate"], 0);
}

/// The caller's user id.
async fn user_id(client: &Client) -> String {
    let (status, me) = client.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    me["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_worker_below_the_control_threshold_is_restricted_from_that_project_until_the_end() {
    let app = TestApp::spawn().await;
    let requester = app.requester("restrict-req").await;
    let rules = json!([{"when": {"control_accuracy_below": {"threshold_percent": 60, "after_controls": 2}},
        "action": {"restrict": {"days": 2}}}]);
    let project = project_with_controls(
        &requester,
        4,
        6,
        json!({"control_rate": 50, "quality_rules": rules}),
    )
    .await;
    let elsewhere = requester.funded_project(2, json!({})).await;
    let worker = app.worker("restrict-worker").await;

    // Control (wrong), ordinary, control (wrong): 0 of 2 controls, under 60 %.
    let mut texts = Vec::new();
    for answer in ["neg", "pos", "neg"] {
        let (status, lease) = next(&worker, &project).await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        texts.push(
            lease["task"]["data"]["text"]
                .as_str()
                .expect("text")
                .to_string(),
        );
        submit(&worker, &lease, answer).await;
    }
    assert_eq!(texts, ["control 0", "item 0", "control 1"]);
    let (status, body) = next(&worker, &project).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "restricted: {body}");
    let (status, lease) = next(&worker, &elsewhere).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another project still gives work: {lease}"
    );
    submit(&worker, &lease, "pos").await;

    // The decision, with its inputs, in the log.
    let id = handprint_core::UserId::from(user_id(&worker).await);
    let decisions = app
        .state
        .db
        .decisions_of_worker(&id)
        .await
        .expect("decisions");
    assert_eq!(decisions.len(), 1);
    let d = &decisions[0];
    assert_eq!(d.kind.as_str(), "restricted");
    assert_eq!(d.rule, "control_accuracy_below");
    assert_eq!(d.made_by, "quality_rule:0");
    assert_eq!(d.reason, "control_accuracy");
    assert_eq!(d.project_id.as_deref(), Some(project.as_str()));
    assert_eq!(
        d.inputs_json(),
        json!({"controls_answered": 2, "controls_correct": 0, "threshold_percent": 60, "after_controls": 2})
    );
    assert_eq!(d.effect_until, Some(d.at + 2 * 86_400 * 1_000_000));

    // The requester's table: exact figures, the interval, the restriction.
    let (status, table) = requester
        .get(&format!("/api/v1/projects/{project}/workers"))
        .await;
    assert_eq!(status, StatusCode::OK, "{table}");
    let rows = table.as_array().expect("rows");
    assert_eq!(rows.len(), 1, "{table}");
    let row = &rows[0];
    assert!(row["worker"].as_str().expect("pseudonym").starts_with("w-"));
    assert_eq!(row["answers"], 3);
    assert_eq!(row["controls"]["answered"], 2);
    assert_eq!(row["controls"]["correct"], 0);
    assert_eq!(row["controls"]["accuracy"], 0.0);
    assert_eq!(row["controls"]["low"], 0.0);
    // Wilson 95 % for 0 of 2: z² / (2 + z²) = 0.65762.
    let high = row["controls"]["high"].as_f64().expect("high");
    assert_eq!((high * 100_000.0).round() as i64, 65_762);
    assert_eq!(row["restrictions"][0]["kind"], "restricted");
    assert_eq!(row["restrictions"][0]["decision"], d.id.to_string());
    assert_eq!(
        row["restrictions"][0]["until"],
        handprint_core::clock::to_rfc3339(d.at + 2 * 86_400 * 1_000_000)
    );
    // Skill from the aggregation: one worker alone agrees with every label it made.
    assert!(row["skill"]["dawid_skene"].is_number(), "{row}");
    assert!(row["skill"]["glad"].is_number(), "{row}");

    // The same table as a page, in English and in French, linked from the project page.
    let s = Session::sign_in(&app, "restrict-req@requester.test", "correct horse battery").await;
    let (status, html) = s.get(&format!("/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("href=\"/projects/{project}/workers\"")),
        "{html}"
    );
    let (status, html) = s.get(&format!("/projects/{project}/workers")).await;
    assert_eq!(status, StatusCode::OK);
    let pseudonym = row["worker"].as_str().expect("pseudonym");
    assert!(html.contains(pseudonym), "{html}");
    assert!(html.contains("0 / 2 · 0 %"), "{html}");
    assert!(html.contains("0 %–66 %"), "{html}");
    assert!(html.contains("Restricted"), "{html}");
    let fr = crate::web::client()
        .get(format!("{}/projects/{project}/workers", app.base))
        .header("cookie", &s.cookie)
        .header("accept-language", "fr")
        .send()
        .await
        .expect("get");
    let html = fr.text().await.expect("page");
    assert!(html.contains("Travailleurs et qualité"), "{html}");
    assert!(html.contains("Exclu du projet"), "{html}");

    // Once the two days are over, work comes again (and the rule does not fire anew
    // until another answer is scored).
    app.clock.advance_seconds(2 * 86_400);
    let (status, lease) = next(&worker, &project).await;
    assert_eq!(status, StatusCode::OK, "the restriction ended: {lease}");
    let (_, why) = worker
        .get(&format!("/api/v1/projects/{project}/eligibility"))
        .await;
    assert_eq!(why["eligible"], true, "{why}");
    let (status, table) = requester
        .get(&format!("/api/v1/projects/{project}/workers"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(table[0]["restrictions"], json!([]));
}

#[tokio::test]
async fn answers_much_faster_than_the_median_warn_the_worker_once() {
    let app = TestApp::spawn().await;
    let requester = app.requester("fast-req").await;
    let rules = json!([{"when": {"too_fast": {"share_of_median_percent": 50, "times": 2}},
        "action": {"warn": {}}}]);
    let project = requester
        .funded_project(6, json!({"answers_per_task": 2, "quality_rules": rules}))
        .await;
    let careful = app.worker("fast-careful").await;
    for _ in 0..3 {
        let (status, lease) = next(&careful, &project).await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        app.clock.advance_seconds(20);
        submit(&careful, &lease, "pos").await;
    }
    let hasty = app.worker("fast-hasty").await;
    let hasty_id = handprint_core::UserId::from(user_id(&hasty).await);
    for round in 0..3 {
        let (status, lease) = next(&hasty, &project).await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        submit(&hasty, &lease, "pos").await;
        let decisions = app
            .state
            .db
            .decisions_of_worker(&hasty_id)
            .await
            .expect("decisions");
        // The median of 20, 20, 20, 0 is 20 s: the first 0 s answer is one fast answer;
        // the second makes two and the warning; the third adds none (it is in force).
        assert_eq!(decisions.len(), usize::from(round >= 1), "round {round}");
    }
    let decisions = app
        .state
        .db
        .decisions_of_worker(&hasty_id)
        .await
        .expect("decisions");
    assert_eq!(decisions[0].kind.as_str(), "warned");
    assert_eq!(decisions[0].effect_until, None);
    assert_eq!(
        decisions[0].inputs_json(),
        json!({"fast_answers": 2, "times": 2, "share_of_median_percent": 50})
    );
    // A warning keeps nobody from work.
    let (status, _) = next(&hasty, &project).await;
    assert_eq!(status, StatusCode::OK);
    // The careful worker was never warned.
    let careful_id = handprint_core::UserId::from(user_id(&careful).await);
    assert!(
        app.state
            .db
            .decisions_of_worker(&careful_id)
            .await
            .expect("decisions")
            .is_empty()
    );
}

#[tokio::test]
async fn a_rule_on_skips_takes_a_qualification_away_keeping_what_a_reversal_needs() {
    let app = TestApp::spawn().await;
    let requester = app.requester("requal-req").await;
    let worker = app.worker("requal-worker").await;
    // The worker answers a first project, so the requester knows their pseudonym.
    let first = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let (status, lease) = next(&worker, &first).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    submit(&worker, &lease, "pos").await;
    let (status, export) = requester
        .get_text(&format!("/api/v1/projects/{first}/answers"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let answer: Value = serde_json::from_str(export.lines().next().expect("a row")).expect("json");
    let (status, q) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Careful reader", "description": "Granted by hand.", "kind": "manual"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    let q = q["id"].as_str().expect("id").to_string();
    let (status, body) = requester
        .post(
            &format!("/api/v1/qualifications/{q}/grants"),
            json!({"worker": answer["worker"], "score": 80, "reason": "Read their answers."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let rules = json!([{"when": {"skips_above": {"count": 1}},
        "action": {"require_qualification": {"qualification_id": q}}}]);
    let project = requester
        .funded_project(
            4,
            json!({"answers_per_task": 1, "quality_rules": rules,
                "eligibility": {"qualifications": [{"id": q, "min_score": 50}]}}),
        )
        .await;
    // A skip alone decides nothing (rules run after answers); the next answer does.
    let (status, lease) = next(&worker, &project).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let id = lease["assignment_id"].as_str().expect("id");
    let (status, _) = worker
        .post_empty(&format!("/api/v1/assignments/{id}/return"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, lease) = next(&worker, &project).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    submit(&worker, &lease, "pos").await;

    let (status, held) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(status, StatusCode::OK, "{held}");
    assert_eq!(held["qualifications"], json!([]), "taken away: {held}");
    assert_eq!(next(&worker, &project).await.0, StatusCode::NO_CONTENT);

    let worker_id = handprint_core::UserId::from(user_id(&worker).await);
    let decisions = app
        .state
        .db
        .decisions_of_worker(&worker_id)
        .await
        .expect("decisions");
    assert_eq!(decisions.len(), 1);
    let d = &decisions[0];
    assert_eq!(d.kind.as_str(), "requalification_required");
    assert_eq!(d.rule, "skips_above");
    assert_eq!(d.qualification_id.as_deref(), Some(q.as_str()));
    let inputs = d.inputs_json();
    assert_eq!(inputs["returned"], 1);
    assert_eq!(inputs["leases"], 2);
    assert_eq!(inputs["count"], 1);
    assert_eq!(inputs["previous_score"], 80);
    assert!(inputs["granted_at"].is_i64(), "{inputs}");
    assert_eq!(d.effect_until, None);

    // Granted again by a person, the worker works again: the rule decided once.
    let (status, _) = requester
        .post(
            &format!("/api/v1/qualifications/{q}/grants"),
            json!({"worker": answer["worker"], "score": 80, "reason": "Talked it over."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, lease) = next(&worker, &project).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    submit(&worker, &lease, "pos").await;
    let decisions = app
        .state
        .db
        .decisions_of_worker(&worker_id)
        .await
        .expect("decisions");
    assert_eq!(decisions.len(), 1);
    let (status, held) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        held["qualifications"][0]["qualification_id"],
        q.as_str(),
        "{held}"
    );
}

#[tokio::test]
async fn disagreeing_answers_get_a_second_opinion_funded_from_escrow_with_balanced_books() {
    let app = TestApp::spawn().await;
    let requester = app.requester("second-req").await;
    let rules = json!([{"when": {"disagreement_above": {"percent": 50, "after_answers": 2}},
        "action": {"second_opinion": {"extra_answers": 1}}}]);
    let project = requester
        .funded_project(3, json!({"answers_per_task": 3, "quality_rules": rules}))
        .await;
    requester.fund("5.00").await;
    let org = handprint_core::OrganizationId::from(requester.organization_id().await);
    let pid = handprint_core::ProjectId::from(project.clone());
    for name in ["second-a", "second-b"] {
        let w = app.worker(name).await;
        for _ in 0..3 {
            let (status, lease) = next(&w, &project).await;
            assert_eq!(status, StatusCode::OK, "{lease}");
            submit(&w, &lease, "pos").await;
        }
    }
    let before = app.state.db.org_balance(&org).await.expect("balance");
    assert_eq!(
        app.state
            .db
            .project(&pid)
            .await
            .expect("project")
            .funded_slots,
        9
    );

    // The third worker disagrees with both others on two items: 2 of 2, over 50 %.
    let odd = app.worker("second-odd").await;
    for _ in 0..2 {
        let (status, lease) = next(&odd, &project).await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        submit(&odd, &lease, "neg").await;
    }
    let odd_id = handprint_core::UserId::from(user_id(&odd).await);
    let decisions = app
        .state
        .db
        .decisions_of_worker(&odd_id)
        .await
        .expect("decisions");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].kind.as_str(), "second_opinion");
    assert_eq!(
        decisions[0].inputs_json(),
        json!({"compared_answers": 2, "disagreements": 2, "percent": 50, "after_answers": 2,
            "items": 2, "extra_answers": 1, "slots": 2, "funded": true})
    );
    // Two more slots, escrowed from what the organisation had available.
    let after = app.state.db.org_balance(&org).await.expect("balance");
    assert_eq!(
        app.state
            .db
            .project(&pid)
            .await
            .expect("project")
            .funded_slots,
        11
    );
    let taken = before.available.0 - after.available.0;
    assert!(taken > 0);
    assert_eq!(after.escrow.0 - before.escrow.0, taken);
    crate::money::assert_books_balance(&app).await;

    // A fourth worker answers the two items again, and the third one's last slot.
    let fourth = app.worker("second-fourth").await;
    let mut answered = 0;
    while let (StatusCode::OK, lease) = next(&fourth, &project).await {
        submit(&fourth, &lease, "pos").await;
        answered += 1;
    }
    assert_eq!(answered, 3);
    // Nothing is left for the odd worker, and nothing was decided again.
    let (status, lease) = next(&odd, &project).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{lease}");
    let decisions = app
        .state
        .db
        .decisions_of_worker(&odd_id)
        .await
        .expect("decisions");
    assert_eq!(decisions.len(), 1);
    crate::money::assert_books_balance(&app).await;
}

#[tokio::test]
async fn a_second_opinion_the_organisation_cannot_fund_adds_nothing_and_says_so() {
    let app = TestApp::spawn().await;
    let requester = app.requester("unfunded-req").await;
    let rules = json!([{"when": {"disagreement_above": {"percent": 0, "after_answers": 1}},
        "action": {"second_opinion": {"extra_answers": 2}}}]);
    // Funded with exactly what publishing takes: nothing is left available.
    let project = requester
        .funded_project(1, json!({"answers_per_task": 3, "quality_rules": rules}))
        .await;
    let pid = handprint_core::ProjectId::from(project.clone());
    for name in ["unfunded-a", "unfunded-b"] {
        let w = app.worker(name).await;
        let (_, lease) = next(&w, &project).await;
        submit(&w, &lease, "pos").await;
    }
    let odd = app.worker("unfunded-odd").await;
    let (status, lease) = next(&odd, &project).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    submit(&odd, &lease, "neg").await;
    let odd_id = handprint_core::UserId::from(user_id(&odd).await);
    let decisions = app
        .state
        .db
        .decisions_of_worker(&odd_id)
        .await
        .expect("decisions");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].kind.as_str(), "second_opinion");
    let inputs = decisions[0].inputs_json();
    assert_eq!(inputs["funded"], false, "{inputs}");
    assert_eq!(inputs["slots"], 0, "{inputs}");
    assert_eq!(inputs["items"], 1, "{inputs}");
    assert_eq!(inputs["extra_answers"], 2, "{inputs}");
    assert!(
        inputs["missing"].as_i64().is_some_and(|m| m > 0),
        "{inputs}"
    );
    // Nothing added: the item is full, its escrow as published.
    assert_eq!(
        app.state
            .db
            .project(&pid)
            .await
            .expect("project")
            .funded_slots,
        3
    );
    let fourth = app.worker("unfunded-fourth").await;
    assert_eq!(next(&fourth, &project).await.0, StatusCode::NO_CONTENT);
    crate::money::assert_books_balance(&app).await;
}

#[tokio::test]
async fn the_project_editor_sets_the_control_rate_and_rules_and_shows_problems_beside_them() {
    let app = TestApp::spawn().await;
    let requester = app.requester("quality-editor").await;
    let id = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let s = Session::sign_in(
        &app,
        "quality-editor@requester.test",
        "correct horse battery",
    )
    .await;
    let form = |rate: &str, rules: &str| {
        vec![
            ("title", "Review sentiment".to_string()),
            ("instructions", "Choose the sentiment of the review.".into()),
            (
                "purpose",
                "Train a review classifier for a small bookshop's search page.".into(),
            ),
            ("end_uses", "search".into()),
            ("sensitive_content", "none".into()),
            ("estimated_seconds", "20".into()),
            ("lease_seconds", "300".into()),
            ("review_window_seconds", "259200".into()),
            ("language", "en".into()),
            ("control_rate", rate.to_string()),
            ("quality_rules", rules.to_string()),
        ]
    };
    let path = format!("/projects/{id}/edit");
    let post = |pairs: Vec<(&'static str, String)>| {
        let (s, path) = (&s, path.clone());
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            s.post(&path, &pairs).await
        }
    };
    let (status, _, html) = post(form("20", "[{\"when\": ")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let beside = html
        .split("id=\"quality_rules\"")
        .nth(1)
        .and_then(|rest| rest.split("<label").next())
        .expect("the rules input");
    assert!(beside.contains("is not valid JSON"), "{beside}");
    let (status, _, html) = post(form("120", "[]")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("the control rate is a whole percentage from 0 to 100"),
        "{html}"
    );

    let rules = r#"[{"when": {"control_accuracy_below": {"threshold_percent": 70, "after_controls": 5}}, "action": {"restrict": {"days": 7}}}]"#;
    let (status, to, html) = post(form("20", rules)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(to, format!("/projects/{id}"));
    let (_, stored) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(stored["control_rate"], 20);
    assert_eq!(
        stored["quality_rules"],
        serde_json::from_str::<Value>(rules).expect("json")
    );
    let (_, html) = s.get(&path).await;
    assert!(html.contains("id=\"control_rate\" name=\"control_rate\" type=\"number\" min=\"0\" max=\"100\" value=\"20\""), "{html}");
    assert!(html.contains("control_accuracy_below"), "{html}");
}
