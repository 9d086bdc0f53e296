//! `handprint bench market`: next+submit cycles per second and latency with N
//! concurrent workers against a real server over HTTP, on SQLite or PostgreSQL.

use crate::config::{Config, DbFlags};
use anyhow::Context;
use handprint_core::account::Role;
use handprint_core::{Clock, SystemClock};
use handprint_server::AppState;
use handprint_store::accounts::NewUser;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The password of every account the bench makes.
const PASSWORD: &str = "bench-password";

// Parsed once per run; the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// Marketplace throughput: next+submit cycles per second with concurrent workers
    Market(MarketArgs),
    /// Aggregation against Crowd-Kit, side by side in one run
    Aggregate(handprint_aggregate_cli::BenchArgs),
}

#[derive(clap::Args, Debug)]
pub struct MarketArgs {
    /// Concurrent workers
    #[arg(long, default_value_t = 32)]
    workers: usize,
    /// Items in the project
    #[arg(long, default_value_t = 2000)]
    tasks: usize,
    /// Answers per item
    #[arg(long, default_value_t = 3)]
    overlap: usize,
}

pub async fn market(db: DbFlags, args: MarketArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.workers > 0 && args.tasks > 0 && args.overlap > 0,
        "--workers, --tasks and --overlap must be positive"
    );
    anyhow::ensure!(
        args.overlap <= args.workers,
        "--overlap cannot exceed --workers (a worker answers an item once)"
    );
    let scratch = tempfile::tempdir()?;
    let mut db = db;
    if db.database_url.is_none() && db.data_dir.is_none() {
        db.data_dir = Some(scratch.path().to_path_buf());
    }
    let config = Config::load(db.config.as_deref(), &db)?;
    let store = config.open_db().await?;
    let backend = store.backend();
    let mut settings = config.settings()?;
    settings.pay_floor_per_hour = handprint_core::Money(0);
    let state = AppState::new(store.clone(), Arc::new(SystemClock), settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(handprint_server::serve(listener, state, async {
        let _ = stop_rx.await;
    }));

    let http = reqwest::Client::new();
    let run = format!("{:x}", rand::random::<u32>());
    let requester = account(
        &http,
        &base,
        &format!("bench-req-{run}@bench.test"),
        "requester",
    )
    .await?;
    let pid = create_project(&http, &base, &requester, &args).await?;
    fund_and_publish(&http, &base, &store, &requester, &pid, &run).await?;

    let mut keys = Vec::new();
    for w in 0..args.workers {
        keys.push(
            account(
                &http,
                &base,
                &format!("bench-w{w}-{run}@bench.test"),
                "worker",
            )
            .await?,
        );
    }
    eprintln!(
        "{backend}: {} workers, {} items × {} answers; running…",
        args.workers, args.tasks, args.overlap
    );
    let started = Instant::now();
    let (mut next_lat, mut submit_lat, mut cycle_lat) =
        run_workers(&http, &base, keys, &pid).await?;
    let elapsed = started.elapsed();
    let cycles = cycle_lat.len();
    print_results(
        backend,
        &args,
        elapsed,
        &mut next_lat,
        &mut submit_lat,
        &mut cycle_lat,
    );
    let _ = stop_tx.send(());
    let _ = server.await;
    store.close().await;
    anyhow::ensure!(
        cycles == args.tasks * args.overlap,
        "expected {} answers, got {cycles}",
        args.tasks * args.overlap
    );
    Ok(())
}

/// A single-choice project of `args.tasks` items, `args.overlap` answers each; its id.
async fn create_project(
    http: &reqwest::Client,
    base: &str,
    requester: &str,
    args: &MarketArgs,
) -> anyhow::Result<String> {
    let project: Value = http
        .post(format!("{base}/api/v1/projects"))
        .bearer_auth(requester)
        .json(&json!({
            "title": "bench", "instructions": "pick one",
            "template": {"kind": "single_choice", "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
            "purpose": "Measure the marketplace's throughput in a benchmark run.",
            "end_uses": ["research"], "sensitive_content": ["none"],
            "reward": "0.10", "estimated_seconds": 10, "answers_per_task": args.overlap, "lease_seconds": 600
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let pid = project["id"].as_str().unwrap_or_default().to_string();
    let rows: String = (0..args.tasks)
        .map(|i| format!("{{\"external_id\":\"{i}\",\"text\":\"item {i}\"}}\n"))
        .collect();
    http.post(format!("{base}/api/v1/projects/{pid}/tasks"))
        .bearer_auth(requester)
        .header("content-type", "application/x-ndjson")
        .body(rows)
        .send()
        .await?
        .error_for_status()?;
    Ok(pid)
}

/// Every worker claims and answers until no work is left; the latencies of all of them.
async fn run_workers(
    http: &reqwest::Client,
    base: &str,
    keys: Vec<String>,
    pid: &str,
) -> anyhow::Result<Latencies> {
    let mut handles = Vec::new();
    for key in keys {
        let http = http.clone();
        let base = base.to_string();
        let pid = pid.to_string();
        handles.push(tokio::spawn(async move {
            worker_loop(http, base, key, pid).await
        }));
    }
    let mut next_lat = Vec::new();
    let mut submit_lat = Vec::new();
    let mut cycle_lat = Vec::new();
    for h in handles {
        let (n, s, c) = h.await??;
        next_lat.extend(n);
        submit_lat.extend(s);
        cycle_lat.extend(c);
    }
    Ok((next_lat, submit_lat, cycle_lat))
}

/// The throughput and the p50/p99 latencies of next, submit and the whole cycle.
fn print_results(
    backend: &str,
    args: &MarketArgs,
    elapsed: Duration,
    next_lat: &mut Vec<Duration>,
    submit_lat: &mut Vec<Duration>,
    cycle_lat: &mut Vec<Duration>,
) {
    let cycles = cycle_lat.len();
    println!("backend            {backend}");
    println!("workers            {}", args.workers);
    println!(
        "answers            {cycles} (expected {})",
        args.tasks * args.overlap
    );
    println!("elapsed            {:.2} s", elapsed.as_secs_f64());
    println!(
        "cycles per second  {:.0}",
        cycles as f64 / elapsed.as_secs_f64()
    );
    for (name, lat) in [
        ("next", next_lat),
        ("submit", submit_lat),
        ("next+submit", cycle_lat),
    ] {
        lat.sort();
        println!(
            "{name:<12} p50 {:>7.2} ms   p99 {:>7.2} ms",
            ms(percentile(lat, 50)),
            ms(percentile(lat, 99))
        );
    }
}

/// Publish the project as a requester would: publishing escrows every reward, the fee
/// and the reserve, so when it answers 402 an operator records a deposit of exactly the
/// amount it names as missing, and the requester publishes again.
async fn fund_and_publish(
    http: &reqwest::Client,
    base: &str,
    store: &handprint_store::Db,
    requester: &str,
    pid: &str,
    run: &str,
) -> anyhow::Result<()> {
    let publish = format!("{base}/api/v1/projects/{pid}/publish");
    let r = http.post(&publish).bearer_auth(requester).send().await?;
    if r.status() != reqwest::StatusCode::PAYMENT_REQUIRED {
        r.error_for_status()?;
        return Ok(());
    }
    let refusal: Value = r.json().await?;
    let missing = refusal["missing"].as_str().with_context(|| {
        format!("publishing was refused without naming the amount missing: {refusal}")
    })?;
    let me: Value = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(requester)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let organization = me["organization"]["id"]
        .as_str()
        .context("the bench requester has no organisation")?;
    let operator = operator(http, base, store, run).await?;
    http.post(format!("{base}/api/v1/operator/deposits"))
        .bearer_auth(&operator)
        .json(&json!({"organization_id": organization, "amount": missing, "reference": format!("bench-{run}")}))
        .send()
        .await?
        .error_for_status()?;
    http.post(&publish)
        .bearer_auth(requester)
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

/// An operator's API key: the account made in the store, as `users create-operator` does.
async fn operator(
    http: &reqwest::Client,
    base: &str,
    store: &handprint_store::Db,
    run: &str,
) -> anyhow::Result<String> {
    let email = format!("bench-op-{run}@bench.test");
    let hash = handprint_server::auth::hash_password(PASSWORD.to_string())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .create_user(
            NewUser {
                email: &email,
                password_hash: &hash,
                name: "bench",
                role: Role::Operator,
                country: "",
                organization: None,
            },
            SystemClock.now(),
        )
        .await?;
    api_key(http, base, &email).await
}

type Latencies = (Vec<Duration>, Vec<Duration>, Vec<Duration>);

async fn worker_loop(
    http: reqwest::Client,
    base: String,
    key: String,
    pid: String,
) -> anyhow::Result<Latencies> {
    let (mut next, mut submit, mut cycle) = (Vec::new(), Vec::new(), Vec::new());
    loop {
        let t0 = Instant::now();
        let r = http
            .post(format!("{base}/api/v1/work/next"))
            .bearer_auth(&key)
            .json(&json!({"project_id": pid}))
            .send()
            .await?;
        let t1 = Instant::now();
        if r.status() == reqwest::StatusCode::NO_CONTENT {
            break;
        }
        let lease: Value = r.error_for_status()?.json().await?;
        let id = lease["assignment_id"].as_str().unwrap_or_default();
        http.post(format!("{base}/api/v1/assignments/{id}/submit"))
            .bearer_auth(&key)
            .json(&json!({"answer": "a"}))
            .send()
            .await?
            .error_for_status()?;
        let t2 = Instant::now();
        next.push(t1 - t0);
        submit.push(t2 - t1);
        cycle.push(t2 - t0);
    }
    Ok((next, submit, cycle))
}

async fn account(
    http: &reqwest::Client,
    base: &str,
    email: &str,
    role: &str,
) -> anyhow::Result<String> {
    let mut body = json!({"email": email, "password": PASSWORD, "name": "bench", "role": role, "country": "MG"});
    if role == "requester" {
        body["organization"] = json!("Bench Org");
    }
    http.post(format!("{base}/api/v1/signup"))
        .json(&body)
        .send()
        .await?
        .error_for_status()?;
    api_key(http, base, email).await
}

async fn api_key(http: &reqwest::Client, base: &str, email: &str) -> anyhow::Result<String> {
    let key: Value = http
        .post(format!("{base}/api/v1/api-keys"))
        .basic_auth(email, Some(PASSWORD))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(key["key"].as_str().unwrap_or_default().to_string())
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) * p) / 100]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
