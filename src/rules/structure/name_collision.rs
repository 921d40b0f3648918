//! `name-collision`: two names of one kind that generate the same identifier.

use foldhash::{HashMap, HashMapExt};

use crate::model::names::identity;
use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Spanned;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// Reports two names of the same kind (two roles, two queues, ...) that are equal once
    /// case, `-` and `_` are ignored, such as `orchestrator-impl` and `orchestrator_impl`.
    /// A child flow is registered as its own flow `<name>_child`, so a flow of that name
    /// collides with it too.
    ///
    /// ## Why is this bad?
    /// Generated constants fold names into one case and separator style, so the two names
    /// would produce the same identifier; and people reading or typing them mix them up.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   orchestrator-impl: {}
    ///   orchestrator_impl: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   orchestrator-impl: {}
    /// ```
    NAME_COLLISION = ("OL007", "name-collision", Error, "Two names generate the same identifier");
}

/// The earlier of two colliding names.
enum First<'a> {
    Builtin(&'static str),
    Declared(&'a Spanned<String>),
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let def = cx.semantic.def;
    let lists: [(Kind, Vec<&Spanned<String>>); 7] = [
        (Kind::Queue, def.queues.iter().map(|e| &e.name).collect()),
        (Kind::Role, def.roles.iter().map(|e| &e.name).collect()),
        (Kind::Agent, def.agents.iter().map(|e| &e.name).collect()),
        (Kind::Step, def.steps.iter().flatten().collect()),
        (Kind::Check, def.checks.iter().flatten().collect()),
        (Kind::Flow, def.flows.iter().map(|e| &e.name).collect()),
        (Kind::Chain, def.chains.iter().map(|e| &e.name).collect()),
    ];
    for (kind, names) in lists {
        let mut seen: HashMap<String, First> = HashMap::with_capacity(names.len() + 4);
        if kind == Kind::Queue {
            // Declared queues must not collide with the built-ins either.
            for builtin in crate::model::BUILTIN_QUEUES {
                seen.insert(identity(builtin), First::Builtin(builtin));
            }
        }
        for name in names {
            let noun = kind.noun();
            // One identity per name: computing it allocates, and there may be 20,000 names.
            let (first_name, first_span) = match seen.entry(identity(name.as_str())) {
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(First::Declared(name));
                    continue;
                }
                std::collections::hash_map::Entry::Occupied(entry) => match *entry.get() {
                    First::Builtin(builtin) => (builtin, None),
                    First::Declared(first) => (first.as_str(), Some(first.span.clone())),
                },
            };
            // The same spelling twice is a duplicate key or a repeated list entry, not a collision.
            if first_name == name.value {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                &NAME_COLLISION,
                name.span.clone(),
                format!(
                    "{noun} `{}` collides with {noun} `{first_name}`: they are equal ignoring case, `-` and `_`",
                    name.value
                ),
            )
            .label("collides")
            .help("generated constants would clash; rename one of them");
            if let Some(span) = first_span {
                diagnostic = diagnostic.related(span, "first defined here");
            }
            out.push(diagnostic);
        }
    }
    child_flow_names(cx, out);
}

/// A child flow is registered as its own flow `<name>_child`, so that name is taken too.
fn child_flow_names(cx: &Context, out: &mut Vec<Diagnostic>) {
    let flows = &cx.semantic.def.flows;
    let by_identity: HashMap<String, &Spanned<String>> = flows
        .iter()
        .map(|flow| (identity(flow.name.as_str()), &flow.name))
        .collect();
    for flow in flows.iter().filter(|f| f.value.child_flow.is_some()) {
        let child = format!("{}_child", flow.name.value);
        let Some(other) = by_identity.get(&identity(&child)) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &NAME_COLLISION,
                other.span.clone(),
                format!(
                    "flow `{}` collides with the child flow of `{}`, which is registered as `{child}`",
                    other.value, flow.name.value
                ),
            )
            .label("collides")
            .related(flow.name.span.clone(), "this flow's child flow")
            .help("rename this flow; a child flow takes the name `<flow>_child`"),
        );
    }
}
