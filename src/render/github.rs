//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per
//! finding, which GitHub shows on the run and on the pull request's diff.

use std::fmt::Write;

use super::shared::{end_position, is_unsafe, message_with_help};
use crate::diagnostic::Report;
use crate::diagnostic::Severity;

/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE` per finding
/// (columns in characters, `endColumn` just after the span). GitHub accepts columns only
/// when the annotation starts and ends on the same line, so a finding spanning lines gets
/// `line` and `endLine` alone. The help follows the message on a new line.
pub fn render_github(reports: &[Report]) -> String {
    let mut out = String::new();
    for report in reports {
        let file = &report.file;
        for d in &report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let start = file.position(d.span.start);
            let end = end_position(file, &d.span);
            let _ = write!(
                out,
                "::{command} file={},line={}",
                escape_property(&file.name),
                start.line
            );
            if start.line == end.line {
                let _ = write!(out, ",col={}", start.column);
            }
            let _ = write!(out, ",endLine={}", end.line);
            if start.line == end.line {
                let _ = write!(out, ",endColumn={}", end.column);
            }
            let _ = writeln!(
                out,
                ",title={}::{}",
                escape_property(d.rule.name),
                escape_data(&message_with_help(d))
            );
        }
    }
    out
}

/// Escapes a command's message: `%`, CR and LF (as `@actions/core` does), and every other
/// control or bidirectional formatting character as `\u{..}`, so a name in a message cannot
/// start another command or send the log viewer an escape sequence.
fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command property's value: as the message, plus `:` and `,`, which would end it.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
