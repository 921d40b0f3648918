//! Rule documentation is generated and its examples are true: each rule's "Example" produces
//! the rule's finding and its "Use instead" does not. A rule on Octopoid's native files
//! documents `.octopoid/` files instead of a definition: each block of a section is one file,
//! named on its first line (`# file: agents/x/agent.yaml`, or `<!-- file: tasks/TASK-1.md -->`
//! for a task file), and the section's blocks together are one project.

use std::fs;
use std::path::{Path, PathBuf};

use octolint::diagnostic::Report;
use octolint::docs::rules_markdown;
use octolint::octopoid::ProjectOptions;
use octolint::pipeline::check_project;
use octolint::pipeline::{check_bytes, check_files};

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
    for rule in octolint::registry::all() {
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

/// The files of a native example section: `(path inside .octopoid/, text)`, the naming line
/// removed.
fn native_files(doc: &str, heading: &str) -> Vec<(String, String)> {
    let section = doc
        .split("\n## ")
        .find(|part| part.starts_with(heading))
        .unwrap_or_default();
    let mut files = Vec::new();
    for fence in ["```yaml\n", "```markdown\n"] {
        for block in section.split(fence).skip(1) {
            let block = block.split("```").next().unwrap_or_default();
            let (first, rest) = block.split_once('\n').unwrap_or((block, ""));
            let path = first
                .strip_prefix("# file: ")
                .or_else(|| {
                    first
                        .strip_prefix("<!-- file: ")
                        .and_then(|p| p.strip_suffix(" -->"))
                })
                .unwrap_or_else(|| panic!("a native example block must name its file:\n{block}"));
            files.push((path.to_string(), rest.to_string()));
        }
    }
    files
}

/// The names of the rules a native example project produces.
fn native_findings(files: &[(String, String)]) -> Vec<(&'static str, String)> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(".octopoid");
    fs::create_dir_all(&root).unwrap();
    let mut tasks: Vec<PathBuf> = Vec::new();
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        if path.extension().is_some_and(|e| e == "md") {
            tasks.push(path);
        }
    }
    let options = ProjectOptions {
        tasks,
        task_roles: None,
        ..Default::default()
    };
    let report = check_project(&root, &options).unwrap();
    report
        .reports
        .iter()
        .flat_map(|r| {
            r.diagnostics
                .iter()
                .map(|d| (d.rule.name, d.message.clone()))
        })
        .collect()
}

#[test]
fn native_rule_doc_examples_behave_as_documented() {
    for rule in octolint::registry::all().filter(|r| r.native) {
        let doc = format!("\n{}", rule.documentation());
        let bad = native_files(&doc, "Example");
        let good = native_files(&doc, "Use instead");
        assert!(
            !bad.is_empty() && !good.is_empty(),
            "{} has no examples",
            rule.name
        );
        let found = native_findings(&bad);
        assert!(
            found.iter().any(|(name, _)| *name == rule.name),
            "the example of {} does not produce it: {found:?}",
            rule.name
        );
        let found: Vec<_> = native_findings(&good)
            .into_iter()
            .filter(|(name, _)| *name == rule.name)
            .collect();
        assert!(
            found.is_empty(),
            "the fix of {} still produces it: {found:?}",
            rule.name
        );
    }
}

/// Checks the files of a multi-file example together, as one `octolint check` run.
fn check_run(blocks: &[String]) -> Vec<Report> {
    let files = blocks.iter().map(|block| {
        let (first, text) = block.split_once('\n').unwrap_or((block, ""));
        let name = first
            .strip_prefix("# file: ")
            .expect("every block names its file");
        (name, text.as_bytes())
    });
    check_files(files)
}

/// A breaking-change rule's examples are a `# before` and an `# after` version.
#[test]
fn breaking_rule_doc_examples_behave_as_documented() {
    let findings = |blocks: &[String]| -> Vec<&'static str> {
        let [before, after] = blocks else {
            panic!("a breaking example is a `# before` and an `# after` block: {blocks:?}");
        };
        assert!(before.starts_with("# before\n") && after.starts_with("# after\n"));
        let report = octolint::breaking::compare(
            "before.yaml",
            before.as_bytes(),
            "after.yaml",
            after.as_bytes(),
        )
        .unwrap();
        report.diagnostics.iter().map(|d| d.rule.name).collect()
    };
    let mut seen = 0;
    for rule in octolint::registry::all().filter(|r| r.breaking) {
        seen += 1;
        let doc = format!("\n{}", rule.documentation());
        let found = findings(&yaml_blocks(&doc, "Example"));
        assert!(
            found.contains(&rule.name),
            "the example of {} does not produce it: {found:?}",
            rule.name
        );
        let found = findings(&yaml_blocks(&doc, "Use instead"));
        assert!(
            !found.contains(&rule.name),
            "the fix of {} still produces it",
            rule.name
        );
        for block in yaml_blocks(&doc, "Use instead") {
            let report = check_bytes("example.yaml", block.as_bytes());
            assert!(
                !report.has_errors(),
                "{}: {:?}",
                rule.name,
                report.diagnostics
            );
        }
    }
    assert_eq!(seen, 8);
}

#[test]
fn rule_doc_examples_behave_as_documented() {
    for rule in octolint::registry::all().filter(|r| !r.native && !r.breaking) {
        let doc = format!("\n{}", rule.documentation());
        let bad = yaml_blocks(&doc, "Example");
        let good = yaml_blocks(&doc, "Use instead");
        assert!(
            !bad.is_empty() && !good.is_empty(),
            "{} has no examples",
            rule.name
        );
        // An example of several files (each block naming its file) is one check run.
        if bad[0].starts_with("# file: ") {
            let names = |reports: Vec<Report>| -> Vec<&'static str> {
                reports
                    .iter()
                    .flat_map(|r| r.diagnostics.iter().map(|d| d.rule.name))
                    .collect()
            };
            let found = names(check_run(&bad));
            assert!(
                found.contains(&rule.name),
                "the example of {} does not produce it: {found:?}",
                rule.name
            );
            let found = names(check_run(&good));
            assert!(
                !found.contains(&rule.name),
                "the fix of {} still produces it",
                rule.name
            );
            continue;
        }
        for example in bad {
            let report = check_example(&example);
            assert!(
                report.diagnostics.iter().any(|d| d.rule.name == rule.name),
                "the example of {} does not produce it:\n{example}",
                rule.name
            );
        }
        for example in good {
            let report = check_example(&example);
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

/// Checks an example as a file on disk, in a directory of its own, as `octolint check` does:
/// rules that look beside the definition (a role's `prompt_file`) see an empty directory.
fn check_example(example: &str) -> octolint::diagnostic::Report {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.yaml");
    std::fs::write(&path, example).unwrap();
    check_bytes(&path.display().to_string(), example.as_bytes())
}
