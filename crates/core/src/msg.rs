//! A message for people: the English text the API shows, plus a stable code and
//! named arguments so the pages can show it in the reader's language (the code is
//! a message id of the Fluent catalogues in crates/server/locales).

use serde::Serialize;
use std::fmt;

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
    /// A translatable message: its catalogue `code`, the `args` it names, its English `text`.
    pub fn coded(
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
