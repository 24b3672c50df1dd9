//! `convert-gpu-to-simd`: the CPU level. Every `gpu.module` is flattened into
//! the top-level module (docs/cpu-abi.md): each kernel becomes a block function
//! `@"module.kernel"(%params, %env)` whose thread loops run one block
//! ([`kernel`] has the loop fission), and device functions and `__device__` /
//! `__constant__` variables move out under their flat names.
//!
//! Device functions must not use thread ids or barriers of their own: run
//! `inline` first, as the CPU pipeline does; one that was not inlined is a
//! located error. Options: none yet. Statistics: `num-kernels`,
//! `num-thread-loops`.

mod kernel;

use crate::conversions::build;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{AttrData, Builder, Context, Diagnostic, OpId, OperationState, ValueId};
use cuwasm_dialects::cpu_abi::{self, flat_symbol};
use rustc_hash::FxHashSet;

pub const INFO: PassInfo = PassInfo {
    name: "convert-gpu-to-simd",
    description: "Kernels of gpu.modules into block functions for the CPU: thread loops split at barriers",
    anchor: Some("builtin.module"),
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(GpuToSimd)),
};

struct GpuToSimd;

impl Pass for GpuToSimd {
    fn run(&self, ctx: &mut Context, root: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let body = ctx.entry_block(ctx.region(root, 0)).unwrap();
        let modules: Vec<OpId> = ctx
            .block_ops(body)
            .filter(|&op| ctx.is_op(op, "gpu.module"))
            .collect();
        for m in modules {
            let (kernels, loops) = flatten_module(ctx, m)?;
            state.stat("num-kernels", kernels as u64);
            state.stat("num-thread-loops", loops as u64);
        }
        Ok(())
    }
}

/// Move the contents of `gpu.module` `m` before it, under flat names, then erase it.
fn flatten_module(ctx: &mut Context, m: OpId) -> Result<(usize, usize), Diagnostic> {
    let module_name = ctx.symbol_name(m).unwrap_or("").to_string();
    let body = ctx.entry_block(ctx.region(m, 0)).unwrap();
    let ops: Vec<OpId> = ctx.block_ops(body).collect();
    let names: FxHashSet<String> = ops
        .iter()
        .filter_map(|&op| ctx.symbol_name(op).map(str::to_string))
        .collect();
    rename_symbol_uses(ctx, m, &module_name, &names);
    let (mut kernels, mut loops) = (0, 0);
    for op in ops {
        if ctx.is_op(op, "gpu.func") {
            loops += lower_kernel(ctx, op, m, &module_name)?;
            kernels += 1;
            continue;
        }
        if ctx.is_op(op, "func.func") {
            reject_thread_ops(ctx, op)?;
        }
        if let Some(name) = ctx.symbol_name(op).map(str::to_string) {
            let flat = ctx.string_attr(&flat_symbol(&module_name, &name));
            ctx.set_prop(op, "sym_name", Some(flat));
        }
        ctx.move_op_before(op, m);
    }
    ctx.erase_op(m);
    Ok((kernels, loops))
}

/// Point calls and global addresses inside the module at the flat names.
fn rename_symbol_uses(ctx: &mut Context, m: OpId, module: &str, names: &FxHashSet<String>) {
    for op in ctx.walk_preorder(m) {
        for key in ["callee", "global_name"] {
            let Some(attr) = ctx.prop(op, key) else {
                continue;
            };
            let AttrData::SymbolRef { root, nested } = ctx.attr_data(attr) else {
                continue;
            };
            let root = ctx.symbol_str(*root).to_string();
            if nested.is_empty() && names.contains(&root) {
                let flat = ctx.symbol_ref_attr(&flat_symbol(module, &root), &[]);
                ctx.set_prop(op, key, Some(flat));
            }
        }
    }
}

/// A device function left after inlining must not depend on the thread.
fn reject_thread_ops(ctx: &Context, func: OpId) -> Result<(), Diagnostic> {
    for op in ctx.walk_preorder(func) {
        let name = ctx.op_name_text(op);
        if name.starts_with("gpu.") || name == "cuda.shared_alloc" || name == "cuda.dynamic_shared"
        {
            let msg = "is used in a device function that was not inlined; the CPU path needs thread ids, barriers and shared memory in kernels (run 'inline' first)";
            return Err(ctx.op_error(op, msg));
        }
    }
    Ok(())
}

/// `gpu.func` kernel → block function before `m`; returns its number of thread loops.
fn lower_kernel(ctx: &mut Context, func: OpId, m: OpId, module: &str) -> Result<usize, Diagnostic> {
    let name = ctx.symbol_name(func).unwrap_or("").to_string();
    let old_body = ctx.entry_block(ctx.region(func, 0)).unwrap();
    if ctx.region_blocks(ctx.region(func, 0)).len() != 1 {
        return Err(ctx.op_error(
            func,
            "convert-gpu-to-simd needs structured kernels (run 'lift-cf-to-scf' first)",
        ));
    }
    let loc = ctx.loc(func);
    let ptr = cuwasm_dialects::ptr::ptr_type(ctx, "#ptr.generic_space");
    let entry = ctx.create_block(&[ptr, ptr], loc);
    let new_func = create_block_function(ctx, &flat_symbol(module, &name), ptr, loc);
    ctx.append_block(ctx.region(new_func, 0), entry);
    ctx.move_op_before(new_func, m);

    let mut k = kernel::Kernel::new(ctx, entry);
    let args: Vec<ValueId> = ctx.block_args(old_body).to_vec();
    k.bind_arguments(ctx, entry, &args);
    k.bind_uniform_ops(ctx, func, entry)?;
    k.hoist_uniform(ctx, old_body, entry);
    let mut ops: Vec<OpId> = ctx.block_ops(old_body).collect();
    ops.pop(); // gpu.return
    k.lower_ops(ctx, ops, entry, None)?;
    k.connect(ctx, new_func)?;
    let per_thread = k.finish(ctx);
    let mut b = Builder::at_end(ctx, entry);
    let ret = b.state("func.return");
    b.insert(ret);
    let i64 = ctx.i64();
    let sizes = args
        .iter()
        .map(|&a| build::type_bytes(ctx, ctx.value_type(a)).unwrap_or(0) as i128);
    let sizes = ctx.intern_attr(AttrData::DenseArray {
        element: i64,
        values: sizes.collect(),
    });
    if let Some(byval) = ctx.attr(func, cpu_abi::BYVAL_BYTES_ATTR) {
        ctx.set_attr(new_func, cpu_abi::BYVAL_BYTES_ATTR, Some(byval));
    }
    let attrs = [
        (cpu_abi::PARAM_SIZES_ATTR, sizes),
        (cpu_abi::KERNEL_ATTR, ctx.unit_attr()),
        (
            cpu_abi::STATIC_SHARED_BYTES_ATTR,
            ctx.int_attr(i64, k.static_shared_bytes as i128),
        ),
        (
            cpu_abi::PER_THREAD_BYTES_ATTR,
            ctx.int_attr(i64, per_thread as i128),
        ),
        (
            cpu_abi::NUM_PARAMS_ATTR,
            ctx.int_attr(i64, args.len() as i128),
        ),
    ];
    for (key, value) in attrs {
        ctx.set_attr(new_func, key, Some(value));
    }
    ctx.erase_op(func);
    Ok(k.num_loops())
}

/// An empty `func.func @name(ptr, ptr)`.
fn create_block_function(
    ctx: &mut Context,
    name: &str,
    ptr: cuwasm::Type,
    loc: cuwasm::Location,
) -> OpId {
    let fty = ctx.function_type(&[ptr, ptr], &[]);
    let state = OperationState::new(ctx, "func.func", loc)
        .property(ctx, "function_type", ctx.type_attr(fty))
        .property(ctx, "sym_name", ctx.string_attr(name))
        .regions(1);
    ctx.create_op(state)
}
