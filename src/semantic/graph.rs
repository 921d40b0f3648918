//! A flow's queue graph: real breadth-first searches forward from the initial queue and
//! backward from the terminal queues, so orphaned cycles are found (in-degree counts miss them).

use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::model::{Spanned, Transition};
use crate::source::Span;

/// States of one flow and what can reach what.
#[derive(Debug, Default)]
pub struct FlowGraph<'a> {
    /// Every state in order of first appearance, with the span of that appearance.
    pub states: Vec<(&'a str, Span)>,
    /// Outgoing edges per state, including check and condition failure routes.
    pub exits: HashMap<&'a str, Vec<&'a str>>,
    /// States reachable from the initial queue.
    pub reachable: HashSet<&'a str>,
    /// States from which a terminal state or a dead end can be reached.
    pub can_finish: HashSet<&'a str>,
}

impl<'a> FlowGraph<'a> {
    pub fn new(
        initial: &'a str,
        transitions: &'a [Transition],
        is_terminal: impl Fn(&str) -> bool,
    ) -> Self {
        let mut graph = Self::default();
        let mut entries: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut seen: HashSet<&str> = HashSet::new();
        let mut note = |states: &mut Vec<(&'a str, Span)>, queue: &'a Spanned<String>| {
            if seen.insert(queue.as_str()) {
                states.push((queue.as_str(), queue.span.clone()));
            }
        };
        for t in transitions {
            note(&mut graph.states, &t.from);
            for target in t.targets() {
                note(&mut graph.states, target);
                graph
                    .exits
                    .entry(t.from.as_str())
                    .or_default()
                    .push(target.as_str());
                entries
                    .entry(target.as_str())
                    .or_default()
                    .push(t.from.as_str());
            }
        }
        graph.reachable = search([initial], &graph.exits);
        // A dead end is reported on its own; counting it as an end keeps the states that lead
        // into it from being reported a second time as having no path to a terminal.
        let ends = graph
            .states
            .iter()
            .map(|(q, _)| *q)
            .filter(|q| is_terminal(q) || !graph.exits.contains_key(q));
        graph.can_finish = search(ends, &entries);
        graph
    }

    pub fn has_exit(&self, queue: &str) -> bool {
        self.exits.contains_key(queue)
    }
}

fn search<'a>(
    start: impl IntoIterator<Item = &'a str>,
    edges: &HashMap<&'a str, Vec<&'a str>>,
) -> HashSet<&'a str> {
    let mut found: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    for state in start {
        if found.insert(state) {
            queue.push_back(state);
        }
    }
    while let Some(state) = queue.pop_front() {
        for &next in edges.get(state).into_iter().flatten() {
            if found.insert(next) {
                queue.push_back(next);
            }
        }
    }
    found
}
