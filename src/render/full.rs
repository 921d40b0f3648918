//! Source snippets with labels and help, for people reading a terminal.

use codespan_reporting::diagnostic::{Diagnostic as Snippet, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config, termcolor::WriteColor};

use super::Summary;
use crate::check::Report;
use crate::diagnostic::Severity;

/// Writes every finding with its source snippet, then the summary line.
pub fn render_full(reports: &[Report], out: &mut dyn WriteColor) -> std::io::Result<()> {
    let config = Config::default();
    for report in reports {
        let mut files = SimpleFiles::new();
        let id = files.add(report.file.name.as_str(), report.file.text.as_str());
        for d in &report.diagnostics {
            let level = match d.severity {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
                Severity::Info => Level::Note,
            };
            let mut labels = vec![
                Label::primary(id, d.span.clone())
                    .with_message(d.label.clone().unwrap_or_default()),
            ];
            labels.extend(
                d.related
                    .iter()
                    .map(|r| Label::secondary(id, r.span.clone()).with_message(r.message.clone())),
            );
            let mut notes = Vec::new();
            if let Some(help) = &d.help {
                notes.push(format!("help: {help}"));
            }
            let snippet = Snippet::new(level)
                .with_code(d.rule.name)
                .with_message(&d.message)
                .with_labels(labels)
                .with_notes(notes);
            term::emit_to_write_style(out, &config, &files, &snippet)
                .map_err(std::io::Error::other)?;
        }
    }
    writeln!(out, "{}", Summary::of(reports).sentence())
}
