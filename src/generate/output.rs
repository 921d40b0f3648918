//! Puts generated files on disk: plans every file first, refuses before writing anything if
//! a file it would overwrite is not octolint's or lies outside the project, then writes in two
//! phases: every changed file to a temporary file beside it, and only once all of them are
//! written, each renamed over its old version. A failure while writing removes every
//! temporary file (and any directory made for them) and leaves every existing file as it was.
//!
//! Every write goes through [`Fs`], so tests can inject failures at any step; confinement
//! ([`confine`]) reads the real disk, since a link is what it has to see.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use super::GENERATED_MARKER;

/// The file that lists a directory target's header-less (JSON) files, marking them as
/// octolint's.
pub const MANIFEST_NAME: &str = "octolint-generated.txt";

/// One file to write.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub contents: String,
    /// For files that cannot carry a header (JSON): the manifest that must list them, and the
    /// entry it must contain, for an existing file to count as octolint's.
    pub listed_in: Option<(PathBuf, String)>,
}

/// How a planned file compares with what is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Current,
    Stale,
    Missing,
}

pub fn status(plan: &Planned) -> Status {
    status_in(&RealFs, plan)
}

fn status_in(fs: &dyn Fs, plan: &Planned) -> Status {
    match fs.read(&plan.path) {
        Ok(existing) if existing == plan.contents.as_bytes() => Status::Current,
        Ok(_) => Status::Stale,
        Err(_) => Status::Missing,
    }
}

/// The file operations [`write_all_in`] needs. [`RealFs`] is the disk; tests wrap it to fail
/// a chosen operation.
pub trait Fs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Whether something (file, directory, link) exists at `path`, without following a link.
    fn exists(&self, path: &Path) -> bool;
    fn is_dir(&self, path: &Path) -> bool;
    /// Creates one directory (its parent exists).
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    /// Creates `path`, which must not exist, with `bytes`, flushed to disk.
    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    fn remove_dir(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
pub struct RealFs;

impl Fs for RealFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        fs::read(path)
    }

    fn exists(&self, path: &Path) -> bool {
        fs::symlink_metadata(path).is_ok()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn create_dir(&self, path: &Path) -> io::Result<()> {
        fs::create_dir(path)
    }

    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir(path)
    }
}

/// Why nothing, or not everything, was written.
#[derive(Debug)]
pub enum WriteError {
    /// Existing files that octolint did not generate; nothing was written.
    NotOurs(Vec<PathBuf>),
    /// An I/O failure at `path`. When `committed` is empty nothing was changed: every
    /// temporary file and every directory made for them is removed again. Otherwise the
    /// failure came while renaming finished files into place (which does not fail short of a
    /// concurrent change to the directory); `committed` lists the files already replaced, each
    /// whole.
    Io {
        path: PathBuf,
        error: io::Error,
        committed: Vec<PathBuf>,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotOurs(paths) => {
                write!(
                    f,
                    "refusing to overwrite files that octolint did not generate (use --force):"
                )?;
                for path in paths {
                    write!(f, "\n  {}", path.display())?;
                }
                Ok(())
            }
            Self::Io {
                path,
                error,
                committed,
            } => {
                write!(f, "cannot write {}: {error}", path.display())?;
                if committed.is_empty() {
                    write!(f, " (nothing was changed)")
                } else {
                    write!(f, " (already replaced:")?;
                    for path in committed {
                        write!(f, " {}", path.display())?;
                    }
                    write!(f, ")")
                }
            }
        }
    }
}

/// Whether an existing file may be overwritten: it carries octolint's header, or the
/// manifest that owns it lists it.
fn is_ours(fs: &dyn Fs, plan: &Planned) -> bool {
    if let Some((manifest, entry)) = &plan.listed_in {
        return fs.read(manifest).is_ok_and(|text| {
            String::from_utf8_lossy(&text)
                .lines()
                .any(|line| line == entry)
        });
    }
    let Ok(existing) = fs.read(&plan.path) else {
        return true;
    };
    let head = &existing[..existing.len().min(1024)];
    String::from_utf8_lossy(head).contains(GENERATED_MARKER)
}

/// Writes every changed file; returns the paths written (unchanged files are left alone).
pub fn write_all(plans: &[Planned], force: bool) -> Result<Vec<PathBuf>, WriteError> {
    write_all_in(&RealFs, plans, force)
}

/// [`write_all`] through `fs`.
pub fn write_all_in(
    fs: &dyn Fs,
    plans: &[Planned],
    force: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    let changed: Vec<&Planned> = plans
        .iter()
        .filter(|plan| status_in(fs, plan) != Status::Current)
        .collect();
    if !force {
        let not_ours: Vec<PathBuf> = changed
            .iter()
            .filter(|plan| fs.exists(&plan.path) && !is_ours(fs, plan))
            .map(|plan| plan.path.clone())
            .collect();
        if !not_ours.is_empty() {
            return Err(WriteError::NotOurs(not_ours));
        }
    }
    let mut staged = Staged::new(fs);
    for plan in &changed {
        if let Err(error) = staged.stage(&plan.path, plan.contents.as_bytes()) {
            staged.abandon();
            return Err(WriteError::Io {
                path: plan.path.clone(),
                error,
                committed: Vec::new(),
            });
        }
    }
    staged.commit()
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so `path` is
/// either its old contents or its new ones, never partial, and no temporary file is left.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_in(&RealFs, path, bytes)
}

/// [`write_atomically`] through `fs`.
pub fn write_atomically_in(fs: &dyn Fs, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut staged = Staged::new(fs);
    if let Err(error) = staged.stage(path, bytes) {
        staged.abandon();
        return Err(error);
    }
    staged.commit().map(|_| ()).map_err(|error| match error {
        WriteError::Io { error, .. } => error,
        WriteError::NotOurs(_) => io::Error::other("not octolint's"),
    })
}

/// Files written to temporary names, waiting to be renamed into place, and the directories
/// made for them.
struct Staged<'a> {
    fs: &'a dyn Fs,
    /// (temporary file, final path)
    files: Vec<(PathBuf, PathBuf)>,
    /// Directories created, in order of creation.
    made: Vec<PathBuf>,
}

impl<'a> Staged<'a> {
    fn new(fs: &'a dyn Fs) -> Self {
        Self {
            fs,
            files: Vec::new(),
            made: Vec::new(),
        }
    }

    /// Writes `bytes` to a new temporary file in `path`'s directory (made if missing).
    fn stage(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        self.make_dirs(dir)?;
        if self.fs.is_dir(path) {
            return Err(io::Error::other("a directory is in the way"));
        }
        let name = path
            .file_name()
            .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
        for attempt in 0.. {
            let temp = dir.join(format!(
                ".{name}.octolint-{}-{attempt}.tmp",
                std::process::id()
            ));
            match self.fs.write_new(&temp, bytes) {
                Ok(()) => {
                    self.files.push((temp, path.to_path_buf()));
                    return Ok(());
                }
                // A leftover of an earlier run with the same process id: try the next name.
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {}
                Err(error) => {
                    // A write that failed part-way may have left the file behind; a name that
                    // was taken is someone else's file.
                    if error.kind() != io::ErrorKind::AlreadyExists && self.fs.exists(&temp) {
                        let _ = self.fs.remove_file(&temp);
                    }
                    return Err(error);
                }
            }
        }
        unreachable!()
    }

    /// Makes `dir` and its missing ancestors, remembering each one made.
    fn make_dirs(&mut self, dir: &Path) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut at = dir;
        while !self.fs.exists(at) {
            missing.push(at.to_path_buf());
            match at.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(parent) => at = parent,
                None => break,
            }
        }
        for dir in missing.into_iter().rev() {
            self.fs.create_dir(&dir)?;
            self.made.push(dir);
        }
        if self.fs.is_dir(dir) {
            Ok(())
        } else {
            Err(io::Error::other(format!(
                "{} is not a directory",
                dir.display()
            )))
        }
    }

    /// Removes every temporary file, then every directory made (newest first, each only if
    /// empty).
    fn abandon(self) {
        for (temp, _) in &self.files {
            let _ = self.fs.remove_file(temp);
        }
        for dir in self.made.iter().rev() {
            let _ = self.fs.remove_dir(dir);
        }
    }

    /// Renames every temporary file into place; returns the paths replaced.
    fn commit(self) -> Result<Vec<PathBuf>, WriteError> {
        let mut committed = Vec::new();
        for (index, (temp, path)) in self.files.iter().enumerate() {
            if let Err(error) = self.fs.rename(temp, path) {
                for (temp, _) in &self.files[index..] {
                    let _ = self.fs.remove_file(temp);
                }
                // Directories left empty (nothing was renamed into them) go too.
                for dir in self.made.iter().rev() {
                    let _ = self.fs.remove_dir(dir);
                }
                return Err(WriteError::Io {
                    path: path.clone(),
                    error,
                    committed,
                });
            }
            committed.push(path.clone());
        }
        Ok(committed)
    }
}

/// Why an output path is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escape {
    pub path: PathBuf,
    pub reason: String,
}

/// Checks that `path` stays inside `root`: written relative to it without climbing out with
/// `..` or an absolute path elsewhere, and without an existing symbolic link along the way
/// (the file itself included) that leads outside it. Both are taken relative to the current
/// directory when relative.
///
/// The path is followed as the system will follow it once the missing directories are made:
/// each existing link is resolved where it stands and a later `..` applies to what it
/// resolved to (`link/../x` is beside the link's target, not beside the link). Missing
/// directories will be made as real directories, so past them only `..` can lead anywhere.
pub fn confine(root: &Path, path: &Path) -> Result<(), Escape> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let escape = |reason: String| Escape {
        path: path.to_path_buf(),
        reason,
    };
    // A definition in the current directory has the empty path as its root.
    let root_shown = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let outside = || escape(format!("it is outside {}", root_shown.display()));
    let root_abs = normalize(&cwd.join(root));
    if !normalize(&cwd.join(path)).starts_with(&root_abs) {
        return Err(outside());
    }
    let Ok(real_root) = fs::canonicalize(&root_abs) else {
        // Nothing of the root exists yet: nothing inside it can be a link.
        return Ok(());
    };
    let mut at = PathBuf::new();
    // Once inside the root, leaving it (to an existing directory and back is harmless) must
    // not go through a link or into a directory that would be made out there.
    let mut inside = false;
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => continue,
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => {
                at.push(name);
                if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                    let Ok(real) = fs::canonicalize(&at) else {
                        return Err(escape(format!(
                            "{} is a symbolic link that leads nowhere",
                            at.display()
                        )));
                    };
                    if inside && !real.starts_with(&real_root) {
                        return Err(escape(format!(
                            "{} is a symbolic link to {}, outside {}",
                            at.display(),
                            real.display(),
                            root_shown.display()
                        )));
                    }
                    at = real;
                } else if inside && !at.starts_with(&real_root) && fs::metadata(&at).is_err() {
                    return Err(outside());
                }
            }
            other => at.push(other),
        }
        inside |= at.starts_with(&real_root);
    }
    if at.starts_with(&real_root) {
        Ok(())
    } else {
        Err(outside())
    }
}

/// `path` with `.` removed and `..` applied, without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_without_the_disk() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), Path::new("/a/c"));
        assert_eq!(normalize(Path::new("/a/../../b")), Path::new("/b"));
    }

    #[test]
    fn confines_lexically_and_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        let outside = dir.path().join("outside");
        fs::create_dir_all(root.join("real")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        assert!(confine(&root, &root.join("gen/x.py")).is_ok());
        assert!(confine(&root, &root.join("real/../gen/x.py")).is_ok());
        assert!(confine(&root, &root.join("../outside/x.py")).is_err());
        assert!(confine(&root, Path::new("/etc/x.py")).is_err());
        // The current directory as the root is named, not left blank.
        let error = confine(Path::new(""), Path::new("../x.py")).unwrap_err();
        assert_eq!(error.reason, "it is outside .");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, root.join("out")).unwrap();
            std::os::unix::fs::symlink(root.join("real"), root.join("in")).unwrap();
            std::os::unix::fs::symlink(outside.join("f"), root.join("file")).unwrap();
            std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
            let error = confine(&root, &root.join("out/new/x.py")).unwrap_err();
            assert!(error.reason.contains("is a symbolic link to"), "{error:?}");
            assert!(confine(&root, &root.join("in/x.py")).is_ok());
            assert!(confine(&root, &root.join("file")).is_err());
            assert!(confine(&root, &root.join("dangling")).is_err());
            // `..` after a link applies to where the link leads, as the system does it.
            fs::create_dir_all(outside.join("deep")).unwrap();
            std::os::unix::fs::symlink(outside.join("deep"), root.join("deep")).unwrap();
            let error = confine(&root, &root.join("deep/../x.py")).unwrap_err();
            assert!(error.reason.contains("is a symbolic link to"), "{error:?}");
            assert!(confine(&root, &root.join("new/../out/x.py")).is_err());
            assert!(confine(&root, &root.join("in/../gen/x.py")).is_ok());
        }
    }
}
