//! `role-queue-mismatch`: a transition out of a queue performed by a role that claims from
//! another queue.

use foldhash::HashSet;

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::CLAIMED_QUEUE;
use crate::semantic::Semantic;

declare_rule! {
    /// ## What it does
    /// Reports a transition out of queue Q whose performer — its `role`, the role of its
    /// `agent`, or the role of an agent deciding one of its `type: agent` conditions — claims
    /// tasks from a queue other than Q (a role claims from `incoming` unless `claims_from`
    /// says otherwise). A transition out of `claimed` is performed by whoever claimed the task,
    /// so there the role must claim from a queue that leads into `claimed`.
    ///
    /// ## Why is this bad?
    /// Agents only see tasks in the queue their role claims from. A reviewer that claims from
    /// `incoming` never sees the tasks waiting in `provisional`, so the review never happens.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}}
    /// roles: {implement: {}, review: {}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {role: review}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {role: review}
    /// ```
    ROLE_QUEUE_MISMATCH = ("OL202", "role-queue-mismatch", Error, "A transition is performed by a role that claims from another queue");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    for flow in &semantic.flows {
        // Computed once per flow: looking it up per transition out of `claimed` would be
        // quadratic in the flow's size.
        let into_claimed: HashSet<&str> = flow
            .transitions
            .iter()
            .filter(|t| t.to.as_str() == CLAIMED_QUEUE)
            .map(|t| t.from.as_str())
            .collect();
        for t in flow.transitions {
            let from = t.from.as_str();
            if !semantic.queues.contains_key(from) {
                continue;
            }
            for (reference, agent, role) in semantic.performers(t) {
                let claims = Semantic::claims_from(role);
                if !semantic.queues.contains_key(claims) || claims_ok(&into_claimed, from, claims) {
                    continue;
                }
                let role_name = role.name.as_str();
                let who = match agent {
                    Some(agent) => format!("agent `{agent}` (role `{role_name}`)"),
                    None => format!("role `{role_name}`"),
                };
                let message = if from == CLAIMED_QUEUE {
                    format!(
                        "{who} performs `{from} -> {}` in {}, but claims tasks from `{claims}`, which does not lead into `{from}`",
                        t.to.value,
                        flow.describe()
                    )
                } else {
                    format!(
                        "{who} performs `{from} -> {}` in {}, but claims tasks from `{claims}`, not `{from}`",
                        t.to.value,
                        flow.describe()
                    )
                };
                let mut diagnostic = Diagnostic::new(&ROLE_QUEUE_MISMATCH, reference.span.clone(), message)
                    .label(format!("claims from `{claims}`"))
                    .help(if from == CLAIMED_QUEUE {
                        format!("the agent that claimed the task performs this; have role `{role_name}` claim from the queue that leads into `{from}`")
                    } else {
                        format!("set `claims_from: {from}` on role `{role_name}`, or have a role that claims from `{from}` perform this transition")
                    });
                if let Some(claims_span) = role.value.claims_from.as_ref().map(|c| c.span.clone()) {
                    diagnostic = diagnostic.related(
                        claims_span,
                        format!("role `{role_name}` claims from `{claims}` here"),
                    );
                }
                out.push(diagnostic);
            }
        }
    }
}

/// Whether a role claiming from `claims` can perform a transition out of `from`.
/// `into_claimed`: the queues from which a transition of the flow leads into `claimed`.
fn claims_ok(into_claimed: &HashSet<&str>, from: &str, claims: &str) -> bool {
    if from == CLAIMED_QUEUE {
        into_claimed.contains(claims)
    } else {
        claims == from
    }
}
