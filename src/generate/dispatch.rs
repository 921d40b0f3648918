//! The `dispatch` target: per chain, the steps a runner executes in order — role, tools, model,
//! budgets, constraints, escalation routes and the steps each depends on — as one JSON file.
//! The file describes itself (`_generated_by`, `_source_sha256`), since JSON has no comments;
//! `schema/dispatch.schema.json` is its schema.

use serde_json::{Map, Value, json};

use super::{GENERATED_MARKER, Source};
use crate::model::{
    Budget, ChainStep, NameMap, Named, PRODUCER, Policy, Role, RoleBudget, Route, Spanned,
};

pub fn generate(source: &Source) -> String {
    let def = source.def;
    let read_only = Policy::read_only_tools(def.policy.as_ref());
    let project = ProjectPolicy {
        defaults: def.policy.as_ref().and_then(|p| p.defaults.as_ref()),
        routes: def.policy.as_ref().map(|p| &p.escalation),
        read_only: &read_only,
    };
    let chains: Vec<Value> = def
        .chains
        .iter()
        .map(|chain| {
            let steps = chain.value.steps.as_deref().unwrap_or_default();
            let ids: Vec<String> = steps
                .iter()
                .enumerate()
                .map(|(i, step)| step_id(&chain.name.value, i, step))
                .collect();
            let entries: Vec<Value> = steps
                .iter()
                .enumerate()
                .map(|(i, step)| {
                    let role = step.role.as_ref().and_then(|r| def.roles.get(r.as_str()));
                    step_entry(&ids, steps, i, step, role, &project)
                })
                .collect();
            let mut entry = Map::new();
            entry.insert("name".into(), chain.name.value.clone().into());
            insert_text(&mut entry, "description", chain.value.description.as_ref());
            entry.insert("inputs".into(), names(chain.value.inputs.as_deref()));
            entry.insert("steps".into(), entries.into());
            Value::Object(entry)
        })
        .collect();
    // Underscored keys sort first, so the "do not edit" marker opens the file.
    let document = json!({
        "_generated_by": format!(
            "{GENERATED_MARKER} {}. Do not edit: change the definition and run `octolint gen`.",
            source.file_name
        ),
        "_source_sha256": source.hash,
        "chains": chains,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// What the project's policy gives every step.
struct ProjectPolicy<'a> {
    /// `policy.defaults`: budgets for roles that set none.
    defaults: Option<&'a Budget>,
    /// `policy.escalation`: the routes of what a role does not route itself, by reason.
    routes: Option<&'a NameMap<Route>>,
    /// `policy.read_only_tools`: the tools of a role that lists none.
    read_only: &'a [&'a str],
}

/// `feature.2-lint`: chain, position and role, unique within the file.
fn step_id(chain: &str, index: usize, step: &ChainStep) -> String {
    let role = step.role.as_ref().map_or("step", Spanned::as_str);
    format!("{chain}.{}-{role}", index + 1)
}

fn step_entry(
    ids: &[String],
    steps: &[ChainStep],
    index: usize,
    step: &ChainStep,
    role: Option<&Named<Role>>,
    project: &ProjectPolicy,
) -> Value {
    let mut entry = Map::new();
    entry.insert("id".into(), ids[index].clone().into());
    insert_text(&mut entry, "role", step.role.as_ref());
    insert_text(&mut entry, "description", step.description.as_ref());
    entry.insert("needs".into(), names(step.needs.as_deref()));
    insert_text(&mut entry, "hands_off", step.hands_off.as_ref());
    entry.insert("depends_on".into(), depends_on(ids, steps, index).into());
    entry.insert("runs".into(), names(step.runs.as_deref()));
    entry.insert(
        "checkpoint".into(),
        step.checkpoint.as_ref().is_some_and(|c| c.value).into(),
    );
    let role = role.map(|r| &r.value);
    insert_text(&mut entry, "prompt", role.and_then(|r| r.prompt.as_ref()));
    insert_text(
        &mut entry,
        "prompt_file",
        role.and_then(|r| r.prompt_file.as_ref()),
    );
    let verdicts: Vec<&str> = role
        .and_then(|r| r.verdicts.as_ref())
        .map(|v| v.iter().map(|v| v.value.name()).collect())
        .unwrap_or_default();
    entry.insert("verdicts".into(), verdicts.into());
    entry.insert(
        "evidence".into(),
        names(role.and_then(|r| r.evidence.as_deref())),
    );
    let scope = role.and_then(|r| r.files.as_ref());
    entry.insert(
        "files".into(),
        json!({
            "writable": scope.and_then(|s| s.writable.as_deref()).map(|w| names(Some(w))),
            "read_only": names(scope.and_then(|s| s.read_only.as_deref())),
            "max_file_lines": scope.and_then(|s| s.max_file_lines.as_ref()).map(|m| m.value),
        }),
    );
    // A role that lists no tools runs with the project's read-only set: least privilege by
    // default, never "everything".
    match role.and_then(|r| r.tools.as_deref()) {
        Some(tools) => {
            entry.insert("tools".into(), names(Some(tools)));
            entry.insert("tools_from".into(), "role".into());
        }
        None => {
            entry.insert("tools".into(), project.read_only.into());
            entry.insert("tools_from".into(), "policy.read_only_tools".into());
        }
    }
    let budget = RoleBudget::of(role, project.defaults);
    let budget = json!({
        "model": budget.model.map(|m| m.as_str()),
        "max_turns": budget.max_turns.map(|t| t.value),
        "max_spend": budget.max_spend.map(|s| s.value),
        "timeout_seconds": budget.timeout.map(|t| t.value),
    });
    entry.insert("budget".into(), budget);
    entry.insert(
        "forbidden_commands".into(),
        names(role.and_then(|r| r.forbidden_commands.as_deref())),
    );
    // `to: producer` is resolved here, where the step that produced this step's work is
    // known: the producer of what it needs, else the step before it.
    let producer = producers(steps, index)
        .first()
        .and_then(|&at| steps[at].role.as_ref())
        .map(Spanned::as_str);
    let mut escalation: Map<String, Value> = role
        .map(|r| {
            r.escalation
                .iter()
                .map(|route| {
                    let target = route_entry(&route.value, producer);
                    (route.name.value.clone(), target)
                })
                .collect()
        })
        .unwrap_or_default();
    // The project's routes apply to whatever reason the role does not route itself.
    for route in project.routes.into_iter().flatten() {
        if !escalation.contains_key(&route.name.value) {
            let target = route_entry(&route.value, producer);
            escalation.insert(route.name.value.clone(), target);
        }
    }
    entry.insert("escalation".into(), Value::Object(escalation));
    Value::Object(entry)
}

/// The steps whose hand-offs this step needs. A step that needs nothing, or only what no
/// earlier step hands off (an outside input, or the order `chain-order` warns about), follows
/// the one before it: a chain runs in order unless its hand-offs say otherwise.
fn depends_on(ids: &[String], steps: &[ChainStep], index: usize) -> Vec<String> {
    producers(steps, index)
        .into_iter()
        .map(|at| ids[at].clone())
        .collect()
}

/// The indices of the steps whose hand-offs step `index` needs, else the step before it.
fn producers(steps: &[ChainStep], index: usize) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    for need in steps[index].needs.iter().flatten() {
        // The latest earlier producer: what the step actually receives.
        if let Some(at) = steps[..index]
            .iter()
            .rposition(|s| s.hands_off.as_ref().is_some_and(|h| h.value == need.value))
            && !found.contains(&at)
        {
            found.push(at);
        }
    }
    if found.is_empty() {
        return index.checked_sub(1).into_iter().collect();
    }
    found
}

/// A route as the runner follows it: `resolved_to` is the role that takes the work over,
/// with `producer` resolved to `producer`'s role (`null` when the step has none).
fn route_entry(route: &Route, producer: Option<&str>) -> Value {
    let mut target = Map::new();
    insert_text(&mut target, "to", route.to.as_ref());
    let resolved = match route.to.as_ref().map(Spanned::as_str) {
        Some(PRODUCER) => producer,
        to => to,
    };
    target.insert("resolved_to".into(), resolved.into());
    if let Some(recovery) = &route.recovery {
        target.insert("recovery".into(), recovery.value.name().into());
    }
    insert_text(&mut target, "artifact", route.artifact.as_ref());
    Value::Object(target)
}

fn names(list: Option<&[Spanned<String>]>) -> Value {
    list.unwrap_or_default()
        .iter()
        .map(|n| Value::from(n.value.clone()))
        .collect::<Vec<_>>()
        .into()
}

fn insert_text(map: &mut Map<String, Value>, key: &str, value: Option<&Spanned<String>>) {
    if let Some(value) = value {
        map.insert(key.into(), value.value.clone().into());
    }
}
