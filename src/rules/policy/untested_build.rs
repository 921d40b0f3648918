//! `untested-build`: a chain builds without testing, where the policy requires tests.

use crate::diagnostic::Diagnostic;
use crate::model::RoleKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// When `policy.require_tests` is `true`, reports the last building role (`kind: build`)
    /// of a chain that no role of `kind: test` follows.
    ///
    /// ## Why is this bad?
    /// The project's policy is that built work is tested before it moves on; a chain without a
    /// testing role ships the change on review alone.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// policy: {require_tests: true}
    /// roles:
    ///   code: {kind: build}
    ///   review: {kind: review}
    /// chains:
    ///   feature:
    ///     steps: [{role: code}, {role: review}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// policy: {require_tests: true}
    /// roles:
    ///   code: {kind: build}
    ///   test: {kind: test}
    ///   review: {kind: review}
    /// chains:
    ///   feature:
    ///     steps: [{role: code}, {role: test}, {role: review}]
    /// ```
    UNTESTED_BUILD = ("OL615", "untested-build", Warning, "A chain builds without a testing role the policy requires");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(required) = cx
        .semantic
        .def
        .policy
        .as_ref()
        .and_then(|p| p.require_tests.as_ref())
        .filter(|r| r.value)
    else {
        return;
    };
    for chain in cx.semantic.def.chains.iter() {
        let Some((role, after)) = cx.semantic.last_build(&chain.value) else {
            continue;
        };
        if after.contains(&RoleKind::Test) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNTESTED_BUILD,
                role.span.clone(),
                format!(
                    "in chain `{}`, what role `{}` builds is never tested: no role of `kind: test` comes after it",
                    chain.name.value, role.value
                ),
            )
            .label("untested")
            .related(required.span.clone(), "the policy requires tests here")
            .help("add a testing role (`kind: test`) after it"),
        );
    }
}
