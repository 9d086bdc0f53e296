//! Choosing the import format.

use handprint_core::import::ImportFormat::{self, Csv, Json, Jsonl};

fn detect(content_type: Option<&str>, file_name: Option<&str>, first_bytes: &str) -> ImportFormat {
    ImportFormat::detect(content_type, file_name, first_bytes.as_bytes())
}

#[test]
fn a_content_type_decides_whatever_its_parameters_and_case() {
    assert_eq!(detect(Some("application/json"), None, "a,b"), Json);
    assert_eq!(
        detect(Some("Application/JSON; charset=utf-8"), None, ""),
        Json
    );
    assert_eq!(detect(Some("application/x-ndjson"), None, "["), Jsonl);
    assert_eq!(detect(Some("application/jsonl"), None, ""), Jsonl);
    assert_eq!(detect(Some("application/jsonlines"), None, ""), Jsonl);
    assert_eq!(
        detect(Some("text/csv; charset=utf-8; header=present"), None, "{"),
        Csv
    );
}

#[test]
fn a_declared_type_wins_over_the_file_name() {
    assert_eq!(detect(Some("text/csv"), Some("rows.json"), "["), Csv);
}

#[test]
fn a_generic_content_type_falls_back_to_the_file_name() {
    assert_eq!(
        detect(Some("application/octet-stream"), Some("rows.JSONL"), "["),
        Jsonl
    );
    assert_eq!(detect(Some("text/plain"), Some("rows.ndjson"), ""), Jsonl);
    assert_eq!(detect(None, Some("export.2024.json"), "id,text"), Json);
    assert_eq!(detect(None, Some("items.csv"), "[1]"), Csv);
}

#[test]
fn without_hints_the_first_byte_decides() {
    assert_eq!(detect(None, None, "  \n [{\"a\": 1}]"), Json);
    assert_eq!(detect(None, Some("upload"), "{\"a\": 1}\n"), Jsonl);
    assert_eq!(detect(None, Some("data.txt"), "\u{feff}[{}]"), Json);
    assert_eq!(
        detect(Some("multipart/form-data"), None, "text,label\n"),
        Csv
    );
    assert_eq!(detect(None, None, ""), Csv);
}

#[test]
fn formats_have_short_names() {
    assert_eq!(
        [Json.as_str(), Jsonl.as_str(), Csv.as_str()],
        ["json", "jsonl", "csv"]
    );
}
