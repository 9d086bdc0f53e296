//! `handprint aggregate` (answers file → labels file) and `handprint bench aggregate` (the same
//! synthetic crowd through Handprint and Crowd-Kit side by side).
//!
//! The binary owns argument parsing at the top level and calls [`run`] / [`bench`] with the
//! parsed [`AggregateArgs`] / [`BenchArgs`].

#![cfg_attr(test, allow(clippy::too_many_lines))] // a test may tell its whole story in one function

mod bench;
pub mod input;
pub mod scale;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use handprint_aggregate::boxes::{BBox, BoxFusion};
use handprint_aggregate::numeric::{Median, NumericDataset, TrimmedMean};
use handprint_aggregate::pairwise::{BradleyTerry, Comparisons};
use handprint_aggregate::rover::{Rover, TextDataset};
use handprint_aggregate::{
    CategoricalAggregator, CategoricalResult, Dataset, DatasetBuilder, DawidSkene, Glad,
    GoldMajorityVote, Kos, Mace, MajorityVote, Mmsr, OneCoinDawidSkene, Wawa, ZeroBasedSkill,
};
use serde_json::Value;

pub use bench::{BenchArgs, bench, bench_spec};
use input::{Format, Row, Sink, read_answers, read_gold};

/// Aggregation method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// Majority vote (ties → smallest label).
    Mv,
    /// Worker agreement with aggregate.
    Wawa,
    /// Zero-based skill.
    Zbs,
    /// Majority vote weighted by accuracy on control tasks (needs --gold).
    GoldMv,
    /// Dawid–Skene (uses --gold to pin control tasks when given).
    Ds,
    /// One-coin Dawid–Skene.
    OnecoinDs,
    /// GLAD.
    Glad,
    /// MACE.
    Mace,
    /// KOS (two labels only).
    Kos,
    /// M-MSR (robust rank-one completion of the workers' agreement matrix).
    Mmsr,
    /// Median of numeric answers.
    Median,
    /// 10% trimmed mean of numeric answers.
    TrimmedMean,
    /// ROVER word vote for texts.
    Rover,
    /// Bounding boxes: IoU clustering + median fusion.
    Boxes,
    /// Bradley–Terry scores from pairwise comparisons (`left,right,label`).
    Bt,
}

/// `handprint aggregate`: read answers, aggregate, write `task,label,confidence`.
#[derive(Debug, Clone, clap::Args)]
pub struct AggregateArgs {
    /// Aggregation method.
    #[arg(long, value_enum)]
    pub method: Method,
    /// Answers: CSV with header `worker,task,label`, or JSONL with those keys, or the JSONL of
    /// `handprint export` (`task_id`, `worker`, `answer`). For `bt`: `worker,left,right,label`.
    #[arg(long)]
    pub input: PathBuf,
    /// Input format.
    #[arg(long, value_enum, default_value = "auto")]
    pub format: Format,
    /// Known labels of control tasks, CSV `task,label` (gold-mv; ds).
    #[arg(long)]
    pub gold: Option<PathBuf>,
    /// Where to write `task,label,confidence` (default: standard output).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Where to write per-worker estimates `worker,answers,skill`.
    #[arg(long)]
    pub workers: Option<PathBuf>,
    /// Maximum iterations of iterative methods (default: the method's own, as Crowd-Kit).
    #[arg(long)]
    pub n_iter: Option<usize>,
    /// Convergence tolerance of iterative methods (default: the method's own).
    #[arg(long)]
    pub tol: Option<f64>,
    /// No progress or summary on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    /// Write timings and peak memory as JSON here (used by `bench aggregate`).
    #[arg(long, hide = true)]
    pub report: Option<PathBuf>,
}

struct CategoricalSink(DatasetBuilder);
impl Sink for CategoricalSink {
    fn row(&mut self, r: Row<'_>) -> Result<()> {
        self.0.push(r.worker, r.task, r.label);
        Ok(())
    }
}

struct NumericSink(handprint_aggregate::numeric::NumericBuilder);
impl Sink for NumericSink {
    fn row(&mut self, r: Row<'_>) -> Result<()> {
        let v = match r.json {
            Some(Value::Number(n)) => n.as_f64(),
            _ => r.label.parse::<f64>().ok(),
        }
        .filter(|v| v.is_finite())
        .ok_or_else(|| anyhow!("label {:?} is not a number", r.label))?;
        self.0.push(r.task, v);
        Ok(())
    }
}

struct TextSink(handprint_aggregate::rover::TextBuilder);
impl Sink for TextSink {
    fn row(&mut self, r: Row<'_>) -> Result<()> {
        self.0.push(r.task, r.label);
        Ok(())
    }
}

/// Boxes per task, per worker (in first-seen order).
#[derive(Default)]
struct BoxSink {
    tasks: Vec<String>,
    index: std::collections::HashMap<String, usize>,
    answers: Vec<Vec<Vec<BBox>>>,
}
impl Sink for BoxSink {
    fn row(&mut self, r: Row<'_>) -> Result<()> {
        let parsed;
        let json = match r.json {
            Some(v) => v,
            None => {
                parsed = serde_json::from_str::<Value>(r.label)
                    .map_err(|e| anyhow!("label is not box JSON: {e}"))?;
                &parsed
            }
        };
        let list = json
            .get("boxes")
            .or(Some(json))
            .and_then(Value::as_array)
            .ok_or_else(|| {
                anyhow!("expected {{\"boxes\": [{{\"x\",\"y\",\"w\",\"h\",\"label\"}}, …]}}")
            })?;
        let mut boxes = Vec::with_capacity(list.len());
        for (i, b) in list.iter().enumerate() {
            let num = |k: &str| {
                b.get(k)
                    .and_then(Value::as_f64)
                    .ok_or_else(|| anyhow!("box {}: missing number {k:?}", i + 1))
            };
            let label = b
                .get("label")
                .and_then(|v| v.as_str().map(str::to_owned).or(Some(v.to_string())))
                .unwrap_or_default();
            boxes.push(BBox {
                x: num("x")?,
                y: num("y")?,
                w: num("w")?,
                h: num("h")?,
                label,
            });
        }
        let t = match self.index.get(r.task) {
            Some(&t) => t,
            None => {
                self.tasks.push(r.task.to_owned());
                self.answers.push(Vec::new());
                self.index.insert(r.task.to_owned(), self.tasks.len() - 1);
                self.tasks.len() - 1
            }
        };
        self.answers[t].push(boxes);
        Ok(())
    }
}

fn open_output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// CPU time (user + system, all threads) used by this process so far, in seconds, from
/// `/proc/self/stat` (Linux; clock ticks of 1/100 s), if known.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Peak resident memory of this process in KiB (Linux `VmHWM`), if known.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn categorical(args: &AggregateArgs, data: &Dataset) -> Result<CategoricalResult> {
    let gold = match &args.gold {
        Some(p) => {
            let pairs = read_gold(p)?;
            Some(data.gold(pairs.iter().map(|(t, l)| (t.as_str(), l.as_str())))?)
        }
        None => None,
    };
    if gold.is_some() && !matches!(args.method, Method::GoldMv | Method::Ds) {
        bail!("--gold is used by gold-mv and ds only");
    }
    let res = match args.method {
        Method::Mv => MajorityVote::default().fit(data)?,
        Method::Wawa => Wawa.fit(data)?,
        Method::Zbs => {
            let mut m = ZeroBasedSkill::default();
            if let Some(n) = args.n_iter {
                m.n_iter = n;
            }
            m.fit(data)?
        }
        Method::GoldMv => {
            let gold = gold.ok_or_else(|| {
                anyhow!("gold-mv needs --gold with the known labels of control tasks")
            })?;
            GoldMajorityVote::default().fit(data, &gold)?
        }
        Method::Ds => {
            let mut m = DawidSkene::default();
            m.n_iter = args.n_iter.unwrap_or(m.n_iter);
            m.tol = args.tol.unwrap_or(m.tol);
            match gold {
                Some(g) => m.fit_with_gold(data, &g)?,
                None => m.fit(data)?,
            }
        }
        Method::OnecoinDs => {
            let mut m = OneCoinDawidSkene::default();
            m.n_iter = args.n_iter.unwrap_or(m.n_iter);
            m.tol = args.tol.unwrap_or(m.tol);
            m.fit(data)?
        }
        Method::Glad => {
            let mut m = Glad::default();
            m.n_iter = args.n_iter.unwrap_or(m.n_iter);
            m.tol = args.tol.unwrap_or(m.tol);
            m.fit(data)?
        }
        Method::Mace => {
            let mut m = Mace::default();
            m.n_iter = args.n_iter.unwrap_or(m.n_iter);
            m.fit(data)?
        }
        Method::Kos => {
            let mut m = Kos::default();
            m.n_iter = args.n_iter.unwrap_or(m.n_iter);
            m.fit(data)?
        }
        Method::Mmsr => {
            let mut m = Mmsr::default();
            m.n_iter = args.n_iter.unwrap_or(m.n_iter);
            m.tol = args.tol.unwrap_or(m.tol);
            m.fit(data)?
        }
        _ => unreachable!("categorical() is only called for categorical methods"),
    };
    Ok(res)
}

/// A per-worker skill for the workers file: the method's own, or for Dawid–Skene the expected
/// accuracy Σ_c prior_c · P(answer c | truth c).
fn worker_skills(res: &CategoricalResult, n_workers: usize) -> Option<Vec<f64>> {
    if let Some(s) = &res.skills {
        return Some(s.clone());
    }
    let (conf, priors) = (res.confusion.as_ref()?, res.priors.as_ref()?);
    let k = res.n_labels;
    Some(
        (0..n_workers)
            .map(|w| (0..k).map(|c| priors[c] * conf[(w * k + c) * k + c]).sum())
            .collect(),
    )
}

fn fmt_f(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        format!("{v}")
    }
}

/// Runs `handprint aggregate`.
pub fn run(args: AggregateArgs) -> Result<()> {
    let started = Instant::now();
    let quiet = args.quiet;
    let out = open_output(args.output.as_deref())?;
    let fitted = match args.method {
        Method::Median | Method::TrimmedMean => numeric(&args, out)?,
        Method::Rover => rover(&args, out)?,
        Method::Boxes => boxes(&args, out)?,
        Method::Bt => bradley_terry(&args, out)?,
        _ => categorical_labels(&args, out, started)?,
    };
    let Fitted {
        rows: n_rows,
        fit_seconds,
        fit_cpu_seconds,
    } = fitted;
    let total = started.elapsed().as_secs_f64();
    say(
        quiet,
        format!(
            "aggregated {n_rows} rows with {:?} in {fit_seconds:.3} s ({total:.2} s in all)",
            args.method
        ),
    );
    if let Some(path) = &args.report {
        let report = serde_json::json!({
            "rows": n_rows,
            "fit_seconds": fit_seconds,
            "fit_cpu_seconds": fit_cpu_seconds,
            "total_seconds": started.elapsed().as_secs_f64(),
            "cpu_seconds": cpu_seconds(),
            "peak_rss_kib": peak_rss_kib(),
        });
        std::fs::write(path, report.to_string())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// What one method's run did, for the closing line and the `--report` file.
struct Fitted {
    /// Answer rows read.
    rows: u64,
    /// Wall time of the fit alone.
    fit_seconds: f64,
    /// CPU time of the fit, where it is measured (the categorical methods).
    fit_cpu_seconds: Option<f64>,
}

/// A progress line on stderr, unless `--quiet`.
fn say(quiet: bool, msg: String) {
    if !quiet {
        eprintln!("{msg}");
    }
}

/// Median or trimmed mean of numeric answers.
fn numeric(args: &AggregateArgs, mut out: Box<dyn Write>) -> Result<Fitted> {
    let quiet = args.quiet;
    let mut sink = NumericSink(NumericDataset::builder());
    let n_rows = read_answers(&args.input, args.format, &mut sink, quiet)?;
    let data = sink.0.build();
    let t = Instant::now();
    let res = if args.method == Method::Median {
        Median.fit(&data)
    } else {
        TrimmedMean::default().fit(&data)
    };
    let fit_seconds = t.elapsed().as_secs_f64();
    writeln!(out, "task,label,confidence")?;
    let mut w = csv::Writer::from_writer(out);
    for (t, name) in data.task_names().iter().enumerate() {
        w.write_record([name.as_str(), &fmt_f(res.values[t]), ""])?;
    }
    w.flush()?;
    Ok(Fitted {
        rows: n_rows,
        fit_seconds,
        fit_cpu_seconds: None,
    })
}

/// Text answers combined word by word (ROVER).
fn rover(args: &AggregateArgs, out: Box<dyn Write>) -> Result<Fitted> {
    let quiet = args.quiet;
    let mut sink = TextSink(TextDataset::builder());
    let n_rows = read_answers(&args.input, args.format, &mut sink, quiet)?;
    let data = sink.0.build();
    let t = Instant::now();
    let texts = Rover.fit(&data);
    let fit_seconds = t.elapsed().as_secs_f64();
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["task", "label", "confidence"])?;
    for (name, text) in data.task_names().iter().zip(&texts) {
        w.write_record([name.as_str(), text.as_str(), ""])?;
    }
    w.flush()?;
    Ok(Fitted {
        rows: n_rows,
        fit_seconds,
        fit_cpu_seconds: None,
    })
}

/// Boxes fused across workers; the confidence is the mean support of the fused boxes.
fn boxes(args: &AggregateArgs, out: Box<dyn Write>) -> Result<Fitted> {
    let quiet = args.quiet;
    let mut sink = BoxSink::default();
    let n_rows = read_answers(&args.input, args.format, &mut sink, quiet)?;
    let t = Instant::now();
    let fusion = BoxFusion::default();
    let fused: Vec<_> = sink.answers.iter().map(|a| fusion.fuse_task(a)).collect();
    let fit_seconds = t.elapsed().as_secs_f64();
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["task", "label", "confidence"])?;
    for (name, boxes) in sink.tasks.iter().zip(&fused) {
        let label = serde_json::json!({"boxes": boxes.iter().map(|f| serde_json::json!({
            "x": f.bbox.x, "y": f.bbox.y, "w": f.bbox.w, "h": f.bbox.h, "label": f.bbox.label,
            "support": f.support, "agreement": f.agreement,
        })).collect::<Vec<_>>()});
        let conf = if boxes.is_empty() {
            String::new()
        } else {
            fmt_f(boxes.iter().map(|b| b.support).sum::<f64>() / boxes.len() as f64)
        };
        w.write_record([name.as_str(), &label.to_string(), &conf])?;
    }
    w.flush()?;
    Ok(Fitted {
        rows: n_rows,
        fit_seconds,
        fit_cpu_seconds: None,
    })
}

/// Pairwise comparisons ranked by Bradley-Terry scores.
fn bradley_terry(args: &AggregateArgs, out: Box<dyn Write>) -> Result<Fitted> {
    let rows = read_pairwise(&args.input)?;
    let n_rows = rows.len() as u64;
    let cmp = Comparisons::from_rows(
        rows.iter()
            .map(|(l, r, w)| (l.as_str(), r.as_str(), w.as_str())),
    )?;
    let t = Instant::now();
    let mut bt = BradleyTerry::default();
    bt.n_iter = args.n_iter.unwrap_or(bt.n_iter);
    bt.tol = args.tol.unwrap_or(bt.tol);
    let scores = bt.fit(&cmp);
    let fit_seconds = t.elapsed().as_secs_f64();
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["task", "label", "confidence"])?;
    for (rank, &i) in order.iter().enumerate() {
        w.write_record([
            cmp.items()[i].as_str(),
            &(rank + 1).to_string(),
            &fmt_f(scores[i]),
        ])?;
    }
    w.flush()?;
    Ok(Fitted {
        rows: n_rows,
        fit_seconds,
        fit_cpu_seconds: None,
    })
}

/// A categorical method, with the workers' skills when `--workers` asks for them.
fn categorical_labels(
    args: &AggregateArgs,
    out: Box<dyn Write>,
    started: Instant,
) -> Result<Fitted> {
    let quiet = args.quiet;
    let mut sink = CategoricalSink(DatasetBuilder::with_capacity(1 << 16));
    let n_rows = read_answers(&args.input, args.format, &mut sink, quiet)?;
    let data = sink.0.build();
    if data.n_answers() == 0 {
        bail!("{}: no answers", args.input.display());
    }
    say(
        quiet,
        format!(
            "read {} answers: {} tasks, {} workers, {} labels in {:.2} s",
            data.n_answers(),
            data.n_tasks(),
            data.n_workers(),
            data.n_labels(),
            started.elapsed().as_secs_f64()
        ),
    );
    let t = Instant::now();
    let cpu = cpu_seconds();
    let res = categorical(args, &data)?;
    let fit_seconds = t.elapsed().as_secs_f64();
    let fit_cpu_seconds = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    if !res.loss_history.is_empty() {
        say(quiet, format!("{} iterations", res.loss_history.len()));
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["task", "label", "confidence"])?;
    for (task, label, conf) in res.rows(&data) {
        w.write_record([task, label, &fmt_f(conf)])?;
    }
    w.flush()?;
    if let Some(path) = &args.workers {
        let skills = worker_skills(&res, data.n_workers());
        let mut counts = vec![0usize; data.n_workers()];
        for (wk, _, _) in data.answers() {
            counts[wk as usize] += 1;
        }
        let mut w = csv::Writer::from_path(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        w.write_record(["worker", "answers", "skill"])?;
        for (i, name) in data.worker_names().iter().enumerate() {
            let s = skills.as_ref().map(|s| fmt_f(s[i])).unwrap_or_default();
            w.write_record([name.as_str(), &counts[i].to_string(), &s])?;
        }
        w.flush()?;
    }
    Ok(Fitted {
        rows: n_rows,
        fit_seconds,
        fit_cpu_seconds,
    })
}

/// Reads `left,right,label` comparisons (CSV or JSONL).
fn read_pairwise(path: &Path) -> Result<Vec<(String, String, String)>> {
    let format = input::detect(path, Format::Auto)?;
    let mut out = Vec::new();
    if format == Format::Jsonl {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line)
                .map_err(|e| anyhow!("line {}: not valid JSON: {e}", i + 1))?;
            let get = |k: &str| {
                v.get(k)
                    .and_then(|x| x.as_str().map(str::to_owned).or(Some(x.to_string())))
                    .ok_or_else(|| anyhow!("line {}: missing {k:?}", i + 1))
            };
            out.push((get("left")?, get("right")?, get("label")?));
        }
        return Ok(out);
    }
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("cannot open {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(n))
            .ok_or_else(|| anyhow!("line 1: bt needs a header with `left,right,label`"))
    };
    let (l, r, w) = (col("left")?, col("right")?, col("label")?);
    for rec in rdr.records() {
        let rec = rec.map_err(|e| anyhow!("{e}"))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let get = |i: usize| {
            rec.get(i)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        match (get(l), get(r), get(w)) {
            (Some(a), Some(b), Some(c)) => out.push((a, b, c)),
            _ => bail!("line {line}: a comparison needs left, right and label"),
        }
    }
    Ok(out)
}
