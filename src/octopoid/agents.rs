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

use std::path::PathBuf;

use super::project::{FileKind, Sources};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::structural::missing_field::MISSING_FIELD;
use crate::model::Spanned;
use crate::model::read::{Map, Reader};
use crate::source::Span;
use crate::yaml::{NodeId, NodeKind};

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

/// Keys of `agent.yaml` (and every shape: legacy entries can set them all).
const AGENT_KEYS: [&str; 19] = [
    "name",
    "role",
    "type",
    "claim_from",
    "model",
    "max_turns",
    "interval_seconds",
    "max_instances",
    "spawn_mode",
    "lightweight",
    "job_agent",
    "on_demand",
    "pre_check",
    "pre_check_trigger",
    "type_filter",
    "focus",
    "paused",
    "enabled",
    "allowed_tools",
];
/// Keys only legacy `agents.yaml` entries have.
const LEGACY_KEYS: [&str; 4] = ["agent_dir", "path", "id", "max_concurrent"];
/// Top-level keys of `agents.yaml` across its versions.
const AGENTS_FILE_KEYS: [&str; 11] = [
    "paused",
    "queue_limits",
    "agents",
    "fleet",
    "model",
    "gatekeeper",
    "proposal_limits",
    "voice_weights",
    "database",
    "pre_check",
    "validation",
];
const QUEUE_LIMIT_KEYS: [&str; 4] = [
    "max_incoming",
    "max_claimed",
    "max_provisional",
    "max_open_prs",
];
const PRE_CHECK_TRIGGERS: [&str; 3] = ["non_empty", "exit_zero", "exit_nonzero"];

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

/// Which legacy shape Octopoid reads (a mapping, else a fleet, else — as older versions
/// did — a list), marking the others ignored.
fn choose_legacy(blocks: &mut [LegacyBlock]) -> Option<Shape> {
    let rank = |shape: Shape| match shape {
        Shape::Mapping => 0,
        Shape::Fleet => 1,
        _ => 2,
    };
    let used = blocks.iter().map(|b| b.shape).min_by_key(|&s| rank(s))?;
    for block in blocks.iter_mut().filter(|b| b.shape != used) {
        block.ignored_because = Some(format!("Octopoid reads {} instead", used.describe()));
    }
    Some(used)
}

/// The `agent.yaml` a legacy entry takes its defaults from: its `agent_dir`, or for a
/// `type` the product template `packages/client/agents/<type>/` or `.octopoid/agents/<type>/`.
fn blueprint_defaults(project: &mut Sources, entry: &AgentConfig) -> Option<AgentConfig> {
    let repo = project.repo_root();
    let dir: PathBuf = if let Some(dir) = &entry.agent_dir {
        repo.join(&dir.value)
    } else {
        let kind = entry.kind.as_ref()?;
        if kind.value == "custom" {
            repo.join(&entry.path.as_ref()?.value)
        } else {
            [
                repo.join("packages/client/agents").join(&kind.value),
                project.root.join("agents").join(&kind.value),
            ]
            .into_iter()
            .find(|d| d.is_dir())?
        }
    };
    let path = dir.join("agent.yaml");
    if !path.is_file() {
        return None;
    }
    let index = project.add(path, FileKind::Blueprint).ok()?;
    agent_file(project, index)
}

/// One `agent.yaml`: the whole file configures one agent named after its directory.
fn agent_file(project: &mut Sources, index: usize) -> Option<AgentConfig> {
    let file = &project.files[index];
    let doc = file.doc.as_ref()?;
    let dir = file.dir_name();
    let mut out = Vec::new();
    let mut reader = Reader::python(doc, &file.source.text, &mut out);
    let map = reader.root("agent.yaml")?;
    reader.ignored_keys(&map, &AGENT_KEYS, "agent.yaml");
    let name = Field {
        file: index,
        span: 0..0,
        value: dir.clone(),
    };
    let config = read_agent(&mut reader, &map, index, Shape::AgentYaml, name, Some(dir));
    if config.in_pool() && config.role.is_none() {
        out.push(missing_role(&config, 0..0));
    }
    project.findings.extend(index, out);
    Some(config)
}

/// `agents.yaml`: its top-level keys, queue limits, and the legacy agent entries.
fn legacy_file(project: &mut Sources, index: usize, agents: &mut Agents) {
    let file = &project.files[index];
    let Some(doc) = file.doc.as_ref() else {
        return;
    };
    let mut out = Vec::new();
    let mut reader = Reader::python(doc, &file.source.text, &mut out);
    if let Some(map) = reader.root("agents.yaml") {
        reader.ignored_keys(&map, &AGENTS_FILE_KEYS, "agents.yaml");
        top_level_settings(&mut reader, &map);
        if let Some(id) = map.get("agents") {
            let key = map.key("agents").cloned().unwrap_or_default();
            agents_key(&mut reader, id, key, index, agents);
        }
        if let Some(id) = map.get("fleet") {
            let key = map.key("fleet").cloned().unwrap_or_default();
            list(&mut reader, id, key, index, Shape::Fleet, agents);
        }
    }
    project.findings.extend(index, out);
}

fn top_level_settings(reader: &mut Reader, map: &Map) {
    if let Some(id) = map.get("paused") {
        reader.boolean(id, "paused");
    }
    if let Some(limits) = map
        .get("queue_limits")
        .and_then(|id| reader.map(id, "`queue_limits`"))
    {
        reader.ignored_keys(&limits, &QUEUE_LIMIT_KEYS, "`queue_limits`");
        for entry in &limits.entries {
            if QUEUE_LIMIT_KEYS.contains(&entry.key.as_str()) {
                reader.positive(entry.value, entry.key.as_str());
            }
        }
    }
}

/// `agents:` is a mapping keyed by blueprint, or a v1/v2 list (v2 entries have ids).
fn agents_key(
    reader: &mut Reader,
    id: NodeId,
    key: Spanned<String>,
    file: usize,
    agents: &mut Agents,
) {
    let doc = reader.doc;
    let items = match doc.resolve(id).map(|r| &doc.node(r).kind) {
        Some(NodeKind::Sequence(items)) => Some(items),
        _ => None,
    };
    if let Some(items) = items {
        // v2 entries carry numeric ids; v1 entries never do.
        let has_ids =
            items
                .iter()
                .any(|&item| match doc.resolve(item).map(|r| &doc.node(r).kind) {
                    Some(NodeKind::Mapping(entries)) => entries
                        .iter()
                        .any(|&(k, _)| doc.scalar_str(k) == Some("id")),
                    _ => false,
                });
        let shape = if has_ids {
            Shape::V2List
        } else {
            Shape::V1List
        };
        list(reader, id, key, file, shape, agents);
        return;
    }
    let Some(map) = reader.map(id, "`agents` (a mapping of blueprints or a list)") else {
        return;
    };
    let mut known: Vec<&str> = AGENT_KEYS.to_vec();
    known.extend(LEGACY_KEYS);
    for item in &map.entries {
        let (name, value) = (&item.key, item.value);
        let what = format!("agent `{}`", name.value);
        let Some(entry) = reader.map(value, &what) else {
            continue;
        };
        reader.ignored_keys(&entry, &known, &what);
        let field = Field::at(file, name.clone());
        let config = read_agent(
            reader,
            &entry,
            file,
            Shape::Mapping,
            field,
            Some(name.value.clone()),
        );
        if config.in_pool() && config.role.is_none() && config.agent_dir.is_none() {
            reader.out.push(missing_role(&config, name.span.clone()));
        }
        agents.configs.push(config);
    }
    agents.legacy.push(LegacyBlock {
        file,
        key,
        shape: Shape::Mapping,
        entries: map.entries.len(),
        ignored_because: None,
    });
}

/// A list of agents: `fleet:`, or a v1/v2 `agents:` list. Each entry needs a `name`.
fn list(
    reader: &mut Reader,
    id: NodeId,
    key: Spanned<String>,
    file: usize,
    shape: Shape,
    agents: &mut Agents,
) {
    let Some(items) = reader.seq(id, &format!("`{}`", key.value)) else {
        return;
    };
    let mut known: Vec<&str> = AGENT_KEYS.to_vec();
    known.extend(LEGACY_KEYS);
    for &item in &items {
        let head = reader.head_span(item);
        let Some(entry) = reader.map(item, "an agent") else {
            continue;
        };
        let name = entry.get("name").and_then(|id| reader.text(id, "name"));
        let what = name.as_ref().map_or_else(
            || "an agent".to_string(),
            |n| format!("agent `{}`", n.value),
        );
        reader.ignored_keys(&entry, &known, &what);
        let Some(name) = name else {
            if entry.get("name").is_none() {
                reader.out.push(
                    Diagnostic::new(
                        &MISSING_FIELD,
                        head,
                        "agent entry has no `name`: Octopoid skips it",
                    )
                    .help("add `name: <agent name>`"),
                );
            }
            continue;
        };
        let blueprint = (shape == Shape::Fleet).then(|| name.value.clone());
        let span = name.span.clone();
        let config = read_agent(
            reader,
            &entry,
            file,
            shape,
            Field::at(file, name),
            blueprint,
        );
        if config.in_pool() && config.role.is_none() && config.agent_dir.is_none() {
            reader.out.push(missing_role(&config, span));
        }
        agents.configs.push(config);
    }
    agents.legacy.push(LegacyBlock {
        file,
        key,
        shape,
        entries: items.len(),
        ignored_because: None,
    });
}

fn missing_role(config: &AgentConfig, span: Span) -> Diagnostic {
    Diagnostic::new(
        &MISSING_FIELD,
        span,
        format!(
            "agent `{}` has no `role` (or `type`): Octopoid skips it",
            config.name.value
        ),
    )
    .label("no role")
    .help("add `role: <task role>`, e.g. `role: implement`")
}

/// The settings of one agent entry, whatever its shape.
fn read_agent(
    reader: &mut Reader,
    map: &Map,
    file: usize,
    shape: Shape,
    mut name: Field<String>,
    blueprint: Option<String>,
) -> AgentConfig {
    let string = |reader: &mut Reader, key: &str| {
        map.get(key)
            .and_then(|id| reader.string(id, key))
            .map(|s| Field::at(file, s))
    };
    if shape == Shape::AgentYaml
        && let Some(explicit) = string(reader, "name")
    {
        name = explicit;
    }
    let kind = string(reader, "type");
    let role = string(reader, "role");
    let role_from_type = role.is_none() && kind.is_some();
    let flag = |reader: &mut Reader, key: &str, default: bool| {
        map.get(key)
            .and_then(|id| reader.boolean(id, key))
            .map_or(default, |b| b.value)
    };
    let enabled = flag(reader, "enabled", true);
    let paused = flag(reader, "paused", false);
    let job_agent = flag(reader, "job_agent", false);
    let on_demand = flag(reader, "on_demand", false);
    let lightweight = flag(reader, "lightweight", false);
    let positive = |reader: &mut Reader, key: &str| {
        map.get(key)
            .and_then(|id| reader.positive(id, key))
            .map(|n| Field::at(file, n))
    };
    let max_turns = positive(reader, "max_turns");
    let max_instances = positive(reader, "max_instances");
    let interval_seconds = positive(reader, "interval_seconds");
    positive(reader, "max_concurrent");
    if let Some(id) = map.get("pre_check_trigger") {
        reader.one_of(id, "pre_check_trigger", &PRE_CHECK_TRIGGERS);
    }
    for key in ["pre_check", "type_filter", "focus"] {
        string(reader, key);
    }
    if let Some(id) = map.get("id") {
        reader.text(id, "id");
    }
    let tools = map
        .get("allowed_tools")
        .and_then(|id| reader.strings(id, "allowed_tools"));
    let unmapped = map
        .entries
        .iter()
        .map(|entry| entry.key.value.clone())
        .filter(|k| UNMAPPED_KEYS.contains(&k.as_str()))
        .collect();
    AgentConfig {
        file,
        shape,
        name,
        blueprint,
        role: role.or_else(|| kind.clone()),
        role_from_type,
        claim_from: string(reader, "claim_from"),
        model: string(reader, "model"),
        max_turns,
        max_instances,
        interval_seconds,
        tools: tools.map(|t| t.into_iter().map(|s| Field::at(file, s)).collect()),
        spawn_mode: string(reader, "spawn_mode"),
        agent_dir: string(reader, "agent_dir"),
        path: string(reader, "path"),
        kind,
        enabled,
        paused,
        lightweight,
        job_agent,
        on_demand,
        unmapped,
    }
}

/// Agent keys the definition format has no place for.
const UNMAPPED_KEYS: [&str; 12] = [
    "spawn_mode",
    "lightweight",
    "pre_check",
    "pre_check_trigger",
    "type_filter",
    "focus",
    "paused",
    "agent_dir",
    "path",
    "max_concurrent",
    "enabled",
    "type",
];

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
