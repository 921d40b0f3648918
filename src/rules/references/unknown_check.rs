//! `unknown-check`: a reference to a check that is not defined.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// When the definition lists its checks under `checks:`, reports a `checks` entry that is
    /// not listed, with the closest check names suggested. Without a `checks:` registry, check
    /// names are not checked.
    ///
    /// ## Why is this bad?
    /// An unknown check never passes (or never runs), so the transition it guards is blocked
    /// or unguarded without anyone noticing.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// checks: [check_ci]
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> done: {checks: [check-ci]}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// checks: [check_ci]
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {}
    ///       claimed -> done: {checks: [check_ci]}
    /// ```
    UNKNOWN_CHECK = ("OL105", "unknown-check", Error, "A reference names a check that is not defined");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    super::report_unknown(cx, Kind::Check, &UNKNOWN_CHECK, out, |_| false);
}
