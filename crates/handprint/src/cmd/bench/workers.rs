//! The closed loop: each worker, a tokio task with its own API key, asks for work and
//! answers it over HTTP, again and again, until no project has work for it or the time is up.

use anyhow::Context;
use hdrhistogram::Histogram;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Latencies are kept in microseconds, to 3 significant digits, up to this (a minute).
const LONGEST_MICROS: u64 = 60_000_000;

/// What a worker, then the whole run, measured.
pub struct Tally {
    pub next: Histogram<u64>,
    pub submit: Histogram<u64>,
    pub cycle: Histogram<u64>,
    /// Answers the server acknowledged (2xx on submit), per active project.
    pub acknowledged: Vec<u64>,
}

impl Tally {
    fn new(projects: usize) -> anyhow::Result<Tally> {
        let histogram = || Histogram::new_with_bounds(1, LONGEST_MICROS, 3);
        Ok(Tally {
            next: histogram()?,
            submit: histogram()?,
            cycle: histogram()?,
            acknowledged: vec![0; projects],
        })
    }

    fn add(&mut self, other: &Tally) -> anyhow::Result<()> {
        self.next.add(&other.next)?;
        self.submit.add(&other.submit)?;
        self.cycle.add(&other.cycle)?;
        for (mine, theirs) in self.acknowledged.iter_mut().zip(&other.acknowledged) {
            *mine += theirs;
        }
        Ok(())
    }
}

/// Run one worker per key against `bases` (worker `w` talks to `bases[w % len]`, and starts
/// on project `w % projects`), until each has found every project empty or `deadline`.
pub async fn run(
    http: &reqwest::Client,
    bases: &[String],
    keys: Vec<String>,
    projects: Vec<String>,
    deadline: Option<Instant>,
) -> anyhow::Result<Tally> {
    let projects = Arc::new(projects);
    let mut handles = Vec::new();
    for (w, key) in keys.into_iter().enumerate() {
        let worker = Worker {
            http: http.clone(),
            base: bases[w % bases.len()].clone(),
            key,
            projects: projects.clone(),
            first: w % projects.len(),
            deadline,
        };
        handles.push(tokio::spawn(worker.run()));
    }
    let mut total = Tally::new(projects.len())?;
    for h in handles {
        total.add(&h.await??)?;
    }
    Ok(total)
}

struct Worker {
    http: reqwest::Client,
    base: String,
    key: String,
    projects: Arc<Vec<String>>,
    first: usize,
    deadline: Option<Instant>,
}

impl Worker {
    /// Claim in the projects round-robin, skipping those that answered 204 (no work left for
    /// this worker: every remaining slot is leased by others, who will answer it).
    async fn run(self) -> anyhow::Result<Tally> {
        let n = self.projects.len();
        let mut tally = Tally::new(n)?;
        let mut open = vec![true; n];
        let mut turn = self.first;
        while let Some(p) = (0..n).map(|k| (turn + k) % n).find(|&p| open[p]) {
            if self.deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
            turn = p + 1;
            match self.cycle(&self.projects[p]).await? {
                Some((next, submit)) => {
                    tally.next.saturating_record(micros(next));
                    tally.submit.saturating_record(micros(submit));
                    tally.cycle.saturating_record(micros(next + submit));
                    tally.acknowledged[p] += 1;
                }
                None => open[p] = false,
            }
        }
        Ok(tally)
    }

    /// One next+submit in `project`: the time each took, or None when there was no work.
    async fn cycle(&self, project: &str) -> anyhow::Result<Option<(Duration, Duration)>> {
        let t0 = Instant::now();
        let r = self
            .http
            .post(format!("{}/api/v1/work/next", self.base))
            .bearer_auth(&self.key)
            .json(&json!({"project_id": project}))
            .send()
            .await?;
        if r.status() == reqwest::StatusCode::NO_CONTENT {
            return Ok(None);
        }
        let lease: serde_json::Value = r.error_for_status()?.json().await?;
        let t1 = Instant::now();
        let id = lease["assignment_id"]
            .as_str()
            .with_context(|| format!("work/next gave a lease without an assignment id: {lease}"))?;
        self.http
            .post(format!("{}/api/v1/assignments/{id}/submit", self.base))
            .bearer_auth(&self.key)
            .json(&json!({"answer": "a"}))
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        Ok(Some((t1 - t0, t1.elapsed())))
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}
