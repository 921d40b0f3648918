//! `task-blocked-by-unknown`: a task blocked by a task that does not exist.

use crate::diagnostic::Diagnostic;
use crate::octopoid::{Findings, Context};
use crate::suggest::suggestions;

declare_rule! {
    /// ## What it does
    /// Reports a task file whose `BLOCKED_BY:` names a task id that none of the task files
    /// checked has (ids compare without the `TASK-` prefix), with the closest ids suggested.
    /// Only task files given to the check are known, so check them all together.
    ///
    /// ## Why is this bad?
    /// A task is claimed only once every task blocking it is done; a blocker that does not
    /// exist is never done, so the task waits forever without any error.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- file: tasks/TASK-a1.md -->
    /// # [TASK-a1] Add the login form
    ///
    /// ROLE: implement
    /// PRIORITY: P1
    /// ```
    /// ```markdown
    /// <!-- file: tasks/TASK-b2.md -->
    /// # [TASK-b2] Style the login form
    ///
    /// ROLE: implement
    /// PRIORITY: P2
    /// BLOCKED_BY: TASK-a7
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// <!-- file: tasks/TASK-a1.md -->
    /// # [TASK-a1] Add the login form
    ///
    /// ROLE: implement
    /// PRIORITY: P1
    /// ```
    /// ```markdown
    /// <!-- file: tasks/TASK-b2.md -->
    /// # [TASK-b2] Style the login form
    ///
    /// ROLE: implement
    /// PRIORITY: P2
    /// BLOCKED_BY: TASK-a1
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    TASK_BLOCKED_BY_UNKNOWN = ("OL507", "task-blocked-by-unknown", Warning, "A task is blocked by a task id that no task file has", native);
}

pub fn check(cx: &Context, out: &mut Findings) {
    let ids: Vec<&str> = cx.tasks.iter().map(|t| t.id.as_str()).collect();
    for task in cx.tasks {
        for blocker in task.blocked_by() {
            if ids.contains(&blocker.as_str()) {
                continue;
            }
            let candidates = suggestions(&blocker.value, ids.iter().copied());
            let named: Vec<String> = candidates.iter().map(|c| format!("TASK-{c}")).collect();
            let named: Vec<&str> = named.iter().map(String::as_str).collect();
            let mut d = Diagnostic::new(
                &TASK_BLOCKED_BY_UNKNOWN,
                blocker.span.clone(),
                format!(
                    "task `TASK-{}` is blocked by `TASK-{}`, which none of the {} task files checked has: it may never be unblocked",
                    task.id.value,
                    blocker.value,
                    cx.tasks.len()
                ),
            )
            .label("no such task")
            .did_you_mean(&named);
            if candidates.is_empty() {
                d = d.help("fix the id, or include the blocking task's file in the tasks checked");
            }
            out.push(task.file, d);
        }
    }
}
