//! Writing YAML: the scalars, comments and indented fields that `octolint import` and the
//! `octopoid` generator write, in one place, so both quote the same way. Every string is
//! written plain only when [`is_plain`] proves it reads back as the same string under both
//! YAML 1.1 and 1.2; otherwise it is double-quoted by [`quoted`].

use std::fmt::Write;

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

/// `key: value` at `depth`; `value` is already YAML (a quoted string, a number, `{}`).
pub fn field(out: &mut String, depth: usize, key: &str, value: &str) {
    indent(out, depth);
    let _ = writeln!(out, "{key}: {value}");
}

/// A block-style list of strings, or `[]` when empty.
pub fn list(out: &mut String, depth: usize, key: &str, items: &[impl AsRef<str>]) {
    if items.is_empty() {
        field(out, depth, key, "[]");
        return;
    }
    indent(out, depth);
    let _ = writeln!(out, "{key}:");
    for item in items {
        indent(out, depth + 1);
        let _ = writeln!(out, "- {}", quoted(item.as_ref()));
    }
}

pub fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
