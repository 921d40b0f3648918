//! What the server holds for one scope: its orchestrator, the global role table, the scope's
//! flows and its tasks, read through the same endpoints Octopoid's own client uses.

use serde_json::Value;

use super::client::{Client, RemoteError};

/// A row of the server's global role table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteRole {
    pub name: String,
    pub claims_from: String,
    pub description: Option<String>,
    /// The orchestrator that registered it last.
    pub orchestrator_id: String,
    /// That orchestrator's scope, when the server still knows it.
    pub scope: Option<String>,
}

/// A flow registered for the scope.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteFlow {
    pub name: String,
    pub states: Vec<String>,
    pub transitions: Vec<Value>,
}

/// A task of the scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTask {
    pub id: String,
    pub role: Option<String>,
    pub queue: String,
    pub flow: String,
}

/// Everything `plan`, `push` and `status` compare a definition with.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerState {
    /// This definition's orchestrator as registered: its scope and repository.
    pub orchestrator: Option<(String, String)>,
    pub roles: Vec<RemoteRole>,
    pub flows: Vec<RemoteFlow>,
    pub tasks: Vec<RemoteTask>,
}

/// How many tasks one page holds (the server's maximum).
const PAGE: usize = 500;

/// Reads the state of `scope` and of the orchestrator `orchestrator_id`.
pub fn fetch(
    client: &Client,
    scope: &str,
    orchestrator_id: &str,
) -> Result<ServerState, RemoteError> {
    let orchestrator = client
        .get_optional(&format!("/orchestrators/{}", encode(orchestrator_id)))?
        .map(|o| (text(&o, "scope"), text(&o, "repo_url")));
    let roles_url = "/roles";
    let roles = list(client, roles_url, "roles")?;
    let mut remote_roles = Vec::new();
    let mut scopes: Vec<(String, Option<String>)> = Vec::new();
    for role in roles {
        let owner = text(&role, "orchestrator_id");
        let scope = match scopes.iter().find(|(id, _)| *id == owner) {
            Some((_, scope)) => scope.clone(),
            None => {
                let found = client
                    .get_optional(&format!("/orchestrators/{}", encode(&owner)))?
                    .map(|o| text(&o, "scope"));
                scopes.push((owner.clone(), found.clone()));
                found
            }
        };
        remote_roles.push(RemoteRole {
            name: text(&role, "name"),
            claims_from: text(&role, "claims_from"),
            description: role
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            orchestrator_id: owner,
            scope,
        });
    }
    let flows_url = format!("/flows?scope={}", encode(scope));
    let mut flows = Vec::new();
    for flow in list(client, &flows_url, "flows")? {
        flows.push(RemoteFlow {
            name: text(&flow, "name"),
            // The server stores both as JSON text.
            states: embedded(client, &flows_url, &flow, "states")?
                .as_array()
                .map(|s| {
                    s.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            transitions: embedded(client, &flows_url, &flow, "transitions")?
                .as_array()
                .cloned()
                .unwrap_or_default(),
        });
    }
    let mut tasks = Vec::new();
    loop {
        let url = format!(
            "/tasks?scope={}&limit={PAGE}&offset={}",
            encode(scope),
            tasks.len()
        );
        let page = client.get(&url)?;
        let rows = page
            .get("tasks")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed(client, &url, "no `tasks` list"))?;
        for task in rows {
            tasks.push(RemoteTask {
                id: text(task, "id"),
                role: task.get("role").and_then(Value::as_str).map(str::to_string),
                queue: text(task, "queue"),
                flow: task
                    .get("flow")
                    .and_then(Value::as_str)
                    .unwrap_or("default")
                    .to_string(),
            });
        }
        let total = page.get("total").and_then(Value::as_u64).unwrap_or(0) as usize;
        if rows.is_empty() || tasks.len() >= total {
            break;
        }
    }
    Ok(ServerState {
        orchestrator,
        roles: remote_roles,
        flows,
        tasks,
    })
}

/// The array under `key` of a list endpoint's answer.
fn list(client: &Client, url: &str, key: &str) -> Result<Vec<Value>, RemoteError> {
    let answer = client.get(url)?;
    answer
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| malformed(client, url, &format!("no `{key}` list")))
}

/// A field the server stores as JSON text (`states`, `transitions`), decoded.
fn embedded(client: &Client, url: &str, row: &Value, key: &str) -> Result<Value, RemoteError> {
    match row.get(key) {
        Some(Value::String(text)) => serde_json::from_str(text)
            .map_err(|e| malformed(client, url, &format!("`{key}` is not JSON text ({e})"))),
        Some(value) => Ok(value.clone()),
        None => Err(malformed(client, url, &format!("a flow without `{key}`"))),
    }
}

fn malformed(client: &Client, url: &str, why: &str) -> RemoteError {
    RemoteError::Malformed {
        url: format!("{}/api/v1{url}", client.base()),
        why: why.to_string(),
    }
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Percent-encodes a path segment or query value.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
