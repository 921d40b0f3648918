//! Loading a project: every file read, decoded into typed, spanned views, and what the rules
//! read ([`Context`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::agents::{self, AgentConfig, Agents};
use super::flows::{self, FlowFile, FlowUnit};
use super::project::{FileKind, Sources, find_root};
use super::settings::{self, Config, Job};
use super::tasks::{self, Task};
use super::{
    BUILTIN_QUEUES, DEFAULT_FLOW_STATES, KNOWN_TASK_ROLES, ProjectOptions, RUNTIME_QUEUES,
    TaskRolesSource,
};
use crate::model::Definition;

pub use super::project::Findings;

/// Everything the native rules read.
pub struct Context<'a> {
    pub sources: &'a Sources,
    pub config: Option<&'a Config>,
    pub agents: &'a Agents,
    pub flows: &'a [FlowFile],
    pub jobs: &'a [Job],
    pub tasks: &'a [Task],
    pub task_roles: &'a [String],
    pub task_roles_source: &'a TaskRolesSource,
}

impl<'a> Context<'a> {
    /// Every flow and child flow.
    pub fn units(&self) -> Vec<FlowUnit<'a>> {
        self.flows.iter().flat_map(FlowFile::units).collect()
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
        let file = &self.sources.files[file];
        match file.path.strip_prefix(&self.sources.root) {
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
pub struct Project {
    pub sources: Sources,
    pub config: Option<Config>,
    pub agents: Agents,
    pub flows: Vec<FlowFile>,
    pub jobs: Vec<Job>,
    pub tasks: Vec<Task>,
    pub task_roles: Vec<String>,
    pub task_roles_source: TaskRolesSource,
    /// The `octolint.yaml` beside `.octopoid/`, when there is one.
    pub definition: Option<Definition>,
}

impl Project {
    pub fn context(&self) -> Context<'_> {
        Context {
            sources: &self.sources,
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
/// while reading are in `sources.findings`. `beside` reads the definition beside the
/// project's `.octopoid/` directory, given that directory: decoding one takes the names of
/// every rule, which the registry above this module knows.
pub fn load(
    path: &Path,
    options: &ProjectOptions,
    beside: impl FnOnce(&Path) -> Option<(PathBuf, Definition)>,
) -> Result<Project, String> {
    let root = find_root(path).ok_or_else(|| {
        format!(
            "{} is not an Octopoid project: no .octopoid directory",
            path.display()
        )
    })?;
    let mut project = Sources::load_with(&root, &options.tasks, options.unsaved.clone())?;
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
    let definition = beside(&root);
    let (task_roles, task_roles_source) = task_roles(options, definition.as_ref(), &tasks);
    Ok(Project {
        sources: project,
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

/// The task roles, from the first source that has any: the override, the definition beside
/// `.octopoid/`, the task files, Octopoid's known roles.
fn task_roles(
    options: &ProjectOptions,
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
