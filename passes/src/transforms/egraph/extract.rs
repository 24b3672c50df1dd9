//! Extraction: pick one node per e-class so that the roots are computed at
//! the least cost, counting each shared subexpression once.
//!
//! Choice of algorithm. Summing children's costs (egg's `Extractor`) counts a
//! subexpression once per use, so it prefers unshared forms: exactly wrong
//! for index arithmetic, where `i*4N + 4j` pays off only when `4j` is shared.
//! egg's `LpExtractor` is exact for DAG cost but solves an ILP (a CBC
//! dependency, and seconds on large blocks). We do what extraction-gym's
//! "greedy DAG" extractor does: each class keeps the set of classes its best
//! node needs, with their costs, and a node's cost is the sum over the union
//! of its children's sets plus its own, iterated to a fixed point. That is
//! quadratic at worst, so it runs under a work budget; the plain tree-cost
//! extraction is always computed too, and whichever selection has the lower
//! true DAG cost (each class reachable from the roots counted once) wins.
//! A local search then switches single classes to other candidates while
//! the true DAG cost drops, which catches sharing between roots that the
//! per-class greedy view misses.
//!
//! Dominance: a node may use the result of an op that stays in the block
//! (a load), which exists only after that op. Each class has an *earliest
//! position*: the least, over its nodes, of the latest position among the
//! node's operands. Only nodes that reach their class's earliest position
//! are candidates, so every class can be computed before any use the
//! original program had, and the rebuilt block is in dominance order.
//!
//! Between equal costs a *rank* decides (the pass ranks the nodes the block
//! had before the run first, then nodes with constant operands last), so a
//! block keeps its own spelling where nothing is gained.

use super::lang::Node;
use super::rules::EGraph;
use egg::{Id, Language};
use rustc_hash::FxHashMap;
use std::rc::Rc;

const INF: u64 = u64::MAX;
/// Merged set entries the greedy DAG extraction may touch before giving up.
const DAG_BUDGET: usize = 4_000_000;
/// Classes the local search may visit in its cost evaluations (it rarely
/// gains more past this; large blocks would spend most of the pass here).
const IMPROVE_BUDGET: usize = 250_000;

/// A node that may be chosen for its class.
struct Candidate<'a> {
    node: &'a Node,
    /// Its own cost (children not included).
    own: u64,
    /// Its value children, numbered densely.
    kids: Vec<usize>,
    /// Between equal costs, the lower rank wins.
    rank: u8,
}

/// The chosen node of each class reachable from the roots, and the total cost.
pub struct Selection {
    choice: FxHashMap<Id, Node>,
    pub cost: u64,
    /// Which extraction won: `dag` or `tree`.
    pub method: &'static str,
}

impl Selection {
    /// The node chosen for `class` (canonical or not).
    pub fn node(&self, eg: &EGraph, class: Id) -> &Node {
        &self.choice[&eg.find(class)]
    }
}

/// The classes of the e-graph numbered densely, with their candidate nodes.
struct Classes<'a> {
    eg: &'a EGraph,
    ids: Vec<Id>,
    dense: FxHashMap<Id, usize>,
    /// Per class: the candidates.
    candidates: Vec<Vec<Candidate<'a>>>,
}

impl<'a> Classes<'a> {
    fn value_children(&self, node: &Node) -> Vec<usize> {
        node.children()
            .iter()
            .filter(|c| is_value_class(self.eg, **c))
            .map(|c| self.dense[&self.eg.find(*c)])
            .collect()
    }
}

fn is_value_class(eg: &EGraph, id: Id) -> bool {
    matches!(eg[id].data, super::rules::fold::Data::Value { .. })
}

/// Extract the roots. `cost` gives a node's own cost; `leaf_position` the
/// earliest position of a `Val` leaf. `None` when some root has no
/// candidate at all (which the pass treats as "leave the block alone").
pub fn extract(
    eg: &EGraph,
    roots: &[Id],
    cost: &dyn Fn(&Node) -> u64,
    rank: &dyn Fn(&Node) -> u8,
    leaf_position: &dyn Fn(u32) -> u32,
) -> Option<Selection> {
    let mut ids: Vec<Id> = eg
        .classes()
        .filter(|c| is_value_class(eg, c.id))
        .map(|c| c.id)
        .collect();
    ids.sort();
    let dense: FxHashMap<Id, usize> = ids.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut classes = Classes {
        eg,
        ids,
        dense,
        candidates: Vec::new(),
    };
    let children: Vec<Vec<Vec<usize>>> = classes
        .ids
        .iter()
        .map(|c| {
            eg[*c]
                .nodes
                .iter()
                .map(|n| classes.value_children(n))
                .collect()
        })
        .collect();

    // Earliest positions, to a fixed point (they only decrease).
    let n = classes.ids.len();
    let mut position = vec![u32::MAX; n];
    let node_position = |node: &Node, kids: &[usize], position: &[u32]| match node {
        Node::Val(leaf, _) => leaf_position(*leaf),
        _ => kids.iter().map(|k| position[*k]).max().unwrap_or(0),
    };
    loop {
        let mut changed = false;
        for i in 0..n {
            for (node, kids) in eg[classes.ids[i]].nodes.iter().zip(&children[i]) {
                let p = node_position(node, kids, &position);
                if p < position[i] {
                    position[i] = p;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    classes.candidates = (0..n)
        .map(|i| {
            eg[classes.ids[i]]
                .nodes
                .iter()
                .zip(&children[i])
                .filter(|(node, kids)| {
                    position[i] != u32::MAX && node_position(node, kids, &position) == position[i]
                })
                .map(|(node, kids)| Candidate {
                    node,
                    own: cost(node),
                    kids: kids.clone(),
                    rank: rank(node),
                })
                .collect()
        })
        .collect();

    let roots: Vec<usize> = roots
        .iter()
        .map(|r| classes.dense.get(&eg.find(*r)).copied())
        .collect::<Option<_>>()?;
    let tree = tree_choice(&classes);
    let tree_cost = dag_cost(&classes, &tree, &roots);
    let dag = dag_choice(&classes);
    let dag_cost = dag.as_ref().and_then(|d| dag_cost(&classes, d, &roots));
    let (mut choice, mut cost, method) = match (tree_cost, dag_cost) {
        (Some(t), Some(d)) if d <= t => (dag.unwrap(), d, "dag"),
        (Some(t), _) => (tree, t, "tree"),
        (None, Some(d)) => (dag.unwrap(), d, "dag"),
        (None, None) => return None,
    };
    improve(&classes, &mut choice, &mut cost, &roots);
    // Keep the chosen node of every class reachable from the roots.
    let mut out = FxHashMap::default();
    for c in reachable(&classes, &choice, &roots) {
        out.insert(
            classes.ids[c],
            classes.candidates[c][choice[c]?].node.clone(),
        );
    }
    Some(Selection {
        choice: out,
        cost,
        method,
    })
}

/// Per class, the candidate with the least tree cost (children summed), then
/// the least rank. Op costs are positive, so a chosen node's children cost
/// strictly less than it: the choice is acyclic.
fn tree_choice(classes: &Classes<'_>) -> Vec<Option<usize>> {
    let n = classes.ids.len();
    let mut best = vec![(INF, u8::MAX); n];
    let mut choice = vec![None; n];
    loop {
        let mut changed = false;
        for i in 0..n {
            for (j, cand) in classes.candidates[i].iter().enumerate() {
                let total = cand.kids.iter().try_fold(cand.own, |acc, k| {
                    (best[*k].0 != INF).then(|| acc.saturating_add(best[*k].0))
                });
                if let Some(total) = total
                    && (total, cand.rank) < best[i]
                {
                    best[i] = (total, cand.rank);
                    choice[i] = Some(j);
                    changed = true;
                }
            }
        }
        if !changed {
            return choice;
        }
    }
}

/// A class's needs: sorted `(class, cost of its chosen node)`.
type CostSet = Rc<Vec<(usize, u64)>>;

/// Greedy DAG extraction; `None` past the work budget.
fn dag_choice(classes: &Classes<'_>) -> Option<Vec<Option<usize>>> {
    let n = classes.ids.len();
    let mut sets: Vec<Option<CostSet>> = vec![None; n];
    let mut totals = vec![(INF, u8::MAX); n];
    let mut choice = vec![None; n];
    let mut work = 0usize;
    loop {
        let mut changed = false;
        for i in 0..n {
            'nodes: for (j, cand) in classes.candidates[i].iter().enumerate() {
                let mut merged: Vec<(usize, u64)> = Vec::new();
                for k in &cand.kids {
                    let Some(set) = &sets[*k] else {
                        continue 'nodes;
                    };
                    if set.binary_search_by_key(&i, |e| e.0).is_ok() {
                        continue 'nodes; // would be a cycle
                    }
                    work += merged.len() + set.len();
                    merged = union(&merged, set);
                }
                if work > DAG_BUDGET {
                    return None;
                }
                merged = union(&merged, &[(i, cand.own)]);
                let total = merged.iter().fold(0u64, |a, e| a.saturating_add(e.1));
                if (total, cand.rank) < totals[i] {
                    totals[i] = (total, cand.rank);
                    sets[i] = Some(Rc::new(merged));
                    choice[i] = Some(j);
                    changed = true;
                }
            }
        }
        if !changed {
            return Some(choice);
        }
    }
}

/// Local search on the true objective: switch one class at a time to another
/// candidate while that lowers the DAG cost of the roots (or keeps it and
/// lowers the class's rank). This finds what a
/// per-class view cannot: `off1 = off + 4` is no cheaper than `x + (y + 4)`
/// for its class alone, but it is once `off` is computed for another root.
/// Bounded by the classes visited in cost evaluations.
fn improve(classes: &Classes<'_>, choice: &mut [Option<usize>], cost: &mut u64, roots: &[usize]) {
    let mut budget = IMPROVE_BUDGET;
    loop {
        let mut improved = false;
        for c in reachable(classes, choice, roots) {
            for j in 0..classes.candidates[c].len() {
                if choice[c] == Some(j) {
                    continue;
                }
                let rank = |j: Option<usize>| j.map_or(u8::MAX, |j| classes.candidates[c][j].rank);
                let old = choice[c].replace(j);
                budget = budget.saturating_sub(classes.ids.len());
                match dag_cost(classes, choice, roots) {
                    Some(new) if (new, rank(Some(j))) < (*cost, rank(old)) => {
                        *cost = new;
                        improved = true;
                    }
                    _ => choice[c] = old,
                }
                if budget == 0 {
                    return;
                }
            }
        }
        if !improved {
            return;
        }
    }
}

/// The classes reachable from the roots through `choice`, in visiting order.
fn reachable(classes: &Classes<'_>, choice: &[Option<usize>], roots: &[usize]) -> Vec<usize> {
    let mut seen = vec![false; classes.ids.len()];
    let mut order = Vec::new();
    let mut stack = roots.to_vec();
    while let Some(c) = stack.pop() {
        if std::mem::replace(&mut seen[c], true) {
            continue;
        }
        order.push(c);
        if let Some(j) = choice[c] {
            stack.extend(classes.candidates[c][j].kids.iter().copied());
        }
    }
    order
}

fn union(a: &[(usize, u64)], b: &[(usize, u64)]) -> Vec<(usize, u64)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1.min(b[j].1)));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The cost of computing `roots` with `choice`, each class once; `None` if a
/// reachable class has no choice or the choice has a cycle.
fn dag_cost(classes: &Classes<'_>, choice: &[Option<usize>], roots: &[usize]) -> Option<u64> {
    // 0: unvisited, 1: on the stack, 2: done.
    let mut state = vec![0u8; classes.ids.len()];
    let mut total = 0u64;
    for &root in roots {
        let mut stack = vec![(root, false)];
        while let Some((c, leaving)) = stack.pop() {
            if leaving {
                state[c] = 2;
                continue;
            }
            match state[c] {
                2 => continue,
                1 => return None,
                _ => {}
            }
            state[c] = 1;
            let chosen = &classes.candidates[c][choice[c]?];
            total = total.saturating_add(chosen.own);
            stack.push((c, true));
            for k in &chosen.kids {
                match state[*k] {
                    1 => return None,
                    0 => stack.push((*k, false)),
                    _ => {}
                }
            }
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::super::cost::{Target, node_cost};
    use super::super::lang::{Node, OpKind};
    use super::super::rules::testing::add_term;
    use super::super::rules::{Analysis, EGraph};
    use super::extract;

    /// `x * 8` and the value `v`, known to be equal; `v` exists from `position`.
    fn pick(position: u32) -> Node {
        let ctx = cuwasm::Context::new();
        let mut eg = EGraph::new(Analysis);
        let product = add_term(&mut eg, &ctx, "(muli T:i32 V:0:i32 (c T:i32 8))");
        let v = add_term(&mut eg, &ctx, "V:1:i32");
        eg.union(product, v);
        eg.rebuild();
        let cost = |n: &Node| node_cost(Target::Cpu, &eg, n, &|_| String::new());
        let leaf = |n: u32| if n == 1 { position } else { 0 };
        let sel = extract(&eg, &[product], &cost, &|_| 0, &leaf).unwrap();
        sel.node(&eg, product).clone()
    }

    #[test]
    fn a_value_is_not_used_before_it_exists() {
        // Available from the start, the free leaf wins; made by an op of the
        // block (position 1), it cannot serve a use at position 0.
        assert!(matches!(pick(0), Node::Val(1, _)));
        assert!(matches!(pick(1), Node::Op(OpKind::MulI, _)));
    }

    #[test]
    fn shared_subexpressions_count_once() {
        // (a + b) * 3 and (a + b) + c: the sum is paid for once.
        let ctx = cuwasm::Context::new();
        let mut eg = EGraph::new(Analysis);
        let sum = "(addi T:i64 V:0:i64 V:1:i64)";
        let r1 = add_term(&mut eg, &ctx, &format!("(muli T:i64 {sum} (c T:i64 3))"));
        let r2 = add_term(&mut eg, &ctx, &format!("(addi T:i64 {sum} V:2:i64)"));
        eg.rebuild();
        let cost = |n: &Node| node_cost(Target::Cpu, &eg, n, &|_| String::new());
        let sel = extract(&eg, &[r1, r2], &cost, &|_| 0, &|_| 0).unwrap();
        // add 4 + mul 4 (by a constant: a shift or lea on the cpu) +
        // constant 1 + add 4.
        assert_eq!(sel.cost, 13);
    }
}
