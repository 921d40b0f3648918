//! Where each agent, role and flow name of a project is written, across its files: what an
//! editor navigates by (hover, go to definition, references).
//!
//! An agent is defined by its configuration (`name:`, or the directory of an `agent.yaml`
//! without one); a role by the agents that claim it (`role:`, or the `type:` Octopoid falls
//! back to); a flow by its file (`name:`). A flow's `agent:` (and an agent condition's) names
//! agents by name, blueprint or role, a task file's `ROLE:` names a role and its
//! `CLAIMED_BY:` an agent.

use super::load::Context;
use super::tasks::Task;
use crate::source::Span;

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Agent,
    Role,
    Flow,
    /// A flow transition's `agent:`, or the `agent:` of a condition an agent decides: an
    /// agent's name, blueprint or role.
    Performer,
}

/// One place a name is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameUse {
    /// An index into the project's files.
    pub file: usize,
    pub span: Span,
    pub kind: NameKind,
    pub name: String,
    /// Whether this place defines the name (else it refers to it).
    pub defines: bool,
}

/// Every agent, role and flow name written in the project's files, in file order.
pub fn name_uses(native: &Context) -> Vec<NameUse> {
    let mut uses = Vec::new();
    let mut add = |file, span: &Span, kind, name: &str, defines| {
        uses.push(NameUse {
            file,
            span: span.clone(),
            kind,
            name: name.to_string(),
            defines,
        });
    };
    for config in &native.agents.configs {
        let name = &config.name;
        add(name.file, &name.span, NameKind::Agent, &name.value, true);
        if let Some(role) = &config.role {
            add(role.file, &role.span, NameKind::Role, &role.value, true);
        }
    }
    for flow in native.flows {
        add(flow.file, &flow.name_span, NameKind::Flow, &flow.name, true);
        for unit in flow.units() {
            for transition in unit.transitions {
                // The transition's `agent:` and the agents deciding its conditions, matched
                // alike by name, blueprint or role.
                for agent in transition.performing_agents() {
                    add(
                        unit.file,
                        &agent.span,
                        NameKind::Performer,
                        &agent.value,
                        false,
                    );
                }
            }
        }
    }
    let agent_names: Vec<&str> = native
        .agents
        .configs
        .iter()
        .map(|c| c.name.value.as_str())
        .collect();
    for task in native.tasks {
        if let Some(role) = task.role() {
            add(task.file, &role.span, NameKind::Role, &role.value, false);
        }
        if let Some(agent) = claimed_by(task).filter(|a| agent_names.contains(&a.value.as_str())) {
            add(task.file, &agent.span, NameKind::Agent, &agent.value, false);
        }
    }
    uses.sort_by_key(|u| (u.file, u.span.start));
    uses
}

/// The agent a task file says claimed it.
fn claimed_by(task: &Task) -> Option<&crate::model::Spanned<String>> {
    task.get("CLAIMED_BY").filter(|v| !v.value.is_empty())
}

/// The name written at `offset` of file `file` (a cursor at either end of it counts).
pub fn name_at(uses: &[NameUse], file: usize, offset: usize) -> Option<&NameUse> {
    uses.iter().find(|u| {
        u.file == file && u.span.start <= offset && offset <= u.span.end && !u.span.is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::octopoid::{ProjectOptions, load};

    #[test]
    fn agents_roles_flows_and_their_references_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".octopoid");
        std::fs::create_dir_all(root.join("agents/implementer")).unwrap();
        std::fs::create_dir_all(root.join("flows")).unwrap();
        std::fs::write(
            root.join("agents/implementer/agent.yaml"),
            "role: implement\n",
        )
        .unwrap();
        std::fs::write(
            root.join("flows/default.yaml"),
            "name: default\ntransitions:\n  \"incoming -> claimed\": {agent: implementer}\n  \"claimed -> done\":\n    conditions: [{name: ok, type: agent, agent: implement}]\n",
        )
        .unwrap();
        let loaded = load(&root, &ProjectOptions::default(), |_| None).unwrap();
        let uses = name_uses(&loaded.context());
        let found: Vec<(NameKind, &str, bool)> = uses
            .iter()
            .map(|u| (u.kind, u.name.as_str(), u.defines))
            .collect();
        assert_eq!(
            found,
            [
                // The agent without `name:` is named by its directory, at the file's start.
                (NameKind::Agent, "implementer", true),
                (NameKind::Role, "implement", true),
                (NameKind::Flow, "default", true),
                (NameKind::Performer, "implementer", false),
                (NameKind::Performer, "implement", false),
            ]
        );
        let flow = &loaded.sources.files[uses[3].file];
        let offset = flow.source.text.find("implementer").unwrap() + 3;
        assert_eq!(name_at(&uses, uses[3].file, offset), Some(&uses[3]));
        assert_eq!(
            name_at(&uses, uses[3].file, 8).map(|u| u.kind),
            Some(NameKind::Flow)
        );
        assert_eq!(
            name_at(&uses, uses[0].file, 0),
            None,
            "an agent named by its directory"
        );
    }
}
