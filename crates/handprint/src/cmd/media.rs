//! `handprint media upload --project ID DIR`: store every file under a directory (and
//! the files of any zip there) as the project's media, named by their paths in DIR.
//! The same checks as the API's upload (`handprint_server::app::media::store_files`).

use crate::config::{Config, DbFlags};
use handprint_core::{ProjectId, SystemClock};
use handprint_server::app::media::{Incoming, store_files};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(clap::Subcommand)]
pub enum MediaCommand {
    /// Upload every file under DIR to a project (names are paths relative to DIR)
    Upload {
        /// The project the files are for
        #[arg(long)]
        project: ProjectId,
        /// The directory to upload
        dir: PathBuf,
    },
}

pub async fn run(db: DbFlags, command: MediaCommand) -> anyhow::Result<()> {
    let config = Config::load(db.config.as_deref(), &db)?;
    let store = config.open_db().await?;
    let MediaCommand::Upload { project, dir } = command;
    let project = super::project_taking(&store, &project, "media").await?;
    let settings = config.settings()?;
    handprint_server::media::Storage::open(&settings.media.storage)
        .map_err(|e| anyhow::anyhow!("{e} (the [media] settings)"))?;
    let state = handprint_server::AppState::new(store.clone(), Arc::new(SystemClock), settings);
    let mut paths = Vec::new();
    walk(&dir, &mut paths)
        .map_err(|e| anyhow::anyhow!("cannot read the directory {}: {e}", dir.display()))?;
    paths.sort();
    let (mut stored, mut refused) = (0, 0);
    // One file at a time: a directory of any size is never held in memory at once.
    for path in paths {
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        let report = store_files(
            &state,
            &project,
            vec![Incoming {
                name,
                content_type: None,
                bytes: bytes.into(),
            }],
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        stored += report.files.len();
        refused += report.errors.len();
        for e in &report.errors {
            eprintln!("{}: {}", e.name, e.message);
        }
    }
    println!("{stored} files stored, {refused} refused");
    store.close().await;
    anyhow::ensure!(refused == 0, "{refused} files were refused (see above)");
    Ok(())
}

/// Every file under `dir`, hidden ones (".DS_Store", ".git") left out.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
