//! Configuration: defaults < handprint.toml < HANDPRINT_* environment < flags.
//! Errors name the bad key and where it came from (figment does the tracking).

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use handprint_core::ledger::BasisPoints;
use handprint_core::money::{Currency, Money};
use handprint_store::Location;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Amounts and percentages are decimal text, but `HANDPRINT_PAY_FLOOR_PER_HOUR=15` or
/// `payout_threshold = 5.5` in TOML arrive as numbers: take either, keep the text.
mod decimal {
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Text {
        Str(String),
        Int(i64),
        Float(f64),
    }

    fn text(t: Text) -> String {
        match t {
            Text::Str(s) => s,
            Text::Int(i) => i.to_string(),
            Text::Float(f) => f.to_string(),
        }
    }

    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Text::deserialize(d).map(text)
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Option::<Text>::deserialize(d).map(|t| t.map(text))
    }
}

/// The floor every instance keeps at least: USD 12.00 per hour (in cents), the default.
const USD_FLOOR_CENTS: i64 = 1200;

/// Every setting, with its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub addr: String,
    /// Where `/metrics` is served, on its own listener; empty: no metrics.
    pub metrics_addr: String,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    /// The handprint signing key; None: `handprint-signing-key.pem` in `data_dir`.
    pub signing_key_file: Option<PathBuf>,
    /// Where the instance is served ("https://handprint.example.org"), named in handprints.
    pub public_url: Option<String>,
    pub max_connections: u32,
    pub currency: String,
    pub currency_minor_digits: Option<u32>,
    #[serde(default, deserialize_with = "decimal::optional")]
    pub pay_floor_per_hour: Option<String>,
    pub grace_seconds: i64,
    pub sweep_interval_seconds: u64,
    pub max_import_mb: u64,
    pub log_format: String,
    #[serde(deserialize_with = "decimal::required")]
    pub platform_fee_percent: String,
    #[serde(deserialize_with = "decimal::required")]
    pub topup_reserve_percent: String,
    #[serde(deserialize_with = "decimal::required")]
    pub payout_threshold: String,
    #[serde(deserialize_with = "decimal::required")]
    pub max_amount: String,
    pub cookie_secure: bool,
    pub header_read_timeout_seconds: u64,
    pub body_timeout_seconds: u64,
    pub request_timeout_seconds: u64,
    pub max_concurrent_requests: usize,
    #[serde(deserialize_with = "decimal::required")]
    pub max_bonus_per_answer: String,
    pub max_draft_items_per_org: i64,
    pub max_draft_mb_per_org: i64,
    pub auto_approve_batch: i64,
    pub max_concurrent_hashes: usize,
    pub signin_failures_per_account: u32,
    pub signin_failures_per_address: u32,
    pub signin_window_seconds: i64,
    pub signin_lockout_seconds: i64,
    pub signin_max_lockout_seconds: i64,
    pub trusted_proxy: bool,
    pub session_idle_minutes: i64,
    pub session_max_days: i64,
    pub api_key_days: i64,
    pub decision_review_days: i64,
    /// The SMTP relay e-mail goes through (`[smtp]`, or HANDPRINT_SMTP_*).
    pub smtp: SmtpConfig,
    /// Sensitive content: extra categories, exposure cap, breaks, wellbeing link (`[sensitive]`).
    pub sensitive: SensitiveConfig,
    /// Uploaded media (`[media]`, or HANDPRINT_MEDIA_*).
    pub media: MediaConfig,
}

/// The `[sensitive]` section (issue 16).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SensitiveConfig {
    /// Categories beyond violence, sexual, hate and self-harm.
    pub categories: Vec<String>,
    /// Minutes of measured time per category and UTC day; at most the ceiling.
    pub daily_cap_minutes: i64,
    /// A lower cap for some categories, e.g. `{ violence = 60 }`.
    pub caps: std::collections::BTreeMap<String, i64>,
    pub break_after_minutes: i64,
    pub break_gap_minutes: i64,
    /// Where workers find wellbeing support; empty: no link.
    pub wellbeing_url: String,
}

impl Default for SensitiveConfig {
    fn default() -> Self {
        let p = handprint_core::sensitive::SensitivePolicy::default();
        SensitiveConfig {
            categories: p.extra_categories,
            daily_cap_minutes: p.daily_cap_minutes,
            caps: p.category_caps,
            break_after_minutes: p.break_after_minutes,
            break_gap_minutes: p.break_gap_minutes,
            wellbeing_url: p.wellbeing_url.unwrap_or_default(),
        }
    }
}

impl SensitiveConfig {
    /// The policy, or every problem with it in one error naming the keys.
    pub fn policy(&self) -> anyhow::Result<handprint_core::sensitive::SensitivePolicy> {
        let url = self.wellbeing_url.trim();
        let policy = handprint_core::sensitive::SensitivePolicy {
            extra_categories: self.categories.clone(),
            daily_cap_minutes: self.daily_cap_minutes,
            category_caps: self.caps.clone(),
            break_after_minutes: self.break_after_minutes,
            break_gap_minutes: self.break_gap_minutes,
            wellbeing_url: (!url.is_empty()).then(|| url.to_string()),
        };
        let mut problems = policy.problems();
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            problems.push(format!(
                "sensitive.wellbeing_url must be an http(s) address, e.g. \"https://wellbeing.example.org\" (got \"{url}\")"
            ));
        }
        anyhow::ensure!(
            problems.is_empty(),
            "{}",
            problems
                .iter()
                .map(|p| format!("configuration error: {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        Ok(policy)
    }
}

/// The `[media]` section: where uploaded media are stored, their limits, the life of
/// their signed URLs and how long a finished project's media are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaConfig {
    /// "local" (files under `dir`) or "s3".
    pub storage: String,
    /// For local storage; empty: `media` in `data_dir`.
    pub dir: String,
    pub s3_endpoint: String,
    pub s3_bucket: String,
    pub s3_region: String,
    pub s3_access_key_id: String,
    pub s3_secret_access_key: String,
    pub max_file_mb: i64,
    pub max_mb_per_org: i64,
    pub url_seconds: i64,
    pub retention_days: i64,
    pub small_pixels: u32,
}

impl Default for MediaConfig {
    fn default() -> Self {
        let m = handprint_server::media::MediaSettings::default();
        MediaConfig {
            storage: "local".into(),
            dir: String::new(),
            s3_endpoint: String::new(),
            s3_bucket: String::new(),
            s3_region: "us-east-1".into(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
            max_file_mb: m.max_file_bytes >> 20,
            max_mb_per_org: m.max_bytes_per_org >> 20,
            url_seconds: m.url_seconds,
            retention_days: m.retention_days,
            small_pixels: m.small_pixels,
        }
    }
}

/// The `[smtp]` section: the relay password reset links are sent through. No host: no
/// e-mail (the reset form says to ask an operator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpConfig {
    pub host: String,
    /// None: 25 with `tls = "none"`, 587 with "starttls", 465 with "tls".
    pub port: Option<u16>,
    pub tls: String,
    pub user: String,
    pub password: String,
    pub from: String,
    pub timeout_seconds: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: String::new(),
            port: None,
            tls: "starttls".into(),
            user: String::new(),
            password: String::new(),
            from: String::new(),
            timeout_seconds: 10,
        }
    }
}

impl Default for Config {
    /// The instance's policy defaults come from [`handprint_server::Settings::default`], so
    /// they are written once; `DEFAULT_CONFIG` shows them and a test checks it parses back.
    fn default() -> Self {
        let policy = handprint_server::Settings::default();
        Self {
            addr: "127.0.0.1:8080".into(),
            metrics_addr: String::new(),
            data_dir: PathBuf::from("handprint-data"),
            database_url: None,
            signing_key_file: None,
            public_url: None,
            max_connections: 16,
            currency: policy.currency.code.clone(),
            currency_minor_digits: None,
            pay_floor_per_hour: None,
            grace_seconds: policy.grace_seconds,
            sweep_interval_seconds: policy.sweep_interval_seconds,
            max_import_mb: u64::try_from(policy.max_import_bytes >> 20).unwrap_or(u64::MAX),
            log_format: "text".into(),
            platform_fee_percent: policy.fee.as_percent(),
            topup_reserve_percent: policy.topup_reserve.as_percent(),
            payout_threshold: policy.payout_threshold.format(&policy.currency),
            max_amount: policy.currency.max_amount.format(&policy.currency),
            cookie_secure: policy.cookie_secure,
            header_read_timeout_seconds: policy.limits.header_read_timeout.as_secs(),
            body_timeout_seconds: policy.limits.body_idle_timeout.as_secs(),
            request_timeout_seconds: policy.limits.request_timeout.as_secs(),
            max_concurrent_requests: policy.limits.max_concurrent_requests,
            max_bonus_per_answer: policy.quotas.max_bonus_per_answer.format(&policy.currency),
            max_draft_items_per_org: policy.quotas.max_draft_items_per_org,
            max_draft_mb_per_org: policy.quotas.max_draft_bytes_per_org >> 20,
            auto_approve_batch: policy.quotas.auto_approve_batch,
            max_concurrent_hashes: policy.sign_in.max_concurrent_hashes,
            signin_failures_per_account: policy.sign_in.account_failures,
            signin_failures_per_address: policy.sign_in.address_failures,
            signin_window_seconds: policy.sign_in.window_seconds,
            signin_lockout_seconds: policy.sign_in.lockout_seconds,
            signin_max_lockout_seconds: policy.sign_in.max_lockout_seconds,
            trusted_proxy: policy.sign_in.trust_forwarded_for,
            session_idle_minutes: policy.session.idle_seconds / 60,
            session_max_days: policy.session.max_seconds / (24 * 3600),
            api_key_days: policy.api_key_days,
            decision_review_days: policy.decision_review_days,
            smtp: SmtpConfig::default(),
            sensitive: SensitiveConfig::default(),
            media: MediaConfig::default(),
        }
    }
}

/// The commented example configuration printed by `handprint default-config`.
pub const DEFAULT_CONFIG: &str = r#"# handprint.toml — every key is optional; shown with its default.
# Each can also be set as an environment variable HANDPRINT_<KEY> (e.g. HANDPRINT_ADDR),
# and the common ones as flags (--addr, --data-dir, --database-url). Flags win, then the
# environment, then this file, then the defaults.

# Where `handprint serve` listens.
addr = "127.0.0.1:8080"

# Where `handprint serve` answers GET /metrics (Prometheus text format), HOST:PORT, e.g.
# "127.0.0.1:9090". A listener of its own, never the public port: keep it reachable by
# your Prometheus only. Empty (the default): no metrics are kept or served.
metrics_addr = ""

# Embedded SQLite lives in this directory (created if missing).
data_dir = "handprint-data"

# Use PostgreSQL instead of SQLite, e.g. "postgres://handprint@db.internal/handprint".
# Several `handprint serve` processes may share one PostgreSQL database.
# database_url = "postgres://..."

# The Ed25519 key that signs every handprint (PKCS#8 PEM; made on the first start when
# missing, readable by its owner only). Default: handprint-signing-key.pem in data_dir.
# Several `serve` processes sharing a PostgreSQL database must share this file, and it
# must be kept (and backed up) for as long as its handprints are to be verified.
# signing_key_file = "/etc/handprint/signing-key.pem"

# Where people reach this instance, e.g. "https://handprint.example.org". Handprints name
# it, so that `handprint verify` can fetch the instance's keys from it.
# public_url = "https://handprint.example.org"

# Database connections per process.
max_connections = 16

# The instance currency (ISO 4217) and, for codes Handprint does not know, its decimal places.
currency = "USD"
# currency_minor_digits = 2

# No project may be published whose reward/estimate pays less than this per hour.
# Operators may raise it; it is the workers' protection.
# Default: "12.00" when the currency is USD; it can be raised, never lowered.
# With another currency it must be set: the local equivalent of USD 12.00 per hour, or more.
# pay_floor_per_hour = "12.00"

# Submissions are accepted this long after a lease ends: a cut connection must not cost the work.
grace_seconds = 600

# How often expired leases are returned to the pool.
sweep_interval_seconds = 5

# The largest task upload accepted in one HTTP request (API or project page), in MiB.
max_import_mb = 1024

# "text" or "json" logs on stderr; RUST_LOG filters them (default "info").
log_format = "text"

# The platform fee in percent, charged to requesters on top of every payment to a
# worker (rewards, top-ups, bonuses) and never taken out of the worker's pay.
platform_fee_percent = "10"

# Publishing escrows every reward and fee plus this share of the rewards as a reserve
# for top-ups to the pay floor on measured time; completing the project returns what is left.
topup_reserve_percent = "25"

# The smallest payout a worker may ask for (published to workers; balances never expire).
payout_threshold = "5.00"

# The largest amount accepted in one field (a deposit, a reward, a bonus, a payout), in
# the instance currency; more is refused with a 422 that names the field and this limit.
# At most 1000000000000 (10^12) units, so that every sum the ledger keeps stays exact.
max_amount = "1000000000.00"

# The instance is served over https only (directly or behind a TLS-terminating proxy):
# session cookies are always marked Secure and every response carries HSTS for a year.
# Off, cookies are Secure only when a proxy says the request came over https
# (X-Forwarded-Proto or Forwarded). Turn it on in production.
cookie_secure = false

# What one client may hold. A connection that has not sent a whole request head within
# header_read_timeout_seconds is closed; a request body that sends nothing for
# body_timeout_seconds is cut; a request not answered within request_timeout_seconds
# gets 408 (uploads must finish within it; a download streams on once it has started).
# More than max_concurrent_requests requests at once get 503 with Retry-After.
header_read_timeout_seconds = 10
body_timeout_seconds = 30
request_timeout_seconds = 600
max_concurrent_requests = 1024

# The most one answer may receive in bonuses, all its bonuses together, in the instance
# currency; a bonus over it is refused with a 422 that names this cap.
max_bonus_per_answer = "100.00"

# What one organisation may hold in its draft (unpublished) projects together: items,
# and MiB of item data. An upload stops at the batch (of 1000 rows) that would pass
# either, with a 409 naming the limit, what is held and what the batch would add
# (earlier batches stay stored); publishing or deleting a draft frees its share.
max_draft_items_per_org = 100000
max_draft_mb_per_org = 100

# Due answers the auto-approval job reads at once; each pass walks through all of them.
auto_approve_batch = 500

# Passwords are hashed with Argon2id (19 MiB and tens of milliseconds each): at most
# max_concurrent_hashes at once (sign-in, sign-up, API key creation); a request that
# finds every slot taken for 2 seconds gets 503 with Retry-After.
max_concurrent_hashes = 4

# Sign-in back-off (the sign-in form, and HTTP Basic on POST /api/v1/api-keys): after
# signin_failures_per_account wrong passwords for one email, or
# signin_failures_per_address from one client address (an IPv6 /64), within
# signin_window_seconds, that email or address is refused with 429 and Retry-After for
# signin_lockout_seconds, doubling at each new lockout up to signin_max_lockout_seconds.
# Kept in each process's memory.
signin_failures_per_account = 5
signin_failures_per_address = 20
signin_window_seconds = 900
signin_lockout_seconds = 60
signin_max_lockout_seconds = 3600

# The server runs behind a proxy that appends the client's address to X-Forwarded-For:
# the last address there is taken as the client's. Off, the connection's peer is the
# client and the header is ignored (anyone can write it). Turn it on only behind such a proxy.
trusted_proxy = false

# A signed-in web session ends when unused for session_idle_minutes, and
# session_max_days after sign-in however much it is used (then the visitor signs in again).
session_idle_minutes = 720
session_max_days = 30

# A new API key stops working this many days after it is made (a request may ask for
# 1 to 366 with expires_in_days). Keys made before keys had an end keep working until revoked.
api_key_days = 90

# A worker may ask a person to review an automated decision about them; the
# organisation whose rule it was (or an operator) has this many days to answer. Past
# them the review is decided for the worker (the decision is reversed), and logged.
decision_review_days = 7
# The SMTP relay that sends e-mail (password reset links), e.g. your provider's
# submission server. Without a host, no e-mail is sent: the reset form then tells people
# to ask an operator, who sets a password with `handprint users set-password`. Sending
# needs public_url (above) too: the links point there. Every key can also be set as
# HANDPRINT_SMTP_<KEY> (e.g. HANDPRINT_SMTP_PASSWORD).
[smtp]
# host = "smtp.example.org"
host = ""
# "starttls" (plain, then upgraded; refused if the relay cannot), "tls" (TLS from the
# first byte), or "none" (plain: only for a relay on this host or a trusted network).
tls = "starttls"
# Default: 587 with starttls, 465 with tls, 25 with none.
# port = 587
# When the relay asks for a login.
user = ""
password = ""
# The sender of every message, e.g. "Handprint <no-reply@handprint.example.org>".
from = ""
# The longest handing one message to the relay may take; the request that asked for it
# never waits (sending happens beside it, and failures are logged).
timeout_seconds = 10

# Sensitive content. Projects declare categories (violence, sexual, hate, self-harm,
# and any listed here); a worker is leased such items only after opting in to each of
# the project's categories in their settings, and only until their measured time on a
# category reaches the day's cap (UTC days). Every key can also be set as
# HANDPRINT_SENSITIVE_<KEY>.
[sensitive]
# More categories workers may opt in to, e.g. ["animal-cruelty"].
categories = []
# Minutes of measured time per category and UTC day: 1 to 120. 120 is the ceiling: an
# operator may lower the cap, never raise it.
daily_cap_minutes = 120
# A lower cap for some categories, e.g. { violence = 60 }.
caps = {}
# The task page suggests a break after this many minutes of sensitive work in one
# stretch; a pause of break_gap_minutes ends a stretch.
break_after_minutes = 30
break_gap_minutes = 10
# Where workers find wellbeing support, linked on every page of a sensitive project
# and on the settings page, e.g. "https://wellbeing.example.org"; empty: no link.
wellbeing_url = ""
# Uploaded media (images, sounds, videos items name). Every key can also be set as
# HANDPRINT_MEDIA_<KEY> (e.g. HANDPRINT_MEDIA_S3_SECRET_ACCESS_KEY).
[media]
# "local": files under dir (default: media in data_dir). "s3": an S3-compatible bucket,
# which several `serve` processes share (give s3_endpoint for other than AWS itself).
storage = "local"
dir = ""
s3_endpoint = ""
s3_bucket = ""
s3_region = "us-east-1"
s3_access_key_id = ""
s3_secret_access_key = ""
# The largest file accepted, and what one organisation's media may take in all.
max_file_mb = 20
max_mb_per_org = 1024
# How long a media URL handed to a worker works.
url_seconds = 3600
# Days after a project is completed or cancelled before its media are deleted.
retention_days = 90
# The longer side of an image's smaller rendition (for slow connections), in pixels.
small_pixels = 640
"#;

/// Flags that override configuration; only the ones given are applied.
#[derive(Debug, Clone, Default, Serialize, clap::Args)]
pub struct DbFlags {
    /// Directory for the embedded SQLite database [default: ./handprint-data]
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// Use PostgreSQL at this URL instead of SQLite
    #[arg(long, global = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    /// Configuration file [default: ./handprint.toml if it exists]
    #[arg(long, global = true)]
    #[serde(skip)]
    pub config: Option<PathBuf>,
}

impl Config {
    /// Load from every source; `overrides` are the flags given on the command line.
    pub fn load(config_file: Option<&Path>, overrides: &impl Serialize) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match config_file {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "the configuration file {} does not exist",
                    path.display()
                );
                figment = figment.merge(Toml::file_exact(path));
            }
            None if Path::new("handprint.toml").exists() => {
                figment = figment.merge(Toml::file_exact("handprint.toml"));
            }
            None => {}
        }
        figment = figment
            // HANDPRINT_TEST_* belong to the test suite, and HANDPRINT_OPERATOR_PASSWORD
            // to `users create-operator`, not to the configuration.
            .merge(
                Env::prefixed("HANDPRINT_")
                    .filter(|k| {
                        let key = k.as_str().to_ascii_lowercase();
                        !key.starts_with("test_") && key != "operator_password"
                    })
                    // HANDPRINT_SMTP_HOST is `host` of the `[smtp]` section.
                    // HANDPRINT_MEDIA_DIR is `dir` of the `[media]` section.
                    .map(|k| {
                        let key = k.as_str().to_ascii_lowercase();
                        if let Some(rest) = key.strip_prefix("smtp_") {
                            format!("smtp.{rest}").into()
                        } else if let Some(rest) = key.strip_prefix("sensitive_") {
                            format!("sensitive.{rest}").into()
                        } else if let Some(rest) = key.strip_prefix("media_") {
                            format!("media.{rest}").into()
                        } else {
                            k.into()
                        }
                    }),
            )
            .merge(Serialized::defaults(overrides));
        let config: Config = figment.extract().map_err(|e| {
            let mut text = String::new();
            for err in e {
                text.push_str(&format!("configuration error: {err}\n"));
            }
            anyhow::anyhow!(text.trim_end().to_string())
        })?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        self.currency()?;
        self.pay_floor()?;
        self.fee()?;
        self.reserve()?;
        self.payout_threshold()?;
        self.limits()?;
        self.quotas()?;
        self.sign_in()?;
        self.session()?;
        self.sensitive.policy()?;
        self.media()?;
        if let Some(smtp) = self.smtp()? {
            handprint_server::mail::Mailer::new(&smtp)
                .map_err(|e| anyhow::anyhow!("configuration error: smtp: {e}"))?;
        }
        anyhow::ensure!(
            (1..=handprint_server::app::accounts::MAX_KEY_DAYS).contains(&self.api_key_days),
            "configuration error: api_key_days must be 1 to {} (got {})",
            handprint_server::app::accounts::MAX_KEY_DAYS,
            self.api_key_days
        );
        anyhow::ensure!(
            (1..=365).contains(&self.decision_review_days),
            "configuration error: decision_review_days must be 1 to 365 (got {})",
            self.decision_review_days
        );
        anyhow::ensure!(
            self.grace_seconds >= 0,
            "configuration error: grace_seconds must be zero or more (got {})",
            self.grace_seconds
        );
        anyhow::ensure!(
            matches!(self.log_format.as_str(), "text" | "json"),
            "configuration error: log_format must be \"text\" or \"json\" (got \"{}\")",
            self.log_format
        );
        Ok(())
    }

    /// The metrics listener's address, if metrics are on.
    pub fn metrics_addr(&self) -> Option<&str> {
        Some(self.metrics_addr.trim()).filter(|a| !a.is_empty())
    }

    /// Where the handprint signing key is kept.
    pub fn signing_key_path(&self) -> PathBuf {
        self.signing_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("handprint-signing-key.pem"))
    }

    pub fn location(&self) -> Location {
        match &self.database_url {
            Some(url) if !url.is_empty() => Location::Postgres(url.clone()),
            _ => Location::DataDir(self.data_dir.clone()),
        }
    }

    pub fn currency(&self) -> anyhow::Result<Currency> {
        let code = self.currency.trim().to_ascii_uppercase();
        let mut currency = match (Currency::from_code(&code), self.currency_minor_digits) {
            (_, Some(digits)) if code.len() == 3 && digits <= 4 => Currency::new(&code, digits),
            (Some(c), None) => c,
            _ => anyhow::bail!(
                "configuration error: currency \"{}\" is unknown to Handprint: give its ISO 4217 code and set currency_minor_digits (0 to 4)",
                self.currency
            ),
        };
        // The ceiling on max_amount itself: 10^12 units (10^16 minor units at 4 digits)
        // leaves room for sums of hundreds of such amounts within 64 bits.
        let ceiling = Currency {
            max_amount: Money(1_000_000_000_000 * 10_i64.pow(currency.minor_digits)),
            ..currency.clone()
        };
        let max = Money::parse(&self.max_amount, &ceiling).with_context(|| {
            format!(
                "configuration error: max_amount \"{}\" (at most 1000000000000)",
                self.max_amount
            )
        })?;
        anyhow::ensure!(
            max.0 > 0,
            "configuration error: max_amount must be more than zero"
        );
        currency.max_amount = max;
        Ok(currency)
    }

    /// The instance's pay floor per hour. It defaults to USD 12.00; an operator may raise
    /// it but not lower it, and an instance in another currency must state its equivalent.
    pub fn pay_floor(&self) -> anyhow::Result<Money> {
        let currency = self.currency()?;
        let usd = currency.code == "USD";
        let Some(text) = &self.pay_floor_per_hour else {
            anyhow::ensure!(
                usd,
                "configuration error: pay_floor_per_hour must be set for {}: the local equivalent of USD 12.00 per hour, or more",
                currency.code
            );
            return Ok(handprint_server::Settings::default().pay_floor_per_hour);
        };
        let floor = Money::parse(text, &currency)
            .with_context(|| format!("configuration error: pay_floor_per_hour \"{text}\""))?;
        anyhow::ensure!(
            !usd || floor.0 >= USD_FLOOR_CENTS,
            "configuration error: pay_floor_per_hour \"{text}\" is under USD 12.00: the floor protects workers and can only be raised"
        );
        anyhow::ensure!(
            floor.0 > 0,
            "configuration error: pay_floor_per_hour must be more than zero"
        );
        Ok(floor)
    }

    pub fn fee(&self) -> anyhow::Result<BasisPoints> {
        BasisPoints::parse_percent(&self.platform_fee_percent)
            .map_err(|m| anyhow::anyhow!("configuration error: platform_fee_percent: {m}"))
    }

    pub fn reserve(&self) -> anyhow::Result<BasisPoints> {
        BasisPoints::parse_percent(&self.topup_reserve_percent)
            .map_err(|m| anyhow::anyhow!("configuration error: topup_reserve_percent: {m}"))
    }

    pub fn payout_threshold(&self) -> anyhow::Result<Money> {
        let currency = self.currency()?;
        Money::parse(&self.payout_threshold, &currency).with_context(|| {
            format!(
                "configuration error: payout_threshold \"{}\"",
                self.payout_threshold
            )
        })
    }

    pub fn settings(&self) -> anyhow::Result<handprint_server::Settings> {
        Ok(handprint_server::Settings {
            currency: self.currency()?,
            pay_floor_per_hour: self.pay_floor()?,
            grace_seconds: self.grace_seconds,
            sweep_interval_seconds: self.sweep_interval_seconds,
            max_import_bytes: usize::try_from(self.max_import_mb.saturating_mul(1 << 20))
                .unwrap_or(usize::MAX),
            fee: self.fee()?,
            topup_reserve: self.reserve()?,
            payout_threshold: self.payout_threshold()?,
            cookie_secure: self.cookie_secure,
            limits: self.limits()?,
            quotas: self.quotas()?,
            sign_in: self.sign_in()?,
            session: self.session()?,
            api_key_days: self.api_key_days,
            decision_review_days: self.decision_review_days,
            public_url: self.public_url(),
            smtp: self.smtp()?,
            sensitive: self.sensitive.policy()?,
            media: self.media()?,
        })
    }

    /// The media settings; the storage is opened by `serve` (a bad one stops the start).
    pub fn media(&self) -> anyhow::Result<handprint_server::media::MediaSettings> {
        use handprint_server::media::{MediaSettings, MediaStorage, S3Settings};
        let m = &self.media;
        let storage = match m.storage.trim() {
            "local" => MediaStorage::Local(if m.dir.trim().is_empty() {
                self.data_dir.join("media")
            } else {
                PathBuf::from(m.dir.trim())
            }),
            "s3" => {
                anyhow::ensure!(
                    !m.s3_bucket.trim().is_empty(),
                    "configuration error: media.s3_bucket must name the bucket when media.storage is \"s3\""
                );
                MediaStorage::S3(S3Settings {
                    endpoint: m.s3_endpoint.trim().trim_end_matches('/').to_string(),
                    bucket: m.s3_bucket.trim().to_string(),
                    region: m.s3_region.trim().to_string(),
                    access_key_id: m.s3_access_key_id.clone(),
                    secret_access_key: m.s3_secret_access_key.clone(),
                })
            }
            other => anyhow::bail!(
                "configuration error: media.storage must be \"local\" or \"s3\" (got \"{other}\")"
            ),
        };
        for (key, value) in [
            ("max_file_mb", m.max_file_mb),
            ("max_mb_per_org", m.max_mb_per_org),
            ("url_seconds", m.url_seconds),
            ("retention_days", m.retention_days),
        ] {
            anyhow::ensure!(
                value > 0,
                "configuration error: media.{key} must be more than zero (got {value})"
            );
        }
        anyhow::ensure!(
            m.small_pixels >= 16,
            "configuration error: media.small_pixels must be 16 or more (got {})",
            m.small_pixels
        );
        Ok(MediaSettings {
            storage,
            max_file_bytes: m.max_file_mb.saturating_mul(1 << 20),
            max_bytes_per_org: m.max_mb_per_org.saturating_mul(1 << 20),
            url_seconds: m.url_seconds,
            retention_days: m.retention_days,
            small_pixels: m.small_pixels,
        })
    }

    /// Where the instance is served, without a trailing slash; None when unset.
    pub fn public_url(&self) -> Option<String> {
        self.public_url
            .as_deref()
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty())
    }

    /// The SMTP relay, when a host is set. It needs `from` and `public_url` (the links
    /// it sends point there).
    pub fn smtp(&self) -> anyhow::Result<Option<handprint_server::mail::SmtpSettings>> {
        use handprint_server::mail::{SmtpSettings, SmtpTls};
        let s = &self.smtp;
        if s.host.trim().is_empty() {
            return Ok(None);
        }
        let tls = SmtpTls::parse(&s.tls).with_context(|| {
            format!(
                "configuration error: smtp.tls must be \"none\", \"starttls\" or \"tls\" (got \"{}\")",
                s.tls
            )
        })?;
        anyhow::ensure!(
            !s.from.trim().is_empty(),
            "configuration error: smtp.from must name the sender (e.g. \"Handprint <no-reply@handprint.example.org>\") when smtp.host is set"
        );
        let url = self.public_url().unwrap_or_default();
        anyhow::ensure!(
            url.starts_with("https://") || url.starts_with("http://"),
            "configuration error: public_url must be set (e.g. \"https://handprint.example.org\") when smtp.host is set: the e-mail links point there"
        );
        anyhow::ensure!(
            s.timeout_seconds > 0,
            "configuration error: smtp.timeout_seconds must be more than zero (got {})",
            s.timeout_seconds
        );
        let port = s.port.unwrap_or(match tls {
            SmtpTls::None => 25,
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
        });
        let credentials = (!s.user.is_empty()).then(|| (s.user.clone(), s.password.clone()));
        Ok(Some(SmtpSettings {
            host: s.host.trim().to_string(),
            port,
            tls,
            credentials,
            from: s.from.trim().to_string(),
            timeout: Duration::from_secs(s.timeout_seconds),
        }))
    }

    /// The per-organisation caps and the auto-approval batch; each must be more than zero.
    pub fn quotas(&self) -> anyhow::Result<handprint_server::Quotas> {
        let currency = self.currency()?;
        let bonus = Money::parse(&self.max_bonus_per_answer, &currency).with_context(|| {
            format!(
                "configuration error: max_bonus_per_answer \"{}\"",
                self.max_bonus_per_answer
            )
        })?;
        for (key, value) in [
            ("max_bonus_per_answer", bonus.0),
            ("max_draft_items_per_org", self.max_draft_items_per_org),
            ("max_draft_mb_per_org", self.max_draft_mb_per_org),
            ("auto_approve_batch", self.auto_approve_batch),
        ] {
            anyhow::ensure!(
                value > 0,
                "configuration error: {key} must be more than zero (got {value})"
            );
        }
        Ok(handprint_server::Quotas {
            max_bonus_per_answer: bonus,
            max_draft_items_per_org: self.max_draft_items_per_org,
            max_draft_bytes_per_org: self.max_draft_mb_per_org.saturating_mul(1 << 20),
            auto_approve_batch: self.auto_approve_batch,
        })
    }

    /// The web sessions' idle and absolute ends.
    pub fn session(&self) -> anyhow::Result<handprint_server::throttle::SessionPolicy> {
        for (key, value) in [
            ("session_idle_minutes", self.session_idle_minutes),
            ("session_max_days", self.session_max_days),
        ] {
            anyhow::ensure!(
                value > 0,
                "configuration error: {key} must be more than zero (got {value})"
            );
        }
        Ok(handprint_server::throttle::SessionPolicy {
            idle_seconds: self.session_idle_minutes.saturating_mul(60),
            max_seconds: self.session_max_days.saturating_mul(24 * 3600),
        })
    }

    /// The sign-in back-off and the hashing bound; each number must be more than zero.
    pub fn sign_in(&self) -> anyhow::Result<handprint_server::throttle::SignInPolicy> {
        for (key, value) in [
            ("max_concurrent_hashes", self.max_concurrent_hashes as i64),
            (
                "signin_failures_per_account",
                i64::from(self.signin_failures_per_account),
            ),
            (
                "signin_failures_per_address",
                i64::from(self.signin_failures_per_address),
            ),
            ("signin_window_seconds", self.signin_window_seconds),
            ("signin_lockout_seconds", self.signin_lockout_seconds),
            (
                "signin_max_lockout_seconds",
                self.signin_max_lockout_seconds,
            ),
        ] {
            anyhow::ensure!(
                value > 0,
                "configuration error: {key} must be more than zero (got {value})"
            );
        }
        Ok(handprint_server::throttle::SignInPolicy {
            account_failures: self.signin_failures_per_account,
            address_failures: self.signin_failures_per_address,
            window_seconds: self.signin_window_seconds,
            lockout_seconds: self.signin_lockout_seconds,
            max_lockout_seconds: self.signin_max_lockout_seconds,
            max_concurrent_hashes: self.max_concurrent_hashes,
            trust_forwarded_for: self.trusted_proxy,
            ..handprint_server::throttle::SignInPolicy::default()
        })
    }

    /// The timeouts and the concurrency limit; each must be more than zero.
    pub fn limits(&self) -> anyhow::Result<handprint_server::security::Limits> {
        for (key, value) in [
            (
                "header_read_timeout_seconds",
                self.header_read_timeout_seconds,
            ),
            ("body_timeout_seconds", self.body_timeout_seconds),
            ("request_timeout_seconds", self.request_timeout_seconds),
            (
                "max_concurrent_requests",
                self.max_concurrent_requests as u64,
            ),
        ] {
            anyhow::ensure!(
                value > 0,
                "configuration error: {key} must be more than zero (got {value})"
            );
        }
        Ok(handprint_server::security::Limits {
            header_read_timeout: Duration::from_secs(self.header_read_timeout_seconds),
            body_idle_timeout: Duration::from_secs(self.body_timeout_seconds),
            request_timeout: Duration::from_secs(self.request_timeout_seconds),
            max_concurrent_requests: self.max_concurrent_requests,
        })
    }

    /// Open the configured database and bring its schema up to date.
    pub async fn open_db(&self) -> anyhow::Result<handprint_store::Db> {
        let location = self.location();
        let db = handprint_store::Db::connect(&location, self.max_connections)
            .await
            .with_context(|| match &location {
                Location::DataDir(d) => {
                    format!("cannot open the SQLite database in {}", d.display())
                }
                Location::Postgres(_) => {
                    "cannot connect to PostgreSQL (check --database-url)".to_string()
                }
            })?;
        db.migrate()
            .await
            .context("cannot apply database migrations")?;
        Ok(db)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `handprint default-config` prints what the defaults are: read back, it is them.
    #[test]
    fn the_printed_default_config_parses_back_to_the_defaults() {
        let printed: Config = Figment::from(Toml::string(DEFAULT_CONFIG))
            .extract()
            .expect("DEFAULT_CONFIG parses as a whole configuration");
        assert_eq!(printed, Config::default());
        let settings = printed.settings().expect("the defaults are valid");
        assert_eq!(settings, handprint_server::Settings::default());
    }

    #[test]
    fn a_sensitive_cap_past_the_ceiling_is_refused_naming_the_key() {
        let text = "[sensitive]\ndaily_cap_minutes = 180\ncaps = { violence = 150, gore = 10 }\n";
        let config: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string(text))
            .extract()
            .expect("parses");
        let err = config.check().expect_err("refused").to_string();
        assert_eq!(
            err,
            "configuration error: sensitive.daily_cap_minutes must be 1 to 120 (got 180): an operator may lower the cap, never raise it\n\
             configuration error: sensitive.caps names \"gore\", which is not a category (known: violence, sexual, hate, self-harm)\n\
             configuration error: sensitive.caps.violence must be 1 to 120 minutes (got 150): a category's cap may only be lower than daily_cap_minutes"
        );
        let lowered: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string(
                "[sensitive]\ndaily_cap_minutes = 60\ncaps = { violence = 30 }\n",
            ))
            .extract()
            .expect("parses");
        let policy = lowered.settings().expect("valid").sensitive;
        assert_eq!(
            (policy.cap_minutes("violence"), policy.cap_minutes("hate")),
            (30, 60)
        );
    }

    #[test]
    fn the_default_pay_floor_is_the_usd_floor_workers_are_promised() {
        assert_eq!(
            handprint_server::Settings::default().pay_floor_per_hour,
            Money(USD_FLOOR_CENTS)
        );
    }
}
