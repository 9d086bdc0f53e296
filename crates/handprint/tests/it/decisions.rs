//! The decision log's review side (issue 13): a worker reads the automated decisions
//! about them (never another's), asks for a human review once with a message; the
//! deciding organisation (or an operator, for an operator's decision) upholds or
//! reverses it, reversing undoes the effect; a review left past its deadline is
//! decided for the worker by the jobs; operators and the public record count them.
//!
//! Setup note: the rules that make these decisions (quality rules, test
//! qualifications) arrive with other parts of issue 13, so each test records its
//! decisions through the store (`record_decision`, as those rules will, inside a
//! transaction) and only for that setup step; everything after it goes over HTTP.
//! The merger switches these setups to the real rule triggers.

use crate::support::{Client, T0, TestApp, problem_paths};
use crate::web_money::Session;
use handprint_core::clock::{MICROS_PER_SECOND, to_rfc3339};
use handprint_core::decision::{DecisionKind, MAX_REVIEW_MESSAGE_CHARS};
use handprint_core::{DecisionId, OrganizationId, ProjectId, QualificationId, UserId};
use handprint_store::decisions::{NewDecision, record_decision};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";
const DAY: i64 = 86_400 * MICROS_PER_SECOND;
const WHY: &str = "Three of the controls I missed had two right answers; please look again.";

/// A decision to record, as a producing rule would make it.
struct Made<'a> {
    worker: &'a str,
    organization: Option<&'a str>,
    project: Option<&'a str>,
    qualification: Option<&'a str>,
    kind: DecisionKind,
    reason: &'a str,
    inputs: Value,
    effect_until: Option<i64>,
}

impl<'a> Made<'a> {
    fn restriction(worker: &'a str, organization: &'a str, project: &'a str) -> Made<'a> {
        Made {
            worker,
            organization: Some(organization),
            project: Some(project),
            qualification: None,
            kind: DecisionKind::Restricted,
            reason: "control_accuracy",
            inputs: json!({"controls_answered": 20, "controls_correct": 12, "threshold_percent": 80, "after_controls": 10}),
            effect_until: Some(T0 + 7 * DAY),
        }
    }
}

/// Record `m` through the store (see the module's setup note); its id.
async fn record(app: &TestApp, m: Made<'_>) -> String {
    let worker = UserId::from(m.worker.to_string());
    let organization = m.organization.map(|o| OrganizationId::from(o.to_string()));
    let project = m.project.map(|p| ProjectId::from(p.to_string()));
    let qualification = m
        .qualification
        .map(|q| QualificationId::from(q.to_string()));
    let now = app.state.now();
    let id: DecisionId = app
        .state
        .db
        .write(|tx| {
            Box::pin(async move {
                record_decision(
                    tx,
                    &NewDecision {
                        worker: &worker,
                        organization: organization.as_ref(),
                        project: project.as_ref(),
                        qualification: qualification.as_ref(),
                        kind: m.kind,
                        rule: "rule-under-test",
                        inputs: &m.inputs,
                        reason: m.reason,
                        effect_until: m.effect_until,
                        made_by: "tests/it/decisions.rs",
                        now,
                    },
                )
                .await
            })
        })
        .await
        .expect("record a decision");
    id.to_string()
}

async fn user_id(client: &Client) -> String {
    let (status, me) = client.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    me["id"].as_str().expect("an id").to_string()
}

/// A requester with a published project: (requester, its organisation, the project).
async fn requester_with_project(app: &TestApp, name: &str) -> (Client, String, String) {
    let requester = app.requester(name).await;
    let project = requester.funded_project(2, json!({})).await;
    let org = requester.organization_id().await;
    (requester, org, project)
}

async fn my_decisions(worker: &Client, lang: &str) -> Vec<Value> {
    let (status, body) = worker
        .send(
            worker
                .http
                .get(format!("{}/api/v1/me/decisions", worker.base))
                .header("accept-language", lang),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().expect("a list").clone()
}

async fn ask(worker: &Client, id: &str, message: &str) -> (StatusCode, Value) {
    worker
        .post(
            &format!("/api/v1/decisions/{id}/review"),
            json!({"message": message}),
        )
        .await
}

async fn resolve(who: &Client, id: &str, outcome: &str, message: &str) -> (StatusCode, Value) {
    who.post(
        &format!("/api/v1/decisions/{id}/resolve"),
        json!({"outcome": outcome, "message": message}),
    )
    .await
}

async fn restricted_in_force(app: &TestApp, worker: &str, project: &str) -> bool {
    app.state
        .db
        .decision_in_force(
            &UserId::from(worker.to_string()),
            DecisionKind::Restricted,
            Some(&ProjectId::from(project.to_string())),
            None,
            app.state.now(),
        )
        .await
        .expect("read the log")
        .is_some()
}

#[tokio::test]
async fn a_worker_sees_their_own_decisions_with_the_reason_in_their_language() {
    let app = TestApp::spawn().await;
    let (_, org, project) = requester_with_project(&app, "dl-r").await;
    let ana = app.worker("dl-ana").await;
    let ben = app.worker("dl-ben").await;
    let (ana_id, ben_id) = (user_id(&ana).await, user_id(&ben).await);
    assert!(my_decisions(&ana, "en").await.is_empty());
    let id = record(&app, Made::restriction(&ana_id, &org, &project)).await;
    app.clock.advance_seconds(60);
    let mut warned = Made::restriction(&ben_id, &org, &project);
    warned.kind = DecisionKind::Warned;
    warned.reason = "no_such_reason_code";
    warned.effect_until = None;
    let ben_decision = record(&app, warned).await;

    let mine = my_decisions(&ana, "en").await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    let d = &mine[0];
    assert_eq!(d["id"], id.as_str());
    assert_eq!(d["kind"], "restricted");
    assert_eq!(d["rule"], "rule-under-test");
    assert_eq!(d["reason"], "control_accuracy");
    assert_eq!(
        d["inputs"],
        json!({"controls_answered": 20, "controls_correct": 12, "threshold_percent": 80, "after_controls": 10})
    );
    assert_eq!(
        d["reason_text"],
        "Control items: 12 right out of 20; this project's rule asks for at least 80% once 10 are answered."
    );
    assert_eq!(d["project_id"], project.as_str());
    assert_eq!(d["organization_id"], org.as_str());
    assert_eq!(d["at"], to_rfc3339(T0).as_str());
    assert_eq!(d["effect_until"], to_rfc3339(T0 + 7 * DAY).as_str());
    assert_eq!(d["state"], "in_effect");
    assert_eq!(d["review_due_at"], Value::Null);
    assert_eq!(d["undone_text"], Value::Null);
    let fr = my_decisions(&ana, "fr-FR,fr;q=0.9").await;
    assert_eq!(
        fr[0]["reason_text"],
        "Items de contrôle : 12 justes sur 20 ; la règle de ce projet demande au moins 80 % une fois 10 contrôles répondus."
    );

    // An unknown reason code still reads: the kind's own text, with the project's title.
    let theirs = my_decisions(&ben, "en").await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["id"], ben_decision.as_str());
    let title = theirs[0]["project_title"].as_str().expect("a title");
    assert_eq!(
        theirs[0]["reason_text"],
        format!("An automated rule of the project \"{title}\" warned you about your answers.")
            .as_str()
    );
    // Another worker's decision is not found to ask about.
    let (status, body) = ask(&ben, &id, WHY).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // Only workers have decisions of their own.
    let requester = app.requester("dl-r2").await;
    assert_eq!(
        requester.get("/api/v1/me/decisions").await.0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_review_needs_a_message_is_asked_once_and_only_of_an_adverse_decision() {
    let app = TestApp::spawn().await;
    let (_, org, project) = requester_with_project(&app, "rq-r").await;
    let worker = app.worker("rq-w").await;
    let wid = user_id(&worker).await;
    let id = record(&app, Made::restriction(&wid, &org, &project)).await;

    let (status, body) = ask(&worker, &id, "   ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), vec!["/message"]);
    let long = "x".repeat(MAX_REVIEW_MESSAGE_CHARS + 1);
    let (status, body) = ask(&worker, &id, &long).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), vec!["/message"]);
    let (status, body) = worker
        .post(&format!("/api/v1/decisions/{id}/review"), json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // Nothing was stored by the refusals.
    assert_eq!(my_decisions(&worker, "en").await[0]["state"], "in_effect");

    app.clock.advance_seconds(30);
    let (status, d) = ask(&worker, &id, &format!("  {WHY}  ")).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["state"], "review_requested");
    assert_eq!(d["review_message"], WHY);
    assert_eq!(
        d["review_requested_at"],
        to_rfc3339(T0 + 30 * MICROS_PER_SECOND).as_str()
    );
    assert_eq!(
        d["review_due_at"],
        to_rfc3339(T0 + 30 * MICROS_PER_SECOND + 7 * DAY).as_str()
    );
    let (status, body) = ask(&worker, &id, WHY).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // A grant went for the worker: nothing to review.
    let mut granted = Made::restriction(&wid, &org, &project);
    granted.kind = DecisionKind::QualificationGranted;
    granted.reason = "test_passed";
    granted.effect_until = None;
    let grant = record(&app, granted).await;
    let (status, body) = ask(&worker, &grant, WHY).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // Only the worker asks.
    let requester = app.requester("rq-r2").await;
    assert_eq!(ask(&requester, &id, WHY).await.0, StatusCode::FORBIDDEN);
    let (status, body) = ask(&worker, "no-such-decision", WHY).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn the_deciding_organisation_reverses_a_restriction_and_the_worker_may_work_again() {
    let app = TestApp::spawn().await;
    let (requester, org, project) = requester_with_project(&app, "rv-r").await;
    let (other, _, _) = requester_with_project(&app, "rv-o").await;
    let operator = app.operator().await;
    let worker = app.worker("rv-w").await;
    let wid = user_id(&worker).await;
    let id = record(&app, Made::restriction(&wid, &org, &project)).await;
    assert!(restricted_in_force(&app, &wid, &project).await);

    // Not under review yet.
    let (status, body) = resolve(&requester, &id, "reversed", "Looked again.").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(ask(&worker, &id, WHY).await.0, StatusCode::OK);

    let (status, listed) = requester
        .get("/api/v1/decisions?state=review_requested")
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed["decisions"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["decisions"][0]["id"], id.as_str());
    assert_eq!(listed["decisions"][0]["review_message"], WHY);
    assert_eq!(
        listed["counts"],
        json!({"review_requested": 1, "overdue": 0, "upheld": 0, "reversed": 0, "reversed_automatically": 0})
    );
    let (_, theirs) = other.get("/api/v1/decisions?state=review_requested").await;
    assert_eq!(theirs["decisions"], json!([]));
    let (status, body) = requester.get("/api/v1/decisions?state=closed").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        worker.get("/api/v1/decisions").await.0,
        StatusCode::FORBIDDEN
    );

    // Who may decide: the organisation's requesters only.
    assert_eq!(
        resolve(&other, &id, "reversed", "Not ours.").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        resolve(&operator, &id, "reversed", "Not ours.").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        resolve(&worker, &id, "reversed", "Mine.").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = resolve(&requester, &id, "overturned", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), vec!["/outcome", "/message"]);
    assert!(restricted_in_force(&app, &wid, &project).await);

    app.clock.advance_seconds(3600);
    let answer = "You are right: two of those controls were ambiguous. The restriction is lifted.";
    let (status, d) = resolve(&requester, &id, "reversed", answer).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["state"], "reversed");
    assert_eq!(d["resolution_message"], answer);
    assert_eq!(d["resolved_automatically"], false);
    assert_eq!(
        d["resolved_at"],
        to_rfc3339(T0 + 3600 * MICROS_PER_SECOND).as_str()
    );
    assert_eq!(
        d["undone_text"],
        "The restriction is lifted: you may work on the project again."
    );
    assert!(!restricted_in_force(&app, &wid, &project).await);
    // Decided once.
    assert_eq!(
        resolve(&requester, &id, "upheld", "Changed my mind.")
            .await
            .0,
        StatusCode::CONFLICT
    );
    let mine = my_decisions(&worker, "en").await;
    assert_eq!(mine[0]["state"], "reversed");
    assert_eq!(mine[0]["resolution_message"], answer);
    let (_, listed) = requester.get("/api/v1/decisions").await;
    assert_eq!(listed["counts"]["reversed"], 1);
    assert_eq!(listed["counts"]["review_requested"], 0);

    // An operator's decision (no organisation) is an operator's to decide.
    let mut op = Made::restriction(&wid, &org, &project);
    op.organization = None;
    let op_id = record(&app, op).await;
    assert_eq!(ask(&worker, &op_id, WHY).await.0, StatusCode::OK);
    assert_eq!(
        resolve(&requester, &op_id, "upheld", "Ours?").await.0,
        StatusCode::NOT_FOUND
    );
    let (status, d) = resolve(&operator, &op_id, "upheld", "The numbers hold.").await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["state"], "upheld");
    assert_eq!(d["undone_text"], Value::Null);
    assert!(restricted_in_force(&app, &wid, &project).await);
    // The operator sees every decision, with the counts over all.
    let (_, all) = operator.get("/api/v1/decisions").await;
    assert_eq!(all["decisions"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        all["counts"],
        json!({"review_requested": 0, "overdue": 0, "upheld": 1, "reversed": 1, "reversed_automatically": 0})
    );
}

#[tokio::test]
async fn reversing_a_lost_qualification_gives_the_grant_back_at_its_previous_score() {
    let app = TestApp::spawn().await;
    let (requester, org, project) = requester_with_project(&app, "ql-r").await;
    let worker = app.worker("ql-w").await;
    let wid = user_id(&worker).await;
    let (status, q) = requester
        .post(
            "/api/v1/qualifications",
            json!({"name": "Careful reader", "description": "Reads every word.", "kind": "manual"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    let qid = q["id"].as_str().expect("an id").to_string();
    // The rule took the grant away (its effect) and logged the previous score.
    let mut lost = Made::restriction(&wid, &org, &project);
    lost.kind = DecisionKind::QualificationLost;
    lost.qualification = Some(&qid);
    lost.reason = "performance_fell";
    lost.inputs =
        json!({"qualification_id": qid, "previous_score": 85, "score": 55, "min_score": 70});
    lost.effect_until = None;
    let id = record(&app, lost).await;
    let (_, held) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(held["qualifications"], json!([]));
    assert_eq!(ask(&worker, &id, WHY).await.0, StatusCode::OK);
    let (status, d) = resolve(
        &requester,
        &id,
        "reversed",
        "The score fell on a broken batch.",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(
        d["undone_text"],
        "The qualification is given back at the score you held before."
    );
    let (_, held) = worker.get("/api/v1/me/qualifications").await;
    assert_eq!(held["qualifications"][0]["qualification_id"], qid.as_str());
    assert_eq!(held["qualifications"][0]["score"], 85);
    assert_eq!(held["history"][0]["action"], "granted");
    assert_eq!(held["history"][0]["score"], 85);
}

#[tokio::test]
async fn a_review_past_its_deadline_is_decided_for_the_worker_and_counted() {
    let app = TestApp::spawn().await;
    let (requester, org, project) = requester_with_project(&app, "od-r").await;
    let worker = app.worker("od-w").await;
    let wid = user_id(&worker).await;
    let id = record(&app, Made::restriction(&wid, &org, &project)).await;
    let kept = record(&app, Made::restriction(&wid, &org, &project)).await;
    assert_eq!(ask(&worker, &id, WHY).await.0, StatusCode::OK);
    let due = T0 + 7 * DAY;

    app.clock.set(due - MICROS_PER_SECOND);
    handprint_server::jobs::run_once(&app.state).await;
    let (_, listed) = requester.get("/api/v1/decisions").await;
    assert_eq!(listed["counts"]["review_requested"], 1);
    assert_eq!(listed["counts"]["overdue"], 0);
    app.clock.set(due);
    let (_, listed) = requester.get("/api/v1/decisions").await;
    assert_eq!(listed["counts"]["overdue"], 1);
    let operator = app.operator().await;
    let (_, all) = operator.get("/api/v1/decisions").await;
    assert_eq!(all["counts"]["overdue"], 1);

    app.clock.set(due + MICROS_PER_SECOND);
    handprint_server::jobs::run_once(&app.state).await;
    let mine = my_decisions(&worker, "en").await;
    let d = mine
        .iter()
        .find(|d| d["id"] == id.as_str())
        .expect("the decision");
    assert_eq!(d["state"], "reversed");
    assert_eq!(d["resolved_automatically"], true);
    assert_eq!(
        d["resolved_at"],
        to_rfc3339(due + MICROS_PER_SECOND).as_str()
    );
    assert_eq!(
        d["resolution_message"],
        "Nobody reviewed this decision within the deadline, so it was decided for you: the decision is reversed."
    );
    let fr = my_decisions(&worker, "fr").await;
    let d = fr
        .iter()
        .find(|d| d["id"] == id.as_str())
        .expect("the decision");
    assert_eq!(
        d["resolution_message"],
        "Personne n'a réexaminé cette décision dans le délai : elle est tranchée en votre faveur, la décision est annulée."
    );
    // The decision nobody asked about stays.
    let other = mine
        .iter()
        .find(|d| d["id"] == kept.as_str())
        .expect("the other");
    assert_eq!(other["state"], "in_effect");
    let (_, all) = operator.get("/api/v1/decisions").await;
    assert_eq!(
        all["counts"],
        json!({"review_requested": 0, "overdue": 0, "upheld": 0, "reversed": 1, "reversed_automatically": 1})
    );
    // Too late for the requester.
    assert_eq!(
        resolve(&requester, &id, "upheld", "Late.").await.0,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn the_public_record_counts_restrictions_made_and_reversed_on_review() {
    let app = TestApp::spawn().await;
    let (requester, org, project) = requester_with_project(&app, "pr-r").await;
    let worker = app.worker("pr-w").await;
    let wid = user_id(&worker).await;
    let record_of = |c: &Client| {
        let path = format!("/api/v1/organizations/{org}/record");
        let c = c.clone();
        async move {
            let (status, r) = c.get(&path).await;
            assert_eq!(status, StatusCode::OK, "{r}");
            r
        }
    };
    let r = record_of(&worker).await;
    assert_eq!(r["restrictions_made"], 0);
    assert_eq!(r["restrictions_reversed_on_review"], 0);

    let first = record(&app, Made::restriction(&wid, &org, &project)).await;
    record(&app, Made::restriction(&wid, &org, &project)).await;
    let mut warned = Made::restriction(&wid, &org, &project);
    warned.kind = DecisionKind::Warned;
    record(&app, warned).await;
    assert_eq!(ask(&worker, &first, WHY).await.0, StatusCode::OK);
    assert_eq!(
        resolve(&requester, &first, "reversed", "Ambiguous controls.")
            .await
            .0,
        StatusCode::OK
    );
    // The record is cached for a minute.
    app.clock.advance_seconds(61);
    let r = record_of(&worker).await;
    assert_eq!(r["restrictions_made"], 2);
    assert_eq!(r["restrictions_reversed_on_review"], 1);
    let page = app
        .anonymous()
        .get_text(&format!("/requesters/{org}"))
        .await
        .1;
    assert!(
        page.contains("2 automated restrictions made, 1 reversed on review."),
        "{page}"
    );
}

/// The pages as plain forms: the worker's list and review request, the requester's
/// reviews with the inputs shown and the reverse form, in English and French with
/// the counts at 0, 1 and 2.
#[tokio::test]
async fn the_pages_ask_for_and_decide_a_review_as_plain_forms() {
    let app = TestApp::spawn().await;
    let (_, org, project) = requester_with_project(&app, "pg-r").await;
    let worker = app.worker("pg-w").await;
    let wid = user_id(&worker).await;
    let w = Session::sign_in(&app, "pg-w@worker.test", PASSWORD).await;
    let r = Session::sign_in(&app, "pg-r@requester.test", PASSWORD).await;

    let (status, html) = w.get("/me/decisions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("No automated decision has been made about you."),
        "{html}"
    );
    let id = record(&app, Made::restriction(&wid, &org, &project)).await;
    let (_, html) = w.get("/me/decisions").await;
    assert!(html.contains("1 automated decision<"), "{html}");
    assert!(html.contains("Control items: 12 right out of 20"), "{html}");
    assert!(
        html.contains(&format!("action=\"/me/decisions/{id}/review\"")),
        "{html}"
    );

    // An empty message is refused on the page, the form kept.
    let (status, _, html) = w
        .post(&format!("/me/decisions/{id}/review"), &[("message", " ")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    let (status, location, _) = w
        .post(&format!("/me/decisions/{id}/review"), &[("message", WHY)])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/me/decisions?done=asked#d-{id}"));
    let (_, html) = w.get("/me/decisions?done=asked").await;
    assert!(html.contains("Your review request was sent."), "{html}");
    assert!(
        !html.contains(&format!("action=\"/me/decisions/{id}/review\"")),
        "asked once: {html}"
    );

    let (status, html) = r.get("/decisions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("1 review waiting"), "{html}");
    assert!(
        html.contains("<dt>controls_correct</dt><dd>12</dd>"),
        "{html}"
    );
    assert!(
        html.contains(&format!("action=\"/decisions/{id}/resolve\"")),
        "{html}"
    );
    let (status, location, _) = r
        .post(
            &format!("/decisions/{id}/resolve"),
            &[("outcome", "reversed"), ("message", "Ambiguous controls.")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/decisions?done=reversed");
    let (_, html) = r.get("/decisions?state=reversed").await;
    assert!(html.contains("No review waiting"), "{html}");
    assert!(html.contains("1 reversed"), "{html}");
    let (_, html) = w.get("/me/decisions").await;
    assert!(html.contains("Ambiguous controls."), "{html}");
    assert!(html.contains("The restriction is lifted"), "{html}");

    // Two, and French.
    record(&app, Made::restriction(&wid, &org, &project)).await;
    let (_, html) = w.get("/me/decisions").await;
    assert!(html.contains("2 automated decisions<"), "{html}");
    let french = |s: &Session| Session {
        base: s.base.clone(),
        cookie: format!("{}; hp_lang=fr", s.cookie),
        csrf: s.csrf.clone(),
    };
    let (_, html) = french(&w).get("/me/decisions").await;
    assert!(html.contains("2 décisions automatiques<"), "{html}");
    assert!(html.contains("La restriction est levée"), "{html}");
    let (_, html) = french(&r).get("/decisions?state=reversed").await;
    assert!(html.contains("Aucun réexamen en attente"), "{html}");
    assert!(html.contains("1 annulée"), "{html}");
    app.worker("pg-w2").await;
    let fresh = Session::sign_in(&app, "pg-w2@worker.test", PASSWORD).await;
    let (_, html) = french(&fresh).get("/me/decisions").await;
    assert!(html.contains("Aucune décision automatique n"), "{html}");
    // A requester is sent to the reviews; a worker to their own decisions.
    let (status, _) = w.get("/decisions").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = r.get("/me/decisions").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// In a real browser: the worker asks for a review from "Decisions about me", the
/// requester reverses it from "Reviews", and the worker reads the answer.
#[tokio::test]
async fn browser_a_worker_asks_for_a_review_and_reads_the_answer() {
    let _one = crate::browser::ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = crate::browser::chrome(&app.base).await else {
        return;
    };
    let (_, org, project) = requester_with_project(&app, "br-r").await;
    let worker = app.worker("br-w").await;
    let wid = user_id(&worker).await;
    let id = record(&app, Made::restriction(&wid, &org, &project)).await;

    crate::browser::sign_in(&c, "br-w@worker.test").await;
    c.click_to_leave("a[href='/me/decisions']").await;
    c.wait_text(
        &format!("#d-{id} p.reason"),
        "Control items: 12 right out of 20",
    )
    .await;
    c.fill(&format!("#rm-{id}"), WHY).await;
    c.click_to_leave(&format!(
        "form[action='/me/decisions/{id}/review'] button[type=submit]"
    ))
    .await;
    c.wait_text("p.flash", "Your review request was sent.")
        .await;
    c.wait_text(&format!("#d-{id}"), WHY).await;
    c.sign_out().await;

    crate::browser::sign_in(&c, "br-r@requester.test").await;
    c.click_to_leave("a[href='/decisions']").await;
    c.wait_text("#review-counts", "1 review waiting").await;
    c.fill(
        &format!("#am-{id}"),
        "You are right: those controls were ambiguous.",
    )
    .await;
    c.click_to_leave(&format!(
        "form[action='/decisions/{id}/resolve'] button[value=reversed]"
    ))
    .await;
    c.wait_text("p.flash", "The decision is reversed").await;
    c.sign_out().await;

    crate::browser::sign_in(&c, "br-w@worker.test").await;
    c.go("/me/decisions").await;
    c.wait_text(
        &format!("#d-{id}"),
        "You are right: those controls were ambiguous.",
    )
    .await;
    c.wait_text(&format!("#d-{id} .undone"), "The restriction is lifted")
        .await;
    let _ = c.driver.clone().quit().await;
}
