//! `unreviewed-build`: a chain's building role has no reviewing role after it.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::RoleKind;

declare_rule! {
    /// ## What it does
    /// In a chain, reports the last step whose role has `kind: build` when no step after it has
    /// a role of `kind: review` or `kind: fix` (which checks as it fixes).
    ///
    /// ## Why is this bad?
    /// The chain ships whatever the builder produced without anyone checking it; the review step
    /// is what catches the builder's mistakes before they are executed or merged.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {code: {kind: build}, execute: {kind: execute}}
    /// chains:
    ///   feature:
    ///     steps: [{role: code}, {role: execute}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {code: {kind: build}, lint: {kind: review}, execute: {kind: execute}}
    /// chains:
    ///   feature:
    ///     steps: [{role: code}, {role: lint}, {role: execute}]
    /// ```
    UNREVIEWED_BUILD = ("OL608", "unreviewed-build", Warning, "A chain's building role has no reviewing role after it");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for chain in cx.semantic.def.chains.iter() {
        let Some((role, after)) = cx.semantic.last_build(&chain.value) else {
            continue;
        };
        // A role that checks and fixes in one pass checks the build too.
        if after
            .iter()
            .any(|k| matches!(k, RoleKind::Review | RoleKind::Fix))
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNREVIEWED_BUILD,
                role.span.clone(),
                format!(
                    "in chain `{}`, what role `{}` builds is never reviewed: no role of `kind: review` comes after it",
                    chain.name.value, role.value
                ),
            )
            .label("unreviewed")
            .help("add a reviewing role (`kind: review`) after it"),
        );
    }
}
