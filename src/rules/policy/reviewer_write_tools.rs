//! `reviewer-write-tools`: a reviewing or planning role holds tools that change files.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::RoleKind;

declare_rule! {
    /// ## What it does
    /// Reports each write tool (`policy.write_tools`, by default `Write`, `Edit`, `MultiEdit`
    /// and `NotebookEdit`) in the `tools` of a role with `kind: review` or `kind: plan`. A role
    /// that checks and fixes in one pass is `kind: fix`, which may hold them.
    ///
    /// ## Why is this bad?
    /// Least privilege: a reviewer that can edit can "fix" what it reviews, so the review no
    /// longer checks someone else's work, and a prompt injection in the reviewed change gets
    /// write access. A planner that can edit starts building before its plan is agreed.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review: {kind: review, tools: [Read, Grep, Edit]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review: {kind: review, tools: [Read, Grep]}
    /// ```
    REVIEWER_WRITE_TOOLS = ("OL603", "reviewer-write-tools", Warning, "A reviewing or planning role holds tools that change files");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let write_tools = semantic.write_tools();
    for role in semantic.def.roles.iter() {
        let kind = match role.value.kind.as_ref().map(|k| k.value) {
            Some(RoleKind::Review) => "reviewing",
            Some(RoleKind::Plan) => "planning",
            _ => continue,
        };
        for tool in role.value.tools.iter().flatten() {
            if !write_tools.contains(&tool.as_str()) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &REVIEWER_WRITE_TOOLS,
                    tool.span.clone(),
                    format!(
                        "{kind} role `{}` holds the write tool `{}`",
                        role.name.value, tool.value
                    ),
                )
                .label("a write tool")
                .help(if kind == "planning" {
                    "remove it: a planner reads and writes its plan as a hand-off; the role that builds makes the changes"
                } else {
                    "remove it: a reviewer reads and reports; the role that builds makes the changes (a role that checks and fixes in one pass is `kind: fix`)"
                }),
            );
        }
    }
}
