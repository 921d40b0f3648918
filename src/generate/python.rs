//! The `python` target: `typing.Literal` types, tuples of every value, `CLAIMS_FROM` and a
//! `StrEnum` per kind. Passes `mypy --strict`; needs Python 3.11 (`enum.StrEnum`).

use std::fmt::Write;

use super::names::{quoted, upper_snake};
use super::{Source, claims_from, queues};

pub fn generate(source: &Source) -> String {
    let def = source.def;
    let roles: Vec<&str> = def.roles.names().collect();
    let queue_list = queues(def);
    let queue_names: Vec<&str> = queue_list.iter().map(|(name, ..)| *name).collect();
    let agents: Vec<&str> = def.agents.names().collect();

    let mut out = source.header("#");
    out.push_str("\"\"\"Role, queue and agent names of the workflow definition.\"\"\"\n\n");
    out.push_str("from __future__ import annotations\n\n");
    out.push_str("from enum import StrEnum\n");
    out.push_str("from typing import Final, Literal, Never\n\n");

    for (alias, names) in [
        ("Role", &roles),
        ("Queue", &queue_names),
        ("AgentName", &agents),
    ] {
        let _ = writeln!(out, "{alias} = {}", literal(names));
    }
    out.push('\n');
    for (constant, alias, names) in [
        ("ROLES", "Role", &roles),
        ("QUEUES", "Queue", &queue_names),
        ("AGENT_NAMES", "AgentName", &agents),
    ] {
        let _ = writeln!(
            out,
            "{constant}: Final[tuple[{alias}, ...]] = {}",
            tuple(names)
        );
    }
    let terminal: Vec<&str> = queue_list
        .iter()
        .filter(|(_, terminal, _)| *terminal)
        .map(|(name, ..)| *name)
        .collect();
    let _ = writeln!(
        out,
        "TERMINAL_QUEUES: Final[frozenset[Queue]] = frozenset({})",
        tuple(&terminal)
    );

    out.push_str("\n# The queue each role's agents claim tasks from.\n");
    let claims = def
        .roles
        .iter()
        .map(|role| (role.name.as_str(), claims_from(&role.value).to_string()));
    dict(&mut out, "CLAIMS_FROM", "Role", "Queue", claims);
    out.push_str("\n# The role each agent is bound to.\n");
    let bound = def.agents.iter().filter_map(|agent| {
        let role = agent.value.role.as_ref()?;
        Some((agent.name.as_str(), role.value.clone()))
    });
    dict(&mut out, "AGENT_ROLES", "AgentName", "Role", bound);
    out.push('\n');
    let described = def.roles.iter().filter_map(|role| {
        let description = role.value.description.as_ref()?;
        Some((role.name.as_str(), description.value.clone()))
    });
    dict(&mut out, "ROLE_DESCRIPTIONS", "Role", "str", described);
    out.push('\n');
    let described = queue_list
        .iter()
        .filter_map(|(name, _, description)| Some((*name, (*description)?.to_string())));
    dict(&mut out, "QUEUE_DESCRIPTIONS", "Queue", "str", described);

    for (class, doc, names) in [
        ("Roles", "Every role, as a string enum.", &roles),
        ("Queues", "Every queue, as a string enum.", &queue_names),
        ("Agents", "Every agent, as a string enum.", &agents),
    ] {
        let _ = write!(
            out,
            "\n\nclass {class}(StrEnum):\n    \"\"\"{doc}\"\"\"\n\n"
        );
        if names.is_empty() {
            out.push_str("    pass\n");
        }
        for name in names {
            let _ = writeln!(out, "    {} = {}", upper_snake(name), quoted(name));
        }
    }
    out
}

fn literal(names: &[&str]) -> String {
    if names.is_empty() {
        return "Never".to_string();
    }
    let quoted: Vec<String> = names.iter().map(|n| quoted(n)).collect();
    format!("Literal[{}]", quoted.join(", "))
}

fn tuple(names: &[&str]) -> String {
    match names {
        [] => "()".to_string(),
        [one] => format!("({},)", quoted(one)),
        _ => {
            let quoted: Vec<String> = names.iter().map(|n| quoted(n)).collect();
            format!("({})", quoted.join(", "))
        }
    }
}

/// A `Final` dict constant. Values of type `str` are arbitrary text; the others are names.
fn dict<'a>(
    out: &mut String,
    constant: &str,
    key: &str,
    value: &str,
    entries: impl Iterator<Item = (&'a str, String)>,
) {
    let entries: Vec<(&str, String)> = entries.collect();
    if entries.is_empty() {
        let _ = writeln!(out, "{constant}: Final[dict[{key}, {value}]] = {{}}");
        return;
    }
    let _ = writeln!(out, "{constant}: Final[dict[{key}, {value}]] = {{");
    for (name, text) in entries {
        let _ = writeln!(out, "    {}: {},", quoted(name), quoted(&text));
    }
    out.push_str("}\n");
}
