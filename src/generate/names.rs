//! Identifier and string-literal conversion shared by the code generators.
//!
//! Names reach a generator only after `check` passed, so they match `invalid-name`'s pattern
//! (ASCII letters, digits, single `-`/`_`); these functions still never produce an invalid
//! identifier for any input, escaping keywords and leading digits.

use heck::{ToShoutySnakeCase, ToUpperCamelCase};

/// `requires-intervention` → `REQUIRES_INTERVENTION` (Python enum members, constants).
pub fn upper_snake(name: &str) -> String {
    if let Some(words) = simple_words(name) {
        // What heck gives for such a name, without its per-character formatting (the bulk of
        // generating code for thousands of names).
        return words
            .map(str::to_ascii_uppercase)
            .collect::<Vec<_>>()
            .join("_");
    }
    identifier(&name.to_shouty_snake_case(), "_")
}

/// `requires-intervention` → `RequiresIntervention` (Rust variants).
pub fn pascal(name: &str) -> String {
    let pascal = match simple_words(name) {
        // As heck capitalises them: the first letter of each word.
        Some(words) => words
            .map(|word| word[..1].to_ascii_uppercase() + &word[1..])
            .collect(),
        None => identifier(&name.to_upper_camel_case(), "V"),
    };
    if RUST_RESERVED_PASCAL.contains(&pascal.as_str()) {
        format!("{pascal}_")
    } else {
        pascal
    }
}

/// The words of a name made of lowercase ASCII letters and digits, starting with a letter,
/// with single `-` or `_` between words (the usual shape); `None` for any other name. This is
/// the shape `model::names::is_valid` checks, lowercase only and admitting `self`
/// (whose Pascal form is escaped below): the fast path must agree with the general one for
/// any name, valid or not.
fn simple_words(name: &str) -> Option<std::str::Split<'_, [char; 2]>> {
    let bytes = name.as_bytes();
    let simple = bytes.first().is_some_and(u8::is_ascii_lowercase)
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'_')
        && !name.ends_with(['-', '_'])
        && !bytes
            .windows(2)
            .any(|w| matches!(w[0], b'-' | b'_') && matches!(w[1], b'-' | b'_'));
    simple.then(|| name.split(['-', '_']))
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

pub use crate::yaml::emit::quoted;

/// A Rust string literal (Rust spells Unicode escapes `\u{...}`).
pub fn rust_quoted(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_paths_agree_with_the_general_conversion() {
        let names = [
            "implement",
            "requires-intervention",
            "v2_review",
            "billing12-review",
            "a1b2c3",
            "team7-security-review",
            "x",
            "self",
            "ab-c_d-e",
            "q9",
            "a-1b",
            "x_2",
            "r2d2-c3po_9x",
        ];
        for name in names {
            assert!(simple_words(name).is_some(), "{name}");
            assert_eq!(
                upper_snake(name),
                identifier(&name.to_shouty_snake_case(), "_"),
                "{name}"
            );
            let general = identifier(&name.to_upper_camel_case(), "V");
            let general = if RUST_RESERVED_PASCAL.contains(&general.as_str()) {
                format!("{general}_")
            } else {
                general
            };
            assert_eq!(pascal(name), general, "{name}");
        }
        for other in ["Review", "a--b", "a-", "-a", "1a", "", "é", "a b"] {
            assert!(simple_words(other).is_none(), "{other}");
        }
        for text in [
            "plain text",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "\u{7f}",
            "é",
        ] {
            let general: String = std::iter::once('"')
                .chain(text.chars().flat_map(|c| match c {
                    '"' => "\\\"".chars().collect::<Vec<_>>(),
                    '\\' => "\\\\".chars().collect(),
                    '\t' => "\\t".chars().collect(),
                    c if c.is_control() => format!("\\u{:04x}", c as u32).chars().collect(),
                    c => vec![c],
                }))
                .chain(std::iter::once('"'))
                .collect();
            assert_eq!(quoted(text), general, "{text:?}");
        }
    }

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
