//! `file:line:col: severity[name] message`, one finding per line (control characters in a
//! message or file name are written as escapes, so nothing breaks the line).

use std::fmt::Write;

use super::Summary;
use super::shared::printable;
use crate::diagnostic::Report;
use crate::diagnostic::Severity;

pub fn render_concise(reports: &[Report]) -> String {
    render(reports, false)
}

/// [`render_concise`] with ANSI colors, as `--color always` (or a terminal) asks: the location
/// bold, the severity in its color (errors red, warnings yellow, infos blue), the rule dim.
pub fn render_concise_colored(reports: &[Report]) -> String {
    render(reports, true)
}

fn render(reports: &[Report], color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    for report in reports {
        for d in &report.diagnostics {
            let at = report.file.position(d.span.start);
            let severity = d.severity.as_str();
            let tint = match d.severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
                Severity::Info => "1;34",
            };
            let _ = writeln!(
                out,
                "{}: {}{} {}",
                paint(
                    "1",
                    &format!("{}:{}:{}", printable(&report.file.name), at.line, at.column)
                ),
                paint(tint, severity),
                paint("2", &format!("[{}]", d.rule.name)),
                printable(&d.message)
            );
        }
    }
    let _ = writeln!(out, "{}", Summary::of(reports).footer());
    out
}
