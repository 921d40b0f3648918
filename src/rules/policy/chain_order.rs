//! `chain-order`: a role comes before the role that produces what it needs.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// In a chain, reports a step that `needs` an artifact which only a later step `hands_off`.
    ///
    /// ## Why is this bad?
    /// The role starts without its input: it either stalls, or invents what it was meant to
    /// receive.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {plan: {}, code: {}}
    /// chains:
    ///   feature:
    ///     steps:
    ///       - {role: code, needs: [plan], hands_off: patch}
    ///       - {role: plan, hands_off: plan}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {plan: {}, code: {}}
    /// chains:
    ///   feature:
    ///     steps:
    ///       - {role: plan, hands_off: plan}
    ///       - {role: code, needs: [plan], hands_off: patch}
    /// ```
    CHAIN_ORDER = ("OL607", "chain-order", Warning, "A role comes before the role that produces what it needs");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for chain in cx.semantic.def.chains.iter() {
        let steps = chain.value.steps.as_deref().unwrap_or_default();
        for (at, step) in steps.iter().enumerate() {
            for need in step.needs.iter().flatten() {
                let produced_before = steps[..at]
                    .iter()
                    .any(|s| s.hands_off.as_ref().is_some_and(|h| h.value == need.value));
                if produced_before {
                    continue;
                }
                let Some((later, producer)) =
                    steps[at + 1..].iter().enumerate().find_map(|(i, s)| {
                        Some((i, s.hands_off.as_ref().filter(|h| h.value == need.value)?))
                    })
                else {
                    continue;
                };
                let role = step.role.as_ref().map_or("?", |r| r.as_str());
                let producer_role = steps[at + 1 + later]
                    .role
                    .as_ref()
                    .map_or("?", |r| r.as_str());
                out.push(
                    Diagnostic::new(
                        &CHAIN_ORDER,
                        need.span.clone(),
                        format!(
                            "in chain `{}`, role `{role}` needs `{}`, which role `{producer_role}` hands off only later",
                            chain.name.value, need.value
                        ),
                    )
                    .label("needed before it is produced")
                    .related(producer.span.clone(), "produced here")
                    .help(format!("move role `{producer_role}` before role `{role}`")),
                );
            }
        }
    }
}
