//! The instance's handprint signing key: made on first use, kept in a file only its
//! owner can read (PKCS#8 PEM, so `openssl` opens it too), and read back at every start.

use handprint_core::attest::InstanceKey;
use rand::RngCore;
use std::io::Write;
use std::path::Path;

/// A new key from the operating system's random source.
pub fn generate() -> InstanceKey {
    let mut seed = [0_u8; 32];
    rand::rng().fill_bytes(&mut seed);
    InstanceKey::from_seed(&seed)
}

/// The key kept at `path`, made there first when there is none. Refuses a file that is
/// not an Ed25519 PKCS#8 PEM key rather than replacing it (a replaced key would make
/// every handprint signed so far unverifiable against the served key).
pub fn load_or_create(path: &Path) -> Result<InstanceKey, String> {
    match std::fs::read_to_string(path) {
        Ok(pem) => InstanceKey::from_pem(&pem).map_err(|e| {
            format!(
                "the handprint signing key {} cannot be read ({e}); it must be an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(e) => Err(format!(
            "cannot read the handprint signing key {}: {e}",
            path.display()
        )),
    }
}

/// Make a key and keep it at `path`. Written whole to a file of its own, then linked
/// to `path`, which fails if it exists: of two processes starting at once (several
/// `serve` sharing a key file), one key wins and both use it.
fn create(path: &Path) -> Result<InstanceKey, String> {
    let key = generate();
    let pem = key.to_pem().map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let draft = path.with_extension(format!("new-{}", key.public().keyid()));
    let written =
        write_private(&draft, pem.as_bytes()).and_then(|()| std::fs::hard_link(&draft, path));
    let _ = std::fs::remove_file(&draft);
    match written {
        Ok(()) => {
            tracing::info!(path = %path.display(), keyid = %key.public().keyid(), "made the instance's handprint signing key");
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
        Err(e) => Err(format!(
            "cannot write the signing key {}: {e}",
            path.display()
        )),
    }
}

/// Write a new file readable by its owner only (never over an existing one).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_then_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("keys").join("handprint-signing-key.pem");
        let made = load_or_create(&path).expect("made");
        let read = load_or_create(&path).expect("read");
        assert_eq!(made.public(), read.public());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_file_that_is_not_a_key_is_refused_and_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("key.pem");
        std::fs::write(&path, "not a key").expect("write");
        let err = load_or_create(&path).err().expect("refused");
        assert!(err.contains("cannot be read"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).expect("kept"), "not a key");
    }
}
