//! Helpers shared by the transforms: dominator trees of multi-block regions,
//! region kinds, constants, and (for tests) running a pipeline on text.

use cuwasm::{
    Attr, BlockId, Builder, Context, InsertPoint, Location, OpId, RegionId, Traits, Type, ValueId,
};
use petgraph::algo::dominators::simple_fast;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;

/// The dominator tree of one region's blocks (petgraph's Cooper–Harvey–Kennedy
/// algorithm), with predecessors, reachability and dominance frontiers.
/// Blocks are numbered in region order; unreachable blocks have no dominator.
pub struct DomTree {
    /// The region's blocks, in order.
    pub blocks: Vec<BlockId>,
    index: FxHashMap<BlockId, usize>,
    /// Immediate dominator of each block (`None` for the entry and unreachable blocks).
    idom: Vec<Option<usize>>,
    reachable: Vec<bool>,
    /// Dominator-tree children of each block, in region order.
    children: Vec<Vec<usize>>,
    /// Predecessor blocks (one entry per edge, unreachable ones included).
    preds: Vec<Vec<usize>>,
    /// Depth in the dominator tree (entry = 0).
    depth: Vec<u32>,
}

impl DomTree {
    pub fn new(ctx: &Context, region: RegionId) -> DomTree {
        let blocks = ctx.region_blocks(region).to_vec();
        let n = blocks.len();
        let index: FxHashMap<BlockId, usize> =
            blocks.iter().enumerate().map(|(i, b)| (*b, i)).collect();
        let mut graph = DiGraph::<(), ()>::with_capacity(n, n);
        for _ in 0..n {
            graph.add_node(());
        }
        let mut preds = vec![Vec::new(); n];
        for (i, b) in blocks.iter().enumerate() {
            for s in ctx.block_successors(*b) {
                if let Some(&t) = index.get(s) {
                    graph.add_edge(NodeIndex::new(i), NodeIndex::new(t), ());
                    preds[t].push(i);
                }
            }
        }
        let mut idom = vec![None; n];
        let mut reachable = vec![false; n];
        if n > 0 {
            let dom = simple_fast(&graph, NodeIndex::new(0));
            reachable[0] = true;
            for (i, slot) in idom.iter_mut().enumerate().skip(1) {
                if let Some(d) = dom.immediate_dominator(NodeIndex::new(i)) {
                    *slot = Some(d.index());
                    reachable[i] = true;
                }
            }
        }
        let mut children = vec![Vec::new(); n];
        for (i, d) in idom.iter().enumerate() {
            if let Some(d) = d {
                children[*d].push(i);
            }
        }
        // Depths in a pre-order walk from the entry.
        let mut depth = vec![0u32; n];
        let mut stack = if n > 0 { vec![0usize] } else { Vec::new() };
        while let Some(b) = stack.pop() {
            for &c in &children[b] {
                depth[c] = depth[b] + 1;
                stack.push(c);
            }
        }
        DomTree {
            blocks,
            index,
            idom,
            reachable,
            children,
            preds,
            depth,
        }
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
    /// The number of `block` in region order.
    pub fn index_of(&self, block: BlockId) -> Option<usize> {
        self.index.get(&block).copied()
    }
    pub fn is_reachable(&self, i: usize) -> bool {
        self.reachable[i]
    }
    pub fn idom(&self, i: usize) -> Option<usize> {
        self.idom[i]
    }
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }
    pub fn preds(&self, i: usize) -> &[usize] {
        &self.preds[i]
    }
    pub fn depth(&self, i: usize) -> u32 {
        self.depth[i]
    }

    /// Does block `a` dominate block `b` (both numbers)? Unreachable blocks are
    /// dominated by every block, as in the verifier.
    pub fn dominates(&self, a: usize, b: usize) -> bool {
        if !self.reachable[b] {
            return true;
        }
        if !self.reachable[a] {
            return false;
        }
        let mut cur = b;
        while self.depth[cur] > self.depth[a] {
            cur = self.idom[cur].expect("reachable block below the entry has an idom");
        }
        cur == a
    }

    /// Dominance frontiers of the reachable blocks (Cooper, Harvey, Kennedy).
    pub fn frontiers(&self) -> Vec<Vec<usize>> {
        let mut df: Vec<Vec<usize>> = vec![Vec::new(); self.len()];
        for b in 0..self.len() {
            if !self.reachable[b] {
                continue;
            }
            let preds: Vec<usize> = self.preds[b]
                .iter()
                .copied()
                .filter(|p| self.reachable[*p])
                .collect();
            if preds.len() < 2 {
                continue;
            }
            let stop = self.idom[b];
            for p in preds {
                let mut runner = Some(p);
                while runner.is_some() && runner != stop {
                    let r = runner.unwrap();
                    if !df[r].contains(&b) {
                        df[r].push(b);
                    }
                    runner = self.idom[r];
                }
            }
        }
        df
    }
}

/// Do values of `region` obey SSA dominance? Not in graph regions, which is
/// what the regions of unregistered ops are taken to be (as in MLIR and the verifier).
pub fn has_ssa_dominance(ctx: &Context, region: RegionId) -> bool {
    ctx.region_parent(region)
        .and_then(|p| ctx.op_info(p))
        .is_some_and(|info| !info.has(Traits::GRAPH_REGION))
}

/// MLIR's `isSpeculatable`, for hoisting: may `op` run where it did not
/// before? Pure ops may; so may ops
/// whose regions run at most once per execution (region-branch ops without
/// loop regions: scf.if, scf.execute_region) and `scf.for`
/// with a constant non-zero step (it terminates), when every op nested in
/// them is speculatable in turn and nothing in them touches memory.
/// (MLIR's scf.execute_region says "not speculatable".)
pub fn is_speculatable(ctx: &Context, op: OpId) -> bool {
    if !ctx.is_memory_effect_free(op) {
        return false;
    }
    let mut stack = vec![op];
    while let Some(op) = stack.pop() {
        if ctx.op_has_trait(op, Traits::PURE) {
            continue;
        }
        let runs_once = ctx.op_info(op).is_some_and(|i| i.region_branch.is_some())
            && super::licm::loop_regions(ctx, op).is_empty();
        let counted_loop = ctx.is_op(op, "scf.for")
            && ctx.num_operands(op) >= 3
            && constant_int(ctx, ctx.operand(op, 2)).is_some_and(|s| s != 0);
        if !(runs_once || counted_loop) {
            return false;
        }
        for &r in ctx.regions(op) {
            for &b in ctx.region_blocks(r) {
                stack.extend(ctx.block_ops(b));
            }
        }
    }
    true
}

/// The constant held by the op defining `v`, when it is `ConstantLike`.
pub fn constant_value(ctx: &Context, v: ValueId) -> Option<Attr> {
    let op = ctx.defining_op(v)?;
    if !ctx.op_has_trait(op, Traits::CONSTANT_LIKE) {
        return None;
    }
    ctx.prop(op, "value")
}

/// The integer constant behind `v`, if any.
pub fn constant_int(ctx: &Context, v: ValueId) -> Option<i128> {
    ctx.attr_int(constant_value(ctx, v)?)
}

/// Build a constant `value : ty` at `ip` with the `materialize_constant` hook
/// of `dialect` (the dialect of the op being folded), falling back to arith's.
pub fn materialize_constant(
    ctx: &mut Context,
    ip: InsertPoint,
    dialect: &str,
    value: Attr,
    ty: Type,
    loc: Location,
) -> Option<ValueId> {
    for d in [dialect, "arith"] {
        let Some(hook) = ctx.dialect_info(d).and_then(|i| i.materialize_constant) else {
            continue;
        };
        let mut b = Builder::new(ctx, ip, loc);
        if let Some(v) = hook(&mut b, value, ty, loc) {
            return Some(v);
        }
    }
    None
}

/// `arith.constant value : ty` (an integer or index) at `ip`.
pub fn int_constant(
    ctx: &mut Context,
    ip: InsertPoint,
    ty: Type,
    value: i128,
    loc: Location,
) -> ValueId {
    let attr = ctx.int_attr(ty, value);
    let state = cuwasm::OperationState::new(ctx, "arith.constant", loc)
        .results(&[ty])
        .property(ctx, "value", attr);
    let mut b = Builder::new(ctx, ip, loc);
    let op = b.insert(state);
    ctx.result(op, 0)
}

/// The integer option `name` (declared with a default), which must be at least 1.
pub fn positive_option(options: &crate::PassOptions, name: &str) -> Result<u64, String> {
    match options.int(name) {
        Some(n) if n >= 1 => Ok(n as u64),
        Some(n) => Err(format!("option '{name}' must be at least 1, got {n}")),
        None => Err(format!("option '{name}' has no value")),
    }
}

/// The dialect prefix of `op`'s name.
pub fn dialect_of(ctx: &Context, op: OpId) -> String {
    let name = ctx.op_name_text(op);
    name.split_once('.').map_or(name, |(d, _)| d).to_string()
}

/// Erase the ops of `block` from the last to the first, dropping uses that
/// point into the block from ops being erased with it. Used for unreachable
/// blocks, whose values may be used by other unreachable blocks.
pub fn erase_blocks(ctx: &mut Context, blocks: &[BlockId]) {
    // Uses of values defined in these blocks may sit in other doomed blocks:
    // cut every operand of every op first, then erase.
    for &b in blocks {
        let ops: Vec<OpId> = ctx.block_ops(b).collect();
        for op in ops {
            for inner in ctx.walk_preorder(op) {
                ctx.set_operands(inner, &[]);
            }
        }
    }
    for &b in blocks {
        ctx.erase_block(b);
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::{PassManager, PassRegistry, PipelineOptions};
    use cuwasm::{Context, PrintOptions};

    /// A context with every dialect registered.
    pub fn context() -> Context {
        let mut ctx = Context::new();
        cuwasm_dialects::register_all(&mut ctx);
        ctx
    }

    /// Parse `input`, run `pipeline` (verifying after each pass), print the module.
    pub fn run(pipeline: &str, input: &str) -> String {
        run_with_stats(pipeline, input).0
    }

    /// [`run`], plus the statistics as `name: value` lines.
    pub fn run_with_stats(pipeline: &str, input: &str) -> (String, String) {
        run_in(&mut context(), pipeline, input, PrintOptions::default())
    }

    /// Parse and verify `input`; build `pipeline` (serial, verifying after each pass).
    fn prepare(ctx: &mut Context, pipeline: &str, input: &str) -> (cuwasm::OpId, PassManager) {
        let module = cuwasm::parse_module(ctx, "test.mlir", input.to_string())
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        ctx.verify(module)
            .unwrap_or_else(|d| panic!("input: {}", ctx.render_diagnostic(&d)));
        let registry = PassRegistry::with_builtin_passes();
        let options = PipelineOptions {
            threading: false,
            ..PipelineOptions::default()
        };
        (
            module,
            PassManager::parse(&registry, pipeline, options).unwrap(),
        )
    }

    /// Run in `ctx`; print with `print`; return (module text, statistics).
    pub fn run_in(
        ctx: &mut Context,
        pipeline: &str,
        input: &str,
        print: PrintOptions,
    ) -> (String, String) {
        let (module, pm) = prepare(ctx, pipeline, input);
        let log = pm
            .run(ctx, module)
            .unwrap_or_else(|f| panic!("{}", ctx.render_diagnostic(&f.diagnostic)));
        let mut stats = String::new();
        for p in &log.passes {
            for (k, v) in &p.statistics {
                stats += &format!("{}.{k}: {v}\n", p.name);
            }
        }
        let printed = ctx.print_op(module, print);
        (printed.trim_end().to_string(), stats)
    }

    /// Run `pipeline` on `input`, which must fail; returns the rendered error.
    pub fn run_err(pipeline: &str, input: &str) -> String {
        let mut ctx = context();
        let (module, pm) = prepare(&mut ctx, pipeline, input);
        match pm.run(&mut ctx, module) {
            Ok(_) => panic!("pipeline {pipeline} succeeded"),
            Err(f) => ctx.render_diagnostic(&f.diagnostic),
        }
    }

    /// Compare after trimming each side (expected text is written indented-free).
    pub fn check(pipeline: &str, input: &str, expected: &str) {
        let got = run(pipeline, input);
        let want = expected.trim();
        if got != want {
            panic!("pipeline {pipeline}\n--- got:\n{got}\n--- expected:\n{want}\n");
        }
    }
}
