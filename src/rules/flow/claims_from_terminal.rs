//! `claims-from-terminal`: a role claims its tasks from a terminal queue.

use std::collections::HashSet;

use crate::rules::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a role whose `claims_from` is a terminal queue: `done`, `failed`, or a queue
    /// declared `terminal: true`. When a transition leaves that queue, `terminal-has-exit`
    /// reports the design instead.
    ///
    /// ## Why is this bad?
    /// Tasks in a terminal queue are finished. Agents of the role either find nothing ever
    /// (the orchestrator stops tracking finished tasks) or, worse, pick finished work up
    /// again and run it a second time.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}, archive: {claims_from: done}}
    /// agents: {implementer: {role: implement}, archivist: {role: archive}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> done: {}
    /// ```
    ///
    /// ## Use instead
    /// Give the work a queue of its own, before the task finishes.
    /// ```yaml
    /// version: 1
    /// queues: {to_archive: {}}
    /// roles: {implement: {}, archive: {claims_from: to_archive}}
    /// agents: {implementer: {role: implement}, archivist: {role: archive}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> to_archive: {}
    ///       to_archive -> done: {role: archive}
    /// ```
    CLAIMS_FROM_TERMINAL = ("OL306", "claims-from-terminal", Error, "A role claims its tasks from a terminal queue");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // The queues some transition leaves, gathered once and only when a role claims from a
    // terminal queue: scanning every flow per role is quadratic in a large definition.
    let mut left: Option<HashSet<&str>> = None;
    for role in cx.semantic.def.roles.iter() {
        let Some(queue) = &role.value.claims_from else {
            continue;
        };
        let name = queue.as_str();
        if !cx.semantic.is_terminal(name) {
            continue;
        }
        let left = left.get_or_insert_with(|| {
            cx.semantic
                .flows
                .iter()
                .flat_map(|f| f.transitions.iter().map(|t| t.from.as_str()))
                .collect()
        });
        // A transition out of the queue is `terminal-has-exit`'s one finding for that design.
        if left.contains(name) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &CLAIMS_FROM_TERMINAL,
            queue.span.clone(),
            format!(
                "role `{}` claims from `{name}`, a terminal queue: its tasks are finished, so the role finds none, or runs finished work again",
                role.name.value
            ),
        )
        .label("terminal queue")
        .help(format!(
            "claim from a queue where work waits, and route tasks through it before `{name}`"
        ));
        if let Some(span) = cx.semantic.queues.get(name).and_then(|q| q.span.clone()) {
            diagnostic = diagnostic.related(span, format!("`{name}` is declared terminal here"));
        }
        out.push(diagnostic);
    }
}
