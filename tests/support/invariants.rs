//! What must hold of every report, whatever the input: shared by the property tests, the fuzz
//! targets (`fuzz/`, through `tests/support/fuzz_harness.rs`) and the regression tests of
//! what fuzzing found.

#![allow(dead_code)]

use codespan_reporting::term::termcolor::NoColor;
use octolint::diagnostic::Report;
use octolint::render;

/// Every finding's span, related span and fix edit lies inside the file's text and on
/// character boundaries, `start <= end`; positions computed from them are inside the file.
pub fn assert_spans_inside(report: &Report) {
    let text = &report.file.text;
    let inside = |span: &std::ops::Range<usize>,
                  what: &str,
                  d: &octolint::diagnostic::Diagnostic| {
        assert!(
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end),
            "{what} {span:?} of `{}` ({}) is not inside the {}-byte text on character boundaries",
            d.rule.name,
            d.message,
            text.len()
        );
    };
    for d in &report.diagnostics {
        inside(&d.span, "span", d);
        for related in &d.related {
            inside(&related.span, "related span", d);
        }
        for edit in d.fix.iter().flat_map(|fix| &fix.edits) {
            inside(&edit.span, "fix edit", d);
        }
        let start = report.file.position(d.span.start);
        let end = report.file.position(d.span.end);
        assert!(start.line >= 1 && start.line <= report.file.line_count());
        assert!((start.line, start.column) <= (end.line, end.column));
        assert_eq!(start.offset, d.span.start);
        assert!(
            !d.message.is_empty(),
            "`{}` has an empty message",
            d.rule.name
        );
    }
}

/// Renders `reports` in every output format and checks each is well-formed: the JSON formats
/// parse and count every finding, one github annotation and one concise line per finding,
/// the XML is balanced. Returns the renderings by format name.
pub fn render_every_format(reports: &[Report]) -> Vec<(&'static str, String)> {
    let findings: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let mut full = Vec::new();
    render::render_full(reports, &mut NoColor::new(&mut full)).expect("full renders");
    let full = String::from_utf8(full).expect("full is UTF-8");
    let out = vec![
        ("full", full),
        ("concise", render::render_concise(reports)),
        ("json", render::render_json(reports)),
        ("json-lines", render::render_json_lines(reports)),
        ("sarif", render::render_sarif(reports)),
        ("github", render::render_github(reports)),
        ("gitlab", render::render_gitlab(reports)),
        ("junit", render::render_junit(reports)),
        ("statistics", render::render_statistics(reports)),
    ];
    for (format, text) in &out {
        match *format {
            "json" => {
                let value: serde_json::Value = serde_json::from_str(text).expect("json parses");
                assert_eq!(value["diagnostics"].as_array().unwrap().len(), findings);
            }
            "json-lines" => {
                assert_eq!(text.lines().count(), findings);
                for line in text.lines() {
                    let _: serde_json::Value =
                        serde_json::from_str(line).expect("each json line parses");
                }
            }
            "sarif" => {
                let value: serde_json::Value = serde_json::from_str(text).expect("sarif parses");
                let results: usize = value["runs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|run| run["results"].as_array().unwrap().len())
                    .sum();
                assert_eq!(results, findings);
            }
            "gitlab" => {
                let value: serde_json::Value = serde_json::from_str(text).expect("gitlab parses");
                assert_eq!(value.as_array().unwrap().len(), findings);
            }
            "github" => {
                // One workflow command per finding: nothing a message says starts another.
                assert_eq!(text.lines().count(), findings, "{text}");
                for line in text.lines() {
                    assert!(line.starts_with("::"), "{line}");
                }
            }
            "concise" => {
                // One line per finding plus the summary (and its fixable count): a message
                // never breaks its line.
                let summary = if text.contains("\n[*] ") { 2 } else { 1 };
                assert_eq!(text.lines().count(), findings + summary, "{text}");
            }
            "junit" => assert_xml_balanced(text),
            "full" | "statistics" => assert!(text.ends_with('\n')),
            _ => unreachable!(),
        }
    }
    out
}

/// A small well-formedness check of generated XML: tags balance, no raw `&` in text (a raw
/// `<` would start a tag and unbalance them), only characters XML 1.0 allows.
pub fn assert_xml_balanced(xml: &str) {
    for c in xml.chars() {
        let allowed = matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}';
        assert!(allowed, "character {c:?} is not allowed in XML");
    }
    // Text between tags (cut at each `<`, so it cannot hold one) has only escaped `&`.
    let assert_escaped = |text: &str| {
        for (at, _) in text.match_indices('&') {
            let entity = &text[at..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "raw `&` in text: {entity:.20}"
            );
        }
    };
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        assert_escaped(&rest[..open]);
        let close = rest[open..].find('>').expect("a tag closes") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.trim()), "unbalanced </{name}>");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or_default();
            stack.push(name);
        }
        // Attribute values may not hold a raw `<`; a `>` would have ended the tag early and
        // unbalanced what follows.
    }
    assert_escaped(rest);
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}
