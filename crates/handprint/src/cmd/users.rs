//! `handprint users …`: account use cases run from the command line, through
//! `handprint_server::app::accounts` (the same rules as the API's).

use crate::config::{Config, DbFlags};
use anyhow::Context;
use handprint_core::SystemClock;
use handprint_server::AppState;
use handprint_server::app::AppError;
use handprint_server::app::accounts::{NewOperator, create_operator};
use handprint_server::app::password_reset::set_password;
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
    /// Set an account's password (for an instance without an SMTP relay, which cannot
    /// send reset links). The password is read from standard input (one line; typed at
    /// a terminal, it is not echoed). Every web session of the account ends
    SetPassword {
        #[arg(long)]
        email: String,
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
        UsersCommand::SetPassword { email } => {
            let password = read_password(
                "New password: ",
                "no password: give it as one line on standard input",
            )?;
            set_password(&state, &email, &password).await.map(|ended| {
                println!("password of {email} set; {ended} web session(s) signed out");
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
    read_password(
        "Password for the new operator: ",
        "no password: give it in HANDPRINT_OPERATOR_PASSWORD or as one line on standard input",
    )
}

/// One line of standard input, not echoed when typed at a terminal.
fn read_password(prompt: &str, missing: &'static str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let line = if stdin.is_terminal() {
        // Typed at a terminal: not echoed.
        rpassword::prompt_password(prompt).context("reading the password from the terminal")?
    } else {
        let mut line = String::new();
        stdin
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line
    };
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    anyhow::ensure!(!password.is_empty(), missing);
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
        AppError::Conflict(m) | AppError::NotFound(m) => anyhow::anyhow!("{m}"),
        other => anyhow::Error::new(other),
    }
}
