//! The pipeline on synthetic definitions of ~30 KB (typical), ~1 MB and ~10 MB
//! (`benches/support/synth.rs`): parsing alone, parsing and checking, and `gen` of every
//! target. `docs/performance.md` compares these numbers with each other.
//!
//! `cargo bench --bench pipeline`; one group: `cargo bench --bench pipeline -- check`.

/// The allocator the `octolint` binary uses, so the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: octolint::allocator::Allocator = octolint::allocator::Allocator {};

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use octolint::generate::{Source, Target};
use octolint::pipeline::{check_bytes, check_definition};

const SIZES: [(&str, usize); 3] = [
    ("30KB", synth::TYPICAL),
    ("1MB", synth::MEDIUM),
    ("10MB", synth::LARGE),
];

fn definition(bytes: usize, errors: bool) -> String {
    synth::generate(synth::Options {
        bytes,
        seed: 1,
        errors,
    })
}

/// Fewer, longer samples for the large files: one 10 MB check takes about a second.
fn configure(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    bytes: usize,
) {
    octolint::allocator::configure(octolint::allocator::Workload::OneShot);
    if bytes >= synth::MEDIUM {
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if bytes >= synth::LARGE {
            20
        } else {
            5
        }));
    } else {
        group.sample_size(50);
    }
}

/// `yaml::load` alone: the saphyr-parser events turned into the spanned tree. The floor that
/// `check` is measured against.
fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (label, bytes) in SIZES {
        let text = definition(bytes, true);
        group.throughput(Throughput::Bytes(text.len() as u64));
        configure(&mut group, bytes);
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| octolint::yaml::load(black_box(text)))
        });
    }
    group.finish();
}

/// What `octolint check` does for one file, without the I/O and the rendering: parse, decode,
/// semantic model, every rule, suppressions, sorting. With the deliberate errors, so
/// did-you-mean runs.
fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for (label, bytes) in SIZES {
        let text = definition(bytes, true);
        group.throughput(Throughput::Bytes(text.len() as u64));
        configure(&mut group, bytes);
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| check_bytes("octolint.yaml", black_box(text.as_bytes())))
        });
    }
    group.finish();
}

/// What `octolint gen` does before writing: check the definition (it must have no errors, so
/// the files are generated without the deliberate ones), then compile every target.
fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("gen");
    for (label, bytes) in SIZES {
        let text = definition(bytes, false);
        group.throughput(Throughput::Bytes(text.len() as u64));
        configure(&mut group, bytes);
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| {
                let (report, def) = check_definition("octolint.yaml", black_box(text.as_bytes()));
                assert!(!report.has_errors(), "the clean definition has errors");
                let def = def.expect("the definition parses");
                let source = Source::new(&def, "octolint.yaml", text.as_bytes());
                Target::ALL
                    .iter()
                    .map(|target| target.generate(&source).expect("generates").len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse, check, generate);
criterion_main!(benches);
