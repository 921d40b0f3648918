//! `conflicting-agent-config`: one Octopoid agent configured in several places with different
//! values.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::octopoid::{AgentConfig, Findings, Context, Shape};
use crate::source::Span;
use crate::suggest::fold;

declare_rule! {
    /// ## What it does
    /// In an Octopoid project, reports a setting (`role`, `claim_from`, `model`, `max_turns`,
    /// `max_instances`, `interval_seconds`) that one agent is given different values for in
    /// different places: an `agents/<name>/agent.yaml` and an entry of the same name (or
    /// `agent_dir`) in `agents.yaml`, or two entries of the same name. The finding is at the
    /// value Octopoid does not use. A legacy entry overriding the defaults of its own
    /// blueprint is intended and not reported.
    ///
    /// ## Why is this bad?
    /// Only one of the values takes effect (`agents/*/agent.yaml` wins over `agents.yaml`
    /// entirely), so whoever edits the other one changes nothing and is not told.
    ///
    /// ## Example
    /// ```yaml
    /// # file: agents.yaml
    /// agents:
    ///   implementer:
    ///     role: implement
    ///     max_turns: 150
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// max_turns: 200
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: agents.yaml
    /// paused: false
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// max_turns: 200
    /// ```
    CONFLICTING_AGENT_CONFIG = ("OL505", "conflicting-agent-config", Warning, "One Octopoid agent is configured in several places with different values", native);
}

/// The settings compared, as text, with the file and span each is written at.
fn settings(agent: &AgentConfig) -> Vec<(&'static str, String, usize, Span)> {
    let mut out = Vec::new();
    let mut text = |key, field: Option<(String, usize, Span)>| {
        if let Some((value, file, span)) = field {
            out.push((key, value, file, span));
        }
    };
    let s = |f: &Option<crate::octopoid::Field<String>>| {
        f.as_ref()
            .map(|f| (f.value.clone(), f.file, f.span.clone()))
    };
    let n = |f: &Option<crate::octopoid::Field<u64>>| {
        f.as_ref()
            .map(|f| (f.value.to_string(), f.file, f.span.clone()))
    };
    text("role", s(&agent.role));
    text("claim_from", s(&agent.claim_from));
    text("model", s(&agent.model));
    text("max_turns", n(&agent.max_turns));
    text("max_instances", n(&agent.max_instances));
    text("interval_seconds", n(&agent.interval_seconds));
    out
}

/// The names one configuration answers to: its name, and the directory of its `agent_dir`.
fn identities(agent: &AgentConfig) -> Vec<String> {
    let mut names = vec![fold(&agent.name.value)];
    if let Some(dir) = &agent.agent_dir {
        let last = dir
            .value
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        names.push(fold(last));
    }
    names.dedup();
    names
}

pub fn check(cx: &Context, out: &mut Findings) {
    let configs = &cx.agents.configs;
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, config) in configs.iter().enumerate() {
        for name in identities(config) {
            groups.entry(name).or_default().push(index);
        }
    }
    let mut reported: Vec<(usize, Span)> = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        let primary = members
            .iter()
            .copied()
            .find(|i| cx.agents.pool_sources.contains(i))
            .unwrap_or(members[0]);
        let used = cx.agents.pool_sources.contains(&primary);
        for &other in members.iter().filter(|&&i| i != primary) {
            // A legacy entry overrides its blueprint's agent.yaml on purpose.
            if configs[primary].shape != Shape::AgentYaml
                && configs[other].shape == Shape::AgentYaml
            {
                continue;
            }
            for d in conflicts(cx, &configs[primary], &configs[other], used) {
                let key = (d.0, d.1.span.clone());
                if !reported.contains(&key) {
                    reported.push(key);
                    out.push(d.0, d.1);
                }
            }
        }
    }
}

/// A finding per setting `other` gives a different value than `primary`.
fn conflicts(
    cx: &Context,
    primary: &AgentConfig,
    other: &AgentConfig,
    used: bool,
) -> Vec<(usize, Diagnostic)> {
    let theirs = settings(primary);
    let mut found = Vec::new();
    for (key, value, file, span) in settings(other) {
        let Some((_, kept, kept_file, kept_span)) = theirs.iter().find(|(k, ..)| *k == key) else {
            continue;
        };
        if *kept == value {
            continue;
        }
        let line = cx.sources.files[*kept_file]
            .source
            .position(kept_span.start)
            .line;
        let whose = if used { ", which Octopoid uses" } else { "" };
        found.push((
            file,
            Diagnostic::new(
                &CONFLICTING_AGENT_CONFIG,
                span,
                format!(
                    "agent `{}` is configured with `{key}: {value}` here but `{key}: {kept}` in {}:{line}{whose}",
                    other.name.value,
                    cx.file_name(*kept_file)
                ),
            )
            .label("conflicting value")
            .help("configure each agent in one place: remove this value, or make the two agree"),
        ));
    }
    found
}
