//! `unused-suppression`: an `# octolint: ignore[...]` comment that suppresses nothing.

declare_rule! {
    /// ## What it does
    /// Reports a rule name in an `# octolint: ignore[...]` comment that suppressed no finding,
    /// or that is not a rule name at all (with a did-you-mean).
    ///
    /// ## Why is this bad?
    /// Stale suppressions hide the next real finding on that line and make readers believe
    /// there is a problem where there is none.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   implement: {}  # octolint: ignore[unused-role]
    /// agents:
    ///   implementer: {role: implement}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   implement: {}
    /// agents:
    ///   implementer: {role: implement}
    /// ```
    UNUSED_SUPPRESSION = ("OL901", "unused-suppression", Warning, "A suppression comment suppresses nothing");
}
