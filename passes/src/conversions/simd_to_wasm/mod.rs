//! `convert-simd-to-wasm`: the kernels of the CPU level (docs/cpu-abi.md)
//! into a `wasm.module @kernels` (docs/wasm-abi.md) that `targets/wasm`
//! writes as a binary module.
//!
//! Every kernel (`cuwasm.kernel`), every function it calls and every device
//! variable and string literal it uses are converted; host functions stay as
//! they are (the CPU JIT compiles them), and the kernels' `func.func`s are
//! erased. Pointers stay 64-bit (`memory_base + offset`), so kernels read
//! parameters and `KernelEnv`s laid out exactly as on the CPU. The
//! conversion of one function is in [`function`], with its ops by dialect in
//! [`arith`], [`math`], [`memory`] and [`vector`].
//!
//! Options: `threads` (default true): a shared memory and atomic instructions;
//! false gives an unshared memory and plain read-modify-write for atomics (for
//! a browser without cross-origin isolation, one block at a time).
//! `memory64` (default false): a 64-bit memory (the memory64 proposal), so
//! kernels may address more than 4 GiB; the wasmtime device takes 32-bit
//! memories only. `relaxed-simd` (default false): `f32x4` fma as relaxed
//! SIMD's `relaxed_madd`.

mod arith;
mod function;
mod layout;
mod math;
mod memory;
mod vector;

use crate::{OptionKind, OptionSpec, Pass, PassInfo, PassOptions, PassState};
use cuwasm::{Builder, Context, Diagnostic, OpId};
use cuwasm_dialects::cpu_abi;
use layout::Layout;

/// The symbol of the `wasm.module` the pass creates.
pub const MODULE_NAME: &str = "kernels";

pub const INFO: PassInfo = PassInfo {
    name: "convert-simd-to-wasm",
    description: "Kernels of the CPU level, with what they call and use, into a wasm.module (docs/wasm-abi.md)",
    anchor: Some("builtin.module"),
    options: &[
        OptionSpec {
            name: "threads",
            kind: OptionKind::Bool,
            default: "true",
            description: "Shared memory and atomic instructions (the threads proposal)",
        },
        OptionSpec {
            name: "memory64",
            kind: OptionKind::Bool,
            default: "false",
            description: "A 64-bit memory addressed by i64 (the memory64 proposal), for more than 4 GiB",
        },
        OptionSpec {
            name: "relaxed-simd",
            kind: OptionKind::Bool,
            default: "false",
            description: "Use relaxed SIMD's f32x4.relaxed_madd for vector fma",
        },
    ],
    create: |o: &PassOptions| {
        Ok(Box::new(SimdToWasm {
            options: Options {
                threads: o.bool("threads"),
                memory64: o.bool("memory64"),
                relaxed_simd: o.bool("relaxed-simd"),
            },
        }))
    },
};

/// The pass's options, as the function conversion sees them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    pub threads: bool,
    pub memory64: bool,
    pub relaxed_simd: bool,
}

struct SimdToWasm {
    options: Options,
}

impl Pass for SimdToWasm {
    fn run(&self, ctx: &mut Context, root: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let top = ctx.entry_block(ctx.region(root, 0)).unwrap();
        let funcs = layout::device_functions(ctx, top)?;
        let mut layout = Layout::new(ctx, top, &funcs)?;
        let module = create_module(ctx, top, self.options);
        let body = ctx.entry_block(ctx.region(module, 0)).unwrap();
        let mut converted = 0;
        for &f in &funcs {
            if ctx.region_is_empty(ctx.region(f, 0)) {
                layout.import(ctx, body, f)?;
            } else {
                function::convert(ctx, f, body, &mut layout, self.options)?;
                converted += 1;
            }
        }
        layout.finish(ctx, module, body);
        for &f in &funcs {
            if ctx.attr(f, cpu_abi::KERNEL_ATTR).is_some() {
                ctx.erase_op(f);
            }
        }
        state.stat("num-functions", converted);
        Ok(())
    }
}

fn create_module(ctx: &mut Context, top: cuwasm::BlockId, options: Options) -> OpId {
    let mut b = Builder::at_end(ctx, top);
    let name = b.string_attr(MODULE_NAME);
    let mut props = vec![("sym_name", name)];
    if options.threads {
        props.push(("shared_memory", b.unit_attr()));
    }
    if options.memory64 {
        props.push(("memory64", b.unit_attr()));
    }
    let module = cuwasm_dialects::wasm::ModuleOp::build(&mut b, &[], &[], &props).0;
    let loc = b.loc;
    let block = b.create_block(&[], loc);
    let region = b.region(module, 0);
    b.append_block(region, block);
    module
}
