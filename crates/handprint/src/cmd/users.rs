//! `handprint users …`: account use cases run from the command line, through
//! `handprint_server::app::accounts` (the same rules as the API's).

use crate::config::{Config, DbFlags};
use anyhow::Context;
use handprint_core::SystemClock;
use handprint_server::AppState;
use handprint_server::app::AppError;
use handprint_server::app::accounts::{NewOperator, create_operator};
use std::io::IsTerminal;
use std::sync::Arc;

#[derive(clap::Subcommand)]
pub enum UsersCommand {
    /// Create an operator account (works while the server runs). The password is
    /// read from HANDPRINT_OPERATOR_PASSWORD, else from standard input (one line)
    CreateOperator {
        #[arg(long)]
        email: String,
        /// Deprecated: other users of the machine can read it in the process list.
        /// Give the password in HANDPRINT_OPERATOR_PASSWORD or on standard input
        #[arg(long)]
        password: Option<String>,
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
                password: operator_password(password)?,
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

/// The new operator's password: `--password` (with a warning), else
/// HANDPRINT_OPERATOR_PASSWORD, else one line of standard input.
fn operator_password(flag: Option<String>) -> anyhow::Result<String> {
    if let Some(password) = flag {
        eprintln!(
            "warning: --password shows the password to every user of this machine (in the \
             process list); give it in HANDPRINT_OPERATOR_PASSWORD or on standard input instead"
        );
        return Ok(password);
    }
    if let Ok(password) = std::env::var("HANDPRINT_OPERATOR_PASSWORD") {
        return Ok(password);
    }
    let stdin = std::io::stdin();
    let line = if stdin.is_terminal() {
        // Typed at a terminal: not echoed.
        rpassword::prompt_password("Password for the new operator: ")
            .context("reading the operator's password from the terminal")?
    } else {
        let mut line = String::new();
        stdin
            .read_line(&mut line)
            .context("reading the operator's password from standard input")?;
        line
    };
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    anyhow::ensure!(
        !password.is_empty(),
        "no password: give it in HANDPRINT_OPERATOR_PASSWORD or as one line on standard input"
    );
    Ok(password)
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
