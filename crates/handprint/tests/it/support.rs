//! Test support: the real server on port 0, driven over HTTP, on the backend
//! chosen by HANDPRINT_TEST_BACKEND (sqlite, the default, or postgres).
//!
//! PostgreSQL tests migrate one template database per test process, then give
//! each test its own `CREATE DATABASE … TEMPLATE` copy.

use handprint_core::ManualClock;
use handprint_server::{AppState, Settings};
use handprint_store::{Db, Location};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};
use tokio::sync::oneshot;

/// 2026-01-01T00:00:00Z, where test clocks start.
pub const T0: i64 = 1_767_225_600_000_000;

pub fn backend() -> &'static str {
    match std::env::var("HANDPRINT_TEST_BACKEND").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

/// Tests named `pg_only_…` need PostgreSQL (two processes on one database, the two
/// schemas compared). scripts/test.sh leaves them out of the SQLite run by name and runs
/// them in the PostgreSQL one; run anywhere else, they fail instead of passing unrun.
pub fn require_postgres() {
    assert_eq!(
        backend(),
        "postgres",
        "this test needs PostgreSQL: run it with HANDPRINT_TEST_BACKEND=postgres (scripts/test.sh does)"
    );
}

/// The server PostgreSQL tests use (trust auth on this machine and CI).
pub fn pg_admin_url() -> String {
    std::env::var("HANDPRINT_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn pg_url_for(db: &str) -> String {
    let admin = pg_admin_url();
    match admin.rfind('/') {
        Some(i) => format!("{}/{db}", &admin[..i]),
        None => admin,
    }
}

static TEMPLATE: OnceLock<String> = OnceLock::new();

/// Whether the test process that named a database `hp_tpl_PID` or `hp_test_PID_…` still runs.
fn owner_alive(db: &str) -> bool {
    let pid = db
        .trim_start_matches("hp_tpl_")
        .trim_start_matches("hp_test_")
        .split('_')
        .next()
        .and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) => std::path::Path::new(&format!("/proc/{pid}")).exists(),
        // Named before process ids were part of the name: an old leftover.
        None => false,
    }
}

/// The migrated template database for this test process.
fn pg_template() -> &'static str {
    TEMPLATE.get_or_init(|| {
        std::thread::spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async {
                let name = format!("hp_tpl_{}", std::process::id());
                let admin = sqlx::PgPool::connect(&pg_admin_url()).await.expect("PostgreSQL reachable for tests");
                // Leftovers of earlier runs that nobody uses any more: only those of test
                // processes that have ended (another test process may be running beside us).
                let old: Vec<String> = sqlx::query_scalar(
                    "SELECT datname::text FROM pg_database WHERE datname LIKE 'hp_t%' \
                     AND datname NOT IN (SELECT datname FROM pg_stat_activity WHERE datname IS NOT NULL)",
                )
                .fetch_all(&admin)
                .await
                .unwrap_or_default();
                for db in old.into_iter().filter(|db| !owner_alive(db)) {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{db}\""))).execute(&admin).await;
                }
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                    .execute(&admin)
                    .await
                    .expect("create template database");
                let db = Db::connect(&Location::Postgres(pg_url_for(&name)), 2).await.expect("connect template");
                db.migrate().await.expect("migrate template");
                db.close().await;
                admin.close().await;
                name
            })
        })
        .join()
        .expect("template thread")
    })
}

/// A fresh, migrated database location for one test.
pub async fn fresh_location() -> (Location, Option<tempfile::TempDir>) {
    match backend() {
        "postgres" => (new_pg_database(Some(pg_template())).await, None),
        _ => temp_data_dir(),
    }
}

/// A fresh database location with nothing in it, not even migrated (upgrade tests
/// migrate it to an older version themselves).
pub async fn empty_location() -> (Location, Option<tempfile::TempDir>) {
    match backend() {
        "postgres" => (new_pg_database(None).await, None),
        _ => temp_data_dir(),
    }
}

/// A new PostgreSQL database for one test: a copy of `template`, or empty.
async fn new_pg_database(template: Option<&str>) -> Location {
    let name = format!(
        "hp_test_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    );
    let admin = sqlx::PgPool::connect(&pg_admin_url())
        .await
        .expect("PostgreSQL reachable");
    let create = match template {
        Some(template) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""),
        None => format!("CREATE DATABASE \"{name}\""),
    };
    sqlx::query(sqlx::AssertSqlSafe(create))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    Location::Postgres(pg_url_for(&name))
}

/// A SQLite data directory that lives as long as the returned guard.
fn temp_data_dir() -> (Location, Option<tempfile::TempDir>) {
    let dir = tempfile::tempdir().expect("temp dir");
    (Location::DataDir(dir.path().to_path_buf()), Some(dir))
}

pub struct TestApp {
    pub base: String,
    /// The metrics listener's base URL, for servers spawned with metrics.
    pub metrics_base: Option<String>,
    pub http: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub location: Location,
    stop: Option<oneshot::Sender<()>>,
    _dir: Option<tempfile::TempDir>,
    /// The local media storage of this server, unless the test chose its own.
    _media_dir: Option<tempfile::TempDir>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Settings::default()).await
    }

    pub async fn spawn_with(settings: Settings) -> TestApp {
        Self::spawn_options(settings, false).await
    }

    /// With its own metrics recorder, served on a second port (`metrics_base`).
    pub async fn spawn_with_metrics(settings: Settings) -> TestApp {
        Self::spawn_options(settings, true).await
    }

    async fn spawn_options(settings: Settings, metrics: bool) -> TestApp {
        let (location, dir) = fresh_location().await;
        let db = Db::connect(&location, 8).await.expect("connect");
        db.migrate().await.expect("migrate");
        Self::serve_db(db, location, dir, settings, metrics).await
    }

    /// Serve a database the test built itself (e.g. migrated as an older release
    /// left it, then upgraded), as it is: nothing is migrated here.
    pub async fn spawn_on(
        location: Location,
        dir: Option<tempfile::TempDir>,
        settings: Settings,
    ) -> TestApp {
        let db = Db::connect(&location, 8).await.expect("connect");
        Self::serve_db(db, location, dir, settings, false).await
    }

    async fn serve_db(
        db: Db,
        location: Location,
        dir: Option<tempfile::TempDir>,
        settings: Settings,
        metrics: bool,
    ) -> TestApp {
        let clock = Arc::new(ManualClock::new(T0));
        // Bind first, then serve: no test waits for readiness.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        // Links in the e-mail a test server sends point at it.
        let mut settings = settings;
        if settings.smtp.is_some() && settings.public_url.is_none() {
            settings.public_url = Some(base.clone());
        }
        // Uploaded media go to a directory of this test's own (not the default's
        // ./handprint-data), unless the test chose a storage.
        let media_dir = (settings.media.storage
            == handprint_server::media::MediaSettings::default().storage)
            .then(|| tempfile::tempdir().expect("media temp dir"));
        if let Some(dir) = &media_dir {
            settings.media.storage =
                handprint_server::media::MediaStorage::Local(dir.path().to_path_buf());
        }
        let mut state = AppState::new(db, clock.clone(), settings);
        register(&base, &location);
        let metrics_listener = if metrics {
            state = state.with_metrics(handprint_server::metrics::Metrics::prometheus());
            Some(
                tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind metrics"),
            )
        } else {
            None
        };
        let metrics_base = metrics_listener
            .as_ref()
            .map(|l| format!("http://{}", l.local_addr().expect("metrics addr")));
        let (stop, stopped) = oneshot::channel::<()>();
        // No job loop on the real clock: a test runs a pass (`jobs::run_once`) when it means to.
        tokio::spawn(handprint_server::serve_with(
            listener,
            metrics_listener,
            state.clone(),
            handprint_server::BackgroundJobs::OnlyWhenCalled,
            async {
                let _ = stopped.await;
            },
        ));
        TestApp {
            base,
            metrics_base,
            http: http_client(),
            clock,
            state,
            location,
            stop: Some(stop),
            _dir: dir,
            _media_dir: media_dir,
        }
    }

    pub fn anonymous(&self) -> Client {
        Client {
            base: self.base.clone(),
            http: self.http.clone(),
            key: None,
        }
    }

    /// Sign up and get an API key.
    pub async fn signup(&self, role: &str, email: &str) -> Client {
        let mut body = json!({"email": email, "password": "correct horse battery", "name": email, "role": role, "country": "MG"});
        if role == "requester" {
            body["organization"] = json!(format!("Org of {email}"));
        }
        let (status, body) = self.anonymous().post("/api/v1/signup", body).await;
        assert_eq!(status, StatusCode::CREATED, "signup failed: {body}");
        self.key_for(email, "correct horse battery").await
    }

    pub async fn key_for(&self, email: &str, password: &str) -> Client {
        let r = self
            .http
            .post(format!("{}/api/v1/api-keys", self.base))
            .basic_auth(email, Some(password))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), StatusCode::CREATED);
        let v: Value = r.json().await.expect("json");
        Client {
            base: self.base.clone(),
            http: self.http.clone(),
            key: v["key"].as_str().map(str::to_string),
        }
    }

    pub async fn requester(&self, name: &str) -> Client {
        self.signup("requester", &format!("{name}@requester.test"))
            .await
    }

    pub async fn worker(&self, name: &str) -> Client {
        self.signup("worker", &format!("{name}@worker.test")).await
    }

    /// An operator (operators are not signed up: created in the store, as the CLI does).
    pub async fn operator(&self) -> Client {
        operator_at(&self.base).await
    }
}

/// An HTTP client acting as one account.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub key: Option<String>,
}

impl Client {
    fn auth(&self, r: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.key {
            Some(k) => r.bearer_auth(k),
            None => r,
        }
    }

    pub async fn send(&self, r: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let r = self.auth(r).send().await.expect("request");
        let status = r.status();
        let text = r.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .auth(self.http.get(format!("{}{path}", self.base)))
            .send()
            .await
            .expect("request");
        (r.status(), r.text().await.expect("body"))
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(self.http.post(format!("{}{path}", self.base)).json(&body))
            .await
    }

    pub async fn post_empty(&self, path: &str) -> (StatusCode, Value) {
        self.send(self.http.post(format!("{}{path}", self.base)))
            .await
    }

    /// Ask for the next item of `project` and submit `answer` to it (asserts an item
    /// is given and the answer taken).
    pub async fn answer_next(&self, project: &str, answer: &str) {
        let (status, lease) = self
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        let id = lease["assignment_id"].as_str().expect("an assignment");
        let (status, body) = self
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": answer}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    /// Reject an answer with a listed reason and the standard message (asserts 200).
    pub async fn reject(&self, assignment: &str) -> Value {
        let (status, body) = self
            .post(
                &format!("/api/v1/assignments/{assignment}/reject"),
                serde_json::json!({
                    "reason": "instructions_not_followed",
                    "message": crate::review::MESSAGE,
                }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "reject: {body}");
        body
    }

    /// Dispute a rejection of one's answer (asserts 201); the dispute's view.
    pub async fn dispute(&self, assignment: &str, message: &str) -> Value {
        let (status, body) = self
            .post(
                &format!("/api/v1/assignments/{assignment}/dispute"),
                serde_json::json!({ "message": message }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "dispute: {body}");
        body
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(self.http.patch(format!("{}{path}", self.base)).json(&body))
            .await
    }

    pub async fn upload(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> (StatusCode, Value) {
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .header("content-type", content_type)
                .body(body),
        )
        .await
    }

    /// Create a complete project (ready to publish) with these overrides.
    pub async fn project(&self, overrides: Value) -> Value {
        let mut body = sentiment_project();
        if let (Some(b), Some(o)) = (body.as_object_mut(), overrides.as_object()) {
            for (k, v) in o {
                b.insert(k.clone(), v.clone());
            }
        }
        let (status, project) = self.post("/api/v1/projects", body).await;
        assert_eq!(status, StatusCode::CREATED, "create project: {project}");
        project
    }

    /// A published project with `n` items, funded first: an operator records exactly the
    /// deposit publishing asks for ([`Client::deposit_what_publishing_needs`]), then it is
    /// published. The name says so because funding is a precondition a test must see.
    pub async fn funded_project(&self, n: usize, overrides: Value) -> String {
        let id = self.draft_with_items(n, overrides).await;
        self.deposit_what_publishing_needs(&id).await;
        self.publish(&id).await;
        id
    }

    /// A published project with `n` items, paid for from what the organisation already
    /// holds (the test deposited it before): no deposit is made here.
    pub async fn published_from_balance(&self, n: usize, overrides: Value) -> String {
        let id = self.draft_with_items(n, overrides).await;
        self.publish(&id).await;
        id
    }

    /// A draft project with `n` items ("review 0" … as `text`, "item-0" … as `external_id`).
    pub async fn draft_with_items(&self, n: usize, overrides: Value) -> String {
        let project = self.project(overrides).await;
        let id = project["id"].as_str().expect("id").to_string();
        let rows: String = (0..n)
            .map(|i| format!("{{\"external_id\":\"item-{i}\",\"text\":\"review {i}\"}}\n"))
            .collect();
        let (status, report) = self
            .upload(
                &format!("/api/v1/projects/{id}/tasks"),
                "application/x-ndjson",
                rows,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], n as u64, "{report}");
        id
    }

    /// Publish a project (asserts 200). Publishing escrows every reward, the fee and the
    /// reserve: the organisation must already hold them (see [`Client::fund`]).
    pub async fn publish(&self, id: &str) -> Value {
        let (status, body) = self
            .post_empty(&format!("/api/v1/projects/{id}/publish"))
            .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "publish (a 402 means the test did not fund the organisation first): {body}"
        );
        body
    }

    /// Ask to publish while the organisation cannot pay (asserts the 402), then have an
    /// operator record a deposit of exactly the amount the refusal names as missing.
    pub async fn deposit_what_publishing_needs(&self, id: &str) -> Value {
        let (status, body) = self
            .post_empty(&format!("/api/v1/projects/{id}/publish"))
            .await;
        assert_eq!(
            status,
            StatusCode::PAYMENT_REQUIRED,
            "publishing an unfunded project: {body}"
        );
        let missing = body["missing"]
            .as_str()
            .expect("the amount missing")
            .to_string();
        self.fund(&missing).await
    }

    /// A published project of `template` with these items (one answer each), funded
    /// first: an operator deposits exactly what publishing asks.
    pub async fn funded_project_of(&self, template: Value, items: &[Value]) -> String {
        let project = self
            .project(json!({"template": template, "answers_per_task": 1}))
            .await;
        let id = project["id"].as_str().expect("id").to_string();
        let rows: String = items.iter().map(|item| format!("{item}\n")).collect();
        let (status, report) = self
            .upload(
                &format!("/api/v1/projects/{id}/tasks"),
                "application/x-ndjson",
                rows,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], items.len() as u64, "{report}");
        self.deposit_what_publishing_needs(&id).await;
        self.publish(&id).await;
        id
    }

    /// The caller's organisation id (requesters).
    pub async fn organization_id(&self) -> String {
        let (status, me) = self.get("/api/v1/me").await;
        assert_eq!(status, StatusCode::OK, "{me}");
        me["organization"]["id"]
            .as_str()
            .expect("a requester's organisation")
            .to_string()
    }

    /// Have an operator record a deposit of `amount` for this requester's organisation.
    pub async fn fund(&self, amount: &str) -> Value {
        let org = self.organization_id().await;
        let operator = operator_at(&self.base).await;
        let (status, body) = operator
            .post(
                "/api/v1/operator/deposits",
                json!({"organization_id": org, "amount": amount, "reference": format!("test-{}", uuid::Uuid::new_v4())}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "deposit: {body}");
        body
    }
}

/// Where each running server (TestApp or `handprint serve`) keeps its data, and its
/// operator once created: test helpers fund organisations through it.
static SERVERS: std::sync::Mutex<Vec<(String, Location, Option<Client>)>> =
    std::sync::Mutex::new(Vec::new());

pub fn register(base: &str, location: &Location) {
    if let Ok(mut servers) = SERVERS.lock() {
        // A port is reused once its earlier server has stopped: the newest one counts.
        servers.retain(|(b, _, _)| b != base);
        servers.push((base.to_string(), location.clone(), None));
    }
}

/// An operator of the server at `base`: created in its database the first time.
pub async fn operator_at(base: &str) -> Client {
    let known = SERVERS.lock().ok().and_then(|s| {
        s.iter()
            .find(|(b, _, _)| b == base)
            .map(|(_, l, c)| (l.clone(), c.clone()))
    });
    let (location, cached) = known.expect("a server started by the test support");
    if let Some(client) = cached {
        return client;
    }
    let email = format!("op-{}@operator.test", uuid::Uuid::new_v4().simple());
    let password = "operator password";
    let db = Db::connect(&location, 1).await.expect("connect");
    let hash = handprint_server::auth::hash_password(password.into())
        .await
        .expect("hash");
    db.create_user(
        handprint_store::accounts::NewUser {
            email: &email,
            password_hash: &hash,
            name: "Operator",
            role: handprint_core::account::Role::Operator,
            country: "",
            organization: None,
        },
        T0,
    )
    .await
    .expect("create operator");
    db.close().await;
    let http = http_client();
    let r = http
        .post(format!("{base}/api/v1/api-keys"))
        .basic_auth(&email, Some(password))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.expect("json");
    let client = Client {
        base: base.to_string(),
        http,
        key: v["key"].as_str().map(str::to_string),
    };
    if let Ok(mut servers) = SERVERS.lock()
        && let Some(entry) = servers.iter_mut().find(|(b, _, _)| b == base)
    {
        entry.2 = Some(client.clone());
    }
    client
}

pub fn sentiment_project() -> Value {
    json!({
        "title": "Review sentiment",
        "description": "Short reviews.",
        "instructions": "Choose the sentiment of the review.",
        "template": {"kind": "single_choice", "question": "Sentiment?", "options": [
            {"value": "pos", "label": "Positive"}, {"value": "neg", "label": "Negative"}]},
        "purpose": "Train a review classifier for a small bookshop's search page.",
        "end_uses": ["search"],
        "sensitive_content": ["none"],
        "reward": "0.10",
        "estimated_seconds": 20,
        "answers_per_task": 3,
        "lease_seconds": 300
    })
}

/// The paths of the fields a problem+json body names.
pub fn problem_paths(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

// ---- Real `handprint` processes, for multi-process and crash tests. ----

/// Sign up on the server at `base` and get an API key, without a TestApp.
pub async fn sign_up_at(base: &str, role: &str, email: &str) -> Client {
    let anonymous = Client {
        base: base.to_string(),
        http: http_client(),
        key: None,
    };
    let mut body = json!({"email": email, "password": "correct horse battery", "name": email, "role": role, "country": "MG"});
    if role == "requester" {
        body["organization"] = json!(format!("Org of {email}"));
    }
    // A server checking too many passwords at once answers 503 with Retry-After (many
    // sign-ups in parallel on a loaded machine): a client waits as told and asks again.
    let r = until_not_busy(|| {
        anonymous
            .http
            .post(format!("{base}/api/v1/signup"))
            .json(&body)
    })
    .await;
    let status = r.status();
    let text = r.text().await.expect("body");
    assert_eq!(status, StatusCode::CREATED, "signup failed: {text}");
    let r = until_not_busy(|| {
        anonymous
            .http
            .post(format!("{base}/api/v1/api-keys"))
            .basic_auth(email, Some("correct horse battery"))
    })
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.expect("json");
    Client {
        key: v["key"].as_str().map(str::to_string),
        ..anonymous
    }
}

/// Send the request `build` makes until the answer is not 503 (at most 30 times),
/// waiting between tries the seconds its `Retry-After` names (1 when it names none).
async fn until_not_busy(build: impl Fn() -> reqwest::RequestBuilder) -> reqwest::Response {
    let mut tries = 0;
    loop {
        let r = build().send().await.expect("request");
        tries += 1;
        if r.status() != StatusCode::SERVICE_UNAVAILABLE || tries == 30 {
            return r;
        }
        let secs = r
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(1);
        tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
    }
}

/// The `--data-dir`/`--database-url` flags that point a `handprint` process at `location`.
pub fn db_flags(location: &Location) -> Vec<String> {
    match location {
        Location::DataDir(dir) => vec!["--data-dir".into(), dir.display().to_string()],
        Location::Postgres(url) => vec!["--database-url".into(), url.clone()],
    }
}

/// A `handprint` command with a clean environment: the test's own HANDPRINT_* variables
/// would be read as configuration keys (and refused as unknown).
pub fn handprint_command() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_handprint"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("HANDPRINT_") {
            cmd.env_remove(key);
        }
    }
    // Not the crate directory, so no stray handprint.toml is picked up.
    cmd.current_dir(std::env::temp_dir())
        .env("RUST_LOG", "warn");
    cmd
}

/// A `handprint serve` child process on port 0; SIGKILLed when dropped (also on panic).
pub struct ServeProcess {
    child: std::process::Child,
    pub base: String,
    /// The metrics URL it reported ("Metrics on http://ADDR/metrics"), if any.
    pub metrics: Option<String>,
}

impl ServeProcess {
    /// Start it and wait for its "Handprint listening on http://ADDR" line (no sleeping).
    pub fn start(location: &Location) -> ServeProcess {
        Self::start_with(location, &[], &[])
    }

    /// The same, with more `serve` flags and HANDPRINT_* variables.
    pub fn start_with(location: &Location, args: &[&str], env: &[(&str, &str)]) -> ServeProcess {
        use std::io::BufRead;
        let mut child = handprint_command()
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(db_flags(location))
            .args(args)
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start handprint serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel::<(bool, String)>();
        std::thread::spawn(move || {
            // Keep draining after the line so the child never blocks on a full pipe.
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let first_word =
                    |rest: &str| rest.split_whitespace().next().unwrap_or("").to_string();
                if let Some(rest) = line.strip_prefix("Metrics on ") {
                    let _ = tx.send((false, first_word(rest)));
                } else if let Some(rest) = line.strip_prefix("Handprint listening on ") {
                    let _ = tx.send((true, first_word(rest)));
                }
            }
        });
        let mut process = ServeProcess {
            child,
            base: String::new(),
            metrics: None,
        };
        // The metrics line, if any, comes first.
        loop {
            match rx.recv_timeout(std::time::Duration::from_secs(60)) {
                Ok((false, metrics)) => process.metrics = Some(metrics),
                Ok((true, base)) => {
                    register(&base, location);
                    process.base = base;
                    break;
                }
                Err(e) => {
                    let status = process.child.try_wait();
                    panic!(
                        "handprint serve did not report its address ({e}); exit status: {status:?}"
                    );
                }
            }
        }
        process
    }

    /// SIGKILL, as a power cut or the OOM killer would; then reap the child.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A client for this process acting as the same account as `client`.
    pub fn as_client(&self, client: &Client) -> Client {
        Client {
            base: self.base.clone(),
            ..client.clone()
        }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Every task of the project whose counters disagree with its assignments:
/// `answers` must equal the submitted assignments and `remaining` must equal
/// overlap − live leases − answers. Empty when the books balance.
pub async fn ledger_problems(db: &Db, project_id: &str, overlap: i64) -> Vec<String> {
    let rows: Vec<(String, i64, i64, i64, i64)> = (handprint_store::sql::query_as(
        "SELECT t.id, t.remaining, t.answers, \
             (SELECT COUNT(*) FROM assignments a WHERE a.task_id = t.id AND a.state = 'leased'), \
             (SELECT COUNT(*) FROM assignments a WHERE a.task_id = t.id AND a.state = 'submitted') \
             FROM tasks t WHERE t.project_id = $1",
    )
    .bind(project_id)
    .fetch_all(db)
    .await)
        .expect("ledger query");
    rows.into_iter()
        .filter(|(_, remaining, answers, leased, submitted)| {
            *answers != *submitted || *remaining != overlap - leased - submitted
        })
        .map(|(id, remaining, answers, leased, submitted)| {
            format!("task {id}: remaining {remaining}, answers {answers}, leased {leased}, submitted {submitted}")
        })
        .collect()
}

/// The HTTP client of the test accounts: it asks for gzip and decodes it, as browsers
/// and `curl --compressed` do, so every response goes through the compression layer.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .gzip(true)
        .build()
        .expect("http client")
}

/// A client that decodes nothing: it sees the bytes as sent and `content-encoding`.
pub fn raw_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("raw http client")
}

/// A published project of `n` control items (known answer "pos"), every lease a
/// control, with `settings` (e.g. its quality rules) added to its creation; its id.
/// Funded by the deposit publishing asks for.
pub async fn controls_project(requester: &Client, n: usize, settings: Value) -> String {
    let mut body = json!({"answers_per_task": 1, "control_rate": 100});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), settings.as_object()) {
        body.extend(extra.clone());
    }
    let project = requester.project(body).await;
    let id = project["id"].as_str().expect("id").to_string();
    let rows: String = (0..n)
        .map(|i| {
            format!(
                "{{\"external_id\":\"c{i}\",\"text\":\"control {i}\",\"known_answer\":\"pos\"}}\n"
            )
        })
        .collect();
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            rows,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;
    id
}

/// The worker opts in to sensitive content of `categories` in their settings, as a
/// worker must before any item of a project declaring them is leased to them.
pub async fn opt_in_to(worker: &Client, categories: Value) {
    let (status, body) = worker
        .send(
            worker
                .http
                .put(format!("{}/api/v1/me/settings", worker.base))
                .json(&json!({ "sensitive_opt_in": categories })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "opting in: {body}");
}
