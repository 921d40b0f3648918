//! Role policy: what each role may do (tools, interface, forbidden commands, budgets, escalation
//! routes), the steps' needs, and chains of roles with their handoffs.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{NameMap, Spanned};

/// The name a value is written as, from its type's table of names (`ALL`).
pub(crate) fn name_in<T: PartialEq + Copy>(table: &[(&'static str, T)], value: T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(name, _)| name)
}

/// Project-wide policy settings and defaults.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Policy {
    /// The models agents and roles may use; when set, any other `model` is an error.
    #[schemars(example = vec!["haiku", "sonnet", "opus"])]
    pub models: Option<Vec<Spanned<String>>>,
    /// Tools that change files; a reviewing role holding one gets a least-privilege warning.
    /// Defaults to `Write`, `Edit`, `MultiEdit` and `NotebookEdit`.
    pub write_tools: Option<Vec<Spanned<String>>>,
    /// The tools of a role that lists none: least privilege by default. Defaults to `Read`,
    /// `Glob` and `Grep`.
    pub read_only_tools: Option<Vec<Spanned<String>>>,
    /// The longest chain of roles before it should be split. Defaults to 7.
    #[schemars(range(min = 1))]
    pub max_chain_length: Option<Spanned<u64>>,
    /// Budgets for roles that do not set their own.
    pub defaults: Option<Budget>,
    /// The project's escalation routes, by reason (`blocked`, `rejected`, `default`, or any
    /// reason a runner reports): what a role does not route itself goes here. A single route
    /// (`{to: ..., recovery: ...}`) is the `default` route.
    #[schemars(with = "EscalationTableSchema")]
    pub escalation: NameMap<Route>,
    /// Whether every chain that builds must test what it built: a role of `kind: test` after
    /// its last building role (`untested-build`). Defaults to `false`.
    pub require_tests: Option<Spanned<bool>>,
    /// The longest chain that may run without an orchestrating role (`kind: orchestrate` or
    /// `interface: orchestrate`) to sequence it (`unorchestrated-chain`). Defaults to 5.
    #[schemars(range(min = 1))]
    pub orchestrate_above: Option<Spanned<u64>>,
}

/// The tools of a role that lists none, unless `policy.read_only_tools` says otherwise.
pub const DEFAULT_READ_ONLY_TOOLS: [&str; 3] = ["Read", "Glob", "Grep"];

impl Policy {
    /// The tools a role that lists none holds.
    pub fn read_only_tools(policy: Option<&Self>) -> Vec<&str> {
        match policy.and_then(|p| p.read_only_tools.as_ref()) {
            Some(tools) => tools.iter().map(Spanned::as_str).collect(),
            None => DEFAULT_READ_ONLY_TOOLS.to_vec(),
        }
    }
}

/// Which files a role may change. Globs use `*`, `?` and `**`, relative to the repository.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FileScope {
    /// Globs of the files the role may change; when set, nothing else.
    pub writable: Option<Vec<Spanned<String>>>,
    /// Globs of files the role must not change, even inside `writable`.
    pub read_only: Option<Vec<Spanned<String>>>,
    /// The most lines a file the role writes may have: for the runner to enforce.
    #[schemars(range(min = 1))]
    pub max_file_lines: Option<Spanned<u64>>,
}

/// What a role may return when it finishes a piece of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum Verdict {
    /// The work is done as asked.
    Accept,
    /// Done, with notes for the next role.
    AcceptWithNotes,
    /// Turned back: routed by the role's `rejected` escalation route.
    Reject,
    /// The role cannot go on: routed by its `blocked` escalation route.
    Blocked,
}

impl Verdict {
    pub const ALL: [(&'static str, Self); 4] = [
        ("accept", Self::Accept),
        ("accept-with-notes", Self::AcceptWithNotes),
        ("reject", Self::Reject),
        ("blocked", Self::Blocked),
    ];

    pub fn name(self) -> &'static str {
        name_in(&Self::ALL, self)
    }
}

/// Model and limits for a role's work.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Budget {
    /// Model to run on; one of `policy.models`.
    #[schemars(example = &"sonnet")]
    pub model: Option<Spanned<String>>,
    /// Maximum conversation turns per task.
    #[schemars(range(min = 1))]
    pub max_turns: Option<Spanned<u64>>,
    /// Maximum spend per task, in US dollars.
    #[schemars(range(min = 0.0))]
    pub max_spend: Option<Spanned<f64>>,
    /// Time limit per task: seconds, or a duration such as `90s`, `30m` or `2h`.
    #[schemars(with = "Option<DurationSchema>")]
    pub timeout: Option<Spanned<u64>>,
}

/// Which side of an orchestrator/worker split a role is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum Interface {
    /// Creates, assigns and discovers work; does not complete it.
    Orchestrate,
    /// Progresses and completes the work it is given.
    Worker,
}

impl Interface {
    pub const ALL: [(&'static str, Self); 2] =
        [("orchestrate", Self::Orchestrate), ("worker", Self::Worker)];

    pub fn name(self) -> &'static str {
        name_in(&Self::ALL, self)
    }

    /// What a role on this side may do when it lists no capabilities of its own.
    pub fn capabilities(self) -> &'static [Capability] {
        match self {
            Self::Orchestrate => &[
                Capability::Create,
                Capability::Assign,
                Capability::Discover,
                Capability::Block,
            ],
            Self::Worker => &[
                Capability::Progress,
                Capability::Complete,
                Capability::Block,
            ],
        }
    }
}

/// Something a role may do to a work item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum Capability {
    Create,
    Assign,
    Progress,
    Discover,
    Block,
    Complete,
}

impl Capability {
    pub const ALL: [(&'static str, Self); 6] = [
        ("create", Self::Create),
        ("assign", Self::Assign),
        ("progress", Self::Progress),
        ("discover", Self::Discover),
        ("block", Self::Block),
        ("complete", Self::Complete),
    ];

    pub fn name(self) -> &'static str {
        name_in(&Self::ALL, self)
    }

    /// Orchestrator actions: a worker doing one of these is mixing the two interfaces.
    pub fn is_orchestration(self) -> bool {
        matches!(self, Self::Create | Self::Assign | Self::Discover)
    }
}

/// What kind of work a role does, for the chain and least-privilege rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum RoleKind {
    /// Plans work.
    Plan,
    /// Changes the code or artifact (code, refactor).
    Build,
    /// Checks what a builder produced and fixes what it finds in the same pass (a linter that
    /// applies its fixes): it may hold write tools, and it checks the build before it.
    Fix,
    /// Tests what a builder produced (writes and runs tests).
    Test,
    /// Reviews what a builder produced and reports; changes nothing (review, lint).
    Review,
    /// Runs or deploys what was built.
    Execute,
    /// Coordinates other roles.
    Orchestrate,
}

impl RoleKind {
    pub const ALL: [(&'static str, Self); 7] = [
        ("plan", Self::Plan),
        ("build", Self::Build),
        ("fix", Self::Fix),
        ("test", Self::Test),
        ("review", Self::Review),
        ("execute", Self::Execute),
        ("orchestrate", Self::Orchestrate),
    ];

    pub fn name(self) -> &'static str {
        name_in(&Self::ALL, self)
    }
}

/// How blocked or rejected work recovers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum Recovery {
    Retry,
    Revise,
    Review,
    Split,
    Reroute,
    AddRole,
}

impl Recovery {
    pub const ALL: [(&'static str, Self); 6] = [
        ("retry", Self::Retry),
        ("revise", Self::Revise),
        ("review", Self::Review),
        ("split", Self::Split),
        ("reroute", Self::Reroute),
        ("add-role", Self::AddRole),
    ];

    pub fn name(self) -> &'static str {
        name_in(&Self::ALL, self)
    }
}

/// A role's budgets with the project's `policy.defaults` filling what the role leaves open:
/// what its agents run with unless they set their own.
pub struct RoleBudget<'a> {
    pub model: Option<&'a Spanned<String>>,
    pub max_turns: Option<&'a Spanned<u64>>,
    pub max_spend: Option<&'a Spanned<f64>>,
    pub timeout: Option<&'a Spanned<u64>>,
}

impl<'a> RoleBudget<'a> {
    /// `role`: the role, if there is one and it is defined.
    pub fn of(role: Option<&'a super::Role>, defaults: Option<&'a Budget>) -> Self {
        Self {
            model: role
                .and_then(|r| r.model.as_ref())
                .or(defaults.and_then(|d| d.model.as_ref())),
            max_turns: role
                .and_then(|r| r.max_turns.as_ref())
                .or(defaults.and_then(|d| d.max_turns.as_ref())),
            max_spend: role
                .and_then(|r| r.max_spend.as_ref())
                .or(defaults.and_then(|d| d.max_spend.as_ref())),
            timeout: role
                .and_then(|r| r.timeout.as_ref())
                .or(defaults.and_then(|d| d.timeout.as_ref())),
        }
    }
}

/// `to: producer`: the role of the chain step that produced the work being escalated.
pub const PRODUCER: &str = "producer";

/// Schema of `policy.escalation`: one route (the default), or routes by reason.
pub struct EscalationTableSchema;

impl JsonSchema for EscalationTableSchema {
    fn schema_name() -> Cow<'static, str> {
        "EscalationTable".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let route = generator.subschema_for::<Route>();
        json_schema!({
            "description": "One route, the default for every reason; or routes by reason (`blocked`, `rejected`, `default`, or any reason a runner reports).",
            "anyOf": [
                route,
                {"type": "object", "additionalProperties": route},
                {"type": "null"},
            ],
        })
    }
}

/// Where blocked or rejected work goes.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Route {
    /// The role that takes the work over, or `producer`: the role of the chain step that
    /// produced the work (what a rejection sends back).
    #[schemars(required)]
    pub to: Option<Spanned<String>>,
    /// How the work recovers.
    #[schemars(required)]
    pub recovery: Option<Spanned<Recovery>>,
    /// What the blocked role must provide so the target can unblock it.
    pub artifact: Option<Spanned<String>>,
}

/// A registered step: what it needs to run.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Step {
    /// What the step does.
    pub description: Option<Spanned<String>>,
    /// Tools the performing role must hold.
    pub tools: Option<Vec<Spanned<String>>>,
    /// Commands the step runs (checked against roles' `forbidden_commands`).
    pub commands: Option<Vec<Spanned<String>>>,
    /// Files the step changes: paths or globs, checked against the `files` of the roles
    /// that run it.
    pub writes: Option<Vec<Spanned<String>>>,
}

/// The step registry: a list of names, or a mapping of names to what each step needs.
#[derive(Debug, Clone, Default)]
pub struct StepRegistry(pub NameMap<Step>);

impl StepRegistry {
    pub fn iter(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.0.iter().map(|step| &step.name)
    }

    pub fn get(&self, name: &str) -> Option<&Step> {
        self.0.get(name).map(|step| &step.value)
    }
}

impl<'a> IntoIterator for &'a StepRegistry {
    type Item = &'a Spanned<String>;
    type IntoIter = Box<dyn Iterator<Item = &'a Spanned<String>> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl JsonSchema for StepRegistry {
    fn schema_name() -> Cow<'static, str> {
        "StepRegistry".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let step = generator.subschema_for::<Step>();
        json_schema!({
            "description": "Step names, or a mapping of step names to the tools and commands each needs.",
            "anyOf": [
                {"type": "array", "items": {"type": "string", "pattern": super::NAME_PATTERN}},
                {
                    "type": "object",
                    "propertyNames": {"pattern": super::NAME_PATTERN},
                    "additionalProperties": {"anyOf": [step, {"type": "null"}]},
                },
            ],
        })
    }
}

/// An ordered hand-off of work from role to role.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Chain {
    /// What this chain is for.
    pub description: Option<Spanned<String>>,
    /// The roles in order, each with what it needs and what it hands to the next.
    #[schemars(required)]
    pub steps: Option<Vec<ChainStep>>,
    /// Artifacts the chain is given from outside (a ticket, a pull request to review): a
    /// step may need them though no step hands them off.
    pub inputs: Option<Vec<Spanned<String>>>,
}

/// One role's turn in a chain.
#[derive(Debug, Clone, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ChainStep {
    /// The role that does this part.
    #[schemars(required)]
    pub role: Option<Spanned<String>>,
    /// What this part is.
    pub description: Option<Spanned<String>>,
    /// Artifacts this role needs from earlier roles.
    pub needs: Option<Vec<Spanned<String>>>,
    /// The artifact this role hands to the next.
    pub hands_off: Option<Spanned<String>>,
    /// Steps this role runs (checked against its tools and forbidden commands).
    pub runs: Option<Vec<Spanned<String>>>,
    /// Whether a person approves the work before this step starts.
    pub checkpoint: Option<Spanned<bool>>,
}

/// Schema of a duration: whole seconds, or a number with `s`, `m` or `h`.
pub struct DurationSchema;

impl JsonSchema for DurationSchema {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Seconds, or a duration such as `90s`, `30m` or `2h`.",
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": DURATION_PATTERN},
            ],
            "examples": ["30m"],
        })
    }
}

/// What a duration string must look like.
pub const DURATION_PATTERN: &str = "^[1-9][0-9]*[smh]$";

/// Seconds in a duration written `90s`, `30m` or `2h` (`None` when malformed or zero): exactly
/// what [`DURATION_PATTERN`] accepts, so the schema and the checks agree.
pub fn parse_duration(text: &str) -> Option<u64> {
    // The unit is one ASCII letter; splitting before checking it could cut a character.
    let (number, unit) = text.split_at_checked(text.len().checked_sub(1)?)?;
    let factor = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return None,
    };
    // `u64::from_str` also takes `+5`; the pattern allows only digits without a leading zero.
    if !number.bytes().all(|b| b.is_ascii_digit()) || number.starts_with('0') {
        return None;
    }
    let value: u64 = number.parse().ok()?;
    value.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Some(90));
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("2h"), Some(7200));
        assert_eq!(parse_duration("0m"), None);
        assert_eq!(parse_duration("5d"), None);
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration(""), None);
        // Found by fuzzing: a multi-byte last character is not a unit, not a panic.
        assert_eq!(parse_duration("1Љ"), None);
        assert_eq!(parse_duration("Љ"), None);
        assert_eq!(parse_duration("+5m"), None);
        assert_eq!(parse_duration("05m"), None);
        assert_eq!(parse_duration("99999999999999999999h"), None);
    }
}
