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
