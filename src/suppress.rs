//! Inline suppressions: `# octolint: ignore[rule-name, ...]` at the end of the line a finding
//! starts on, or alone on the line directly above it.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::registry;
use crate::rules::meta::unused_suppression::UNUSED_SUPPRESSION;
use crate::source::{SourceFile, Span};
use crate::suggest::suggestions;

const MARKER: &str = "octolint:";
const DIRECTIVE: &str = "ignore";
/// Suppression comments plus the entries in them read per file (`yaml::MAX_VALUES`, the
/// value limit of a file under 1.2 MB).
const MAX_ENTRIES: usize = crate::yaml::MAX_VALUES;

/// One suppression comment.
#[derive(Debug)]
struct Suppression {
    /// 0-based line of the comment.
    line: usize,
    /// Whether the comment is alone on its line (then it also covers the next line).
    standalone: bool,
    /// Rule names with their spans, and whether each suppressed something.
    names: Vec<(String, Span, bool)>,
    /// Spans of every entry between the brackets (rule names or not), in order.
    entries: Vec<Span>,
    /// What removing the whole comment removes: its line when it stands alone, else the
    /// comment and the white space before it.
    whole: Span,
}

impl Suppression {
    /// The edit that removes the entry at `span`: the whole comment when it is the only entry,
    /// else the entry with the separator after it (or before it, for the last).
    fn removal(&self, span: &Span) -> Edit {
        let at = self.entries.iter().position(|e| e == span).unwrap_or(0);
        let span = match (self.entries.len(), self.entries.get(at + 1)) {
            (0 | 1, _) => self.whole.clone(),
            (_, Some(next)) => span.start..next.start,
            (_, None) => self.entries[at - 1].end..span.end,
        };
        Edit {
            span,
            replacement: String::new(),
        }
    }
}

/// Removes suppressed findings and reports suppressions that suppressed nothing.
/// `text_spans` are the spans of multi-line scalars: a `#` inside one is text, not a comment.
/// Suppressions of breaking-change rules are left to [`apply_breaking`]: a check cannot tell
/// whether they are used.
pub fn apply(file: &SourceFile, text_spans: &[Span], diagnostics: &mut Vec<Diagnostic>) {
    apply_scoped(file, text_spans, diagnostics, false);
}

/// [`apply`] for the findings of `octolint breaking`: only suppressions of breaking-change
/// rules count, and malformed comments are left to `octolint check` to report.
pub fn apply_breaking(file: &SourceFile, text_spans: &[Span], diagnostics: &mut Vec<Diagnostic>) {
    apply_scoped(file, text_spans, diagnostics, true);
}

fn apply_scoped(
    file: &SourceFile,
    text_spans: &[Span],
    diagnostics: &mut Vec<Diagnostic>,
    breaking: bool,
) {
    let (mut suppressions, mut problems) = parse(file, text_spans);
    if breaking {
        problems.clear();
    }
    if suppressions.is_empty() && problems.is_empty() {
        return;
    }
    // The suppressions covering each line, so matching stays linear in findings.
    let mut covering: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for (index, suppression) in suppressions.iter().enumerate() {
        covering.entry(suppression.line).or_default().push(index);
        if suppression.standalone {
            covering
                .entry(suppression.line + 1)
                .or_default()
                .push(index);
        }
    }
    diagnostics.retain(|diagnostic| {
        let line = file.line_of(diagnostic.span.start);
        let mut suppressed = false;
        for &index in covering.get(&line).map_or(&[][..], Vec::as_slice) {
            let suppression = &mut suppressions[index];
            for (name, _, used) in &mut suppression.names {
                if diagnostic.rule.is(name) {
                    *used = true;
                    suppressed = true;
                }
            }
        }
        !suppressed
    });
    let in_scope = |name: &str| registry::by_name(name).is_some_and(|r| r.breaking == breaking);
    for suppression in &suppressions {
        for (name, span, used) in &suppression.names {
            if !used && in_scope(name) {
                let fix = Fix {
                    edits: vec![suppression.removal(span)],
                };
                problems.push(
                    Diagnostic::new(
                        &UNUSED_SUPPRESSION,
                        span.clone(),
                        format!("suppression of `{name}` is unused: there is no such finding here"),
                    )
                    .label("suppresses nothing")
                    .help("remove it")
                    .with_fix(fix),
                );
            }
        }
    }
    diagnostics.extend(problems);
}

/// The edits that suppress `rules` (names, in order) on line `line` of `file`: added to a
/// suppression already on the line, or appended as one; when the line ends in another comment,
/// a standalone suppression goes on the line above. `None` when the line is inside a
/// multi-line scalar (`text_spans`), where a `#` is text.
pub fn suppression_edit(
    file: &SourceFile,
    line: usize,
    rules: &[&str],
    text_spans: &[Span],
) -> Option<Edit> {
    let text = file.line_text(line);
    let line_start = file.line_start(line);
    let line_end = line_start + text.len();
    let inside = |at: usize| text_spans.iter().any(|s| s.start < at && at < s.end);
    if inside(line_start) || inside(line_end) {
        return None;
    }
    let names = rules.join(", ");
    if let Some(marker) = text.find("# octolint: ignore[") {
        let close = marker + text[marker..].find(']')?;
        return Some(Edit {
            span: line_start + close..line_start + close,
            replacement: format!(", {names}"),
        });
    }
    if text.contains(" #") || text.trim_start().starts_with('#') {
        let indent: String = text.chars().take_while(|c| c.is_whitespace()).collect();
        return Some(Edit {
            span: line_start..line_start,
            replacement: format!("{indent}# octolint: ignore[{names}]\n"),
        });
    }
    Some(Edit {
        span: line_end..line_end,
        replacement: format!("  # octolint: ignore[{names}]"),
    })
}

/// The text of `file` with every finding of `diagnostics` suppressed where it starts (but
/// `unused-suppression`, which a suppression cannot fix), and how many findings that
/// suppressed; the findings on lines inside multi-line scalars are left, and counted third.
pub fn add_suppressions(
    file: &SourceFile,
    diagnostics: &[Diagnostic],
    text_spans: &[Span],
) -> (String, usize, usize) {
    let mut by_line: std::collections::BTreeMap<usize, Vec<&str>> = Default::default();
    for d in diagnostics
        .iter()
        .filter(|d| d.rule.name != UNUSED_SUPPRESSION.name)
    {
        let rules = by_line.entry(file.line_of(d.span.start)).or_default();
        if !rules.contains(&d.rule.name) {
            rules.push(d.rule.name);
        }
    }
    let mut edits = Vec::new();
    let (mut added, mut left) = (0, 0);
    for (line, rules) in &by_line {
        let count = diagnostics
            .iter()
            .filter(|d| rules.contains(&d.rule.name) && file.line_of(d.span.start) == *line)
            .count();
        match suppression_edit(file, *line, rules, text_spans) {
            Some(edit) => {
                edits.push(edit);
                added += count;
            }
            None => left += count,
        }
    }
    let mut text = file.text.to_string();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for edit in edits {
        text.replace_range(edit.span, &edit.replacement);
    }
    (text, added, left)
}

/// Finds suppression comments; malformed ones and unknown rule names are reported directly.
fn parse(file: &SourceFile, text_spans: &[Span]) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut suppressions = Vec::new();
    let mut problems = Vec::new();
    let mut text_spans = text_spans.to_vec();
    text_spans.sort_by_key(|span| span.start);
    // Comments and entries read; past the limit the rest are ignored, so a file of nothing
    // but suppression comments cannot produce millions of findings.
    let mut read = 0;
    // Only a line holding the marker can hold a suppression: finding those first skips
    // scanning every line of a large file for comments.
    let mut lines: Vec<usize> = file
        .text
        .match_indices(MARKER)
        .map(|(at, _)| file.line_of(at))
        .collect();
    lines.dedup();
    for line in lines {
        let text = file.line_text(line);
        let Some(hash) = comment_start(text) else {
            continue;
        };
        let hash_at = file.line_start(line) + hash;
        // Scalars never overlap: only the last one starting before the `#` can hold it.
        let before = text_spans.partition_point(|span| span.start <= hash_at);
        if before > 0 && text_spans[before - 1].contains(&hash_at) {
            continue;
        }
        let comment = text[hash + 1..].trim_start();
        let Some(rest) = comment.strip_prefix(MARKER) else {
            continue;
        };
        read += 1 + rest.matches(',').count();
        if read > MAX_ENTRIES {
            problems.push(
                Diagnostic::new(
                    &UNUSED_SUPPRESSION,
                    hash_at..hash_at + 1,
                    format!(
                        "more than {MAX_ENTRIES} suppression comments and entries; this one and those after it are ignored"
                    ),
                )
                .help("suppress whole rules with `lint.rules` in the definition instead"),
            );
            break;
        }
        let line_start = file.line_start(line);
        let rest_at = line_start + text.len() - rest.len();
        let body = rest.trim_start();
        let body_at = rest_at + (rest.len() - body.len());
        let directive_len = body
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
            .unwrap_or(body.len());
        let directive = &body[..directive_len];
        let names_part = body[directive_len..].strip_prefix('[').and_then(|r| {
            let end = r.find(']')?;
            Some(&r[..end])
        });
        let (true, Some(names_part)) = (directive == DIRECTIVE, names_part) else {
            let mut diagnostic = Diagnostic::new(
                &UNUSED_SUPPRESSION,
                body_at..body_at + body.trim_end().len(),
                format!("malformed suppression comment `{}`", comment.trim_end()),
            )
            .help("write `# octolint: ignore[rule-name, ...]`");
            if directive != DIRECTIVE && !suggestions(directive, [DIRECTIVE]).is_empty() {
                diagnostic = diagnostic
                    .help("did you mean `ignore`? write `# octolint: ignore[rule-name, ...]`");
            }
            problems.push(diagnostic);
            continue;
        };
        let names_at = body_at + directive_len + 1;
        let mut names = Vec::new();
        let mut entries = Vec::new();
        let mut offset = 0;
        for raw in names_part.split(',') {
            let name = raw.trim();
            let at = names_at + offset + (raw.len() - raw.trim_start().len());
            offset += raw.len() + 1;
            if name.is_empty() {
                continue;
            }
            let span = at..at + name.len();
            entries.push(span.clone());
            if registry::by_name(name).is_some() {
                names.push((name.to_string(), span, false));
            } else {
                let candidates = suggestions(name, registry::all().map(|r| r.name));
                problems.push(
                    Diagnostic::new(
                        &UNUSED_SUPPRESSION,
                        span,
                        format!("suppression names `{name}`, which is not a rule"),
                    )
                    .label("unknown rule")
                    .did_you_mean(&candidates),
                );
            }
        }
        let standalone = text[..hash].trim().is_empty();
        let line_end = line_start + text.len();
        let whole = if standalone {
            let next = if line + 1 < file.line_count() {
                file.line_start(line + 1)
            } else {
                file.text.len()
            };
            line_start..next
        } else {
            line_start + text[..hash].trim_end().len()..line_end
        };
        suppressions.push(Suppression {
            line,
            standalone,
            names,
            entries,
            whole,
        });
    }
    (suppressions, problems)
}

/// Where a `#` comment starts: at the line start or after white space, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'')
                && (previous.is_whitespace() || "[{:,".contains(previous)) =>
            {
                quote = Some(c)
            }
            None if c == '#' && previous.is_whitespace() => return Some(at),
            None => {}
        }
        previous = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::comment_start;
    use crate::source::SourceFile;

    #[test]
    fn finds_comments_outside_quotes() {
        assert_eq!(comment_start("a: b  # x"), Some(6));
        assert_eq!(comment_start("# x"), Some(0));
        assert_eq!(comment_start("a: \"b # c\""), None);
        assert_eq!(comment_start("a: b#c"), None);
        assert_eq!(comment_start("a: don't # x"), Some(9));
    }

    #[test]
    fn suppressions_are_added_per_line_and_never_inside_text() {
        use crate::diagnostic::Diagnostic;
        use crate::rules::{
            references::unknown_role::UNKNOWN_ROLE, unused::unused_role::UNUSED_ROLE,
        };
        let text = "a: x\nb: |\n  text\n  more\nc: y  # octolint: ignore[unused-role]\n";
        let file = SourceFile::new("f.yaml", text);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            start..start + 1
        };
        let diagnostics = [
            Diagnostic::new(&UNUSED_ROLE, at("a:"), "one"),
            Diagnostic::new(&UNKNOWN_ROLE, at("x\n"), "two"),
            Diagnostic::new(&UNKNOWN_ROLE, at("more"), "in text"),
            Diagnostic::new(&UNKNOWN_ROLE, at("c:"), "beside one"),
        ];
        let block = text.find("  text").unwrap()..text.find("c:").unwrap();
        let (fixed, added, left) = super::add_suppressions(&file, &diagnostics, &[block]);
        assert_eq!((added, left), (3, 1));
        assert_eq!(
            fixed,
            "a: x  # octolint: ignore[unused-role, unknown-role]\nb: |\n  text\n  more\nc: y  # octolint: ignore[unused-role, unknown-role]\n"
        );
    }
}
