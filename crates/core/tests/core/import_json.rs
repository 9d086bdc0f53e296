//! JSON array imports: the row conventions, the element scanner and its recovery.

use std::cell::Cell;
use std::io::{self, BufReader, Read};
use std::rc::Rc;

use handprint_core::import::{ImportFormat::Json, ImportReader};
use serde_json::{Value, json};

use crate::{read_all, rows, summary};

fn only_error(input: &str) -> (u64, String) {
    let items = read_all(Json, input.as_bytes());
    assert_eq!(items.len(), 1, "{items:?}");
    let error = items.into_iter().next().unwrap().unwrap_err();
    (error.line, error.message)
}

#[test]
fn each_element_is_a_row_numbered_by_the_line_it_starts_on() {
    let input = "[\n  {\"text\": \"a\"},\n  {\n    \"text\": \"b\"\n  }, {\"text\": \"c\"}\n]\n";
    let rows = rows(Json, input);
    let found: Vec<(u64, Value)> = rows
        .into_iter()
        .map(|r| (r.line, Value::Object(r.data)))
        .collect();
    assert_eq!(
        found,
        [
            (2, json!({"text": "a"})),
            (3, json!({"text": "b"})),
            (5, json!({"text": "c"}))
        ]
    );
}

#[test]
fn reserved_keys_are_taken_out_of_the_data() {
    let rows = rows(
        Json,
        r#"[{"external_id": " r1 ", "text": "hi", "known_answer": {"label": "pos"}}, {"external_id": 12, "text": "x", "known_answer": null}]"#,
    );
    assert_eq!(rows[0].external_id.as_deref(), Some("r1"));
    assert_eq!(rows[0].known_answer, Some(json!({"label": "pos"})));
    assert_eq!(Value::Object(rows[0].data.clone()), json!({"text": "hi"}));
    assert_eq!(rows[1].external_id.as_deref(), Some("12"));
    assert_eq!(rows[1].known_answer, None);
}

#[test]
fn a_data_object_holds_the_data_when_present() {
    let rows = rows(
        Json,
        r#"[{"external_id": "a", "data": {"text": "hi", "external_id": "inner"}, "known_answer": 3}, {"data": "just a field", "n": 1}]"#,
    );
    assert_eq!(
        Value::Object(rows[0].data.clone()),
        json!({"text": "hi", "external_id": "inner"})
    );
    assert_eq!(
        (rows[0].external_id.as_deref(), rows[0].known_answer.clone()),
        (Some("a"), Some(json!(3)))
    );
    assert_eq!(
        Value::Object(rows[1].data.clone()),
        json!({"data": "just a field", "n": 1})
    );
}

#[test]
fn rows_breaking_the_conventions_are_refused_with_the_reason() {
    let input = r#"[
{"data": {"a": 1}, "text": "stray"},
{"external_id": "only"},
{},
{"external_id": 1.5, "a": 1},
{"external_id": "", "a": 1},
{"external_id": true, "a": 1},
"text",
{"data": {}},
{"a": 1}
]"#;
    let summary = summary(&read_all(Json, input.as_bytes()));
    let expected = [
        (
            2,
            "a row with a \"data\" object may only have external_id and known_answer beside it (found \"text\"); move \"text\" into \"data\"",
        ),
        (3, "the row has no data fields"),
        (4, "the row has no data fields"),
        (5, "external_id must be a string or a whole number, not 1.5"),
        (6, "external_id is empty; leave the key out or give an id"),
        (
            7,
            "external_id must be a string or a whole number, not a boolean",
        ),
        (
            8,
            "a row must be a JSON object like {\"text\": \"…\"}, not a string",
        ),
        (9, "the row has no data fields"),
    ];
    for (index, (line, message)) in expected.into_iter().enumerate() {
        assert_eq!(summary[index], (line, Err(message.to_owned())));
    }
    assert_eq!(summary[8], (10, Ok(json!({"a": 1}))));
    assert_eq!(summary.len(), 9);
}

#[test]
fn external_ids_and_data_have_size_limits() {
    let long_id = "i".repeat(201);
    let big = "x".repeat(64 * 1024);
    let input = format!(
        r#"[{{"external_id": "{long_id}", "a": 1}}, {{"a": "{big}"}}, {{"external_id": "{}", "a": "{}"}}]"#,
        "i".repeat(200),
        "x".repeat(60 * 1024)
    );
    let summary = summary(&read_all(Json, input.as_bytes()));
    assert_eq!(
        summary[0].1,
        Err("external_id is 201 characters long; the limit is 200".to_owned())
    );
    assert_eq!(
        summary[1].1,
        Err("the row's data is 65 KiB as JSON; the limit is 64 KiB".to_owned())
    );
    assert!(summary[2].1.is_ok());
}

#[test]
fn a_broken_element_is_reported_and_reading_resumes_at_the_next() {
    let input = "[\n  {\"text\": \"a\"},\n  {\"text\": \"b\",},\n  {\"text\":\n     tru},\n  {\"text\": \"d\"}\n]";
    let summary = summary(&read_all(Json, input.as_bytes()));
    assert_eq!(summary[0], (2, Ok(json!({"text": "a"}))));
    assert_eq!(
        summary[1],
        (
            3,
            Err("invalid JSON: trailing comma at line 3 column 16".to_owned())
        )
    );
    assert_eq!(summary[2].0, 4);
    assert!(
        summary[2]
            .1
            .as_ref()
            .unwrap_err()
            .ends_with("at line 5 column 9"),
        "{:?}",
        summary[2]
    );
    assert_eq!(summary[3], (6, Ok(json!({"text": "d"}))));
    assert_eq!(summary.len(), 4);
}

#[test]
fn a_missing_comma_costs_only_the_element_after_it() {
    let summary = summary(&read_all(Json, br#"[{"a": 1} {"a": 2}, {"a": 3}]"#));
    assert_eq!(
        summary,
        vec![
            (1, Ok(json!({"a": 1}))),
            (
                1,
                Err("missing ',' between this element and the one before".to_owned())
            ),
            (1, Ok(json!({"a": 3}))),
        ]
    );
}

#[test]
fn an_unclosed_array_ends_with_one_final_error() {
    let items = read_all(Json, b"[\n{\"a\": 1},\n{\"a\": 2}\n");
    let summary = summary(&items);
    assert_eq!(summary.len(), 3);
    assert_eq!(summary[1], (3, Ok(json!({"a": 2}))));
    assert_eq!(
        summary[2].1,
        Err("unexpected end of file: the JSON array is not closed".to_owned())
    );
    let summary = crate::summary(&read_all(Json, b"[{\"a\": 1}, {\"a\": \"cut off"));
    assert_eq!(
        summary,
        vec![
            (1, Ok(json!({"a": 1}))),
            (
                1,
                Err("unexpected end of file: the JSON array is not closed".to_owned())
            )
        ]
    );
}

#[test]
fn an_unterminated_string_cannot_be_recovered_from() {
    let summary = summary(&read_all(Json, b"[{\"a\": \"open}, {\"a\": 2}]\n"));
    assert_eq!(
        summary,
        vec![(
            1,
            Err("unexpected end of file: the JSON array is not closed".to_owned())
        )]
    );
}

#[test]
fn input_that_is_not_an_array_is_one_error() {
    assert_eq!(
        only_error("{\"a\": 1}"),
        (
            1,
            "expected a JSON array of rows starting with '[' (found '{')".to_owned()
        )
    );
    assert_eq!(
        only_error("\n\nid,text"),
        (
            3,
            "expected a JSON array of rows starting with '[' (found 'i')".to_owned()
        )
    );
    assert_eq!(
        only_error(" \n "),
        (
            2,
            "the file is empty; expected a JSON array of rows like [{\"text\": \"…\"}]".to_owned()
        )
    );
    assert_eq!(
        only_error("[]\n{\"a\": 1}"),
        (
            2,
            "unexpected '{' after the closing ']' of the array".to_owned()
        )
    );
}

#[test]
fn empty_arrays_trailing_commas_and_stray_commas() {
    assert!(read_all(Json, b" [ ] \n").is_empty());
    assert_eq!(rows(Json, "[{\"a\": 1},\n]").len(), 1);
    let summary = summary(&read_all(Json, b"[,{\"a\": 1},,{\"a\": 2}]"));
    assert_eq!(
        summary,
        vec![
            (
                1,
                Err("unexpected ',': there is no element before it".to_owned())
            ),
            (1, Ok(json!({"a": 1}))),
            (
                1,
                Err("unexpected ',': there is no element before it".to_owned())
            ),
            (1, Ok(json!({"a": 2}))),
        ]
    );
}

#[test]
fn brackets_commas_and_escaped_quotes_inside_strings_do_not_cut_elements() {
    let input = r#"[{"t": "a, ] } [ \" {", "u": "\\"}, {"t": "\\\"]"}]"#;
    let rows = rows(Json, input);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].data["t"], json!("a, ] } [ \" {"));
    assert_eq!(rows[0].data["u"], json!("\\"));
    assert_eq!(rows[1].data["t"], json!("\\\"]"));
}

#[test]
fn a_byte_order_mark_and_crlf_are_tolerated() {
    let rows = rows(Json, "\u{feff}[\r\n{\"a\": 1},\r\n{\"a\": 2}\r\n]\r\n");
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
}

#[test]
fn invalid_utf8_in_an_element_is_a_row_error() {
    let mut input = b"[{\"a\": \"".to_vec();
    input.extend_from_slice(&[0xC3, 0x28]);
    input.extend_from_slice(b"\"},\n{\"a\": 2}]");
    let summary = summary(&read_all(Json, &input));
    assert_eq!(summary.len(), 2);
    assert!(
        summary[0]
            .1
            .as_ref()
            .unwrap_err()
            .starts_with("invalid JSON: invalid unicode code point"),
        "{summary:?}"
    );
    assert_eq!(summary[1], (2, Ok(json!({"a": 2}))));
    let summary = crate::summary(&read_all(Json, b"[\xFF, {\"a\": 1}]"));
    assert!(summary[0].1.is_err());
    assert_eq!(summary[1], (1, Ok(json!({"a": 1}))));
}

#[test]
fn an_element_over_the_row_limit_is_refused_and_skipped() {
    let input = format!(
        "[{{\"a\": \"{}\"}},\n{{\"a\": 1}}]",
        "x".repeat(1024 * 1024 + 1)
    );
    let summary = summary(&read_all(Json, input.as_bytes()));
    assert_eq!(
        summary,
        vec![
            (1, Err("the row is larger than 1024 KiB".to_owned())),
            (2, Ok(json!({"a": 1})))
        ]
    );
}

#[test]
fn bytes_read_follows_the_elements() {
    let input = "[{\"a\": 1}, {\"a\": 2}]  \n";
    let mut reader = ImportReader::new(Json, input.as_bytes());
    assert!(reader.next().is_some());
    assert_eq!(reader.bytes_read(), 9);
    assert!(reader.next().is_some());
    assert!(reader.next().is_none());
    assert_eq!(reader.bytes_read(), input.len() as u64);
    assert!(reader.next().is_none());
}

/// A JSON array of `rows` rows produced on demand, counting what was handed out.
struct Generated {
    rows: u64,
    next_row: u64,
    pending: Vec<u8>,
    offset: usize,
    produced: Rc<Cell<u64>>,
}

impl Read for Generated {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.offset == self.pending.len() {
            self.pending.clear();
            self.offset = 0;
            let i = self.next_row;
            if i == 0 {
                self.pending.extend_from_slice(b"[\n");
            } else if i < self.rows {
                self.pending.extend_from_slice(b",\n");
            }
            if i < self.rows {
                let row = format!(
                    r#"{{"external_id": "row-{i}", "text": "this is row number {i} of the generated file", "n": {i}}}"#
                );
                self.pending.extend_from_slice(row.as_bytes());
            } else if i == self.rows {
                self.pending.extend_from_slice(b"\n]\n");
            }
            self.next_row += 1;
        }
        let count = buffer.len().min(self.pending.len() - self.offset);
        buffer[..count].copy_from_slice(&self.pending[self.offset..self.offset + count]);
        self.offset += count;
        self.produced.set(self.produced.get() + count as u64);
        Ok(count)
    }
}

#[test]
fn a_200k_row_array_is_streamed_without_reading_ahead() {
    const ROWS: u64 = 200_000;
    const BUFFER: usize = 8 * 1024;
    let produced = Rc::new(Cell::new(0));
    let source = Generated {
        rows: ROWS,
        next_row: 0,
        pending: Vec::new(),
        offset: 0,
        produced: Rc::clone(&produced),
    };
    let mut reader = ImportReader::new(Json, BufReader::with_capacity(BUFFER, source));
    let mut count = 0;
    let mut widest_gap = 0;
    while let Some(item) = reader.next() {
        let row = item.unwrap_or_else(|error| panic!("row {count}: {error}"));
        assert_eq!(row.external_id, Some(format!("row-{count}")));
        assert_eq!(row.line, count + 2);
        // Everything handed out beyond what was consumed sits in the 8 KiB buffer.
        widest_gap = widest_gap.max(produced.get() - reader.bytes_read());
        count += 1;
    }
    assert_eq!(count, ROWS);
    assert!(widest_gap <= BUFFER as u64, "read {widest_gap} bytes ahead");
    assert!(
        produced.get() > 10 * 1024 * 1024,
        "the input should be large: {}",
        produced.get()
    );
    assert_eq!(reader.bytes_read(), produced.get());
}
