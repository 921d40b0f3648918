//! What the Octopoid server does with a registered flow (`maxthelion/octopoid-server`,
//! `src/routes/tasks.ts` and `src/validate-queue.ts`), and how Octopoid's orchestrator
//! carries out each move through it. The `payloads` generator and the server rules read
//! these facts from here, so both describe the same server.
//!
//! - **claim** moves a task from the queue its role claims from into `claimed` — except from
//!   `provisional`, where the task stays. A claim that names its queue (the orchestrator names
//!   every queue but `incoming`) is refused unless the queue is a state of the scope's
//!   `default` flow.
//! - **submit** moves `claimed → provisional` and nothing else, whatever the flow says.
//! - **accept** moves a task into `done`, only if the task's flow has `<queue> → done`.
//! - **reject** and **requeue** move a task into `incoming`, only if its flow has
//!   `<queue> → incoming`.
//! - **PATCH** moves a task into any state of its flow except `done`, unchecked.
//!
//! A project is not a task: the transitions of a flow with a child flow move the project
//! itself (its `status`, through the unchecked `/projects` API), and only the child flow
//! moves tasks — which carry the parent flow's name.

use foldhash::HashSet;

use super::{FlowView, Semantic};
use crate::model::{CLAIMED_QUEUE, DEFAULT_QUEUE, Transition};

/// The only queue a claim leaves a task in.
pub const PROVISIONAL_QUEUE: &str = "provisional";
/// Where a completed task goes; only the accept endpoint moves a task there.
pub const DONE_QUEUE: &str = "done";
/// Where the server's burnout detection on submit sends a task.
pub const CONTINUATION_QUEUE: &str = "needs_continuation";

/// The queue a claim from `queue` leaves the task in.
pub fn after_claim(queue: &str) -> &str {
    if queue == PROVISIONAL_QUEUE {
        PROVISIONAL_QUEUE
    } else {
        CLAIMED_QUEUE
    }
}

/// Octopoid's fixer claims tasks flagged `needs_intervention` under this name; it is no
/// queue, and the scheduler never sends a claim for it.
pub const INTERVENTION_PSEUDO_QUEUE: &str = "intervention";

impl FlowView<'_> {
    /// Whether the server moves tasks along this flow's transitions: not a project's own
    /// transitions (see the module documentation).
    pub fn moves_tasks(&self) -> bool {
        self.is_child || !self.has_child
    }
}

/// The queue a task is in on the server when `t` is carried out, given whether one of its
/// performers claims its tasks from `t`'s source queue: then the claim has already moved the
/// task (to `claimed`, or left it in `provisional`); else it is still in the source queue.
pub fn queue_when_carried_out(t: &Transition, claimed_from_source: bool) -> &str {
    let from = t.from.as_str();
    if claimed_from_source && from != CLAIMED_QUEUE && t.to.as_str() != CLAIMED_QUEUE {
        after_claim(from)
    } else {
        from
    }
}

/// The moves the server must also allow for the orchestrator to run `transitions`, as
/// Octopoid's own client registers them: a failed check's and a failed condition's route
/// from where the task waits, the reject of an agent's verdict (always into `incoming`, from
/// where the task is when it is rejected: `server_queue`), requeue (`claimed → incoming`)
/// and continuation (`claimed → needs_continuation`). Declared moves are not repeated; the
/// order is fixed.
pub fn implicit_moves<'t>(
    transitions: &[&'t Transition],
    server_queue: impl Fn(&'t Transition) -> &'t str,
) -> Vec<(&'t str, &'t str)> {
    let mut seen: HashSet<(&str, &str)> = transitions
        .iter()
        .map(|t| (t.from.as_str(), t.to.as_str()))
        .collect();
    let mut moves = Vec::new();
    let mut add = |from: &'t str, to: &'t str| {
        if seen.insert((from, to)) {
            moves.push((from, to));
        }
    };
    for &t in transitions {
        if let Some(target) = &t.on_checks_fail {
            add(t.from.as_str(), target.as_str());
        }
    }
    for &t in transitions {
        for condition in t.conditions.iter().flatten() {
            if let Some(target) = &condition.on_fail {
                add(t.from.as_str(), target.as_str());
            }
            if condition.decided_by_agent() {
                add(server_queue(t), DEFAULT_QUEUE);
            }
        }
    }
    add(CLAIMED_QUEUE, DEFAULT_QUEUE);
    add(CLAIMED_QUEUE, CONTINUATION_QUEUE);
    moves
}

impl<'a> Semantic<'a> {
    /// Whether a performer of `t` claims its tasks from `t`'s source queue.
    fn claims_from_source(&self, t: &'a Transition) -> bool {
        let from = t.from.as_str();
        self.performers(t)
            .iter()
            .any(|(_, _, role)| Semantic::claims_from(role) == from)
    }

    /// The queue a task is in on the server when `t` is carried out (see
    /// [`queue_when_carried_out`]).
    pub fn server_queue(&self, t: &'a Transition) -> &'a str {
        queue_when_carried_out(t, self.claims_from_source(t))
    }

    /// [`implicit_moves`] of the definition's `transitions`.
    pub fn implicit_moves(&self, transitions: &[&'a Transition]) -> Vec<(&'a str, &'a str)> {
        implicit_moves(transitions, |t| self.server_queue(t))
    }
}

impl<'a> Semantic<'a> {
    /// Every move the server allows for tasks of the flow registered as `name`: the declared
    /// transitions of the flow and of its child flow (child tasks carry the parent's name),
    /// with the implicit moves the `payloads` target adds to them.
    pub fn registered_moves(&self, name: &str) -> HashSet<(&'a str, &'a str)> {
        let declared: Vec<&'a Transition> = self
            .flows
            .iter()
            .filter(|flow| flow.name.as_str() == name)
            .flat_map(|flow| flow.transitions.iter())
            .collect();
        let mut moves: HashSet<(&str, &str)> = declared
            .iter()
            .map(|t| (t.from.as_str(), t.to.as_str()))
            .collect();
        moves.extend(self.implicit_moves(&declared));
        moves
    }

    /// Every state of the flow registered as `name`, as the `payloads` target lists them;
    /// `None` when the definition has no such flow.
    pub fn registered_states(&self, name: &str) -> Option<HashSet<&'a str>> {
        let mut found = false;
        let mut states: HashSet<&str> = crate::model::BUILTIN_QUEUES.into_iter().collect();
        states.extend(RUNTIME_QUEUES);
        for flow in self.flows.iter().filter(|f| f.name.as_str() == name) {
            found = true;
            states.insert(flow.initial);
            for t in flow.transitions {
                states.insert(t.from.as_str());
                states.extend(t.targets().map(|q| q.as_str()));
            }
        }
        found.then_some(states)
    }
}

/// States Octopoid's runtime adds to every flow it registers; registering them too keeps the
/// server from rejecting the moves the runtime makes on its own.
pub const RUNTIME_QUEUES: [&str; 2] = [CONTINUATION_QUEUE, "requires-intervention"];
