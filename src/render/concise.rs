//! `file:line:col: severity[name] message`, one finding per line.

use std::fmt::Write;

use super::Summary;
use crate::check::Report;

pub fn render_concise(reports: &[Report]) -> String {
    let mut out = String::new();
    for report in reports {
        for d in &report.diagnostics {
            let at = report.file.position(d.span.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                report.file.name,
                at.line,
                at.column,
                d.severity.as_str(),
                d.rule.name,
                d.message
            );
        }
    }
    let _ = writeln!(out, "{}", Summary::of(reports).sentence());
    out
}
