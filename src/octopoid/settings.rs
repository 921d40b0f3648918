//! `config.yaml` (server, scope, repository, hooks) and `jobs.yaml` (scheduler jobs).

use super::agents::Field;
use super::project::{FileKind, Sources};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::structural::missing_field::MISSING_FIELD;
use crate::model::read::{Map, Reader};

/// What `config.yaml` says that a definition keeps.
#[derive(Debug, Default)]
pub struct Config {
    pub scope: Option<Field<String>>,
    pub cluster: Option<Field<String>>,
    pub machine_id: Option<Field<String>>,
    pub repo_url: Option<Field<String>>,
    /// Keys set that a definition has no place for, for import notes.
    pub unmapped: Vec<String>,
}

/// One `jobs.yaml` entry.
#[derive(Debug)]
pub struct Job {
    pub name: Field<String>,
    pub kind: String,
}

const CONFIG_KEYS: [&str; 8] = [
    "server",
    "scope",
    "repo",
    "agents",
    "hooks",
    "mode",
    "task_types",
    "database",
];
const SERVER_KEYS: [&str; 5] = ["enabled", "url", "cluster", "machine_id", "api_key"];
const REPO_KEYS: [&str; 3] = ["path", "base_branch", "url"];
const CONFIG_AGENT_KEYS: [&str; 3] = ["max_concurrent", "max_breakdown_depth", "models"];
const HOOK_KEYS: [&str; 2] = ["before_submit", "before_merge"];
const JOB_KEYS: [&str; 9] = [
    "name",
    "interval",
    "type",
    "group",
    "max_instances",
    "blueprint",
    "agent_dir",
    "agent_config",
    "conditions",
];

/// Reads `config.yaml`, if the project has one.
pub fn config(project: &mut Sources) -> Option<Config> {
    let index = project.of_kind(FileKind::Config).next()?;
    let file = &project.files[index];
    let doc = file.doc.as_ref()?;
    let mut out = Vec::new();
    let mut reader = Reader::python(doc, &file.source.text, &mut out);
    let map = reader.root("config.yaml")?;
    reader.ignored_keys(&map, &CONFIG_KEYS, "config.yaml");
    let mut config = Config::default();
    let field = |reader: &mut Reader, map: &Map, key: &str| {
        map.get(key)
            .and_then(|id| reader.string(id, key))
            .map(|s| Field {
                file: index,
                span: s.span,
                value: s.value,
            })
    };
    config.scope = field(&mut reader, &map, "scope");
    if config.scope.is_none() && map.get("scope").is_none() {
        reader.out.push(
            Diagnostic::new(
                &MISSING_FIELD,
                0..0,
                "config.yaml has no `scope`: the scheduler refuses to start",
            )
            .help("add `scope: <project name>`, which isolates this project's tasks on the server"),
        );
    }
    if let Some(server) = section(&mut reader, &map, "server", &SERVER_KEYS) {
        config.cluster = field(&mut reader, &server, "cluster");
        config.machine_id = field(&mut reader, &server, "machine_id");
        field(&mut reader, &server, "url");
        if let Some(id) = server.get("enabled") {
            reader.boolean(id, "enabled");
        }
    }
    if let Some(repo) = section(&mut reader, &map, "repo", &REPO_KEYS) {
        config.repo_url = field(&mut reader, &repo, "url");
        field(&mut reader, &repo, "base_branch");
    }
    if let Some(agents) = section(&mut reader, &map, "agents", &CONFIG_AGENT_KEYS)
        && let Some(id) = agents.get("max_concurrent")
    {
        reader.positive(id, "max_concurrent");
    }
    if let Some(hooks) = section(&mut reader, &map, "hooks", &HOOK_KEYS) {
        for entry in &hooks.entries {
            reader.strings(entry.value, entry.key.as_str());
        }
    }
    config.unmapped = [
        "repo.path",
        "repo.base_branch",
        "server.url",
        "agents",
        "hooks",
        "mode",
        "task_types",
    ]
    .iter()
    .filter(|key| is_set(&map, key))
    .map(|key| key.to_string())
    .collect();
    project.findings.extend(index, out);
    Some(config)
}

/// Whether a `key` or `section.key` is written.
fn is_set(map: &Map, key: &str) -> bool {
    match key.split_once('.') {
        None => map.get(key).is_some(),
        Some((section, _)) => map.get(section).is_some(),
    }
}

/// A nested mapping, its unknown keys reported.
fn section(reader: &mut Reader, map: &Map, key: &str, known: &[&str]) -> Option<Map> {
    let what = format!("`{key}`");
    let inner = reader.map(map.get(key)?, &what)?;
    reader.ignored_keys(&inner, known, &what);
    Some(inner)
}

/// Reads `jobs.yaml`, if the project has one.
pub fn jobs(project: &mut Sources) -> Vec<Job> {
    let Some(index) = project.of_kind(FileKind::Jobs).next() else {
        return Vec::new();
    };
    let file = &project.files[index];
    let Some(doc) = file.doc.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut reader = Reader::python(doc, &file.source.text, &mut out);
    let mut jobs = Vec::new();
    if let Some(map) = reader.root("jobs.yaml") {
        reader.ignored_keys(&map, &["jobs"], "jobs.yaml");
        let items = map
            .get("jobs")
            .and_then(|id| reader.seq(id, "`jobs`"))
            .unwrap_or_default();
        for item in items {
            jobs.extend(job(&mut reader, item, index));
        }
    }
    project.findings.extend(index, out);
    jobs
}

fn job(reader: &mut Reader, item: crate::yaml::NodeId, file: usize) -> Option<Job> {
    let head = reader.head_span(item);
    let map = reader.map(item, "a job")?;
    reader.ignored_keys(&map, &JOB_KEYS, "a job");
    for key in ["interval", "max_instances"] {
        if let Some(id) = map.get(key) {
            reader.positive(id, key);
        }
    }
    if let Some(id) = map.get("group") {
        reader.one_of(id, "group", &["local", "remote"]);
    }
    let kind = match map.get("type") {
        Some(id) => reader.one_of(id, "type", &["script", "agent"])?.value,
        None => "script".to_string(),
    };
    for key in ["blueprint", "agent_dir"] {
        if let Some(id) = map.get(key) {
            reader.string(id, key);
        }
    }
    if let Some(id) = map.get("agent_config") {
        reader.map(id, "`agent_config`");
    }
    let Some(name) = map.get("name").and_then(|id| reader.string(id, "name")) else {
        if map.get("name").is_none() {
            reader.out.push(
                Diagnostic::new(
                    &MISSING_FIELD,
                    head,
                    "job has no `name`: the scheduler cannot run it",
                )
                .help("add `name:` naming a registered job function or an agent blueprint"),
            );
        }
        return None;
    };
    Some(Job {
        name: Field {
            file,
            span: name.span,
            value: name.value,
        },
        kind,
    })
}
