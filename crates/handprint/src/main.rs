//! `handprint`: the one binary — the server and every command around it.

#![cfg_attr(test, allow(clippy::too_many_lines))] // a test may tell its whole story in one function

mod cmd;
mod config;

use clap::{Parser, Subcommand};
use config::DbFlags;

/// mimalloc instead of glibc's malloc: glibc keeps what the sign-ups' password hashing used
/// (19 MiB a hash, several at once) mapped long after, so a server that had signed up 100
/// accounts held 700–900 MiB; with mimalloc, 130–190 MiB. The hot path runs about 7% faster
/// on SQLite and about 5% slower on PostgreSQL. Built without its transparent-huge-page advice (`no_thp`): with it, an
/// idle server's first arenas came in as 2 MiB pages, 39 MiB resident instead of 28.
/// docs/benchmarks.md, "Smaller code and another allocator", has the measurements.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "handprint",
    version,
    about = "A fair micro-task platform for the human work behind AI"
)]
struct Cli {
    #[command(flatten)]
    db: DbFlags,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (embedded SQLite in ./handprint-data unless --database-url is given)
    Serve(cmd::serve::ServeArgs),
    /// Create or update the database schema, then exit
    Migrate,
    /// Print the commented example configuration (handprint.toml)
    DefaultConfig,
    /// Manage accounts
    #[command(subcommand)]
    Users(cmd::users::UsersCommand),
    /// Manage a project's tasks
    #[command(subcommand)]
    Tasks(cmd::tasks::TasksCommand),
    /// A project's media: `handprint media upload --project ID DIR`
    #[command(subcommand)]
    Media(cmd::media::MediaCommand),
    /// The money ledger: `handprint ledger check` verifies every invariant
    #[command(subcommand)]
    Ledger(cmd::ledger::LedgerCommand),
    /// Write every answer of a project as JSONL or CSV
    Export(cmd::export::ExportArgs),
    /// Check a signed handprint (handprint.dsse.json) and the files beside it
    Verify(cmd::verify::VerifyArgs),
    /// Aggregate answers into labels (majority vote, Dawid–Skene, GLAD, …)
    Aggregate(handprint_aggregate_cli::AggregateArgs),
    /// Benchmarks (not tests): the marketplace's throughput, aggregation against Crowd-Kit
    #[command(subcommand)]
    Bench(cmd::bench::BenchCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::DefaultConfig => {
            print!("{}", config::DEFAULT_CONFIG);
            Ok(())
        }
        Command::Aggregate(args) => handprint_aggregate_cli::run(args),
        Command::Bench(cmd::bench::BenchCommand::Aggregate(args)) => {
            handprint_aggregate_cli::bench(args)
        }
        Command::Bench(cmd::bench::BenchCommand::Overlap(args)) => cmd::bench::overlap::run(&args),
        Command::Bench(cmd::bench::BenchCommand::Allocation(args)) => {
            cmd::bench::allocation::run(&args)
        }
        command => runtime().and_then(|rt| rt.block_on(run_async(cli.db, command))),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

async fn run_async(db: DbFlags, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => cmd::serve::run(db, args).await,
        Command::Migrate => {
            let config = config::Config::load(db.config.as_deref(), &db)?;
            cmd::init_logging(&config);
            let store = config.open_db().await?;
            println!("database schema is up to date ({})", store.backend());
            Ok(())
        }
        Command::Users(c) => cmd::users::run(db, c).await,
        Command::Tasks(c) => cmd::tasks::run(db, c).await,
        Command::Media(c) => cmd::media::run(db, c).await,
        Command::Export(a) => cmd::export::run(db, a).await,
        Command::Ledger(c) => cmd::ledger::run(db, c).await,
        Command::Verify(a) => cmd::verify::run(a).await,
        Command::Bench(cmd::bench::BenchCommand::Market(a)) => cmd::bench::market(db, a).await,
        Command::Bench(cmd::bench::BenchCommand::Media(a)) => cmd::bench::media::run(db, a).await,
        Command::DefaultConfig
        | Command::Aggregate(_)
        | Command::Bench(
            cmd::bench::BenchCommand::Aggregate(_)
            | cmd::bench::BenchCommand::Overlap(_)
            | cmd::bench::BenchCommand::Allocation(_),
        ) => {
            unreachable!("handled before the runtime starts")
        }
    }
}
