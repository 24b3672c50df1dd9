//! Shared helpers of cuwasm's end-to-end tests: corpus discovery, locating the
//! tools, and the rule for external checkers (required under CI, loudly skipped
//! elsewhere).

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/` of the repository.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.mlir` files of a corpus folder under `tests/corpus/`, sorted.
pub fn corpus(folder: &str) -> Vec<PathBuf> {
    let dir = tests_dir().join("corpus").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "mlir"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "empty corpus {}", dir.display());
    files
}

/// A corpus file without its leading `// ...` description line(s).
pub fn corpus_text(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip_while(|l| l.starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The path of a workspace binary, (re)built once per test process with the
/// current profile so that it is never stale.
pub fn tool(name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|d| d.parent()).unwrap().to_path_buf();
    let path = profile_dir.join(name);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.iter().any(|b| b == name) {
        built.push(name.to_string());
        let release = profile_dir.ends_with("release");
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["build", "-q", "-p", "cuwasm-tools", "--bin", name]);
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status().expect("cannot run cargo");
        assert!(status.success(), "building {name} failed");
    }
    path
}

pub use cuwasm_test_support::external_tool;

/// The corpus programs (`tests/corpus/cuda`) that compile and run on the
/// CPU path, and so on every device built on it (`--device=wasm`).
pub const CORPUS_RUNS: &[&str] = &[
    "01_vector_add",
    "02_saxpy",
    "03_reduce_shared",
    "04_reduce_warp_shuffle",
    "05_matmul_tiled",
    "06_transpose",
    "07_jacobi2d",
    "08_stencil3d",
    "09_histogram",
    "10_scan",
    "11_bitonic_sort",
    "12_nbody",
    "13_softmax",
    "14_layernorm",
    "15_conv1d_constant",
    "16_conv2d_constant",
    "17_templates",
    "18_functor",
    "19_struct_params",
    "20_constant_tables",
    "21_fp16",
    "22_polybench_gemm",
    "23_polybench_atax",
    "24_dynamic_shared",
    "25_grid_stride",
    "26_atomics",
    "27_warp_vote",
    "29_bit_tricks",
    "30_events_timing",
    "31_streams",
    "32_control_flow",
    "33_grid3d",
    "34_cpp_features",
    "35_sync_and_globals",
];

/// Corpus programs that run on the devices whose host is the CPU path
/// (`--device=cpu` and `--device=wasm`) but not on every path of
/// [`CORPUS_RUNS`], each with what stops it elsewhere.
pub const CPU_HOSTED_RUNS: &[(&str, &str)] = &[(
    "28_math_api",
    "the PTX target emits no cbrtf and no double sin/cos/pow/atan2 yet (a located error); \
     WGSL has no f64; clang's PTX of it (tests/corpus/ptx/clang: no libdevice, the \
     shim's approximate math) misses the program's error bounds",
)];

/// The programs that run with `--device=cpu` and `--device=wasm`:
/// [`CORPUS_RUNS`] and [`CPU_HOSTED_RUNS`].
pub fn cpu_hosted_runs() -> Vec<&'static str> {
    let extra = CPU_HOSTED_RUNS.iter().map(|(stem, _)| *stem);
    CORPUS_RUNS.iter().copied().chain(extra).collect()
}

/// Run every program of [`cpu_hosted_runs`] with `cuwasm-run --device=DEVICE
/// LEVEL` for each of `levels` (a device hosted by the CPU path); one
/// message per program whose exit status is not success or whose stdout is
/// not its `.expected` output.
pub fn corpus_output_failures(device: &str, levels: &[&str]) -> Vec<String> {
    let device = format!("--device={device}");
    let programs = cpu_hosted_runs();
    levels
        .iter()
        .flat_map(|level| corpus_run_failures(&programs, &[&device, level]))
        .collect()
}

/// Run each of `programs` (corpus stems) with `cuwasm-run ARGS`; one message
/// per program whose exit status is not success or whose stdout is not its
/// `.expected` output.
pub fn corpus_run_failures(programs: &[&str], args: &[&str]) -> Vec<String> {
    let dir = tests_dir().join("corpus/cuda");
    let exe = tool("cuwasm-run");
    let mut failures = Vec::new();
    for stem in programs {
        let path = dir.join(format!("{stem}.cu"));
        let out = Command::new(&exe).args(args).arg(&path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        if !out.status.success() || stdout != expected {
            failures.push(format!(
                "{stem} with {args:?}: status {:?}\n--- stdout\n{stdout}--- expected\n{expected}--- stderr\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    failures
}

/// The wgpu adapter tests of the WebGPU device run on: the first (lavapipe
/// here and in CI), `CUWASM_WEBGPU_ADAPTER=N` another; None (the test
/// skips, saying so) with `CUWASM_NO_WEBGPU=1`. No adapter at all fails.
pub fn webgpu_adapter() -> Option<usize> {
    if std::env::var("CUWASM_NO_WEBGPU").is_ok_and(|v| v == "1") {
        eprintln!("*** SKIPPED: CUWASM_NO_WEBGPU=1 ***");
        return None;
    }
    assert!(
        !cuwasm_runtime::webgpu::adapters().is_empty(),
        "no webgpu adapter: install mesa-vulkan-drivers and libvulkan1 (lavapipe), or set CUWASM_NO_WEBGPU=1"
    );
    Some(std::env::var("CUWASM_WEBGPU_ADAPTER").map_or(0, |v| v.parse().unwrap()))
}

/// A scratch directory unique to this test process.
pub fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cuwasm-test-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `cuwasm-opt --emit=wasm` of CUDA `source`, written as `kernels.wasm` in
/// the scratch folder of `tag`.
pub fn emit_wasm_module(tag: &str, source: &str) -> PathBuf {
    emit_kernels(tag, source, "wasm")
}

/// `cuwasm-opt --emit=EMIT` of CUDA `source`, written as `kernels.EMIT` in
/// the scratch folder of `tag`.
pub fn emit_kernels(tag: &str, source: &str, emit: &str) -> PathBuf {
    let dir = scratch_dir(tag);
    let cu = dir.join("kernels.cu");
    std::fs::write(&cu, source).unwrap();
    let output = dir.join(format!("kernels.{emit}"));
    let out = Command::new(tool("cuwasm-opt"))
        .arg(format!("--emit={emit}"))
        .arg(&cu)
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    output
}

/// Pages in headless Chromium reporting their results.
pub mod browser;

/// Running corpus programs with their kernels replaced by a PTX module's.
#[path = "ptx_kernels.rs"]
pub mod ptx_kernels;

/// The lit-style runner of `tests/lit/` (see `tests/lit.rs`).
#[path = "lit_runner.rs"]
pub mod lit;
