//! `queue-no-longer-terminal`: a terminal queue of the old version is not terminal any more.

use super::change::Change;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Compares two versions of a definition and reports a queue that was `terminal: true`
    /// and no longer is.
    ///
    /// ## Why is this bad?
    /// Tasks that had finished there become open work again: agents may claim them, and
    /// reports count them as unfinished.
    ///
    /// ## Example
    /// ```yaml
    /// # before
    /// version: 1
    /// queues: {archived: {terminal: true}}
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}, claimed -> archived: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// queues: {archived: {}}
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}, claimed -> archived: {}, archived -> incoming: {}}}}
    /// ```
    ///
    /// ## Use instead
    /// Keep the queue terminal, and send work that must continue to a queue of its own.
    /// ```yaml
    /// # before
    /// version: 1
    /// queues: {archived: {terminal: true}}
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}, claimed -> archived: {}}}}
    /// ```
    /// ```yaml
    /// # after
    /// version: 1
    /// queues: {archived: {terminal: true}}
    /// roles: {implement: {}}
    /// agents: {implementer: {role: implement}}
    /// flows: {default: {transitions: {incoming -> claimed: {role: implement}, claimed -> done: {}, claimed -> archived: {}}}}
    /// ```
    QUEUE_NO_LONGER_TERMINAL = ("OL807", "queue-no-longer-terminal", Error, "A terminal queue of the old version is not terminal any more", breaking);
}

pub fn check(cx: &Change, out: &mut Vec<Diagnostic>) {
    let terminal = |q: &crate::model::Queue| q.terminal.as_ref().is_some_and(|t| t.value);
    for queue in cx.new.queues.iter() {
        let name = queue.name.as_str();
        let Some(old) = cx.old.queues.get(name) else {
            continue;
        };
        if !terminal(&old.value) || terminal(&queue.value) {
            continue;
        }
        let span = queue
            .value
            .terminal
            .as_ref()
            .map_or_else(|| queue.name.span.clone(), |t| t.span.clone());
        out.push(
            Diagnostic::new(
                &QUEUE_NO_LONGER_TERMINAL,
                span,
                format!(
                    "queue `{name}` is no longer terminal: tasks that finished there ({} made it terminal) become open work again",
                    cx.was_at(&old.name.span)
                ),
            )
            .label("was `terminal: true`")
            .help(format!(
                "keep `{name}` terminal, and send work that must continue to a queue of its own"
            )),
        );
    }
}
