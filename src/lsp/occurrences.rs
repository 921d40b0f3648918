//! Every place a role, queue, agent, step, check or flow name is written — definitions and
//! references — so navigation, hover and rename share one index.

use crate::model::Definition;
use crate::semantic::{Kind, Semantic};
use crate::source::Span;

/// One written name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence<'a> {
    pub kind: Kind,
    pub name: &'a str,
    pub span: Span,
    pub definition: bool,
}

pub fn occurrences<'a>(def: &'a Definition, semantic: &Semantic<'a>) -> Vec<Occurrence<'a>> {
    let mut found = Vec::new();
    let mut define = |kind, name: &'a crate::model::Spanned<String>| {
        found.push(Occurrence {
            kind,
            name: name.as_str(),
            span: name.span.clone(),
            definition: true,
        })
    };
    def.queues.iter().for_each(|q| define(Kind::Queue, &q.name));
    def.roles.iter().for_each(|r| define(Kind::Role, &r.name));
    def.agents.iter().for_each(|a| define(Kind::Agent, &a.name));
    def.flows.iter().for_each(|f| define(Kind::Flow, &f.name));
    def.chains.iter().for_each(|c| define(Kind::Chain, &c.name));
    def.steps
        .iter()
        .flatten()
        .for_each(|s| define(Kind::Step, s));
    def.checks
        .iter()
        .flatten()
        .for_each(|c| define(Kind::Check, c));
    found.extend(semantic.references.iter().map(|r| Occurrence {
        kind: r.kind,
        name: r.name.as_str(),
        span: r.name.span.clone(),
        definition: false,
    }));
    found
}

/// The occurrence under a byte offset (a cursor at either end of a name counts).
pub fn at<'o, 'a>(occurrences: &'o [Occurrence<'a>], offset: usize) -> Option<&'o Occurrence<'a>> {
    occurrences
        .iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)
}

/// The definition of a name, if it is declared in the file.
pub fn definition_of<'o, 'a>(
    occurrences: &'o [Occurrence<'a>],
    kind: Kind,
    name: &str,
) -> Option<&'o Occurrence<'a>> {
    occurrences
        .iter()
        .find(|o| o.definition && o.kind == kind && o.name == name)
}

/// Every occurrence of a name, in source order.
pub fn all_of<'o, 'a>(
    occurrences: &'o [Occurrence<'a>],
    kind: Kind,
    name: &'o str,
) -> impl Iterator<Item = &'o Occurrence<'a>> {
    occurrences
        .iter()
        .filter(move |o| o.kind == kind && o.name == name)
}
