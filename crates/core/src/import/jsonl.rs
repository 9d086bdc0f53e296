//! JSON Lines: one JSON object per line.

use crate::Msg;
use std::io::{self, BufRead};

use super::{ImportRow, MAX_ROW_BYTES, RowError, UTF8_BOM, json_message, row};

pub(super) struct JsonlRows<R> {
    reader: R,
    line: u64,
    bytes_read: u64,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlRows<R> {
    pub(super) fn new(reader: R) -> Self {
        JsonlRows {
            reader,
            line: 0,
            bytes_read: 0,
            buffer: Vec::new(),
            done: false,
        }
    }

    pub(super) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    pub(super) fn next(&mut self) -> Option<Result<ImportRow, RowError>> {
        while !self.done {
            self.buffer.clear();
            let (consumed, complete) =
                match read_line(&mut self.reader, &mut self.buffer, MAX_ROW_BYTES) {
                    Ok(read) => read,
                    Err(error) => {
                        self.done = true;
                        return Some(Err(RowError::reading_failed(self.line + 1, &error)));
                    }
                };
            if consumed == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            self.bytes_read += consumed;
            if !complete {
                let max = MAX_ROW_BYTES / 1024;
                return Some(Err(RowError::new(
                    self.line,
                    Msg::coded("problem-import-line-long", vec![("max", max.to_string())]),
                )));
            }
            let mut bytes = self.buffer.as_slice();
            if self.line == 1 {
                bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(match serde_json::from_slice(bytes) {
                Ok(value) => row::from_json(self.line, value),
                Err(error) => Err(RowError::invalid_json(
                    self.line,
                    json_message(&error),
                    format!("column {}", error.column()),
                )),
            });
        }
        None
    }
}

/// Reads one line, newline included, into `buffer`, keeping at most `limit`
/// bytes: a longer line is still consumed to its end, so reading can go on
/// with the next one. Returns the bytes consumed and whether all were kept.
pub(super) fn read_line(
    reader: &mut impl BufRead,
    buffer: &mut Vec<u8>,
    limit: usize,
) -> io::Result<(u64, bool)> {
    let mut consumed = 0;
    let mut complete = true;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            break;
        }
        let (chunk, end_of_line) = match available.iter().position(|byte| *byte == b'\n') {
            Some(newline) => (&available[..=newline], true),
            None => (available, false),
        };
        if complete && buffer.len() + chunk.len() <= limit {
            buffer.extend_from_slice(chunk);
        } else {
            complete = false;
        }
        let length = chunk.len();
        reader.consume(length);
        consumed += length as u64;
        if end_of_line {
            break;
        }
    }
    Ok((consumed, complete))
}
