//! `dead-end-queue`: a non-terminal queue that no transition leaves.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a reachable queue of a flow that is not terminal (`done`, `failed`, or declared
    /// `terminal: true`) and that no transition of the flow leaves.
    ///
    /// ## Why is this bad?
    /// Tasks that enter it stay there forever: they are not finished, so nothing reports them
    /// as done, and no transition will ever move them.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> provisional: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {}
    /// ```
    DEAD_END_QUEUE = ("OL302", "dead-end-queue", Error, "A non-terminal queue has no way out");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for flow in cx.semantic.flows.iter().filter(|f| f.sound) {
        // A flow whose initial queue has no way out is one `unreachable-queue` finding; that
        // queue is not reported again as a dead end.
        let starts_nowhere = !flow.graph.has_exit(flow.initial);
        for (queue, span) in &flow.graph.states {
            if !flow.graph.reachable.contains(queue)
                || flow.graph.has_exit(queue)
                || cx.semantic.is_terminal(queue)
                || (starts_nowhere && *queue == flow.initial)
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &DEAD_END_QUEUE,
                    span.clone(),
                    format!(
                        "queue `{queue}` is a dead end in {}: it is not terminal and no transition leaves it",
                        flow.describe()
                    ),
                )
                .label("tasks get stuck here")
                .help(format!(
                    "add a transition out of `{queue}`, or declare it `terminal: true` under `queues:`"
                )),
            );
        }
    }
}
