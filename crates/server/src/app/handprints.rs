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
