//! `handprint export --project ID --format jsonl|csv [--labels METHOD] [--output FILE | --out DIR [--handprint]]`.

use crate::config::{Config, DbFlags};
use futures::TryStreamExt;
use handprint_core::attest::{self, Statement, Subject};
use handprint_core::{Clock, ProjectId};
use handprint_server::app::handprints::{self, ExportFacts};
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
    #[arg(long, conflicts_with = "out")]
    output: Option<PathBuf>,
    /// Write into this directory (made if missing): answers.jsonl or answers.csv, or
    /// labels-METHOD.jsonl/.csv with --labels
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write handprint.dsse.json beside the data: the signed record of the work
    /// behind it (check it with `handprint verify DIR/handprint.dsse.json`); needs --out
    #[arg(long, requires = "out")]
    handprint: bool,
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
    let extension = match format {
        ExportFormat::Jsonl => "jsonl",
        ExportFormat::Csv => "csv",
    };
    let data_name = match &args.labels {
        Some(method) => format!("labels-{method}.{extension}"),
        None => format!("answers.{extension}"),
    };
    let data_path = match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
            Some(dir.join(&data_name))
        }
        None => args.output.clone(),
    };
    let mut out: Box<dyn Write> = match &data_path {
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
        if data_path.is_some() {
            eprintln!("{} labels written", labels.len());
        }
        if args.handprint {
            write_handprint(&config, &store, &project, &args, &data_name).await?;
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
    let mut pages = std::pin::pin!(answer_pages(store.clone(), project.clone()));
    while let Some(page) = pages.try_next().await.map_err(|e| anyhow::anyhow!("{e}"))? {
        count += page.len();
        out.write_all(&encode_page(format, &fields, &page))?;
    }
    out.flush()?;
    drop(out);
    if data_path.is_some() {
        eprintln!("{count} answers written");
    }
    if args.handprint {
        write_handprint(&config, &store, &project, &args, &data_name).await?;
    }
    store.close().await;
    Ok(())
}

/// Sign and write `handprint.dsse.json` in the output directory, about the data file
/// `data_name` written there, with the instance's key.
async fn write_handprint(
    config: &Config,
    store: &handprint_store::Db,
    project: &handprint_store::projects::ProjectRow,
    args: &ExportArgs,
    data_name: &str,
) -> anyhow::Result<()> {
    let dir = args
        .out
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("--handprint needs --out DIR"))?;
    let bytes = std::fs::read(dir.join(data_name))?;
    let files = vec![Subject::sha256(data_name, attest::sha256_hex(&bytes))];
    let key = handprint_server::signing::load_or_create(&config.signing_key_path())
        .map_err(|e| anyhow::anyhow!("{e} (the signing_key_file setting)"))?;
    let settings = config.settings()?;
    let facts = ExportFacts {
        files: &files,
        labels_method: args.labels.as_deref(),
        instance_url: config.public_url.as_deref(),
        k: handprint_core::handprint::DEFAULT_K,
        exported_at: handprint_core::SystemClock.now(),
    };
    let predicate = handprints::predicate(store, &settings, project, &facts)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let envelope = key.sign(&Statement::handprint(files, predicate));
    let path = dir.join("handprint.dsse.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&envelope)?)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "handprint written: {} (check it with: handprint verify {})",
        path.display(),
        path.display()
    );
    Ok(())
}
