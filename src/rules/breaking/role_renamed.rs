//! `role-renamed`: a role of the old version appears under another name in the new one.

use super::change::{Change, claims_from};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Compares two versions of a definition and reports a role that is gone while a new
    /// role takes its place: the same agents are bound to it, or it has the same
    /// `claims_from` and description.
    ///
    /// ## Why is this bad?
    /// Role names are what tasks carry: tasks created under the old name are claimed by
    /// nobody once agents filter by the new one — the failure behind 69 silent claim
    /// failures when `implement` and `implementer` got mixed up.
    ///
    /// ## Example
    /// ```yaml
    /// # before
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {build: {}}
    /// agents: {implementer: {role: build}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: build}, claimed -> done: {}}}}
    /// ```
    ///
    /// ## Use instead
    /// Add the new role beside the old one, move the open tasks, then remove the old role.
    /// ```yaml
    /// # before
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {implement: {}, build: {}}
    /// agents: {implementer: {role: implement}, builder: {role: build}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    ROLE_RENAMED = ("OL802", "role-renamed", Error, "A role of the old version is renamed", breaking);
}

/// The renamed roles, as (old name, new name): a role gone from the old version paired with
/// a role new in the new one that the same agents are bound to, or that has the same queue
/// and description.
pub fn renames<'a>(cx: &Change<'a>) -> Vec<(&'a str, &'a str)> {
    let agents_of = |def: &'a crate::model::Definition, role: &str| -> Vec<&'a str> {
        def.agents
            .iter()
            .filter(|a| a.value.role.as_ref().is_some_and(|r| r.as_str() == role))
            .map(|a| a.name.as_str())
            .collect()
    };
    let mut pairs = Vec::new();
    for old in cx.old.roles.iter() {
        if cx.new.roles.get(old.name.as_str()).is_some() {
            continue;
        }
        let old_agents = agents_of(cx.old, old.name.as_str());
        let candidate = cx.new.roles.iter().find(|new| {
            let name = new.name.as_str();
            if cx.old.roles.get(name).is_some() || pairs.iter().any(|(_, n)| *n == name) {
                return false;
            }
            let same_agents = !old_agents.is_empty() && agents_of(cx.new, name) == old_agents;
            let description = |r: &crate::model::Named<crate::model::Role>| {
                r.value.description.as_ref().map(|d| d.value.clone())
            };
            let same_role = claims_from(old) == claims_from(new)
                && description(old).is_some()
                && description(old) == description(new);
            same_agents || same_role
        });
        if let Some(new) = candidate {
            pairs.push((old.name.as_str(), new.name.as_str()));
        }
    }
    pairs
}

pub fn check(cx: &Change, out: &mut Vec<Diagnostic>) {
    for (old, new) in renames(cx) {
        let Some(role) = cx.new.roles.get(new) else {
            continue;
        };
        let was = cx
            .old
            .roles
            .get(old)
            .map(|r| cx.was_at(&r.name.span))
            .unwrap_or_default();
        out.push(
            Diagnostic::new(
                &ROLE_RENAMED,
                role.name.span.clone(),
                format!(
                    "role `{old}` ({was}) is renamed to `{new}`: open tasks of role `{old}` are no longer claimed, since agents now claim `{new}`"
                ),
            )
            .label(format!("was `{old}`"))
            .help(format!(
                "keep `{old}` beside `{new}` until no open task carries it, or move those tasks to `{new}` first"
            )),
        );
    }
}
