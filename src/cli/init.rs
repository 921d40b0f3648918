//! `octolint init`: write a commented starter definition that checks clean.

use std::path::{Path, PathBuf};

use super::{EXIT_OK, InitArgs, Io};

/// The starter definition; a test keeps it clean.
pub const STARTER: &str = include_str!("templates/starter.octolint.yaml");

/// Where `init PATH` writes: PATH itself when it names a YAML file, else `octolint.yaml` in
/// the directory PATH (made if missing) — `octolint init svc` must not write a file `svc`.
fn target(path: &str) -> PathBuf {
    let given = Path::new(path);
    let yaml = given.extension().is_some_and(|e| e == "yaml" || e == "yml");
    if given.is_dir() || path.ends_with('/') || !yaml {
        given.join("octolint.yaml")
    } else {
        given.to_path_buf()
    }
}

pub fn run(args: &InitArgs, io: &mut Io) -> u8 {
    let path = &target(&args.path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(dir)
    {
        let _ = writeln!(io.stderr, "error: cannot create {}: {error}", dir.display());
        return super::EXIT_USAGE;
    }
    if let Err(code) = super::write_new_file(path, STARTER.as_bytes(), args.force, io) {
        return code;
    }
    let _ = writeln!(
        io.stdout,
        "wrote {}; check it with `octolint check {}`",
        path.display(),
        path.display()
    );
    EXIT_OK
}
