//! `missing-prompt-file`: a role's `prompt_file` does not exist.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a role's `prompt_file` that names no file, relative to the definition's
    /// directory. Checked when the definition is a file on disk (not for text an editor has
    /// not saved under a path).
    ///
    /// ## Why is this bad?
    /// The runner starts the role without its instructions, or refuses to start it; either
    /// way the failure shows only when the work reaches that role.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review: {prompt_file: prompts/no-such-review.md}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review: {prompt: Review the patch against the plan; change nothing.}
    /// ```
    MISSING_PROMPT_FILE = ("OL621", "missing-prompt-file", Error, "A role's prompt file does not exist");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let definition = Path::new(&cx.file.name);
    // Text without a file behind it (an unsaved buffer) has no directory to look in.
    if !definition.is_file() {
        return;
    }
    let dir = definition.parent().unwrap_or(Path::new(""));
    for role in cx.semantic.def.roles.iter() {
        let Some(file) = &role.value.prompt_file else {
            continue;
        };
        let path = dir.join(file.as_str());
        if path.is_file() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &MISSING_PROMPT_FILE,
                file.span.clone(),
                format!(
                    "role `{}`'s prompt file `{}` does not exist in the definition's directory",
                    role.name.value, file.value
                ),
            )
            .label("no such file")
            .help("write the file, fix the path (relative to the definition's directory), or give the instructions inline with `prompt:`"),
        );
    }
}
