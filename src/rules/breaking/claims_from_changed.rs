//! `claims-from-changed`: a role claims from another queue than in the old version.

use super::change::{Change, claims_from};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Compares two versions of a definition and reports a role whose `claims_from` (by
    /// default `incoming`) changed.
    ///
    /// ## Why is this bad?
    /// The server's role table is global and claims follow it: tasks waiting in the old
    /// queue are no longer claimed by the role, and every orchestrator registering the role
    /// re-routes the others.
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
    /// queues: {provisional: {}, in_review: {}}
    /// roles: {implement: {}, review: {claims_from: in_review}}
    /// agents: {implementer: {role: implement}, gatekeeper: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> in_review: {}
    ///       in_review -> done: {role: review}
    /// ```
    ///
    /// ## Use instead
    /// Give the new queue a role of its own, and retire the old one once its queue is empty.
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
    /// ```
    CLAIMS_FROM_CHANGED = ("OL804", "claims-from-changed", Error, "A role claims from another queue than before", breaking);
}

pub fn check(cx: &Change, out: &mut Vec<Diagnostic>) {
    for role in cx.new.roles.iter() {
        let Some(old) = cx.old.roles.get(role.name.as_str()) else {
            continue;
        };
        let (before, after) = (claims_from(old), claims_from(role));
        if before == after {
            continue;
        }
        let name = role.name.as_str();
        let span = role
            .value
            .claims_from
            .as_ref()
            .map_or_else(|| role.name.span.clone(), |c| c.span.clone());
        out.push(
            Diagnostic::new(
                &CLAIMS_FROM_CHANGED,
                span,
                format!(
                    "role `{name}` now claims from `{after}`, not `{before}`: tasks waiting in `{before}` are no longer claimed by it, and registering it re-routes every orchestrator's `{name}` claims"
                ),
            )
            .label(format!("was `{before}`"))
            .help(format!(
                "give `{after}` a role of its own, and retire `{name}`'s claims from `{before}` once no task waits there"
            )),
        );
    }
}
