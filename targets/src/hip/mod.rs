//! `targets/hip`: gpu-dialect kernels, and whole programs with their host
//! code, as HIP C++ that `hipcc` compiles for AMD GPUs (gfx90a with
//! wavefronts of 64 lanes, gfx1100 with wavefronts of 32).
//!
//! Input: a `gpu.module` after `GPU_PIPELINE` (kernels: `gpu.func` with
//! `gpu.kernel`; device functions; `cuda.global_var`s) and, for a whole
//! program, the top-level module's host `func.func`s (the CUDA runtime and C
//! library ops, `cuda.launch`, scf, arith, ptr). Output: one C++ file:
//!
//! 1. the prelude (prelude.h: includes, helpers, warp operations for
//!    [`HipOptions::wavefront`]);
//! 2. per `gpu.module`: its `__device__`/`__constant__` variables, device
//!    function prototypes, then kernels (`extern "C" __global__`, named as
//!    their symbols so that a runtime finds them in the code object, with
//!    `__launch_bounds__` where the IR has a block size) and device functions;
//! 3. host helpers the program needs, host function prototypes, host
//!    variables, host function definitions (`main` is `cuwasm_main`), and
//!    `int main(int argc, char **argv)` calling it.
//!
//! Files: `types.rs` (types, literals), `function.rs` (a function body,
//! structured control flow, op dispatch), `expr.rs` (arith, math), `memory.rs`
//! (ptr, shared/local arrays, variables), `warp.rs` (ids, barriers, warp
//! ops on wavefronts), `atomics.rs`, `host.rs` (runtime, launches, libc).
//!
//! The output is also CUDA: `nvcc -x cu --fmad=false -I<dir of hip_on_cuda.h>`
//! compiles it (prelude.h includes that header under nvcc), so that a program's
//! output can be compared with its `.expected` file on an NVIDIA GPU.
//! Anything the target cannot express is a located diagnostic naming the op
//! and "the HIP target".

mod atomics;
mod expr;
mod function;
mod host;
mod memory;
#[cfg(test)]
mod tests;
mod types;
mod warp;

use cuwasm::{AttrData, Context, Diagnostic, OpId};
use cuwasm_dialects::cpu_abi::BYVAL_BYTES_ATTR;
use cuwasm_dialects::cuda::MemSpace;
use cuwasm_dialects::func::function_signature;
use function::{FnEmitter, Side};
use std::collections::HashMap;
use std::fmt::Write as _;
use types::scalar;

/// The helpers every emitted file starts with.
pub const PRELUDE: &str = include_str!("prelude.h");
/// The header that maps the HIP API to CUDA's for `nvcc`.
pub const HIP_ON_CUDA: &str = include_str!("hip_on_cuda.h");

/// How to emit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HipOptions {
    /// Lanes of a wavefront on the target GPU: 64 (gfx9: gfx90a, MI200) or 32
    /// (gfx10/gfx11: gfx1100). CUDA's warp of 32 lanes is half or all of one.
    pub wavefront: u32,
}

impl HipOptions {
    /// gfx90a (CDNA2): wavefronts of 64.
    pub const GFX90A: HipOptions = HipOptions { wavefront: 64 };
    /// gfx1100 (RDNA3): wavefronts of 32.
    pub const GFX1100: HipOptions = HipOptions { wavefront: 32 };
}

impl Default for HipOptions {
    fn default() -> Self {
        HipOptions::GFX90A
    }
}

/// The kernels of `gpu_module` (with its variables and device functions) as
/// HIP C++.
pub fn emit(ctx: &Context, gpu_module: OpId, opts: &HipOptions) -> Result<String, Diagnostic> {
    check_options(ctx, gpu_module, opts)?;
    let symbols = Symbols::collect(ctx, &[gpu_module], None)?;
    let mut out = prelude(opts);
    device_code(ctx, gpu_module, &symbols, &mut out)?;
    Ok(out)
}

/// A whole program: every top-level `gpu.module`'s device code, then the host
/// functions of `module` and a C `main` calling its `main` (when it has one).
pub fn emit_program(ctx: &Context, module: OpId, opts: &HipOptions) -> Result<String, Diagnostic> {
    check_options(ctx, module, opts)?;
    let top: Vec<OpId> = ctx
        .entry_block(ctx.region(module, 0))
        .map(|b| ctx.block_ops(b).collect())
        .unwrap_or_default();
    let gpu_modules: Vec<OpId> = top
        .iter()
        .copied()
        .filter(|&op| ctx.is_op(op, "gpu.module"))
        .collect();
    let symbols = Symbols::collect(ctx, &gpu_modules, Some(module))?;
    let mut out = prelude(opts);
    for &gm in &gpu_modules {
        device_code(ctx, gm, &symbols, &mut out)?;
    }
    let mut host_main = None;
    let (mut globals, mut prototypes, mut bodies) = (String::new(), String::new(), String::new());
    for &op in &top {
        match ctx.op_name_text(op) {
            "gpu.module" => {}
            "cuda.global_var" => {
                let name = symbols.name_of(ctx, op);
                let var = memory::global_var(ctx, op, &name, &symbols)?;
                let _ = writeln!(globals, "{var}");
            }
            "func.func" => {
                let (signature, body) = function(ctx, op, &symbols, Side::Host)?;
                let _ = writeln!(prototypes, "{signature};");
                let _ = write!(bodies, "\n{signature} {{\n{body}}}\n");
                if ctx.symbol_name(op) == Some("main") {
                    host_main = Some(op);
                }
            }
            _ => return Err(function::unsupported(ctx, op)),
        }
    }
    if let Some(main) = host_main {
        bodies.push_str(&c_main(ctx, main)?);
    }
    if !(globals.is_empty() && prototypes.is_empty()) {
        let helpers = match uses_op(ctx, module, "cuda.rt_get_device_properties") {
            true => host::device_properties_helper(),
            false => String::new(),
        };
        // hiprtc compiles device code only: the host code is for hipcc (and
        // nvcc). Prototypes first: a variable may hold a function's address.
        let _ = write!(
            out,
            "\n// ---- host code\n#if !defined(__HIPCC_RTC__)\n{helpers}{prototypes}{globals}{bodies}#endif\n"
        );
    }
    Ok(out)
}

/// Does an op named `name` occur anywhere in `op`?
fn uses_op(ctx: &Context, op: OpId, name: &str) -> bool {
    ctx.walk_preorder(op)
        .into_iter()
        .any(|o| ctx.is_op(o, name))
}

fn check_options(ctx: &Context, op: OpId, opts: &HipOptions) -> Result<(), Diagnostic> {
    if matches!(opts.wavefront, 32 | 64) {
        Ok(())
    } else {
        Err(Diagnostic::error(
            ctx.loc(op),
            format!(
                "the HIP target takes wavefronts of 32 or 64 lanes, not {}",
                opts.wavefront
            ),
        ))
    }
}

fn prelude(opts: &HipOptions) -> String {
    format!(
        "// HIP C++ emitted by cuwasm (targets/hip) for wavefronts of {w} lanes.\n\
         #define CUWASM_WAVEFRONT {w}\n{PRELUDE}",
        w = opts.wavefront
    )
}

/// A `gpu.module`'s variables, device function prototypes, kernels and
/// device functions.
fn device_code(
    ctx: &Context,
    gpu_module: OpId,
    symbols: &Symbols,
    out: &mut String,
) -> Result<(), Diagnostic> {
    let module_name = ctx.symbol_name(gpu_module).unwrap_or("");
    let _ = writeln!(out, "\n// ---- gpu.module @{module_name}");
    let ops: Vec<OpId> = ctx
        .entry_block(ctx.region(gpu_module, 0))
        .map(|b| ctx.block_ops(b).collect())
        .unwrap_or_default();
    let mut definitions = String::new();
    for &op in &ops {
        match ctx.op_name_text(op) {
            "cuda.global_var" => {
                let name = symbols.name_of(ctx, op);
                out.push_str(&memory::global_var(ctx, op, &name, symbols)?);
                out.push('\n');
            }
            "gpu.func" | "func.func" => {
                let (signature, body) = function(ctx, op, symbols, Side::Device)?;
                if !cuwasm_dialects::gpu::is_kernel(ctx, op) {
                    let _ = writeln!(out, "{signature};");
                }
                let _ = write!(definitions, "\n{signature} {{\n{body}}}\n");
            }
            _ => return Err(function::unsupported(ctx, op)),
        }
    }
    out.push_str(&definitions);
    Ok(())
}

/// A function's C++ signature and body.
fn function(
    ctx: &Context,
    op: OpId,
    symbols: &Symbols,
    side: Side,
) -> Result<(String, String), Diagnostic> {
    let Some((inputs, results)) = function_signature(ctx, op) else {
        return Err(ctx.op_error(op, "has no function type"));
    };
    let region = ctx.region(op, 0);
    let Some(entry) = ctx.entry_block(region) else {
        return Err(ctx.op_error(
            op,
            "is a declaration without a body, which the HIP target cannot call",
        ));
    };
    let ret = return_type(ctx, op, &results, "returns")?;
    let kernel = cuwasm_dialects::gpu::is_kernel(ctx, op);
    let byval: Vec<i128> = ctx
        .attr(op, BYVAL_BYTES_ATTR)
        .and_then(|a| ctx.attr_dense_array(a))
        .map(<[i128]>::to_vec)
        .unwrap_or_default();
    let mut e = FnEmitter::new(ctx, symbols, side);
    let mut params = Vec::new();
    for (i, (&arg, &ty)) in ctx.block_args(entry).iter().zip(&inputs).enumerate() {
        let name = e.fresh();
        match byval.get(i) {
            Some(&n) if n > 0 && kernel => {
                params.push(format!("cuwasm_byval<{n}> {name}_byval"));
                e.top
                    .push(format!("char *const {name} = (char *){name}_byval.bytes;"));
            }
            _ => params.push(declaration(scalar(ctx, op, ty)?.cpp(), &name)),
        }
        e.bind(arg, name);
    }
    e.function_body(op, region)?;
    let name = symbols.name_of(ctx, op);
    let head = match (side, kernel) {
        (Side::Device, true) => format!(
            "extern \"C\" __global__ void {}{name}",
            launch_bounds(ctx, op)
        ),
        (Side::Device, false) => format!("__device__ static {}", declaration(ret, &name)),
        (Side::Host, _) => format!("static {}", declaration(ret, &name)),
    };
    Ok((format!("{head}({})", params.join(", ")), e.finish()))
}

/// The C++ return type of a function with `results` (`void` for none);
/// `op` (which `verb`: returns, calls a function returning) cannot have
/// several.
pub(super) fn return_type(
    ctx: &Context,
    op: OpId,
    results: &[cuwasm::Type],
    verb: &str,
) -> Result<&'static str, Diagnostic> {
    match results {
        [] => Ok("void"),
        [ty] => Ok(scalar(ctx, op, *ty)?.cpp()),
        _ => Err(ctx.op_error(
            op,
            format!("{verb} several values, which the HIP target does not express"),
        )),
    }
}

/// `type name`, with no space after a pointer's `*`.
pub(super) fn declaration(ty: &str, name: &str) -> String {
    if ty.ends_with('*') {
        format!("{ty}{name}")
    } else {
        format!("{ty} {name}")
    }
}

/// `__launch_bounds__(N) ` for a kernel whose block size the IR bounds (PTX's
/// `.maxntid` as `cuda.maxntid`, `.reqntid` as `known_block_size`).
fn launch_bounds(ctx: &Context, op: OpId) -> String {
    let dims = ctx
        .attr(op, "cuda.maxntid")
        .or_else(|| ctx.prop(op, "known_block_size"))
        .and_then(|a| ctx.attr_dense_array(a));
    match dims {
        Some(d) if !d.is_empty() => {
            let threads: i128 = d.iter().product();
            format!("__launch_bounds__({threads}) ")
        }
        _ => String::new(),
    }
}

/// `int main(int argc, char **argv)` calling the program's `main`.
fn c_main(ctx: &Context, main: OpId) -> Result<String, Diagnostic> {
    let (inputs, results) = function_signature(ctx, main).unwrap_or_default();
    let args = match inputs.len() {
        0 => "",
        2 => "(uint32_t)argc, (char *)argv",
        _ => {
            return Err(ctx.op_error(
                main,
                "(main) must take no arguments or (argc, argv) for the HIP target",
            ));
        }
    };
    let body = if results.is_empty() {
        format!("cuwasm_main({args});\n  return 0;")
    } else {
        format!("return (int)cuwasm_main({args});")
    };
    Ok(format!(
        "\nint main(int argc, char **argv) {{\n  (void)argc;\n  (void)argv;\n  {body}\n}}\n"
    ))
}

/// The C++ names of the functions and variables a program defines, found by
/// symbol (the leaf of `@module::@name`).
pub(super) struct Symbols {
    functions: HashMap<String, String>,
    globals: HashMap<String, (String, MemSpace)>,
}

impl Symbols {
    fn collect(
        ctx: &Context,
        gpu_modules: &[OpId],
        host: Option<OpId>,
    ) -> Result<Symbols, Diagnostic> {
        let mut s = Symbols {
            functions: HashMap::new(),
            globals: HashMap::new(),
        };
        let mut seen: HashMap<String, OpId> = HashMap::new();
        let mut ops: Vec<OpId> = Vec::new();
        for &container in gpu_modules.iter().chain(&host) {
            if let Some(b) = ctx.entry_block(ctx.region(container, 0)) {
                ops.extend(ctx.block_ops(b));
            }
        }
        for op in ops {
            let Some(sym) = ctx.symbol_name(op) else {
                continue;
            };
            let is_function = matches!(ctx.op_name_text(op), "gpu.func" | "func.func");
            let is_global = ctx.is_op(op, "cuda.global_var");
            if !is_function && !is_global {
                continue;
            }
            let host_main = is_function && sym == "main" && ctx.parent_op(op) == host;
            let name = if host_main {
                "cuwasm_main".to_string()
            } else {
                sym.to_string()
            };
            if !memory::is_identifier(&name) {
                return Err(ctx.op_error(
                    op,
                    format!("is named '{name}', which is not a C++ identifier (the HIP target keeps symbol names)"),
                ));
            }
            if let Some(&first) = seen.get(&name) {
                return Err(ctx
                    .op_error(op, format!(
                        "is named '{name}' like another symbol, but the HIP target puts every symbol in one C++ namespace"
                    ))
                    .with_note(ctx.loc(first), "the other one"));
            }
            seen.insert(name.clone(), op);
            if is_function {
                s.functions.insert(sym.to_string(), name);
            } else {
                let space = MemSpace::from_prop(ctx, op, "space")?.unwrap_or(MemSpace::Global);
                s.globals.insert(sym.to_string(), (name, space));
            }
        }
        Ok(s)
    }

    /// The C++ name of a function or variable op.
    fn name_of(&self, ctx: &Context, op: OpId) -> String {
        let sym = ctx.symbol_name(op).unwrap_or("");
        self.functions
            .get(sym)
            .cloned()
            .or_else(|| self.globals.get(sym).map(|(n, _)| n.clone()))
            .unwrap_or_else(|| sym.to_string())
    }

    /// The C++ name of the function a symbol reference names.
    pub fn function(&self, ctx: &Context, sym: cuwasm::Attr) -> Option<String> {
        self.functions.get(leaf(ctx, sym)?).cloned()
    }

    /// The C++ name and space of the variable a symbol reference names.
    pub fn global(&self, ctx: &Context, sym: cuwasm::Attr) -> Option<(String, MemSpace)> {
        self.globals.get(leaf(ctx, sym)?).cloned()
    }
}

/// `name` of `@name` or `@module::@name`.
fn leaf(ctx: &Context, sym: cuwasm::Attr) -> Option<&str> {
    match ctx.attr_data(sym) {
        AttrData::SymbolRef { root, nested } => {
            Some(ctx.symbol_str(*nested.last().unwrap_or(root)))
        }
        _ => None,
    }
}
