//! `unused-role`: a role nothing refers to.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// Reports a role that no agent is bound to and that no flow (as a transition's role),
    /// chain step or escalation route names.
    ///
    /// ## Why is this bad?
    /// The role is still registered with the server, so tasks can be created with it — and
    /// then nothing ever claims them. Either it is left over, or the agent meant to have it is
    /// bound to a misspelling.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}, research: {}}
    /// agents: {implementer: {role: implement}}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// ```
    UNUSED_ROLE = ("OL402", "unused-role", Warning, "No agent or flow uses a role");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let referenced = semantic.used_names(Kind::Role);
    for role in semantic.def.roles.iter() {
        let name = role.name.as_str();
        let referenced = referenced.contains(name);
        // An agent bound to a misspelling of this role counts: the misspelling is reported.
        if referenced || semantic.agents_by_role.contains_key(name) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNUSED_ROLE,
                role.name.span.clone(),
                format!("role `{name}` is unused: no agent is bound to it, and no flow, chain or escalation route names it"),
            )
            .label("unused")
            .help(format!(
                "bind an agent to it (`role: {name}`), or remove it if tasks no longer use it"
            )),
        );
    }
}
