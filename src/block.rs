//! Blocks: arguments and the ordered list of their operations.

use crate::value::ValueDef;
use crate::{BlockId, Context, Location, OpId, RegionId, Traits, Type, ValueId};

#[derive(Clone, Debug)]
pub(crate) struct BlockData {
    pub(crate) args: Vec<ValueId>,
    pub(crate) arg_locs: Vec<Location>,
    pub(crate) first: Option<OpId>,
    pub(crate) last: Option<OpId>,
    pub(crate) parent: Option<RegionId>,
    pub(crate) erased: bool,
}

/// The ops of a block, in order.
#[derive(Clone)]
pub struct BlockOps<'a> {
    ctx: &'a Context,
    next: Option<OpId>,
}

impl Iterator for BlockOps<'_> {
    type Item = OpId;
    fn next(&mut self) -> Option<OpId> {
        let op = self.next?;
        self.next = self.ctx.op(op).next;
        Some(op)
    }
}

impl Context {
    /// Create a detached block with arguments of these types.
    pub fn create_block(&mut self, arg_types: &[Type], loc: Location) -> BlockId {
        let id = BlockId(self.blocks.len() as u32);
        self.blocks.push(BlockData {
            args: Vec::new(),
            arg_locs: Vec::new(),
            first: None,
            last: None,
            parent: None,
            erased: false,
        });
        for ty in arg_types {
            self.add_block_arg(id, *ty, loc);
        }
        id
    }

    pub fn block_args(&self, block: BlockId) -> &[ValueId] {
        &self.blocks[block.index()].args
    }
    pub fn block_arg(&self, block: BlockId, i: usize) -> ValueId {
        self.blocks[block.index()].args[i]
    }
    pub fn block_arg_loc(&self, block: BlockId, i: usize) -> Location {
        self.blocks[block.index()].arg_locs[i]
    }
    pub fn block_arg_types(&self, block: BlockId) -> Vec<Type> {
        self.block_args(block)
            .iter()
            .map(|v| self.value_type(*v))
            .collect()
    }

    /// Append an argument to `block`.
    pub fn add_block_arg(&mut self, block: BlockId, ty: Type, loc: Location) -> ValueId {
        let index = self.blocks[block.index()].args.len() as u32;
        let v = self.new_value(ty, ValueDef::BlockArg { block, index });
        let b = &mut self.blocks[block.index()];
        b.args.push(v);
        b.arg_locs.push(loc);
        v
    }

    /// Remove argument `i` of `block`; it must be unused.
    pub fn erase_block_arg(&mut self, block: BlockId, i: usize) {
        let v = self.blocks[block.index()].args[i];
        assert!(!self.has_uses(v), "erasing a used block argument");
        let b = &mut self.blocks[block.index()];
        b.args.remove(i);
        b.arg_locs.remove(i);
        let rest: Vec<ValueId> = b.args[i..].to_vec();
        for (k, a) in rest.into_iter().enumerate() {
            self.values[a.index()].def = ValueDef::BlockArg {
                block,
                index: (i + k) as u32,
            };
        }
        self.values[v.index()].def = ValueDef::Detached;
    }

    /// The ops of `block` in order.
    pub fn block_ops(&self, block: BlockId) -> BlockOps<'_> {
        BlockOps {
            ctx: self,
            next: self.blocks[block.index()].first,
        }
    }
    pub fn first_op(&self, block: BlockId) -> Option<OpId> {
        self.blocks[block.index()].first
    }
    pub fn last_op(&self, block: BlockId) -> Option<OpId> {
        self.blocks[block.index()].last
    }
    pub fn block_is_empty(&self, block: BlockId) -> bool {
        self.blocks[block.index()].first.is_none()
    }
    /// The block's last op if it is a registered terminator.
    pub fn terminator(&self, block: BlockId) -> Option<OpId> {
        let last = self.last_op(block)?;
        self.op_has_trait(last, Traits::TERMINATOR).then_some(last)
    }
    pub fn block_parent(&self, block: BlockId) -> Option<RegionId> {
        self.blocks[block.index()].parent
    }
    /// The op owning the region that contains `block`.
    pub fn block_parent_op(&self, block: BlockId) -> Option<OpId> {
        self.region_parent(self.block_parent(block)?)
    }
    pub fn is_entry_block(&self, block: BlockId) -> bool {
        self.block_parent(block)
            .is_some_and(|r| self.regions[r.index()].blocks.first() == Some(&block))
    }

    /// The blocks of `block`'s region that branch to it, in region order (with repeats
    /// removed).
    pub fn predecessors(&self, block: BlockId) -> Vec<BlockId> {
        let Some(region) = self.block_parent(block) else {
            return Vec::new();
        };
        self.region_blocks(region)
            .iter()
            .copied()
            .filter(|b| self.block_successors(*b).contains(&block))
            .collect()
    }
    /// The successors of the block's last op.
    pub fn block_successors(&self, block: BlockId) -> &[BlockId] {
        match self.last_op(block) {
            Some(op) => self.successors(op),
            None => &[],
        }
    }

    /// Split `block` before `op`: `op` and everything after it move to a new
    /// block inserted right after `block` in the same region.
    pub fn split_block(&mut self, block: BlockId, op: OpId) -> BlockId {
        let loc = self.loc(op);
        let new = self.create_block(&[], loc);
        let mut cur = Some(op);
        while let Some(o) = cur {
            cur = self.next_op(o);
            self.detach_op(o);
            self.append_op(new, o);
        }
        if let Some(region) = self.block_parent(block) {
            let pos = self
                .region_blocks(region)
                .iter()
                .position(|b| *b == block)
                .unwrap();
            self.insert_block(region, pos + 1, new);
        }
        new
    }
}
