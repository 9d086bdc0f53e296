//! Reading answers from CSV (`worker,task,label`, Crowd-Kit's column names) or JSONL (the same
//! keys, or the objects `handprint export` writes: `task_id`, `worker`, `answer`).
//!
//! Rows are streamed into a [`Sink`] so a million-row file is interned on the fly instead of
//! being held as strings. Every error names the line and the reason.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;

/// Input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// From the file extension (`.jsonl`, `.ndjson`, `.json` → JSONL), else from the first
    /// character (`{` → JSONL).
    Auto,
    /// Comma-separated with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// One answer as read: the label both as text (what categorical methods vote on) and, for JSON
/// input, as the original value (numbers, boxes).
pub struct Row<'a> {
    /// 1-based line number in the file.
    pub line: u64,
    /// Worker.
    pub worker: &'a str,
    /// Task.
    pub task: &'a str,
    /// Label as text: a JSON string as is, any other JSON value as its JSON text.
    pub label: &'a str,
    /// The JSON value of the label (JSONL input only).
    pub json: Option<&'a Value>,
}

/// Receives rows; an `Err` aborts reading and is reported with the line.
pub trait Sink {
    /// One answer.
    fn row(&mut self, row: Row<'_>) -> Result<()>;
}

/// Resolves `Auto` by looking at the path and the first byte.
pub fn detect(path: &Path, format: Format) -> Result<Format> {
    if format != Format::Auto {
        return Ok(format);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => return Ok(Format::Jsonl),
        "csv" => return Ok(Format::Csv),
        _ => {}
    }
    let mut f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut buf = [0u8; 256];
    let n = f.read(&mut buf)?;
    let first = buf[..n].iter().find(|b| !b.is_ascii_whitespace()).copied();
    Ok(if first == Some(b'{') {
        Format::Jsonl
    } else {
        Format::Csv
    })
}

/// Prints a progress line on stderr every `step` rows for big inputs.
pub struct Progress {
    total_bytes: u64,
    step: u64,
    quiet: bool,
}

impl Progress {
    /// Progress for a file of `total_bytes`; silent for files under 20 MB or when `quiet`.
    pub fn new(total_bytes: u64, quiet: bool) -> Self {
        Self {
            total_bytes,
            step: 1_000_000,
            quiet: quiet || total_bytes < 20 << 20,
        }
    }
    fn tick(&self, rows: u64, bytes: u64) {
        if !self.quiet && rows.is_multiple_of(self.step) && rows > 0 {
            let pct = if self.total_bytes > 0 {
                bytes as f64 * 100.0 / self.total_bytes as f64
            } else {
                0.0
            };
            eprintln!("  read {rows} rows ({pct:.0}%)");
        }
    }
}

/// Reads `path` into `sink`; returns the number of rows.
pub fn read_answers(path: &Path, format: Format, sink: &mut dyn Sink, quiet: bool) -> Result<u64> {
    let format = detect(path, format)?;
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot open {}", path.display()))?
        .len();
    let progress = Progress::new(size, quiet);
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    match format {
        Format::Csv | Format::Auto => read_csv(file, sink, &progress),
        Format::Jsonl => read_jsonl(file, sink, &progress),
    }
    .with_context(|| format!("in {}", path.display()))
}

fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}

fn read_csv(file: File, sink: &mut dyn Sink, progress: &Progress) -> Result<u64> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 20, file));
    let headers = rdr
        .headers()
        .context("line 1: cannot read the CSV header")?
        .clone();
    let find = |names: &[&str], what: &str| {
        column(&headers, names).ok_or_else(|| {
            anyhow!(
                "line 1: the header has no {what} column (expected a header like `worker,task,label`, got `{}`)",
                headers.iter().collect::<Vec<_>>().join(",")
            )
        })
    };
    let w = find(&["worker"], "`worker`")?;
    let t = find(&["task", "task_id"], "`task`")?;
    let l = find(&["label", "answer"], "`label`")?;
    let mut record = csv::StringRecord::new();
    let mut rows = 0u64;
    loop {
        let more = rdr.read_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(rows + 2);
            anyhow!("line {line}: {e}")
        })?;
        if !more {
            break;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(rows + 2);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: usize, what: &str| -> Result<&str> {
            match record.get(i) {
                Some(v) if !v.trim().is_empty() => Ok(v.trim()),
                Some(_) => bail!("line {line}: empty {what}"),
                None => bail!(
                    "line {line}: missing {what} (the row has {} fields, the header {})",
                    record.len(),
                    headers.len()
                ),
            }
        };
        let (worker, task, label) = (get(w, "worker")?, get(t, "task")?, get(l, "label")?);
        // `handprint export --format csv` writes non-string answers as JSON text: read
        // `{"value": "pos"}` or `["b","a"]` the way the JSONL reader does.
        let normalised;
        let label = match label.as_bytes().first() {
            Some(b'{' | b'[') => match serde_json::from_str::<Value>(label) {
                Ok(v) => {
                    normalised = label_text(&v).unwrap_or_default();
                    normalised.as_str()
                }
                Err(_) => label,
            },
            _ => label,
        };
        sink.row(Row {
            line,
            worker,
            task,
            label,
            json: None,
        })
        .map_err(|e| anyhow!("line {line}: {e:#}"))?;
        rows += 1;
        progress.tick(rows, record.position().map(|p| p.byte()).unwrap_or(0));
    }
    Ok(rows)
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn read_jsonl(file: File, sink: &mut dyn Sink, progress: &Progress) -> Result<u64> {
    let reader = BufReader::with_capacity(1 << 20, file);
    let mut rows = 0u64;
    let mut skipped = 0u64;
    let mut bytes = 0u64;
    for (i, line) in reader.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.map_err(|e| anyhow!("line {line_no}: {e}"))?;
        bytes += line.len() as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .map_err(|e| anyhow!("line {line_no}: not valid JSON: {e}"))?;
        let obj = v
            .as_object()
            .ok_or_else(|| anyhow!("line {line_no}: expected a JSON object"))?;
        let worker = obj
            .get("worker")
            .and_then(scalar_text)
            .ok_or_else(|| anyhow!("line {line_no}: missing \"worker\""))?;
        let task = obj
            .get("task")
            .or_else(|| obj.get("task_id"))
            .and_then(scalar_text)
            .ok_or_else(|| anyhow!("line {line_no}: missing \"task\" (or \"task_id\")"))?;
        let Some(label_value) = obj.get("label").or_else(|| obj.get("answer")) else {
            bail!("line {line_no}: missing \"label\" (or \"answer\")");
        };
        // `handprint export` writes `null` for an answer it could not read back; such a row
        // carries no vote, so it is skipped (and counted) rather than failing the whole file.
        let Some(label) = label_text(label_value) else {
            skipped += 1;
            continue;
        };
        sink.row(Row {
            line: line_no,
            worker: &worker,
            task: &task,
            label: &label,
            json: Some(label_value),
        })
        .map_err(|e| anyhow!("line {line_no}: {e:#}"))?;
        rows += 1;
        progress.tick(rows, bytes);
    }
    if skipped > 0 && !progress.quiet {
        eprintln!("  skipped {skipped} rows whose answer is null");
    }
    Ok(rows)
}

/// The text a categorical method votes on, normalised the way Handprint's templates compare
/// answers: `{"value": x}` is `x`, an integral number is written without a fraction (`3.0` and
/// `3` are the same rating), a list of choices is sorted and joined with `|`; `null` is no
/// answer. Other values vote as their JSON text.
pub fn label_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        Value::Object(o) if o.len() == 1 && o.contains_key("value") => label_text(&o["value"]),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let mut parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            parts.sort_unstable();
            Some(parts.join("|"))
        }
        other => Some(other.to_string()),
    }
}

/// Reads `task,label` gold rows (CSV, or JSONL with the same keys).
pub fn read_gold(path: &Path) -> Result<Vec<(String, String)>> {
    struct Collect(Vec<(String, String)>);
    let format = detect(path, Format::Auto)?;
    let mut out = Collect(Vec::new());
    if format == Format::Jsonl {
        let reader = BufReader::new(
            File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        );
        for (i, line) in reader.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line)
                .map_err(|e| anyhow!("{}: line {}: {e}", path.display(), i + 1))?;
            let task = v
                .get("task")
                .or_else(|| v.get("task_id"))
                .and_then(scalar_text);
            let label = v
                .get("label")
                .or_else(|| v.get("answer"))
                .and_then(scalar_text);
            match (task, label) {
                (Some(t), Some(l)) => out.0.push((t, l)),
                _ => bail!(
                    "{}: line {}: expected \"task\" and \"label\"",
                    path.display(),
                    i + 1
                ),
            }
        }
        return Ok(out.0);
    }
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("cannot open {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let t = column(&headers, &["task", "task_id"])
        .ok_or_else(|| anyhow!("{}: line 1: the header needs `task,label`", path.display()))?;
    let l = column(&headers, &["label", "true_label", "gold", "answer"])
        .ok_or_else(|| anyhow!("{}: line 1: the header needs `task,label`", path.display()))?;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        match (rec.get(t), rec.get(l)) {
            (Some(t), Some(l)) if !t.trim().is_empty() && !l.trim().is_empty() => {
                out.0.push((t.trim().to_owned(), l.trim().to_owned()))
            }
            _ => bail!(
                "{}: line {line}: a gold row needs a task and a label",
                path.display()
            ),
        }
    }
    Ok(out.0)
}
