//! Bringing a region into the shape the structurizer needs: only cf
//! branches between blocks, no unreachable blocks, switches without
//! repeated case values, exactly one exit block (every successor-less
//! terminator becomes a branch to it), and every block able to reach that
//! exit (a cycle that never exits gets an exit edge guarded by a constant
//! `true`). With `irreducible=error`, irreducible control flow is reported
//! here, with the blocks named as the input numbers them.

use super::cfg::{Cfg, Irreducible};
use super::consts::Consts;
use super::term::{BRANCH_OPS, Branch, Kind};
use crate::transforms::dce::unreachable_blocks;
use crate::transforms::utils::erase_blocks;
use cuwasm::{BlockId, Context, Diagnostic, RegionId, Signedness, Type, TypeData};
use rustc_hash::FxHashMap;

/// Prepare `region`; `false` when it is down to one block and needs nothing more.
pub fn prepare(
    ctx: &mut Context,
    region: RegionId,
    reject_irreducible: bool,
    consts: &mut Consts,
) -> Result<bool, Diagnostic> {
    let names: FxHashMap<BlockId, usize> = ctx
        .region_blocks(region)
        .iter()
        .enumerate()
        .map(|(i, b)| (*b, i))
        .collect();
    check_terminators(ctx, region)?;
    let dead = unreachable_blocks(ctx, region);
    erase_blocks(ctx, &dead);
    if ctx.region_blocks(region).len() < 2 {
        return Ok(false);
    }
    if reject_irreducible {
        let cfg = Cfg::new(ctx, region);
        if let Some(irr) = cfg.first_irreducible() {
            return Err(irreducible_error(ctx, &cfg, &irr, &names));
        }
    }
    let exit = combine_exits(ctx, region, consts)?;
    add_missing_exits(ctx, region, exit, consts);
    Ok(true)
}

/// Every terminator with successors is a cf branch; switches get rid of
/// repeated case values (the first one wins, as in `cf.switch`).
fn check_terminators(ctx: &mut Context, region: RegionId) -> Result<(), Diagnostic> {
    for b in ctx.region_blocks(region).to_vec() {
        let Some(t) = ctx.last_op(b) else { continue };
        if ctx.successors(t).is_empty() {
            continue;
        }
        if !BRANCH_OPS.contains(&ctx.op_name_text(t)) {
            return Err(ctx.op_error(
                t,
                "has successors but is not cf.br, cf.cond_br or cf.switch: lift-cf-to-scf cannot lift it",
            ));
        }
        let Some(mut branch) = Branch::read(ctx, b) else {
            continue;
        };
        let Kind::Switch { flag, cases } = &mut branch.kind else {
            continue;
        };
        let flag_ty = ctx.value_type(*flag);
        if !matches!(ctx.type_data(flag_ty), TypeData::Integer { width, signedness: Signedness::Signless } if *width <= 64)
        {
            return Err(ctx.op_error(
                t,
                format!(
                    "switches on '{}': lift-cf-to-scf lifts switches on signless integers of at most 64 bits",
                    ctx.type_to_string(flag_ty)
                ),
            ));
        }
        let mut seen = Vec::new();
        let mut keep = vec![true];
        for c in cases.iter() {
            keep.push(!seen.contains(c));
            seen.push(*c);
        }
        if keep.iter().all(|k| *k) {
            continue;
        }
        *cases = seen
            .iter()
            .zip(&keep[1..])
            .filter(|(_, k)| **k)
            .map(|(c, _)| *c)
            .collect();
        let mut i = 0;
        branch.targets.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        branch.write(ctx, b);
    }
    Ok(())
}

fn irreducible_error(
    ctx: &Context,
    cfg: &Cfg,
    irr: &Irreducible,
    names: &FxHashMap<BlockId, usize>,
) -> Diagnostic {
    let name = |i: &usize| format!("^bb{}", names[&cfg.blocks[*i]]);
    let list = |v: &[usize]| v.iter().map(name).collect::<Vec<_>>().join(", ");
    let second = irr.entries[1];
    let (from, _) = *cfg
        .preds(second)
        .iter()
        .find(|(p, _)| irr.blocks.binary_search(p).is_err())
        .expect("an entry block has an edge from outside its cycle");
    let at = ctx.last_op(cfg.blocks[from]).unwrap();
    Diagnostic::error(
        ctx.loc(at),
        format!(
            "irreducible control flow: the cycle of {} is entered at {}; \
             lift-cf-to-scf with irreducible=error does not lift it \
             (irreducible=split or irreducible=dispatch would)",
            list(&irr.blocks),
            list(&irr.entries)
        ),
    )
}

/// Make one exit block that holds nothing but the region's terminator on
/// its arguments: the blocks ending in a successor-less terminator branch
/// to it instead, passing that terminator's operands. Returns it.
fn combine_exits(
    ctx: &mut Context,
    region: RegionId,
    consts: &mut Consts,
) -> Result<BlockId, Diagnostic> {
    let exits: Vec<BlockId> = ctx
        .region_blocks(region)
        .iter()
        .copied()
        .filter(|b| ctx.block_successors(*b).is_empty())
        .collect();
    if exits.is_empty() {
        return synthesize_exit(ctx, region, consts);
    }
    // A lone exit block that only passes its arguments on stays the exit;
    // otherwise the exit is a new such block, so that the edges
    // `add_missing_exits` adds do not reach ops that need dominance.
    if let [only] = exits[..] {
        let t = ctx.last_op(only).expect("blocks end in terminators");
        if ctx.first_op(only) == Some(t) && ctx.operands(t) == ctx.block_args(only) {
            return Ok(only);
        }
    }
    let first = ctx.last_op(exits[0]).expect("blocks end in terminators");
    for &e in &exits[1..] {
        let t = ctx.last_op(e).expect("blocks end in terminators");
        let same = ctx.op_name_of(t) == ctx.op_name_of(first)
            && ctx.properties(t) == ctx.properties(first)
            && ctx.attributes(t) == ctx.attributes(first)
            && ctx.operand_types(t) == ctx.operand_types(first)
            && ctx.regions(t).is_empty();
        if !same {
            return Err(ctx
                .op_error(
                    t,
                    "ends its block unlike another exit of the region: lift-cf-to-scf needs one kind of exit",
                )
                .with_note(ctx.loc(first), "the other exit"));
        }
    }
    let loc = ctx.loc(first);
    let types = ctx.operand_types(first);
    let exit = ctx.create_block(&types, loc);
    ctx.append_block(region, exit);
    for (i, &e) in exits.iter().enumerate() {
        let t = ctx.last_op(e).unwrap();
        let operands = ctx.operands(t).to_vec();
        let loc = ctx.loc(t);
        if i == 0 {
            ctx.detach_op(t);
            ctx.append_op(exit, t);
            let args = ctx.block_args(exit).to_vec();
            ctx.set_operands(t, &args);
        } else {
            ctx.erase_op(t);
        }
        Branch::br(exit, operands, loc).write(ctx, e);
    }
    Ok(exit)
}

/// A region that never exits still needs an exit block for its own
/// terminator, reached from nowhere until [`add_missing_exits`].
fn synthesize_exit(
    ctx: &mut Context,
    region: RegionId,
    consts: &mut Consts,
) -> Result<BlockId, Diagnostic> {
    let parent = ctx.region_parent(region).expect("regions have parents");
    let function_results = |ctx: &Context| -> Vec<Type> {
        ctx.prop(parent, "function_type")
            .and_then(|a| ctx.attr_type(a))
            .map(|t| match ctx.type_data(t) {
                TypeData::Function { results, .. } => results.clone(),
                _ => Vec::new(),
            })
            .unwrap_or_default()
    };
    let (name, types) = match ctx.op_name_text(parent) {
        "func.func" => ("func.return", function_results(ctx)),
        "gpu.func" => ("gpu.return", function_results(ctx)),
        "scf.execute_region" => ("scf.yield", ctx.result_types(parent)),
        "gpu.launch" => ("gpu.terminator", Vec::new()),
        _ => {
            return Err(ctx.op_error(
                parent,
                "has a region that never exits: lift-cf-to-scf does not know its terminator",
            ));
        }
    };
    let loc = ctx.loc(parent);
    let exit = ctx.create_block(&[], loc);
    ctx.append_block(region, exit);
    let values = consts.zeros(ctx, &types);
    let state = cuwasm::OperationState::new(ctx, name, loc).operands(&values);
    let t = ctx.create_op(state);
    ctx.append_op(exit, t);
    Ok(exit)
}

/// Give every cycle that nothing leaves an edge to `exit` that is never
/// taken (`cf.cond_br %true`), so that every block reaches the exit.
fn add_missing_exits(ctx: &mut Context, region: RegionId, exit: BlockId, consts: &mut Consts) {
    let cfg = Cfg::new(ctx, region);
    let mut reaches = vec![false; cfg.len()];
    let mut stack = vec![cfg.at(exit)];
    reaches[stack[0]] = true;
    while let Some(b) = stack.pop() {
        for &(p, _) in cfg.preds(b) {
            if !reaches[p] {
                reaches[p] = true;
                stack.push(p);
            }
        }
    }
    if reaches.iter().all(|r| *r) {
        return;
    }
    let all: Vec<usize> = (0..cfg.len()).collect();
    for cycle in cfg.cycles(&all) {
        let closed = cycle
            .iter()
            .all(|b| cfg.succs(*b).iter().all(|s| cycle.binary_search(s).is_ok()));
        if !closed {
            continue;
        }
        let b = cfg.blocks[cycle[0]];
        let t = ctx.last_op(b).unwrap();
        let loc = ctx.loc(t);
        let stay = ctx.create_block(&[], loc);
        let position = ctx
            .region_blocks(region)
            .iter()
            .position(|x| *x == b)
            .unwrap();
        ctx.insert_block(region, position + 1, stay);
        ctx.detach_op(t);
        ctx.append_op(stay, t);
        let always = consts.bool(ctx, true);
        let types = ctx.block_arg_types(exit);
        let zeros = consts.zeros(ctx, &types);
        Branch {
            kind: Kind::CondBr(always),
            targets: vec![(stay, Vec::new()), (exit, zeros)],
            loc,
        }
        .write(ctx, b);
    }
}
