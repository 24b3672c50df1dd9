//! `inline`: inline `func.call`s of `func.func`s that have a body, as MLIR's
//! inliner does (without its nested simplification pipeline).
//!
//! Each round builds the call graph of the module (callers are the functions
//! around the calls: func.func, gpu.func; callees are resolved through the
//! symbol tables) and its strongly connected components with petgraph, then
//! visits callers callees-first and inlines every call whose callee
//!
//! - has a body and is a `func.func`,
//! - is not recursive: it is in no cycle of the call graph (self-calls
//!   included). MLIR refuses a callee that calls itself or its caller; this
//!   rule is stricter and never unrolls recursion;
//! - and neither the call nor the callee has `no_inline`.
//!
//! A single-block callee is cloned in place of the call, its `func.return`
//! operands replacing the call results. A multi-block callee splits the
//! caller's block after the call: the callee's entry block is spliced into the
//! caller's block, its other blocks follow, each `func.return` becomes a
//! `cf.br` to the rest of the caller's block, which receives the results as
//! block arguments. A multi-block callee is not inlined into a single-block
//! region (an scf.for body), as in MLIR. Inlined ops get
//! `loc(callsite(callee_loc at call_loc))` locations. Calls that inlining
//! brings in are considered in the next round, up to `max-iterations` rounds.
//! Finally private `func.func`s that nothing outside themselves refers to
//! are erased (MLIR's inliner erases dead private callables too). Statistics:
//! `num-inlined-calls`, `num-erased-functions`.

use super::symbol_dce::{collect_symbol_refs, is_private};
use super::utils::positive_option;
use crate::{OptionKind, OptionSpec, Pass, PassInfo, PassOptions, PassState};
use cuwasm::{
    AttrData, BlockId, Context, Diagnostic, IrMapping, Location, LocationData, OpId,
    OperationState, Symbol, Traits, ValueId,
};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::{FxHashMap, FxHashSet};

pub const INFO: PassInfo = PassInfo {
    name: "inline",
    description: "Inline calls of non-recursive functions and erase dead private functions",
    anchor: Some("builtin.module"),
    options: &[OptionSpec {
        name: "max-iterations",
        kind: OptionKind::Int,
        default: "4",
        description: "Rounds of inlining (calls brought in by inlining wait for the next round)",
    }],
    create: |options: &PassOptions| {
        let n = positive_option(options, "max-iterations")?;
        Ok(Box::new(Inline {
            max_iterations: n as usize,
        }))
    },
};

struct Inline {
    max_iterations: usize,
}

impl Pass for Inline {
    fn run(&self, ctx: &mut Context, op: OpId, state: &mut PassState) -> Result<(), Diagnostic> {
        let mut inlined = 0;
        for _ in 0..self.max_iterations {
            let n = inline_round(ctx, op);
            inlined += n;
            if n == 0 {
                break;
            }
        }
        let erased = erase_dead_private_functions(ctx, op);
        state.stat("num-inlined-calls", inlined as u64);
        state.stat("num-erased-functions", erased);
        Ok(())
    }
}

/// The function-like op (symbol, isolated, with a body) around `op`.
fn enclosing_callable(ctx: &Context, op: OpId) -> Option<OpId> {
    let mut cur = ctx.parent_op(op);
    while let Some(p) = cur {
        if ctx.op_has_trait(p, Traits::SYMBOL) && ctx.op_has_trait(p, Traits::ISOLATED_FROM_ABOVE) {
            return Some(p);
        }
        cur = ctx.parent_op(p);
    }
    None
}

struct CallSite {
    call: OpId,
    caller: Option<OpId>,
    callee: OpId,
}

/// One round: build the call graph, inline eligible calls callees-first.
pub fn inline_round(ctx: &mut Context, root: OpId) -> usize {
    let mut sites: Vec<CallSite> = Vec::new();
    for op in ctx.walk_preorder(root) {
        if !ctx.is_op(op, "func.call") {
            continue;
        }
        let Some(callee) = ctx
            .prop(op, "callee")
            .and_then(|sym| ctx.lookup_symbol_from(op, sym))
        else {
            continue;
        };
        let caller = enclosing_callable(ctx, op);
        sites.push(CallSite {
            call: op,
            caller,
            callee,
        });
    }
    // The call graph: nodes are callers and callees.
    let mut graph = DiGraph::<OpId, ()>::new();
    let mut nodes: FxHashMap<OpId, NodeIndex> = FxHashMap::default();
    let mut node =
        |g: &mut DiGraph<OpId, ()>, op: OpId| *nodes.entry(op).or_insert_with(|| g.add_node(op));
    for s in &sites {
        let t = node(&mut graph, s.callee);
        if let Some(c) = s.caller {
            let f = node(&mut graph, c);
            graph.add_edge(f, t, ());
        }
    }
    let sccs = tarjan_scc(&graph);
    let mut recursive: FxHashSet<OpId> = FxHashSet::default();
    let mut order: FxHashMap<OpId, usize> = FxHashMap::default();
    for (i, scc) in sccs.iter().enumerate() {
        let cyclic = scc.len() > 1 || graph.contains_edge(scc[0], scc[0]);
        for &n in scc {
            order.insert(graph[n], i);
            if cyclic {
                recursive.insert(graph[n]);
            }
        }
    }
    // tarjan_scc lists components callees first: inline inside callees before callers.
    sites.sort_by_key(|s| s.caller.map_or(usize::MAX, |c| order[&c]));
    let mut inlined = 0;
    for s in sites {
        if ctx.is_erased(s.call) || !can_inline(ctx, &s, &recursive) {
            continue;
        }
        inline_call(ctx, s.call, s.callee);
        inlined += 1;
    }
    inlined
}

fn can_inline(ctx: &Context, s: &CallSite, recursive: &FxHashSet<OpId>) -> bool {
    let body = ctx.region(s.callee, 0);
    let Some(block) = ctx.parent_block(s.call) else {
        return false;
    };
    let multi_block = ctx.region_blocks(body).len() > 1;
    // Only function bodies take extra blocks: structured ops (scf.while's
    // regions are single-block in MLIR too) would no longer verify.
    let single_block_dest = ctx.block_parent_op(block).is_none_or(|p| {
        ctx.op_has_trait(p, Traits::SINGLE_BLOCK)
            || !(ctx.is_op(p, "func.func") || ctx.is_op(p, "gpu.func"))
    });
    ctx.is_op(s.callee, "func.func")
        && !ctx.region_is_empty(body)
        && Some(s.callee) != s.caller
        && !recursive.contains(&s.callee)
        && ctx.prop(s.call, "no_inline").is_none()
        && ctx.prop(s.callee, "no_inline").is_none()
        && !(multi_block && single_block_dest)
}

/// `loc(callsite(loc at call_loc))`.
fn call_site_loc(ctx: &Context, loc: Location, call_loc: Location) -> Location {
    ctx.location(LocationData::CallSite {
        callee: loc.0,
        caller: call_loc.0,
    })
}

/// Inline `callee`'s body in place of `call` (a `func.call` of it).
pub fn inline_call(ctx: &mut Context, call: OpId, callee: OpId) {
    let call_loc = ctx.loc(call);
    let body = ctx.region(callee, 0);
    let entry = ctx.entry_block(body).expect("callee has a body");
    let operands = ctx.operands(call).to_vec();
    let mut map = IrMapping::default();
    for (a, v) in ctx.block_args(entry).to_vec().into_iter().zip(&operands) {
        map.map_value(a, *v);
    }
    if ctx.region_blocks(body).len() == 1 {
        let ops: Vec<OpId> = ctx.block_ops(entry).collect();
        let (ret, ops) = ops
            .split_last()
            .expect("a function body ends with func.return");
        for &op in ops {
            let copy = ctx.clone_op(op, &mut map);
            ctx.insert_op_before(call, copy);
            relocate(ctx, copy, call_loc);
        }
        let results: Vec<ValueId> = ctx.operands(*ret).iter().map(|v| map.lookup(*v)).collect();
        ctx.replace_op(call, &results);
        return;
    }

    // Multi-block: pre (ops before the call) | callee blocks | post (ops after the call).
    let pre = ctx.parent_block(call).unwrap();
    let region = ctx.block_parent(pre).unwrap();
    let after = ctx.next_op(call).expect("a call is never a terminator");
    let post = ctx.split_block(pre, after);
    for r in ctx.results(call).collect::<Vec<_>>() {
        let arg = ctx.add_block_arg(post, ctx.value_type(r), call_loc);
        ctx.replace_all_uses(r, arg);
    }
    let first_new = ctx.region_blocks(region).len();
    ctx.clone_region_into(body, region, &mut map);
    let new_blocks: Vec<BlockId> = ctx.region_blocks(region)[first_new..].to_vec();
    // Put the new blocks right before `post`.
    let post_pos = ctx
        .region_blocks(region)
        .iter()
        .position(|b| *b == post)
        .unwrap();
    for (i, &b) in new_blocks.iter().enumerate() {
        ctx.detach_block(b);
        ctx.insert_block(region, post_pos + i, b);
    }
    for &b in &new_blocks {
        for op in ctx.block_ops(b).collect::<Vec<_>>() {
            relocate(ctx, op, call_loc);
        }
        let Some(ret) = ctx.last_op(b) else { continue };
        if ctx.is_op(ret, "func.return") {
            let mut br = OperationState::new(ctx, "cf.br", ctx.loc(ret)).successors(&[post]);
            br.operands = ctx.operands(ret).to_vec();
            let br = ctx.create_op(br);
            ctx.insert_op_before(ret, br);
            ctx.erase_op(ret);
        }
    }
    // The callee's entry block: its arguments are the call operands; splice it into `pre`.
    let new_entry = new_blocks[0];
    for (i, &a) in ctx.block_args(new_entry).to_vec().iter().enumerate() {
        ctx.replace_all_uses(a, operands[i]);
    }
    ctx.erase_op(call);
    for op in ctx.block_ops(new_entry).collect::<Vec<_>>() {
        ctx.move_op_to_end(op, pre);
    }
    ctx.erase_block(new_entry);
}

/// Give `op` and its nested ops call-site locations.
fn relocate(ctx: &mut Context, op: OpId, call_loc: Location) {
    for inner in ctx.walk_preorder(op) {
        let loc = call_site_loc(ctx, ctx.loc(inner), call_loc);
        ctx.set_loc(inner, loc);
    }
}

/// Erase the private `func.func`s under `root` that nothing outside
/// themselves refers to (by name), until none is left.
pub fn erase_dead_private_functions(ctx: &mut Context, root: OpId) -> u64 {
    let mut erased = 0;
    loop {
        // Symbol name -> the functions (or None: elsewhere) holding a reference to it.
        let mut referenced: FxHashMap<Symbol, FxHashSet<Option<OpId>>> = FxHashMap::default();
        let mut refs = Vec::new();
        for op in ctx.walk_preorder(root) {
            refs.clear();
            collect_symbol_refs(ctx, ctx.properties(op), &mut refs);
            collect_symbol_refs(ctx, ctx.attributes(op), &mut refs);
            if refs.is_empty() {
                continue;
            }
            let holder = enclosing_callable(ctx, op);
            for &r in &refs {
                if let AttrData::SymbolRef { root, nested } = ctx.attr_data(r) {
                    for name in std::iter::once(root).chain(nested) {
                        referenced.entry(*name).or_default().insert(holder);
                    }
                }
            }
        }
        let dead: Vec<OpId> = ctx
            .walk_preorder(root)
            .into_iter()
            .filter(|&f| {
                ctx.is_op(f, "func.func")
                    && is_private(ctx, f)
                    && ctx.symbol_name(f).is_some_and(|n| {
                        referenced
                            .get(&ctx.symbol(n))
                            .is_none_or(|holders| holders.iter().all(|h| *h == Some(f)))
                    })
            })
            .collect();
        if dead.is_empty() {
            return erased;
        }
        for f in dead {
            ctx.erase_op(f);
            erased += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::utils::testing::{check, context, run_in};
    use cuwasm::PrintOptions;

    const PIPELINE: &str = "builtin.module(inline)";

    // Same output as mlir-opt-22 --inline='default-pipeline=': single-block callees
    // in place, a multi-block callee splits the caller block (not inside scf.for),
    // self-recursive and external callees stay, a public callee is inlined and kept,
    // dead private functions (also one that was never called) are erased.
    #[test]
    fn matches_mlir_single_and_multi_block() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "unused_private", sym_visibility = "private"}> ({
  ^bb0(%arg14: i32):
    "func.return"(%arg14) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, i32) -> i32, sym_name = "add", sym_visibility = "private"}> ({
  ^bb0(%arg12: i32, %arg13: i32):
    %15 = "arith.addi"(%arg12, %arg13) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%15) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "twice"}> ({
  ^bb0(%arg11: i32):
    %13 = "func.call"(%arg11, %arg11) <{callee = @add}> : (i32, i32) -> i32
    %14 = "func.call"(%13, %arg11) <{callee = @add}> : (i32, i32) -> i32
    "func.return"(%14) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "abs", sym_visibility = "private"}> ({
  ^bb0(%arg10: i32):
    %10 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %11 = "arith.cmpi"(%arg10, %10) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%11)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    %12 = "arith.subi"(%10, %arg10) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%12) : (i32) -> ()
  ^bb2:  // pred: ^bb0
    "func.return"(%arg10) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "use_abs"}> ({
  ^bb0(%arg9: i32):
    %8 = "func.call"(%arg9) <{callee = @abs}> : (i32) -> i32
    %9 = "arith.muli"(%8, %8) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%9) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, i32) -> i32, sym_name = "abs_in_loop"}> ({
  ^bb0(%arg5: index, %arg6: i32):
    %4 = "arith.constant"() <{value = 0 : index}> : () -> index
    %5 = "arith.constant"() <{value = 1 : index}> : () -> index
    %6 = "scf.for"(%4, %arg5, %5, %arg6) ({
    ^bb0(%arg7: index, %arg8: i32):
      %7 = "func.call"(%arg8) <{callee = @abs}> : (i32) -> i32
      "scf.yield"(%7) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%6) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "fact", sym_visibility = "private"}> ({
  ^bb0(%arg4: i32):
    %3 = "func.call"(%arg4) <{callee = @fact}> : (i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "use_fact"}> ({
  ^bb0(%arg3: i32):
    %2 = "func.call"(%arg3) <{callee = @fact}> : (i32) -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "ext", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "use_ext"}> ({
  ^bb0(%arg2: i32):
    %1 = "func.call"(%arg2) <{callee = @ext}> : (i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "public_callee"}> ({
  ^bb0(%arg1: i32):
    "func.return"(%arg1) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "use_public"}> ({
  ^bb0(%arg0: i32):
    %0 = "func.call"(%arg0) <{callee = @public_callee}> : (i32) -> i32
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "twice"}> ({
  ^bb0(%arg11: i32):
    %15 = "arith.addi"(%arg11, %arg11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %16 = "arith.addi"(%15, %arg11) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%16) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "abs", sym_visibility = "private"}> ({
  ^bb0(%arg10: i32):
    %12 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %13 = "arith.cmpi"(%arg10, %12) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%13)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    %14 = "arith.subi"(%12, %arg10) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%14) : (i32) -> ()
  ^bb2:  // pred: ^bb0
    "func.return"(%arg10) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "use_abs"}> ({
  ^bb0(%arg9: i32):
    %7 = "arith.constant"() <{value = 0 : i32}> : () -> i32
    %8 = "arith.cmpi"(%arg9, %7) <{predicate = 2 : i64}> : (i32, i32) -> i1
    "cf.cond_br"(%8)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i1) -> ()
  ^bb1:  // pred: ^bb0
    %9 = "arith.subi"(%7, %arg9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "cf.br"(%9)[^bb3] : (i32) -> ()
  ^bb2:  // pred: ^bb0
    "cf.br"(%arg9)[^bb3] : (i32) -> ()
  ^bb3(%10: i32):  // 2 preds: ^bb1, ^bb2
    %11 = "arith.muli"(%10, %10) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%11) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (index, i32) -> i32, sym_name = "abs_in_loop"}> ({
  ^bb0(%arg5: index, %arg6: i32):
    %3 = "arith.constant"() <{value = 0 : index}> : () -> index
    %4 = "arith.constant"() <{value = 1 : index}> : () -> index
    %5 = "scf.for"(%3, %arg5, %4, %arg6) ({
    ^bb0(%arg7: index, %arg8: i32):
      %6 = "func.call"(%arg8) <{callee = @abs}> : (i32) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }) : (index, index, index, i32) -> i32
    "func.return"(%5) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "fact", sym_visibility = "private"}> ({
  ^bb0(%arg4: i32):
    %2 = "func.call"(%arg4) <{callee = @fact}> : (i32) -> i32
    "func.return"(%2) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "use_fact"}> ({
  ^bb0(%arg3: i32):
    %1 = "func.call"(%arg3) <{callee = @fact}> : (i32) -> i32
    "func.return"(%1) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "ext", sym_visibility = "private"}> ({
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "use_ext"}> ({
  ^bb0(%arg2: i32):
    %0 = "func.call"(%arg2) <{callee = @ext}> : (i32) -> i32
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "public_callee"}> ({
  ^bb0(%arg1: i32):
    "func.return"(%arg1) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "use_public"}> ({
  ^bb0(%arg0: i32):
    "func.return"(%arg0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(PIPELINE, input, expected);
    }

    // Same output as mlir-opt-22: calls inside callees are inlined first (@c into
    // @b's scf.if, then @b into @a); no_inline on the call or on the callee is
    // respected; a multi-block callee without results; mutual recursion stays.
    #[test]
    fn matches_mlir_nested_calls_and_no_inline() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "c", sym_visibility = "private"}> ({
  ^bb0(%arg9: i32):
    %8 = "arith.muli"(%arg9, %arg9) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%8) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, i1) -> i32, sym_name = "b", sym_visibility = "private"}> ({
  ^bb0(%arg7: i32, %arg8: i1):
    %6 = "scf.if"(%arg8) ({
      %7 = "func.call"(%arg7) <{callee = @c}> : (i32) -> i32
      "scf.yield"(%7) : (i32) -> ()
    }, {
      "scf.yield"(%arg7) : (i32) -> ()
    }) : (i1) -> i32
    "func.return"(%6) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, i1) -> i32, sym_name = "a"}> ({
  ^bb0(%arg5: i32, %arg6: i1):
    %3 = "func.call"(%arg5, %arg6) <{callee = @b}> : (i32, i1) -> i32
    %4 = "func.call"(%3) <{callee = @noinl}> : (i32) -> i32
    %5 = "func.call"(%4) <{callee = @c, no_inline}> : (i32) -> i32
    "func.call"(%5) <{callee = @sink}> : (i32) -> ()
    "func.return"(%5) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, no_inline, sym_name = "noinl", sym_visibility = "private"}> ({
  ^bb0(%arg4: i32):
    "func.return"(%arg4) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> (), sym_name = "sink", sym_visibility = "private"}> ({
  ^bb0(%arg3: i32):
    "cf.br"()[^bb1] : () -> ()
  ^bb1:  // pred: ^bb0
    "func.return"() : () -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i1, sym_name = "even", sym_visibility = "private"}> ({
  ^bb0(%arg2: i32):
    %2 = "func.call"(%arg2) <{callee = @odd}> : (i32) -> i1
    "func.return"(%2) : (i1) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i1, sym_name = "odd", sym_visibility = "private"}> ({
  ^bb0(%arg1: i32):
    %1 = "func.call"(%arg1) <{callee = @even}> : (i32) -> i1
    "func.return"(%1) : (i1) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i1, sym_name = "d"}> ({
  ^bb0(%arg0: i32):
    %0 = "func.call"(%arg0) <{callee = @even}> : (i32) -> i1
    "func.return"(%0) : (i1) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let expected = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "c", sym_visibility = "private"}> ({
  ^bb0(%arg6: i32):
    %7 = "arith.muli"(%arg6, %arg6) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    "func.return"(%7) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32, i1) -> i32, sym_name = "a"}> ({
  ^bb0(%arg4: i32, %arg5: i1):
    %3 = "scf.if"(%arg5) ({
      %6 = "arith.muli"(%arg4, %arg4) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
      "scf.yield"(%6) : (i32) -> ()
    }, {
      "scf.yield"(%arg4) : (i32) -> ()
    }) : (i1) -> i32
    %4 = "func.call"(%3) <{callee = @noinl}> : (i32) -> i32
    %5 = "func.call"(%4) <{callee = @c, no_inline}> : (i32) -> i32
    "cf.br"()[^bb1] : () -> ()
  ^bb1:  // pred: ^bb0
    "cf.br"()[^bb2] : () -> ()
  ^bb2:  // pred: ^bb1
    "func.return"(%5) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, no_inline, sym_name = "noinl", sym_visibility = "private"}> ({
  ^bb0(%arg3: i32):
    "func.return"(%arg3) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i1, sym_name = "even", sym_visibility = "private"}> ({
  ^bb0(%arg2: i32):
    %2 = "func.call"(%arg2) <{callee = @odd}> : (i32) -> i1
    "func.return"(%2) : (i1) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i1, sym_name = "odd", sym_visibility = "private"}> ({
  ^bb0(%arg1: i32):
    %1 = "func.call"(%arg1) <{callee = @even}> : (i32) -> i1
    "func.return"(%1) : (i1) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i1, sym_name = "d"}> ({
  ^bb0(%arg0: i32):
    %0 = "func.call"(%arg0) <{callee = @even}> : (i32) -> i1
    "func.return"(%0) : (i1) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        check(PIPELINE, input, expected);
    }

    #[test]
    fn inlined_ops_get_call_site_locations() {
        let input = r#"
"builtin.module"() ({
  "func.func"() <{function_type = (i32) -> i32, sym_name = "sq", sym_visibility = "private"}> ({
  ^bb0(%arg0: i32):
    %0 = "arith.muli"(%arg0, %arg0) : (i32, i32) -> i32 loc("callee.c":2:3)
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32):
    %0 = "func.call"(%arg0) <{callee = @sq}> : (i32) -> i32 loc("caller.c":7:9)
    "func.return"(%0) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;
        let print = PrintOptions { debug_info: true };
        let (printed, stats) = run_in(&mut context(), PIPELINE, input, print);
        assert_eq!(
            stats,
            "inline.num-erased-functions: 1\ninline.num-inlined-calls: 1\n"
        );
        assert!(
            printed.contains(r#"loc(callsite("callee.c":2:3 at "caller.c":7:9))"#),
            "{printed}"
        );
    }
}
