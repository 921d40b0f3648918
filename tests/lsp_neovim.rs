//! `octolint lsp` against a real LSP client: headless Neovim runs `tests/nvim/lsp_test.lua`,
//! which starts the server with Neovim's built-in client, opens `tests/nvim/fixture.octolint.yaml`,
//! waits for its diagnostics, asks `textDocument/definition` at a role reference and writes
//! what it got as JSON. This test checks that JSON to the exact line and column.
//!
//! Needs `nvim` on PATH (Debian's `neovim` package; `.ci/run` installs it). Without it the test
//! fails and says how to install it.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "support/editor_project.rs"]
mod editor_project;

/// How long Neovim may run before it is killed (the script itself gives up after 10 s a step).
const NVIM_TIMEOUT: Duration = Duration::from_secs(60);

/// The fixture's unknown role `reveiw` (0-based line 12): `  gatekeeper: {description:
/// "Checks 🚀", role: reveiw}`. The emoji before it is 1 character, 2 UTF-16 code units and 4
/// bytes, so the column differs in each position encoding (and Neovim's own columns are bytes).
const UNKNOWN_ROLE_LINE: u64 = 12;
const UNKNOWN_ROLE_UTF16: (u64, u64) = (47, 53);
const UNKNOWN_ROLE_BYTES: (u64, u64) = (49, 55);
const UNKNOWN_ROLE_CHARS: (u64, u64) = (46, 52);

/// `textDocument/definition` is asked at `implement` in `  implementer: {role: implement}`
/// (0-based line 11, inside the word) …
const DEFINITION_AT: (u64, u64) = (11, 23);
/// … and must answer the key `implement` under `roles:` (0-based line 8, characters 2..11).
const ROLE_DEFINITION: (u64, u64, u64) = (8, 2, 11);

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Whether `nvim` can be run; `false` only when it is not installed.
fn nvim_available() -> bool {
    match Command::new("nvim")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
    {
        Ok(output) => {
            assert!(
                output.status.success(),
                "`nvim --version` failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            true
        }
        Err(error) if error.kind() == ErrorKind::NotFound => false,
        Err(error) => panic!("cannot run `nvim --version`: {error}"),
    }
}

/// The UTF-16, byte and character columns of `needle` in `line`.
fn columns(line: &str, needle: &str) -> (u64, u64, u64) {
    let byte = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    let utf16 = line[..byte].encode_utf16().count();
    let chars = line[..byte].chars().count();
    (utf16 as u64, byte as u64, chars as u64)
}

/// The fixture still has its names where the constants say: a clear message if it is edited.
fn check_fixture_positions(text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    let unknown = lines[UNKNOWN_ROLE_LINE as usize];
    assert!(
        unknown.starts_with("  gatekeeper:"),
        "fixture line {UNKNOWN_ROLE_LINE} moved: {unknown:?}"
    );
    assert_eq!(
        columns(unknown, "reveiw"),
        (
            UNKNOWN_ROLE_UTF16.0,
            UNKNOWN_ROLE_BYTES.0,
            UNKNOWN_ROLE_CHARS.0
        ),
        "fixture: `reveiw` moved"
    );
    let reference = lines[DEFINITION_AT.0 as usize];
    assert_eq!(
        reference, "  implementer: {role: implement}",
        "fixture: the reference moved"
    );
    let (start, _, _) = columns(reference, "role: implement");
    assert!((start + 6..start + 15).contains(&DEFINITION_AT.1));
    let defined = lines[ROLE_DEFINITION.0 as usize];
    assert!(
        defined.starts_with("  implement:"),
        "fixture: role `implement` moved: {defined:?}"
    );
}

fn num(value: &Value, pointer: &str) -> u64 {
    value
        .pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("no number at {pointer} in {value}"))
}

/// Runs Neovim on `script` (under `tests/nvim/`) with the fixture copied into `dir` and the
/// extra environment `env`; returns the result JSON.
fn run_neovim(dir: &Path, script: &str, env: &[(&str, String)]) -> Value {
    let fixture = dir.join("fixture.octolint.yaml");
    std::fs::copy(repo_path("tests/nvim/fixture.octolint.yaml"), &fixture).unwrap();
    let result_path = dir.join("result.json");
    let stdout_path = dir.join("nvim.stdout");
    let stderr_path = dir.join("nvim.stderr");
    let script = repo_path("tests/nvim").join(script);

    // `-l` is Neovim 0.9+; `-c 'lua dofile(…)'` works from 0.5 on (the path comes from the
    // environment, so it needs no escaping). `-n`: no swap file; `-i NONE`: no ShaDa file.
    let mut command = Command::new("nvim");
    command
        .args([
            "--headless",
            "--clean",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-n",
            "-c",
        ])
        .arg("lua dofile(os.getenv('OCTOLINT_SCRIPT'))")
        .current_dir(dir)
        .env("OCTOLINT_SCRIPT", &script)
        .env("OCTOLINT_BIN", env!("CARGO_BIN_EXE_octolint"))
        .env("OCTOLINT_FIXTURE", &fixture)
        .env("OCTOLINT_RESULT", &result_path)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    // Neovim's state, cache and LSP log stay inside the temporary directory.
    for var in [
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    ] {
        let path = dir.join(var.to_lowercase());
        std::fs::create_dir_all(&path).unwrap();
        command.env(var, path);
    }
    let mut child = command.spawn().expect("cannot start nvim");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > NVIM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = format!(
        "stdout:\n{}\nstderr:\n{}\nresult:\n{}\nlsp.log:\n{}",
        std::fs::read_to_string(&stdout_path).unwrap_or_default(),
        std::fs::read_to_string(&stderr_path).unwrap_or_default(),
        std::fs::read_to_string(&result_path).unwrap_or_else(|_| "(none)".into()),
        lsp_log(dir),
    );
    let Some(status) = status else {
        panic!(
            "nvim did not finish within {}s; killed\n{output}",
            NVIM_TIMEOUT.as_secs()
        );
    };
    assert!(status.success(), "nvim failed ({status})\n{output}");
    let text = std::fs::read_to_string(&result_path)
        .unwrap_or_else(|e| panic!("no result file ({e})\n{output}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad result JSON ({e})\n{output}"))
}

/// Neovim's LSP log (the server's stderr lands there), wherever this version keeps it.
fn lsp_log(dir: &Path) -> String {
    ["xdg_cache_home/nvim/lsp.log", "xdg_state_home/nvim/lsp.log"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(dir.join(p)).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fails the test, saying how to install Neovim, when `nvim` cannot be run.
fn require_nvim() {
    assert!(
        nvim_available(),
        "`nvim` is not on PATH: this test drives the real Neovim as a client of `octolint lsp`. \
         Install Debian's `neovim` package (`apt-get install neovim`; .ci/run installs it)."
    );
}

#[test]
fn neovim_gets_diagnostics_and_definition_from_octolint_lsp() {
    require_nvim();
    check_fixture_positions(
        &std::fs::read_to_string(repo_path("tests/nvim/fixture.octolint.yaml")).unwrap(),
    );

    let dir = tempfile::tempdir().unwrap();
    let at = format!("{}:{}", DEFINITION_AT.0, DEFINITION_AT.1);
    let result = run_neovim(
        dir.path(),
        "lsp_test.lua",
        &[("OCTOLINT_DEFINITION_AT", at)],
    );
    let document_uri = result["document_uri"]
        .as_str()
        .unwrap_or_else(|| panic!("no document_uri in {result}"));
    assert!(document_uri.ends_with("/fixture.octolint.yaml"), "{result}");
    assert_eq!(result["published_uri"], document_uri, "{result}");
    // Debian's Neovim 0.7 offers no position encodings, so the server uses UTF-16; newer
    // releases offer UTF-8 too, which the server prefers.
    let lsp_columns = match result["offset_encoding"].as_str() {
        Some("utf-16") => UNKNOWN_ROLE_UTF16,
        Some("utf-8") => UNKNOWN_ROLE_BYTES,
        Some("utf-32") => UNKNOWN_ROLE_CHARS,
        other => panic!("unexpected position encoding {other:?}: {result}"),
    };

    // What the server sent, in the negotiated encoding: exactly the one finding `check` makes.
    let lsp = result["lsp_diagnostics"].as_array().unwrap();
    assert_eq!(lsp.len(), 1, "expected only unknown-role: {result}");
    let d = &lsp[0];
    assert_eq!(d["code"], "unknown-role", "{d}");
    assert_eq!(d["source"], "octolint", "{d}");
    assert_eq!(d["severity"], 1, "an error: {d}");
    assert!(d["message"].as_str().unwrap().contains("`reveiw`"), "{d}");
    assert_eq!(
        (
            num(d, "/range/start/line"),
            num(d, "/range/start/character"),
            num(d, "/range/end/line"),
            num(d, "/range/end/character"),
        ),
        (
            UNKNOWN_ROLE_LINE,
            lsp_columns.0,
            UNKNOWN_ROLE_LINE,
            lsp_columns.1
        ),
        "unknown-role range ({}): {d}",
        result["offset_encoding"]
    );

    // What Neovim made of it (vim.diagnostic: 0-based lines, byte columns).
    let vim = result["diagnostics"].as_array().unwrap();
    assert_eq!(vim.len(), 1, "{result}");
    let d = &vim[0];
    assert_eq!(d["code"], "unknown-role", "{d}");
    assert_eq!(
        (
            num(d, "/lnum"),
            num(d, "/col"),
            num(d, "/end_lnum"),
            num(d, "/end_col"),
        ),
        (
            UNKNOWN_ROLE_LINE,
            UNKNOWN_ROLE_BYTES.0,
            UNKNOWN_ROLE_LINE,
            UNKNOWN_ROLE_BYTES.1
        ),
        "unknown-role position in Neovim (bytes): {d}"
    );

    // Go to definition from `role: implement` lands on the role's key under `roles:`.
    let definition = result["definition"].as_array().unwrap();
    assert_eq!(definition.len(), 1, "one definition: {result}");
    let location = &definition[0];
    assert_eq!(location["uri"], document_uri, "{location}");
    assert_eq!(
        (
            num(location, "/range/start/line"),
            num(location, "/range/start/character"),
            num(location, "/range/end/line"),
            num(location, "/range/end/character"),
        ),
        (
            ROLE_DEFINITION.0,
            ROLE_DEFINITION.1,
            ROLE_DEFINITION.0,
            ROLE_DEFINITION.2
        ),
        "definition of role `implement`: {location}"
    );
}

/// The shipped configuration, `editors/nvim/octolint.lua`, set up as its guide says and
/// nothing more: completion through 'omnifunc' returns the server's roles, the virtual text
/// ends with the rule name, and the diagnostic float shows the help.
#[test]
fn the_shipped_neovim_configuration_completes_and_shows_rule_and_help() {
    require_nvim();
    let dir = tempfile::tempdir().unwrap();
    let config = repo_path("editors/nvim/octolint.lua");
    let result = run_neovim(
        dir.path(),
        "config_test.lua",
        &[("OCTOLINT_CONFIG", config.display().to_string())],
    );
    assert_eq!(result["omnifunc"], "v:lua.vim.lsp.omnifunc", "{result}");
    let completions: Vec<&str> = result["completions"]
        .as_array()
        .unwrap_or_else(|| panic!("no completions in {result}"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(completions.contains(&"implement"), "{result}");
    let virtual_text = result["virtual_text"].as_str().unwrap();
    assert!(
        virtual_text.contains("unknown role `reveiw`") && virtual_text.contains("[unknown-role]"),
        "the virtual text lacks the message or the rule name: {virtual_text:?}"
    );
    let float = result["float"].as_str().unwrap();
    assert!(
        float.contains("[unknown-role]") && float.contains("help: did you mean `review`?"),
        "the float lacks the rule name or the help: {float:?}"
    );
}

/// An Octopoid project in Neovim with the shipped configuration: opening `agent.yaml` brings
/// the finding in `flows/default.yaml`, which is not open; an unsaved edit of the agent's role
/// clears it; from the flow, definition leads to the agent's role and hover names the match.
#[test]
fn neovim_lints_an_octopoid_project_across_its_files() {
    require_nvim();
    let dir = tempfile::tempdir().unwrap();
    let project = editor_project::write(dir.path());
    let config = repo_path("editors/nvim/octolint.lua");
    let result = run_neovim(
        dir.path(),
        "native_test.lua",
        &[
            ("OCTOLINT_CONFIG", config.display().to_string()),
            ("OCTOLINT_PROJECT", project.display().to_string()),
        ],
    );
    assert_eq!(result["flow_loaded_before"], false, "{result}");
    assert_eq!(
        result["agent_codes"],
        serde_json::json!(["agent-role-mismatch"]),
        "{result}"
    );
    assert_eq!(
        result["flow_codes"],
        serde_json::json!(["flow-agent-unmatched"]),
        "{result}"
    );
    assert_eq!(
        result["flow_codes_after_edit"],
        serde_json::json!([]),
        "{result}"
    );
    assert_eq!(
        result["agent_modified"], true,
        "the edit was not saved: {result}"
    );
    let definition = &result["definition"];
    let location = if definition.is_array() {
        &definition[0]
    } else {
        definition
    };
    assert_eq!(location["uri"], result["agent_uri"], "{result}");
    assert_eq!(
        (
            num(location, "/range/start/line"),
            num(location, "/range/start/character")
        ),
        (0, 6),
        "the agent's role: {result}"
    );
    let hover = result["hover"].as_str().unwrap_or_default();
    assert!(hover.contains("`implementer` (by role)"), "{result}");
}
