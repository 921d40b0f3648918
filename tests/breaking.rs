//! `octolint breaking --against REF` end to end: for every breaking-change rule, a temporary
//! git repository with two commits — the rule's documented "before" and "after" — must
//! produce the rule, and the documented fix must not; the file form of `--against`; every
//! output format; suppressions and `lint.rules`; and the errors of a bad revision.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;

/// The YAML blocks under `## {heading}` of a rule's documentation, without their first
/// (`# before` / `# after`) line.
fn versions(rule: &octolint::diagnostic::RuleMeta, heading: &str) -> (String, String) {
    let doc = rule.documentation();
    let section = doc
        .split("\n## ")
        .find(|part| part.starts_with(heading))
        .unwrap();
    let blocks: Vec<String> = section
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .map(|b| b.split_once('\n').unwrap().1.to_string())
        .collect();
    (blocks[0].clone(), blocks[1].clone())
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A repository whose `octolint.yaml` is `before` in the first commit and `after` in the
/// second (in a subdirectory, so the revision form must find the file relative to it).
fn repository(before: &str, after: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    let sub = dir.path().join("ops");
    std::fs::create_dir_all(&sub).unwrap();
    for (text, message) in [(before, "before"), (after, "after")] {
        std::fs::write(sub.join("octolint.yaml"), text).unwrap();
        git(dir.path(), &["add", "."]);
        git(dir.path(), &["commit", "--allow-empty", "-qm", message]);
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn breaking(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(cargo_bin("octolint"))
        .current_dir(dir)
        .arg("breaking")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn rule_names(json: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(json).unwrap();
    value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d["name"]
                .as_str()
                .unwrap_or(d["rule"].as_str().unwrap_or(""))
                .to_string()
        })
        .collect()
}

#[test]
fn every_rule_is_found_between_two_commits_and_its_fix_is_not() {
    let mut checked = 0;
    for rule in octolint::registry::all().filter(|r| r.breaking) {
        let (before, after) = versions(rule, "Example");
        let repo = repository(&before, &after);
        let run = breaking(
            repo.path(),
            &[
                "ops/octolint.yaml",
                "--against",
                "HEAD~1",
                "--format",
                "json",
            ],
        );
        let expected_code = if rule.severity == octolint::diagnostic::Severity::Error {
            1
        } else {
            0
        };
        assert_eq!(
            run.code, expected_code,
            "{}: {}{}",
            rule.name, run.stdout, run.stderr
        );
        let found = rule_names(&run.stdout);
        assert!(
            found.contains(&rule.name.to_string()),
            "{}: {found:?}",
            rule.name
        );

        let (before, after) = versions(rule, "Use instead");
        let repo = repository(&before, &after);
        let run = breaking(
            &repo.path().join("ops"),
            &["--against", "HEAD~1", "--format", "json"],
        );
        let found = rule_names(&run.stdout);
        assert!(
            !found.contains(&rule.name.to_string()),
            "{}: {found:?}",
            rule.name
        );
        checked += 1;
    }
    assert_eq!(checked, 8);
}

#[test]
fn against_a_file_and_in_every_format() {
    let rule = octolint::registry::by_name("role-removed").unwrap();
    let (before, after) = versions(rule, "Example");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), &before).unwrap();
    std::fs::write(dir.path().join("octolint.yaml"), &after).unwrap();

    let run = breaking(dir.path(), &["--against", "old.yaml", "--color", "never"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("error[role-removed]: role `research` (claims_from `incoming`, line 2 of the old version) is gone"),
        "{}",
        run.stdout
    );
    // The finding points at the `roles:` line of the new version.
    assert!(run.stdout.contains("octolint.yaml:2:1"), "{}", run.stdout);

    let concise = breaking(
        dir.path(),
        &["--against", "old.yaml", "--format", "concise"],
    );
    assert!(
        concise
            .stdout
            .starts_with("octolint.yaml:2:1: error[role-removed]"),
        "{}",
        concise.stdout
    );
    for format in ["json", "json-lines", "sarif", "gitlab"] {
        let run = breaking(dir.path(), &["--against", "old.yaml", "--format", format]);
        assert_eq!(run.code, 1);
        for line in run
            .stdout
            .lines()
            .filter(|l| format == "json-lines" && !l.is_empty())
        {
            serde_json::from_str::<Value>(line).unwrap();
        }
        if format != "json-lines" {
            let value: Value = serde_json::from_str(&run.stdout).unwrap();
            assert!(
                value.to_string().contains("role-removed") || value.to_string().contains("OL801"),
                "{format}: {value}"
            );
        }
    }
    let github = breaking(dir.path(), &["--against", "old.yaml", "--format", "github"]);
    assert!(github.stdout.starts_with("::error "), "{}", github.stdout);
    let junit = breaking(dir.path(), &["--against", "old.yaml", "--format", "junit"]);
    assert!(junit.stdout.contains("role-removed"), "{}", junit.stdout);
}

#[test]
fn suppressions_and_lint_levels_apply() {
    let rule = octolint::registry::by_name("role-removed").unwrap();
    let (before, after) = versions(rule, "Example");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), &before).unwrap();

    let suppressed = after.replace("roles:", "# octolint: ignore[role-removed]\nroles:");
    std::fs::write(dir.path().join("octolint.yaml"), &suppressed).unwrap();
    let run = breaking(
        dir.path(),
        &["--against", "old.yaml", "--format", "concise"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // `check` does not call a suppression of a breaking rule unused: it cannot know.
    let check = Command::new(cargo_bin("octolint"))
        .current_dir(dir.path())
        .args(["check", "octolint.yaml", "--format", "concise"])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // A suppression of a breaking rule that suppresses nothing is reported by `breaking`.
    let unused = after.replace("agents:", "# octolint: ignore[flow-removed]\nagents:");
    std::fs::write(dir.path().join("octolint.yaml"), &unused).unwrap();
    let run = breaking(
        dir.path(),
        &["--against", "old.yaml", "--format", "concise"],
    );
    assert!(
        run.stdout
            .contains("warning[unused-suppression] suppression of `flow-removed` is unused"),
        "{}",
        run.stdout
    );

    let off = format!("{after}lint: {{rules: {{role-removed: warning}}}}\n");
    std::fs::write(dir.path().join("octolint.yaml"), &off).unwrap();
    let run = breaking(
        dir.path(),
        &["--against", "old.yaml", "--format", "concise"],
    );
    assert_eq!(run.code, 0, "a warning does not fail: {}", run.stdout);
    assert!(
        run.stdout.contains("warning[role-removed]"),
        "{}",
        run.stdout
    );
    let run = breaking(
        dir.path(),
        &["--against", "old.yaml", "--fail-on", "warning"],
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_revision_without_the_file_is_a_clear_error() {
    let rule = octolint::registry::by_name("flow-removed").unwrap();
    let (before, after) = versions(rule, "Example");
    let repo = repository(&before, &after);
    let run = breaking(
        repo.path(),
        &["ops/octolint.yaml", "--against", "no-such-branch"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "`no-such-branch` is neither a file nor a git revision that has ops/octolint.yaml"
        ),
        "{}",
        run.stderr
    );
    let broken = repository("version: 1\nroles: [\n", &after);
    let run = breaking(broken.path(), &["ops/octolint.yaml", "--against", "HEAD~1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "the old version (ops/octolint.yaml@HEAD~1) is not a definition that can be read"
        ),
        "{}",
        run.stderr
    );
}
