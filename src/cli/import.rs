//! `octolint import`: an Octopoid project's `.octopoid/` configuration as one definition.

use std::path::{Path, PathBuf};

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ImportArgs, Io};
use crate::octopoid::ProjectOptions;
use crate::pipeline::import_project;

pub fn run(args: &ImportArgs, io: &mut Io) -> u8 {
    let options = ProjectOptions {
        tasks: args.tasks.iter().map(PathBuf::from).collect(),
        task_roles: args.task_roles.clone(),
        ..Default::default()
    };
    let imported = match import_project(Path::new(&args.path), &options) {
        Ok(imported) => imported,
        Err(error) => {
            let _ = writeln!(io.stderr, "error: {error}");
            return EXIT_USAGE;
        }
    };
    // What had to be dropped or guessed goes to stderr, so stdout stays the definition.
    for note in &imported.notes {
        let _ = writeln!(io.stderr, "note: {note}");
    }
    // Errors in how the native files are written: the definition is written well, so it
    // cannot carry them, and they are fixed where they are. The import still exits 1.
    for error in &imported.uncarried {
        let _ = writeln!(
            io.stderr,
            "error: {error} (not carried into the definition: fix it in the Octopoid files)"
        );
    }
    let status = if imported.uncarried.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    };
    // Without `-o`, or with `-o -` (the usual name for standard output), the definition goes
    // to stdout rather than to a file named `-`.
    let Some(output) = args.output.as_ref().filter(|o| o.as_str() != "-") else {
        let _ = write!(io.stdout, "{}", imported.yaml);
        return status;
    };
    let path = Path::new(output);
    if let Err(code) = super::write_new_file(path, imported.yaml.as_bytes(), args.force, io) {
        return code;
    }
    let _ = writeln!(
        io.stderr,
        "wrote {}; check it with `octolint check {}`",
        path.display(),
        path.display()
    );
    status
}
