//! The Octopoid server as a remote: what it holds for a definition's scope ([`state`]), what
//! pushing the definition would change and what must stop it ([`plan`]), and the push itself
//! ([`push`]), over one blocking HTTP client ([`client`]). Built on the registration payloads
//! of [`crate::generate::payloads`]; `octolint push`, `plan` and `status` are its commands.

pub mod client;
pub mod plan;
pub mod push;
pub mod state;

pub use client::{Client, DEFAULT_TIMEOUT, RemoteError};
pub use plan::{FlowChange, Plan, Refusal, RoleChange, plan};
pub use push::{Applied, push};
pub use state::{ServerState, fetch};
