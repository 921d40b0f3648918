//! Runs the real tools that check generated code (mypy, tsc, Node, rustc, Graphviz, the
//! programs they build). Shared by the generator, injection and property tests.

use std::process::Command;

/// What a tool printed, when it succeeded.
pub struct Printed {
    pub stdout: String,
    pub stderr: String,
}

impl Printed {
    /// Everything it printed: standard output, then standard error.
    #[allow(dead_code)] // Not every test file reads both streams.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs `tool`; panics with everything it printed when it cannot start or fails. `install`
/// says how to get it when it is missing.
pub fn run(command: &mut Command, tool: &str, install: &str) -> Printed {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} ({e}); {install}"));
    let printed = Printed {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(output.status.success(), "{tool} failed:\n{}", printed.all());
    printed
}
