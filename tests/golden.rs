//! Golden fixtures: every file in `tests/fixtures/ok/` checks clean; every `err/NAME.yaml`
//! produces exactly the findings in `err/NAME.out` (concise format). Run with
//! `UPDATE_GOLDEN=1` to rewrite the `.out` files after an intended change, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use octolint::check::check_bytes;
use octolint::render::render_concise;
use octolint::rules;

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

#[test]
fn ok_fixtures_are_clean() {
    let files = fixtures("ok");
    assert!(!files.is_empty());
    for path in files {
        let report = check_bytes(&name_of(&path, "ok"), &fs::read(&path).unwrap());
        assert!(
            report.diagnostics.is_empty(),
            "{} is not clean:\n{}",
            path.display(),
            render_concise(&[report])
        );
    }
}

#[test]
fn err_fixtures_match_their_expected_findings() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for path in fixtures("err") {
        let report = check_bytes(&name_of(&path, "err"), &fs::read(&path).unwrap());
        assert!(
            !report.diagnostics.is_empty(),
            "{} produces no findings",
            path.display()
        );
        let actual = render_concise(&[report]);
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

/// Every rule has an `err/<rule>.yaml` whose findings include it, and an `ok/<rule>.yaml`
/// near miss that must stay clean.
#[test]
fn every_rule_has_an_err_and_an_ok_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in rules::all() {
        let ok = root.join("ok").join(format!("{}.yaml", rule.name));
        assert!(ok.is_file(), "missing {}", ok.display());
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
