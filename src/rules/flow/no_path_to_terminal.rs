//! `no-path-to-terminal`: a queue from which no terminal queue can be reached.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Searches each flow backward from its terminal queues and reports every reachable queue
    /// that has transitions out but from which no terminal queue can be reached: its tasks
    /// can only cycle. Queues that lead into a dead end are left to `dead-end-queue`. Queues
    /// joined by transitions are one finding — one way out frees them all — at the first of
    /// them, with the others as related locations.
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
        for group in flow.graph.cycling_groups() {
            out.push(cycling(
                &flow.describe(),
                &group,
                "`done`, `failed` or another terminal queue",
            ));
        }
    }
}

/// One finding for a group of states that can only cycle: at its first state, the others as
/// related locations. `ends` names where a way out may lead.
pub fn cycling(flow: &str, group: &[(&str, Span)], ends: &str) -> Diagnostic {
    let names: Vec<String> = group.iter().map(|(q, _)| format!("`{q}`")).collect();
    let (first, span) = &group[0];
    let message = match names.as_slice() {
        [one] => format!(
            "no terminal queue can be reached from {one} in {flow}: its tasks can only cycle"
        ),
        many => format!(
            "no terminal queue can be reached from {} in {flow}: their tasks can only cycle among them",
            many.join(", ")
        ),
    };
    let mut diagnostic = Diagnostic::new(&NO_PATH_TO_TERMINAL, span.clone(), message)
        .label("no way to finish from here")
        .help(if names.len() == 1 {
            format!("add a transition from `{first}` (or a queue it leads to) into {ends}")
        } else {
            format!(
                "add a transition from one of {} into {ends}",
                names.join(", ")
            )
        });
    for (queue, span) in &group[1..] {
        diagnostic = diagnostic.related(span.clone(), format!("`{queue}` can only cycle too"));
    }
    diagnostic
}
