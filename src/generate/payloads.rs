//! The `payloads` target: the JSON request bodies that register the definition with the
//! Octopoid server (all under `/api/v1`):
//!
//! - `orchestrator.register.json`: `POST /orchestrators/register`;
//! - `roles.register.json`: `POST /roles/register`;
//! - `flows/<name>.json`: `PUT /flows/<name>`, one per flow, and `flows/<name>_child.json` for
//!   a flow's child flow (the server drops `child_flow`, so it is registered on its own).
//!
//! JSON has no comments, so the files carry no header; the manifest [`MANIFEST_NAME`] lists
//! them instead, which is what lets `octolint gen` overwrite them later. Every body is
//! described by a JSON Schema in `schema/api/`.

use serde_json::{Map, Value, json};

use super::output::MANIFEST_NAME;
use super::{GeneratedFile, Source, claims_from};
use crate::model::{BUILTIN_QUEUES, Condition, Definition, Spanned, Transition};
use crate::semantic::Semantic;
use crate::semantic::server::RUNTIME_QUEUES;

/// The request bodies that register a definition, in the order they are sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Payloads {
    pub scope: String,
    /// The id the server gives the orchestrator: `<cluster>-<machine_id>`.
    pub orchestrator_id: String,
    /// `POST /orchestrators/register`.
    pub orchestrator: Value,
    /// `POST /roles/register`.
    pub roles: Value,
    /// `PUT /flows/<name>`, by name: each flow, and `<flow>_child` for a child flow.
    pub flows: Vec<(String, Value)>,
}

/// The bodies that register `def`, or an error naming the registration fields it lacks or
/// the flows that would be registered under one name.
pub fn payloads(def: &Definition) -> Result<Payloads, String> {
    let registration = Registration::of(def)?;
    let semantic = Semantic::new(def);
    let mut flows = Vec::new();
    for flow in def.flows.iter() {
        let name = flow.name.as_str();
        let own = (
            flow.value.initial.as_ref(),
            flow.value.transitions.as_slice(),
        );
        let child = flow
            .value
            .child_flow
            .as_ref()
            .map(|c| (c.initial.as_ref(), c.transitions.as_slice()));
        // Octopoid creates a project's child tasks with the parent's flow name, and the
        // server checks their moves against the flow of that name: it holds both.
        let parts: Vec<FlowPart> = std::iter::once(own).chain(child).collect();
        flows.push((
            name.to_string(),
            flow_body(&semantic, registration.scope, &parts),
        ));
        if let Some(child) = child {
            flows.push((
                format!("{name}_child"),
                flow_body(&semantic, registration.scope, &[child]),
            ));
        }
    }
    // The first name seen twice, found with a set: a definition may have thousands of flows.
    let mut names = std::collections::HashSet::new();
    for (name, _) in &flows {
        if !names.insert(name.as_str()) {
            return Err(format!(
                "two flows would both be registered as `{name}`; rename one (a child flow \
                 is registered as `<flow>_child`)"
            ));
        }
    }
    Ok(Payloads {
        scope: registration.scope.to_string(),
        orchestrator_id: registration.orchestrator_id(),
        orchestrator: orchestrator_body(def, &registration),
        roles: roles_body(def, &registration),
        flows,
    })
}

pub fn generate(source: &Source) -> Result<Vec<GeneratedFile>, String> {
    let payloads = payloads(source.def)?;
    let mut json_files = vec![
        (
            "orchestrator.register.json".to_string(),
            payloads.orchestrator,
        ),
        ("roles.register.json".to_string(), payloads.roles),
    ];
    for (name, body) in payloads.flows {
        json_files.push((format!("flows/{name}.json"), body));
    }

    // The manifest comes first: should writing stop part-way, every JSON file already on
    // disk is listed, so the next run may still overwrite it.
    let mut manifest = source.header("#");
    for (path, _) in &json_files {
        manifest.push_str(path);
        manifest.push('\n');
    }
    let mut files = vec![GeneratedFile::at(MANIFEST_NAME, manifest)];
    for (path, body) in json_files {
        files.push(GeneratedFile::at(path, pretty(body)));
    }
    Ok(files)
}

/// What the server needs to know who registers: taken from the definition, or an error
/// naming every missing field.
struct Registration<'a> {
    scope: &'a str,
    cluster: &'a str,
    machine_id: &'a str,
    repo_url: &'a str,
}

impl<'a> Registration<'a> {
    fn of(def: &'a Definition) -> Result<Self, String> {
        let orchestrator = def.orchestrator.as_ref();
        let fields = [
            ("scope", def.scope.as_ref()),
            (
                "orchestrator.cluster",
                orchestrator.and_then(|o| o.cluster.as_ref()),
            ),
            (
                "orchestrator.machine_id",
                orchestrator.and_then(|o| o.machine_id.as_ref()),
            ),
            (
                "orchestrator.repo_url",
                orchestrator.and_then(|o| o.repo_url.as_ref()),
            ),
        ];
        // The server rejects an empty string like a missing field.
        let missing: Vec<String> = fields
            .iter()
            .filter(|(_, value)| value.is_none_or(|v| v.value.is_empty()))
            .map(|(field, _)| format!("`{field}`"))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "the server payloads need {}: add {} to the definition",
                list(&missing),
                if missing.len() == 1 { "it" } else { "them" },
            ));
        }
        let value = |i: usize| fields[i].1.map_or("", Spanned::as_str);
        Ok(Self {
            scope: value(0),
            cluster: value(1),
            machine_id: value(2),
            repo_url: value(3),
        })
    }

    /// The id the server gives the orchestrator: `<cluster>-<machine_id>`.
    fn orchestrator_id(&self) -> String {
        format!("{}-{}", self.cluster, self.machine_id)
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `POST /api/v1/orchestrators/register`.
fn orchestrator_body(def: &Definition, registration: &Registration) -> Value {
    let roles: Vec<&str> = def.roles.names().collect();
    json!({
        "cluster": registration.cluster,
        "machine_id": registration.machine_id,
        "repo_url": registration.repo_url,
        "scope": registration.scope,
        "capabilities": {"roles": roles},
    })
}

/// `POST /api/v1/roles/register`: every role in definition order, `claims_from` always
/// written (the server would default it to `incoming` too).
fn roles_body(def: &Definition, registration: &Registration) -> Value {
    let roles: Vec<Value> = def
        .roles
        .iter()
        .map(|role| {
            let mut entry = Map::new();
            entry.insert("name".into(), role.name.as_str().into());
            entry.insert("claims_from".into(), claims_from(&role.value).into());
            insert_str(&mut entry, "description", role.value.description.as_ref());
            Value::Object(entry)
        })
        .collect();
    json!({
        "orchestrator_id": registration.orchestrator_id(),
        "roles": roles,
    })
}

/// A flow or child flow: its initial queue and its transitions.
type FlowPart<'a> = (Option<&'a Spanned<String>>, &'a [Transition]);

/// `PUT /api/v1/flows/<name>`: the scope, every state the parts use (built-ins first, the
/// runtime's own last), their transitions in definition order, then the moves the
/// orchestrator makes through the server's reject, requeue and continuation
/// ([`Semantic::implicit_moves`]) as bare `{from, to}` entries.
fn flow_body<'a>(semantic: &Semantic<'a>, scope: &str, parts: &[FlowPart<'a>]) -> Value {
    let mut states: Vec<&str> = BUILTIN_QUEUES.to_vec();
    let used = parts.iter().flat_map(|(initial, transitions)| {
        initial.iter().copied().chain(
            transitions
                .iter()
                .flat_map(|t| std::iter::once(&t.from).chain(t.targets())),
        )
    });
    let used = used.map(Spanned::as_str).chain(RUNTIME_QUEUES);
    for queue in used {
        if !states.contains(&queue) {
            states.push(queue);
        }
    }
    let declared: Vec<&Transition> = parts.iter().flat_map(|(_, ts)| ts.iter()).collect();
    let implicit = semantic.implicit_moves(&declared);
    let transitions: Vec<Value> = declared
        .iter()
        .map(|t| transition(t))
        .chain(
            implicit
                .into_iter()
                .map(|(from, to)| json!({"from": from, "to": to})),
        )
        .collect();
    json!({
        "scope": scope,
        "states": states,
        "transitions": transitions,
    })
}

fn transition(t: &Transition) -> Value {
    let mut entry = Map::new();
    entry.insert("from".into(), t.from.as_str().into());
    entry.insert("to".into(), t.to.as_str().into());
    // Octopoid's `agent` matches an agent name, blueprint or role.
    insert_str(&mut entry, "agent", t.agent.as_ref().or(t.role.as_ref()));
    insert_list(&mut entry, "runs", t.runs.as_deref());
    insert_list(&mut entry, "checks", t.checks.as_deref());
    insert_str(&mut entry, "on_checks_fail", t.on_checks_fail.as_ref());
    if let Some(conditions) = &t.conditions {
        let conditions: Vec<Value> = conditions.iter().map(condition).collect();
        entry.insert("conditions".into(), conditions.into());
    }
    Value::Object(entry)
}

fn condition(c: &Condition) -> Value {
    let mut entry = Map::new();
    insert_str(&mut entry, "name", c.name.as_ref());
    if let Some(kind) = &c.kind {
        entry.insert("type".into(), kind.value.name().into());
    }
    insert_str(&mut entry, "agent", c.agent.as_ref());
    insert_str(&mut entry, "script", c.script.as_ref());
    insert_str(&mut entry, "on_fail", c.on_fail.as_ref());
    if let Some(skip) = &c.skip {
        entry.insert("skip".into(), skip.value.into());
    }
    Value::Object(entry)
}

fn insert_str(entry: &mut Map<String, Value>, key: &str, value: Option<&Spanned<String>>) {
    if let Some(value) = value {
        entry.insert(key.into(), value.as_str().into());
    }
}

fn insert_list(entry: &mut Map<String, Value>, key: &str, items: Option<&[Spanned<String>]>) {
    if let Some(items) = items {
        let items: Vec<&str> = items.iter().map(Spanned::as_str).collect();
        entry.insert(key.into(), items.into());
    }
}

/// Two-space indented JSON with a trailing newline. Keys are sorted even if some dependency
/// turns on serde_json's `preserve_order`, so the output never depends on the build.
///
/// serde_json escapes only ASCII control characters; the other characters that some tool
/// reads as a line break or invisible mark (C1 controls such as U+0085, U+2028, U+2029, a
/// BOM) are escaped too, as [`quoted`](super::names::quoted) does. Such a character can only
/// be inside a string, so escaping it in the serialized text is exact.
fn pretty(mut value: Value) -> String {
    value.sort_all_objects();
    let text = serde_json::to_string_pretty(&value).expect("a JSON value always serializes");
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        let invisible = c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}');
        if invisible && !c.is_ascii_whitespace() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Named, Orchestrator};

    fn name(text: &str) -> Spanned<String> {
        Spanned::new(text.to_string(), Default::default())
    }

    fn definition() -> Definition {
        Definition {
            scope: Some(name("s")),
            orchestrator: Some(Orchestrator {
                cluster: Some(name("c")),
                machine_id: Some(name("m")),
                repo_url: Some(name("https://example.com/r")),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn missing_registration_fields_are_named() {
        let mut def = definition();
        def.scope = None;
        def.orchestrator.as_mut().unwrap().repo_url = Some(name(""));
        let source = Source::new(&def, "x.yaml", b"");
        let error = generate(&source).unwrap_err();
        assert!(
            error.contains("`scope` and `orchestrator.repo_url`"),
            "{error}"
        );
        assert!(!error.contains("cluster`"), "{error}");
    }

    #[test]
    fn states_are_builtins_then_first_appearance_then_runtime_states() {
        let mut def = definition();
        let transition = |from: &str, to: &str| Transition {
            from: name(from),
            to: name(to),
            on_checks_fail: Some(name("retry")),
            ..Default::default()
        };
        def.flows.push(Named {
            name: name("f"),
            value: Flow {
                initial: Some(name("start")),
                transitions: vec![transition("start", "done"), transition("claimed", "b")],
                ..Default::default()
            },
        });
        let source = Source::new(&def, "x.yaml", b"");
        let files = generate(&source).unwrap();
        let flow = files.iter().find(|f| f.path.ends_with("f.json")).unwrap();
        let body: Value = serde_json::from_str(&flow.contents).unwrap();
        assert_eq!(
            body["states"],
            json!([
                "incoming",
                "claimed",
                "done",
                "failed",
                "start",
                "retry",
                "b",
                "needs_continuation",
                "requires-intervention"
            ])
        );
    }
}
