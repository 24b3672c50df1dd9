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
use cuwasm_dialects::cpu_abi::BYVAL_BYTES_ATTR;
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
    /// Every access, per buffer, in program order.
    pub accesses: BTreeMap<Base, Vec<Access>>,
}

impl Pointers {
    /// The buffer pointer value `v` points into.
    pub fn base(&self, v: ValueId) -> Option<&Base> {
        self.base.get(&v)
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
pub fn analyze(ctx: &Context, func: OpId) -> Result<Pointers, Diagnostic> {
    let mut p = Pointers::default();
    let entry = ctx
        .entry_block(ctx.region(func, 0))
        .expect("a kernel has a body");
    let byval = byval_bytes(ctx, func);
    for (i, &arg) in ctx.block_args(entry).iter().enumerate() {
        if is_ptr(ctx, ctx.value_type(arg)) {
            let base = match byval.get(i) {
                Some(&b) if b > 0 => Base::Byval(i),
                _ => Base::Param(i),
            };
            p.base.insert(arg, base);
        }
    }
    let ops = ctx.walk_preorder(func);
    // Loop-carried pointers need their yields, which come later: repeat
    // until nothing changes (each value's base is set at most once).
    loop {
        let before = p.base.len();
        for &op in &ops {
            trace(ctx, op, &mut p.base)?;
        }
        if p.base.len() == before {
            break;
        }
    }
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

/// `cuwasm.byval_bytes` of a kernel: per parameter, the bytes of the struct
/// a by-value struct parameter points at (0 for the others).
pub fn byval_bytes(ctx: &Context, func: OpId) -> Vec<u32> {
    ctx.attr(func, BYVAL_BYTES_ATTR)
        .and_then(|a| ctx.attr_dense_array(a))
        .map(|v| v.iter().map(|&b| b.max(0) as u32).collect())
        .unwrap_or_default()
}

/// Set the bases `op` defines from what is known so far.
fn trace(ctx: &Context, op: OpId, base: &mut HashMap<ValueId, Base>) -> Result<(), Diagnostic> {
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
        "ptr.ptr_add" | "cuda.addrspace_cast" => {
            flows.push((ctx.result(op, 0), vec![ctx.operand(op, 0)]));
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
        if !is_ptr(ctx, ctx.value_type(out)) {
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
