//! The YAML reader agrees with the official YAML test suite (`yaml/yaml-test-suite`, its
//! `data` branch, vendored in `tests/fixtures/yaml-test-suite/` with its licence and source):
//! every case that the suite marks as an error is a syntax error, and every other case reads
//! without one.

use std::path::Path;

use serde_json::Value;

#[test]
fn the_reader_agrees_with_every_case_of_the_yaml_test_suite() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml-test-suite/cases.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(cases.len(), 402, "every case of the suite");
    let mut disagreements = Vec::new();
    for case in &cases {
        let yaml = case["yaml"].as_str().unwrap();
        let expected_error = case["error"].as_bool().unwrap();
        let doc = octolint::yaml::load(yaml);
        if doc.error.is_some() != expected_error {
            disagreements.push(format!(
                "{} ({}): the suite says {}, octolint {}",
                case["id"].as_str().unwrap(),
                case["name"].as_str().unwrap(),
                if expected_error { "error" } else { "valid" },
                doc.error
                    .map_or("read it".to_string(), |e| format!("failed: {}", e.message))
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
}
