//! The import parsers: CSV tables written by a small CSV writer of our own (quotes,
//! BOMs, CRLF, blank lines, huge and non-ASCII cells, reserved columns) and read
//! back exactly; JSON elements read as serde_json reads them, in an array and in
//! JSON Lines alike; and mutations or arbitrary bytes, which must fail cleanly.
//!
//! Every input is also read through a reader that hands out a few bytes at a time:
//! a network body arrives in pieces, and the result must not depend on where they
//! are cut.

use std::io::{self, BufRead, Read};

use handprint_core::import::{
    ImportFormat, ImportReader, ImportRow, MAX_DATA_BYTES, MAX_EXTERNAL_ID_CHARS, MAX_ROW_BYTES,
    RowError,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

use crate::harness::fuzz;

/// A reader that returns its input in chunks of the given sizes, in turn.
struct Chunked<'a> {
    input: &'a [u8],
    sizes: &'a [usize],
    turn: usize,
}

impl BufRead for Chunked<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let size = self.sizes[self.turn % self.sizes.len()].max(1);
        Ok(&self.input[..size.min(self.input.len())])
    }

    fn consume(&mut self, amount: usize) {
        self.input = &self.input[amount..];
        if amount > 0 {
            self.turn += 1;
        }
    }
}

impl Read for Chunked<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let amount = available.len().min(buffer.len());
        buffer[..amount].copy_from_slice(&available[..amount]);
        self.consume(amount);
        Ok(amount)
    }
}

type Items = Vec<Result<ImportRow, RowError>>;

fn read(format: ImportFormat, input: &[u8]) -> Items {
    let mut reader = ImportReader::new(format, input);
    let items: Items = reader.by_ref().collect();
    assert!(
        reader.next().is_none(),
        "an ended import yields nothing more"
    );
    items
}

fn read_chunked(format: ImportFormat, input: &[u8], sizes: &[usize]) -> Items {
    let chunks = Chunked {
        input,
        sizes,
        turn: 0,
    };
    ImportReader::new(format, chunks).collect()
}

fn chunk_sizes() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(prop_oneof![1usize..4, 1usize..70, Just(8192)], 1..5)
}

/// What every import of any input must be: the same in chunks as whole, rows in
/// order of their lines, each line within the input, every refusal coded, every
/// row within the limits.
fn fails_cleanly(
    format: ImportFormat,
    input: &[u8],
    sizes: &[usize],
) -> Result<Items, TestCaseError> {
    let whole = read(format, input);
    let chunked = read_chunked(format, input, sizes);
    prop_assert_eq!(
        &whole,
        &chunked,
        "{:?} read whole and in chunks of {:?}",
        format,
        sizes
    );
    let last_line = input.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let mut previous = 1;
    for item in &whole {
        let line = match item {
            Ok(row) => {
                prop_assert!(!row.data.is_empty());
                prop_assert!(serde_json::to_vec(&row.data).unwrap().len() <= MAX_DATA_BYTES);
                if let Some(id) = &row.external_id {
                    let chars = id.chars().count();
                    prop_assert!((1..=MAX_EXTERNAL_ID_CHARS).contains(&chars), "{id:?}");
                    prop_assert_eq!(id.trim(), id);
                }
                prop_assert!(row.known_answer != Some(Value::Null));
                row.line
            }
            Err(error) => {
                prop_assert!(error.msg.code.is_some(), "uncoded {error:?}");
                prop_assert!(!error.message.is_empty());
                let prefix = format!("line {}: ", error.line);
                prop_assert!(error.to_string().starts_with(&prefix), "{error}");
                error.line
            }
        };
        prop_assert!(
            (previous..=last_line).contains(&line),
            "line {line} after {previous}, input has {last_line}"
        );
        previous = line;
    }
    prop_assert!(whole.len() <= input.len() + 1);
    Ok(whole)
}

/// (line, row or the code of its refusal): what a test expects of one item.
type Outcome = (
    u64,
    Result<(Option<String>, Map<String, Value>, Option<Value>), &'static str>,
);

fn outcomes(items: &Items) -> Vec<Outcome> {
    items
        .iter()
        .map(|item| match item {
            Ok(row) => (
                row.line,
                Ok((
                    row.external_id.clone(),
                    row.data.clone(),
                    row.known_answer.clone(),
                )),
            ),
            Err(error) => (error.line, Err(error.msg.code.unwrap_or("uncoded"))),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// CSV

/// A table to write as CSV.
#[derive(Debug, Clone)]
struct Table {
    /// Header names as written (spaces around them are trimmed on reading).
    names: Vec<String>,
    rows: Vec<Vec<String>>,
    bom: bool,
    crlf: bool,
    quote_all: bool,
    /// Blank lines before each row.
    blank: Vec<u8>,
    final_break: bool,
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        40 => "[a-z0-9 ]{0,8}",
        10 => ".{0,10}",
        10 => "[a-z\",\r\n =+@\t]{0,8}",
        6 => "[\u{feff}\u{202e}\u{0}\u{7f}\u{e9}\u{1f600}]{1,4}",
        1 => Just("x".repeat(70_000)),
        1 => prop_oneof![3 => Just(0usize), 1 => Just(1)].prop_map(|n| "y".repeat(60_000 + n * 1_100_000)),
    ]
}

fn id_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[ a-z0-9-]{0,8}",
        1 => Just("i".repeat(MAX_EXTERNAL_ID_CHARS)),
        1 => Just(format!(" {} ", "i".repeat(MAX_EXTERNAL_ID_CHARS + 1))),
        1 => ".{1,4}",
    ]
}

fn known_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("5".to_string()),
        Just(" [\"a\",\"b\"] ".to_string()),
        Just("pos".to_string()),
        Just("{bad".to_string()),
        Just("null".to_string()),
        Just("\"quoted\"".to_string()),
        ".{0,5}",
    ]
}

fn table() -> impl Strategy<Value = Table> {
    let names = (
        prop::collection::btree_set("[a-z][a-z0-9_]{0,5}|[\u{e9}\u{65e5}][a-z]{0,2}", 1..6),
        prop::option::of(any::<prop::sample::Index>()),
        prop::option::of(any::<prop::sample::Index>()),
        any::<bool>(),
    )
        .prop_map(|(names, id_at, known_at, padded)| {
            let mut names: Vec<String> = names.into_iter().collect();
            if let Some(at) = id_at {
                names.insert(at.index(names.len() + 1), "external_id".into());
            }
            if let Some(at) = known_at {
                names.insert(at.index(names.len() + 1), "known_answer".into());
            }
            if padded {
                names[0] = format!(" {} ", names[0]);
            }
            names
        });
    names.prop_flat_map(|names| {
        let width = names.len();
        let kinds: Vec<&'static str> = names
            .iter()
            .map(|name| match name.as_str() {
                "external_id" => "id",
                "known_answer" => "known",
                _ => "data",
            })
            .collect();
        let row = (
            kinds
                .iter()
                .map(|kind| match *kind {
                    "id" => id_cell().boxed(),
                    "known" => known_cell().boxed(),
                    _ => cell().boxed(),
                })
                .collect::<Vec<_>>(),
            prop_oneof![12 => Just(0i8), 1 => Just(-1i8), 1 => Just(1i8)],
        )
            .prop_map(move |(mut cells, change)| {
                match change {
                    -1 if width > 1 => drop(cells.pop()),
                    1 => cells.push("extra".into()),
                    _ => {}
                }
                cells
            });
        (
            Just(names),
            prop::collection::vec(row, 0..8),
            any::<(bool, bool, bool, bool)>(),
            prop::collection::vec(prop_oneof![6 => Just(0u8), 1 => 1u8..3], 8),
        )
            .prop_map(
                |(names, rows, (bom, crlf, quote_all, final_break), blank)| Table {
                    names,
                    rows,
                    bom,
                    crlf,
                    quote_all,
                    blank,
                    final_break,
                },
            )
    })
}

fn write_record(out: &mut Vec<u8>, cells: &[String], quote_all: bool) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let quote = quote_all
            || cell.contains(['"', ',', '\r', '\n'])
            || (cells.len() == 1 && cell.is_empty());
        if quote {
            out.push(b'"');
            out.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
}

/// The file, and the line each row starts on.
fn write_csv(table: &Table) -> (Vec<u8>, Vec<u64>) {
    let newline: &[u8] = if table.crlf { b"\r\n" } else { b"\n" };
    let mut out = Vec::new();
    if table.bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    write_record(&mut out, &table.names, table.quote_all);
    let mut lines = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        out.extend_from_slice(newline);
        for _ in 0..table.blank[i % table.blank.len()] {
            out.extend_from_slice(newline);
        }
        lines.push(out.iter().filter(|b| **b == b'\n').count() as u64 + 1);
        write_record(&mut out, row, table.quote_all);
    }
    if table.final_break {
        out.extend_from_slice(newline);
    }
    (out, lines)
}

/// What reading a row of `table` must give, by the rules of the module documentation.
fn expected_row(table: &Table, line: u64, cells: &[String]) -> Outcome {
    let refused = |code| (line, Err(code));
    if cells.iter().map(String::len).sum::<usize>() > MAX_ROW_BYTES {
        return refused("problem-import-row-large");
    }
    if cells.len() != table.names.len() {
        return refused("problem-import-cells");
    }
    let (mut id, mut known, mut data) = (None, None, Map::new());
    for (name, cell) in table.names.iter().map(|n| n.trim()).zip(cells) {
        let trimmed = cell.trim();
        match name {
            "external_id" if trimmed.chars().count() > MAX_EXTERNAL_ID_CHARS => {
                return refused("problem-import-id-long");
            }
            "external_id" => id = Some(trimmed.to_owned()).filter(|id| !id.is_empty()),
            "known_answer" if trimmed.is_empty() => {}
            "known_answer" => {
                known =
                    Some(serde_json::from_str(trimmed).unwrap_or_else(|_| Value::from(trimmed)))
                        .filter(|known| !known.is_null());
            }
            _ => {
                data.insert(name.to_owned(), Value::from(cell.as_str()));
            }
        }
    }
    if serde_json::to_vec(&data).unwrap().len() > MAX_DATA_BYTES {
        return refused("problem-import-data-large");
    }
    (line, Ok((id, data, known)))
}

#[test]
fn csv_tables_read_back_as_written() {
    fuzz(
        "csv_tables_read_back_as_written",
        file!(),
        (table(), chunk_sizes()),
        |(table, sizes)| {
            let (input, lines) = write_csv(&table);
            let items = fails_cleanly(ImportFormat::Csv, &input, &sizes)?;
            let expected: Vec<Outcome> = table
                .rows
                .iter()
                .zip(lines)
                .map(|(cells, line)| expected_row(&table, line, cells))
                .collect();
            prop_assert_eq!(outcomes(&items), expected);
            Ok(())
        },
    );
}

/// Small changes that break a file: bytes that mean something to a parser put in,
/// a piece taken out or doubled, the end cut off.
fn mutate(mut input: Vec<u8>, edits: &[(u8, prop::sample::Index, u8)]) -> Vec<u8> {
    const SPECIAL: &[u8] = b"\"\r\n,{}[]:\\\x00\xEF\xBB\xBF\xFF\xC3 ";
    for (kind, at, byte) in edits {
        let at = at.index(input.len() + 1);
        match kind % 5 {
            0 => input.insert(at, SPECIAL[*byte as usize % SPECIAL.len()]),
            1 => input.insert(at, *byte),
            2 => {
                let end = (at + usize::from(*byte % 16)).min(input.len());
                input.drain(at..end);
            }
            3 => {
                let end = (at + usize::from(*byte % 16)).min(input.len());
                let piece = input[at..end].to_vec();
                input.splice(at..at, piece);
            }
            _ => input.truncate(at),
        }
    }
    input
}

fn edits() -> impl Strategy<Value = Vec<(u8, prop::sample::Index, u8)>> {
    prop::collection::vec(any::<(u8, prop::sample::Index, u8)>(), 1..6)
}

#[test]
fn csv_mutations_fail_cleanly() {
    fuzz(
        "csv_mutations_fail_cleanly",
        file!(),
        (table(), edits(), chunk_sizes()),
        |(table, edits, sizes)| {
            let input = mutate(write_csv(&table).0, &edits);
            fails_cleanly(ImportFormat::Csv, &input, &sizes)?;
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------
// JSON arrays and JSON Lines

/// A JSON string literal: escapes right and wrong, surrogates paired and alone,
/// raw control characters, non-ASCII; now and then one too large for a row.
fn string_literal() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => "[a-z0-9 ,:{}\\[\\]]{0,6}",
        2 => "[\u{e9}\u{65e5}\u{1f600}\u{202e}]{1,3}",
        1 => Just("\\n".to_string()),
        1 => Just("\\\"".to_string()),
        1 => Just("\\\\".to_string()),
        1 => Just("\\u00e9".to_string()),
        1 => Just("\\ud83d\\ude00".to_string()),
        1 => Just("\\ud800".to_string()),
        1 => Just("\\x".to_string()),
        1 => Just("\u{1}".to_string()),
        1 => Just("\t".to_string()),
    ];
    prop_oneof![
        200 => prop::collection::vec(piece, 0..4).prop_map(|p| format!("\"{}\"", p.concat())),
        1 => Just(format!("\"{}\"", "z".repeat(70_000))),
        1 => Just(format!("\"{}\"", "z".repeat(MAX_ROW_BYTES + 10))),
    ]
}

fn number_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "-?(0|[1-9][0-9]{0,5})(\\.[0-9]{1,3})?",
        2 => "-?[1-9][0-9]{18,40}",
        2 => "-?[1-9](\\.[0-9]{1,20})?[eE][+-]?[0-9]{1,4}",
        1 => "-?0[0-9]{1,3}",
        1 => Just("1.".to_string()),
        1 => Just("-".to_string()),
    ]
}

/// A space JSON allows, never a line break (JSON Lines is one line per row).
fn gap() -> impl Strategy<Value = &'static str> {
    prop_oneof![6 => Just(""), 2 => Just(" "), 1 => Just("\t"), 1 => Just("\r")]
}

fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        1 => Just("null".to_string()),
        1 => Just("true".to_string()),
        1 => Just("false".to_string()),
        3 => number_literal(),
        4 => string_literal(),
        1 => (1usize..400).prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth))),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        let key = prop_oneof![
            4 => "[a-z]{1,3}".prop_map(|k| format!("\"{k}\"")),
            1 => string_literal(),
        ];
        prop_oneof![
            (
                prop::collection::vec(inner.clone(), 0..4),
                gap(),
                any::<bool>()
            )
                .prop_map(|(items, gap, trailing)| {
                    let comma = if trailing && !items.is_empty() {
                        ","
                    } else {
                        ""
                    };
                    format!("[{gap}{}{comma}]", items.join(&format!(",{gap}")))
                }),
            (prop::collection::vec((key, inner), 0..4), gap(), 0u8..20).prop_map(
                |(entries, gap, flaw)| {
                    let colon = if flaw == 0 { " " } else { ":" };
                    let entries: Vec<String> = entries
                        .into_iter()
                        .map(|(k, v)| format!("{k}{gap}{colon}{gap}{v}"))
                        .collect();
                    format!("{{{gap}{}}}", entries.join(","))
                }
            ),
        ]
    })
}

/// One element of an import: mostly a row object using the reserved keys.
fn element() -> impl Strategy<Value = String> {
    let reserved = prop_oneof![
        Just("external_id"),
        Just("known_answer"),
        Just("data"),
        Just("text"),
        Just("k"),
    ];
    let id = prop_oneof![
        4 => "\"[ a-z0-9]{0,6}\"",
        1 => "-?[0-9]{1,22}",
        1 => Just("null".to_string()),
        1 => Just("1.5".to_string()),
        1 => Just(format!("\"{}\"", "i".repeat(MAX_EXTERNAL_ID_CHARS + 1))),
    ];
    let entry = (reserved, prop_oneof![3 => json_text(), 1 => id]);
    prop_oneof![
        8 => (prop::collection::vec(entry, 0..5), gap()).prop_map(|(entries, gap)| {
            let entries: Vec<String> =
                entries.into_iter().map(|(k, v)| format!("\"{k}\":{gap}{v}")).collect();
            format!("{{{}}}", entries.join(&format!(",{gap}")))
        }),
        2 => json_text(),
    ]
}

#[derive(Debug, Clone)]
struct Elements {
    texts: Vec<String>,
    bom: bool,
    crlf: bool,
    trailing_comma: bool,
}

fn elements() -> impl Strategy<Value = Elements> {
    (
        prop::collection::vec(element(), 0..6),
        any::<(bool, bool, bool)>(),
    )
        .prop_map(|(texts, (bom, crlf, trailing_comma))| Elements {
            texts,
            bom,
            crlf,
            trailing_comma,
        })
}

/// The elements as a JSON array, one per line after the '[' line.
fn write_array(elements: &Elements) -> Vec<u8> {
    let newline = if elements.crlf { "\r\n" } else { "\n" };
    let bom = if elements.bom { "\u{feff}" } else { "" };
    let comma = if elements.trailing_comma && !elements.texts.is_empty() {
        ","
    } else {
        ""
    };
    let body = elements.texts.join(&format!(",{newline}"));
    format!("{bom}[{newline}{body}{comma}{newline}]{newline}").into_bytes()
}

fn write_lines(elements: &Elements) -> Vec<u8> {
    let newline = if elements.crlf { "\r\n" } else { "\n" };
    let bom = if elements.bom { "\u{feff}" } else { "" };
    let lines: String = elements
        .texts
        .iter()
        .map(|t| format!("{t}{newline}"))
        .collect();
    format!("{bom}{lines}").into_bytes()
}

/// A row too large is refused in both, named for what each format cuts at.
fn same_outcome(array: &Outcome, line: &Outcome) -> bool {
    const TOO_LARGE: [&str; 2] = ["problem-import-row-large", "problem-import-line-long"];
    array.0 == line.0 + 1
        && (array.1 == line.1
            || matches!((&array.1, &line.1), (Err(a), Err(b)) if TOO_LARGE.contains(a) && TOO_LARGE.contains(b)))
}

#[test]
fn json_elements_read_as_serde_json_reads_them() {
    fuzz(
        "json_elements_read_as_serde_json_reads_them",
        file!(),
        (elements(), chunk_sizes()),
        |(elements, sizes)| {
            let array = outcomes(&fails_cleanly(
                ImportFormat::Json,
                &write_array(&elements),
                &sizes,
            )?);
            let lines = outcomes(&fails_cleanly(
                ImportFormat::Jsonl,
                &write_lines(&elements),
                &sizes,
            )?);
            prop_assert_eq!(array.len(), elements.texts.len());
            prop_assert_eq!(lines.len(), elements.texts.len());
            for ((text, array), line) in elements.texts.iter().zip(&array).zip(&lines) {
                prop_assert!(
                    same_outcome(array, line),
                    "{text:?}: {array:?} in an array, {line:?} in JSON Lines"
                );
                if text.len() > MAX_ROW_BYTES {
                    continue;
                }
                match serde_json::from_str::<Value>(text) {
                    Err(_) => prop_assert_eq!(&line.1, &Err("problem-import-json"), "{:?}", text),
                    Ok(Value::Object(_)) => {}
                    Ok(_) => prop_assert_eq!(
                        &line.1,
                        &Err("problem-import-row-not-object"),
                        "{:?}",
                        text
                    ),
                }
            }
            Ok(())
        },
    );
}

#[test]
fn json_mutations_fail_cleanly() {
    fuzz(
        "json_mutations_fail_cleanly",
        file!(),
        (elements(), any::<bool>(), edits(), chunk_sizes()),
        |(elements, as_array, edits, sizes)| {
            let written = if as_array {
                write_array(&elements)
            } else {
                write_lines(&elements)
            };
            let input = mutate(written, &edits);
            fails_cleanly(ImportFormat::Json, &input, &sizes)?;
            fails_cleanly(ImportFormat::Jsonl, &input, &sizes)?;
            Ok(())
        },
    );
}

#[test]
fn arbitrary_bytes_fail_cleanly() {
    let bytes = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..3000),
        prop::collection::vec(
            prop::sample::select(b"[]{}\",:\\\r\n ab01\xEF\xBB\xBF".to_vec()),
            0..3000
        ),
    ];
    let content_type = prop::option::of(prop_oneof![
        Just("application/json; charset=utf-8".to_string()),
        Just("TEXT/CSV".to_string()),
        Just("application/x-ndjson".to_string()),
        ".{0,20}",
    ]);
    let file_name = prop::option::of(prop_oneof![
        Just("items.JSONL".to_string()),
        Just("items.csv".to_string()),
        ".{0,12}",
    ]);
    fuzz(
        "arbitrary_bytes_fail_cleanly",
        file!(),
        (bytes, content_type, file_name, chunk_sizes()),
        |(input, content_type, file_name, sizes)| {
            let detected =
                ImportFormat::detect(content_type.as_deref(), file_name.as_deref(), &input);
            prop_assert!(
                ImportFormat::detect(None, None, &input) != ImportFormat::Csv
                    || !input.trim_ascii_start().starts_with(b"[")
            );
            for format in [ImportFormat::Csv, ImportFormat::Json, ImportFormat::Jsonl] {
                let items = fails_cleanly(format, &input, &sizes)?;
                if format == detected {
                    prop_assert!(items.len() <= input.len() + 1);
                }
            }
            Ok(())
        },
    );
}
