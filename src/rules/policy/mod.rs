//! OL6xx: the project's policy — tools, commands, interfaces, chains, escalation, models and
//! budgets.

family! {
    agent_tool_not_allowed: AGENT_TOOL_NOT_ALLOWED => semantic,
    step_tool_not_allowed: STEP_TOOL_NOT_ALLOWED => semantic,
    reviewer_write_tools: REVIEWER_WRITE_TOOLS => semantic,
    interface_violation: INTERFACE_VIOLATION => semantic,
    forbidden_command: FORBIDDEN_COMMAND => semantic,
    chain_too_long: CHAIN_TOO_LONG => semantic,
    chain_order: CHAIN_ORDER => semantic,
    unreviewed_build: UNREVIEWED_BUILD => semantic,
    repeated_role: REPEATED_ROLE => semantic,
    missing_escalation: MISSING_ESCALATION => semantic,
    unknown_model: UNKNOWN_MODEL => semantic,
    budget_conflict: BUDGET_CONFLICT => semantic,
    unmet_need: UNMET_NEED => semantic,
    chain_without_builder: CHAIN_WITHOUT_BUILDER => semantic,
    untested_build: UNTESTED_BUILD => semantic,
    redundant_roles: REDUNDANT_ROLES => semantic,
    unorchestrated_chain: UNORCHESTRATED_CHAIN => semantic,
    route_without_artifact: ROUTE_WITHOUT_ARTIFACT => semantic,
    no_producer: NO_PRODUCER => semantic,
    write_outside_scope: WRITE_OUTSIDE_SCOPE => semantic,
    missing_prompt_file: MISSING_PROMPT_FILE => semantic,
}
