//! The `typescript` target: `as const` arrays, union types derived from them, and typed
//! records. Passes `tsc --strict --noEmit`.

use std::fmt::Write;

use super::names::quoted;
use super::{Source, claims_from, queues};

pub fn generate(source: &Source) -> String {
    let def = source.def;
    let roles: Vec<&str> = def.roles.names().collect();
    let queue_list = queues(def);
    let queue_names: Vec<&str> = queue_list.iter().map(|(name, ..)| *name).collect();
    let agents: Vec<&str> = def.agents.names().collect();

    let mut out = source.header("//");
    out.push_str("\n/** Role, queue and agent names of the workflow definition. */\n\n");
    for (constant, alias, names) in [
        ("ROLES", "Role", &roles),
        ("QUEUES", "Queue", &queue_names),
        ("AGENT_NAMES", "AgentName", &agents),
    ] {
        let _ = writeln!(out, "export const {constant} = {} as const;", array(names));
        let _ = writeln!(out, "export type {alias} = (typeof {constant})[number];\n");
    }
    let terminal: Vec<&str> = queue_list
        .iter()
        .filter(|(_, terminal, _)| *terminal)
        .map(|(name, ..)| *name)
        .collect();
    let _ = writeln!(
        out,
        "export const TERMINAL_QUEUES: readonly Queue[] = {};\n",
        array(&terminal)
    );

    out.push_str("/** The queue each role's agents claim tasks from. */\n");
    let claims = def
        .roles
        .iter()
        .map(|role| (role.name.as_str(), claims_from(&role.value).to_string()));
    record(&mut out, "CLAIMS_FROM", "Record<Role, Queue>", claims);
    out.push_str("\n/** The role each agent is bound to. */\n");
    let bound = def.agents.iter().filter_map(|agent| {
        Some((
            agent.name.as_str(),
            agent.value.role.as_ref()?.value.clone(),
        ))
    });
    record(&mut out, "AGENT_ROLES", "Record<AgentName, Role>", bound);
    out.push('\n');
    let described = def.roles.iter().filter_map(|role| {
        Some((
            role.name.as_str(),
            role.value.description.as_ref()?.value.clone(),
        ))
    });
    record(
        &mut out,
        "ROLE_DESCRIPTIONS",
        "Partial<Record<Role, string>>",
        described,
    );
    out.push('\n');
    let described = queue_list
        .iter()
        .filter_map(|(name, _, description)| Some((*name, (*description)?.to_string())));
    record(
        &mut out,
        "QUEUE_DESCRIPTIONS",
        "Partial<Record<Queue, string>>",
        described,
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

fn record<'a>(
    out: &mut String,
    constant: &str,
    kind: &str,
    entries: impl Iterator<Item = (&'a str, String)>,
) {
    let entries: Vec<(&str, String)> = entries.collect();
    if entries.is_empty() {
        let _ = writeln!(out, "export const {constant}: Readonly<{kind}> = {{}};");
        return;
    }
    let _ = writeln!(out, "export const {constant}: Readonly<{kind}> = {{");
    for (name, text) in entries {
        let _ = writeln!(out, "  {}: {},", quoted(name), quoted(&text));
    }
    out.push_str("};\n");
}
