//! `unmet-need`: a chain step needs an artifact that nothing hands it.

use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an artifact a chain step `needs` when no step of the chain hands it off and the
    /// chain does not list it among its `inputs` (what it is given from outside: a ticket, a
    /// pull request to review). An artifact that a later step hands off is `chain-order`'s
    /// finding instead.
    ///
    /// ## Why is this bad?
    /// The step starts without what it needs: it stalls and escalates as blocked, or guesses.
    /// Usually the artifact's name is misspelt, or the role that produces it is missing from
    /// the chain.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {code: {}, review: {}}
    /// chains:
    ///   feature:
    ///     steps:
    ///       - {role: code, needs: [spec], hands_off: patch}
    ///       - {role: review, needs: [patch]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {code: {}, review: {}}
    /// chains:
    ///   feature:
    ///     inputs: [spec]
    ///     steps:
    ///       - {role: code, needs: [spec], hands_off: patch}
    ///       - {role: review, needs: [patch]}
    /// ```
    UNMET_NEED = ("OL613", "unmet-need", Error, "A chain step needs an artifact nothing hands it");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for chain in cx.semantic.def.chains.iter() {
        let steps = chain.value.steps.as_deref().unwrap_or_default();
        let inputs = chain.value.inputs.as_deref().unwrap_or_default();
        let produced: Vec<&str> = steps
            .iter()
            .filter_map(|s| s.hands_off.as_ref().map(|h| h.as_str()))
            .collect();
        for step in steps {
            for need in step.needs.iter().flatten() {
                let name = need.as_str();
                if produced.contains(&name) || inputs.iter().any(|i| i.value == name) {
                    continue;
                }
                let known: Vec<&str> = produced
                    .iter()
                    .copied()
                    .chain(inputs.iter().map(|i| i.as_str()))
                    .collect();
                let role = step.role.as_ref().map_or("?", |r| r.as_str());
                let candidates = crate::suggest::suggestions(name, known.iter().copied());
                let mut diagnostic = Diagnostic::new(
                    &UNMET_NEED,
                    need.span.clone(),
                    format!(
                        "in chain `{}`, role `{role}` needs `{name}`, which no step hands off and the chain is not given",
                        chain.name.value
                    ),
                )
                .label("nothing hands this off")
                .did_you_mean(&candidates);
                if candidates.is_empty() {
                    diagnostic = diagnostic.help(format!(
                        "add the role that produces `{name}` before role `{role}`, or list `{name}` under the chain's `inputs:` if it comes from outside"
                    ));
                }
                out.push(diagnostic);
            }
        }
    }
}
