//! `flow-agent-unmatched`: a flow's `agent:` matches no Octopoid agent.

use crate::diagnostic::Diagnostic;
use crate::model::{ConditionKind, Spanned};
use crate::octopoid::{Findings, Context};
use crate::suggest::suggestions;

declare_rule! {
    /// ## What it does
    /// In an Octopoid project, reports an `agent:` of a flow transition or of a condition that
    /// matches no agent — Octopoid matches it against each pool agent's name, blueprint
    /// (its `agents/<name>/` directory) and role — with the closest of those suggested.
    ///
    /// ## Why is this bad?
    /// Octopoid's own flow validation rejects the flow ("agent not found by name,
    /// blueprint_name, or role"), and a `type: agent` condition that no agent can decide
    /// holds its tasks forever.
    ///
    /// After `octolint import`, the same mistake is `unknown-agent` in the definition.
    ///
    /// ## Example
    /// ```yaml
    /// # file: flows/default.yaml
    /// name: default
    /// transitions:
    ///   "incoming -> claimed": {agent: implementor}
    ///   "claimed -> done": {}
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: flows/default.yaml
    /// name: default
    /// transitions:
    ///   "incoming -> claimed": {agent: implementer}
    ///   "claimed -> done": {}
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    FLOW_AGENT_UNMATCHED = ("OL503", "flow-agent-unmatched", Error, "A flow's `agent:` matches no Octopoid agent by name, blueprint or role", native);
}

/// Every `agent:` of a flow (transitions and agent-decided conditions), with its file.
pub fn references<'a>(cx: &Context<'a>) -> Vec<(usize, &'a Spanned<String>)> {
    let mut found = Vec::new();
    for unit in cx.units() {
        for t in unit.transitions {
            found.extend(t.agent.iter().map(|a| (unit.file, a)));
            for c in t.conditions.iter().flatten() {
                let by_agent = c.kind.as_ref().map(|k| k.value) == Some(ConditionKind::Agent);
                found.extend(c.agent.iter().filter(|_| by_agent).map(|a| (unit.file, a)));
            }
        }
    }
    found
}

pub fn check(cx: &Context, out: &mut Findings) {
    let mut known: Vec<&str> = Vec::new();
    for agent in cx.pool() {
        known.push(&agent.name.value);
        known.extend(agent.blueprint.as_deref());
        known.extend(agent.role.as_ref().map(|r| r.value.as_str()));
    }
    known.dedup();
    for (file, reference) in references(cx) {
        if !cx.matching_agents(&reference.value).is_empty() {
            continue;
        }
        let candidates = suggestions(&reference.value, known.iter().copied());
        let mut d = Diagnostic::new(
            &FLOW_AGENT_UNMATCHED,
            reference.span.clone(),
            format!(
                "`agent: {}` matches no agent by name, blueprint or role",
                reference.value
            ),
        )
        .label("no such agent")
        .did_you_mean(&candidates);
        if candidates.is_empty() {
            d = d.help(if known.is_empty() {
                "the project defines no pool agent: add agents/<name>/agent.yaml".to_string()
            } else {
                format!("agents, blueprints and roles: {}", known.join(", "))
            });
        }
        out.push(file, d);
    }
}
