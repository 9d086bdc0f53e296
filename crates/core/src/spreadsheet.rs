//! Cells of the CSV files the product writes, made safe to open in a spreadsheet.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
//! formula by Excel, LibreOffice and Google Sheets ("CSV injection"); a payout
//! destination, a bonus message or a text answer could run one on an operator's or a
//! requester's machine. Following OWASP's rule, such a cell is written with a leading
//! `'`, which spreadsheets show as text. A cell that is a plain decimal number (`-1.50`,
//! an amount or a count) is left as it is: a spreadsheet reads it as a number, and it
//! cannot hold a formula.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as it is when safe, else with a leading `'`.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if FORMULA_START.contains(&c) && !is_plain_number(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// Every cell of a record through [`safe_cell`], ready for `csv::Writer::write_record`.
pub fn safe_record<'a, I>(cells: I) -> impl Iterator<Item = SafeCell<'a>>
where
    I: IntoIterator<Item = &'a str>,
{
    cells.into_iter().map(|c| SafeCell(safe_cell(c)))
}

/// One cell made safe (see [`safe_cell`]), as bytes for the CSV writer.
pub struct SafeCell<'a>(Cow<'a, str>);

impl AsRef<[u8]> for SafeCell<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// `-12`, `-1.50`: an optional minus, digits, and optionally a point and digits.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{safe_cell, safe_record};

    #[test]
    fn formula_starts_are_quoted_and_numbers_and_text_are_kept() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://evil.example\")",
                "'=HYPERLINK(\"http://evil.example\")",
            ),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("-1.", "'-1."),
            ("-1e3", "'-1e3"),
            ("-1.50", "-1.50"),
            ("-12", "-12"),
            ("1.50", "1.50"),
            ("positive", "positive"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(safe_cell(cell), written, "{cell:?}");
        }
        let row: Vec<Vec<u8>> = safe_record(["=1", "ok"])
            .map(|c| c.as_ref().to_vec())
            .collect();
        assert_eq!(row, vec![b"'=1".to_vec(), b"ok".to_vec()]);
    }
}
