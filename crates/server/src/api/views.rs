//! How domain rows are shown in the API.

use crate::api::accounts::OrganizationView;
use crate::{AppError, AppState};
use handprint_core::clock::to_rfc3339;
use handprint_core::project::EndUse;
use handprint_store::projects::ProjectRow;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProjectView {
    pub id: String,
    pub organization: OrganizationView,
    pub title: String,
    pub description: String,
    /// Markdown.
    pub instructions: String,
    /// The template definition as stored (null in a draft without one).
    #[schema(value_type = Object)]
    pub template: Option<serde_json::Value>,
    pub purpose: Option<String>,
    pub end_uses: Vec<String>,
    /// End uses every worker is warned about (biometric identification, surveillance, military).
    pub flagged_end_uses: Vec<String>,
    pub sensitive_content: Vec<String>,
    /// Decimal string in `currency`, e.g. "0.10".
    pub reward: Option<String>,
    pub currency: String,
    pub estimated_seconds: Option<i64>,
    /// What reward and estimate imply per hour of work.
    pub implied_hourly_pay: Option<String>,
    /// Answers per item; under dynamic overlap, its `max` (what escrow covers).
    pub answers_per_task: i64,
    /// Dynamic overlap `{min, max, confidence}`, or null for the fixed `answers_per_task`.
    pub overlap: Option<OverlapView>,
    pub lease_seconds: i64,
    pub language: String,
    /// draft, active, paused, completed or cancelled.
    pub state: String,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    /// The platform fee the requester pays on top of every payment to a worker, in percent
    /// (never taken from the worker's pay); fixed when the project is first published.
    pub platform_fee_percent: String,
    /// Unreviewed answers are approved automatically this long after submission.
    pub review_window_seconds: i64,
    /// Why the platform paused the project (e.g. "pay_floor": top-ups the escrow could not cover).
    pub paused_reason: Option<String>,
    /// Who may work on it: `{countries, languages, qualifications: [{id, min_score}]}`;
    /// empty lists restrict nothing.
    #[schema(value_type = Object)]
    pub eligibility: serde_json::Value,
    /// The share of each worker's items that are control items (known answers), in percent.
    pub control_rate: i64,
    /// The quality rules: `[{when: {condition: {…}}, action: {action: {…}}}]`.
    #[schema(value_type = Vec<Object>)]
    pub quality_rules: serde_json::Value,
}

pub async fn project_view(state: &AppState, row: &ProjectRow) -> Result<ProjectView, AppError> {
    let spec = row.spec()?;
    let org = state.db.organization(&row.organization_id).await?;
    let currency = &state.settings.currency;
    Ok(ProjectView {
        id: row.id.to_string(),
        organization: OrganizationView {
            id: org.id.into_string(),
            name: org.name,
        },
        title: spec.title.clone(),
        description: spec.description.clone(),
        instructions: spec.instructions.clone(),
        template: spec
            .template
            .as_ref()
            .and_then(|t| serde_json::to_value(t).ok()),
        purpose: spec.purpose.clone(),
        end_uses: spec
            .end_uses
            .iter()
            .map(|e| e.as_str().to_string())
            .collect(),
        flagged_end_uses: spec
            .end_uses
            .iter()
            .filter(|e| EndUse::is_flagged(**e))
            .map(|e| e.as_str().to_string())
            .collect(),
        sensitive_content: spec
            .sensitive_content
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        reward: spec.reward.map(|m| m.format(currency)),
        currency: currency.code.clone(),
        estimated_seconds: spec.estimated_seconds,
        implied_hourly_pay: spec.implied_hourly().map(|m| m.format(currency)),
        answers_per_task: spec.answers_per_task,
        overlap: spec.overlap.map(|o| OverlapView {
            min: o.min,
            max: o.max,
            confidence: o.confidence(),
        }),
        lease_seconds: spec.lease_seconds,
        language: spec.language.clone(),
        eligibility: serde_json::to_value(&spec.eligibility).unwrap_or_default(),
        control_rate: spec.control_rate,
        quality_rules: handprint_core::quality::rules_json(&spec.quality_rules),
        state: row.state.as_str().to_string(),
        created_at: to_rfc3339(row.created_at),
        updated_at: to_rfc3339(row.updated_at),
        published_at: row.published_at.map(to_rfc3339),
        platform_fee_percent: crate::app::money::project_fee(state, row).as_percent(),
        review_window_seconds: row.review_window_seconds,
        paused_reason: row.paused_reason.clone(),
    })
}

/// Dynamic overlap: each item gets `min` answers, then one more at a time until the
/// share of its answers agreeing with its majority label reaches `confidence`, or it
/// has `max`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OverlapView {
    pub min: i64,
    pub max: i64,
    /// Between 0 and 1 (0.9 for 90%).
    pub confidence: f64,
}
