//! `agent-role-changed`: an agent is bound to another role than in the old version.

use super::change::Change;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Compares two versions of a definition and reports an agent bound to a different role
    /// than before.
    ///
    /// ## Why is this bad?
    /// The agent stops claiming the old role's tasks; unless another agent has that role,
    /// they wait. Often intended, so a warning.
    ///
    /// ## Example
    /// ```yaml
    /// # before
    /// version: 1
    /// roles: {implement: {}, test: {}}
    /// agents: {implementer: {role: implement}, tester: {role: test}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {implement: {}, test: {}}
    /// agents: {implementer: {role: test}, tester: {role: test}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    ///
    /// ## Use instead
    /// Add an agent for the new role and keep the old one.
    /// ```yaml
    /// # before
    /// version: 1
    /// roles: {implement: {}, test: {}}
    /// agents: {implementer: {role: implement}, tester: {role: test}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {implement: {}, test: {}}
    /// agents: {implementer: {role: implement}, tester: {role: test}, tester-2: {role: test}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}}
    /// ```
    AGENT_ROLE_CHANGED = ("OL808", "agent-role-changed", Warning, "An agent is bound to another role than before", breaking);
}

pub fn check(cx: &Change, out: &mut Vec<Diagnostic>) {
    let renamed = super::role_renamed::renames(cx);
    for agent in cx.new.agents.iter() {
        let name = agent.name.as_str();
        let Some(old) = cx.old.agents.get(name) else {
            continue;
        };
        let (Some(before), Some(after)) = (&old.value.role, &agent.value.role) else {
            continue;
        };
        let (before, after_name) = (before.as_str(), after.as_str());
        // A renamed role is `role-renamed`'s one finding.
        if before == after_name || renamed.contains(&(before, after_name)) {
            continue;
        }
        let others = cx.new.agents.iter().any(|a| {
            a.name.as_str() != name && a.value.role.as_ref().is_some_and(|r| r.as_str() == before)
        });
        let consequence = if others {
            format!("the other agents of `{before}` still claim its tasks")
        } else {
            format!("no agent claims tasks of role `{before}` any more")
        };
        out.push(
            Diagnostic::new(
                &AGENT_ROLE_CHANGED,
                after.span.clone(),
                format!("agent `{name}` is now bound to `{after_name}`, not `{before}`: {consequence}"),
            )
            .label(format!("was `{before}`"))
            .help(format!(
                "add an agent for `{after_name}` and keep `{name}` on `{before}` until its tasks are done"
            )),
        );
    }
}
