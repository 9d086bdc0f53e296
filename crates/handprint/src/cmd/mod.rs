//! The subcommands.

pub mod bench;
pub mod export;
pub mod ledger;
pub mod media;
pub mod serve;
pub mod tasks;
pub mod users;
pub mod verify;

use crate::config::Config;
use tracing_subscriber::EnvFilter;

/// Logs go to stderr; RUST_LOG filters them.
pub fn init_logging(config: &Config) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if config.log_format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// The project `id`, refused with a sentence unless it still takes `what` ("tasks",
/// "media"): what `tasks import` and `media upload` check before reading their input.
pub async fn project_taking(
    store: &handprint_store::Db,
    id: &handprint_core::ProjectId,
    what: &str,
) -> anyhow::Result<handprint_store::projects::ProjectRow> {
    let project = store
        .project(id)
        .await
        .map_err(|_| anyhow::anyhow!("there is no project with id {id}"))?;
    anyhow::ensure!(
        project.state().accepts_tasks(),
        "the project is {}: it no longer takes {what}",
        project.state.as_str()
    );
    Ok(project)
}
