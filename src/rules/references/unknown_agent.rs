//! `unknown-agent`: a reference to a agent that is not defined.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// Reports an agent name that is not defined under `agents:`, in a transition's `agent`
    /// or an agent condition's `agent`, with the closest agent names suggested.
    ///
    /// ## Why is this bad?
    /// The condition waits for a decision from an agent that does not exist, so tasks stall
    /// at that transition.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {review: {claims_from: provisional}}
    /// agents: {gatekeeper: {role: review}}
    /// queues: {provisional: {}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       provisional -> done:
    ///         conditions:
    ///           - {name: review, type: agent, agent: gatekeeeper}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {review: {claims_from: provisional}}
    /// agents: {gatekeeper: {role: review}}
    /// queues: {provisional: {}}
    /// flows:
    ///   default:
    ///     transitions:
    ///       provisional -> done:
    ///         conditions:
    ///           - {name: review, type: agent, agent: gatekeeper}
    /// ```
    UNKNOWN_AGENT = ("OL103", "unknown-agent", Error, "A reference names an agent that is not defined");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    super::report_unknown(cx, Kind::Agent, &UNKNOWN_AGENT, out, |_| false);
}
