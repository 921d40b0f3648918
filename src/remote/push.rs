//! Sends a plan to the server in the order it needs: the orchestrator, then its roles, then
//! the flows. Each request is recorded as it succeeds, so a push that fails part-way says
//! exactly what the server now holds.

use serde::Serialize;
use serde_json::{Value, json};

use super::client::Client;
use super::plan::Plan;
use super::state::encode;
use crate::generate::payloads::Payloads;

/// What a push sent, in order, and where it stopped.
#[derive(Debug, Default, Serialize)]
pub struct Applied {
    /// One line per request that succeeded: `POST /orchestrators/register`, ….
    pub sent: Vec<String>,
    /// The request that failed, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<(String, String)>,
    /// Requests not sent because an earlier one failed.
    pub not_sent: Vec<String>,
    /// The API key the server issued on the scope's first registration: it is shown once.
    #[serde(skip)]
    pub issued_key: Option<String>,
}

/// Sends what `plan` says changes.
pub fn push(client: &Client, payloads: &Payloads, plan: &Plan) -> Applied {
    let mut requests: Vec<(String, &'static str, String, Value)> = Vec::new();
    if plan.register_orchestrator {
        requests.push((
            "register orchestrator".into(),
            "POST",
            "/orchestrators/register".into(),
            payloads.orchestrator.clone(),
        ));
    }
    let roles: Vec<Value> = plan
        .roles_to_register(payloads)
        .into_iter()
        .cloned()
        .collect();
    if !roles.is_empty() {
        let names: Vec<&str> = roles
            .iter()
            .filter_map(|r| r.get("name").and_then(Value::as_str))
            .collect();
        requests.push((
            format!("register roles {}", names.join(", ")),
            "POST",
            "/roles/register".into(),
            json!({"orchestrator_id": payloads.orchestrator_id, "roles": roles}),
        ));
    }
    for (name, body) in plan.flows_to_register(payloads) {
        requests.push((
            format!("register flow {name}"),
            "PUT",
            format!("/flows/{}", encode(name)),
            body.clone(),
        ));
    }

    let mut applied = Applied::default();
    let mut requests = requests.into_iter();
    for (what, method, path, body) in requests.by_ref() {
        let line = format!("{what} ({method} /api/v1{path})");
        let result = match method {
            "POST" => client.post(&path, &body),
            _ => client.put(&path, &body),
        };
        match result {
            Ok(answer) => {
                if let Some(key) = answer.get("api_key").and_then(Value::as_str) {
                    applied.issued_key = Some(key.to_string());
                }
                applied.sent.push(line);
            }
            Err(error) => {
                applied.failed = Some((line, error.to_string()));
                break;
            }
        }
    }
    applied.not_sent = requests
        .map(|(what, method, path, _)| format!("{what} ({method} /api/v1{path})"))
        .collect();
    applied
}
