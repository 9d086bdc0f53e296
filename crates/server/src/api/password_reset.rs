//! Password reset by e-mail. The rules are `app::password_reset`'s; this module reads
//! requests and writes the JSON views.

use crate::AppState;
use crate::api::accounts::SessionsEnded;
use crate::app::password_reset as app;
use crate::auth::ClientAddress;
use crate::error::{ApiResult, Json};
use crate::web::i18n::Tr;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde::Serialize;

pub use crate::app::password_reset::{NewPassword, ResetRequest};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/password-reset", post(request_reset))
        .route("/api/v1/password-reset/{token}", post(reset_password))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ResetRequested {
    /// What happens next; the same words whether or not the address has an account.
    pub detail: String,
}

/// Ask for a password reset link by e-mail. The same 202 whether or not the address
/// has an account (then no e-mail is sent). Requests count as failed sign-ins for the
/// email and the client's address (429 with Retry-After after a few). 409 when this
/// instance has no e-mail relay: ask an operator to set a new password.
#[utoipa::path(post, path = "/api/v1/password-reset", request_body = ResetRequest,
    responses((status = 202, body = ResetRequested), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
pub async fn request_reset(
    State(state): State<AppState>,
    t: Tr,
    ClientAddress(address): ClientAddress,
    Json(req): Json<ResetRequest>,
) -> ApiResult<(StatusCode, Json<ResetRequested>)> {
    app::request_reset(&state, &req, address, &t.lang()).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ResetRequested {
            detail: handprint_core::Msg::coded(
                "reset-requested",
                vec![("minutes", app::RESET_MINUTES.to_string())],
            )
            .text,
        }),
    ))
}

/// Set a new password with the token of a reset link (`{public_url}/reset/{token}`):
/// the token is used up, and every web session of the account ends (`ended` says how
/// many); API keys stay. 404 for an unknown token (or one a newer link replaced), 409
/// for one used already or past its hour; 422 for a password too short.
#[utoipa::path(post, path = "/api/v1/password-reset/{token}", request_body = NewPassword,
    params(("token" = String, Path, description = "The token of the reset link")),
    responses((status = 200, body = SessionsEnded), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn reset_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Json(req): Json<NewPassword>,
) -> ApiResult<Json<SessionsEnded>> {
    let ended = app::reset_password(&state, &token, &req).await?;
    Ok(Json(SessionsEnded { ended }))
}
