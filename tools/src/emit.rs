//! `--emit`: what `cuwasm-opt` writes after the pipeline. An enum so that
//! each target adds its value here.

use cuwasm::{Context, Diagnostic, OpId, PrintOptions};
use std::io::Write;

/// The output of a `cuwasm-opt` run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// The IR, in MLIR's generic syntax.
    #[default]
    Mlir,
    /// Cranelift IR of every function (the CPU target's input to the JIT).
    Clif,
    /// The binary Wasm module of the `wasm.module` (docs/wasm-abi.md).
    Wasm,
    /// The same module in the Wasm text format.
    Wat,
    /// PTX assembly of the first `gpu.module` (targets/ptx).
    Ptx,
    /// HIP C++ of the program (targets/hip): every `gpu.module`'s kernels
    /// and the host code with a C `main`, for wavefronts of 64 lanes (gfx90a).
    Hip,
    /// The same for wavefronts of 32 lanes (gfx1100).
    #[value(name = "hip-wave32")]
    HipWave32,
    /// WGSL of the first `gpu.module`'s kernels (targets/wgsl).
    Wgsl,
    /// Binary SPIR-V of the first `gpu.module`'s kernels (targets/spirv).
    Spirv,
    /// The same SPIR-V as text (spvasm).
    Spvasm,
}

impl Emit {
    /// Whether this output needs the module lowered for the Wasm target.
    pub fn is_wasm(self) -> bool {
        matches!(self, Emit::Wasm | Emit::Wat)
    }

    /// Whether this output is emitted from the gpu dialect
    /// (`gpu_path::GPU_PIPELINE`).
    pub fn is_gpu(self) -> bool {
        matches!(
            self,
            Emit::Ptx | Emit::Hip | Emit::HipWave32 | Emit::Wgsl | Emit::Spirv | Emit::Spvasm
        )
    }
}

/// Write `module` as `emit` asks; a target's failure is a diagnostic.
pub fn write(
    ctx: &Context,
    module: OpId,
    emit: Emit,
    print: PrintOptions,
    out: &mut dyn Write,
) -> std::io::Result<Result<(), Diagnostic>> {
    match emit {
        Emit::Mlir => ctx.print_op_to(module, print, out).map(Ok),
        Emit::Clif => clif(ctx, module, out),
        Emit::Wasm | Emit::Wat => wasm(ctx, module, emit, out),
        _ => gpu(ctx, module, emit, out),
    }
}

/// A GPU target's output for the first `gpu.module` of `module`.
fn gpu(
    ctx: &Context,
    module: OpId,
    emit: Emit,
    out: &mut dyn Write,
) -> std::io::Result<Result<(), Diagnostic>> {
    let Some(&gm) = crate::gpu_path::gpu_modules(ctx, module).first() else {
        let msg = "the module has no 'gpu.module': run the GPU pipeline first (it runs by default on .cu and .ptx input when no passes are given)";
        return Ok(Err(Diagnostic::error(ctx.loc(module), msg)));
    };
    let emitted = match emit {
        Emit::Ptx => ptx(ctx, gm),
        Emit::Hip | Emit::HipWave32 => hip(ctx, module, emit),
        Emit::Wgsl => wgsl(ctx, gm),
        _ => spirv(ctx, gm, emit),
    };
    match emitted {
        Ok(bytes) => out.write_all(&bytes).map(Ok),
        Err(d) => Ok(Err(d)),
    }
}

fn ptx(ctx: &Context, gm: OpId) -> Result<Vec<u8>, Diagnostic> {
    use cuwasm_targets::ptx::{PtxOptions, emit};
    emit(ctx, gm, &PtxOptions::default()).map(String::into_bytes)
}

fn hip(ctx: &Context, module: OpId, emit: Emit) -> Result<Vec<u8>, Diagnostic> {
    use cuwasm_targets::hip::{HipOptions, emit_program};
    let opts = match emit {
        Emit::HipWave32 => HipOptions::GFX1100,
        _ => HipOptions::GFX90A,
    };
    emit_program(ctx, module, &opts).map(String::into_bytes)
}

/// Each kernel's module, preceded by a `// kernel: NAME` line and a
/// `// layout: JSON` line (`KernelLayout::to_json`: how to launch it,
/// docs/webgpu-abi.md).
#[cfg(feature = "wgsl")]
fn wgsl(ctx: &Context, gm: OpId) -> Result<Vec<u8>, Diagnostic> {
    use cuwasm_targets::wgsl;
    let mut text = String::new();
    for k in wgsl::emit(ctx, gm, &wgsl::WgslOptions::default())? {
        let (name, layout) = (&k.layout.name, k.layout.to_json());
        text.push_str(&format!(
            "// kernel: {name}\n// layout: {layout}\n{}\n",
            k.source
        ));
    }
    Ok(text.into_bytes())
}

#[cfg(not(feature = "wgsl"))]
fn wgsl(ctx: &Context, gm: OpId) -> Result<Vec<u8>, Diagnostic> {
    Err(Diagnostic::error(
        ctx.loc(gm),
        "--emit=wgsl needs cuwasm-tools built with the 'wgsl' feature",
    ))
}

/// `--emit=spvasm`: each kernel's module as text, preceded by a `; kernel:
/// NAME` line. `--emit=spirv`: the binary module, of a module with one
/// kernel (a SPIR-V binary holds one module, and each kernel is its own).
#[cfg(feature = "spirv")]
fn spirv(ctx: &Context, gm: OpId, emit: Emit) -> Result<Vec<u8>, Diagnostic> {
    use cuwasm_targets::{spirv, wgsl::WgslOptions};
    let kernels = spirv::emit(ctx, gm, &WgslOptions::default())?;
    if emit == Emit::Spvasm {
        let mut text = String::new();
        for k in &kernels {
            let asm =
                spirv::disassemble(&k.words).map_err(|e| Diagnostic::error(ctx.loc(gm), e))?;
            text.push_str(&format!("; kernel: {}\n{asm}\n\n", k.layout.name));
        }
        return Ok(text.into_bytes());
    }
    match kernels.as_slice() {
        [k] => Ok(k.bytes()),
        [] => Err(Diagnostic::error(ctx.loc(gm), "the module has no kernel")),
        _ => {
            let names: Vec<&str> = kernels.iter().map(|k| k.layout.name.as_str()).collect();
            let msg = format!(
                "--emit=spirv writes the SPIR-V module of one kernel, and this module has {} ({}): give it a module with one kernel, or use --emit=spvasm for all of them",
                names.len(),
                names.join(", ")
            );
            Err(Diagnostic::error(ctx.loc(gm), msg))
        }
    }
}

#[cfg(not(feature = "spirv"))]
fn spirv(ctx: &Context, gm: OpId, _emit: Emit) -> Result<Vec<u8>, Diagnostic> {
    Err(Diagnostic::error(
        ctx.loc(gm),
        "--emit=spirv and --emit=spvasm need cuwasm-tools built with the 'spirv' feature",
    ))
}

#[cfg(feature = "wasm")]
fn wasm(
    ctx: &Context,
    module: OpId,
    emit: Emit,
    out: &mut dyn Write,
) -> std::io::Result<Result<(), Diagnostic>> {
    use cuwasm_targets::wasm;
    let Some(&m) = wasm::wasm_modules(ctx, module).first() else {
        let msg = "the module has no 'wasm.module': run the Wasm pipeline first (it runs by default when no passes are given)";
        return Ok(Err(Diagnostic::error(ctx.loc(module), msg)));
    };
    let bytes = match wasm::emit(ctx, m) {
        Ok(b) => b,
        Err(d) => return Ok(Err(d)),
    };
    match emit {
        Emit::Wasm => out.write_all(&bytes).map(Ok),
        _ => match wasm::to_wat(&bytes) {
            Ok(text) => out.write_all(text.as_bytes()).map(Ok),
            Err(e) => Ok(Err(Diagnostic::error(
                ctx.loc(m),
                format!("cannot print the module: {e}"),
            ))),
        },
    }
}

#[cfg(not(feature = "wasm"))]
fn wasm(
    ctx: &Context,
    module: OpId,
    _: Emit,
    _: &mut dyn Write,
) -> std::io::Result<Result<(), Diagnostic>> {
    Ok(Err(Diagnostic::error(
        ctx.loc(module),
        "--emit=wasm and --emit=wat need cuwasm-tools built with the 'wasm' feature",
    )))
}

#[cfg(feature = "cranelift")]
fn clif(
    ctx: &Context,
    module: OpId,
    out: &mut dyn Write,
) -> std::io::Result<Result<(), Diagnostic>> {
    let opts = cuwasm_targets::cranelift::JitOptions::default();
    match cuwasm_targets::cranelift::emit_clif(ctx, module, &opts) {
        Ok(text) => out.write_all(text.as_bytes()).map(Ok),
        Err(d) => Ok(Err(d)),
    }
}

#[cfg(not(feature = "cranelift"))]
fn clif(ctx: &Context, module: OpId, _: &mut dyn Write) -> std::io::Result<Result<(), Diagnostic>> {
    Ok(Err(Diagnostic::error(
        ctx.loc(module),
        "--emit=clif needs cuwasm-tools built with the 'cranelift' feature",
    )))
}
