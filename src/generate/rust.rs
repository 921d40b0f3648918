//! The `rust` target: an enum per kind with `ALL`, `as_str`, `Display` and `FromStr`.
//! Compiles without warnings as a module or a crate of its own.

use std::fmt::Write;

use super::names::{pascal, rust_quoted};
use super::{Source, Tables};

pub fn generate(source: &Source) -> String {
    let tables = Tables::of(source.def);

    let mut out = source.header("//");
    out.push('\n');
    enumeration(
        &mut out,
        "Role",
        "role",
        "A role: a kind of work.",
        &tables.roles,
    );
    enumeration(
        &mut out,
        "Queue",
        "queue",
        "A queue: a task state.",
        &tables.queues,
    );
    enumeration(
        &mut out,
        "Agent",
        "agent",
        "An agent: a worker bound to one role.",
        &tables.agents,
    );

    // Relations between the kinds.
    let claims: Vec<(String, String)> = tables
        .claims_from
        .iter()
        .map(|(role, queue)| (pascal(role), pascal(queue)))
        .collect();
    relation(
        &mut out,
        "Role",
        "claims_from",
        "Queue",
        "The queue this role's agents claim tasks from.",
        &claims,
    );
    // A set: a definition may have thousands of queues.
    let terminal_set: std::collections::HashSet<&str> = tables.terminal.iter().copied().collect();
    let terminal: Vec<(String, String)> = tables
        .queues
        .iter()
        .map(|queue| (pascal(queue), terminal_set.contains(queue).to_string()))
        .collect();
    relation(
        &mut out,
        "Queue",
        "is_terminal",
        "bool",
        "Whether tasks in this queue are finished.",
        &terminal,
    );
    let bound: Vec<(String, String)> = tables
        .agent_roles
        .iter()
        .map(|(agent, role)| (pascal(agent), format!("Role::{}", pascal(role))))
        .collect();
    relation(
        &mut out,
        "Agent",
        "role",
        "Role",
        "The role this agent is bound to.",
        &bound,
    );

    out.push_str(UNKNOWN_NAME);
    out
}

fn enumeration(out: &mut String, ty: &str, noun: &str, doc: &str, names: &[&str]) {
    let _ = writeln!(out, "/// {doc}");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    let _ = writeln!(out, "pub enum {ty} {{");
    for name in names {
        let _ = writeln!(out, "    {},", pascal(name));
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "impl {ty} {{");
    let _ = writeln!(out, "    /// Every {noun}, in definition order.");
    let variants: Vec<String> = names
        .iter()
        .map(|n| format!("{ty}::{}", pascal(n)))
        .collect();
    let _ = writeln!(
        out,
        "    pub const ALL: [{ty}; {}] = [{}];\n",
        names.len(),
        variants.join(", ")
    );
    let _ = writeln!(
        out,
        "    /// The {noun}'s name as written in the definition."
    );
    out.push_str("    pub const fn as_str(self) -> &'static str {\n        match self {\n");
    for name in names {
        let _ = writeln!(
            out,
            "            {ty}::{} => {},",
            pascal(name),
            rust_quoted(name)
        );
    }
    out.push_str("        }\n    }\n}\n\n");
    let _ = writeln!(
        out,
        "impl core::fmt::Display for {ty} {{\n    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {{\n        f.write_str(self.as_str())\n    }}\n}}\n"
    );
    let _ = writeln!(
        out,
        "impl core::str::FromStr for {ty} {{\n    type Err = UnknownName;\n\n    fn from_str(name: &str) -> Result<Self, Self::Err> {{\n        match name {{"
    );
    for name in names {
        let _ = writeln!(
            out,
            "            {} => Ok({ty}::{}),",
            rust_quoted(name),
            pascal(name)
        );
    }
    let _ = writeln!(
        out,
        "            _ => Err(UnknownName {{\n                kind: {},\n                name: name.to_string(),\n            }}),\n        }}\n    }}\n}}\n",
        rust_quoted(noun)
    );
}

/// `impl Ty { pub const fn method(self) -> Out { match self { ... } } }`.
fn relation(
    out: &mut String,
    ty: &str,
    method: &str,
    output: &str,
    doc: &str,
    arms: &[(String, String)],
) {
    let _ = writeln!(
        out,
        "impl {ty} {{\n    /// {doc}\n    pub const fn {method}(self) -> {output} {{\n        match self {{"
    );
    for (variant, value) in arms {
        let value = match output {
            "Queue" => format!("Queue::{value}"),
            _ => value.clone(),
        };
        let _ = writeln!(out, "            {ty}::{variant} => {value},");
    }
    out.push_str("        }\n    }\n}\n\n");
}

const UNKNOWN_NAME: &str = "/// A string that names no role, queue or agent of the definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// `role`, `queue` or `agent`.
    pub kind: &'static str,
    /// The string that was parsed.
    pub name: String,
}

impl core::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, \"unknown {} `{}`\", self.kind, self.name)
    }
}

impl std::error::Error for UnknownName {}
";
