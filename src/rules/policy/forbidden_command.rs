//! `forbidden-command`: a role is made to run a command it forbids.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::shell::Banned;

declare_rule! {
    /// ## What it does
    /// Steps may declare the `commands` they run. When a role with `forbidden_commands` runs such
    /// a step — in a transition it performs, or in a chain — and one of the step's commands runs
    /// a forbidden one, the conflict is reported at the `runs` entry, with the forbidden command
    /// and the step's command as related locations.
    ///
    /// Commands are read as a shell reads them. A command line runs every command joined by
    /// `;`, `&&`, `||`, `|` or a newline, in parentheses, and in `$(...)` or backquotes; it
    /// runs what `sh -c '...'`, `bash -lc "..."` and `eval` are given; and environment
    /// assignments (`GIT_TRACE=1 git push`) and wrappers (`env`, `sudo`, `nice`, `timeout`,
    /// `command`, `exec`, `nohup`, `xargs`, …) do not hide what they run. A forbidden entry
    /// matches a command that runs the same program (from any directory) with the entry's
    /// words leading its own — global options before a subcommand are skipped, so
    /// `git -C repo push` is `git push` — and every option of the entry, in any order or
    /// grouping (`rm -fr` is `rm -rf`). Words are matched whole: `git stash push` is not
    /// `git push`, and `echo 'git push'` runs only `echo`.
    ///
    /// ## Why is this bad?
    /// Behaviour-mode roles are defined by their hard constraints; a plan that makes a role break
    /// one is a bug in the plan, and at run time the role either refuses (the work stalls) or
    /// complies (the constraint meant nothing).
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// steps:
    ///   publish: {commands: [git push --force]}
    /// roles:
    ///   lint: {forbidden_commands: [git push]}
    /// chains:
    ///   release:
    ///     steps:
    ///       - {role: lint, runs: [publish]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// steps:
    ///   publish: {commands: [git push --force]}
    /// roles:
    ///   lint: {forbidden_commands: [git push]}
    ///   execute: {}
    /// chains:
    ///   release:
    ///     steps:
    ///       - {role: lint}
    ///       - {role: execute, runs: [publish]}
    /// ```
    FORBIDDEN_COMMAND = ("OL605", "forbidden-command", Error, "A role is made to run a command it forbids");
}

/// Whether the command line `command` runs the command `forbidden` bans.
pub fn matches(command: &str, forbidden: &str) -> bool {
    Banned::parse(forbidden).is_some_and(|banned| banned.is_run_by(command))
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let Some(steps) = &semantic.def.steps else {
        return;
    };
    for run in semantic.step_runs() {
        let Some(forbidden) = &run.role.value.forbidden_commands else {
            continue;
        };
        let Some(commands) = steps
            .get(run.step.as_str())
            .and_then(|s| s.commands.as_ref())
        else {
            continue;
        };
        for command in commands {
            let Some(rule) = forbidden
                .iter()
                .find(|f| matches(command.as_str(), f.as_str()))
            else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &FORBIDDEN_COMMAND,
                    run.step.span.clone(),
                    format!(
                        "step `{}` runs `{}` in {}, but role `{}` forbids `{}`",
                        run.step.value, command.value, run.place, run.role.name.value, rule.value
                    ),
                )
                .label("makes the role run a forbidden command")
                .related(
                    rule.span.clone(),
                    format!("role `{}` forbids it here", run.role.name.value),
                )
                .related(command.span.clone(), "the step runs it here")
                .help("have another role run the step, or change the step or the constraint"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn forbidden_commands_match_whole_words() {
        assert!(matches("git push --force", "git push"));
        assert!(matches("git  push", "git push"));
        assert!(!matches("git pushx", "git push"));
        assert!(!matches("rm file", "rm -rf"));
        assert!(matches("rm -rf /", "rm -rf"));
        assert!(matches("cd repo && git -C . push", "git push"));
        assert!(!matches("git stash push", "git push"));
    }
}
