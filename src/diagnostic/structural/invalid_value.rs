//! `invalid-value`: a value of the wrong type or outside its allowed set.

declare_rule! {
    /// ## What it does
    /// Reports a value of the wrong type (a list where a name belongs, text where a number
    /// belongs), a value outside its allowed set (`type: robot` for a condition), a zero or
    /// negative count, an unsupported `version`, a transition key that is not `<from> -> <to>`,
    /// and extra YAML documents in the file.
    ///
    /// ## Why is this bad?
    /// The orchestrator either rejects such a file or, worse, coerces the value into something
    /// that was not meant.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents:
    ///   implementer: {role: implement, max_turns: lots}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {}}
    /// agents:
    ///   implementer: {role: implement, max_turns: 200}
    /// ```
    INVALID_VALUE = ("OL004", "invalid-value", Error, "A value has the wrong type or is not allowed");
}
