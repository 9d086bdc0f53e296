//! CSV imports.

use handprint_core::import::{ImportFormat::Csv, ImportReader};
use serde_json::{Value, json};

use crate::{read_all, rows, summary};

#[test]
fn every_other_column_becomes_a_string_field() {
    let rows = rows(
        Csv,
        "external_id,text,stars,known_answer\nr1,Great!,5,pos\nr2,Bad,1,\n,No id,3,\"[\"\"a\"\",\"\"b\"\"]\"\n",
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(
        Value::Object(rows[0].data.clone()),
        json!({"text": "Great!", "stars": "5"})
    );
    assert_eq!(
        (
            rows[0].line,
            rows[0].external_id.as_deref(),
            rows[0].known_answer.clone()
        ),
        (2, Some("r1"), Some(json!("pos")))
    );
    assert_eq!(
        (rows[1].external_id.as_deref(), rows[1].known_answer.clone()),
        (Some("r2"), None)
    );
    assert_eq!(
        (rows[2].external_id.as_deref(), rows[2].known_answer.clone()),
        (None, Some(json!(["a", "b"])))
    );
}

#[test]
fn a_known_answer_cell_is_json_when_it_parses_as_json() {
    let rows = rows(
        Csv,
        "text,known_answer\na,5\nb,true\nc,\"{\"\"x\"\": 1}\"\nd,  pos  \ne,\"\"\"quoted\"\"\"\n",
    );
    let answers: Vec<Option<Value>> = rows.into_iter().map(|r| r.known_answer).collect();
    assert_eq!(
        answers,
        [
            Some(json!(5)),
            Some(json!(true)),
            Some(json!({"x": 1})),
            Some(json!("pos")),
            Some(json!("quoted"))
        ]
    );
}

#[test]
fn quoted_cells_may_span_lines_and_rows_keep_their_starting_line() {
    let input = "id,text\r\n1,\"first line\r\nsecond line\"\r\n2,plain\r\n\r\n3,\"a, b\"\r\n";
    let rows = rows(Csv, input);
    let found: Vec<(u64, Value)> = rows
        .iter()
        .map(|r| (r.line, r.data["text"].clone()))
        .collect();
    assert_eq!(
        found,
        [
            (2, json!("first line\r\nsecond line")),
            (4, json!("plain")),
            (6, json!("a, b"))
        ]
    );
}

/// Found by fuzzing (tests/fuzz): a `null` cell made a control item with a `null`
/// known answer, where a JSON row's `null` means none.
#[test]
fn a_known_answer_cell_of_null_means_none_as_in_json_rows() {
    let rows = rows(Csv, "text,known_answer\na,null\nb, null \nc,\"null\"\n");
    let answers: Vec<Option<Value>> = rows.into_iter().map(|r| r.known_answer).collect();
    assert_eq!(answers, [None, None, None]);
}

#[test]
fn a_byte_order_mark_and_padded_header_names_are_tolerated() {
    let rows = rows(Csv, "\u{feff}external_id , text\nx1,hello\n");
    assert_eq!(rows[0].external_id.as_deref(), Some("x1"));
    assert_eq!(
        Value::Object(rows[0].data.clone()),
        json!({"text": "hello"})
    );
    let rows = crate::rows(Csv, "\u{feff}\"text\"\nhello\n");
    assert_eq!(rows[0].data["text"], json!("hello"));
}

#[test]
fn a_row_with_the_wrong_number_of_cells_is_refused() {
    let summary = summary(&read_all(Csv, b"a,b,c\n1,2,3\n1,2\n1,2,3,4\n4,5,6\n"));
    assert_eq!(
        summary,
        vec![
            (2, Ok(json!({"a": "1", "b": "2", "c": "3"}))),
            (
                3,
                Err("expected 3 cells, as in the header, but got 2".to_owned())
            ),
            (
                4,
                Err("expected 3 cells, as in the header, but got 4".to_owned())
            ),
            (5, Ok(json!({"a": "4", "b": "5", "c": "6"}))),
        ]
    );
}

#[test]
fn a_broken_header_stops_the_import_with_every_problem() {
    let summary = summary(&read_all(Csv, b"text,,label,text\n1,2,3,4\n"));
    assert_eq!(summary, vec![(1, Err("the header line is invalid: column 2 has no name; \"text\" names both column 1 and column 4".to_owned()))]);
    let summary = crate::summary(&read_all(Csv, b"external_id,known_answer\n1,2\n"));
    assert_eq!(summary, vec![(1, Err("the header line is invalid: the header has no data columns besides external_id and known_answer".to_owned()))]);
}

#[test]
fn invalid_utf8_in_a_cell_names_the_cell() {
    let summary = summary(&read_all(Csv, b"id,text\n1,caf\xE9\n2,ok\n"));
    assert_eq!(
        summary,
        vec![
            (
                2,
                Err("cell 2 (column \"text\") is not valid UTF-8".to_owned())
            ),
            (3, Ok(json!({"id": "2", "text": "ok"}))),
        ]
    );
}

#[test]
fn reserved_cells_follow_the_row_conventions() {
    let long = "i".repeat(201);
    let input = format!("external_id,text\n{long},a\n  padded  ,b\n");
    let summary = summary(&read_all(Csv, input.as_bytes()));
    assert_eq!(
        summary[0],
        (
            2,
            Err("external_id is 201 characters long; the limit is 200".to_owned())
        )
    );
    let rows = rows(Csv, "external_id,text\n  padded  ,b\n");
    assert_eq!(rows[0].external_id.as_deref(), Some("padded"));
}

#[test]
fn an_empty_file_has_no_rows_and_a_header_alone_neither() {
    assert!(read_all(Csv, b"").is_empty());
    assert!(read_all(Csv, b"text,label\n").is_empty());
}

#[test]
fn bytes_read_reaches_the_input_length() {
    let input = "\u{feff}text\na\nb\n";
    let mut reader = ImportReader::new(Csv, input.as_bytes());
    assert_eq!(reader.by_ref().count(), 2);
    assert_eq!(reader.bytes_read(), input.len() as u64);
}

/// Found by fuzzing (tests/fuzz): a body arriving a byte at a time split the mark
/// across reads, and it became part of the first column's name (or, in a JSON
/// array, "expected '['").
#[test]
fn a_byte_order_mark_split_across_the_first_reads_is_still_skipped() {
    use handprint_core::import::ImportFormat;
    for (format, input, line) in [
        (Csv, "\u{feff}text\na\n", 2),
        (ImportFormat::Json, "\u{feff}[{\"text\": \"a\"}]", 1),
        (ImportFormat::Jsonl, "\u{feff}{\"text\": \"a\"}\n", 1),
    ] {
        for capacity in [1, 2, 3, 4] {
            let bytes = std::io::BufReader::with_capacity(capacity, input.as_bytes());
            let mut reader = ImportReader::new(format, bytes);
            let items = summary(&reader.by_ref().collect::<Vec<_>>());
            assert_eq!(
                items,
                [(line, Ok(json!({"text": "a"})))],
                "{format:?} by {capacity}"
            );
            assert_eq!(
                reader.bytes_read(),
                input.len() as u64,
                "{format:?} by {capacity}"
            );
        }
    }
}

/// Found by fuzzing (tests/fuzz): csv_core strips a mark itself when its first read
/// holds one whole, so a second mark was data or not depending on how the body was cut.
#[test]
fn a_second_byte_order_mark_is_data_however_the_input_is_cut() {
    let input = "\u{feff}\u{feff}text\na\n";
    for capacity in [1, 2, 3, 4, 5, 6, 7, 64] {
        let bytes = std::io::BufReader::with_capacity(capacity, input.as_bytes());
        let items = summary(&ImportReader::new(Csv, bytes).collect::<Vec<_>>());
        assert_eq!(
            items,
            [(2, Ok(json!({"\u{feff}text": "a"})))],
            "by {capacity}"
        );
    }
}
