//! The requester's workspace: the organisation's projects, the project form with
//! its live preview, item upload, the lifecycle buttons and the project page.
//!
//! Creating, editing, publishing, pausing and completing call the same use cases
//! as the API (`crate::app::projects`), and uploads go through `crate::app::tasks`
//! like `POST /api/v1/projects/{id}/tasks`: whatever the API refuses, the page
//! refuses with the same message, shown next to the field.

use super::auth::Errors;
use super::custom_frame::{allow_frames, preview_frame_src};
use super::extract::{CsrfForm, Dynamic, Posted, RequesterPage};
use super::form_fields::{self, FieldRow};
use super::i18n::Tr;
use super::monitor::{Monitor, monitor};
use super::project_form::ProjectForm;
use super::session::SignedIn;
use super::task::{TaskBody, sample_data};
use super::worker::{end_use_label, money};
use super::{Nav, WebError, duration_text, render, render_status, see_other, when_text};
use crate::app::access::owned_project;
use crate::app::projects as app;
use crate::app::tasks::{self as tasks, FormatHint, ImportReport};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::multipart::Field;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use bytes::Bytes;
use handprint_core::ProjectId;
use handprint_core::account::Role;
use handprint_core::clock::to_rfc3339;
use handprint_core::project::{EndUse, ProjectAction, ProjectSpec, ProjectState, SensitiveContent};
use handprint_core::template::Template as TaskTemplate;
use handprint_store::projects::ProjectRow;
use tokio_util::io::{StreamReader, SyncIoBridge};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/new", get(new_page).post(create))
        .route("/projects/preview", post(preview))
        .route("/projects/{id}", get(project_page))
        .route("/projects/{id}/edit", get(edit_page).post(update))
        .route("/projects/{id}/state", post(change_state))
        .route(
            "/projects/{id}/items",
            // The handler counts the file's bytes itself (`max_import_bytes`), so the
            // limit is said on the page rather than as a bare 413.
            post(upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
}

#[derive(Clone, Debug)]
pub struct ProjectLine {
    pub id: String,
    pub title: String,
    pub state: String,
    pub state_label: String,
    pub tasks: i64,
    pub answers: i64,
    pub expected: i64,
    pub percent: i64,
    pub reward: String,
    pub hourly: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ListPage {
    t: Tr,
    nav: Nav,
    organization: String,
    projects: Vec<ProjectLine>,
}

async fn list(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
) -> Result<Response, WebError> {
    if signed.user.role() == Role::Worker {
        return Ok(see_other("/work"));
    }
    let caller = signed.caller();
    let org = state.db.organization(caller.organization()?).await?;
    let rows = app::organization_projects(&state, &caller).await?;
    let mut projects = Vec::with_capacity(rows.len());
    for row in &rows {
        let spec = row.spec()?;
        let p = state
            .db
            .progress(&row.id, row.answers_per_task, state.now())
            .await?;
        let expected = p.tasks * row.answers_per_task;
        projects.push(ProjectLine {
            id: row.id.to_string(),
            title: spec.title.clone(),
            state: row.state.as_str().to_string(),
            state_label: t.t(&format!("pstate-{}", row.state.as_str())),
            tasks: p.tasks,
            answers: p.answers,
            expected,
            percent: if expected > 0 {
                (p.answers * 100 / expected).min(100)
            } else {
                0
            },
            reward: spec
                .reward
                .map(|m| money(&state, &t, m))
                .unwrap_or_default(),
            hourly: spec
                .implied_hourly()
                .map(|m| money(&state, &t, m))
                .unwrap_or_default(),
            updated: when_text(row.updated_at),
        });
    }
    let page = ListPage {
        nav: Nav::new(&signed.visitor, "/projects"),
        organization: org.name,
        projects,
        t,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "project_edit.html")]
struct EditPage {
    t: Tr,
    nav: Nav,
    /// Empty for a new project.
    id: String,
    form: ProjectForm,
    errors: Errors,
    /// Published: template, overlap and reward can no longer change.
    frozen: bool,
    end_uses: Vec<(String, String, bool)>,
    sensitive: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    currency: String,
    floor: String,
    hourly: String,
    preview: String,
    requester_js: &'static str,
    /// Where the form posts (the row buttons come back to the editor's rows).
    action: String,
    /// The kinds a form field may take: (value, label).
    field_kinds: Vec<(String, String)>,
    /// The row the script copies when a field is added (key `__K__`).
    blank_row: FieldRow,
}

/// The editor's sensitive-content checkboxes, (value, label): the operator's list
/// (built-ins first), then any category the form holds that the operator no longer
/// offers (kept on the project, labelled so the requester can change it), then "none".
fn sensitive_choices(state: &AppState, t: &Tr, form: &ProjectForm) -> Vec<(String, String)> {
    let offered = state.settings.sensitive.categories();
    let retired = form
        .sensitive
        .iter()
        .filter(|s| !offered.contains(s) && s.as_str() != SensitiveContent::NONE.as_str());
    let mut choices: Vec<(String, String)> = offered
        .iter()
        .map(|c| (c.clone(), super::settings::category_label(t, c)))
        .collect();
    for c in retired {
        choices.push((c.clone(), t.t1("edit-sensitive-retired", "category", c)));
    }
    choices.push((
        SensitiveContent::NONE.as_str().to_string(),
        t.t("sensitive-none"),
    ));
    choices
}

// The page has that many inputs; a struct of them would only rename the arguments.
#[allow(clippy::too_many_arguments)]
fn edit_page_for(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    id: &str,
    form: ProjectForm,
    errors: Errors,
    frozen: bool,
    sample: Option<serde_json::Value>,
) -> EditPage {
    let mut form = form;
    form_fields::attach_errors(&mut form.form_fields, &errors);
    let currency = &state.settings.currency;
    let mut ignored = Errors::default();
    let preview = preview_html(&t, &form, sample, &preview_frame_src(id), &mut ignored);
    let hourly = {
        let reward = handprint_core::Money::parse(&form.reward, currency).ok();
        let secs = form.estimated_seconds.trim().parse::<i64>().ok();
        match (reward, secs) {
            (Some(r), Some(s)) => handprint_core::money::hourly_rate(r, s)
                .map(|m| money(state, &t, m))
                .unwrap_or_default(),
            _ => String::new(),
        }
    };
    EditPage {
        nav: Nav::new(
            &signed.visitor,
            if id.is_empty() {
                "/projects/new"
            } else {
                "/projects"
            },
        ),
        id: id.to_string(),
        end_uses: EndUse::ALL
            .iter()
            .map(|e| {
                (
                    e.as_str().to_string(),
                    end_use_label(&t, *e),
                    e.is_flagged(),
                )
            })
            .collect(),
        sensitive: sensitive_choices(state, &t, &form),
        kinds: handprint_core::template::TemplateKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), t.t(&format!("kind-{}", k.as_str()))))
            .collect(),
        currency: currency.code.clone(),
        floor: state.settings.pay_floor_per_hour.format(currency),
        hourly,
        preview,
        requester_js: super::assets::requester_js_url(),
        action: if id.is_empty() {
            "/projects/new".to_string()
        } else {
            format!("/projects/{id}/edit")
        },
        field_kinds: form_fields::KINDS
            .iter()
            .map(|k| (k.to_string(), t.t(&format!("ff-kind-{k}"))))
            .collect(),
        blank_row: FieldRow::blank("__K__"),
        form,
        errors,
        frozen,
        t,
    }
}

#[derive(Template)]
#[template(path = "preview.html")]
struct Preview {
    t: Tr,
    /// The instructions' Markdown, rendered safe (see `markdown`).
    instructions: String,
    body: TaskBody,
    problems: Vec<String>,
    /// For an external study, what only the requester reads: how the link and the
    /// time work, and the accepted codes; empty for other kinds.
    owner_note: String,
}

/// The task as a worker will see it, for the form as typed so far.
fn preview_html(
    t: &Tr,
    form: &ProjectForm,
    sample: Option<serde_json::Value>,
    frame: &str,
    errors: &mut Errors,
) -> String {
    let mut problems = Vec::new();
    let mut owner_note = String::new();
    let body = match form.template_json(t, errors) {
        None => {
            problems.push(t.t("preview-no-kind"));
            TaskBody::default()
        }
        Some(json) => match TaskTemplate::parse(&json) {
            Ok(template) => {
                if let TaskTemplate::ExternalStudy(study) = &template {
                    owner_note = t.t1(
                        "preview-study-owner",
                        "codes",
                        study.completion_codes().join(", "),
                    );
                }
                if let TaskTemplate::CustomHtml(_) = &template {
                    owner_note = t.t(if frame.is_empty() {
                        "preview-custom-unsaved"
                    } else {
                        "preview-custom-saved"
                    });
                }
                let data = sample.unwrap_or_else(|| sample_data(&template));
                TaskBody::new(&template, &data, &Posted::default()).with_frame(frame.to_string())
            }
            Err(e) => {
                problems.extend(
                    e.0.iter()
                        .map(|p| format!("{}: {}", p.path.trim_start_matches('/'), t.problem(p))),
                );
                TaskBody::default()
            }
        },
    };
    problems.extend(errors.all().iter().map(|(k, v)| format!("{k}: {v}")));
    Preview {
        t: t.clone(),
        instructions: super::markdown::to_html(&form.instructions),
        body,
        problems,
        owner_note,
    }
    .render()
    .unwrap_or_default()
}

async fn first_item(
    state: &AppState,
    project_id: &ProjectId,
) -> Result<Option<serde_json::Value>, WebError> {
    let tasks = state.db.tasks_page(project_id, None, 1).await?;
    Ok(match tasks.first() {
        Some(task) => Some(task.data_json()?),
        None => None,
    })
}

/// The project editor's own names; the project's fields (and a form template's rows,
/// `ff_<key>_<setting>`) are read by `ProjectForm::from_posted` from the pairs.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ProjectSent {
    /// The project previewed (its first item is the sample), or "" for a new one.
    project_id: String,
    /// A row button of a form template's fields: add, remove or move (no script needed).
    ff_action: String,
}

async fn preview(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    CsrfForm(sent): CsrfForm<Dynamic<ProjectSent>>,
) -> Result<Response, WebError> {
    let form = ProjectForm::from_posted(&sent.fields);
    let id = ProjectId::from(sent.form.project_id.as_str());
    let sample = if id.as_str().is_empty() {
        None
    } else {
        let row = owned_project(&state, &signed.caller(), &id).await?;
        first_item(&state, &row.id).await?
    };
    let mut errors = Errors::default();
    let frame = preview_frame_src(id.as_str());
    let html = preview_html(&t, &form, sample, &frame, &mut errors);
    Ok(axum::response::Html(html).into_response_with_no_store())
}

trait NoStore {
    fn into_response_with_no_store(self) -> Response;
}
impl<T: axum::response::IntoResponse> NoStore for T {
    fn into_response_with_no_store(self) -> Response {
        let mut r = self.into_response();
        r.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
        r
    }
}

async fn new_page(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
) -> Result<Response, WebError> {
    let page = edit_page_for(
        &state,
        t,
        &signed,
        "",
        ProjectForm::blank(),
        Errors::default(),
        false,
        None,
    );
    Ok(allow_frames(render(&page)))
}

fn problems_to_errors(
    t: &Tr,
    e: AppError,
    form: &ProjectForm,
    errors: &mut Errors,
) -> Result<(), WebError> {
    match e {
        AppError::Invalid { problems, .. } => {
            for p in problems {
                errors.push(&form.input_for_path(&p.path), t.problem(&p));
            }
            Ok(())
        }
        AppError::Conflict(m) | AppError::BadRequest(m) => {
            errors.push("form", t.msg(&m));
            Ok(())
        }
        other => Err(other.into()),
    }
}

async fn create(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    CsrfForm(sent): CsrfForm<Dynamic<ProjectSent>>,
) -> Result<Response, WebError> {
    let mut form = ProjectForm::from_posted(&sent.fields);
    if form_fields::apply_action(&mut form.form_fields, &sent.form.ff_action) {
        // A row added, removed or moved without the script: shown again, nothing saved.
        let page = edit_page_for(&state, t, &signed, "", form, Errors::default(), false, None);
        return Ok(allow_frames(render(&page)));
    }
    let mut errors = Errors::default();
    let input = form.to_input(&t, false, &mut errors);
    if errors.is_empty() {
        match app::create(&state, &signed.caller(), &input).await {
            Ok(row) => return Ok(see_other(&format!("/projects/{}", row.id))),
            Err(e) => problems_to_errors(&t, e, &form, &mut errors)?,
        }
    }
    let page = edit_page_for(&state, t, &signed, "", form, errors, false, None);
    Ok(allow_frames(render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &page,
    )))
}

async fn edit_page(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
) -> Result<Response, WebError> {
    let row = owned_project(&state, &signed.caller(), &id).await?;
    let spec = row.spec()?;
    let form = ProjectForm::from_spec(&spec, &state.settings.currency);
    let sample = first_item(&state, &id).await?;
    let frozen = row.state() != ProjectState::Draft;
    let page = edit_page_for(
        &state,
        t,
        &signed,
        id.as_str(),
        form,
        Errors::default(),
        frozen,
        sample,
    );
    Ok(allow_frames(render(&page)))
}

async fn update(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
    CsrfForm(sent): CsrfForm<Dynamic<ProjectSent>>,
) -> Result<Response, WebError> {
    let row = owned_project(&state, &signed.caller(), &id).await?;
    let frozen = row.state() != ProjectState::Draft;
    let mut form = ProjectForm::from_posted(&sent.fields);
    if frozen {
        // The template, reward and overlap are shown, not sent, once published: keep
        // what is stored so the page stays truthful; the rest is what was typed.
        let stored = ProjectForm::from_spec(&row.spec()?, &state.settings.currency);
        form = ProjectForm {
            title: form.title,
            description: form.description,
            instructions: form.instructions,
            purpose: form.purpose,
            end_uses: form.end_uses,
            sensitive: form.sensitive,
            estimated_seconds: form.estimated_seconds,
            lease_seconds: form.lease_seconds,
            review_window_seconds: form.review_window_seconds,
            language: form.language,
            elig_countries: form.elig_countries,
            elig_languages: form.elig_languages,
            elig_qualifications: form.elig_qualifications,
            elig_included_only: form.elig_included_only,
            control_rate: form.control_rate,
            quality_rules: form.quality_rules,
            ..stored
        };
    } else if form_fields::apply_action(&mut form.form_fields, &sent.form.ff_action) {
        let sample = first_item(&state, &id).await?;
        let page = edit_page_for(
            &state,
            t,
            &signed,
            id.as_str(),
            form,
            Errors::default(),
            frozen,
            sample,
        );
        return Ok(allow_frames(render(&page)));
    }
    let mut errors = Errors::default();
    let input = form.to_input(&t, frozen, &mut errors);
    if errors.is_empty() {
        match app::update(&state, &signed.caller(), &id, &input).await {
            Ok(_) => return Ok(see_other(&format!("/projects/{id}"))),
            Err(e) => problems_to_errors(&t, e, &form, &mut errors)?,
        }
    }
    let sample = first_item(&state, &id).await?;
    let page = edit_page_for(
        &state,
        t,
        &signed,
        id.as_str(),
        form,
        errors,
        frozen,
        sample,
    );
    Ok(allow_frames(render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &page,
    )))
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    t: Tr,
    nav: Nav,
    id: String,
    title: String,
    state: String,
    state_label: String,
    description: String,
    purpose: String,
    end_uses: Vec<String>,
    sensitive: Vec<String>,
    template_kind: String,
    reward: String,
    estimate: String,
    hourly: String,
    overlap: i64,
    actions: Vec<(String, String)>,
    problems: Vec<String>,
    report: Option<ImportReport>,
    upload_error: String,
    accepts_tasks: bool,
    monitor: Monitor,
    /// What the platform told the requester about this project (`GET …/notices`): (when, message).
    notices: Vec<(String, String)>,
    /// Publishing was refused for lack of funds: the figures.
    shortfall: Option<super::funds::Shortfall>,
    /// The project's kept handprints, newest first: (id, when, published).
    handprints: Vec<(String, String, bool)>,
}

const ACTIONS: [ProjectAction; 5] = [
    ProjectAction::Publish,
    ProjectAction::Resume,
    ProjectAction::Pause,
    ProjectAction::Complete,
    ProjectAction::Cancel,
];

async fn project_view(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    row: &ProjectRow,
    problems: Vec<String>,
    report: Option<ImportReport>,
    upload_error: String,
) -> Result<ProjectPage, WebError> {
    let spec: ProjectSpec = row.spec()?;
    let current = row.state();
    let actions = ACTIONS
        .iter()
        // Paused projects offer "resume", not a second "publish".
        .filter(|a| {
            current.after(**a).is_some()
                && !(current == ProjectState::Paused && **a == ProjectAction::Publish)
        })
        .map(|a| {
            (
                a.as_str().to_string(),
                t.t(&format!("action-{}", a.as_str())),
            )
        })
        .collect();
    let monitor = monitor(state, &t, row, &spec).await?;
    let notices = crate::app::review::notices(state, &signed.caller(), &row.id).await?;
    let handprints = state
        .db
        .handprints_of_project(&row.id, 20)
        .await?
        .into_iter()
        .map(|h| (h.id.to_string(), when_text(h.created_at), h.is_published()))
        .collect();
    Ok(ProjectPage {
        handprints,
        notices: notices
            .into_iter()
            .take(5)
            .map(|n| (super::rfc_text(&to_rfc3339(n.at)), t.notice(&n)))
            .collect(),
        nav: Nav::new(&signed.visitor, &format!("/projects/{}", row.id)),
        id: row.id.to_string(),
        title: spec.title.clone(),
        state: row.state.as_str().to_string(),
        state_label: t.t(&format!("pstate-{}", row.state.as_str())),
        description: spec.description.clone(),
        purpose: spec.purpose.clone().unwrap_or_default(),
        end_uses: spec
            .end_uses
            .iter()
            .map(|e| end_use_label(&t, *e))
            .collect(),
        sensitive: spec
            .sensitive_content
            .iter()
            .map(|s| super::settings::category_label(&t, s.as_str()))
            .collect(),
        template_kind: spec
            .template
            .as_ref()
            .map(|k| t.t(&format!("kind-{}", k.kind().as_str())))
            .unwrap_or_default(),
        reward: spec.reward.map(|m| money(state, &t, m)).unwrap_or_default(),
        estimate: spec
            .estimated_seconds
            .map(duration_text)
            .unwrap_or_default(),
        hourly: spec
            .implied_hourly()
            .map(|m| money(state, &t, m))
            .unwrap_or_default(),
        overlap: spec.answers_per_task,
        actions,
        problems,
        report,
        upload_error,
        accepts_tasks: current.accepts_tasks(),
        shortfall: None,
        monitor,
        t,
    })
}

async fn project_page(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
) -> Result<Response, WebError> {
    let row = owned_project(&state, &signed.caller(), &id).await?;
    let page = project_view(&state, t, &signed, &row, Vec::new(), None, String::new()).await?;
    Ok(render(&page))
}

/// A lifecycle button: publish, resume, pause, complete or cancel.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StateForm {
    action: String,
}

async fn change_state(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
    CsrfForm(form): CsrfForm<StateForm>,
) -> Result<Response, WebError> {
    let action = match form.action.as_str() {
        "publish" => ProjectAction::Publish,
        "resume" => ProjectAction::Resume,
        "pause" => ProjectAction::Pause,
        "complete" => ProjectAction::Complete,
        "cancel" => ProjectAction::Cancel,
        other => {
            return Err(AppError::not_offered(
                "action",
                other,
                "publish, resume, pause, complete or cancel",
            )
            .into());
        }
    };
    let outcome = app::change_state(&state, &signed.caller(), &id, action).await;
    match outcome {
        Ok(_) => Ok(see_other(&format!("/projects/{id}"))),
        Err(AppError::Invalid { title, problems }) => {
            let mut lines = vec![t.msg(&title)];
            lines.extend(
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.path.trim_start_matches('/'), t.problem(p))),
            );
            let row = owned_project(&state, &signed.caller(), &id).await?;
            let page = project_view(&state, t, &signed, &row, lines, None, String::new()).await?;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        // Publishing escrows the rewards first: show what it holds, what is missing
        // and how to add money. (Resuming may lack funds for pay-floor top-ups too:
        // that refusal says so in words, below.)
        Err(AppError::InsufficientFunds { .. }) if form.action == "publish" => {
            let row = owned_project(&state, &signed.caller(), &id).await?;
            let shortfall = super::funds::shortfall(&state, &t, &row).await?;
            let mut page =
                project_view(&state, t, &signed, &row, Vec::new(), None, String::new()).await?;
            page.shortfall = Some(shortfall);
            Ok(render_status(StatusCode::PAYMENT_REQUIRED, &page))
        }
        Err(e @ (AppError::Conflict(_) | AppError::InsufficientFunds { .. })) => {
            let m = super::refusal_text(&t, &e);
            let row = owned_project(&state, &signed.caller(), &id).await?;
            let page = project_view(&state, t, &signed, &row, vec![m], None, String::new()).await?;
            Ok(render_status(StatusCode::CONFLICT, &page))
        }
        Err(e) => Err(e.into()),
    }
}

/// What the page says of how a file's stream ended ("" when it was read whole).
fn end_text(t: &Tr, state: &AppState, end: StreamEnd, bytes: usize, stored: u64) -> String {
    match end {
        StreamEnd::Whole if bytes == 0 => t.t("upload-empty"),
        StreamEnd::Whole => String::new(),
        StreamEnd::TooLarge => t.t2(
            "upload-too-large",
            "max",
            state.settings.max_import_bytes,
            "stored",
            stored,
        ),
        StreamEnd::Unreadable => t.t1("upload-broken", "stored", stored),
        StreamEnd::Failed(why) => t.args(
            "err-upload-unreadable",
            &[("stored", stored.to_string()), ("why", why)],
        ),
    }
}

/// Upload items from a CSV, JSONL or JSON file (multipart form: `_csrf` first, then `file`).
/// The file is streamed into the importer as it arrives, never held whole in memory,
/// up to the instance's `max_import_bytes` (the API's limit too).
async fn upload(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    // Unknown or not the caller's: 404 before anything is read.
    owned_project(&state, &signed.caller(), &id).await?;
    let mut csrf_ok = false;
    let mut report = None;
    let mut upload_error = String::new();
    let mut file_seen = false;
    loop {
        let next = multipart.next_field().await;
        let Ok(Some(part)) = next else {
            if next.is_err() {
                upload_error = t.t("upload-unreadable");
            }
            break;
        };
        match part.name().unwrap_or("") {
            "_csrf" => {
                let token = small_text(part).await.unwrap_or_default();
                signed.visitor.check_token(&token)?;
                csrf_ok = true;
            }
            "file" if csrf_ok => {
                file_seen = true;
                let row = match tasks::importable_project(&state, &signed.caller(), &id).await {
                    Ok(row) => row,
                    Err(AppError::Conflict(m)) => {
                        upload_error = t.msg(&m);
                        // The rest of the body is not read: nothing in it is wanted.
                        break;
                    }
                    Err(e) => return Err(e.into()),
                };
                let hint = FormatHint {
                    content_type: part.content_type().map(str::to_string),
                    file_name: part.file_name().map(str::to_string),
                };
                let streamed = match stream_into_project(&state, &row, part, hint).await {
                    Ok(s) => s,
                    // Items added to a published project are escrowed as they are stored;
                    // a draft's stop at the organisation's draft quota (a conflict).
                    Err(e @ (AppError::InsufficientFunds { .. } | AppError::Conflict(_))) => {
                        upload_error = super::refusal_text(&t, &e);
                        break;
                    }
                    Err(e) => return Err(e.into()),
                };
                let stored = streamed.report.created;
                upload_error = end_text(&t, &state, streamed.end, streamed.bytes, stored);
                report = Some(streamed.report);
                if !upload_error.is_empty() {
                    // Over the limit or broken: skipping to the next part would read the rest.
                    break;
                }
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(WebError::Csrf);
    }
    if !file_seen && upload_error.is_empty() {
        upload_error = t.t("upload-empty");
    }
    let row = owned_project(&state, &signed.caller(), &id).await?;
    let status = if upload_error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = project_view(&state, t, &signed, &row, Vec::new(), report, upload_error).await?;
    Ok(render_status(status, &page))
}

/// A short text part (the CSRF token): at most 1 KiB is read, so a forged
/// huge field cannot fill memory now that the body has no overall limit.
async fn small_text(mut part: Field<'_>) -> Option<String> {
    let mut text = Vec::new();
    while let Ok(Some(chunk)) = part.chunk().await {
        if text.len() + chunk.len() > 1024 {
            return None;
        }
        text.extend_from_slice(&chunk);
    }
    String::from_utf8(text).ok()
}

/// How the file part ended.
enum StreamEnd {
    /// Read to its end.
    Whole,
    /// Longer than `max_import_bytes`: the rows before the limit are stored.
    TooLarge,
    /// The connection broke or the multipart body was malformed.
    Unreadable,
    /// The importer stopped for another reason (its message).
    Failed(String),
}

struct Streamed {
    report: ImportReport,
    bytes: usize,
    end: StreamEnd,
}

/// The chunks a channel carries, as a stream that may be polled again after its end
/// (`unfold` panics there; `StreamReader` happens to stop at the first end today, but
/// nothing here should depend on that).
fn channel_stream(
    mut rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Unpin {
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

const OVER_THE_LIMIT: &str = "the file is over the upload limit";

/// Feed the file part, chunk by chunk, to the streaming importer: a small
/// channel carries the chunks to the importer's blocking parser, so at most a
/// few chunks are in memory whatever the file's size.
async fn stream_into_project(
    state: &AppState,
    row: &ProjectRow,
    mut part: Field<'_>,
    hint: FormatHint,
) -> Result<Streamed, AppError> {
    let max = state.settings.max_import_bytes;
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(4);
    let reader = SyncIoBridge::new(StreamReader::new(channel_stream(rx)));
    let pump = async move {
        let mut bytes = 0_usize;
        loop {
            let (item, end) = match part.chunk().await {
                Ok(Some(chunk)) if bytes + chunk.len() > max => {
                    (std::io::Error::other(OVER_THE_LIMIT), StreamEnd::TooLarge)
                }
                Ok(Some(chunk)) => {
                    bytes += chunk.len();
                    if tx.send(Ok(chunk)).await.is_err() {
                        // The importer stopped reading; it says why.
                        return (bytes, None);
                    }
                    continue;
                }
                Ok(None) => return (bytes, Some(StreamEnd::Whole)),
                Err(e) => (std::io::Error::other(e), StreamEnd::Unreadable),
            };
            let _ = tx.send(Err(item)).await;
            return (bytes, Some(end));
        }
    };
    let import = tasks::import(state, row, reader, hint);
    let ((bytes, pumped), imported) = tokio::join!(pump, import);
    let (report, outcome) = imported?;
    let end = match (pumped, outcome) {
        (Some(StreamEnd::Whole), Ok(())) => StreamEnd::Whole,
        (Some(end @ (StreamEnd::TooLarge | StreamEnd::Unreadable)), _) => end,
        (_, Err(e)) => StreamEnd::Failed(e.to_string()),
        (_, Ok(())) => StreamEnd::Whole,
    };
    Ok(Streamed { report, bytes, end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    #[tokio::test]
    async fn the_upload_stream_may_be_polled_again_after_its_end() {
        let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(2);
        tx.send(Ok(Bytes::from_static(b"text\nhello\n")))
            .await
            .expect("send");
        drop(tx);
        let mut chunks = channel_stream(rx);
        let first = chunks.next().await.expect("a chunk").expect("bytes");
        assert_eq!(&first[..], b"text\nhello\n");
        assert!(chunks.next().await.is_none());
        // Asked again after its end (`unfold` would panic here): the end again.
        assert!(chunks.next().await.is_none());
    }
}
