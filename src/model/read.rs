//! The one spanned reader: a YAML tree read field by field, with merge keys expanded, every
//! wrong type an `invalid-value` finding, and keys nobody reads reported with a did-you-mean.
//! Definitions (`decode`) and Octopoid's own files (the Octopoid provider) both read through
//! it, so the two cannot drift apart.
//!
//! Two policies differ between them, and each call site chooses:
//! - unknown keys: [`Reader::finish`] reports every key no field asked for as an error (a
//!   definition's keys are all known); [`Reader::ignored_keys`] reports keys outside a table as
//!   Octopoid sees them — ignored, so a warning, unless a near miss of a known key, whose
//!   setting then silently never applies: an error;
//! - values: a reader made with [`Reader::python`] reads values as Octopoid's Python code does
//!   with `dict.get` — null is unset, `yes`/`no`/`on`/`off` are booleans — where a definition
//!   reader reports them.
//!
//! Of two equal keys a definition keeps the first and PyYAML (Octopoid) the last; a [`Map`]
//! follows the document's [`Schema`].

use foldhash::{HashMap, HashSet};

use crate::diagnostic::structural::{duplicate_key, invalid_value, unknown_key};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::Spanned;
use crate::source::Span;
use crate::suggest::suggestions;
use crate::yaml::{Document, Entries, NodeId, NodeKind, ScalarKind, Schema};

/// One entry of a mapping: its key as text with its span, the key's node and the value's.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Spanned<String>,
    pub key_node: NodeId,
    pub value: NodeId,
}

/// A mapping opened for reading: its own entries, then entries merged in with `<<` (from
/// [`Map::own`] on), and which keys were asked for.
#[derive(Debug, Clone, Default)]
pub struct Map {
    pub entries: Vec<Entry>,
    /// How many of [`Map::entries`] are the mapping's own.
    pub own: usize,
    /// Of two equal own keys the last counts (PyYAML), else the first.
    last_wins: bool,
    used: Vec<bool>,
    known: Vec<&'static str>,
}

impl Map {
    /// The value of the entry named `key`, without marking it read (see [`Reader::field`]).
    pub fn get(&self, key: &str) -> Option<NodeId> {
        self.index(key).map(|at| self.entries[at].value)
    }

    /// The key of the entry named `key`, as written.
    pub fn key(&self, key: &str) -> Option<&Spanned<String>> {
        self.index(key).map(|at| &self.entries[at].key)
    }

    /// Whether the mapping has an entry named `key` (even a null one).
    pub fn has(&self, key: &str) -> bool {
        self.index(key).is_some()
    }

    /// Which entry counts for `key`: of the mapping's own, the first or (PyYAML) the last; a
    /// merged key only when the mapping has none, the earlier merge source first.
    fn index(&self, key: &str) -> Option<usize> {
        let named = |entry: &Entry| entry.key.value == key;
        let own = &self.entries[..self.own];
        let found = if self.last_wins {
            own.iter().rposition(named)
        } else {
            own.iter().position(named)
        };
        found.or_else(|| {
            self.entries[self.own..]
                .iter()
                .position(named)
                .map(|at| self.own + at)
        })
    }
}

/// Reads one document; findings go to `out`.
pub struct Reader<'a> {
    pub doc: &'a Document,
    pub text: &'a str,
    pub out: &'a mut Vec<Diagnostic>,
    /// Values are read as Octopoid's Python code reads them (see [`Reader::python`]).
    python: bool,
}

impl<'a> Reader<'a> {
    /// A reader for a definition: every value must have its type.
    pub fn new(doc: &'a Document, text: &'a str, out: &'a mut Vec<Diagnostic>) -> Self {
        Self {
            doc,
            text,
            out,
            python: false,
        }
    }

    /// A reader for a file Octopoid reads with `dict.get`: a null value is unset, as an absent
    /// key is, and YAML 1.1's `yes`/`no`/`on`/`off` are booleans.
    pub fn python(doc: &'a Document, text: &'a str, out: &'a mut Vec<Diagnostic>) -> Self {
        Self {
            python: true,
            ..Self::new(doc, text, out)
        }
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.doc.node(id).span()
    }

    /// The span of a node cut to its first line, so a large block is not underlined whole.
    pub fn head_span(&self, id: NodeId) -> Span {
        let span = self.span(id);
        let end = self.text[span.clone()]
            .find('\n')
            .map_or(span.end, |at| span.start + at);
        span.start..end.max(span.start)
    }

    /// What a node is, with its text when it is a short scalar: "the integer `0`".
    pub fn found(&self, id: NodeId) -> String {
        let noun = self.doc.describe(id);
        let text = &self.text[self.span(id)];
        let is_scalar = matches!(
            self.doc.resolve(id).map(|r| &self.doc.node(r).kind),
            Some(NodeKind::Scalar { .. })
        );
        if is_scalar && !text.is_empty() && text.len() <= 40 && !text.contains('\n') {
            let noun = noun
                .strip_prefix("an ")
                .or_else(|| noun.strip_prefix("a "))
                .unwrap_or(noun);
            format!("the {noun} `{text}`")
        } else {
            noun.to_string()
        }
    }

    /// Reports a value that is not what `expected` says.
    pub fn invalid(&mut self, id: NodeId, expected: &str) {
        let message = format!("expected {expected}, found {}", self.found(id));
        let span = self.head_span(id);
        self.out.push(Diagnostic::new(
            &invalid_value::INVALID_VALUE,
            span,
            message,
        ));
    }

    fn report(&mut self, rule: &'static RuleMeta, span: Span, message: &str, help: Option<&str>) {
        let mut diagnostic = Diagnostic::new(rule, span, message);
        diagnostic.help = help.map(str::to_string);
        self.out.push(diagnostic);
    }

    /// A value as a message shows it: a short scalar's text in backticks, else what it is.
    fn shown_value(&self, id: NodeId) -> String {
        match self.doc.scalar_str(id) {
            Some(text) if text.chars().count() <= 40 && !text.contains('\n') => format!("`{text}`"),
            _ => self.doc.describe(id).to_string(),
        }
    }

    /// What is wrong with the document whatever its schema: duplicate keys, tags outside the
    /// core schema, documents after the first.
    pub fn document_problems(&mut self) {
        let doc = self.doc;
        self.report_duplicate_keys();
        for (span, tag) in &doc.custom_tags {
            self.report(
                &invalid_value::INVALID_VALUE,
                span.clone(),
                &format!("unsupported tag `{tag}`: only the YAML core schema's tags (`!!str`, ...) mean anything here"),
                Some("remove the tag; orchestrators load definitions with safe loaders that reject custom tags"),
            );
        }
        let message = match doc.schema {
            Schema::PyYaml => {
                "Octopoid reads one YAML document per file and refuses a file with more"
            }
            Schema::Core => {
                "a definition is a single YAML document; this extra document is ignored"
            }
        };
        for span in &doc.extra_documents {
            self.report(
                &invalid_value::INVALID_VALUE,
                span.clone(),
                message,
                Some("move its content into the first document or into its own file"),
            );
        }
    }

    /// Reports both occurrences of every key written twice in any mapping of the file.
    fn report_duplicate_keys(&mut self) {
        let doc = self.doc;
        for node in &doc.nodes {
            let NodeKind::Mapping(entries) = &node.kind else {
                continue;
            };
            // Most mappings have a handful of keys: comparing with the earlier ones is cheaper
            // than hashing; a large one (20,000 roles) is hashed.
            let mut seen: HashMap<&str, NodeId> = HashMap::default();
            for (at, (key, _)) in entries.iter().enumerate() {
                let Some(name) = doc.scalar_str(key) else {
                    continue;
                };
                let earlier = if entries.len() <= 16 {
                    entries
                        .iter()
                        .take(at)
                        .map(|(earlier, _)| earlier)
                        .find(|&earlier| doc.scalar_str(earlier) == Some(name))
                } else {
                    seen.get(name).copied()
                };
                if let Some(first) = earlier {
                    // Octopoid (PyYAML) keeps the last value; octolint's own format the first.
                    let (label, help) = if doc.schema == Schema::PyYaml {
                        let first_value = entries
                            .iter()
                            .find(|&(k, _)| k == first)
                            .map_or(first, |(_, v)| v);
                        (
                            "defined again here: Octopoid uses this value".to_string(),
                            format!(
                                "remove one of them: Octopoid (PyYAML) uses the last value, {}, not {}",
                                self.shown_value(entries.get(at).map_or(key, |(_, value)| value)),
                                self.shown_value(first_value)
                            ),
                        )
                    } else {
                        (
                            "defined again here".to_string(),
                            "remove one of them; only the first is used".to_string(),
                        )
                    };
                    self.out.push(
                        Diagnostic::new(
                            &duplicate_key::DUPLICATE_KEY,
                            self.span(key),
                            format!("key `{name}` is defined twice in the same mapping"),
                        )
                        .label(label)
                        .related(self.span(first), "first defined here")
                        .help(help),
                    );
                } else if entries.len() > 16 {
                    seen.insert(name, key);
                }
            }
        }
    }

    /// The document's root mapping; an empty document reads as an empty mapping.
    pub fn root(&mut self, what: &str) -> Option<Map> {
        match self.doc.root {
            Some(root) => self.map(root, what),
            None => Some(self.empty_map()),
        }
    }

    fn empty_map(&self) -> Map {
        Map {
            last_wins: self.doc.schema == Schema::PyYaml,
            ..Map::default()
        }
    }

    /// Opens a mapping for reading. Null reads as an empty mapping (`data.get(key) or {}`).
    pub fn map(&mut self, id: NodeId, what: &str) -> Option<Map> {
        let resolved = self.doc.resolve(id)?;
        match &self.doc.node(resolved).kind {
            NodeKind::Mapping(raw) => Some(self.entries(raw)),
            _ if self.doc.scalar_kind(id) == Some(ScalarKind::Null) => Some(self.empty_map()),
            _ => {
                self.invalid(id, &format!("a mapping for {what}"));
                None
            }
        }
    }

    /// A mapping's entries with merge keys (`<<: *base`, `<<: [*a, *b]`) expanded, one level
    /// deep: the merged entries follow the mapping's own, so its own keys win. A key that is
    /// not a scalar is reported and left out.
    fn entries(&mut self, raw: &Entries) -> Map {
        let mut own = Vec::with_capacity(raw.len());
        let mut merged = Vec::new();
        for (key, value) in raw.iter() {
            if self.doc.is_merge_key(key) {
                let sources = match self.doc.resolve(value).map(|id| &self.doc.node(id).kind) {
                    Some(NodeKind::Sequence(items)) => items.to_vec(),
                    _ => vec![value],
                };
                for source in sources {
                    match self.doc.resolve(source).map(|id| &self.doc.node(id).kind) {
                        Some(NodeKind::Mapping(inner)) => {
                            merged.extend(inner.iter().filter(|&(k, _)| !self.doc.is_merge_key(k)))
                        }
                        _ => self
                            .invalid(source, "a mapping (or list of mappings) to merge with `<<`"),
                    }
                }
                continue;
            }
            own.push((key, value));
        }
        let own_len = own.len();
        let mut entries = Vec::with_capacity(own_len + merged.len());
        let mut own_read = 0;
        for (index, (key, value)) in own.into_iter().chain(merged).enumerate() {
            match self.doc.scalar_str(key) {
                Some(name) => {
                    entries.push(Entry {
                        key: Spanned::new(name.to_string(), self.span(key)),
                        key_node: key,
                        value,
                    });
                    if index < own_len {
                        own_read += 1;
                    }
                }
                // A merged-in key is reported where its own mapping is read.
                None if index < own_len => self.invalid(key, "a string key"),
                None => {}
            }
        }
        Map {
            used: vec![false; entries.len()],
            entries,
            own: own_read,
            last_wins: self.doc.schema == Schema::PyYaml,
            known: Vec::new(),
        }
    }

    /// The value of field `key`, marking it read: [`Reader::finish`] reports the keys no field
    /// asked for.
    pub fn field(&self, map: &mut Map, key: &'static str) -> Option<NodeId> {
        map.known.push(key);
        let index = map.index(key)?;
        map.used[index] = true;
        Some(map.entries[index].value)
    }

    /// Reports every own key of `map` that no [`Reader::field`] asked for: an error, but in one
    /// of Octopoid's own files, which Octopoid reads ignoring unknown keys, a warning unless
    /// it is a near miss of a known key.
    pub fn finish(&mut self, map: Map, what: &str) {
        // A set: a mapping of 50,000 unknown keys made a list's lookups quadratic.
        let mut reported: HashSet<&str> = HashSet::default();
        for (index, entry) in map.entries[..map.own].iter().enumerate() {
            let name = entry.key.as_str();
            // A repeat of a known key is a duplicate-key finding, not an unknown key.
            if map.used[index] || map.known.contains(&name) || !reported.insert(name) {
                continue;
            }
            let candidates = suggestions(name, map.known.iter().copied());
            let mut diagnostic = Diagnostic::new(
                &unknown_key::UNKNOWN_KEY,
                entry.key.span.clone(),
                format!("unknown key `{name}` in {what}"),
            )
            .label("not a known key")
            .did_you_mean(&candidates);
            if candidates.is_empty() {
                diagnostic = diagnostic.help(format!("known keys: {}", map.known.join(", ")));
                // Octopoid ignores keys it does not read: only a near miss of a known key
                // stays an error, since its setting silently never applies.
                if self.doc.schema == Schema::PyYaml {
                    diagnostic.severity = Severity::Warning;
                }
            }
            self.out.push(diagnostic);
        }
    }

    /// Reports every key of `map` not in `known` as Octopoid, which ignores such keys, sees
    /// it: an error when it is a near miss of a known key, a warning otherwise.
    pub fn ignored_keys(&mut self, map: &Map, known: &[&str], what: &str) {
        let mut reported: HashSet<&str> = HashSet::default();
        for entry in &map.entries {
            let name = entry.key.as_str();
            // A repeated key is a `duplicate-key` finding, reported once as unknown.
            if known.contains(&name) || !reported.insert(name) {
                continue;
            }
            let candidates = suggestions(name, known.iter().copied());
            let mut diagnostic = Diagnostic::new(
                &unknown_key::UNKNOWN_KEY,
                entry.key.span.clone(),
                format!("unknown key `{name}` in {what}: Octopoid ignores it"),
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

    /// The span of the key `key` of `map`, whether or not its value could be read.
    pub fn key_span(&self, map: &Map, key: &str) -> Option<Span> {
        map.key(key).map(|key| key.span.clone())
    }

    /// The items of a list; with [`Reader::python`], null reads as empty.
    pub fn seq(&mut self, id: NodeId, what: &str) -> Option<Vec<NodeId>> {
        let resolved = self.doc.resolve(id)?;
        match &self.doc.node(resolved).kind {
            NodeKind::Sequence(items) => Some(items.to_vec()),
            _ if self.python && self.is_null(id) => Some(Vec::new()),
            _ => {
                self.invalid(id, &format!("a list for {what}"));
                None
            }
        }
    }

    /// A null value (`~`, `null`, nothing).
    fn is_null(&self, id: NodeId) -> bool {
        self.doc.scalar_kind(id) == Some(ScalarKind::Null)
    }

    /// Whether a null value is unset rather than wrong, as for Octopoid's `dict.get`.
    fn unset(&self, id: NodeId) -> bool {
        self.python && self.is_null(id)
    }

    pub fn string(&mut self, id: NodeId, key: &str) -> Option<Spanned<String>> {
        if self.unset(id) {
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
        if self.unset(id) {
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
        if self.unset(id) {
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

    /// A boolean; with [`Reader::python`], YAML 1.1's words too.
    pub fn boolean(&mut self, id: NodeId, key: &str) -> Option<Spanned<bool>> {
        if self.unset(id) {
            return None;
        }
        let value = match self.doc.scalar_kind(id) {
            Some(ScalarKind::Bool(value)) => Some(value),
            Some(ScalarKind::Str) if self.python => match self.doc.scalar_str(id) {
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

    /// A list of strings; items that are not strings are reported and dropped. A definition's
    /// lists are of names, and its messages say so; an Octopoid file's null list is empty.
    pub fn strings(&mut self, id: NodeId, key: &str) -> Option<Vec<Spanned<String>>> {
        let items = if self.python {
            self.seq(id, &format!("`{key}`"))?
        } else {
            let resolved = self.doc.resolve(id)?;
            let NodeKind::Sequence(items) = &self.doc.node(resolved).kind else {
                self.invalid(id, &format!("a list of names for `{key}`"));
                return None;
            };
            items.to_vec()
        };
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
            &invalid_value::INVALID_VALUE,
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

    /// One of `table`'s values, by its name.
    pub fn enumerated<T: Copy>(
        &mut self,
        id: NodeId,
        key: &str,
        table: &[(&'static str, T)],
    ) -> Option<Spanned<T>> {
        let names: Vec<&str> = table.iter().map(|(name, _)| *name).collect();
        let value = self.one_of(id, key, &names)?;
        let (_, found) = table.iter().find(|(name, _)| *name == value.value)?;
        Some(Spanned::new(*found, value.span))
    }

    /// Field `key` of `map` when it is written, else the value of a key that misspells it
    /// (`artefact` for `artifact`), which [`Reader::finish`] still reports as unknown with
    /// the correction. For fields that later checks depend on: reading the misspelt key as
    /// the one meant keeps one misspelling one finding, instead of also "no artifact". Call
    /// it after every other field of `map` is read, so a key another field reads is never
    /// taken for a misspelling.
    pub fn get_or_near_miss<T: Decode>(&mut self, map: &mut Map, key: &'static str) -> Option<T> {
        if map.has(key) {
            return self.get(map, key);
        }
        map.known.push(key);
        let near = map.entries[..map.own].iter().position(|entry| {
            !map.known.contains(&entry.key.as_str())
                && !suggestions(entry.key.as_str(), [key]).is_empty()
        })?;
        let entry = &map.entries[near];
        T::decode(self, entry.value, entry.key.as_str())
    }

    /// Field `key` of `map`, decoded as its type says: each key is written once.
    pub fn get<T: Decode>(&mut self, map: &mut Map, key: &'static str) -> Option<T> {
        let id = self.field(map, key)?;
        T::decode(self, id, key)
    }

    /// Field `key` of `map`, read by `read` where its type alone does not say how (a
    /// duration is a number too).
    pub fn get_with<T>(
        &mut self,
        map: &mut Map,
        key: &'static str,
        read: impl FnOnce(&mut Self, NodeId, &str) -> Option<T>,
    ) -> Option<T> {
        let id = self.field(map, key)?;
        read(self, id, key)
    }
}

/// A value read from one node, with the findings its reading makes. `key` names the value in
/// messages.
pub trait Decode: Sized {
    fn decode(reader: &mut Reader, id: NodeId, key: &str) -> Option<Self>;
}

impl Decode for Spanned<String> {
    fn decode(reader: &mut Reader, id: NodeId, key: &str) -> Option<Self> {
        reader.string(id, key)
    }
}

impl Decode for Spanned<bool> {
    fn decode(reader: &mut Reader, id: NodeId, key: &str) -> Option<Self> {
        reader.boolean(id, key)
    }
}

/// Counts and limits (`max_turns`, `max_instances`): positive integers.
impl Decode for Spanned<u64> {
    fn decode(reader: &mut Reader, id: NodeId, key: &str) -> Option<Self> {
        reader.positive(id, key)
    }
}

impl Decode for Vec<Spanned<String>> {
    fn decode(reader: &mut Reader, id: NodeId, key: &str) -> Option<Self> {
        reader.strings(id, key)
    }
}

/// A closed set of names, each standing for a value (`kind: review`).
pub trait Enumerated: Copy + 'static {
    /// Every name and the value it stands for.
    const NAMES: &'static [(&'static str, Self)];
}

impl<T: Enumerated> Decode for Spanned<T> {
    fn decode(reader: &mut Reader, id: NodeId, key: &str) -> Option<Self> {
        reader.enumerated(id, key, T::NAMES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn near_misses_are_errors_and_other_ignored_keys_warnings() {
        let text = "claim_frm: x\nfavourite_colour: blue\n";
        let doc = yaml::load_as(text, Schema::PyYaml);
        let mut out = Vec::new();
        let mut reader = Reader::python(&doc, text, &mut out);
        let map = reader.root("the file").unwrap();
        reader.ignored_keys(&map, &["claim_from", "role"], "the file");
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
        assert_eq!(agent.own, 1);
        assert!(out.is_empty());
    }

    #[test]
    fn equal_keys_keep_the_first_in_a_definition_and_the_last_in_pyyaml() {
        let text = "a: 1\na: 2\n";
        let core = yaml::load(text);
        let python = yaml::load_as(text, Schema::PyYaml);
        let mut out = Vec::new();
        let first = Reader::new(&core, text, &mut out).root("f").unwrap();
        assert_eq!(core.scalar_str(first.get("a").unwrap()), Some("1"));
        let last = Reader::python(&python, text, &mut out).root("f").unwrap();
        assert_eq!(python.scalar_str(last.get("a").unwrap()), Some("2"));
    }

    #[test]
    fn python_values_read_null_as_unset_and_yes_as_true() {
        let text = "a: yes\nb: Off\nc: maybe\nd: ~\n";
        let doc = yaml::load_as(text, Schema::PyYaml);
        let mut out = Vec::new();
        let mut reader = Reader::python(&doc, text, &mut out);
        let root = reader.root("f").unwrap();
        let boolean = |reader: &mut Reader, key| {
            let id = root.get(key).unwrap();
            reader.boolean(id, key).map(|b| b.value)
        };
        assert_eq!(boolean(&mut reader, "a"), Some(true));
        assert_eq!(boolean(&mut reader, "b"), Some(false));
        assert_eq!(boolean(&mut reader, "c"), None);
        assert_eq!(boolean(&mut reader, "d"), None);
        assert_eq!(out.len(), 1, "only `maybe` is wrong");

        let text = "d: ~\n";
        let doc = yaml::load(text);
        let mut out = Vec::new();
        let mut reader = Reader::new(&doc, text, &mut out);
        let id = reader.root("f").unwrap().get("d").unwrap();
        assert!(reader.string(id, "d").is_none());
        assert_eq!(out.len(), 1, "a definition's null string is wrong");
    }

    #[test]
    fn fields_not_read_are_unknown_keys_with_a_did_you_mean() {
        let text = "descripton: x\nname: y\n";
        let doc = yaml::load(text);
        let mut out = Vec::new();
        let mut reader = Reader::new(&doc, text, &mut out);
        let mut map = reader.root("f").unwrap();
        let name: Option<Spanned<String>> = reader.get(&mut map, "name");
        let description: Option<Spanned<String>> = reader.get(&mut map, "description");
        assert_eq!(name.unwrap().value, "y");
        assert!(description.is_none());
        reader.finish(map, "the file");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].suggestion.as_deref(), Some("description"));
    }
}
