//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, ...):
//! one test suite per file and one test case per finding, failed when the finding fails the
//! run.

use std::fmt::Write;

use crate::diagnostic::Report;
use crate::diagnostic::Severity;

/// The name of the passing test case of a file without findings, so that CI shows the file
/// was checked.
const CLEAN_CASE: &str = "no findings";

/// `<testsuites>` with a `<testsuite name=FILE>` per file and, per finding, a
/// `<testcase name="RULE: LINE:COL" classname=FILE>`. A finding that fails the run (an error,
/// with the default `--fail-on error`) holds a `<failure message=MESSAGE type=RULE>`; any
/// other passes, its text in `<system-out>`, so the report fails exactly when the run does.
/// The text is the location, severity, message and help; columns count characters.
pub fn render_junit(reports: &[Report]) -> String {
    render_junit_failing(reports, Severity::Error)
}

/// [`render_junit`] with the findings at `failing` or above as failures (`--fail-on`).
pub fn render_junit_failing(reports: &[Report], failing: Severity) -> String {
    let fails = |d: &crate::diagnostic::Diagnostic| d.severity >= failing;
    let failures: usize = reports
        .iter()
        .map(|r| r.diagnostics.iter().filter(|d| fails(d)).count())
        .sum();
    let tests: usize = reports.iter().map(|r| r.diagnostics.len().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"octolint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    for report in reports {
        let file = &report.file;
        let name = escape(&file.name);
        let count = report.diagnostics.len();
        let failed = report.diagnostics.iter().filter(|d| fails(d)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">",
            count.max(1)
        );
        if report.diagnostics.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"{CLEAN_CASE}\" classname=\"{name}\"/>"
            );
        }
        for d in &report.diagnostics {
            let at = file.position(d.span.start);
            let mut text = format!(
                "{}:{}:{}: {}[{}] {}",
                file.name,
                at.line,
                at.column,
                d.severity.as_str(),
                d.rule.name,
                d.message
            );
            if let Some(help) = &d.help {
                let _ = write!(text, "\nhelp: {help}");
            }
            let _ = writeln!(
                out,
                "    <testcase name=\"{}: {}:{}\" classname=\"{name}\">",
                escape(d.rule.name),
                at.line,
                at.column
            );
            if fails(d) {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    escape(&d.message),
                    escape(d.rule.name),
                    escape_text(&text)
                );
            } else {
                let _ = writeln!(out, "      <system-out>{}</system-out>", escape_text(&text));
            }
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes an attribute value (see [`escape_text`]); tab and line feed also become character
/// references, which a parser would otherwise normalize to spaces.
fn escape(text: &str) -> String {
    escape_xml(text, true)
}

/// Escapes character data: the five special characters become entities; carriage return
/// becomes a character reference (a parser would turn a literal one into a line feed);
/// characters XML 1.0 forbids even as references (C0 controls other than tab, line feed and
/// carriage return; U+FFFE; U+FFFF) are written visibly as `\u{..}`.
fn escape_text(text: &str) -> String {
    escape_xml(text, false)
}

fn escape_xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t'
            | '\n'
            | '\u{20}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'..='\u{10FFFF}' => {
                out.push(c);
            }
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    out
}
