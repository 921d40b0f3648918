//! `unknown-key`: a key the format does not define.

declare_rule! {
    /// ## What it does
    /// Reports a key that has no meaning where it is written, suggesting the closest known key
    /// (`claims_frm` → `claims_from`). Rule names under `lint.rules` are checked the same way.
    ///
    /// ## Why is this bad?
    /// A misspelt key is silently ignored by loaders, so the setting it was meant to make never
    /// takes effect: a role with `claims_frm: provisional` claims from `incoming`.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}}
    /// roles:
    ///   review: {claims_frm: provisional}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// queues: {provisional: {}}
    /// roles:
    ///   review: {claims_from: provisional}
    /// ```
    UNKNOWN_KEY = ("OL003", "unknown-key", Error, "A key the format does not define");
}
