//! Per-instruction semantics of the PTX frontend, run on the CPU path
//! (`Jit::ptx`): for each instruction form the frontend supports, a small
//! kernel on edge-case inputs (rounding modes, saturation, wrap-around, NaN,
//! shift amounts at and over the width, `.ftz`, ...) whose results must match
//! references computed here independently of cuwasm: Rust's integer and IEEE
//! float arithmetic, and bit manipulations written from the PTX ISA's
//! definitions. `harness.rs` builds and runs the kernels; `float.rs` holds the
//! rounding references; the other files hold the forms, by family.

mod atomics;
mod control;
mod float;
mod floats;
mod gaps;
mod harness;
mod integer;
mod memory;
mod warp;

/// The suites again on the wasm device: this test binary run once more
/// with [`harness::DEVICE_VAR`] naming the device (its other tests are the
/// suites; this one is skipped there). `PTX_SEMANTICS_DEVICE=webgpu` runs them
/// through WGSL on a wgpu adapter (gaps.rs lists what WGSL cannot express;
/// on lavapipe `fma.rn.f32` is not fused, so that suite fails there: not yet
/// in CI), `cuda` on an NVIDIA GPU (the H100 run).
#[test]
fn rerun_on_the_wasm_device() {
    rerun_on("wasm");
}

fn rerun_on(device: &str) {
    if std::env::var_os(harness::DEVICE_VAR).is_some() {
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .env(harness::DEVICE_VAR, device)
        .args(["--skip", "rerun_on_", "--test-threads", "1"])
        .output()
        .expect("run the test binary again");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    eprintln!("{stderr}");
    assert!(
        out.status.success(),
        "the suites fail on --device={device}:\n{stdout}"
    );
}
