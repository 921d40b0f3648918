//! OL3xx: the shape of each flow's graph — queues a task cannot reach, leave or finish from.

family! {
    unreachable_queue: UNREACHABLE_QUEUE => semantic,
    dead_end_queue: DEAD_END_QUEUE => semantic,
    no_path_to_terminal: NO_PATH_TO_TERMINAL => semantic,
    unclaimed_queue: UNCLAIMED_QUEUE => semantic,
    terminal_has_exit: TERMINAL_HAS_EXIT => semantic,
    claims_from_terminal: CLAIMS_FROM_TERMINAL => semantic,
}
