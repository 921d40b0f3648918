//! `interface-violation`: a role does to work items what its interface forbids.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{Capability, Interface};
use crate::semantic::Semantic;

declare_rule! {
    /// ## What it does
    /// A role's `capabilities` (or, without them, those of its `interface`: `orchestrate` may
    /// create, assign, discover and block; `worker` may progress, complete and block) limit the
    /// transitions it performs. A transition's action is its `action:`, or `complete` when it
    /// moves the task into a terminal queue that ends in success (not `failed`, nor a queue with
    /// `outcome: failure`). A performer
    /// whose role lacks the action is reported: a worker performing orchestrator actions, or an
    /// orchestrator completing work items.
    ///
    /// ## Why is this bad?
    /// Orchestrator/worker systems keep the two sides apart so that whoever assigns work never
    /// also marks it done; mixing them removes the check the split exists for.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   orchestrator: {interface: orchestrate}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: orchestrator, action: assign}
    ///       claimed -> done: {role: orchestrator}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   orchestrator: {interface: orchestrate}
    ///   implement: {interface: worker}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: orchestrator, action: assign}
    ///       claimed -> done: {role: implement}
    /// ```
    INTERFACE_VIOLATION = ("OL604", "interface-violation", Error, "A role does to work items what its interface forbids");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    for flow in &semantic.flows {
        for t in flow.transitions {
            let to = t.to.as_str();
            let completes = semantic.ends_in_success(to);
            let action = match (&t.action, completes) {
                (Some(action), _) => action.value,
                (None, true) => Capability::Complete,
                (None, false) => continue,
            };
            for (reference, agent, role) in semantic.performers(t) {
                let Some(allowed) = Semantic::capabilities(&role.value) else {
                    continue;
                };
                if allowed.contains(&action) {
                    continue;
                }
                let interface = role.value.interface.as_ref().map(|i| i.value);
                let who = match agent {
                    Some(agent) => format!("agent `{agent}` (role `{}`)", role.name.value),
                    None => format!("role `{}`", role.name.value),
                };
                let why = match (interface, action) {
                    (Some(Interface::Worker), a) if a.is_orchestration() => {
                        "a worker must not perform orchestrator actions".to_string()
                    }
                    (Some(Interface::Orchestrate), Capability::Complete) => {
                        "an orchestrator must not complete work items".to_string()
                    }
                    _ => format!("`{}` is not among its capabilities", action.name()),
                };
                let mut diagnostic = Diagnostic::new(
                    &INTERFACE_VIOLATION,
                    reference.span.clone(),
                    format!(
                        "{who} performs `{} -> {}` in {}, which does `{}`: {why}",
                        t.from.value,
                        t.to.value,
                        flow.describe(),
                        action.name()
                    ),
                )
                .label(format!("cannot `{}`", action.name()))
                .help(format!(
                    "have a role that may `{}` perform this transition, or change role `{}`'s capabilities",
                    action.name(),
                    role.name.value
                ));
                if let Some(interface) = &role.value.interface {
                    diagnostic = diagnostic.related(interface.span.clone(), "the role's interface");
                }
                out.push(diagnostic);
            }
        }
    }
}
