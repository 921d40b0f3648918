//! Writes a synthetic definition for benchmarks to standard output.
//!
//! ```sh
//! cargo run --release --example synth -- --size 1mb --seed 1 > /tmp/1mb.octolint.yaml
//! cargo run --release --example synth -- --size 10mb --clean > /tmp/clean.octolint.yaml
//! ```
//!
//! `--size` accepts bytes or `kb`/`mb` (default `30kb`), `--seed` any integer (default 1),
//! `--clean` leaves out the deliberate errors (needed for `octolint gen`, which refuses a
//! definition with errors). The same options always give the same bytes.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut options = synth::Options {
        bytes: synth::TYPICAL,
        seed: 1,
        errors: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let parsed = match arg.as_str() {
            "--size" => args
                .next()
                .and_then(|s| synth::parse_size(&s))
                .map(|bytes| options.bytes = bytes),
            "--seed" => args
                .next()
                .and_then(|s| s.parse().ok())
                .map(|seed| options.seed = seed),
            "--clean" => {
                options.errors = false;
                Some(())
            }
            _ => None,
        };
        if parsed.is_none() {
            eprintln!("usage: synth [--size 30kb|1mb|10mb|BYTES] [--seed N] [--clean]");
            return ExitCode::from(2);
        }
    }
    let text = synth::generate(options);
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(text.as_bytes()).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
