//! SSA values and their use lists.

use crate::{BlockId, Context, OpId, Type, ValueId};
use smallvec::SmallVec;

/// Where a value is defined.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ValueDef {
    /// Result `index` of `op`.
    Result { op: OpId, index: u32 },
    /// Argument `index` of `block`.
    BlockArg { block: BlockId, index: u32 },
    /// A value not (yet) attached: the parser's forward references.
    Detached,
}

/// One use of a value: operand `index` of `op`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Use {
    pub op: OpId,
    pub index: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct ValueData {
    pub(crate) ty: Type,
    pub(crate) def: ValueDef,
    pub(crate) uses: SmallVec<[Use; 2]>,
}

impl Context {
    pub fn value_type(&self, v: ValueId) -> Type {
        self.values[v.index()].ty
    }
    pub fn set_value_type(&mut self, v: ValueId, ty: Type) {
        self.values[v.index()].ty = ty;
    }
    pub fn value_def(&self, v: ValueId) -> ValueDef {
        self.values[v.index()].def
    }
    /// The op defining `v`, if it is an op result.
    pub fn defining_op(&self, v: ValueId) -> Option<OpId> {
        match self.value_def(v) {
            ValueDef::Result { op, .. } => Some(op),
            _ => None,
        }
    }
    /// The uses of `v`, in no particular order.
    pub fn uses(&self, v: ValueId) -> &[Use] {
        &self.values[v.index()].uses
    }
    pub fn has_uses(&self, v: ValueId) -> bool {
        !self.values[v.index()].uses.is_empty()
    }

    /// Replace every use of `from` with `to`.
    pub fn replace_all_uses(&mut self, from: ValueId, to: ValueId) {
        if from == to {
            return;
        }
        let uses = std::mem::take(&mut self.values[from.index()].uses);
        let base = self.values[to.index()].uses.len();
        for (k, u) in uses.iter().enumerate() {
            let op = &mut self.ops[u.op.index()];
            op.operands[u.index as usize] = to;
            op.use_pos[u.index as usize] = (base + k) as u32;
        }
        self.values[to.index()].uses.extend(uses);
    }

    /// Replace the uses of `from` for which `keep` says yes.
    pub fn replace_uses_if(
        &mut self,
        from: ValueId,
        to: ValueId,
        mut pred: impl FnMut(&Context, Use) -> bool,
    ) {
        let uses = self.uses(from).to_vec();
        for u in uses {
            if pred(self, u) {
                self.set_operand(u.op, u.index as usize, to);
            }
        }
    }

    pub(crate) fn new_value(&mut self, ty: Type, def: ValueDef) -> ValueId {
        let id = ValueId(self.values.len() as u32);
        self.values.push(ValueData {
            ty,
            def,
            uses: SmallVec::new(),
        });
        id
    }

    /// Record `u` in `v`'s use list; the operand slot `u` must exist.
    pub(crate) fn add_use(&mut self, v: ValueId, u: Use) {
        let uses = &mut self.values[v.index()].uses;
        self.ops[u.op.index()].use_pos[u.index as usize] = uses.len() as u32;
        uses.push(u);
    }

    /// Remove `u` from `v`'s use list in O(1): the last use takes its place.
    pub(crate) fn remove_use(&mut self, v: ValueId, u: Use) {
        let pos = self.ops[u.op.index()].use_pos[u.index as usize] as usize;
        let uses = &mut self.values[v.index()].uses;
        debug_assert_eq!(uses.get(pos), Some(&u), "use list out of sync");
        uses.swap_remove(pos);
        if let Some(&moved) = uses.get(pos) {
            self.ops[moved.op.index()].use_pos[moved.index as usize] = pos as u32;
        }
    }

    /// A value with no definition yet, for forward references; give it a
    /// definition with [`replace_all_uses`](Self::replace_all_uses).
    pub fn new_placeholder(&mut self, ty: Type) -> ValueId {
        self.new_value(ty, ValueDef::Detached)
    }
}
