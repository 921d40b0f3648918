//! `textDocument/hover`: on a name, a summary of what it is and who uses it; on a key, its
//! documentation.

use std::fmt::Write;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::{at_position, project_name_at};
use crate::lsp::context::{Hit, locate};
use crate::lsp::keys::key_doc;
use crate::lsp::occurrences::{Occurrence, at};
use crate::lsp::position::range;
use crate::lsp::{OpenDocument, Server};
use crate::model::{CLAIMED_QUEUE, Spanned};
use crate::semantic::{FlowView, Kind, Semantic};

pub fn hover(server: &Server, params: HoverParams) -> Result<Option<Hover>, String> {
    let position = params.text_document_position_params;
    if let Some((analysis, file, here)) =
        project_name_at(server, &position.text_document.uri, position.position)
    {
        let source = &analysis.loaded.sources.files[file].source;
        return Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: analysis.describe(here),
            }),
            range: Some(range(source, &here.span, server.encoding)),
        }));
    }
    let Some((document, offset)) =
        at_position(server, &position.text_document.uri, position.position)?
    else {
        return Ok(None);
    };
    let Some(analysis) = &document.analysis else {
        return Ok(None);
    };
    let named = analysis.with_index(|index| {
        at(&index.occurrences, offset)
            .map(|here| (summary(&index.semantic, here), here.span.clone()))
    });
    let (text, span) = if let Some(named) = named {
        named
    } else {
        let (path, hit) = locate(&document.tree, offset);
        let Some(Hit::Key(key)) = hit else {
            return Ok(None);
        };
        let Some(doc) = key_doc(&path, &key).filter(|d| !d.is_empty()) else {
            return Ok(None);
        };
        let span = key_span(document, offset, &key);
        (format!("`{key}`: {doc}"), span)
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(range(&document.file, &span, server.encoding)),
    }))
}

fn key_span(document: &OpenDocument, offset: usize, key: &str) -> crate::source::Span {
    let text = &document.file.text;
    let start = text[..offset]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |at| at + 1);
    start..(start + key.len()).min(text.len())
}

fn described(out: &mut String, description: Option<&Spanned<String>>) {
    if let Some(description) = description {
        let _ = write!(out, "\n\n{}", description.value);
    }
}

fn list(names: impl IntoIterator<Item = String>) -> String {
    let names: Vec<String> = names.into_iter().collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// "flow `default`: `incoming -> claimed`" for every transition `uses` accepts.
fn transitions_where(
    semantic: &Semantic,
    uses: impl Fn(&FlowView, &crate::model::Transition) -> bool,
) -> Vec<String> {
    let mut found = Vec::new();
    for flow in &semantic.flows {
        for t in flow.transitions {
            if uses(flow, t) {
                found.push(format!(
                    "{}: `{} -> {}`",
                    flow.describe(),
                    t.from.value,
                    t.to.value
                ));
            }
        }
    }
    found
}

fn summary(semantic: &Semantic, here: &Occurrence) -> String {
    let name = here.name;
    let mut out = format!("**{}** `{name}`", here.kind.noun());
    match here.kind {
        Kind::Role => {
            let Some(role) = semantic.roles.get(name) else {
                out.push_str(" (not defined)");
                return out;
            };
            described(&mut out, role.value.description.as_ref());
            let agents = semantic
                .agents_by_role
                .get(name)
                .into_iter()
                .flatten()
                .map(|a| format!("`{}`", a.name.value));
            let used = transitions_where(semantic, |_, t| {
                t.role.as_ref().is_some_and(|r| r.value == name)
                    || t.agent.as_ref().is_some_and(|a| {
                        semantic
                            .role_of_agent(a.as_str())
                            .is_some_and(|r| r.name.value == name)
                    })
            });
            let _ = write!(
                out,
                "\n\n- claims from: `{}`\n- agents: {}\n- performs: {}",
                Semantic::claims_from(role),
                list(agents),
                list(used)
            );
            policy_summary(&mut out, &role.value);
            let chains = semantic.def.chains.iter().filter(|c| {
                c.value
                    .steps
                    .iter()
                    .flatten()
                    .any(|s| s.role.as_ref().is_some_and(|r| r.value == name))
            });
            let chains: Vec<String> = chains.map(|c| format!("`{}`", c.name.value)).collect();
            if !chains.is_empty() {
                let _ = write!(out, "\n- in chains: {}", chains.join(", "));
            }
        }
        Kind::Queue => {
            let Some(info) = semantic.queues.get(name) else {
                out.push_str(" (not defined)");
                return out;
            };
            let declared = semantic.def.queues.get(name);
            let mut traits = Vec::new();
            if crate::model::BUILTIN_QUEUES.contains(&name) {
                traits.push("built-in");
            }
            if info.terminal {
                traits.push(if info.failure {
                    "terminal, ends in failure"
                } else {
                    "terminal, ends in success"
                });
            }
            if !traits.is_empty() {
                let _ = write!(out, " ({})", traits.join(", "));
            }
            described(
                &mut out,
                declared.and_then(|q| q.value.description.as_ref()),
            );
            let claimers = semantic
                .def
                .roles
                .iter()
                .filter(|r| Semantic::claims_from(r) == name)
                .map(|r| format!("`{}`", r.name.value));
            let flows = semantic
                .flows
                .iter()
                .filter(|f| f.graph.states.iter().any(|(q, _)| *q == name))
                .map(|f| f.describe());
            let _ = write!(
                out,
                "\n\n- claimed by roles: {}\n- in: {}",
                if name == CLAIMED_QUEUE {
                    "the agent that claimed the task".to_string()
                } else {
                    list(claimers)
                },
                list(flows)
            );
        }
        Kind::Agent => {
            let Some(agent) = semantic.agents.get(name) else {
                out.push_str(" (not defined)");
                return out;
            };
            described(&mut out, agent.value.description.as_ref());
            if let Some(role) = &agent.value.role {
                let claims = semantic
                    .roles
                    .get(role.as_str())
                    .map(|r| format!(", claims from `{}`", Semantic::claims_from(r)))
                    .unwrap_or_default();
                let _ = write!(out, "\n\n- role: `{}`{claims}", role.value);
            }
            if let Some(model) = &agent.value.model {
                let _ = write!(out, "\n- model: `{}`", model.value);
            }
            if let Some(turns) = &agent.value.max_turns {
                let _ = write!(out, "\n- max turns: {}", turns.value);
            }
            if let Some(instances) = &agent.value.max_instances {
                let _ = write!(out, "\n- max instances: {}", instances.value);
            }
            let named = transitions_where(semantic, |_, t| {
                t.agent.as_ref().is_some_and(|a| a.value == name)
                    || t.conditions
                        .iter()
                        .flatten()
                        .any(|c| c.agent.as_ref().is_some_and(|a| a.value == name))
            });
            let _ = write!(out, "\n- named in: {}", list(named));
        }
        Kind::Step | Kind::Check => {
            let used = transitions_where(semantic, |_, t| {
                let list = if here.kind == Kind::Step {
                    &t.runs
                } else {
                    &t.checks
                };
                list.iter().flatten().any(|s| s.value == name)
            });
            let _ = write!(out, "\n\n- used by: {}", list(used));
        }
        Kind::Chain => {
            if let Some(chain) = semantic.def.chains.get(name) {
                described(&mut out, chain.value.description.as_ref());
                let roles: Vec<String> = chain
                    .value
                    .steps
                    .iter()
                    .flatten()
                    .filter_map(|s| s.role.as_ref().map(|r| format!("`{}`", r.value)))
                    .collect();
                let _ = write!(out, "\n\n- roles: {}", roles.join(" → "));
            }
        }
        Kind::Flow => {
            if let Some(flow) = semantic.def.flows.get(name) {
                described(&mut out, flow.value.description.as_ref());
                let initial = flow
                    .value
                    .initial
                    .as_ref()
                    .map_or("incoming", Spanned::as_str);
                let _ = write!(
                    out,
                    "\n\n- starts in: `{initial}`\n- transitions: {}{}",
                    flow.value.transitions.len(),
                    if flow.value.child_flow.is_some() {
                        format!("\n- child flow: registered as `{name}_child`")
                    } else {
                        String::new()
                    }
                );
            }
        }
    }
    out
}

/// Kind, interface, capabilities, tools, constraints, budgets and escalation of a role.
fn policy_summary(out: &mut String, role: &crate::model::Role) {
    if let Some(kind) = &role.kind {
        let _ = write!(out, "\n- kind: `{}`", kind.value.name());
    }
    if let Some(interface) = &role.interface {
        let _ = write!(out, "\n- interface: `{}`", interface.value.name());
    }
    if let Some(capabilities) = Semantic::capabilities(role) {
        let names: Vec<String> = capabilities
            .iter()
            .map(|c| format!("`{}`", c.name()))
            .collect();
        let _ = write!(out, "\n- may: {}", names.join(", "));
    }
    let code = |list: &Option<Vec<Spanned<String>>>| {
        list.iter()
            .flatten()
            .map(|t| format!("`{}`", t.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if role.tools.is_some() {
        let _ = write!(out, "\n- tools: {}", code(&role.tools));
    }
    if role.forbidden_commands.is_some() {
        let _ = write!(out, "\n- never runs: {}", code(&role.forbidden_commands));
    }
    let mut budget = Vec::new();
    if let Some(model) = &role.model {
        budget.push(format!("model `{}`", model.value));
    }
    if let Some(turns) = &role.max_turns {
        budget.push(format!("{} turns", turns.value));
    }
    if let Some(spend) = &role.max_spend {
        budget.push(format!("${}", spend.value));
    }
    if let Some(timeout) = &role.timeout {
        budget.push(format!("{} s", timeout.value));
    }
    if !budget.is_empty() {
        let _ = write!(out, "\n- budget: {}", budget.join(", "));
    }
    for route in role.escalation.iter() {
        let to = route.value.to.as_ref().map_or("?", |t| t.as_str());
        let recovery = route
            .value
            .recovery
            .as_ref()
            .map_or("?", |r| r.value.name());
        let _ = write!(out, "\n- when {}: {recovery} via `{to}`", route.name.value);
    }
}
