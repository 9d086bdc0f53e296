//! "My data": what the export holds, and the download itself, which is the API's
//! `GET /api/v1/me/export` handler called with the signed-in account.

use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, render};
use crate::AppState;
use crate::api::my_data::export;
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

async fn download(State(state): State<AppState>, signed: SignedIn) -> Result<Response, WebError> {
    Ok(export(State(state), signed.caller()).await?)
}
