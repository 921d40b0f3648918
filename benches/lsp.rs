//! Live diagnostics: the time from a one-character edit (`didChange`) to the published
//! diagnostics, through the real server on an in-memory connection.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;

const URI: &str = "file:///bench/octolint.yaml";

fn typical() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/flows/octopoid-default.octolint.yaml"
    ))
    .expect("the example exists")
}

fn wait_for_diagnostics(client: &Connection) {
    loop {
        match client
            .receiver
            .recv_timeout(Duration::from_secs(10))
            .expect("the server answers")
        {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => return,
            _ => {}
        }
    }
}

fn rediagnose_after_edit(c: &mut Criterion) {
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || octolint::lsp::serve(server));
    let send = |message: Message| client.sender.send(message).unwrap();
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"capabilities": {}}),
    )));
    let _ = client.receiver.recv().unwrap();
    send(Message::Notification(Notification::new(
        "initialized".into(),
        json!({}),
    )));
    let text = typical();
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": text}}),
    )));
    wait_for_diagnostics(&client);

    // Alternate between two texts one character apart, as typing does.
    let edited = text.replacen("Write the code", "Write the cade", 1);
    let mut version = 1;
    c.bench_function("lsp: diagnostics after a one-character edit (typical file)", |b| {
        b.iter(|| {
            version += 1;
            let next = if version % 2 == 0 { &edited } else { &text };
            send(Message::Notification(Notification::new(
                "textDocument/didChange".into(),
                json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": next}]}),
            )));
            wait_for_diagnostics(&client);
        })
    });

    send(Message::Request(Request::new(
        RequestId::from(2),
        "shutdown".into(),
        json!(null),
    )));
    send(Message::Notification(Notification::new(
        "exit".into(),
        json!(null),
    )));
    let _ = handle.join();
}

criterion_group!(benches, rediagnose_after_edit);
criterion_main!(benches);
