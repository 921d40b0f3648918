//! Values that remember where they were written.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::NAME_PATTERN;
use crate::source::Span;

/// A value and the byte span it was written at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl AsRef<str> for Spanned<String> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// An entry of a name-keyed mapping (`roles`, `queues`, `agents`, `flows`).
#[derive(Debug, Clone, Default)]
pub struct Named<T> {
    pub name: Spanned<String>,
    pub value: T,
}

/// A mapping keyed by name, in source order. A duplicate name keeps its first entry.
///
/// Lookups go through an index of positions sorted by name (four bytes an entry, rather than a
/// second copy of every name): rules, generators and the server look names up once per
/// reference, and a definition may hold tens of thousands of each.
#[derive(Debug, Clone)]
pub struct NameMap<T> {
    entries: Vec<Named<T>>,
    by_name: Vec<u32>,
}

impl<T> Default for NameMap<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            by_name: Vec::new(),
        }
    }
}

impl<T> NameMap<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, Named<T>> {
        self.entries.iter()
    }

    pub fn get(&self, name: &str) -> Option<&Named<T>> {
        self.search(name)
            .ok()
            .map(|at| &self.entries[self.by_name[at] as usize])
    }

    /// Adds an entry at the end, unless its name is already taken (the first one stays).
    pub fn push(&mut self, entry: Named<T>) -> bool {
        let Err(at) = self.search(&entry.name.value) else {
            return false;
        };
        let position = u32::try_from(self.entries.len()).expect("fewer than 2^32 entries");
        self.by_name.insert(at, position);
        self.entries.push(entry);
        true
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| entry.name.as_str())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where `name` is, or would go, in the sorted index.
    fn search(&self, name: &str) -> Result<usize, usize> {
        self.by_name
            .binary_search_by(|&at| self.entries[at as usize].name.as_str().cmp(name))
    }
}

/// Collects entries in order; a duplicate name keeps its first entry. Sorting once rather
/// than inserting one by one keeps building a large map `O(n log n)`.
impl<T> FromIterator<Named<T>> for NameMap<T> {
    fn from_iter<I: IntoIterator<Item = Named<T>>>(entries: I) -> Self {
        let mut all: Vec<Named<T>> = entries.into_iter().collect();
        let mut order: Vec<u32> = (0..all.len())
            .map(|at| u32::try_from(at).expect("fewer than 2^32 entries"))
            .collect();
        // Stable: among equal names the first written comes first and is the one kept.
        order.sort_by(|&a, &b| {
            all[a as usize]
                .name
                .as_str()
                .cmp(all[b as usize].name.as_str())
        });
        let mut keep = vec![true; all.len()];
        for pair in order.windows(2) {
            if all[pair[0] as usize].name.value == all[pair[1] as usize].name.value {
                keep[pair[1] as usize] = false;
            }
        }
        if keep.iter().all(|&k| k) {
            return Self {
                entries: all,
                by_name: order,
            };
        }
        let mut kept = keep.iter();
        all.retain(|_| *kept.next().unwrap());
        all.into_iter().collect()
    }
}

impl<'a, T> IntoIterator for &'a NameMap<T> {
    type Item = &'a Named<T>;
    type IntoIter = std::slice::Iter<'a, Named<T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// Whether an entry may be written with no body (`archived:`), because every field is optional.
pub trait EntryBody: Default {
    const MAY_BE_EMPTY: bool;
}

impl<T: JsonSchema + EntryBody> JsonSchema for NameMap<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("NameMap_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<T>();
        let value = if T::MAY_BE_EMPTY {
            json_schema!({"anyOf": [value, {"type": "null"}]})
        } else {
            value
        };
        json_schema!({
            "type": "object",
            "propertyNames": {"pattern": NAME_PATTERN},
            "additionalProperties": value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{NameMap, Named, Spanned};
    use crate::source::Span;

    fn entry(name: &str, value: u32) -> Named<u32> {
        Named {
            name: Spanned::new(name.to_string(), Span::default()),
            value,
        }
    }

    #[test]
    fn lookups_find_every_name_and_the_first_of_duplicates() {
        let map: NameMap<u32> = ["b", "a", "c", "a", "b", "d"]
            .iter()
            .enumerate()
            .map(|(at, name)| entry(name, at as u32))
            .collect();
        assert_eq!(map.names().collect::<Vec<_>>(), ["b", "a", "c", "d"]);
        assert_eq!(map.get("a").map(|e| e.value), Some(1));
        assert_eq!(map.get("b").map(|e| e.value), Some(0));
        assert_eq!(map.get("d").map(|e| e.value), Some(5));
        assert!(map.get("e").is_none());
        assert!(map.get("").is_none());
    }

    #[test]
    fn push_keeps_order_and_the_index() {
        let mut map = NameMap::default();
        for (at, name) in ["m", "z", "a", "m", "k"].iter().enumerate() {
            map.push(entry(name, at as u32));
        }
        assert_eq!(map.names().collect::<Vec<_>>(), ["m", "z", "a", "k"]);
        for name in ["m", "z", "a", "k"] {
            assert_eq!(map.get(name).unwrap().name.as_str(), name);
        }
        assert_eq!(map.get("m").unwrap().value, 0);
        assert_eq!(map.len(), 4);
    }
}
