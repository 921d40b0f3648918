//! `unreachable-queue`: a queue of a flow that no path from the flow's initial queue reaches.

use foldhash::HashSet;

use crate::rules::Context;
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
        if !flow.graph.states.is_empty() && !flow.graph.has_exit(flow.initial) {
            out.push(starts_nowhere(flow));
            continue;
        }
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

/// One finding for a flow whose initial queue no transition leaves (everything is unreachable),
/// instead of one per queue.
fn starts_nowhere(flow: &crate::semantic::FlowView) -> Diagnostic {
    let entered: HashSet<&str> = flow
        .transitions
        .iter()
        .flat_map(|t| t.targets().map(|q| q.as_str()))
        .collect();
    let entries: Vec<String> = flow
        .graph
        .states
        .iter()
        .filter(|(q, _)| !entered.contains(q))
        .map(|(q, _)| format!("`{q}`"))
        .collect();
    let help = if entries.is_empty() {
        format!("add a transition out of `{}`", flow.initial)
    } else {
        format!(
            "set the flow's `initial:` to where its tasks start ({} has no transition into it), or add a transition out of `{}`",
            entries.join(", "),
            flow.initial
        )
    };
    Diagnostic::new(
        &UNREACHABLE_QUEUE,
        flow.initial_span.clone(),
        format!(
            "{} starts in `{}`, but none of its transitions leave `{}`: every queue in it is unreachable",
            flow.describe(),
            flow.initial,
            flow.initial
        ),
    )
    .label(format!("starts in `{}`", flow.initial))
    .help(help)
}
