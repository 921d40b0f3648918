//! Replays every input fuzzing found a problem with (and a few hand-made ones of the same
//! kinds, plus two Octopoid seeds, `err-native-flows` and `ok-shape-fleet`, so the
//! `octopoid` body runs on a whole project too) through the fuzz targets' own bodies, so each
//! stays fixed in the normal suite.
//! Inputs live in `tests/fixtures/fuzz/<target>/`; `docs/reliability.md` lists what each one
//! found. Add a new crash with `cp fuzz/artifacts/<target>/crash-* tests/fixtures/fuzz/<target>/`.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "support/fuzz_harness.rs"]
mod harness;

/// Replays every input of one target; each must finish well within the fuzzers' timeout.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    for path in &inputs {
        let data = fs::read(path).unwrap();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| body(&data));
        assert!(outcome.is_ok(), "{target}: {} fails again", path.display());
        // The fuzzers count anything slower than 10 s as a hang; debug builds get slack.
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{target}: {} took {:?}",
            path.display(),
            started.elapsed()
        );
    }
    inputs.len()
}

#[test]
fn check_inputs() {
    assert!(replay("check", harness::check) > 0);
}

#[test]
fn render_inputs() {
    assert!(replay("render", harness::render) > 0);
}

#[test]
fn lsp_inputs() {
    assert!(replay("lsp", harness::lsp) > 0);
}

#[test]
fn octopoid_inputs() {
    assert!(replay("octopoid", harness::octopoid) > 0);
}
