//! `textDocument/documentSymbol`: an outline of queues, roles, agents and flows, with each
//! flow's transitions (and its child flow's).

use std::collections::HashMap;

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use crate::lsp::position::range;
use crate::lsp::{OpenDocument, Server};
use crate::model::{Spanned, Transition};
use crate::source::Span;
use crate::yaml::NodeKind;

pub fn document_symbols(
    server: &Server,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>, String> {
    let Some(document) = server.document(&params.text_document.uri) else {
        return Ok(None);
    };
    let Some(def) = document.analysis.as_ref().map(|a| a.definition()) else {
        return Ok(None);
    };
    let extents = entry_extents(document);
    let symbol = |name: &str,
                  detail: Option<String>,
                  kind,
                  span: &Span,
                  children: Option<Vec<DocumentSymbol>>| {
        let whole = span.start
            ..extents
                .get(&span.start)
                .copied()
                .unwrap_or(span.end)
                .max(span.end);
        #[allow(deprecated)]
        DocumentSymbol {
            name: name.to_string(),
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: range(&document.file, &whole, server.encoding),
            selection_range: range(&document.file, span, server.encoding),
            children,
        }
    };
    let describe = |d: &Option<Spanned<String>>| d.as_ref().map(|d| d.value.clone());
    let transitions = |list: &[Transition]| -> Vec<DocumentSymbol> {
        list.iter()
            .map(|t| {
                let name = format!("{} -> {}", t.from.value, t.to.value);
                let performer = t
                    .role
                    .as_ref()
                    .or(t.agent.as_ref())
                    .map(|p| p.value.clone());
                symbol(&name, performer, SymbolKind::EVENT, &t.key, None)
            })
            .collect()
    };
    let mut sections = Vec::new();
    let mut section = |title: &str, kind, entries: Vec<DocumentSymbol>| {
        if entries.is_empty() {
            return;
        }
        // The section spans its top-level key and everything under it.
        let Some(key) = top_level_key(document, title) else {
            return;
        };
        sections.push(symbol(title, None, kind, &key, Some(entries)));
    };
    section(
        "queues",
        SymbolKind::NAMESPACE,
        def.queues
            .iter()
            .map(|q| {
                symbol(
                    q.name.as_str(),
                    describe(&q.value.description),
                    SymbolKind::ENUM_MEMBER,
                    &q.name.span,
                    None,
                )
            })
            .collect(),
    );
    section(
        "roles",
        SymbolKind::NAMESPACE,
        def.roles
            .iter()
            .map(|r| {
                symbol(
                    r.name.as_str(),
                    describe(&r.value.description),
                    SymbolKind::CLASS,
                    &r.name.span,
                    None,
                )
            })
            .collect(),
    );
    section(
        "agents",
        SymbolKind::NAMESPACE,
        def.agents
            .iter()
            .map(|a| {
                let role = a.value.role.as_ref().map(|r| format!("role {}", r.value));
                symbol(
                    a.name.as_str(),
                    role,
                    SymbolKind::OBJECT,
                    &a.name.span,
                    None,
                )
            })
            .collect(),
    );
    section(
        "flows",
        SymbolKind::NAMESPACE,
        def.flows
            .iter()
            .map(|f| {
                let mut children = transitions(&f.value.transitions);
                if let Some(child) = &f.value.child_flow {
                    let child_transitions = transitions(&child.transitions);
                    if let Some(first) = child.transitions.first() {
                        children.push(symbol(
                            "child_flow",
                            Some(format!("{}_child", f.name.value)),
                            SymbolKind::MODULE,
                            &first.key,
                            Some(child_transitions),
                        ));
                    }
                }
                symbol(
                    f.name.as_str(),
                    describe(&f.value.description),
                    SymbolKind::MODULE,
                    &f.name.span,
                    Some(children),
                )
            })
            .collect(),
    );
    Ok(Some(DocumentSymbolResponse::Nested(sections)))
}

/// The span of a top-level key such as `roles`.
fn top_level_key(document: &OpenDocument, name: &str) -> Option<Span> {
    let tree = &document.tree;
    let NodeKind::Mapping(entries) = &tree.node(tree.root?).kind else {
        return None;
    };
    entries
        .iter()
        .find(|&(key, _)| tree.scalar_str(key) == Some(name))
        .map(|(key, _)| tree.node(key).span())
}

/// For every mapping key, where its entry ends (the end of its value), by key start offset.
fn entry_extents(document: &OpenDocument) -> HashMap<usize, usize> {
    let tree = &document.tree;
    let mut extents = HashMap::new();
    for node in &tree.nodes {
        if let NodeKind::Mapping(entries) = &node.kind {
            for (key, value) in entries.iter() {
                extents.insert(tree.node(key).span().start, tree.node(value).span().end);
            }
        }
    }
    extents
}
