//! `textDocument/completion`: the defined names where a role, queue, agent, step or check is
//! expected (also inside `"<from> -> <to>"` keys), fixed values, and the keys valid at the
//! cursor. Works on files that do not currently parse, from the last version that did. In an
//! `.octopoid/` project's files it offers the project's names (agents, roles, queues, steps,
//! checks, models).

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, Documentation,
    TextEdit,
};

use crate::lsp::Server;
use crate::lsp::context::{Expected, completion_context};
use crate::lsp::keys::keys_at;
use crate::lsp::position::{offset, range};
use crate::lsp::projects::ProjectAnalysis;
use crate::semantic::Kind;

pub fn completion(
    server: &Server,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>, String> {
    let position = params.text_document_position;
    if let Some((analysis, file)) = server.projects.file(&position.text_document.uri) {
        return Ok(Some(project_completion(
            server,
            analysis,
            file,
            position.position,
        )));
    }
    let Some(document) = server.document(&position.text_document.uri) else {
        return Ok(None);
    };
    let at = offset(&document.file, position.position, server.encoding);
    let (expected, replace) = completion_context(&document.file, at);
    let edit_range = range(&document.file, &replace, server.encoding);
    let item = |label: &str,
                kind,
                detail: Option<String>,
                documentation: Option<String>,
                insert: String| {
        CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail,
            documentation: documentation.map(Documentation::String),
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit::new(
                edit_range, insert,
            ))),
            ..Default::default()
        }
    };
    let items: Vec<CompletionItem> = match expected {
        Expected::Name(kind) => document
            .names
            .of(kind)
            .iter()
            .map(|name| {
                item(
                    name,
                    name_kind(kind),
                    Some(kind.noun().to_string()),
                    None,
                    name.clone(),
                )
            })
            .collect(),
        Expected::TransitionQueue => document
            .names
            .of(Kind::Queue)
            .iter()
            .map(|name| {
                item(
                    name,
                    CompletionItemKind::ENUM_MEMBER,
                    Some("queue".into()),
                    None,
                    name.clone(),
                )
            })
            .collect(),
        Expected::Model => document
            .names
            .models
            .iter()
            .map(|m| {
                item(
                    m,
                    CompletionItemKind::VALUE,
                    Some("model".into()),
                    None,
                    m.clone(),
                )
            })
            .collect(),
        Expected::Tool => document
            .names
            .tools
            .iter()
            .map(|t| {
                item(
                    t,
                    CompletionItemKind::VALUE,
                    Some("tool".into()),
                    None,
                    t.clone(),
                )
            })
            .collect(),
        Expected::Values(values) => values
            .iter()
            .map(|v| item(v, CompletionItemKind::VALUE, None, None, v.to_string()))
            .collect(),
        Expected::Key(path) => keys_at(&path)
            .into_iter()
            .map(|(key, doc)| {
                item(
                    &key,
                    CompletionItemKind::PROPERTY,
                    None,
                    Some(doc),
                    format!("{key}: "),
                )
            })
            .collect(),
        Expected::Nothing => Vec::new(),
    };
    Ok(Some(CompletionResponse::Array(items)))
}

/// Completion in a file of an `.octopoid/` project: the project's names where a role, queue,
/// agent, step, check or model is expected (values only; the keys are Octopoid's).
fn project_completion(
    server: &Server,
    analysis: &ProjectAnalysis,
    file: usize,
    position: lsp_types::Position,
) -> CompletionResponse {
    let source = &analysis.loaded.sources.files[file].source;
    let at = offset(source, position, server.encoding);
    let (expected, replace) = completion_context(source, at);
    let edit_range = range(source, &replace, server.encoding);
    let (names, kind, detail) = match expected {
        Expected::Name(kind) => (analysis.names(kind), name_kind(kind), kind.noun()),
        Expected::TransitionQueue => (
            analysis.names(Kind::Queue),
            CompletionItemKind::ENUM_MEMBER,
            "queue",
        ),
        Expected::Model => (analysis.models(), CompletionItemKind::VALUE, "model"),
        _ => (Vec::new(), CompletionItemKind::VALUE, ""),
    };
    let items = names
        .into_iter()
        .map(|name| CompletionItem {
            label: name.clone(),
            kind: Some(kind),
            detail: Some(detail.to_string()),
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit::new(
                edit_range, name,
            ))),
            ..Default::default()
        })
        .collect();
    CompletionResponse::Array(items)
}

fn name_kind(kind: Kind) -> CompletionItemKind {
    match kind {
        Kind::Role => CompletionItemKind::CLASS,
        Kind::Queue => CompletionItemKind::ENUM_MEMBER,
        Kind::Agent => CompletionItemKind::VARIABLE,
        Kind::Step | Kind::Check => CompletionItemKind::FUNCTION,
        Kind::Flow | Kind::Chain => CompletionItemKind::MODULE,
    }
}
