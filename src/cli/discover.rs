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

/// What a directory holds, at any depth: definition files and Octopoid projects.
#[derive(Debug, Default)]
pub struct Found {
    /// Definition files, sorted.
    pub definitions: Vec<PathBuf>,
    /// Every `.octopoid` directory, sorted: each is a project of its own (a monorepo has one
    /// per service).
    pub octopoid: Vec<PathBuf>,
}

/// The directory names a walk never enters: build output and installed packages, where
/// copies of definitions are not the user's to check.
const SKIPPED: [&str; 2] = ["target", "node_modules"];

/// Walks `dir`: definition files and `.octopoid` directories at any depth. Other hidden
/// directories (`.git`, `.venv`, …), `target` and `node_modules` are not entered, nor is a
/// `.octopoid` directory (its project is checked as a whole).
pub fn discover(dir: &Path) -> std::io::Result<Found> {
    let mut found = Found::default();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if name == ".octopoid" {
                    found.octopoid.push(entry.path());
                } else if !name.starts_with('.') && !SKIPPED.contains(&name.as_str()) {
                    pending.push(entry.path());
                }
            } else if is_definition_name(&name) {
                found.definitions.push(entry.path());
            }
        }
    }
    found.definitions.sort();
    found.octopoid.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::{discover, is_definition_name};

    #[test]
    fn finds_every_project_and_definition_at_any_depth() {
        let dir = tempfile::tempdir().unwrap();
        let make = |path: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "version: 1\n").unwrap();
        };
        make("services/svc-a/.octopoid/config.yaml");
        make("svc-b/.octopoid/flows/default.yaml");
        make("svc-b/.octopoid/octolint.yaml"); // inside a project: not a definition of its own
        make("team/deep/down/review.octolint.yml");
        make("octolint.yaml");
        make("node_modules/pkg/octolint.yaml");
        make("target/x/.octopoid/config.yaml");
        make(".git/octolint.yaml");
        let found = discover(dir.path()).unwrap();
        let relative = |paths: &[std::path::PathBuf]| -> Vec<String> {
            paths
                .iter()
                .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(
            relative(&found.definitions),
            ["octolint.yaml", "team/deep/down/review.octolint.yml"]
        );
        assert_eq!(
            relative(&found.octopoid),
            ["services/svc-a/.octopoid", "svc-b/.octopoid"]
        );
    }

    #[test]
    fn recognises_definition_names() {
        assert!(is_definition_name("octolint.yaml"));
        assert!(is_definition_name("review.octolint.yaml"));
        assert!(is_definition_name("review.octolint.yml"));
        assert!(!is_definition_name("octolint.json"));
        assert!(!is_definition_name("config.yaml"));
    }
}
