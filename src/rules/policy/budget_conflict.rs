//! `budget-conflict`: an agent and its role set the same budget to different values.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Budgets (`model`, `max_turns`, `max_spend`, `timeout`) belong to roles, with defaults in
    /// `policy.defaults`; an agent may set one its role leaves open. Reports an agent that sets a
    /// budget its role also sets, to a different value.
    ///
    /// ## Why is this bad?
    /// An agent must have one value per budget. Configured twice, which one the runner uses
    /// depends on its merge order, and the limit people reviewed is not the one that applies.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {max_turns: 100}}
    /// agents:
    ///   implementer: {role: implement, max_turns: 200}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {max_turns: 200}}
    /// agents:
    ///   implementer: {role: implement}
    /// ```
    BUDGET_CONFLICT = ("OL612", "budget-conflict", Error, "An agent and its role set a budget to different values");
}

/// A budget value as written (for messages) and where.
type Setting = Option<(String, Span)>;

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    for agent in semantic.def.agents.iter() {
        let Some(role) = semantic.role_of_agent(agent.name.as_str()) else {
            continue;
        };
        let (a, r) = (&agent.value, &role.value);
        let pairs: [(&str, Setting, Setting); 4] = [
            (
                "model",
                a.model.as_ref().map(|m| (m.value.clone(), m.span.clone())),
                r.model.as_ref().map(|m| (m.value.clone(), m.span.clone())),
            ),
            (
                "max_turns",
                a.max_turns
                    .as_ref()
                    .map(|m| (m.value.to_string(), m.span.clone())),
                r.max_turns
                    .as_ref()
                    .map(|m| (m.value.to_string(), m.span.clone())),
            ),
            (
                "max_spend",
                a.max_spend
                    .as_ref()
                    .map(|m| (m.value.to_string(), m.span.clone())),
                r.max_spend
                    .as_ref()
                    .map(|m| (m.value.to_string(), m.span.clone())),
            ),
            (
                "timeout",
                a.timeout
                    .as_ref()
                    .map(|m| (format!("{}s", m.value), m.span.clone())),
                r.timeout
                    .as_ref()
                    .map(|m| (format!("{}s", m.value), m.span.clone())),
            ),
        ];
        for (field, agent_value, role_value) in pairs {
            let (Some((agent_value, agent_span)), Some((role_value, role_span))) =
                (agent_value, role_value)
            else {
                continue;
            };
            if agent_value == role_value {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &BUDGET_CONFLICT,
                    agent_span,
                    format!(
                        "agent `{}` sets `{field}` to {agent_value}, but its role `{}` sets it to {role_value}",
                        agent.name.value, role.name.value
                    ),
                )
                .label("configured twice")
                .related(role_span, format!("role `{}` sets it here", role.name.value))
                .help(format!(
                    "keep one value: set `{field}` on the role only, or give the agent a role of its own"
                )),
            );
        }
    }
}
