//! `cpu-bounds-checks`: every memory access of every kernel asks the runtime
//! first (`cuwasm-run --check-bounds`, docs/cpu-abi.md "Bounds checks").
//!
//! Runs on `gpu.module`s before `convert-gpu-to-simd`, so that the thread of
//! an access is still a `gpu.thread_id` (which that pass maps to the thread
//! loop's ids). Before each `ptr.load`, `ptr.store`, `cuda.ldg`,
//! `cuda.atomic_rmw` and `cuda.atomic_cas` of a kernel it emits
//!
//! ```text
//! %ok = func.call @cuwasm_rt_check_access(%addr, %bytes : i64, %kind : i32,
//!                                         %tx : i32, %ty : i32, %tz : i32) -> i1
//! ```
//!
//! and moves the access into `scf.if %ok`, whose else branch yields zeros: a
//! refused access (recorded by the runtime as the launch's
//! `cudaErrorIllegalAddress`) is not performed. `%kind` is 0 for a read, 1 a
//! write, 2 an atomic. Device functions must be inlined first (the CPU
//! pipeline does): their accesses are not checked.
//!
//! The runtime also has to know the program's `__device__`/`__constant__`
//! variables: each `gpu.module` with any gets a function
//! [`REGISTER_SYMBOLS_FN`] calling `cuwasm_rt_register_symbol(name, address,
//! bytes)` for each; the driver calls it (under its flat name) before `main`.
//! Statistics: `num-checked-accesses`.

use crate::conversions::build;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{BlockId, Builder, Context, Diagnostic, OpId, OperationState, Type, ValueId};
use cuwasm_dialects::arith::{self, IndexCastUIOp, MulIOp};
use cuwasm_dialects::cpu_abi::flat_symbol;
use cuwasm_dialects::func::{CallOp, FuncOp};
use cuwasm_dialects::{cuda, gpu, ptr};

pub const INFO: PassInfo = PassInfo {
    name: "cpu-bounds-checks",
    description: "Check every memory access of a kernel with the runtime (cuwasm_rt_check_access) before convert-gpu-to-simd",
    anchor: Some("builtin.module"),
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(BoundsChecks)),
};

/// The runtime's check (`cuwasm_runtime::abi::cuwasm_rt_check_access`).
pub const CHECK_FN: &str = "cuwasm_rt_check_access";
/// The runtime's registration of a variable (`cuwasm_rt_register_symbol`).
pub const REGISTER_FN: &str = "cuwasm_rt_register_symbol";
/// The function each `gpu.module` with variables gets, registering them.
pub const REGISTER_SYMBOLS_FN: &str = "__cuwasm_register_symbols";

/// `%kind` operand values (`cuwasm_runtime::cpu::bounds::AccessKind`).
const READ: i64 = 0;
const WRITE: i64 = 1;
const ATOMIC: i64 = 2;

struct BoundsChecks;

impl Pass for BoundsChecks {
    fn run(&self, ctx: &mut Context, root: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut checked = 0;
        for m in ops_in(ctx, root, "gpu.module") {
            let kernels = ops_in(ctx, m, "gpu.func");
            for k in kernels {
                for op in ctx.walk_preorder(k) {
                    if let Some(access) = Access::of(ctx, op) {
                        declare_check(ctx, root);
                        guard(ctx, op, access)?;
                        checked += 1;
                    }
                }
            }
            add_symbol_registration(ctx, root, m);
        }
        state.stat("num-checked-accesses", checked);
        Ok(())
    }
}

/// The ops named `name` directly inside `parent` (a module).
fn ops_in(ctx: &Context, parent: OpId, name: &str) -> Vec<OpId> {
    let body = ctx.entry_block(ctx.region(parent, 0)).unwrap();
    ctx.block_ops(body)
        .filter(|&op| ctx.is_op(op, name))
        .collect()
}

/// A memory access: which operand is the address, the accessed type, the kind.
struct Access {
    address: usize,
    ty: Type,
    kind: i64,
}

impl Access {
    fn of(ctx: &Context, op: OpId) -> Option<Access> {
        let result = || ctx.value_type(ctx.result(op, 0));
        let (address, ty, kind) = match ctx.op_name_text(op) {
            "ptr.load" | "cuda.ldg" => (0, result(), READ),
            "ptr.store" => (1, ctx.value_type(ctx.operand(op, 0)), WRITE),
            "cuda.atomic_rmw" | "cuda.atomic_cas" => (0, result(), ATOMIC),
            _ => return None,
        };
        Some(Access { address, ty, kind })
    }
}

/// Declare `name` private at the top of `root` unless it is there.
fn declare(ctx: &mut Context, root: OpId, name: &str, inputs: &[Type], results: &[Type]) {
    if ctx.lookup_symbol_in(root, name).is_some() {
        return;
    }
    let body = ctx.entry_block(ctx.region(root, 0)).unwrap();
    let mut b = match ctx.block_ops(body).next() {
        Some(first) => Builder::before(ctx, first),
        None => Builder::at_end(ctx, body),
    };
    let sig = b.function_type(inputs, results);
    let props = [
        ("sym_name", b.string_attr(name)),
        ("function_type", b.type_attr(sig)),
        ("sym_visibility", b.string_attr("private")),
    ];
    FuncOp::build(&mut b, &[], &[], &props);
}

fn declare_check(ctx: &mut Context, root: OpId) {
    let (p, i64, i32, i1) = (ptr_type(ctx), ctx.i64(), ctx.i32(), ctx.i1());
    declare(ctx, root, CHECK_FN, &[p, i64, i32, i32, i32, i32], &[i1]);
}

fn ptr_type(ctx: &mut Context) -> Type {
    ptr::ptr_type(ctx, "#ptr.generic_space")
}

/// `ptr.type_offset ty : i64`: the bytes of a `ty` in memory, as the target lays it out.
fn type_bytes(b: &mut Builder<'_>, ty: Type) -> ValueId {
    let i64 = b.i64();
    let t = b.type_attr(ty);
    let op = ptr::TypeOffsetOp::build(b, &[], &[i64], &[("elementType", t)]);
    b.result(op.0, 0)
}

/// Put `op` under `scf.if` of the runtime's answer for it.
fn guard(ctx: &mut Context, op: OpId, access: Access) -> Result<(), Diagnostic> {
    let address = ctx.operand(op, access.address);
    let results: Vec<ValueId> = ctx.results(op).collect();
    let types: Vec<Type> = results.iter().map(|&r| ctx.value_type(r)).collect();
    let mut b = Builder::before(ctx, op);
    let bytes = type_bytes(&mut b, access.ty);
    let i32 = b.i32();
    let kind = build::int(&mut b, i32, access.kind);
    let mut args = vec![address, bytes, kind];
    for d in [cuda::Dim::X, cuda::Dim::Y, cuda::Dim::Z] {
        let id = gpu::dim_value::<gpu::ThreadIdOp>(&mut b, d.keyword());
        let cast = IndexCastUIOp::build(&mut b, &[id], &[i32], &[]);
        args.push(b.result(cast.0, 0));
    }
    let i1 = b.i1();
    let callee = b.symbol_ref_attr(CHECK_FN, &[]);
    let call = CallOp::build(&mut b, &args, &[i1], &[("callee", callee)]);
    let ok = b.result(call.0, 0);
    let state = b.state("scf.if").operands(&[ok]).results(&types).regions(2);
    let if_op = b.insert(state);
    let then = new_block(ctx, if_op, 0);
    for (i, &r) in results.iter().enumerate() {
        let guarded = ctx.result(if_op, i);
        ctx.replace_all_uses(r, guarded);
    }
    ctx.move_op_to_end(op, then);
    yield_values(ctx, then, &results);
    if !types.is_empty() {
        let otherwise = new_block(ctx, if_op, 1);
        let zeros = zeros(ctx, otherwise, op, &types)?;
        yield_values(ctx, otherwise, &zeros);
    }
    Ok(())
}

/// A new, empty entry block of region `region` of `op`.
fn new_block(ctx: &mut Context, op: OpId, region: usize) -> BlockId {
    let block = ctx.create_block(&[], ctx.loc(op));
    ctx.append_block(ctx.region(op, region), block);
    block
}

fn yield_values(ctx: &mut Context, block: BlockId, values: &[ValueId]) {
    let mut b = Builder::at_end(ctx, block);
    let y = b.state("scf.yield").operands(values);
    b.insert(y);
}

/// A zero of each type at the end of `block` (what a skipped access gives).
fn zeros(
    ctx: &mut Context,
    block: BlockId,
    access: OpId,
    types: &[Type],
) -> Result<Vec<ValueId>, Diagnostic> {
    let mut out = Vec::new();
    for &ty in types {
        let mut b = Builder::at_end(ctx, block);
        let zero = if b.ctx.float_kind(ty).is_some() {
            let a = b.float_attr(ty, 0.0);
            arith::constant(&mut b, a)
        } else if b.ctx.int_width(ty).is_some() || b.ctx.is_index(ty) {
            build::int(&mut b, ty, 0)
        } else if ptr::is_ptr(b.ctx, ty) {
            let a = b.int_attr(b.i64(), 0);
            let op = ptr::ConstantOp::build(&mut b, &[], &[ty], &[("value", a)]);
            b.result(op.0, 0)
        } else {
            let t = ctx.type_to_string(ty);
            return Err(ctx.op_error(
                access,
                format!("cannot be bounds-checked: no zero of type {t}"),
            ));
        };
        out.push(zero);
    }
    Ok(out)
}

/// Give `gpu.module` `m` a [`REGISTER_SYMBOLS_FN`] that registers each of its
/// `cuda.global_var`s with the runtime (nothing when it has none).
fn add_symbol_registration(ctx: &mut Context, root: OpId, m: OpId) {
    let globals = ops_in(ctx, m, "cuda.global_var");
    if globals.is_empty() {
        return;
    }
    let p = ptr_type(ctx);
    let i64 = ctx.i64();
    declare(ctx, root, REGISTER_FN, &[p, p, i64], &[]);
    let module = ctx.symbol_name(m).unwrap_or("").to_string();
    let loc = ctx.loc(m);
    let fty = ctx.function_type(&[], &[]);
    let state = OperationState::new(ctx, "func.func", loc)
        .property(ctx, "function_type", ctx.type_attr(fty))
        .property(ctx, "sym_name", ctx.string_attr(REGISTER_SYMBOLS_FN))
        .regions(1);
    let func = ctx.create_op(state);
    let body = new_block(ctx, func, 0);
    ctx.append_op(ctx.entry_block(ctx.region(m, 0)).unwrap(), func);
    for g in globals {
        register_global(ctx, body, g, &module, p);
    }
    let mut b = Builder::at_end(ctx, body);
    let ret = b.state("func.return");
    b.insert(ret);
}

/// `cuwasm_rt_register_symbol("module.name", &g, sizeof(element) * count)`.
fn register_global(ctx: &mut Context, body: BlockId, g: OpId, module: &str, p: Type) {
    let name = flat_symbol(module, ctx.symbol_name(g).unwrap_or(""));
    let element = ctx.prop(g, "element_type").and_then(|a| ctx.attr_type(a));
    let count = ctx
        .prop(g, "count")
        .and_then(|a| ctx.attr_int(a))
        .unwrap_or(1) as i64;
    let sym = ctx.symbol_ref_attr(ctx.symbol_name(g).unwrap_or(""), &[]);
    let mut b = Builder::at_end(ctx, body);
    let value = b.string_attr(&name);
    let literal = cuda::StringLiteralOp::build(&mut b, &[], &[p], &[("value", value)]);
    let address = cuda::GlobalAddrOp::build(&mut b, &[], &[p], &[("global_name", sym)]);
    let i64 = b.i64();
    let bytes = match element {
        Some(ty) => {
            let one = type_bytes(&mut b, ty);
            let n = build::int(&mut b, i64, count);
            arith::binary::<MulIOp>(&mut b, one, n)
        }
        None => build::int(&mut b, i64, 0),
    };
    let args = [b.result(literal.0, 0), b.result(address.0, 0), bytes];
    let callee = b.symbol_ref_attr(REGISTER_FN, &[]);
    CallOp::build(&mut b, &args, &[], &[("callee", callee)]);
}
