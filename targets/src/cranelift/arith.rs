//! `arith`: constants, integer and float arithmetic, `select`; divisions are
//! in `int_div.rs`, comparisons in `compare.rs`, casts in `casts.rs`.
//!
//! `i1` values live in an `i8` as 0/1: signed operations see them as 0/-1
//! (`signed_view`), and results that may leave 0/1 are masked (`normalize`).

use super::function::FnLowering;
use cranelift_codegen::ir::{
    self, InstBuilder, Value,
    condcodes::FloatCC,
    immediates::{Ieee32, Ieee64},
    types,
};
use cuwasm::{AttrData, Diagnostic, OpId};

impl FnLowering<'_, '_> {
    /// Lower an `arith` op; `false` if it is none this target knows.
    pub(super) fn lower_arith(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let name = &self.ctx.op_name_text(op)["arith.".len()..];
        let value = match name {
            "constant" => self.arith_constant(op)?,
            "addi" | "subi" | "muli" | "andi" | "ori" | "xori" | "shli" | "shrsi" | "shrui"
            | "maxsi" | "minsi" | "maxui" | "minui" => self.int_binary(op, name),
            "divsi" | "divui" | "remsi" | "remui" | "ceildivsi" | "ceildivui" | "floordivsi" => {
                self.int_division(op, name)
            }
            "addf" | "subf" | "mulf" | "divf" | "remf" | "maximumf" | "minimumf" | "maxnumf"
            | "minnumf" => self.float_binary(op, name)?,
            "negf" => {
                let x = self.operand(op, 0);
                self.b.ins().fneg(x)
            }
            "select" => {
                let [c, t, f] = [0, 1, 2].map(|i| self.operand(op, i));
                self.b.ins().select(c, t, f)
            }
            "cmpi" => self.cmpi(op)?,
            "cmpf" => self.cmpf(op)?,
            "addui_extended" | "mulsi_extended" | "mului_extended" => {
                self.int_extended(op, name);
                return Ok(true);
            }
            _ => match self.lower_cast(op, name) {
                Some(v) => v,
                None => return Ok(false),
            },
        };
        self.set_result(op, 0, value);
        Ok(true)
    }

    fn arith_constant(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let ctx = self.ctx;
        let ty = self.result_type(op, 0);
        let attr = ctx.prop(op, "value").expect("verified");
        Ok(match ctx.attr_data(attr) {
            AttrData::Integer { value, .. } | AttrData::UntypedInteger(value) => {
                self.int_const(ty, *value)
            }
            AttrData::Float { bits, .. } if ty == types::F32 => {
                self.b.ins().f32const(Ieee32::with_bits(*bits as u32))
            }
            AttrData::Float { bits, .. } => self.b.ins().f64const(Ieee64::with_bits(*bits)),
            _ => return Err(ctx.op_error(op, "has a value the Cranelift target does not support")),
        })
    }

    /// `iconst` of `value` truncated to `ty`'s width (Cranelift wants the
    /// immediate's unused high bits clear).
    pub(super) fn int_const(&mut self, ty: ir::Type, value: i128) -> Value {
        let bits = ty.bits();
        let masked = if bits >= 64 {
            value as u64
        } else {
            value as u64 & ((1u64 << bits) - 1)
        };
        self.b.ins().iconst(ty, masked as i64)
    }

    fn int_binary(&mut self, op: OpId, name: &str) -> Value {
        let bool_ty = self.result_is_bool(op, 0);
        let (a, b) = (self.operand(op, 0), self.operand(op, 1));
        let signed = matches!(name, "shrsi" | "maxsi" | "minsi");
        let (a, b) = match signed {
            true => (self.signed_view(a, bool_ty), self.signed_view(b, bool_ty)),
            false => (a, b),
        };
        let ins = self.b.ins();
        // Shifts: Cranelift takes the amount modulo the bit width, which is one
        // of the values MLIR's poison (amount >= width) allows.
        let r = match name {
            "addi" => ins.iadd(a, b),
            "subi" => ins.isub(a, b),
            "muli" => ins.imul(a, b),
            "andi" => ins.band(a, b),
            "ori" => ins.bor(a, b),
            "xori" => ins.bxor(a, b),
            "shli" => ins.ishl(a, b),
            "shrsi" => ins.sshr(a, b),
            "shrui" => ins.ushr(a, b),
            "maxsi" => ins.smax(a, b),
            "minsi" => ins.smin(a, b),
            "maxui" => ins.umax(a, b),
            _ => ins.umin(a, b),
        };
        self.normalize(r, bool_ty)
    }

    /// `addui_extended` (sum, carry), `mul{s,u}i_extended` (low, high half).
    fn int_extended(&mut self, op: OpId, name: &str) {
        let bool_ty = self.result_is_bool(op, 0);
        let (a, b) = (self.operand(op, 0), self.operand(op, 1));
        let (first, second) = match name {
            "addui_extended" => {
                let sum = self.b.ins().iadd(a, b);
                let sum = self.normalize(sum, bool_ty);
                let carry = self
                    .b
                    .ins()
                    .icmp(ir::condcodes::IntCC::UnsignedLessThan, sum, a);
                (sum, carry)
            }
            "mulsi_extended" => {
                let (a, b) = (self.signed_view(a, bool_ty), self.signed_view(b, bool_ty));
                let (lo, hi) = (self.b.ins().imul(a, b), self.b.ins().smulhi(a, b));
                (self.normalize(lo, bool_ty), self.normalize(hi, bool_ty))
            }
            _ => {
                let (lo, hi) = (self.b.ins().imul(a, b), self.b.ins().umulhi(a, b));
                (self.normalize(lo, bool_ty), self.normalize(hi, bool_ty))
            }
        };
        self.set_result(op, 0, first);
        self.set_result(op, 1, second);
    }

    fn float_binary(&mut self, op: OpId, name: &str) -> Result<Value, Diagnostic> {
        let (a, b) = (self.operand(op, 0), self.operand(op, 1));
        Ok(match name {
            "addf" => self.b.ins().fadd(a, b),
            "subf" => self.b.ins().fsub(a, b),
            "mulf" => self.b.ins().fmul(a, b),
            "divf" => self.b.ins().fdiv(a, b),
            // Cranelift has no remainder: C's fmod is the same IEEE operation.
            "remf" => self.libm_call(op, "fmod", &[a, b])?,
            // Cranelift's fmax/fmin propagate NaN and order -0 < +0: maximumf/minimumf.
            "maximumf" => self.b.ins().fmax(a, b),
            "minimumf" => self.b.ins().fmin(a, b),
            "maxnumf" => self.float_num(a, b, true),
            _ => self.float_num(a, b, false),
        })
    }

    /// IEEE maxNum/minNum (`maxnumf`/`minnumf`): a NaN operand yields the
    /// other one; both NaN yield NaN.
    pub(super) fn float_num(&mut self, a: Value, b: Value, max: bool) -> Value {
        let a_nan = self.b.ins().fcmp(FloatCC::Unordered, a, a);
        let a2 = self.b.ins().select(a_nan, b, a);
        let b_nan = self.b.ins().fcmp(FloatCC::Unordered, b, b);
        let b2 = self.b.ins().select(b_nan, a2, b);
        match max {
            true => self.b.ins().fmax(a2, b2),
            false => self.b.ins().fmin(a2, b2),
        }
    }
}
