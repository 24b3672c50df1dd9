//! cf terminators as plain data. [`Branch::read`] takes a block's `cf.br`,
//! `cf.cond_br` or `cf.switch` apart into its targets and their operands;
//! the structurizer edits targets and operands and [`Branch::write`] puts a
//! fresh op in the old one's place.

use cuwasm::{
    AttrData, BlockId, Context, DenseValues, Location, OpId, OperationState, TypeData, ValueId,
};

/// What decides where a branch goes.
#[derive(Clone, Debug)]
pub enum Kind {
    Br,
    CondBr(ValueId),
    /// `targets[0]` is the default, `targets[i + 1]` is taken when the flag
    /// equals `cases[i]` (sign-extended from the flag's width).
    Switch {
        flag: ValueId,
        cases: Vec<i128>,
    },
}

/// A cf terminator: its kind and, per successor, the target and the operands
/// passed to the target's arguments.
#[derive(Clone, Debug)]
pub struct Branch {
    pub kind: Kind,
    pub targets: Vec<(BlockId, Vec<ValueId>)>,
    pub loc: Location,
}

/// The ops [`Branch`] stands for.
pub const BRANCH_OPS: [&str; 3] = ["cf.br", "cf.cond_br", "cf.switch"];

/// `value`'s low `width` bits, sign-extended.
pub fn sign_extend(value: i128, width: u32) -> i128 {
    if width == 0 || width >= 128 {
        return value;
    }
    let shift = 128 - width;
    (value << shift) >> shift
}

impl Branch {
    /// An unconditional branch.
    pub fn br(target: BlockId, args: Vec<ValueId>, loc: Location) -> Branch {
        Branch {
            kind: Kind::Br,
            targets: vec![(target, args)],
            loc,
        }
    }

    /// The cf terminator ending `block`, if it ends in one.
    pub fn read(ctx: &Context, block: BlockId) -> Option<Branch> {
        let op = ctx.last_op(block)?;
        let name = ctx.op_name_text(op);
        if !BRANCH_OPS.contains(&name) {
            return None;
        }
        let ranges = ctx.op_info(op)?.successor_operands?;
        let operands = ctx.operands(op);
        let targets: Vec<(BlockId, Vec<ValueId>)> = ctx
            .successors(op)
            .iter()
            .enumerate()
            .map(|(i, b)| (*b, operands[ranges(ctx, op, i)].to_vec()))
            .collect();
        let kind = match name {
            "cf.br" => Kind::Br,
            "cf.cond_br" => Kind::CondBr(operands[0]),
            _ => Kind::Switch {
                flag: operands[0],
                cases: case_values(ctx, op, targets.len() - 1),
            },
        };
        Some(Branch {
            kind,
            targets,
            loc: ctx.loc(op),
        })
    }

    /// A detached op for this branch.
    pub fn build(&self, ctx: &mut Context) -> OpId {
        let successors: Vec<BlockId> = self.targets.iter().map(|(t, _)| *t).collect();
        let sizes: Vec<i32> = self.targets.iter().map(|(_, a)| a.len() as i32).collect();
        let args = self.targets.iter().flat_map(|(_, a)| a.iter().copied());
        let state = match &self.kind {
            Kind::Br => OperationState::new(ctx, "cf.br", self.loc),
            Kind::CondBr(c) => {
                let segments = ctx.dense_i32_array(&[1, sizes[0], sizes[1]]);
                OperationState::new(ctx, "cf.cond_br", self.loc)
                    .operands(&[*c])
                    .property(ctx, "operandSegmentSizes", segments)
            }
            Kind::Switch { flag, cases } => {
                let flag_ty = ctx.value_type(*flag);
                let segments = ctx.dense_i32_array(&[1, sizes[0], sizes[1..].iter().sum()]);
                let case_segments = ctx.dense_i32_array(&sizes[1..]);
                let mut state = OperationState::new(ctx, "cf.switch", self.loc)
                    .operands(&[*flag])
                    .property(ctx, "operandSegmentSizes", segments)
                    .property(ctx, "case_operand_segments", case_segments);
                if !cases.is_empty() {
                    let width = ctx.int_width(flag_ty).unwrap_or(64);
                    let values: Vec<i128> = cases.iter().map(|v| sign_extend(*v, width)).collect();
                    let values = ctx.intern_attr(AttrData::Dense {
                        ty: ctx.vector_type(&[cases.len() as i64], flag_ty),
                        splat: values.len() == 1,
                        values: DenseValues::Int(values),
                    });
                    state = state.property(ctx, "case_values", values);
                }
                state
            }
        };
        let args: Vec<ValueId> = args.collect();
        ctx.create_op(state.operands(&args).successors(&successors))
    }

    /// Put this branch at the end of `block`, in place of its cf terminator if it has one.
    pub fn write(&self, ctx: &mut Context, block: BlockId) {
        if let Some(old) = ctx.last_op(block)
            && BRANCH_OPS.contains(&ctx.op_name_text(old))
        {
            ctx.erase_op(old);
        }
        let op = self.build(ctx);
        ctx.append_op(block, op);
    }
}

/// The case values of a `cf.switch`, one per case successor, sign-extended.
fn case_values(ctx: &Context, op: OpId, n: usize) -> Vec<i128> {
    let flag_ty = ctx.value_type(ctx.operand(op, 0));
    let width = match ctx.type_data(flag_ty) {
        TypeData::Integer { width, .. } => *width,
        _ => 64,
    };
    let Some(attr) = ctx.prop(op, "case_values") else {
        return Vec::new();
    };
    match ctx.attr_data(attr) {
        AttrData::Dense {
            values: DenseValues::Int(v),
            splat,
            ..
        } => {
            let v: Vec<i128> = if *splat {
                vec![v.first().copied().unwrap_or(0); n]
            } else {
                v.clone()
            };
            v.into_iter().map(|x| sign_extend(x, width)).collect()
        }
        _ => Vec::new(),
    }
}
