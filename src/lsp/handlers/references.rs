//! `textDocument/references`: every place a name is written, in a definition or across the
//! files of an `.octopoid/` project.

use lsp_types::{Location, ReferenceParams};

use super::{at_position, project_location, project_name_at, with_occurrences};
use crate::lsp::Server;
use crate::lsp::occurrences::{all_of, at};
use crate::lsp::position::range;

pub fn references(
    server: &Server,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>, String> {
    let position = params.text_document_position;
    let uri = position.text_document.uri;
    let include_declaration = params.context.include_declaration;
    if let Some((analysis, _, here)) = project_name_at(server, &uri, position.position) {
        let locations = analysis
            .references(here)
            .into_iter()
            .filter(|(_, _, defines)| include_declaration || !defines)
            .filter_map(|(file, span, _)| project_location(server, analysis, file, &span))
            .collect();
        return Ok(Some(locations));
    }
    let Some((document, offset)) = at_position(server, &uri, position.position)? else {
        return Ok(None);
    };
    Ok(with_occurrences(document, |_, found| {
        let here = at(found, offset)?;
        let locations = all_of(found, here.kind, here.name)
            .filter(|o| include_declaration || !o.definition)
            .map(|o| Location::new(uri.clone(), range(&document.file, &o.span, server.encoding)))
            .collect();
        Some(locations)
    })
    .flatten())
}
