//! `handprint users …`.

use crate::config::{Config, DbFlags};
use handprint_core::Clock;
use handprint_core::SystemClock;
use handprint_core::account::{Country, Email, Password, Role};
use handprint_store::accounts::NewUser;

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
    let store = config.open_db().await?;
    match command {
        UsersCommand::CreateOperator {
            email,
            password,
            name,
            country,
        } => {
            let email = Email::parse(&email).map_err(|m| anyhow::anyhow!("--email: {m}"))?;
            let password =
                Password::parse(&password).map_err(|m| anyhow::anyhow!("--password: {m}"))?;
            let country = match country {
                Some(c) => Country::parse(&c)
                    .map_err(|m| anyhow::anyhow!("--country: {m}"))?
                    .as_str()
                    .to_string(),
                None => String::new(),
            };
            if store.user_by_email(email.as_str()).await?.is_some() {
                anyhow::bail!("an account with the email {email} already exists");
            }
            let hash = handprint_server::auth::hash_password(password.expose().to_string())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let user = store
                .create_user(
                    NewUser {
                        email: email.as_str(),
                        password_hash: &hash,
                        name: &name,
                        role: Role::Operator,
                        country: &country,
                        organization: None,
                    },
                    SystemClock.now(),
                )
                .await?;
            println!("operator {} created (id {})", user.email, user.id);
        }
    }
    store.close().await;
    Ok(())
}
