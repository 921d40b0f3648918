//! The one path every file takes: read → decode → rules → levels and suppressions → sorted
//! findings. A definition goes through [`check_definition`]; an Octopoid project through
//! [`check_project`], whose loading and rules are the Octopoid provider's. No output happens
//! here. [`check_project`] and [`load_project`] read a project's files (a project is a
//! directory); of a definition, only `missing-prompt-file` looks at the disk, for a role's
//! prompt file beside it, and only when the definition is a file there.

use std::path::{Path, PathBuf};

use crate::diagnostic::structural::yaml_syntax::{self, YAML_SYNTAX};
use crate::diagnostic::{Diagnostic, Report};
use crate::model::{Definition, RuleLevel};
use crate::octopoid::{self, Import, Project, ProjectOptions, TaskRolesSource};
use crate::rules::server::conflicting_role_registration::{self, Registered};
use crate::rules::{self, Context};
use crate::semantic::Semantic;
use crate::source::{SourceFile, Span};
use crate::{model, registry, suppress, yaml};

/// Checks raw file contents. Invalid UTF-8 is a `yaml-syntax` finding at the first bad byte.
pub fn check_bytes(name: &str, bytes: &[u8]) -> Report {
    check_definition(name, bytes).0
}

/// Checks raw file contents and also returns the decoded definition (absent when the file is
/// not UTF-8 or not YAML).
/// Owned bytes (`Vec<u8>`) are checked without copying them.
pub fn check_definition<'a>(
    name: &str,
    bytes: impl Into<std::borrow::Cow<'a, [u8]>>,
) -> (Report, Option<Definition>) {
    let bytes = bytes.into();
    if bytes.len() > yaml::MAX_SOURCE_BYTES {
        return (oversized(name, bytes.len() as u64), None);
    }
    match yaml_syntax::source_of(name, bytes) {
        (file, None) => {
            let (diagnostics, definition) = check_file(&file);
            (Report { file, diagnostics }, definition)
        }
        (file, Some(problem)) => (
            Report {
                file,
                diagnostics: vec![problem],
            },
            None,
        ),
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
    check_parsed_with(file, yaml::load(&file.text), |_| {})
}

/// [`check_file_and_tree`] of the tree of `file` parsed by the caller (the language server
/// parses only the edited part of a document again: [`yaml::reload`]), also showing `visit`
/// the semantic model the rules read (when the file decodes), so a caller that wants more
/// from it need not build it a second time.
pub fn check_parsed_with(
    file: &SourceFile,
    tree: yaml::Document,
    mut visit: impl FnMut(&Semantic),
) -> (Vec<Diagnostic>, Option<Definition>, yaml::Document) {
    let (diagnostics, definition, tree) =
        check_tree_with(file, Some(tree), true, Vec::new(), &mut visit);
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
        report.diagnostics = check_tree_with(&report.file, None, false, extra, &mut |_| {}).0;
    }
}

fn check_tree(
    file: &SourceFile,
    keep_tree: bool,
) -> (Vec<Diagnostic>, Option<Definition>, Option<yaml::Document>) {
    check_tree_with(file, None, keep_tree, Vec::new(), &mut |_| {})
}

/// [`check_tree`] of `tree` (else the file parsed here), with findings made elsewhere added
/// before levels and suppressions apply.
fn check_tree_with(
    file: &SourceFile,
    tree: Option<yaml::Document>,
    keep_tree: bool,
    extra: Vec<Diagnostic>,
    visit: &mut dyn FnMut(&Semantic),
) -> (Vec<Diagnostic>, Option<Definition>, Option<yaml::Document>) {
    // Did-you-mean compares names pairwise; the budget keeps a file with thousands of
    // misspellings among thousands of names from taking minutes.
    crate::suggest::with_budget(crate::suggest::CHECK_BUDGET, || {
        let doc = tree.unwrap_or_else(|| yaml::load(&file.text));
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
                registry::lint_keys(),
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
            visit(&semantic);
        }
        (
            finish(file, Some(&text_spans), definition.as_ref(), diagnostics),
            definition,
            tree,
        )
    })
}

/// Levels, suppressions and the final order of the findings. `text_spans` are the spans of
/// multi-line scalars of a YAML file, inside which a `#` is text; a file that is not YAML
/// (a task file) has none and takes no suppression comments.
fn finish(
    file: &SourceFile,
    text_spans: Option<&[Span]>,
    definition: Option<&Definition>,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    // Levels apply before suppressions (a rule turned off needs no suppression) and again
    // after, for the `unused-suppression` findings that suppressing produces.
    if let Some(def) = definition {
        apply_levels(def, &mut diagnostics);
    }
    if let Some(text_spans) = text_spans {
        suppress::apply(file, text_spans, &mut diagnostics);
        if let Some(def) = definition {
            apply_levels(def, &mut diagnostics);
        }
    }
    crate::diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Applies the definition's `lint.rules` severities; `off` removes a rule's findings. An
/// entry for a rule (by name or code) outranks one for its family (`OL6`), wherever each is
/// written, so `{OL6: off, forbidden-command: error}` keeps one policy rule.
pub fn apply_levels(def: &Definition, diagnostics: &mut Vec<Diagnostic>) {
    let Some(lint) = &def.lint else {
        return;
    };
    let level_of = |rule: &crate::diagnostic::RuleMeta| {
        let family = registry::family_prefix(rule.code);
        let entry = |matches: &dyn Fn(&str) -> bool| {
            lint.rules
                .iter()
                .find(|(written, _)| matches(&written.value))
                .map(|(_, level)| level.value)
        };
        entry(&|written| rule.is(written))
            .or_else(|| entry(&|written| written.eq_ignore_ascii_case(family)))
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
pub fn multiline_scalars(doc: &yaml::Document, text: &str) -> Vec<Span> {
    doc.nodes
        .iter()
        .filter(|node| matches!(node.kind, yaml::NodeKind::Scalar { .. }))
        .filter(|node| text[node.span()].contains('\n'))
        .map(|node| node.span())
        .collect()
}

/// The findings for one Octopoid project.
#[derive(Debug)]
pub struct ProjectReport {
    /// One report per file read, in a stable order; diagnostics point into that file.
    pub reports: Vec<Report>,
    /// The task roles incoming claimers were checked against.
    pub task_roles: Vec<String>,
    /// Where [`ProjectReport::task_roles`] came from.
    pub task_roles_source: TaskRolesSource,
}

impl ProjectReport {
    pub fn has_errors(&self) -> bool {
        self.reports.iter().any(Report::has_errors)
    }
}

/// Reads and decodes the Octopoid project at (or inside) `path`, with the `octolint.yaml`
/// beside its `.octopoid/` directory, without checking it.
pub fn load_project(path: &Path, options: &ProjectOptions) -> Result<Project, String> {
    octopoid::load(path, options, beside_definition)
}

/// The `octolint.yaml` next to a `.octopoid` directory, decoded (findings in it are reported
/// by `octolint check` on that file, not with the project).
fn beside_definition(root: &Path) -> Option<(PathBuf, Definition)> {
    let path = root.parent()?.join("octolint.yaml");
    let bytes = std::fs::read(&path).ok()?;
    let (_, def) = check_definition(&path.display().to_string(), &bytes);
    Some((path, def?))
}

/// Checks the Octopoid project at `root` (a `.octopoid` directory, or a directory containing
/// one). Fails only when `root` is not a project or a file cannot be read.
pub fn check_project(root: &Path, options: &ProjectOptions) -> Result<ProjectReport, String> {
    Ok(check_loaded(&load_project(root, options)?))
}

/// Checks a loaded project: one report per file read, in the order they were read. Levels
/// come from the definition beside `.octopoid/`.
pub fn check_loaded(loaded: &Project) -> ProjectReport {
    let mut findings = octopoid::rules::run(&loaded.context());
    let project = &loaded.sources;
    let reports = project
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let mut diagnostics = project
                .findings
                .files
                .get(index)
                .cloned()
                .unwrap_or_default();
            diagnostics.extend(
                findings
                    .files
                    .get_mut(index)
                    .map(std::mem::take)
                    .into_iter()
                    .flatten(),
            );
            let text_spans = file
                .doc
                .as_ref()
                .map(|doc| multiline_scalars(doc, &file.source.text));
            let diagnostics = finish(
                &file.source,
                text_spans.as_deref(),
                loaded.definition.as_ref(),
                diagnostics,
            );
            Report {
                file: file.source.clone(),
                diagnostics,
            }
        })
        .collect();
    ProjectReport {
        reports,
        task_roles: loaded.task_roles.clone(),
        task_roles_source: loaded.task_roles_source.clone(),
    }
}

/// Imports the Octopoid project at (or inside) `path` into one definition, with the errors
/// of its files that the definition cannot carry.
pub fn import_project(path: &Path, options: &ProjectOptions) -> Result<Import, String> {
    let loaded = load_project(path, options)?;
    let report = check_loaded(&loaded);
    Ok(octopoid::import(&loaded, &report.reports))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::fs;

    use super::*;
    use crate::octopoid::ProjectOptions;

    /// An agent bound to the task role `implement`, claiming from `incoming`: a project's
    /// one agent when a test is about its flows.
    pub(crate) const IMPLEMENTER_AGENT: (&str, &str) = (
        ".octopoid/agents/implementer/agent.yaml",
        "role: implement\n",
    );

    /// Checks a project written from `(path, text)` pairs; returns `file:line rule` lines.
    pub(crate) fn findings(files: &[(&str, &str)], options: &ProjectOptions) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".octopoid");
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        fs::create_dir_all(&root).unwrap();
        let report = check_project(dir.path(), options).unwrap();
        let prefix = format!("{}/", dir.path().display());
        report
            .reports
            .iter()
            .flat_map(|r| {
                r.diagnostics.iter().map(|d| {
                    format!(
                        "{}:{} {}",
                        r.file.name.trim_start_matches(&prefix),
                        r.file.position(d.span.start).line,
                        d.rule.name
                    )
                })
            })
            .collect()
    }

    #[test]
    fn task_roles_come_from_the_first_source_that_has_them() {
        let agent = (".octopoid/agents/a/agent.yaml", "role: triage\n");
        let task = ("tasks/TASK-1.md", "# [TASK-1] x\nROLE: triage\n");
        let definition = ("octolint.yaml", "version: 1\nroles: {triage: {}}\n");
        assert_eq!(findings(&[agent], &ProjectOptions::default()).len(), 1);
        let dir = tempfile::tempdir().unwrap();
        let tasks_dir = dir.path().join("tasks");
        fs::create_dir_all(&tasks_dir).unwrap();
        fs::write(tasks_dir.join("TASK-1.md"), task.1).unwrap();
        let options = ProjectOptions {
            tasks: vec![tasks_dir],
            task_roles: None,
            ..Default::default()
        };
        assert!(findings(&[agent], &options).is_empty());
        assert!(findings(&[agent, definition], &ProjectOptions::default()).is_empty());
        let options = ProjectOptions {
            tasks: Vec::new(),
            task_roles: Some(vec!["triage".into()]),
            ..Default::default()
        };
        assert!(findings(&[agent], &options).is_empty());
    }

    #[test]
    fn levels_and_suppressions_apply_to_native_files() {
        let agent = (
            ".octopoid/agents/a/agent.yaml",
            "role: triage  # octolint: ignore[unknown-role]\n",
        );
        assert!(findings(&[agent], &ProjectOptions::default()).is_empty());
        let agent = (".octopoid/agents/a/agent.yaml", "role: triage\n");
        let definition = (
            "octolint.yaml",
            "version: 1\nlint: {rules: {unknown-role: off}}\n",
        );
        assert!(findings(&[agent, definition], &ProjectOptions::default()).is_empty());
    }
}
