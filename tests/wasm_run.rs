//! The Wasm path end to end: every corpus program that runs on the CPU path
//! runs with `cuwasm-run --device=wasm` (kernels in a Wasm module on
//! wasmtime, host code native) and prints the output nvcc's build printed,
//! at -O0 and -O2. Every emitted kernel module passes wabt's
//! `wasm-validate` as well as wasmparser's validator (which the emitter runs
//! itself).

use cuwasm_tests::{
    corpus_output_failures, cpu_hosted_runs, external_tool, scratch_dir, tests_dir, tool,
};
use std::process::Command;

#[test]
fn corpus_programs_run_on_the_wasm_device() {
    let failures = corpus_output_failures("wasm", &["-O2", "-O0"]);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn emitted_kernel_modules_pass_wasm_validate() {
    if !external_tool("wasm-validate") {
        return;
    }
    let dir = tests_dir().join("corpus/cuda");
    let out_dir = scratch_dir("wasm-validate");
    let opt = tool("cuwasm-opt");
    for stem in cpu_hosted_runs() {
        let wasm = out_dir.join(format!("{stem}.wasm"));
        let status = Command::new(&opt)
            .arg("--emit=wasm")
            .arg(dir.join(format!("{stem}.cu")))
            .arg("-o")
            .arg(&wasm)
            .status()
            .unwrap();
        assert!(status.success(), "cuwasm-opt --emit=wasm failed on {stem}");
        let check = Command::new("wasm-validate")
            .arg("--enable-threads")
            .arg(&wasm)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "wasm-validate rejects the module of {stem}:\n{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}
