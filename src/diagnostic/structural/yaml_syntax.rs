//! `yaml-syntax`: the file is not well-formed YAML.

declare_rule! {
    /// ## What it does
    /// Reports YAML that cannot be parsed, at the exact character where parsing failed:
    /// an unclosed bracket or quote, a tab used for indentation, a key where a value belongs,
    /// a NUL character, or invalid UTF-8. Also reports a file beyond octolint's limits, which
    /// keep every run fast and small whatever the input: larger than 16 MiB, nested deeper
    /// than 256 levels, or holding more than 100,000 values (or one per 12 bytes of a larger
    /// file), counting each alias as a copy of what it names, so an alias bomb ("billion
    /// laughs") is refused rather than expanded.
    ///
    /// ## Why is this bad?
    /// Nothing else in the file can be checked until it parses, and the orchestrator will
    /// refuse to load it too. No other finding is reported for a file with a syntax error.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {description: Write the code}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {description: Write the code}}
    /// ```
    YAML_SYNTAX = ("OL001", "yaml-syntax", Error, "The file is not well-formed YAML");
}

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::SyntaxError;

/// A file's text from its bytes. Invalid UTF-8 is read lossily, with a `yaml-syntax` finding at
/// the first bad byte; the replacement character sits at the same offset, so the finding
/// points at it.
/// Owned bytes become the text without a copy: a large file is then held once, not twice.
pub fn source_of<'a>(
    name: &str,
    bytes: impl Into<std::borrow::Cow<'a, [u8]>>,
) -> (SourceFile, Option<Diagnostic>) {
    let (bytes, error) = match bytes.into() {
        std::borrow::Cow::Owned(bytes) => match String::from_utf8(bytes) {
            Ok(text) => return (SourceFile::new(name, text), None),
            Err(error) => {
                let utf8_error = error.utf8_error();
                (error.into_bytes(), utf8_error)
            }
        },
        std::borrow::Cow::Borrowed(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => return (SourceFile::new(name, text), None),
            Err(error) => (bytes.to_vec(), error),
        },
    };
    let at = error.valid_up_to();
    let source = SourceFile::new(name, String::from_utf8_lossy(&bytes));
    let end = at + source.text[at..].chars().next().map_or(0, char::len_utf8);
    let problem = Diagnostic::new(
        &YAML_SYNTAX,
        at..end,
        format!("the file is not valid UTF-8 (invalid byte at offset {at})"),
    )
    .help("save the file as UTF-8");
    (source, Some(problem))
}

/// The finding for a syntax error in `text`, with a help line for the mistakes people make:
/// indentation, tabs, unclosed quotes and brackets, a stray `:`.
pub fn finding(error: &SyntaxError, text: &str) -> Diagnostic {
    // The parser notices an unclosed quote or bracket at the end of the stream, which is past
    // the last line when the file ends with a newline: point at the end of the last line.
    let mut span = error.span.clone();
    if span.start >= text.trim_end_matches(['\n', '\r']).len() && span.start > 0 {
        let end = text.trim_end_matches(['\n', '\r']).len();
        span = end..end;
    }
    let diagnostic = Diagnostic::new(&YAML_SYNTAX, span, error.summary()).label("here");
    match help(error, text) {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}

/// What to do about a syntax error, from the parser's message and the text around it.
fn help(error: &SyntaxError, text: &str) -> Option<String> {
    if error.exceeds_limit {
        return None;
    }
    let message = error.message.as_str();
    let at = error.span.start.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    if message.contains("tab") {
        return Some(
            "indent with spaces: YAML does not allow tabs in indentation (replace the tab with spaces)"
                .to_string(),
        );
    }
    if message.contains("quoted scalar") && message.contains("end of stream") {
        return Some("this string is never closed: add the closing quote".to_string());
    }
    if message.contains("flow sequence") {
        return Some(format!(
            "a `[` {} is not closed by `]`, or two items lack a `,` between them",
            opened(text, at, '[', ']')
        ));
    }
    if message.contains("flow mapping") {
        return Some(format!(
            "a `{{` {} is not closed by `}}`, or two entries lack a `,` between them; a `:` inside a value needs quotes",
            opened(text, at, '{', '}')
        ));
    }
    if message.contains("did not find expected key") {
        // The nearest line above that is not blank or a comment: a sibling key, usually.
        let above = text[..line_start]
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
        let (here, there) = (indent(line), indent(above));
        if here > there && !above.trim_end().ends_with(':') {
            return Some(format!(
                "wrong indentation: this line is indented {here} spaces and the line above {there}; keys of one mapping start in the same column"
            ));
        }
        return Some(
            "check the indentation: keys of one mapping start in the same column, and a nested value goes further right than its key"
                .to_string(),
        );
    }
    if message.contains("mapping values are not allowed") {
        return Some(
            "a `:` followed by a space starts a mapping: quote a value that contains one (`\"a: b\"`), or check the indentation of this line"
                .to_string(),
        );
    }
    None
}

/// "opened at line 2, column 8" for the last bracket `open` before `at` that is not closed
/// before it; empty when there is none.
fn opened(text: &str, at: usize, open: char, close: char) -> String {
    let mut depth = 0usize;
    for (i, c) in text[..at].char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            if depth == 0 {
                let line = text[..i].matches('\n').count() + 1;
                let column = text[..i].rfind('\n').map_or(i, |n| i - n - 1) + 1;
                return format!("opened at line {line}, column {column}");
            }
            depth -= 1;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_of(text: &str) -> String {
        let doc = crate::yaml::load(text);
        let error = doc.error.expect("a syntax error");
        finding(&error, text).help.unwrap_or_default()
    }

    #[test]
    fn common_mistakes_get_a_help_line() {
        assert_eq!(
            help_of("roles:\n  implement: {}\n   review: {}\n"),
            "wrong indentation: this line is indented 3 spaces and the line above 2; keys of one mapping start in the same column"
        );
        assert!(help_of("roles:\n\timplement: {}\n").starts_with("indent with spaces"));
        assert!(help_of("scope: \"abc\n").contains("never closed"));
        assert_eq!(
            help_of("version: 1\nroles: [a, b\n"),
            "a `[` opened at line 2, column 8 is not closed by `]`, or two items lack a `,` between them"
        );
        assert!(help_of("roles: {a: b: c}\n").contains("opened at line 1, column 8"));
    }

    #[test]
    fn an_error_at_the_end_of_the_stream_points_at_the_last_line() {
        let text = "version: 1\nroles: [a, b\n";
        let error = crate::yaml::load(text).error.unwrap();
        assert_eq!(error.span.start, text.len(), "the parser's position");
        let span = finding(&error, text).span;
        assert_eq!(span, text.len() - 1..text.len() - 1, "the end of line 2");
    }
}
