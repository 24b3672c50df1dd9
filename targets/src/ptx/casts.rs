//! Casts: integer extension and truncation (`i1` as a select, `i8` read at
//! its own width), `index` casts (a 32-bit id is its own i32), integer to
//! float and back (`cvt.rn`, `cvt.rzi`, saturating), float widths, and
//! bitcasts (the register itself, or a `mov` between classes).

use super::arith::float_bits;
use super::function::FnEmitter;
use super::types::{Class, Scalar, float_literal};
use cuwasm::{Diagnostic, OpId};

impl FnEmitter<'_> {
    pub(super) fn int_extend(&mut self, op: OpId, signed: bool) -> Result<(), Diagnostic> {
        let (from, to) = (self.operand_scalar(op, 0)?, self.result_scalar(op, 0)?);
        let x = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        if from == Scalar::I1 {
            let one = if signed { "-1" } else { "1" };
            let ty = if signed { to.s() } else { to.u() };
            self.line(format_args!("selp{ty} \t{d}, {one}, 0, {x}"));
            return Ok(());
        }
        let (dt, st) = if signed {
            (to.s(), from.s_exact())
        } else {
            (to.u(), from.u_exact())
        };
        self.line(format_args!("cvt{dt}{st} \t{d}, {x}"));
        Ok(())
    }

    pub(super) fn trunc(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let (from, to) = (self.operand_scalar(op, 0)?, self.result_scalar(op, 0)?);
        let x = self.operand(op, 0)?;
        let x = if from == Scalar::I64 {
            self.widen_index(x)
        } else {
            x
        };
        if to == Scalar::I1 {
            let t = self.reg(from.class());
            let d = self.def_result(op, 0)?;
            self.line(format_args!("and{} \t{t}, {x}, 1", from.b()));
            self.line(format_args!("setp.ne{} \t{d}, {t}, 0", from.b()));
            return Ok(());
        }
        if from.reg_bits() == to.reg_bits() {
            // i16 to i8: the low byte is already there
            self.bind(self.ctx.result(op, 0), x);
            return Ok(());
        }
        let d = self.def_result(op, 0)?;
        self.line(format_args!("cvt{}{} \t{d}, {x}", to.u(), from.u()));
        Ok(())
    }

    pub(super) fn index_cast(&mut self, op: OpId, signed: bool) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (from, to) = (self.operand_scalar(op, 0)?, self.result_scalar(op, 0)?);
        let x = self.operand(op, 0)?;
        let result = ctx.result(op, 0);
        // an id in a 32-bit register to i32: the register itself
        if x.class == Class::B32 && to == Scalar::I32 {
            self.bind(result, x);
            return Ok(());
        }
        let x = if from == Scalar::I64 {
            self.widen_index(x)
        } else {
            x
        };
        if from == to || (from.reg_bits() == to.reg_bits() && from != Scalar::I1) {
            self.bind(result, x);
            return Ok(());
        }
        if from.bits() < to.bits() {
            return self.int_extend(op, signed);
        }
        self.trunc(op)
    }

    pub(super) fn int_to_float(&mut self, op: OpId, signed: bool) -> Result<(), Diagnostic> {
        let (from, to) = (self.operand_scalar(op, 0)?, self.result_scalar(op, 0)?);
        if from == Scalar::I1 {
            let x = self.operand(op, 0)?;
            let d = self.def_result(op, 0)?;
            let one = float_literal(to, float_bits(to, if signed { -1.0 } else { 1.0 }));
            let zero = float_literal(to, 0);
            let ty = if to == Scalar::F16 { ".b16" } else { to.f() };
            self.line(format_args!("selp{ty} \t{d}, {one}, {zero}, {x}"));
            return Ok(());
        }
        let x = self.exact_operand(op, 0, signed)?;
        let d = self.def_result(op, 0)?;
        let ty = if signed { from.s() } else { from.u() };
        self.line(format_args!("cvt.rn{}{ty} \t{d}, {x}", to.f()));
        Ok(())
    }

    pub(super) fn float_to_int(&mut self, op: OpId, signed: bool) -> Result<(), Diagnostic> {
        let (from, to) = (self.operand_scalar(op, 0)?, self.result_scalar(op, 0)?);
        if to == Scalar::I1 {
            return Err(self
                .ctx
                .op_error(op, "to i1 is not supported by the PTX target"));
        }
        let x = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        let ty = if signed { to.s() } else { to.u() };
        self.line(format_args!("cvt.rzi{ty}{} \t{d}, {x}", from.f()));
        Ok(())
    }

    pub(super) fn float_resize(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let (from, to) = (self.operand_scalar(op, 0)?, self.result_scalar(op, 0)?);
        let x = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        // MLIR's RoundingMode: 0 to nearest even, 1 downward, 2 upward, 3
        // toward zero (PTX's cvt.rz.f16.f32 and friends keep theirs).
        let mode = self.ctx.prop(op, "roundingmode");
        let rnd = match (
            to.bits() < from.bits(),
            mode.and_then(|a| self.ctx.attr_int(a)),
        ) {
            (false, _) => "",
            (true, Some(1)) => ".rm",
            (true, Some(2)) => ".rp",
            (true, Some(3)) => ".rz",
            (true, _) => ".rn",
        };
        self.line(format_args!("cvt{rnd}{}{} \t{d}, {x}", to.f(), from.f()));
        Ok(())
    }

    pub(super) fn bitcast(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let x = self.operand(op, 0)?;
        let to = self.result_scalar(op, 0)?;
        let x = if to.bits() == 64 {
            self.widen_index(x)
        } else {
            x
        };
        if x.class == to.class() {
            self.bind(self.ctx.result(op, 0), x);
            return Ok(());
        }
        let d = self.def_result(op, 0)?;
        self.line(format_args!("mov{} \t{d}, {x}", to.b()));
        Ok(())
    }
}
