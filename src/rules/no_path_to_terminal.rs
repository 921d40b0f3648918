//! `no-path-to-terminal`: a queue from which no terminal queue can be reached.

use super::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Searches each flow backward from its terminal queues and reports every reachable queue
    /// that has transitions out but from which no terminal queue can be reached: its tasks
    /// can only cycle. Queues that lead into a dead end are left to `dead-end-queue`.
    ///
    /// ## Why is this bad?
    /// Tasks caught in such a cycle are handed back and forth between agents forever, spending
    /// budget without ever finishing.
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
    ///       provisional -> incoming: {}
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
    ///       provisional -> incoming: {}
    ///       provisional -> done: {}
    /// ```
    NO_PATH_TO_TERMINAL = ("OL303", "no-path-to-terminal", Error, "No terminal queue can be reached from a queue");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for flow in cx.semantic.flows.iter().filter(|f| f.sound) {
        for (queue, span) in &flow.graph.states {
            if !flow.graph.reachable.contains(queue)
                || !flow.graph.has_exit(queue)
                || flow.graph.can_finish.contains(queue)
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &NO_PATH_TO_TERMINAL,
                    span.clone(),
                    format!(
                        "no terminal queue can be reached from `{queue}` in {}: its tasks can only cycle",
                        flow.describe()
                    ),
                )
                .label("no way to finish from here")
                .help(format!(
                    "add a transition from `{queue}` (or a queue it leads to) into `done`, `failed` or another terminal queue"
                )),
            );
        }
    }
}
