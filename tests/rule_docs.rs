//! Rule documentation is generated and its examples are true: each rule's "Example" produces
//! the rule's finding and its "Use instead" does not.

use std::fs;
use std::path::Path;

use octolint::check::check_bytes;
use octolint::docs::rules_markdown;
use octolint::rules;

/// The YAML code blocks under the heading `## {heading}` of a rule's documentation.
fn yaml_blocks(doc: &str, heading: &str) -> Vec<String> {
    let section = doc
        .split("\n## ")
        .find(|part| part.starts_with(heading) || part.starts_with(&format!("## {heading}")))
        .unwrap_or_default();
    section
        .split("```yaml\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .map(str::to_string)
        .collect()
}

#[test]
fn committed_rule_docs_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = fs::read_to_string(&path).expect("docs/rules.md exists");
    assert!(
        committed == rules_markdown(),
        "docs/rules.md is stale: run `cargo run -- rule --markdown > docs/rules.md`"
    );
}

#[test]
fn every_rule_documents_what_why_example_and_fix() {
    for rule in rules::all() {
        let doc = rule.documentation();
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
        ] {
            assert!(doc.contains(heading), "{} lacks `{heading}`", rule.name);
        }
    }
}

#[test]
fn rule_doc_examples_behave_as_documented() {
    for rule in rules::all() {
        let doc = format!("\n{}", rule.documentation());
        let bad = yaml_blocks(&doc, "Example");
        let good = yaml_blocks(&doc, "Use instead");
        assert!(
            !bad.is_empty() && !good.is_empty(),
            "{} has no examples",
            rule.name
        );
        for example in bad {
            let report = check_bytes("example.yaml", example.as_bytes());
            assert!(
                report.diagnostics.iter().any(|d| d.rule.name == rule.name),
                "the example of {} does not produce it:\n{example}",
                rule.name
            );
        }
        for example in good {
            let report = check_bytes("example.yaml", example.as_bytes());
            let found: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.rule.name == rule.name)
                .map(|d| &d.message)
                .collect();
            assert!(
                found.is_empty(),
                "the fix of {} still produces it: {found:?}\n{example}",
                rule.name
            );
        }
    }
}
