//! `handprint bench aggregate`: one synthetic crowd, every method run by Handprint and by
//! Crowd-Kit 1.4.2, each in its own process (so peak memory is comparable), then time ratio,
//! memory ratio and label agreement per method.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::scale::IdShape;
use anyhow::{Context, Result, anyhow, bail};
use handprint_aggregate::simulate::{
    CrowdSpec, WorkerKind, class_name, simulate, task_name, worker_name,
};

/// `handprint bench aggregate`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Tasks in the synthetic crowd (before --scale).
    #[arg(long, default_value_t = 100_000)]
    pub tasks: usize,
    /// Workers (before --scale).
    #[arg(long, default_value_t = 2_000)]
    pub workers: usize,
    /// Answers per task.
    #[arg(long, default_value_t = 10)]
    pub overlap: usize,
    /// Classes.
    #[arg(long, default_value_t = 5)]
    pub classes: usize,
    /// Multiplies tasks and workers (0.01 for a quick run).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Methods, comma-separated, among mv, ds, glad, mace, onecoin-ds, wawa, zbs.
    #[arg(long, default_value = "mv,ds,glad,mace", value_delimiter = ',')]
    pub methods: Vec<String>,
    /// Iteration limit given to both sides (default: each method's Crowd-Kit default).
    #[arg(long)]
    pub n_iter: Option<usize>,
    /// Tolerance given to both sides for ds, onecoin-ds and glad (default 1e-5).
    #[arg(long)]
    pub tol: Option<f64>,
    /// Seed of the synthetic crowd.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Python of the Crowd-Kit virtualenv (default: bench-venv/bin/python, created with
    /// scripts/crowdkit/setup-venv.sh when missing).
    #[arg(long)]
    pub python: Option<PathBuf>,
    /// Directory of setup-venv.sh and bench_crowdkit.py.
    #[arg(long)]
    pub scripts: Option<PathBuf>,
    /// Working directory for the dataset, labels and reports.
    #[arg(long, default_value = "target/bench-aggregate")]
    pub workdir: PathBuf,
    /// Only run Handprint's side.
    #[arg(long)]
    pub skip_crowdkit: bool,
    /// Run (or reuse) Crowd-Kit only for these methods (default: all of --methods); the others
    /// are measured on Handprint's side only.
    #[arg(long, value_delimiter = ',')]
    pub crowdkit_methods: Option<Vec<String>>,
    /// Reuse Crowd-Kit results already in --workdir (same dataset) instead of re-running them.
    #[arg(long)]
    pub reuse_crowdkit: bool,
    /// Give up on a Crowd-Kit run after this many seconds.
    #[arg(long, default_value_t = 3600)]
    pub timeout: u64,
    /// The Handprint executable to measure (default: this one, run as `<exe> aggregate …`).
    #[arg(long)]
    pub handprint_exe: Option<PathBuf>,
    /// Scale run instead of the comparison: stream this many answers of the crowd to a CSV in
    /// --workdir (kept and reused), then time each of --methods as a whole `aggregate` process
    /// and check its labels. Crowd-Kit is not run. Tasks = answers / --overlap.
    #[arg(long)]
    pub answers: Option<usize>,
    /// Task ids of the scale run.
    #[arg(long, value_enum, default_value = "sequential")]
    pub ids: IdShape,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct Report {
    pub(crate) fit_seconds: f64,
    #[serde(default)]
    pub(crate) fit_cpu_seconds: Option<f64>,
    pub(crate) total_seconds: f64,
    /// CPU time of the whole process, all threads.
    #[serde(default)]
    pub(crate) cpu_seconds: Option<f64>,
    pub(crate) peak_rss_kib: Option<u64>,
}

fn scripts_dir(args: &BenchArgs) -> PathBuf {
    if let Some(s) = &args.scripts {
        return s.clone();
    }
    let local = PathBuf::from("scripts/crowdkit");
    if local.join("bench_crowdkit.py").exists() {
        return local;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/crowdkit")
}

fn python(args: &BenchArgs, scripts: &Path) -> Result<PathBuf> {
    if let Some(p) = &args.python {
        return Ok(p.clone());
    }
    let venv_python = scripts.join("../../bench-venv/bin/python");
    if !venv_python.exists() {
        eprintln!("setting up the Crowd-Kit virtualenv (scripts/crowdkit/setup-venv.sh)…");
        let status = Command::new("bash")
            .arg(scripts.join("setup-venv.sh"))
            .status()
            .context("running setup-venv.sh")?;
        if !status.success() {
            bail!("setup-venv.sh failed; pass --python with a Python that has crowd-kit==1.4.2");
        }
    }
    Ok(venv_python)
}

/// The synthetic crowd of the benchmark: mostly decent workers, some noisy, confusers,
/// adversaries and spammers; mild class imbalance.
pub fn bench_spec(
    n_tasks: usize,
    n_workers: usize,
    overlap: usize,
    k: usize,
    seed: u64,
) -> CrowdSpec {
    let mut rng = handprint_aggregate::simulate::SplitMix64::new(seed ^ 0x5eed);
    let workers = (0..n_workers)
        .map(|i| match i % 20 {
            0 => WorkerKind::Spammer {
                distribution: (0..k).map(|c| if c == i % k { 1.0 } else { 0.0 }).collect(),
            },
            1 => WorkerKind::Spammer {
                distribution: vec![1.0; k],
            },
            2 => WorkerKind::Adversarial { flip: 0.6 },
            3..=5 => WorkerKind::Confuser {
                accuracy: 0.5 + 0.3 * rng.next_f64(),
            },
            6..=9 => WorkerKind::Uniform {
                accuracy: 0.45 + 0.2 * rng.next_f64(),
            },
            _ => WorkerKind::Uniform {
                accuracy: 0.65 + 0.3 * rng.next_f64(),
            },
        })
        .collect();
    CrowdSpec {
        n_tasks,
        n_classes: k,
        class_weights: (0..k).map(|c| 1.0 + c as f64 * 0.5).collect(),
        workers,
        activity: Vec::new(),
        overlap,
        seed,
    }
}

/// Cores and load average, printed with the table: the figures mean little if other work was
/// running on the same cores.
pub(crate) fn machine_line(when: &str) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into());
    format!("[{when}] {cores} cores, load average (1/5/15 min): {load}")
}

pub(crate) fn read_report(path: &Path) -> Result<Report> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

fn read_labels(path: &Path) -> Result<HashMap<String, String>> {
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = HashMap::new();
    for rec in rdr.records() {
        let rec = rec?;
        out.insert(
            rec.get(0).unwrap_or("").to_owned(),
            rec.get(1).unwrap_or("").to_owned(),
        );
    }
    Ok(out)
}

fn run_timed(cmd: &mut Command, timeout: u64) -> Result<bool> {
    let mut child = cmd.spawn().with_context(|| format!("starting {cmd:?}"))?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                bail!("{cmd:?} failed: {status}");
            }
            return Ok(true);
        }
        if start.elapsed().as_secs() > timeout {
            child.kill().ok();
            child.wait().ok();
            return Ok(false);
        }
        // A plain (non-async) command polling a child process: blocking here is fine.
        #[allow(clippy::disallowed_methods)]
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// Runs the benchmark and prints one line per method.
pub fn bench(args: BenchArgs) -> Result<()> {
    if let Some(answers) = args.answers {
        let exe = match &args.handprint_exe {
            Some(e) => e.clone(),
            None => std::env::current_exe().context("locating this executable")?,
        };
        return crate::scale::bench_scale(&args, answers, &exe);
    }
    let n_tasks = ((args.tasks as f64 * args.scale).round() as usize).max(1);
    let n_workers = ((args.workers as f64 * args.scale).round() as usize).max(args.overlap);
    std::fs::create_dir_all(&args.workdir)
        .with_context(|| format!("creating {}", args.workdir.display()))?;
    let answers = args.workdir.join("answers.csv");
    let truth = write_crowd(&args, n_tasks, n_workers, &answers)?;
    let exe = match &args.handprint_exe {
        Some(e) => e.clone(),
        None => std::env::current_exe().context("locating this executable")?,
    };
    let scripts = scripts_dir(&args);
    let py = if args.skip_crowdkit {
        None
    } else {
        Some(python(&args, &scripts)?)
    };
    let bench = Bench {
        args: &args,
        exe,
        answers,
        truth,
        scripts,
        py,
    };

    println!("{}", machine_line("start"));
    print_header();
    for method in &args.methods {
        bench.method(method.trim())?;
    }
    println!(
        "(times: wall-clock fit only, CSV loading excluded on both sides; cpu s: CPU time of the fit, all threads; memory: peak RSS of each process; agreement: share of tasks with the same label)"
    );
    println!("{}", machine_line("end"));
    if n_tasks == 0 {
        return Err(anyhow!("no tasks"));
    }
    Ok(())
}

/// Simulates the crowd, writes its answers to `answers` and returns each task's true label.
fn write_crowd(
    args: &BenchArgs,
    n_tasks: usize,
    n_workers: usize,
    answers: &Path,
) -> Result<HashMap<String, String>> {
    eprintln!(
        "synthetic crowd: {n_tasks} tasks × {} answers, {n_workers} workers, {} classes (seed {})",
        args.overlap, args.classes, args.seed
    );
    let crowd = simulate(&bench_spec(
        n_tasks,
        n_workers,
        args.overlap,
        args.classes,
        args.seed,
    ));
    {
        let mut w = csv::Writer::from_path(answers)?;
        w.write_record(["worker", "task", "label"])?;
        let labels: Vec<String> = (0..args.classes).map(class_name).collect();
        for &(wk, t, l) in &crowd.answers {
            w.write_record([
                worker_name(wk as usize),
                task_name(t as usize),
                labels[l as usize].clone(),
            ])?;
        }
        w.flush()?;
    }
    let truth: HashMap<String, String> = crowd
        .truth
        .iter()
        .enumerate()
        .map(|(t, &l)| (task_name(t), class_name(l as usize)))
        .collect();
    Ok(truth)
}

fn print_header() {
    println!(
        "{:<8} {:>11} {:>11} {:>9} {:>10} {:>10} {:>8} {:>10} {:>9} {:>9} {:>9} {:>9}",
        "method",
        "handprint s",
        "crowdkit s",
        "speed-up",
        "hp MiB",
        "ck MiB",
        "mem",
        "agreement",
        "hp acc",
        "ck acc",
        "hp cpu s",
        "ck cpu s"
    );
}

/// Crowd-Kit's report, the share of tasks where it agrees with Handprint, and its accuracy.
type CrowdKitRun = (Report, f64, f64);

/// One benchmark: the crowd's answers on disk, the programs that aggregate them.
struct Bench<'a> {
    args: &'a BenchArgs,
    /// The `handprint` executable.
    exe: PathBuf,
    answers: PathBuf,
    truth: HashMap<String, String>,
    scripts: PathBuf,
    /// The Python that runs Crowd-Kit; `None` with `--skip-crowdkit`.
    py: Option<PathBuf>,
}

impl Bench<'_> {
    /// Runs `m` through Handprint, then Crowd-Kit (when wanted), and prints the line.
    fn method(&self, m: &str) -> Result<()> {
        let (ours, our_labels) = self.handprint(m)?;
        let hp_acc = self.accuracy(&our_labels);
        let (ck, note) = self.crowdkit(m, &our_labels)?;
        print_row(m, &ours, ck.as_ref(), hp_acc, &note);
        let _ = ours.total_seconds;
        Ok(())
    }

    /// The share of tasks whose label is the true one.
    fn accuracy(&self, labels: &HashMap<String, String>) -> f64 {
        self.truth
            .iter()
            .filter(|(t, l)| labels.get(*t) == Some(*l))
            .count() as f64
            / self.truth.len() as f64
    }

    /// `handprint aggregate` with method `m`: its report and labels.
    fn handprint(&self, m: &str) -> Result<(Report, HashMap<String, String>)> {
        let args = self.args;
        let ours_labels = args.workdir.join(format!("handprint-{m}.csv"));
        let ours_report = args.workdir.join(format!("handprint-{m}.json"));
        let mut cmd = Command::new(&self.exe);
        cmd.args(["aggregate", "--quiet", "--method", m, "--input"])
            .arg(&self.answers)
            .arg("--output")
            .arg(&ours_labels)
            .arg("--report")
            .arg(&ours_report);
        if let Some(n) = args.n_iter {
            cmd.arg("--n-iter").arg(n.to_string());
        }
        if let Some(t) = args.tol {
            cmd.arg("--tol").arg(t.to_string());
        }
        run_timed(&mut cmd, args.timeout)?;
        let ours = read_report(&ours_report)?;
        let our_labels = read_labels(&ours_labels)?;
        Ok((ours, our_labels))
    }

    /// Crowd-Kit with method `m`, unless not wanted: its report, agreement with
    /// `our_labels` and accuracy, and a note on how it ran.
    fn crowdkit(
        &self,
        m: &str,
        our_labels: &HashMap<String, String>,
    ) -> Result<(Option<CrowdKitRun>, String)> {
        let args = self.args;
        let mut ck: Option<CrowdKitRun> = None;
        let mut note = String::new();
        let crowdkit_wanted = args
            .crowdkit_methods
            .as_ref()
            .is_none_or(|list| list.iter().any(|c| c.trim() == m));
        if !crowdkit_wanted {
            note = "(Crowd-Kit not run for this method in this invocation)".into();
        }
        if let Some(py) = self.py.as_ref().filter(|_| crowdkit_wanted) {
            let ck_labels = args.workdir.join(format!("crowdkit-{m}.csv"));
            let ck_report = args.workdir.join(format!("crowdkit-{m}.json"));
            let mut cmd = Command::new(py);
            cmd.arg(self.scripts.join("bench_crowdkit.py"))
                .args(["--method", m, "--input"])
                .arg(&self.answers)
                .arg("--output")
                .arg(&ck_labels)
                .arg("--report")
                .arg(&ck_report);
            if let Some(n) = args.n_iter {
                cmd.arg("--n-iter").arg(n.to_string());
            }
            if let Some(t) = args.tol {
                cmd.arg("--tol").arg(t.to_string());
            }
            let reuse = args.reuse_crowdkit && ck_report.exists() && ck_labels.exists();
            if reuse {
                note = "(Crowd-Kit side reused from an earlier run)".into();
            }
            if reuse || run_timed(&mut cmd, args.timeout)? {
                let rep = read_report(&ck_report)?;
                let theirs = read_labels(&ck_labels)?;
                let agree = our_labels
                    .iter()
                    .filter(|(t, l)| theirs.get(*t) == Some(*l))
                    .count() as f64
                    / our_labels.len().max(1) as f64;
                ck = Some((rep, agree, self.accuracy(&theirs)));
            } else {
                note = format!("Crowd-Kit did not finish within {} s", args.timeout);
            }
        }
        Ok((ck, note))
    }
}

/// One method's line of the table.
fn print_row(m: &str, ours: &Report, ck: Option<&CrowdKitRun>, hp_acc: f64, note: &str) {
    let cpu = |r: &Report| {
        r.fit_cpu_seconds
            .map_or_else(|| "-".to_string(), |c| format!("{c:.2}"))
    };
    let mib = |r: &Report| {
        r.peak_rss_kib
            .map(|k| k as f64 / 1024.0)
            .unwrap_or(f64::NAN)
    };
    match ck {
        Some((rep, agree, ck_acc)) => println!(
            "{m:<8} {:>11.3} {:>11.3} {:>8.1}× {:>10.1} {:>10.1} {:>7.2}× {:>9.3}% {:>9.4} {:>9.4} {:>9} {:>9} {note}",
            ours.fit_seconds,
            rep.fit_seconds,
            rep.fit_seconds / ours.fit_seconds,
            mib(ours),
            mib(rep),
            mib(ours) / mib(rep),
            agree * 100.0,
            hp_acc,
            ck_acc,
            cpu(ours),
            cpu(rep)
        ),
        None => println!(
            "{m:<8} {:>11.3} {:>11} {:>9} {:>10.1} {:>10} {:>8} {:>10} {:>9.4} {:>9} {:>9} {:>9} {note}",
            ours.fit_seconds,
            "-",
            "-",
            mib(ours),
            "-",
            "-",
            "-",
            hp_acc,
            "-",
            cpu(ours),
            "-"
        ),
    }
}
