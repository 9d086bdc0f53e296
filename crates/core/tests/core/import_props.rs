//! Property: rows written as a JSON array or as JSON Lines read back unchanged.

use handprint_core::import::{ImportFormat, ImportReader, ImportRow};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// One written row: its external_id, data and known answer.
type Written = (Option<String>, Map<String, Value>, Option<Value>);

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        // Eighths print exactly, so they read back as the same float.
        (-1_000_000i32..1_000_000).prop_map(|n| Value::from(f64::from(n) / 8.0)),
        ".{0,12}".prop_map(Value::from),
        r#"[\[\]{},"\\\n ]{0,6}"#.prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A data object that does not use the reserved keys.
fn data() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("[a-z_ ]{1,8}|.{1,6}", json_value(), 1..5).prop_map(|m| {
        m.into_iter()
            .filter(|(key, _)| !matches!(key.as_str(), "external_id" | "known_answer" | "data"))
            .chain([("k".to_owned(), Value::from(1))])
            .collect()
    })
}

fn row() -> impl Strategy<Value = Written> {
    let known = json_value().prop_filter("null means no known answer", |v| !v.is_null());
    (
        prop::option::of("[a-zA-Z0-9-]{1,20}"),
        data(),
        prop::option::of(known),
    )
}

fn as_object((id, data, known): &Written) -> Value {
    let mut object = data.clone();
    if let Some(id) = id {
        object.insert("external_id".into(), Value::from(id.as_str()));
    }
    if let Some(known) = known {
        object.insert("known_answer".into(), known.clone());
    }
    Value::Object(object)
}

fn read(format: ImportFormat, input: &str) -> Vec<ImportRow> {
    ImportReader::new(format, input.as_bytes())
        .map(|item| item.unwrap_or_else(|error| panic!("{error} in {input}")))
        .collect()
}

fn same_rows(read: &[ImportRow], written: &[Written]) {
    assert_eq!(read.len(), written.len());
    for (row, (id, data, known)) in read.iter().zip(written) {
        assert_eq!(&row.external_id, id);
        assert_eq!(&row.data, data);
        assert_eq!(&row.known_answer, known);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_json_array_reads_back_the_rows_written(written in prop::collection::vec(row(), 0..12), pretty in any::<bool>()) {
        let objects: Vec<Value> = written.iter().map(as_object).collect();
        let input = if pretty {
            serde_json::to_string_pretty(&objects).unwrap()
        } else {
            serde_json::to_string(&objects).unwrap()
        };
        same_rows(&read(ImportFormat::Json, &input), &written);
    }

    #[test]
    fn json_lines_read_back_the_rows_written_with_their_line_numbers(written in prop::collection::vec(row(), 0..12)) {
        let input: String = written.iter().map(|row| format!("{}\n", as_object(row))).collect();
        let rows = read(ImportFormat::Jsonl, &input);
        same_rows(&rows, &written);
        let lines: Vec<u64> = rows.iter().map(|row| row.line).collect();
        prop_assert_eq!(lines, (1..=written.len() as u64).collect::<Vec<_>>());
    }
}
