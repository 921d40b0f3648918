//! The machine-readable output formats for CI: `json-lines`, `sarif`, `github`, `gitlab` and
//! `junit`. A golden snapshot per format for a definition with several findings (one after
//! multibyte text on its line) and for a clean one (`cargo insta review` after a change), plus
//! the properties each format promises: SARIF valid against the official schema with UTF-16
//! columns, escaping, stable and unique fingerprints, well-formed XML, and exit codes.

use std::path::PathBuf;

use assert_cmd::Command;
use octolint::diagnostic::Diagnostic;
use octolint::diagnostic::Report;
use octolint::pipeline::check_bytes;
use octolint::render::{
    RULES_DOCS_URL, render_github, render_gitlab, render_json, render_json_lines, render_junit,
    render_junit_failing, render_sarif,
};
use octolint::rules;
use octolint::source::SourceFile;
use serde_json::Value;

/// Six findings of all three severities: safe fixes, a related location, and on line 6 an
/// `unknown-key` after `É` and `😀` (character column 46, UTF-16 column 47).
const DEFINITION: &str = "version: 1
queues:
  provisional: {description: Awaiting review}
  parked: {description: Mis de côté}
roles:
  implement: {description: Écrire le code 😀, claims_frm: incoming}
  review: {description: Relire ✅, claims_from: provisional}
  research: {description: Explore}
agents:
  implementer: {role: implementer, max_turns: 200}
  gatekeeper: {role: review}
  gatekeeper: {role: review}
lint:
  rules:
    unused-queue: info
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      claimed -> provisional: {}
      provisional -> done:
        role: review
        conditions:
          - {name: gatekeeper_review, type: agent, agent: gatekeper, on_fail: incoming}
";

const CLEAN: &str = "version: 1
queues:
  provisional: {description: Awaiting review}
roles:
  implement: {description: Write the code}
  review: {description: Review the PR, claims_from: provisional}
agents:
  implementer: {role: implement}
  gatekeeper: {role: review}
flows:
  default:
    transitions:
      incoming -> claimed: {role: implement}
      claimed -> provisional: {}
      provisional -> done: {role: review}
";

/// The line of `DEFINITION` with multibyte text before a finding.
const MULTIBYTE_LINE: usize = 6;

fn findings() -> Vec<Report> {
    vec![check_bytes("octolint.yaml", DEFINITION.as_bytes())]
}

fn clean() -> Vec<Report> {
    vec![check_bytes("clean.octolint.yaml", CLEAN.as_bytes())]
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

// ---------------------------------------------------------------------------------------------
// Golden snapshots

#[test]
fn fixtures_are_what_the_snapshots_assume() {
    let reports = findings();
    let severities: Vec<&str> = reports[0]
        .diagnostics
        .iter()
        .map(|d| d.severity.as_str())
        .collect();
    assert_eq!(
        severities,
        ["info", "error", "warning", "error", "error", "error"]
    );
    assert!(reports[0].diagnostics.iter().any(|d| d.fix.is_some()));
    assert!(reports[0].diagnostics.iter().any(|d| !d.related.is_empty()));
    assert!(clean()[0].diagnostics.is_empty(), "{:?}", clean()[0]);
}

#[test]
fn json_lines_output() {
    insta::assert_snapshot!(render_json_lines(&findings()));
}

#[test]
fn json_lines_clean() {
    insta::assert_snapshot!(render_json_lines(&clean()));
}

/// The SARIF log as rendered, except that the crate version and each rule's documentation
/// (long, and owned by the rule files) are replaced by placeholders; `sarif_lists_every_rule`
/// checks those against the registry instead.
fn sarif_for_snapshot(reports: &[Report]) -> String {
    let mut text = render_sarif(reports).replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[CARGO_PKG_VERSION]\"",
    );
    for rule in octolint::registry::all() {
        let documentation = serde_json::to_string(rule.documentation().trim()).unwrap();
        assert!(text.contains(&documentation), "{} documented", rule.name);
        text = text.replace(
            &documentation,
            &format!("\"[documentation of {}]\"", rule.name),
        );
    }
    text
}

#[test]
fn sarif_output() {
    insta::assert_snapshot!(sarif_for_snapshot(&findings()));
}

#[test]
fn sarif_clean() {
    insta::assert_snapshot!(sarif_for_snapshot(&clean()));
}

#[test]
fn github_output() {
    insta::assert_snapshot!(render_github(&findings()));
}

#[test]
fn github_clean() {
    insta::assert_snapshot!(render_github(&clean()));
}

#[test]
fn gitlab_output() {
    insta::assert_snapshot!(render_gitlab(&findings()));
}

#[test]
fn gitlab_clean() {
    insta::assert_snapshot!(render_gitlab(&clean()));
}

#[test]
fn junit_output() {
    insta::assert_snapshot!(render_junit(&findings()));
}

#[test]
fn junit_clean() {
    insta::assert_snapshot!(render_junit(&clean()));
}

// ---------------------------------------------------------------------------------------------
// json-lines

#[test]
fn json_lines_are_the_json_diagnostics() {
    for reports in [findings(), clean()] {
        let whole = json(&render_json(&reports));
        let expected = whole["diagnostics"].as_array().unwrap();
        let text = render_json_lines(&reports);
        let lines: Vec<Value> = text.lines().map(json).collect();
        assert_eq!(&lines, expected);
        assert!(text.is_empty() || text.ends_with('\n'));
        assert!(!text.contains("summary"));
    }
}

// ---------------------------------------------------------------------------------------------
// SARIF

const SARIF_SCHEMA: &str = "tests/toolchain/node_modules/@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json";

/// The official SARIF 2.1.0 schema (draft-04), from the npm package pinned in
/// tests/toolchain/package.json.
fn sarif_schema() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(SARIF_SCHEMA);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the official SARIF schema {} ({e}); run `npm ci --prefix tests/toolchain`",
            path.display()
        )
    });
    // Erratum in the published schema (oasis-tcs/sarif-spec#488, fixed in rtm.6): the
    // `language` pattern of `run` and `toolComponent` has a stray `]`, which is not a valid
    // ECMA-262 regex, so the schema fails its own meta-schema. Octolint never writes
    // `language`; those two patterns (and nothing else) are corrected before compiling.
    const BAD_LANGUAGE: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    const LANGUAGE: &str = r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#;
    assert_eq!(
        text.matches(BAD_LANGUAGE).count(),
        2,
        "the SARIF schema erratum this test corrects has changed; revisit the correction"
    );
    json(&text.replace(BAD_LANGUAGE, LANGUAGE))
}

fn sarif_validator() -> jsonschema::Validator {
    let schema = sarif_schema();
    assert_eq!(
        jsonschema::Draft::default().detect(&schema),
        jsonschema::Draft::Draft4,
        "the SARIF 2.1.0 schema is draft-04 and must be validated as such"
    );
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    let several = vec![
        check_bytes("octolint.yaml", DEFINITION.as_bytes()),
        check_bytes("flows/my flows#1.octolint.yaml", DEFINITION.as_bytes()),
        check_bytes("/srv/ci/octolint.yaml", b"version: 1\nroles: {a: {}\n"),
        check_bytes("<stdin>", b"version: 1\nroles: {\xff}\n"),
    ];
    for reports in [findings(), clean(), several] {
        assert_valid_sarif(&validator, &json(&render_sarif(&reports)));
    }
}

#[test]
fn the_sarif_validator_rejects_what_draft_04_forbids() {
    let validator = sarif_validator();
    let log = json(&render_sarif(&findings()));
    let region = "/runs/0/results/0/locations/0/physicalLocation/region";

    let mut bad_level = log.clone();
    bad_level["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad_level));

    // Draft-04 has no integer-valued numbers: 4.0 is an integer from draft-06 on, not here.
    // Read as draft-07, the same schema accepts it, so the rejection shows draft-04 applies.
    let mut float_line = log.clone();
    *float_line
        .pointer_mut(&format!("{region}/startLine"))
        .unwrap() = serde_json::json!(4.0);
    assert!(!validator.is_valid(&float_line));
    let mut draft_07 = sarif_schema();
    draft_07["$schema"] = "http://json-schema.org/draft-07/schema#".into();
    assert!(
        jsonschema::validator_for(&draft_07)
            .unwrap()
            .is_valid(&float_line)
    );

    let mut zero_column = log;
    *zero_column
        .pointer_mut(&format!("{region}/startColumn"))
        .unwrap() = 0.into();
    assert!(!validator.is_valid(&zero_column));
}

#[test]
fn sarif_lists_every_rule() {
    let log = json(&render_sarif(&clean()));
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "octolint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let descriptors = driver["rules"].as_array().unwrap();
    let registry: Vec<_> = octolint::registry::all().collect();
    assert_eq!(descriptors.len(), registry.len());
    for (descriptor, rule) in descriptors.iter().zip(&registry) {
        let documentation = rule.documentation().trim().to_string();
        assert_eq!(descriptor["id"], rule.name);
        assert_eq!(descriptor["shortDescription"]["text"], rule.summary);
        assert_eq!(descriptor["fullDescription"]["text"], *documentation);
        assert_eq!(descriptor["help"]["text"], *documentation);
        assert_eq!(descriptor["help"]["markdown"], *documentation);
        assert_eq!(
            descriptor["helpUri"],
            format!("{RULES_DOCS_URL}#{}", rule.name)
        );
        assert_eq!(descriptor["properties"]["code"], rule.code);
        let level = match rule.severity.as_str() {
            "info" => "note",
            other => other,
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level);
        let pascal: String = rule
            .name
            .split('-')
            .map(|word| word[..1].to_uppercase() + &word[1..])
            .collect();
        assert_eq!(descriptor["name"], pascal);
    }
    // The help links point at headings that docs/rules.md has.
    let docs = std::fs::read_to_string("docs/rules.md").unwrap();
    for rule in &registry {
        assert!(
            docs.contains(&format!("\n## {}\n", rule.name)),
            "{}",
            rule.name
        );
    }

    let log = json(&render_sarif(&findings()));
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(descriptors[index]["id"], result["ruleId"]);
    }
}

#[test]
fn sarif_columns_are_utf16_code_units() {
    let reports = findings();
    let log = json(&render_sarif(&reports));
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "unknown-key")
        .unwrap();
    let region = &result["locations"][0]["physicalLocation"]["region"];

    // Counted independently from the line's text: `claims_frm` follows `É` (one UTF-16 unit)
    // and `😀` (two), so its UTF-16 column is one more than its character column.
    let line = DEFINITION.lines().nth(MULTIBYTE_LINE - 1).unwrap();
    let before = &line[..line.find("claims_frm").unwrap()];
    let utf16 = before.encode_utf16().count() + 1;
    let chars = before.chars().count() + 1;
    assert_eq!((chars, utf16), (46, 47));
    assert_eq!(region["startLine"], MULTIBYTE_LINE);
    assert_eq!(region["startColumn"], utf16);
    assert_eq!(region["endLine"], MULTIBYTE_LINE);
    assert_eq!(region["endColumn"], utf16 + "claims_frm".len());

    // The other formats count characters on the same finding.
    let diagnostic = json(&render_json(&reports))["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "unknown-key")
        .unwrap()
        .clone();
    assert_eq!(diagnostic["range"]["start"]["column"], chars);

    // Byte offsets are exact; character offsets, whose unit consumers disagree on, are absent.
    let offset = region["byteOffset"].as_u64().unwrap() as usize;
    let length = region["byteLength"].as_u64().unwrap() as usize;
    assert_eq!(&DEFINITION[offset..offset + length], "claims_frm");
    assert!(region.get("charOffset").is_none() && region.get("charLength").is_none());

    // The fix deletes the same region and inserts the did-you-mean.
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"], *region);
    assert_eq!(replacement["insertedContent"]["text"], "claims_from");
}

fn sarif_fingerprints(reports: &[Report]) -> Vec<String> {
    json(&render_sarif(reports))["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["octolint/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_edits_elsewhere() {
    let before = sarif_fingerprints(&findings());
    // Two comment lines on top move every finding down two lines.
    let moved = format!("# moved\n# down\n{DEFINITION}");
    let after = sarif_fingerprints(&[check_bytes("octolint.yaml", moved.as_bytes())]);
    assert_eq!(before, after);
    assert!(
        before
            .iter()
            .all(|f| f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit()))
    );
    // They are the GitLab fingerprints: one scheme.
    let gitlab: Vec<String> = json(&render_gitlab(&findings()))
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(before, gitlab);
}

// ---------------------------------------------------------------------------------------------
// GitHub

/// A report for `name` whose single finding spans `span` of `text`.
fn one_finding(name: &str, text: &str, span: std::ops::Range<usize>, message: &str) -> Report {
    let file = SourceFile::new(name, text);
    let diagnostic = Diagnostic::new(
        &rules::references::unknown_role::UNKNOWN_ROLE,
        span,
        message,
    )
    .help("100% sure:\r\nyes, really");
    Report {
        file,
        diagnostics: vec![diagnostic],
    }
}

#[test]
fn github_escapes_messages_and_properties() {
    let report = one_finding(
        "dir,1:2/100%.octolint.yaml",
        "roles: {a: {}}\n",
        0..5,
        "50% done, key: value\nsecond line",
    );
    assert_eq!(
        render_github(&[report]),
        "::error file=dir%2C1%3A2/100%25.octolint.yaml,line=1,col=1,endLine=1,endColumn=6,\
         title=unknown-role::50%25 done, key: value%0Asecond line%0Ahelp: 100%25 sure:%0D%0Ayes, really\n"
    );
}

#[test]
fn github_leaves_out_columns_across_lines() {
    // GitHub rejects `col`/`endColumn` unless the annotation starts and ends on one line.
    let text = "roles:\n  a: {}\n";
    let report = one_finding("octolint.yaml", text, 0..text.len(), "spans lines");
    let out = render_github(&[report]);
    assert!(
        out.starts_with("::error file=octolint.yaml,line=1,endLine=2,title=unknown-role::"),
        "{out}"
    );
    // A span ending with its line break ends on that line.
    let report = one_finding("octolint.yaml", text, 7..text.len(), "one line");
    let out = render_github(&[report]);
    assert!(
        out.starts_with("::error file=octolint.yaml,line=2,col=1,endLine=2,endColumn=8,"),
        "{out}"
    );
}

#[test]
fn github_uses_character_columns_and_severity_commands() {
    let out = render_github(&findings());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(lines[0].starts_with("::notice "));
    assert!(lines[1].starts_with(
        "::error file=octolint.yaml,line=6,col=46,endLine=6,endColumn=56,title=unknown-key::"
    ));
    assert!(lines[2].starts_with("::warning "));
}

// ---------------------------------------------------------------------------------------------
// GitLab

fn gitlab_fingerprints(reports: &[Report]) -> Vec<String> {
    json(&render_gitlab(reports))
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn gitlab_fingerprints_are_stable_and_unique() {
    let first = gitlab_fingerprints(&findings());
    // Stable: a second check of the same input, and the input moved down by an edit above.
    assert_eq!(first, gitlab_fingerprints(&findings()));
    let moved = format!("\n\n{DEFINITION}");
    assert_eq!(
        first,
        gitlab_fingerprints(&[check_bytes("octolint.yaml", moved.as_bytes())])
    );
    // Unique per finding.
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.len());
    // Different for the same finding in another file.
    let other = gitlab_fingerprints(&[check_bytes("other.octolint.yaml", DEFINITION.as_bytes())]);
    assert!(first.iter().all(|f| !other.contains(f)));

    // Two findings identical in file, rule, message and text still differ (occurrence
    // counter), and keep their fingerprints when rendered again.
    let text = "a: x\nb: x\n";
    let mut report = one_finding("octolint.yaml", text, 3..4, "same");
    let twin = Diagnostic::new(&rules::references::unknown_role::UNKNOWN_ROLE, 8..9, "same");
    report.diagnostics.push(twin);
    let twins = gitlab_fingerprints(std::slice::from_ref(&report));
    assert_ne!(twins[0], twins[1]);
    assert_eq!(twins, gitlab_fingerprints(&[report]));
}

#[test]
fn gitlab_issues_have_the_code_quality_fields() {
    let issues = json(&render_gitlab(&findings()));
    let issues = issues.as_array().unwrap();
    let severities: Vec<&str> = issues
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    assert_eq!(
        severities,
        ["info", "major", "minor", "major", "major", "major"]
    );
    for issue in issues {
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(issue["check_name"].is_string());
        assert_eq!(issue["location"]["path"], "octolint.yaml");
        let lines = &issue["location"]["lines"];
        assert!(lines["begin"].as_u64().unwrap() <= lines["end"].as_u64().unwrap());
    }
    assert_eq!(render_gitlab(&clean()), "[]\n");
}

// ---------------------------------------------------------------------------------------------
// JUnit

/// An element of a parsed XML document: name, attributes (unescaped) and text (unescaped).
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attribute(&self, name: &str) -> &str {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no {name}", self.name))
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Unescapes character data or an attribute value, rejecting `<`, a bare `&` and references
/// to characters XML 1.0 does not allow.
fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '<']) {
        out.push_str(&rest[..i]);
        if rest[i..].starts_with('<') {
            return Err(format!("raw `<` in {raw:?}"));
        }
        let end = rest[i..]
            .find(';')
            .ok_or_else(|| format!("unterminated reference in {raw:?}"))?;
        let entity = &rest[i + 1..i + end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16)
                } else if let Some(decimal) = entity.strip_prefix('#') {
                    decimal.parse()
                } else {
                    return Err(format!("unknown entity &{entity};"));
                };
                code.ok()
                    .and_then(char::from_u32)
                    .filter(|&c| is_xml_char(c))
                    .ok_or_else(|| format!("bad character reference &{entity};"))?
            }
        };
        out.push(c);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A minimal well-formedness check and parser for the XML we write: an XML declaration, then
/// one root element; elements with quoted attributes, nested and closed in order; character
/// data and attribute values with valid references only; no character XML 1.0 forbids.
/// (No comments, CDATA, processing instructions or DTDs: we never write them.)
fn parse_xml(xml: &str) -> Result<Element, String> {
    if let Some(c) = xml.chars().find(|&c| !is_xml_char(c)) {
        return Err(format!(
            "character U+{:04X} is not allowed in XML 1.0",
            c as u32
        ));
    }
    let rest = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut rest = rest;
    loop {
        let Some(open) = rest.find('<') else {
            if !rest.trim().is_empty() {
                return Err(format!("text after the root: {rest:?}"));
            }
            break;
        };
        let text = unescape(&rest[..open])?;
        match stack.last_mut() {
            Some(parent) => parent.text.push_str(&text),
            None if !text.trim().is_empty() => {
                return Err(format!("text outside the root: {text:?}"));
            }
            None => {}
        }
        let close = rest[open..].find('>').ok_or("unterminated tag")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let element = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
            if element.name != name {
                return Err(format!("<{}> closed by </{name}>", element.name));
            }
            match stack.last_mut() {
                Some(parent) => parent.children.push(element),
                None if root.is_none() => root = Some(element),
                None => return Err("two root elements".into()),
            }
            continue;
        }
        let (tag, self_closing) = match tag.strip_suffix('/') {
            Some(tag) => (tag, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        // XML names: a letter or `_` first, then letters, digits, `_`, `-` and `.`.
        let first_ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        let rest_ok = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !first_ok || !rest_ok {
            return Err(format!("bad element name {name:?}"));
        }
        let mut attributes = Vec::new();
        let mut attrs = tag[name_end..].trim_start();
        while !attrs.is_empty() {
            let eq = attrs
                .find("=\"")
                .ok_or(format!("bad attribute in <{tag}>"))?;
            let attr = &attrs[..eq];
            if attr.is_empty() || !attr.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("bad attribute name {attr:?}"));
            }
            if attributes.iter().any(|(n, _)| n == attr) {
                return Err(format!("attribute {attr} twice"));
            }
            let value_end = attrs[eq + 2..].find('"').ok_or("unterminated attribute")? + eq + 2;
            attributes.push((attr.to_string(), unescape(&attrs[eq + 2..value_end])?));
            let after = &attrs[value_end + 1..];
            if !after.is_empty() && !after.starts_with(char::is_whitespace) {
                return Err(format!("no space between attributes in <{tag}>"));
            }
            attrs = after.trim_start();
        }
        let element = Element {
            name: name.to_string(),
            attributes,
            text: String::new(),
            children: Vec::new(),
        };
        if self_closing {
            match stack.last_mut() {
                Some(parent) => parent.children.push(element),
                None => return Err("self-closing root".into()),
            }
        } else {
            stack.push(element);
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

#[test]
fn the_xml_check_catches_malformed_xml() {
    let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    for bad in [
        "<a><b></a></b>",
        "<a>",
        "<a>x & y</a>",
        "<a>x < y</a>",
        "<a b=\"1\" b=\"2\"/>",
        "<a b=\"<\"></a>",
        "<a>\u{1}</a>",
        "<a>&#1;</a>",
        "<a/><b/>",
    ] {
        assert!(parse_xml(&format!("{declaration}{bad}")).is_err(), "{bad}");
    }
    let good = parse_xml(&format!("{declaration}<a x=\"&lt;&#10;\"><b/>t&amp;</a>\n")).unwrap();
    assert_eq!(good.attribute("x"), "<\n");
    assert_eq!(good.text, "t&");
}

#[test]
fn junit_is_well_formed_with_a_case_per_finding() {
    let xml = render_junit(&[findings().remove(0), clean().remove(0)]);
    let root = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(root.name, "testsuites");
    assert_eq!(root.attribute("tests"), "7");
    // Errors fail, as they fail the run; the warning and the info pass, their text kept.
    assert_eq!(root.attribute("failures"), "4");
    let [with_findings, clean_suite] = &root.children[..] else {
        panic!("two suites expected: {root:?}")
    };
    assert_eq!(with_findings.attribute("name"), "octolint.yaml");
    assert_eq!(with_findings.attribute("failures"), "4");
    assert_eq!(with_findings.children.len(), 6);
    let passed: Vec<&str> = with_findings
        .children
        .iter()
        .filter(|case| case.children[0].name == "system-out")
        .map(|case| case.children[0].text.as_str())
        .collect();
    assert_eq!(passed.len(), 2, "{xml}");
    assert!(
        passed[0].contains(": info[") && passed[1].contains(": warning["),
        "{passed:?}"
    );
    // With `--fail-on warning`, the warning fails too.
    let strict = render_junit_failing(&findings(), octolint::diagnostic::Severity::Warning);
    assert_eq!(parse_xml(&strict).unwrap().attribute("failures"), "5");
    let case = &with_findings.children[1];
    assert_eq!(case.attribute("name"), "unknown-key: 6:46");
    assert_eq!(case.attribute("classname"), "octolint.yaml");
    let failure = &case.children[0];
    assert_eq!(failure.name, "failure");
    assert_eq!(failure.attribute("type"), "unknown-key");
    assert_eq!(
        failure.attribute("message"),
        "unknown key `claims_frm` in role `implement`"
    );
    assert_eq!(
        failure.text,
        "octolint.yaml:6:46: error[unknown-key] unknown key `claims_frm` in role `implement`\n\
         help: did you mean `claims_from`?"
    );
    // A file without findings is one passing test case.
    assert_eq!(clean_suite.attribute("tests"), "1");
    assert_eq!(clean_suite.attribute("failures"), "0");
    assert_eq!(clean_suite.children.len(), 1);
    assert!(clean_suite.children[0].children.is_empty());
}

#[test]
fn junit_escapes_markup_and_illegal_characters() {
    let message = "a <b> & \"c\" 'd'\u{1}\u{1b}\ttab\r\nnext \u{FFFF}";
    let report = one_finding("dir/<&>\".octolint.yaml", "roles: {}\n", 0..5, message);
    let xml = render_junit(&[report]);
    let root = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert!(
        xml.contains("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;"),
        "{xml}"
    );
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{1b}') && !xml.contains('\u{FFFF}'));
    let suite = &root.children[0];
    assert_eq!(suite.attribute("name"), "dir/<&>\".octolint.yaml");
    let failure = &suite.children[0].children[0];
    // What XML can hold round-trips exactly (tab, CR and LF too); the rest is shown visibly.
    assert_eq!(
        failure.attribute("message"),
        "a <b> & \"c\" 'd'\\u{1}\\u{1b}\ttab\r\nnext \\u{ffff}"
    );
    assert!(
        failure.text.contains("'d'\\u{1}\\u{1b}\ttab\r\nnext"),
        "{:?}",
        failure.text
    );
    assert!(failure.text.ends_with("\nhelp: 100% sure:\r\nyes, really"));
}

// ---------------------------------------------------------------------------------------------
// End to end

fn octolint_check(dir: &std::path::Path, file: &str, format: &str) -> (i32, String) {
    let output = Command::cargo_bin("octolint")
        .expect("binary is built")
        .current_dir(dir)
        .args(["check", "--format", format, file])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    (output.status.code().unwrap(), stdout)
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("octolint.yaml"), DEFINITION).unwrap();
    std::fs::write(dir.path().join("clean.octolint.yaml"), CLEAN).unwrap();
    dir
}

#[test]
fn cli_sarif_exits_1_with_errors_and_0_when_clean() {
    let dir = project();
    let (code, stdout) = octolint_check(dir.path(), "octolint.yaml", "sarif");
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(stdout, render_sarif(&findings()));
    let (code, stdout) = octolint_check(dir.path(), "clean.octolint.yaml", "sarif");
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(json(&stdout)["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn cli_github_exits_1_with_errors_and_0_when_clean() {
    let dir = project();
    let (code, stdout) = octolint_check(dir.path(), "octolint.yaml", "github");
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(stdout, render_github(&findings()));
    let (code, stdout) = octolint_check(dir.path(), "clean.octolint.yaml", "github");
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn cli_accepts_every_new_format() {
    let dir = project();
    for format in ["json-lines", "sarif", "github", "gitlab", "junit"] {
        assert_eq!(
            octolint_check(dir.path(), "octolint.yaml", format).0,
            1,
            "{format}"
        );
        assert_eq!(
            octolint_check(dir.path(), "clean.octolint.yaml", format).0,
            0,
            "{format}"
        );
    }
}
