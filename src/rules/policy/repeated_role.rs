//! `repeated-role`: the same role twice in a row in a chain.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a chain step whose role is the same as the step before it.
    ///
    /// ## Why is this bad?
    /// A role handing off to itself is one step split in two: the hand-off costs context and
    /// budget and adds nothing a longer turn would not. Usually a different role was meant.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {code: {}, review: {}}
    /// chains:
    ///   feature:
    ///     steps: [{role: code}, {role: code}, {role: review}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {code: {}, review: {}}
    /// chains:
    ///   feature:
    ///     steps: [{role: code}, {role: review}]
    /// ```
    REPEATED_ROLE = ("OL609", "repeated-role", Warning, "The same role twice in a row in a chain");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for chain in cx.semantic.def.chains.iter() {
        let steps = chain.value.steps.as_deref().unwrap_or_default();
        for pair in steps.windows(2) {
            let (Some(before), Some(after)) = (&pair[0].role, &pair[1].role) else {
                continue;
            };
            if before.value != after.value {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &REPEATED_ROLE,
                    after.span.clone(),
                    format!(
                        "in chain `{}`, role `{}` hands off to itself",
                        chain.name.value, after.value
                    ),
                )
                .label("same role again")
                .related(before.span.clone(), "the step before")
                .help("merge the two steps, or hand off to the role that was meant"),
            );
        }
    }
}
