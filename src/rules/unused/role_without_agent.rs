//! `role-without-agent`: a role a flow relies on, with no agent bound to it.

use foldhash::{HashMap, HashMapExt};

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::{Kind, Reference, Site};

declare_rule! {
    /// ## What it does
    /// Reports a role that a flow names as the performer of a transition but that no agent is
    /// bound to. (A role nothing refers to at all is reported as `unused-role`.)
    ///
    /// ## Why is this bad?
    /// The transition is waiting for an agent of this role; with none configured, tasks of the
    /// role are never claimed.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> done: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> done: {}
    /// ```
    ROLE_WITHOUT_AGENT = ("OL401", "role-without-agent", Warning, "A role used by a flow has no agent");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let mut first_uses: HashMap<&str, &Reference> = HashMap::new();
    for reference in &semantic.references {
        if reference.kind == Kind::Role && reference.site == Site::TransitionRole {
            first_uses
                .entry(reference.name.as_str())
                .or_insert(reference);
        }
    }
    for role in semantic.def.roles.iter() {
        let name = role.name.as_str();
        if semantic.agents_by_role.contains_key(name) {
            continue;
        }
        let Some(first_use) = first_uses.get(name) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &ROLE_WITHOUT_AGENT,
                role.name.span.clone(),
                format!("role `{name}` performs transitions but no agent is bound to it; its tasks are never claimed"),
            )
            .label("no agent has this role")
            .related(first_use.name.span.clone(), "a flow relies on it here")
            .help(format!("add an agent with `role: {name}` under `agents:`")),
        );
    }
}
