//! CSV with a header line. Records are read as bytes so that invalid UTF-8
//! becomes a row error naming the cell rather than a failed import.

use std::collections::HashMap;
use std::io::BufRead;

use csv::ByteRecord;
use serde_json::{Map, Value};

use super::row::{EXTERNAL_ID, KNOWN_ANSWER, check_data, text_external_id};
use super::{ImportRow, MAX_ROW_BYTES, RowError, UTF8_BOM};

pub(super) struct CsvRows<R> {
    state: State<R>,
    record: ByteRecord,
    bytes_read: u64,
    /// Bytes skipped before the CSV reader saw the input (a byte-order mark).
    skipped: u64,
}

enum State<R> {
    /// Nothing read yet; the header comes first.
    Fresh(R),
    Rows {
        reader: csv::Reader<R>,
        header: Header,
    },
    Done,
}

/// What each column of the file is for.
struct Header {
    names: Vec<String>,
    external_id: Option<usize>,
    known_answer: Option<usize>,
}

impl<R: BufRead> CsvRows<R> {
    pub(super) fn new(reader: R) -> Self {
        CsvRows {
            state: State::Fresh(reader),
            record: ByteRecord::new(),
            bytes_read: 0,
            skipped: 0,
        }
    }

    pub(super) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    pub(super) fn next(&mut self) -> Option<Result<ImportRow, RowError>> {
        if let State::Fresh(_) = self.state {
            match self.start() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(error) => return Some(Err(error)),
            }
        }
        let State::Rows { reader, header } = &mut self.state else {
            return None;
        };
        let read = reader.read_byte_record(&mut self.record);
        self.bytes_read = self.skipped + reader.position().byte();
        match read {
            Ok(true) => Some(header.row(&self.record)),
            Ok(false) => {
                self.state = State::Done;
                None
            }
            Err(error) => {
                let line = error
                    .position()
                    .map_or_else(|| reader.position().line(), csv::Position::line);
                self.state = State::Done;
                Some(Err(RowError::new(line, format!("reading failed: {error}"))))
            }
        }
    }

    /// Reads the header. Ok(false) for an empty file.
    fn start(&mut self) -> Result<bool, RowError> {
        let State::Fresh(mut input) = std::mem::replace(&mut self.state, State::Done) else {
            return Ok(false);
        };
        if input
            .fill_buf()
            .is_ok_and(|start| start.starts_with(UTF8_BOM))
        {
            input.consume(UTF8_BOM.len());
            self.skipped = UTF8_BOM.len() as u64;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::Headers)
            .from_reader(input);
        let read = reader.read_byte_record(&mut self.record);
        self.bytes_read = self.skipped + reader.position().byte();
        match read {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(error) => {
                return Err(RowError::new(
                    1,
                    format!("reading the header failed: {error}"),
                ));
            }
        }
        let line = self.record.position().map_or(1, csv::Position::line);
        let header = Header::parse(&self.record).map_err(|message| RowError::new(line, message))?;
        self.state = State::Rows { reader, header };
        Ok(true)
    }
}

impl Header {
    fn parse(record: &ByteRecord) -> Result<Header, String> {
        let mut problems = Vec::new();
        let mut names = Vec::with_capacity(record.len());
        let mut first_column: HashMap<String, usize> = HashMap::new();
        for (index, cell) in record.iter().enumerate() {
            let column = index + 1;
            let Ok(name) = std::str::from_utf8(cell) else {
                problems.push(format!("the name of column {column} is not valid UTF-8"));
                continue;
            };
            // Trimming happened before a byte-order mark could be stripped.
            let name = name.trim_start_matches('\u{feff}').trim().to_owned();
            if name.is_empty() {
                problems.push(format!("column {column} has no name"));
            } else if let Some(first) = first_column.get(&name) {
                problems.push(format!(
                    "\"{name}\" names both column {first} and column {column}"
                ));
            } else {
                first_column.insert(name.clone(), column);
            }
            names.push(name);
        }
        let position = |reserved: &str| names.iter().position(|name| name == reserved);
        let header = Header {
            external_id: position(EXTERNAL_ID),
            known_answer: position(KNOWN_ANSWER),
            names,
        };
        let reserved =
            usize::from(header.external_id.is_some()) + usize::from(header.known_answer.is_some());
        if problems.is_empty() && header.names.len() == reserved {
            problems.push(
                "the header has no data columns besides external_id and known_answer".to_owned(),
            );
        }
        if problems.is_empty() {
            Ok(header)
        } else {
            Err(format!(
                "the header line is invalid: {}",
                problems.join("; ")
            ))
        }
    }

    fn row(&self, record: &ByteRecord) -> Result<ImportRow, RowError> {
        let line = record.position().map_or(0, csv::Position::line);
        let fail = |message: String| RowError::new(line, message);
        if record.len() != self.names.len() {
            return Err(fail(format!(
                "expected {} cells, as in the header, but got {}",
                self.names.len(),
                record.len()
            )));
        }
        if record.as_slice().len() > MAX_ROW_BYTES {
            return Err(fail(format!(
                "the row is larger than {} KiB",
                MAX_ROW_BYTES / 1024
            )));
        }
        let mut external_id = None;
        let mut known_answer = None;
        let mut data = Map::new();
        for (index, (cell, name)) in record.iter().zip(&self.names).enumerate() {
            let cell = std::str::from_utf8(cell).map_err(|_| {
                fail(format!(
                    "cell {} (column \"{name}\") is not valid UTF-8",
                    index + 1
                ))
            })?;
            if Some(index) == self.external_id {
                let id = cell.trim();
                if !id.is_empty() {
                    external_id = Some(text_external_id(id).map_err(fail)?);
                }
            } else if Some(index) == self.known_answer {
                let answer = cell.trim();
                if !answer.is_empty() {
                    // `5` and `["a","b"]` are JSON; `pos` is just text.
                    known_answer =
                        Some(serde_json::from_str(answer).unwrap_or_else(|_| Value::from(answer)));
                }
            } else {
                data.insert(name.clone(), Value::from(cell));
            }
        }
        check_data(&data).map_err(fail)?;
        Ok(ImportRow {
            line,
            external_id,
            data,
            known_answer,
        })
    }
}
