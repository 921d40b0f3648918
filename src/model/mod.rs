//! The typed model of a definition. The JSON Schema is generated from these same types
//! (`octolint schema`), so the schema and what the linter accepts cannot drift apart.

mod decode;
pub mod names;
mod policy;
pub mod read;
mod spanned;

pub use decode::{decode, decode_flow_file, document_problems};
pub use policy::{
    Budget, Capability, Chain, ChainStep, DURATION_PATTERN, FileScope, Interface, PRODUCER, Policy,
    Recovery, RoleBudget, RoleKind, Route, Step, StepRegistry, Verdict, parse_duration,
};
pub use spanned::{NameMap, Named, Spanned};

use schemars::JsonSchema;

use crate::source::Span;

/// Queues that exist in every definition; `done` and `failed` are terminal.
pub const BUILTIN_QUEUES: [&str; 4] = ["incoming", "claimed", "done", "failed"];
/// The built-in queues that are terminal.
pub const BUILTIN_TERMINAL: [&str; 2] = ["done", "failed"];
/// The queue a flow starts in and a role claims from unless told otherwise.
pub const DEFAULT_QUEUE: &str = "incoming";
/// The queue a task is in while the agent that claimed it works on it.
pub const CLAIMED_QUEUE: &str = "claimed";

/// An octolint definition: the single source of truth for roles, queues, agents and flows.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(
    title = "octolint definition",
    deny_unknown_fields,
    example = example_definition()
)]
pub struct Definition {
    /// Format version. Must be `1`.
    #[schemars(required, range(min = 1, max = 1))]
    pub version: Option<Spanned<u64>>,
    /// The server scope that payloads are registered under.
    #[schemars(example = &"octopoid")]
    pub scope: Option<Spanned<String>>,
    /// Identifies the orchestrator to the server (`cluster-machine_id`).
    pub orchestrator: Option<Orchestrator>,
    /// Task states beyond the built-ins `incoming`, `claimed`, `done` and `failed`.
    pub queues: NameMap<Queue>,
    /// Kinds of work. Registered with the server; tasks and agents refer to them by name.
    pub roles: NameMap<Role>,
    /// Workers, each bound to exactly one role.
    pub agents: NameMap<Agent>,
    /// Registry of steps: names, or names with the tools and commands each needs. When
    /// present, every `runs` entry must be listed here.
    pub steps: Option<StepRegistry>,
    /// Registry of check names. When present, every `checks` entry must be listed here.
    pub checks: Option<Vec<Spanned<String>>>,
    /// Workflows: transitions between queues.
    pub flows: NameMap<Flow>,
    /// Chains: ordered hand-offs of work from role to role.
    pub chains: NameMap<Chain>,
    /// Policy settings: known models, write tools, chain length, default budgets and
    /// escalation.
    pub policy: Option<Policy>,
    /// Lint settings: per-rule severities.
    pub lint: Option<Lint>,
    /// What `octolint gen` writes, and where.
    pub generate: Option<Generate>,
}

fn example_definition() -> serde_json::Value {
    serde_json::json!({
        "version": 1,
        "roles": {"implement": {"description": "Write the code"}},
        "agents": {"implementer": {"role": "implement"}},
        "flows": {"default": {"transitions": {
            "incoming -> claimed": {"role": "implement"},
            "claimed -> done": {}
        }}}
    })
}

/// Where this orchestrator is registered.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Orchestrator {
    /// Cluster name, the first half of the orchestrator id.
    #[schemars(example = &"prod")]
    pub cluster: Option<Spanned<String>>,
    /// Machine id, the second half of the orchestrator id.
    #[schemars(example = &"build-01")]
    pub machine_id: Option<Spanned<String>>,
    /// URL of the repository the orchestrator works on.
    pub repo_url: Option<Spanned<String>>,
}

/// A task state.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Queue {
    /// What a task in this queue is waiting for.
    pub description: Option<Spanned<String>>,
    /// A terminal queue ends a flow: no transition may leave it. `done` and `failed` always are.
    pub terminal: Option<Spanned<bool>>,
    /// How the work of a task that ends in this terminal queue went: `success` (the default,
    /// and always so for `done`) or `failure` (always so for `failed`). A move into a
    /// successful end completes the work, which only roles that may complete may do.
    pub outcome: Option<Spanned<Outcome>>,
}

/// How the work of a task that ended in a terminal queue went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum Outcome {
    Success,
    Failure,
}

impl Outcome {
    pub const ALL: [(&'static str, Self); 2] =
        [("success", Self::Success), ("failure", Self::Failure)];

    pub fn name(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
        }
    }

    /// The outcome a built-in terminal queue always has.
    pub fn of_builtin(queue: &str) -> Option<Self> {
        match queue {
            "done" => Some(Self::Success),
            "failed" => Some(Self::Failure),
            _ => None,
        }
    }
}

/// A kind of work.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Role {
    /// What this role does.
    pub description: Option<Spanned<String>>,
    /// The queue agents of this role claim tasks from. Defaults to `incoming`.
    #[schemars(example = &"provisional")]
    pub claims_from: Option<Spanned<String>>,
    /// What kind of work the role does: `plan`, `build`, `fix`, `test`, `review`, `execute` or `orchestrate`.
    pub kind: Option<Spanned<RoleKind>>,
    /// Which side of an orchestrator/worker split the role is on: `orchestrate` or `worker`.
    pub interface: Option<Spanned<Interface>>,
    /// What the role may do to work items (`create`, `assign`, `progress`, `discover`,
    /// `block`, `complete`); defaults from `interface`.
    pub capabilities: Option<Vec<Spanned<Capability>>>,
    /// Tools the role's agents may use; an agent's tools must be among them.
    pub tools: Option<Vec<Spanned<String>>>,
    /// Commands the role must never run.
    pub forbidden_commands: Option<Vec<Spanned<String>>>,
    /// Model the role's agents run on (defaults from `policy.defaults`).
    pub model: Option<Spanned<String>>,
    /// Maximum conversation turns per task.
    #[schemars(range(min = 1))]
    pub max_turns: Option<Spanned<u64>>,
    /// Maximum spend per task, in US dollars.
    #[schemars(range(min = 0.0))]
    pub max_spend: Option<Spanned<f64>>,
    /// Time limit per task: seconds, or a duration such as `30m`.
    #[schemars(with = "Option<policy::DurationSchema>")]
    pub timeout: Option<Spanned<u64>>,
    /// Where blocked or rejected work goes, by reason (`blocked`, `rejected`, … or `default`).
    pub escalation: NameMap<Route>,
    /// Which files the role may change: data for the runner to enforce, and checked against
    /// what the steps it runs write.
    // Boxed: few roles have one, and every role would carry its 80 bytes.
    pub files: Option<Box<FileScope>>,
    /// The verdicts the role may return: `accept`, `accept-with-notes`, `reject`, `blocked`.
    pub verdicts: Option<Vec<Spanned<Verdict>>>,
    /// The evidence the role must hand off with its verdict (a test report, a diff).
    pub evidence: Option<Vec<Spanned<String>>>,
    /// The role's instructions, inline.
    pub prompt: Option<Spanned<String>>,
    /// The role's instructions, in a file relative to the definition (which must exist).
    pub prompt_file: Option<Spanned<String>>,
}

/// A worker bound to one role.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Agent {
    /// What this agent is for.
    pub description: Option<Spanned<String>>,
    /// The role this agent performs; it claims tasks of exactly this role.
    #[schemars(required, example = &"implement")]
    pub role: Option<Spanned<String>>,
    /// Model the agent runs on.
    #[schemars(example = &"sonnet")]
    pub model: Option<Spanned<String>>,
    /// Maximum conversation turns per task.
    #[schemars(range(min = 1))]
    pub max_turns: Option<Spanned<u64>>,
    /// How many instances may run at once.
    #[schemars(range(min = 1))]
    pub max_instances: Option<Spanned<u64>>,
    /// Seconds between claim attempts.
    #[schemars(range(min = 1))]
    pub interval_seconds: Option<Spanned<u64>>,
    /// Tools the agent may use.
    pub tools: Option<Vec<Spanned<String>>>,
    /// Maximum spend per task, in US dollars.
    #[schemars(range(min = 0.0))]
    pub max_spend: Option<Spanned<f64>>,
    /// Time limit per task: seconds, or a duration such as `30m`.
    #[schemars(with = "Option<policy::DurationSchema>")]
    pub timeout: Option<Spanned<u64>>,
}

/// A workflow: the transitions a task may take between queues.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Flow {
    /// What this flow is for.
    pub description: Option<Spanned<String>>,
    /// The queue tasks of this flow start in. Defaults to `incoming`.
    pub initial: Option<Spanned<String>>,
    /// Transitions keyed `"<from> -> <to>"`.
    #[schemars(with = "TransitionsSchema")]
    pub transitions: Vec<Transition>,
    /// The flow for child tasks; registered as its own flow `<name>_child`.
    pub child_flow: Option<Box<ChildFlow>>,
    /// Whether a transition could not be read (graph rules then skip the flow).
    #[schemars(skip)]
    pub malformed: bool,
}

/// The flow child tasks follow.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ChildFlow {
    /// What this child flow is for.
    pub description: Option<Spanned<String>>,
    /// The queue child tasks start in. Defaults to `incoming`.
    pub initial: Option<Spanned<String>>,
    /// Transitions keyed `"<from> -> <to>"`.
    #[schemars(with = "TransitionsSchema")]
    pub transitions: Vec<Transition>,
    /// Whether a transition could not be read (graph rules then skip the flow).
    #[schemars(skip)]
    pub malformed: bool,
}

/// A move of a task from one queue to another.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Transition {
    /// The whole `"<from> -> <to>"` key.
    #[schemars(skip)]
    pub key: Span,
    /// The source queue, spanned inside the key.
    #[schemars(skip)]
    pub from: Spanned<String>,
    /// The target queue, spanned inside the key.
    #[schemars(skip)]
    pub to: Spanned<String>,
    /// What this transition means.
    pub description: Option<Spanned<String>>,
    /// The role that performs this transition.
    pub role: Option<Spanned<String>>,
    /// The agent that performs this transition.
    pub agent: Option<Spanned<String>>,
    /// Steps run when the transition happens, in order.
    pub runs: Option<Vec<Spanned<String>>>,
    /// Checks that must pass before the transition happens.
    pub checks: Option<Vec<Spanned<String>>>,
    /// The queue a task goes to when a check fails.
    pub on_checks_fail: Option<Spanned<String>>,
    /// Conditions that gate the transition.
    pub conditions: Option<Vec<Condition>>,
    /// What the transition does to the work item (`create`, `assign`, `progress`, `discover`,
    /// `block`, `complete`); a move into a successful terminal queue completes it.
    pub action: Option<Spanned<Capability>>,
}

impl Transition {
    /// Every queue this transition can send a task to: its target and its failure routes.
    pub fn targets(&self) -> impl Iterator<Item = &Spanned<String>> {
        let on_fail = self
            .conditions
            .iter()
            .flatten()
            .filter_map(|c| c.on_fail.as_ref());
        std::iter::once(&self.to)
            .chain(self.on_checks_fail.as_ref())
            .chain(on_fail)
    }

    /// The conditions an agent decides (`type: agent`).
    pub fn agent_conditions(&self) -> impl Iterator<Item = &Condition> {
        self.conditions
            .iter()
            .flatten()
            .filter(|c| c.decided_by_agent())
    }

    /// Who performs it: its `agent`, then the agent of each condition an agent decides.
    pub fn performing_agents(&self) -> impl Iterator<Item = &Spanned<String>> {
        let deciding = self.agent_conditions().filter_map(|c| c.agent.as_ref());
        self.agent.iter().chain(deciding)
    }
}

/// A gate on a transition.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Condition {
    /// Name of the condition.
    #[schemars(required)]
    pub name: Option<Spanned<String>>,
    /// Who decides: an agent, a script or a person.
    #[schemars(required, rename = "type")]
    pub kind: Option<Spanned<ConditionKind>>,
    /// What this condition checks.
    pub description: Option<Spanned<String>>,
    /// The agent that decides (`type: agent`).
    pub agent: Option<Spanned<String>>,
    /// The script that decides (`type: script`).
    pub script: Option<Spanned<String>>,
    /// The queue a task goes to when the condition fails.
    pub on_fail: Option<Spanned<String>>,
    /// Skip this condition.
    pub skip: Option<Spanned<bool>>,
}

impl Condition {
    /// Whether an agent must act on this condition: `type: agent` and not skipped.
    pub fn decided_by_agent(&self) -> bool {
        self.kind.as_ref().map(|k| k.value) == Some(ConditionKind::Agent)
            && !self.skip.as_ref().is_some_and(|s| s.value)
    }
}

/// Who decides a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum ConditionKind {
    Agent,
    Script,
    Manual,
}

impl ConditionKind {
    pub const ALL: [(&'static str, Self); 3] = [
        ("agent", Self::Agent),
        ("script", Self::Script),
        ("manual", Self::Manual),
    ];

    /// How the kind is spelt in YAML and JSON.
    pub fn name(self) -> &'static str {
        policy::name_in(&Self::ALL, self)
    }
}

/// Targets of `octolint gen` and their output paths (relative to the definition file).
/// A target written with no body (`python:`) uses its default path.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Generate {
    /// Server registration payloads (JSON). Default `generated/payloads/`.
    #[schemars(extend("x-nullable" = true))]
    pub payloads: Option<TargetOutput>,
    /// Python constants (`typing.Literal`, `StrEnum`). Default `generated/octolint_names.py`.
    #[schemars(extend("x-nullable" = true))]
    pub python: Option<TargetOutput>,
    /// TypeScript constants and union types. Default `generated/octolint_names.ts`.
    #[schemars(extend("x-nullable" = true))]
    pub typescript: Option<TargetOutput>,
    /// Rust enums. Default `generated/octolint_names.rs`.
    #[schemars(extend("x-nullable" = true))]
    pub rust: Option<TargetOutput>,
    /// Octopoid's native `.octopoid/` flow and agent files. Default `generated/.octopoid/`.
    #[schemars(extend("x-nullable" = true))]
    pub octopoid: Option<TargetOutput>,
    /// Mermaid state diagrams, one per flow. Default `generated/diagrams/`.
    #[schemars(extend("x-nullable" = true))]
    pub mermaid: Option<TargetOutput>,
    /// Graphviz state diagrams, one per flow. Default `generated/diagrams/`.
    #[schemars(extend("x-nullable" = true))]
    pub dot: Option<TargetOutput>,
    /// Per chain, the steps with role, tools, model, budgets and dependencies, as JSON a
    /// runner can execute. Default `generated/dispatch.json`.
    #[schemars(extend("x-nullable" = true))]
    pub dispatch: Option<TargetOutput>,
}

/// Where one target is written.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TargetOutput {
    /// Output path, relative to the definition file: a file for single-file targets, a
    /// directory for `payloads`, `octopoid`, `mermaid` and `dot`.
    pub out: Option<Spanned<String>>,
}

/// Lint settings.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Lint {
    /// Severity per rule name: `error`, `warning`, `info` or `off`.
    #[schemars(with = "std::collections::BTreeMap<String, RuleLevel>")]
    pub rules: Vec<(Spanned<String>, Spanned<RuleLevel>)>,
}

/// A rule's configured severity, or `off` to disable it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Info,
    Off,
}

impl RuleLevel {
    pub const ALL: [(&'static str, Self); 4] = [
        ("error", Self::Error),
        ("warning", Self::Warning),
        ("info", Self::Info),
        ("off", Self::Off),
    ];
}

/// Schema of a transitions mapping: `"<from> -> <to>"` keys.
struct TransitionsSchema;

impl JsonSchema for TransitionsSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Transitions".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let transition = generator.subschema_for::<Transition>();
        schemars::json_schema!({
            "description": "Transitions keyed \"<from> -> <to>\".",
            "type": "object",
            "propertyNames": {"pattern": TRANSITION_KEY_PATTERN},
            "additionalProperties": {"anyOf": [transition, {"type": "null"}]},
        })
    }
}

/// What a name must look like to become an identifier in every generated language.
pub const NAME_PATTERN: &str = "^[A-Za-z][A-Za-z0-9]*([_-][A-Za-z0-9]+)*$";
/// What a transition key must look like.
pub const TRANSITION_KEY_PATTERN: &str = r"^\s*[^\s]+\s*->\s*[^\s]+\s*$";
