//! `octolint init`: write a commented starter definition that checks clean.

use std::path::Path;

use super::{EXIT_FINDINGS, EXIT_OK, InitArgs, Io};
use crate::generate::output::write_atomically;

/// The starter definition; a test keeps it clean.
pub const STARTER: &str = include_str!("templates/starter.octolint.yaml");

pub fn run(args: &InitArgs, io: &mut Io) -> u8 {
    let path = Path::new(&args.path);
    if path.exists() && !args.force {
        let _ = writeln!(
            io.stderr,
            "error: {} already exists; pass --force to overwrite it",
            path.display()
        );
        return EXIT_FINDINGS;
    }
    if let Err(error) = write_atomically(path, STARTER.as_bytes()) {
        let _ = writeln!(io.stderr, "error: cannot write {}: {error}", path.display());
        return super::EXIT_USAGE;
    }
    let _ = writeln!(
        io.stdout,
        "wrote {}; check it with `octolint check {}`",
        path.display(),
        path.display()
    );
    EXIT_OK
}
