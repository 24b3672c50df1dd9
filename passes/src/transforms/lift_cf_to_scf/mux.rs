//! Multiplexers (Bahmann et al.'s "edge multiplexers", as MLIR's CFGToSCF
//! calls them): several edges to several targets are sent to one block
//! instead, which then dispatches. An edge passes its operands in its
//! target's slot of the payload, zeros in the other slots, and the target's
//! number as the selector: `i1` for two targets (true: the first), `i32`
//! for more, none for one.

use super::consts::Consts;
use super::term::{Branch, Kind};
use cuwasm::{BlockId, Context, Location, RegionId, Type, ValueId};

/// How a multiplexer's payload is laid out: each target's arguments in
/// turn, then the selector.
pub struct Payload {
    /// Per target: the block, where its slot starts, how many values.
    targets: Vec<(BlockId, usize, usize)>,
    selector: Option<Type>,
    pub types: Vec<Type>,
}

impl Payload {
    /// The payload for edges to `targets` (distinct blocks).
    pub fn new(ctx: &Context, targets: &[BlockId]) -> Payload {
        let mut types = Vec::new();
        let mut slots = Vec::new();
        for &t in targets {
            let args = ctx.block_arg_types(t);
            slots.push((t, types.len(), args.len()));
            types.extend(args);
        }
        let selector = match targets.len() {
            0 | 1 => None,
            2 => Some(ctx.i1()),
            _ => Some(ctx.i32()),
        };
        types.extend(selector);
        Payload {
            targets: slots,
            selector,
            types,
        }
    }

    /// The payload an edge to `target` with `args` passes; all zeros for `None`.
    pub fn operands(
        &self,
        ctx: &mut Context,
        consts: &mut Consts,
        to: Option<(BlockId, &[ValueId])>,
    ) -> Vec<ValueId> {
        let mut out = Vec::with_capacity(self.types.len());
        let slot = to.map(|(t, _)| {
            self.targets
                .iter()
                .position(|s| s.0 == t)
                .expect("edge to a target of the multiplexer")
        });
        for (j, &(_, start, len)) in self.targets.iter().enumerate() {
            match (slot, to) {
                (Some(s), Some((_, args))) if s == j => out.extend_from_slice(args),
                _ => {
                    let types = self.types[start..start + len].to_vec();
                    out.extend(consts.zeros(ctx, &types));
                }
            }
        }
        if let Some(ty) = self.selector {
            let j = slot.unwrap_or(0);
            let value = if self.targets.len() == 2 {
                (j == 0) as i128
            } else {
                j as i128
            };
            out.push(consts.int(ctx, ty, value));
        }
        out
    }

    /// The branch from `values` (laid out as this payload) to the targets.
    pub fn dispatch(&self, values: &[ValueId], loc: Location) -> Branch {
        let targets: Vec<(BlockId, Vec<ValueId>)> = self
            .targets
            .iter()
            .map(|&(t, start, len)| (t, values[start..start + len].to_vec()))
            .collect();
        let kind = match targets.len() {
            1 => Kind::Br,
            2 => Kind::CondBr(values[values.len() - 1]),
            n => {
                // Cases 0..n-2; the last target is the default.
                let flag = values[values.len() - 1];
                let mut targets = targets;
                let last = targets.pop().unwrap();
                targets.insert(0, last);
                return Branch {
                    kind: Kind::Switch {
                        flag,
                        cases: (0..n as i128 - 1).collect(),
                    },
                    targets,
                    loc,
                };
            }
        };
        Branch { kind, targets, loc }
    }
}

/// Point successor `succ` of `from`'s branch at `to` with `args`.
pub fn retarget(ctx: &mut Context, from: BlockId, succ: usize, to: BlockId, args: Vec<ValueId>) {
    let mut branch = Branch::read(ctx, from).expect("edges start at cf branches");
    branch.targets[succ] = (to, args);
    branch.write(ctx, from);
}

/// Send `edges` (successor numbers of blocks) through a new multiplexer
/// block inserted at `position` of `region`, which dispatches to their
/// former targets. Returns the multiplexer.
pub fn multiplex(
    ctx: &mut Context,
    consts: &mut Consts,
    region: RegionId,
    edges: &[(BlockId, usize)],
    position: usize,
    loc: Location,
) -> BlockId {
    let mut targets: Vec<BlockId> = Vec::new();
    for &(from, succ) in edges {
        let t = ctx.block_successors(from)[succ];
        if !targets.contains(&t) {
            targets.push(t);
        }
    }
    let payload = Payload::new(ctx, &targets);
    let mux = ctx.create_block(&payload.types, loc);
    ctx.insert_block(region, position, mux);
    for &(from, succ) in edges {
        let (t, args) = Branch::read(ctx, from)
            .expect("edges start at cf branches")
            .targets[succ]
            .clone();
        let ops = payload.operands(ctx, consts, Some((t, &args)));
        retarget(ctx, from, succ, mux, ops);
    }
    let args = ctx.block_args(mux).to_vec();
    payload.dispatch(&args, loc).write(ctx, mux);
    mux
}
