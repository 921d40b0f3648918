//! `conflicting-role-registration`: two definitions checked together register one role name
//! with a different `claims_from` or description, and the server keeps only the last.

use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::Diagnostic;
use crate::model::{DEFAULT_QUEUE, Definition, Named, Role, Spanned};
use crate::source::SourceFile;

declare_rule! {
    /// ## What it does
    /// When one `octolint check` run covers several definitions (a directory, a repository),
    /// reports a role name that two of them define with a different `claims_from` (`incoming`
    /// when unset) or `description`. The Octopoid server keeps one global table of roles,
    /// keyed by name alone — not by scope or orchestrator — and each registration replaces
    /// the row. Each definition gets the finding, pointing at its own side and naming the
    /// other.
    ///
    /// ## Why is this bad?
    /// Whichever orchestrator registers last re-routes the other's claims: an agent that
    /// claims without naming a queue (every agent claiming from `incoming`) is sent to the
    /// other definition's `claims_from`, finds nothing there, and the claims fail silently
    /// as "No tasks available".
    ///
    /// ## Example
    /// ```yaml
    /// # file: a.octolint.yaml
    /// version: 1
    /// roles: {implement: {description: Write the code}}
    /// ```
    /// ```yaml
    /// # file: b.octolint.yaml
    /// version: 1
    /// queues: {ready: {}}
    /// roles: {implement: {description: Write the code, claims_from: ready}}
    /// ```
    ///
    /// ## Use instead
    /// Give the roles different names, or the same `claims_from` and description in every
    /// definition:
    /// ```yaml
    /// # file: a.octolint.yaml
    /// version: 1
    /// roles: {implement: {description: Write the code}}
    /// ```
    /// ```yaml
    /// # file: b.octolint.yaml
    /// version: 1
    /// queues: {ready: {}}
    /// roles: {implement_ready: {description: Write the code, claims_from: ready}}
    /// ```
    CONFLICTING_ROLE_REGISTRATION = ("OL705", "conflicting-role-registration", Error, "Two definitions register one role name differently on the server's global role table");
}

/// One definition of the run.
pub struct Registered<'a> {
    pub file: &'a SourceFile,
    pub def: &'a Definition,
}

/// The findings for each definition, in the order given.
pub fn check_across(definitions: &[Registered]) -> Vec<Vec<Diagnostic>> {
    let mut found = vec![Vec::new(); definitions.len()];
    let mut by_name: HashMap<&str, Vec<(usize, &Named<Role>)>> = HashMap::new();
    for (index, registered) in definitions.iter().enumerate() {
        for role in registered.def.roles.iter() {
            by_name
                .entry(role.name.as_str())
                .or_default()
                .push((index, role));
        }
    }
    for (index, registered) in definitions.iter().enumerate() {
        for role in registered.def.roles.iter() {
            let others = &by_name[role.name.as_str()];
            // The first other definition that differs: one finding per role and file.
            let conflict = others.iter().find_map(|&(other, other_role)| {
                let fields = differing(role, other_role);
                (other != index && !fields.is_empty()).then_some((other, other_role, fields))
            });
            if let Some((other, other_role, fields)) = conflict {
                found[index].push(finding(role, &definitions[other], other_role, &fields));
            }
        }
    }
    found
}

/// The registered fields that differ between two roles of one name.
fn differing(a: &Named<Role>, b: &Named<Role>) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if claims_from(a) != claims_from(b) {
        fields.push("claims_from");
    }
    if description(a) != description(b) {
        fields.push("description");
    }
    fields
}

fn claims_from(role: &Named<Role>) -> &str {
    role.value
        .claims_from
        .as_ref()
        .map_or(DEFAULT_QUEUE, Spanned::as_str)
}

/// The description as the server stores it: an empty one is no description.
fn description(role: &Named<Role>) -> Option<&str> {
    role.value
        .description
        .as_ref()
        .map(Spanned::as_str)
        .filter(|d| !d.is_empty())
}

fn finding(
    role: &Named<Role>,
    there: &Registered,
    other: &Named<Role>,
    fields: &[&str],
) -> Diagnostic {
    let name = role.name.as_str();
    let at = there.file.position(other.name.span.start);
    let location = format!("{}:{}:{}", there.file.name, at.line, at.column);
    let differences: Vec<String> = fields
        .iter()
        .map(|&field| match field {
            "claims_from" => format!(
                "`claims_from: {}` here, `{}` there",
                claims_from(role),
                claims_from(other)
            ),
            _ => format!(
                "description {} here, {} there",
                shown(description(role)),
                shown(description(other))
            ),
        })
        .collect();
    let span = if fields.contains(&"claims_from") {
        role.value.claims_from.as_ref().map(|c| c.span.clone())
    } else {
        role.value.description.as_ref().map(|d| d.span.clone())
    }
    .unwrap_or_else(|| role.name.span.clone());
    Diagnostic::new(
        &CONFLICTING_ROLE_REGISTRATION,
        span,
        format!(
            "role `{name}` is registered differently by {location}: {}; the server keeps one role table for every scope, and the last registration re-routes the other's claims",
            differences.join("; ")
        ),
    )
    .label(format!("differs from role `{name}` in {}", there.file.name))
    .help(format!(
        "rename one of the roles, or give both the same {}",
        fields.join(" and ")
    ))
}

fn shown(description: Option<&str>) -> String {
    match description {
        None => "(none)".to_string(),
        Some(d) if d.chars().count() > 40 => {
            format!("\"{}…\"", d.chars().take(40).collect::<String>())
        }
        Some(d) => format!("\"{d}\""),
    }
}
