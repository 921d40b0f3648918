//! Octopoid reads its files with PyYAML (`yaml.safe_load`, YAML 1.1); octolint decodes them
//! with the same rules (`yaml::Schema::PyYaml`). This test runs the real PyYAML (PyPI's
//! `pyyaml`; `.ci/run` installs it) on every YAML file of the native fixtures
//! (`tests/fixtures/octopoid/`) and of the corpus of real Octopoid configurations
//! (`../shared/corpus/`), and compares its values with octolint's, file by file.
//!
//! One deliberate difference: PyYAML turns timestamps (`2026-03-02`, `2026-03-02T10:00:00Z`)
//! into dates, octolint keeps their text (Octopoid reads no date from its configuration), so
//! the comparison runs PyYAML with its timestamp resolver removed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use octolint::yaml::{Schema, load_as};
use serde_json::{Value, json};

/// Reads the JSON list of paths on stdin; prints, per file, `{"value": …}` or `{"error": …}`.
const PYYAML: &str = r#"
import json, sys, yaml

class Loader(yaml.SafeLoader):
    pass

# Timestamps stay text, as octolint reads them (see the test's documentation).
Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

def key(k):
    # json.dumps turns a non-string key into text the same way.
    return k if isinstance(k, str) else json.dumps(k)

def plain(v):
    if isinstance(v, dict):
        return {key(k): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return repr(v)
    return v

out = []
for path in json.load(sys.stdin):
    try:
        with open(path, encoding="utf-8") as f:
            out.append({"value": plain(yaml.load(f, Loader=Loader))})
    except Exception as e:
        out.append({"error": f"{type(e).__name__}: {e}"})
print(json.dumps(out))
"#;

fn yaml_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            found.push(path);
        }
    }
}

/// octolint's value for a file: `None` when it does not decode (a syntax error, several
/// documents — which `safe_load` refuses too).
fn octolint_value(text: &str) -> Option<Value> {
    let doc = load_as(text, Schema::PyYaml);
    if !doc.extra_documents.is_empty() {
        return None;
    }
    if doc.error.is_none() && doc.root.is_none() {
        return Some(Value::Null);
    }
    doc.to_json().map(|value| normalize(&value))
}

/// Floats compared as PyYAML prints them (`inf` as its repr), integers as numbers.
fn normalize(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) && !n.is_f64() => {
            value.clone()
        }
        other => other.clone(),
    }
}

/// Numbers equal as numbers (PyYAML's `1.0` and octolint's `1.0` may print differently).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

#[test]
fn native_files_decode_as_pyyaml_reads_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("tests/fixtures/octopoid"), &mut files);
    let fixtures = files.len();
    let corpus = root.join("../shared/corpus");
    assert!(
        corpus.is_dir(),
        "the corpus of real Octopoid configurations is needed at {}",
        corpus.display()
    );
    yaml_files(&corpus, &mut files);
    assert!(
        fixtures >= 20 && files.len() >= fixtures + 10,
        "{fixtures} fixture and {} corpus files",
        files.len() - fixtures
    );
    files.sort();

    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut child = Command::new("python3")
        .args(["-c", PYYAML])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python3");
    serde_json::to_writer(child.stdin.take().unwrap(), &paths).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "PyYAML could not be run (`python3 -m pip install pyyaml`; .ci/run installs it):\n{stderr}"
    );
    let pyyaml: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();

    let mut differences = Vec::new();
    let mut compared = 0;
    for (path, theirs) in files.iter().zip(&pyyaml) {
        let text = fs::read_to_string(path).unwrap();
        let ours = octolint_value(&text);
        match (theirs.get("value"), ours) {
            (Some(theirs), Some(ours)) => {
                compared += 1;
                if !same(theirs, &ours) {
                    differences.push(format!(
                        "{}:\n  PyYAML:   {theirs}\n  octolint: {ours}",
                        path.display()
                    ));
                }
            }
            // Both refuse the file.
            (None, None) => {}
            (theirs, ours) => differences.push(format!(
                "{}: PyYAML {}, octolint {}",
                path.display(),
                theirs.map_or_else(
                    || format!("fails ({})", json!(theirs)),
                    |_| "reads it".into()
                ),
                ours.map_or("fails".to_string(), |v| format!("reads {v}")),
            )),
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} files decode differently:\n{}",
        differences.len(),
        files.len(),
        differences.join("\n")
    );
    assert!(compared > fixtures, "only {compared} files compared");
}

/// The differences that matter to Octopoid, spelled out: what PyYAML makes of them is what
/// octolint reads.
#[test]
fn pyyaml_values_of_the_native_schema() {
    let text = "interval_seconds: 1:30\npaused: yes\nmode: 010\nbits: 0b101\nbig: 1_000\n\
                max_turns: 100\nmax_turns: 10\nexp: 1e3\nflag: y\n";
    let value = octolint_value(text).unwrap();
    assert_eq!(
        value,
        json!({"interval_seconds": 90, "paused": true, "mode": 8, "bits": 5, "big": 1000,
               "max_turns": 10, "exp": "1e3", "flag": "y"})
    );
}
