//! OL4xx: definitions nothing uses.

family! {
    role_without_agent: ROLE_WITHOUT_AGENT => semantic,
    unused_role: UNUSED_ROLE => semantic,
    unused_queue: UNUSED_QUEUE => semantic,
    unused_agent: UNUSED_AGENT => semantic,
}
