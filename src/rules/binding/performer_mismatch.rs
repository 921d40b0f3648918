//! `performer-mismatch`: a transition that names a `role` and an `agent` bound to another role.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a transition that names both the `role` and the `agent` that perform it, where
    /// the agent is bound to a different role. An agent bound to the agent form of a role
    /// (`implementer`) or to a misspelling of one counts as bound to that role: that mistake
    /// is reported on its own (`agent-role-mismatch`, `unknown-role`).
    ///
    /// ## Why is this bad?
    /// The two keys say different things about who does the work. Agents only claim tasks of
    /// their own role, so the named agent never performs a transition meant for another role;
    /// and the role's policy — claim queue, capabilities, tools, budgets — is checked against
    /// a worker that does not have it. Usually one of the two was renamed and the other was
    /// not.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}, review: {}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement, agent: reviewer}
    ///       claimed -> done: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}, review: {}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement, agent: implementer}
    ///       claimed -> done: {}
    /// ```
    PERFORMER_MISMATCH = ("OL203", "performer-mismatch", Error, "A transition's agent is bound to a role other than the transition's role");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    for flow in &semantic.flows {
        for t in flow.transitions {
            let (Some(role), Some(agent)) = (&t.role, &t.agent) else {
                continue;
            };
            // An unknown role or agent, or an agent without a role, is reported by its own rule.
            if !semantic.roles.contains_key(role.as_str()) {
                continue;
            }
            let Some(bound) = semantic.role_of_agent(agent.as_str()) else {
                continue;
            };
            let bound_name = bound.name.as_str();
            if bound_name == role.as_str() {
                continue;
            }
            let message = format!(
                "transition `{} -> {}` in {} is performed by role `{}`, but its agent `{}` is bound to role `{bound_name}`",
                t.from.value,
                t.to.value,
                flow.describe(),
                role.value,
                agent.value,
            );
            let of_role: Vec<&str> = semantic
                .agents_by_role
                .get(role.as_str())
                .map(|agents| agents.iter().take(3).map(|a| a.name.as_str()).collect())
                .unwrap_or_default();
            let help = if of_role.is_empty() {
                format!(
                    "set `role: {bound_name}` if agent `{}` is right, or bind an agent to role `{}` and name it here",
                    agent.value, role.value
                )
            } else {
                format!(
                    "name an agent of role `{}` ({}), or set `role: {bound_name}` if agent `{}` is right",
                    role.value,
                    of_role
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    agent.value
                )
            };
            let mut diagnostic = Diagnostic::new(&PERFORMER_MISMATCH, agent.span.clone(), message)
                .label(format!("bound to role `{bound_name}`"))
                .related(
                    role.span.clone(),
                    format!("the transition names role `{}` here", role.value),
                )
                .help(help);
            let binding = semantic
                .def
                .agents
                .get(agent.as_str())
                .and_then(|a| a.value.role.as_ref());
            if let Some(binding) = binding {
                diagnostic = diagnostic.related(
                    binding.span.clone(),
                    format!(
                        "agent `{}` is bound to `{}` here",
                        agent.value, binding.value
                    ),
                );
            }
            out.push(diagnostic);
        }
    }
}
