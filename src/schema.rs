//! The JSON Schema of the definition format, generated from the model types.

use crate::model::Definition;

/// The schema's stable identifier; editors and modelines refer to it.
pub const SCHEMA_ID: &str = "https://octolint.dev/schema/v1/octolint.schema.json";

/// The schema as pretty-printed JSON, ending in a newline.
pub fn schema_json() -> String {
    let mut schema = schemars::schema_for!(Definition);
    schema.insert("$id".into(), SCHEMA_ID.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
