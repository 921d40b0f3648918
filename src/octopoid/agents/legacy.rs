//! `agents.yaml` in the four shapes it has had — a v1 list, a v2 list with ids, a `fleet:`
//! list and an `agents:` mapping keyed by blueprint — and its top-level settings.

use super::files::{missing_role, read_agent};
use super::keys::{AGENT_KEYS, AGENTS_FILE_KEYS, LEGACY_KEYS, QUEUE_LIMIT_KEYS};
use super::{Agents, Field, LegacyBlock, Shape};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::structural::missing_field::MISSING_FIELD;
use crate::model::Spanned;
use crate::model::read::{Map, Reader};
use crate::octopoid::project::Sources;
use crate::yaml::{NodeId, NodeKind};

/// Which legacy shape Octopoid reads (a mapping, else a fleet, else — as older versions
/// did — a list), marking the others ignored.
pub(super) fn choose_legacy(blocks: &mut [LegacyBlock]) -> Option<Shape> {
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

/// `agents.yaml`: its top-level keys, queue limits, and the legacy agent entries.
pub(super) fn legacy_file(project: &mut Sources, index: usize, agents: &mut Agents) {
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
        let has_ids = items
            .iter()
            .any(|item| match doc.resolve(item).map(|r| &doc.node(r).kind) {
                Some(NodeKind::Mapping(entries)) => {
                    entries.iter().any(|(k, _)| doc.scalar_str(k) == Some("id"))
                }
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
