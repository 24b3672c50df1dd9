//! `egraph`: rewrite the pure ops of each block through an e-graph (egg) and
//! extract the cheapest equivalent for a target.
//!
//! The model is Cranelift's e-graph mid-end. In each block (of every SSA
//! region under the op the pass runs on):
//!
//! 1. **Lift.** The pure, single-result, region-free ops are added to an
//!    e-graph ([`lang`]): arith, math, casts, selects, compares, thread and
//!    block ids, any other `Pure` op as an opaque node (only deduplicated).
//!    Known ops are lifted on scalars and on 1-D vectors of them (the CPU
//!    path's thread-loop lanes, with `simd.splat`): they are lane-wise, so
//!    the same rules hold, constants being splats (rebuilt as `simd.splat`
//!    of a scalar `arith.constant`); a select of vectors by one scalar
//!    condition is not lane-wise and stays opaque.
//!    Divisions and remainders, which may trap, are lifted only with a
//!    constant divisor that cannot (not 0, not -1 for signed ones). Everything
//!    else (memory ops, barriers, calls, terminators, ops with regions) stays
//!    where it is: the *skeleton*. Values the skeleton uses (operands of a
//!    skeleton op or of any op nested in it) are the roots; so are values used
//!    in other blocks. Values from outside (block arguments, skeleton results,
//!    values of enclosing blocks) are leaves; constants from outside are
//!    constants.
//!    A block whose lifted ops are only constants and distinct opaque ops
//!    is left alone (no rule applies, nothing is shared).
//! 2. **Rewrite** with the rule groups of [`rules`] ([`saturate`]) until
//!    saturation or a limit: `node-limit` (e-nodes), `iter-limit`,
//!    `time-limit-ms`. The rules' reassociation is chosen with
//!    `reassociate` ([`rules::reassoc`]). The e-graph holds only
//!    equalities, so stopping anywhere is sound: the extraction then picks
//!    from what was found.
//! 3. **Extract** ([`extract`]) with the cost model of `target` ([`cost`]),
//!    counting shared subexpressions once.
//! 4. **Rebuild** only when the extracted cost is strictly lower than the
//!    cost of the lifted ops as they were (so a block with nothing to gain
//!    is left byte for byte as it was). The chosen nodes are built just
//!    before the first skeleton op that needs them, each once, operands
//!    first (values used only by other blocks go before the terminator); the
//!    old pure ops are erased, and so are ops built for other blocks that a
//!    later block stopped needing. Rebuilt integer ops carry no overflow
//!    flags (`overflowFlags = #arith.overflow<none>`, no `exact`): flags are
//!    dropped on lifting, which is always allowed (the op is then defined on
//!    more inputs); float ops keep their fast-math flags, which are part of
//!    the e-node. A rebuilt op takes the location of the first lifted op of
//!    its e-class, or of the op it was built for.
//!
//! Values of enclosing or dominating blocks defined by pure ops enter a
//! block's e-graph as leaves *and* as their defining expressions (up to
//! [`MAX_EXPANSIONS`] ops), in one class: rules see through them, and the
//! free leaf is what extraction uses.
//!
//! Options: `target` (ptx, spirv/wgsl, wasm, cpu; default cpu), the limits,
//! `stats` (a remark per function: e-graphs, nodes, classes, iterations, stop
//! reasons, cost before and after) and `dump-rules` (a remark naming the
//! rules that fired, with counts). Statistics (`--pass-statistics`):
//! `num-blocks`, `num-blocks-rewritten`, `num-nodes`, `num-classes`,
//! `num-iterations`, `num-stop-*`, `num-rules-fired`, `num-ops-lifted`,
//! `num-ops-built`, `cost-before`, `cost-after`.

pub mod cost;
pub mod extract;
pub mod lang;
pub mod rules;
pub mod saturate;
#[cfg(test)]
mod tests;

use crate::{OptionKind, OptionSpec, Pass, PassInfo, PassOptions, PassState};
use cost::{Target, node_cost};
use cuwasm::{
    Attr, AttrData, BlockId, Context, Diagnostic, InsertPoint, Location, OpId, OpName,
    OperationState, Severity, Traits, Type, TypeData, ValueId,
};
use egg::{Id, Language};
use lang::{Node, OpKind, Scalar, Ty, fastmath};
use rules::{Analysis, EGraph, Konst, Reassociate, Rule, sext};
use rustc_hash::{FxHashMap, FxHashSet};
use saturate::Stop;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const INFO: PassInfo = PassInfo {
    name: "egraph",
    description: "Rewrite the pure ops of each block through an e-graph (egg) and extract \
                  the cheapest equivalent for a target",
    anchor: None,
    options: OPTIONS,
    create: |o: &PassOptions| Ok(Box::new(EGraphPass::from_options(o)?)),
};

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "target",
        kind: OptionKind::String,
        default: "cpu",
        description: "Cost model: ptx, spirv (= wgsl), wasm or cpu",
    },
    OptionSpec {
        name: "reassociate",
        kind: OptionKind::String,
        default: "outward",
        description: "Reassociation: outward (constants and splats move out and combine; linear) or full (commutativity and associativity; exponential)",
    },
    OptionSpec {
        name: "node-limit",
        kind: OptionKind::Int,
        default: "10000",
        description: "Stop rewriting a block's e-graph past this many e-nodes",
    },
    OptionSpec {
        name: "iter-limit",
        kind: OptionKind::Int,
        default: "5",
        description: "Stop rewriting a block's e-graph after this many iterations",
    },
    OptionSpec {
        name: "time-limit-ms",
        kind: OptionKind::Int,
        default: "100",
        description: "Stop rewriting a block's e-graph after this many milliseconds",
    },
    OptionSpec {
        name: "stats",
        kind: OptionKind::Bool,
        default: "false",
        description: "Report nodes, classes, iterations, stop reasons and costs as a remark per function",
    },
    OptionSpec {
        name: "dump-rules",
        kind: OptionKind::Bool,
        default: "false",
        description: "Report the rules that fired, with counts, as a remark per function",
    },
];

/// The pass with its options and its rules (built once, for its target).
pub struct EGraphPass {
    target: Target,
    node_limit: usize,
    iter_limit: usize,
    time_limit: Duration,
    stats: bool,
    dump_rules: bool,
    reassociate: Reassociate,
    rules: Arc<Vec<Rule>>,
}

/// The rules of a target and reassociation mode, built once per process
/// (building them parses every pattern).
fn cached_rules(target: Target, reassociate: Reassociate) -> Arc<Vec<Rule>> {
    type Cache = Vec<((Target, Reassociate), Arc<Vec<Rule>>)>;
    static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let key = (target, reassociate);
    if let Some((_, rules)) = cache.iter().find(|(k, _)| *k == key) {
        return rules.clone();
    }
    let rules = Arc::new(rules::all(target, reassociate));
    cache.push((key, rules.clone()));
    rules
}

impl EGraphPass {
    pub fn from_options(o: &PassOptions) -> Result<EGraphPass, String> {
        let target = Target::parse(o.string("target").unwrap_or("cpu"))?;
        let reassociate = Reassociate::parse(o.string("reassociate").unwrap_or("outward"))?;
        let limit = |name: &str| match o.int(name) {
            Some(n) if n >= 0 => Ok(n as usize),
            Some(n) => Err(format!("option '{name}' must not be negative, got {n}")),
            None => Err(format!("option '{name}' has no value")),
        };
        Ok(EGraphPass {
            target,
            node_limit: limit("node-limit")?,
            iter_limit: limit("iter-limit")?,
            time_limit: Duration::from_millis(limit("time-limit-ms")? as u64),
            stats: o.bool("stats"),
            dump_rules: o.bool("dump-rules"),
            reassociate,
            rules: cached_rules(target, reassociate),
        })
    }
}

/// What the runs on one function's blocks add up to.
#[derive(Default)]
struct Report {
    blocks: u64,
    rewritten: u64,
    nodes: u64,
    classes: u64,
    iterations: u64,
    /// Saturated, iteration limit, node limit, time limit, other.
    stops: [u64; 5],
    fired: BTreeMap<String, u64>,
    cost_before: u64,
    cost_after: u64,
    ops_lifted: u64,
    ops_built: u64,
}

const STOP_NAMES: [&str; 5] = [
    "saturated",
    "iteration-limit",
    "node-limit",
    "time-limit",
    "other",
];

impl Report {
    fn record(&self, state: &mut PassState) {
        state.stat("num-blocks", self.blocks);
        state.stat("num-blocks-rewritten", self.rewritten);
        state.stat("num-nodes", self.nodes);
        state.stat("num-classes", self.classes);
        state.stat("num-iterations", self.iterations);
        let stop_stats = [
            "num-stop-saturated",
            "num-stop-iteration-limit",
            "num-stop-node-limit",
            "num-stop-time-limit",
            "num-stop-other",
        ];
        for (name, n) in stop_stats.iter().zip(self.stops) {
            state.stat(name, n);
        }
        state.stat("num-rules-fired", self.fired.values().sum());
        state.stat("num-ops-lifted", self.ops_lifted);
        state.stat("num-ops-built", self.ops_built);
        state.stat("cost-before", self.cost_before);
        state.stat("cost-after", self.cost_after);
    }

    fn summary(&self, target: Target) -> String {
        let stops: Vec<String> = STOP_NAMES
            .iter()
            .zip(self.stops)
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| format!("{name} {n}"))
            .collect();
        format!(
            "egraph (target {}): {} blocks, {} rewritten; {} nodes, {} classes, {} iterations; \
             stop: {}; cost {} -> {}; ops {} -> {}",
            target.name(),
            self.blocks,
            self.rewritten,
            self.nodes,
            self.classes,
            self.iterations,
            if stops.is_empty() {
                "none".to_string()
            } else {
                stops.join(", ")
            },
            self.cost_before,
            self.cost_after,
            self.ops_lifted,
            self.ops_built,
        )
    }

    fn rules_fired(&self) -> String {
        let fired: Vec<String> = self.fired.iter().map(|(r, n)| format!("{r} {n}")).collect();
        format!(
            "egraph rules fired: {}",
            if fired.is_empty() {
                "none".to_string()
            } else {
                fired.join(", ")
            }
        )
    }
}

fn remark(loc: Location, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Remark,
        message,
        loc,
        notes: Vec::new(),
    }
}

impl Pass for EGraphPass {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        // egg times its rebuilds (for its logs) with quanta, whose first
        // clock read in a process calibrates the TSC for about a millisecond:
        // more than the pass takes on most programs. Those times are not
        // used; a mock clock answers instead. (The limits use std's clock.)
        let (clock, _) = quanta::Clock::mock();
        quanta::with_clock(&clock, || self.run_on_op(ctx, op, state))
    }
}

impl EGraphPass {
    fn run_on_op(
        &self,
        ctx: &mut Context,
        op: OpId,
        state: &mut PassState,
    ) -> Result<(), Diagnostic> {
        let mut blocks = Vec::new();
        for inner in ctx.walk_preorder(op) {
            for &r in ctx.regions(inner) {
                // Unreachable blocks are exempt from dominance; leave them be.
                if crate::transforms::utils::has_ssa_dominance(ctx, r) {
                    let dead = crate::transforms::dce::unreachable_blocks(ctx, r);
                    let live = ctx.region_blocks(r).iter().filter(|b| !dead.contains(b));
                    blocks.extend(live);
                }
            }
        }
        // Producers before users (a constant found in one block is a constant
        // in the blocks it dominates); what a later block stopped needing is
        // erased at the end.
        let mut report = Report::default();
        let mut built = Vec::new();
        for block in blocks {
            self.run_on_block(ctx, block, &mut report, &mut built);
        }
        report.ops_built -= erase_unused(ctx, &built);
        report.record(state);
        if self.stats {
            state
                .warnings
                .push(remark(ctx.loc(op), report.summary(self.target)));
        }
        if self.dump_rules {
            state
                .warnings
                .push(remark(ctx.loc(op), report.rules_fired()));
        }
        Ok(())
    }

    fn run_on_block(
        &self,
        ctx: &mut Context,
        block: BlockId,
        report: &mut Report,
        built: &mut Vec<OpId>,
    ) {
        let mirror = self.reassociate == Reassociate::Outward;
        let Some(mut lifted) = Lifted::new(ctx, block, self.target, mirror) else {
            return;
        };
        if lifted.nothing_to_gain() {
            return;
        }
        let roots = lifted.roots(ctx);
        let mut eg = std::mem::replace(&mut lifted.eg, EGraph::new(Analysis));
        let limits = saturate::Limits {
            nodes: self.node_limit,
            iterations: self.iter_limit,
            time: self.time_limit,
        };
        let run = saturate::run(&mut eg, &self.rules, limits);
        report.blocks += 1;
        report.nodes += eg.total_number_of_nodes() as u64;
        report.classes += eg.number_of_classes() as u64;
        report.iterations += run.iterations as u64;
        report.stops[match run.stop {
            Stop::Saturated => 0,
            Stop::IterationLimit => 1,
            Stop::NodeLimit => 2,
            Stop::TimeLimit => 3,
        }] += 1;
        for (rule, &n) in self.rules.iter().zip(&run.applied) {
            if n > 0 {
                *report.fired.entry(rule.name.to_string()).or_default() += n as u64;
            }
        }
        report.ops_lifted += lifted.ops.len() as u64;
        report.cost_before += lifted.original_cost;

        let root_classes: Vec<Id> = roots.all().map(|v| lifted.class_of[&v]).collect();
        let cost = |node: &Node| -> u64 {
            if lifted.outer_constant(&eg, node).is_some() {
                return 0;
            }
            node_cost(self.target, &eg, node, &|i| {
                ctx.op_name_str(lifted.opaque[i as usize].name).to_string()
            })
        };
        let originals: FxHashSet<Node> = lifted
            .nodes
            .iter()
            .map(|n| n.clone().map_children(|c| eg.find(c)))
            .collect();
        let rank = |node: &Node| -> u8 {
            let is_const = |c: &Id| eg[*c].data.konst().is_some();
            let operands = node.operands();
            match operands.iter().position(is_const) {
                _ if originals.contains(node) => 0,
                Some(i) if operands[i..].iter().any(|c| !is_const(c)) => 2,
                _ => 1,
            }
        };
        let leaf_position = |leaf: u32| lifted.leaf_pos[leaf as usize];
        let selection = extract::extract(&eg, &root_classes, &cost, &rank, &leaf_position);
        match selection {
            Some(sel) if sel.cost < lifted.original_cost => {
                report.rewritten += 1;
                report.cost_after += sel.cost;
                let before = built.len();
                lifted.rebuild(ctx, &eg, &sel, &roots, built);
                report.ops_built += (built.len() - before) as u64;
            }
            _ => {
                report.cost_after += lifted.original_cost;
                report.ops_built += lifted.ops.len() as u64;
            }
        }
    }
}

/// Erase the ops of `built` that nothing uses any more (last built first, so
/// chains go); returns how many.
fn erase_unused(ctx: &mut Context, built: &[OpId]) -> u64 {
    let mut erased = 0;
    for &op in built.iter().rev() {
        if !ctx.is_erased(op) && !ctx.has_uses(ctx.result(op, 0)) {
            ctx.erase_op(op);
            erased += 1;
        }
    }
    erased
}

/// An op that is not built in: the key of an [`Node::Opaque`] node.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct OpaqueKey {
    name: OpName,
    properties: Attr,
    attributes: Attr,
}

/// How an op enters the e-graph.
enum Lift {
    Const(Konst),
    Known(OpKind, u8),
    Opaque,
    /// Part of the skeleton.
    Keep,
}

/// One block's e-graph and what is needed to put the result back.
struct Lifted {
    block: BlockId,
    eg: EGraph,
    /// The class of each lifted result, leaf and outer constant.
    class_of: FxHashMap<ValueId, Id>,
    /// The lifted ops, in block order.
    ops: Vec<OpId>,
    /// The skeleton ops, in block order, and their positions.
    skeleton: Vec<OpId>,
    position: FxHashMap<OpId, u32>,
    /// `Val(n)` is `leaves[n]`, available from position `leaf_pos[n]`.
    leaves: Vec<ValueId>,
    leaf_pos: Vec<u32>,
    opaque: Vec<OpaqueKey>,
    opaque_index: FxHashMap<OpaqueKey, u32>,
    /// Constants defined outside the block that its ops use, for reuse.
    outer_constants: FxHashMap<(Type, Konst), ValueId>,
    /// Each lifted op's class and location, in block order.
    locations: Vec<(Id, Location)>,
    /// The node of each lifted op.
    nodes: Vec<Node>,
    /// The cost of the lifted ops as they are.
    original_cost: u64,
    /// How many outer definitions were added to the e-graph.
    expansions: usize,
    /// Add the mirror `b op a` of every commutative `a op b` lifted (when
    /// the rules have no commutativity of their own).
    mirror: bool,
}

/// Outer definitions added to one block's e-graph, at most.
const MAX_EXPANSIONS: usize = 32;

/// The roots: values each skeleton op needs, and values other blocks use.
struct Roots {
    at: Vec<Vec<ValueId>>,
    escaping: Vec<ValueId>,
}

impl Roots {
    fn all(&self) -> impl Iterator<Item = ValueId> + '_ {
        self.at.iter().flatten().chain(&self.escaping).copied()
    }
}

/// What kind of scalar `ty` is (of its elements, for a 1-D vector).
fn scalar_of(ctx: &Context, ty: Type) -> Scalar {
    match ctx.type_data(ty) {
        TypeData::Vector {
            shape,
            scalable,
            element,
        } if shape.len() == 1 && shape[0] > 1 && !scalable[0] => scalar_of(ctx, *element),
        TypeData::Integer { width, signedness }
            if (1..=64).contains(width) && *signedness == cuwasm::Signedness::Signless =>
        {
            Scalar::Int(*width)
        }
        TypeData::Index => Scalar::Index,
        TypeData::Float(cuwasm::FloatKind::F16) => Scalar::F16,
        TypeData::Float(cuwasm::FloatKind::BF16) => Scalar::BF16,
        TypeData::Float(cuwasm::FloatKind::F32) => Scalar::F32,
        TypeData::Float(cuwasm::FloatKind::F64) => Scalar::F64,
        _ => Scalar::Other,
    }
}

fn ty_of(ctx: &Context, ty: Type) -> Ty {
    let scalar = scalar_of(ctx, ty);
    match ctx.type_data(ty) {
        TypeData::Vector { shape, element, .. } if scalar != Scalar::Other => Ty {
            ty,
            scalar,
            lanes: shape[0] as u32,
            elem: *element,
        },
        _ => Ty::scalar(ty, scalar),
    }
}

/// The scalar constant an `arith.constant` (or other `ConstantLike` op) defines.
fn constant_of(ctx: &Context, op: OpId) -> Option<Konst> {
    if !ctx.op_has_trait(op, Traits::CONSTANT_LIKE) || ctx.num_results(op) != 1 {
        return None;
    }
    let ty = ty_of(ctx, ctx.value_type(ctx.result(op, 0)));
    match ctx.attr_data(ctx.prop(op, "value")?) {
        AttrData::Integer { value, ty: t } if *t == ty.ty => {
            Some(Konst::Int(sext(*value, ty.int_width()?)))
        }
        AttrData::Float { bits, ty: t } if *t == ty.ty && ty.is_float() => {
            Some(Konst::Float(*bits))
        }
        _ => None,
    }
}

/// How `op` enters the e-graph, if at all.
fn classify(ctx: &Context, op: OpId) -> Lift {
    if ctx.num_results(op) != 1 || !ctx.regions(op).is_empty() || !ctx.successors(op).is_empty() {
        return Lift::Keep;
    }
    let Some(info) = ctx.op_info(op) else {
        return Lift::Keep;
    };
    if info.has(Traits::TERMINATOR) {
        return Lift::Keep;
    }
    let pure = info.has(Traits::PURE) && ctx.is_memory_effect_free(op);
    if pure && let Some(k) = constant_of(ctx, op) {
        return Lift::Const(k);
    }
    if let Some((kind, fm)) = known_op(ctx, op) {
        if kind.is_division() {
            // Only divisions that cannot trap are pure.
            let w = ty_of(ctx, ctx.value_type(ctx.result(op, 0))).int_width();
            let divisor = ctx
                .defining_op(ctx.operand(op, 1))
                .and_then(|d| constant_of(ctx, d));
            return match (divisor, w) {
                (Some(Konst::Int(c)), Some(_))
                    if c != 0 && !(kind.is_signed_division() && c == -1) =>
                {
                    Lift::Known(kind, fm)
                }
                _ => Lift::Keep,
            };
        }
        if pure {
            return Lift::Known(kind, fm);
        }
    }
    if pure { Lift::Opaque } else { Lift::Keep }
}

/// `op` as a known op of the e-graph language: scalar types only, no
/// discardable attributes, no properties but the flags and predicate.
fn known_op(ctx: &Context, op: OpId) -> Option<(OpKind, u8)> {
    let predicate = ctx.prop(op, "predicate").and_then(|p| ctx.attr_int(p));
    let kind = OpKind::from_mlir(ctx.op_name_text(op), predicate)?;
    if !ctx.dict_entries(ctx.attributes(op)).is_empty() {
        return None;
    }
    let mut fm = 0;
    for (name, value) in ctx.dict_entries(ctx.properties(op)) {
        match ctx.symbol_str(*name) {
            "overflowFlags" | "isExact" | "predicate" => {}
            "fastmath" => fm = fastmath::parse(ctx.attr_dialect(*value)?.1?)?,
            _ => return None,
        }
    }
    let types = ctx.operands(op).iter().map(|v| ctx.value_type(*v));
    let all_known = types
        .chain([ctx.value_type(ctx.result(op, 0))])
        .all(|t| scalar_of(ctx, t) != Scalar::Other);
    let arity_ok = ctx.num_operands(op) + kind.first_operand() == kind.arity();
    // A select of whole vectors by one scalar condition is not lane-wise:
    // the rules would mix the scalar condition with vector values.
    let lanes = |v: ValueId| ty_of(ctx, ctx.value_type(v)).lanes;
    let lane_wise = kind != OpKind::Select || lanes(ctx.operand(op, 0)) == lanes(ctx.result(op, 0));
    (all_known && arity_ok && lane_wise).then_some((kind, fm))
}

/// The op of `block` that is `op` or contains it.
fn ancestor_in(ctx: &Context, mut op: OpId, block: BlockId) -> Option<OpId> {
    loop {
        if ctx.parent_block(op) == Some(block) {
            return Some(op);
        }
        op = ctx.parent_op(op)?;
    }
}

impl Lifted {
    /// Lift the pure ops of `block`; `None` when there are none. Their cost
    /// as they are is taken with `target`'s model.
    fn new(ctx: &Context, block: BlockId, target: Target, mirror: bool) -> Option<Lifted> {
        let mut l = Lifted {
            block,
            eg: EGraph::new(Analysis),
            class_of: FxHashMap::default(),
            ops: Vec::new(),
            skeleton: Vec::new(),
            position: FxHashMap::default(),
            leaves: Vec::new(),
            leaf_pos: Vec::new(),
            opaque: Vec::new(),
            opaque_index: FxHashMap::default(),
            outer_constants: FxHashMap::default(),
            locations: Vec::new(),
            nodes: Vec::new(),
            original_cost: 0,
            expansions: 0,
            mirror,
        };
        for op in ctx.block_ops(block) {
            let lift = classify(ctx, op);
            if let Lift::Keep = lift {
                l.position.insert(op, l.skeleton.len() as u32);
                l.skeleton.push(op);
                continue;
            }
            let id = l.node_of(ctx, op, lift);
            l.class_of.insert(ctx.result(op, 0), id);
            l.ops.push(op);
            l.locations.push((id, ctx.loc(op)));
            l.nodes.push(l.eg.id_to_node(id).clone());
            let opaque = &l.opaque;
            let name = |i: u32| ctx.op_name_str(opaque[i as usize].name).to_string();
            l.original_cost += node_cost(target, &l.eg, l.eg.id_to_node(id), &name);
        }
        (!l.ops.is_empty()).then_some(l)
    }

    /// No rule applies to a block of constants and opaque ops, and when no
    /// two of those are equal there is nothing to share either.
    fn nothing_to_gain(&self) -> bool {
        let no_known = !self.nodes.iter().any(|n| matches!(n, Node::Op(..)));
        let classes: FxHashSet<Id> = self.locations.iter().map(|(id, _)| *id).collect();
        no_known && classes.len() == self.ops.len()
    }

    /// Add the node of `op` (not `Keep`), its operands first.
    fn node_of(&mut self, ctx: &Context, op: OpId, lift: Lift) -> Id {
        let result_ty = ctx.value_type(ctx.result(op, 0));
        let mut children = vec![self.ty(ctx, result_ty)];
        let node = match lift {
            Lift::Keep => unreachable!("skeleton ops have no node"),
            Lift::Const(k) => {
                return rules::fold::add_konst(&mut self.eg, ty_of(ctx, result_ty), k);
            }
            Lift::Known(kind, fm) => {
                if kind.has_fastmath() {
                    children.push(self.eg.add(Node::Fm(fm)));
                }
                for &v in ctx.operands(op) {
                    children.push(self.value(ctx, v));
                }
                Node::Op(kind, children.into())
            }
            Lift::Opaque => {
                let key = OpaqueKey {
                    name: ctx.op_name_of(op),
                    properties: ctx.properties(op),
                    attributes: ctx.attributes(op),
                };
                let next = self.opaque.len() as u32;
                let index = *self.opaque_index.entry(key).or_insert(next);
                if index == next {
                    self.opaque.push(key);
                }
                for &v in ctx.operands(op) {
                    children.push(self.value(ctx, v));
                }
                Node::Opaque(index, children.into())
            }
        };
        let mirror = match &node {
            Node::Op(kind, ch) if self.mirror && kind.is_commutative() => {
                Some(Node::Op(*kind, [ch[0], ch[2], ch[1]][..].into()))
            }
            _ => None,
        };
        let id = self.eg.add(node);
        if let Some(m) = mirror {
            let m = self.eg.add(m);
            self.eg.union(id, m);
        }
        id
    }

    /// The class of the type `ty`.
    fn ty(&mut self, ctx: &Context, ty: Type) -> Id {
        self.eg.add(Node::Ty(ty_of(ctx, ty)))
    }

    /// The class of operand `v`: a lifted value, an outer constant, or a leaf.
    fn value(&mut self, ctx: &Context, v: ValueId) -> Id {
        if let Some(id) = self.class_of.get(&v) {
            return *id;
        }
        let ty = ty_of(ctx, ctx.value_type(v));
        let def = ctx.defining_op(v);
        let id = match def.and_then(|d| constant_of(ctx, d)) {
            Some(k) if ctx.is_memory_effect_free(def.unwrap()) => {
                self.outer_constants.entry((ty.ty, k)).or_insert(v);
                rules::fold::add_konst(&mut self.eg, ty, k)
            }
            _ => {
                let n = self.leaves.len() as u32;
                let available = def.and_then(|d| self.position.get(&d)).map_or(0, |p| p + 1);
                self.leaves.push(v);
                self.leaf_pos.push(available);
                let t = self.eg.add(Node::Ty(ty));
                self.eg.add(Node::Val(n, [t]))
            }
        };
        self.class_of.insert(v, id);
        // A value of an enclosing or dominating block made by a pure op: its
        // expression joins the leaf's class, so that rules see through it
        // ((y + 2x) - y is 2x, that is, the outer value of 2x). The leaf
        // costs nothing, so the outer ops are never rebuilt here.
        if let Some(d) = def
            && ctx.parent_block(d) != Some(self.block)
            && self.expansions < MAX_EXPANSIONS
        {
            let lift = classify(ctx, d);
            if !matches!(lift, Lift::Keep | Lift::Const(_)) {
                self.expansions += 1;
                let expr = self.node_of(ctx, d, lift);
                self.eg.union(id, expr);
            }
        }
        id
    }

    /// The existing value for a constant node, when the block's ops used one
    /// from outside the block.
    fn outer_constant(&self, eg: &EGraph, node: &Node) -> Option<ValueId> {
        let (Node::Int([t, _]) | Node::Flt([t, _])) = node else {
            return None;
        };
        let ty = eg[*t].data.ty()?;
        let k = eg[eg.lookup(node.clone())?].data.konst()?;
        self.outer_constants.get(&(ty.ty, k)).copied()
    }

    /// The values the skeleton and other blocks need from the lifted ops.
    fn roots(&self, ctx: &Context) -> Roots {
        let lifted: FxHashSet<OpId> = self.ops.iter().copied().collect();
        let is_lifted = |v: ValueId| ctx.defining_op(v).is_some_and(|d| lifted.contains(&d));
        let at = self
            .skeleton
            .iter()
            .map(|&op| {
                let mut needs = Vec::new();
                for inner in ctx.walk_preorder(op) {
                    needs.extend(
                        ctx.operands(inner)
                            .iter()
                            .copied()
                            .filter(|v| is_lifted(*v)),
                    );
                }
                needs
            })
            .collect();
        let escaping = self
            .ops
            .iter()
            .map(|op| ctx.result(*op, 0))
            .filter(|v| {
                ctx.uses(*v)
                    .iter()
                    .any(|u| ancestor_in(ctx, u.op, self.block).is_none())
            })
            .collect();
        Roots { at, escaping }
    }

    /// Build the selection in place of the lifted ops; the new ops go to `built`.
    fn rebuild(
        &self,
        ctx: &mut Context,
        eg: &EGraph,
        sel: &extract::Selection,
        roots: &Roots,
        built: &mut Vec<OpId>,
    ) {
        let mut locations: FxHashMap<Id, Location> = FxHashMap::default();
        for (id, loc) in &self.locations {
            locations.entry(eg.find(*id)).or_insert(*loc);
        }
        let mut b = Rebuilder {
            lifted: self,
            eg,
            sel,
            locations,
            memo: FxHashMap::default(),
            built,
        };
        for (op, needs) in self.skeleton.iter().zip(&roots.at) {
            for v in needs {
                b.materialize(
                    ctx,
                    self.class_of[v],
                    InsertPoint::Before(*op),
                    ctx.loc(*op),
                );
            }
        }
        let (ip, loc) = match ctx.terminator(self.block) {
            Some(t) => (InsertPoint::Before(t), ctx.loc(t)),
            None => (InsertPoint::End(self.block), ctx.unknown_loc()),
        };
        for v in &roots.escaping {
            b.materialize(ctx, self.class_of[v], ip, loc);
        }
        for op in &self.ops {
            let v = ctx.result(*op, 0);
            if let Some(new) = b.memo.get(&eg.find(self.class_of[&v])) {
                ctx.replace_all_uses(v, *new);
            }
        }
        for op in &self.ops {
            ctx.set_operands(*op, &[]);
        }
        for op in self.ops.iter().rev() {
            ctx.erase_op(*op);
        }
    }
}

/// Builds chosen nodes as ops, each class once.
struct Rebuilder<'a> {
    lifted: &'a Lifted,
    eg: &'a EGraph,
    sel: &'a extract::Selection,
    locations: FxHashMap<Id, Location>,
    memo: FxHashMap<Id, ValueId>,
    built: &'a mut Vec<OpId>,
}

impl Rebuilder<'_> {
    /// The value of `class`, building what is missing at `ip` (operands first).
    fn materialize(
        &mut self,
        ctx: &mut Context,
        class: Id,
        ip: InsertPoint,
        loc: Location,
    ) -> ValueId {
        let (eg, sel) = (self.eg, self.sel);
        let mut stack = vec![(eg.find(class), false)];
        while let Some((c, ready)) = stack.pop() {
            if self.memo.contains_key(&c) {
                continue;
            }
            let node = sel.node(eg, c);
            if !ready {
                stack.push((c, true));
                for k in node.operands().iter().rev() {
                    let k = eg.find(*k);
                    if !self.memo.contains_key(&k) {
                        stack.push((k, false));
                    }
                }
                continue;
            }
            let loc = self.locations.get(&c).copied().unwrap_or(loc);
            let v = self.build(ctx, c, node, ip, loc);
            self.memo.insert(c, v);
        }
        self.memo[&eg.find(class)]
    }

    fn build(
        &mut self,
        ctx: &mut Context,
        class: Id,
        node: &Node,
        mut ip: InsertPoint,
        loc: Location,
    ) -> ValueId {
        let eg = self.eg;
        let ty = |id: Id| eg[id].data.ty().expect("typed class");
        let (name, result, operands, properties, attributes) = match node {
            Node::Val(n, _) => return self.lifted.leaves[*n as usize],
            Node::Int([t, _]) | Node::Flt([t, _]) => {
                if let Some(v) = self.lifted.outer_constant(eg, node) {
                    return v;
                }
                let t = ty(*t);
                let value = match eg[class].data.konst().expect("constant class") {
                    Konst::Int(v) => ctx.int_attr(t.elem, v),
                    Konst::Float(bits) => ctx.intern_attr(AttrData::Float { bits, ty: t.elem }),
                };
                let props = ctx.dict_set(ctx.empty_dictionary(), "value", Some(value));
                let constant = (ctx.op_name("arith.constant"), t.elem, Vec::new());
                if !t.is_vector() {
                    (constant.0, constant.1, constant.2, Some(props), None)
                } else {
                    // A vector constant is the splat of its element.
                    let scalar = self.place(ctx, constant, Some(props), None, &mut ip, loc);
                    let empty = ctx.empty_dictionary();
                    (
                        ctx.op_name("simd.splat"),
                        t.ty,
                        vec![scalar],
                        Some(empty),
                        None,
                    )
                }
            }
            Node::Op(kind, ch) => {
                let mut props = ctx.empty_dictionary();
                if kind.has_fastmath() {
                    let bits = rules::flags(eg, ch[1]);
                    let fm = ctx.dialect_attr("arith.fastmath", Some(&fastmath::print(bits)));
                    props = ctx.dict_set(props, "fastmath", Some(fm));
                }
                if matches!(
                    kind,
                    OpKind::AddI | OpKind::SubI | OpKind::MulI | OpKind::ShLI | OpKind::TruncI
                ) {
                    // As MLIR prints them: always present, here always `none`.
                    let none = ctx.dialect_attr("arith.overflow", Some("none"));
                    props = ctx.dict_set(props, "overflowFlags", Some(none));
                }
                if let OpKind::CmpI(p) | OpKind::CmpF(p) = kind {
                    let p = ctx.int_attr(ctx.i64(), *p as i128);
                    props = ctx.dict_set(props, "predicate", Some(p));
                }
                let operands = node
                    .operands()
                    .iter()
                    .map(|k| self.memo[&eg.find(*k)])
                    .collect();
                (
                    ctx.op_name(kind.mlir_name()),
                    ty(ch[0]).ty,
                    operands,
                    Some(props),
                    None,
                )
            }
            Node::Opaque(i, ch) => {
                let key = self.lifted.opaque[*i as usize];
                let operands = node
                    .operands()
                    .iter()
                    .map(|k| self.memo[&eg.find(*k)])
                    .collect();
                (
                    key.name,
                    ty(ch[0]).ty,
                    operands,
                    Some(key.properties),
                    Some(key.attributes),
                )
            }
            Node::Ty(_) | Node::Num(_) | Node::Fm(_) => unreachable!("not a value"),
        };
        self.place(
            ctx,
            (name, result, operands),
            properties,
            attributes,
            &mut ip,
            loc,
        )
    }

    /// Create the op `name(operands) -> result` at `ip` (which moves past
    /// it where it is an `After`); its result.
    fn place(
        &mut self,
        ctx: &mut Context,
        (name, result, operands): (OpName, Type, Vec<ValueId>),
        properties: Option<Attr>,
        attributes: Option<Attr>,
        ip: &mut InsertPoint,
        loc: Location,
    ) -> ValueId {
        let state = OperationState {
            name,
            loc,
            operands,
            result_types: vec![result],
            properties,
            attributes,
            num_regions: 0,
            successors: Vec::new(),
        };
        let op = ctx.create_op(state);
        ip.place(ctx, op);
        self.built.push(op);
        ctx.result(op, 0)
    }
}
