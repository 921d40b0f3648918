//! Runs one phase of the pipeline on a file, for measuring it alone (time, instructions, peak
//! memory) with `/usr/bin/time`, `perf stat` or `valgrind`:
//!
//! ```sh
//! cargo build --release --example phases
//! /usr/bin/time -f "%e s %M KB" target/release/examples/phases parse /tmp/large.octolint.yaml
//! /usr/bin/time -f "%e s %M KB" target/release/examples/phases check /tmp/large.octolint.yaml
//! ```
//!
//! `parse` builds the spanned YAML tree only; `check` runs the whole check of one definition
//! (parse, decode, semantic model, rules, levels and suppressions), as `octolint check` does
//! before rendering; `breakdown` runs the stages of `check` one by one and prints the time of
//! each, with the heap it leaves held and its peak (the bytes read are held before it starts).
//! `floor` parses, copies every scalar out of the tree and frees the tree: the least any model
//! that owns its names costs, to compare `check` with.
//! `--repeat N` runs the phase N times and prints the median wall time.

/// The allocator the `octolint` binary uses, so the numbers are the binary's, counting the
/// bytes held so `breakdown` can show what each stage keeps and its peak.
#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes currently allocated, and the most since [`Counting::reset_peak`].
static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

struct Counting;

/// What [`Counting`] forwards to.
const INNER: octolint::allocator::Allocator = octolint::allocator::Allocator {};

impl Counting {
    fn held() -> usize {
        HELD.load(Ordering::Relaxed)
    }

    /// The peak since the last call, which starts a new one from what is held now.
    fn reset_peak() -> usize {
        PEAK.swap(Self::held(), Ordering::Relaxed)
    }

    fn add(bytes: usize) {
        let held = HELD.fetch_add(bytes, Ordering::Relaxed) + bytes;
        PEAK.fetch_max(held, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to mimalloc; only counters are updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::add(layout.size());
        unsafe { INNER.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { INNER.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::add(layout.size());
        unsafe { INNER.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Growing in place or not, both blocks may exist at once: count the new one first.
        Self::add(new_size);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { INNER.realloc(ptr, layout, new_size) }
    }
}

use std::alloc::{GlobalAlloc, Layout};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn main() -> ExitCode {
    octolint::allocator::configure(octolint::allocator::Workload::OneShot);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (phase, path) = match args.as_slice() {
        [phase, path, ..] => (phase.as_str(), path.as_str()),
        _ => {
            eprintln!("usage: phases parse|check|breakdown|floor FILE [--repeat N]");
            return ExitCode::from(2);
        }
    };
    let repeat: usize = match args.iter().position(|a| a == "--repeat") {
        Some(at) => match args.get(at + 1).and_then(|n| n.parse().ok()) {
            Some(n) => n,
            None => {
                eprintln!("--repeat takes a number");
                return ExitCode::from(2);
            }
        },
        None => 1,
    };
    let mut bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::from(2);
        }
    };
    let mut times = Vec::new();
    for _ in 0..repeat {
        let start = Instant::now();
        let found = match phase {
            "parse" => {
                let text = std::str::from_utf8(&bytes).expect("UTF-8");
                octolint::yaml::load(text).nodes.len()
            }
            // As `octolint check` does: the bytes read become the text without a copy.
            "check" => {
                let bytes = match std::mem::take(&mut bytes) {
                    read if !read.is_empty() => read,
                    _ => std::fs::read(path).expect("the file was read before"),
                };
                octolint::pipeline::check_definition(path, bytes)
                    .0
                    .diagnostics
                    .len()
            }
            "breakdown" => breakdown(path, &bytes),
            "floor" => floor(&bytes),
            other => {
                eprintln!("unknown phase `{other}`: parse, check, breakdown or floor");
                return ExitCode::from(2);
            }
        };
        times.push(start.elapsed());
        std::hint::black_box(found);
    }
    times.sort();
    println!(
        "{phase}: {:.1} ms (median of {repeat})",
        times[repeat / 2].as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}

/// The least a model that owns its names can cost: parse, copy every scalar out of the tree
/// and free the tree, with no decoding, semantic model or rule. `check` ÷ `parse` can be no
/// lower than `floor` ÷ `parse` while the model copies what it reads.
fn floor(bytes: &[u8]) -> usize {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let tree = octolint::yaml::load(text);
    let copied: Vec<String> = tree
        .nodes
        .iter()
        .filter_map(|node| match &node.kind {
            octolint::yaml::NodeKind::Scalar { value, .. } => Some(value.to_string()),
            _ => None,
        })
        .collect();
    drop(tree);
    copied.len()
}

/// The stages of a check, timed one by one.
fn breakdown(path: &str, bytes: &[u8]) -> usize {
    use octolint::{model, registry, rules, semantic, source, suppress, yaml};
    let mut lap = Instant::now();
    let megabytes = |bytes: usize| bytes as f64 / 1e6;
    Counting::reset_peak();
    let mut stage = |name: &str| {
        eprintln!(
            "  {name:<10} {:7.1} ms  {:6.1} MB held after, {:6.1} MB peak during",
            lap.elapsed().as_secs_f64() * 1e3,
            megabytes(Counting::held()),
            megabytes(Counting::reset_peak()),
        );
        lap = Instant::now();
    };
    let file = source::SourceFile::new(path, std::str::from_utf8(bytes).expect("UTF-8"));
    stage("index");
    let doc = yaml::load(&file.text);
    stage("parse");
    let spans = octolint::pipeline::multiline_scalars(&doc, &file.text);
    let mut found = Vec::new();
    let def = model::decode(&doc, &file.text, &mut found, registry::lint_keys());
    stage("decode");
    drop(doc);
    stage("drop tree");
    let semantic = semantic::Semantic::new(&def);
    stage("semantic");
    let cx = rules::Context {
        file: &file,
        semantic: &semantic,
    };
    let verbose = std::env::var_os("PHASES_RULES").is_some();
    for rule in rules::rules() {
        if let rules::Run::Semantic(check) = rule.run {
            let start = Instant::now();
            check(&cx, &mut found);
            if verbose {
                let ms = start.elapsed().as_secs_f64() * 1e3;
                eprintln!("    {:<34} {ms:6.1} ms", rule.meta.name);
            }
        }
    }
    stage("rules");
    suppress::apply(&file, &spans, &mut found);
    octolint::diagnostic::sort(&mut found);
    stage("finish");
    found.len()
}
