//! `terminal-has-exit`: a transition out of a terminal queue.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a transition whose source is a terminal queue: `done`, `failed`, or a queue
    /// declared `terminal: true`.
    ///
    /// ## Why is this bad?
    /// Terminal means finished: the orchestrator stops tracking tasks there, so the transition
    /// never fires — or, if something does move the task, "done" stops meaning done.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> done: {}
    ///       done -> incoming: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> done: {}
    /// ```
    TERMINAL_HAS_EXIT = ("OL305", "terminal-has-exit", Error, "A transition leaves a terminal queue");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for flow in &cx.semantic.flows {
        for t in flow.transitions {
            let from = t.from.as_str();
            if !cx.semantic.is_terminal(from) {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &TERMINAL_HAS_EXIT,
                t.from.span.clone(),
                format!(
                    "`{from}` is terminal, but transition `{from} -> {}` in {} leaves it",
                    t.to.value,
                    flow.describe()
                ),
            )
            .label("terminal queue")
            .help("remove the transition, or route the task through a non-terminal queue before it finishes");
            if let Some(span) = cx.semantic.queues.get(from).and_then(|q| q.span.clone()) {
                diagnostic = diagnostic.related(span, format!("`{from}` is declared here"));
            }
            out.push(diagnostic);
        }
    }
}
