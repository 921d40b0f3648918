//! Turns the spanned YAML tree into the typed model, reporting every structural problem
//! (`duplicate-key`, `unknown-key`, `invalid-value`, `missing-field`) instead of stopping
//! at the first. Whatever can be understood is kept, so later rules still see it.

use foldhash::{HashMap, HashMapExt};

use super::read::{Decode, Enumerated, Map, Reader};
use super::spanned::EntryBody;
use super::{
    Agent, BUILTIN_QUEUES, BUILTIN_TERMINAL, ChildFlow, Condition, ConditionKind, Definition, Flow,
    Generate, Lint, NameMap, Named, Orchestrator, Outcome, Queue, Role, RuleLevel, Spanned,
    TargetOutput, Transition,
};
use super::{
    Budget, Capability, Chain, ChainStep, FileScope, Interface, Policy, Recovery, RoleKind, Route,
    Step, StepRegistry, Verdict, parse_duration,
};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::structural::{duplicate_key, invalid_value, missing_field, unknown_key};
use crate::source::Span;
use crate::suggest::suggestions;
use crate::yaml::{Document, NodeId, NodeKind, ScalarKind, ScalarStyle, Schema};

/// The format version this build reads.
pub const SUPPORTED_VERSION: u64 = 1;

/// Decodes a syntactically valid document into a [`Definition`], appending diagnostics.
pub fn decode(
    doc: &Document,
    text: &str,
    out: &mut Vec<Diagnostic>,
    rule_names: &[&str],
) -> Definition {
    let mut reader = Reader::new(doc, text, out);
    reader.document_problems();
    let Some(root) = doc.root else {
        reader.out.push(
            Diagnostic::new(
                &missing_field::MISSING_FIELD,
                0..0,
                "the definition is empty: `version` is required",
            )
            .help(format!(
                "start the file with `version: {SUPPORTED_VERSION}`"
            )),
        );
        return Definition::default();
    };
    reader.definition(root, rule_names)
}

/// Reports what is wrong with a parsed YAML file whatever its schema: duplicate keys, tags
/// outside the core schema, documents after the first.
pub fn document_problems(doc: &Document, text: &str, out: &mut Vec<Diagnostic>) {
    Reader::new(doc, text, out).document_problems();
}

/// Decodes an Octopoid `flows/<name>.yaml` file: its `name` and its flow (`description`,
/// `transitions`, `child_flow`), read exactly like a definition's flows. Keys octolint's format
/// has but Octopoid does not read (`initial`, a transition's `role` and `description`, a
/// condition's `description`, anything but a child flow's `transitions`) are unknown keys.
/// Document-level problems are reported too. `None` when the file has no document.
pub fn decode_flow_file(
    doc: &Document,
    text: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<(Option<Spanned<String>>, Flow)> {
    let mut reader = Reader::new(doc, text, out);
    reader.document_problems();
    reader.flow_file(doc.root?)
}

impl Reader<'_> {
    /// Whether the document is one of Octopoid's own files: its flows have no descriptions,
    /// roles or actions on transitions.
    fn octopoid_file(&self) -> bool {
        self.doc.schema == Schema::PyYaml
    }

    /// A name-keyed mapping. Duplicate names keep their first entry (the duplicate is reported).
    fn name_map<T>(
        &mut self,
        id: NodeId,
        what: &str,
        mut entry: impl FnMut(&mut Self, &Spanned<String>, NodeId) -> Option<T>,
    ) -> NameMap<T> {
        let Some(map) = self.map(id, &format!("`{what}`")) else {
            return NameMap::default();
        };
        // Sized once: a large definition's roles would otherwise be copied as the list grows,
        // holding the old and the new list at once.
        let mut entries = Vec::with_capacity(map.entries.len());
        let mut seen: HashMap<&str, ()> = HashMap::with_capacity(map.entries.len());
        for item in &map.entries {
            if seen.insert(item.key.as_str(), ()).is_some() {
                continue;
            }
            if let Some(body) = entry(self, &item.key, item.value) {
                entries.push(Named {
                    name: item.key.clone(),
                    value: body,
                });
            }
        }
        entries.into_iter().collect()
    }

    fn struct_entry<T: EntryBody>(
        &mut self,
        id: NodeId,
        what: &str,
        read: impl FnOnce(&mut Self, &mut Map) -> T,
    ) -> Option<T> {
        let mut object = self.map(id, what)?;
        let value = read(self, &mut object);
        self.finish(object, what);
        Some(value)
    }

    fn definition(&mut self, root: NodeId, rule_names: &[&str]) -> Definition {
        let Some(mut object) = self.map(root, "the definition") else {
            return Definition::default();
        };
        let mut def = Definition::default();
        match self.field(&mut object, "version") {
            Some(id) => {
                def.version = match self.doc.scalar_kind(id) {
                    Some(ScalarKind::Int(Some(n))) if n == SUPPORTED_VERSION as i64 => {
                        Some(Spanned::new(SUPPORTED_VERSION, self.span(id)))
                    }
                    found => {
                        let message = match found {
                            Some(ScalarKind::Int(_)) => format!(
                                "unsupported version `{}`; this octolint reads version {SUPPORTED_VERSION}",
                                &self.text[self.span(id)]
                            ),
                            _ => format!(
                                "expected `{SUPPORTED_VERSION}` for `version`, found {}",
                                self.found(id)
                            ),
                        };
                        self.out.push(
                            Diagnostic::new(&invalid_value::INVALID_VALUE, self.span(id), message)
                                .help(format!("write `version: {SUPPORTED_VERSION}`"))
                                .suggestion(SUPPORTED_VERSION.to_string()),
                        );
                        None
                    }
                };
            }
            None => {
                let span = object
                    .entries
                    .first()
                    .map_or(0..0, |entry| entry.key.span.clone());
                self.out.push(
                    Diagnostic::new(
                        &missing_field::MISSING_FIELD,
                        span,
                        "the definition has no `version`",
                    )
                    .help(format!("add `version: {SUPPORTED_VERSION}` at the top")),
                );
            }
        }
        if let Some(id) = self.field(&mut object, "scope") {
            def.scope = self.string(id, "scope");
        }
        if let Some(id) = self.field(&mut object, "orchestrator") {
            def.orchestrator = self.struct_entry(id, "`orchestrator`", |d, o| Orchestrator {
                cluster: d.get(o, "cluster"),
                machine_id: d.get(o, "machine_id"),
                repo_url: d.get(o, "repo_url"),
            });
        }
        if let Some(id) = self.field(&mut object, "queues") {
            def.queues = self.name_map(id, "queues", |d, name, value| {
                d.struct_entry(value, &format!("queue `{}`", name.value), |d, o| {
                    let queue = Queue {
                        description: d.get(o, "description"),
                        terminal: d.get(o, "terminal"),
                        outcome: d.get(o, "outcome"),
                    };
                    d.check_builtin_terminal(name, queue.terminal.as_ref());
                    d.check_outcome(name, &queue);
                    queue
                })
            });
        }
        if let Some(id) = self.field(&mut object, "roles") {
            def.roles = self.name_map(id, "roles", |d, name, value| {
                d.struct_entry(value, &format!("role `{}`", name.value), |d, o| d.role(o))
            });
        }
        if let Some(id) = self.field(&mut object, "agents") {
            def.agents = self.name_map(id, "agents", |d, name, value| d.agent(name, value));
        }
        if let Some(id) = self.field(&mut object, "steps") {
            def.steps = self.steps(id);
        }
        if let Some(id) = self.field(&mut object, "checks") {
            def.checks = self.registry(id, "checks");
        }
        if let Some(id) = self.field(&mut object, "flows") {
            def.flows = self.name_map(id, "flows", |d, name, value| d.flow(name, value));
        }
        if let Some(id) = self.field(&mut object, "chains") {
            def.chains = self.name_map(id, "chains", |d, name, value| d.chain(name, value));
        }
        if let Some(id) = self.field(&mut object, "policy") {
            def.policy = self.struct_entry(id, "`policy`", |d, o| Policy {
                models: d.get(o, "models"),
                write_tools: d.get(o, "write_tools"),
                max_chain_length: d.get(o, "max_chain_length"),
                defaults: d.field(o, "defaults").and_then(|id| {
                    d.struct_entry(id, "`policy.defaults`", |d, o| {
                        let (model, max_turns, max_spend, timeout) = d.budget(o);
                        Budget {
                            model,
                            max_turns,
                            max_spend,
                            timeout,
                        }
                    })
                }),
                escalation: d
                    .field(o, "escalation")
                    .map(|id| d.escalation_table(id))
                    .unwrap_or_default(),
                read_only_tools: d.get(o, "read_only_tools"),
                require_tests: d.get(o, "require_tests"),
                orchestrate_above: d.get(o, "orchestrate_above"),
            });
        }
        if let Some(id) = self.field(&mut object, "lint") {
            def.lint = self.struct_entry(id, "`lint`", |d, o| Lint {
                rules: d
                    .field(o, "rules")
                    .map(|id| d.rule_levels(id, rule_names))
                    .unwrap_or_default(),
            });
        }
        if let Some(id) = self.field(&mut object, "generate") {
            def.generate = self.struct_entry(id, "`generate`", |d, o| {
                let mut target = |d: &mut Self, key: &'static str| {
                    let id = d.field(o, key)?;
                    d.struct_entry(id, &format!("target `{key}`"), |d, o| TargetOutput {
                        out: d.get(o, "out"),
                    })
                };
                Generate {
                    payloads: target(d, "payloads"),
                    python: target(d, "python"),
                    typescript: target(d, "typescript"),
                    rust: target(d, "rust"),
                    octopoid: target(d, "octopoid"),
                    mermaid: target(d, "mermaid"),
                    dot: target(d, "dot"),
                    dispatch: target(d, "dispatch"),
                }
            });
        }
        self.finish(object, "the definition");
        def
    }

    /// Built-in queues keep their meaning: `done` and `failed` are terminal, the others not.
    fn check_builtin_terminal(&mut self, name: &Spanned<String>, terminal: Option<&Spanned<bool>>) {
        let Some(terminal) = terminal else {
            return;
        };
        let builtin_terminal = BUILTIN_TERMINAL.contains(&name.as_str());
        if !BUILTIN_QUEUES.contains(&name.as_str()) || terminal.value == builtin_terminal {
            return;
        }
        let message = if builtin_terminal {
            format!("the built-in queue `{}` is always terminal", name.value)
        } else {
            format!("the built-in queue `{}` cannot be terminal", name.value)
        };
        self.out.push(
            Diagnostic::new(
                &invalid_value::INVALID_VALUE,
                terminal.span.clone(),
                message,
            )
            .help("remove `terminal:`, or declare a queue of your own with `terminal: true`"),
        );
    }

    /// An `outcome` belongs to a terminal queue, and a built-in one keeps its own.
    fn check_outcome(&mut self, name: &Spanned<String>, queue: &Queue) {
        let Some(outcome) = &queue.outcome else {
            return;
        };
        let terminal = BUILTIN_TERMINAL.contains(&name.as_str())
            || queue.terminal.as_ref().is_some_and(|t| t.value);
        let (message, help) = match Outcome::of_builtin(name.as_str()) {
            Some(builtin) if builtin != outcome.value => (
                format!(
                    "the built-in queue `{}` always ends in {}, not {}",
                    name.value,
                    builtin.name(),
                    outcome.value.name()
                ),
                "remove `outcome:`, or declare a terminal queue of your own with this outcome"
                    .to_string(),
            ),
            _ if !terminal => (
                format!(
                    "`outcome` applies only to terminal queues, and queue `{}` is not terminal",
                    name.value
                ),
                "add `terminal: true` if tasks end here, or remove `outcome:`".to_string(),
            ),
            _ => return,
        };
        self.out.push(
            Diagnostic::new(&invalid_value::INVALID_VALUE, outcome.span.clone(), message)
                .help(help),
        );
    }

    /// A registry list (`steps`, `checks`); an entry listed twice is reported.
    fn registry(&mut self, id: NodeId, what: &str) -> Option<Vec<Spanned<String>>> {
        let list = self.strings(id, what)?;
        let mut first: HashMap<&str, &Spanned<String>> = HashMap::new();
        for entry in &list {
            if let Some(earlier) = first.get(entry.as_str()) {
                self.out.push(
                    Diagnostic::new(
                        &duplicate_key::DUPLICATE_KEY,
                        entry.span.clone(),
                        format!("`{}` is listed twice in `{what}`", entry.value),
                    )
                    .label("listed again here")
                    .related(earlier.span.clone(), "first listed here")
                    .help("remove the repeated entry"),
                );
            } else {
                first.insert(entry.as_str(), entry);
            }
        }
        Some(list)
    }

    fn agent(&mut self, name: &Spanned<String>, value: NodeId) -> Option<Agent> {
        let what = format!("agent `{}`", name.value);
        self.struct_entry(value, &what, |d, o| {
            let role = d.get(o, "role");
            if role.is_none() && d.key_span(o, "role").is_none() {
                d.out.push(
                    Diagnostic::new(
                        &missing_field::MISSING_FIELD,
                        name.span.clone(),
                        format!("agent `{}` has no `role`", name.value),
                    )
                    .label("no role")
                    .help("every agent is bound to exactly one role: add `role: <role name>`"),
                );
            }
            Agent {
                role,
                description: d.get(o, "description"),
                model: d.get(o, "model"),
                max_turns: d.get(o, "max_turns"),
                max_instances: d.get(o, "max_instances"),
                interval_seconds: d.get(o, "interval_seconds"),
                tools: d.get(o, "tools"),
                max_spend: d.get_with(o, "max_spend", Self::spend),
                timeout: d.get_with(o, "timeout", Self::duration),
            }
        })
    }

    fn role(&mut self, o: &mut Map) -> Role {
        let (model, max_turns, max_spend, timeout) = self.budget(o);
        Role {
            description: self.get(o, "description"),
            claims_from: self.get(o, "claims_from"),
            kind: self.get(o, "kind"),
            interface: self.get(o, "interface"),
            capabilities: self.field(o, "capabilities").and_then(|id| {
                let items = self.seq(id, "`capabilities`")?;
                Some(
                    items
                        .into_iter()
                        .filter_map(|item| self.enumerated(item, "capability", &Capability::ALL))
                        .collect(),
                )
            }),
            tools: self.get(o, "tools"),
            forbidden_commands: self.get(o, "forbidden_commands"),
            model,
            max_turns,
            max_spend,
            timeout,
            escalation: self
                .field(o, "escalation")
                .map(|id| {
                    self.name_map(id, "escalation", |d, reason, value| {
                        d.route(value, &format!("the `{}` escalation route", reason.value))
                    })
                })
                .unwrap_or_default(),
            files: self.field(o, "files").and_then(|id| {
                self.struct_entry(id, "`files`", |d, o| FileScope {
                    writable: d.get(o, "writable"),
                    read_only: d.get(o, "read_only"),
                    max_file_lines: d.get(o, "max_file_lines"),
                })
                .map(Box::new)
            }),
            verdicts: self.field(o, "verdicts").and_then(|id| {
                let items = self.seq(id, "`verdicts`")?;
                Some(
                    items
                        .into_iter()
                        .filter_map(|item| Decode::decode(self, item, "verdict"))
                        .collect(),
                )
            }),
            evidence: self.get(o, "evidence"),
            prompt: self.get(o, "prompt"),
            prompt_file: self.get(o, "prompt_file"),
        }
    }

    /// The budget fields shared by roles and `policy.defaults`.
    #[allow(clippy::type_complexity)]
    fn budget(
        &mut self,
        o: &mut Map,
    ) -> (
        Option<Spanned<String>>,
        Option<Spanned<u64>>,
        Option<Spanned<f64>>,
        Option<Spanned<u64>>,
    ) {
        let model = self.get(o, "model");
        let max_turns = self.get(o, "max_turns");
        let max_spend = self.get_with(o, "max_spend", Self::spend);
        let timeout = self.get_with(o, "timeout", Self::duration);
        (model, max_turns, max_spend, timeout)
    }

    /// `policy.escalation`: routes by reason, or one route, which is the `default`.
    fn escalation_table(&mut self, id: NodeId) -> NameMap<Route> {
        // One route has the keys of a route; a table has reasons.
        let doc = self.doc;
        let is_route = match doc.resolve(id).map(|r| &doc.node(r).kind) {
            Some(NodeKind::Mapping(entries)) => entries.iter().any(|(key, _)| {
                matches!(doc.scalar_str(key), Some("to" | "recovery" | "artifact"))
            }),
            _ => false,
        };
        if is_route {
            let span = self.head_span(id);
            return self
                .route(id, "the default escalation route")
                .map(|route| Named {
                    name: Spanned::new("default".to_string(), span),
                    value: route,
                })
                .into_iter()
                .collect();
        }
        self.name_map(id, "policy.escalation", |d, reason, value| {
            d.route(
                value,
                &format!("the project's `{}` escalation route", reason.value),
            )
        })
    }

    fn route(&mut self, id: NodeId, what: &str) -> Option<Route> {
        let head = self.head_span(id);
        self.struct_entry(id, what, |d, o| {
            let to = d.get(o, "to");
            let recovery = d.get(o, "recovery");
            let route = Route {
                to,
                recovery,
                artifact: d.get_or_near_miss(o, "artifact"),
            };
            for (field, help) in [
                ("to", "name the role that takes the work over: `to: <role>`"),
                (
                    "recovery",
                    "add `recovery:` (retry, revise, review, split, reroute or add-role)",
                ),
            ] {
                if d.key_span(o, field).is_none() {
                    d.out.push(
                        Diagnostic::new(
                            &missing_field::MISSING_FIELD,
                            head.clone(),
                            format!("{what} has no `{field}`"),
                        )
                        .help(help),
                    );
                }
            }
            route
        })
    }

    /// `steps:` as a list of names, or as a mapping of names to what each step needs.
    fn steps(&mut self, id: NodeId) -> Option<StepRegistry> {
        let resolved = self.doc.resolve(id)?;
        // Null is an empty mapping, so an empty registry (docs/format.md); other scalars are
        // neither form.
        if matches!(self.doc.node(resolved).kind, NodeKind::Scalar { .. })
            && self.doc.scalar_kind(resolved) != Some(ScalarKind::Null)
        {
            self.invalid(
                id,
                "a list of step names, or a mapping of steps, for `steps`",
            );
            return None;
        }
        if matches!(self.doc.node(resolved).kind, NodeKind::Sequence(_)) {
            let names = self.registry(id, "steps")?;
            return Some(StepRegistry(
                names
                    .into_iter()
                    .map(|name| Named {
                        name,
                        value: Step::default(),
                    })
                    .collect(),
            ));
        }
        let map = self.name_map(id, "steps", |d, name, value| {
            d.struct_entry(value, &format!("step `{}`", name.value), |d, o| Step {
                description: d.get(o, "description"),
                tools: d.get(o, "tools"),
                commands: d.get(o, "commands"),
                writes: d.get(o, "writes"),
            })
        });
        Some(StepRegistry(map))
    }

    fn chain(&mut self, name: &Spanned<String>, value: NodeId) -> Option<Chain> {
        let what = format!("chain `{}`", name.value);
        self.struct_entry(value, &what, |d, o| {
            let description = d.get(o, "description");
            let steps = match d.field(o, "steps") {
                Some(id) => d.seq(id, "`steps`").map(|items| {
                    items
                        .into_iter()
                        .filter_map(|item| {
                            let head = d.head_span(item);
                            d.struct_entry(item, "a chain step", |d, o| {
                                if d.key_span(o, "role").is_none() {
                                    d.out.push(
                                        Diagnostic::new(
                                            &missing_field::MISSING_FIELD,
                                            head.clone(),
                                            "chain step has no `role`",
                                        )
                                        .help("name the role that does this part: `role: <role>`"),
                                    );
                                }
                                let role = d.get(o, "role");
                                let description = d.get(o, "description");
                                let runs = d.get(o, "runs");
                                let checkpoint = d.get(o, "checkpoint");
                                // Read last, so a misspelling of either is taken for it.
                                let needs = d.get_or_near_miss(o, "needs");
                                let hands_off = d.get_or_near_miss(o, "hands_off");
                                ChainStep {
                                    role,
                                    description,
                                    needs,
                                    hands_off,
                                    runs,
                                    checkpoint,
                                }
                            })
                        })
                        .collect()
                }),
                None => {
                    d.out.push(
                        Diagnostic::new(
                            &missing_field::MISSING_FIELD,
                            name.span.clone(),
                            format!("{what} has no `steps`"),
                        )
                        .help("list the chain's roles in order: `steps: [{role: plan}, {role: code}]`"),
                    );
                    None
                }
            };
            Chain {
                description,
                steps,
                inputs: d.get(o, "inputs"),
            }
        })
    }

    /// A positive amount of money.
    fn spend(&mut self, id: NodeId, what: &str) -> Option<Spanned<f64>> {
        let text = self.doc.scalar_str(id).unwrap_or_default();
        let value = match self.doc.scalar_kind(id) {
            Some(ScalarKind::Int(Some(n))) => Some(n as f64),
            Some(ScalarKind::Float) => text.parse::<f64>().ok(),
            _ => None,
        };
        match value.filter(|v| v.is_finite() && *v > 0.0) {
            Some(v) => Some(Spanned::new(v, self.span(id))),
            None => {
                self.invalid(id, &format!("a positive amount for `{what}`"));
                None
            }
        }
    }

    /// A positive duration: whole seconds, or `90s`, `30m`, `2h`.
    fn duration(&mut self, id: NodeId, what: &str) -> Option<Spanned<u64>> {
        let seconds = match self.doc.scalar_kind(id) {
            Some(ScalarKind::Int(Some(n))) if n > 0 => Some(n.unsigned_abs()),
            Some(ScalarKind::Str) => self.doc.scalar_str(id).and_then(parse_duration),
            _ => None,
        };
        match seconds {
            Some(seconds) => Some(Spanned::new(seconds, self.span(id))),
            None => {
                self.invalid(
                    id,
                    &format!("a duration for `{what}` (seconds, or e.g. `90s`, `30m`, `2h`)"),
                );
                None
            }
        }
    }

    /// An Octopoid flow file: `name`, `description`, `transitions` and a `child_flow` of which
    /// Octopoid reads only the `transitions`.
    fn flow_file(&mut self, root: NodeId) -> Option<(Option<Spanned<String>>, Flow)> {
        let mut object = self.map(root, "a flow file")?;
        let name: Option<Spanned<String>> = self.get(&mut object, "name");
        let owner = name.clone().unwrap_or_default();
        if name.is_none() && self.key_span(&object, "name").is_none() {
            self.out.push(
                Diagnostic::new(
                    &missing_field::MISSING_FIELD,
                    self.head_span(root),
                    "the flow file has no `name`: Octopoid cannot load it",
                )
                .help("add `name: <flow name>` (usually the file name without `.yaml`)"),
            );
        }
        let description = self.get(&mut object, "description");
        let (transitions, malformed) = self.transitions(&mut object, &owner.span, "the flow");
        let child_key = self.key_span(&object, "child_flow");
        let child_flow = self.field(&mut object, "child_flow").and_then(|id| {
            let key = child_key.unwrap_or_default();
            self.struct_entry(id, "the child flow", |d, o| {
                let (transitions, malformed) = d.transitions(o, &key, "the child flow");
                ChildFlow {
                    transitions,
                    malformed,
                    ..ChildFlow::default()
                }
            })
            .map(Box::new)
        });
        self.finish(object, "the flow file");
        let flow = Flow {
            description,
            initial: None,
            transitions,
            child_flow,
            malformed,
        };
        Some((name, flow))
    }

    fn flow(&mut self, name: &Spanned<String>, value: NodeId) -> Option<Flow> {
        let what = format!("flow `{}`", name.value);
        self.struct_entry(value, &what, |d, o| {
            let description = d.get(o, "description");
            let initial = d.get(o, "initial");
            let (transitions, malformed) = d.transitions(o, &name.span, &what);
            let child_key = d.key_span(o, "child_flow");
            let child_flow = d.field(o, "child_flow").and_then(|id| {
                let what = format!("the child flow of `{}`", name.value);
                let key = child_key.clone().unwrap_or_else(|| name.span.clone());
                d.struct_entry(id, &what, |d, o| {
                    let description = d.get(o, "description");
                    let initial = d.get(o, "initial");
                    let (transitions, malformed) = d.transitions(o, &key, &what);
                    ChildFlow {
                        description,
                        initial,
                        transitions,
                        malformed,
                    }
                })
                .map(Box::new)
            });
            Flow {
                description,
                initial,
                transitions,
                child_flow,
                malformed,
            }
        })
    }

    /// The transitions of a flow, and whether any could not be read (then graph rules skip
    /// the flow rather than report the gaps the unreadable transitions leave).
    fn transitions(
        &mut self,
        object: &mut Map,
        owner: &Span,
        what: &str,
    ) -> (Vec<Transition>, bool) {
        let Some(id) = self.field(object, "transitions") else {
            self.out.push(
                Diagnostic::new(
                    &missing_field::MISSING_FIELD,
                    owner.clone(),
                    format!("{what} has no `transitions`"),
                )
                .help("add `transitions:` with entries keyed `\"<from> -> <to>\"`"),
            );
            return (Vec::new(), true);
        };
        let Some(map) = self.map(id, "`transitions`") else {
            return (Vec::new(), true);
        };
        let mut malformed = false;
        // The first key of each pair: its span and its node.
        let mut seen: HashMap<(String, String), (Span, NodeId)> =
            HashMap::with_capacity(map.entries.len());
        let mut transitions = Vec::with_capacity(map.entries.len());
        for entry in &map.entries {
            let (key, value) = (entry.key_node, entry.value);
            let Some((from, to)) = self.transition_key(key) else {
                malformed = true;
                continue;
            };
            let pair = (from.value.clone(), to.value.clone());
            if let Some((first, first_key)) = seen.get(&pair) {
                // Keys with the same value were already reported as duplicate keys.
                if self.text[first.clone()] != self.text[self.span(key)]
                    && self.doc.scalar_str(*first_key) != self.doc.scalar_str(key)
                {
                    self.out.push(
                        Diagnostic::new(
                            &duplicate_key::DUPLICATE_KEY,
                            self.span(key),
                            format!("transition `{} -> {}` is defined twice", pair.0, pair.1),
                        )
                        .label("defined again here")
                        .related(first.clone(), "first defined here")
                        .help("merge the two entries; only the first is used"),
                    );
                }
                continue;
            }
            seen.insert(pair, (self.span(key), key));
            let what = format!("transition `{} -> {}`", from.value, to.value);
            let key_span = self.span(key);
            if let Some(transition) = self.struct_entry(value, &what, |d, o| {
                // Octopoid reads neither a transition's description, its role nor its action:
                // in its files they are unknown keys.
                let native = d.octopoid_file();
                let t = Transition {
                    key: key_span,
                    from,
                    to,
                    description: (!native).then(|| d.get(o, "description")).flatten(),
                    role: (!native).then(|| d.get(o, "role")).flatten(),
                    agent: d.get(o, "agent"),
                    runs: d.get(o, "runs"),
                    checks: d.get(o, "checks"),
                    on_checks_fail: d.get(o, "on_checks_fail"),
                    conditions: d.field(o, "conditions").and_then(|id| d.conditions(id)),
                    action: (!native)
                        .then(|| d.field(o, "action"))
                        .flatten()
                        .and_then(|id| d.enumerated(id, "action", &Capability::ALL)),
                };
                if let Some(fail) = &t.on_checks_fail
                    && t.checks.as_ref().is_none_or(Vec::is_empty)
                {
                    d.out.push(
                        Diagnostic::new(
                            &invalid_value::INVALID_VALUE,
                            fail.span.clone(),
                            "`on_checks_fail` has no effect: this transition has no `checks`",
                        )
                        .help("add the `checks:` it should route on, or remove `on_checks_fail:`"),
                    );
                }
                t
            }) {
                transitions.push(transition);
            } else {
                malformed = true;
            }
        }
        (transitions, malformed)
    }

    /// Splits `"<from> -> <to>"`, spanning each queue name inside the key where the key's
    /// source text allows it (plain, or quoted without escapes).
    fn transition_key(&mut self, key: NodeId) -> Option<(Spanned<String>, Spanned<String>)> {
        let Some(text) = self.doc.scalar_str(key).map(str::to_string) else {
            self.invalid(key, "a transition key `\"<from> -> <to>\"`");
            return None;
        };
        let span = self.span(key);
        let parsed = text.split_once("->").and_then(|(from, to)| {
            let (from_trimmed, to_trimmed) = (from.trim(), to.trim());
            let valid = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
            (valid(from_trimmed) && valid(to_trimmed) && !to_trimmed.contains("->")).then(|| {
                let from_at = from.len() - from.trim_start().len();
                let to_at = text.len() - to.len() + (to.len() - to.trim_start().len());
                ((from_trimmed, from_at), (to_trimmed, to_at))
            })
        });
        let Some(((from, from_at), (to, to_at))) = parsed else {
            self.out.push(
                Diagnostic::new(
                    &invalid_value::INVALID_VALUE,
                    span,
                    format!("transition key `{text}` is not of the form `<from> -> <to>`"),
                )
                .help("write the source and target queues separated by `->`, e.g. `incoming -> claimed`"),
            );
            return None;
        };
        let source = &self.text[span.clone()];
        let base = match &self.doc.node(key).kind {
            NodeKind::Scalar {
                style: ScalarStyle::Plain,
                ..
            } if source == text => Some(span.start),
            NodeKind::Scalar {
                style: ScalarStyle::Quoted,
                ..
            } if source.len() == text.len() + 2 && source[1..source.len() - 1] == text => {
                Some(span.start + 1)
            }
            _ => None,
        };
        let at = |offset: usize, len: usize| match base {
            Some(base) => base + offset..base + offset + len,
            None => span.clone(),
        };
        Some((
            Spanned::new(from.to_string(), at(from_at, from.len())),
            Spanned::new(to.to_string(), at(to_at, to.len())),
        ))
    }

    fn conditions(&mut self, id: NodeId) -> Option<Vec<Condition>> {
        let resolved = self.doc.resolve(id)?;
        let NodeKind::Sequence(items) = &self.doc.node(resolved).kind else {
            self.invalid(id, "a list of conditions for `conditions`");
            return None;
        };
        let mut conditions = Vec::new();
        for item in items.iter() {
            if let Some(condition) = self.condition(item) {
                conditions.push(condition);
            }
        }
        Some(conditions)
    }

    fn condition(&mut self, id: NodeId) -> Option<Condition> {
        let head = self.head_span(id);
        self.struct_entry(id, "a condition", |d, o| {
            let condition = Condition {
                name: d.get(o, "name"),
                kind: d.get(o, "type"),
                description: (!d.octopoid_file())
                    .then(|| d.get(o, "description"))
                    .flatten(),
                agent: d.get(o, "agent"),
                script: d.get(o, "script"),
                on_fail: d.get(o, "on_fail"),
                skip: d.get(o, "skip"),
            };
            let mut missing = |field: &str, why: &str| {
                if d.key_span(o, field).is_none() {
                    d.out.push(
                        Diagnostic::new(
                            &missing_field::MISSING_FIELD,
                            head.clone(),
                            format!("condition has no `{field}`"),
                        )
                        .help(why.to_string()),
                    );
                }
            };
            missing("name", "add `name:` so the condition can be identified");
            missing(
                "type",
                "add `type: agent`, `type: script` or `type: manual`",
            );
            match condition.kind.as_ref().map(|k| k.value) {
                Some(ConditionKind::Agent) => missing(
                    "agent",
                    "a `type: agent` condition names the deciding `agent:`",
                ),
                Some(ConditionKind::Script) => missing(
                    "script",
                    "a `type: script` condition names the `script:` to run",
                ),
                _ => {}
            }
            if let Some(kind) = &condition.kind {
                let (name, allowed_agent, allowed_script) = match kind.value {
                    ConditionKind::Agent => ("agent", true, false),
                    ConditionKind::Script => ("script", false, true),
                    ConditionKind::Manual => ("manual", false, false),
                };
                for (field, allowed, value) in [
                    ("agent", allowed_agent, condition.agent.as_ref()),
                    ("script", allowed_script, condition.script.as_ref()),
                ] {
                    if let Some(value) = value.filter(|_| !allowed) {
                        d.out.push(
                            Diagnostic::new(
                                &invalid_value::INVALID_VALUE,
                                value.span.clone(),
                                format!("`{field}` has no meaning on a `type: {name}` condition"),
                            )
                            .related(
                                kind.span.clone(),
                                format!("the condition is `type: {name}`"),
                            )
                            .help(format!(
                                "remove `{field}:`, or change the condition's `type`"
                            )),
                        );
                    }
                }
            }
            condition
        })
    }

    /// `lint.rules`: each key one of `rule_names` (the rules sit above the model, so the
    /// caller names them).
    fn rule_levels(
        &mut self,
        id: NodeId,
        rule_names: &[&str],
    ) -> Vec<(Spanned<String>, Spanned<RuleLevel>)> {
        let Some(map) = self.map(id, "`lint.rules`") else {
            return Vec::new();
        };
        let mut levels = Vec::new();
        for entry in map.entries {
            let (name, value) = (entry.key, entry.value);
            // Codes may be written in any case (`ol402`), as everywhere else.
            let known = rule_names.contains(&name.value.as_str())
                || rule_names.contains(&name.value.to_ascii_uppercase().as_str());
            if !known {
                let candidates = suggestions(&name.value, rule_names.iter().copied());
                self.out.push(
                    Diagnostic::new(
                        &unknown_key::UNKNOWN_KEY,
                        name.span.clone(),
                        format!(
                            "`{}` is not a rule name, a rule code or a family's code prefix (`OL4`)",
                            name.value
                        ),
                    )
                    .did_you_mean(&candidates),
                );
                continue;
            }
            if let Some(level) = self.enumerated(value, "rule level", &RuleLevel::ALL) {
                levels.push((name, level));
            }
        }
        levels
    }
}

impl EntryBody for FileScope {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for Queue {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for Role {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for Agent {
    const MAY_BE_EMPTY: bool = false;
}
impl EntryBody for Flow {
    const MAY_BE_EMPTY: bool = false;
}
impl EntryBody for Orchestrator {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for ChildFlow {
    const MAY_BE_EMPTY: bool = false;
}
impl EntryBody for Transition {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for Condition {
    const MAY_BE_EMPTY: bool = false;
}
impl EntryBody for Generate {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for TargetOutput {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for ChainStep {
    const MAY_BE_EMPTY: bool = false;
}
impl EntryBody for Chain {
    const MAY_BE_EMPTY: bool = false;
}
impl EntryBody for Route {
    const MAY_BE_EMPTY: bool = false;
}
impl EntryBody for Step {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for Policy {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for Budget {
    const MAY_BE_EMPTY: bool = true;
}
impl EntryBody for Lint {
    const MAY_BE_EMPTY: bool = true;
}

impl Enumerated for Outcome {
    const NAMES: &'static [(&'static str, Self)] = &Outcome::ALL;
}
impl Enumerated for RuleLevel {
    const NAMES: &'static [(&'static str, Self)] = &RuleLevel::ALL;
}
impl Enumerated for Interface {
    const NAMES: &'static [(&'static str, Self)] = &Interface::ALL;
}
impl Enumerated for Capability {
    const NAMES: &'static [(&'static str, Self)] = &Capability::ALL;
}
impl Enumerated for RoleKind {
    const NAMES: &'static [(&'static str, Self)] = &RoleKind::ALL;
}
impl Enumerated for Recovery {
    const NAMES: &'static [(&'static str, Self)] = &Recovery::ALL;
}
impl Enumerated for Verdict {
    const NAMES: &'static [(&'static str, Self)] = &Verdict::ALL;
}
impl Enumerated for ConditionKind {
    const NAMES: &'static [(&'static str, Self)] = &ConditionKind::ALL;
}
