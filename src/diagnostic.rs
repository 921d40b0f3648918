//! The one diagnostic type every renderer, the JSON contract and the language server read.

/// Declares a rule's metadata as a `static`, keeping its doc comment as the rule's documentation.
/// A rule marked `native` checks Octopoid's own `.octopoid/` files; its examples are
/// `.octopoid/` files, each block starting with a `# file: <path>` line. A rule marked
/// `breaking` compares two versions of a definition; its examples are a `# before` and an
/// `# after` version.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $ident:ident = ($code:literal, $name:literal, $severity:ident, $summary:literal $(, $kind:ident)?);
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::diagnostic::RuleMeta = $crate::diagnostic::RuleMeta {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            native: declare_rule!(@native $($kind)?),
            breaking: declare_rule!(@breaking $($kind)?),
        };
    };
    (@native native) => { true };
    (@native $other:ident) => { false };
    (@native) => { false };
    (@breaking breaking) => { true };
    (@breaking $other:ident) => { false };
    (@breaking) => { false };
}

/// The rules reported while a file is read and decoded (`yaml-syntax`, `duplicate-key`,
/// `unknown-key`, `invalid-value`, `missing-field`): below the model that reports them.
pub mod structural;

use crate::source::Span;

/// Puts findings in report order — by position, then rule code, then message — without
/// repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.rule.code,
            &b.message,
        ))
    });
    diagnostics.dedup();
}

/// How serious a finding is. Ordered so that `Error` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, e.g. `OL101`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `unknown-role`; used in suppressions, settings and output.
    pub name: &'static str,
    pub severity: Severity,
    /// One line saying what the rule finds.
    pub summary: &'static str,
    /// The rule's documentation (Markdown): what it does, why, an example and the fix.
    pub doc: &'static str,
    /// Whether the rule checks Octopoid's native `.octopoid/` files rather than a definition.
    pub native: bool,
    /// Whether the rule compares two versions of a definition (`octolint breaking`) rather
    /// than checking one.
    pub breaking: bool,
}

impl RuleMeta {
    /// Whether `written` names this rule: its name, or its code in any case.
    pub fn is(&self, written: &str) -> bool {
        self.name == written || self.code.eq_ignore_ascii_case(written)
    }

    /// The documentation with the one-space indent of doc comments removed.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The findings for one file.
#[derive(Debug)]
pub struct Report {
    pub file: crate::source::SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A secondary location that explains the finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// One finding: which rule, how serious, where, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// A short note under the primary span in source snippets.
    pub label: Option<String>,
    pub related: Vec<Related>,
    pub help: Option<String>,
    /// Text that replaces `span` to fix the finding: the best candidate, for people to judge.
    pub suggestion: Option<String>,
    /// A fix safe to apply without review (`check --fix`): only when exactly one fix is right.
    pub fix: Option<Fix>,
}

/// One replacement of a span of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// Edits that together fix one finding; applied all or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        }
    }
}

impl Diagnostic {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
            suggestion: None,
            fix: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn suggestion(mut self, replacement: impl Into<String>) -> Self {
        self.suggestion = Some(replacement.into());
        self
    }

    /// Marks `replacement` of the finding's span as a safe fix (and as the suggestion).
    pub fn safe_fix(mut self, replacement: impl Into<String>) -> Self {
        let replacement = replacement.into();
        self.fix = Some(Fix::replace(self.span.clone(), replacement.clone()));
        self.suggestion = Some(replacement);
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Sets the did-you-mean suggestion and help from ranked candidates (best first); with a
    /// single candidate the suggestion is also a safe fix.
    pub fn did_you_mean(mut self, candidates: &[&str]) -> Self {
        if let Some((best, others)) = candidates.split_first() {
            let mut help = format!("did you mean `{best}`?");
            if !others.is_empty() {
                let others: Vec<String> = others.iter().map(|c| format!("`{c}`")).collect();
                help.push_str(&format!(" (other close names: {})", others.join(", ")));
            }
            self.help = Some(help);
            self.suggestion = Some((*best).to_string());
            if others.is_empty() {
                self.fix = Some(Fix::replace(self.span.clone(), *best));
            }
        }
        self
    }
}
