//! The `python` target: `typing.Literal` types, tuples of every value, `CLAIMS_FROM` and a
//! `StrEnum` per kind. Passes `mypy --strict`; needs Python 3.11 (`enum.StrEnum`).

use std::fmt::Write;

use super::names::{quoted, upper_snake};
use super::{Source, Tables};

pub fn generate(source: &Source) -> String {
    let tables = Tables::of(source.def);
    let (roles, queue_names, agents) = (&tables.roles, &tables.queues, &tables.agents);

    let mut out = source.header("#");
    out.push_str(
        "\"\"\"Role, queue and agent names of the workflow definition.\n\nNeeds Python 3.11 or later (`enum.StrEnum`, `typing.Never`).\n\"\"\"\n\n",
    );
    out.push_str("from __future__ import annotations\n\n");
    out.push_str("from enum import StrEnum\n");
    out.push_str("from typing import Final, Literal, Never\n\n");

    for (alias, names) in [
        ("Role", roles),
        ("Queue", queue_names),
        ("AgentName", agents),
    ] {
        let _ = writeln!(out, "{alias} = {}", literal(names));
    }
    out.push('\n');
    for (constant, alias, names) in [
        ("ROLES", "Role", roles),
        ("QUEUES", "Queue", queue_names),
        ("AGENT_NAMES", "AgentName", agents),
    ] {
        let _ = writeln!(
            out,
            "{constant}: Final[tuple[{alias}, ...]] = {}",
            tuple(names)
        );
    }
    let _ = writeln!(
        out,
        "TERMINAL_QUEUES: Final[frozenset[Queue]] = frozenset({})",
        tuple(&tables.terminal)
    );

    out.push_str("\n# The queue each role's agents claim tasks from.\n");
    dict(
        &mut out,
        "CLAIMS_FROM",
        "Role",
        "Queue",
        &tables.claims_from,
    );
    out.push_str("\n# The role each agent is bound to.\n");
    dict(
        &mut out,
        "AGENT_ROLES",
        "AgentName",
        "Role",
        &tables.agent_roles,
    );
    out.push('\n');
    dict(
        &mut out,
        "ROLE_DESCRIPTIONS",
        "Role",
        "str",
        &tables.role_descriptions,
    );
    out.push('\n');
    dict(
        &mut out,
        "QUEUE_DESCRIPTIONS",
        "Queue",
        "str",
        &tables.queue_descriptions,
    );

    for (class, doc, names) in [
        ("Roles", "Every role, as a string enum.", roles),
        ("Queues", "Every queue, as a string enum.", queue_names),
        ("Agents", "Every agent, as a string enum.", agents),
    ] {
        let _ = write!(
            out,
            "\n\nclass {class}(StrEnum):\n    \"\"\"{doc}\"\"\"\n\n"
        );
        if names.is_empty() {
            out.push_str("    pass\n");
        }
        for name in names.iter() {
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
fn dict(out: &mut String, constant: &str, key: &str, value: &str, entries: &[(&str, &str)]) {
    if entries.is_empty() {
        let _ = writeln!(out, "{constant}: Final[dict[{key}, {value}]] = {{}}");
        return;
    }
    let _ = writeln!(out, "{constant}: Final[dict[{key}, {value}]] = {{");
    for (name, text) in entries {
        let _ = writeln!(out, "    {}: {},", quoted(name), quoted(text));
    }
    out.push_str("}\n");
}
