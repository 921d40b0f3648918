//! The `dispatch` target: per chain, the steps a runner executes in order — role, tools, model,
//! budgets, constraints, escalation routes and the steps each depends on — as one JSON file.
//! The file describes itself (`_generated_by`, `_source_sha256`), since JSON has no comments;
//! `schema/dispatch.schema.json` is its schema.

use serde_json::{Map, Value, json};

use super::{GENERATED_MARKER, Source};
use crate::model::{Budget, ChainStep, Named, Policy, Role, RoleBudget, Route, Spanned};

pub fn generate(source: &Source) -> String {
    let def = source.def;
    let read_only = Policy::read_only_tools(def.policy.as_ref());
    let project = ProjectPolicy {
        defaults: def.policy.as_ref().and_then(|p| p.defaults.as_ref()),
        route: def.policy.as_ref().and_then(|p| p.escalation.as_ref()),
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
    /// `policy.escalation`: the route of what a role does not route itself.
    route: Option<&'a Route>,
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
    let role = role.map(|r| &r.value);
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
    let mut escalation: Map<String, Value> = role
        .map(|r| {
            r.escalation
                .iter()
                .map(|route| (route.name.value.clone(), route_entry(&route.value)))
                .collect()
        })
        .unwrap_or_default();
    // The project's default route applies to whatever the role does not route itself.
    if let Some(default) = project.route
        && !escalation.contains_key("default")
    {
        escalation.insert("default".into(), route_entry(default));
    }
    entry.insert("escalation".into(), Value::Object(escalation));
    Value::Object(entry)
}

/// The steps whose hand-offs this step needs. A step that needs nothing, or only what no
/// earlier step hands off (an outside input, or the order `chain-order` warns about), follows
/// the one before it: a chain runs in order unless its hand-offs say otherwise.
fn depends_on(ids: &[String], steps: &[ChainStep], index: usize) -> Vec<String> {
    let previous = || {
        index
            .checked_sub(1)
            .map(|prev| ids[prev].clone())
            .into_iter()
            .collect()
    };
    let needs: Vec<&str> = steps[index]
        .needs
        .iter()
        .flatten()
        .map(Spanned::as_str)
        .collect();
    let mut found: Vec<String> = Vec::new();
    for need in needs {
        // The latest earlier producer: what the step actually receives.
        if let Some(at) = steps[..index]
            .iter()
            .rposition(|s| s.hands_off.as_ref().is_some_and(|h| h.value == need))
            && !found.contains(&ids[at])
        {
            found.push(ids[at].clone());
        }
    }
    if found.is_empty() {
        return previous();
    }
    found
}

fn route_entry(route: &Route) -> Value {
    let mut target = Map::new();
    insert_text(&mut target, "to", route.to.as_ref());
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
