//! Against the real Octopoid server (`tests/support/server.rs` starts it): every example in
//! `flows/` and every fixture in `tests/fixtures/server/ok/` is registered from `octolint
//! gen` output, then a task is driven along every transition of every flow — and along
//! every failure route — with the endpoint Octopoid's orchestrator uses for it; the server's
//! status and the task's queue afterwards are asserted, and what the server stores is
//! compared with what was sent. Each server rule's err fixture (`tests/fixtures/server/err/`)
//! is shown to really fail on the server, and the motivating bug is replayed end to end.
//!
//! Who performs a transition, and which role an agent claims with, is read from the
//! generated payloads and Python constants, never written here.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;
use octolint::generate::{Source, Target};
use octolint::model::{Orchestrator, Spanned};
use octolint::pipeline::check_definition;
use serde_json::{Value, json};

#[path = "support/server.rs"]
mod server;

use server::Server;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A definition compiled for the server: the three kinds of request body and the names the
/// Python constants give.
struct Compiled {
    orchestrator: Value,
    roles: Value,
    /// Registered flow name and body, in manifest order.
    flows: Vec<(String, Value)>,
    /// Agent name → role (`AGENT_ROLES`).
    agent_roles: BTreeMap<String, String>,
    /// Role → the queue it claims from (`CLAIMS_FROM`).
    claims_from: BTreeMap<String, String>,
}

impl Compiled {
    /// With the `octolint gen` command, as a user runs it.
    fn by_cli(definition: &Path) -> Compiled {
        let out = tempfile::tempdir().unwrap();
        let output = Command::new(cargo_bin("octolint"))
            .arg("gen")
            .arg(definition)
            .args(["--target", "payloads", "--target", "python", "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "octolint gen {} failed:\n{}",
            definition.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        Self::read(out.path())
    }

    /// With the library, skipping the check: for definitions `check` refuses, to show what
    /// the server does with them.
    fn by_library(definition: &Path) -> Compiled {
        Self::by_library_in(definition, None)
    }

    /// [`Self::by_library`], for a rule fixture without `scope` and `orchestrator`: registered
    /// under scope `scope` by an orchestrator of that name.
    fn by_library_in(definition: &Path, scope: Option<&str>) -> Compiled {
        let bytes = fs::read(definition).unwrap();
        let (_, def) = check_definition("definition.octolint.yaml", &bytes);
        let mut def = def.expect("the fixture decodes");
        if let Some(scope) = scope {
            let text = |value: &str| Some(Spanned::new(value.to_string(), Default::default()));
            def.scope = text(scope);
            def.orchestrator = Some(Orchestrator {
                cluster: text("test"),
                machine_id: text(scope),
                repo_url: text("https://example.com/repo"),
            });
        }
        let source = Source::new(&def, "definition.octolint.yaml", &bytes);
        let out = tempfile::tempdir().unwrap();
        for target in [Target::Payloads, Target::Python] {
            for file in target.generate(&source).unwrap() {
                let path = out.path().join(target.default_out()).join(&file.path);
                let path = if target.is_directory() {
                    path
                } else {
                    out.path().join(target.default_out())
                };
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, &file.contents).unwrap();
            }
        }
        Self::read(out.path())
    }

    fn read(out: &Path) -> Compiled {
        let payloads = out.join("payloads");
        let manifest = fs::read_to_string(payloads.join("octolint-generated.txt")).unwrap();
        let flows = manifest
            .lines()
            .filter_map(|line| line.strip_prefix("flows/"))
            .map(|file| {
                let name = file.strip_suffix(".json").unwrap().to_string();
                (name, server::read_json(&payloads.join("flows").join(file)))
            })
            .collect();
        let constants = Command::new("python3")
            .arg("-c")
            .arg(
                "import json, sys; sys.path.insert(0, sys.argv[1]); import octolint_names as n; \
                 print(json.dumps({'agents': n.AGENT_ROLES, 'claims': n.CLAIMS_FROM}))",
            )
            .arg(out)
            .output()
            .expect("run python3 (3.11 or later) to read the generated constants");
        assert!(
            constants.status.success(),
            "importing the generated Python constants failed:\n{}",
            String::from_utf8_lossy(&constants.stderr)
        );
        let constants: Value = serde_json::from_slice(&constants.stdout).unwrap();
        let map = |key: &str| -> BTreeMap<String, String> {
            serde_json::from_value(constants[key].clone()).unwrap()
        };
        Compiled {
            orchestrator: server::read_json(&payloads.join("orchestrator.register.json")),
            roles: server::read_json(&payloads.join("roles.register.json")),
            flows,
            agent_roles: map("agents"),
            claims_from: map("claims"),
        }
    }

    fn scope(&self) -> &str {
        self.orchestrator["scope"].as_str().unwrap()
    }

    fn orchestrator_id(&self) -> &str {
        self.roles["orchestrator_id"].as_str().unwrap()
    }

    /// The role whose agents perform a transition: its `agent` (an agent or a role), else
    /// the agent deciding one of its agent conditions.
    fn performer(&self, transition: &Value) -> Option<String> {
        let named = transition["agent"].as_str().and_then(|agent| {
            self.agent_roles.get(agent).cloned().or_else(|| {
                self.claims_from
                    .contains_key(agent)
                    .then(|| agent.to_string())
            })
        });
        named.or_else(|| {
            transition["conditions"]
                .as_array()?
                .iter()
                .filter(|c| c["type"] == "agent")
                .find_map(|c| self.agent_roles.get(c["agent"].as_str()?).cloned())
        })
    }

    /// An agent bound to `role`, by the generated constants.
    fn agent_of(&self, role: &str) -> String {
        self.agent_roles
            .iter()
            .find(|(_, r)| *r == role)
            .map(|(agent, _)| agent.clone())
            .unwrap_or_else(|| panic!("no agent is bound to role `{role}`"))
    }

    /// Registers the orchestrator, the roles and every flow, then reads roles and flows
    /// back and compares them with what was sent.
    fn register(&self, server: &Server) {
        let reply = server.post("/orchestrators/register", &self.orchestrator);
        assert!(
            matches!(reply.status, 200 | 201),
            "registering the orchestrator: {} {}",
            reply.status,
            reply.body
        );
        server
            .post("/roles/register", &self.roles)
            .expect(200, "registering the roles");
        for (name, body) in &self.flows {
            server
                .put(&format!("/flows/{name}"), body)
                .expect(200, &format!("registering flow {name}"));
        }
        let stored = server.get("/roles").expect(200, "listing the roles");
        for sent in self.roles["roles"].as_array().unwrap() {
            let name = sent["name"].as_str().unwrap();
            let role = stored["roles"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == name)
                .unwrap_or_else(|| panic!("role {name} is not stored: {stored}"));
            assert_eq!(role["claims_from"], sent["claims_from"], "role {name}");
            assert_eq!(
                role["description"],
                sent.get("description").cloned().unwrap_or(Value::Null),
                "role {name}"
            );
            assert_eq!(role["orchestrator_id"], self.orchestrator_id());
        }
        for (name, sent) in &self.flows {
            let stored = server
                .get(&format!("/flows/{name}?scope={}", self.scope()))
                .expect(200, &format!("reading flow {name}"));
            let field = |key: &str| -> Value {
                serde_json::from_str(stored[key].as_str().unwrap()).unwrap()
            };
            assert_eq!(field("states"), sent["states"], "states of flow {name}");
            assert_eq!(
                field("transitions"),
                sent["transitions"],
                "transitions of flow {name}"
            );
        }
    }
}

/// What happened to one move of a task.
struct Outcome {
    what: String,
    status: u16,
    queue: String,
    expected: String,
    body: Value,
}

impl Outcome {
    fn ok(&self) -> bool {
        self.status == 200 && self.queue == self.expected
    }
}

/// Drives tasks on one server for one compiled definition.
struct Driver<'a> {
    server: &'a Server,
    compiled: &'a Compiled,
    next_id: usize,
}

impl<'a> Driver<'a> {
    fn new(server: &'a Server, compiled: &'a Compiled) -> Self {
        Driver {
            server,
            compiled,
            next_id: 0,
        }
    }

    /// Creates a task in `queue` of flow `flow` with `role`.
    fn create(&mut self, flow: &str, queue: &str, role: &str) -> String {
        self.next_id += 1;
        let id = format!("{}-{flow}-{}", self.compiled.scope(), self.next_id);
        self.server
            .post(
                "/tasks",
                &json!({
                    "id": id, "file_path": format!("TASK-{id}.md"), "branch": "main",
                    "scope": self.compiled.scope(), "flow": flow, "queue": queue, "role": role,
                }),
            )
            .expect(201, &format!("creating a task in {queue} of flow {flow}"));
        id
    }

    fn queue_of(&self, id: &str) -> String {
        let task = self
            .server
            .get(&format!("/tasks/{id}"))
            .expect(200, "reading a task");
        task["queue"].as_str().unwrap().to_string()
    }

    /// Claims the next task of `role` from `queue` as Octopoid's scheduler does: the role as
    /// the filter only when claiming from `incoming`, the queue named otherwise.
    fn claim(&self, role: &str, queue: &str) -> server::Reply {
        let mut body = json!({
            "orchestrator_id": self.compiled.orchestrator_id(),
            "agent_name": self.compiled.agent_of(role),
            "scope": self.compiled.scope(),
            "lease_duration_seconds": 600,
        });
        if queue == "incoming" {
            body["role_filter"] = json!(role);
        } else {
            body["queue"] = json!(queue);
        }
        self.server.post("/tasks/claim", &body)
    }

    /// Takes a task out of the way once its move is recorded, so that no later claim from
    /// the same queue picks it up instead of the task it is meant for.
    fn park(&self, id: &str) {
        self.server
            .post(
                &format!("/tasks/{id}/force-queue"),
                &json!({"queue": "failed", "reason": "done with it"}),
            )
            .expect(200, "parking a task");
    }

    /// Creates a task of `role` in `queue` and claims it as `role`'s agent; the claim's
    /// outcome on failure.
    fn claimed_from(&mut self, flow: &str, queue: &str, role: &str) -> Result<String, Outcome> {
        let id = self.create(flow, queue, role);
        let reply = self.claim(role, queue);
        if reply.status != 200 || reply.body["id"] != json!(id) {
            let outcome = Outcome {
                what: format!(
                    "flow {flow}: {queue} -> claimed (claim by {})",
                    self.compiled.agent_of(role)
                ),
                status: reply.status,
                queue: self.queue_of(&id),
                expected: "claimed".into(),
                body: reply.body,
            };
            self.park(&id);
            return Err(outcome);
        }
        Ok(id)
    }

    /// The role with an agent that claims from `queue`, if any.
    fn claimer_of(&self, queue: &str) -> Option<String> {
        self.compiled
            .claims_from
            .iter()
            .find(|(role, q)| *q == queue && self.has_agent(role))
            .map(|(role, _)| role.clone())
    }

    /// A task of `flow` held by an agent in `claimed`: created where a transition of the
    /// flow leads into `claimed` from — else in any queue of the flow a role claims from
    /// (a claim moves the task into `claimed`, except from `provisional`) — and claimed by
    /// the role that claims from there.
    fn claimed_task(&mut self, flow: &str, transitions: &[Value]) -> Result<String, Outcome> {
        let claim_from = |t: &Value| {
            let from = t["from"].as_str()?;
            Some((from.to_string(), self.claimer_of(from)?))
        };
        let (queue, role) = transitions
            .iter()
            .filter(|t| t["to"] == "claimed")
            .find_map(claim_from)
            .or_else(|| {
                transitions
                    .iter()
                    .filter(|t| t["from"] != "provisional" && t["from"] != "claimed")
                    .find_map(claim_from)
            })
            .unwrap_or_else(|| panic!("no agent ever holds a task of flow {flow} in `claimed`"));
        self.claimed_from(flow, &queue, &role)
    }

    fn has_agent(&self, role: &str) -> bool {
        self.compiled.agent_roles.values().any(|r| r == role)
    }

    /// A role of the definition, for tasks whose role does not matter.
    fn any_role(&self) -> String {
        self.compiled.claims_from.keys().next().unwrap().clone()
    }

    /// Moves task `id` into `to` with the endpoint the orchestrator uses for that move.
    fn move_into(&self, id: &str, to: &str) -> (String, server::Reply) {
        let path = |action: &str| format!("/tasks/{id}/{action}");
        let current = self.queue_of(id);
        match to {
            "provisional" => (
                "submit".into(),
                self.server.post(
                    &path("submit"),
                    &json!({"commits_count": 1, "turns_used": 5}),
                ),
            ),
            // The server's burnout detection: a submit after 100 turns.
            "needs_continuation" => (
                "submit (turn limit)".into(),
                self.server.post(
                    &path("submit"),
                    &json!({"commits_count": 1, "turns_used": 100}),
                ),
            ),
            "done" => (
                "accept".into(),
                self.server
                    .post(&path("accept"), &json!({"accepted_by": "octolint-test"})),
            ),
            "incoming" if current == "claimed" => (
                "requeue".into(),
                self.server.post(&path("requeue"), &json!({})),
            ),
            "incoming" => ("reject".into(), self.reject(id)),
            _ => (
                "PATCH".into(),
                self.server
                    .patch(&format!("/tasks/{id}"), &json!({"queue": to})),
            ),
        }
    }

    fn reject(&self, id: &str) -> server::Reply {
        self.server.post(
            &format!("/tasks/{id}/reject"),
            &json!({"reason": "rejected by the test", "rejected_by": "octolint-test"}),
        )
    }

    /// Puts a task where `transition` starts, as the orchestrator holds it when it carries
    /// the transition out: claimed by its performer when the performer claims from its
    /// source queue (a claim moves it to `claimed`, except from `provisional`), else simply
    /// in that queue.
    fn task_at_start(
        &mut self,
        flow: &str,
        transitions: &[Value],
        transition: &Value,
    ) -> Result<String, Outcome> {
        let from = transition["from"].as_str().unwrap();
        if from == "claimed" {
            return self.claimed_task(flow, transitions);
        }
        match self.compiled.performer(transition) {
            Some(role) if self.compiled.claims_from[&role] == from => {
                self.claimed_from(flow, from, &role)
            }
            Some(role) => Ok(self.create(flow, from, &role)),
            None => {
                let role = self.any_role();
                Ok(self.create(flow, from, &role))
            }
        }
    }

    /// Records the outcome of a move of task `id` and parks the task.
    fn record(
        &self,
        outcomes: &mut Vec<Outcome>,
        what: String,
        id: &str,
        reply: server::Reply,
        expected: &str,
    ) {
        outcomes.push(Outcome {
            what,
            status: reply.status,
            queue: self.queue_of(id),
            expected: expected.to_string(),
            body: reply.body,
        });
        self.park(id);
    }

    /// Drives a task along every registered transition of every flow (the implicit ones
    /// too), and along every failure route of each. Returns each move's outcome.
    fn drive_all(&mut self) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        let compiled = self.compiled;
        for (name, body) in &compiled.flows {
            let transitions = body["transitions"].as_array().unwrap();
            // A project's flow: its own transitions move the project (`/projects`, which
            // checks no flow), and only its child flow's moves are task moves.
            let child = compiled
                .flows
                .iter()
                .find(|(child, _)| *child == format!("{name}_child"))
                .map(|(_, body)| body["transitions"].as_array().unwrap());
            for transition in transitions {
                let from = transition["from"].as_str().unwrap();
                let to = transition["to"].as_str().unwrap();
                let moves_task = child
                    .is_none_or(|child| child.iter().any(|t| t["from"] == from && t["to"] == to));
                if !moves_task {
                    continue;
                }
                let what = format!("flow {name}: {from} -> {to}");
                if to == "claimed" {
                    let role = self.claimer_of(from).unwrap_or_else(|| {
                        panic!("{what}: no role with an agent claims from {from}")
                    });
                    match self.claimed_from(name, from, &role) {
                        Ok(id) => {
                            let reply = server::Reply {
                                status: 200,
                                body: Value::Null,
                            };
                            let what = format!("{what} (claim by {})", compiled.agent_of(&role));
                            self.record(&mut outcomes, what, &id, reply, to);
                        }
                        Err(outcome) => outcomes.push(outcome),
                    }
                    continue;
                }
                match self.task_at_start(name, transitions, transition) {
                    Ok(id) => {
                        let (endpoint, reply) = self.move_into(&id, to);
                        self.record(
                            &mut outcomes,
                            format!("{what} ({endpoint})"),
                            &id,
                            reply,
                            to,
                        );
                    }
                    Err(outcome) => outcomes.push(outcome),
                }
                self.failure_routes(name, transitions, transition, &mut outcomes);
            }
        }
        outcomes
    }

    /// A failed check moves the waiting task with PATCH; an agent's rejection goes through
    /// reject (into `incoming`); another condition's `on_fail` is a PATCH.
    fn failure_routes(
        &mut self,
        flow: &str,
        transitions: &[Value],
        transition: &Value,
        outcomes: &mut Vec<Outcome>,
    ) {
        let from = transition["from"].as_str().unwrap();
        let to = transition["to"].as_str().unwrap();
        let what = format!("flow {flow}: {from} -> {to}");
        if let Some(target) = transition["on_checks_fail"].as_str() {
            let role = self.any_role();
            let id = self.create(flow, from, &role);
            let (endpoint, reply) = self.move_into(&id, target);
            let what = format!("{what}, checks fail -> {target} ({endpoint})");
            self.record(outcomes, what, &id, reply, target);
        }
        for condition in transition["conditions"].as_array().into_iter().flatten() {
            let target = condition["on_fail"].as_str().unwrap_or("incoming");
            let name = condition["name"].as_str().unwrap_or("?");
            let what = format!("{what}, condition {name} fails -> {target}");
            if condition["type"] == "agent" {
                match self.task_at_start(flow, transitions, transition) {
                    Ok(id) => {
                        let reply = self.reject(&id);
                        self.record(outcomes, format!("{what} (reject)"), &id, reply, target);
                    }
                    Err(outcome) => outcomes.push(outcome),
                }
            } else if condition.get("on_fail").is_some() {
                let role = self.any_role();
                let id = self.create(flow, from, &role);
                let (endpoint, reply) = self.move_into(&id, target);
                self.record(outcomes, format!("{what} ({endpoint})"), &id, reply, target);
            }
        }
    }
}

/// Panics listing every move that did not end with 200 in the expected queue.
fn assert_all_ok(label: &str, outcomes: &[Outcome]) {
    assert!(!outcomes.is_empty(), "{label}: nothing was driven");
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.ok())
        .map(|o| {
            format!(
                "{}: HTTP {}, task in `{}` (expected `{}`): {}",
                o.what, o.status, o.queue, o.expected, o.body
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{label}: {} of {} moves failed on the server:\n{}",
        failed.len(),
        outcomes.len(),
        failed.join("\n")
    );
}

fn definitions(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".octolint.yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no definitions in {}", dir.display());
    files
}

fn server_fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/server").join(name)
}

/// Every example, and every server fixture, runs on the real server: all registered, every
/// transition and failure route driven, each on a server of its own (roles are global).
#[test]
fn every_example_and_fixture_runs_on_the_server() {
    let mut files = definitions(&root().join("flows"));
    files.extend(definitions(&server_fixture("ok")));
    for file in files {
        let server = Server::start();
        let compiled = Compiled::by_cli(&file);
        compiled.register(&server);
        let outcomes = Driver::new(&server, &compiled).drive_all();
        assert_all_ok(&file.display().to_string(), &outcomes);
    }
}

/// The motivating bug: agents bound to `implementer` while tasks say `implement`. The
/// definition is refused by `check` and `gen`; on the server, the claim the agent would make
/// is refused too. With the role the definition declares, the claim succeeds.
#[test]
fn the_implementer_mismatch_is_refused_and_the_generated_role_claims() {
    let broken = server_fixture("implementer-mismatch.octolint.yaml");
    let check = Command::new(cargo_bin("octolint"))
        .arg("check")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("agent-role-mismatch"));
    let out = tempfile::tempdir().unwrap();
    let gen_ = Command::new(cargo_bin("octolint"))
        .arg("gen")
        .arg(&broken)
        .args(["--target", "payloads", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(!gen_.status.success(), "gen accepted the mismatch");
    assert!(!out.path().join("payloads").exists(), "gen wrote payloads");

    let server = Server::start();
    // What the broken definition would send: its agent's role as the claim filter.
    let compiled = Compiled::by_library(&broken);
    compiled.register(&server);
    let mut driver = Driver::new(&server, &compiled);
    let task = driver.create("default", "incoming", "implement");
    let agent_role = &compiled.agent_roles["implementer"];
    assert_eq!(agent_role, "implementer");
    let refused = server.post(
        "/tasks/claim",
        &json!({"orchestrator_id": compiled.orchestrator_id(), "agent_name": "implementer",
                "scope": compiled.scope(), "role_filter": agent_role}),
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body["error"]
            .as_str()
            .unwrap()
            .contains("Unknown role 'implementer'"),
        "{}",
        refused.body
    );
    assert_eq!(driver.queue_of(&task), "incoming");

    // The fixed definition, through `octolint gen`, on a fresh server.
    let server = Server::start();
    let fixed = Compiled::by_cli(&server_fixture("ok/implementer.octolint.yaml"));
    fixed.register(&server);
    let mut driver = Driver::new(&server, &fixed);
    let task = driver.create("default", "incoming", "implement");
    let role = &fixed.agent_roles["implementer"];
    let claimed = driver.claim(role, "incoming").expect(200, "the claim");
    assert_eq!(claimed["id"], json!(task));
    assert_eq!(driver.queue_of(&task), "claimed");
}

/// Each server rule's ok fixture (`tests/fixtures/ok/<rule>.yaml`, its near misses) runs on
/// the server: every registered move succeeds. The group of definitions that agree on their
/// roles runs on one server, each after the other has registered.
#[test]
fn the_server_rules_ok_fixtures_run_on_the_server() {
    let fixtures = root().join("tests/fixtures/ok");
    for rule in [
        "accept-after-claim",
        "submit-not-from-claimed",
        "reject-not-to-incoming",
        "claim-queue-outside-default-flow",
    ] {
        let path = fixtures.join(format!("{rule}.yaml"));
        let (report, _) = check_definition(rule, fs::read(&path).unwrap());
        assert!(
            report.diagnostics.is_empty(),
            "{rule}'s ok fixture is not clean"
        );
        let server = Server::start();
        let compiled = Compiled::by_library_in(&path, Some(&format!("ok-{rule}")));
        compiled.register(&server);
        let outcomes = Driver::new(&server, &compiled).drive_all();
        assert_all_ok(&path.display().to_string(), &outcomes);
    }
    let group = fixtures.join("conflicting-role-registration");
    let server = Server::start();
    let compiled: Vec<Compiled> = ["a", "b"]
        .iter()
        .map(|name| {
            let path = group.join(format!("{name}.yaml"));
            Compiled::by_library_in(&path, Some(&format!("ok-group-{name}")))
        })
        .collect();
    for one in &compiled {
        one.register(&server);
    }
    for one in &compiled {
        let outcomes = Driver::new(&server, one).drive_all();
        assert_all_ok(&format!("{} ({})", group.display(), one.scope()), &outcomes);
    }
}

/// The move each server rule's err fixture is flagged for fails on the server; the fixture
/// is flagged by exactly that rule.
#[test]
fn what_the_server_rules_flag_fails_on_the_server() {
    let cases: [(&str, &str, &str); 4] = [
        // (fixture, rule, the move that fails)
        (
            "accept-after-claim",
            "accept-after-claim",
            "in_review -> done (accept)",
        ),
        (
            "submit-not-from-claimed",
            "submit-not-from-claimed",
            "ready -> provisional (submit)",
        ),
        (
            "reject-not-to-incoming",
            "reject-not-to-incoming",
            "condition approved fails -> rework (reject)",
        ),
        (
            "claim-queue-outside-default-flow",
            "claim-queue-outside-default-flow",
            "triage -> claimed (claim by sorter)",
        ),
    ];
    for (fixture, rule, failing) in cases {
        let path = server_fixture(&format!("err/{fixture}.octolint.yaml"));
        let (report, _) = check_definition(fixture, fs::read(&path).unwrap());
        let rules: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.name).collect();
        assert_eq!(rules, [rule], "{fixture} should be flagged by {rule} alone");

        let server = Server::start();
        let compiled = Compiled::by_library(&path);
        compiled.register(&server);
        let outcomes = Driver::new(&server, &compiled).drive_all();
        // A failed claim also fails every move that starts with it.
        let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.ok()).collect();
        assert!(
            !failed.is_empty() && failed.iter().all(|o| o.what.contains(failing)),
            "{fixture}: expected exactly `{failing}` to fail, but these failed: {:?}",
            failed
                .iter()
                .map(|o| format!("{} → {} {} in {}", o.what, o.status, o.body, o.queue))
                .collect::<Vec<_>>()
        );
    }
}

/// Two definitions that give one role a different `claims_from` re-route each other's
/// claims on the server: `check` of both together flags it, and after both are registered
/// the first one's agent finds nothing to claim while its task waits.
#[test]
fn conflicting_role_registrations_reroute_claims_on_the_server() {
    let first = server_fixture("conflict/a.octolint.yaml");
    let second = server_fixture("conflict/b.octolint.yaml");
    let check = Command::new(cargo_bin("octolint"))
        .args(["check", "--format", "concise"])
        .arg(server_fixture("conflict"))
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(
        stdout.matches("conflicting-role-registration").count(),
        2,
        "one finding in each definition:\n{stdout}"
    );
    // Each definition alone is clean, so each registers.
    let a = Compiled::by_cli(&first);
    let b = Compiled::by_cli(&second);
    let server = Server::start();
    a.register(&server);
    let mut driver = Driver::new(&server, &a);
    let task = driver.create("default", "incoming", "implement");
    b.register(&server);
    let reply = driver.claim("implement", "incoming");
    assert_eq!(reply.status, 404, "the claim found a task: {}", reply.body);
    assert_eq!(
        driver.queue_of(&task),
        "incoming",
        "the task was never claimed"
    );
}
