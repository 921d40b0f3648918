//! `octolint breaking`: two versions of one definition compared, for the changes that strand
//! work already on a server — the breaking-change rules (`OL8xx`, [`crate::rules::breaking`]).
//! Findings point into the new version and go through the new version's `lint.rules` levels
//! and suppression comments, like any finding.

use crate::diagnostic::Report;
use crate::pipeline::{apply_levels, check_definition, check_file_and_tree, multiline_scalars};
use crate::rules::{self, breaking::change::Change};
use crate::source::SourceFile;
use crate::suppress;

/// Compares the old version (`old_name`, `old`) with the new one. Fails, saying which, when
/// either version is not a definition that decodes.
pub fn compare(old_name: &str, old: &[u8], new_name: &str, new: &[u8]) -> Result<Report, String> {
    let (_, old_def) = check_definition(old_name, old);
    let old_def = old_def.ok_or_else(|| {
        format!("the old version ({old_name}) is not a definition that can be read")
    })?;
    let old_text = String::from_utf8_lossy(old);
    let old_file = SourceFile::new(old_name, old_text);
    let new_text = std::str::from_utf8(new)
        .map_err(|_| format!("the new version ({new_name}) is not UTF-8"))?;
    let new_file = SourceFile::new(new_name, new_text);
    let (_, new_def, new_tree) = check_file_and_tree(&new_file);
    let new_def = new_def.ok_or_else(|| {
        format!("the new version ({new_name}) is not a definition that can be read: run `octolint check {new_name}`")
    })?;
    let change = Change {
        old: &old_def,
        old_file: &old_file,
        new: &new_def,
        new_tree: &new_tree,
    };
    let mut diagnostics = Vec::new();
    for check in rules::breaking_checks() {
        check(&change, &mut diagnostics);
    }
    apply_levels(&new_def, &mut diagnostics);
    let text_spans = multiline_scalars(&new_tree, &new_file.text);
    suppress::apply_breaking(&new_file, &text_spans, &mut diagnostics);
    apply_levels(&new_def, &mut diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    Ok(Report {
        file: new_file,
        diagnostics,
    })
}
