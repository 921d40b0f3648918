//! `task-role-unclaimed`: tasks of a role that no Octopoid agent claims.

use crate::diagnostic::Diagnostic;
use crate::octopoid::{DEFAULT_CLAIM_QUEUE, Findings, Context};

declare_rule! {
    /// ## What it does
    /// Reports a task file whose `ROLE` no pool agent claims: no agent that claims from
    /// `incoming` (where tasks start, and where the agent's role is the claim filter) has
    /// exactly that role. A role that is not a task role at all is `unknown-role` instead.
    ///
    /// ## Why is this bad?
    /// The task waits in `incoming` forever: every agent's claim filters it out, and the
    /// server answers "no tasks available" as if the queue were empty.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- file: tasks/TASK-c3.md -->
    /// # [TASK-c3] Split the billing epic
    ///
    /// ROLE: breakdown
    /// PRIORITY: P2
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// <!-- file: tasks/TASK-c3.md -->
    /// # [TASK-c3] Split the billing epic
    ///
    /// ROLE: breakdown
    /// PRIORITY: P2
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    /// ```yaml
    /// # file: agents/breakdown/agent.yaml
    /// role: breakdown
    /// ```
    TASK_ROLE_UNCLAIMED = ("OL508", "task-role-unclaimed", Warning, "No Octopoid agent claims tasks of a task's role", native);
}

pub fn check(cx: &Context, out: &mut Findings) {
    for task in cx.tasks {
        let Some(role) = task.role() else {
            continue;
        };
        let known = cx.task_roles.contains(&role.value);
        let claimed = cx.pool().iter().any(|a| {
            a.claim_queue() == DEFAULT_CLAIM_QUEUE
                && a.role.as_ref().is_some_and(|r| r.value == role.value)
        });
        if !known || claimed {
            continue;
        }
        out.push(
            task.file,
            Diagnostic::new(
                &TASK_ROLE_UNCLAIMED,
                role.span.clone(),
                format!(
                    "no agent claims tasks of role `{}`: no pool agent that claims from `incoming` has that role, so `TASK-{}` waits forever",
                    role.value, task.id.value
                ),
            )
            .label("nobody claims this role")
            .help(format!("add an agent with `role: {}` (claiming from `incoming`)", role.value)),
        );
    }
}
