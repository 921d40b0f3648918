//! Source snippets with labels and help, for people reading a terminal.

use codespan_reporting::diagnostic::{Diagnostic as Snippet, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config, termcolor::WriteColor};

use super::Summary;
use crate::diagnostic::Report;
use crate::diagnostic::Severity;
use crate::source::SourceFile;

use super::shared::{is_unsafe, printable};

/// Writes every finding with its source snippet, then the summary line.
pub fn render_full(reports: &[Report], out: &mut dyn WriteColor) -> std::io::Result<()> {
    let config = Config::default();
    for report in reports {
        let mut files = SimpleFiles::new();
        // Source lines and messages may hold control characters (an escape sequence, a lone
        // carriage return, a bidirectional override): shown as placeholders or escapes, never
        // sent to the terminal.
        let name = printable(&report.file.name).into_owned();
        let text = same_width_printable(&report.file.text);
        let id = files.add(name.as_str(), text.as_ref());
        for d in &report.diagnostics {
            let level = match d.severity {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
                Severity::Info => Level::Note,
            };
            let mut labels = vec![
                Label::primary(id, d.span.clone())
                    .with_message(printable(d.label.as_deref().unwrap_or_default())),
            ];
            labels.extend(
                d.related.iter().map(|r| {
                    Label::secondary(id, r.span.clone()).with_message(printable(&r.message))
                }),
            );
            let mut notes = Vec::new();
            if let Some(line) = long_line_shown(&report.file, &labels) {
                // Printing a megabyte-long line once per finding would turn a one-line file
                // into gigabytes of output: give the location without the snippet.
                let at = report.file.position(d.span.start);
                notes.push(format!(
                    "at {}:{}:{} (source not shown: line {} is {} bytes long)",
                    name,
                    at.line,
                    at.column,
                    line + 1,
                    report.file.line_text(line).len()
                ));
                labels.clear();
            }
            if let Some(help) = &d.help {
                notes.push(format!("help: {}", printable(help)));
            }
            let snippet = Snippet::new(level)
                .with_code(d.rule.name)
                .with_message(printable(&d.message))
                .with_labels(labels)
                .with_notes(notes);
            term::emit_to_write_style(out, &config, &files, &snippet)
                .map_err(std::io::Error::other)?;
        }
    }
    writeln!(out, "{}", Summary::of(reports).footer())
}

/// Snippet lines longer than this many bytes are not printed.
const MAX_SNIPPET_LINE: usize = 1000;

/// The first line longer than [`MAX_SNIPPET_LINE`] that a snippet of `labels` would print:
/// the lines each label starts and ends on, the context lines after a multi-line label's
/// start and before its end, and their neighbours (printed to fill one-line gaps).
fn long_line_shown(file: &SourceFile, labels: &[Label<usize>]) -> Option<usize> {
    let last = file.line_count() - 1;
    let long = |line: &usize| file.line_text(*line).len() > MAX_SNIPPET_LINE;
    labels.iter().find_map(|label| {
        let start = file.line_of(label.range.start.min(file.text.len()));
        let end = file
            .line_of(label.range.end.min(file.text.len()))
            .max(start);
        let head = start.saturating_sub(1)..=(start + 5).min(end + 1).min(last);
        let tail = end.saturating_sub(3).max(start)..=(end + 1).min(last);
        head.chain(tail).find(long)
    })
}

/// `text` with every [unsafe](is_unsafe) character replaced by a visible one of the same
/// UTF-8 length (`?`, `¿` or U+FFFD), so every byte offset and character column stays as it
/// was. A carriage return before a line feed stays: it ends a line.
fn same_width_printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_at = |(at, c): (usize, char)| {
        c != '\n' && is_unsafe(c) && !(c == '\r' && text[at + 1..].starts_with('\n'))
    };
    if !text.char_indices().any(unsafe_at) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if unsafe_at((at, c)) {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '\u{bf}',
                _ => '\u{fffd}',
            });
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}
