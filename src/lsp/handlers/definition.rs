//! `textDocument/definition`: from any written name to where it is defined.

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location};

use super::{at_position, project_location, project_name_at, with_occurrences};
use crate::lsp::Server;
use crate::lsp::occurrences::{at, definition_of};
use crate::lsp::position::range;

pub fn definition(
    server: &Server,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, String> {
    let position = params.text_document_position_params;
    let uri = position.text_document.uri;
    if let Some((analysis, _, here)) = project_name_at(server, &uri, position.position) {
        let locations: Vec<Location> = analysis
            .definitions(here)
            .into_iter()
            .filter_map(|(file, span)| project_location(server, analysis, file, &span))
            .collect();
        return Ok(match locations.len() {
            0 => None,
            1 => locations
                .into_iter()
                .next()
                .map(GotoDefinitionResponse::Scalar),
            _ => Some(GotoDefinitionResponse::Array(locations)),
        });
    }
    let Some((document, offset)) = at_position(server, &uri, position.position)? else {
        return Ok(None);
    };
    Ok(with_occurrences(document, |_, found| {
        let here = at(found, offset)?;
        let target = definition_of(found, here.kind, here.name)?;
        let location = Location::new(
            uri.clone(),
            range(&document.file, &target.span, server.encoding),
        );
        Some(GotoDefinitionResponse::Scalar(location))
    })
    .flatten())
}
