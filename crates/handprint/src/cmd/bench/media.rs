//! `handprint bench media`: a requester uploads N generated images through the media API
//! (timed), items name them, the project is funded and published, and concurrent workers
//! each do work/next → fetch the signed media URL (the smaller rendition) → submit, until
//! every item has its answers. Then every image must have been served and every answer
//! stored, counted again from the database.

use super::servers::{Servers, load_average};
use super::setup::{account, fund_and_publish, operator};
use super::{Check, percentiles, verdict};
use crate::config::{Config, DbFlags};
use anyhow::Context;
use futures::{StreamExt, TryStreamExt};
use handprint_core::{ProjectId, SystemClock};
use handprint_server::AppState;
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Latencies are kept in microseconds, to 3 significant digits, up to this (a minute).
const LONGEST_MICROS: u64 = 60_000_000;

#[derive(clap::Args, Debug)]
pub struct MediaArgs {
    /// Concurrent workers, each with an account and API key of its own
    #[arg(long, default_value_t = 32)]
    workers: usize,
    /// Images uploaded, one item each
    #[arg(long, default_value_t = 1000)]
    images: usize,
    /// Answers per item
    #[arg(long, default_value_t = 1)]
    overlap: usize,
    /// The longer side of each generated PNG, in pixels (over the instance's rendition
    /// size, 640 by default, so each gets a smaller rendition)
    #[arg(long, default_value_t = 800)]
    pixels: u32,
    /// Uploads in flight at once
    #[arg(long, default_value_t = 8)]
    uploads_at_once: usize,
}

impl MediaArgs {
    fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.workers > 0 && self.images > 0 && self.overlap > 0 && self.uploads_at_once > 0,
            "--workers, --images, --overlap and --uploads-at-once must be positive"
        );
        anyhow::ensure!(
            self.overlap <= self.workers,
            "--overlap cannot exceed --workers (a worker answers an item once)"
        );
        anyhow::ensure!(
            (16..=4096).contains(&self.pixels),
            "--pixels must be between 16 and 4096 (got {})",
            self.pixels
        );
        Ok(())
    }
}

pub async fn run(db: DbFlags, args: MediaArgs) -> anyhow::Result<()> {
    args.check()?;
    let load_start = load_average();
    let scratch = tempfile::tempdir()?;
    let mut db = db;
    // The run's files (the database on SQLite, the media on local storage) go to a
    // scratch directory that is removed afterwards, unless --data-dir names one.
    if db.data_dir.is_none() {
        db.data_dir = Some(scratch.path().to_path_buf());
    }
    let config = Config::load(db.config.as_deref(), &db)?;
    let store = config.open_db().await?;
    let mut settings = config.settings()?;
    settings.pay_floor_per_hour = handprint_core::Money(0);
    // The run measures uploading and serving, not the quota: a thousand photograph-sized
    // PNGs are more than the default organisation quota (1 GiB), so the bench's own
    // server lifts it (and says so).
    settings.media.max_bytes_per_org = i64::MAX;
    handprint_server::media::Storage::open(&settings.media.storage)
        .map_err(|e| anyhow::anyhow!("{e} (the [media] settings)"))?;
    let state = AppState::new(store.clone(), Arc::new(SystemClock), settings);
    let servers = Servers::in_process(state).await?;
    let http = reqwest::Client::new();
    let result = measure(&http, &servers, &store, &args, load_start).await;
    servers.stop().await;
    store.close().await;
    result
}

/// Distinct images generated at most; image `i` is the `i % DISTINCT`th (each is still
/// uploaded, stored and given its rendition under a name of its own). Keeps a run of
/// thousands of photograph-sized PNGs from holding them all in memory.
const DISTINCT: usize = 50;

/// Image `i`: a PNG of `pixels` × ¾`pixels` with gradients, a disc placed by `i` and
/// grain, so that it compresses about as a photograph does (its JPEG rendition is smaller).
fn generated_png(i: usize, pixels: u32) -> anyhow::Result<Vec<u8>> {
    let (w, h) = (pixels, (pixels * 3 / 4).max(1));
    let seed = u32::try_from(i % 65_536).unwrap_or(0);
    let (cx, cy) = ((seed * 37) % w, (seed * 53) % h);
    let r2 = (h / 4).pow(2);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let grain = (x.wrapping_mul(73_856_093)
            ^ y.wrapping_mul(19_349_663)
            ^ seed.wrapping_mul(83_492_791))
        .wrapping_mul(2_654_435_761)
            >> 26;
        let shade = |v: u32| u8::try_from((v + grain) % 256).unwrap_or(0);
        if x.abs_diff(cx).pow(2) + y.abs_diff(cy).pow(2) <= r2 {
            image::Rgb([shade(seed), shade(96), shade(255 - seed % 256)])
        } else {
            image::Rgb([shade(x * 255 / w), shade(y * 255 / h), shade(seed / 3)])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(out.into_inner())
}

fn image_name(i: usize) -> String {
    format!("img-{i:05}.png")
}

/// What the upload phase did.
struct Uploaded {
    bytes: u64,
    renditions: usize,
    took: Duration,
}

async fn measure(
    http: &reqwest::Client,
    servers: &Servers,
    store: &handprint_store::Db,
    args: &MediaArgs,
    load_start: String,
) -> anyhow::Result<()> {
    let run = format!("{:x}", rand::random::<u32>());
    let base = servers.bases()[0].clone();
    let requester = account(
        http,
        &base,
        &format!("bench-media-{run}@bench.test"),
        "requester",
    )
    .await?;
    let project = create_project(http, &base, &requester, args.overlap).await?;
    let pngs = generate(args, store.backend()).await?;
    let uploaded = upload_all(http, &base, &requester, &project, pngs, args).await?;
    import_items(http, &base, &requester, &project, args.images).await?;
    let operator = operator(http, &base, store, &run).await?;
    fund_and_publish(http, &base, &operator, &requester, &project, &run).await?;
    let keys: Vec<String> = futures::stream::iter(0..args.workers)
        .map(|w| {
            let email = format!("bench-mw{w}-{run}@bench.test");
            let base = base.clone();
            async move { account(http, &base, &email, "worker").await }
        })
        .buffered(4)
        .try_collect()
        .await?;
    eprintln!("{} workers fetching and answering…", args.workers);
    servers.reset_peak_rss();
    let started = Instant::now();
    let tally = run_workers(http, &base, keys, &project).await?;
    let elapsed = started.elapsed();
    let checks = check(store, &project, args, &tally).await?;
    let report = Report {
        backend: store.backend(),
        elapsed,
        uploaded,
        load_start,
        load_end: load_average(),
        rss: servers.peak_rss(),
    };
    report.print(args, &tally, &checks);
    let failed: Vec<&str> = checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| c.line.as_str())
        .collect();
    anyhow::ensure!(
        failed.is_empty(),
        "the run did not serve and store what it should:\n{}",
        failed.join("\n")
    );
    Ok(())
}

/// The distinct images of a run, made on a blocking thread (and how long that took said).
async fn generate(args: &MediaArgs, backend: &str) -> anyhow::Result<Vec<Vec<u8>>> {
    let generating = Instant::now();
    let (pixels, images) = (args.pixels, args.images);
    let pngs = tokio::task::spawn_blocking(move || {
        (0..images.min(DISTINCT))
            .map(|i| generated_png(i, pixels))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await??;
    eprintln!(
        "{backend}: {} distinct images generated in {:.2} s; uploading {images}…",
        pngs.len(),
        generating.elapsed().as_secs_f64(),
    );
    Ok(pngs)
}

/// One worker per key, each a tokio task, until every one has found no more work.
async fn run_workers(
    http: &reqwest::Client,
    base: &str,
    keys: Vec<String>,
    project: &ProjectId,
) -> anyhow::Result<Tally> {
    let handles: Vec<_> = keys
        .into_iter()
        .map(|key| {
            tokio::spawn(
                Worker {
                    http: http.clone(),
                    base: base.to_string(),
                    key,
                    project: project.to_string(),
                }
                .run(),
            )
        })
        .collect();
    let mut tally = Tally::new()?;
    for h in handles {
        tally.add(h.await??)?;
    }
    Ok(tally)
}

/// A single-choice project showing each item's image, asking `overlap` answers, a draft.
async fn create_project(
    http: &reqwest::Client,
    base: &str,
    requester: &str,
    overlap: usize,
) -> anyhow::Result<ProjectId> {
    let project: Value = http
        .post(format!("{base}/api/v1/projects"))
        .bearer_auth(requester)
        .json(&json!({
            "title": "bench media", "instructions": "pick one",
            "template": {"kind": "single_choice", "options": ["a", "b"],
                         "media": {"type": "image", "field": "image"}},
            "purpose": "Measure serving uploaded media to workers in a benchmark run.",
            "end_uses": ["research"], "sensitive_content": ["none"],
            "reward": "0.10", "estimated_seconds": 10, "answers_per_task": overlap, "lease_seconds": 600
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = project["id"]
        .as_str()
        .with_context(|| format!("the new project came back without an id: {project}"))?;
    Ok(ProjectId::from(id))
}

/// Upload each image as one request (the raw body, its name in `?name=`), several at
/// once; fails unless every one was stored.
async fn upload_all(
    http: &reqwest::Client,
    base: &str,
    requester: &str,
    project: &ProjectId,
    pngs: Vec<Vec<u8>>,
    args: &MediaArgs,
) -> anyhow::Result<Uploaded> {
    let bytes = (0..args.images)
        .map(|i| pngs[i % pngs.len()].len() as u64)
        .sum();
    let started = Instant::now();
    let renditions: Vec<bool> = futures::stream::iter(0..args.images)
        .map(|i| {
            let png = pngs[i % pngs.len()].clone();
            async move {
                let name = image_name(i);
                let r = http
                    // The names are "img-00001.png" and the like: nothing to escape.
                    .post(format!(
                        "{base}/api/v1/projects/{project}/media?name={name}"
                    ))
                    .bearer_auth(requester)
                    .header("content-type", "image/png")
                    .body(png)
                    .send()
                    .await?;
                let status = r.status();
                let report: Value = r.json().await?;
                anyhow::ensure!(
                    status == reqwest::StatusCode::CREATED && report["files"][0]["name"] == name,
                    "uploading {name} answered {status}: {report}"
                );
                Ok(report["files"][0]["small_bytes"].is_i64())
            }
        })
        .buffer_unordered(args.uploads_at_once)
        .try_collect()
        .await?;
    Ok(Uploaded {
        bytes,
        renditions: renditions.iter().filter(|r| **r).count(),
        took: started.elapsed(),
    })
}

/// One item per image, naming it (and, in `expect`, the name the worker must be served).
async fn import_items(
    http: &reqwest::Client,
    base: &str,
    requester: &str,
    project: &ProjectId,
    images: usize,
) -> anyhow::Result<()> {
    let body: String = (0..images)
        .map(|i| {
            let name = image_name(i);
            format!(
                "{}\n",
                json!({"external_id": format!("m{i}"), "image": name, "expect": name})
            )
        })
        .collect();
    let report: Value = http
        .post(format!("{base}/api/v1/projects/{project}/tasks"))
        .bearer_auth(requester)
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    anyhow::ensure!(
        report["created"].as_u64() == Some(images as u64),
        "importing {images} items stored another number: {report}"
    );
    Ok(())
}

/// What the workers measured and saw.
struct Tally {
    next: Histogram<u64>,
    fetch: Histogram<u64>,
    submit: Histogram<u64>,
    cycle: Histogram<u64>,
    /// The names of the files served, each once.
    served: BTreeSet<String>,
    fetched_bytes: u64,
    /// Fetches that were not the item's own image, or not an image at all.
    wrong: Vec<String>,
}

impl Tally {
    fn new() -> anyhow::Result<Tally> {
        let histogram = || Histogram::new_with_bounds(1, LONGEST_MICROS, 3);
        Ok(Tally {
            next: histogram()?,
            fetch: histogram()?,
            submit: histogram()?,
            cycle: histogram()?,
            served: BTreeSet::new(),
            fetched_bytes: 0,
            wrong: Vec::new(),
        })
    }

    fn add(&mut self, other: Tally) -> anyhow::Result<()> {
        self.next.add(&other.next)?;
        self.fetch.add(&other.fetch)?;
        self.submit.add(&other.submit)?;
        self.cycle.add(&other.cycle)?;
        self.served.extend(other.served);
        self.fetched_bytes += other.fetched_bytes;
        self.wrong.extend(other.wrong);
        Ok(())
    }
}

struct Worker {
    http: reqwest::Client,
    base: String,
    key: String,
    project: String,
}

impl Worker {
    /// Cycles until work/next answers 204 (every remaining slot is leased by others).
    async fn run(self) -> anyhow::Result<Tally> {
        let mut tally = Tally::new()?;
        while self.cycle(&mut tally).await? {}
        Ok(tally)
    }

    /// One work/next → rendition fetch → submit; false when there was no work.
    async fn cycle(&self, tally: &mut Tally) -> anyhow::Result<bool> {
        let t0 = Instant::now();
        let r = self
            .http
            .post(format!("{}/api/v1/work/next", self.base))
            .bearer_auth(&self.key)
            .json(&json!({"project_id": self.project}))
            .send()
            .await?;
        if r.status() == reqwest::StatusCode::NO_CONTENT {
            return Ok(false);
        }
        let lease: Value = r.error_for_status()?.json().await?;
        let t1 = Instant::now();
        let id = lease["assignment_id"]
            .as_str()
            .with_context(|| format!("work/next gave a lease without an assignment id: {lease}"))?;
        let link = &lease["task"]["media"][0];
        let (Some(name), Some(small)) = (link["name"].as_str(), link["small_url"].as_str()) else {
            anyhow::bail!("work/next gave no signed media URL: {lease}");
        };
        let got = self
            .http
            .get(format!("{}{small}", self.base))
            .send()
            .await?
            .error_for_status()?;
        let image_type = got
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("image/"));
        let bytes = got.bytes().await?;
        let t2 = Instant::now();
        if !image_type || image::guess_format(&bytes).is_err() {
            tally.wrong.push(format!("{name}: not an image"));
        } else if lease["task"]["data"]["expect"].as_str() != Some(name) {
            tally.wrong.push(format!(
                "{name}: served for {}",
                lease["task"]["data"]["expect"]
            ));
        }
        tally.served.insert(name.to_string());
        tally.fetched_bytes += bytes.len() as u64;
        self.http
            .post(format!("{}/api/v1/assignments/{id}/submit", self.base))
            .bearer_auth(&self.key)
            .json(&json!({"answer": "a"}))
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let t3 = Instant::now();
        tally.next.saturating_record(micros(t1 - t0));
        tally.fetch.saturating_record(micros(t2 - t1));
        tally.submit.saturating_record(micros(t3 - t2));
        tally.cycle.saturating_record(micros(t3 - t0));
        Ok(true)
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// Every image served (to the worker of its own item), and the answers counted in the
/// database: exactly `overlap` per item, never one (item, worker) pair twice.
async fn check(
    store: &handprint_store::Db,
    project: &ProjectId,
    args: &MediaArgs,
    tally: &Tally,
) -> anyhow::Result<Vec<Check>> {
    let expected: BTreeSet<String> = (0..args.images).map(image_name).collect();
    let missing = expected.difference(&tally.served).count();
    let served_ok = missing == 0 && tally.served.len() == args.images && tally.wrong.is_empty();
    let mut wrong = tally.wrong.clone();
    wrong.truncate(3);
    let overlap = i64::try_from(args.overlap)?;
    let audit = store.answer_audit(project, overlap).await?;
    let images = i64::try_from(args.images)?;
    let stored_ok = audit.tasks == images
        && audit.answers == images * overlap
        && audit.answers == i64::try_from(tally.cycle.len())?
        && audit.tasks_over == 0
        && audit.tasks_short == 0
        && audit.duplicate_pairs == 0
        && audit.tasks_miscounted == 0;
    Ok(vec![
        Check {
            line: format!(
                "served     {} of {} images, {} not served, {} wrong{}: {}",
                tally.served.len(),
                args.images,
                missing,
                tally.wrong.len(),
                if wrong.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", wrong.join("; "))
                },
                verdict(served_ok)
            ),
            ok: served_ok,
        },
        Check {
            line: format!(
                "answers    {} items, {} answers stored, {} acknowledged; items over {overlap}: {}, under: {}; (item, worker) pairs twice: {}; counters off: {}: {}",
                audit.tasks,
                audit.answers,
                tally.cycle.len(),
                audit.tasks_over,
                audit.tasks_short,
                audit.duplicate_pairs,
                audit.tasks_miscounted,
                verdict(stored_ok)
            ),
            ok: stored_ok,
        },
    ])
}

struct Report {
    backend: &'static str,
    elapsed: Duration,
    uploaded: Uploaded,
    load_start: String,
    load_end: String,
    rss: Vec<(String, Option<u64>)>,
}

impl Report {
    fn print(&self, args: &MediaArgs, tally: &Tally, checks: &[Check]) {
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        let per_second = |n: f64, d: Duration| {
            let secs = d.as_secs_f64();
            if secs > 0.0 { n / secs } else { 0.0 }
        };
        let up = &self.uploaded;
        let fetches = tally.fetch.len();
        println!("backend            {}", self.backend);
        println!("workers            {}", args.workers);
        println!(
            "media quota        none (the bench's own server measures serving, not the quota)"
        );
        println!(
            "images             {} PNGs of {}×{} px ({} distinct), {:.1} MiB; {} with a smaller rendition",
            args.images,
            args.pixels,
            (args.pixels * 3 / 4).max(1),
            args.images.min(DISTINCT),
            mib(up.bytes),
            up.renditions
        );
        println!(
            "uploads            {} in {:.2} s, {} at once ({:.1} uploads/s)",
            args.images,
            up.took.as_secs_f64(),
            args.uploads_at_once,
            per_second(args.images as f64, up.took)
        );
        println!(
            "media fetches      {fetches} in {:.2} s, {:.1} MiB ({:.1} fetches/s)",
            self.elapsed.as_secs_f64(),
            mib(tally.fetched_bytes),
            per_second(fetches as f64, self.elapsed)
        );
        println!(
            "cycles per second  {:.1}",
            per_second(tally.cycle.len() as f64, self.elapsed)
        );
        for (name, h) in [
            ("next", &tally.next),
            ("fetch", &tally.fetch),
            ("submit", &tally.submit),
            ("cycle", &tally.cycle),
        ] {
            println!("{name:<12}       {}", percentiles(h));
        }
        println!(
            "load average       start {}; end {}",
            self.load_start, self.load_end
        );
        let rss: Vec<String> = self
            .rss
            .iter()
            .map(|(whose, kib)| match kib {
                Some(kib) => format!("{whose} {:.1} MiB", *kib as f64 / 1024.0),
                None => format!("{whose} unknown"),
            })
            .collect();
        println!("peak RSS (run)     {}", rss.join("; "));
        for c in checks {
            println!("check              {}", c.line);
        }
    }
}
