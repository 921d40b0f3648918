//! Pieces several machine formats share: stable fingerprints and where a finding's last line is.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Report;
use crate::source::{Position, SourceFile, Span};

/// Stable, unique fingerprints for findings, as lowercase hex SHA-256 (used by `sarif`'s
/// `partialFingerprints` and `gitlab`'s `fingerprint`).
///
/// A fingerprint hashes the file name, the rule name, the message and the text of the span,
/// but no line or column, so it survives unrelated edits that move the finding. Findings
/// identical in all four are told apart by an occurrence counter (0 for the first, 1 for the
/// next, in output order), so every fingerprint of one run is unique.
#[derive(Default)]
pub(super) struct Fingerprints<'a> {
    seen: HashMap<(&'a str, &'static str, &'a str, &'a str), u64>,
}

impl<'a> Fingerprints<'a> {
    /// The fingerprint of the next finding; call once per finding, in output order.
    pub(super) fn next(&mut self, report: &'a Report, d: &'a Diagnostic) -> String {
        let span_text = report.file.text.get(d.span.clone()).unwrap_or_default();
        let key = (
            report.file.name.as_str(),
            d.rule.name,
            d.message.as_str(),
            span_text,
        );
        let count = self.seen.entry(key).or_insert(0);
        let occurrence = *count;
        *count += 1;
        let mut hasher = Sha256::new();
        // Each field is length-prefixed so that no two different field lists hash alike.
        for field in [key.0, key.1, key.2, key.3] {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        hasher.update(occurrence.to_le_bytes());
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Where a span ends, for formats whose end line is the line of the last character: like
/// `file.position(span.end)`, except that a span ending with a line break ends before that
/// break rather than at column 1 of the next line.
pub(super) fn end_position(file: &SourceFile, span: &Span) -> Position {
    let bytes = file.text.as_bytes();
    let mut end = span.end.min(bytes.len());
    for byte in [b'\n', b'\r'] {
        if end > span.start && bytes[end - 1] == byte {
            end -= 1;
        }
    }
    file.position(end.max(span.start))
}

/// The finding's message followed, on a new line, by its help.
pub(super) fn message_with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// Whether a character must not reach a terminal or a line-oriented format raw: controls
/// (line breaks, escape sequences, carriage returns, C1 controls such as the CSI that some
/// terminals obey like ESC `[`), Unicode line and paragraph separators, and bidirectional
/// formatting characters, which can make a message or source line read as something it is
/// not ("Trojan Source"). Tab is kept.
pub(super) fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every [unsafe](is_unsafe) character written as an escape (`\n`, `\r`,
/// `\u{1b}`), for messages and file names in human-facing, line-oriented output: a name read
/// from a definition can neither break the one-finding-per-line layout nor send the terminal
/// a control sequence.
pub(super) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}
