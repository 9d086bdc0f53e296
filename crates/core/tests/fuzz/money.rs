//! Money: amounts people type (`Money::parse`) and amounts written back (`format`,
//! `NumberStyle`). An independent model of exact decimal parsing says what each
//! plain amount must give.

use handprint_core::money::MoneyError;
use handprint_core::{Currency, Money, NumberStyle};
use proptest::prelude::*;

use crate::harness::fuzz;

/// A currency with 0 to 4 minor digits and a largest amount, small or the default.
fn currency() -> impl Strategy<Value = Currency> {
    (
        0u32..=4,
        prop_oneof![Just(None), (0i64..1_000_000).prop_map(Some)],
    )
        .prop_map(|(digits, max)| {
            let mut currency = Currency::new("XTS", digits);
            if let Some(max) = max {
                currency.max_amount = Money(max);
            }
            currency
        })
}

/// Text that looks like an amount, right or nearly: signs, many digits, leading
/// zeros, separators, exponents, non-ASCII digits, spaces.
fn amount_text() -> impl Strategy<Value = String> {
    let digits = prop_oneof![
        4 => "[0-9]{1,6}",
        2 => "[0-9]{7,40}",
        1 => "0{1,30}[0-9]{0,5}",
        1 => Just(String::new()),
    ];
    let fraction = prop_oneof![
        3 => Just(String::new()),
        4 => "\\.[0-9]{0,5}",
        1 => "\\.[0-9]{6,40}",
        1 => "\\.0{1,40}[1-9]?",
        1 => Just(".".to_string()),
    ];
    let junk = prop_oneof![
        8 => Just(String::new()),
        1 => "[eE][+-]?[0-9]{1,4}",
        1 => "[,_'\u{202f}\u{a0} ][0-9]{3}",
        1 => "[\u{660}-\u{669}\u{ff10}-\u{ff19}]{1,3}",
        1 => "[.+-]{1,2}",
        1 => ".{1,3}",
    ];
    let sign = prop_oneof![6 => Just(""), 2 => Just("-"), 1 => Just("+"), 1 => Just("\u{2212}")];
    let space = prop_oneof![6 => Just(""), 1 => Just(" "), 1 => Just("\t"), 1 => Just("\u{3000}")];
    (space.clone(), sign, digits, fraction, junk, space).prop_map(
        |(before, sign, digits, fraction, junk, after)| {
            format!("{before}{sign}{digits}{fraction}{junk}{after}")
        },
    )
}

/// What the model expects of a text.
#[derive(Debug, PartialEq)]
enum Expected {
    Amount(i64),
    NotDecimal,
    Negative,
    TooPrecise,
    TooLarge,
    /// Both too large and too precise: either answer is right.
    TooLargeOrPrecise,
}

/// Exact decimal parsing on digit strings, independent of `rust_decimal`.
fn model(text: &str, currency: &Currency) -> Expected {
    let trimmed = text.trim();
    let (negative, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let mut parts = unsigned.split('.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !plain(whole) || fraction.is_some_and(|f| !plain(f)) {
        return Expected::NotDecimal;
    }
    let fraction = fraction.unwrap_or("");
    if negative && trimmed.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        return Expected::Negative;
    }
    let digits = currency.minor_digits as usize;
    let (kept, beyond) = fraction.split_at(fraction.len().min(digits));
    let imprecise = beyond.bytes().any(|b| b != b'0');
    // The amount in minor units, as digits: whole, then the kept fraction padded.
    let minor_digits = format!("{whole}{kept:0<digits$}");
    let minor = minor_digits.trim_start_matches('0');
    let too_large = minor.len() > 18 || minor.parse::<i64>().unwrap_or(0) > currency.max_amount.0;
    match (too_large, imprecise) {
        (true, true) => Expected::TooLargeOrPrecise,
        (true, false) => Expected::TooLarge,
        (false, true) => Expected::TooPrecise,
        (false, false) => Expected::Amount(minor.parse::<i64>().unwrap_or(0)),
    }
}

fn agrees(expected: &Expected, got: &Result<Money, MoneyError>) -> bool {
    match (expected, got) {
        (Expected::Amount(minor), Ok(money)) => money.minor() == *minor,
        (Expected::NotDecimal, Err(MoneyError::NotDecimal(_)))
        | (Expected::Negative, Err(MoneyError::Negative(_)))
        | (Expected::TooPrecise, Err(MoneyError::TooPrecise { .. }))
        | (Expected::TooLarge, Err(MoneyError::TooLarge { .. }))
        | (
            Expected::TooLargeOrPrecise,
            Err(MoneyError::TooLarge { .. } | MoneyError::TooPrecise { .. }),
        ) => true,
        _ => false,
    }
}

#[test]
fn money_strings_parse_exactly_or_are_refused() {
    let text = prop_oneof![4 => amount_text(), 1 => ".{0,40}"];
    fuzz(
        "money_strings_parse_exactly_or_are_refused",
        file!(),
        (text, currency()),
        |(text, currency)| {
            let got = Money::parse(&text, &currency);
            let expected = model(&text, &currency);
            prop_assert!(
                agrees(&expected, &got),
                "{text:?} with {} digits, max {}: expected {expected:?}, got {got:?}",
                currency.minor_digits,
                currency.max_amount.0
            );
            match got {
                Ok(money) => {
                    prop_assert!((0..=currency.max_amount.0).contains(&money.minor()));
                    prop_assert_eq!(Money::parse(&money.format(&currency), &currency), Ok(money));
                }
                // Every refusal renders a coded message naming the value.
                Err(error) => {
                    let msg = error.msg();
                    prop_assert!(msg.code.is_some() && !msg.text.is_empty());
                    prop_assert!(msg.text.contains(text.trim()), "{msg:?} for {text:?}");
                }
            }
            Ok(())
        },
    );
}

#[test]
fn money_amounts_format_and_parse_back() {
    let style = (
        prop::sample::select(vec!['.', ',', '\u{66b}']),
        prop::option::of(prop::sample::select(vec!['\u{202f}', ' ', ',', '.', '\''])),
    )
        .prop_filter("a separator that is not the mark", |(mark, separator)| {
            *separator != Some(*mark)
        })
        .prop_map(|(decimal_mark, group_separator)| NumberStyle {
            decimal_mark,
            group_separator,
        });
    let minor = prop_oneof![0i64..1000, 0i64..=i64::MAX, any::<i64>()];
    fuzz(
        "money_amounts_format_and_parse_back",
        file!(),
        (minor, currency(), style, ".{0,8}"),
        |(minor, currency, style, tail)| {
            let money = Money(minor);
            let plain = money.format(&currency);
            // Written with exactly the currency's digits after the mark.
            let digits = plain.rsplit_once('.').map_or(0, |(_, f)| f.len());
            prop_assert_eq!(digits, currency.minor_digits as usize, "{}", plain);
            let within = (0..=currency.max_amount.0).contains(&minor);
            let parsed = Money::parse(&plain, &currency);
            if within {
                prop_assert_eq!(parsed, Ok(money));
            } else {
                prop_assert!(parsed.is_err(), "{plain} parsed as {parsed:?}");
            }
            // A page's form of it, with the separators taken out, is the plain form.
            let styled = style.money(money, &currency);
            let mut back: String = styled
                .chars()
                .filter(|c| Some(*c) != style.group_separator)
                .collect();
            if style.decimal_mark != '.' {
                back = back.replace(style.decimal_mark, ".");
            }
            prop_assert_eq!(&back, &plain, "styled {:?}", styled);
            // Any text goes through `decimal` without a panic, keeping its tail.
            let text = format!("{plain}{tail}");
            let styled = style.decimal(&text);
            if !tail.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
                prop_assert!(
                    styled.ends_with(&tail),
                    "{styled:?} lost the tail of {text:?}"
                );
            }
            style.decimal(&tail);
            Ok(())
        },
    );
}
