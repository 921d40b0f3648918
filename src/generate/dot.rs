//! The `dot` target: one Graphviz `digraph` per flow (and per child flow), drawn from the same
//! model as the `mermaid` target.
//!
//! Every id and attribute value is a quoted string ([`dot_quoted`]), so no name or
//! description can end it. Queues are nodes (rounded boxes, terminal ones with a double
//! border), a point marks the start, transitions are solid edges and failure routes dashed.

use std::fmt::Write;

use super::diagram::{Diagram, diagrams, file_stem};
use super::{GeneratedFile, Source};

pub fn generate(source: &Source) -> Vec<GeneratedFile> {
    diagrams(source.def)
        .iter()
        .map(|diagram| {
            GeneratedFile::at(
                format!("{}.dot", file_stem(&diagram.name)),
                render(source, diagram),
            )
        })
        .collect()
}

fn render(source: &Source, diagram: &Diagram) -> String {
    let mut out = source.header("//");
    let _ = writeln!(out, "digraph {} {{", dot_quoted(&diagram.name));
    let _ = write!(
        out,
        "    graph [label={}, labelloc=\"t\"",
        dot_quoted(&diagram.name)
    );
    if let Some(description) = diagram.description {
        let _ = write!(out, ", tooltip={}", dot_quoted(description));
    }
    out.push_str("];\n");
    out.push_str("    node [shape=\"box\", style=\"rounded\"];\n");
    out.push_str("    edge [fontsize=\"10\"];\n\n");

    // The start marker's id is not a valid name, and is made unique in any case.
    let mut start = String::from("[*]");
    while diagram.states.iter().any(|s| s.name == start) {
        start.push('*');
    }
    let start = dot_quoted(&start);
    let _ = writeln!(
        out,
        "    {start} [shape=\"point\", width=\"0.15\", label=\"\"];"
    );
    for state in &diagram.states {
        let _ = write!(
            out,
            "    {} [label={}",
            dot_quoted(state.name),
            dot_quoted(state.name)
        );
        if state.terminal {
            out.push_str(", peripheries=\"2\"");
        }
        if let Some(description) = state.description {
            let _ = write!(out, ", tooltip={}", dot_quoted(description));
        }
        out.push_str("];\n");
    }
    out.push('\n');
    if let Some(initial) = diagram.states.first() {
        let _ = writeln!(out, "    {start} -> {};", dot_quoted(initial.name));
    }
    for edge in &diagram.edges {
        let from = diagram.states[edge.from].name;
        let to = diagram.states[edge.to].name;
        let _ = write!(out, "    {} -> {}", dot_quoted(from), dot_quoted(to));
        let mut attributes = Vec::new();
        let label = edge.label.lines(str::to_string, "checks: ").join("\n");
        if !label.is_empty() {
            attributes.push(format!("label={}", dot_quoted(&label)));
        }
        if edge.is_failure() {
            attributes.push("style=\"dashed\"".to_string());
        }
        if let Some(description) = edge.description {
            attributes.push(format!("tooltip={}", dot_quoted(description)));
        }
        if !attributes.is_empty() {
            let _ = write!(out, " [{}]", attributes.join(", "));
        }
        out.push_str(";\n");
    }
    out.push_str("}\n");
    out
}

/// A DOT double-quoted string: `"` and `\` are escaped, and line breaks become `\n` (a
/// centred line break in a label). Other control characters become spaces, so no text can
/// end the string or the line.
pub(super) fn dot_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push_str("\\n"),
            c if c.is_control() || c == '\u{feff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_cannot_break_out() {
        assert_eq!(dot_quoted("plain"), "\"plain\"");
        assert_eq!(dot_quoted("a\"b\\"), r#""a\"b\\""#);
        assert_eq!(dot_quoted("one\r\ntwo\nthree"), r#""one\ntwo\nthree""#);
        assert_eq!(dot_quoted("tab\there\u{0}"), "\"tab here \"");
    }
}
