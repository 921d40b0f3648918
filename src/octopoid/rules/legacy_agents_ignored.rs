//! `legacy-agents-ignored`: agent entries in `agents.yaml` that Octopoid does not read.

use crate::diagnostic::Diagnostic;
use crate::octopoid::{Findings, Context};

declare_rule! {
    /// ## What it does
    /// In an Octopoid project, reports an `agents:` or `fleet:` block of `agents.yaml` whose
    /// agents Octopoid never loads: once any `agents/<name>/agent.yaml` defines a pool agent,
    /// `agents.yaml` supplies no agents at all; and of an `agents:` mapping and a `fleet:`
    /// list, only the mapping is read.
    ///
    /// ## Why is this bad?
    /// The entries look live — people edit their models, turns and queues — but those agents
    /// do not exist at run time, and an agent that exists only there never runs.
    ///
    /// ## Example
    /// ```yaml
    /// # file: agents.yaml
    /// agents:
    ///   breakdown:
    ///     role: breakdown
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: agents/breakdown/agent.yaml
    /// role: breakdown
    /// ```
    /// ```yaml
    /// # file: agents/implementer/agent.yaml
    /// role: implement
    /// ```
    LEGACY_AGENTS_IGNORED = ("OL506", "legacy-agents-ignored", Warning, "Agent entries in agents.yaml that Octopoid does not read", native);
}

pub fn check(cx: &Context, out: &mut Findings) {
    for block in &cx.agents.legacy {
        let Some(because) = &block.ignored_because else {
            continue;
        };
        if block.entries == 0 {
            continue;
        }
        let count = match block.entries {
            1 => "the agent under".to_string(),
            n => format!("the {n} agents under"),
        };
        let verb = if block.entries == 1 { "is" } else { "are" };
        out.push(
            block.file,
            Diagnostic::new(
                &LEGACY_AGENTS_IGNORED,
                block.key.span.clone(),
                format!("{count} `{}` {verb} ignored: {because}", block.key.value),
            )
            .label("never loaded")
            .help("move each agent to agents/<name>/agent.yaml, or delete these entries"),
        );
    }
}
