//! `--statistics`: how many findings each rule produced, most first.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Summary;
use crate::diagnostic::Report;
use crate::diagnostic::RuleMeta;

pub fn render_statistics(reports: &[Report]) -> String {
    let mut counts: BTreeMap<&str, (usize, &'static RuleMeta, bool)> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let entry = counts.entry(d.rule.name).or_insert((0, d.rule, false));
        entry.0 += 1;
        entry.2 |= d.fix.is_some();
    }
    let mut rows: Vec<_> = counts.into_values().collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(b.1.code)));
    let mut out = String::new();
    for (count, rule, fixable) in rows {
        let fixable = if fixable { "[fixable] " } else { "" };
        let _ = writeln!(
            out,
            "{count:>5}  {:<6} {:<22} {fixable}{}",
            rule.code, rule.name, rule.summary
        );
    }
    let _ = writeln!(out, "{}", Summary::of(reports).footer());
    out
}
