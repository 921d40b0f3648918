//! `invalid-name`: a name that cannot become an identifier in generated code.

use crate::model::names::is_valid;
use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::semantic::Kind;

declare_rule! {
    /// ## What it does
    /// Reports a role, queue, agent, flow, chain, step or check name that cannot become an
    /// identifier in every language `octolint gen` writes (Python, TypeScript, Rust); chain
    /// names go into the `dispatch` plan's step ids, which runners use as identifiers too. A name starts with
    /// an ASCII letter and continues with letters and digits, with single `-` or `_` between
    /// them; `self` is reserved because its Rust form `Self` is a keyword.
    ///
    /// ## Why is this bad?
    /// Generated constants are the point of a single source of truth; a name that cannot be
    /// a constant has to be special-cased by hand, which is where mismatches start.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// roles:
    ///   2nd-review: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// roles:
    ///   second-review: {}
    /// ```
    INVALID_NAME = ("OL006", "invalid-name", Error, "A name cannot become an identifier in generated code");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let def = cx.semantic.def;
    let named = |kind: Kind| -> Vec<&crate::model::Spanned<String>> {
        match kind {
            Kind::Role => def.roles.iter().map(|e| &e.name).collect(),
            Kind::Queue => def.queues.iter().map(|e| &e.name).collect(),
            Kind::Agent => def.agents.iter().map(|e| &e.name).collect(),
            Kind::Flow => def.flows.iter().map(|e| &e.name).collect(),
            Kind::Chain => def.chains.iter().map(|e| &e.name).collect(),
            Kind::Step => def.steps.iter().flatten().collect(),
            Kind::Check => def.checks.iter().flatten().collect(),
        }
    };
    for kind in [
        Kind::Queue,
        Kind::Role,
        Kind::Agent,
        Kind::Step,
        Kind::Check,
        Kind::Flow,
        Kind::Chain,
    ] {
        for name in named(kind) {
            if is_valid(name.as_str()) {
                continue;
            }
            let why = if name.value.eq_ignore_ascii_case("self") {
                "`self` becomes the reserved word `Self` in Rust".to_string()
            } else {
                "a name starts with a letter and has only letters, digits and single `-` or `_` between them".to_string()
            };
            out.push(
                Diagnostic::new(
                    &INVALID_NAME,
                    name.span.clone(),
                    format!(
                        "{} name `{}` cannot become an identifier in generated code",
                        kind.noun(),
                        name.value
                    ),
                )
                .label("not a valid name")
                .help(why),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::names::is_valid;

    #[test]
    fn accepts_identifier_like_names_only() {
        for good in ["implement", "requires-intervention", "v2_review", "A"] {
            assert!(is_valid(good), "{good}");
        }
        for bad in [
            "", "2nd", "a b", "a--b", "a-", "_a", "é", "self", "Self", "a.b",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
