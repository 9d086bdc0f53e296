//! Where uploaded media live and how workers reach them (issue 15): an object store
//! (local files under the data directory, or S3-compatible storage shared by several
//! `serve` processes), short-lived URLs signed with a secret derived from the
//! instance's key, and smaller renditions of images.

use hmac::{Hmac, Mac};
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

/// Where media are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaStorage {
    /// Files under this directory (made when missing).
    Local(PathBuf),
    /// An S3-compatible bucket.
    S3(S3Settings),
}

/// An S3-compatible bucket: AWS itself, or any server speaking its API at `endpoint`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// "https://s3.example.org"; empty: AWS's own for the region.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// The media policy of the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaSettings {
    pub storage: MediaStorage,
    /// The largest file accepted.
    pub max_file_bytes: i64,
    /// What one organisation's projects may hold together (originals and renditions).
    pub max_bytes_per_org: i64,
    /// How long a signed media URL works after it is handed out.
    pub url_seconds: i64,
    /// Days after a project ends (completed or cancelled) before its media are deleted.
    pub retention_days: i64,
    /// The longer side of an image's smaller rendition, in pixels.
    pub small_pixels: u32,
}

impl Default for MediaSettings {
    fn default() -> Self {
        MediaSettings {
            storage: MediaStorage::Local(PathBuf::from("handprint-data/media")),
            max_file_bytes: 20 << 20,
            max_bytes_per_org: 1 << 30,
            url_seconds: 3600,
            retention_days: 90,
            small_pixels: 640,
        }
    }
}

/// The object store media are kept in, shared by every request of this process.
#[derive(Clone, Debug)]
pub struct Storage(Arc<dyn ObjectStore>);

/// A media storage failure; logged with its cause, shown as a 500.
#[derive(Debug, thiserror::Error)]
#[error("media storage: {0}")]
pub struct StorageError(#[from] object_store::Error);

/// Which of a file's two forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Original,
    Small,
}

impl Form {
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Original => "original",
            Form::Small => "small",
        }
    }
}

impl Storage {
    /// Open the configured storage; an error says which setting is wrong.
    pub fn open(storage: &MediaStorage) -> Result<Storage, String> {
        match storage {
            MediaStorage::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    format!("cannot make the media directory {}: {e}", dir.display())
                })?;
                let fs =
                    object_store::local::LocalFileSystem::new_with_prefix(dir).map_err(|e| {
                        format!("cannot use the media directory {}: {e}", dir.display())
                    })?;
                Ok(Storage(Arc::new(fs)))
            }
            MediaStorage::S3(s3) => {
                let mut builder = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_secret_access_key(&s3.secret_access_key);
                if !s3.endpoint.is_empty() {
                    builder = builder
                        .with_endpoint(&s3.endpoint)
                        .with_allow_http(s3.endpoint.starts_with("http://"));
                }
                let store = builder
                    .build()
                    .map_err(|e| format!("cannot use the S3 bucket {:?}: {e}", s3.bucket))?;
                Ok(Storage(Arc::new(store)))
            }
        }
    }

    fn path(project: &str, form: Form, name: &str) -> StorePath {
        StorePath::from(format!("projects/{project}/{}/{name}", form.as_str()))
    }

    pub async fn put(
        &self,
        project: &str,
        form: Form,
        name: &str,
        bytes: bytes::Bytes,
    ) -> Result<(), StorageError> {
        self.0
            .put(&Self::path(project, form, name), PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    /// A file's bytes; None when that form is not stored.
    pub async fn get(
        &self,
        project: &str,
        form: Form,
        name: &str,
    ) -> Result<Option<bytes::Bytes>, StorageError> {
        match self.0.get(&Self::path(project, form, name)).await {
            Ok(got) => Ok(Some(got.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Delete every stored file of a project; returns how many.
    pub async fn delete_project(&self, project: &str) -> Result<u64, StorageError> {
        use futures::TryStreamExt;
        let prefix = StorePath::from(format!("projects/{project}"));
        let found: Vec<_> = self.0.list(Some(&prefix)).try_collect().await?;
        for meta in &found {
            match self.0.delete(&meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(found.len() as u64)
    }
}

/// A registered bucket source could not be reached or read; the requester is told why.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SourceError(String);

/// How long a registered bucket may take to answer before it counts as unreachable.
const SOURCE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl Storage {
    /// A requester's bucket (a registered source), asked once with a short timeout:
    /// a worker waiting on it should not wait for retries.
    pub fn source(s3: &S3Settings) -> Result<Storage, SourceError> {
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&s3.bucket)
            .with_region(&s3.region)
            .with_access_key_id(&s3.access_key_id)
            .with_secret_access_key(&s3.secret_access_key)
            .with_retry(object_store::RetryConfig {
                max_retries: 0,
                retry_timeout: SOURCE_TIMEOUT,
                backoff: object_store::BackoffConfig::default(),
            })
            .with_client_options(
                object_store::ClientOptions::new()
                    .with_timeout(SOURCE_TIMEOUT)
                    .with_connect_timeout(SOURCE_TIMEOUT),
            );
        if !s3.endpoint.is_empty() {
            builder = builder
                .with_endpoint(&s3.endpoint)
                .with_allow_http(s3.endpoint.starts_with("http://"));
        }
        Ok(Storage(Arc::new(
            builder.build().map_err(|e| SourceError(e.to_string()))?,
        )))
    }

    /// Whether the prefix can be listed (the first entry is enough).
    pub async fn probe(&self, prefix: &str) -> Result<(), SourceError> {
        use futures::StreamExt;
        let prefix = (!prefix.is_empty()).then(|| StorePath::from(prefix));
        match self.0.list(prefix.as_ref()).next().await {
            None | Some(Ok(_)) => Ok(()),
            Some(Err(e)) => Err(SourceError(e.to_string())),
        }
    }

    /// The object at `path` when it is at most `max` bytes: None when there is no
    /// such object, `Err(size)` when it is larger.
    pub async fn get_object(
        &self,
        path: &str,
        max: u64,
    ) -> Result<Option<Result<bytes::Bytes, u64>>, SourceError> {
        let path = StorePath::from(path);
        let meta = match self.0.head(&path).await {
            Ok(meta) => meta,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(SourceError(e.to_string())),
        };
        if meta.size > max {
            return Ok(Some(Err(meta.size)));
        }
        let got = self
            .0
            .get(&path)
            .await
            .map_err(|e| SourceError(e.to_string()))?;
        let bytes = got.bytes().await.map_err(|e| SourceError(e.to_string()))?;
        Ok(Some(Ok(bytes)))
    }
}

/// Seals the secret keys of registered bucket sources at rest, with ChaCha20-Poly1305
/// under a key derived from the instance's signing key (as the media URLs' secret is):
/// a copy of the database alone does not give the requesters' credentials away.
#[derive(Clone)]
pub struct SecretBox {
    key: [u8; 32],
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(…)")
    }
}

/// A sealed secret that does not open: another instance's key, or altered.
#[derive(Debug, thiserror::Error)]
#[error("a sealed secret could not be opened (sealed with another instance key, or altered)")]
pub struct SealError;

impl SecretBox {
    pub fn new(key: &handprint_core::attest::InstanceKey) -> SecretBox {
        let mut h = Sha256::new();
        h.update(b"handprint media source secrets v1\n");
        h.update(key.secret_bytes());
        SecretBox {
            key: h.finalize().into(),
        }
    }

    fn cipher(&self) -> Result<ring::aead::LessSafeKey, SealError> {
        let key = ring::aead::UnboundKey::new(&ring::aead::CHACHA20_POLY1305, &self.key)
            .map_err(|_| SealError)?;
        Ok(ring::aead::LessSafeKey::new(key))
    }

    /// `secret` sealed for `context` (what it belongs to: it opens for that only), as
    /// hex of a random nonce followed by the ciphertext and its tag.
    pub fn seal(&self, context: &str, secret: &str) -> Result<String, SealError> {
        use ring::rand::SecureRandom;
        let mut nonce = [0_u8; ring::aead::NONCE_LEN];
        ring::rand::SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| SealError)?;
        let mut sealed = secret.as_bytes().to_vec();
        self.cipher()?
            .seal_in_place_append_tag(
                ring::aead::Nonce::assume_unique_for_key(nonce),
                ring::aead::Aad::from(context.as_bytes()),
                &mut sealed,
            )
            .map_err(|_| SealError)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(hex::encode(out))
    }

    /// The secret [`SecretBox::seal`] sealed for `context`.
    pub fn open(&self, context: &str, sealed: &str) -> Result<String, SealError> {
        let raw = hex::decode(sealed).map_err(|_| SealError)?;
        if raw.len() < ring::aead::NONCE_LEN {
            return Err(SealError);
        }
        let (nonce, rest) = raw.split_at(ring::aead::NONCE_LEN);
        let nonce = ring::aead::Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError)?;
        let mut rest = rest.to_vec();
        let plain = self
            .cipher()?
            .open_in_place(nonce, ring::aead::Aad::from(context.as_bytes()), &mut rest)
            .map_err(|_| SealError)?;
        String::from_utf8(plain.to_vec()).map_err(|_| SealError)
    }
}

/// Signs and checks media URLs with a secret derived from the instance's key, so
/// every `serve` process sharing the key file accepts the others' URLs.
#[derive(Clone)]
pub struct UrlSigner {
    secret: [u8; 32],
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UrlSigner(…)")
    }
}

impl UrlSigner {
    pub fn new(key: &handprint_core::attest::InstanceKey) -> UrlSigner {
        let mut h = Sha256::new();
        h.update(b"handprint media urls v1\n");
        h.update(key.secret_bytes());
        UrlSigner {
            secret: h.finalize().into(),
        }
    }

    /// The signature of `project`'s file `name` valid until `expires` (seconds).
    pub fn sign(&self, project: &str, name: &str, expires: i64) -> String {
        hex::encode(self.mac(project, name, expires).finalize().into_bytes())
    }

    /// Whether `signature` is this instance's for the file and expiry (compared in
    /// constant time).
    pub fn check(&self, project: &str, name: &str, expires: i64, signature: &str) -> bool {
        let Ok(given) = hex::decode(signature) else {
            return false;
        };
        self.mac(project, name, expires)
            .verify_slice(&given)
            .is_ok()
    }

    fn mac(&self, project: &str, name: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.secret)
            .expect("HMAC takes a key of any length");
        mac.update(format!("{project}\n{name}\n{expires}").as_bytes());
        mac
    }
}

/// A smaller rendition of an image whose longer side is over `pixels`: JPEG for
/// photographs, PNG where the original has transparency. None when the image is small
/// already or cannot be decoded (the original is served instead).
pub fn small_rendition(bytes: &[u8], pixels: u32) -> Option<(Vec<u8>, &'static str)> {
    let img = image::load_from_memory(bytes).ok()?;
    if img.width().max(img.height()) <= pixels {
        return None;
    }
    let small = img.thumbnail(pixels, pixels);
    let mut out = std::io::Cursor::new(Vec::new());
    let content_type = if small.color().has_alpha() {
        small.write_to(&mut out, image::ImageFormat::Png).ok()?;
        "image/png"
    } else {
        small
            .to_rgb8()
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .ok()?;
        "image/jpeg"
    };
    let out = out.into_inner();
    (out.len() < bytes.len()).then_some((out, content_type))
}

/// Whether `bytes` are an image of `content_type` (an upload's declared type must
/// be what it holds: no page is served as a picture).
pub fn image_matches(content_type: &str, bytes: &[u8]) -> bool {
    let expected = match content_type {
        "image/jpeg" => image::ImageFormat::Jpeg,
        "image/png" => image::ImageFormat::Png,
        "image/gif" => image::ImageFormat::Gif,
        "image/webp" => image::ImageFormat::WebP,
        _ => return true,
    };
    image::guess_format(bytes).is_ok_and(|f| f == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_file_and_expiry_only() {
        let signer = UrlSigner::new(&handprint_core::attest::InstanceKey::from_seed(&[7; 32]));
        let sig = signer.sign("p1", "cat.jpg", 100);
        assert!(signer.check("p1", "cat.jpg", 100, &sig));
        assert!(!signer.check("p1", "cat.jpg", 101, &sig));
        assert!(!signer.check("p1", "dog.jpg", 100, &sig));
        assert!(!signer.check("p2", "cat.jpg", 100, &sig));
        assert!(!signer.check("p1", "cat.jpg", 100, "zz"));
        let other = UrlSigner::new(&handprint_core::attest::InstanceKey::from_seed(&[8; 32]));
        assert!(!other.check("p1", "cat.jpg", 100, &sig));
    }

    #[test]
    fn a_sealed_secret_opens_for_its_context_and_instance_only() {
        let key = handprint_core::attest::InstanceKey::from_seed(&[7; 32]);
        let sealer = SecretBox::new(&key);
        let sealed = sealer.seal("p1/photos", "s3cret").expect("seal");
        assert!(!sealed.contains(&hex::encode("s3cret")), "{sealed}");
        assert_eq!(sealer.open("p1/photos", &sealed).expect("open"), "s3cret");
        assert!(sealer.open("p2/photos", &sealed).is_err());
        let other = SecretBox::new(&handprint_core::attest::InstanceKey::from_seed(&[8; 32]));
        assert!(other.open("p1/photos", &sealed).is_err());
        assert!(sealer.open("p1/photos", "zz").is_err());
        // A fresh nonce each time: the same secret never seals alike.
        assert_ne!(sealer.seal("p1/photos", "s3cret").expect("seal"), sealed);
    }

    #[test]
    fn a_large_image_gets_a_smaller_rendition_and_a_small_one_none() {
        let big = image::RgbImage::from_fn(1200, 800, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
        });
        let mut png = std::io::Cursor::new(Vec::new());
        big.write_to(&mut png, image::ImageFormat::Png)
            .expect("png");
        let png = png.into_inner();
        let (small, kind) = small_rendition(&png, 640).expect("a rendition");
        assert_eq!(kind, "image/jpeg");
        assert!(small.len() < png.len());
        let read = image::load_from_memory(&small).expect("decodes");
        assert_eq!((read.width(), read.height()), (640, 427));
        assert_eq!(small_rendition(&png, 2000), None);
        assert!(image_matches("image/png", &png));
        assert!(!image_matches("image/jpeg", &png));
    }
}
