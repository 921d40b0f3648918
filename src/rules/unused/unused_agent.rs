//! `unused-agent`: an agent that can never get work.

use foldhash::HashSet;

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::server::{INTERVENTION_PSEUDO_QUEUE, RUNTIME_QUEUES};
use crate::semantic::{Kind, Semantic};

declare_rule! {
    /// ## What it does
    /// Reports an agent that no transition or condition names and whose role claims from a
    /// queue that is not a state of any flow. Such an agent polls forever and never finds work.
    /// The queues Octopoid's runtime moves tasks into by itself — `needs_continuation`,
    /// `requires-intervention` (it adds them to every flow) and the fixer's `intervention` —
    /// count as queues that receive work.
    ///
    /// ## Why is this bad?
    /// It costs a process, a polling loop and attention, and usually signals that its role's
    /// `claims_from` or a flow is wrong.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {backlog: {}}
    /// roles: {implement: {}, triage: {claims_from: backlog}}
    /// agents: {implementer: {role: implement}, triager: {role: triage}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> done: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// queues: {backlog: {}}
    /// roles: {implement: {}, triage: {claims_from: backlog}}
    /// agents: {implementer: {role: implement}, triager: {role: triage}}
    /// flows:
    ///   default:
    ///     initial: backlog
    ///     transitions:
    ///       backlog -> incoming: {role: triage}
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> done: {}
    /// ```
    UNUSED_AGENT = ("OL404", "unused-agent", Warning, "An agent can never get work");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    // The states the Octopoid runtime adds to every flow (continuation, intervention) and the
    // fixer's pseudo-queue receive work without a transition naming them.
    let states: HashSet<&str> = semantic
        .flows
        .iter()
        .flat_map(|f| f.graph.states.iter().map(|(q, _)| *q).chain([f.initial]))
        .chain(RUNTIME_QUEUES)
        .chain([INTERVENTION_PSEUDO_QUEUE])
        .collect();
    let named: HashSet<&str> = semantic
        .references
        .iter()
        .filter(|r| r.kind == Kind::Agent)
        .map(|r| r.name.as_str())
        .collect();
    for agent in semantic.def.agents.iter() {
        let name = agent.name.as_str();
        if named.contains(name) {
            continue;
        }
        let Some(role) = semantic.role_of_agent(name) else {
            continue;
        };
        let claims = Semantic::claims_from(role);
        if states.contains(claims) || !semantic.queues.contains_key(claims) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNUSED_AGENT,
                agent.name.span.clone(),
                format!(
                    "agent `{name}` never gets work: its role `{}` claims from `{claims}`, which no flow contains, and no flow names the agent",
                    role.name.value
                ),
            )
            .label("never gets work")
            .help(format!(
                "add `{claims}` to a flow, change role `{}`'s `claims_from`, or remove the agent",
                role.name.value
            )),
        );
    }
}
