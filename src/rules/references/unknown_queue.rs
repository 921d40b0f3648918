//! `unknown-queue`: a reference to a queue that is not defined.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// Reports a queue name that is neither built in (`incoming`, `claimed`, `done`, `failed`)
    /// nor declared under `queues:`, wherever a queue is expected: transition keys, a flow's
    /// `initial`, a role's `claims_from`, `on_checks_fail` and a condition's `on_fail`.
    /// The closest known queues are suggested.
    ///
    /// ## Why is this bad?
    /// A task sent to a queue the server does not know is rejected or stranded; an agent
    /// claiming from it never finds work. Graph rules skip a flow with an unknown queue, so fix
    /// this first.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisonal: {}
    ///       provisional -> done: {}
    /// queues: {provisional: {}}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       incoming -> claimed: {role: implement}
    ///       claimed -> provisional: {}
    ///       provisional -> done: {}
    /// queues: {provisional: {}}
    /// ```
    UNKNOWN_QUEUE = ("OL102", "unknown-queue", Error, "A reference names a queue that is not defined");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    super::report_unknown(cx, Kind::Queue, &UNKNOWN_QUEUE, out, |_| false);
}
