//! `claim-queue-outside-default-flow`: a role claims from a queue the server checks against
//! the scope's `default` flow, which does not have it.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{BUILTIN_QUEUES, DEFAULT_QUEUE};
use crate::semantic::server::INTERVENTION_PSEUDO_QUEUE;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a role whose `claims_from` names a queue that is not a state of the flow named
    /// `default`, when the definition has one. Octopoid's orchestrator names the queue in
    /// every claim from a queue other than `incoming`, and the Octopoid server checks that
    /// queue against the scope's `default` flow — whichever flow the tasks are in. The
    /// built-in queues always pass, and so does `intervention`, the fixer's pseudo-queue,
    /// for which no claim is sent. A queue of no flow at all is left to `unused-agent`. In an
    /// Octopoid project the agents' `claim_from` is checked against `flows/default.yaml` the
    /// same way (a queue of no flow is `claim-from-undeclared-queue` there).
    ///
    /// ## Why is this bad?
    /// Every claim of the role's agents fails with 400 (`Invalid queue "triage". Valid queues
    /// for flow "default": …`), so no task of that queue is ever worked on.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}, triage: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}, sort: {claims_from: triage}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}, sorter: {role: sort}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {role: review}
    ///   intake:
    ///     initial: triage
    ///     transitions:
    ///       triage -> claimed: {role: sort}
    ///       claimed -> done: {}
    /// ```
    ///
    /// ## Use instead
    /// Claim from a queue the `default` flow has, or make the flow with that queue `default`:
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}, triage: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}, sort: {claims_from: triage}}
    /// agents: {implementer: {role: implement}, reviewer: {role: review}, sorter: {role: sort}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       triage -> claimed: {role: sort}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {role: review}
    /// ```
    CLAIM_QUEUE_OUTSIDE_DEFAULT_FLOW = ("OL704", "claim-queue-outside-default-flow", Error, "A role claims from a queue that the scope's `default` flow, which the server checks claims against, does not have");
}

/// The flow the server checks every named claim queue against.
pub const DEFAULT_FLOW: &str = "default";

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let Some(states) = semantic.registered_states(DEFAULT_FLOW) else {
        return;
    };
    for role in semantic.def.roles.iter() {
        let Some(claims) = &role.value.claims_from else {
            continue;
        };
        let queue = claims.as_str();
        if queue == DEFAULT_QUEUE
            || queue == INTERVENTION_PSEUDO_QUEUE
            || BUILTIN_QUEUES.contains(&queue)
            || states.contains(queue)
            || !semantic.queues.contains_key(queue)
        {
            continue;
        }
        let flows: Vec<String> = semantic
            .flows
            .iter()
            .filter(|f| {
                f.transitions
                    .iter()
                    .any(|t| t.from.as_str() == queue || t.to.as_str() == queue)
            })
            .map(|f| f.describe())
            .collect();
        // A queue of no flow at all is `unused-agent`'s or `unused-queue`'s to report.
        if flows.is_empty() {
            continue;
        }
        out.push(refused_claims(
            &format!("role `{}`", role.name.value),
            "role",
            queue,
            claims.span.clone(),
            &flows,
        ));
    }
}

/// The finding for a claimer (`who`: "role `sort`"; `noun`: "role") whose claims from
/// `queue`, written at `span`, the server refuses: flow `default` lacks the queue, which is a
/// state of `flows` (described).
pub fn refused_claims(
    who: &str,
    noun: &str,
    queue: &str,
    span: Span,
    flows: &[String],
) -> Diagnostic {
    Diagnostic::new(
        &CLAIM_QUEUE_OUTSIDE_DEFAULT_FLOW,
        span,
        format!(
            "the server refuses every claim of {who} from `{queue}`: it checks a claim's queue against flow `default`, which has no `{queue}` (it is a state of {})",
            flows.join(", ")
        ),
    )
    .label("not a state of flow `default`")
    .help(format!(
        "add the transitions through `{queue}` to flow `default`, or have the {noun} claim from a queue flow `default` has"
    ))
}
