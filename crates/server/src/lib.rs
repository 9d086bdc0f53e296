//! Handprint's HTTP server: the JSON API (described by OpenAPI) and the web pages.
//!
//! One [`AppState`] carries the database, the clock and the instance settings;
//! each resource has its own router module under `api/`, merged in [`router`].

#![cfg_attr(test, allow(clippy::too_many_lines))] // a test may tell its whole story in one function

pub mod api;
pub mod app;
pub mod auth;
pub mod demo;
pub mod download;
pub mod error;
pub mod jobs;
pub mod key_cache;
pub mod mail;
pub mod media;
pub mod metrics;
pub mod openapi;
pub mod payments;
pub mod security;
pub mod signing;
pub mod template_schema;
pub mod throttle;
pub mod web;

use axum::Router;
use handprint_core::ledger::BasisPoints;
use handprint_core::{Clock, Currency, Money};
use handprint_store::Db;
use std::sync::Arc;
use tokio::net::TcpListener;

pub use app::AppError;

/// Instance-wide policy and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub currency: Currency,
    /// No project may be published that pays less than this per hour of estimated work.
    pub pay_floor_per_hour: Money,
    /// How long after a lease ends a submission is still accepted (a cut connection must not cost the work).
    pub grace_seconds: i64,
    /// How often expired leases are swept back into the pool.
    pub sweep_interval_seconds: u64,
    /// The largest task upload accepted in one request.
    pub max_import_bytes: usize,
    /// The platform fee, charged to requesters on top of every payment to a worker (never deducted from it).
    pub fee: BasisPoints,
    /// Escrowed on top of rewards for top-ups to the pay floor (and answers beyond the overlap).
    pub topup_reserve: BasisPoints,
    /// The smallest payout a worker may ask for (published in their balance).
    pub payout_threshold: Money,
    /// The instance is served over https only: session cookies are always `Secure` and
    /// responses carry HSTS. Off by default (a local instance on plain http); behind a
    /// TLS-terminating proxy, turn it on.
    pub cookie_secure: bool,
    /// Timeouts and the limit on requests served at once.
    pub limits: security::Limits,
    /// Sign-in back-off and the bound on password hashing at once.
    pub sign_in: throttle::SignInPolicy,
    /// The idle and absolute ends of web sessions.
    pub session: throttle::SessionPolicy,
    /// A new API key ends this many days after it is made, unless its request asks
    /// for fewer (or more, up to `MAX_KEY_DAYS`).
    pub api_key_days: i64,
    /// Days an organisation (or an operator) has to answer a worker's review request
    /// of an automated decision; past them it is decided for the worker.
    pub decision_review_days: i64,
    /// What one organisation may hold or pay, and how the background jobs batch.
    pub quotas: Quotas,
    /// Where people reach this instance ("https://handprint.example.org"), for links
    /// in e-mail; None when the operator did not say.
    pub public_url: Option<String>,
    /// The SMTP relay e-mail goes through (password reset links); None: no e-mail.
    pub smtp: Option<mail::SmtpSettings>,
    /// Sensitive content: extra categories, the daily exposure cap, the break prompt
    /// and the wellbeing link (`[sensitive]`).
    pub sensitive: handprint_core::sensitive::SensitivePolicy,
    /// Uploaded media: where they are stored, their limits, URLs and retention.
    pub media: media::MediaSettings,
}

/// Per-organisation caps, each refused with a 422 that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// The most an answer may receive in bonuses, all its bonuses together.
    pub max_bonus_per_answer: Money,
    /// Items an organisation may hold in its draft projects together.
    pub max_draft_items_per_org: i64,
    /// Bytes of item data an organisation may hold in its draft projects together.
    pub max_draft_bytes_per_org: i64,
    /// Due answers auto-approval reads at once (a pass walks through all of them).
    pub auto_approve_batch: i64,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            max_bonus_per_answer: Money(10_000),
            max_draft_items_per_org: 100_000,
            max_draft_bytes_per_org: 100 << 20,
            auto_approve_batch: 500,
        }
    }
}

impl Settings {
    /// The money terms a project is published under.
    pub fn terms(&self) -> handprint_store::escrow::Terms {
        handprint_store::escrow::Terms {
            fee: self.fee,
            reserve: self.topup_reserve,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            currency: Currency::default(),
            pay_floor_per_hour: Money(1200),
            grace_seconds: 600,
            sweep_interval_seconds: 5,
            max_import_bytes: 1 << 30,
            fee: BasisPoints(1000),
            topup_reserve: BasisPoints(2500),
            payout_threshold: Money(500),
            cookie_secure: false,
            limits: security::Limits::default(),
            quotas: Quotas::default(),
            sign_in: throttle::SignInPolicy::default(),
            session: throttle::SessionPolicy::default(),
            api_key_days: 90,
            decision_review_days: handprint_core::decision::DEFAULT_REVIEW_DAYS,
            public_url: None,
            smtp: None,
            sensitive: handprint_core::sensitive::SensitivePolicy::default(),
            media: media::MediaSettings::default(),
        }
    }
}

/// Everything a request handler needs, passed in (never global).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    /// Off unless a metrics listener is configured ([`AppState::with_metrics`]).
    pub metrics: metrics::Metrics,
    /// Public records computed in the last minute (`app::record`).
    pub record_cache: Arc<app::record::RecordCache>,
    /// Signs handprints; its public half is served at `/.well-known/handprint-keys`.
    pub signing_key: Arc<handprint_core::attest::InstanceKey>,
    /// Sign-in back-off and the hashing bound, shared by every request of this process.
    pub sign_in: Arc<throttle::SignInGuard>,
    /// E-mail through the configured relay (off without one).
    pub mailer: mail::Mailer,
    /// API keys looked up in the last few seconds (`key_cache`).
    pub key_cache: Arc<key_cache::KeyCache>,
    /// Where uploaded media are kept (None when the configured storage cannot be
    /// used: uploads and media URLs answer 500, and the cause is logged).
    pub media: Option<media::Storage>,
    /// Signs the media URLs handed to workers, with a secret of the instance's key.
    pub media_urls: media::UrlSigner,
    /// Seals registered buckets' secret keys, with another secret of the instance's key.
    pub media_secrets: media::SecretBox,
}

impl AppState {
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        // Until `serve` gives the kept key ([`AppState::with_signing_key`]): one for
        // this process only.
        let key = signing::generate();
        Self {
            db,
            clock,
            sign_in: Arc::new(throttle::SignInGuard::new(settings.sign_in)),
            mailer: mailer_for(&settings),
            media: media_for(&settings),
            settings: Arc::new(settings),
            metrics: metrics::Metrics::off(),
            record_cache: Arc::default(),
            key_cache: Arc::default(),
            // Until `serve` gives the kept key ([`AppState::with_signing_key`]): one for
            // this process only.
            media_urls: media::UrlSigner::new(&key),
            media_secrets: media::SecretBox::new(&key),
            signing_key: Arc::new(key),
        }
    }
    /// Sign handprints with `key` (the instance's, kept by [`signing::load_or_create`]).
    pub fn with_signing_key(self, key: handprint_core::attest::InstanceKey) -> Self {
        Self {
            media_urls: media::UrlSigner::new(&key),
            media_secrets: media::SecretBox::new(&key),
            signing_key: Arc::new(key),
            ..self
        }
    }
    /// Record this server's metrics (see [`serve_with_metrics`]).
    pub fn with_metrics(self, metrics: metrics::Metrics) -> Self {
        Self { metrics, ..self }
    }
    pub fn now(&self) -> handprint_core::Timestamp {
        self.clock.now()
    }
}

/// The configured media storage; one that cannot be opened (`serve` checks it first,
/// with [`media::Storage::open`]) is logged and left unavailable.
fn media_for(settings: &Settings) -> Option<media::Storage> {
    match media::Storage::open(&settings.media.storage) {
        Ok(storage) => Some(storage),
        Err(e) => {
            tracing::error!(error = %e, "the media storage cannot be used");
            None
        }
    }
}

/// The mailer for the configured relay; a relay that cannot be set up (the
/// configuration checks it first, with [`mail::Mailer::new`]) is logged and left off.
fn mailer_for(settings: &Settings) -> mail::Mailer {
    match settings.smtp.as_ref().map(mail::Mailer::new) {
        None => mail::Mailer::off(),
        Some(Ok(mailer)) => mailer,
        Some(Err(e)) => {
            tracing::error!(error = %e, "the SMTP relay cannot be used: no e-mail will be sent");
            mail::Mailer::off()
        }
    }
}

/// The whole application's routes.
pub fn router(state: AppState) -> Router {
    // The pages first: the API router's fallback (problem+json 404) then covers
    // every unknown path, and `web::html_errors` shows it as a page to browsers.
    let https_only = state.settings.cookie_secure;
    let limits = state.settings.limits;
    let routes = web::router()
        .merge(api::router())
        .layer(axum::middleware::from_fn(web::html_errors));
    security::with_limits(security::with_headers(routes, https_only), limits)
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track,
        ))
        .with_state(state)
}

/// Serve on an already-bound listener until `shutdown` resolves, with the
/// background jobs running beside it.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with_metrics(listener, None, state, shutdown).await
}

/// Whether a server runs the background jobs (lease sweeps, auto-approval, pay-floor
/// passes) on a timer beside its routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackgroundJobs {
    /// Every `sweep_interval_seconds`: what `handprint serve` does.
    OnTimer,
    /// Never on their own: whoever runs the server calls [`jobs::run_once`] when a pass
    /// is meant to happen (the tests, so that no job changes state behind an assertion).
    OnlyWhenCalled,
}

/// [`serve`], and `GET /metrics` on `metrics_listener` when one is given: a port of
/// its own, so the public one never shows it. Both stop on the same `shutdown`.
pub async fn serve_with_metrics(
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(
        listener,
        metrics_listener,
        state,
        BackgroundJobs::OnTimer,
        shutdown,
    )
    .await
}

/// [`serve_with_metrics`], with the background jobs on their timer or only when called.
pub async fn serve_with(
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    state: AppState,
    background: BackgroundJobs,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use futures::FutureExt;
    // A listener without a recorder would only ever serve an empty page.
    let state = if metrics_listener.is_some() && !state.metrics.is_on() {
        state.with_metrics(metrics::Metrics::prometheus())
    } else {
        state
    };
    let shutdown = shutdown.shared();
    let jobs = (background == BackgroundJobs::OnTimer).then(|| jobs::spawn(state.clone()));
    let upkeep = state.metrics.spawn_upkeep();
    let scrape = {
        let shutdown = shutdown.clone();
        let metrics = state.metrics.clone();
        async move {
            match metrics_listener {
                Some(l) => {
                    axum::serve(l, metrics::router(metrics))
                        .with_graceful_shutdown(shutdown)
                        .await
                }
                None => Ok(()),
            }
        }
    };
    // Before the first request is read (connections wait in the listener's backlog).
    app::sensitive::drop_removed_opt_ins(&state)
        .await
        .map_err(|e| std::io::Error::other(format!("sensitive opt-ins: {e:?}")))?;
    let header_read_timeout = state.settings.limits.header_read_timeout;
    let app = security::serve_connections(listener, router(state), header_read_timeout, shutdown);
    let (result, scraped) = tokio::join!(app, scrape);
    if let Some(jobs) = jobs {
        jobs.abort();
    }
    if let Some(upkeep) = upkeep {
        upkeep.abort();
    }
    result.and(scraped)
}
