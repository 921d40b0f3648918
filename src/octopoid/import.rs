//! `import`: one `octolint.yaml` equivalent to a `.octopoid/` directory, written by hand with
//! comments, plus notes on everything that was dropped or decided.
//!
//! Every string is written plain only when [`plain`] proves it reads back as the same string;
//! otherwise it is double-quoted by [`quoted`].

use super::agents::AgentConfig;
use super::flows::FlowUnit;
use super::load::{Context, Project};
use super::rules::claim_from_undeclared_queue::CLAIM_FROM_UNDECLARED_QUEUE;
use super::rules::flow_agent_unmatched::FLOW_AGENT_UNMATCHED;
use super::{
    CHECKS, DEFAULT_CLAIM_QUEUE, DEPRECATED_STEPS, INTERVENTION, STEPS, TaskRolesSource,
    is_terminal,
};
use crate::diagnostic::structural::is_structural;
use crate::diagnostic::{Report, RuleMeta, Severity};
use crate::model::{BUILTIN_QUEUES, Condition, ConditionKind, Spanned, Transition};
use crate::rules::references::{unknown_agent::UNKNOWN_AGENT, unknown_queue::UNKNOWN_QUEUE};
use crate::semantic::{FlowGraph, role_forms};
use crate::suggest::suggestions;
use crate::yaml::emit::{Emitter, flow_list, flow_mapping, is_plain, plain, quoted};

/// An imported definition and what the import could not carry over or had to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The `octolint.yaml` text.
    pub yaml: String,
    /// One sentence per thing dropped, guessed or decided, in the order met.
    pub notes: Vec<String>,
    /// The errors in how the native files are written (`yaml-syntax`, `invalid-value`, …) and
    /// in task files, as `file:line:column: [rule] message`: the definition cannot carry them
    /// (it is written well, and has no tasks), so they are fixed where they are.
    pub uncarried: Vec<String>,
}

/// The Octopoid-only rules whose mistakes a definition reports under a rule of its own, as
/// (native rule, the rule `octolint check` reports it with after `octolint import`).
pub const IMPORTED_AS: [(&RuleMeta, &RuleMeta); 2] = [
    (&FLOW_AGENT_UNMATCHED, &UNKNOWN_AGENT),
    (&CLAIM_FROM_UNDECLARED_QUEUE, &UNKNOWN_QUEUE),
];

/// Imports a loaded Octopoid project into one definition. `reports` are the project's
/// findings, one per file read: the errors among them that a definition cannot carry are
/// listed in [`Import::uncarried`].
pub fn import(project: &Project, reports: &[Report]) -> Import {
    let cx = project.context();
    let mut plan = Plan::new(&cx);
    let yaml = plan.emit(&cx);
    Import {
        yaml,
        notes: plan.notes,
        uncarried: uncarried(project, reports),
    }
}

/// The structural errors of the project's files, located.
fn uncarried(project: &Project, reports: &[Report]) -> Vec<String> {
    let mut found = Vec::new();
    for (file, report) in project.sources.files.iter().zip(reports) {
        let name = match file.path.strip_prefix(&project.sources.root) {
            Ok(inner) => inner.display().to_string(),
            Err(_) => file.path.display().to_string(),
        };
        for d in &report.diagnostics {
            // A definition has no tasks: every error in a task file stays there.
            let task = file.kind == super::FileKind::Task;
            if d.severity == Severity::Error && (task || is_structural(d.rule)) {
                let at = report.file.position(d.span.start);
                found.push(format!(
                    "{name}:{}:{}: [{}] {}",
                    at.line, at.column, d.rule.name, d.message
                ));
            }
        }
    }
    found
}

/// A role of the definition: its name and its queue.
struct RolePlan {
    name: String,
    claims_from: String,
}

/// An agent bound in the definition to a role other than its own.
struct Rebound {
    agent: String,
    role: String,
}

/// A queue the definition declares.
struct QueuePlan {
    name: String,
    description: Option<&'static str>,
    terminal: bool,
}

/// An agent's role binding as Octopoid runs it: the role it is bound to and the queue it
/// claims from.
struct Binding {
    role: String,
    agent: String,
    queue: String,
}

struct Plan<'a> {
    agents: Vec<&'a AgentConfig>,
    /// Agents bound in the definition to a role other than their own: a role of its own for
    /// each further claim queue of one Octopoid role.
    rebound: Vec<Rebound>,
    roles: Vec<RolePlan>,
    /// Roles incoming claimers filter by that no task carries: left undeclared.
    undeclared_roles: Vec<String>,
    queues: Vec<QueuePlan>,
    steps: Vec<String>,
    checks: Vec<String>,
    notes: Vec<String>,
}

impl<'a> Plan<'a> {
    fn new(cx: &Context<'a>) -> Self {
        let mut plan = Self {
            agents: Vec::new(),
            rebound: Vec::new(),
            roles: Vec::new(),
            undeclared_roles: Vec::new(),
            queues: Vec::new(),
            steps: Vec::new(),
            checks: Vec::new(),
            notes: Vec::new(),
        };
        plan.plan_agents(cx);
        plan.plan_roles(cx);
        plan.plan_queues(cx);
        plan.plan_registries(cx);
        plan
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// The pool agents, each once; what Octopoid does not run is noted, not imported.
    fn plan_agents(&mut self, cx: &Context<'a>) {
        for config in &cx.agents.configs {
            if config.shape == super::Shape::AgentYaml && !config.in_pool() {
                let why = if config.job_agent {
                    "a job agent (spawned by jobs.yaml, not the pool)"
                } else if config.on_demand {
                    "an on-demand agent"
                } else {
                    "disabled"
                };
                self.note(format!(
                    "agent `{}` is {why}: the format has no place for it, so it is not imported",
                    config.name.value
                ));
            }
        }
        for block in cx
            .agents
            .legacy
            .iter()
            .filter(|b| b.ignored_because.is_some())
        {
            self.note(format!(
                "the agents under `{}` in agents.yaml are not imported: Octopoid does not read them",
                block.key.value
            ));
        }
        for agent in cx.pool() {
            if agent.role.is_none() {
                self.note(format!(
                    "agent `{}` has no role: not imported",
                    agent.name.value
                ));
            } else if self.agents.iter().any(|a| a.name.value == agent.name.value) {
                self.note(format!(
                    "agent `{}` is configured twice: only the first is imported",
                    agent.name.value
                ));
            } else {
                self.note_unmapped(agent);
                self.agents.push(agent);
            }
        }
    }

    fn note_unmapped(&mut self, agent: &AgentConfig) {
        let mut dropped: Vec<&str> = agent
            .unmapped
            .iter()
            .map(String::as_str)
            .filter(|k| {
                !matches!(
                    *k,
                    "spawn_mode" | "lightweight" | "paused" | "enabled" | "type"
                )
            })
            .collect();
        if agent
            .spawn_mode
            .as_ref()
            .is_some_and(|m| m.value != "scripts")
        {
            dropped.push("spawn_mode");
        }
        if agent.lightweight {
            dropped.push("lightweight");
        }
        if agent.paused {
            dropped.push("paused");
        }
        if !dropped.is_empty() {
            self.note(format!(
                "agent `{}`: {} dropped (no place in the format)",
                agent.name.value,
                dropped
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }

    /// One role per agent role with its agents' claim queue; an incoming claimer bound to the
    /// agent form of a task role declares the task role, so the definition reports it. A role
    /// has one `claims_from`: when an Octopoid role's agents claim from several queues, the
    /// role keeps `incoming` (where it is the claim filter) or else its first agent's queue,
    /// and each further queue gets a role of its own, `<role>_<queue>`, for the agents that
    /// claim there. Only claims from `incoming` send the role, so nothing Octopoid does changes.
    fn plan_roles(&mut self, cx: &Context) {
        // (role, agent, queue) in agent order.
        let mut bindings: Vec<Binding> = Vec::new();
        for agent in self.agents.clone() {
            let Some(role) = &agent.role else {
                continue;
            };
            let mut name = role.value.clone();
            let intended = (agent.filters_by_role() && !cx.task_roles.contains(&name))
                .then(|| {
                    role_forms(&name)
                        .into_iter()
                        .find(|f| cx.task_roles.contains(f))
                })
                .flatten();
            if let Some(task_role) = intended {
                self.note(format!(
                    "agent `{}` keeps `role: {name}`, the agent form of task role `{task_role}`: the definition declares `{task_role}`, so `octolint check` reports the mismatch (and `--fix` fixes it)",
                    agent.name.value
                ));
                name = task_role;
            } else if agent.filters_by_role() && !cx.task_roles.contains(&name) {
                // A misspelt task role is an error where Octopoid runs it: left undeclared, so
                // the definition reports it too. Any other role is declared as it is written.
                let misspelt = suggestions(&name, cx.task_roles.iter().map(String::as_str));
                if misspelt.is_empty() {
                    self.note(format!(
                        "agent `{}` claims from `incoming` filtered by role `{name}`, which is not a task role ({}): declared as a role of its own, as written",
                        agent.name.value,
                        cx.task_roles_phrase()
                    ));
                } else {
                    self.note(format!(
                        "agent `{}` keeps `role: {name}`, which is not a task role (did you mean `{}`?): the definition does not declare it, so `octolint check` reports it",
                        agent.name.value,
                        misspelt[0]
                    ));
                    if !self.undeclared_roles.contains(&name) {
                        self.undeclared_roles.push(name.clone());
                    }
                }
            }
            bindings.push(Binding {
                role: name,
                agent: agent.name.value.clone(),
                queue: agent.claim_queue().to_string(),
            });
        }
        let mut order: Vec<&str> = Vec::new();
        for binding in &bindings {
            if !order.contains(&binding.role.as_str()) {
                order.push(&binding.role);
            }
        }
        for role in order {
            let of_role: Vec<&Binding> = bindings.iter().filter(|b| b.role == role).collect();
            let primary = of_role
                .iter()
                .find(|b| b.queue == DEFAULT_CLAIM_QUEUE)
                .unwrap_or(&of_role[0]);
            // A role no task carries stays undeclared where it filters claims, in `incoming`.
            if !(primary.queue == DEFAULT_CLAIM_QUEUE
                && self.undeclared_roles.iter().any(|r| r == role))
            {
                self.add_role(role.to_string(), &primary.queue);
            }
            let mut queues: Vec<&str> = Vec::new();
            for binding in &of_role {
                if binding.queue != primary.queue && !queues.contains(&binding.queue.as_str()) {
                    queues.push(&binding.queue);
                }
            }
            for queue in queues {
                let split = format!(
                    "{role}_{}",
                    queue.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_")
                );
                let agents: Vec<&str> = of_role
                    .iter()
                    .filter(|b| b.queue == queue)
                    .map(|b| b.agent.as_str())
                    .collect();
                let who = match agents.as_slice() {
                    [one] => format!(
                        "agent `{one}`, which claims from `{queue}`, is bound to a role of its own"
                    ),
                    many => format!(
                        "agents {}, which claim from `{queue}`, are bound to a role of their own",
                        many.iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.note(format!(
                    "role `{role}`: its agents claim from `{}` and `{queue}`, but a role has one `claims_from`; {who}, `{split}` (claims_from: {queue}): Octopoid sends an agent's role only when it claims from `incoming`, so where each agent claims is unchanged",
                    primary.queue
                ));
                self.add_role(split.clone(), queue);
                for agent in agents {
                    self.rebound.push(Rebound {
                        agent: agent.to_string(),
                        role: split.clone(),
                    });
                }
            }
        }
        if cx.task_roles_source != &TaskRolesSource::Known {
            for role in cx.task_roles {
                if !self.roles.iter().any(|r| &r.name == role) {
                    self.add_role(role.clone(), DEFAULT_CLAIM_QUEUE);
                }
            }
        }
    }

    /// Adds a role; a role added twice keeps its first queue (`plan_roles` gives each queue a
    /// role of its own, so that does not happen for agents).
    fn add_role(&mut self, name: String, queue: &str) {
        if self.roles.iter().any(|r| r.name == name) {
            return;
        }
        self.roles.push(RolePlan {
            name,
            claims_from: queue.to_string(),
        });
    }

    /// Every flow state and claim queue that is not built in, in order of appearance.
    fn plan_queues(&mut self, cx: &Context) {
        let mut names: Vec<String> = Vec::new();
        for unit in cx.units() {
            for t in unit.transitions {
                for q in std::iter::once(&t.from).chain(t.targets()) {
                    names.push(q.value.clone());
                }
            }
        }
        // A claim queue no flow has stays undeclared, as steps and checks Octopoid does not
        // register do: the definition reports it.
        let declared = cx.declared_queues();
        for role in &self.roles {
            let queue = role.claims_from.as_str();
            if declared.contains(queue) || queue == INTERVENTION {
                names.push(queue.to_string());
            } else {
                let note = format!(
                    "role `{}` claims from `{queue}`, which no flow has: left out of `queues:`, so the definition reports it",
                    role.name
                );
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
            }
        }
        for name in names {
            if BUILTIN_QUEUES.contains(&name.as_str()) || self.queues.iter().any(|q| q.name == name)
            {
                continue;
            }
            let description = match name.as_str() {
                "needs_continuation" => {
                    Some("Added by the Octopoid runtime: claimed work to be continued.")
                }
                "requires-intervention" => {
                    Some("Added by the Octopoid runtime: failed once, waiting for the fixer.")
                }
                INTERVENTION => {
                    Some("Octopoid's fixer pseudo-queue: tasks flagged needs_intervention.")
                }
                _ => None,
            };
            let terminal = is_terminal(&name);
            self.queues.push(QueuePlan {
                name,
                description,
                terminal,
            });
        }
    }

    /// The registered steps and checks the flows use; unregistered names are left out so the
    /// definition reports them.
    fn plan_registries(&mut self, cx: &Context) {
        for unit in cx.units() {
            for t in unit.transitions {
                for step in t.runs.iter().flatten() {
                    let known =
                        STEPS.contains(&step.as_str()) || DEPRECATED_STEPS.contains(&step.as_str());
                    self.register(step, known, "step");
                }
                for check in t.checks.iter().flatten() {
                    self.register(check, CHECKS.contains(&check.as_str()), "check");
                }
            }
        }
    }

    fn register(&mut self, name: &Spanned<String>, known: bool, kind: &str) {
        let list = if kind == "step" {
            &mut self.steps
        } else {
            &mut self.checks
        };
        if list.contains(&name.value) {
            return;
        }
        if known {
            list.push(name.value.clone());
        } else {
            self.note(format!(
                "{kind} `{}` is not registered in Octopoid: left out of `{kind}s:`, so the definition reports it",
                name.value
            ));
        }
    }

    fn emit(&mut self, cx: &Context) -> String {
        let mut out = Emitter::default();
        out.comment(&format!(
            "Imported by `octolint import` from {}.",
            cx.sources.root.display()
        ));
        out.comment("Review the notes it printed, then run `octolint check`.");
        out.comment(&format!("Task roles: {}.", cx.task_roles_phrase()));
        out.field(0, "version", "1");
        self.emit_settings(cx, &mut out);
        self.emit_queues(&mut out);
        self.emit_roles(&mut out);
        self.emit_agents(cx, &mut out);
        for (key, names) in [("steps", &self.steps), ("checks", &self.checks)] {
            if !names.is_empty() {
                out.blank_line();
                out.field(0, key, &flow_list(names.iter().map(String::as_str)));
            }
        }
        self.emit_flows(cx, &mut out);
        out.finish()
    }

    fn emit_settings(&mut self, cx: &Context, out: &mut Emitter) {
        let Some(config) = cx.config else {
            self.note("no config.yaml: no scope or orchestrator imported".to_string());
            return;
        };
        if let Some(scope) = &config.scope {
            out.field(0, "scope", &plain(&scope.value));
        }
        let orchestrator = [
            ("cluster", &config.cluster),
            ("machine_id", &config.machine_id),
            ("repo_url", &config.repo_url),
        ];
        if orchestrator.iter().any(|(_, v)| v.is_some()) {
            out.open(0, "orchestrator", None);
            for (key, value) in orchestrator {
                if let Some(value) = value {
                    out.field(1, key, &plain(&value.value));
                }
            }
        }
        if !config.unmapped.is_empty() {
            let keys: Vec<String> = config.unmapped.iter().map(|k| format!("`{k}`")).collect();
            self.note(format!(
                "config.yaml: {} not imported (no place in the format)",
                keys.join(", ")
            ));
        }
        if !cx.jobs.is_empty() {
            self.note(format!(
                "jobs.yaml: {} jobs not imported (no place in the format)",
                cx.jobs.len()
            ));
        }
    }

    fn emit_queues(&self, out: &mut Emitter) {
        if self.queues.is_empty() {
            return;
        }
        out.blank_line();
        out.open(0, "queues", None);
        for QueuePlan {
            name,
            description,
            terminal,
        } in &self.queues
        {
            let mut body = Vec::new();
            if let Some(description) = description {
                body.push(("description", quoted(description)));
            }
            if *terminal {
                body.push(("terminal", "true".to_string()));
                // Built-in `done` and `failed` are not written here, so this is one of
                // Octopoid's other terminal states (`rejected`, `escalated`, `recycled`): they
                // end the work without finishing it, and a move there is not a completion.
                body.push(("outcome", "failure".to_string()));
            }
            out.field(1, &plain(name), &flow_mapping(&body));
        }
    }

    fn emit_roles(&self, out: &mut Emitter) {
        if self.roles.is_empty() {
            return;
        }
        out.blank_line();
        out.open(0, "roles", None);
        for role in &self.roles {
            if role.claims_from == DEFAULT_CLAIM_QUEUE {
                out.field(1, &plain(&role.name), "{}");
            } else {
                out.open(1, &plain(&role.name), None);
                out.field(2, "claims_from", &plain(&role.claims_from));
            }
        }
    }

    fn emit_agents(&self, cx: &Context, out: &mut Emitter) {
        if self.agents.is_empty() {
            return;
        }
        out.blank_line();
        out.open(0, "agents", None);
        for agent in &self.agents {
            let from = relative(cx, agent.name.file);
            out.open(1, &plain(&agent.name.value), Some(&from));
            let rebound = self
                .rebound
                .iter()
                .find(|r| r.agent == agent.name.value)
                .map(|r| r.role.as_str());
            if let Some(role) = rebound.or(agent.role.as_ref().map(|r| r.value.as_str())) {
                out.field(2, "role", &plain(role));
            }
            if let Some(model) = &agent.model {
                out.field(2, "model", &plain(&model.value));
            }
            for (key, value) in [
                ("max_turns", &agent.max_turns),
                ("max_instances", &agent.max_instances),
                ("interval_seconds", &agent.interval_seconds),
            ] {
                if let Some(value) = value {
                    out.field(2, key, &value.value.to_string());
                }
            }
            if let Some(tools) = &agent.tools {
                out.field(
                    2,
                    "tools",
                    &flow_list(tools.iter().map(|t| t.value.as_str())),
                );
            }
        }
    }

    fn emit_flows(&mut self, cx: &Context, out: &mut Emitter) {
        if cx.flows.is_empty() {
            return;
        }
        out.blank_line();
        out.open(0, "flows", None);
        let mut seen: Vec<&str> = Vec::new();
        for flow in cx.flows {
            if seen.contains(&flow.name.as_str()) {
                self.note(format!(
                    "flow `{}` is defined by two files: only the first is imported",
                    flow.name
                ));
                continue;
            }
            seen.push(&flow.name);
            out.open(1, &plain(&flow.name), Some(&relative(cx, flow.file)));
            if let Some(description) = &flow.flow.description {
                out.field(2, "description", &quoted(&description.value));
            }
            let units = flow.units();
            for unit in &units {
                self.note_unreachable(unit);
            }
            self.emit_transitions(cx, &units[0], 2, out);
            if let Some(child) = units.get(1) {
                out.open(2, "child_flow", None);
                self.emit_transitions(cx, child, 3, out);
            }
        }
    }

    /// Octopoid starts every flow in `incoming`; a flow whose tasks enter elsewhere keeps
    /// that problem in the definition, where `initial:` can say where they enter.
    fn note_unreachable(&mut self, unit: &FlowUnit) {
        let graph = FlowGraph::new(DEFAULT_CLAIM_QUEUE, unit.transitions, is_terminal);
        let lost: Vec<String> = graph
            .states
            .iter()
            .filter(|(q, _)| !graph.reachable.contains(q) && !is_terminal(q))
            .map(|(q, _)| format!("`{q}`"))
            .collect();
        let Some(first) = lost.first() else {
            return;
        };
        self.note(format!(
            "{}: {} cannot be reached from `incoming`, as in Octopoid; if its tasks enter at {first}, add `initial: {}` to the flow",
            unit.describe(),
            lost.join(", "),
            first.trim_matches('`')
        ));
    }

    fn emit_transitions(&mut self, cx: &Context, unit: &FlowUnit, depth: usize, out: &mut Emitter) {
        if unit.transitions.is_empty() {
            out.field(depth, "transitions", "{}");
            return;
        }
        out.open(depth, "transitions", None);
        for t in unit.transitions {
            self.emit_transition(cx, unit, t, depth + 1, out);
        }
    }

    fn emit_transition(
        &mut self,
        cx: &Context,
        unit: &FlowUnit,
        t: &Transition,
        depth: usize,
        out: &mut Emitter,
    ) {
        let key = transition_key(&t.from.value, &t.to.value);
        let mut body: Vec<(&str, String)> = Vec::new();
        if let Some(agent) = &t.agent {
            body.push(self.performer(cx, unit, &agent.value));
        }
        if let Some(runs) = &t.runs {
            body.push(("runs", flow_list(runs.iter().map(|s| s.value.as_str()))));
        }
        if let Some(checks) = &t.checks {
            body.push(("checks", flow_list(checks.iter().map(|s| s.value.as_str()))));
        }
        if let Some(queue) = &t.on_checks_fail {
            body.push(("on_checks_fail", plain(&queue.value)));
        }
        let conditions = t.conditions.as_ref();
        if body.is_empty() && conditions.is_none() {
            out.field(depth, &key, "{}");
            return;
        }
        out.open(depth, &key, None);
        for (field, value) in body {
            out.field(depth + 1, field, &value);
        }
        match conditions {
            Some(list) if list.is_empty() => out.field(depth + 1, "conditions", "[]"),
            Some(list) => {
                out.open(depth + 1, "conditions", None);
                for c in list {
                    let fields = self.condition(cx, unit, c);
                    out.mapping_item(depth + 2, &fields);
                }
            }
            None => {}
        }
    }

    /// `agent:` naming an agent stays `agent:`; naming the role of its agents becomes
    /// `role:`; naming one agent by blueprint or role becomes that agent's name. Returns the
    /// field and its value.
    fn performer(
        &mut self,
        cx: &Context,
        unit: &FlowUnit,
        reference: &str,
    ) -> (&'static str, String) {
        let matches = cx.matching_agents(reference);
        let by_role = |a: &&AgentConfig| a.role.as_ref().is_some_and(|r| r.value == reference);
        if matches.iter().any(|a| a.name.value == reference) {
            return ("agent", plain(reference));
        }
        let declared = self.roles.iter().any(|r| r.name == reference);
        if !matches.is_empty() && declared && matches.iter().all(by_role) {
            return ("role", plain(reference));
        }
        let where_ = unit.describe();
        match matches[..] {
            [only] => {
                let name = &only.name.value;
                self.note(format!(
                    "{where_}: `agent: {reference}` names agent `{name}` by its blueprint or role; imported as `agent: {name}`"
                ));
                ("agent", plain(name))
            }
            [] => {
                self.note(format!(
                    "{where_}: `agent: {reference}` matches no agent; kept as written, so the definition reports it"
                ));
                ("agent", plain(reference))
            }
            _ => {
                self.note(format!(
                    "{where_}: `agent: {reference}` matches {} agents; kept as written",
                    matches.len()
                ));
                ("agent", plain(reference))
            }
        }
    }

    /// A condition's fields and their values; its `agent` must name one agent in the
    /// definition.
    fn condition(
        &mut self,
        cx: &Context,
        unit: &FlowUnit,
        c: &Condition,
    ) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if let Some(name) = &c.name {
            fields.push(("name", quoted(&name.value)));
        }
        if let Some(kind) = &c.kind {
            let kind = match kind.value {
                ConditionKind::Agent => "agent",
                ConditionKind::Script => "script",
                ConditionKind::Manual => "manual",
            };
            fields.push(("type", kind.to_string()));
        }
        if let Some(agent) = &c.agent {
            let agent = self.deciding_agent(cx, unit, &agent.value);
            fields.push(("agent", plain(&agent)));
        }
        if let Some(script) = &c.script {
            fields.push(("script", quoted(&script.value)));
        }
        if let Some(queue) = &c.on_fail {
            fields.push(("on_fail", plain(&queue.value)));
        }
        if let Some(skip) = &c.skip {
            fields.push(("skip", skip.value.to_string()));
        }
        fields
    }

    fn deciding_agent(&mut self, cx: &Context, unit: &FlowUnit, reference: &str) -> String {
        let matches = cx.matching_agents(reference);
        if matches.is_empty() || matches.iter().any(|a| a.name.value == reference) {
            return reference.to_string();
        }
        let chosen = matches[0].name.value.clone();
        let how = if matches.len() == 1 {
            "the one agent it matches"
        } else {
            "the first of the agents it matches"
        };
        self.note(format!(
            "{}: condition `agent: {reference}` is not an agent name; imported as `{chosen}`, {how}",
            unit.describe()
        ));
        chosen
    }
}

/// A file's path relative to the `.octopoid` directory, for comments.
fn relative(cx: &Context, file: usize) -> String {
    let path = &cx.sources.files[file].path;
    path.strip_prefix(&cx.sources.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `a -> b`, plain when both names are, else one quoted key.
fn transition_key(from: &str, to: &str) -> String {
    if is_plain(from) && is_plain(to) {
        format!("{from} -> {to}")
    } else {
        quoted(&format!("{from} -> {to}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_keys_are_one_quoted_key_unless_both_names_are_plain() {
        assert_eq!(transition_key("a", "b"), "a -> b");
        assert_eq!(transition_key("a", "b c"), "\"a -> b c\"");
    }
}
