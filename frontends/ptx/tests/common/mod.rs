//! Helpers of the PTX frontend's tests: lower a PTX text, verify it, optionally
//! run mem2reg + canonicalize + cse, and check the printed IR with FileCheck.
#![allow(dead_code)]

use cuwasm::{Context, OpId};
use cuwasm_passes::{PassManager, PassRegistry};

pub fn context() -> Context {
    let mut ctx = Context::new();
    cuwasm_dialects::register_all(&mut ctx);
    ctx
}

/// Lower `src` (file `t.ptx`) and verify the result.
pub fn lower(src: &str) -> (Context, OpId) {
    let mut ctx = context();
    let module = match cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, "t.ptx", src) {
        Ok(m) => m,
        Err(ds) => {
            let text: String = ds.iter().map(|d| ctx.render_diagnostic(d)).collect();
            panic!("lowering failed:\n{text}\ninput:\n{src}");
        }
    };
    if let Err(d) = ctx.verify(module) {
        let printed = ctx.print_op(module, Default::default());
        panic!("does not verify:\n{}\n{printed}", ctx.render_diagnostic(&d));
    }
    (ctx, module)
}

/// The default properties of arith, math and ptr ops, left out of the text the
/// checks read (mlir-opt prints them; they say nothing here).
const DEFAULTS: &[&str] = &[
    " <{overflowFlags = #arith.overflow<none>}>",
    " <{fastmath = #arith.fastmath<none>}>",
    " <{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}>",
    " <{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}>",
    " <{flags = 0 : i32}>",
    " <{flags = 0 : i8}>",
];

fn strip(text: String) -> String {
    DEFAULTS.iter().fold(text, |t, d| t.replace(d, ""))
}

/// The IR of `src` as lowered (registers still in slots), default properties left out.
pub fn raw_ir(src: &str) -> String {
    let (ctx, module) = lower(src);
    strip(ctx.print_op(module, Default::default()))
}

/// The IR of `src` after mem2reg, canonicalize and cse, default properties left out.
pub fn ir(src: &str) -> String {
    let (mut ctx, module) = lower(src);
    let registry = PassRegistry::with_builtin_passes();
    let pm = PassManager::parse(
        &registry,
        "builtin.module(mem2reg,canonicalize,cse)",
        Default::default(),
    )
    .unwrap();
    if let Err(f) = pm.run(&mut ctx, module) {
        panic!("pipeline failed: {}", ctx.render_diagnostic(&f.diagnostic));
    }
    strip(ctx.print_op(module, Default::default()))
}

fn filecheck(text: &str, checks: &str, src: &str) {
    let out = cuwasm_filecheck::check(
        "checks",
        checks.as_bytes(),
        "ir",
        text.as_bytes(),
        &Default::default(),
    );
    assert!(
        out.passed(),
        "{}\n--- IR ---\n{text}\n--- PTX ---\n{src}",
        out.stderr
    );
}

/// FileCheck `checks` against [`ir`] of `src`.
pub fn check(src: &str, checks: &str) {
    filecheck(&ir(src), checks, src);
}

/// FileCheck `checks` against [`raw_ir`] of `src`.
pub fn check_raw(src: &str, checks: &str) {
    filecheck(&raw_ir(src), checks, src);
}

/// The diagnostics of `src`, which must fail, rendered.
pub fn errors(src: &str) -> String {
    let mut ctx = context();
    match cuwasm_frontend_ptx::parse_ptx_module(&mut ctx, "t.ptx", src) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(ds) => {
            assert!(!ds.is_empty());
            ds.iter().map(|d| ctx.render_diagnostic(d)).collect()
        }
    }
}

/// Assert that `src` fails with a diagnostic containing `want` (with `t.ptx:LINE:COL`).
pub fn expect_error(src: &str, want: &str) {
    let text = errors(src);
    assert!(text.contains(want), "expected '{want}' in:\n{text}");
}

pub const HEADER: &str = ".version 8.0\n.target sm_80\n.address_size 64\n";

/// A kernel `k` whose body follows loads of test inputs from `[%rd1]`:
/// `%r1 %r2 %r3` (u32 at 0, 4, 8), `%f1 %f2 %f3` (f32 at 16..24), `%rd2 %rd3`
/// (u64 at 32, 40), `%fd1 %fd2` (f64 at 48, 56), `%rs1 %rs2` (b16 at 64, 66),
/// `%p1 = %r3 != 0`. Results are stored to `[%rd1+N]` by the body.
pub fn kernel(body: &str) -> String {
    format!(
        "{HEADER}.visible .entry k(.param .u64 k_p)\n{{\n\
         .reg .pred %p<8>;\n.reg .b16 %rs<8>;\n.reg .b32 %r<32>;\n.reg .f32 %f<16>;\n\
         .reg .b64 %rd<16>;\n.reg .f64 %fd<8>;\n\
         ld.param.u64 %rd1, [k_p];\n\
         ld.global.u32 %r1, [%rd1];\nld.global.u32 %r2, [%rd1+4];\nld.global.u32 %r3, [%rd1+8];\n\
         ld.global.f32 %f1, [%rd1+16];\nld.global.f32 %f2, [%rd1+20];\nld.global.f32 %f3, [%rd1+24];\n\
         ld.global.u64 %rd2, [%rd1+32];\nld.global.u64 %rd3, [%rd1+40];\n\
         ld.global.f64 %fd1, [%rd1+48];\nld.global.f64 %fd2, [%rd1+56];\n\
         ld.global.u16 %rs1, [%rd1+64];\nld.global.u16 %rs2, [%rd1+66];\n\
         setp.ne.u32 %p1, %r3, 0;\n\
         // BODY\n{body}\nret;\n}}\n"
    )
}

/// The IR of a kernel body, for exploring while writing tests.
pub fn show(body: &str) -> String {
    ir(&kernel(body))
}
