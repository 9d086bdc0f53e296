//! The worker's pages: find work and do a task ("My work" is in `history`).
//!
//! Leasing, submitting, skipping and reporting are `app::work`'s use cases, the
//! same as `POST /api/v1/work/next` and `POST /api/v1/assignments/{id}/submit`; a submit
//! carries an idempotency key made when the page was rendered, so a form sent
//! twice (a double tap, a retry after a cut, the offline queue replaying it)
//! counts once.

use super::extract::{CsrfForm, Dynamic, WorkerPage, json_refusal, wants_json};
use super::i18n::Tr;
use super::session::SignedIn;
use super::task::{TaskBody, answer_from_fields};
use super::{Nav, WebError, duration_text, render, render_status, see_other};
use crate::app::eligibility;
use crate::app::work::{self, Held, Report, SubmitRequest};
use crate::auth::Caller;
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fluent_templates::fluent_bundle::FluentValue;
use handprint_core::account::Role;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::money::Money;
use handprint_core::project::{EndUse, ProjectSpec};
use handprint_core::{AssignmentId, ProjectId};
use handprint_store::projects::{ProjectFilter, ProjectRow};
use rand::RngCore;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/work", get(find_work))
        .route("/work/next", post(next_task))
        .route("/work/a/{id}", get(task_page))
        .route("/work/a/{id}/submit", post(submit_task))
        .route("/work/a/{id}/return", post(skip_task))
        .route("/work/a/{id}/stop", post(stop_task))
        .route("/work/a/{id}/report", post(report_task))
}

/// A project as a worker sees it before accepting anything.
#[derive(Clone, Debug)]
pub struct ProjectCard {
    pub id: String,
    pub title: String,
    pub description: String,
    pub organization: String,
    /// Links the organisation's name to its public record (`/requesters/{id}`).
    pub organization_id: String,
    pub purpose: String,
    pub end_uses: Vec<String>,
    pub flagged: Vec<String>,
    pub sensitive: Vec<String>,
    pub reward: String,
    pub estimate: String,
    pub hourly: String,
    pub language: String,
    /// Whether the worker would get a task here now; "Start a task" only then.
    pub has_work: bool,
    /// Why the worker may not work here (each condition they miss, and what would
    /// qualify them); empty when they may.
    /// Why the worker may not work there, each with where to act on it (the tests
    /// to take, the decisions to have reviewed), if anywhere.
    pub why_not: Vec<(String, Option<&'static str>)>,
    /// Whether an operator verified the requester (the "verified" badge).
    pub verified: bool,
}

/// Where a worker can act on a reason they may not work on a project: the
/// qualifications page for a test to take, their decisions for a restriction they may
/// ask to have reviewed.
fn act_on(reason: &handprint_core::Msg) -> Option<&'static str> {
    match reason.code? {
        code if code.starts_with("why-qualification-test") => Some("/qualifications"),
        "why-restricted" => Some("/me/decisions"),
        "why-sensitive-opt-in" => Some("/me/settings#sensitive"),
        _ => None,
    }
}

/// A sensitive-content reason with its categories named in the page's language, in
/// lower case as they sit in the sentence ("haine", not "hate"); an operator's own
/// category keeps its configured name. The API's reasons keep the stored names.
fn with_category_labels(t: &Tr, reason: &handprint_core::Msg) -> handprint_core::Msg {
    let mut out = reason.clone();
    if matches!(
        reason.code,
        Some("why-sensitive-opt-in" | "why-sensitive-cap")
    ) {
        for (name, value) in &mut out.args {
            if matches!(*name, "kinds" | "kind") {
                *value = value
                    .split(", ")
                    .map(|c| super::settings::category_label(t, c).to_lowercase())
                    .collect::<Vec<_>>()
                    .join(", ");
            }
        }
    }
    out
}

/// An amount with the instance's currency, as the page's language writes it ("0,75 USD").
pub fn money(state: &AppState, t: &Tr, m: Money) -> String {
    t.money(m, &state.settings.currency)
}

pub fn end_use_label(t: &Tr, e: EndUse) -> String {
    t.t(&format!("enduse-{}", e.as_str()))
}

pub fn sensitive_labels(t: &Tr, spec: &ProjectSpec) -> Vec<String> {
    spec.sensitive_content
        .iter()
        .filter(|s| !s.is_none())
        .map(|s| super::settings::category_label(t, s.as_str()))
        .collect()
}

pub fn is_sensitive(spec: &ProjectSpec) -> bool {
    crate::app::sensitive::skips_are_free(spec)
}

async fn card(
    state: &AppState,
    t: &Tr,
    row: &ProjectRow,
) -> Result<(ProjectCard, ProjectSpec), WebError> {
    let spec = row.spec()?;
    let org = state.db.organization(&row.organization_id).await?;
    let verified = crate::app::trust::verification(state, &org.id)
        .await?
        .is_some();
    Ok((
        ProjectCard {
            verified,
            id: row.id.to_string(),
            title: spec.title.clone(),
            description: spec.description.clone(),
            organization: org.name,
            organization_id: org.id.into_string(),
            purpose: spec.purpose.clone().unwrap_or_default(),
            end_uses: spec.end_uses.iter().map(|e| end_use_label(t, *e)).collect(),
            flagged: spec
                .end_uses
                .iter()
                .filter(|e| e.is_flagged())
                .map(|e| end_use_label(t, *e))
                .collect(),
            sensitive: sensitive_labels(t, &spec),
            reward: spec.reward.map(|m| money(state, t, m)).unwrap_or_default(),
            estimate: spec
                .estimated_seconds
                .map(duration_text)
                .unwrap_or_default(),
            hourly: spec
                .implied_hourly()
                .map(|m| money(state, t, m))
                .unwrap_or_default(),
            language: spec.language.clone(),
            has_work: true,
            why_not: Vec::new(),
        },
        spec,
    ))
}

/// A project's card on the find-work list: whether the worker would get a task
/// there now, and if they may not work there, why not.
async fn offered_card(
    state: &AppState,
    t: &Tr,
    signed: &SignedIn,
    row: &ProjectRow,
    with_work: &[ProjectId],
) -> Result<(ProjectCard, ProjectSpec), WebError> {
    let (mut card, spec) = card(state, t, row).await?;
    card.has_work = with_work.contains(&row.id);
    // Without work there, a quality rule's restriction may be why (said on the card).
    if row.restricted != 0 || !card.has_work {
        card.why_not = eligibility::why_not(state, &signed.caller(), row)
            .await?
            .iter()
            .map(|m| (t.msg(&with_category_labels(t, m)), act_on(m)))
            .collect();
    }
    Ok((card, spec))
}

#[derive(Deserialize, Default)]
struct Filters {
    language: Option<String>,
    end_use: Option<String>,
    min_pay: Option<String>,
    no_sensitive: Option<String>,
    verified_only: Option<String>,
    none: Option<String>,
    ineligible: Option<String>,
    sent: Option<String>,
    skipped: Option<String>,
    reported: Option<String>,
}

/// What the worker just did, as the page they land on confirms it: `?sent=1`,
/// `?skipped=1` or `?reported=1` (set by the action's redirect).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Done {
    Sent,
    Skipped,
    Reported,
}

impl Done {
    fn from_flags(
        sent: &Option<String>,
        skipped: &Option<String>,
        reported: &Option<String>,
    ) -> Option<Done> {
        if reported.is_some() {
            Some(Done::Reported)
        } else if skipped.is_some() {
            Some(Done::Skipped)
        } else {
            sent.is_some().then_some(Done::Sent)
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Done::Sent => "sent",
            Done::Skipped => "skipped",
            Done::Reported => "reported",
        }
    }

    fn text(self, t: &Tr) -> String {
        match self {
            Done::Sent => t.t("task-sent"),
            Done::Skipped => t.t("task-skipped"),
            Done::Reported => t.t("task-reported"),
        }
    }

    /// `to` (a task page or the project list) with this confirmation's flag.
    fn on(self, to: &str) -> String {
        let separator = if to.contains('?') { '&' } else { '?' };
        format!("{to}{separator}{}=1", self.flag())
    }
}

#[derive(Template)]
#[template(path = "work_list.html")]
struct FindWorkPage {
    t: Tr,
    nav: Nav,
    projects: Vec<ProjectCard>,
    languages: Vec<String>,
    end_uses: Vec<(String, String)>,
    f_language: String,
    f_end_use: String,
    f_min_pay: String,
    f_no_sensitive: bool,
    f_verified_only: bool,
    /// Projects this worker worked on that an operator took down, with the reason.
    takedowns: Vec<(String, String)>,
    min_pay_error: String,
    notice: String,
    currency: String,
    total: usize,
}

/// What the find-work page confirms or explains on arrival (after a send, a skip, a
/// report, or a "Start" that found no task).
fn notice(t: &Tr, f: &Filters) -> String {
    let done = Done::from_flags(&f.sent, &f.skipped, &f.reported).map(|d| d.text(t));
    let none_left = if f.ineligible.is_some() {
        Some(t.t("work-ineligible"))
    } else {
        f.none.is_some().then(|| t.t("work-none-left"))
    };
    [done, none_left]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The projects this worker worked on that an operator took down: (title, reason).
async fn takedown_notices(
    state: &AppState,
    worker: &handprint_core::UserId,
) -> Result<Vec<(String, String)>, WebError> {
    Ok(crate::app::trust::takedowns_for(state, worker)
        .await?
        .into_iter()
        .map(|d| (d.project_title, d.reason))
        .collect())
}

async fn find_work(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    if signed.user.role() == Role::Requester {
        return Ok(see_other("/projects"));
    }
    let rows = state.db.projects(ProjectFilter::Active).await?;
    let with_work = state
        .db
        .projects_with_work_for(&signed.user.id, state.now())
        .await?;
    let mut min_pay_error = String::new();
    let min_pay = match f
        .min_pay
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(text) => match Money::parse(text, &state.settings.currency) {
            Ok(m) => Some(m),
            Err(e) => {
                min_pay_error = t.msg(&e.msg());
                None
            }
        },
        None => None,
    };
    let f_language = f.language.clone().unwrap_or_default();
    let f_end_use = f.end_use.clone().unwrap_or_default();
    let no_sensitive = f.no_sensitive.is_some();
    let verified_only = f.verified_only.is_some();
    let takedowns = takedown_notices(&state, &signed.user.id).await?;
    let mut languages: Vec<String> = Vec::new();
    let mut projects = Vec::new();
    for row in &rows {
        let (card, spec) = offered_card(&state, &t, &signed, row, &with_work).await?;
        if !languages.contains(&spec.language) {
            languages.push(spec.language.clone());
        }
        if !f_language.is_empty() && spec.language != f_language {
            continue;
        }
        if !f_end_use.is_empty() && !spec.end_uses.iter().any(|e| e.as_str() == f_end_use) {
            continue;
        }
        if (no_sensitive && is_sensitive(&spec)) || (verified_only && !card.verified) {
            continue;
        }
        if let Some(min) = min_pay
            && spec.implied_hourly().is_none_or(|h| h < min)
        {
            continue;
        }
        projects.push(card);
    }
    languages.sort();
    let notice = notice(&t, &f);
    let page = FindWorkPage {
        nav: Nav::new(&signed.visitor, "/work"),
        projects,
        languages,
        end_uses: EndUse::ALL
            .iter()
            .map(|e| (e.as_str().to_string(), end_use_label(&t, *e)))
            .collect(),
        f_language,
        f_end_use,
        f_min_pay: f.min_pay.unwrap_or_default(),
        f_no_sensitive: no_sensitive,
        f_verified_only: verified_only,
        takedowns,
        min_pay_error,
        notice,
        currency: state.settings.currency.code.clone(),
        total: rows.len(),
        t,
    };
    Ok(render(&page))
}

/// Lease the next task of a project (or give back the live one) and say where to go.
async fn lease_next(
    state: &AppState,
    caller: &Caller,
    project_id: &ProjectId,
) -> Result<String, WebError> {
    Ok(
        match work::claim_next(state, caller, Some(project_id)).await? {
            Some(lease) => format!("/work/a/{}", lease.assignment.id),
            None => {
                let project = state.db.project(project_id).await?;
                if eligibility::why_not(state, caller, &project)
                    .await?
                    .is_empty()
                {
                    "/work?none=1".into()
                } else {
                    format!("/work?ineligible=1#p-{project_id}")
                }
            }
        },
    )
}

/// "Start": the project to take a task from.
#[derive(Deserialize, Default)]
#[serde(default)]
struct StartForm {
    project_id: String,
}

async fn next_task(
    State(state): State<AppState>,
    signed: WorkerPage,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Result<Response, WebError> {
    let to = lease_next(
        &state,
        &signed.caller(),
        &ProjectId::from(form.project_id.as_str()),
    )
    .await?;
    Ok(see_other(&to))
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    t: Tr,
    nav: Nav,
    assignment_id: String,
    project: ProjectCard,
    /// The instructions' Markdown, rendered safe (see `markdown`).
    instructions: String,
    body: TaskBody,
    /// "About 9 minutes left", or empty for sensitive projects (no clock on screen there).
    lease_text: String,
    idempotency_key: String,
    errors: Vec<String>,
    flash: String,
    /// Sensitive content: today's minutes per category, the break prompt, the wellbeing link.
    wellbeing: Option<WellbeingPanel>,
}

/// The task page's panel on a sensitive project.
pub struct WellbeingPanel {
    /// "Violence: 12 of 120 minutes today", one per category the project declares.
    pub counters: Vec<String>,
    pub break_due: bool,
    pub url: String,
}

impl WellbeingPanel {
    fn new(t: &Tr, w: &crate::app::sensitive::Wellbeing) -> WellbeingPanel {
        WellbeingPanel {
            counters: w
                .today
                .iter()
                .map(|c| {
                    let label = super::settings::category_label(t, &c.category);
                    t.try_values(
                        "sensitive-counter",
                        &[
                            ("category", FluentValue::from(label)),
                            ("minutes", FluentValue::from(c.minutes)),
                            ("cap", FluentValue::from(c.cap_minutes)),
                        ],
                    )
                    .unwrap_or_else(|| "sensitive-counter".to_string())
                })
                .collect(),
            break_due: w.break_due,
            url: w.wellbeing_url.clone().unwrap_or_default(),
        }
    }
}

pub(super) fn new_key() -> String {
    let mut b = [0_u8; 16];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn lease_text(t: &Tr, state: &AppState, expires_at: i64) -> String {
    let now = state.now();
    let left = expires_at - now;
    if left > 0 {
        let minutes = (left + 60 * MICROS_PER_SECOND - 1) / (60 * MICROS_PER_SECOND);
        t.count("task-lease-left", minutes)
    } else {
        let grace_left = expires_at + state.settings.grace_seconds * MICROS_PER_SECOND - now;
        let minutes = (grace_left.max(0) + 60 * MICROS_PER_SECOND - 1) / (60 * MICROS_PER_SECOND);
        t.count("task-lease-grace", minutes)
    }
}

#[derive(Deserialize, Default)]
struct TaskQuery {
    sent: Option<String>,
    skipped: Option<String>,
    reported: Option<String>,
}

async fn load_task_page(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    id: &AssignmentId,
    sent: Option<&Dynamic<AnswerSent>>,
    errors: Vec<String>,
    flash: String,
) -> Result<Result<TaskPage, Response>, WebError> {
    let lease = match work::held(state, &signed.caller(), id).await? {
        Held::Open(lease) => lease,
        Held::Submitted => return Ok(Err(see_other("/work/history"))),
        Held::Ended => return Ok(Err(see_other("/work"))),
    };
    let (project, spec) = card(state, &t, &lease.project).await?;
    let template = spec
        .template
        .as_ref()
        .ok_or_else(|| AppError::Internal("a project with leases has no template".into()))?;
    let mut data = lease.task.data_json()?;
    // Uploaded media as signed URLs of this instance: the rendition for slow
    // connections, except under boxes, polygons and keypoints, which are drawn on the
    // original's pixels.
    let small = !matches!(
        template,
        handprint_core::template::Template::BoundingBoxes(_)
            | handprint_core::template::Template::Polygons(_)
            | handprint_core::template::Template::Keypoints(_)
    );
    let links =
        crate::app::media::for_worker(state, &lease.project.id, template, &mut data, small).await?;
    let sensitive = is_sensitive(&spec);
    let idempotency_key = sent
        .map(|s| s.form.idempotency_key.clone())
        .filter(|k| !k.is_empty())
        .unwrap_or_else(new_key);
    let fields = sent.map(|s| s.fields.clone()).unwrap_or_default();
    let wellbeing = crate::app::sensitive::for_project(state, &signed.caller(), &lease.project.id)
        .await?
        .map(|w| WellbeingPanel::new(&t, &w));
    let mut body = TaskBody::new(template, &data, &fields)
        .for_worker(
            template,
            &crate::auth::pseudonym(&lease.project.pseudonym_salt, signed.caller().id()),
        )
        .with_frame(format!("/work/a/{id}/frame"))
        .with_links(&links);
    body.veiled = sensitive;
    Ok(Ok(TaskPage {
        nav: Nav::new(&signed.visitor, &format!("/work/a/{id}")),
        assignment_id: lease.assignment.id.to_string(),
        instructions: super::markdown::to_html(&spec.instructions),
        body,
        wellbeing,
        lease_text: if sensitive {
            String::new()
        } else {
            lease_text(&t, state, lease.assignment.expires_at)
        },
        idempotency_key,
        errors,
        flash,
        project,
        t,
    }))
}

async fn task_page(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Path(id): Path<AssignmentId>,
    Query(q): Query<TaskQuery>,
) -> Result<Response, WebError> {
    let flash = Done::from_flags(&q.sent, &q.skipped, &q.reported)
        .map(|d| d.text(&t))
        .unwrap_or_default();
    Ok(
        match load_task_page(&state, t, &signed, &id, None, Vec::new(), flash).await? {
            Ok(page) => super::custom_frame::allow_frames(render(&page)),
            Err(redirect) => redirect,
        },
    )
}

/// A task's answer form: its own names; the answer's (`answer`, `answer_json`,
/// `f_<name>`) are read by `task::answer_from_fields` from the pairs.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerSent {
    /// Made when the page was drawn: a form sent twice counts once.
    idempotency_key: String,
    /// `stop` to go to My work after sending, else the next task.
    then: String,
}

fn json_reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

async fn submit_task(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Path(id): Path<AssignmentId>,
    headers: HeaderMap,
    CsrfForm(sent): CsrfForm<Dynamic<AnswerSent>>,
) -> Result<Response, WebError> {
    let is_fetch = wants_json(&headers);
    let caller = signed.caller();
    let template = work::answer_template(&state, &caller, &id).await?;
    let answer = answer_from_fields(&template, &sent.fields);
    let key = sent.form.idempotency_key.trim().to_string();
    let request = SubmitRequest {
        answer,
        idempotency_key: (!key.is_empty()).then_some(key),
    };
    let outcome = work::submit(&state, &caller, &id, request).await;
    match outcome {
        Ok(assignment) => {
            let to = if sent.form.then == "stop" {
                Done::Sent.on("/work/history")
            } else {
                let next = lease_next(&state, &caller, &assignment.project_id).await?;
                Done::Sent.on(&next)
            };
            if is_fetch {
                Ok(json_reply(
                    StatusCode::OK,
                    serde_json::json!({"ok": true, "next": to}),
                ))
            } else {
                Ok(see_other(&to))
            }
        }
        Err(AppError::Invalid { problems, .. }) => {
            let errors: Vec<String> = problems.iter().map(|p| t.answer_problem(p)).collect();
            if is_fetch {
                return Ok(json_reply(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    serde_json::json!({"ok": false, "errors": errors}),
                ));
            }
            match load_task_page(&state, t, &signed, &id, Some(&sent), errors, String::new())
                .await?
            {
                Ok(page) => Ok(super::custom_frame::allow_frames(render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &page,
                ))),
                Err(redirect) => Ok(redirect),
            }
        }
        Err(e) if is_fetch => refused_to_script(&t, e),
        Err(e) => Err(e.into()),
    }
}

/// A refusal of a submission, as the task page's script reads it.
fn refused_to_script(t: &Tr, e: AppError) -> Result<Response, WebError> {
    let status = match &e {
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        _ => return Err(e.into()),
    };
    Ok(json_refusal(status, super::refusal_text(t, &e)))
}

/// A button that sends its token only.
#[derive(Deserialize)]
struct Button {}

/// Skip: give the task back (free, no penalty) and go on to the next one.
async fn skip_task(
    State(state): State<AppState>,
    signed: WorkerPage,
    Path(id): Path<AssignmentId>,
    CsrfForm(Button {}): CsrfForm<Button>,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    let project = work::skip(&state, &caller, &id).await?.project_id;
    let to = lease_next(&state, &caller, &project).await?;
    Ok(see_other(&Done::Skipped.on(&to)))
}

/// Stop: give the task back and leave the project.
async fn stop_task(
    State(state): State<AppState>,
    signed: WorkerPage,
    Path(id): Path<AssignmentId>,
    CsrfForm(Button {}): CsrfForm<Button>,
) -> Result<Response, WebError> {
    work::skip(&state, &signed.caller(), &id).await?;
    Ok(see_other("/work"))
}

/// What is wrong with a task: one of the listed reasons, and a note.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportForm {
    reason: String,
    note: String,
}

/// Report a broken task: recorded for the requester, the task given back, the next one offered.
async fn report_task(
    State(state): State<AppState>,
    signed: WorkerPage,
    Path(id): Path<AssignmentId>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    let report = Report {
        reason: form.reason,
        note: form.note,
    };
    let project = work::report(&state, &caller, &id, &report)
        .await?
        .project_id;
    let to = lease_next(&state, &caller, &project).await?;
    Ok(see_other(&Done::Reported.on(&to)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use handprint_core::template::Template;
    use serde_json::json;

    #[test]
    fn an_answer_error_names_the_box_it_is_about_and_never_a_json_path() {
        let boxes = Template::parse(&json!({"kind": "bounding_boxes", "labels": ["car"],
            "media": {"type": "image", "field": "img"}}))
        .expect("a template");
        let answer = json!({"boxes": [{"x": 1, "y": 1, "w": 1, "h": 1, "label": "car"},
                                      {"x": 1, "y": 1, "w": 1, "h": 1, "label": "bus"}]});
        let problem = boxes
            .validate_answer(&json!({}), &answer)
            .expect_err("refused")
            .into_problem("/answer");
        assert_eq!(problem.path, "/answer/boxes/1/label");
        assert_eq!(
            Tr::for_tag("en").answer_problem(&problem),
            "Box 2: \"bus\" is not one of the labels; use \"car\""
        );
        assert_eq!(
            Tr::for_tag("fr").answer_problem(&problem),
            format!("Cadre 2 : {}", Tr::for_tag("fr").problem(&problem))
        );
        let text = Template::parse(&json!({"kind": "text"})).expect("a template");
        let problem = text
            .validate_answer(&json!({}), &json!(" "))
            .expect_err("refused")
            .into_problem("/answer");
        assert_eq!(
            Tr::for_tag("en").answer_problem(&problem),
            "the answer is empty; write some text"
        );
    }
}
