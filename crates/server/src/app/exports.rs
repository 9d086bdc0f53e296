//! Exports with a handprint: the data file, `croissant.json` and the signed
//! `handprint.dsse.json` written into a directory (and kept in the database), then,
//! for downloads, zipped. One code path for the CLI (`handprint export --out`), the API
//! (`POST /api/v1/projects/{id}/exports`) and the requester's project page. Answers go
//! to disk page by page, so memory stays bounded whatever the project's size.

use super::croissant::{self, Content, DataFile};
use super::handprints::{self as hp, ExportFacts};
use super::hf_card::{self, CARD_FILE};
use super::parquet::{self as pq, ParquetFile, Table};
use super::results::{
    ExportFormat, aggregate_project, answer_pages, csv_header, encode_labels, encode_page,
    item_fields,
};
use super::{coco, yolo};
use crate::app::{AppError, AppResult};
use futures::TryStreamExt;
use handprint_core::attest::{self, InstanceKey, Statement, Subject};
use handprint_core::template::{Template, TemplateKind};
use handprint_core::{HandprintId, Msg, Timestamp};
use handprint_store::Db;
use handprint_store::handprints::NewHandprint;
use handprint_store::projects::ProjectRow;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// The envelope's file name in every export.
pub const ENVELOPE_FILE: &str = "handprint.dsse.json";
/// The Croissant file's name in every export with a handprint.
pub const CROISSANT_FILE: &str = "croissant.json";

/// What an export holds, as asked.
#[derive(Debug, Clone)]
pub struct ExportAsked {
    pub format: DataFormat,
    /// Aggregated labels with this method instead of the answers.
    pub labels: Option<String>,
    /// Also write `croissant.json` and the signed `handprint.dsse.json` (and keep it).
    pub handprint: bool,
    /// Whether the kept handprint's page is public (else its organisation's only).
    pub publish: bool,
}

/// What signs and describes an export: the server's state, or the CLI's configuration.
pub struct ExportContext<'a> {
    pub db: &'a Db,
    pub settings: &'a crate::Settings,
    pub key: &'a InstanceKey,
    pub now: Timestamp,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    /// The files' names inside the directory, data first.
    pub files: Vec<String>,
    /// The data file's records: answers, or labels.
    pub records: usize,
    /// The kept handprint, when one was made.
    pub handprint: Option<HandprintId>,
}

/// A data file as written: its name, size and SHA-256.
struct WrittenFile {
    name: String,
    bytes: u64,
    sha256: String,
}

/// The file format of an export's data: the answer downloads' text formats, Parquet,
/// or the Hugging Face datasets layout (Parquet files under `data/` and a `README.md`
/// dataset card).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    Jsonl,
    Csv,
    Parquet,
    Hf,
    /// COCO object detection, for bounding-box projects: `coco.json` (items as JSONL).
    Coco,
    /// YOLO, for bounding-box projects: `data.yaml`, `classes.txt`, `labels/*.txt`
    /// (items as JSONL).
    Yolo,
    /// Preference data, for pairwise projects: `preferences.jsonl`, one
    /// `{prompt, chosen, rejected}` record per answer that prefers a side (TRL's DPO
    /// and reward trainers read it), items as JSONL.
    Preferences,
}

impl DataFormat {
    /// The format named (`jsonl`, also `ndjson`, `csv` or `parquet`), if offered.
    pub fn parse(name: &str) -> Option<DataFormat> {
        match name {
            "jsonl" | "ndjson" => Some(DataFormat::Jsonl),
            "csv" => Some(DataFormat::Csv),
            "parquet" => Some(DataFormat::Parquet),
            "hf" => Some(DataFormat::Hf),
            "coco" => Some(DataFormat::Coco),
            "yolo" => Some(DataFormat::Yolo),
            "preferences" => Some(DataFormat::Preferences),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DataFormat::Jsonl | DataFormat::Preferences => "jsonl",
            DataFormat::Csv => "csv",
            DataFormat::Parquet | DataFormat::Hf => "parquet",
            DataFormat::Coco => "json",
            DataFormat::Yolo => "yaml",
        }
    }

    /// The items file's format: JSONL beside a COCO file, else the data's own.
    pub fn items_format(self) -> DataFormat {
        match self {
            DataFormat::Coco | DataFormat::Yolo | DataFormat::Preferences => DataFormat::Jsonl,
            other => other,
        }
    }

    /// Where the data files go inside the export: `data/` in the Hugging Face layout.
    fn folder(self) -> &'static str {
        match self {
            DataFormat::Hf => "data/",
            DataFormat::Jsonl
            | DataFormat::Csv
            | DataFormat::Parquet
            | DataFormat::Coco
            | DataFormat::Yolo
            | DataFormat::Preferences => "",
        }
    }

    /// The text format, for JSONL and CSV.
    fn text(self) -> Option<ExportFormat> {
        match self {
            DataFormat::Jsonl => Some(ExportFormat::Jsonl),
            DataFormat::Csv => Some(ExportFormat::Csv),
            DataFormat::Parquet | DataFormat::Hf => None,
            DataFormat::Coco | DataFormat::Yolo | DataFormat::Preferences => {
                Some(ExportFormat::Jsonl)
            }
        }
    }
}

/// Write the export of `project` into `dir` (made if missing).
pub async fn write(
    ctx: &ExportContext<'_>,
    project: &ProjectRow,
    asked: &ExportAsked,
    dir: &Path,
) -> AppResult<Written> {
    tokio::fs::create_dir_all(dir.join(asked.format.folder()))
        .await
        .map_err(AppError::internal)?;
    let (data, records, answer_fields, extras) = write_data(ctx, project, asked, dir).await?;
    let mut written = Written {
        files: vec![data.name.clone()],
        records,
        handprint: None,
    };
    let boxes = matches!(asked.format, DataFormat::Coco | DataFormat::Yolo);
    let marks = mark_method(project)?;
    if asked.handprint {
        let content = match &asked.labels {
            _ if boxes => Content::Labels {
                method: asked.labels.as_deref().unwrap_or(marks),
            },
            _ if asked.format == DataFormat::Preferences => Content::Preferences,
            Some(method) => Content::Labels { method },
            None => Content::Answers {
                item_fields: &answer_fields,
            },
        };
        let fields = match asked.format {
            DataFormat::Csv => item_fields(ctx.db, &project.id).await?,
            _ => Vec::new(),
        };
        let items_format = asked.format.items_format();
        let name = format!(
            "{}items.{}",
            asked.format.folder(),
            items_format.extension()
        );
        let items = match items_format.text() {
            Some(text) => {
                let mut out = HashingFile::create(&dir.join(&name)).await?;
                write_items(ctx.db, project, text, &fields, &mut out).await?;
                out.finish(name).await?
            }
            None => {
                parquet_items(ctx.db, project, &dir.join(&name)).await?;
                written_file(dir, name).await?
            }
        };
        let id = sign(
            ctx,
            project,
            asked,
            [&data, &items],
            (&content, &fields),
            (&extras, dir),
        )
        .await?;
        written.files.push(items.name);
        if asked.format == DataFormat::Hf {
            written.files.push(CARD_FILE.into());
        }
        written.files.extend(extras.iter().map(|f| f.name.clone()));
        written.files.push(CROISSANT_FILE.into());
        written.files.push(ENVELOPE_FILE.into());
        written.handprint = Some(id);
    } else {
        written.files.extend(extras.iter().map(|f| f.name.clone()));
    }
    Ok(written)
}

/// The data: its main file, how many records, the CSV's item fields, and the files
/// beside it (YOLO's classes and label files).
async fn write_data(
    ctx: &ExportContext<'_>,
    project: &ProjectRow,
    asked: &ExportAsked,
    dir: &Path,
) -> AppResult<(WrittenFile, usize, Vec<String>, Vec<WrittenFile>)> {
    let marks = mark_method(project)?;
    let boxes_method = || asked.labels.as_deref().unwrap_or(marks);
    Ok(match (&asked.labels, asked.format) {
        (_, DataFormat::Coco) => {
            let (file, count) = write_coco(ctx, project, boxes_method(), dir).await?;
            (file, count, Vec::new(), Vec::new())
        }
        (_, DataFormat::Yolo) => {
            let (mut files, count) = write_yolo(ctx, project, boxes_method(), dir).await?;
            let data = files.remove(0);
            (data, count, Vec::new(), files)
        }
        (Some(_), DataFormat::Preferences) => {
            return Err(AppError::field(
                "/labels",
                Msg::coded("err-preferences-no-labels", Vec::new()),
            ));
        }
        (None, DataFormat::Preferences) => {
            let (file, count) = write_preferences(ctx.db, project, dir).await?;
            (file, count, Vec::new(), Vec::new())
        }
        (Some(method), format) => {
            let (file, count) = write_labels(ctx, project, format, method, dir).await?;
            (file, count, Vec::new(), Vec::new())
        }
        (None, format) => {
            let (file, count, fields) = write_answer_file(ctx.db, project, format, dir).await?;
            (file, count, fields, Vec::new())
        }
    })
}

/// `labels-METHOD.<ext>`: the project's answers aggregated with `method`.
async fn write_labels(
    ctx: &ExportContext<'_>,
    project: &ProjectRow,
    format: DataFormat,
    method: &str,
    dir: &Path,
) -> AppResult<(WrittenFile, usize)> {
    let template = project
        .spec()?
        .template
        .ok_or_else(|| AppError::Conflict(Msg::coded("err-labels-no-template", vec![])))?;
    // The method is checked here, before it names a file.
    let (_, labels) = aggregate_project(ctx.db, project, template, Some(method)).await?;
    let name = format!("{}labels-{method}.{}", format.folder(), format.extension());
    let file = match format.text() {
        Some(text) => {
            let mut out = HashingFile::create(&dir.join(&name)).await?;
            out.write(&encode_labels(text, &labels)).await?;
            out.finish(name).await?
        }
        None => {
            let mut out = ParquetFile::create(&dir.join(&name), Table::Labels).map_err(failed)?;
            out.write(&pq::labels_batch(&labels).map_err(failed)?)
                .map_err(failed)?;
            out.finish().map_err(failed)?;
            written_file(dir, name).await?
        }
    };
    Ok((file, labels.len()))
}

/// What a box format is made of: the template's labels and image field, every item
/// (id, external id, data) and the boxes aggregated with `method`; refused (422 naming
/// /format) unless the project draws bounding boxes.
type BoxInputs = (
    Vec<String>,
    String,
    Vec<(String, Option<String>, serde_json::Value)>,
    Vec<super::results::LabelRecord>,
);

async fn box_inputs(
    ctx: &ExportContext<'_>,
    project: &ProjectRow,
    method: &str,
) -> AppResult<BoxInputs> {
    let template = project
        .spec()?
        .template
        .ok_or_else(|| AppError::Conflict(Msg::coded("err-labels-no-template", vec![])))?;
    let Template::BoundingBoxes(boxes) = &template else {
        return Err(AppError::field(
            "/format",
            Msg::coded(
                "err-coco-needs-boxes",
                vec![("kind", template.kind().as_str().to_string())],
            ),
        ));
    };
    let (labels, image_field) = (boxes.labels().to_vec(), boxes.image_field().to_string());
    let (tasks, aggregated) = mark_inputs(ctx, project, template, method).await?;
    Ok((labels, image_field, tasks, aggregated))
}

/// The method COCO and YOLO aggregate with when none is asked: the one of the project's
/// kind (`polygons`, `keypoints`, else `boxes`).
fn mark_method(project: &ProjectRow) -> AppResult<&'static str> {
    Ok(match project.spec()?.template.map(|t| t.kind()) {
        Some(TemplateKind::Polygons) => "polygons",
        Some(TemplateKind::Keypoints) => "keypoints",
        _ => "boxes",
    })
}

/// Every item (id, external id, data) and the marks aggregated with `method`.
async fn mark_inputs(
    ctx: &ExportContext<'_>,
    project: &ProjectRow,
    template: Template,
    method: &str,
) -> AppResult<(Tasks, Vec<super::results::LabelRecord>)> {
    let (_, aggregated) = aggregate_project(ctx.db, project, template, Some(method)).await?;
    let mut tasks = Vec::new();
    let mut after = None;
    loop {
        let page = ctx.db.tasks_page(&project.id, after.as_ref(), 2000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.clone());
        tasks.extend(page.into_iter().map(|t| {
            let data = serde_json::from_str(&t.data).unwrap_or(serde_json::Value::Null);
            (t.id.to_string(), t.external_id, data)
        }));
    }
    Ok((tasks, aggregated))
}

/// Every item of a project: its id, external id and data.
type Tasks = Vec<(String, Option<String>, serde_json::Value)>;

fn images(tasks: &[(String, Option<String>, serde_json::Value)]) -> Vec<coco::Image<'_>> {
    tasks
        .iter()
        .map(|(task_id, external_id, data)| coco::Image {
            task_id,
            external_id: external_id.as_deref(),
            data,
        })
        .collect()
}

/// `coco.json`: the marks aggregated with `method` over every item: boxes (`boxes`) as
/// object detection, polygons (`polygons`) as segmentation, keypoints (`keypoints`) as
/// COCO keypoints; refused (422 naming /format) for the other kinds.
async fn write_coco(
    ctx: &ExportContext<'_>,
    project: &ProjectRow,
    method: &str,
    dir: &Path,
) -> AppResult<(WrittenFile, usize)> {
    let template = project
        .spec()?
        .template
        .ok_or_else(|| AppError::Conflict(Msg::coded("err-labels-no-template", vec![])))?;
    let (document, count) = match &template {
        Template::Polygons(polygons) => {
            let (tasks, aggregated) = mark_inputs(ctx, project, template.clone(), method).await?;
            coco::polygons_document(polygons, &images(&tasks), &aggregated)
        }
        Template::Keypoints(skeleton) => {
            let (tasks, aggregated) = mark_inputs(ctx, project, template.clone(), method).await?;
            coco::keypoints_document(skeleton, &images(&tasks), &aggregated)
        }
        Template::BoundingBoxes(_) => {
            let (labels, image_field, tasks, aggregated) = box_inputs(ctx, project, method).await?;
            coco::document(&labels, &image_field, &images(&tasks), &aggregated)
        }
        other => {
            return Err(AppError::field(
                "/format",
                Msg::coded(
                    "err-coco-needs-marks",
                    vec![("kind", other.kind().as_str().to_string())],
                ),
            ));
        }
    };
    let bytes = serde_json::to_vec_pretty(&document).map_err(AppError::internal)?;
    let mut out = HashingFile::create(&dir.join(coco::COCO_FILE)).await?;
    out.write(&bytes).await?;
    Ok((out.finish(coco::COCO_FILE.into()).await?, count))
}

/// YOLO's files (`data.yaml` first); refused (422 naming /format) when an item has no
/// image size.
async fn write_yolo(
    ctx: &ExportContext<'_>,
    project: &ProjectRow,
    method: &str,
    dir: &Path,
) -> AppResult<(Vec<WrittenFile>, usize)> {
    let (labels, image_field, tasks, aggregated) = box_inputs(ctx, project, method).await?;
    let (files, count) =
        yolo::files(&labels, &image_field, &images(&tasks), &aggregated).map_err(|missing| {
            AppError::field(
                "/format",
                Msg::coded("err-yolo-needs-size", vec![("item", missing.item)]),
            )
        })?;
    tokio::fs::create_dir_all(dir.join("labels"))
        .await
        .map_err(AppError::internal)?;
    let mut written = Vec::new();
    for (name, text) in files {
        let mut out = HashingFile::create(&dir.join(&name)).await?;
        out.write(text.as_bytes()).await?;
        written.push(out.finish(name).await?);
    }
    Ok((written, count))
}

/// `preferences.jsonl`: every answer of a pairwise project that prefers a side, as the
/// `{prompt, chosen, rejected}` records preference trainers read, with its
/// `assignment_id`; ties and items missing an option are left out. Refused (422 naming
/// /format) unless the project compares pairs.
async fn write_preferences(
    db: &Db,
    project: &ProjectRow,
    dir: &Path,
) -> AppResult<(WrittenFile, usize)> {
    let template = project
        .spec()?
        .template
        .ok_or_else(|| AppError::Conflict(Msg::coded("err-labels-no-template", vec![])))?;
    let handprint_core::template::Template::Pairwise(pairwise) = &template else {
        return Err(AppError::field(
            "/format",
            Msg::coded(
                "err-preferences-needs-pairwise",
                vec![("kind", template.kind().as_str().to_string())],
            ),
        ));
    };
    let mut out = HashingFile::create(&dir.join(PREFERENCES_FILE)).await?;
    let mut count = 0;
    let mut pages = std::pin::pin!(answer_pages(db.clone(), project.clone()));
    while let Some(page) = pages.try_next().await? {
        let mut lines = Vec::new();
        for record in preference_records(pairwise, &page) {
            serde_json::to_writer(&mut lines, &record).map_err(AppError::internal)?;
            lines.push(b'\n');
            count += 1;
        }
        out.write(&lines).await?;
    }
    Ok((out.finish(PREFERENCES_FILE.into()).await?, count))
}

/// The preference data's file name.
pub const PREFERENCES_FILE: &str = "preferences.jsonl";

/// One preference pair, as TRL's preference datasets hold it (plus the answer's id).
#[derive(serde::Serialize, Debug, PartialEq)]
pub struct PreferenceRecord {
    pub prompt: String,
    pub chosen: String,
    pub rejected: String,
    pub assignment_id: String,
}

/// The preference pairs of a page of a pairwise project's answers: the preferred
/// option as `chosen`, the other as `rejected`; ties, items missing an option and
/// items comparing an option with itself give none.
pub fn preference_records(
    pairwise: &handprint_core::template::Pairwise,
    answers: &[super::results::AnswerRecord],
) -> Vec<PreferenceRecord> {
    use handprint_core::template::Preference;
    answers
        .iter()
        .filter_map(|r| {
            let left = pairwise.option(&r.item, Preference::Left)?;
            let right = pairwise.option(&r.item, Preference::Right)?;
            let (chosen, rejected) = match Preference::of_answer(&r.answer)? {
                Preference::Left => (left, right),
                Preference::Right => (right, left),
                Preference::Tie => return None,
            };
            (chosen != rejected).then(|| PreferenceRecord {
                prompt: pairwise.prompt(&r.item),
                chosen,
                rejected,
                assignment_id: r.assignment_id.clone(),
            })
        })
        .collect()
}

/// `answers.<ext>`; returns the file, how many answers, and the CSV's item fields.
async fn write_answer_file(
    db: &Db,
    project: &ProjectRow,
    format: DataFormat,
    dir: &Path,
) -> AppResult<(WrittenFile, usize, Vec<String>)> {
    let name = format!("{}answers.{}", format.folder(), format.extension());
    let Some(text) = format.text() else {
        let mut out = ParquetFile::create(&dir.join(&name), Table::Answers).map_err(failed)?;
        let mut count = 0;
        let mut pages = std::pin::pin!(answer_pages(db.clone(), project.clone()));
        while let Some(page) = pages.try_next().await? {
            count += page.len();
            out.write(&pq::answers_batch(&page).map_err(failed)?)
                .map_err(failed)?;
        }
        out.finish().map_err(failed)?;
        return Ok((written_file(dir, name).await?, count, Vec::new()));
    };
    let fields = match text {
        ExportFormat::Csv => item_fields(db, &project.id).await?,
        ExportFormat::Jsonl => Vec::new(),
    };
    let mut out = HashingFile::create(&dir.join(&name)).await?;
    let count = write_answers(db, project, text, &fields, &mut out).await?;
    Ok((out.finish(name).await?, count, fields))
}

/// Every item of the project as Parquet.
async fn parquet_items(db: &Db, project: &ProjectRow, path: &Path) -> AppResult<()> {
    let mut out = ParquetFile::create(path, Table::Items).map_err(failed)?;
    let mut after = None;
    loop {
        let tasks = db.tasks_page(&project.id, after.as_ref(), 2000).await?;
        let Some(last) = tasks.last() else { break };
        after = Some(last.id.clone());
        let cells: Vec<pq::ItemCells> = tasks
            .iter()
            .map(|t| pq::ItemCells {
                task_id: t.id.to_string(),
                external_id: t.external_id.clone(),
                answers: t.answers,
                data: Some(t.data.clone()),
            })
            .collect();
        out.write(&pq::items_batch(&cells).map_err(failed)?)
            .map_err(failed)?;
    }
    out.finish().map_err(failed)
}

/// A Parquet writer's failure, as an internal error.
fn failed(e: String) -> AppError {
    AppError::internal(std::io::Error::other(e))
}

/// A file written whole: its size and SHA-256, read back off the async threads.
async fn written_file(dir: &Path, name: String) -> AppResult<WrittenFile> {
    let path = dir.join(&name);
    let (bytes, sha256) = tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(&path)?;
        let mut hasher = Sha256::new();
        let bytes = std::io::copy(&mut file, &mut hasher)?;
        Ok::<_, std::io::Error>((bytes, hex::encode(hasher.finalize())))
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    Ok(WrittenFile {
        name,
        bytes,
        sha256,
    })
}

/// The CSV columns of the items file before the data fields.
const ITEM_COLUMNS: [&str; 3] = ["task_id", "external_id", "answers"];

/// Every item of the project (id, external id, answers collected, data as imported;
/// never the known answer), page by page, into `out`; returns how many.
async fn write_items(
    db: &Db,
    project: &ProjectRow,
    format: ExportFormat,
    fields: &[String],
    out: &mut HashingFile,
) -> AppResult<usize> {
    if format == ExportFormat::Csv {
        let header: Vec<String> = ITEM_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .chain(fields.iter().map(|f| format!("item.{f}")))
            .collect();
        out.write(&csv_line(&header)).await?;
    }
    let mut count = 0;
    let mut after = None;
    loop {
        let tasks = db.tasks_page(&project.id, after.as_ref(), 2000).await?;
        let Some(last) = tasks.last() else {
            return Ok(count);
        };
        after = Some(last.id.clone());
        count += tasks.len();
        let mut page = Vec::new();
        for task in &tasks {
            let data: serde_json::Value =
                serde_json::from_str(&task.data).unwrap_or(serde_json::Value::Null);
            match format {
                ExportFormat::Jsonl => {
                    let line = serde_json::json!({"task_id": task.id, "external_id": task.external_id,
                        "answers": task.answers, "item": data});
                    page.extend_from_slice(line.to_string().as_bytes());
                    page.push(b'\n');
                }
                ExportFormat::Csv => {
                    let row: Vec<String> = [
                        task.id.to_string(),
                        task.external_id.clone().unwrap_or_default(),
                        task.answers.to_string(),
                    ]
                    .into_iter()
                    .chain(fields.iter().map(|f| super::results::cell(data.get(f))))
                    .collect();
                    page.extend_from_slice(&csv_line(&row));
                }
            }
        }
        out.write(&page).await?;
    }
}

/// One CSV line, cells made safe for spreadsheets as every export's are.
fn csv_line(cells: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let _ = w.write_record(handprint_core::spreadsheet::safe_record(
        cells.iter().map(String::as_str),
    ));
    w.into_inner().unwrap_or_default()
}

/// Every answer, page by page, into `out`; returns how many.
async fn write_answers(
    db: &Db,
    project: &ProjectRow,
    format: ExportFormat,
    fields: &[String],
    out: &mut HashingFile,
) -> AppResult<usize> {
    if format == ExportFormat::Csv {
        out.write(&csv_header(fields)).await?;
    }
    let mut count = 0;
    let mut pages = std::pin::pin!(answer_pages(db.clone(), project.clone()));
    while let Some(page) = pages.try_next().await? {
        count += page.len();
        out.write(&encode_page(format, fields, &page)).await?;
    }
    Ok(count)
}

/// Write `croissant.json` and the signed envelope beside `data`, and keep the handprint.
async fn sign(
    ctx: &ExportContext<'_>,
    project: &ProjectRow,
    asked: &ExportAsked,
    [data, items]: [&WrittenFile; 2],
    (content, item_fields): (&Content<'_>, &[String]),
    (extras, dir): (&[WrittenFile], &Path),
) -> AppResult<HandprintId> {
    let card_asked = asked.format == DataFormat::Hf;
    let mut names = vec![data.name.clone(), items.name.clone()];
    if card_asked {
        names.push(CARD_FILE.to_string());
    }
    names.extend(extras.iter().map(|f| f.name.clone()));
    names.push(CROISSANT_FILE.to_string());
    let facts = ExportFacts {
        files: &names,
        labels_method: asked.labels.as_deref(),
        instance_url: ctx.settings.public_url.as_deref(),
        k: handprint_core::handprint::DEFAULT_K,
        exported_at: ctx.now,
    };
    let predicate = hp::predicate(ctx.db, ctx.settings, project, &facts).await?;
    let card = if card_asked {
        let text = hf_card::card(&predicate, &data.name, &items.name);
        write_file(&dir.join(CARD_FILE), text.as_bytes()).await?;
        Some(written_file(dir, CARD_FILE.into()).await?)
    } else {
        None
    };
    let document = croissant::document(
        &predicate,
        [&described(data), &described(items)],
        &card
            .iter()
            .map(|f| (described(f), "text/markdown"))
            .chain(extras.iter().map(|f| (described(f), "text/plain")))
            .collect::<Vec<_>>(),
        (asked.format, content),
        item_fields,
    );
    let croissant_bytes = serde_json::to_vec_pretty(&document).map_err(AppError::internal)?;
    write_file(&dir.join(CROISSANT_FILE), &croissant_bytes).await?;
    let subjects = [data, items]
        .into_iter()
        .chain(card.as_ref())
        .chain(extras)
        .map(|f| Subject::sha256(&f.name, &f.sha256))
        .chain([Subject::sha256(
            CROISSANT_FILE,
            attest::sha256_hex(&croissant_bytes),
        )])
        .collect();
    let statement = Statement::handprint(subjects, predicate);
    let envelope = ctx.key.sign(&statement);
    let envelope_text = serde_json::to_string_pretty(&envelope).map_err(AppError::internal)?;
    let statement_text = serde_json::to_string(&statement).map_err(AppError::internal)?;
    write_file(&dir.join(ENVELOPE_FILE), envelope_text.as_bytes()).await?;
    Ok(ctx
        .db
        .insert_handprint(&NewHandprint {
            project: &project.id,
            organization: &project.organization_id,
            statement: &statement_text,
            envelope: &envelope_text,
            published: asked.publish,
            now: ctx.now,
        })
        .await?)
}

fn described(f: &WrittenFile) -> DataFile<'_> {
    DataFile {
        name: &f.name,
        sha256: &f.sha256,
        bytes: f.bytes,
    }
}

async fn write_file(path: &Path, bytes: &[u8]) -> AppResult<()> {
    tokio::fs::write(path, bytes)
        .await
        .map_err(AppError::internal)
}

/// A file being written, hashed as it goes.
struct HashingFile {
    out: tokio::io::BufWriter<tokio::fs::File>,
    hasher: Sha256,
    bytes: u64,
}

impl HashingFile {
    async fn create(path: &Path) -> AppResult<HashingFile> {
        let file = tokio::fs::File::create(path)
            .await
            .map_err(AppError::internal)?;
        Ok(HashingFile {
            out: tokio::io::BufWriter::new(file),
            hasher: Sha256::new(),
            bytes: 0,
        })
    }

    async fn write(&mut self, bytes: &[u8]) -> AppResult<()> {
        self.hasher.update(bytes);
        self.bytes += bytes.len() as u64;
        self.out.write_all(bytes).await.map_err(AppError::internal)
    }

    async fn finish(mut self, name: String) -> AppResult<WrittenFile> {
        self.out.flush().await.map_err(AppError::internal)?;
        self.out
            .into_inner()
            .sync_all()
            .await
            .map_err(AppError::internal)?;
        Ok(WrittenFile {
            name,
            bytes: self.bytes,
            sha256: hex::encode(self.hasher.finalize()),
        })
    }
}

/// Zip `files` of `dir` into `out` (deflated), off the async threads.
pub async fn zip_files(dir: &Path, files: &[String], out: &Path) -> std::io::Result<()> {
    let dir = dir.to_path_buf();
    let files = files.to_vec();
    let out = out.to_path_buf();
    tokio::task::spawn_blocking(move || zip_blocking(&dir, &files, &out))
        .await
        .map_err(std::io::Error::other)?
}

fn zip_blocking(dir: &Path, files: &[String], out: &Path) -> std::io::Result<()> {
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(std::fs::File::create(out)?));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for name in files {
        zip.start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        let mut file = std::fs::File::open(dir.join(name))?;
        std::io::copy(&mut file, &mut zip)?;
    }
    let mut inner = zip.finish().map_err(std::io::Error::other)?;
    std::io::Write::flush(&mut inner)?;
    Ok(())
}

/// Unpack a zip export into `dir`, refusing entries that would land outside it;
/// returns the unpacked files' paths.
pub fn unzip(archive: &Path, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive)?)
        .map_err(|e| std::io::Error::other(format!("not a zip file: {e}")))?;
    let mut paths = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(std::io::Error::other)?;
        let Some(name) = entry.enclosed_name() else {
            return Err(std::io::Error::other(format!(
                "the archive's entry {} points outside it",
                entry.name().unwrap_or_default()
            )));
        };
        let path = dir.join(name);
        if entry.is_dir() {
            std::fs::create_dir_all(&path)?;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::io::copy(&mut entry, &mut std::fs::File::create(&path)?)?;
        paths.push(path);
    }
    Ok(paths)
}

/// An export packed as a zip, ready to be sent: its file is open and already unlinked
/// (its temporary directory is gone), so nothing is left behind however the sending ends.
pub struct Download {
    pub file: tokio::fs::File,
    pub bytes: u64,
    /// `export-<project>.zip`.
    pub file_name: String,
    pub handprint: Option<HandprintId>,
}

/// Export one of the caller's organisation's projects as a zip (the API's and the
/// project page's download).
pub async fn download(
    state: &crate::AppState,
    caller: &crate::auth::Caller,
    id: &handprint_core::ProjectId,
    asked: &ExportAsked,
) -> AppResult<Download> {
    let project = super::access::owned_project(state, caller, id).await?;
    let staging = tempfile::tempdir().map_err(AppError::internal)?;
    let ctx = ExportContext {
        db: &state.db,
        settings: &state.settings,
        key: &state.signing_key,
        now: state.now(),
    };
    let data = staging.path().join("export");
    let written = write(&ctx, &project, asked, &data).await?;
    let zip = staging.path().join("export.zip");
    zip_files(&data, &written.files, &zip)
        .await
        .map_err(AppError::internal)?;
    let file = tokio::fs::File::open(&zip)
        .await
        .map_err(AppError::internal)?;
    let bytes = file.metadata().await.map_err(AppError::internal)?.len();
    // Unlinked here; the open file stays readable until it is closed.
    drop(staging);
    Ok(Download {
        file,
        bytes,
        file_name: format!("export-{}.zip", project.id),
        handprint: written.handprint,
    })
}
