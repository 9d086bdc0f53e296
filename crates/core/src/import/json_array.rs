//! A JSON array of rows, read one element at a time. A small byte scanner
//! follows strings, escapes and bracket depth just enough to cut out each
//! top-level element; serde_json then parses the element alone. So the file
//! is never held whole, and a broken element costs only itself.

use crate::Msg;
use std::io::{self, BufRead};

use super::{ImportRow, MAX_ROW_BYTES, RowError, UTF8_BOM, json_message, row};

pub(super) struct JsonArrayRows<R> {
    reader: R,
    state: State,
    /// Where the next byte sits.
    at: Position,
    bytes_read: u64,
    element: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening '['.
    Start,
    /// Inside the array; `comma_due` when an element was just read.
    Between {
        comma_due: bool,
    },
    Done,
}

/// A 1-based line and byte column.
#[derive(Clone, Copy)]
struct Position {
    line: u64,
    column: u64,
}

impl Position {
    fn advance(&mut self, byte: u8) {
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
    }
}

/// How far an element's bytes were taken in.
enum Capture {
    /// The element ended; `kept` is false when it was too large to keep.
    Ended {
        kept: bool,
    },
    EndOfFile,
}

impl<R: BufRead> JsonArrayRows<R> {
    pub(super) fn new(reader: R) -> Self {
        JsonArrayRows {
            reader,
            state: State::Start,
            at: Position { line: 1, column: 1 },
            bytes_read: 0,
            element: Vec::new(),
        }
    }

    pub(super) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    pub(super) fn next(&mut self) -> Option<Result<ImportRow, RowError>> {
        loop {
            let next_byte = match self.state {
                State::Done => return None,
                State::Start => self.skip_whitespace(true),
                State::Between { .. } => self.skip_whitespace(false),
            };
            let next_byte = match next_byte {
                Ok(next_byte) => next_byte,
                Err(error) => return Some(self.stop_reading(&error)),
            };
            let line = self.at.line;
            match (self.state, next_byte) {
                (State::Done, _) => return None,
                (State::Start, None) => {
                    return Some(self.stop(RowError::new(
                        line,
                        Msg::coded("problem-import-array-empty", Vec::new()),
                    )));
                }
                (State::Start, Some(b'[')) => {
                    self.take(b'[');
                    self.state = State::Between { comma_due: false };
                }
                (State::Start, Some(other)) => {
                    return Some(self.stop(RowError::new(
                        line,
                        Msg::coded("problem-import-array-start", vec![("found", show(other))]),
                    )));
                }
                (State::Between { .. }, None) => {
                    return Some(self.stop(RowError::new(line, not_closed())));
                }
                (State::Between { .. }, Some(b']')) => {
                    self.take(b']');
                    return self.after_array().err().map(|error| self.stop(error));
                }
                (State::Between { comma_due }, Some(b',')) => {
                    self.take(b',');
                    self.state = State::Between { comma_due: false };
                    if !comma_due {
                        return Some(Err(RowError::new(
                            line,
                            Msg::coded("problem-import-array-comma", Vec::new()),
                        )));
                    }
                }
                (State::Between { comma_due }, Some(_)) => return Some(self.element(comma_due)),
            }
        }
    }

    /// Reads one element, starting at the current byte.
    fn element(&mut self, comma_due: bool) -> Result<ImportRow, RowError> {
        let start = self.at;
        let kept = match self.capture() {
            Ok(Capture::Ended { kept }) => kept,
            Ok(Capture::EndOfFile) => {
                return self.stop(RowError::new(start.line, not_closed()));
            }
            Err(error) => return self.stop_reading(&error),
        };
        self.state = State::Between { comma_due: true };
        if comma_due {
            return Err(RowError::new(
                start.line,
                Msg::coded("problem-import-array-missing-comma", Vec::new()),
            ));
        }
        if !kept {
            return Err(RowError::too_large(start.line));
        }
        match serde_json::from_slice(&self.element) {
            Ok(value) => row::from_json(start.line, value),
            Err(error) => {
                // serde counts from the element's first byte; report file positions.
                let (error_line, error_column) =
                    (error.line().max(1) as u64, error.column().max(1) as u64);
                let line = start.line + error_line - 1;
                let column = match error_line {
                    1 => start.column + error_column - 1,
                    _ => error_column,
                };
                Err(RowError::invalid_json(
                    start.line,
                    json_message(&error),
                    format!("line {line} column {column}"),
                ))
            }
        }
    }

    /// Takes in the bytes of one element: up to a ',' or ']' at depth 0, or
    /// through the bracket that closes an object or array element.
    fn capture(&mut self) -> io::Result<Capture> {
        self.element.clear();
        let mut kept = true;
        let (mut in_string, mut escaped, mut depth) = (false, false, 0u64);
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if chunk.is_empty() {
                return Ok(Capture::EndOfFile);
            }
            let mut used = 0;
            let mut ended = false;
            for &byte in chunk {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if byte == b'\\' {
                        escaped = true;
                    } else if byte == b'"' {
                        in_string = false;
                    }
                } else {
                    match byte {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b',' | b']' if depth == 0 => {
                            ended = true;
                            break;
                        }
                        b'}' | b']' if depth > 0 => {
                            depth -= 1;
                            ended = depth == 0;
                        }
                        _ => {}
                    }
                }
                used += 1;
                self.at.advance(byte);
                if ended {
                    break;
                }
            }
            if kept && self.element.len() + used <= MAX_ROW_BYTES {
                self.element.extend_from_slice(&chunk[..used]);
            } else {
                kept = false;
                self.element.clear();
            }
            self.reader.consume(used);
            self.bytes_read += used as u64;
            if ended {
                return Ok(Capture::Ended { kept });
            }
        }
    }

    /// Checks that only whitespace follows the closing ']'.
    fn after_array(&mut self) -> Result<(), RowError> {
        self.state = State::Done;
        match self.skip_whitespace(false) {
            Ok(None) => Ok(()),
            Ok(Some(byte)) => Err(RowError::new(
                self.at.line,
                Msg::coded("problem-import-array-after", vec![("found", show(byte))]),
            )),
            Err(error) => Err(RowError::reading_failed(self.at.line, &error)),
        }
    }

    /// Skips whitespace (and a byte-order mark at the very start); returns the
    /// next byte without taking it, or None at the end of the input.
    fn skip_whitespace(&mut self, at_start: bool) -> io::Result<Option<u8>> {
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if at_start && self.bytes_read == 0 && chunk.starts_with(UTF8_BOM) {
                self.reader.consume(UTF8_BOM.len());
                self.bytes_read += UTF8_BOM.len() as u64;
                continue;
            }
            let Some(&byte) = chunk.first() else {
                return Ok(None);
            };
            if !byte.is_ascii_whitespace() {
                return Ok(Some(byte));
            }
            self.take(byte);
        }
    }

    /// Takes the byte just peeked at.
    fn take(&mut self, byte: u8) {
        self.reader.consume(1);
        self.bytes_read += 1;
        self.at.advance(byte);
    }

    fn stop<T>(&mut self, error: RowError) -> Result<T, RowError> {
        self.state = State::Done;
        Err(error)
    }

    fn stop_reading<T>(&mut self, error: &io::Error) -> Result<T, RowError> {
        let line = self.at.line;
        self.stop(RowError::reading_failed(line, error))
    }
}

/// A byte as it should appear in a message.
fn show(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("'{}'", char::from(byte))
    } else {
        format!("byte 0x{byte:02X}")
    }
}

fn not_closed() -> Msg {
    Msg::coded("problem-import-array-open", Vec::new())
}
