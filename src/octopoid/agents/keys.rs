//! The keys Octopoid reads in agent configuration, by file and shape.

/// Keys of `agent.yaml` (and every shape: legacy entries can set them all).
pub(super) const AGENT_KEYS: [&str; 19] = [
    "name",
    "role",
    "type",
    "claim_from",
    "model",
    "max_turns",
    "interval_seconds",
    "max_instances",
    "spawn_mode",
    "lightweight",
    "job_agent",
    "on_demand",
    "pre_check",
    "pre_check_trigger",
    "type_filter",
    "focus",
    "paused",
    "enabled",
    "allowed_tools",
];
/// Keys only legacy `agents.yaml` entries have.
pub(super) const LEGACY_KEYS: [&str; 4] = ["agent_dir", "path", "id", "max_concurrent"];
/// Top-level keys of `agents.yaml` across its versions.
pub(super) const AGENTS_FILE_KEYS: [&str; 11] = [
    "paused",
    "queue_limits",
    "agents",
    "fleet",
    "model",
    "gatekeeper",
    "proposal_limits",
    "voice_weights",
    "database",
    "pre_check",
    "validation",
];
pub(super) const QUEUE_LIMIT_KEYS: [&str; 4] = [
    "max_incoming",
    "max_claimed",
    "max_provisional",
    "max_open_prs",
];
pub(super) const PRE_CHECK_TRIGGERS: [&str; 3] = ["non_empty", "exit_zero", "exit_nonzero"];

/// Agent keys the definition format has no place for.
pub(super) const UNMAPPED_KEYS: [&str; 12] = [
    "spawn_mode",
    "lightweight",
    "pre_check",
    "pre_check_trigger",
    "type_filter",
    "focus",
    "paused",
    "agent_dir",
    "path",
    "max_concurrent",
    "enabled",
    "type",
];
