//! Which hasher interns answer ids best: the id shapes that made the old hand-written FxHash
//! (no finishing step) collide, through a `HashMap<Box<str>, u32>` the way `Dataset`'s builder
//! interns (one insert per distinct id, then one look-up per answer).
//!
//! `cargo bench -p handprint-aggregate --bench hashers` (figures in docs/benchmarks.md,
//! "Aggregation at scale").

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// The hasher the builder used before: FxHash's multiply-rotate without a finishing step, kept
/// here as the baseline the others are measured against.
#[derive(Default, Clone, Copy)]
struct OldFx(u64);

impl Hasher for OldFx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

/// Distinct ids of one shape.
fn ids(shape: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match shape {
            "sequential" => format!("t{i:07}"),
            "reversed" => format!("t{i:07}").chars().rev().collect(),
            // UUIDv7: a 48-bit millisecond prefix shared by a burst of ids, then version,
            // counter and random bits (here a counter, the worst case for a weak hasher).
            _ => format!(
                "0193a4f2-{:04x}-7{:03x}-8{:03x}-{:012x}",
                (i / 4096) & 0xffff,
                (i >> 12) & 0xfff,
                i & 0xfff,
                i
            ),
        })
        .collect()
}

/// Interns `answers` ids, each distinct id `per_id` times in a row (answers grouped by item).
fn intern<S: BuildHasher + Default>(ids: &[String], per_id: usize) -> usize {
    let mut map: HashMap<Box<str>, u32, S> = HashMap::default();
    let mut sum = 0usize;
    for id in ids {
        for _ in 0..per_id {
            let v = match map.get(id.as_str()) {
                Some(&v) => v,
                None => {
                    let v = map.len() as u32;
                    map.insert(id.as_str().into(), v);
                    v
                }
            };
            sum += v as usize;
        }
    }
    sum
}

fn hashers(c: &mut Criterion) {
    // 300,000 ids as docs/benchmarks.md quotes; the test suite's short run
    // (`cargo test --bench hashers`, each case once) sets fewer.
    let n = std::env::var("HASHERS_BENCH_IDS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(300_000);
    let mut group = c.benchmark_group(format!("intern {n} ids × 2 look-ups"));
    group.sample_size(10);
    for shape in ["sequential", "reversed", "uuid7"] {
        let data = ids(shape, n);
        group.bench_with_input(BenchmarkId::new("old-fx", shape), &data, |b, d| {
            b.iter(|| black_box(intern::<BuildHasherDefault<OldFx>>(d, 2)))
        });
        group.bench_with_input(BenchmarkId::new("rustc-hash-2", shape), &data, |b, d| {
            b.iter(|| black_box(intern::<rustc_hash::FxBuildHasher>(d, 2)))
        });
        group.bench_with_input(BenchmarkId::new("foldhash-fast", shape), &data, |b, d| {
            b.iter(|| black_box(intern::<foldhash::fast::FixedState>(d, 2)))
        });
        group.bench_with_input(BenchmarkId::new("ahash", shape), &data, |b, d| {
            b.iter(|| black_box(intern::<ahash::RandomState>(d, 2)))
        });
        group.bench_with_input(BenchmarkId::new("std-siphash", shape), &data, |b, d| {
            b.iter(|| black_box(intern::<std::hash::RandomState>(d, 2)))
        });
    }
    group.finish();
}

criterion_group!(benches, hashers);
criterion_main!(benches);
