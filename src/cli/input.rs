//! Reading a definition from a file or standard input without ever holding more of it than
//! octolint will check.

use std::io::{self, Read};

/// What [`read_limited`] read.
pub(super) enum Limited {
    Bytes(Vec<u8>),
    /// More than a definition may hold ([`crate::yaml::MAX_SOURCE_BYTES`]): only the length,
    /// counted without keeping the bytes.
    TooLarge(u64),
}

/// Reads a definition, keeping at most [`crate::yaml::MAX_SOURCE_BYTES`] in memory.
pub(super) fn read_limited(input: &mut dyn Read) -> io::Result<Limited> {
    let limit = crate::yaml::MAX_SOURCE_BYTES as u64;
    let mut bytes = Vec::new();
    input.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 <= limit {
        return Ok(Limited::Bytes(bytes));
    }
    let rest = io::copy(input, &mut io::sink())?;
    Ok(Limited::TooLarge(bytes.len() as u64 + rest))
}
