//! `textDocument/prepareRename` and `textDocument/rename` of a role, queue or agent across the
//! document, including queue names inside `"<from> -> <to>"` keys.

use std::collections::HashMap;

use lsp_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};

use super::{at_position, with_occurrences};
use crate::lsp::Server;
use crate::lsp::occurrences::{Occurrence, all_of, at};
use crate::lsp::position::range;
use crate::model::BUILTIN_QUEUES;
use crate::model::names::identity;
use crate::model::names::is_valid;
use crate::semantic::{Kind, Semantic};
use crate::source::SourceFile;

pub fn prepare_rename(
    server: &Server,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, String> {
    let Some((document, offset)) = at_position(server, &params.text_document.uri, params.position)?
    else {
        return Ok(None);
    };
    with_occurrences(document, |_, found| {
        let Some(here) = at(found, offset) else {
            return Ok(None);
        };
        renamable(&document.file, found, here)?;
        Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: range(&document.file, &here.span, server.encoding),
            placeholder: here.name.to_string(),
        }))
    })
    .unwrap_or(Ok(None))
}

pub fn rename(server: &Server, params: RenameParams) -> Result<Option<WorkspaceEdit>, String> {
    let position = params.text_document_position;
    let uri = position.text_document.uri;
    let Some((document, offset)) = at_position(server, &uri, position.position)? else {
        return Err("the document does not parse; fix it before renaming".into());
    };
    let new_name = params.new_name;
    with_occurrences(document, |semantic, found| {
        let Some(here) = at(found, offset) else {
            return Err("there is no role, queue or agent name here".to_string());
        };
        renamable(&document.file, found, here)?;
        check_new_name(semantic, here, &new_name)?;
        let edits: Vec<TextEdit> = all_of(found, here.kind, here.name)
            .map(|o| {
                TextEdit::new(
                    range(&document.file, &o.span, server.encoding),
                    new_name.clone(),
                )
            })
            .collect();
        Ok(Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }))
    })
    .unwrap_or(Ok(None))
}

/// Roles, queues and agents can be renamed, except built-in queues, and only when every
/// occurrence is written plainly (not with escapes), so each edit replaces exactly the name.
fn renamable(file: &SourceFile, found: &[Occurrence], here: &Occurrence) -> Result<(), String> {
    if !matches!(here.kind, Kind::Role | Kind::Queue | Kind::Agent) {
        return Err(format!("a {} cannot be renamed", here.kind.noun()));
    }
    if here.kind == Kind::Queue && BUILTIN_QUEUES.contains(&here.name) {
        return Err(format!(
            "`{}` is a built-in queue and cannot be renamed",
            here.name
        ));
    }
    for occurrence in all_of(found, here.kind, here.name) {
        if file.text.get(occurrence.span.clone()) != Some(here.name) {
            let line = file.position(occurrence.span.start).line;
            return Err(format!(
                "`{}` is written with escapes on line {line}; rename it by hand",
                here.name
            ));
        }
    }
    Ok(())
}

fn check_new_name(semantic: &Semantic, here: &Occurrence, new_name: &str) -> Result<(), String> {
    if !is_valid(new_name) {
        return Err(format!(
            "`{new_name}` is not a valid name: start with a letter; use letters, digits and single `-` or `_`"
        ));
    }
    if here.kind == Kind::Queue
        && BUILTIN_QUEUES
            .iter()
            .any(|b| identity(b) == identity(new_name))
    {
        return Err(format!("`{new_name}` is a built-in queue"));
    }
    let clash = semantic
        .names(here.kind)
        .into_iter()
        .find(|existing| *existing != here.name && identity(existing) == identity(new_name));
    if let Some(existing) = clash {
        return Err(format!(
            "a {} named `{existing}` already exists",
            here.kind.noun()
        ));
    }
    Ok(())
}
