//! `unknown-model`: a model that is not in the known list.

use crate::rules::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Spanned;
use crate::suggest::suggestions;

declare_rule! {
    /// ## What it does
    /// When `policy.models` lists the models in use, reports a `model` on an agent, a role or
    /// `policy.defaults` that is not one of them, with the closest known model. Without
    /// `policy.models`, models are not checked (names differ between providers).
    ///
    /// ## Why is this bad?
    /// The runner asks for a model that does not exist (or is not approved): the agent fails
    /// to start, or silently falls back to another model and budget.
    ///
    /// ## Example
    /// ```yaml
    /// version: 1
    /// policy: {models: [haiku, sonnet, opus]}
    /// roles: {implement: {model: sonet}}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// version: 1
    /// policy: {models: [haiku, sonnet, opus]}
    /// roles: {implement: {model: sonnet}}
    /// ```
    UNKNOWN_MODEL = ("OL611", "unknown-model", Error, "A model that is not in the known list");
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let semantic = cx.semantic;
    let Some(known) = semantic.known_models() else {
        return;
    };
    let def = semantic.def;
    let mut models: Vec<(&Spanned<String>, String)> = Vec::new();
    for agent in def.agents.iter() {
        if let Some(model) = &agent.value.model {
            models.push((model, format!("agent `{}`", agent.name.value)));
        }
    }
    for role in def.roles.iter() {
        if let Some(model) = &role.value.model {
            models.push((model, format!("role `{}`", role.name.value)));
        }
    }
    if let Some(model) = def
        .policy
        .as_ref()
        .and_then(|p| p.defaults.as_ref())
        .and_then(|d| d.model.as_ref())
    {
        models.push((model, "the default budget".to_string()));
    }
    for (model, owner) in models {
        if known.contains(&model.as_str()) {
            continue;
        }
        let candidates = suggestions(model.as_str(), known.iter().copied());
        let mut diagnostic = Diagnostic::new(
            &UNKNOWN_MODEL,
            model.span.clone(),
            format!("unknown model `{}` for {owner}", model.value),
        )
        .label("not a known model")
        .did_you_mean(&candidates);
        if candidates.is_empty() {
            diagnostic = diagnostic.help(format!(
                "use one of {}, or add it to `policy.models`",
                known.join(", ")
            ));
        }
        out.push(diagnostic);
    }
}
