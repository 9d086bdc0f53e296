//! "My data": what the export holds, and the download itself: `app::my_data` read
//! for the signed-in account, written as the same document `GET /api/v1/me/export` gives.

use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, render};
use crate::AppState;
use crate::api::my_data::document;
use crate::app::my_data::{PAGE, my_data};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use handprint_core::account::Role;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/data", get(page))
        .route("/me/data.json", get(download))
}

#[derive(Template)]
#[template(path = "my_data.html")]
struct MyDataPage {
    t: Tr,
    nav: Nav,
    worker: bool,
}

async fn page(t: Tr, signed: SignedIn) -> Result<Response, WebError> {
    Ok(render(&MyDataPage {
        nav: Nav::new(&signed.visitor, "/me/data"),
        worker: signed.user.role() == Role::Worker,
        t,
    }))
}

async fn download(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    let data = my_data(&state, &caller, PAGE).await?;
    Ok(document(&state, &t, &caller, data, PAGE)?)
}
