//! `check --fix`: applies the safe fixes findings carry, editing only their spans so comments
//! and formatting are kept, and repeats until nothing more is fixable.

use crate::diagnostic::{Diagnostic, Edit};
use crate::pipeline::check_file;
use crate::source::SourceFile;

/// Passes at most: a fix can expose another (removing one unused name of a suppression
/// leaves the next), but a chain longer than this means fixes are undoing each other.
const MAX_PASSES: usize = 8;
/// Passes at most over an Octopoid project, where each pass fixes one file.
const MAX_PROJECT_PASSES: usize = 64;

/// The fixed text and how many findings were fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub fixes: usize,
}

/// Fixes `text` as far as safe fixes go.
pub fn fix_text(name: &str, text: &str) -> Fixed {
    let mut current = text.to_string();
    let mut fixes = 0;
    for _ in 0..MAX_PASSES {
        let file = SourceFile::new(name, current.clone());
        let (diagnostics, _) = check_file(&file);
        let Some((next, applied)) = apply_once(&current, &diagnostics) else {
            break;
        };
        current = next;
        fixes += applied;
    }
    Fixed {
        text: current,
        fixes,
    }
}

/// One file of an Octopoid project as `--fix` leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    pub path: std::path::PathBuf,
    pub before: String,
    pub after: String,
    pub fixes: usize,
}

/// Fixes the files of the Octopoid project at `root` as far as safe fixes go, in memory: one
/// file a pass, the project checked again with the fixed texts after each, since its files
/// are judged together. Returns the files that changed; writing them is the caller's.
pub fn fix_project(
    root: &std::path::Path,
    options: &crate::octopoid::ProjectOptions,
) -> Result<Vec<FixedFile>, String> {
    let mut options = options.clone();
    let mut changed: Vec<FixedFile> = Vec::new();
    for _ in 0..MAX_PROJECT_PASSES {
        let report = crate::pipeline::check_project(root, &options)?;
        let mut applied_any = false;
        for report in &report.reports {
            let Some((after, applied)) = apply_once(&report.file.text, &report.diagnostics) else {
                continue;
            };
            applied_any = true;
            let path = std::path::PathBuf::from(&report.file.name);
            match changed.iter_mut().find(|f| f.path == path) {
                Some(file) => {
                    file.after.clone_from(&after);
                    file.fixes += applied;
                }
                None => changed.push(FixedFile {
                    path: path.clone(),
                    before: report.file.text.clone(),
                    after: after.clone(),
                    fixes: applied,
                }),
            }
            options.unsaved.insert(path, after);
            // One file a pass: a fix in one file can settle a finding in another (a role
            // fixed makes the flow that names it match), which the next check sees.
            break;
        }
        if !applied_any {
            break;
        }
    }
    Ok(changed)
}

/// Applies every fix that does not overlap an earlier one; `None` when there is nothing to
/// apply. A fix's edits are applied together or not at all.
pub fn apply_once(text: &str, diagnostics: &[Diagnostic]) -> Option<(String, usize)> {
    let mut accepted: Vec<&Edit> = Vec::new();
    // The accepted edits by start. They do not overlap one another (an insertion occupies
    // one byte), so only the last one starting before an edit's end can overlap it: each
    // check is a lookup rather than a scan (a scan made 100,000 fixes take minutes).
    let mut by_start: std::collections::BTreeMap<usize, Vec<&Edit>> = Default::default();
    let mut applied = 0;
    for fix in diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        let clashes = fix.edits.iter().any(|edit| {
            let end = edit.span.end.max(edit.span.start + 1);
            by_start
                .range(..end)
                .next_back()
                .into_iter()
                .flat_map(|(_, taken)| taken)
                .any(|taken| {
                    *taken != edit
                        && taken.span.start < end
                        && edit.span.start < taken.span.end.max(taken.span.start + 1)
                })
        });
        let in_bounds = fix.edits.iter().all(|e| {
            e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        // Edits of one fix are only checked against accepted ones above; overlapping each
        // other they would be applied to text an earlier one already changed.
        let overlaps_itself = fix.edits.iter().enumerate().any(|(i, a)| {
            fix.edits[i + 1..].iter().any(|b| {
                a != b
                    && a.span.start < b.span.end.max(b.span.start + 1)
                    && b.span.start < a.span.end.max(a.span.start + 1)
            })
        });
        if clashes || !in_bounds || overlaps_itself {
            continue;
        }
        for edit in &fix.edits {
            let at = by_start.entry(edit.span.start).or_default();
            if !at.contains(&edit) {
                at.push(edit);
                accepted.push(edit);
            }
        }
        applied += 1;
    }
    if applied == 0 {
        return None;
    }
    accepted.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut out = text.to_string();
    for edit in accepted {
        out.replace_range(edit.span.clone(), &edit.replacement);
    }
    (out != text).then_some((out, applied))
}

#[cfg(test)]
mod tests {
    use super::fix_text;

    #[test]
    fn fixes_misspellings_and_unused_suppressions_keeping_comments() {
        let text = "version: 1 # the format\nroles:\n  implement: {}  # the only role\nagents:\n  # octolint: ignore[unused-agent, unused-role]\n  implementer: {role: implementer}  # was wrong\nflows:\n  default:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\n";
        let fixed = fix_text("t.yaml", text);
        assert_eq!(fixed.fixes, 3, "{}", fixed.text);
        assert_eq!(
            fixed.text,
            "version: 1 # the format\nroles:\n  implement: {}  # the only role\nagents:\n  implementer: {role: implement}  # was wrong\nflows:\n  default:\n    transitions:\n      incoming -> claimed: {role: implement}\n      claimed -> done: {}\n"
        );
    }

    #[test]
    fn a_fix_whose_own_edits_overlap_is_not_applied() {
        use crate::diagnostic::{Diagnostic, Edit, Fix};
        use crate::rules::references::unknown_role::UNKNOWN_ROLE;
        let edit = |span: std::ops::Range<usize>, text: &str| Edit {
            span,
            replacement: text.into(),
        };
        let mut overlapping = Diagnostic::new(&UNKNOWN_ROLE, 0..4, "x");
        overlapping.fix = Some(Fix {
            edits: vec![edit(0..4, "abcdef"), edit(2..6, "é")],
        });
        let mut fine = Diagnostic::new(&UNKNOWN_ROLE, 8..9, "y");
        fine.fix = Some(Fix {
            edits: vec![edit(8..9, "Z")],
        });
        let (out, applied) = super::apply_once("0123456789", &[overlapping, fine]).unwrap();
        assert_eq!((out.as_str(), applied), ("01234567Z9", 1));
    }

    #[test]
    fn ambiguous_misspellings_are_not_fixed() {
        let text = "version: 1\nroles: {review: {}, preview: {}}\nagents: {a: {role: reviw}}\n";
        assert_eq!(fix_text("t.yaml", text).fixes, 0);
    }
}
