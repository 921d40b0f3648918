//! `unorchestrated-chain`: a long chain with no role to sequence it.

use crate::diagnostic::Diagnostic;
use crate::model::{Interface, RoleKind};
use crate::rules::Context;

/// The longest chain that needs no orchestrating role unless `policy.orchestrate_above` says.
pub const DEFAULT_ORCHESTRATE_ABOVE: u64 = 5;

declare_rule! {
    /// ## What it does
    /// Reports a chain of more steps than `policy.orchestrate_above` (by default 5) none of
    /// whose roles orchestrates (`kind: orchestrate` or `interface: orchestrate`). The finding
    /// is at the chain's name. A chain longer than `policy.max_chain_length` is
    /// `chain-too-long`'s to report: it is to be split, not sequenced.
    ///
    /// ## Why is this bad?
    /// In a long chain, blocked and rejected work, reordering and re-staffing need an owner:
    /// the escalation routes of role-based runners send such work to the orchestrating role,
    /// and without one it stalls between roles.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// policy: {orchestrate_above: 2}
    /// roles: {plan: {}, code: {}, review: {}}
    /// chains:
    ///   feature:
    ///     steps: [{role: plan}, {role: code}, {role: review}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// policy: {orchestrate_above: 2}
    /// roles: {lead: {kind: orchestrate}, plan: {}, code: {}, review: {}}
    /// chains:
    ///   feature:
    ///     steps: [{role: lead}, {role: plan}, {role: code}, {role: review}]
    /// ```
    UNORCHESTRATED_CHAIN = ("OL617", "unorchestrated-chain", Warning, "A long chain has no orchestrating role");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let policy = cx.semantic.def.policy.as_ref();
    let limit = policy
        .and_then(|p| p.orchestrate_above.as_ref())
        .map_or(DEFAULT_ORCHESTRATE_ABOVE, |l| l.value);
    let longest = cx.semantic.max_chain_length();
    for chain in cx.semantic.def.chains.iter() {
        let steps = chain.value.steps.as_deref().unwrap_or_default();
        let length = steps.len() as u64;
        if length <= limit || length > longest {
            continue;
        }
        let orchestrated = steps.iter().filter_map(|s| s.role.as_ref()).any(|r| {
            cx.semantic.roles.get(r.as_str()).is_some_and(|role| {
                role.value.kind.as_ref().is_some_and(|k| k.value == RoleKind::Orchestrate)
                    || role
                        .value
                        .interface
                        .as_ref()
                        .is_some_and(|i| i.value == Interface::Orchestrate)
            })
        });
        if orchestrated {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNORCHESTRATED_CHAIN,
                chain.name.span.clone(),
                format!(
                    "chain `{}` has {} steps and no orchestrating role to sequence them (more than {limit} need one)",
                    chain.name.value,
                    steps.len()
                ),
            )
            .label("no orchestrator")
            .help("add a role of `kind: orchestrate` (or `interface: orchestrate`) to the chain, or split it"),
        );
    }
}
