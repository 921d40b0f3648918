//! Diagnostics: the same findings as `octolint check`. Pulled with `textDocument/diagnostic`
//! by clients that can, else pushed with `textDocument/publishDiagnostics` on open and on
//! every change, and cleared on close.

use std::collections::BTreeSet;
use std::path::Path;

use lsp_types::notification::{Notification, PublishDiagnostics};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, DocumentDiagnosticParams,
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    Location, NumberOrString, PublishDiagnosticsParams, RelatedFullDocumentDiagnosticReport, Uri,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lsp::Server;
use crate::lsp::position::{Encoding, range};
use crate::source::SourceFile;

pub fn publish(server: &Server, key: &str) {
    if server.pull {
        return;
    }
    let Some(document) = server.documents.get(key) else {
        return;
    };
    let Ok(uri) = key.parse::<Uri>() else {
        return;
    };
    let diagnostics = document
        .diagnostics
        .iter()
        .map(|d| to_lsp(&document.file, d, &uri, server.encoding))
        .collect();
    server.notify(
        PublishDiagnostics::METHOD,
        PublishDiagnosticsParams::new(uri, diagnostics, Some(document.version)),
    );
}

/// Lints the `.octopoid/` project at `root` again and publishes its findings to each of its
/// files, open or not, clearing files whose findings are gone. Pushed even to clients that
/// pull: a pull names one open document, and a project's findings reach files not open.
pub fn publish_project(server: &mut Server, root: &Path) {
    let before = match server.projects.analyse(root) {
        Ok(before) => before,
        Err((before, error)) => {
            eprintln!("octolint lsp: {error}");
            for uri in before {
                publish_empty(server, &uri);
            }
            return;
        }
    };
    let mut published = BTreeSet::new();
    let mut messages = Vec::new();
    if let Some(analysis) = server.projects.analyses.get(root) {
        for (file, report) in analysis
            .loaded
            .sources
            .files
            .iter()
            .zip(&analysis.report.reports)
        {
            let key = server.projects.uri_of(&file.path);
            let Ok(uri) = key.parse::<Uri>() else {
                continue;
            };
            let diagnostics = report
                .diagnostics
                .iter()
                .map(|d| to_lsp(&report.file, d, &uri, server.encoding))
                .collect();
            let version = server.projects.version_of(&file.path);
            messages.push(PublishDiagnosticsParams::new(uri, diagnostics, version));
            published.insert(key);
        }
    }
    for params in messages {
        server.notify(PublishDiagnostics::METHOD, params);
    }
    for uri in before.difference(&published) {
        publish_empty(server, uri);
    }
    if let Some(analysis) = server.projects.analyses.get_mut(root) {
        analysis.published = published;
    }
}

fn publish_empty(server: &Server, uri: &str) {
    if let Ok(uri) = uri.parse::<Uri>() {
        server.notify(
            PublishDiagnostics::METHOD,
            PublishDiagnosticsParams::new(uri, Vec::new(), None),
        );
    }
}

pub fn clear(server: &Server, uri: Uri) {
    if server.pull {
        return;
    }
    server.notify(
        PublishDiagnostics::METHOD,
        PublishDiagnosticsParams::new(uri, Vec::new(), None),
    );
}

/// `textDocument/diagnostic`: the full report of an open definition. A document the server
/// does not hold (YAML that is no definition) has no findings, and neither has a file of an
/// `.octopoid/` project here: its findings are pushed ([`publish_project`]).
pub fn pull(
    server: &Server,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult, String> {
    let uri = params.text_document.uri;
    let items = server.document(&uri).map_or_else(Vec::new, |document| {
        document
            .diagnostics
            .iter()
            .map(|d| to_lsp(&document.file, d, &uri, server.encoding))
            .collect()
    });
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}

/// Rules whose findings mark text that does nothing: editors fade it.
const UNNECESSARY: [&str; 4] = [
    "unused-role",
    "unused-queue",
    "unused-agent",
    "unused-suppression",
];

/// One finding as an LSP diagnostic: the rule name as `code`, the rule's code, help and
/// suggestion in `data`, and the help also as related information so editors show it.
pub fn to_lsp(
    file: &SourceFile,
    d: &Diagnostic,
    uri: &Uri,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let at = |span| Location::new(uri.clone(), range(file, span, encoding));
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: at(&r.span),
            message: r.message.clone(),
        })
        .collect();
    if let Some(help) = &d.help {
        related.push(DiagnosticRelatedInformation {
            location: at(&d.span),
            message: format!("help: {help}"),
        });
    }
    lsp_types::Diagnostic {
        range: range(file, &d.span, encoding),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.name.to_string())),
        source: Some("octolint".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: UNNECESSARY
            .contains(&d.rule.name)
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: Some(serde_json::json!({
            "code": d.rule.code,
            "help": d.help,
            "suggestion": d.suggestion,
        })),
        ..Default::default()
    }
}
