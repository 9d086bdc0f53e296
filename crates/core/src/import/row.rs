//! The row conventions shared by every format: reserved keys, the optional
//! `"data"` wrapper and the limits on a row.

use std::io;

use serde_json::{Map, Value};

use super::{ImportRow, MAX_DATA_BYTES, MAX_EXTERNAL_ID_CHARS, RowError};
use crate::template::{describe_value, type_name};

pub(super) const EXTERNAL_ID: &str = "external_id";
pub(super) const KNOWN_ANSWER: &str = "known_answer";
const DATA: &str = "data";

/// Turns one parsed JSON row into an import row.
pub(super) fn from_json(line: u64, value: Value) -> Result<ImportRow, RowError> {
    let Value::Object(mut object) = value else {
        return Err(RowError::new(
            line,
            format!(
                "a row must be a JSON object like {{\"text\": \"…\"}}, not {}",
                type_name(&value)
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
                    format!(
                        "a row with a \"data\" object may only have external_id and known_answer beside it (found \"{beside}\"); move \"{beside}\" into \"data\""
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
pub(super) fn external_id(value: &Value) -> Result<Option<String>, String> {
    let id = match value {
        Value::Null => return Ok(None),
        Value::String(id) => id.trim().to_owned(),
        Value::Number(number) if number.is_i64() || number.is_u64() => number.to_string(),
        other => {
            return Err(format!(
                "external_id must be a string or a whole number, not {}",
                describe_value(other)
            ));
        }
    };
    text_external_id(&id).map(Some)
}

/// Checks an `external_id` given as text (already trimmed).
pub(super) fn text_external_id(id: &str) -> Result<String, String> {
    let chars = id.chars().count();
    if chars == 0 {
        Err("external_id is empty; leave the key out or give an id".to_owned())
    } else if chars > MAX_EXTERNAL_ID_CHARS {
        Err(format!(
            "external_id is {chars} characters long; the limit is {MAX_EXTERNAL_ID_CHARS}"
        ))
    } else {
        Ok(id.to_owned())
    }
}

/// The data must be non-empty and at most [`MAX_DATA_BYTES`] as compact JSON.
pub(super) fn check_data(data: &Map<String, Value>) -> Result<(), String> {
    if data.is_empty() {
        return Err("the row has no data fields".to_owned());
    }
    let mut size = ByteCount(0);
    // Writing into a counter cannot fail, and a map of JSON values always serialises.
    let _ = serde_json::to_writer(&mut size, data);
    if size.0 > MAX_DATA_BYTES {
        return Err(format!(
            "the row's data is {} KiB as JSON; the limit is {} KiB",
            size.0.div_ceil(1024),
            MAX_DATA_BYTES / 1024
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
