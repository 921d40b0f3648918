//! The semantic model rules read: name tables, every reference with its kind, and each flow's
//! queue graph. Built once per file so every rule is a linear pass over prepared data.

mod graph;
mod policy;
pub mod server;
pub mod shell;

pub use graph::FlowGraph;
pub use policy::{DEFAULT_MAX_CHAIN_LENGTH, DEFAULT_MODELS, DEFAULT_WRITE_TOOLS, StepRun};

use std::cell::RefCell;
// Hashing names is most of what the semantic model does: foldhash is several times faster
// than the standard SipHash on short keys, and keeps a per-process random seed.
use foldhash::{HashMap, HashMapExt, HashSet};
use std::rc::Rc;

use crate::model::{
    Agent, BUILTIN_QUEUES, BUILTIN_TERMINAL, ConditionKind, DEFAULT_QUEUE, Definition, Named,
    Outcome, Role, Spanned, Transition,
};
use crate::source::Span;
use crate::suggest::Index;

/// What kind of thing a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Role,
    Queue,
    Agent,
    Step,
    Check,
    Flow,
    Chain,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Self::Role => "role",
            Self::Queue => "queue",
            Self::Agent => "agent",
            Self::Step => "step",
            Self::Check => "check",
            Self::Flow => "flow",
            Self::Chain => "chain",
        }
    }
}

/// Where a reference is written, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    AgentRole,
    ClaimsFrom,
    FlowInitial,
    TransitionFrom,
    TransitionTo,
    TransitionRole,
    TransitionAgent,
    ConditionAgent,
    OnChecksFail,
    OnFail,
    Runs,
    Checks,
    /// A role's turn in a chain.
    ChainRole,
    /// The target role of an escalation route.
    EscalationTarget,
}

/// A use of a name somewhere in the definition.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    pub kind: Kind,
    pub name: &'a Spanned<String>,
    pub site: Site,
    /// The agent or role whose field holds the reference, when it is one.
    pub owner: Option<&'a Spanned<String>>,
}

/// A declared queue or a built-in one.
#[derive(Debug, Clone)]
pub struct QueueInfo {
    /// Where it is declared; `None` for an undeclared built-in.
    pub span: Option<Span>,
    pub terminal: bool,
    /// A terminal queue whose tasks ended in failure (`failed`, or `outcome: failure`).
    pub failure: bool,
}

/// A flow or child flow, as the graph rules see it.
#[derive(Debug)]
pub struct FlowView<'a> {
    pub name: &'a Spanned<String>,
    pub is_child: bool,
    /// A flow with a child flow is a project's: its own transitions move the project,
    /// its child flow's move the project's tasks.
    pub has_child: bool,
    pub initial: &'a str,
    pub initial_span: Span,
    pub transitions: &'a [Transition],
    /// False when a queue in it is unknown or malformed: graph rules skip it to avoid noise.
    pub sound: bool,
    pub graph: FlowGraph<'a>,
}

impl FlowView<'_> {
    /// "flow `default`" or "the child flow of `project`".
    pub fn describe(&self) -> String {
        if self.is_child {
            format!("the child flow of `{}`", self.name.value)
        } else {
            format!("flow `{}`", self.name.value)
        }
    }
}

/// Everything the rules look up, indexed.
pub struct Semantic<'a> {
    pub def: &'a Definition,
    pub queues: HashMap<&'a str, QueueInfo>,
    pub roles: HashMap<&'a str, &'a Named<Role>>,
    pub agents: HashMap<&'a str, &'a Named<Agent>>,
    /// Agents by the role they are bound to. An agent whose role is misspelt (reported as
    /// `unknown-role` or `agent-role-mismatch`) is filed under the role it evidently means,
    /// so the misspelling is not reported again as a role without agents.
    pub agents_by_role: HashMap<&'a str, Vec<&'a Named<Agent>>>,
    /// The role each agent is bound to (or evidently means, as above).
    pub agent_roles: HashMap<&'a str, &'a Named<Role>>,
    pub steps: Option<HashSet<&'a str>>,
    pub checks: Option<HashSet<&'a str>>,
    pub references: Vec<Reference<'a>>,
    pub flows: Vec<FlowView<'a>>,
    /// Queue names in source order, built-ins first, for did-you-mean.
    pub queue_names: Vec<&'a str>,
    /// Did-you-mean indexes of each kind's names, built on first use: most files have no
    /// unknown name, and a large one has thousands of names to search.
    indexes: RefCell<HashMap<Kind, Rc<Index<'a>>>>,
    /// Suggestions already made, by kind and written name: several rules ask about the same
    /// misspelling (`unknown-role`, `unused-role`, filing an agent under its role).
    suggested: RefCell<HashMap<(Kind, String), Vec<&'a str>>>,
}

impl<'a> Semantic<'a> {
    pub fn new(def: &'a Definition) -> Self {
        let mut queues: HashMap<&str, QueueInfo> = HashMap::new();
        let mut queue_names: Vec<&str> = Vec::new();
        for name in BUILTIN_QUEUES {
            queues.insert(
                name,
                QueueInfo {
                    span: None,
                    terminal: BUILTIN_TERMINAL.contains(&name),
                    failure: Outcome::of_builtin(name) == Some(Outcome::Failure),
                },
            );
            queue_names.push(name);
        }
        for queue in def.queues.iter() {
            let name = queue.name.as_str();
            let builtin_terminal = BUILTIN_TERMINAL.contains(&name);
            let declared_terminal = queue.value.terminal.as_ref().map(|t| t.value);
            let terminal = builtin_terminal || declared_terminal.unwrap_or(false);
            let outcome = Outcome::of_builtin(name)
                .or(queue.value.outcome.as_ref().map(|o| o.value))
                .unwrap_or(Outcome::Success);
            queues
                .entry(name)
                .and_modify(|info| {
                    info.span.get_or_insert(queue.name.span.clone());
                })
                .or_insert_with(|| {
                    queue_names.push(name);
                    QueueInfo {
                        span: Some(queue.name.span.clone()),
                        terminal,
                        failure: terminal && outcome == Outcome::Failure,
                    }
                });
        }
        let roles: HashMap<&str, &Named<Role>> =
            def.roles.iter().map(|r| (r.name.as_str(), r)).collect();
        let agents = def.agents.iter().map(|a| (a.name.as_str(), a)).collect();
        let names = |list: &'a Option<Vec<Spanned<String>>>| {
            list.as_ref()
                .map(|l| l.iter().map(Spanned::as_str).collect::<HashSet<_>>())
        };
        let mut semantic = Self {
            def,
            queues,
            roles,
            agents,
            agents_by_role: HashMap::new(),
            agent_roles: HashMap::new(),
            steps: def
                .steps
                .as_ref()
                .map(|steps| steps.iter().map(Spanned::as_str).collect()),
            checks: names(&def.checks),
            references: Vec::new(),
            flows: Vec::new(),
            queue_names,
            indexes: RefCell::default(),
            suggested: RefCell::default(),
        };
        semantic.file_agents_by_role();
        semantic.collect_references();
        semantic.build_flows();
        semantic
    }

    /// The queue a role claims from (`incoming` unless set).
    pub fn claims_from(role: &'a Named<Role>) -> &'a str {
        role.value
            .claims_from
            .as_ref()
            .map_or(DEFAULT_QUEUE, Spanned::as_str)
    }

    pub fn is_terminal(&self, queue: &str) -> bool {
        self.queues.get(queue).is_some_and(|q| q.terminal)
    }

    /// Whether a move into `queue` ends the work successfully: completes it.
    pub fn ends_in_success(&self, queue: &str) -> bool {
        self.queues
            .get(queue)
            .is_some_and(|q| q.terminal && !q.failure)
    }

    /// Names defined for a kind, in source order (for did-you-mean).
    pub fn names(&self, kind: Kind) -> Vec<&'a str> {
        let list = |l: &'a Option<Vec<Spanned<String>>>| {
            l.iter().flatten().map(Spanned::as_str).collect::<Vec<_>>()
        };
        match kind {
            Kind::Role => self.def.roles.names().collect(),
            Kind::Queue => self.queue_names.clone(),
            Kind::Agent => self.def.agents.names().collect(),
            Kind::Step => self
                .def
                .steps
                .iter()
                .flatten()
                .map(Spanned::as_str)
                .collect(),
            Kind::Check => list(&self.def.checks),
            Kind::Flow => self.def.flows.names().collect(),
            Kind::Chain => self.def.chains.names().collect(),
        }
    }

    /// Whether `name` is defined as a `kind`. Steps and checks are defined when no registry is.
    pub fn is_defined(&self, kind: Kind, name: &str) -> bool {
        match kind {
            Kind::Role => self.roles.contains_key(name),
            Kind::Queue => self.queues.contains_key(name),
            Kind::Agent => self.agents.contains_key(name),
            Kind::Step => self.steps.as_ref().is_none_or(|s| s.contains(name)),
            Kind::Check => self.checks.as_ref().is_none_or(|s| s.contains(name)),
            Kind::Flow => self.def.flows.get(name).is_some(),
            Kind::Chain => self.def.chains.get(name).is_some(),
        }
    }

    /// The defined name an undefined reference most likely means (its best did-you-mean), so
    /// that rules counting uses do not report a name again because of someone's typo.
    pub fn meant(&self, kind: Kind, written: &str) -> Option<&'a str> {
        if self.is_defined(kind, written) {
            return None;
        }
        self.suggestions(kind, written).first().copied()
    }

    /// Up to three defined names of `kind` close to `written`, best first: the did-you-mean of
    /// [`crate::suggest::suggestions`] over [`Self::names`], from an index built once per kind
    /// and remembered per misspelling, so it stays cheap among thousands of names however many
    /// rules ask.
    pub fn suggestions(&self, kind: Kind, written: &str) -> Vec<&'a str> {
        let key = (kind, written.to_string());
        if let Some(found) = self.suggested.borrow().get(&key) {
            return found.clone();
        }
        let index = Rc::clone(
            self.indexes
                .borrow_mut()
                .entry(kind)
                .or_insert_with(|| Rc::new(Index::new(self.names(kind)))),
        );
        let found = index.suggestions(written);
        self.suggested.borrow_mut().insert(key, found.clone());
        found
    }

    /// Names of `kind` that some reference uses, directly or through a misspelling.
    pub fn used_names(&self, kind: Kind) -> HashSet<&'a str> {
        self.references
            .iter()
            .filter(|r| r.kind == kind)
            .filter_map(|r| {
                let name = r.name.as_str();
                if self.is_defined(kind, name) {
                    Some(name)
                } else {
                    self.meant(kind, name)
                }
            })
            .collect()
    }

    /// The queue a role claims from, or the queue a misspelt `claims_from` evidently means.
    pub fn effective_claims_from(&self, role: &'a Named<Role>) -> &'a str {
        let written = Self::claims_from(role);
        self.meant(Kind::Queue, written).unwrap_or(written)
    }

    /// The role a known agent is bound to (or evidently means).
    pub fn role_of_agent(&self, agent: &str) -> Option<&'a Named<Role>> {
        self.agent_roles.get(agent).copied()
    }

    /// Files each agent under the role it is bound to, or evidently means.
    fn file_agents_by_role(&mut self) {
        let def = self.def;
        for agent in def.agents.iter() {
            let Some(role) = &agent.value.role else {
                continue;
            };
            if let Some(role) = self.intended_role(role.as_str()) {
                self.agents_by_role
                    .entry(role.name.as_str())
                    .or_default()
                    .push(agent);
                self.agent_roles.insert(agent.name.as_str(), role);
            }
        }
    }

    /// The defined role an agent's `role` names or evidently means: itself, the role it is the
    /// agent form of, or the closest misspelling.
    fn intended_role(&self, written: &str) -> Option<&'a Named<Role>> {
        if let Some(role) = self.roles.get(written) {
            return Some(role);
        }
        if let Some(role) = role_forms(written)
            .iter()
            .find_map(|f| self.roles.get(f.as_str()))
        {
            return Some(role);
        }
        let best = *self.suggestions(Kind::Role, written).first()?;
        self.roles.get(best).copied()
    }

    fn collect_references(&mut self) {
        let def = self.def;
        let refs = &mut self.references;
        let mut push = |kind, name, site, owner| {
            refs.push(Reference {
                kind,
                name,
                site,
                owner,
            })
        };
        for role in def.roles.iter() {
            if let Some(queue) = &role.value.claims_from {
                push(Kind::Queue, queue, Site::ClaimsFrom, Some(&role.name));
            }
        }
        for agent in def.agents.iter() {
            if let Some(role) = &agent.value.role {
                push(Kind::Role, role, Site::AgentRole, Some(&agent.name));
            }
        }
        // `to: producer` names whichever role produced the work, not a role called so.
        let target = |route: &'a crate::model::Route| {
            route
                .to
                .as_ref()
                .filter(|to| to.value != crate::model::PRODUCER)
        };
        for role in def.roles.iter() {
            for route in role.value.escalation.iter() {
                if let Some(to) = target(&route.value) {
                    push(Kind::Role, to, Site::EscalationTarget, Some(&role.name));
                }
            }
        }
        for route in def.policy.iter().flat_map(|p| p.escalation.iter()) {
            if let Some(to) = target(&route.value) {
                push(Kind::Role, to, Site::EscalationTarget, None);
            }
        }
        for chain in def.chains.iter() {
            for step in chain.value.steps.iter().flatten() {
                if let Some(role) = &step.role {
                    push(Kind::Role, role, Site::ChainRole, Some(&chain.name));
                }
                for run in step.runs.iter().flatten() {
                    push(Kind::Step, run, Site::Runs, None);
                }
            }
        }
        for flow in def.flows.iter() {
            let child = flow.value.child_flow.as_deref();
            let parts = [
                (flow.value.initial.as_ref(), &flow.value.transitions[..]),
                (
                    child.and_then(|c| c.initial.as_ref()),
                    child.map_or(&[][..], |c| &c.transitions[..]),
                ),
            ];
            for (initial, transitions) in parts {
                if let Some(initial) = initial {
                    push(Kind::Queue, initial, Site::FlowInitial, None);
                }
                for t in transitions {
                    push(Kind::Queue, &t.from, Site::TransitionFrom, None);
                    push(Kind::Queue, &t.to, Site::TransitionTo, None);
                    if let Some(role) = &t.role {
                        push(Kind::Role, role, Site::TransitionRole, None);
                    }
                    if let Some(agent) = &t.agent {
                        push(Kind::Agent, agent, Site::TransitionAgent, None);
                    }
                    for step in t.runs.iter().flatten() {
                        push(Kind::Step, step, Site::Runs, None);
                    }
                    for check in t.checks.iter().flatten() {
                        push(Kind::Check, check, Site::Checks, None);
                    }
                    if let Some(queue) = &t.on_checks_fail {
                        push(Kind::Queue, queue, Site::OnChecksFail, None);
                    }
                    for condition in t.conditions.iter().flatten() {
                        if let Some(agent) = &condition.agent
                            && condition.kind.as_ref().map(|k| k.value)
                                != Some(ConditionKind::Script)
                        {
                            push(Kind::Agent, agent, Site::ConditionAgent, None);
                        }
                        if let Some(queue) = &condition.on_fail {
                            push(Kind::Queue, queue, Site::OnFail, None);
                        }
                    }
                }
            }
        }
    }

    fn build_flows(&mut self) {
        let def = self.def;
        for flow in def.flows.iter() {
            let mut parts = vec![(
                false,
                flow.value.initial.as_ref(),
                &flow.value.transitions[..],
                flow.value.malformed,
            )];
            if let Some(child) = &flow.value.child_flow {
                parts.push((
                    true,
                    child.initial.as_ref(),
                    &child.transitions[..],
                    child.malformed,
                ));
            }
            for (is_child, initial, transitions, malformed) in parts {
                let (initial, initial_span) = match initial {
                    Some(initial) => (initial.as_str(), initial.span.clone()),
                    None => (DEFAULT_QUEUE, flow.name.span.clone()),
                };
                let known = |q: &Spanned<String>| self.queues.contains_key(q.as_str());
                let sound = !malformed
                    && self.queues.contains_key(initial)
                    && transitions
                        .iter()
                        .all(|t| known(&t.from) && t.targets().all(known));
                self.flows.push(FlowView {
                    name: &flow.name,
                    is_child,
                    has_child: flow.value.child_flow.is_some(),
                    initial,
                    initial_span,
                    transitions,
                    sound,
                    graph: FlowGraph::new(initial, transitions, |q| self.is_terminal(q)),
                });
            }
        }
    }
}

/// The roles that `word` may be the agent noun of: `implementer` → `implement`,
/// `merger` → `merge`, `planner` → `plan`, `orchestrator` → `orchestrate`.
pub fn role_forms(word: &str) -> Vec<String> {
    let mut forms = Vec::new();
    for suffix in ["er", "or"] {
        let Some(stem) = word.strip_suffix(suffix) else {
            continue;
        };
        if stem.is_empty() {
            continue;
        }
        forms.push(stem.to_string());
        forms.push(format!("{stem}e"));
        let mut chars = stem.chars().rev();
        if let (Some(last), Some(before)) = (chars.next(), chars.next())
            && last == before
            && !"aeiou".contains(last)
        {
            forms.push(stem[..stem.len() - last.len_utf8()].to_string());
        }
    }
    forms
}
