//! `role-removed`: a role of the old version is gone from the new one.

use super::change::{Change, claims_from};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Compares two versions of a definition (`octolint breaking --against REF`) and reports a
    /// role the old version has and the new one does not (a role renamed is
    /// `role-renamed` instead).
    ///
    /// ## Why is this bad?
    /// Tasks already created with the role keep it: no agent claims them any more, and the
    /// server still holds the role (it cannot remove one), so nothing says why they wait.
    ///
    /// ## Example
    /// ```yaml
    /// # before
    /// version: 1
    /// roles: {implement: {}, research: {}}
    /// agents: {implementer: {role: implement}, researcher: {role: research}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    ///
    /// ## Use instead
    /// Keep the role until no open task carries it (`octolint plan` lists such tasks), or
    /// suppress the finding on the `roles:` line once they are done.
    /// ```yaml
    /// # before
    /// version: 1
    /// roles: {implement: {}, research: {}}
    /// agents: {implementer: {role: implement}, researcher: {role: research}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {implement: {}, research: {}}
    /// agents: {implementer: {role: implement}, researcher: {role: research}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    ROLE_REMOVED = ("OL801", "role-removed", Error, "A role of the old version is gone", breaking);
}

pub fn check(cx: &Change, out: &mut Vec<Diagnostic>) {
    let renamed = super::role_renamed::renames(cx);
    for role in cx.old.roles.iter() {
        let name = role.name.as_str();
        if cx.new.roles.get(name).is_some() || renamed.iter().any(|(old, _)| *old == name) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &ROLE_REMOVED,
                cx.section("roles"),
                format!(
                    "role `{name}` (claims_from `{}`, {}) is gone: open tasks of role `{name}` are no longer claimed by anyone",
                    claims_from(role),
                    cx.was_at(&role.name.span)
                ),
            )
            .label(format!("`{name}` was here"))
            .help(format!(
                "keep `{name}` until no open task carries it, or move those tasks to another role first"
            )),
        );
    }
}
