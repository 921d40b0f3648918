//! What the cursor is on or in: the YAML path to it (from the parsed tree when the file parses,
//! else from indentation, since a file being typed is often not valid YAML), and what kind of
//! name or key belongs at it.

use crate::semantic::Kind;
use crate::source::{SourceFile, Span};
use crate::yaml::{Document, NodeKind};

/// What the tree has at an offset.
pub enum Hit {
    /// On a mapping key; the path is that of the mapping holding it.
    Key(String),
    /// On a scalar value.
    Value,
}

/// The path of keys to the innermost node containing `offset`, and what is there.
pub fn locate(doc: &Document, offset: usize) -> (Vec<String>, Option<Hit>) {
    let mut path = Vec::new();
    let Some(mut node) = doc.root else {
        return (path, None);
    };
    let contains = |span: &Span| span.start <= offset && offset <= span.end;
    loop {
        match &doc.node(node).kind {
            NodeKind::Mapping(entries) => {
                let mut next = None;
                for (key, value) in entries.iter() {
                    if contains(&doc.node(key).span()) {
                        let name = doc.scalar_str(key).unwrap_or_default().to_string();
                        return (path, Some(Hit::Key(name)));
                    }
                    if contains(&doc.node(value).span()) {
                        path.push(doc.scalar_str(key).unwrap_or_default().to_string());
                        next = Some(value);
                        break;
                    }
                }
                match next {
                    Some(value) => node = value,
                    None => return (path, None),
                }
            }
            NodeKind::Sequence(items) => {
                match items.iter().find(|&item| contains(&doc.node(item).span())) {
                    Some(item) => {
                        path.push("[]".to_string());
                        node = item;
                    }
                    None => return (path, None),
                }
            }
            NodeKind::Scalar { .. } | NodeKind::Alias(_) => return (path, Some(Hit::Value)),
        }
    }
}

/// What belongs at the cursor when completing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// A name of this kind.
    Name(Kind),
    /// A queue name inside a `"<from> -> <to>"` key.
    TransitionQueue,
    /// One of fixed values (`type: agent|script|manual`, rule levels).
    Values(&'static [&'static str]),
    /// A model name (`policy.models`, or the common ones).
    Model,
    /// A tool name (those the definition's roles, agents and steps already use).
    Tool,
    /// A key of the mapping at this path.
    Key(Vec<String>),
    Nothing,
}

/// The completion context at `offset`: what is expected, and the span of the partial word
/// typed so far (which a completion replaces).
pub fn completion_context(file: &SourceFile, offset: usize) -> (Expected, Span) {
    let line = file.line_of(offset);
    let line_start = file.line_start(line);
    let before = &file.text[line_start..offset.min(line_start + file.line_text(line).len())];
    let word_len = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .map(char::len_utf8)
        .sum::<usize>();
    let word_start = line_start + before.len() - word_len;
    // The rest of the word after the cursor is replaced too (`rev|eiw` → `review`).
    let after = &file.line_text(line)[before.len()..];
    let rest: usize = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .map(char::len_utf8)
        .sum();
    let replace = word_start..line_start + before.len() + rest;
    let head = &before[..before.len() - word_len];
    let trimmed = head.trim_start();
    let indent = head.len() - trimmed.len();

    // A value after `key:` on this line, in block or flow style, or an item of `key: [..`.
    if let Some(key) = value_key(trimmed) {
        let path = indent_path(file, line, indent);
        return (value_expected(&key, &path), replace);
    }
    // An item of a block list: `- name` under `runs:` or `checks:`.
    if trimmed == "- " || trimmed == "-" {
        let path = indent_path(file, line, indent);
        if let Some(parent) = path.last() {
            return (value_expected(parent, &path[..path.len() - 1]), replace);
        }
    }
    let path = indent_path(file, line, indent);
    let in_transitions = path.last().is_some_and(|k| k == "transitions");
    if in_transitions && (trimmed.is_empty() || trimmed.ends_with("->") || trimmed.ends_with("-> "))
    {
        return (Expected::TransitionQueue, replace);
    }
    if trimmed.is_empty() || trimmed == "{" || trimmed.ends_with(", ") {
        return (Expected::Key(path), replace);
    }
    (Expected::Nothing, replace)
}

/// The key whose value the cursor is in, from the text before the partial word.
fn value_key(head: &str) -> Option<String> {
    let head = head.trim_end();
    // `key: [a, b, ` — inside a flow list: the key before the bracket.
    let head = if head.ends_with('[') || head.ends_with(',') {
        let open = head.rfind('[')?;
        if head[open..].contains(']') {
            return None;
        }
        head[..open].trim_end()
    } else {
        head
    };
    let before_colon = head.strip_suffix(':')?;
    let key: String = before_colon
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!key.is_empty()).then_some(key)
}

fn value_expected(key: &str, path: &[String]) -> Expected {
    let top_level = path.is_empty();
    match key {
        "role" => Expected::Name(Kind::Role),
        // `claim_from`: an Octopoid agent's.
        "claims_from" | "claim_from" | "initial" | "on_checks_fail" | "on_fail" => {
            Expected::Name(Kind::Queue)
        }
        "agent" => Expected::Name(Kind::Agent),
        "runs" => Expected::Name(Kind::Step),
        "checks" if !top_level => Expected::Name(Kind::Check),
        "type" => Expected::Values(&["agent", "script", "manual"]),
        "terminal" | "skip" | "checkpoint" | "require_tests" => {
            Expected::Values(&["true", "false"])
        }
        "verdicts" => Expected::Values(&["accept", "accept-with-notes", "reject", "blocked"]),
        "outcome" => Expected::Values(&["success", "failure"]),
        "to" => Expected::Name(Kind::Role),
        "interface" => Expected::Values(&["orchestrate", "worker"]),
        "kind" => Expected::Values(&[
            "plan",
            "build",
            "fix",
            "test",
            "review",
            "execute",
            "orchestrate",
        ]),
        "recovery" => {
            Expected::Values(&["retry", "revise", "review", "split", "reroute", "add-role"])
        }
        "action" | "capabilities" => Expected::Values(&[
            "create", "assign", "progress", "discover", "block", "complete",
        ]),
        "model" => Expected::Model,
        "tools" | "write_tools" | "read_only_tools" => Expected::Tool,
        _ if path.len() == 2 && path[0] == "lint" && path[1] == "rules" => {
            Expected::Values(&["error", "warning", "info", "off"])
        }
        _ => Expected::Nothing,
    }
}

/// The keys of the block mappings enclosing `line` at `indent`, from the root, read from
/// indentation alone (a `- ` item contributes `[]`).
pub fn indent_path(file: &SourceFile, line: usize, indent: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut current = indent;
    for above in (0..line).rev() {
        if current == 0 {
            break;
        }
        let text = file.line_text(above);
        let content = text.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let at = text.len() - content.len();
        if at >= current {
            continue;
        }
        if content.starts_with("- ") {
            // The cursor's mapping is this list item (whose first key may share its line).
            path.push("[]".to_string());
            current = at;
            continue;
        }
        let key = content.split(':').next().unwrap_or_default().trim();
        let key = key.trim_matches(|c| c == '"' || c == '\'');
        path.push(key.to_string());
        current = at;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(text_with_cursor: &str) -> Expected {
        let offset = text_with_cursor.find('|').unwrap();
        let text = text_with_cursor.replace('|', "");
        completion_context(&SourceFile::new("t", text), offset).0
    }

    #[test]
    fn offered_values_are_the_models() {
        use crate::model::{
            Capability, ConditionKind, Interface, Outcome, Recovery, RoleKind, RuleLevel, Verdict,
        };
        fn names<T>(table: &[(&'static str, T)]) -> Vec<&'static str> {
            table.iter().map(|(name, _)| *name).collect()
        }
        let offered = |key: &str, path: &[&str]| {
            let path: Vec<String> = path.iter().map(|p| p.to_string()).collect();
            match value_expected(key, &path) {
                Expected::Values(values) => values.to_vec(),
                other => panic!("{key}: {other:?}"),
            }
        };
        assert_eq!(offered("action", &["flows"]), names(&Capability::ALL));
        assert_eq!(offered("capabilities", &["roles"]), names(&Capability::ALL));
        assert_eq!(offered("outcome", &["queues"]), names(&Outcome::ALL));
        assert_eq!(offered("type", &["flows"]), names(&ConditionKind::ALL));
        assert_eq!(offered("interface", &["roles"]), names(&Interface::ALL));
        assert_eq!(offered("kind", &["roles"]), names(&RoleKind::ALL));
        assert_eq!(offered("recovery", &["roles"]), names(&Recovery::ALL));
        assert_eq!(offered("verdicts", &["roles"]), names(&Verdict::ALL));
        assert_eq!(offered("x", &["lint", "rules"]), names(&RuleLevel::ALL));
    }

    #[test]
    fn knows_what_belongs_at_the_cursor() {
        assert_eq!(
            context("agents:\n  a: {role: imp|}\n"),
            Expected::Name(Kind::Role)
        );
        assert_eq!(
            context("agents:\n  a:\n    role: |\n"),
            Expected::Name(Kind::Role)
        );
        assert_eq!(
            context("roles:\n  r:\n    claims_from: prov|\n"),
            Expected::Name(Kind::Queue)
        );
        assert_eq!(
            context("flows:\n  f:\n    transitions:\n      a -> b: {runs: [x, |]}\n"),
            Expected::Name(Kind::Step)
        );
        assert_eq!(
            context(
                "flows:\n  f:\n    transitions:\n      a -> b:\n        runs:\n          - |\n"
            ),
            Expected::Name(Kind::Step)
        );
        assert_eq!(
            context("flows:\n  f:\n    transitions:\n      incoming -> cl|\n"),
            Expected::TransitionQueue
        );
        assert_eq!(
            context("roles:\n  review:\n    cla|\n"),
            Expected::Key(vec!["roles".into(), "review".into()])
        );
        assert_eq!(context("ver|"), Expected::Key(vec![]));
        assert_eq!(
            context(
                "flows:\n  f:\n    transitions:\n      a -> b:\n        conditions:\n          - name: x\n            |\n"
            ),
            Expected::Key(vec![
                "flows".into(),
                "f".into(),
                "transitions".into(),
                "a -> b".into(),
                "conditions".into(),
                "[]".into()
            ])
        );
    }
}
