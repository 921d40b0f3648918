//! The code targets compile with the real tools: `mypy --strict`, `tsc --strict --noEmit`
//! and `rustc -D warnings`, for every example in `flows/` and for tricky fixtures (keywords as
//! names, empty kinds, descriptions that try to break out of strings). `.ci/run` installs
//! mypy and TypeScript; without them these tests fail and say how to install them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use octolint::generate::{Source, python, rust, typescript};
use octolint::pipeline::check_definition;

#[path = "support/toolchain.rs"]
mod toolchain;
use toolchain::run;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every definition the code targets are compiled from.
fn definitions() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["flows", "tests/fixtures/gen"] {
        for entry in fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".octolint.yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 6);
    files
}

/// Generates one target for every definition into `dir`, one module per definition.
fn generate_all(dir: &Path, extension: &str, generate: fn(&Source) -> String) -> Vec<PathBuf> {
    let mut written = Vec::new();
    for (index, path) in definitions().into_iter().enumerate() {
        let bytes = fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (report, def) = check_definition(&name, &bytes);
        assert!(!report.has_errors(), "{name} has errors");
        let source = Source::new(def.as_ref().unwrap(), &name, &bytes);
        let out = dir.join(format!("definition_{index}.{extension}"));
        fs::write(&out, generate(&source)).unwrap();
        written.push(out);
    }
    written
}

#[test]
fn python_passes_mypy_strict_and_keeps_text_intact() {
    let dir = tempfile::tempdir().unwrap();
    let files = generate_all(dir.path(), "py", python::generate);
    run(
        Command::new("python3")
            .args(["-m", "mypy", "--strict", "--no-incremental"])
            .args(&files),
        "mypy",
        "pip install mypy",
    );
    // The descriptions come back exactly as written: no text escaped its string literal.
    let tricky = files
        .iter()
        .find(|f| {
            fs::read_to_string(f)
                .unwrap()
                .contains("tricky.octolint.yaml")
        })
        .unwrap();
    let module = tricky.file_stem().unwrap().to_string_lossy().into_owned();
    let printed = run(
        Command::new("python3").current_dir(dir.path()).args([
            "-c",
            &format!(
                "import json, {module} as m; print(json.dumps([m.QUEUE_DESCRIPTIONS, m.ROLE_DESCRIPTIONS, [str(r) for r in m.Roles], m.CLAIMS_FROM]))"
            ),
        ]),
        "python3",
        "a Python 3.11 interpreter",
    )
    .all();
    let value: serde_json::Value = serde_json::from_str(printed.trim()).unwrap();
    assert_eq!(
        value[0]["requires-intervention"],
        "quote \" backslash \\ newline \n triple \"\"\" close */ tick ` ${x} sep \u{2028} end"
    );
    assert_eq!(value[1]["class"], "*/ export const pwned = 1; /*");
    assert_eq!(
        value[2],
        serde_json::json!(["class", "match", "None", "value"])
    );
    assert_eq!(value[3]["class"], "type");
}

#[test]
fn typescript_passes_tsc_strict() {
    let tsc = root().join("tests/toolchain/node_modules/.bin/tsc");
    let dir = tempfile::tempdir().unwrap();
    let files = generate_all(dir.path(), "ts", typescript::generate);
    run(
        Command::new(&tsc)
            .args(["--strict", "--noEmit", "--noUnusedLocals"])
            .args(&files),
        "tsc",
        "npm ci --prefix tests/toolchain",
    );
}

#[test]
fn rust_compiles_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for file in generate_all(dir.path(), "rs", rust::generate) {
        run(
            Command::new("rustc")
                .args([
                    "--edition",
                    "2021",
                    "--crate-type",
                    "lib",
                    "-D",
                    "warnings",
                    "--out-dir",
                ])
                .arg(dir.path())
                .arg(&file),
            "rustc",
            "rustup",
        );
    }
}

#[test]
fn generated_rust_behaves() {
    // Compile a small program against the tricky definition's enums and run it.
    let dir = tempfile::tempdir().unwrap();
    let path = root().join("tests/fixtures/gen/tricky.octolint.yaml");
    let bytes = fs::read(&path).unwrap();
    let (_, def) = check_definition("tricky.octolint.yaml", &bytes);
    let source = Source::new(def.as_ref().unwrap(), "tricky.octolint.yaml", &bytes);
    let program = format!(
        "{}\nfn main() {{\n    assert_eq!(Role::ALL.len(), 4);\n    assert_eq!(\"class\".parse::<Role>(), Ok(Role::Class));\n    assert_eq!(Role::Class.claims_from(), Queue::Type);\n    assert_eq!(Queue::RequiresIntervention.to_string(), \"requires-intervention\");\n    assert!(Queue::Done.is_terminal() && !Queue::Incoming.is_terminal());\n    assert_eq!(Agent::NoneAgent.role(), Role::None);\n    assert!(\"nope\".parse::<Queue>().is_err());\n    println!(\"ok\");\n}}\n",
        rust::generate(&source)
    );
    let main = dir.path().join("main.rs");
    fs::write(&main, program).unwrap();
    let binary = dir.path().join("main");
    run(
        Command::new("rustc")
            .args(["--edition", "2021", "-D", "warnings", "-o"])
            .arg(&binary)
            .arg(&main),
        "rustc",
        "rustup",
    );
    assert_eq!(
        run(&mut Command::new(&binary), "the compiled program", "")
            .all()
            .trim(),
        "ok"
    );
}

#[test]
fn code_targets_are_deterministic_and_pinned() {
    let path = root().join("flows/octopoid-default.octolint.yaml");
    let bytes = fs::read(&path).unwrap();
    let (_, def) = check_definition("octopoid-default.octolint.yaml", &bytes);
    let source = Source::new(
        def.as_ref().unwrap(),
        "octopoid-default.octolint.yaml",
        &bytes,
    );
    for generate in [python::generate, typescript::generate, rust::generate] {
        assert_eq!(generate(&source), generate(&source));
    }
    insta::assert_snapshot!("python", python::generate(&source));
    insta::assert_snapshot!("typescript", typescript::generate(&source));
    insta::assert_snapshot!("rust", rust::generate(&source));
}
