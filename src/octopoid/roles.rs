//! The claim filter: a scripts-mode agent claiming from `incoming` sends its role as the
//! server's `role_filter`, so it must be spelled exactly like a task role.

use super::agents::{AgentConfig, Field};
use super::load::Context;
use super::project::Findings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::binding::agent_role_mismatch::AGENT_ROLE_MISMATCH;
use crate::rules::references::unknown_role::UNKNOWN_ROLE;
use crate::semantic::role_forms;
use crate::suggest::suggestions;

/// An incoming claimer's role is the server's `role_filter`: it must be spelled exactly like
/// a task role. Its agent form (`implementer`) is `agent-role-mismatch`; anything else
/// `unknown-role`.
pub fn check(cx: &Context, out: &mut Findings) {
    for agent in cx.pool().iter().filter(|a| a.filters_by_role()) {
        let Some(role) = &agent.role else {
            continue;
        };
        if cx.task_roles.contains(&role.value) {
            continue;
        }
        let intended = role_forms(&role.value)
            .into_iter()
            .find(|form| cx.task_roles.contains(form));
        let diagnostic = match intended {
            Some(task_role) => role_mismatch(agent, role, &task_role),
            None => unknown_role(cx, agent, role),
        };
        out.push(role.file, diagnostic);
    }
}

/// " (its `type`)" when the role is really the `type` key.
fn via_type(agent: &AgentConfig) -> &'static str {
    if agent.role_from_type {
        " (its `type`)"
    } else {
        ""
    }
}

fn role_mismatch(agent: &AgentConfig, role: &Field<String>, task_role: &str) -> Diagnostic {
    let name = &agent.name.value;
    let wrong = &role.value;
    let via = via_type(agent);
    let d = Diagnostic::new(
        &AGENT_ROLE_MISMATCH,
        role.span.clone(),
        format!(
            "agent `{name}` claims from `incoming` filtered by role `{wrong}`{via}, which is not a task role; tasks of role `{task_role}` will never be claimed by this agent"
        ),
    )
    .label(format!("`{wrong}` is the agent form of task role `{task_role}`"));
    if agent.role_from_type {
        // The `type` also names the blueprint: add a role instead of renaming it.
        d.help(format!(
            "the role comes from `type: {wrong}`; add `role: {task_role}`"
        ))
    } else {
        d.help(format!("use the task role: `role: {task_role}`"))
            .safe_fix(task_role)
    }
}

fn unknown_role(cx: &Context, agent: &AgentConfig, role: &Field<String>) -> Diagnostic {
    let candidates = suggestions(&role.value, cx.task_roles.iter().map(String::as_str));
    let mut d = Diagnostic::new(
        &UNKNOWN_ROLE,
        role.span.clone(),
        format!(
            "agent `{}` claims from `incoming` filtered by role `{}`{}, but that is not a task role (task roles: {})",
            agent.name.value,
            role.value,
            via_type(agent),
            cx.task_roles_phrase()
        ),
    )
    .label("no task has this role")
    .did_you_mean(&candidates);
    if candidates.is_empty() {
        // Far from every task role: more likely an agent that claims no tasks than a typo.
        d.severity = Severity::Warning;
        d = d.help(
            "use a task role; if the agent claims no tasks, make it a job agent (`job_agent: true`) or set the `claim_from:` it works on",
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use crate::octopoid::ProjectOptions;
    use crate::pipeline::tests::findings;

    #[test]
    fn incoming_claimers_must_use_a_task_role() {
        let found = findings(
            &[
                (
                    ".octopoid/agents/implementer/agent.yaml",
                    "role: implementer\n",
                ),
                (".octopoid/agents/researcher/agent.yaml", "role: reserch\n"),
                (
                    ".octopoid/agents/gatekeeper/agent.yaml",
                    "role: gatekeeper\nclaim_from: provisional\n",
                ),
                (
                    ".octopoid/agents/monitor/agent.yaml",
                    "role: monitor\nspawn_mode: module\n",
                ),
            ],
            &ProjectOptions::default(),
        );
        assert_eq!(
            found,
            [
                ".octopoid/agents/implementer/agent.yaml:1 agent-role-mismatch",
                ".octopoid/agents/researcher/agent.yaml:1 unknown-role",
            ]
        );
    }
}
