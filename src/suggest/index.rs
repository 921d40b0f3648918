//! Did-you-mean among thousands of names without comparing against each of them.
//!
//! [`Index`] gives exactly what [`super::suggestions`] gives for the same names in the same
//! order (the tests compare the two on random input), but instead of an edit distance per
//! name it walks a trie of the folded names once, computing the Damerau-Levenshtein matrix one
//! row per trie node. A prefix shared by many names is computed once, and a subtree is left as
//! soon as every cell of its row exceeds the radius searched (row minima never decrease, so
//! nothing below can come closer). The radius starts at the widest the length rule allows and
//! shrinks to the third-best distance found so far (a name farther than that cannot make the
//! top three; the best alone, for [`Index::best`]); the walk follows the query's own spelling
//! first, so close names are found early, and each row is computed only within the radius of
//! its diagonal. A typo among 20,000 similar names visits a few thousand nodes instead of
//! computing 20,000 distances.

use std::cmp::Ordering;

use super::{MAX_LEN, fold, spend};

const NONE: u32 = u32::MAX;
/// Larger than any distance, small enough that adding a few edits cannot overflow.
const FAR: usize = usize::MAX / 4;

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The folded character leading to this node (unused for the root).
    ch: char,
    first_child: u32,
    next_sibling: u32,
    /// The first name (in source order) whose folded spelling ends here.
    first_name: u32,
}

/// Candidate names indexed for [`Index::suggestions`].
#[derive(Debug, Clone)]
pub struct Index<'a> {
    /// The names in the order given: a name's position is its rank among equals.
    names: Vec<&'a str>,
    /// For each name, the next one with the same folded spelling (`NONE` ends the chain).
    same_spelling: Vec<u32>,
    /// The trie of folded spellings; `nodes[0]` is the root.
    nodes: Vec<Node>,
}

impl<'a> Index<'a> {
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = Self {
            names: Vec::new(),
            same_spelling: Vec::new(),
            nodes: vec![Node {
                ch: '\0',
                first_child: NONE,
                next_sibling: NONE,
                first_name: NONE,
            }],
        };
        for name in names {
            let id = index.names.len() as u32;
            index.names.push(name);
            index.same_spelling.push(NONE);
            if name.len() > MAX_LEN {
                // Never suggested (see `MAX_LEN`), so kept out of the trie.
                continue;
            }
            let mut node = 0;
            for c in fold(name).chars() {
                node = index.child(node, c);
            }
            match index.nodes[node].first_name {
                NONE => index.nodes[node].first_name = id,
                mut last => {
                    while index.same_spelling[last as usize] != NONE {
                        last = index.same_spelling[last as usize];
                    }
                    index.same_spelling[last as usize] = id;
                }
            }
        }
        index
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The child of `node` for `c`, added when missing.
    fn child(&mut self, node: usize, c: char) -> usize {
        let mut at = self.nodes[node].first_child;
        while at != NONE {
            if self.nodes[at as usize].ch == c {
                return at as usize;
            }
            at = self.nodes[at as usize].next_sibling;
        }
        let id = self.nodes.len();
        self.nodes.push(Node {
            ch: c,
            first_child: NONE,
            next_sibling: self.nodes[node].first_child,
            first_name: NONE,
        });
        self.nodes[node].first_child = id as u32;
        id
    }

    /// Up to three names close to `wrong`, best first: the same answer, ranking and rules as
    /// [`super::suggestions`] over the indexed names.
    pub fn suggestions(&self, wrong: &str) -> Vec<&'a str> {
        self.ranked(wrong, 3)
    }

    /// The first of [`Self::suggestions`], found with a narrower search.
    pub fn best(&self, wrong: &str) -> Option<&'a str> {
        self.ranked(wrong, 1).first().copied()
    }

    /// The `limit` best names for `wrong`, best first.
    fn ranked(&self, wrong: &str, limit: usize) -> Vec<&'a str> {
        if wrong.len() > MAX_LEN {
            return Vec::new();
        }
        let folded = fold(wrong);
        let query: Vec<char> = folded.chars().collect();
        // A name qualifies at distance d when d <= max(|wrong|, |name|) / 3 (at least 1), and
        // d >= the difference in length; so no name qualifies beyond |wrong| / 2 edits.
        let widest = (query.len() / 2).max(1);
        let mut found = Vec::new();
        if !self.collect(&mut Search::new(&query), widest, limit, wrong, &mut found) {
            return Vec::new();
        }
        let mut ranked: Vec<(usize, f64, usize, &str)> = found
            .into_iter()
            .map(|(distance, id)| {
                let name = self.names[id];
                let similarity = strsim::jaro_winkler(&folded, &fold(name));
                (distance, -similarity, id, name)
            })
            .collect();
        ranked.sort_by(|a, b| {
            (a.0, a.1, a.2)
                .partial_cmp(&(b.0, b.1, b.2))
                .unwrap_or(Ordering::Equal)
        });
        ranked
            .into_iter()
            .take(limit)
            .map(|(.., name)| name)
            .collect()
    }

    /// Every name that passes the length rule and is within `radius` edits of the query, or
    /// within the `limit`-th best distance once that many are found, as (distance, name id).
    /// Names farther than the final `limit`-th best may be included too; they rank after it.
    /// `false` when the did-you-mean budget ran out.
    fn collect(
        &self,
        search: &mut Search,
        radius: usize,
        limit: usize,
        wrong: &str,
        found: &mut Vec<(usize, usize)>,
    ) -> bool {
        let width = search.query.len();
        let mut radius = radius;
        // The `limit` smallest distances found so far.
        let mut best = vec![usize::MAX; limit.max(1)];
        let mut note = |found: &mut Vec<(usize, usize)>, from: usize, radius: &mut usize| {
            for &(distance, _) in &found[from..] {
                let last = best.len() - 1;
                if distance < best[last] {
                    best[last] = distance;
                    best.sort_unstable();
                }
            }
            *radius = (*radius).min(best[best.len() - 1]);
        };
        // Names that fold to nothing end at the root: they are as far as the query is long.
        self.found_at(
            self.nodes[0].first_name,
            width,
            0,
            width,
            radius,
            wrong,
            found,
        );
        note(found, 0, &mut radius);
        // Depth-first over the trie with an explicit stack (names may be long: recursion could
        // exhaust the stack).
        let mut stack: Vec<(u32, usize)> = Vec::new();
        self.push_children(&mut stack, 0, 0, search.query);
        while let Some((id, depth)) = stack.pop() {
            if !spend(1) {
                return false;
            }
            let node = self.nodes[id as usize];
            let (row_min, distance) = search.row(depth, node.ch, radius);
            if row_min > radius {
                continue;
            }
            let before = found.len();
            self.found_at(
                node.first_name,
                distance,
                depth,
                width,
                radius,
                wrong,
                found,
            );
            note(found, before, &mut radius);
            self.push_children(&mut stack, id, depth, search.query);
        }
        true
    }

    /// Pushes the children of `node` (at `depth`) for the walk, the one that continues the
    /// query's spelling last, so that it is walked first.
    fn push_children(
        &self,
        stack: &mut Vec<(u32, usize)>,
        node: u32,
        depth: usize,
        query: &[char],
    ) {
        let next = query.get(depth).copied();
        let mut on_query = None;
        let mut child = self.nodes[node as usize].first_child;
        while child != NONE {
            if Some(self.nodes[child as usize].ch) == next {
                on_query = Some(child);
            } else {
                stack.push((child, depth + 1));
            }
            child = self.nodes[child as usize].next_sibling;
        }
        if let Some(child) = on_query {
            stack.push((child, depth + 1));
        }
    }
}

impl Index<'_> {
    /// Records the names ending at a trie node (`first` and those spelt the same as it), at
    /// `distance` from a query `width` characters long, when they are within the radius and the
    /// length rule: at most a third of the longer of the two, and at least one edit.
    #[allow(clippy::too_many_arguments)]
    fn found_at(
        &self,
        first: u32,
        distance: usize,
        length: usize,
        width: usize,
        radius: usize,
        wrong: &str,
        found: &mut Vec<(usize, usize)>,
    ) {
        let allowed = (width.max(length) / 3).max(1);
        if distance > radius || distance > allowed {
            return;
        }
        let mut name = first;
        while name != NONE {
            if self.names[name as usize] != wrong {
                found.push((distance, name as usize));
            }
            name = self.same_spelling[name as usize];
        }
    }
}

/// The Damerau-Levenshtein matrix (Lowrance-Wagner, unrestricted transpositions: the distance
/// `strsim::damerau_levenshtein` computes) between the query and the trie path being walked,
/// one row per character of the path.
struct Search<'q> {
    query: &'q [char],
    /// `rows[0]` is the border, `rows[1]` the empty path, `rows[d + 1]` the path of depth `d`.
    rows: Vec<Vec<usize>>,
    /// `last_row[d][c]`: the last row (1-based, 0 for none) in the path of depth `d` whose
    /// character is the query's `c`-th distinct character.
    last_row: Vec<Vec<usize>>,
    /// The distinct characters of the query, and each query position's index among them.
    distinct: Vec<char>,
    class: Vec<usize>,
}

impl<'q> Search<'q> {
    fn new(query: &'q [char]) -> Self {
        let width = query.len();
        let mut distinct: Vec<char> = Vec::new();
        let class = query
            .iter()
            .map(|c| match distinct.iter().position(|d| d == c) {
                Some(at) => at,
                None => {
                    distinct.push(*c);
                    distinct.len() - 1
                }
            })
            .collect();
        let mut empty = vec![FAR; width + 2];
        for (j, cell) in empty.iter_mut().enumerate().skip(1) {
            *cell = j - 1;
        }
        Self {
            query,
            rows: vec![vec![FAR; width + 2], empty],
            last_row: vec![vec![0; distinct.len()]],
            distinct,
            class,
        }
    }

    /// Computes the row of the path of depth `depth` ending in `ch` (its parent's row must be
    /// current) and returns the row's minimum and the distance of the whole path to the query.
    ///
    /// Only the cells within `radius` of the diagonal are computed: a cell is at least the
    /// difference in length of the two prefixes it compares, so the others exceed the radius,
    /// and the radius never grows during a walk. Either value is only exact when it is within
    /// `radius`; otherwise it is merely larger than `radius`, which is all the walk needs.
    fn row(&mut self, depth: usize, ch: char, radius: usize) -> (usize, usize) {
        let width = self.query.len();
        if self.rows.len() < depth + 2 {
            self.rows.push(vec![FAR; width + 2]);
            self.last_row.push(vec![0; self.distinct.len()]);
        }
        let (done, rest) = self.rows.split_at_mut(depth + 1);
        let previous = &done[depth];
        let current = &mut rest[0];
        let seen = &self.last_row[depth - 1];
        current[0] = FAR;
        current[1] = depth;
        let mut row_min = depth;
        let low = depth.saturating_sub(radius).max(1);
        let high = depth.saturating_add(radius).min(width);
        // The cells beside the band are read by this row and the next: mark them out of reach
        // (they may hold values of another path).
        if low >= 2 {
            current[low] = FAR;
        }
        if high + 2 <= width + 1 {
            current[high + 2] = FAR;
        }
        // The last column of this row where the query matched `ch`. A match left of the band
        // only leads to transpositions beyond the radius, so it is not looked for.
        let mut matched_column = 0;
        for j in low..=high {
            let last_row = seen[self.class[j - 1]];
            let last_column = matched_column;
            let cost = if self.query[j - 1] == ch {
                matched_column = j;
                0
            } else {
                1
            };
            // A transposition from a cell off the band (or from the border) is beyond reach.
            let transposition = if last_row.abs_diff(last_column) > radius {
                FAR
            } else {
                done[last_row][last_column]
                    .saturating_add(depth - last_row - 1)
                    .saturating_add(1)
                    .saturating_add(j - last_column - 1)
            };
            let cell = (previous[j] + cost)
                .min(current[j] + 1)
                .min(previous[j + 1] + 1)
                .min(transposition);
            current[j + 1] = cell;
            row_min = row_min.min(cell);
        }
        let (before, after) = self.last_row.split_at_mut(depth);
        after[0].copy_from_slice(&before[depth - 1]);
        if let Some(at) = self.distinct.iter().position(|&d| d == ch) {
            after[0][at] = depth;
        }
        let distance = if width == 0 {
            depth
        } else if (low..=high).contains(&width) {
            current[width + 1]
        } else {
            FAR
        };
        (row_min, distance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny deterministic generator, so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn word(&mut self, alphabet: &[char], max: usize) -> String {
            let len = self.below(max + 1);
            (0..len)
                .map(|_| alphabet[self.below(alphabet.len())])
                .collect()
        }
    }

    #[test]
    fn matches_the_linear_search_on_random_names() {
        let alphabet: Vec<char> = "abcAB-_é".chars().collect();
        let mut rng = Rng(0x5EED);
        for round in 0..400 {
            let count = rng.below(40);
            let names: Vec<String> = (0..count).map(|_| rng.word(&alphabet, 9)).collect();
            let index = Index::new(names.iter().map(String::as_str));
            for _ in 0..20 {
                let wrong = if round % 3 == 0 && !names.is_empty() {
                    // A near miss of a real name.
                    let mut w = names[rng.below(names.len())].clone();
                    w.push(alphabet[rng.below(alphabet.len())]);
                    w
                } else {
                    rng.word(&alphabet, 10)
                };
                let expected = super::super::suggestions(&wrong, names.iter().map(String::as_str));
                assert_eq!(
                    index.suggestions(&wrong),
                    expected,
                    "{wrong:?} among {names:?}"
                );
                assert_eq!(index.best(&wrong), expected.first().copied(), "{wrong:?}");
            }
        }
    }

    #[test]
    fn matches_the_linear_search_on_long_similar_names() {
        let roles = ["review", "implement", "deploy", "security-review", "fix"];
        let names: Vec<String> = (0..600)
            .map(|i| format!("team{}-{}", i / 5, roles[i % 5]))
            .collect();
        let index = Index::new(names.iter().map(String::as_str));
        let mut rng = Rng(7);
        let alphabet: Vec<char> = "aeiortx-_019".chars().collect();
        for _ in 0..150 {
            // A real name with one to four random edits.
            let mut wrong: Vec<char> = names[rng.below(names.len())].chars().collect();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(wrong.len());
                match rng.below(4) {
                    0 => wrong[at] = alphabet[rng.below(alphabet.len())],
                    1 => wrong.insert(at, alphabet[rng.below(alphabet.len())]),
                    2 if wrong.len() > 1 => {
                        wrong.remove(at);
                    }
                    _ if at + 1 < wrong.len() => wrong.swap(at, at + 1),
                    _ => {}
                }
            }
            let wrong: String = wrong.into_iter().collect();
            let expected = super::super::suggestions(&wrong, names.iter().map(String::as_str));
            assert_eq!(index.suggestions(&wrong), expected, "{wrong:?}");
            assert_eq!(index.best(&wrong), expected.first().copied(), "{wrong:?}");
        }
    }

    #[test]
    fn distances_match_strsim() {
        let alphabet: Vec<char> = "abcdé".chars().collect();
        let mut rng = Rng(42);
        for _ in 0..2000 {
            let a = rng.word(&alphabet, 8);
            let b = rng.word(&alphabet, 8);
            let index = Index::new([a.as_str()]);
            let query: Vec<char> = fold(&b).chars().collect();
            let mut search = Search::new(&query);
            let mut found = Vec::new();
            assert!(index.collect(&mut search, usize::MAX / 8, 3, "\u{0}", &mut found));
            let expected = strsim::damerau_levenshtein(&fold(&a), &fold(&b));
            let allowed = (query.len().max(fold(&a).chars().count()) / 3).max(1);
            let got = found.first().map(|&(d, _)| d);
            assert_eq!(
                got,
                (expected <= allowed).then_some(expected),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn finds_typos_among_many_similar_names() {
        let names: Vec<String> = (0..5000)
            .map(|i| format!("team{i}-{}", ["review", "implement", "deploy"][i % 3]))
            .collect();
        let index = Index::new(names.iter().map(String::as_str));
        assert_eq!(
            index.suggestions("team42-reveiw"),
            super::super::suggestions("team42-reveiw", names.iter().map(String::as_str))
        );
        assert_eq!(index.suggestions("team42-reveiw")[0], "team42-review");
    }
}
