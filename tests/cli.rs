//! End-to-end tests of the `octolint` binary: arguments, inputs, formats and exit codes.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

#[path = "support/tree.rs"]
mod tree;
use tree::copy_tree;

const CLEAN: &str = "version: 1
roles:
  implement: {description: Write the code}
agents:
  implementer: {role: implement}
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      claimed -> done: {}
";

const BAD: &str = "version: 1
roles:
  implement: {description: Write the code}
agents:
  implementer: {role: implementer}
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      claimed -> done: {}
";

const WARNING_ONLY: &str = "version: 1
roles:
  implement: {}
  research: {}
agents:
  implementer: {role: implement}
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      claimed -> done: {}
";

fn octolint() -> Command {
    let mut command = Command::cargo_bin("octolint").expect("binary is built");
    command.env_remove("NO_COLOR");
    command
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn stdout_of(command: &mut Command) -> (i32, String, String) {
    let output = command.output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn clean_file_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", CLEAN);
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "octolint.yaml"]),
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "All checks passed (1 file).\n");
}

#[test]
fn errors_exit_one_with_the_finding_located() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", BAD);
    let (code, out, _) = stdout_of(octolint().current_dir(dir.path()).args([
        "check",
        "--format",
        "concise",
        "octolint.yaml",
    ]));
    assert_eq!(code, 1);
    assert!(
        out.starts_with("octolint.yaml:5:23: error[agent-role-mismatch] agent `implementer` is bound to `implementer`"),
        "{out}"
    );
    // The summary says what `--fix` would fix.
    assert!(
        out.ends_with("Found 1 error in 1 file.\n[*] 1 fixable with `octolint check --fix` (`--diff` shows the changes first).\n"),
        "{out}"
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", WARNING_ONLY);
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--format=concise"]),
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("warning[unused-role] role `research` is unused"),
        "{out}"
    );
}

#[test]
fn json_output_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", BAD);
    let (code, out, _) = stdout_of(octolint().current_dir(dir.path()).args([
        "check",
        "--format",
        "json",
        "octolint.yaml",
    ]));
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "OL201");
    assert_eq!(d["name"], "agent-role-mismatch");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "octolint.yaml");
    assert_eq!(d["suggestion"], "implement");
    assert!(d["help"].as_str().unwrap().contains("role: implement"));
    let offset = BAD.find("role: implementer").unwrap() + "role: ".len();
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 5, "column": 23, "offset": offset})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 5, "column": 34, "offset": offset + "implementer".len()})
    );
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 1, "warnings": 0, "infos": 0, "fixable": 1})
    );
}

#[test]
fn stdin_is_read_with_its_given_name() {
    let (code, out, _) = stdout_of(
        octolint()
            .args([
                "check",
                "--format",
                "concise",
                "--stdin-filename",
                "team/octolint.yaml",
                "-",
            ])
            .write_stdin(BAD),
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("team/octolint.yaml:5:23: error[agent-role-mismatch]"),
        "{out}"
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", CLEAN);
    let (code, _, err) =
        stdout_of(
            octolint()
                .current_dir(dir.path())
                .args(["check", "octolint.yaml", "nope.yaml"]),
        );
    assert_eq!(code, 2);
    assert!(
        err.contains("nope.yaml: no such file or directory"),
        "{err}"
    );
}

#[test]
fn directories_are_searched_for_definition_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "defs/a.octolint.yaml", CLEAN);
    write(dir.path(), "defs/nested/octolint.yaml", BAD);
    write(dir.path(), "defs/nested/b.octolint.yml", CLEAN);
    write(dir.path(), "defs/config.yaml", "not: [a definition");
    write(dir.path(), "defs/.hidden/octolint.yaml", "not: [checked");
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise", "defs"]),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("defs/nested/octolint.yaml:5:23: error[agent-role-mismatch]"),
        "{out}"
    );
    assert!(
        out.ends_with("Found 1 error in 3 files.\n[*] 1 fixable with `octolint check --fix` (`--diff` shows the changes first).\n"),
        "{out}"
    );
}

#[test]
fn a_directory_without_definitions_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = stdout_of(octolint().args(["check"]).arg(dir.path()));
    assert_eq!(code, 2);
    assert!(err.contains("no definition files"), "{err}");
}

#[test]
fn without_paths_the_nearest_definition_upward_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", BAD);
    fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path().join("sub/deeper"))
            .args(["check", "--format", "concise"]),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("octolint.yaml:5:23: error[agent-role-mismatch]"),
        "{out}"
    );
}

#[test]
fn without_paths_and_without_a_definition_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = stdout_of(octolint().current_dir(dir.path()).arg("check"));
    assert_eq!(code, 2);
    assert!(err.contains("no octolint.yaml"), "{err}");
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", BAD);
    let run = |args: &[&str], no_color: bool| {
        let mut command = octolint();
        command.current_dir(dir.path()).arg("check").args(args);
        if no_color {
            command.env("NO_COLOR", "1");
        }
        stdout_of(&mut command).1
    };
    assert!(run(&["--color", "always"], false).contains("\u{1b}["));
    assert!(
        run(&["--color", "always"], true).contains("\u{1b}["),
        "an explicit flag wins"
    );
    assert!(!run(&["--color", "never"], false).contains("\u{1b}["));
    assert!(!run(&[], false).contains("\u{1b}["), "not a terminal");
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let (code, out, _) = stdout_of(octolint().arg("schema"));
    assert_eq!(code, 0);
    let committed = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/octolint.schema.json"),
    )
    .unwrap();
    assert_eq!(out, committed);
}

#[test]
fn rule_command_documents_rules_by_name_or_code() {
    let (code, by_name, _) = stdout_of(octolint().args(["rule", "agent-role-mismatch"]));
    assert_eq!(code, 0);
    assert!(by_name.starts_with("# agent-role-mismatch\n"), "{by_name}");
    assert!(by_name.contains("## Example"));
    let (_, by_code, _) = stdout_of(octolint().args(["rule", "OL201"]));
    assert_eq!(by_name, by_code);
    let (code, list, _) = stdout_of(octolint().args(["rule", "--all"]));
    assert_eq!(code, 0);
    assert_eq!(list.lines().count(), octolint::registry::all().count());
    let (code, _, err) = stdout_of(octolint().args(["rule", "unknown-rol"]));
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `unknown-role`?"), "{err}");
}

#[test]
fn bad_usage_exits_two() {
    let (code, _, err) = stdout_of(octolint().args(["check", "--format", "xml"]));
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'xml'"), "{err}");
    let (code, _, _) = stdout_of(octolint().arg("frobnicate"));
    assert_eq!(code, 2);
}

#[test]
fn invalid_utf8_is_a_finding_not_a_crash() {
    let (code, out, _) = stdout_of(
        octolint()
            .args(["check", "--format", "concise", "-"])
            .write_stdin(b"version: 1\nroles: {r\xff: {}}\n".to_vec()),
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("<stdin>:2:10: error[yaml-syntax] the file is not valid UTF-8"),
        "{out}"
    );
}

const FIXABLE: &str = "version: 1 # the format
roles:
  implement: {}  # the only role
agents:
  # octolint: ignore[unused-agent, unused-role]
  implementer: {role: implementer}  # was wrong
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      claimed -> done: {}
";

#[test]
fn fix_applies_safe_fixes_in_place_keeping_comments() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", FIXABLE);
    let (code, out, err) = stdout_of(octolint().current_dir(dir.path()).args(["check", "--fix"]));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "All checks passed (1 file).\n");
    assert!(err.contains("Fixed 3 findings in 1 file."), "{err}");
    let fixed = fs::read_to_string(dir.path().join("octolint.yaml")).unwrap();
    assert_eq!(
        fixed,
        FIXABLE
            .replace("  # octolint: ignore[unused-agent, unused-role]\n", "")
            .replace("role: implementer}", "role: implement}")
    );
}

#[test]
fn diff_shows_fixes_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", FIXABLE);
    let (code, out, _) = stdout_of(octolint().current_dir(dir.path()).args(["check", "--diff"]));
    assert_eq!(code, 1);
    assert!(out.contains("-  implementer: {role: implementer}  # was wrong\n+  implementer: {role: implement}  # was wrong\n"), "{out}");
    assert_eq!(
        fs::read_to_string(dir.path().join("octolint.yaml")).unwrap(),
        FIXABLE
    );
    let (code, out, _) = stdout_of(
        octolint()
            .args(["check", "--fix", "-"])
            .write_stdin(FIXABLE),
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("{role: implement}  # was wrong"),
        "stdin prints the fixed text: {out}"
    );
}

#[test]
fn statistics_fail_on_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", WARNING_ONLY);
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--statistics"]),
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "    1  OL402  unused-role            No agent or flow uses a role\nFound 1 warning in 1 file.\n"
    );
    let (code, _, _) =
        stdout_of(
            octolint()
                .current_dir(dir.path())
                .args(["check", "--fail-on", "warning"]),
        );
    assert_eq!(code, 1, "a warning fails with --fail-on warning");
    write(dir.path(), "octolint.yaml", BAD);
    let (code, _, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--exit-zero"]),
    );
    assert_eq!(code, 0);
    let (code, _, _) = stdout_of(octolint().current_dir(dir.path()).args([
        "check",
        "--exit-zero",
        "missing.yaml",
    ]));
    assert_eq!(code, 2, "I/O errors still exit 2");
}

#[test]
fn init_writes_a_starter_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = stdout_of(octolint().current_dir(dir.path()).arg("init"));
    assert_eq!(code, 0);
    assert!(out.starts_with("wrote octolint.yaml"), "{out}");
    let starter = fs::read_to_string(dir.path().join("octolint.yaml")).unwrap();
    assert!(starter.contains("# Workers, each bound to exactly one role"));
    let (code, out, _) =
        stdout_of(
            octolint()
                .current_dir(dir.path())
                .args(["check", "--fail-on", "warning"]),
        );
    assert_eq!((code, out.as_str()), (0, "All checks passed (1 file).\n"));
    let (code, _, err) = stdout_of(octolint().current_dir(dir.path()).arg("init"));
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    let (code, _, _) = stdout_of(octolint().current_dir(dir.path()).args([
        "init",
        "--force",
        "team.octolint.yaml",
    ]));
    assert_eq!(code, 0);
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _octolint"),
        ("zsh", "#compdef octolint"),
        ("fish", "complete -c octolint"),
    ] {
        let (code, out, _) = stdout_of(octolint().args(["completions", shell]));
        assert_eq!(code, 0);
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(
            out.contains("stdin-filename"),
            "{shell} completes check's options"
        );
        // Rule names complete after `octolint rule`, `--select` and `--ignore`.
        assert!(
            out.contains("unknown-role") && out.contains("claims-from-terminal"),
            "{shell} completes rule names"
        );
    }
    let (code, _, _) = stdout_of(octolint().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
}

#[test]
fn committed_man_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man");
    let pages = octolint::cli::man_pages();
    assert!(pages.len() >= 9);
    for (name, page) in pages {
        let committed = fs::read_to_string(dir.join(format!("{name}.1")))
            .unwrap_or_else(|_| panic!("docs/man/{name}.1 is missing"));
        assert!(
            committed == page,
            "docs/man/{name}.1 is stale: regenerate the pages with `cargo run -- man --out docs/man`"
        );
        assert!(page.contains(".SH SYNOPSIS"));
    }
    let (code, out, _) = stdout_of(octolint().args(["man", "check"]));
    assert_eq!(code, 0);
    assert!(out.contains("\\-\\-fail\\-on"), "{out}");
}

fn native_fixture(kind: &str, name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/octopoid")
        .join(kind)
        .join(name)
}

#[test]
fn check_reads_an_octopoid_project_as_it_is() {
    let project = native_fixture("err", "native-roles");
    let (code, out, err) = stdout_of(
        octolint()
            .args(["check", "--format", "concise"])
            .arg(&project),
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("agents/implementer/agent.yaml:1:7: error[agent-role-mismatch]"),
        "{out}"
    );
    assert!(
        err.contains("checked against Octopoid's known task roles"),
        "{err}"
    );
    let (code, out, _) = stdout_of(
        octolint()
            .args([
                "check",
                "--format",
                "concise",
                "--task-roles",
                "implement,github_issue_monitor,reserch",
            ])
            .arg(&project),
    );
    assert_eq!(code, 1);
    assert!(
        !out.contains("unknown-role"),
        "the override decides the task roles: {out}"
    );

    // A repository root holding `.octopoid/`, found without a path.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(".octopoid");
    copy_tree(&native_fixture("ok", "shape-mapping"), &copy);
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"]),
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("All checks passed"), "{out}");
    let (code, _, err) =
        stdout_of(
            octolint()
                .current_dir(dir.path())
                .args(["check", "--tasks", "nothing/*.md"]),
        );
    assert_eq!(
        code, 2,
        "a task pattern that matches nothing is a usage error: {err}"
    );
}

#[test]
fn import_writes_a_definition_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &native_fixture("ok", "shape-mapping"),
        &dir.path().join(".octopoid"),
    );
    let (code, yaml, _) = stdout_of(octolint().current_dir(dir.path()).arg("import"));
    assert_eq!(code, 0);
    assert!(yaml.contains("version: 1"), "{yaml}");
    // `-o -` is standard output too, not a file named `-`.
    let (code, dashed, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["import", "-o", "-"]),
    );
    assert_eq!((code, &dashed), (0, &yaml));
    assert!(!dir.path().join("-").exists());
    let (code, _, err) =
        stdout_of(
            octolint()
                .current_dir(dir.path())
                .args(["import", "-o", "octolint.yaml"]),
        );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("octolint.yaml")).unwrap(),
        yaml
    );
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "octolint.yaml"]),
    );
    assert_eq!(code, 0, "{out}");
    let (code, _, err) =
        stdout_of(
            octolint()
                .current_dir(dir.path())
                .args(["import", "-o", "octolint.yaml"]),
        );
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    let (code, _, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["import", "nowhere"]),
    );
    assert_eq!(code, 2);
}

/// What a definition cannot carry — how a native file is written — is printed by `import`
/// as errors, located, and makes it exit 1; the definition is still written.
#[test]
fn import_reports_the_errors_it_cannot_carry_and_exits_one() {
    let (code, yaml, err) = stdout_of(
        octolint()
            .args(["import", "-o", "-"])
            .arg(native_fixture("err", "native-structure")),
    );
    assert_eq!(code, 1, "{err}");
    assert!(yaml.contains("version: 1"), "{yaml}");
    assert!(
        err.contains("error: config.yaml:")
            && err.contains("[missing-field] config.yaml has no `scope`"),
        "{err}"
    );
    assert!(
        err.contains("(not carried into the definition: fix it in the Octopoid files)"),
        "{err}"
    );
    let errors = err.lines().filter(|l| l.starts_with("error: ")).count();
    assert_eq!(
        errors, 9,
        "one line per structural error of the project: {err}"
    );
}

#[test]
fn fix_corrects_a_misspelt_escalation_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/err/missing-escalation-misspelt.yaml"),
    )
    .unwrap();
    write(dir.path(), "octolint.yaml", &text);
    let (code, out, err) = stdout_of(octolint().current_dir(dir.path()).args(["check", "--fix"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("Fixed 2 findings in 1 file."), "{err}");
    let fixed = fs::read_to_string(dir.path().join("octolint.yaml")).unwrap();
    assert_eq!(
        fixed,
        text.replace("      blokced:", "      blocked:")
            .replace("      defualt:", "      default:")
    );
}

/// A path that is not there is an error before anything is checked: nothing on standard
/// output claims a pass, in any format.
#[test]
fn a_missing_path_is_an_error_and_nothing_passes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", CLEAN);
    for format in ["full", "json", "sarif"] {
        let (code, out, err) = stdout_of(octolint().current_dir(dir.path()).args([
            "check",
            "octolint.yaml",
            "nothere.yaml",
            "--format",
            format,
        ]));
        assert_eq!(code, 2, "{format}: {out}{err}");
        assert_eq!(out, "", "{format}");
        assert_eq!(err, "error: nothere.yaml: no such file or directory\n");
    }
}

/// A rule's code works wherever its name does: suppressions and `lint.rules`.
#[test]
fn rule_codes_are_accepted_where_names_are() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version: 1\nroles:\n  implement: {}\n  spare: {}  # octolint: ignore[OL402]\nagents:\n  implementer: {role: implement}\nflows:\n  default:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\n";
    write(dir.path(), "octolint.yaml", text);
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"]),
    );
    assert_eq!((code, out.as_str()), (0, "All checks passed (1 file).\n"));
    let levels = text.replace("  # octolint: ignore[OL402]", "")
        + "lint:\n  rules:\n    ol402: off\n    OL401: error\n";
    write(dir.path(), "octolint.yaml", &levels);
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"]),
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "All checks passed (1 file).\n"),
        "{out}"
    );
    let wrong = text.replace("ignore[OL402]", "ignore[OL499]");
    write(dir.path(), "octolint.yaml", &wrong);
    let (_, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"]),
    );
    assert!(out.contains("unused-suppression"), "{out}");
}

/// `init DIR` writes `DIR/octolint.yaml` (making DIR), never a file named DIR.
#[test]
fn init_into_a_directory_writes_octolint_yaml_there() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = stdout_of(octolint().current_dir(dir.path()).args(["init", "svc"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "wrote svc/octolint.yaml; check it with `octolint check svc/octolint.yaml`\n"
    );
    assert!(dir.path().join("svc/octolint.yaml").is_file());
    let (code, _, _) = stdout_of(octolint().current_dir(dir.path()).args(["init", "svc"]));
    assert_eq!(code, 1, "an existing definition is not overwritten");
    let (code, _, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["init", "team.octolint.yml"]),
    );
    assert_eq!(code, 0);
    assert!(dir.path().join("team.octolint.yml").is_file());
}

/// `--diff` and `--fix` work on an Octopoid project, one file at a time: fixing the agent's
/// role also settles the flow that names it, so the flow is left alone.
#[test]
fn fix_and_diff_work_on_an_octopoid_project() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(".octopoid");
    fs::create_dir_all(root.join("agents/implementer")).unwrap();
    fs::create_dir_all(root.join("flows")).unwrap();
    fs::write(
        root.join("agents/implementer/agent.yaml"),
        "role: implementer\n",
    )
    .unwrap();
    let flow = "name: default\ntransitions:\n  \"incoming -> claimed\": {agent: implement}\n  \"claimed -> done\": {}\n";
    fs::write(root.join("flows/default.yaml"), flow).unwrap();

    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--format", "concise"]),
    );
    assert_eq!(code, 1);
    assert!(
        out.ends_with(
            "[*] 2 fixable with `octolint check --fix` (`--diff` shows the changes first).\n"
        ),
        "{out}"
    );

    let (code, out, err) = stdout_of(octolint().current_dir(dir.path()).args(["check", "--diff"]));
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("-role: implementer\n+role: implement\n"),
        "{out}"
    );
    assert!(!out.contains("default.yaml"), "{out}");
    assert!(
        err.contains("1 fixable finding in 1 file; run with --fix to apply."),
        "{err}"
    );

    let (code, out, err) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "--fix", "--format", "concise"]),
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "All checks passed (2 files).\n"),
        "{err}"
    );
    assert!(err.contains("Fixed 1 finding in 1 file."), "{err}");
    assert_eq!(
        fs::read_to_string(root.join("agents/implementer/agent.yaml")).unwrap(),
        "role: implement\n"
    );
    assert_eq!(
        fs::read_to_string(root.join("flows/default.yaml")).unwrap(),
        flow
    );
}

/// Which rules report comes from the nearest `octolint.toml`, `.octolint.toml` or
/// `pyproject.toml` `[tool.octolint]`, refined by `--select`, `--extend-select`, `--ignore`
/// and `--per-file-ignores`; names, codes and code prefixes all select. It reaches an
/// Octopoid project, which has no `lint:` of its own.
#[test]
fn settings_files_and_selection_flags_choose_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let spare = "version: 1\nroles:\n  implement: {}\n  spare: {}\nagents:\n  implementer: {role: implement}\nflows:\n  default:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\n";
    write(dir.path(), "svc/octolint.yaml", spare);
    write(dir.path(), "legacy/octolint.yaml", spare);
    let rules_in = |args: &[&str]| -> Vec<String> {
        let (_, out, err) = stdout_of(
            octolint()
                .current_dir(dir.path())
                .args(["check", "--format", "concise"])
                .args(args),
        );
        assert!(!err.contains("error:"), "{err}");
        out.lines()
            .filter(|l| l.contains('['))
            .map(|l| {
                l.split_once(": ").unwrap().0.to_string()
                    + " "
                    + l.split('[').nth(1).unwrap().split(']').next().unwrap()
            })
            .collect()
    };
    let unused = |dir: &str| format!("{dir}/octolint.yaml:4:3 unused-role");
    assert_eq!(
        rules_in(&["svc", "legacy"]),
        [unused("svc"), unused("legacy")]
    );

    write(dir.path(), "octolint.toml", "ignore = [\"OL4\"]\n");
    assert_eq!(rules_in(&["svc", "legacy"]), Vec::<String>::new());
    // The command line adds to the file's selection; a nearer file wins over a farther one.
    write(
        dir.path(),
        "svc/pyproject.toml",
        "[tool.octolint]\nselect = [\"OL1\"]\n",
    );
    assert_eq!(
        rules_in(&["svc", "--extend-select", "unused-role"]),
        [unused("svc")]
    );
    fs::remove_file(dir.path().join("octolint.toml")).unwrap();
    assert_eq!(
        rules_in(&[
            "svc",
            "legacy",
            "--extend-select",
            "OL402",
            "--per-file-ignores",
            "legacy/*.yaml:unused-role"
        ]),
        [unused("svc")]
    );
    assert_eq!(
        rules_in(&["legacy", "--ignore", "ALL"]),
        Vec::<String>::new()
    );
    assert_eq!(
        rules_in(&["legacy", "--select", "ol402"]),
        [unused("legacy")]
    );

    // An Octopoid project takes its settings from beside `.octopoid/`.
    write(
        dir.path(),
        "ops/.octopoid/agents/a/agent.yaml",
        "role: triage\n",
    );
    let (_, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "ops", "--format", "concise"]),
    );
    assert!(out.contains("unknown-role"), "{out}");
    write(
        dir.path(),
        "ops/.octolint.toml",
        "[per-file-ignores]\n\"**/agent.yaml\" = [\"unknown-role\"]\n",
    );
    let (code, out, _) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "ops", "--format", "concise"]),
    );
    assert_eq!((code, out.as_str()), (0, "All checks passed (1 file).\n"));

    // What is wrong in a settings file or a flag is a usage error, named.
    write(dir.path(), "legacy/octolint.toml", "ignor = []\n");
    let (code, _, err) = stdout_of(octolint().current_dir(dir.path()).args(["check", "legacy"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("octolint.toml: unknown field `ignor`"),
        "{err}"
    );
    let (code, _, err) = stdout_of(
        octolint()
            .current_dir(dir.path())
            .args(["check", "svc", "--ignore", "OL9999x"]),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("the command line: `OL9999x` is no rule, code or code prefix"),
        "{err}"
    );

    let (code, out, _) = stdout_of(octolint().current_dir(dir.path()).args([
        "check",
        "svc/octolint.yaml",
        "--show-settings",
        "--ignore",
        "OL6",
    ]));
    assert_eq!(code, 0);
    assert!(
        out.contains("settings file: ") && out.contains("svc/pyproject.toml"),
        "{out}"
    );
    assert!(
        out.contains("    select: OL1\n") && out.contains("    ignore: OL6\n"),
        "{out}"
    );
    assert!(out.contains("rules that report here: 5 of "), "{out}");
}

/// `--add-suppression` adopts octolint in one step: every finding is suppressed where it is —
/// at the end of its line, or on the line above when the line already ends in a comment — in
/// definitions and Octopoid files alike, and the next check passes.
#[test]
fn add_suppression_suppresses_every_finding_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version: 1\nroles:\n  implement: {}\n  spare: {}  # kept for later\nagents:\n  implementer: {role: implemnt}\nflows:\n  default:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\n";
    write(dir.path(), "octolint.yaml", text);
    write(
        dir.path(),
        "ops/.octopoid/agents/a/agent.yaml",
        "role: implementer\n",
    );
    let (code, _, err) = stdout_of(octolint().current_dir(dir.path()).args([
        "check",
        "octolint.yaml",
        "ops",
        "--add-suppression",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Suppressed 3 findings in 2 files."), "{err}");
    let written = fs::read_to_string(dir.path().join("octolint.yaml")).unwrap();
    assert!(
        written.contains("  # octolint: ignore[unused-role]\n  spare: {}  # kept for later\n"),
        "{written}"
    );
    assert!(
        written.contains("  implementer: {role: implemnt}  # octolint: ignore[unknown-role]\n"),
        "{written}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("ops/.octopoid/agents/a/agent.yaml")).unwrap(),
        "role: implementer  # octolint: ignore[agent-role-mismatch]\n"
    );
    let (code, out, _) = stdout_of(octolint().current_dir(dir.path()).args([
        "check",
        "octolint.yaml",
        "ops",
        "--format",
        "concise",
    ]));
    assert_eq!((code, out.as_str()), (0, "All checks passed (2 files).\n"));
}

/// `--watch` checks, then checks again after a save — once for a burst of writes — until it
/// is stopped.
#[test]
fn watch_checks_again_when_a_file_changes() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", BAD);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("octolint"))
        .current_dir(dir.path())
        .args(["check", "--watch", "--format", "concise", "octolint.yaml"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (send, receive) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if send.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let wait_for = |what: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let mut seen = Vec::new();
        while std::time::Instant::now() < deadline {
            if let Ok(line) = receive.recv_timeout(std::time::Duration::from_millis(100)) {
                if line.contains(what) {
                    return seen;
                }
                seen.push(line);
            }
        }
        panic!("no {what:?} within 20 s; saw {seen:?}");
    };
    wait_for("Found 1 error in 1 file.");
    // A burst of writes, as editors save: checked once, after it settles.
    write(
        dir.path(),
        "octolint.yaml",
        &BAD.replace("role: implementer", "role: implementr"),
    );
    write(dir.path(), "octolint.yaml", CLEAN);
    let before = wait_for("All checks passed (1 file).");
    assert_eq!(
        before
            .iter()
            .filter(|l| l.contains("checking again"))
            .count(),
        1,
        "{before:?}"
    );
    child.kill().unwrap();
    let _ = child.wait();
}

/// `--format concise` colors with `--color always` and never with `--color never`.
#[test]
fn concise_output_follows_the_color_flag() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "octolint.yaml", BAD);
    let run = |color: &str| {
        stdout_of(
            octolint()
                .current_dir(dir.path())
                .args(["check", "--format", "concise", "--color", color]),
        )
        .1
    };
    let colored = run("always");
    assert!(
        colored.starts_with("\u{1b}[1moctolint.yaml:5:23\u{1b}[0m: \u{1b}[1;31merror\u{1b}[0m"),
        "{colored:?}"
    );
    let plain = run("never");
    assert!(!plain.contains('\u{1b}'));
    assert!(plain.starts_with("octolint.yaml:5:23: error[agent-role-mismatch]"));
}

/// `--diff` shows what `--fix` would change and fails while errors would remain that it
/// cannot fix, in a definition as in an Octopoid project.
#[test]
fn diff_fails_while_unfixable_errors_remain() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "octolint.yaml",
        &BAD.replace("role: implementer", "role: zzz"),
    );
    let (code, out, err) = stdout_of(octolint().current_dir(dir.path()).args(["check", "--diff"]));
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out, "");
    assert!(err.contains("0 fixable findings in 0 files"), "{err}");
    assert!(
        err.contains(
            "2 findings would remain that --fix cannot fix: run `octolint check` to see them."
        ),
        "{err}"
    );
    write(dir.path(), "octolint.yaml", CLEAN);
    let (code, _, err) = stdout_of(octolint().current_dir(dir.path()).args(["check", "--diff"]));
    assert_eq!(code, 0, "{err}");
}
