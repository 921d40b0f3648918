//! `cargo +nightly fuzz run check`: see `tests/support/fuzz_harness.rs` and `docs/reliability.md`.
#![no_main]

#[path = "../../tests/support/fuzz_harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::check(data));
