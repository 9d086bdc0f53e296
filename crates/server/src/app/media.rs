//! A project's media (issue 15): uploading files (one, several, or a zip of them),
//! listing them, the signed URLs items' media fields become for workers, serving
//! those URLs, and deleting a finished project's media after the retention.
//! The API, the CLI (over the API) and the task page all go through here.

use crate::AppState;
use crate::app::tasks::importable_project;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use crate::media::{Form, Storage, image_matches, small_rendition};
use bytes::Bytes;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::media::{
    MediaRef, accepted_type, parse_name, source_ref, type_list, type_of_name,
};
use handprint_core::template::Template;
use handprint_core::{Msg, ProjectId};
use handprint_store::StoreError;
use handprint_store::media::{MediaRow, NewMedia};
use serde::Serialize;
use serde_json::Value;

/// Files read from one zip at most (each is also held to the size limit).
const MAX_ZIP_ENTRIES: usize = 10_000;

/// One file as it arrived: its name, the type it was declared with, its bytes.
pub struct Incoming {
    pub name: String,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// A stored file, as the API lists it.
#[derive(Serialize, utoipa::ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub name: String,
    pub content_type: String,
    pub bytes: i64,
    /// The smaller rendition's size (images over the rendition's size only).
    pub small_bytes: Option<i64>,
}

/// A file that was refused, and why (what was wrong and how to fix it).
#[derive(Serialize, utoipa::ToSchema, Debug, Clone)]
pub struct FileError {
    /// The file's name as sent (in a zip, its path there).
    pub name: String,
    pub code: String,
    pub message: String,
}

/// What an upload stored and refused.
#[derive(Serialize, utoipa::ToSchema, Debug, Default)]
pub struct UploadReport {
    pub files: Vec<MediaFile>,
    pub errors: Vec<FileError>,
}

impl From<MediaRow> for MediaFile {
    fn from(r: MediaRow) -> Self {
        MediaFile {
            name: r.name,
            content_type: r.content_type,
            bytes: r.bytes,
            small_bytes: r.small_bytes,
        }
    }
}

fn storage(state: &AppState) -> AppResult<&Storage> {
    state
        .media
        .as_ref()
        .ok_or_else(|| AppError::Internal("the media storage is not available".into()))
}

/// Store `files` in the caller's project `id`: zips are opened and each file in them
/// stored by its path. Each file is checked on its own (name, type, size, the
/// organisation's quota); a refused one is listed in `errors` and the others kept.
pub async fn upload(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    files: Vec<Incoming>,
) -> AppResult<UploadReport> {
    let project = importable_project(state, caller, id).await?;
    store_files(state, &project, files).await
}

/// Store `files` in `project` (one that takes tasks), as [`upload`] does; the
/// operator's `handprint media upload` calls this directly.
pub async fn store_files(
    state: &AppState,
    project: &handprint_store::projects::ProjectRow,
    files: Vec<Incoming>,
) -> AppResult<UploadReport> {
    let store = storage(state)?;
    let mut report = UploadReport::default();
    for file in files {
        let unpacked = if is_zip(&file) {
            match unzip(state, file).await? {
                Ok(inner) => inner,
                Err(e) => {
                    report.errors.push(e);
                    continue;
                }
            }
        } else {
            vec![file]
        };
        for f in unpacked {
            let name = f.name.clone();
            match store_one(state, store, project, f).await {
                Ok(stored) => report.files.push(stored),
                Err(Refused(msg)) => report.errors.push(FileError {
                    name,
                    code: msg.code.unwrap_or("err-media").to_string(),
                    message: msg.text.clone(),
                }),
                Err(Failed(e)) => return Err(e),
            }
        }
    }
    Ok(report)
}

/// Why one file was not stored: the uploader's to fix, or ours.
enum Outcome {
    Refused(Msg),
    Failed(AppError),
}
use Outcome::{Failed, Refused};

impl From<StoreError> for Outcome {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(msg) => Refused(msg),
            other => Failed(other.into()),
        }
    }
}

fn is_zip(f: &Incoming) -> bool {
    let declared = f.content_type.as_deref().map(|t| {
        let t = t
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        t == "application/zip" || t == "application/x-zip-compressed"
    });
    declared.unwrap_or(false) || f.name.to_ascii_lowercase().ends_with(".zip")
}

/// The files of a zip (folders and hidden files left out), read on a blocking thread.
/// A zip that cannot be read is one refused file.
async fn unzip(state: &AppState, file: Incoming) -> AppResult<Result<Vec<Incoming>, FileError>> {
    let max = u64::try_from(state.settings.media.max_file_bytes).unwrap_or(0);
    let name = file.name.clone();
    let bytes = file.bytes;
    tokio::task::spawn_blocking(move || read_zip(&name, &bytes, max))
        .await
        .map_err(AppError::internal)
}

fn read_zip(name: &str, bytes: &[u8], max: u64) -> Result<Vec<Incoming>, FileError> {
    let refused = |why: String| {
        let msg = Msg::coded("err-media-zip", vec![("why", why)]);
        FileError {
            name: name.to_string(),
            code: msg.code.unwrap_or("err-media").to_string(),
            message: msg.text.clone(),
        }
    };
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| refused(e.to_string()))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(refused(format!(
            "it holds {} entries, over {MAX_ZIP_ENTRIES}",
            zip.len()
        )));
    }
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| refused(e.to_string()))?;
        let path = entry
            .name()
            .map_err(|e| refused(e.to_string()))?
            .to_string();
        let hidden = path
            .split('/')
            .any(|part| part.starts_with('.') || part == "__MACOSX");
        if entry.is_dir() || hidden {
            continue;
        }
        // Read one byte past the limit at most, so a zip bomb stops there.
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut entry, max + 1), &mut data)
            .map_err(|e| refused(format!("{path}: {e}")))?;
        out.push(Incoming {
            name: path,
            content_type: None,
            bytes: Bytes::from(data),
        });
    }
    Ok(out)
}

/// Check and store one file, with its smaller rendition when it is a large image.
async fn store_one(
    state: &AppState,
    store: &Storage,
    project: &handprint_store::projects::ProjectRow,
    f: Incoming,
) -> Result<MediaFile, Outcome> {
    let name = parse_name(&f.name).map_err(Refused)?;
    let content_type = checked_type(&name, f.content_type.as_deref()).map_err(Refused)?;
    let size = i64::try_from(f.bytes.len()).unwrap_or(i64::MAX);
    let max = state.settings.media.max_file_bytes;
    if size > max {
        return Err(Refused(Msg::coded(
            "err-media-too-big",
            vec![
                ("name", name.clone()),
                ("bytes", size.to_string()),
                ("limit", max.to_string()),
            ],
        )));
    }
    if !image_matches(content_type, &f.bytes) {
        return Err(Refused(Msg::coded(
            "err-media-not-that-type",
            vec![("name", name.clone()), ("type", content_type.to_string())],
        )));
    }
    let sha = handprint_core::attest::sha256_hex(&f.bytes);
    state
        .db
        .put_media(&NewMedia {
            project: &project.id,
            organization: &project.organization_id,
            name: &name,
            content_type,
            bytes: size,
            sha256: &sha,
            now: state.now(),
            quota_bytes: state.settings.media.max_bytes_per_org,
        })
        .await?;
    let pid = project.id.as_str();
    if let Err(e) = store.put(pid, Form::Original, &name, f.bytes.clone()).await {
        state.db.forget_media(&project.id, &name).await?;
        return Err(Failed(AppError::internal(e)));
    }
    let mut small_bytes = None;
    if content_type.starts_with("image/") {
        let pixels = state.settings.media.small_pixels;
        let original = f.bytes.clone();
        let small = tokio::task::spawn_blocking(move || small_rendition(&original, pixels))
            .await
            .map_err(|e| Failed(AppError::internal(e)))?;
        if let Some((small, _)) = small {
            let n = i64::try_from(small.len()).unwrap_or(i64::MAX);
            store
                .put(pid, Form::Small, &name, Bytes::from(small))
                .await
                .map_err(|e| Failed(AppError::internal(e)))?;
            state.db.set_media_small(&project.id, &name, n).await?;
            small_bytes = Some(n);
        }
    }
    Ok(MediaFile {
        name,
        content_type: content_type.to_string(),
        bytes: size,
        small_bytes,
    })
}

/// The accepted type of a file: its declared one, or (undeclared, or declared only as
/// `application/octet-stream` by a form or a zip) the one its ending stands for.
fn checked_type(name: &str, declared: Option<&str>) -> Result<&'static str, Msg> {
    match declared.filter(|t| !t.trim().is_empty()) {
        Some(declared) => accepted_type(declared).or_else(|| {
            let generic = declared.starts_with("application/octet-stream");
            generic.then(|| type_of_name(name)).flatten()
        }),
        None => type_of_name(name),
    }
    .ok_or_else(|| {
        Msg::coded(
            "err-media-type",
            vec![
                ("name", name.to_string()),
                ("type", declared.unwrap_or("none").to_string()),
                ("types", type_list()),
            ],
        )
    })
}

/// The files of the caller's project `id`, by name.
pub async fn list(state: &AppState, caller: &Caller, id: &ProjectId) -> AppResult<Vec<MediaFile>> {
    let project = crate::app::access::owned_project(state, caller, id).await?;
    Ok(state
        .db
        .media_list(&project.id)
        .await?
        .into_iter()
        .map(MediaFile::from)
        .collect())
}

/// Signed addresses of one uploaded file, on this instance.
#[derive(Serialize, utoipa::ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct MediaLink {
    /// The item's field that names it.
    pub field: String,
    /// The uploaded file's name.
    pub name: String,
    /// The original, until `expires_at`.
    pub url: String,
    /// The smaller rendition for slow connections (the original when there is none).
    pub small_url: String,
    pub expires_at: String,
}

/// The item's data as a worker receives it: each media field that names an uploaded
/// file holds a signed URL of this instance instead (the rendition's when `small`),
/// and the links are listed. Outside addresses are left as they are.
pub async fn for_worker(
    state: &AppState,
    project: &ProjectId,
    template: &Template,
    data: &mut Value,
    small: bool,
) -> AppResult<Vec<MediaLink>> {
    let mut links = Vec::new();
    for (field, _) in template.media_fields() {
        let Some(Value::String(held)) = data.get(field) else {
            continue;
        };
        let MediaRef::Uploaded(name) = MediaRef::of(held) else {
            continue;
        };
        let name = name.to_string();
        let has_small = match source_ref(&name) {
            // An object of a registered bucket: served as it is, no rendition.
            Some((source, _)) => match state.db.media_source(project, source).await? {
                Some(_) => false,
                None => continue,
            },
            None => match state.db.media_file(project, &name).await? {
                Some(row) => row.small_bytes.is_some(),
                None => continue,
            },
        };
        let link = link(state, project, field, &name, has_small);
        data[field] = Value::String(if small {
            link.small_url.clone()
        } else {
            link.url.clone()
        });
        links.push(link);
    }
    Ok(links)
}

fn link(state: &AppState, project: &ProjectId, field: &str, name: &str, small: bool) -> MediaLink {
    let expires = state.now() / MICROS_PER_SECOND + state.settings.media.url_seconds;
    let sig = state.media_urls.sign(project.as_str(), name, expires);
    let base = state.settings.public_url.clone().unwrap_or_default();
    let url = format!("{base}/media/{project}/{name}?expires={expires}&sig={sig}");
    MediaLink {
        field: field.to_string(),
        name: name.to_string(),
        small_url: if small {
            format!("{url}&size=small")
        } else {
            url.clone()
        },
        url,
        expires_at: handprint_core::clock::to_rfc3339(expires * MICROS_PER_SECOND),
    }
}

/// A signed URL's query.
#[derive(Debug, serde::Deserialize)]
pub struct Signed {
    pub expires: i64,
    pub sig: String,
    /// "small" for the rendition; the original otherwise.
    pub size: Option<String>,
}

/// The bytes a signed URL stands for, with their type: 403 when the signature is not
/// this instance's or the URL has expired (on the app's clock), 404 when the file is
/// gone (its project's retention ended).
pub async fn fetch(
    state: &AppState,
    project: &ProjectId,
    name: &str,
    signed: &Signed,
) -> AppResult<(String, Bytes, i64)> {
    if !state
        .media_urls
        .check(project.as_str(), name, signed.expires, &signed.sig)
    {
        return Err(AppError::Forbidden(Msg::coded(
            "err-media-signature",
            vec![],
        )));
    }
    let left = signed.expires - state.now() / MICROS_PER_SECOND;
    if left < 0 {
        return Err(AppError::Forbidden(Msg::coded("err-media-expired", vec![])));
    }
    if let Some((source, key)) = source_ref(name) {
        let (content_type, bytes) = crate::app::media_sources::fetch(state, project, source, key)
            .await?
            .ok_or_else(|| AppError::not_found("media"))?;
        return Ok((content_type, bytes, left));
    }
    let row = state
        .db
        .media_file(project, name)
        .await?
        .ok_or_else(|| AppError::not_found("media"))?;
    let store = storage(state)?;
    let small = signed.size.as_deref() == Some("small") && row.small_bytes.is_some();
    let form = if small { Form::Small } else { Form::Original };
    let bytes = store
        .get(project.as_str(), form, name)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::not_found("media"))?;
    let content_type = if small {
        match image::guess_format(&bytes) {
            Ok(image::ImageFormat::Png) => "image/png".to_string(),
            _ => "image/jpeg".to_string(),
        }
    } else {
        row.content_type
    };
    Ok((content_type, bytes, left))
}

/// Delete the media of projects that ended more than the retention ago: the files
/// first, then their index. Returns how many projects were cleared.
pub async fn apply_retention(state: &AppState) -> AppResult<u64> {
    let Some(store) = state.media.as_ref() else {
        return Ok(0);
    };
    let days = state.settings.media.retention_days;
    let before = state.now() - days * 86_400 * MICROS_PER_SECOND;
    let mut cleared = 0;
    for project in state.db.media_past_retention(before).await? {
        store
            .delete_project(project.as_str())
            .await
            .map_err(AppError::internal)?;
        state.db.forget_project_media(&project).await?;
        cleared += 1;
    }
    Ok(cleared)
}

/// The names an item may give in a media field of the project: its uploaded files,
/// and "SOURCE:" for each registered bucket source (see [`names_known`]).
pub async fn known_names(
    db: &handprint_store::Db,
    project: &ProjectId,
) -> AppResult<std::collections::HashSet<String>> {
    let mut known: std::collections::HashSet<String> = db
        .media_list(project)
        .await?
        .into_iter()
        .map(|r| r.name)
        .collect();
    for source in crate::app::media_sources::names(db, project).await? {
        known.insert(format!("{source}:"));
    }
    Ok(known)
}

/// Whether an item's `name` is among the [`known_names`]: an uploaded file, or a
/// well-formed key under a registered source ("SOURCE:key"; the object itself is
/// looked for when a worker fetches it).
pub fn names_known(known: &std::collections::HashSet<String>, name: &str) -> bool {
    match source_ref(name) {
        Some((source, key)) => known.contains(&format!("{source}:")) && parse_name(key).is_ok(),
        None => known.contains(name),
    }
}
