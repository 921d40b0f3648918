//! Did-you-mean: ranks known names by closeness to a misspelt one.

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

/// Up to three candidates close to `wrong`, best first.
///
/// A candidate equal after folding ranks first; then by edit distance (at most a third of the
/// longer name, and at least one edit), ties broken by Jaro-Winkler similarity and source order.
/// Candidates whose length differs by more than the allowed distance are skipped without
/// computing a distance, which keeps the search cheap among thousands of names.
pub fn suggestions<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let folded = fold(wrong);
    let wrong_len = folded.chars().count();
    let mut ranked: Vec<(usize, f64, usize, &str)> = Vec::new();
    for (order, candidate) in candidates.into_iter().enumerate() {
        if candidate == wrong {
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
}
