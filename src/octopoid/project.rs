//! Finds a `.octopoid/` directory and reads every file Octopoid reads from it, each with its
//! own [`SourceFile`] and spanned tree, plus the task files asked for.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::diagnostic::structural::yaml_syntax;
use crate::source::SourceFile;
use crate::yaml::{self, Document};

/// What a file is to Octopoid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `config.yaml`
    Config,
    /// `agents.yaml`
    Agents,
    /// `agents/<name>/agent.yaml`
    Agent,
    /// An `agent.yaml` outside `.octopoid/agents/` that a legacy entry's `type` or
    /// `agent_dir` takes its defaults from.
    Blueprint,
    /// `flows/<name>.yaml`
    Flow,
    /// `jobs.yaml`
    Jobs,
    /// A task file (markdown).
    Task,
}

/// One file read: where it is, its text and, for YAML that parsed, its tree.
#[derive(Debug)]
pub struct ProjectFile {
    pub path: PathBuf,
    pub kind: FileKind,
    pub source: SourceFile,
    /// The parsed tree; absent for task files and for YAML with a syntax error.
    pub doc: Option<Document>,
}

impl ProjectFile {
    /// The directory name an `agent.yaml` sits in: the agent's blueprint name.
    pub fn dir_name(&self) -> String {
        self.path
            .parent()
            .and_then(Path::file_name)
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }
}

/// Every file of one project, in a stable order, and the findings made while reading them.
#[derive(Debug)]
pub struct Sources {
    /// The `.octopoid` directory.
    pub root: PathBuf,
    pub files: Vec<ProjectFile>,
    pub findings: Findings,
    /// Texts read instead of the disk: files open, and maybe unsaved, in an editor.
    unsaved: HashMap<PathBuf, String>,
}

/// Findings per file, indexed like [`Sources::files`].
#[derive(Debug, Default)]
pub struct Findings {
    pub files: Vec<Vec<Diagnostic>>,
}

impl Findings {
    pub fn push(&mut self, file: usize, diagnostic: Diagnostic) {
        if self.files.len() <= file {
            self.files.resize_with(file + 1, Vec::new);
        }
        self.files[file].push(diagnostic);
    }

    pub fn extend(&mut self, file: usize, diagnostics: Vec<Diagnostic>) {
        for diagnostic in diagnostics {
            self.push(file, diagnostic);
        }
    }
}

/// The `.octopoid` directory `path` is or contains: a directory named `.octopoid`, a
/// directory holding a `.octopoid/` directory, or a directory that looks like one (it has
/// `config.yaml`, `agents.yaml`, `agents/` or `flows/`).
pub fn find_root(path: &Path) -> Option<PathBuf> {
    if !path.is_dir() {
        return None;
    }
    let inner = path.join(".octopoid");
    if path.file_name().is_some_and(|n| n == ".octopoid") {
        return Some(path.to_path_buf());
    }
    if inner.is_dir() {
        return Some(inner);
    }
    let looks_native = ["config.yaml", "agents.yaml"]
        .iter()
        .any(|f| path.join(f).is_file())
        || ["agents", "flows"].iter().any(|d| path.join(d).is_dir());
    looks_native.then(|| path.to_path_buf())
}

impl Sources {
    /// Reads the project at `root` (a `.octopoid` directory) and the task files `tasks`.
    /// Fails only on I/O errors.
    pub fn load(root: &Path, tasks: &[PathBuf]) -> Result<Self, String> {
        Self::load_with(root, tasks, HashMap::new())
    }

    /// [`Sources::load`], reading the files in `unsaved` from there instead of the disk; a
    /// file Octopoid would read that exists only there (new, not yet saved) is read too.
    pub fn load_with(
        root: &Path,
        tasks: &[PathBuf],
        unsaved: HashMap<PathBuf, String>,
    ) -> Result<Self, String> {
        let mut project = Self {
            root: root.to_path_buf(),
            files: Vec::new(),
            findings: Findings::default(),
            unsaved,
        };
        let mut files = native_files(root)?;
        for path in project.unsaved.keys() {
            if let Some(kind) = kind_of(root, path)
                && !files.iter().any(|(p, _)| p == path)
            {
                files.push((path.clone(), kind));
            }
        }
        // The reporting order: config, agents, agent files, flows, jobs; by path within each.
        files.sort_by(|(a, ka), (b, kb)| (order(*ka), a).cmp(&(order(*kb), b)));
        for (path, kind) in files {
            project.add(path, kind)?;
        }
        for path in expand_tasks(tasks)? {
            project.add(path, FileKind::Task)?;
        }
        Ok(project)
    }

    /// The directory Octopoid resolves relative paths (`agent_dir`) against: the repository.
    pub fn repo_root(&self) -> PathBuf {
        self.root
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// Indices of the files of `kind`.
    pub fn of_kind(&self, kind: FileKind) -> impl Iterator<Item = usize> + '_ {
        (0..self.files.len()).filter(move |&i| self.files[i].kind == kind)
    }

    /// Reads one more file (or finds it already read); returns its index.
    pub fn add(&mut self, path: PathBuf, kind: FileKind) -> Result<usize, String> {
        if let Some(at) = self.files.iter().position(|f| f.path == path) {
            return Ok(at);
        }
        let bytes = match self.unsaved.get(&path) {
            Some(text) => text.clone().into_bytes(),
            None => fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        };
        let index = self.files.len();
        let name = path.display().to_string();
        let (source, problem) = yaml_syntax::source_of(&name, &bytes);
        let mut doc = None;
        if let Some(problem) = problem {
            self.findings.push(index, problem);
        } else if kind != FileKind::Task {
            // Octopoid reads its files with PyYAML: YAML 1.1 scalars, the last of two keys.
            let parsed = yaml::load_as(&source.text, yaml::Schema::PyYaml);
            match &parsed.error {
                Some(error) => self
                    .findings
                    .push(index, yaml_syntax::finding(error, &source.text)),
                None => doc = Some(parsed),
            }
        }
        self.findings.files.resize_with(index + 1, Vec::new);
        self.files.push(ProjectFile {
            path,
            kind,
            source,
            doc,
        });
        Ok(index)
    }
}

/// The files Octopoid reads, in the order they are reported.
fn native_files(root: &Path) -> Result<Vec<(PathBuf, FileKind)>, String> {
    let mut files = Vec::new();
    for (name, kind) in [
        ("config.yaml", FileKind::Config),
        ("agents.yaml", FileKind::Agents),
    ] {
        let path = root.join(name);
        if path.is_file() {
            files.push((path, kind));
        }
    }
    for dir in sorted_entries(&root.join("agents"))? {
        let path = dir.join("agent.yaml");
        if path.is_file() {
            files.push((path, FileKind::Agent));
        }
    }
    for path in sorted_entries(&root.join("flows"))? {
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if yaml && path.is_file() {
            files.push((path, FileKind::Flow));
        }
    }
    let jobs = root.join("jobs.yaml");
    if jobs.is_file() {
        files.push((jobs, FileKind::Jobs));
    }
    Ok(files)
}

/// What `path` is to Octopoid when it is one of the files it reads from `root`.
pub fn kind_of(root: &Path, path: &Path) -> Option<FileKind> {
    let inner = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = inner.iter().filter_map(|p| p.to_str()).collect();
    let yaml = |name: &str| name.ends_with(".yaml") || name.ends_with(".yml");
    match parts.as_slice() {
        ["config.yaml"] => Some(FileKind::Config),
        ["agents.yaml"] => Some(FileKind::Agents),
        ["jobs.yaml"] => Some(FileKind::Jobs),
        ["agents", _, "agent.yaml"] => Some(FileKind::Agent),
        ["flows", name] if yaml(name) => Some(FileKind::Flow),
        _ => None,
    }
}

/// The position of a kind in the reporting order.
fn order(kind: FileKind) -> u8 {
    match kind {
        FileKind::Config => 0,
        FileKind::Agents => 1,
        FileKind::Agent => 2,
        FileKind::Flow => 3,
        FileKind::Jobs => 4,
        FileKind::Blueprint => 5,
        FileKind::Task => 6,
    }
}

/// The entries of a directory, sorted; none when it does not exist.
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let read = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = read
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    paths.sort();
    Ok(paths)
}

/// Task files named by paths, directories and glob patterns, sorted and without repeats. A
/// pattern that matches nothing is an error, so a typo does not silently check nothing.
pub fn expand_tasks(patterns: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for pattern in patterns {
        let matched = expand(pattern)?;
        if matched.is_empty() {
            return Err(format!("no task file matches `{}`", pattern.display()));
        }
        found.extend(matched);
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn expand(pattern: &Path) -> Result<Vec<PathBuf>, String> {
    let text = pattern.to_string_lossy();
    if !text.contains(['*', '?']) {
        if pattern.is_dir() {
            return markdown_below(pattern);
        }
        if pattern.is_file() {
            return Ok(vec![pattern.to_path_buf()]);
        }
        return Err(format!("no such task file: {}", pattern.display()));
    }
    // Walk from the longest literal prefix, matching the rest segment by segment.
    let segments: Vec<&str> = text.split('/').collect();
    let literal = segments
        .iter()
        .take_while(|s| !s.contains(['*', '?']))
        .count();
    let base = if literal == 0 {
        PathBuf::from(".")
    } else {
        PathBuf::from(segments[..literal].join("/"))
    };
    let base = if base.as_os_str().is_empty() {
        PathBuf::from("/")
    } else {
        base
    };
    let mut out = Vec::new();
    walk_match(&base, &segments[literal..], literal == 0, &mut out)?;
    out.retain(|p| p.is_file());
    Ok(out)
}

/// Collects paths under `dir` matching `rest`; `strip` drops the `./` of a relative walk.
fn walk_match(
    dir: &Path,
    rest: &[&str],
    strip: bool,
    out: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let Some((first, more)) = rest.split_first() else {
        out.push(dir.to_path_buf());
        return Ok(());
    };
    if *first == "**" {
        walk_match(dir, more, strip, out)?;
        for entry in sorted_entries(dir)? {
            if entry.is_dir() && !is_hidden(&entry) {
                walk_match(&clean(&entry, strip), rest, false, out)?;
            }
        }
        return Ok(());
    }
    for entry in sorted_entries(dir)? {
        let name = entry.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| {
            crate::glob::segment(first, &n) && (!n.starts_with('.') || first.starts_with('.'))
        }) {
            walk_match(&clean(&entry, strip), more, false, out)?;
        }
    }
    Ok(())
}

fn clean(path: &Path, strip: bool) -> PathBuf {
    if strip {
        path.strip_prefix(".")
            .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
    } else {
        path.to_path_buf()
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Every `*.md` file below `dir`, hidden directories skipped.
fn markdown_below(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for entry in sorted_entries(dir)? {
        if entry.is_dir() {
            if !is_hidden(&entry) {
                out.extend(markdown_below(&entry)?);
            }
        } else if entry.extension().is_some_and(|e| e == "md") {
            out.push(entry);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_walk_directories() {
        let dir = tempfile::tempdir().unwrap();
        let tasks = dir.path().join("pm/tasks");
        fs::create_dir_all(tasks.join("done")).unwrap();
        fs::write(tasks.join("TASK-a.md"), "# [TASK-a] A\n").unwrap();
        fs::write(tasks.join("done/TASK-b.md"), "# [TASK-b] B\n").unwrap();
        fs::write(tasks.join("notes.txt"), "").unwrap();
        let base = dir.path().display().to_string();
        let one = expand(Path::new(&format!("{base}/pm/tasks/*.md"))).unwrap();
        assert_eq!(one, [tasks.join("TASK-a.md")]);
        let all = expand(Path::new(&format!("{base}/**/TASK-*.md"))).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(markdown_below(&tasks).unwrap().len(), 2);
        assert!(expand_tasks(&[PathBuf::from(format!("{base}/nope/*.md"))]).is_err());
    }

    #[test]
    fn the_root_is_found_inside_a_repository() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(find_root(dir.path()), None);
        fs::create_dir_all(dir.path().join(".octopoid/flows")).unwrap();
        let root = dir.path().join(".octopoid");
        assert_eq!(find_root(dir.path()), Some(root.clone()));
        assert_eq!(find_root(&root), Some(root));
    }

    #[test]
    fn unsaved_text_is_read_instead_of_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".octopoid");
        fs::create_dir_all(root.join("agents/a")).unwrap();
        fs::write(root.join("agents/a/agent.yaml"), "role: on-disk\n").unwrap();
        let unsaved = HashMap::from([
            (
                root.join("agents/a/agent.yaml"),
                "role: edited\n".to_string(),
            ),
            (root.join("flows/new.yaml"), "name: new\n".to_string()),
            (root.join("notes/other.yaml"), "x: 1\n".to_string()),
        ]);
        let project = Sources::load_with(&root, &[], unsaved).unwrap();
        let read: Vec<(FileKind, &str)> = project
            .files
            .iter()
            .map(|f| (f.kind, f.source.text.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (FileKind::Agent, "role: edited\n"),
                (FileKind::Flow, "name: new\n")
            ]
        );
    }
}
