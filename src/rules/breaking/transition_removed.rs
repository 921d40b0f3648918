//! `transition-removed`: a flow no longer has a transition of the old version.

use super::change::{Change, flow_parts};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Compares two versions of a definition and reports a `from -> to` transition that a
    /// flow (or its child flow) had and no longer has.
    ///
    /// ## Why is this bad?
    /// A task waiting in `from` for that move cannot make it: the server refuses a move its
    /// flow does not register, and the task is stuck where it is.
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
    /// queues: {provisional: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}}
    /// agents: {implementer: {role: implement}, gatekeeper: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> failed: {role: review}
    /// ```
    ///
    /// ## Use instead
    /// Add the new move beside the old one.
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
    /// queues: {provisional: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}}
    /// agents: {implementer: {role: implement}, gatekeeper: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {role: review}
    ///       provisional -> failed: {role: review}
    /// ```
    TRANSITION_REMOVED = ("OL805", "transition-removed", Error, "A flow no longer has a transition of the old version", breaking);
}

pub fn check(cx: &Change, out: &mut Vec<Diagnostic>) {
    for flow in cx.new.flows.iter() {
        let Some(old) = cx.old.flows.get(flow.name.as_str()) else {
            continue;
        };
        let new_parts = flow_parts(flow);
        for (index, (describe, old_transitions)) in flow_parts(old).into_iter().enumerate() {
            let new_transitions = new_parts.get(index).map_or(&[][..], |(_, ts)| *ts);
            for t in old_transitions {
                let kept = new_transitions
                    .iter()
                    .any(|n| n.from.value == t.from.value && n.to.value == t.to.value);
                if kept {
                    continue;
                }
                let (from, to) = (t.from.as_str(), t.to.as_str());
                out.push(
                    Diagnostic::new(
                        &TRANSITION_REMOVED,
                        flow.name.span.clone(),
                        format!(
                            "{describe} no longer has `{from} -> {to}` ({}): a task waiting in `{from}` for that move is stuck",
                            cx.was_at(&t.key)
                        ),
                    )
                    .label(format!("`{from} -> {to}` is gone from here"))
                    .help(format!(
                        "keep `{from} -> {to}` until no task waits in `{from}` for it"
                    )),
                );
            }
        }
    }
}
