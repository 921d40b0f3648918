//! The rule registry. One rule per file; each file declares its metadata and documentation with
//! `declare_rule!` (in [`crate::diagnostic`]; the doc comment is what `octolint rule NAME` prints) and, for rules that
//! read the semantic model, a `check` function.
//!
//! Structural rules (`yaml-syntax`, `duplicate-key`, `unknown-key`, `invalid-value`,
//! `missing-field`) are reported while the file is loaded and decoded; `unused-suppression`
//! is reported when suppressions are applied.

use crate::diagnostic::Diagnostic;
use crate::semantic::{Kind, Reference, Semantic};
use crate::source::SourceFile;

// The rules reported while a file is read and decoded live with the diagnostics, below the
// model that reports them; they are registered here like every other rule.
pub use crate::diagnostic::RuleMeta;
pub use crate::diagnostic::structural::{
    duplicate_key, invalid_value, missing_field, unknown_key, yaml_syntax,
};

pub mod accept_after_claim;
pub mod agent_role_changed;
pub mod agent_role_mismatch;
pub mod agent_tool_not_allowed;
pub mod budget_conflict;
pub mod chain_order;
pub mod chain_too_long;
pub mod change;
pub mod claim_from_undeclared_queue;
pub mod claim_queue_outside_default_flow;
pub mod claims_from_changed;
pub mod claims_from_terminal;
pub mod conflicting_agent_config;
pub mod conflicting_role_registration;
pub mod dead_end_queue;
pub mod flow_agent_ambiguous;
pub mod flow_agent_unmatched;
pub mod flow_removed;
pub mod forbidden_command;
pub mod interface_violation;
pub mod invalid_name;
pub mod legacy_agents_ignored;
pub mod missing_escalation;
pub mod name_collision;
pub mod no_path_to_terminal;
pub mod performer_mismatch;
pub mod queue_no_longer_terminal;
pub mod queue_removed;
pub mod reject_not_to_incoming;
pub mod repeated_role;
pub mod reviewer_write_tools;
pub mod role_queue_mismatch;
pub mod role_removed;
pub mod role_renamed;
pub mod role_without_agent;
pub mod step_tool_not_allowed;
pub mod submit_not_from_claimed;
pub mod task_blocked_by_unknown;
pub mod task_role_unclaimed;
pub mod terminal_has_exit;
pub mod transition_removed;
pub mod unclaimed_queue;
pub mod unknown_agent;
pub mod unknown_check;
pub mod unknown_model;
pub mod unknown_queue;
pub mod unknown_role;
pub mod unknown_step;
pub mod unpolled_claim_queue;
pub mod unreachable_queue;
pub mod unreviewed_build;
pub mod unused_agent;
pub mod unused_queue;
pub mod unused_role;
pub mod unused_suppression;

/// What a semantic rule reads.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    pub semantic: &'a Semantic<'a>,
}

type Check = fn(&Context, &mut Vec<Diagnostic>);

/// A registered rule: its metadata and, for semantic rules, its check.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Option<Check>,
}

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    Rule {
        meta: &yaml_syntax::YAML_SYNTAX,
        check: None,
    },
    Rule {
        meta: &duplicate_key::DUPLICATE_KEY,
        check: None,
    },
    Rule {
        meta: &unknown_key::UNKNOWN_KEY,
        check: None,
    },
    Rule {
        meta: &invalid_value::INVALID_VALUE,
        check: None,
    },
    Rule {
        meta: &missing_field::MISSING_FIELD,
        check: None,
    },
    Rule {
        meta: &invalid_name::INVALID_NAME,
        check: Some(invalid_name::check),
    },
    Rule {
        meta: &name_collision::NAME_COLLISION,
        check: Some(name_collision::check),
    },
    Rule {
        meta: &unknown_role::UNKNOWN_ROLE,
        check: Some(unknown_role::check),
    },
    Rule {
        meta: &unknown_queue::UNKNOWN_QUEUE,
        check: Some(unknown_queue::check),
    },
    Rule {
        meta: &unknown_agent::UNKNOWN_AGENT,
        check: Some(unknown_agent::check),
    },
    Rule {
        meta: &unknown_step::UNKNOWN_STEP,
        check: Some(unknown_step::check),
    },
    Rule {
        meta: &unknown_check::UNKNOWN_CHECK,
        check: Some(unknown_check::check),
    },
    Rule {
        meta: &agent_role_mismatch::AGENT_ROLE_MISMATCH,
        check: Some(agent_role_mismatch::check),
    },
    Rule {
        meta: &role_queue_mismatch::ROLE_QUEUE_MISMATCH,
        check: Some(role_queue_mismatch::check),
    },
    Rule {
        meta: &performer_mismatch::PERFORMER_MISMATCH,
        check: Some(performer_mismatch::check),
    },
    Rule {
        meta: &unreachable_queue::UNREACHABLE_QUEUE,
        check: Some(unreachable_queue::check),
    },
    Rule {
        meta: &dead_end_queue::DEAD_END_QUEUE,
        check: Some(dead_end_queue::check),
    },
    Rule {
        meta: &no_path_to_terminal::NO_PATH_TO_TERMINAL,
        check: Some(no_path_to_terminal::check),
    },
    Rule {
        meta: &unclaimed_queue::UNCLAIMED_QUEUE,
        check: Some(unclaimed_queue::check),
    },
    Rule {
        meta: &terminal_has_exit::TERMINAL_HAS_EXIT,
        check: Some(terminal_has_exit::check),
    },
    Rule {
        meta: &claims_from_terminal::CLAIMS_FROM_TERMINAL,
        check: Some(claims_from_terminal::check),
    },
    Rule {
        meta: &role_without_agent::ROLE_WITHOUT_AGENT,
        check: Some(role_without_agent::check),
    },
    Rule {
        meta: &unused_role::UNUSED_ROLE,
        check: Some(unused_role::check),
    },
    Rule {
        meta: &unused_queue::UNUSED_QUEUE,
        check: Some(unused_queue::check),
    },
    Rule {
        meta: &unused_agent::UNUSED_AGENT,
        check: Some(unused_agent::check),
    },
    // Octopoid-only rules: checked by `crate::octopoid`, never on a definition.
    Rule {
        meta: &claim_from_undeclared_queue::CLAIM_FROM_UNDECLARED_QUEUE,
        check: None,
    },
    Rule {
        meta: &unpolled_claim_queue::UNPOLLED_CLAIM_QUEUE,
        check: None,
    },
    Rule {
        meta: &flow_agent_unmatched::FLOW_AGENT_UNMATCHED,
        check: None,
    },
    Rule {
        meta: &flow_agent_ambiguous::FLOW_AGENT_AMBIGUOUS,
        check: None,
    },
    Rule {
        meta: &conflicting_agent_config::CONFLICTING_AGENT_CONFIG,
        check: None,
    },
    Rule {
        meta: &legacy_agents_ignored::LEGACY_AGENTS_IGNORED,
        check: None,
    },
    Rule {
        meta: &task_blocked_by_unknown::TASK_BLOCKED_BY_UNKNOWN,
        check: None,
    },
    Rule {
        meta: &task_role_unclaimed::TASK_ROLE_UNCLAIMED,
        check: None,
    },
    Rule {
        meta: &agent_tool_not_allowed::AGENT_TOOL_NOT_ALLOWED,
        check: Some(agent_tool_not_allowed::check),
    },
    Rule {
        meta: &step_tool_not_allowed::STEP_TOOL_NOT_ALLOWED,
        check: Some(step_tool_not_allowed::check),
    },
    Rule {
        meta: &reviewer_write_tools::REVIEWER_WRITE_TOOLS,
        check: Some(reviewer_write_tools::check),
    },
    Rule {
        meta: &interface_violation::INTERFACE_VIOLATION,
        check: Some(interface_violation::check),
    },
    Rule {
        meta: &forbidden_command::FORBIDDEN_COMMAND,
        check: Some(forbidden_command::check),
    },
    Rule {
        meta: &chain_too_long::CHAIN_TOO_LONG,
        check: Some(chain_too_long::check),
    },
    Rule {
        meta: &chain_order::CHAIN_ORDER,
        check: Some(chain_order::check),
    },
    Rule {
        meta: &unreviewed_build::UNREVIEWED_BUILD,
        check: Some(unreviewed_build::check),
    },
    Rule {
        meta: &repeated_role::REPEATED_ROLE,
        check: Some(repeated_role::check),
    },
    Rule {
        meta: &missing_escalation::MISSING_ESCALATION,
        check: Some(missing_escalation::check),
    },
    Rule {
        meta: &unknown_model::UNKNOWN_MODEL,
        check: Some(unknown_model::check),
    },
    Rule {
        meta: &budget_conflict::BUDGET_CONFLICT,
        check: Some(budget_conflict::check),
    },
    // Octopoid server rules: what the real server cannot carry out (`semantic::server`).
    Rule {
        meta: &accept_after_claim::ACCEPT_AFTER_CLAIM,
        check: Some(accept_after_claim::check),
    },
    Rule {
        meta: &submit_not_from_claimed::SUBMIT_NOT_FROM_CLAIMED,
        check: Some(submit_not_from_claimed::check),
    },
    Rule {
        meta: &reject_not_to_incoming::REJECT_NOT_TO_INCOMING,
        check: Some(reject_not_to_incoming::check),
    },
    Rule {
        meta: &claim_queue_outside_default_flow::CLAIM_QUEUE_OUTSIDE_DEFAULT_FLOW,
        check: Some(claim_queue_outside_default_flow::check),
    },
    // Checked across the definitions of one run (`check::check_together`).
    Rule {
        meta: &conflicting_role_registration::CONFLICTING_ROLE_REGISTRATION,
        check: None,
    },
    // Breaking changes compare two versions (`octolint breaking`): their checks are
    // `BREAKING`, not run on one file.
    Rule {
        meta: &role_removed::ROLE_REMOVED,
        check: None,
    },
    Rule {
        meta: &role_renamed::ROLE_RENAMED,
        check: None,
    },
    Rule {
        meta: &queue_removed::QUEUE_REMOVED,
        check: None,
    },
    Rule {
        meta: &claims_from_changed::CLAIMS_FROM_CHANGED,
        check: None,
    },
    Rule {
        meta: &transition_removed::TRANSITION_REMOVED,
        check: None,
    },
    Rule {
        meta: &flow_removed::FLOW_REMOVED,
        check: None,
    },
    Rule {
        meta: &queue_no_longer_terminal::QUEUE_NO_LONGER_TERMINAL,
        check: None,
    },
    Rule {
        meta: &agent_role_changed::AGENT_ROLE_CHANGED,
        check: None,
    },
    Rule {
        meta: &unused_suppression::UNUSED_SUPPRESSION,
        check: None,
    },
];

/// Every breaking-change check, in code order.
pub static BREAKING: &[change::BreakingCheck] = &[
    role_removed::check,
    role_renamed::check,
    queue_removed::check,
    claims_from_changed::check,
    transition_removed::check,
    flow_removed::check,
    queue_no_longer_terminal::check,
    agent_role_changed::check,
];

/// Every rule's metadata, in code order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|rule| rule.meta)
}

/// Every rule's name, in code order.
pub fn names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| all().map(|rule| rule.name).collect())
}

/// The rule a name (`unknown-role`) or a code (`OL101`, any case) stands for: users write
/// either, in suppressions, `lint.rules` and `octolint rule`.
pub fn by_name(name: &str) -> Option<&'static RuleMeta> {
    all().find(|meta| meta.is(name))
}

/// Every rule's name and code, in code order: what `lint.rules` accepts.
pub fn names_and_codes() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| all().flat_map(|rule| [rule.name, rule.code]).collect())
}

/// Runs every semantic rule.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for rule in RULES {
        if let Some(check) = rule.check {
            check(cx, out);
        }
    }
}

/// Reports every reference of `kind` to an undefined name, with a ranked did-you-mean.
/// `skip` lets a more specific rule claim a reference (an agent form of a role, say).
fn report_unknown(
    cx: &Context,
    kind: Kind,
    rule: &'static RuleMeta,
    out: &mut Vec<Diagnostic>,
    skip: impl Fn(&Reference) -> bool,
) {
    let mut known: Option<Vec<&str>> = None;
    for reference in &cx.semantic.references {
        if reference.kind != kind
            || cx.semantic.is_defined(kind, reference.name.as_str())
            || skip(reference)
        {
            continue;
        }
        let known = known.get_or_insert_with(|| cx.semantic.names(kind));
        let name = reference.name.as_str();
        let noun = kind.noun();
        let candidates = cx.semantic.suggestions(kind, name);
        let mut diagnostic = Diagnostic::new(
            rule,
            reference.name.span.clone(),
            format!("unknown {noun} `{name}`{}", site_phrase(reference)),
        )
        .label(format!("no {noun} is named `{name}`"))
        .did_you_mean(&candidates);
        if candidates.is_empty() {
            let section = match kind {
                Kind::Role => "roles",
                Kind::Queue => "queues",
                Kind::Agent => "agents",
                Kind::Step => "steps",
                Kind::Check => "checks",
                Kind::Flow => "flows",
                Kind::Chain => "chains",
            };
            diagnostic = diagnostic.help(if known.is_empty() {
                format!("define `{name}` under `{section}:`")
            } else if known.len() <= 12 {
                format!(
                    "define `{name}` under `{section}:`, or use one of: {}",
                    known.join(", ")
                )
            } else {
                format!("define `{name}` under `{section}:`")
            });
        }
        out.push(diagnostic);
    }
}

fn site_phrase(reference: &Reference) -> String {
    use crate::semantic::Site;
    let owner = reference.owner.map_or("", |o| o.as_str());
    match reference.site {
        Site::AgentRole => format!(": agent `{owner}` is bound to it"),
        Site::ClaimsFrom => format!(": role `{owner}` claims from it"),
        Site::FlowInitial => ": the flow starts in it".to_string(),
        Site::TransitionFrom | Site::TransitionTo => " in a transition".to_string(),
        Site::TransitionRole => ": it performs this transition".to_string(),
        Site::TransitionAgent => ": it performs this transition".to_string(),
        Site::ConditionAgent => ": it decides this condition".to_string(),
        Site::OnChecksFail => " in `on_checks_fail`".to_string(),
        Site::OnFail => " in `on_fail`".to_string(),
        Site::Runs => ": it is not listed under `steps`".to_string(),
        Site::Checks => ": it is not listed under `checks`".to_string(),
        Site::ChainRole => format!(": chain `{owner}` hands work to it"),
        Site::EscalationTarget if owner.is_empty() => {
            ": the default escalation route sends work to it".to_string()
        }
        Site::EscalationTarget => format!(": role `{owner}` escalates to it"),
    }
}
