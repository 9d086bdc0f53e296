//! Languages: every string of the pages lives in a Fluent catalogue under
//! `crates/core/locales/<lang>/main.ftl` (in core, which renders the API's English
//! from the English one), compiled into the binary. Adding a
//! language is adding a folder with that file (and `lang-name`): the list of
//! languages, the negotiation and the switch all read the catalogues.
//!
//! The language is the `hp_lang` cookie (set by the switch) if any, else the
//! best match of the browser's `Accept-Language`, else English.

use axum::extract::{FromRequestParts, Query};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use handprint_core::msg::fluent_arg;
use handprint_core::template::FieldProblem;
use handprint_core::{Currency, Money, NumberStyle};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::LazyLock;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../core/locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: they would end up in HTML attributes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub const LANG_COOKIE: &str = "hp_lang";

/// The names under which domain messages and notices carry amounts of money, as the
/// API writes them ("0.10", "3.20 USD"); pages write them in their language.
const MONEY_ARGS: &[&str] = &[
    "amount",
    "available",
    "balance",
    "floor",
    "missing",
    "needed",
    "paid",
    "raised_to",
    "rate",
    "reward",
    "stored",
    "target",
    "threshold",
];

/// The available languages as (tag, own name), English first, then by tag.
static AVAILABLE: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut langs: Vec<(String, String)> = LOCALES
        .locales()
        .map(|l| {
            let name = LOCALES
                .try_lookup(l, "lang-name")
                .unwrap_or_else(|| l.to_string());
            (l.to_string(), name)
        })
        .collect();
    langs.sort_by(|a, b| (a.0 != "en", &a.0).cmp(&(b.0 != "en", &b.0)));
    langs
});

fn available_id(tag: &str) -> Option<LanguageIdentifier> {
    let tag = tag.trim().to_ascii_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    // An exact match (fr-CA) first, then the language alone (fr).
    for wanted in [tag.as_str(), primary] {
        if let Some((t, _)) = AVAILABLE
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(wanted))
        {
            return t.parse().ok();
        }
    }
    None
}

/// The page's language and its messages.
#[derive(Clone, Debug)]
pub struct Tr {
    lang: LanguageIdentifier,
}

impl Default for Tr {
    fn default() -> Self {
        Tr {
            lang: fluent_templates::langid!("en"),
        }
    }
}

impl Tr {
    pub fn for_tag(tag: &str) -> Tr {
        available_id(tag)
            .map(|lang| Tr { lang })
            .unwrap_or_default()
    }

    /// The language of a request: the switch's cookie, else Accept-Language.
    pub fn from_headers(headers: &HeaderMap) -> Tr {
        if let Some(tag) = cookie(headers, LANG_COOKIE)
            && let Some(lang) = available_id(&tag)
        {
            return Tr { lang };
        }
        let mut ranked: Vec<(f32, &str)> = headers
            .get_all(ACCEPT_LANGUAGE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|item| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (!tag.is_empty() && q > 0.0).then_some((q, tag))
            })
            .collect();
        // Stable: equal weights keep the browser's order.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked
            .into_iter()
            .find_map(|(_, tag)| available_id(tag))
            .map(|lang| Tr { lang })
            .unwrap_or_default()
    }

    /// The language tag, for `<html lang>`.
    pub fn lang(&self) -> String {
        self.lang.to_string()
    }

    pub fn is_lang(&self, tag: &str) -> bool {
        tag.parse::<LanguageIdentifier>()
            .is_ok_and(|l| l == self.lang)
    }

    /// Every language there is a catalogue for, as (tag, own name).
    pub fn languages(&self) -> &'static [(String, String)] {
        &AVAILABLE
    }

    /// A message.
    pub fn t(&self, id: &str) -> String {
        LOCALES
            .try_lookup(&self.lang, id)
            .unwrap_or_else(|| id.to_string())
    }

    /// A message with one argument.
    pub fn t1(&self, id: &str, name: &str, value: impl Display) -> String {
        self.args(id, &[(name, value.to_string())])
    }

    /// A message with two arguments.
    pub fn t2(&self, id: &str, n1: &str, v1: impl Display, n2: &str, v2: impl Display) -> String {
        self.args(id, &[(n1, v1.to_string()), (n2, v2.to_string())])
    }

    /// A message with a number (for plurals) as `count`.
    pub fn count(&self, id: &str, count: impl std::borrow::Borrow<i64>) -> String {
        let count = *count.borrow();
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(count));
        LOCALES
            .try_lookup_with_args(&self.lang, id, &args)
            .unwrap_or_else(|| id.to_string())
    }

    /// A message with two numbers (a plural on each), e.g. items added and skipped.
    pub fn count2(
        &self,
        id: &str,
        n1: &str,
        v1: impl std::borrow::Borrow<i64>,
        n2: &str,
        v2: impl std::borrow::Borrow<i64>,
    ) -> String {
        let args = [
            (n1, FluentValue::from(*v1.borrow())),
            (n2, FluentValue::from(*v2.borrow())),
        ];
        self.lookup(id, &args).unwrap_or_else(|| id.to_string())
    }

    /// Entry `id` with these arguments as they are (numbers stay numbers, so every
    /// integer argument may select a plural); None when the catalogue has no `id`.
    pub fn try_values(&self, id: &str, values: &[(&str, FluentValue<'static>)]) -> Option<String> {
        self.lookup(id, values)
    }

    fn lookup(&self, id: &str, values: &[(&str, FluentValue<'static>)]) -> Option<String> {
        let args: HashMap<Cow<'static, str>, FluentValue> = values
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), v.clone()))
            .collect();
        LOCALES.try_lookup_with_args(&self.lang, id, &args)
    }

    /// How this language writes numbers, from its catalogue (`number-decimal-mark`,
    /// `number-group-separator`).
    pub fn number_style(&self) -> NumberStyle {
        let mark = self.t("number-decimal-mark").chars().next();
        NumberStyle {
            decimal_mark: mark.unwrap_or('.'),
            group_separator: self.t("number-group-separator").chars().next(),
        }
    }

    /// Text that starts with an amount or a decimal as the API writes it ("0.75",
    /// "-500.00 USD", "12.5") as this language writes it ("0,75", "-500,00 USD").
    pub fn amount(&self, plain: impl AsRef<str>) -> String {
        self.number_style().decimal(plain.as_ref())
    }

    /// An amount with its currency code, as this language writes it: "0,75 USD".
    pub fn money(&self, amount: Money, currency: &Currency) -> String {
        format!(
            "{} {}",
            self.number_style().money(amount, currency),
            currency.code
        )
    }

    /// A ledger memo as stored (English) in this language: the memos the store writes
    /// are read back as coded messages (`memo-…`); others are shown as stored.
    pub fn memo(&self, stored: &str) -> String {
        let Some(m) = handprint_core::memo::read(stored) else {
            return stored.to_string();
        };
        let Some(code) = m.code else {
            return m.text;
        };
        let values: Vec<(&str, FluentValue<'static>)> = m
            .args
            .iter()
            .map(|(k, v)| {
                let value = match *k {
                    "count" => v.parse::<i64>().map(FluentValue::from).ok(),
                    "reward" | "rate" | "floor" => Some(FluentValue::from(self.amount(v))),
                    "why" => Some(FluentValue::from(self.t(&format!("memo-why-{v}")))),
                    _ => None,
                };
                (*k, value.unwrap_or_else(|| FluentValue::from(v.clone())))
            })
            .collect();
        self.lookup(code, &values).unwrap_or(m.text)
    }

    /// A problem of a worker's answer as the task page shows it: problems a person
    /// cannot cause through the page (the shape of the JSON) say what to do instead,
    /// a box's problem names the box, and the rest reads as the API's message does.
    pub fn answer_problem(&self, p: &FieldProblem) -> String {
        let path = p.path.trim_start_matches("/answer");
        let box_number = path
            .strip_prefix("/boxes/")
            .and_then(|rest| rest.split('/').next())
            .and_then(|n| n.parse::<i64>().ok());
        let number = |name: &str| {
            p.args
                .iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, v)| v.parse::<i64>().ok())
                .unwrap_or_default()
        };
        let text = match p.code.and_then(plain_answer_problem) {
            Some(id) => {
                let label = p.args.iter().find(|(k, _)| *k == "label");
                self.t1(id, "label", label.map(|(_, v)| v.as_str()).unwrap_or(""))
            }
            None => match p.code {
                Some(code @ ("answer-boxes-at-least" | "answer-boxes-at-most")) => {
                    let bound = if code.ends_with("least") {
                        "min"
                    } else {
                        "max"
                    };
                    let id = format!("{code}-plain");
                    self.count2(&id, bound, number(bound), "count", number("count"))
                }
                _ => self.problem(p),
            },
        };
        match box_number {
            Some(n) => self.args(
                "answer-box-numbered",
                &[("n", (n + 1).to_string()), ("problem", text)],
            ),
            None => text,
        }
    }

    pub fn args(&self, id: &str, values: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = values
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), fluent_arg(k, v.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.lang, id, &args)
            .unwrap_or_else(|| id.to_string())
    }

    /// A domain message (a problem or a refusal) in this language: the catalogue's
    /// entry for its code with its arguments, else the English `message` as is.
    pub fn coded(
        &self,
        code: Option<&str>,
        args: &[(&'static str, String)],
        message: &str,
    ) -> String {
        let Some(code) = code else {
            return message.to_string();
        };
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), fluent_arg(k, self.arg_text(k, v))))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.lang, code, &args)
            .unwrap_or_else(|| message.to_string())
    }

    /// A message argument as this language writes it: the amounts of the domain's
    /// messages (named as in [`MONEY_ARGS`]) get the language's decimal mark.
    fn arg_text(&self, name: &str, value: &str) -> String {
        if MONEY_ARGS.contains(&name) {
            self.amount(value)
        } else {
            value.to_string()
        }
    }

    /// A domain or API message in this language (see [`Tr::coded`]).
    pub fn msg(&self, m: &handprint_core::Msg) -> String {
        self.coded(m.code, &m.args, &m.text)
    }

    /// A message whose `problems` argument lists `details`, each in this language
    /// (an import row's several problems).
    pub fn msg_with_details(
        &self,
        m: &handprint_core::Msg,
        details: &[handprint_core::Msg],
    ) -> String {
        if details.is_empty() {
            return self.msg(m);
        }
        let listed = details
            .iter()
            .map(|d| self.msg(d))
            .collect::<Vec<_>>()
            .join("; ");
        let mut args: Vec<(&'static str, String)> = m
            .args
            .iter()
            .filter(|(k, _)| *k != "problems")
            .cloned()
            .collect();
        args.push(("problems", listed));
        self.coded(m.code, &args, &m.text)
    }

    /// A platform notice about a project in this language: the catalogue entry
    /// `notice-<kind>` with the stored values, else the stored English.
    pub fn notice(&self, n: &crate::app::review::Notice) -> String {
        let id = format!("notice-{}", n.kind.replace('_', "-"));
        let args: Vec<(&str, String)> = n
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), self.arg_text(k, v)))
            .collect();
        let mut text = self.args(&id, &args);
        // Without an entry, `args` answers the id itself.
        if n.args.is_empty() || text == id {
            return n.message.clone();
        }
        if n.args
            .iter()
            .any(|(k, v)| k == "raised_to" && !v.is_empty())
        {
            text.push(' ');
            text.push_str(&self.args("notice-reward-raised", &args));
        }
        text
    }

    /// An import row's problem in this language.
    pub fn row_error(&self, e: &crate::app::tasks::RowErrorView) -> String {
        match &e.error {
            Some(coded) => self.msg_with_details(&coded.msg, &coded.details),
            None => e.message.clone(),
        }
    }

    /// A field problem's message in this language (see [`Tr::coded`]).
    pub fn problem(&self, p: &FieldProblem) -> String {
        self.coded(p.code, &p.args, &p.message)
    }

    /// Whether a message exists (in this language or the fallback).
    pub fn has(&self, id: &str) -> bool {
        LOCALES.try_lookup(&self.lang, id).is_some()
    }
}

/// The plain message a worker reads for an answer whose shape is wrong: the page
/// builds the answer, so such a problem means the page did not get what it needs.
fn plain_answer_problem(code: &str) -> Option<&'static str> {
    Some(match code {
        "answer-unknown-key"
        | "answer-value-not-string"
        | "answer-value-missing"
        | "answer-not-one-option" => "answer-plain-choose-one",
        "answer-not-option-list" | "answer-item-not-string" => "answer-plain-choose-some",
        "answer-rating-not-number" => "answer-plain-rate",
        "answer-not-text" => "answer-plain-write",
        "answer-form-not-object" | "answer-form-unknown-field" => "answer-plain-form",
        "answer-form-not-text" | "answer-form-not-option" => "answer-plain-form-field",
        "answer-boxes-unknown-key"
        | "answer-boxes-missing"
        | "answer-boxes-not-object"
        | "answer-boxes-not-array" => "answer-plain-boxes",
        "answer-box-not-object"
        | "answer-box-unknown-key"
        | "answer-box-label-not-string"
        | "answer-box-coordinate-missing"
        | "answer-box-coordinate-not-number" => "answer-plain-box",
        "answer-spans-unknown-key"
        | "answer-spans-missing"
        | "answer-spans-not-object"
        | "answer-spans-not-array"
        | "answer-span-not-object"
        | "answer-span-unknown-key"
        | "answer-span-offset-missing"
        | "answer-span-offset-not-count"
        | "answer-mark-label-not-string"
        | "answer-mark-label-missing" => "answer-plain-spans",
        "answer-segments-unknown-key"
        | "answer-segments-missing"
        | "answer-segments-not-object"
        | "answer-segments-not-array"
        | "answer-segment-not-object"
        | "answer-segment-unknown-key"
        | "answer-segment-time-missing" => "answer-plain-segments",
        "answer-polygons-unknown-key"
        | "answer-polygons-missing"
        | "answer-polygons-not-object"
        | "answer-polygons-not-array"
        | "answer-polygon-not-object"
        | "answer-polygon-unknown-key"
        | "answer-polygon-points-missing"
        | "answer-polygon-points-not-array"
        | "answer-polygon-point-not-pair"
        | "answer-polygon-point-not-number" => "answer-plain-polygons",
        "answer-keypoints-unknown-key"
        | "answer-keypoints-missing"
        | "answer-keypoints-not-object"
        | "answer-keypoints-not-map"
        | "answer-keypoint-not-object"
        | "answer-keypoint-unknown-key"
        | "answer-keypoint-visible-not-flag"
        | "answer-keypoint-coordinate-not-number" => "answer-plain-keypoints",
        _ => return None,
    })
}

impl<S: Send + Sync> FromRequestParts<S> for Tr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Tr::from_headers(&parts.headers))
    }
}

/// One cookie's value from the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

#[derive(Deserialize)]
pub struct SwitchQuery {
    l: String,
    back: Option<String>,
}

/// `GET /lang?l=fr&back=/work`: remember the choice for a year and go back.
pub async fn switch(Query(q): Query<SwitchQuery>) -> Response {
    let back = q
        .back
        .filter(|b| super::is_local_path(b))
        .unwrap_or_else(|| "/".into());
    let mut response = Redirect::to(&back).into_response();
    if let Some(lang) = available_id(&q.l)
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax"
        ))
    {
        response.headers_mut().append(SET_COOKIE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_str(accept).expect("header"),
        );
        h
    }

    #[test]
    fn the_browsers_preferred_available_language_is_chosen() {
        assert_eq!(
            Tr::from_headers(&headers("fr-CA,fr;q=0.9,en;q=0.8")).lang(),
            "fr"
        );
        assert_eq!(Tr::from_headers(&headers("mg, fr;q=0.5")).lang(), "fr");
        assert_eq!(Tr::from_headers(&headers("de")).lang(), "en");
        assert_eq!(
            Tr::from_headers(&headers("en;q=0.2, fr;q=0.7")).lang(),
            "fr"
        );
    }

    #[test]
    fn every_message_used_by_a_template_exists_in_every_language() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = std::collections::BTreeSet::new();
        let mut sources = Vec::new();
        for sub in ["templates", "src/web"] {
            for entry in std::fs::read_dir(dir.join(sub)).expect("dir") {
                let path = entry.expect("entry").path();
                sources.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
        for text in &sources {
            for call in [
                "t.t(\"",
                "t.t1(\"",
                "t.t2(\"",
                "t.count(\"",
                "t.count2(\"",
                "msg(\"",
            ] {
                for piece in text.split(call).skip(1) {
                    if let Some(end) = piece.find('"') {
                        let id = &piece[..end];
                        if !id.is_empty()
                            && id
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        {
                            used.insert(id.to_string());
                        }
                    }
                }
            }
        }
        assert!(used.len() > 50, "found only {} message ids", used.len());
        for (tag, _) in AVAILABLE.iter() {
            let lang: LanguageIdentifier = tag.parse().expect("tag");
            let text =
                std::fs::read_to_string(dir.join("../core/locales").join(tag).join("main.ftl"))
                    .expect("catalogue");
            let missing: Vec<_> = used
                .iter()
                .filter(|id| {
                    !text
                        .lines()
                        .any(|l| l.starts_with(&format!("{id} =")) || l == format!("{id} ="))
                })
                .collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }

    /// The codes of domain messages (`FieldProblem::code`, `AnswerError::code`) are
    /// string literals in the core and API sources: each one needs an entry in every
    /// language.
    #[test]
    fn every_domain_message_code_exists_in_every_language() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut codes = std::collections::BTreeSet::new();
        for sub in [
            "../core/src",
            "../core/src/template",
            "../core/src/import",
            "../store/src",
            "src",
            "src/api",
            "src/app",
            "src/app/results",
            "src/web",
        ] {
            for entry in std::fs::read_dir(dir.join(sub)).expect("dir") {
                let path = entry.expect("entry").path();
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                // Escaped quotes inside literals would shift which pieces are literals.
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_default()
                    .replace("\\\"", "");
                for (i, piece) in text.split('"').enumerate() {
                    if i % 2 == 1
                        && ["problem-", "answer-", "err-", "memo-"]
                            .iter()
                            .any(|p| piece.starts_with(p) && piece.len() > p.len())
                        && piece
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        codes.insert(piece.to_string());
                    }
                }
            }
        }
        assert!(
            codes.len() > 30,
            "found only {} codes: {codes:?}",
            codes.len()
        );
        for (tag, _) in AVAILABLE.iter() {
            let text =
                std::fs::read_to_string(dir.join("../core/locales").join(tag).join("main.ftl"))
                    .expect("catalogue");
            let missing: Vec<_> = codes
                .iter()
                .filter(|id| !text.lines().any(|l| l.starts_with(&format!("{id} ="))))
                .collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
        }
    }

    /// Refusals are built with a code (`Msg::coded`, `AppError::not_found`, …), never
    /// from bare English, or French pages would show English.
    #[test]
    fn no_refusal_is_built_from_bare_english() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let variants = [
            "AppError::BadRequest(",
            "AppError::Unauthorized(",
            "AppError::Forbidden(",
            "AppError::NotFound(",
            "AppError::Conflict(",
            "AppError::TooLarge(",
            "StoreError::Conflict(",
            "AppError::invalid(",
        ];
        let mut bare = Vec::new();
        for sub in [
            "../store/src",
            "src",
            "src/api",
            "src/app",
            "src/app/results",
            "src/web",
        ] {
            for entry in std::fs::read_dir(dir.join(sub)).expect("dir") {
                let path = entry.expect("entry").path();
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("i18n.rs") {
                    continue;
                }
                let text: String = std::fs::read_to_string(&path)
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                for v in variants {
                    for arg in ["format!(", "\"", "t.t("] {
                        if text.contains(&format!("{v}{arg}")) {
                            bare.push(format!("{}: {v}{arg}…", path.display()));
                        }
                    }
                }
                // AppError::field(path, "English") / (path, format!(…))
                for piece in text.split("AppError::field(").skip(1) {
                    let second = piece.split_once(',').map(|(_, rest)| rest).unwrap_or("");
                    if second.starts_with('"') || second.starts_with("format!(") {
                        bare.push(format!(
                            "{}: AppError::field(…, {})",
                            path.display(),
                            &second[..second.len().min(40)]
                        ));
                    }
                }
            }
        }
        assert!(bare.is_empty(), "uncoded refusals: {bare:#?}");
    }

    #[test]
    fn a_refusal_is_shown_in_french_with_its_arguments() {
        let fr = Tr::for_tag("fr");
        let e = crate::AppError::Conflict(handprint_core::Msg::coded(
            "err-project-transition",
            vec![
                ("state", "completed".into()),
                ("action", "published".into()),
            ],
        ));
        assert_eq!(
            crate::web::refusal_text(&fr, &e),
            "un projet terminé ne peut pas être publié"
        );
        assert_eq!(
            crate::web::refusal_text(&Tr::default(), &e),
            "a completed project cannot be published"
        );
        let e = crate::AppError::not_found("project");
        assert_eq!(
            crate::web::refusal_text(&fr, &e),
            "Ce projet n'existe pas, ou vous ne pouvez pas le voir."
        );
        let e = crate::AppError::field(
            "/amount",
            handprint_core::Msg::coded(
                "err-payout-over-balance",
                vec![("balance", "3.20 USD".into())],
            ),
        );
        assert_eq!(
            crate::web::refusal_text(&fr, &e),
            "la requête a un champ invalide\n• Montant : votre solde disponible est de 3,20 USD"
        );
    }

    #[test]
    fn an_import_report_line_and_a_pay_floor_notice_are_shown_in_french() {
        use handprint_core::import::{ImportFormat, ImportReader};
        let fr = Tr::for_tag("fr");
        // A CSV header with two problems: each is listed, in French.
        let csv = "text,,text\nhello,x,y\n";
        let mut rows = ImportReader::new(ImportFormat::Csv, std::io::Cursor::new(csv));
        let error = rows.next().expect("an item").expect_err("a header error");
        assert!(
            error.message.starts_with("the header line is invalid"),
            "{}",
            error.message
        );
        let view = crate::app::tasks::RowErrorView {
            line: error.line,
            message: error.message.clone(),
            error: Some(error),
        };
        assert_eq!(
            fr.row_error(&view),
            "la ligne d'en-tête est invalide : la colonne 2 n'a pas de nom ; « text » nomme à la fois la colonne 1 et la colonne 3"
                .replace(" ; ", "; ")
        );
        let notice = crate::app::review::Notice {
            kind: "pay_floor_topup".into(),
            message: "Pay raised to the floor: …".into(),
            at: 0,
            args: [
                ("seconds", "120"),
                ("reward", "0.10"),
                ("rate", "3.00"),
                ("floor", "6.00"),
                ("answers", "4"),
                ("paid", "0.40"),
                ("raised_to", "0.20"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        };
        let text = fr.notice(&notice);
        assert!(text.starts_with("Rémunération relevée au plancher : les réponses approuvées ont pris en médiane 120 s"), "{text}");
        assert!(text.ends_with("passe de 0,10 à 0,20."), "{text}");
        // Notices stored before their values were kept stay in English.
        let old = crate::app::review::Notice {
            args: Vec::new(),
            ..notice
        };
        assert_eq!(fr.notice(&old), "Pay raised to the floor: …");
    }

    #[test]
    fn a_coded_message_is_translated_and_an_unknown_code_falls_back_to_english() {
        let fr = Tr::for_tag("fr");
        let p = FieldProblem::coded("/reward", "problem-reward-missing", Vec::new());
        assert_eq!(fr.problem(&p), "fixez la rémunération par réponse");
        let unknown = handprint_core::Msg {
            text: "plain English".into(),
            code: Some("problem-no-such-code"),
            args: Vec::new(),
        };
        let p = FieldProblem::from_msg("/x", unknown);
        assert_eq!(fr.problem(&p), "plain English");
        assert_eq!(fr.problem(&FieldProblem::new("/x", "no code")), "no code");
        let p = FieldProblem::coded(
            "/answers_per_task",
            "problem-answers-range",
            vec![("max", "100".into())],
        );
        assert_eq!(fr.problem(&p), "doit être compris entre 1 et 100");
        assert_eq!(Tr::default().problem(&p), "must be between 1 and 100");
    }

    /// Template-definition, amount, sign-up and answer-shape messages of the domain
    /// rules: the English catalogue says exactly what the API says, and the French one
    /// says it in French with the arguments in place.
    #[test]
    fn template_amount_sign_up_and_answer_problems_read_in_french() {
        use handprint_core::account::{Country, Email, Password, parse_name};
        use handprint_core::template::Template;
        use handprint_core::{Currency, Money};
        use serde_json::json;
        let mut problems: Vec<FieldProblem> = Vec::new();
        for definition in [
            json!("single_choice"),
            json!({"kind": "slider"}),
            json!({"kind": 3}),
            json!({"kind": "single_choice", "optoins": ["a", "b"]}),
            json!({"kind": "single_choice", "options": [3, "a", "a", {"value": " ", "label": "L"}]}),
            json!({"kind": "multi_choice", "options": ["a|b", "c"], "colour": 1}),
            json!({"kind": "text", "question": 3, "max_length": 0, "multiline": "yes",
                   "media": {"type": "video", "field": "1a"}}),
            json!({"kind": "rating", "min": "low", "labels": ["Bad"]}),
            json!({"kind": "rating", "min": 0, "max": 500, "labels": {"one": "One"}}),
            json!({"kind": "bounding_boxes", "labels": [], "min_boxes": 5, "max_boxes": 2}),
            json!({"kind": "form", "fields": [
                {"name": "a", "label": "A", "type": "date"},
                {"name": "b", "label": "B", "type": "number", "min": 5, "max": 1},
                {"label": "C"}]}),
        ] {
            problems.extend(Template::parse(&definition).expect_err("invalid").0);
        }
        let boxes = Template::parse(&json!({"kind": "bounding_boxes", "image_field": "img",
                                             "labels": ["car"]}))
        .expect("valid");
        let form = Template::parse(&json!({"kind": "form", "fields": [
            {"name": "n", "label": "Count", "type": "number"}]}))
        .expect("valid");
        for (template, answer) in [
            (&boxes, json!([])),
            (&boxes, json!({"boxes": {}})),
            (&boxes, json!({"boxes": [3]})),
            (
                &boxes,
                json!({"boxes": [{"x": 1, "y": 1, "w": 1, "h": 1, "label": 3}]}),
            ),
            (&form, json!(3)),
            (&form, json!({"n": "many"})),
        ] {
            let error = template
                .validate_answer(&serde_json::Value::Null, &answer)
                .expect_err("refused");
            problems.push(error.into_problem("/answer"));
        }
        for amount in ["abc", "0.255", "-1"] {
            let error = Money::parse(amount, &Currency::default()).expect_err("wrong amount");
            problems.push(FieldProblem::from_msg("/reward", error.msg()));
        }
        let mut msgs = vec![
            Email::parse("ana").map(|_| ()),
            Password::parse("short").map(|_| ()),
            parse_name(" ", "organization").map(|_| ()),
            Country::parse("XX").map(|_| ()),
        ];
        msgs.push(Email::parse("").map(|_| ()));
        for msg in msgs {
            problems.push(FieldProblem::from_msg("/x", msg.expect_err("wrong field")));
        }

        let (en, fr) = (Tr::default(), Tr::for_tag("fr"));
        assert!(problems.len() > 35, "only {} problems", problems.len());
        for p in &problems {
            assert!(p.code.is_some(), "no code: {p}");
            assert_eq!(en.problem(p), p.message, "{:?}", p.code);
            let french = fr.problem(p);
            assert_ne!(french, p.message, "{:?} is not translated", p.code);
            // Fluent writes an unresolved argument or reference as `{$name}` or `{id}`;
            // braces of the JSON examples are followed by a quote.
            let unresolved = french
                .match_indices('{')
                .any(|(i, _)| !french[i + 1..].starts_with('"'));
            assert!(!french.contains('$') && !unresolved, "{french}");
            for english in [
                " must ",
                "required",
                " not ",
                "unknown",
                "string",
                "an object",
            ] {
                assert!(!french.contains(english), "{:?}: {french}", p.code);
            }
        }
        let french = |code: &str| {
            let p = problems
                .iter()
                .find(|p| p.code == Some(code))
                .unwrap_or_else(|| panic!("no {code}"));
            fr.problem(p)
        };
        assert_eq!(
            french("problem-template-unknown-key-near"),
            "clé inconnue « optoins » (vouliez-vous dire « options » ?) ; \
             un modèle single_choice accepte : kind, question, media, options"
        );
        assert_eq!(
            french("problem-template-not-a-string"),
            "« question » doit être un texte, pas un nombre"
        );
        assert_eq!(
            french("problem-template-not-whole"),
            "« min » doit être un nombre entier, pas le texte \"low\""
        );
        assert_eq!(
            french("problem-money-too-precise"),
            "« 0.255 » a plus de 2 décimales, la précision de USD"
        );
        assert_eq!(
            french("problem-name-required"),
            "l'organisation est obligatoire"
        );
        assert_eq!(
            french("answer-boxes-not-object"),
            "la réponse doit être un objet {\"boxes\": [...]}, pas une liste"
        );
        assert_eq!(
            french("answer-form-not-number"),
            "« Count » doit être un nombre (reçu : le texte \"many\")"
        );
    }

    /// Every message with a plural (a selector with a `[one]` variant) in either
    /// catalogue, with the numbers it selects on, other values it needs, and its exact
    /// text at 0, 1 and 2 in English and in French (French's `one` covers 0).
    /// (message id, the numbers it selects on, its other values, English at 0, 1, 2,
    /// French at 0, 1, 2).
    type PluralCase = (
        &'static str,
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
        [&'static str; 3],
        [&'static str; 3],
    );

    const PLURALS: &[PluralCase] = &[
        (
            "nav-unread",
            &["count"],
            &[],
            ["0 unread alerts", "1 unread alert", "2 unread alerts"],
            ["0 alerte non lue", "1 alerte non lue", "2 alertes non lues"],
        ),
        (
            "notifications-unread",
            &["count"],
            &[],
            ["No unread alerts.", "1 unread alert.", "2 unread alerts."],
            [
                "Aucune alerte non lue.",
                "1 alerte non lue.",
                "2 alertes non lues.",
            ],
        ),
        (
            "mail-alert-subject",
            &["count"],
            &[("title", "Covers")],
            [
                "0 new projects for you",
                "New work for you: Covers",
                "2 new projects for you",
            ],
            [
                "Nouveau travail pour vous : Covers",
                "Nouveau travail pour vous : Covers",
                "2 nouveaux projets pour vous",
            ],
        ),
        (
            "mail-alert-text",
            &["count"],
            &[("name", "Ana"), ("projects", "- P"), ("settings", "S")],
            [
                "Hello Ana,\n\n0 projects you asked to hear about have work for you:\n\n- P\n\nYou receive this because job alerts by e-mail are on in your settings. To change them or stop these messages, open S",
                "Hello Ana,\n\nA project you asked to hear about has work for you:\n\n- P\n\nYou receive this because job alerts by e-mail are on in your settings. To change them or stop these messages, open S",
                "Hello Ana,\n\n2 projects you asked to hear about have work for you:\n\n- P\n\nYou receive this because job alerts by e-mail are on in your settings. To change them or stop these messages, open S",
            ],
            [
                "Bonjour Ana,\n\nUn projet dont vous avez demandé à être averti a du travail pour vous :\n\n- P\n\nVous recevez ce message parce que les alertes de travail par courriel sont activées dans vos réglages. Pour les modifier ou ne plus recevoir ces messages, ouvrez S",
                "Bonjour Ana,\n\nUn projet dont vous avez demandé à être averti a du travail pour vous :\n\n- P\n\nVous recevez ce message parce que les alertes de travail par courriel sont activées dans vos réglages. Pour les modifier ou ne plus recevoir ces messages, ouvrez S",
                "Bonjour Ana,\n\n2 projets dont vous avez demandé à être averti ont du travail pour vous :\n\n- P\n\nVous recevez ce message parce que les alertes de travail par courriel sont activées dans vos réglages. Pour les modifier ou ne plus recevoir ces messages, ouvrez S",
            ],
        ),
        (
            "decisions-count-made",
            &["count"],
            &[],
            [
                "No automated decision has been made about you.",
                "1 automated decision",
                "2 automated decisions",
            ],
            [
                "Aucune décision automatique n'a été prise à votre sujet.",
                "1 décision automatique",
                "2 décisions automatiques",
            ],
        ),
        (
            "decisions-count-requested",
            &["count"],
            &[],
            ["No review waiting", "1 review waiting", "2 reviews waiting"],
            [
                "Aucun réexamen en attente",
                "1 réexamen en attente",
                "2 réexamens en attente",
            ],
        ),
        (
            "decisions-count-overdue",
            &["count"],
            &[],
            ["none overdue", "1 overdue", "2 overdue"],
            ["aucun en retard", "1 en retard", "2 en retard"],
        ),
        (
            "decisions-count-upheld",
            &["count"],
            &[],
            ["none upheld", "1 upheld", "2 upheld"],
            ["aucune maintenue", "1 maintenue", "2 maintenues"],
        ),
        (
            "decisions-count-reversed",
            &["count"],
            &[],
            ["none reversed", "1 reversed", "2 reversed"],
            ["aucune annulée", "1 annulée", "2 annulées"],
        ),
        (
            "record-restrictions",
            &["made", "reversed"],
            &[],
            [
                "No automated restriction made, none reversed on review.",
                "1 automated restriction made, 1 reversed on review.",
                "2 automated restrictions made, 2 reversed on review.",
            ],
            [
                "Aucune restriction automatique, aucune annulée après réexamen.",
                "1 restriction automatique, 1 annulée après réexamen.",
                "2 restrictions automatiques, 2 annulées après réexamen.",
            ],
        ),
        (
            "grants-performance-controls",
            &["count"],
            &[],
            [
                "from the first control answer",
                "after 1 control answer",
                "after 2 control answers",
            ],
            [
                "dès la première réponse de contrôle",
                "après 1 réponse de contrôle",
                "après 2 réponses de contrôle",
            ],
        ),
        (
            "grants-holders",
            &["count"],
            &[],
            [
                "Nobody holds it.",
                "1 worker holds it.",
                "2 workers hold it.",
            ],
            [
                "Personne ne la détient.",
                "1 travailleur la détient.",
                "2 travailleurs la détiennent.",
            ],
        ),
        (
            "decision-reason-fast_answers",
            &["fast_answers"],
            &[("share_of_median_percent", "30"), ("times", "3")],
            [
                "0 of your answers took less than 30% of the median time; this project's rule acts at 3.",
                "1 of your answers took less than 30% of the median time; this project's rule acts at 3.",
                "2 of your answers took less than 30% of the median time; this project's rule acts at 3.",
            ],
            [
                "0 de vos réponses a pris moins de 30 % du temps médian ; la règle de ce projet agit à partir de 3.",
                "1 de vos réponses a pris moins de 30 % du temps médian ; la règle de ce projet agit à partir de 3.",
                "2 de vos réponses ont pris moins de 30 % du temps médian ; la règle de ce projet agit à partir de 3.",
            ],
        ),
        (
            "rtests-added",
            &["count"],
            &[],
            [
                "No new item (all were there already).",
                "1 item added.",
                "2 items added.",
            ],
            [
                "Aucun nouvel élément (tous y étaient déjà).",
                "1 élément ajouté.",
                "2 éléments ajoutés.",
            ],
        ),
        (
            "rtests-item-counts",
            &["count"],
            &[("training", "1")],
            [
                "0 test items, training items: 1",
                "1 test item, training items: 1",
                "2 test items, training items: 1",
            ],
            [
                "0 élément de test, éléments d'entraînement : 1",
                "1 élément de test, éléments d'entraînement : 1",
                "2 éléments de test, éléments d'entraînement : 1",
            ],
        ),
        (
            "rtests-taker-counts",
            &["count"],
            &[("passed", "0")],
            [
                "0 workers, passed: 0",
                "1 worker, passed: 0",
                "2 workers, passed: 0",
            ],
            [
                "0 travailleur, réussis : 0",
                "1 travailleur, réussis : 0",
                "2 travailleurs, réussis : 0",
            ],
        ),
        (
            "tests-continue",
            &["count"],
            &[],
            [
                "Start where you left off",
                "Continue (1 item answered)",
                "Continue (2 items answered)",
            ],
            [
                "Reprendre où vous en étiez",
                "Continuer (1 élément répondu)",
                "Continuer (2 éléments répondus)",
            ],
        ),
        (
            "tests-pay",
            &["count"],
            &[("reward", "0.10")],
            [
                "0 items, each paid 0.10",
                "1 item, each paid 0.10",
                "2 items, each paid 0.10",
            ],
            [
                "0 élément, chacun payé 0.10",
                "1 élément, chacun payé 0.10",
                "2 éléments, chacun payé 0.10",
            ],
        ),
        (
            "tests-training",
            &["count"],
            &[],
            [
                "No item is for training.",
                "The first item is for training: you see its answer and why, and it never counts.",
                "The first 2 items are for training: you see their answers and why, and they never count.",
            ],
            [
                "Aucun élément ne sert d'entraînement.",
                "Le premier élément sert d'entraînement : vous voyez sa réponse et pourquoi, et il ne compte jamais.",
                "Les 2 premiers éléments servent d'entraînement : vous voyez leurs réponses et pourquoi, et ils ne comptent jamais.",
            ],
        ),
        (
            "why-qualification-test",
            &["count"],
            &[("name", "Reader"), ("min", "60"), ("reward", "0.10")],
            [
                "Asks for the qualification \"Reader\" (score 60 or more), which you do not hold. Take its test: 0 items, each paid 0.10.",
                "Asks for the qualification \"Reader\" (score 60 or more), which you do not hold. Take its test: 1 item, each paid 0.10.",
                "Asks for the qualification \"Reader\" (score 60 or more), which you do not hold. Take its test: 2 items, each paid 0.10.",
            ],
            [
                "Demande la qualification « Reader » (score de 60 ou plus), que vous n'avez pas. Passez son test : 0 élément, chacun payé 0.10.",
                "Demande la qualification « Reader » (score de 60 ou plus), que vous n'avez pas. Passez son test : 1 élément, chacun payé 0.10.",
                "Demande la qualification « Reader » (score de 60 ou plus), que vous n'avez pas. Passez son test : 2 éléments, chacun payé 0.10.",
            ],
        ),
        (
            "why-qualification-test-low",
            &["count"],
            &[
                ("name", "Reader"),
                ("min", "60"),
                ("score", "40"),
                ("reward", "0.10"),
            ],
            [
                "Asks for the qualification \"Reader\" with a score of 60 or more; yours is 40. Its test (0 items, each paid 0.10) may be taken again once your qualification is revoked.",
                "Asks for the qualification \"Reader\" with a score of 60 or more; yours is 40. Its test (1 item, each paid 0.10) may be taken again once your qualification is revoked.",
                "Asks for the qualification \"Reader\" with a score of 60 or more; yours is 40. Its test (2 items, each paid 0.10) may be taken again once your qualification is revoked.",
            ],
            [
                "Demande la qualification « Reader » avec un score de 60 ou plus ; le vôtre est 40. Son test (0 élément, chacun payé 0.10) peut être repassé une fois votre qualification retirée.",
                "Demande la qualification « Reader » avec un score de 60 ou plus ; le vôtre est 40. Son test (1 élément, chacun payé 0.10) peut être repassé une fois votre qualification retirée.",
                "Demande la qualification « Reader » avec un score de 60 ou plus ; le vôtre est 40. Son test (2 éléments, chacun payé 0.10) peut être repassé une fois votre qualification retirée.",
            ],
        ),
        (
            "err-upload-unreadable",
            &["stored"],
            &[("why", "bad byte")],
            [
                "the upload could not be read after 0 stored rows: bad byte",
                "the upload could not be read after 1 stored row: bad byte",
                "the upload could not be read after 2 stored rows: bad byte",
            ],
            [
                "le fichier n'a pas pu être lu après 0 ligne enregistrée : bad byte",
                "le fichier n'a pas pu être lu après 1 ligne enregistrée : bad byte",
                "le fichier n'a pas pu être lu après 2 lignes enregistrées : bad byte",
            ],
        ),
        (
            "err-upload-too-large",
            &["stored"],
            &[("max", "1000")],
            [
                "the upload is larger than this instance accepts (1000 bytes); 0 rows were stored before the limit — split the file and send the rest (rows with an external_id are skipped if sent again)",
                "the upload is larger than this instance accepts (1000 bytes); 1 row was stored before the limit — split the file and send the rest (rows with an external_id are skipped if sent again)",
                "the upload is larger than this instance accepts (1000 bytes); 2 rows were stored before the limit — split the file and send the rest (rows with an external_id are skipped if sent again)",
            ],
            [
                "le fichier dépasse ce que cette instance accepte (1000 octets) ; 0 ligne a été enregistrée avant la limite — découpez le fichier et envoyez la suite (les lignes avec un external_id déjà envoyées sont ignorées)",
                "le fichier dépasse ce que cette instance accepte (1000 octets) ; 1 ligne a été enregistrée avant la limite — découpez le fichier et envoyez la suite (les lignes avec un external_id déjà envoyées sont ignorées)",
                "le fichier dépasse ce que cette instance accepte (1000 octets) ; 2 lignes ont été enregistrées avant la limite — découpez le fichier et envoyez la suite (les lignes avec un external_id déjà envoyées sont ignorées)",
            ],
        ),
        (
            "err-upload-unfunded",
            &["stored", "next"],
            &[],
            [
                "0 items were stored and escrowed; the next 0 need more escrow than the organisation's available balance holds (an operator records a deposit), then upload again: stored items are skipped",
                "1 item was stored and escrowed; the next 1 item needs more escrow than the organisation's available balance holds (an operator records a deposit), then upload again: stored items are skipped",
                "2 items were stored and escrowed; the next 2 need more escrow than the organisation's available balance holds (an operator records a deposit), then upload again: stored items are skipped",
            ],
            [
                "0 élément a été enregistré et son paiement mis sous séquestre ; 0 élément suivant demande plus de séquestre que le solde disponible de l'organisation (un opérateur doit enregistrer un dépôt), puis renvoyez le fichier : les éléments déjà enregistrés sont ignorés",
                "1 élément a été enregistré et son paiement mis sous séquestre ; 1 élément suivant demande plus de séquestre que le solde disponible de l'organisation (un opérateur doit enregistrer un dépôt), puis renvoyez le fichier : les éléments déjà enregistrés sont ignorés",
                "2 éléments ont été enregistrés et leur paiement mis sous séquestre ; les 2 suivants demandent plus de séquestre que le solde disponible de l'organisation (un opérateur doit enregistrer un dépôt), puis renvoyez le fichier : les éléments déjà enregistrés sont ignorés",
            ],
        ),
        (
            "notice-pay-floor-topup",
            &["answers"],
            &[
                ("seconds", "120"),
                ("reward", "0.10"),
                ("rate", "3.00"),
                ("floor", "6.00"),
                ("paid", "0.40"),
            ],
            [
                "Pay raised to the floor: approved answers took a median of 120 s, so a reward of 0.10 pays 3.00 per hour, under the floor of 6.00. 0 answers were topped up by 0.40 in all (plus fees), paid from escrow.",
                "Pay raised to the floor: approved answers took a median of 120 s, so a reward of 0.10 pays 3.00 per hour, under the floor of 6.00. 1 answer was topped up by 0.40 in all (plus fees), paid from escrow.",
                "Pay raised to the floor: approved answers took a median of 120 s, so a reward of 0.10 pays 3.00 per hour, under the floor of 6.00. 2 answers were topped up by 0.40 in all (plus fees), paid from escrow.",
            ],
            [
                "Rémunération relevée au plancher : les réponses approuvées ont pris en médiane 120 s, donc une rémunération de 0.10 paie 3.00 de l'heure, sous le plancher de 6.00. 0 réponse a reçu un complément de 0.40 au total (plus les frais), payé depuis le séquestre.",
                "Rémunération relevée au plancher : les réponses approuvées ont pris en médiane 120 s, donc une rémunération de 0.10 paie 3.00 de l'heure, sous le plancher de 6.00. 1 réponse a reçu un complément de 0.40 au total (plus les frais), payé depuis le séquestre.",
                "Rémunération relevée au plancher : les réponses approuvées ont pris en médiane 120 s, donc une rémunération de 0.10 paie 3.00 de l'heure, sous le plancher de 6.00. 2 réponses ont reçu un complément de 0.40 au total (plus les frais), payé depuis le séquestre.",
            ],
        ),
        (
            "upload-too-large",
            &["stored"],
            &[("max", "1000")],
            [
                "The file is larger than this instance takes (1000 bytes). 0 items were stored before the limit: split the file and upload the rest (items already stored, with the same external_id, are skipped).",
                "The file is larger than this instance takes (1000 bytes). 1 item was stored before the limit: split the file and upload the rest (items already stored, with the same external_id, are skipped).",
                "The file is larger than this instance takes (1000 bytes). 2 items were stored before the limit: split the file and upload the rest (items already stored, with the same external_id, are skipped).",
            ],
            [
                "Le fichier dépasse la taille acceptée par cette instance (1000 octets). 0 élément a été enregistré avant la limite : découpez le fichier et envoyez la suite (les éléments déjà enregistrés, avec le même external_id, sont ignorés).",
                "Le fichier dépasse la taille acceptée par cette instance (1000 octets). 1 élément a été enregistré avant la limite : découpez le fichier et envoyez la suite (les éléments déjà enregistrés, avec le même external_id, sont ignorés).",
                "Le fichier dépasse la taille acceptée par cette instance (1000 octets). 2 éléments ont été enregistrés avant la limite : découpez le fichier et envoyez la suite (les éléments déjà enregistrés, avec le même external_id, sont ignorés).",
            ],
        ),
        (
            "upload-broken",
            &["stored"],
            &[],
            [
                "The file stopped arriving after 0 items were stored; upload it again (items already stored, with the same external_id, are skipped).",
                "The file stopped arriving after 1 item was stored; upload it again (items already stored, with the same external_id, are skipped).",
                "The file stopped arriving after 2 items were stored; upload it again (items already stored, with the same external_id, are skipped).",
            ],
            [
                "Le fichier a cessé d'arriver après 0 élément enregistré ; envoyez-le à nouveau (les éléments déjà enregistrés, avec le même external_id, sont ignorés).",
                "Le fichier a cessé d'arriver après 1 élément enregistré ; envoyez-le à nouveau (les éléments déjà enregistrés, avec le même external_id, sont ignorés).",
                "Le fichier a cessé d'arriver après 2 éléments enregistrés ; envoyez-le à nouveau (les éléments déjà enregistrés, avec le même external_id, sont ignorés).",
            ],
        ),
        (
            "task-lease-left",
            &["count"],
            &[],
            [
                "This task is kept for you for about 0 minutes.",
                "This task is kept for you for about 1 minute more.",
                "This task is kept for you for about 2 minutes.",
            ],
            [
                "Cette tâche vous est réservée encore environ 0 minute.",
                "Cette tâche vous est réservée encore environ 1 minute.",
                "Cette tâche vous est réservée encore environ 2 minutes.",
            ],
        ),
        (
            "task-lease-grace",
            &["count"],
            &[],
            [
                "The time is up, but your answer is still accepted for 0 minutes.",
                "The time is up, but your answer is still accepted for 1 minute.",
                "The time is up, but your answer is still accepted for 2 minutes.",
            ],
            [
                "Le temps est écoulé, mais votre réponse est encore acceptée pendant 0 minute.",
                "Le temps est écoulé, mais votre réponse est encore acceptée pendant 1 minute.",
                "Le temps est écoulé, mais votre réponse est encore acceptée pendant 2 minutes.",
            ],
        ),
        (
            "history-answers",
            &["count"],
            &[],
            ["0 answers", "1 answer", "2 answers"],
            ["0 réponse", "1 réponse", "2 réponses"],
        ),
        (
            "projects-answers-of",
            &["answers", "expected"],
            &[],
            ["0 of 0 answers", "1 of 1 answer", "2 of 2 answers"],
            ["0 réponse sur 0", "1 réponse sur 1", "2 réponses sur 2"],
        ),
        (
            "projects-items",
            &["count"],
            &[],
            ["0 items", "1 item", "2 items"],
            ["0 élément", "1 élément", "2 éléments"],
        ),
        (
            "upload-result",
            &["created", "skipped"],
            &[],
            [
                "0 items added, 0 already there",
                "1 item added, 1 already there",
                "2 items added, 2 already there",
            ],
            [
                "0 élément ajouté, 0 déjà présent",
                "1 élément ajouté, 1 déjà présent",
                "2 éléments ajoutés, 2 déjà présents",
            ],
        ),
        (
            "upload-errors",
            &["count"],
            &[],
            ["0 lines refused", "1 line refused", "2 lines refused"],
            ["0 ligne refusée", "1 ligne refusée", "2 lignes refusées"],
        ),
        (
            "monitor-agreement",
            &["count"],
            &[],
            [
                "agreement between workers (0 items)",
                "agreement between workers (1 item)",
                "agreement between workers (2 items)",
            ],
            [
                "d'accord entre travailleur·ses (0 élément)",
                "d'accord entre travailleur·ses (1 élément)",
                "d'accord entre travailleur·ses (2 éléments)",
            ],
        ),
        (
            "handprint-words-workers",
            &["count"],
            &[],
            [
                "0 workers took part",
                "1 worker took part",
                "2 workers took part",
            ],
            [
                "0 personne y a travaillé",
                "1 personne y a travaillé",
                "2 personnes y ont travaillé",
            ],
        ),
        (
            "handprint-words-rejected",
            &["count"],
            &[],
            [
                "0 answers rejected",
                "1 answer rejected",
                "2 answers rejected",
            ],
            [
                "0 réponse rejetée",
                "1 réponse rejetée",
                "2 réponses rejetées",
            ],
        ),
        (
            "monitor-rate-summary",
            &["count"],
            &[],
            [
                "0 answers in the last 24 hours",
                "1 answer in the last 24 hours",
                "2 answers in the last 24 hours",
            ],
            [
                "0 réponse dans les dernières 24 heures",
                "1 réponse dans les dernières 24 heures",
                "2 réponses dans les dernières 24 heures",
            ],
        ),
        (
            "monitor-reports",
            &["count"],
            &[],
            [
                "0 reports of broken tasks",
                "1 report of a broken task",
                "2 reports of broken tasks",
            ],
            [
                "0 signalement de tâche défectueuse",
                "1 signalement de tâche défectueuse",
                "2 signalements de tâches défectueuses",
            ],
        ),
        (
            "trust-reports-open",
            &["count"],
            &[],
            ["No open report", "1 open report", "2 open reports"],
            [
                "Aucun signalement ouvert",
                "1 signalement ouvert",
                "2 signalements ouverts",
            ],
        ),
        (
            "trust-suspensions",
            &["count"],
            &[],
            [
                "No suspension in force",
                "1 suspension in force",
                "2 suspensions in force",
            ],
            [
                "Aucune suspension en cours",
                "1 suspension en cours",
                "2 suspensions en cours",
            ],
        ),
        (
            "earnings-approved",
            &["count"],
            &[],
            [
                "0 approved answers",
                "1 approved answer",
                "2 approved answers",
            ],
            [
                "0 réponse approuvée",
                "1 réponse approuvée",
                "2 réponses approuvées",
            ],
        ),
        (
            "earnings-rejections",
            &["count"],
            &[],
            [
                "0 rejections on your record",
                "1 rejection on your record",
                "2 rejections on your record",
            ],
            ["0 refus compté", "1 refus compté", "2 refus comptés"],
        ),
        (
            "earnings-rejections-open",
            &["count"],
            &[],
            [
                "0 rejections still open to dispute (not counted)",
                "1 rejection still open to dispute (not counted)",
                "2 rejections still open to dispute (not counted)",
            ],
            [
                "0 refus encore contestable (non compté)",
                "1 refus encore contestable (non compté)",
                "2 refus encore contestables (non comptés)",
            ],
        ),
        (
            "shortfall-rewards",
            &["count"],
            &[],
            [
                "Rewards for 0 answers",
                "Rewards for 1 answer",
                "Rewards for 2 answers",
            ],
            [
                "Récompenses pour 0 réponse",
                "Récompenses pour 1 réponse",
                "Récompenses pour 2 réponses",
            ],
        ),
        (
            "review-bonus-already",
            &["count"],
            &[],
            [
                "The bonuses on 0 answers had already been paid from this form: nothing was paid again.",
                "The bonus on 1 answer had already been paid from this form: nothing was paid again.",
                "The bonuses on 2 answers had already been paid from this form: nothing was paid again.",
            ],
            [
                "La prime sur 0 réponse avait déjà été versée depuis ce formulaire : rien n'a été versé une seconde fois.",
                "La prime sur 1 réponse avait déjà été versée depuis ce formulaire : rien n'a été versé une seconde fois.",
                "Les primes sur 2 réponses avaient déjà été versées depuis ce formulaire : rien n'a été versé une seconde fois.",
            ],
        ),
        (
            "review-done",
            &["count"],
            &[],
            [
                "Done for 0 answers.",
                "Done for 1 answer.",
                "Done for 2 answers.",
            ],
            [
                "Fait pour 0 réponse.",
                "Fait pour 1 réponse.",
                "Fait pour 2 réponses.",
            ],
        ),
        (
            "ledger-ok",
            &["accounts", "transfers"],
            &[],
            [
                "The ledger balances: 0 accounts, 0 transfers.",
                "The ledger balances: 1 account, 1 transfer.",
                "The ledger balances: 2 accounts, 2 transfers.",
            ],
            [
                "Le grand livre est équilibré : 0 compte, 0 transfert.",
                "Le grand livre est équilibré : 1 compte, 1 transfert.",
                "Le grand livre est équilibré : 2 comptes, 2 transferts.",
            ],
        ),
        (
            "ledger-problems",
            &["count"],
            &[],
            [
                "0 problems in the ledger:",
                "1 problem in the ledger:",
                "2 problems in the ledger:",
            ],
            [
                "0 problème dans le grand livre :",
                "1 problème dans le grand livre :",
                "2 problèmes dans le grand livre :",
            ],
        ),
        (
            "memo-escrow-answers",
            &["count"],
            &[("title", "Cats")],
            [
                "escrow for 0 answers of \"Cats\" with fees and top-up reserve",
                "escrow for 1 answer of \"Cats\" with fees and top-up reserve",
                "escrow for 2 answers of \"Cats\" with fees and top-up reserve",
            ],
            [
                "séquestre pour 0 réponse de « Cats », frais et réserve de compléments compris",
                "séquestre pour 1 réponse de « Cats », frais et réserve de compléments compris",
                "séquestre pour 2 réponses de « Cats », frais et réserve de compléments compris",
            ],
        ),
        (
            "memo-escrow-items",
            &["count"],
            &[("title", "Cats")],
            [
                "escrow for 0 new items of \"Cats\"",
                "escrow for 1 new item of \"Cats\"",
                "escrow for 2 new items of \"Cats\"",
            ],
            [
                "séquestre pour 0 nouvel élément de « Cats »",
                "séquestre pour 1 nouvel élément de « Cats »",
                "séquestre pour 2 nouveaux éléments de « Cats »",
            ],
        ),
        (
            "answer-boxes-at-least-plain",
            &["min", "count"],
            &[],
            [
                "Draw at least 0 boxes before you send (you drew 0).",
                "Draw at least 1 box before you send (you drew 1).",
                "Draw at least 2 boxes before you send (you drew 2).",
            ],
            [
                "Tracez au moins 0 cadre avant d'envoyer (vous en avez tracé 0).",
                "Tracez au moins 1 cadre avant d'envoyer (vous en avez tracé 1).",
                "Tracez au moins 2 cadres avant d'envoyer (vous en avez tracé 2).",
            ],
        ),
        (
            "answer-segments-at-least",
            &["min", "count"],
            &[],
            [
                "mark at least 0 segments (got 0)",
                "mark at least 1 segment (got 1)",
                "mark at least 2 segments (got 2)",
            ],
            [
                "marquez au moins 0 segment (reçu 0)",
                "marquez au moins 1 segment (reçu 1)",
                "marquez au moins 2 segments (reçu 2)",
            ],
        ),
        (
            "answer-segments-at-most",
            &["max", "count"],
            &[],
            [
                "mark at most 0 segments (got 0)",
                "mark at most 1 segment (got 1)",
                "mark at most 2 segments (got 2)",
            ],
            [
                "marquez au plus 0 segment (reçu 0)",
                "marquez au plus 1 segment (reçu 1)",
                "marquez au plus 2 segments (reçu 2)",
            ],
        ),
        (
            "answer-boxes-at-most-plain",
            &["max", "count"],
            &[],
            [
                "Draw at most 0 boxes (you drew 0): delete the extra ones, then send.",
                "Draw at most 1 box (you drew 1): delete the extra ones, then send.",
                "Draw at most 2 boxes (you drew 2): delete the extra ones, then send.",
            ],
            [
                "Tracez au plus 0 cadre (vous en avez tracé 0) : supprimez ceux en trop, puis envoyez.",
                "Tracez au plus 1 cadre (vous en avez tracé 1) : supprimez ceux en trop, puis envoyez.",
                "Tracez au plus 2 cadres (vous en avez tracé 2) : supprimez ceux en trop, puis envoyez.",
            ],
        ),
        (
            "err-signin-throttled",
            &["count"],
            &[],
            [
                "too many failed sign-ins; try again in 0 seconds",
                "too many failed sign-ins; try again in 1 second",
                "too many failed sign-ins; try again in 2 seconds",
            ],
            [
                "trop de connexions échouées ; réessayez dans 0 seconde",
                "trop de connexions échouées ; réessayez dans 1 seconde",
                "trop de connexions échouées ; réessayez dans 2 secondes",
            ],
        ),
        (
            "account-password-changed",
            &["count"],
            &[],
            [
                "Your password is changed; 0 other sessions were signed out.",
                "Your password is changed; 1 other session was signed out.",
                "Your password is changed; 2 other sessions were signed out.",
            ],
            [
                "Votre mot de passe est changé ; 0 autre session a été déconnectée.",
                "Votre mot de passe est changé ; 1 autre session a été déconnectée.",
                "Votre mot de passe est changé ; 2 autres sessions ont été déconnectées.",
            ],
        ),
        (
            "reset-done",
            &["count"],
            &[],
            [
                "Your new password is set; no session was open. Sign in with it.",
                "Your new password is set; 1 session was signed out. Sign in with the new password.",
                "Your new password is set; 2 sessions were signed out. Sign in with the new password.",
            ],
            [
                "Votre nouveau mot de passe est enregistré ; aucune session n'était ouverte. Connectez-vous avec lui.",
                "Votre nouveau mot de passe est enregistré ; 1 session a été déconnectée. Connectez-vous avec le nouveau mot de passe.",
                "Votre nouveau mot de passe est enregistré ; 2 sessions ont été déconnectées. Connectez-vous avec le nouveau mot de passe.",
            ],
        ),
        (
            "err-reset-throttled",
            &["count"],
            &[],
            [
                "too many reset requests or failed sign-ins for this address; try again in 0 seconds",
                "too many reset requests or failed sign-ins for this address; try again in 1 second",
                "too many reset requests or failed sign-ins for this address; try again in 2 seconds",
            ],
            [
                "trop de demandes de réinitialisation ou de connexions échouées pour cette adresse ; réessayez dans 0 seconde",
                "trop de demandes de réinitialisation ou de connexions échouées pour cette adresse ; réessayez dans 1 seconde",
                "trop de demandes de réinitialisation ou de connexions échouées pour cette adresse ; réessayez dans 2 secondes",
            ],
        ),
        // Sensitive content (issue 16).
        (
            "settings-minutes",
            &["count"],
            &[],
            ["0 minutes", "1 minute", "2 minutes"],
            ["0 minute", "1 minute", "2 minutes"],
        ),
        (
            "sensitive-counter",
            &["cap"],
            &[("category", "Violence"), ("minutes", "12")],
            [
                "Violence: 12 of 0 minutes today",
                "Violence: 12 of 1 minute today",
                "Violence: 12 of 2 minutes today",
            ],
            [
                "Violence : 12 sur 0 minute aujourd'hui",
                "Violence : 12 sur 1 minute aujourd'hui",
                "Violence : 12 sur 2 minutes aujourd'hui",
            ],
        ),
        (
            "worktime-minutes",
            &["count"],
            &[],
            ["no minutes", "1 minute", "2 minutes"],
            ["aucune minute", "1 minute", "2 minutes"],
        ),
        (
            "worktime-unanswered",
            &["count"],
            &[],
            [
                "no minutes on tasks given back or expired",
                "1 minute on tasks given back or expired",
                "2 minutes on tasks given back or expired",
            ],
            [
                "aucune minute sur des tâches rendues ou expirées",
                "1 minute sur des tâches rendues ou expirées",
                "2 minutes sur des tâches rendues ou expirées",
            ],
        ),
        (
            "worktime-tests",
            &["count"],
            &[],
            [
                "no minutes on tests",
                "1 minute on tests",
                "2 minutes on tests",
            ],
            [
                "aucune minute sur des tests",
                "1 minute sur des tests",
                "2 minutes sur des tests",
            ],
        ),
        (
            "worktime-searching",
            &["count"],
            &[],
            [
                "no minutes searching",
                "1 minute searching",
                "2 minutes searching",
            ],
            [
                "aucune minute de recherche",
                "1 minute de recherche",
                "2 minutes de recherche",
            ],
        ),
        (
            "forum-threads-count",
            &["count"],
            &[],
            ["no thread", "1 thread", "2 threads"],
            ["aucune discussion", "1 discussion", "2 discussions"],
        ),
        (
            "forum-posts-count",
            &["count"],
            &[],
            ["no post", "1 post", "2 posts"],
            ["aucun message", "1 message", "2 messages"],
        ),
        (
            "forum-results-count",
            &["count"],
            &[],
            ["Nothing found.", "1 post found.", "2 posts found."],
            ["Rien trouvé.", "1 message trouvé.", "2 messages trouvés."],
        ),
        (
            "err-forum-too-many-posts",
            &["count"],
            &[("posts", "10")],
            [
                "you wrote 10 posts in the last 0 minutes: wait a few minutes before posting again",
                "you wrote 10 posts in the last minute: wait a minute before posting again",
                "you wrote 10 posts in the last 2 minutes: wait a few minutes before posting again",
            ],
            [
                "Vous avez écrit 10 messages dans la dernière minute : attendez une minute avant d'écrire à nouveau.",
                "Vous avez écrit 10 messages dans la dernière minute : attendez une minute avant d'écrire à nouveau.",
                "Vous avez écrit 10 messages dans les 2 dernières minutes : attendez quelques minutes avant d'écrire à nouveau.",
            ],
        ),
    ];

    /// The ids of the messages of a catalogue that select on a number (`[one]`).
    fn plural_ids(tag: &str) -> std::collections::BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(dir.join("../core/locales").join(tag).join("main.ftl"))
            .expect("catalogue");
        let mut ids = std::collections::BTreeSet::new();
        let mut current = String::new();
        for line in text.lines() {
            if let Some((id, _)) = line.split_once(" =")
                && !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                current = id.to_string();
            }
            if line.trim_start().starts_with("[one]") {
                ids.insert(current.clone());
            }
        }
        ids
    }

    #[test]
    fn every_plural_message_reads_right_at_0_1_and_2_in_both_languages() {
        let listed: std::collections::BTreeSet<String> =
            PLURALS.iter().map(|p| p.0.to_string()).collect();
        assert_eq!(listed.len(), 69);
        for tag in ["en", "fr"] {
            assert_eq!(plural_ids(tag), listed, "the plurals of {tag}");
        }
        for (id, numbers, others, english, french) in PLURALS {
            for (tr, expected) in [(Tr::default(), english), (Tr::for_tag("fr"), french)] {
                for (n, want) in [0_i64, 1, 2].into_iter().zip(expected.iter()) {
                    let mut values: Vec<(&str, FluentValue<'static>)> = numbers
                        .iter()
                        .map(|name| (*name, FluentValue::from(n)))
                        .collect();
                    values.extend(others.iter().map(|(k, v)| (*k, FluentValue::from(*v))));
                    assert_eq!(
                        tr.lookup(id, &values).as_deref(),
                        Some(*want),
                        "{id} at {n} in {}",
                        tr.lang()
                    );
                }
            }
        }
        // The helpers the pages call give the same texts: counts passed as text to
        // `t1`/`args`, and in coded messages, select plurals too.
        let fr = Tr::for_tag("fr");
        let expected = |id: &str, french: bool, n: usize| {
            let case = PLURALS.iter().find(|c| c.0 == id).expect("listed");
            if french { case.4[n] } else { case.3[n] }
        };
        assert_eq!(
            fr.t1("upload-broken", "stored", 0),
            expected("upload-broken", true, 0)
        );
        assert_eq!(
            Tr::default().t1("upload-broken", "stored", 1),
            expected("upload-broken", false, 1)
        );
        let unfunded = |n: &str| {
            handprint_core::Msg::coded(
                "err-upload-unfunded",
                vec![("stored", n.into()), ("next", n.into())],
            )
        };
        assert_eq!(
            fr.msg(&unfunded("1")),
            expected("err-upload-unfunded", true, 1)
        );
        assert_eq!(
            Tr::default().msg(&unfunded("2")),
            expected("err-upload-unfunded", false, 2)
        );
        assert_eq!(fr.count("earnings-approved", 0), "0 réponse approuvée");
        assert_eq!(
            fr.count2("upload-result", "created", 1, "skipped", 0),
            "1 élément ajouté, 0 déjà présent"
        );
        assert_eq!(
            Tr::default().count2("upload-result", "created", 1, "skipped", 3),
            "1 item added, 3 already there"
        );
        assert_eq!(
            fr.count2("projects-answers-of", "answers", 1, "expected", 4),
            "1 réponse sur 4"
        );
        assert_eq!(
            Tr::default().count2("projects-answers-of", "answers", 0, "expected", 1),
            "0 of 1 answer"
        );
    }

    #[test]
    fn amounts_are_written_with_the_pages_decimal_mark() {
        use handprint_core::{Currency, Money};
        let (en, fr) = (Tr::default(), Tr::for_tag("fr"));
        let usd = Currency::default();
        assert_eq!(en.money(Money(75), &usd), "0.75 USD");
        assert_eq!(fr.money(Money(75), &usd), "0,75 USD");
        assert_eq!(en.money(Money(123_450), &usd), "1234.50 USD");
        assert_eq!(fr.money(Money(123_450), &usd), "1\u{202f}234,50 USD");
        assert_eq!(fr.amount("-500.00"), "-500,00");
        assert_eq!(en.amount("-500.00"), "-500.00");
        assert_eq!(fr.amount("3.20 USD"), "3,20 USD");
        assert_eq!(fr.amount("—"), "—");
        // Amounts inside domain messages follow the page too; other numbers are left alone.
        let m = handprint_core::Msg::coded(
            "err-payout-over-balance",
            vec![("balance", "3.20 USD".into())],
        );
        assert_eq!(fr.msg(&m), "votre solde disponible est de 3,20 USD");
        assert_eq!(en.msg(&m), "your available balance is 3.20 USD");
        let m = handprint_core::Msg::coded(
            "problem-money-too-precise",
            vec![
                ("value", "0.255".into()),
                ("digits", "2".into()),
                ("currency", "USD".into()),
            ],
        );
        assert_eq!(
            fr.msg(&m),
            "« 0.255 » a plus de 2 décimales, la précision de USD",
            "what was typed is quoted as typed"
        );
    }

    #[test]
    fn ledger_memos_are_shown_in_the_pages_language() {
        let (en, fr) = (Tr::default(), Tr::for_tag("fr"));
        let floor = "approved answers took a median of 120 s, so a reward of 0.10 pays 3.00 per hour, under the floor of 6.00";
        let cases = [
            (
                "reward for an approved answer in \"Chats\"".to_string(),
                "rémunération d'une réponse approuvée dans « Chats »",
            ),
            (
                "reward for an answer in \"Chats\" (rejection overturned)".into(),
                "rémunération d'une réponse dans « Chats » (refus annulé)",
            ),
            (
                "a final rejection in \"Chats\": the answer's reward and fee return".into(),
                "un refus définitif dans « Chats » : la rémunération et les frais de la réponse reviennent",
            ),
            (
                "escrow for 1 answers of \"Chats\" with fees and top-up reserve".into(),
                "séquestre pour 1 réponse de « Chats », frais et réserve de compléments compris",
            ),
            (
                "escrow for 3 new items of \"Chats\"".into(),
                "séquestre pour 3 nouveaux éléments de « Chats »",
            ),
            (
                "escrow for one more answer of \"Chats\" (an answer beyond the funded slots)"
                    .into(),
                "séquestre pour une réponse de plus de « Chats » (une réponse au-delà des places financées)",
            ),
            (
                "escrow \"Chats\" no longer needs".into(),
                "séquestre dont « Chats » n'a plus besoin",
            ),
            ("deposit, reference TX-9".into(), "dépôt, référence TX-9"),
            (
                format!("escrow for top-ups to the pay floor: {floor}"),
                "séquestre pour les compléments au plancher de rémunération : les réponses approuvées ont pris en médiane 120 s, donc une rémunération de 0,10 paie 3,00 de l'heure, sous le plancher de 6,00",
            ),
            (
                format!("top-up to the pay floor: {floor}"),
                "complément au plancher de rémunération : les réponses approuvées ont pris en médiane 120 s, donc une rémunération de 0,10 paie 3,00 de l'heure, sous le plancher de 6,00",
            ),
            (
                "payout requested to M-Pesa +254 700".into(),
                "versement demandé vers M-Pesa +254 700",
            ),
            (
                "paid to M-Pesa +254 700, reference B-7".into(),
                "versé à M-Pesa +254 700, référence B-7",
            ),
            (
                "payout failed (account closed); the money is available again".into(),
                "le versement a échoué (account closed) ; l'argent est de nouveau disponible",
            ),
            (
                "Merci pour ces cadres soignés !".into(),
                "Merci pour ces cadres soignés !",
            ),
        ];
        assert_eq!(cases.len(), 14);
        for (stored, french) in &cases {
            assert_eq!(fr.memo(stored), *french, "{stored}");
        }
        // English reads as stored, but with the plural right.
        for (stored, _) in cases
            .iter()
            .filter(|(s, _)| !s.starts_with("escrow for 1 "))
        {
            assert_eq!(en.memo(stored), *stored);
        }
        assert_eq!(
            en.memo("escrow for 1 answers of \"Chats\" with fees and top-up reserve"),
            "escrow for 1 answer of \"Chats\" with fees and top-up reserve"
        );
    }

    #[test]
    fn a_worker_reads_what_to_do_when_the_page_sent_an_answer_of_the_wrong_shape() {
        use handprint_core::template::Template;
        use serde_json::json;
        let boxes = Template::parse(&json!({"kind": "bounding_boxes", "image_field": "img",
                                             "labels": ["car"], "min_boxes": 2}))
        .expect("valid");
        let form = Template::parse(&json!({"kind": "form", "fields": [
            {"name": "n", "label": "Count", "type": "text"}]}))
        .expect("valid");
        let choice = Template::parse(&json!({"kind": "single_choice",
                                              "options": ["yes", "no"]}))
        .expect("valid");
        let multi = Template::parse(&json!({"kind": "multi_choice",
                                             "options": ["yes", "no"]}))
        .expect("valid");
        let rating =
            Template::parse(&json!({"kind": "rating", "min": 1, "max": 5})).expect("valid");
        let text = Template::parse(&json!({"kind": "text"})).expect("valid");
        let problem = |t: &Template, answer: serde_json::Value| {
            t.validate_answer(&json!({"img": "http://x/1.png"}), &answer)
                .expect_err("refused")
                .into_problem("/answer")
        };
        let (en, fr) = (Tr::default(), Tr::for_tag("fr"));
        let cases = [
            (
                problem(&boxes, serde_json::Value::Null),
                "Draw at least one box before you send.",
                "Tracez au moins un cadre avant d'envoyer.",
            ),
            (
                problem(
                    &boxes,
                    json!({"boxes": [{"x": 1, "y": 1, "w": 1, "h": 1, "label": "car"}, 3]}),
                ),
                "Box 2: Draw this box again on the image, then send.",
                "Cadre 2 : Tracez de nouveau ce cadre sur l'image, puis envoyez.",
            ),
            (
                problem(
                    &boxes,
                    json!({"boxes": [{"x": 1, "y": 1, "w": 1, "h": 1, "label": "car"}]}),
                ),
                "Draw at least 2 boxes before you send (you drew 1).",
                "Tracez au moins 2 cadres avant d'envoyer (vous en avez tracé 1).",
            ),
            (
                problem(&form, json!({"n": 3})),
                "Fill in \"Count\" before you send.",
                "Remplissez « Count » avant d'envoyer.",
            ),
            (
                problem(&choice, serde_json::Value::Null),
                "Choose one of the options before you send.",
                "Choisissez une des options avant d'envoyer.",
            ),
            (
                problem(&multi, json!("yes")),
                "Tick the options that apply before you send.",
                "Cochez les options qui conviennent avant d'envoyer.",
            ),
            (
                problem(&rating, serde_json::Value::Null),
                "Choose a point on the scale before you send.",
                "Choisissez un point de l'échelle avant d'envoyer.",
            ),
            (
                problem(&text, serde_json::Value::Null),
                "Write your answer in the box before you send.",
                "Écrivez votre réponse dans la zone de texte avant d'envoyer.",
            ),
            (
                problem(&form, json!([])),
                "Fill in the form before you send.",
                "Remplissez le formulaire avant d'envoyer.",
            ),
        ];
        for (p, english, french) in &cases {
            assert_eq!(en.answer_problem(p), *english, "{:?}", p.code);
            assert_eq!(fr.answer_problem(p), *french, "{:?}", p.code);
        }
        // The API keeps the precise detail.
        assert_eq!(
            cases[0].0.message,
            "the answer must be an object {\"boxes\": [...]}, not null"
        );
        // A problem a person can act on reads as the API's message does, translated.
        let p = problem(&choice, json!("maybe"));
        assert_eq!(en.answer_problem(&p), p.message);
        assert_eq!(en.answer_problem(&p), en.problem(&p));
    }

    #[test]
    fn a_forms_error_summary_names_each_field() {
        use super::super::auth::Errors;
        use super::super::forms::{error_summary, field_label};
        let (en, fr) = (Tr::default(), Tr::for_tag("fr"));
        let mut errors = Errors::default();
        errors.push("title", "must not be empty");
        errors.push("reward", "the reward must be more than zero");
        errors.push(
            "form",
            "the project cannot be published until these are fixed",
        );
        assert_eq!(
            error_summary(&en, &errors),
            vec![
                ("title".to_string(), "Title: must not be empty".to_string()),
                (
                    "reward".into(),
                    "Reward per answer: the reward must be more than zero".into()
                ),
                (
                    "form".into(),
                    "the project cannot be published until these are fixed".into()
                ),
            ]
        );
        let mut errors = Errors::default();
        errors.push("title", "ne doit pas être vide");
        assert_eq!(
            error_summary(&fr, &errors),
            vec![(
                "title".to_string(),
                "Titre : ne doit pas être vide".to_string()
            )]
        );
        // Every label exists in both languages.
        let names = [
            "title",
            "description",
            "instructions",
            "language",
            "purpose",
            "end_uses",
            "sensitive_content",
            "reward",
            "estimated_seconds",
            "answers_per_task",
            "lease_seconds",
            "review_window_seconds",
            "control_rate",
            "quality_rules",
            "kind",
            "question",
            "options",
            "min_selected",
            "max_selected",
            "media_type",
            "media_field",
            "max_length",
            "rating_min",
            "rating_max",
            "rating_labels",
            "image_field",
            "box_labels",
            "min_boxes",
            "max_boxes",
            "form_fields",
            "ff_2_label",
            "amount",
            "destination",
            "reference",
            "organization_id",
            "email",
            "password",
            "name",
            "country",
            "organization",
        ];
        for tr in [&en, &fr] {
            for name in names {
                let label = field_label(tr, name).unwrap_or_else(|| panic!("no label for {name}"));
                assert!(
                    !label.contains('{')
                        && !label.starts_with("edit-")
                        && !label.contains("field-"),
                    "{name}: {label}"
                );
            }
        }
        assert_eq!(field_label(&en, "form"), None);
        // A refusal names a top-level field by its label, a path into a document as is.
        let refusal = super::super::Refusal {
            head: handprint_core::Msg::coded("err-project-invalid", Vec::new()),
            fields: vec![
                (
                    "title".into(),
                    handprint_core::Msg::coded("problem-title-empty", Vec::new()),
                ),
                (
                    "template/fields/0/name".into(),
                    handprint_core::Msg::coded("problem-title-empty", Vec::new()),
                ),
            ],
        };
        assert_eq!(
            refusal.text(&fr),
            "le projet a des champs invalides\n• Titre : ne doit pas être vide\n• template/fields/0/name : ne doit pas être vide"
        );
    }

    /// Ids built at run time from domain values (`format!("reason-{…}")` and the like)
    /// escape the scan above: each one is listed here from the domain's own lists.
    #[test]
    fn every_message_built_from_a_domain_value_exists_in_every_language() {
        use handprint_core::ledger::{AccountKind, Reason};
        use handprint_core::review::RejectionReason;
        let mut ids: Vec<String> = Vec::new();
        ids.extend(
            RejectionReason::ALL
                .iter()
                .map(|r| format!("reason-{}", r.as_str())),
        );
        ids.extend(
            Reason::ALL
                .iter()
                .map(|r| format!("line-{}", r.as_str().replace('_', "-"))),
        );
        ids.extend(AccountKind::ALL.iter().map(|k| {
            let label = handprint_store::ledger::kind_label(k.as_str());
            format!("account-{}", label.replace(' ', "-"))
        }));
        ids.extend(
            AccountKind::ALL
                .iter()
                .map(|k| format!("pkind-{}", k.as_str().replace('_', "-"))),
        );
        for s in [
            "pending",
            "approved",
            "rejected",
            "rejection-final",
            "overturned",
        ] {
            ids.push(format!("rstate-{s}"));
        }
        for s in ["open", "overturned", "upheld", "reversed"] {
            ids.push(format!("dstate-{s}"));
            ids.push(format!("dispute-done-{s}").replace("dispute-done-open", "dispute-sent"));
        }
        for s in ["requested", "paid", "failed"] {
            ids.push(format!("payout-{s}"));
        }
        // Notices: `notice-<kind>` as `Tr::notice` builds it from the stored kind.
        for kind in ["pay_floor_topup", "paused_for_pay_floor"] {
            ids.push(format!("notice-{}", kind.replace('_', "-")));
        }
        ids.push("notice-reward-raised".into());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (tag, _) in AVAILABLE.iter() {
            let text =
                std::fs::read_to_string(dir.join("../core/locales").join(tag).join("main.ftl"))
                    .expect("catalogue");
            let missing: Vec<_> = ids
                .iter()
                .filter(|id| !text.lines().any(|l| l.starts_with(&format!("{id} ="))))
                .collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
        }
    }
}
