//! SARIF 2.1.0 (Static Analysis Results Interchange Format), for GitHub code scanning and
//! other SARIF viewers: one run whose driver lists every rule, and one result per finding.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use serde::Serialize;

use super::shared::{Fingerprints, message_with_help};
use crate::diagnostic::Report;
use crate::diagnostic::RuleMeta;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// Where the rule documentation (`docs/rules.md`) is published; a rule's section is
/// `#<rule-name>`.
pub const RULES_DOCS_URL: &str = "https://github.com/octolint/octolint/blob/main/docs/rules.md";

const INFORMATION_URI: &str = "https://github.com/octolint/octolint";
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of octolint's fingerprint in `partialFingerprints` (versioned: a change of scheme
/// gets a new key rather than silently different values).
const FINGERPRINT_KEY: &str = "octolint/v1";
/// Relative file names are relative to the checked-out sources.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    /// Stated explicitly although it is SARIF's default: columns count UTF-16 code units.
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: String,
    short_description: Message,
    full_description: Message,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    code: &'static str,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    /// Set on related locations, whose array must hold distinct items.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// A text region. Lines are 1-based; columns are 1-based UTF-16 code units (the run's
/// `columnKind`), `endColumn` being the column just after the region.
///
/// `charOffset`/`charLength` are deliberately left out: SARIF counts them in "characters"
/// while its columns count UTF-16 code units, and consumers disagree on which unit applies,
/// so on a line with an emoji they would be wrong for someone. `byteOffset`/`byteLength`
/// are unambiguous (bytes of the UTF-8 file) and exact, since spans are byte ranges.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Message,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Serialize)]
struct Content {
    text: String,
}

/// The SARIF log of a run, pretty-printed, ending with a newline.
pub fn render_sarif(reports: &[Report]) -> String {
    let descriptors: Vec<&RuleMeta> = crate::registry::all().collect();
    let mut fingerprints = Fingerprints::default();
    let results = reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(move |d| (report, d)))
        .map(|(report, d)| {
            let fingerprint = fingerprints.next(report, d);
            result(report, d, &descriptors, fingerprint)
        })
        .collect();
    let log = Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "octolint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: descriptors.iter().map(|rule| descriptor(rule)).collect(),
                },
            },
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn descriptor(rule: &'static RuleMeta) -> ReportingDescriptor {
    let documentation = rule.documentation().trim().to_string();
    ReportingDescriptor {
        id: rule.name,
        name: rule.name.to_upper_camel_case(),
        short_description: Message {
            text: rule.summary.to_string(),
        },
        full_description: Message {
            text: documentation.clone(),
        },
        help: Help {
            text: documentation.clone(),
            markdown: documentation,
        },
        help_uri: format!("{RULES_DOCS_URL}#{}", rule.name),
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties { code: rule.code },
    }
}

fn result(
    report: &Report,
    d: &Diagnostic,
    descriptors: &[&RuleMeta],
    fingerprint: String,
) -> SarifResult {
    let file = &report.file;
    let artifact = artifact_location(&file.name);
    let location = |span: &Span, id: Option<usize>, message: Option<&str>| Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact.clone(),
            region: region(file, span),
        },
        message: message.map(|text| Message {
            text: text.to_string(),
        }),
    };
    let fixes = d
        .fix
        .iter()
        .map(|fix| Fix {
            description: Message {
                text: fix_description(file, fix),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: artifact.clone(),
                replacements: fix
                    .edits
                    .iter()
                    .map(|edit| Replacement {
                        deleted_region: region(file, &edit.span),
                        inserted_content: Content {
                            text: edit.replacement.clone(),
                        },
                    })
                    .collect(),
            }],
        })
        .collect();
    SarifResult {
        rule_id: d.rule.name,
        rule_index: descriptors.iter().position(|rule| rule.name == d.rule.name),
        level: level(d.severity),
        message: Message {
            text: message_with_help(d),
        },
        locations: vec![location(&d.span, None, d.label.as_deref())],
        related_locations: d
            .related
            .iter()
            .enumerate()
            .map(|(i, related)| location(&related.span, Some(i), Some(&related.message)))
            .collect(),
        fixes,
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn fix_description(file: &SourceFile, fix: &crate::diagnostic::Fix) -> String {
    match fix.edits.as_slice() {
        [edit] => {
            let old = file.text.get(edit.span.clone()).unwrap_or_default();
            if edit.replacement.is_empty() {
                format!("Remove `{old}`")
            } else if old.is_empty() {
                format!("Insert `{}`", edit.replacement)
            } else {
                format!("Replace `{old}` with `{}`", edit.replacement)
            }
        }
        edits => format!("Apply {} edits", edits.len()),
    }
}

fn region(file: &SourceFile, span: &Span) -> Region {
    let (start_line, start_column) = utf16_position(file, span.start);
    let (end_line, end_column) = utf16_position(file, span.end.max(span.start));
    // A file that is not valid UTF-8 is checked as lossy text, where U+FFFD stands for bytes
    // of a different length: byte counts over it would not match the file, so leave them out.
    let exact = file
        .text
        .get(span.clone())
        .is_some_and(|text| !text.contains('\u{FFFD}'));
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
        byte_offset: exact.then_some(span.start),
        byte_length: exact.then_some(span.len()),
    }
}

/// The 1-based line and 1-based column of a byte offset, the column counted in UTF-16 code
/// units as SARIF requires by default: `é` is one unit, `😀` (outside the Basic Multilingual
/// Plane) is two, so columns differ from the character columns of the other formats after it.
fn utf16_position(file: &SourceFile, offset: usize) -> (usize, usize) {
    let position = file.position(offset);
    let line_start = file.line_start(position.line - 1);
    let column = file.utf16_between(line_start, position.offset) + 1;
    (position.line, column)
}

/// The artifact location of a file name as given: a relative name stays relative to
/// `%SRCROOT%`, an absolute one becomes a `file://` URI. Characters a URI path cannot hold
/// (spaces, `%`, `#`, `?`, `:`, non-ASCII, ...) are percent-encoded as UTF-8.
fn artifact_location(name: &str) -> ArtifactLocation {
    let path = if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_string()
    };
    let bytes = path.as_bytes();
    let windows_drive = cfg!(windows)
        && bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes.get(2).is_none_or(|&b| b == b'/');
    if path.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", percent_encode(&path)),
            uri_base_id: None,
        }
    } else if windows_drive {
        ArtifactLocation {
            uri: format!("file:///{}{}", &path[..2], percent_encode(&path[2..])),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: percent_encode(&path),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// Percent-encodes every byte but RFC 3986's unreserved characters, sub-delimiters, `@` and
/// `/`. `:` is encoded so that a relative name is never read as a URI scheme.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units() {
        let file = SourceFile::new("t.yaml", "a: é😀 x\n");
        // `x` is character 7 of the line but UTF-16 unit 8 (😀 is a surrogate pair).
        assert_eq!(file.position(10).column, 7);
        assert_eq!(utf16_position(&file, 10), (1, 8));
    }

    #[test]
    fn file_names_become_uri_references() {
        let relative = artifact_location("flows/my file#1.octolint.yaml");
        assert_eq!(relative.uri, "flows/my%20file%231.octolint.yaml");
        assert_eq!(relative.uri_base_id, Some(SRCROOT));
        assert_eq!(artifact_location("a:b.yaml").uri, "a%3Ab.yaml");
        assert_eq!(artifact_location("<stdin>").uri, "%3Cstdin%3E");
        assert_eq!(artifact_location("café.yaml").uri, "caf%C3%A9.yaml");
        if !cfg!(windows) {
            let absolute = artifact_location("/srv/octolint.yaml");
            assert_eq!(absolute.uri, "file:///srv/octolint.yaml");
            assert_eq!(absolute.uri_base_id, None);
        }
    }
}
