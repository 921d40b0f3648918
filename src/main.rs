use std::io::IsTerminal;
use std::process::ExitCode;

use octolint::cli::{self, Io};

/// See `octolint::allocator` for why not the system's.
#[global_allocator]
static ALLOCATOR: octolint::allocator::Allocator = octolint::allocator::Allocator {};

fn main() -> ExitCode {
    octolint::allocator::configure(octolint::allocator::Workload::OneShot);
    // Unlocked handles: `octolint lsp` reads and writes stdio from its own threads.
    let mut stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let mut stdin = std::io::stdin();
    let mut stderr = std::io::stderr();
    let mut io = Io {
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
        stdout_is_terminal: is_terminal,
    };
    ExitCode::from(cli::run(std::env::args_os(), &mut io))
}
