//! `missing-field`: a required field is absent.

declare_rule! {
    /// ## What it does
    /// Reports a required field that is absent: `version` at the top, `role` on an agent,
    /// `transitions` on a flow, `name` and `type` on a condition, `agent` on a `type: agent`
    /// condition and `script` on a `type: script` condition.
    ///
    /// ## Why is this bad?
    /// Without these the definition is ambiguous: an agent without a role claims nothing, and
    /// a file without a version cannot be read safely by a later octolint.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents:
    ///   implementer: {model: sonnet}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents:
    ///   implementer: {role: implement, model: sonnet}
    /// ```
    MISSING_FIELD = ("OL005", "missing-field", Error, "A required field is absent");
}
