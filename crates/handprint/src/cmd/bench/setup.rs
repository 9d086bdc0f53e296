//! What a run needs before the clock starts, made the way a requester, an operator and
//! workers make it over HTTP: accounts and API keys, the projects with their items
//! uploaded through the import endpoint (timed), escrow deposited and the projects published.

use super::MarketArgs;
use anyhow::Context;
use futures::{StreamExt, TryStreamExt};
use handprint_core::account::Role;
use handprint_core::{Clock, ProjectId, SystemClock};
use handprint_store::accounts::NewUser;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The password of every account the bench makes.
const PASSWORD: &str = "bench-password";
/// Accounts made at once: each costs a password hash and a verification on the server.
const SIGNUPS_AT_ONCE: usize = 4;

/// A project of the run: its id and how many items it holds.
#[derive(Debug, Clone)]
pub struct BenchProject {
    pub id: ProjectId,
    pub tasks: usize,
}

/// Everything the workers need, and how long the uploads took.
pub struct Prepared {
    pub active: Vec<BenchProject>,
    pub draft: Option<BenchProject>,
    pub worker_keys: Vec<String>,
    /// Time to upload every active project's items.
    pub active_import: Duration,
    /// Time to upload the draft's items.
    pub draft_import: Duration,
}

/// The accounts, projects and items of one run against the server at `base`.
pub async fn prepare(
    http: &reqwest::Client,
    base: &str,
    store: &handprint_store::Db,
    args: &MarketArgs,
    run: &str,
) -> anyhow::Result<Prepared> {
    let requester = account(
        http,
        base,
        &format!("bench-req-{run}@bench.test"),
        "requester",
    )
    .await?;
    let mut active = Vec::new();
    let mut started = Instant::now();
    for (p, tasks) in args.items_per_project().into_iter().enumerate() {
        let id = create_project(
            http,
            base,
            &requester,
            args.overlap,
            &format!("bench {}", p + 1),
        )
        .await?;
        import(http, base, &requester, &id, &format!("p{}-", p + 1), tasks).await?;
        active.push(BenchProject { id, tasks });
    }
    let active_import = started.elapsed();
    let draft = match args.draft_items() {
        0 => None,
        tasks => {
            let id = create_project(http, base, &requester, args.overlap, "bench draft").await?;
            started = Instant::now();
            import(http, base, &requester, &id, "d-", tasks).await?;
            Some(BenchProject { id, tasks })
        }
    };
    let draft_import = match draft {
        Some(_) => started.elapsed(),
        None => Duration::ZERO,
    };
    let operator = operator(http, base, store, run).await?;
    for project in &active {
        fund_and_publish(http, base, &operator, &requester, &project.id, run).await?;
    }
    let worker_keys = futures::stream::iter(0..args.workers)
        .map(|w| {
            let email = format!("bench-w{w}-{run}@bench.test");
            async move { account(http, base, &email, "worker").await }
        })
        .buffered(SIGNUPS_AT_ONCE)
        .try_collect()
        .await?;
    Ok(Prepared {
        active,
        draft,
        worker_keys,
        active_import,
        draft_import,
    })
}

/// A single-choice project asking `overlap` answers per item, still a draft; its id.
async fn create_project(
    http: &reqwest::Client,
    base: &str,
    requester: &str,
    overlap: usize,
    title: &str,
) -> anyhow::Result<ProjectId> {
    let project: Value = http
        .post(format!("{base}/api/v1/projects"))
        .bearer_auth(requester)
        .json(&json!({
            "title": title, "instructions": "pick one",
            "template": {"kind": "single_choice", "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
            "purpose": "Measure the marketplace's throughput in a benchmark run.",
            "end_uses": ["research"], "sensitive_content": ["none"],
            "reward": "0.10", "estimated_seconds": 10, "answers_per_task": overlap, "lease_seconds": 600
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = project["id"]
        .as_str()
        .with_context(|| format!("the new project came back without an id: {project}"))?;
    Ok(ProjectId::from(id))
}

/// Upload `tasks` items to `project` in one JSONL body, through the import endpoint a
/// requester uses; fails unless every item was stored.
async fn import(
    http: &reqwest::Client,
    base: &str,
    requester: &str,
    project: &ProjectId,
    prefix: &str,
    tasks: usize,
) -> anyhow::Result<()> {
    use std::fmt::Write;
    let mut body = String::with_capacity(tasks * 48);
    for i in 0..tasks {
        // Writing to a String cannot fail.
        let _ = writeln!(body, r#"{{"external_id":"{prefix}{i}","text":"item {i}"}}"#);
    }
    let response = http
        .post(format!("{base}/api/v1/projects/{project}/tasks"))
        .bearer_auth(requester)
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .await?;
    let status = response.status();
    if !status.is_success() {
        let problem = response.text().await.unwrap_or_default();
        anyhow::bail!("uploading {tasks} items was refused with {status}: {problem}");
    }
    let report: Value = response.json().await?;
    anyhow::ensure!(
        report["created"].as_u64() == Some(tasks as u64),
        "uploading {tasks} items stored another number: {report}"
    );
    Ok(())
}

/// Publish the project as a requester would: publishing escrows every reward, the fee
/// and the reserve, so when it answers 402 an operator records a deposit of exactly the
/// amount it names as missing, and the requester publishes again.
pub(super) async fn fund_and_publish(
    http: &reqwest::Client,
    base: &str,
    operator: &str,
    requester: &str,
    project: &ProjectId,
    run: &str,
) -> anyhow::Result<()> {
    let publish = format!("{base}/api/v1/projects/{project}/publish");
    let r = http.post(&publish).bearer_auth(requester).send().await?;
    if r.status() != reqwest::StatusCode::PAYMENT_REQUIRED {
        r.error_for_status()?;
        return Ok(());
    }
    let refusal: Value = r.json().await?;
    let missing = refusal["missing"].as_str().with_context(|| {
        format!("publishing was refused without naming the amount missing: {refusal}")
    })?;
    let me: Value = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(requester)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let organization = me["organization"]["id"]
        .as_str()
        .context("the bench requester has no organisation")?;
    http.post(format!("{base}/api/v1/operator/deposits"))
        .bearer_auth(operator)
        .json(&json!({"organization_id": organization, "amount": missing, "reference": format!("bench-{run}-{project}")}))
        .send()
        .await?
        .error_for_status()?;
    http.post(&publish)
        .bearer_auth(requester)
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

/// An operator's API key: the account made in the store, as `users create-operator` does.
pub(super) async fn operator(
    http: &reqwest::Client,
    base: &str,
    store: &handprint_store::Db,
    run: &str,
) -> anyhow::Result<String> {
    let email = format!("bench-op-{run}@bench.test");
    let hash = handprint_server::auth::hash_password(PASSWORD.to_string())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .create_user(
            NewUser {
                email: &email,
                password_hash: &hash,
                name: "bench",
                role: Role::Operator,
                country: "",
                organization: None,
            },
            SystemClock.now(),
        )
        .await?;
    api_key(http, base, &email).await
}

pub(super) async fn account(
    http: &reqwest::Client,
    base: &str,
    email: &str,
    role: &str,
) -> anyhow::Result<String> {
    let mut body = json!({"email": email, "password": PASSWORD, "name": "bench", "role": role, "country": "MG"});
    if role == "requester" {
        // Organisation names are unique: each run's is its own, so a database can be reused.
        body["organization"] = json!(format!("Bench Org {email}"));
    }
    let response = http
        .post(format!("{base}/api/v1/signup"))
        .json(&body)
        .send()
        .await?;
    let status = response.status();
    if !status.is_success() {
        let problem = response.text().await.unwrap_or_default();
        anyhow::bail!("signing up {email} was refused with {status}: {problem}");
    }
    api_key(http, base, email).await
}

async fn api_key(http: &reqwest::Client, base: &str, email: &str) -> anyhow::Result<String> {
    let key: Value = http
        .post(format!("{base}/api/v1/api-keys"))
        .basic_auth(email, Some(PASSWORD))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let key = key["key"]
        .as_str()
        .with_context(|| format!("no API key came back for {email}: {key}"))?;
    Ok(key.to_string())
}
