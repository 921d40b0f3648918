//! `octolint gen`: compiles a checked definition into files for other programs. One module
//! per target; each is a pure function from the definition to file contents, so output is
//! deterministic and testable without touching the disk ([`output`] does the writing).

pub mod diagram;
pub mod dispatch;
pub mod dot;
pub mod mermaid;
pub mod names;
pub mod octopoid;
pub mod output;
pub mod payloads;
pub mod python;
pub mod rust;
pub mod typescript;

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::model::{Definition, Generate, Spanned, TargetOutput};

/// A kind of output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Target {
    /// Server registration payloads (JSON request bodies).
    Payloads,
    /// Python constants: `typing.Literal` types, tuples, `StrEnum`s.
    Python,
    /// TypeScript union types and `as const` arrays.
    Typescript,
    /// Rust enums with `as_str`, `FromStr`, `ALL` and `Display`.
    Rust,
    /// Octopoid's native `.octopoid/` flow and agent files.
    Octopoid,
    /// Mermaid state diagrams, one per flow.
    Mermaid,
    /// Graphviz state diagrams, one per flow.
    Dot,
    /// Per chain, the steps a runner executes, with role, tools, model, budgets and
    /// dependencies (JSON).
    Dispatch,
}

impl Target {
    pub const ALL: [Target; 8] = [
        Self::Payloads,
        Self::Python,
        Self::Typescript,
        Self::Rust,
        Self::Octopoid,
        Self::Mermaid,
        Self::Dot,
        Self::Dispatch,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Payloads => "payloads",
            Self::Python => "python",
            Self::Typescript => "typescript",
            Self::Rust => "rust",
            Self::Octopoid => "octopoid",
            Self::Mermaid => "mermaid",
            Self::Dot => "dot",
            Self::Dispatch => "dispatch",
        }
    }

    /// Where the target is written by default, relative to the output base.
    pub fn default_out(self) -> &'static str {
        match self {
            Self::Payloads => "payloads",
            Self::Python => "octolint_names.py",
            Self::Typescript => "octolint_names.ts",
            Self::Rust => "octolint_names.rs",
            Self::Octopoid => ".octopoid",
            Self::Mermaid | Self::Dot => "diagrams",
            Self::Dispatch => "dispatch.json",
        }
    }

    /// Whether the target writes a directory of files rather than one file.
    pub fn is_directory(self) -> bool {
        matches!(
            self,
            Self::Payloads | Self::Octopoid | Self::Mermaid | Self::Dot
        )
    }

    /// This target's entry in a definition's `generate:` section.
    pub fn configured(self, generate: &Generate) -> Option<&TargetOutput> {
        match self {
            Self::Payloads => generate.payloads.as_ref(),
            Self::Python => generate.python.as_ref(),
            Self::Typescript => generate.typescript.as_ref(),
            Self::Rust => generate.rust.as_ref(),
            Self::Octopoid => generate.octopoid.as_ref(),
            Self::Mermaid => generate.mermaid.as_ref(),
            Self::Dot => generate.dot.as_ref(),
            Self::Dispatch => generate.dispatch.as_ref(),
        }
    }

    /// Generates this target's files.
    pub fn generate(self, source: &Source) -> Result<Vec<GeneratedFile>, String> {
        match self {
            Self::Payloads => payloads::generate(source),
            Self::Python => Ok(vec![GeneratedFile::single(python::generate(source))]),
            Self::Typescript => Ok(vec![GeneratedFile::single(typescript::generate(source))]),
            Self::Rust => Ok(vec![GeneratedFile::single(rust::generate(source))]),
            Self::Octopoid => Ok(octopoid::generate(source)),
            Self::Mermaid => Ok(mermaid::generate(source)),
            Self::Dot => Ok(dot::generate(source)),
            Self::Dispatch => Ok(vec![GeneratedFile::single(dispatch::generate(source))]),
        }
    }
}

/// The definition being compiled, and what identifies it in every header.
pub struct Source<'a> {
    pub def: &'a Definition,
    /// The definition's file name (without directories, so output does not depend on where
    /// `gen` runs).
    pub file_name: String,
    /// SHA-256 of the definition's bytes, in hex.
    pub hash: String,
}

impl<'a> Source<'a> {
    pub fn new(def: &'a Definition, file_name: &str, bytes: &[u8]) -> Self {
        let file_name = std::path::Path::new(file_name).file_name().map_or_else(
            || file_name.to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let hash = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            def,
            file_name,
            hash,
        }
    }

    /// The header lines every generated file starts with (as comments, where the format has
    /// them): the source, "do not edit", and the source's hash.
    pub fn header(&self, comment: &str) -> String {
        // A file name is the one piece of outside text in a comment: keep it on its line.
        let name: String = self
            .file_name
            .chars()
            .map(|c| {
                if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                    '?'
                } else {
                    c
                }
            })
            .collect();
        format!(
            "{comment} {GENERATED_MARKER} {name}. Do not edit: change the definition and run `octolint gen`.\n{comment} source-sha256: {}\n",
            self.hash
        )
    }
}

/// The words that mark a file as octolint's to overwrite.
pub const GENERATED_MARKER: &str = "Generated by octolint from";

/// One output file: its path inside the target's output (empty for single-file targets) and
/// its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

impl GeneratedFile {
    pub fn single(contents: String) -> Self {
        Self {
            path: PathBuf::new(),
            contents,
        }
    }

    pub fn at(path: impl Into<PathBuf>, contents: String) -> Self {
        Self {
            path: path.into(),
            contents,
        }
    }
}

/// Every queue name, built-ins first, then declared ones in source order, with whether it is
/// terminal and its description.
pub(crate) fn queues(def: &Definition) -> Vec<(&str, bool, Option<&str>)> {
    use crate::model::{BUILTIN_QUEUES, BUILTIN_TERMINAL};
    let declared = |name: &str| def.queues.get(name);
    let mut queues: Vec<(&str, bool, Option<&str>)> = BUILTIN_QUEUES
        .iter()
        .map(|&name| {
            let description = declared(name)
                .and_then(|q| q.value.description.as_ref())
                .map(Spanned::as_str);
            (name, BUILTIN_TERMINAL.contains(&name), description)
        })
        .collect();
    for queue in def.queues.iter() {
        if BUILTIN_QUEUES.contains(&queue.name.as_str()) {
            continue;
        }
        let terminal = queue.value.terminal.as_ref().is_some_and(|t| t.value);
        let description = queue.value.description.as_ref().map(Spanned::as_str);
        queues.push((queue.name.as_str(), terminal, description));
    }
    queues
}

/// The names and relations every code target writes, gathered once so the targets agree.
pub(crate) struct Tables<'a> {
    pub roles: Vec<&'a str>,
    pub queues: Vec<&'a str>,
    pub agents: Vec<&'a str>,
    pub terminal: Vec<&'a str>,
    /// Each role and the queue it claims from.
    pub claims_from: Vec<(&'a str, &'a str)>,
    /// Each agent with a role, and that role.
    pub agent_roles: Vec<(&'a str, &'a str)>,
    pub role_descriptions: Vec<(&'a str, &'a str)>,
    pub queue_descriptions: Vec<(&'a str, &'a str)>,
}

impl<'a> Tables<'a> {
    pub fn of(def: &'a Definition) -> Self {
        let queue_list = queues(def);
        Self {
            roles: def.roles.names().collect(),
            queues: queue_list.iter().map(|(name, ..)| *name).collect(),
            agents: def.agents.names().collect(),
            terminal: queue_list
                .iter()
                .filter(|(_, terminal, _)| *terminal)
                .map(|(name, ..)| *name)
                .collect(),
            claims_from: def
                .roles
                .iter()
                .map(|role| (role.name.as_str(), claims_from(&role.value)))
                .collect(),
            agent_roles: def
                .agents
                .iter()
                .filter_map(|agent| {
                    Some((agent.name.as_str(), agent.value.role.as_ref()?.as_str()))
                })
                .collect(),
            role_descriptions: def
                .roles
                .iter()
                .filter_map(|role| {
                    Some((
                        role.name.as_str(),
                        role.value.description.as_ref()?.as_str(),
                    ))
                })
                .collect(),
            queue_descriptions: queue_list
                .iter()
                .filter_map(|(name, _, description)| Some((*name, (*description)?)))
                .collect(),
        }
    }
}

/// The queue a role claims from (`incoming` unless set).
pub(crate) fn claims_from(role: &crate::model::Role) -> &str {
    role.claims_from
        .as_ref()
        .map_or(crate::model::DEFAULT_QUEUE, Spanned::as_str)
}
