//! `reviewer-write-tools`: a reviewing role holds tools that change files.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::Semantic;

declare_rule! {
    /// ## What it does
    /// Reports each write tool (`policy.write_tools`, by default `Write`, `Edit`, `MultiEdit`
    /// and `NotebookEdit`) in the `tools` of a role with `kind: review`.
    ///
    /// ## Why is this bad?
    /// Least privilege: a reviewer that can edit can "fix" what it reviews, so the review no
    /// longer checks someone else's work, and a prompt injection in the reviewed change gets
    /// write access.
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
    REVIEWER_WRITE_TOOLS = ("OL603", "reviewer-write-tools", Warning, "A reviewing role holds tools that change files");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let write_tools = semantic.write_tools();
    for role in semantic.def.roles.iter() {
        if !Semantic::is_reviewer(&role.value) {
            continue;
        }
        for tool in role.value.tools.iter().flatten() {
            if !write_tools.contains(&tool.as_str()) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &REVIEWER_WRITE_TOOLS,
                    tool.span.clone(),
                    format!(
                        "reviewing role `{}` holds the write tool `{}`",
                        role.name.value, tool.value
                    ),
                )
                .label("a write tool")
                .help("remove it: a reviewer reads and reports; the role that builds makes the changes"),
            );
        }
    }
}
