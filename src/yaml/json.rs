//! Converts a spanned tree to JSON, for validating definitions against the JSON Schema.

use serde_json::{Map, Number, Value};

use super::{Document, NodeId, NodeKind, ScalarKind, ScalarStyle, Schema};

/// Nodes converted at most; aliases are expanded, so an alias bomb stops here instead of
/// exhausting memory.
const NODE_BUDGET: usize = 1_000_000;

impl Document {
    /// The first document as JSON; `None` when there is none, it has a syntax error, or it
    /// expands past the node budget. Keys that are not strings use their text; a duplicate
    /// key keeps its first value.
    pub fn to_json(&self) -> Option<Value> {
        if self.error.is_some() {
            return None;
        }
        let mut budget = NODE_BUDGET;
        self.value(self.root?, &mut budget)
    }

    /// A float's value; PyYAML's may hold `_` and be sexagesimal (`1:30.5`).
    fn float(&self, text: &str) -> Option<f64> {
        if self.schema != Schema::PyYaml {
            return text.parse().ok();
        }
        let clean: String = text.chars().filter(|&c| c != '_').collect();
        let (negative, body) = match clean.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, clean.trim_start_matches('+').to_string()),
        };
        let value = if body.contains(':') {
            body.split(':').try_fold(0.0, |total: f64, part| {
                Some(total * 60.0 + part.parse::<f64>().ok()?)
            })?
        } else {
            body.to_lowercase().parse().ok()?
        };
        Some(if negative { -value } else { value })
    }

    fn value(&self, id: NodeId, budget: &mut usize) -> Option<Value> {
        *budget = budget.checked_sub(1)?;
        let id = self.resolve(id)?;
        Some(match &self.node(id).kind {
            NodeKind::Scalar { value, .. } => match self.scalar_kind(id)? {
                ScalarKind::Null => Value::Null,
                ScalarKind::Bool(b) => Value::Bool(b),
                ScalarKind::Int(Some(n)) => Value::Number(n.into()),
                ScalarKind::Int(None) | ScalarKind::Float => self
                    .float(value)
                    .and_then(Number::from_f64)
                    .map_or_else(|| Value::String(value.to_string()), Value::Number),
                ScalarKind::Str => Value::String(value.to_string()),
            },
            NodeKind::Sequence(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.value(item, budget))
                    .collect::<Option<_>>()?,
            ),
            NodeKind::Mapping(entries) => {
                let mut map = Map::new();
                let mut merges = Vec::new();
                for (key, value) in entries.iter() {
                    if self.is_merge_key(key) {
                        merges.push(value);
                        continue;
                    }
                    let key = self.scalar_str(key)?.to_string();
                    let value = self.value(value, budget)?;
                    // Of two equal keys PyYAML keeps the last, octolint's format the first.
                    if self.schema == Schema::PyYaml {
                        map.insert(key, value);
                    } else {
                        map.entry(key).or_insert(value);
                    }
                }
                // Merged keys (`<<: *base`) come after the mapping's own, which win.
                for merge in merges {
                    let sources = match &self.node(self.resolve(merge)?).kind {
                        NodeKind::Sequence(items) => items.to_vec(),
                        _ => vec![merge],
                    };
                    for source in sources {
                        if let Value::Object(merged) = self.value(source, budget)? {
                            for (key, value) in merged {
                                map.entry(key).or_insert(value);
                            }
                        }
                    }
                }
                Value::Object(map)
            }
            NodeKind::Alias(_) => return None,
        })
    }
}

impl Document {
    /// Whether a key is the merge key `<<` (plain, not quoted).
    pub fn is_merge_key(&self, key: NodeId) -> bool {
        matches!(
            &self.node(key).kind,
            NodeKind::Scalar { value, style: ScalarStyle::Plain, .. } if &**value == "<<"
        )
    }
}
