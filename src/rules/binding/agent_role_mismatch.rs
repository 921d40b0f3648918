//! `agent-role-mismatch`: an agent bound to the agent form of a role (`implementer`) instead of
//! the role (`implement`).

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::{Reference, Semantic, Site, role_forms};

declare_rule! {
    /// ## What it does
    /// Reports an agent whose `role` is not a role but the agent-noun form of one:
    /// `implementer` for `implement`, `reviewer` for `review`, `tester` for `test`,
    /// `planner` for `plan`, `orchestrator` for `orchestrate`.
    ///
    /// ## Why is this bad?
    /// The agent claims tasks whose role is spelled exactly like its own. Tasks are created
    /// with the role `implement`; an agent bound to `implementer` asks the server for
    /// `implementer` tasks, finds none, and reports "no tasks available" forever. This exact
    /// mismatch once caused 69 consecutive silent claim failures.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents:
    ///   implementer: {role: implementer}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents:
    ///   implementer: {role: implement}
    /// ```
    AGENT_ROLE_MISMATCH = ("OL201", "agent-role-mismatch", Error, "An agent is bound to the agent form of a role, not the role");
}

/// The defined role an undefined agent role is the agent form of, if any.
pub fn intended_role<'a>(semantic: &Semantic<'a>, reference: &Reference) -> Option<&'a str> {
    if reference.site != Site::AgentRole || semantic.roles.contains_key(reference.name.as_str()) {
        return None;
    }
    role_forms(reference.name.as_str())
        .into_iter()
        .find_map(|form| semantic.roles.get_key_value(form.as_str()).map(|(k, _)| *k))
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for reference in &cx.semantic.references {
        let Some(role) = intended_role(cx.semantic, reference) else {
            continue;
        };
        let agent = reference.owner.map_or("", |o| o.as_str());
        let wrong = reference.name.as_str();
        out.push(
            Diagnostic::new(
                &AGENT_ROLE_MISMATCH,
                reference.name.span.clone(),
                format!(
                    "agent `{agent}` is bound to `{wrong}`, which is not a role; tasks of role `{role}` will never be claimed by this agent"
                ),
            )
            .label(format!("`{wrong}` is the agent form of role `{role}`"))
            .help(format!("bind the agent to the role: `role: {role}`"))
            .safe_fix(role),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::semantic::role_forms;

    #[test]
    fn finds_the_verb_behind_an_agent_noun() {
        for (agent, role) in [
            ("implementer", "implement"),
            ("reviewer", "review"),
            ("tester", "test"),
            ("fixer", "fix"),
            ("merger", "merge"),
            ("planner", "plan"),
            ("orchestrator", "orchestrate"),
            ("editor", "edit"),
            ("code_reviewer", "code_review"),
        ] {
            assert!(
                role_forms(agent).iter().any(|f| f == role),
                "{agent} -> {role}"
            );
        }
        assert!(role_forms("implement").is_empty());
        assert!(role_forms("er").is_empty());
    }
}
