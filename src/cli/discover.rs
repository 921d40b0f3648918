//! Which files a `check` run reads.

use std::path::{Path, PathBuf};

/// The canonical definition file name.
pub const CANONICAL_NAME: &str = "octolint.yaml";

pub use crate::source::is_definition_name;

/// The nearest `octolint.yaml` in `start` or one of its parents.
pub fn find_upward(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(CANONICAL_NAME))
        .find(|candidate| candidate.is_file())
}

/// Definition files under `dir`, recursively, sorted; hidden directories, `target` and
/// `node_modules` are skipped.
pub fn definitions_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if !name.starts_with('.') && name != "target" && name != "node_modules" {
                    pending.push(entry.path());
                }
            } else if is_definition_name(&name) {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::is_definition_name;

    #[test]
    fn recognises_definition_names() {
        assert!(is_definition_name("octolint.yaml"));
        assert!(is_definition_name("review.octolint.yaml"));
        assert!(is_definition_name("review.octolint.yml"));
        assert!(!is_definition_name("octolint.json"));
        assert!(!is_definition_name("config.yaml"));
    }
}
