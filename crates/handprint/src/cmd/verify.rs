//! `handprint verify FILE [--key FILE|URL]`: check a signed handprint and the files
//! beside it, and say in plain words what it attests.

use anyhow::{Context, bail};
use handprint_core::attest::{self, Envelope, PublicKey, Statement};
use handprint_server::app::exports;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The signed handprint (`handprint.dsse.json`), whose files are looked for beside
    /// it; or the export's directory; or its .zip file (unpacked to a temporary
    /// directory and checked there)
    file: PathBuf,
    /// The key to trust: a file (the instance's `/.well-known/handprint-keys`
    /// document, a PEM public key, or the raw key in base64) or an http(s) URL of the
    /// instance (its /.well-known/handprint-keys is read). Without it, the keys served
    /// by the instance the handprint names are used, and the output says so.
    #[arg(long, value_name = "FILE|URL")]
    key: Option<String>,
}

pub async fn run(mut args: VerifyArgs) -> anyhow::Result<()> {
    // Kept until the check ends: a zip's files are checked where they were unpacked.
    let mut _unpacked = None;
    if args.file.is_dir() {
        args.file = args.file.join(exports::ENVELOPE_FILE);
    } else if args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        let dir = tempfile::tempdir()?;
        exports::unzip(&args.file, dir.path())
            .with_context(|| format!("cannot unpack {}", args.file.display()))?;
        let envelope = dir.path().join(exports::ENVELOPE_FILE);
        if !envelope.is_file() {
            bail!(
                "{} holds no {}: it is not an export with a handprint",
                args.file.display(),
                exports::ENVELOPE_FILE
            );
        }
        args.file = envelope;
        _unpacked = Some(dir);
    }
    let text = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let envelope: Envelope = serde_json::from_slice(&text).map_err(|e| {
        anyhow::anyhow!(
            "{} is not a signed handprint: {}",
            args.file.display(),
            attest::AttestError::NotAnEnvelope(e.to_string())
        )
    })?;
    let (keys, source) = match &args.key {
        Some(key) => (read_keys(key).await?, key.clone()),
        None => {
            let url = claimed_instance(&envelope).with_context(|| {
                "the handprint names no instance to fetch its key from: give the key with --key FILE|URL"
            })?;
            (
                read_keys(&url).await?,
                format!("{url} (the instance the handprint names)"),
            )
        }
    };
    let statement = attest::open(&envelope, &keys)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let dir = args.file.parent().unwrap_or(Path::new("."));
    check_files(dir, &statement)?;
    print_attested(&statement, &source);
    Ok(())
}

/// The instance URL the (not yet verified) statement names, to fetch its keys.
fn claimed_instance(envelope: &Envelope) -> Option<String> {
    let statement = attest::unverified_statement(envelope)?;
    statement.predicate["instance"]["url"]
        .as_str()
        .map(str::to_string)
}

/// Keys from a URL (its well-known keys document) or a file (that document, a PEM
/// public key, or base64).
async fn read_keys(source: &str) -> anyhow::Result<Vec<PublicKey>> {
    let text = if source.starts_with("http://") || source.starts_with("https://") {
        let url = if source.contains("/.well-known/") {
            source.to_string()
        } else {
            format!(
                "{}/.well-known/handprint-keys",
                source.trim_end_matches('/')
            )
        };
        let response = reqwest::get(&url)
            .await
            .with_context(|| format!("cannot fetch the keys from {url}"))?;
        if !response.status().is_success() {
            bail!("cannot fetch the keys from {url}: {}", response.status());
        }
        response.text().await?
    } else {
        std::fs::read_to_string(source).with_context(|| format!("cannot read the key {source}"))?
    };
    if let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text)
        && let Some(list) = doc["keys"].as_array()
    {
        let keys: Vec<PublicKey> = list
            .iter()
            .filter(|k| k["algorithm"] == "ed25519")
            .filter_map(|k| k["public_key"].as_str())
            .map(PublicKey::parse)
            .collect::<Result<_, _>>()
            .with_context(|| format!("a key in {source} is not an Ed25519 key"))?;
        if keys.is_empty() {
            bail!("{source} lists no Ed25519 key");
        }
        return Ok(keys);
    }
    Ok(vec![PublicKey::parse(&text).with_context(|| {
        format!("{source} is not a key (a keys document, a PEM public key or base64)")
    })?])
}

/// Every subject is a file beside the envelope with the digest the statement says.
fn check_files(dir: &Path, statement: &Statement) -> anyhow::Result<()> {
    for subject in &statement.subject {
        let name = Path::new(&subject.name);
        if name
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            bail!(
                "the handprint names the file {:?}, which is not a plain path beside it: refused",
                subject.name
            );
        }
        let expected = subject
            .sha256_hex()
            .with_context(|| format!("the handprint gives no SHA-256 for {}", subject.name))?;
        let path = dir.join(name);
        let actual = sha256_file(&path).with_context(|| {
            format!(
                "{} is missing: the handprint is about it (put it beside the handprint)",
                path.display()
            )
        })?;
        if actual != expected {
            bail!(
                "{} was changed: its SHA-256 is {actual}, the handprint says {expected}",
                path.display()
            );
        }
    }
    Ok(())
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0_u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

fn print_attested(statement: &Statement, source: &str) {
    println!("valid: signed by the key from {source}, unchanged since");
    let files = statement.subject.len();
    println!(
        "{files} {} checked, each byte as signed:",
        if files == 1 { "file" } else { "files" }
    );
    for s in &statement.subject {
        println!("  {}  sha256:{}", s.name, s.sha256_hex().unwrap_or("-"));
    }
    println!("what it attests ({}):", statement.predicate_type);
    match serde_json::to_string_pretty(&statement.predicate) {
        Ok(text) => println!("{text}"),
        Err(_) => println!("{}", statement.predicate),
    }
}
