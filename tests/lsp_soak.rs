//! A long session against the real `octolint lsp` process: thousands of random opens, edits
//! (valid, broken and binary-looking documents), closes, requests at random positions,
//! cancellations, malformed frames and unknown methods. The server answers every request
//! throughout, its memory stays flat once warm, and it exits cleanly on shutdown and exit.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Operations in the session.
const OPERATIONS: usize = 3000;
/// How long one answer may take before the server counts as unresponsive (generous: the
/// unoptimised test build on a loaded machine).
const ANSWER_WITHIN: Duration = Duration::from_secs(20);

/// A deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SEEDS: [&str; 4] = [
    include_str!("../flows/octopoid-default.octolint.yaml"),
    include_str!("../flows/multi-gate-review.octolint.yaml"),
    include_str!("fixtures/gen/tricky.octolint.yaml"),
    "version: 1\nroles:\n  implement: {}\nagents:\n  implementer: {role: implement}\nflows:\n  default:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\n",
];

const FRAGMENTS: [&str; 16] = [
    "",
    ":",
    "- ",
    "{",
    "]",
    "\n",
    "\t",
    "&a ",
    "*a",
    "<<: *a",
    "!custom ",
    "é😀",
    "\u{feff}",
    "implementer",
    "role: ",
    "\r\n",
];

/// A document: a seed, edited a little or a lot, or garbage.
fn document(rng: &mut Rng) -> String {
    if rng.chance(5) {
        return (0..rng.below(200))
            .map(|_| char::from_u32(rng.below(0x2FF) as u32).unwrap_or('?'))
            .collect();
    }
    let mut text = SEEDS[rng.below(SEEDS.len())].to_string();
    for _ in 0..rng.below(4) {
        let mut at = rng.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + rng.below(30)).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(at..end, FRAGMENTS[rng.below(FRAGMENTS.len())]);
    }
    text
}

struct Session {
    child: Child,
    stdin: ChildStdin,
    /// Everything the server wrote to stderr (read as it comes, so the pipe never fills).
    stderr: std::thread::JoinHandle<String>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications seen while waiting for answers, by method.
    notifications: HashMap<String, usize>,
}

impl Session {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_octolint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut err_pipe = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err_pipe.read_to_string(&mut text);
            text
        });
        let (to_test, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                let value: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if to_test.send(value).is_err() {
                    return;
                }
            }
        });
        Self {
            child,
            stdin,
            stderr,
            incoming,
            next_id: 1,
            notifications: HashMap::new(),
        }
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Waits for the answer to `id`, counting the notifications that come before it.
    fn answer(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + ANSWER_WITHIN;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no answer to request {id} within {ANSWER_WITHIN:?}")
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server closed its output waiting for {id}")
                }
            };
            if let Some(method) = message["method"].as_str() {
                *self.notifications.entry(method.to_string()).or_default() += 1;
                continue;
            }
            assert_eq!(message["id"], json!(id), "answers come in order: {message}");
            return message;
        }
    }

    /// The server's resident memory, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

#[test]
fn thousands_of_random_operations() {
    let mut rng = Rng(0x0C70_11A7);
    let mut session = Session::start();
    let init = session.request(
        "initialize",
        json!({"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}),
    );
    assert!(session.answer(init)["result"]["capabilities"].is_object());
    session.notify("initialized", json!({}));

    let uris: Vec<String> = (0..12)
        .map(|i| match i % 4 {
            0 => format!("file:///soak/{i}/octolint.yaml"),
            1 => format!("file:///soak/team{i}.octolint.yml"),
            2 => format!("untitled:Untitled-{i}"),
            _ => format!("file:///soak/other{i}.yaml"),
        })
        .collect();
    let mut versions: HashMap<String, i32> = HashMap::new();
    let mut answered = 0;
    let mut errors = 0;
    let mut samples = Vec::new();
    for step in 0..OPERATIONS {
        let uri = uris[rng.below(uris.len())].clone();
        let doc = json!({"uri": uri});
        let position = json!({"line": rng.below(60), "character": rng.below(80)});
        match rng.below(20) {
            0..=2 => {
                let version = versions.entry(uri.clone()).or_default();
                *version += 1;
                let params = json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": *version, "text": document(&mut rng)}});
                session.notify("textDocument/didOpen", params);
            }
            3..=8 => {
                let version = versions.entry(uri.clone()).or_default();
                *version += 1;
                let params = json!({"textDocument": {"uri": uri, "version": *version}, "contentChanges": [{"text": document(&mut rng)}]});
                session.notify("textDocument/didChange", params);
            }
            9 => session.notify("textDocument/didClose", json!({"textDocument": doc})),
            10 => {
                // A cancellation of the request just sent (already answered: the server must
                // still answer it exactly once) or of one never sent.
                let id = session.request(
                    "textDocument/hover",
                    json!({"textDocument": doc, "position": position}),
                );
                let cancelled = if rng.chance(50) { id } else { id + 1000 };
                session.notify("$/cancelRequest", json!({"id": cancelled}));
                session.answer(id);
                answered += 1;
            }
            11 => {
                // Garbage: a frame that is not JSON, a request with a bad method type, an
                // unknown method.
                match rng.below(3) {
                    0 => session.write_raw(b"Content-Length: 9\r\n\r\n{not json"),
                    1 => {
                        let id = session.next_id;
                        session.next_id += 1;
                        let body = format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":5}}");
                        session.write_raw(
                            format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes(),
                        );
                        let answer = session.answer(id);
                        assert!(answer["error"].is_object(), "{answer}");
                        errors += 1;
                    }
                    _ => {
                        let id = session.request("workspace/unknownThing", json!({}));
                        assert!(session.answer(id)["error"].is_object());
                        errors += 1;
                    }
                }
            }
            choice => {
                let (method, params) = match choice {
                    12 => (
                        "textDocument/hover",
                        json!({"textDocument": doc, "position": position}),
                    ),
                    13 => (
                        "textDocument/completion",
                        json!({"textDocument": doc, "position": position}),
                    ),
                    14 => (
                        "textDocument/definition",
                        json!({"textDocument": doc, "position": position}),
                    ),
                    15 => (
                        "textDocument/references",
                        json!({"textDocument": doc, "position": position, "context": {"includeDeclaration": true}}),
                    ),
                    16 => ("textDocument/documentSymbol", json!({"textDocument": doc})),
                    17 => (
                        "textDocument/prepareRename",
                        json!({"textDocument": doc, "position": position}),
                    ),
                    18 => (
                        "textDocument/rename",
                        json!({"textDocument": doc, "position": position, "newName": (["fresh", "", "bad name", "done"][rng.below(4)])}),
                    ),
                    _ => (
                        "textDocument/codeAction",
                        json!({"textDocument": doc, "range": {"start": position, "end": {"line": rng.below(99), "character": 0}}, "context": {"diagnostics": []}}),
                    ),
                };
                let id = session.request(method, params);
                let answer = session.answer(id);
                assert!(
                    answer.get("result").is_some() || answer.get("error").is_some(),
                    "{answer}"
                );
                answered += 1;
            }
        }
        if step % 500 == 499 {
            // Synchronise, then sample the server's memory.
            let id = session.request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uris[0]}}),
            );
            session.answer(id);
            samples.push(session.rss_kib());
        }
    }
    assert!(answered > OPERATIONS / 3, "{answered}");
    assert!(errors > 10, "{errors}");
    assert!(session.notifications["textDocument/publishDiagnostics"] > OPERATIONS / 4);

    eprintln!("server memory every 500 operations (KiB): {samples:?}");
    // Memory is flat once warm: the later samples stay near the first.
    let warm = samples[0];
    let peak = *samples.iter().max().unwrap();
    assert!(
        peak <= warm + 32 * 1024,
        "the server's memory grew from {warm} KiB to {peak} KiB: {samples:?}"
    );

    // Clean exit: shutdown answered with null, then exit ends the process with 0.
    let id = session.request("shutdown", Value::Null);
    assert_eq!(session.answer(id)["result"], Value::Null);
    let after = session.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uris[0]}, "position": {"line": 0, "character": 0}}),
    );
    assert!(
        session.answer(after)["error"].is_object(),
        "requests after shutdown are refused"
    );
    session.notify("exit", Value::Null);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = session.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(0));
    let stderr = session.stderr.join().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
}
