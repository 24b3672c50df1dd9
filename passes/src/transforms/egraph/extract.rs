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
//!
//! Dominance: a node may use the result of an op that stays in the block
//! (a load), which exists only after that op. Each class has an *earliest
//! position*: the least, over its nodes, of the latest position among the
//! node's operands. Only nodes that reach their class's earliest position
//! are candidates, so every class can be computed before any use the
//! original program had, and the rebuilt block is in dominance order.

use super::lang::Node;
use super::rules::EGraph;
use egg::{Id, Language};
use rustc_hash::FxHashMap;
use std::rc::Rc;

const INF: u64 = u64::MAX;
/// Merged set entries the greedy DAG extraction may touch before giving up.
const DAG_BUDGET: usize = 4_000_000;

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
    /// Per class: `(node, own cost, dense value children)` of each candidate.
    candidates: Vec<Vec<(&'a Node, u64, Vec<usize>)>>,
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
                .map(|(node, kids)| (node, cost(node), kids.clone()))
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
    let (choice, cost, method) = match (tree_cost, dag_cost) {
        (Some(t), Some(d)) if d <= t => (dag.unwrap(), d, "dag"),
        (Some(t), _) => (tree, t, "tree"),
        (None, Some(d)) => (dag.unwrap(), d, "dag"),
        (None, None) => return None,
    };
    // Keep the chosen node of every class reachable from the roots.
    let mut out = FxHashMap::default();
    let mut stack = roots;
    while let Some(c) = stack.pop() {
        if out.contains_key(&classes.ids[c]) {
            continue;
        }
        let (node, _, kids) = &classes.candidates[c][choice[c]?];
        out.insert(classes.ids[c], (*node).clone());
        stack.extend(kids.iter().copied());
    }
    Some(Selection {
        choice: out,
        cost,
        method,
    })
}

/// Per class, the candidate with the least tree cost (children summed).
/// Op costs are positive, so a chosen node's children cost strictly less
/// than it: the choice is acyclic.
fn tree_choice(classes: &Classes<'_>) -> Vec<Option<usize>> {
    let n = classes.ids.len();
    let mut best = vec![INF; n];
    let mut choice = vec![None; n];
    loop {
        let mut changed = false;
        for i in 0..n {
            for (j, (_, own, kids)) in classes.candidates[i].iter().enumerate() {
                let total = kids.iter().try_fold(*own, |acc, k| {
                    (best[*k] != INF).then(|| acc.saturating_add(best[*k]))
                });
                if let Some(total) = total
                    && total < best[i]
                {
                    best[i] = total;
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
    let mut totals = vec![INF; n];
    let mut choice = vec![None; n];
    let mut work = 0usize;
    loop {
        let mut changed = false;
        for i in 0..n {
            'nodes: for (j, (_, own, kids)) in classes.candidates[i].iter().enumerate() {
                let mut merged: Vec<(usize, u64)> = Vec::new();
                for k in kids {
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
                merged = union(&merged, &[(i, *own)]);
                let total = merged.iter().fold(0u64, |a, e| a.saturating_add(e.1));
                if total < totals[i] {
                    totals[i] = total;
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
            let (_, own, kids) = &classes.candidates[c][choice[c]?];
            total = total.saturating_add(*own);
            stack.push((c, true));
            for k in kids {
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
