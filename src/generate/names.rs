//! Identifier and string-literal conversion shared by the code generators.
//!
//! Names reach a generator only after `check` passed, so they match `invalid-name`'s pattern
//! (ASCII letters, digits, single `-`/`_`); these functions still never produce an invalid
//! identifier for any input, escaping keywords and leading digits.

use heck::{ToShoutySnakeCase, ToUpperCamelCase};

/// `requires-intervention` → `REQUIRES_INTERVENTION` (Python enum members, constants).
pub fn upper_snake(name: &str) -> String {
    identifier(&name.to_shouty_snake_case(), "_")
}

/// `requires-intervention` → `RequiresIntervention` (Rust variants).
pub fn pascal(name: &str) -> String {
    let pascal = identifier(&name.to_upper_camel_case(), "V");
    if RUST_RESERVED_PASCAL.contains(&pascal.as_str()) {
        format!("{pascal}_")
    } else {
        pascal
    }
}

/// Words that are keywords in Rust even in PascalCase.
const RUST_RESERVED_PASCAL: [&str; 1] = ["Self"];

/// Keeps ASCII letters, digits and `_`, and prefixes `lead` when the result would not start
/// with a letter or `_` (or would be empty).
fn identifier(raw: &str, lead: &str) -> String {
    let cleaned: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        cleaned
    } else {
        format!("{lead}{cleaned}")
    }
}

/// A double-quoted string literal valid in JSON, Python, TypeScript and YAML: quotes,
/// backslashes and every control or line-separator character are escaped, so no text can
/// end the literal or the line.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
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

/// A Rust string literal (Rust spells Unicode escapes `\u{...}`).
pub fn rust_quoted(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_always_valid() {
        assert_eq!(
            upper_snake("requires-intervention"),
            "REQUIRES_INTERVENTION"
        );
        assert_eq!(upper_snake("implement"), "IMPLEMENT");
        assert_eq!(upper_snake("2nd"), "_2ND");
        assert_eq!(pascal("requires-intervention"), "RequiresIntervention");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal("9lives"), "V9lives");
        assert_eq!(pascal("match"), "Match");
    }

    #[test]
    fn quoted_strings_cannot_break_out() {
        assert_eq!(quoted("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(quoted("x\u{2028}y"), r#""x\u2028y""#);
        assert_eq!(rust_quoted("a\"}\n"), r#""a\"}\n""#);
    }
}
