//! The API's one error type. Each variant's doc names the status users see.
//! Bodies are RFC 9457 `application/problem+json`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use handprint_core::Msg;
use handprint_core::template::FieldProblem;
use handprint_store::StoreError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request could not be read (malformed JSON, wrong content type).
    #[error("{0}")]
    BadRequest(Msg),
    /// 422: the request was read but some fields are wrong; each problem names its field.
    #[error("{title}")]
    Invalid {
        title: Msg,
        problems: Vec<FieldProblem>,
    },
    /// 401: no credentials, or wrong ones.
    #[error("{0}")]
    Unauthorized(Msg),
    /// 403: signed in, but this role or account may not do this.
    #[error("{0}")]
    Forbidden(Msg),
    /// 404: no such thing, or not visible to this account.
    #[error("{0}")]
    NotFound(Msg),
    /// 409: the request conflicts with the current state (e.g. a lease that has ended).
    #[error("{0}")]
    Conflict(Msg),
    /// 402: the organisation's balance does not cover what this needs; `missing` says how much more
    /// (a decimal amount in the instance currency) — an operator records a deposit, then retry.
    #[error("{detail}")]
    InsufficientFunds {
        detail: Msg,
        /// Minor units.
        missing: i64,
        /// The same amount as decimal text in the instance currency.
        missing_text: String,
    },
    /// 413: the upload is larger than the instance accepts.
    #[error("{0}")]
    TooLarge(Msg),
    /// 500: our fault; the cause is logged, never shown.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For validation problems: each field that is wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// For insufficient funds: how much more money is needed, e.g. "12.50".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    /// JSON pointer to the field in the request body, e.g. "/template/options/1/value".
    pub path: String,
    pub message: String,
    /// A stable machine code for the problem (e.g. "problem-template-media-type-unknown"),
    /// when it has one: the same whatever the message's wording or language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

impl ApiError {
    pub fn invalid(title: impl Into<Msg>, problems: Vec<FieldProblem>) -> Self {
        ApiError::Invalid {
            title: title.into(),
            problems,
        }
    }
    pub fn field(path: &str, message: impl Into<Msg>) -> Self {
        ApiError::Invalid {
            title: Msg::coded(
                "err-invalid-field",
                Vec::new(),
                "the request has an invalid field",
            ),
            problems: vec![FieldProblem::from_msg(path, message.into())],
        }
    }
    /// 402 naming the amount missing in the instance currency: `doing` is what needed it.
    pub fn short_of(missing: i64, currency: &handprint_core::Currency, doing: &str) -> Self {
        let text = handprint_core::Money(missing).format(currency);
        ApiError::InsufficientFunds {
            detail: Msg::coded(
                "refusal-insufficient-funds",
                vec![("missing", text.clone())],
                format!(
                    "{doing} needs {text} {} more than the organisation's available balance holds; an operator records a deposit (POST /api/v1/operator/deposits), then try again",
                    currency.code
                ),
            ),
            missing,
            missing_text: text,
        }
    }
    /// Money errors from the store as 402 in the instance currency; others as usual.
    pub fn funds(e: StoreError, currency: &handprint_core::Currency, doing: &str) -> Self {
        match e {
            StoreError::InsufficientFunds { missing, .. } => {
                Self::short_of(missing, currency, doing)
            }
            other => other.into(),
        }
    }
    /// 404 for a kind of thing ("project", "assignment", …) that does not exist or is
    /// not the caller's to see.
    pub fn not_found(what: &str) -> Self {
        let code = match what {
            "project" => "err-not-found-project",
            "assignment" => "err-not-found-assignment",
            "task" => "err-not-found-task",
            "payout" => "err-not-found-payout",
            "user" => "err-not-found-user",
            "organization" => "err-not-found-organization",
            "dispute" => "err-not-found-dispute",
            _ => "err-not-found",
        };
        ApiError::NotFound(Msg::coded(code, Vec::new(), format!("{what} not found")))
    }

    /// 400: a query parameter's value is not one of the offered `choices` ("json or csv").
    pub fn not_offered(param: &str, value: &str, choices: &str) -> Self {
        ApiError::BadRequest(Msg::coded(
            "err-not-offered",
            vec![
                ("param", param.to_string()),
                ("value", value.to_string()),
                ("choices", choices.to_string()),
            ],
            format!("{param} \"{value}\" is not offered: use {choices}"),
        ))
    }

    /// The message a person reads, with its code (None for internal errors, whose
    /// cause is never shown).
    pub fn message(&self) -> Option<&Msg> {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::TooLarge(m) => Some(m),
            ApiError::Invalid { title, .. } => Some(title),
            ApiError::InsufficientFunds { detail, .. } => Some(detail),
            ApiError::Internal(_) => None,
        }
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        ApiError::Internal(Box::new(e))
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::BadRequest(_) => (
                StatusCode::BAD_REQUEST,
                "bad-request",
                "The request could not be read",
            ),
            ApiError::Invalid { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Invalid fields",
            ),
            ApiError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
            ),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::Conflict(_) => (
                StatusCode::CONFLICT,
                "conflict",
                "Conflict with the current state",
            ),
            ApiError::InsufficientFunds { .. } => (
                StatusCode::PAYMENT_REQUIRED,
                "insufficient-funds",
                "Not enough funds",
            ),
            ApiError::TooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Request too large",
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Duplicate { field } => ApiError::Conflict(Msg::coded(
                "err-duplicate",
                vec![("field", field.to_string())],
                format!("{field} is already taken"),
            )),
            StoreError::Conflict(msg) => ApiError::Conflict(msg),
            StoreError::InsufficientFunds { missing, .. } => ApiError::InsufficientFunds {
                detail: Msg::coded(
                    "refusal-insufficient-funds",
                    vec![("missing", missing.to_string())],
                    format!("the balance is {missing} minor units short"),
                ),
                missing,
                missing_text: missing.to_string(),
            },
            other => ApiError::Internal(Box::new(other)),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, slug, title) = self.parts();
        let (detail, errors) = match &self {
            ApiError::Internal(cause) => {
                let mut chain = cause.to_string();
                let mut source = cause.source();
                while let Some(s) = source {
                    chain.push_str(": ");
                    chain.push_str(&s.to_string());
                    source = s.source();
                }
                tracing::error!(error = %chain, "internal error");
                (
                    "something went wrong on our side; it has been logged, please try again"
                        .to_string(),
                    Vec::new(),
                )
            }
            ApiError::Invalid { title, problems } => (
                title.text.clone(),
                problems
                    .iter()
                    .map(|p| ProblemField {
                        path: p.path.clone(),
                        message: p.message.clone(),
                        code: p.code,
                    })
                    .collect(),
            ),
            other => (other.to_string(), Vec::new()),
        };
        let missing = match &self {
            ApiError::InsufficientFunds { missing_text, .. } => Some(missing_text.clone()),
            _ => None,
        };
        let body = Problem {
            kind: format!("/problems/{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail,
            errors,
            missing,
        };
        let mut response = (status, axum::Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"handprint\""),
            );
        }
        response
    }
}

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection as J;
        match r {
            J::JsonDataError(e) => {
                let why = std::error::Error::source(&e)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| e.body_text());
                ApiError::BadRequest(Msg::coded(
                    "err-json-fields",
                    vec![("why", why.clone())],
                    format!("the JSON body does not have the expected fields: {why}"),
                ))
            }
            J::JsonSyntaxError(e) => {
                let why = std::error::Error::source(&e)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| e.body_text());
                ApiError::BadRequest(Msg::coded(
                    "err-json-syntax",
                    vec![("why", why.clone())],
                    format!("the body is not valid JSON: {why}"),
                ))
            }
            J::MissingJsonContentType(_) => ApiError::BadRequest(Msg::coded(
                "err-json-content-type",
                Vec::new(),
                "send the body as JSON with the header Content-Type: application/json",
            )),
            other => ApiError::BadRequest(other.body_text().into()),
        }
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        ApiError::BadRequest(r.body_text().into())
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        ApiError::BadRequest(r.body_text().into())
    }
}

/// JSON body extractor whose rejections are problem+json.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// "an active", "a draft": the English indefinite article for a state's name.
pub fn a_or_an(word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}
