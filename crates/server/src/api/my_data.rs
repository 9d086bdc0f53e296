//! "Export all my data" (data portability, GDPR art. 20): one JSON document with
//! everything the platform holds about the caller, and nothing about anyone else.
//!
//! A worker's assignments come last and are streamed a page at a time from the store
//! (keyset paging), so a long history is never held whole in memory; the rest (account,
//! keys, statement, payouts, reports) is read before the first byte is sent, so a store
//! failure there is an ordinary error answer. A failure while streaming assignments
//! cuts the connection (logged): the client gets a truncated, invalid document, never a
//! complete-looking partial one.
//!
//! What goes in is `app::my_data`'s; this module writes the JSON document.

use crate::AppState;
use crate::api::accounts::{AccountView, KeyView, account_view, key_view};
use crate::api::money::PayoutView;
use crate::api::money::{StatementLineView, fmt, line_view, payout_view};
use crate::api::work::micros_to_seconds;
use crate::app::my_data::{self as app, MyData, PAGE};
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::web::i18n::Tr;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use futures::StreamExt;
use handprint_core::Money;
use handprint_core::clock::to_rfc3339;
use handprint_store::my_data::{AssignmentCursor, ExportAssignmentRow, OwnReportRow};
use serde::Serialize;

/// The export's format name, so a reader can tell versions apart.
const FORMAT: &str = "handprint-my-data/1";

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/me/export", get(export))
}

/// Everything Handprint holds about you. Workers' fields: all of them; requesters and
/// operators: `account` and `api_keys` (and `note`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct MyDataView {
    /// "handprint-my-data/1".
    pub format: String,
    pub generated_at: String,
    pub currency: String,
    /// What is not in this document and where to find it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub account: AccountView,
    /// Your API keys: label, prefix, created, revoked (the keys and their hashes are never exported).
    pub api_keys: Vec<KeyView>,
    /// Workers: every movement of money on your accounts, oldest first, as `GET /api/v1/statement`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<Vec<StatementLineView>>,
    /// Workers: your payouts, oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payouts: Option<Vec<PayoutView>>,
    /// Workers: the tasks you reported as broken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_reports: Option<Vec<TaskReportView>>,
    /// Workers: the languages you declared (ISO 639-1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
    /// Workers: your qualifications, and every grant and revocation about you with its reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifications: Option<crate::api::qualifications::MyQualificationsView>,
    /// Workers: the requester organisations whose lists name you (include or block), with
    /// their reasons and the pseudonym they named you by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worker_lists: Option<Vec<ListedView>>,
    /// Workers: every automated decision about you, newest first, as
    /// `GET /api/v1/me/decisions`: its inputs, its reason in the request's language,
    /// your review request and its answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<Vec<crate::api::decisions::DecisionView>>,
    /// Workers: every task you took, oldest first (streamed; always the last field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignments: Option<Vec<ExportAssignmentView>>,
}

/// An organisation's list that names you.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ListedView {
    pub organization_id: String,
    /// "include" or "block".
    pub list: String,
    /// The pseudonym the organisation named you by (as in its exports).
    pub named_as: String,
    pub reason: String,
    pub at: String,
}

fn listed_view(
    (organization, l): (
        handprint_core::OrganizationId,
        handprint_store::worker_lists::ListedRow,
    ),
) -> ListedView {
    ListedView {
        organization_id: organization.into_string(),
        list: l.list.as_str().to_string(),
        named_as: l.named_as,
        reason: l.reason,
        at: to_rfc3339(l.at),
    }
}

/// A task you reported as broken.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TaskReportView {
    pub id: String,
    pub project_id: String,
    pub task_id: String,
    pub assignment_id: String,
    pub reason: String,
    pub created_at: String,
}

/// One task you took, with your answer, its review and its dispute.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ExportAssignmentView {
    pub id: String,
    pub project_id: String,
    pub project_title: String,
    /// The requester organisation's name.
    pub organization: String,
    pub task_id: String,
    /// leased, submitted, returned or expired.
    pub state: String,
    pub leased_at: String,
    /// When you sent the answer (submitted assignments).
    pub submitted_at: Option<String>,
    /// When the lease ended by an answer, a give-back or expiry.
    pub ended_at: Option<String>,
    /// Measured working time, in seconds.
    pub working_seconds: Option<f64>,
    /// The answer you gave, as you sent it.
    #[schema(value_type = Option<Object>)]
    pub answer: Option<serde_json::Value>,
    /// The project's reward per answer.
    pub reward: Option<String>,
    /// What this answer paid you, once approved (reward), and the pay-floor top-up.
    pub paid: Option<String>,
    pub topped_up: String,
    /// Submitted answers: pending, approved, rejected, rejection_final or overturned.
    pub review_state: Option<String>,
    pub reviewed_at: Option<String>,
    pub rejection_reason: Option<String>,
    pub rejection_message: Option<String>,
    pub dispute: Option<DisputeExportView>,
}

/// Your dispute of a rejection and what was said in it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DisputeExportView {
    pub id: String,
    /// open, reversed, overturned or upheld.
    pub state: String,
    pub opened_at: String,
    pub decided_at: Option<String>,
    pub messages: Vec<DisputeMessageView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DisputeMessageView {
    /// worker (you), requester or operator.
    pub from: String,
    pub text: String,
}

fn report_view(r: OwnReportRow) -> TaskReportView {
    TaskReportView {
        id: r.id,
        project_id: r.project_id.into_string(),
        task_id: r.task_id.into_string(),
        assignment_id: r.assignment_id.into_string(),
        reason: r.reason,
        created_at: to_rfc3339(r.created_at),
    }
}

fn assignment_view(state: &AppState, a: ExportAssignmentRow) -> ExportAssignmentView {
    let submitted = a.state == handprint_core::work::AssignmentState::Submitted;
    let dispute = a.dispute_id.map(|id| {
        let messages = [
            ("worker", a.dispute_worker_message),
            ("requester", a.dispute_requester_message),
            ("operator", a.dispute_operator_message),
        ]
        .into_iter()
        .filter_map(|(from, text)| {
            text.map(|text| DisputeMessageView {
                from: from.into(),
                text,
            })
        })
        .collect();
        DisputeExportView {
            id,
            state: a.dispute_state.unwrap_or_default(),
            opened_at: a.dispute_opened_at.map(to_rfc3339).unwrap_or_default(),
            decided_at: a.dispute_decided_at.map(to_rfc3339),
            messages,
        }
    });
    ExportAssignmentView {
        id: a.id.into_string(),
        project_id: a.project_id.into_string(),
        project_title: a.project_title,
        organization: a.organization_name,
        task_id: a.task_id.into_string(),
        leased_at: to_rfc3339(a.leased_at),
        submitted_at: a.ended_at.filter(|_| submitted).map(to_rfc3339),
        ended_at: a.ended_at.map(to_rfc3339),
        working_seconds: a.working_micros.map(micros_to_seconds),
        // Stored answers are the JSON the worker sent; anything unreadable is kept as text.
        answer: a
            .answer
            .map(|t| serde_json::from_str(&t).unwrap_or(serde_json::Value::String(t))),
        reward: a.reward.map(|r| fmt(state, Money(r))),
        paid: a.paid_reward.map(|r| fmt(state, Money(r))),
        topped_up: fmt(state, Money(a.topped_up)),
        review_state: if submitted {
            Some(a.review_state.unwrap_or_else(|| "pending".into()))
        } else {
            a.review_state
        },
        reviewed_at: a.reviewed_at.map(to_rfc3339),
        rejection_reason: a.rejection_reason,
        rejection_message: a.rejection_message,
        state: a.state.as_str().to_string(),
        dispute,
    }
}

/// Everything Handprint holds about you, as a JSON file to keep or take elsewhere.
#[utoipa::path(get, path = "/api/v1/me/export",
    responses((status = 200, body = MyDataView, description = "application/json, sent as an attachment named handprint-my-data-<date>.json")),
    security(("api_key" = [])))]
pub async fn export(State(state): State<AppState>, t: Tr, caller: Caller) -> ApiResult<Response> {
    export_paged(&state, &t, &caller, PAGE).await
}

/// The export, reading the worker's assignments `page` at a time (the handler uses
/// [`PAGE`]; tests use small pages to cross page boundaries).
/// Reasons are written in `t`'s language.
pub async fn export_paged(
    state: &AppState,
    t: &Tr,
    caller: &Caller,
    page: i64,
) -> ApiResult<Response> {
    let page = page.max(1);
    let data = app::my_data(state, caller, page).await?;
    document(state, t, caller, data, page)
}

/// The export as a JSON attachment: the head (everything but the assignments) at
/// once, then a worker's assignments streamed `page` at a time. What
/// `GET /api/v1/me/export` answers and what the "my data" page's download serves.
pub(crate) fn document(
    state: &AppState,
    t: &Tr,
    caller: &Caller,
    data: MyData,
    page: i64,
) -> ApiResult<Response> {
    let MyData {
        generated_at,
        account,
        keys,
        worker,
    } = data;
    let mut head = MyDataView {
        format: FORMAT.into(),
        generated_at: to_rfc3339(generated_at),
        currency: state.settings.currency.code.clone(),
        note: None,
        account: account_view(&account),
        api_keys: keys.into_iter().map(key_view).collect(),
        statement: None,
        payouts: None,
        task_reports: None,
        languages: None,
        qualifications: None,
        worker_lists: None,
        decisions: None,
        assignments: None,
    };
    let first = match worker {
        Some(w) => {
            head.statement = Some(w.statement.iter().map(|l| line_view(state, l)).collect());
            head.payouts = Some(w.payouts.iter().map(|p| payout_view(state, p)).collect());
            head.task_reports = Some(w.reports.into_iter().map(report_view).collect());
            head.languages = Some(w.languages.iter().map(|l| l.as_str().to_string()).collect());
            head.qualifications = Some(crate::api::qualifications::my_view(w.qualifications));
            head.worker_lists = Some(w.lists.into_iter().map(listed_view).collect());
            head.decisions = Some(
                w.decisions
                    .iter()
                    .map(|d| crate::api::decisions::view(t, d))
                    .collect(),
            );
            Some(w.first_page)
        }
        None => {
            head.note = Some(
                "your projects, their items, answers and labels are exported through the project endpoints: \
                 GET /api/v1/projects, GET /api/v1/projects/{id}/answers and GET /api/v1/projects/{id}/labels; \
                 your organisation's money through GET /api/v1/statement"
                    .into(),
            );
            None
        }
    };
    let mut bytes = serde_json::to_vec(&head).map_err(crate::AppError::internal)?;
    let body = match first {
        Some(first) => {
            // The head is a JSON object: reopen it and stream the assignments in as its last field.
            bytes.pop();
            bytes.extend_from_slice(b",\"assignments\":[");
            Body::from_stream(assignment_stream(
                state.clone(),
                caller.clone(),
                bytes,
                first,
                page.max(1),
            ))
        }
        None => Body::from(bytes),
    };
    let date = to_rfc3339(generated_at)
        .get(..10)
        .unwrap_or("today")
        .to_string();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"handprint-my-data-{date}.json\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// Where the stream is: the bytes to send first, the page in hand, and where the next starts.
struct Streaming {
    state: AppState,
    caller: Caller,
    prefix: Vec<u8>,
    page: Vec<ExportAssignmentRow>,
    size: i64,
    written: usize,
    done: bool,
}

/// The head, then one chunk per page of assignments, then the closing `]}`.
///
/// Fused, because a body is polled again after its end: tower-http's compression reads
/// the body to its end, then polls it once more for trailers, and `unfold` panics when
/// polled after it returned `None` (the connection was dropped with nothing sent).
fn assignment_stream(
    state: AppState,
    caller: Caller,
    head: Vec<u8>,
    first: Vec<ExportAssignmentRow>,
    size: i64,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let start = Streaming {
        state,
        caller,
        prefix: head,
        page: first,
        size,
        written: 0,
        done: false,
    };
    let pages = futures::stream::unfold(start, |mut s| async move {
        if s.done {
            return None;
        }
        let mut chunk = std::mem::take(&mut s.prefix);
        let full = s.page.len() as i64 == s.size;
        let cursor = s.page.last().map(|a| AssignmentCursor {
            leased_at: a.leased_at,
            id: a.id.clone(),
        });
        for a in std::mem::take(&mut s.page) {
            if s.written > 0 {
                chunk.push(b',');
            }
            let view = assignment_view(&s.state, a);
            if let Err(e) = serde_json::to_writer(&mut chunk, &view) {
                tracing::error!(error = %e, "my-data export: an assignment did not serialise");
                return Some((Err(std::io::Error::other(e)), done(s)));
            }
            s.written += 1;
        }
        match cursor.filter(|_| full) {
            Some(after) => match app::assignment_page(&s.state, &s.caller, &after, s.size).await {
                Ok(page) => s.page = page,
                Err(e) => {
                    tracing::error!(error = ?e, "my-data export: reading a page of assignments failed");
                    return Some((Err(std::io::Error::other(e)), done(s)));
                }
            },
            None => {
                chunk.extend_from_slice(b"]}");
                s.done = true;
            }
        }
        Some((Ok(Bytes::from(chunk)), s))
    });
    pages.fuse()
}

fn done(mut s: Streaming) -> Streaming {
    s.done = true;
    s
}
