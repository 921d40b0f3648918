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
#[derive(Debug, Clone)]
pub struct NameMap<T>(pub Vec<Named<T>>);

impl<T> Default for NameMap<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> NameMap<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, Named<T>> {
        self.0.iter()
    }

    pub fn get(&self, name: &str) -> Option<&Named<T>> {
        self.0.iter().find(|entry| entry.name.value == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|entry| entry.name.as_str())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
