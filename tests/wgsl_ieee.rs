//! The WGSL target's correctly rounded `f32` square root and division
//! (targets/src/wgsl/ieee.rs) given deliberately wrong estimates. Lavapipe's
//! `sqrt` and `/` are already correctly rounded, so running CUDA's `sqrtf`
//! and `/` there (tests/lit/target-wgsl/run-ieee-sqrt-div.cu) cannot show
//! that the correction works; here the emitted modules of its two kernels
//! have their estimate functions (`cuwasm_sqrt_est`, `cuwasm_div_est`, one
//! hardware op each) replaced by the hardware's result moved by a fixed
//! number of ulps, from 1 to 63 either way, and every result must still be
//! the correctly rounded one that Rust computes (its `f32` `sqrt` and `/`
//! are IEEE's). As a control, the same estimates with the correction loop
//! cut off give wrong results, so the comparison can fail.
//!
//! Inputs: random bit patterns (every exponent, subnormals, specials; the
//! seed is printed), numbers whose root or quotient lies within 2^-11 ulp
//! of a halfway point, exact squares and quotients, subnormal ties.
//! Runs on the first wgpu adapter (lavapipe here and in CI;
//! `CUWASM_WEBGPU_ADAPTER=N` picks another, `CUWASM_NO_WEBGPU=1` skips).

use cuwasm_runtime::webgpu::{Shader, WebGpuDevice};
use cuwasm_runtime::{Device, KernelParams, LaunchConfig};
use cuwasm_targets::wgsl::{self, WgslKernel, WgslOptions, ieee};
use cuwasm_tools::gpu_path::{GPU_PIPELINE, gpu_modules};
use std::time::{SystemTime, UNIX_EPOCH};

/// The program whose kernels `roots` (`r[i] = sqrtf(x[i])`) and
/// `quotients` (`q[i] = a[i] / b[i]`) are run here.
const PROGRAM: &str = "lit/target-wgsl/run-ieee-sqrt-div.cu";

/// The correction loop both helpers share; the control cuts it off.
const CORRECTION_LOOP: &str = "for (var i = 0i; i < 64i; i = i + 1i) {";

/// Ulps the estimates are moved by.
const BIASES: [i32; 10] = [-63, -17, -3, -2, -1, 1, 2, 3, 17, 63];

/// `roots` and `quotients` of [`PROGRAM`] as the WGSL target emits them.
fn emitted() -> (WgslKernel, WgslKernel) {
    let mut ctx = cuwasm_tools::registered_context();
    let pre = cuwasm_frontends::cuda::PreprocessOptions::default();
    let path = cuwasm_tests::tests_dir().join(PROGRAM);
    let text = std::fs::read_to_string(&path).unwrap();
    let module = cuwasm_tools::cpu_path::parse_cuda(&mut ctx, PROGRAM, &text, &pre).unwrap();
    cuwasm_tools::cpu_path::run_pipeline(&mut ctx, module, GPU_PIPELINE).unwrap();
    let gm = gpu_modules(&ctx, module)[0];
    let mut kernels = wgsl::emit(&ctx, gm, &WgslOptions::default()).unwrap();
    let quotients = kernels.pop().unwrap();
    let roots = kernels.pop().unwrap();
    assert!(roots.layout.name.ends_with("roots") && quotients.layout.name.ends_with("quotients"));
    (roots, quotients)
}

/// `source` with `from` (present exactly once) replaced by `to`.
fn replace_once(source: &str, from: &str, to: &str) -> String {
    assert_eq!(source.matches(from).count(), 1, "{from} in\n{source}");
    source.replace(from, to)
}

/// `kernel` with its estimate `bias` ulps off, and without the correction
/// loop unless `correct`.
fn perturbed(kernel: &WgslKernel, bias: i32, correct: bool) -> Shader {
    let (est, body) = match kernel.source.contains(ieee::SQRT_EST.text) {
        true => (&ieee::SQRT_EST, "sqrt(m)"),
        false => (&ieee::DIV_EST, "a / b"),
    };
    assert!(est.text.contains(&format!("return {body};")));
    let moved = format!("return bitcast<f32>(bitcast<i32>({body}) + {bias}i);");
    let est_text = est.text.replace(&format!("return {body};"), &moved);
    let mut source = replace_once(&kernel.source, est.text, &est_text);
    if !correct {
        source = replace_once(
            &source,
            CORRECTION_LOOP,
            "for (var i = 0i; i < 0i; i = i + 1i) {",
        );
    }
    Shader::Wgsl(source)
}

/// Inputs: a xorshift generator seeded from the clock.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u32
    }
}

fn random() -> Random {
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("seed {seed}");
    Random(seed)
}

/// Square root inputs.
fn radicands(rng: &mut Random) -> Vec<f32> {
    let mut x: Vec<f32> = (0..4096).map(|i| i as f32).collect();
    for bits in [
        0x8000_0000,
        0x7f80_0000,
        0xff80_0000,
        0xbf80_0000,
        0x7fc0_0000,
    ] {
        x.push(f32::from_bits(bits));
    }
    for bits in [1, 2, 3, 0x7f_ffff, 0x80_0000, 0x7f7f_ffff, 0x8000_0001] {
        x.push(f32::from_bits(bits));
    }
    // N = M * 2^k = R * (R + 1) exactly, the root just under halfway:
    // M = 2^24 - 1 (R = 2^24 - 1) and 2^23 + 1 (R = 2^23), each exponent.
    for e in 1..255 {
        x.extend([e << 23 | 0x7f_ffff, e << 23 | 1].map(f32::from_bits));
    }
    // M * 2^E whose root is within 2^-11 ulp of halfway: M * 2^k (k of E's
    // parity) within 2^13 of (R + 1/2)^2 - 1/4 = R * (R + 1).
    let mut hard = 0;
    while hard < 1024 {
        let r = u64::from((1 << 23) | (rng.next() & 0x7f_ffff));
        let k = 23 + (rng.next() & 1);
        let t = r * (r + 1);
        let m = (t + (1 << (k - 1))) >> k;
        let d = (m << k) as i64 - t as i64;
        if !((1 << 23)..(1 << 24)).contains(&m) || d.abs() > 8192 {
            continue;
        }
        let e = 2 + 2 * (rng.next() % 125) + (k & 1);
        x.push(f32::from_bits((e << 23) | (m as u32 & 0x7f_ffff)));
        hard += 1;
    }
    for _ in 0..512 {
        let s = (rng.next() & 0xfff) as f32 * f32::from_bits((97 + (rng.next() & 63)) << 23);
        let sq = (s * s).to_bits();
        x.extend([sq, sq + 1, sq.wrapping_sub(1)].map(f32::from_bits));
    }
    while x.len() < 32768 {
        let bits = rng.next();
        // Half of them positive.
        x.push(f32::from_bits(
            bits & (0x7fff_ffff | (x.len() as u32) << 31),
        ));
    }
    x
}

/// Division inputs.
fn quotient_operands(rng: &mut Random) -> (Vec<f32>, Vec<f32>) {
    let mut pairs: Vec<(u32, u32)> = vec![
        (0, 0),
        (0x3f80_0000, 0),
        (0xbf80_0000, 0),
        (0, 0xc040_0000),
        (0x7f80_0000, 0x7f80_0000),
        (0x7f80_0000, 0xc000_0000),
        (0x4040_0000, 0x7f80_0000),
        (0x7fc0_0000, 0x3f80_0000),
        (0x3f80_0000, 0x7fc0_0000),
        (1, 1),
        (3, 0x4000_0000),
        (5, 0x4000_0000),
        (3, 0x4080_0000),
        (0x8000_0007, 0x4080_0000),
        (0x00c0_0000, 0x4040_0000),
        (0x007f_ffff, 0x3f7f_ffff),
        (0x7f7f_ffff, 0x3f7f_ffff),
        (0x7f7f_ffff, 1),
        (0x3f80_0000, 0x4040_0000),
    ];
    // Significands whose quotient is within 2^-11 ulp of halfway, at random
    // exponents, a quarter of them with a subnormal quotient.
    let mut hard = 0;
    while hard < 1024 {
        let ma = u64::from((1 << 23) | (rng.next() & 0x7f_ffff));
        let mb = u64::from((1 << 23) | (rng.next() & 0x7f_ffff));
        let nn = ma << if ma >= mb { 23 } else { 24 };
        let d = 2 * (nn % mb) as i64 - mb as i64;
        if d.abs() > (mb >> 10) as i64 {
            continue;
        }
        let ea = 64 + rng.next() % 128;
        let eb = match hard % 4 {
            0 => ea + 126 + rng.next() % 24,
            _ => 64 + rng.next() % 128,
        };
        let eb = eb.min(254);
        let sign = |rng: &mut Random| rng.next() & 0x8000_0000;
        pairs.push((
            sign(rng) | ea << 23 | (ma as u32 & 0x7f_ffff),
            sign(rng) | eb << 23 | (mb as u32 & 0x7f_ffff),
        ));
        hard += 1;
    }
    // Exact quotients.
    for _ in 0..512 {
        let b = rng.next() & 0x4fff_ffff;
        let q = (rng.next() & 0xfff) as f32;
        let a = f32::from_bits(b) * q;
        pairs.push((a.to_bits(), b));
    }
    while pairs.len() < 32768 {
        pairs.push((rng.next(), rng.next()));
    }
    pairs
        .into_iter()
        .map(|(a, b)| (f32::from_bits(a), f32::from_bits(b)))
        .unzip()
}

fn bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Runs `kernel` (parameters: the input arrays, the output, `n`) on `d`.
fn run(d: &WebGpuDevice, kernel: &str, inputs: &[&[f32]]) -> Vec<f32> {
    let n = inputs[0].len();
    let mut args: Vec<Vec<u8>> = Vec::new();
    for input in inputs {
        let p = d.alloc(4 * n).unwrap();
        d.copy_to_device(p, &bytes(input)).unwrap();
        args.push(p.to_le_bytes().to_vec());
    }
    let out = d.alloc(4 * n).unwrap();
    args.push(out.to_le_bytes().to_vec());
    args.push((n as i32).to_le_bytes().to_vec());
    let ptrs: Vec<*const u8> = args.iter().map(|a| a.as_ptr()).collect();
    let params = KernelParams {
        ptr: ptrs.as_ptr(),
        len: ptrs.len(),
    };
    let k = d
        .kernels()
        .into_iter()
        .find(|k| k.name.ends_with(kernel))
        .unwrap();
    let config = LaunchConfig::linear((n as u32).div_ceil(256), 256);
    // SAFETY: each argument has the size the kernel's layout gives it.
    unsafe { d.launch(&k, &config, params) }.unwrap();
    d.synchronize().unwrap();
    let mut got = vec![0u8; 4 * n];
    d.copy_to_host(&mut got, out).unwrap();
    got.chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// The results of `got` that differ from `want` (NaN matches any NaN),
/// as (index, got, want).
fn mismatches(got: &[f32], want: &[f32]) -> Vec<(usize, f32, f32)> {
    (0..want.len())
        .filter(|&i| {
            got[i].to_bits() != want[i].to_bits() && !(got[i].is_nan() && want[i].is_nan())
        })
        .map(|i| (i, got[i], want[i]))
        .collect()
}

/// Every bias in [`BIASES`], with and without the correction: the results
/// with it are all correctly rounded, those without it mostly wrong.
#[test]
fn corrections_of_wrong_estimates_are_correctly_rounded() {
    let Some(adapter) = cuwasm_tests::webgpu_adapter() else {
        return;
    };
    let (roots, quotients) = emitted();
    let mut rng = random();
    let x = radicands(&mut rng);
    let (a, b) = quotient_operands(&mut rng);
    let want_roots: Vec<f32> = x.iter().map(|v| v.sqrt()).collect();
    let want_quotients: Vec<f32> = a.iter().zip(&b).map(|(p, q)| p / q).collect();
    let mut failures = Vec::new();
    for correct in [true, false] {
        for bias in BIASES {
            let root_shader = perturbed(&roots, bias, correct);
            let div_shader = perturbed(&quotients, bias, correct);
            let d = WebGpuDevice::new(
                adapter,
                vec![
                    (roots.layout.clone(), root_shader),
                    (quotients.layout.clone(), div_shader),
                ],
            )
            .unwrap();
            let bad_roots = mismatches(&run(&d, "roots", &[&x]), &want_roots);
            let bad_quotients = mismatches(&run(&d, "quotients", &[&a, &b]), &want_quotients);
            eprintln!(
                "bias {bias:+} ulp, correction {}: {} of {} roots, {} of {} quotients differ",
                if correct { "on" } else { "off" },
                bad_roots.len(),
                x.len(),
                bad_quotients.len(),
                a.len()
            );
            if correct {
                for (i, got, want) in bad_roots.iter().take(3) {
                    failures.push(format!(
                        "bias {bias}: sqrt({:e} = {:#x}) = {got:e} ({:#x}), want {want:e} ({:#x})",
                        x[*i],
                        x[*i].to_bits(),
                        got.to_bits(),
                        want.to_bits()
                    ));
                }
                for (i, got, want) in bad_quotients.iter().take(3) {
                    failures.push(format!(
                        "bias {bias}: {:#x} / {:#x} = {got:e} ({:#x}), want {want:e} ({:#x})",
                        a[*i].to_bits(),
                        b[*i].to_bits(),
                        got.to_bits(),
                        want.to_bits()
                    ));
                }
            } else {
                // The estimates alone are wrong for most finite results:
                // the perturbation is real and the comparison sees it. (A
                // quotient's estimate one below the hardware's, the floor or
                // one under it, happens to come out right: the rounding
                // after the loop takes a remainder in [Mb, 2Mb) as above
                // halfway.)
                assert!(
                    bad_roots.len() > x.len() / 4,
                    "without the correction, bias {bias}: only {} roots differ",
                    bad_roots.len()
                );
                assert!(
                    bias == -1 || bad_quotients.len() > a.len() / 4,
                    "without the correction, bias {bias}: only {} quotients differ",
                    bad_quotients.len()
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
