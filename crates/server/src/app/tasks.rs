//! Task import: JSON array, JSONL or CSV, read as a stream of any size.
//!
//! The input is parsed on a blocking thread as it arrives; good rows are stored
//! in batches (each batch atomically), bad rows are reported with their line.
//! Rows whose `external_id` already exists are skipped, so an interrupted
//! import can simply be run again. The API's upload, the project page's file
//! upload and the CLI's `handprint tasks import` all read through here.

use crate::app::AppResult;
use crate::app::access::owned_project;
use crate::auth::Caller;
use crate::{AppError, AppState};
use handprint_core::Msg;
use handprint_core::ProjectId;
use handprint_core::import::{ImportFormat, ImportReader, ImportRow, RowError};
use handprint_core::media::MediaRef;
use handprint_core::template::Template;
use handprint_store::alerts::AlertReason;
use handprint_store::projects::ProjectRow;
use handprint_store::tasks::DraftQuota;
use serde::Serialize;
use std::collections::HashSet;
use std::io::BufRead;
use tokio::sync::mpsc;

/// Rows stored per transaction.
const BATCH: usize = 1000;
/// Row errors listed in a report (all are counted).
const MAX_LISTED_ERRORS: usize = 1000;

#[derive(Serialize, utoipa::ToSchema, Default, Debug)]
pub struct ImportReport {
    /// Rows stored by this upload.
    pub created: u64,
    /// Rows whose external_id was already in the project (an earlier upload stored them).
    pub skipped: u64,
    /// Rows refused, with their line number and why (the first 1000).
    pub errors: Vec<RowErrorView>,
    /// How many rows were refused in all.
    pub error_count: u64,
    pub format: String,
}

#[derive(Serialize, utoipa::ToSchema, Debug)]
pub struct RowErrorView {
    pub line: u64,
    pub message: String,
    /// The same problem, coded, for the pages to show in the reader's language.
    #[serde(skip)]
    #[schema(ignore)]
    pub error: Option<RowError>,
}

enum Parsed {
    Rows(Vec<ImportRow>),
    Error(RowError),
}

/// One of the caller's organisation's projects that takes new tasks (a draft, or
/// an active or paused one); 409 for the others.
pub async fn importable_project(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
) -> AppResult<ProjectRow> {
    let project = owned_project(state, caller, id).await?;
    if !project.state().accepts_tasks() {
        return Err(AppError::Conflict(Msg::coded(
            "err-tasks-state",
            vec![("state", project.state.as_str().to_string())],
        )));
    }
    Ok(project)
}

/// Import tasks from `reader` into `project` (from [`importable_project`]) at the
/// state's clock. Returns the report and whether the input was read to its end; a
/// batch the organisation's balance cannot escrow stops it with a 402 naming the
/// amount missing in the instance currency.
pub async fn import<R: std::io::Read + Send + 'static>(
    state: &AppState,
    project: &ProjectRow,
    reader: R,
    hint: FormatHint,
) -> AppResult<(ImportReport, std::io::Result<()>)> {
    let clock = state.clock.clone();
    let quota = DraftQuota {
        items: state.settings.quotas.max_draft_items_per_org,
        bytes: state.settings.quotas.max_draft_bytes_per_org,
    };
    let imported = import_from(
        &state.db,
        project,
        reader,
        (hint, Some(quota)),
        move || clock.now(),
        |_| {},
    )
    .await;
    // New items in an open project: the workers who want to hear of it are alerted.
    if let Ok((report, _)) = &imported
        && report.created > 0
        && project.state() == handprint_core::project::ProjectState::Active
    {
        crate::app::alerts::queue(state, &project.id, AlertReason::NewItems).await;
    }
    imported.map_err(|e| match e {
        AppError::InsufficientFunds {
            detail, missing, ..
        } => AppError::InsufficientFunds {
            missing_text: handprint_core::Money(missing).format(&state.settings.currency),
            detail,
            missing,
        },
        other => other,
    })
}

/// How to tell the format of an upload.
#[derive(Debug, Clone, Default)]
pub struct FormatHint {
    pub content_type: Option<String>,
    pub file_name: Option<String>,
}

/// Import rows from `reader` into `project`: parsed on a blocking thread, stored in
/// batches as they fill. Returns the report and whether the input was read to its end
/// (an I/O error stops the import; the batches stored before it stay stored).
/// `on_batch` is told the running report after each stored batch (for progress bars).
/// With a `quota`, a batch that would take the organisation's unpublished projects
/// past it is refused (409 naming the limit); the batches before it stay stored.
pub async fn import_from<R: std::io::Read + Send + 'static>(
    db: &handprint_store::Db,
    project: &ProjectRow,
    reader: R,
    (hint, quota): (FormatHint, Option<DraftQuota>),
    now: impl Fn() -> handprint_core::Timestamp,
    mut on_batch: impl FnMut(&ImportReport),
) -> AppResult<(ImportReport, std::io::Result<()>)> {
    let template = project.spec()?.template;
    let uploaded = crate::app::media::known_names(db, &project.id).await?;
    let (tx, mut rx) = mpsc::channel::<Parsed>(4);
    let parser = tokio::task::spawn_blocking(move || {
        parse_upload(reader, &hint, (template.as_ref(), &uploaded), tx)
    });
    let mut report = ImportReport::default();
    while let Some(item) = rx.recv().await {
        match item {
            Parsed::Rows(rows) => {
                let outcome = match db.insert_tasks(&project.id, &rows, quota, now()).await {
                    Ok(o) => o,
                    Err(handprint_store::StoreError::InsufficientFunds { missing, .. }) => {
                        // The batch was not stored; the ones before it are stored and escrowed.
                        return Err(AppError::InsufficientFunds {
                            detail: Msg::coded(
                                "err-upload-unfunded",
                                vec![
                                    ("stored", report.created.to_string()),
                                    ("next", rows.len().to_string()),
                                ],
                            ),
                            missing,
                            missing_text: missing.to_string(),
                        });
                    }
                    Err(e) => return Err(e.into()),
                };
                report.created += outcome.created;
                report.skipped += outcome.skipped;
                on_batch(&report);
            }
            Parsed::Error(e) => {
                report.error_count += 1;
                if report.errors.len() < MAX_LISTED_ERRORS {
                    report.errors.push(RowErrorView {
                        line: e.line,
                        message: e.message.clone(),
                        error: Some(e),
                    });
                }
            }
        }
    }
    let outcome = match parser.await.map_err(AppError::internal)? {
        Ok(format) => {
            report.format = match format {
                ImportFormat::Json => "json",
                ImportFormat::Jsonl => "jsonl",
                ImportFormat::Csv => "csv",
            }
            .into();
            Ok(())
        }
        Err(e) => Err(e),
    };
    Ok((report, outcome))
}

/// Read the whole upload on this (blocking) thread, sending batches as they fill.
fn parse_upload<R: std::io::Read>(
    reader: R,
    hint: &FormatHint,
    (template, uploaded): (Option<&Template>, &HashSet<String>),
    tx: mpsc::Sender<Parsed>,
) -> std::io::Result<ImportFormat> {
    let failure = std::rc::Rc::new(std::cell::RefCell::new(None));
    let watched = Watched {
        inner: reader,
        failure: failure.clone(),
    };
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, watched);
    let format = ImportFormat::detect(
        hint.content_type.as_deref(),
        hint.file_name.as_deref(),
        reader.fill_buf()?,
    );
    let mut batch = Vec::with_capacity(BATCH);
    let mut rows = ImportReader::new(format, reader);
    for item in &mut rows {
        let message = match item {
            Ok(mut row) => match check_known_answer(template, &mut row)
                .and_then(|()| check_media_names(template, uploaded, &row))
            {
                Ok(()) => {
                    batch.push(row);
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if tx.blocking_send(Parsed::Rows(full)).is_err() {
                            return Err(std::io::Error::other("the upload was abandoned"));
                        }
                    }
                    continue;
                }
                Err(e) => Parsed::Error(e),
            },
            Err(_) if failure.borrow().is_some() => break,
            Err(e) => Parsed::Error(e),
        };
        if tx.blocking_send(message).is_err() {
            return Err(std::io::Error::other("the upload was abandoned"));
        }
    }
    if let Some(error) = failure.borrow_mut().take() {
        // The row error the parser reported for it is dropped with the tx; the caller reports this one.
        return Err(error);
    }
    if !batch.is_empty() {
        let _ = tx.blocking_send(Parsed::Rows(batch));
    }
    Ok(format)
}

/// A reader that remembers the first I/O error (a broken connection, a body over the
/// size limit), so it is reported as such rather than as a bad row.
struct Watched<R> {
    inner: R,
    failure: std::rc::Rc<std::cell::RefCell<Option<std::io::Error>>>,
}

impl<R: std::io::Read> std::io::Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.inner.read(buf) {
            Err(e) if e.kind() != std::io::ErrorKind::Interrupted => {
                let copy = std::io::Error::new(e.kind(), e.to_string());
                self.failure.borrow_mut().get_or_insert(copy);
                Err(e)
            }
            other => other,
        }
    }
}

/// An item's media field that names a file (rather than an address) must name one
/// uploaded to the project, or a key under one of its bucket sources ("SOURCE:key"):
/// refused otherwise, naming the field and the file.
pub fn check_media_names(
    template: Option<&Template>,
    uploaded: &HashSet<String>,
    row: &ImportRow,
) -> Result<(), RowError> {
    // A project without uploads keeps reading a field as an address (an unusable one
    // is shown to workers with a message, as before uploads existed).
    let Some(template) = template.filter(|_| !uploaded.is_empty()) else {
        return Ok(());
    };
    for (field, _) in template.media_fields() {
        let Some(serde_json::Value::String(held)) = row.data.get(field) else {
            continue;
        };
        if let MediaRef::Uploaded(name) = MediaRef::of(held)
            && !crate::app::media::names_known(uploaded, name)
        {
            return Err(RowError::new(
                row.line,
                Msg::coded(
                    "err-import-media-missing",
                    vec![("field", field.to_string()), ("name", name.to_string())],
                ),
            ));
        }
    }
    Ok(())
}

/// A control item's known answer must itself be a valid answer.
pub fn check_known_answer(
    template: Option<&Template>,
    row: &mut ImportRow,
) -> Result<(), RowError> {
    let (Some(template), Some(known)) = (template, row.known_answer.as_ref()) else {
        return Ok(());
    };
    let data = serde_json::Value::Object(row.data.clone());
    match template.validate_answer(&data, known) {
        Ok(normalised) => {
            row.known_answer = Some(normalised);
            Ok(())
        }
        Err(e) => Err(RowError::new(
            row.line,
            Msg::coded(
                "problem-import-known-answer",
                vec![("path", e.path.clone()), ("problems", e.message.clone())],
            ),
        )
        .with_details(vec![e.msg()])),
    }
}
