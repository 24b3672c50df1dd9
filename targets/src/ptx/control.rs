//! Control flow: the structured `scf` ops as labels and branches, and the
//! `cf` branches between the blocks of a function.
//!
//! Region results are registers the regions' yields copy into (a parallel
//! copy). Loops are rotated, as nvcc writes them: the condition is tested
//! once before the loop and again at its bottom, so an iteration takes one
//! branch; a `scf.while` whose condition region is large (or has regions of
//! its own) is tested at the top instead, so its code is not duplicated.
//! Small loops with a constant trip count are unrolled (`unroll.rs`).

use super::function::FnEmitter;
use super::types::{Class, Reg, Scalar};
use cuwasm::{Context, Diagnostic, OpId, RegionId, ValueId};

/// The most ops a `scf.while` condition region may have to be duplicated.
const ROTATE_MAX_OPS: usize = 16;

/// The sizes of `cf.cond_br`'s true and false operand groups.
pub(super) fn cond_br_segments(ctx: &Context, op: OpId) -> (usize, usize) {
    let sizes = ctx
        .prop(op, "operandSegmentSizes")
        .and_then(|a| ctx.attr_dense_array(a))
        .map(<[i128]>::to_vec)
        .unwrap_or_default();
    match sizes[..] {
        [_, t, f] => (t as usize, f as usize),
        _ => (ctx.num_operands(op) - 1, 0),
    }
}

impl FnEmitter<'_> {
    /// Emit a `scf` or `cf` op; `false` if it is none this target knows.
    pub(super) fn control(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op) {
            "scf.if" => self.emit_if(op)?,
            "scf.while" => self.emit_while(op)?,
            "scf.for" => self.emit_for(op)?,
            "scf.index_switch" => self.emit_switch(op)?,
            "scf.execute_region" => {
                self.def_results(op)?;
                self.region_into_results(op, self.ctx.region(op, 0))?;
            }
            "cf.br" => self.emit_br(op)?,
            "cf.cond_br" => self.emit_cond_br(op)?,
            "scf.yield" | "scf.condition" => {
                return Err(self.ctx.op_error(
                    op,
                    "is not where the PTX target expects it (the end of a scf region)",
                ));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn def_results(&mut self, op: OpId) -> Result<Vec<ValueId>, Diagnostic> {
        let results: Vec<ValueId> = self.ctx.results(op).collect();
        for &r in &results {
            self.def(op, r)?;
        }
        Ok(results)
    }

    /// Emit the ops of `region`'s block before its terminator; the terminator.
    pub(super) fn emit_region(&mut self, op: OpId, region: RegionId) -> Result<OpId, Diagnostic> {
        let ctx = self.ctx;
        let block = ctx
            .entry_block(region)
            .ok_or_else(|| ctx.op_error(op, "has an empty region"))?;
        let term = ctx
            .terminator(block)
            .filter(|&t| ctx.is_op(t, "scf.yield") || ctx.is_op(t, "scf.condition"))
            .ok_or_else(|| ctx.op_error(op, "has a region without a scf terminator"))?;
        for inner in ctx.block_ops(block).collect::<Vec<_>>() {
            if inner != term {
                self.emit_op(inner)?;
            }
        }
        Ok(term)
    }

    /// Emit `region` and copy what it yields into `op`'s results.
    fn region_into_results(&mut self, op: OpId, region: RegionId) -> Result<(), Diagnostic> {
        let term = self.emit_region(op, region)?;
        let results: Vec<ValueId> = self.ctx.results(op).collect();
        let yielded = self.ctx.operands(term).to_vec();
        self.copy_into(term, &yielded, &results)
    }

    /// `scf.if`: branch around the then region (to the else region, if any);
    /// a small one that only computes values is both regions and selects.
    fn emit_if(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        if speculatable(ctx, op) {
            return self.emit_if_selected(op);
        }
        self.def_results(op)?;
        let cond = self.operand(op, 0)?;
        let (then_r, else_r) = (ctx.region(op, 0), ctx.region(op, 1));
        let has_else = !ctx.region_is_empty(else_r);
        let end = self.new_label();
        let skip = if has_else {
            self.new_label()
        } else {
            end.clone()
        };
        self.line(format_args!("@!{cond} bra \t{skip}"));
        self.region_into_results(op, then_r)?;
        if has_else {
            self.line(format_args!("bra.uni \t{end}"));
            self.place_label(&skip);
            self.region_into_results(op, else_r)?;
        }
        self.place_label(&end);
        Ok(())
    }

    /// A speculatable `scf.if` (see [`speculatable`]): both regions, then a
    /// select per result (predication instead of two branches).
    fn emit_if_selected(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let cond = self.operand(op, 0)?;
        let then_term = self.emit_region(op, ctx.region(op, 0))?;
        let then_vals = ctx.operands(then_term).to_vec();
        let then_regs: Vec<Reg> = then_vals
            .iter()
            .zip(ctx.results(op))
            .map(|(&v, r)| self.value_for(then_term, v, r))
            .collect::<Result<_, _>>()?;
        let else_term = self.emit_region(op, ctx.region(op, 1))?;
        let else_vals = ctx.operands(else_term).to_vec();
        for (i, (&v, a)) in else_vals.iter().zip(then_regs).enumerate() {
            let r = ctx.result(op, i);
            let b = self.value_for(else_term, v, r)?;
            let d = self.def(op, r)?;
            self.select_into(d, cond, a, b);
        }
        Ok(())
    }

    /// `scf.while`: the condition region, then the body while it holds.
    fn emit_while(&mut self, op: OpId) -> Result<(), Diagnostic> {
        if self.try_unroll_while(op)? {
            return Ok(());
        }
        let ctx = self.ctx;
        let (before, after) = (ctx.region(op, 0), ctx.region(op, 1));
        let entry = |r: RegionId| {
            ctx.entry_block(r)
                .ok_or_else(|| ctx.op_error(op, "has an empty region"))
        };
        let carried: Vec<ValueId> = ctx.block_args(entry(before)?).to_vec();
        let body_args: Vec<ValueId> = ctx.block_args(entry(after)?).to_vec();
        for &a in &carried {
            self.def(op, a)?;
        }
        self.copy_into(op, ctx.operands(op), &carried)?;
        let rotate = small_region(ctx, before);
        // the body's arguments and the loop's results: what the condition passes
        for &a in &body_args {
            self.def(op, a)?;
        }
        let results: Vec<ValueId> = ctx.results(op).collect();
        for (&r, &a) in results.iter().zip(&body_args) {
            let reg = self.get(op, a)?;
            self.bind(r, reg);
        }
        let (head, exit) = (self.new_label(), self.new_label());
        if !rotate {
            self.place_label(&head);
        }
        let cond = self.condition(op, before, &body_args)?;
        self.line(format_args!("@!{cond} bra \t{exit}"));
        if rotate {
            self.place_label(&head);
        }
        let term = self.emit_region(op, after)?;
        self.copy_into(term, ctx.operands(term), &carried)?;
        if rotate {
            let cond = self.condition(op, before, &body_args)?;
            self.line(format_args!("@{cond} bra \t{head}"));
        } else {
            self.line(format_args!("bra.uni \t{head}"));
        }
        self.place_label(&exit);
        Ok(())
    }

    /// Emit a `scf.while` condition region and copy what it passes on into
    /// `body_args`; the predicate register.
    fn condition(
        &mut self,
        op: OpId,
        before: RegionId,
        body_args: &[ValueId],
    ) -> Result<Reg, Diagnostic> {
        let term = self.emit_region(op, before)?;
        let ctx = self.ctx;
        if !ctx.is_op(term, "scf.condition") {
            return Err(ctx.op_error(term, "must end a scf.while condition region"));
        }
        let cond = self.operand(term, 0)?;
        self.copy_into(term, &ctx.operands(term)[1..], body_args)?;
        Ok(cond)
    }

    /// `scf.for`: `iv` from `lb` while below `ub` (signed, or unsigned with
    /// `unsignedCmp`), by `step`.
    fn emit_for(&mut self, op: OpId) -> Result<(), Diagnostic> {
        if self.try_unroll_for(op)? {
            return Ok(());
        }
        let ctx = self.ctx;
        let region = ctx.region(op, 0);
        let block = ctx
            .entry_block(region)
            .ok_or_else(|| ctx.op_error(op, "has an empty region"))?;
        let args: Vec<ValueId> = ctx.block_args(block).to_vec();
        let (iv, carried) = (args[0], &args[1..]);
        let s = self.scalar(op, iv)?;
        let iv_reg = self.def(op, iv)?;
        for &a in carried {
            self.def(op, a)?;
        }
        let (lb, ub, step) = (
            self.operand_wide_if(op, 0, s)?,
            self.operand_wide_if(op, 1, s)?,
            self.operand_wide_if(op, 2, s)?,
        );
        self.mov(iv_reg, lb);
        self.copy_into(op, &ctx.operands(op)[3..], carried)?;
        for (r, &a) in ctx.results(op).zip(carried) {
            let reg = self.get(op, a)?;
            self.bind(r, reg);
        }
        let ty = if ctx.prop(op, "unsignedCmp").is_some() {
            s.u()
        } else {
            s.s()
        };
        let (head, exit) = (self.new_label(), self.new_label());
        let p = self.reg(Class::Pred);
        self.line(format_args!("setp.ge{ty} \t{p}, {iv_reg}, {ub}"));
        self.line(format_args!("@{p} bra \t{exit}"));
        self.place_label(&head);
        let term = self.emit_region(op, region)?;
        self.copy_into(term, ctx.operands(term), carried)?;
        self.line(format_args!("add{} \t{iv_reg}, {iv_reg}, {step}", s.s()));
        let q = self.reg(Class::Pred);
        self.line(format_args!("setp.lt{ty} \t{q}, {iv_reg}, {ub}"));
        self.line(format_args!("@{q} bra \t{head}"));
        self.place_label(&exit);
        Ok(())
    }

    /// Operand `i`, widened to 64 bits when `s` is.
    fn operand_wide_if(&mut self, op: OpId, i: usize, s: Scalar) -> Result<Reg, Diagnostic> {
        if s.bits() == 64 {
            self.operand_wide(op, i)
        } else {
            self.operand(op, i)
        }
    }

    /// `scf.index_switch`: compare with each case; the default region when
    /// none matches.
    fn emit_switch(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        self.def_results(op)?;
        let cases: Vec<i128> = ctx
            .prop(op, "cases")
            .and_then(|a| ctx.attr_dense_array(a))
            .map(<[i128]>::to_vec)
            .unwrap_or_default();
        let regions = ctx.regions(op).to_vec();
        if regions.len() != cases.len() + 1 {
            return Err(ctx.op_error(op, "needs one region per case plus the default"));
        }
        let arg = self.operand_wide(op, 0)?;
        let end = self.new_label();
        let labels: Vec<String> = cases.iter().map(|_| self.new_label()).collect();
        for (c, l) in cases.iter().zip(&labels) {
            let p = self.reg(Class::Pred);
            self.line(format_args!("setp.eq.s64 \t{p}, {arg}, {c}"));
            self.line(format_args!("@{p} bra \t{l}"));
        }
        self.region_into_results(op, regions[0])?;
        self.line(format_args!("bra.uni \t{end}"));
        for (l, &r) in labels.iter().zip(&regions[1..]) {
            self.place_label(l);
            self.region_into_results(op, r)?;
            self.line(format_args!("bra.uni \t{end}"));
        }
        self.place_label(&end);
        Ok(())
    }

    /// `cf.br`: copy the operands into the destination's arguments, jump.
    fn emit_br(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let dest = self.ctx.successors(op)[0];
        let operands = self.ctx.operands(op).to_vec();
        self.jump(op, dest, &operands)
    }

    fn jump(
        &mut self,
        op: OpId,
        dest: cuwasm::BlockId,
        operands: &[ValueId],
    ) -> Result<(), Diagnostic> {
        let args = self.ctx.block_args(dest).to_vec();
        self.copy_into(op, operands, &args)?;
        let l = self.block_label(dest);
        self.line(format_args!("bra.uni \t{l}"));
        Ok(())
    }

    /// `cf.cond_br`: the false side's copies behind a branch of their own.
    fn emit_cond_br(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (t, f) = cond_br_segments(ctx, op);
        let operands = ctx.operands(op).to_vec();
        let (t_ops, f_ops) = (&operands[1..1 + t], &operands[1 + t..1 + t + f]);
        let (t_dest, f_dest) = (ctx.successors(op)[0], ctx.successors(op)[1]);
        let cond = self.operand(op, 0)?;
        if t_ops.is_empty() {
            let l = self.block_label(t_dest);
            self.line(format_args!("@{cond} bra \t{l}"));
            return self.jump(op, f_dest, f_ops);
        }
        let other = self.new_label();
        self.line(format_args!("@!{cond} bra \t{other}"));
        self.jump(op, t_dest, t_ops)?;
        self.place_label(&other);
        self.jump(op, f_dest, f_ops)
    }
}

/// Is `region` small and flat enough to emit twice?
fn small_region(ctx: &Context, region: RegionId) -> bool {
    let Some(block) = ctx.entry_block(region) else {
        return false;
    };
    let ops: Vec<OpId> = ctx.block_ops(block).collect();
    ops.len() <= ROTATE_MAX_OPS && ops.iter().all(|&o| ctx.regions(o).is_empty())
}

/// The most ops both regions of a speculated `scf.if` may have together.
const SPECULATE_MAX_OPS: usize = 8;

/// Is `scf.if` `op` cheap to compute whole? It has results and an else
/// region, and its regions hold only a few ops that cannot fault or write
/// (comparisons, selects, integer and float arithmetic but division, casts,
/// constants): emitting both and selecting takes no branch.
fn speculatable(ctx: &Context, op: OpId) -> bool {
    if ctx.num_results(op) == 0 || ctx.region_is_empty(ctx.region(op, 1)) {
        return false;
    }
    let mut count = 0;
    for &r in ctx.regions(op) {
        let Some(block) = ctx.entry_block(r) else {
            return false;
        };
        for inner in ctx.block_ops(block) {
            let name = ctx.op_name_text(inner);
            if name == "scf.yield" {
                continue;
            }
            count += 1;
            let cheap = name.starts_with("arith.")
                && !["div", "rem", "ceildiv", "floordiv"]
                    .iter()
                    .any(|d| name["arith.".len()..].starts_with(d));
            if !cheap || count > SPECULATE_MAX_OPS {
                return false;
            }
        }
    }
    true
}
