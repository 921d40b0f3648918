//! `unreachable-queue`: a queue of a flow that no path from the flow's initial queue reaches.

use super::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Searches each flow (and child flow) breadth-first from its `initial` queue (`incoming`
    /// unless set), following transitions and their `on_checks_fail`/`on_fail` routes, and
    /// reports every queue of the flow that the search never reaches. Because it really walks
    /// the graph, a cycle that nothing enters is caught even though each of its queues has a
    /// transition coming in.
    ///
    /// ## Why is this bad?
    /// Transitions out of an unreachable queue never fire: the work they describe never
    /// happens, and usually a transition into the queue was forgotten or misspelt.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}, children_complete: {}}
    /// flows:
    ///   project:
    ///     transitions:
    ///       children_complete -> provisional: {}
    ///       provisional -> done: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}, children_complete: {}}
    /// flows:
    ///   project:
    ///     initial: children_complete
    ///     transitions:
    ///       children_complete -> provisional: {}
    ///       provisional -> done: {}
    /// ```
    UNREACHABLE_QUEUE = ("OL301", "unreachable-queue", Error, "No path from the flow's initial queue reaches a queue");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for flow in cx.semantic.flows.iter().filter(|f| f.sound) {
        for (queue, span) in &flow.graph.states {
            if flow.graph.reachable.contains(queue) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &UNREACHABLE_QUEUE,
                    span.clone(),
                    format!(
                        "queue `{queue}` is unreachable in {}: no path leads to it from `{}`",
                        flow.describe(),
                        flow.initial
                    ),
                )
                .label("never reached")
                .related(flow.initial_span.clone(), format!("the flow starts in `{}`", flow.initial))
                .help(format!(
                    "add a transition into `{queue}` from a reachable queue, or set the flow's `initial:`"
                )),
            );
        }
    }
}
