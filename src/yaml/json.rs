//! Converts a spanned tree to JSON, for validating definitions against the JSON Schema.

use serde_json::{Map, Number, Value};

use super::{Document, NodeId, NodeKind, ScalarKind, ScalarStyle};

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

    fn value(&self, id: NodeId, budget: &mut usize) -> Option<Value> {
        *budget = budget.checked_sub(1)?;
        let id = self.resolve(id)?;
        Some(match &self.node(id).kind {
            NodeKind::Scalar { value, .. } => match self.scalar_kind(id)? {
                ScalarKind::Null => Value::Null,
                ScalarKind::Bool(b) => Value::Bool(b),
                ScalarKind::Int(Some(n)) => Value::Number(n.into()),
                ScalarKind::Int(None) | ScalarKind::Float => value
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map_or_else(|| Value::String(value.clone()), Value::Number),
                ScalarKind::Str => Value::String(value.clone()),
            },
            NodeKind::Sequence(items) => Value::Array(
                items
                    .iter()
                    .map(|&item| self.value(item, budget))
                    .collect::<Option<_>>()?,
            ),
            NodeKind::Mapping(entries) => {
                let mut map = Map::new();
                let mut merges = Vec::new();
                for &(key, value) in entries {
                    if self.is_merge_key(key) {
                        merges.push(value);
                        continue;
                    }
                    let key = self.scalar_str(key)?.to_string();
                    let value = self.value(value, budget)?;
                    map.entry(key).or_insert(value);
                }
                // Merged keys (`<<: *base`) come after the mapping's own, which win.
                for merge in merges {
                    let sources = match &self.node(self.resolve(merge)?).kind {
                        NodeKind::Sequence(items) => items.clone(),
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
            NodeKind::Scalar { value, style: ScalarStyle::Plain, .. } if value == "<<"
        )
    }
}
