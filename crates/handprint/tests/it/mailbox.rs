//! A real SMTP server for the tests that send e-mail: aiosmtpd (PyPI), delivering
//! every message into a Maildir the tests read.
//!
//! scripts/test.sh starts it and exports HANDPRINT_TEST_SMTP (127.0.0.1:PORT) and
//! HANDPRINT_TEST_MAILDIR. Without them, when the virtual environment scripts/test.sh
//! makes (${XDG_CACHE_HOME:-~/.cache}/handprint-test-venv) has aiosmtpd, the first test
//! that needs it starts one for this test process (stopped when the process ends).
//! Otherwise the test says it skipped — and fails when CI=true (a skipped test is a
//! failure there).

use handprint_server::Settings;
use handprint_server::mail::{SmtpSettings, SmtpTls};
use mailparse::MailHeaderMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the test SMTP server listens and where it delivers.
#[derive(Debug, Clone)]
pub struct Relay {
    pub host: String,
    pub port: u16,
    pub maildir: PathBuf,
}

static RELAY: tokio::sync::OnceCell<Option<Relay>> = tokio::sync::OnceCell::const_new();

/// The test SMTP server, or None (the caller returns: skipped) when there is none
/// and this is not CI.
pub async fn relay(test: &str) -> Option<&'static Relay> {
    let relay = RELAY
        .get_or_init(|| async {
            match from_env() {
                Some(relay) => Some(relay),
                None => start_own().await,
            }
        })
        .await
        .as_ref();
    if relay.is_none() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "{test} needs an SMTP server: run scripts/test.sh (it starts aiosmtpd and sets HANDPRINT_TEST_SMTP and HANDPRINT_TEST_MAILDIR)"
        );
        eprintln!(
            "SKIPPED {test}: no SMTP server (set HANDPRINT_TEST_SMTP and HANDPRINT_TEST_MAILDIR, or run scripts/test.sh once to make the aiosmtpd venv)"
        );
    }
    relay
}

fn from_env() -> Option<Relay> {
    let address = std::env::var("HANDPRINT_TEST_SMTP").ok()?;
    let maildir = std::env::var("HANDPRINT_TEST_MAILDIR").ok()?;
    let (host, port) = address.rsplit_once(':')?;
    Some(Relay {
        host: host.to_string(),
        port: port.parse().ok()?,
        maildir: PathBuf::from(maildir),
    })
}

/// The venv's python, when aiosmtpd is installed in it.
fn venv_python() -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
    let python = cache.join("handprint-test-venv/bin/python");
    let has_aiosmtpd = std::process::Command::new(&python)
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    has_aiosmtpd.then_some(python)
}

/// Start aiosmtpd for this test process, under a shell that stops it once this
/// process has ended (a test binary has no hook at exit).
async fn start_own() -> Option<Relay> {
    let python = venv_python()?;
    let dir = tempfile::Builder::new()
        .prefix("handprint-test-mail-")
        .tempdir()
        .ok()?
        .keep();
    let maildir = dir.join("maildir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .ok()?
        .port();
    let script = format!(
        "{python} -m aiosmtpd -n -c aiosmtpd.handlers.Mailbox {maildir} -l 127.0.0.1:{port} & s=$!; \
         while kill -0 {parent} 2>/dev/null; do sleep 1; done; kill $s; rm -rf {dir}",
        python = python.display(),
        maildir = maildir.display(),
        parent = std::process::id(),
        dir = dir.display(),
    );
    std::process::Command::new("sh")
        .args(["-c", &script])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    // Ready when it accepts connections (it is an outside process: no other signal).
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if std::time::Instant::now() > deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Some(Relay {
        host: "127.0.0.1".into(),
        port,
        maildir,
    })
}

/// Settings that send e-mail through `relay` (the links point at the test server).
pub fn settings_with(relay: &Relay, settings: Settings) -> Settings {
    Settings {
        smtp: Some(SmtpSettings {
            host: relay.host.clone(),
            port: relay.port,
            tls: SmtpTls::None,
            credentials: None,
            from: "Handprint <no-reply@handprint.test>".into(),
            timeout: Duration::from_secs(5),
        }),
        ..settings
    }
}

/// One delivered message, decoded.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub subject: String,
    pub language: String,
    pub text: String,
}

/// Every message delivered to `to` so far, oldest first.
pub fn mail_to(relay: &Relay, to: &str) -> Vec<Received> {
    let mut found: Vec<(std::time::SystemTime, String, Received)> = Vec::new();
    for sub in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(relay.maildir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(raw) = std::fs::read(entry.path()) else {
                continue;
            };
            let mail = mailparse::parse_mail(&raw).expect("a delivered message parses");
            let recipient = mail.headers.get_first_value("To").unwrap_or_default();
            if !recipient.eq_ignore_ascii_case(to) {
                continue;
            }
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            let name = entry.file_name().to_string_lossy().to_string();
            found.push((
                modified,
                name,
                Received {
                    from: mail.headers.get_first_value("From").unwrap_or_default(),
                    subject: mail.headers.get_first_value("Subject").unwrap_or_default(),
                    language: mail
                        .headers
                        .get_first_value("Content-Language")
                        .unwrap_or_default(),
                    text: mail.get_body().expect("a text body").replace("\r\n", "\n"),
                },
            ));
        }
    }
    // Maildir names start with the delivery time; the file time breaks nothing.
    found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    found.into_iter().map(|(_, _, r)| r).collect()
}

/// Wait until `count` messages were delivered to `to` (sending happens beside the
/// request, through a real server); fails after 20 seconds.
pub async fn wait_for_mail(relay: &Relay, to: &str, count: usize) -> Vec<Received> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let mail = mail_to(relay, to);
        if mail.len() >= count {
            return mail;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{count} message(s) to {to} expected; {} arrived",
            mail.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The reset link in a message: `{base}/reset/{token}`; returns the token.
pub fn reset_token(mail: &Received, base: &str) -> String {
    let start = format!("{base}/reset/");
    let at = mail
        .text
        .find(&start)
        .unwrap_or_else(|| panic!("a link to {start}… in {:?}", mail.text));
    mail.text[at + start.len()..]
        .split_whitespace()
        .next()
        .expect("a token")
        .to_string()
}
