//! `textDocument/codeAction`: apply a finding's suggestion (did-you-mean), or suppress the
//! finding with an `# octolint: ignore[...]` comment; in a definition and in the files of an
//! `.octopoid/` project alike.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostic::Diagnostic;
use crate::lsp::handlers::diagnostics::to_lsp;
use crate::lsp::position::{offset, range};
use crate::lsp::{Encoding, Server};
use crate::source::{SourceFile, Span};

pub fn code_actions(
    server: &Server,
    params: CodeActionParams,
) -> Result<Option<Vec<CodeActionOrCommand>>, String> {
    let uri = params.text_document.uri;
    if let Some((analysis, file)) = server.projects.file(&uri) {
        let report = &analysis.report.reports[file];
        let name = &report.file.name;
        // Task files take no suppression comments; a YAML file that does not parse is fixed,
        // not suppressed.
        let spans = (name.ends_with(".yaml") || name.ends_with(".yml"))
            .then(|| crate::yaml::load(&report.file.text))
            .filter(|doc| doc.error.is_none())
            .map(|doc| crate::pipeline::multiline_scalars(&doc, &report.file.text));
        let found = Findings {
            uri: &uri,
            file: &report.file,
            diagnostics: &report.diagnostics,
            multiline_scalars: spans.as_deref(),
        };
        return Ok(Some(found.actions(params.range, server.encoding)));
    }
    let Some(document) = server.document(&uri) else {
        return Ok(None);
    };
    let spans = crate::pipeline::multiline_scalars(&document.tree, &document.file.text);
    let found = Findings {
        uri: &uri,
        file: &document.file,
        diagnostics: &document.diagnostics,
        multiline_scalars: Some(&spans),
    };
    Ok(Some(found.actions(params.range, server.encoding)))
}

/// A file's findings, and where suppression comments cannot go (`None`: nowhere they can).
struct Findings<'a> {
    uri: &'a Uri,
    file: &'a SourceFile,
    diagnostics: &'a [Diagnostic],
    multiline_scalars: Option<&'a [Span]>,
}

impl Findings<'_> {
    /// The quick fixes of the findings in `range`: each one's suggestion, and its suppression.
    fn actions(
        &self,
        range_asked: lsp_types::Range,
        encoding: Encoding,
    ) -> Vec<CodeActionOrCommand> {
        let (file, uri) = (self.file, self.uri);
        let start = offset(file, range_asked.start, encoding);
        let end = offset(file, range_asked.end, encoding);
        let mut actions = Vec::new();
        for d in self.diagnostics {
            if d.span.end < start || d.span.start > end {
                continue;
            }
            let lsp_diagnostic = to_lsp(file, d, uri, encoding);
            if let Some(replacement) = &d.suggestion {
                let found = file.text.get(d.span.clone()).unwrap_or_default();
                let edit = TextEdit::new(range(file, &d.span, encoding), replacement.clone());
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Replace `{found}` with `{replacement}`"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diagnostic.clone()]),
                    edit: Some(single_edit(uri, edit)),
                    is_preferred: Some(true),
                    ..Default::default()
                }));
            }
            if let Some(edit) = self.suppression_edit(d, encoding) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Suppress `{}` on this line", d.rule.name),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diagnostic]),
                    edit: Some(single_edit(uri, edit)),
                    ..Default::default()
                }));
            }
        }
        actions
    }

    /// The suppression of one finding, as `octolint check --add-suppression` writes it.
    fn suppression_edit(&self, d: &Diagnostic, encoding: Encoding) -> Option<TextEdit> {
        let file = self.file;
        let edit = crate::suppress::suppression_edit(
            file,
            file.line_of(d.span.start),
            &[d.rule.name],
            self.multiline_scalars?,
        )?;
        Some(TextEdit::new(
            range(file, &edit.span, encoding),
            edit.replacement,
        ))
    }
}

fn single_edit(uri: &Uri, edit: TextEdit) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
        ..Default::default()
    }
}
