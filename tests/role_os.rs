//! role-os's scenarios (its `conflicts`, `escalation` and `dispatch` modules) re-expressed as
//! definitions in `tests/fixtures/role-os/`: each file says in an `# expect:` line which rules
//! report it (or `clean`), and the dispatch plans carry what role-os's dispatch manifest does.
//! `docs/role-policy-vs-role-os.md` says, scenario by scenario, where octolint agrees and why
//! not where it does not.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use octolint::generate::{Source, dispatch};
use octolint::pipeline::check_definition;
use serde_json::{Value, json};

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/role-os");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn expected(text: &str) -> BTreeSet<String> {
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("# expect: "))
        .expect("a scenario says what it expects");
    if line.trim() == "clean" {
        return BTreeSet::new();
    }
    line.split(',').map(|r| r.trim().to_string()).collect()
}

#[test]
fn every_scenario_reports_what_role_os_would_flag() {
    let files = scenarios();
    assert!(files.len() >= 9, "{files:?}");
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let (report, _) = check_definition(&path.display().to_string(), text.as_bytes());
        let found: BTreeSet<String> = report
            .diagnostics
            .iter()
            .map(|d| d.rule.name.to_string())
            .collect();
        assert_eq!(found, expected(&text), "{}", path.display());
    }
}

fn plan(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/role-os")
        .join(name);
    let bytes = fs::read(&path).unwrap();
    let (_, def) = check_definition(name, &bytes);
    let def = def.expect("decodes");
    serde_json::from_str(&dispatch::generate(&Source::new(&def, name, &bytes))).unwrap()
}

#[test]
fn rejected_work_goes_back_to_the_role_that_produced_it() {
    let plan = plan("rejected-to-producer.yaml");
    let critic = &plan["chains"][0]["steps"][3];
    // `targetRoleRule: previous` means the producer of the rejected output: the critic
    // reviews `patch`, which `backend` produced, though `docs` ran just before it.
    assert_eq!(critic["escalation"]["rejected"]["resolved_to"], "backend");
    assert_eq!(
        critic["escalation"]["quality bar miss"]["resolved_to"],
        "backend"
    );
    assert_eq!(
        critic["escalation"]["chain problem"]["resolved_to"],
        "orchestrator"
    );
    assert_eq!(
        critic["verdicts"],
        json!(["accept", "accept-with-notes", "reject", "blocked"])
    );
}

#[test]
fn the_dispatch_plan_carries_profiles_budgets_prompts_and_scopes() {
    let plan = plan("dispatch-profiles.yaml");
    let steps = plan["chains"][0]["steps"].as_array().unwrap();
    let (engineer, critic) = (&steps[1], &steps[2]);
    // role-os: `TOOL_PROFILES[role] || ["Read", "Glob", "Grep"]`.
    assert_eq!(critic["tools"], json!(["Read", "Glob", "Grep"]));
    assert_eq!(critic["tools_from"], "policy.read_only_tools");
    assert_eq!(engineer["tools_from"], "role");
    // role-os: DEFAULTS { model: "sonnet", maxTurns: 30, maxBudgetUsd: 5.0, timeoutMs: 10 min }.
    assert_eq!(
        engineer["budget"],
        json!({"model": "sonnet", "max_turns": 30, "max_spend": 5.0, "timeout_seconds": 600})
    );
    assert!(
        engineer["prompt"]
            .as_str()
            .unwrap()
            .contains("Backend Engineer")
    );
    assert_eq!(engineer["files"]["read_only"], json!(["tests/**"]));
    assert_eq!(engineer["forbidden_commands"], json!(["git push"]));
    assert_eq!(critic["checkpoint"], true);
    assert_eq!(critic["depends_on"], json!(["feature.2-engineer"]));
}
