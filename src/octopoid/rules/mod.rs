//! The Octopoid provider's rules: octolint's own rules applied with Octopoid's runtime
//! semantics (`roles`, `graph`, `server`, `tasks`), then the rules only an Octopoid project has
//! (OL5xx), one file each, registered below one line per rule.

use super::load::{Context, Findings};
use super::{graph, roles, server, tasks};
use crate::diagnostic::RuleMeta;

/// A check over a whole loaded project; findings go to the file that causes them.
pub type Check = fn(&Context, &mut Findings);

/// An Octopoid-only rule: its metadata and its check.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

/// Declares the Octopoid-only rules, one line per rule in code order: the module and the
/// rule's static; the module's `check` runs it.
macro_rules! provider_rules {
    ($($module:ident: $meta:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// The Octopoid-only rules, in code order.
        pub static RULES: &[Rule] = &[$(Rule { meta: &$module::$meta, check: $module::check }),*];
    };
}

provider_rules! {
    claim_from_undeclared_queue: CLAIM_FROM_UNDECLARED_QUEUE,
    unpolled_claim_queue: UNPOLLED_CLAIM_QUEUE,
    flow_agent_unmatched: FLOW_AGENT_UNMATCHED,
    flow_agent_ambiguous: FLOW_AGENT_AMBIGUOUS,
    conflicting_agent_config: CONFLICTING_AGENT_CONFIG,
    legacy_agents_ignored: LEGACY_AGENTS_IGNORED,
    task_blocked_by_unknown: TASK_BLOCKED_BY_UNKNOWN,
    task_role_unclaimed: TASK_ROLE_UNCLAIMED,
}

/// octolint's own rules that apply to an Octopoid project, with Octopoid's semantics.
const CORE: &[Check] = &[tasks::check, roles::check, graph::check, server::check];

/// Runs every rule on a loaded project.
pub fn run(native: &Context) -> Findings {
    let mut findings = Findings::default();
    for check in CORE.iter().chain(RULES.iter().map(|rule| &rule.check)) {
        check(native, &mut findings);
    }
    findings
}
