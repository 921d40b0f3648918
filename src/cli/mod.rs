//! The command line. `main` stays thin so commands can be run and tested in-process.

mod check;
mod discover;

use std::ffi::OsString;
use std::io::{Read, Write};

use clap::{Parser, Subcommand, ValueEnum};

use crate::{docs, rules, schema};

/// Exit code: no errors found.
pub const EXIT_OK: u8 = 0;
/// Exit code: errors found.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, configuration or I/O error.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "octolint",
    version,
    about = "Lint, compile and serve agent-orchestrator workflow definitions"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check definition files and report findings.
    Check(CheckArgs),
    /// Print the JSON Schema of the definition format.
    Schema,
    /// Print a rule's documentation, or list every rule.
    Rule(RuleArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Without paths, the nearest
    /// `octolint.yaml` in the current directory or a parent is checked.
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// When to color output (`auto` honours NO_COLOR and whether stdout is a terminal).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// The file name to report for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// A rule name (`unknown-role`) or code (`OL101`).
    #[arg(required_unless_present_any = ["all", "markdown"])]
    pub name: Option<String>,
    /// List every rule.
    #[arg(long, conflicts_with = "name")]
    pub all: bool,
    /// Print the documentation of every rule as Markdown (docs/rules.md).
    #[arg(long, conflicts_with_all = ["name", "all"])]
    pub markdown: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help.
    Full,
    /// One line per finding: `file:line:col: severity[name] message`.
    Concise,
    /// `{"diagnostics": [...], "summary": {...}}`.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Standard streams, injectable for tests.
pub struct Io<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Whether standard output is a terminal (`--color auto` colors only then).
    pub stdout_is_terminal: bool,
}

impl Io<'_> {
    /// Whether to color output: `--color` decides, else NO_COLOR and whether stdout is a terminal.
    pub fn use_color(&self, when: ColorWhen) -> bool {
        match when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                self.stdout_is_terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
            }
        }
    }
}

/// Runs the command line `args` (including the program name) and returns the exit code.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>, io: &mut Io) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
            let rendered = error.render().to_string();
            let _ = if error.use_stderr() {
                write!(io.stderr, "{rendered}")
            } else {
                write!(io.stdout, "{rendered}")
            };
            return code;
        }
    };
    let result = match cli.command {
        Command::Check(args) => return check::run(&args, io),
        Command::Schema => write!(io.stdout, "{}", schema::schema_json()),
        Command::Rule(args) => return rule(&args, io),
    };
    finish_write(result, io)
}

fn rule(args: &RuleArgs, io: &mut Io) -> u8 {
    let result = if args.markdown {
        write!(io.stdout, "{}", docs::rules_markdown())
    } else if args.all {
        write!(io.stdout, "{}", docs::rule_list())
    } else {
        let name = args.name.as_deref().unwrap_or_default();
        let found = rules::all().find(|r| r.name == name || r.code.eq_ignore_ascii_case(name));
        match found {
            Some(rule) => write!(io.stdout, "{}", docs::rule_page(rule)),
            None => {
                let candidates = crate::suggest::suggestions(name, rules::all().map(|r| r.name));
                let hint = candidates
                    .first()
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                let _ = writeln!(
                    io.stderr,
                    "error: no rule is named `{name}`{hint} (`octolint rule --all` lists them)"
                );
                return EXIT_USAGE;
            }
        }
    };
    finish_write(result, io)
}

fn finish_write(result: std::io::Result<()>, io: &mut Io) -> u8 {
    match result.and_then(|()| io.stdout.flush()) {
        Ok(()) => EXIT_OK,
        // A closed pipe (`octolint rule --all | head`) is not worth an error message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(error) => {
            let _ = writeln!(io.stderr, "error: cannot write output: {error}");
            EXIT_USAGE
        }
    }
}
