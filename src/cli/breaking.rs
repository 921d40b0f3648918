//! `octolint breaking --against REF`: the definition compared with another version of it —
//! a file, or the definition's own path at a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::check::{fails, flushed, render_reports};
use super::discover::find_upward;
use super::{BreakingArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Io};

pub fn run(args: &BreakingArgs, io: &mut Io) -> u8 {
    let path = match &args.path {
        Some(path) => PathBuf::from(path),
        None => match find_upward(&std::env::current_dir().unwrap_or_default()) {
            Some(found) => {
                let cwd = std::env::current_dir().unwrap_or_default();
                found
                    .strip_prefix(&cwd)
                    .map(Path::to_path_buf)
                    .unwrap_or(found)
            }
            None => {
                let _ = writeln!(
                    io.stderr,
                    "error: no octolint.yaml in the current directory or any parent; pass a path"
                );
                return EXIT_USAGE;
            }
        },
    };
    let new = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let _ = writeln!(io.stderr, "error: cannot read {}: {error}", path.display());
            return EXIT_USAGE;
        }
    };
    let (old_name, old) = match old_version(&args.against, &path) {
        Ok(found) => found,
        Err(error) => {
            let _ = writeln!(io.stderr, "error: {error}");
            return EXIT_USAGE;
        }
    };
    let report = match crate::breaking::compare(&old_name, &old, &path.display().to_string(), &new)
    {
        Ok(report) => report,
        Err(error) => {
            let _ = writeln!(io.stderr, "error: {error}");
            return EXIT_USAGE;
        }
    };
    let reports = [report];
    if let Err(code) = flushed(
        render_reports(&reports, args.format, args.color, args.fail_on, io),
        io,
    ) {
        return code;
    }
    if fails(&reports, args.fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The old version's name (for messages) and bytes: the file `against` when there is one,
/// else `git show <against>:<path>` in the definition's repository.
fn old_version(against: &str, path: &Path) -> Result<(String, Vec<u8>), String> {
    let file = Path::new(against);
    if file.is_file() {
        let bytes = std::fs::read(file).map_err(|e| format!("cannot read {against}: {e}"))?;
        return Ok((against.to_string(), bytes));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `REV:./name` is the file at `name` beside the definition, relative to `dir`.
    let spec = format!("{against}:./{name}");
    let output = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["show", &spec])
        .output()
        .map_err(|e| {
            format!(
                "`{against}` is not a file, and git cannot be run to read it as a revision: {e}"
            )
        })?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "`{against}` is neither a file nor a git revision that has {}: {}",
            path.display(),
            why.trim()
        ));
    }
    Ok((format!("{}@{against}", path.display()), output.stdout))
}
