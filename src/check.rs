//! `check` as a library call: bytes in, sorted diagnostics out. No I/O happens here.

use crate::diagnostic::Diagnostic;
use crate::model::{Definition, RuleLevel};
use crate::rules::conflicting_role_registration::{self, Registered};
use crate::rules::{self, Context, yaml_syntax::YAML_SYNTAX};
use crate::semantic::Semantic;
use crate::source::SourceFile;
use crate::{model, suppress, yaml};

/// The findings for one file.
#[derive(Debug)]
pub struct Report {
    pub file: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error)
    }
}

/// Checks raw file contents. Invalid UTF-8 is a `yaml-syntax` finding at the first bad byte.
pub fn check_bytes(name: &str, bytes: &[u8]) -> Report {
    check_definition(name, bytes).0
}

/// Checks raw file contents and also returns the decoded definition (absent when the file is
/// not UTF-8 or not YAML).
pub fn check_definition(name: &str, bytes: &[u8]) -> (Report, Option<Definition>) {
    if bytes.len() > yaml::MAX_SOURCE_BYTES {
        return (oversized(name, bytes.len() as u64), None);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let file = SourceFile::new(name, text);
            let (diagnostics, definition) = check_file(&file);
            (Report { file, diagnostics }, definition)
        }
        Err(error) => {
            let at = error.valid_up_to();
            let file = SourceFile::new(name, String::from_utf8_lossy(bytes));
            // The lossy text replaces the bad byte with U+FFFD at the same offset.
            let end = at + file.text[at..].chars().next().map_or(0, char::len_utf8);
            let diagnostic = Diagnostic::new(
                &YAML_SYNTAX,
                at..end,
                format!("the file is not valid UTF-8 (invalid byte at offset {at})"),
            )
            .help("save the file as UTF-8");
            let report = Report {
                file,
                diagnostics: vec![diagnostic],
            };
            (report, None)
        }
    }
}

/// The report for a file of `len` bytes, over [`yaml::MAX_SOURCE_BYTES`]: one `yaml-syntax`
/// finding. The text is not decoded, indexed or parsed (callers need not even read it all),
/// and the finding points at the start of an empty file, so no renderer prints a snippet of
/// the oversized text.
pub fn oversized(name: &str, len: u64) -> Report {
    let diagnostic = Diagnostic::new(
        &YAML_SYNTAX,
        0..0,
        yaml::too_large_message(usize::try_from(len).unwrap_or(usize::MAX)),
    )
    .help("a definition is a few kilobytes; check that this is the file you meant");
    Report {
        file: SourceFile::new(name, String::new()),
        diagnostics: vec![diagnostic],
    }
}

/// Checks one definition held in memory.
pub fn check_source(file: SourceFile) -> Report {
    let (diagnostics, _) = check_file(&file);
    Report { file, diagnostics }
}

/// Checks `file`, returning the findings and the decoded definition (absent on a syntax error).
pub fn check_file(file: &SourceFile) -> (Vec<Diagnostic>, Option<Definition>) {
    let (diagnostics, definition, _) = check_tree(file, false);
    (diagnostics, definition)
}

/// [`check_file`], also returning the parsed tree: the language server keeps it for completion
/// and navigation, and parsing the text a second time would double the work of a keystroke.
pub fn check_file_and_tree(
    file: &SourceFile,
) -> (Vec<Diagnostic>, Option<Definition>, yaml::Document) {
    let (diagnostics, definition, tree) = check_tree(file, true);
    (diagnostics, definition, tree.unwrap_or_default())
}

/// Checks several files as one run, as `octolint check` does with every file it is given:
/// each alone, then together ([`check_together`]).
pub fn check_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<Report> {
    let mut reports = Vec::new();
    let mut definitions = Vec::new();
    for (name, bytes) in files {
        let (report, definition) = check_definition(name, bytes);
        if let Some(definition) = definition {
            definitions.push((reports.len(), definition));
        }
        reports.push(report);
    }
    check_together(&mut reports, &definitions);
    reports
}

/// Adds the findings of the rules that look across the definitions of one run
/// (`conflicting-role-registration`) to their reports. `definitions` pairs each decoded
/// definition with the index of its report. A report that gains findings is checked again
/// with them, so that levels and suppression comments apply to them as to any other.
pub fn check_together(reports: &mut [Report], definitions: &[(usize, Definition)]) {
    let registered: Vec<Registered> = definitions
        .iter()
        .map(|(index, def)| Registered {
            file: &reports[*index].file,
            def,
        })
        .collect();
    let found = conflicting_role_registration::check_across(&registered);
    for ((index, _), extra) in definitions.iter().zip(found) {
        if extra.is_empty() {
            continue;
        }
        let report = &mut reports[*index];
        report.diagnostics = check_tree_with(&report.file, false, extra).0;
    }
}

fn check_tree(
    file: &SourceFile,
    keep_tree: bool,
) -> (Vec<Diagnostic>, Option<Definition>, Option<yaml::Document>) {
    check_tree_with(file, keep_tree, Vec::new())
}

/// [`check_tree`] with findings made elsewhere added before levels and suppressions apply.
fn check_tree_with(
    file: &SourceFile,
    keep_tree: bool,
    extra: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Option<Definition>, Option<yaml::Document>) {
    // Did-you-mean compares names pairwise; the budget keeps a file with thousands of
    // misspellings among thousands of names from taking minutes.
    crate::suggest::with_budget(crate::suggest::CHECK_BUDGET, || {
        let doc = yaml::load(&file.text);
        // Suppressions need only the spans of multi-line scalars from the tree.
        let text_spans = multiline_scalars(&doc, &file.text);
        let mut diagnostics = extra;
        let mut definition = None;
        if let Some(error) = &doc.error {
            diagnostics.push(crate::diagnostic::structural::yaml_syntax::finding(
                error, &file.text,
            ));
        } else {
            definition = Some(model::decode(
                &doc,
                &file.text,
                &mut diagnostics,
                rules::names_and_codes(),
            ));
        }
        // The tree is the largest structure by far: unless the caller keeps it, it is freed
        // before the semantic model is built, which lowers the peak memory of a large file.
        let tree = keep_tree.then_some(doc);
        if let Some(def) = &definition {
            let semantic = Semantic::new(def);
            rules::run(
                &Context {
                    file,
                    semantic: &semantic,
                },
                &mut diagnostics,
            );
        }
        (
            finish(file, &text_spans, definition.as_ref(), diagnostics),
            definition,
            tree,
        )
    })
}

/// Levels, suppressions and the final order of the findings.
fn finish(
    file: &SourceFile,
    text_spans: &[crate::source::Span],
    definition: Option<&Definition>,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    // Levels apply before suppressions (a rule turned off needs no suppression) and again
    // after, for the `unused-suppression` findings that suppressing produces.
    if let Some(def) = definition {
        apply_levels(def, &mut diagnostics);
    }
    suppress::apply(file, text_spans, &mut diagnostics);
    if let Some(def) = definition {
        apply_levels(def, &mut diagnostics);
    }
    crate::diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Applies the definition's `lint.rules` severities; `off` removes a rule's findings.
pub(crate) fn apply_levels(def: &Definition, diagnostics: &mut Vec<Diagnostic>) {
    let Some(lint) = &def.lint else {
        return;
    };
    let level_of = |rule: &crate::diagnostic::RuleMeta| {
        lint.rules
            .iter()
            .find(|(written, _)| rule.is(&written.value))
            .map(|(_, level)| level.value)
    };
    diagnostics.retain_mut(|diagnostic| match level_of(diagnostic.rule) {
        None => true,
        Some(RuleLevel::Off) => false,
        Some(level) => {
            diagnostic.severity = match level {
                RuleLevel::Error => crate::diagnostic::Severity::Error,
                RuleLevel::Warning => crate::diagnostic::Severity::Warning,
                _ => crate::diagnostic::Severity::Info,
            };
            true
        }
    });
}

/// Spans of scalars that run over several lines, inside which a `#` is text.
pub(crate) fn multiline_scalars(doc: &yaml::Document, text: &str) -> Vec<crate::source::Span> {
    doc.nodes
        .iter()
        .filter(|node| matches!(node.kind, yaml::NodeKind::Scalar { .. }))
        .filter(|node| text[node.span.clone()].contains('\n'))
        .map(|node| node.span.clone())
        .collect()
}
