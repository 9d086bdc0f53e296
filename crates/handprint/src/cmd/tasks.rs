//! `handprint tasks import --project ID FILE`: stream a file of any size into a project.

use crate::config::{Config, DbFlags};
use handprint_core::ProjectId;
use handprint_core::project::ProjectState;
use handprint_core::{Clock, SystemClock};
use handprint_server::app::tasks::{FormatHint, import_from};
use handprint_store::alerts::AlertReason;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum TasksCommand {
    /// Import tasks from a JSON array, JSONL or CSV file (re-running skips rows whose external_id is stored)
    Import {
        /// The project to add the tasks to
        #[arg(long)]
        project: ProjectId,
        /// The file (format from its extension: .json, .jsonl/.ndjson, .csv; else sniffed)
        file: PathBuf,
    },
}

pub async fn run(db: DbFlags, command: TasksCommand) -> anyhow::Result<()> {
    let config = Config::load(db.config.as_deref(), &db)?;
    let store = config.open_db().await?;
    let TasksCommand::Import { project, file } = command;
    let project = super::project_taking(&store, &project, "tasks").await?;
    let handle = std::fs::File::open(&file)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", file.display()))?;
    let size = handle.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let reader = bar.wrap_read(handle);
    let hint = FormatHint {
        content_type: None,
        file_name: file.file_name().map(|n| n.to_string_lossy().into_owned()),
    };
    let (report, outcome) = import_from(
        &store,
        &project,
        reader,
        // The operator's own command: no draft quota (the pages and the API have one).
        (hint, None),
        || SystemClock.now(),
        |r| {
            bar.set_message(format!("{} stored, {} skipped", r.created, r.skipped));
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish_and_clear();
    // New items in an open project: the server's alert job tells the workers who
    // want to hear of it, as it does for items imported through the API.
    if report.created > 0
        && project.state() == ProjectState::Active
        && let Err(e) = store
            .queue_alert(&project.id, AlertReason::NewItems, SystemClock.now())
            .await
    {
        eprintln!(
            "the tasks are stored, but the job alert about them could not be queued ({e}); workers will see them on the find-work page"
        );
    }
    for e in &report.errors {
        eprintln!("{}:{}: {}", file.display(), e.line, e.message);
    }
    if report.error_count > report.errors.len() as u64 {
        eprintln!(
            "… and {} more bad rows",
            report.error_count - report.errors.len() as u64
        );
    }
    println!(
        "{} tasks created, {} skipped (already imported), {} rows refused",
        report.created, report.skipped, report.error_count
    );
    store.close().await;
    outcome.map_err(|e| {
        anyhow::anyhow!(
            "reading {} failed after {} stored rows: {e}",
            file.display(),
            report.created
        )
    })?;
    if report.error_count > 0 {
        anyhow::bail!(
            "{} rows were refused; fix them and run the same command again (stored rows with an external_id are skipped)",
            report.error_count
        );
    }
    Ok(())
}
