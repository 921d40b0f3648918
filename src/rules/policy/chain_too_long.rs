//! `chain-too-long`: a chain of more steps than `policy.max_chain_length`.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a chain with more steps than `policy.max_chain_length` (default 7).
    ///
    /// ## Why is this bad?
    /// Every hand-off loses context and adds a place to fail; long chains are slow, expensive
    /// and hard to recover when a middle step is rejected. Split them into chains that hand off
    /// a reviewed artifact.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// policy: {max_chain_length: 2}
    /// roles: {plan: {}, code: {}, review: {}}
    /// chains:
    ///   feature:
    ///     steps: [{role: plan}, {role: code}, {role: review}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// policy: {max_chain_length: 3}
    /// roles: {plan: {}, code: {}, review: {}}
    /// chains:
    ///   feature:
    ///     steps: [{role: plan}, {role: code}, {role: review}]
    /// ```
    CHAIN_TOO_LONG = ("OL606", "chain-too-long", Warning, "A chain is longer than the policy allows");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let max = cx.semantic.max_chain_length();
    for chain in cx.semantic.def.chains.iter() {
        let length = chain.value.steps.as_ref().map_or(0, Vec::len) as u64;
        if length <= max {
            continue;
        }
        out.push(
            Diagnostic::new(
                &CHAIN_TOO_LONG,
                chain.name.span.clone(),
                format!(
                    "chain `{}` has {length} steps, more than the {max} allowed",
                    chain.name.value
                ),
            )
            .label("too long")
            .help("split it into chains that hand off a reviewed artifact, or raise `policy.max_chain_length`"),
        );
    }
}
