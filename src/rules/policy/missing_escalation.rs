//! `missing-escalation`: a role that can block or reject work has nowhere to send it.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Spanned;
use crate::semantic::Semantic;
use crate::suggest::suggestions;

declare_rule! {
    /// ## What it does
    /// A role that can block work needs an escalation route for `blocked`, and a reviewing or
    /// testing role (`kind: review` or `kind: test`) one for `rejected` — or a `default` route
    /// of its own, or a route for that reason (or `default`) in the project's
    /// `policy.escalation`. A role can block when `block` is among its capabilities (both
    /// interfaces have it by default). Routes map a reason to `to` (a role, or `producer`: the
    /// role of the step that produced the work), `recovery` (`retry`, `revise`, `review`,
    /// `split`, `reroute` or `add-role`) and the `artifact` needed to unblock. Roles that
    /// declare neither an interface, capabilities nor a kind are not checked. A role's
    /// `verdicts` count too: `reject` needs a `rejected` route, `blocked` a `blocked` one. When
    /// the role has a route whose reason is a near miss of the one it lacks (`blokced`,
    /// `defualt`), the finding is at that reason, with the correction as a fix.
    ///
    /// ## Why is this bad?
    /// Blocked or rejected work with no route waits forever, or bounces back to the same role
    /// with no new information.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   implement: {interface: worker}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   implement:
    ///     interface: worker
    ///     escalation:
    ///       blocked: {to: plan, recovery: revise, artifact: blocker-note}
    ///   plan: {}
    /// ```
    MISSING_ESCALATION = ("OL610", "missing-escalation", Error, "A role that can block or reject work has no escalation route");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let project = semantic.def.policy.as_ref().map(|p| &p.escalation);
    let project_routes = |reason: &str| project.is_some_and(|routes| routes.get(reason).is_some());
    if project_routes("default") {
        return;
    }
    for role in semantic.def.roles.iter() {
        let routes = &role.value.escalation;
        if routes.get("default").is_some() {
            continue;
        }
        let can_block = Semantic::can_block(&role.value);
        let rejects = Semantic::rejects(&role.value);
        // Routes whose reason is a near miss of one with a meaning (`blokced`, `defualt`),
        // with the reason each evidently means.
        let known = ["blocked", "rejected", "default"];
        let misspelt: Vec<(&Spanned<String>, &str)> = routes
            .iter()
            .filter(|route| !known.contains(&route.name.as_str()))
            .filter_map(|route| {
                Some((
                    &route.name,
                    *suggestions(route.name.as_str(), known).first()?,
                ))
            })
            .collect();
        let mut reported: Vec<&Spanned<String>> = Vec::new();
        for (needed, applies) in [("blocked", can_block), ("rejected", rejects)] {
            if !applies || routes.get(needed).is_some() || project_routes(needed) {
                continue;
            }
            // A misspelt reason is the likelier story than a missing route: the one meant for
            // this reason first, else a misspelt `default`.
            let meant_here =
                |wanted: &str| misspelt.iter().find(|(_, meant)| *meant == wanted).copied();
            if let Some((reason, meant)) = meant_here(needed).or_else(|| meant_here("default")) {
                // A misspelt `default` fails to cover both reasons: one finding says so.
                if reported.contains(&reason) {
                    continue;
                }
                reported.push(reason);
                out.push(
                    Diagnostic::new(
                        &MISSING_ESCALATION,
                        reason.span.clone(),
                        format!(
                            "role `{}` can {} work but has no `{needed}` escalation route; its route `{}` looks like a misspelling",
                            role.name.value,
                            if needed == "blocked" { "block" } else { "reject" },
                            reason.value
                        ),
                    )
                    .label("misspelt reason")
                    .did_you_mean(&[meant]),
                );
                continue;
            }
            out.push(
                Diagnostic::new(
                    &MISSING_ESCALATION,
                    role.name.span.clone(),
                    format!(
                        "role `{}` can {} work but has no `{needed}` escalation route",
                        role.name.value,
                        if needed == "blocked" { "block" } else { "reject" }
                    ),
                )
                .label("no route")
                .help(format!(
                    "add `escalation: {{{needed}: {{to: <role>, recovery: <kind>, artifact: <what unblocks>}}}}`, a `default` route, or `policy.escalation`"
                )),
            );
        }
    }
}
