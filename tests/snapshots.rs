//! Snapshots of the rendered output formats for one file with several kinds of findings, so
//! any change to what users see is reviewed (`cargo insta review`).

use octolint::pipeline::check_bytes;
use octolint::render::{render_concise, render_full, render_json};

const DEFINITION: &str = "version: 1
queues:
  provisional: {description: Awaiting review — café ☕}
roles:
  implement: {description: Write the code}
  review: {claims_frm: provisional}
agents:
  implementer: {role: implementer, max_turns: 200}
  gatekeeper: {role: review}
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

fn report() -> Vec<octolint::diagnostic::Report> {
    vec![check_bytes("octolint.yaml", DEFINITION.as_bytes())]
}

#[test]
fn full_output() {
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    render_full(&report(), &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out.into_inner()).unwrap());
}

#[test]
fn concise_output() {
    insta::assert_snapshot!(render_concise(&report()));
}

#[test]
fn json_output() {
    insta::assert_snapshot!(render_json(&report()));
}

#[test]
fn yaml_syntax_error_output() {
    let reports = vec![check_bytes(
        "octolint.yaml",
        b"version: 1\nroles:\n  implement: {description: \"unterminated}\n",
    )];
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    render_full(&reports, &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out.into_inner()).unwrap());
}
