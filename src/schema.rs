//! The JSON Schema of the definition format, generated from the model types.

use serde_json::Value;

use crate::model::Definition;

/// The schema's stable identifier; editors and modelines refer to it.
pub const SCHEMA_ID: &str = "https://octolint.dev/schema/v1/octolint.schema.json";

/// The schema as pretty-printed JSON, ending in a newline.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Definition);
    let mut value = schema.to_value();
    if let Value::Object(root) = &mut value {
        root.insert("$id".into(), SCHEMA_ID.into());
    }
    absent_is_not_null(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// In the model, `Option` means "may be left out" and a name map may be empty; neither means
/// the value may be written as `null`, and the loader rejects that. Schemars renders `Option`
/// as "T or null" and treats every non-`Option` field as required, so both are corrected here.
fn absent_is_not_null(schema: &mut Value) {
    let Value::Object(object) = schema else {
        if let Value::Array(items) = schema {
            items.iter_mut().for_each(absent_is_not_null);
        }
        return;
    };
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for property in properties.values_mut() {
            // `x-nullable` marks the few fields that may be written with no value.
            let nullable = property
                .as_object_mut()
                .and_then(|p| p.remove("x-nullable"))
                .is_some();
            if !nullable {
                strip_null(property);
            }
        }
    }
    if let Some(Value::Array(required)) = object.get_mut("required") {
        required.retain(|name| {
            !matches!(
                name.as_str(),
                Some("queues" | "roles" | "agents" | "flows" | "rules" | "chains" | "escalation")
            )
        });
        if required.is_empty() {
            object.remove("required");
        }
    }
    object.values_mut().for_each(absent_is_not_null);
}

fn strip_null(property: &mut Value) {
    let Value::Object(object) = property else {
        return;
    };
    if let Some(Value::Array(types)) = object.get("type") {
        let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        if kept.len() == 1 {
            object.insert("type".into(), kept[0].clone());
        }
    }
    let single = match object.get("anyOf") {
        Some(Value::Array(options)) => {
            let kept: Vec<&Value> = options
                .iter()
                .filter(|o| o.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            (kept.len() == 1 && options.len() == 2).then(|| kept[0].clone())
        }
        _ => None,
    };
    if let Some(Value::Object(inner)) = single {
        object.remove("anyOf");
        for (key, value) in inner {
            object.entry(key).or_insert(value);
        }
    }
}
