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
    /// 32-bit: four bytes a line. A text past 4 GiB (no definition comes near: they are read
    /// up to 16 MiB) would have its later lines placed at the 4 GiB mark.
    line_starts: Vec<u32>,
    /// Every [`CHECKPOINT`] bytes (moved forward onto a character boundary): the byte offset
    /// and the number of characters and UTF-16 code units before it. Columns are counted from
    /// the nearest checkpoint, so a position costs the same on a line of 10 MB as on a short
    /// one (counting from the line's start made many findings on one long line quadratic).
    checkpoints: Vec<Checkpoint>,
}

/// Bytes between two [`SourceFile`] checkpoints.
const CHECKPOINT: usize = 1024;

#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    byte: usize,
    chars: usize,
    utf16: usize,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .map(|start| u32::try_from(start).unwrap_or(u32::MAX))
            .collect();
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut last = Checkpoint {
            byte: 0,
            chars: 0,
            utf16: 0,
        };
        checkpoints.push(last);
        let mut target = CHECKPOINT;
        while target < text.len() {
            let mut byte = target;
            while !text.is_char_boundary(byte) {
                byte += 1;
            }
            let between = &text[last.byte..byte];
            last = Checkpoint {
                byte,
                chars: last.chars + between.chars().count(),
                utf16: last.utf16 + utf16_len(between),
            };
            checkpoints.push(last);
            target = byte + CHECKPOINT;
        }
        Self {
            name: name.into(),
            text,
            line_starts,
            checkpoints,
        }
    }

    /// The nearest checkpoint at or before `offset` (a character boundary in the text).
    fn checkpoint(&self, offset: usize) -> Checkpoint {
        let at = self.checkpoints.partition_point(|c| c.byte <= offset);
        self.checkpoints[at.saturating_sub(1)]
    }

    /// Characters in `text[start..end]`; both must be character boundaries, `start <= end`.
    pub fn chars_between(&self, start: usize, end: usize) -> usize {
        self.chars_before(end) - self.chars_before(start)
    }

    /// UTF-16 code units in `text[start..end]`; both must be character boundaries.
    pub fn utf16_between(&self, start: usize, end: usize) -> usize {
        self.utf16_before(end) - self.utf16_before(start)
    }

    fn chars_before(&self, offset: usize) -> usize {
        let from = self.checkpoint(offset);
        from.chars + self.text[from.byte..offset].chars().count()
    }

    fn utf16_before(&self, offset: usize) -> usize {
        let from = self.checkpoint(offset);
        from.utf16 + utf16_len(&self.text[from.byte..offset])
    }

    /// 0-based index of the line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start as usize <= offset)
            .max(1)
            - 1
    }

    /// Byte offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line] as usize
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of the 0-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next as usize - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The position of a byte offset, clamped into the text and onto a character boundary.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        Position {
            line: line + 1,
            column: self.chars_between(start, offset) + 1,
            offset,
        }
    }
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
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
    fn columns_are_exact_across_checkpoints() {
        // Long lines of mixed widths: every column agrees with counting from the line start.
        let line = "aé😀".repeat(700);
        let text = format!("{line}\n{line}\nx");
        let file = SourceFile::new("t.yaml", text.as_str());
        for (offset, _) in text.char_indices().step_by(7) {
            let start = file.line_start(file.line_of(offset));
            let position = file.position(offset);
            assert_eq!(position.column, text[start..offset].chars().count() + 1);
            assert_eq!(
                file.utf16_between(start, offset),
                text[start..offset].encode_utf16().count()
            );
        }
    }

    #[test]
    fn offsets_inside_a_character_snap_back() {
        let file = SourceFile::new("t.yaml", "é");
        assert_eq!(file.position(1).offset, 0);
        assert_eq!(file.position(99).offset, 2);
    }
}
