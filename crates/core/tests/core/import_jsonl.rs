//! JSON Lines imports.

use handprint_core::import::{ImportFormat::Jsonl, ImportReader};
use serde_json::json;

use crate::{read_all, rows, summary};

#[test]
fn each_line_is_a_row_and_blank_lines_are_skipped() {
    let input = "{\"text\": \"a\"}\n\n   \n{\"external_id\": 7, \"text\": \"b\", \"known_answer\": \"pos\"}\n{\"text\": \"c\"}";
    let rows = rows(Jsonl, input);
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 4, 5]);
    assert_eq!(rows[1].external_id.as_deref(), Some("7"));
    assert_eq!(rows[1].known_answer, Some(json!("pos")));
    assert_eq!(
        serde_json::Value::Object(rows[1].data.clone()),
        json!({"text": "b"})
    );
    assert_eq!(rows[2].known_answer, None);
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_tolerated() {
    let rows = rows(Jsonl, "\u{feff}{\"a\": 1}\r\n\r\n{\"a\": 2}\r\n");
    assert_eq!(
        rows.iter()
            .map(|r| (r.line, r.data["a"].clone()))
            .collect::<Vec<_>>(),
        [(1, json!(1)), (3, json!(2))]
    );
}

#[test]
fn a_bad_line_is_reported_and_the_next_one_is_read() {
    let input = "{\"a\": 1}\n{\"a\": 2,}\n[1, 2]\n{\"a\": 3}\n{\"a\": \n";
    let items = read_all(Jsonl, input.as_bytes());
    let summary = summary(&items);
    assert_eq!(summary[0], (1, Ok(json!({"a": 1}))));
    assert_eq!(
        summary[1],
        (
            2,
            Err("invalid JSON: trailing comma at column 9".to_owned())
        )
    );
    assert_eq!(
        summary[2],
        (
            3,
            Err("a row must be a JSON object like {\"text\": \"…\"}, not an array".to_owned())
        )
    );
    assert_eq!(summary[3], (4, Ok(json!({"a": 3}))));
    assert_eq!(summary[4].0, 5);
    assert!(
        summary[4]
            .1
            .as_ref()
            .unwrap_err()
            .starts_with("invalid JSON: EOF while parsing"),
        "{:?}",
        summary[4]
    );
    assert_eq!(items.len(), 5);
}

#[test]
fn invalid_utf8_is_a_row_error() {
    let mut input = b"{\"a\": \"ok\"}\n{\"a\": \"".to_vec();
    input.extend_from_slice(&[0xFF, 0xFE]);
    input.extend_from_slice(b"\"}\n{\"a\": \"fine\"}\n");
    let summary = summary(&read_all(Jsonl, &input));
    assert_eq!(summary.len(), 3);
    assert!(
        summary[1]
            .1
            .as_ref()
            .unwrap_err()
            .starts_with("invalid JSON:"),
        "{summary:?}"
    );
    assert_eq!(summary[2], (3, Ok(json!({"a": "fine"}))));
}

#[test]
fn a_line_over_the_row_limit_is_refused_without_stopping_the_import() {
    let long = format!("{{\"a\": \"{}\"}}", "x".repeat(1024 * 1024 + 10));
    let input = format!("{long}\n{{\"a\": 1}}\n");
    let summary = summary(&read_all(Jsonl, input.as_bytes()));
    assert_eq!(
        summary,
        vec![
            (1, Err("the row is longer than 1024 KiB".to_owned())),
            (2, Ok(json!({"a": 1})))
        ]
    );
}

#[test]
fn bytes_read_reaches_the_input_length() {
    let input = "{\"a\": 1}\n\n{\"a\": 2}\n";
    let mut reader = ImportReader::new(Jsonl, input.as_bytes());
    assert_eq!(reader.bytes_read(), 0);
    assert!(reader.next().is_some());
    assert_eq!(reader.bytes_read(), 9);
    assert!(reader.next().is_some());
    assert!(reader.next().is_none());
    assert_eq!(reader.bytes_read(), input.len() as u64);
}

#[test]
fn an_empty_file_has_no_rows() {
    assert!(read_all(Jsonl, b"").is_empty());
    assert!(read_all(Jsonl, b"\n \n").is_empty());
}
