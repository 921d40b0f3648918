//! Lint settings outside a definition: which rules report at all. Read from the nearest
//! `octolint.toml`, `.octolint.toml` or `pyproject.toml` (its `[tool.octolint]`) at or above a
//! checked file — the one place an Octopoid project's settings can live — and from the
//! command line, with ruff's selection model:
//!
//! ```toml
//! select = ["OL1", "unused-role"]      # only these (default: every rule)
//! extend-select = ["OL6"]              # and these
//! ignore = ["OL4"]                     # but not these
//! [per-file-ignores]
//! "legacy/*.yaml" = ["OL402"]          # not these in matching files
//! ```
//!
//! A selector is a rule name, a code, or a code prefix (`OL4` is every `OL4xx` rule; `ALL` is
//! every rule). Precedence: the command line's `--select` replaces the file's `select`, its
//! `--extend-select`, `--ignore` and `--per-file-ignores` add to the file's. A definition's own
//! `lint.rules` still sets severities and can turn a selected rule `off`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::RuleMeta;

/// The file names searched, in order, in each directory.
pub const FILE_NAMES: [&str; 3] = ["octolint.toml", ".octolint.toml", "pyproject.toml"];

/// Selection settings as written in a file or on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Selection {
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Glob (relative to the settings file's directory, or to the current directory on the
    /// command line) → selectors ignored in matching files.
    #[serde(default)]
    pub per_file_ignores: HashMap<String, Vec<String>>,
}

/// The settings that apply to one file: where they came from and what they select.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The settings file, if one was found.
    pub source: Option<PathBuf>,
    pub file: Selection,
    pub cli: Selection,
}

impl Settings {
    /// Whether `rule` reports in the file at `path`.
    pub fn enabled(&self, rule: &RuleMeta, path: &Path) -> bool {
        let select = self
            .cli
            .select
            .as_ref()
            .or(self.file.select.as_ref())
            .is_none_or(|s| matches_any(rule, s));
        let extended = matches_any(rule, &self.file.extend_select)
            || matches_any(rule, &self.cli.extend_select);
        let ignored = matches_any(rule, &self.file.ignore) || matches_any(rule, &self.cli.ignore);
        let base = self
            .source
            .as_ref()
            .and_then(|s| s.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let per_file = |selection: &Selection, base: &Path| {
            selection.per_file_ignores.iter().any(|(glob, selectors)| {
                matches_any(rule, selectors)
                    && crate::glob::path_matches(glob, &relative(path, base))
            })
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        (select || extended)
            && !ignored
            && !per_file(&self.file, &base)
            && !per_file(&self.cli, &cwd)
    }

    /// Every selector of both sources that names no rule, with where it was written.
    pub fn unknown_selectors(&self) -> Vec<String> {
        let mut unknown = Vec::new();
        let from = |s: &Option<PathBuf>| {
            s.as_ref()
                .map_or("the command line".to_string(), |p| p.display().to_string())
        };
        for (selection, source) in [(&self.file, from(&self.source)), (&self.cli, from(&None))] {
            let all = selection
                .select
                .iter()
                .flatten()
                .chain(&selection.extend_select)
                .chain(&selection.ignore)
                .chain(selection.per_file_ignores.values().flatten());
            for selector in all {
                if !crate::registry::all().any(|r| selects(selector, r)) {
                    unknown.push(format!(
                        "{source}: `{selector}` is no rule, code or code prefix"
                    ));
                }
            }
        }
        unknown
    }
}

/// Whether `selector` (a name, a code, a code prefix or `ALL`) selects `rule`.
pub fn selects(selector: &str, rule: &RuleMeta) -> bool {
    selector == "ALL"
        || rule.is(selector)
        || (selector.len() >= 2
            && rule
                .code
                .to_ascii_uppercase()
                .starts_with(&selector.to_ascii_uppercase())
            && selector[..2].eq_ignore_ascii_case("OL"))
}

fn matches_any(rule: &RuleMeta, selectors: &[String]) -> bool {
    selectors.iter().any(|s| selects(s, rule))
}

/// `path` relative to `base` when inside it, with `/` separators.
fn relative(path: &Path, base: &Path) -> String {
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        }
    };
    let (path, base) = (absolute(path), absolute(base));
    let inner = path.strip_prefix(&base).unwrap_or(&path);
    inner
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The settings file that applies to a file in `dir`: the first of [`FILE_NAMES`] in `dir`
/// or the nearest directory above it (a `pyproject.toml` counts only with `[tool.octolint]`),
/// read. `Err` names the file and what is wrong with it.
pub fn find(dir: &Path) -> Result<Option<(PathBuf, Selection)>, String> {
    let start = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir.to_path_buf()
    };
    let start = start.canonicalize().unwrap_or(start);
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if let Some(selection) = parse(&path, &text)? {
                return Ok(Some((path, selection)));
            }
        }
    }
    Ok(None)
}

/// The selection in a settings file; `None` for a `pyproject.toml` without `[tool.octolint]`.
pub fn parse(path: &Path, text: &str) -> Result<Option<Selection>, String> {
    let bad = |e: toml::de::Error| format!("{}: {}", path.display(), e.message());
    if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        #[derive(Deserialize)]
        struct Pyproject {
            tool: Option<Tool>,
        }
        #[derive(Deserialize)]
        struct Tool {
            octolint: Option<Selection>,
        }
        let project: Pyproject = toml::from_str(text).map_err(bad)?;
        return Ok(project.tool.and_then(|t| t.octolint));
    }
    toml::from_str(text).map(Some).map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{references::unknown_role::UNKNOWN_ROLE, unused::unused_role::UNUSED_ROLE};

    #[test]
    fn selectors_are_names_codes_and_prefixes() {
        assert!(selects("unused-role", &UNUSED_ROLE));
        assert!(selects("OL402", &UNUSED_ROLE));
        assert!(selects("ol4", &UNUSED_ROLE));
        assert!(selects("OL", &UNUSED_ROLE));
        assert!(selects("ALL", &UNUSED_ROLE));
        assert!(!selects("OL1", &UNUSED_ROLE));
        assert!(!selects("O", &UNUSED_ROLE));
        assert!(selects("OL1", &UNKNOWN_ROLE));
    }

    #[test]
    fn the_command_line_refines_the_file() {
        let settings = Settings {
            source: None,
            file: Selection {
                select: Some(vec!["OL4".into()]),
                ..Default::default()
            },
            cli: Selection {
                extend_select: vec!["unknown-role".into()],
                ignore: vec!["role-without-agent".into()],
                ..Default::default()
            },
        };
        let path = Path::new("octolint.yaml");
        assert!(settings.enabled(&UNUSED_ROLE, path));
        assert!(settings.enabled(&UNKNOWN_ROLE, path));
        assert!(!settings.enabled(
            &crate::rules::unused::role_without_agent::ROLE_WITHOUT_AGENT,
            path
        ));
        assert!(!settings.enabled(
            &crate::rules::references::unknown_queue::UNKNOWN_QUEUE,
            path
        ));
    }

    #[test]
    fn files_are_read_with_their_errors_named() {
        let path = Path::new("octolint.toml");
        let parsed = parse(
            path,
            "ignore = [\"OL4\"]\n[per-file-ignores]\n\"*.yaml\" = [\"OL1\"]\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(parsed.ignore, ["OL4"]);
        let error = parse(path, "ignor = []\n").unwrap_err();
        assert!(
            error.starts_with("octolint.toml: unknown field `ignor`"),
            "{error}"
        );
        assert_eq!(
            parse(Path::new("pyproject.toml"), "[project]\nname = 'x'\n").unwrap(),
            None
        );
    }
}
