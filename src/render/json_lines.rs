//! `json-lines`: one JSON object per finding per line (the `json` format's diagnostic objects),
//! with no summary, for streaming into log processors and `jq -c`.

use super::json::JsonDiagnostic;
use crate::diagnostic::Report;

pub fn render_json_lines(reports: &[Report]) -> String {
    let mut out = String::new();
    for diagnostic in JsonDiagnostic::all(reports) {
        // Serializing plain strings and numbers cannot fail.
        out.push_str(&serde_json::to_string(&diagnostic).unwrap_or_default());
        out.push('\n');
    }
    out
}
