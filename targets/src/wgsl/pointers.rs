//! Pointer analysis: every pointer value of a kernel traced, at compile time,
//! to the one buffer it points into ([`Base`]); its byte offset is then a
//! plain `u32` in the shader (docs/webgpu-abi.md, "Inside the shader").
//!
//! Pointers flow through `ptr.ptr_add`, address-space casts, `arith.select`
//! and the results and arguments of structured ops; every value that meets
//! at one of those must come from the same buffer. What WGSL cannot express
//! is a located error naming the construct: a pointer chosen at run time
//! between buffers, stored to or loaded from memory, or turned into an
//! integer. The analysis also records every memory access per buffer, from
//! which `memory` picks each buffer's WGSL element type.

use super::types::{Scalar, checked_scalar};
use cuwasm::{AttrData, Context, Diagnostic, OpId, ValueId};
use cuwasm_dialects::cpu_abi::byval_bytes;
use cuwasm_dialects::cuda::AtomicKind;
use cuwasm_dialects::ptr::is_ptr;
use std::collections::BTreeMap;
use std::collections::HashMap;

/// The buffer a pointer points into.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Base {
    /// The buffer bound for pointer parameter `i` (a storage buffer).
    Param(usize),
    /// The caller's copy of by-value struct parameter `i`: its words in the
    /// parameter block.
    Byval(usize),
    /// A static `__shared__` array (`cuda.shared_alloc`).
    Shared(OpId),
    /// `extern __shared__` memory.
    DynamicShared,
    /// A thread's local array (`cuda.alloca`).
    Private(OpId),
    /// A `__device__`/`__constant__` variable, by symbol name.
    Global(String),
    /// `nullptr`: comparable, never dereferenced.
    Null,
}

/// What a memory op does to its buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessKind {
    Load,
    Store,
    /// A read-modify-write (`None`: compare-and-swap).
    Atomic(Option<AtomicKind>),
}

/// One memory access.
#[derive(Clone, Copy, Debug)]
pub struct Access {
    pub kind: AccessKind,
    /// The type read or written.
    pub scalar: Scalar,
}

/// The result of the analysis for one kernel.
#[derive(Default)]
pub struct Pointers {
    base: HashMap<ValueId, Base>,
    /// The parameters memory is accessed through (with the `i64` ones PTX
    /// uses as addresses).
    addresses: Vec<usize>,
    /// Every access, per buffer, in program order.
    pub accesses: BTreeMap<Base, Vec<Access>>,
}

impl Pointers {
    /// The buffer pointer value `v` points into.
    pub fn base(&self, v: ValueId) -> Option<&Base> {
        self.base.get(&v)
    }

    /// Is parameter `i` an address memory is accessed through?
    pub fn is_address_param(&self, i: usize) -> bool {
        self.addresses.contains(&i)
    }

    /// Is anything stored into `base` (plain or atomic)?
    pub fn written(&self, base: &Base) -> bool {
        self.accesses
            .get(base)
            .is_some_and(|a| a.iter().any(|a| a.kind != AccessKind::Load))
    }
}

/// The memory op's pointer operand and what it does, if `op` accesses memory.
pub fn memory_access(ctx: &Context, op: OpId) -> Result<Option<(ValueId, Access)>, Diagnostic> {
    let (ptr, kind, ty) = match ctx.op_name_text(op) {
        "ptr.load" | "cuda.ldg" => (0, AccessKind::Load, ctx.value_type(ctx.result(op, 0))),
        "ptr.store" => (1, AccessKind::Store, ctx.value_type(ctx.operand(op, 0))),
        "cuda.atomic_rmw" => {
            let kind = AtomicKind::from_prop(ctx, op, "kind")?;
            (
                0,
                AccessKind::Atomic(kind),
                ctx.value_type(ctx.result(op, 0)),
            )
        }
        "cuda.atomic_cas" => (
            0,
            AccessKind::Atomic(None),
            ctx.value_type(ctx.result(op, 0)),
        ),
        _ => return Ok(None),
    };
    let scalar = checked_scalar(ctx, op, ty)?;
    Ok(Some((ctx.operand(op, ptr), Access { kind, scalar })))
}

/// Trace every pointer of kernel `func` to its buffer.
///
/// PTX kernels take their pointers as `i64` parameters and address memory
/// with `ptr.ptr_add(null, address)`: an `i64` parameter whose value reaches
/// such an address (through additions and the values structured ops carry)
/// is a pointer parameter too, and those integers carry its buffer. Since
/// the shader knows them only as byte offsets, using one as a number
/// (comparing it, multiplying it, ...) is an error.
pub fn analyze(ctx: &Context, func: OpId) -> Result<Pointers, Diagnostic> {
    let ops = ctx.walk_preorder(func);
    let candidates = seed(ctx, func, &|_| true);
    let traced = propagate(ctx, &ops, candidates, false)?;
    let addresses = address_params(ctx, &ops, &traced)?;
    let seeded = seed(ctx, func, &|i| addresses.contains(&i));
    let mut p = Pointers {
        base: propagate(ctx, &ops, seeded, true)?,
        ..Pointers::default()
    };
    p.addresses = addresses;
    reject_numeric_addresses(ctx, &ops, &p.base)?;
    for &op in &ops {
        reject_escapes(ctx, op)?;
        if let Some((ptr, access)) = memory_access(ctx, op)? {
            let base = match p.base.get(&ptr) {
                Some(Base::Null) => {
                    return Err(ctx.op_error(op, "dereferences a null pointer"));
                }
                Some(b) => b.clone(),
                None => return Err(untraceable(ctx, op)),
            };
            if matches!(base, Base::Byval(_)) && access.kind != AccessKind::Load {
                let msg = "writes to a by-value struct parameter, which the WGSL target keeps in the read-only parameter block";
                return Err(ctx.op_error(op, msg));
            }
            p.accesses.entry(base).or_default().push(access);
        }
    }
    Ok(p)
}

/// The bases of the kernel's parameters: pointers, and the `i64` ones
/// `address(i)` allows.
fn seed(ctx: &Context, func: OpId, address: &dyn Fn(usize) -> bool) -> HashMap<ValueId, Base> {
    let entry = ctx
        .entry_block(ctx.region(func, 0))
        .expect("a kernel has a body");
    let byval = byval_bytes(ctx, func);
    let mut base = HashMap::new();
    for (i, &arg) in ctx.block_args(entry).iter().enumerate() {
        let ty = ctx.value_type(arg);
        if is_ptr(ctx, ty) {
            let b = match byval.get(i) {
                Some(&b) if b > 0 => Base::Byval(i),
                _ => Base::Param(i),
            };
            base.insert(arg, b);
        } else if ctx.int_width(ty) == Some(64) && address(i) {
            base.insert(arg, Base::Param(i));
        }
    }
    base
}

/// Bases through the kernel until nothing changes (loop-carried values need
/// their yields, which come later; each value's base is set at most once).
fn propagate(
    ctx: &Context,
    ops: &[OpId],
    mut base: HashMap<ValueId, Base>,
    strict: bool,
) -> Result<HashMap<ValueId, Base>, Diagnostic> {
    loop {
        let before = base.len();
        for &op in ops {
            trace(ctx, op, &mut base, strict)?;
        }
        if base.len() == before {
            return Ok(base);
        }
    }
}

/// The `i64` parameters whose value some memory access uses as an address.
fn address_params(
    ctx: &Context,
    ops: &[OpId],
    base: &HashMap<ValueId, Base>,
) -> Result<Vec<usize>, Diagnostic> {
    let mut out = Vec::new();
    for &op in ops {
        if let Some((ptr, _)) = memory_access(ctx, op)?
            && let Some(Base::Param(i)) = base.get(&ptr)
            && !out.contains(i)
        {
            out.push(*i);
        }
    }
    Ok(out)
}

/// Set the bases `op` defines from what is known so far.
fn trace(
    ctx: &Context,
    op: OpId,
    base: &mut HashMap<ValueId, Base>,
    strict: bool,
) -> Result<(), Diagnostic> {
    let name = ctx.op_name_text(op);
    let fresh = match name {
        "cuda.shared_alloc" => Some(Base::Shared(op)),
        "cuda.dynamic_shared" | "gpu.dynamic_shared_memory" => Some(Base::DynamicShared),
        "cuda.alloca" => Some(Base::Private(op)),
        "cuda.global_addr" => Some(Base::Global(global_name(ctx, op)?)),
        "ptr.constant" => Some(Base::Null),
        _ => None,
    };
    if let Some(b) = fresh {
        base.insert(ctx.result(op, 0), b);
        return Ok(());
    }
    // (result, the values that flow into it)
    let mut flows: Vec<(ValueId, Vec<ValueId>)> = Vec::new();
    match name {
        // `null + address`: PTX's memory access through an integer.
        "ptr.ptr_add" if base.get(&ctx.operand(op, 0)) == Some(&Base::Null) => {
            flows.push((ctx.result(op, 0), vec![ctx.operand(op, 1)]));
        }
        "ptr.ptr_add" | "cuda.addrspace_cast" => {
            flows.push((ctx.result(op, 0), vec![ctx.operand(op, 0)]));
        }
        // `p - null`: the address of `p`, as an integer.
        "ptr.ptr_diff" if base.get(&ctx.operand(op, 1)) == Some(&Base::Null) => {
            flows.push((ctx.result(op, 0), vec![ctx.operand(op, 0)]));
        }
        // An integer address plus or minus a number.
        "arith.addi" | "arith.subi" => {
            let [a, b] = [0, 1].map(|i| base.get(&ctx.operand(op, i)));
            match (a, b) {
                (Some(_), None) => flows.push((ctx.result(op, 0), vec![ctx.operand(op, 0)])),
                (None, Some(_)) if name == "arith.addi" => {
                    flows.push((ctx.result(op, 0), vec![ctx.operand(op, 1)]));
                }
                _ => {}
            }
        }
        "arith.select" => {
            flows.push((ctx.result(op, 0), ctx.operands(op)[1..].to_vec()));
        }
        "scf.if" | "scf.index_switch" => {
            for (i, r) in ctx.results(op).enumerate() {
                let yields = ctx
                    .regions(op)
                    .iter()
                    .filter_map(|&reg| terminator_of(ctx, reg))
                    .map(|t| ctx.operand(t, i))
                    .collect();
                flows.push((r, yields));
            }
        }
        "scf.while" => {
            let (before, after) = (block_of(ctx, op, 0), block_of(ctx, op, 1));
            let cond = ctx.terminator(before).expect("scf.while has scf.condition");
            let yield_op = ctx.terminator(after).expect("scf.while has scf.yield");
            for (i, &arg) in ctx.block_args(before).iter().enumerate() {
                let ins = vec![ctx.operand(op, i), ctx.operand(yield_op, i)];
                flows.push((arg, ins));
            }
            for (i, &arg) in ctx.block_args(after).iter().enumerate() {
                flows.push((arg, vec![ctx.operand(cond, i + 1)]));
                flows.push((ctx.result(op, i), vec![ctx.operand(cond, i + 1)]));
            }
        }
        "scf.for" => {
            let body = block_of(ctx, op, 0);
            let yield_op = ctx.terminator(body).expect("scf.for has scf.yield");
            for (i, r) in ctx.results(op).enumerate() {
                let ins = vec![ctx.operand(op, 3 + i), ctx.operand(yield_op, i)];
                flows.push((ctx.block_arg(body, i + 1), ins.clone()));
                flows.push((r, ins));
            }
        }
        _ => {}
    }
    for (out, ins) in flows {
        let ty = ctx.value_type(out);
        if !is_ptr(ctx, ty) && ctx.int_width(ty) != Some(64) {
            continue;
        }
        for v in ins {
            let Some(b) = base.get(&v).cloned() else {
                continue;
            };
            match base.get(&out) {
                None => {
                    base.insert(out, b);
                }
                Some(old) if *old == b => {}
                // While looking for the address parameters every i64
                // parameter is a candidate: integers may meet freely.
                Some(_) if !strict && !is_ptr(ctx, ty) => {}
                Some(_) => {
                    let msg = "chooses at run time between pointers into different buffers, which the WGSL target cannot express (a pointer must stay in one buffer)";
                    return Err(ctx.op_error(op, msg));
                }
            }
        }
    }
    Ok(())
}

/// Pointers that leave the (buffer, offset) form: into memory, out of
/// memory, into integers.
fn reject_escapes(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let msg = match ctx.op_name_text(op) {
        "ptr.store" if is_ptr(ctx, ctx.value_type(ctx.operand(op, 0))) => {
            "stores a pointer to memory, which the WGSL target cannot express (a pointer there is an offset into one buffer, known at compile time)"
        }
        "ptr.load" | "cuda.ldg" if is_ptr(ctx, ctx.value_type(ctx.result(op, 0))) => {
            "loads a pointer from memory, which the WGSL target cannot express (a pointer there is an offset into one buffer, known at compile time)"
        }
        "cuda.atomic_rmw" | "cuda.atomic_cas" if is_ptr(ctx, ctx.value_type(ctx.result(op, 0))) => {
            "exchanges a pointer in memory, which the WGSL target cannot express"
        }
        "ptr.to_ptr" | "ptr.from_ptr" | "ptr.get_metadata" => {
            "converts between a pointer and an integer, which the WGSL target cannot express"
        }
        "ptr.gather" | "ptr.scatter" | "ptr.masked_load" | "ptr.masked_store" => {
            "is a vector memory access, which the WGSL target does not support"
        }
        _ => return Ok(()),
    };
    Err(ctx.op_error(op, msg))
}

/// An integer address may only be added to, carried, or dereferenced: the
/// shader holds its offset, not the address.
fn reject_numeric_addresses(
    ctx: &Context,
    ops: &[OpId],
    base: &HashMap<ValueId, Base>,
) -> Result<(), Diagnostic> {
    for &op in ops {
        let name = ctx.op_name_text(op);
        for (i, v) in ctx.operands(op).iter().enumerate() {
            let address = base.contains_key(v) && !is_ptr(ctx, ctx.value_type(*v));
            let allowed = match name {
                "arith.addi" | "scf.yield" | "scf.condition" | "scf.while" | "scf.for" => true,
                "arith.subi" => i == 0 || base.get(&ctx.operand(op, 0)) == base.get(v),
                "arith.select" => i > 0,
                "ptr.ptr_add" => i == 1,
                _ => false,
            };
            if address && !allowed {
                let msg = "uses an address (an integer in PTX) as a number, which the WGSL target cannot express (it knows a pointer only as an offset into its buffer)";
                return Err(ctx.op_error(op, msg));
            }
        }
    }
    Ok(())
}

fn untraceable(ctx: &Context, op: OpId) -> Diagnostic {
    ctx.op_error(
        op,
        "accesses memory through a pointer the WGSL target cannot trace to one buffer at compile time",
    )
}

/// The symbol a `cuda.global_addr` names.
pub fn global_name(ctx: &Context, op: OpId) -> Result<String, Diagnostic> {
    match ctx.prop(op, "global_name").map(|a| ctx.attr_data(a)) {
        Some(AttrData::SymbolRef { root, nested }) if nested.is_empty() => {
            Ok(ctx.symbol_str(*root).to_string())
        }
        _ => Err(ctx.op_error(op, "needs a flat symbol 'global_name'")),
    }
}

fn block_of(ctx: &Context, op: OpId, region: usize) -> cuwasm::BlockId {
    ctx.entry_block(ctx.region(op, region))
        .expect("structured ops have a body")
}

fn terminator_of(ctx: &Context, region: cuwasm::RegionId) -> Option<OpId> {
    ctx.entry_block(region).and_then(|b| ctx.terminator(b))
}
