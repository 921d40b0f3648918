//! What the breaking-change rules read: two versions of one definition. Findings point into
//! the new version — at what changed, or, for what is gone, at the section it was in — and
//! say where the old version had it.

use crate::model::{Definition, Flow, Named, Role, Transition};
use crate::source::{SourceFile, Span};
use crate::yaml::{Document, NodeKind};

/// The old and the new version of a definition.
pub struct Change<'a> {
    pub old: &'a Definition,
    pub old_file: &'a SourceFile,
    pub new: &'a Definition,
    pub new_tree: &'a Document,
}

/// A breaking-change rule.
pub type BreakingCheck = fn(&Change, &mut Vec<crate::diagnostic::Diagnostic>);

impl Change<'_> {
    /// The span of the top-level key `key` of the new version (`roles:`), else the start of
    /// the file: where a finding about something gone from that section points.
    pub fn section(&self, key: &str) -> Span {
        let tree = self.new_tree;
        let Some(NodeKind::Mapping(entries)) = tree.root.map(|root| &tree.node(root).kind) else {
            return 0..0;
        };
        entries
            .iter()
            .find(|(k, _)| tree.scalar_str(*k) == Some(key))
            .map_or(0..0, |(k, _)| tree.node(k).span())
    }

    /// "line 12 of the old version", for where something was.
    pub fn was_at(&self, span: &Span) -> String {
        format!(
            "line {} of the old version",
            self.old_file.position(span.start).line
        )
    }
}

/// The queue a role claims from (`incoming` unless set).
pub fn claims_from(role: &Named<Role>) -> &str {
    role.value
        .claims_from
        .as_ref()
        .map_or(crate::model::DEFAULT_QUEUE, |q| q.as_str())
}

/// A flow's transitions and its child flow's, each with how messages name the flow.
pub fn flow_parts(flow: &Named<Flow>) -> Vec<(String, &[Transition])> {
    let name = flow.name.as_str();
    let mut parts = vec![(format!("flow `{name}`"), flow.value.transitions.as_slice())];
    if let Some(child) = &flow.value.child_flow {
        parts.push((
            format!("the child flow of `{name}`"),
            child.transitions.as_slice(),
        ));
    }
    parts
}
