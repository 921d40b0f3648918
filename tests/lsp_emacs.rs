//! `octolint lsp` against a second real client: batch Emacs with eglot loads the shipped
//! configuration, `editors/emacs/octolint.el`, opens a definition with a mistake (the Neovim
//! test's fixture), and `tests/emacs/eglot_test.el` writes what eglot got: Flymake's
//! diagnostics, a hover, `completion-at-point`'s candidates and the buffer after
//! `eglot-rename`. This test checks that JSON. `tests/emacs/native_test.el` does the same on
//! an Octopoid project's agent and flow files (the Neovim project test's project); both
//! scripts share `tests/emacs/support.el`.
//!
//! Needs `emacs` with eglot (Debian's `emacs-nox` and `elpa-eglot`; `.ci/run` installs them).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "support/editor_project.rs"]
mod editor_project;

/// How long Emacs may run before it is killed (the script gives up after 15 s a step).
const EMACS_TIMEOUT: Duration = Duration::from_secs(90);

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Runs `script` (in `tests/emacs/`) in batch Emacs, with its own HOME so no user
/// configuration loads, and `vars` in its environment.
fn run_emacs(dir: &Path, script: &str, vars: &[(&str, &Path)]) -> Value {
    let result_path = dir.join("result.json");
    let log_path = dir.join("emacs.log");
    let mut command = Command::new("emacs");
    command
        .args(["--batch", "-q", "-l"])
        .arg(repo_path("tests/emacs").join(script))
        .current_dir(dir)
        .env("HOME", dir)
        .env("OCTOLINT_CONFIG", repo_path("editors/emacs/octolint.el"))
        .env("OCTOLINT_BIN", env!("CARGO_BIN_EXE_octolint"))
        .env("OCTOLINT_RESULT", &result_path);
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log_path).unwrap())
        .stderr(std::fs::File::create(dir.join("emacs.err")).unwrap())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run emacs ({e}); install Debian's `emacs-nox` and `elpa-eglot` \
                 (.ci/run does)"
            )
        });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > EMACS_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = format!(
        "stdout:\n{}\nstderr:\n{}\nresult:\n{}",
        std::fs::read_to_string(&log_path).unwrap_or_default(),
        std::fs::read_to_string(dir.join("emacs.err")).unwrap_or_default(),
        std::fs::read_to_string(&result_path).unwrap_or_else(|_| "(none)".into()),
    );
    let status = status.unwrap_or_else(|| panic!("emacs did not finish; killed\n{output}"));
    assert!(status.success(), "emacs failed ({status})\n{output}");
    let text = std::fs::read_to_string(&result_path)
        .unwrap_or_else(|e| panic!("no result file ({e})\n{output}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad result JSON ({e})\n{output}"))
}

#[test]
fn emacs_eglot_gets_diagnostics_hover_completion_and_rename() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = dir.path().join("fixture.octolint.yaml");
    std::fs::copy(repo_path("tests/nvim/fixture.octolint.yaml"), &fixture).unwrap();
    let result = run_emacs(
        dir.path(),
        "eglot_test.el",
        &[("OCTOLINT_FIXTURE", &fixture)],
    );
    assert_eq!(result["major_mode"], "octolint-mode", "{result}");

    // Exactly the one finding `check` makes, on the fixture's line 13, with its rule name.
    let diagnostics = result["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{result}");
    let d = &diagnostics[0];
    assert_eq!(d["line"], 13, "{d}");
    assert_eq!(d["type"], "eglot-error", "{d}");
    let text = d["text"].as_str().unwrap();
    assert!(
        text.contains("[unknown-role]") && text.contains("unknown role `reveiw`"),
        "{d}"
    );

    let hover = result["hover"].as_str().unwrap();
    assert!(
        hover.contains("**role** `implement`") && hover.contains("Write the code"),
        "{hover}"
    );

    let completions: Vec<&str> = result["completions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(result["completion_prefix"], "im", "{result}");
    assert_eq!(completions, ["implement"], "{result}");

    // The role's definition and both references renamed; the agent `implementer`, whose
    // name only starts the same, untouched.
    let after = result["after_rename"].as_str().unwrap();
    assert!(
        after.contains("\n  build: {description: Write the code}\n"),
        "{after}"
    );
    assert!(after.contains("implementer: {role: build}"), "{after}");
    assert!(
        after.contains("incoming -> claimed: {role: build}"),
        "{after}"
    );
    assert!(
        !after.contains("implement}") && !after.contains("  implement:"),
        "{after}"
    );
}

/// An Octopoid project in Emacs with the shipped configuration: the agent's and the flow's
/// files open in `octolint-mode`, each gets the finding the project check makes in it, and
/// hover on the flow's `agent:` says what it matches: nothing, as the finding says.
#[test]
fn emacs_eglot_lints_an_octopoid_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = editor_project::write(dir.path());
    let result = run_emacs(
        dir.path(),
        "native_test.el",
        &[("OCTOLINT_PROJECT", &project)],
    );
    assert_eq!(result["agent_mode"], "octolint-mode", "{result}");
    assert_eq!(result["flow_mode"], "octolint-mode", "{result}");
    let texts = |key: &str| -> Vec<String> {
        result[key]
            .as_array()
            .unwrap_or_else(|| panic!("no {key}: {result}"))
            .iter()
            .map(|t| t.as_str().unwrap_or_default().to_string())
            .collect()
    };
    let agent = texts("agent_diagnostics");
    assert!(
        agent.len() == 1 && agent[0].contains("[agent-role-mismatch]"),
        "{agent:?}"
    );
    let flow = texts("flow_diagnostics");
    assert!(
        flow.len() == 1 && flow[0].contains("[flow-agent-unmatched]"),
        "{flow:?}"
    );
    let hover = result["hover"].as_str().unwrap_or_default();
    assert!(
        hover.contains("**performer** `implement`") && hover.contains("matches: none"),
        "{result}"
    );
}
