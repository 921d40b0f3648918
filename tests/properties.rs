//! Property tests (proptest): on arbitrary bytes, arbitrary definitions and mutations of
//! valid ones, `check` never panics, every finding lies inside the file on character
//! boundaries, and every output format renders well-formed; `gen` on arbitrary valid names
//! and descriptions produces code that still compiles (sampled: a few batches through
//! `mypy --strict`, `tsc --strict` and `rustc -D warnings`) and text that round-trips.
//!
//! Set `PROPTEST_CASES` to run more cases than the defaults below.

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use octolint::generate::names::quoted;
use octolint::generate::{Source, Target, payloads, python, rust, typescript};
use octolint::model::names::is_valid;
use octolint::pipeline::check_definition;
use octolint::suggest::fold;
use proptest::prelude::*;
use proptest::test_runner::Config;

#[path = "support/invariants.rs"]
mod invariants;
#[path = "support/toolchain.rs"]
mod toolchain;

use invariants::{assert_spans_inside, render_every_format};
use toolchain::run;

fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        // Failures are reported with their minimal input; nothing is written to the tree.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Checks `bytes` and renders the report in every format.
fn check_everything(bytes: &[u8]) {
    let (report, _) = check_definition("prop.octolint.yaml", bytes);
    assert_spans_inside(&report);
    render_every_format(&[report]);
}

// ---- Strategies -------------------------------------------------------------------------

/// Words that are keywords or built-ins in Python, TypeScript or Rust, and valid names.
const KEYWORDS: &[&str] = &[
    "class",
    "type",
    "None",
    "True",
    "match",
    "impl",
    "while",
    "value",
    "async",
    "await",
    "enum",
    "interface",
    "default",
    "new",
    "delete",
    "let",
    "fn",
    "mod",
    "crate",
    "super",
    "in",
    "is",
    "lambda",
    "yield",
    "constructor",
    "prototype",
    "toString",
    "Object",
    "String",
    "ALL",
];

/// Text that tries to end a string or comment in some target language.
const HOSTILE: &[&str] = &[
    "\"", "'", "\\", "\n", "\r\n", "\"\"\"", "'''", "*/", "/*", "`", "${x}", "#{x}", "{{", "}}",
    "\u{2028}", "\u{2029}", "\u{85}", "\t", "\u{0}", "\u{7}", "\u{feff}", "-->", "<!--", "]]>",
    "%%{init}", "-- ", "#", ";", "\\u0041", "\\n", "é", "😀", "\u{301}", "\r",
];

/// A name that satisfies the name rules.
fn valid_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z][a-zA-Z0-9]{0,6}([-_][a-zA-Z0-9]{1,4}){0,2}",
        1 => proptest::sample::select(KEYWORDS).prop_map(str::to_string),
    ]
    .prop_filter("valid", |n| is_valid(n))
}

/// Any name: mostly valid ones, some that break the rules.
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => valid_name(),
        1 => proptest::sample::select(vec![
            "", "1st", "a--b", "-a", "a_", "self", "Self", "a b", "é", "a.b", "done", "Done",
            "in-coming", "x -> y", "~", "null", "true", "<<",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

/// Free text: arbitrary strings and hostile fragments.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[ -~]{0,20}",
        1 => any::<String>(),
        2 => proptest::collection::vec(
            prop_oneof![proptest::sample::select(HOSTILE).prop_map(str::to_string), "[a-z ]{0,4}"],
            0..8,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// A transition: from, to (queue indices), role, steps run, conditions (name, kind, agent).
type TransitionSpec = (
    usize,
    usize,
    Option<usize>,
    Vec<usize>,
    Vec<(String, u8, usize)>,
);

#[derive(Debug, Clone)]
struct Spec {
    queues: Vec<(String, Option<String>, Option<bool>)>,
    roles: Vec<(String, Option<String>, Option<usize>)>,
    agents: Vec<(String, usize, Option<String>)>,
    steps: Vec<String>,
    checks: Vec<String>,
    flows: Vec<(String, Vec<TransitionSpec>)>,
    extra: Vec<(String, String)>,
    flow_style: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    let queues = proptest::collection::vec(
        (
            any_name(),
            proptest::option::of(text()),
            proptest::option::of(any::<bool>()),
        ),
        0..5,
    );
    let roles = proptest::collection::vec(
        (
            any_name(),
            proptest::option::of(text()),
            proptest::option::of(0usize..12),
        ),
        0..5,
    );
    let agents =
        proptest::collection::vec((any_name(), 0usize..12, proptest::option::of(text())), 0..5);
    let names = || proptest::collection::vec(any_name(), 0..3);
    let transition = (
        0usize..12,
        0usize..12,
        proptest::option::of(0usize..12),
        proptest::collection::vec(0usize..12, 0..3),
        proptest::collection::vec((text(), any::<u8>(), 0usize..12), 0..2),
    );
    let flows = proptest::collection::vec(
        (any_name(), proptest::collection::vec(transition, 0..6)),
        0..3,
    );
    let extra = proptest::collection::vec((any_name(), text()), 0..2);
    (
        queues,
        roles,
        agents,
        names(),
        names(),
        flows,
        extra,
        any::<bool>(),
    )
        .prop_map(
            |(queues, roles, agents, steps, checks, flows, extra, flow_style)| Spec {
                queues,
                roles,
                agents,
                steps,
                checks,
                flows,
                extra,
                flow_style,
            },
        )
}

impl Spec {
    /// The definition's YAML. References are indices into the declared names (wrapping), past
    /// them into the built-in queues or a name nobody declared.
    fn yaml(&self) -> String {
        let queue_names: Vec<String> = ["incoming", "claimed", "done", "failed"]
            .iter()
            .map(|s| s.to_string())
            .chain(self.queues.iter().map(|q| q.0.clone()))
            .chain(["undeclared_queue".to_string()])
            .collect();
        let pick = |names: &[String], i: usize, fallback: &str| -> String {
            names
                .get(i)
                .cloned()
                .unwrap_or_else(|| fallback.to_string())
        };
        let role_names: Vec<String> = self.roles.iter().map(|r| r.0.clone()).collect();
        let agent_names: Vec<String> = self.agents.iter().map(|a| a.0.clone()).collect();
        let q = |s: &str| quoted(s);
        let mut out = String::from("version: 1\n");
        // Flow mappings on one line, or spread over several.
        let (open, close, sep) = if self.flow_style {
            ("{", "}", ", ")
        } else {
            ("{ ", " }", ",\n      ")
        };
        out.push_str("queues:\n");
        for (name, description, terminal) in &self.queues {
            let mut fields = Vec::new();
            if let Some(d) = description {
                fields.push(format!("description: {}", q(d)));
            }
            if let Some(t) = terminal {
                fields.push(format!("terminal: {t}"));
            }
            out.push_str(&format!(
                "  {}: {open}{}{close}\n",
                q(name),
                fields.join(sep)
            ));
        }
        out.push_str("roles:\n");
        for (name, description, claims) in &self.roles {
            let mut fields = Vec::new();
            if let Some(d) = description {
                fields.push(format!("description: {}", q(d)));
            }
            if let Some(i) = claims {
                fields.push(format!(
                    "claims_from: {}",
                    q(&pick(&queue_names, *i, "nowhere"))
                ));
            }
            out.push_str(&format!(
                "  {}: {open}{}{close}\n",
                q(name),
                fields.join(sep)
            ));
        }
        out.push_str("agents:\n");
        for (name, role, model) in &self.agents {
            let mut fields = vec![format!(
                "role: {}",
                q(&pick(&role_names, *role, "implementer"))
            )];
            if let Some(m) = model {
                fields.push(format!("model: {}", q(m)));
            }
            out.push_str(&format!(
                "  {}: {open}{}{close}\n",
                q(name),
                fields.join(sep)
            ));
        }
        if !self.steps.is_empty() {
            let steps: Vec<String> = self.steps.iter().map(|s| q(s)).collect();
            out.push_str(&format!("steps: [{}]\n", steps.join(", ")));
        }
        if !self.checks.is_empty() {
            let checks: Vec<String> = self.checks.iter().map(|s| q(s)).collect();
            out.push_str(&format!("checks: [{}]\n", checks.join(", ")));
        }
        out.push_str("flows:\n");
        for (name, transitions) in &self.flows {
            out.push_str(&format!("  {}:\n    transitions:\n", q(name)));
            for (from, to, role, runs, conditions) in transitions {
                let key = format!(
                    "{} -> {}",
                    pick(&queue_names, *from, "incoming"),
                    pick(&queue_names, *to, "done")
                );
                let mut fields = Vec::new();
                if let Some(r) = role {
                    fields.push(format!("role: {}", q(&pick(&role_names, *r, "nobody"))));
                }
                if !runs.is_empty() {
                    let runs: Vec<String> = runs
                        .iter()
                        .map(|i| q(&pick(&self.steps, *i, "unlisted_step")))
                        .collect();
                    fields.push(format!("runs: [{}]", runs.join(", ")));
                }
                if !conditions.is_empty() {
                    let conditions: Vec<String> = conditions
                        .iter()
                        .map(|(name, kind, agent)| {
                            let kind =
                                ["agent", "script", "manual", "bogus"][usize::from(*kind) % 4];
                            format!(
                                "{{name: {}, type: {kind}, agent: {}}}",
                                q(name),
                                q(&pick(&agent_names, *agent, "nobody"))
                            )
                        })
                        .collect();
                    fields.push(format!("conditions: [{}]", conditions.join(", ")));
                }
                out.push_str(&format!("      {}: {{{}}}\n", q(&key), fields.join(", ")));
            }
        }
        for (key, value) in &self.extra {
            out.push_str(&format!("{}: {}\n", q(key), q(value)));
        }
        out
    }
}

/// A valid definition to mutate: the examples and the clean fixtures.
fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    for dir in ["flows", "tests/fixtures/ok", "tests/fixtures/gen"] {
        let mut paths: Vec<_> = fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        seeds.extend(paths.iter().map(|p| fs::read_to_string(p).unwrap()));
    }
    seeds
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        text(),
        proptest::sample::select(vec![
            ":",
            "- ",
            "? ",
            "&a ",
            "*a",
            "<<: *a",
            "!tag ",
            "{",
            "}",
            "[",
            "]",
            "#",
            "\n  ",
            "\t",
            "'",
            "\"",
            "|\n",
            ">-\n",
            "---\n",
            "...\n",
            "~",
            "# octolint: ignore[unknown-role]",
            "role: ",
            "claims_from: ",
            " -> ",
        ])
        .prop_map(str::to_string),
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<usize>(), fragment).prop_map(|(at, s)| Mutation::Insert(at, s)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), 0usize..4).prop_map(|(a, n)| Mutation::Indent(a, n)),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(mut text: String, mutations: &[Mutation]) -> String {
    for m in mutations {
        match m {
            Mutation::Delete(at, len) => {
                let start = boundary(&text, *at);
                let end = boundary(&text, (start + len).min(text.len()));
                text.replace_range(start..end.max(start), "");
            }
            Mutation::Insert(at, s) => {
                let at = boundary(&text, *at);
                text.insert_str(at, s);
            }
            Mutation::DuplicateLine(line) | Mutation::Indent(line, _) => {
                let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
                let i = line % lines.len();
                match m {
                    Mutation::DuplicateLine(_) => lines.insert(i, lines[i].clone()),
                    Mutation::Indent(_, n) => lines[i] = format!("{}{}", " ".repeat(*n), lines[i]),
                    _ => unreachable!(),
                }
                text = lines.join("\n");
            }
            Mutation::SwapLines(a, b) => {
                let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
                let (a, b) = (a % lines.len(), b % lines.len());
                lines.swap(a, b);
                text = lines.join("\n");
            }
        }
    }
    text
}

// ---- check and render -------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_check_and_render(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_everything(&bytes);
    }

    #[test]
    fn arbitrary_text_checks_and_renders(text in "(\\PC|[\\n\\t \\r:{}\\[\\],&*!|>#'\"-]){0,300}") {
        check_everything(text.as_bytes());
    }

    #[test]
    fn arbitrary_definitions_check_and_render(spec in spec()) {
        check_everything(spec.yaml().as_bytes());
    }

    #[test]
    fn mutated_definitions_check_and_render(
        seed in any::<prop::sample::Index>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let text = mutate(seeds[seed.index(seeds.len())].clone(), &mutations);
        check_everything(text.as_bytes());
        // Fixing never panics either, and keeps a file without fixes as it was.
        let fixed = octolint::fix::fix_text("prop.octolint.yaml", &text);
        if fixed.fixes == 0 {
            prop_assert_eq!(fixed.text, text);
        }
    }
}

// ---- gen ----------------------------------------------------------------------------------

/// `count` names, valid and pairwise distinct after folding (so they never collide), none a
/// built-in queue's.
fn distinct_names(count: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(valid_name(), count * 3).prop_filter_map("distinct", move |names| {
        let mut seen: HashSet<String> = ["incoming", "claimed", "done", "failed"]
            .iter()
            .map(|n| fold(n))
            .collect();
        let distinct: Vec<String> = names
            .into_iter()
            .filter(|n| seen.insert(fold(n)))
            .take(count)
            .collect();
        (distinct.len() == count).then_some(distinct)
    })
}

/// A definition that checks without errors, whatever its names and texts: a chain of queues
/// each claimed by its own role and agent, every description and model arbitrary.
#[derive(Debug, Clone)]
struct Clean {
    roles: Vec<String>,
    queues: Vec<String>,
    agents: Vec<String>,
    texts: Vec<String>,
}

fn clean() -> impl Strategy<Value = Clean> {
    (1usize..4)
        .prop_flat_map(|n| {
            (
                distinct_names(n),
                distinct_names(n),
                distinct_names(n),
                proptest::collection::vec(text(), 3 * n + 3),
            )
        })
        .prop_map(|(roles, queues, agents, texts)| Clean {
            roles,
            queues,
            agents,
            texts,
        })
}

impl Clean {
    fn yaml(&self) -> String {
        let q = |s: &str| quoted(s);
        let n = self.roles.len();
        // Payloads need a non-empty scope and orchestrator fields.
        let mut out = format!(
            "version: 1\nscope: {}\norchestrator: {{cluster: c, machine_id: m, repo_url: {}}}\nqueues:\n",
            q(&format!("s{}", self.texts[3 * n])),
            q(&format!("https://example.com/{}", self.texts[3 * n + 1]))
        );
        for (i, queue) in self.queues.iter().enumerate() {
            out.push_str(&format!(
                "  {}: {{description: {}}}\n",
                q(queue),
                q(&self.texts[i])
            ));
        }
        out.push_str("roles:\n");
        for (i, role) in self.roles.iter().enumerate() {
            // The first role claims from `incoming`, each next one from the queue before it.
            let claims = if i == 0 {
                "incoming".to_string()
            } else {
                self.queues[i - 1].clone()
            };
            out.push_str(&format!(
                "  {}: {{description: {}, claims_from: {}}}\n",
                q(role),
                q(&self.texts[n + i]),
                q(&claims)
            ));
        }
        out.push_str("agents:\n");
        for (i, agent) in self.agents.iter().enumerate() {
            out.push_str(&format!(
                "  {}: {{role: {}, model: {}}}\n",
                q(agent),
                q(&self.roles[i]),
                q(&self.texts[2 * n + i])
            ));
        }
        out.push_str(&format!(
            "flows:\n  default:\n    description: {}\n    transitions:\n",
            q(&self.texts[3 * n + 2])
        ));
        let mut from = "incoming".to_string();
        for i in 0..n {
            let to = self.queues[i].clone();
            out.push_str(&format!(
                "      {}: {{role: {}}}\n",
                q(&format!("{from} -> {to}")),
                q(&self.roles[i])
            ));
            from = to;
        }
        // The last queue is claimed by nobody unless it finishes here: its work goes to done
        // by the last role (which claims from the queue before it) — so close with `done`.
        out.push_str(&format!(
            "      {}: {{role: {}}}\n",
            q(&format!("{from} -> done")),
            q(&self.roles[n - 1])
        ));
        out.push_str("lint:\n  rules: {role-queue-mismatch: off, unclaimed-queue: off}\n");
        out
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Every target generates from arbitrary valid names and texts; the text survives
    /// exactly in the payloads' JSON and the Octopoid YAML.
    #[test]
    fn generated_text_round_trips(clean in clean()) {
        let yaml = clean.yaml();
        let (report, def) = check_definition("clean.octolint.yaml", yaml.as_bytes());
        prop_assert!(!report.has_errors(), "{}\n{:?}", yaml, report.diagnostics);
        let def = def.unwrap();
        let source = Source::new(&def, "clean.octolint.yaml", yaml.as_bytes());
        for target in Target::ALL {
            target.generate(&source).unwrap_or_else(|e| panic!("{}: {e}", target.name()));
        }
        let n = clean.roles.len();
        let files = payloads::generate(&source).unwrap();
        let roles = files.iter().find(|f| f.path.ends_with("roles.register.json")).unwrap();
        let roles: serde_json::Value = serde_json::from_str(&roles.contents).unwrap();
        for i in 0..n {
            prop_assert_eq!(&roles["roles"][i]["description"], &clean.texts[n + i]);
        }
        for file in octolint::generate::octopoid::generate(&source) {
            let doc = octolint::yaml::load(&file.contents);
            prop_assert!(doc.error.is_none(), "{}: {:?}\n{}", file.path.display(), doc.error, file.contents);
            if file.path.ends_with("agent.yaml") {
                let value = doc.to_json().unwrap();
                let i = clean.agents.iter().position(|a| file.path.to_string_lossy().contains(&format!("/{a}/"))).unwrap();
                prop_assert_eq!(&value["model"], &clean.texts[2 * n + i]);
            }
        }
    }
}

proptest! {
    // Each case is a batch of definitions compiled by one run of each tool.
    #![proptest_config(config(3))]

    #[test]
    fn generated_code_type_checks_sampled(batch in proptest::collection::vec(clean(), 4)) {
        let dir = tempfile::tempdir().unwrap();
        let mut python_files = Vec::new();
        let mut ts_files = Vec::new();
        let mut rust_modules = String::new();
        let mut expected = Vec::new();
        for (index, clean) in batch.iter().enumerate() {
            let yaml = clean.yaml();
            let (report, def) = check_definition("clean.octolint.yaml", yaml.as_bytes());
            prop_assert!(!report.has_errors(), "{}", yaml);
            let def = def.unwrap();
            let source = Source::new(&def, "clean.octolint.yaml", yaml.as_bytes());
            let py = dir.path().join(format!("defn_{index}.py"));
            fs::write(&py, python::generate(&source)).unwrap();
            python_files.push(py);
            let ts = dir.path().join(format!("defn_{index}.ts"));
            fs::write(&ts, typescript::generate(&source)).unwrap();
            ts_files.push(ts);
            fs::write(dir.path().join(format!("defn_{index}.rs")), rust::generate(&source)).unwrap();
            rust_modules.push_str(&format!("#[allow(dead_code)] mod defn_{index};\n"));
            let n = clean.roles.len();
            expected.push(serde_json::json!({
                "roles": clean.texts[n..2 * n],
                "queues": clean.texts[..n],
            }));
        }
        run(
            Command::new("python3")
                .args(["-m", "mypy", "--strict", "--no-incremental"])
                .args(&python_files),
            "mypy",
            "`.ci/run` installs it (pip install mypy)",
        );
        // Descriptions come back exactly: nothing escaped its string literal.
        let printed = run(
            Command::new("python3").current_dir(dir.path()).args([
                "-c",
                &format!(
                    "import json\nout = []\nfor i in range({}):\n    m = __import__(f'defn_{{i}}')\n    out.append({{'roles': list(m.ROLE_DESCRIPTIONS.values()), 'queues': [m.QUEUE_DESCRIPTIONS[q] for q in m.QUEUES if q in m.QUEUE_DESCRIPTIONS]}})\nprint(json.dumps(out))",
                    batch.len()
                ),
            ]),
            "python3",
            "a Python 3 interpreter",
        )
        .all();
        let printed: serde_json::Value = serde_json::from_str(printed.trim()).unwrap();
        prop_assert_eq!(printed, serde_json::Value::Array(expected));
        let tsc = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/toolchain/node_modules/.bin/tsc");
        run(
            Command::new(&tsc)
                .args(["--strict", "--noEmit", "--noUnusedLocals"])
                .args(&ts_files),
            "tsc",
            "`.ci/run` installs it (npm ci --prefix tests/toolchain)",
        );
        let lib = dir.path().join("lib.rs");
        fs::write(&lib, rust_modules).unwrap();
        run(
            Command::new("rustc")
                .args(["--edition", "2021", "--crate-type", "lib", "-D", "warnings", "--out-dir"])
                .arg(dir.path())
                .arg(&lib),
            "rustc",
            "rustup",
        );
    }
}
