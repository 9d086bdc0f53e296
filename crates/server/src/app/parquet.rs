//! Parquet files of an export, with typed columns: answers, labels and items. Written
//! page by page (one record batch per page of the export), so memory stays bounded.
//! Structured values (an answer that is not text, an item's data) are JSON text.

use super::results::AnswerRecord;
use super::results::LabelRecord;
use arrow_array::{
    ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use std::path::Path;
use std::sync::Arc;

/// What a Parquet file of an export holds.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Answers,
    Labels,
    Items,
}

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn utc_micros(name: &str) -> Field {
    Field::new(
        name,
        DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        false,
    )
}

impl Table {
    pub fn schema(self) -> SchemaRef {
        let fields = match self {
            Table::Answers => vec![
                text("assignment_id", false),
                text("task_id", false),
                text("external_id", true),
                text("worker", false),
                text("answer", true),
                Field::new("seconds", DataType::Float64, false),
                utc_micros("leased_at"),
                utc_micros("submitted_at"),
                text("review_state", false),
                text("rejection_reason", true),
                text("item", true),
            ],
            Table::Labels => vec![
                text("task_id", false),
                text("external_id", true),
                text("label", true),
                Field::new("confidence", DataType::Float64, true),
                Field::new("answers", DataType::Int64, false),
            ],
            Table::Items => vec![
                text("task_id", false),
                text("external_id", true),
                Field::new("answers", DataType::Int64, false),
                text("item", true),
            ],
        };
        Arc::new(Schema::new(fields))
    }
}

/// A JSON value as one text cell: text as it is, null as null, others as JSON.
fn json_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// RFC 3339 text (as the export records hold times) as microseconds since the epoch.
fn micros(at: &str) -> i64 {
    time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000) as i64)
        .unwrap_or(0)
}

fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(values.collect::<StringArray>())
}

fn utc(values: Vec<i64>) -> ArrayRef {
    Arc::new(TimestampMicrosecondArray::from(values).with_timezone("UTC"))
}

pub fn answers_batch(records: &[AnswerRecord]) -> Result<RecordBatch, String> {
    let answers: Vec<Option<String>> = records.iter().map(|r| json_text(&r.answer)).collect();
    let items: Vec<Option<String>> = records.iter().map(|r| json_text(&r.item)).collect();
    let columns: Vec<ArrayRef> = vec![
        strings(records.iter().map(|r| Some(r.assignment_id.as_str()))),
        strings(records.iter().map(|r| Some(r.task_id.as_str()))),
        strings(records.iter().map(|r| r.external_id.as_deref())),
        strings(records.iter().map(|r| Some(r.worker.as_str()))),
        strings(answers.iter().map(Option::as_deref)),
        Arc::new(records.iter().map(|r| r.seconds).collect::<Float64Array>()),
        utc(records.iter().map(|r| micros(&r.leased_at)).collect()),
        utc(records.iter().map(|r| micros(&r.submitted_at)).collect()),
        strings(records.iter().map(|r| Some(r.review.state.as_str()))),
        strings(records.iter().map(|r| r.review.reason.as_deref())),
        strings(items.iter().map(Option::as_deref)),
    ];
    RecordBatch::try_new(Table::Answers.schema(), columns).map_err(|e| e.to_string())
}

pub fn labels_batch(labels: &[LabelRecord]) -> Result<RecordBatch, String> {
    let values: Vec<Option<String>> = labels.iter().map(|l| json_text(&l.label)).collect();
    let columns: Vec<ArrayRef> = vec![
        strings(labels.iter().map(|l| Some(l.task_id.as_str()))),
        strings(labels.iter().map(|l| l.external_id.as_deref())),
        strings(values.iter().map(Option::as_deref)),
        Arc::new(
            labels
                .iter()
                .map(|l| l.confidence)
                .collect::<Float64Array>(),
        ),
        Arc::new(
            labels
                .iter()
                .map(|l| l.answers as i64)
                .collect::<Int64Array>(),
        ),
    ];
    RecordBatch::try_new(Table::Labels.schema(), columns).map_err(|e| e.to_string())
}

/// One item: id, external id, answers collected, data (JSON text).
pub struct ItemCells {
    pub task_id: String,
    pub external_id: Option<String>,
    pub answers: i64,
    pub data: Option<String>,
}

pub fn items_batch(items: &[ItemCells]) -> Result<RecordBatch, String> {
    let columns: Vec<ArrayRef> = vec![
        strings(items.iter().map(|i| Some(i.task_id.as_str()))),
        strings(items.iter().map(|i| i.external_id.as_deref())),
        Arc::new(items.iter().map(|i| i.answers).collect::<Int64Array>()),
        strings(items.iter().map(|i| i.data.as_deref())),
    ];
    RecordBatch::try_new(Table::Items.schema(), columns).map_err(|e| e.to_string())
}

/// A Parquet file being written, snappy-compressed.
pub struct ParquetFile(ArrowWriter<std::fs::File>);

impl ParquetFile {
    pub fn create(path: &Path, table: Table) -> Result<ParquetFile, String> {
        let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
        let props = parquet::file::properties::WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .build();
        ArrowWriter::try_new(file, table.schema(), Some(props))
            .map(ParquetFile)
            .map_err(|e| e.to_string())
    }

    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        self.0.write(batch).map_err(|e| e.to_string())
    }

    pub fn finish(self) -> Result<(), String> {
        let file = self.0.into_inner().map_err(|e| e.to_string())?;
        file.sync_all().map_err(|e| e.to_string())
    }
}
