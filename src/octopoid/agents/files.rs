//! `agent.yaml` files: one agent each, and the defaults a legacy entry takes from the
//! `agent.yaml` of its `agent_dir` or `type`.

use std::path::PathBuf;

use super::keys::{AGENT_KEYS, PRE_CHECK_TRIGGERS, UNMAPPED_KEYS};
use super::{AgentConfig, Field, Shape};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::structural::missing_field::MISSING_FIELD;
use crate::model::read::{Map, Reader};
use crate::octopoid::project::{FileKind, Sources};
use crate::source::Span;

/// The `agent.yaml` a legacy entry takes its defaults from: its `agent_dir`, or for a
/// `type` the product template `packages/client/agents/<type>/` or `.octopoid/agents/<type>/`.
pub(super) fn blueprint_defaults(
    project: &mut Sources,
    entry: &AgentConfig,
) -> Option<AgentConfig> {
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
pub(super) fn agent_file(project: &mut Sources, index: usize) -> Option<AgentConfig> {
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

pub(super) fn missing_role(config: &AgentConfig, span: Span) -> Diagnostic {
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
pub(super) fn read_agent(
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
