//! A project's media: uploading (one file as the body, several as multipart, or a
//! zip), listing, and the signed URLs workers fetch them by (`crate::app::media`).

use crate::app::media::{self as app, Incoming, MediaFile, Signed, UploadReport};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Query, Request, State};
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_RANGE, CONTENT_TYPE, HeaderMap, RANGE,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use handprint_core::{Msg, ProjectId};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/projects/{id}/media",
            // The handler holds the body to the limits itself, answering with their names.
            get(list).post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/media/{project}/{*name}", get(fetch))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct UploadQuery {
    /// The file's name, for a file sent as the whole body.
    pub name: Option<String>,
}

/// What an upload stored and refused; when nothing was stored, `code` and `message`
/// say so (and `errors` why, file by file).
#[derive(Serialize, utoipa::ToSchema)]
pub struct UploadView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub report: UploadReport,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MediaList {
    pub files: Vec<MediaFile>,
}

/// Upload media to a project: one file as the body (its `Content-Type`, and its name in
/// `?name=`), several as `multipart/form-data` (each part's file name and type), or a
/// zip (`application/zip`) whose files are stored by their paths. 201 when any file
/// was stored; 422 when none was. Each refused file is listed in `errors` with a code.
#[utoipa::path(post, path = "/api/v1/projects/{id}/media", params(UploadQuery),
    request_body(content = String, description = "a file, multipart/form-data, or a zip", content_type = "application/octet-stream"),
    responses((status = 201, body = UploadView), (status = 422, body = UploadView), (status = 400, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 413, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    Query(q): Query<UploadQuery>,
    request: Request,
) -> ApiResult<Response> {
    // Who may upload is checked before the body is read.
    crate::app::tasks::importable_project(&state, &caller, &id).await?;
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let files = if content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("multipart/form-data"))
    {
        parts(&state, request).await?
    } else {
        let is_zip = content_type.as_deref().is_some_and(|t| t.contains("zip"));
        let limit = if is_zip {
            state.settings.max_import_bytes
        } else {
            usize::try_from(state.settings.media.max_file_bytes).unwrap_or(usize::MAX)
        };
        let name = match (q.name, is_zip) {
            (Some(n), _) => n,
            (None, true) => "upload.zip".into(),
            (None, false) => {
                return Err(AppError::field(
                    "/name",
                    Msg::coded("err-media-name-missing", vec![]),
                ));
            }
        };
        let bytes = axum::body::to_bytes(request.into_body(), limit)
            .await
            .map_err(|_| too_large(&name, limit))?;
        vec![Incoming {
            name,
            content_type,
            bytes,
        }]
    };
    let report = app::upload(&state, &caller, &id, files).await?;
    let view = if report.files.is_empty() {
        let msg = Msg::coded("err-media-none-stored", vec![]);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok((
            status,
            axum::Json(UploadView {
                code: msg.code,
                message: Some(msg.text.clone()),
                report,
            }),
        )
            .into_response());
    } else {
        UploadView {
            code: None,
            message: None,
            report,
        }
    };
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

fn too_large(name: &str, limit: usize) -> AppError {
    AppError::TooLarge(Msg::coded(
        "err-media-body-too-big",
        vec![("name", name.to_string()), ("limit", limit.to_string())],
    ))
}

/// The files of a multipart form, the whole body held to the import limit.
async fn parts(state: &AppState, request: Request) -> ApiResult<Vec<Incoming>> {
    let max = state.settings.max_import_bytes;
    let mut form = axum::extract::Multipart::from_request(request, state)
        .await
        .map_err(|e| bad_form(&e.body_text()))?;
    let mut files = Vec::new();
    let mut seen = 0_usize;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| bad_form(&e.body_text()))?
    {
        let name = field
            .file_name()
            .or(field.name())
            .unwrap_or_default()
            .to_string();
        let content_type = field.content_type().map(str::to_string);
        let bytes = field.bytes().await.map_err(|e| bad_form(&e.body_text()))?;
        seen += bytes.len();
        if seen > max {
            return Err(too_large(&name, max));
        }
        files.push(Incoming {
            name,
            content_type,
            bytes,
        });
    }
    Ok(files)
}

fn bad_form(why: &str) -> AppError {
    AppError::BadRequest(Msg::coded(
        "err-media-multipart",
        vec![("why", why.to_string())],
    ))
}

/// The project's uploaded files, by name.
#[utoipa::path(get, path = "/api/v1/projects/{id}/media",
    responses((status = 200, body = MediaList), (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<MediaList>> {
    Ok(Json(MediaList {
        files: app::list(&state, &caller, &id).await?,
    }))
}

/// A file by the signed URL `work/next` handed out (no account needed: the signature
/// is the permission). 403 when it was tampered with or has expired. Outside /api/v1
/// (like the pages), so not in the OpenAPI document; docs/api.md describes it.
pub async fn fetch(
    State(state): State<AppState>,
    Path((project, name)): Path<(String, String)>,
    Query(signed): Query<Signed>,
    asked: HeaderMap,
) -> ApiResult<Response> {
    let (content_type, bytes, left) =
        app::fetch(&state, &ProjectId::from(project), &name, &signed).await?;
    let total = bytes.len() as u64;
    // Players seek in a sound or a video by asking for a byte range; without ranges
    // Chromium cannot seek at all.
    let range = asked
        .get(RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| byte_range(v, total));
    let mut response = match range {
        None => bytes.into_response(),
        Some(Some((first, last))) => {
            let part = bytes.slice(first as usize..=last as usize);
            let mut response = (StatusCode::PARTIAL_CONTENT, part).into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {first}-{last}/{total}")) {
                response.headers_mut().insert(CONTENT_RANGE, v);
            }
            response
        }
        Some(None) => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{total}")) {
                response.headers_mut().insert(CONTENT_RANGE, v);
            }
            return Ok(response);
        }
    };
    let headers = response.headers_mut();
    headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("private, max-age={left}")) {
        headers.insert(CACHE_CONTROL, v);
    }
    // A file is never a page: no script, no sniffing it into one.
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// The one byte range (`first`, `last`, both included) a `Range` header asks of a file of
/// `total` bytes: None to send the whole file (not a `bytes` range, or several ranges),
/// Some(None) when the range lies past the end (416).
fn byte_range(header: &str, total: u64) -> Option<Option<(u64, u64)>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    let range = if first.is_empty() {
        // The last `n` bytes.
        let n: u64 = last.parse().ok()?;
        (n > 0 && total > 0).then(|| (total.saturating_sub(n), total - 1))
    } else {
        let first: u64 = first.parse().ok()?;
        let last = match last {
            "" => total.saturating_sub(1),
            last => last.parse::<u64>().ok()?.min(total.saturating_sub(1)),
        };
        (first < total && first <= last).then_some((first, last))
    };
    Some(range)
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn a_range_header_picks_the_bytes_a_player_asks_for() {
        assert_eq!(byte_range("bytes=0-", 100), Some(Some((0, 99))));
        assert_eq!(byte_range("bytes=10-19", 100), Some(Some((10, 19))));
        assert_eq!(byte_range("bytes=90-200", 100), Some(Some((90, 99))));
        assert_eq!(byte_range("bytes=-10", 100), Some(Some((90, 99))));
        assert_eq!(byte_range("bytes=100-", 100), Some(None));
        assert_eq!(byte_range("bytes=20-10", 100), Some(None));
        assert_eq!(byte_range("bytes=0-1,5-6", 100), None);
        assert_eq!(byte_range("items=0-1", 100), None);
        assert_eq!(byte_range("bytes=x-1", 100), None);
    }
}
