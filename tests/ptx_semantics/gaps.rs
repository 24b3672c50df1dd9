//! What a device cannot run, by instruction form (or by the name of a whole
//! kernel): the compile error each such form gives (a `|`-separated list of
//! accepted substrings). The harness compiles every form listed here on its
//! own and requires that error; a form that starts compiling fails the suite
//! until it is removed from this table, so the table is always the exact
//! list.
//!
//! The CPU and Wasm devices run every form (the last CPU gaps, the 27
//! `f16`/`bf16` forms, closed when `legalize-f16` gave the CPU path 16-bit
//! floats). The PTX target (`cuda`, run on the H100) lacks bf16 and `.ftz`
//! on f16. WebGPU's gaps are what WGSL cannot express (docs/webgpu-abi.md):
//! 64-bit floats, 64-bit atomics other than a plain add, bf16; and f32
//! arithmetic in a directed rounding, which `expand-cuda-arith` computes
//! through f64.

/// The compile error that instruction form `body` (or the whole kernel
/// named `body`) is known to give on `device`, if any.
pub fn gap(device: &str, body: &str) -> Option<&'static str> {
    match device {
        "webgpu" => webgpu_gap(body),
        "cuda" => cuda_gap(body),
        _ => None,
    }
}

/// The PTX target (the H100 run, `PTX_SEMANTICS_DEVICE=cuda`): no bf16, and
/// `.ftz` on f16.
fn cuda_gap(body: &str) -> Option<&'static str> {
    if body.contains("bf16") {
        Some("bf16")
    } else if body == "add.ftz.f16 %d0, %a0, %a1;" {
        Some("is supported by the PTX target on f32 and f64 only")
    } else {
        None
    }
}

fn webgpu_gap(body: &str) -> Option<&'static str> {
    let atomic = body.starts_with("atom") || body.starts_with("red");
    if body.contains("f64") {
        Some("uses f64, which the WGSL target does not support")
    } else if body.contains("bf16") {
        Some("uses type 'bf16', which the WGSL target does not support")
    } else if directed_f32(body) {
        Some("uses f64, which the WGSL target does not support")
    } else if atomic && body.contains("64") {
        Some("64-bit atomic, which the WGSL target does not support")
    } else {
        WEBGPU.iter().find(|(b, _)| *b == body).map(|(_, e)| *e)
    }
}

/// WGSL target gaps that are not a type WGSL lacks.
const WEBGPU: &[(&str, &str)] = &[
    (
        "call with an aggregate parameter and a 64-bit result",
        "'vector<16xi8>', which the WGSL target does not support",
    ),
    (
        "testp.normal.f32 %d0, %a0;",
        "'math.isnormal' op is not supported",
    ),
    (
        "testp.subnormal.f32 %d0, %a0;",
        "'math.isnormal' op is not supported",
    ),
    (
        "add.ftz.f16 %d0, %a0, %a1;",
        "'cuda.flush_denormal' op is not supported",
    ),
    ("abs.s64 %d0, %a0;", "'math.absi' op is not supported"),
    ("mul.hi.s64 %d0, %a0, %a1;", "128-bit result"),
    ("mul.hi.u64 %d0, %a0, %a1;", "128-bit result"),
];

/// An f32 operation in a directed rounding whose exact error
/// `expand-cuda-arith` computes in f64 (conversions from 64-bit integers and
/// to f16 it computes by integer steps).
fn directed_f32(body: &str) -> bool {
    [".rz.", ".rm.", ".rp."].iter().any(|r| body.contains(r))
        && !body.contains("f16")
        && !body.contains("64")
}
