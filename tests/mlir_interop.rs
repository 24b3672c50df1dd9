//! Interop with the real MLIR (mlir-opt-22): what cuwasm prints from the
//! upstream-only corpus verifies under mlir-opt-22 without
//! --allow-unregistered-dialect, and what mlir-opt-22 prints parses in cuwasm
//! and reaches a print fixed point (here: byte-identical to mlir-opt's output).

use cuwasm::PrintOptions;
use cuwasm_tests::{corpus, corpus_text, external_tool, scratch_dir};
use cuwasm_tools::{OptOptions, opt_buffer};
use std::process::Command;

const MLIR_OPT: &str = "mlir-opt-22";

fn mlir_opt(args: &[&str], path: &std::path::Path) -> Result<String, String> {
    let out = Command::new(MLIR_OPT)
        .args(args)
        .arg(path)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string() + "\n")
    } else {
        Err(String::from_utf8_lossy(&out.stderr).to_string())
    }
}

#[test]
fn cuwasm_output_verifies_under_mlir_opt_and_back() {
    if !external_tool(MLIR_OPT) {
        return;
    }
    let dir = scratch_dir("interop");
    let mut failures = Vec::new();
    for path in corpus("upstream") {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let input = corpus_text(&path);
        let debug_info = input.contains(" loc(");
        let opts = OptOptions {
            verify: true,
            print: PrintOptions { debug_info },
            ..Default::default()
        };
        let ours = opt_buffer(&name, &input, opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let printed = dir.join(&name);
        std::fs::write(&printed, &ours).unwrap();
        let mut args = vec![
            "--verify-each",
            "--mlir-print-op-generic",
            "--mlir-print-local-scope",
        ];
        if debug_info {
            args.push("--mlir-print-debuginfo");
        }
        match mlir_opt(&args, &printed) {
            Err(e) => failures.push(format!("{name}: mlir-opt-22 rejects cuwasm's output:\n{e}")),
            Ok(theirs) => {
                // What mlir-opt prints parses in cuwasm and is a print fixed point.
                let again = opt_buffer(&name, &theirs, opts)
                    .unwrap_or_else(|e| panic!("{name}: cuwasm rejects mlir-opt's output: {e}"));
                let twice = opt_buffer(&name, &again, opts).unwrap();
                if again != twice {
                    failures.push(format!("{name}: no print fixed point"));
                }
                if again != theirs {
                    failures.push(format!(
                        "{name}: cuwasm's print of mlir-opt's output differs from it"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
