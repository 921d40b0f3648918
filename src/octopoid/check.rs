//! `check_project`: loads a project, applies octolint's rules with Octopoid's semantics and
//! returns one report per file read, each finding pointing into its own file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::agents::{self, AgentConfig, Agents};
use super::flows::{self, FlowUnit, NativeFlow};
use super::project::{FileKind, Project, find_root};
use super::settings::{self, Config, Job};
use super::tasks::{self, Task};
use super::{
    BUILTIN_QUEUES, DEFAULT_FLOW_STATES, KNOWN_TASK_ROLES, NativeOptions, NativeReport,
    RUNTIME_QUEUES, TaskRolesSource,
};
use super::{graph, roles};
use crate::check::{Report, apply_levels};
use crate::diagnostic::Diagnostic;
use crate::model::Definition;
use crate::rules;
use crate::source::Span;
use crate::{suppress, yaml};

pub use super::project::Findings;

/// Everything the native rules read.
pub struct Native<'a> {
    pub project: &'a Project,
    pub config: Option<&'a Config>,
    pub agents: &'a Agents,
    pub flows: &'a [NativeFlow],
    pub jobs: &'a [Job],
    pub tasks: &'a [Task],
    pub task_roles: &'a [String],
    pub task_roles_source: &'a TaskRolesSource,
}

impl<'a> Native<'a> {
    /// Every flow and child flow.
    pub fn units(&self) -> Vec<FlowUnit<'a>> {
        self.flows.iter().flat_map(NativeFlow::units).collect()
    }

    /// The pool agents Octopoid runs.
    pub fn pool(&self) -> &'a [AgentConfig] {
        &self.agents.pool
    }

    /// Whether states come from the project's flows (else the default flow's are assumed).
    pub fn has_flows(&self) -> bool {
        !self.flows.is_empty()
    }

    /// The states a task can be in: every flow's states, the built-in ones and the ones the
    /// runtime adds. A project without flows gets the states of `octopoid init`'s flow.
    pub fn declared_queues(&self) -> BTreeSet<&'a str> {
        let mut queues: BTreeSet<&str> = BUILTIN_QUEUES.into_iter().chain(RUNTIME_QUEUES).collect();
        if !self.has_flows() {
            queues.extend(DEFAULT_FLOW_STATES);
        }
        for unit in self.units() {
            queues.extend(unit.states());
        }
        queues
    }

    /// The pool agents a flow's `agent:` names, by name, blueprint or role (as Octopoid's
    /// flow validation matches it).
    pub fn matching_agents(&self, reference: &str) -> Vec<&'a AgentConfig> {
        self.pool()
            .iter()
            .filter(|a| {
                a.name.value == reference
                    || a.blueprint.as_deref() == Some(reference)
                    || a.role.as_ref().is_some_and(|r| r.value == reference)
            })
            .collect()
    }

    /// A file's name for messages: relative to `.octopoid/` when inside it (so a message
    /// reads the same wherever the check runs), else as displayed.
    pub fn file_name(&self, file: usize) -> String {
        let file = &self.project.files[file];
        match file.path.strip_prefix(&self.project.root) {
            Ok(inner) => inner.display().to_string(),
            Err(_) => file.source.name.clone(),
        }
    }

    /// "Octopoid's known task roles (implement, breakdown, ...)".
    pub fn task_roles_phrase(&self) -> String {
        format!(
            "{} ({})",
            self.task_roles_source.describe(),
            self.task_roles.join(", ")
        )
    }
}

/// A loaded project and everything decoded from it.
#[derive(Debug)]
pub struct NativeProject {
    pub project: Project,
    pub config: Option<Config>,
    pub agents: Agents,
    pub flows: Vec<NativeFlow>,
    pub jobs: Vec<Job>,
    pub tasks: Vec<Task>,
    pub task_roles: Vec<String>,
    pub task_roles_source: TaskRolesSource,
    /// The `octolint.yaml` beside `.octopoid/`, when there is one.
    pub definition: Option<Definition>,
}

impl NativeProject {
    pub fn native(&self) -> Native<'_> {
        Native {
            project: &self.project,
            config: self.config.as_ref(),
            agents: &self.agents,
            flows: &self.flows,
            jobs: &self.jobs,
            tasks: &self.tasks,
            task_roles: &self.task_roles,
            task_roles_source: &self.task_roles_source,
        }
    }
}

/// Reads and decodes the project at (or inside) `path`, without checking it. Findings made
/// while reading are in `project.findings`.
pub fn load(path: &Path, options: &NativeOptions) -> Result<NativeProject, String> {
    let root = find_root(path).ok_or_else(|| {
        format!(
            "{} is not an Octopoid project: no .octopoid directory",
            path.display()
        )
    })?;
    let mut project = Project::load_with(&root, &options.tasks, options.unsaved.clone())?;
    // Each file's document-level problems (flows report theirs while decoding).
    for (index, file) in project.files.iter().enumerate() {
        if let (Some(doc), false) = (&file.doc, file.kind == FileKind::Flow) {
            let mut out = Vec::new();
            crate::model::document_problems(doc, &file.source.text, &mut out);
            project.findings.files[index].extend(out);
        }
    }
    let config = settings::config(&mut project);
    let agents = agents::load(&mut project);
    let flows = flows::load(&mut project);
    let jobs = settings::jobs(&mut project);
    let tasks = tasks::load(&mut project);
    let definition = beside_definition(&root);
    let (task_roles, task_roles_source) = task_roles(options, definition.as_ref(), &tasks);
    Ok(NativeProject {
        project,
        config,
        agents,
        flows,
        jobs,
        tasks,
        task_roles,
        task_roles_source,
        definition: definition.map(|(_, def)| def),
    })
}

/// The `octolint.yaml` next to the `.octopoid` directory, decoded (findings in it are
/// reported by `octolint check` on that file, not here).
fn beside_definition(root: &Path) -> Option<(PathBuf, Definition)> {
    let path = root.parent()?.join("octolint.yaml");
    let bytes = std::fs::read(&path).ok()?;
    let (_, def) = crate::check::check_definition(&path.display().to_string(), &bytes);
    Some((path, def?))
}

/// The task roles, from the first source that has any: the override, the definition beside
/// `.octopoid/`, the task files, Octopoid's known roles.
fn task_roles(
    options: &NativeOptions,
    definition: Option<&(PathBuf, Definition)>,
    tasks: &[Task],
) -> (Vec<String>, TaskRolesSource) {
    if let Some(roles) = &options.task_roles {
        return (roles.clone(), TaskRolesSource::Override);
    }
    if let Some((path, def)) = definition
        && !def.roles.is_empty()
    {
        let roles = def.roles.names().map(str::to_string).collect();
        return (roles, TaskRolesSource::Definition(path.clone()));
    }
    let mut from_tasks: Vec<String> = Vec::new();
    for role in tasks.iter().filter_map(Task::role) {
        if !from_tasks.contains(&role.value) {
            from_tasks.push(role.value.clone());
        }
    }
    if !from_tasks.is_empty() {
        let files = tasks.iter().filter(|t| t.role().is_some()).count();
        return (from_tasks, TaskRolesSource::TaskFiles(files));
    }
    let known = KNOWN_TASK_ROLES.iter().map(|r| r.to_string()).collect();
    (known, TaskRolesSource::Known)
}

type NativeCheck = fn(&Native, &mut Findings);

/// Every native check: definition rules applied with Octopoid's semantics, then the
/// Octopoid-only rules.
const CHECKS: &[NativeCheck] = &[
    roles::check,
    graph::check,
    rules::claim_from_undeclared_queue::check,
    rules::unpolled_claim_queue::check,
    rules::flow_agent_unmatched::check,
    rules::flow_agent_ambiguous::check,
    rules::conflicting_agent_config::check,
    rules::legacy_agents_ignored::check,
    rules::task_blocked_by_unknown::check,
    rules::task_role_unclaimed::check,
    rules::reject_not_to_incoming::check_native,
];

/// Checks the Octopoid project at `root` (a `.octopoid` directory, or a directory containing
/// one). Fails only when `root` is not a project or a file cannot be read.
pub fn check_project(root: &Path, options: &NativeOptions) -> Result<NativeReport, String> {
    Ok(check_loaded(&load(root, options)?))
}

/// Checks a loaded project: one report per file read, in the order they were read.
pub fn check_loaded(loaded: &NativeProject) -> NativeReport {
    let mut findings = Findings::default();
    let native = loaded.native();
    tasks::check(&native, &mut findings);
    for check in CHECKS {
        check(&native, &mut findings);
    }
    let project = &loaded.project;
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
            finish(file, diagnostics, loaded.definition.as_ref())
        })
        .collect();
    NativeReport {
        reports,
        task_roles: loaded.task_roles.clone(),
        task_roles_source: loaded.task_roles_source.clone(),
    }
}

/// Applies `lint.rules` levels from the definition beside `.octopoid/` and suppression
/// comments (YAML files only), then sorts the findings as `check` does.
fn finish(
    file: &super::NativeFile,
    mut diagnostics: Vec<Diagnostic>,
    def: Option<&Definition>,
) -> Report {
    if let Some(def) = def {
        apply_levels(def, &mut diagnostics);
    }
    if let Some(doc) = &file.doc {
        suppress::apply(
            &file.source,
            &multiline_scalars(doc, &file.source.text),
            &mut diagnostics,
        );
        if let Some(def) = def {
            apply_levels(def, &mut diagnostics);
        }
    }
    crate::diagnostic::sort(&mut diagnostics);
    Report {
        file: file.source.clone(),
        diagnostics,
    }
}

/// Spans of scalars that run over several lines, inside which a `#` is text.
fn multiline_scalars(doc: &yaml::Document, text: &str) -> Vec<Span> {
    doc.nodes
        .iter()
        .filter(|node| matches!(node.kind, yaml::NodeKind::Scalar { .. }))
        .filter(|node| text[node.span.clone()].contains('\n'))
        .map(|node| node.span.clone())
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::fs;

    use super::*;

    /// Checks a project written from `(path, text)` pairs; returns `file:line rule` lines.
    pub(crate) fn findings(files: &[(&str, &str)], options: &NativeOptions) -> Vec<String> {
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
        assert_eq!(findings(&[agent], &NativeOptions::default()).len(), 1);
        let dir = tempfile::tempdir().unwrap();
        let tasks_dir = dir.path().join("tasks");
        fs::create_dir_all(&tasks_dir).unwrap();
        fs::write(tasks_dir.join("TASK-1.md"), task.1).unwrap();
        let options = NativeOptions {
            tasks: vec![tasks_dir],
            task_roles: None,
            ..Default::default()
        };
        assert!(findings(&[agent], &options).is_empty());
        assert!(findings(&[agent, definition], &NativeOptions::default()).is_empty());
        let options = NativeOptions {
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
        assert!(findings(&[agent], &NativeOptions::default()).is_empty());
        let agent = (".octopoid/agents/a/agent.yaml", "role: triage\n");
        let definition = (
            "octolint.yaml",
            "version: 1\nlint: {rules: {unknown-role: off}}\n",
        );
        assert!(findings(&[agent, definition], &NativeOptions::default()).is_empty());
    }
}
