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

    /// The reachable states from which no end can be reached, grouped: states joined by a
    /// transition are one group, since one missing way out strands them all. Groups, and
    /// the states in each, in order of first appearance.
    pub fn cycling_groups(&self) -> Vec<Vec<(&'a str, Span)>> {
        let stuck: Vec<&(&'a str, Span)> = self
            .states
            .iter()
            .filter(|(q, _)| self.reachable.contains(q) && self.has_exit(q))
            .filter(|(q, _)| !self.can_finish.contains(q))
            .collect();
        let index: HashMap<&str, usize> = stuck
            .iter()
            .enumerate()
            .map(|(i, (q, _))| (*q, i))
            .collect();
        // Union-find over the transitions between stuck states.
        let mut parent: Vec<usize> = (0..stuck.len()).collect();
        fn root(parent: &mut [usize], mut at: usize) -> usize {
            while parent[at] != at {
                parent[at] = parent[parent[at]];
                at = parent[at];
            }
            at
        }
        for (i, (queue, _)) in stuck.iter().enumerate() {
            for next in self.exits.get(queue).into_iter().flatten() {
                if let Some(&j) = index.get(next) {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut groups: Vec<(usize, Vec<(&'a str, Span)>)> = Vec::new();
        for (i, (queue, span)) in stuck.iter().enumerate() {
            let group = root(&mut parent, i);
            match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, members)) => members.push((queue, span.clone())),
                None => groups.push((group, vec![(queue, span.clone())])),
            }
        }
        groups.into_iter().map(|(_, members)| members).collect()
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
