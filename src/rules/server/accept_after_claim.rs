//! `accept-after-claim`: a move into `done` that the server's accept refuses, because the
//! claim before it has moved the task to `claimed`.

use crate::diagnostic::Diagnostic;
use crate::model::{CLAIMED_QUEUE, Transition};
use crate::rules::Context;
use crate::semantic::Semantic;
use crate::semantic::server::{DONE_QUEUE, after_claim};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a transition `Q -> done` performed by a role that claims its tasks from `Q`,
    /// when the flow has no `claimed -> done`. On the Octopoid server a claim moves the task
    /// from `Q` into `claimed` (only a claim from `provisional` leaves the task where it is),
    /// and the accept endpoint, the only way into `done`, refuses a move the task's flow does
    /// not have — here `claimed -> done`. Checked in definitions and in an Octopoid project's
    /// `flows/*.yaml` alike, where the performers are the agents a transition's `agent:` (or
    /// an agent condition) matches, each claiming from its `claim_from`.
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
        let allows_claimed_to_done = || {
            semantic
                .registered_moves(flow.name.as_str())
                .contains(&(CLAIMED_QUEUE, DONE_QUEUE))
        };
        out.extend(refused_accepts(
            &flow.describe(),
            flow.transitions,
            |t| {
                let from = t.from.as_str();
                let (_, _, role) = semantic
                    .performers(t)
                    .into_iter()
                    .find(|(_, _, role)| Semantic::claims_from(role) == from)?;
                Some(Claimer {
                    who: format!("role `{}`", role.name.value),
                    claims_here: role.value.claims_from.as_ref().map(|c| c.span.clone()),
                })
            },
            allows_claimed_to_done,
        ));
    }
}

/// A performer of a transition that claims its tasks from the transition's source queue.
pub struct Claimer {
    /// "role `review`", "agent `reviewer`".
    pub who: String,
    /// Where it says so, when that is in the same file as the transition.
    pub claims_here: Option<Span>,
}

/// Each `Q -> done` of `transitions` (`flow` describes the flow for messages) that a
/// `claimer` performs after claiming from `Q`, which moves the task to `claimed` (`Q` is
/// neither `claimed` nor `provisional`), when the flow does not register `claimed -> done`
/// (`allows_claimed_to_done`, asked once and only when needed).
pub fn refused_accepts<'t>(
    flow: &str,
    transitions: &'t [Transition],
    claimer: impl Fn(&'t Transition) -> Option<Claimer>,
    allows_claimed_to_done: impl FnOnce() -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut allows_claimed_to_done = Some(allows_claimed_to_done);
    let mut allowed = None;
    for t in transitions {
        let from = t.from.as_str();
        if t.to.as_str() != DONE_QUEUE || after_claim(from) != CLAIMED_QUEUE || from == CLAIMED_QUEUE
        {
            continue;
        }
        let Some(claimer) = claimer(t) else {
            continue;
        };
        let allowed = *allowed.get_or_insert_with(|| {
            allows_claimed_to_done.take().is_some_and(|ask| ask())
        });
        if allowed {
            continue;
        }
        let who = &claimer.who;
        let mut diagnostic = Diagnostic::new(
            &ACCEPT_AFTER_CLAIM,
            t.key.clone(),
            format!(
                "the server refuses to accept `{from} -> done` in {flow}: {who} claims the task from `{from}`, which moves it to `claimed`, and the flow has no `claimed -> done`"
            ),
        )
        .label(format!("accepted from `claimed`, not `{from}`"))
        .help(format!(
            "have {who} claim from `provisional`, the one queue a claim leaves a task in (`claimed -> provisional`, then `provisional -> done`), or claim into `claimed` first (`{from} -> claimed`, then `claimed -> done`)"
        ));
        if let Some(span) = claimer.claims_here {
            diagnostic = diagnostic.related(span, format!("{who} claims from `{from}` here"));
        }
        out.push(diagnostic);
    }
    out
}
