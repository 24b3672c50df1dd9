//! `sccp`: sparse conditional constant propagation (Wegman and Zadeck), as
//! MLIR's SCCP pass, plus the clean-up that MLIR leaves to canonicalize.
//!
//! **Analysis.** Every value has a lattice value: unknown (not reached yet), a
//! constant attribute, or overdefined. Blocks become executable when control
//! can reach them: the entry blocks of the op the pass runs on (their
//! arguments are overdefined), then the successors a branch can take —
//! `cf.br`; `cf.cond_br` and `cf.switch` take only the matching edge while
//! their condition is constant and every edge once it is overdefined (other
//! branch ops: every edge, arguments forwarded through the branch interface).
//! Block arguments join the values of the executable edges into them. An op
//! whose operands are all known is evaluated with its fold hook (constant
//! operands as attributes, overdefined ones as `None`; a folded-to value
//! passes its lattice on); constant-like ops give their `value`; anything else
//! is overdefined. Structured control flow is followed too: `scf.if` runs only
//! the region its constant condition picks, `scf.index_switch` only the case
//! its constant operand picks, `scf.execute_region` its region, `scf.for`
//! and `scf.while` join initial and yielded values into their loop-carried
//! arguments and results (the induction variable is overdefined). Other ops
//! with regions: their entry blocks run with overdefined arguments and their
//! results are overdefined. Run on a symbol table (a module), the analysis is
//! interprocedural like MLIR's: a private function referred to only by
//! `func.call`s gets its arguments from the executable calls (its body runs
//! only if one is executable) and gives its calls the join of its returns;
//! other calls are overdefined.
//!
//! **Rewrite** (as MLIR): every value found constant is replaced by a
//! constant built with the `materialize_constant` hook of the dialect of the
//! op that defines it (arith for block arguments and as a fallback), created
//! once per (value, type) at the start of the entry block of the enclosing
//! `IsolatedFromAbove` op; an op all of whose results were replaced and that
//! is trivially dead is erased.
//!
//! **Clean-up** (option `cleanup`, default on; off gives mlir-opt-22's
//! `sccp` output): `cf.cond_br` / `cf.switch` on a constant become `cf.br`,
//! `scf.if` on a constant is replaced by the region it runs, blocks that can
//! no longer be reached are erased, and trivially dead ops are erased.
//! Statistics: `num-constants` (values replaced), `num-branches-folded`,
//! `num-erased`.

use super::dce::{erase_dead_ops, erase_unreachable_blocks};
use super::symbol_dce::{collect_symbol_refs, is_private};
use super::utils::{constant_value, dialect_of, materialize_constant};
use crate::{OptionKind, OptionSpec, Pass, PassInfo, PassOptions, PassState};
use cuwasm::{
    Attr, AttrData, BlockId, Context, DenseValues, Diagnostic, FoldResult, InsertPoint, OpId,
    OperationState, RegionId, Symbol, Traits, ValueDef, ValueId,
};
use rustc_hash::{FxHashMap, FxHashSet};

pub const INFO: PassInfo = PassInfo {
    name: "sccp",
    description: "Sparse conditional constant propagation; folds constant branches and erases dead code",
    anchor: None,
    options: &[OptionSpec {
        name: "cleanup",
        kind: OptionKind::Bool,
        default: "true",
        description: "Fold constant branches and scf.if, erase unreachable blocks and dead ops (false: as mlir-opt's sccp)",
    }],
    create: |options: &PassOptions| {
        Ok(Box::new(Sccp {
            cleanup: options.bool("cleanup"),
        }))
    },
};

struct Sccp {
    cleanup: bool,
}

impl Pass for Sccp {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut solver = Solver::new(ctx);
        solver.solve(op);
        let lattice = solver.lattice;
        let replaced = rewrite(ctx, op, &lattice);
        state.stat("num-constants", replaced);
        if self.cleanup {
            let folded = fold_constant_control_flow(ctx, op);
            let blocks = erase_unreachable_blocks(ctx, op);
            let ops = erase_dead_ops(ctx, op);
            state.stat("num-branches-folded", folded);
            state.stat("num-erased", ops + blocks);
        }
        Ok(())
    }
}

/// The lattice value of an SSA value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lattice {
    Unknown,
    Constant(Attr),
    Overdefined,
}

impl Lattice {
    fn join(self, other: Lattice) -> Lattice {
        match (self, other) {
            (Lattice::Unknown, x) | (x, Lattice::Unknown) => x,
            (Lattice::Constant(a), Lattice::Constant(b)) if a == b => self,
            _ => Lattice::Overdefined,
        }
    }
}

struct Solver<'a> {
    ctx: &'a Context,
    lattice: FxHashMap<ValueId, Lattice>,
    executable: FxHashSet<BlockId>,
    block_work: Vec<BlockId>,
    op_work: Vec<OpId>,
    /// Private functions whose every use is a call in the analysed op: their
    /// call sites, and the join of what their returns give back.
    internal: FxHashMap<OpId, Vec<OpId>>,
    returns: FxHashMap<OpId, Vec<Lattice>>,
    /// The callee of each call to an internal function.
    callee: FxHashMap<OpId, OpId>,
}

impl<'a> Solver<'a> {
    fn new(ctx: &'a Context) -> Self {
        Solver {
            ctx,
            lattice: FxHashMap::default(),
            executable: FxHashSet::default(),
            block_work: Vec::new(),
            op_work: Vec::new(),
            internal: FxHashMap::default(),
            returns: FxHashMap::default(),
            callee: FxHashMap::default(),
        }
    }

    /// Find the private functions of `root` (a symbol table) that are only
    /// called directly: their arguments come from their call sites.
    fn find_internal_functions(&mut self, root: OpId) {
        let ctx = self.ctx;
        if !ctx.is_symbol_table(root) {
            return;
        }
        let mut calls: FxHashMap<OpId, Vec<OpId>> = FxHashMap::default();
        let mut taken: FxHashSet<Symbol> = FxHashSet::default();
        let mut refs = Vec::new();
        for op in ctx.walk_preorder(root) {
            refs.clear();
            collect_symbol_refs(ctx, ctx.attributes(op), &mut refs);
            let callee_ref = ctx
                .is_op(op, "func.call")
                .then(|| ctx.prop(op, "callee"))
                .flatten();
            let mut props = Vec::new();
            collect_symbol_refs(ctx, ctx.properties(op), &mut props);
            for p in props {
                if Some(p) == callee_ref {
                    if let Some(f) = ctx.lookup_symbol_from(op, p) {
                        calls.entry(f).or_default().push(op);
                    }
                } else {
                    refs.push(p);
                }
            }
            for &r in &refs {
                if let AttrData::SymbolRef { root, nested } = ctx.attr_data(r) {
                    taken.insert(*nested.last().unwrap_or(root));
                }
            }
        }
        for f in ctx.walk_preorder(root) {
            let internal = ctx.is_op(f, "func.func")
                && is_private(ctx, f)
                && !ctx.region_is_empty(ctx.region(f, 0))
                && ctx
                    .symbol_name(f)
                    .is_some_and(|n| !taken.contains(&ctx.symbol(n)));
            if internal {
                let sites = calls.remove(&f).unwrap_or_default();
                for &c in &sites {
                    self.callee.insert(c, f);
                }
                self.internal.insert(f, sites);
            }
        }
    }

    fn get(&self, v: ValueId) -> Lattice {
        self.lattice.get(&v).copied().unwrap_or(Lattice::Unknown)
    }

    /// Raise `v` to `v ⊔ l`; its users are revisited when it changes.
    fn join(&mut self, v: ValueId, l: Lattice) {
        let old = self.get(v);
        let new = old.join(l);
        if new != old {
            self.lattice.insert(v, new);
            self.op_work.extend(self.ctx.uses(v).iter().map(|u| u.op));
        }
    }

    fn join_all(&mut self, values: &[ValueId], l: Lattice) {
        for &v in values {
            self.join(v, l);
        }
    }

    /// Join `to[i]` with the lattice of `from[i]`.
    fn forward(&mut self, from: &[ValueId], to: &[ValueId]) {
        for (&f, &t) in from.iter().zip(to) {
            let l = self.get(f);
            self.join(t, l);
        }
    }

    fn mark_block(&mut self, b: BlockId) {
        if self.executable.insert(b) {
            self.block_work.push(b);
        }
    }

    fn solve(&mut self, root: OpId) {
        let ctx = self.ctx;
        self.find_internal_functions(root);
        for &r in ctx.regions(root) {
            if let Some(entry) = ctx.entry_block(r) {
                self.join_all(ctx.block_args(entry), Lattice::Overdefined);
                self.mark_block(entry);
            }
        }
        loop {
            if let Some(b) = self.block_work.pop() {
                for op in ctx.block_ops(b) {
                    self.visit(op);
                }
            } else if let Some(op) = self.op_work.pop() {
                if ctx
                    .parent_block(op)
                    .is_some_and(|b| self.executable.contains(&b))
                {
                    self.visit(op);
                }
            } else {
                break;
            }
        }
    }

    fn visit(&mut self, op: OpId) {
        let ctx = self.ctx;
        if !ctx.successors(op).is_empty() {
            self.visit_branch(op);
        } else if ctx.op_has_trait(op, Traits::TERMINATOR) {
            self.visit_region_terminator(op);
        } else if !ctx.regions(op).is_empty() {
            if !self.internal.contains_key(&op) {
                self.visit_region_op(op);
            }
        } else if let Some(&f) = self.callee.get(&op) {
            self.visit_internal_call(op, f);
        } else {
            self.visit_plain(op);
        }
    }

    /// Evaluate an op without regions with its fold hook.
    fn visit_plain(&mut self, op: OpId) {
        let ctx = self.ctx;
        let results: Vec<ValueId> = ctx.results(op).collect();
        if results.is_empty() {
            return;
        }
        if ctx.op_has_trait(op, Traits::CONSTANT_LIKE)
            && let Some(value) = ctx.prop(op, "value")
        {
            self.join_all(&results, Lattice::Constant(value));
            return;
        }
        let Some(fold) = ctx.op_info(op).and_then(|i| i.fold) else {
            self.join_all(&results, Lattice::Overdefined);
            return;
        };
        let mut operands = Vec::with_capacity(ctx.num_operands(op));
        for &v in ctx.operands(op) {
            match self.get(v) {
                Lattice::Unknown => return,
                Lattice::Constant(a) => operands.push(Some(a)),
                Lattice::Overdefined => operands.push(None),
            }
        }
        match fold(ctx, op, &operands) {
            Some(folded) if folded.len() == results.len() => {
                for (r, f) in results.into_iter().zip(folded) {
                    let l = match f {
                        FoldResult::Attr(a) => Lattice::Constant(a),
                        FoldResult::Value(v) => self.get(v),
                    };
                    self.join(r, l);
                }
            }
            _ => self.join_all(&results, Lattice::Overdefined),
        }
    }

    /// A call of an internal function: its arguments flow into the callee's
    /// entry block (which becomes executable), its returns into the results.
    fn visit_internal_call(&mut self, call: OpId, f: OpId) {
        let ctx = self.ctx;
        let args = self.lattices(ctx.operands(call));
        self.enter(f, 0, &args);
        let results: Vec<ValueId> = ctx.results(call).collect();
        let returned = self.returns.get(&f).cloned().unwrap_or_default();
        for (r, l) in results.into_iter().zip(returned) {
            self.join(r, l);
        }
    }

    /// A terminator with successors: mark the edges it may take.
    fn visit_branch(&mut self, op: OpId) {
        let ctx = self.ctx;
        let succs = ctx.successors(op).to_vec();
        let taken: Vec<usize> = match branch_choice(ctx, op, |v| self.get(v)) {
            Choice::Wait => return,
            Choice::One(i) => vec![i],
            Choice::All => (0..succs.len()).collect(),
        };
        let forwarding = ctx.op_info(op).and_then(|i| i.successor_operands);
        for i in taken {
            let dest = succs[i];
            let args = ctx.block_args(dest).to_vec();
            match forwarding {
                Some(range) => {
                    let operands = ctx.operands(op)[range(ctx, op, i)].to_vec();
                    self.forward(&operands, &args);
                }
                None => self.join_all(&args, Lattice::Overdefined),
            }
            self.mark_block(dest);
        }
    }

    /// Enter region `i` of `op`: its entry block runs, its arguments get `args`.
    fn enter(&mut self, op: OpId, i: usize, args: &[Lattice]) {
        let ctx = self.ctx;
        let Some(entry) = ctx.entry_block(ctx.region(op, i)) else {
            return;
        };
        for (&a, &l) in ctx.block_args(entry).iter().zip(args) {
            self.join(a, l);
        }
        self.mark_block(entry);
    }

    fn lattices(&self, values: &[ValueId]) -> Vec<Lattice> {
        values.iter().map(|v| self.get(*v)).collect()
    }

    fn visit_region_op(&mut self, op: OpId) {
        let ctx = self.ctx;
        let results: Vec<ValueId> = ctx.results(op).collect();
        match ctx.op_name_text(op) {
            "scf.if" => match self.get(ctx.operand(op, 0)) {
                Lattice::Unknown => {}
                Lattice::Constant(c) => {
                    let region = if ctx.attr_int(c) == Some(0) { 1 } else { 0 };
                    self.enter(op, region, &[]);
                }
                Lattice::Overdefined => {
                    self.enter(op, 0, &[]);
                    self.enter(op, 1, &[]);
                }
            },
            "scf.index_switch" => match self.get(ctx.operand(op, 0)) {
                Lattice::Unknown => {}
                Lattice::Constant(c) => {
                    let cases = ctx
                        .prop(op, "cases")
                        .and_then(|a| ctx.attr_dense_array(a))
                        .unwrap_or(&[]);
                    let region = ctx
                        .attr_int(c)
                        .and_then(|v| cases.iter().position(|c| *c == v))
                        .map_or(0, |k| k + 1);
                    self.enter(op, region, &[]);
                }
                Lattice::Overdefined => {
                    for i in 0..ctx.regions(op).len() {
                        self.enter(op, i, &[]);
                    }
                }
            },
            "scf.execute_region" => self.enter(op, 0, &[]),
            "scf.for" => {
                let inits = ctx.operands(op)[3..].to_vec();
                let mut args = vec![Lattice::Overdefined];
                args.extend(self.lattices(&inits));
                self.enter(op, 0, &args);
                self.forward(&inits, &results);
            }
            "scf.while" => {
                let inits = ctx.operands(op).to_vec();
                let args = self.lattices(&inits);
                self.enter(op, 0, &args);
            }
            _ => {
                for i in 0..ctx.regions(op).len() {
                    let n = ctx
                        .entry_block(ctx.region(op, i))
                        .map_or(0, |b| ctx.block_args(b).len());
                    self.enter(op, i, &vec![Lattice::Overdefined; n]);
                }
                self.join_all(&results, Lattice::Overdefined);
            }
        }
    }

    /// A terminator without successors (scf.yield, scf.condition, func.return):
    /// pass its operands to where control goes in the parent op.
    fn visit_region_terminator(&mut self, term: OpId) {
        let ctx = self.ctx;
        let Some(parent) = ctx.parent_op(term) else {
            return;
        };
        let operands = ctx.operands(term).to_vec();
        let results: Vec<ValueId> = ctx.results(parent).collect();
        let region_index = ctx
            .parent_block(term)
            .and_then(|b| ctx.block_parent(b))
            .map_or(0, |r| ctx.region_index(r));
        let entry_args = |i: usize| -> Vec<ValueId> {
            ctx.entry_block(ctx.region(parent, i))
                .map(|b| ctx.block_args(b).to_vec())
                .unwrap_or_default()
        };
        match ctx.op_name_text(parent) {
            "scf.if" | "scf.execute_region" | "scf.index_switch" => {
                self.forward(&operands, &results)
            }
            "scf.for" => {
                self.forward(&operands, &entry_args(0)[1..]);
                self.forward(&operands, &results);
            }
            "scf.while" if region_index == 0 => {
                // scf.condition(%c) %args: continue into `after`, or leave with the results.
                let (may_continue, may_leave) = match self.get(operands[0]) {
                    Lattice::Unknown => (false, false),
                    Lattice::Constant(c) => {
                        let t = ctx.attr_int(c) != Some(0);
                        (t, !t)
                    }
                    Lattice::Overdefined => (true, true),
                };
                if may_continue {
                    let args = self.lattices(&operands[1..]);
                    self.enter(parent, 1, &args);
                }
                if may_leave {
                    self.forward(&operands[1..], &results);
                }
            }
            "scf.while" => {
                let args = self.lattices(&operands);
                self.enter(parent, 0, &args);
            }
            _ if self.internal.contains_key(&parent) => {
                let values = self.lattices(&operands);
                let joined = self.returns.entry(parent).or_default();
                joined.resize(values.len(), Lattice::Unknown);
                let mut changed = false;
                for (j, v) in joined.iter_mut().zip(values) {
                    let new = j.join(v);
                    changed |= new != *j;
                    *j = new;
                }
                if changed {
                    let sites = self.internal[&parent].clone();
                    self.op_work.extend(sites);
                }
            }
            _ => {}
        }
    }
}

/// Which successors a branch may take, given its operands' lattice values.
enum Choice {
    Wait,
    One(usize),
    All,
}

fn branch_choice(ctx: &Context, op: OpId, get: impl Fn(ValueId) -> Lattice) -> Choice {
    let name = ctx.op_name_text(op);
    if name != "cf.cond_br" && name != "cf.switch" {
        return Choice::All;
    }
    let c = match get(ctx.operand(op, 0)) {
        Lattice::Unknown => return Choice::Wait,
        Lattice::Overdefined => return Choice::All,
        Lattice::Constant(c) => c,
    };
    match constant_successor(ctx, op, c) {
        Some(i) => Choice::One(i),
        None => Choice::All,
    }
}

/// The successor `op` (cf.cond_br, cf.switch) takes when its condition is `c`.
fn constant_successor(ctx: &Context, op: OpId, c: Attr) -> Option<usize> {
    let value = ctx.attr_int(c)?;
    if ctx.is_op(op, "cf.cond_br") {
        return Some(if value != 0 { 0 } else { 1 });
    }
    let cases = match ctx.attr_data(ctx.prop(op, "case_values")?) {
        AttrData::Dense {
            values: DenseValues::Int(v),
            splat,
            ..
        } => {
            let n = ctx.successors(op).len() - 1;
            if *splat {
                vec![v.first().copied().unwrap_or(0); n]
            } else {
                v.clone()
            }
        }
        _ => return None,
    };
    let flag_ty = ctx.value_type(ctx.operand(op, 0));
    let value = ctx.normalize_int(flag_ty, value);
    Some(
        cases
            .iter()
            .position(|c| ctx.normalize_int(flag_ty, *c) == value)
            .map_or(0, |k| k + 1),
    )
}

/// Constants made by the rewrite, one per (insertion block, value, type).
struct ConstantCache {
    made: FxHashMap<(BlockId, Attr, cuwasm::Type), ValueId>,
}

/// Where constants for a value in `block` go: the entry block of the nearest
/// region whose parent op is isolated from above or top-level (as MLIR's OperationFolder).
fn insertion_block(ctx: &Context, mut block: BlockId) -> Option<BlockId> {
    loop {
        let region: RegionId = ctx.block_parent(block)?;
        let parent = ctx.region_parent(region)?;
        let top = ctx.parent_block(parent).is_none();
        if top
            || ctx
                .op_info(parent)
                .is_none_or(|i| i.has(Traits::ISOLATED_FROM_ABOVE))
        {
            return ctx.entry_block(region);
        }
        block = ctx.parent_block(parent)?;
    }
}

impl ConstantCache {
    /// Replace the uses of `v` by a constant if the analysis found one.
    fn replace(
        &mut self,
        ctx: &mut Context,
        lattice: &FxHashMap<ValueId, Lattice>,
        v: ValueId,
    ) -> bool {
        let Some(Lattice::Constant(value)) = lattice.get(&v).copied() else {
            return false;
        };
        let (block, dialect) = match ctx.value_def(v) {
            ValueDef::Result { op, .. } => match ctx.parent_block(op) {
                Some(b) => (b, dialect_of(ctx, op)),
                None => return false,
            },
            ValueDef::BlockArg { block, .. } => (block, "arith".to_string()),
            ValueDef::Detached => return false,
        };
        let Some(target) = insertion_block(ctx, block) else {
            return false;
        };
        let ty = ctx.value_type(v);
        let key = (target, value, ty);
        let constant = match self.made.get(&key) {
            Some(c) => *c,
            None => {
                let loc = ctx.unknown_loc();
                let ip = match ctx.first_op(target) {
                    Some(first) => InsertPoint::Before(first),
                    None => InsertPoint::End(target),
                };
                let Some(c) = materialize_constant(ctx, ip, &dialect, value, ty, loc) else {
                    return false;
                };
                self.made.insert(key, c);
                c
            }
        };
        ctx.replace_all_uses(v, constant);
        true
    }
}

/// Replace constant values as MLIR's SCCP does; returns how many were replaced.
fn rewrite(ctx: &mut Context, root: OpId, lattice: &FxHashMap<ValueId, Lattice>) -> u64 {
    let mut cache = ConstantCache {
        made: FxHashMap::default(),
    };
    let mut replaced = 0;
    let mut stack: Vec<BlockId> = Vec::new();
    let push_regions = |ctx: &Context, op: OpId, stack: &mut Vec<BlockId>| {
        for &r in ctx.regions(op) {
            stack.extend(ctx.region_blocks(r).iter().rev());
        }
    };
    push_regions(ctx, root, &mut stack);
    while let Some(block) = stack.pop() {
        let ops: Vec<OpId> = ctx.block_ops(block).collect();
        for op in ops {
            if ctx.is_erased(op) {
                continue;
            }
            let results: Vec<ValueId> = ctx.results(op).collect();
            let mut all = !results.is_empty();
            for r in results {
                let done = cache.replace(ctx, lattice, r);
                replaced += done as u64;
                all &= done;
            }
            if all && ctx.is_trivially_dead(op) {
                ctx.erase_op(op);
                continue;
            }
            push_regions(ctx, op, &mut stack);
        }
        for arg in ctx.block_args(block).to_vec() {
            replaced += cache.replace(ctx, lattice, arg) as u64;
        }
    }
    replaced
}

/// Turn branches on constants into `cf.br` and `scf.if` on a constant into
/// the region it runs; returns how many were folded.
pub fn fold_constant_control_flow(ctx: &mut Context, root: OpId) -> u64 {
    let mut folded = 0;
    for op in ctx.walk_preorder(root) {
        if ctx.is_erased(op) || ctx.parent_block(op).is_none() {
            continue;
        }
        let is_branch = ctx.is_op(op, "cf.cond_br") || ctx.is_op(op, "cf.switch");
        let Some(c) = (is_branch || ctx.is_op(op, "scf.if"))
            .then(|| constant_value(ctx, ctx.operand(op, 0)))
            .flatten()
        else {
            continue;
        };
        if is_branch {
            let Some(i) = constant_successor(ctx, op, c) else {
                continue;
            };
            let range = ctx
                .op_info(op)
                .and_then(|info| info.successor_operands)
                .unwrap();
            let operands = ctx.operands(op)[range(ctx, op, i)].to_vec();
            let dest = ctx.successors(op)[i];
            let mut br = OperationState::new(ctx, "cf.br", ctx.loc(op)).successors(&[dest]);
            br.operands = operands;
            let br = ctx.create_op(br);
            ctx.insert_op_before(op, br);
            ctx.erase_op(op);
        } else {
            let Some(value) = ctx.attr_int(c) else {
                continue;
            };
            inline_if_region(ctx, op, if value != 0 { 0 } else { 1 });
        }
        folded += 1;
    }
    folded
}

/// Replace `if_op` by the ops of its region `i` (results by what it yields).
fn inline_if_region(ctx: &mut Context, if_op: OpId, i: usize) {
    let Some(block) = ctx.entry_block(ctx.region(if_op, i)) else {
        ctx.erase_op(if_op);
        return;
    };
    let ops: Vec<OpId> = ctx.block_ops(block).collect();
    let Some((yield_op, body)) = ops.split_last() else {
        ctx.erase_op(if_op);
        return;
    };
    for &op in body {
        ctx.move_op_before(op, if_op);
    }
    let values = ctx.operands(*yield_op).to_vec();
    ctx.replace_op(if_op, &values);
}

#[cfg(test)]
mod tests {
    use super::super::utils::testing::{check, run, run_with_stats};

    const DEFAULT: &str = "builtin.module(func.func(sccp))";
    const AS_MLIR: &str = "builtin.module(func.func(sccp{cleanup=false}))";
    const AS_MLIR_MODULE: &str = "builtin.module(sccp{cleanup=false})";

    // cleanup=false gives mlir-opt-22's sccp output byte for byte: constants
    // materialized once at the function entry (newest first), the untaken edge's
    // block left alone, the dead scf.if erased, loop-carried 1*1 found constant.
    #[test]
    fn matches_mlir_cfg_and_scf_if() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i1) -> (i32, i32, i32), sym_name = "f"}> ({
  ^bb0(%arg2: i32, %arg3: i1):
    %12 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %13 = "arith.constant"() <{value = 2 : i32}> : () -> i32
    %14 = "arith.addi"(%12, %13) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %15 = "arith.muli"(%14, %13) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %16 = "arith.muli"(%arg2, %14) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %17 = "arith.constant"() <{value = true}> : () -> i1
    "cf.cond_br"(%17, %15, %arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
  ^bb1(%18: i32):  // pred: ^bb0
    %19 = "arith.addi"(%18, %12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%19, %18)[^bb3] : (i32, i32) -> ()
  ^bb2(%20: i32):  // pred: ^bb0
    "cf.br"(%20, %20)[^bb3] : (i32, i32) -> ()
  ^bb3(%21: i32, %22: i32):  // 2 preds: ^bb1, ^bb2
    %23 = "arith.subi"(%21, %12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%23, %22, %16) : (i32, i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "loop"}> ({
  ^bb0(%arg1: i32):
    %5 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %6 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    "cf.br"(%5, %6)[^bb1] : (i32, i32) -> ()
  ^bb1(%7: i32, %8: i32):  // 2 preds: ^bb0, ^bb2
    %9 = "arith.cmpi"(%7, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%9)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:  // pred: ^bb1
    %10 = "arith.addi"(%7, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %11 = "arith.muli"(%8, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%10, %11)[^bb1] : (i32, i32) -> ()
  ^bb3:  // pred: ^bb1
    "func.return"(%8) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "ifs"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = false}> : () -> i1
    %1 = "scf.if"(%0) ({
      %4 = "arith.addi"(%arg0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%4) : (i32) -> ()
    }, {
      %3 = "arith.constant"() <{value = 5 : i32}> : () -> i32
      "scf.yield"(%3) : (i32) -> ()
    }) : (i1) -> i32
    %2 = "arith.addi"(%1, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i1) -> (i32, i32, i32), sym_name = "f"}> ({
  ^bb0(%arg2: i32, %arg3: i1):
    %9 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %10 = "arith.constant"() <{value = true}> : () -> i1
    %11 = "arith.constant"() <{value = 6 : i32}> : () -> i32
    %12 = "arith.constant"() <{value = 3 : i32}> : () -> i32
    %13 = "arith.constant"() <{value = 2 : i32}> : () -> i32
    %14 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %15 = "arith.muli"(%arg2, %12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.cond_br"(%10, %11, %arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
  ^bb1(%16: i32):  // pred: ^bb0
    "cf.br"(%9, %11)[^bb3] : (i32, i32) -> ()
  ^bb2(%17: i32):  // pred: ^bb0
    "cf.br"(%17, %17)[^bb3] : (i32, i32) -> ()
  ^bb3(%18: i32, %19: i32):  // 2 preds: ^bb1, ^bb2
    "func.return"(%11, %11, %15) : (i32, i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "loop"}> ({
  ^bb0(%arg1: i32):
    %3 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %4 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "cf.br"(%4, %3)[^bb1] : (i32, i32) -> ()
  ^bb1(%5: i32, %6: i32):  // 2 preds: ^bb0, ^bb2
    %7 = "arith.cmpi"(%5, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%7)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:  // pred: ^bb1
    %8 = "arith.addi"(%5, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%8, %3)[^bb1] : (i32, i32) -> ()
  ^bb3:  // pred: ^bb1
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "ifs"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 10 : i32}> : () -> i32
    %1 = "arith.constant"() <{value = 5 : i32}> : () -> i32
    %2 = "arith.constant"() <{value = false}> : () -> i1
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(AS_MLIR, input, expected);
    }

    // As mlir-opt-22: scf.for iter_args join init and yield (0*x = 0 stays
    // constant), scf.while's condition and body, scf.index_switch on a constant,
    // cf.switch on a constant.
    #[test]
    fn matches_mlir_loops_and_switches() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index) -> (i32, i32), sym_name = "for_loop"}> ({
  ^bb0(%arg4: index):
    %12 = "arith.constant"() <{value = 0 : index}> : () -> index
    %13 = "arith.constant"() <{value = 1 : index}> : () -> index
    %14 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %15 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %16:2 = "scf.for"(%12, %arg4, %13, %14, %15) ({
    ^bb0(%arg5: index, %arg6: i32, %arg7: i32):
      %17 = "arith.muli"(%arg6, %arg7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %18 = "arith.index_cast"(%arg5) : (index) -> i32
      %19 = "arith.addi"(%arg7, %18) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%17, %19) : (i32, i32) -> ()
    }) : (index, index, index, i32, i32) -> (i32, i32)
    "func.return"(%16#0, %16#1) : (i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "while_loop"}> ({
  ^bb0(%arg1: i32):
    %7 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %8 = "scf.while"(%7) ({
    ^bb0(%arg3: i32):
      %11 = "arith.cmpi"(%arg3, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
      "scf.condition"(%11, %arg3) : (i1, i32) -> ()
    }, {
    ^bb0(%arg2: i32):
      %9 = "arith.muli"(%arg2, %arg2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %10 = "arith.divsi"(%9, %arg2) : (i32, i32) -> i32
      "scf.yield"(%10) : (i32) -> ()
    }) : (i32) -> i32
    "func.return"(%8) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "switches"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 2 : index}> : () -> index
    %1 = "scf.index_switch"(%0) <{cases = array<i64: 1, 2>}> ({
      "scf.yield"(%arg0) : (i32) -> ()
    }, {
      "scf.yield"(%arg0) : (i32) -> ()
    }, {
      %6 = "arith.constant"() <{value = 40 : i32}> : () -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (index) -> i32
    %2 = "arith.constant"() <{value = 3 : i32}> : () -> i32
    "cf.switch"(%2, %arg0, %1, %1)[^bb2, ^bb1, ^bb2] <{case_operand_segments = array<i32: 1, 1>, case_values = dense<[3, 4]> : vector<2xi32>, operandSegmentSizes = array<i32: 1, 1, 2>}> : (i32, i32, i32, i32) -> ()
  ^bb1(%3: i32):  // pred: ^bb0
    %4 = "arith.addi"(%3, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  ^bb2(%5: i32):  // 2 preds: ^bb0, ^bb0
    "func.return"(%5) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index) -> (i32, i32), sym_name = "for_loop"}> ({
  ^bb0(%arg2: index):
    %7 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %8 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %9 = "arith.constant"() <{value = 1 : index}> : () -> index
    %10 = "arith.constant"() <{value = 0 : index}> : () -> index
    %11:2 = "scf.for"(%10, %arg2, %9, %8, %7) ({
    ^bb0(%arg3: index, %arg4: i32, %arg5: i32):
      %12 = "arith.muli"(%arg4, %arg5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %13 = "arith.index_cast"(%arg3) : (index) -> i32
      %14 = "arith.addi"(%arg5, %13) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%12, %14) : (i32, i32) -> ()
    }) : (index, index, index, i32, i32) -> (i32, i32)
    "func.return"(%11#0, %11#1) : (i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "while_loop"}> ({
  ^bb0(%arg1: i32):
    %6 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    "func.return"(%6) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "switches"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 80 : i32}> : () -> i32
    %1 = "arith.constant"() <{value = 3 : i32}> : () -> i32
    %2 = "arith.constant"() <{value = 40 : i32}> : () -> i32
    %3 = "arith.constant"() <{value = 2 : index}> : () -> index
    "cf.switch"(%1, %arg0, %2, %2)[^bb2, ^bb1, ^bb2] <{case_operand_segments = array<i32: 1, 1>, case_values = dense<[3, 4]> : vector<2xi32>, operandSegmentSizes = array<i32: 1, 1, 2>}> : (i32, i32, i32, i32) -> ()
  ^bb1(%4: i32):  // pred: ^bb0
    "func.return"(%0) : (i32) -> ()
  ^bb2(%5: i32):  // 2 preds: ^bb0, ^bb0
    "func.return"(%5) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(AS_MLIR, input, expected);
    }

    // On a module, as mlir-opt-22: a private function called only with 41
    // returns 42 to its caller.
    #[test]
    fn matches_mlir_interprocedural() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "callee", sym_visibility = "private"}> ({
  ^bb0(%arg0: i32):
    %2 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %3 = "arith.addi"(%arg0, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "caller"}> ({
    %0 = "arith.constant"() <{value = 41 : i32}> : () -> i32
    %1 = "func.call"(%0) <{callee = @callee}> : (i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "callee", sym_visibility = "private"}> ({
  ^bb0(%arg0: i32):
    %3 = "arith.constant"() <{value = 41 : i32}> : () -> i32
    %4 = "arith.constant"() <{value = 42 : i32}> : () -> i32
    %5 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "caller"}> ({
    %0 = "arith.constant"() <{value = 42 : i32}> : () -> i32
    %1 = "arith.constant"() <{value = 41 : i32}> : () -> i32
    %2 = "func.call"(%1) <{callee = @callee}> : (i32) -> i32
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(AS_MLIR_MODULE, input, expected);
    }

    // As mlir-opt-22: callers passing different values make the argument
    // overdefined; a function without callers is not analysed; a function named in
    // an attribute has unknown callers.
    #[test]
    fn matches_mlir_unknown_callers() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "callee", sym_visibility = "private"}> ({
  ^bb0(%arg3: i32):
    %7 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %8 = "arith.addi"(%arg3, %7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%8) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "caller"}> ({
    %5 = "arith.constant"() <{value = 41 : i32}> : () -> i32
    %6 = "func.call"(%5) <{callee = @callee}> : (i32) -> i32
    "func.return"(%6) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "caller2"}> ({
  ^bb0(%arg2: i32):
    %4 = "func.call"(%arg2) <{callee = @callee}> : (i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "dead", sym_visibility = "private"}> ({
  ^bb0(%arg1: i32):
    %2 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %3 = "arith.addi"(%2, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "in_attr", sym_visibility = "private"}> ({
  ^bb0(%arg0: i32):
    "func.return"(%arg0) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "taker"}> ({
    %0 = "arith.constant"() <{value = 41 : i32}> : () -> i32
    %1 = "func.call"(%0) <{callee = @in_attr}> : (i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) {keep = @in_attr} : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "callee", sym_visibility = "private"}> ({
  ^bb0(%arg3: i32):
    %7 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %8 = "arith.addi"(%arg3, %7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%8) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "caller"}> ({
    %5 = "arith.constant"() <{value = 41 : i32}> : () -> i32
    %6 = "func.call"(%5) <{callee = @callee}> : (i32) -> i32
    "func.return"(%6) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "caller2"}> ({
  ^bb0(%arg2: i32):
    %4 = "func.call"(%arg2) <{callee = @callee}> : (i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "dead", sym_visibility = "private"}> ({
  ^bb0(%arg1: i32):
    %2 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %3 = "arith.addi"(%2, %2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "in_attr", sym_visibility = "private"}> ({
  ^bb0(%arg0: i32):
    "func.return"(%arg0) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> i32, sym_name = "taker"}> ({
    %0 = "arith.constant"() <{value = 41 : i32}> : () -> i32
    %1 = "func.call"(%0) <{callee = @in_attr}> : (i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) {keep = @in_attr} : () -> ()
}) : () -> ()
"#;
        check(AS_MLIR_MODULE, input, expected);
    }

    // With the clean-up: the constant cf.cond_br becomes cf.br, the block it
    // no longer reaches goes, and so do unused constants.
    #[test]
    fn cleanup_folds_branches_and_erases_dead_blocks() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i1) -> (i32, i32, i32), sym_name = "f"}> ({
  ^bb0(%arg2: i32, %arg3: i1):
    %12 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %13 = "arith.constant"() <{value = 2 : i32}> : () -> i32
    %14 = "arith.addi"(%12, %13) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %15 = "arith.muli"(%14, %13) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %16 = "arith.muli"(%arg2, %14) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %17 = "arith.constant"() <{value = true}> : () -> i1
    "cf.cond_br"(%17, %15, %arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (i1, i32, i32) -> ()
  ^bb1(%18: i32):  // pred: ^bb0
    %19 = "arith.addi"(%18, %12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%19, %18)[^bb3] : (i32, i32) -> ()
  ^bb2(%20: i32):  // pred: ^bb0
    "cf.br"(%20, %20)[^bb3] : (i32, i32) -> ()
  ^bb3(%21: i32, %22: i32):  // 2 preds: ^bb1, ^bb2
    %23 = "arith.subi"(%21, %12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%23, %22, %16) : (i32, i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "loop"}> ({
  ^bb0(%arg1: i32):
    %5 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %6 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    "cf.br"(%5, %6)[^bb1] : (i32, i32) -> ()
  ^bb1(%7: i32, %8: i32):  // 2 preds: ^bb0, ^bb2
    %9 = "arith.cmpi"(%7, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%9)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:  // pred: ^bb1
    %10 = "arith.addi"(%7, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %11 = "arith.muli"(%8, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%10, %11)[^bb1] : (i32, i32) -> ()
  ^bb3:  // pred: ^bb1
    "func.return"(%8) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "ifs"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = false}> : () -> i1
    %1 = "scf.if"(%0) ({
      %4 = "arith.addi"(%arg0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%4) : (i32) -> ()
    }, {
      %3 = "arith.constant"() <{value = 5 : i32}> : () -> i32
      "scf.yield"(%3) : (i32) -> ()
    }) : (i1) -> i32
    %2 = "arith.addi"(%1, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, i1) -> (i32, i32, i32), sym_name = "f"}> ({
  ^bb0(%arg2: i32, %arg3: i1):
    %7 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %8 = "arith.constant"() <{value = 6 : i32}> : () -> i32
    %9 = "arith.constant"() <{value = 3 : i32}> : () -> i32
    %10 = "arith.muli"(%arg2, %9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%8)[^bb1] : (i32) -> ()
  ^bb1(%11: i32):  // pred: ^bb0
    "cf.br"(%7, %8)[^bb2] : (i32, i32) -> ()
  ^bb2(%12: i32, %13: i32):  // pred: ^bb1
    "func.return"(%8, %8, %10) : (i32, i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "loop"}> ({
  ^bb0(%arg1: i32):
    %1 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %2 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "cf.br"(%2, %1)[^bb1] : (i32, i32) -> ()
  ^bb1(%3: i32, %4: i32):  // 2 preds: ^bb0, ^bb2
    %5 = "arith.cmpi"(%3, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%5)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:  // pred: ^bb1
    %6 = "arith.addi"(%3, %1) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%6, %1)[^bb1] : (i32, i32) -> ()
  ^bb3:  // pred: ^bb1
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "ifs"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 10 : i32}> : () -> i32
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(DEFAULT, input, expected);
    }

    // With the clean-up: the cf.switch on 3 becomes a branch to its case.
    #[test]
    fn cleanup_folds_switches() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index) -> (i32, i32), sym_name = "for_loop"}> ({
  ^bb0(%arg4: index):
    %12 = "arith.constant"() <{value = 0 : index}> : () -> index
    %13 = "arith.constant"() <{value = 1 : index}> : () -> index
    %14 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %15 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %16:2 = "scf.for"(%12, %arg4, %13, %14, %15) ({
    ^bb0(%arg5: index, %arg6: i32, %arg7: i32):
      %17 = "arith.muli"(%arg6, %arg7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %18 = "arith.index_cast"(%arg5) : (index) -> i32
      %19 = "arith.addi"(%arg7, %18) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%17, %19) : (i32, i32) -> ()
    }) : (index, index, index, i32, i32) -> (i32, i32)
    "func.return"(%16#0, %16#1) : (i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "while_loop"}> ({
  ^bb0(%arg1: i32):
    %7 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %8 = "scf.while"(%7) ({
    ^bb0(%arg3: i32):
      %11 = "arith.cmpi"(%arg3, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
      "scf.condition"(%11, %arg3) : (i1, i32) -> ()
    }, {
    ^bb0(%arg2: i32):
      %9 = "arith.muli"(%arg2, %arg2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %10 = "arith.divsi"(%9, %arg2) : (i32, i32) -> i32
      "scf.yield"(%10) : (i32) -> ()
    }) : (i32) -> i32
    "func.return"(%8) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "switches"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 2 : index}> : () -> index
    %1 = "scf.index_switch"(%0) <{cases = array<i64: 1, 2>}> ({
      "scf.yield"(%arg0) : (i32) -> ()
    }, {
      "scf.yield"(%arg0) : (i32) -> ()
    }, {
      %6 = "arith.constant"() <{value = 40 : i32}> : () -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (index) -> i32
    %2 = "arith.constant"() <{value = 3 : i32}> : () -> i32
    "cf.switch"(%2, %arg0, %1, %1)[^bb2, ^bb1, ^bb2] <{case_operand_segments = array<i32: 1, 1>, case_values = dense<[3, 4]> : vector<2xi32>, operandSegmentSizes = array<i32: 1, 1, 2>}> : (i32, i32, i32, i32) -> ()
  ^bb1(%3: i32):  // pred: ^bb0
    %4 = "arith.addi"(%3, %3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  ^bb2(%5: i32):  // 2 preds: ^bb0, ^bb0
    "func.return"(%5) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (index) -> (i32, i32), sym_name = "for_loop"}> ({
  ^bb0(%arg2: index):
    %4 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %5 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %6 = "arith.constant"() <{value = 1 : index}> : () -> index
    %7 = "arith.constant"() <{value = 0 : index}> : () -> index
    %8:2 = "scf.for"(%7, %arg2, %6, %5, %4) ({
    ^bb0(%arg3: index, %arg4: i32, %arg5: i32):
      %9 = "arith.muli"(%arg4, %arg5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      %10 = "arith.index_cast"(%arg3) : (index) -> i32
      %11 = "arith.addi"(%arg5, %10) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%9, %11) : (i32, i32) -> ()
    }) : (index, index, index, i32, i32) -> (i32, i32)
    "func.return"(%8#0, %8#1) : (i32, i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "while_loop"}> ({
  ^bb0(%arg1: i32):
    %3 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "switches"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.constant"() <{value = 80 : i32}> : () -> i32
    %1 = "arith.constant"() <{value = 40 : i32}> : () -> i32
    "cf.br"(%1)[^bb1] : (i32) -> ()
  ^bb1(%2: i32):  // pred: ^bb0
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(DEFAULT, input, expected);
    }

    #[test]
    fn constant_scf_if_is_inlined_and_statistics() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = true}> : () -> i1
    %1 = "scf.if"(%0) ({
      "ptr.store"(%arg0, %arg1) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      %2 = "arith.muli"(%arg0, %arg0) : (i32, i32) -> i32
      "scf.yield"(%2) : (i32) -> ()
    }, {
      "scf.yield"(%arg0) : (i32) -> ()
    }) : (i1) -> i32
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32, %arg1: !ptr.ptr<#ptr.generic_space>):
    "ptr.store"(%arg0, %arg1) <{ordering = 0 : i32}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %0 = "arith.muli"(%arg0, %arg0) : (i32, i32) -> i32
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(DEFAULT, input, expected);
        let (_, stats) = run_with_stats(DEFAULT, input);
        assert_eq!(
            stats,
            "sccp.num-branches-folded: 1\nsccp.num-constants: 1\nsccp.num-erased: 1\n"
        );
    }

    #[test]
    fn full_unroll_then_sccp_computes_the_sum() {
        // 0 + 1 + ... + 9 through loop-unroll{full=true}: checks the unrolled code.
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = () -> i32, sym_name = "sum"}> ({
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 10 : index}> : () -> index
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    %3 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %4 = "scf.for"(%0, %1, %2, %3) ({
    ^bb0(%arg0: index, %arg1: i32):
      %5 = "arith.index_cast"(%arg0) : (index) -> i32
      %6 = "arith.addi"(%arg1, %5) : (i32, i32) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = () -> i32, sym_name = "sum"}> ({
    %0 = "arith.constant"() <{value = 45 : i32}> : () -> i32
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        for pipeline in [
            "builtin.module(func.func(loop-unroll{full=true},sccp))",
            "builtin.module(func.func(loop-unroll{factor=3},sccp))",
        ] {
            let got = run(pipeline, input);
            if pipeline.contains("full") {
                assert_eq!(got, expected.trim(), "{pipeline}");
            } else {
                // The partial unroll keeps a loop, whose result is not constant.
                assert!(got.contains("scf.for"), "{got}");
            }
        }
    }
}
