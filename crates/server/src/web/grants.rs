//! Manual and performance qualifications on the pages: a requester's "Qualifications"
//! page lists the organisation's manual qualifications with how many workers hold
//! each, creates one, and grants or revokes one to a worker named by the pseudonym of
//! the exports, always with a written reason (kept in the history the worker reads);
//! it also lists and creates the organisation's performance qualifications, which
//! Handprint grants and takes back by control accuracy (every change logged as a
//! decision the worker may have reviewed).
//! Everything goes through `app::qualifications`, as the API does.

use super::extract::{CsrfForm, RequesterPage};
use super::i18n::Tr;
use super::{Nav, WebError, render, render_status, see_other};
use crate::app::qualifications::{self as quals, GrantInput, QualificationInput, RevokeInput};
use crate::{AppError, AppState};
use askama::Template as Page;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::QualificationId;
use handprint_core::eligibility::QualificationKind;
use handprint_store::qualifications::QualificationRow;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/grants", get(list).post(create))
        .route("/grants/{id}", post(grant))
        .route("/grants/{id}/revoke", post(revoke))
}

/// The create form, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct CreateForm {
    /// "manual" (the default) or "performance".
    kind: String,
    name: String,
    description: String,
    /// A performance qualification's terms, as typed.
    min_controls: String,
    pass_score: String,
}

/// The grant and revoke forms, as typed (a revocation has no score).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct GrantForm {
    worker: String,
    score: String,
    reason: String,
}

#[derive(Page)]
#[template(path = "grants.html")]
struct GrantsPage {
    t: Tr,
    nav: Nav,
    qualifications: Vec<QualificationRow>,
    /// The organisation's performance qualifications.
    performance: Vec<QualificationRow>,
    form: CreateForm,
    /// The qualification whose grant or revoke form the errors and values belong to.
    acted_on: String,
    acted: GrantForm,
    errors: Vec<String>,
    done: Option<String>,
}

async fn page(
    state: &AppState,
    t: Tr,
    signed: &RequesterPage,
    form: CreateForm,
    acted_on: String,
    acted: GrantForm,
    errors: Vec<String>,
) -> Result<GrantsPage, WebError> {
    let own = signed.caller().organization()?.clone();
    let (qualifications, performance) = quals::list(state, &signed.caller())
        .await?
        .into_iter()
        .filter(|q| q.organization().as_ref() == Some(&own))
        .filter(|q| q.kind != QualificationKind::Test)
        .partition(|q| q.kind == QualificationKind::Manual);
    Ok(GrantsPage {
        nav: Nav::new(&signed.visitor, "/grants"),
        qualifications,
        performance,
        form,
        acted_on,
        acted,
        errors,
        done: None,
        t,
    })
}

/// Why a form was refused, in the reader's language, with the status the page is
/// answered with: 422 and each problem with its field, or 404 and what was not found
/// (a qualification of another organisation, or a worker who does not hold it).
fn refusal(t: &Tr, e: AppError) -> Result<(StatusCode, Vec<String>), WebError> {
    match e {
        AppError::Invalid { problems, .. } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .map(|p| format!("{}: {}", p.path, t.msg(&p.msg())))
                .collect(),
        )),
        AppError::NotFound(msg) => Ok((StatusCode::NOT_FOUND, vec![t.msg(&msg)])),
        e => Err(e.into()),
    }
}

async fn list(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    query: axum::extract::Query<Done>,
) -> Result<Response, WebError> {
    let done = query.0.done.as_deref().and_then(|d| match d {
        "created" => Some("grants-done-created"),
        "granted" => Some("grants-done-granted"),
        "revoked" => Some("grants-done-revoked"),
        _ => None,
    });
    let mut p = page(
        &state,
        t,
        &signed,
        CreateForm::default(),
        String::new(),
        GrantForm::default(),
        Vec::new(),
    )
    .await?;
    p.done = done.map(|key| p.t.t(key));
    Ok(render(&p))
}

/// `?done=…` after a form went through.
#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
}

async fn create(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<Response, WebError> {
    let performance = form.kind == "performance";
    let input = QualificationInput {
        name: Some(form.name.clone()),
        description: Some(form.description.clone()),
        kind: Some(if performance { "performance" } else { "manual" }.into()),
        min_controls: performance.then(|| number(&form.min_controls)).flatten(),
        pass_score: performance.then(|| number(&form.pass_score)).flatten(),
        ..QualificationInput::default()
    };
    match quals::create(&state, &signed.caller(), &input).await {
        Ok(_) => Ok(see_other("/grants?done=created")),
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let p = page(
                &state,
                t,
                &signed,
                form,
                String::new(),
                GrantForm::default(),
                errors,
            );
            Ok(render_status(status, &p.await?))
        }
    }
}

/// A number field: Some(n) when it reads as one; a text that does not is sent as an
/// impossible value, so the range check names the field; None when empty.
fn number(text: &str) -> Option<i64> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.parse().unwrap_or(-1))
}

async fn grant(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<QualificationId>,
    CsrfForm(form): CsrfForm<GrantForm>,
) -> Result<Response, WebError> {
    let input = GrantInput {
        worker: Some(form.worker.trim().to_string()),
        score: number(&form.score),
        reason: Some(form.reason.clone()),
    };
    match quals::grant(&state, &signed.caller(), &id, &input).await {
        Ok(_) => Ok(see_other("/grants?done=granted")),
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let p = page(
                &state,
                t,
                &signed,
                CreateForm::default(),
                id.to_string(),
                form,
                errors,
            );
            Ok(render_status(status, &p.await?))
        }
    }
}

async fn revoke(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<QualificationId>,
    CsrfForm(form): CsrfForm<GrantForm>,
) -> Result<Response, WebError> {
    let input = RevokeInput {
        reason: Some(form.reason.clone()),
    };
    match quals::revoke(&state, &signed.caller(), &id, form.worker.trim(), &input).await {
        Ok(()) => Ok(see_other("/grants?done=revoked")),
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let p = page(
                &state,
                t,
                &signed,
                CreateForm::default(),
                id.to_string(),
                form,
                errors,
            );
            Ok(render_status(status, &p.await?))
        }
    }
}
