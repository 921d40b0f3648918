//! Builds a [`Document`] from parser events, without recursion.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle as EventStyle};

use super::{Document, Node, NodeId, NodeKind, ScalarStyle, SyntaxError};
use crate::source::Span;

/// Deepest nesting accepted; deeper input is reported instead of exhausting the stack of
/// whatever walks the tree later. Real definitions nest fewer than ten levels.
pub const MAX_DEPTH: usize = 256;

/// Parses `text` into a spanned tree. Never fails: a syntax error is recorded in the document.
pub fn load(text: &str) -> Document {
    let mut builder = Builder {
        doc: Document::default(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        offsets: Offsets::new(text),
        in_extra_document: false,
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
                });
                break;
            }
        }
    }
    builder.doc
}

enum Frame {
    Sequence {
        start: usize,
        anchor: usize,
        items: Vec<NodeId>,
    },
    Mapping {
        start: usize,
        anchor: usize,
        entries: Vec<(NodeId, NodeId)>,
        key: Option<NodeId>,
    },
}

struct Builder<'a> {
    doc: Document,
    stack: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
    offsets: Offsets<'a>,
    in_extra_document: bool,
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
                let core_tag = tag
                    .filter(|tag| tag.is_yaml_core_schema())
                    .map(|tag| tag.suffix.clone());
                let kind = NodeKind::Scalar {
                    value: value.into_owned(),
                    style,
                    core_tag,
                };
                self.finish_node(Node { span, kind }, anchor);
            }
            Event::Alias(anchor) => {
                let target = self.anchors.get(&anchor).copied();
                self.finish_node(
                    Node {
                        span,
                        kind: NodeKind::Alias(target),
                    },
                    0,
                );
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                self.note_custom_tag(tag.as_deref(), &span);
                if self.stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        span,
                        message: format!("nesting is deeper than {MAX_DEPTH} levels"),
                    });
                }
                let start = span.start;
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Sequence {
                            start,
                            anchor,
                            items: Vec::new(),
                        }
                    } else {
                        Frame::Mapping {
                            start,
                            anchor,
                            entries: Vec::new(),
                            key: None,
                        }
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let (start, anchor, kind, last) = match frame {
                    Frame::Sequence {
                        start,
                        anchor,
                        items,
                    } => {
                        let last = items.last().copied();
                        (start, anchor, NodeKind::Sequence(items), last)
                    }
                    Frame::Mapping {
                        start,
                        anchor,
                        entries,
                        ..
                    } => {
                        let last = entries.last().map(|&(_, value)| value);
                        (start, anchor, NodeKind::Mapping(entries), last)
                    }
                };
                // Flow collections end at their closing bracket; block ones at their last child
                // (the end event of a block collection sits at the next token, past comments).
                let closes_flow = self.offsets.text[start..].starts_with(['[', '{']);
                let end = match last {
                    _ if closes_flow => span.end,
                    Some(last) => self.doc.nodes[last].span.end,
                    None => span.end,
                };
                self.finish_node(
                    Node {
                        span: start..end.max(start),
                        kind,
                    },
                    anchor,
                );
            }
            Event::DocumentStart(_) => {
                self.in_extra_document = self.doc.root.is_some();
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn note_custom_tag(&mut self, tag: Option<&saphyr_parser::Tag>, span: &Span) {
        if let Some(tag) = tag.filter(|tag| !tag.is_yaml_core_schema()) {
            self.doc.custom_tags.push((span.clone(), tag.to_string()));
        }
    }

    fn finish_node(&mut self, node: Node, anchor: usize) {
        let span = node.span.clone();
        let id = self.doc.nodes.len();
        self.doc.nodes.push(node);
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
        match self.stack.last_mut() {
            Some(Frame::Sequence { items, .. }) => items.push(id),
            Some(Frame::Mapping { entries, key, .. }) => match key.take() {
                Some(key) => entries.push((key, id)),
                None => *key = Some(id),
            },
            None if self.in_extra_document => self.doc.extra_documents.push(span),
            None => self.doc.root = Some(id),
        }
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
        &text[doc.node(id).span.clone()]
    }

    #[test]
    fn spans_are_byte_offsets_on_multibyte_text() {
        let text = "é: \"ünï\"\nroles: {a: b}\n";
        let doc = load(text);
        assert_eq!(doc.error, None);
        let NodeKind::Mapping(entries) = &doc.node(doc.root.unwrap()).kind else {
            panic!("root is not a mapping");
        };
        assert_eq!(text_of(text, &doc, entries[0].0), "é");
        assert_eq!(text_of(text, &doc, entries[0].1), "\"ünï\"");
        assert_eq!(text_of(text, &doc, entries[1].1), "{a: b}");
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
        assert_eq!(doc.resolve(entries[1].1), Some(entries[0].1));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let error = load(&text).error.expect("a syntax error");
        // The parser's own recursion limit or ours, whichever is lower, stops it.
        assert!(error.span.start <= MAX_DEPTH, "{error:?}");
    }

    #[test]
    fn extra_documents_are_recorded() {
        let doc = load("a: 1\n---\nb: 2\n");
        assert_eq!(doc.extra_documents.len(), 1);
    }
}
