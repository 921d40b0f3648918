//! `route-without-artifact`: an escalation route that does not say what unblocks the work.

use crate::diagnostic::Diagnostic;
use crate::model::{NameMap, Route};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an escalation route — a role's, or one of the project's `policy.escalation` —
    /// that has `to` and `recovery` but no `artifact`.
    ///
    /// ## Why is this bad?
    /// A runner that escalates hands the target role a packet with what it must produce to
    /// unblock the work. Without an artifact the target knows it owns the problem but not what
    /// ends it, and the work comes back without what was missing.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   code: {kind: build}
    ///   review:
    ///     kind: review
    ///     escalation:
    ///       rejected: {to: code, recovery: revise}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   code: {kind: build}
    ///   review:
    ///     kind: review
    ///     escalation:
    ///       rejected: {to: code, recovery: revise, artifact: review-notes}
    /// ```
    ROUTE_WITHOUT_ARTIFACT = ("OL618", "route-without-artifact", Warning, "An escalation route does not say what unblocks the work");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let def = cx.semantic.def;
    for role in def.roles.iter() {
        report(&role.value.escalation, &format!("role `{}`", role.name.value), out);
    }
    if let Some(policy) = &def.policy {
        report(&policy.escalation, "the project", out);
    }
}

fn report(routes: &NameMap<Route>, owner: &str, out: &mut Vec<Diagnostic>) {
    for route in routes.iter() {
        // A route without `to` or `recovery` is `missing-field`'s: one finding at a time.
        if route.value.artifact.is_some() || route.value.to.is_none() || route.value.recovery.is_none() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &ROUTE_WITHOUT_ARTIFACT,
                route.name.span.clone(),
                format!(
                    "{owner}'s `{}` escalation route does not say what the target must produce to unblock the work",
                    route.name.value
                ),
            )
            .label("no `artifact`")
            .help("add `artifact: <what unblocks it>`, such as a clarified requirement or review notes"),
        );
    }
}
