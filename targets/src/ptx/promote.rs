//! Registers for local variables: a `cuda.alloca` whose address never
//! escapes (it is only loaded from and stored to, at constant offsets) is
//! kept in registers, one per accessed slot, instead of `.local` memory.
//! PTX registers are not SSA, so a store is a `mov` into the slot's register
//! and a load a `mov` out of it, wherever they are.
//!
//! What `mem2reg` leaves: structs copied field by field (`float4`, a
//! parameter struct), whose slots are accessed with another type than the
//! alloca's element type. ptxas does not promote `.local` arrays itself, so
//! without this each such copy would go through local memory.

use super::types::{Class, Scalar};
use cuwasm::{Context, OpId, ValueId};
use std::collections::HashMap;

/// Where a pointer of a promoted alloca points: the alloca and a byte offset.
pub(super) type Slot = (OpId, i64);

/// The promoted allocas of a function, by pointer value.
#[derive(Default)]
pub(super) struct Promoted {
    /// Every pointer derived from a promoted alloca, and its slot.
    pub pointers: HashMap<ValueId, Slot>,
    /// The register class of each slot.
    pub classes: HashMap<Slot, Class>,
}

impl Promoted {
    /// The promotable allocas of function `f`.
    pub(super) fn analyze(ctx: &Context, f: OpId) -> Promoted {
        let mut p = Promoted::default();
        for op in ctx.walk_preorder(f) {
            if ctx.is_op(op, "cuda.alloca") {
                p.try_promote(ctx, op);
            }
        }
        p
    }

    /// The slot pointer `v` points to, if it is of a promoted alloca.
    pub(super) fn slot(&self, v: ValueId) -> Option<Slot> {
        self.pointers.get(&v).copied()
    }

    fn try_promote(&mut self, ctx: &Context, alloca: OpId) {
        let mut pointers = Vec::new();
        let mut accesses: Vec<(i64, Scalar)> = Vec::new();
        let mut work = vec![(ctx.result(alloca, 0), 0i64)];
        while let Some((v, offset)) = work.pop() {
            pointers.push((v, offset));
            for u in ctx.uses(v) {
                let user = u.op;
                let access = match ctx.op_name_text(user) {
                    "ptr.ptr_add" if u.index == 0 => {
                        let Some(c) = constant(ctx, ctx.operand(user, 1)) else {
                            return;
                        };
                        work.push((ctx.result(user, 0), offset + c));
                        continue;
                    }
                    "ptr.load" if plain(ctx, user) => ctx.result(user, 0),
                    "ptr.store" if u.index == 1 && plain(ctx, user) => ctx.operand(user, 0),
                    _ => return,
                };
                match Scalar::of(ctx, ctx.value_type(access)) {
                    Some(s) => accesses.push((offset, s)),
                    None => return,
                }
            }
        }
        let Some(classes) = slot_classes(&mut accesses) else {
            return;
        };
        for (offset, class) in classes {
            self.classes.insert((alloca, offset), class);
        }
        for (v, offset) in pointers {
            self.pointers.insert(v, (alloca, offset));
        }
    }
}

/// The class of each accessed offset, when accesses of one offset have one
/// size (and `i1` is only accessed as `i1`) and no two offsets overlap.
fn slot_classes(accesses: &mut [(i64, Scalar)]) -> Option<Vec<(i64, Class)>> {
    accesses.sort_by_key(|a| a.0);
    let mut slots: Vec<(i64, Scalar)> = Vec::new();
    for &(offset, s) in accesses.iter() {
        match slots.last() {
            Some(&(o, t)) if o == offset => {
                let same = s.bytes() == t.bytes() && (s == Scalar::I1) == (t == Scalar::I1);
                if !same || s.reg_bits() != t.reg_bits() {
                    return None;
                }
            }
            Some(&(o, t)) if o + t.bytes() as i64 > offset => return None,
            _ => slots.push((offset, s)),
        }
    }
    Some(slots.into_iter().map(|(o, s)| (o, s.class())).collect())
}

/// A load or store without an ordering and not volatile.
fn plain(ctx: &Context, op: OpId) -> bool {
    let set = |name| {
        ctx.prop(op, name)
            .is_some_and(|a| ctx.attr_int(a).unwrap_or(1) != 0)
    };
    !set("ordering") && !set("volatile_")
}

fn constant(ctx: &Context, v: ValueId) -> Option<i64> {
    i64::try_from(super::arith::int_constant(ctx, v)?).ok()
}
