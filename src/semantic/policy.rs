//! Role policy as the rules see it: effective capabilities, tool profiles, known models, who
//! runs which steps, and the defaults that apply when a definition says nothing.

use crate::model::{Capability, Chain, Named, Role, RoleKind, Spanned, Transition, Verdict};

use super::Semantic;

/// Models suggested in completion when `policy.models` is not set.
pub const DEFAULT_MODELS: [&str; 3] = ["haiku", "sonnet", "opus"];
/// Tools that change files, when `policy.write_tools` is not set.
pub const DEFAULT_WRITE_TOOLS: [&str; 4] = ["Write", "Edit", "MultiEdit", "NotebookEdit"];
/// The longest chain before it should be split, when `policy.max_chain_length` is not set.
pub const DEFAULT_MAX_CHAIN_LENGTH: u64 = 7;

/// Where a step is run, and by which role.
pub struct StepRun<'a> {
    /// The `runs` entry naming the step.
    pub step: &'a Spanned<String>,
    /// The reference that makes `role` the runner (a transition's `role`/`agent`, or a chain
    /// step's `role`).
    pub by: &'a Spanned<String>,
    pub role: &'a Named<Role>,
    /// "transition `a -> b` of flow `f`" or "chain `c`".
    pub place: String,
}

impl<'a> Semantic<'a> {
    /// What a role may do: its `capabilities`, else those of its `interface`; `None` when it
    /// declares neither (then nothing is checked).
    pub fn capabilities(role: &Role) -> Option<Vec<Capability>> {
        if let Some(list) = &role.capabilities {
            return Some(list.iter().map(|c| c.value).collect());
        }
        role.interface
            .as_ref()
            .map(|i| i.value.capabilities().to_vec())
    }

    /// The `kind` of the role named `role`, when it is defined and has one.
    pub fn kind_of(&self, role: &str) -> Option<RoleKind> {
        self.roles.get(role)?.value.kind.as_ref().map(|k| k.value)
    }

    /// The role of a chain's last building step (`kind: build`), with the kinds of the roles
    /// of the steps after it: what `unreviewed-build` and `untested-build` look behind.
    pub fn last_build(&self, chain: &'a Chain) -> Option<(&'a Spanned<String>, Vec<RoleKind>)> {
        let steps = chain.steps.as_deref().unwrap_or_default();
        let kind = |step: &crate::model::ChainStep| {
            step.role.as_ref().and_then(|r| self.kind_of(r.as_str()))
        };
        let at = steps
            .iter()
            .rposition(|s| kind(s) == Some(RoleKind::Build))?;
        let after = steps[at + 1..].iter().filter_map(kind).collect();
        Some((steps[at].role.as_ref()?, after))
    }

    /// Whether a role can turn work back (it needs a `rejected` route): a reviewing or
    /// testing role, or one whose `verdicts` include `reject`.
    pub fn rejects(role: &Role) -> bool {
        matches!(
            role.kind.as_ref().map(|k| k.value),
            Some(RoleKind::Review | RoleKind::Test)
        ) || Self::may_return(role, Verdict::Reject)
    }

    /// Whether a role can stop blocked (it needs a `blocked` route): `block` is among its
    /// capabilities, or `blocked` among its `verdicts`.
    pub fn can_block(role: &Role) -> bool {
        Self::capabilities(role).is_some_and(|caps| caps.contains(&Capability::Block))
            || Self::may_return(role, Verdict::Blocked)
    }

    fn may_return(role: &Role, verdict: Verdict) -> bool {
        role.verdicts.iter().flatten().any(|v| v.value == verdict)
    }

    /// The models `policy.models` allows; `None` when it is not set (models are then not
    /// checked, since model names differ between providers and deployments).
    pub fn known_models(&self) -> Option<Vec<&'a str>> {
        let models = self.def.policy.as_ref()?.models.as_ref()?;
        Some(models.iter().map(Spanned::as_str).collect())
    }

    pub fn write_tools(&self) -> Vec<&'a str> {
        match self
            .def
            .policy
            .as_ref()
            .and_then(|p| p.write_tools.as_ref())
        {
            Some(tools) => tools.iter().map(Spanned::as_str).collect(),
            None => DEFAULT_WRITE_TOOLS.to_vec(),
        }
    }

    pub fn max_chain_length(&self) -> u64 {
        self.def
            .policy
            .as_ref()
            .and_then(|p| p.max_chain_length.as_ref())
            .map_or(DEFAULT_MAX_CHAIN_LENGTH, |m| m.value)
    }

    /// Who performs a transition: the naming reference, the agent (if through one) and the
    /// role — its `role`, its `agent`'s role, and the roles of agents deciding its conditions.
    pub fn performers(
        &self,
        t: &'a Transition,
    ) -> Vec<(&'a Spanned<String>, Option<&'a str>, &'a Named<Role>)> {
        let mut found = Vec::new();
        if let Some(role) = &t.role
            && let Some(named) = self.roles.get(role.as_str())
        {
            found.push((role, None, *named));
        }
        for agent in t.performing_agents() {
            if let Some(role) = self.role_of_agent(agent.as_str()) {
                found.push((agent, Some(agent.as_str()), role));
            }
        }
        found
    }

    /// Every step run by a known role: a transition's `runs` (by its `role` or `agent`) and a
    /// chain step's `runs` (by its `role`).
    pub fn step_runs(&self) -> Vec<StepRun<'a>> {
        let mut runs = Vec::new();
        for flow in &self.flows {
            for t in flow.transitions {
                let runner = t
                    .role
                    .as_ref()
                    .and_then(|r| Some((r, *self.roles.get(r.as_str())?)))
                    .or_else(|| {
                        let agent = t.agent.as_ref()?;
                        Some((agent, self.role_of_agent(agent.as_str())?))
                    });
                let Some((by, role)) = runner else {
                    continue;
                };
                for step in t.runs.iter().flatten() {
                    runs.push(StepRun {
                        step,
                        by,
                        role,
                        place: format!(
                            "transition `{} -> {}` of {}",
                            t.from.value,
                            t.to.value,
                            flow.describe()
                        ),
                    });
                }
            }
        }
        for chain in self.def.chains.iter() {
            for step in chain.value.steps.iter().flatten() {
                let Some(by) = &step.role else {
                    continue;
                };
                let Some(role) = self.roles.get(by.as_str()) else {
                    continue;
                };
                for run in step.runs.iter().flatten() {
                    runs.push(StepRun {
                        step: run,
                        by,
                        role,
                        place: format!("chain `{}`", chain.name.value),
                    });
                }
            }
        }
        runs
    }
}
