//! CSV with a header line, parsed by `csv_core` fed from our own buffer so
//! that we see every byte: physical line numbers stay exact with CRLF, blank
//! lines and quoted cells spanning lines. Cells are checked as UTF-8 one by
//! one, so a bad byte becomes a row error naming the cell.

use crate::Msg;
use std::collections::HashMap;
use std::io::{self, BufRead};

use csv_core::ReadRecordResult;
use serde_json::{Map, Value};

use super::row::{EXTERNAL_ID, KNOWN_ANSWER, check_data, text_external_id};
use super::{ImportRow, MAX_ROW_BYTES, RowError, UTF8_BOM};

pub(super) struct CsvRows<R> {
    input: R,
    /// Boxed: its transition tables would make every `ImportReader` large.
    core: Box<csv_core::Reader>,
    /// None until the header line is read.
    header: Option<Header>,
    done: bool,
    /// The line of the next byte.
    line: u64,
    bytes_read: u64,
    /// The current record's cells, back to back, and where each one ends.
    cells: Vec<u8>,
    ends: Vec<usize>,
}

/// One record as read: where it starts and how many cells it has.
struct Record {
    line: u64,
    cells: usize,
    oversized: bool,
}

/// What each column of the file is for.
struct Header {
    names: Vec<String>,
    external_id: Option<usize>,
    known_answer: Option<usize>,
}

impl<R: BufRead> CsvRows<R> {
    pub(super) fn new(input: R) -> Self {
        CsvRows {
            input,
            core: primed_parser(),
            header: None,
            done: false,
            line: 1,
            bytes_read: 0,
            cells: vec![0; 4096],
            ends: vec![0; 64],
        }
    }

    pub(super) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    pub(super) fn next(&mut self) -> Option<Result<ImportRow, RowError>> {
        if self.done {
            return None;
        }
        if self.header.is_none() {
            if let Err(error) = self.skip_bom() {
                return Some(self.stop_reading(&error));
            }
            let record = match self.read_record() {
                Ok(Some(record)) => record,
                Ok(None) => return self.end(),
                Err(error) => return Some(self.stop_reading(&error)),
            };
            match Header::parse(self.cell_slices(&record)) {
                Ok(header) => self.header = Some(header),
                Err(details) => {
                    self.done = true;
                    let listed = details
                        .iter()
                        .map(|m| m.text.as_str())
                        .collect::<Vec<_>>()
                        .join("; ");
                    let mut error = RowError::new(
                        record.line,
                        Msg::coded("problem-import-header", vec![("problems", listed.clone())]),
                    );
                    error.details = details;
                    return Some(Err(error));
                }
            }
        }
        let record = match self.read_record() {
            Ok(Some(record)) => record,
            Ok(None) => return self.end(),
            Err(error) => return Some(self.stop_reading(&error)),
        };
        let header = self.header.as_ref()?;
        Some(header.row(&record, self.cell_slices(&record)))
    }

    fn end(&mut self) -> Option<Result<ImportRow, RowError>> {
        self.done = true;
        None
    }

    fn stop_reading(&mut self, error: &io::Error) -> Result<ImportRow, RowError> {
        self.done = true;
        Err(RowError::reading_failed(self.line, error))
    }

    fn skip_bom(&mut self) -> io::Result<()> {
        loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.starts_with(UTF8_BOM) {
                self.input.consume(UTF8_BOM.len());
                self.bytes_read += UTF8_BOM.len() as u64;
            }
            return Ok(());
        }
    }

    /// Reads the next record into `cells`/`ends`; None at the end of input.
    fn read_record(&mut self) -> io::Result<Option<Record>> {
        // Line breaks between records are skipped here rather than by the
        // parser, so the record's first line is known.
        loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            let breaks = available
                .iter()
                .take_while(|byte| matches!(byte, b'\r' | b'\n'))
                .count();
            let reached_content = breaks < available.len() || available.is_empty();
            self.line += newlines(&available[..breaks]);
            self.input.consume(breaks);
            self.bytes_read += breaks as u64;
            if reached_content {
                break;
            }
        }
        let line = self.line;
        let (mut written, mut ended, mut oversized) = (0, 0, false);
        loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            let (result, read, wrote, ends) = self.core.read_record(
                available,
                &mut self.cells[written..],
                &mut self.ends[ended..],
            );
            self.line += newlines(&available[..read]);
            self.input.consume(read);
            self.bytes_read += read as u64;
            written += wrote;
            ended += ends;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull if oversized => {
                    // Too large to keep: read on to the record's end, keeping nothing.
                    (written, ended) = (0, 0);
                }
                ReadRecordResult::OutputFull if self.cells.len() >= MAX_ROW_BYTES => {
                    (written, ended, oversized) = (0, 0, true);
                }
                ReadRecordResult::OutputFull => self.cells.resize(self.cells.len() * 2, 0),
                ReadRecordResult::OutputEndsFull if self.ends.len() >= MAX_ROW_BYTES / 8 => {
                    (written, ended, oversized) = (0, 0, true);
                }
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    return Ok(Some(Record {
                        line,
                        cells: ended,
                        oversized,
                    }));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// The cells of the record just read.
    fn cell_slices(&self, record: &Record) -> Cells<'_> {
        if record.oversized {
            return Cells::Oversized;
        }
        let mut start = 0;
        Cells::Kept(
            self.ends[..record.cells]
                .iter()
                .map(|&end| {
                    let cell = &self.cells[start..end];
                    start = end;
                    cell
                })
                .collect(),
        )
    }
}

enum Cells<'a> {
    Kept(Vec<&'a [u8]>),
    Oversized,
}

impl Header {
    fn parse(cells: Cells<'_>) -> Result<Header, Vec<Msg>> {
        let Cells::Kept(cells) = cells else {
            let max = MAX_ROW_BYTES / 1024;
            return Err(vec![Msg::coded(
                "problem-import-header-large",
                vec![("max", max.to_string())],
            )]);
        };
        let mut problems = Vec::new();
        let mut names = Vec::with_capacity(cells.len());
        let mut first_column: HashMap<String, usize> = HashMap::new();
        for (index, cell) in cells.into_iter().enumerate() {
            let column = index + 1;
            let Ok(name) = std::str::from_utf8(cell) else {
                problems.push(Msg::coded(
                    "problem-import-header-utf8",
                    vec![("column", column.to_string())],
                ));
                names.push(String::new());
                continue;
            };
            let name = name.trim().to_owned();
            if name.is_empty() {
                problems.push(Msg::coded(
                    "problem-import-header-unnamed",
                    vec![("column", column.to_string())],
                ));
            } else if let Some(first) = first_column.get(&name) {
                problems.push(Msg::coded(
                    "problem-import-header-twice",
                    vec![
                        ("name", name.clone()),
                        ("first", first.to_string()),
                        ("column", column.to_string()),
                    ],
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
            problems.push(Msg::coded("problem-import-header-no-data", Vec::new()));
        }
        if problems.is_empty() {
            Ok(header)
        } else {
            Err(problems)
        }
    }

    fn row(&self, record: &Record, cells: Cells<'_>) -> Result<ImportRow, RowError> {
        let fail = |msg: Msg| RowError::new(record.line, msg);
        let Cells::Kept(cells) = cells else {
            return Err(RowError::too_large(record.line));
        };
        if cells.len() != self.names.len() {
            return Err(fail(Msg::coded(
                "problem-import-cells",
                vec![
                    ("expected", self.names.len().to_string()),
                    ("count", cells.len().to_string()),
                ],
            )));
        }
        let mut external_id = None;
        let mut known_answer = None;
        let mut data = Map::new();
        for (index, (cell, name)) in cells.into_iter().zip(&self.names).enumerate() {
            let cell = std::str::from_utf8(cell).map_err(|_| {
                fail(Msg::coded(
                    "problem-import-cell-utf8",
                    vec![("cell", (index + 1).to_string()), ("name", name.clone())],
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
                    // As in JSON rows, `null` means none (found by fuzzing, tests/fuzz).
                    known_answer =
                        Some(serde_json::from_str(answer).unwrap_or_else(|_| Value::from(answer)))
                            .filter(|answer| !answer.is_null());
                }
            } else {
                data.insert(name.clone(), Value::from(cell));
            }
        }
        check_data(&data).map_err(fail)?;
        Ok(ImportRow {
            line: record.line,
            external_id,
            data,
            known_answer,
        })
    }
}

/// A parser that has read a blank line (which it skips, as any line break before a
/// record). csv_core strips a byte-order mark itself on its first read, but only when
/// that read's buffer holds the whole mark: after the one `skip_bom` takes, a second
/// mark was stripped or kept depending on how the input was cut (found by fuzzing,
/// tests/fuzz). Primed, it strips none, and only the mark at the start is skipped.
fn primed_parser() -> Box<csv_core::Reader> {
    let mut core = Box::new(csv_core::Reader::new());
    let (mut output, mut ends) = ([0u8; 1], [0usize; 1]);
    let _ = core.read_record(b"\n", &mut output, &mut ends);
    core
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|byte| **byte == b'\n').count() as u64
}
