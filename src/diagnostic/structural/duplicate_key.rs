//! `duplicate-key`: a key written twice in one mapping.

declare_rule! {
    /// ## What it does
    /// Reports a key that appears twice in the same mapping, pointing at both occurrences.
    /// Two transition keys that name the same pair of queues (`a -> b` and `a->b`) count as
    /// the same key.
    ///
    /// ## Why is this bad?
    /// Most YAML loaders silently keep the last value, so one of the two definitions is lost
    /// without a trace. octolint keeps the first and reports the second.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review: {claims_from: provisional}
    ///   review: {claims_from: incoming}
    /// queues: {provisional: {}}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   review: {claims_from: provisional}
    /// queues: {provisional: {}}
    /// ```
    DUPLICATE_KEY = ("OL002", "duplicate-key", Error, "A key is written twice in one mapping");
}
