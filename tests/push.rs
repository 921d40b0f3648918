//! `octolint push`, `plan` and `status` against the real Octopoid server
//! (`tests/support/server.rs` starts it): registration read back, idempotence, the diff of
//! every kind of change, drift, and the refusals that protect another orchestrator's roles and
//! running tasks. The connection errors — nothing listening, no answer, a 500, a body that is
//! not JSON — cannot be produced on demand by the real server, so those few tests answer
//! from a socket of their own with exactly that failure.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::cargo_bin;
use serde_json::{Value, json};

#[path = "support/server.rs"]
mod server;

use server::Server;

/// A definition with two roles, one flow and one child flow.
const BASE: &str = r#"version: 1
scope: shop
orchestrator: {cluster: prod, machine_id: m1, repo_url: "https://example.com/shop"}
queues:
  provisional: {}
roles:
  implement: {description: Write the code}
  review: {claims_from: provisional}
agents:
  implementer: {role: implement}
  gatekeeper: {role: review}
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      claimed -> provisional: {runs: [push_branch]}
      provisional -> done: {role: review}
steps: [push_branch, run_tests, merge_pr]
"#;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `octolint <args> <definition> --server <url>` with `definition` written to a file.
fn octolint(dir: &Path, text: &str, args: &[&str], server: &str) -> Run {
    octolint_with_key(dir, text, args, server, None)
}

/// [`octolint`] with `OCTOPOID_API_KEY` set to `key`.
fn octolint_with_key(
    dir: &Path,
    text: &str,
    args: &[&str],
    server: &str,
    key: Option<&str>,
) -> Run {
    let path = dir.join("octolint.yaml");
    std::fs::write(&path, text).unwrap();
    let mut command = Command::new(cargo_bin("octolint"));
    command
        .args(args)
        .arg(&path)
        .args(["--server", server])
        .env_remove("OCTOLINT_SERVER")
        .env_remove("OCTOPOID_API_KEY");
    if let Some(key) = key {
        command.env("OCTOPOID_API_KEY", key);
    }
    let output = command.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn role(server: &Server, name: &str) -> Value {
    server
        .get(&format!("/roles/{name}"))
        .expect(200, "GET role")
}

fn flow(server: &Server, name: &str) -> Value {
    let flow = server
        .get(&format!("/flows/{name}?scope=shop"))
        .expect(200, "GET flow");
    json!({
        "states": serde_json::from_str::<Value>(flow["states"].as_str().unwrap()).unwrap(),
        "transitions": serde_json::from_str::<Value>(flow["transitions"].as_str().unwrap()).unwrap(),
    })
}

/// What `octolint gen --target payloads` writes for `text`, by file name.
fn generated(dir: &Path, text: &str, file: &str) -> Value {
    let path = dir.join("gen.octolint.yaml");
    std::fs::write(&path, text).unwrap();
    let out = dir.join("payloads");
    let status = Command::new(cargo_bin("octolint"))
        .arg("gen")
        .arg(&path)
        .args(["--target", "payloads", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success());
    server::read_json(&out.join("payloads").join(file))
}

#[test]
fn push_registers_what_gen_writes_and_a_second_push_changes_nothing() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let url = server.base.as_str();

    let plan = octolint(dir.path(), BASE, &["plan"], url);
    assert_eq!(plan.code, 0, "{}{}", plan.stdout, plan.stderr);
    for line in [
        "orchestrator: register `prod-m1`",
        "+ implement (claims_from: incoming)",
        "+ review (claims_from: provisional)",
        "+ default: 5 transitions; states incoming, claimed, done, failed, provisional, needs_continuation, requires-intervention",
        "+ claimed -> incoming\n",
        "+ incoming -> claimed {\"agent\":\"implement\"}",
    ] {
        assert!(
            plan.stdout.contains(line),
            "no {line:?} in\n{}",
            plan.stdout
        );
    }

    let push = octolint(dir.path(), BASE, &["push"], url);
    assert_eq!(push.code, 0, "{}{}", push.stdout, push.stderr);
    assert!(
        push.stdout
            .contains("✓ register orchestrator (POST /api/v1/orchestrators/register)")
    );
    assert!(
        push.stdout
            .contains("✓ register roles implement, review (POST /api/v1/roles/register)")
    );
    assert!(
        push.stdout
            .contains("✓ register flow default (PUT /api/v1/flows/default)")
    );
    assert!(
        push.stderr.contains("issued the API key of scope `shop`") && push.stderr.contains("oct_"),
        "the first registration's key is handed on once: {}",
        push.stderr
    );

    // Read back: what the server holds is what `gen` writes.
    assert_eq!(role(&server, "review")["claims_from"], "provisional");
    assert_eq!(role(&server, "implement")["description"], "Write the code");
    assert_eq!(role(&server, "review")["orchestrator_id"], "prod-m1");
    let body = generated(dir.path(), BASE, "flows/default.json");
    assert_eq!(flow(&server, "default")["states"], body["states"]);
    assert_eq!(flow(&server, "default")["transitions"], body["transitions"]);

    // The server URL is accepted with `/api/v1` (as here) or without, and shown without.
    let shown = url.trim_end_matches("/api/v1");
    let again = octolint(dir.path(), BASE, &["push"], url);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stdout,
        format!("Nothing to push: {shown} already holds this definition for scope `shop`.\n")
    );
    let status = octolint(dir.path(), BASE, &["status"], url);
    assert_eq!(
        (status.code, status.stdout.as_str()),
        (
            0,
            format!("In sync: {shown} holds this definition for scope `shop`.\n").as_str()
        )
    );

    // The scope's key, from the environment, is sent as a Bearer token and never shown; the
    // server refuses a wrong one, and says so.
    let key = push
        .stderr
        .split("OCTOPOID_API_KEY: ")
        .nth(1)
        .unwrap()
        .trim();
    let keyed = octolint_with_key(dir.path(), BASE, &["status"], url, Some(key));
    assert_eq!(keyed.code, 0, "{}", keyed.stderr);
    assert!(!keyed.stdout.contains(key) && !keyed.stderr.contains(key));
    let wrong = "oct_0000000000000000000000000000000000000000000000000000000000000000";
    let refused = octolint_with_key(dir.path(), BASE, &["status"], url, Some(wrong));
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("failed with HTTP 401: the server says \"Invalid API key\""),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains(wrong) && refused.stdout.is_empty());

    let json = octolint(dir.path(), BASE, &["plan", "--format", "json"], url);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["plan"]["roles"], json!([]));
    assert_eq!(json["plan"]["flows"], json!([]));
    assert_eq!(json["plan"]["register_orchestrator"], false);
}

#[test]
fn plan_shows_every_kind_of_change_and_status_the_drift() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let url = server.base.as_str();
    let with_old_flow = BASE.replace(
        "steps:",
        "  legacy:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\nsteps:",
    );
    let with_old_flow = with_old_flow
        .replace(
            "  review: {claims_from: provisional}\n",
            "  review: {claims_from: provisional}\n  triage: {}\n",
        )
        .replace("agents:\n", "agents:\n  sorter: {role: triage}\n");
    assert_eq!(octolint(dir.path(), &with_old_flow, &["push"], url).code, 0);

    // Every kind of change at once: a role's queue and description, a role added and one
    // gone; a state, transitions added, removed and changed; a flow added and one gone.
    let changed = BASE
        .replace("  provisional: {}\n", "  provisional: {}\n  rework: {}\n")
        .replace(
            "  implement: {description: Write the code}",
            "  implement: {description: Write the code well}\n  fix: {claims_from: rework}",
        )
        .replace("agents:\n", "agents:\n  fixer: {role: fix}\n")
        .replace(
            "      claimed -> provisional: {runs: [push_branch]}\n",
            "      claimed -> provisional: {runs: [push_branch, run_tests]}\n      provisional -> rework: {role: review}\n      rework -> claimed: {role: fix}\n",
        )
        .replace(
            "steps:",
            "  hotfix:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\nsteps:",
        );
    let plan = octolint(dir.path(), &changed, &["plan"], url);
    assert_eq!(plan.code, 0, "{}{}", plan.stdout, plan.stderr);
    for line in [
        "    ~ implement: description: `Write the code` → `Write the code well`",
        "    + fix (claims_from: rework)",
        "    = triage (claims_from: incoming): registered by this orchestrator, no longer defined",
        "    ~ default:",
        "        + state rework",
        "        ~ claimed -> provisional: {\"runs\":[\"push_branch\"]} → {\"runs\":[\"push_branch\",\"run_tests\"]}",
        "        + rework -> claimed {\"agent\":\"fix\"}",
        "    + hotfix: ",
        "    = legacy: on the server, not in the definition; push leaves it",
    ] {
        assert!(
            plan.stdout.contains(line),
            "no {line:?} in\n{}",
            plan.stdout
        );
    }
    assert!(
        !plan.stdout.contains("orchestrator: register"),
        "{}",
        plan.stdout
    );
    // A transition removed, and a role's queue changed.
    let fewer = BASE
        .replace("      claimed -> provisional: {runs: [push_branch]}\n      provisional -> done: {role: review}\n",
                 "      claimed -> done: {}\n")
        .replace("  review: {claims_from: provisional}", "  review: {}")
        .replace("  provisional: {}\n", "");
    let plan = octolint(dir.path(), &fewer, &["plan"], url);
    for line in [
        "    ~ review: claims_from: `provisional` → `incoming`",
        "        - state provisional",
        "        - provisional -> done {\"agent\":\"review\"}",
        "        + claimed -> done",
    ] {
        assert!(
            plan.stdout.contains(line),
            "no {line:?} in\n{}",
            plan.stdout
        );
    }

    let status = octolint(dir.path(), &changed, &["status"], url);
    assert_eq!(status.code, 1, "{}", status.stdout);
    for line in [
        "role `implement` differs: description is `Write the code` on the server, `Write the code well` here",
        "role `fix` is not registered",
        "role `triage` is registered by this orchestrator but no longer defined",
        "flow `default` differs (its states, 3 transitions)",
        "flow `hotfix` is not registered",
        "flow `legacy` is on the server but missing locally",
    ] {
        assert!(
            status.stdout.contains(line),
            "no {line:?} in\n{}",
            status.stdout
        );
    }
    let json = octolint(dir.path(), &changed, &["status", "--format", "json"], url);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["in_sync"], false);
    assert_eq!(json["drift"].as_array().unwrap().len(), 6);
}

#[test]
fn push_refuses_to_reroute_another_orchestrators_role_or_strand_tasks() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let url = server.base.as_str();
    assert_eq!(octolint(dir.path(), BASE, &["push"], url).code, 0);

    // Another team's definition re-points the global role `review`.
    let other = BASE
        .replace("scope: shop", "scope: billing")
        .replace("machine_id: m1", "machine_id: m2")
        .replace("  review: {claims_from: provisional}", "  review: {}")
        .replace(
            "      provisional -> done: {role: review}\n",
            "      provisional -> done: {}\n",
        );
    let refused = octolint(dir.path(), &other, &["push"], url);
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(
        refused.stdout.contains("✗ role `review` is registered by orchestrator `prod-m1` (scope `shop`) with claims_from `provisional`; registering it with `incoming` would re-route"),
        "{}",
        refused.stdout
    );
    assert!(
        refused
            .stderr
            .contains("error: nothing was pushed: 1 reason (pass --force to push anyway)")
    );
    assert_eq!(
        role(&server, "review")["claims_from"],
        "provisional",
        "nothing sent"
    );
    assert!(
        server.get("/orchestrators/prod-m2").status == 404,
        "not even the orchestrator"
    );

    // Open tasks: one carries `implement`, one sits in `provisional`.
    for (id, role, queue) in [
        ("t-impl", "implement", "incoming"),
        ("t-rev", "review", "provisional"),
        ("t-done", "implement", "done"),
    ] {
        server
            .post(
                "/tasks",
                &json!({"id": id, "file_path": format!("{id}.md"), "branch": "main", "scope": "shop", "role": role, "queue": queue, "flow": "default"}),
            )
            .expect(201, "create a task");
    }
    let stranding = BASE
        .replace("  implement: {description: Write the code}\n", "")
        .replace("  implementer: {role: implement}\n", "")
        .replace("      incoming -> claimed: {role: implement}\n", "      incoming -> claimed: {role: review}\n")
        .replace("      claimed -> provisional: {runs: [push_branch]}\n      provisional -> done: {role: review}\n", "      claimed -> done: {}\n")
        .replace("  review: {claims_from: provisional}", "  review: {}")
        .replace("  provisional: {}\n", "");
    let refused = octolint(dir.path(), &stranding, &["push"], url);
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(
        refused.stdout.contains(
            "✗ 1 open task carries role `implement`, which the definition no longer has: t-impl"
        ),
        "{}",
        refused.stdout
    );
    assert!(refused.stdout.contains("✗ 1 open task of flow `default` sits in `provisional`, which flow `default` no longer has: t-rev"), "{}", refused.stdout);
    assert!(
        !refused.stdout.contains("t-done"),
        "a finished task strands nothing"
    );
    assert!(
        flow(&server, "default")["states"]
            .as_array()
            .unwrap()
            .contains(&json!("provisional"))
    );

    let forced = octolint(dir.path(), &stranding, &["push", "--force"], url);
    assert_eq!(forced.code, 0, "{}{}", forced.stdout, forced.stderr);
    assert!(
        forced
            .stdout
            .contains("Pushed with --force, overriding 2 refusals."),
        "{}",
        forced.stdout
    );
    assert!(
        !flow(&server, "default")["states"]
            .as_array()
            .unwrap()
            .contains(&json!("provisional"))
    );
    assert_eq!(role(&server, "review")["claims_from"], "incoming");
}

/// Reads one HTTP request from `stream`, body included; returns its request line.
fn read_request(stream: &std::net::TcpStream) -> String {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    let _ = reader.read_line(&mut request);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(n) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = n.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    request
}

/// A socket that answers every request with `reply` (or never, when `None`), for the
/// failures the real server cannot be made to produce.
fn fake_server(reply: Option<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Some(reply) = reply else {
                held.push(stream); // accepted, never answered
                continue;
            };
            read_request(&stream);
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    url
}

#[test]
fn server_failures_are_said_and_exit_two_with_nothing_half_reported() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on the port of a listener just closed.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let cases = [
        (
            closed.clone(),
            vec!["plan"],
            format!(
                "error: cannot reach the Octopoid server at {closed}/api/v1/orchestrators/prod-m1:"
            ),
        ),
        (
            fake_server(None),
            vec!["plan", "--timeout", "1"],
            "did not answer within 1 s".to_string(),
        ),
        (
            fake_server(Some(
                "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: 16\r\nconnection: close\r\n\r\n{\"error\":\"boom\"}",
            )),
            vec!["status"],
            "failed with HTTP 500: the server says \"boom\"".to_string(),
        ),
        (
            fake_server(Some(
                "HTTP/1.1 200 OK\r\ncontent-length: 8\r\nconnection: close\r\n\r\nnot json",
            )),
            vec!["push"],
            "is not what the server sends: HTTP 200 with a body that is not JSON (`not json`)"
                .to_string(),
        ),
    ];
    for (url, args, expected) in cases {
        let run = octolint(dir.path(), BASE, &args, &url);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(&expected), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}: nothing half-reported");
    }
    let missing = Command::new(cargo_bin("octolint"))
        .arg("plan")
        .arg(dir.path().join("octolint.yaml"))
        .env_remove("OCTOLINT_SERVER")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("pass --server URL or set OCTOLINT_SERVER")
    );
}

/// A push that fails part-way says what the server now holds: the orchestrator registered,
/// the roles refused with the server's message, the flow never sent.
#[test]
fn a_push_that_stops_part_way_reports_exactly_what_was_applied() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let request = read_request(&stream);
            let (status, body) = if request.starts_with("GET /api/v1/orchestrators/") {
                ("404 Not Found", r#"{"error":"Orchestrator not found"}"#)
            } else if request.starts_with("GET /api/v1/roles") {
                ("200 OK", r#"{"roles":[]}"#)
            } else if request.starts_with("GET /api/v1/flows") {
                ("200 OK", r#"{"flows":[]}"#)
            } else if request.starts_with("GET /api/v1/tasks") {
                ("200 OK", r#"{"tasks":[],"total":0}"#)
            } else if request.starts_with("POST /api/v1/orchestrators/register") {
                ("201 Created", r#"{"orchestrator_id":"prod-m1"}"#)
            } else {
                (
                    "500 Internal Server Error",
                    r#"{"error":"D1 is read-only"}"#,
                )
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let run = octolint(dir.path(), BASE, &["push"], &url);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Applied before the failure:\n  ✓ register orchestrator (POST /api/v1/orchestrators/register)\n  ✗ register roles implement, review (POST /api/v1/roles/register): POST "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("failed with HTTP 500: the server says \"D1 is read-only\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  · not sent: register flow default (PUT /api/v1/flows/default)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("error: the push stopped at register roles"),
        "{}",
        run.stderr
    );
}
