//! octolint's own rules, one file each, in families by code: `structure` (OL0xx),
//! `references` (OL1xx), `binding` (OL2xx), `flow` (OL3xx), `unused` (OL4xx), `policy`
//! (OL6xx), `server` (OL7xx), `breaking` (OL8xx) and `meta` (OL9xx). Octopoid's own rules
//! (OL5xx) belong to the Octopoid provider, a layer above these; the registry
//! puts both together.
//!
//! Each rule file declares its metadata and documentation with `declare_rule!` (in
//! [`crate::diagnostic`]; the doc comment is what `octolint rule NAME` prints) and, when it has
//! one, its check. Each family's `mod.rs` registers its rules with [`family!`], one line per
//! rule, which declares the module and adds the rule to the family's `RULES`.

use crate::diagnostic::{Diagnostic, RuleMeta};
use crate::semantic::Semantic;
use crate::source::SourceFile;

/// Declares a family's rules, one line per rule in code order:
/// `module: STATIC => how it runs`, where "how" is `semantic` or `breaking` (the module's
/// `check` function) or a [`Run`] variant that needs none. Rules that live below the model
/// (the structural ones) are listed in a leading `@outer path { ... }` block and re-exported.
macro_rules! family {
    (
        $(@outer $($seg:ident)::+ { $($outer:ident: $outer_meta:ident => $outer_run:ident),* $(,)? })?
        $($module:ident: $meta:ident => $run:ident),* $(,)?
    ) => {
        $(pub use $($seg)::+::{$($outer),*};)?
        $(pub mod $module;)*

        /// This family's rules, in code order.
        pub static RULES: &[$crate::rules::Rule] = &[
            $($($crate::rules::Rule {
                meta: &$outer::$outer_meta,
                run: family!(@run $outer $outer_run),
            },)*)?
            $($crate::rules::Rule {
                meta: &$module::$meta,
                run: family!(@run $module $run),
            },)*
        ];
    };
    (@run $module:ident semantic) => { $crate::rules::Run::Semantic($module::check) };
    (@run $module:ident breaking) => { $crate::rules::Run::Breaking($module::check) };
    (@run $module:ident $variant:ident) => { $crate::rules::Run::$variant };
}

pub mod binding;
pub mod breaking;
pub mod flow;
pub mod meta;
pub mod policy;
pub mod references;
pub mod server;
pub mod structure;
pub mod unused;

/// What a semantic rule reads.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    pub semantic: &'a Semantic<'a>,
}

/// A semantic rule's check.
pub type Check = fn(&Context, &mut Vec<Diagnostic>);

/// When and on what a rule runs.
#[derive(Clone, Copy)]
pub enum Run {
    /// Reported while a file is read and decoded (the structural rules).
    Reading,
    /// Reads the semantic model of one definition.
    Semantic(Check),
    /// Compares the definitions checked in one run (`conflicting-role-registration`).
    AcrossFiles,
    /// Compares two versions of a definition (`octolint breaking`).
    Breaking(breaking::change::BreakingCheck),
    /// Reported when suppressions are applied (`unused-suppression`).
    Suppressions,
}

/// A registered rule: its metadata and how it runs.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub run: Run,
}

/// Every family, in code order.
pub static FAMILIES: &[&[Rule]] = &[
    structure::RULES,
    references::RULES,
    binding::RULES,
    flow::RULES,
    unused::RULES,
    policy::RULES,
    server::RULES,
    breaking::RULES,
    meta::RULES,
];

/// Every rule of this crate's families, in code order.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter())
}

/// Runs every semantic rule.
pub fn run(cx: &Context, out: &mut Vec<Diagnostic>) {
    for rule in rules() {
        if let Run::Semantic(check) = rule.run {
            check(cx, out);
        }
    }
}

/// Every breaking-change check, in code order.
pub fn breaking_checks() -> impl Iterator<Item = breaking::change::BreakingCheck> {
    rules().filter_map(|rule| match rule.run {
        Run::Breaking(check) => Some(check),
        _ => None,
    })
}
