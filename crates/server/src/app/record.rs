//! A requester organisation's public record (pay per hour, rejections, time to pay,
//! disputes), for anyone choosing work: no account needed, read-only, and no worker
//! appears in it. The figures and their definitions are `handprint_store::record`'s.

use crate::AppState;
use crate::app::AppResult;
use crate::app::money::amount_text;
use crate::app::worktime::{self, WorktimeView};
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::{Money, OrganizationId, Timestamp};
use handprint_store::accounts::OrganizationRow;
use handprint_store::record::OrgRecord;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;

/// An organisation and its record.
pub struct Record {
    pub organization: OrganizationRow,
    pub figures: OrgRecord,
    /// The operator's verification in force, if any (read every time: a revocation
    /// shows at once).
    pub verification: Option<handprint_store::trust::VerificationRow>,
    /// Pay per hour including unpaid time, over all the workers who worked for it.
    pub worktime: WorktimeView,
}

/// What is kept per organisation: its figures and its unpaid-time figure.
type Figures = (OrgRecord, WorktimeView);

/// How long computed figures are served before they are read again: the record is
/// public and its queries read every answer of the organisation, so a crowd (or an
/// attacker) reloading it costs one computation a minute per organisation.
const FRESH_MICROS: i64 = 60 * MICROS_PER_SECOND;
/// At most this many organisations' figures are kept; past it, stale ones go first,
/// then all (the next readers compute them again).
const KEPT: usize = 4096;

/// Figures computed lately, per organisation, with when (on the app's clock).
#[derive(Default)]
pub struct RecordCache(Mutex<HashMap<OrganizationId, (Timestamp, Figures)>>);

impl RecordCache {
    fn fresh(&self, id: &OrganizationId, now: Timestamp) -> Option<Figures> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(id)
            .filter(|(at, _)| (0..FRESH_MICROS).contains(&(now - at)))
            .map(|(_, figures)| figures.clone())
    }

    fn keep(&self, id: &OrganizationId, now: Timestamp, figures: &Figures) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= KEPT {
            kept.retain(|_, (at, _)| (0..FRESH_MICROS).contains(&(now - *at)));
            if kept.len() >= KEPT {
                kept.clear();
            }
        }
        kept.insert(id.clone(), (now, figures.clone()));
    }
}

/// The public record of organisation `id` (404 when there is none). Its figures may
/// be up to a minute old ([`FRESH_MICROS`]).
pub async fn read(state: &AppState, id: &OrganizationId) -> AppResult<Record> {
    let organization = state.db.organization(id).await?;
    let now = state.now();
    let (figures, worktime) = match state.record_cache.fresh(id, now) {
        Some(figures) => figures,
        None => {
            let figures = (
                state.db.org_record(id).await?,
                worktime::of_org(state, id).await?,
            );
            state.record_cache.keep(id, now, &figures);
            figures
        }
    };
    let verification = state.db.organization_verification(id).await?;
    Ok(Record {
        organization,
        figures,
        verification,
        worktime,
    })
}

/// What workers can expect from an organisation, over all its projects. Money is a
/// decimal string in `currency`; a figure is `null` while there is nothing to measure.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RecordView {
    pub organization_id: String,
    pub organization_name: String,
    pub currency: String,
    /// Projects ever published, whatever their state now.
    pub projects_published: i64,
    /// Answers submitted to its projects.
    pub answers_received: i64,
    /// Distinct workers with at least one paid answer.
    pub workers_paid: i64,
    /// Paid answers with a measured working time (the base of the hourly figures).
    pub paid_answers_timed: i64,
    /// Paid to workers for those answers: rewards, pay-floor top-ups and bonuses.
    pub paid_to_workers: String,
    /// Their measured working time in all, in seconds (rounded down).
    pub measured_seconds: i64,
    /// `paid_to_workers` per hour of `measured_seconds` (rounded down to the minor unit).
    pub hourly_pay: Option<String>,
    /// The median over those answers of each answer's reward and top-up per hour of
    /// its measured time (bonuses left out).
    pub median_hourly_pay: Option<String>,
    /// Pay per hour including unpaid time (issue 16), as the ILO counts it, across all
    /// the workers who worked for it: `unpaid_time.hourly_pay_including_unpaid`.
    pub hourly_pay_including_unpaid: Option<String>,
    /// The aggregate behind it (no worker's own figures): task time, unanswered
    /// leases, tests, searching, pay, and pay per hour of task time and including
    /// unpaid time — as `GET /api/v1/organizations/{id}/worktime`.
    pub unpaid_time: WorktimeView,
    /// Answers reviewed: approved by hand or automatically, or rejected.
    pub reviewed_answers: i64,
    /// Answers rejected, including rejections later reversed or overturned.
    pub rejections: i64,
    /// `rejections` / `reviewed_answers` in percent, one decimal.
    pub rejection_rate_percent: Option<String>,
    /// Rejections reversed by the requester or overturned by an operator on dispute (paid in full).
    pub rejections_overturned: i64,
    /// Answers approved (overturned rejections not included).
    pub approved_answers: i64,
    /// Of those, approved by the platform because the review window ended first.
    pub auto_approved: i64,
    /// `auto_approved` / `approved_answers` in percent, one decimal.
    pub auto_approved_percent: Option<String>,
    /// Median time from submission to approval, in seconds (rounded down).
    pub median_seconds_to_pay: Option<i64>,
    /// Disputes workers opened on its rejections.
    pub disputes_opened: i64,
    /// Of those, decided for the worker (reversed or overturned).
    pub disputes_for_worker: i64,
    /// Automated restrictions its quality rules made on workers.
    pub restrictions_made: i64,
    /// Of those, reversed on a worker's review request (by its people, or for the
    /// worker when the review's deadline passed).
    pub restrictions_reversed_on_review: i64,
    /// What an operator checked about this organisation, by whom and when; null when
    /// it is not verified (or the verification was revoked).
    pub verification: Option<VerificationView>,
}

/// A requester verification as the record and the operators' API show it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct VerificationView {
    pub checks: Vec<String>,
    /// The operator's name.
    pub verified_by: String,
    pub verified_at: String,
}

/// A stored verification as shown.
pub fn verification_view(
    v: &handprint_store::trust::VerificationRow,
) -> AppResult<VerificationView> {
    Ok(VerificationView {
        checks: v.check_list()?,
        verified_by: v.verified_by_name.clone(),
        verified_at: handprint_core::clock::to_rfc3339(v.verified_at),
    })
}

/// `part` / `whole` in percent with one decimal, rounded half up ("12.5").
pub fn percent(part: i64, whole: i64) -> String {
    let tenths = (i128::from(part) * 2000 + i128::from(whole)) / (2 * i128::from(whole));
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The record as the API (and the public page) shows it.
pub fn record_view(state: &AppState, found: Record) -> AppResult<RecordView> {
    let Record {
        organization: org,
        figures: r,
        verification,
        worktime,
    } = found;
    let verification = verification.as_ref().map(verification_view).transpose()?;
    Ok(RecordView {
        verification,
        organization_id: org.id.into_string(),
        organization_name: org.name,
        currency: state.settings.currency.code.clone(),
        projects_published: r.projects_published,
        answers_received: r.answers_received,
        workers_paid: r.workers_paid,
        paid_answers_timed: r.paid_answers_timed,
        paid_to_workers: amount_text(state, Money(r.paid_total)),
        measured_seconds: r.working_micros / MICROS_PER_SECOND,
        hourly_pay: r.hourly().map(|m| amount_text(state, Money(m))),
        median_hourly_pay: r.median_hourly.map(|m| amount_text(state, Money(m))),
        hourly_pay_including_unpaid: worktime.hourly_pay_including_unpaid.clone(),
        unpaid_time: worktime,
        reviewed_answers: r.reviewed_answers,
        rejections: r.rejections,
        rejection_rate_percent: r.rejection_rate().map(|(p, w)| percent(p, w)),
        rejections_overturned: r.rejections_overturned,
        approved_answers: r.approved,
        auto_approved: r.auto_approved,
        auto_approved_percent: r.auto_approved_share().map(|(p, w)| percent(p, w)),
        median_seconds_to_pay: r.median_micros_to_pay.map(|m| m / MICROS_PER_SECOND),
        disputes_opened: r.disputes_opened,
        disputes_for_worker: r.disputes_for_worker,
        restrictions_made: r.restrictions_made,
        restrictions_reversed_on_review: r.restrictions_reversed,
    })
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn a_percentage_has_one_decimal_rounded_half_up() {
        assert_eq!(percent(1, 2), "50.0");
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(2, 3), "66.7");
        assert_eq!(percent(1, 8), "12.5");
        assert_eq!(percent(0, 5), "0.0");
        assert_eq!(percent(5, 5), "100.0");
    }
}
