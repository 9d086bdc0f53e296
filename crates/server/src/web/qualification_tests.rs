//! Test qualifications on the pages. A worker's "Qualifications" page lists the tests
//! open to them with what they pay and the time they take; taking one shows its items
//! one by one with the task page's rendering, a training item's answer and explanation
//! once answered, and the result. A requester's "Tests" pages create a test, add its
//! items (pasted as JSONL, JSON or CSV, the API's formats) and show its takers and pass
//! rate. Everything goes through `app::qualification_tests`, as the API does.

use super::extract::{CsrfForm, Dynamic, RequesterPage, WorkerPage};
use super::i18n::Tr;
use super::task::{TaskBody, answer_from_fields, answer_text};
use super::{Nav, WebError, duration_text, render, see_other};
use crate::app::qualification_tests::{self as app, AvailableTestView, available_view, terms_view};
use crate::app::qualifications::{self as quals, QualificationInput};
use crate::app::tasks::FormatHint;
use crate::{AppError, AppState};
use askama::Template as Page;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::QualificationId;
use handprint_core::clock::to_rfc3339;
use handprint_core::eligibility::QualificationKind;
use handprint_core::template::Template;
use handprint_store::qualifications::QualificationRow;
use serde::Deserialize;

/// A form that is only its button (and its CSRF token).
#[derive(Deserialize, Default)]
struct Button {}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/qualifications", get(worker_list))
        .route("/qualifications/{id}/take", post(take))
        .route("/qualifications/a/{id}", get(item_page))
        .route("/qualifications/a/{id}/submit", post(submit))
        .route("/tests", get(requester_list).post(create))
        .route("/tests/{id}", get(requester_test))
        .route("/tests/{id}/items", post(add_items))
        .route("/tests/{id}/close", post(close))
}

/// "2024-05-01 10:00 UTC" from a time.
fn minutes(at: i64) -> String {
    let text = to_rfc3339(at);
    format!("{} UTC", text.get(..16).unwrap_or("").replace('T', " "))
}

#[derive(Page)]
#[template(path = "tests_worker.html")]
struct WorkerListPage {
    t: Tr,
    nav: Nav,
    tests: Vec<AvailableTestView>,
    /// Each test's time, as text.
    times: Vec<String>,
    retakes: Vec<String>,
}

async fn worker_list(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
) -> Result<Response, WebError> {
    let tests: Vec<AvailableTestView> = app::open_to_worker(&state, &signed.caller())
        .await?
        .into_iter()
        .filter_map(|o| available_view(&state, o))
        .collect();
    let times = tests
        .iter()
        .map(|v| duration_text(v.total_seconds))
        .collect();
    let retakes = tests
        .iter()
        .map(|v| {
            v.retake_at
                .as_deref()
                .map(|r| r.get(..16).unwrap_or("").replace('T', " ") + " UTC")
                .unwrap_or_default()
        })
        .collect();
    Ok(render(&WorkerListPage {
        nav: Nav::new(&signed.visitor, "/qualifications"),
        tests,
        times,
        retakes,
        t,
    }))
}

/// Start or continue a taking: to its next item, or back to the list when none is left.
async fn take(
    State(state): State<AppState>,
    signed: WorkerPage,
    Path(id): Path<QualificationId>,
    CsrfForm(Button {}): CsrfForm<Button>,
) -> Result<Response, WebError> {
    Ok(match app::next_item(&state, &signed.caller(), &id).await? {
        Some((lease, _)) => see_other(&format!("/qualifications/a/{}", lease.answer.id)),
        None => see_other("/qualifications"),
    })
}

#[derive(Page)]
#[template(path = "test_item.html")]
struct ItemPage {
    t: Tr,
    nav: Nav,
    answer_id: String,
    name: String,
    reward: String,
    number: i64,
    of: i64,
    training: bool,
    body: TaskBody,
    errors: Vec<String>,
}

async fn item_view(
    state: &AppState,
    t: Tr,
    signed: &WorkerPage,
    id: &str,
    sent: Option<&super::extract::Posted>,
    errors: Vec<String>,
) -> Result<Result<ItemPage, Response>, WebError> {
    let caller = signed.caller();
    let (answer, item, q) = app::held_item(state, &caller, id).await?;
    if answer.submitted_at.is_some() {
        return Ok(Err(see_other("/qualifications")));
    }
    let template = template_of(&q)?;
    let data: serde_json::Value = serde_json::from_str(&item.data).map_err(AppError::internal)?;
    let (number, of) = state.db.test_progress(&answer.attempt_id, &q.id).await?;
    let fields = sent.cloned().unwrap_or_default();
    Ok(Ok(ItemPage {
        nav: Nav::new(&signed.visitor, &format!("/qualifications/a/{id}")),
        answer_id: answer.id,
        reward: terms_view(state, &q).map(|v| v.reward).unwrap_or_default(),
        name: q.name,
        number,
        of,
        training: item.training == 1,
        body: TaskBody::new(&template, &data, &fields),
        errors,
        t,
    }))
}

fn template_of(q: &QualificationRow) -> Result<Template, WebError> {
    let text = q
        .template
        .as_deref()
        .ok_or_else(|| AppError::Internal("a test has no template".into()))?;
    Ok(serde_json::from_str(text).map_err(AppError::internal)?)
}

async fn item_page(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    Ok(
        match item_view(&state, t, &signed, &id, None, Vec::new()).await? {
            Ok(page) => render(&page),
            Err(redirect) => redirect,
        },
    )
}

#[derive(Page)]
#[template(path = "test_answered.html")]
struct AnsweredPage {
    t: Tr,
    nav: Nav,
    test_id: String,
    name: String,
    paid: String,
    /// A training item's feedback: the worker's answer, the right one, the explanation.
    training: Option<(String, String, String)>,
    /// The result: passed, score, pass score, and when a retake is allowed.
    result: Option<(bool, i64, i64, String)>,
}

async fn submit(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Path(id): Path<String>,
    CsrfForm(sent): CsrfForm<Dynamic<Button>>,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    let (_, _, q) = app::held_item(&state, &caller, &id).await?;
    let template = template_of(&q)?;
    let answer = answer_from_fields(&template, &sent.fields);
    let (done, q) = match app::submit(&state, &caller, &id, &answer).await {
        Ok(done) => done,
        Err(AppError::Invalid { problems, .. }) => {
            let errors = problems.iter().map(|p| t.msg(&p.msg())).collect();
            return Ok(
                match item_view(&state, t, &signed, &id, Some(&sent.fields), errors).await? {
                    Ok(page) => render(&page),
                    Err(redirect) => redirect,
                },
            );
        }
        Err(e) => return Err(e.into()),
    };
    let training = done.item.is_training();
    if !training && done.attempt.finished_at.is_none() {
        // A test item: straight to the next one.
        return Ok(match app::next_item(&state, &caller, &q.id).await? {
            Some((lease, _)) => see_other(&format!("/qualifications/a/{}", lease.answer.id)),
            None => see_other("/qualifications"),
        });
    }
    let shown = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .map(|v| answer_text(Some(&template), &v))
            .unwrap_or_default()
    };
    let page = AnsweredPage {
        nav: Nav::new(&signed.visitor, &format!("/qualifications/a/{id}")),
        test_id: q.id.to_string(),
        paid: handprint_core::Money(done.answer.paid.unwrap_or(0)).format(&state.settings.currency),
        training: training.then(|| {
            (
                shown(done.answer.answer.as_deref().unwrap_or("null")),
                shown(&done.item.known_answer),
                done.item.explanation.clone().unwrap_or_default(),
            )
        }),
        result: done.attempt.finished_at.map(|_| {
            (
                done.attempt.passed == Some(1),
                done.attempt.score.unwrap_or(0),
                q.pass_score.unwrap_or(0),
                done.retake_at.map(minutes).unwrap_or_default(),
            )
        }),
        name: q.name,
        t,
    };
    Ok(render(&page))
}

// ---- the requester's pages

/// One of the organisation's tests in the list.
struct TestLine {
    id: String,
    name: String,
    items: i64,
    takers: i64,
    pass_rate: String,
    closed: bool,
}

#[derive(Page)]
#[template(path = "tests_requester.html")]
struct RequesterListPage {
    t: Tr,
    nav: Nav,
    tests: Vec<TestLine>,
    form: TestForm,
    errors: Vec<String>,
}

/// The create form's fields, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct TestForm {
    name: String,
    description: String,
    template: String,
    pass_score: String,
    retake_hours: String,
    reward: String,
    estimated_seconds: String,
    max_takers: String,
}

async fn requester_list_page(
    state: &AppState,
    t: Tr,
    signed: &RequesterPage,
    form: TestForm,
    errors: Vec<String>,
) -> Result<RequesterListPage, WebError> {
    let rows = quals::list(state, &signed.caller()).await?;
    let own = signed.caller().organization()?.clone();
    let tests = rows
        .into_iter()
        .filter(|q| q.kind == QualificationKind::Test && q.organization().as_ref() == Some(&own))
        .map(|q| TestLine {
            pass_rate: terms_view(state, &q)
                .and_then(|v| v.pass_rate)
                .map(|r| format!("{r} %"))
                .unwrap_or_else(|| "—".into()),
            id: q.id.to_string(),
            items: q.test_items + q.training_items,
            takers: q.takers,
            closed: q.closed_at.is_some(),
            name: q.name,
        })
        .collect();
    Ok(RequesterListPage {
        nav: Nav::new(&signed.visitor, "/tests"),
        tests,
        form,
        errors,
        t,
    })
}

async fn requester_list(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
) -> Result<Response, WebError> {
    let form = TestForm {
        template: r#"{"kind": "single_choice", "question": "…", "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]}"#.into(),
        pass_score: "80".into(),
        retake_hours: "24".into(),
        max_takers: "20".into(),
        ..TestForm::default()
    };
    Ok(render(
        &requester_list_page(&state, t, &signed, form, Vec::new()).await?,
    ))
}

/// A number field: Some(n) when it reads as one; a text that does not is sent as an
/// impossible value, so the app's range check names the field.
fn number(text: &str) -> Option<i64> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.parse().unwrap_or(-1))
}

async fn create(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    CsrfForm(form): CsrfForm<TestForm>,
) -> Result<Response, WebError> {
    let template = serde_json::from_str::<serde_json::Value>(&form.template).ok();
    let input = QualificationInput {
        name: Some(form.name.clone()),
        description: Some(form.description.clone()),
        kind: Some("test".into()),
        template: template.or(Some(serde_json::Value::String(form.template.clone()))),
        pass_score: number(&form.pass_score),
        retake_after_seconds: number(&form.retake_hours).map(|h| h.saturating_mul(3600)),
        reward: Some(form.reward.clone()),
        estimated_seconds: number(&form.estimated_seconds),
        max_takers: number(&form.max_takers),
        min_controls: None,
        closed: None,
    };
    match quals::create(&state, &signed.caller(), &input).await {
        Ok(q) => Ok(see_other(&format!("/tests/{}", q.id))),
        Err(AppError::Invalid { problems, .. }) => {
            let errors = problems
                .iter()
                .map(|p| format!("{}: {}", p.path, t.msg(&p.msg())))
                .collect();
            Ok(render(
                &requester_list_page(&state, t, &signed, form, errors).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Page)]
#[template(path = "test_requester.html")]
struct RequesterTestPage {
    t: Tr,
    nav: Nav,
    q: QualificationRow,
    terms: app::TestTermsView,
    items: String,
    errors: Vec<String>,
    added: Option<i64>,
}

async fn requester_test_page(
    state: &AppState,
    t: Tr,
    signed: &RequesterPage,
    id: &QualificationId,
    (items, errors, added): (String, Vec<String>, Option<i64>),
) -> Result<RequesterTestPage, WebError> {
    let q = quals::read(state, &signed.caller(), id).await?;
    let terms = terms_view(state, &q).ok_or_else(|| AppError::not_found("qualification"))?;
    Ok(RequesterTestPage {
        nav: Nav::new(&signed.visitor, &format!("/tests/{id}")),
        q,
        terms,
        items,
        errors,
        added,
        t,
    })
}

async fn requester_test(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<QualificationId>,
) -> Result<Response, WebError> {
    let page =
        requester_test_page(&state, t, &signed, &id, (String::new(), Vec::new(), None)).await?;
    Ok(render(&page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ItemsForm {
    items: String,
}

async fn add_items(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<QualificationId>,
    CsrfForm(form): CsrfForm<ItemsForm>,
) -> Result<Response, WebError> {
    let outcome = app::add_items(
        &state,
        &signed.caller(),
        &id,
        form.items.as_bytes(),
        &FormatHint::default(),
    )
    .await;
    let (items, errors, added) = match outcome {
        Ok(added) => (String::new(), Vec::new(), Some(added.created)),
        Err(AppError::Invalid { title, problems }) => {
            let mut errors = vec![t.msg(&title)];
            errors.extend(problems.iter().map(|p| {
                format!(
                    "{}: {}",
                    p.path.trim_start_matches("/lines/"),
                    t.msg(&p.msg())
                )
            }));
            (form.items, errors, None)
        }
        Err(e @ AppError::InsufficientFunds { .. }) => {
            let errors = e.message().map(|m| t.msg(m)).into_iter().collect();
            (form.items, errors, None)
        }
        Err(e) => return Err(e.into()),
    };
    let page = requester_test_page(&state, t, &signed, &id, (items, errors, added)).await?;
    Ok(render(&page))
}

async fn close(
    State(state): State<AppState>,
    signed: RequesterPage,
    Path(id): Path<QualificationId>,
    CsrfForm(Button {}): CsrfForm<Button>,
) -> Result<Response, WebError> {
    let input = QualificationInput {
        closed: Some(true),
        ..QualificationInput::default()
    };
    quals::update(&state, &signed.caller(), &id, &input).await?;
    Ok(see_other(&format!("/tests/{id}")))
}
