//! The row conventions shared by every format: reserved keys, the optional
//! `"data"` wrapper and the limits on a row.

use std::io;

use serde_json::{Map, Value};

use super::{ImportRow, MAX_DATA_BYTES, MAX_EXTERNAL_ID_CHARS, RowError};
use crate::Msg;
use crate::template::{describe_value, type_name};

pub(super) const EXTERNAL_ID: &str = "external_id";
pub(super) const KNOWN_ANSWER: &str = "known_answer";
const DATA: &str = "data";

/// Turns one parsed JSON row into an import row.
pub(super) fn from_json(line: u64, value: Value) -> Result<ImportRow, RowError> {
    let Value::Object(mut object) = value else {
        return Err(RowError::new(
            line,
            Msg::coded(
                "problem-import-row-not-object",
                vec![("found", type_name(&value).to_string())],
            ),
        ));
    };
    let external_id = match object.remove(EXTERNAL_ID) {
        None => None,
        Some(id) => external_id(&id).map_err(|message| RowError::new(line, message))?,
    };
    let known_answer = object
        .remove(KNOWN_ANSWER)
        .filter(|answer| !answer.is_null());
    let data = match object.get(DATA) {
        Some(Value::Object(_)) => {
            if let Some(beside) = object.keys().find(|key| *key != DATA) {
                return Err(RowError::new(
                    line,
                    Msg::coded(
                        "problem-import-beside-data",
                        vec![("key", beside.to_string())],
                    ),
                ));
            }
            match object.remove(DATA) {
                Some(Value::Object(data)) => data,
                _ => Map::new(),
            }
        }
        _ => object,
    };
    check_data(&data).map_err(|message| RowError::new(line, message))?;
    Ok(ImportRow {
        line,
        external_id,
        data,
        known_answer,
    })
}

/// Reads an `external_id`: a string or an integer, trimmed, 1 to 200
/// characters; `null` means none.
pub(super) fn external_id(value: &Value) -> Result<Option<String>, Msg> {
    let id = match value {
        Value::Null => return Ok(None),
        Value::String(id) => id.trim().to_owned(),
        Value::Number(number) if number.is_i64() || number.is_u64() => number.to_string(),
        other => {
            return Err(Msg::coded(
                "problem-import-id-type",
                vec![("found", describe_value(other))],
            ));
        }
    };
    text_external_id(&id).map(Some)
}

/// Checks an `external_id` given as text (already trimmed).
pub(super) fn text_external_id(id: &str) -> Result<String, Msg> {
    let chars = id.chars().count();
    if chars == 0 {
        Err(Msg::coded("problem-import-id-empty", Vec::new()))
    } else if chars > MAX_EXTERNAL_ID_CHARS {
        Err(Msg::coded(
            "problem-import-id-long",
            vec![
                ("count", chars.to_string()),
                ("max", MAX_EXTERNAL_ID_CHARS.to_string()),
            ],
        ))
    } else {
        Ok(id.to_owned())
    }
}

/// The data must be non-empty and at most [`MAX_DATA_BYTES`] as compact JSON.
pub(super) fn check_data(data: &Map<String, Value>) -> Result<(), Msg> {
    if data.is_empty() {
        return Err(Msg::coded("problem-import-no-data", Vec::new()));
    }
    let mut size = ByteCount(0);
    // Writing into a counter cannot fail, and a map of JSON values always serialises.
    let _ = serde_json::to_writer(&mut size, data);
    if size.0 > MAX_DATA_BYTES {
        let (size, max) = (size.0.div_ceil(1024), MAX_DATA_BYTES / 1024);
        return Err(Msg::coded(
            "problem-import-data-large",
            vec![("size", size.to_string()), ("max", max.to_string())],
        ));
    }
    Ok(())
}

/// Counts the bytes of serialised data without keeping them.
struct ByteCount(usize);

impl io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
