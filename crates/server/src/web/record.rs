//! The public page of a requester organisation's record, `/requesters/{id}`: the
//! figures of `GET /api/v1/organizations/{id}/record` (the same `app::record::read`,
//! shown through the same `app::record::RecordView`),
//! each with one line on what it means, then the workers' reviews with their
//! distribution (`app::reviews`, as `GET /api/v1/organizations/{id}/reviews`). No
//! sign-in needed to read, no script; a worker who worked for the organisation
//! reviews it here, a requester of the organisation answers reviews here.

use super::extract::{CsrfForm, RequesterPage, WorkerPage};
use super::session::Visitor;
use super::{Nav, WebError, duration_text, render, render_status, see_other, when_text};
use crate::app::record::{self, RecordView, record_view};
use crate::app::reviews::{self, RequesterReviewRequest, ReviewAnswerRequest, Reviews};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::account::Role;
use handprint_core::{OrganizationId, ProjectId};
use serde::Deserialize;

use super::i18n::Tr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/requesters/{id}", get(record_page))
        .route("/requesters/{id}/reviews", post(write_review))
        .route(
            "/requesters/{id}/reviews/{review}/answer",
            post(answer_review),
        )
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    t: Tr,
    nav: Nav,
    r: RecordView,
    /// The measured working time and the median time to pay, as people read durations.
    measured: String,
    time_to_pay: String,
    /// The workers' task time and unpaid time (of the unpaid-time figure), as durations.
    task_time: String,
    unpaid_time: String,
    reviews: Reviews,
    /// For a signed-in worker: the organisation's projects they answered for (id, title).
    reviewable: Vec<(String, String)>,
    /// A requester of this organisation (may answer reviews).
    own: bool,
    form: ReviewForm,
    errors: Vec<String>,
    done: Option<String>,
}

impl RecordPage {
    /// A money figure with its currency, or "no data yet".
    fn money(&self, m: &Option<String>) -> String {
        match m {
            Some(m) => format!("{} {}", self.t.amount(m), self.r.currency),
            None => self.t.t("record-none"),
        }
    }

    fn percent(&self, p: &Option<String>) -> String {
        match p {
            Some(p) => format!("{} %", self.t.amount(p)),
            None => self.t.t("record-none"),
        }
    }

    /// Each rating from 5 down to 1 with how many reviews gave it.
    fn distribution(&self) -> Vec<(i64, i64)> {
        let mut all: Vec<(i64, i64)> = (1..=5).zip(self.reviews.distribution).collect();
        all.reverse();
        all
    }

    fn when(&self, at: &i64) -> String {
        when_text(*at)
    }
}

/// The review form, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ReviewForm {
    project_id: String,
    rating: String,
    text: String,
    signed_as: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerForm {
    text: String,
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
}

async fn page(
    state: &AppState,
    t: Tr,
    visitor: &Visitor,
    id: &OrganizationId,
    form: ReviewForm,
    errors: Vec<String>,
) -> Result<RecordPage, WebError> {
    let r = record_view(state, record::read(state, id).await?)?;
    let measured = duration_text(r.measured_seconds);
    let time_to_pay = r
        .median_seconds_to_pay
        .map(duration_text)
        .unwrap_or_else(|| t.t("record-none"));
    let task_time = duration_text(r.unpaid_time.task_seconds);
    let unpaid_time = duration_text(r.unpaid_time.unpaid_seconds);
    let reviews = reviews::list(state, id).await?;
    let (reviewable, own) = match &visitor.user {
        Some(u) if u.role == Role::Worker => (state.db.worked_projects(&u.id, id).await?, false),
        Some(u) => (Vec::new(), u.organization_id.as_ref() == Some(id)),
        None => (Vec::new(), false),
    };
    Ok(RecordPage {
        nav: Nav::new(visitor, &format!("/requesters/{id}")),
        t,
        r,
        measured,
        time_to_pay,
        task_time,
        unpaid_time,
        reviews,
        reviewable,
        own,
        form,
        errors,
        done: None,
    })
}

async fn record_page(
    State(state): State<AppState>,
    t: Tr,
    visitor: Visitor,
    Path(id): Path<OrganizationId>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let mut p = page(&state, t, &visitor, &id, ReviewForm::default(), Vec::new()).await?;
    p.done = match done.done.as_deref() {
        Some("review") => Some(p.t.t("reviews-done")),
        Some("answer") => Some(p.t.t("reviews-done-answer")),
        _ => None,
    };
    Ok(render(&p))
}

/// Why a form was refused, in the reader's language, with the page's status: 422 with
/// each problem and its field, 403 when the worker may not review.
fn refusal(t: &Tr, e: AppError) -> Result<(StatusCode, Vec<String>), WebError> {
    match e {
        AppError::Invalid { problems, .. } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .map(|p| format!("{}: {}", p.path, t.msg(&p.msg())))
                .collect(),
        )),
        AppError::Forbidden(msg) => Ok((StatusCode::FORBIDDEN, vec![t.msg(&msg)])),
        AppError::NotFound(msg) => Ok((StatusCode::NOT_FOUND, vec![t.msg(&msg)])),
        e => Err(e.into()),
    }
}

async fn write_review(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Path(id): Path<OrganizationId>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<Response, WebError> {
    let req = RequesterReviewRequest {
        project_id: ProjectId::from(form.project_id.trim()),
        // A rating that does not read as a number is sent as an impossible one, so
        // the range check names the field.
        rating: form.rating.trim().parse().unwrap_or(0),
        text: form.text.clone(),
        signed_as: Some(form.signed_as.clone()),
    };
    match reviews::put(&state, &signed.caller(), &id, &req).await {
        Ok(_) => Ok(see_other(&format!("/requesters/{id}?done=review#reviews"))),
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let p = page(&state, t, &signed.visitor, &id, form, errors).await?;
            Ok(render_status(status, &p))
        }
    }
}

async fn answer_review(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path((id, review)): Path<(OrganizationId, String)>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> Result<Response, WebError> {
    let req = ReviewAnswerRequest { text: form.text };
    match reviews::answer(&state, &signed.caller(), &id, &review, &req).await {
        Ok(_) => Ok(see_other(&format!("/requesters/{id}?done=answer#reviews"))),
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let p = page(
                &state,
                t,
                &signed.visitor,
                &id,
                ReviewForm::default(),
                errors,
            )
            .await?;
            Ok(render_status(status, &p))
        }
    }
}
