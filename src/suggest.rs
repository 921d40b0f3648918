//! Did-you-mean: ranks known names by closeness to a misspelt one.

mod index;

pub use index::Index;

/// Folds case and `-`/`_` so `Orchestrator-Impl` and `orchestrator_impl` compare equal.
pub fn fold(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

use std::cell::Cell;

/// Longest name (in bytes) that did-you-mean suggests or suggests for. Real names are a few
/// dozen characters; an edit distance between two names of 20,000 characters takes seconds
/// and gigabytes.
pub const MAX_LEN: usize = 256;

/// Work units did-you-mean may spend within one `check` (see [`with_budget`]): in
/// [`suggestions`] a candidate looked at costs one and an edit distance ten; in an [`Index`]
/// search each trie node visited costs one. Typical files spend a few thousand;
/// thousands of misspellings among thousands of names would otherwise take minutes.
pub const CHECK_BUDGET: usize = 5_000_000;

thread_local! {
    /// The work left for [`suggestions`] on this thread; `None` outside [`with_budget`].
    static BUDGET: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `f` with at most `units` of did-you-mean work; once spent, [`suggestions`] returns
/// nothing (the findings stay, without a did-you-mean). Deterministic: the same input spends
/// the same budget in the same order.
pub fn with_budget<R>(units: usize, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<usize>);
    impl Drop for Restore {
        fn drop(&mut self) {
            BUDGET.with(|budget| budget.set(self.0));
        }
    }
    let _restore = Restore(BUDGET.with(|budget| budget.replace(Some(units))));
    f()
}

/// Takes `units` from the budget; `false` (and the budget left empty) when there is not
/// enough.
fn spend(units: usize) -> bool {
    BUDGET.with(|budget| match budget.get() {
        None => true,
        Some(left) if left >= units => {
            budget.set(Some(left - units));
            true
        }
        Some(_) => {
            budget.set(Some(0));
            false
        }
    })
}

/// Up to three candidates close to `wrong`, best first.
///
/// A candidate equal after folding ranks first; then by edit distance (at most a third of the
/// longer name, and at least one edit), ties broken by Jaro-Winkler similarity and source order.
/// Candidates whose length differs by more than the allowed distance are skipped without
/// computing a distance, which keeps the search cheap among thousands of names.
pub fn suggestions<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    if wrong.len() > MAX_LEN {
        return Vec::new();
    }
    let folded = fold(wrong);
    let wrong_len = folded.chars().count();
    let mut ranked: Vec<(usize, f64, usize, &str)> = Vec::new();
    for (order, candidate) in candidates.into_iter().enumerate() {
        if !spend(1) {
            return Vec::new();
        }
        if candidate == wrong || candidate.len() > MAX_LEN {
            continue;
        }
        let folded_candidate = fold(candidate);
        let candidate_len = folded_candidate.chars().count();
        let allowed = (wrong_len.max(candidate_len) / 3).max(1);
        if wrong_len.abs_diff(candidate_len) > allowed {
            continue;
        }
        let distance = if folded_candidate == folded {
            0
        } else {
            if !spend(10) {
                return Vec::new();
            }
            strsim::damerau_levenshtein(&folded, &folded_candidate)
        };
        if distance <= allowed {
            let similarity = strsim::jaro_winkler(&folded, &folded_candidate);
            ranked.push((distance, -similarity, order, candidate));
        }
    }
    ranked.sort_by(|a, b| {
        (a.0, a.1, a.2)
            .partial_cmp(&(b.0, b.1, b.2))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    ranked.into_iter().take(3).map(|(.., c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_the_closest_first() {
        let known = ["description", "claims_from"];
        assert_eq!(suggestions("claims_frm", known), ["claims_from"]);
        assert_eq!(
            suggestions("reveiw", ["implement", "review", "preview"]),
            ["review", "preview"]
        );
        assert_eq!(suggestions("Review", ["review"]), ["review"]);
        assert!(suggestions("zzz", ["implement"]).is_empty());
    }

    #[test]
    fn a_spent_budget_stops_suggesting() {
        let known = ["review", "implement"];
        assert_eq!(
            with_budget(100, || suggestions("reveiw", known)),
            ["review"]
        );
        let (first, second) = with_budget(30, || {
            (suggestions("reveiw", known), suggestions("reveiw", known))
        });
        assert_eq!(first, ["review"]);
        assert!(second.is_empty());
        // Outside a budget there is no limit again.
        assert_eq!(suggestions("reveiw", known), ["review"]);
    }
}
