//! What a shell command line runs. A line is cut into simple commands at `;`, `&&`, `||`,
//! `|`, `&`, newlines and parentheses, with `$(...)` and backquoted substitutions taken out as
//! commands of their own; each simple command's words are split by the `shlex` crate, the way a
//! POSIX shell splits them. Environment assignments (`GIT_TRACE=1`), wrappers (`env`, `sudo`,
//! `nice`, `timeout`, …) and shell strings (`sh -c '…'`, `eval`) are seen through, so a banned
//! command is found however it is written, and only where it really runs: `git stash push` is
//! not `git push`, and `echo 'git push'` runs `echo`.

/// One program run with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The program's name, without its directory (`/usr/bin/git` runs `git`).
    pub program: String,
    pub args: Vec<String>,
}

/// How deep `sh -c` strings and substitutions are followed: deeper nesting is not a way
/// anyone writes a step's command.
const MAX_DEPTH: usize = 8;

/// Every program `line` runs.
pub fn invocations(line: &str) -> Vec<Invocation> {
    let mut found = Vec::new();
    collect(line, 0, &mut found);
    found
}

fn collect(line: &str, depth: usize, found: &mut Vec<Invocation>) {
    if depth > MAX_DEPTH {
        return;
    }
    for segment in segments(line) {
        // Unbalanced quotes: the shell would refuse the line, so it runs nothing.
        let Some(words) = shlex::split(&segment) else {
            continue;
        };
        unwrap(words, depth, found);
    }
}

/// Sees through assignments, wrappers and shell strings to the program that runs.
fn unwrap(mut words: Vec<String>, depth: usize, found: &mut Vec<Invocation>) {
    loop {
        // `NAME=value` before a command sets its environment.
        let assignments = words.iter().take_while(|w| is_assignment(w)).count();
        words.drain(..assignments);
        let Some(first) = words.first() else {
            return;
        };
        // Reserved words that start a compound command run what follows them.
        if matches!(
            first.as_str(),
            "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "!" | "{"
        ) {
            words.remove(0);
            continue;
        }
        let program = basename(first).to_string();
        let args = &words[1..];
        match program.as_str() {
            "sh" | "bash" | "zsh" | "dash" | "ksh" | "ash" | "mksh" => {
                if let Some(script) = shell_string(args) {
                    collect(&script, depth + 1, found);
                    return;
                }
            }
            "eval" => {
                collect(&args.join(" "), depth + 1, found);
                return;
            }
            // `command -v git` looks a program up; it does not run it.
            "command" if args.first().is_some_and(|a| a == "-v" || a == "-V") => {}
            _ => {
                if let Some(rest) = wrapped(&program, args) {
                    words = rest;
                    continue;
                }
            }
        }
        found.push(Invocation {
            program,
            args: args.to_vec(),
        });
        return;
    }
}

/// The command a wrapper runs, with the wrapper's own options left out; `None` when
/// `program` is not a wrapper.
fn wrapped(program: &str, args: &[String]) -> Option<Vec<String>> {
    // Each wrapper: the options that take a value, then how many plain words come before the
    // command (`timeout 30 git push`).
    let (valued, leading): (&[&str], usize) = match program {
        "env" => (
            &["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
            0,
        ),
        "sudo" => (
            &[
                "-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "-R",
            ],
            0,
        ),
        "doas" => (&["-u", "-C"], 0),
        "exec" => (&["-a"], 0),
        "nice" => (&["-n", "--adjustment"], 0),
        "timeout" => (&["-s", "--signal", "-k", "--kill-after"], 1),
        "stdbuf" => (&["-i", "-o", "-e", "--input", "--output", "--error"], 0),
        "ionice" => (&["-c", "-n", "-p", "-P", "-u", "--class", "--classdata"], 0),
        "xargs" => (
            &[
                "-I", "-i", "-n", "-P", "-d", "-L", "-l", "-s", "-E", "-e", "-a",
            ],
            0,
        ),
        "command" | "builtin" | "nohup" | "time" | "setsid" | "chronic" => (&[], 0),
        _ => return None,
    };
    let mut at = 0;
    while let Some(arg) = args.get(at) {
        if arg == "--" {
            at += 1;
            break;
        }
        if program == "env" && is_assignment(arg) {
            at += 1;
            continue;
        }
        if !arg.starts_with('-') || arg == "-" {
            break;
        }
        // `env -S 'git push'` splits its value into the command.
        if program == "env" && (arg == "-S" || arg == "--split-string") {
            let mut rest = args
                .get(at + 1)
                .map_or_else(Vec::new, |s| shlex::split(s).unwrap_or_default());
            rest.extend(args.iter().skip(at + 2).cloned());
            return Some(rest);
        }
        let takes_value = valued.contains(&arg.as_str()) && !arg.contains('=');
        at += if takes_value { 2 } else { 1 };
    }
    Some(args.iter().skip(at + leading).cloned().collect())
}

/// The script of `sh -c SCRIPT`, also when `c` is one of several flags (`bash -lc`).
fn shell_string(args: &[String]) -> Option<String> {
    let mut saw_c = false;
    for arg in args {
        if let Some(flags) = arg.strip_prefix('-').filter(|f| !f.starts_with('-')) {
            saw_c |= flags.contains('c');
            continue;
        }
        if arg.starts_with("--") {
            continue;
        }
        return saw_c.then(|| arg.clone());
    }
    None
}

fn is_assignment(word: &str) -> bool {
    let Some((name, _)) = word.split_once('=') else {
        return false;
    };
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn basename(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

/// The simple commands of a line, quotes intact for `shlex`: cut at operators outside quotes,
/// with each substitution (`$(...)`, `` `...` ``) a segment of its own. A comment (`#` at the
/// start of a word) runs to the end of its line.
fn segments(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = line.chars().collect();
    let mut at = 0;
    let mut word_start = true;
    while at < chars.len() {
        let c = chars[at];
        match c {
            '\\' => {
                current.push(c);
                if let Some(&next) = chars.get(at + 1) {
                    current.push(next);
                    at += 1;
                }
                word_start = false;
            }
            '\'' => {
                let end = chars[at + 1..]
                    .iter()
                    .position(|&q| q == '\'')
                    .map_or(chars.len(), |p| at + 1 + p);
                current.extend(&chars[at..(end + 1).min(chars.len())]);
                at = end;
                word_start = false;
            }
            '"' => {
                // Substitutions run inside double quotes too.
                current.push(c);
                at += 1;
                while at < chars.len() && chars[at] != '"' {
                    if chars[at] == '\\' && at + 1 < chars.len() {
                        current.push(chars[at]);
                        at += 1;
                    } else if let Some((inner, end)) = substitution(&chars, at) {
                        out.extend(segments(&inner));
                        current.push_str("subst");
                        at = end;
                        continue;
                    }
                    current.push(chars[at]);
                    at += 1;
                }
                if at < chars.len() {
                    current.push('"');
                }
                word_start = false;
            }
            '#' if word_start => {
                while at < chars.len() && chars[at] != '\n' {
                    at += 1;
                }
                continue;
            }
            ';' | '&' | '|' | '\n' | '(' | ')' => {
                out.push(std::mem::take(&mut current));
                word_start = true;
            }
            '$' | '`' => match substitution(&chars, at) {
                Some((inner, end)) => {
                    out.extend(segments(&inner));
                    current.push_str("subst");
                    at = end;
                    word_start = false;
                    continue;
                }
                None => {
                    current.push(c);
                    word_start = false;
                }
            },
            c => {
                word_start = c.is_whitespace();
                current.push(c);
            }
        }
        at += 1;
    }
    out.push(current);
    out.retain(|segment| !segment.trim().is_empty());
    out
}

/// The command inside a substitution starting at `at` (`$(` or a backquote) and the index
/// just after it; `None` when none starts there.
fn substitution(chars: &[char], at: usize) -> Option<(String, usize)> {
    match chars.get(at) {
        Some('`') => {
            let end = chars[at + 1..].iter().position(|&c| c == '`')? + at + 1;
            Some((chars[at + 1..end].iter().collect(), end + 1))
        }
        Some('$') if chars.get(at + 1) == Some(&'(') && chars.get(at + 2) != Some(&'(') => {
            let mut depth = 0;
            let mut quote: Option<char> = None;
            for (i, &c) in chars.iter().enumerate().skip(at + 1) {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '\'' | '"') => quote = Some(c),
                    (None, '(') => depth += 1,
                    (None, ')') => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((chars[at + 2..i].iter().collect(), i + 1));
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        _ => None,
    }
}

/// A command a role must not run, as written in `forbidden_commands`: the program, the
/// words that must lead its arguments (subcommands, targets), and the options it must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banned {
    program: String,
    words: Vec<String>,
    options: Vec<String>,
}

impl Banned {
    /// `None` for an entry that names no program (empty, or unbalanced quotes).
    pub fn parse(text: &str) -> Option<Self> {
        let words = shlex::split(text)?;
        let (program, rest) = words.split_first()?;
        let (options, words) = split_options(basename(program), rest);
        Some(Self {
            program: basename(program).to_string(),
            words,
            options: options.into_iter().flat_map(|o| expand(&o)).collect(),
        })
    }

    /// Whether running `invocation` runs this command: the same program, the banned words
    /// leading its own (global options such as `git -C dir` skipped), and every banned option
    /// among its options, in any order (`-rf` is `-r -f`).
    pub fn matches(&self, invocation: &Invocation) -> bool {
        if invocation.program != self.program {
            return false;
        }
        let (options, words) = split_options(&self.program, &invocation.args);
        if !words.starts_with(&self.words) {
            return false;
        }
        let options: Vec<String> = options.iter().flat_map(|o| expand(o)).collect();
        self.options.iter().all(|banned| options.contains(banned))
    }

    /// Whether `line` runs this command anywhere.
    pub fn is_run_by(&self, line: &str) -> bool {
        invocations(line).iter().any(|i| self.matches(i))
    }
}

/// Options that take a value as the next word, before a program's subcommand.
fn valued_options(program: &str) -> &'static [&'static str] {
    match program {
        "git" => &[
            "-C",
            "-c",
            "--git-dir",
            "--work-tree",
            "--namespace",
            "--super-prefix",
            "--config-env",
            "--exec-path",
        ],
        "docker" => &[
            "-H",
            "--host",
            "-c",
            "--context",
            "--config",
            "-l",
            "--log-level",
        ],
        "kubectl" => &[
            "-n",
            "--namespace",
            "--context",
            "--cluster",
            "--kubeconfig",
            "-s",
            "--server",
            "--user",
        ],
        "npm" | "pnpm" | "yarn" => &["--prefix", "-C", "--dir", "--cwd"],
        _ => &[],
    }
}

/// A program's arguments as options (with their values left out) and the other words, in
/// order. `--` ends the options.
fn split_options(program: &str, args: &[String]) -> (Vec<String>, Vec<String>) {
    let valued = valued_options(program);
    let mut options = Vec::new();
    let mut words = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            words.extend(args.by_ref().cloned());
            break;
        }
        if arg.starts_with('-') && arg != "-" {
            if valued.contains(&arg.as_str()) && words.is_empty() {
                args.next();
            }
            options.push(arg.clone());
        } else {
            words.push(arg.clone());
        }
    }
    (options, words)
}

/// `-rf` as `-r`, `-f`; `--force=yes` as `--force`.
fn expand(option: &str) -> Vec<String> {
    if let Some(long) = option.strip_prefix("--") {
        let name = long.split_once('=').map_or(long, |(name, _)| name);
        return vec![format!("--{name}")];
    }
    option.chars().skip(1).map(|c| format!("-{c}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(line: &str, banned: &str) -> bool {
        Banned::parse(banned).unwrap().is_run_by(line)
    }

    #[test]
    fn bans_see_through_how_a_command_is_written() {
        for line in [
            "git push",
            "git push --force origin main",
            "git -C repo push",
            "git -c user.name=x push",
            "/usr/bin/git push",
            "cd repo && git push",
            "make; git push",
            "test -d x || git push",
            "git status | tee log && git push",
            "GIT_TRACE=1 git push",
            "env GIT_TRACE=1 git push",
            "sudo -u deploy git push",
            "nice -n 10 timeout 30 git push",
            "sh -c 'git push'",
            "bash -lc \"cd repo && git push\"",
            "(cd repo; git push)",
            "echo $(git push)",
            "echo \"$(git push)\"",
            "echo `git push`",
            "eval 'git push'",
            "env -S 'git push'",
            "command git push",
            "git status\ngit push",
            "if git push; then echo ok; fi",
            "xargs -n 1 git push < remotes",
        ] {
            assert!(runs(line, "git push"), "{line}");
        }
    }

    #[test]
    fn lookalikes_are_not_banned() {
        for line in [
            "git stash push",
            "git log --grep push",
            "git pushx",
            "gitx push",
            "echo 'git push'",
            "echo \"git push\"",
            "printf 'git push'",
            "git status # then git push",
            "command -v git push",
            "sh -c",
            "git 'push",
        ] {
            assert!(!runs(line, "git push"), "{line}");
        }
    }

    #[test]
    fn banned_options_match_in_any_order_and_grouping() {
        assert!(runs("rm -rf /tmp/x", "rm -rf"));
        assert!(runs("rm -fr /tmp/x", "rm -rf"));
        assert!(runs("rm -r -f /tmp/x", "rm -rf"));
        assert!(!runs("rm -r /tmp/x", "rm -rf"));
        assert!(!runs("rm file", "rm -rf"));
        assert!(runs("git push origin main --force", "git push --force"));
        assert!(runs("git push --force=yes", "git push --force"));
        assert!(!runs("git push --force-with-lease", "git push --force"));
        assert!(runs("rm -rf /", "rm -rf /"));
        assert!(!runs("rm -rf /tmp", "rm -rf /"));
    }

    #[test]
    fn an_entry_without_a_program_bans_nothing() {
        assert!(Banned::parse("").is_none());
        assert!(Banned::parse("'unbalanced").is_none());
    }
}
