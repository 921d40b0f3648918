//! `claim-from-undeclared-queue`: an Octopoid agent claims from a queue no flow has.

use crate::diagnostic::Diagnostic;
use crate::octopoid::{Findings, INTERVENTION, Context};
use crate::suggest::suggestions;

declare_rule! {
    /// ## What it does
    /// In an Octopoid project, reports an agent whose `claim_from` names a queue that is not a
    /// state of any flow (or child flow), not a built-in queue (`incoming`, `claimed`, `done`,
    /// `failed`) and not one the runtime adds (`needs_continuation`, `requires-intervention`).
    /// The fixer's pseudo-queue `intervention` is allowed. A project without flows is assumed
    /// to run the flow `octopoid init` writes (`incoming`, `claimed`, `provisional`, `done`).
    ///
    /// ## Why is this bad?
    /// Tasks only ever enter the states of their flow, so the agent polls a queue that is
    /// always empty and never runs. Nothing reports it: the scheduler logs
    /// "no tasks" at debug level on every tick.
    ///
    /// After `octolint import`, the same mistake is `unknown-queue` in the definition.
    ///
    /// ## Example
    /// ```yaml
    /// # file: flows/default.yaml
    /// name: default
    /// transitions:
    ///   "incoming -> claimed": {agent: implementer}
    ///   "claimed -> provisional": {runs: [create_pr]}
    ///   "provisional -> done":
    ///     conditions:
    ///       - {name: review, type: agent, agent: gatekeeper}
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    /// ```yaml
    /// # file: agents/gatekeeper/agent.yaml
    /// role: gatekeeper
    /// claim_from: in_review
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: flows/default.yaml
    /// name: default
    /// transitions:
    ///   "incoming -> claimed": {agent: implementer}
    ///   "claimed -> provisional": {runs: [create_pr]}
    ///   "provisional -> done":
    ///     conditions:
    ///       - {name: review, type: agent, agent: gatekeeper}
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    /// ```yaml
    /// # file: agents/gatekeeper/agent.yaml
    /// role: gatekeeper
    /// claim_from: provisional
    /// ```
    CLAIM_FROM_UNDECLARED_QUEUE = ("OL501", "claim-from-undeclared-queue", Error, "An Octopoid agent claims from a queue that no flow has", native);
}

pub fn check(cx: &Context, out: &mut Findings) {
    let declared = cx.declared_queues();
    for agent in cx.pool() {
        let Some(queue) = &agent.claim_from else {
            continue;
        };
        if queue.value == INTERVENTION || declared.contains(queue.value.as_str()) {
            continue;
        }
        let known = declared.iter().copied().chain([INTERVENTION]);
        let candidates = suggestions(&queue.value, known);
        let assumed = if cx.has_flows() {
            ""
        } else {
            " (the project has no flows/: the states of Octopoid's default flow were assumed)"
        };
        let mut d = Diagnostic::new(
            &CLAIM_FROM_UNDECLARED_QUEUE,
            queue.span.clone(),
            format!(
                "agent `{}` claims from `{}`, but no flow has that state{assumed}: it will never find a task",
                agent.name.value, queue.value
            ),
        )
        .label("no task is ever in this queue")
        .did_you_mean(&candidates);
        if candidates.is_empty() {
            let states: Vec<&str> = declared.iter().copied().collect();
            d = d.help(format!(
                "claim from a flow state ({}), or add `{}` to a flow",
                states.join(", "),
                queue.value
            ));
        }
        out.push(queue.file, d);
    }
}
