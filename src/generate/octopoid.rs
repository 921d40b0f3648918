//! The `octopoid` target: Octopoid's native `.octopoid/` files, so a project can keep its
//! definition in octolint and still run Octopoid unchanged:
//!
//! - `flows/<name>.yaml`: `name`, `description`, `child_flow` and `transitions` keyed
//!   `"<from> -> <to>"`, laid out like Octopoid's own `project.yaml`;
//! - `agents/<agent>/agent.yaml`: `role`, `claim_from` (the role's `claims_from`) and the
//!   agent settings that are set.
//!
//! The YAML is written by the [`Emitter`] `octolint import` writes with: every string is a
//! double-quoted scalar from [`quoted`] (so no text can be read as another type, end the
//! scalar or end the line), numbers are plain and lists are in block style. Octolint-only fields (descriptions of transitions, conditions and
//! agents; a flow's `initial`) have no place in the native files and are left out.

use super::{GeneratedFile, Source, claims_from};
use crate::model::{Agent, Definition, Role, RoleBudget, Spanned, Transition};
use crate::yaml::emit::{Emitter, quoted};

pub fn generate(source: &Source) -> Vec<GeneratedFile> {
    let def = source.def;
    let mut files = Vec::new();
    for flow in def.flows.iter() {
        let mut out = Emitter::with_header(source.header("#"));
        out.field(0, "name", &quoted(flow.name.as_str()));
        if let Some(description) = &flow.value.description {
            out.field(0, "description", &quoted(description.as_str()));
        }
        if let Some(child) = &flow.value.child_flow {
            // Octopoid reads only the child flow's transitions.
            out.open(0, "child_flow", None);
            transitions(&mut out, 1, &child.transitions);
        }
        transitions(&mut out, 0, &flow.value.transitions);
        files.push(GeneratedFile::at(
            format!("flows/{}.yaml", flow.name.as_str()),
            out.finish(),
        ));
    }
    for agent in def.agents.iter() {
        let mut out = Emitter::with_header(source.header("#"));
        let role = agent
            .value
            .role
            .as_ref()
            .and_then(|role| def.roles.get(role.as_str()))
            .map(|role| &role.value);
        agent_file(&mut out, def, role, &agent.value);
        files.push(GeneratedFile::at(
            format!("agents/{}/agent.yaml", agent.name.as_str()),
            out.finish(),
        ));
    }
    files
}

/// `agent.yaml`: `role` and `claim_from` always, then the settings that are set.
/// `bound` is the role named by the agent's `role`, if defined.
fn agent_file(out: &mut Emitter, def: &Definition, bound: Option<&Role>, agent: &Agent) {
    if let Some(role) = agent.role.as_ref().map(Spanned::as_str) {
        out.field(0, "role", &quoted(role));
    }
    let claim_from = bound.map_or(crate::model::DEFAULT_QUEUE, claims_from);
    out.field(0, "claim_from", &quoted(claim_from));
    let policy = Effective::with_role(def, bound, agent);
    if let Some(model) = policy.model {
        out.field(0, "model", &quoted(model.as_str()));
    }
    for (key, number) in [
        ("max_turns", policy.max_turns),
        ("max_instances", agent.max_instances.as_ref()),
        ("interval_seconds", agent.interval_seconds.as_ref()),
    ] {
        if let Some(number) = number {
            out.field(0, key, &number.value.to_string());
        }
    }
    if let Some(tools) = policy.tools {
        out.list(0, "allowed_tools", tools);
    }
}

/// An agent's settings as Octopoid needs them in one file: the agent's own, else its role's
/// (budgets and tools live on roles), else the project's `policy.defaults`.
struct Effective<'a> {
    model: Option<&'a Spanned<String>>,
    max_turns: Option<&'a Spanned<u64>>,
    tools: Option<&'a Vec<Spanned<String>>>,
}

impl<'a> Effective<'a> {
    #[cfg(test)]
    fn of(def: &'a Definition, agent: &'a Agent) -> Self {
        let role = agent
            .role
            .as_ref()
            .and_then(|r| def.roles.get(r.as_str()))
            .map(|r| &r.value);
        Self::with_role(def, role, agent)
    }

    /// `role`: the role the agent's `role` names, if defined.
    fn with_role(def: &'a Definition, role: Option<&'a Role>, agent: &'a Agent) -> Self {
        let defaults = def.policy.as_ref().and_then(|p| p.defaults.as_ref());
        let budget = RoleBudget::of(role, defaults);
        Self {
            model: agent.model.as_ref().or(budget.model),
            max_turns: agent.max_turns.as_ref().or(budget.max_turns),
            tools: agent.tools.as_ref().or(role.and_then(|r| r.tools.as_ref())),
        }
    }
}

/// A `transitions:` mapping at `depth`, keyed `"<from> -> <to>"`, in definition order.
fn transitions(out: &mut Emitter, depth: usize, transitions: &[Transition]) {
    if transitions.is_empty() {
        out.field(depth, "transitions", "{}");
        return;
    }
    out.open(depth, "transitions", None);
    for t in transitions {
        let key = quoted(&format!("{} -> {}", t.from.as_str(), t.to.as_str()));
        transition(out, depth + 1, &key, t);
    }
}

fn transition(out: &mut Emitter, depth: usize, key: &str, t: &Transition) {
    // The agent field matches an agent name, blueprint or role.
    let agent = t.agent.as_ref().or(t.role.as_ref());
    if agent.is_none()
        && t.runs.is_none()
        && t.checks.is_none()
        && t.on_checks_fail.is_none()
        && t.conditions.is_none()
    {
        // Octopoid reads each transition's value as a mapping, so it must not be null.
        out.field(depth, key, "{}");
        return;
    }
    out.open(depth, key, None);
    let depth = depth + 1;
    if let Some(agent) = agent {
        out.field(depth, "agent", &quoted(agent.as_str()));
    }
    if let Some(runs) = &t.runs {
        out.list(depth, "runs", runs);
    }
    if let Some(checks) = &t.checks {
        out.list(depth, "checks", checks);
    }
    if let Some(on_checks_fail) = &t.on_checks_fail {
        out.field(depth, "on_checks_fail", &quoted(on_checks_fail.as_str()));
    }
    let Some(conditions) = &t.conditions else {
        return;
    };
    if conditions.is_empty() {
        out.field(depth, "conditions", "[]");
        return;
    }
    out.open(depth, "conditions", None);
    for c in conditions {
        // Each condition is a block mapping whose first line follows the `- `.
        let mut entries: Vec<(&str, String)> = Vec::new();
        if let Some(name) = &c.name {
            entries.push(("name", quoted(name.as_str())));
        }
        if let Some(kind) = &c.kind {
            entries.push(("type", quoted(kind.value.name())));
        }
        for (key, value) in [
            ("agent", &c.agent),
            ("script", &c.script),
            ("on_fail", &c.on_fail),
        ] {
            if let Some(value) = value {
                entries.push((key, quoted(value.as_str())));
            }
        }
        if let Some(skip) = &c.skip {
            entries.push(("skip", skip.value.to_string()));
        }
        out.mapping_item(depth + 1, &entries);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::pipeline::check_definition;

    /// The values every generated file should load back to, built from the model
    /// independently of the writer.
    fn expected(def: &Definition) -> Vec<(String, Value)> {
        fn strings(items: &Option<Vec<Spanned<String>>>) -> Option<Value> {
            let items = items.as_ref()?;
            Some(items.iter().map(|s| s.as_str()).collect::<Vec<_>>().into())
        }
        fn transitions(ts: &[Transition]) -> Value {
            let mut map = Map::new();
            for t in ts {
                let mut v = Map::new();
                if let Some(agent) = t.agent.as_ref().or(t.role.as_ref()) {
                    v.insert("agent".into(), agent.as_str().into());
                }
                if let Some(runs) = strings(&t.runs) {
                    v.insert("runs".into(), runs);
                }
                if let Some(checks) = strings(&t.checks) {
                    v.insert("checks".into(), checks);
                }
                if let Some(q) = &t.on_checks_fail {
                    v.insert("on_checks_fail".into(), q.as_str().into());
                }
                if let Some(conditions) = &t.conditions {
                    let list: Vec<Value> = conditions
                        .iter()
                        .map(|c| {
                            let mut m = Map::new();
                            let text = [
                                ("name", &c.name),
                                ("agent", &c.agent),
                                ("script", &c.script),
                                ("on_fail", &c.on_fail),
                            ];
                            for (key, value) in text {
                                if let Some(value) = value {
                                    m.insert(key.into(), value.as_str().into());
                                }
                            }
                            if let Some(kind) = &c.kind {
                                m.insert("type".into(), kind.value.name().into());
                            }
                            if let Some(skip) = &c.skip {
                                m.insert("skip".into(), skip.value.into());
                            }
                            Value::Object(m)
                        })
                        .collect();
                    v.insert("conditions".into(), list.into());
                }
                map.insert(
                    format!("{} -> {}", t.from.value, t.to.value),
                    Value::Object(v),
                );
            }
            Value::Object(map)
        }
        let mut files = Vec::new();
        for flow in def.flows.iter() {
            let mut v = Map::new();
            v.insert("name".into(), flow.name.as_str().into());
            if let Some(d) = &flow.value.description {
                v.insert("description".into(), d.as_str().into());
            }
            if let Some(child) = &flow.value.child_flow {
                v.insert(
                    "child_flow".into(),
                    json!({"transitions": transitions(&child.transitions)}),
                );
            }
            v.insert("transitions".into(), transitions(&flow.value.transitions));
            files.push((format!("flows/{}.yaml", flow.name.value), Value::Object(v)));
        }
        for agent in def.agents.iter() {
            let a = &agent.value;
            let role = a.role.as_ref().map(|r| r.as_str());
            let mut v = Map::new();
            if let Some(role) = role {
                v.insert("role".into(), role.into());
            }
            let claim = role
                .and_then(|r| def.roles.get(r))
                .and_then(|r| r.value.claims_from.as_ref())
                .map_or("incoming", |q| q.as_str());
            v.insert("claim_from".into(), claim.into());
            let effective = Effective::of(def, a);
            if let Some(m) = effective.model {
                v.insert("model".into(), m.as_str().into());
            }
            for (k, n) in [
                ("max_turns", effective.max_turns),
                ("max_instances", a.max_instances.as_ref()),
                ("interval_seconds", a.interval_seconds.as_ref()),
            ] {
                if let Some(n) = n {
                    v.insert(k.into(), n.value.into());
                }
            }
            if let Some(tools) = strings(&effective.tools.cloned()) {
                v.insert("allowed_tools".into(), tools);
            }
            files.push((
                format!("agents/{}/agent.yaml", agent.name.value),
                Value::Object(v),
            ));
        }
        files
    }

    fn round_trips(name: &str, text: &str) {
        let (report, def) = check_definition(name, text.as_bytes());
        assert!(!report.has_errors(), "{name} has errors");
        let def = def.unwrap();
        let source = Source::new(&def, name, text.as_bytes());
        let files = generate(&source);
        let expected = expected(&def);
        assert_eq!(files.len(), expected.len());
        for (file, (path, value)) in files.iter().zip(expected) {
            assert_eq!(file.path.to_string_lossy(), path);
            assert!(file.contents.starts_with(&source.header("#")));
            let doc = crate::yaml::load(&file.contents);
            assert!(
                doc.error.is_none(),
                "{path}: {:?}\n{}",
                doc.error,
                file.contents
            );
            assert_eq!(doc.to_json(), Some(value), "{path}:\n{}", file.contents);
        }
    }

    #[test]
    fn examples_round_trip() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/flows");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".octolint.yaml") {
                round_trips(
                    &path.file_name().unwrap().to_string_lossy(),
                    &std::fs::read_to_string(&path).unwrap(),
                );
                seen += 1;
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn hostile_text_and_odd_shapes_round_trip() {
        let text = r##"version: 1
scope: "yes"
queues:
  "null": {description: "no"}
roles:
  "true": {description: "quote \" backslash \\ newline \n triple \"\"\" close */ tick ` ${x} sep \u2028 nel \u0085 end: # not a comment", claims_from: "null"}
  "0x1F": {}
agents:
  "on": {role: "true", tools: []}
  "123": {role: "0x1F", max_turns: 7, tools: ["- dash", "#hash", "a: b"]}
flows:
  default:
    description: "  leading and trailing spaces  "
    transitions:
      incoming -> null: {role: "true", runs: [], checks: ["~"], on_checks_fail: failed, conditions: [{name: "@x", type: script, script: "exit 0 # ok", skip: true, on_fail: failed}]}
      null -> done: {role: "0x1F", conditions: [{name: manual, type: manual}]}
      incoming -> claimed: {agent: "on"}
      claimed -> done: {}
    child_flow:
      transitions:
        incoming -> done: {}
lint:
  rules:
    role-queue-mismatch: off
    unclaimed-queue: off
    invalid-name: off
    unused-queue: off
    unused-role: off
    unused-agent: off
    role-without-agent: off
"##;
        let (report, def) = check_definition("x.yaml", text.as_bytes());
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        // Fall back to the decoded model even if a rule objects to the odd names: the
        // writer must be safe for any text.
        let def = def.unwrap_or_else(|| panic!("not decoded: {errors:?}"));
        let source = Source::new(&def, "x.yaml", text.as_bytes());
        let files = generate(&source);
        let expected = expected(&def);
        assert_eq!(files.len(), expected.len());
        for (file, (path, value)) in files.iter().zip(expected) {
            let doc = crate::yaml::load(&file.contents);
            assert_eq!(doc.to_json(), Some(value), "{path}:\n{}", file.contents);
        }
        let role = def.roles.get("true").unwrap();
        let description = role.value.description.as_ref().unwrap().as_str();
        assert!(description.contains('\u{2028}') && description.contains('\n'));
    }

    #[test]
    fn agents_inherit_their_roles_settings_then_the_policy_defaults() {
        // Written out literally: the round-trip tests compute what to expect with the same
        // fallback the writer uses, so a wrong fallback would pass there.
        let text = "version: 1
policy:
  defaults: {model: haiku, max_turns: 50}
roles:
  plan: {model: opus, tools: [Read, Grep]}
  code: {}
agents:
  planner: {role: plan}
  coder: {role: code, model: sonnet, max_turns: 9, tools: [Edit]}
  helper: {role: code}
flows:
  default:
    transitions:
      incoming -> claimed: {role: plan}
      claimed -> done: {role: code}
lint:
  rules: {role-queue-mismatch: off}
";
        let (report, def) = check_definition("d.yaml", text.as_bytes());
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        let def = def.unwrap();
        let source = Source::new(&def, "d.yaml", text.as_bytes());
        let files = generate(&source);
        let agent = |name: &str| {
            let file = files
                .iter()
                .find(|f| f.path.to_string_lossy() == format!("agents/{name}/agent.yaml"))
                .unwrap();
            crate::yaml::load(&file.contents).to_json().unwrap()
        };
        let planner = agent("planner");
        assert_eq!(planner["model"], "opus", "the role's model");
        assert_eq!(planner["max_turns"], 50, "the policy default");
        assert_eq!(
            planner["allowed_tools"],
            json!(["Read", "Grep"]),
            "the role's tools"
        );
        let coder = agent("coder");
        assert_eq!(coder["model"], "sonnet", "the agent's own");
        assert_eq!(coder["max_turns"], 9);
        assert_eq!(coder["allowed_tools"], json!(["Edit"]));
        let helper = agent("helper");
        assert_eq!(helper["model"], "haiku", "the policy default");
        assert_eq!(helper["max_turns"], 50);
        assert!(helper.get("allowed_tools").is_none(), "{helper}");
    }
}
