//! `mem2reg`: promote thread-private memory slots to SSA values, like LLVM's
//! mem2reg and MLIR's mem2reg.
//!
//! **What is promoted.** An allocation op named in [`LOCAL_ALLOCATION_OPS`]
//! (the CUDA frontend's locals: `cuda.alloca`, a fresh thread-private slot
//! per execution; when registered, its effects must be exactly an `Allocate`
//! of its result) whose `!ptr.ptr` result is used only as the address of
//! non-volatile, non-atomic `ptr.load`s and `ptr.store`s of one type. A slot
//! whose address escapes (stored, passed, offset with ptr_add), is accessed
//! with two types, or is used under ops this pass cannot thread a value
//! through is left alone. `cuda.shared_alloc` is not a local (one slot per
//! block, shared by its threads) and is never promoted.
//!
//! **How.** Loads are replaced by the value stored last, stores disappear:
//!
//! - in the slot's own region across blocks with the standard algorithm:
//!   block arguments at the iterated dominance frontier of the blocks that
//!   store (pruned to the blocks where the slot is live on entry), then a
//!   renaming walk over the dominator tree that appends the reaching value to
//!   the operands of `cf.br` / `cf.cond_br` / `cf.switch`;
//! - through structured control flow nested in that region: an op whose
//!   regions only read the slot sees the value from outside; one whose
//!   regions store gets the value threaded through it: `scf.if`,
//!   `scf.index_switch` and `scf.execute_region` get an extra result (each
//!   region yields its final value; a missing else region is created),
//!   `scf.for` an extra iter_arg, `scf.while` an extra operand, argument of
//!   both regions, condition operand and result.
//!
//! Reading the slot before any store gives a zero of its type (`arith.constant`
//! for integers and floats, `ptr.constant #ptr.null` for pointers), made right
//! after the allocation when needed; MLIR uses `ub.poison`, which cuwasm does
//! not have. Statistics: `num-promoted`, `num-block-args`, `num-results-added`.

use super::utils::DomTree;
use crate::{Pass, PassInfo, PassOptions, PassState};
use cuwasm::{
    AttrData, BlockId, Context, Diagnostic, EffectKind, OpId, OperationState, Type, ValueId,
};
use rustc_hash::{FxHashMap, FxHashSet};

pub const INFO: PassInfo = PassInfo {
    name: "mem2reg",
    description: "Promote thread-local memory slots (cuda.alloca) to SSA values",
    anchor: None,
    options: &[],
    create: |_: &PassOptions| Ok(Box::new(Mem2Reg)),
};

/// The ops that allocate a thread-private slot each time they run:
/// `cuda.alloca` (the CUDA frontend's locals) and `test.alloca`, an
/// unregistered stand-in that lit tests use with `--allow-unregistered-dialect`.
pub const LOCAL_ALLOCATION_OPS: &[&str] = &["cuda.alloca", "test.alloca"];

/// The ops a stored value can be threaded through.
const STRUCTURED: &[&str] = &[
    "scf.if",
    "scf.for",
    "scf.while",
    "scf.execute_region",
    "scf.index_switch",
];

struct Mem2Reg;

#[derive(Default)]
struct Counts {
    promoted: u64,
    block_args: u64,
    results: u64,
}

impl Pass for Mem2Reg {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut counts = Counts::default();
        // Promoting a slot that holds a pointer may make the pointed-to slot
        // promotable (its address no longer escapes): go again until nothing moves.
        let mut done: FxHashSet<OpId> = FxHashSet::default();
        loop {
            let allocs: Vec<OpId> = ctx
                .walk_preorder(op)
                .into_iter()
                .filter(|&o| is_local_allocation(ctx, o) && !done.contains(&o))
                .collect();
            let mut progress = false;
            for alloc in allocs {
                if let Some(plan) = analyse(ctx, alloc) {
                    done.insert(alloc);
                    promote(ctx, plan, &mut counts);
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
        state.stat("num-promoted", counts.promoted);
        state.stat("num-block-args", counts.block_args);
        state.stat("num-results-added", counts.results);
        Ok(())
    }
}

/// Is `op` a thread-private allocation returning a `!ptr.ptr`?
pub fn is_local_allocation(ctx: &Context, op: OpId) -> bool {
    if !LOCAL_ALLOCATION_OPS.contains(&ctx.op_name_text(op)) || ctx.num_results(op) != 1 {
        return false;
    }
    let result = ctx.result(op, 0);
    let effects_ok = match ctx.op_info(op) {
        None => true,
        Some(_) => ctx.op_effects(op).is_some_and(|e| {
            e.len() == 1 && e[0].kind == EffectKind::Allocate && e[0].on == Some(result)
        }),
    };
    effects_ok && cuwasm_dialects::ptr::is_ptr(ctx, ctx.value_type(result))
}

/// Everything the promotion of one slot needs, computed before the IR changes.
struct Plan {
    alloc: OpId,
    ty: Type,
    loads: FxHashSet<OpId>,
    stores: FxHashSet<OpId>,
    /// Structured ops holding accesses in their regions, and those that store.
    containing: FxHashSet<OpId>,
    writing: FxHashSet<OpId>,
    /// For a multi-block region: its dominator tree and the blocks that get an argument.
    dom: Option<DomTree>,
    phis: FxHashSet<BlockId>,
}

fn flag_set(ctx: &Context, op: OpId, name: &str) -> bool {
    ctx.prop(op, name)
        .is_some_and(|a| !matches!(ctx.attr_data(a), AttrData::Integer { value: 0, .. }))
}

fn is_plain_access(ctx: &Context, op: OpId) -> bool {
    let atomic = ctx
        .prop(op, "ordering")
        .is_some_and(|a| ctx.attr_int(a).unwrap_or(1) != 0);
    !atomic && !flag_set(ctx, op, "volatile_")
}

fn analyse(ctx: &Context, alloc: OpId) -> Option<Plan> {
    let ptr = ctx.result(alloc, 0);
    let block = ctx.parent_block(alloc)?;
    let region = ctx.block_parent(block)?;
    if !super::utils::has_ssa_dominance(ctx, region) {
        return None;
    }
    let mut plan = Plan {
        alloc,
        ty: ctx.value_type(ptr),
        loads: FxHashSet::default(),
        stores: FxHashSet::default(),
        containing: FxHashSet::default(),
        writing: FxHashSet::default(),
        dom: None,
        phis: FxHashSet::default(),
    };
    let mut ty: Option<Type> = None;
    for u in ctx.uses(ptr) {
        let op = u.op;
        let (is_load, value_ty) = if ctx.is_op(op, "ptr.load") && u.index == 0 {
            (true, ctx.value_type(ctx.result(op, 0)))
        } else if ctx.is_op(op, "ptr.store") && u.index == 1 && ctx.operand(op, 0) != ptr {
            (false, ctx.value_type(ctx.operand(op, 0)))
        } else {
            return None;
        };
        if !is_plain_access(ctx, op) || *ty.get_or_insert(value_ty) != value_ty {
            return None;
        }
        if is_load {
            plan.loads.insert(op);
        } else {
            plan.stores.insert(op);
        }
        // Walk up to the slot's region through structured ops only.
        let mut cur = op;
        loop {
            let b = ctx.parent_block(cur)?;
            let r = ctx.block_parent(b)?;
            if r == region {
                break;
            }
            let parent = ctx.region_parent(r)?;
            if !STRUCTURED.contains(&ctx.op_name_text(parent))
                || ctx.region_blocks(r).len() != 1
                || ctx
                    .regions(parent)
                    .iter()
                    .any(|r| ctx.region_blocks(*r).len() > 1)
            {
                return None;
            }
            plan.containing.insert(parent);
            if !is_load {
                plan.writing.insert(parent);
            }
            cur = parent;
        }
    }
    if let Some(t) = ty {
        default_value_kind(ctx, t)?;
        plan.ty = t;
    }
    if ctx.region_blocks(region).len() > 1 {
        let dom = DomTree::new(ctx, region);
        plan.phis = place_block_args(ctx, &plan, &dom)?;
        plan.dom = Some(dom);
    }
    Some(plan)
}

/// Blocks of the slot's region that need an argument for its value: the
/// iterated dominance frontier of the storing blocks, where the slot is live
/// on entry. `None` when a branch into one of them cannot take an operand.
fn place_block_args(ctx: &Context, plan: &Plan, dom: &DomTree) -> Option<FxHashSet<BlockId>> {
    let n = dom.len();
    let mut upward_read = vec![false; n];
    let mut kills = vec![false; n];
    for (i, &b) in dom.blocks.iter().enumerate() {
        let mut killed = false;
        for op in ctx.block_ops(b) {
            if op == plan.alloc {
                killed = true;
            } else if plan.loads.contains(&op) || plan.containing.contains(&op) {
                upward_read[i] |= !killed;
            }
            if plan.stores.contains(&op) || plan.writing.contains(&op) {
                killed = true;
            }
        }
        kills[i] = killed;
    }
    // Live on entry: read before any store, or passed through to a block where it is.
    let mut live = upward_read.clone();
    let mut changed = true;
    while changed {
        changed = false;
        for i in (0..n).rev() {
            if live[i] || kills[i] {
                continue;
            }
            let b = dom.blocks[i];
            if ctx
                .block_successors(b)
                .iter()
                .any(|s| dom.index_of(*s).is_some_and(|j| live[j]))
            {
                live[i] = true;
                changed = true;
            }
        }
    }
    let frontiers = dom.frontiers();
    let mut phis = FxHashSet::default();
    let mut placed = vec![false; n];
    let mut work: Vec<usize> = (0..n).filter(|&i| kills[i]).collect();
    while let Some(d) = work.pop() {
        for &f in &frontiers[d] {
            if placed[f] {
                continue;
            }
            placed[f] = true;
            work.push(f);
            if live[f] {
                phis.insert(dom.blocks[f]);
            }
        }
    }
    // Every branch into a block with a new argument must be able to pass it.
    for &b in &dom.blocks {
        let Some(term) = ctx.last_op(b) else { continue };
        let into_phi = ctx.successors(term).iter().any(|s| phis.contains(s));
        let supported = ["cf.br", "cf.cond_br", "cf.switch"].contains(&ctx.op_name_text(term));
        if into_phi && !supported {
            return None;
        }
    }
    Some(phis)
}

/// How to build a zero of `ty`: `Some(true)` arith, `Some(false)` ptr null.
fn default_value_kind(ctx: &Context, ty: Type) -> Option<bool> {
    if ctx.is_int_or_index(ty) || ctx.float_kind(ty).is_some() {
        Some(true)
    } else if cuwasm_dialects::ptr::is_ptr(ctx, ty) {
        Some(false)
    } else {
        None
    }
}

/// The value of the slot at a point: known, or not stored yet.
#[derive(Clone, Copy)]
enum Cur {
    Undef,
    Val(ValueId),
}

struct Promoter {
    plan: Plan,
    default: Option<ValueId>,
    counts: Counts,
}

impl Promoter {
    /// The value `cur` stands for; the zero default is made once, after the allocation.
    fn get(&mut self, ctx: &mut Context, cur: Cur) -> ValueId {
        match cur {
            Cur::Val(v) => v,
            Cur::Undef => *self.default.get_or_insert_with(|| {
                let ty = self.plan.ty;
                let loc = ctx.loc(self.plan.alloc);
                let state = if default_value_kind(ctx, ty) == Some(true) {
                    let zero = match ctx.float_kind(ty) {
                        Some(_) => ctx.float_attr(ty, 0.0),
                        None => ctx.int_attr(ty, 0),
                    };
                    OperationState::new(ctx, "arith.constant", loc)
                        .results(&[ty])
                        .property(ctx, "value", zero)
                } else {
                    let null = ctx.intern_attr(AttrData::Dialect {
                        name: ctx.symbol("ptr.null"),
                        body: None,
                        ty: Some(ty),
                    });
                    OperationState::new(ctx, "ptr.constant", loc)
                        .results(&[ty])
                        .property(ctx, "value", null)
                };
                let op = ctx.create_op(state);
                ctx.insert_op_after(self.plan.alloc, op);
                ctx.result(op, 0)
            }),
        }
    }

    /// Rewrite the accesses among `ops` (in order), starting from `cur`; returns the final value.
    fn run_ops(&mut self, ctx: &mut Context, ops: Vec<OpId>, mut cur: Cur) -> Cur {
        for op in ops {
            if self.plan.loads.contains(&op) {
                let v = self.get(ctx, cur);
                let r = ctx.result(op, 0);
                ctx.replace_all_uses(r, v);
                ctx.erase_op(op);
            } else if self.plan.stores.contains(&op) {
                cur = Cur::Val(ctx.operand(op, 0));
                ctx.erase_op(op);
            } else if self.plan.containing.contains(&op) {
                cur = self.structured(ctx, op, cur);
            } else if !ctx.successors(op).is_empty() && !self.plan.phis.is_empty() {
                let succs = ctx.successors(op).to_vec();
                for (i, s) in succs.iter().enumerate() {
                    if self.plan.phis.contains(s) {
                        let v = self.get(ctx, cur);
                        append_successor_operand(ctx, op, i, v);
                    }
                }
            }
        }
        cur
    }

    fn run_block(&mut self, ctx: &mut Context, block: BlockId, cur: Cur) -> Cur {
        let ops: Vec<OpId> = ctx.block_ops(block).collect();
        self.run_ops(ctx, ops, cur)
    }

    /// Thread the slot through a structured op holding accesses.
    fn structured(&mut self, ctx: &mut Context, op: OpId, cur: Cur) -> Cur {
        let regions = ctx.regions(op).to_vec();
        if !self.plan.writing.contains(&op) {
            // Only reads: every region sees the value from outside.
            for r in regions {
                if let Some(b) = ctx.entry_block(r) {
                    self.run_block(ctx, b, cur);
                }
            }
            return cur;
        }
        let v_in = self.get(ctx, cur);
        let ty = self.plan.ty;
        let name = ctx.op_name_text(op).to_string();
        let carried = matches!(name.as_str(), "scf.for" | "scf.while");
        let new = add_result(ctx, op, carried.then_some(v_in), ty);
        self.counts.results += 1;
        let loc = ctx.loc(new);
        match name.as_str() {
            "scf.for" => {
                let body = ctx.entry_block(ctx.region(new, 0)).unwrap();
                let arg = ctx.add_block_arg(body, ty, loc);
                let end = self.run_block(ctx, body, Cur::Val(arg));
                let v = self.get(ctx, end);
                append_terminator_operand(ctx, body, v);
            }
            "scf.while" => {
                let before = ctx.entry_block(ctx.region(new, 0)).unwrap();
                let arg = ctx.add_block_arg(before, ty, loc);
                let end = self.run_block(ctx, before, Cur::Val(arg));
                let v = self.get(ctx, end);
                append_terminator_operand(ctx, before, v);
                let after = ctx.entry_block(ctx.region(new, 1)).unwrap();
                let arg = ctx.add_block_arg(after, ty, loc);
                let end = self.run_block(ctx, after, Cur::Val(arg));
                let v = self.get(ctx, end);
                append_terminator_operand(ctx, after, v);
            }
            _ => {
                for r in ctx.regions(new).to_vec() {
                    let block = match ctx.entry_block(r) {
                        Some(b) => b,
                        None => {
                            // scf.if without else: create `else { scf.yield }`.
                            let b = ctx.create_block(&[], loc);
                            ctx.append_block(r, b);
                            let y = ctx.create_op(OperationState::new(ctx, "scf.yield", loc));
                            ctx.append_op(b, y);
                            b
                        }
                    };
                    let end = self.run_block(ctx, block, Cur::Val(v_in));
                    let v = self.get(ctx, end);
                    append_terminator_operand(ctx, block, v);
                }
            }
        }
        Cur::Val(ctx.result(new, ctx.num_results(new) - 1))
    }
}

/// Recreate `op` with one more result of type `ty` (and one more operand
/// `extra` when given), moving its regions over; returns the new op.
fn add_result(ctx: &mut Context, op: OpId, extra: Option<ValueId>, ty: Type) -> OpId {
    let mut state = OperationState::new(ctx, ctx.op_name_text(op), ctx.loc(op));
    state.operands = ctx.operands(op).to_vec();
    state.operands.extend(extra);
    state.result_types = ctx.result_types(op);
    state.result_types.push(ty);
    state.properties = Some(ctx.properties(op));
    state.attributes = Some(ctx.attributes(op));
    state.num_regions = ctx.regions(op).len();
    let new = ctx.create_op(state);
    ctx.insert_op_before(op, new);
    for i in 0..ctx.regions(op).len() {
        let (from, to) = (ctx.region(op, i), ctx.region(new, i));
        ctx.take_region_body(to, from);
    }
    let pairs: Vec<(ValueId, ValueId)> = ctx.results(op).zip(ctx.results(new)).collect();
    for (old, new) in pairs {
        ctx.replace_all_uses(old, new);
    }
    ctx.erase_op(op);
    new
}

/// Append `v` to the operands of `block`'s terminator (scf.yield, scf.condition).
fn append_terminator_operand(ctx: &mut Context, block: BlockId, v: ValueId) {
    let term = ctx
        .last_op(block)
        .expect("structured region ends with a terminator");
    let mut operands = ctx.operands(term).to_vec();
    operands.push(v);
    ctx.set_operands(term, &operands);
}

/// Append `v` to the operands a branch passes to its successor `succ`
/// (cf.br, cf.cond_br, cf.switch), updating the segment sizes.
fn append_successor_operand(ctx: &mut Context, op: OpId, succ: usize, v: ValueId) {
    let range = ctx.op_info(op).and_then(|i| i.successor_operands).unwrap()(ctx, op, succ);
    let mut operands = ctx.operands(op).to_vec();
    operands.insert(range.end, v);
    ctx.set_operands(op, &operands);
    let bump = |ctx: &mut Context, name: &str, index: usize| {
        let Some(seg) = ctx.prop(op, name).and_then(|a| ctx.attr_dense_array(a)) else {
            return;
        };
        let mut seg: Vec<i32> = seg.iter().map(|x| *x as i32).collect();
        seg[index] += 1;
        let attr = ctx.dense_i32_array(&seg);
        ctx.set_prop(op, name, Some(attr));
    };
    match (ctx.op_name_text(op), succ) {
        ("cf.cond_br", s) => bump(ctx, "operandSegmentSizes", 1 + s),
        ("cf.switch", 0) => bump(ctx, "operandSegmentSizes", 1),
        ("cf.switch", s) => {
            bump(ctx, "operandSegmentSizes", 2);
            bump(ctx, "case_operand_segments", s - 1);
        }
        _ => {}
    }
}

fn promote(ctx: &mut Context, plan: Plan, counts: &mut Counts) {
    let alloc = plan.alloc;
    let alloc_block = ctx.parent_block(alloc).unwrap();
    let mut p = Promoter {
        plan,
        default: None,
        counts: Counts::default(),
    };
    let after_alloc = |ctx: &Context| -> Vec<OpId> {
        ctx.block_ops(alloc_block)
            .skip_while(|o| *o != alloc)
            .skip(1)
            .collect()
    };
    match p.plan.dom.take() {
        None => {
            let ops = after_alloc(ctx);
            p.run_ops(ctx, ops, Cur::Undef);
        }
        Some(dom) => {
            // Block arguments first, then rename down the dominator tree from the allocation.
            let mut args: FxHashMap<BlockId, ValueId> = FxHashMap::default();
            let loc = ctx.loc(alloc);
            for &b in &dom.blocks {
                if p.plan.phis.contains(&b) {
                    args.insert(b, ctx.add_block_arg(b, p.plan.ty, loc));
                    p.counts.block_args += 1;
                }
            }
            let start = dom.index_of(alloc_block).unwrap();
            let mut stack: Vec<(usize, Cur)> = vec![(start, Cur::Undef)];
            while let Some((i, cur)) = stack.pop() {
                let b = dom.blocks[i];
                let end = if i == start {
                    let ops = after_alloc(ctx);
                    p.run_ops(ctx, ops, cur)
                } else {
                    let cur = args.get(&b).map_or(cur, |a| Cur::Val(*a));
                    p.run_block(ctx, b, cur)
                };
                for &c in dom.children(i).iter().rev() {
                    stack.push((c, end));
                }
            }
            // Unreachable blocks (never run): their accesses see the default,
            // their branches into argument blocks pass it.
            for (i, &b) in dom.blocks.iter().enumerate() {
                if !dom.is_reachable(i) {
                    p.run_block(ctx, b, Cur::Undef);
                }
            }
        }
    }
    if !ctx.results(alloc).any(|r| ctx.has_uses(r)) {
        ctx.erase_op(alloc);
    }
    counts.promoted += 1;
    counts.block_args += p.counts.block_args;
    counts.results += p.counts.results;
}

#[cfg(test)]
mod tests {
    use super::super::utils::testing::{context, run_in};
    use cuwasm::{Context, Effect, EffectKind, PrintOptions};

    cuwasm::op! {
        /// A stand-in for the CUDA frontend's local variable (not registered by the cuda dialect yet).
        AllocaOp = "cuda.alloca",
        results: [result: One],
        properties: [element_type: Optional],
        effects: |ctx, op| vec![Effect { kind: EffectKind::Allocate, on: Some(ctx.result(op, 0)) }],
    }

    fn ctx() -> Context {
        let mut ctx = context();
        ctx.register::<AllocaOp>();
        ctx
    }

    const PIPELINE: &str = "builtin.module(func.func(mem2reg))";

    fn run(input: &str) -> (String, String) {
        run_in(&mut ctx(), PIPELINE, input, PrintOptions::default())
    }

    fn check(input: &str, expected: &str) {
        let (got, _) = run(input);
        assert_eq!(
            got,
            expected.trim(),
            "\n--- got:\n{got}\n--- expected:\n{}",
            expected.trim()
        );
    }

    // As mlir-opt-22's mem2reg on memref.alloca (converted to cuda.alloca and
    // ptr.load/store): block arguments at the merge points where the slot is live
    // (not at the loop exit), passed by cf.br and cf.cond_br; the value read before
    // any store is a zero constant where MLIR has ub.poison.
    #[test]
    fn cfg_like_mlir_with_zero_default() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i32, i32) -> i32, sym_name = "cfg"}> ({
  ^bb0(%arg2: i1, %arg3: i32, %arg4: i32):
    %10 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg3, %10) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "cf.cond_br"(%arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    "ptr.store"(%arg4, %10) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "cf.br"()[^bb3] : () -> ()
  ^bb2:  // pred: ^bb0
    %11 = "ptr.load"(%10) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %12 = "arith.addi"(%11, %11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "ptr.store"(%12, %10) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "cf.br"()[^bb3] : () -> ()
  ^bb3:  // 2 preds: ^bb1, ^bb2
    %13 = "ptr.load"(%10) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%13) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "loop"}> ({
  ^bb0(%arg1: i32):
    %3 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    %4 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "ptr.store"(%4, %3) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "cf.br"()[^bb1] : () -> ()
  ^bb1:  // 2 preds: ^bb0, ^bb2
    %5 = "ptr.load"(%3) : (!ptr.ptr<#ptr.generic_space>) -> i32
    %6 = "arith.cmpi"(%5, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%6)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:  // pred: ^bb1
    %7 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %8 = "arith.addi"(%5, %7) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "ptr.store"(%8, %3) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "cf.br"()[^bb1] : () -> ()
  ^bb3:  // pred: ^bb1
    %9 = "ptr.load"(%3) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%9) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i1) -> i32, sym_name = "uninit"}> ({
  ^bb0(%arg0: i1):
    %0 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "cf.cond_br"(%arg0)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    %1 = "arith.constant"() <{value = 5 : i32}> : () -> i32
    "ptr.store"(%1, %0) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "cf.br"()[^bb2] : () -> ()
  ^bb2:  // 2 preds: ^bb0, ^bb1
    %2 = "ptr.load"(%0) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i32, i32) -> i32, sym_name = "cfg"}> ({
  ^bb0(%arg2: i1, %arg3: i32, %arg4: i32):
    "cf.cond_br"(%arg2)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    "cf.br"(%arg4)[^bb3] : (i32) -> ()
  ^bb2:  // pred: ^bb0
    %8 = "arith.addi"(%arg3, %arg3) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%8)[^bb3] : (i32) -> ()
  ^bb3(%9: i32):  // 2 preds: ^bb1, ^bb2
    "func.return"(%9) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "loop"}> ({
  ^bb0(%arg1: i32):
    %3 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "cf.br"(%3)[^bb1] : (i32) -> ()
  ^bb1(%4: i32):  // 2 preds: ^bb0, ^bb2
    %5 = "arith.cmpi"(%4, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%5)[^bb2, ^bb3] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb2:  // pred: ^bb1
    %6 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %7 = "arith.addi"(%4, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%7)[^bb1] : (i32) -> ()
  ^bb3:  // pred: ^bb1
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i1) -> i32, sym_name = "uninit"}> ({
  ^bb0(%arg0: i1):
    %0 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "cf.cond_br"(%arg0, %0)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
  ^bb1:  // pred: ^bb0
    %1 = "arith.constant"() <{value = 5 : i32}> : () -> i32
    "cf.br"(%1)[^bb2] : (i32) -> ()
  ^bb2(%2: i32):  // 2 preds: ^bb0, ^bb1
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(input, expected);
    }

    // Stores under scf.if (no else: one is made), scf.for (a new iter_arg) and
    // scf.while (operand, arguments of both regions, condition operand, result);
    // a loop that only reads sees the outer value; an escaping slot stays.
    #[test]
    fn through_scf_if_for_and_while() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i32) -> i32, sym_name = "if_store"}> ({
  ^bb0(%arg8: i1, %arg9: i32):
    %23 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg9, %23) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.if"(%arg8) ({
      %25 = "ptr.load"(%23) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %26 = "arith.muli"(%25, %25) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "ptr.store"(%26, %23) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }, {
    }) : (i1) -> ()
    %24 = "ptr.load"(%23) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%24) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index) -> i32, sym_name = "for_sum"}> ({
  ^bb0(%arg6: index):
    %15 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    %16 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %17 = "arith.constant"() <{value = 0 : index}> : () -> index
    %18 = "arith.constant"() <{value = 1 : index}> : () -> index
    "ptr.store"(%16, %15) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.for"(%17, %arg6, %18) ({
    ^bb0(%arg7: index):
      %20 = "ptr.load"(%15) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %21 = "arith.index_cast"(%arg7) : (index) -> i32
      %22 = "arith.addi"(%20, %21) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "ptr.store"(%22, %15) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : (index, index, index) -> ()
    %19 = "ptr.load"(%15) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%19) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "while_count"}> ({
  ^bb0(%arg5: i32):
    %7 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    %8 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %9 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    "ptr.store"(%8, %7) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "scf.while"() ({
      %13 = "ptr.load"(%7) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %14 = "arith.cmpi"(%13, %arg5) <{predicate = 2 : i64}> : (i32, i32) -> i1
      "scf.condition"(%14) : (i1) -> ()
    }, {
      %11 = "ptr.load"(%7) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %12 = "arith.addi"(%11, %9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "ptr.store"(%12, %7) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }) : () -> ()
    %10 = "ptr.load"(%7) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%10) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, i32) -> i32, sym_name = "read_only_loop"}> ({
  ^bb0(%arg1: index, %arg2: i32):
    %1 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    %2 = "arith.constant"() <{value = 0 : index}> : () -> index
    %3 = "arith.constant"() <{value = 1 : index}> : () -> index
    "ptr.store"(%arg2, %1) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %4 = "scf.for"(%2, %arg1, %3, %arg2) ({
    ^bb0(%arg3: index, %arg4: i32):
      %5 = "ptr.load"(%1) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %6 = "arith.addi"(%arg4, %5) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%4) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> !ptr.ptr<#ptr.generic_space>, sym_name = "escapes"}> ({
  ^bb0(%arg0: i32):
    %0 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %0) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "func.return"(%0) : (!ptr.ptr<#ptr.generic_space>) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i32) -> i32, sym_name = "if_store"}> ({
  ^bb0(%arg11: i1, %arg12: i32):
    %16 = "scf.if"(%arg11) ({
      %17 = "arith.muli"(%arg12, %arg12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%17) : (i32) -> ()
    }, {
      "scf.yield"(%arg12) : (i32) -> ()
    }) : (i1) -> i32
    "func.return"(%16) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index) -> i32, sym_name = "for_sum"}> ({
  ^bb0(%arg8: index):
    %10 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %11 = "arith.constant"() <{value = 0 : index}> : () -> index
    %12 = "arith.constant"() <{value = 1 : index}> : () -> index
    %13 = "scf.for"(%11, %arg8, %12, %10) ({
    ^bb0(%arg9: index, %arg10: i32):
      %14 = "arith.index_cast"(%arg9) : (index) -> i32
      %15 = "arith.addi"(%arg10, %14) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%15) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%13) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "while_count"}> ({
  ^bb0(%arg5: i32):
    %5 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %6 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %7 = "scf.while"(%5) ({
    ^bb0(%arg7: i32):
      %9 = "arith.cmpi"(%arg7, %arg5) <{predicate = 2 : i64}> : (i32, i32) -> i1
      "scf.condition"(%9, %arg7) : (i1, i32) -> ()
    }, {
    ^bb0(%arg6: i32):
      %8 = "arith.addi"(%arg6, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%8) : (i32) -> ()
    }) : (i32) -> i32
    "func.return"(%7) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, i32) -> i32, sym_name = "read_only_loop"}> ({
  ^bb0(%arg1: index, %arg2: i32):
    %1 = "arith.constant"() <{value = 0 : index}> : () -> index
    %2 = "arith.constant"() <{value = 1 : index}> : () -> index
    %3 = "scf.for"(%1, %arg1, %2, %arg2) ({
    ^bb0(%arg3: index, %arg4: i32):
      %4 = "arith.addi"(%arg4, %arg2) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%4) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> !ptr.ptr<#ptr.generic_space>, sym_name = "escapes"}> ({
  ^bb0(%arg0: i32):
    %0 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %0) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "func.return"(%0) : (!ptr.ptr<#ptr.generic_space>) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(input, expected);
    }

    // Blocks and regions together: scf.if and scf.index_switch get a result in
    // blocks that feed a merge block; cf.switch passes the value on its default
    // edge; an unreachable block passes the default; a slot inside a loop body.
    #[test]
    fn mixed_cfg_and_regions() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i32, i32) -> i32, sym_name = "mixed"}> ({
  ^bb0(%arg4: i1, %arg5: i32, %arg6: i32):
    %8 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "cf.cond_br"(%arg4)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    "scf.if"(%arg4) ({
      "ptr.store"(%arg6, %8) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"() : () -> ()
    }, {
    }) : (i1) -> ()
    "cf.br"()[^bb3] : () -> ()
  ^bb2:  // pred: ^bb0
    "cf.switch"(%arg5)[^bb3, ^bb4] <{case_operand_segments = array<i32: 0>, case_values = dense<1> : vector<1xi32>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> ()
  ^bb3:  // 4 preds: ^bb1, ^bb2, ^bb4, ^bb5
    %9 = "ptr.load"(%8) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%9) : (i32) -> ()
  ^bb4:  // pred: ^bb2
    %10 = "arith.constant"() <{value = 1 : index}> : () -> index
    %11 = "scf.index_switch"(%10) <{cases = array<i64: 1>}> ({
      "scf.yield"(%arg6) : (i32) -> ()
    }, {
      %16 = "arith.constant"() <{value = 7 : i32}> : () -> i32
      "ptr.store"(%16, %8) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      "scf.yield"(%16) : (i32) -> ()
    }) : (index) -> i32
    %12 = "scf.execute_region"() ({
      %15 = "ptr.load"(%8) : (!ptr.ptr<#ptr.generic_space>) -> i32
      "scf.yield"(%15) : (i32) -> ()
    }) : () -> i32
    %13 = "arith.addi"(%11, %12) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "ptr.store"(%13, %8) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "cf.br"()[^bb3] : () -> ()
  ^bb5:  // no predecessors
    %14 = "ptr.load"(%8) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "cf.br"()[^bb3] : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "in_loop"}> ({
  ^bb0(%arg0: index, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %2 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %3 = "scf.for"(%0, %arg0, %1, %2) ({
    ^bb0(%arg2: index, %arg3: i32):
      %4 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
      %5 = "arith.index_cast"(%arg2) : (index) -> i32
      "ptr.store"(%5, %4) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
      %6 = "ptr.load"(%4) : (!ptr.ptr<#ptr.generic_space>) -> i32
      %7 = "arith.addi"(%arg3, %6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%7) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i1, i32, i32) -> i32, sym_name = "mixed"}> ({
  ^bb0(%arg4: i1, %arg5: i32, %arg6: i32):
    %6 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    "cf.cond_br"(%arg4)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    %7 = "scf.if"(%arg4) ({
      "scf.yield"(%arg6) : (i32) -> ()
    }, {
      "scf.yield"(%6) : (i32) -> ()
    }) : (i1) -> i32
    "cf.br"(%7)[^bb3] : (i32) -> ()
  ^bb2:  // pred: ^bb0
    "cf.switch"(%arg5, %6)[^bb3, ^bb4] <{case_operand_segments = array<i32: 0>, case_values = dense<1> : vector<1xi32>, operandSegmentSizes = array<i32: 1, 1, 0>}> : (i32, i32) -> ()
  ^bb3(%8: i32):  // 4 preds: ^bb1, ^bb2, ^bb4, ^bb5
    "func.return"(%8) : (i32) -> ()
  ^bb4:  // pred: ^bb2
    %9 = "arith.constant"() <{value = 1 : index}> : () -> index
    %10:2 = "scf.index_switch"(%9) <{cases = array<i64: 1>}> ({
      "scf.yield"(%arg6, %6) : (i32, i32) -> ()
    }, {
      %13 = "arith.constant"() <{value = 7 : i32}> : () -> i32
      "scf.yield"(%13, %13) : (i32, i32) -> ()
    }) : (index) -> (i32, i32)
    %11 = "scf.execute_region"() ({
      "scf.yield"(%10#1) : (i32) -> ()
    }) : () -> i32
    %12 = "arith.addi"(%10#0, %11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%12)[^bb3] : (i32) -> ()
  ^bb5:  // no predecessors
    "cf.br"(%6)[^bb3] : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, !ptr.ptr<#ptr.generic_space>) -> i32, sym_name = "in_loop"}> ({
  ^bb0(%arg0: index, %arg1: !ptr.ptr<#ptr.generic_space>):
    %0 = "arith.constant"() <{value = 0 : index}> : () -> index
    %1 = "arith.constant"() <{value = 1 : index}> : () -> index
    %2 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %3 = "scf.for"(%0, %arg0, %1, %2) ({
    ^bb0(%arg2: index, %arg3: i32):
      %4 = "arith.index_cast"(%arg2) : (index) -> i32
      %5 = "arith.addi"(%arg3, %4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%5) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(input, expected);
    }

    // Not promoted: a volatile store, two access types, a load inside a
    // multi-block region, cuda.shared_alloc (not thread-private). A slot holding a
    // pointer is promoted (the default is ptr.constant #ptr.null).
    #[test]
    fn leaves_what_it_cannot_promote() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, f32) -> (i32, f32, i32, !ptr.ptr<#ptr.generic_space>), sym_name = "negatives"}> ({
  ^bb0(%arg0: i32, %arg1: f32):
    %0 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %0) <{ordering = 0 : i32, volatile_}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %1 = "ptr.load"(%0) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %2 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %2) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %3 = "ptr.load"(%2) : (!ptr.ptr<#ptr.generic_space>) -> f32
    %4 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %4) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %5 = "scf.execute_region"() ({
      "cf.br"()[^bb1] : () -> ()
    ^bb1:
      %6 = "ptr.load"(%4) : (!ptr.ptr<#ptr.generic_space>) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : () -> i32
    %7 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    %8 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    %9 = "ptr.load"(%8) : (!ptr.ptr<#ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%7, %8) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> ()
    %10 = "cuda.shared_alloc"() <{count = 4 : i64, element_type = i32, name = "s"}> : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %10) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "func.return"(%1, %3, %5, %9) : (i32, f32, i32, !ptr.ptr<#ptr.generic_space>) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32, f32) -> (i32, f32, i32, !ptr.ptr<#ptr.generic_space>), sym_name = "negatives"}> ({
  ^bb0(%arg0: i32, %arg1: f32):
    %0 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %0) <{ordering = 0 : i32, volatile_}> : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %1 = "ptr.load"(%0) <{ordering = 0 : i32}> : (!ptr.ptr<#ptr.generic_space>) -> i32
    %2 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %2) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %3 = "ptr.load"(%2) : (!ptr.ptr<#ptr.generic_space>) -> f32
    %4 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %4) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %5 = "scf.execute_region"() ({
      "cf.br"()[^bb1] : () -> ()
    ^bb1:  // pred: ^bb0
      %8 = "ptr.load"(%4) : (!ptr.ptr<#ptr.generic_space>) -> i32
      "scf.yield"(%8) : (i32) -> ()
    }) : () -> i32
    %6 = "ptr.constant"() <{value = #ptr.null : !ptr.ptr<#ptr.generic_space>}> : () -> !ptr.ptr<#ptr.generic_space>
    %7 = "cuda.shared_alloc"() <{count = 4 : i64, element_type = i32, name = "s"}> : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %7) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    "func.return"(%1, %3, %5, %6) : (i32, f32, i32, !ptr.ptr<#ptr.generic_space>) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(input, expected);
    }

    #[test]
    fn statistics_and_pointer_chains() {
        // %1 holds the address of %0: once %1 is promoted, %0 no longer escapes.
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32):
    %0 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    %1 = "cuda.alloca"() : () -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%0, %1) : (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>) -> ()
    %2 = "ptr.load"(%1) : (!ptr.ptr<#ptr.generic_space>) -> !ptr.ptr<#ptr.generic_space>
    "ptr.store"(%arg0, %2) : (i32, !ptr.ptr<#ptr.generic_space>) -> ()
    %3 = "ptr.load"(%0) : (!ptr.ptr<#ptr.generic_space>) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32):
    "func.return"(%arg0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(input, expected);
        let (_, stats) = run(input);
        assert_eq!(
            stats,
            "mem2reg.num-block-args: 0\nmem2reg.num-promoted: 2\nmem2reg.num-results-added: 0\n"
        );
    }
}
