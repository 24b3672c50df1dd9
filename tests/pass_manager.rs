//! The pass manager end to end: parallel execution over isolated ops gives the
//! same bytes as a serial run.

use cuwasm_tests::tool;
use std::fmt::Write;
use std::process::Command;

/// A module of `n` functions, each with duplicated subexpressions, identities
/// and constant chains (a small LCG makes them differ from one another).
fn module_with_functions(n: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as i64
    };
    let mut text = String::new();
    for f in 0..n {
        let _ = writeln!(
            text,
            "\"func.func\"() <{{function_type = (i32, i32) -> i32, sym_name = \"f{f}\"}}> ({{\n^bb0(%a: i32, %b: i32):"
        );
        let c1 = next() % 100;
        let c2 = next() % 100;
        let _ = writeln!(
            text,
            "  %c1 = \"arith.constant\"() <{{value = {c1} : i32}}> : () -> i32\n  \
             %c2 = \"arith.constant\"() <{{value = {c2} : i32}}> : () -> i32\n  \
             %zero = \"arith.constant\"() <{{value = 0 : i32}}> : () -> i32\n  \
             %x = \"arith.addi\"(%a, %b) : (i32, i32) -> i32\n  \
             %y = \"arith.addi\"(%a, %b) : (i32, i32) -> i32\n  \
             %z = \"arith.muli\"(%x, %y) : (i32, i32) -> i32\n  \
             %w = \"arith.addi\"(%z, %zero) : (i32, i32) -> i32\n  \
             %k = \"arith.addi\"(%c1, %c2) : (i32, i32) -> i32\n  \
             %r = \"arith.addi\"(%w, %k) : (i32, i32) -> i32\n  \
             \"func.return\"(%r) : (i32) -> ()\n}}) : () -> ()"
        );
    }
    text
}

fn run(input: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    let out = Command::new(tool("cuwasm-opt"))
        .arg(input)
        .arg("--pass-pipeline=builtin.module(func.func(canonicalize,cse),func.func(test-mark{tag=5}))")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn parallel_and_serial_runs_print_the_same_bytes() {
    let dir = cuwasm_tests::scratch_dir("pass-manager");
    let input = dir.join("thousand.mlir");
    std::fs::write(&input, module_with_functions(1000, 7)).unwrap();
    let parallel = run(&input, &[]);
    let serial = run(&input, &["--mlir-disable-threading"]);
    assert!(parallel == serial, "parallel and serial outputs differ");
    let text = String::from_utf8(parallel).unwrap();
    // The passes did run on every function: duplicates and x+0 are gone.
    assert_eq!(text.matches("test.mark = 5").count(), 1000);
    assert_eq!(text.matches("arith.muli").count(), 1000);
    assert_eq!(
        text.matches("\"arith.addi\"").count(),
        2000,
        "one a+b and one final add per function"
    );
}
