//! Octopoid projects as they are: the real corpus (read at run time from `../shared/corpus`
//! when it exists), the agents.yaml shapes, `import`, and the round trip
//! `.octopoid/` → `import` → `octolint gen --target octopoid` → `.octopoid/`.
//!
//! `cargo test --test octopoid -- --nocapture` prints the findings on the corpus.

use std::fs;
use std::path::{Path, PathBuf};

use octolint::diagnostic::Report;
use octolint::diagnostic::Severity;
use octolint::generate::{Source, octopoid};
use octolint::octopoid::{AgentConfig, ProjectOptions, TaskRolesSource};
use octolint::pipeline::{check_bytes, check_definition};
use octolint::pipeline::{check_project, import_project as import, load_project as load};

#[path = "support/tree.rs"]
mod tree;
use tree::copy_tree;

/// The corpus of real Octopoid configurations beside the checkout; the tests fail without it.
fn corpus() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/octopoid");
    assert!(
        path.is_dir(),
        "the corpus of real Octopoid configurations is needed at {} (beside the checkout)",
        path.display()
    );
    path
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/octopoid")
        .join(name)
}

/// `path-inside-base:line severity[rule]` per finding, for assertions that do not depend on
/// where the corpus is.
fn lines(reports: &[Report], base: &Path) -> Vec<String> {
    let base = format!("{}/", base.display());
    reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(|d| {
                format!(
                    "{}:{} {}[{}]",
                    r.file.name.trim_start_matches(&base),
                    r.file.position(d.span.start).line,
                    d.severity.as_str(),
                    d.rule.name
                )
            })
        })
        .collect()
}

/// Prints the findings on one corpus project as worked examples: `file:line: message`.
fn summary(title: &str, reports: &[Report], base: &Path) {
    let base = format!("{}/", base.display());
    println!("\n== {title}");
    for r in reports {
        for d in &r.diagnostics {
            println!(
                "{}:{}: {}[{}] {}",
                r.file.name.trim_start_matches(&base),
                r.file.position(d.span.start).line,
                d.severity.as_str(),
                d.rule.name,
                d.message
            );
        }
    }
}

fn check(root: &Path, tasks: &[&str]) -> Vec<Report> {
    let options = ProjectOptions {
        tasks: tasks.iter().map(|t| root.join(t)).collect(),
        task_roles: None,
        ..Default::default()
    };
    check_project(root, &options).unwrap().reports
}

#[test]
fn corpus_octopoid_finds_the_project_flow_and_the_continuer() {
    let corpus = corpus();
    let reports = check(&corpus, &["project-management/tasks/TASK-*.md"]);
    summary("octopoid/.octopoid (+ its task file)", &reports, &corpus);
    assert_eq!(
        lines(&reports, &corpus),
        [
            ".octopoid/agents/continuer/agent.yaml:7 warning[unpolled-claim-queue]",
            ".octopoid/flows/project.yaml:22 error[unreachable-queue]",
        ]
    );
    // One finding for the one cause, naming every state it strands.
    let stranded = &reports
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .find(|d| d.rule.name == "unreachable-queue")
        .unwrap();
    assert!(
        stranded
            .message
            .contains("`children_complete`, `provisional`"),
        "{}",
        stranded.message
    );
    assert_eq!(stranded.related.len(), 1, "`provisional` as related");
    // Every file was read, and the clean ones report nothing.
    assert_eq!(reports.len(), 11);
}

#[test]
fn corpus_early_v2_agents_have_the_implementer_role() {
    let corpus = corpus();
    let root = corpus.join("_history/273437f/.octopoid");
    let reports = check(&root, &[]);
    summary("_history/273437f (early v2 agents list)", &reports, &root);
    assert_eq!(
        lines(&reports, &root),
        [
            "agents.yaml:8 error[agent-role-mismatch]",
            "agents.yaml:17 error[agent-role-mismatch]",
            "agents.yaml:27 warning[unknown-role]",
        ]
    );
}

#[test]
fn corpus_blueprint_mapping_takes_its_role_from_type() {
    let corpus = corpus();
    let root = corpus.join("_history/9f81cea/.octopoid");
    let reports = check(&root, &[]);
    summary("_history/9f81cea (agents: mapping)", &reports, &root);
    assert_eq!(
        lines(&reports, &root),
        ["agents.yaml:10 error[agent-role-mismatch]"]
    );
}

#[test]
fn corpus_boxen_claims_from_a_queue_no_flow_has() {
    let corpus = corpus();
    let root = corpus.join("_boxen/.octopoid");
    let reports = check(&root, &[]);
    summary("_boxen (downstream project)", &reports, &root);
    assert_eq!(
        lines(&reports, &root),
        ["agents.yaml:31 error[claim-from-undeclared-queue]"]
    );
    assert!(
        reports[1].diagnostics[0]
            .message
            .contains("`sanity_approved`")
    );
}

#[test]
fn corpus_v1_file_queue_era_is_read_without_false_findings() {
    let corpus = corpus();
    let root = corpus.join("_boxen/_history/ff6c5e4/.orchestrator");
    let task =
        corpus.join("_boxen/_history/fd3401c/.orchestrator/shared/queue/done/TASK-06b44db0.md");
    let options = ProjectOptions {
        tasks: vec![task],
        task_roles: None,
        ..Default::default()
    };
    let report = check_project(&root, &options).unwrap();
    summary(
        "_boxen/_history/ff6c5e4 (v1 list) + a v1 task",
        &report.reports,
        &corpus,
    );
    assert!(lines(&report.reports, &corpus).is_empty());
    assert_eq!(report.task_roles, ["orchestrator_impl"]);
    assert_eq!(report.task_roles_source, TaskRolesSource::TaskFiles(1));
    let project = load(&root, &ProjectOptions::default()).unwrap();
    assert_eq!(project.agents.pool.len(), 18);
}

#[test]
fn corpus_client_templates_are_read_as_a_fleet() {
    let corpus = corpus();
    let root = corpus.join("packages/client/templates");
    let reports = check(&root, &[]);
    summary(
        "packages/client/templates (fleet template)",
        &reports,
        &root,
    );
    let found = lines(&reports, &root);
    assert!(
        found.contains(&"agents.yaml:14 error[agent-role-mismatch]".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"config.yaml:1 error[missing-field]".to_string()),
        "{found:?}"
    );
}

#[test]
fn corpus_imports_into_definitions_that_keep_only_the_known_problems() {
    let corpus = corpus();
    for (dir, expected_errors) in [
        (".octopoid", vec!["unreachable-queue"]),
        (
            "_history/273437f/.octopoid",
            vec!["agent-role-mismatch", "agent-role-mismatch"],
        ),
        ("_history/9f81cea/.octopoid", vec!["agent-role-mismatch"]),
        ("_boxen/.octopoid", vec!["unknown-queue"]),
    ] {
        let imported = import(&corpus.join(dir), &ProjectOptions::default()).unwrap();
        let report = check_bytes("octolint.yaml", imported.yaml.as_bytes());
        let errors: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.rule.name)
            .collect();
        assert_eq!(errors, expected_errors, "{dir}:\n{}", imported.yaml);
    }
}

// --- agents.yaml shapes -------------------------------------------------------------------

fn pool(root: &Path) -> Vec<(String, String, String)> {
    let project = load(root, &ProjectOptions::default()).unwrap();
    project
        .agents
        .pool
        .iter()
        .map(|a| {
            let role = a.role.as_ref().map_or(String::new(), |r| r.value.clone());
            (a.name.value.clone(), role, a.claim_queue().to_string())
        })
        .collect()
}

fn agent(name: &str, role: &str, queue: &str) -> (String, String, String) {
    (name.to_string(), role.to_string(), queue.to_string())
}

#[test]
fn every_agents_yaml_shape_yields_its_agents() {
    assert_eq!(
        pool(&fixture("ok/shape-v1-list")),
        [
            agent("impl-agent-1", "implement", "incoming"),
            agent("inbox-poller", "proposer", "incoming")
        ]
    );
    assert_eq!(
        pool(&fixture("ok/shape-v2-list")),
        [agent("implementer-1", "implement", "incoming")]
    );
    assert_eq!(
        pool(&fixture("ok/shape-fleet")),
        [
            agent("implementer-1", "implement", "incoming"),
            agent("gatekeeper-1", "gatekeeper", "provisional")
        ]
    );
    assert_eq!(
        pool(&fixture("ok/shape-mapping")),
        [
            agent("implementer", "implement", "incoming"),
            agent("gatekeeper", "gatekeeper", "provisional")
        ]
    );
    assert_eq!(
        pool(&fixture("ok/agent-yaml")),
        [
            agent("fixer", "fixer", "intervention"),
            agent("gatekeeper", "gatekeeper", "provisional"),
            agent("implementer", "implement", "incoming"),
        ]
    );
}

// --- import and the round trip -------------------------------------------------------------

/// What must survive a round trip: each pool agent's settings and each flow's transitions.
#[derive(Debug, PartialEq)]
struct Semantics {
    agents: Vec<String>,
    flows: Vec<String>,
}

fn describe_agent(a: &AgentConfig) -> String {
    let number = |n: &Option<octolint::octopoid::Field<u64>>| n.as_ref().map(|n| n.value);
    let tools: Option<Vec<&str>> = a
        .tools
        .as_ref()
        .map(|t| t.iter().map(|t| t.value.as_str()).collect());
    format!(
        "{} role={:?} claim_from={} model={:?} max_turns={:?} max_instances={:?} interval={:?} tools={tools:?}",
        a.name.value,
        a.role.as_ref().map(|r| &r.value),
        a.claim_queue(),
        a.model.as_ref().map(|m| &m.value),
        number(&a.max_turns),
        number(&a.max_instances),
        number(&a.interval_seconds),
    )
}

fn semantics(root: &Path) -> Semantics {
    let project = load(root, &ProjectOptions::default()).unwrap();
    let mut agents: Vec<String> = project.agents.pool.iter().map(describe_agent).collect();
    agents.sort();
    let mut flows = Vec::new();
    for flow in &project.flows {
        for unit in flow.units() {
            for t in unit.transitions {
                let strings = |l: &Option<Vec<octolint::model::Spanned<String>>>| {
                    l.as_ref()
                        .map(|l| l.iter().map(|s| s.value.clone()).collect::<Vec<_>>())
                };
                let conditions: Vec<String> = t
                    .conditions
                    .iter()
                    .flatten()
                    .map(|c| {
                        format!(
                            "{:?}/{:?}/{:?}/{:?}/{:?}/{:?}",
                            c.name.as_ref().map(|s| &s.value),
                            c.kind.as_ref().map(|k| k.value),
                            c.agent.as_ref().map(|s| &s.value),
                            c.script.as_ref().map(|s| &s.value),
                            c.on_fail.as_ref().map(|s| &s.value),
                            c.skip.as_ref().map(|s| s.value)
                        )
                    })
                    .collect();
                flows.push(format!(
                    "{}: {} -> {} agent={:?} runs={:?} checks={:?} on_checks_fail={:?} conditions={conditions:?}",
                    unit.name,
                    t.from.value,
                    t.to.value,
                    t.agent.as_ref().map(|a| &a.value),
                    strings(&t.runs),
                    strings(&t.checks),
                    t.on_checks_fail.as_ref().map(|q| &q.value),
                ));
            }
        }
    }
    Semantics { agents, flows }
}

/// Imports `root`, generates the `octopoid` target from the result and writes it as a
/// `.octopoid` directory in `out`.
fn regenerate(root: &Path, out: &Path) -> PathBuf {
    let imported = import(root, &ProjectOptions::default()).unwrap();
    let (report, def) = check_definition("octolint.yaml", imported.yaml.as_bytes());
    let def = def.expect("the import parses");
    let errors: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{}", imported.yaml);
    let source = Source::new(&def, "octolint.yaml", imported.yaml.as_bytes());
    let target = out.join(".octopoid");
    for file in octopoid::generate(&source) {
        let path = target.join(&file.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, file.contents).unwrap();
    }
    target
}

#[test]
fn clean_projects_import_without_findings_and_round_trip() {
    for name in [
        "ok/agent-yaml",
        "ok/shape-mapping",
        "ok/shape-fleet",
        "ok/shape-v2-list",
    ] {
        let root = fixture(name);
        let imported = import(&root, &ProjectOptions::default()).unwrap();
        let report = check_bytes("octolint.yaml", imported.yaml.as_bytes());
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error),
            "{name}: {:?}\n{}",
            report.diagnostics,
            imported.yaml
        );
        let out = tempfile::tempdir().unwrap();
        let regenerated = regenerate(&root, out.path());
        assert_eq!(
            semantics(&root),
            semantics(&regenerated),
            "{name}:\n{}",
            imported.yaml
        );
    }
}

#[test]
fn the_real_project_round_trips_but_for_what_the_notes_report() {
    let corpus = corpus();
    let root = corpus.join(".octopoid");
    let imported = import(&root, &ProjectOptions::default()).unwrap();
    // `continuer` keeps claiming from `needs_continuation`, through a role of its own.
    assert!(
        imported.notes.iter().any(|n| n.contains("continuer")
            && n.contains("`implement_needs_continuation` (claims_from: needs_continuation)")),
        "{:?}",
        imported.notes
    );
    let out = tempfile::tempdir().unwrap();
    let original = semantics(&root);
    // The definition fails `gen` on the unreachable project flow; regenerate from the
    // definition with the note's advice applied.
    let fixed = imported.yaml.replace(
        "  project:  # flows/project.yaml\n",
        "  project:  # flows/project.yaml\n    initial: children_complete\n",
    );
    let (_, def) = check_definition("octolint.yaml", fixed.as_bytes());
    let def = def.unwrap();
    let source = Source::new(&def, "octolint.yaml", fixed.as_bytes());
    let target = out.path().join(".octopoid");
    for file in octopoid::generate(&source) {
        let path = target.join(&file.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, file.contents).unwrap();
    }
    let regenerated = semantics(&target);
    assert_eq!(original.flows, regenerated.flows);
    // Every agent claims from where it did; only `continuer`'s role is the one the note names
    // (Octopoid does not send a role for claims from `needs_continuation`).
    let renamed: Vec<String> = original
        .agents
        .iter()
        .map(|a| {
            a.replace(
                "role=Some(\"implement\") claim_from=needs_continuation",
                "role=Some(\"implement_needs_continuation\") claim_from=needs_continuation",
            )
        })
        .collect();
    assert_ne!(
        renamed, original.agents,
        "no agent claims from needs_continuation"
    );
    assert_eq!(renamed, regenerated.agents);
}

#[test]
fn import_notes_what_it_drops_and_decides() {
    let imported = import(&fixture("ok/agent-yaml"), &ProjectOptions::default()).unwrap();
    let notes = imported.notes.join("\n");
    assert!(notes.contains("agent `analyst` is a job agent"), "{notes}");
    assert!(notes.contains("jobs.yaml: 2 jobs not imported"), "{notes}");
    assert!(!notes.contains("flow `project`"), "{notes}");
    assert!(
        imported
            .yaml
            .contains("scope: shop\norchestrator:\n  cluster: prod\n"),
        "{}",
        imported.yaml
    );
    let imported = import(&fixture("err/shape-v2-list"), &ProjectOptions::default()).unwrap();
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("keeps `role: implementer`"))
    );
    let report = check_bytes("octolint.yaml", imported.yaml.as_bytes());
    let mismatch = report
        .diagnostics
        .iter()
        .find(|d| d.rule.name == "agent-role-mismatch")
        .unwrap();
    assert_eq!(mismatch.suggestion.as_deref(), Some("implement"));
}

#[test]
fn a_path_that_is_not_a_project_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let error = check_project(dir.path(), &ProjectOptions::default()).unwrap_err();
    assert!(error.contains("not an Octopoid project"), "{error}");
    let options = ProjectOptions {
        tasks: vec![dir.path().join("tasks/*.md")],
        task_roles: None,
        ..Default::default()
    };
    fs::create_dir_all(dir.path().join(".octopoid/flows")).unwrap();
    let error = check_project(dir.path(), &options).unwrap_err();
    assert!(error.contains("no task file matches"), "{error}");
}

#[test]
fn import_marks_octopoids_unsuccessful_terminal_states() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(".octopoid");
    for (path, text) in [
        ("config.yaml", "scope: shop\n"),
        (
            "agents.yaml",
            "fleet:\n  - {name: implementer-1, type: implement}\n  - {name: gatekeeper-1, role: gatekeeper, claim_from: provisional}\n",
        ),
        (
            "flows/default.yaml",
            "name: default\ntransitions:\n  \"incoming -> claimed\": {agent: implement}\n  \"claimed -> provisional\": {runs: [push_branch]}\n  \"provisional -> done\": {agent: gatekeeper}\n  \"provisional -> rejected\": {agent: gatekeeper}\n  \"provisional -> escalated\": {agent: gatekeeper}\n",
        ),
    ] {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let imported = import(&root, &ProjectOptions::default()).unwrap();
    for queue in ["rejected", "escalated"] {
        assert!(
            imported.yaml.contains(&format!(
                "  {queue}: {{terminal: true, outcome: failure}}\n"
            )),
            "{queue}:\n{}",
            imported.yaml
        );
    }
    assert!(!imported.yaml.contains("  done:"), "{}", imported.yaml);
    // A gatekeeper that may not complete work may still reject it.
    let restricted = imported.yaml.replace(
        "  gatekeeper:",
        "  gatekeeper:\n    capabilities: [progress, block]",
    );
    let report = check_bytes("octolint.yaml", restricted.as_bytes());
    let violations: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.name == "interface-violation")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(violations.len(), 1, "{violations:?}\n{restricted}");
    assert!(
        violations[0].contains("provisional -> done"),
        "{violations:?}"
    );
}

/// A monorepo: two services with a `.octopoid/` each (one with mistakes), and a definition
/// deeper still (with a dead end). `octolint check DIR` and `octolint check .` find all three,
/// each checked on its own: the findings name the broken service's files and the definition,
/// and the clean service adds none.
#[test]
fn a_monorepo_checks_every_octopoid_project_and_definition_at_any_depth() {
    let repo = tempfile::tempdir().unwrap();
    copy_tree(
        &fixture("ok/agent-yaml"),
        &repo.path().join("services/svc-a/.octopoid"),
    );
    copy_tree(
        &fixture("err/native-roles"),
        &repo.path().join("svc-b/.octopoid"),
    );
    let team = repo.path().join("platform/teams/review");
    fs::create_dir_all(&team).unwrap();
    // A definition with one mistake (a dead end), three levels down.
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/err/dead-end-queue.yaml"),
        team.join("gates.octolint.yaml"),
    )
    .unwrap();
    for (dir, arg) in [
        (repo.path().parent().unwrap(), repo.path().to_str().unwrap()),
        (repo.path(), "."),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_octolint"))
            .args(["check", "--format", "json", arg])
            .current_dir(dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let files: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap())
            .collect();
        assert!(!files.is_empty());
        let (definition, native): (Vec<&str>, Vec<&str>) = files
            .iter()
            .partition(|f| f.ends_with("platform/teams/review/gates.octolint.yaml"));
        assert_eq!(definition.len(), 1, "{files:?}");
        assert!(
            !native.is_empty() && native.iter().all(|f| f.contains("svc-b/.octopoid/agents/")),
            "findings outside the broken service: {files:?}"
        );
        assert_eq!(json["summary"]["errors"], 3, "{json}");
        // Both projects were read: the note names each.
        assert!(stderr.contains("services/svc-a/.octopoid"), "{stderr}");
        assert!(stderr.contains("svc-b/.octopoid"), "{stderr}");
    }
}

// --- import fidelity ----------------------------------------------------------------------

/// The options a fixture project stands for: its `tasks/` and its `task-roles.txt`.
fn fixture_options(project: &Path) -> ProjectOptions {
    let tasks = project.join("tasks");
    ProjectOptions {
        tasks: if tasks.is_dir() {
            vec![tasks]
        } else {
            Vec::new()
        },
        task_roles: fs::read_to_string(project.join("task-roles.txt"))
            .ok()
            .map(|text| text.split_whitespace().map(str::to_string).collect()),
        ..Default::default()
    }
}

/// Every native fixture project and every project of the corpus.
fn all_projects() -> Vec<PathBuf> {
    let mut projects = Vec::new();
    for kind in ["ok", "err"] {
        let dir = fixture(kind);
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                projects.push(path);
            }
        }
    }
    let corpus = corpus();
    projects.extend(
        [
            ".octopoid",
            "_history/273437f/.octopoid",
            "_history/9f81cea/.octopoid",
            "_boxen/.octopoid",
            "packages/client/templates",
        ]
        .iter()
        .map(|p| corpus.join(p)),
    );
    projects.sort();
    projects
}

/// `octolint import` then `octolint check` reports the errors the native check reports: each
/// under the same rule, or under the rule `IMPORTED_AS` names for an Octopoid-only one. The
/// errors in how the native files are written, which a definition cannot carry, are the
/// import's `uncarried` errors instead, one for one.
#[test]
fn import_then_check_reports_the_errors_of_the_native_check() {
    let mapped = |rule: &str| -> String {
        octolint::octopoid::IMPORTED_AS
            .iter()
            .find(|(native, _)| native.name == rule)
            .map_or(rule, |(_, imported)| imported.name)
            .to_string()
    };
    let structural = |rule: &str| {
        [
            "yaml-syntax",
            "duplicate-key",
            "unknown-key",
            "invalid-value",
            "missing-field",
        ]
        .contains(&rule)
    };
    let mut compared = 0;
    let mut failures = Vec::new();
    for project in all_projects() {
        let options = fixture_options(&project);
        let native = check_project(&project, &options).unwrap();
        // (rule, message, whether the definition can carry it: not from a task file, which a
        // definition does not have, and not about how a file is written).
        let errors: Vec<(String, String, bool)> = native
            .reports
            .iter()
            .flat_map(|r| {
                let task = r.file.name.ends_with(".md");
                r.diagnostics.iter().map(move |d| (task, d))
            })
            .filter(|(_, d)| d.severity == Severity::Error)
            .map(|(task, d)| {
                let carried = !task && !structural(d.rule.name);
                (d.rule.name.to_string(), d.message.clone(), carried)
            })
            .collect();
        let mut expected: Vec<String> = errors
            .iter()
            .filter(|(_, _, carried)| *carried)
            .map(|(rule, _, _)| mapped(rule))
            .collect();
        let mut expected_uncarried: Vec<String> = errors
            .iter()
            .filter(|(_, _, carried)| !carried)
            .map(|(rule, _, _)| rule.clone())
            .collect();

        let imported = import(&project, &options).unwrap();
        let report = check_bytes("octolint.yaml", imported.yaml.as_bytes());
        let found: Vec<(String, String)> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.rule.name.to_string(), d.message.clone()))
            .collect();
        let mut actual: Vec<String> = found.iter().map(|(rule, _)| rule.clone()).collect();
        let mut uncarried: Vec<String> = imported
            .uncarried
            .iter()
            .map(|u| {
                u.split(": [")
                    .nth(1)
                    .unwrap()
                    .split(']')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        for list in [
            &mut expected,
            &mut actual,
            &mut expected_uncarried,
            &mut uncarried,
        ] {
            list.sort();
        }
        if expected != actual || expected_uncarried != uncarried {
            failures.push(format!(
                "{}:\n  native: {errors:#?}\n  imported: {found:#?}\n  uncarried: {:#?}\n{}",
                project.display(),
                imported.uncarried,
                imported.yaml
            ));
        }
        compared += 1;
    }
    assert!(compared >= 30, "only {compared} projects compared");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What import leaves undeclared so that the definition reports it is said in a note.
#[test]
fn import_notes_the_mistakes_it_keeps_visible() {
    let notes = |name: &str| {
        let project = fixture("err").join(name);
        import(&project, &fixture_options(&project)).unwrap().notes
    };
    let roles = notes("native-roles");
    assert!(
        roles.iter().any(|n| n.contains(
            "agent `researcher` keeps `role: reserch`, which is not a task role (did you mean `research`?)"
        )),
        "{roles:#?}"
    );
    assert!(
        roles.iter().any(|n| n.contains(
            "agent `monitor` claims from `incoming` filtered by role `github_issue_monitor`, which is not a task role"
        ) && n.contains("declared as a role of its own")),
        "{roles:#?}"
    );
    let queues = notes("claim-from-undeclared-queue");
    assert!(
        queues.iter().any(|n| n.contains(
            "role `gatekeeper` claims from `provisonal`, which no flow has: left out of `queues:`"
        )),
        "{queues:#?}"
    );
}
