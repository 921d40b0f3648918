//! `yaml-syntax`: the file is not well-formed YAML.

declare_rule! {
    /// ## What it does
    /// Reports YAML that cannot be parsed, at the exact character where parsing failed:
    /// an unclosed bracket or quote, a tab used for indentation, a key where a value belongs,
    /// a NUL character, or invalid UTF-8. Also reports a file beyond octolint's limits, which
    /// keep every run fast and small whatever the input: larger than 16 MiB, nested deeper
    /// than 256 levels, or holding more than 100,000 values (or one per 12 bytes of a larger
    /// file), counting each alias as a copy of what it names, so an alias bomb ("billion
    /// laughs") is refused rather than expanded.
    ///
    /// ## Why is this bad?
    /// Nothing else in the file can be checked until it parses, and the orchestrator will
    /// refuse to load it too. No other finding is reported for a file with a syntax error.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles: {implement: {description: Write the code}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles: {implement: {description: Write the code}}
    /// ```
    YAML_SYNTAX = ("OL001", "yaml-syntax", Error, "The file is not well-formed YAML");
}
