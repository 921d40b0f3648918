//! `write-outside-scope`: a role runs a step that writes files its scope forbids.

use crate::diagnostic::Diagnostic;
use crate::glob::path_matches;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// A role's `files` says which files it may change: `writable` globs (when set, nothing
    /// else) and `read_only` globs (never, even inside `writable`). A registered step may
    /// declare the files it `writes`. When a role runs such a step — in a transition it
    /// performs, or in a chain — each written path or glob that a `read_only` glob matches, or
    /// that no `writable` glob matches, is reported at the `runs` entry. A written glob is
    /// compared as written (`tests/**` is inside `tests/**`); globs use `*`, `?` and `**`.
    ///
    /// ## Why is this bad?
    /// The scope is the role's hard constraint — the code role must not change the tests that
    /// judge it — and the runner enforces it: the step fails when it writes, or the
    /// constraint is quietly broken where the runner does not look.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// steps:
    ///   update_snapshots: {writes: ["tests/snapshots/**"]}
    /// roles:
    ///   code:
    ///     files: {writable: ["src/**", "tests/**"], read_only: ["tests/**"]}
    /// chains:
    ///   feature:
    ///     steps: [{role: code, runs: [update_snapshots]}]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// steps:
    ///   update_snapshots: {writes: ["tests/snapshots/**"]}
    /// roles:
    ///   code:
    ///     files: {writable: ["src/**"], read_only: ["tests/**"]}
    ///   test:
    ///     files: {writable: ["tests/**"]}
    /// chains:
    ///   feature:
    ///     steps: [{role: code}, {role: test, runs: [update_snapshots]}]
    /// ```
    WRITE_OUTSIDE_SCOPE = ("OL620", "write-outside-scope", Error, "A role runs a step that writes files its scope forbids");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let Some(steps) = &semantic.def.steps else {
        return;
    };
    for run in semantic.step_runs() {
        let Some(scope) = &run.role.value.files else {
            continue;
        };
        let Some(writes) = steps.get(run.step.as_str()).and_then(|s| s.writes.as_ref()) else {
            continue;
        };
        for written in writes {
            let path = written.as_str();
            let read_only = scope
                .read_only
                .iter()
                .flatten()
                .find(|glob| path_matches(glob.as_str(), path));
            let outside = scope.writable.as_ref().filter(|writable| {
                !writable.iter().any(|glob| path_matches(glob.as_str(), path))
            });
            let (why, related, help) = match (read_only, outside) {
                (Some(glob), _) => (
                    format!("`{}` is read-only for it", glob.value),
                    Some((glob.span.clone(), "read-only here")),
                    "have a role that may change these files run the step",
                ),
                (None, Some(writable)) => (
                    "no `writable` glob of it matches".to_string(),
                    writable.first().map(|g| (g.span.clone(), "the role may write only these")),
                    "add the files to the role's `writable`, or have another role run the step",
                ),
                (None, None) => continue,
            };
            let mut diagnostic = Diagnostic::new(
                &WRITE_OUTSIDE_SCOPE,
                run.step.span.clone(),
                format!(
                    "step `{}` writes `{path}` in {}, but role `{}` may not change it: {why}",
                    run.step.value, run.place, run.role.name.value
                ),
            )
            .label("writes outside the role's scope")
            .related(written.span.clone(), "the step writes this")
            .help(help);
            if let Some((span, message)) = related {
                diagnostic = diagnostic.related(span, message);
            }
            out.push(diagnostic);
        }
    }
}
