//! The rules reported while a file is read and decoded, one per file like every rule: the YAML
//! reader and the model's decoder report them, so they sit below both. The rule registry,
//! above, lists them with every other rule.

pub mod duplicate_key;
pub mod invalid_value;
pub mod missing_field;
pub mod unknown_key;
pub mod yaml_syntax;

use crate::diagnostic::RuleMeta;

/// Every structural rule: what a file says, as opposed to what it means.
pub const STRUCTURAL: [&RuleMeta; 5] = [
    &yaml_syntax::YAML_SYNTAX,
    &duplicate_key::DUPLICATE_KEY,
    &unknown_key::UNKNOWN_KEY,
    &invalid_value::INVALID_VALUE,
    &missing_field::MISSING_FIELD,
];

/// Whether `rule` is a structural rule.
pub fn is_structural(rule: &RuleMeta) -> bool {
    STRUCTURAL.iter().any(|r| r.code == rule.code)
}
