//! `file:line:col: severity[name] message`, one finding per line (control characters in a
//! message or file name are written as escapes, so nothing breaks the line).

use std::fmt::Write;

use super::Summary;
use super::shared::printable;
use crate::check::Report;

pub fn render_concise(reports: &[Report]) -> String {
    let mut out = String::new();
    for report in reports {
        for d in &report.diagnostics {
            let at = report.file.position(d.span.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                printable(&report.file.name),
                at.line,
                at.column,
                d.severity.as_str(),
                d.rule.name,
                printable(&d.message)
            );
        }
    }
    let _ = writeln!(out, "{}", Summary::of(reports).footer());
    out
}
