//! Task files: markdown, not front matter. `# [TASK-<id>] <title>`, then `KEY: value` lines
//! (`ROLE`, `PRIORITY`, `BRANCH`, ...) up to the first `## ` section.

use std::collections::HashMap;

use super::load::Context;
use super::project::{FileKind, Findings, Sources};
use crate::diagnostic::structural::{
    duplicate_key::DUPLICATE_KEY, invalid_value::INVALID_VALUE, missing_field::MISSING_FIELD,
    unknown_key::UNKNOWN_KEY,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Spanned;
use crate::rules::references::{unknown_check::UNKNOWN_CHECK, unknown_role::UNKNOWN_ROLE};
use crate::source::{SourceFile, Span};
use crate::suggest::suggestions;

/// One task file's heading and header lines.
#[derive(Debug, Clone)]
pub struct Task {
    pub file: usize,
    /// The id without its `TASK-` prefix, spanned inside the heading.
    pub id: Spanned<String>,
    pub title: String,
    /// The heading line.
    pub heading: Span,
    /// `KEY: value` header lines in order; the value is spanned without surrounding space.
    pub fields: Vec<(Spanned<String>, Spanned<String>)>,
}

impl Task {
    pub fn get(&self, key: &str) -> Option<&Spanned<String>> {
        self.fields
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }

    pub fn role(&self) -> Option<&Spanned<String>> {
        self.get("ROLE").filter(|r| !r.value.is_empty())
    }

    /// The task ids of `BLOCKED_BY`, each spanned (comma- or space-separated; `TASK-` and
    /// brackets optional; `none` or empty for none).
    pub fn blocked_by(&self) -> Vec<Spanned<String>> {
        let Some(value) = self.get("BLOCKED_BY") else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        let mut at = 0;
        for part in value.value.split([',', ' ', '\t']) {
            let start = value.span.start + at;
            at += part.len() + 1;
            let trimmed = part.trim_matches(['[', ']']);
            let id = normalize_id(trimmed);
            if id.is_empty() || matches!(id.to_ascii_lowercase().as_str(), "none" | "null" | "-") {
                continue;
            }
            let offset = part.find(trimmed).unwrap_or(0);
            ids.push(Spanned::new(
                id.to_string(),
                start + offset..start + offset + trimmed.len(),
            ));
        }
        ids
    }
}

/// `TASK-abc` → `abc`; ids are compared without the prefix.
pub fn normalize_id(id: &str) -> &str {
    id.strip_prefix("TASK-").unwrap_or(id)
}

/// Header keys Octopoid writes or appends, for did-you-mean on misspellings.
const HEADER_KEYS: [&str; 20] = [
    "ROLE",
    "PRIORITY",
    "BRANCH",
    "CREATED",
    "CREATED_BY",
    "PROJECT",
    "BLOCKED_BY",
    "CHECKS",
    "BREAKDOWN_DEPTH",
    "EXPEDITE",
    "SKIP_PR",
    "FLOW",
    "TYPE",
    "CLAIMED_BY",
    "CLAIMED_AT",
    "SUBMITTED_AT",
    "COMMITS_COUNT",
    "TURNS_USED",
    "ACCEPTED_AT",
    "ACCEPTED_BY",
];
const PRIORITIES: [&str; 4] = ["P0", "P1", "P2", "P3"];

/// Parses every task file of `project`; a file without a task heading is noted and skipped.
pub fn load(project: &mut Sources) -> Vec<Task> {
    let mut tasks = Vec::new();
    for index in project.of_kind(FileKind::Task).collect::<Vec<_>>() {
        let mut out = Vec::new();
        if let Some(task) = parse(index, &project.files[index].source, &mut out) {
            tasks.push(task);
        }
        project.findings.extend(index, out);
    }
    tasks
}

/// Reads one task file's heading and header lines.
pub fn parse(file: usize, source: &SourceFile, out: &mut Vec<Diagnostic>) -> Option<Task> {
    let mut lines = line_spans(&source.text).skip_while(|(_, l)| l.trim().is_empty());
    let Some((heading_at, heading)) = lines.next() else {
        out.push(not_a_task(0..0));
        return None;
    };
    let heading_span = heading_at..heading_at + heading.len();
    let Some((id, title)) = heading_parts(heading) else {
        out.push(not_a_task(heading_span));
        return None;
    };
    let id_at = heading_at + heading.find(id).unwrap_or(0);
    let mut fields = Vec::new();
    for (at, line) in lines.take_while(|(_, l)| !l.starts_with("##")) {
        if let Some(field) = header_line(at, line) {
            fields.push(field);
        }
    }
    for (key, _) in &fields {
        report_misspelt_key(key, out);
    }
    Some(Task {
        file,
        id: Spanned::new(normalize_id(id).to_string(), id_at..id_at + id.len()),
        title: title.to_string(),
        heading: heading_span,
        fields,
    })
}

/// `# [TASK-<id>] <title>` → (`TASK-<id>`, title).
fn heading_parts(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("# [")?;
    let (id, title) = rest.split_once(']')?;
    let valid = id.starts_with("TASK-")
        && id.len() > 5
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then(|| (id, title.trim()))
}

fn not_a_task(span: Span) -> Diagnostic {
    let mut d = Diagnostic::new(
        &MISSING_FIELD,
        span,
        "not a task file: it does not start with `# [TASK-<id>] <title>`; skipped",
    )
    .help("task files start with a heading like `# [TASK-1a2b3c4d] Add a login page`");
    d.severity = Severity::Info;
    d
}

/// Lines with the byte offset each starts at, line breaks removed.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split('\n').map(move |line| {
        let start = at;
        at += line.len() + 1;
        (start, line.trim_end_matches('\r'))
    })
}

/// `KEY: value` with an upper-case key; the value spanned without surrounding space.
fn header_line(at: usize, line: &str) -> Option<(Spanned<String>, Spanned<String>)> {
    let (key, value) = line.split_once(':')?;
    let is_key = key.starts_with(|c: char| c.is_ascii_uppercase())
        && key
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !is_key {
        return None;
    }
    let value_at = at + key.len() + 1 + (value.len() - value.trim_start().len());
    let value = value.trim();
    Some((
        Spanned::new(key.to_string(), at..at + key.len()),
        Spanned::new(value.to_string(), value_at..value_at + value.len()),
    ))
}

/// A header key that is a near miss of a known one is never read (`PRIORTY`); other
/// unknown keys are someone's own notes.
fn report_misspelt_key(key: &Spanned<String>, out: &mut Vec<Diagnostic>) {
    if HEADER_KEYS.contains(&key.as_str()) {
        return;
    }
    let candidates = suggestions(key.as_str(), HEADER_KEYS);
    if candidates.is_empty() {
        return;
    }
    out.push(
        Diagnostic::new(
            &UNKNOWN_KEY,
            key.span.clone(),
            format!("unknown task header `{}`: Octopoid ignores it", key.value),
        )
        .label("not read by Octopoid")
        .did_you_mean(&candidates),
    );
}

/// The task checks that reuse definition rules: ROLE present and a task role, PRIORITY
/// P0–P3, CHECKS registered, ids unique.
pub fn check(cx: &Context, findings: &mut Findings) {
    let roles_from = cx.task_roles_phrase();
    let mut seen: HashMap<&str, &Task> = HashMap::new();
    for task in cx.tasks {
        let mut out = Vec::new();
        check_role(task, cx.task_roles, &roles_from, &mut out);
        check_priority(task, &mut out);
        check_checks(task, &mut out);
        if let Some(first) = seen.get(task.id.as_str()) {
            out.push(
                Diagnostic::new(
                    &DUPLICATE_KEY,
                    task.id.span.clone(),
                    format!(
                        "task id `TASK-{}` is also the id of {}",
                        task.id.value,
                        cx.file_name(first.file)
                    ),
                )
                .help("give one of the tasks a new id"),
            );
        } else {
            seen.insert(task.id.as_str(), task);
        }
        findings.extend(task.file, out);
    }
}

fn check_role(task: &Task, roles: &[String], roles_from: &str, out: &mut Vec<Diagnostic>) {
    let Some(role) = task.role() else {
        out.push(
            Diagnostic::new(
                &MISSING_FIELD,
                task.heading.clone(),
                "the task has no `ROLE:` line",
            )
            .help(
                "add a line like `ROLE: implement` under the heading: agents claim tasks by role",
            ),
        );
        return;
    };
    if roles.iter().any(|r| r == role.as_str()) {
        return;
    }
    let candidates = suggestions(role.as_str(), roles.iter().map(String::as_str));
    let mut d = Diagnostic::new(
        &UNKNOWN_ROLE,
        role.span.clone(),
        format!(
            "unknown task role `{}`: not one of {roles_from}",
            role.value
        ),
    )
    .label("no agent filters on this role")
    .did_you_mean(&candidates);
    if candidates.is_empty() {
        d = d.help(format!("use one of: {}", roles.join(", ")));
    }
    out.push(d);
}

fn check_priority(task: &Task, out: &mut Vec<Diagnostic>) {
    let Some(priority) = task.get("PRIORITY") else {
        return;
    };
    if PRIORITIES.contains(&priority.as_str()) {
        return;
    }
    let candidates = suggestions(priority.as_str(), PRIORITIES);
    let mut d = Diagnostic::new(
        &INVALID_VALUE,
        priority.span.clone(),
        format!(
            "`{}` is not a priority; expected one of P0, P1, P2, P3",
            priority.value
        ),
    )
    .did_you_mean(&candidates);
    if candidates.is_empty() {
        d = d.help("use P0 (most urgent) to P3");
    }
    out.push(d);
}

fn check_checks(task: &Task, out: &mut Vec<Diagnostic>) {
    let Some(checks) = task.get("CHECKS") else {
        return;
    };
    let mut at = checks.span.start;
    for part in checks.value.split(',') {
        let name = part.trim();
        let start = at + (part.len() - part.trim_start().len());
        at += part.len() + 1;
        if name.is_empty() || super::CHECKS.contains(&name) {
            continue;
        }
        let candidates = suggestions(name, super::CHECKS);
        out.push(
            Diagnostic::new(
                &UNKNOWN_CHECK,
                start..start + name.len(),
                format!(
                    "unknown check `{name}`: Octopoid registers only {}",
                    super::CHECKS.join(", ")
                ),
            )
            .did_you_mean(&candidates),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(text: &str) -> (Option<Task>, Vec<Diagnostic>) {
        let source = SourceFile::new("t.md", text);
        let mut out = Vec::new();
        (parse(0, &source, &mut out), out)
    }

    #[test]
    fn header_lines_are_read_up_to_the_first_section() {
        let text = "# [TASK-1a2b] Do it\n\nROLE: implement\nPRIORITY: P1\nBLOCKED_BY: TASK-9, [TASK-8] 7\n\n## Context\nNOTE: not a header\n";
        let (task, out) = task(text);
        let task = task.unwrap();
        assert!(out.is_empty());
        assert_eq!(task.id.value, "1a2b");
        assert_eq!(&text[task.id.span.clone()], "TASK-1a2b");
        assert_eq!(task.title, "Do it");
        assert_eq!(task.role().unwrap().value, "implement");
        assert!(task.get("NOTE").is_none());
        let blocked: Vec<_> = task
            .blocked_by()
            .into_iter()
            .map(|s| (s.value.clone(), &text[s.span]))
            .collect();
        assert_eq!(
            blocked,
            [
                ("9".into(), "TASK-9"),
                ("8".into(), "TASK-8"),
                ("7".into(), "7")
            ]
        );
    }

    #[test]
    fn files_without_a_task_heading_are_skipped_with_a_note() {
        let (task, out) = task("# Server-Registered Roles\n\nROLE: x\n");
        assert!(task.is_none());
        assert_eq!(out[0].severity, Severity::Info);
    }

    #[test]
    fn misspelt_headers_are_reported() {
        let (_, out) = task("# [TASK-1] x\nPRIORTY: P1\nEXTRA_NOTE: fine\n");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].suggestion.as_deref(), Some("PRIORITY"));
    }

    #[test]
    fn roles_priorities_and_checks_are_checked() {
        let text = "# [TASK-1] x\nROLE: implementer\nPRIORITY: p1\nCHECKS: check_ci, check_cii\n";
        let mut out = Vec::new();
        let task = task(text).0.unwrap();
        check_role(&task, &["implement".to_string()], "the roles", &mut out);
        check_priority(&task, &mut out);
        check_checks(&task, &mut out);
        let found: Vec<(&str, Option<&str>)> = out
            .iter()
            .map(|d| (d.rule.name, d.suggestion.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("unknown-role", Some("implement")),
                ("invalid-value", Some("P1")),
                ("unknown-check", Some("check_ci"))
            ]
        );
    }
}
