//! Installations the tests make once and keep under `target/` (npm packages of the Octopoid
//! server, of code-server), keyed by what they install and shared between test binaries.
#![allow(dead_code)]

use std::fs;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

/// `root/install-<key>`, made by `install` unless an earlier run completed it. `key_source`
/// (a lock file, say) keys the directory; a file lock keeps two test binaries from
/// installing at once. `install` gets the empty directory and panics when it fails; the
/// directory counts as installed only once it returns.
pub fn installed_once(root: &Path, key_source: &[u8], install: impl FnOnce(&Path)) -> PathBuf {
    fs::create_dir_all(root).unwrap_or_else(|e| panic!("cannot create {}: {e}", root.display()));
    let dir = root.join(format!("install-{}", hex_sha256(key_source)));
    let _guard = FileLock::acquire(&root.join("install.lock"));
    let done = dir.join(".installed");
    if !done.exists() {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create the installation directory");
        install(&dir);
        fs::write(&done, "").expect("mark the installation complete");
    }
    dir
}

/// An exclusive `flock` on a file, released when dropped.
struct FileLock(fs::File);

impl FileLock {
    fn acquire(path: &Path) -> FileLock {
        let file = fs::File::create(path).expect("create the install lock");
        // SAFETY: flock on a descriptor this function owns.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        assert_eq!(rc, 0, "cannot lock {}", path.display());
        FileLock(file)
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // SAFETY: unlocking the descriptor locked in `acquire`.
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}
