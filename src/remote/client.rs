//! A blocking JSON client for the Octopoid server's `/api/v1`, with errors a user can act on:
//! where it could not connect, how long it waited, what the server itself said.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

/// How long one request may take, connection included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Why a request got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    /// No connection: nothing listens there, the name does not resolve, TLS failed.
    Unreachable { url: String, why: String },
    /// No answer within the timeout.
    Timeout { url: String, after: Duration },
    /// A 4xx or 5xx answer, with the server's own message when it sent one.
    Status {
        method: &'static str,
        url: String,
        status: u16,
        message: String,
    },
    /// An answer that is not the JSON the endpoint documents.
    Malformed { url: String, why: String },
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable { url, why } => write!(
                f,
                "cannot reach the Octopoid server at {url}: {why}; check --server (or OCTOLINT_SERVER) and that the server is running"
            ),
            Self::Timeout { url, after } => write!(
                f,
                "the Octopoid server at {url} did not answer within {} s",
                after.as_secs()
            ),
            Self::Status {
                method,
                url,
                status,
                message,
            } => {
                write!(f, "{method} {url} failed with HTTP {status}")?;
                if message.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": the server says \"{message}\"")
                }
            }
            Self::Malformed { url, why } => {
                write!(
                    f,
                    "the answer from {url} is not what the server sends: {why}"
                )
            }
        }
    }
}

/// A client for one server.
pub struct Client {
    base: String,
    api_key: Option<String>,
    timeout: Duration,
    agent: ureq::Agent,
}

impl Client {
    /// A client for the server at `base` (`http://host:port`, with or without `/api/v1`),
    /// sending `api_key` as a Bearer token when there is one.
    pub fn new(base: &str, api_key: Option<String>, timeout: Duration) -> Self {
        let base = base.trim_end_matches('/');
        let base = base.strip_suffix("/api/v1").unwrap_or(base).to_string();
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            // Error statuses are answers to report, with the server's message.
            .http_status_as_error(false)
            .build()
            .into();
        Self {
            base,
            api_key,
            timeout,
            agent,
        }
    }

    /// The server's base URL, as messages show it.
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn get(&self, path: &str) -> Result<Value, RemoteError> {
        self.send("GET", path, None)
    }

    pub fn post(&self, path: &str, body: &Value) -> Result<Value, RemoteError> {
        self.send("POST", path, Some(body))
    }

    pub fn put(&self, path: &str, body: &Value) -> Result<Value, RemoteError> {
        self.send("PUT", path, Some(body))
    }

    /// GET that answers `None` for a 404.
    pub fn get_optional(&self, path: &str) -> Result<Option<Value>, RemoteError> {
        match self.get(path) {
            Ok(value) => Ok(Some(value)),
            Err(RemoteError::Status { status: 404, .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn send(
        &self,
        method: &'static str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RemoteError> {
        let url = format!("{}/api/v1{path}", self.base);
        let auth = self.api_key.as_ref().map(|key| format!("Bearer {key}"));
        let response = match (method, body) {
            ("GET", _) => {
                let mut request = self.agent.get(&url);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.call()
            }
            (_, body) => {
                let mut request = match method {
                    "POST" => self.agent.post(&url),
                    _ => self.agent.put(&url),
                };
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.send_json(body.unwrap_or(&Value::Null))
            }
        };
        let mut response = response.map_err(|error| self.failed(&url, error))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|error| self.failed(&url, error))?;
        let value: Option<Value> = serde_json::from_str(&text).ok();
        if status >= 400 {
            // The server answers errors as `{"error": "..."}`.
            let message = value
                .as_ref()
                .and_then(|v| v.get("error"))
                .and_then(Value::as_str)
                .map_or_else(|| text.trim().chars().take(300).collect(), str::to_string);
            return Err(RemoteError::Status {
                method,
                url,
                status,
                message,
            });
        }
        value.ok_or_else(|| RemoteError::Malformed {
            url,
            why: format!(
                "HTTP {status} with a body that is not JSON ({})",
                excerpt(&text)
            ),
        })
    }

    fn failed(&self, url: &str, error: ureq::Error) -> RemoteError {
        match error {
            ureq::Error::Timeout(_) => RemoteError::Timeout {
                url: url.to_string(),
                after: self.timeout,
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                RemoteError::Timeout {
                    url: url.to_string(),
                    after: self.timeout,
                }
            }
            ureq::Error::Io(io) => RemoteError::Unreachable {
                url: url.to_string(),
                why: io.to_string(),
            },
            ureq::Error::HostNotFound => RemoteError::Unreachable {
                url: url.to_string(),
                why: "the host name does not resolve".to_string(),
            },
            ureq::Error::ConnectionFailed => RemoteError::Unreachable {
                url: url.to_string(),
                why: "the connection failed".to_string(),
            },
            ureq::Error::BadUri(why) => RemoteError::Unreachable {
                url: url.to_string(),
                why: format!("not a server URL ({why})"),
            },
            other => RemoteError::Malformed {
                url: url.to_string(),
                why: other.to_string(),
            },
        }
    }
}

/// The start of a body for a message: one line, at most 80 characters.
fn excerpt(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    if text.trim().is_empty() {
        "empty".to_string()
    } else if line.chars().count() > 80 {
        format!("`{}…`", line.chars().take(80).collect::<String>())
    } else {
        format!("`{line}`")
    }
}
