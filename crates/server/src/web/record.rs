//! The public page of a requester organisation's record, `/requesters/{id}`: the
//! figures of `GET /api/v1/organizations/{id}/record` (the same `app::record::read`,
//! shown through the same `app::record::RecordView`),
//! each with one line on what it means. No sign-in needed, no script.

use super::session::Visitor;
use super::{Nav, WebError, duration_text, render};
use crate::AppState;
use crate::app::record::{self, RecordView, record_view};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use handprint_core::OrganizationId;

use super::i18n::Tr;

pub fn router() -> Router<AppState> {
    Router::new().route("/requesters/{id}", get(record_page))
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
}

async fn record_page(
    State(state): State<AppState>,
    t: Tr,
    visitor: Visitor,
    Path(id): Path<OrganizationId>,
) -> Result<Response, WebError> {
    let r = record_view(&state, record::read(&state, &id).await?);
    let measured = duration_text(r.measured_seconds);
    let time_to_pay = r
        .median_seconds_to_pay
        .map(duration_text)
        .unwrap_or_else(|| t.t("record-none"));
    let page = RecordPage {
        nav: Nav::new(&visitor, &format!("/requesters/{id}")),
        t,
        r,
        measured,
        time_to_pay,
    };
    Ok(render(&page))
}
