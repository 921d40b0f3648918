//! `unknown-step`: a reference to a step that is not defined.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// When the definition lists its steps under `steps:`, reports a `runs` entry that is not
    /// listed, with the closest step names suggested. Without a `steps:` registry, step names
    /// are not checked.
    ///
    /// ## Why is this bad?
    /// The orchestrator looks steps up by name when the transition fires; an unknown step
    /// fails the task at the worst moment, after the work is done.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// steps: [push_branch, create_pr]
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> done: {runs: [push_brnach, create_pr]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// steps: [push_branch, create_pr]
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> done: {runs: [push_branch, create_pr]}
    /// ```
    UNKNOWN_STEP = ("OL104", "unknown-step", Error, "A reference names a step that is not defined");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    super::report_unknown(cx, Kind::Step, &UNKNOWN_STEP, out, |_| false);
}
