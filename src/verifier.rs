//! The verifier: structure, terminators, successors, SSA dominance, region
//! isolation, declared op structure, traits and per-op verifiers.
//!
//! It walks without recursion, so deep IR cannot overflow the stack.

use crate::value::ValueDef;
use crate::{Arity, BlockId, Context, Diagnostic, OpId, OpInfo, RegionId, Slot, Traits, ValueId};
use petgraph::algo::dominators::{Dominators, simple_fast};
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;

/// Dominator tree of one region's blocks, numbered in depth-first order so
/// that a dominance query is two comparisons instead of a walk up the tree
/// (which made verifying deep CFGs, e.g. long PTX functions, quadratic).
struct RegionDom {
    index: FxHashMap<BlockId, NodeIndex>,
    /// `(preorder, postorder)` number of each node in the dominator tree;
    /// `None` for blocks unreachable from the entry.
    span: Vec<Option<(u32, u32)>>,
}

impl RegionDom {
    fn new(ctx: &Context, region: RegionId) -> RegionDom {
        let blocks = ctx.region_blocks(region);
        let mut graph = DiGraph::<(), ()>::with_capacity(blocks.len(), blocks.len());
        let index: FxHashMap<BlockId, NodeIndex> =
            blocks.iter().map(|b| (*b, graph.add_node(()))).collect();
        for b in blocks {
            for s in ctx.block_successors(*b) {
                if let Some(&t) = index.get(s) {
                    graph.add_edge(index[b], t, ());
                }
            }
        }
        let entry = index[&blocks[0]];
        let dom = simple_fast(&graph, entry);
        RegionDom {
            index,
            span: tree_spans(&graph, &dom, entry),
        }
    }

    /// Does `a` dominate `b`? Unreachable blocks are dominated by everything.
    fn dominates(&self, a: BlockId, b: BlockId) -> bool {
        let (a, b) = (self.index[&a], self.index[&b]);
        match (self.span[a.index()], self.span[b.index()]) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some((pre_a, post_a)), Some((pre_b, post_b))) => pre_a <= pre_b && post_b <= post_a,
        }
    }
}

/// Pre- and postorder numbers of the dominator tree rooted at `entry`,
/// computed without recursion.
fn tree_spans(
    graph: &DiGraph<(), ()>,
    dom: &Dominators<NodeIndex>,
    entry: NodeIndex,
) -> Vec<Option<(u32, u32)>> {
    let mut children = vec![Vec::new(); graph.node_count()];
    for n in graph.node_indices() {
        if let Some(idom) = dom.immediate_dominator(n) {
            children[idom.index()].push(n);
        }
    }
    let mut span = vec![None; graph.node_count()];
    let (mut pre, mut post) = (0u32, 0u32);
    // (node, next child to visit)
    let mut stack = vec![(entry, 0usize)];
    span[entry.index()] = Some((pre, 0));
    while let Some(&mut (n, ref mut next)) = stack.last_mut() {
        if let Some(&child) = children[n.index()].get(*next) {
            *next += 1;
            pre += 1;
            span[child.index()] = Some((pre, 0));
            stack.push((child, 0));
        } else {
            if let Some((_, p)) = &mut span[n.index()] {
                *p = post;
            }
            post += 1;
            stack.pop();
        }
    }
    span
}

struct Verifier<'a> {
    ctx: &'a Context,
    /// Position of each op in its block.
    order: Vec<u32>,
    doms: FxHashMap<RegionId, RegionDom>,
}

impl Context {
    /// Verify `root` and everything nested in it; the first problem is returned.
    pub fn verify(&self, root: OpId) -> Result<(), Diagnostic> {
        let ops = self.walk_preorder(root);
        let mut v = Verifier {
            ctx: self,
            order: vec![0; self.ops.len()],
            doms: FxHashMap::default(),
        };
        for &op in &ops {
            for &r in self.regions(op) {
                for &b in self.region_blocks(r) {
                    for (i, o) in self.block_ops(b).enumerate() {
                        v.order[o.index()] = i as u32;
                    }
                }
            }
        }
        for &op in &ops {
            v.verify_op(op)?;
        }
        for &op in &ops {
            v.verify_dominance(op)?;
        }
        // Per-op verifiers run last, on structurally valid IR (as MLIR's verifyInvariants).
        for &op in &ops {
            if let Some(verify) = self.op_info(op).and_then(|i| i.verify) {
                verify(self, op)?;
            }
        }
        Ok(())
    }

    /// An error at `op`'s location, prefixed like MLIR's `op->emitOpError`.
    pub fn op_error(&self, op: OpId, msg: impl AsRef<str>) -> Diagnostic {
        Diagnostic::error(
            self.loc(op),
            format!("'{}' op {}", self.op_name_text(op), msg.as_ref()),
        )
    }
}

impl Verifier<'_> {
    fn verify_op(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let info = ctx.op_info(op);
        match info {
            Some(info) => self.verify_declared(op, info)?,
            None => self.verify_unregistered(op)?,
        }
        for (i, v) in ctx.operands(op).iter().enumerate() {
            if ctx.value_def(*v) == ValueDef::Detached {
                return Err(ctx.op_error(op, format!("operand #{i} has no definition")));
            }
        }
        self.verify_regions(op, info)?;
        self.verify_successors(op, info)?;
        if let Some(info) = info {
            self.verify_traits(op, info)?;
        }
        Ok(())
    }

    fn verify_unregistered(&self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let name = ctx.op_name_text(op);
        let dialect = name.split_once('.').map_or("", |(d, _)| d);
        match ctx.dialect_info(dialect) {
            Some(d) if d.allow_unknown_ops => Ok(()),
            Some(_) => Err(Diagnostic::error(
                ctx.loc(op),
                format!(
                    "unregistered operation '{name}' found in dialect ('{dialect}') that does not allow unknown operations"
                ),
            )),
            None if ctx.allow_unregistered_dialects => Ok(()),
            None => Err(Diagnostic::error(
                ctx.loc(op),
                format!(
                    "operation '{name}' of unregistered dialect '{dialect}' (use --allow-unregistered-dialect to accept it)"
                ),
            )),
        }
    }

    /// Counts of operands, results, regions and successors, and required properties.
    fn verify_declared(&self, op: OpId, info: &OpInfo) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let operand_segments = ctx
            .prop(op, "operandSegmentSizes")
            .and_then(|a| ctx.attr_dense_array(a));
        check_count(
            ctx,
            op,
            "operand",
            info.operands,
            ctx.num_operands(op),
            operand_segments,
            "operandSegmentSizes",
        )?;
        let result_segments = ctx
            .prop(op, "resultSegmentSizes")
            .and_then(|a| ctx.attr_dense_array(a));
        check_count(
            ctx,
            op,
            "result",
            info.results,
            ctx.num_results(op),
            result_segments,
            "resultSegmentSizes",
        )?;
        check_count(
            ctx,
            op,
            "region",
            info.regions,
            ctx.regions(op).len(),
            None,
            "",
        )?;
        check_count(
            ctx,
            op,
            "successor",
            info.successors,
            ctx.successors(op).len(),
            None,
            "",
        )?;
        for p in info.properties {
            if p.arity == Arity::One && ctx.prop(op, p.name).is_none() {
                return Err(ctx.op_error(op, format!("requires attribute '{}'", p.name)));
            }
        }
        Ok(())
    }

    fn verify_regions(&self, op: OpId, info: Option<&OpInfo>) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let traits = info.map_or(Traits::empty(), |i| i.traits);
        for (ri, &r) in ctx.regions(op).iter().enumerate() {
            let blocks = ctx.region_blocks(r);
            if traits.contains(Traits::SINGLE_BLOCK) && blocks.len() > 1 {
                return Err(ctx.op_error(op, format!("expects region #{ri} to have 0 or 1 blocks")));
            }
            if let Some(&entry) = blocks.first() {
                if blocks
                    .iter()
                    .any(|b| ctx.block_successors(*b).contains(&entry))
                {
                    return Err(ctx.op_error(
                        op,
                        format!("region #{ri}: entry block of region may not have predecessors"),
                    ));
                }
            }
            for &b in blocks {
                self.verify_block(op, b, info)?;
            }
        }
        Ok(())
    }

    fn verify_block(
        &self,
        parent: OpId,
        block: BlockId,
        parent_info: Option<&OpInfo>,
    ) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        for o in ctx.block_ops(block) {
            let is_last = ctx.next_op(o).is_none();
            if !is_last && ctx.op_has_trait(o, Traits::TERMINATOR) {
                return Err(ctx.op_error(o, "must be the last operation in the parent block"));
            }
        }
        let needs_terminator = parent_info.is_some_and(|i| !i.has(Traits::NO_TERMINATOR));
        if !needs_terminator {
            return Ok(());
        }
        let Some(last) = ctx.last_op(block) else {
            return Err(ctx.op_error(parent, "has an empty block: expected at least a terminator"));
        };
        if ctx
            .op_info(last)
            .is_some_and(|i| !i.has(Traits::TERMINATOR))
        {
            return Err(Diagnostic::error(
                ctx.loc(last),
                "block with no terminator, has ".to_string() + &op_summary(ctx, last),
            )
            .with_note(
                ctx.loc(parent),
                format!("in a region of '{}'", ctx.op_name_text(parent)),
            ));
        }
        Ok(())
    }

    fn verify_successors(&self, op: OpId, info: Option<&OpInfo>) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let succs = ctx.successors(op);
        if succs.is_empty() {
            return Ok(());
        }
        let region = ctx.parent_block(op).and_then(|b| ctx.block_parent(b));
        for (i, &s) in succs.iter().enumerate() {
            if ctx.blocks[s.index()].erased || ctx.block_parent(s) != region || region.is_none() {
                return Err(ctx.op_error(
                    op,
                    format!("successor #{i}: reference to block defined in another region"),
                ));
            }
        }
        let Some(info) = info else { return Ok(()) };
        if !info.has(Traits::TERMINATOR) {
            return Err(ctx.op_error(op, "has successors but is not a terminator"));
        }
        let Some(forwarded) = info.successor_operands else {
            return Ok(());
        };
        for (i, &s) in succs.iter().enumerate() {
            let range = forwarded(ctx, op, i);
            if range.end > ctx.num_operands(op) {
                return Err(
                    ctx.op_error(op, format!("successor #{i}: operand segment out of range"))
                );
            }
            let args = ctx.block_args(s);
            if range.len() != args.len() {
                return Err(ctx.op_error(
                    op,
                    format!(
                        "branch has {} operands for successor #{i}, but target block has {}",
                        range.len(),
                        args.len()
                    ),
                ));
            }
            for (k, (v, a)) in ctx.operands(op)[range].iter().zip(args).enumerate() {
                let (t, at) = (ctx.value_type(*v), ctx.value_type(*a));
                if t != at {
                    return Err(ctx.op_error(
                        op,
                        format!(
                            "type mismatch for bb argument #{k} of successor #{i}: '{}' vs '{}'",
                            ctx.type_to_string(t),
                            ctx.type_to_string(at)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn verify_traits(&self, op: OpId, info: &OpInfo) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        if info.has(Traits::SAME_OPERANDS_AND_RESULT_TYPE) || info.has(Traits::SAME_TYPE_OPERANDS) {
            let mut types = ctx.operand_types(op);
            if info.has(Traits::SAME_OPERANDS_AND_RESULT_TYPE) {
                types.extend(ctx.result_types(op));
            }
            if types.windows(2).any(|w| w[0] != w[1]) {
                let what = if info.has(Traits::SAME_OPERANDS_AND_RESULT_TYPE) {
                    "requires the same type for all operands and results"
                } else {
                    "requires all operands to have the same type"
                };
                return Err(ctx.op_error(op, what));
            }
        }
        if info.has(Traits::SYMBOL)
            && ctx
                .inherent_or_attr(op, "sym_name")
                .and_then(|a| ctx.attr_str(a))
                .is_none()
        {
            return Err(ctx.op_error(op, "requires string attribute 'sym_name'"));
        }
        if info.has(Traits::SYMBOL_TABLE) {
            self.verify_symbol_table(op)?;
        }
        Ok(())
    }

    fn verify_symbol_table(&self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let mut seen: FxHashMap<&str, OpId> = FxHashMap::default();
        for &r in ctx.regions(op) {
            for &b in ctx.region_blocks(r) {
                for child in ctx.block_ops(b) {
                    let Some(name) = ctx.symbol_name(child) else {
                        continue;
                    };
                    if let Some(prev) = seen.insert(name, child) {
                        return Err(Diagnostic::error(
                            ctx.loc(child),
                            format!("redefinition of symbol named '{name}'"),
                        )
                        .with_note(ctx.loc(prev), "see existing symbol definition here"));
                    }
                }
            }
        }
        Ok(())
    }

    fn verify_dominance(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        for (i, &v) in ctx.operands(op).iter().enumerate() {
            self.check_use(op, i, v)?;
        }
        Ok(())
    }

    fn check_use(&mut self, user: OpId, index: usize, v: ValueId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (def_block, def_op) = match ctx.value_def(v) {
            ValueDef::Result { op, .. } => match ctx.parent_block(op) {
                Some(b) => (b, Some(op)),
                None => {
                    return Err(ctx.op_error(
                        user,
                        format!("operand #{index} is defined by a detached operation"),
                    ));
                }
            },
            ValueDef::BlockArg { block, .. } => (block, None),
            ValueDef::Detached => return Ok(()),
        };
        let Some(def_region) = ctx.block_parent(def_block) else {
            return Err(ctx.op_error(
                user,
                format!("operand #{index} is defined in a detached block"),
            ));
        };
        // Walk up from the user to its ancestor in the defining region.
        let mut cur = user;
        let ancestor_block = loop {
            let Some(b) = ctx.parent_block(cur) else {
                return Err(self.dominance_error(user, index, def_op));
            };
            let r = ctx.block_parent(b).expect("attached block without region");
            if r == def_region {
                break b;
            }
            let Some(parent) = ctx.region_parent(r) else {
                return Err(self.dominance_error(user, index, def_op));
            };
            if ctx.op_has_trait(parent, Traits::ISOLATED_FROM_ABOVE) {
                return Err(ctx
                    .op_error(user, "using value defined outside the region")
                    .with_note(ctx.loc(parent), "required by region isolation constraints"));
            }
            cur = parent;
        };
        let region_op = ctx.region_parent(def_region);
        let graph =
            region_op.is_none_or(|p| ctx.op_info(p).is_none_or(|i| i.has(Traits::GRAPH_REGION)));
        if graph {
            return Ok(());
        }
        let ok = if ancestor_block == def_block {
            match def_op {
                Some(d) => d != cur && self.order[d.index()] < self.order[cur.index()],
                None => true,
            }
        } else {
            let dom = self
                .doms
                .entry(def_region)
                .or_insert_with(|| RegionDom::new(ctx, def_region));
            dom.dominates(def_block, ancestor_block)
        };
        if ok {
            Ok(())
        } else {
            Err(self.dominance_error(user, index, def_op))
        }
    }

    fn dominance_error(&self, user: OpId, index: usize, def_op: Option<OpId>) -> Diagnostic {
        let ctx = self.ctx;
        let d = ctx.op_error(user, format!("operand #{index} does not dominate this use"));
        match def_op {
            Some(def) => d.with_note(ctx.loc(def), "operand defined here"),
            None => d,
        }
    }
}

fn check_count(
    ctx: &Context,
    op: OpId,
    what: &str,
    slots: &[Slot],
    n: usize,
    segments: Option<&[i128]>,
    segment_attr: &str,
) -> Result<(), Diagnostic> {
    if crate::op_macro::group_sizes(slots, n, segments).is_some() {
        return Ok(());
    }
    let variable = slots.iter().filter(|s| s.arity != Arity::One).count();
    if variable > 1 {
        return Err(ctx.op_error(
            op,
            format!(
                "'{segment_attr}' must give the sizes of its {} {what} groups, summing to {n}",
                slots.len()
            ),
        ));
    }
    let fixed = slots.len() - variable;
    let msg = if variable == 0 {
        format!(
            "requires {fixed} {what}{}, but found {n}",
            if fixed == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "requires at least {fixed} {what}{}, but found {n}",
            if fixed == 1 { "" } else { "s" }
        )
    };
    Err(ctx.op_error(op, msg))
}

fn op_summary(ctx: &Context, op: OpId) -> String {
    format!("'{}'", ctx.op_name_text(op))
}
