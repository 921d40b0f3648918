//! `unused-queue`: a declared queue nothing refers to.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::BUILTIN_QUEUES;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// Reports a queue declared under `queues:` that no flow, role `claims_from`,
    /// `on_checks_fail` or `on_fail` refers to. Built-in queues are never reported.
    ///
    /// ## Why is this bad?
    /// It is registered as a state although no task can enter it; often a flow was meant to
    /// use it under a misspelt name.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}, staging: {}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {}
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
    UNUSED_QUEUE = ("OL403", "unused-queue", Warning, "No flow or role uses a declared queue");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let used = semantic.used_names(Kind::Queue);
    for queue in semantic.def.queues.iter() {
        let name = queue.name.as_str();
        if used.contains(name) || BUILTIN_QUEUES.contains(&name) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNUSED_QUEUE,
                queue.name.span.clone(),
                format!("queue `{name}` is unused: no flow, role or failure route refers to it"),
            )
            .label("unused")
            .help("use it in a flow's transitions, or remove it"),
        );
    }
}
