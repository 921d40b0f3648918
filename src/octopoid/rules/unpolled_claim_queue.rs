//! `unpolled-claim-queue`: an Octopoid agent claims from a queue the scheduler's poll does
//! not count.

use crate::diagnostic::Diagnostic;
use crate::octopoid::{Findings, INTERVENTION, Context, POLLED_QUEUES};

declare_rule! {
    /// ## What it does
    /// In an Octopoid project, reports an agent whose `claim_from` is a real state (of a flow,
    /// or one the runtime adds, such as `needs_continuation`) that the server's scheduler poll
    /// does not count. The poll (`GET /api/v1/scheduler/poll`) returns counts for `incoming`,
    /// `claimed` and `provisional` only. The fixer's `intervention` pseudo-queue is checked
    /// another way and is not reported.
    ///
    /// ## Why is this bad?
    /// Before spawning an agent, the scheduler checks that its queue has work using the
    /// poll's counts; a queue the poll does not count reads as 0, so the agent is never
    /// spawned while the poll works, and its tasks wait (the per-queue API fallback only runs
    /// when the poll fails).
    ///
    /// ## Example
    /// ```yaml
    /// # file: agents/continuer/agent.yaml
    /// role: implement
    /// claim_from: needs_continuation
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: agents/continuer/agent.yaml
    /// role: implement
    /// claim_from: incoming
    /// ```
    UNPOLLED_CLAIM_QUEUE = ("OL502", "unpolled-claim-queue", Warning, "An Octopoid agent claims from a queue the scheduler's poll does not count", native);
}

pub fn check(cx: &Context, out: &mut Findings) {
    let declared = cx.declared_queues();
    for agent in cx.pool() {
        let Some(queue) = &agent.claim_from else {
            continue;
        };
        let name = queue.value.as_str();
        // An undeclared queue is `claim-from-undeclared-queue`'s finding.
        if name == INTERVENTION || POLLED_QUEUES.contains(&name) || !declared.contains(name) {
            continue;
        }
        out.push(
            queue.file,
            Diagnostic::new(
                &UNPOLLED_CLAIM_QUEUE,
                queue.span.clone(),
                format!(
                    "agent `{}` claims from `{name}`, which the scheduler's poll does not count: the scheduler sees no work there and does not spawn the agent",
                    agent.name.value
                ),
            )
            .label("not counted by the poll")
            .help(format!(
                "the poll counts only {}: claim from one of them, or have the server count `{name}` too",
                POLLED_QUEUES.join(", ")
            )),
        );
    }
}
