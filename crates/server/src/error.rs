//! How the JSON API shows an [`AppError`]: RFC 9457 `application/problem+json`
//! with the status each variant's doc names, and the API's own extractors whose
//! rejections are problems too.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use handprint_core::Msg;
use serde::Serialize;

pub use crate::app::AppError;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// A stable machine code of the refusal (e.g. "err-reset-expired"), when it has
    /// one: the same whatever the wording.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
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

impl AppError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            AppError::BadRequest(_) => (
                StatusCode::BAD_REQUEST,
                "bad-request",
                "The request could not be read",
            ),
            AppError::Invalid { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Invalid fields",
            ),
            AppError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
            ),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            AppError::Conflict(_) => (
                StatusCode::CONFLICT,
                "conflict",
                "Conflict with the current state",
            ),
            AppError::InsufficientFunds { .. } => (
                StatusCode::PAYMENT_REQUIRED,
                "insufficient-funds",
                "Not enough funds",
            ),
            AppError::TooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Request too large",
            ),
            AppError::TooManyAttempts { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-attempts",
                "Too many attempts",
            ),
            AppError::Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, "busy", "Server busy"),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, slug, title) = self.parts();
        let (detail, errors) = match &self {
            AppError::Internal(cause) => {
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
            AppError::Invalid { title, problems } => (
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
            AppError::InsufficientFunds { missing_text, .. } => Some(missing_text.clone()),
            _ => None,
        };
        let code = self.message().and_then(|m| m.code);
        let body = Problem {
            kind: format!("/problems/{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail,
            code,
            errors,
            missing,
        };
        let retry_after = self.retry_after();
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
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

impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection as J;
        match r {
            J::JsonDataError(e) => {
                let why = std::error::Error::source(&e)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| e.body_text());
                AppError::BadRequest(Msg::coded("err-json-fields", vec![("why", why.clone())]))
            }
            J::JsonSyntaxError(e) => {
                let why = std::error::Error::source(&e)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| e.body_text());
                AppError::BadRequest(Msg::coded("err-json-syntax", vec![("why", why.clone())]))
            }
            J::MissingJsonContentType(_) => {
                AppError::BadRequest(Msg::coded("err-json-content-type", Vec::new()))
            }
            other => AppError::BadRequest(other.body_text().into()),
        }
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        AppError::BadRequest(r.body_text().into())
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        AppError::BadRequest(r.body_text().into())
    }
}

/// JSON body extractor whose rejections are problem+json.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

pub type ApiResult<T> = Result<T, AppError>;

/// "an active", "a draft": the English indefinite article for a state's name.
pub fn a_or_an(word: &str) -> String {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {word}")
    } else {
        format!("a {word}")
    }
}
