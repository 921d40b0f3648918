//! Builds a [`Document`] from parser events, without recursion.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle as EventStyle};

use super::{Document, Node, NodeId, NodeKind, ScalarStyle, SyntaxError};
use crate::source::Span;

/// Deepest nesting accepted; deeper input is reported instead of exhausting the stack of
/// whatever walks the tree later. Real definitions nest fewer than ten levels.
pub const MAX_DEPTH: usize = 256;

/// Largest file read, in bytes (16 MiB). Real definitions are a few kilobytes; a bigger file
/// is reported without being parsed, so time and memory stay bounded.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Most values (scalars, lists and mappings) a document may hold, counting an alias as a copy
/// of everything it names: everything after the loader walks the tree as if aliases were
/// expanded, so this bounds their work and memory (and stops "billion laughs" alias bombs).
/// Real definitions hold a few thousand; a larger file may hold one value per
/// [`BYTES_PER_VALUE`] of its text (see [`values_limit`]).
pub const MAX_VALUES: usize = 100_000;

/// A monorepo's generated definition of several megabytes (20,000 roles and agents) holds a
/// value per 16 bytes (the examples in `flows/` one per 20 to 30); allowing one per 12 keeps
/// such files readable while the work the limit bounds stays proportional to the text, so a
/// small file still cannot expand to a huge tree through aliases, and a file of a million
/// two-byte references is refused rather than held in a gigabyte of findings.
pub const BYTES_PER_VALUE: usize = 12;

/// The most values a document of `bytes` bytes may hold: [`MAX_VALUES`], or one per
/// [`BYTES_PER_VALUE`] bytes of a larger file.
pub fn values_limit(bytes: usize) -> usize {
    MAX_VALUES.max(bytes / BYTES_PER_VALUE)
}

/// Parses `text` into a spanned tree. Never fails: a syntax error, or input beyond
/// [`MAX_SOURCE_BYTES`], [`MAX_DEPTH`] or [`MAX_VALUES`], is recorded in the document.
pub fn load(text: &str) -> Document {
    load_as(text, super::Schema::Core)
}

/// [`load`], with the scalars and duplicate keys read by `schema`.
pub fn load_as(text: &str, schema: super::Schema) -> Document {
    let mut document = load_core(text);
    document.schema = schema;
    document
}

fn load_core(text: &str) -> Document {
    if text.len() > MAX_SOURCE_BYTES {
        let end = text.chars().next().map_or(0, char::len_utf8);
        return Document {
            error: Some(SyntaxError {
                span: 0..end,
                message: too_large_message(text.len()),
                exceeds_limit: true,
            }),
            ..Document::default()
        };
    }
    if let Some(at) = text.find('\0') {
        // The parser takes a NUL for the end of its input, which would read as a misleading
        // "unexpected end of stream" further up; YAML allows no NUL anywhere, comments included.
        return Document {
            error: Some(SyntaxError {
                span: at..at + 1,
                message: "the file contains a NUL character (U+0000), which YAML does not allow"
                    .into(),
                exceeds_limit: false,
            }),
            ..Document::default()
        };
    }
    // Definitions hold about one value per 16 to 30 bytes: reserving for one per
    // `BYTES_PER_VALUE` spares growing (and copying) the arena while it fills.
    let expected = text.len() / BYTES_PER_VALUE + 16;
    let mut builder = Builder {
        doc: Document {
            nodes: Vec::with_capacity(expected),
            ..Document::default()
        },
        stack: Vec::new(),
        children: Vec::new(),
        anchors: HashMap::new(),
        offsets: Offsets::new(text),
        in_extra_document: false,
        weights: Vec::with_capacity(expected),
        max_values: values_limit(text.len()),
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                let start = builder.offsets.byte_of(span.start.index());
                let end = builder.offsets.byte_of(span.end.index()).max(start);
                if let Err(error) = builder.event(event, start..end) {
                    builder.doc.error = Some(error);
                    break;
                }
            }
            Err(error) => {
                let mut at = builder.offsets.byte_of(error.marker().index());
                // The scanner reports a tab error just past the tab; point at the tab itself.
                if error.info().contains("tab") && text[..at].ends_with('\t') {
                    at -= 1;
                }
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                builder.doc.error = Some(SyntaxError {
                    span: at..end,
                    message: error.info().to_string(),
                    exceeds_limit: false,
                });
                break;
            }
        }
    }
    builder.doc
}

/// The message for a file over [`MAX_SOURCE_BYTES`].
pub fn too_large_message(bytes: usize) -> String {
    format!(
        "the file is {:.1} MiB; octolint reads definitions of at most {} MiB",
        bytes as f64 / (1024.0 * 1024.0),
        MAX_SOURCE_BYTES / (1024 * 1024)
    )
}

/// `100000` as `100,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A collection being read: its children so far are `Builder::children[first..]` (for a
/// mapping, keys and values alternating).
struct Frame {
    mapping: bool,
    start: usize,
    anchor: usize,
    first: usize,
}

struct Builder<'a> {
    doc: Document,
    stack: Vec<Frame>,
    /// The children of every open collection, innermost last: one buffer instead of a
    /// growing list per collection.
    children: Vec<NodeId>,
    anchors: HashMap<usize, NodeId>,
    offsets: Offsets<'a>,
    in_extra_document: bool,
    /// For each node, how many values it holds with aliases expanded (saturating).
    weights: Vec<u32>,
    /// [`values_limit`] of the text.
    max_values: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                self.note_custom_tag(tag.as_deref(), &span);
                let style = match style {
                    EventStyle::Plain => ScalarStyle::Plain,
                    EventStyle::SingleQuoted | EventStyle::DoubleQuoted => ScalarStyle::Quoted,
                    EventStyle::Literal | EventStyle::Folded => ScalarStyle::Block,
                };
                if let Some(suffix) = tag.as_deref().and_then(core_suffix) {
                    let id = self.doc.nodes.len();
                    self.doc.core_tags.push((id, suffix.into()));
                }
                // The scanner's strings carry spare capacity (about 150 bytes on average): kept
                // in the tree, it would be most of the memory a large file takes. An exact copy
                // (rather than shrinking in place) also frees the scanner's whole block for its
                // next scalar instead of leaving a hole behind every value.
                let value = Box::from(&*value);
                let kind = NodeKind::Scalar {
                    value,
                    style,
                    tagged: tag.as_deref().and_then(core_suffix).is_some(),
                };
                self.finish_node(Node::new(span, kind), anchor)?;
            }
            Event::Alias(anchor) => {
                self.doc.has_anchors = true;
                let target = self.anchors.get(&anchor).copied();
                self.finish_node(Node::new(span, NodeKind::Alias(target)), 0)?;
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                self.note_custom_tag(tag.as_deref(), &span);
                if self.stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        span,
                        message: format!("nesting is deeper than {MAX_DEPTH} levels"),
                        exceeds_limit: false,
                    });
                }
                self.stack.push(Frame {
                    mapping: matches!(event, Event::MappingStart(..)),
                    start: span.start,
                    anchor,
                    first: self.children.len(),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(Frame {
                    mapping,
                    start,
                    anchor,
                    first,
                }) = self.stack.pop()
                else {
                    return Ok(());
                };
                let children = &self.children[first..];
                // A mapping's last value; a key without one cannot reach here (the parser
                // always gives a value, if only an empty one).
                let last = children.last().copied();
                let kind = if mapping {
                    NodeKind::Mapping(
                        children
                            .chunks_exact(2)
                            .map(|pair| (pair[0], pair[1]))
                            .collect(),
                    )
                } else {
                    NodeKind::Sequence(children.iter().copied().collect())
                };
                self.children.truncate(first);
                // Flow collections end at their closing bracket; block ones at their last child
                // (the end event of a block collection sits at the next token, past comments).
                let closes_flow = self.offsets.text[start..].starts_with(['[', '{']);
                let end = match last {
                    _ if closes_flow => span.end,
                    Some(last) => self.doc.nodes[last].span().end,
                    None => span.end,
                };
                self.finish_node(Node::new(start..end.max(start), kind), anchor)?;
            }
            Event::DocumentStart(_) => {
                self.in_extra_document = self.doc.root.is_some();
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn note_custom_tag(&mut self, tag: Option<&saphyr_parser::Tag>, span: &Span) {
        if let Some(tag) = tag.filter(|tag| core_suffix(tag).is_none()) {
            self.doc.custom_tags.push((span.clone(), written(tag)));
        }
    }

    fn finish_node(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        let span = node.span();
        let id = self.doc.nodes.len();
        // Children are always finished before their parent, and an alias names a finished
        // node, so every weight needed is already known.
        let weight = match &node.kind {
            NodeKind::Scalar { .. } | NodeKind::Alias(None) => 1,
            NodeKind::Alias(Some(target)) => self.weights[*target],
            NodeKind::Sequence(items) => items
                .iter()
                .fold(1, |sum: u32, item| sum.saturating_add(self.weights[item])),
            NodeKind::Mapping(entries) => entries.iter().fold(1, |sum: u32, (key, value)| {
                sum.saturating_add(self.weights[key])
                    .saturating_add(self.weights[value])
            }),
        };
        if id >= self.max_values {
            return Err(SyntaxError {
                span,
                message: format!(
                    "the document holds more than {} values (scalars, lists and mappings); octolint reads definitions of at most that many",
                    thousands(self.max_values)
                ),
                exceeds_limit: true,
            });
        }
        if weight as usize > self.max_values {
            return Err(SyntaxError {
                span,
                message: format!(
                    "with its aliases expanded, this holds more than {} values; octolint reads definitions of at most that many (is it an alias bomb?)",
                    thousands(self.max_values)
                ),
                exceeds_limit: true,
            });
        }
        self.weights.push(weight);
        self.doc.nodes.push(node);
        if anchor != 0 {
            self.doc.has_anchors = true;
            self.anchors.insert(anchor, id);
        }
        match self.stack.last() {
            Some(_) => self.children.push(id),
            None if self.in_extra_document => self.doc.extra_documents.push(span),
            None => self.doc.root = Some(id),
        }
        Ok(())
    }
}

/// Converts the parser's character indices into byte offsets; events arrive nearly in order,
/// so a cursor that walks from the previous position is linear overall.
struct Offsets<'a> {
    text: &'a str,
    chars: usize,
    bytes: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            chars: 0,
            bytes: 0,
        }
    }

    fn byte_of(&mut self, char_index: usize) -> usize {
        while self.chars < char_index {
            let Some(c) = self.text[self.bytes..].chars().next() else {
                break;
            };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > char_index {
            let Some(c) = self.text[..self.bytes].chars().next_back() else {
                break;
            };
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of<'t>(text: &'t str, doc: &Document, id: NodeId) -> &'t str {
        &text[doc.node(id).span()]
    }

    #[test]
    fn spans_are_byte_offsets_on_multibyte_text() {
        let text = "é: \"ünï\"\nroles: {a: b}\n";
        let doc = load(text);
        assert_eq!(doc.error, None);
        let NodeKind::Mapping(entries) = &doc.node(doc.root.unwrap()).kind else {
            panic!("root is not a mapping");
        };
        assert_eq!(text_of(text, &doc, entries.get(0).unwrap().0), "é");
        assert_eq!(text_of(text, &doc, entries.get(0).unwrap().1), "\"ünï\"");
        assert_eq!(text_of(text, &doc, entries.get(1).unwrap().1), "{a: b}");
        assert_eq!(text_of(text, &doc, doc.root.unwrap()), text.trim_end());
    }

    #[test]
    fn keeps_duplicate_keys() {
        let doc = load("a: 1\na: 2\n");
        let NodeKind::Mapping(entries) = &doc.node(doc.root.unwrap()).kind else {
            panic!("root is not a mapping");
        };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn reports_syntax_errors_at_the_spot() {
        let text = "a: [1, 2\nb: c\n";
        let error = load(text).error.expect("a syntax error");
        assert!(error.span.start >= 9, "{error:?}");
    }

    #[test]
    fn aliases_point_at_their_anchor_without_copying() {
        let doc = load("a: &x [1, 2]\nb: *x\n");
        let NodeKind::Mapping(entries) = &doc.node(doc.root.unwrap()).kind else {
            panic!("root is not a mapping");
        };
        assert_eq!(
            doc.resolve(entries.get(1).unwrap().1),
            Some(entries.get(0).unwrap().1)
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let error = load(&text).error.expect("a syntax error");
        // The parser's own recursion limit or ours, whichever is lower, stops it.
        assert!(error.span.start <= MAX_DEPTH, "{error:?}");
    }

    #[test]
    fn alias_bombs_are_an_error_not_an_expansion() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let items = vec![format!("*a{}", level - 1); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let doc = load(&text);
        let error = doc.error.expect("an error");
        assert!(error.exceeds_limit, "{error:?}");
        // Reported at the first list that expands past the limit (its span starts at its
        // anchor).
        assert!(
            text[error.span.clone()].starts_with("&a4 [*a3"),
            "{error:?}"
        );
        assert!(doc.nodes.len() < 100, "{}", doc.nodes.len());
    }

    #[test]
    fn too_many_values_stop_the_parse() {
        let text = format!("[{}]", "x,".repeat(MAX_VALUES + 10));
        let doc = load(&text);
        let error = doc.error.expect("an error");
        assert!(
            error.exceeds_limit && error.message.contains("100,000"),
            "{error:?}"
        );
        assert!(doc.nodes.len() <= MAX_VALUES);
        // Just under the limit is fine.
        let text = format!("[{}]", "x,".repeat(MAX_VALUES - 1));
        assert_eq!(load(&text).error, None);
    }

    #[test]
    fn files_over_the_size_limit_are_not_parsed() {
        let text = "#".repeat(MAX_SOURCE_BYTES + 1);
        let error = load(&text).error.expect("an error");
        assert_eq!(error.span, 0..1);
        assert!(error.message.contains("16 MiB"), "{error:?}");
    }

    #[test]
    fn extra_documents_are_recorded() {
        let doc = load("a: 1\n---\nb: 2\n");
        assert_eq!(doc.extra_documents.len(), 1);
    }
}

/// The core schema's prefix of global tags: `!!str` is `tag:yaml.org,2002:str`.
const CORE_PREFIX: &str = "tag:yaml.org,2002:";

/// The name of a core-schema tag (`str` of `!!str` or of its verbatim form
/// `!<tag:yaml.org,2002:str>`), or `None` for any other tag.
fn core_suffix(tag: &saphyr_parser::Tag) -> Option<&str> {
    if tag.handle == CORE_PREFIX {
        return Some(&tag.suffix);
    }
    tag.suffix
        .strip_prefix(CORE_PREFIX)
        .filter(|_| tag.handle.is_empty())
}

/// A tag as a user writes it: `!local`, `!!str`, or a global tag in verbatim form
/// (`!<tag:example.com,2000:x>`, which is also what a `%TAG` handle resolves to).
fn written(tag: &saphyr_parser::Tag) -> String {
    match tag.handle.as_str() {
        CORE_PREFIX => format!("!!{}", tag.suffix),
        "!" => format!("!{}", tag.suffix),
        handle => format!("!<{handle}{}>", tag.suffix),
    }
}

#[cfg(test)]
mod tag_tests {
    use super::load;
    use crate::yaml::NodeKind;

    #[test]
    fn tags_are_shown_as_written_and_the_verbatim_core_form_is_core() {
        let doc = load("a: !<tag:yaml.org,2002:str> 1\nb: !my-light x\nc: !!int 2\n");
        assert_eq!(doc.error, None);
        let tags: Vec<&str> = doc.custom_tags.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(tags, ["!my-light"]);
        let core: Vec<Option<&str>> = (0..doc.nodes.len())
            .filter(|&id| matches!(doc.node(id).kind, NodeKind::Scalar { .. }))
            .map(|id| doc.core_tag(id))
            .collect();
        assert_eq!(core, [None, Some("str"), None, None, None, Some("int")]);
        let doc = load("%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n");
        assert_eq!(doc.custom_tags[0].1, "!<tag:example.com,2000:x>");
    }
}
