//! Glob patterns over `/`-separated paths: `*` and `?` within a segment, `**` across any
//! number of segments. Task-file patterns and per-file settings both use them.

/// Matches one path segment against a pattern of literal characters, `*` and `?`.
pub fn segment(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == '?' || c == n[ni] => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Matches a `/`-separated path against a glob of `*` (within a segment), `?` and `**` (any
/// number of segments). A glob without `/` matches the file name anywhere.
pub fn path_matches(glob: &str, path: &str) -> bool {
    let path_parts: Vec<&str> = path.split('/').collect();
    if !glob.contains('/') {
        return path_parts.last().is_some_and(|name| segment(glob, name));
    }
    let glob_parts: Vec<&str> = glob.split('/').collect();
    parts(&glob_parts, &path_parts)
}

fn parts(glob: &[&str], path: &[&str]) -> bool {
    match (glob.split_first(), path.split_first()) {
        (None, None) => true,
        (Some((&"**", rest)), _) => {
            parts(rest, path) || (!path.is_empty() && parts(glob, &path[1..]))
        }
        (Some((g, rest)), Some((p, more))) => segment(g, p) && parts(rest, more),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_segment() {
        assert!(segment("TASK-*.md", "TASK-12ab.md"));
        assert!(segment("*.md", ".md"));
        assert!(segment("T?SK-*", "TASK-1"));
        assert!(!segment("TASK-*.md", "TASK-1.txt"));
        assert!(!segment("a*b", "acbd"));
        assert!(segment("a*b*", "acbd"));
    }

    #[test]
    fn globs_match_names_and_paths() {
        assert!(path_matches("*.yaml", "a/b/legacy.yaml"));
        assert!(path_matches("legacy/*.yaml", "legacy/x.yaml"));
        assert!(!path_matches("legacy/*.yaml", "legacy/deep/x.yaml"));
        assert!(path_matches("legacy/**/*.yaml", "legacy/deep/x.yaml"));
        assert!(path_matches(
            "**/.octopoid/**",
            "svc/.octopoid/agents/a/agent.yaml"
        ));
    }
}
