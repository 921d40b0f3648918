//! `reject-not-to-incoming`: an agent's rejection routed to a queue other than `incoming`,
//! where the server's reject never sends it.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::DEFAULT_QUEUE;

declare_rule! {
    /// ## What it does
    /// Reports the `on_fail` of a `type: agent` condition that names a queue other than
    /// `incoming`. Octopoid's orchestrator turns an agent's rejection into the Octopoid
    /// server's reject endpoint, which always moves the task to `incoming`: the `on_fail`
    /// queue is never reached.
    ///
    /// ## Why is this bad?
    /// Rejected work lands in `incoming`, where the agents that claim from there — not the
    /// ones `on_fail` names — pick it up, and the queue `on_fail` names stays empty.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}, rework: {}}
    /// roles: {implement: {}, fix: {claims_from: rework}, review: {claims_from: provisional}}
    /// agents: {implementer: {role: implement}, fixer: {role: fix}, reviewer: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       rework -> claimed: {role: fix}
    ///       claimed -> provisional: {}
    ///       provisional -> done:
    ///         role: review
    ///         conditions: [{name: approved, type: agent, agent: reviewer, on_fail: rework}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> done:
    ///         role: review
    ///         conditions: [{name: approved, type: agent, agent: reviewer, on_fail: incoming}]
    /// ```
    REJECT_NOT_TO_INCOMING = ("OL703", "reject-not-to-incoming", Error, "An agent's rejection is routed to a queue other than `incoming`, where the server's reject never sends it");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for flow in &cx.semantic.flows {
        if !flow.moves_tasks() {
            continue;
        }
        for t in flow.transitions {
            let rejections = t
                .conditions
                .iter()
                .flatten()
                .filter(|c| c.decided_by_agent())
                .filter_map(|c| c.on_fail.as_ref());
            for on_fail in rejections {
                let target = on_fail.as_str();
                // An unknown queue is `unknown-queue`'s to report.
                if target == DEFAULT_QUEUE || !cx.semantic.queues.contains_key(target) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &REJECT_NOT_TO_INCOMING,
                        on_fail.span.clone(),
                        format!(
                            "a rejection in `{} -> {}` ({}) goes to `incoming`, not `{target}`: the orchestrator rejects through the server's reject endpoint, which always moves the task to `incoming`",
                            t.from.value,
                            t.to.value,
                            flow.describe()
                        ),
                    )
                    .label("the server's reject moves the task to `incoming`")
                    .help(format!(
                        "write `on_fail: incoming`, and let the role that claims from `incoming` send the task on to `{target}`"
                    )),
                );
            }
        }
    }
}
