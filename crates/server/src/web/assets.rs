//! The stylesheet and scripts, compiled into the binary and served under a
//! name carrying their content hash, so browsers keep them for a year and
//! fetch them again only when they change. Compression is applied by the
//! router-wide layer.

use crate::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

struct Asset {
    url: String,
    body: &'static str,
    content_type: &'static str,
}

fn asset(stem: &str, ext: &str, body: &'static str, content_type: &'static str) -> Asset {
    let hash = hex::encode(Sha256::digest(body.as_bytes()));
    Asset {
        url: format!("/static/{stem}.{}.{ext}", &hash[..10]),
        body,
        content_type,
    }
}

static CSS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "app",
        "css",
        include_str!("../../static/app.css"),
        "text/css; charset=utf-8",
    )
});
static JS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "app",
        "js",
        include_str!("../../static/app.js"),
        "text/javascript; charset=utf-8",
    )
});
static REQUESTER_JS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "requester",
        "js",
        include_str!("../../static/requester.js"),
        "text/javascript; charset=utf-8",
    )
});

pub fn css_url() -> &'static str {
    &CSS.url
}
pub fn js_url() -> &'static str {
    &JS.url
}
pub fn requester_js_url() -> &'static str {
    &REQUESTER_JS.url
}

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(serve))
}

async fn serve(Path(file): Path<String>) -> Response {
    let wanted = format!("/static/{file}");
    for a in [&*CSS, &*JS, &*REQUESTER_JS] {
        if a.url == wanted {
            return (
                [
                    (CONTENT_TYPE, HeaderValue::from_static(a.content_type)),
                    (
                        CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=31536000, immutable"),
                    ),
                ],
                a.body,
            )
                .into_response();
        }
    }
    StatusCode::NOT_FOUND.into_response()
}
