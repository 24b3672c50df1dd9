//! Behaviour compared with MLIR's own pass (`mlir-opt-22 --lift-cf-to-scf`,
//! required under `CI=true`, skipped loudly elsewhere): for the lit tests'
//! functions and for random CFGs, MLIR's output must run like the input,
//! as ours does, and the sizes of the two outputs are reported side by
//! side. What MLIR refuses (unreachable blocks) is counted.

use super::fuzz::{Rng, random_function};
use super::semantic::lit_files;
use super::{Irreducible, LiftCfToScf, interp, parse};
use crate::{Pass, PassState};
use std::io::Write;
use std::process::{Command, Stdio};

/// MLIR's lift-cf-to-scf of `text`, printed generic; the first error line on failure.
fn mlir_opt(text: &str) -> Result<String, String> {
    let mut child = Command::new("mlir-opt-22")
        .args(["--lift-cf-to-scf", "--mlir-print-op-generic", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err
            .lines()
            .find(|l| l.contains("error"))
            .unwrap_or("")
            .to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every function of `text` run on `inputs`.
fn runs(text: &str, inputs: &[Vec<i128>]) -> Vec<interp::Run> {
    let (ctx, module) = parse(text);
    let mut out = Vec::new();
    for (name, f) in interp::functions(&ctx, module) {
        let n = ctx
            .block_args(ctx.entry_block(ctx.region(f, 0)).unwrap())
            .len();
        for input in inputs {
            let args: Vec<i128> = (0..n).map(|i| input.get(i).copied().unwrap_or(0)).collect();
            out.push(interp::run(&ctx, module, &name, &args, 30));
        }
    }
    out
}

/// Ops under the functions of `text` after our pass.
fn our_size(text: &str) -> usize {
    let (mut ctx, module) = parse(text);
    let pass = LiftCfToScf {
        irreducible: Irreducible::Split,
        max_growth: 4,
    };
    pass.run(&mut ctx, module, &mut PassState::default())
        .unwrap();
    ctx.walk_preorder(module).len()
}

#[test]
fn behaves_like_mlir_opt() {
    if !cuwasm_test_support::external_tool("mlir-opt-22") {
        return;
    }
    let inputs = vec![vec![0, 1], vec![5, -2], vec![3, 3], vec![-1, 7]];
    let mut texts: Vec<String> = lit_files()
        .iter()
        .flat_map(|(_, t)| t.split("// -----").map(str::to_string).collect::<Vec<_>>())
        .filter(|c| c.contains("\"func.func\"() <{function_type = (i32, i32)"))
        .collect();
    let mut rng = Rng(0x5eed_1234_5678_9abd);
    for round in 0..60 {
        texts.push(random_function(&mut rng, round).0);
    }
    let (mut compared, mut refused) = (0, Vec::new());
    let (mut ours, mut theirs) = (0, 0);
    for text in &texts {
        let upstream = match mlir_opt(text) {
            Ok(u) => u,
            Err(e) => {
                refused.push(e);
                continue;
            }
        };
        let before = runs(text, &inputs);
        let after = runs(&upstream, &inputs);
        assert_eq!(
            before, after,
            "mlir-opt-22's output behaves differently\n{text}\n{upstream}"
        );
        let (ctx, module) = parse(&upstream);
        theirs += ctx.walk_preorder(module).len();
        ours += our_size(text);
        compared += 1;
    }
    eprintln!(
        "mlir-opt-22 --lift-cf-to-scf: {compared} inputs behave alike (ops after: ours {ours}, MLIR's {theirs}); refused {}: {:?}",
        refused.len(),
        refused
            .iter()
            .map(|e| e.split("error: ").nth(1).unwrap_or(e))
            .collect::<std::collections::BTreeSet<_>>()
    );
    assert!(compared >= 40);
}
