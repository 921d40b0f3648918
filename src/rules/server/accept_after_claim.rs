//! `accept-after-claim`: a move into `done` that the server's accept refuses, because the
//! claim before it has moved the task to `claimed`.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::CLAIMED_QUEUE;
use crate::semantic::Semantic;
use crate::semantic::server::DONE_QUEUE;

declare_rule! {
    /// ## What it does
    /// Reports a transition `Q -> done` performed by a role that claims its tasks from `Q`,
    /// when the flow has no `claimed -> done`. On the Octopoid server a claim moves the task
    /// from `Q` into `claimed` (only a claim from `provisional` leaves the task where it is),
    /// and the accept endpoint, the only way into `done`, refuses a move the task's flow does
    /// not have — here `claimed -> done`.
    ///
    /// ## Why is this bad?
    /// The reviewer claims the task, approves it, and the accept fails with 409 (`flow
    /// "default" does not allow claimed → done`): the task never completes, and the work sits
    /// in `claimed` until its lease runs out.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {in_review: {}}
    /// roles: {implement: {}, review: {claims_from: in_review}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> in_review: {}
    ///       in_review -> done: {role: review}
    /// ```
    ///
    /// ## Use instead
    /// Review from `provisional`, the one queue a claim leaves the task in:
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
    ACCEPT_AFTER_CLAIM = ("OL701", "accept-after-claim", Error, "A move into `done` runs on a claimed task, and the server's accept refuses it");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    for flow in &semantic.flows {
        // A project's own transitions move no task; a flow with an unknown queue gets no
        // findings that follow from it.
        if !flow.moves_tasks() || !flow.sound {
            continue;
        }
        let mut moves = None;
        for t in flow.transitions {
            if t.to.as_str() != DONE_QUEUE || semantic.server_queue(t) != CLAIMED_QUEUE {
                continue;
            }
            if t.from.as_str() == CLAIMED_QUEUE {
                continue;
            }
            let moves = moves.get_or_insert_with(|| semantic.registered_moves(flow.name.as_str()));
            if moves.contains(&(CLAIMED_QUEUE, DONE_QUEUE)) {
                continue;
            }
            let from = t.from.as_str();
            let Some((_, _, role)) = semantic
                .performers(t)
                .into_iter()
                .find(|(_, _, role)| Semantic::claims_from(role) == from)
            else {
                continue;
            };
            let role_name = role.name.as_str();
            let mut diagnostic = Diagnostic::new(
                &ACCEPT_AFTER_CLAIM,
                t.key.clone(),
                format!(
                    "the server refuses to accept `{from} -> done` in {}: role `{role_name}` claims the task from `{from}`, which moves it to `claimed`, and the flow has no `claimed -> done`",
                    flow.describe()
                ),
            )
            .label(format!("accepted from `claimed`, not `{from}`"))
            .help(format!(
                "have role `{role_name}` claim from `provisional`, the one queue a claim leaves a task in (`claimed -> provisional`, then `provisional -> done`), or claim into `claimed` first (`{from} -> claimed`, then `claimed -> done`)"
            ));
            if let Some(claims) = &role.value.claims_from {
                diagnostic = diagnostic.related(
                    claims.span.clone(),
                    format!("role `{role_name}` claims from `{from}` here"),
                );
            }
            out.push(diagnostic);
        }
    }
}
