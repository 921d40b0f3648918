//! GitLab Code Quality report: a JSON array of issues (a subset of the Code Climate format)
//! that GitLab shows in merge requests.

use serde::Serialize;

use super::shared::{Fingerprints, end_position};
use crate::diagnostic::Report;
use crate::diagnostic::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// The report, pretty-printed, ending with a newline; `[]` when there are no findings.
/// Severities map `error` → `major`, `warning` → `minor`, `info` → `info`. The description is
/// one line (GitLab shows it in a list): the message, then the help in parentheses.
pub fn render_gitlab(reports: &[Report]) -> String {
    let mut fingerprints = Fingerprints::default();
    let mut issues = Vec::new();
    for report in reports {
        for d in &report.diagnostics {
            let description = match &d.help {
                Some(help) => format!("{} (help: {help})", d.message),
                None => d.message.clone(),
            };
            issues.push(Issue {
                description,
                check_name: d.rule.name,
                fingerprint: fingerprints.next(report, d),
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: Location {
                    path: &report.file.name,
                    lines: Lines {
                        begin: report.file.position(d.span.start).line,
                        end: end_position(&report.file, &d.span).line,
                    },
                },
            });
        }
    }
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}
