//! `handprint bench aggregate --answers N`: the aggregation at scale. The synthetic crowd is
//! streamed to a CSV one task at a time (100 million answers do not fit in memory as tuples),
//! then each method runs as a whole `handprint aggregate` process, timed from start to exit,
//! and its labels are checked: one per task, and their accuracy against the simulated truth.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use handprint_aggregate::simulate::{CrowdSpec, Simulator};

use crate::bench::{BenchArgs, bench_spec, machine_line, read_report};

/// How the scale run names its tasks (workers are `w000123`, labels `c0`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IdShape {
    /// `t0000123`: ids that differ only in their last characters.
    Sequential,
    /// `3210000t`: the same ids written backwards.
    Reversed,
    /// UUIDv7-like: a shared time prefix, the item number in the last 12 hex digits.
    Uuid7,
}

impl IdShape {
    /// The id of task `i`.
    pub fn task_id(self, i: usize) -> String {
        match self {
            IdShape::Sequential => format!("t{i:07}"),
            IdShape::Reversed => format!("t{i:07}").chars().rev().collect(),
            IdShape::Uuid7 => format!(
                "0193a4f2-{:04x}-7{:03x}-8{:03x}-{:012x}",
                (i >> 24) & 0xffff,
                (i >> 12) & 0xfff,
                i & 0xfff,
                i
            ),
        }
    }

    /// The task number back from an id written by [`IdShape::task_id`].
    pub fn task_index(self, id: &str) -> Option<usize> {
        match self {
            IdShape::Sequential => id.strip_prefix('t')?.parse().ok(),
            IdShape::Reversed => id
                .strip_suffix('t')?
                .chars()
                .rev()
                .collect::<String>()
                .parse()
                .ok(),
            IdShape::Uuid7 => usize::from_str_radix(id.rsplit('-').next()?, 16).ok(),
        }
    }
}

/// Streams the answers of `spec` to `path` as `worker,task,label` CSV; returns each task's true
/// label (one byte a task: 100 MB for 100 million tasks at most).
pub fn write_scale_crowd(spec: &CrowdSpec, ids: IdShape, path: &Path) -> Result<Vec<u8>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    writeln!(out, "worker,task,label")?;
    let truth = simulate_truth(spec, |task, answers| {
        let id = ids.task_id(task);
        for &(w, l) in answers {
            writeln!(out, "w{w:06},{id},c{l}")?;
        }
        Ok(())
    })?;
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(truth)
}

/// Runs the simulation of `spec`, giving each task's answers to `each`; returns the truth.
fn simulate_truth(
    spec: &CrowdSpec,
    mut each: impl FnMut(usize, &[(u32, u32)]) -> Result<()>,
) -> Result<Vec<u8>> {
    if spec.n_classes > 256 {
        bail!("the scale run keeps the truth in one byte a task: at most 256 classes");
    }
    let mut sim = Simulator::new(spec);
    let mut truth = Vec::with_capacity(spec.n_tasks);
    let mut answers = Vec::new();
    while let Some(y) = sim.next_task(&mut answers) {
        each(truth.len(), &answers)?;
        truth.push(y as u8);
    }
    Ok(truth)
}

/// What a labels file holds against the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelCheck {
    /// Label rows (tasks) in the file.
    pub rows: usize,
    /// Rows whose label is the task's true label.
    pub correct: usize,
}

/// Reads a `task,label,confidence` file written by `handprint aggregate` and counts its rows
/// and correct labels; a task id the run did not write, or a task labelled twice, is an error.
pub fn check_labels(path: &Path, ids: IdShape, truth: &[u8]) -> Result<LabelCheck> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut seen = vec![false; truth.len()];
    let mut check = LabelCheck {
        rows: 0,
        correct: 0,
    };
    for (i, line) in BufReader::with_capacity(1 << 20, file)
        .lines()
        .enumerate()
        .skip(1)
    {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        let mut fields = line.split(',');
        let (task, label) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
        let t = ids
            .task_index(task)
            .filter(|&t| t < truth.len())
            .ok_or_else(|| anyhow!("{}: line {}: unknown task {task:?}", path.display(), i + 1))?;
        if std::mem::replace(&mut seen[t], true) {
            bail!(
                "{}: line {}: task {task} labelled twice",
                path.display(),
                i + 1
            );
        }
        check.rows += 1;
        check.correct += usize::from(label.strip_prefix('c') == Some(&truth[t].to_string()));
    }
    Ok(check)
}

/// The scale run: `args.answers` answers, each method in its own `aggregate` process.
pub fn bench_scale(args: &BenchArgs, answers: usize, exe: &Path) -> Result<()> {
    let overlap = args.overlap.max(1);
    let n_tasks = answers.div_ceil(overlap);
    let n_workers = ((args.workers as f64 * args.scale).round() as usize).max(overlap);
    let spec = bench_spec(n_tasks, n_workers, overlap, args.classes, args.seed);
    std::fs::create_dir_all(&args.workdir)
        .with_context(|| format!("creating {}", args.workdir.display()))?;
    let input = args.workdir.join(format!(
        "scale-{}-{n_workers}w-{overlap}x-{}c-{:?}-seed{}.csv",
        n_tasks * overlap,
        args.classes,
        args.ids,
        args.seed
    ));
    println!("{}", machine_line("start"));
    let started = Instant::now();
    // The file is written under a temporary name and renamed when complete, so one that exists
    // under its final name is whole and can be reused by the next run.
    let (truth, how) = if input.exists() {
        (simulate_truth(&spec, |_, _| Ok(()))?, "reused")
    } else {
        let partial = input.with_extension("csv.partial");
        let truth = write_scale_crowd(&spec, args.ids, &partial)?;
        std::fs::rename(&partial, &input)
            .with_context(|| format!("renaming {}", partial.display()))?;
        (truth, "generated")
    };
    let size = std::fs::metadata(&input)?.len();
    println!(
        "synthetic crowd: {} answers = {n_tasks} tasks × {overlap}, {n_workers} workers, {} classes, {:?} task ids (seed {}); {} ({:.0} MiB) {how} in {:.1} s",
        n_tasks * overlap,
        args.classes,
        args.ids,
        args.seed,
        input.display(),
        size as f64 / 1048576.0,
        started.elapsed().as_secs_f64()
    );
    println!(
        "{:<8} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>9}",
        "method", "answers", "process s", "in-proc s", "cpu s", "fit s", "peak MiB", "accuracy"
    );
    for method in &args.methods {
        scale_method(args, method.trim(), exe, &input, &truth, n_tasks * overlap)?;
    }
    println!(
        "(process s: the whole `aggregate` process, start to exit: reading, interning, fit, writing the labels; in-proc s: the same measured inside it; cpu s: its CPU time, all threads; fit s: the method alone; peak MiB: its peak RSS)"
    );
    println!("{}", machine_line("end"));
    Ok(())
}

/// One method of the scale run: runs it, checks its labels, prints its line.
fn scale_method(
    args: &BenchArgs,
    m: &str,
    exe: &Path,
    input: &Path,
    truth: &[u8],
    answers: usize,
) -> Result<()> {
    let labels: PathBuf = args.workdir.join(format!("scale-{m}.csv"));
    let report = args.workdir.join(format!("scale-{m}.json"));
    let mut cmd = Command::new(exe);
    cmd.args(["aggregate", "--quiet", "--method", m, "--input"])
        .arg(input)
        .arg("--output")
        .arg(&labels)
        .arg("--report")
        .arg(&report);
    if let Some(n) = args.n_iter {
        cmd.arg("--n-iter").arg(n.to_string());
    }
    if let Some(t) = args.tol {
        cmd.arg("--tol").arg(t.to_string());
    }
    let t = Instant::now();
    let status = cmd.status().with_context(|| format!("starting {cmd:?}"))?;
    let process = t.elapsed().as_secs_f64();
    if !status.success() {
        bail!("{cmd:?} failed: {status}");
    }
    let rep = read_report(&report)?;
    let check = check_labels(&labels, args.ids, truth)?;
    if check.rows != truth.len() {
        bail!(
            "{m}: {} labels for {} tasks in {}",
            check.rows,
            truth.len(),
            labels.display()
        );
    }
    println!(
        "{m:<8} {answers:>12} {process:>10.2} {:>10.2} {:>10.2} {:>10.2} {:>10.1} {:>9.4}",
        rep.total_seconds,
        rep.cpu_seconds.unwrap_or(f64::NAN),
        rep.fit_seconds,
        rep.peak_rss_kib.map_or(f64::NAN, |k| k as f64 / 1024.0),
        check.correct as f64 / check.rows.max(1) as f64
    );
    Ok(())
}
