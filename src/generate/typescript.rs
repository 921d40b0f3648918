//! The `typescript` target: `as const` arrays, union types derived from them, and typed
//! records. Passes `tsc --strict --noEmit`.

use std::fmt::Write;

use super::names::quoted;
use super::{Source, Tables};

pub fn generate(source: &Source) -> String {
    let tables = Tables::of(source.def);

    let mut out = source.header("//");
    out.push_str("\n/** Role, queue and agent names of the workflow definition. */\n\n");
    for (constant, alias, names) in [
        ("ROLES", "Role", &tables.roles),
        ("QUEUES", "Queue", &tables.queues),
        ("AGENT_NAMES", "AgentName", &tables.agents),
    ] {
        let _ = writeln!(out, "export const {constant} = {} as const;", array(names));
        let _ = writeln!(out, "export type {alias} = (typeof {constant})[number];\n");
    }
    let _ = writeln!(
        out,
        "export const TERMINAL_QUEUES: readonly Queue[] = {};\n",
        array(&tables.terminal)
    );

    out.push_str("/** The queue each role's agents claim tasks from. */\n");
    record(
        &mut out,
        "CLAIMS_FROM",
        "Record<Role, Queue>",
        &tables.claims_from,
    );
    out.push_str("\n/** The role each agent is bound to. */\n");
    record(
        &mut out,
        "AGENT_ROLES",
        "Record<AgentName, Role>",
        &tables.agent_roles,
    );
    out.push('\n');
    record(
        &mut out,
        "ROLE_DESCRIPTIONS",
        "Partial<Record<Role, string>>",
        &tables.role_descriptions,
    );
    out.push('\n');
    record(
        &mut out,
        "QUEUE_DESCRIPTIONS",
        "Partial<Record<Queue, string>>",
        &tables.queue_descriptions,
    );

    for (function, alias, constant, noun) in [
        ("isRole", "Role", "ROLES", "role"),
        ("isQueue", "Queue", "QUEUES", "queue"),
        ("isAgentName", "AgentName", "AGENT_NAMES", "agent"),
    ] {
        let _ = write!(
            out,
            "\n/** Whether `value` is the name of a {noun} of the definition. */\nexport function {function}(value: string): value is {alias} {{\n  return ({constant} as readonly string[]).indexOf(value) !== -1;\n}}\n"
        );
    }
    out
}

fn array(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| quoted(n)).collect();
    format!("[{}]", quoted.join(", "))
}

fn record(out: &mut String, constant: &str, kind: &str, entries: &[(&str, &str)]) {
    if entries.is_empty() {
        let _ = writeln!(out, "export const {constant}: Readonly<{kind}> = {{}};");
        return;
    }
    let _ = writeln!(out, "export const {constant}: Readonly<{kind}> = {{");
    for (name, text) in entries {
        let _ = writeln!(out, "  {}: {},", quoted(name), quoted(text));
    }
    out.push_str("};\n");
}
