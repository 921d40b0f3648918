//! Every rule octolint has: its own families (`crate::rules`) and the Octopoid provider's
//! (`crate::octopoid::rules`), in code order. Everything that lists, names or looks up rules
//! — `octolint rule`, suppressions, `lint.rules`, settings, SARIF — asks here.

use std::sync::OnceLock;

use crate::diagnostic::RuleMeta;
use crate::{octopoid, rules};

/// Every rule's metadata, in code order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    sorted().iter().copied()
}

fn sorted() -> &'static [&'static RuleMeta] {
    static ALL: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<&RuleMeta> = rules::rules()
            .map(|rule| rule.meta)
            .chain(octopoid::rules::RULES.iter().map(|rule| rule.meta))
            .collect();
        all.sort_by_key(|meta| meta.code);
        all
    })
}

/// Every rule's name, in code order.
pub fn names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| all().map(|rule| rule.name).collect())
}

/// The rule a name (`unknown-role`) or a code (`OL101`, any case) stands for: users write
/// either, in suppressions, `lint.rules` and `octolint rule`.
pub fn by_name(name: &str) -> Option<&'static RuleMeta> {
    all().find(|meta| meta.is(name))
}

/// Every rule's name and code, in code order.
pub fn names_and_codes() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| all().flat_map(|rule| [rule.name, rule.code]).collect())
}

/// A family's code prefix (`OL6`: every `OL6xx` rule), the key `lint.rules` and the
/// selectors take to mean the whole family.
pub fn family_prefix(code: &str) -> &str {
    &code[..code.len().min(3)]
}

/// What a `lint.rules` key may be: a rule's name or code, or a family's code prefix.
pub fn lint_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = names_and_codes().to_vec();
        for meta in all() {
            let prefix = family_prefix(meta.code);
            if !keys.contains(&prefix) {
                keys.push(prefix);
            }
        }
        keys
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_each_provider_registers_in_code_order() {
        let own: Vec<&str> = rules::rules().map(|rule| rule.meta.code).collect();
        let provider: Vec<&str> = octopoid::rules::RULES.iter().map(|r| r.meta.code).collect();
        for codes in [&own, &provider] {
            assert!(
                codes.windows(2).all(|pair| pair[0] < pair[1]),
                "registered out of code order: {codes:?}"
            );
        }
        let all: Vec<&str> = all().map(|meta| meta.code).collect();
        assert!(all.windows(2).all(|pair| pair[0] < pair[1]), "{all:?}");
        assert_eq!(all.len(), own.len() + provider.len());
    }

    #[test]
    fn each_family_holds_the_codes_of_one_prefix() {
        for family in rules::FAMILIES {
            let prefixes: std::collections::BTreeSet<&str> = family
                .iter()
                .map(|rule| family_prefix(rule.meta.code))
                .collect();
            assert_eq!(prefixes.len(), 1, "{prefixes:?}");
        }
        let own: std::collections::BTreeSet<&str> = rules::rules()
            .map(|rule| family_prefix(rule.meta.code))
            .collect();
        for rule in octopoid::rules::RULES {
            assert_eq!(family_prefix(rule.meta.code), "OL5");
            assert!(!own.contains("OL5"));
        }
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names = names().to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all().count());
        for name in names {
            assert!(
                name.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{name}"
            );
        }
    }
}
