//! `handprint serve --demo`: a working marketplace in one command.
//!
//! Seeds (once; later runs reuse it) a requester organisation, funded by a deposit, with two published
//! projects — review sentiment and a short transcription of rendered words — a few
//! hundred generated items, and worker accounts to sign in with.

use crate::AppState;
use crate::auth::hash_password;
use handprint_core::account::Role;
use handprint_core::import::ImportRow;
use handprint_core::project::{ProjectInput, ProjectSpec, ProjectState};
use handprint_core::{Money, OrganizationId, UserId};
use handprint_store::accounts::NewUser;

/// The password of the demo's requester and workers (published: the README uses it).
/// The demo operator gets a generated one instead, printed once when it is created: an
/// operator records deposits and sends payouts, so its password is never a known one.
pub const DEMO_PASSWORD: &str = "handprint-demo";
/// Every demo account's email ends with this; `serve --demo` refuses a database that
/// holds any other account.
pub const DEMO_DOMAIN: &str = "@demo.handprint.test";
/// What the demo organisation deposits (minor units): enough for both projects' escrow.
pub const DEMO_DEPOSIT: Money = Money(50_000);
pub const DEMO_REQUESTER: &str = "requester@demo.handprint.test";
pub const DEMO_OPERATOR: &str = "operator@demo.handprint.test";
pub const DEMO_WORKERS: [&str; 3] = [
    "ana@demo.handprint.test",
    "rivo@demo.handprint.test",
    "meera@demo.handprint.test",
];

/// What was seeded, for printing.
#[derive(Debug, Clone)]
pub struct DemoInfo {
    pub requester: String,
    pub operator: String,
    pub workers: Vec<String>,
    pub password: String,
    /// The operator's generated password: only on the run that created it.
    pub operator_password: Option<String>,
    pub projects: Vec<(String, String)>,
}

/// Seeds the demo once: its accounts, a deposit and two projects. A later run finds the
/// requester already there and only lists the projects it made. A database that holds
/// any account but the demo's is refused: the demo's accounts never join a real instance.
pub async fn seed(state: &AppState) -> Result<DemoInfo, crate::AppError> {
    let others = state.db.users_outside(DEMO_DOMAIN).await?;
    if others > 0 {
        return Err(crate::AppError::Conflict(handprint_core::Msg::coded(
            "err-demo-not-demo-data",
            vec![("count", others.to_string())],
        )));
    }
    let mut info = DemoInfo {
        requester: DEMO_REQUESTER.into(),
        operator: DEMO_OPERATOR.into(),
        workers: DEMO_WORKERS.iter().map(|s| s.to_string()).collect(),
        password: DEMO_PASSWORD.into(),
        operator_password: None,
        projects: Vec::new(),
    };
    if let Some(existing) = state.db.user_by_email(DEMO_REQUESTER).await? {
        if let Some(org) = &existing.organization_id {
            for p in state
                .db
                .projects(handprint_store::projects::ProjectFilter::Organization(org))
                .await?
            {
                info.projects.push((p.id.into_string(), p.title));
            }
        }
        return Ok(info);
    }
    let now = state.now();
    let operator_password = generated_password();
    let (org, requester_id) = create_accounts(state, &operator_password, now).await?;
    info.operator_password = Some(operator_password);
    // Money is escrowed before work is offered: the demo organisation starts with a deposit.
    state
        .db
        .deposit(&org, DEMO_DEPOSIT, "demo-seed", now)
        .await?;
    for (input, rows) in [
        (sentiment_project(), sentiment_rows(300)),
        (transcription_project(), transcription_rows(120)),
    ] {
        let project = create_project(state, &org, &requester_id, &input, &rows, now).await?;
        info.projects.push(project);
    }
    Ok(info)
}

/// 20 random characters for the demo operator.
fn generated_password() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0_u8; 15];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The demo requester (with its organisation) and the workers with the demo password,
/// the operator with `operator_password`. Returns the organisation's id and the
/// requester's id.
async fn create_accounts(
    state: &AppState,
    operator_password: &str,
    now: handprint_core::Timestamp,
) -> Result<(OrganizationId, UserId), crate::AppError> {
    let hash = hash_password(DEMO_PASSWORD.into()).await?;
    let requester = state
        .db
        .create_user(
            NewUser {
                email: DEMO_REQUESTER,
                password_hash: &hash,
                name: "Demo Requester",
                role: Role::Requester,
                country: "FR",
                organization: Some("Handprint Demo Lab"),
            },
            now,
        )
        .await?;
    for (email, (name, country)) in
        DEMO_WORKERS
            .iter()
            .zip([("Ana", "VE"), ("Rivo", "MG"), ("Meera", "IN")])
    {
        state
            .db
            .create_user(
                NewUser {
                    email,
                    password_hash: &hash,
                    name,
                    role: Role::Worker,
                    country,
                    organization: None,
                },
                now,
            )
            .await?;
    }
    let operator_hash = hash_password(operator_password.into()).await?;
    state
        .db
        .create_user(
            NewUser {
                email: DEMO_OPERATOR,
                password_hash: &operator_hash,
                name: "Demo Operator",
                role: Role::Operator,
                country: "FR",
                organization: None,
            },
            now,
        )
        .await?;
    let org = requester.organization_id.clone().unwrap_or_default();
    Ok((org, requester.id))
}

/// One demo project with its tasks, published when it can be (its reward is above the
/// instance's pay floor). Returns its id and title.
async fn create_project(
    state: &AppState,
    org: &OrganizationId,
    requester_id: &UserId,
    input: &ProjectInput,
    rows: &[ImportRow],
    now: handprint_core::Timestamp,
) -> Result<(String, String), crate::AppError> {
    let spec = ProjectSpec::parse(input, &state.settings.currency).map_err(|p| {
        // Our own seed data: a problem here is a bug, never shown to a visitor.
        crate::AppError::invalid(handprint_core::Msg::plain("the demo project is invalid"), p)
    })?;
    let project = state
        .db
        .create_project(org, requester_id, &spec, now)
        .await?;
    state.db.insert_tasks(&project.id, rows, None, now).await?;
    if spec
        .publish_problems(state.settings.pay_floor_per_hour, &state.settings.currency)
        .is_empty()
    {
        state
            .db
            .open_project(
                &project.id,
                ProjectState::Draft,
                state.settings.terms(),
                now,
            )
            .await?;
    }
    Ok((project.id.into_string(), spec.title))
}

/// One click per item: is a short book review positive, negative or mixed?
fn sentiment_project() -> ProjectInput {
    ProjectInput {
        title: Some("Is this book review positive or negative?".into()),
        description: Some("Short reviews of second-hand books; one click each.".into()),
        instructions: Some("Read the review and choose **Positive** if the reader liked the book, **Negative** if not. Pick **Mixed** when it is truly both.".into()),
        template: Some(serde_json::json!({
            "kind": "single_choice",
            "question": "What is the sentiment of this review?",
            "options": [
                {"value": "positive", "label": "Positive"},
                {"value": "negative", "label": "Negative"},
                {"value": "mixed", "label": "Mixed"}
            ]
        })),
        purpose: Some("Train a small review classifier for the Demo Lab's own second-hand bookshop search page.".into()),
        end_uses: Some(vec!["search".into(), "research".into()]),
        sensitive_content: Some(vec!["none".into()]),
        reward: Some("0.05".into()),
        estimated_seconds: Some(12),
        answers_per_task: Some(3),
        lease_seconds: Some(300),
        language: Some("en".into()),
        review_window_seconds: None,
        eligibility: None,
        overlap: None,
        control_rate: None,
        quality_rules: None,
    }
}

/// A short transcription of a word rendered in a picture.
fn transcription_project() -> ProjectInput {
    ProjectInput {
        title: Some("Type the word shown in the picture".into()),
        description: Some("Each picture shows one short word or phrase.".into()),
        instructions: Some("Type exactly what the picture shows, keeping capitals and accents. If you cannot read it, return the task: it costs you nothing.".into()),
        template: Some(serde_json::json!({
            "kind": "text",
            "question": "What does the picture say?",
            "media": {"type": "image", "field": "image_url"},
            "max_length": 100,
            "multiline": false
        })),
        purpose: Some("Build a test set for the Demo Lab's open-source handwriting recogniser.".into()),
        end_uses: Some(vec!["research".into(), "accessibility".into()]),
        sensitive_content: Some(vec!["none".into()]),
        reward: Some("0.06".into()),
        estimated_seconds: Some(15),
        answers_per_task: Some(2),
        lease_seconds: Some(300),
        language: Some("en".into()),
        review_window_seconds: None,
        eligibility: None,
        overlap: None,
        control_rate: None,
        quality_rules: None,
    }
}

fn row(line: u64, external_id: String, data: serde_json::Value) -> ImportRow {
    let data = match data {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    ImportRow {
        line,
        external_id: Some(external_id),
        data,
        known_answer: None,
    }
}

const OPENINGS: [&str; 10] = [
    "I could not put this book down",
    "The plot dragged for two hundred pages",
    "A warm, funny story",
    "The translation is clumsy and the ending is rushed",
    "Beautiful prose, though the middle is slow",
    "My children asked for it every night",
    "I gave up after the third chapter",
    "Some chapters shine, others are forgettable",
    "The best mystery I have read this year",
    "Arrived with pages missing and a broken spine",
];
const CLOSINGS: [&str; 6] = [
    "and I would buy it again.",
    "so I cannot recommend it.",
    "— worth the price.",
    "but I expected more.",
    "and the characters stayed with me.",
    "which was disappointing.",
];

fn sentiment_rows(n: u64) -> Vec<ImportRow> {
    (0..n)
        .map(|i| {
            let text = format!(
                "{} {}",
                OPENINGS[(i * 7 % 10) as usize],
                CLOSINGS[(i * 5 % 6) as usize]
            );
            row(
                i + 1,
                format!("review-{:04}", i + 1),
                serde_json::json!({"text": text}),
            )
        })
        .collect()
}

const WORDS: [&str; 12] = [
    "Antananarivo",
    "café au lait",
    "Maracaibo",
    "rainfall",
    "Bengaluru",
    "quatre-vingts",
    "harvest moon",
    "Tuesday",
    "zébu",
    "lighthouse",
    "monsoon",
    "jacaranda",
];

fn transcription_rows(n: u64) -> Vec<ImportRow> {
    (0..n)
        .map(|i| {
            let word = WORDS[(i % WORDS.len() as u64) as usize];
            let rotate = (i * 3 % 9) as i64 - 4;
            let svg = format!(
                "<svg xmlns='http://www.w3.org/2000/svg' width='360' height='90'><rect width='100%' height='100%' fill='#fffdf5'/>\
                 <text x='20' y='58' font-family='cursive' font-size='38' fill='#223' transform='rotate({rotate} 180 45)'>{word}</text></svg>"
            );
            let uri = format!("data:image/svg+xml;utf8,{}", percent_encode(&svg));
            row(
                i + 1,
                format!("word-{:04}", i + 1),
                serde_json::json!({"image_url": uri, "image_width": 360, "image_height": 90}),
            )
        })
        .collect()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~ '=/:(),".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
