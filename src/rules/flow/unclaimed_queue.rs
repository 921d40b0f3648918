//! `unclaimed-queue`: work waits in a queue that no agent's role claims from.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{CLAIMED_QUEUE, Transition};
use crate::semantic::Semantic;

declare_rule! {
    /// ## What it does
    /// Reports a reachable, non-terminal queue whose tasks wait for an agent — a transition
    /// out of it goes to `claimed`, names a `role` or `agent`, or has a `type: agent`
    /// condition — while no agent is bound to a role that claims from it.
    ///
    /// `claimed` itself is exempt (the claiming agent holds the task), and so are queues whose
    /// transitions only run steps, checks, scripts or manual conditions: the orchestrator or a
    /// person moves those tasks, not an agent.
    ///
    /// ## Why is this bad?
    /// Tasks pile up in the queue and nothing ever picks them up; the server's claim endpoint
    /// answers "no tasks available" to every agent, which looks healthy.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}}
    /// roles: {implement: {}, review: {claims_from: provisional}}
    /// agents: {implementer: {role: implement}}
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
    UNCLAIMED_QUEUE = ("OL304", "unclaimed-queue", Error, "Work waits in a queue that no agent claims from");
}

/// Whether a task leaving by `t` needs an agent to pick it up from the source queue.
fn needs_agent(t: &Transition) -> bool {
    t.to.as_str() == CLAIMED_QUEUE
        || t.role.is_some()
        || t.agent.is_some()
        || t.agent_conditions().next().is_some()
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let claimed_by_an_agent: HashSet<&str> = semantic
        .def
        .roles
        .iter()
        .filter(|role| semantic.agents_by_role.contains_key(role.name.as_str()))
        .map(|role| semantic.effective_claims_from(role))
        .collect();
    let mut reported: HashSet<&str> = HashSet::new();
    // Roles by the queue they claim from, for the help; built once, on the first finding.
    let mut roles_by_queue: Option<HashMap<&str, Vec<String>>> = None;
    for flow in semantic.flows.iter().filter(|f| f.sound) {
        // The queues left by a transition that needs an agent: one pass, not one per state.
        let left_by_agents: HashSet<&str> = flow
            .transitions
            .iter()
            .filter(|t| needs_agent(t))
            .map(|t| t.from.as_str())
            .collect();
        for (queue, span) in &flow.graph.states {
            if *queue == CLAIMED_QUEUE
                || semantic.is_terminal(queue)
                || !flow.graph.reachable.contains(queue)
                || claimed_by_an_agent.contains(queue)
                || reported.contains(queue)
                || !left_by_agents.contains(queue)
            {
                continue;
            }
            reported.insert(queue);
            let roles_by_queue = roles_by_queue.get_or_insert_with(|| {
                let mut by_queue: HashMap<&str, Vec<String>> = HashMap::new();
                for role in semantic.def.roles.iter() {
                    by_queue
                        .entry(Semantic::claims_from(role))
                        .or_default()
                        .push(format!("`{}`", role.name.value));
                }
                by_queue
            });
            let idle_roles: &[String] = roles_by_queue.get(queue).map_or(&[], Vec::as_slice);
            let help = if idle_roles.is_empty() {
                format!(
                    "set `claims_from: {queue}` on a role that has agents, or add such a role and bind an agent to it"
                )
            } else {
                format!(
                    "role {} claims from `{queue}` but no agent is bound to it: add an agent with that role",
                    idle_roles.join(", ")
                )
            };
            out.push(
                Diagnostic::new(
                    &UNCLAIMED_QUEUE,
                    span.clone(),
                    format!(
                        "no agent claims tasks from `{queue}` ({}): work waits there forever",
                        flow.describe()
                    ),
                )
                .label("nobody claims from here")
                .help(help),
            );
        }
    }
}
