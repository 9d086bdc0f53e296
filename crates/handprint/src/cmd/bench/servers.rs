//! The server a run talks to: either inside the bench process (its tokio tasks share the
//! runtime with the clients), or N `handprint serve` child processes on one database
//! (one process on SQLite, any number on PostgreSQL), each on a port of its own, with the
//! clients outside them.

use anyhow::Context;
use handprint_server::AppState;
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};

/// How long a `serve` child may take to print its address and answer `/healthz`.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// What `handprint serve` prints once it listens; the address follows it.
const LISTENING: &str = "Handprint listening on http://";

pub enum Servers {
    InProcess {
        base: String,
        stop: tokio::sync::oneshot::Sender<()>,
        task: tokio::task::JoinHandle<std::io::Result<()>>,
    },
    Spawned(Vec<Child>),
}

pub struct Child {
    process: tokio::process::Child,
    base: String,
}

impl Servers {
    /// The real server on 127.0.0.1, port 0, in this process.
    pub async fn in_process(state: AppState) -> anyhow::Result<Servers> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(handprint_server::serve(listener, state, async {
            let _ = stop_rx.await;
        }));
        Ok(Servers::InProcess { base, stop, task })
    }

    /// `n` children running this executable's `serve` on `location` (and the same
    /// configuration file, when one was given, and `env` set), each ready: it printed its
    /// address and its `/healthz` answered 200.
    pub async fn spawn(
        n: usize,
        location: &handprint_store::Location,
        config_file: Option<&Path>,
        env: &[(&str, String)],
        http: &reqwest::Client,
    ) -> anyhow::Result<Servers> {
        let exe = std::env::current_exe().context("cannot find the running handprint binary")?;
        let mut children = Vec::new();
        for _ in 0..n {
            let mut cmd = tokio::process::Command::new(&exe);
            if let Some(path) = config_file {
                cmd.arg("--config").arg(path);
            }
            match location {
                handprint_store::Location::Postgres(url) => cmd.arg("--database-url").arg(url),
                handprint_store::Location::DataDir(dir) => cmd.arg("--data-dir").arg(dir),
            };
            cmd.args(["serve", "--addr", "127.0.0.1:0"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .kill_on_drop(true);
            cmd.envs(env.iter().map(|(k, v)| (k, v)));
            if std::env::var_os("RUST_LOG").is_none() {
                cmd.env("RUST_LOG", "warn");
            }
            let mut process = cmd.spawn().context("cannot start handprint serve")?;
            let base = tokio::time::timeout(START_TIMEOUT, listening_address(&mut process))
                .await
                .context("handprint serve did not print its address within 60 s")??;
            children.push(Child { process, base });
        }
        for child in &children {
            ready(http, &child.base).await?;
        }
        Ok(Servers::Spawned(children))
    }

    /// The base URL of every server, in order.
    pub fn bases(&self) -> Vec<String> {
        match self {
            Servers::InProcess { base, .. } => vec![base.clone()],
            Servers::Spawned(children) => children.iter().map(|c| c.base.clone()).collect(),
        }
    }

    /// How the server runs, for the report.
    pub fn describe(&self) -> String {
        match self {
            Servers::InProcess { .. } => {
                "in the bench process (one runtime with the clients)".into()
            }
            Servers::Spawned(children) if children.len() == 1 => {
                "1 handprint serve process, the clients outside it".into()
            }
            Servers::Spawned(children) => format!(
                "{} handprint serve processes, the clients outside them",
                children.len()
            ),
        }
    }

    /// The peak resident memory so far of the process(es) serving, in KiB, with whose it is.
    pub fn peak_rss(&self) -> Vec<(String, Option<u64>)> {
        match self {
            Servers::InProcess { .. } => {
                vec![("bench process, server inside".into(), peak_rss_kib("self"))]
            }
            Servers::Spawned(children) => children
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let rss = c
                        .process
                        .id()
                        .and_then(|pid| peak_rss_kib(&pid.to_string()));
                    (format!("serve {}", i + 1), rss)
                })
                .collect(),
        }
    }

    /// Start the peak-memory count again from the current resident set (Linux: `5` written to
    /// /proc/PID/clear_refs), so the peak reported is the run's, not the setup's password hashing.
    pub fn reset_peak_rss(&self) {
        let pids: Vec<String> = match self {
            Servers::InProcess { .. } => vec!["self".into()],
            Servers::Spawned(children) => children
                .iter()
                .filter_map(|c| c.process.id())
                .map(|pid| pid.to_string())
                .collect(),
        };
        for pid in pids {
            // Where the kernel does not offer it, the peak stays the whole life's.
            let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
        }
    }

    /// Stop every server: the in-process one gracefully, the children with SIGKILL (what
    /// they hold is in PostgreSQL, which a killed client cannot leave half-written).
    pub async fn stop(self) {
        match self {
            Servers::InProcess { stop, task, .. } => {
                let _ = stop.send(());
                let _ = task.await;
            }
            Servers::Spawned(children) => {
                for mut child in children {
                    let _ = child.process.kill().await;
                }
            }
        }
    }
}

/// Read the child's standard output until its "listening" line; the base URL in it.
async fn listening_address(process: &mut tokio::process::Child) -> anyhow::Result<String> {
    let stdout = process
        .stdout
        .take()
        .context("handprint serve's output is not readable")?;
    let mut lines = BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await? {
        if let Some(rest) = line.strip_prefix(LISTENING) {
            let addr = rest.split_whitespace().next().unwrap_or_default();
            // Keep reading, so a later line never meets a closed pipe.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok(format!("http://{addr}"));
        }
    }
    anyhow::bail!("handprint serve stopped before it listened (its errors are above)")
}

/// Poll `/healthz` until it answers 200 (the database is reachable from that process).
async fn ready(http: &reqwest::Client, base: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return Ok(());
        }
        anyhow::ensure!(
            started.elapsed() < START_TIMEOUT,
            "{base}/healthz did not answer 200 within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `VmHWM` of /proc/PID/status (the peak resident set), in KiB; None where there is no /proc.
fn peak_rss_kib(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The load average over 1, 5 and 15 minutes, as /proc/loadavg gives it.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unavailable (no /proc/loadavg)".into())
}
