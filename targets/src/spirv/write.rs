//! naga's SPIR-V writer, set for Vulkan compute.

use naga::back::spv::{self, Options, WriterFlags, ZeroInitializeWorkgroupMemoryMode};
use naga::valid::ModuleInfo;

/// SPIR-V 1.3, Vulkan 1.1's: what wgpu's Vulkan backend and lavapipe take.
const SPIRV_VERSION: (u8, u8) = (1, 3);

/// The words of `module` (pinned: no overrides).
///
/// Integer division by zero stays defined, as in the WGSL the lowering
/// wrote. Workgroup memory is not zeroed: CUDA's shared memory starts
/// undefined, the lowering sets its own workgroup variables, and naga's
/// zeroing stores to an atomic array are what naga's SPIR-V reader (the
/// runtime's) cannot read back. Indices are not clamped: pinned array
/// lengths are not the real ones (storage buffers are bounded by Vulkan's
/// robust buffer access, which wgpu enables). Loops get naga's iteration
/// bound (as wgpu gives them): without it LLVM-based drivers may take a
/// loop they cannot prove finite for undefined behaviour, and lavapipe
/// then computes wrong results (20_constant_tables' CRC loop,
/// 32_control_flow's Collatz do-while, run as passthrough SPIR-V).
pub fn write(module: &naga::Module, info: &ModuleInfo) -> Result<Vec<u32>, String> {
    let options = Options {
        lang_version: SPIRV_VERSION,
        // Names: the ABI's spec constants are found and named by them.
        flags: WriterFlags::DEBUG,
        // The WGSL module's `@group(0) @binding(n)` are the ABI's bindings.
        fake_missing_bindings: true,
        zero_initialize_workgroup_memory: ZeroInitializeWorkgroupMemoryMode::None,
        force_loop_bounding: true,
        // Compute shaders have no f16 inputs or outputs; the capability
        // would only keep naga's SPIR-V reader (the runtime's) from reading
        // an f16 kernel.
        use_storage_input_output_16: false,
        ..Options::default()
    };
    spv::write_vec(module, info, &options, None).map_err(|e| format!("naga's SPIR-V writer: {e}"))
}
