//! `agent-tool-not-allowed`: an agent holds a tool its role does not allow.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Spanned;
use crate::suggest::suggestions;

declare_rule! {
    /// ## What it does
    /// When a role lists its allowed `tools`, reports every tool of an agent bound to that role
    /// that is not among them. A role without `tools` has no tool profile and is not checked.
    ///
    /// ## Why is this bad?
    /// The role's tool profile is the policy; an agent configured with more than its role allows
    /// gets powers nobody reviewed, often a write tool on a role that should only read.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review: {tools: [Read, Grep]}
    /// agents:
    ///   reviewer: {role: review, tools: [Read, Grep, Edit]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review: {tools: [Read, Grep]}
    /// agents:
    ///   reviewer: {role: review, tools: [Read, Grep]}
    /// ```
    AGENT_TOOL_NOT_ALLOWED = ("OL601", "agent-tool-not-allowed", Error, "An agent holds a tool its role does not allow");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    for agent in semantic.def.agents.iter() {
        let Some(tools) = &agent.value.tools else {
            continue;
        };
        let Some(role) = semantic.role_of_agent(agent.name.as_str()) else {
            continue;
        };
        let Some(allowed) = &role.value.tools else {
            continue;
        };
        let allowed_names: Vec<&str> = allowed.iter().map(Spanned::as_str).collect();
        for tool in tools {
            if allowed_names.contains(&tool.as_str()) {
                continue;
            }
            let first = allowed
                .first()
                .map_or(role.name.span.clone(), |t| t.span.clone());
            let mut diagnostic = Diagnostic::new(
                &AGENT_TOOL_NOT_ALLOWED,
                tool.span.clone(),
                format!(
                    "agent `{}` holds tool `{}`, which its role `{}` does not allow",
                    agent.name.value, tool.value, role.name.value
                ),
            )
            .label("not in the role's tools")
            .related(
                first,
                format!("role `{}` allows these tools", role.name.value),
            );
            let candidates = suggestions(tool.as_str(), allowed_names.iter().copied());
            diagnostic = match candidates.first() {
                Some(close) => diagnostic.help(format!(
                    "did you mean `{close}`? otherwise remove the tool, or allow it on role `{}`",
                    role.name.value
                )),
                None => diagnostic.help(format!(
                    "remove the tool from the agent, or add it to role `{}`'s `tools`",
                    role.name.value
                )),
            };
            out.push(diagnostic);
        }
    }
}
