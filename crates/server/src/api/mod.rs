//! The JSON API under /api/v1, one module per resource.

pub mod accounts;
pub mod alerts;
pub mod decisions;
pub mod disputes;
pub mod exports;
pub mod forum;
pub mod handprints;
pub mod labels;
pub mod media;
pub mod media_sources;
pub mod messages;
pub mod money;
pub mod my_data;
pub mod operator;
pub mod password_reset;
pub mod projects;
pub mod qualification_tests;
pub mod qualifications;
pub mod quality;
pub mod record;
pub mod results;
pub mod review;
pub mod reviews;
pub mod settings;
pub mod tasks;
pub mod trust;
pub mod views;
pub mod work;
pub mod worker_lists;
pub mod worktime;

use crate::{AppError, AppState};
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use handprint_core::Msg;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(accounts::router())
        .merge(password_reset::router())
        .merge(projects::router())
        .merge(quality::router())
        .merge(qualifications::router())
        .merge(decisions::router())
        .merge(worker_lists::router())
        .merge(tasks::router())
        .merge(media::router())
        .merge(media_sources::router())
        .merge(work::router())
        .merge(results::router())
        .merge(labels::router())
        .merge(money::router())
        .merge(my_data::router())
        .merge(review::router())
        .merge(disputes::router())
        .merge(operator::router())
        .merge(trust::router())
        .merge(record::router())
        .merge(worktime::router())
        .merge(reviews::router())
        .merge(messages::router())
        .merge(alerts::router())
        .merge(forum::router())
        .merge(handprints::router())
        .merge(exports::router())
        .merge(settings::router())
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(crate::openapi::serve))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok", "database": state.db.backend()})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(
                    serde_json::json!({"status": "unavailable", "database": state.db.backend()}),
                ),
            )
        }
    }
}

async fn not_found(uri: axum::http::Uri) -> AppError {
    AppError::NotFound(Msg::coded(
        "err-api-nothing-here",
        vec![("path", uri.path().to_string())],
    ))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> impl IntoResponse {
    let mut r = AppError::BadRequest(Msg::coded(
        "err-method-not-allowed",
        vec![
            ("method", method.to_string()),
            ("path", uri.path().to_string()),
        ],
    ))
    .into_response();
    *r.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    r
}
