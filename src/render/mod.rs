//! Output formats. Every renderer reads the same [`Report`]s.

mod concise;
mod full;
mod github;
mod gitlab;
mod json;
mod json_lines;
mod junit;
mod sarif;
mod shared;
mod statistics;

pub use concise::{render_concise, render_concise_colored};
pub use full::render_full;
pub use github::render_github;
pub use gitlab::render_gitlab;
pub use json::render_json;
pub use json_lines::render_json_lines;
pub use junit::{render_junit, render_junit_failing};
pub use sarif::{RULES_DOCS_URL, render_sarif};
pub use statistics::render_statistics;

use crate::diagnostic::Report;
use crate::diagnostic::Severity;

/// Counts of findings by severity across all reports.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings that carry a safe fix, which `octolint check --fix` applies.
    pub fixable: usize,
}

impl Summary {
    pub fn of(reports: &[Report]) -> Self {
        let mut summary = Self {
            files: reports.len(),
            ..Self::default()
        };
        for diagnostic in reports.iter().flat_map(|r| &r.diagnostics) {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
            if diagnostic.fix.is_some() {
                summary.fixable += 1;
            }
        }
        summary
    }

    /// The summary's lines: [`Summary::sentence`], then how many findings `--fix` fixes.
    pub fn footer(&self) -> String {
        let mut out = self.sentence();
        if self.fixable > 0 {
            out.push_str(&format!(
                "\n[*] {} fixable with `octolint check --fix` (`--diff` shows the changes first).",
                self.fixable
            ));
        }
        out
    }

    /// "Found 2 errors and 1 warning in 3 files." or "All checks passed (3 files)."
    pub fn sentence(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let files = plural(self.files, "file");
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info"));
        }
        match parts.len() {
            0 => format!("All checks passed ({files})."),
            _ => {
                let last = parts.pop().unwrap_or_default();
                let head = if parts.is_empty() {
                    last
                } else {
                    format!("{} and {last}", parts.join(", "))
                };
                format!("Found {head} in {files}.")
            }
        }
    }
}
