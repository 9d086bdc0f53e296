//! `handprint bench market` (and `bench media`, in `media`): next+submit cycles per second and latency with N concurrent
//! workers against a real server over HTTP, on SQLite or PostgreSQL, in this process or in
//! N `serve` processes; then a count of the stored answers, item by item, from the database.

pub mod allocation;
pub mod media;
pub mod overlap;
mod servers;
mod setup;
mod workers;

use crate::config::{Config, DbFlags};
use handprint_core::SystemClock;
use handprint_server::AppState;
use handprint_store::Location;
use handprint_store::audit::AnswerAudit;
use hdrhistogram::Histogram;
use servers::{Servers, load_average};
use setup::{BenchProject, Prepared};
use std::sync::Arc;
use std::time::{Duration, Instant};
use workers::Tally;

// Parsed once per run; the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// Marketplace throughput: next+submit cycles per second with concurrent workers
    Market(MarketArgs),
    /// Uploaded media: images uploaded per second, then served to concurrent workers (work/next → image → submit)
    Media(media::MediaArgs),
    /// Aggregation against Crowd-Kit, side by side in one run
    Aggregate(handprint_aggregate_cli::BenchArgs),
    /// Fixed against dynamic overlap on a simulated crowd with spammers: accuracy and cost
    Overlap(overlap::OverlapArgs),
    /// Fair allocation against first come and a lottery on a simulated crowd: Gini of pay per hour online
    Allocation(allocation::AllocationArgs),
}

#[derive(clap::Args, Debug)]
pub struct MarketArgs {
    /// Concurrent workers, each with an account and API key of its own
    #[arg(long, default_value_t = 32)]
    workers: usize,
    /// Items in all the active projects together, split evenly between them
    #[arg(long, default_value_t = 2000)]
    tasks: usize,
    /// Answers per item
    #[arg(long, default_value_t = 3)]
    overlap: usize,
    /// Active projects the work is spread over; each worker claims in them in turn
    #[arg(long, default_value_t = 1)]
    projects: usize,
    /// Items of one more project, left a draft, beside the active ones (0: none) [default: --tasks]
    #[arg(long, value_name = "N")]
    draft_tasks: Option<usize>,
    /// Stop after this many seconds instead of when every item has all its answers
    #[arg(long, value_name = "SECS")]
    duration: Option<u64>,
    /// Serve from N `handprint serve` processes sharing the database, the clients outside
    /// them (SQLite: 1, its one writer lives in one process; PostgreSQL: any number)
    /// [default: the server runs inside the bench process]
    #[arg(long, value_name = "N")]
    processes: Option<usize>,
}

impl MarketArgs {
    fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.workers > 0 && self.tasks > 0 && self.overlap > 0 && self.projects > 0,
            "--workers, --tasks, --overlap and --projects must be positive"
        );
        anyhow::ensure!(
            self.overlap <= self.workers,
            "--overlap cannot exceed --workers (a worker answers an item once)"
        );
        anyhow::ensure!(
            self.tasks >= self.projects,
            "--tasks ({}) must be at least --projects ({}): every active project needs an item",
            self.tasks,
            self.projects
        );
        anyhow::ensure!(
            self.duration != Some(0),
            "--duration must be at least 1 second (leave it out to run until the work is done)"
        );
        anyhow::ensure!(
            self.processes != Some(0),
            "--processes must be at least 1 (leave it out to serve from the bench process)"
        );
        Ok(())
    }

    /// The items of each active project: `tasks` split as evenly as it goes.
    fn items_per_project(&self) -> Vec<usize> {
        (0..self.projects)
            .map(|p| self.tasks / self.projects + usize::from(p < self.tasks % self.projects))
            .collect()
    }

    fn draft_items(&self) -> usize {
        self.draft_tasks.unwrap_or(self.tasks)
    }
}

pub async fn market(db: DbFlags, args: MarketArgs) -> anyhow::Result<()> {
    args.check()?;
    let load_start = load_average();
    let scratch = tempfile::tempdir()?;
    let mut db = db;
    if db.database_url.is_none() && db.data_dir.is_none() {
        db.data_dir = Some(scratch.path().to_path_buf());
    }
    let config = Config::load(db.config.as_deref(), &db)?;
    anyhow::ensure!(
        args.processes.is_none_or(|n| n == 1) || matches!(config.location(), Location::Postgres(_)),
        "--processes above 1 needs PostgreSQL: give --database-url (SQLite's one writer lives in one process; give --processes 1 to serve SQLite from a process of its own)"
    );
    let store = config.open_db().await?;
    let http = reqwest::Client::new();
    let servers = match (args.processes, config.location()) {
        (None, _) => {
            let mut settings = config.settings()?;
            settings.pay_floor_per_hour = handprint_core::Money(0);
            let (items, bytes) = draft_quota(&args, &settings.quotas);
            settings.quotas.max_draft_items_per_org = items;
            settings.quotas.max_draft_bytes_per_org = bytes;
            let state = AppState::new(store.clone(), Arc::new(SystemClock), settings);
            Servers::in_process(state).await?
        }
        (Some(n), location) => {
            let (items, bytes) = draft_quota(&args, &config.settings()?.quotas);
            let env = [
                ("HANDPRINT_MAX_DRAFT_ITEMS_PER_ORG", items.to_string()),
                ("HANDPRINT_MAX_DRAFT_MB_PER_ORG", (bytes >> 20).to_string()),
            ];
            Servers::spawn(n, &location, db.config.as_deref(), &env, &http).await?
        }
    };
    let result = measure(&http, &servers, &store, &args, load_start).await;
    servers.stop().await;
    store.close().await;
    result
}

/// The draft quota the run's server needs: every item of the run is uploaded into a
/// draft of the bench's one organisation before the active projects are published, so
/// the operator's quota (`max_draft_items_per_org`, `max_draft_mb_per_org`) is raised to
/// hold them all (never lowered) for the run's own server; the database keeps nothing of it.
fn draft_quota(args: &MarketArgs, quotas: &handprint_server::Quotas) -> (i64, i64) {
    let items = i64::try_from(args.tasks + args.draft_items()).unwrap_or(i64::MAX);
    // An item of the bench is about 40 bytes of JSON; 256 leaves room, rounded to MiB.
    let bytes = items.saturating_mul(256).saturating_add(1 << 20) & !((1 << 20) - 1);
    (
        quotas.max_draft_items_per_org.max(items),
        quotas.max_draft_bytes_per_org.max(bytes),
    )
}

/// Prepare the run, run the workers, count the answers in the database, print it all;
/// an error when the count is not what the workers were told.
async fn measure(
    http: &reqwest::Client,
    servers: &Servers,
    store: &handprint_store::Db,
    args: &MarketArgs,
    load_start: String,
) -> anyhow::Result<()> {
    let run = format!("{:x}", rand::random::<u32>());
    let bases = servers.bases();
    let prepared = setup::prepare(http, &bases[0], store, args, &run).await?;
    eprintln!(
        "{}: {} workers, {} items × {} answers over {} active project(s), draft of {}; running…",
        store.backend(),
        args.workers,
        args.tasks,
        args.overlap,
        args.projects,
        args.draft_items()
    );
    // The import's pages are written back before the clock starts, not during the run
    // (on PostgreSQL a 1,000,000-item import left checkpoints that held commits for
    // 400 ms in the middle of it).
    if let Err(e) = store.checkpoint().await {
        eprintln!(
            "note: the database's log could not be checkpointed before the run ({e}); \
             writing back the import may fall inside it"
        );
    }
    let ids = prepared.active.iter().map(|p| p.id.to_string()).collect();
    servers.reset_peak_rss();
    let started = Instant::now();
    let deadline = args.duration.map(|s| started + Duration::from_secs(s));
    let keys = prepared.worker_keys.clone();
    let tally = workers::run(http, &bases, keys, ids, deadline).await?;
    let elapsed = started.elapsed();
    let report = Report {
        backend: store.backend(),
        servers: servers.describe(),
        elapsed,
        load_start,
        load_end: load_average(),
        rss: servers.peak_rss(),
    };
    let checks = check_answers(store, args, &prepared, &tally).await?;
    report.print(args, &prepared, &tally, &checks);
    let failed: Vec<&str> = checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| c.line.as_str())
        .collect();
    anyhow::ensure!(
        failed.is_empty(),
        "the stored answers are not what the workers were told:\n{}",
        failed.join("\n")
    );
    Ok(())
}

/// One line of the database check, and whether it passed.
struct Check {
    line: String,
    ok: bool,
}

/// Each project's answers counted in the database: to exhaustion, exactly `overlap` per
/// item; with `--duration`, as many as were acknowledged and never more than `overlap` per
/// item; never an item answered twice by one worker; none at all in the draft.
async fn check_answers(
    store: &handprint_store::Db,
    args: &MarketArgs,
    prepared: &Prepared,
    tally: &Tally,
) -> anyhow::Result<Vec<Check>> {
    let overlap = i64::try_from(args.overlap)?;
    let mut checks = Vec::new();
    for (p, project) in prepared.active.iter().enumerate() {
        let audit = store.answer_audit(&project.id, overlap).await?;
        let acknowledged = i64::try_from(tally.acknowledged[p])?;
        checks.push(check_active(p + 1, project, &audit, acknowledged, args));
    }
    if let Some(draft) = &prepared.draft {
        let audit = store.answer_audit(&draft.id, overlap).await?;
        let ok = audit.tasks == i64::try_from(draft.tasks)? && audit.answers == 0;
        checks.push(Check {
            line: format!(
                "draft      {} items, {} answers: {}",
                audit.tasks,
                audit.answers,
                verdict(ok)
            ),
            ok,
        });
    }
    Ok(checks)
}

fn check_active(
    number: usize,
    project: &BenchProject,
    audit: &AnswerAudit,
    acknowledged: i64,
    args: &MarketArgs,
) -> Check {
    let overlap = args.overlap as i64;
    let sound = audit.tasks == project.tasks as i64
        && audit.answers == acknowledged
        && audit.tasks_over == 0
        && audit.duplicate_pairs == 0
        && audit.tasks_miscounted == 0;
    let ok = match args.duration {
        Some(_) => sound,
        None => sound && audit.tasks_short == 0 && audit.answers == audit.tasks * overlap,
    };
    Check {
        line: format!(
            "project {number:<2} {} items, {} answers stored, {acknowledged} acknowledged; items over {overlap}: {}, under: {}; (item, worker) pairs twice: {}; counters off: {}: {}",
            audit.tasks,
            audit.answers,
            audit.tasks_over,
            audit.tasks_short,
            audit.duplicate_pairs,
            audit.tasks_miscounted,
            verdict(ok)
        ),
        ok,
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "WRONG" }
}

/// What is printed besides the histograms and the checks.
struct Report {
    backend: &'static str,
    servers: String,
    elapsed: Duration,
    load_start: String,
    load_end: String,
    rss: Vec<(String, Option<u64>)>,
}

impl Report {
    fn print(&self, args: &MarketArgs, prepared: &Prepared, tally: &Tally, checks: &[Check]) {
        let cycles = tally.cycle.len();
        let active_items: usize = prepared.active.iter().map(|p| p.tasks).sum();
        println!("backend            {}", self.backend);
        println!("servers            {}", self.servers);
        println!("workers            {}", args.workers);
        println!(
            "projects           {} active, {active_items} items × {} answers; draft {} items",
            prepared.active.len(),
            args.overlap,
            prepared.draft.as_ref().map_or(0, |d| d.tasks)
        );
        println!(
            "import             active {active_items} items in {}; draft {} items in {}",
            rate(active_items, prepared.active_import),
            prepared.draft.as_ref().map_or(0, |d| d.tasks),
            rate(
                prepared.draft.as_ref().map_or(0, |d| d.tasks),
                prepared.draft_import
            )
        );
        match args.duration {
            Some(secs) => println!("answers            {cycles} acknowledged (run for {secs} s)"),
            None => println!(
                "answers            {cycles} (expected {})",
                active_items * args.overlap
            ),
        }
        println!("elapsed            {:.2} s", self.elapsed.as_secs_f64());
        println!(
            "cycles per second  {:.0}",
            cycles as f64 / self.elapsed.as_secs_f64()
        );
        for (name, h) in [
            ("next", &tally.next),
            ("submit", &tally.submit),
            ("next+submit", &tally.cycle),
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

/// "p50 … ms   p99 … ms   p999 … ms" of a histogram in microseconds.
fn percentiles(h: &Histogram<u64>) -> String {
    let ms = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    format!(
        "p50 {:>8.2} ms   p99 {:>8.2} ms   p999 {:>8.2} ms",
        ms(0.50),
        ms(0.99),
        ms(0.999)
    )
}

/// "1.23 s (813 items/s)".
fn rate(items: usize, took: Duration) -> String {
    let secs = took.as_secs_f64();
    if secs <= 0.0 {
        return format!("{secs:.2} s");
    }
    format!("{secs:.2} s ({:.0} items/s)", items as f64 / secs)
}
