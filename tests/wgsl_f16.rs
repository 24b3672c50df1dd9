//! The WGSL target's `f32` to `f16` conversion in each rounding mode
//! (`cuwasm_f16`, targets/src/wgsl/ieee.rs), run on WebGPU against the
//! `half` crate: WGSL's own `f16()` may round either way (NVIDIA's Vulkan
//! driver truncates), so the target rounds by the bits. The kernel is PTX's
//! `cvt.{rn,rz,rm,rp}.f16.f32` (tests/lit/target-wgsl/f16-rounding.ptx).
//!
//! Inputs: every `f16` value, the midpoints between neighbours and the
//! `f32`s next to them (ties and near-ties at every exponent, subnormals,
//! the overflow threshold), `f32` subnormals, specials, and random bit
//! patterns (the seed is printed).

use cuwasm_runtime::webgpu::{Shader, WebGpuDevice};
use cuwasm_runtime::{Device, KernelParams, LaunchConfig};
use cuwasm_targets::wgsl::{self, WgslOptions};
use cuwasm_tools::gpu_path::{GPU_PIPELINE, gpu_modules};
use half::f16;
use std::time::{SystemTime, UNIX_EPOCH};

const KERNEL: &str = "lit/target-wgsl/f16-rounding.ptx";

/// PTX's rounding modes, in the order the kernel stores its results.
#[derive(Clone, Copy, Debug)]
enum Mode {
    Nearest,
    TowardZero,
    Down,
    Up,
}

const MODES: [Mode; 4] = [Mode::Nearest, Mode::TowardZero, Mode::Down, Mode::Up];

/// The `f16` next to `h` away from zero in the direction of `up` (by the
/// bits: sign and magnitude).
fn step(h: f16, up: bool) -> f16 {
    let b = h.to_bits();
    let toward_larger_magnitude = (b & 0x8000 == 0) == up;
    f16::from_bits(match (toward_larger_magnitude, b & 0x7fff) {
        (true, _) => b + 1,
        // -0 or +0 toward the other sign: the smallest subnormal.
        (false, 0) => (b ^ 0x8000) + 1,
        (false, _) => b - 1,
    })
}

/// `x` rounded to `f16` in `mode`: the half crate's round-to-nearest-even,
/// and for the directed modes the neighbour of `x` on the mode's side.
fn reference(x: f32, mode: Mode) -> f16 {
    let nearest = f16::from_f32(x);
    if x.is_nan() || f64::from(nearest.to_f32()) == f64::from(x) {
        return nearest;
    }
    // The two f16s around x (the largest finite one and infinity beyond it).
    let (below, above) = match f64::from(nearest.to_f32()) < f64::from(x) {
        true => (nearest, step(nearest, true)),
        false => (step(nearest, false), nearest),
    };
    match mode {
        Mode::Nearest => nearest,
        Mode::Down => below,
        Mode::Up => above,
        Mode::TowardZero if x > 0.0 => below,
        Mode::TowardZero => above,
    }
}

fn inputs() -> Vec<f32> {
    let mut x = Vec::new();
    for bits in 0..=0x7bffu16 {
        let h = f16::from_bits(bits).to_f32();
        let next = f16::from_bits(bits + 1).to_f32();
        // Exact in f32: two f16s' mean needs at most 12 significant bits.
        let mid = ((f64::from(h) + f64::from(next)) / 2.0) as f32;
        let around = [
            h,
            mid,
            f32::from_bits(mid.to_bits() - 1),
            f32::from_bits(mid.to_bits() + 1),
        ];
        x.extend(around);
        x.extend(around.map(|v| -v));
    }
    for bits in [
        0x7f80_0000,
        0x7fc0_0000,
        0x7fa0_0000,
        0x7f7f_ffff,
        1,
        0x7f_ffff,
        0x3300_0000,
        0x3300_0001,
        0x32ff_ffff,
    ] {
        x.push(f32::from_bits(bits));
        x.push(-f32::from_bits(bits));
    }
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("seed {seed}");
    for _ in 0..65536 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        x.push(f32::from_bits((seed >> 32) as u32));
    }
    x
}

/// The kernel on the WebGPU device: for each input its four results.
fn run_kernel(x: &[f32]) -> Option<Vec<[u16; 4]>> {
    let adapter = cuwasm_tests::webgpu_adapter()?;
    let mut ctx = cuwasm_tools::registered_context();
    let text = std::fs::read_to_string(cuwasm_tests::tests_dir().join(KERNEL)).unwrap();
    let module = cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, "f16_rounding", &text).unwrap();
    cuwasm_tools::cpu_path::run_pipeline(&mut ctx, module, GPU_PIPELINE).unwrap();
    let gm = gpu_modules(&ctx, module)[0];
    let kernel = wgsl::emit(&ctx, gm, &WgslOptions::default())
        .unwrap()
        .remove(0);
    let d = WebGpuDevice::new(adapter, vec![(kernel.layout, Shader::Wgsl(kernel.source))]).unwrap();
    let n = x.len();
    let input = d.alloc(4 * n).unwrap();
    let bytes: Vec<u8> = x.iter().flat_map(|v| v.to_le_bytes()).collect();
    d.copy_to_device(input, &bytes).unwrap();
    let out = d.alloc(8 * n).unwrap();
    let args = [
        input.to_le_bytes().to_vec(),
        out.to_le_bytes().to_vec(),
        (n as u32).to_le_bytes().to_vec(),
    ];
    let ptrs: Vec<*const u8> = args.iter().map(|a| a.as_ptr()).collect();
    let params = KernelParams {
        ptr: ptrs.as_ptr(),
        len: ptrs.len(),
    };
    let k = d.kernels().into_iter().next().unwrap();
    let config = LaunchConfig::linear((n as u32).div_ceil(256), 256);
    // SAFETY: each argument has the size the kernel's layout gives it.
    unsafe { d.launch(&k, &config, params) }.unwrap();
    d.synchronize().unwrap();
    let mut got = vec![0u8; 8 * n];
    d.copy_to_host(&mut got, out).unwrap();
    let halves = |c: &[u8]| std::array::from_fn(|k| u16::from_le_bytes([c[2 * k], c[2 * k + 1]]));
    Some(got.chunks_exact(8).map(halves).collect())
}

#[test]
fn f32_to_f16_rounds_as_each_mode_says() {
    let x = inputs();
    let Some(got) = run_kernel(&x) else {
        return;
    };
    let mut failures = Vec::new();
    for (i, &v) in x.iter().enumerate() {
        for (k, mode) in MODES.into_iter().enumerate() {
            let want = reference(v, mode);
            let have = f16::from_bits(got[i][k]);
            let same = have.to_bits() == want.to_bits() || (have.is_nan() && want.is_nan());
            if !same && failures.len() < 20 {
                failures.push(format!(
                    "{mode:?}({v:e} = {:#010x}) = {:#06x}, want {:#06x}",
                    v.to_bits(),
                    have.to_bits(),
                    want.to_bits()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} inputs:\n{}",
        x.len(),
        failures.join("\n")
    );
}

/// The reference itself, on values worked by hand.
#[test]
fn the_reference_rounds_as_ieee_says() {
    let r = |x: f32, m| reference(x, m).to_bits();
    // 1 + 2^-11 lies halfway between 1 (0x3c00) and 1 + 2^-10 (0x3c01).
    let tie = 1.0 + 2f32.powi(-11);
    assert_eq!(
        [
            r(tie, Mode::Nearest),
            r(tie, Mode::TowardZero),
            r(tie, Mode::Down),
            r(tie, Mode::Up)
        ],
        [0x3c00, 0x3c00, 0x3c00, 0x3c01]
    );
    assert_eq!(
        [
            r(-tie, Mode::TowardZero),
            r(-tie, Mode::Down),
            r(-tie, Mode::Up)
        ],
        [0xbc00, 0xbc01, 0xbc00]
    );
    // 65520 rounds to infinity to nearest, to 65504 toward zero.
    assert_eq!(
        [
            r(65520.0, Mode::Nearest),
            r(65520.0, Mode::TowardZero),
            r(1e6, Mode::Down)
        ],
        [0x7c00, 0x7bff, 0x7bff]
    );
    // 2^-25 is halfway to the smallest subnormal: ties to +0; up gives 2^-24.
    let t = 2f32.powi(-25);
    assert_eq!(
        [
            r(t, Mode::Nearest),
            r(t, Mode::Up),
            r(-t, Mode::Down),
            r(-t, Mode::TowardZero)
        ],
        [0x0000, 0x0001, 0x8001, 0x8000]
    );
}
