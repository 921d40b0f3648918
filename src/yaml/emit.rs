//! Writing YAML, for `octolint import` and the `octopoid` generator alike: an [`Emitter`]
//! lays out block-style lines (keys at a depth, fields, lists, list items that are
//! mappings, comments), and the functions below write the scalars and flow collections that
//! go in them. Every string is written plain only when [`is_plain`] proves it reads back as
//! the same string under both YAML 1.1 and 1.2; otherwise it is double-quoted by [`quoted`].

/// Block-style YAML, written line by line. Values passed in are YAML already (from
/// [`quoted`], [`plain`], [`flow_list`], [`flow_mapping`], a number); keys are written as
/// given, so a caller quotes any key that is not plain.
#[derive(Debug, Default)]
pub struct Emitter {
    out: String,
}

impl Emitter {
    /// Lines are written after `header` (a generated file's comment lines).
    pub fn with_header(header: String) -> Self {
        Self { out: header }
    }

    /// `# text`, kept on one line and never a suppression ([`comment`]).
    pub fn comment(&mut self, text: &str) {
        self.out.push_str("# ");
        self.out.push_str(&comment(text));
        self.out.push('\n');
    }

    /// An empty line, between top-level sections.
    pub fn blank_line(&mut self) {
        self.out.push('\n');
    }

    /// `key: value` at `depth`.
    pub fn field(&mut self, depth: usize, key: &str, value: &str) {
        self.indent(depth);
        self.out.push_str(key);
        self.out.push_str(": ");
        self.out.push_str(value);
        self.out.push('\n');
    }

    /// `key:` at `depth`, opening the block the next lines write one level deeper, with a
    /// comment after it if `note` is given.
    pub fn open(&mut self, depth: usize, key: &str, note: Option<&str>) {
        self.indent(depth);
        self.out.push_str(key);
        self.out.push(':');
        if let Some(note) = note {
            self.out.push_str("  # ");
            self.out.push_str(&comment(note));
        }
        self.out.push('\n');
    }

    /// A block-style list of double-quoted strings, or `key: []` when empty.
    pub fn list(&mut self, depth: usize, key: &str, items: &[impl AsRef<str>]) {
        if items.is_empty() {
            self.field(depth, key, "[]");
            return;
        }
        self.open(depth, key, None);
        for item in items {
            self.indent(depth + 1);
            self.out.push_str("- ");
            self.out.push_str(&quoted(item.as_ref()));
            self.out.push('\n');
        }
    }

    /// One item of a block list that is a mapping: its first entry follows the `- `, the
    /// others line up under it; `- {}` when it has none.
    pub fn mapping_item<K: AsRef<str>, V: AsRef<str>>(&mut self, depth: usize, entries: &[(K, V)]) {
        if entries.is_empty() {
            self.indent(depth);
            self.out.push_str("- {}\n");
            return;
        }
        for (at, (key, value)) in entries.iter().enumerate() {
            self.indent(depth);
            self.out.push_str(if at == 0 { "- " } else { "  " });
            self.out.push_str(key.as_ref());
            self.out.push_str(": ");
            self.out.push_str(value.as_ref());
            self.out.push('\n');
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }
}

/// A double-quoted string literal valid in JSON, Python, TypeScript and YAML: quotes,
/// backslashes and every control or line-separator character are escaped, so no text can
/// end the literal or the line.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    // Printable ASCII other than the quote and the backslash needs no escape: the common case,
    // copied at once.
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(text);
        out.push('"');
        return out;
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `[a, "b c"]`.
pub fn flow_list<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let items: Vec<String> = items.map(plain).collect();
    format!("[{}]", items.join(", "))
}

/// `{a: 1, b: "c"}` from keys and values already written as YAML; `{}` when empty.
pub fn flow_mapping(entries: &[(&str, String)]) -> String {
    let entries: Vec<String> = entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", entries.join(", "))
}

/// The text as a YAML scalar: plain when provably read back as this same string, in block
/// and flow context alike, else double-quoted.
pub fn plain(text: &str) -> String {
    if is_plain(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Starts with a letter, then only letters, digits, `_`, `-` and `.`, and is none of the
/// words YAML 1.1 or 1.2 read as booleans or null. Such text cannot be a number, an
/// indicator, a comment or a flow delimiter.
pub fn is_plain(text: &str) -> bool {
    const RESERVED: [&str; 11] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", "nan",
    ];
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !RESERVED.contains(&text.to_ascii_lowercase().as_str())
}

/// Text safe inside a comment: one line, and never a suppression marker.
pub fn comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .replace("octolint:", "octolint :")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emitter_lays_out_blocks_lists_and_items_that_read_back() {
        let mut out = Emitter::with_header("# header\n".to_string());
        out.comment("from a\nb # octolint: ignore[x]");
        out.field(0, "version", "1");
        out.blank_line();
        out.open(0, "flows", None);
        out.open(1, "default", Some("flows/default.yaml"));
        out.list(2, "runs", &["push_branch", "say \"hi\""]);
        out.list(2, "checks", &[] as &[&str]);
        out.open(2, "conditions", None);
        out.mapping_item(3, &[("name", quoted("gate")), ("skip", "true".to_string())]);
        out.mapping_item(3, &[] as &[(&str, &str)]);
        out.field(2, "queues", &flow_mapping(&[("a", "1".to_string())]));
        let text = out.finish();
        assert_eq!(
            text,
            "# header\n# from a b # octolint : ignore[x]\nversion: 1\n\nflows:\n  default:  # flows/default.yaml\n    runs:\n      - \"push_branch\"\n      - \"say \\\"hi\\\"\"\n    checks: []\n    conditions:\n      - name: \"gate\"\n        skip: true\n      - {}\n    queues: {a: 1}\n"
        );
        let tree = crate::yaml::load(&text);
        assert!(tree.error.is_none(), "{:?}", tree.error);
        let read_back = |wanted: &str| {
            tree.nodes.iter().any(|node| {
                matches!(&node.kind, crate::yaml::NodeKind::Scalar { value, .. } if &**value == wanted)
            })
        };
        assert!(read_back("say \"hi\"") && read_back("gate") && read_back("default"));
    }

    #[test]
    fn plain_only_when_it_reads_back_the_same() {
        for text in [
            "implement",
            "Maxs-MacBook-Air.local",
            "requires-intervention",
            "claude-3.5",
        ] {
            assert_eq!(plain(text), text);
        }
        for text in [
            "yes", "No", "null", "1abc", "a b", "a:b", "#x", "", "-x", "a,b", "ON", "é",
        ] {
            assert!(plain(text).starts_with('"'), "{text}");
        }
    }

    #[test]
    fn comments_stay_on_one_line_and_never_suppress() {
        assert_eq!(
            comment("a\nb # octolint: ignore[x]"),
            "a b # octolint : ignore[x]"
        );
    }
}
