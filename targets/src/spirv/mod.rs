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

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "override cuwasm_block_x: u32 = 1u;
override cuwasm_block_y: u32 = 1u;
override cuwasm_block_z: u32 = 1u;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
";

    /// `body` (WGSL declarations and a `main`) after the ABI's block
    /// overrides, as spvasm.
    fn spvasm(body: &str) -> Result<String, String> {
        disassemble(&from_wgsl(&format!("{BLOCK}{body}"))?)
    }

    const MAIN: &str = "@compute @workgroup_size(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z)
fn main(@builtin(local_invocation_index) li: u32) {";

    #[test]
    fn composites_of_spec_constants_are_spec_constant_composites() {
        let asm = spvasm(&format!(
            "{MAIN} let d = vec3<u32>(cuwasm_block_x, cuwasm_block_y, cuwasm_block_z); out[li] = d.x * d.y + d.z; }}"
        ))
        .unwrap();
        assert!(asm.contains("OpSpecConstantComposite"), "{asm}");
        assert!(!asm.contains("OpConstantComposite"), "{asm}");
        assert_eq!(asm.matches(" SpecId ").count(), 3, "{asm}");
    }

    #[test]
    fn a_computed_override_is_computed_where_it_is_used() {
        let asm = spvasm(&format!(
            "override four_more: u32 = cuwasm_block_x + 4u;\n{MAIN} out[li] = four_more; }}"
        ))
        .unwrap();
        assert!(
            asm.contains("OpName %") && asm.contains("\"four_more\""),
            "{asm}"
        );
        assert!(asm.contains("OpIAdd"), "{asm}");
        // Nothing of the pin is left: no constant of its value.
        assert!(!asm.contains(&format!(" {}", 0x0ACE_0000u32)), "{asm}");
        assert!(!asm.contains("OpSpecConstantOp"), "{asm}");
    }

    #[test]
    fn what_cannot_be_written_is_an_error_not_a_wrong_module() {
        let e = spvasm(&format!(
            "var<workgroup> a: array<u32, cuwasm_block_x * 2u>;\n{MAIN} a[li] = li; out[li] = a[0]; }}"
        ))
        .unwrap_err();
        assert!(e.contains("has no limit"), "{e}");
        let e = spvasm(&format!(
            "override scale: f32 = 2.0;\n{MAIN} out[li] = u32(scale); }}"
        ))
        .unwrap_err();
        assert!(e.contains("'scale' is not a u32"), "{e}");
    }
}
