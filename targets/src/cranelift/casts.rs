//! `arith` casts between integers, `index`, and floats.
//!
//! Float-to-integer casts saturate (NaN gives 0), like Rust's `as`: Cranelift's
//! `fcvt_to_{s,u}int_sat` for 32 and 64 bits, and a clamp of the 32-bit result
//! for narrower integers. Narrow integers convert to floats through `i32`.

use super::function::FnLowering;
use cranelift_codegen::ir::{self, InstBuilder, MemFlagsData, Value, types};
use cuwasm::OpId;

impl FnLowering<'_, '_> {
    /// Lower the cast `arith.<name>`, or `None` if `name` is no cast.
    pub(super) fn lower_cast(&mut self, op: OpId, name: &str) -> Option<Value> {
        let (from, to) = (self.operand_type(op, 0), self.result_type(op, 0));
        let (from_bool, to_bool) = (self.operand_is_bool(op, 0), self.result_is_bool(op, 0));
        let x = self.operand(op, 0);
        Some(match name {
            "extsi" | "index_cast" => {
                let x = self.signed_view(x, from_bool);
                self.resize_int(x, to, to_bool, true)
            }
            "extui" | "index_castui" => self.resize_int(x, to, to_bool, false),
            "trunci" => self.resize_int(x, to, to_bool, false),
            "sitofp" => {
                let x = self.signed_view(x, from_bool);
                let x = self.at_least_i32(x, from, true);
                self.b.ins().fcvt_from_sint(to, x)
            }
            "uitofp" => {
                let x = self.at_least_i32(x, from, false);
                self.b.ins().fcvt_from_uint(to, x)
            }
            "fptosi" => self.float_to_int(x, to, to_bool, true),
            "fptoui" => self.float_to_int(x, to, to_bool, false),
            "extf" => self.b.ins().fpromote(to, x),
            "truncf" => self.b.ins().fdemote(to, x),
            "bitcast" if from == to => x,
            "bitcast" => self.b.ins().bitcast(to, MemFlagsData::new(), x),
            _ => return None,
        })
    }

    /// `x` (already in its signed view when `signed`) as an integer of type
    /// `to`: extended, truncated or unchanged.
    fn resize_int(&mut self, x: Value, to: ir::Type, to_bool: bool, signed: bool) -> Value {
        let from = self.b.func.dfg.value_type(x);
        let r = if to.bits() > from.bits() {
            match signed {
                true => self.b.ins().sextend(to, x),
                false => self.b.ins().uextend(to, x),
            }
        } else if to.bits() < from.bits() {
            self.b.ins().ireduce(to, x)
        } else {
            x
        };
        self.normalize(r, to_bool)
    }

    fn at_least_i32(&mut self, x: Value, from: ir::Type, signed: bool) -> Value {
        match (from.bits() < 32, signed) {
            (false, _) => x,
            (true, true) => self.b.ins().sextend(types::I32, x),
            (true, false) => self.b.ins().uextend(types::I32, x),
        }
    }

    fn float_to_int(&mut self, x: Value, to: ir::Type, to_bool: bool, signed: bool) -> Value {
        let wide = if to.bits() >= 32 { to } else { types::I32 };
        let r = match signed {
            true => self.b.ins().fcvt_to_sint_sat(wide, x),
            false => self.b.ins().fcvt_to_uint_sat(wide, x),
        };
        if wide == to {
            return r;
        }
        let bits = if to_bool { 1 } else { to.bits() };
        let r = match signed {
            true => {
                let lo = self.int_const(types::I32, -(1i128 << (bits - 1)));
                let hi = self.int_const(types::I32, (1i128 << (bits - 1)) - 1);
                let r = self.b.ins().smax(r, lo);
                self.b.ins().smin(r, hi)
            }
            false => {
                let hi = self.int_const(types::I32, (1i128 << bits) - 1);
                self.b.ins().umin(r, hi)
            }
        };
        let r = self.b.ins().ireduce(to, r);
        self.normalize(r, to_bool)
    }
}
