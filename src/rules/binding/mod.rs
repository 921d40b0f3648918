//! OL2xx: names that exist but are bound to the wrong thing — an agent to a role's agent
//! form, a role to a queue it never claims from, a transition to the wrong performer.

family! {
    agent_role_mismatch: AGENT_ROLE_MISMATCH => semantic,
    role_queue_mismatch: ROLE_QUEUE_MISMATCH => semantic,
    performer_mismatch: PERFORMER_MISMATCH => semantic,
}
