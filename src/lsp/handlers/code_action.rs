//! `textDocument/codeAction`: apply a finding's suggestion (did-you-mean), or suppress the
//! finding with an `# octolint: ignore[...]` comment.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostic::Diagnostic;
use crate::lsp::handlers::diagnostics::to_lsp;
use crate::lsp::position::{offset, range};
use crate::lsp::{Encoding, OpenDocument, Server};

pub fn code_actions(
    server: &Server,
    params: CodeActionParams,
) -> Result<Option<Vec<CodeActionOrCommand>>, String> {
    let uri = params.text_document.uri;
    let Some(document) = server.document(&uri) else {
        return Ok(None);
    };
    let file = &document.file;
    let start = offset(file, params.range.start, server.encoding);
    let end = offset(file, params.range.end, server.encoding);
    let mut actions = Vec::new();
    for d in &document.diagnostics {
        if d.span.end < start || d.span.start > end {
            continue;
        }
        let lsp_diagnostic = to_lsp(file, d, &uri, server.encoding);
        if let Some(replacement) = &d.suggestion {
            let found = file.text.get(d.span.clone()).unwrap_or_default();
            let edit = TextEdit::new(range(file, &d.span, server.encoding), replacement.clone());
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace `{found}` with `{replacement}`"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diagnostic.clone()]),
                edit: Some(single_edit(&uri, edit)),
                is_preferred: Some(true),
                ..Default::default()
            }));
        }
        if let Some(edit) = suppression_edit(document, d, server.encoding) {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Suppress `{}` on this line", d.rule.name),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diagnostic]),
                edit: Some(single_edit(&uri, edit)),
                ..Default::default()
            }));
        }
    }
    Ok(Some(actions))
}

fn single_edit(uri: &Uri, edit: TextEdit) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
        ..Default::default()
    }
}

/// The suppression of one finding, as `octolint check --add-suppression` writes it.
fn suppression_edit(
    document: &OpenDocument,
    d: &Diagnostic,
    encoding: Encoding,
) -> Option<TextEdit> {
    let file = &document.file;
    let spans = crate::pipeline::multiline_scalars(&document.tree, &file.text);
    let edit = crate::suppress::suppression_edit(
        file,
        file.line_of(d.span.start),
        &[d.rule.name],
        &spans,
    )?;
    Some(TextEdit::new(
        range(file, &edit.span, encoding),
        edit.replacement,
    ))
}
