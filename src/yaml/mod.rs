//! A YAML tree that keeps exact byte spans for every node and every duplicate key.
//!
//! Built on `saphyr-parser` events. Nodes live in an arena so aliases are cheap references
//! (an alias bomb costs one node per alias, never an expansion) and dropping a deeply nested
//! document never recurses.

pub mod emit;
mod json;
mod load;
mod reload;
mod scalar;

pub use load::{MAX_DEPTH, MAX_SOURCE_BYTES, MAX_VALUES, load, load_as, too_large_message};
pub use reload::reload;
pub use scalar::ScalarKind;

/// How plain scalars are typed, and which of two equal keys counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Schema {
    /// YAML 1.2's core schema: octolint's own definitions. Of two equal keys the first counts
    /// (the second is a `duplicate-key` error).
    #[default]
    Core,
    /// YAML 1.1 as PyYAML's `safe_load` reads it: Octopoid's own files. `yes`/`no`/`on`/`off`
    /// are booleans, `1:30` is 90, `010` is 8, `0b101` is 5, `1_000` is 1000; of two equal keys
    /// the last counts.
    PyYaml,
}

use crate::source::Span;

/// Index of a node in [`Document::nodes`].
pub type NodeId = usize;

/// How a scalar was written; quoted and block scalars are always strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    Quoted,
    Block,
}

/// What a node is. Kept small (24 bytes; a node with its span 32): a large definition holds
/// hundreds of thousands of nodes, and the tree is most of the memory a check takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Scalar {
        value: Box<str>,
        style: ScalarStyle,
        /// Written with a core-schema tag (`!!str`); its suffix is in [`Document::core_tags`].
        tagged: bool,
    },
    Sequence(Items),
    /// Entries in source order; duplicate keys are kept.
    Mapping(Entries),
    /// An alias; `None` when it names an anchor that was never defined.
    Alias(Option<NodeId>),
}

/// A node id as stored in a collection: 32 bits, as a definition holds at most a few
/// million values.
fn stored(id: NodeId) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

/// The items of a sequence, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Items(Box<[u32]>);

impl Items {
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = NodeId> + ExactSizeIterator + '_ {
        self.0.iter().map(|&id| id as NodeId)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<NodeId> {
        self.iter().next()
    }

    pub fn last(&self) -> Option<NodeId> {
        self.iter().next_back()
    }

    pub fn to_vec(&self) -> Vec<NodeId> {
        self.iter().collect()
    }

    /// Applies `renumber` to every item.
    pub fn renumber(&mut self, renumber: impl Fn(NodeId) -> NodeId) {
        for id in self.0.iter_mut() {
            *id = stored(renumber(*id as NodeId));
        }
    }
}

impl FromIterator<NodeId> for Items {
    fn from_iter<I: IntoIterator<Item = NodeId>>(ids: I) -> Self {
        Self(ids.into_iter().map(stored).collect())
    }
}

/// The entries of a mapping, as (key, value), in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entries(Box<[[u32; 2]]>);

impl Entries {
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (NodeId, NodeId)> + ExactSizeIterator + '_ {
        self.0
            .iter()
            .map(|&[key, value]| (key as NodeId, value as NodeId))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, at: usize) -> Option<(NodeId, NodeId)> {
        self.0
            .get(at)
            .map(|&[key, value]| (key as NodeId, value as NodeId))
    }

    pub fn first(&self) -> Option<(NodeId, NodeId)> {
        self.get(0)
    }

    pub fn last(&self) -> Option<(NodeId, NodeId)> {
        self.iter().next_back()
    }

    /// The number of leading entries for which `before` holds, where it holds for a prefix.
    pub fn partition_point(&self, mut before: impl FnMut((NodeId, NodeId)) -> bool) -> usize {
        self.0
            .partition_point(|&[key, value]| before((key as NodeId, value as NodeId)))
    }

    /// Applies `renumber` to every key and value.
    pub fn renumber(&mut self, renumber: impl Fn(NodeId) -> NodeId) {
        for pair in self.0.iter_mut() {
            *pair = pair.map(|id| stored(renumber(id as NodeId)));
        }
    }
}

impl FromIterator<(NodeId, NodeId)> for Entries {
    fn from_iter<I: IntoIterator<Item = (NodeId, NodeId)>>(entries: I) -> Self {
        Self(
            entries
                .into_iter()
                .map(|(key, value)| [stored(key), stored(value)])
                .collect(),
        )
    }
}

/// A node and where it was written. The offsets are 32-bit (definitions are at most
/// [`MAX_SOURCE_BYTES`]): with its 24-byte kind a node takes 32 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    start: u32,
    end: u32,
    pub kind: NodeKind,
}

impl Node {
    pub fn new(span: Span, kind: NodeKind) -> Self {
        let (start, end) = offsets(span);
        Self { start, end, kind }
    }

    /// Where the node was written, in bytes of the text.
    pub fn span(&self) -> Span {
        self.start as usize..self.end as usize
    }

    pub fn set_span(&mut self, span: Span) {
        (self.start, self.end) = offsets(span);
    }
}

/// A span as 32-bit offsets: the loader reads at most [`MAX_SOURCE_BYTES`], far below
/// `u32::MAX`.
fn offsets(span: Span) -> (u32, u32) {
    let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
    (offset(span.start), offset(span.end))
}

/// A failure to parse: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    /// The text is not malformed but beyond a limit ([`MAX_SOURCE_BYTES`], [`MAX_VALUES`]).
    pub exceeds_limit: bool,
}

impl SyntaxError {
    /// The finding's message: `invalid YAML: …`, or the limit the file exceeds.
    pub fn summary(&self) -> String {
        if self.exceeds_limit {
            self.message.clone()
        } else {
            format!("invalid YAML: {}", self.message)
        }
    }
}

/// The parsed file: the first document's root, plus any syntax error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Every node, each after its children (and a key before its value).
    pub nodes: Vec<Node>,
    pub root: Option<NodeId>,
    /// The suffix of each scalar written with a core-schema tag (`!!str` → `str`), by node,
    /// in node order. Tags are rare; keeping them here keeps every node small.
    pub core_tags: Vec<(NodeId, Box<str>)>,
    /// Whether the text defines an anchor or uses an alias: then a part of it cannot be
    /// parsed again on its own.
    pub has_anchors: bool,
    /// The first syntax error; when set the tree is incomplete and must not be linted.
    pub error: Option<SyntaxError>,
    /// Start spans of documents after the first (a definition is one document).
    pub extra_documents: Vec<Span>,
    /// Tags outside the YAML core schema (`!custom`), with where they were written.
    pub custom_tags: Vec<(Span, String)>,
    /// How the document's scalars and duplicate keys are read.
    pub schema: Schema,
}

impl Document {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Follows an alias to the node it names (the node itself otherwise).
    pub fn resolve(&self, id: NodeId) -> Option<NodeId> {
        match self.nodes[id].kind {
            NodeKind::Alias(target) => target,
            _ => Some(id),
        }
    }

    /// The text of a scalar node (after alias resolution).
    pub fn scalar_str(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[self.resolve(id)?].kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The suffix of the core-schema tag a scalar node was written with (`str` for `!!str`).
    pub fn core_tag(&self, id: NodeId) -> Option<&str> {
        let at = self
            .core_tags
            .binary_search_by_key(&id, |(node, _)| *node)
            .ok()?;
        Some(&self.core_tags[at].1)
    }

    /// The core-schema type of a scalar node (after alias resolution).
    pub fn scalar_kind(&self, id: NodeId) -> Option<ScalarKind> {
        let id = self.resolve(id)?;
        match &self.nodes[id].kind {
            NodeKind::Scalar {
                value,
                style,
                tagged,
            } => {
                let tag = if *tagged { self.core_tag(id) } else { None };
                Some(match self.schema {
                    Schema::Core => ScalarKind::resolve(value, *style, tag),
                    Schema::PyYaml => ScalarKind::resolve_pyyaml(value, *style, tag),
                })
            }
            _ => None,
        }
    }

    /// A short noun for what a node is, for messages ("a mapping", "an integer").
    pub fn describe(&self, id: NodeId) -> &'static str {
        let Some(id) = self.resolve(id) else {
            return "an undefined alias";
        };
        match &self.nodes[id].kind {
            NodeKind::Sequence(_) => "a list",
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Alias(_) => "an alias",
            NodeKind::Scalar { .. } => self.scalar_kind(id).map_or("a value", ScalarKind::noun),
        }
    }
}
