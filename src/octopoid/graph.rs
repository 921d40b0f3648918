//! Flow checks with Octopoid's semantics: every flow and child flow starts in `incoming`;
//! `done`, `failed` and Octopoid's other terminal states end it; the runtime's own states
//! (`needs_continuation`, `requires-intervention`) are left to the runtime. Steps and checks
//! must be registered in Octopoid.

use std::collections::HashSet;

use super::flows::FlowUnit;
use super::load::Context;
use super::project::Findings;
use super::{CHECKS, DEFAULT_CLAIM_QUEUE, DEPRECATED_STEPS, RUNTIME_QUEUES, STEPS, is_terminal};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{CLAIMED_QUEUE, Spanned, Transition};
use crate::rules::flow::{
    dead_end_queue::DEAD_END_QUEUE, no_path_to_terminal::cycling,
    terminal_has_exit::TERMINAL_HAS_EXIT, unclaimed_queue::UNCLAIMED_QUEUE,
    unreachable_queue::UNREACHABLE_QUEUE,
};
use crate::rules::references::{unknown_check::UNKNOWN_CHECK, unknown_step::UNKNOWN_STEP};
use crate::semantic::FlowGraph;
use crate::suggest::suggestions;

pub fn check(cx: &Context, out: &mut Findings) {
    // A misspelt claim queue counts as the state it evidently means: the misspelling is
    // `claim-from-undeclared-queue`'s one finding, not also an unclaimed state.
    let declared = cx.declared_queues();
    let claimed_from: HashSet<&str> = cx
        .pool()
        .iter()
        .map(|a| {
            let written = a.claim_queue();
            if declared.contains(written) {
                return written;
            }
            suggestions(written, declared.iter().copied())
                .first()
                .copied()
                .unwrap_or(written)
        })
        .collect();
    for unit in cx.units() {
        names(&unit, out);
        terminal_exits(&unit, out);
        if !unit.sound {
            continue;
        }
        let graph = FlowGraph::new(DEFAULT_CLAIM_QUEUE, unit.transitions, is_terminal);
        paths(&unit, &graph, out);
        unclaimed(&unit, &graph, &claimed_from, out);
    }
}

/// Whether the runtime, not the flow, moves tasks out of `queue`.
fn runtime_managed(queue: &str) -> bool {
    RUNTIME_QUEUES.contains(&queue)
}

/// Unreachable, dead-end and cycling states. Terminal states are not reported as
/// unreachable: what leads to them is.
fn paths(unit: &FlowUnit, graph: &FlowGraph, out: &mut Findings) {
    // A flow that never leaves `incoming` is one finding, however many states it strands.
    if !graph.states.is_empty() && !graph.has_exit(DEFAULT_CLAIM_QUEUE) {
        if let Some(d) = starts_nowhere(unit, graph) {
            out.push(unit.file, d);
        }
        return;
    }
    for (queue, span) in &graph.states {
        if is_terminal(queue) || runtime_managed(queue) {
            continue;
        }
        let diagnostic = if !graph.reachable.contains(queue) {
            unreachable(unit, queue, span)
        } else if !graph.has_exit(queue) {
            dead_end(unit, graph, queue, span)
        } else {
            continue;
        };
        out.push(unit.file, diagnostic);
    }
    // States that can only cycle: one finding per group that one way out would free.
    for group in graph.cycling_groups() {
        let group: Vec<_> = group
            .into_iter()
            .filter(|(q, _)| !runtime_managed(q))
            .collect();
        if !group.is_empty() {
            out.push(
                unit.file,
                cycling(&unit.describe(), &group, "`done` or `failed`"),
            );
        }
    }
}

/// The one finding for a flow none of whose transitions leaves `incoming`: at its first
/// stranded state, with the others as related locations.
fn starts_nowhere(unit: &FlowUnit, graph: &FlowGraph) -> Option<Diagnostic> {
    let stranded: Vec<&(&str, crate::source::Span)> = graph
        .states
        .iter()
        .filter(|(q, _)| *q != DEFAULT_CLAIM_QUEUE && !is_terminal(q) && !runtime_managed(q))
        .collect();
    let (first, span) = stranded.first()?;
    let names: Vec<String> = stranded.iter().map(|(q, _)| format!("`{q}`")).collect();
    let mut d = Diagnostic::new(
        &UNREACHABLE_QUEUE,
        span.clone(),
        format!(
            "every state of {} is unreachable ({}): Octopoid starts every task in `incoming`, and none of its transitions leave `incoming`",
            unit.describe(),
            names.join(", ")
        ),
    )
    .label("never reached")
    .help(format!(
        "add a transition from `incoming` into `{first}` (or into the state where this flow's tasks start)"
    ));
    for (queue, span) in &stranded[1..] {
        d = d.related(span.clone(), format!("`{queue}` is unreachable too"));
    }
    Some(d)
}

fn unreachable(unit: &FlowUnit, queue: &str, span: &crate::source::Span) -> Diagnostic {
    Diagnostic::new(
        &UNREACHABLE_QUEUE,
        span.clone(),
        format!(
            "state `{queue}` is unreachable in {}: Octopoid starts every task in `incoming`, and no transition leads from there to `{queue}`",
            unit.describe()
        ),
    )
    .label("never reached")
    .help(format!("add a transition into `{queue}` from a state reachable from `incoming`"))
}

fn dead_end(
    unit: &FlowUnit,
    graph: &FlowGraph,
    queue: &str,
    span: &crate::source::Span,
) -> Diagnostic {
    let others: Vec<&str> = graph
        .states
        .iter()
        .map(|(q, _)| *q)
        .filter(|q| *q != queue && (graph.has_exit(q) || is_terminal(q)))
        .collect();
    let candidates = suggestions(queue, others.iter().copied());
    let mut d = Diagnostic::new(
        &DEAD_END_QUEUE,
        span.clone(),
        format!(
            "state `{queue}` is a dead end in {}: it is not terminal and no transition leaves it",
            unit.describe()
        ),
    )
    .label("tasks get stuck here");
    // A state named only here is usually a misspelt one; never a safe fix, since the
    // state might be meant.
    d = match candidates.first() {
        Some(best) => d
            .help(format!(
                "did you mean `{best}`? Otherwise add a transition out of `{queue}`"
            ))
            .suggestion(*best),
        None => d.help(format!(
            "add a transition out of `{queue}`, or route its tasks to `done` or `failed`"
        )),
    };
    d
}

fn terminal_exits(unit: &FlowUnit, out: &mut Findings) {
    for t in unit
        .transitions
        .iter()
        .filter(|t| is_terminal(t.from.as_str()))
    {
        out.push(
            unit.file,
            Diagnostic::new(
                &TERMINAL_HAS_EXIT,
                t.from.span.clone(),
                format!(
                    "`{}` is terminal, but transition `{} -> {}` in {} leaves it",
                    t.from.value,
                    t.from.value,
                    t.to.value,
                    unit.describe()
                ),
            )
            .label("terminal state")
            .help("remove the transition: Octopoid never moves a task out of a terminal state"),
        );
    }
}

/// Whether a task leaving by `t` waits for an agent to claim it from the source state.
fn needs_agent(t: &Transition) -> bool {
    t.to.as_str() == CLAIMED_QUEUE || t.agent.is_some() || t.agent_conditions().next().is_some()
}

/// A reachable state whose tasks wait for an agent that no pool agent claims from.
fn unclaimed(unit: &FlowUnit, graph: &FlowGraph, claimed_from: &HashSet<&str>, out: &mut Findings) {
    for (queue, span) in &graph.states {
        let waits = unit
            .transitions
            .iter()
            .any(|t| t.from.as_str() == *queue && needs_agent(t));
        if *queue == CLAIMED_QUEUE
            || is_terminal(queue)
            || !waits
            || !graph.reachable.contains(queue)
            || claimed_from.contains(queue)
        {
            continue;
        }
        out.push(
            unit.file,
            Diagnostic::new(
                &UNCLAIMED_QUEUE,
                span.clone(),
                format!(
                    "no agent claims tasks from `{queue}` ({}): work waits there forever",
                    unit.describe()
                ),
            )
            .label("nobody claims from here")
            .help(format!(
                "set `claim_from: {queue}` on the agent that should do this work"
            )),
        );
    }
}

/// `runs` and `checks` entries must be registered in Octopoid.
fn names(unit: &FlowUnit, out: &mut Findings) {
    for t in unit.transitions {
        for step in t.runs.iter().flatten() {
            if let Some(d) = unknown_step(step) {
                out.push(unit.file, d);
            }
        }
        for check in t.checks.iter().flatten() {
            if CHECKS.contains(&check.as_str()) {
                continue;
            }
            let candidates = suggestions(check.as_str(), CHECKS);
            let mut d = Diagnostic::new(
                &UNKNOWN_CHECK,
                check.span.clone(),
                format!(
                    "unknown check `{}`: Octopoid registers no such check",
                    check.value
                ),
            )
            .label("not a registered check")
            .did_you_mean(&candidates);
            if candidates.is_empty() {
                d = d.help(format!("registered checks: {}", CHECKS.join(", ")));
            }
            out.push(unit.file, d);
        }
    }
}

fn unknown_step(step: &Spanned<String>) -> Option<Diagnostic> {
    let name = step.as_str();
    if STEPS.contains(&name) {
        return None;
    }
    if DEPRECATED_STEPS.contains(&name) {
        let mut d = Diagnostic::new(
            &UNKNOWN_STEP,
            step.span.clone(),
            format!("step `{name}` is deprecated: it is registered but does nothing"),
        )
        .label("a no-op")
        .help("remove it from `runs`");
        d.severity = Severity::Warning;
        return Some(d);
    }
    let candidates = suggestions(name, STEPS);
    let mut d = Diagnostic::new(
        &UNKNOWN_STEP,
        step.span.clone(),
        format!("unknown step `{name}`: Octopoid registers no such step, so the transition fails when it runs"),
    )
    .label("not a registered step")
    .did_you_mean(&candidates);
    if candidates.is_empty() {
        d = d.help(format!("registered steps: {}", STEPS.join(", ")));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use crate::octopoid::ProjectOptions;
    use crate::pipeline::tests::{IMPLEMENTER_AGENT, findings};

    #[test]
    fn the_real_project_flow_shape_is_unreachable_from_incoming() {
        let flow = "name: project\ntransitions:\n  \"children_complete -> provisional\":\n    runs: [create_pr]\n  \"provisional -> done\":\n    checks: [check_ci]\n    on_checks_fail: incoming\n";
        let found = findings(
            &[IMPLEMENTER_AGENT, (".octopoid/flows/project.yaml", flow)],
            &ProjectOptions::default(),
        );
        // One cause, one finding: no transition leaves `incoming`. Without its `child_flow`
        // the flow moves tasks, so the submit from `children_complete` is a second cause, as
        // it is in a definition.
        assert_eq!(
            found,
            [
                ".octopoid/flows/project.yaml:3 unreachable-queue",
                ".octopoid/flows/project.yaml:3 submit-not-from-claimed"
            ]
        );
    }

    #[test]
    fn dead_ends_cycles_and_terminal_exits() {
        let flow = "name: f\ntransitions:\n  incoming -> claimed: {}\n  claimed -> provisonal: {}\n  done -> incoming: {}\n";
        let found = findings(
            &[IMPLEMENTER_AGENT, (".octopoid/flows/f.yaml", flow)],
            &ProjectOptions::default(),
        );
        assert_eq!(
            found,
            [
                ".octopoid/flows/f.yaml:4 dead-end-queue",
                ".octopoid/flows/f.yaml:5 terminal-has-exit",
            ]
        );
        let flow = "name: f\ntransitions:\n  incoming -> claimed: {}\n  claimed -> review: {}\n  review -> claimed: {}\n";
        let found = findings(
            &[IMPLEMENTER_AGENT, (".octopoid/flows/f.yaml", flow)],
            &ProjectOptions::default(),
        );
        assert_eq!(
            found,
            [
                // One missing way out, one finding for the three states it strands.
                ".octopoid/flows/f.yaml:3 no-path-to-terminal",
                ".octopoid/flows/f.yaml:4 unclaimed-queue",
            ]
        );
    }

    #[test]
    fn steps_and_checks_must_be_registered() {
        let flow = "name: f\ntransitions:\n  incoming -> claimed: {}\n  claimed -> done:\n    runs: [push_brnach, submit_to_server]\n    checks: [check_cl]\n";
        let found = findings(
            &[IMPLEMENTER_AGENT, (".octopoid/flows/f.yaml", flow)],
            &ProjectOptions::default(),
        );
        assert_eq!(
            found,
            [
                ".octopoid/flows/f.yaml:5 unknown-step",
                ".octopoid/flows/f.yaml:5 unknown-step",
                ".octopoid/flows/f.yaml:6 unknown-check",
            ]
        );
    }

    #[test]
    fn a_queue_waiting_for_an_agent_needs_a_claimer() {
        let flow = "name: f\ntransitions:\n  incoming -> claimed: {}\n  claimed -> provisional: {}\n  provisional -> done:\n    conditions:\n      - {name: review, type: agent, agent: implementer}\n";
        let found = findings(
            &[IMPLEMENTER_AGENT, (".octopoid/flows/f.yaml", flow)],
            &ProjectOptions::default(),
        );
        assert_eq!(found, [".octopoid/flows/f.yaml:4 unclaimed-queue"]);
    }
}
