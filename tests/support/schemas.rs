//! Loading the committed JSON Schemas the generated JSON must satisfy, each first checked
//! against the 2020-12 meta-schema: a misspelt keyword would otherwise accept everything.

use std::fs;
use std::path::Path;

use serde_json::Value;

/// A validator for the schema at `path`, which must be a valid draft 2020-12 schema.
pub fn validator(path: &Path) -> jsonschema::Validator {
    let name = path.display();
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "{name}"
    );
    if let Err(error) = jsonschema::meta::validate(&schema) {
        panic!("{name} is not a valid schema: {error}");
    }
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
}
