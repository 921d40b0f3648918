//! Golden fixtures: every file in `tests/fixtures/ok/` checks clean; every `err/NAME.yaml`
//! produces exactly the findings in `err/NAME.out` (concise format). Octopoid projects are
//! fixtures too: every directory in `tests/fixtures/octopoid/ok/` is a `.octopoid` tree that
//! checks clean, every `octopoid/err/NAME/` produces exactly `octopoid/err/NAME.out` (a
//! `tasks/` directory in a fixture is checked as its task files). Run with `UPDATE_GOLDEN=1`
//! to rewrite the `.out` files after an intended change, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use octolint::diagnostic::Report;
use octolint::octopoid::ProjectOptions;
use octolint::pipeline::check_project;
use octolint::pipeline::{check_bytes, check_files};
use octolint::render::render_concise;

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

fn name_of(path: &Path, dir: &str) -> String {
    format!("{dir}/{}", path.file_name().unwrap().to_string_lossy())
}

/// Checks a fixture under its real path, so rules that look beside a definition (a role's
/// `prompt_file`) see the fixture's directory, and renders it named from `tests/fixtures/`.
fn check_fixture(path: &Path, dir: &str) -> (Report, String) {
    let report = check_bytes(&path.display().to_string(), &fs::read(path).unwrap());
    let rendered = render_concise(std::slice::from_ref(&report))
        .replace(&path.display().to_string(), &name_of(path, dir));
    (report, rendered)
}

#[test]
fn ok_fixtures_are_clean() {
    let files = fixtures("ok");
    assert!(!files.is_empty());
    for path in files {
        let (report, rendered) = check_fixture(&path, "ok");
        assert!(
            report.diagnostics.is_empty(),
            "{} is not clean:\n{rendered}",
            path.display(),
        );
    }
}

#[test]
fn err_fixtures_match_their_expected_findings() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for path in fixtures("err") {
        let (report, actual) = check_fixture(&path, "err");
        assert!(
            !report.diagnostics.is_empty(),
            "{} produces no findings",
            path.display()
        );
        let expected_path = path.with_extension("out");
        if update {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "{}\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The directories of `<dir>/`: each a group of definitions checked together in one run.
fn group_fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut dirs: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Checks every definition of a group directory together, as `octolint check DIR` does;
/// file names are shown as `<dir>/<group>/<file>`.
fn check_group(group: &Path, dir: &str) -> Vec<Report> {
    let mut files: Vec<PathBuf> = fs::read_dir(group)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 2,
        "{} needs two definitions",
        group.display()
    );
    let named: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|path| {
            let name = format!(
                "{dir}/{}/{}",
                group.file_name().unwrap().to_string_lossy(),
                path.file_name().unwrap().to_string_lossy()
            );
            (name, fs::read(path).unwrap())
        })
        .collect();
    check_files(
        named
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
    )
}

#[test]
fn ok_groups_are_clean_together() {
    for group in group_fixtures("ok") {
        let reports = check_group(&group, "ok");
        let text = render_concise(&reports);
        assert!(
            reports.iter().all(|r| r.diagnostics.is_empty()),
            "{} is not clean:\n{text}",
            group.display()
        );
    }
}

#[test]
fn err_groups_match_their_expected_findings() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for group in group_fixtures("err") {
        let actual = render_concise(&check_group(&group, "err"));
        let expected_path = group.with_extension("out");
        if update {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        assert_eq!(expected, actual, "{}", group.display());
    }
}

/// Every rule has an `err/<rule>.yaml` whose findings include it, and an `ok/<rule>.yaml`
/// near miss that must stay clean; for a rule on Octopoid's native files, the fixtures are
/// the directories `octopoid/err/<rule>/` and `octopoid/ok/<rule>/`.
#[test]
fn every_rule_has_an_err_and_an_ok_fixture() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in octolint::registry::all() {
        let root = if rule.native {
            fixtures.join("octopoid")
        } else if rule.breaking {
            fixtures.join("breaking")
        } else {
            fixtures.clone()
        };
        // A rule across definitions has a directory of definitions checked together; a
        // breaking-change rule a directory of two versions.
        let ok = if rule.native || rule.breaking || root.join("ok").join(rule.name).is_dir() {
            root.join("ok").join(rule.name)
        } else {
            root.join("ok").join(format!("{}.yaml", rule.name))
        };
        assert!(ok.exists(), "missing {}", ok.display());
        let out = root.join("err").join(format!("{}.out", rule.name));
        let expected =
            fs::read_to_string(&out).unwrap_or_else(|_| panic!("missing {}", out.display()));
        assert!(
            expected.contains(&format!("[{}]", rule.name)),
            "{} does not report {}",
            out.display(),
            rule.name
        );
    }
}

/// The native fixture directories of `octopoid/<dir>/`.
fn native_fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/octopoid")
        .join(dir);
    let mut dirs: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Checks one fixture project; file names are shown relative to `tests/fixtures/octopoid/`.
fn check_native(project: &Path) -> Vec<Report> {
    let tasks = project.join("tasks");
    // `task-roles.txt` in a fixture stands for `--task-roles`.
    let task_roles = fs::read_to_string(project.join("task-roles.txt"))
        .ok()
        .map(|text| text.split_whitespace().map(str::to_string).collect());
    let options = ProjectOptions {
        tasks: if tasks.is_dir() {
            vec![tasks]
        } else {
            Vec::new()
        },
        task_roles,
        ..Default::default()
    };
    let mut report =
        check_project(project, &options).unwrap_or_else(|e| panic!("{}: {e}", project.display()));
    let base = format!(
        "{}/",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/octopoid")
            .display()
    );
    for r in &mut report.reports {
        r.file.name = r.file.name.trim_start_matches(&base).to_string();
    }
    report.reports
}

#[test]
fn native_ok_fixtures_are_clean() {
    let dirs = native_fixtures("ok");
    assert!(!dirs.is_empty());
    for dir in dirs {
        let reports = check_native(&dir);
        assert!(
            reports.iter().all(|r| r.diagnostics.is_empty()),
            "{} is not clean:\n{}",
            dir.display(),
            render_concise(&reports)
        );
    }
}

#[test]
fn native_err_fixtures_match_their_expected_findings() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for dir in native_fixtures("err") {
        let reports = check_native(&dir);
        assert!(
            reports.iter().any(|r| !r.diagnostics.is_empty()),
            "{} produces no findings",
            dir.display()
        );
        let actual = render_concise(&reports);
        let expected_path = dir.with_extension("out");
        if update {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "{}\n--- expected\n{expected}--- actual\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The two versions of a breaking-change fixture, `before.yaml` and `after.yaml`, compared;
/// names relative to `tests/fixtures/breaking/`.
fn compare_fixture(dir: &Path) -> octolint::diagnostic::Report {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/breaking");
    let name = |file: &str| {
        dir.join(file)
            .strip_prefix(&base)
            .unwrap()
            .display()
            .to_string()
    };
    octolint::breaking::compare(
        &name("before.yaml"),
        &fs::read(dir.join("before.yaml")).unwrap(),
        &name("after.yaml"),
        &fs::read(dir.join("after.yaml")).unwrap(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Each breaking-change fixture: `err/<rule>/` reports what `err/<rule>.out` says (rewritten
/// with `UPDATE_GOLDEN=1`), `ok/<rule>/` does not report the rule.
#[test]
fn breaking_fixtures_match_their_expected_findings() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/breaking");
    let dirs = |kind: &str| {
        let mut dirs: Vec<PathBuf> = fs::read_dir(root.join(kind))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        dirs
    };
    for dir in dirs("err") {
        let actual = render_concise(&[compare_fixture(&dir)]);
        let expected_path = dir.with_extension("out");
        if update {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        assert_eq!(expected, actual, "{}", dir.display());
    }
    for dir in dirs("ok") {
        let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
        let report = compare_fixture(&dir);
        assert!(
            report.diagnostics.iter().all(|d| d.rule.name != rule),
            "{}: {:?}",
            dir.display(),
            report.diagnostics
        );
    }
}
