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
//! load or its last store. Groups are formed as the ops are emitted, with
//! the constants known then: in an unrolled loop (`unroll.rs`) the induction
//! variable is one, so `a[k]`, `a[k+1]`, ... of one iteration fold into
//! constant offsets of one base and can form a vector.

use super::arith::int_constant;
use super::function::FnEmitter;
use super::spaces::Space;
use super::types::{Reg, Scalar, byte_size};
use cuwasm::{Context, OpId, ValueId};
use std::collections::{HashMap, HashSet};

/// The longest chain of constant `ptr_add`s folded into an address.
pub(super) const MAX_FOLD: usize = 8;
/// How far (in ops) the members of a group may be apart.
const WINDOW: usize = 16;
/// A bound on the alignments and multiples the analysis tracks.
const MAX_ALIGN: u64 = 1 << 20;

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

/// The vector groups being emitted.
#[derive(Default)]
pub(super) struct Groups {
    /// A store group, by its last store (where it is emitted): its members
    /// by increasing address.
    at: HashMap<OpId, Vec<OpId>>,
    /// The members emitted with another op's group (until they are reached).
    folded: HashSet<OpId>,
}

/// How to emit a load or store.
pub(super) enum Plan {
    /// On its own.
    Scalar,
    /// Not at all: another op's vector access covers it.
    Skip,
    /// As one vector access of these members, by increasing address.
    Vector(Vec<OpId>),
    /// Its value is in this register already (a vector load of an earlier
    /// iteration of an unrolled loop made it).
    Preloaded(Reg),
    /// As one vector load of this op's address in this iteration and the
    /// next `lanes - 1` ones of the unrolled loop.
    AcrossIterations(usize),
}

/// A scalar access: the op, its base, offset and scalar.
#[derive(Clone, Copy)]
struct Access {
    op: OpId,
    base: ValueId,
    offset: i64,
    scalar: Scalar,
}

impl FnEmitter<'_> {
    /// The value of integer `v` if it is known: a constant, an induction
    /// variable of an unrolled loop, or arith of those (by the arith
    /// dialect's folders), with `overlay` giving the values of more.
    pub(super) fn eval_with(
        &self,
        v: ValueId,
        overlay: &HashMap<ValueId, i128>,
        depth: usize,
    ) -> Option<i128> {
        let ctx = self.ctx;
        if let Some(c) = int_constant(ctx, v) {
            return Some(c);
        }
        if let Some(&c) = overlay.get(&v).or_else(|| self.known.get(&v)) {
            return Some(c);
        }
        let def = ctx.defining_op(v).filter(|_| depth < MAX_FOLD)?;
        if !ctx.op_name_text(def).starts_with("arith.") || !ctx.regions(def).is_empty() {
            return None;
        }
        let fold = ctx.op_info(def)?.fold?;
        let attrs: Vec<Option<cuwasm::Attr>> = ctx
            .operands(def)
            .iter()
            .map(|&x| {
                let c = self.eval_with(x, overlay, depth + 1)?;
                Some(ctx.int_attr(ctx.value_type(x), c))
            })
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .map(Some)
            .collect();
        match fold(ctx, def, &attrs)?.first()? {
            cuwasm::FoldResult::Attr(a) => ctx.attr_int(*a),
            cuwasm::FoldResult::Value(x) => self.eval_with(*x, overlay, depth + 1),
        }
    }

    /// [`FnEmitter::eval_with`] without more values.
    pub(super) fn const_value(&self, v: ValueId) -> Option<i128> {
        self.eval_with(v, &HashMap::new(), 0)
    }

    /// `v` as a base pointer and a constant byte offset: `ptr_add`s of known
    /// offsets in one state space folded.
    pub(super) fn split_address(&self, v: ValueId) -> (ValueId, i64) {
        self.split_address_with(v, &HashMap::new())
    }

    /// [`FnEmitter::split_address`] with `overlay` giving more values.
    fn split_address_with(&self, v: ValueId, overlay: &HashMap<ValueId, i128>) -> (ValueId, i64) {
        let ctx = self.ctx;
        let space = self.spaces.get(v);
        let (mut base, mut offset) = (v, 0i64);
        for _ in 0..MAX_FOLD {
            let Some(def) = ctx
                .defining_op(base)
                .filter(|&d| ctx.is_op(d, "ptr.ptr_add"))
            else {
                break;
            };
            let inner = ctx.operand(def, 0);
            let c = self.eval_with(ctx.operand(def, 1), overlay, 0);
            match c.and_then(|c| i64::try_from(c).ok()) {
                Some(c)
                    if self.spaces.get(inner) == space
                        && (offset + c).unsigned_abs() < (1 << 31) =>
                {
                    offset += c;
                    base = inner;
                }
                _ => break,
            }
        }
        (base, offset)
    }

    /// How to emit load or store `op`: alone, skipped (a vector covers it),
    /// or as the vector access of a group found now (see the module docs).
    pub(super) fn vector_plan(&mut self, op: OpId) -> Plan {
        if let Some(index) = self.unrolling.last().map(|it| it.index)
            && let Some(r) = self.preloaded.remove(&(op, index))
        {
            return Plan::Preloaded(r);
        }
        if self.vectors.folded.remove(&op) {
            return Plan::Skip;
        }
        if let Some(members) = self.vectors.at.remove(&op) {
            return Plan::Vector(members);
        }
        let ctx = self.ctx;
        let Some(first) = self.access(op) else {
            return Plan::Scalar;
        };
        let load = ctx.is_op(op, "ptr.load");
        let Some(block) = ctx.parent_block(op) else {
            return Plan::Scalar;
        };
        let ops: Vec<OpId> = ctx.block_ops(block).collect();
        let start = position(&ops, op);
        let mut found = vec![first];
        let space = self.spaces.get(first.base);
        for &next in ops.iter().skip(start + 1).take(WINDOW) {
            match self.access(next) {
                Some(a) if ctx.is_op(next, ctx.op_name_text(op)) => {
                    if a.base == first.base && a.scalar == first.scalar {
                        found.push(a);
                    } else if !load {
                        break;
                    }
                }
                _ if self.passes(next, load, space) => {}
                _ => break,
            }
        }
        let base_align = self.alignment(first.base, 0);
        let Some(members) = best_vector(ctx, &found, base_align) else {
            if load && let Some(lanes) = self.across_iterations(first, base_align) {
                return Plan::AcrossIterations(lanes);
            }
            return Plan::Scalar;
        };
        if load {
            // emitted here, at the first load
            self.vectors
                .folded
                .extend(members.iter().copied().filter(|&m| m != op));
            return Plan::Vector(members);
        }
        let last = members
            .iter()
            .copied()
            .max_by_key(|m| position(&ops, *m))
            .expect("a group has members");
        self.vectors
            .folded
            .extend(members.iter().copied().filter(|&m| m != last && m != op));
        self.vectors.at.insert(last, members);
        Plan::Skip
    }

    /// How many lanes (4 or 2) a load of an unrolled loop's read-only body
    /// can load at once with the same load of the next iterations: its base
    /// is defined outside the body and its address advances by its size from
    /// one iteration to the next, from an aligned start.
    fn across_iterations(&self, first: Access, base_align: u64) -> Option<usize> {
        let ctx = self.ctx;
        let it = self.unrolling.last()?;
        if !it.read_only || ctx.parent_block(first.op) != Some(it.block) {
            return None;
        }
        let invariant = match ctx.defining_op(first.base) {
            Some(def) => !it.ops.contains(&def),
            None => !ctx.block_args(it.block).contains(&first.base),
        };
        if !invariant {
            return None;
        }
        let size = first.scalar.bytes() as i64;
        let ptr = ctx.operand(first.op, 0);
        let offset_at = |k: usize| {
            let v = *it.values.get(it.index + k)?;
            let (base, offset) = self.split_address_with(ptr, &HashMap::from([(it.iv, v)]));
            (base == first.base).then_some(offset)
        };
        [4usize, 2].into_iter().find(|&lanes| {
            let bytes = size * lanes as i64;
            let aligned = base_align as i64 % bytes == 0 && first.offset % bytes == 0;
            aligned
                && bytes <= 16
                && (1..lanes).all(|k| offset_at(k) == Some(first.offset + k as i64 * size))
        })
    }

    /// A plain scalar load or store of 4 or 8 bytes, not of a promoted alloca.
    fn access(&self, op: OpId) -> Option<Access> {
        let ctx = self.ctx;
        let (ptr, value) = match ctx.op_name_text(op) {
            "ptr.load" => (ctx.operand(op, 0), ctx.result(op, 0)),
            "ptr.store" => (ctx.operand(op, 1), ctx.operand(op, 0)),
            _ => return None,
        };
        let set = |name| {
            ctx.prop(op, name)
                .is_some_and(|a| ctx.attr_int(a).unwrap_or(1) != 0)
        };
        if set("ordering") || set("volatile_") || self.promoted.slot(ptr).is_some() {
            return None;
        }
        let ty = ctx.value_type(value);
        if cuwasm_dialects::ptr::is_ptr(ctx, ty) {
            return None;
        }
        let scalar = Scalar::of(ctx, ty).filter(|s| matches!(s.bits(), 32 | 64))?;
        let (base, offset) = self.split_address(ptr);
        Some(Access {
            op,
            base,
            offset,
            scalar,
        })
    }

    /// May a group of loads (`load`) or stores in state space `space` be
    /// moved across `op`? Loads pass ops that write no memory; stores pass
    /// ops that touch none. Accesses of promoted allocas are register moves,
    /// and accesses of another state space (neither generic) cannot alias.
    fn passes(&self, op: OpId, load: bool, space: Space) -> bool {
        let ctx = self.ctx;
        if !ctx.regions(op).is_empty() {
            return false;
        }
        let name = ctx.op_name_text(op);
        let pointer = match name {
            "ptr.load" | "cuda.ldg" => Some(ctx.operand(op, 0)),
            "ptr.store" => Some(ctx.operand(op, 1)),
            "cuda.alloca" => return self.promoted.slot(ctx.result(op, 0)).is_some(),
            _ => None,
        };
        if let Some(p) = pointer {
            let other = self.spaces.get(p);
            let apart = other != space && other != Space::Generic && space != Space::Generic;
            return self.promoted.slot(p).is_some() || apart || (load && name != "ptr.store");
        }
        name.starts_with("arith.")
            || name.starts_with("math.")
            || name.starts_with("gpu.thread_id")
            || name.starts_with("gpu.block")
            || matches!(
                name,
                "ptr.ptr_add"
                    | "ptr.ptr_diff"
                    | "ptr.constant"
                    | "cuda.shared_alloc"
                    | "cuda.dynamic_shared"
            )
    }

    /// Does `op` (without regions) write no memory? (A load may move across it.)
    pub(super) fn reads_only(&self, op: OpId) -> bool {
        self.passes(op, true, Space::Generic)
    }

    /// A power of two the address `v` is a multiple of.
    fn alignment(&self, v: ValueId, depth: usize) -> u64 {
        let ctx = self.ctx;
        let Some(def) = ctx.defining_op(v) else {
            return 1;
        };
        match ctx.op_name_text(def) {
            "cuda.shared_alloc" | "cuda.alloca" => array_layout(ctx, def).map_or(1, |l| l.1),
            "cuda.dynamic_shared" | "gpu.dynamic_shared_memory" => 16,
            "ptr.ptr_add" if depth < MAX_FOLD => self
                .alignment(ctx.operand(def, 0), depth + 1)
                .min(self.multiple_of(ctx.operand(def, 1), depth + 1)),
            "cuda.addrspace_cast" if depth < MAX_FOLD => {
                self.alignment(ctx.operand(def, 0), depth + 1)
            }
            _ => 1,
        }
    }

    /// A power of two the integer `v` is a multiple of.
    fn multiple_of(&self, v: ValueId, depth: usize) -> u64 {
        let ctx = self.ctx;
        if let Some(c) = self.const_value(v) {
            return if c == 0 {
                MAX_ALIGN
            } else {
                (1u64 << c.unsigned_abs().trailing_zeros().min(20)).min(MAX_ALIGN)
            };
        }
        let Some(def) = ctx.defining_op(v).filter(|_| depth < MAX_FOLD) else {
            return 1;
        };
        let m = |i: usize| self.multiple_of(ctx.operand(def, i), depth + 1);
        match ctx.op_name_text(def) {
            "arith.extsi" | "arith.extui" | "arith.trunci" | "arith.index_cast"
            | "arith.index_castui" => m(0),
            "arith.muli" => (m(0).saturating_mul(m(1))).min(MAX_ALIGN),
            "arith.addi" | "arith.subi" => m(0).min(m(1)),
            "arith.shli" => match self.const_value(ctx.operand(def, 1)) {
                Some(c) if (0..20).contains(&c) => (m(0) << c).min(MAX_ALIGN),
                _ => 1,
            },
            _ => 1,
        }
    }
}

fn position(ops: &[OpId], op: OpId) -> usize {
    ops.iter().position(|&o| o == op).unwrap_or(0)
}

/// The widest aligned vector among `found` (all of one base and scalar)
/// that starts at the first access's offset: 4 lanes of 4 bytes, or 2 of 4
/// or 8 bytes. Its members by increasing offset.
fn best_vector(ctx: &Context, found: &[Access], base_align: u64) -> Option<Vec<OpId>> {
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
    let base_align = base_align as i64;
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
