//! `handprint serve`.

use crate::config::{Config, DbFlags};
use handprint_core::SystemClock;
use handprint_server::AppState;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, clap::Args, Serialize)]
pub struct ServeArgs {
    /// Address to listen on, HOST:PORT (port 0 picks a free one) [default: 127.0.0.1:8080]
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    addr: Option<String>,
    /// Seed a demo requester, two projects and worker accounts, and print how to sign in
    #[arg(long)]
    #[serde(skip)]
    demo: bool,
}

#[derive(Serialize)]
struct Overrides<'a> {
    #[serde(flatten)]
    db: &'a DbFlags,
    #[serde(flatten)]
    serve: &'a ServeArgs,
}

pub async fn run(db: DbFlags, args: ServeArgs) -> anyhow::Result<()> {
    let config = Config::load(
        db.config.as_deref(),
        &Overrides {
            db: &db,
            serve: &args,
        },
    )?;
    super::init_logging(&config);
    let store = config.open_db().await?;
    let state = AppState::new(store.clone(), Arc::new(SystemClock), config.settings()?);
    let listener = tokio::net::TcpListener::bind(&config.addr)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {}: {e} (choose another with --addr HOST:PORT)",
                config.addr
            )
        })?;
    let addr = listener.local_addr()?;
    if args.demo {
        let info = handprint_server::demo::seed(&state)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!("Demo marketplace ready — open http://{addr}/ in a browser and sign in:");
        for (id, title) in &info.projects {
            println!("  project {id}  {title}");
        }
        println!(
            "  requester: {}  password: {}",
            info.requester, info.password
        );
        println!(
            "  operator:  {}  password: {}",
            info.operator, info.password
        );
        for w in &info.workers {
            println!("  worker:    {w}  password: {}", info.password);
        }
        println!(
            "  get an API key:  curl -u {}:{} -X POST http://{addr}/api/v1/api-keys",
            info.workers[0], info.password
        );
        println!(
            "  then work:       curl -H 'Authorization: Bearer <key>' -X POST http://{addr}/api/v1/work/next"
        );
    }
    let where_ = match config.location() {
        handprint_store::Location::DataDir(d) => format!("SQLite in {}", d.display()),
        handprint_store::Location::Postgres(_) => "PostgreSQL".to_string(),
    };
    // Tests and scripts read this line to learn the port.
    println!("Handprint listening on http://{addr} ({where_})");
    tracing::info!(%addr, backend = store.backend(), "listening");
    handprint_server::serve(listener, state, shutdown_signal()).await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, for a graceful shutdown.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
