//! Reads Octopoid's YAML files field by field with spans, the way Python's `yaml.safe_load`
//! and `dict.get` see them, reporting wrong types and unknown keys.
//!
//! Octopoid ignores keys it does not know, so an unknown key is a warning — unless it is a
//! near miss of a known one (`claim_frm`), whose setting then silently never applies: that
//! is an error.

use crate::diagnostic::structural::{invalid_value::INVALID_VALUE, unknown_key::UNKNOWN_KEY};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Spanned;
use crate::source::Span;
use crate::suggest::suggestions;
use crate::yaml::{Document, NodeId, NodeKind, ScalarKind};

/// A mapping's entries with string keys, merge keys (`<<`) expanded one level deep.
#[derive(Debug, Default, Clone)]
pub struct Map {
    pub entries: Vec<(Spanned<String>, NodeId)>,
}

impl Map {
    /// The value of the entry named `key`: the last, as PyYAML keeps the last of two equal keys
    /// (the duplicate is reported, saying so).
    pub fn get(&self, key: &str) -> Option<NodeId> {
        self.entry(key).map(|(_, value)| *value)
    }

    pub fn key(&self, key: &str) -> Option<&Spanned<String>> {
        self.entry(key).map(|(name, _)| name)
    }

    fn entry(&self, key: &str) -> Option<&(Spanned<String>, NodeId)> {
        self.entries.iter().rfind(|(name, _)| name.value == key)
    }
}

pub struct Reader<'a> {
    pub doc: &'a Document,
    pub text: &'a str,
    pub out: &'a mut Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(doc: &'a Document, text: &'a str, out: &'a mut Vec<Diagnostic>) -> Self {
        Self { doc, text, out }
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.doc.node(id).span.clone()
    }

    /// The span cut to its first line, so a large block is not underlined whole.
    pub fn head_span(&self, id: NodeId) -> Span {
        let span = self.span(id);
        let end = self.text[span.clone()]
            .find('\n')
            .map_or(span.end, |at| span.start + at);
        span.start..end
    }

    /// What a node is, with its text when it is a short scalar: "the integer `-1`".
    fn found(&self, id: NodeId) -> String {
        let noun = self.doc.describe(id);
        let text = &self.text[self.span(id)];
        let scalar = self.doc.scalar_kind(id).is_some();
        if scalar && !text.is_empty() && text.len() <= 40 && !text.contains('\n') {
            let noun = noun.split_once(' ').map_or(noun, |(_, rest)| rest);
            format!("the {noun} `{text}`")
        } else {
            noun.to_string()
        }
    }

    fn invalid(&mut self, id: NodeId, expected: &str) {
        let message = format!("expected {expected}, found {}", self.found(id));
        let span = self.head_span(id);
        self.out
            .push(Diagnostic::new(&INVALID_VALUE, span, message).label("here"));
    }

    /// The document's root mapping; an empty document reads as an empty mapping.
    pub fn root(&mut self, what: &str) -> Option<Map> {
        match self.doc.root {
            Some(root) => self.map(root, what),
            None => Some(Map::default()),
        }
    }

    /// A mapping (null reads as empty, like `data.get(key) or {}`).
    pub fn map(&mut self, id: NodeId, what: &str) -> Option<Map> {
        let resolved = self.doc.resolve(id)?;
        match &self.doc.node(resolved).kind {
            NodeKind::Mapping(entries) => Some(self.entries(entries)),
            _ if self.doc.scalar_kind(id) == Some(ScalarKind::Null) => Some(Map::default()),
            _ => {
                self.invalid(id, &format!("a mapping for {what}"));
                None
            }
        }
    }

    fn entries(&mut self, raw: &[(NodeId, NodeId)]) -> Map {
        let mut own = Vec::new();
        let mut merged = Vec::new();
        for &(key, value) in raw {
            if self.doc.is_merge_key(key) {
                merged.extend(self.merge_sources(value));
                continue;
            }
            match self.doc.scalar_str(key) {
                Some(name) => own.push((Spanned::new(name.to_string(), self.span(key)), value)),
                None => self.invalid(key, "a string key"),
            }
        }
        // The mapping's own keys win over merged ones, and an earlier merge source over a
        // later one (`<<: [*a, *b]`), as in PyYAML.
        for (key, value) in merged {
            if !own.iter().any(|(k, _)| k.value == key.value) {
                own.push((key, value));
            }
        }
        Map { entries: own }
    }

    fn merge_sources(&mut self, value: NodeId) -> Vec<(Spanned<String>, NodeId)> {
        let sources = match self.doc.resolve(value).map(|id| &self.doc.node(id).kind) {
            Some(NodeKind::Sequence(items)) => items.clone(),
            _ => vec![value],
        };
        let mut entries = Vec::new();
        for source in sources {
            let kind = self.doc.resolve(source).map(|id| &self.doc.node(id).kind);
            let Some(NodeKind::Mapping(inner)) = kind else {
                self.invalid(source, "a mapping to merge with `<<`");
                continue;
            };
            for &(key, value) in inner {
                if let Some(name) = self
                    .doc
                    .scalar_str(key)
                    .filter(|_| !self.doc.is_merge_key(key))
                {
                    entries.push((Spanned::new(name.to_string(), self.span(key)), value));
                }
            }
        }
        entries
    }

    /// Reports every key of `map` not in `known`: an error when it is a near miss of a known
    /// key, a warning otherwise.
    pub fn unknown_keys(&mut self, map: &Map, known: &[&str], what: &str) {
        let mut reported: Vec<&str> = Vec::new();
        for (key, _) in &map.entries {
            // A repeated key is a `duplicate-key` finding, reported once as unknown.
            if known.contains(&key.as_str()) || reported.contains(&key.as_str()) {
                continue;
            }
            reported.push(key.as_str());
            let candidates = suggestions(key.as_str(), known.iter().copied());
            let mut diagnostic = Diagnostic::new(
                &UNKNOWN_KEY,
                key.span.clone(),
                format!("unknown key `{}` in {what}: Octopoid ignores it", key.value),
            )
            .label("not read by Octopoid")
            .did_you_mean(&candidates);
            if candidates.is_empty() {
                diagnostic.severity = Severity::Warning;
                diagnostic =
                    diagnostic.help(format!("keys Octopoid reads here: {}", known.join(", ")));
            }
            self.out.push(diagnostic);
        }
    }

    /// A list; null reads as empty.
    pub fn seq(&mut self, id: NodeId, what: &str) -> Option<Vec<NodeId>> {
        let resolved = self.doc.resolve(id)?;
        match &self.doc.node(resolved).kind {
            NodeKind::Sequence(items) => Some(items.clone()),
            _ if self.doc.scalar_kind(id) == Some(ScalarKind::Null) => Some(Vec::new()),
            _ => {
                self.invalid(id, &format!("a list for {what}"));
                None
            }
        }
    }

    /// A null value (`~`, `null`, nothing): Octopoid's `dict.get` gives `None` for it as for
    /// an absent key, so it reads as unset, without a finding.
    fn is_null(&self, id: NodeId) -> bool {
        self.doc.scalar_kind(id) == Some(ScalarKind::Null)
    }

    pub fn string(&mut self, id: NodeId, key: &str) -> Option<Spanned<String>> {
        if self.is_null(id) {
            return None;
        }
        match self.doc.scalar_kind(id) {
            Some(ScalarKind::Str) => Some(Spanned::new(
                self.doc.scalar_str(id)?.to_string(),
                self.span(id),
            )),
            _ => {
                self.invalid(id, &format!("a string for `{key}`"));
                None
            }
        }
    }

    /// A string, or a number Python would read as one and use in text (`id: 1`).
    pub fn text(&mut self, id: NodeId, key: &str) -> Option<Spanned<String>> {
        if self.is_null(id) {
            return None;
        }
        match self.doc.scalar_kind(id) {
            Some(ScalarKind::Int(_)) => Some(Spanned::new(
                self.doc.scalar_str(id)?.to_string(),
                self.span(id),
            )),
            _ => self.string(id, key),
        }
    }

    pub fn positive(&mut self, id: NodeId, key: &str) -> Option<Spanned<u64>> {
        if self.is_null(id) {
            return None;
        }
        match self.doc.scalar_kind(id) {
            Some(ScalarKind::Int(Some(value))) if value >= 1 => {
                Some(Spanned::new(value.unsigned_abs(), self.span(id)))
            }
            _ => {
                self.invalid(id, &format!("a positive integer for `{key}`"));
                None
            }
        }
    }

    /// A boolean as PyYAML reads it: YAML 1.1 also takes `yes`/`no`/`on`/`off`.
    pub fn boolean(&mut self, id: NodeId, key: &str) -> Option<Spanned<bool>> {
        if self.is_null(id) {
            return None;
        }
        let value = match self.doc.scalar_kind(id) {
            Some(ScalarKind::Bool(value)) => Some(value),
            Some(ScalarKind::Str) => match self.doc.scalar_str(id) {
                Some("yes" | "Yes" | "YES" | "on" | "On" | "ON") => Some(true),
                Some("no" | "No" | "NO" | "off" | "Off" | "OFF") => Some(false),
                _ => None,
            },
            _ => None,
        };
        match value {
            Some(value) => Some(Spanned::new(value, self.span(id))),
            None => {
                self.invalid(id, &format!("`true` or `false` for `{key}`"));
                None
            }
        }
    }

    /// A list of strings; items that are not strings are reported and dropped.
    pub fn strings(&mut self, id: NodeId, key: &str) -> Option<Vec<Spanned<String>>> {
        let items = self.seq(id, &format!("`{key}`"))?;
        Some(
            items
                .into_iter()
                .filter_map(|item| self.string(item, key))
                .collect(),
        )
    }

    /// A string that must be one of `allowed`, with a did-you-mean.
    pub fn one_of(&mut self, id: NodeId, key: &str, allowed: &[&str]) -> Option<Spanned<String>> {
        let value = self.string(id, key)?;
        if allowed.contains(&value.as_str()) {
            return Some(value);
        }
        let candidates = suggestions(value.as_str(), allowed.iter().copied());
        let mut diagnostic = Diagnostic::new(
            &INVALID_VALUE,
            value.span.clone(),
            format!(
                "`{}` is not a valid `{key}`; expected one of {}",
                value.value,
                allowed.join(", ")
            ),
        )
        .did_you_mean(&candidates);
        if candidates.is_empty() {
            diagnostic = diagnostic.help(format!("use one of: {}", allowed.join(", ")));
        }
        self.out.push(diagnostic);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn read(text: &str, known: &[&str]) -> (Map, Vec<Diagnostic>) {
        let doc = yaml::load(text);
        let mut out = Vec::new();
        let map = Reader::new(&doc, text, &mut out).root("the file").unwrap();
        Reader::new(&doc, text, &mut out).unknown_keys(&map, known, "the file");
        (map, out)
    }

    #[test]
    fn near_misses_are_errors_and_other_unknown_keys_warnings() {
        let (_, out) = read(
            "claim_frm: x\nfavourite_colour: blue\n",
            &["claim_from", "role"],
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[0].suggestion.as_deref(), Some("claim_from"));
        assert_eq!(out[1].severity, Severity::Warning);
    }

    #[test]
    fn merge_keys_are_expanded_and_own_keys_win() {
        let text = "base: &b {role: a, model: m}\nagent:\n  <<: *b\n  role: b\n";
        let doc = yaml::load(text);
        let mut out = Vec::new();
        let mut reader = Reader::new(&doc, text, &mut out);
        let root = reader.root("the file").unwrap();
        let agent = reader.map(root.get("agent").unwrap(), "agent").unwrap();
        let role = reader.string(agent.get("role").unwrap(), "role").unwrap();
        assert_eq!(role.value, "b");
        assert!(agent.get("model").is_some());
        assert!(out.is_empty());
    }

    #[test]
    fn booleans_are_read_like_pyyaml() {
        let text = "a: yes\nb: Off\nc: maybe\n";
        let doc = yaml::load(text);
        let mut out = Vec::new();
        let mut reader = Reader::new(&doc, text, &mut out);
        let root = reader.root("f").unwrap();
        assert_eq!(
            reader.boolean(root.get("a").unwrap(), "a").map(|b| b.value),
            Some(true)
        );
        assert_eq!(
            reader.boolean(root.get("b").unwrap(), "b").map(|b| b.value),
            Some(false)
        );
        assert!(reader.boolean(root.get("c").unwrap(), "c").is_none());
        assert_eq!(out.len(), 1);
    }
}
