//! `flow-agent-ambiguous`: a flow's `agent:` matches several Octopoid agents.

use crate::diagnostic::Diagnostic;
use crate::octopoid::{Findings, Context};

declare_rule! {
    /// ## What it does
    /// In an Octopoid project, reports an `agent:` of a flow transition or condition that
    /// matches more than one pool agent — typically a role that several agents share — and
    /// lists them.
    ///
    /// ## Why is this bad?
    /// The field reads like it names who does the work, but Octopoid routes work by each
    /// agent's `claim_from`, not by this field; when it matches several agents, which one
    /// handles the step is decided elsewhere, and readers of the flow are misled.
    ///
    /// ## Example
    /// ```yaml
    /// # file: flows/default.yaml
    /// name: default
    /// transitions:
    ///   "incoming -> claimed": {agent: implement}
    ///   "claimed -> done": {}
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    /// ```yaml
    /// # file: agents/quick-implementer/agent.yaml
    /// role: implement
    /// model: haiku
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
    /// ```yaml
    /// # file: agents/quick-implementer/agent.yaml
    /// role: implement
    /// model: haiku
    /// ```
    FLOW_AGENT_AMBIGUOUS = ("OL504", "flow-agent-ambiguous", Warning, "A flow's `agent:` matches several Octopoid agents", native);
}

pub fn check(cx: &Context, out: &mut Findings) {
    for (file, reference) in super::flow_agent_unmatched::references(cx) {
        let matches = cx.matching_agents(&reference.value);
        if matches.len() < 2 {
            continue;
        }
        let described: Vec<String> = matches
            .iter()
            .map(|a| {
                let how = if a.name.value == reference.value {
                    "by name"
                } else if a.blueprint.as_deref() == Some(reference.value.as_str()) {
                    "by blueprint"
                } else {
                    "by role"
                };
                format!("`{}` ({how})", a.name.value)
            })
            .collect();
        let first = &matches[0].name.value;
        out.push(
            file,
            Diagnostic::new(
                &FLOW_AGENT_AMBIGUOUS,
                reference.span.clone(),
                format!(
                    "`agent: {}` matches {} agents: {}",
                    reference.value,
                    matches.len(),
                    described.join(", ")
                ),
            )
            .label("ambiguous")
            .help(format!("name one agent, e.g. `agent: {first}`")),
        );
    }
}
