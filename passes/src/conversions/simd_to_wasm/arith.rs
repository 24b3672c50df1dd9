//! `arith` on scalars: integer ops of every width (see [`FnConv::normalize`]
//! and [`FnConv::signed`]), division that never traps (as on the CPU path:
//! `x / 0 = x`, `x % 0 = 0`, `x / -1 = -x`), comparisons, casts and floats.

use super::function::FnConv;
use cuwasm::{AttrData, Diagnostic, OpId, Type, ValueId};

/// `arith.cmpi` predicates in MLIR's order, as Wasm comparisons.
const CMPI: [&str; 10] = [
    "eq", "ne", "lt_s", "le_s", "gt_s", "ge_s", "lt_u", "le_u", "gt_u", "ge_u",
];

impl FnConv<'_> {
    pub(super) fn arith(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let name = self.ctx.op_name_text(op)["arith.".len()..].to_string();
        let name = name.as_str();
        let v = match name {
            "addui_extended" | "mului_extended" | "mulsi_extended" => {
                let (low, high) = self.extended(op, name);
                self.set_result(op, 1, high);
                low
            }
            "constant" => self.arith_constant(op)?,
            "addi" | "subi" | "muli" | "andi" | "ori" | "xori" | "shli" | "shrui" => {
                self.int_binary(op, name)
            }
            "shrsi" => {
                let ty = self.old_ty(op);
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                let a = self.signed(a, ty);
                let shape = self.shape(self.ctx.value_type(a));
                let r = self.binary(&format!("{shape}.shr_s"), a, b);
                self.normalize(r, ty)
            }
            "divsi" | "divui" | "remsi" | "remui" | "ceildivsi" | "ceildivui" | "floordivsi" => {
                self.int_division(op, name)
            }
            "maxsi" | "minsi" | "maxui" | "minui" => {
                let ty = self.old_ty(op);
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                let signed = name.ends_with("si");
                let (sa, sb) = match signed {
                    true => (self.signed(a, ty), self.signed(b, ty)),
                    false => (a, b),
                };
                let pred = match (name.starts_with("max"), signed) {
                    (true, true) => "gt_s",
                    (true, false) => "gt_u",
                    (false, true) => "lt_s",
                    (false, false) => "lt_u",
                };
                let shape = self.shape(self.ctx.value_type(a));
                let take_a = self.compare(&format!("{shape}.{pred}"), sa, sb);
                self.select(take_a, a, b)
            }
            "cmpi" => {
                let pred = self.predicate(op)?;
                let ty = self.mlir_ty(self.ctx.operand(op, 0));
                let (mut a, mut b) = (self.operand(op, 0), self.operand(op, 1));
                if (2..=5).contains(&pred) {
                    a = self.signed(a, ty);
                    b = self.signed(b, ty);
                }
                let shape = self.shape(self.ctx.value_type(a));
                self.compare(&format!("{shape}.{}", CMPI[pred]), a, b)
            }
            "cmpf" => {
                let pred = self.predicate(op)?;
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                self.cmpf(pred, a, b)
            }
            "select" => {
                let (c, a, b) = (
                    self.operand(op, 0),
                    self.operand(op, 1),
                    self.operand(op, 2),
                );
                self.select(c, a, b)
            }
            "addf" | "subf" | "mulf" | "divf" => {
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                let shape = self.shape(self.ctx.value_type(a));
                self.binary(&format!("{shape}.{}", &name[..3]), a, b)
            }
            "negf" => {
                let a = self.operand(op, 0);
                let shape = self.shape(self.ctx.value_type(a));
                self.unary(&format!("{shape}.neg"), a)
            }
            "remf" => {
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                let ty = self.ctx.value_type(a);
                let f = if self.shape(ty) == "f32" {
                    "fmodf"
                } else {
                    "fmod"
                };
                self.call_import(f, &[a, b], ty)
            }
            "maximumf" | "minimumf" => {
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                let shape = self.shape(self.ctx.value_type(a));
                self.binary(&format!("{shape}.{}", &name[..3]), a, b)
            }
            "maxnumf" | "minnumf" => {
                let (a, b) = (self.operand(op, 0), self.operand(op, 1));
                self.float_num_minmax(&name[..3], a, b)
            }
            _ => match self.cast(op, name)? {
                Some(v) => v,
                None => return Ok(false),
            },
        };
        self.set_result(op, 0, v);
        Ok(true)
    }

    /// The MLIR type of `op`'s first result.
    pub(super) fn old_ty(&self, op: OpId) -> Type {
        self.mlir_ty(self.ctx.result(op, 0))
    }

    fn predicate(&self, op: OpId) -> Result<usize, Diagnostic> {
        let p = self
            .ctx
            .prop(op, "predicate")
            .and_then(|a| self.ctx.attr_int(a));
        p.map(|p| p as usize)
            .ok_or_else(|| self.ctx.op_error(op, "requires 'predicate'"))
    }

    fn arith_constant(&mut self, op: OpId) -> Result<ValueId, Diagnostic> {
        let attr = self.ctx.prop(op, "value").expect("verified");
        let old = self.old_ty(op);
        let ty = self.result_ty(op, 0)?;
        match self.ctx.attr_data(attr).clone() {
            AttrData::Integer { value, .. } => {
                let value = match self.narrow_width(old) {
                    Some(w) => value & ((1i128 << w) - 1),
                    None => value,
                };
                Ok(self.const_int(ty, value))
            }
            AttrData::Float { bits, .. } => Ok(self.const_float_bits(ty, bits)),
            AttrData::Dense { .. } => self.vector_constant(op, attr, ty),
            _ => Err(self
                .ctx
                .op_error(op, "has a value the Wasm target does not support")),
        }
    }

    /// `addi`, `subi`, `muli`, `andi`, `ori`, `xori`, `shli`, `shrui`: the Wasm
    /// instruction, masked for narrow types (shifts by at least the width
    /// follow Wasm's modulo rule, which MLIR leaves undefined).
    fn int_binary(&mut self, op: OpId, name: &str) -> ValueId {
        let ty = self.old_ty(op);
        let (a, b) = (self.operand(op, 0), self.operand(op, 1));
        let inst = match name {
            "addi" => "add",
            "subi" => "sub",
            "muli" => "mul",
            "andi" => "and",
            "ori" => "or",
            "xori" => "xor",
            "shli" => "shl",
            _ => "shr_u",
        };
        let shape = self.shape(self.ctx.value_type(a));
        let r = self.binary(&format!("{shape}.{inst}"), a, b);
        match inst {
            "and" | "or" | "xor" | "shr_u" => r,
            _ => self.normalize(r, ty),
        }
    }

    /// The two results of `addui_extended` (sum, carry) and of
    /// `mului_extended`/`mulsi_extended` (low and high halves of the double
    /// width product). Up to 32 bits the product is one `i64.mul`; 64-bit
    /// halves come from four 32x32 products, the signed high half from the
    /// unsigned one minus `b` where `a < 0` and `a` where `b < 0`.
    fn extended(&mut self, op: OpId, name: &str) -> (ValueId, ValueId) {
        let ty = self.old_ty(op);
        let (a, b) = (self.operand(op, 0), self.operand(op, 1));
        let shape = self.shape(self.ctx.value_type(a));
        if name == "addui_extended" {
            let sum = self.binary(&format!("{shape}.add"), a, b);
            let sum = self.normalize(sum, ty);
            let carry = self.compare(&format!("{shape}.lt_u"), sum, a);
            return (sum, carry);
        }
        let signed = name == "mulsi_extended";
        let (i32, i64) = (self.ctx.i32(), self.ctx.i64());
        let width = self.width(ty);
        if width <= 32 {
            let (a, b) = match signed {
                true => (self.signed(a, ty), self.signed(b, ty)),
                false => (a, b),
            };
            let a = self.int_resize(a, i64, signed);
            let b = self.int_resize(b, i64, signed);
            let product = self.binary("i64.mul", a, b);
            let shift = self.const_int(i64, width as i128);
            let high = self.binary("i64.shr_u", product, shift);
            let (low, high) = (
                self.int_resize(product, i32, false),
                self.int_resize(high, i32, false),
            );
            return (self.normalize(low, ty), self.normalize(high, ty));
        }
        let low = self.binary("i64.mul", a, b);
        let mut high = self.mul_high_u64(a, b);
        if signed {
            let zero = self.const_int(i64, 0);
            for (x, y) in [(a, b), (b, a)] {
                let negative = self.compare("i64.lt_s", x, zero);
                let fix = self.select(negative, y, zero);
                high = self.binary("i64.sub", high, fix);
            }
        }
        (low, high)
    }

    /// The high 64 bits of the unsigned 128-bit product `a * b`.
    fn mul_high_u64(&mut self, a: ValueId, b: ValueId) -> ValueId {
        let i64 = self.ctx.i64();
        let (mask, shift) = (self.const_int(i64, 0xffff_ffff), self.const_int(i64, 32));
        let lo = |c: &mut Self, x| c.binary("i64.and", x, mask);
        let hi = |c: &mut Self, x| c.binary("i64.shr_u", x, shift);
        let (a_lo, a_hi, b_lo, b_hi) = (lo(self, a), hi(self, a), lo(self, b), hi(self, b));
        let ll = self.binary("i64.mul", a_lo, b_lo);
        let lh = self.binary("i64.mul", a_lo, b_hi);
        let hl = self.binary("i64.mul", a_hi, b_lo);
        let hh = self.binary("i64.mul", a_hi, b_hi);
        // The carry out of the middle 32 bits: at most 3 * (2^32 - 1).
        let (ll_hi, lh_lo, hl_lo) = (hi(self, ll), lo(self, lh), lo(self, hl));
        let cross = self.binary("i64.add", ll_hi, lh_lo);
        let cross = self.binary("i64.add", cross, hl_lo);
        let (lh_hi, hl_hi, cross_hi) = (hi(self, lh), hi(self, hl), hi(self, cross));
        let high = self.binary("i64.add", hh, lh_hi);
        let high = self.binary("i64.add", high, hl_hi);
        self.binary("i64.add", high, cross_hi)
    }

    fn int_division(&mut self, op: OpId, name: &str) -> ValueId {
        let ty = self.old_ty(op);
        let (a, b) = (self.operand(op, 0), self.operand(op, 1));
        let wty = self.ctx.value_type(a);
        let shape = self.shape(wty);
        if let Some(inst) = self.plain_division(op, name) {
            let (a, b) = match name.ends_with("si") {
                true => (self.signed(a, ty), self.signed(b, ty)),
                false => (a, b),
            };
            let r = self.binary(&format!("{shape}.{inst}"), a, b);
            return self.normalize(r, ty);
        }
        let zero = self.const_int(wty, 0);
        let one = self.const_int(wty, 1);
        if name.ends_with("ui") {
            let is_zero = self.compare(&format!("{shape}.eq"), b, zero);
            let d = self.select(is_zero, one, b);
            return match name {
                "divui" => self.binary(&format!("{shape}.div_u"), a, d),
                "remui" => self.binary(&format!("{shape}.rem_u"), a, d),
                _ => {
                    // a == 0 ? 0 : (a - 1) / d + 1
                    let am1 = self.binary(&format!("{shape}.sub"), a, one);
                    let q = self.binary(&format!("{shape}.div_u"), am1, d);
                    let q = self.binary(&format!("{shape}.add"), q, one);
                    let a_zero = self.compare(&format!("{shape}.eq"), a, zero);
                    let r = self.select(a_zero, zero, q);
                    self.normalize(r, ty)
                }
            };
        }
        let (a, b) = (self.signed(a, ty), self.signed(b, ty));
        let minus_one = self.const_int(wty, -1);
        let b_zero = self.compare(&format!("{shape}.eq"), b, zero);
        let b_m1 = self.compare(&format!("{shape}.eq"), b, minus_one);
        let unsafe_d = self.binary("i32.or", b_zero, b_m1);
        let d = self.select(unsafe_d, one, b);
        let rem = self.binary(&format!("{shape}.rem_s"), a, d);
        if name == "remsi" {
            return self.normalize(rem, ty);
        }
        let q = self.binary(&format!("{shape}.div_s"), a, d);
        let neg = self.binary(&format!("{shape}.sub"), zero, a);
        let q = self.select(b_m1, neg, q);
        let q = match name {
            "divsi" => q,
            _ => {
                // Round toward -inf or +inf when the remainder is nonzero and
                // the signs of a and b differ (floor) or agree (ceil).
                let inexact = self.compare(&format!("{shape}.ne"), rem, zero);
                let a_neg = self.compare(&format!("{shape}.lt_s"), a, zero);
                let b_neg = self.compare(&format!("{shape}.lt_s"), b, zero);
                let differ = self.binary("i32.xor", a_neg, b_neg);
                let (cond, step) = match name {
                    "floordivsi" => (differ, minus_one),
                    _ => (self.unary("i32.eqz", differ), one),
                };
                let adjust = self.binary("i32.and", inexact, cond);
                let stepped = self.binary(&format!("{shape}.add"), q, step);
                self.select(adjust, stepped, q)
            }
        };
        self.normalize(q, ty)
    }

    /// The Wasm instruction of a `div`/`rem` whose divisor is a constant that
    /// cannot trap (not 0, and for signed ones not -1), if it is one.
    fn plain_division(&self, op: OpId, name: &str) -> Option<&'static str> {
        let def = self.ctx.defining_op(self.ctx.operand(op, 1))?;
        if !self.ctx.is_op(def, "arith.constant") || self.narrow_width(self.old_ty(op)).is_some() {
            return None;
        }
        let d = self
            .ctx
            .prop(def, "value")
            .and_then(|a| self.ctx.attr_int(a))?;
        let signed = name.ends_with("si");
        if d == 0 || (signed && d == -1) {
            return None;
        }
        Some(match name {
            "divsi" => "div_s",
            "divui" => "div_u",
            "remsi" => "rem_s",
            "remui" => "rem_u",
            _ => return None,
        })
    }

    /// `cmpf` by MLIR predicate number (0 false ... 15 true); Wasm's `ne` is
    /// unordered, the rest ordered.
    pub(super) fn cmpf(&mut self, pred: usize, a: ValueId, b: ValueId) -> ValueId {
        let shape = self.shape(self.ctx.value_type(a));
        let cmp = |c: &mut Self, n: &str| c.compare(&format!("{shape}.{n}"), a, b);
        let not = |c: &mut Self, v: ValueId| c.unary("i32.eqz", v);
        match pred {
            0 | 15 => self.const_int(self.ctx.i32(), (pred == 15) as i128),
            1 => cmp(self, "eq"),
            2 => cmp(self, "gt"),
            3 => cmp(self, "ge"),
            4 => cmp(self, "lt"),
            5 => cmp(self, "le"),
            6 | 8 => {
                let lt = cmp(self, "lt");
                let gt = cmp(self, "gt");
                let one = self.binary("i32.or", lt, gt);
                if pred == 6 { one } else { not(self, one) }
            }
            7 | 14 => {
                let aa = self.compare(&format!("{shape}.eq"), a, a);
                let bb = self.compare(&format!("{shape}.eq"), b, b);
                let ord = self.binary("i32.and", aa, bb);
                if pred == 7 { ord } else { not(self, ord) }
            }
            9 => {
                let v = cmp(self, "le");
                not(self, v)
            }
            10 => {
                let v = cmp(self, "lt");
                not(self, v)
            }
            11 => {
                let v = cmp(self, "ge");
                not(self, v)
            }
            12 => {
                let v = cmp(self, "gt");
                not(self, v)
            }
            _ => cmp(self, "ne"),
        }
    }

    /// C's `fmax`/`fmin`: a NaN operand gives the other one.
    pub(super) fn float_num_minmax(&mut self, which: &str, a: ValueId, b: ValueId) -> ValueId {
        let shape = self.shape(self.ctx.value_type(a));
        let r = self.binary(&format!("{shape}.{which}"), a, b);
        let a_nan = self.compare(&format!("{shape}.ne"), a, a);
        let b_nan = self.compare(&format!("{shape}.ne"), b, b);
        let r = self.select(a_nan, b, r);
        self.select(b_nan, a, r)
    }

    /// The casts; `None` for an op that is not one.
    fn cast(&mut self, op: OpId, name: &str) -> Result<Option<ValueId>, Diagnostic> {
        let from = self.mlir_ty(self.ctx.operand(op, 0));
        let to = self.old_ty(op);
        let x = self.operand(op, 0);
        let wto = self.result_ty(op, 0)?;
        let wfrom = self.ctx.value_type(x);
        let (sf, st) = (self.shape(wfrom), self.shape(wto));
        let v = match name {
            "extsi" | "index_cast" if self.width(to) > self.width(from) => {
                let s = self.signed(x, from);
                let v = self.int_resize(s, wto, true);
                self.normalize(v, to)
            }
            "extui" | "index_castui" if self.width(to) > self.width(from) => {
                self.int_resize(x, wto, false)
            }
            "trunci" | "index_cast" | "index_castui" | "extsi" | "extui" => {
                let v = self.int_resize(x, wto, false);
                self.normalize(v, to)
            }
            "sitofp" => {
                let s = self.signed(x, from);
                self.convert(&format!("{st}.convert_{sf}_s"), s, wto)
            }
            "uitofp" => self.convert(&format!("{st}.convert_{sf}_u"), x, wto),
            "fptosi" | "fptoui" => {
                let sign = if name == "fptosi" { "s" } else { "u" };
                let v = self.convert(&format!("{st}.trunc_sat_{sf}_{sign}"), x, wto);
                self.normalize(v, to)
            }
            "extf" => self.convert("f64.promote_f32", x, wto),
            "truncf" => self.convert("f32.demote_f64", x, wto),
            "bitcast" if wfrom == wto => x,
            "bitcast" => self.convert(&format!("{st}.reinterpret_{sf}"), x, wto),
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    fn width(&self, ty: Type) -> u32 {
        self.ctx.int_width(ty).unwrap_or(64)
    }

    /// An integer in Wasm type `to` (`i32`/`i64`) from `x`: wrapped, or
    /// extended (`signed` or not).
    pub(super) fn int_resize(&mut self, x: ValueId, to: Type, signed: bool) -> ValueId {
        let from = self.ctx.value_type(x);
        match (self.shape(from), self.shape(to)) {
            ("i64", "i32") => self.convert("i32.wrap_i64", x, to),
            ("i32", "i64") if signed => self.convert("i64.extend_i32_s", x, to),
            ("i32", "i64") => self.convert("i64.extend_i32_u", x, to),
            _ => x,
        }
    }
}
