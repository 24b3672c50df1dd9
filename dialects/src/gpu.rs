//! `gpu`: the target-neutral GPU level (MLIR 22's upstream subset): modules,
//! kernels, ids, barriers, subgroup operations, workgroup memory and launches.

use crate::common::verify_enum_prop;
use crate::func::{function_signature, verify_function_like, verify_returns_match};
use cuwasm::{Builder, Context, Diagnostic, DialectInfo, OpId, OpView, ValueId, op};

op! {
    /// A module of kernels and device functions.
    GpuModuleOp = "gpu.module",
    properties: [sym_name: Required, targets: Optional, offloadingHandler: Optional],
    regions: [bodyRegion: One],
    traits: [ISOLATED_FROM_ABOVE, SYMBOL, SYMBOL_TABLE, NO_TERMINATOR, SINGLE_BLOCK, GRAPH_REGION],
}

op! {
    /// A kernel (`gpu.kernel` attribute) or device function; entry block arguments are
    /// the inputs, then `workgroup_attributions` workgroup buffers, then private ones.
    GpuFuncOp = "gpu.func",
    properties: [function_type: Required, arg_attrs: Optional, res_attrs: Optional, workgroup_attrib_attrs: Optional,
                 private_attrib_attrs: Optional, known_block_size: Optional, known_grid_size: Optional, known_cluster_size: Optional],
    regions: [body: One],
    traits: [ISOLATED_FROM_ABOVE, SYMBOL],
    verify: verify_gpu_func,
}

op! {
    /// Return from a gpu.func.
    ReturnOp = "gpu.return",
    operands: [operands: Variadic],
    traits: [PURE, TERMINATOR, RETURN_LIKE],
    verify: |ctx, op| verify_returns_match(ctx, op, "gpu.func"),
}

/// Index-valued id ops with a `dimension` property (`#gpu<dim x>`).
macro_rules! dim_op {
    ($($Op:ident = $name:literal;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: an index along `dimension` (x, y or z).")]
            $Op = $name,
            results: [result: One],
            properties: [dimension: Required, upper_bound: Optional],
            traits: [PURE],
            verify: |ctx, op| verify_enum_prop(ctx, op, "dimension", "gpu", &["x", "y", "z"]),
        }
    )*};
}

dim_op! {
    ThreadIdOp = "gpu.thread_id";
    BlockIdOp = "gpu.block_id";
    BlockDimOp = "gpu.block_dim";
    GridDimOp = "gpu.grid_dim";
    GlobalIdOp = "gpu.global_id";
    ClusterIdOp = "gpu.cluster_id";
    ClusterDimOp = "gpu.cluster_dim";
}

/// Index-valued subgroup queries.
macro_rules! index_op {
    ($($Op:ident = $name:literal;)*) => {$(
        op! {
            #[doc = concat!("`", $name, "`: an index query.")]
            $Op = $name,
            results: [result: One],
            properties: [upper_bound: Optional],
            traits: [PURE],
        }
    )*};
}

index_op! {
    LaneIdOp = "gpu.lane_id";
    SubgroupIdOp = "gpu.subgroup_id";
    SubgroupSizeOp = "gpu.subgroup_size";
    NumSubgroupsOp = "gpu.num_subgroups";
}

op! {
    /// Wait until every thread of the workgroup arrives; orders workgroup memory.
    BarrierOp = "gpu.barrier",
    properties: [address_spaces: Optional],
}

op! {
    /// Exchange `value` within a subgroup (`mode`: xor, up, down, idx); `valid` says
    /// whether the source lane was inside `width`.
    ShuffleOp = "gpu.shuffle",
    operands: [value: One, offset: One, width: One],
    results: [shuffleResult: One, valid: One],
    properties: [mode: Required],
    traits: [PURE],
    verify: verify_shuffle,
}

op! {
    /// Reduce `value` across the subgroup (or clusters of it) with `op`.
    SubgroupReduceOp = "gpu.subgroup_reduce",
    operands: [value: One],
    results: [result: One],
    properties: [op: Required, uniform: Optional, cluster_size: Optional, cluster_stride: Optional],
    verify: verify_reduce_op,
}

op! {
    /// Reduce `value` across the workgroup with `op`, or with the body region.
    AllReduceOp = "gpu.all_reduce",
    operands: [value: One],
    results: [result: One],
    properties: [op: Optional, uniform: Optional],
    regions: [body: One],
    verify: verify_reduce_op,
}

op! {
    /// Terminates gpu.all_reduce's body.
    YieldOp = "gpu.yield",
    operands: [values: Variadic],
    traits: [PURE, TERMINATOR, RETURN_LIKE],
}

op! {
    /// printf from device code.
    PrintfOp = "gpu.printf",
    operands: [args: Variadic],
    properties: [format: Required],
}

op! {
    /// The dynamic shared memory of the workgroup, as a byte buffer.
    DynamicSharedMemoryOp = "gpu.dynamic_shared_memory",
    results: [resultMemref: One],
    traits: [PURE],
}

op! {
    /// Launch `@module::@kernel` on a grid of blocks.
    LaunchFuncOp = "gpu.launch_func",
    operands: [asyncDependencies: Variadic, gridSizeX: One, gridSizeY: One, gridSizeZ: One, blockSizeX: One, blockSizeY: One,
               blockSizeZ: One, clusterSizeX: Optional, clusterSizeY: Optional, clusterSizeZ: Optional,
               dynamicSharedMemorySize: Optional, kernelOperands: Variadic, asyncObject: Optional],
    results: [asyncToken: Optional],
    properties: [kernel: Required, operandSegmentSizes: Required],
    verify: verify_launch_func,
}

op! {
    /// Launch the body region as a kernel on a grid of blocks.
    LaunchOp = "gpu.launch",
    operands: [asyncDependencies: Variadic, gridSizeX: One, gridSizeY: One, gridSizeZ: One, blockSizeX: One, blockSizeY: One,
               blockSizeZ: One, clusterSizeX: Optional, clusterSizeY: Optional, clusterSizeZ: Optional, dynamicSharedMemorySize: Optional],
    results: [asyncToken: Optional],
    properties: [operandSegmentSizes: Required, kernelFunc: Optional, kernelModule: Optional, workgroup_attributions: Optional],
    regions: [body: One],
}

op! {
    /// Terminates gpu.launch's body.
    TerminatorOp = "gpu.terminator",
    traits: [PURE, TERMINATOR],
}

/// The number of workgroup attributions of a gpu.func.
pub fn workgroup_attributions(ctx: &Context, op: OpId) -> usize {
    ctx.inherent_or_attr(op, "workgroup_attributions")
        .and_then(|a| ctx.attr_int(a))
        .unwrap_or(0) as usize
}

/// Is this gpu.func a kernel?
pub fn is_kernel(ctx: &Context, op: OpId) -> bool {
    ctx.attr(op, "gpu.kernel").is_some()
}

fn verify_gpu_func(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_function_like(ctx, op)?;
    if ctx
        .inherent_or_attr(op, "sym_name")
        .and_then(|a| ctx.attr_str(a))
        .is_none()
    {
        return Err(ctx.op_error(op, "requires string attribute 'sym_name'"));
    }
    let (inputs, results) = function_signature(ctx, op).unwrap_or_default();
    if is_kernel(ctx, op) && !results.is_empty() {
        return Err(ctx.op_error(op, "expected void return type for kernel function"));
    }
    if let Some(entry) = ctx.entry_block(ctx.region(op, 0)) {
        if ctx.block_args(entry).len() < inputs.len() + workgroup_attributions(ctx, op) {
            return Err(ctx.op_error(op, "expected at least as many entry block arguments as inputs plus workgroup attributions"));
        }
    }
    Ok(())
}

fn verify_shuffle(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_enum_prop(ctx, op, "mode", "gpu", &["xor", "up", "down", "idx"])?;
    let [v, o, w] = [0, 1, 2].map(|i| ctx.value_type(ctx.operand(op, i)));
    if ctx.value_type(ctx.result(op, 0)) != v {
        return Err(ctx.op_error(op, "result type must match the shuffled value's type"));
    }
    if o != ctx.i32() || w != ctx.i32() {
        return Err(ctx.op_error(op, "offset and width must be i32"));
    }
    if ctx.value_type(ctx.result(op, 1)) != ctx.i1() {
        return Err(ctx.op_error(op, "result #1 (valid) must be i1"));
    }
    Ok(())
}

const REDUCE_OPS: &[&str] = &[
    "add", "mul", "minui", "minsi", "minnumf", "maxui", "maxsi", "maxnumf", "and", "or", "xor",
    "minimumf", "maximumf",
];

fn verify_reduce_op(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    verify_enum_prop(ctx, op, "op", "gpu", REDUCE_OPS)?;
    if ctx.value_type(ctx.result(op, 0)) != ctx.value_type(ctx.operand(op, 0)) {
        return Err(ctx.op_error(op, "result type must match the reduced value's type"));
    }
    Ok(())
}

fn verify_launch_func(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let kernel = ctx.prop(op, "kernel").unwrap();
    if !matches!(ctx.attr_data(kernel), cuwasm::AttrData::SymbolRef { nested, .. } if nested.len() == 1)
    {
        return Err(ctx.op_error(
            op,
            "'kernel' must be a nested symbol reference @module::@kernel",
        ));
    }
    Ok(())
}

/// `gpu.thread_id x` (and friends) at the builder's insertion point.
pub fn dim_value<T: OpView>(b: &mut Builder<'_>, dim: &str) -> ValueId {
    let index = b.index_type();
    let attr = b.dialect_attr("gpu", Some(&format!("dim {dim}")));
    let state = b
        .state(T::NAME)
        .results(&[index])
        .property(b.ctx, "dimension", attr);
    let op = b.insert(state);
    b.result(op, 0)
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "gpu",
        summary: "Target-neutral GPU programming",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    macro_rules! reg { ($($t:ty),*) => { $(ctx.register::<$t>();)* } }
    reg!(
        GpuModuleOp,
        GpuFuncOp,
        ReturnOp,
        ThreadIdOp,
        BlockIdOp,
        BlockDimOp,
        GridDimOp,
        GlobalIdOp,
        ClusterIdOp,
        ClusterDimOp
    );
    reg!(
        LaneIdOp,
        SubgroupIdOp,
        SubgroupSizeOp,
        NumSubgroupsOp,
        BarrierOp,
        ShuffleOp,
        SubgroupReduceOp,
        AllReduceOp,
        YieldOp
    );
    reg!(
        PrintfOp,
        DynamicSharedMemoryOp,
        LaunchFuncOp,
        LaunchOp,
        TerminatorOp
    );
}
