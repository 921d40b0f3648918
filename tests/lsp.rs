//! The language server end to end, in process: a client on an in-memory connection drives
//! `octolint::lsp::serve` through every feature, multibyte positions and robustness cases.
//! One test also runs the real binary over stdio with malformed input.

use std::collections::VecDeque;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response, ResponseError};
use serde_json::{Value, json};

const URI: &str = "file:///project/octolint.yaml";

const DEFINITION: &str = "version: 1
queues:
  provisional: {description: Awaiting review}
roles:
  implement: {description: Write the code}
  review: {description: Review the PR, claims_from: provisional}
agents:
  implementer: {role: implement, model: sonnet}
  gatekeeper: {role: review}
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      \"claimed -> provisional\": {}
      provisional -> done:
        role: review
        conditions:
          - {name: gatekeeper_review, type: agent, agent: gatekeeper, on_fail: incoming}
";

struct Client {
    connection: Connection,
    next_id: i32,
    notifications: VecDeque<Notification>,
    server: Option<JoinHandle<Result<u8, String>>>,
}

impl Client {
    fn start(capabilities: Value) -> (Self, Value) {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || octolint::lsp::serve(server_side));
        let mut client = Client {
            connection: client_side,
            next_id: 0,
            notifications: VecDeque::new(),
            server: Some(server),
        };
        let result = client
            .request("initialize", json!({"capabilities": capabilities}))
            .expect("initialize succeeds");
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn default() -> Self {
        Self::start(json!({})).0
    }

    fn notify(&self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, ResponseError> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .unwrap();
        loop {
            match self.receive() {
                Message::Response(Response {
                    id: got,
                    response_result,
                }) if got == id => return response_result,
                Message::Notification(n) => self.notifications.push_back(n),
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(Duration::from_secs(10))
            .expect("the server answers")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let notification = match self.notifications.pop_front() {
                Some(n) => n,
                None => match self.receive() {
                    Message::Notification(n) => n,
                    other => panic!("unexpected message {other:?}"),
                },
            };
            if notification.method == "textDocument/publishDiagnostics"
                && notification.params["uri"] == uri
            {
                return notification.params["diagnostics"]
                    .as_array()
                    .unwrap()
                    .clone();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri)
    }

    fn at(
        &mut self,
        method: &str,
        position: (u32, u32),
        extra: Value,
    ) -> Result<Value, ResponseError> {
        let mut params = json!({
            "textDocument": {"uri": URI},
            "position": {"line": position.0, "character": position.1},
        });
        if let (Value::Object(params), Value::Object(extra)) = (&mut params, extra) {
            params.extend(extra);
        }
        self.request(method, params)
    }

    fn shutdown(mut self) -> u8 {
        self.request("shutdown", Value::Null).unwrap();
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().unwrap()
    }
}

/// The 0-based line and UTF-16 column of the first occurrence of `needle` (after `skip`
/// earlier occurrences) in `text`.
fn find(text: &str, needle: &str, skip: usize) -> (u32, u32) {
    let offset = text
        .match_indices(needle)
        .nth(skip)
        .expect("needle present")
        .0;
    let line = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let column = text[line_start..offset].encode_utf16().count();
    (line as u32, column as u32)
}

fn start_of(range: &Value) -> (u32, u32) {
    (
        range["start"]["line"].as_u64().unwrap() as u32,
        range["start"]["character"].as_u64().unwrap() as u32,
    )
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (at, c) in text[line_start..].char_indices() {
            if units >= character || c == '\n' {
                return line_start + at;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn diagnostics_are_those_of_check_and_follow_open_change_close() {
    let mut client = Client::default();
    let broken = DEFINITION.replace("{role: implement, model", "{role: implementer, model");
    let published = client.open(URI, &broken);
    let report = octolint::pipeline::check_bytes("octolint.yaml", broken.as_bytes());
    assert_eq!(published.len(), report.diagnostics.len());
    for (lsp, cli) in published.iter().zip(&report.diagnostics) {
        assert_eq!(lsp["code"], cli.rule.name);
        assert_eq!(lsp["data"]["code"], cli.rule.code);
        assert_eq!(lsp["message"], cli.message.as_str());
        assert_eq!(lsp["source"], "octolint");
        let at = report.file.position(cli.span.start);
        assert_eq!(
            start_of(&lsp["range"]),
            ((at.line - 1) as u32, (at.column - 1) as u32)
        );
    }
    assert_eq!(published[0]["code"], "agent-role-mismatch");
    assert_eq!(
        start_of(&published[0]["range"]),
        find(&broken, "implementer, model", 0)
    );

    assert!(
        client.change(URI, 2, DEFINITION).is_empty(),
        "fixed on change"
    );
    let syntax = client.change(URI, 3, "version: 1\nroles: {implement: [}\n");
    assert_eq!(syntax[0]["code"], "yaml-syntax");

    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    assert!(client.diagnostics(URI).is_empty(), "cleared on close");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn positions_are_exact_on_multibyte_lines_in_every_encoding() {
    let text = "version: 1\nroles: {implement: {description: \"café ☕ 😀\"}}\nagents:\n  a: {description: \"日本語 😀\", role: reveiw}\n";
    for (offered, expected_unit) in [
        (json!(null), "utf-16"),
        (json!(["utf-8", "utf-16"]), "utf-8"),
        (json!(["utf-32"]), "utf-32"),
    ] {
        let capabilities = if offered.is_null() {
            json!({})
        } else {
            json!({"general": {"positionEncodings": offered}})
        };
        let (mut client, init) = Client::start(capabilities);
        assert_eq!(init["capabilities"]["positionEncoding"], expected_unit);
        let published = client.open(URI, text);
        let diagnostic = published
            .iter()
            .find(|d| d["code"] == "unknown-role")
            .unwrap();
        let line = text.lines().nth(3).unwrap();
        let byte = line.find("reveiw").unwrap();
        let character = match expected_unit {
            "utf-8" => byte,
            "utf-16" => line[..byte].encode_utf16().count(),
            _ => line[..byte].chars().count(),
        };
        assert_eq!(
            start_of(&diagnostic["range"]),
            (3, character as u32),
            "{expected_unit}"
        );
        assert_eq!(
            diagnostic["range"]["end"]["character"],
            character + "reveiw".len()
        );
        client.shutdown();
    }
}

#[test]
fn hover_summarises_names_and_documents_keys() {
    let mut client = Client::default();
    client.open(URI, DEFINITION);
    let role = client
        .at(
            "textDocument/hover",
            find(DEFINITION, "role: review", 0),
            json!({}),
        )
        .unwrap();
    // The cursor is on `role`, a key: its documentation.
    assert!(
        role["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("`role`: "),
        "{role}"
    );
    let (line, column) = find(DEFINITION, "role: review}", 0);
    let hover = client
        .at("textDocument/hover", (line, column + 7), json!({}))
        .unwrap();
    let value = hover["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{hover}"));
    assert!(value.starts_with("**role** `review`"), "{value}");
    assert!(value.contains("Review the PR"));
    assert!(value.contains("claims from: `provisional`"));
    assert!(value.contains("agents: `gatekeeper`"));
    assert!(
        value.contains("flow `default`: `provisional -> done`"),
        "{value}"
    );
    let queue = client
        .at(
            "textDocument/hover",
            find(DEFINITION, "provisional -> done", 0),
            json!({}),
        )
        .unwrap();
    let value = queue["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("**queue** `provisional`") && value.contains("claimed by roles: `review`"),
        "{value}"
    );
    let (line, column) = find(DEFINITION, "provisional -> done", 0);
    let done = client
        .at("textDocument/hover", (line, column + 16), json!({}))
        .unwrap();
    let value = done["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("**queue** `done` (built-in, terminal, ends in success)"),
        "{value}"
    );
    let claims = client
        .at(
            "textDocument/hover",
            find(DEFINITION, "claims_from", 0),
            json!({}),
        )
        .unwrap();
    assert!(
        claims["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Defaults to `incoming`")
    );
    let nothing = client.at("textDocument/hover", (0, 9), json!({})).unwrap();
    assert!(nothing.is_null());
    client.shutdown();
}

#[test]
fn definition_and_references_cover_transition_keys() {
    let mut client = Client::default();
    client.open(URI, DEFINITION);
    // From the quoted transition key `"claimed -> provisional"` to the queue's definition.
    let (line, column) = find(DEFINITION, "provisional\": {}", 0);
    let target = client
        .at("textDocument/definition", (line, column + 2), json!({}))
        .unwrap();
    assert_eq!(target["uri"], URI);
    assert_eq!(
        start_of(&target["range"]),
        find(DEFINITION, "provisional: {description", 0)
    );
    let (line, column) = find(DEFINITION, "gatekeeper, on_fail", 0);
    let agent = client
        .at("textDocument/definition", (line, column), json!({}))
        .unwrap();
    assert_eq!(
        start_of(&agent["range"]),
        find(DEFINITION, "gatekeeper: {role", 0)
    );
    let builtin = client
        .at(
            "textDocument/definition",
            find(DEFINITION, "incoming -> claimed", 0),
            json!({}),
        )
        .unwrap();
    assert!(
        builtin.is_null(),
        "built-in queues have no definition in the file"
    );

    let (line, column) = find(DEFINITION, "provisional: {description", 0);
    let all = client
        .at(
            "textDocument/references",
            (line, column),
            json!({"context": {"includeDeclaration": true}}),
        )
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 4, "{all}");
    let uses = client
        .at(
            "textDocument/references",
            (line, column),
            json!({"context": {"includeDeclaration": false}}),
        )
        .unwrap();
    assert_eq!(uses.as_array().unwrap().len(), 3);
    client.shutdown();
}

fn labels(completion: &Value) -> Vec<String> {
    completion
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_names_values_and_keys() {
    let mut client = Client::default();
    let text = DEFINITION.replace("gatekeeper: {role: review}", "gatekeeper: {role: rev}");
    client.open(URI, &text);
    let (line, column) = find(&text, "rev}", 0);
    let roles = client
        .at("textDocument/completion", (line, column + 3), json!({}))
        .unwrap();
    assert_eq!(labels(&roles), ["implement", "review"]);
    let edit = &roles[1]["textEdit"];
    assert_eq!(
        start_of(&edit["range"]),
        (line, column),
        "replaces the typed prefix"
    );

    let typing = format!("{DEFINITION}      provisional -> \n");
    client.change(URI, 2, &typing);
    let last = typing.lines().count() as u32 - 1;
    let queues = client
        .at("textDocument/completion", (last, 21), json!({}))
        .unwrap();
    assert_eq!(
        labels(&queues),
        ["incoming", "claimed", "done", "failed", "provisional"]
    );

    // While the file does not parse, names come from the last version that did.
    let broken = format!("{DEFINITION}  extra: {{role: \n  [\n");
    client.change(URI, 4, &broken);
    let (line, column) = find(&broken, "{role: \n", 0);
    let names = client
        .at("textDocument/completion", (line, column + 7), json!({}))
        .unwrap();
    assert_eq!(labels(&names), ["implement", "review"]);
    let keys_text = DEFINITION.replace(
        "  review: {description",
        "  review:\n    cla\n  reviewx: {description",
    );
    client.change(URI, 5, &keys_text);
    let (line, _) = find(&keys_text, "    cla\n", 0);
    let keys = client
        .at("textDocument/completion", (line, 7), json!({}))
        .unwrap();
    let keys = labels(&keys);
    for key in [
        "claims_from",
        "description",
        "interface",
        "tools",
        "escalation",
    ] {
        assert!(
            keys.contains(&key.to_string()),
            "{key} missing from {keys:?}"
        );
    }
    assert!(
        !keys.contains(&"role".to_string()),
        "an agent's key is not a role's: {keys:?}"
    );
    let keys = client
        .at("textDocument/completion", (line, 7), json!({}))
        .unwrap();
    let claims = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["label"] == "claims_from")
        .unwrap();
    assert!(
        claims["documentation"]
            .as_str()
            .unwrap()
            .contains("claim tasks from")
    );

    let condition_type = DEFINITION.replace("type: agent,", "type: ag,");
    client.change(URI, 6, &condition_type);
    let (line, column) = find(&condition_type, "ag,", 0);
    let types = client
        .at("textDocument/completion", (line, column + 2), json!({}))
        .unwrap();
    assert_eq!(labels(&types), ["agent", "script", "manual"]);
    client.shutdown();
}

#[test]
fn rename_updates_every_occurrence_and_refuses_bad_renames() {
    let mut client = Client::default();
    client.open(URI, DEFINITION);
    let (line, column) = find(DEFINITION, "provisional -> done", 0);
    let prepared = client
        .at("textDocument/prepareRename", (line, column + 3), json!({}))
        .unwrap();
    assert_eq!(prepared["placeholder"], "provisional");
    assert_eq!(start_of(&prepared["range"]), (line, column));

    let renamed = client
        .at(
            "textDocument/rename",
            (line, column),
            json!({"newName": "in_review"}),
        )
        .unwrap();
    let edits = renamed["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 4);
    let after = apply(DEFINITION, edits);
    assert!(after.contains("\"claimed -> in_review\"") && after.contains("in_review -> done"));
    assert!(after.contains("claims_from: in_review") && !after.contains("provisional"));
    // Every occurrence is renamed, so nothing is unknown; the one finding is the server's
    // own: a claim leaves a task in `provisional` only, so the reviewer now claims it into
    // `claimed`, where the accept is refused.
    let findings: Vec<&str> = octolint::pipeline::check_bytes("x.yaml", after.as_bytes())
        .diagnostics
        .iter()
        .map(|d| d.rule.name)
        .collect();
    assert_eq!(findings, ["accept-after-claim"]);

    let (line, column) = find(DEFINITION, "implement: {description", 0);
    let role = client
        .at(
            "textDocument/rename",
            (line, column),
            json!({"newName": "build"}),
        )
        .unwrap();
    assert_eq!(role["changes"][URI].as_array().unwrap().len(), 3);

    let builtin = client.at(
        "textDocument/prepareRename",
        find(DEFINITION, "incoming -> claimed", 0),
        json!({}),
    );
    assert!(builtin.unwrap_err().message.contains("built-in"));
    let invalid = client.at(
        "textDocument/rename",
        (line, column),
        json!({"newName": "2 fast"}),
    );
    assert!(invalid.unwrap_err().message.contains("not a valid name"));
    let taken = client.at(
        "textDocument/rename",
        (line, column),
        json!({"newName": "Review"}),
    );
    assert!(taken.unwrap_err().message.contains("already exists"));
    client.shutdown();
}

#[test]
fn code_actions_apply_suggestions_and_add_suppressions() {
    let mut client = Client::default();
    let text = DEFINITION.replace("agent: gatekeeper,", "agent: gatekeper,");
    let published = client.open(URI, &text);
    let diagnostic = published
        .iter()
        .find(|d| d["code"] == "unknown-agent")
        .unwrap()
        .clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        )
        .unwrap();
    let actions = actions.as_array().unwrap();
    assert_eq!(actions[0]["title"], "Replace `gatekeper` with `gatekeeper`");
    assert_eq!(actions[0]["isPreferred"], true);
    let fixed = apply(
        &text,
        actions[0]["edit"]["changes"][URI].as_array().unwrap(),
    );
    assert_eq!(fixed, DEFINITION);
    assert_eq!(actions[1]["title"], "Suppress `unknown-agent` on this line");
    let suppressed = apply(
        &text,
        actions[1]["edit"]["changes"][URI].as_array().unwrap(),
    );
    assert!(
        suppressed.contains("on_fail: incoming}  # octolint: ignore[unknown-agent]"),
        "{suppressed}"
    );
    assert!(
        octolint::pipeline::check_bytes("x.yaml", suppressed.as_bytes())
            .diagnostics
            .is_empty()
    );
    client.shutdown();
}

#[test]
fn document_symbols_outline_the_definition() {
    let mut client = Client::default();
    client.open(URI, DEFINITION);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}}),
        )
        .unwrap();
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["queues", "roles", "agents", "flows"]);
    assert_eq!(
        start_of(&symbols[1]["selectionRange"]),
        find(DEFINITION, "roles:", 0)
    );
    assert_eq!(symbols[1]["selectionRange"]["end"]["character"], 5);
    let flow = &symbols[3]["children"][0];
    assert_eq!(flow["name"], "default");
    let transitions: Vec<&str> = flow["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        transitions,
        [
            "incoming -> claimed",
            "claimed -> provisional",
            "provisional -> done"
        ]
    );
    assert_eq!(flow["children"][2]["detail"], "review");
    client.shutdown();
}

#[test]
fn odd_requests_are_answered_and_never_crash_the_server() {
    let mut client = Client::default();
    let unknown = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(
        unknown.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    let invalid = client.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(
        invalid.unwrap_err().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    let unopened = client.at("textDocument/hover", (0, 0), json!({}));
    assert!(
        unopened.unwrap().is_null(),
        "a document the server does not have: null"
    );
    // YAML that is not a definition is not linted.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///project/.github/workflows/ci.yml", "languageId": "yaml", "version": 1, "text": "on: push\n"}}),
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///project/.github/workflows/ci.yml"}}),
    );
    assert!(symbols.unwrap().is_null(), "not kept as a definition");
    // A change to a document that was never opened is ignored.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///other.yaml", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    client.notify("$/cancelRequest", json!({"id": 99}));
    client.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    client.open(URI, DEFINITION);
    for position in [(999, 999), (0, 999), (3, 9999)] {
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
            "textDocument/prepareRename",
        ] {
            let _ = client.at(method, position, json!({}));
        }
    }
    // Invalid YAML: requests still answer.
    client.change(URI, 2, "version: 1\nroles: [\n");
    assert!(
        client
            .at("textDocument/hover", (1, 2), json!({}))
            .unwrap()
            .is_null()
    );
    assert!(
        client
            .request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": URI}})
            )
            .unwrap()
            .is_null()
    );
    let rename = client.at("textDocument/rename", (1, 2), json!({"newName": "x"}));
    assert!(rename.unwrap_err().message.contains("does not parse"));
    // The server still works.
    assert!(client.change(URI, 3, DEFINITION).is_empty());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn shutdown_and_exit_follow_the_protocol() {
    let mut client = Client::default();
    client.request("shutdown", Value::Null).unwrap();
    let after = client.request("textDocument/hover", json!({}));
    assert_eq!(
        after.unwrap_err().code,
        lsp_server::ErrorCode::InvalidRequest as i32
    );
    client.notify("exit", Value::Null);
    assert_eq!(client.server.take().unwrap().join().unwrap(), Ok(0));

    let client = Client::default();
    client.notify("exit", Value::Null);
    let mut client = client;
    assert_eq!(
        client.server.take().unwrap().join().unwrap(),
        Ok(1),
        "exit without shutdown"
    );
}

#[test]
fn the_binary_survives_malformed_input_on_stdio() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let mut input = String::new();
    input +=
        &frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    input += &frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
    input += &frame("{this is not json");
    input += "Content-Length: nope\r\n\r\n";
    input += &frame(r#"{"jsonrpc":"2.0","id":2,"method":7}"#);
    input += &frame(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#);
    input += &frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    let mut child = Command::new(env!("CARGO_BIN_EXE_octolint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let status = child.wait().unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stdout}");
    // Only protocol on stdout: every chunk is a framed JSON-RPC message.
    let bodies: Vec<Value> = stdout
        .split("Content-Length: ")
        .filter(|chunk| !chunk.is_empty())
        .map(|chunk| serde_json::from_str(chunk.split_once("\r\n\r\n").unwrap().1).unwrap())
        .collect();
    assert_eq!(bodies.len(), 3, "{stdout}");
    assert_eq!(bodies[1]["id"], 2);
    assert_eq!(bodies[1]["error"]["code"], -32600);
    assert_eq!(bodies[2]["id"], 3);
    assert!(bodies[2]["result"].is_null());
}

const POLICY: &str = "version: 1
policy: {models: [sonnet, opus]}
roles:
  plan: {kind: plan, interface: orchestrate, tools: [Read], forbidden_commands: [git push], model: opus,
         escalation: {blocked: {to: plan, recovery: revise}}}
  code: {kind: build, interface: worker, tools: [Read, Edit], escalation: {default: {to: plan, recovery: reroute}}}
chains:
  feature:
    description: Plan then build.
    steps:
      - {role: plan, hands_off: plan}
      - {role: code, needs: [plan]}
";

#[test]
fn policy_names_get_completion_hover_and_navigation() {
    let mut client = Client::default();
    client.open(URI, POLICY);
    // Go to definition from a chain step's role, and from an escalation target.
    let (line, column) = find(POLICY, "role: code, needs", 0);
    let target = client
        .at("textDocument/definition", (line, column + 6), json!({}))
        .unwrap();
    assert_eq!(start_of(&target["range"]), find(POLICY, "code: {kind", 0));
    let (line, column) = find(POLICY, "to: plan, recovery: reroute", 0);
    let target = client
        .at("textDocument/definition", (line, column + 4), json!({}))
        .unwrap();
    assert_eq!(start_of(&target["range"]), find(POLICY, "plan: {kind", 0));
    // Hover: a role's policy, and a chain.
    let (line, column) = find(POLICY, "plan: {kind", 0);
    let hover = client
        .at("textDocument/hover", (line, column + 1), json!({}))
        .unwrap();
    let value = hover["contents"]["value"].as_str().unwrap();
    for part in [
        "kind: `plan`",
        "interface: `orchestrate`",
        "may: `create`, `assign`",
        "tools: `Read`",
        "never runs: `git push`",
        "model `opus`",
        "when blocked: revise via `plan`",
        "in chains: `feature`",
    ] {
        assert!(value.contains(part), "{part} missing from {value}");
    }
    let (line, column) = find(POLICY, "feature:", 0);
    let chain = client
        .at("textDocument/hover", (line, column + 1), json!({}))
        .unwrap();
    let value = chain["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("**chain** `feature`") && value.contains("`plan` → `code`"),
        "{value}"
    );

    // Completion of the new values and names.
    let typing = POLICY.replace("recovery: reroute", "recovery: re");
    client.change(URI, 2, &typing);
    let (line, column) = find(&typing, "recovery: re}", 0);
    let recovery = client
        .at("textDocument/completion", (line, column + 12), json!({}))
        .unwrap();
    assert_eq!(
        labels(&recovery),
        ["retry", "revise", "review", "split", "reroute", "add-role"]
    );
    let typing = POLICY.replace("model: opus", "model: o");
    client.change(URI, 3, &typing);
    let (line, column) = find(&typing, "model: o,", 0);
    let models = client
        .at("textDocument/completion", (line, column + 8), json!({}))
        .unwrap();
    assert_eq!(labels(&models), ["sonnet", "opus"]);
    let typing = POLICY.replace("interface: worker", "interface: w");
    client.change(URI, 4, &typing);
    let (line, column) = find(&typing, "interface: w,", 0);
    let interfaces = client
        .at("textDocument/completion", (line, column + 12), json!({}))
        .unwrap();
    assert_eq!(labels(&interfaces), ["orchestrate", "worker"]);
    let (line, column) = find(&typing, "tools: [Read, Edit]", 0);
    let tools = client
        .at("textDocument/completion", (line, column + 14), json!({}))
        .unwrap();
    assert_eq!(labels(&tools), ["Read", "Edit"]);
    client.shutdown();
}

/// A client that can pull diagnostics gets them by `textDocument/diagnostic` and none pushed
/// (a client that does both would list each twice); the `unused-*` findings are tagged
/// unnecessary, so editors fade the text.
#[test]
fn diagnostics_are_pulled_by_clients_that_can_and_unused_text_is_tagged() {
    let (mut client, result) = Client::start(json!({"textDocument": {"diagnostic": {}}}));
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "octolint"
    );
    let text = DEFINITION
        .replace("agents:\n", "agents:\n  idle: {role: spare}\n")
        .replace("roles:\n", "roles:\n  spare: {claims_from: nowhere}\n");
    let text = text.replace("queues:\n", "queues:\n  nowhere: {}\n");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .unwrap();
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap();
    let unused: Vec<&Value> = items
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("unused-"))
        .collect();
    assert!(!unused.is_empty(), "{items:?}");
    for d in &unused {
        assert_eq!(d["tags"], json!([1]), "{d}");
    }
    for d in items
        .iter()
        .filter(|d| !d["code"].as_str().unwrap().starts_with("unused-"))
    {
        assert!(d.get("tags").is_none(), "{d}");
    }
    // Nothing was pushed: the only messages were answers.
    assert!(
        client
            .notifications
            .iter()
            .all(|n| n.method != "textDocument/publishDiagnostics"),
        "diagnostics were pushed to a pulling client"
    );
    // YAML that is no definition has no findings.
    let other = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": "file:///tmp/other.yaml"}}),
        )
        .unwrap();
    assert_eq!(other["items"], json!([]));
    client.shutdown();
}

/// `--stdio`, which language clients add for the stdio transport (vscode-languageclient
/// does), starts the same server: a full session ends with exit code 0.
#[test]
fn the_stdio_flag_clients_add_is_accepted() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let input = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","method":"exit"}"#,
    ]
    .map(frame)
    .concat();
    let mut child = Command::new(env!("CARGO_BIN_EXE_octolint"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(r#""serverInfo""#), "{stdout}");
}

/// Every diagnostics notification until each of `uris` has had one; the last for each.
fn published(client: &mut Client, uris: &[&str]) -> std::collections::HashMap<String, Vec<Value>> {
    let mut found = std::collections::HashMap::new();
    while uris.iter().any(|u| !found.contains_key(*u)) {
        let notification = match client.notifications.pop_front() {
            Some(n) => n,
            None => match client.receive() {
                Message::Notification(n) => n,
                other => panic!("unexpected message {other:?}"),
            },
        };
        if notification.method == "textDocument/publishDiagnostics" {
            let uri = notification.params["uri"].as_str().unwrap().to_string();
            found.insert(
                uri,
                notification.params["diagnostics"]
                    .as_array()
                    .unwrap()
                    .clone(),
            );
        }
    }
    found
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

/// A file of an `.octopoid/` project: opening it lints the whole project and publishes to each
/// file, open or not; an edit re-lints with the unsaved text (here fixing the role that a flow
/// in another file names); hover and definition reach across the project's files; closing the
/// file lints the text on disk again. A client that pulls diagnostics still gets these pushed.
#[test]
fn an_octopoid_project_is_linted_as_a_whole_with_unsaved_text() {
    let dir = tempfile::tempdir().unwrap();
    // A space in the path: URIs are percent-encoded both ways.
    let root = dir.path().join("svc a/.octopoid");
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let agent = "role: implementer\nmodel: sonnet\n";
    let flow = "name: default\ntransitions:\n  \"incoming -> claimed\": {agent: implement}\n  \"claimed -> provisional\": {}\n  \"provisional -> done\": {agent: gatekeeper}\n";
    let reviewer = "name: gatekeeper\nrole: review\nclaim_from: provisional\n";
    write("agents/implementer/agent.yaml", agent);
    write("agents/reviewer/agent.yaml", reviewer);
    write("flows/default.yaml", flow);
    let base = format!("file://{}", root.display()).replace(' ', "%20");
    let agent_uri = format!("{base}/agents/implementer/agent.yaml");
    let reviewer_uri = format!("{base}/agents/reviewer/agent.yaml");
    let flow_uri = format!("{base}/flows/default.yaml");

    let (mut client, _) = Client::start(json!({"textDocument": {"diagnostic": {}}}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": agent_uri, "languageId": "yaml", "version": 1, "text": agent}}),
    );
    let found = published(&mut client, &[&agent_uri, &reviewer_uri, &flow_uri]);
    assert_eq!(codes(&found[&agent_uri]), ["agent-role-mismatch"]);
    assert_eq!(
        codes(&found[&flow_uri]),
        ["flow-agent-unmatched"],
        "a file not open"
    );
    assert_eq!(codes(&found[&reviewer_uri]), Vec::<&str>::new());
    let unmatched = &found[&flow_uri][0];
    assert_eq!(start_of(&unmatched["range"]), find(flow, "implement}", 0));

    // Quick fixes in a project's file: the finding's suggestion, or a suppression comment.
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": agent_uri},
                   "range": {"start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 8}},
                   "context": {"diagnostics": []}}),
        )
        .unwrap();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace `implementer` with `implement`",
            "Suppress `agent-role-mismatch` on this line"
        ],
        "{actions}"
    );
    let fix = &actions[0]["edit"]["changes"][&agent_uri];
    assert_eq!(
        apply(agent, fix.as_array().unwrap()),
        "role: implement\nmodel: sonnet\n"
    );
    let suppress = &actions[1]["edit"]["changes"][&agent_uri];
    assert_eq!(
        apply(agent, suppress.as_array().unwrap()),
        "role: implementer  # octolint: ignore[agent-role-mismatch]\nmodel: sonnet\n"
    );

    // The unsaved fix to the agent's role clears the finding in the flow that names it.
    client.change(&agent_uri, 2, "role: implement\nmodel: sonnet\n");
    let found = published(&mut client, &[&flow_uri]);
    assert_eq!(codes(&found[&flow_uri]), Vec::<&str>::new());

    // Hover and definition from the flow (not open) work once it is opened.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": flow_uri, "languageId": "yaml", "version": 1, "text": flow}}),
    );
    published(&mut client, &[&flow_uri]);
    let at = |needle: &str| {
        let (line, character) = find(flow, needle, 0);
        json!({"textDocument": {"uri": flow_uri}, "position": {"line": line, "character": character + 1}})
    };
    let hover = client
        .request("textDocument/hover", at("implement}"))
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("`implementer` (by role)"), "{text}");
    let definition = client
        .request("textDocument/definition", at("implement}"))
        .unwrap();
    assert_eq!(definition["uri"], agent_uri, "{definition}");
    assert_eq!(start_of(&definition["range"]), (0, 6), "the agent's role");
    let definition = client
        .request("textDocument/definition", at("gatekeeper"))
        .unwrap();
    assert_eq!(definition["uri"], reviewer_uri, "{definition}");
    assert_eq!(start_of(&definition["range"]), (0, 6), "the agent's name");
    let hover = client.request("textDocument/hover", at("default")).unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("**flow** `default`") && text.contains("3 transitions"),
        "{text}"
    );

    // Hover on a role names the agents that claim it, from another file.
    let role_at =
        json!({"textDocument": {"uri": agent_uri}, "position": {"line": 0, "character": 8}});
    let hover = client
        .request("textDocument/hover", role_at.clone())
        .unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("**role** `implement`") && text.contains("`implementer` (from `incoming`)"),
        "{text}"
    );

    // References to the role reach the flow that names it by role; to the agent `gatekeeper`,
    // its `name:` in another file.
    let mut locations = |params: Value| -> Vec<(String, (u32, u32))> {
        let found = client.request("textDocument/references", params).unwrap();
        let mut found: Vec<(String, (u32, u32))> = found
            .as_array()
            .unwrap_or_else(|| panic!("no locations: {found}"))
            .iter()
            .map(|l| {
                (
                    l["uri"].as_str().unwrap().to_string(),
                    start_of(&l["range"]),
                )
            })
            .collect();
        found.sort();
        found
    };
    let flow_at = |needle: &str| find(flow, needle, 0);
    let role_references = |include: bool| {
        json!({"textDocument": {"uri": agent_uri}, "position": {"line": 0, "character": 8},
               "context": {"includeDeclaration": include}})
    };
    assert_eq!(
        locations(role_references(true)),
        [
            (agent_uri.clone(), (0, 6)),
            (flow_uri.clone(), flow_at("implement}"))
        ]
    );
    assert_eq!(
        locations(role_references(false)),
        [(flow_uri.clone(), flow_at("implement}"))]
    );
    let mut gatekeeper = at("gatekeeper");
    gatekeeper["context"] = json!({"includeDeclaration": true});
    assert_eq!(
        locations(gatekeeper),
        [
            (reviewer_uri.clone(), (0, 6)),
            (flow_uri.clone(), flow_at("gatekeeper"))
        ]
    );

    // Completion offers the project's names: a flow's `agent:` takes agents, blueprints and
    // roles; `claim_from` the states of the flows.
    let mut labels = |params: Value| -> Vec<String> {
        let found = client.request("textDocument/completion", params).unwrap();
        found
            .as_array()
            .unwrap_or_else(|| panic!("no items: {found}"))
            .iter()
            .map(|item| item["label"].as_str().unwrap().to_string())
            .collect()
    };
    let performers = labels(at("implement}"));
    for expected in [
        "implementer",
        "implement",
        "gatekeeper",
        "reviewer",
        "review",
    ] {
        assert!(
            performers.iter().any(|l| l == expected),
            "{expected}: {performers:?}"
        );
    }
    let (line, character) = find(reviewer, "provisional", 0);
    let queues = labels(json!({"textDocument": {"uri": reviewer_uri},
                               "position": {"line": line, "character": character + 2}}));
    for expected in ["incoming", "claimed", "provisional", "done"] {
        assert!(
            queues.iter().any(|l| l == expected),
            "{expected}: {queues:?}"
        );
    }
    assert!(!queues.iter().any(|l| l == "implementer"), "{queues:?}");

    // Renaming the role edits every file that names it: the agent's `role:` and the flow's
    // `agent:` that matches agents by it. An agent's name is not renamed.
    let prepared = client
        .request("textDocument/prepareRename", role_at.clone())
        .unwrap();
    assert_eq!(prepared["placeholder"], "implement", "{prepared}");
    let mut rename = role_at.clone();
    rename["newName"] = json!("build");
    let edit = client.request("textDocument/rename", rename).unwrap();
    let changes = &edit["changes"];
    let agent_edits = changes[&agent_uri].as_array().unwrap();
    assert_eq!(
        apply("role: implement\nmodel: sonnet\n", agent_edits),
        "role: build\nmodel: sonnet\n"
    );
    let flow_edits = changes[&flow_uri].as_array().unwrap();
    assert_eq!(
        apply(flow, flow_edits),
        flow.replace("{agent: implement}", "{agent: build}")
    );
    assert_eq!(changes.as_object().unwrap().len(), 2, "{edit}");
    let mut agent_name = at("gatekeeper");
    agent_name["newName"] = json!("judge");
    let refused = client
        .request("textDocument/rename", agent_name)
        .unwrap_err();
    assert!(
        refused.message.contains("agent's name"),
        "{}",
        refused.message
    );
    let mut invalid = role_at.clone();
    invalid["newName"] = json!("2 builders");
    let refused = client.request("textDocument/rename", invalid).unwrap_err();
    assert!(
        refused.message.contains("not a valid name"),
        "{}",
        refused.message
    );

    // Closed unsaved, the agent's file is read from disk again: the mistake is back.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": agent_uri}}),
    );
    let found = published(&mut client, &[&agent_uri, &flow_uri]);
    assert_eq!(codes(&found[&agent_uri]), ["agent-role-mismatch"]);
    assert_eq!(codes(&found[&flow_uri]), ["flow-agent-unmatched"]);

    // Pulled diagnostics for a project file are empty: they are pushed.
    let pulled = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": flow_uri}}),
        )
        .unwrap();
    assert_eq!(pulled["items"], json!([]));
    client.shutdown();
}

/// The version and number of findings of every `publishDiagnostics` the client received.
fn versions_published(client: &Connection) -> Vec<(i64, usize)> {
    client
        .receiver
        .try_iter()
        .filter_map(|message| match message {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => Some((
                n.params["version"].as_i64().expect("a version"),
                n.params["diagnostics"].as_array().unwrap().len(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn changes_queued_behind_each_other_are_analysed_once() {
    // Everything is queued before the server starts, as when typing outpaces the analysis:
    // the server then reads each change with the ones behind it already waiting.
    let (server_side, client_side) = Connection::memory();
    let send = |message: Message| client_side.sender.send(message).unwrap();
    let notify = |method: &str, params: Value| {
        send(Message::Notification(Notification::new(
            method.into(),
            params,
        )))
    };
    let change = |version: i32, text: &str| {
        notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version},
                   "contentChanges": [{"text": text}]}),
        )
    };
    let broken = DEFINITION.replace("{role: implement, model", "{role: implementer, model");
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"capabilities": {}}),
    )));
    notify("initialized", json!({}));
    notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": broken}}),
    );
    for version in 2..21 {
        change(
            version,
            if version % 2 == 0 {
                DEFINITION
            } else {
                &broken
            },
        );
    }
    // Version 21 replaces all of these; a request between it and 22 must see 21, so 21 is
    // analysed too.
    change(21, DEFINITION);
    send(Message::Request(Request::new(
        RequestId::from(2),
        "textDocument/hover".into(),
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
    )));
    change(22, &broken);
    send(Message::Request(Request::new(
        RequestId::from(3),
        "shutdown".into(),
        json!(null),
    )));
    notify("exit", json!(null));

    let code = octolint::lsp::serve(server_side).expect("the server runs");
    assert_eq!(code, 0);
    let published = versions_published(&client_side);
    let versions: Vec<i64> = published.iter().map(|(v, _)| *v).collect();
    assert_eq!(versions, [1, 21, 22], "{published:?}");
    assert!(published[0].1 > 0, "version 1 is the broken text");
    assert_eq!(published[1].1, 0, "version 21 is the clean text");
    assert!(published[2].1 > 0, "version 22 is the broken text");
}

#[test]
fn a_queued_change_the_server_would_not_apply_replaces_nothing() {
    // A change with no text, or with params that do not read, is ignored by the server: the
    // change queued before it must still be analysed, or its text would be lost.
    let (server_side, client_side) = Connection::memory();
    let send = |message: Message| client_side.sender.send(message).unwrap();
    let notify = |method: &str, params: Value| {
        send(Message::Notification(Notification::new(
            method.into(),
            params,
        )))
    };
    let broken = DEFINITION.replace("{role: implement, model", "{role: implementer, model");
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"capabilities": {}}),
    )));
    notify("initialized", json!({}));
    notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": DEFINITION}}),
    );
    notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": []}),
    );
    notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": "four"}, "contentChanges": [{"text": DEFINITION}]}),
    );
    send(Message::Request(Request::new(
        RequestId::from(2),
        "shutdown".into(),
        json!(null),
    )));
    notify("exit", json!(null));

    assert_eq!(
        octolint::lsp::serve(server_side).expect("the server runs"),
        0
    );
    let published = versions_published(&client_side);
    assert_eq!(published.len(), 2, "{published:?}");
    assert_eq!(published[1].0, 2, "version 2 is analysed: {published:?}");
    assert!(published[1].1 > 0, "version 2 is the broken text");
}
