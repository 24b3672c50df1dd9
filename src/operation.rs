//! Operations: creation, accessors and mutation.

use crate::value::{Use, ValueDef};
use crate::{
    Attr, BlockId, Context, Location, OpId, OpInfo, OpName, RegionId, Traits, Type, ValueId,
};
use smallvec::SmallVec;

#[derive(Clone, Debug)]
pub(crate) struct OpData {
    pub(crate) name: OpName,
    pub(crate) operands: SmallVec<[ValueId; 3]>,
    /// For each operand, its position in the value's use list, so that a use
    /// is removed in O(1) however many uses the value has.
    pub(crate) use_pos: SmallVec<[u32; 3]>,
    pub(crate) first_result: u32,
    pub(crate) num_results: u32,
    pub(crate) properties: Attr,
    pub(crate) attributes: Attr,
    pub(crate) regions: SmallVec<[RegionId; 1]>,
    pub(crate) successors: SmallVec<[BlockId; 2]>,
    pub(crate) loc: Location,
    pub(crate) parent: Option<BlockId>,
    pub(crate) prev: Option<OpId>,
    pub(crate) next: Option<OpId>,
    pub(crate) erased: bool,
}

/// Everything needed to create an operation (MLIR's `OperationState`).
#[derive(Clone, Debug)]
pub struct OperationState {
    pub name: OpName,
    pub loc: Location,
    pub operands: Vec<ValueId>,
    pub result_types: Vec<Type>,
    /// A dictionary attribute (`<{...}>`), or `None` for empty.
    pub properties: Option<Attr>,
    /// A dictionary attribute (`{...}`), or `None` for empty.
    pub attributes: Option<Attr>,
    /// Number of (empty) regions to create.
    pub num_regions: usize,
    pub successors: Vec<BlockId>,
}

impl OperationState {
    pub fn new(ctx: &Context, name: &str, loc: Location) -> OperationState {
        OperationState {
            name: ctx.op_name(name),
            loc,
            operands: Vec::new(),
            result_types: Vec::new(),
            properties: None,
            attributes: None,
            num_regions: 0,
            successors: Vec::new(),
        }
    }
    pub fn operands(mut self, operands: &[ValueId]) -> Self {
        self.operands.extend_from_slice(operands);
        self
    }
    pub fn results(mut self, types: &[Type]) -> Self {
        self.result_types.extend_from_slice(types);
        self
    }
    pub fn regions(mut self, n: usize) -> Self {
        self.num_regions = n;
        self
    }
    pub fn successors(mut self, blocks: &[BlockId]) -> Self {
        self.successors.extend_from_slice(blocks);
        self
    }
    /// Set a property (`<{name = value}>`).
    pub fn property(mut self, ctx: &Context, name: &str, value: Attr) -> Self {
        let dict = self.properties.unwrap_or_else(|| ctx.empty_dictionary());
        self.properties = Some(ctx.dict_set(dict, name, Some(value)));
        self
    }
    /// Set a discardable attribute (`{name = value}`).
    pub fn attribute(mut self, ctx: &Context, name: &str, value: Attr) -> Self {
        let dict = self.attributes.unwrap_or_else(|| ctx.empty_dictionary());
        self.attributes = Some(ctx.dict_set(dict, name, Some(value)));
        self
    }
}

impl Context {
    /// Create a detached operation with its results and empty regions.
    pub fn create_op(&mut self, state: OperationState) -> OpId {
        let id = self.create_simple_op(
            state.name,
            state.loc,
            &state.operands,
            &state.result_types,
            state.properties,
            &state.successors,
        );
        if let Some(a) = state.attributes {
            self.ops[id.index()].attributes = a;
        }
        for _ in 0..state.num_regions {
            let r = self.new_region(Some(id));
            self.ops[id.index()].regions.push(r);
        }
        id
    }

    /// [`Context::create_op`] of an op without regions or discardable
    /// attributes, from slices: no `OperationState` to allocate (for
    /// frontends that make many ops).
    pub fn create_simple_op(
        &mut self,
        name: OpName,
        loc: Location,
        operands: &[ValueId],
        result_types: &[Type],
        properties: Option<Attr>,
        successors: &[BlockId],
    ) -> OpId {
        let id = OpId(self.ops.len() as u32);
        let first_result = self.values.len() as u32;
        for (i, ty) in result_types.iter().enumerate() {
            self.new_value(
                *ty,
                ValueDef::Result {
                    op: id,
                    index: i as u32,
                },
            );
        }
        let empty = self.empty_dictionary();
        // the operands' uses, recorded as the op is made (a new op has none to drop)
        let mut use_pos = SmallVec::with_capacity(operands.len());
        for (i, v) in operands.iter().enumerate() {
            let uses = &mut self.values[v.index()].uses;
            use_pos.push(uses.len() as u32);
            uses.push(Use {
                op: id,
                index: i as u32,
            });
        }
        self.ops.push(OpData {
            name,
            operands: SmallVec::from_slice(operands),
            use_pos,
            first_result,
            num_results: result_types.len() as u32,
            properties: properties.unwrap_or(empty),
            attributes: empty,
            regions: SmallVec::new(),
            successors: successors.iter().copied().collect(),
            loc,
            parent: None,
            prev: None,
            next: None,
            erased: false,
        });
        id
    }

    pub(crate) fn op(&self, op: OpId) -> &OpData {
        &self.ops[op.index()]
    }

    pub fn op_name_of(&self, op: OpId) -> OpName {
        self.op(op).name
    }
    /// The full name, `"arith.addi"`.
    pub fn op_name_text(&self, op: OpId) -> &str {
        self.op_name_str(self.op(op).name)
    }
    /// Is `op` the op named `name`?
    pub fn is_op(&self, op: OpId, name: &str) -> bool {
        self.op_name_text(op) == name
    }
    /// The op's registration, `None` for unregistered ops.
    pub fn op_info(&self, op: OpId) -> Option<&OpInfo> {
        self.op_name_info(self.op(op).name)
    }
    pub fn op_has_trait(&self, op: OpId, t: Traits) -> bool {
        self.op_info(op).is_some_and(|i| i.has(t))
    }
    pub fn is_erased(&self, op: OpId) -> bool {
        self.op(op).erased
    }

    pub fn operands(&self, op: OpId) -> &[ValueId] {
        &self.op(op).operands
    }
    pub fn operand(&self, op: OpId, i: usize) -> ValueId {
        self.op(op).operands[i]
    }
    pub fn num_operands(&self, op: OpId) -> usize {
        self.op(op).operands.len()
    }
    pub fn operand_types(&self, op: OpId) -> Vec<Type> {
        self.operands(op)
            .iter()
            .map(|v| self.value_type(*v))
            .collect()
    }

    /// Point operand `i` of `op` at `v`.
    pub fn set_operand(&mut self, op: OpId, i: usize, v: ValueId) {
        let old = self.ops[op.index()].operands[i];
        let u = Use {
            op,
            index: i as u32,
        };
        self.remove_use(old, u);
        self.ops[op.index()].operands[i] = v;
        self.add_use(v, u);
    }

    /// Replace all operands of `op`.
    pub fn set_operands(&mut self, op: OpId, operands: &[ValueId]) {
        self.drop_operand_uses(op);
        let data = &mut self.ops[op.index()];
        data.operands = operands.iter().copied().collect();
        data.use_pos = smallvec::smallvec![0; operands.len()];
        for (i, v) in operands.iter().enumerate() {
            let index = i as u32;
            self.add_use(*v, Use { op, index });
        }
    }

    fn drop_operand_uses(&mut self, op: OpId) {
        let operands = std::mem::take(&mut self.ops[op.index()].operands);
        for (i, v) in operands.iter().enumerate() {
            let index = i as u32;
            self.remove_use(*v, Use { op, index });
        }
        self.ops[op.index()].use_pos.clear();
    }

    /// The results of `op`, in order.
    pub fn results(&self, op: OpId) -> impl ExactSizeIterator<Item = ValueId> + Clone + use<> {
        let d = self.op(op);
        (d.first_result..d.first_result + d.num_results).map(ValueId)
    }
    pub fn result(&self, op: OpId, i: usize) -> ValueId {
        let d = self.op(op);
        assert!(i < d.num_results as usize, "result {i} out of range");
        ValueId(d.first_result + i as u32)
    }
    pub fn num_results(&self, op: OpId) -> usize {
        self.op(op).num_results as usize
    }
    pub fn result_types(&self, op: OpId) -> Vec<Type> {
        self.results(op).map(|v| self.value_type(v)).collect()
    }

    /// The properties dictionary (`<{...}>`).
    pub fn properties(&self, op: OpId) -> Attr {
        self.op(op).properties
    }
    pub fn prop(&self, op: OpId, name: &str) -> Option<Attr> {
        self.dict_get(self.op(op).properties, name)
    }
    pub fn set_prop(&mut self, op: OpId, name: &str, value: Option<Attr>) {
        let dict = self.dict_set(self.op(op).properties, name, value);
        self.ops[op.index()].properties = dict;
    }
    pub fn set_properties(&mut self, op: OpId, dict: Attr) {
        self.ops[op.index()].properties = dict;
    }

    /// The discardable attribute dictionary (`{...}`).
    pub fn attributes(&self, op: OpId) -> Attr {
        self.op(op).attributes
    }
    pub fn attr(&self, op: OpId, name: &str) -> Option<Attr> {
        self.dict_get(self.op(op).attributes, name)
    }
    pub fn set_attr(&mut self, op: OpId, name: &str, value: Option<Attr>) {
        let dict = self.dict_set(self.op(op).attributes, name, value);
        self.ops[op.index()].attributes = dict;
    }
    /// Replace the whole discardable attribute dictionary.
    pub fn set_attributes(&mut self, op: OpId, dict: Attr) {
        self.ops[op.index()].attributes = dict;
    }
    /// A property or, failing that, a discardable attribute of this name.
    pub fn inherent_or_attr(&self, op: OpId, name: &str) -> Option<Attr> {
        self.prop(op, name).or_else(|| self.attr(op, name))
    }

    pub fn regions(&self, op: OpId) -> &[RegionId] {
        &self.op(op).regions
    }
    pub fn region(&self, op: OpId, i: usize) -> RegionId {
        self.op(op).regions[i]
    }
    /// Add an empty region at the end of `op`'s regions.
    pub fn add_region(&mut self, op: OpId) -> RegionId {
        let r = self.new_region(Some(op));
        self.ops[op.index()].regions.push(r);
        r
    }

    pub fn successors(&self, op: OpId) -> &[BlockId] {
        &self.op(op).successors
    }
    pub fn set_successor(&mut self, op: OpId, i: usize, block: BlockId) {
        self.ops[op.index()].successors[i] = block;
    }

    pub fn loc(&self, op: OpId) -> Location {
        self.op(op).loc
    }
    pub fn set_loc(&mut self, op: OpId, loc: Location) {
        self.ops[op.index()].loc = loc;
    }

    /// The block containing `op`.
    pub fn parent_block(&self, op: OpId) -> Option<BlockId> {
        self.op(op).parent
    }
    /// The op whose region contains `op`.
    pub fn parent_op(&self, op: OpId) -> Option<OpId> {
        let block = self.parent_block(op)?;
        self.region_parent(self.block_parent(block)?)
    }
    pub fn next_op(&self, op: OpId) -> Option<OpId> {
        self.op(op).next
    }
    pub fn prev_op(&self, op: OpId) -> Option<OpId> {
        self.op(op).prev
    }
    /// Is `ancestor` equal to `op` or one of its enclosing ops?
    pub fn is_ancestor(&self, ancestor: OpId, op: OpId) -> bool {
        let mut cur = Some(op);
        while let Some(o) = cur {
            if o == ancestor {
                return true;
            }
            cur = self.parent_op(o);
        }
        false
    }

    /// Unlink `op` from its block (it stays alive, detached).
    pub fn detach_op(&mut self, op: OpId) {
        let Some(block) = self.op(op).parent else {
            return;
        };
        let (prev, next) = (self.op(op).prev, self.op(op).next);
        match prev {
            Some(p) => self.ops[p.index()].next = next,
            None => self.blocks[block.index()].first = next,
        }
        match next {
            Some(n) => self.ops[n.index()].prev = prev,
            None => self.blocks[block.index()].last = prev,
        }
        let d = &mut self.ops[op.index()];
        d.parent = None;
        d.prev = None;
        d.next = None;
    }

    /// Link a detached `op` into `block` between `prev` and `next`.
    fn link_op(&mut self, op: OpId, block: BlockId, prev: Option<OpId>, next: Option<OpId>) {
        assert!(
            self.op(op).parent.is_none(),
            "op {op:?} is already in a block"
        );
        {
            let d = &mut self.ops[op.index()];
            d.parent = Some(block);
            d.prev = prev;
            d.next = next;
        }
        match prev {
            Some(p) => self.ops[p.index()].next = Some(op),
            None => self.blocks[block.index()].first = Some(op),
        }
        match next {
            Some(n) => self.ops[n.index()].prev = Some(op),
            None => self.blocks[block.index()].last = Some(op),
        }
    }

    /// Append a detached op at the end of `block`.
    pub fn append_op(&mut self, block: BlockId, op: OpId) {
        let last = self.blocks[block.index()].last;
        self.link_op(op, block, last, None);
    }
    /// Insert a detached op at the start of `block`.
    pub fn prepend_op(&mut self, block: BlockId, op: OpId) {
        let first = self.blocks[block.index()].first;
        self.link_op(op, block, None, first);
    }
    /// Insert a detached op right before `before`.
    pub fn insert_op_before(&mut self, before: OpId, op: OpId) {
        let block = self
            .op(before)
            .parent
            .expect("insertion anchor is not in a block");
        let prev = self.op(before).prev;
        self.link_op(op, block, prev, Some(before));
    }
    /// Insert a detached op right after `after`.
    pub fn insert_op_after(&mut self, after: OpId, op: OpId) {
        let block = self
            .op(after)
            .parent
            .expect("insertion anchor is not in a block");
        let next = self.op(after).next;
        self.link_op(op, block, Some(after), next);
    }
    /// Move `op` (attached or not) right before `before`.
    pub fn move_op_before(&mut self, op: OpId, before: OpId) {
        self.detach_op(op);
        self.insert_op_before(before, op);
    }
    /// Move `op` (attached or not) to the end of `block`.
    pub fn move_op_to_end(&mut self, op: OpId, block: BlockId) {
        self.detach_op(op);
        self.append_op(block, op);
    }

    /// Erase `op` and everything nested in it. Its results must have no uses left
    /// outside of it.
    pub fn erase_op(&mut self, op: OpId) {
        self.detach_op(op);
        self.erase_op_tree(op);
    }

    fn erase_op_tree(&mut self, root: OpId) {
        // Drop all operand uses inside the tree first, so results used only inside it are free.
        let mut nested = Vec::new();
        self.walk_into(root, &mut nested);
        for &op in &nested {
            self.drop_operand_uses(op);
        }
        for &op in &nested {
            for v in self.results(op) {
                assert!(
                    !self.has_uses(v),
                    "erasing {} whose result {v:?} is still used",
                    self.op_name_text(op)
                );
            }
            for r in self.ops[op.index()].regions.clone() {
                for b in self.regions[r.index()].blocks.clone() {
                    self.blocks[b.index()].erased = true;
                }
            }
            let d = &mut self.ops[op.index()];
            d.erased = true;
            d.regions.clear();
            d.successors.clear();
            d.parent = None;
        }
    }

    /// Replace all uses of `op`'s results with `values`, then erase it.
    pub fn replace_op(&mut self, op: OpId, values: &[ValueId]) {
        let results: Vec<ValueId> = self.results(op).collect();
        assert_eq!(
            results.len(),
            values.len(),
            "replace_op: result count mismatch"
        );
        for (r, v) in results.into_iter().zip(values) {
            self.replace_all_uses(r, *v);
        }
        self.erase_op(op);
    }
}
