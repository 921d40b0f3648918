//! `redundant-roles`: two roles in one chain do the same job.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::model::Spanned;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a chain step whose role is a different role of the same `kind` as an earlier
    /// step's, needing the same artifacts and handing off the same one: the same job from the
    /// same inputs. A role that revises an artifact from what came after it (a refactor after
    /// the lint report) needs more than the first, and is not reported.
    ///
    /// ## Why is this bad?
    /// Two roles producing the same thing the same way is one job staffed twice: the chain
    /// pays for it twice, and the second overwrites or second-guesses the first. (The same
    /// role twice in a row is `repeated-role`.)
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   backend: {kind: build}
    ///   fullstack: {kind: build}
    ///   review: {kind: review}
    /// chains:
    ///   feature:
    ///     steps:
    ///       - {role: backend, hands_off: patch}
    ///       - {role: fullstack, hands_off: patch}
    ///       - {role: review, needs: [patch]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   backend: {kind: build}
    ///   review: {kind: review}
    /// chains:
    ///   feature:
    ///     steps:
    ///       - {role: backend, hands_off: patch}
    ///       - {role: review, needs: [patch]}
    /// ```
    REDUNDANT_ROLES = ("OL616", "redundant-roles", Warning, "Two roles in one chain do the same job");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for chain in cx.semantic.def.chains.iter() {
        let steps = chain.value.steps.as_deref().unwrap_or_default();
        for (at, step) in steps.iter().enumerate() {
            let (Some(role), Some(artifact)) = (&step.role, &step.hands_off) else {
                continue;
            };
            let Some(kind) = cx.semantic.kind_of(role.as_str()) else {
                continue;
            };
            let earlier = steps[..at].iter().find(|s| {
                s.role.as_ref().is_some_and(|r| {
                    r.value != role.value && cx.semantic.kind_of(r.as_str()) == Some(kind)
                }) && s.hands_off.as_ref().is_some_and(|h| h.value == artifact.value)
                    && same_names(s.needs.as_deref(), step.needs.as_deref())
            });
            let Some(earlier) = earlier else {
                continue;
            };
            let first = earlier.role.as_ref().expect("matched on its role");
            out.push(
                Diagnostic::new(
                    &REDUNDANT_ROLES,
                    role.span.clone(),
                    format!(
                        "in chain `{}`, roles `{}` and `{}` both do `kind: {}` work from the same inputs and hand off `{}`",
                        chain.name.value,
                        first.value,
                        role.value,
                        kind.name(),
                        artifact.value
                    ),
                )
                .label("the same job again")
                .related(first.span.clone(), "first done here")
                .help("keep one of the two steps, or have them hand off different artifacts if they do different parts"),
            );
        }
    }
}

/// Whether two `needs` lists name the same artifacts, in any order.
fn same_names(a: Option<&[Spanned<String>]>, b: Option<&[Spanned<String>]>) -> bool {
    fn set(list: Option<&[Spanned<String>]>) -> BTreeSet<&str> {
        list.unwrap_or_default().iter().map(Spanned::as_str).collect()
    }
    set(a) == set(b)
}
