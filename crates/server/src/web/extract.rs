//! What a page handler may rely on before its first line runs: who is asking
//! ([`WorkerPage`], [`RequesterPage`], [`OperatorPage`], or any [`SignedIn`]
//! account) and, for a form post, that the session's CSRF token came with it
//! ([`CsrfForm`]), the form then read into the handler's own struct.
//!
//! Role extractors, not one router per role behind a layer: pages stay grouped
//! by resource (one router per file), and some files serve several roles (a
//! requester opens a dispute, an operator decides it; anyone keeps API keys). The
//! type in the handler's signature is the check, visible where the handler is
//! read; the test at the end of this file fails if a handler takes a bare `Form`,
//! checks a token or a role by hand. (Cross-site posts are refused earlier still,
//! for every page, by [`super::guard_cross_site`].)
//!
//! Axum runs the role extractor (it reads the request's head) before `CsrfForm`
//! (it reads the body): a post with the wrong role and no token is refused for its
//! role. Both are 403; the session is looked up once (`Visitor` caches itself).

use super::i18n::Tr;
use super::session::{SignedIn, Visitor};
use super::{WebError, refusal_text};
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts, RawForm, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use handprint_core::account::Role;
use serde::de::value::MapDeserializer;
use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor as SerdeVisitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

/// The role a page is for.
pub trait PageRole: Send + Sync + 'static {
    const ROLE: Role;
}

/// Marker: a worker's page.
pub enum Worker {}
/// Marker: a requester's page.
pub enum Requester {}
/// Marker: an operator's page.
pub enum Operator {}

impl PageRole for Worker {
    const ROLE: Role = Role::Worker;
}
impl PageRole for Requester {
    const ROLE: Role = Role::Requester;
}
impl PageRole for Operator {
    const ROLE: Role = Role::Operator;
}

/// A signed-in account of role `R`. Anyone not signed in is sent to the sign-in
/// page (as [`SignedIn`] does); an account of another role gets the API's 403
/// ("this needs a worker account; you are signed in as a requester") as an HTML
/// page, or as JSON `{ok: false, message}` to the task page's script (`X-HP-Fetch`).
pub struct RolePage<R> {
    signed: SignedIn,
    role: PhantomData<fn() -> R>,
}

pub type WorkerPage = RolePage<Worker>;
pub type RequesterPage = RolePage<Requester>;
pub type OperatorPage = RolePage<Operator>;

impl<R> Deref for RolePage<R> {
    type Target = SignedIn;
    fn deref(&self) -> &SignedIn {
        &self.signed
    }
}

impl<R: PageRole> FromRequestParts<AppState> for RolePage<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let signed = SignedIn::from_request_parts(parts, state).await?;
        match signed.caller().require(R::ROLE) {
            Ok(()) => Ok(RolePage {
                signed,
                role: PhantomData,
            }),
            Err(e) if wants_json(&parts.headers) => {
                let t = Tr::from_headers(&parts.headers);
                Err(json_refusal(StatusCode::FORBIDDEN, refusal_text(&t, &e)))
            }
            Err(e) => Err(WebError::from(e).into_response()),
        }
    }
}

/// Whether the page's script sent this (it wants JSON back, not a page).
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers.contains_key("x-hp-fetch")
}

/// A refusal as the task page's script reads it.
pub fn json_refusal(status: StatusCode, message: String) -> Response {
    (
        status,
        axum::Json(serde_json::json!({"ok": false, "message": message})),
    )
        .into_response()
}

/// A urlencoded form post whose `_csrf` field is the session's token, read into
/// `T` (serde_html_form: a repeated name fills a `Vec`; give every field a
/// default, as a browser leaves out unticked boxes). The token is checked before
/// anything of `T` is read; a wrong or missing one is the 403 page `error-csrf`
/// (JSON to the script). A body that does not fit `T` is the 422 page
/// `error-form-unreadable`. Not for multipart uploads (see `requester::upload`).
pub struct CsrfForm<T>(pub T);

#[derive(Deserialize, Default)]
struct Token {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let fetch = wants_json(&parts.headers);
        let t = Tr::from_headers(&parts.headers);
        let RawForm(bytes) = RawForm::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let token: Token = serde_html_form::from_bytes(&bytes).unwrap_or_default();
        if let Err(e) = visitor.check_token(&token.csrf) {
            return Err(if fetch {
                json_refusal(StatusCode::FORBIDDEN, t.t("error-csrf"))
            } else {
                e.into_response()
            });
        }
        serde_html_form::from_bytes(&bytes)
            .map(CsrfForm)
            .map_err(|e| {
                tracing::info!(error = %e, "a form post that does not fit its page's form");
                WebError::UnreadableForm.into_response()
            })
    }
}

/// The fields of a form whose names are made when the page is drawn (a task's
/// `f_<name>`, the project editor's `ff_<key>_<setting>` rows), as (name, value)
/// pairs: a repeated name keeps its values in the order posted, next to each other.
#[derive(Clone, Debug, Default)]
pub struct Posted(Vec<(String, String)>);

impl Posted {
    pub fn new(pairs: Vec<(String, String)>) -> Posted {
        Posted(pairs)
    }
    /// The first value of `name`, or "" when it was not sent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    /// Every value of `name` (ticked boxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Posted {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Posted, D::Error> {
        struct Pairs;
        impl<'de> SerdeVisitor<'de> for Pairs {
            type Value = Posted;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("form fields")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Posted, A::Error> {
                let mut pairs = Vec::new();
                while let Some((name, OneOrMany(values))) = map.next_entry::<String, OneOrMany>()? {
                    pairs.extend(values.into_iter().map(|v| (name.clone(), v)));
                }
                Ok(Posted(pairs))
            }
        }
        d.deserialize_map(Pairs)
    }
}

/// A form with some names known in advance, read into `T` (single values only), and
/// others made when the page was drawn, kept as [`Posted`] pairs (all of them).
pub struct Dynamic<T> {
    pub form: T,
    pub fields: Posted,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Dynamic<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dynamic<T>, D::Error> {
        let fields = Posted::deserialize(d)?;
        let pairs = fields.0.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let form = T::deserialize(MapDeserializer::<_, D::Error>::new(pairs))?;
        Ok(Dynamic { form, fields })
    }
}

/// One field's value, or the values of a name sent more than once.
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OneOrMany, D::Error> {
        struct Values;
        impl<'de> SerdeVisitor<'de> for Values {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut values = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    values.push(v);
                }
                Ok(OneOrMany(values))
            }
        }
        d.deserialize_any(Values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posted_pairs_keep_repeated_names_in_the_order_sent() {
        let posted: Posted =
            serde_html_form::from_str("ff=b&ff_b_name=x&ff=a&answer=1&answer=3&_csrf=t")
                .expect("pairs");
        assert_eq!(posted.all("ff"), vec!["b".to_string(), "a".to_string()]);
        assert_eq!(posted.get("ff_b_name"), "x");
        assert_eq!(posted.all("answer"), vec!["1".to_string(), "3".to_string()]);
        assert_eq!(posted.get("missing"), "");
        assert_eq!(posted.pairs().len(), 6);
    }

    #[derive(Deserialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct Known {
        then: String,
        idempotency_key: String,
    }

    #[test]
    fn a_dynamic_form_reads_its_known_names_and_keeps_every_pair() {
        let sent: Dynamic<Known> =
            serde_html_form::from_str("f_colour=red&then=stop&f_size=2&answer=a&answer=b")
                .expect("a form");
        let expected = Known {
            then: "stop".into(),
            idempotency_key: String::new(),
        };
        assert_eq!(sent.form, expected);
        assert_eq!(sent.fields.get("f_size"), "2");
        assert_eq!(
            sent.fields.all("answer"),
            vec!["a".to_string(), "b".to_string()]
        );
        assert_eq!(sent.fields.pairs().len(), 5);
        let twice = serde_html_form::from_str::<Dynamic<Known>>("then=stop&then=next");
        assert!(twice.is_err(), "one value is asked for; two are refused");
    }

    #[test]
    fn the_token_is_read_from_a_body_whatever_else_it_holds() {
        let token: Token = serde_html_form::from_str("a=1&_csrf=abc&b=2&b=3").expect("token");
        assert_eq!(token.csrf, "abc");
        let none: Token = serde_html_form::from_str("a=1").expect("no token");
        assert_eq!(none.csrf, "");
    }

    /// Whether `word` occurs in `line` as a name of its own: `Form<`, not `CsrfForm<`
    /// nor a path's last segment (`Template::Form(`).
    fn bare(line: &str, word: &str) -> bool {
        line.match_indices(word).any(|(i, _)| {
            !line[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        })
    }

    #[test]
    fn a_bare_form_is_told_from_a_checked_one() {
        assert!(bare(
            "    Form(fields): Form<Vec<(String, String)>>,",
            "Form<"
        ));
        assert!(!bare("    CsrfForm(form): CsrfForm<Sent>,", "Form<"));
        assert!(!bare("type DisputeForm<'a> = ();", "Form<"));
        assert!(!bare(
            "Template::Form(t) => AnswerInput::Form(FormInputs {",
            "Form("
        ));
        assert!(bare("use axum::extract::{Form, Path};", "Form,"));
    }

    /// No page handler takes a form but through [`CsrfForm`], nor checks a token by
    /// hand, nor checks a role by hand: the extractors above do all three.
    #[test]
    fn no_page_reads_a_form_or_checks_a_token_or_a_role_by_hand() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
        let mut offences = Vec::new();
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).expect("src/web") {
            let path = entry.expect("an entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".rs") || name == "extract.rs" {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).expect("a source file");
            for (n, line) in text.lines().enumerate() {
                let forbidden = [
                    "check_csrf(",
                    "require_worker(",
                    "require_requester(",
                    "require_operator(",
                    ".require(Role::",
                ];
                // The upload is multipart, read as it streams: its token is checked by hand.
                let upload_token = name == "requester.rs" && line.contains("check_token(");
                let raw_token = line.contains("check_token(") && name != "session.rs";
                let bare_form = ["Form<", "Form(", "Form,", "Form}", "Form;"]
                    .iter()
                    .any(|w| bare(line, w))
                    || line.contains("axum::Form")
                    || line.contains("extract::Form");
                if bare_form
                    || forbidden.iter().any(|f| line.contains(f))
                    || (raw_token && !upload_token)
                {
                    offences.push(format!("{name}:{}: {}", n + 1, line.trim()));
                }
            }
        }
        assert!(files > 20, "the web sources were found ({files} files)");
        assert_eq!(offences, Vec::<String>::new());
    }
}
