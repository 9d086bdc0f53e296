//! The document a `custom_html` task's frame loads: the requester's HTML with the
//! item's data and the script API (`handprint.data`, `handprint.submit(answer)`).
//!
//! Nothing the requester writes may run with Handprint's origin, so the document
//! carries its own Content-Security-Policy with `sandbox allow-scripts` (an opaque
//! origin even when opened outside its frame: no cookies, no storage, no access to
//! the parent page), no network at all but this site's media (`connect-src 'none'`,
//! no forms, no base), and may be framed by this site only. The task page frames it
//! with `sandbox="allow-scripts"` and allows frames from this site only, so the frame
//! cannot navigate elsewhere either.
//!
//! The requester's preview frames the same document, from the project as last saved
//! and its first item (or sample data), with the same sandbox and policy.

use super::WebError;
use super::extract::{RequesterPage, WorkerPage};
use crate::app::access::owned_project;
use crate::app::work::{self, Held};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_FRAME_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use handprint_core::template::{CustomHtml, Template};
use handprint_core::{AssignmentId, ProjectId};
use serde_json::Value;

/// The frame document's policy (see the module's comment).
pub const FRAME_CSP: &str = "sandbox allow-scripts; default-src 'none'; \
    script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; \
    media-src 'self' data:; font-src 'self'; connect-src 'none'; form-action 'none'; \
    base-uri 'none'; frame-ancestors 'self'";

/// The policy of a page that frames a custom HTML task: the site's own, with frames
/// from this site only.
pub const FRAMING_PAGE_CSP: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self' http: https: data:; media-src 'self' http: https: data:; \
    connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'; frame-src 'self'";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/work/a/{id}/frame", get(worker_frame))
        .route("/projects/{id}/preview-frame", get(preview_frame))
}

/// A page that may frame a custom HTML task's document (from this site only): the
/// worker's task page and the requester's project editor with its preview.
pub fn allow_frames(mut page: Response) -> Response {
    page.headers_mut().insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(FRAMING_PAGE_CSP),
    );
    page
}

/// Where the editor's preview of project `id` frames its custom HTML page; empty
/// for a project not saved yet (the preview says so).
pub fn preview_frame_src(id: &str) -> String {
    if id.is_empty() {
        String::new()
    } else {
        format!("/projects/{id}/preview-frame")
    }
}

/// The frame of the requester's own custom HTML project, as last saved, showing its
/// first item (sample data when it has none yet): what a worker's frame will show.
async fn preview_frame(
    State(state): State<AppState>,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
) -> Result<Response, WebError> {
    let project = owned_project(&state, &signed.caller(), &id).await?;
    let spec = project.spec()?;
    let Some(template @ Template::CustomHtml(custom)) = spec.template.as_ref() else {
        return Err(AppError::not_found("custom page").into());
    };
    let first = state.db.tasks_page(&project.id, None, 1).await?;
    let data = match first.first() {
        Some(task) => task.data_json()?,
        None => super::task::sample_data(template),
    };
    Ok(frame_response(custom, &data))
}

/// The frame of the worker's own open custom HTML task.
async fn worker_frame(
    State(state): State<AppState>,
    signed: WorkerPage,
    Path(id): Path<AssignmentId>,
) -> Result<Response, WebError> {
    let lease = match work::held(&state, &signed.caller(), &id).await? {
        Held::Open(lease) => lease,
        Held::Submitted | Held::Ended => {
            return Err(AppError::not_found("assignment").into());
        }
    };
    let spec = lease.project.spec()?;
    let Some(Template::CustomHtml(template)) = spec.template.as_ref() else {
        return Err(AppError::not_found("custom page").into());
    };
    Ok(frame_response(template, &lease.task.data_json()?))
}

/// The frame document for `template` showing the item `data`.
pub fn frame_response(template: &CustomHtml, data: &Value) -> Response {
    let mut response = (StatusCode::OK, frame_document(template.html(), data)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(FRAME_CSP));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The requester's HTML after the script API, which carries the item's data as JSON
/// (with `<` escaped, so no data can close the script element).
fn frame_document(html: &str, data: &Value) -> String {
    let data = data
        .to_string()
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<script>window.handprint = Object.freeze({{data: {data}, \
submit: function (answer) {{ parent.postMessage({{handprint: 'answer', answer: answer}}, '*'); }}}});</script>\
</head><body>{html}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_framing_pages_policy_is_the_sites_own_with_frames_from_the_site() {
        assert_eq!(
            FRAMING_PAGE_CSP,
            format!(
                "{}; frame-src 'self'",
                crate::security::CONTENT_SECURITY_POLICY_VALUE
            )
        );
    }

    #[test]
    fn item_data_cannot_close_the_script_that_carries_it() {
        let document = frame_document("<p>hi</p>", &json!({"text": "</script><b>x</b>"}));
        assert!(
            document.contains(r#"{"text":"\u003c/script>\u003cb>x\u003c/b>"}"#),
            "{document}"
        );
        assert_eq!(document.matches("</script>").count(), 1, "{document}");
    }
}
