//! `octolint gen` never writes outside the project unless told to, never follows a symbolic
//! link out of it, and a failure part-way through leaves every existing file as it was and no
//! temporary file behind. Failures are injected through `generate::output::Fs` (tests run as
//! root here, where a read-only directory does not stop a write), at every step of a run.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use octolint::generate::output::{
    Fs, Planned, RealFs, WriteError, write_all_in, write_atomically_in,
};

const DEFINITION: &str = "version: 1
scope: octopoid
orchestrator: {cluster: prod, machine_id: m1, repo_url: https://example.com/app}
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

fn octolint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("octolint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Everything under `dir`: files with their bytes, directories, and links with their targets.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let key = path.strip_prefix(dir).unwrap().to_path_buf();
            if meta.file_type().is_symlink() {
                out.insert(
                    key,
                    format!("-> {}", fs::read_link(&path).unwrap().display()),
                );
            } else if meta.is_dir() {
                out.insert(key, "<dir>".into());
                stack.push(path);
            } else {
                out.insert(
                    key,
                    String::from_utf8_lossy(&fs::read(&path).unwrap()).into(),
                );
            }
        }
    }
    out
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.to_string_lossy().contains(".octolint-"))
        .collect()
}

// ---- Where gen may write ---------------------------------------------------------------

fn project(generate: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("project")).unwrap();
    fs::create_dir_all(dir.path().join("outside")).unwrap();
    fs::write(
        dir.path().join("project/octolint.yaml"),
        format!("{DEFINITION}{generate}"),
    )
    .unwrap();
    dir
}

#[test]
fn outputs_outside_the_definitions_directory_are_refused() {
    for out in [
        "../outside/names.py",
        "sub/../../outside/names.py",
        "ABSOLUTE/names.py",
    ] {
        let dir = project(&format!("generate:\n  python: {{out: {out:?}}}\n"));
        // An absolute path elsewhere: a directory beside the project, in this test's own
        // temporary directory.
        let absolute = dir.path().join("escape");
        let definition = dir.path().join("project/octolint.yaml");
        let text = fs::read_to_string(&definition).unwrap();
        fs::write(
            &definition,
            text.replace("ABSOLUTE", &absolute.to_string_lossy()),
        )
        .unwrap();
        let before = snapshot(dir.path());
        let (code, _, err) = octolint(dir.path(), &["gen", "project/octolint.yaml"]);
        assert_eq!(code, 1, "{out}: {err}");
        assert!(
            err.contains(
                "error: refusing to write outside project (pass --allow-outside to allow it):"
            ),
            "{err}"
        );
        assert!(
            err.contains("(target `python`): it is outside project"),
            "{err}"
        );
        assert_eq!(snapshot(dir.path()), before, "{out}: something was written");
        assert!(!absolute.exists());
        // `--check` refuses the same way rather than reading there.
        let (code, _, err) = octolint(dir.path(), &["gen", "--check", "project/octolint.yaml"]);
        assert_eq!(code, 1);
        assert!(err.contains("refusing to write outside"), "{err}");
    }
    // Allowed explicitly.
    let dir = project("generate:\n  python: {out: ../outside/names.py}\n");
    let (code, out, err) = octolint(
        dir.path(),
        &["gen", "--allow-outside", "project/octolint.yaml"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote project/../outside/names.py"), "{out}");
    assert!(dir.path().join("outside/names.py").exists());
}

#[test]
fn the_root_is_the_definitions_directory_wherever_gen_runs() {
    // From inside the project, from above it, and with an absolute path: the same decision.
    let dir =
        project("generate:\n  python: {out: gen/names.py}\n  typescript: {out: ../names.ts}\n");
    let absolute = dir.path().join("project/octolint.yaml");
    for (cwd, definition) in [
        (
            dir.path().to_path_buf(),
            "project/octolint.yaml".to_string(),
        ),
        (dir.path().join("project"), "octolint.yaml".to_string()),
        (PathBuf::from("/"), absolute.display().to_string()),
    ] {
        let (code, _, err) = octolint(&cwd, &["gen", &definition]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("(target `typescript`): it is outside"),
            "{err}"
        );
        assert!(!err.contains("`python`"), "{err}");
    }
}

#[test]
fn an_out_directory_on_the_command_line_is_explicit() {
    let dir = project("");
    let (code, out, err) = octolint(
        &dir.path().join("project"),
        &["gen", "--target", "python", "--out", "../outside/gen"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("wrote ../outside/gen/octolint_names.py"),
        "{out}"
    );
    assert!(dir.path().join("outside/gen/octolint_names.py").exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed_out_of_the_project() {
    use std::os::unix::fs::symlink;
    // A directory link leading outside.
    let dir = project("generate:\n  python: {out: generated/names.py}\n");
    symlink(
        dir.path().join("outside"),
        dir.path().join("project/generated"),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let (code, _, err) = octolint(dir.path(), &["gen", "project/octolint.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("project/generated is a symbolic link to"),
        "{err}"
    );
    assert!(err.contains("outside project"), "{err}");
    assert_eq!(snapshot(dir.path()), before);
    // The same under an explicit --out: links inside it are not followed out either.
    fs::create_dir_all(dir.path().join("project/out")).unwrap();
    symlink(
        dir.path().join("outside"),
        dir.path().join("project/out/payloads"),
    )
    .unwrap();
    let (code, _, err) = octolint(
        dir.path(),
        &[
            "gen",
            "--target",
            "payloads",
            "--out",
            "project/out",
            "project/octolint.yaml",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is a symbolic link to"), "{err}");
    assert!(
        fs::read_dir(dir.path().join("outside"))
            .unwrap()
            .next()
            .is_none()
    );

    // The output file itself a link to a file outside, and a dangling link.
    let dir = project("generate:\n  python: {out: names.py}\n  typescript: {out: names.ts}\n");
    fs::write(dir.path().join("outside/victim"), "precious").unwrap();
    symlink(
        dir.path().join("outside/victim"),
        dir.path().join("project/names.py"),
    )
    .unwrap();
    symlink(
        dir.path().join("nowhere"),
        dir.path().join("project/names.ts"),
    )
    .unwrap();
    let (code, _, err) = octolint(dir.path(), &["gen", "project/octolint.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("names.py is a symbolic link to"), "{err}");
    assert!(
        err.contains("names.ts is a symbolic link that leads nowhere"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("outside/victim")).unwrap(),
        "precious"
    );

    // A link that stays inside the project is fine.
    let dir = project("generate:\n  python: {out: generated/names.py}\n");
    fs::create_dir_all(dir.path().join("project/real")).unwrap();
    symlink("real", dir.path().join("project/generated")).unwrap();
    let (code, _, err) = octolint(dir.path(), &["gen", "project/octolint.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("project/real/names.py").exists());
}

#[test]
fn a_file_where_a_directory_should_be_changes_nothing() {
    let dir = project(
        "generate:\n  python: {out: gen/names.py}\n  payloads: {out: gen/payloads}\n  mermaid: {out: gen/diagrams}\n",
    );
    let (code, _, err) = octolint(dir.path(), &["gen", "project/octolint.yaml"]);
    assert_eq!(code, 0, "{err}");
    // The definition changes (every file goes stale) and a file now sits where the diagrams
    // directory was.
    let definition = dir.path().join("project/octolint.yaml");
    let text = fs::read_to_string(&definition).unwrap();
    fs::write(
        &definition,
        text.replace("Write the code", "Write the code well"),
    )
    .unwrap();
    fs::remove_dir_all(dir.path().join("project/gen/diagrams")).unwrap();
    fs::write(dir.path().join("project/gen/diagrams"), "a file").unwrap();
    let before = snapshot(dir.path());
    let (code, _, err) = octolint(dir.path(), &["gen", "project/octolint.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("gen/diagrams"), "{err}");
    assert!(err.contains("(nothing was changed)"), "{err}");
    assert_eq!(snapshot(dir.path()), before);
    assert!(temporaries(dir.path()).is_empty());
}

// ---- Failures injected at every step ---------------------------------------------------

/// The operations [`Faulty`] can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    CreateDir,
    /// A write that fails part-way, after some bytes reached the file (a full disk).
    WriteNew,
    /// The directory is read-only: the file cannot be created at all.
    CreateFile,
    Rename,
}

/// The real file system, failing the `n`-th call (0-based) of one operation.
struct Faulty {
    op: Op,
    n: usize,
    calls: Cell<usize>,
    failed: Cell<bool>,
}

impl Faulty {
    fn new(op: Op, n: usize) -> Self {
        Self {
            op,
            n,
            calls: Cell::new(0),
            failed: Cell::new(false),
        }
    }

    fn fails(&self, op: Op) -> bool {
        let matches = op == self.op || (op == Op::WriteNew && self.op == Op::CreateFile);
        if !matches {
            return false;
        }
        let call = self.calls.get();
        self.calls.set(call + 1);
        let fail = call == self.n;
        if fail {
            self.failed.set(true);
        }
        fail
    }
}

impl Fs for Faulty {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        RealFs.read(path)
    }

    fn exists(&self, path: &Path) -> bool {
        RealFs.exists(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        RealFs.is_dir(path)
    }

    fn create_dir(&self, path: &Path) -> io::Result<()> {
        if self.fails(Op::CreateDir) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "injected: read-only",
            ));
        }
        RealFs.create_dir(path)
    }

    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if self.fails(Op::WriteNew) {
            if self.op == Op::CreateFile {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    "injected: read-only",
                ));
            }
            // Half the bytes reach the disk, then the disk is full.
            RealFs.write_new(path, &bytes[..bytes.len() / 2])?;
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "injected: disk full",
            ));
        }
        RealFs.write_new(path, bytes)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        if self.fails(Op::Rename) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "injected: rename",
            ));
        }
        RealFs.rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_file(path)
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_dir(path)
    }
}

/// Files in new and existing directories, some existing (octolint's, stale), some new, one
/// current (not rewritten), and a JSON file owned through its manifest.
fn plans(base: &Path) -> Vec<Planned> {
    let plan = |path: &str, contents: &str| Planned {
        path: base.join(path),
        contents: contents.into(),
        listed_in: None,
    };
    let mut plans = vec![
        plan("names.py", "# Generated by octolint from x. new\nA = 1\n"),
        plan("current.py", "# Generated by octolint from x. same\n"),
        plan(
            "new/deeper/names.ts",
            "// Generated by octolint from x. new\n",
        ),
        plan(
            "existing/names.rs",
            "// Generated by octolint from x. new\n",
        ),
        plan("existing/new.rs", "// Generated by octolint from x. new\n"),
        plan(
            "payloads/octolint-generated.txt",
            "# Generated by octolint from x.\nflow.json\n",
        ),
    ];
    let mut json = plan("payloads/flow.json", "{\"new\": true}\n");
    json.listed_in = Some((
        base.join("payloads/octolint-generated.txt"),
        "flow.json".into(),
    ));
    plans.push(json);
    plans
}

fn old_files(base: &Path) {
    fs::create_dir_all(base.join("existing")).unwrap();
    fs::create_dir_all(base.join("payloads")).unwrap();
    fs::write(
        base.join("names.py"),
        "# Generated by octolint from x. old\n",
    )
    .unwrap();
    fs::write(
        base.join("current.py"),
        "# Generated by octolint from x. same\n",
    )
    .unwrap();
    fs::write(
        base.join("existing/names.rs"),
        "// Generated by octolint from x. old\n",
    )
    .unwrap();
    fs::write(
        base.join("payloads/octolint-generated.txt"),
        "# Generated by octolint from x.\nflow.json\n",
    )
    .unwrap();
    fs::write(base.join("payloads/flow.json"), "{\"old\": true}\n").unwrap();
    fs::write(base.join("unrelated.txt"), "not generated").unwrap();
}

#[test]
fn a_failure_at_any_step_leaves_every_file_as_it_was() {
    let mut injected = 0;
    let mut injected_per_op: BTreeMap<String, usize> = BTreeMap::new();
    for op in [Op::CreateDir, Op::CreateFile, Op::WriteNew, Op::Rename] {
        for n in 0.. {
            let dir = tempfile::tempdir().unwrap();
            old_files(dir.path());
            let before = snapshot(dir.path());
            let fs = Faulty::new(op, n);
            let result = write_all_in(&fs, &plans(dir.path()), false);
            if !fs.failed.get() {
                // Past the last call of this operation: the run succeeds.
                assert!(result.is_ok(), "{op:?} {n}: {result:?}");
                break;
            }
            injected += 1;
            *injected_per_op.entry(format!("{op:?}")).or_default() += 1;
            let Err(WriteError::Io { committed, .. }) = &result else {
                panic!("{op:?} {n}: expected an I/O error, got {result:?}");
            };
            assert!(
                temporaries(dir.path()).is_empty(),
                "{op:?} {n}: temporaries left"
            );
            let after = snapshot(dir.path());
            if op != Op::Rename {
                // While writing: nothing changed at all, not even a directory.
                assert!(committed.is_empty());
                assert_eq!(after, before, "{op:?} {n}");
                continue;
            }
            // While renaming finished files into place: the files before the failure are
            // replaced whole, every other file is exactly as it was.
            for plan in plans(dir.path()) {
                let key = plan.path.strip_prefix(dir.path()).unwrap().to_path_buf();
                let now = after.get(&key);
                if committed.contains(&plan.path) {
                    assert_eq!(now, Some(&plan.contents), "{op:?} {n}: {key:?}");
                } else {
                    assert_eq!(now, before.get(&key), "{op:?} {n}: {key:?}");
                }
            }
            assert_eq!(
                after.get(Path::new("unrelated.txt")),
                before.get(Path::new("unrelated.txt"))
            );
        }
    }
    // Every operation failed, each at several points.
    assert!(injected >= 15, "{injected}");
    assert_eq!(injected_per_op.len(), 4, "{injected_per_op:?}");
    assert!(
        injected_per_op.values().all(|&n| n >= 2),
        "{injected_per_op:?}"
    );
}

#[test]
fn a_file_not_generated_by_octolint_stops_the_run_before_any_write() {
    let dir = tempfile::tempdir().unwrap();
    old_files(dir.path());
    fs::write(dir.path().join("existing/names.rs"), "hand-written").unwrap();
    let before = snapshot(dir.path());
    let result = write_all_in(&RealFs, &plans(dir.path()), false);
    assert!(
        matches!(result, Err(WriteError::NotOurs(ref paths)) if paths.len() == 1),
        "{result:?}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_successful_run_writes_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    old_files(dir.path());
    let written = write_all_in(&RealFs, &plans(dir.path()), false).unwrap();
    assert_eq!(written.len(), 5, "{written:?}");
    for plan in plans(dir.path()) {
        assert_eq!(fs::read_to_string(&plan.path).unwrap(), plan.contents);
    }
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_single_atomic_write_leaves_no_temporary_file_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/file.txt");
    for op in [Op::CreateDir, Op::CreateFile, Op::WriteNew, Op::Rename] {
        let fs = Faulty::new(op, 0);
        assert!(
            write_atomically_in(&fs, &path, b"contents").is_err(),
            "{op:?}"
        );
        assert!(
            snapshot(dir.path()).is_empty(),
            "{op:?}: {:?}",
            snapshot(dir.path())
        );
    }
    write_atomically_in(&RealFs, &path, b"contents").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"contents");
    // Over an existing file, a failed write keeps the old contents.
    let fs = Faulty::new(Op::WriteNew, 0);
    assert!(write_atomically_in(&fs, &path, b"new contents").is_err());
    assert_eq!(fs::read(&path).unwrap(), b"contents");
    assert_eq!(snapshot(dir.path()).len(), 3);
}

#[test]
fn temporary_names_taken_by_others_are_left_alone() {
    // Every name a run would try for its temporary file already exists (another run with the
    // same process id, or another program): the write fails, and none of them is removed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.txt");
    let taken: Vec<PathBuf> = (0..=100)
        .map(|attempt| {
            dir.path().join(format!(
                ".file.txt.octolint-{}-{attempt}.tmp",
                std::process::id()
            ))
        })
        .collect();
    for file in &taken {
        fs::write(file, "someone else's").unwrap();
    }
    let error = write_atomically_in(&RealFs, &path, b"contents").unwrap_err();
    assert!(!error.to_string().is_empty());
    for file in &taken {
        assert_eq!(fs::read_to_string(file).unwrap(), "someone else's");
    }
    assert!(!path.exists());
}
