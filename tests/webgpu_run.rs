//! The corpus on WebGPU: every program of `CORPUS_RUNS` whose kernels the
//! WGSL target can express runs with `cuwasm-run --device=webgpu` (wgpu on
//! the first adapter: Mesa's lavapipe here and in CI) and prints exactly
//! its `.expected` output, as nvcc's build does, with its kernels given to
//! wgpu as WGSL and, with `--shader=spirv[-passthrough]`, as SPIR-V.

use cuwasm_tests::{CORPUS_RUNS, corpus_run_failures};

/// Programs that use what WebGPU cannot express, each refused at compile
/// time with a located error (checked by tests/wgsl_target.rs).
pub const NOT_ON_WEBGPU: &[(&str, &str)] = &[
    (
        "17_templates",
        "f64 arithmetic in the double instance of a kernel template (WGSL has no f64)",
    ),
    ("23_polybench_atax", "f64 arithmetic (WGSL has no f64)"),
    (
        "26_atomics",
        "64-bit atomicCAS (WGSL has 32-bit atomics only)",
    ),
];

/// The programs that must run on WebGPU.
fn programs() -> Vec<&'static str> {
    CORPUS_RUNS
        .iter()
        .copied()
        .filter(|p| !NOT_ON_WEBGPU.iter().any(|(n, _)| n == p))
        .collect()
}

#[test]
fn corpus_runs_on_webgpu_through_wgsl() {
    let failures = corpus_run_failures(&programs(), &["--device=webgpu"]);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same programs with their kernels as SPIR-V (targets/spirv: the same
/// lowering, written by naga's SPIR-V backend), read by naga's SPIR-V reader
/// in the runtime: the same output.
#[test]
fn corpus_runs_on_webgpu_through_spirv() {
    let args = ["--device=webgpu", "--shader=spirv"];
    let failures = corpus_run_failures(&programs(), &args);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same SPIR-V handed to the driver as it is (lavapipe compiles the
/// words the target wrote, specialized per launch, not naga's rewrite).
#[test]
fn corpus_runs_on_webgpu_through_spirv_passthrough() {
    let args = ["--device=webgpu", "--shader=spirv-passthrough"];
    let failures = corpus_run_failures(&programs(), &args);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
