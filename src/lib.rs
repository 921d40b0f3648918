//! octolint: a linter for agent-orchestrator workflow definitions.
//!
//! The pipeline, one module per stage: [`yaml`] (YAML with exact spans) → [`model`] (typed
//! definition, decoded with structural diagnostics) → [`semantic`] (name tables, references,
//! flow graphs) → [`rules`] (one file per rule) → [`suppress`] → [`render`] (output formats).
//! [`check`] runs the pipeline on one file without I/O; [`cli`] does the I/O. [`octopoid`]
//! checks and imports Octopoid's own `.octopoid/` configuration with the same rules.

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
