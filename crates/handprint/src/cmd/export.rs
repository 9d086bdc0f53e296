//! `handprint export --project ID --format jsonl|csv [--output FILE]`.

use crate::config::{Config, DbFlags};
use futures::TryStreamExt;
use handprint_core::ProjectId;
use handprint_server::app::results::{
    ExportFormat, aggregate_project, answer_pages, csv_header, encode_labels, encode_page,
    item_fields,
};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The project whose answers to write
    #[arg(long)]
    project: ProjectId,
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write here instead of standard output
    #[arg(long)]
    output: Option<PathBuf>,
    /// Write each item's aggregated label (task_id, external_id, label, confidence, answers)
    /// with this method instead of the answers: mv, wawa, zbs, gold-mv, ds, onecoin-ds, glad,
    /// mace, median, rover, boxes
    #[arg(long, value_name = "METHOD")]
    labels: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Jsonl,
    Csv,
}

pub async fn run(db: DbFlags, args: ExportArgs) -> anyhow::Result<()> {
    let config = Config::load(db.config.as_deref(), &db)?;
    let store = config.open_db().await?;
    let project = store
        .project(&args.project)
        .await
        .map_err(|_| anyhow::anyhow!("there is no project with id {}", args.project))?;
    let format = match args.format {
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Csv => ExportFormat::Csv,
    };
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
        let (_, labels) = aggregate_project(&store, &project, template, Some(method))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        out.write_all(&encode_labels(format, &labels))?;
        out.flush()?;
        drop(out);
        if args.output.is_some() {
            eprintln!("{} labels written", labels.len());
        }
        store.close().await;
        return Ok(());
    }
    let fields = match format {
        ExportFormat::Csv => item_fields(&store, &project.id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        ExportFormat::Jsonl => Vec::new(),
    };
    if matches!(format, ExportFormat::Csv) {
        out.write_all(&csv_header(&fields))?;
    }
    let mut count = 0_usize;
    let mut pages = std::pin::pin!(answer_pages(store.clone(), project));
    while let Some(page) = pages.try_next().await.map_err(|e| anyhow::anyhow!("{e}"))? {
        count += page.len();
        out.write_all(&encode_page(format, &fields, &page))?;
    }
    out.flush()?;
    if args.output.is_some() {
        eprintln!("{count} answers written");
    }
    store.close().await;
    Ok(())
}
