//! The form-post pattern every money page follows: the API's handler has been called
//! with what was typed; on success the browser is sent on (303, so reloading does not
//! post again), on a refusal the page is shown again with each error next to its
//! field and what was typed kept (422). Refusals that are not the visitor's to fix
//! (403, 404, 500) become the HTML error page.

use super::auth::Errors;
use super::i18n::Tr;
use super::{WebError, form_errors, render_status, see_other};
use crate::AppError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use std::future::Future;

/// Finish a form post from the API handler's `outcome`: on success redirect to
/// `next(value)`; on a refusal render `again(t, errors)` with status 422.
pub async fn finish<T, P, Fut>(
    t: Tr,
    outcome: Result<T, AppError>,
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

/// The label a page shows for a form's field (by the field's name, as in a refusal's
/// path), so that a message that does not name its field ("must not be empty") can be
/// read on its own; None for a name that has no label of its own.
pub fn field_label(t: &Tr, name: &str) -> Option<String> {
    let id = match name {
        "title" => "edit-field-title",
        "description" => "edit-field-description",
        "instructions" => "edit-field-instructions",
        "language" => "edit-field-language",
        "purpose" => "edit-field-purpose",
        "end_uses" => "edit-field-end-uses",
        "sensitive_content" => "edit-field-sensitive",
        "reward" => "edit-field-reward-name",
        "estimated_seconds" => "edit-field-estimate",
        "answers_per_task" => "edit-field-overlap",
        "lease_seconds" => "edit-field-lease",
        "review_window_seconds" => "edit-field-review-window",
        "control_rate" => "edit-field-control-rate",
        "quality_rules" => "edit-field-quality-rules",
        "kind" | "template" => "edit-field-kind",
        "question" => "edit-field-question",
        "options" => "edit-field-options",
        "min_selected" => "edit-field-min-selected-name",
        "max_selected" => "edit-field-max-selected-name",
        "media_type" => "edit-field-media",
        "media_field" => "edit-field-media-field",
        "max_length" => "edit-field-max-length",
        "rating_min" => "edit-field-rating-min",
        "rating_max" => "edit-field-rating-max",
        "rating_labels" => "edit-field-rating-labels",
        "image_field" => "edit-field-image-field",
        "box_labels" => "edit-field-box-labels",
        "min_boxes" => "edit-field-min-boxes",
        "max_boxes" => "edit-field-max-boxes",
        "amount" => "statement-amount",
        "destination" => "payout-destination",
        "reference" => "deposit-reference",
        "organization_id" => "deposit-organization",
        "email" => "field-email",
        "password" => "field-password",
        "name" => "field-name",
        "country" => "field-country",
        "organization" => "field-organization",
        other if other == "form_fields" || other.starts_with("ff_") => "ff-title",
        _ => return None,
    };
    Some(t.t(id))
}

/// A field's problem with the field's label in front ("Title: must not be empty"),
/// or the problem alone for a field without a label.
pub fn labelled(t: &Tr, name: &str, problem: &str) -> String {
    match field_label(t, name) {
        Some(label) => t.t2("form-error-line", "field", label, "problem", problem),
        None => problem.to_string(),
    }
}

/// The list of errors at the top of a form: each field's name (the link's target)
/// and its problem with the field's label.
pub fn error_summary(t: &Tr, errors: &Errors) -> Vec<(String, String)> {
    errors
        .all()
        .iter()
        .map(|(name, problem)| (name.clone(), labelled(t, name, problem)))
        .collect()
}
