//! Regions: the ordered blocks an operation owns.

use crate::{BlockId, Context, OpId, RegionId};

#[derive(Clone, Debug)]
pub(crate) struct RegionData {
    pub(crate) blocks: Vec<BlockId>,
    pub(crate) parent: Option<OpId>,
}

impl Context {
    pub(crate) fn new_region(&mut self, parent: Option<OpId>) -> RegionId {
        let id = RegionId(self.regions.len() as u32);
        self.regions.push(RegionData {
            blocks: Vec::new(),
            parent,
        });
        id
    }

    pub fn region_blocks(&self, region: RegionId) -> &[BlockId] {
        &self.regions[region.index()].blocks
    }
    pub fn entry_block(&self, region: RegionId) -> Option<BlockId> {
        self.regions[region.index()].blocks.first().copied()
    }
    pub fn region_parent(&self, region: RegionId) -> Option<OpId> {
        self.regions[region.index()].parent
    }
    pub fn region_is_empty(&self, region: RegionId) -> bool {
        self.regions[region.index()].blocks.is_empty()
    }
    /// The index of `region` among its parent op's regions.
    pub fn region_index(&self, region: RegionId) -> usize {
        let parent = self.region_parent(region).expect("region has no parent op");
        self.regions(parent)
            .iter()
            .position(|r| *r == region)
            .unwrap()
    }

    /// Append a detached block to `region`.
    pub fn append_block(&mut self, region: RegionId, block: BlockId) {
        self.insert_block(region, self.region_blocks(region).len(), block);
    }
    /// Insert a detached block at position `index` of `region`.
    pub fn insert_block(&mut self, region: RegionId, index: usize, block: BlockId) {
        assert!(
            self.blocks[block.index()].parent.is_none(),
            "block is already in a region"
        );
        self.blocks[block.index()].parent = Some(region);
        self.regions[region.index()].blocks.insert(index, block);
    }
    /// Unlink `block` from its region (it stays alive, detached).
    pub fn detach_block(&mut self, block: BlockId) {
        if let Some(region) = self.blocks[block.index()].parent.take() {
            self.regions[region.index()].blocks.retain(|b| *b != block);
        }
    }
    /// Erase `block` and its ops (in reverse order, so uses inside it go first).
    pub fn erase_block(&mut self, block: BlockId) {
        self.detach_block(block);
        while let Some(op) = self.last_op(block) {
            self.erase_op(op);
        }
        self.blocks[block.index()].erased = true;
    }
    /// Move all blocks of `from` to the end of `to`.
    pub fn take_region_body(&mut self, to: RegionId, from: RegionId) {
        let blocks = std::mem::take(&mut self.regions[from.index()].blocks);
        for b in blocks {
            self.blocks[b.index()].parent = None;
            self.append_block(to, b);
        }
    }
}
