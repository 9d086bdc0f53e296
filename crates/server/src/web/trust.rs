//! Trust and safety pages (issue 16): the operators' page (`/operator/trust`: the
//! report queue, suspensions and their appeals, verifying requesters, takedowns, the
//! trust log) and the suspended holder's page (`/suspended`: the reason, the appeal).
//! Everything calls `app::trust`, as the API does.

use super::auth::Errors;
use super::extract::{CsrfForm, OperatorPage};
use super::forms::finish;
use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, render, rfc_text, see_other};
use crate::AppState;
use crate::app::operator as operator_app;
use crate::app::trust::{self as app, AppealRequest, DecideRequest, ReasonRequest, VerifyRequest};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::clock::to_rfc3339;
use handprint_core::{OrganizationId, ProjectId};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/trust", get(trust_page))
        .route("/operator/trust/reports/{id}", post(decide_report_post))
        .route("/operator/trust/appeals/{id}", post(decide_appeal_post))
        .route("/operator/trust/suspend", post(suspend_post))
        .route("/operator/trust/verify", post(verify_post))
        .route("/operator/trust/revoke", post(revoke_post))
        .route("/operator/trust/takedown", post(takedown_post))
        .route("/suspended", get(suspended_page))
        .route("/suspended/appeal", post(appeal_post))
}

/// A report in the queue as the page shows it.
pub struct ReportLine {
    pub id: String,
    pub project: String,
    pub project_id: String,
    pub reason: String,
    pub at: String,
}

/// A suspension in force as the page shows it.
pub struct SuspensionLine {
    pub id: String,
    pub email: String,
    pub reason: String,
    pub at: String,
    pub appeal: Option<String>,
    pub outcome: Option<String>,
    /// Whether this operator suspended the account (then another must decide the appeal).
    pub own: bool,
}

#[derive(Template)]
#[template(path = "trust.html")]
struct TrustPage {
    t: Tr,
    nav: Nav,
    reports: Vec<ReportLine>,
    suspensions: Vec<SuspensionLine>,
    /// (id, name) of every organisation, for verifying and revoking.
    organizations: Vec<(String, String)>,
    /// (when, who, action, subject, reason).
    log: Vec<(String, String, String, String, String)>,
    errors: Errors,
    flash: String,
}

#[derive(Deserialize, Default)]
struct TrustQuery {
    done: Option<String>,
}

async fn trust_list(
    state: &AppState,
    t: Tr,
    signed: &OperatorPage,
    errors: Errors,
    flash: String,
) -> Result<TrustPage, WebError> {
    let caller = signed.caller();
    let reports = app::reports(state, &caller, Some("open"))
        .await?
        .into_iter()
        .map(|r| ReportLine {
            id: r.id,
            project: r.project_title,
            project_id: r.project_id.into_string(),
            reason: r.reason,
            at: rfc_text(&to_rfc3339(r.created_at)),
        })
        .collect();
    let suspensions = app::suspensions(state, &caller)
        .await?
        .into_iter()
        .map(|s| SuspensionLine {
            own: s.suspended_by == *caller.id(),
            id: s.id,
            email: s.email,
            reason: s.reason,
            at: rfc_text(&to_rfc3339(s.suspended_at)),
            appeal: s.appeal_text,
            outcome: s.appeal_outcome.map(|o| t.t(&format!("trust-appeal-{o}"))),
        })
        .collect();
    let organizations = operator_app::organizations(state, &caller)
        .await?
        .into_iter()
        .map(|o| (o.summary.id.into_string(), o.summary.name))
        .collect();
    let log = app::log(state, &caller)
        .await?
        .into_iter()
        .map(|l| {
            (
                rfc_text(&to_rfc3339(l.created_at)),
                l.actor_email,
                t.t(&format!("trust-action-{}", l.action.replace('_', "-"))),
                l.subject,
                l.reason,
            )
        })
        .collect();
    Ok(TrustPage {
        nav: Nav::new(&signed.visitor, "/operator/trust"),
        reports,
        suspensions,
        organizations,
        log,
        errors,
        flash,
        t,
    })
}

async fn trust_page(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Query(q): Query<TrustQuery>,
) -> Result<Response, WebError> {
    let flash = match q.done.as_deref() {
        Some(
            d @ ("dismissed" | "taken_down" | "suspended" | "lifted" | "upheld" | "verified"
            | "revoked"),
        ) => t.t(&format!("trust-done-{}", d.replace('_', "-"))),
        _ => String::new(),
    };
    let page = trust_list(&state, t, &signed, Errors::default(), flash).await?;
    Ok(render(&page))
}

/// An operator's decision on a report or an appeal.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DecideForm {
    outcome: String,
    reason: String,
}

async fn decide_report_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Response, WebError> {
    let req = DecideRequest {
        outcome: form.outcome,
        reason: form.reason,
    };
    let outcome = app::decide_report(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |r| {
            format!(
                "/operator/trust?done={}",
                r.outcome.unwrap_or_else(|| "dismissed".into())
            )
        },
        |t, errors| trust_list(&state, t, &signed, errors, String::new()),
    )
    .await
}

async fn decide_appeal_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Response, WebError> {
    let req = DecideRequest {
        outcome: form.outcome,
        reason: form.reason,
    };
    let outcome = app::decide_appeal(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |s| {
            format!(
                "/operator/trust?done={}",
                s.appeal_outcome.unwrap_or_else(|| "upheld".into())
            )
        },
        |t, errors| trust_list(&state, t, &signed, errors, String::new()),
    )
    .await
}

/// Suspending an account, named by its email.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SuspendForm {
    email: String,
    reason: String,
}

async fn suspend_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    CsrfForm(form): CsrfForm<SuspendForm>,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    let req = ReasonRequest {
        reason: form.reason,
    };
    let outcome = match app::account_by_email(&state, &caller, &form.email).await {
        Ok(id) => app::suspend(&state, &caller, &id, &req).await,
        Err(e) => Err(e),
    };
    finish(
        t,
        outcome,
        |_| "/operator/trust?done=suspended".into(),
        |t, errors| trust_list(&state, t, &signed, errors, String::new()),
    )
    .await
}

/// Verifying an organisation: what was checked, one per line.
#[derive(Deserialize, Default)]
#[serde(default)]
struct VerifyForm {
    organization_id: String,
    checks: String,
}

async fn verify_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    CsrfForm(form): CsrfForm<VerifyForm>,
) -> Result<Response, WebError> {
    let req = VerifyRequest {
        checks: form.checks.lines().map(str::to_string).collect(),
    };
    let id = OrganizationId::from(form.organization_id.trim().to_string());
    let outcome = app::verify(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |_| "/operator/trust?done=verified".into(),
        |t, errors| trust_list(&state, t, &signed, errors, String::new()),
    )
    .await
}

/// Revoking an organisation's verification.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RevokeForm {
    organization_id: String,
    reason: String,
}

async fn revoke_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> Result<Response, WebError> {
    let req = ReasonRequest {
        reason: form.reason,
    };
    let id = OrganizationId::from(form.organization_id.trim().to_string());
    let outcome = app::revoke(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |_| "/operator/trust?done=revoked".into(),
        |t, errors| trust_list(&state, t, &signed, errors, String::new()),
    )
    .await
}

/// Taking a project down, named by its id.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TakedownForm {
    project_id: String,
    reason: String,
}

async fn takedown_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    CsrfForm(form): CsrfForm<TakedownForm>,
) -> Result<Response, WebError> {
    let req = ReasonRequest {
        reason: form.reason,
    };
    let id = ProjectId::from(form.project_id.trim().to_string());
    let outcome = app::take_down(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |_| "/operator/trust?done=taken_down".into(),
        |t, errors| trust_list(&state, t, &signed, errors, String::new()),
    )
    .await
}

#[derive(Template)]
#[template(path = "suspended.html")]
struct SuspendedPage {
    t: Tr,
    nav: Nav,
    reason: String,
    at: String,
    appeal: Option<String>,
    outcome: Option<String>,
    appeal_reason: Option<String>,
    text: String,
    errors: Errors,
}

async fn suspended_view(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    text: String,
    errors: Errors,
) -> Result<Option<SuspendedPage>, WebError> {
    let Some(s) = app::own_suspension(state, &signed.user).await? else {
        return Ok(None);
    };
    Ok(Some(SuspendedPage {
        nav: Nav::new(&signed.visitor, "/suspended"),
        reason: s.reason,
        at: rfc_text(&to_rfc3339(s.suspended_at)),
        appeal: s.appeal_text,
        outcome: s.appeal_outcome.map(|o| t.t(&format!("trust-appeal-{o}"))),
        appeal_reason: s.appeal_reason,
        text,
        errors,
        t,
    }))
}

/// The holder's suspension: why, when, and their appeal. An account that is not
/// suspended is sent home.
async fn suspended_page(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
) -> Result<Response, WebError> {
    match suspended_view(&state, t, &signed, String::new(), Errors::default()).await? {
        Some(page) => Ok(render(&page)),
        None => Ok(see_other("/")),
    }
}

/// The holder's appeal, in their words.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AppealForm {
    text: String,
}

async fn appeal_post(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<AppealForm>,
) -> Result<Response, WebError> {
    if signed.user.suspension_id.is_none() {
        return Ok(see_other("/"));
    }
    let req = AppealRequest {
        text: form.text.clone(),
    };
    let outcome = app::appeal(&state, &signed.user, &req).await;
    let text = form.text;
    finish(
        t,
        outcome,
        |_| "/suspended".into(),
        |t, errors| async {
            suspended_view(&state, t, &signed, text, errors)
                .await?
                .ok_or_else(|| WebError::Api(crate::AppError::not_found("suspension")))
        },
    )
    .await
}
