//! The signature on a handprint: an in-toto Statement v1 (the exported files as its
//! subjects, with their SHA-256, and the handprint as its predicate) in a DSSE
//! envelope signed with Ed25519.
//!
//! Both formats are small JSON documents, written here from their specifications
//! (in-toto attestation framework, Statement v1; DSSE v1.0.0 "envelope" and its
//! pre-authentication encoding). The cryptography is `ed25519-dalek`'s. Pure: reading
//! files and keys is the caller's.
//!
//! DSSE signs `PAE(payloadType, payload)`, never the raw payload, so a signature
//! cannot be replayed on a document of another type.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// DSSE's payload type for in-toto statements.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The in-toto Statement version this module writes and reads.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// Our own predicate: the handprint, versioned (a new major version is a new URI).
pub const PREDICATE_TYPE: &str = "https://handprint.work/attestation/handprint/v1";

/// A file the statement is about: its name (a path relative to the envelope's
/// directory) and its digests, by algorithm (always `sha256`, lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub name: String,
    pub digest: BTreeMap<String, String>,
}

impl Subject {
    /// The subject for a file named `name` whose bytes hash to `sha256` (hex).
    pub fn sha256(name: impl Into<String>, sha256: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            digest: BTreeMap::from([("sha256".to_string(), sha256.into())]),
        }
    }

    /// Its SHA-256 in hex, when it has one.
    pub fn sha256_hex(&self) -> Option<&str> {
        self.digest.get("sha256").map(String::as_str)
    }
}

/// An in-toto Statement v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "_type")]
    pub statement_type: String,
    pub subject: Vec<Subject>,
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    pub predicate: serde_json::Value,
}

impl Statement {
    /// A handprint statement about `subject`.
    pub fn handprint(subject: Vec<Subject>, predicate: serde_json::Value) -> Self {
        Self {
            statement_type: STATEMENT_TYPE.to_string(),
            subject,
            predicate_type: PREDICATE_TYPE.to_string(),
            predicate,
        }
    }
}

/// A DSSE envelope: the payload in standard base64, and its signatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub payload: String,
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    pub signatures: Vec<EnvelopeSignature>,
}

/// One signature: the signing key's id and the signature in standard base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopeSignature {
    #[serde(default)]
    pub keyid: String,
    pub sig: String,
}

/// Why an envelope was not accepted. Each says what was found and what to check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttestError {
    #[error("the file is not a DSSE envelope (JSON with payload, payloadType and signatures): {0}")]
    NotAnEnvelope(String),
    #[error("the envelope's payloadType is {found:?}; a handprint's is {PAYLOAD_TYPE:?}")]
    PayloadType { found: String },
    #[error("the envelope's payload is not standard base64")]
    PayloadEncoding,
    #[error("the envelope carries no signature")]
    Unsigned,
    #[error(
        "no signature is by a trusted key: the envelope is signed by {signed_by}, the keys given are {trusted}"
    )]
    UnknownKey { signed_by: String, trusted: String },
    #[error(
        "the signature by key {keyid} does not match: the statement was changed after it was signed, or the signature is not this key's"
    )]
    BadSignature { keyid: String },
    #[error("the signed payload is not an in-toto statement: {0}")]
    NotAStatement(String),
    #[error("the statement's type is {found:?}; expected {STATEMENT_TYPE:?}")]
    StatementType { found: String },
    #[error("the statement's predicate type is {found:?}; a handprint's is {PREDICATE_TYPE:?}")]
    PredicateType { found: String },
    #[error("not an Ed25519 key: {0}")]
    Key(String),
}

/// DSSE's pre-authentication encoding: `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`,
/// lengths as ASCII decimal byte counts.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "DSSEv1 {} {payload_type} {} ",
        payload_type.len(),
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The instance's signing key.
pub struct InstanceKey(SigningKey);

impl InstanceKey {
    /// The key made from 32 random bytes (the caller draws them from a CSPRNG).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(seed))
    }

    /// The private seed, for deriving other secrets of the instance from it (the
    /// media URLs' HMAC key): never shown or sent anywhere.
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// Read a PKCS#8 PEM private key ("BEGIN PRIVATE KEY", as `openssl genpkey
    /// -algorithm ed25519` writes it).
    pub fn from_pem(pem: &str) -> Result<Self, AttestError> {
        SigningKey::from_pkcs8_pem(pem)
            .map(Self)
            .map_err(|e| AttestError::Key(e.to_string()))
    }

    /// The key as PKCS#8 PEM, to keep in a file only its owner can read.
    pub fn to_pem(&self) -> Result<String, AttestError> {
        self.0
            .to_pkcs8_pem(Default::default())
            .map(|pem| pem.to_string())
            .map_err(|e| AttestError::Key(e.to_string()))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Sign `statement`: its JSON is the payload of a new envelope.
    pub fn sign(&self, statement: &Statement) -> Envelope {
        // Serializing a Statement (strings, a JSON value) cannot fail.
        let payload = serde_json::to_vec(statement).unwrap_or_default();
        let signature = self.0.sign(&pae(PAYLOAD_TYPE, &payload));
        Envelope {
            payload: STANDARD.encode(&payload),
            payload_type: PAYLOAD_TYPE.to_string(),
            signatures: vec![EnvelopeSignature {
                keyid: self.public().keyid(),
                sig: STANDARD.encode(signature.to_bytes()),
            }],
        }
    }
}

/// A public key that verifies handprints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The key's id: the SHA-256 (hex) of its 32 raw bytes.
    pub fn keyid(&self) -> String {
        sha256_hex(self.0.as_bytes())
    }

    /// The 32 raw bytes in standard base64.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_bytes())
    }

    /// The key as SPKI PEM ("BEGIN PUBLIC KEY"), for other tools (openssl).
    pub fn to_pem(&self) -> Result<String, AttestError> {
        self.0
            .to_public_key_pem(Default::default())
            .map_err(|e| AttestError::Key(e.to_string()))
    }

    /// A key from its 32 raw bytes in base64, or from SPKI PEM.
    pub fn parse(text: &str) -> Result<Self, AttestError> {
        let text = text.trim();
        if text.starts_with("-----BEGIN") {
            return VerifyingKey::from_public_key_pem(text)
                .map(Self)
                .map_err(|e| AttestError::Key(e.to_string()));
        }
        let bytes = STANDARD
            .decode(text)
            .map_err(|_| AttestError::Key("neither PEM nor base64".into()))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| AttestError::Key(format!("{} bytes, not 32", b.len())))?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|e| AttestError::Key(e.to_string()))
    }
}

/// Check `envelope` against the `trusted` keys and return its handprint statement.
/// Accepted when one signature is a valid Ed25519 signature over the PAE by one of
/// the keys (the key id picks the key; a signature without one is tried with each).
pub fn open(envelope: &Envelope, trusted: &[PublicKey]) -> Result<Statement, AttestError> {
    if envelope.payload_type != PAYLOAD_TYPE {
        return Err(AttestError::PayloadType {
            found: envelope.payload_type.clone(),
        });
    }
    let payload = STANDARD
        .decode(&envelope.payload)
        .map_err(|_| AttestError::PayloadEncoding)?;
    if envelope.signatures.is_empty() {
        return Err(AttestError::Unsigned);
    }
    let message = pae(&envelope.payload_type, &payload);
    let mut bad = None;
    for s in &envelope.signatures {
        let keys = trusted
            .iter()
            .filter(|k| s.keyid.is_empty() || k.keyid() == s.keyid);
        for key in keys {
            let valid = STANDARD
                .decode(&s.sig)
                .ok()
                .and_then(|b| ed25519_dalek::Signature::from_slice(&b).ok())
                .is_some_and(|sig| key.0.verify_strict(&message, &sig).is_ok());
            if valid {
                return statement(&payload);
            }
            bad = Some(key.keyid());
        }
    }
    Err(match bad {
        Some(keyid) => AttestError::BadSignature { keyid },
        None => AttestError::UnknownKey {
            signed_by: ids(envelope.signatures.iter().map(|s| s.keyid.clone())),
            trusted: ids(trusted.iter().map(PublicKey::keyid)),
        },
    })
}

/// The statement inside `envelope` WITHOUT checking its signature: only to learn
/// where to fetch the key from (the instance it names), never to trust what it says.
pub fn unverified_statement(envelope: &Envelope) -> Option<Statement> {
    let payload = STANDARD.decode(&envelope.payload).ok()?;
    serde_json::from_slice(&payload).ok()
}

fn ids(ids: impl Iterator<Item = String>) -> String {
    let ids: Vec<String> = ids
        .map(|id| {
            if id.is_empty() {
                "(no key id)".into()
            } else {
                id
            }
        })
        .collect();
    if ids.is_empty() {
        "none".into()
    } else {
        ids.join(", ")
    }
}

fn statement(payload: &[u8]) -> Result<Statement, AttestError> {
    let s: Statement =
        serde_json::from_slice(payload).map_err(|e| AttestError::NotAStatement(e.to_string()))?;
    if s.statement_type != STATEMENT_TYPE {
        return Err(AttestError::StatementType {
            found: s.statement_type,
        });
    }
    if s.predicate_type != PREDICATE_TYPE {
        return Err(AttestError::PredicateType {
            found: s.predicate_type,
        });
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(n: u8) -> InstanceKey {
        InstanceKey::from_seed(&[n; 32])
    }

    fn statement() -> Statement {
        Statement::handprint(
            vec![Subject::sha256("answers.jsonl", sha256_hex(b"{\"a\":1}\n"))],
            json!({"workers": 3}),
        )
    }

    #[test]
    fn pae_is_the_specifications_example() {
        // DSSE v1.0.0, protocol.md: PAE("http://example.com/HelloWorld", "hello world").
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }

    #[test]
    fn a_signed_statement_opens_with_its_key_and_only_with_it() {
        let envelope = key(1).sign(&statement());
        assert_eq!(
            open(&envelope, &[key(1).public()]).expect("valid"),
            statement()
        );
        assert_eq!(envelope.signatures[0].keyid, key(1).public().keyid());
        assert_eq!(envelope.signatures[0].keyid.len(), 64);
        let err = open(&envelope, &[key(2).public()]).expect_err("another key");
        assert!(matches!(err, AttestError::UnknownKey { .. }), "{err}");
        // The same key id claimed by another key's signature fails as a bad signature.
        let mut forged = key(2).sign(&statement());
        forged.signatures[0].keyid = key(1).public().keyid();
        let err = open(&forged, &[key(1).public()]).expect_err("forged");
        assert_eq!(
            err,
            AttestError::BadSignature {
                keyid: key(1).public().keyid()
            }
        );
    }

    #[test]
    fn any_changed_byte_of_the_payload_breaks_the_signature() {
        let envelope = key(1).sign(&statement());
        let payload = STANDARD.decode(&envelope.payload).expect("base64");
        for i in 0..payload.len() {
            let mut changed = payload.clone();
            changed[i] ^= 0x01;
            let tampered = Envelope {
                payload: STANDARD.encode(&changed),
                ..envelope.clone()
            };
            assert!(
                matches!(
                    open(&tampered, &[key(1).public()]),
                    Err(AttestError::BadSignature { .. })
                ),
                "byte {i}"
            );
        }
    }

    #[test]
    fn the_payload_type_is_signed_too() {
        let mut envelope = key(1).sign(&statement());
        envelope.payload_type = "application/json".into();
        assert_eq!(
            open(&envelope, &[key(1).public()]),
            Err(AttestError::PayloadType {
                found: "application/json".into()
            })
        );
    }

    #[test]
    fn keys_round_trip_through_pem_and_base64() {
        let k = key(7);
        let again = InstanceKey::from_pem(&k.to_pem().expect("pem")).expect("read");
        assert_eq!(again.public(), k.public());
        let public = k.public();
        assert_eq!(
            PublicKey::parse(&public.to_pem().expect("pem")).expect("pem"),
            public
        );
        assert_eq!(
            PublicKey::parse(&public.to_base64()).expect("base64"),
            public
        );
        assert!(matches!(
            PublicKey::parse("AAAA"),
            Err(AttestError::Key(m)) if m == "3 bytes, not 32"
        ));
    }

    #[test]
    fn a_statement_of_another_predicate_is_refused() {
        let mut s = statement();
        s.predicate_type = "https://slsa.dev/provenance/v1".into();
        let envelope = key(1).sign(&s);
        assert!(matches!(
            open(&envelope, &[key(1).public()]),
            Err(AttestError::PredicateType { .. })
        ));
    }
}
