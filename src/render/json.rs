//! The JSON contract: `{"diagnostics": [...], "summary": {...}}`.

use serde::Serialize;

use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Report;
use crate::source::{Position, SourceFile, Span};

#[derive(Serialize)]
struct Output<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

/// One diagnostic of the JSON contract; `json-lines` writes the same object per line.
#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    range: Range,
    help: Option<&'a str>,
    suggestion: Option<&'a str>,
    /// The safe fix `--fix` would apply, as edits; null when there is none.
    fix: Option<Vec<JsonEdit<'a>>>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: Range,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

fn range(file: &SourceFile, span: &Span) -> Range {
    Range {
        start: file.position(span.start),
        end: file.position(span.end),
    }
}

impl<'a> JsonDiagnostic<'a> {
    pub(super) fn new(report: &'a Report, d: &'a Diagnostic) -> Self {
        Self {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity.as_str(),
            message: &d.message,
            file: &report.file.name,
            range: range(&report.file, &d.span),
            help: d.help.as_deref(),
            suggestion: d.suggestion.as_deref(),
            fix: d.fix.as_ref().map(|fix| {
                fix.edits
                    .iter()
                    .map(|e| JsonEdit {
                        range: range(&report.file, &e.span),
                        replacement: &e.replacement,
                    })
                    .collect()
            }),
            related: d
                .related
                .iter()
                .map(|r| JsonRelated {
                    message: &r.message,
                    range: range(&report.file, &r.span),
                })
                .collect(),
        }
    }

    /// Every diagnostic of every report, in report order.
    pub(super) fn all(reports: &'a [Report]) -> impl Iterator<Item = Self> + 'a {
        reports
            .iter()
            .flat_map(|report| report.diagnostics.iter().map(move |d| Self::new(report, d)))
    }
}

pub fn render_json(reports: &[Report]) -> String {
    let output = Output {
        diagnostics: JsonDiagnostic::all(reports).collect(),
        summary: Summary::of(reports),
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}
