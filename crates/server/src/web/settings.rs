//! A worker's settings: the languages they declare (checked against projects'
//! eligibility) and the qualifications they hold, through `app::eligibility` and
//! `app::qualifications`, as `PATCH /api/v1/me` and `GET /api/v1/me/qualifications`.

use super::extract::{CsrfForm, Posted, WorkerPage};
use super::i18n::Tr;
use super::{Nav, WebError, render, render_status, see_other};
use crate::app::eligibility::{self, LanguagesInput};
use crate::app::qualifications;
use crate::app::sensitive;
use crate::app::settings::{self, SettingsInput};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/settings", get(page).post(save))
        .route("/me/settings/sensitive", post(save_sensitive))
}

/// A sensitive category as the settings page offers it.
pub struct CategoryChoice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A category's exposure, as the settings page shows it.
pub struct ExposureRow {
    pub label: String,
    pub today: String,
    pub week: String,
    pub month: String,
}

/// A category's name in the reader's language (the operator's own categories as named).
pub fn category_label(t: &Tr, category: &str) -> String {
    let id = format!("sensitive-{category}");
    if t.has(&id) {
        t.t(&id)
    } else {
        category.to_string()
    }
}

/// A qualification the worker holds: its name and their score.
pub struct HeldLine {
    pub name: String,
    pub score: i64,
}

/// A grant or revocation about the worker, with its reason.
pub struct EventLine {
    pub name: String,
    pub text: String,
    pub reason: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    t: Tr,
    nav: Nav,
    languages: String,
    /// Each declared language's name in the reader's language.
    names: Vec<String>,
    errors: Vec<String>,
    saved: bool,
    held: Vec<HeldLine>,
    history: Vec<EventLine>,
    categories: Vec<CategoryChoice>,
    sensitive_errors: Vec<String>,
    exposure: Vec<ExposureRow>,
    wellbeing_url: String,
}

async fn view(
    state: &AppState,
    t: Tr,
    signed: &WorkerPage,
    typed: Option<String>,
    errors: Vec<String>,
    saved: bool,
) -> Result<SettingsPage, WebError> {
    let caller = signed.caller();
    let declared = eligibility::languages(state, &caller).await?;
    let mine = qualifications::mine(state, &caller).await?;
    let current = settings::get(state, &caller).await?;
    let exposure = sensitive::exposure(state, &caller).await?;
    let minutes = |at: i64| {
        handprint_core::clock::to_rfc3339(at)
            .get(..16)
            .unwrap_or("")
            .replace('T', " ")
    };
    Ok(SettingsPage {
        nav: Nav::new(&signed.visitor, "/me/settings"),
        languages: typed.unwrap_or_else(|| {
            declared
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }),
        names: declared
            .iter()
            .map(|l| l.name(&t.lang()).to_string())
            .collect(),
        errors,
        saved,
        held: mine
            .held
            .into_iter()
            .map(|h| HeldLine {
                name: h.name,
                score: h.score,
            })
            .collect(),
        history: mine
            .history
            .into_iter()
            .map(|e| EventLine {
                text: match e.score {
                    Some(score) => t.t1("settings-granted", "score", score),
                    None => t.t("settings-revoked"),
                },
                name: e.name,
                reason: e.reason,
                at: minutes(e.at),
            })
            .collect(),
        categories: current
            .sensitive_categories
            .iter()
            .map(|c| CategoryChoice {
                value: c.clone(),
                label: category_label(&t, c),
                checked: current.sensitive_opt_in.contains(c),
            })
            .collect(),
        sensitive_errors: Vec::new(),
        exposure: exposure
            .iter()
            .map(|e| ExposureRow {
                label: category_label(&t, &e.category),
                today: t.count("settings-minutes", e.today_minutes),
                week: t.count("settings-minutes", e.week_minutes),
                month: t.count("settings-minutes", e.month_minutes),
            })
            .collect(),
        wellbeing_url: state
            .settings
            .sensitive
            .wellbeing_url
            .clone()
            .unwrap_or_default(),
        t,
    })
}

#[derive(serde::Deserialize, Default)]
struct Saved {
    saved: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Query(q): Query<Saved>,
) -> Result<Response, WebError> {
    let saved = q.saved.is_some();
    Ok(render(
        &view(&state, t, &signed, None, Vec::new(), saved).await?,
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct LanguagesForm {
    languages: String,
}

async fn save(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    CsrfForm(form): CsrfForm<LanguagesForm>,
) -> Result<Response, WebError> {
    let list: Vec<String> = form
        .languages
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let input = LanguagesInput {
        languages: Some(list),
    };
    match eligibility::set_languages(&state, &signed.caller(), &input).await {
        Ok(_) => Ok(see_other("/me/settings?saved=1")),
        Err(AppError::Invalid { problems, .. }) => {
            let errors = problems.iter().map(|p| t.problem(p)).collect();
            let page = view(&state, t, &signed, Some(form.languages), errors, false).await?;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

/// The sensitive categories the worker opts in to (ticked boxes `sensitive_opt_in`).
async fn save_sensitive(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    CsrfForm(form): CsrfForm<Posted>,
) -> Result<Response, WebError> {
    let input = SettingsInput {
        sensitive_opt_in: Some(form.all("sensitive_opt_in")),
        ..SettingsInput::default()
    };
    match settings::put(&state, &signed.caller(), &input).await {
        Ok(_) => Ok(see_other("/me/settings?saved=1#sensitive")),
        Err(AppError::Invalid { problems, .. }) => {
            let errors = problems.iter().map(|p| t.problem(p)).collect();
            let mut page = view(&state, t, &signed, None, Vec::new(), false).await?;
            page.sensitive_errors = errors;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}
