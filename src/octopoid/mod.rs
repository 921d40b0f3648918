//! Octopoid's own configuration, checked as it is and imported into one definition.
//!
//! An Octopoid project keeps its configuration in a `.octopoid/` directory: `config.yaml`,
//! `agents.yaml`, `agents/<name>/agent.yaml`, `flows/<name>.yaml` and `jobs.yaml`, plus task
//! files in markdown. [`load`] reads every one of them with its own
//! [`SourceFile`](crate::source::SourceFile) and spanned tree; [`rules`] applies octolint's
//! rules with Octopoid's runtime semantics, and the rules only a project has, so each finding
//! points into the file that causes it; [`import`] writes the equivalent `octolint.yaml`.
//! The pipeline above this provider runs the two and applies levels and suppressions.
//!
//! The pipeline: `project` (discovery and loading; YAML is read the way Octopoid's
//! `yaml.safe_load` does, through the model's reader in its Python mode) → `agents`, `flows`,
//! `tasks`, `settings` (typed, spanned views of each file kind) → `load` (the decoded project
//! and [`Context`], what rules read) → `rules` (`roles`, `graph` and `tasks` apply octolint's
//! rules with Octopoid's semantics; the Octopoid-only rules are files of `rules/`) and
//! `import`; `names` records where each agent, role and flow name is written, for the editor.
//! See `docs/octopoid.md`.

mod agents;
mod flows;
mod graph;
mod import;
mod load;
mod names;
mod project;
mod roles;
pub mod rules;
mod server;
mod settings;
mod tasks;

pub use agents::{AgentConfig, Agents, Field, LegacyBlock, Shape};
pub use flows::{FlowFile, FlowUnit};
pub use import::{IMPORTED_AS, Import, import};
pub use load::{Context, Findings, Project, load};
pub use names::{NameKind, NameUse, name_at, name_uses};
pub use project::{FileKind, ProjectFile, Sources, find_root, kind_of};
pub use settings::{Config, Job};
pub use tasks::Task;

use std::collections::HashMap;
use std::path::PathBuf;

/// What to check besides the `.octopoid/` files.
#[derive(Debug, Clone, Default)]
pub struct ProjectOptions {
    /// Task files to check: files, directories (every `*.md` below them) or glob patterns
    /// (`*`, `?` and `**`), relative to the current directory.
    pub tasks: Vec<PathBuf>,
    /// The task roles agents must match, overriding every other source.
    pub task_roles: Option<Vec<String>>,
    /// Texts to read instead of the disk, by path: files open (and maybe unsaved) in an editor.
    pub unsaved: HashMap<PathBuf, String>,
}

/// Where the task roles came from, in order of precedence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskRolesSource {
    /// [`ProjectOptions::task_roles`] (`--task-roles`).
    Override,
    /// The roles of an `octolint.yaml` beside `.octopoid/`.
    Definition(PathBuf),
    /// The `ROLE:` lines of this many task files.
    TaskFiles(usize),
    /// Octopoid's known task roles, [`KNOWN_TASK_ROLES`].
    Known,
}

impl TaskRolesSource {
    /// A phrase for messages and output: "the roles of octolint.yaml".
    pub fn describe(&self) -> String {
        match self {
            Self::Override => "the task roles given on the command line".to_string(),
            Self::Definition(path) => format!("the roles of {}", path.display()),
            Self::TaskFiles(1) => "the ROLE of the task file".to_string(),
            Self::TaskFiles(n) => format!("the ROLE lines of {n} task files"),
            Self::Known => "Octopoid's known task roles".to_string(),
        }
    }
}

/// The task roles of the server's `TaskRole` type, used when nothing else says.
pub const KNOWN_TASK_ROLES: [&str; 6] = [
    "implement",
    "breakdown",
    "test",
    "review",
    "fix",
    "research",
];

/// States that exist without any flow declaring them: the server requires the same queues a
/// definition has built in.
pub use crate::model::BUILTIN_QUEUES;
/// States the runtime moves tasks into by itself (continuation, first failure).
pub use crate::semantic::server::RUNTIME_QUEUES;
/// Octopoid's terminal states (`config.TERMINAL_QUEUES`).
pub const TERMINAL_QUEUES: [&str; 5] = ["done", "failed", "rejected", "escalated", "recycled"];
/// The fixer's pseudo-queue: tasks flagged `needs_intervention`, in whatever state.
pub use crate::semantic::server::INTERVENTION_PSEUDO_QUEUE as INTERVENTION;
/// The queues the server's scheduler poll counts; an agent claiming from any other sees 0.
pub const POLLED_QUEUES: [&str; 3] = ["incoming", "claimed", "provisional"];
/// The states of the flow `octopoid init` writes, assumed when a project has no flows.
pub const DEFAULT_FLOW_STATES: [&str; 5] = ["incoming", "claimed", "provisional", "done", "failed"];
/// The queue an agent claims from unless `claim_from` says otherwise.
pub const DEFAULT_CLAIM_QUEUE: &str = "incoming";

/// Step names Octopoid's step registry knows.
pub const STEPS: [&str; 12] = [
    "post_review_comment",
    "merge_pr",
    "reject_with_feedback",
    "push_branch",
    "run_tests",
    "create_pr",
    "rebase_on_base",
    "rebase_on_project_branch",
    "create_project_pr",
    "update_changelog",
    "aggregate_child_changes",
    "merge_project_pr",
];
/// Registered steps that do nothing any more.
pub const DEPRECATED_STEPS: [&str; 1] = ["submit_to_server"];
/// Check names Octopoid's check registry knows.
pub const CHECKS: [&str; 1] = ["check_ci"];

/// Whether Octopoid treats `queue` as terminal.
pub fn is_terminal(queue: &str) -> bool {
    TERMINAL_QUEUES.contains(&queue)
}
