//! OL8xx: changes between two versions of a definition that break work already on a server
//! (`octolint breaking`). Each check reads a [`change::Change`].

pub mod change;

family! {
    role_removed: ROLE_REMOVED => breaking,
    role_renamed: ROLE_RENAMED => breaking,
    queue_removed: QUEUE_REMOVED => breaking,
    claims_from_changed: CLAIMS_FROM_CHANGED => breaking,
    transition_removed: TRANSITION_REMOVED => breaking,
    flow_removed: FLOW_REMOVED => breaking,
    queue_no_longer_terminal: QUEUE_NO_LONGER_TERMINAL => breaking,
    agent_role_changed: AGENT_ROLE_CHANGED => breaking,
}
