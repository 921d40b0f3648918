//! `queue-removed`: a declared queue of the old version is gone from the new one.

use super::change::Change;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Compares two versions of a definition and reports a queue the old version declares
    /// and the new one does not.
    ///
    /// ## Why is this bad?
    /// Tasks sitting in the queue stay there: no flow leaves it any more and no role claims
    /// from it, and the server refuses to move them by a flow that no longer has the state.
    ///
    /// ## Example
    /// ```yaml
    /// # before
    /// version: 1
    /// queues: {provisional: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}}
    /// agents: {implementer: {role: implement}, gatekeeper: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {role: review}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    ///
    /// ## Use instead
    /// Keep the queue until no task sits in it (`octolint plan` lists them).
    /// ```yaml
    /// # before
    /// version: 1
    /// queues: {provisional: {}}
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// queues: {provisional: {}}
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    QUEUE_REMOVED = ("OL803", "queue-removed", Error, "A queue of the old version is gone", breaking);
}

pub fn check(cx: &Change, out: &mut Vec<Diagnostic>) {
    for queue in cx.old.queues.iter() {
        let name = queue.name.as_str();
        if cx.new.queues.get(name).is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &QUEUE_REMOVED,
                cx.section("queues"),
                format!(
                    "queue `{name}` ({}) is gone: tasks in `{name}` are stranded there",
                    cx.was_at(&queue.name.span)
                ),
            )
            .label(format!("`{name}` was declared here"))
            .help(format!(
                "keep `{name}` until no task is in it, or move its tasks out first"
            )),
        );
    }
}
