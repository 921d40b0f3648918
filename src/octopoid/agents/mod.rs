//! Agents, wherever Octopoid finds them: `agents/<name>/agent.yaml` (current) and the four
//! shapes `agents.yaml` has had — a v1 list, a v2 list with ids, a `fleet:` list and an
//! `agents:` mapping keyed by blueprint.
//!
//! Octopoid's precedence (`config.get_agents`): the pool is every `agents/*/agent.yaml` that
//! is not a job agent, not on demand and not disabled; only when there is none are the legacy
//! `agents.yaml` entries used — an `agents:` mapping first, else a `fleet:` list. Legacy
//! entries take defaults from the `agent.yaml` of their `agent_dir` or `type`. The current
//! loader reads neither list shape; octolint still checks a list as the Octopoid that wrote
//! it did, since that is the configuration such a project runs.

//!
//! The parts: `keys` (what Octopoid reads where), `files` (`agent.yaml` files and the defaults
//! legacy entries take from them), `legacy` (the `agents.yaml` shapes) and, here, the types
//! and the precedence that picks the pool.

mod files;
mod keys;
mod legacy;

use super::project::{FileKind, Sources};
use crate::model::Spanned;
use crate::source::Span;
use files::{agent_file, blueprint_defaults};
use legacy::{choose_legacy, legacy_file};

/// A value, where it is written and in which file (an index into [`Sources::files`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<T> {
    pub file: usize,
    pub span: Span,
    pub value: T,
}

impl<T> Field<T> {
    fn at(file: usize, spanned: Spanned<T>) -> Self {
        Self {
            file,
            span: spanned.span,
            value: spanned.value,
        }
    }
}

/// Where an agent is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `agents/<name>/agent.yaml` (or a blueprint's `agent.yaml`).
    AgentYaml,
    /// `agents.yaml`: `agents: [{name, role, ...}]`.
    V1List,
    /// `agents.yaml`: `agents: [{id, name, role, ...}]`.
    V2List,
    /// `agents.yaml`: `fleet: [{name, type, ...}]`.
    Fleet,
    /// `agents.yaml`: `agents: {<blueprint>: {...}}`.
    Mapping,
}

impl Shape {
    pub fn describe(self) -> &'static str {
        match self {
            Self::AgentYaml => "agent.yaml",
            Self::V1List => "the v1 `agents:` list",
            Self::V2List => "the v2 `agents:` list",
            Self::Fleet => "the `fleet:` list",
            Self::Mapping => "the `agents:` mapping",
        }
    }
}

/// One agent's configuration as written in one place.
#[derive(Debug, Clone)]
pub struct AgentConfig {
    pub file: usize,
    pub shape: Shape,
    /// The agent's name; for an `agent.yaml` without `name:` its directory, spanned at the
    /// start of the file.
    pub name: Field<String>,
    /// The pool blueprint: the `agent.yaml` directory, the mapping key or the fleet name.
    pub blueprint: Option<String>,
    pub role: Option<Field<String>>,
    /// Whether `role` is really the `type` key (Octopoid falls back to it).
    pub role_from_type: bool,
    pub kind: Option<Field<String>>,
    pub claim_from: Option<Field<String>>,
    pub model: Option<Field<String>>,
    pub max_turns: Option<Field<u64>>,
    pub max_instances: Option<Field<u64>>,
    pub interval_seconds: Option<Field<u64>>,
    pub tools: Option<Vec<Field<String>>>,
    pub spawn_mode: Option<Field<String>>,
    pub agent_dir: Option<Field<String>>,
    pub path: Option<Field<String>>,
    pub enabled: bool,
    pub paused: bool,
    pub lightweight: bool,
    pub job_agent: bool,
    pub on_demand: bool,
    /// Keys set here that the definition format has no place for (for import notes).
    pub unmapped: Vec<String>,
}

impl AgentConfig {
    /// The queue it claims from (`incoming` unless set).
    pub fn claim_queue(&self) -> &str {
        self.claim_from
            .as_ref()
            .map_or(super::DEFAULT_CLAIM_QUEUE, |f| f.value.as_str())
    }

    /// Whether the scheduler claims for it with its role as the filter: scripts-mode agents
    /// claiming from `incoming`. Module-mode agents claim in their own code, and so did every
    /// agent of the v1 (file-queue) era, whose `role` chose the module to run.
    pub fn filters_by_role(&self) -> bool {
        self.shape != Shape::V1List
            && self.claim_queue() == super::DEFAULT_CLAIM_QUEUE
            && self
                .spawn_mode
                .as_ref()
                .is_none_or(|m| m.value == "scripts")
    }

    /// Whether the pool evaluates it (job and on-demand agents are spawned otherwise).
    pub fn in_pool(&self) -> bool {
        self.enabled && !self.job_agent && !self.on_demand
    }

    /// Fills every setting this entry leaves unset from `defaults` (a blueprint's
    /// `agent.yaml`), as Octopoid merges `{**type_defaults, **entry}`.
    fn fill_from(&mut self, defaults: &AgentConfig) {
        fn fill<T: Clone>(own: &mut Option<T>, other: &Option<T>) {
            if own.is_none() {
                own.clone_from(other);
            }
        }
        // A role the blueprint sets beats this entry's `type` fallback.
        if (self.role.is_none() || self.role_from_type)
            && let Some(role) = defaults.role.clone().filter(|_| !defaults.role_from_type)
        {
            self.role = Some(role);
            self.role_from_type = false;
        }
        fill(&mut self.claim_from, &defaults.claim_from);
        fill(&mut self.model, &defaults.model);
        fill(&mut self.max_turns, &defaults.max_turns);
        fill(&mut self.max_instances, &defaults.max_instances);
        fill(&mut self.interval_seconds, &defaults.interval_seconds);
        fill(&mut self.tools, &defaults.tools);
        fill(&mut self.spawn_mode, &defaults.spawn_mode);
        for key in &defaults.unmapped {
            if !self.unmapped.contains(key) {
                self.unmapped.push(key.clone());
            }
        }
    }
}

/// An `agents:` or `fleet:` key of `agents.yaml`, and why Octopoid ignores it, if it does.
#[derive(Debug, Clone)]
pub struct LegacyBlock {
    pub file: usize,
    pub key: Spanned<String>,
    pub shape: Shape,
    pub entries: usize,
    pub ignored_because: Option<String>,
}

/// Every agent configuration of a project and the pool Octopoid runs.
#[derive(Debug, Default)]
pub struct Agents {
    /// Every configuration read: `agent.yaml` files first, then legacy entries.
    pub configs: Vec<AgentConfig>,
    /// The pool agents Octopoid runs, with blueprint defaults merged in.
    pub pool: Vec<AgentConfig>,
    /// Indices into `configs` of the entries the pool was built from.
    pub pool_sources: Vec<usize>,
    pub legacy: Vec<LegacyBlock>,
}

/// Reads every agent of `project`, loading blueprint `agent.yaml` files legacy entries refer
/// to, and applies Octopoid's precedence.
pub fn load(project: &mut Sources) -> Agents {
    let mut agents = Agents::default();
    for index in project.of_kind(FileKind::Agent).collect::<Vec<_>>() {
        agents.configs.extend(agent_file(project, index));
    }
    let dir_configs = agents.configs.len();
    for index in project.of_kind(FileKind::Agents).collect::<Vec<_>>() {
        legacy_file(project, index, &mut agents);
    }
    let from_dirs: Vec<usize> = (0..dir_configs)
        .filter(|&i| agents.configs[i].in_pool())
        .collect();
    if !from_dirs.is_empty() {
        for block in &mut agents.legacy {
            block.ignored_because = Some(
                "agents/*/agent.yaml define the agents, and then Octopoid reads no agent from agents.yaml"
                    .to_string(),
            );
        }
        agents.pool = from_dirs
            .iter()
            .map(|&i| agents.configs[i].clone())
            .collect();
        agents.pool_sources = from_dirs;
        return agents;
    }
    let used = choose_legacy(&mut agents.legacy);
    for i in dir_configs..agents.configs.len() {
        let config = &agents.configs[i];
        if Some(config.shape) != used || !config.enabled {
            continue;
        }
        let mut merged = config.clone();
        if let Some(defaults) = blueprint_defaults(project, config) {
            merged.fill_from(&defaults);
        }
        agents.pool.push(merged);
        agents.pool_sources.push(i);
    }
    agents
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Sources, Agents) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".octopoid");
        for (path, text) in files {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let mut project = Sources::load(&root, &[]).unwrap();
        let agents = load(&mut project);
        (dir, project, agents)
    }

    fn names(agents: &[AgentConfig]) -> Vec<(String, Option<String>, String)> {
        agents
            .iter()
            .map(|a| {
                (
                    a.name.value.clone(),
                    a.role.as_ref().map(|r| r.value.clone()),
                    a.claim_queue().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn each_shape_is_read() {
        let v1 = "agents:\n- name: impl-1\n  role: implement\n  paused: false\n  focus: x\n";
        let v2 =
            "agents:\n  - id: 1\n    name: impl-1\n    role: implement\n    max_concurrent: 1\n";
        let fleet = "fleet:\n  - name: gk-1\n    type: gatekeeper\n    claim_from: provisional\n";
        let mapping = "agents:\n  implementer:\n    role: implement\n    max_turns: 50\n";
        for (text, shape, expected) in [
            (v1, Shape::V1List, ("impl-1", "implement", "incoming")),
            (v2, Shape::V2List, ("impl-1", "implement", "incoming")),
            (fleet, Shape::Fleet, ("gk-1", "gatekeeper", "provisional")),
            (
                mapping,
                Shape::Mapping,
                ("implementer", "implement", "incoming"),
            ),
        ] {
            let (_dir, project, agents) = project(&[("agents.yaml", text)]);
            assert!(project.findings.files.iter().all(Vec::is_empty), "{text}");
            assert_eq!(agents.pool.len(), 1, "{text}");
            assert_eq!(agents.pool[0].shape, shape);
            let (name, role, queue) = expected;
            assert_eq!(
                names(&agents.pool),
                [(name.to_string(), Some(role.to_string()), queue.to_string())]
            );
        }
    }

    #[test]
    fn agent_yaml_files_win_over_legacy_entries() {
        let (_dir, _project, agents) = project(&[
            ("agents.yaml", "agents:\n  old:\n    role: implement\n"),
            ("agents/implementer/agent.yaml", "role: implement\n"),
            (
                "agents/analyst/agent.yaml",
                "role: analyse\njob_agent: true\n",
            ),
        ]);
        assert_eq!(
            names(&agents.pool),
            [(
                "implementer".into(),
                Some("implement".into()),
                "incoming".into()
            )]
        );
        assert!(agents.legacy[0].ignored_because.is_some());
    }

    #[test]
    fn job_agents_alone_leave_the_legacy_entries_in_charge() {
        let (_dir, _project, agents) = project(&[
            (
                "agents.yaml",
                "agents:\n  old:\n    role: implement\nfleet:\n  - {name: f, role: x}\n",
            ),
            (
                "agents/analyst/agent.yaml",
                "role: analyse\njob_agent: true\n",
            ),
        ]);
        assert_eq!(
            names(&agents.pool),
            [("old".into(), Some("implement".into()), "incoming".into())]
        );
        assert!(agents.legacy[0].ignored_because.is_none());
        assert!(agents.legacy[1].ignored_because.is_some());
    }

    #[test]
    fn type_is_the_role_unless_the_blueprint_sets_one() {
        let (_dir, _project, agents) =
            project(&[("agents.yaml", "agents:\n  impl:\n    type: implementer\n")]);
        assert_eq!(agents.pool[0].role.as_ref().unwrap().value, "implementer");
        assert!(agents.pool[0].role_from_type);
        let (_dir, _project, agents) = project(&[
            (
                "agents.yaml",
                "fleet:\n  - name: impl-1\n    type: impl\n    model: opus\n",
            ),
            (
                "agents/impl/agent.yaml",
                "role: implement\nmodel: sonnet\njob_agent: true\n",
            ),
        ]);
        let agent = &agents.pool[0];
        assert_eq!(agent.role.as_ref().unwrap().value, "implement");
        assert_eq!(agent.model.as_ref().unwrap().value, "opus");
    }

    #[test]
    fn entries_without_a_role_or_name_are_reported() {
        let (_dir, project, _agents) = project(&[
            ("agents.yaml", "fleet:\n  - type: x\n  - name: y\n"),
            ("agents/z/agent.yaml", "model: sonnet\n"),
        ]);
        let messages: Vec<&str> = project
            .findings
            .files
            .iter()
            .flatten()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
    }
}
