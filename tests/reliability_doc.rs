//! `docs/reliability.md` names the tests that hold each guarantee; a renamed or deleted test
//! must not leave the page pointing at nothing.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if !path.ends_with("fixtures") && !path.ends_with("toolchain") {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The backticked spans of the page.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn every_test_the_page_names_exists() {
    let page = fs::read_to_string(root().join("docs/reliability.md")).unwrap();
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    sources(&root().join("tests"), &mut files);
    let code: String = files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect();
    // Test and function names: `snake_case` spans (the page writes keys and options with
    // dashes or dots, so every such span is a function).
    let names: Vec<&str> = code_spans(&page)
        .into_iter()
        .filter(|s| {
            s.contains('_')
                && s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    assert!(names.len() > 30, "the page names its tests: {names:?}");
    let missing: Vec<&&str> = names
        .iter()
        .filter(|name| !code.contains(&format!("fn {name}(")))
        .collect();
    assert!(
        missing.is_empty(),
        "named in docs/reliability.md but not defined: {missing:?}"
    );
}

#[test]
fn every_file_the_page_names_exists() {
    let page = fs::read_to_string(root().join("docs/reliability.md")).unwrap();
    let paths: Vec<&str> = code_spans(&page)
        .into_iter()
        .filter(|s| {
            [
                "tests/",
                "scripts/",
                "fuzz/",
                "examples/",
                "src/",
                "docs/",
                "schema/",
            ]
            .iter()
            .any(|dir| s.starts_with(dir))
                && !s.contains(['<', '*', ' '])
        })
        .collect();
    assert!(paths.len() > 5, "{paths:?}");
    let missing: Vec<&&str> = paths.iter().filter(|p| !root().join(p).exists()).collect();
    assert!(
        missing.is_empty(),
        "named in docs/reliability.md but missing: {missing:?}"
    );
    // Kebab-case file names given alone are regression inputs of the fuzz targets (the
    // page also names Octopoid's `config.yaml` and the like).
    let fixtures: Vec<&str> = code_spans(&page)
        .into_iter()
        .filter(|s| s.ends_with(".yaml") && s.contains('-') && !s.contains(['/', ' ']))
        .collect();
    assert!(fixtures.len() >= 5, "{fixtures:?}");
    let fuzz = root().join("tests/fixtures/fuzz");
    let missing: Vec<&&str> = fixtures
        .iter()
        .filter(|name| {
            !["check", "render", "lsp", "octopoid"]
                .iter()
                .any(|target| fuzz.join(target).join(name).exists())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "regression inputs named in docs/reliability.md but missing: {missing:?}"
    );
}
