//! Money in integer minor units of the instance's currency; never floats.
//!
//! Amounts arrive as decimal strings ("0.25") and are parsed exactly: a value
//! with more fractional digits than the currency has is refused, not rounded.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::Msg;

/// An instance's currency: ISO 4217 code, number of fractional digits, and the largest
/// amount the instance accepts in one field ([`Money::parse`] refuses more).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    pub code: String,
    pub minor_digits: u32,
    /// The largest amount accepted in one field (a deposit, a reward, a bonus, a payout):
    /// [`Currency::DEFAULT_MAX_UNITS`] whole units unless configured (`max_amount`). It
    /// keeps every sum the ledger makes far from the 64-bit limit.
    pub max_amount: Money,
}

impl Default for Currency {
    fn default() -> Self {
        Self::new("USD", 2)
    }
}

impl Currency {
    /// The default largest amount, in whole units of the currency: 1,000,000,000.
    pub const DEFAULT_MAX_UNITS: i64 = 1_000_000_000;

    /// A currency with the default largest amount. `minor_digits` is at most 4.
    pub fn new(code: &str, minor_digits: u32) -> Currency {
        let scale = 10_i64.pow(minor_digits.min(4));
        Currency {
            code: code.to_string(),
            minor_digits,
            max_amount: Money(Self::DEFAULT_MAX_UNITS * scale),
        }
    }

    /// Known currencies and their minor digits; others must state theirs in configuration.
    pub fn from_code(code: &str) -> Option<Currency> {
        let digits = match code {
            "USD" | "EUR" | "GBP" | "INR" | "MGA" | "VES" | "KES" | "NGN" | "PHP" | "BRL"
            | "CAD" | "AUD" | "CHF" | "MXN" | "ZAR" | "PKR" | "BDT" | "EGP" | "MAD" | "XAF"
            | "XOF" => 2,
            "JPY" | "KRW" | "CLP" | "VND" | "UGX" | "RWF" => 0,
            _ => return None,
        };
        // MGA and XAF/XOF have no minor unit in practice but are quoted with two here
        // only when the operator wants it; the table keeps them at 2 for cents-level rewards.
        Some(Currency::new(code, digits))
    }

    fn scale(&self) -> i64 {
        10_i64.pow(self.minor_digits)
    }
}

/// An amount in minor units (cents for USD).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// An amount as stored (a BIGINT of minor units): how the store reads a money column.
impl From<i64> for Money {
    fn from(minor: i64) -> Money {
        Money(minor)
    }
}

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("\"{0}\" is not a decimal amount: write it like \"0.25\"")]
    NotDecimal(String),
    #[error("\"{value}\" has more than {digits} decimal places, the precision of {code}")]
    TooPrecise {
        value: String,
        digits: u32,
        code: String,
    },
    #[error("\"{0}\" must not be negative")]
    Negative(String),
    #[error("\"{value}\" is more than the largest amount accepted, {max} {code}")]
    TooLarge {
        value: String,
        max: String,
        code: String,
    },
}

impl MoneyError {
    /// The message for people: this error's English text with its catalogue code
    /// (`problem-money-…`) and named arguments.
    pub fn msg(&self) -> Msg {
        match self {
            MoneyError::NotDecimal(value) => {
                Msg::coded("problem-money-not-decimal", vec![("value", value.clone())])
            }
            MoneyError::TooPrecise {
                value,
                digits,
                code,
            } => Msg::coded(
                "problem-money-too-precise",
                vec![
                    ("value", value.clone()),
                    ("digits", digits.to_string()),
                    ("currency", code.clone()),
                ],
            ),
            MoneyError::Negative(value) => {
                Msg::coded("problem-money-negative", vec![("value", value.clone())])
            }
            MoneyError::TooLarge { value, max, code } => Msg::coded(
                "problem-money-too-large",
                vec![
                    ("value", value.clone()),
                    ("max", max.clone()),
                    ("currency", code.clone()),
                ],
            ),
        }
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// Parse a decimal string in the given currency, exactly.
    pub fn parse(text: &str, currency: &Currency) -> Result<Money, MoneyError> {
        let trimmed = text.trim();
        // Plain decimal notation only: "1e3" or "0x10" would surprise whoever reads the project.
        let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
        let plain = !digits.is_empty()
            && digits.split('.').count() <= 2
            && digits
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        if !plain {
            return Err(MoneyError::NotDecimal(trimmed.to_string()));
        }
        let too_large = || MoneyError::TooLarge {
            value: trimmed.to_string(),
            max: currency.max_amount.format(currency),
            code: currency.code.clone(),
        };
        if trimmed.starts_with('-') && trimmed.bytes().any(|b| matches!(b, b'1'..=b'9')) {
            return Err(MoneyError::Negative(trimmed.to_string()));
        }
        // Decimal rounds digits past its 28th decimal place, so "0.000…0001" would
        // become 0: look at the digits the currency cannot hold first (found by fuzzing).
        let beyond = digits
            .split_once('.')
            .and_then(|(_, fraction)| fraction.get(currency.minor_digits as usize..));
        if beyond.is_some_and(|beyond| beyond.bytes().any(|b| b != b'0')) {
            return Err(MoneyError::TooPrecise {
                value: trimmed.to_string(),
                digits: currency.minor_digits,
                code: currency.code.clone(),
            });
        }
        // Plain digits that a Decimal cannot hold (29 digits or more) are only too large.
        let value = Decimal::from_str(trimmed).map_err(|_| too_large())?;
        let scaled = value
            .checked_mul(Decimal::from(currency.scale()))
            .ok_or_else(too_large)?;
        if scaled.fract() != Decimal::ZERO {
            return Err(MoneyError::TooPrecise {
                value: trimmed.to_string(),
                digits: currency.minor_digits,
                code: currency.code.clone(),
            });
        }
        let minor = scaled.trunc().to_i64().ok_or_else(too_large)?;
        if minor > currency.max_amount.0 {
            return Err(too_large());
        }
        Ok(Money(minor))
    }

    /// The decimal text of this amount ("0.25").
    pub fn format(self, currency: &Currency) -> String {
        Decimal::new(self.0, currency.minor_digits).to_string()
    }

    pub fn minor(self) -> i64 {
        self.0
    }

    pub fn checked_mul(self, n: i64) -> Option<Money> {
        self.0.checked_mul(n).map(Money)
    }
}

/// How a language writes numbers on pages: its decimal mark and the separator between
/// groups of three digits (none in English, as the API writes amounts; a narrow no-break
/// space in French: "1\u{202f}234,50"). The API and the CSV files always write the plain
/// form ("1234.50"): this is for people, never for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    pub decimal_mark: char,
    pub group_separator: Option<char>,
}

impl NumberStyle {
    /// The API's form: "1234.50".
    pub const PLAIN: NumberStyle = NumberStyle {
        decimal_mark: '.',
        group_separator: None,
    };

    /// An amount in this style ("0,75" in French).
    pub fn money(self, amount: Money, currency: &Currency) -> String {
        self.decimal(&amount.format(currency))
    }

    /// Text that starts with a plain decimal number ("-1234.50", "0.75 USD", "12.5")
    /// with that number in this style; any other text is returned as it is.
    pub fn decimal(self, text: &str) -> String {
        let sign_len = text
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '+' | '\u{2212}'))
            .map_or(0, char::len_utf8);
        let (sign, rest) = text.split_at(sign_len);
        let whole_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if whole_len == 0 {
            return text.to_string();
        }
        let (whole, rest) = rest.split_at(whole_len);
        let fraction_len = rest
            .strip_prefix('.')
            .map(|f| f.bytes().take_while(u8::is_ascii_digit).count())
            .filter(|n| *n > 0)
            .map_or(0, |n| n + 1);
        let (fraction, tail) = rest.split_at(fraction_len);
        let mut out = String::with_capacity(text.len() + 4);
        out.push_str(sign);
        for (i, digit) in whole.chars().enumerate() {
            if i > 0
                && (whole_len - i) % 3 == 0
                && let Some(separator) = self.group_separator
            {
                out.push(separator);
            }
            out.push(digit);
        }
        if let Some(digits) = fraction.strip_prefix('.') {
            out.push(self.decimal_mark);
            out.push_str(digits);
        }
        out.push_str(tail);
        out
    }
}

/// The hourly pay implied by a reward per assignment and a time in seconds,
/// in minor units per hour, rounded down (never overstating pay).
pub fn hourly_rate(reward: Money, seconds: i64) -> Option<Money> {
    if seconds <= 0 {
        return None;
    }
    let per_hour = i128::from(reward.0) * 3600 / i128::from(seconds);
    i64::try_from(per_hour).ok().map(Money)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::default()
    }

    #[test]
    fn decimal_strings_become_exact_minor_units() {
        assert_eq!(Money::parse("0.25", &usd()), Ok(Money(25)));
        assert_eq!(Money::parse("12", &usd()), Ok(Money(1200)));
        assert_eq!(Money::parse(" 1.5 ", &usd()), Ok(Money(150)));
        assert_eq!(Money::parse("0.10", &usd()), Ok(Money(10)));
    }

    #[test]
    fn sub_cent_amounts_are_refused_not_rounded() {
        assert!(matches!(
            Money::parse("0.255", &usd()),
            Err(MoneyError::TooPrecise { .. })
        ));
        assert!(matches!(
            Money::parse("-1", &usd()),
            Err(MoneyError::Negative(_))
        ));
        assert!(matches!(
            Money::parse("abc", &usd()),
            Err(MoneyError::NotDecimal(_))
        ));
        assert!(matches!(
            Money::parse("1e3", &usd()),
            Err(MoneyError::NotDecimal(_))
        ));
    }

    /// Found by fuzzing (crates/core/tests/fuzz): past 28 decimal places the digits
    /// were rounded away, and these were accepted as 0.00 and 1.00.
    #[test]
    fn sub_cent_digits_past_the_28th_decimal_place_are_refused_too() {
        for tiny in [
            "0.00000000000000000000000000001",
            "1.0000000000000000000000000000000001",
        ] {
            assert_eq!(
                Money::parse(tiny, &usd()),
                Err(MoneyError::TooPrecise {
                    value: tiny.into(),
                    digits: 2,
                    code: "USD".into()
                }),
                "{tiny}"
            );
        }
        assert_eq!(
            Money::parse("1.500000000000000000000000000000000", &usd()),
            Ok(Money(150))
        );
    }

    #[test]
    fn amounts_over_the_instances_largest_are_refused_with_the_limit() {
        let max = Money::parse("1000000000.00", &usd()).expect("the largest itself");
        assert_eq!(max, Money(100_000_000_000));
        for huge in [
            "1000000000.01",
            "92233720368547758.07",
            "92233720368547758.08",
            "79228162514264337593543950335",
            "792281625142643375935439503350000",
        ] {
            assert_eq!(
                Money::parse(huge, &usd()),
                Err(MoneyError::TooLarge {
                    value: huge.into(),
                    max: "1000000000.00".into(),
                    code: "USD".into()
                }),
                "{huge}"
            );
        }
        let small = Currency {
            max_amount: Money(500),
            ..usd()
        };
        assert_eq!(Money::parse("5", &small), Ok(Money(500)));
        assert_eq!(
            Money::parse("5.01", &small).map_err(|e| e.to_string()),
            Err("\"5.01\" is more than the largest amount accepted, 5.00 USD".into())
        );
    }

    #[test]
    fn amounts_format_back_to_decimal_text() {
        assert_eq!(Money(25).format(&usd()), "0.25");
        assert_eq!(Money(1200).format(&usd()), "12.00");
        let yen = Currency::from_code("JPY").expect("known");
        assert_eq!(Money(300).format(&yen), "300");
    }

    #[test]
    fn amounts_are_written_in_the_pages_language() {
        let french = NumberStyle {
            decimal_mark: ',',
            group_separator: Some('\u{202f}'),
        };
        assert_eq!(french.money(Money(75), &usd()), "0,75");
        assert_eq!(french.money(Money(123_450), &usd()), "1\u{202f}234,50");
        assert_eq!(french.money(Money(-50_000), &usd()), "-500,00");
        assert_eq!(
            french.money(Money(123_456_789), &usd()),
            "1\u{202f}234\u{202f}567,89"
        );
        assert_eq!(french.decimal("0.75 USD"), "0,75 USD");
        assert_eq!(french.decimal("12.5"), "12,5");
        assert_eq!(french.decimal("100"), "100");
        assert_eq!(french.decimal("12. items"), "12. items");
        assert_eq!(french.decimal("no data yet"), "no data yet");
        assert_eq!(french.decimal(""), "");
        assert_eq!(NumberStyle::PLAIN.money(Money(123_450), &usd()), "1234.50");
        assert_eq!(NumberStyle::PLAIN.decimal("-0.05 USD"), "-0.05 USD");
        let yen = Currency::from_code("JPY").expect("known");
        assert_eq!(french.money(Money(12_300), &yen), "12\u{202f}300");
    }

    #[test]
    fn implied_hourly_pay_rounds_down() {
        assert_eq!(hourly_rate(Money(10), 30), Some(Money(1200)));
        assert_eq!(hourly_rate(Money(10), 7), Some(Money(5142)));
        assert_eq!(hourly_rate(Money(10), 0), None);
    }
}
