//! The SPIR-V target: gpu-dialect kernels (a `gpu.module` after
//! `cuwasm_tools::gpu_path::GPU_PIPELINE`) to SPIR-V for Vulkan compute
//! (logical addressing, structured control flow), one module per kernel,
//! following docs/webgpu-abi.md.
//!
//! One shader lowering, two writers: a kernel goes through the WGSL target
//! (its analyses, its located errors, naga's validation), and naga's SPIR-V
//! backend writes that module. Then:
//!
//! - [`pins`]: naga's SPIR-V writer takes no overrides, so each one (block
//!   shape, dynamic shared words, what WGSL computes from them) is first
//!   pinned to a named constant of a value found nowhere else.
//! - [`write`]: naga's SPIR-V writer, for Vulkan 1.1 (SPIR-V 1.3).
//! - [`spec_constants`]: with rspirv, each pinned constant becomes what the
//!   ABI asks: a named `OpSpecConstant` with a `SpecId`, or a value computed
//!   from those.
//! - [`readback`]: naga reads every module back and validates it before it
//!   leaves [`emit`]; a failure is an internal compiler error at the kernel.
//!
//! What SPIR-V through this path cannot express is what WGSL cannot (the
//! WGSL target's located errors: f64, pointers in memory, most 64-bit
//! atomics).

mod pins;
mod readback;
mod spec_constants;
mod write;

use crate::wgsl::{self, WgslKernel, WgslOptions};
use cuwasm::{Context, Diagnostic, OpId};
use cuwasm_dialects::webgpu_abi::KernelLayout;
use rspirv::binary::Disassemble;

/// One kernel's SPIR-V module and how to launch it.
#[derive(Clone, Debug)]
pub struct SpirvKernel {
    pub layout: KernelLayout,
    /// The module's words (read back and validated by naga).
    pub words: Vec<u32>,
}

impl SpirvKernel {
    /// The module as bytes, little endian (a `.spv` file).
    pub fn bytes(&self) -> Vec<u8> {
        self.words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }
}

/// Every kernel of `gpu_module` as a validated SPIR-V module. `opts` are
/// the WGSL target's, whose lowering this target writes.
pub fn emit(
    ctx: &Context,
    gpu_module: OpId,
    opts: &WgslOptions,
) -> Result<Vec<SpirvKernel>, Diagnostic> {
    let funcs = wgsl::kernels(ctx, gpu_module);
    wgsl::emit(ctx, gpu_module, opts)?
        .into_iter()
        .zip(funcs)
        .map(|(kernel, func)| write_kernel(ctx, func, kernel))
        .collect()
}

/// The WGSL target's `kernel` of `func` as SPIR-V.
fn write_kernel(ctx: &Context, func: OpId, kernel: WgslKernel) -> Result<SpirvKernel, Diagnostic> {
    let words = from_wgsl(&kernel.source).map_err(|e| {
        ctx.op_error(
            func,
            format!("internal compiler error: the SPIR-V emitter failed (a cuwasm bug, please report it): {e}"),
        )
    })?;
    Ok(SpirvKernel {
        layout: kernel.layout,
        words,
    })
}

/// The SPIR-V of the WGSL target's module `source`.
fn from_wgsl(source: &str) -> Result<Vec<u32>, String> {
    let mut module = naga::front::wgsl::parse_str(source).map_err(|e| e.emit_to_string(source))?;
    let pins = pins::pin_overrides(&mut module)?;
    let info = wgsl::validate::validator()
        .validate(&module)
        .map_err(|e| e.emit_to_string(source))?;
    let words = write::write(&module, &info)?;
    let words = spec_constants::fit_abi(&words, &pins)?;
    readback::check(&words)?;
    Ok(words)
}

/// `words` as SPIR-V assembly (rspirv's disassembler).
pub fn disassemble(words: &[u32]) -> Result<String, String> {
    let module = rspirv::dr::load_words(words).map_err(|e| e.to_string())?;
    Ok(module.disassemble())
}
