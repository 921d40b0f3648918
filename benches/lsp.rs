//! Live diagnostics: the time from a one-character edit (`didChange`) to the published
//! diagnostics, through the real server on an in-memory connection, for a typical file (an
//! example of ~7 KB) and the ~1 MB synthetic definition (`benches/support/synth.rs`).

/// The allocator the `octolint` binary uses, so the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: octolint::allocator::Allocator = octolint::allocator::Allocator {};

#[path = "support/synth.rs"]
mod synth;

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

/// Opens `text` in a fresh server, then measures publishing diagnostics after alternately
/// applying and undoing a one-character edit (`from` → `to`), as typing does.
fn rediagnose_after_edit(c: &mut Criterion, name: &str, text: String, from: &str, to: &str) {
    octolint::allocator::configure(octolint::allocator::Workload::Server);
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
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": text}}),
    )));
    wait_for_diagnostics(&client);

    let edited = text.replacen(from, to, 1);
    assert_ne!(edited, text, "the edit applies");
    let mut version = 1;
    c.bench_function(name, |b| {
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

fn typical_file(c: &mut Criterion) {
    rediagnose_after_edit(
        c,
        "lsp: diagnostics after a one-character edit (typical file)",
        typical(),
        "Write the code",
        "Write the cade",
    );
}

fn large_file(c: &mut Criterion) {
    let text = synth::generate(synth::Options {
        bytes: synth::MEDIUM,
        seed: 1,
        errors: true,
    });
    // A description in the middle of the file, so the whole file is analysed again.
    let at = text.len() / 2
        + text[text.len() / 2..]
            .find("description: ")
            .expect("a description");
    let from = text[at..].lines().next().expect("a line").to_string();
    let to = from.replacen("description: ", "description: X", 1);
    rediagnose_after_edit(
        c,
        "lsp: diagnostics after a one-character edit (1 MB file)",
        text,
        &from,
        &to,
    );
}

criterion_group! {
    name = typical_group;
    config = Criterion::default();
    targets = typical_file
}
criterion_group! {
    name = large_group;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(10));
    targets = large_file
}
criterion_main!(typical_group, large_group);
