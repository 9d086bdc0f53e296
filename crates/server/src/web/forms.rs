//! The form-post pattern every money page follows: the API's handler has been called
//! with what was typed; on success the browser is sent on (303, so reloading does not
//! post again), on a refusal the page is shown again with each error next to its
//! field and what was typed kept (422). Refusals that are not the visitor's to fix
//! (403, 404, 500) become the HTML error page.

use super::auth::Errors;
use super::i18n::Tr;
use super::{WebError, form_errors, render_status, see_other};
use crate::ApiError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use std::future::Future;

/// Finish a form post from the API handler's `outcome`: on success redirect to
/// `next(value)`; on a refusal render `again(t, errors)` with status 422.
pub async fn finish<T, P, Fut>(
    t: Tr,
    outcome: Result<T, ApiError>,
    next: impl FnOnce(T) -> String,
    again: impl FnOnce(Tr, Errors) -> Fut,
) -> Result<Response, WebError>
where
    P: Template,
    Fut: Future<Output = Result<P, WebError>>,
{
    match outcome {
        Ok(value) => Ok(see_other(&next(value))),
        Err(e) => {
            let errors = form_errors(&t, e)?;
            let page = again(t, errors).await?;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}
