//! `step-tool-not-allowed`: a role runs a step that needs a tool the role does not hold.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{Policy, Spanned};

declare_rule! {
    /// ## What it does
    /// Steps may declare the `tools` they need (`steps:` as a mapping). When a transition's
    /// performing role (its `role`, or its `agent`'s role) or a chain step's role runs such a
    /// step, every needed tool the role lacks is reported at the `runs` entry. A role that
    /// lists no `tools` holds `policy.read_only_tools` (by default `Read`, `Glob` and `Grep`),
    /// as the dispatch plan gives it.
    ///
    /// ## Why is this bad?
    /// The step fails when it runs, after the work before it is done: the agent is not allowed
    /// to call the tool the step depends on.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// steps:
    ///   create_pr: {tools: [Bash]}
    /// roles:
    ///   implement: {tools: [Read, Edit]}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> done: {role: implement, runs: [create_pr]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// steps:
    ///   create_pr: {tools: [Bash]}
    /// roles:
    ///   implement: {tools: [Read, Edit, Bash]}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> done: {role: implement, runs: [create_pr]}
    /// ```
    STEP_TOOL_NOT_ALLOWED = ("OL602", "step-tool-not-allowed", Error, "A role runs a step that needs a tool the role does not hold");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let Some(steps) = &semantic.def.steps else {
        return;
    };
    for run in semantic.step_runs() {
        let Some(needed) = steps.get(run.step.as_str()).and_then(|s| s.tools.as_ref()) else {
            continue;
        };
        // A role that lists no tools runs with the read-only set, as the dispatch plan says.
        let held: Vec<&str> = match &run.role.value.tools {
            Some(held) => held.iter().map(Spanned::as_str).collect(),
            None => Policy::read_only_tools(semantic.def.policy.as_ref()),
        };
        let missing: Vec<&Spanned<String>> = needed
            .iter()
            .filter(|t| !held.contains(&t.as_str()))
            .collect();
        let Some(first) = missing.first() else {
            continue;
        };
        let names: Vec<String> = missing.iter().map(|t| format!("`{}`", t.value)).collect();
        out.push(
            Diagnostic::new(
                &STEP_TOOL_NOT_ALLOWED,
                run.step.span.clone(),
                format!(
                    "step `{}` needs {} in {}, but role `{}` does not hold {}",
                    run.step.value,
                    names.join(", "),
                    run.place,
                    run.role.name.value,
                    if missing.len() == 1 { "it" } else { "them" }
                ),
            )
            .label("needs tools the role lacks")
            .related(first.span.clone(), "the step needs this tool")
            .related(
                run.by.span.clone(),
                format!("performed by role `{}`", run.role.name.value),
            )
            .help(if run.role.value.tools.is_some() {
                format!(
                    "add {} to role `{}`'s `tools`, or have a role that holds them run the step",
                    names.join(", "),
                    run.role.name.value
                )
            } else {
                format!(
                    "role `{}` lists no `tools`, so it holds only the read-only set ({}): give it `tools:` with {}, or have a role that holds them run the step",
                    run.role.name.value,
                    held.join(", "),
                    names.join(", ")
                )
            }),
        );
    }
}
