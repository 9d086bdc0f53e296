//! A message for people: a stable code and named arguments, so the pages can show
//! it in the reader's language, and the English text the API shows. The code is a
//! message id of the Fluent catalogues in crates/core/locales; the English text is
//! rendered once, from the English catalogue compiled into this crate.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;
use std::fmt;
use std::sync::LazyLock;

/// The English catalogue, the one source of every coded message's English.
pub const ENGLISH_CATALOGUE: &str = include_str!("../locales/en/main.ftl");

/// The names under which messages carry counts the catalogues select plurals on.
pub const COUNT_ARGS: &[&str] = &["answers", "count", "created", "next", "skipped", "stored"];

static ENGLISH: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| {
    // The catalogue is part of this crate, so a syntax error in it is a build
    // mistake that the tests of every message catch, not a user's input.
    let resource = FluentResource::try_new(ENGLISH_CATALOGUE.to_owned())
        .unwrap_or_else(|(partial, _)| partial);
    let en = "en".parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![en]);
    // No Unicode isolation marks around arguments: the API's text is plain.
    bundle.set_use_isolating(false);
    // Errors are for entries defined twice; the first one stays, as in the pages.
    let _ = bundle.add_resource(resource);
    bundle
});

/// A message argument as the catalogues take it: a count (by its name, when it is
/// a whole number) as a number, so plural selectors apply; anything else as text.
pub fn fluent_arg(name: &str, value: String) -> FluentValue<'static> {
    match value.parse::<i64>() {
        Ok(n) if COUNT_ARGS.contains(&name) => FluentValue::from(n),
        _ => FluentValue::from(value),
    }
}

/// The English catalogue's entry `code` with its named `args`, as the API shows it:
/// the entry's `.api` attribute where the API's wording differs from the pages'
/// (the API keeps the words clients read today), else the entry itself. None when
/// the catalogue has no such entry.
pub fn english(code: &str, args: &[(&'static str, String)]) -> Option<String> {
    english_worded(code, "api", args)
}

/// The English of a coded message: [`english`], else (a code the catalogue lacks,
/// which the catalogue tests forbid) the code itself.
pub fn english_or_code(code: &'static str, args: &[(&'static str, String)]) -> String {
    english(code, args).unwrap_or_else(|| code.to_owned())
}

/// As [`english`], with the attribute `wording` of the entry in place of `.api`.
fn english_worded(code: &str, wording: &str, args: &[(&'static str, String)]) -> Option<String> {
    let message = ENGLISH.get_message(code)?;
    let pattern = match message.get_attribute(wording) {
        Some(attribute) => attribute.value(),
        None => message.value()?,
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, fluent_arg(name, value.clone()));
    }
    // Errors are arguments an entry names and the message lacks; the catalogue
    // tests check every code's arguments, and Fluent writes the name in their place.
    let mut errors = Vec::new();
    let text = ENGLISH.format_pattern(pattern, Some(&fluent_args), &mut errors);
    Some(text.into_owned())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Msg {
    /// The English text, as the API shows it.
    pub text: String,
    /// The catalogue id that translates it; None for text that has no translation
    /// (a third-party library's own words, passed through).
    #[serde(skip)]
    pub code: Option<&'static str>,
    /// The named values the coded message needs.
    #[serde(skip)]
    pub args: Vec<(&'static str, String)>,
}

impl Msg {
    /// A translatable message: its catalogue `code` and the `args` it names; its
    /// English text is the English catalogue's entry (see [`english`]).
    pub fn coded(code: &'static str, args: Vec<(&'static str, String)>) -> Msg {
        Msg::coded_worded(code, "api", args)
    }

    /// A translatable message whose English is the attribute `wording` of its
    /// catalogue entry (one code with two API wordings, such as a shortfall in
    /// minor units beside one in money); the pages show the entry itself.
    pub fn coded_worded(
        code: &'static str,
        wording: &str,
        args: Vec<(&'static str, String)>,
    ) -> Msg {
        Msg {
            text: english_worded(code, wording, &args).unwrap_or_else(|| code.to_owned()),
            code: Some(code),
            args,
        }
    }

    /// A coded message whose English is data, not code: a ledger memo read back
    /// from the database keeps the text it was stored with.
    pub fn stored(
        code: &'static str,
        args: Vec<(&'static str, String)>,
        text: impl Into<String>,
    ) -> Msg {
        Msg {
            text: text.into(),
            code: Some(code),
            args,
        }
    }

    /// Text with no translation (e.g. a parser's own description of what it read).
    pub fn plain(text: impl Into<String>) -> Msg {
        Msg {
            text: text.into(),
            code: None,
            args: Vec::new(),
        }
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<String> for Msg {
    fn from(text: String) -> Msg {
        Msg::plain(text)
    }
}

/// The English text (for callers that only show English, such as the command line).
impl From<Msg> for String {
    fn from(msg: Msg) -> String {
        msg.text
    }
}

impl From<&str> for Msg {
    fn from(text: &str) -> Msg {
        Msg::plain(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coded_message_reads_its_english_from_the_catalogue_without_isolation_marks() {
        let m = Msg::coded("err-duplicate", vec![("field", "email".into())]);
        assert_eq!(m.text, "email is already taken");
        assert_eq!(m.code, Some("err-duplicate"));
        assert!(!m.text.contains(['\u{2068}', '\u{2069}']));
    }

    #[test]
    fn the_apis_own_wording_is_the_entrys_api_attribute() {
        let args = || vec![("stored", "1".to_owned()), ("next", "1".to_owned())];
        // The pages' entry says "1 item was"; the API keeps the words it has always had.
        assert_eq!(
            Msg::coded("err-upload-unfunded", args()).text,
            "1 items were stored and escrowed; the next 1 need more escrow than the organisation's available balance holds (an operator records a deposit), then upload again: stored items are skipped"
        );
        let m = Msg::coded_worded(
            "refusal-insufficient-funds",
            "api-minor-units",
            vec![("missing", "250".into())],
        );
        assert_eq!(m.text, "the balance is 250 minor units short");
        let all = (
            "all",
            "instructions_not_followed, duplicate_answer".to_owned(),
        );
        assert_eq!(
            english("err-reject-reason-missing", &[all]).as_deref(),
            Some("a rejection needs a reason, one of: instructions_not_followed, duplicate_answer")
        );
    }

    #[test]
    fn counts_select_plurals_and_a_code_without_an_entry_is_its_own_text() {
        let args = |n: &str| vec![("stored", n.to_owned()), ("next", "2".to_owned())];
        let pages = |n: &str| english_worded("err-upload-unfunded", "none", &args(n));
        assert!(pages("1").is_some_and(|t| t.starts_with("1 item was stored")));
        assert!(pages("2").is_some_and(|t| t.starts_with("2 items were stored")));
        assert_eq!(
            Msg::coded(
                "problem-password-short",
                vec![("min", "8".into()), ("count", "1".into())]
            )
            .text,
            "password must be at least 8 characters (got 1)"
        );
        assert_eq!(Msg::coded("no-such-code", Vec::new()).text, "no-such-code");
        assert_eq!(english("no-such-code", &[]), None);
    }
}
