//! What pushing a definition would change on a server, and why it must not: the diff between
//! the registration payloads and what the server holds, and the refusals that protect other
//! teams' roles and running work.

use serde::Serialize;
use serde_json::Value;

use super::state::{RemoteFlow, ServerState};
use crate::generate::payloads::Payloads;

/// One field of a role that would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A role, as pushing changes the server's global role table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum RoleChange {
    Added {
        name: String,
        claims_from: String,
    },
    Changed {
        name: String,
        /// Who registered it last, when not this orchestrator.
        #[serde(skip_serializing_if = "Option::is_none")]
        taken_from: Option<String>,
        fields: Vec<FieldChange>,
    },
    /// Registered by this orchestrator, no longer in the definition: the server has no way to
    /// remove a role, so it stays.
    LeftBehind {
        name: String,
        claims_from: String,
    },
}

/// One transition, `from -> to`, with what the server stores beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionChange {
    pub from: String,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// A flow of the scope, as pushing changes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum FlowChange {
    Added {
        name: String,
        states: Vec<String>,
        transitions: Vec<TransitionChange>,
    },
    Changed {
        name: String,
        states_added: Vec<String>,
        states_removed: Vec<String>,
        /// Added (`before` absent), removed (`after` absent) and changed transitions.
        transitions: Vec<TransitionChange>,
    },
    /// On the server, not in the definition: push leaves it (the server keeps checking the
    /// tasks of that flow against it).
    LeftBehind { name: String },
}

/// Why push will not send anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    /// The role is another orchestrator's, with another queue: re-registering it re-routes
    /// that orchestrator's claims (the table is global).
    ForeignRole {
        role: String,
        owner: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        owner_scope: Option<String>,
        theirs: String,
        ours: String,
    },
    /// Open tasks carry a role the definition no longer has: no agent will claim them.
    RoleGone { role: String, tasks: Vec<String> },
    /// Open tasks sit in a queue their flow no longer has (or whose flow is gone).
    QueueGone {
        flow: String,
        queue: String,
        flow_removed: bool,
        tasks: Vec<String>,
    },
}

impl Refusal {
    /// One sentence for terminals.
    pub fn describe(&self) -> String {
        match self {
            Self::ForeignRole {
                role,
                owner,
                owner_scope,
                theirs,
                ours,
            } => {
                let scope = owner_scope
                    .as_ref()
                    .map(|s| format!(" (scope `{s}`)"))
                    .unwrap_or_default();
                format!(
                    "role `{role}` is registered by orchestrator `{owner}`{scope} with claims_from `{theirs}`; registering it with `{ours}` would re-route that orchestrator's claims, since the role table is global"
                )
            }
            Self::RoleGone { role, tasks } => format!(
                "{} open task{} carr{} role `{role}`, which the definition no longer has: {}",
                tasks.len(),
                plural(tasks.len()),
                if tasks.len() == 1 { "ies" } else { "y" },
                tasks.join(", ")
            ),
            Self::QueueGone {
                flow,
                queue,
                flow_removed,
                tasks,
            } => {
                let why = if *flow_removed {
                    format!("flow `{flow}`, which the definition no longer has")
                } else {
                    format!("`{queue}`, which flow `{flow}` no longer has")
                };
                format!(
                    "{} open task{} of flow `{flow}` sit{} in {why}: {}",
                    tasks.len(),
                    plural(tasks.len()),
                    if tasks.len() == 1 { "s" } else { "" },
                    if *flow_removed {
                        format!("(in `{queue}`) {}", tasks.join(", "))
                    } else {
                        tasks.join(", ")
                    }
                )
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Everything pushing would do, and what stops it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub server: String,
    pub scope: String,
    pub orchestrator_id: String,
    /// The orchestrator is not registered yet, or with another scope or repository.
    pub register_orchestrator: bool,
    pub roles: Vec<RoleChange>,
    pub flows: Vec<FlowChange>,
    pub refusals: Vec<Refusal>,
}

impl Plan {
    /// Whether pushing would send anything.
    pub fn has_changes(&self) -> bool {
        self.register_orchestrator
            || self
                .roles
                .iter()
                .any(|r| !matches!(r, RoleChange::LeftBehind { .. }))
            || self
                .flows
                .iter()
                .any(|f| !matches!(f, FlowChange::LeftBehind { .. }))
    }

    /// The role entries to register: added and changed ones, as the payload writes them.
    pub fn roles_to_register<'p>(&self, payloads: &'p Payloads) -> Vec<&'p Value> {
        role_entries(payloads)
            .filter(|entry| {
                let name = str_of(entry, "name");
                self.roles.iter().any(|change| match change {
                    RoleChange::Added { name: n, .. } | RoleChange::Changed { name: n, .. } => {
                        n == name
                    }
                    RoleChange::LeftBehind { .. } => false,
                })
            })
            .collect()
    }

    /// The flows to register, by name.
    pub fn flows_to_register<'p>(&self, payloads: &'p Payloads) -> Vec<&'p (String, Value)> {
        payloads
            .flows
            .iter()
            .filter(|(name, _)| {
                self.flows.iter().any(|change| match change {
                    FlowChange::Added { name: n, .. } | FlowChange::Changed { name: n, .. } => {
                        n == name
                    }
                    FlowChange::LeftBehind { .. } => false,
                })
            })
            .collect()
    }
}

/// Octopoid's terminal states: a task there is finished, not running work.
const FINISHED: [&str; 5] = ["done", "failed", "rejected", "escalated", "recycled"];

/// Compares what `payloads` register with what the server holds.
pub fn plan(server: &str, payloads: &Payloads, state: &ServerState) -> Plan {
    let repo = str_of(&payloads.orchestrator, "repo_url");
    let register_orchestrator = state
        .orchestrator
        .as_ref()
        .is_none_or(|(scope, url)| scope != &payloads.scope || url != repo);
    let ours = &payloads.orchestrator_id;

    let mut roles = Vec::new();
    let mut refusals = Vec::new();
    for entry in role_entries(payloads) {
        let name = str_of(entry, "name");
        let claims_from = str_of(entry, "claims_from");
        let description = entry.get("description").and_then(Value::as_str);
        let Some(remote) = state.roles.iter().find(|r| r.name == name) else {
            roles.push(RoleChange::Added {
                name: name.to_string(),
                claims_from: claims_from.to_string(),
            });
            continue;
        };
        let mut fields = Vec::new();
        if remote.claims_from != claims_from {
            fields.push(FieldChange {
                field: "claims_from",
                from: Some(remote.claims_from.clone()),
                to: Some(claims_from.to_string()),
            });
        }
        if remote.description.as_deref() != description {
            fields.push(FieldChange {
                field: "description",
                from: remote.description.clone(),
                to: description.map(str::to_string),
            });
        }
        let foreign = &remote.orchestrator_id != ours;
        if foreign && remote.claims_from != claims_from {
            refusals.push(Refusal::ForeignRole {
                role: name.to_string(),
                owner: remote.orchestrator_id.clone(),
                owner_scope: remote.scope.clone(),
                theirs: remote.claims_from.clone(),
                ours: claims_from.to_string(),
            });
        }
        if !fields.is_empty() {
            roles.push(RoleChange::Changed {
                name: name.to_string(),
                taken_from: foreign.then(|| remote.orchestrator_id.clone()),
                fields,
            });
        }
    }
    let defined: Vec<&str> = role_entries(payloads).map(|e| str_of(e, "name")).collect();
    for remote in state.roles.iter().filter(|r| &r.orchestrator_id == ours) {
        if !defined.contains(&remote.name.as_str()) {
            roles.push(RoleChange::LeftBehind {
                name: remote.name.clone(),
                claims_from: remote.claims_from.clone(),
            });
        }
    }

    let mut flows = Vec::new();
    for (name, body) in &payloads.flows {
        let states = strings(body.get("states"));
        let transitions: Vec<Value> = body
            .get("transitions")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        match state.flows.iter().find(|f| &f.name == name) {
            None => flows.push(FlowChange::Added {
                name: name.clone(),
                states,
                transitions: transitions
                    .iter()
                    .map(|t| TransitionChange {
                        from: str_of(t, "from").to_string(),
                        to: str_of(t, "to").to_string(),
                        before: None,
                        after: Some(t.clone()),
                    })
                    .collect(),
            }),
            Some(remote) => {
                if let Some(change) = flow_change(name, &states, &transitions, remote) {
                    flows.push(change);
                }
            }
        }
    }
    for remote in &state.flows {
        if !payloads.flows.iter().any(|(name, _)| name == &remote.name) {
            flows.push(FlowChange::LeftBehind {
                name: remote.name.clone(),
            });
        }
    }

    refusals.extend(stranded(payloads, &defined, state));
    Plan {
        server: server.to_string(),
        scope: payloads.scope.clone(),
        orchestrator_id: ours.clone(),
        register_orchestrator,
        roles,
        flows,
        refusals,
    }
}

/// The differences of one flow, or `None` when the server holds it as it is.
fn flow_change(
    name: &str,
    states: &[String],
    transitions: &[Value],
    remote: &RemoteFlow,
) -> Option<FlowChange> {
    let states_added: Vec<String> = states
        .iter()
        .filter(|s| !remote.states.contains(s))
        .cloned()
        .collect();
    let states_removed: Vec<String> = remote
        .states
        .iter()
        .filter(|s| !states.contains(s))
        .cloned()
        .collect();
    let key = |t: &Value| (str_of(t, "from").to_string(), str_of(t, "to").to_string());
    let mut changes = Vec::new();
    for t in transitions {
        let (from, to) = key(t);
        match remote
            .transitions
            .iter()
            .find(|r| key(r) == (from.clone(), to.clone()))
        {
            None => changes.push(TransitionChange {
                from,
                to,
                before: None,
                after: Some(t.clone()),
            }),
            Some(before) if before != t => changes.push(TransitionChange {
                from,
                to,
                before: Some(before.clone()),
                after: Some(t.clone()),
            }),
            Some(_) => {}
        }
    }
    for r in &remote.transitions {
        if !transitions.iter().any(|t| key(t) == key(r)) {
            let (from, to) = key(r);
            changes.push(TransitionChange {
                from,
                to,
                before: Some(r.clone()),
                after: None,
            });
        }
    }
    (!states_added.is_empty() || !states_removed.is_empty() || !changes.is_empty()).then(|| {
        FlowChange::Changed {
            name: name.to_string(),
            states_added,
            states_removed,
            transitions: changes,
        }
    })
}

/// Open tasks the new definition would strand: a role it no longer has, a queue their flow
/// no longer has, a flow it no longer has.
fn stranded(payloads: &Payloads, defined: &[&str], state: &ServerState) -> Vec<Refusal> {
    let open = state
        .tasks
        .iter()
        .filter(|t| !FINISHED.contains(&t.queue.as_str()));
    let mut by_role: Vec<(String, Vec<String>)> = Vec::new();
    let mut by_queue: Vec<((String, String, bool), Vec<String>)> = Vec::new();
    for task in open {
        if let Some(role) = task
            .role
            .as_ref()
            .filter(|r| !defined.contains(&r.as_str()))
        {
            match by_role.iter_mut().find(|(r, _)| r == role) {
                Some((_, ids)) => ids.push(task.id.clone()),
                None => by_role.push((role.clone(), vec![task.id.clone()])),
            }
        }
        let flow = payloads.flows.iter().find(|(name, _)| name == &task.flow);
        let gone = match flow {
            None => Some(true),
            Some((_, body)) => {
                (!strings(body.get("states")).contains(&task.queue)).then_some(false)
            }
        };
        if let Some(flow_removed) = gone {
            let key = (task.flow.clone(), task.queue.clone(), flow_removed);
            match by_queue.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ids)) => ids.push(task.id.clone()),
                None => by_queue.push((key, vec![task.id.clone()])),
            }
        }
    }
    let mut refusals: Vec<Refusal> = by_role
        .into_iter()
        .map(|(role, mut tasks)| {
            tasks.sort();
            Refusal::RoleGone { role, tasks }
        })
        .collect();
    refusals.extend(
        by_queue
            .into_iter()
            .map(|((flow, queue, flow_removed), mut tasks)| {
                tasks.sort();
                Refusal::QueueGone {
                    flow,
                    queue,
                    flow_removed,
                    tasks,
                }
            }),
    );
    refusals
}

fn role_entries(payloads: &Payloads) -> impl Iterator<Item = &Value> {
    payloads
        .roles
        .get("roles")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn str_of<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
