//! The PTX corpus: every file of `tests/corpus/ptx/clang` (clang-22's PTX of the
//! CUDA corpus, see `regen_clang.sh`) and `tests/corpus/ptx/nvcc` (nvcc 13.0's,
//! see `regen_nvcc.sh`) parses, lowers and verifies; the lowered IR verifies
//! under `mlir-opt-22 --allow-unregistered-dialect` (when it is installed;
//! required under `CI=true`); and after `mem2reg` and `lift-cf-to-scf` it
//! verifies and holds no cf op.

use cuwasm::Context;
use cuwasm_passes::{PassManager, PassRegistry};
use std::path::{Path, PathBuf};
use std::process::Command;

fn files(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus/ptx")
        .join(folder);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "ptx"));
    v.sort();
    v
}

/// `mlir-opt-22`, if it can be run; under `CI=true` it must be.
fn mlir_opt() -> Option<&'static str> {
    cuwasm_test_support::external_tool("mlir-opt-22").then_some("mlir-opt-22")
}

/// mlir-opt-22 accepts `text`, or the error it printed.
fn mlir_opt_accepts(tool: &str, folder: &str, name: &str, text: &str) -> Result<(), String> {
    let path = std::env::temp_dir().join(format!(
        "cuwasm-ptx-corpus-{}-{folder}-{name}.mlir",
        std::process::id()
    ));
    std::fs::write(&path, text).unwrap();
    let out = Command::new(tool)
        .args([
            "--allow-unregistered-dialect",
            "--verify-each",
            "-o",
            "/dev/null",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    match out.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&out.stderr)
            .lines()
            .take(5)
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

fn check_folder(folder: &str) -> usize {
    let paths = files(folder);
    let registry = PassRegistry::with_builtin_passes();
    let pipeline = PassManager::parse(
        &registry,
        "builtin.module(mem2reg,lift-cf-to-scf)",
        Default::default(),
    )
    .unwrap();
    let tool = mlir_opt();
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let mut ctx = Context::new();
        cuwasm_dialects::register_all(&mut ctx);
        let module = match cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, &name, &text) {
            Ok(m) => m,
            Err(diags) => {
                let mut msg = format!("{folder}/{name}: {} error(s)\n", diags.len());
                for d in diags.iter().take(5) {
                    msg.push_str(&ctx.render_diagnostic(d));
                }
                failures.push(msg);
                continue;
            }
        };
        if let Err(d) = ctx.verify(module) {
            failures.push(format!(
                "{folder}/{name}: does not verify:\n{}",
                ctx.render_diagnostic(&d)
            ));
            continue;
        }
        if let Some(tool) = tool
            && let Err(e) = mlir_opt_accepts(
                tool,
                folder,
                &name,
                &ctx.print_op(module, Default::default()),
            )
        {
            failures.push(format!(
                "{folder}/{name}: mlir-opt-22 rejects the lowered IR:\n{e}"
            ));
        }
        if let Err(f) = pipeline.run(&mut ctx, module) {
            failures.push(format!(
                "{folder}/{name}: mem2reg,lift-cf-to-scf failed:\n{}",
                ctx.render_diagnostic(&f.diagnostic)
            ));
            continue;
        }
        if let Some(op) = ctx
            .walk_preorder(module)
            .into_iter()
            .find(|o| ctx.op_name_text(*o).starts_with("cf."))
        {
            failures.push(format!(
                "{folder}/{name}: '{}' left after lift-cf-to-scf",
                ctx.op_name_text(op)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} file(s) failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
    paths.len()
}

#[test]
fn clang_corpus() {
    assert_eq!(check_folder("clang"), 35);
}

#[test]
fn nvcc_corpus() {
    assert_eq!(check_folder("nvcc"), 35);
}
