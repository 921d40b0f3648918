//! `chain-without-builder`: a chain checks work that nothing in it builds.

use crate::diagnostic::Diagnostic;
use crate::model::{RoleKind, Spanned};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a chain that has a role of `kind: review` or `kind: test` but no role of
    /// `kind: build` or `kind: fix`, and is given no `inputs` from outside. The finding is at
    /// the first checking role.
    ///
    /// ## Why is this bad?
    /// The checking roles have nothing to check: no step produces a change, and none comes in
    /// from outside. Usually the building role was left out of the chain, or the chain reviews
    /// something it should list under `inputs:` (a pull request, a design).
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   plan: {kind: plan}
    ///   review: {kind: review}
    /// chains:
    ///   feature:
    ///     steps: [{role: plan}, {role: review}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   plan: {kind: plan}
    ///   code: {kind: build}
    ///   review: {kind: review}
    /// chains:
    ///   feature:
    ///     steps: [{role: plan}, {role: code}, {role: review}]
    /// ```
    CHAIN_WITHOUT_BUILDER = ("OL614", "chain-without-builder", Warning, "A chain checks work nothing in it builds");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for chain in cx.semantic.def.chains.iter() {
        if chain.value.inputs.as_ref().is_some_and(|i| !i.is_empty()) {
            continue;
        }
        let steps = chain.value.steps.as_deref().unwrap_or_default();
        // Each step's role with its kind; roles without one say nothing either way.
        let staffed: Vec<(&Spanned<String>, RoleKind)> = steps
            .iter()
            .filter_map(|s| {
                let role = s.role.as_ref()?;
                Some((role, cx.semantic.kind_of(role.as_str())?))
            })
            .collect();
        if staffed
            .iter()
            .any(|(_, kind)| matches!(kind, RoleKind::Build | RoleKind::Fix))
        {
            continue;
        }
        let Some((role, kind)) = staffed
            .iter()
            .find(|(_, kind)| matches!(kind, RoleKind::Review | RoleKind::Test))
        else {
            continue;
        };
        let kind = kind.name();
        out.push(
            Diagnostic::new(
                &CHAIN_WITHOUT_BUILDER,
                role.span.clone(),
                format!(
                    "chain `{}` has role `{}` (kind: {kind}) check its work, but no role in it builds (`kind: build` or `fix`) and it is given no `inputs`",
                    chain.name.value, role.value
                ),
            )
            .label("nothing to check")
            .help("add the building role before it, or list what the chain checks under its `inputs:`"),
        );
    }
}
