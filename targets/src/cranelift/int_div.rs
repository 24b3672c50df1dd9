//! Integer division that never traps, as GPU code never does.
//!
//! Cranelift's `sdiv`/`udiv`/`srem`/`urem` trap on a zero divisor and `sdiv`
//! on `INT_MIN / -1`. Unless the divisor is a constant known to be safe, it is
//! replaced by 1 when it is 0 (and, for signed ops, when it is -1), so that
//! `x / 0 = x`, `x % 0 = 0`, `x % -1 = 0`, and `x / -1` is computed as the
//! wrapping `-x` (`INT_MIN / -1 = INT_MIN`). MLIR leaves these cases
//! undefined, so any value is correct; these are cheap and deterministic.

use super::function::FnLowering;
use cranelift_codegen::ir::{InstBuilder, Value, condcodes::IntCC};
use cuwasm::OpId;

impl FnLowering<'_, '_> {
    /// `div{s,u}i`, `rem{s,u}i`, `ceildiv{s,u}i`, `floordivsi`.
    pub(super) fn int_division(&mut self, op: OpId, name: &str) -> Value {
        let bool_ty = self.result_is_bool(op, 0);
        let (a, b) = (self.operand(op, 0), self.operand(op, 1));
        // An i1 constant's signed meaning differs from its 0/1: never "known".
        let known = self.constant_operand(op, 1).filter(|_| !bool_ty);
        let r = if name.ends_with("ui") {
            let d = self.safe_udivisor(b, known);
            match name {
                "divui" => self.b.ins().udiv(a, d),
                "remui" => self.b.ins().urem(a, d),
                _ => self.ceildivui(a, d),
            }
        } else {
            let (a, b) = (self.signed_view(a, bool_ty), self.signed_view(b, bool_ty));
            let d = self.safe_sdivisor(b, known);
            match name {
                "remsi" => self.b.ins().srem(a, d),
                "divsi" => self.sdiv(a, b, d, known),
                _ => self.round_sdiv(a, b, d, known, name == "ceildivsi"),
            }
        };
        self.normalize(r, bool_ty)
    }

    fn safe_udivisor(&mut self, b: Value, known: Option<i128>) -> Value {
        if known.is_some_and(|k| k != 0) {
            return b;
        }
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let ty = self.b.func.dfg.value_type(b);
        let one = self.b.ins().iconst(ty, 1);
        self.b.ins().select(zero, one, b)
    }

    fn safe_sdivisor(&mut self, b: Value, known: Option<i128>) -> Value {
        if known.is_some_and(|k| k != 0 && k != -1) {
            return b;
        }
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let bad = self.b.ins().bor(zero, minus_one);
        let ty = self.b.func.dfg.value_type(b);
        let one = self.b.ins().iconst(ty, 1);
        self.b.ins().select(bad, one, b)
    }

    /// `a / b` with the safe divisor `d`: `-a` (wrapping) when `b` is -1.
    fn sdiv(&mut self, a: Value, b: Value, d: Value, known: Option<i128>) -> Value {
        let q = self.b.ins().sdiv(a, d);
        if known.is_some_and(|k| k != -1) {
            return q;
        }
        let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let neg = self.b.ins().ineg(a);
        self.b.ins().select(minus_one, neg, q)
    }

    /// `ceil(a / d)` unsigned: `a == 0 ? 0 : (a - 1) / d + 1`, as MLIR expands it.
    fn ceildivui(&mut self, a: Value, d: Value) -> Value {
        let a_minus_1 = self.b.ins().iadd_imm_s(a, -1);
        let q = self.b.ins().udiv(a_minus_1, d);
        let q1 = self.b.ins().iadd_imm_s(q, 1);
        let a_zero = self.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
        let ty = self.b.func.dfg.value_type(a);
        let zero = self.b.ins().iconst(ty, 0);
        self.b.ins().select(a_zero, zero, q1)
    }

    /// Signed division rounded up (`ceil`) or down (`floor`): the truncated
    /// quotient, moved by one when the remainder is not zero and the exact
    /// quotient is positive (ceil) or negative (floor).
    fn round_sdiv(
        &mut self,
        a: Value,
        b: Value,
        d: Value,
        known: Option<i128>,
        ceil: bool,
    ) -> Value {
        let q = self.sdiv(a, b, d, known);
        let r = self.b.ins().srem(a, d);
        let inexact = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
        let signs = self.b.ins().bxor(a, b);
        let cc = if ceil {
            IntCC::SignedGreaterThanOrEqual
        } else {
            IntCC::SignedLessThan
        };
        let direction = self.b.ins().icmp_imm_s(cc, signs, 0);
        let adjust = self.b.ins().band(inexact, direction);
        let ty = self.b.func.dfg.value_type(q);
        let adjust = self.widen_flag(adjust, ty);
        match ceil {
            true => self.b.ins().iadd(q, adjust),
            false => self.b.ins().isub(q, adjust),
        }
    }
}
