//! Parsing an edited text again without parsing all of it: only the entry of a block mapping
//! that holds the edit (one role, one agent, one flow) is parsed, on its own, and spliced
//! into the previous tree. The language server does this on every keystroke, where parsing a
//! large definition again would be most of the time a change takes.
//!
//! The result is exactly what [`load_as`] gives for the new text (the same nodes, in the same
//! order, with the same spans), or the edit is parsed with [`load_as`] after all. A part is
//! parsed alone only where that cannot change its meaning: the old tree parsed without errors,
//! anchors, aliases, tags or further documents; the edit lies within one entry of block
//! mappings all the way down; and the entry, parsed alone, is again block-mapping entries at
//! the same column without any of those.

use super::load::{MAX_DEPTH, MAX_SOURCE_BYTES, load_as, values_limit};
use super::{Document, Entries, Node, NodeId, NodeKind, ScalarStyle};
use crate::source::Span;

/// The tree of `new_text`, reusing `old`, the tree of `old_text`, where the edit between the
/// two allows it.
pub fn reload(old_text: &str, old: Document, new_text: &str) -> Document {
    let schema = old.schema;
    match splice(old_text, old, new_text) {
        Some(document) => document,
        None => load_as(new_text, schema),
    }
}

/// The tree of `new_text` built from `old` and the edited entry parsed alone, or `None` where
/// that could differ from parsing `new_text` whole.
fn splice(old_text: &str, old: Document, new_text: &str) -> Option<Document> {
    if old_text == new_text {
        return Some(old);
    }
    let reusable = old.error.is_none()
        && !old.has_anchors
        && old.extra_documents.is_empty()
        && old.custom_tags.is_empty()
        && old.core_tags.is_empty()
        && new_text.len() <= MAX_SOURCE_BYTES;
    if !reusable {
        return None;
    }
    let edit = Edit::between(old_text, new_text);
    // Text inserted at the start of a line may belong to the entry before it as well as to
    // the one after it (a line added at the end of an entry): the later is tried first. An
    // entry whose text, parsed alone, is entries at another column (a key added below a
    // nested mapping, at the column of its parent) is tried again one level up.
    let mut tried: Vec<(NodeId, usize)> = Vec::new();
    let mut found = None;
    'rules: for later in [true, false] {
        for unit in Unit::holding(&old, old_text, &edit, later)
            .into_iter()
            .rev()
        {
            if tried.contains(&(unit.parent, unit.index)) {
                continue;
            }
            tried.push((unit.parent, unit.index));
            let end = edit.moved(unit.end);
            // The next entry must still start a line: an edit that removed the line break
            // before it joins its key to this entry's last line.
            let ends_line = end == new_text.len() || new_text[..end].ends_with('\n');
            // A block scalar ends where the parser stops reading it: past the indentation of
            // the line after it. Parsed alone, the piece keeps that indentation.
            let indentation = new_text[end..].bytes().take_while(|&b| b == b' ').count();
            let piece_text = &new_text[unit.start..end + indentation];
            if !ends_line || piece_text.contains('\0') || has_document_marker(piece_text) {
                continue 'rules;
            }
            let piece = load_as(piece_text, old.schema);
            match unit.entries_of(&piece, piece_text) {
                Fit::Entries(entries) => {
                    found = Some((unit, piece, entries));
                    break 'rules;
                }
                Fit::Misaligned => {}
                // An error or an anchor would be there at any level of this entry's parents.
                Fit::Unusable => continue 'rules,
            }
        }
    }
    let (unit, piece, piece_entries) = found?;

    let unit_nodes = subtree_size(&old, unit.key) + subtree_size(&old, unit.value);
    let total = old.nodes.len() - unit_nodes + piece.nodes.len() - 1;
    if total > values_limit(new_text.len()) || unit.path.len() + depth(&piece) > MAX_DEPTH {
        return None;
    }
    // The loader numbers nodes children first, so the entry is the run of ids from its key to
    // its value, and the piece's entries all ids before its root, which comes last.
    let (first, last) = (unit.key, unit.value);
    let piece_root = piece.root?;
    if last + 1 - first != unit_nodes || piece_root + 1 != piece.nodes.len() {
        return None;
    }
    let root = old.root?;
    let schema = old.schema;
    let added = piece_root;
    let renumber = |id: NodeId| match id {
        id if id < first => id,
        id => id - (last + 1 - first) + added,
    };
    let mut nodes = old.nodes;
    let after = nodes.split_off(last + 1);
    nodes.truncate(first);
    nodes.reserve(total - nodes.len());
    // The piece's entries, moved to where they are in the new text.
    let mut piece_nodes = piece.nodes;
    piece_nodes.pop();
    for mut node in piece_nodes {
        let span = node.span();
        node.set_span(span.start + unit.start..span.end + unit.start);
        renumber_children(&mut node.kind, |id| id + first);
        nodes.push(node);
    }
    // The nodes after the entry: later text moves by the edit's length, and the mappings on
    // the path to the entry take the piece's entries in its place and are measured again.
    for (old_id, mut node) in (last + 1..).zip(after) {
        if old_id == unit.parent {
            let NodeKind::Mapping(old_entries) = &node.kind else {
                return None;
            };
            let mut entries = Vec::with_capacity(old_entries.len() + piece_entries.len());
            for (at, (key, value)) in old_entries.iter().enumerate() {
                if at == unit.index {
                    entries.extend(piece_entries.iter().map(|(k, v)| (k + first, v + first)));
                } else {
                    entries.push((renumber(key), renumber(value)));
                }
            }
            node.kind = NodeKind::Mapping(entries.into_iter().collect());
        } else {
            renumber_children(&mut node.kind, renumber);
        }
        if unit.path.contains(&old_id) {
            node.set_span(measured(&nodes, &node, unit.start));
        } else if node.span().start >= unit.end {
            let span = node.span();
            node.set_span(edit.moved(span.start)..edit.moved(span.end));
        }
        nodes.push(node);
    }
    Some(Document {
        nodes,
        root: Some(renumber(root)),
        schema,
        ..Document::default()
    })
}

/// Applies `renumber` to the children a collection names.
fn renumber_children(kind: &mut NodeKind, renumber: impl Fn(NodeId) -> NodeId) {
    match kind {
        NodeKind::Mapping(entries) => {
            entries.renumber(renumber);
        }
        NodeKind::Sequence(items) => {
            items.renumber(renumber);
        }
        NodeKind::Scalar { .. } | NodeKind::Alias(_) => {}
    }
}

/// The span of a block mapping on the path to the edit, as the loader has it: from its first
/// key (where that is at or after `edited`, the start of the edited entry; else unchanged) to
/// the end of its last value.
fn measured(nodes: &[Node], node: &Node, edited: usize) -> Span {
    let NodeKind::Mapping(entries) = &node.kind else {
        return node.span();
    };
    let start = match entries.first() {
        Some((key, _)) if node.span().start >= edited => nodes[key].span().start,
        _ => node.span().start,
    };
    let end = entries
        .last()
        .map_or(node.span().end, |(_, value)| nodes[value].span().end);
    start..end.max(start)
}

/// Where two texts differ: `old[start..old_end]` became `new[start..new_end]`.
struct Edit {
    start: usize,
    old_end: usize,
    new_end: usize,
}

impl Edit {
    fn between(old: &str, new: &str) -> Self {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut start = same_length(a.chunks(64), b.chunks(64), 64);
        start += a[start..]
            .iter()
            .zip(&b[start..])
            .take_while(|(x, y)| x == y)
            .count();
        while !old.is_char_boundary(start) {
            start -= 1;
        }
        // The common end, not overlapping the common start.
        let (a_rest, b_rest) = (&a[start..], &b[start..]);
        let mut same_end = same_length(a_rest.rchunks(64), b_rest.rchunks(64), 64);
        same_end += a_rest[..a_rest.len() - same_end]
            .iter()
            .rev()
            .zip(b_rest[..b_rest.len() - same_end].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        while !old.is_char_boundary(a.len() - same_end) || !new.is_char_boundary(b.len() - same_end)
        {
            same_end -= 1;
        }
        Self {
            start,
            old_end: a.len() - same_end,
            new_end: b.len() - same_end,
        }
    }

    /// Where an offset of the old text at or after the edit is in the new one.
    fn moved(&self, offset: usize) -> usize {
        offset - self.old_end + self.new_end
    }
}

/// How many bytes the equal leading chunks of two texts hold: comparing a chunk at a time is
/// many times faster than a byte at a time on a large text.
fn same_length<'a>(
    a: impl Iterator<Item = &'a [u8]>,
    b: impl Iterator<Item = &'a [u8]>,
    size: usize,
) -> usize {
    a.zip(b)
        .take_while(|(x, y)| x.len() == size && x == y)
        .count()
        * size
}

/// The entry parsed again: the entry at `index` of the block mapping `parent`, whose text runs
/// from the start of its key's line (`start`) to the start of the next entry's (`end`).
struct Unit {
    /// `parent` and its ancestors, the root first.
    path: Vec<NodeId>,
    parent: NodeId,
    index: usize,
    key: NodeId,
    value: NodeId,
    start: usize,
    end: usize,
    /// The column of the keys of `parent`.
    column: usize,
}

impl Unit {
    /// The entries of nested block mappings whose text holds the whole edit, outermost
    /// first; of two entries that touch it, the `later` or the earlier.
    fn holding(doc: &Document, text: &str, edit: &Edit, later: bool) -> Vec<Self> {
        let Some(root) = doc.root else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut path = Vec::new();
        let (mut mapping, mut end) = (root, text.len());
        while let Some((index, start, entry_end, column)) =
            entry_holding(doc, text, mapping, end, edit, later)
        {
            path.push(mapping);
            let NodeKind::Mapping(entries) = &doc.node(mapping).kind else {
                break;
            };
            let Some((key, value)) = entries.get(index) else {
                break;
            };
            found.push(Self {
                path: path.clone(),
                parent: mapping,
                index,
                key,
                value,
                start,
                end: entry_end,
                column,
            });
            (mapping, end) = (value, entry_end);
        }
        found
    }

    /// The entries of the piece parsed alone, when it is block-mapping entries at the column
    /// of the entry it replaces, with nothing that could read differently in place.
    fn entries_of(&self, piece: &Document, text: &str) -> Fit {
        let clean = piece.error.is_none()
            && !piece.has_anchors
            && piece.extra_documents.is_empty()
            && piece.custom_tags.is_empty()
            && piece.core_tags.is_empty()
            && !piece.nodes.iter().any(is_empty_block_scalar);
        let Some(root) = piece.root.filter(|_| clean) else {
            return Fit::Unusable;
        };
        let Some(entries) = block_mapping(piece, text, root) else {
            return Fit::Misaligned;
        };
        let aligned = entries
            .iter()
            .all(|(key, _)| key_column(piece, text, key) == Some(self.column));
        match aligned && !entries.is_empty() {
            true => Fit::Entries(entries.clone()),
            false => Fit::Misaligned,
        }
    }
}

/// A block scalar with no text (`|` and nothing under it). The parser places it at the next
/// token, which in a piece parsed alone is the end of the piece rather than the next key.
fn is_empty_block_scalar(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::Scalar { value, style: ScalarStyle::Block, .. }
        if value.bytes().all(|b| b == b'\n'))
}

/// What an entry's text, parsed alone, is.
enum Fit {
    /// Entries that take the old one's place.
    Entries(Entries),
    /// Something else, which the entry's parent may still read as entries.
    Misaligned,
    /// An error, an anchor, a tag or a second document.
    Unusable,
}

/// The entries of `id` when it is a block mapping (not `{…}`).
fn block_mapping<'d>(doc: &'d Document, text: &str, id: NodeId) -> Option<&'d Entries> {
    let node = doc.node(id);
    match &node.kind {
        NodeKind::Mapping(entries) if !text[node.span().start..].starts_with('{') => Some(entries),
        _ => None,
    }
}

/// The column of a key written first on its line as `key:` (not `? key`, a block scalar, or
/// the empty key of `: value`, which the parser places at the next token).
fn key_column(doc: &Document, text: &str, key: NodeId) -> Option<usize> {
    let node = doc.node(key);
    let NodeKind::Scalar { style, .. } = node.kind else {
        return None;
    };
    let written = &text[node.span()];
    let implicit = style != ScalarStyle::Block
        && !written.is_empty()
        && !written.contains(['\n', '\r'])
        && text[node.span().end..]
            .trim_start_matches([' ', '\t'])
            .starts_with(':');
    implicit
        .then(|| column_of(text, node.span().start))
        .flatten()
}

/// Whether a line of `text` starts a document or is a directive (`---`, `...`, `%YAML`): in
/// place, that line would end the document the piece belongs to.
fn has_document_marker(text: &str) -> bool {
    text.split('\n').any(|line| {
        let marker = line.starts_with("---") || line.starts_with("...");
        let ends = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t', '\r']);
        line.starts_with('%') || (marker && ends(&line[3..]))
    })
}

/// The column of `at` when only spaces precede it on its line.
fn column_of(text: &str, at: usize) -> Option<usize> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .bytes()
        .all(|b| b == b' ')
        .then_some(at - line_start)
}

/// The entry of the block mapping `mapping` (whose text ends at `end`) that holds the whole
/// edit: its index, the start of its key's line, the start of the next entry's line (or
/// `end`), and the column of the keys. Of two entries that touch the edit (one ends where it
/// starts, the other starts there), the `later` or the earlier.
fn entry_holding(
    doc: &Document,
    text: &str,
    mapping: NodeId,
    end: usize,
    edit: &Edit,
    later: bool,
) -> Option<(usize, usize, usize, usize)> {
    let entries = block_mapping(doc, text, mapping)?;
    let line_start = |(key, _): (NodeId, NodeId)| {
        let column = key_column(doc, text, key)?;
        Some((doc.node(key).span().start - column, column))
    };
    let before = |start: usize| match later {
        true => start <= edit.start,
        false => start < edit.start,
    };
    let index = entries
        .partition_point(|entry| line_start(entry).is_some_and(|(s, _)| before(s)))
        .checked_sub(1)?;
    let entry = entries.get(index)?;
    let (start, column) = line_start(entry)?;
    // Block mapping values start on the line after their key: a key's line is never inside
    // the entry before it.
    // Every key at one column: a key further right is a complex key's (`? key`), and a line
    // indented past the mapping's column could continue the value before it.
    let entry_end = match entries.get(index + 1) {
        Some(next) => {
            let (next_start, next_column) = line_start(next)?;
            (next_column == column).then_some(next_start)?
        }
        None => end,
    };
    if line_start(entries.first()?)?.1 != column {
        return None;
    }
    // The value before an entry (an empty one, or a block scalar) may end at the entry's key,
    // where the parser reads the next token: in a later entry the edit must leave the key's
    // position as it was.
    let key_stays = index == 0 || edit.start > doc.node(entry.0).span().start;
    (key_stays && start <= edit.start && edit.old_end <= entry_end && start < entry_end)
        .then_some((index, start, entry_end, column))
}

/// How many nodes the tree under `id` holds (no aliases: each node is reached once).
fn subtree_size(doc: &Document, id: NodeId) -> usize {
    let mut count = 0;
    let mut stack = vec![id];
    while let Some(id) = stack.pop() {
        count += 1;
        match &doc.node(id).kind {
            NodeKind::Mapping(entries) => {
                stack.extend(entries.iter().flat_map(|(key, value)| [key, value]));
            }
            NodeKind::Sequence(items) => stack.extend(items.iter()),
            NodeKind::Scalar { .. } | NodeKind::Alias(_) => {}
        }
    }
    count
}

/// The deepest nesting of collections in `doc`.
fn depth(doc: &Document) -> usize {
    let Some(root) = doc.root else {
        return 0;
    };
    let mut deepest = 0;
    let mut stack = vec![(root, 0)];
    while let Some((id, above)) = stack.pop() {
        let children: Vec<NodeId> = match &doc.node(id).kind {
            NodeKind::Mapping(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
            NodeKind::Sequence(items) => items.to_vec(),
            NodeKind::Scalar { .. } | NodeKind::Alias(_) => continue,
        };
        deepest = deepest.max(above + 1);
        stack.extend(children.into_iter().map(|child| (child, above + 1)));
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Schema, load};

    const TEXT: &str = "\
# A definition.
version: 1
roles:
  implement:
    description: Write the code
    claims_from: incoming
  review:
    description: Review it
queues:
  incoming: {}
  done:
    terminal: true
";

    /// Splices `old` edited into `new`, checks the result is what loading `new` gives, and
    /// says whether the splice was used.
    fn spliced(old: &str, new: &str) -> bool {
        let expected = load(new);
        match splice(old, load(old), new) {
            Some(document) => {
                assert_eq!(document, expected, "splicing {old:?} into {new:?}");
                true
            }
            None => {
                assert_eq!(reload(old, load(old), new), expected);
                false
            }
        }
    }

    #[test]
    fn an_edit_inside_one_entry_is_spliced() {
        for (from, to) in [
            ("Write the code", "Write the cade"),
            ("Write the code", "Write"),
            ("claims_from: incoming", "claims_from: incomin"),
            ("Review it", "Review it\n    claims_from: done"),
            ("  review:\n", "  reviewer:\n"),
            ("terminal: true", "terminal: false"),
            ("  incoming: {}", "  incoming: {description: x}"),
            ("version: 1", "version: 2"),
            // A new entry before an existing one, and after the last.
            ("  review:\n", "  test:\n    description: t\n  review:\n"),
            (
                "    terminal: true\n",
                "    terminal: true\n  archive: {}\n",
            ),
        ] {
            let new = TEXT.replacen(from, to, 1);
            assert!(spliced(TEXT, &new), "{from:?} → {to:?} was parsed whole");
        }
    }

    #[test]
    fn an_edit_that_could_read_differently_alone_is_parsed_whole() {
        for (from, to) in [
            // Across two top-level entries, or outside any.
            ("Review it\nqueues", "Review at\nqueuez"),
            ("# A definition.", "# A  definition."),
            // An unclosed quote or bracket would swallow what follows.
            ("Write the code", "\"Write the code"),
            ("  incoming: {}", "  incoming: {"),
            // An empty block scalar last, out of the mapping's column, an anchor, a tag, a
            // second document.
            ("Write the code", "|"),
            ("  review:\n", " review:\n"),
            ("Review it", "&a Review it"),
            ("Review it", "!!str Review it"),
            ("terminal: true\n", "terminal: true\n---\n"),
            // A key moved to where it ends the mapping above it.
            ("    terminal: true\n", "    terminal: true\nchains: {}\n"),
        ] {
            let new = TEXT.replacen(from, to, 1);
            assert_ne!(new, TEXT);
            assert!(!spliced(TEXT, &new), "{from:?} → {to:?} was spliced");
        }
    }

    #[test]
    fn a_tree_that_cannot_be_reused_is_parsed_whole() {
        for old in [
            "a: &x [2]\nb: *x\n",
            "a: !!str 1\nb: 2\n",
            "a: [1\nb: 2\n",
            "a: 1\n---\nb: 2\n",
        ] {
            let new = old.replacen('2', "3", 1);
            assert!(!spliced(old, &new), "{old:?}");
        }
    }

    #[test]
    fn the_same_text_keeps_the_tree() {
        assert!(spliced(TEXT, TEXT));
    }

    #[test]
    fn a_python_file_keeps_its_schema() {
        let old = "a:\n  b: yes\n";
        let new = "a:\n  b: no\n";
        let reloaded = reload(old, load_as(old, Schema::PyYaml), new);
        assert_eq!(reloaded, load_as(new, Schema::PyYaml));
    }

    #[test]
    fn edits_in_multibyte_text_keep_byte_spans() {
        let old = "é:\n  ü: \"ï\"\n  ö: x\n";
        for new in [
            "é:\n  ü: \"ïï\"\n  ö: x\n",
            "é:\n  ü: \"\"\n  ö: x\n",
            "é:\n  ü: \"ï\"\n  ö: é\n",
        ] {
            assert!(spliced(old, new), "{new:?}");
        }
    }

    /// The texts the randomised edits start from: the examples, the rule fixtures, the YAML
    /// test suite's cases (the language's corners) and real Octopoid files.
    fn corpus() -> Vec<(String, Schema)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["flows", "tests/fixtures/ok", "tests/fixtures/err"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
                .collect();
            paths.sort();
            for path in paths {
                texts.push((std::fs::read_to_string(path).unwrap(), Schema::Core));
            }
        }
        let suite = root.join("tests/fixtures/yaml-test-suite/cases.json");
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(suite).unwrap()).unwrap();
        for case in cases {
            texts.push((case["yaml"].as_str().unwrap().to_string(), Schema::Core));
        }
        let shared = root.join("../shared/corpus/octopoid/.octopoid");
        for name in ["config.yaml", "agents.yaml", "flows/default.yaml"] {
            if let Ok(text) = std::fs::read_to_string(shared.join(name)) {
                texts.push((text, Schema::PyYaml));
            }
        }
        assert!(texts.len() > 450, "{} texts", texts.len());
        texts
    }

    /// What the edits insert: the characters that change how YAML reads a line.
    const HOSTILE: &[&str] = &[
        "",
        "\n",
        "\n  ",
        "\n    k: v",
        "\n  k:\n    v: 1",
        ":",
        ": ",
        "- ",
        "#",
        " # c",
        "\"",
        "'",
        "{",
        "}",
        "[",
        "]",
        ",",
        "&a ",
        "*a",
        "!!str ",
        "!t ",
        "|",
        "|-\n  t",
        ">",
        "? ",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "\t",
        "\r\n",
        "\0",
        "k: v\n",
    ];

    /// What typing inserts most of the time.
    const TYPING: &[&str] = &["x", "é", " ", "-", "1", ""];

    /// Every edit of every text in the corpus, reloaded, reads as the edited text loaded
    /// whole; and most typing in definitions is spliced rather than parsed whole.
    #[test]
    fn reloading_random_edits_equals_loading_them() {
        // `RELOAD_SEED=n` runs another sequence of edits, for longer runs by hand.
        let mut seed: u64 = std::env::var("RELOAD_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or(0x5eed);
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % below.max(1)
        };
        let (mut typed, mut typed_spliced, mut edits) = (0, 0, 0);
        for (text, schema) in corpus() {
            let mut old = text;
            let mut tree = load_as(&old, schema);
            let definition = old.contains("roles:") && schema == Schema::Core;
            // A run of edits, each from the last one's text and tree, as typing makes them.
            for _ in 0..12 {
                let typing = next(2) == 0;
                let mut at = next(old.len() + 1);
                while !old.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + if typing { next(2) } else { next(9) }).min(old.len());
                while !old.is_char_boundary(end) {
                    end -= 1;
                }
                let inserts = if typing { TYPING } else { HOSTILE };
                let new = format!(
                    "{}{}{}",
                    &old[..at],
                    inserts[next(inserts.len())],
                    &old[end..]
                );
                let expected = load_as(&new, schema);
                let before = (old.clone(), tree.clone());
                let reloaded = match splice(&old, tree, &new) {
                    Some(document) => {
                        if typing && definition && before.1.error.is_none() {
                            typed_spliced += 1;
                        }
                        document
                    }
                    None => reload(&old, load_as(&old, schema), &new),
                };
                assert_eq!(reloaded, expected, "editing {old:?} into {new:?}");
                if typing && definition && before.1.error.is_none() {
                    typed += 1;
                }
                edits += 1;
                // Broken text is undone now and then, as an editor's user does.
                (old, tree) = match reloaded.error.is_some() && next(2) == 0 {
                    true => before,
                    false => (new, reloaded),
                };
            }
        }
        assert!(edits > 5_000, "{edits} edits");
        // Typing inside a line of a definition that reads: most of it is spliced (the rest
        // lands in comments or between entries, or makes the text unreadable).
        assert!(
            typed_spliced * 2 > typed,
            "{typed_spliced} of {typed} typed edits spliced"
        );
    }
}
