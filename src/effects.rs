//! Queries over the memory-effect interface, as MLIR's `SideEffectInterfaces`:
//! what an op does to memory, and whether it may be erased, moved or merged.

use crate::{Context, Effect, OpId, Traits};

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

    /// May be executed where it was not before (hoisted out of a loop or a
    /// branch): effect-free and cannot trap (MLIR's `Pure` = `Speculatable` + no effects).
    pub fn is_speculatable(&self, op: OpId) -> bool {
        self.op_has_trait(op, Traits::PURE) && self.is_memory_effect_free(op)
    }

    /// Could be erased without changing the program: no result is used, it is
    /// not a terminator or a symbol, and it has no memory effects.
    pub fn is_trivially_dead(&self, op: OpId) -> bool {
        !self.op_has_trait(op, Traits::TERMINATOR)
            && !self.op_has_trait(op, Traits::SYMBOL)
            && self.results(op).all(|r| !self.has_uses(r))
            && self.is_memory_effect_free(op)
    }
}
