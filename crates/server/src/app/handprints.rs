//! Handprints' keys and the check of a signed handprint (`handprint_core::attest`):
//! what the `/.well-known/handprint-keys` route serves and what
//! `POST /api/v1/handprints/verify` answers. No account needed for either.

use crate::AppState;
use handprint_core::attest::{self, Envelope, PublicKey};
use serde::Serialize;

/// The keys this instance signs handprints with.
#[derive(Serialize, utoipa::ToSchema)]
pub struct KeysView {
    pub keys: Vec<KeyView>,
}

/// One public key, in the two forms tools read.
#[derive(Serialize, utoipa::ToSchema)]
pub struct KeyView {
    /// SHA-256 (hex) of the raw key: the `keyid` of the envelopes it signs.
    pub keyid: String,
    /// Always `ed25519`.
    pub algorithm: String,
    /// The 32 raw bytes, standard base64.
    pub public_key: String,
    /// The same key as SPKI PEM (`openssl pkeyutl -verify -pubin -inkey` reads it).
    pub public_key_pem: String,
}

/// The instance's public signing key(s).
pub fn keys(state: &AppState) -> KeysView {
    KeysView {
        keys: vec![key_view(&state.signing_key.public())],
    }
}

fn key_view(key: &PublicKey) -> KeyView {
    KeyView {
        keyid: key.keyid(),
        algorithm: "ed25519".into(),
        public_key: key.to_base64(),
        // SPKI encoding of a valid key does not fail.
        public_key_pem: key.to_pem().unwrap_or_default(),
    }
}

/// What a check of a signed handprint found.
#[derive(Serialize, utoipa::ToSchema)]
pub struct VerifyView {
    /// Signed by this instance's key, unchanged since: the statement below can be trusted.
    pub valid: bool,
    /// Why not, when not valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The key that signed it, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyid: Option<String>,
    /// The files the handprint is about, with their SHA-256: compare them with yours
    /// (`handprint verify` does it for the files beside the envelope).
    pub subjects: Vec<SubjectView>,
    /// The handprint itself, when valid.
    #[schema(value_type = Option<Object>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicate: Option<serde_json::Value>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SubjectView {
    pub name: String,
    pub sha256: Option<String>,
}

/// Check `body` (a DSSE envelope, as `handprint export --handprint` writes
/// `handprint.dsse.json`) against this instance's key.
pub fn verify(state: &AppState, body: &[u8]) -> VerifyView {
    let opened = serde_json::from_slice::<Envelope>(body)
        .map_err(|e| attest::AttestError::NotAnEnvelope(e.to_string()))
        .and_then(|envelope| {
            let statement = attest::open(&envelope, &[state.signing_key.public()])?;
            let keyid = envelope
                .signatures
                .iter()
                .map(|s| s.keyid.clone())
                .find(|id| *id == state.signing_key.public().keyid());
            Ok((statement, keyid))
        });
    match opened {
        Ok((statement, keyid)) => VerifyView {
            valid: true,
            reason: None,
            keyid: keyid.or_else(|| Some(state.signing_key.public().keyid())),
            subjects: statement
                .subject
                .iter()
                .map(|s| SubjectView {
                    name: s.name.clone(),
                    sha256: s.sha256_hex().map(str::to_string),
                })
                .collect(),
            predicate: Some(statement.predicate),
        },
        Err(e) => VerifyView {
            valid: false,
            reason: Some(e.to_string()),
            keyid: None,
            subjects: Vec::new(),
            predicate: None,
        },
    }
}

/// What a handprint is made from besides the project: the exported files and how.
pub struct ExportFacts<'a> {
    /// The files' names, in the order written.
    pub files: &'a [String],
    /// The aggregation method when the export holds labels, not answers.
    pub labels_method: Option<&'a str>,
    /// Where the instance is served, when the operator set it (`public_url`).
    pub instance_url: Option<&'a str>,
    /// Small groups (countries) are merged below this many workers.
    pub k: i64,
    pub exported_at: handprint_core::Timestamp,
}

/// The handprint of `project` (the predicate of its signed statement): what, for whom
/// and why, how, and by whom in aggregate. Never a worker's id or pseudonym.
pub async fn predicate(
    db: &handprint_store::Db,
    settings: &crate::Settings,
    project: &handprint_store::projects::ProjectRow,
    facts: &ExportFacts<'_>,
) -> crate::app::AppResult<serde_json::Value> {
    use handprint_core::clock::to_rfc3339;
    use serde_json::json;
    let spec = project.spec()?;
    let organization = db.organization(&project.organization_id).await?;
    let items = db.task_count(&project.id).await?;
    let span = db.handprint_answer_span(&project.id).await?;
    let reviews = db.handprint_reviews(&project.id).await?;
    let workers = db.handprint_workers(&project.id).await?;
    let verification = db.organization_verification(&organization.id).await?;
    let verified_at = verification.as_ref().map(|v| to_rfc3339(v.verified_at));
    let floor = settings.pay_floor_per_hour;
    let currency = &settings.currency;
    Ok(json!({
        "version": 1,
        "instance": {
            "url": facts.instance_url,
            "currency": currency.code,
            "pay_floor_per_hour": floor.format(currency),
            "platform_fee_percent": settings.fee.as_percent(),
        },
        "what": {
            "files": facts.files,
            "content": if facts.labels_method.is_some() { "labels" } else { "answers" },
            "items": items,
            "answers": span.answers,
            "template": spec.template,
            "instructions_sha256": attest::sha256_hex(spec.instructions.as_bytes()),
            "first_answer_at": span.first_at.map(to_rfc3339),
            "last_answer_at": span.last_at.map(to_rfc3339),
            "exported_at": to_rfc3339(facts.exported_at),
        },
        "for_whom": {
            "organization": {
                "id": organization.id,
                "name": organization.name,
                // An operator's verification in force when the export was made (issue 16).
                "verified": verification.is_some(),
                "verified_at": verified_at,
            },
            "project": {"id": project.id, "title": spec.title},
            "purpose": spec.purpose,
            "end_uses": spec.end_uses,
            "sensitive_content": spec.sensitive_content,
        },
        "how": {
            "overlap": match spec.overlap {
                Some(o) => json!({"kind": "dynamic", "min": o.min, "max": o.max, "confidence": o.confidence()}),
                None => json!({"kind": "fixed", "answers_per_item": spec.answers_per_task}),
            },
            "aggregation": facts.labels_method.map(|m| json!({"method": m})),
            "control_share": null,
            "quality_rules": [],
            "machine_suggestions": false,
        },
        "by_whom": by_whom_section(settings, facts.k, &spec, &span, &reviews, &workers),
    }))
}

/// The "by whom, in aggregate" section: figures over workers, never a worker.
fn by_whom_section(
    settings: &crate::Settings,
    k: i64,
    spec: &handprint_core::project::ProjectSpec,
    span: &handprint_store::handprint::AnswerSpan,
    reviews: &handprint_store::handprint::ReviewOutcomes,
    workers: &[handprint_core::handprint::WorkerSums],
) -> serde_json::Value {
    use serde_json::json;
    let figures = handprint_core::handprint::by_whom(workers, k, settings.pay_floor_per_hour);
    let money = |minor: i64| handprint_core::Money(minor).format(&settings.currency);
    let hours = |micros: i64| format!("{:.2}", micros as f64 / 3_600_000_000.0);
    let pay = |d: &Option<handprint_core::handprint::PayDistribution>| {
        d.as_ref().map(|d| {
            json!({
                "workers": d.workers,
                "p10": money(d.p10),
                "median": money(d.median),
                "p90": money(d.p90),
                "at_or_above_floor": d.at_or_above_floor,
            })
        })
    };
    let exposed_hours = hours(figures.measured_micros);
    json!({
        "workers": figures.workers,
        "k_anonymity": k,
        "countries": figures.countries.iter()
            .map(|(c, n)| json!({"country": c, "workers": n}))
            .collect::<Vec<_>>(),
        "measured_hours": hours(figures.measured_micros),
        "paid_hours": hours(figures.paid_micros),
        "median_seconds_per_answer": span.median_micros.map(|m| m / 1_000_000),
        "unpaid_hours": hours(figures.unpaid_micros),
        "hourly_pay": pay(&figures.hourly),
        "hourly_pay_including_unpaid_time": pay(&figures.hourly_including_unpaid),
        "reviews": {
            "approved": reviews.approved,
            "auto_approved": reviews.auto_approved,
            "rejected": reviews.rejected,
            "overturned": reviews.overturned,
            "rejected_final": reviews.rejected_final,
            "rejected_open": reviews.rejected_open,
            "disputes": reviews.disputes,
        },
        "exposure": spec.sensitive_content.iter()
            .filter(|c| !c.is_none())
            .map(|c| json!({"category": c, "hours": exposed_hours, "workers": figures.workers}))
            .collect::<Vec<_>>(),
    })
}

/// A kept handprint, as the API shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HandprintView {
    pub id: String,
    pub project_id: String,
    pub organization_id: String,
    /// When the export was made (RFC 3339, UTC).
    pub created_at: String,
    /// Whether anyone may read it (else its organisation only).
    pub published: bool,
    /// Its public page.
    pub page: String,
    /// The signed files, with their SHA-256.
    pub subjects: Vec<SubjectView>,
    /// The handprint: what, for whom and why, how, by whom in aggregate.
    #[schema(value_type = Object)]
    pub predicate: serde_json::Value,
    /// The DSSE envelope, as written beside the data (`handprint.dsse.json`).
    #[schema(value_type = Object)]
    pub envelope: serde_json::Value,
}

impl HandprintView {
    pub fn from_row(
        row: &handprint_store::handprints::HandprintRow,
    ) -> crate::app::AppResult<Self> {
        let statement: attest::Statement =
            serde_json::from_str(&row.statement).map_err(crate::app::AppError::internal)?;
        Ok(HandprintView {
            id: row.id.to_string(),
            project_id: row.project_id.to_string(),
            organization_id: row.organization_id.to_string(),
            created_at: handprint_core::clock::to_rfc3339(row.created_at),
            published: row.is_published(),
            page: format!("/handprints/{}", row.id),
            subjects: statement
                .subject
                .iter()
                .map(|s| SubjectView {
                    name: s.name.clone(),
                    sha256: s.sha256_hex().map(str::to_string),
                })
                .collect(),
            predicate: statement.predicate,
            envelope: serde_json::from_str(&row.envelope)
                .map_err(crate::app::AppError::internal)?,
        })
    }
}

/// A kept handprint, when `viewer` (the reader's organisation, if any) may read it:
/// a published one, or any of the viewer's own. Otherwise not found.
pub async fn visible(
    state: &AppState,
    viewer: Option<&handprint_core::OrganizationId>,
    id: &handprint_core::HandprintId,
) -> crate::app::AppResult<handprint_store::handprints::HandprintRow> {
    let row = state.db.handprint(id).await?;
    if row.is_published() || viewer == Some(&row.organization_id) {
        Ok(row)
    } else {
        Err(crate::app::AppError::not_found("handprint"))
    }
}

/// The most handprints a list shows.
pub const LIST_LIMIT: i64 = 500;

/// The caller's organisation's handprints, newest first.
pub async fn of_organization(
    state: &AppState,
    caller: &crate::auth::Caller,
) -> crate::app::AppResult<Vec<handprint_store::handprints::HandprintRow>> {
    let org = caller.organization()?;
    Ok(state.db.handprints_of_organization(org, LIST_LIMIT).await?)
}

/// Publish one of the caller's organisation's handprints, or keep it to the organisation.
pub async fn set_published(
    state: &AppState,
    caller: &crate::auth::Caller,
    id: &handprint_core::HandprintId,
    published: bool,
) -> crate::app::AppResult<handprint_store::handprints::HandprintRow> {
    let org = caller.organization()?;
    let row = state.db.handprint(id).await?;
    if row.organization_id != *org {
        return Err(crate::app::AppError::not_found("handprint"));
    }
    state.db.set_handprint_published(id, published).await?;
    Ok(state.db.handprint(id).await?)
}
