//! `flow-removed`: a flow of the old version is gone from the new one.

use super::change::Change;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Compares two versions of a definition and reports a flow the old version has and the
    /// new one does not.
    ///
    /// ## Why is this bad?
    /// Tasks of the flow keep its name: the orchestrator no longer knows how to move them,
    /// while the server still checks them against the flow it holds.
    ///
    /// ## Example
    /// ```yaml
    /// # before
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows:
    ///   default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}
    ///   hotfix: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows:
    ///   default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}
    /// ```
    ///
    /// ## Use instead
    /// Keep the flow until its tasks are finished.
    /// ```yaml
    /// # before
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows:
    ///   default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows:
    ///   default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}}}
    /// ```
    FLOW_REMOVED = ("OL806", "flow-removed", Error, "A flow of the old version is gone", breaking);
}

pub fn check(cx: &Change, out: &mut Vec<Diagnostic>) {
    for flow in cx.old.flows.iter() {
        let name = flow.name.as_str();
        if cx.new.flows.get(name).is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &FLOW_REMOVED,
                cx.section("flows"),
                format!(
                    "flow `{name}` ({}) is gone: its tasks can no longer be moved",
                    cx.was_at(&flow.name.span)
                ),
            )
            .label(format!("`{name}` was here"))
            .help(format!("keep flow `{name}` until its tasks are finished")),
        );
    }
}
