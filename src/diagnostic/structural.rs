//! The rules reported while a file is read and decoded, one per file like every rule: the YAML
//! reader and the model's decoder report them, so they sit below both. `crate::rules` registers
//! them with the others.

pub mod duplicate_key;
pub mod invalid_value;
pub mod missing_field;
pub mod unknown_key;
pub mod yaml_syntax;
