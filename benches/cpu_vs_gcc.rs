//! cuwasm's CPU path on the CUDA kernels of `benches/cpu_kernels/`, for
//! `benches/cpu_vs_gcc.sh` (which runs the same algorithms as C compiled by gcc).
//!
//! Usage: `cpu_vs_gcc KERNEL SIZE [REPS]`, KERNEL one of saxpy, sgemm, stencil,
//! reduction, transpose, histogram, stencil3d. Compiles the kernel with [`Jit::cuda`],
//! uploads pseudo-random inputs, launches once (warm-up) and checks the result
//! against a reference computed here, then times REPS launches (default 10;
//! each launch is synchronous) and prints their median in milliseconds.
//! `CUWASM_DEVICE=wasm` runs the kernels on the wasm device instead
//! (benches/wasm_vs_cpu.sh); `CUWASM_OPT=0|1|2` compiles them at that
//! optimization level (default 2; benches/egraph_cpu.sh compares 1 and 2).

use cuwasm_tools::cpu_path::OptLevel;
use cuwasm_tools::devices::DeviceChoice;
use cuwasm_tools::jit::{Jit, JitError};
use std::time::Instant;

type Result<T> = std::result::Result<T, String>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: cpu_vs_gcc KERNEL SIZE [REPS]");
        std::process::exit(2);
    }
    let size: usize = args[2].parse().unwrap_or(0);
    let reps: usize = args.get(3).map_or(Ok(10), |r| r.parse()).unwrap_or(0);
    if size == 0 || reps == 0 {
        eprintln!("cpu_vs_gcc: bad SIZE or REPS");
        std::process::exit(2);
    }
    let result = match args[1].as_str() {
        "saxpy" => saxpy(size, reps),
        "sgemm" => sgemm(size, reps),
        "stencil" => stencil(size, reps),
        "reduction" => reduction(size, reps),
        "transpose" => transpose(size, reps),
        "histogram" => histogram(size, reps),
        "stencil3d" => stencil3d(size, reps),
        k => Err(format!("unknown kernel '{k}'")),
    };
    match result {
        Ok(ms) => println!("{ms:.3}"),
        Err(e) => {
            eprintln!("cpu_vs_gcc {}: {e}", args[1]);
            std::process::exit(1);
        }
    }
}

/// The kernel compiled for the device `CUWASM_DEVICE` names: `cpu` (the
/// default), `wasm` (benches/wasm_vs_cpu.sh), any other `cuwasm-run
/// --device` name (`cuda`, `webgpu:1`: benches/gpu_vs_nvcc.sh), or
/// `ptx:FILE`, another compiler's PTX of the same kernels (`extern "C"`
/// names) loaded as it is by the CUDA driver: nvcc's, for the comparison.
fn compile(source: &str) -> Result<Jit> {
    let device = std::env::var("CUWASM_DEVICE").unwrap_or_else(|_| "cpu".into());
    if let Some(file) = device.strip_prefix("ptx:") {
        return ptx_on_cuda(file);
    }
    match device.as_str() {
        "cpu" => Jit::cuda_opt(source, opt_level()?),
        "wasm" => Jit::cuda_wasm(source),
        other => Jit::cuda_on(source, DeviceChoice::parse(other)?),
    }
    .map_err(|e| e.to_string())
}

fn ptx_on_cuda(file: &str) -> Result<Jit> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    Jit::ptx_on_cuda(&text, 0).map_err(|e| e.to_string())
}

/// The optimization level `CUWASM_OPT` names (`0`, `1` or `2`; default 2).
fn opt_level() -> Result<OptLevel> {
    std::env::var("CUWASM_OPT").map_or(Ok(OptLevel::default()), |l| OptLevel::parse(&l))
}

fn jit_err(e: JitError) -> String {
    e.to_string()
}

/// The same 64-bit LCG as `cpu_kernels/bench.h`.
struct Lcg(u64);

impl Lcg {
    fn new() -> Lcg {
        Lcg(0x853c49e6748fea9b)
    }
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }
    /// A float in [-1, 1).
    fn float(&mut self) -> f32 {
        (self.next() >> 8) as f32 / 8388608.0 - 1.0
    }
    fn floats(&mut self, n: usize) -> Vec<f32> {
        (0..n).map(|_| self.float()).collect()
    }
}

/// Run `setup` (untimed) then `launch` (timed), `reps` times; the median in ms.
fn median_ms(
    jit: &Jit,
    reps: usize,
    mut setup: impl FnMut() -> Result<()>,
    mut launch: impl FnMut() -> Result<()>,
) -> Result<f64> {
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        setup()?;
        times.push(time_ms(jit, &mut launch)?);
    }
    times.sort_by(f64::total_cmp);
    let m = times.len() / 2;
    Ok(if times.len() % 2 == 1 {
        times[m]
    } else {
        (times[m - 1] + times[m]) / 2.0
    })
}

/// The time of one (synchronous) launch: the device's own kernel time
/// between two events where it has events (CUDA events, wgpu timestamp
/// queries: what nvcc's programs measure with cudaEventRecord), else the
/// wall time (the CPU and Wasm devices run launches on the calling thread's
/// behalf).
fn time_ms(jit: &Jit, launch: &mut impl FnMut() -> Result<()>) -> Result<f64> {
    let device = jit.runtime().device();
    let events = device
        .create_event()
        .and_then(|start| Ok((start, device.create_event()?)));
    let Ok((start, end)) = events else {
        let t0 = Instant::now();
        launch()?;
        return Ok(t0.elapsed().as_secs_f64() * 1e3);
    };
    device.record_event(start, 0).map_err(runtime_err)?;
    launch()?;
    device.record_event(end, 0).map_err(runtime_err)?;
    device.synchronize_event(end).map_err(runtime_err)?;
    let ms = device.event_elapsed_ms(start, end).map_err(runtime_err)?;
    device.destroy_event(start).map_err(runtime_err)?;
    device.destroy_event(end).map_err(runtime_err)?;
    Ok(ms as f64)
}

fn runtime_err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn no_setup() -> Result<()> {
    Ok(())
}

fn check(ok: bool, what: &str) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(format!("wrong result: {what}"))
    }
}

fn saxpy(n: usize, reps: usize) -> Result<f64> {
    let jit = compile(include_str!("cpu_kernels/saxpy.cu"))?;
    let mut rng = Lcg::new();
    let (a, xs) = (1.5f32, rng.floats(n));
    let y0 = rng.floats(n);
    let (x, y) = (
        jit.upload(&xs).map_err(jit_err)?,
        jit.upload(&y0).map_err(jit_err)?,
    );
    let blocks = n.div_ceil(256) as u32;
    let launch = || {
        jit.launch("saxpy", blocks, 256, &[&(n as i32), &a, &x, &y])
            .map_err(jit_err)
    };
    launch()?;
    let got = y.to_vec().map_err(jit_err)?;
    let ok = (0..n).all(|i| (got[i] - (a * xs[i] + y0[i])).abs() <= 1e-6 * (1.0 + got[i].abs()));
    check(ok, "y != a*x + y")?;
    median_ms(&jit, reps, no_setup, launch)
}

fn sgemm(n: usize, reps: usize) -> Result<f64> {
    check(n % 16 == 0, "SIZE must be a multiple of 16")?;
    let jit = compile(include_str!("cpu_kernels/sgemm.cu"))?;
    let mut rng = Lcg::new();
    let (av, bv) = (rng.floats(n * n), rng.floats(n * n));
    let (a, b) = (
        jit.upload(&av).map_err(jit_err)?,
        jit.upload(&bv).map_err(jit_err)?,
    );
    let c = jit.alloc::<f32>(n * n).map_err(jit_err)?;
    let tiles = (n / 16) as u32;
    let launch = || {
        jit.launch(
            "sgemm",
            (tiles, tiles),
            (16, 16),
            &[&(n as i32), &a, &b, &c],
        )
        .map_err(jit_err)
    };
    launch()?;
    let got = c.to_vec().map_err(jit_err)?;
    // A sample of entries against double-precision dot products.
    for _ in 0..1000 {
        let (i, j) = (rng.next() as usize % n, rng.next() as usize % n);
        let terms = (0..n).map(|k| av[i * n + k] as f64 * bv[k * n + j] as f64);
        let (exact, mag) = terms.fold((0.0, 0.0), |(s, m), t| (s + t, m + t.abs()));
        check(
            (got[i * n + j] as f64 - exact).abs() <= 1e-5 * mag + 1e-6,
            "C != A*B",
        )?;
    }
    median_ms(&jit, reps, no_setup, launch)
}

fn stencil(n: usize, reps: usize) -> Result<f64> {
    let jit = compile(include_str!("cpu_kernels/stencil.cu"))?;
    let inv = Lcg::new().floats(n * n);
    let input = jit.upload(&inv).map_err(jit_err)?;
    let out = jit.alloc::<f32>(n * n).map_err(jit_err)?;
    let grid = (n.div_ceil(32) as u32, n.div_ceil(8) as u32);
    let launch = || {
        jit.launch(
            "jacobi",
            grid,
            (32, 8),
            &[&(n as i32), &(n as i32), &input, &out],
        )
        .map_err(jit_err)
    };
    launch()?;
    let got = out.to_vec().map_err(jit_err)?;
    for y in 0..n {
        for x in 0..n {
            let i = y * n + x;
            let edge = x == 0 || y == 0 || x == n - 1 || y == n - 1;
            let want = if edge {
                inv[i]
            } else {
                0.25 * (inv[i - 1] + inv[i + 1] + inv[i - n] + inv[i + n])
            };
            check(got[i] == want, "jacobi step")?;
        }
    }
    median_ms(&jit, reps, no_setup, launch)
}

fn reduction(n: usize, reps: usize) -> Result<f64> {
    let jit = compile(include_str!("cpu_kernels/reduction.cu"))?;
    let inv = Lcg::new().floats(n);
    let input = jit.upload(&inv).map_err(jit_err)?;
    let out = jit.alloc::<f32>(1).map_err(jit_err)?;
    let blocks = n.div_ceil(256).min(1024) as u32;
    let zero = || out.write(&[0.0]).map_err(jit_err);
    let launch = || {
        jit.launch("reduce_sum", blocks, 256, &[&(n as i32), &input, &out])
            .map_err(jit_err)
    };
    zero()?;
    launch()?;
    let got = out.to_vec().map_err(jit_err)?[0] as f64;
    let exact: f64 = inv.iter().map(|&v| v as f64).sum();
    let mag: f64 = inv.iter().map(|&v| v.abs() as f64).sum();
    check((got - exact).abs() <= 1e-5 * mag, "sum")?;
    median_ms(&jit, reps, zero, launch)
}

fn transpose(n: usize, reps: usize) -> Result<f64> {
    check(n % 32 == 0, "SIZE must be a multiple of 32")?;
    let jit = compile(include_str!("cpu_kernels/transpose.cu"))?;
    let inv = Lcg::new().floats(n * n);
    let input = jit.upload(&inv).map_err(jit_err)?;
    let out = jit.alloc::<f32>(n * n).map_err(jit_err)?;
    let tiles = (n / 32) as u32;
    let launch = || {
        jit.launch(
            "transpose",
            (tiles, tiles),
            (32, 8),
            &[&(n as i32), &input, &out],
        )
        .map_err(jit_err)
    };
    launch()?;
    let got = out.to_vec().map_err(jit_err)?;
    let ok = (0..n).all(|y| (0..n).all(|x| got[x * n + y] == inv[y * n + x]));
    check(ok, "out != transpose(in)")?;
    median_ms(&jit, reps, no_setup, launch)
}

fn histogram(n: usize, reps: usize) -> Result<f64> {
    let jit = compile(include_str!("cpu_kernels/histogram.cu"))?;
    let mut rng = Lcg::new();
    let data: Vec<u8> = (0..n).map(|_| (rng.next() >> 24) as u8).collect();
    let mut want = [0u32; 256];
    for &d in &data {
        want[d as usize] += 1;
    }
    let input = jit.upload(&data).map_err(jit_err)?;
    let hist = jit.alloc::<u32>(256).map_err(jit_err)?;
    let blocks = n.div_ceil(256).min(1024) as u32;
    let zero = || hist.write(&[0; 256]).map_err(jit_err);
    let launch = || {
        jit.launch("histogram", blocks, 256, &[&(n as i32), &input, &hist])
            .map_err(jit_err)
    };
    zero()?;
    launch()?;
    check(hist.to_vec().map_err(jit_err)? == want, "histogram")?;
    median_ms(&jit, reps, zero, launch)
}

fn stencil3d(n: usize, reps: usize) -> Result<f64> {
    check(n % 32 == 0, "SIZE must be a multiple of 32")?;
    let jit = compile(include_str!("cpu_kernels/stencil3d.cu"))?;
    let inv = Lcg::new().floats(n * n * n);
    let input = jit.upload(&inv).map_err(jit_err)?;
    let out = jit.alloc::<f32>(n * n * n).map_err(jit_err)?;
    let grid = ((n / 32) as u32, (n / 4) as u32, n as u32);
    let size = n as i32;
    let launch = || {
        jit.launch(
            "stencil3d",
            grid,
            (32, 4),
            &[&size, &size, &size, &input, &out],
        )
        .map_err(jit_err)
    };
    launch()?;
    let got = out.to_vec().map_err(jit_err)?;
    let (sy, sz) = (n, n * n);
    for z in 0..n {
        for y in 0..n {
            for x in 0..n {
                let i = z * sz + y * sy + x;
                let edge = [x, y, z].iter().any(|&c| c == 0 || c == n - 1);
                let want = if edge {
                    inv[i]
                } else {
                    let s = inv[i - 1] + inv[i + 1] + inv[i - sy] + inv[i + sy];
                    0.4 * inv[i] + 0.1 * (s + inv[i - sz] + inv[i + sz])
                };
                // GPUs contract a*b+c into an fma (nvcc does by default): a few ulp.
                check(
                    (got[i] - want).abs() <= 1e-6 * (1.0 + want.abs()),
                    "7-point step",
                )?;
            }
        }
    }
    median_ms(&jit, reps, no_setup, launch)
}
