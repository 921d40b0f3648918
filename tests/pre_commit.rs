//! The hooks in `.pre-commit-hooks.yaml`, run by the real `pre-commit` (PyPI's `pre-commit`;
//! `.ci/run` installs it) the way a project that uses them does: a `.pre-commit-config.yaml`
//! naming this repository by `repo:` and `rev:`, then `pre-commit run` and `git commit`.
//!
//! pre-commit clones hook repositories at a commit, so the test first commits a copy of this
//! working tree (tracked and untracked files, less what `.gitignore` ignores) to a repository
//! under `target/pre-commit/`: the hooks are built from exactly what is on disk.
//! (`pre-commit try-repo .` would only see committed, staged and modified tracked files, so not
//! a new `.pre-commit-hooks.yaml` or source file, and it installs into a throwaway store on
//! every call, so it would build octolint for every scenario, every time.)
//!
//! `language: rust` makes pre-commit `cargo install` octolint (a release build, about a minute)
//! into `PRE_COMMIT_HOME`. Each snapshot's commit depends only on the files, and it has its own
//! `PRE_COMMIT_HOME` beside it, so the build is reused until a file changes, and concurrent runs
//! of this test do not disturb each other. Every scenario is in one test, to build once.
//!
//! Without pre-commit (`pre-commit` on PATH, or else `python3 -m pre_commit`) the test fails and
//! says how to install it.

use std::fs;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

#[path = "support/tree.rs"]
mod tree;
use tree::copy_tree;

/// The good definition, with a `generate:` section (committed as `octolint.yaml`).
const GOOD: &str = include_str!("pre_commit/good.yaml");
/// The definition with an agent bound to `implementer` instead of the role `implement`.
const BAD: &str = include_str!("pre_commit/bad.yaml");

/// The files the good definition's `generate:` section writes.
const GENERATED: [&str; 3] = [
    "app/octolint_names.py",
    "web/src/octolint_names.ts",
    "generated/diagrams/default.mmd",
];

/// How long one command may run (the first `pre-commit` call builds octolint) before it is
/// killed.
const TIMEOUT: Duration = Duration::from_secs(20 * 60);

/// Snapshots (and their builds) other than the current one are deleted when unused this long.
const KEEP_UNUSED: Duration = Duration::from_secs(60 * 60);

/// Variables that would point git at another repository (they are set when the tests run from
/// a git hook).
const GIT_VARIABLES: [&str; 7] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_PREFIX",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn pre_commit_runs_the_octolint_hooks() {
    let Some(launcher) = pre_commit_launcher() else {
        panic!(
            "`pre-commit` is not installed: this test runs octolint's pre-commit hooks with the \
             real tool. Install it with `python3 -m pip install pre-commit` (CI installs it)."
        )
    };

    let sandbox = tempfile::tempdir().unwrap();
    let mut env = Env::new(sandbox.path(), launcher);
    let (repo, rev) = env.snapshot();
    let project = sandbox.path().join("project");
    env.create_project(&project, &repo, &rev);

    // The first run installs the hook environment (builds octolint unless it is cached).
    let started = Instant::now();
    let (code, out) = env.pre_commit(&project, &["run", "octolint", "--files", "octolint.yaml"]);
    eprintln!(
        "pre-commit installed and ran the octolint hook in {:.1?}",
        started.elapsed()
    );
    assert_eq!(code, 0, "the good definition fails:\n{out}");
    assert!(passed(&out, "octolint check"), "{out}");

    // The bad definition fails, with the finding at its location.
    let (code, out) = env.pre_commit(
        &project,
        &["run", "octolint", "--files", "team/review.octolint.yml"],
    );
    assert_eq!(code, 1, "the bad definition does not fail:\n{out}");
    assert!(out.contains("error[agent-role-mismatch]"), "{out}");
    assert!(out.contains("team/review.octolint.yml:12:23"), "{out}");
    assert!(out.contains("help: bind the agent to the role"), "{out}");

    // A YAML file that is not a definition is not checked.
    let (code, out) = env.pre_commit(&project, &["run", "octolint", "--files", "notes.yaml"]);
    assert_eq!(code, 0, "notes.yaml was checked:\n{out}");
    assert!(out.contains("(no files to check)Skipped"), "{out}");

    // Octopoid projects: a file of a monorepo's broken service fails its project (only
    // it); a clean service passes. They are removed again before the commits below.
    let native = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/octopoid");
    copy_tree(
        &native.join("err/native-roles"),
        &project.join("svc-b/.octopoid"),
    );
    copy_tree(
        &native.join("ok/agent-yaml"),
        &project.join("svc-a/.octopoid"),
    );
    let (code, out) = env.pre_commit(
        &project,
        &[
            "run",
            "octolint-octopoid",
            "--files",
            "svc-b/.octopoid/agents/implementer/agent.yaml",
            "svc-a/.octopoid/config.yaml",
        ],
    );
    assert_eq!(code, 1, "the broken service passed:\n{out}");
    assert!(out.contains("error[agent-role-mismatch]"), "{out}");
    assert!(
        out.contains("svc-b/.octopoid/agents/implementer/agent.yaml:1:7"),
        "{out}"
    );
    assert!(!out.contains("svc-a/.octopoid/agents"), "{out}");
    let (code, out) = env.pre_commit(
        &project,
        &[
            "run",
            "octolint-octopoid",
            "--files",
            "svc-a/.octopoid/config.yaml",
        ],
    );
    assert_eq!(code, 0, "the clean service fails:\n{out}");
    assert!(passed(&out, "octolint check (.octopoid)"), "{out}");
    fs::remove_dir_all(project.join("svc-a")).unwrap();
    fs::remove_dir_all(project.join("svc-b")).unwrap();

    // The `-system` hooks run the octolint on PATH (here the one this test suite built), with
    // no environment to install.
    let on_path = Path::new(env!("CARGO_BIN_EXE_octolint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        on_path.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // Their own configuration: the git hook below runs without octolint on PATH.
    let (repo_line, _) = fs::read_to_string(project.join(".pre-commit-config.yaml"))
        .unwrap()
        .split_once("    hooks:")
        .map(|(head, tail)| (head.to_string(), tail.to_string()))
        .unwrap();
    fs::write(
        project.join("system-hooks.yaml"),
        format!(
            "{repo_line}    hooks:\n      - id: octolint-system\n      - id: octolint-gen-system\n"
        ),
    )
    .unwrap();
    env.git(&project, &["add", "system-hooks.yaml"]);
    let (code, out) = env.run(
        env.pre_commit_command(
            &project,
            &[
                "run",
                "--config",
                "system-hooks.yaml",
                "octolint-system",
                "--files",
                "team/review.octolint.yml",
                "octolint.yaml",
            ],
        )
        .env("PATH", &path),
    );
    assert_eq!(code, 1, "the system hook passed the bad definition:\n{out}");
    assert!(out.contains("error[agent-role-mismatch]"), "{out}");
    let (code, out) = env.run(
        env.pre_commit_command(
            &project,
            &[
                "run",
                "--config",
                "system-hooks.yaml",
                "octolint-gen-system",
                "--files",
                "octolint.yaml",
            ],
        )
        .env("PATH", &path),
    );
    assert_eq!(code, 0, "the system gen hook fails:\n{out}");
    assert!(passed(&out, "octolint gen --check"), "{out}");

    // The generated files are present and current.
    let (code, out) = env.pre_commit(
        &project,
        &["run", "octolint-gen", "--files", "octolint.yaml"],
    );
    assert_eq!(code, 0, "current generated files are reported:\n{out}");
    assert!(passed(&out, "octolint gen --check"), "{out}");

    // Editing the definition without regenerating makes every generated file stale.
    let edited = GOOD.replace("Review the PR", "Review the pull request");
    assert_ne!(edited, GOOD);
    fs::write(project.join("octolint.yaml"), &edited).unwrap();
    let (code, out) = env.pre_commit(
        &project,
        &["run", "octolint-gen", "--files", "octolint.yaml"],
    );
    assert_eq!(code, 1, "stale generated files are not reported:\n{out}");
    for file in GENERATED {
        assert!(out.contains(&format!("stale: {file}")), "{out}");
    }

    // As a git hook: a commit of the bad definition and the stale files is refused...
    let (code, out) = env.pre_commit(&project, &["install"]);
    assert_eq!(code, 0, "pre-commit install failed:\n{out}");
    env.git(&project, &["add", "-A"]);
    let (code, out) = env.run(env.command("git", &project).args(["commit", "-m", "bad"]));
    assert_ne!(code, 0, "the commit was not refused:\n{out}");
    assert!(out.contains("error[agent-role-mismatch]"), "{out}");
    assert!(out.contains("stale: app/octolint_names.py"), "{out}");
    let (code, _) = env.run(
        env.command("git", &project)
            .args(["rev-parse", "--verify", "HEAD"]),
    );
    assert_ne!(code, 0, "a commit was made");

    // ...and once regenerated and without the bad definition, it is made.
    env.octolint_gen(&project);
    fs::remove_file(project.join("team/review.octolint.yml")).unwrap();
    env.git(&project, &["add", "-A"]);
    let (code, out) = env.run(env.command("git", &project).args(["commit", "-m", "good"]));
    assert_eq!(code, 0, "the commit was refused:\n{out}");
    assert!(passed(&out, "octolint check"), "{out}");
    assert!(passed(&out, "octolint gen --check"), "{out}");
}

/// How to run pre-commit: `pre-commit` if it is on PATH, else `python3 -m pre_commit` (pip may
/// install the script into a directory that is not on PATH).
fn pre_commit_launcher() -> Option<Vec<&'static str>> {
    [vec!["pre-commit"], vec!["python3", "-m", "pre_commit"]]
        .into_iter()
        .find(|launcher| {
            Command::new(launcher[0])
                .args(&launcher[1..])
                .arg("--version")
                .stdin(Stdio::null())
                .output()
                .is_ok_and(|out| out.status.success())
        })
}

/// Whether pre-commit reported the hook named `name` as passed (`name....Passed`).
fn passed(out: &str, name: &str) -> bool {
    out.lines()
        .any(|line| line.starts_with(name) && line.trim_end().ends_with("Passed"))
}

/// The directories and the environment every command runs in.
struct Env {
    /// `target/pre-commit`: the snapshots and cargo's build directory.
    work: PathBuf,
    /// An empty global git configuration, so the user's cannot change what git does here.
    git_config: PathBuf,
    /// pre-commit's store for the current snapshot (`None` until it is taken).
    pre_commit_home: Option<PathBuf>,
    /// The command that runs pre-commit.
    launcher: Vec<&'static str>,
}

impl Env {
    fn new(sandbox: &Path, launcher: Vec<&'static str>) -> Env {
        let git_config = sandbox.join("gitconfig");
        fs::write(&git_config, "").unwrap();
        Env {
            work: root().join("target/pre-commit"),
            git_config,
            pre_commit_home: None,
            launcher,
        }
    }

    /// A command in `dir` with git isolated from the user's configuration and repositories.
    fn command(&self, program: &str, dir: &Path) -> Command {
        let mut command = Command::new(program);
        command.current_dir(dir);
        for variable in GIT_VARIABLES {
            command.env_remove(variable);
        }
        // pre-commit skips the hooks that `SKIP` names.
        command.env_remove("SKIP");
        command
            .env("GIT_CONFIG_GLOBAL", &self.git_config)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            // `cargo install` builds in a new temporary directory unless told otherwise: with
            // this one kept, a changed working tree recompiles octolint but no dependency.
            .env("CARGO_TARGET_DIR", self.work.join("cargo-target"))
            .env("NO_COLOR", "1");
        if let Some(home) = &self.pre_commit_home {
            command.env("PRE_COMMIT_HOME", home);
        }
        command
    }

    /// Runs `command` (no input, at most `TIMEOUT`): its exit code (-1 if killed by a signal)
    /// and its standard output and error, interleaved as written.
    fn run(&self, command: &mut Command) -> (i32, String) {
        let mut log = tempfile::tempfile().unwrap();
        let mut child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log.try_clone().unwrap())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{command:?} did not finish in {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut out = String::new();
        log.rewind().unwrap();
        log.read_to_string(&mut out).unwrap();
        (status.code().unwrap_or(-1), out)
    }

    /// Runs git in `dir` and requires it to succeed; its output.
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let (code, out) = self.run(self.command("git", dir).args(args));
        assert_eq!(code, 0, "git {args:?} in {} failed:\n{out}", dir.display());
        out
    }

    /// Runs pre-commit in `dir`: its exit code and output.
    fn pre_commit(&self, dir: &Path, args: &[&str]) -> (i32, String) {
        self.run(&mut self.pre_commit_command(dir, args))
    }

    /// The `pre-commit` command with `args` (`run` without color), to add to and run.
    fn pre_commit_command(&self, dir: &Path, args: &[&str]) -> Command {
        let mut command = self.command(self.launcher[0], dir);
        command.args(&self.launcher[1..]).args(args);
        if args[0] == "run" {
            command.args(["--color", "never"]);
        }
        command
    }

    /// Writes the good definition's generated files with the octolint under test.
    fn octolint_gen(&self, dir: &Path) {
        let (code, out) = self.run(self.command(env!("CARGO_BIN_EXE_octolint"), dir).arg("gen"));
        assert_eq!(code, 0, "octolint gen failed:\n{out}");
    }

    /// Commits the working tree's files (tracked and untracked, not ignored) to a new
    /// repository, with a fixed author and date so that the commit depends only on the files,
    /// and moves it to `target/pre-commit/<commit>/repo` unless that exists. Returns the
    /// repository and the commit, and sets `PRE_COMMIT_HOME` to `<commit>/home`. Other
    /// snapshots unused for `KEEP_UNUSED` are deleted.
    fn snapshot(&mut self) -> (PathBuf, String) {
        let files = {
            let mut command = self.command("git", root());
            // The user's configuration stays here: their global excludes apply to their tree.
            command.env_remove("GIT_CONFIG_GLOBAL");
            command.env_remove("GIT_CONFIG_NOSYSTEM");
            command.args([
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ]);
            let (code, out) = self.run(&mut command);
            assert_eq!(
                code,
                0,
                "{} must be a git work tree (pre-commit installs hooks from git \
                 repositories):\n{out}",
                root().display()
            );
            out
        };
        fs::create_dir_all(&self.work).unwrap();
        let building = tempfile::Builder::new()
            .prefix("tmp-")
            .tempdir_in(&self.work)
            .unwrap();
        let repo = building.path().join("repo");
        for file in files.split('\0').filter(|file| !file.is_empty()) {
            let source = root().join(file);
            // Deleted but not yet staged, or not a file (a submodule).
            if !source.is_file() {
                continue;
            }
            let target = repo.join(file);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(&source, &target)
                .unwrap_or_else(|error| panic!("cannot copy {file}: {error}"));
        }
        assert!(
            repo.join(".pre-commit-hooks.yaml").is_file(),
            ".pre-commit-hooks.yaml is missing"
        );
        self.git(&repo, &["init", "-q"]);
        self.git(&repo, &["add", "-A"]);
        let mut commit = self.command("git", &repo);
        for (variable, value) in [
            ("GIT_AUTHOR_NAME", "octolint tests"),
            ("GIT_AUTHOR_EMAIL", "tests@octolint.invalid"),
            ("GIT_AUTHOR_DATE", "2000-01-01T00:00:00Z"),
            ("GIT_COMMITTER_NAME", "octolint tests"),
            ("GIT_COMMITTER_EMAIL", "tests@octolint.invalid"),
            ("GIT_COMMITTER_DATE", "2000-01-01T00:00:00Z"),
        ] {
            commit.env(variable, value);
        }
        let (code, out) = self.run(commit.args(["commit", "-q", "-m", "octolint working tree"]));
        assert_eq!(code, 0, "cannot commit the snapshot:\n{out}");
        let rev = self.git(&repo, &["rev-parse", "HEAD"]).trim().to_string();

        let snapshot = self.work.join(&rev);
        if !snapshot.join("repo").is_dir() {
            fs::create_dir_all(&snapshot).unwrap();
            // Another run may have moved the same snapshot there meanwhile: then use that one.
            let _ = fs::rename(&repo, snapshot.join("repo"));
        }
        drop(building);
        fs::write(snapshot.join("used"), "").unwrap();
        self.prune(&rev);
        self.pre_commit_home = Some(snapshot.join("home"));
        (snapshot.join("repo"), rev)
    }

    /// Deletes the snapshots other than `current` that were not used for `KEEP_UNUSED`, and
    /// directories left by interrupted runs.
    fn prune(&self, current: &str) {
        for entry in fs::read_dir(&self.work).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == current || name == "cargo-target" || !path.is_dir() {
                continue;
            }
            // A snapshot being set up has no marker yet: its directory is new.
            let marker = Some(path.join("used"))
                .filter(|marker| marker.is_file())
                .unwrap_or_else(|| path.clone());
            let unused = fs::metadata(&marker)
                .and_then(|metadata| metadata.modified())
                .map_or(Duration::MAX, |modified| {
                    SystemTime::now()
                        .duration_since(modified)
                        .unwrap_or_default()
                });
            if unused > KEEP_UNUSED {
                let _ = fs::remove_dir_all(&path);
            }
        }
    }

    /// A git repository using both hooks of `repo` at `rev`, with the good definition and its
    /// generated files, the bad definition as `team/review.octolint.yml` and again as
    /// `notes.yaml` (not a definition name), all staged.
    fn create_project(&self, project: &Path, repo: &Path, rev: &str) {
        fs::create_dir_all(project.join("team")).unwrap();
        self.git(project, &["init", "-q"]);
        self.git(project, &["config", "user.name", "octolint tests"]);
        self.git(project, &["config", "user.email", "tests@octolint.invalid"]);
        fs::write(project.join("octolint.yaml"), GOOD).unwrap();
        fs::write(project.join("team/review.octolint.yml"), BAD).unwrap();
        fs::write(project.join("notes.yaml"), BAD).unwrap();
        self.octolint_gen(project);
        for file in GENERATED {
            assert!(project.join(file).is_file(), "{file} was not generated");
        }
        let config = format!(
            "repos:\n  - repo: {:?}\n    rev: {rev}\n    hooks:\n      - id: octolint\n      - id: octolint-gen\n      - id: octolint-octopoid\n",
            repo.display().to_string()
        );
        fs::write(project.join(".pre-commit-config.yaml"), config).unwrap();
        self.git(project, &["add", "-A"]);
    }
}
