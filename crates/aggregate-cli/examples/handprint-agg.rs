//! A stand-in for the `handprint` binary with the same subcommand shape, so the aggregation
//! commands can be run and benchmarked from this crate alone:
//!
//! ```text
//! cargo run --release -p handprint-aggregate-cli --example handprint-agg -- aggregate --method ds --input answers.csv
//! cargo run --release -p handprint-aggregate-cli --example handprint-agg -- bench aggregate --scale 0.01
//! ```

use clap::{Parser, Subcommand};
use handprint_aggregate_cli::{AggregateArgs, BenchArgs};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Aggregate answers into labels.
    Aggregate(AggregateArgs),
    /// Benchmarks.
    Bench {
        #[command(subcommand)]
        what: BenchCmd,
    },
}

#[derive(Subcommand)]
enum BenchCmd {
    /// Handprint vs Crowd-Kit on a synthetic crowd.
    Aggregate(BenchArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Cmd::Aggregate(a) => handprint_aggregate_cli::run(a),
        Cmd::Bench {
            what: BenchCmd::Aggregate(b),
        } => handprint_aggregate_cli::bench(b),
    }
}
