//! OL1xx: references to names that are not defined, each with a ranked did-you-mean.

use crate::diagnostic::{Diagnostic, RuleMeta};
use crate::rules::Context;
use crate::semantic::{Kind, Reference};

family! {
    unknown_role: UNKNOWN_ROLE => semantic,
    unknown_queue: UNKNOWN_QUEUE => semantic,
    unknown_agent: UNKNOWN_AGENT => semantic,
    unknown_step: UNKNOWN_STEP => semantic,
    unknown_check: UNKNOWN_CHECK => semantic,
}

/// Reports every reference of `kind` to an undefined name, with a ranked did-you-mean.
/// `skip` lets a more specific rule claim a reference (an agent form of a role, say).
fn report_unknown(
    cx: &Context,
    kind: Kind,
    rule: &'static RuleMeta,
    out: &mut Vec<Diagnostic>,
    skip: impl Fn(&Reference) -> bool,
) {
    let mut known: Option<Vec<&str>> = None;
    for reference in &cx.semantic.references {
        if reference.kind != kind
            || cx.semantic.is_defined(kind, reference.name.as_str())
            || skip(reference)
        {
            continue;
        }
        let known = known.get_or_insert_with(|| cx.semantic.names(kind));
        let name = reference.name.as_str();
        let noun = kind.noun();
        let candidates = cx.semantic.suggestions(kind, name);
        let mut diagnostic = Diagnostic::new(
            rule,
            reference.name.span.clone(),
            format!("unknown {noun} `{name}`{}", site_phrase(reference)),
        )
        .label(format!("no {noun} is named `{name}`"))
        .did_you_mean(&candidates);
        if candidates.is_empty() {
            let section = match kind {
                Kind::Role => "roles",
                Kind::Queue => "queues",
                Kind::Agent => "agents",
                Kind::Step => "steps",
                Kind::Check => "checks",
                Kind::Flow => "flows",
                Kind::Chain => "chains",
            };
            diagnostic = diagnostic.help(if known.is_empty() {
                format!("define `{name}` under `{section}:`")
            } else if known.len() <= 12 {
                format!(
                    "define `{name}` under `{section}:`, or use one of: {}",
                    known.join(", ")
                )
            } else {
                format!("define `{name}` under `{section}:`")
            });
        }
        out.push(diagnostic);
    }
}

fn site_phrase(reference: &Reference) -> String {
    use crate::semantic::Site;
    let owner = reference.owner.map_or("", |o| o.as_str());
    match reference.site {
        Site::AgentRole => format!(": agent `{owner}` is bound to it"),
        Site::ClaimsFrom => format!(": role `{owner}` claims from it"),
        Site::FlowInitial => ": the flow starts in it".to_string(),
        Site::TransitionFrom | Site::TransitionTo => " in a transition".to_string(),
        Site::TransitionRole => ": it performs this transition".to_string(),
        Site::TransitionAgent => ": it performs this transition".to_string(),
        Site::ConditionAgent => ": it decides this condition".to_string(),
        Site::OnChecksFail => " in `on_checks_fail`".to_string(),
        Site::OnFail => " in `on_fail`".to_string(),
        Site::Runs => ": it is not listed under `steps`".to_string(),
        Site::Checks => ": it is not listed under `checks`".to_string(),
        Site::ChainRole => format!(": chain `{owner}` hands work to it"),
        Site::EscalationTarget if owner.is_empty() => {
            ": the default escalation route sends work to it".to_string()
        }
        Site::EscalationTarget => format!(": role `{owner}` escalates to it"),
    }
}
