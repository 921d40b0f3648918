//! Source text with a line index: byte offsets ↔ 1-based line and character column.

use std::ops::Range;

/// Whether a file name marks a definition: `octolint.yaml`, `octolint.yml`,
/// `*.octolint.yaml` or `*.octolint.yml`.
pub fn is_definition_name(name: &str) -> bool {
    name == "octolint.yaml"
        || name == "octolint.yml"
        || name.ends_with(".octolint.yaml")
        || name.ends_with(".octolint.yml")
}

/// A byte range into one source text.
pub type Span = Range<usize>;

/// A 1-based line and 1-based column (counted in characters) plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// One definition file: its display name, its text and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 0-based index of the line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line]
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of the 0-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The position of a byte offset, clamped into the text and onto a character boundary.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        Position {
            line: line + 1,
            column: self.text[start..offset].chars().count() + 1,
            offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("t.yaml", "a: é\nbé: x\n");
        assert_eq!(
            file.position(7),
            Position {
                line: 2,
                column: 2,
                offset: 7
            }
        );
        assert_eq!(file.position(11).column, 5);
        assert_eq!(file.line_text(1), "bé: x");
    }

    #[test]
    fn offsets_inside_a_character_snap_back() {
        let file = SourceFile::new("t.yaml", "é");
        assert_eq!(file.position(1).offset, 0);
        assert_eq!(file.position(99).offset, 2);
    }
}
