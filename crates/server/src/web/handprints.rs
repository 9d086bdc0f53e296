//! `/handprints/verify`: anyone drops a signed handprint (`handprint.dsse.json`) and
//! reads whether this instance signed it unchanged, and what it attests, in words.
//! The check is `app::handprints::verify`, the API's. The form changes nothing, so it
//! carries no CSRF token (the cross-site guard still applies to its POST).
//!
//! `/handprints/{id}`: a kept handprint's page (its figures in words and a chart, the
//! requester's public record, the signing key, the envelope to download), public when
//! published, else its organisation's only; and the project page's export form.

use super::i18n::Tr;
use super::session::Visitor;
use super::{Nav, WebError, render, render_status};
use crate::AppState;
use crate::app::handprints::{self, SubjectView, VerifyView};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

/// A handprint is a few kilobytes; more is not one.
const MAX_BYTES: usize = 1 << 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/handprints/verify", get(form).post(check))
        .route("/handprints/{id}", get(kept::page))
        .route("/handprints/{id}/handprint.dsse.json", get(kept::envelope))
        .route("/handprints/{id}/publication", post(kept::publication))
        .route("/projects/{id}/exports", post(kept::export))
}

mod kept;

/// What the page says about a checked file.
struct Checked {
    valid: bool,
    reason: String,
    keyid: String,
    subjects: Vec<SubjectView>,
    /// The figures in words, one line each.
    lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "handprint_verify.html")]
struct VerifyPage {
    t: Tr,
    nav: Nav,
    keyid: String,
    checked: Option<Checked>,
    problem: String,
}

async fn form(State(state): State<AppState>, t: Tr, visitor: Visitor) -> Response {
    render(&VerifyPage {
        nav: Nav::new(&visitor, "/handprints/verify"),
        t,
        keyid: state.signing_key.public().keyid(),
        checked: None,
        problem: String::new(),
    })
}

async fn check(
    State(state): State<AppState>,
    t: Tr,
    visitor: Visitor,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let mut body = None;
    let mut problem = String::new();
    while let Ok(Some(mut part)) = multipart.next_field().await {
        if part.name() != Some("file") {
            continue;
        }
        let mut bytes = Vec::new();
        while let Ok(Some(chunk)) = part.chunk().await {
            if bytes.len() + chunk.len() > MAX_BYTES {
                problem = t.t("handprint-verify-too-large");
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        body = Some(bytes);
        break;
    }
    let checked = match body {
        Some(bytes) if problem.is_empty() && !bytes.is_empty() => {
            Some(in_words(&t, handprints::verify(&state, &bytes)))
        }
        _ => {
            if problem.is_empty() {
                problem = t.t("handprint-verify-no-file");
            }
            None
        }
    };
    let status = match &checked {
        Some(c) if c.valid => StatusCode::OK,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok(render_status(
        status,
        &VerifyPage {
            nav: Nav::new(&visitor, "/handprints/verify"),
            t,
            keyid: state.signing_key.public().keyid(),
            checked,
            problem,
        },
    ))
}

/// The figures a reader looks for first, in the page's language.
fn in_words(t: &Tr, v: VerifyView) -> Checked {
    let lines = v
        .predicate
        .as_ref()
        .map(|p| predicate_lines(t, p))
        .unwrap_or_default();
    Checked {
        valid: v.valid,
        reason: v.reason.unwrap_or_default(),
        keyid: v.keyid.unwrap_or_default(),
        subjects: v.subjects,
        lines,
    }
}

/// A handprint's main figures, one line each, in the page's language.
pub(super) fn predicate_lines(t: &Tr, p: &serde_json::Value) -> Vec<String> {
    let mut lines = Vec::new();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("—").to_string();
    let currency = text(&p["instance"]["currency"]);
    lines.push(t.t2(
        "handprint-words-for",
        "org",
        text(&p["for_whom"]["organization"]["name"]),
        "purpose",
        text(&p["for_whom"]["purpose"]),
    ));
    let by = &p["by_whom"];
    lines.push(t.count(
        "handprint-words-workers",
        by["workers"].as_i64().unwrap_or(0),
    ));
    lines.push(t.t1(
        "handprint-words-hours",
        "hours",
        t.amount(text(&by["measured_hours"])),
    ));
    if let Some(median) = by["hourly_pay"]["median"].as_str() {
        lines.push(t.t2(
            "handprint-words-pay",
            "amount",
            format!("{} {currency}", t.amount(median)),
            "floor",
            format!(
                "{} {currency}",
                t.amount(text(&p["instance"]["pay_floor_per_hour"]))
            ),
        ));
    }
    lines.push(t.count(
        "handprint-words-rejected",
        by["reviews"]["rejected"].as_i64().unwrap_or(0),
    ));
    lines
}
