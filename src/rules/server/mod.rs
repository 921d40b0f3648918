//! OL7xx: what the real Octopoid server cannot carry out (`crate::semantic::server`).

family! {
    accept_after_claim: ACCEPT_AFTER_CLAIM => semantic,
    submit_not_from_claimed: SUBMIT_NOT_FROM_CLAIMED => semantic,
    reject_not_to_incoming: REJECT_NOT_TO_INCOMING => semantic,
    claim_queue_outside_default_flow: CLAIM_QUEUE_OUTSIDE_DEFAULT_FLOW => semantic,
    conflicting_role_registration: CONFLICTING_ROLE_REGISTRATION => AcrossFiles,
}
