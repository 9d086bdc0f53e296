//! Bucket prefixes a requester registers for a project's media (issue 15): an item then
//! names an object under one as "SOURCE:key", and the instance fetches it for the worker
//! behind its own signed URL (`app::media::fetch`), so the requester's host never sees a
//! worker's address. Registering lists the prefix once, so a bucket that cannot be
//! reached is refused then, not when workers come; the secret key is sealed at rest
//! (`media::SecretBox`) and no answer ever carries it.

use crate::AppState;
use crate::app::access::owned_project;
use crate::app::tasks::importable_project;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use crate::media::{S3Settings, Storage};
use handprint_core::media::{parse_name, parse_source_name};
use handprint_core::template::FieldProblem;
use handprint_core::{Msg, ProjectId};
use handprint_store::media_sources::MediaSourceRow;
use serde::{Deserialize, Serialize};

/// A bucket prefix to register.
#[derive(Deserialize, utoipa::ToSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct NewSource {
    /// What items write before the colon: "photos" for "photos:cats/1.jpg"
    /// (1–40 lowercase letters, digits, "-" and "_").
    pub name: String,
    /// The S3-compatible server ("https://s3.example.org"); empty or left out: AWS's own.
    #[serde(default)]
    pub endpoint: String,
    pub bucket: String,
    /// The folder in the bucket the items' keys are under; empty or left out: the whole bucket.
    #[serde(default)]
    pub prefix: String,
    /// The bucket's region; left out: "us-east-1".
    #[serde(default)]
    pub region: String,
    pub access_key_id: String,
    /// Stored sealed, and never returned.
    pub secret_access_key: String,
}

/// A registered source, as the API shows it (never its secret key).
#[derive(Serialize, utoipa::ToSchema, Debug, Clone, PartialEq, Eq)]
pub struct SourceView {
    pub name: String,
    pub endpoint: String,
    pub bucket: String,
    pub prefix: String,
    pub region: String,
    pub access_key_id: String,
    pub created_at: String,
    /// How an item names an object under the prefix: "SOURCE:KEY".
    pub example: String,
}

impl From<MediaSourceRow> for SourceView {
    fn from(r: MediaSourceRow) -> Self {
        SourceView {
            example: format!("{}:KEY", r.name),
            created_at: handprint_core::clock::to_rfc3339(r.created_at),
            name: r.name,
            endpoint: r.endpoint,
            bucket: r.bucket,
            prefix: r.prefix,
            region: r.region,
            access_key_id: r.access_key_id,
        }
    }
}

/// The checked fields of a [`NewSource`], every wrong one named.
fn checked(input: NewSource) -> AppResult<(MediaSourceRow, String)> {
    let mut problems = Vec::new();
    let mut problem = |path: &str, msg: Msg| problems.push(FieldProblem::from_msg(path, msg));
    let name = parse_source_name(&input.name).unwrap_or_else(|msg| {
        problem("/name", msg);
        String::new()
    });
    let endpoint = input.endpoint.trim().trim_end_matches('/').to_string();
    let lower = endpoint.to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    if !endpoint.is_empty() && (!web || endpoint.contains(char::is_whitespace)) {
        problem(
            "/endpoint",
            Msg::coded(
                "err-media-source-endpoint",
                vec![("endpoint", endpoint.clone())],
            ),
        );
    }
    let bucket = input.bucket.trim().to_string();
    let bucket_fine = (3..=63).contains(&bucket.len())
        && bucket
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.'));
    if !bucket_fine {
        problem(
            "/bucket",
            Msg::coded("err-media-source-bucket", vec![("bucket", bucket.clone())]),
        );
    }
    let prefix = input.prefix.trim().trim_matches('/').to_string();
    if !prefix.is_empty()
        && let Err(msg) = parse_name(&prefix)
    {
        problem("/prefix", msg);
    }
    let region = match input.region.trim() {
        "" => "us-east-1".to_string(),
        r => r.to_string(),
    };
    for (path, value) in [
        ("/access_key_id", input.access_key_id.trim()),
        ("/secret_access_key", input.secret_access_key.trim()),
    ] {
        if value.is_empty() {
            problem(
                path,
                Msg::coded(
                    "err-media-source-credential",
                    vec![("field", path.trim_start_matches('/').to_string())],
                ),
            );
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid(
            Msg::coded("err-invalid-field", vec![]),
            problems,
        ));
    }
    let row = MediaSourceRow {
        name,
        endpoint,
        bucket,
        prefix,
        region,
        access_key_id: input.access_key_id.trim().to_string(),
        secret_sealed: String::new(),
        created_at: 0,
    };
    Ok((row, input.secret_access_key.trim().to_string()))
}

fn settings_of(row: &MediaSourceRow, secret: String) -> S3Settings {
    S3Settings {
        endpoint: row.endpoint.clone(),
        bucket: row.bucket.clone(),
        region: row.region.clone(),
        access_key_id: row.access_key_id.clone(),
        secret_access_key: secret,
    }
}

/// What a source's secret is sealed for: it opens for this project's source only.
fn context(project: &ProjectId, name: &str) -> String {
    format!("{project}/{name}")
}

/// Register a bucket prefix for the caller's project `id` (one that takes items), once
/// listing it worked with the credentials given.
pub async fn register(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    input: NewSource,
) -> AppResult<SourceView> {
    let project = importable_project(state, caller, id).await?;
    let (mut row, secret) = checked(input)?;
    let settings = settings_of(&row, secret.clone());
    let reached = match Storage::source(&settings) {
        Ok(bucket) => bucket.probe(&row.prefix).await,
        Err(e) => Err(e),
    };
    if let Err(why) = reached {
        return Err(AppError::field(
            "/endpoint",
            Msg::coded(
                "err-media-source-unreachable",
                vec![
                    ("bucket", row.bucket.clone()),
                    ("prefix", row.prefix.clone()),
                    ("why", why.to_string()),
                ],
            ),
        ));
    }
    row.secret_sealed = state
        .media_secrets
        .seal(&context(&project.id, &row.name), &secret)
        .map_err(AppError::internal)?;
    let now = state.now();
    state.db.add_media_source(&project.id, &row, now).await?;
    row.created_at = now;
    Ok(SourceView::from(row))
}

/// The sources of the caller's project `id`, by name.
pub async fn list(state: &AppState, caller: &Caller, id: &ProjectId) -> AppResult<Vec<SourceView>> {
    let project = owned_project(state, caller, id).await?;
    Ok(state
        .db
        .media_sources(&project.id)
        .await?
        .into_iter()
        .map(SourceView::from)
        .collect())
}

/// Forget the source `name` of the caller's project `id` (its credentials with it);
/// items naming it are then shown to workers as unavailable.
pub async fn remove(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    name: &str,
) -> AppResult<()> {
    let project = owned_project(state, caller, id).await?;
    if state.db.delete_media_source(&project.id, name).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(Msg::coded(
            "err-media-source-unknown",
            vec![("name", name.to_string())],
        )))
    }
}

/// The object `key` of the project's source `name`, with the type its ending stands for:
/// None when the source or the object is not there (or not of a type Handprint serves).
pub async fn fetch(
    state: &AppState,
    project: &ProjectId,
    name: &str,
    key: &str,
) -> AppResult<Option<(String, bytes::Bytes)>> {
    let Some(content_type) = handprint_core::media::type_of_name(key) else {
        return Ok(None);
    };
    let Some(row) = state.db.media_source(project, name).await? else {
        return Ok(None);
    };
    let secret = state
        .media_secrets
        .open(&context(project, name), &row.secret_sealed)
        .map_err(AppError::internal)?;
    let bucket = Storage::source(&settings_of(&row, secret)).map_err(AppError::internal)?;
    let path = if row.prefix.is_empty() {
        key.to_string()
    } else {
        format!("{}/{key}", row.prefix)
    };
    let max = u64::try_from(state.settings.media.max_file_bytes).unwrap_or(0);
    match bucket
        .get_object(&path, max)
        .await
        .map_err(AppError::internal)?
    {
        None => Ok(None),
        Some(Ok(bytes)) => Ok(Some((content_type.to_string(), bytes))),
        Some(Err(size)) => Err(AppError::TooLarge(Msg::coded(
            "err-media-too-big",
            vec![
                ("name", format!("{name}:{key}")),
                ("bytes", size.to_string()),
                ("limit", max.to_string()),
            ],
        ))),
    }
}

/// The names of the project's sources (the import accepts items naming objects of them).
pub async fn names(
    db: &handprint_store::Db,
    project: &ProjectId,
) -> AppResult<std::collections::HashSet<String>> {
    Ok(db
        .media_sources(project)
        .await?
        .into_iter()
        .map(|r| r.name)
        .collect())
}
