//! Puts generated files on disk: plans every file first, refuses before writing anything if
//! a file it would overwrite is not octolint's, then writes each file atomically (a temporary
//! file in the same directory, renamed over the old one).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    match fs::read(&plan.path) {
        Ok(existing) if existing == plan.contents.as_bytes() => Status::Current,
        Ok(_) => Status::Stale,
        Err(_) => Status::Missing,
    }
}

/// Why nothing, or not everything, was written.
#[derive(Debug)]
pub enum WriteError {
    /// Existing files that octolint did not generate; nothing was written.
    NotOurs(Vec<PathBuf>),
    /// An I/O failure; files before `path` in the plan may already be written, none is
    /// partial and no temporary file is left.
    Io {
        path: PathBuf,
        error: std::io::Error,
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
            Self::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

/// Whether an existing file may be overwritten: it carries octolint's header, or the
/// manifest that owns it lists it.
fn is_ours(plan: &Planned) -> bool {
    if let Some((manifest, entry)) = &plan.listed_in {
        return fs::read_to_string(manifest)
            .is_ok_and(|text| text.lines().any(|line| line == entry));
    }
    let Ok(existing) = fs::read(&plan.path) else {
        return true;
    };
    let head = &existing[..existing.len().min(1024)];
    String::from_utf8_lossy(head).contains(GENERATED_MARKER)
}

/// Writes every changed file; returns the paths written (unchanged files are left alone).
pub fn write_all(plans: &[Planned], force: bool) -> Result<Vec<PathBuf>, WriteError> {
    let changed: Vec<&Planned> = plans
        .iter()
        .filter(|plan| status(plan) != Status::Current)
        .collect();
    if !force {
        let not_ours: Vec<PathBuf> = changed
            .iter()
            .filter(|plan| plan.path.exists() && !is_ours(plan))
            .map(|plan| plan.path.clone())
            .collect();
        if !not_ours.is_empty() {
            return Err(WriteError::NotOurs(not_ours));
        }
    }
    let mut written = Vec::new();
    for plan in changed {
        write_atomically(&plan.path, plan.contents.as_bytes()).map_err(|error| WriteError::Io {
            path: plan.path.clone(),
            error,
        })?;
        written.push(plan.path.clone());
    }
    Ok(written)
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so `path` is
/// either its old contents or its new ones, never partial.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    if path.is_dir() {
        return Err(std::io::Error::other("a directory is in the way"));
    }
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.octolint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
