//! The `mermaid` target: one `stateDiagram-v2` per flow (and per child flow), drawn from the
//! model in [`super::diagram`].
//!
//! Mermaid's state-diagram grammar is fragile: state ids cannot contain `-`, a transition
//! label ends at `:`, `;` or a newline, `#` starts a comment or an entity, and a line holding
//! `direction` followed by whitespace and `TB`/`BT`/`RL`/`LR` anywhere is read as a direction
//! statement. So states get generated ids (`s0`, `s1`, …) declared as `state "name" as s0`,
//! and every name is reduced to letters, digits, `_`, `-` and `.` before it is written
//! ([`mermaid_name`]); the only spaces in a label are octolint's own words.

use std::fmt::Write;

use super::diagram::{Diagram, diagrams, file_stem};
use super::{GeneratedFile, Source};

pub fn generate(source: &Source) -> Vec<GeneratedFile> {
    diagrams(source.def)
        .iter()
        .map(|diagram| {
            GeneratedFile::at(
                format!("{}.mmd", file_stem(&diagram.name)),
                render(source, diagram),
            )
        })
        .collect()
}

fn render(source: &Source, diagram: &Diagram) -> String {
    let mut out = source.header("%%");
    out.push_str("stateDiagram-v2\n");
    out.push_str("    classDef terminal font-weight:bold,stroke-width:3px\n");
    for (i, state) in diagram.states.iter().enumerate() {
        let _ = writeln!(out, "    state \"{}\" as s{i}", mermaid_name(state.name));
    }
    if !diagram.states.is_empty() {
        out.push_str("    [*] --> s0\n");
    }
    for edge in &diagram.edges {
        let _ = write!(out, "    s{} --> s{}", edge.from, edge.to);
        let label = edge.label.lines(mermaid_name, "checks ").join(" / ");
        if !label.is_empty() {
            let _ = write!(out, " : {label}");
        }
        out.push('\n');
    }
    let terminal: Vec<String> = diagram
        .states
        .iter()
        .enumerate()
        .filter(|(_, state)| state.terminal)
        .map(|(i, _)| format!("s{i}"))
        .collect();
    for id in &terminal {
        let _ = writeln!(out, "    {id} --> [*]");
    }
    if !terminal.is_empty() {
        let _ = writeln!(out, "    class {} terminal", terminal.join(","));
    }
    out
}

/// A name as Mermaid text: letters, digits, `_`, `-` and `.` are kept, anything else
/// (whitespace, quotes, `:`, `;`, `#`, `%`, brackets, control characters) becomes `_`. Never
/// empty, and never contains a space, so a name cannot end a label or a quoted state name,
/// start a comment, or complete a `direction LR` statement.
pub(super) fn mermaid_name(name: &str) -> String {
    if name.is_empty() {
        return "_".to_string();
    }
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_break_out() {
        assert_eq!(
            mermaid_name("requires-intervention"),
            "requires-intervention"
        );
        assert_eq!(mermaid_name("a: b;c#d\"e\nf%%g"), "a__b_c_d_e_f__g");
        assert_eq!(mermaid_name("direction LR"), "direction_LR");
        assert_eq!(mermaid_name(""), "_");
        assert_eq!(file_stem("../x/y"), "___x_y");
        assert_eq!(file_stem("project_child"), "project_child");
    }
}
