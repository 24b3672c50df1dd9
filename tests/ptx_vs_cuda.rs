//! Each corpus PTX file gives the same results as the CUDA source it came
//! from, on the CPU path: the program runs with its kernels replaced by the
//! PTX file's `.entry`s (`cuwasm_tests::ptx_kernels`) and must print exactly
//! what nvcc's build prints (`.expected`, which the CUDA source's own
//! CPU-path run also matches: `cpu_run.rs`).
//!
//! Every program of `CORPUS_RUNS` (the ones whose host code the CUDA
//! frontend lowers) is checked with the PTX of both nvcc and clang-22.

use cuwasm_tests::ptx_kernels::{corpus_output_failures, program_with_ptx_kernels, run_child};
use cuwasm_tests::{CORPUS_RUNS, tests_dir};

const CHILD_ENV: &str = "CUWASM_PTX_VS_CUDA";

/// In a child process (`CUWASM_PTX_VS_CUDA=stem:flavor`): run the program
/// with the kernels of `tests/corpus/ptx/FLAVOR/STEM.ptx`.
#[test]
fn child_run_program() {
    run_child(CHILD_ENV, |stem, flavor| {
        let ptx = tests_dir().join(format!("corpus/ptx/{flavor}/{stem}.ptx"));
        let text = std::fs::read_to_string(&ptx).map_err(|e| e.to_string())?;
        program_with_ptx_kernels(stem, &ptx.to_string_lossy(), &text)
    });
}

/// The PTX files that cannot run on the CPU path yet, with the error they
/// give. Each must still fail so; one that starts to run fails the test
/// until it leaves this list. (Empty since convert-gpu-to-simd reads the
/// values a region yields after lowering the region: before, the kernels of
/// 05_matmul_tiled, 12_nbody and 24_dynamic_shared, whose `scf.if` yields
/// the results of an `scf.while` with barriers, lost them.)
const CANNOT_RUN: &[(&str, &str)] = &[];

#[test]
fn ptx_kernels_give_the_programs_output() {
    let flavors = ["nvcc", "clang"];
    let (checked, failures) =
        corpus_output_failures("child_run_program", CHILD_ENV, &flavors, CANNOT_RUN);
    eprintln!("{checked} PTX files give their program's output");
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        flavors.len() * CORPUS_RUNS.len(),
        failures.join("\n")
    );
}
