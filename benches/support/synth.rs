//! Synthetic definitions for benchmarks: deterministic for a size and a seed, shaped like a
//! monorepo's generated definition, with a small share of deliberate errors so the diagnostic
//! paths (did-you-mean above all) run at scale.
//!
//! The file is a list of *teams*. Each team adds 10 queues, 10 roles, 10 agents, a step, a
//! check and one flow of 12 transitions (every tenth flow also has a child flow) that is clean
//! under every rule: each role claims from the queue its transitions leave, every queue is
//! reachable and leads to `done`. Teams are added until the text reaches the requested size,
//! so ~10 MB is about 2,000 teams: 20k roles, 20k agents, 20k queues and 2k flows.
//!
//! With errors on, every fourth team carries one deliberate mistake, cycling through a
//! misspelt role, queue, agent or step reference, an agent bound to the agent form of its
//! role (`…-implementer`), and an unreachable queue. Names share long team prefixes, so a
//! misspelling has thousands of candidates of similar length to rank.
//!
//! Shared by the benches (`#[path = "support/synth.rs"]`) and `examples/synth.rs`.

#![allow(dead_code)]

use std::fmt::Write;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Stop adding teams once the text is at least this many bytes.
    pub bytes: usize,
    pub seed: u64,
    /// Add the deliberate errors (off for `gen`, which refuses a definition with errors).
    pub errors: bool,
}

/// The sizes the benchmarks and `docs/performance.md` use.
pub const TYPICAL: usize = 30 * 1024;
pub const MEDIUM: usize = 1024 * 1024;
pub const LARGE: usize = 10 * 1024 * 1024;

/// Parses `30kb`, `1mb`, `10MB`, `512` (bytes).
pub fn parse_size(text: &str) -> Option<usize> {
    let lower = text.trim().to_ascii_lowercase();
    let (digits, unit) = match lower.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(at) => lower.split_at(at),
        None => (lower.as_str(), ""),
    };
    let number: f64 = digits.parse().ok()?;
    let unit = match unit.trim() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        _ => return None,
    };
    Some((number * unit) as usize)
}

/// A small deterministic generator (SplitMix64): the same seed gives the same file on every
/// platform and Rust version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A plausible one-line description.
    fn sentence(&mut self, subject: &str) -> String {
        let verb = self.pick(&[
            "Handles",
            "Owns",
            "Covers",
            "Tracks",
            "Maintains",
            "Reviews",
            "Prepares",
        ]);
        let object = self.pick(&[
            "changes to",
            "incidents in",
            "releases of",
            "the backlog of",
            "requests for",
            "migrations of",
            "tests for",
        ]);
        let tail = self.pick(&[
            "the public API",
            "internal tooling",
            "customer-facing pages",
            "the data pipeline",
            "mobile clients",
            "batch jobs",
        ]);
        format!("{verb} {object} {subject} ({tail})")
    }
}

const DOMAINS: [&str; 24] = [
    "billing",
    "search",
    "checkout",
    "payments",
    "identity",
    "catalog",
    "shipping",
    "pricing",
    "inventory",
    "reporting",
    "messaging",
    "analytics",
    "onboarding",
    "support",
    "ledger",
    "storage",
    "gateway",
    "scheduler",
    "mobile",
    "frontend",
    "platform",
    "security",
    "ml",
    "docs",
];

/// The team's roles: the verb (role name suffix), the agent noun, and the queue it claims
/// from (`None` for `incoming`).
const ROLES: [(&str, &str, Option<&str>); 10] = [
    ("triage", "triager", None),
    ("plan", "planner", Some("triaged")),
    ("implement", "implementer", Some("planned")),
    ("review", "reviewer", Some("provisional")),
    ("test", "tester", Some("reviewed")),
    ("fix", "fixer", Some("needs-fix")),
    ("secure", "security-reviewer", Some("tested")),
    ("document", "writer", Some("secured")),
    ("deploy", "deployer", Some("documented")),
    ("research", "researcher", Some("triaged")),
];

/// The team's queues (prefixed with the team name); `archived` is terminal.
const QUEUES: [&str; 10] = [
    "triaged",
    "planned",
    "provisional",
    "reviewed",
    "needs-fix",
    "tested",
    "secured",
    "documented",
    "staged",
    "archived",
];

const SHARED_STEPS: [&str; 5] = [
    "push_branch",
    "run_tests",
    "create_pr",
    "merge_pr",
    "rebase_branch",
];
const SHARED_CHECKS: [&str; 2] = ["check_ci", "check_lint"];

/// The deliberate mistakes, one per affected team, in rotation.
#[derive(Debug, Clone, Copy)]
enum Mistake {
    MisspeltRole,
    AgentFormRole,
    MisspeltQueue,
    MisspeltAgent,
    MisspeltStep,
    UnreachableQueue,
}

const MISTAKES: [Mistake; 6] = [
    Mistake::MisspeltRole,
    Mistake::UnreachableQueue,
    Mistake::MisspeltQueue,
    Mistake::AgentFormRole,
    Mistake::MisspeltAgent,
    Mistake::MisspeltStep,
];

/// Swaps two adjacent letters in the last word of a name: `billing-review` → `billing-reveiw`.
fn misspell(name: &str) -> String {
    let start = name.rfind(['-', '_']).map_or(0, |at| at + 1);
    let mut chars: Vec<char> = name.chars().collect();
    let word_len = chars.len() - start;
    if word_len >= 4 {
        let at = start + word_len / 2 - 1;
        chars.swap(at, at + 1);
        if chars[at] == chars[at + 1] {
            chars[at] = 'x';
        }
    } else {
        chars.push('s');
    }
    chars.into_iter().collect()
}

struct Team {
    name: String,
    mistake: Option<Mistake>,
    child_flow: bool,
}

/// Generates a definition of at least `options.bytes` bytes (the top-level sections and at
/// least one team are always written).
pub fn generate(options: Options) -> String {
    let seed = Rng(options.seed ^ 0x6F63_746F_6C69_6E74).next();
    let teams = |count: usize| -> Vec<Team> {
        (0..count)
            .map(|i| {
                let domain = DOMAINS[i % DOMAINS.len()];
                let round = i / DOMAINS.len();
                Team {
                    name: if round == 0 {
                        domain.to_string()
                    } else {
                        format!("{domain}{round}")
                    },
                    mistake: (options.errors && i % 4 == 1)
                        .then(|| MISTAKES[(i / 4) % MISTAKES.len()]),
                    child_flow: i % 10 == 3,
                }
            })
            .collect()
    };
    // A team takes about 5 KB: render a first estimate, size the count from the bytes per
    // team it gave, then add teams one at a time until the text is large enough.
    let mut count = (options.bytes / 5_000).max(1);
    let mut text = render(&teams(count), &mut Rng(seed));
    let per_team = (text.len() / count).max(1);
    count = options.bytes.div_ceil(per_team).max(1);
    loop {
        text = render(&teams(count), &mut Rng(seed));
        if text.len() >= options.bytes {
            break;
        }
        count += 1;
    }
    text
}

fn render(teams: &[Team], rng: &mut Rng) -> String {
    let mut out = String::with_capacity(teams.len() * 5_200 + 1024);
    out.push_str("# Synthetic definition generated for benchmarks (examples/synth.rs).\n");
    out.push_str("version: 1\nscope: monorepo\n");
    out.push_str("orchestrator:\n  cluster: prod\n  machine_id: build-01\n  repo_url: https://example.com/monorepo.git\n");

    out.push_str("\nqueues:\n");
    for team in teams {
        for queue in QUEUES {
            let _ = writeln!(out, "  {}-{queue}:", team.name);
            let description = rng.sentence(&format!("{} work {queue}", team.name));
            let _ = writeln!(out, "    description: {description}");
            if queue == "archived" {
                out.push_str("    terminal: true\n");
            }
        }
        if matches!(team.mistake, Some(Mistake::UnreachableQueue)) {
            let _ = writeln!(
                out,
                "  {}-escalated: {{description: Waiting for a human decision}}",
                team.name
            );
        }
    }

    out.push_str("\nroles:\n");
    for team in teams {
        for (verb, _, claims) in ROLES {
            let _ = writeln!(out, "  {}-{verb}:", team.name);
            let description = rng.sentence(&format!("{} {verb} work", team.name));
            let _ = writeln!(out, "    description: {description}");
            if let Some(queue) = claims {
                let _ = writeln!(out, "    claims_from: {}-{queue}", team.name);
            }
        }
    }

    out.push_str("\nagents:\n");
    for team in teams {
        for (index, (verb, noun, _)) in ROLES.iter().enumerate() {
            let agent = format!("{}-{noun}", team.name);
            let mut role = format!("{}-{verb}", team.name);
            match team.mistake {
                Some(Mistake::MisspeltRole) if index == 3 => role = misspell(&role),
                Some(Mistake::AgentFormRole) if index == 2 => role = agent.clone(),
                _ => {}
            }
            let model = rng.pick(&["sonnet", "opus", "haiku"]);
            let turns = 50 + 10 * rng.below(20);
            if index % 3 == 0 {
                // Some agents are written in flow style, as people do for short entries.
                let _ = writeln!(
                    out,
                    "  {agent}: {{role: {role}, model: {model}, max_turns: {turns}}}"
                );
                continue;
            }
            let _ = writeln!(out, "  {agent}:");
            let _ = writeln!(out, "    role: {role}");
            let description = rng.sentence(&format!("{} as {noun}", team.name));
            let _ = writeln!(out, "    description: {description}");
            let _ = writeln!(out, "    model: {model}");
            let _ = writeln!(out, "    max_turns: {turns}");
            let _ = writeln!(out, "    max_instances: {}", 1 + rng.below(4));
            let _ = writeln!(out, "    interval_seconds: {}", 30 * (1 + rng.below(10)));
            let tools = rng.pick(&[
                "[Read, Edit, Bash]",
                "[Read, Grep]",
                "[Read, Edit, Write, Bash, WebFetch]",
            ]);
            let _ = writeln!(out, "    tools: {tools}");
        }
    }

    out.push_str("\nsteps:\n");
    for step in SHARED_STEPS {
        let _ = writeln!(out, "  - {step}");
    }
    for team in teams {
        let _ = writeln!(out, "  - deploy_{}", team.name);
    }
    out.push_str("\nchecks:\n");
    for check in SHARED_CHECKS {
        let _ = writeln!(out, "  - {check}");
    }
    for team in teams {
        let _ = writeln!(out, "  - smoke_{}", team.name);
    }

    out.push_str("\nflows:\n");
    for team in teams {
        flow(&mut out, team, rng);
    }

    out.push_str("\ngenerate:\n");
    for target in [
        "payloads",
        "python",
        "typescript",
        "rust",
        "octopoid",
        "mermaid",
        "dot",
    ] {
        let _ = writeln!(out, "  {target}:");
    }
    out.push_str("\nlint:\n  rules:\n    unused-agent: warning\n");
    out
}

fn flow(out: &mut String, team: &Team, rng: &mut Rng) {
    let t = team.name.as_str();
    let mistake = team.mistake;
    let q = |name: &str| format!("{t}-{name}");
    let provisional = match mistake {
        Some(Mistake::MisspeltQueue) => misspell(&q("provisional")),
        _ => q("provisional"),
    };
    let gatekeeper = match mistake {
        Some(Mistake::MisspeltAgent) => misspell(&q("reviewer")),
        _ => q("reviewer"),
    };
    let push = match mistake {
        Some(Mistake::MisspeltStep) => misspell("push_branch"),
        _ => "push_branch".to_string(),
    };
    let _ = writeln!(out, "  {t}-delivery:");
    let description = rng.sentence(&format!("{t} delivery"));
    let _ = writeln!(out, "    description: {description}");
    out.push_str("    transitions:\n");
    let lines = [
        format!("incoming -> {}: {{role: {t}-triage}}", q("triaged")),
        format!("{} -> {}: {{role: {t}-plan}}", q("triaged"), q("planned")),
        format!(
            "{} -> {}:\n        role: {t}-research\n        description: Not actionable",
            q("triaged"),
            q("archived")
        ),
        format!("{} -> claimed: {{role: {t}-implement}}", q("planned")),
        format!("claimed -> {provisional}: {{runs: [{push}, run_tests, create_pr]}}"),
        // A rejection goes back to `incoming`, as the server's reject endpoint sends it.
        format!(
            "{} -> {}:\n        role: {t}-review\n        conditions:\n          - name: {t}_gate\n            type: agent\n            agent: {gatekeeper}\n            on_fail: incoming",
            q("provisional"),
            q("reviewed"),
        ),
        format!(
            "{} -> {}:\n        role: {t}-test\n        checks: [check_ci, check_lint]\n        on_checks_fail: {}",
            q("reviewed"),
            q("tested"),
            q("needs-fix")
        ),
        format!(
            "{} -> {}: {{role: {t}-fix, runs: [rebase_branch, push_branch]}}",
            q("needs-fix"),
            q("provisional")
        ),
        format!("{} -> {}: {{role: {t}-secure}}", q("tested"), q("secured")),
        format!(
            "{} -> {}: {{role: {t}-document}}",
            q("secured"),
            q("documented")
        ),
        format!(
            "{} -> {}: {{role: {t}-deploy, runs: [deploy_{t}]}}",
            q("documented"),
            q("staged")
        ),
        format!(
            "{} -> done:\n        checks: [smoke_{t}]\n        on_checks_fail: failed\n        runs: [merge_pr]",
            q("staged")
        ),
    ];
    for line in lines {
        let _ = writeln!(out, "      {line}");
    }
    if matches!(mistake, Some(Mistake::UnreachableQueue)) {
        // Declared and left, but never entered: unreachable from `incoming`.
        let _ = writeln!(out, "      {} -> {}: {{}}", q("escalated"), q("needs-fix"));
    }
    if team.child_flow {
        out.push_str("    child_flow:\n");
        let _ = writeln!(out, "      initial: {}", q("planned"));
        out.push_str("      transitions:\n");
        let _ = writeln!(
            out,
            "        {} -> claimed: {{role: {t}-implement}}",
            q("planned")
        );
        out.push_str("        claimed -> done: {runs: [push_branch]}\n");
    }
}
