//! A worker's settings as one object (`GET`/`PUT /api/v1/me/settings` and the
//! settings page): the sensitive categories they opted in to, the languages they
//! declare, and their job alerts.
//!
//! `alerts` is parsed by `handprint_core::alerts::AlertSettings` (each problem named
//! by its path, e.g. `/alerts/kinds/0`) and read back with every key.

use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use handprint_core::Msg;
use handprint_core::account::Role;
use handprint_core::alerts::AlertSettings;
use handprint_core::eligibility::parse_languages;
use handprint_core::sensitive::parse_opt_ins;
use serde::{Deserialize, Serialize};

/// A JSON object of alert settings.
pub type Alerts = serde_json::Map<String, serde_json::Value>;

/// What `PUT /api/v1/me/settings` takes: each field given replaces that setting; a
/// field left out keeps its value.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    /// Sensitive categories the worker agrees to be shown (violence, sexual, hate,
    /// self-harm, and any the operator adds); none by default.
    pub sensitive_opt_in: Option<Vec<String>>,
    /// ISO 639-1 codes of the languages the worker reads.
    pub languages: Option<Vec<String>>,
    /// Job alerts: `in_app` (default true), `email` (false), `message_email` (false),
    /// `kinds`, `languages`, `end_uses` (lists; empty: any), `min_pay_per_hour`
    /// (decimal text in the instance currency, or null), `no_sensitive` (false). Keys
    /// left out take their default.
    #[schema(value_type = Option<Object>)]
    pub alerts: Option<Alerts>,
}

/// A worker's settings.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkerSettings {
    /// The categories opted in to, sorted.
    pub sensitive_opt_in: Vec<String>,
    pub languages: Vec<String>,
    #[schema(value_type = Object)]
    pub alerts: Alerts,
    /// Every category one may opt in to on this instance.
    pub sensitive_categories: Vec<String>,
}

/// The calling worker's settings.
pub async fn get(state: &AppState, caller: &Caller) -> AppResult<WorkerSettings> {
    caller.require(Role::Worker)?;
    let worker = caller.id();
    let alerts = crate::app::alerts::settings_of(state, worker)
        .await?
        .to_json(&state.settings.currency);
    Ok(WorkerSettings {
        sensitive_opt_in: state.db.sensitive_opt_ins(worker).await?,
        languages: state
            .db
            .worker_languages(worker)
            .await?
            .iter()
            .map(|l| l.as_str().to_string())
            .collect(),
        alerts,
        sensitive_categories: state.settings.sensitive.categories(),
    })
}

/// Change the calling worker's settings. Every problem is reported at once (422 with
/// the path of each), and nothing changes unless all of it is right.
pub async fn put(
    state: &AppState,
    caller: &Caller,
    input: &SettingsInput,
) -> AppResult<WorkerSettings> {
    caller.require(Role::Worker)?;
    let current = get(state, caller).await?;
    let mut problems = Vec::new();
    let known = state.settings.sensitive.categories();
    let opt_in = match &input.sensitive_opt_in {
        Some(list) => parse_opt_ins(list, &known, "/sensitive_opt_in").unwrap_or_else(|p| {
            problems.extend(p);
            Vec::new()
        }),
        None => current.sensitive_opt_in.clone(),
    };
    let languages = input.languages.as_ref().map(|list| {
        parse_languages(list, "/languages").unwrap_or_else(|p| {
            problems.extend(p);
            Vec::new()
        })
    });
    let alerts = match &input.alerts {
        Some(a) => AlertSettings::parse(a, &state.settings.currency, "/alerts")
            .unwrap_or_else(|p| {
                problems.extend(p);
                AlertSettings::default()
            })
            .to_json(&state.settings.currency),
        None => current.alerts.clone(),
    };
    if !problems.is_empty() {
        return Err(AppError::invalid(
            Msg::coded("err-settings-invalid", Vec::new()),
            problems,
        ));
    }
    let alerts_text = serde_json::Value::Object(alerts).to_string();
    state
        .db
        .set_worker_settings(caller.id(), &opt_in, &alerts_text)
        .await?;
    if let Some(languages) = languages {
        state
            .db
            .set_worker_languages(caller.id(), &languages)
            .await?;
    }
    get(state, caller).await
}
