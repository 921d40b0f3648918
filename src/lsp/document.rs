//! An open document and what the last analysis of it found.

use crate::diagnostic::Diagnostic;
use crate::model::Definition;
use crate::pipeline::check_file_and_tree_with;
use crate::semantic::Kind;
use crate::source::SourceFile;
use crate::yaml::Document as Tree;

/// Names defined in a document, kept from its last version that parsed, so completion keeps
/// working while the file is mid-edit and not valid YAML.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub roles: Vec<String>,
    pub queues: Vec<String>,
    pub agents: Vec<String>,
    pub steps: Vec<String>,
    pub checks: Vec<String>,
    /// `policy.models`, or the common model names.
    pub models: Vec<String>,
    /// Every tool a role, agent or step of the definition names.
    pub tools: Vec<String>,
}

impl Names {
    pub fn of(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Role => &self.roles,
            Kind::Queue => &self.queues,
            Kind::Agent => &self.agents,
            Kind::Step => &self.steps,
            Kind::Check => &self.checks,
            Kind::Flow | Kind::Chain => &[],
        }
    }
}

pub struct OpenDocument {
    pub version: i32,
    pub file: SourceFile,
    pub tree: Tree,
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded definition; `None` while the file does not parse.
    pub definition: Option<Definition>,
    pub names: Names,
}

impl OpenDocument {
    pub fn new(name: String, text: String, version: i32) -> Self {
        let mut document = Self {
            version,
            file: SourceFile::new(name, String::new()),
            tree: Tree::default(),
            diagnostics: Vec::new(),
            definition: None,
            names: Names::default(),
        };
        document.update(text, version);
        document
    }

    /// Replaces the text and re-analyses it.
    pub fn update(&mut self, text: String, version: i32) {
        self.version = version;
        self.file = SourceFile::new(self.file.name.clone(), text);
        // The names come from the semantic model the check builds, not a second one.
        let mut names = None;
        let (diagnostics, definition, tree) = check_file_and_tree_with(&self.file, |semantic| {
            let owned = |kind| {
                semantic
                    .names(kind)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            };
            names = Some(Names {
                roles: owned(Kind::Role),
                queues: owned(Kind::Queue),
                agents: owned(Kind::Agent),
                steps: owned(Kind::Step),
                checks: owned(Kind::Check),
                models: semantic
                    .known_models()
                    .unwrap_or(crate::semantic::DEFAULT_MODELS.to_vec())
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                tools: tools_of(semantic.def),
            });
        });
        self.tree = tree;
        self.diagnostics = diagnostics;
        if let Some(names) = names {
            self.names = names;
        }
        self.definition = definition;
    }
}

/// The tools a definition names, in order of first appearance.
fn tools_of(def: &Definition) -> Vec<String> {
    let mut tools: Vec<String> = Vec::new();
    let lists = def
        .roles
        .iter()
        .filter_map(|r| r.value.tools.as_ref())
        .chain(def.agents.iter().filter_map(|a| a.value.tools.as_ref()))
        .chain(
            def.steps
                .iter()
                .flat_map(|s| s.0.iter().filter_map(|step| step.value.tools.as_ref())),
        );
    // A set beside the list: thousands of agents each list their tools.
    let mut seen = std::collections::HashSet::new();
    for tool in lists.flatten() {
        if seen.insert(tool.value.as_str()) {
            tools.push(tool.value.clone());
        }
    }
    tools
}
