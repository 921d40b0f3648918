//! `octolint gen`: check the definition, compile the chosen targets, then write them or
//! (with `--check`) compare them with what is on disk.

use std::path::{Path, PathBuf};

use super::input::clean_definition;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, GenArgs, Io, count};
use crate::generate::output::{MANIFEST_NAME, Planned, Status, confine, status, write_all};
use crate::generate::{Source, Target};

/// Where outputs go when neither `--out` nor the definition says: beside the definition.
pub const DEFAULT_BASE: &str = "generated";

pub fn run(args: &GenArgs, io: &mut Io) -> u8 {
    let (path, bytes, def) = match clean_definition(args.path.as_deref(), "generating", io) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let source = Source::new(&def, &path.display().to_string(), &bytes);
    let definition_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();

    let targets: Vec<(Target, PathBuf)> = if !args.target.is_empty() {
        let mut chosen = args.target.clone();
        chosen.sort();
        chosen.dedup();
        chosen
            .into_iter()
            .map(|t| (t, out_path(t, args.out.as_deref(), &def, &definition_dir)))
            .collect()
    } else if let Some(generate) = &def.generate {
        Target::ALL
            .into_iter()
            .filter(|t| t.configured(generate).is_some())
            .map(|t| (t, out_path(t, args.out.as_deref(), &def, &definition_dir)))
            .collect()
    } else {
        Vec::new()
    };
    if targets.is_empty() {
        let _ = writeln!(
            io.stderr,
            "error: nothing to generate: add a `generate:` section to {} or pass --target",
            path.display()
        );
        return EXIT_USAGE;
    }

    let mut plans = Vec::new();
    let mut plan_targets = Vec::new();
    for (target, out) in &targets {
        let files = match target.generate(&source) {
            Ok(files) => files,
            Err(message) => {
                let _ = writeln!(
                    io.stderr,
                    "error: cannot generate `{}`: {message}",
                    target.name()
                );
                return EXIT_FINDINGS;
            }
        };
        for file in files {
            let full = if file.path.as_os_str().is_empty() {
                out.clone()
            } else {
                out.join(&file.path)
            };
            // A JSON file of a directory target cannot carry a header: the manifest lists it.
            let is_json = target.is_directory() && full.extension().is_some_and(|e| e == "json");
            let listed_in = is_json.then(|| {
                let entry = file.path.to_string_lossy().replace('\\', "/");
                (out.join(MANIFEST_NAME), entry)
            });
            plans.push(Planned {
                path: full,
                contents: file.contents,
                listed_in,
            });
            plan_targets.push(*target);
        }
    }

    // Every output stays inside the project: the `--out` directory when one is given on the
    // command line (the person running gen chose it), else the definition's directory, so a
    // definition cannot write elsewhere on the machine of whoever runs gen on it.
    if !args.allow_outside {
        let root = match &args.out {
            Some(out) => PathBuf::from(out),
            None => definition_dir.clone(),
        };
        let shown = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &root
        };
        let escapes: Vec<_> = plans
            .iter()
            .zip(&plan_targets)
            .filter_map(|(plan, target)| Some((confine(&root, &plan.path).err()?, target)))
            .collect();
        if !escapes.is_empty() {
            let _ = writeln!(
                io.stderr,
                "error: refusing to write outside {} (pass --allow-outside to allow it):",
                shown.display()
            );
            for (escape, target) in escapes {
                let _ = writeln!(
                    io.stderr,
                    "  {} (target `{}`): {}",
                    escape.path.display(),
                    target.name(),
                    escape.reason
                );
            }
            return EXIT_FINDINGS;
        }
    }

    if args.check {
        return check_plans(&plans, &regenerate_command(args), io);
    }
    match write_all(&plans, args.force) {
        Ok(written) => {
            for path in &written {
                let _ = writeln!(io.stdout, "wrote {}", path.display());
            }
            let _ = writeln!(
                io.stdout,
                "{} written, {} unchanged.",
                written.len(),
                plans.len() - written.len()
            );
            EXIT_OK
        }
        Err(error) => {
            let _ = writeln!(io.stderr, "error: {error}");
            EXIT_FINDINGS
        }
    }
}

/// The `octolint gen` command that writes what `args` checks: the same path, targets and
/// output directory, without `--check`.
fn regenerate_command(args: &GenArgs) -> String {
    let mut command = String::from("octolint gen");
    if let Some(path) = &args.path {
        command.push(' ');
        command.push_str(path);
    }
    for target in &args.target {
        command.push_str(" --target ");
        command.push_str(target.name());
    }
    if let Some(out) = &args.out {
        command.push_str(" --out ");
        command.push_str(out);
    }
    command
}

/// `--check`: report every missing or stale file, write nothing; `regenerate` is the command
/// that writes them.
fn check_plans(plans: &[Planned], regenerate: &str, io: &mut Io) -> u8 {
    let mut outdated = 0;
    for plan in plans {
        let word = match status(plan) {
            Status::Current => continue,
            Status::Stale => "stale",
            Status::Missing => "missing",
        };
        outdated += 1;
        let _ = writeln!(io.stdout, "{word}: {}", plan.path.display());
    }
    if outdated == 0 {
        let _ = writeln!(
            io.stdout,
            "{} current.",
            match plans.len() {
                1 => "The generated file is".to_string(),
                n => format!("All {n} generated files are"),
            }
        );
        EXIT_OK
    } else {
        let _ = writeln!(
            io.stdout,
            "{outdated} of {} missing or stale: run `{regenerate}`.",
            count(plans.len(), "generated file is", "generated files are")
        );
        EXIT_FINDINGS
    }
}

/// `--out DIR` puts every target at its default name under DIR; otherwise the definition's
/// `generate.<target>.out`, relative to the definition; otherwise `generated/<default>`.
fn out_path(
    target: Target,
    out: Option<&str>,
    def: &crate::model::Definition,
    definition_dir: &Path,
) -> PathBuf {
    if let Some(out) = out {
        return Path::new(out).join(target.default_out());
    }
    let configured = def
        .generate
        .as_ref()
        .and_then(|g| target.configured(g))
        .and_then(|t| t.out.as_ref());
    match configured {
        Some(path) => definition_dir.join(path.as_str()),
        None => definition_dir.join(DEFAULT_BASE).join(target.default_out()),
    }
}
