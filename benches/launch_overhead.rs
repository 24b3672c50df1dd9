//! `launch-overhead`: what one kernel launch costs on the CPU backend.
//!
//! An empty kernel, compiled by cuwasm from CUDA source, is launched through
//! `cuwasm_tools::jit::Jit` (a synchronous launch: configuration check,
//! grid, synchronize) in three shapes: one block of one thread (runs on the
//! calling thread), one block of 256 threads (one thread loop), and 64
//! blocks of 256 threads (spread over the worker pool). Launches are timed
//! in batches; the median, 10th and 90th percentiles of the per-launch time
//! of the batches are printed, in microseconds.
//!
//! Usage: `launch-overhead [SAMPLES] [BATCH]` (default 301 samples of 200
//! launches). Build with `--release`; `benches/launch_overhead.sh` does both.

use cuwasm_tools::jit::Jit;
use std::time::Instant;

/// Launch shapes: (blocks, threads per block).
const SHAPES: [(u32, u32); 3] = [(1, 1), (1, 256), (64, 256)];

fn main() {
    let mut args = std::env::args().skip(1).map(|a| {
        a.parse::<usize>()
            .unwrap_or_else(|_| panic!("'{a}' is not a count"))
    });
    let samples = args.next().unwrap_or(301).max(1);
    let batch = args.next().unwrap_or(200).max(1);
    let jit = Jit::cuda("__global__ void empty() {}").unwrap_or_else(|e| panic!("{e}"));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("== empty kernel launches on {workers} cores: {samples} samples of {batch} launches");
    println!(
        "{:<28} {:>12} {:>10} {:>10}",
        "launch", "median (µs)", "p10", "p90"
    );
    for (grid, block) in SHAPES {
        let mut per_launch = measure(&jit, grid, block, samples, batch);
        per_launch.sort_by(f64::total_cmp);
        let at = |q: f64| per_launch[((per_launch.len() - 1) as f64 * q).round() as usize];
        let shape = format!("<<<{grid}, {block}>>>");
        println!(
            "{shape:<28} {:>12.2} {:>10.2} {:>10.2}",
            at(0.5),
            at(0.1),
            at(0.9)
        );
    }
}

/// Microseconds per launch of each of `samples` batches (after a warm-up batch).
fn measure(jit: &Jit, grid: u32, block: u32, samples: usize, batch: usize) -> Vec<f64> {
    let launch = || {
        jit.launch("empty", grid, block, &[])
            .unwrap_or_else(|e| panic!("launch failed: {e}"))
    };
    (0..batch).for_each(|_| launch());
    (0..samples)
        .map(|_| {
            let start = Instant::now();
            (0..batch).for_each(|_| launch());
            start.elapsed().as_secs_f64() * 1e6 / batch as f64
        })
        .collect()
}
