//! Reading bulk task imports (JSON array, JSON Lines, CSV) row by row, without
//! holding the file: memory is bounded by the largest single row. Storing the
//! rows (all-or-nothing per batch, skipping known `external_id`s) belongs to
//! the store; this module only turns bytes into checked rows or row errors.
//!
//! # Rows
//!
//! A JSON row (an element of a JSON array, or a line of JSON Lines) is an
//! object. Two keys are reserved:
//! - `external_id`: the requester's own id for the item, a string or an
//!   integer (stored as a string), 1 to 200 characters after trimming. A
//!   re-import skips ids that already exist, so an interrupted upload can
//!   simply be sent again.
//! - `known_answer`: any JSON; makes the task a control item. `null` means none.
//!
//! If the object has a `"data"` key whose value is an object, that object is the
//! task's data and only the reserved keys may stand beside it:
//! `{"external_id": "r1", "data": {"text": "Great!"}, "known_answer": "pos"}`.
//! Otherwise the data is the object minus the reserved keys:
//! `{"external_id": "r1", "text": "Great!", "known_answer": "pos"}`.
//! Either way the data must be a non-empty object of at most 64 KiB serialised,
//! and a whole row may not exceed 1 MiB.
//!
//! In CSV the first line is the header (names unique and non-empty, surrounding
//! spaces trimmed, a UTF-8 byte-order mark tolerated). `external_id` and
//! `known_answer` columns are reserved; an empty cell in them means none, and a
//! `known_answer` cell is read as JSON when it is valid JSON (`5`, `true`,
//! `["a","b"]`; `null` means none, as in JSON rows), else kept as a string. Every other column becomes a string
//! field of the data.
//!
//! # Line numbers
//!
//! Every row and every error carries the 1-based physical line where its row
//! starts: the line of a JSON Lines row, the line where a JSON array element
//! begins, the line where a CSV record begins (the header is line 1; a quoted
//! cell may span lines). Blank lines in JSON Lines are skipped. In a JSON
//! array a trailing comma before `]` is tolerated; a broken element is
//! reported and reading resumes at the next element, and only a broken array
//! (not closed, or not an array) ends the import with one final error.

mod csv_rows;
mod json_array;
mod jsonl;
mod row;

use crate::Msg;
use std::io::BufRead;
use std::iter::FusedIterator;

use serde::Serialize;
use serde_json::{Map, Value};

use csv_rows::CsvRows;
use json_array::JsonArrayRows;
use jsonl::JsonlRows;

/// The largest single row accepted, in bytes as written in the file. It also
/// bounds the memory a reader needs for JSON input.
pub const MAX_ROW_BYTES: usize = 1024 * 1024;
/// The largest task data, serialised as compact JSON.
pub const MAX_DATA_BYTES: usize = 64 * 1024;
/// The longest `external_id`, in characters.
pub const MAX_EXTERNAL_ID_CHARS: usize = 200;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Json,
    Jsonl,
    Csv,
}

impl ImportFormat {
    /// From a Content-Type (application/json, application/x-ndjson,
    /// application/jsonl, application/jsonlines, text/csv …; parameters like
    /// charset ignored) or a file name extension (.json .jsonl .ndjson .csv),
    /// else by sniffing the first non-whitespace byte ('[' → Json, '{' →
    /// Jsonl, otherwise Csv). A declared type wins over the extension, and
    /// both over sniffing; generic types (text/plain, application/octet-stream)
    /// declare nothing.
    pub fn detect(
        content_type: Option<&str>,
        file_name: Option<&str>,
        first_bytes: &[u8],
    ) -> ImportFormat {
        content_type
            .and_then(Self::from_content_type)
            .or_else(|| file_name.and_then(Self::from_file_name))
            .unwrap_or_else(|| Self::sniff(first_bytes))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Json => "json",
            ImportFormat::Jsonl => "jsonl",
            ImportFormat::Csv => "csv",
        }
    }

    fn from_content_type(content_type: &str) -> Option<ImportFormat> {
        let essence = content_type.split(';').next()?.trim().to_ascii_lowercase();
        match essence.as_str() {
            "application/json" | "text/json" => Some(ImportFormat::Json),
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/x-jsonl"
            | "application/jsonlines"
            | "application/x-jsonlines"
            | "application/json-lines"
            | "text/jsonl" => Some(ImportFormat::Jsonl),
            "text/csv" | "application/csv" | "text/comma-separated-values" => {
                Some(ImportFormat::Csv)
            }
            _ => None,
        }
    }

    fn from_file_name(file_name: &str) -> Option<ImportFormat> {
        let (_, extension) = file_name.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "json" => Some(ImportFormat::Json),
            "jsonl" | "ndjson" | "jsonlines" => Some(ImportFormat::Jsonl),
            "csv" => Some(ImportFormat::Csv),
            _ => None,
        }
    }

    fn sniff(first_bytes: &[u8]) -> ImportFormat {
        let bytes = first_bytes.strip_prefix(UTF8_BOM).unwrap_or(first_bytes);
        match bytes.iter().find(|byte| !byte.is_ascii_whitespace()) {
            Some(b'[') => ImportFormat::Json,
            Some(b'{') => ImportFormat::Jsonl,
            _ => ImportFormat::Csv,
        }
    }
}

/// One good row: the data of a new task, as read from line `line`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: u64,
    pub external_id: Option<String>,
    pub data: Map<String, Value>,
    pub known_answer: Option<Value>,
}

/// A row that cannot be imported, and why; shown to the requester in the
/// import report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RowError {
    pub line: u64,
    /// The English message, as the API shows it.
    pub message: String,
    /// The same message, coded for the pages' languages.
    #[serde(skip)]
    pub msg: Msg,
    /// Several problems of one line (a CSV header), each coded; `message` lists them.
    #[serde(skip)]
    pub details: Vec<Msg>,
}

impl RowError {
    pub fn new(line: u64, msg: Msg) -> Self {
        RowError {
            line,
            message: msg.text.clone(),
            msg,
            details: Vec::new(),
        }
    }

    /// This error with its problems listed one by one (rendered in place of the
    /// `problems` argument of its message).
    pub fn with_details(mut self, details: Vec<Msg>) -> Self {
        self.details = details;
        self
    }

    pub(crate) fn reading_failed(line: u64, error: &std::io::Error) -> Self {
        RowError::new(
            line,
            Msg::coded("problem-import-read", vec![("why", error.to_string())]),
        )
    }

    pub(crate) fn too_large(line: u64) -> Self {
        let max = MAX_ROW_BYTES / 1024;
        RowError::new(
            line,
            Msg::coded("problem-import-row-large", vec![("max", max.to_string())]),
        )
    }

    pub(crate) fn invalid_json(line: u64, why: String, at: String) -> Self {
        RowError::new(
            line,
            Msg::coded(
                "problem-import-json",
                vec![("why", why.clone()), ("at", at.clone())],
            ),
        )
    }
}

/// Streaming reader: memory bounded by the largest single row, not the file.
/// Yields one item per row (blank lines in JSONL skipped); after an error that
/// leaves the rest of the input unreadable it yields that error and stops.
pub struct ImportReader<R> {
    rows: Rows<Head<R>>,
}

enum Rows<R> {
    Json(JsonArrayRows<R>),
    Jsonl(JsonlRows<R>),
    Csv(CsvRows<R>),
}

impl<R: BufRead> ImportReader<R> {
    pub fn new(format: ImportFormat, reader: R) -> Self {
        let reader = Head::new(reader);
        let rows = match format {
            ImportFormat::Json => Rows::Json(JsonArrayRows::new(reader)),
            ImportFormat::Jsonl => Rows::Jsonl(JsonlRows::new(reader)),
            ImportFormat::Csv => Rows::Csv(CsvRows::new(reader)),
        };
        ImportReader { rows }
    }

    /// Bytes consumed from the input so far, for a progress bar.
    pub fn bytes_read(&self) -> u64 {
        match &self.rows {
            Rows::Json(rows) => rows.bytes_read(),
            Rows::Jsonl(rows) => rows.bytes_read(),
            Rows::Csv(rows) => rows.bytes_read(),
        }
    }
}

impl<R: BufRead> Iterator for ImportReader<R> {
    type Item = Result<ImportRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.rows {
            Rows::Json(rows) => rows.next(),
            Rows::Jsonl(rows) => rows.next(),
            Rows::Csv(rows) => rows.next(),
        }
    }
}

impl<R: BufRead> FusedIterator for ImportReader<R> {}

/// The input with its first bytes handed out together: each format looks for a
/// byte-order mark in what one `fill_buf` returns, and a body arriving in pieces
/// may split the mark across its first reads (found by fuzzing, tests/fuzz).
struct Head<R> {
    input: R,
    /// Up to the length of a byte-order mark, taken from the input before anything else.
    head: Vec<u8>,
    /// How much of `head` was consumed.
    at: usize,
    filled: bool,
}

impl<R: BufRead> Head<R> {
    fn new(input: R) -> Self {
        Head {
            input,
            head: Vec::with_capacity(UTF8_BOM.len()),
            at: 0,
            filled: false,
        }
    }
}

impl<R: BufRead> BufRead for Head<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while !self.filled {
            let available = self.input.fill_buf()?;
            let wanted = UTF8_BOM.len() - self.head.len();
            let taken = available.len().min(wanted);
            self.head.extend_from_slice(&available[..taken]);
            self.input.consume(taken);
            self.filled = taken == 0 || taken == wanted;
        }
        if self.at < self.head.len() {
            return Ok(&self.head[self.at..]);
        }
        self.input.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        let from_head = amount.min(self.head.len() - self.at);
        self.at += from_head;
        self.input.consume(amount - from_head);
    }
}

impl<R: BufRead> std::io::Read for Head<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let amount = available.len().min(buffer.len());
        buffer[..amount].copy_from_slice(&available[..amount]);
        self.consume(amount);
        Ok(amount)
    }
}

/// serde_json's message without its " at line L column C" suffix, so the
/// caller can give a position that means something in the whole file.
fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    message
        .strip_suffix(&position)
        .unwrap_or(&message)
        .to_owned()
}
