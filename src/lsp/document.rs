//! An open document and what the last analysis of it found.

use crate::diagnostic::Diagnostic;
use crate::model::Definition;
use crate::pipeline::check_parsed_with;
use std::cell::OnceCell;

use super::occurrences::{Occurrence, occurrences};
use crate::semantic::{Kind, Semantic};
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
    /// The decoded definition and what requests read from it; `None` while the file does not
    /// parse.
    pub analysis: Option<Analysis>,
    pub names: Names,
}

self_cell::self_cell!(
    /// A decoded definition and its index — the semantic model and every name written — built
    /// the first time a request of this version needs it and shared by all after, instead of
    /// once per hover, completion or rename.
    pub struct Analysis {
        owner: Definition,
        #[not_covariant]
        dependent: LazyIndex,
    }
);

/// The index of a definition, built on first use.
pub struct LazyIndex<'a> {
    def: &'a Definition,
    index: OnceCell<Index<'a>>,
}

/// The semantic model of a definition and the names written in it.
pub struct Index<'a> {
    pub semantic: Semantic<'a>,
    pub occurrences: Vec<Occurrence<'a>>,
}

impl Analysis {
    fn of(def: Definition) -> Self {
        Self::new(def, |def| LazyIndex {
            def,
            index: OnceCell::new(),
        })
    }

    pub fn definition(&self) -> &Definition {
        self.borrow_owner()
    }

    /// Runs `f` with the index, building it if this version has none yet.
    pub fn with_index<T>(&self, f: impl FnOnce(&Index) -> T) -> T {
        self.with_dependent(|_, lazy| {
            let index = lazy.index.get_or_init(|| {
                let semantic = Semantic::new(lazy.def);
                let occurrences = occurrences(lazy.def, &semantic);
                Index {
                    semantic,
                    occurrences,
                }
            });
            f(index)
        })
    }
}

impl OpenDocument {
    pub fn new(name: String, text: String, version: i32) -> Self {
        let mut document = Self {
            version,
            file: SourceFile::new(name, String::new()),
            tree: Tree::default(),
            diagnostics: Vec::new(),
            analysis: None,
            names: Names::default(),
        };
        drop(document.update(text, version));
        document
    }

    /// Replaces the text and re-analyses it. Returns what the previous version held, for the
    /// caller to drop once the new findings are published: freeing a large model is a tenth
    /// of an edit's time, and nobody waits for it.
    #[must_use = "the previous version is returned to be dropped after publishing"]
    pub fn update(&mut self, text: String, version: i32) -> Superseded {
        self.version = version;
        let file = SourceFile::new(self.file.name.clone(), text);
        // Only the edited entry is parsed again where the previous tree allows it.
        let tree = crate::yaml::reload(&self.file.text, std::mem::take(&mut self.tree), &file.text);
        let previous_file = std::mem::replace(&mut self.file, file);
        // The names come from the semantic model the check builds, not a second one.
        let mut names = None;
        let (diagnostics, definition, tree) = check_parsed_with(&self.file, tree, |semantic| {
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
        let previous_diagnostics = std::mem::replace(&mut self.diagnostics, diagnostics);
        if let Some(names) = names {
            self.names = names;
        }
        Superseded {
            _file: previous_file,
            _diagnostics: previous_diagnostics,
            _analysis: std::mem::replace(&mut self.analysis, definition.map(Analysis::of)),
        }
    }
}

/// What a document held before an edit, kept only to be dropped later.
pub struct Superseded {
    _file: SourceFile,
    _diagnostics: Vec<Diagnostic>,
    _analysis: Option<Analysis>,
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

#[cfg(test)]
mod index_tests {
    use super::*;

    #[test]
    fn the_index_is_built_once_per_version_and_shared() {
        let text = "version: 1\nroles: {implement: {}}\nagents: {implementer: {role: implement}}\n";
        let mut document = OpenDocument::new("octolint.yaml".into(), text.into(), 1);
        let analysis = document.analysis.as_ref().expect("the file decodes");
        let first = analysis.with_index(|index| std::ptr::from_ref(index) as usize);
        let again = analysis.with_index(|index| {
            assert_eq!(index.occurrences.len(), 3, "{:?}", index.occurrences);
            std::ptr::from_ref(index) as usize
        });
        assert_eq!(first, again, "a second request reuses the index");

        drop(document.update(text.replace("implementer", "coder"), 2));
        let renamed = document.analysis.as_ref().unwrap().with_index(|index| {
            index
                .occurrences
                .iter()
                .any(|o| o.kind == Kind::Agent && o.name == "coder")
        });
        assert!(renamed, "a new version gets a new index");
    }
}
