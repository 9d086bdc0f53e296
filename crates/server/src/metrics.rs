//! Prometheus metrics: requests and latencies per route template, and the domain's
//! events (leases, answers, reviews, disputes, payouts, pay-floor top-ups). They are
//! served on their own listener ([`crate::serve_with_metrics`]), never on the public port.
//!
//! Every recorder belongs to one [`AppState`](crate::AppState) and is used through
//! `metrics::with_local_recorder` for the length of one synchronous call; nothing is
//! installed in the process-wide slot. That slot can be set once per process, and the
//! integration tests run many servers in one process: a global recorder would mix their
//! counts (no test could tell its requests from those of the test running beside it).
//! The binary has one `AppState`, so there it is one recorder per process all the same.
//! Turned off (no `metrics_addr`), [`Metrics`] is `None` and records nothing.

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

const HTTP_REQUESTS: &str = "handprint_http_requests_total";
const HTTP_DURATION: &str = "handprint_http_request_duration_seconds";
const LEASES_GRANTED: &str = "handprint_leases_granted_total";
const ANSWERS_SUBMITTED: &str = "handprint_answers_submitted_total";
const ANSWERS_APPROVED: &str = "handprint_answers_approved_total";
const ANSWERS_REJECTED: &str = "handprint_answers_rejected_total";
const DISPUTES_OPENED: &str = "handprint_disputes_opened_total";
const PAYOUTS_REQUESTED: &str = "handprint_payouts_requested_total";
const PAYFLOOR_TOPUPS: &str = "handprint_payfloor_topups_total";

/// Prometheus' default buckets, in seconds: from a cached page to a slow upload.
const DURATION_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Histogram samples wait in the recorder until rendered or upkept; without a scrape
/// they would pile up, so upkeep runs this often.
const UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

/// The label for requests no route matched (404s of unknown paths): never the raw
/// path, which would make a series per URL anybody cares to type.
const UNMATCHED: &str = "unmatched";

/// Who approved an answer.
#[derive(Debug, Clone, Copy)]
pub enum ApprovedBy {
    /// The requester, through the API or the review page.
    Requester,
    /// The background job, after the review window ended.
    Auto,
}

/// This server's metrics; clones share the same counters.
#[derive(Clone, Default)]
pub struct Metrics(Option<Arc<Recorder>>);

struct Recorder {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
}

impl Metrics {
    /// Records nothing (no metrics listener configured).
    pub fn off() -> Self {
        Self(None)
    }

    /// A fresh Prometheus recorder with its metrics described.
    pub fn prometheus() -> Self {
        // Only an empty bucket list is refused, and ours is a constant that is not empty.
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.into()), DURATION_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let handle = recorder.handle();
        metrics::with_local_recorder(&recorder, describe);
        Self(Some(Arc::new(Recorder { recorder, handle })))
    }

    pub fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// Run `f` with this server's recorder as the one the `metrics` macros use.
    fn record(&self, f: impl FnOnce()) {
        if let Some(r) = &self.0 {
            metrics::with_local_recorder(&r.recorder, f);
        }
    }

    /// Everything, in the Prometheus text format (empty when off).
    pub fn render(&self) -> String {
        self.0
            .as_ref()
            .map(|r| r.handle.render())
            .unwrap_or_default()
    }

    /// A new lease (not a live one handed back to a reconnecting worker).
    pub fn lease_granted(&self) {
        self.record(|| metrics::counter!(LEASES_GRANTED).increment(1));
    }

    /// An answer stored for the first time (an idempotent repeat is not counted).
    pub fn answer_submitted(&self) {
        self.record(|| metrics::counter!(ANSWERS_SUBMITTED).increment(1));
    }

    pub fn answer_approved(&self, by: ApprovedBy) {
        let by = match by {
            ApprovedBy::Requester => "requester",
            ApprovedBy::Auto => "auto",
        };
        self.record(|| metrics::counter!(ANSWERS_APPROVED, "by" => by).increment(1));
    }

    pub fn answer_rejected(&self) {
        self.record(|| metrics::counter!(ANSWERS_REJECTED).increment(1));
    }

    pub fn dispute_opened(&self) {
        self.record(|| metrics::counter!(DISPUTES_OPENED).increment(1));
    }

    pub fn payout_requested(&self) {
        self.record(|| metrics::counter!(PAYOUTS_REQUESTED).increment(1));
    }

    /// `answers` answers topped up to the pay floor on measured time.
    pub fn payfloor_topped_up(&self, answers: usize) {
        let n = u64::try_from(answers).unwrap_or(u64::MAX);
        self.record(|| metrics::counter!(PAYFLOOR_TOPUPS).increment(n));
    }

    fn request(&self, method: &'static str, route: String, status: &'static str, seconds: f64) {
        self.record(|| {
            metrics::counter!(HTTP_REQUESTS, "method" => method, "route" => route.clone(), "status" => status)
                .increment(1);
            metrics::histogram!(HTTP_DURATION, "method" => method, "route" => route)
                .record(seconds);
        });
    }

    /// Drain histogram samples at a steady pace, whether anyone scrapes or not.
    pub fn spawn_upkeep(&self) -> Option<JoinHandle<()>> {
        let handle = self.0.as_ref()?.handle.clone();
        Some(tokio::spawn(async move {
            let mut tick = tokio::time::interval(UPKEEP_INTERVAL);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                handle.run_upkeep();
            }
        }))
    }
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_histogram};
    describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests by method, route template and status class."
    );
    describe_histogram!(
        HTTP_DURATION,
        Unit::Seconds,
        "Time to the response head, by method and route template."
    );
    describe_counter!(LEASES_GRANTED, "New leases on tasks.");
    describe_counter!(
        ANSWERS_SUBMITTED,
        "Answers stored (retries of the same submission not counted)."
    );
    describe_counter!(
        ANSWERS_APPROVED,
        "Answers approved and paid, by requester or automatically after the review window."
    );
    describe_counter!(ANSWERS_REJECTED, "Answers rejected by requesters.");
    describe_counter!(DISPUTES_OPENED, "Rejections disputed by workers.");
    describe_counter!(PAYOUTS_REQUESTED, "Payouts requested by workers.");
    describe_counter!(
        PAYFLOOR_TOPUPS,
        "Answers topped up to the pay floor on measured time."
    );
}

/// The middleware counting every request of the public router, by its route template.
/// Applied with `Router::layer`, it runs after routing, so `MatchedPath` is known.
pub async fn track(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    if !metrics.is_on() {
        return next.run(req).await;
    }
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_string(), |p| p.as_str().to_string());
    let method = method_label(req.method());
    // A monotonic clock for a duration; the app's `Clock` is for domain time.
    let started = Instant::now();
    let response = next.run(req).await;
    let seconds = started.elapsed().as_secs_f64();
    metrics.request(method, route, status_class(response.status()), seconds);
    response
}

/// The standard methods by name; anything else as "other" (a label value per
/// invented method would let any client grow the series without end).
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn status_class(s: StatusCode) -> &'static str {
    match s.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// The metrics listener's only route.
pub fn router(metrics: Metrics) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(metrics)
}

async fn scrape(State(metrics): State<Metrics>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_recorders_keep_their_own_counts() {
        let a = Metrics::prometheus();
        let b = Metrics::prometheus();
        a.answer_submitted();
        a.answer_submitted();
        b.answer_submitted();
        assert!(a.render().contains("handprint_answers_submitted_total 2"));
        assert!(b.render().contains("handprint_answers_submitted_total 1"));
    }

    #[test]
    fn metrics_that_are_off_record_and_render_nothing() {
        let off = Metrics::off();
        off.answer_submitted();
        assert_eq!(off.render(), "");
    }

    #[test]
    fn request_durations_are_a_histogram_with_buckets() {
        let m = Metrics::prometheus();
        m.request("GET", "/api/v1/projects/{id}".into(), "2xx", 0.02);
        let text = m.render();
        assert!(
            text.contains("# TYPE handprint_http_request_duration_seconds histogram"),
            "{text}"
        );
        assert!(
            text.contains(
                "handprint_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/projects/{id}\",le=\"0.025\"} 1"
            ),
            "{text}"
        );
    }

    #[test]
    fn unknown_methods_share_one_label() {
        let m = Method::from_bytes(b"BREW").expect("a valid method token");
        assert_eq!(method_label(&m), "other");
    }
}
