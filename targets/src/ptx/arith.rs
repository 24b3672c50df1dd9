//! `arith`: integer and float arithmetic, comparisons and selects (casts:
//! `casts.rs`).
//!
//! Semantics where MLIR leaves room: integer division by zero and shifts by
//! at least the width (poison in MLIR) are whatever PTX's `div`/`shl` give;
//! float-to-integer casts saturate (PTX `cvt.rzi`). `add`/`sub`/`mul` of
//! floats carry no rounding modifier, so ptxas may contract them into `fma`
//! (nvcc's `--fmad=true`), unless the op's `fastmath` flags are present
//! without `contract` (the PTX frontend's `.rn`), which gives `.rn`.
//! A 64-bit product of a sign- or zero-extended 32-bit value and a constant
//! is one `mul.wide` (nvcc's address arithmetic).

use super::function::FnEmitter;
use super::types::{Class, Reg, Scalar, float_literal};
use cuwasm::{AttrData, Context, Diagnostic, OpId, ValueId};

/// `arith.cmpi` predicates (MLIR's numbering) as PTX `setp` conditions,
/// with whether they compare unsigned.
const INT_PREDICATES: [(&str, bool); 10] = [
    ("eq", false),
    ("ne", false),
    ("lt", false),
    ("le", false),
    ("gt", false),
    ("ge", false),
    ("lt", true),
    ("le", true),
    ("gt", true),
    ("ge", true),
];

/// `arith.cmpf` predicates 1..=14 (0 is false, 15 true) as `setp` conditions.
const FLOAT_PREDICATES: [&str; 14] = [
    "eq", "gt", "ge", "lt", "le", "ne", "num", "equ", "gtu", "geu", "ltu", "leu", "neu", "nan",
];

/// The value of `v` when it is an `arith.constant` integer.
pub(super) fn int_constant(ctx: &Context, v: ValueId) -> Option<i128> {
    let def = ctx.defining_op(v)?;
    if !ctx.is_op(def, "arith.constant") {
        return None;
    }
    match ctx.prop(def, "value").map(|a| ctx.attr_data(a)) {
        Some(AttrData::Integer { value, .. }) => Some(*value),
        _ => None,
    }
}

/// An integer constant of scalar `s` as a PTX literal.
pub(super) fn int_literal(s: Scalar, v: i128) -> String {
    let bits = s.reg_bits();
    let v = if bits >= 64 {
        v as i64 as i128
    } else {
        (v << (128 - bits)) >> (128 - bits)
    };
    if (i32::MIN as i128..=i32::MAX as i128).contains(&v) {
        v.to_string()
    } else {
        format!("0x{:016X}", v as i64 as u64)
    }
}

impl FnEmitter<'_> {
    /// Emit an `arith` op; `false` if it is none this target knows.
    pub(super) fn arith(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let name = &self.ctx.op_name_text(op)["arith.".len()..];
        match name {
            "constant" => self.constant(op)?,
            "addi" | "subi" | "muli" | "andi" | "ori" | "xori" => self.int_binary(op, name)?,
            "divsi" | "divui" | "remsi" | "remui" | "minsi" | "maxsi" | "minui" | "maxui" => {
                self.int_exact_binary(op, name)?
            }
            "shli" | "shrsi" | "shrui" => self.shift(op, name)?,
            "cmpi" => self.cmpi(op)?,
            "cmpf" => self.cmpf(op)?,
            "select" => self.select(op)?,
            "extsi" | "extui" => self.int_extend(op, name == "extsi")?,
            "trunci" => self.trunc(op)?,
            "index_cast" | "index_castui" => self.index_cast(op, name == "index_cast")?,
            "sitofp" | "uitofp" => self.int_to_float(op, name == "sitofp")?,
            "fptosi" | "fptoui" => self.float_to_int(op, name == "fptosi")?,
            "extf" | "truncf" => self.float_resize(op)?,
            "bitcast" => self.bitcast(op)?,
            "addf" | "subf" | "mulf" => self.float_binary(op, &name[..3])?,
            "divf" => self.divf(op)?,
            "negf" => self.float_unary(op, "neg")?,
            "remf" => return self.libm(op, "remf"),
            "maxnumf" | "minnumf" => self.float_minmax(op, &name[..3], false)?,
            "maximumf" | "minimumf" => self.float_minmax(op, &name[..3], true)?,
            "addui_extended" => self.add_extended(op)?,
            "mulsi_extended" | "mului_extended" => {
                self.mul_extended(op, name == "mulsi_extended")?
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The scalar of `op`'s result `i`.
    pub(super) fn result_scalar(&self, op: OpId, i: usize) -> Result<Scalar, Diagnostic> {
        self.scalar(op, self.ctx.result(op, i))
    }

    /// The scalar of `op`'s operand `i`.
    pub(super) fn operand_scalar(&self, op: OpId, i: usize) -> Result<Scalar, Diagnostic> {
        self.scalar(op, self.ctx.operand(op, i))
    }

    fn constant(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let s = self.result_scalar(op, 0)?;
        let value = ctx.prop(op, "value").map(|a| ctx.attr_data(a));
        let d = self.def_result(op, 0)?;
        match (value, s) {
            (Some(AttrData::Integer { value, .. }), Scalar::I1) => {
                let v = if *value & 1 != 0 { "-1" } else { "0" };
                self.line(format_args!("mov.pred \t{d}, {v}"));
            }
            (Some(AttrData::Integer { value, .. }), _) if !s.is_float() => {
                let v = int_literal(s, *value);
                self.line(format_args!("mov{} \t{d}, {v}", s.b()));
            }
            (Some(AttrData::Float { bits, .. }), _) if s.is_float() => {
                let v = float_literal(s, *bits);
                let ty = if s == Scalar::F16 { ".b16" } else { s.f() };
                self.line(format_args!("mov{ty} \t{d}, {v}"));
            }
            _ => {
                return Err(
                    ctx.op_error(op, "has a constant value the PTX target does not support")
                );
            }
        }
        Ok(())
    }

    /// Operand `i` of `op` with its exact value in the whole register: an
    /// `i8` sign- or zero-extended to 16 bits, others as they are.
    pub(super) fn exact_operand(
        &mut self,
        op: OpId,
        i: usize,
        signed: bool,
    ) -> Result<Reg, Diagnostic> {
        self.exact_value(op, self.ctx.operand(op, i), signed)
    }

    /// Integer `v` (used by `op`) with its exact value in the whole
    /// register: an `i8` extended to 16 bits, a 32-bit id widened to 64.
    pub(super) fn exact_value(
        &mut self,
        op: OpId,
        v: ValueId,
        signed: bool,
    ) -> Result<Reg, Diagnostic> {
        let s = self.scalar(op, v)?;
        let r = self.get(op, v)?;
        match s {
            Scalar::I64 => Ok(self.widen_index(r)),
            Scalar::I8 => {
                let d = self.reg(Class::B16);
                let (to, from) = if signed {
                    (".s16", ".s8")
                } else {
                    (".u16", ".u8")
                };
                self.line(format_args!("cvt{to}{from} \t{d}, {r}"));
                Ok(d)
            }
            _ => Ok(r),
        }
    }

    /// The two operands of a binary op, 64-bit ids widened.
    fn two_operands(&mut self, op: OpId, s: Scalar) -> Result<(Reg, Reg), Diagnostic> {
        if s == Scalar::I64 {
            Ok((self.operand_wide(op, 0)?, self.operand_wide(op, 1)?))
        } else {
            Ok((self.operand(op, 0)?, self.operand(op, 1)?))
        }
    }

    fn int_binary(&mut self, op: OpId, name: &str) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        if s == Scalar::I1 {
            return self.pred_binary(op, name);
        }
        if name == "muli" && s == Scalar::I64 && self.mul_wide(op)? {
            return Ok(());
        }
        let (a, b) = self.two_operands(op, s)?;
        let d = self.def_result(op, 0)?;
        let opcode = match name {
            "addi" => format!("add{}", s.s()),
            "subi" => format!("sub{}", s.s()),
            "muli" => format!("mul.lo{}", s.s()),
            "andi" => format!("and{}", s.b()),
            "ori" => format!("or{}", s.b()),
            _ => format!("xor{}", s.b()),
        };
        self.line(format_args!("{opcode} \t{d}, {a}, {b}"));
        Ok(())
    }

    /// i1 arithmetic: sums and differences are xor, products and.
    fn pred_binary(&mut self, op: OpId, name: &str) -> Result<(), Diagnostic> {
        let (a, b) = (self.operand(op, 0)?, self.operand(op, 1)?);
        let d = self.def_result(op, 0)?;
        let opcode = match name {
            "andi" | "muli" => "and",
            "ori" => "or",
            _ => "xor",
        };
        self.line(format_args!("{opcode}.pred \t{d}, {a}, {b}"));
        Ok(())
    }

    /// `muli` of an extended i32 by a constant (or by another extended i32
    /// of the same signedness) as `mul.wide`; `false` when it is not one.
    fn mul_wide(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let [a, b] = [0, 1].map(|i| ctx.operand(op, i));
        let (x, other) = match (self.extended_i32(a), self.extended_i32(b)) {
            (Some(x), _) => (x, b),
            (None, Some(x)) => (x, a),
            _ => return Ok(false),
        };
        let (xv, signed) = x;
        let rhs = if let Some(c) = self.int_constant(other) {
            let fits = if signed {
                i32::try_from(c).is_ok()
            } else {
                u32::try_from(c).is_ok()
            };
            if !fits {
                return Ok(false);
            }
            c.to_string()
        } else {
            match self.extended_i32(other) {
                Some((yv, s2)) if s2 == signed => self.get(op, yv)?.to_string(),
                _ => return Ok(false),
            }
        };
        let xr = self.get(op, xv)?;
        let d = self.def_result(op, 0)?;
        let ty = if signed { ".s32" } else { ".u32" };
        self.line(format_args!("mul.wide{ty} \t{d}, {xr}, {rhs}"));
        Ok(true)
    }

    /// `v` as `arith.extsi`/`extui` of an i32: the i32 and whether signed.
    pub(super) fn extended_i32(&self, v: ValueId) -> Option<(ValueId, bool)> {
        let ctx = self.ctx;
        let def = ctx.defining_op(v)?;
        let signed = match ctx.op_name_text(def) {
            "arith.extsi" => true,
            "arith.extui" => false,
            _ => return None,
        };
        let x = ctx.operand(def, 0);
        (ctx.value_type(x) == ctx.i32()).then_some((x, signed))
    }

    /// The value of `v` when it is an `arith.constant` integer.
    pub(super) fn int_constant(&self, v: ValueId) -> Option<i128> {
        int_constant(self.ctx, v)
    }

    /// Ops that read every bit of their operands (an `i8` is extended first).
    fn int_exact_binary(&mut self, op: OpId, name: &str) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        if s == Scalar::I1 {
            return Err(self
                .ctx
                .op_error(op, "on i1 is not supported by the PTX target"));
        }
        let signed = name.contains("si");
        let a = self.exact_operand(op, 0, signed)?;
        let b = self.exact_operand(op, 1, signed)?;
        let d = self.def_result(op, 0)?;
        let ty = if signed { s.s() } else { s.u() };
        let opcode = &name[..3];
        self.line(format_args!("{opcode}{ty} \t{d}, {a}, {b}"));
        Ok(())
    }

    /// Shifts: PTX takes the amount as a `.u32` register.
    fn shift(&mut self, op: OpId, name: &str) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        if s == Scalar::I1 {
            return Err(self
                .ctx
                .op_error(op, "on i1 is not supported by the PTX target"));
        }
        if name == "shli" && s == Scalar::I64 && self.shl_wide(op)? {
            return Ok(());
        }
        let a = match name {
            "shrsi" => self.exact_operand(op, 0, true)?,
            "shrui" => self.exact_operand(op, 0, false)?,
            _ => self.exact_operand(op, 0, false)?,
        };
        let amount = self.amount_u32(op, 1)?;
        let d = self.def_result(op, 0)?;
        let ty = match name {
            "shli" => s.b(),
            "shrsi" => s.s(),
            _ => s.u(),
        };
        let opcode = &name[..3];
        self.line(format_args!("{opcode}{ty} \t{d}, {a}, {amount}"));
        Ok(())
    }

    /// `shli` of an extended i32 by a small constant as `mul.wide`.
    fn shl_wide(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let (Some((x, signed)), Some(c)) = (
            self.extended_i32(ctx.operand(op, 0)),
            self.int_constant(ctx.operand(op, 1)),
        ) else {
            return Ok(false);
        };
        if !(0..=30).contains(&c) {
            return Ok(false);
        }
        let xr = self.get(op, x)?;
        let d = self.def_result(op, 0)?;
        let ty = if signed { ".s32" } else { ".u32" };
        self.line(format_args!("mul.wide{ty} \t{d}, {xr}, {}", 1i64 << c));
        Ok(true)
    }

    /// Operand `i` (an integer) as a `.u32` register or literal.
    fn amount_u32(&mut self, op: OpId, i: usize) -> Result<String, Diagnostic> {
        if let Some(c) = self.int_constant(self.ctx.operand(op, i)) {
            return Ok(c.clamp(0, 255).to_string());
        }
        let s = self.operand_scalar(op, i)?;
        let r = self.exact_operand(op, i, false)?;
        Ok(match s {
            Scalar::I32 => r.to_string(),
            Scalar::I64 => {
                let t = self.reg(Class::B32);
                self.line(format_args!("cvt.u32.u64 \t{t}, {r}"));
                t.to_string()
            }
            _ => {
                let t = self.reg(Class::B32);
                self.line(format_args!("cvt.u32.u16 \t{t}, {r}"));
                t.to_string()
            }
        })
    }

    fn cmpi(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let p = ctx
            .prop(op, "predicate")
            .and_then(|a| ctx.attr_int(a))
            .unwrap_or(-1);
        let Some(&(cond, unsigned)) = usize::try_from(p).ok().and_then(|p| INT_PREDICATES.get(p))
        else {
            return Err(ctx.op_error(
                op,
                format!("has predicate {p}, which the PTX target does not know"),
            ));
        };
        let s = self.operand_scalar(op, 0)?;
        if s == Scalar::I1 {
            return self.cmp_pred(op, cond);
        }
        let a = self.exact_operand(op, 0, !unsigned)?;
        let b = self.exact_operand(op, 1, !unsigned)?;
        let d = self.def_result(op, 0)?;
        let ty = if unsigned { s.u() } else { s.s() };
        self.line(format_args!("setp.{cond}{ty} \t{d}, {a}, {b}"));
        Ok(())
    }

    /// Comparisons of i1 values: equality through xor; orderings as 0/1 (or
    /// 0/-1 for signed ones) in 16 bits.
    fn cmp_pred(&mut self, op: OpId, cond: &str) -> Result<(), Diagnostic> {
        let (a, b) = (self.operand(op, 0)?, self.operand(op, 1)?);
        let d = self.def_result(op, 0)?;
        match cond {
            "ne" => self.line(format_args!("xor.pred \t{d}, {a}, {b}")),
            "eq" => {
                let t = self.reg(Class::Pred);
                self.line(format_args!("xor.pred \t{t}, {a}, {b}"));
                self.line(format_args!("not.pred \t{d}, {t}"));
            }
            _ => {
                let (x, y) = (self.reg(Class::B16), self.reg(Class::B16));
                self.line(format_args!("selp.u16 \t{x}, 1, 0, {a}"));
                self.line(format_args!("selp.u16 \t{y}, 1, 0, {b}"));
                self.line(format_args!("setp.{cond}.u16 \t{d}, {x}, {y}"));
            }
        }
        Ok(())
    }

    fn cmpf(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let p = ctx
            .prop(op, "predicate")
            .and_then(|a| ctx.attr_int(a))
            .unwrap_or(-1);
        let s = self.operand_scalar(op, 0)?;
        if p == 0 || p == 15 {
            let d = self.def_result(op, 0)?;
            let v = if p == 15 { "-1" } else { "0" };
            self.line(format_args!("mov.pred \t{d}, {v}"));
            return Ok(());
        }
        let Some(cond) = usize::try_from(p - 1)
            .ok()
            .and_then(|p| FLOAT_PREDICATES.get(p))
        else {
            return Err(ctx.op_error(
                op,
                format!("has predicate {p}, which the PTX target does not know"),
            ));
        };
        let (a, b) = (self.operand(op, 0)?, self.operand(op, 1)?);
        let d = self.def_result(op, 0)?;
        self.line(format_args!("setp.{cond}{} \t{d}, {a}, {b}", s.f()));
        Ok(())
    }

    fn select(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let result = ctx.result(op, 0);
        let c = self.operand(op, 0)?;
        let a = self.value_for(op, ctx.operand(op, 1), result)?;
        let b = self.value_for(op, ctx.operand(op, 2), result)?;
        let d = self.def_result(op, 0)?;
        self.select_into(d, c, a, b);
        Ok(())
    }

    /// `d = c ? a : b` for registers of `d`'s class (predicates by logic).
    pub(super) fn select_into(&mut self, d: Reg, c: Reg, a: Reg, b: Reg) {
        if d.class == Class::Pred {
            // (c & a) | (!c & b)
            let (t, u, nc) = (
                self.reg(Class::Pred),
                self.reg(Class::Pred),
                self.reg(Class::Pred),
            );
            self.line(format_args!("and.pred \t{t}, {c}, {a}"));
            self.line(format_args!("not.pred \t{nc}, {c}"));
            self.line(format_args!("and.pred \t{u}, {nc}, {b}"));
            self.line(format_args!("or.pred \t{d}, {t}, {u}"));
            return;
        }
        let ty = d.class.decl();
        self.line(format_args!("selp{ty} \t{d}, {a}, {b}, {c}"));
    }

    /// The rounding modifier of a float add/sub/mul: none (contractable)
    /// unless the op's fastmath flags exclude contraction.
    fn contract_rounding(&self, op: OpId) -> &'static str {
        let ctx = self.ctx;
        match ctx.prop(op, "fastmath").and_then(|a| ctx.attr_dialect(a)) {
            Some((_, Some(body))) if !body.contains("contract") && !body.contains("fast") => ".rn",
            _ => "",
        }
    }

    fn float_binary(&mut self, op: OpId, opcode: &str) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        let rnd = self.contract_rounding(op);
        let (a, b) = (self.operand(op, 0)?, self.operand(op, 1)?);
        let d = self.def_result(op, 0)?;
        self.line(format_args!("{opcode}{rnd}{} \t{d}, {a}, {b}", s.f()));
        Ok(())
    }

    /// `divf`: IEEE division (`div.rn`); f16 through f32, which rounds once
    /// correctly (24 bits hold an f16 quotient exactly enough).
    fn divf(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        let (a, b) = (self.operand(op, 0)?, self.operand(op, 1)?);
        let d = self.def_result(op, 0)?;
        if s == Scalar::F16 {
            let (x, y, q) = (
                self.reg(Class::F32),
                self.reg(Class::F32),
                self.reg(Class::F32),
            );
            self.line(format_args!("cvt.f32.f16 \t{x}, {a}"));
            self.line(format_args!("cvt.f32.f16 \t{y}, {b}"));
            self.line(format_args!("div.rn.f32 \t{q}, {x}, {y}"));
            self.line(format_args!("cvt.rn.f16.f32 \t{d}, {q}"));
            return Ok(());
        }
        self.line(format_args!("div.rn{} \t{d}, {a}, {b}", s.f()));
        Ok(())
    }

    pub(super) fn float_unary(&mut self, op: OpId, opcode: &str) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        let a = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        self.line(format_args!("{opcode}{} \t{d}, {a}", s.f()));
        Ok(())
    }

    /// `maxnumf`/`minnumf` are PTX's `max`/`min` (a NaN operand loses);
    /// `maximumf`/`minimumf` propagate NaN (`max.NaN` on f32 from sm_80).
    fn float_minmax(&mut self, op: OpId, opcode: &str, nan: bool) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        let (a, b) = (self.operand(op, 0)?, self.operand(op, 1)?);
        let d = self.def_result(op, 0)?;
        if s != Scalar::F16 {
            self.minmax_into(d, a, b, opcode, nan, s);
            return Ok(());
        }
        // f16 min/max need sm_80: in f32, exactly (the result is an operand)
        let [x, y, r] = [0; 3].map(|_| self.reg(Class::F32));
        self.line(format_args!("cvt.f32.f16 \t{x}, {a}"));
        self.line(format_args!("cvt.f32.f16 \t{y}, {b}"));
        self.minmax_into(r, x, y, opcode, nan, Scalar::F32);
        self.line(format_args!("cvt.rn.f16.f32 \t{d}, {r}"));
        Ok(())
    }

    /// `d = opcode(a, b)` in f32 or f64, NaN-propagating when `nan`
    /// (`max.NaN` on f32 from sm_80, else a select of a quiet NaN).
    fn minmax_into(&mut self, d: Reg, a: Reg, b: Reg, opcode: &str, nan: bool, s: Scalar) {
        if !nan {
            self.line(format_args!("{opcode}{} \t{d}, {a}, {b}", s.f()));
            return;
        }
        if s == Scalar::F32 && self.info.opts.sm >= 80 {
            self.line(format_args!("{opcode}.NaN.f32 \t{d}, {a}, {b}"));
            return;
        }
        let (t, p) = (self.reg(d.class), self.reg(Class::Pred));
        let qnan = float_literal(s, float_bits(s, f64::NAN));
        self.line(format_args!("{opcode}{} \t{t}, {a}, {b}", s.f()));
        self.line(format_args!("setp.nan{} \t{p}, {a}, {b}", s.f()));
        self.line(format_args!("selp{} \t{d}, {qnan}, {t}, {p}", s.f()));
    }

    fn add_extended(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        let (a, b) = self.two_operands(op, s)?;
        let a = if s == Scalar::I8 {
            self.exact_operand(op, 0, false)?
        } else {
            a
        };
        let sum = self.def_result(op, 0)?;
        let carry = self.def_result(op, 1)?;
        self.line(format_args!("add{} \t{sum}, {a}, {b}", s.u()));
        if s == Scalar::I8 {
            let t = self.reg(Class::B16);
            self.line(format_args!("cvt.u16.u8 \t{t}, {sum}"));
            self.line(format_args!("setp.lt.u16 \t{carry}, {t}, {a}"));
        } else {
            self.line(format_args!("setp.lt{} \t{carry}, {sum}, {a}", s.u()));
        }
        Ok(())
    }

    fn mul_extended(&mut self, op: OpId, signed: bool) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        if !matches!(s, Scalar::I16 | Scalar::I32 | Scalar::I64) {
            return Err(self.ctx.op_error(
                op,
                "is supported by the PTX target on i16, i32 and i64 only",
            ));
        }
        let (a, b) = self.two_operands(op, s)?;
        let lo = self.def_result(op, 0)?;
        let hi = self.def_result(op, 1)?;
        let ty = if signed { s.s() } else { s.u() };
        self.line(format_args!("mul.lo{ty} \t{lo}, {a}, {b}"));
        self.line(format_args!("mul.hi{ty} \t{hi}, {a}, {b}"));
        Ok(())
    }
}

/// The bits of `v` in float format `s`.
pub(super) fn float_bits(s: Scalar, v: f64) -> u64 {
    match s {
        Scalar::F64 => v.to_bits(),
        Scalar::F16 => {
            // the few constants used here (0, ±1, NaN) are exact in f16
            let b = (v as f32).to_bits();
            let sign = (b >> 16) & 0x8000;
            if v.is_nan() {
                0x7E00
            } else if v == 0.0 {
                sign as u64
            } else {
                (sign | 0x3C00) as u64
            }
        }
        _ => (v as f32).to_bits() as u64,
    }
}
