//! The `payloads` and `octopoid` targets: every example compiles to request bodies that the
//! committed API schemas (`schema/api/`) accept, output is deterministic, missing registration
//! fields are named, child flows are registered under their parent's name and on their own,
//! hostile text survives, and the output for Octopoid's own flows is pinned by snapshots.

use std::fs;
use std::path::{Path, PathBuf};

use octolint::generate::output::MANIFEST_NAME;
use octolint::generate::{GeneratedFile, Source, octopoid, payloads};
use octolint::model::{Definition, Orchestrator, Spanned};
use octolint::pipeline::check_definition;
use serde_json::Value;

#[path = "support/schemas.rs"]
mod schemas;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("flows"))
        .expect("flows/ exists")
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".octolint.yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples in flows/");
    files
}

/// Checks `text` and returns its definition, failing on any error.
fn definition(name: &str, text: &[u8]) -> Definition {
    let (report, def) = check_definition(name, text);
    assert!(
        !report.has_errors(),
        "{name} has errors: {:?}",
        report.diagnostics
    );
    def.expect("a definition without errors decodes")
}

fn text(value: &str) -> Option<Spanned<String>> {
    Some(Spanned::new(value.to_string(), Default::default()))
}

fn schema(name: &str) -> jsonschema::Validator {
    schemas::validator(&root().join("schema/api").join(name))
}

/// The schema a payload file is a body for.
fn schema_for(path: &Path) -> &'static str {
    let path = path.to_string_lossy();
    match path.as_ref() {
        "orchestrator.register.json" => "orchestrators-register.schema.json",
        "roles.register.json" => "roles-register.schema.json",
        _ if path.starts_with("flows/") && path.ends_with(".json") => "flows-put.schema.json",
        _ => panic!("unexpected payload file {path}"),
    }
}

fn find<'a>(files: &'a [GeneratedFile], path: &str) -> &'a GeneratedFile {
    files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| {
            let paths: Vec<_> = files.iter().map(|f| f.path.display().to_string()).collect();
            panic!("no {path} among {paths:?}")
        })
}

fn json(file: &GeneratedFile) -> Value {
    serde_json::from_str(&file.contents).unwrap_or_else(|e| {
        panic!(
            "{} is not JSON: {e}\n{}",
            file.path.display(),
            file.contents
        )
    })
}

/// Validates every JSON file against its schema and checks the manifest lists exactly them.
fn validate(name: &str, source: &Source, files: &[GeneratedFile]) {
    let manifest = find(files, MANIFEST_NAME);
    let header = source.header("#");
    assert!(
        manifest.contents.starts_with(&header),
        "{name}: manifest header"
    );
    let listed: Vec<&str> = manifest.contents[header.len()..].lines().collect();
    let mut json_paths = Vec::new();
    for file in files.iter().filter(|f| f.path != Path::new(MANIFEST_NAME)) {
        let path = file.path.to_string_lossy().replace('\\', "/");
        json_paths.push(path.clone());
        assert!(
            file.contents.ends_with("}\n"),
            "{name}: {path} ends with a newline"
        );
        let instance = json(file);
        let validator = schema(schema_for(&file.path));
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name}: {path} violates its schema: {errors:#?}\n{}",
            file.contents
        );
    }
    assert_eq!(
        listed, json_paths,
        "{name}: the manifest lists every JSON file"
    );
}

#[test]
fn api_schemas_reject_what_the_server_rejects() {
    let flows = schema("flows-put.schema.json");
    let missing_builtin = serde_json::json!({
        "scope": "s", "states": ["incoming", "claimed", "done"], "transitions": []
    });
    assert!(!flows.is_valid(&missing_builtin));
    let with_child = serde_json::json!({
        "scope": "s", "states": ["incoming", "claimed", "done", "failed"], "transitions": [],
        "child_flow": {}
    });
    assert!(!flows.is_valid(&with_child));
    let orchestrator = schema("orchestrators-register.schema.json");
    let no_scope = serde_json::json!({"cluster": "c", "machine_id": "m", "repo_url": "u"});
    assert!(!orchestrator.is_valid(&no_scope));
    let roles = schema("roles-register.schema.json");
    assert!(!roles.is_valid(&serde_json::json!({"orchestrator_id": "c-m", "roles": [{}]})));
    assert!(
        roles.is_valid(&serde_json::json!({"orchestrator_id": "c-m", "roles": [{"name": "r"}]}))
    );
}

#[test]
fn every_example_produces_valid_payloads() {
    for path in examples() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        let mut def = definition(&name, &bytes);
        if def.orchestrator.is_none() {
            // Such an example cannot be registered as it is; say so, then register it under
            // a stand-in orchestrator to check its roles and flows.
            let error = payloads::generate(&Source::new(&def, &name, &bytes)).unwrap_err();
            assert!(error.contains("`orchestrator.cluster`"), "{name}: {error}");
            def.orchestrator = Some(Orchestrator {
                cluster: text("test"),
                machine_id: text("machine"),
                repo_url: text("https://example.com/repo"),
            });
        }
        let source = Source::new(&def, &name, &bytes);
        let files = payloads::generate(&source).unwrap_or_else(|e| panic!("{name}: {e}"));
        validate(&name, &source, &files);
        let flows = files.iter().filter(|f| f.path.starts_with("flows")).count();
        let children = def
            .flows
            .iter()
            .filter(|f| f.value.child_flow.is_some())
            .count();
        assert_eq!(
            flows,
            def.flows.len() + children,
            "{name}: one file per flow"
        );
    }
}

#[test]
fn output_is_deterministic() {
    for path in examples() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        let def = definition(&name, &bytes);
        let generate = || {
            let source = Source::new(&def, &name, &bytes);
            (payloads::generate(&source), octopoid::generate(&source))
        };
        assert_eq!(generate(), generate(), "{name}");
    }
}

#[test]
fn missing_registration_fields_are_named() {
    let bytes = b"version: 1
roles:
  implement: {}
agents:
  implementer: {role: implement}
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      claimed -> done: {}
";
    let def = definition("bare.octolint.yaml", bytes);
    let error = payloads::generate(&Source::new(&def, "bare.octolint.yaml", bytes)).unwrap_err();
    for field in [
        "`scope`",
        "`orchestrator.cluster`",
        "`orchestrator.machine_id`",
        "`orchestrator.repo_url`",
    ] {
        assert!(error.contains(field), "{field} not named in: {error}");
    }

    let mut def = def;
    def.scope = text("s");
    def.orchestrator = Some(Orchestrator {
        cluster: text("c"),
        machine_id: text("m"),
        repo_url: None,
    });
    let error = payloads::generate(&Source::new(&def, "bare.octolint.yaml", bytes)).unwrap_err();
    assert!(error.contains("`orchestrator.repo_url`"), "{error}");
    assert!(
        !error.contains("`scope`") && !error.contains("cluster`"),
        "{error}"
    );
}

/// A flow body's moves, `(from, to)` in order.
fn moves_of(flow: &Value) -> Vec<(&str, &str)> {
    flow["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["from"].as_str().unwrap(), t["to"].as_str().unwrap()))
        .collect()
}

#[test]
fn a_child_flow_is_registered_with_its_parent_and_on_its_own() {
    let path = root().join("flows/octopoid-default.octolint.yaml");
    let bytes = fs::read(&path).unwrap();
    let def = definition("octopoid-default.octolint.yaml", &bytes);
    let source = Source::new(&def, "octopoid-default.octolint.yaml", &bytes);
    let files = payloads::generate(&source).unwrap();
    let parent = json(find(&files, "flows/project.json"));
    let child = json(find(&files, "flows/project_child.json"));
    assert!(parent.get("child_flow").is_none());
    assert_eq!(child["scope"], "octopoid");
    assert_eq!(
        child["states"],
        serde_json::json!([
            "incoming",
            "claimed",
            "done",
            "failed",
            "needs_continuation",
            "requires-intervention"
        ])
    );
    let moves = moves_of(&child);
    // Its own moves, then requeue and continuation (registered with every flow).
    assert_eq!(
        moves,
        [
            ("incoming", "claimed"),
            ("claimed", "done"),
            ("claimed", "incoming"),
            ("claimed", "needs_continuation")
        ]
    );
    // Child tasks carry the parent's flow name, so the parent's registration holds the
    // child's moves after its own; the project's own failure routes come with them.
    assert_eq!(
        moves_of(&parent),
        [
            ("children_complete", "provisional"),
            ("provisional", "done"),
            ("incoming", "claimed"),
            ("claimed", "done"),
            ("claimed", "incoming"),
            ("claimed", "needs_continuation")
        ]
    );
    // The project flow starts in `children_complete`: it is a state even before any
    // transition names it.
    assert_eq!(parent["states"][4], "children_complete");
    let manifest = &find(&files, MANIFEST_NAME).contents;
    assert!(manifest.lines().any(|l| l == "flows/project_child.json"));
}

const HOSTILE: &str = "quote \" backslash \\ newline \n triple \"\"\" close */ tick ` ${x} sep \u{2028} nel \u{85} tab \t end";

#[test]
fn hostile_descriptions_survive() {
    let definition_text = format!(
        "version: 1
scope: s
orchestrator: {{cluster: c, machine_id: m, repo_url: \"https://example.com/r\"}}
roles:
  implement: {{description: {0}}}
agents:
  implementer: {{role: implement, model: {0}}}
flows:
  default:
    description: {0}
    transitions:
      incoming -> claimed: {{role: implement}}
      claimed -> done: {{}}
",
        octolint::generate::names::quoted(HOSTILE)
    );
    let bytes = definition_text.as_bytes();
    let def = definition("hostile.octolint.yaml", bytes);
    assert_eq!(
        def.roles
            .get("implement")
            .unwrap()
            .value
            .description
            .as_ref()
            .unwrap()
            .value,
        HOSTILE,
        "the fixture itself spells the text right"
    );
    let source = Source::new(&def, "hostile.octolint.yaml", bytes);

    let files = payloads::generate(&source).unwrap();
    validate("hostile", &source, &files);
    let roles = json(find(&files, "roles.register.json"));
    assert_eq!(roles["roles"][0]["description"], HOSTILE);
    for file in &files {
        for c in ['\u{2028}', '\u{85}', '\t'] {
            assert!(
                !file.contents.contains(c),
                "{}: raw {c:?}",
                file.path.display()
            );
        }
    }

    let files = octopoid::generate(&source);
    let flow = find(&files, "flows/default.yaml");
    let agent = find(&files, "agents/implementer/agent.yaml");
    for file in [flow, agent] {
        assert!(
            !file.contents.contains(['\u{2028}', '\u{85}', '\t']),
            "{}: a raw line break or tab",
            file.path.display()
        );
    }
    let loaded = octolint::yaml::load(&flow.contents)
        .to_json()
        .expect("flow YAML loads");
    assert_eq!(loaded["description"], HOSTILE, "{}", flow.contents);
    let loaded = octolint::yaml::load(&agent.contents)
        .to_json()
        .expect("agent YAML loads");
    assert_eq!(loaded["model"], HOSTILE, "{}", agent.contents);
}

/// Every file of a target, each under a `--- path` line, for one snapshot.
fn listing(files: &[GeneratedFile]) -> String {
    let mut out = String::new();
    for file in files {
        out.push_str(&format!("--- {}\n{}", file.path.display(), file.contents));
    }
    out
}

fn octopoid_default() -> (Definition, Vec<u8>) {
    let bytes = fs::read(root().join("flows/octopoid-default.octolint.yaml")).unwrap();
    (definition("octopoid-default.octolint.yaml", &bytes), bytes)
}

#[test]
fn snapshot_payloads_octopoid_default() {
    let (def, bytes) = octopoid_default();
    let source = Source::new(&def, "octopoid-default.octolint.yaml", &bytes);
    insta::assert_snapshot!(listing(&payloads::generate(&source).unwrap()));
}

#[test]
fn snapshot_octopoid_octopoid_default() {
    let (def, bytes) = octopoid_default();
    let source = Source::new(&def, "octopoid-default.octolint.yaml", &bytes);
    insta::assert_snapshot!(listing(&octopoid::generate(&source)));
}
