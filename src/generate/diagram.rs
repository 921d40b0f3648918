//! The flow-diagram model both diagram targets (`mermaid`, `dot`) render, so they show the
//! same states, edges and labels.

use std::collections::HashMap;
use std::fmt::Write;

use crate::model::{
    ChildFlow, ConditionKind, DEFAULT_QUEUE, Definition, Flow, Spanned, Transition,
};

use super::queues;

/// A diagram's file name without extension. Names are identifiers after checking; anything
/// else is replaced so that a name can never reach outside the output directory.
pub(super) fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "_".to_string()
    } else {
        stem
    }
}

/// The state diagram of one flow or child flow.
#[derive(Debug)]
pub(super) struct Diagram<'a> {
    /// The flow's name, or `<flow>_child` for a child flow (the name it is registered under).
    pub name: String,
    pub description: Option<&'a str>,
    /// The flow's queues: the initial queue first, then the others in the order they first
    /// appear in the transitions (source of the transition, its target, then its failure
    /// routes).
    pub states: Vec<DiagramState<'a>>,
    /// Transitions and failure routes, in definition order; each transition is followed by
    /// its failure routes.
    pub edges: Vec<Edge<'a>>,
}

#[derive(Debug)]
pub(super) struct DiagramState<'a> {
    pub name: &'a str,
    /// `done`, `failed`, or declared `terminal: true`.
    pub terminal: bool,
    pub description: Option<&'a str>,
}

#[derive(Debug)]
pub(super) struct Edge<'a> {
    /// Index into [`Diagram::states`].
    pub from: usize,
    /// Index into [`Diagram::states`].
    pub to: usize,
    pub label: Label<'a>,
    /// The transition's description (none for failure routes: it describes success).
    pub description: Option<&'a str>,
}

impl Edge<'_> {
    /// Whether this edge is a failure route (`on_checks_fail` or a condition's `on_fail`).
    pub fn is_failure(&self) -> bool {
        !matches!(self.label, Label::Transition { .. })
    }
}

#[derive(Debug)]
pub(super) enum Label<'a> {
    /// A transition: who performs it, the checks that must pass and the conditions that
    /// gate it.
    Transition {
        role: Option<&'a str>,
        agent: Option<&'a str>,
        checks: Vec<&'a str>,
        conditions: Vec<ConditionLabel<'a>>,
    },
    /// The `on_checks_fail` route.
    ChecksFail,
    /// A condition's `on_fail` route, with the condition's name.
    ConditionFails(Option<&'a str>),
}

#[derive(Debug)]
pub(super) struct ConditionLabel<'a> {
    pub name: Option<&'a str>,
    pub kind: Option<ConditionKind>,
    pub skipped: bool,
}

impl Label<'_> {
    /// The label as lines of text, with every name passed through `name` (the target's
    /// escaping) and the checks introduced by `checks` (`"checks: "` or `"checks "`). Each
    /// target joins the lines its own way.
    pub fn lines(&self, name: impl Fn(&str) -> String, checks: &str) -> Vec<String> {
        match self {
            Label::Transition {
                role,
                agent,
                checks: check_names,
                conditions,
            } => {
                let mut lines = Vec::new();
                let performer: Vec<String> = [("role", role), ("agent", agent)]
                    .into_iter()
                    .filter_map(|(what, who)| who.map(|who| format!("{what} {}", name(who))))
                    .collect();
                if !performer.is_empty() {
                    lines.push(performer.join(", "));
                }
                if !check_names.is_empty() {
                    let names: Vec<String> = check_names.iter().map(|c| name(c)).collect();
                    lines.push(format!("{checks}{}", names.join(", ")));
                }
                for condition in conditions {
                    let mut notes: Vec<&str> = Vec::new();
                    if let Some(kind) = condition.kind {
                        notes.push(kind.name());
                    }
                    if condition.skipped {
                        notes.push("skipped");
                    }
                    let mut line = format!("if {}", condition_name(condition.name, &name));
                    if !notes.is_empty() {
                        let _ = write!(line, " ({})", notes.join(", "));
                    }
                    lines.push(line);
                }
                lines
            }
            Label::ChecksFail => vec!["checks fail".to_string()],
            Label::ConditionFails(condition) => {
                vec![format!("{} fails", condition_name(*condition, &name))]
            }
        }
    }
}

fn condition_name(condition: Option<&str>, name: &impl Fn(&str) -> String) -> String {
    condition.map_or_else(|| "condition".to_string(), name)
}

/// One diagram per flow, each followed by its child flow's, in definition order.
pub(super) fn diagrams(def: &Definition) -> Vec<Diagram<'_>> {
    let known: HashMap<&str, (bool, Option<&str>)> = queues(def)
        .into_iter()
        .map(|(name, terminal, description)| (name, (terminal, description)))
        .collect();
    let mut diagrams = Vec::new();
    for flow in def.flows.iter() {
        let Flow {
            description,
            initial,
            transitions,
            child_flow,
            ..
        } = &flow.value;
        diagrams.push(diagram(
            flow.name.value.clone(),
            description.as_ref(),
            initial.as_ref(),
            transitions,
            &known,
        ));
        if let Some(child) = child_flow {
            let ChildFlow {
                description,
                initial,
                transitions,
                ..
            } = child.as_ref();
            diagrams.push(diagram(
                format!("{}_child", flow.name.value),
                description.as_ref(),
                initial.as_ref(),
                transitions,
                &known,
            ));
        }
    }
    diagrams
}

fn diagram<'a>(
    name: String,
    description: Option<&'a Spanned<String>>,
    initial: Option<&'a Spanned<String>>,
    transitions: &'a [Transition],
    known: &HashMap<&str, (bool, Option<&'a str>)>,
) -> Diagram<'a> {
    let mut states: Vec<DiagramState<'a>> = Vec::new();
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    let mut state = |queue: &'a str| -> usize {
        *index.entry(queue).or_insert_with(|| {
            let (terminal, description) = known.get(queue).copied().unwrap_or((false, None));
            states.push(DiagramState {
                name: queue,
                terminal,
                description,
            });
            states.len() - 1
        })
    };
    state(initial.map_or(DEFAULT_QUEUE, Spanned::as_str));
    let mut edges = Vec::new();
    for t in transitions {
        let from = state(t.from.as_str());
        let to = state(t.to.as_str());
        let description = t.description.as_ref().map(Spanned::as_str);
        let conditions = t.conditions.as_deref().unwrap_or_default();
        edges.push(Edge {
            from,
            to,
            description,
            label: Label::Transition {
                role: t.role.as_ref().map(Spanned::as_str),
                agent: t.agent.as_ref().map(Spanned::as_str),
                checks: t.checks.iter().flatten().map(Spanned::as_str).collect(),
                conditions: conditions
                    .iter()
                    .map(|c| ConditionLabel {
                        name: c.name.as_ref().map(Spanned::as_str),
                        kind: c.kind.as_ref().map(|k| k.value),
                        skipped: c.skip.as_ref().is_some_and(|s| s.value),
                    })
                    .collect(),
            },
        });
        if let Some(target) = &t.on_checks_fail {
            edges.push(Edge {
                from,
                to: state(target.as_str()),
                description: None,
                label: Label::ChecksFail,
            });
        }
        for condition in conditions {
            if let Some(target) = &condition.on_fail {
                edges.push(Edge {
                    from,
                    to: state(target.as_str()),
                    description: None,
                    label: Label::ConditionFails(condition.name.as_ref().map(Spanned::as_str)),
                });
            }
        }
    }
    Diagram {
        name,
        description: description.map(Spanned::as_str),
        states,
        edges,
    }
}
