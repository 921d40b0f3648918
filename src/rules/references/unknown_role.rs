//! `unknown-role`: a reference to a role that is not defined.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// Reports a role name that is not defined under `roles:`, in an agent's `role` or a
    /// transition's `role`, with the closest role names suggested. An agent bound to the agent
    /// form of a role (`implementer`) is reported as `agent-role-mismatch` instead.
    ///
    /// ## Why is this bad?
    /// Roles are registered with the server; once any role is registered, tasks and claims with
    /// an unregistered role are rejected, and before that they silently match nothing.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {review: {}}
    /// agents:
    ///   gatekeeper: {role: reveiw}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {review: {}}
    /// agents:
    ///   gatekeeper: {role: review}
    /// ```
    UNKNOWN_ROLE = ("OL101", "unknown-role", Error, "A reference names a role that is not defined");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    super::report_unknown(cx, Kind::Role, &UNKNOWN_ROLE, out, |reference| {
        crate::rules::binding::agent_role_mismatch::intended_role(cx.semantic, reference).is_some()
    });
}
