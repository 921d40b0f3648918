//! Property tests of `forbidden_commands` matching (`octolint::semantic::shell`): a banned
//! command is found however a step's command line wraps it — sequences, pipes, subshells,
//! substitutions, `sh -c` strings, `eval`, environment assignments, wrappers and global
//! options — and a lookalike is never found, wrapped the same ways.
//!
//! Set `PROPTEST_CASES` to run more cases than the default.

use octolint::semantic::shell::Banned;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(512),
        failure_persistence: None,
        ..Config::default()
    }
}

/// A banned entry and the parts a command that runs it is made of.
#[derive(Debug, Clone)]
struct Ban {
    entry: &'static str,
    program: &'static str,
    /// Global options that may come before the subcommand, each as written (`""`: none).
    globals: &'static [&'static str],
    subcommand: &'static [&'static str],
    /// The entry's options, in every way they may be written.
    options: &'static [&'static str],
}

const BANS: &[Ban] = &[
    Ban {
        entry: "git push",
        program: "git",
        globals: &[
            "-C repo",
            "-c user.name=bot",
            "--no-pager",
            "--git-dir .git",
        ],
        subcommand: &["push"],
        options: &[""],
    },
    Ban {
        entry: "git push --force",
        program: "git",
        globals: &["-C repo", "-c core.editor=true"],
        subcommand: &["push"],
        options: &["--force", "--force=true"],
    },
    Ban {
        entry: "rm -rf",
        program: "rm",
        globals: &[""],
        subcommand: &[],
        options: &["-rf", "-fr", "-r -f", "-f -r", "-rfv"],
    },
    Ban {
        entry: "npm publish",
        program: "npm",
        globals: &["--prefix pkg"],
        subcommand: &["publish"],
        options: &[""],
    },
    Ban {
        entry: "kubectl delete",
        program: "kubectl",
        globals: &["-n prod", "--context staging"],
        subcommand: &["delete"],
        options: &[""],
    },
];

/// A command line that runs `ban`: its program (maybe by path), maybe global options, its
/// subcommand, its options and other arguments.
fn running(ban: &'static Ban) -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        proptest::option::of(proptest::sample::select(ban.globals.to_vec())),
        proptest::sample::select(ban.options.to_vec()),
        proptest::collection::vec(
            proptest::sample::select(vec!["origin", "main", "/tmp/x", "--verbose"]),
            0..3,
        ),
    )
        .prop_map(move |(by_path, global, options, rest)| {
            let mut words = vec![if by_path {
                format!("/usr/bin/{}", ban.program)
            } else {
                ban.program.to_string()
            }];
            words.extend(global.filter(|g| !g.is_empty()).map(str::to_string));
            words.extend(ban.subcommand.iter().map(|s| s.to_string()));
            words.extend(rest.iter().map(|s| s.to_string()));
            if !options.is_empty() {
                words.push(options.to_string());
            }
            words.join(" ")
        })
}

/// Ways a command line can run another one.
#[derive(Debug, Clone, Copy)]
enum Wrap {
    Assignment,
    Env,
    Sudo,
    Nice,
    Timeout,
    Command,
    Exec,
    Nohup,
    After,
    Sequence,
    Or,
    Pipe,
    Subshell,
    Substitution,
    Backquotes,
    ShC,
    BashLc,
    Eval,
    IfThen,
}

fn wrap() -> impl Strategy<Value = Wrap> {
    proptest::sample::select(vec![
        Wrap::Assignment,
        Wrap::Env,
        Wrap::Sudo,
        Wrap::Nice,
        Wrap::Timeout,
        Wrap::Command,
        Wrap::Exec,
        Wrap::Nohup,
        Wrap::After,
        Wrap::Sequence,
        Wrap::Or,
        Wrap::Pipe,
        Wrap::Subshell,
        Wrap::Substitution,
        Wrap::Backquotes,
        Wrap::ShC,
        Wrap::BashLc,
        Wrap::Eval,
        Wrap::IfThen,
    ])
}

fn quote(line: &str) -> String {
    shlex::try_quote(line).expect("no NUL").into_owned()
}

fn apply(line: String, wrap: Wrap) -> String {
    match wrap {
        Wrap::Assignment => format!("GIT_TRACE=1 {line}"),
        Wrap::Env => format!("env LANG=C {line}"),
        Wrap::Sudo => format!("sudo -u deploy {line}"),
        Wrap::Nice => format!("nice -n 5 {line}"),
        Wrap::Timeout => format!("timeout -s KILL 30 {line}"),
        Wrap::Command => format!("command {line}"),
        Wrap::Exec => format!("exec {line}"),
        Wrap::Nohup => format!("nohup {line}"),
        Wrap::After => format!("cd repo && {line}"),
        Wrap::Sequence => format!("make build; {line}"),
        Wrap::Or => format!("test -f done || {line}"),
        Wrap::Pipe => format!("{line} | tee out.log"),
        Wrap::Subshell => format!("({line})"),
        // A space after `$(`: `$((` would open an arithmetic expansion.
        Wrap::Substitution => format!("echo \"$( {line} )\""),
        Wrap::Backquotes if !line.contains('`') => format!("echo `{line}`"),
        Wrap::Backquotes => format!("echo $( {line} )"),
        Wrap::ShC => format!("sh -c {}", quote(&line)),
        Wrap::BashLc => format!("bash -lc {}", quote(&line)),
        Wrap::Eval => format!("eval {}", quote(&line)),
        Wrap::IfThen => format!("if true; then {line}; fi"),
    }
}

/// Wrappers that run the command they are given; the others only pass text along
/// (substitutions, sequences) and are also used on lookalikes.
fn wrapped(line: String, wraps: &[Wrap]) -> String {
    wraps.iter().fold(line, |line, &w| apply(line, w))
}

/// A command line that looks like `ban` but does not run it.
fn lookalike(ban: &'static Ban) -> impl Strategy<Value = String> {
    let sub = ban.subcommand.first().copied().unwrap_or("-rf");
    let program = ban.program;
    let entry = ban.entry;
    proptest::sample::select(vec![
        format!("echo {}", quote(entry)),
        format!("printf '%s\\n' {}", quote(entry)),
        format!("{program}x {sub}"),
        format!("x{program} {sub}"),
        format!("true # {entry}"),
        format!("command -v {program}"),
        format!("{program} --help"),
        format!("grep -r {} .", quote(entry)),
    ])
    .prop_flat_map(move |line| {
        let more = match program {
            "git" => vec![
                line,
                "git stash push".to_string(),
                "git log --grep push".to_string(),
            ],
            "rm" => vec![line, "rm -r /tmp/x".to_string(), "rm -f x".to_string()],
            _ => vec![line, format!("{program} {sub}x")],
        };
        proptest::sample::select(more)
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_banned_command_is_found_however_it_is_wrapped(
        (ban, line) in proptest::sample::select(BANS.iter().collect::<Vec<_>>())
            .prop_flat_map(|ban| (Just(ban), running(ban))),
        wraps in proptest::collection::vec(wrap(), 0..4),
    ) {
        let banned = Banned::parse(ban.entry).expect("an entry");
        let line = wrapped(line, &wraps);
        prop_assert!(banned.is_run_by(&line), "`{}` should run `{}`", line, ban.entry);
    }

    #[test]
    fn a_lookalike_is_never_found(
        (ban, line) in proptest::sample::select(BANS.iter().collect::<Vec<_>>())
            .prop_flat_map(|ban| (Just(ban), lookalike(ban))),
        wraps in proptest::collection::vec(wrap(), 0..4),
    ) {
        let banned = Banned::parse(ban.entry).expect("an entry");
        let line = wrapped(line, &wraps);
        prop_assert!(!banned.is_run_by(&line), "`{}` should not run `{}`", line, ban.entry);
    }
}
