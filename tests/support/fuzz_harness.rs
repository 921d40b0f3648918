//! The bodies of the fuzz targets in `fuzz/`, shared with `tests/fuzz_regressions.rs`, which
//! replays every input fuzzing ever found a problem with (`tests/fixtures/fuzz/<target>/`).
//! Each function takes the fuzzer's bytes and panics when an invariant breaks.

#![allow(dead_code)]

use std::collections::HashMap;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use octolint::diagnostic::Report;
use octolint::generate::{Source, Target};
use octolint::pipeline::check_definition;
use serde_json::{Value, json};

#[path = "invariants.rs"]
mod invariants;

pub use invariants::{assert_spans_inside, render_every_format};

/// `check`: any bytes load and check without panicking, and every finding is inside the file.
pub fn check(data: &[u8]) {
    let (report, _) = check_definition("fuzz.octolint.yaml", data);
    assert_spans_inside(&report);
    if let Ok(text) = std::str::from_utf8(data) {
        reload_matches_load(text);
    }
}

/// Parsing an edit of `text` again from its tree ([`octolint::yaml::reload`]) gives what
/// parsing the edited text whole gives. The edit is chosen from the text's own bytes.
fn reload_matches_load(text: &str) {
    const INSERTS: &[&str] = &[
        "", "x", "\n", " ", ":", "- ", "#", "\"", "{", "|", "\n  k: v",
    ];
    let seed = text.bytes().fold(0usize, |sum, b| {
        sum.wrapping_mul(31).wrapping_add(b as usize)
    });
    let mut at = seed % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + (seed >> 8) % 4).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let insert = INSERTS[(seed >> 12) % INSERTS.len()];
    let edited = format!("{}{insert}{}", &text[..at], &text[end..]);
    let reloaded = octolint::yaml::reload(text, octolint::yaml::load(text), &edited);
    assert_eq!(
        reloaded,
        octolint::yaml::load(&edited),
        "{text:?} edited into {edited:?}"
    );
}

/// `render`: any bytes check, render in every format, fix, and (when clean) generate every
/// target.
pub fn render(data: &[u8]) {
    let (report, definition) = check_definition("fuzz.octolint.yaml", data);
    assert_spans_inside(&report);
    let reports = [report];
    render_every_format(&reports);
    let [report] = reports;
    if let Ok(text) = std::str::from_utf8(data) {
        let fixed = octolint::fix::fix_text("fuzz.octolint.yaml", text);
        if fixed.fixes == 0 {
            assert_eq!(fixed.text, text, "no fix applied, yet the text changed");
        }
    }
    if let Some(def) = definition.filter(|_| !report.has_errors()) {
        let source = Source::new(&def, "fuzz.octolint.yaml", data);
        for target in Target::ALL {
            // A target may refuse (payloads without an orchestrator); it may not panic.
            let _ = target.generate(&source);
        }
    }
}

/// Reads the fuzzer's bytes as a sequence of choices; past the end every read is zero.
pub struct Bytes<'a>(pub &'a [u8]);

impl Bytes<'_> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn byte(&mut self) -> u8 {
        let Some((&first, rest)) = self.0.split_first() else {
            return 0;
        };
        self.0 = rest;
        first
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    /// Up to `max` bytes, as text (invalid UTF-8 replaced).
    pub fn text(&mut self, max: usize) -> String {
        let len = usize::from(self.u16()) % (max + 1);
        let len = len.min(self.0.len());
        let (taken, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(taken).into_owned()
    }
}

/// Valid definitions that mutations start from, so most documents are nearly right.
pub const SEEDS: [&str; 5] = [
    include_str!("../../flows/octopoid-default.octolint.yaml"),
    include_str!("../../flows/multi-gate-review.octolint.yaml"),
    include_str!("../../flows/orchestrator-workers.octolint.yaml"),
    include_str!("../fixtures/gen/tricky.octolint.yaml"),
    "version: 1\nroles:\n  implement: {}\nagents:\n  implementer: {role: implement}\nflows:\n  default:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\n",
];

/// Documents the LSP target works on: two definitions, an untitled buffer (also a
/// definition) and YAML that is not a definition (never linted).
const URIS: [&str; 4] = [
    "file:///w/octolint.yaml",
    "file:///w/team.octolint.yml",
    "untitled:Untitled-1",
    "file:///w/other.yaml",
];

fn is_definition(uri: &str) -> bool {
    uri != URIS[3]
}

/// A document text: raw bytes, or a seed with a slice replaced by fuzzer bytes.
fn document(input: &mut Bytes) -> String {
    if input.byte().is_multiple_of(3) {
        return input.text(4096);
    }
    let seed = SEEDS[input.below(SEEDS.len())];
    let mut text = seed.to_string();
    let mut at = usize::from(input.u16()) % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + usize::from(input.byte())).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let insert = input.text(64);
    text.replace_range(at..end, &insert);
    text
}

fn position(input: &mut Bytes) -> Value {
    // Mostly near the text, sometimes far outside it.
    let (line, character) = if input.byte() < 240 {
        (input.below(120) as u32, input.below(100) as u32)
    } else {
        (u32::from(input.u16()) * 1000, u32::MAX)
    };
    json!({"line": line, "character": character})
}

/// What the client expects from the server, replayed from what it sent.
#[derive(Default)]
struct Expected {
    /// Request ids sent before `exit`, each to be answered exactly once.
    requests: Vec<RequestId>,
    /// The text of each open definition after each message that publishes diagnostics.
    published: HashMap<String, Vec<Option<String>>>,
}

/// `lsp`: a session of opens, edits, closes, requests (with odd positions and params),
/// cancellations, malformed and unknown messages, and shutdown, decoded from the bytes.
/// The server must answer every request exactly once, publish diagnostics inside the text
/// they are for, and end its loop without error.
pub fn lsp(data: &[u8]) {
    let mut input = Bytes(data);
    let (server, client) = Connection::memory();
    let mut expected = Expected::default();
    let mut open: HashMap<String, String> = HashMap::new();
    // Per document, the expected publication of its last change while a later change could
    // still replace it (see `octolint::lsp`: queued changes are coalesced).
    let mut superseded: HashMap<String, usize> = HashMap::new();
    let encoding = ["utf-8", "utf-16", "utf-32"][input.below(3)];
    let send = |message: Message| client.sender.send(message).unwrap();
    send(Message::Request(Request::new(
        RequestId::from(0),
        "initialize".into(),
        json!({"capabilities": {"general": {"positionEncodings": [encoding]}}}),
    )));
    send(Message::Notification(Notification::new(
        "initialized".into(),
        json!({}),
    )));
    let mut next_id = 1;
    let mut exited = false;
    let mut steps = 0;
    while !input.is_empty() && steps < 64 && !exited {
        steps += 1;
        let uri = URIS[input.below(URIS.len())].to_string();
        let document_id = json!({"uri": uri});
        let op = input.below(16);
        let (method, params, is_request) = match op {
            0 | 1 => {
                let text = document(&mut input);
                if is_definition(&uri) {
                    open.insert(uri.clone(), text.clone());
                    expected
                        .published
                        .entry(uri.clone())
                        .or_default()
                        .push(Some(text.clone()));
                }
                let version = i32::from(input.u16() as i16);
                (
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}}),
                    false,
                )
            }
            2..=4 => {
                let changes = input.below(3);
                let texts: Vec<String> = (0..changes).map(|_| document(&mut input)).collect();
                if let Some(last) = texts.last() {
                    // A change queued right behind an earlier one, with nothing in between
                    // that could observe it, replaces it: the server analyses only the last.
                    if let Some(at) = superseded.remove(&uri) {
                        expected.published.get_mut(&uri).unwrap().remove(at);
                    }
                    if let Some(current) = open.get_mut(&uri) {
                        *current = last.clone();
                        let published = expected.published.entry(uri.clone()).or_default();
                        published.push(Some(last.clone()));
                        superseded.insert(uri.clone(), published.len() - 1);
                    }
                }
                let changes: Vec<Value> = texts.iter().map(|t| json!({"text": t})).collect();
                (
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": input.u16()}, "contentChanges": changes}),
                    false,
                )
            }
            5 => {
                open.remove(&uri);
                // Closing publishes an empty list, for any document.
                expected
                    .published
                    .entry(uri.clone())
                    .or_default()
                    .push(None);
                (
                    "textDocument/didClose",
                    json!({"textDocument": document_id}),
                    false,
                )
            }
            6 => (
                "textDocument/hover",
                json!({"textDocument": document_id, "position": position(&mut input)}),
                true,
            ),
            7 => (
                "textDocument/definition",
                json!({"textDocument": document_id, "position": position(&mut input)}),
                true,
            ),
            8 => (
                "textDocument/references",
                json!({"textDocument": document_id, "position": position(&mut input), "context": {"includeDeclaration": input.byte().is_multiple_of(2)}}),
                true,
            ),
            9 => (
                "textDocument/completion",
                json!({"textDocument": document_id, "position": position(&mut input)}),
                true,
            ),
            10 => (
                "textDocument/prepareRename",
                json!({"textDocument": document_id, "position": position(&mut input)}),
                true,
            ),
            11 => (
                "textDocument/rename",
                json!({"textDocument": document_id, "position": position(&mut input), "newName": input.text(24)}),
                true,
            ),
            12 => (
                "textDocument/codeAction",
                json!({"textDocument": document_id, "range": {"start": position(&mut input), "end": position(&mut input)}, "context": {"diagnostics": []}}),
                true,
            ),
            13 => (
                "textDocument/documentSymbol",
                json!({"textDocument": document_id}),
                true,
            ),
            14 => (
                "$/cancelRequest",
                json!({"id": next_id - 1 - input.below(3) as i32}),
                false,
            ),
            _ => {
                // A method the server may not know, with whatever params the bytes give.
                let methods = [
                    "shutdown",
                    "exit",
                    "workspace/symbol",
                    "textDocument/hover",
                    "textDocument/didOpen",
                    "$/setTrace",
                ];
                let method = methods[input.below(methods.len())];
                let params: Value = serde_json::from_str(&input.text(256)).unwrap_or(Value::Null);
                let is_request = input.byte().is_multiple_of(2);
                if method == "exit" && !is_request {
                    exited = true;
                }
                if method == "textDocument/didOpen" && !is_request {
                    // Only well-formed params open a document: replay what the server reads.
                    if let Ok(open_params) = serde_json::from_value::<
                        lsp_types::DidOpenTextDocumentParams,
                    >(params.clone())
                    {
                        let uri = open_params.text_document.uri.as_str().to_string();
                        let name = uri.rsplit('/').next().unwrap_or_default().to_string();
                        if !uri.starts_with("file:") || octolint::source::is_definition_name(&name)
                        {
                            let text = open_params.text_document.text;
                            open.insert(uri.clone(), text.clone());
                            expected.published.entry(uri).or_default().push(Some(text));
                        }
                    }
                }
                (method, params, is_request)
            }
        };
        // Anything a request or a message about a document could observe ends coalescing.
        let carries_text = params["contentChanges"]
            .as_array()
            .is_some_and(|changes| !changes.is_empty());
        if is_request {
            superseded.clear();
        } else if (method != "textDocument/didChange" || !carries_text)
            && let Some(about) = params["textDocument"]["uri"].as_str()
        {
            superseded.remove(about);
        }
        if is_request {
            let id = RequestId::from(next_id);
            next_id += 1;
            expected.requests.push(id.clone());
            send(Message::Request(Request::new(id, method.into(), params)));
        } else {
            send(Message::Notification(Notification::new(
                method.into(),
                params,
            )));
        }
    }
    let Connection { sender, receiver } = client;
    drop(sender);
    let result = octolint::lsp::serve(server);
    assert!(result.is_ok(), "the server loop failed: {result:?}");

    let mut answered: HashMap<RequestId, usize> = HashMap::new();
    let mut published: HashMap<String, Vec<Value>> = HashMap::new();
    for message in receiver.try_iter() {
        match message {
            Message::Response(response) => *answered.entry(response.id).or_default() += 1,
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                let uri = n.params["uri"].as_str().unwrap().to_string();
                published
                    .entry(uri)
                    .or_default()
                    .push(n.params["diagnostics"].clone());
            }
            Message::Notification(_) => {}
            Message::Request(request) => panic!("the server sent a request: {request:?}"),
        }
    }
    assert_eq!(answered.remove(&RequestId::from(0)), Some(1), "initialize");
    for id in &expected.requests {
        assert_eq!(
            answered.remove(id),
            Some(1),
            "request {id:?} not answered exactly once"
        );
    }
    assert!(
        answered.is_empty(),
        "answers to requests never sent: {answered:?}"
    );
    // Each publication's ranges lie inside the text it was made for.
    for (uri, publications) in published {
        let texts = expected.published.remove(&uri).unwrap_or_default();
        assert_eq!(publications.len(), texts.len(), "publications for {uri}");
        for (diagnostics, text) in publications.iter().zip(&texts) {
            let diagnostics = diagnostics.as_array().unwrap();
            let Some(text) = text else {
                assert!(diagnostics.is_empty(), "closing {uri} published findings");
                continue;
            };
            let lines: Vec<&str> = text.split('\n').collect();
            for d in diagnostics {
                for end in ["start", "end"] {
                    let line = d["range"][end]["line"].as_u64().unwrap() as usize;
                    let character = d["range"][end]["character"].as_u64().unwrap() as usize;
                    assert!(line < lines.len(), "{uri}: line {line} of {}", lines.len());
                    let units = match encoding {
                        "utf-8" => lines[line].len(),
                        "utf-16" => lines[line].encode_utf16().count(),
                        _ => lines[line].chars().count(),
                    };
                    assert!(
                        character <= units,
                        "{uri}: character {character} of {units}"
                    );
                }
            }
        }
    }
    for (uri, texts) in expected.published {
        assert!(
            texts.is_empty(),
            "{uri}: {} publications missing",
            texts.len()
        );
    }
}

/// File names the `octopoid` target fills, in order, from pieces of its input.
pub const OCTOPOID_FILES: [&str; 7] = [
    "config.yaml",
    "agents.yaml",
    "flows/default.yaml",
    "flows/project.yaml",
    "agents/implementer/agent.yaml",
    "agents/gatekeeper/agent.yaml",
    "jobs.yaml",
];

/// Separates the files of an `octopoid` input.
pub const OCTOPOID_SEPARATOR: &[u8] = b"\n---8<---\n";

/// `octopoid`: an Octopoid project made of the input's pieces is checked and imported without
/// panicking; every finding is inside its file and every format renders; an import's
/// definition checks without panicking too.
pub fn octopoid(data: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(".octopoid");
    let mut rest = data;
    for name in OCTOPOID_FILES {
        let (piece, next) = match find(rest, OCTOPOID_SEPARATOR) {
            Some(at) => (&rest[..at], &rest[at + OCTOPOID_SEPARATOR.len()..]),
            None => (rest, &[][..]),
        };
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, piece).unwrap();
        rest = next;
        if rest.is_empty() {
            break;
        }
    }
    let options = octolint::octopoid::ProjectOptions::default();
    if let Ok(native) = octolint::pipeline::check_project(&root, &options) {
        for report in &native.reports {
            assert_spans_inside(report);
        }
        render_every_format(&native.reports);
    }
    if let Ok(import) = octolint::pipeline::import_project(&root, &options) {
        let (report, _): (Report, _) = check_definition("octolint.yaml", import.yaml.as_bytes());
        assert_spans_inside(&report);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
