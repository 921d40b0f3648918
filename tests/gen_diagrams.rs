//! The `mermaid` and `dot` targets: for every example definition, one diagram per flow and
//! per child flow, showing every queue, transition and failure route, with the start and the
//! terminal queues marked. Mermaid output is checked structurally (there is no light Mermaid
//! parser); DOT output is also run through Graphviz's `dot -Tsvg` when `dot` is on PATH
//! (Debian/Ubuntu package `graphviz`; the tests fail without it).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use octolint::generate::{GENERATED_MARKER, GeneratedFile, Source, dot, mermaid};
use octolint::model::{
    BUILTIN_TERMINAL, ChildFlow, Condition, ConditionKind, DEFAULT_QUEUE, Definition, Flow,
    NameMap, Named, Queue, Spanned, Transition,
};
use octolint::pipeline::check_definition;

#[path = "support/toolchain.rs"]
mod toolchain;
use toolchain::require_graphviz;

// ------------------------------------------------------------------------------------------
// Loading the example definitions
// ------------------------------------------------------------------------------------------

fn examples() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".octolint.yaml"))
        })
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no flows/*.octolint.yaml");
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

fn load(name: &str, bytes: &[u8]) -> Definition {
    let (report, def) = check_definition(name, bytes);
    assert!(
        !report.has_errors(),
        "{name} has errors: {:?}",
        report.diagnostics
    );
    def.unwrap_or_else(|| panic!("{name} did not decode"))
}

// ------------------------------------------------------------------------------------------
// What each diagram must show, computed from the definition independently of the generators
// ------------------------------------------------------------------------------------------

struct Expected<'a> {
    /// File stem: the flow's name or `<flow>_child`.
    name: String,
    initial: &'a str,
    transitions: &'a [Transition],
}

fn initial_queue(initial: &Option<Spanned<String>>) -> &str {
    initial.as_ref().map_or(DEFAULT_QUEUE, |q| q.value.as_str())
}

fn expected(def: &Definition) -> Vec<Expected<'_>> {
    let mut out = Vec::new();
    for flow in def.flows.iter() {
        let initial = initial_queue;
        out.push(Expected {
            name: flow.name.value.clone(),
            initial: initial(&flow.value.initial),
            transitions: &flow.value.transitions,
        });
        if let Some(child) = &flow.value.child_flow {
            out.push(Expected {
                name: format!("{}_child", flow.name.value),
                initial: initial(&child.initial),
                transitions: &child.transitions,
            });
        }
    }
    out
}

impl Expected<'_> {
    /// Every queue the flow mentions, in no particular order.
    fn queues(&self) -> Vec<&str> {
        let mut queues = vec![self.initial];
        for t in self.transitions {
            queues.push(&t.from.value);
            queues.extend(t.targets().map(|q| q.value.as_str()));
        }
        queues.sort();
        queues.dedup();
        queues
    }

    /// Failure routes: (from, to, label).
    fn failure_routes(&self) -> Vec<(&str, &str, String)> {
        let mut routes = Vec::new();
        for t in self.transitions {
            if let Some(target) = &t.on_checks_fail {
                routes.push((t.from.as_str(), target.as_str(), "checks fail".to_string()));
            }
            for c in t.conditions.iter().flatten() {
                if let Some(target) = &c.on_fail {
                    let name = c.name.as_ref().unwrap().as_str();
                    routes.push((t.from.as_str(), target.as_str(), format!("{name} fails")));
                }
            }
        }
        routes
    }

    /// The names a transition's label must mention.
    fn label_words(t: &Transition) -> Vec<String> {
        let mut words = Vec::new();
        if let Some(role) = &t.role {
            words.push(format!("role {}", role.value));
        }
        if let Some(agent) = &t.agent {
            words.push(format!("agent {}", agent.value));
        }
        for check in t.checks.iter().flatten() {
            words.push(check.value.clone());
        }
        for c in t.conditions.iter().flatten() {
            words.push(format!("if {}", c.name.as_ref().unwrap().value));
        }
        words
    }
}

fn is_terminal(def: &Definition, queue: &str) -> bool {
    BUILTIN_TERMINAL.contains(&queue)
        || def
            .queues
            .get(queue)
            .and_then(|q| q.value.terminal.as_ref())
            .is_some_and(|t| t.value)
}

fn file_named<'a>(files: &'a [GeneratedFile], path: &str) -> &'a GeneratedFile {
    files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("no {path} among {:?}", paths(files)))
}

fn paths(files: &[GeneratedFile]) -> Vec<String> {
    files.iter().map(|f| f.path.display().to_string()).collect()
}

// ------------------------------------------------------------------------------------------
// A structural reader for the Mermaid output
// ------------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct MermaidDiagram {
    /// Queue name → state id.
    ids: HashMap<String, String>,
    /// (from id, to id, label); `[*]` for the start and end.
    edges: Vec<(String, String, String)>,
    /// Ids in `class … terminal`.
    terminal_class: Vec<String>,
}

/// Reads a generated Mermaid state diagram, panicking on anything that is not one of the
/// statement forms the generator may write, on an id that is used before it is declared or
/// declared twice, and on text that Mermaid would not read as plain text.
fn read_mermaid(text: &str) -> MermaidDiagram {
    let mut diagram = MermaidDiagram::default();
    let mut lines = text
        .lines()
        .skip_while(|l| l.trim_start().starts_with("%%"));
    assert_eq!(
        lines.next().map(str::trim),
        Some("stateDiagram-v2"),
        "the first line that is not a comment must be `stateDiagram-v2`:\n{text}"
    );
    let lowered = text.to_lowercase();
    for direction in ["tb", "bt", "rl", "lr"] {
        // Mermaid reads `direction <dir>` anywhere on a line as a direction statement.
        for (at, _) in lowered.match_indices("direction") {
            let rest = &lowered[at + "direction".len()..];
            let trimmed = rest.trim_start();
            assert!(
                trimmed.len() == rest.len() || !trimmed.starts_with(direction),
                "text that Mermaid would read as a direction statement:\n{text}"
            );
        }
    }
    let mut declared: Vec<String> = Vec::new();
    let known = |declared: &[String], id: &str| {
        assert!(
            id == "[*]" || declared.iter().any(|d| d == id),
            "state id `{id}` used before it is declared:\n{text}"
        );
        id.to_string()
    };
    for line in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with("%%") || line.starts_with("classDef ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("state \"") {
            let (name, id) = rest
                .split_once("\" as ")
                .unwrap_or_else(|| panic!("malformed state line `{line}`"));
            assert!(!name.contains('"'), "quote in state name: `{line}`");
            assert!(
                !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "unsafe state id `{id}`"
            );
            assert!(!declared.contains(&id.to_string()), "`{id}` declared twice");
            declared.push(id.to_string());
            assert!(
                diagram
                    .ids
                    .insert(name.to_string(), id.to_string())
                    .is_none(),
                "state `{name}` declared twice"
            );
        } else if let Some(rest) = line.strip_prefix("class ") {
            let (ids, class) = rest.split_once(' ').unwrap();
            assert_eq!(class, "terminal");
            for id in ids.split(',') {
                diagram.terminal_class.push(known(&declared, id));
            }
        } else if let Some((from, rest)) = line.split_once(" --> ") {
            let (to, label) = match rest.split_once(" : ") {
                Some((to, label)) => (to, label),
                None => (rest, ""),
            };
            for bad in [':', ';', '#', '%', '"', '{', '}', '<', '>'] {
                assert!(!label.contains(bad), "`{bad}` in label of `{line}`");
            }
            let from = known(&declared, from);
            let to = known(&declared, to);
            diagram.edges.push((from, to, label.to_string()));
        } else {
            panic!("unexpected Mermaid line `{line}` in:\n{text}");
        }
    }
    diagram
}

// ------------------------------------------------------------------------------------------
// A structural reader for the DOT output
// ------------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct DotDiagram {
    /// Node id → attributes.
    nodes: Vec<(String, HashMap<String, String>)>,
    /// (from, to, attributes).
    edges: Vec<(String, String, HashMap<String, String>)>,
}

impl DotDiagram {
    fn node(&self, id: &str) -> &HashMap<String, String> {
        &self
            .nodes
            .iter()
            .find(|(n, _)| n == id)
            .unwrap_or_else(|| panic!("no node `{id}`"))
            .1
    }
}

/// Reads one DOT quoted string at the start of `text`: its value (with `\"` and `\\`
/// undone) and the rest of the text.
fn dot_string(text: &str) -> (String, &str) {
    let body = text
        .strip_prefix('"')
        .unwrap_or_else(|| panic!("expected a quoted string at `{text}`"));
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, &body[i + 1..]),
            '\\' => match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                other => panic!("unexpected escape {other:?} in `{text}`"),
            },
            '\n' | '\r' => panic!("raw line break in a quoted string: `{text}`"),
            c => value.push(c),
        }
    }
    panic!("unterminated string `{text}`")
}

/// Reads `[name="value", …]` (every value quoted, as the generator writes them).
fn dot_attributes(text: &str) -> (HashMap<String, String>, &str) {
    let mut attributes = HashMap::new();
    let Some(mut rest) = text.trim_start().strip_prefix('[') else {
        return (attributes, text);
    };
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(']') {
            return (attributes, after);
        }
        let (name, after) = rest.split_once('=').expect("attribute without `=`");
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric()),
            "odd attribute name `{name}`"
        );
        let (value, after) = dot_string(after);
        attributes.insert(name.to_string(), value);
        rest = after.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

/// Reads a generated digraph: header comments, `digraph "name" {`, default attribute
/// statements, then node and edge statements with quoted ids, then `}`.
fn read_dot(text: &str) -> DotDiagram {
    let mut diagram = DotDiagram::default();
    let mut lines = text.lines().skip_while(|l| l.starts_with("//"));
    let open = lines.next().expect("no digraph");
    let rest = open.strip_prefix("digraph ").expect("not a digraph");
    let (_, rest) = dot_string(rest);
    assert_eq!(rest, " {");
    let mut closed = false;
    for line in lines {
        assert!(!closed, "text after the closing brace: `{line}`");
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == "}" {
            closed = true;
            continue;
        }
        if ["graph ", "node ", "edge "]
            .iter()
            .any(|k| line.starts_with(k))
        {
            let (_, rest) = dot_attributes(line.split_once(' ').unwrap().1);
            assert_eq!(rest, ";", "`{line}`");
            continue;
        }
        let (from, rest) = dot_string(line);
        if let Some(rest) = rest.strip_prefix(" -> ") {
            let (to, rest) = dot_string(rest);
            let (attributes, rest) = dot_attributes(rest);
            assert_eq!(rest, ";", "`{line}`");
            diagram.edges.push((from, to, attributes));
        } else {
            let (attributes, rest) = dot_attributes(rest);
            assert_eq!(rest, ";", "`{line}`");
            assert!(
                diagram.nodes.iter().all(|(n, _)| *n != from),
                "node `{from}` declared twice"
            );
            diagram.nodes.push((from, attributes));
        }
    }
    assert!(closed, "digraph not closed:\n{text}");
    diagram
}

// ------------------------------------------------------------------------------------------
// Graphviz
// ------------------------------------------------------------------------------------------

/// Runs `dot -Tsvg` on `text`, failing on a non-zero exit.
fn graphviz_accepts(what: &str, text: &str) {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run dot");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "dot -Tsvg rejected {what} ({}):\n{}\n{text}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("<svg"),
        "dot -Tsvg produced no SVG for {what}"
    );
}

// ------------------------------------------------------------------------------------------
// The tests
// ------------------------------------------------------------------------------------------

#[test]
fn one_file_per_flow_and_child_flow() {
    for (name, bytes) in examples() {
        let def = load(&name, &bytes);
        let source = Source::new(&def, &name, &bytes);
        let stems: Vec<String> = expected(&def).into_iter().map(|e| e.name).collect();
        for (files, extension) in [
            (mermaid::generate(&source), "mmd"),
            (dot::generate(&source), "dot"),
        ] {
            let want: Vec<String> = stems.iter().map(|s| format!("{s}.{extension}")).collect();
            assert_eq!(paths(&files), want, "{name}");
            for file in &files {
                let comment = if extension == "mmd" { "%%" } else { "//" };
                assert!(
                    file.contents.starts_with(&source.header(comment)),
                    "{name}: {} does not start with the header",
                    file.path.display()
                );
                assert!(file.contents.contains(GENERATED_MARKER));
            }
        }
    }
}

#[test]
fn mermaid_shows_every_queue_transition_and_terminal() {
    for (name, bytes) in examples() {
        let def = load(&name, &bytes);
        let source = Source::new(&def, &name, &bytes);
        let files = mermaid::generate(&source);
        for flow in expected(&def) {
            let path = format!("{}.mmd", flow.name);
            let text = &file_named(&files, &path).contents;
            let diagram = read_mermaid(text);
            let at = format!("{name} {path}");

            let mut declared: Vec<&str> = diagram.ids.keys().map(String::as_str).collect();
            declared.sort();
            assert_eq!(declared, flow.queues(), "{at}: states");
            let id = |queue: &str| diagram.ids[queue].clone();
            let mut edges = diagram.edges.clone();
            let mut take = |from: String, to: String, label: &dyn Fn(&str) -> bool| {
                let found = edges
                    .iter()
                    .position(|(f, t, l)| *f == from && *t == to && label(l))
                    .unwrap_or_else(|| panic!("{at}: no edge {from} --> {to} as wanted:\n{text}"));
                edges.remove(found);
            };

            take("[*]".into(), id(flow.initial), &|l| l.is_empty());
            for t in flow.transitions {
                let words = Expected::label_words(t);
                take(id(&t.from.value), id(&t.to.value), &|l| {
                    words.iter().all(|w| l.contains(w.as_str())) && !l.contains("fail")
                });
            }
            for (from, to, label) in flow.failure_routes() {
                take(id(from), id(to), &|l| l == label);
            }
            for queue in flow.queues() {
                let terminal = is_terminal(&def, queue);
                assert_eq!(
                    diagram.terminal_class.contains(&id(queue)),
                    terminal,
                    "{at}: class terminal on {queue}"
                );
                if terminal {
                    take(id(queue), "[*]".into(), &|l| l.is_empty());
                }
            }
            assert!(edges.is_empty(), "{at}: unexpected edges {edges:?}");
        }
    }
}

#[test]
fn dot_shows_every_queue_transition_and_terminal() {
    for (name, bytes) in examples() {
        let def = load(&name, &bytes);
        let source = Source::new(&def, &name, &bytes);
        let files = dot::generate(&source);
        for flow in expected(&def) {
            let path = format!("{}.dot", flow.name);
            let text = &file_named(&files, &path).contents;
            let diagram = read_dot(text);
            let at = format!("{name} {path}");

            let start = "[*]";
            assert_eq!(diagram.node(start)["shape"], "point", "{at}");
            let mut queues: Vec<&str> = diagram
                .nodes
                .iter()
                .map(|(n, _)| n.as_str())
                .filter(|n| *n != start)
                .collect();
            queues.sort();
            assert_eq!(queues, flow.queues(), "{at}: nodes");
            for queue in flow.queues() {
                let node = diagram.node(queue);
                assert_eq!(node["label"], queue, "{at}");
                let terminal = is_terminal(&def, queue);
                assert_eq!(
                    node.get("peripheries").map(String::as_str) == Some("2"),
                    terminal,
                    "{at}: {queue} terminal marking"
                );
            }

            let mut edges = diagram.edges.clone();
            let mut take =
                |from: &str, to: &str, want: &dyn Fn(&HashMap<String, String>) -> bool| {
                    let found = edges
                        .iter()
                        .position(|(f, t, a)| f == from && t == to && want(a))
                        .unwrap_or_else(|| {
                            panic!("{at}: no edge {from} -> {to} as wanted:\n{text}")
                        });
                    edges.remove(found);
                };
            take(start, flow.initial, &|a| a.is_empty());
            for t in flow.transitions {
                let words = Expected::label_words(t);
                take(&t.from.value, &t.to.value, &|a| {
                    let label = a.get("label").map_or("", String::as_str);
                    words.iter().all(|w| label.contains(w.as_str())) && !a.contains_key("style")
                });
            }
            for (from, to, label) in flow.failure_routes() {
                take(from, to, &|a| {
                    a.get("label") == Some(&label)
                        && a.get("style").map(String::as_str) == Some("dashed")
                });
            }
            assert!(edges.is_empty(), "{at}: unexpected edges {edges:?}");
        }
    }
}

#[test]
fn dot_is_accepted_by_graphviz() {
    require_graphviz();
    for (name, bytes) in examples() {
        let def = load(&name, &bytes);
        let source = Source::new(&def, &name, &bytes);
        for file in dot::generate(&source) {
            graphviz_accepts(&format!("{name} {}", file.path.display()), &file.contents);
        }
    }
}

#[test]
fn generation_is_deterministic() {
    for (name, bytes) in examples() {
        let first = load(&name, &bytes);
        let second = load(&name, &bytes);
        let a = Source::new(&first, &name, &bytes);
        let b = Source::new(&second, &name, &bytes);
        assert_eq!(mermaid::generate(&a), mermaid::generate(&b), "{name}");
        assert_eq!(mermaid::generate(&a), mermaid::generate(&a), "{name}");
        assert_eq!(dot::generate(&a), dot::generate(&b), "{name}");
        assert_eq!(dot::generate(&a), dot::generate(&a), "{name}");
    }
}

// ------------------------------------------------------------------------------------------
// Hostile names: the checker never lets these through, but the generators must not produce
// a broken diagram (or a path outside the output directory) even if it did.
// ------------------------------------------------------------------------------------------

fn sp(text: &str) -> Spanned<String> {
    Spanned::new(text.to_string(), 0..0)
}

fn named<T>(name: &str, value: T) -> Named<T> {
    Named {
        name: sp(name),
        value,
    }
}

fn hostile_definition() -> Definition {
    let weird_queue = "x -> y: z; #w %%{init} \"q\" \\";
    let transitions = vec![
        Transition {
            from: sp("in\"coming"),
            to: sp(weird_queue),
            role: Some(sp("direction LR")),
            agent: Some(sp("a\nb\r\nc")),
            checks: Some(vec![sp("ci: green; #1"), sp("back\\slash")]),
            on_checks_fail: Some(sp("failed")),
            conditions: Some(vec![Condition {
                name: Some(sp("end\" ]; x -> y")),
                kind: Some(Spanned::new(ConditionKind::Agent, 0..0)),
                on_fail: Some(sp("[*]")),
                skip: Some(Spanned::new(true, 0..0)),
                ..Condition::default()
            }]),
            description: Some(sp("desc \" with \\ and\nnewline")),
            ..Transition::default()
        },
        Transition {
            from: sp(weird_queue),
            to: sp("done"),
            conditions: Some(vec![Condition {
                name: None,
                kind: None,
                ..Condition::default()
            }]),
            ..Transition::default()
        },
        Transition {
            from: sp("[*]"),
            to: sp(""),
            ..Transition::default()
        },
    ];
    Definition {
        queues: NameMap::from_iter([named(
            weird_queue,
            Queue {
                description: Some(sp("line one\nline \"two\"")),
                terminal: Some(Spanned::new(true, 0..0)),
                outcome: None,
            },
        )]),
        flows: NameMap::from_iter([named(
            "../we\"ird/flow",
            Flow {
                description: Some(sp("}\n digraph x {")),
                initial: Some(sp("in\"coming")),
                transitions: transitions.clone(),
                child_flow: Some(Box::new(ChildFlow {
                    transitions,
                    ..ChildFlow::default()
                })),
                malformed: false,
            },
        )]),
        ..Definition::default()
    }
}

#[test]
fn hostile_names_cannot_break_the_diagrams() {
    let def = hostile_definition();
    let source = Source::new(&def, "hostile.octolint.yaml", b"");
    let mermaid_files = mermaid::generate(&source);
    let dot_files = dot::generate(&source);
    assert_eq!(mermaid_files.len(), 2);
    assert_eq!(dot_files.len(), 2);
    for file in mermaid_files.iter().chain(&dot_files) {
        assert_eq!(
            file.path.components().count(),
            1,
            "{} leaves the output directory",
            file.path.display()
        );
    }
    // The flow's six distinct queues (one of them empty, one named like the start marker)
    // stay six states, each terminal one marked; the child flow adds `incoming`, its
    // default initial queue.
    for (file, states) in mermaid_files.iter().zip([6, 7]) {
        let diagram = read_mermaid(&file.contents);
        assert_eq!(diagram.ids.len(), states, "{}", file.contents);
        assert_eq!(diagram.terminal_class.len(), 3, "{}", file.contents);
    }
    require_graphviz();
    for (file, states) in dot_files.iter().zip([6, 7]) {
        let diagram = read_dot(&file.contents);
        // Ids round-trip exactly (newlines aside, which DOT ids cannot hold raw).
        for queue in [
            "in\"coming",
            "x -> y: z; #w %%{init} \"q\" \\",
            "failed",
            "done",
            "[*]",
            "",
        ] {
            assert!(
                diagram.nodes.iter().any(|(n, _)| n == queue),
                "no node {queue:?} in:\n{}",
                file.contents
            );
        }
        // The start marker is not confused with the queue named `[*]`.
        assert_eq!(diagram.nodes.len(), states + 1, "{}", file.contents);
        let terminal = diagram
            .nodes
            .iter()
            .filter(|(_, a)| a.get("peripheries").is_some_and(|p| p == "2"))
            .count();
        assert_eq!(terminal, 3, "{}", file.contents);
        graphviz_accepts(&file.path.display().to_string(), &file.contents);
    }
}

// ------------------------------------------------------------------------------------------
// Snapshots
// ------------------------------------------------------------------------------------------

fn joined(files: &[GeneratedFile]) -> String {
    files
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.path.display(), f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn octopoid_default_snapshots() {
    let name = "octopoid-default.octolint.yaml";
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("flows")
            .join(name),
    )
    .unwrap();
    let def = load(name, &bytes);
    let source = Source::new(&def, name, &bytes);
    insta::assert_snapshot!(
        "octopoid_default_mermaid",
        joined(&mermaid::generate(&source))
    );
    insta::assert_snapshot!("octopoid_default_dot", joined(&dot::generate(&source)));
}
