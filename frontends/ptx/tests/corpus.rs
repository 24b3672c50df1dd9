//! The PTX corpus: every file of `tests/corpus/ptx/clang` (clang-22's PTX of the
//! CUDA corpus, see `regen_clang.sh`) and `tests/corpus/ptx/nvcc` (nvcc's, when
//! present) parses, lowers and verifies, and still verifies after mem2reg.

use cuwasm::Context;
use std::path::{Path, PathBuf};

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

fn check_folder(folder: &str) -> usize {
    let paths = files(folder);
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let mut ctx = Context::new();
        cuwasm_dialects::register_all(&mut ctx);
        match cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, &name, &text) {
            Err(diags) => {
                let mut msg = format!("{folder}/{name}: {} error(s)\n", diags.len());
                for d in diags.iter().take(5) {
                    msg.push_str(&ctx.render_diagnostic(d));
                }
                failures.push(msg);
            }
            Ok(module) => {
                if let Err(d) = ctx.verify(module) {
                    failures.push(format!(
                        "{folder}/{name}: does not verify:\n{}",
                        ctx.render_diagnostic(&d)
                    ));
                }
            }
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
fn clang_corpus_parses_lowers_and_verifies() {
    assert_eq!(check_folder("clang"), 35);
}

#[test]
fn nvcc_corpus_parses_lowers_and_verifies() {
    assert_eq!(check_folder("nvcc"), 35);
}
