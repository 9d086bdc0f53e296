//! `handprint users …`: account use cases run from the command line, through
//! `handprint_server::app::accounts` (the same rules as the API's).

use crate::config::{Config, DbFlags};
use handprint_core::SystemClock;
use handprint_server::AppState;
use handprint_server::app::AppError;
use handprint_server::app::accounts::{NewOperator, create_operator};
use std::sync::Arc;

#[derive(clap::Subcommand)]
pub enum UsersCommand {
    /// Create an operator account (works while the server runs)
    CreateOperator {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Operator")]
        name: String,
        /// ISO 3166-1 alpha-2 country of the operator
        #[arg(long)]
        country: Option<String>,
    },
}

pub async fn run(db: DbFlags, command: UsersCommand) -> anyhow::Result<()> {
    let config = Config::load(db.config.as_deref(), &db)?;
    let settings = config.settings()?;
    let store = config.open_db().await?;
    let state = AppState::new(store.clone(), Arc::new(SystemClock), settings);
    let outcome = match command {
        UsersCommand::CreateOperator {
            email,
            password,
            name,
            country,
        } => {
            let new = NewOperator {
                email,
                password,
                name,
                country,
            };
            create_operator(&state, &new).await.map(|user| {
                println!("operator {} created (id {})", user.email, user.id);
            })
        }
    };
    store.close().await;
    outcome.map_err(command_line_error)
}

/// A refusal as the command line says it: a field's problem names its option
/// ("--email: …"); other refusals are their message; internal errors keep their cause.
fn command_line_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid { problems, title } => match problems.first() {
            Some(p) => anyhow::anyhow!("--{}: {}", p.path.trim_start_matches('/'), p.message),
            None => anyhow::anyhow!("{title}"),
        },
        AppError::Conflict(m) => anyhow::anyhow!("{m}"),
        other => anyhow::Error::new(other),
    }
}
