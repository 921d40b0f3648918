//! `octolint check`: read the files, check them, render, choose the exit code.

use std::fmt::Write as _;
use std::io::Write;

use codespan_reporting::term::termcolor::{Ansi, NoColor};
use std::path::{Path, PathBuf};

use super::discover::{discover, find_upward};
use super::input::{Limited, read_file_limited, read_limited};
use similar::TextDiff;

use super::{CheckArgs, ColorWhen, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FailOn, Format, Io, count};
use crate::diagnostic::Report;
use crate::diagnostic::Severity;
use crate::fix::{fix_project, fix_text};
use crate::generate::output::write_atomically;
use crate::octopoid::{ProjectOptions, find_root};
use crate::pipeline::check_project;
use crate::pipeline::{check_definition, check_together, oversized};
use crate::render;
use crate::settings::{self, Selection, Settings};

/// A file to read, standard input, or an Octopoid project (`.octopoid/`).
enum Input {
    Stdin,
    File(PathBuf),
    Native(PathBuf),
}

pub fn run(args: &CheckArgs, io: &mut Io) -> u8 {
    if !args.watch {
        return run_once(args, io);
    }
    if args.paths.iter().any(|p| p == "-") {
        let _ = writeln!(io.stderr, "error: --watch cannot watch standard input");
        return EXIT_USAGE;
    }
    // `--watch`: check, then wait for a change and check again, until interrupted.
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![std::env::current_dir().unwrap_or_default()]
    } else {
        args.paths.iter().map(PathBuf::from).collect()
    };
    let mut seen = watched(&roots);
    loop {
        run_once(args, io);
        let _ = writeln!(io.stderr, "Watching for changes (Ctrl-C to stop)...");
        let _ = io.stdout.flush();
        loop {
            std::thread::sleep(WATCH_POLL);
            let now = watched(&roots);
            if now != seen {
                // Editors save in bursts (write, rename, touch): wait until it settles.
                let mut settled = now;
                loop {
                    std::thread::sleep(WATCH_SETTLE);
                    let again = watched(&roots);
                    if again == settled {
                        break;
                    }
                    settled = again;
                }
                seen = settled;
                break;
            }
        }
        let _ = writeln!(io.stdout, "\n-- checking again --");
    }
}

/// How often `--watch` looks for changes, and how long a burst of changes must have stopped.
const WATCH_POLL: std::time::Duration = std::time::Duration::from_millis(250);
const WATCH_SETTLE: std::time::Duration = std::time::Duration::from_millis(200);

/// The modification time and length of every file `--watch` follows below `roots`: YAML,
/// TOML and task files (hidden directories but `.octopoid` skipped), in a stable order.
fn watched(roots: &[PathBuf]) -> Vec<(PathBuf, Option<std::time::SystemTime>, u64)> {
    fn walk(
        path: &Path,
        out: &mut Vec<(PathBuf, Option<std::time::SystemTime>, u64)>,
        depth: usize,
    ) {
        let Ok(meta) = std::fs::metadata(path) else {
            out.push((path.to_path_buf(), None, 0));
            return;
        };
        if meta.is_file() {
            out.push((path.to_path_buf(), meta.modified().ok(), meta.len()));
            return;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for entry in entries {
            let name = entry
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let hidden = name.starts_with('.') && name != ".octopoid";
            if entry.is_dir() {
                if !hidden && depth < 32 && name != "node_modules" && name != "target" {
                    walk(&entry, out, depth + 1);
                }
            } else if [".yaml", ".yml", ".toml", ".md"]
                .iter()
                .any(|e| name.ends_with(e))
            {
                walk(&entry, out, depth + 1);
            }
        }
    }
    let mut out = Vec::new();
    for root in roots {
        walk(root, &mut out, 0);
    }
    out
}

fn run_once(args: &CheckArgs, io: &mut Io) -> u8 {
    let cli_selection = match cli_selection(args) {
        Ok(selection) => selection,
        Err(error) => {
            let _ = writeln!(io.stderr, "error: {error}");
            return EXIT_USAGE;
        }
    };
    if args.show_settings {
        return show_settings(args, cli_selection, io);
    }
    let mut failed = false;
    let inputs = match collect_inputs(&args.paths, io.stderr) {
        Some(inputs) => inputs,
        None => return EXIT_USAGE,
    };
    let mut reports = Vec::new();
    // Decoded definitions with the index of their report, for the rules across definitions.
    let mut definitions = Vec::new();
    let mut fixes = 0;
    let mut fixable_files = 0;
    let options = ProjectOptions {
        tasks: args.tasks.iter().map(PathBuf::from).collect(),
        task_roles: args.task_roles.clone(),
        ..Default::default()
    };
    if !options.tasks.is_empty() && !inputs.iter().any(|i| matches!(i, Input::Native(_))) {
        let _ = writeln!(
            io.stderr,
            "error: --tasks needs an Octopoid project to check (a `.octopoid` directory)"
        );
        return EXIT_USAGE;
    }
    for input in inputs {
        if let Input::Native(root) = &input {
            // With `--diff`, what remains is checked on the fixed texts, written nowhere.
            let mut options = options.clone();
            if args.fix || args.diff {
                match fix_project(root, &options) {
                    Ok(changed) => {
                        for file in changed {
                            if args.diff {
                                options
                                    .unsaved
                                    .insert(file.path.clone(), file.after.clone());
                            }
                            fixes += file.fixes;
                            fixable_files += 1;
                            let name = file.path.display().to_string();
                            if args.diff {
                                let diff = TextDiff::from_lines(&file.before, &file.after);
                                let _ = write!(
                                    io.stdout,
                                    "{}",
                                    diff.unified_diff().header(&name, &name)
                                );
                            } else if let Err(error) =
                                write_atomically(&file.path, file.after.as_bytes())
                            {
                                let _ = writeln!(io.stderr, "error: cannot write {name}: {error}");
                                failed = true;
                            }
                        }
                    }
                    Err(error) => {
                        let _ = writeln!(io.stderr, "error: {error}");
                        failed = true;
                    }
                }
            }
            match check_project(root, &options) {
                Ok(native) => {
                    let _ = writeln!(
                        io.stderr,
                        "note: {}: agents that claim from `incoming` are checked against {}",
                        root.display(),
                        native.task_roles_source.describe()
                    );
                    reports.extend(native.reports);
                }
                Err(error) => {
                    let _ = writeln!(io.stderr, "error: {error}");
                    failed = true;
                }
            }
            continue;
        }
        let is_stdin = matches!(input, Input::Stdin);
        let (name, path, read) = match input {
            Input::Stdin => {
                let read = match read_limited(&mut *io.stdin, 0) {
                    Ok(read) => read,
                    Err(error) => {
                        let _ = writeln!(io.stderr, "error: cannot read standard input: {error}");
                        failed = true;
                        continue;
                    }
                };
                let name = args
                    .stdin_filename
                    .clone()
                    .unwrap_or_else(|| "<stdin>".into());
                (name, None, read)
            }
            Input::Native(_) => continue,
            Input::File(path) => match read_file_limited(&path) {
                Ok(read) => (display(&path), Some(path), read),
                Err(error) => {
                    let _ = writeln!(io.stderr, "error: cannot read {}: {error}", display(&path));
                    failed = true;
                    continue;
                }
            },
        };
        let bytes = match read {
            Limited::Bytes(bytes) => bytes,
            Limited::TooLarge(len) => {
                reports.push(oversized(&name, len));
                continue;
            }
        };
        let bytes = match (args.fix || args.diff, std::str::from_utf8(&bytes)) {
            (true, Ok(text)) => {
                let fixed = fix_text(&name, text);
                if fixed.fixes > 0 {
                    fixable_files += 1;
                    fixes += fixed.fixes;
                }
                if args.diff {
                    if fixed.fixes > 0 {
                        let diff = TextDiff::from_lines(text, &fixed.text);
                        let _ = write!(io.stdout, "{}", diff.unified_diff().header(&name, &name));
                    }
                    // What remains after the fixes is checked, written nowhere.
                    fixed.text.into_bytes()
                } else {
                    if is_stdin {
                        // With `-`, the fixed text is the output (as formatters do).
                        let _ = write!(io.stdout, "{}", fixed.text);
                        continue;
                    }
                    if let Some(path) = &path
                        && fixed.fixes > 0
                        && let Err(error) = write_atomically(path, fixed.text.as_bytes())
                    {
                        let _ = writeln!(io.stderr, "error: cannot write {name}: {error}");
                        failed = true;
                    }
                    fixed.text.into_bytes()
                }
            }
            _ => bytes,
        };
        let (report, definition) = check_definition(&name, bytes);
        if let Some(definition) = definition {
            definitions.push((reports.len(), definition));
        }
        reports.push(report);
    }
    check_together(&mut reports, &definitions);
    if let Err(error) = select(&mut reports, &cli_selection) {
        let _ = writeln!(io.stderr, "error: {error}");
        return EXIT_USAGE;
    }
    if args.add_suppression {
        return add_suppressions(&reports, failed, io);
    }
    if args.diff {
        let _ = writeln!(
            io.stderr,
            "{} in {}; run with --fix to apply.",
            count(fixes, "fixable finding", "fixable findings"),
            count(fixable_files, "file", "files")
        );
        // What `--fix` would leave: findings it cannot fix still fail the run.
        let remaining = reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.severity >= threshold(args.fail_on))
            .count();
        if remaining > 0 {
            let _ = writeln!(
                io.stderr,
                "{} would remain that --fix cannot fix: run `octolint check` to see {}.",
                count(remaining, "finding", "findings"),
                if remaining == 1 { "it" } else { "them" }
            );
        }
        return if failed {
            EXIT_USAGE
        } else if (fixes > 0 || remaining > 0) && !args.exit_zero {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        };
    }
    let written = if args.statistics {
        write!(io.stdout, "{}", render::render_statistics(&reports))
    } else {
        render_reports(&reports, args.format, args.color, args.fail_on, io)
    };
    if args.fix && fixes > 0 {
        let _ = writeln!(
            io.stderr,
            "Fixed {} in {}.",
            count(fixes, "finding", "findings"),
            count(fixable_files, "file", "files")
        );
    }
    if let Err(code) = flushed(written, io) {
        return code;
    }
    let fails = fails(&reports, args.fail_on);
    if failed {
        EXIT_USAGE
    } else if fails && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Expands paths into inputs; `None` (after a message) when nothing usable was named.
fn collect_inputs(paths: &[String], stderr: &mut dyn Write) -> Option<Vec<Input>> {
    if paths.is_empty() {
        let cwd = std::env::current_dir().ok()?;
        if let Some(found) = find_upward(&cwd) {
            return Some(vec![Input::File(relative(&found, &cwd))]);
        }
        // No definition yet: an Octopoid project here or above is checked as it is.
        if let Some(root) = cwd.ancestors().find_map(find_root) {
            return Some(vec![Input::Native(relative(&root, &cwd))]);
        }
        let _ = writeln!(
            stderr,
            "error: no octolint.yaml or .octopoid/ in {} or any parent directory; pass a path to check",
            cwd.display()
        );
        return None;
    }
    let mut inputs = Vec::new();
    let mut ok = true;
    for path in paths {
        if path == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(path);
        // A path that is not there checks nothing: said up front, and nothing is reported as
        // passing.
        if std::fs::symlink_metadata(&path).is_err() {
            let _ = writeln!(
                stderr,
                "error: {}: no such file or directory",
                path.display()
            );
            ok = false;
            continue;
        }
        if !path.is_dir() {
            // A file of an Octopoid project (as pre-commit passes them) stands for the project:
            // its files mean something only together.
            match octopoid_ancestor(&path) {
                Some(root)
                    if !inputs
                        .iter()
                        .any(|i| matches!(i, Input::Native(r) if *r == root)) =>
                {
                    inputs.push(Input::Native(root));
                }
                Some(_) => {}
                None => inputs.push(Input::File(path)),
            }
            continue;
        }
        // A directory: its definition files and Octopoid projects at any depth, each project
        // checked on its own. A directory that merely looks like a project (a
        // `config.yaml`, a `flows/`) counts only when nothing else is found in it.
        if path.file_name().is_some_and(|n| n == ".octopoid") {
            inputs.push(Input::Native(path));
            continue;
        }
        match discover(&path) {
            Ok(found) if found.definitions.is_empty() && found.octopoid.is_empty() => {
                match find_root(&path) {
                    Some(root) => inputs.push(Input::Native(root)),
                    None => {
                        let _ = writeln!(
                            stderr,
                            "error: no definition files (octolint.yaml, *.octolint.yaml) or .octopoid/ in {}",
                            path.display()
                        );
                        ok = false;
                    }
                }
            }
            Ok(found) => {
                inputs.extend(found.definitions.into_iter().map(Input::File));
                inputs.extend(found.octopoid.into_iter().map(Input::Native));
            }
            Err(error) => {
                let _ = writeln!(stderr, "error: cannot read {}: {error}", path.display());
                ok = false;
            }
        }
    }
    ok.then_some(inputs)
}

/// The `.octopoid` directory a file is in, at any depth.
fn octopoid_ancestor(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .find(|dir| dir.file_name().is_some_and(|n| n == ".octopoid"))
        .map(Path::to_path_buf)
}

fn relative(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Writes `reports` to standard output in `format` (`check` and `breaking` share it).
pub(super) fn render_reports(
    reports: &[Report],
    format: Format,
    color: ColorWhen,
    fail_on: FailOn,
    io: &mut Io,
) -> std::io::Result<()> {
    match format {
        Format::Full if io.use_color(color) => {
            render::render_full(reports, &mut Ansi::new(&mut *io.stdout))
        }
        Format::Full => render::render_full(reports, &mut NoColor::new(&mut *io.stdout)),
        Format::Concise if io.use_color(color) => {
            write!(io.stdout, "{}", render::render_concise_colored(reports))
        }
        Format::Concise => write!(io.stdout, "{}", render::render_concise(reports)),
        Format::Json => write!(io.stdout, "{}", render::render_json(reports)),
        Format::JsonLines => write!(io.stdout, "{}", render::render_json_lines(reports)),
        Format::Sarif => write!(io.stdout, "{}", render::render_sarif(reports)),
        Format::Github => write!(io.stdout, "{}", render::render_github(reports)),
        Format::Gitlab => write!(io.stdout, "{}", render::render_gitlab(reports)),
        Format::Junit => write!(
            io.stdout,
            "{}",
            render::render_junit_failing(reports, threshold(fail_on))
        ),
    }
}

/// Flushes what was written; a failure other than a closed pipe is said, and is the exit
/// code.
pub(super) fn flushed(written: std::io::Result<()>, io: &mut Io) -> Result<(), u8> {
    match written.and_then(|()| io.stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(io.stderr, "error: cannot write output: {error}");
            Err(EXIT_USAGE)
        }
        _ => Ok(()),
    }
}

/// Whether a finding of `reports` is at least as severe as `--fail-on` asks.
pub(super) fn fails(reports: &[Report], fail_on: FailOn) -> bool {
    let threshold = threshold(fail_on);
    reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold)
}

/// The lowest severity that fails the run.
fn threshold(fail_on: FailOn) -> Severity {
    match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    }
}

/// The selection flags of the command line.
fn cli_selection(args: &CheckArgs) -> Result<Selection, String> {
    let mut per_file_ignores = std::collections::HashMap::new();
    for entry in &args.per_file_ignores {
        let Some((glob, rules)) = entry.rsplit_once(':') else {
            return Err(format!(
                "--per-file-ignores `{entry}`: write GLOB:RULES, e.g. `legacy/*.yaml:OL402,unused-role`"
            ));
        };
        per_file_ignores.insert(
            glob.to_string(),
            rules.split(',').map(|r| r.trim().to_string()).collect(),
        );
    }
    Ok(Selection {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        per_file_ignores,
    })
}

/// The settings for files in `dir`: the nearest settings file's and the command line's.
fn settings_for(dir: &Path, cli: &Selection) -> Result<Settings, String> {
    let found = settings::find(dir)?;
    let settings = match found {
        Some((source, file)) => Settings {
            source: Some(source),
            file,
            cli: cli.clone(),
        },
        None => Settings {
            cli: cli.clone(),
            ..Settings::default()
        },
    };
    let unknown = settings.unknown_selectors();
    if !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(settings)
}

/// Drops the findings of rules the settings that apply to each file do not select.
fn select(reports: &mut [Report], cli: &Selection) -> Result<(), String> {
    let mut by_dir: std::collections::HashMap<PathBuf, Settings> = Default::default();
    for report in reports {
        let path = PathBuf::from(&report.file.name);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if !by_dir.contains_key(&dir) {
            by_dir.insert(dir.clone(), settings_for(&dir, cli)?);
        }
        let settings = &by_dir[&dir];
        report
            .diagnostics
            .retain(|d| settings.enabled(d.rule, &path));
    }
    Ok(())
}

/// `--show-settings`: what applies to the first path given (or the definition found upward).
fn show_settings(args: &CheckArgs, cli: Selection, io: &mut Io) -> u8 {
    let path = match args.paths.first() {
        Some(path) if path != "-" => PathBuf::from(path),
        _ => match find_upward(&std::env::current_dir().unwrap_or_default()) {
            Some(found) => found,
            None => PathBuf::from("."),
        },
    };
    let dir = if path.is_dir() {
        path.clone()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let settings = match settings_for(&dir, &cli) {
        Ok(settings) => settings,
        Err(error) => {
            let _ = writeln!(io.stderr, "error: {error}");
            return EXIT_USAGE;
        }
    };
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items.join(", ")
        }
    };
    let mut out = format!("Settings for {}\n", display(&path));
    let _ = writeln!(
        out,
        "  settings file: {}",
        settings
            .source
            .as_ref()
            .map_or("none found (defaults)".to_string(), |p| p
                .display()
                .to_string())
    );
    for (label, selection) in [("file", &settings.file), ("command line", &settings.cli)] {
        let _ = writeln!(out, "  {label}:");
        let select = selection
            .select
            .as_ref()
            .map_or("not set".to_string(), |s| list(s));
        let _ = writeln!(out, "    select: {select}");
        let _ = writeln!(out, "    extend-select: {}", list(&selection.extend_select));
        let _ = writeln!(out, "    ignore: {}", list(&selection.ignore));
        let mut globs: Vec<_> = selection.per_file_ignores.iter().collect();
        globs.sort();
        for (glob, rules) in globs {
            let _ = writeln!(out, "    per-file-ignores: \"{glob}\" = {}", list(rules));
        }
    }
    let file = if path.is_dir() {
        path.join("octolint.yaml")
    } else {
        path.clone()
    };
    let enabled: Vec<String> = crate::registry::all()
        .filter(|r| !r.breaking && settings.enabled(r, &file))
        .map(|r| format!("{} {}", r.code, r.name))
        .collect();
    let total = crate::registry::all().filter(|r| !r.breaking).count();
    let _ = writeln!(
        out,
        "  rules that report here: {} of {total}: {}",
        enabled.len(),
        enabled.join(", ")
    );
    let _ = write!(io.stdout, "{out}");
    EXIT_OK
}

/// `--add-suppression`: writes a suppression for every finding into its YAML file.
fn add_suppressions(reports: &[Report], failed: bool, io: &mut Io) -> u8 {
    let (mut added, mut left, mut files) = (0, 0, 0);
    for report in reports {
        let name = &report.file.name;
        let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        if report.diagnostics.is_empty() || !yaml || name == "<stdin>" {
            left += if yaml { 0 } else { report.diagnostics.len() };
            continue;
        }
        let doc = crate::yaml::load(&report.file.text);
        if doc.error.is_some() {
            // A file that does not parse is fixed, not suppressed.
            left += report.diagnostics.len();
            continue;
        }
        let spans = crate::pipeline::multiline_scalars(&doc, &report.file.text);
        let (text, here, not_here) =
            crate::suppress::add_suppressions(&report.file, &report.diagnostics, &spans);
        left += not_here;
        if here == 0 {
            continue;
        }
        if let Err(error) = write_atomically(Path::new(name), text.as_bytes()) {
            let _ = writeln!(io.stderr, "error: cannot write {name}: {error}");
            return EXIT_USAGE;
        }
        added += here;
        files += 1;
    }
    let _ = writeln!(
        io.stderr,
        "Suppressed {} in {}.",
        count(added, "finding", "findings"),
        count(files, "file", "files")
    );
    if left > 0 {
        let _ = writeln!(
            io.stderr,
            "{} could not be suppressed (in a syntax error, a task file or multi-line text): run `octolint check` to see {}.",
            count(left, "finding", "findings"),
            if left == 1 { "it" } else { "them" }
        );
    }
    if failed {
        EXIT_USAGE
    } else if left > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
