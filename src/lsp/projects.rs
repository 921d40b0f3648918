//! `.octopoid/` projects in the editor. A project's files are judged together, so opening any
//! of them lints the whole project and findings go to each of its files, open or not; an edit
//! to any of them re-lints the project with the unsaved text of every open one.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

use lsp_types::Uri;

use crate::octopoid::{self, NameKind, NameUse, Project, ProjectOptions};
use crate::pipeline::{self, ProjectReport};
use crate::semantic::Kind;
use crate::source::Span;

/// An open file of an Octopoid project.
pub struct ProjectDocument {
    /// The project's `.octopoid` directory.
    pub root: PathBuf,
    pub path: PathBuf,
    pub text: String,
    pub version: i32,
}

/// The last analysis of one project.
pub struct ProjectAnalysis {
    pub loaded: Project,
    /// One report per file of `loaded.sources.files`, in the same order.
    pub report: ProjectReport,
    pub uses: Vec<NameUse>,
    /// The URIs findings were last published to, so a file whose findings are gone is cleared.
    pub published: BTreeSet<String>,
}

/// Open project files by URI, and each project's analysis by its `.octopoid` directory.
#[derive(Default)]
pub struct Projects {
    pub open: HashMap<String, ProjectDocument>,
    pub analyses: HashMap<PathBuf, ProjectAnalysis>,
}

impl Projects {
    /// Lints the project at `root` again, with the text of its open files; returns the URIs
    /// its findings were published to before (to clear those no longer in it). A project that
    /// cannot be read any more (its directory is gone) is dropped, with the reason.
    pub fn analyse(&mut self, root: &Path) -> Result<BTreeSet<String>, (BTreeSet<String>, String)> {
        let before = self
            .analyses
            .get(root)
            .map(|p| p.published.clone())
            .unwrap_or_default();
        let options = ProjectOptions {
            unsaved: self
                .open
                .values()
                .filter(|d| d.root == root)
                .map(|d| (d.path.clone(), d.text.clone()))
                .collect(),
            ..Default::default()
        };
        match pipeline::load_project(root, &options) {
            Ok(loaded) => {
                let report = pipeline::check_loaded(&loaded);
                let uses = octopoid::name_uses(&loaded.context());
                self.analyses.insert(
                    root.to_path_buf(),
                    ProjectAnalysis {
                        loaded,
                        report,
                        uses,
                        published: BTreeSet::new(),
                    },
                );
                Ok(before)
            }
            Err(error) => {
                self.analyses.remove(root);
                Err((before, error))
            }
        }
    }

    /// The URI findings for `path` are published to: the client's own for an open file.
    pub fn uri_of(&self, path: &Path) -> String {
        self.open
            .iter()
            .find(|(_, d)| d.path == path)
            .map_or_else(|| path_uri(path), |(uri, _)| uri.clone())
    }

    /// The version of the open file at `path`.
    pub fn version_of(&self, path: &Path) -> Option<i32> {
        self.open
            .values()
            .find(|d| d.path == path)
            .map(|d| d.version)
    }

    /// The analysis holding the file `uri` names, and the file's index in it.
    pub fn file(&self, uri: &Uri) -> Option<(&ProjectAnalysis, usize)> {
        let (path, root) = project_file(uri)?;
        let analysis = self.analyses.get(&root)?;
        let index = analysis
            .loaded
            .sources
            .files
            .iter()
            .position(|f| f.path == path)?;
        Some((analysis, index))
    }
}

/// The path of a `file:` URI whose path runs through a `.octopoid` directory, and that
/// directory.
pub fn project_file(uri: &Uri) -> Option<(PathBuf, PathBuf)> {
    let path = uri_path(uri)?;
    let mut root = PathBuf::new();
    for component in path.components() {
        root.push(component);
        if matches!(component, Component::Normal(name) if name == ".octopoid") {
            return (root != path).then_some((path, root));
        }
    }
    None
}

/// The file a `file:` URI names, percent-decoded.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().map(|s| s.as_str()) != Some("file") {
        return None;
    }
    let decoded = uri.path().as_estr().decode().into_string().ok()?;
    Some(PathBuf::from(decoded.into_owned()))
}

/// A `file:` URI for `path`: every byte outside RFC 3986's unreserved set and `/` is
/// percent-encoded, as VS Code writes them.
pub fn path_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for &byte in path.to_string_lossy().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

impl ProjectAnalysis {
    /// Where the name at `here` is defined: an agent's configurations, the agents a flow's
    /// `agent:` matches, the agents that claim a role, a flow's `name:`.
    pub fn definitions(&self, here: &NameUse) -> Vec<(usize, Span)> {
        let native = self.loaded.context();
        match here.kind {
            NameKind::Performer => {
                // Each agent where it matches: its role when matched by role.
                let mut found: Vec<(usize, Span)> = native
                    .matching_agents(&here.name)
                    .into_iter()
                    .map(|a| match &a.role {
                        Some(role) if a.name.value != here.name && role.value == here.name => {
                            (role.file, role.span.clone())
                        }
                        _ => (a.name.file, a.name.span.clone()),
                    })
                    .collect();
                if found.is_empty() {
                    // Agents outside the pool still show where the name comes from.
                    found = self
                        .uses
                        .iter()
                        .filter(|u| u.defines)
                        .filter(|u| matches!(u.kind, NameKind::Agent | NameKind::Role))
                        .filter(|u| u.name == here.name)
                        .map(|u| (u.file, u.span.clone()))
                        .collect();
                }
                found.dedup();
                found
            }
            kind => self
                .uses
                .iter()
                .filter(|u| u.defines && u.kind == kind && u.name == here.name)
                .map(|u| (u.file, u.span.clone()))
                .collect(),
        }
    }

    /// Every place the name at `here` is written, across the project's files, and whether the
    /// place defines it. An agent's name is also written as a flow's `agent:` (which matches
    /// it by name) and a task's `CLAIMED_BY:`; a role's as an agent's `role:`, a task's
    /// `ROLE:` and a flow's `agent:` (by role); a flow's `agent:` names agents and roles both.
    pub fn references(&self, here: &NameUse) -> Vec<(usize, Span, bool)> {
        let related = |kind: NameKind| match here.kind {
            NameKind::Agent => matches!(kind, NameKind::Agent | NameKind::Performer),
            NameKind::Role => matches!(kind, NameKind::Role | NameKind::Performer),
            NameKind::Performer => kind != NameKind::Flow,
            NameKind::Flow => kind == NameKind::Flow,
        };
        self.uses
            .iter()
            .filter(|u| u.name == here.name && related(u.kind))
            .map(|u| (u.file, u.span.clone(), u.defines))
            .collect()
    }

    /// The places a rename of the role at `here` edits: where agents claim it (`role:`, or
    /// the `type:` Octopoid falls back to), where tasks name it (`ROLE:`), and every flow
    /// `agent:` that matches agents by it. Only roles are renamed: an agent is named by its
    /// directory or `name:` and a flow by its file's `name:`, and a name that is also an
    /// agent's or a blueprint's would change what a flow's `agent:` matches. Every place
    /// must spell the name plainly, so each edit replaces exactly it.
    pub fn role_rename_sites(&self, here: &NameUse) -> Result<Vec<(usize, Span)>, String> {
        let name = here.name.as_str();
        let native = self.loaded.context();
        let names_an_agent = |candidate: &str| {
            self.loaded
                .agents
                .configs
                .iter()
                .any(|a| a.name.value == candidate || a.blueprint.as_deref() == Some(candidate))
        };
        match here.kind {
            NameKind::Role => {}
            NameKind::Performer if !native.matching_agents(name).is_empty() => {}
            NameKind::Performer => {
                return Err(format!(
                    "`{name}` matches no agent: there is nothing to rename"
                ));
            }
            NameKind::Agent | NameKind::Flow => {
                return Err("only roles can be renamed in an Octopoid project: an agent is named by its directory or `name:`, a flow by its file's `name:`".to_string());
            }
        }
        if names_an_agent(name) {
            return Err(format!(
                "`{name}` is also an agent's name or blueprint, which a flow's `agent: {name}` matches too; rename by hand"
            ));
        }
        let mut sites: Vec<(usize, Span)> = self
            .uses
            .iter()
            .filter(|u| u.name == name && matches!(u.kind, NameKind::Role | NameKind::Performer))
            .map(|u| (u.file, u.span.clone()))
            .collect();
        // Agents of one blueprint share the role its `agent.yaml` sets: one edit there.
        sites.sort_by_key(|(file, span)| (*file, span.start, span.end));
        sites.dedup();
        for (file, span) in &sites {
            let source = &self.loaded.sources.files[*file].source;
            if source.text.get(span.clone()) != Some(name) {
                let line = source.position(span.start).line;
                return Err(format!(
                    "`{name}` is written with quotes or escapes in {} on line {line}; rename it by hand",
                    native.file_name(*file)
                ));
            }
        }
        Ok(sites)
    }

    /// Why `new_name` cannot replace the role `old`, if it cannot.
    pub fn check_new_role_name(&self, old: &str, new_name: &str) -> Result<(), String> {
        if !crate::model::names::is_valid(new_name) || !crate::yaml::emit::is_plain(new_name) {
            return Err(format!(
                "`{new_name}` is not a valid name: start with a letter; use letters, digits and single `-` or `_`"
            ));
        }
        let taken_by_agent = self
            .loaded
            .agents
            .configs
            .iter()
            .any(|a| a.name.value == new_name || a.blueprint.as_deref() == Some(new_name));
        if taken_by_agent {
            return Err(format!(
                "`{new_name}` is an agent's name or blueprint: a flow's `agent: {new_name}` would match it too"
            ));
        }
        let taken_by_role = new_name != old
            && self
                .uses
                .iter()
                .any(|u| u.kind == NameKind::Role && u.defines && u.name == new_name);
        if taken_by_role {
            return Err(format!(
                "agents claim role `{new_name}` already; renaming would merge the two roles"
            ));
        }
        Ok(())
    }

    /// The names completion offers where a name of `kind` is expected, in order and once
    /// each: task roles and the roles agents claim; the states of the flows; for a flow's
    /// `agent:`, every pool agent's name, blueprint and role; Octopoid's registered steps and
    /// checks; the models agents use.
    pub fn names(&self, kind: Kind) -> Vec<String> {
        let native = self.loaded.context();
        let pool = native.pool();
        let mut names: Vec<String> = Vec::new();
        let mut add = |name: &str| {
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        };
        match kind {
            Kind::Role => {
                native.task_roles.iter().for_each(|r| add(r));
                pool.iter()
                    .filter_map(|a| a.role.as_ref())
                    .for_each(|r| add(&r.value));
            }
            Kind::Queue => native.declared_queues().into_iter().for_each(&mut add),
            Kind::Agent => {
                for agent in pool {
                    add(&agent.name.value);
                    agent.blueprint.iter().for_each(|b| add(b));
                    agent.role.iter().for_each(|r| add(&r.value));
                }
            }
            Kind::Step => octopoid::STEPS
                .iter()
                .filter(|s| !octopoid::DEPRECATED_STEPS.contains(s))
                .for_each(|s| add(s)),
            Kind::Check => octopoid::CHECKS.iter().for_each(|c| add(c)),
            Kind::Flow | Kind::Chain => {}
        }
        names
    }

    /// The models the project's agents use, for completion.
    pub fn models(&self) -> Vec<String> {
        let mut models: Vec<String> = Vec::new();
        for agent in &self.loaded.agents.configs {
            if let Some(model) = &agent.model
                && !models.contains(&model.value)
            {
                models.push(model.value.clone());
            }
        }
        models
    }

    /// A Markdown summary of the name at `here`, as hover shows it.
    pub fn describe(&self, here: &NameUse) -> String {
        let native = self.loaded.context();
        let name = here.name.as_str();
        let mut out = String::new();
        match here.kind {
            NameKind::Agent => {
                let _ = write!(out, "**agent** `{name}`");
                let configs = native
                    .agents
                    .configs
                    .iter()
                    .filter(|c| c.name.value == name);
                for config in configs {
                    let _ = write!(
                        out,
                        "\n\n- in `{}` ({})",
                        native.file_name(config.file),
                        config.shape.describe()
                    );
                }
                match native.pool().iter().find(|a| a.name.value == name) {
                    Some(agent) => {
                        let role = agent.role.as_ref().map_or("none", |r| r.value.as_str());
                        let _ = write!(
                            out,
                            "\n- role: `{role}`, claims from `{}`",
                            agent.claim_queue()
                        );
                        if let Some(model) = &agent.model {
                            let _ = write!(out, "\n- model: `{}`", model.value);
                        }
                        let performs = self.performed_by(|reference| {
                            native
                                .matching_agents(reference)
                                .iter()
                                .any(|a| a.name.value == name)
                        });
                        let _ = write!(out, "\n- performs: {}", list(performs));
                    }
                    None => out.push_str(
                        "\n- not in the pool: Octopoid does not run it (disabled, a job or \
                         on-demand agent, or an `agents.yaml` entry that `agent.yaml` files \
                         override)",
                    ),
                }
            }
            NameKind::Role => {
                let _ = write!(out, "**role** `{name}`");
                let claimers = native
                    .pool()
                    .iter()
                    .filter(|a| a.role.as_ref().is_some_and(|r| r.value == name))
                    .map(|a| format!("`{}` (from `{}`)", a.name.value, a.claim_queue()));
                let _ = write!(out, "\n\n- claimed by pool agents: {}", list(claimers));
                let performs = self.performed_by(|reference| reference == name);
                let _ = write!(out, "\n- performs: {}", list(performs));
                let known = native.task_roles.iter().any(|r| r == name);
                let _ = write!(
                    out,
                    "\n- {} {}",
                    if known { "one of" } else { "not one of" },
                    native.task_roles_phrase()
                );
            }
            NameKind::Flow => {
                let _ = write!(out, "**flow** `{name}`");
                for flow in native.flows.iter().filter(|f| f.name == name) {
                    let _ = write!(out, "\n\n- in `{}`", native.file_name(flow.file));
                    for unit in flow.units() {
                        let states: Vec<String> =
                            unit.states().iter().map(|s| format!("`{s}`")).collect();
                        let _ = write!(
                            out,
                            "\n- {}: {} transitions; states {}",
                            unit.describe(),
                            unit.transitions.len(),
                            list(states)
                        );
                    }
                }
            }
            NameKind::Performer => {
                let _ = write!(
                    out,
                    "**performer** `{name}`: the pool agents whose name, blueprint or role is \
                     `{name}`"
                );
                let matched = native.matching_agents(name).into_iter().map(|a| {
                    let how = if a.name.value == name {
                        "by name"
                    } else if a.blueprint.as_deref() == Some(name) {
                        "by blueprint"
                    } else {
                        "by role"
                    };
                    format!("`{}` ({how})", a.name.value)
                });
                let _ = write!(out, "\n\n- matches: {}", list(matched));
            }
        }
        out
    }

    /// "flow `default`: `incoming -> claimed`" for each transition whose `agent:` satisfies
    /// `performs`.
    fn performed_by(&self, performs: impl Fn(&str) -> bool) -> Vec<String> {
        let native = self.loaded.context();
        let mut found = Vec::new();
        for unit in native.units() {
            for t in unit.transitions {
                if t.agent.as_ref().is_some_and(|a| performs(&a.value)) {
                    found.push(format!(
                        "{}: `{} -> {}`",
                        unit.describe(),
                        t.from.value,
                        t.to.value
                    ));
                }
            }
        }
        found
    }
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    /// The analysis of a project written from `(path under .octopoid, text)` pairs.
    fn analysed(files: &[(&str, &str)]) -> ProjectAnalysis {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".octopoid");
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut projects = Projects::default();
        projects.analyse(&root).unwrap();
        projects.analyses.remove(&root).unwrap()
    }

    fn role_use<'a>(analysis: &'a ProjectAnalysis, name: &str) -> &'a NameUse {
        analysis
            .uses
            .iter()
            .find(|u| u.kind == NameKind::Role && u.name == name)
            .unwrap()
    }

    #[test]
    fn a_role_written_with_escapes_or_a_new_name_another_role_has_is_not_renamed() {
        let analysis = analysed(&[
            ("agents/implementer/agent.yaml", "role: implement\n"),
            ("agents/helper/agent.yaml", "role: \"impl\\u0065ment\"\n"),
            ("agents/reviewer/agent.yaml", "role: review\n"),
        ]);
        let refused = analysis
            .role_rename_sites(role_use(&analysis, "implement"))
            .unwrap_err();
        assert!(refused.contains("quotes or escapes"), "{refused}");
        assert!(
            analysis
                .role_rename_sites(role_use(&analysis, "review"))
                .is_ok()
        );
        let refused = analysis
            .check_new_role_name("review", "implement")
            .unwrap_err();
        assert!(refused.contains("merge the two roles"), "{refused}");
        assert!(analysis.check_new_role_name("review", "judge").is_ok());
    }

    #[test]
    fn project_files_are_found_by_their_octopoid_directory() {
        let (path, root) =
            project_file(&uri("file:///w/svc%20a/.octopoid/agents/x/agent.yaml")).unwrap();
        assert_eq!(path, Path::new("/w/svc a/.octopoid/agents/x/agent.yaml"));
        assert_eq!(root, Path::new("/w/svc a/.octopoid"));
        assert_eq!(project_file(&uri("file:///w/octolint.yaml")), None);
        assert_eq!(project_file(&uri("file:///w/.octopoid")), None);
        assert_eq!(project_file(&uri("untitled:Untitled-1")), None);
    }

    #[test]
    fn paths_and_uris_round_trip() {
        for path in [
            "/w/svc a/.octopoid/flows/default.yaml",
            "/tmp/ünï #1/%x.yaml",
        ] {
            let written = path_uri(Path::new(path));
            assert_eq!(
                uri_path(&uri(&written)),
                Some(PathBuf::from(path)),
                "{written}"
            );
        }
        assert_eq!(path_uri(Path::new("/a b/c")), "file:///a%20b/c");
    }
}
