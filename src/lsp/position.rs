//! LSP positions ↔ byte offsets, in the negotiated encoding (UTF-16 unless the client offers
//! UTF-8 or UTF-32). Positions past a line's end or the document's end are clamped, never an
//! error.

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::source::{SourceFile, Span};

/// The unit `Position.character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// Picks UTF-8 when the client offers it (no conversion needed), else UTF-32, else the
    /// protocol's default UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Self::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Self::Utf32
        } else {
            Self::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Self::Utf8 => PositionEncodingKind::UTF8,
            Self::Utf16 => PositionEncodingKind::UTF16,
            Self::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Self::Utf8 => c.len_utf8(),
            Self::Utf16 => c.len_utf16(),
            Self::Utf32 => 1,
        }
    }
}

/// The LSP position of a byte offset.
pub fn position(file: &SourceFile, offset: usize, encoding: Encoding) -> Position {
    let at = file.position(offset);
    let line = at.line - 1;
    let start = file.line_start(line);
    // Counted from the file's checkpoints, not the line's start: many findings on one very
    // long line stay linear.
    let character = match encoding {
        Encoding::Utf8 => at.offset - start,
        Encoding::Utf16 => file.utf16_between(start, at.offset),
        Encoding::Utf32 => at.column - 1,
    };
    Position::new(line as u32, character as u32)
}

pub fn range(file: &SourceFile, span: &Span, encoding: Encoding) -> Range {
    Range::new(
        position(file, span.start, encoding),
        position(file, span.end, encoding),
    )
}

/// The byte offset of an LSP position; a character inside a multi-unit character or past the
/// line's end lands on the nearest boundary before it.
pub fn offset(file: &SourceFile, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= file.line_count() {
        return file.text.len();
    }
    let start = file.line_start(line);
    let mut units = 0;
    for (at, c) in file.line_text(line).char_indices() {
        let next = units + encoding.width(c);
        if next > position.character as usize {
            return start + at;
        }
        units = next;
    }
    start + file.line_text(line).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_the_negotiated_unit() {
        let file = SourceFile::new("t", "a: é😀x\nb\n");
        let x = file.text.find('x').unwrap();
        assert_eq!(position(&file, x, Encoding::Utf16), Position::new(0, 6));
        assert_eq!(position(&file, x, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(position(&file, x, Encoding::Utf32), Position::new(0, 5));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let at = position(&file, x, encoding);
            assert_eq!(offset(&file, at, encoding), x);
        }
    }

    #[test]
    fn clamps_out_of_range_positions() {
        let file = SourceFile::new("t", "ab\ncd");
        assert_eq!(offset(&file, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(offset(&file, Position::new(9, 0), Encoding::Utf16), 5);
        // Inside the surrogate pair of an emoji: the start of the emoji.
        let file = SourceFile::new("t", "😀z");
        assert_eq!(offset(&file, Position::new(0, 1), Encoding::Utf16), 0);
    }
}
