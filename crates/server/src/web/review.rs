//! The requester's review of a project's answers: approve, reject (a listed reason and
//! a message the worker reads) or pay a bonus, one answer at a time or several ticked
//! at once; and the platform's notices about the project (top-ups to the pay floor).
//!
//! Each action is `app::review`'s use case (`approve`/`reject`/`bonus`/`bulk`), as in
//! the API, so a refusal here is the API's refusal, shown next to the answer it is
//! about with what was typed kept.

use super::auth::Errors;
use super::extract::Posted;
use super::extract::{CsrfForm, RequesterPage};
use super::i18n::Tr;
use super::session::SignedIn;
use super::task::{ShownMedia, TaskBody, answer_text};
use super::{
    Nav, WebError, duration_text, form_errors, render, render_status, see_other, url_encode,
    when_text,
};
use crate::app::access::owned_project;
use crate::app::review::{
    self, BonusFields, BonusRequest, BulkReviewRequest, RejectRequest, SubmissionsQuery,
};
use crate::app::work::micros_to_seconds;
use crate::auth::pseudonym;
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use handprint_core::AssignmentId;
use handprint_core::ProjectId;
use handprint_core::review::RejectionReason;
use handprint_core::template::{FieldProblem, Template as TaskTemplate};
use handprint_store::projects::ProjectRow;
use handprint_store::review::ReviewRow;
use serde::Deserialize;
use std::collections::HashMap;

const PER_PAGE: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/projects/{id}/review", get(review_page).post(act))
}

/// What was typed into one answer's forms (or the bulk form), and what was wrong.
#[derive(Clone, Debug, Default)]
pub struct ActionForm {
    pub reason: String,
    pub message: String,
    pub amount: String,
    pub bonus_message: String,
    /// The bonus's idempotency key, fresh in each rendered page: a re-post of the same
    /// form (a double click, the back button) finds the bonus paid and pays nothing.
    pub bonus_key: String,
    /// Which action was tried: approve, reject or bonus.
    pub action: String,
    /// The bulk form's "every answer on this page" box: the server acts on the page's
    /// answers (`on_page`), ticked or not, so no script is needed to select them all.
    pub all_on_page: bool,
    pub errors: Errors,
}

/// What the review page posts: one answer's form (`scope=one`, its `assignment`) or
/// the bulk form (`scope=bulk`, the ticked `assignment`s, and `on_page`: every answer
/// the page showed).
#[derive(Deserialize, Default)]
#[serde(default)]
struct ReviewSent {
    action: String,
    reason: String,
    message: String,
    amount: String,
    bonus_message: String,
    bonus_key: String,
    all_on_page: String,
    scope: String,
    /// The page's filter (`all`), kept on the way back.
    show: String,
    assignment: Vec<String>,
    on_page: Vec<String>,
}

impl ActionForm {
    fn from_sent(sent: &ReviewSent) -> ActionForm {
        ActionForm {
            reason: sent.reason.clone(),
            message: sent.message.clone(),
            amount: sent.amount.trim().to_string(),
            bonus_message: sent.bonus_message.clone(),
            bonus_key: sent.bonus_key.trim().to_string(),
            action: sent.action.clone(),
            all_on_page: sent.all_on_page == "1",
            errors: Errors::default(),
        }
    }
    pub fn open(&self, action: &str) -> bool {
        self.action == action && !self.errors.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Submission {
    pub id: String,
    pub item: String,
    pub data: Vec<(String, String)>,
    /// The item's image, sound or video (the image boxes were drawn on).
    pub media: Option<ShownMedia>,
    pub worker: String,
    pub answer: String,
    pub seconds: String,
    pub submitted: String,
    pub state: String,
    pub state_label: String,
    pub reason: String,
    pub message: String,
    pub pending: bool,
    pub checked: bool,
    pub form: ActionForm,
}

#[derive(Clone, Debug)]
pub struct Notice {
    pub when: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    t: Tr,
    nav: Nav,
    id: String,
    title: String,
    show_all: bool,
    items: Vec<Submission>,
    next: String,
    reasons: Vec<(String, String)>,
    bulk: ActionForm,
    notices: Vec<Notice>,
    currency: String,
    flash: String,
    /// The idempotency key of this page's bonus forms.
    bonus_key: String,
    /// The script that ticks every box when "every answer on this page" is ticked.
    requester_js: &'static str,
}

#[derive(Deserialize, Default)]
struct ReviewQuery {
    show: Option<String>,
    after: Option<String>,
    done: Option<i64>,
    /// Bonuses found already paid under the form's key (nothing paid again).
    again: Option<i64>,
    /// Only this answer (the link from its messages).
    assignment: Option<String>,
}

/// The review state of an answer as the requester reads it.
pub fn review_label(t: &Tr, state: &str) -> String {
    t.t(&format!("rstate-{}", state.replace('_', "-")))
}

/// What a refused action leaves on the page: what was typed on each refused answer,
/// the ticked answers, and the bulk form.
#[derive(Default)]
struct Typed {
    forms: HashMap<String, ActionForm>,
    picked: Vec<String>,
    bulk: ActionForm,
}

async fn page(
    state: &AppState,
    t: Tr,
    signed: &RequesterPage,
    id: &ProjectId,
    q: &ReviewQuery,
    typed: Typed,
) -> Result<ReviewPage, WebError> {
    let caller = signed.caller();
    let row = owned_project(state, &caller, id).await?;
    let spec = row.spec()?;
    let show_all = q.show.as_deref() == Some("all");
    let query = SubmissionsQuery {
        review: Some(if show_all { "all" } else { "pending" }.into()),
        after: q.after.clone(),
        limit: Some(PER_PAGE),
    };
    let (project, list) = match q.assignment.as_deref() {
        Some(one) => review::submission(state, &caller, id, &AssignmentId::from(one)).await?,
        None => review::submissions(state, &caller, id, &query).await?,
    };
    let next = if list.len() as i64 == PER_PAGE {
        list.last().map(|s| s.id.to_string()).unwrap_or_default()
    } else {
        String::new()
    };
    // Answers just refused stay on the page even when the list moved on.
    let mut items = Vec::with_capacity(list.len());
    for s in list {
        items.push(
            submission(
                state,
                &t,
                spec.template.as_ref(),
                (&project, s),
                &typed.forms,
                &typed.picked,
            )
            .await?,
        );
    }
    let found = review::notices(state, &caller, id).await?;
    Ok(ReviewPage {
        nav: Nav::new(&signed.visitor, &format!("/projects/{id}/review")),
        id: id.to_string(),
        title: spec.title.clone(),
        show_all,
        items,
        next,
        reasons: RejectionReason::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str().to_string(),
                    t.t(&format!("reason-{}", r.as_str())),
                )
            })
            .collect(),
        bulk: typed.bulk,
        notices: found
            .into_iter()
            .map(|n| Notice {
                when: when_text(n.at),
                message: t.notice(&n),
            })
            .collect(),
        currency: state.settings.currency.code.clone(),
        requester_js: super::assets::requester_js_url(),
        flash: flash_text(&t, q),
        bonus_key: super::worker::new_key(),
        t,
    })
}

async fn submission(
    state: &AppState,
    t: &Tr,
    template: Option<&TaskTemplate>,
    (project, s): (&ProjectRow, ReviewRow),
    forms: &HashMap<String, ActionForm>,
    picked: &[String],
) -> Result<Submission, WebError> {
    let task = state.db.task(&s.task_id).await?;
    let body = match template {
        Some(tpl) => TaskBody::new(tpl, &task.data_json()?, &Posted::default()),
        None => TaskBody::default(),
    };
    let media = body.item_media();
    let data = body.data;
    let review_state = s.review_state.as_deref().unwrap_or("pending");
    Ok(Submission {
        item: task.external_id.clone().unwrap_or_default(),
        data,
        media,
        worker: pseudonym(&project.pseudonym_salt, &s.worker_id),
        answer: s
            .answer
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .map(|a| answer_text(template, &a))
            .unwrap_or_default(),
        seconds: s
            .working_micros
            .map(|m| duration_text(micros_to_seconds(m).round() as i64))
            .unwrap_or_default(),
        submitted: s.ended_at.map(when_text).unwrap_or_default(),
        pending: review_state == "pending",
        state_label: review_label(t, review_state),
        state: review_state.to_string(),
        reason: s
            .rejection_reason
            .as_deref()
            .map(|r| t.t(&format!("reason-{r}")))
            .unwrap_or_default(),
        message: s.rejection_message.clone().unwrap_or_default(),
        checked: picked.iter().any(|p| s.id == p.as_str()),
        form: forms.get(s.id.as_str()).cloned().unwrap_or_default(),
        id: s.id.into_string(),
    })
}

async fn review_page(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
    Query(q): Query<ReviewQuery>,
) -> Result<Response, WebError> {
    let p = page(&state, t, &signed, &id, &q, Typed::default()).await?;
    Ok(render(&p))
}

/// What the redirect after acting says: how many were done, and how many bonuses had
/// been paid already from the same form.
fn flash_text(t: &Tr, q: &ReviewQuery) -> String {
    let again = q.again.unwrap_or(0);
    let mut parts = Vec::new();
    if let Some(n) = q.done.filter(|&n| n > 0 || again == 0) {
        parts.push(t.count("review-done", n));
    }
    if again > 0 {
        parts.push(t.count("review-bonus-already", again));
    }
    parts.join(" ")
}

/// What one action on one answer came to.
enum Acted {
    Done,
    /// A bonus found paid already under the form's key: nothing was paid now.
    AlreadyPaid,
}

/// One action on one answer.
async fn act_one(
    state: &AppState,
    signed: &SignedIn,
    assignment: &str,
    form: &ActionForm,
) -> Result<Acted, AppError> {
    let caller = signed.caller();
    let assignment = &AssignmentId::from(assignment);
    match form.action.as_str() {
        "approve" => review::approve(state, &caller, assignment)
            .await
            .map(|_| Acted::Done),
        "reject" => {
            let req = RejectRequest {
                reason: Some(form.reason.clone()).filter(|r| !r.is_empty()),
                message: Some(form.message.clone()),
            };
            review::reject(state, &caller, assignment, &req)
                .await
                .map(|_| Acted::Done)
        }
        "bonus" => {
            let req = BonusRequest {
                amount: form.amount.clone(),
                message: form.bonus_message.clone(),
                idempotency_key: Some(form.bonus_key.clone()).filter(|k| !k.is_empty()),
            };
            // The form names the bonus's message `bonus_message` (a rejection's is `message`).
            let fields = BonusFields {
                message: "/bonus_message",
                ..BonusFields::API
            };
            review::bonus(state, &caller, assignment, req, fields)
                .await
                .map(|b| {
                    if b.created {
                        Acted::Done
                    } else {
                        Acted::AlreadyPaid
                    }
                })
        }
        other => Err(AppError::not_offered(
            "action",
            other,
            "approve, reject or bonus",
        )),
    }
}

/// What acting on the picked answers came to: the refused ones' forms with their
/// errors, the bulk form's errors, and how many were done.
struct Outcome {
    forms: HashMap<String, ActionForm>,
    bulk: ActionForm,
    done: i64,
    again: i64,
}

impl Outcome {
    /// A refusal of `form` on `assignment`: field errors once (on the bulk form in
    /// bulk), the rest on the answer it is about.
    fn refused(
        &mut self,
        t: &Tr,
        e: AppError,
        assignment: &str,
        form: &ActionForm,
        bulk_scope: bool,
    ) -> Result<(), WebError> {
        let errors = form_errors(t, e)?;
        // Field errors are the same for every ticked answer: say them once, on the bulk form.
        let (fields_wrong, others): (Vec<_>, Vec<_>) =
            errors.all().iter().cloned().partition(|(k, _)| k != "form");
        let target = if bulk_scope {
            &mut self.bulk.errors
        } else {
            &mut self
                .forms
                .entry(assignment.to_string())
                .or_insert(form.clone())
                .errors
        };
        for (k, m) in fields_wrong {
            if !target.has(&k) {
                target.push(&k, m);
            }
        }
        if !others.is_empty() {
            let f = self
                .forms
                .entry(assignment.to_string())
                .or_insert(form.clone());
            for (k, m) in others {
                f.errors.push(&k, m);
            }
        }
        Ok(())
    }
}

/// Approvals in one request, as `POST /api/v1/reviews` does them.
async fn approve_all(
    state: &AppState,
    t: &Tr,
    signed: &SignedIn,
    picked: &[String],
    form: &ActionForm,
    outcome: &mut Outcome,
) -> Result<(), WebError> {
    let req = BulkReviewRequest {
        approve: picked
            .iter()
            .map(|id| AssignmentId::from(id.as_str()))
            .collect(),
        reject: Vec::new(),
    };
    for (id, r) in review::bulk(state, &signed.caller(), &req).await? {
        match r {
            Ok(_) => outcome.done += 1,
            Err(e) => {
                let mut f = form.clone();
                f.errors.push("form", refusal_line(t, &e));
                outcome.forms.insert(id.into_string(), f);
            }
        }
    }
    Ok(())
}

/// A refusal of one answer in a bulk action, on one line in the reader's language
/// ("internal error" for ours, whose cause is never shown).
fn refusal_line(t: &Tr, e: &AppError) -> String {
    let messages: Vec<_> = match e {
        AppError::Invalid { problems, .. } => problems.iter().map(FieldProblem::msg).collect(),
        other => other.message().cloned().into_iter().collect(),
    };
    if messages.is_empty() {
        return match e {
            AppError::Internal(_) => "internal error".into(),
            AppError::Invalid { .. } => String::new(),
            other => other.to_string(),
        };
    }
    messages
        .iter()
        .map(|m| t.msg(m))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Approve, reject or pay a bonus on one answer (`scope=one`) or on every ticked one.
async fn act(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
    CsrfForm(sent): CsrfForm<ReviewSent>,
) -> Result<Response, WebError> {
    owned_project(&state, &signed.caller(), &id).await?;
    let form = ActionForm::from_sent(&sent);
    let bulk_scope = sent.scope == "bulk";
    let picked = if bulk_scope && form.all_on_page {
        sent.on_page
    } else {
        sent.assignment
    };
    let q = ReviewQuery {
        show: Some(sent.show).filter(|s| !s.is_empty()),
        after: None,
        done: None,
        again: None,
        assignment: None,
    };
    let mut outcome = Outcome {
        forms: HashMap::new(),
        bulk: if bulk_scope {
            form.clone()
        } else {
            ActionForm::default()
        },
        done: 0,
        again: 0,
    };
    if bulk_scope && picked.is_empty() {
        outcome.bulk.errors.push("form", t.t("review-pick-some"));
    } else if bulk_scope && form.action == "approve" {
        approve_all(&state, &t, &signed, &picked, &form, &mut outcome).await?;
    } else {
        for assignment in &picked {
            match act_one(&state, &signed, assignment, &form).await {
                Ok(Acted::Done) => outcome.done += 1,
                Ok(Acted::AlreadyPaid) => outcome.again += 1,
                Err(e) => outcome.refused(&t, e, assignment, &form, bulk_scope)?,
            }
        }
    }
    let Outcome {
        forms,
        bulk: bulk_form,
        done,
        again,
    } = outcome;
    if forms.is_empty() && bulk_form.errors.is_empty() {
        let show = if q.show.as_deref() == Some("all") {
            "&show=all"
        } else {
            ""
        };
        let again = if again > 0 {
            format!("&again={again}")
        } else {
            String::new()
        };
        return Ok(see_other(&format!(
            "/projects/{}/review?done={done}{again}{show}",
            url_encode(id.as_str())
        )));
    }
    let typed = Typed {
        forms,
        picked,
        bulk: bulk_form,
    };
    let mut p = page(&state, t, &signed, &id, &q, typed).await?;
    if done > 0 {
        p.flash = p.t.count("review-done", done);
    }
    Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &p))
}
