//! `reject-not-to-incoming`: an agent's rejection routed to a queue other than `incoming`,
//! where the server's reject never sends it.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{DEFAULT_QUEUE, Transition};

declare_rule! {
    /// ## What it does
    /// Reports the `on_fail` of a `type: agent` condition that names a queue other than
    /// `incoming`. Octopoid's orchestrator turns an agent's rejection into the Octopoid
    /// server's reject endpoint, which always moves the task to `incoming`: the `on_fail`
    /// queue is never reached. Checked in definitions and in an Octopoid project's
    /// `flows/*.yaml` alike (not on a project's own transitions, which move the project).
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
        if flow.moves_tasks() {
            let known = |queue: &str| cx.semantic.queues.contains_key(queue);
            out.extend(rejections(&flow.describe(), flow.transitions, known));
        }
    }
}

/// Each agent condition of `transitions` whose `on_fail` names a known queue other than
/// `incoming`; `flow` describes the flow for messages.
pub fn rejections(
    flow: &str,
    transitions: &[Transition],
    known: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in transitions {
        let rejections = t.agent_conditions().filter_map(|c| c.on_fail.as_ref());
        for on_fail in rejections {
            let target = on_fail.as_str();
            // An unknown queue is `unknown-queue`'s to report.
            if target == DEFAULT_QUEUE || !known(target) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &REJECT_NOT_TO_INCOMING,
                    on_fail.span.clone(),
                    format!(
                        "a rejection in `{} -> {}` ({flow}) goes to `incoming`, not `{target}`: the orchestrator rejects through the server's reject endpoint, which always moves the task to `incoming`",
                        t.from.value,
                        t.to.value,
                    ),
                )
                .label("the server's reject moves the task to `incoming`")
                .help(format!(
                    "write `on_fail: incoming`, and let the role that claims from `incoming` send the task on to `{target}`"
                )),
            );
        }
    }
    out
}
