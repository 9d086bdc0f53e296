//! Prometheus metrics on their own listener: requests by route template (never a raw
//! id), a latency histogram, the domain's events; nothing on the public port; the
//! `metrics_addr` setting read from the environment and the `--metrics-addr` flag.

use crate::money::answer;
use crate::support::{ServeProcess, TestApp, db_flags, fresh_location, handprint_command};
use handprint_core::Money;
use handprint_server::{Settings, jobs};
use reqwest::StatusCode;
use serde_json::json;

/// The value of the series `name` with exactly these labels, in any order.
fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let mut wanted: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    wanted.sort();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let (series, number) = line.rsplit_once(' ')?;
            let (series_name, mut have) = match series.split_once('{') {
                Some((n, rest)) => (
                    n,
                    rest.strip_suffix('}')
                        .unwrap_or(rest)
                        .split("\",")
                        .map(|l| format!("{}\"", l.trim_end_matches('"')))
                        .collect::<Vec<_>>(),
                ),
                None => (series, Vec::new()),
            };
            have.sort();
            (series_name == name && have == wanted)
                .then(|| number.parse().ok())
                .flatten()
        })
}

async fn scrape(url: &str) -> String {
    let r = reqwest::get(url).await.expect("scrape");
    assert_eq!(r.status(), StatusCode::OK);
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(kind.starts_with("text/plain"), "{kind}");
    r.text().await.expect("body")
}

async fn scrape_app(app: &TestApp) -> String {
    let base = app.metrics_base.as_deref().expect("a metrics listener");
    scrape(&format!("{base}/metrics")).await
}

#[tokio::test]
async fn requests_are_counted_by_route_template_on_the_metrics_port_and_not_shown_on_the_public_one()
 {
    let app = TestApp::spawn_with_metrics(Settings::default()).await;
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("ben").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let id = lease["assignment_id"].as_str().expect("assignment");
    for _ in 0..2 {
        let (status, body) = worker
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": "pos", "idempotency_key": "once"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, _) = app.anonymous().get("/api/v1/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.anonymous().get_text("/metrics").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "no metrics on the public port"
    );

    let text = scrape_app(&app).await;
    let requests = |method, route, status| {
        value(
            &text,
            "handprint_http_requests_total",
            &[("method", method), ("route", route), ("status", status)],
        )
    };
    assert_eq!(
        requests("POST", "/api/v1/work/next", "2xx"),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        requests("POST", "/api/v1/assignments/{id}/submit", "2xx"),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        requests("GET", "unmatched", "4xx"),
        Some(2.0),
        "the unknown API path and /metrics: {text}"
    );
    let submit = [
        ("method", "POST"),
        ("route", "/api/v1/assignments/{id}/submit"),
    ];
    assert_eq!(
        value(
            &text,
            "handprint_http_request_duration_seconds_count",
            &submit
        ),
        Some(2.0),
        "{text}"
    );
    let mut bucket = submit.to_vec();
    bucket.push(("le", "+Inf"));
    assert_eq!(
        value(
            &text,
            "handprint_http_request_duration_seconds_bucket",
            &bucket
        ),
        Some(2.0),
        "{text}"
    );
    assert!(
        text.contains("# TYPE handprint_http_request_duration_seconds histogram"),
        "{text}"
    );
    assert_eq!(
        value(&text, "handprint_leases_granted_total", &[]),
        Some(1.0)
    );
    assert_eq!(
        value(&text, "handprint_answers_submitted_total", &[]),
        Some(1.0),
        "a repeated submission is not a second answer: {text}"
    );
    for raw in [id, project.as_str(), "no-such-thing"] {
        assert!(!text.contains(raw), "{raw} in a label: {text}");
    }
}

#[tokio::test]
async fn reviews_disputes_payouts_and_top_ups_are_counted_with_automatic_approvals_apart() {
    let app = TestApp::spawn_with_metrics(Settings {
        payout_threshold: Money(10),
        ..Settings::default()
    })
    .await;
    // Six answers approved by the requester, each topped up to the floor by the job.
    let (requester, workers, _, _) = crate::payfloor::twice_the_estimate(&app, Some("5.00")).await;
    jobs::run_once(&app.state).await;
    let project = requester
        .published_from_balance(2, json!({"answers_per_task": 1}))
        .await;
    let worker = &workers[0];
    let rejected = answer(&app, worker, &project, json!("pos"), 10).await;
    answer(&app, worker, &project, json!("pos"), 10).await;
    requester.reject(&rejected).await;
    worker
        .dispute(
            &rejected,
            "The review says 'a warm, funny story': that is positive.",
        )
        .await;
    // The other answer is approved once the three-day review window has passed.
    app.clock.advance_seconds(4 * 86_400);
    jobs::run_once(&app.state).await;
    let (status, body) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "0.20", "destination": "M-Pesa +254 700 000 000"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let text = scrape_app(&app).await;
    let count = |name, labels: &[(&str, &str)]| value(&text, name, labels);
    assert_eq!(count("handprint_leases_granted_total", &[]), Some(8.0));
    assert_eq!(count("handprint_answers_submitted_total", &[]), Some(8.0));
    assert_eq!(
        count("handprint_answers_approved_total", &[("by", "requester")]),
        Some(6.0),
        "{text}"
    );
    assert_eq!(
        count("handprint_answers_approved_total", &[("by", "auto")]),
        Some(1.0),
        "{text}"
    );
    assert_eq!(count("handprint_answers_rejected_total", &[]), Some(1.0));
    assert_eq!(count("handprint_disputes_opened_total", &[]), Some(1.0));
    assert_eq!(count("handprint_payouts_requested_total", &[]), Some(1.0));
    assert_eq!(
        count("handprint_payfloor_topups_total", &[]),
        Some(6.0),
        "{text}"
    );
}

#[tokio::test]
async fn the_metrics_address_is_read_from_the_environment_and_the_flag_wins() {
    let (location, _dir) = fresh_location().await;
    let off = ServeProcess::start(&location);
    assert_eq!(off.metrics, None, "no metrics unless asked for");
    drop(off);

    let from_env =
        ServeProcess::start_with(&location, &[], &[("HANDPRINT_METRICS_ADDR", "127.0.0.1:0")]);
    let url = from_env
        .metrics
        .clone()
        .expect("metrics from HANDPRINT_METRICS_ADDR");
    let r = reqwest::get(format!("{}/healthz", from_env.base))
        .await
        .expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);
    let text = scrape(&url).await;
    assert_eq!(
        value(
            &text,
            "handprint_http_requests_total",
            &[("method", "GET"), ("route", "/healthz"), ("status", "2xx")]
        ),
        Some(1.0),
        "{text}"
    );
    drop(from_env);

    // The environment names a port that is taken; the flag's address is used instead.
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let taken = holder.local_addr().expect("addr").to_string();
    let from_flag = ServeProcess::start_with(
        &location,
        &["--metrics-addr", "127.0.0.1:0"],
        &[("HANDPRINT_METRICS_ADDR", &taken)],
    );
    let url = from_flag
        .metrics
        .clone()
        .expect("metrics from --metrics-addr");
    assert!(!url.contains(&taken), "{url}");
    scrape(&url).await;
}

#[tokio::test]
async fn a_taken_metrics_port_stops_the_start_naming_the_address_and_the_setting() {
    let (location, _dir) = fresh_location().await;
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let taken = holder.local_addr().expect("addr").to_string();
    let out = handprint_command()
        .arg("serve")
        .args(["--addr", "127.0.0.1:0", "--metrics-addr", &taken])
        .args(db_flags(&location))
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&taken) && err.contains("metrics_addr"),
        "{err}"
    );
    let out = handprint_command()
        .arg("default-config")
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("metrics_addr = \"\""),
        "the example configuration shows the setting, off"
    );
}
