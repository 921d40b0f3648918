//! Which keys are valid where, and their documentation — read from the JSON Schema, which is
//! generated from the model, so completion and hover cannot drift from what the linter accepts.

use std::sync::OnceLock;

use serde_json::Value;

/// A path of mapping keys from the document root; `[]` stands for a list item.
pub type Path = [String];

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA
        .get_or_init(|| serde_json::from_str(&crate::schema::schema_json()).unwrap_or(Value::Null))
}

/// The schema definition of the mapping at `path` (`None` for the root's own schema).
fn object_at(path: &Path) -> Option<Option<&'static str>> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let name = match p.as_slice() {
        [] => return Some(None),
        ["orchestrator"] => "Orchestrator",
        ["queues", _] => "Queue",
        ["roles", _] => "Role",
        ["agents", _] => "Agent",
        ["flows", _] => "Flow",
        ["flows", _, "child_flow"] => "ChildFlow",
        ["flows", _, "transitions", _] | ["flows", _, "child_flow", "transitions", _] => {
            "Transition"
        }
        ["flows", _, "transitions", _, "conditions", "[]"]
        | [
            "flows",
            _,
            "child_flow",
            "transitions",
            _,
            "conditions",
            "[]",
        ] => "Condition",
        ["lint"] => "Lint",
        ["generate"] => "Generate",
        ["generate", _] => "TargetOutput",
        _ => return None,
    };
    Some(Some(name))
}

/// The keys valid in the mapping at `path`, with their documentation, in schema order.
pub fn keys_at(path: &Path) -> Vec<(String, String)> {
    let Some(object) = object_at(path) else {
        return Vec::new();
    };
    let properties = match object {
        None => &schema()["properties"],
        Some(name) => &schema()["$defs"][name]["properties"],
    };
    properties
        .as_object()
        .map(|props| {
            props
                .iter()
                .map(|(key, value)| {
                    let doc = value["description"].as_str().unwrap_or_default();
                    (key.clone(), doc.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The documentation of `key` in the mapping at `path`.
pub fn key_doc(path: &Path, key: &str) -> Option<String> {
    keys_at(path)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, doc)| doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn keys_come_from_the_schema() {
        let role = keys_at(&path(&["roles", "review"]));
        assert!(
            role.iter()
                .any(|(k, d)| k == "claims_from" && d.contains("Defaults to `incoming`"))
        );
        assert!(keys_at(&[]).iter().any(|(k, _)| k == "version"));
        let condition = path(&["flows", "f", "transitions", "a -> b", "conditions", "[]"]);
        assert!(keys_at(&condition).iter().any(|(k, _)| k == "on_fail"));
        assert!(keys_at(&path(&["nowhere"])).is_empty());
    }
}
