//! `no-producer`: a route sends work back to its producer where no step produced it.

use crate::diagnostic::Diagnostic;
use crate::model::PRODUCER;
use crate::semantic::Semantic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// A route `to: producer` sends work back to the role of the chain step that produced it:
    /// the step that handed off what the escalating step needs, else the step before it.
    /// Reports a chain's first step when its role routes a reason to `producer`, or, for a role
    /// that can reject work (reviewing and testing roles, and roles whose `verdicts` include
    /// `reject`) with no `rejected` route of its own, when the project's `policy.escalation`
    /// routes `rejected` there: nothing before it produced its work.
    ///
    /// ## Why is this bad?
    /// The runner has no role to send the work to, and the escalation stalls where it should
    /// have been routed.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review:
    ///     kind: review
    ///     escalation:
    ///       rejected: {to: producer, recovery: revise, artifact: review-notes}
    /// chains:
    ///   audit:
    ///     inputs: [pull-request]
    ///     steps: [{role: review, needs: [pull-request]}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   author: {}
    ///   review:
    ///     kind: review
    ///     escalation:
    ///       rejected: {to: author, recovery: revise, artifact: review-notes}
    /// chains:
    ///   audit:
    ///     inputs: [pull-request]
    ///     steps: [{role: review, needs: [pull-request]}]
    /// ```
    NO_PRODUCER = ("OL619", "no-producer", Error, "A route sends work back to its producer where no step produced it");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let def = cx.semantic.def;
    let project = def.policy.as_ref().map(|p| &p.escalation);
    for chain in def.chains.iter() {
        let Some(first) = chain.value.steps.as_deref().and_then(<[_]>::first) else {
            continue;
        };
        let Some(role_name) = &first.role else {
            continue;
        };
        let Some(role) = cx.semantic.roles.get(role_name.as_str()) else {
            continue;
        };
        // The role's own routes, and the project's `rejected` route when the role rejects
        // work (reviewing and testing roles) and has no route for it of its own.
        let own = role.value.escalation.iter();
        let rejects = Semantic::rejects(&role.value);
        let inherited = project
            .into_iter()
            .flat_map(|routes| routes.iter())
            .filter(|r| rejects && r.name.value == "rejected")
            .filter(|r| role.value.escalation.get(r.name.as_str()).is_none());
        for route in own.chain(inherited) {
            let Some(to) = route.value.to.as_ref().filter(|to| to.value == PRODUCER) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &NO_PRODUCER,
                    role_name.span.clone(),
                    format!(
                        "role `{}` starts chain `{}`, so its `{}` route's `to: producer` has no step to send the work back to",
                        role_name.value, chain.name.value, route.name.value
                    ),
                )
                .label("first step: nothing produced its work")
                .related(to.span.clone(), "the route sends work to the producer here")
                .help("route this reason to a named role, or put the step that produces the work before it"),
            );
        }
    }
}
