//! Vector loads and stores: two or four scalar accesses of one type to
//! adjacent addresses (`[base+o]`, `[base+o+4]`, ...) become one `ld.v2`/
//! `ld.v4` or `st.v2`/`st.v4` where the address is provably aligned to the
//! vector's size (a `float4` read from shared memory is one `ld.shared.v4`).
//!
//! Alignment is what the IR proves: the arrays the target declares (shared,
//! dynamic shared and local arrays are 16-byte aligned from 16 bytes on), an
//! access's own `alignment` property, and offsets whose low bits are known
//! to be zero (a constant, an index times a constant, ...). A kernel's
//! pointer parameters prove nothing (the IR does not keep the pointee type),
//! so their accesses stay scalar. Accesses are grouped within one block and
//! only across ops that touch no memory (loads may pass loads; stores pass
//! nothing that reads or writes memory): the group is emitted at its first
//! load or its last store.

use super::arith::int_constant;
use super::promote::Promoted;
use super::spaces::{Space, Spaces};
use super::types::{Scalar, byte_size};
use cuwasm::{Context, OpId, ValueId};
use std::collections::{HashMap, HashSet};

/// The longest chain of constant `ptr_add`s folded into an address.
pub(super) const MAX_FOLD: usize = 8;
/// How far (in ops) the members of a group may be apart.
const WINDOW: usize = 16;
/// A bound on the alignments and multiples the analysis tracks.
const MAX_ALIGN: u64 = 1 << 20;

/// `v` as a base pointer and a constant byte offset: constant `ptr_add`s in
/// one state space folded.
pub(super) fn split_address(ctx: &Context, spaces: &Spaces, v: ValueId) -> (ValueId, i64) {
    let space = spaces.get(v);
    let (mut base, mut offset) = (v, 0i64);
    for _ in 0..MAX_FOLD {
        let Some(def) = ctx
            .defining_op(base)
            .filter(|&d| ctx.is_op(d, "ptr.ptr_add"))
        else {
            break;
        };
        let inner = ctx.operand(def, 0);
        match int_constant(ctx, ctx.operand(def, 1)).and_then(|c| i64::try_from(c).ok()) {
            Some(c) if spaces.get(inner) == space && (offset + c).unsigned_abs() < (1 << 31) => {
                offset += c;
                base = inner;
            }
            _ => break,
        }
    }
    (base, offset)
}

/// The size and alignment of the array a `cuda.shared_alloc`/`cuda.alloca`
/// declares: its `alignment`, at least its element's, and 16 from 16 bytes
/// on (so that vector accesses can address it).
pub(super) fn array_layout(ctx: &Context, op: OpId) -> Option<(u64, u64)> {
    let elem = ctx
        .prop(op, "element_type")
        .and_then(|a| ctx.attr_type(a))?;
    let count = ctx.prop(op, "count").and_then(|a| ctx.attr_int(a))?;
    let size = byte_size(ctx, elem)?;
    let bytes = size * count.max(1) as u64;
    let align = ctx
        .prop(op, "alignment")
        .and_then(|a| ctx.attr_int(a))
        .map_or(size, |a| (a as u64).max(size));
    Some((bytes, if bytes >= 16 { align.max(16) } else { align }))
}

/// The vector groups of a function.
#[derive(Default)]
pub(super) struct Groups {
    /// The op at which a group is emitted (its first load, its last store),
    /// and its members by increasing address.
    pub at: HashMap<OpId, Vec<OpId>>,
    /// The members emitted with another op's group.
    pub folded: HashSet<OpId>,
}

/// A scalar access: the op, its base, offset and scalar.
#[derive(Clone, Copy)]
struct Access {
    op: OpId,
    base: ValueId,
    offset: i64,
    scalar: Scalar,
}

pub(super) fn analyze(ctx: &Context, f: OpId, spaces: &Spaces, promoted: &Promoted) -> Groups {
    let mut g = Groups::default();
    for op in ctx.walk_preorder(f) {
        for &region in ctx.regions(op) {
            for &block in ctx.region_blocks(region) {
                let ops: Vec<OpId> = ctx.block_ops(block).collect();
                group_block(ctx, spaces, promoted, &ops, &mut g);
            }
        }
    }
    g
}

fn group_block(ctx: &Context, spaces: &Spaces, promoted: &Promoted, ops: &[OpId], g: &mut Groups) {
    for (i, &op) in ops.iter().enumerate() {
        let Some(first) = access(ctx, spaces, promoted, op) else {
            continue;
        };
        if g.folded.contains(&op) || g.at.contains_key(&op) {
            continue;
        }
        let load = ctx.is_op(op, "ptr.load");
        let mut found = vec![first];
        for &next in ops.iter().skip(i + 1).take(WINDOW) {
            match access(ctx, spaces, promoted, next) {
                Some(a) if ctx.is_op(next, ctx.op_name_text(op)) => {
                    let fits = a.base == first.base && a.scalar == first.scalar;
                    if fits && !g.folded.contains(&next) {
                        found.push(a);
                    } else if !load {
                        break;
                    }
                }
                _ if passes(ctx, spaces, promoted, next, (load, spaces.get(first.base))) => {}
                _ => break,
            }
        }
        if let Some(members) = best_vector(ctx, &found) {
            let at = if load {
                members.iter().copied().min_by_key(|m| position(ops, *m))
            } else {
                members.iter().copied().max_by_key(|m| position(ops, *m))
            };
            let at = at.expect("a group has members");
            g.folded
                .extend(members.iter().copied().filter(|&m| m != at));
            g.at.insert(at, members);
        }
    }
}

fn position(ops: &[OpId], op: OpId) -> usize {
    ops.iter().position(|&o| o == op).unwrap_or(0)
}

/// A plain scalar load or store of 4 or 8 bytes, not of a promoted alloca.
fn access(ctx: &Context, spaces: &Spaces, promoted: &Promoted, op: OpId) -> Option<Access> {
    let (ptr, value) = match ctx.op_name_text(op) {
        "ptr.load" => (ctx.operand(op, 0), ctx.result(op, 0)),
        "ptr.store" => (ctx.operand(op, 1), ctx.operand(op, 0)),
        _ => return None,
    };
    let set = |name| {
        ctx.prop(op, name)
            .is_some_and(|a| ctx.attr_int(a).unwrap_or(1) != 0)
    };
    if set("ordering") || set("volatile_") || promoted.slot(ptr).is_some() {
        return None;
    }
    let ty = ctx.value_type(value);
    if cuwasm_dialects::ptr::is_ptr(ctx, ty) {
        return None;
    }
    let scalar = Scalar::of(ctx, ty).filter(|s| matches!(s.bits(), 32 | 64))?;
    let (base, offset) = split_address(ctx, spaces, ptr);
    Some(Access {
        op,
        base,
        offset,
        scalar,
    })
}

/// May a group of loads (`load`) or stores in state space `space` be moved
/// across `op`? Loads pass ops that write no memory; stores pass ops that
/// touch none. Accesses of promoted allocas are register moves, and
/// accesses of another state space (neither generic) cannot alias.
fn passes(
    ctx: &Context,
    spaces: &Spaces,
    promoted: &Promoted,
    op: OpId,
    (load, space): (bool, Space),
) -> bool {
    if !ctx.regions(op).is_empty() {
        return false;
    }
    let name = ctx.op_name_text(op);
    let pointer = match name {
        "ptr.load" | "cuda.ldg" | "cuda.alloca" => Some(promoted_pointer(ctx, op)),
        "ptr.store" => Some(ctx.operand(op, 1)),
        _ => None,
    };
    if let Some(p) = pointer {
        let other = spaces.get(p);
        let apart = other != space && other != Space::Generic && space != Space::Generic;
        if promoted.slot(p).is_some() || (apart && name != "cuda.alloca") {
            return true;
        }
    }
    let pure = name.starts_with("arith.")
        || name.starts_with("math.")
        || matches!(
            name,
            "ptr.ptr_add"
                | "ptr.ptr_diff"
                | "ptr.constant"
                | "cuda.shared_alloc"
                | "cuda.dynamic_shared"
        )
        || name.starts_with("gpu.thread_id")
        || name.starts_with("gpu.block");
    pure || (load && (name == "ptr.load" || name == "cuda.ldg"))
}

/// The widest aligned vector among `found` (all of one base and scalar)
/// that starts at the first access's offset: 4 lanes of 4 bytes, or 2 of 4
/// or 8 bytes. Its members by increasing offset.
fn best_vector(ctx: &Context, found: &[Access]) -> Option<Vec<OpId>> {
    let first = found[0];
    let size = first.scalar.bytes() as i64;
    let lanes_at = |n: i64| -> Option<Vec<OpId>> {
        (0..n)
            .map(|k| {
                found
                    .iter()
                    .find(|a| a.offset == first.offset + k * size)
                    .map(|a| a.op)
            })
            .collect()
    };
    let base_align = alignment(ctx, first.base, 0) as i64;
    let own_align = access_alignment(ctx, first.op) as i64;
    let aligned = |bytes: i64| {
        (base_align % bytes == 0 && first.offset % bytes == 0) || own_align % bytes == 0
    };
    for lanes in [4, 2] {
        if size * lanes > 16 || !aligned(size * lanes) {
            continue;
        }
        if let Some(ops) = lanes_at(lanes) {
            return Some(ops);
        }
    }
    None
}

/// The `alignment` property of a load or store (1 when absent).
fn access_alignment(ctx: &Context, op: OpId) -> u64 {
    let Some(a) = ctx.prop(op, "alignment") else {
        return 1;
    };
    let v = ctx
        .attr_dense_array(a)
        .and_then(|v| v.first().copied())
        .or_else(|| ctx.attr_int(a));
    v.map_or(1, |v| (v as u64).clamp(1, MAX_ALIGN))
}

/// A power of two the address `v` is a multiple of.
fn alignment(ctx: &Context, v: ValueId, depth: usize) -> u64 {
    let Some(def) = ctx.defining_op(v) else {
        return 1;
    };
    match ctx.op_name_text(def) {
        "cuda.shared_alloc" | "cuda.alloca" => array_layout(ctx, def).map_or(1, |l| l.1),
        "cuda.dynamic_shared" | "gpu.dynamic_shared_memory" => 16,
        "ptr.ptr_add" if depth < MAX_FOLD => alignment(ctx, ctx.operand(def, 0), depth + 1)
            .min(multiple_of(ctx, ctx.operand(def, 1), depth + 1)),
        "cuda.addrspace_cast" if depth < MAX_FOLD => alignment(ctx, ctx.operand(def, 0), depth + 1),
        _ => 1,
    }
}

/// A power of two the integer `v` is a multiple of.
fn multiple_of(ctx: &Context, v: ValueId, depth: usize) -> u64 {
    if let Some(c) = int_constant(ctx, v) {
        return if c == 0 {
            MAX_ALIGN
        } else {
            (1u64 << c.unsigned_abs().trailing_zeros().min(20)).min(MAX_ALIGN)
        };
    }
    let Some(def) = ctx.defining_op(v).filter(|_| depth < MAX_FOLD) else {
        return 1;
    };
    let m = |i: usize| multiple_of(ctx, ctx.operand(def, i), depth + 1);
    match ctx.op_name_text(def) {
        "arith.extsi" | "arith.extui" | "arith.trunci" | "arith.index_cast"
        | "arith.index_castui" => m(0),
        "arith.muli" => (m(0).saturating_mul(m(1))).min(MAX_ALIGN),
        "arith.addi" | "arith.subi" => m(0).min(m(1)),
        "arith.shli" => match int_constant(ctx, ctx.operand(def, 1)) {
            Some(c) if (0..20).contains(&c) => (m(0) << c).min(MAX_ALIGN),
            _ => 1,
        },
        _ => 1,
    }
}

/// The pointer a `ptr.load` reads through, or the one a `cuda.alloca` makes.
fn promoted_pointer(ctx: &Context, op: OpId) -> ValueId {
    if ctx.is_op(op, "cuda.alloca") {
        ctx.result(op, 0)
    } else {
        ctx.operand(op, 0)
    }
}
