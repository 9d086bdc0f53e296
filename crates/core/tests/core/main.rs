//! Integration tests of handprint-core, one binary to keep link time down.

#![allow(clippy::too_many_lines)] // a test may tell its whole story in one function
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod import_csv;
mod import_detect;
mod import_json;
mod import_jsonl;
mod import_props;
mod ledger_props;
mod message_codes;
mod template_boxes;
mod template_choice;
mod template_common;
mod template_form;
mod template_geo;
mod template_pairwise;
mod template_segments;
mod template_spans;
mod template_text;

use handprint_core::import::{ImportFormat, ImportReader, ImportRow, RowError};
use handprint_core::template::{AnswerError, Template};
use serde_json::Value;

/// Parses a definition that must be valid.
fn template(definition: Value) -> Template {
    match Template::parse(&definition) {
        Ok(template) => template,
        Err(errors) => panic!("expected a valid template, got: {errors}"),
    }
}

/// The (path, message) pairs of a definition that must be invalid.
fn problems(definition: Value) -> Vec<(String, String)> {
    match Template::parse(&definition) {
        Ok(template) => panic!("expected problems, got a valid template: {template:?}"),
        Err(errors) => errors.0.into_iter().map(|p| (p.path, p.message)).collect(),
    }
}

/// Asserts there is a problem at `path` whose message contains `needle`.
#[track_caller]
fn assert_problem(problems: &[(String, String)], path: &str, needle: &str) {
    assert!(
        problems
            .iter()
            .any(|(p, m)| p == path && m.contains(needle)),
        "no problem at {path:?} containing {needle:?} in {problems:#?}"
    );
}

/// The error for an answer that must be refused.
#[track_caller]
fn refused(template: &Template, answer: Value) -> AnswerError {
    refused_with(template, &Value::Null, answer)
}

#[track_caller]
fn refused_with(template: &Template, task_data: &Value, answer: Value) -> AnswerError {
    match template.validate_answer(task_data, &answer) {
        Ok(stored) => panic!("expected {answer} to be refused, it was stored as {stored}"),
        Err(error) => error,
    }
}

#[track_caller]
fn accepted(template: &Template, answer: Value) -> Value {
    match template.validate_answer(&Value::Null, &answer) {
        Ok(stored) => stored,
        Err(error) => panic!("expected {answer} to be accepted, got {error}"),
    }
}

/// Every item an import of `input` yields.
fn read_all(format: ImportFormat, input: &[u8]) -> Vec<Result<ImportRow, RowError>> {
    ImportReader::new(format, input).collect()
}

/// The rows of an import that must have no errors.
#[track_caller]
fn rows(format: ImportFormat, input: &str) -> Vec<ImportRow> {
    read_all(format, input.as_bytes())
        .into_iter()
        .map(|item| item.unwrap_or_else(|error| panic!("unexpected row error: {error}")))
        .collect()
}

/// Items as (line, Ok(data) | Err(message)) for compact assertions.
fn summary(items: &[Result<ImportRow, RowError>]) -> Vec<(u64, Result<Value, String>)> {
    items
        .iter()
        .map(|item| match item {
            Ok(row) => (row.line, Ok(Value::Object(row.data.clone()))),
            Err(error) => (error.line, Err(error.message.clone())),
        })
        .collect()
}
