//! octolint: a linter for agent-orchestrator workflow definitions.
//!
//! The pipeline, one module per stage: [`yaml`] (YAML with exact spans) → [`model`] (typed
//! definition, decoded with structural diagnostics) → [`semantic`] (name tables, references,
//! flow graphs) → [`rules`] (one file per rule, in families) → [`suppress`] → [`render`]
//! (output formats). [`pipeline`] runs it on a definition or, through the [`octopoid`]
//! provider, on Octopoid's own `.octopoid/` configuration; [`registry`] lists every rule;
//! [`cli`] does the I/O. `docs/architecture.md` shows the layers.

pub mod allocator;
pub mod breaking;
pub mod cli;
pub mod pipeline;
#[macro_use]
pub mod diagnostic;
pub mod docs;
pub mod fix;
pub mod generate;
pub mod glob;
pub mod lsp;
pub mod model;
pub mod octopoid;
pub mod registry;
pub mod remote;
pub mod render;
pub mod rules;
pub mod schema;
pub mod semantic;
pub mod settings;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod yaml;
