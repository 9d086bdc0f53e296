//! A kept handprint's page, its envelope's download, its publication switch, and the
//! project page's "export with handprint" form (a zip, as the API's export).

use super::super::charts;
use super::super::extract::{CsrfForm, RequesterPage};
use super::super::i18n::Tr;
use super::super::session::Visitor;
use super::super::{Nav, WebError, render, see_other, when_text};
use super::predicate_lines;
use crate::AppState;
use crate::app::exports::{self, DataFormat, ExportAsked};
use crate::app::handprints::{self as app, SubjectView};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use handprint_core::attest::Statement;
use handprint_core::{HandprintId, ProjectId};
use handprint_store::handprints::HandprintRow;

#[derive(Template)]
#[template(path = "handprint.html")]
struct HandprintPage {
    t: Tr,
    nav: Nav,
    id: String,
    title: String,
    created: String,
    published: bool,
    /// The reader is of the organisation: the publication switch is shown.
    own: bool,
    organization_id: String,
    organization: String,
    lines: Vec<String>,
    /// Pay per hour over workers, in words (p10, median, p90).
    pay: Option<String>,
    /// Workers per country (small groups merged), as an SVG chart, and its heading.
    countries_chart: String,
    countries_heading: String,
    subjects: Vec<SubjectView>,
    keyid: String,
}

pub async fn page(
    State(state): State<AppState>,
    t: Tr,
    visitor: Visitor,
    Path(id): Path<HandprintId>,
) -> Result<Response, WebError> {
    let viewer = visitor
        .user
        .as_ref()
        .and_then(|u| u.organization_id.clone());
    let row = app::visible(&state, viewer.as_ref(), &id).await?;
    let statement: Statement =
        serde_json::from_str(&row.statement).map_err(crate::AppError::internal)?;
    let p = &statement.predicate;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("—").to_string();
    let currency = text(&p["instance"]["currency"]);
    let pay = &p["by_whom"]["hourly_pay"];
    let page = HandprintPage {
        nav: Nav::new(&visitor, &format!("/handprints/{id}")),
        id: id.to_string(),
        title: text(&p["for_whom"]["project"]["title"]),
        created: when_text(row.created_at),
        published: row.is_published(),
        own: viewer.as_ref() == Some(&row.organization_id),
        organization_id: row.organization_id.to_string(),
        organization: text(&p["for_whom"]["organization"]["name"]),
        lines: predicate_lines(&t, p),
        pay: pay["median"].as_str().map(|_| {
            let figure = |v: &serde_json::Value| format!("{} {currency}", t.amount(text(v)));
            t.args(
                "handprint-page-pay",
                &[
                    ("p10", figure(&pay["p10"])),
                    ("median", figure(&pay["median"])),
                    ("p90", figure(&pay["p90"])),
                ],
            )
        }),
        countries_chart: countries_chart(&t, p),
        countries_heading: t.t1(
            "handprint-page-countries",
            "k",
            p["by_whom"]["k_anonymity"].as_i64().unwrap_or(0),
        ),
        subjects: statement
            .subject
            .iter()
            .map(|s| SubjectView {
                name: s.name.clone(),
                sha256: s.sha256_hex().map(str::to_string),
            })
            .collect(),
        keyid: signer(&row),
        t,
    };
    Ok(render(&page))
}

/// The key id the envelope names (the instance's key when it was signed).
fn signer(row: &HandprintRow) -> String {
    serde_json::from_str::<handprint_core::attest::Envelope>(&row.envelope)
        .ok()
        .and_then(|e| e.signatures.first().map(|s| s.keyid.clone()))
        .unwrap_or_default()
}

/// Workers per country as bars (groups under k already merged into "other").
fn countries_chart(t: &Tr, p: &serde_json::Value) -> String {
    let Some(countries) = p["by_whom"]["countries"].as_array() else {
        return String::new();
    };
    if countries.is_empty() {
        return String::new();
    }
    let values: Vec<i64> = countries
        .iter()
        .map(|c| c["workers"].as_i64().unwrap_or(0))
        .collect();
    let labels: Vec<String> = countries
        .iter()
        .map(|c| match c["country"].as_str() {
            Some("other") => t.t("handprint-page-other"),
            Some(code) => code.to_string(),
            None => "—".into(),
        })
        .collect();
    let summary = labels
        .iter()
        .zip(&values)
        .map(|(l, v)| format!("{l}: {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    charts::bars(&values, &labels, &summary, &[])
}

/// `handprint.dsse.json`, as written beside the data.
pub async fn envelope(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<HandprintId>,
) -> Result<Response, WebError> {
    let viewer = visitor
        .user
        .as_ref()
        .and_then(|u| u.organization_id.clone());
    let row = app::visible(&state, viewer.as_ref(), &id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", exports::ENVELOPE_FILE),
            ),
        ],
        row.envelope,
    )
        .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PublicationForm {
    /// "1" to publish, "0" to keep to the organisation.
    published: String,
}

pub async fn publication(
    State(state): State<AppState>,
    signed: RequesterPage,
    Path(id): Path<HandprintId>,
    CsrfForm(form): CsrfForm<PublicationForm>,
) -> Result<Response, WebError> {
    let published = match form.published.as_str() {
        "1" => true,
        "0" => false,
        other => return Err(crate::AppError::not_offered("published", other, "1 or 0").into()),
    };
    app::set_published(&state, &signed.caller(), &id, published).await?;
    Ok(see_other(&format!("/handprints/{id}")))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ExportForm {
    /// jsonl, csv, parquet, hf, coco, yolo or preferences.
    format: String,
    /// Empty for the answers, else an aggregation method.
    labels: String,
    /// "1" to publish the handprint's page.
    publish: String,
}

/// The project page's "export with handprint": the same zip as the API's.
pub async fn export(
    State(state): State<AppState>,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
    CsrfForm(form): CsrfForm<ExportForm>,
) -> Result<Response, WebError> {
    let named = if form.format.is_empty() {
        "jsonl"
    } else {
        form.format.as_str()
    };
    let Some(format) = DataFormat::parse(named) else {
        return Err(crate::AppError::not_offered(
            "format",
            named,
            "jsonl, csv, parquet, hf, coco, yolo or preferences",
        )
        .into());
    };
    let asked = ExportAsked {
        format,
        labels: Some(form.labels.trim().to_string()).filter(|l| !l.is_empty()),
        handprint: true,
        publish: form.publish == "1",
    };
    let download = exports::download(&state, &signed.caller(), &id, &asked).await?;
    Ok(download.into_response())
}
