//! One module per request kind. Each handler reads the server's state and returns a result;
//! none writes to the connection except through [`super::Server`].

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod document_symbol;
pub mod hover;
pub mod references;
pub mod rename;

use lsp_types::{Location, Position, Uri};

use super::Server;
use super::document::OpenDocument;
use super::occurrences::Occurrence;
use super::projects::ProjectAnalysis;
use crate::octopoid::NameUse;
use crate::semantic::Semantic;
use crate::source::Span;

/// The document, its definition and the byte offset of a position, for handlers that need a
/// parsed definition. `None` when the document does not parse.
pub(crate) fn at_position<'s>(
    server: &'s Server,
    uri: &Uri,
    position: Position,
) -> Result<Option<(&'s OpenDocument, usize)>, String> {
    let Some(document) = server.document(uri) else {
        return Ok(None);
    };
    if document.analysis.is_none() {
        return Ok(None);
    }
    let offset = super::position::offset(&document.file, position, server.encoding);
    Ok(Some((document, offset)))
}

/// The agent, role or flow name at a position of a file of an `.octopoid/` project, with the
/// project's analysis and the file's index in it.
pub(crate) fn project_name_at<'s>(
    server: &'s Server,
    uri: &Uri,
    position: Position,
) -> Option<(&'s ProjectAnalysis, usize, &'s NameUse)> {
    let (analysis, file) = server.projects.file(uri)?;
    let source = &analysis.loaded.sources.files[file].source;
    let offset = super::position::offset(source, position, server.encoding);
    let here = crate::octopoid::name_at(&analysis.uses, file, offset)?;
    Some((analysis, file, here))
}

/// Where `span` of the project's file `file` is, as a location a client can open.
pub(crate) fn project_location(
    server: &Server,
    analysis: &ProjectAnalysis,
    file: usize,
    span: &Span,
) -> Option<Location> {
    let file = &analysis.loaded.sources.files[file];
    let uri = server.projects.uri_of(&file.path).parse().ok()?;
    Some(Location::new(
        uri,
        super::position::range(&file.source, span, server.encoding),
    ))
}

/// Runs `f` with the semantic model and name occurrences of a parsed document.
pub(crate) fn with_occurrences<T>(
    document: &OpenDocument,
    f: impl FnOnce(&Semantic, &[Occurrence]) -> T,
) -> Option<T> {
    let analysis = document.analysis.as_ref()?;
    Some(analysis.with_index(|index| f(&index.semantic, &index.occurrences)))
}
