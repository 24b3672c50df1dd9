//! The CFG of one region, as numbers: blocks in region order, successor
//! edges (with repeats: `cf.cond_br %c, ^a, ^a` is two edges) and predecessor
//! edges; cycles are strongly connected components (petgraph's Tarjan), and
//! the loop nest (a cycle's body is the cycle without its entry, searched
//! again) tells reducible control flow from irreducible.

use cuwasm::{BlockId, Context, RegionId};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;

/// One region's blocks and edges (edge lists stored flat, with offsets).
pub struct Cfg {
    pub blocks: Vec<BlockId>,
    index: FxHashMap<BlockId, usize>,
    succ_start: Vec<usize>,
    succ: Vec<usize>,
    pred_start: Vec<usize>,
    pred: Vec<(usize, usize)>,
}

/// A cycle whose body several edges from outside enter at different blocks.
pub struct Irreducible {
    /// The blocks of the cycle (region order).
    pub blocks: Vec<usize>,
    /// The blocks entered from outside the cycle (region order).
    pub entries: Vec<usize>,
}

impl Cfg {
    pub fn new(ctx: &Context, region: RegionId) -> Cfg {
        let blocks = ctx.region_blocks(region).to_vec();
        let n = blocks.len();
        let index: FxHashMap<BlockId, usize> =
            blocks.iter().enumerate().map(|(i, b)| (*b, i)).collect();
        let mut succ_start = Vec::with_capacity(n + 1);
        let mut succ = Vec::with_capacity(2 * n);
        let mut edges_in = vec![0usize; n + 1];
        for b in &blocks {
            succ_start.push(succ.len());
            for s in ctx.block_successors(*b) {
                let t = index[s];
                succ.push(t);
                edges_in[t + 1] += 1;
            }
        }
        succ_start.push(succ.len());
        for i in 0..n {
            edges_in[i + 1] += edges_in[i];
        }
        let pred_start = edges_in.clone();
        let mut pred = vec![(0, 0); succ.len()];
        let mut fill = edges_in;
        for i in 0..n {
            for (k, &t) in succ[succ_start[i]..succ_start[i + 1]].iter().enumerate() {
                pred[fill[t]] = (i, k);
                fill[t] += 1;
            }
        }
        Cfg {
            blocks,
            index,
            succ_start,
            succ,
            pred_start,
            pred,
        }
    }

    /// Successor blocks of `b`, in successor order.
    pub fn succs(&self, b: usize) -> &[usize] {
        &self.succ[self.succ_start[b]..self.succ_start[b + 1]]
    }

    /// Incoming edges of `b`: (predecessor, its successor index).
    pub fn preds(&self, b: usize) -> &[(usize, usize)] {
        &self.pred[self.pred_start[b]..self.pred_start[b + 1]]
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// The number of `block` in region order.
    pub fn at(&self, block: BlockId) -> usize {
        self.index[&block]
    }

    /// The strongly connected components of the subgraph on `within` that
    /// hold a cycle (two blocks or more, or a block branching to itself),
    /// each in region order.
    pub fn cycles(&self, within: &[usize]) -> Vec<Vec<usize>> {
        let mut node: FxHashMap<usize, NodeIndex> = FxHashMap::default();
        let mut graph = DiGraph::<usize, ()>::with_capacity(within.len(), within.len());
        for &b in within {
            node.insert(b, graph.add_node(b));
        }
        for &b in within {
            for s in self.succs(b) {
                if let Some(&t) = node.get(s) {
                    graph.add_edge(node[&b], t, ());
                }
            }
        }
        let mut out = Vec::new();
        for scc in tarjan_scc(&graph) {
            let mut blocks: Vec<usize> = scc.iter().map(|n| graph[*n]).collect();
            if blocks.len() == 1 && !self.succs(blocks[0]).contains(&blocks[0]) {
                continue;
            }
            blocks.sort_unstable();
            out.push(blocks);
        }
        out.sort_unstable();
        out
    }

    /// The blocks of `set` (sorted) with an incoming edge from outside it, in order.
    pub fn entries(&self, set: &[usize]) -> Vec<usize> {
        set.iter()
            .copied()
            .filter(|&b| {
                self.preds(b)
                    .iter()
                    .any(|(p, _)| set.binary_search(p).is_err())
            })
            .collect()
    }

    /// The outermost cycle of the loop nest with more than one entry block,
    /// if any: the control flow is reducible exactly when there is none.
    pub fn first_irreducible(&self) -> Option<Irreducible> {
        let mut work: Vec<Vec<usize>> = vec![(0..self.len()).collect()];
        while let Some(set) = work.pop() {
            for cycle in self.cycles(&set) {
                let entries = self.entries(&cycle);
                if entries.len() > 1 {
                    return Some(Irreducible {
                        blocks: cycle,
                        entries,
                    });
                }
                let body: Vec<usize> = cycle.into_iter().filter(|b| !entries.contains(b)).collect();
                work.push(body);
            }
        }
        None
    }

    /// The blocks of `set` reachable from `start` through blocks of `set`
    /// without passing `avoid`, `start` first, in the order found: each
    /// block comes after the blocks that dominate it in that subgraph.
    pub fn reach_within(&self, start: usize, set: &[usize], avoid: usize) -> Vec<usize> {
        let mut mark = vec![false; self.len()];
        mark[start] = true;
        let mut found = vec![start];
        let mut stack = vec![start];
        while let Some(b) = stack.pop() {
            for &s in self.succs(b) {
                if s != avoid && !mark[s] && set.binary_search(&s).is_ok() {
                    mark[s] = true;
                    found.push(s);
                    stack.push(s);
                }
            }
        }
        found
    }
}
