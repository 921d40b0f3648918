//! `submit-not-from-claimed`: a move into `provisional` from a task that is not in
//! `claimed`, which the server's submit refuses.

use crate::diagnostic::Diagnostic;
use crate::model::{CLAIMED_QUEUE, Transition};
use crate::rules::Context;
use crate::semantic::server::PROVISIONAL_QUEUE;

declare_rule! {
    /// ## What it does
    /// Reports a transition into `provisional` that does not start from `claimed` on the
    /// Octopoid server. The orchestrator moves a task into `provisional` with the submit
    /// endpoint, which is hard-coded to move `claimed -> provisional` and refuses a task in
    /// any other queue, whatever the flow says. A transition out of a queue is carried out in
    /// `claimed` only when the role performing it has claimed the task from that queue.
    /// Checked in definitions and in an Octopoid project's `flows/*.yaml` alike (there the
    /// performers are the agents a transition's `agent:` matches), not on a project's own
    /// transitions, which move the project.
    ///
    /// ## Why is this bad?
    /// The submit fails with 409 (`task is in children_complete, expected claimed`) and the
    /// task stays where it is.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}, ready: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> ready: {}
    ///       ready -> provisional: {}
    ///       provisional -> done: {role: review}
    /// ```
    ///
    /// ## Use instead
    /// Submit from `claimed`; any other queue is reached with PATCH:
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
    SUBMIT_NOT_FROM_CLAIMED = ("OL702", "submit-not-from-claimed", Error, "A move into `provisional` from a queue other than `claimed`, which the server's submit refuses");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    for flow in &semantic.flows {
        // A project's own transitions move no task; a flow with an unknown queue gets no
        // findings that follow from it.
        if !flow.moves_tasks() || !flow.sound {
            continue;
        }
        out.extend(refused_submits(&flow.describe(), flow.transitions, |t| {
            semantic.server_queue(t)
        }));
    }
}

/// Each move into `provisional` of `transitions` (`flow` describes the flow for messages)
/// carried out on a task that is not in `claimed`: `server_queue` says where it is.
pub fn refused_submits<'t>(
    flow: &str,
    transitions: &'t [Transition],
    server_queue: impl Fn(&'t Transition) -> &'t str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in transitions {
        if t.to.as_str() != PROVISIONAL_QUEUE {
            continue;
        }
        let at = server_queue(t);
        if at == CLAIMED_QUEUE {
            continue;
        }
        let from = t.from.as_str();
        out.push(
            Diagnostic::new(
                &SUBMIT_NOT_FROM_CLAIMED,
                t.from.span.clone(),
                format!(
                    "the server refuses to submit `{from} -> provisional` in {flow}: submit only moves a task from `claimed`, and this task is in `{at}`"
                ),
            )
            .label(format!("the task is in `{at}`, not `claimed`"))
            .help(format!(
                "reach `provisional` from `claimed` (`claimed -> provisional`), or give the task a queue of its own instead of `provisional`: the orchestrator moves a task from `{from}` into any other queue with PATCH"
            )),
        );
    }
    out
}
