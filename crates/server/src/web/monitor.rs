//! The monitor of a project: progress, answers per hour, measured time against
//! the estimate, the hourly pay the measured time implies, agreement between
//! workers, and the workers' reports of broken items.

use super::WebError;
use super::charts::bars;
use super::i18n::Tr;
use super::worker::money;
use super::{duration_text, when_text};
use crate::AppState;
use crate::app::results::answer_pages;
use futures::TryStreamExt;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::money::hourly_rate;
use handprint_core::project::ProjectSpec;
use handprint_core::template::Template;
use handprint_store::projects::ProjectRow;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct Monitor {
    pub tasks: i64,
    pub tasks_complete: i64,
    pub answers: i64,
    pub expected: i64,
    pub percent: i64,
    pub live_leases: i64,
    pub workers: i64,
    pub last_hour: i64,
    pub rate_chart: String,
    pub median: String,
    pub estimate: String,
    pub measured_hourly: String,
    pub time_chart: String,
    pub agreement: String,
    pub agreement_items: i64,
    pub report_count: i64,
    pub reports: Vec<(String, String, String)>,
}

/// Mean over items with two answers or more of the share of pairs of answers that agree.
pub fn agreement(
    template: &Template,
    answers: &[(String, serde_json::Value)],
) -> Option<(f64, i64)> {
    let mut tally = Agreement::default();
    for (task, answer) in answers {
        tally.add(template, task, answer);
    }
    tally.share()
}

/// Label counts per item, added answer by answer: the monitor reads the answers a
/// page at a time and keeps only these counts, never the answers themselves.
#[derive(Default)]
pub struct Agreement {
    by_task: HashMap<String, HashMap<String, i64>>,
}

impl Agreement {
    /// Count `answer` to `task` (answers without a comparable label are left out).
    pub fn add(&mut self, template: &Template, task: &str, answer: &serde_json::Value) {
        let label = match template {
            Template::Text(_) => answer.as_str().map(|s| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            }),
            _ => template.categorical_label(answer),
        };
        if let Some(label) = label {
            let counts = match self.by_task.get_mut(task) {
                Some(counts) => counts,
                None => self.by_task.entry(task.to_string()).or_default(),
            };
            *counts.entry(label).or_default() += 1;
        }
    }

    /// The mean share of agreeing pairs and the number of items it is over; None
    /// before any item has two answers.
    pub fn share(&self) -> Option<(f64, i64)> {
        let mut sum = 0.0;
        let mut items = 0;
        for counts in self.by_task.values() {
            let n: i64 = counts.values().sum();
            if n < 2 {
                continue;
            }
            let agreeing: i64 = counts.values().map(|c| c * (c - 1)).sum();
            sum += agreeing as f64 / (n * (n - 1)) as f64;
            items += 1;
        }
        (items > 0).then(|| (sum / items as f64, items))
    }
}

/// The median working time, the hourly pay it makes, and the chart of working times.
/// The time chart and the median are those of the latest answers, so that the
/// page reads a bounded number of rows however large the project.
const TIMED_ANSWERS: i64 = 10_000;

fn times_chart(
    state: &AppState,
    t: &Tr,
    spec: &ProjectSpec,
    recent_working: Vec<i64>,
    m: &mut Monitor,
) {
    if recent_working.is_empty() {
        return;
    }
    let mut secs = recent_working;
    secs.sort_unstable();
    let mid = secs.len() / 2;
    let median = if secs.len() % 2 == 1 {
        secs[mid]
    } else {
        (secs[mid - 1] + secs[mid]) / 2
    };
    let median_s = (median / MICROS_PER_SECOND).max(1);
    m.median = duration_text(median_s);
    if let Some(reward) = spec.reward {
        m.measured_hourly = hourly_rate(reward, median_s)
            .map(|h| money(state, t, h))
            .unwrap_or_default();
    }
    // Measured times in 12 bins up to three times the estimate (or the slowest answer).
    let top = spec
        .estimated_seconds
        .map(|e| e * 3 * MICROS_PER_SECOND)
        .unwrap_or(*secs.last().unwrap_or(&1))
        .max(MICROS_PER_SECOND);
    let bins = 12;
    let mut hist = vec![0_i64; bins];
    for s in &secs {
        let i = ((*s as f64 / top as f64) * bins as f64) as usize;
        hist[i.min(bins - 1)] += 1;
    }
    let mut x = vec![String::new(); bins];
    x[0] = "0".into();
    x[bins - 1] = duration_text(top / MICROS_PER_SECOND);
    let mut marks = vec![(median as f64 / top as f64, t.t("monitor-median-short"))];
    if let Some(e) = spec.estimated_seconds {
        marks.push((
            (e * MICROS_PER_SECOND) as f64 / top as f64,
            t.t("monitor-estimate-short"),
        ));
    }
    m.time_chart = bars(
        &hist,
        &x,
        &t.t2(
            "monitor-time-summary",
            "median",
            &m.median,
            "estimate",
            &m.estimate,
        ),
        &marks,
    );
}

pub async fn monitor(
    state: &AppState,
    t: &Tr,
    row: &ProjectRow,
    spec: &ProjectSpec,
) -> Result<Monitor, WebError> {
    let now = state.now();
    let p = state
        .db
        .progress(&row.id, row.answers_per_task, now)
        .await?;
    let expected = p.tasks * row.answers_per_task;
    let mut m = Monitor {
        tasks: p.tasks,
        tasks_complete: p.tasks_complete,
        answers: p.answers,
        expected,
        percent: if expected > 0 {
            (p.answers * 100 / expected).min(100)
        } else {
            0
        },
        live_leases: p.live_leases,
        workers: p.workers,
        estimate: spec
            .estimated_seconds
            .map(duration_text)
            .unwrap_or_else(|| "—".into()),
        median: "—".into(),
        measured_hourly: "—".into(),
        agreement: "—".into(),
        ..Monitor::default()
    };
    let times = state.db.answer_times(&row.id, now, TIMED_ANSWERS).await?;
    // Answers per hour over the last 24 hours, oldest hour first.
    let per_hour = times.per_hour;
    m.last_hour = per_hour[23];
    let mut labels = vec![String::new(); 24];
    labels[0] = t.t("monitor-24h-ago");
    labels[23] = t.t("monitor-now");
    m.rate_chart = bars(
        &per_hour,
        &labels,
        &t.count("monitor-rate-summary", per_hour.iter().sum::<i64>()),
        &[],
    );
    times_chart(state, t, spec, times.recent_working, &mut m);
    if let Some(template) = &spec.template
        && p.answers > 0
    {
        let mut tally = Agreement::default();
        let mut pages = std::pin::pin!(answer_pages(state.db.clone(), row.clone()));
        while let Some(page) = pages.try_next().await? {
            for r in &page {
                tally.add(template, &r.task_id, &r.answer);
            }
        }
        if let Some((share, items)) = tally.share() {
            m.agreement = format!("{:.0} %", share * 100.0);
            m.agreement_items = items;
        }
    }
    m.report_count = state.db.task_report_count(&row.id).await?;
    m.reports = state
        .db
        .task_reports(&row.id, 20)
        .await?
        .into_iter()
        .map(|r| {
            (
                when_text(r.created_at),
                r.external_id.unwrap_or_else(|| r.task_id.into_string()),
                report_text(t, &r.reason),
            )
        })
        .collect();
    Ok(m)
}

/// The reasons the task page lists for a report (`report-{reason}` in the catalogues).
const REPORT_REASONS: [&str; 5] = [
    "media-missing",
    "unclear",
    "wrong-language",
    "offensive",
    "other",
];

/// A stored report ("media-missing: blank image": the listed reason, then the worker's
/// note) as the requester reads it: the reason in the page's language, then the note.
/// Anything else (an API client's own words) is shown as it was sent.
fn report_text(t: &Tr, stored: &str) -> String {
    let (reason, note) = match stored.split_once(": ") {
        Some((reason, note)) => (reason, Some(note)),
        None => (stored, None),
    };
    if !REPORT_REASONS.contains(&reason) {
        return stored.to_string();
    }
    let reason = t.t(&format!("report-{reason}"));
    match note {
        Some(note) => t.t2("report-with-note", "reason", reason, "note", note),
        None => reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_reads_as_its_listed_reason_in_the_pages_language_then_the_note() {
        let (en, fr) = (Tr::for_tag("en"), Tr::for_tag("fr"));
        assert_eq!(
            report_text(&en, "media-missing: blank image"),
            "The image or sound does not load: blank image"
        );
        assert_eq!(
            report_text(&fr, "media-missing: blank image"),
            "L'image ou le son ne se charge pas : blank image"
        );
        assert_eq!(report_text(&en, "unclear"), "The task is unclear");
        assert_eq!(
            report_text(&en, "the labels overlap: see item 3"),
            "the labels overlap: see item 3"
        );
    }

    use serde_json::json;

    #[test]
    fn agreement_is_the_mean_share_of_agreeing_pairs() {
        let t = Template::parse(&json!({"kind": "single_choice", "options": ["a", "b"]}))
            .expect("template");
        let answers = vec![
            ("t1".to_string(), json!("a")),
            ("t1".to_string(), json!("a")),
            ("t2".to_string(), json!("a")),
            ("t2".to_string(), json!("b")),
            ("t3".to_string(), json!("b")),
        ];
        let (share, items) = agreement(&t, &answers).expect("two items");
        assert_eq!(items, 2);
        assert!((share - 0.5).abs() < 1e-9);
    }
}
