//! Deep copies of operations and regions, with a value/block mapping (MLIR's `IRMapping`).

use crate::{BlockId, Context, OpId, OperationState, RegionId, ValueId};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Maps values and blocks of the original IR to their copies.
#[derive(Default, Debug, Clone)]
pub struct IrMapping {
    pub values: FxHashMap<ValueId, ValueId>,
    pub blocks: FxHashMap<BlockId, BlockId>,
}

impl IrMapping {
    pub fn map_value(&mut self, from: ValueId, to: ValueId) {
        self.values.insert(from, to);
    }
    /// The copy of `v`, or `v` itself for values defined outside the cloned IR.
    pub fn lookup(&self, v: ValueId) -> ValueId {
        self.values.get(&v).copied().unwrap_or(v)
    }
    pub fn lookup_block(&self, b: BlockId) -> BlockId {
        self.blocks.get(&b).copied().unwrap_or(b)
    }
}

impl Context {
    /// A detached deep copy of `op`; operands defined outside are remapped through `map`.
    pub fn clone_op(&mut self, op: OpId, map: &mut IrMapping) -> OpId {
        let mut state = self.copy_state(op, map);
        state.operands = self.operands(op).iter().map(|v| map.lookup(*v)).collect();
        let new = self.create_op(state);
        let results: Vec<_> = self.results(op).zip(self.results(new)).collect();
        for (old, copy) in results {
            map.map_value(old, copy);
        }
        for i in 0..self.regions(op).len() {
            let (from, to) = (self.region(op, i), self.region(new, i));
            self.clone_region_into(from, to, map);
        }
        new
    }

    /// Append copies of `from`'s blocks to `to`.
    pub fn clone_region_into(&mut self, from: RegionId, to: RegionId, map: &mut IrMapping) {
        let blocks = self.region_blocks(from).to_vec();
        // Create all blocks first: successors may refer forward.
        for &b in &blocks {
            let loc = self.block_arg_locs_or_unknown(b);
            let copy = self.create_block(&[], loc);
            for (i, arg) in self.block_args(b).to_vec().into_iter().enumerate() {
                let new_arg =
                    self.add_block_arg(copy, self.value_type(arg), self.block_arg_loc(b, i));
                map.map_value(arg, new_arg);
            }
            map.blocks.insert(b, copy);
            self.append_block(to, copy);
        }
        for &b in &blocks {
            let copy = map.blocks[&b];
            let ops: Vec<OpId> = self.block_ops(b).collect();
            for op in ops {
                let new = self.clone_op(op, map);
                self.append_op(copy, new);
            }
        }
        // Successors of ops cloned before their target block existed are fixed above
        // by creating blocks first; operands defined later in the region need a second pass.
        for &b in &blocks {
            let copy = map.blocks[&b];
            let ops: Vec<OpId> = self.block_ops(copy).collect();
            for op in ops {
                self.remap_nested_operands(op, map);
            }
        }
    }

    /// What `create_op` needs to copy `op`, without its operands.
    fn copy_state(&self, op: OpId, map: &IrMapping) -> OperationState {
        OperationState {
            name: self.op_name_of(op),
            loc: self.loc(op),
            operands: Vec::new(),
            result_types: self.result_types(op),
            properties: Some(self.properties(op)),
            attributes: Some(self.attributes(op)),
            num_regions: self.regions(op).len(),
            successors: self
                .successors(op)
                .iter()
                .map(|b| map.lookup_block(*b))
                .collect(),
        }
    }

    /// A detached deep copy of `op` in `dst`, a context that shares this one's
    /// interned data (made by [`Context::fork_empty`], or the context this one was
    /// forked from). This is how the pass manager hands isolated ops (functions)
    /// to threads and takes them back. `None` when `op` uses a value defined
    /// outside it (it is not isolated).
    pub fn copy_op_to(&self, op: OpId, dst: &mut Context) -> Option<OpId> {
        debug_assert!(
            Arc::ptr_eq(&self.uniq, &dst.uniq),
            "contexts do not share interned data"
        );
        let mut map = IrMapping::default();
        let mut copied = Vec::new();
        let new = self.copy_skeleton(op, dst, &mut map, &mut copied);
        for (old, new) in copied {
            let operands: Option<Vec<ValueId>> = self
                .operands(old)
                .iter()
                .map(|v| map.values.get(v).copied())
                .collect();
            dst.set_operands(new, &operands?);
        }
        Some(new)
    }

    /// Copies `op`, its regions and blocks into `dst` without operands, recording
    /// (original, copy) pairs so that operands are set once every value exists.
    fn copy_skeleton(
        &self,
        op: OpId,
        dst: &mut Context,
        map: &mut IrMapping,
        copied: &mut Vec<(OpId, OpId)>,
    ) -> OpId {
        let new = dst.create_op(self.copy_state(op, map));
        copied.push((op, new));
        for (old, copy) in self.results(op).zip(dst.results(new)) {
            map.map_value(old, copy);
        }
        for (i, &region) in self.regions(op).iter().enumerate() {
            let to = dst.region(new, i);
            for &b in self.region_blocks(region) {
                let copy = dst.create_block(&[], self.block_arg_locs_or_unknown(b));
                for (j, &arg) in self.block_args(b).iter().enumerate() {
                    let new_arg =
                        dst.add_block_arg(copy, self.value_type(arg), self.block_arg_loc(b, j));
                    map.map_value(arg, new_arg);
                }
                map.blocks.insert(b, copy);
                dst.append_block(to, copy);
            }
            for &b in self.region_blocks(region) {
                for inner in self.block_ops(b) {
                    let c = self.copy_skeleton(inner, dst, map, copied);
                    dst.append_op(map.blocks[&b], c);
                }
            }
        }
        new
    }

    fn remap_nested_operands(&mut self, root: OpId, map: &IrMapping) {
        for op in self.walk_preorder(root) {
            for i in 0..self.num_operands(op) {
                let v = self.operand(op, i);
                let mapped = map.lookup(v);
                if mapped != v {
                    self.set_operand(op, i, mapped);
                }
            }
        }
    }

    fn block_arg_locs_or_unknown(&self, b: BlockId) -> crate::Location {
        self.first_op(b)
            .map(|op| self.loc(op))
            .unwrap_or_else(|| self.unknown_loc())
    }
}
