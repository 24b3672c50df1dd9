//! The Wasm path (docs/wasm-abi.md): the kernels of a program compiled to a
//! Wasm module that the runtime's wasm device (wasmtime) runs, while the
//! host code runs natively on the Cranelift JIT as on the CPU path.

use crate::cpu_path::{self, CpuOptions, CpuProgram, Language, cpu_pipeline};
use crate::registered_context;
use cuwasm::{Context, OpId};
use cuwasm_dialects::cuda::MemSpace;

/// The CPU pipeline ([`cpu_pipeline`], thread loops vectorized for SIMD128's
/// 4 lanes as for the host's) followed by `convert-simd-to-wasm`, with the
/// e-graph pass costed for Wasm.
pub fn wasm_pipeline(opts: &CpuOptions) -> String {
    let cpu = cpu_pipeline(opts).replace("egraph{target=cpu}", "egraph{target=wasm}");
    let body = cpu.strip_suffix(')').unwrap_or(&cpu);
    format!("{body},convert-simd-to-wasm)")
}

/// A program for the wasm device: host code compiled for the CPU and the
/// kernel module.
pub struct WasmProgram {
    host: CpuProgram,
    module: Vec<u8>,
    /// The flat names of the device variables host code may copy to.
    variables: Vec<String>,
}

/// Compile `text` (named `file_name` in diagnostics, written in `language`)
/// for the wasm device. `opts.check_bounds` is refused: Wasm checks every access
/// against the memory itself.
#[cfg(feature = "wasm")]
pub fn compile(
    file_name: &str,
    text: &str,
    language: Language<'_>,
    opts: &CpuOptions,
) -> Result<WasmProgram, String> {
    if opts.check_bounds {
        return Err("error: --check-bounds is for --device=cpu; the wasm device traps on every access outside its memory\n".into());
    }
    let mut ctx = registered_context();
    let module = cpu_path::parse_source(&mut ctx, file_name, text, language)?;
    cpu_path::run_pipeline(&mut ctx, module, &wasm_pipeline(opts))?;
    let wasm_module = cuwasm_targets::wasm::wasm_modules(&ctx, module)
        .first()
        .copied()
        .ok_or("error: the Wasm pipeline made no module")?;
    let bytes =
        cuwasm_targets::wasm::emit(&ctx, wasm_module).map_err(|d| ctx.render_diagnostic(&d))?;
    ctx.erase_op(wasm_module);
    let variables = device_variables(&ctx, module);
    let host = cpu_path::compile_module_with(&ctx, module, opts)?;
    Ok(WasmProgram {
        host,
        module: bytes,
        variables,
    })
}

/// The flat names of the module's `__device__` and `__constant__` variables.
fn device_variables(ctx: &Context, module: OpId) -> Vec<String> {
    let body = ctx.entry_block(ctx.region(module, 0)).unwrap();
    ctx.block_ops(body)
        .filter(|&op| ctx.is_op(op, "cuda.global_var"))
        .filter(|&op| MemSpace::from_prop(ctx, op, "space").ok().flatten() != Some(MemSpace::Host))
        .filter_map(|op| ctx.symbol_name(op).map(str::to_string))
        .collect()
}

#[cfg(feature = "wasm")]
impl WasmProgram {
    /// The kernel module (binary Wasm).
    pub fn module(&self) -> &[u8] {
        &self.module
    }

    /// A runtime over a new wasm device running this program's kernels, with
    /// the kernels registered and the device variables mapped.
    pub fn runtime(&self) -> Result<cuwasm_runtime::Runtime, String> {
        let device = cuwasm_runtime::wasm::WasmDevice::new(&self.module)
            .map_err(|e| format!("error: {e}"))?;
        for name in &self.variables {
            if let Some(address) = self.host.data(name) {
                device
                    .map_symbol(address as u64, name)
                    .map_err(|e| format!("error: {e}"))?;
            }
        }
        let kernels = device.kernels();
        let runtime = cuwasm_runtime::Runtime::new(Box::new(device));
        for k in kernels {
            runtime
                .register_kernel(k)
                .map_err(|e| format!("error: {e}"))?;
        }
        Ok(runtime)
    }

    /// The host code (compiled for the CPU).
    pub fn into_host(self) -> CpuProgram {
        self.host
    }

    /// Run `main` with `args` (the program name first) on a new wasm device
    /// ([`WasmProgram::runtime`]). Returns main's result.
    pub fn run_main(&self, args: &[String]) -> Result<i32, String> {
        self.host.run_main(self.runtime()?, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu_path::OptLevel;

    /// The e-graph pass is costed for Wasm at every level that runs it, and
    /// the conversion ends every pipeline (the CPU pipeline's text is edited).
    #[test]
    fn the_wasm_pipeline_costs_the_egraph_for_wasm() {
        for level in [OptLevel::O0, OptLevel::O1, OptLevel::O2] {
            let opts = CpuOptions {
                opt_level: level,
                ..Default::default()
            };
            let p = wasm_pipeline(&opts);
            assert!(!p.contains("target=cpu"), "{p}");
            assert_eq!(
                level == OptLevel::O2,
                p.contains("egraph{target=wasm}"),
                "{p}"
            );
            assert!(p.ends_with(",convert-simd-to-wasm)"), "{p}");
        }
    }
}
