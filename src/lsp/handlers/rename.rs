//! `textDocument/prepareRename` and `textDocument/rename` of a role, queue or agent across the
//! document, including queue names inside `"<from> -> <to>"` keys; in an `.octopoid/`
//! project, of a role across the project's files.

use std::collections::HashMap;

use lsp_types::{
    Position, PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, Uri,
    WorkspaceEdit,
};

use super::{at_position, project_location, project_name_at, with_occurrences};
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
    if let Some((analysis, file, here)) =
        project_name_at(server, &params.text_document.uri, params.position)
    {
        analysis.role_rename_sites(here)?;
        let source = &analysis.loaded.sources.files[file].source;
        return Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: range(source, &here.span, server.encoding),
            placeholder: here.name.clone(),
        }));
    }
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
    if server.projects.file(&uri).is_some() {
        return project_rename(server, &uri, position.position, &params.new_name).map(Some);
    }
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

/// A role renamed across the files of an `.octopoid/` project
/// ([`crate::lsp::projects::ProjectAnalysis::role_rename_sites`]).
fn project_rename(
    server: &Server,
    uri: &Uri,
    position: Position,
    new_name: &str,
) -> Result<WorkspaceEdit, String> {
    let Some((analysis, _, here)) = project_name_at(server, uri, position) else {
        return Err("there is no role name here".to_string());
    };
    let sites = analysis.role_rename_sites(here)?;
    analysis.check_new_role_name(&here.name, new_name)?;
    // Grouped by file index: a `Uri` has interior mutability, so it is no key to fill a map by.
    let mut by_file: std::collections::BTreeMap<usize, (Uri, Vec<TextEdit>)> = Default::default();
    for (file, span) in sites {
        let location = project_location(server, analysis, file, &span)
            .ok_or_else(|| "a file of the project has no URI".to_string())?;
        by_file
            .entry(file)
            .or_insert_with(|| (location.uri, Vec::new()))
            .1
            .push(TextEdit::new(location.range, new_name.to_string()));
    }
    Ok(WorkspaceEdit {
        changes: Some(by_file.into_values().collect()),
        ..Default::default()
    })
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
