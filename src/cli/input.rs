//! Reading a definition from a file or standard input without ever holding more of it than
//! octolint will check.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::discover::find_upward;
use super::{EXIT_FINDINGS, EXIT_USAGE, Io};
use crate::model::Definition;
use crate::pipeline::check_definition;
use crate::render::render_concise;

/// What [`read_limited`] read.
pub(super) enum Limited {
    Bytes(Vec<u8>),
    /// More than a definition may hold ([`crate::yaml::MAX_SOURCE_BYTES`]): only the length,
    /// counted without keeping the bytes.
    TooLarge(u64),
}

/// Reads a definition, keeping at most [`crate::yaml::MAX_SOURCE_BYTES`] in memory.
/// `expected` is its length when known (a file's): the buffer is sized once instead of
/// growing, which would hold the old and the new buffer at once.
pub(super) fn read_limited(input: &mut dyn Read, expected: u64) -> io::Result<Limited> {
    let limit = crate::yaml::MAX_SOURCE_BYTES as u64;
    let mut bytes = Vec::with_capacity(expected.min(limit + 1) as usize);
    input.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 <= limit {
        return Ok(Limited::Bytes(bytes));
    }
    let rest = io::copy(input, &mut io::sink())?;
    Ok(Limited::TooLarge(bytes.len() as u64 + rest))
}

/// [`read_limited`] of the file at `path`.
pub(super) fn read_file_limited(path: &Path) -> io::Result<Limited> {
    let mut file = std::fs::File::open(path)?;
    let expected = file.metadata().map_or(0, |metadata| metadata.len());
    read_limited(&mut file, expected)
}

/// The definition at `path` (else the nearest `octolint.yaml` upward), read and checked, for
/// commands that act on it (`gen`, `push`, …): its path, bytes and model. A definition with
/// errors is refused, its findings printed; the exit code to return is the error.
pub(super) fn clean_definition(
    path: Option<&str>,
    doing: &str,
    io: &mut Io,
) -> Result<(PathBuf, Vec<u8>, Definition), u8> {
    let path = match path {
        Some(path) => PathBuf::from(path),
        None => {
            let cwd = std::env::current_dir().unwrap_or_default();
            match find_upward(&cwd) {
                Some(found) => found
                    .strip_prefix(&cwd)
                    .map(Path::to_path_buf)
                    .unwrap_or(found),
                None => {
                    let _ = writeln!(
                        io.stderr,
                        "error: no octolint.yaml in {} or any parent directory; pass a path",
                        cwd.display()
                    );
                    return Err(EXIT_USAGE);
                }
            }
        }
    };
    let read = read_file_limited(&path);
    let bytes = match read {
        Ok(Limited::Bytes(bytes)) => bytes,
        Ok(Limited::TooLarge(len)) => {
            let report = crate::pipeline::oversized(&path.display().to_string(), len);
            let _ = write!(io.stderr, "{}", render_concise(&[report]));
            return Err(EXIT_FINDINGS);
        }
        Err(error) => {
            let _ = writeln!(io.stderr, "error: cannot read {}: {error}", path.display());
            return Err(EXIT_USAGE);
        }
    };
    let (report, definition) = check_definition(&path.display().to_string(), &bytes);
    match definition.filter(|_| !report.has_errors()) {
        Some(def) => Ok((path, bytes, def)),
        None => {
            let _ = write!(
                io.stderr,
                "{}",
                render_concise(std::slice::from_ref(&report))
            );
            let _ = writeln!(
                io.stderr,
                "error: not {doing}: {} has errors (see above)",
                path.display()
            );
            Err(EXIT_FINDINGS)
        }
    }
}
