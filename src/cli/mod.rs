//! The command line. `main` stays thin so commands can be run and tested in-process.

mod breaking;
mod check;
mod discover;
mod generate;
mod import;
mod init;
mod input;
mod remote;

use std::ffi::OsString;
use std::io::{Read, Write};

use clap::{Parser, Subcommand, ValueEnum};

use crate::{docs, schema};

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
    /// Generate server payloads, typed constants, native Octopoid files, diagrams and the
    /// dispatch plan.
    Gen(GenArgs),
    /// Run the language server on stdin/stdout (for editors).
    Lsp(LspArgs),
    /// Print the JSON Schema of the definition format.
    Schema,
    /// Print a rule's documentation, or list every rule.
    Rule(RuleArgs),
    /// Write a commented starter `octolint.yaml`.
    Init(InitArgs),
    /// Convert an Octopoid `.octopoid/` configuration into one definition.
    Import(ImportArgs),
    /// Register the definition with an Octopoid server: its orchestrator, roles and flows.
    Push(PushArgs),
    /// Show what `push` would change on the server, and what would stop it.
    Plan(RemoteArgs),
    /// Show where the server and the definition differ.
    Status(RemoteArgs),
    /// Report the changes since another version that strand work: a role, queue, flow or
    /// transition removed, a role renamed, `claims_from` changed, ….
    Breaking(BreakingArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): octolint's, or a subcommand's.
    Man {
        /// The subcommand whose page to print (`check` for octolint-check(1)).
        subcommand: Option<String>,
        /// Write every page into this directory instead (`docs/man/`).
        #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
        out: Option<String>,
    },
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
    /// Apply safe fixes in place (a did-you-mean with one clear candidate, an unused
    /// suppression), keeping comments and formatting; then report what remains. With `-`,
    /// print the fixed text instead.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the safe fixes as a unified diff without writing; exit 1 if there are any, or if
    /// errors would remain that `--fix` cannot fix.
    #[arg(long)]
    pub diff: bool,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Exit 0 even when there are findings (usage and I/O errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Octopoid task files to check with a `.octopoid/` project: files, directories or glob
    /// patterns (repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub tasks: Vec<String>,
    /// The task roles Octopoid agents must match (comma-separated), instead of those of an
    /// `octolint.yaml` beside `.octopoid/`, of the task files, or Octopoid's known ones.
    #[arg(long, value_name = "ROLES", value_delimiter = ',')]
    pub task_roles: Option<Vec<String>>,
    /// Only these rules report: names, codes or code prefixes (`OL4`, `ALL`), comma-separated.
    /// Replaces the settings file's `select`.
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = RuleNames, hide_possible_values = true)]
    pub select: Option<Vec<String>>,
    /// These rules report too, besides those selected.
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = RuleNames, hide_possible_values = true)]
    pub extend_select: Vec<String>,
    /// These rules do not report.
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = RuleNames, hide_possible_values = true)]
    pub ignore: Vec<String>,
    /// `GLOB:RULES`: these rules do not report in files matching the glob (relative to the
    /// current directory; a glob without `/` matches file names). Repeatable.
    #[arg(long, value_name = "GLOB:RULES")]
    pub per_file_ignores: Vec<String>,
    /// Check again whenever a checked file (or a file below a checked directory) changes,
    /// until interrupted; a burst of saves is checked once.
    #[arg(long, conflicts_with_all = ["fix", "diff", "add_suppression", "show_settings"])]
    pub watch: bool,
    /// Suppress every finding where it is, with `# octolint: ignore[...]` comments written
    /// into the files (to adopt octolint on an existing project in one step), and report
    /// nothing else.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub add_suppression: bool,
    /// Print the settings that apply to the first path (which settings file, what it and the
    /// command line select, which rules report), and check nothing.
    #[arg(long)]
    pub show_settings: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The Octopoid project: a `.octopoid` directory or a directory containing one.
    #[arg(default_value = ".")]
    pub path: String,
    /// Write the definition here instead of to standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Task files whose roles become the definition's roles (files, directories or globs).
    #[arg(long, value_name = "PATTERN")]
    pub tasks: Vec<String>,
    /// The task roles to declare (comma-separated), instead of the discovered ones.
    #[arg(long, value_name = "ROLES", value_delimiter = ',')]
    pub task_roles: Option<Vec<String>>,
}

#[derive(Debug, clap::Args)]
pub struct BreakingArgs {
    /// The definition (default: the nearest `octolint.yaml` in the current directory or a
    /// parent).
    pub path: Option<String>,
    /// The old version: a file, or a git revision (`main`, `HEAD~1`, `v1.2`) whose copy of
    /// the definition is read with `git show`.
    #[arg(long, value_name = "REF")]
    pub against: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// When to color output (`auto` honours NO_COLOR and whether stdout is a terminal).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

/// The definition and the server `push`, `plan` and `status` work with.
#[derive(Debug, clap::Args)]
pub struct RemoteArgs {
    /// The definition (default: the nearest `octolint.yaml` in the current directory or a
    /// parent).
    pub path: Option<String>,
    /// The Octopoid server's URL (`https://host`, with or without `/api/v1`); default: the
    /// `OCTOLINT_SERVER` environment variable. The API key, if the scope has one, is read from
    /// `OCTOPOID_API_KEY` and sent as a Bearer token.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RemoteFormat::Text)]
    pub format: RemoteFormat,
    /// Seconds to wait for each answer of the server.
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub timeout: u64,
}

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// Show what would change, send nothing (as `octolint plan`).
    #[arg(long)]
    pub dry_run: bool,
    /// Push even what would re-route another orchestrator's role or strand open tasks; the
    /// output says what was overridden.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RemoteFormat {
    /// A readable diff.
    Text,
    /// The plan (and what was sent) as one JSON object.
    Json,
}

/// Options of `octolint lsp`.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Talk over standard input and output: the only transport, and the default. Accepted
    /// because language clients add it (vscode-languageclient's stdio transport does).
    #[arg(long)]
    pub stdio: bool,
}

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// The definition to compile. Without it, the nearest `octolint.yaml` upward.
    pub path: Option<String>,
    /// A target to generate (repeatable). Without it, the targets in the definition's
    /// `generate:` section.
    #[arg(long, value_enum)]
    pub target: Vec<crate::generate::Target>,
    /// Write every target under this directory, at its default name.
    #[arg(long, value_name = "DIR")]
    pub out: Option<String>,
    /// Write nothing; exit 1 and list every generated file that is missing or stale.
    #[arg(long)]
    pub check: bool,
    /// Overwrite files even if they were not generated by octolint.
    #[arg(long)]
    pub force: bool,
    /// Write where the definition's `generate:` section says even when that is outside the
    /// definition's directory, or reached through a symbolic link that leads out of it.
    #[arg(long)]
    pub allow_outside: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write the definition: a `.yaml`/`.yml` file, or a directory (made if
    /// missing) to write `octolint.yaml` in.
    #[arg(default_value = "octolint.yaml")]
    pub path: String,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// A rule name (`unknown-role`) or code (`OL101`).
    #[arg(
        required_unless_present_any = ["all", "markdown"],
        value_parser = RuleNames,
        hide_possible_values = true
    )]
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
    /// One JSON object per finding per line (the `json` format's diagnostics), no summary.
    #[value(name = "json-lines")]
    JsonLines,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`), one per finding.
    Github,
    /// GitLab Code Quality report (a JSON array of issues).
    Gitlab,
    /// JUnit XML: a test suite per file, a test case per finding, failed when the finding
    /// fails the run (`--fail-on`).
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A rule name or code, as `rule`, `--select` and `--ignore` take it: any text is accepted
/// (validated where it is used, with a did-you-mean), and the rule names are offered to shell
/// completion with their summaries.
#[derive(Debug, Clone, Copy)]
struct RuleNames;

impl clap::builder::TypedValueParser for RuleNames {
    type Value = String;

    fn parse_ref(
        &self,
        _: &clap::Command,
        _: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(crate::registry::all().map(|rule| {
            clap::builder::PossibleValue::new(rule.name).help(rule.summary)
        })))
    }
}

/// "1 file", "2 files": a count and the noun that agrees with it.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
        Command::Gen(args) => return generate::run(&args, io),
        Command::Lsp(_) => {
            crate::allocator::configure(crate::allocator::Workload::Server);
            return crate::lsp::run_stdio();
        }
        Command::Schema => write!(io.stdout, "{}", schema::schema_json()),
        Command::Rule(args) => return rule(&args, io),
        Command::Init(args) => return init::run(&args, io),
        Command::Import(args) => return import::run(&args, io),
        Command::Push(args) => return remote::push(&args, io),
        Command::Plan(args) => return remote::plan(&args, io),
        Command::Status(args) => return remote::status(&args, io),
        Command::Breaking(args) => return breaking::run(&args, io),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "octolint", &mut script);
            io.stdout.write_all(&script)
        }
        Command::Man { out: Some(dir), .. } => {
            for (name, page) in man_pages() {
                let path = std::path::Path::new(&dir).join(format!("{name}.1"));
                if let Err(error) =
                    crate::generate::output::write_atomically(&path, page.as_bytes())
                {
                    let _ = writeln!(io.stderr, "error: cannot write {}: {error}", path.display());
                    return EXIT_USAGE;
                }
            }
            Ok(())
        }
        Command::Man { subcommand, .. } => {
            let name = match &subcommand {
                Some(sub) => format!("octolint-{sub}"),
                None => "octolint".to_string(),
            };
            match man_pages().into_iter().find(|(page, _)| *page == name) {
                Some((_, page)) => io.stdout.write_all(page.as_bytes()),
                None => {
                    let _ = writeln!(io.stderr, "error: no manual page for `{name}`");
                    return EXIT_USAGE;
                }
            }
        }
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
        let found = crate::registry::by_name(name);
        match found {
            Some(rule) => write!(io.stdout, "{}", docs::rule_page(rule)),
            None => {
                let candidates =
                    crate::suggest::suggestions(name, crate::registry::all().map(|r| r.name));
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

/// Every manual page, rendered from the command-line definition: `octolint` and
/// `octolint-<subcommand>` (committed under `docs/man/`).
pub fn man_pages() -> Vec<(String, String)> {
    let command = <Cli as clap::CommandFactory>::command().name("octolint");
    let render = |command: clap::Command| {
        let mut page = Vec::new();
        let _ = clap_mangen::Man::new(command).render(&mut page);
        String::from_utf8_lossy(&page).into_owned()
    };
    let mut pages = vec![("octolint".to_string(), render(command.clone()))];
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("octolint-{}", sub.get_name());
        let page = sub
            .clone()
            .name(name.clone())
            .version(env!("CARGO_PKG_VERSION"));
        pages.push((name, render(page)));
    }
    pages
}

/// Writes a file a command creates (`init`, `import -o`), refusing to replace one that exists
/// unless `force`: exit 1 for a refusal, 2 when it cannot be written, each said on stderr.
fn write_new_file(
    path: &std::path::Path,
    bytes: &[u8],
    force: bool,
    io: &mut Io,
) -> Result<(), u8> {
    if path.exists() && !force {
        let _ = writeln!(
            io.stderr,
            "error: {} already exists; pass --force to overwrite it",
            path.display()
        );
        return Err(EXIT_FINDINGS);
    }
    crate::generate::output::write_atomically(path, bytes).map_err(|error| {
        let _ = writeln!(io.stderr, "error: cannot write {}: {error}", path.display());
        EXIT_USAGE
    })
}
