//! Handprint's one set of refusals: every use case in [`crate::app`] returns
//! `Result<_, AppError>`. The JSON API shows an `AppError` as RFC 9457 problem+json
//! (`crate::error`), the pages as the form's errors or an error page (`crate::web`),
//! the CLI as a message and a non-zero exit. Each variant's doc names the HTTP status
//! the API gives it.

use handprint_core::Msg;
use handprint_core::template::FieldProblem;
use handprint_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
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
    /// 429 with `Retry-After`: too many failed sign-ins or reset requests for this
    /// email or from this address, or too many forum posts from one account; the
    /// message says when to try again.
    #[error("{message}")]
    TooManyAttempts { message: Msg, retry_after: u64 },
    /// 503 with `Retry-After`: every password-hashing slot stayed taken; try again shortly.
    #[error("{message}")]
    Busy { message: Msg, retry_after: u64 },
    /// 500: our fault; the cause is logged, never shown.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    pub fn invalid(title: impl Into<Msg>, problems: Vec<FieldProblem>) -> Self {
        AppError::Invalid {
            title: title.into(),
            problems,
        }
    }
    pub fn field(path: &str, message: impl Into<Msg>) -> Self {
        AppError::Invalid {
            title: Msg::coded("err-invalid-field", Vec::new()),
            problems: vec![FieldProblem::from_msg(path, message.into())],
        }
    }
    /// 402 naming the amount missing in the instance currency: `doing` is what needed it.
    pub fn short_of(missing: i64, currency: &handprint_core::Currency, doing: &str) -> Self {
        let text = handprint_core::Money(missing).format(currency);
        AppError::InsufficientFunds {
            detail: Msg::coded(
                "refusal-insufficient-funds",
                vec![
                    ("missing", text.clone()),
                    ("doing", doing.to_string()),
                    ("currency", currency.code.clone()),
                ],
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
            "qualification" => "err-not-found-qualification",
            "decision" => "err-not-found-decision",
            "report" => "err-not-found-report",
            "suspension" => "err-not-found-suspension",
            _ => "err-not-found",
        };
        AppError::NotFound(Msg::coded(code, vec![("what", what.to_string())]))
    }

    /// 400: a query parameter's value is not one of the offered `choices` ("json or csv").
    pub fn not_offered(param: &str, value: &str, choices: &str) -> Self {
        AppError::BadRequest(Msg::coded(
            "err-not-offered",
            vec![
                ("param", param.to_string()),
                ("value", value.to_string()),
                ("choices", choices.to_string()),
            ],
        ))
    }

    /// The message a person reads, with its code (None for internal errors, whose
    /// cause is never shown).
    pub fn message(&self) -> Option<&Msg> {
        match self {
            AppError::BadRequest(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::NotFound(m)
            | AppError::Conflict(m)
            | AppError::TooLarge(m) => Some(m),
            AppError::Invalid { title, .. } => Some(title),
            AppError::TooManyAttempts { message, .. } | AppError::Busy { message, .. } => {
                Some(message)
            }
            AppError::InsufficientFunds { detail, .. } => Some(detail),
            AppError::Internal(_) => None,
        }
    }

    /// 429: too many failed sign-ins; try again in `seconds`.
    pub fn too_many_sign_ins(seconds: u64) -> Self {
        AppError::TooManyAttempts {
            message: Msg::coded("err-signin-throttled", vec![("count", seconds.to_string())]),
            retry_after: seconds,
        }
    }

    /// When to try again, for the refusals that say so (`Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts { retry_after, .. } | AppError::Busy { retry_after, .. } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        AppError::Internal(Box::new(e))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::not_found(what.as_str()),
            StoreError::Duplicate { field } => AppError::Conflict(Msg::coded(
                "err-duplicate",
                vec![("field", field.to_string())],
            )),
            StoreError::Conflict(msg) => AppError::Conflict(msg),
            StoreError::InsufficientFunds { missing, .. } => AppError::InsufficientFunds {
                detail: Msg::coded_worded(
                    "refusal-insufficient-funds",
                    "api-minor-units",
                    vec![("missing", missing.to_string())],
                ),
                missing,
                missing_text: missing.to_string(),
            },
            other => AppError::Internal(Box::new(other)),
        }
    }
}
