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
    /// Serve Prometheus metrics at http://HOST:PORT/metrics, a listener of its own [default: off]
    #[arg(long, value_name = "HOST:PORT")]
    #[serde(skip_serializing_if = "Option::is_none")]
    metrics_addr: Option<String>,
    /// Seed a demo requester, two projects and worker accounts, and print how to sign in
    /// (in ./handprint-demo-data unless --data-dir or --database-url says otherwise; a
    /// database holding any other account is refused)
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

/// Where `serve --demo` keeps its SQLite database unless told otherwise: never the
/// production default, so the demo's accounts do not outlive the demo there.
const DEMO_DATA_DIR: &str = "handprint-demo-data";

pub async fn run(db: DbFlags, args: ServeArgs) -> anyhow::Result<()> {
    let mut config = Config::load(
        db.config.as_deref(),
        &Overrides {
            db: &db,
            serve: &args,
        },
    )?;
    if args.demo && config.data_dir == Config::default().data_dir {
        config.data_dir = DEMO_DATA_DIR.into();
    }
    super::init_logging(&config);
    let store = config.open_db().await?;
    let key = handprint_server::signing::load_or_create(&config.signing_key_path())
        .map_err(|e| anyhow::anyhow!("{e} (the signing_key_file setting)"))?;
    let settings = config.settings()?;
    // A media storage that cannot be used stops the start, naming the setting.
    handprint_server::media::Storage::open(&settings.media.storage)
        .map_err(|e| anyhow::anyhow!("{e} (the [media] settings)"))?;
    let state = AppState::new(store.clone(), Arc::new(SystemClock), settings).with_signing_key(key);
    let listener = tokio::net::TcpListener::bind(&config.addr)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {}: {e} (choose another with --addr HOST:PORT)",
                config.addr
            )
        })?;
    let addr = listener.local_addr()?;
    // Bound before anything is served, like the public port: a taken port stops the start.
    let metrics_listener = match config.metrics_addr() {
        Some(at) => Some(tokio::net::TcpListener::bind(at).await.map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {at} for metrics: {e} (the metrics_addr setting: choose another with --metrics-addr HOST:PORT or HANDPRINT_METRICS_ADDR, or leave it empty for no metrics)"
            )
        })?),
        None => None,
    };
    let state = match &metrics_listener {
        Some(_) => state.with_metrics(handprint_server::metrics::Metrics::prometheus()),
        None => state,
    };
    if args.demo {
        let info = handprint_server::demo::seed(&state)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        print_demo(&info, addr);
    }
    let where_ = match config.location() {
        handprint_store::Location::DataDir(d) => format!("SQLite in {}", d.display()),
        handprint_store::Location::Postgres(_) => "PostgreSQL".to_string(),
    };
    if let Some(l) = &metrics_listener {
        let metrics = l.local_addr()?;
        // Printed before the listening line, which tests and scripts wait for.
        println!("Metrics on http://{metrics}/metrics");
        tracing::info!(%metrics, "serving metrics");
    }
    // Tests and scripts read this line to learn the port.
    println!("Handprint listening on http://{addr} ({where_})");
    tracing::info!(%addr, backend = store.backend(), "listening");
    handprint_server::serve_with_metrics(listener, metrics_listener, state, shutdown_signal())
        .await?;
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

/// How to sign in to the demo, printed once it is seeded.
fn print_demo(info: &handprint_server::demo::DemoInfo, addr: std::net::SocketAddr) {
    println!("Demo marketplace ready — open http://{addr}/ in a browser and sign in:");
    for (id, title) in &info.projects {
        println!("  project {id}  {title}");
    }
    println!(
        "  requester: {}  password: {}",
        info.requester, info.password
    );
    match &info.operator_password {
        Some(generated) => println!(
            "  operator:  {}  password: {generated}  (generated; shown only now)",
            info.operator
        ),
        None => println!(
            "  operator:  {}  (its password was printed when the demo was first seeded)",
            info.operator
        ),
    }
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
