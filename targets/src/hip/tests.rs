//! `emit` (a `gpu.module`'s kernels) and the options, on IR text.

use super::{HipOptions, emit, emit_program};
use cuwasm::{Context, OpId};

const KERNEL: &str = r#""builtin.module"() ({
  "gpu.module"() <{sym_name = "kernels"}> ({
    "gpu.func"() <{function_type = (!ptr.ptr<#ptr.generic_space>, f32) -> ()}> ({
    ^bb0(%p: !ptr.ptr<#ptr.generic_space>, %x: f32):
      %c = "arith.constant"() <{value = 32 : i32}> : () -> i32
      %l = "arith.constant"() <{value = 3 : i32}> : () -> i32
      %s:2 = "gpu.shuffle"(%x, %l, %c) <{mode = #gpu<shuffle_mode idx>}> : (f32, i32, i32) -> (f32, i1)
      "ptr.store"(%s#0, %p) : (f32, !ptr.ptr<#ptr.generic_space>) -> ()
      "gpu.return"() : () -> ()
    }) {gpu.kernel, sym_name = "k"} : () -> ()
  }) : () -> ()
}) {gpu.container_module} : () -> ()
"#;

fn parse(src: &str) -> (Context, OpId) {
    let mut ctx = Context::new();
    cuwasm_dialects::register_all(&mut ctx);
    let module = cuwasm::parse_module(&mut ctx, "test.mlir", std::sync::Arc::<str>::from(src))
        .expect("the test IR parses");
    (ctx, module)
}

fn gpu_module(ctx: &Context, module: OpId) -> OpId {
    let body = ctx.entry_block(ctx.region(module, 0)).unwrap();
    ctx.block_ops(body).next().unwrap()
}

#[test]
fn kernels_of_a_gpu_module() {
    let (ctx, module) = parse(KERNEL);
    let gm = gpu_module(&ctx, module);
    let text = emit(&ctx, gm, &HipOptions::GFX1100).unwrap();
    assert!(text.contains("#define CUWASM_WAVEFRONT 32\n"), "{text}");
    assert!(
        text.contains("extern \"C\" __global__ void k(char *v0, float v1) {\n  const float v2 = cuwasm_shfl(v1, 3u);\n  cuwasm_store<float>(v0, v2);\n}\n"),
        "{text}"
    );
    // Kernels only: no host code, no C main.
    assert!(!text.contains("int main("), "{text}");
    // The whole program of a module without host functions is the same.
    assert_eq!(
        emit_program(&ctx, module, &HipOptions::GFX1100).unwrap(),
        text
    );
}

#[test]
fn wavefronts_other_than_32_and_64_are_refused() {
    let (ctx, module) = parse(KERNEL);
    let err = emit(
        &ctx,
        gpu_module(&ctx, module),
        &HipOptions { wavefront: 48 },
    )
    .unwrap_err();
    let text = ctx.render_diagnostic(&err);
    assert!(
        text.contains("the HIP target takes wavefronts of 32 or 64 lanes, not 48"),
        "{text}"
    );
}
