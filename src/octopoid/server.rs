//! The Octopoid server's rules (OL7xx) on a project's own files. Octopoid's client registers
//! the project's flows with the server and its orchestrator carries out their moves through
//! the server's endpoints, exactly as for a definition's flows (`semantic::server`): so a
//! native flow the server cannot carry out fails the same way. What differs is who performs
//! a move: the agents a transition's `agent:` (or an agent condition) matches by name,
//! blueprint or role, each claiming from its own `claim_from`.

use super::agents::AgentConfig;
use super::flows::FlowUnit;
use super::load::Context;
use super::project::Findings;
use super::{BUILTIN_QUEUES, DEFAULT_CLAIM_QUEUE, INTERVENTION, RUNTIME_QUEUES};
use crate::model::{CLAIMED_QUEUE, Transition};
use crate::rules::server::accept_after_claim::{Claimer, refused_accepts};
use crate::rules::server::claim_queue_outside_default_flow::{DEFAULT_FLOW, refused_claims};
use crate::rules::server::reject_not_to_incoming::rejections;
use crate::rules::server::submit_not_from_claimed::refused_submits;
use crate::semantic::server::{DONE_QUEUE, implicit_moves, queue_when_carried_out};

/// Every server rule on the project: `reject-not-to-incoming`, `submit-not-from-claimed` and
/// `accept-after-claim` on the flows that move tasks (not a project's own transitions), and
/// `claim-queue-outside-default-flow` on the agents.
pub fn check(cx: &Context, out: &mut Findings) {
    let declared = cx.declared_queues();
    for file in cx.flows {
        let units = file.units();
        for unit in units.iter().filter(|u| u.moves_tasks) {
            let known = |queue: &str| declared.contains(queue);
            out.extend(
                unit.file,
                rejections(&unit.describe(), unit.transitions, known),
            );
            // A flow that could not be read gets no findings that follow from its moves.
            if !unit.sound {
                continue;
            }
            let flow = unit.describe();
            out.extend(
                unit.file,
                refused_submits(&flow, unit.transitions, |t| server_queue(cx, t)),
            );
            let claimer = |t| {
                claiming_performer(cx, t).map(|agent| Claimer {
                    who: format!("agent `{}`", agent.name.value),
                    // The agent's `claim_from` is in its own file, not the flow's.
                    claims_here: None,
                })
            };
            let allows_claimed_to_done = || registers_claimed_to_done(cx, &units);
            out.extend(
                unit.file,
                refused_accepts(&flow, unit.transitions, claimer, allows_claimed_to_done),
            );
        }
    }
    claims_outside_default_flow(cx, out);
}

/// The first agent performing `t` (by the transition's `agent:` or an agent condition) that
/// claims its tasks from `t`'s source queue.
fn claiming_performer<'a>(cx: &Context<'a>, t: &Transition) -> Option<&'a AgentConfig> {
    let from = t.from.as_str();
    t.performing_agents()
        .flat_map(|reference| cx.matching_agents(reference.as_str()))
        .find(|agent| agent.claim_queue() == from)
}

/// The queue a task is in on the server when `t` is carried out.
fn server_queue<'t>(cx: &Context, t: &'t Transition) -> &'t str {
    queue_when_carried_out(t, claiming_performer(cx, t).is_some())
}

/// Whether the server allows `claimed -> done` for the tasks of a flow (`units`): the moves
/// Octopoid's client registers for it are the transitions of the flow and of its child flow
/// (child tasks carry the parent's name) and the implicit moves it adds.
fn registers_claimed_to_done(cx: &Context, units: &[FlowUnit]) -> bool {
    let declared: Vec<&Transition> = units.iter().flat_map(|u| u.transitions).collect();
    let claimed_to_done = (CLAIMED_QUEUE, DONE_QUEUE);
    declared
        .iter()
        .any(|t| (t.from.as_str(), t.to.as_str()) == claimed_to_done)
        || implicit_moves(&declared, |t| server_queue(cx, t)).contains(&claimed_to_done)
}

/// `claim-queue-outside-default-flow`: a pool agent claiming from a queue that flow
/// `default` lacks, when the project has a flow `default` and the queue is a state of
/// another flow (a queue of no flow is `claim-from-undeclared-queue`'s).
fn claims_outside_default_flow(cx: &Context, out: &mut Findings) {
    let Some(default) = cx.flows.iter().find(|f| f.name == DEFAULT_FLOW) else {
        return;
    };
    let default_units = default.units();
    let in_default = |queue: &str| {
        BUILTIN_QUEUES.contains(&queue)
            || RUNTIME_QUEUES.contains(&queue)
            || default_units.iter().any(|u| u.states().contains(queue))
    };
    let units = cx.units();
    for agent in cx.pool() {
        let Some(claim_from) = &agent.claim_from else {
            continue;
        };
        let queue = claim_from.value.as_str();
        if queue == DEFAULT_CLAIM_QUEUE || queue == INTERVENTION || in_default(queue) {
            continue;
        }
        let flows: Vec<String> = units
            .iter()
            .filter(|u| {
                u.transitions
                    .iter()
                    .any(|t| t.from.as_str() == queue || t.to.as_str() == queue)
            })
            .map(FlowUnit::describe)
            .collect();
        if flows.is_empty() {
            continue;
        }
        out.push(
            claim_from.file,
            refused_claims(
                &format!("agent `{}`", agent.name.value),
                "agent",
                queue,
                claim_from.span.clone(),
                &flows,
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::octopoid::ProjectOptions;
    use crate::pipeline::tests::{IMPLEMENTER_AGENT, findings};

    #[test]
    fn a_projects_own_transitions_move_no_task() {
        let flow = "name: project\nchild_flow:\n  transitions:\n    \"incoming -> claimed\": {agent: implementer}\n    \"claimed -> done\": {}\ntransitions:\n  \"incoming -> children_complete\": {}\n  \"children_complete -> provisional\": {}\n  \"provisional -> done\": {}\n";
        let found = findings(
            &[IMPLEMENTER_AGENT, (".octopoid/flows/project.yaml", flow)],
            &ProjectOptions::default(),
        );
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn an_accept_needs_claimed_to_done_after_a_claim_by_a_condition_agent_too() {
        let reviewer = (
            ".octopoid/agents/reviewer/agent.yaml",
            "role: review\nclaim_from: review\n",
        );
        let with_flow = |extra: &str| {
            let flow = format!(
                "name: default\ntransitions:\n  \"incoming -> review\": {{agent: implementer}}\n  \"review -> done\":\n    conditions: [{{name: ok, type: agent, agent: reviewer}}]\n{extra}"
            );
            findings(
                &[
                    IMPLEMENTER_AGENT,
                    reviewer,
                    (".octopoid/flows/default.yaml", &flow),
                ],
                &ProjectOptions::default(),
            )
        };
        assert_eq!(
            with_flow(""),
            [
                ".octopoid/agents/reviewer/agent.yaml:2 unpolled-claim-queue",
                ".octopoid/flows/default.yaml:4 accept-after-claim",
            ]
        );
        // With `claimed -> done` registered, the accept from `claimed` goes through.
        assert_eq!(
            with_flow("  \"review -> claimed\": {}\n  \"claimed -> done\": {}\n"),
            [".octopoid/agents/reviewer/agent.yaml:2 unpolled-claim-queue"]
        );
    }
}
