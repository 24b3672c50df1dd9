//! Queries over the memory-effect interface, as MLIR's `SideEffectInterfaces`:
//! what an op does to memory, and whether it may be erased, moved or merged.

use crate::{Context, Effect, EffectKind, OpId, Traits, ValueId};

impl Context {
    /// The effects of `op` alone (not of its regions), or `None` when unknown
    /// (an op that declares neither traits nor an effects hook may do anything).
    pub fn op_effects(&self, op: OpId) -> Option<Vec<Effect>> {
        let info = self.op_info(op)?;
        if info.has(Traits::PURE) || info.has(Traits::NO_MEMORY_EFFECT) {
            return Some(Vec::new());
        }
        if let Some(effects) = info.effects {
            return Some(effects(self, op));
        }
        info.has(Traits::RECURSIVE_MEMORY_EFFECTS).then(Vec::new)
    }

    /// The effects of `op` and, for ops with recursive effects (scf.for), of
    /// every op nested in it; `None` when any of them is unknown.
    pub fn op_effects_recursive(&self, op: OpId) -> Option<Vec<Effect>> {
        let mut all = self.op_effects(op)?;
        if self.op_has_trait(op, Traits::RECURSIVE_MEMORY_EFFECTS) {
            for &region in self.regions(op) {
                for &block in self.region_blocks(region) {
                    for inner in self.block_ops(block) {
                        all.extend(self.op_effects_recursive(inner)?);
                    }
                }
            }
        }
        Some(all)
    }

    /// Neither reads nor writes memory, nor allocates, nor frees (nested ops included).
    pub fn is_memory_effect_free(&self, op: OpId) -> bool {
        self.op_effects_recursive(op).is_some_and(|e| e.is_empty())
    }

    /// MLIR's `isOpTriviallyDead`: no result is used, the op is not a
    /// terminator or a symbol, and nothing it (or, through recursive effects,
    /// an op nested in it) does matters once the results are gone: reads and
    /// allocations of its own results may be dropped; writes, frees and
    /// unknown effects may not.
    pub fn is_trivially_dead(&self, op: OpId) -> bool {
        !self.op_has_trait(op, Traits::TERMINATOR)
            && !self.op_has_trait(op, Traits::SYMBOL)
            && self.results(op).all(|r| !self.has_uses(r))
            && self.effects_are_droppable(op)
    }

    /// Would erasing `root` (its results unused) change nothing but the values it made?
    pub fn effects_are_droppable(&self, root: OpId) -> bool {
        let mut stack = vec![root];
        while let Some(op) = stack.pop() {
            if !self.own_effects_droppable(op) {
                return false;
            }
            if self.op_has_trait(op, Traits::RECURSIVE_MEMORY_EFFECTS) {
                for &r in self.regions(op) {
                    for &b in self.region_blocks(r) {
                        stack.extend(self.block_ops(b));
                    }
                }
            }
        }
        true
    }

    /// `op`'s own effects (not its regions') are reads or allocations of its results.
    fn own_effects_droppable(&self, op: OpId) -> bool {
        let Some(info) = self.op_info(op) else {
            return false;
        };
        if info.has(Traits::PURE) || info.has(Traits::NO_MEMORY_EFFECT) {
            return true;
        }
        let Some(hook) = info.effects else {
            return info.has(Traits::RECURSIVE_MEMORY_EFFECTS);
        };
        let effects = hook(self, op);
        let own_alloc = |v: Option<ValueId>| {
            v.is_some_and(|v| {
                self.defining_op(v) == Some(op)
                    && effects
                        .iter()
                        .any(|e| e.kind == EffectKind::Allocate && e.on == Some(v))
            })
        };
        effects
            .iter()
            .all(|e| e.kind == EffectKind::Read || own_alloc(e.on))
    }
}
