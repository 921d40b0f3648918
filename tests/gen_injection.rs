//! Hostile text in every free-text field, keyword names and a hostile file name, through
//! every `gen` target at once: the output stays valid for the real tools, and inert — every
//! string in it that carries one of the hostile texts' markers is exactly that text, as
//! written, so nothing was cut short, joined to code, or interpreted. Extends the per-target
//! checks in `gen_code.rs` (descriptions in Python, TypeScript and Rust), `gen_payloads.rs`
//! and `gen_diagrams.rs` to models, tools, commands, condition names, scripts, scope, the
//! orchestrator and the file name, to the `octopoid` and `dispatch` targets, and to running
//! the generated TypeScript.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use octolint::generate::names::quoted;
use octolint::generate::{Source, Target};
use octolint::pipeline::check_definition;
use serde_json::Value;

#[path = "support/toolchain.rs"]
mod toolchain;
use toolchain::{require_graphviz, run};

/// The `i`-th hostile text: everything that ends a string, a comment or a line somewhere,
/// between two markers `<i>` that identify where it came from.
fn hostile(i: usize) -> String {
    format!(
        "<{i}> quote \" apostrophe ' backslash \\ newline \n crlf \r\n triple \"\"\" ''' close */ open /* tick ` ${{x}} #{{y}} {{{{z}}}} line sep \u{2028} para sep \u{2029} nel \u{85} tab \t nul \0 bell \u{7} bom \u{feff} %%{{init}} --> ]]> end <{i}>"
    )
}

/// Fields that take free text, each given its own hostile text.
const FIELDS: usize = 16;

fn definition() -> String {
    let h: Vec<String> = (0..FIELDS).map(|i| quoted(&hostile(i))).collect();
    format!(
        "version: 1
scope: {scope}
orchestrator: {{cluster: {cluster}, machine_id: {machine}, repo_url: {repo}}}
queues:
  type: {{description: {q_type}}}
  None: {{description: {q_none}}}
roles:
  class: {{description: {r_class}, claims_from: incoming, tools: [{tool}], forbidden_commands: [{command}], model: {r_model}}}
  match: {{description: {r_match}, claims_from: type}}
agents:
  while: {{role: class, description: {a_while}, tools: [{tool}]}}
  impl: {{role: match, description: {a_impl}}}
flows:
  default:
    description: {flow}
    transitions:
      incoming -> type: {{role: class, description: {transition}}}
      type -> None:
        role: match
        conditions:
          - {{name: {condition}, type: script, script: {script}}}
      None -> done: {{}}
chains:
  ship:
    description: {flow}
    steps:
      - {{role: class, runs: [push_branch]}}
lint:
  rules: {{unknown-model: off, unclaimed-queue: off, role-queue-mismatch: off}}
",
        scope = h[0],
        cluster = h[1],
        machine = h[2],
        repo = h[3],
        q_type = h[4],
        q_none = h[5],
        r_class = h[6],
        tool = h[7],
        command = h[8],
        r_model = h[9],
        r_match = h[10],
        a_while = h[11],
        a_impl = h[12],
        flow = h[13],
        transition = h[14],
        condition = h[15],
        script = quoted(&hostile(15).replace("<15>", "<script>")),
    )
}

/// Every string in a JSON value.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => {
            for (key, value) in map {
                out.push(key.clone());
                strings(value, out);
            }
        }
        _ => {}
    }
}

/// Every string carrying a marker is exactly the hostile text of that marker; returns the
/// markers found.
fn assert_inert(what: &str, found: &[String]) -> BTreeSet<usize> {
    let mut markers = BTreeSet::new();
    // The orchestrator id joins cluster and machine id, as documented.
    let orchestrator_id = format!("{}-{}", hostile(1), hostile(2));
    for s in found.iter().filter(|s| **s != orchestrator_id) {
        for i in 0..FIELDS {
            if s.contains(&format!("<{i}>")) {
                assert_eq!(s, &hostile(i), "{what}: a hostile text came out changed");
                markers.insert(i);
            }
        }
        if s.contains("<script>") {
            assert_eq!(
                s,
                &hostile(15).replace("<15>", "<script>"),
                "{what}: script"
            );
        }
    }
    markers
}

/// The file name is outside text too: it goes into every header comment.
const FILE_NAME: &str = "x */ \"\"\" ${y} `z` \u{2028}.octolint.yaml";

#[test]
fn hostile_text_is_inert_in_every_target() {
    let text = definition();
    let (report, def) = check_definition(FILE_NAME, text.as_bytes());
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    let def = def.unwrap();
    let source = Source::new(&def, FILE_NAME, text.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Hostile texts met in each data target: a target none reaches would check nothing.
    let mut reached: Vec<(Target, BTreeSet<usize>)> = Vec::new();
    for target in Target::ALL {
        let files = target
            .generate(&source)
            .unwrap_or_else(|e| panic!("{}: {e}", target.name()));
        for file in &files {
            let what = format!("{} {}", target.name(), file.path.display());
            // No raw line separator (a line break in JavaScript comments and YAML 1.1), not
            // even in the header's file name; JSON strings may hold one (it is valid JSON).
            let json =
                target == Target::Dispatch || file.path.extension().is_some_and(|e| e == "json");
            assert!(
                !file.contents.contains(['\u{2028}', '\u{2029}', '\u{85}']) || json,
                "{what}: a raw line separator"
            );
            let contents = &file.contents;
            match target {
                Target::Payloads | Target::Dispatch if json => {
                    let value: Value = serde_json::from_str(contents)
                        .unwrap_or_else(|e| panic!("{what}: {e}\n{contents}"));
                    let mut found = Vec::new();
                    strings(&value, &mut found);
                    reached.push((target, assert_inert(&what, &found)));
                }
                Target::Octopoid => {
                    let doc = octolint::yaml::load(contents);
                    assert!(doc.error.is_none(), "{what}: {:?}\n{contents}", doc.error);
                    let mut found = Vec::new();
                    strings(&doc.to_json().unwrap(), &mut found);
                    reached.push((target, assert_inert(&what, &found)));
                    // Comments are the header's two lines only.
                    let comments = contents
                        .lines()
                        .filter(|l| l.trim_start().starts_with('#'))
                        .count();
                    assert_eq!(comments, 2, "{what}:\n{contents}");
                }
                Target::Mermaid => {
                    // Every line is one of the generator's statements; a label holds nothing
                    // that ends it (`:`, `;`, `#`), so no text became a statement.
                    for line in contents.lines().map(str::trim) {
                        let ok = line.starts_with("%%")
                            || line == "stateDiagram-v2"
                            || line.starts_with("classDef ")
                            || line.starts_with("class s")
                            || (line.starts_with("state \"") && line.contains("\" as s"))
                            || line.split_once(" --> ").is_some_and(|(from, rest)| {
                                let (to, label) = rest.split_once(" : ").unwrap_or((rest, ""));
                                [from, to].iter().all(|id| {
                                    *id == "[*]"
                                        || id
                                            .strip_prefix('s')
                                            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
                                }) && !label.contains([':', ';', '#'])
                            });
                        assert!(
                            ok,
                            "{what}: not a statement of the generator: {line}\n{contents}"
                        );
                    }
                }
                Target::Dot => {
                    // No quoted string holds a raw line break; Graphviz accepts the file.
                    let mut quoted_string = false;
                    let mut escaped = false;
                    let statements: String = contents
                        .lines()
                        .filter(|l| !l.starts_with("//"))
                        .map(|l| format!("{l}\n"))
                        .collect();
                    for c in statements.chars() {
                        match c {
                            _ if escaped => escaped = false,
                            '\\' if quoted_string => escaped = true,
                            '"' => quoted_string = !quoted_string,
                            '\n' | '\r' => {
                                assert!(!quoted_string, "{what}: a line break in a string")
                            }
                            _ => {}
                        }
                    }
                    assert!(!quoted_string, "{what}: a string never closed");
                    require_graphviz();
                    let path = dir.path().join("g.dot");
                    fs::write(&path, contents).unwrap();
                    run(
                        Command::new("dot").arg("-Tsvg").arg(&path),
                        "dot",
                        "`.ci/run` installs it (apt package graphviz)",
                    );
                }
                _ => {}
            }
        }
    }

    for target in [Target::Payloads, Target::Dispatch, Target::Octopoid] {
        let markers: BTreeSet<usize> = reached
            .iter()
            .filter(|(t, _)| *t == target)
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        assert!(
            !markers.is_empty(),
            "{}: no hostile text reached it",
            target.name()
        );
    }

    // Python: type-checks, and every string the module holds comes back exactly.
    let python = dir.path().join("hostile_names.py");
    fs::write(&python, octolint::generate::python::generate(&source)).unwrap();
    run(
        Command::new("python3")
            .args(["-m", "mypy", "--strict", "--no-incremental"])
            .arg(&python),
        "mypy",
        "`.ci/run` installs it (pip install mypy)",
    );
    let printed = run(
        Command::new("python3").current_dir(dir.path()).args([
            "-c",
            "import json, enum, hostile_names as m\n\
             def walk(v):\n\
             \x20   if isinstance(v, str): yield v\n\
             \x20   elif isinstance(v, dict):\n\
             \x20       for k, x in v.items(): yield from walk(k); yield from walk(x)\n\
             \x20   elif isinstance(v, (list, tuple)):\n\
             \x20       for x in v: yield from walk(x)\n\
             names = sorted(k for k in vars(m) if not k.startswith('_'))\n\
             print(json.dumps({'names': names, 'strings': [s for k in names for s in walk(getattr(m, k))]}))",
        ]),
        "python3",
        "a Python 3 interpreter",
    )
    .stdout;
    let value: Value = serde_json::from_str(printed.trim()).unwrap();
    let mut found = Vec::new();
    strings(&value["strings"], &mut found);
    let markers = assert_inert("python", &found);
    assert!(
        markers.contains(&4) && markers.contains(&6) && markers.contains(&10),
        "{markers:?}"
    );
    // Nothing but what the generator defines: no name came out of a text.
    for name in value["names"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "python defines {name:?}"
        );
    }

    // TypeScript: type-checks, then runs (as JavaScript) and holds the same strings.
    let tsc = root.join("tests/toolchain/node_modules/.bin/tsc");
    let ts = dir.path().join("hostile_names.ts");
    fs::write(&ts, octolint::generate::typescript::generate(&source)).unwrap();
    run(
        Command::new(&tsc)
            .args([
                "--strict",
                "--noUnusedLocals",
                "--module",
                "commonjs",
                "--target",
                "es2020",
                "--outDir",
            ])
            .arg(dir.path().join("js"))
            .arg(&ts),
        "tsc",
        "`.ci/run` installs it (npm ci --prefix tests/toolchain)",
    );
    let printed = run(
        Command::new("node").current_dir(dir.path()).args([
            "-e",
            "const m = require('./js/hostile_names.js'); console.log(JSON.stringify(m));",
        ]),
        "node",
        "Node.js",
    )
    .stdout;
    let value: Value = serde_json::from_str(printed.trim()).unwrap();
    let mut found = Vec::new();
    strings(&value, &mut found);
    let markers = assert_inert("typescript", &found);
    assert!(markers.contains(&4) && markers.contains(&6), "{markers:?}");

    // Rust: compiles without warnings, keyword names round-trip.
    let program = format!(
        "{}\nfn main() {{\n    for role in Role::ALL {{ assert_eq!(role.as_str().parse::<Role>(), Ok(role)); }}\n    assert_eq!(\"class\".parse::<Role>(), Ok(Role::Class));\n    assert_eq!(Queue::None.as_str(), \"None\");\n    println!(\"ok\");\n}}\n",
        octolint::generate::rust::generate(&source)
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
        run(&mut Command::new(&binary), "the program", "")
            .stdout
            .trim(),
        "ok"
    );
}

/// The same texts in the findings of `check`: every human-facing format keeps one finding per
/// line and sends no control character (an escape sequence, a carriage return, a
/// bidirectional override) to the terminal; the machine formats escape them.
#[test]
fn hostile_text_cannot_break_or_control_check_output() {
    let evil = "a\n::error file=x,line=1::forged\u{1b}[2J\u{1b}]0;title\u{7}\rback\u{9b}31m\u{202e}desrever\u{2028}end";
    let text = format!(
        "version: 1\n{}: 1\nagents: {{a: {{role: {}}}}}\n# octolint: ignore[{}]\nx: \"\u{1b}[31m\u{202e}\"\n",
        quoted(evil),
        quoted(evil),
        evil.replace(['\n', '\r', ']', ','], "")
    );
    // Raw control characters in the file too (outside YAML's printable set, so a syntax
    // error whose snippet shows the line).
    let raw = "version: 1\nscope: a\u{1b}[2Jb\u{202e}c\rd\n";
    for (name, source) in [
        ("octolint.yaml", text.as_str()),
        ("raw.octolint.yaml", raw),
        ("x\u{1b}[31m\n::error::y.octolint.yaml", text.as_str()),
    ] {
        let report = octolint::pipeline::check_bytes(name, source.as_bytes());
        assert!(!report.diagnostics.is_empty());
        let reports = [report];
        let findings = reports[0].diagnostics.len();
        let concise = octolint::render::render_concise(&reports);
        assert_eq!(concise.lines().count(), findings + 1, "{concise}");
        let mut full = Vec::new();
        octolint::render::render_full(
            &reports,
            &mut codespan_reporting::term::termcolor::NoColor::new(&mut full),
        )
        .unwrap();
        let full = String::from_utf8(full).unwrap();
        let github = octolint::render::render_github(&reports);
        assert_eq!(github.lines().count(), findings, "{github}");
        for (format, out) in [("concise", &concise), ("full", &full), ("github", &github)] {
            let forbidden = |c: char| {
                (c.is_control() && !matches!(c, '\n' | '\t'))
                    || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}')
            };
            if let Some(c) = out.chars().find(|&c| forbidden(c)) {
                panic!("{format} output holds {c:?}:\n{out}");
            }
        }
        // Forged annotations stay inside their message.
        assert!(
            !github
                .lines()
                .any(|l| l.starts_with("::error file=x,line=1")),
            "{github}"
        );
        assert!(
            !concise.lines().any(|l| l.starts_with("::error")),
            "{concise}"
        );
    }
}
