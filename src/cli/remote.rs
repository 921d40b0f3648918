//! `octolint push`, `plan` and `status`: a definition against a live Octopoid server.
//!
//! Exit codes: `plan` 0, or 1 when push would refuse; `status` 0 in sync, 1 on drift; `push`
//! 0 when applied or nothing to do, 1 when refused (nothing sent). 2 for every error of the
//! server or the connection, and for a push that stopped part-way (what was applied is said).

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{Value, json};

use super::input::clean_definition;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Io, PushArgs, RemoteArgs, RemoteFormat, count};
use crate::generate::payloads::{Payloads, payloads};
use crate::remote::plan::{FieldChange, TransitionChange};
use crate::remote::{Client, FlowChange, Plan, RoleChange, fetch};

/// The environment variable `--server` defaults to.
const SERVER_VAR: &str = "OCTOLINT_SERVER";
/// The environment variable the API key is read from (Octopoid's own name for it).
const API_KEY_VAR: &str = "OCTOPOID_API_KEY";

pub fn plan(args: &RemoteArgs, io: &mut Io) -> u8 {
    let (_, _, plan) = match prepare(args, "planning", io) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let _ = match args.format {
        RemoteFormat::Text => write!(io.stdout, "{}", render_plan(&plan)),
        RemoteFormat::Json => writeln!(io.stdout, "{}", to_json(&json!({ "plan": plan }))),
    };
    if plan.refusals.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

pub fn push(args: &PushArgs, io: &mut Io) -> u8 {
    let (client, payloads, plan) = match prepare(&args.remote, "pushing", io) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let text = args.remote.format == RemoteFormat::Text;
    if args.dry_run {
        let _ = if text {
            write!(io.stdout, "{}", render_plan(&plan))
        } else {
            writeln!(
                io.stdout,
                "{}",
                to_json(&json!({ "plan": plan, "dry_run": true }))
            )
        };
        return if plan.refusals.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        };
    }
    if !plan.refusals.is_empty() && !args.force {
        if text {
            let _ = write!(io.stdout, "{}", render_plan(&plan));
            let _ = writeln!(
                io.stderr,
                "error: nothing was pushed: {} (pass --force to push anyway)",
                count(plan.refusals.len(), "reason", "reasons")
            );
        } else {
            let _ = writeln!(
                io.stdout,
                "{}",
                to_json(&json!({ "plan": plan, "pushed": false }))
            );
        }
        return EXIT_FINDINGS;
    }
    if !plan.has_changes() {
        let _ = if text {
            writeln!(
                io.stdout,
                "Nothing to push: {} already holds this definition for scope `{}`.",
                plan.server, plan.scope
            )
        } else {
            writeln!(
                io.stdout,
                "{}",
                to_json(&json!({ "plan": plan, "pushed": true, "applied": {"sent": []} }))
            )
        };
        return EXIT_OK;
    }
    let applied = crate::remote::push(&client, &payloads, &plan);
    let failed = applied.failed.is_some();
    if text {
        let mut out = render_plan(&plan);
        if args.force && !plan.refusals.is_empty() {
            let _ = writeln!(
                out,
                "Pushed with --force, overriding {}.",
                count(plan.refusals.len(), "refusal", "refusals")
            );
        }
        out.push_str(if failed {
            "Applied before the failure:\n"
        } else {
            "Applied:\n"
        });
        for line in &applied.sent {
            let _ = writeln!(out, "  ✓ {line}");
        }
        if let Some((line, error)) = &applied.failed {
            let _ = writeln!(out, "  ✗ {line}: {error}");
        }
        for line in &applied.not_sent {
            let _ = writeln!(out, "  · not sent: {line}");
        }
        let _ = write!(io.stdout, "{out}");
    } else {
        let _ = writeln!(
            io.stdout,
            "{}",
            to_json(&json!({
                "plan": plan,
                "pushed": !failed,
                "forced": args.force && !plan.refusals.is_empty(),
                "applied": applied,
            }))
        );
    }
    if let Some(key) = &applied.issued_key {
        let _ = writeln!(
            io.stderr,
            "note: the server issued the API key of scope `{}`, shown only this once; keep it as {API_KEY_VAR}: {key}",
            plan.scope
        );
    }
    if let Some((line, _)) = &applied.failed {
        let _ = writeln!(
            io.stderr,
            "error: the push stopped at {line}; what is listed as applied is on the server"
        );
        return EXIT_USAGE;
    }
    EXIT_OK
}

pub fn status(args: &RemoteArgs, io: &mut Io) -> u8 {
    let (_, _, plan) = match prepare(args, "comparing", io) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let drift = drift(&plan);
    let _ = match args.format {
        RemoteFormat::Text => write!(io.stdout, "{}", render_status(&plan, &drift)),
        RemoteFormat::Json => writeln!(
            io.stdout,
            "{}",
            to_json(&json!({
                "server": plan.server,
                "scope": plan.scope,
                "in_sync": drift.is_empty(),
                "drift": drift,
            }))
        ),
    };
    if drift.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

/// The definition's payloads, a client for the server and the plan against what the server
/// holds; else the exit code, the reason said on stderr.
fn prepare(args: &RemoteArgs, doing: &str, io: &mut Io) -> Result<(Client, Payloads, Plan), u8> {
    let server = args
        .server
        .clone()
        .or_else(|| std::env::var(SERVER_VAR).ok().filter(|s| !s.is_empty()));
    let Some(server) = server else {
        let _ = writeln!(
            io.stderr,
            "error: no server: pass --server URL or set {SERVER_VAR}"
        );
        return Err(EXIT_USAGE);
    };
    let (path, _, def) = clean_definition(args.path.as_deref(), doing, io)?;
    let payloads = payloads(&def).map_err(|error| {
        let _ = writeln!(io.stderr, "error: {}: {error}", path.display());
        EXIT_USAGE
    })?;
    // The key is sent, never printed.
    let api_key = std::env::var(API_KEY_VAR).ok().filter(|k| !k.is_empty());
    let client = Client::new(&server, api_key, Duration::from_secs(args.timeout));
    let state = fetch(&client, &payloads.scope, &payloads.orchestrator_id).map_err(|error| {
        let _ = writeln!(io.stderr, "error: {error}");
        EXIT_USAGE
    })?;
    let plan = crate::remote::plan(client.base(), &payloads, &state);
    Ok((client, payloads, plan))
}

/// Sorted-key, two-space JSON.
fn to_json(value: &Value) -> String {
    let mut value = value.clone();
    value.sort_all_objects();
    serde_json::to_string_pretty(&value).expect("a JSON value always serializes")
}

fn shown(value: &Option<String>) -> String {
    value
        .as_ref()
        .map_or_else(|| "none".to_string(), |v| format!("`{v}`"))
}

fn field(change: &FieldChange) -> String {
    format!(
        "{}: {} → {}",
        change.field,
        shown(&change.from),
        shown(&change.to)
    )
}

/// What a transition carries beside `from` and `to`, as compact JSON; empty when nothing.
fn details(value: &Option<Value>) -> String {
    let Some(Value::Object(map)) = value else {
        return String::new();
    };
    let rest: serde_json::Map<String, Value> = map
        .iter()
        .filter(|(k, _)| *k != "from" && *k != "to")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if rest.is_empty() {
        String::new()
    } else {
        format!(" {}", Value::Object(rest))
    }
}

fn transition_line(t: &TransitionChange) -> String {
    match (&t.before, &t.after) {
        (None, after) => format!("+ {} -> {}{}", t.from, t.to, details(after)),
        (before, None) => format!("- {} -> {}{}", t.from, t.to, details(before)),
        (before, after) => format!(
            "~ {} -> {}:{} →{}",
            t.from,
            t.to,
            if details(before).is_empty() {
                " {}".to_string()
            } else {
                details(before)
            },
            if details(after).is_empty() {
                " {}".to_string()
            } else {
                details(after)
            }
        ),
    }
}

/// The plan as a readable diff: `+` added, `~` changed, `-` removed, `=` left as it is.
pub fn render_plan(plan: &Plan) -> String {
    let mut out = format!(
        "Plan for scope `{}` on {} (orchestrator `{}`):\n",
        plan.scope, plan.server, plan.orchestrator_id
    );
    if plan.register_orchestrator {
        let _ = writeln!(out, "  orchestrator: register `{}`", plan.orchestrator_id);
    }
    if !plan.roles.is_empty() {
        out.push_str("  roles:\n");
        for role in &plan.roles {
            let line = match role {
                RoleChange::Added { name, claims_from } => {
                    format!("+ {name} (claims_from: {claims_from})")
                }
                RoleChange::Changed {
                    name,
                    taken_from,
                    fields,
                } => {
                    let mut parts: Vec<String> = fields.iter().map(field).collect();
                    if let Some(owner) = taken_from {
                        parts.push(format!("taken over from orchestrator `{owner}`"));
                    }
                    format!("~ {name}: {}", parts.join("; "))
                }
                RoleChange::LeftBehind { name, claims_from } => format!(
                    "= {name} (claims_from: {claims_from}): registered by this orchestrator, no longer defined; the server cannot remove a role, so it stays"
                ),
            };
            let _ = writeln!(out, "    {line}");
        }
    }
    if !plan.flows.is_empty() {
        out.push_str("  flows:\n");
        for flow in &plan.flows {
            match flow {
                FlowChange::Added {
                    name,
                    states,
                    transitions,
                } => {
                    let _ = writeln!(
                        out,
                        "    + {name}: {}; states {}",
                        count(transitions.len(), "transition", "transitions"),
                        states.join(", ")
                    );
                    for t in transitions {
                        let _ = writeln!(out, "        {}", transition_line(t));
                    }
                }
                FlowChange::Changed {
                    name,
                    states_added,
                    states_removed,
                    transitions,
                } => {
                    let _ = writeln!(out, "    ~ {name}:");
                    for state in states_added {
                        let _ = writeln!(out, "        + state {state}");
                    }
                    for state in states_removed {
                        let _ = writeln!(out, "        - state {state}");
                    }
                    for t in transitions {
                        let _ = writeln!(out, "        {}", transition_line(t));
                    }
                }
                FlowChange::LeftBehind { name } => {
                    let _ = writeln!(
                        out,
                        "    = {name}: on the server, not in the definition; push leaves it"
                    );
                }
            }
        }
    }
    if !plan.refusals.is_empty() {
        out.push_str("Push refuses:\n");
        for refusal in &plan.refusals {
            let _ = writeln!(out, "  ✗ {}", refusal.describe());
        }
    }
    if !plan.has_changes() {
        out.push_str("No changes: the server already holds this definition.\n");
    }
    out
}

/// Where the server and the definition differ, one line each.
fn drift(plan: &Plan) -> Vec<String> {
    let mut found = Vec::new();
    if plan.register_orchestrator {
        found.push(format!(
            "orchestrator `{}` is not registered for scope `{}`",
            plan.orchestrator_id, plan.scope
        ));
    }
    for role in &plan.roles {
        found.push(match role {
            RoleChange::Added { name, .. } => format!("role `{name}` is not registered"),
            RoleChange::Changed { name, fields, .. } => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        format!(
                            "{} is {} on the server, {} here",
                            f.field,
                            shown(&f.from),
                            shown(&f.to)
                        )
                    })
                    .collect();
                format!("role `{name}` differs: {}", parts.join("; "))
            }
            RoleChange::LeftBehind { name, .. } => {
                format!("role `{name}` is registered by this orchestrator but no longer defined")
            }
        });
    }
    for flow in &plan.flows {
        found.push(match flow {
            FlowChange::Added { name, .. } => format!("flow `{name}` is not registered"),
            FlowChange::Changed {
                name,
                states_added,
                states_removed,
                transitions,
            } => {
                let mut parts = Vec::new();
                if !states_added.is_empty() || !states_removed.is_empty() {
                    parts.push("its states".to_string());
                }
                if !transitions.is_empty() {
                    parts.push(count(transitions.len(), "transition", "transitions"));
                }
                format!(
                    "flow `{name}` differs ({}): run `octolint plan` for the diff",
                    parts.join(", ")
                )
            }
            FlowChange::LeftBehind { name } => {
                format!("flow `{name}` is on the server but missing locally")
            }
        });
    }
    found
}

fn render_status(plan: &Plan, drift: &[String]) -> String {
    if drift.is_empty() {
        return format!(
            "In sync: {} holds this definition for scope `{}`.\n",
            plan.server, plan.scope
        );
    }
    let mut out = format!(
        "Drift between {} and the definition (scope `{}`):\n",
        plan.server, plan.scope
    );
    for line in drift {
        let _ = writeln!(out, "  - {line}");
    }
    out
}
