//! The committed JSON Schema is current, and it agrees with the linter on what is structurally
//! valid: every example in `flows/` and every clean fixture validates; structurally bad
//! definitions do not.

use std::fs;
use std::path::{Path, PathBuf};

use octolint::schema::schema_json;
use octolint::yaml::load;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&schema_json()).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".yaml") || name.ends_with(".yml")
        })
        .collect();
    files.sort();
    files
}

fn as_json(text: &str) -> Value {
    load(text).to_json().unwrap_or(Value::Null)
}

#[test]
fn committed_schema_is_current() {
    let committed = fs::read_to_string(root().join("schema/octolint.schema.json"))
        .expect("schema/octolint.schema.json exists");
    assert!(
        committed == schema_json(),
        "schema/octolint.schema.json is stale: run `cargo run -- schema > schema/octolint.schema.json`"
    );
}

#[test]
fn schema_keeps_its_id() {
    let schema: Value = serde_json::from_str(&schema_json()).unwrap();
    assert_eq!(
        schema["$id"],
        "https://octolint.dev/schema/v1/octolint.schema.json"
    );
}

#[test]
fn examples_and_clean_fixtures_validate() {
    let validator = validator();
    let mut files = yaml_files(&root().join("flows"));
    assert!(files.len() >= 4, "flows/ holds the examples");
    files.extend(yaml_files(&root().join("tests/fixtures/ok")));
    for path in files {
        let instance = as_json(&fs::read_to_string(&path).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{} fails the schema: {errors:?}",
            path.display()
        );
    }
}

#[test]
fn structurally_bad_definitions_fail_the_schema() {
    let validator = validator();
    let bad = [
        ("no version", "roles: {implement: {}}"),
        (
            "unknown key",
            "version: 1\nroles: {review: {claims_frm: provisional}}",
        ),
        (
            "agent without role",
            "version: 1\nagents: {implementer: {model: sonnet}}",
        ),
        (
            "wrong type",
            "version: 1\nagents: {implementer: {role: implement, max_turns: lots}}",
        ),
        (
            "zero count",
            "version: 1\nagents: {implementer: {role: implement, max_instances: 0}}",
        ),
        ("wrong version", "version: 2"),
        (
            "bad condition type",
            "version: 1\nflows: {f: {transitions: {a -> b: {conditions: [{name: x, type: robot}]}}}}",
        ),
        (
            "condition without name",
            "version: 1\nflows: {f: {transitions: {a -> b: {conditions: [{type: manual}]}}}}",
        ),
        (
            "malformed transition key",
            "version: 1\nflows: {f: {transitions: {incoming claimed: {}}}}",
        ),
        (
            "flow without transitions",
            "version: 1\nflows: {f: {description: x}}",
        ),
        ("invalid name", "version: 1\nroles: {2nd-review: {}}"),
        (
            "list where a name belongs",
            "version: 1\nroles: {review: {claims_from: [a, b]}}",
        ),
        (
            "bad rule level",
            "version: 1\nlint: {rules: {unused-role: loud}}",
        ),
        ("null list", "version: 1\nsteps:"),
    ];
    for (what, text) in bad {
        assert!(
            !validator.is_valid(&as_json(text)),
            "{what} should fail the schema"
        );
    }
}

/// yaml-language-server shows descriptions on hover and in completion: every property has one,
/// and the top level carries an example.
#[test]
fn every_property_is_documented_for_editors() {
    fn walk(node: &Value, path: &str, missing: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    for (key, property) in properties {
                        if property
                            .get("description")
                            .and_then(Value::as_str)
                            .is_none_or(str::is_empty)
                        {
                            missing.push(format!("{path}/{key}"));
                        }
                    }
                }
                for (key, value) in map {
                    walk(value, &format!("{path}/{key}"), missing);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, path, missing)),
            _ => {}
        }
    }
    let schema: Value = serde_json::from_str(&schema_json()).unwrap();
    let mut missing = Vec::new();
    walk(&schema, "", &mut missing);
    assert!(missing.is_empty(), "undocumented properties: {missing:?}");
    assert!(schema["examples"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(schema["title"].is_string() && schema["description"].is_string());
}
