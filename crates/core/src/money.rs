//! Money in integer minor units of the instance's currency; never floats.
//!
//! Amounts arrive as decimal strings ("0.25") and are parsed exactly: a value
//! with more fractional digits than the currency has is refused, not rounded.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::Msg;

/// An instance's currency: ISO 4217 code and number of fractional digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    pub code: String,
    pub minor_digits: u32,
}

impl Default for Currency {
    fn default() -> Self {
        Self {
            code: "USD".into(),
            minor_digits: 2,
        }
    }
}

impl Currency {
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
        Some(Currency {
            code: code.to_string(),
            minor_digits: digits,
        })
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
    #[error("\"{0}\" is too large")]
    TooLarge(String),
}

impl MoneyError {
    /// The message for people: this error's English text with its catalogue code
    /// (`problem-money-…`) and named arguments.
    pub fn msg(&self) -> Msg {
        let text = self.to_string();
        match self {
            MoneyError::NotDecimal(value) => Msg::coded(
                "problem-money-not-decimal",
                vec![("value", value.clone())],
                text,
            ),
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
                text,
            ),
            MoneyError::Negative(value) => Msg::coded(
                "problem-money-negative",
                vec![("value", value.clone())],
                text,
            ),
            MoneyError::TooLarge(value) => Msg::coded(
                "problem-money-too-large",
                vec![("value", value.clone())],
                text,
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
        let value =
            Decimal::from_str(trimmed).map_err(|_| MoneyError::NotDecimal(trimmed.to_string()))?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(MoneyError::Negative(trimmed.to_string()));
        }
        let scaled = value * Decimal::from(currency.scale());
        if scaled.fract() != Decimal::ZERO {
            return Err(MoneyError::TooPrecise {
                value: trimmed.to_string(),
                digits: currency.minor_digits,
                code: currency.code.clone(),
            });
        }
        let minor = scaled
            .trunc()
            .to_i64()
            .ok_or_else(|| MoneyError::TooLarge(trimmed.to_string()))?;
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

    #[test]
    fn amounts_format_back_to_decimal_text() {
        assert_eq!(Money(25).format(&usd()), "0.25");
        assert_eq!(Money(1200).format(&usd()), "12.00");
        let yen = Currency::from_code("JPY").expect("known");
        assert_eq!(Money(300).format(&yen), "300");
    }

    #[test]
    fn implied_hourly_pay_rounds_down() {
        assert_eq!(hourly_rate(Money(10), 30), Some(Money(1200)));
        assert_eq!(hourly_rate(Money(10), 7), Some(Money(5142)));
        assert_eq!(hourly_rate(Money(10), 0), None);
    }
}
