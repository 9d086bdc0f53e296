//! `handprint export --project ID --format jsonl|csv|parquet|hf|coco|yolo|preferences [--labels METHOD] [--output FILE | --out DIR[.zip] [--handprint]]`.

use crate::config::{Config, DbFlags};
use futures::TryStreamExt;
use handprint_core::{Clock, ProjectId};
use handprint_server::app::exports::{self, DataFormat, ExportAsked, ExportContext};
use handprint_server::app::results::{
    ExportFormat, aggregate_project, answer_pages, csv_header, encode_labels, encode_page,
    item_fields,
};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The project whose answers to write
    #[arg(long)]
    project: ProjectId,
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write here instead of standard output
    #[arg(long, conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write into this directory (made if missing): answers.jsonl or answers.csv, or
    /// labels-METHOD.jsonl/.csv with --labels; a name ending in .zip writes a zip file
    /// holding the same files
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write croissant.json (Croissant 1.0 with the RAI extension) and
    /// handprint.dsse.json beside the data: the signed record of the work behind it,
    /// kept with a page at /handprints/ID (check it with `handprint verify
    /// DIR/handprint.dsse.json`); needs --out
    #[arg(long, requires = "out")]
    handprint: bool,
    /// Keep the handprint's page to the organisation (the signed file is theirs either way)
    #[arg(long, requires = "handprint")]
    unpublished: bool,
    /// Write each item's aggregated label (task_id, external_id, label, confidence, answers)
    /// with this method instead of the answers: mv, wawa, zbs, gold-mv, ds, onecoin-ds, glad,
    /// mace, median, rover, boxes, bt
    #[arg(long, value_name = "METHOD")]
    labels: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Jsonl,
    Csv,
    /// Typed columns (needs --out: a Parquet file is not a stream)
    Parquet,
    /// The Hugging Face datasets layout: data/*.parquet and a README.md dataset card
    /// (needs --out)
    Hf,
    /// COCO object detection (bounding-box projects): coco.json with the boxes aggregated
    /// with `boxes`, items.jsonl beside it (needs --out)
    Coco,
    /// YOLO (bounding-box projects whose items give image_width and image_height):
    /// data.yaml, classes.txt and labels/IMAGE.txt, items.jsonl beside them (needs --out)
    Yolo,
    /// Preference pairs (pairwise projects): preferences.jsonl with one prompt, chosen,
    /// rejected record per answer that prefers a side, as TRL's DPO and reward trainers
    /// read it; items.jsonl beside it (needs --out)
    Preferences,
}

pub async fn run(db: DbFlags, args: ExportArgs) -> anyhow::Result<()> {
    let config = Config::load(db.config.as_deref(), &db)?;
    let store = config.open_db().await?;
    let project = store
        .project(&args.project)
        .await
        .map_err(|_| anyhow::anyhow!("there is no project with id {}", args.project))?;
    let format = match args.format {
        Format::Jsonl => DataFormat::Jsonl,
        Format::Csv => DataFormat::Csv,
        Format::Parquet => DataFormat::Parquet,
        Format::Hf => DataFormat::Hf,
        Format::Coco => DataFormat::Coco,
        Format::Yolo => DataFormat::Yolo,
        Format::Preferences => DataFormat::Preferences,
    };
    let result = match (&args.out, format) {
        (Some(out), _) => write_out(&config, &store, &project, &args, format, out).await,
        (None, DataFormat::Jsonl) => {
            write_stream(&store, &project, &args, ExportFormat::Jsonl).await
        }
        (None, DataFormat::Csv) => write_stream(&store, &project, &args, ExportFormat::Csv).await,
        (
            None,
            DataFormat::Parquet
            | DataFormat::Hf
            | DataFormat::Coco
            | DataFormat::Yolo
            | DataFormat::Preferences,
        ) => Err(anyhow::anyhow!(
            "--format {} writes files: give --out DIR (or DIR.zip)",
            match format {
                DataFormat::Hf => "hf",
                DataFormat::Coco => "coco",
                DataFormat::Yolo => "yolo",
                DataFormat::Preferences => "preferences",
                _ => "parquet",
            }
        )),
    };
    store.close().await;
    result
}

/// `--out DIR` (or `DIR.zip`): the data, and with `--handprint` the Croissant file and
/// the signed handprint, through the same code as the API's exports.
async fn write_out(
    config: &Config,
    store: &handprint_store::Db,
    project: &handprint_store::projects::ProjectRow,
    args: &ExportArgs,
    format: DataFormat,
    out: &Path,
) -> anyhow::Result<()> {
    let key = if args.handprint {
        handprint_server::signing::load_or_create(&config.signing_key_path())
            .map_err(|e| anyhow::anyhow!("{e} (the signing_key_file setting)"))?
    } else {
        // Never used: nothing is signed without --handprint.
        handprint_server::signing::generate()
    };
    let settings = config.settings()?;
    let ctx = ExportContext {
        db: store,
        settings: &settings,
        key: &key,
        now: handprint_core::SystemClock.now(),
    };
    let asked = ExportAsked {
        format,
        labels: args.labels.clone(),
        handprint: args.handprint,
        publish: !args.unpublished,
    };
    let zipped = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let staging = tempfile::tempdir()?;
    let dir = if zipped { staging.path() } else { out };
    let written = exports::write(&ctx, project, &asked, dir)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if zipped {
        exports::zip_files(dir, &written.files, out)
            .await
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))?;
    }
    let what = match (format, &args.labels) {
        (DataFormat::Coco | DataFormat::Yolo, _) => "boxes",
        (DataFormat::Preferences, _) => "preference pairs",
        (_, Some(_)) => "labels",
        (_, None) => "answers",
    };
    eprintln!("{} {what} written to {}", written.records, out.display());
    if let Some(id) = &written.handprint {
        let check = if zipped {
            out.to_path_buf()
        } else {
            out.join(exports::ENVELOPE_FILE)
        };
        eprintln!(
            "handprint {id} signed (check it with: handprint verify {})",
            check.display()
        );
    }
    Ok(())
}

/// To standard output or `--output FILE`: the data alone, streamed.
async fn write_stream(
    store: &handprint_store::Db,
    project: &handprint_store::projects::ProjectRow,
    args: &ExportArgs,
    format: ExportFormat,
) -> anyhow::Result<()> {
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    if let Some(method) = &args.labels {
        let template = project.spec()?.template.ok_or_else(|| {
            anyhow::anyhow!("the project has no template, so nothing to aggregate")
        })?;
        let (_, labels) = aggregate_project(store, project, template, Some(method))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        out.write_all(&encode_labels(format, &labels))?;
        out.flush()?;
        return Ok(());
    }
    let fields = match format {
        ExportFormat::Csv => item_fields(store, &project.id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        ExportFormat::Jsonl => Vec::new(),
    };
    if matches!(format, ExportFormat::Csv) {
        out.write_all(&csv_header(&fields))?;
    }
    let mut pages = std::pin::pin!(answer_pages(store.clone(), project.clone()));
    while let Some(page) = pages.try_next().await.map_err(|e| anyhow::anyhow!("{e}"))? {
        out.write_all(&encode_page(format, &fields, &page))?;
    }
    out.flush()?;
    Ok(())
}
