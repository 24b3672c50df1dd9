//! Arithmetic, logic, comparisons and conversions.
//!
//! Which op carries each PTX modifier:
//!
//! | PTX | IR |
//! |---|---|
//! | integer `add`/`sub`/`mul.lo`/`mad.lo`/`shl` | `arith.addi`/`subi`/`muli`/`shli`: wrap-around (no `nsw`/`nuw`) |
//! | `.sat` on `add`/`sub`/`mad.hi` `.s32` | computed in `i64`, clamped with `arith.maxsi`/`minsi` |
//! | `mul.hi`, `mad.hi` | the high result of `arith.mulsi_extended`/`mului_extended` |
//! | `.wide` | `arith.extsi`/`extui`, then the operation in the double width |
//! | `div`/`rem` on integers | `arith.divsi`/`divui`/`remsi`/`remui` with the divisor replaced by 1 where it is 0 (and for `INT_MIN / -1`), where PTX leaves the result unspecified and arith would be undefined |
//! | `shl`/`shr` amounts at or over the width | `arith.select` of 0 (or the sign fill for `shr.s`, by clamping the amount) |
//! | float `add`/`sub`/`mul` without rounding modifier | arith op with `fastmath<contract>` (PTX lets them fuse into `fma`) |
//! | `.rn` | arith op (`addf`, `divf`, `math.fma`, `math.sqrt`; `rcp.rn` is `divf(1, x)`), `fastmath<none>` |
//! | `.rz`/`.rm`/`.rp` | `cuda.rounded` with `#cuda<rounding ...>` |
//! | `.ftz` | `cuda.flush_denormal` on every float input and on the result |
//! | `.sat` on floats | `arith.maxnumf(x, 0)` then `arith.minnumf(x, 1)` (NaN gives 0) |
//! | `.approx`, `.full`, `rsqrt`, `ex2`, `lg2`, `sin`, `cos`, `tanh` | `cuda.approx` |
//! | `min`/`max` floats | `arith.minnumf`/`maxnumf` (a NaN operand yields the other); `.NaN`: `minimumf`/`maximumf` |
//! | `setp` comparisons | `arith.cmpi`/`cmpf` (`ne` ordered, `neu` unordered, `num`/`nan` ord/uno) |
//! | `cvt` float to float | `arith.extf`; `arith.truncf` with `roundingmode` (`.rz` 3, `.rm` 1, `.rp` 2); `.rni`/`.rzi`/`.rmi`/`.rpi` to integral: `math.roundeven`/`trunc`/`floor`/`ceil` |
//! | `cvt` float to integer | rounding to integral as above, then `cuda.fptosi_sat`/`fptoui_sat` (PTX saturates, NaN gives 0) |
//! | `cvt` integer to float | `arith.sitofp`/`uitofp` (`.rn`), `cuda.rounded` `sitofp`/`uitofp` (other modes) |
//! | `cvt.sat` between integers | clamped with `arith.maxsi`/`minsi`/`minui` before `arith.trunci`/`extsi`/`extui` |
//! | `.f16x2`/`.bf16x2` | the two halves of the 32-bit register, one op each |

use super::emit::{EQ, Fit, NE, SGE, SGT, SLT, UGT};
use super::mods::Mods;
use super::{FnLower, LResult};
use crate::ast::{self, Instruction, Operand, Value};
use cuwasm::{Attr, Type, ValueId};
use cuwasm_dialects::cuda::{Approx, RoundedFn, Rounding};
use smallvec::SmallVec;

/// A float operation that may carry a rounding mode.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FOp {
    Add,
    Sub,
    Mul,
    Div,
    Fma,
}

/// `.rn/.rz/.rm/.rp`, `.ftz` and `.sat` of a float instruction.
#[derive(Clone, Copy)]
struct FMods {
    rnd: Option<&'static str>,
    ftz: bool,
    sat: bool,
}

fn fmods(m: &mut Mods) -> FMods {
    FMods {
        rnd: m.any(&[".rn", ".rz", ".rm", ".rp"]),
        ftz: m.has(".ftz"),
        sat: m.has(".sat"),
    }
}

fn rounding(r: &str) -> Rounding {
    Rounding::from_keyword(&r[1..]).expect("a rounding modifier")
}

/// The type of a `.wide` result.
fn wide(t: ast::Type) -> ast::Type {
    use ast::Type::*;
    match t {
        S16 => S32,
        U16 => U32,
        S32 => S64,
        U32 => U64,
        B16 => B32,
        B32 => B64,
        other => other,
    }
}

impl<'a> FnLower<'_, 'a, '_> {
    pub(crate) fn arith(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let carry = matches!(inst.opcode, "addc" | "subc" | "madc")
            || (matches!(inst.opcode, "add" | "sub" | "mad") && m.contains(".cc"));
        match inst.opcode {
            _ if carry => self.carry_arith(inst, m)?,
            "add" | "sub" => self.add_sub(inst, m)?,
            "mul" => self.mul(inst, m)?,
            "mad" => self.mad(inst, m)?,
            "mul24" | "mad24" => self.mul24(inst, m)?,
            "sad" => self.sad(inst, m)?,
            "fma" => self.fma(inst, m)?,
            "div" | "rem" => self.div_rem(inst, m)?,
            "abs" | "neg" => self.abs_neg(inst, m)?,
            "min" | "max" => self.min_max(inst, m)?,
            "and" | "or" | "xor" | "not" | "cnot" => self.logic(inst, m)?,
            "shl" | "shr" => self.shift(inst, m)?,
            "popc" | "clz" | "brev" | "bfind" => self.bit_count(inst, m)?,
            "bfe" | "bfi" | "prmt" => self.bit_field(inst, m)?,
            "copysign" => {
                let ty = self.one_type(inst, m)?;
                self.float_only(inst, ty)?;
                let ops = self.operands(inst, 3)?;
                let a = self.read(&ops[1], ty, Fit::Exact)?;
                let b = self.read(&ops[2], ty, Fit::Exact)?;
                // copysign d, a, b: b's magnitude with a's sign
                let r = self.same("math.copysign", &[b, a]);
                self.write(&ops[0], r, ty, Fit::Exact)?;
            }
            "testp" => self.testp(inst, m)?,
            "setp" | "set" => self.setp(inst, m)?,
            "selp" => {
                let ty = self.one_type(inst, m)?;
                let ops = self.operands(inst, 4)?;
                let a = self.read(&ops[1], ty, Fit::Exact)?;
                let b = self.read(&ops[2], ty, Fit::Exact)?;
                let c = self.read(&ops[3], ast::Type::Pred, Fit::Exact)?;
                let r = self.select(c, a, b);
                self.write(&ops[0], r, ty, Fit::Exact)?;
            }
            "slct" => self.slct(inst, m)?,
            "cvt" => self.cvt(inst, m)?,
            "rcp" | "sqrt" | "rsqrt" | "ex2" | "lg2" | "sin" | "cos" | "tanh" => {
                self.special_fn(inst, m)?
            }
            op => {
                return Err(self.err(
                    inst.opcode_span,
                    format!("unknown or unsupported instruction '{op}'"),
                ));
            }
        }
        self.finish_mods(m, inst.opcode)
    }

    fn float_only(&self, inst: &Instruction, ty: ast::Type) -> LResult<()> {
        self.defined_on(inst, ty, ty.is_float())
    }

    /// Integers of up to 64 bits (`.b128` only moves through mov, ld and st).
    fn int_only(&self, inst: &Instruction, ty: ast::Type) -> LResult<()> {
        self.defined_on(inst, ty, ty.is_int() && ty.bits() <= 64)
    }

    /// An error unless `ok`: the instruction is not defined on `ty`.
    fn defined_on(&self, inst: &Instruction, ty: ast::Type, ok: bool) -> LResult<()> {
        if ok {
            return Ok(());
        }
        Err(self.err(
            inst.opcode_span,
            format!("'{}' is not defined on {}", inst.opcode, ty.name()),
        ))
    }

    /// Reject rounding and `.sat` (abs, neg, min, max).
    fn no_round_sat(&self, inst: &Instruction, f: FMods) -> LResult<()> {
        if f.rnd.is_some() || f.sat {
            return Err(self.err(
                inst.opcode_span,
                format!("'{}' takes no rounding or .sat", inst.opcode),
            ));
        }
        Ok(())
    }

    /// Reject float modifiers on an integer instruction.
    fn no_float_mods(&self, inst: &Instruction, f: FMods) -> LResult<()> {
        if f.rnd.is_some() || f.ftz {
            return Err(self.err(
                inst.opcode_span,
                format!(
                    "rounding and .ftz apply to floats, not to this '{}'",
                    inst.opcode
                ),
            ));
        }
        Ok(())
    }

    pub(crate) fn flush(&mut self, v: ValueId, ftz: bool) -> ValueId {
        if ftz {
            self.same("cuda.flush_denormal", &[v])
        } else {
            v
        }
    }

    /// PTX's float `.sat`: clamp to [0, 1], NaN to 0.
    fn saturate(&mut self, v: ValueId) -> ValueId {
        let ty = self.ty(v);
        let (z, o) = (self.c_float(ty, 0.0), self.c_float(ty, 1.0));
        let x = self.same("arith.maxnumf", &[v, z]);
        self.same("arith.minnumf", &[x, o])
    }

    fn finish_float(&mut self, v: ValueId, f: FMods) -> ValueId {
        let v = if f.sat { self.saturate(v) } else { v };
        self.flush(v, f.ftz)
    }

    /// A float operation with its rounding mode (see the module table).
    fn fop(&mut self, op: FOp, args: &[ValueId], rnd: Option<&str>) -> ValueId {
        match rnd {
            None | Some(".rn") => {
                let name = match op {
                    FOp::Add => "arith.addf",
                    FOp::Sub => "arith.subf",
                    FOp::Mul => "arith.mulf",
                    FOp::Div => "arith.divf",
                    FOp::Fma => "math.fma",
                };
                let ty = self.ty(args[0]);
                let contract = rnd.is_none() && matches!(op, FOp::Add | FOp::Sub | FOp::Mul);
                let props = [("fastmath", self.info.common.fastmath_contract)];
                let props: &[(&'static str, Attr)] = if contract { &props } else { &[] };
                self.op1(name, args, ty, props)
            }
            Some(r) => {
                let f = match op {
                    FOp::Add => RoundedFn::Add,
                    FOp::Sub => RoundedFn::Sub,
                    FOp::Mul => RoundedFn::Mul,
                    FOp::Div => RoundedFn::Div,
                    FOp::Fma => RoundedFn::Fma,
                };
                self.rounded(f, args, rounding(r), None)
            }
        }
    }

    fn rounded(
        &mut self,
        f: RoundedFn,
        args: &[ValueId],
        r: Rounding,
        result: Option<Type>,
    ) -> ValueId {
        let ty = result.unwrap_or_else(|| self.ty(args[0]));
        let (fa, ra) = (f.attr(self.ctx), r.attr(self.ctx));
        self.op1("cuda.rounded", args, ty, &[("op", fa), ("rounding", ra)])
    }

    fn approx(&mut self, f: Approx, args: &[ValueId]) -> ValueId {
        let ty = self.ty(args[0]);
        let a = f.attr(self.ctx);
        self.op1("cuda.approx", args, ty, &[("function", a)])
    }

    /// Apply `f` to each half of packed operands (`.f16x2`), or to the operands.
    fn lanes(
        &mut self,
        ty: ast::Type,
        args: &[ValueId],
        f: &mut dyn FnMut(&mut Self, &[ValueId]) -> ValueId,
    ) -> ValueId {
        let Some(h) = ty.half() else {
            return f(self, args);
        };
        let hty = self.info.common.ir(self.ctx, h);
        let (i16, i32) = (self.info.common.i16, self.info.common.i32);
        let mut lo = Vec::new();
        let mut hi = Vec::new();
        for &a in args {
            let l = self.resize(a, i16, false);
            lo.push(self.bitcast(l, hty));
            let sixteen = self.c_int(i32, 16);
            let s = self.same("arith.shrui", &[a, sixteen]);
            let s = self.resize(s, i16, false);
            hi.push(self.bitcast(s, hty));
        }
        let rl = f(self, &lo);
        let rh = f(self, &hi);
        let rl = self.bitcast(rl, i16);
        let rl = self.resize(rl, i32, false);
        let rh = self.bitcast(rh, i16);
        let rh = self.resize(rh, i32, false);
        let sixteen = self.c_int(i32, 16);
        let rh = self.same("arith.shli", &[rh, sixteen]);
        self.same("arith.ori", &[rl, rh])
    }

    /// Read operands 1..=n of a float instruction, apply `f` per lane with `.ftz`
    /// on inputs, `.sat`/`.ftz` on the result, and write operand 0.
    fn float_inst(
        &mut self,
        inst: &'a Instruction<'a>,
        ty: ast::Type,
        n: usize,
        fm: FMods,
        f: &mut dyn FnMut(&mut Self, &[ValueId]) -> ValueId,
    ) -> LResult<()> {
        let ops = self.operands(inst, n + 1)?;
        let mut args: SmallVec<[ValueId; 3]> = SmallVec::new();
        for o in &ops[1..] {
            args.push(self.read(o, ty, Fit::Exact)?);
        }
        let r = self.lanes(ty, &args, &mut |s, v| {
            let v: SmallVec<[ValueId; 3]> = v.iter().map(|x| s.flush(*x, fm.ftz)).collect();
            let r = f(s, &v);
            s.finish_float(r, fm)
        });
        self.write(&ops[0], r, ty, Fit::Exact)
    }

    /// Read operands 1..=n as `ty` and write `f` of them to operand 0 as `dty`.
    fn int_inst(
        &mut self,
        inst: &'a Instruction<'a>,
        ty: ast::Type,
        dty: ast::Type,
        n: usize,
        f: &mut dyn FnMut(&mut Self, &[ValueId]) -> LResult<ValueId>,
    ) -> LResult<()> {
        let ops = self.operands(inst, n + 1)?;
        let mut args: SmallVec<[ValueId; 3]> = SmallVec::new();
        for o in &ops[1..] {
            args.push(self.read(o, ty, Fit::Exact)?);
        }
        let r = f(self, &args)?;
        self.write(&ops[0], r, dty, Fit::Exact)
    }

    fn is_float_like(ty: ast::Type) -> bool {
        ty.is_float() || ty.half().is_some()
    }

    /// `a op b` clamped to the signed range of its type (computed in twice the width).
    fn sat_signed(&mut self, name: &'static str, a: ValueId, b: ValueId) -> ValueId {
        let ty = self.ty(a);
        let w = self.width(ty);
        let wt = self
            .info
            .common
            .int(2 * w)
            .unwrap_or_else(|| self.ctx.integer_type(2 * w));
        let (x, y) = (self.resize(a, wt, true), self.resize(b, wt, true));
        let r = self.same(name, &[x, y]);
        let lo = self.c_int(wt, -(1i128 << (w - 1)));
        let hi = self.c_int(wt, (1i128 << (w - 1)) - 1);
        let r = self.same("arith.maxsi", &[r, lo]);
        let r = self.same("arith.minsi", &[r, hi]);
        self.resize(r, ty, false)
    }

    fn add_sub(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let fm = fmods(m);
        let ty = self.one_type(inst, m)?;
        let op = if inst.opcode == "add" {
            FOp::Add
        } else {
            FOp::Sub
        };
        if Self::is_float_like(ty) {
            return self.float_inst(inst, ty, 2, fm, &mut |s, v| s.fop(op, v, fm.rnd));
        }
        self.int_only(inst, ty)?;
        self.no_float_mods(inst, fm)?;
        if fm.sat && ty != ast::Type::S32 {
            return Err(self.err(
                inst.opcode_span,
                ".sat on integers is defined for .s32 only",
            ));
        }
        let name = if op == FOp::Add {
            "arith.addi"
        } else {
            "arith.subi"
        };
        self.int_inst(inst, ty, ty, 2, &mut |s, v| {
            Ok(if fm.sat {
                s.sat_signed(name, v[0], v[1])
            } else {
                s.same(name, v)
            })
        })
    }

    /// The high half of `a * b` (signed or not).
    fn mul_hi(&mut self, a: ValueId, b: ValueId, signed: bool) -> ValueId {
        let ty = self.ty(a);
        let name = if signed {
            "arith.mulsi_extended"
        } else {
            "arith.mului_extended"
        };
        let op = self.op(name, &[a, b], &[ty, ty], &[]);
        self.ctx.result(op, 1)
    }

    fn mul(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let mode = m.any(&[".lo", ".hi", ".wide"]);
        let fm = fmods(m);
        let ty = self.one_type(inst, m)?;
        if Self::is_float_like(ty) {
            if mode.is_some() {
                return Err(self.err(inst.opcode_span, ".lo/.hi/.wide apply to integer mul"));
            }
            return self.float_inst(inst, ty, 2, fm, &mut |s, v| s.fop(FOp::Mul, v, fm.rnd));
        }
        self.int_only(inst, ty)?;
        self.no_float_mods(inst, fm)?;
        let signed = ty.is_signed();
        match mode {
            Some(".wide") => {
                let dt = wide(ty);
                let wt = self.info.common.ir(self.ctx, dt);
                self.int_inst(inst, ty, dt, 2, &mut |s, v| {
                    let (a, b) = (s.resize(v[0], wt, signed), s.resize(v[1], wt, signed));
                    Ok(s.same("arith.muli", &[a, b]))
                })
            }
            Some(".hi") => {
                self.int_inst(
                    inst,
                    ty,
                    ty,
                    2,
                    &mut |s, v| Ok(s.mul_hi(v[0], v[1], signed)),
                )
            }
            Some(_) => self.int_inst(inst, ty, ty, 2, &mut |s, v| Ok(s.same("arith.muli", v))),
            None => Err(self.err(inst.opcode_span, "integer 'mul' needs .lo, .hi or .wide")),
        }
    }

    fn mad(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let mode = m.any(&[".lo", ".hi", ".wide"]);
        let fm = fmods(m);
        let ty = self.one_type(inst, m)?;
        if Self::is_float_like(ty) {
            // mad.f32 is fma: one rounding
            return self.float_inst(inst, ty, 3, fm, &mut |s, v| {
                s.fop(FOp::Fma, v, fm.rnd.or(Some(".rn")))
            });
        }
        self.int_only(inst, ty)?;
        self.no_float_mods(inst, fm)?;
        let signed = ty.is_signed();
        if fm.sat && !(mode == Some(".hi") && ty == ast::Type::S32) {
            return Err(self.err(
                inst.opcode_span,
                ".sat on integer mad is defined for mad.hi.sat.s32 only",
            ));
        }
        let ops = self.operands(inst, 4)?;
        let a = self.read(&ops[1], ty, Fit::Exact)?;
        let b = self.read(&ops[2], ty, Fit::Exact)?;
        let (r, dt) = match mode {
            Some(".wide") => {
                let dt = wide(ty);
                let wt = self.info.common.ir(self.ctx, dt);
                let c = self.read(&ops[3], dt, Fit::Exact)?;
                let (a, b) = (self.resize(a, wt, signed), self.resize(b, wt, signed));
                let p = self.same("arith.muli", &[a, b]);
                (self.same("arith.addi", &[p, c]), dt)
            }
            Some(".hi") => {
                let c = self.read(&ops[3], ty, Fit::Exact)?;
                let h = self.mul_hi(a, b, signed);
                let r = if fm.sat {
                    self.sat_signed("arith.addi", h, c)
                } else {
                    self.same("arith.addi", &[h, c])
                };
                (r, ty)
            }
            Some(_) => {
                let c = self.read(&ops[3], ty, Fit::Exact)?;
                let p = self.same("arith.muli", &[a, b]);
                (self.same("arith.addi", &[p, c]), ty)
            }
            None => return Err(self.err(inst.opcode_span, "integer 'mad' needs .lo, .hi or .wide")),
        };
        self.write(&ops[0], r, dt, Fit::Exact)
    }

    /// `mul24`/`mad24`: the low 24 bits of each operand (sign- or zero-extended),
    /// multiplied to 48 bits; `.lo` takes bits 0..32, `.hi` bits 16..48.
    /// Extended-precision arithmetic through the carry flag CC.CF (a hidden predicate
    /// register): `add.cc`/`addc[.cc]`, `sub.cc`/`subc[.cc]` (CF is the borrow),
    /// `mad{.lo,.hi}.cc`/`madc{.lo,.hi}[.cc]`. The carry out is the overflow bit of
    /// `arith.addui_extended`; `a - b - borrow` is `a + ~b + !borrow`.
    fn carry_arith(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let carry_in = inst.opcode.ends_with('c');
        let carry_out = m.has(".cc");
        let hi = match inst.opcode {
            "mad" | "madc" => match m.any(&[".lo", ".hi"]) {
                Some(h) => Some(h == ".hi"),
                None => {
                    return Err(
                        self.err(inst.opcode_span, "extended-precision mad needs .lo or .hi")
                    );
                }
            },
            _ => None,
        };
        let ty = self.one_type(inst, m)?;
        if !matches!(
            ty,
            ast::Type::U32 | ast::Type::S32 | ast::Type::U64 | ast::Type::S64
        ) {
            return self.defined_on(inst, ty, false);
        }
        let sub = inst.opcode.starts_with("sub");
        let ops = self.operands(inst, if hi.is_some() { 4 } else { 3 })?;
        let a = self.read(&ops[1], ty, Fit::Exact)?;
        let b = self.read(&ops[2], ty, Fit::Exact)?;
        let cf = self.carry_flag();
        let cin = if carry_in {
            let v = self.read_reg(cf);
            Some(if sub { self.not(v) } else { v })
        } else {
            sub.then(|| self.c_bool(true))
        };
        let (x, y) = match hi {
            Some(hi) => {
                let p = if hi {
                    self.mul_hi(a, b, ty.is_signed())
                } else {
                    self.same("arith.muli", &[a, b])
                };
                (p, self.read(&ops[3], ty, Fit::Exact)?)
            }
            None if sub => {
                let ones = self.int_const_of(b, -1);
                (a, self.same("arith.xori", &[b, ones]))
            }
            None => (a, b),
        };
        let ty_ir = self.ty(x);
        let i1 = self.info.common.i1;
        let op = self.op("arith.addui_extended", &[x, y], &[ty_ir, i1], &[]);
        let (mut sum, mut cout) = (self.ctx.result(op, 0), self.ctx.result(op, 1));
        if let Some(cin) = cin {
            let c = self.resize(cin, ty_ir, false);
            let op = self.op("arith.addui_extended", &[sum, c], &[ty_ir, i1], &[]);
            let c2 = self.ctx.result(op, 1);
            sum = self.ctx.result(op, 0);
            cout = self.same("arith.ori", &[cout, c2]);
        }
        if carry_out {
            let flag = if sub { self.not(cout) } else { cout };
            self.write_reg(cf, flag);
        }
        self.write(&ops[0], sum, ty, Fit::Exact)
    }

    fn mul24(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let hi = match m.any(&[".lo", ".hi"]) {
            Some(h) => h == ".hi",
            None => {
                return Err(self.err(
                    inst.opcode_span,
                    format!("'{}' needs .lo or .hi", inst.opcode),
                ));
            }
        };
        let ty = self.one_type(inst, m)?;
        if !matches!(ty, ast::Type::S32 | ast::Type::U32) {
            return Err(self.err(
                inst.opcode_span,
                format!("'{}' takes .s32 or .u32", inst.opcode),
            ));
        }
        let signed = ty.is_signed();
        let n = if inst.opcode == "mad24" { 3 } else { 2 };
        self.int_inst(inst, ty, ty, n, &mut |s, v| {
            let eight = s.int_const_of(v[0], 8);
            let shr = if signed { "arith.shrsi" } else { "arith.shrui" };
            let mut x = Vec::new();
            for &a in &v[..2] {
                let t = s.same("arith.shli", &[a, eight]);
                x.push(s.same(shr, &[t, eight]));
            }
            let r = if hi {
                let i64 = s.info.common.i64;
                let (a, b) = (s.resize(x[0], i64, signed), s.resize(x[1], i64, signed));
                let p = s.same("arith.muli", &[a, b]);
                let sixteen = s.c_int(i64, 16);
                let p = s.same("arith.shrui", &[p, sixteen]);
                let i32 = s.info.common.i32;
                s.resize(p, i32, false)
            } else {
                s.same("arith.muli", &x)
            };
            Ok(if n == 3 {
                s.same("arith.addi", &[r, v[2]])
            } else {
                r
            })
        })
    }

    fn sad(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let ty = self.one_type(inst, m)?;
        self.int_only(inst, ty)?;
        let signed = ty.is_signed();
        self.int_inst(inst, ty, ty, 3, &mut |s, v| {
            let gt = s.cmpi(if signed { SGT } else { UGT }, v[0], v[1]);
            let d1 = s.same("arith.subi", &[v[0], v[1]]);
            let d2 = s.same("arith.subi", &[v[1], v[0]]);
            let d = s.select(gt, d1, d2);
            Ok(s.same("arith.addi", &[d, v[2]]))
        })
    }

    fn fma(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let fm = fmods(m);
        let ty = self.one_type(inst, m)?;
        self.defined_on(inst, ty, Self::is_float_like(ty))?;
        if fm.rnd.is_none() {
            return Err(self.err(
                inst.opcode_span,
                "'fma' needs a rounding modifier (.rn, .rz, .rm, .rp)",
            ));
        }
        self.float_inst(inst, ty, 3, fm, &mut |s, v| s.fop(FOp::Fma, v, fm.rnd))
    }

    fn div_rem(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let div = inst.opcode == "div";
        let approx = if div {
            m.any(&[".approx", ".full"])
        } else {
            None
        };
        let fm = fmods(m);
        let ty = self.one_type(inst, m)?;
        if ty.is_float() && div {
            let f = match (approx, fm.rnd) {
                (Some(".approx"), None) => Some(Approx::Div),
                (Some(_), None) => Some(Approx::DivFull),
                (None, Some(_)) => None,
                _ => {
                    return Err(self.err(
                        inst.opcode_span,
                        "float 'div' needs one of .rn, .rz, .rm, .rp, .approx, .full",
                    ));
                }
            };
            if f.is_some() && ty != ast::Type::F32 {
                return Err(self.err(
                    inst.opcode_span,
                    "div.approx and div.full are defined for .f32 only",
                ));
            }
            return self.float_inst(inst, ty, 2, fm, &mut |s, v| match f {
                Some(f) => s.approx(f, v),
                None => s.fop(FOp::Div, v, fm.rnd),
            });
        }
        self.int_only(inst, ty)?;
        self.no_float_mods(inst, fm)?;
        if fm.sat {
            return Err(self.err(inst.opcode_span, format!("'{}' takes no .sat", inst.opcode)));
        }
        let signed = ty.is_signed();
        // a constant divisor that is neither 0 nor -1 needs no guard
        let safe = match &inst.operands.get(2) {
            Some(Operand::Imm(Value::Int(k), _)) => {
                let bits = ty.bits();
                let k = if bits == 64 {
                    *k
                } else {
                    *k & ((1u64 << bits) - 1)
                };
                k != 0 && (!signed || k != (u64::MAX >> (64 - bits)))
            }
            _ => false,
        };
        let name = match (div, signed) {
            (true, true) => "arith.divsi",
            (true, false) => "arith.divui",
            (false, true) => "arith.remsi",
            (false, false) => "arith.remui",
        };
        self.int_inst(inst, ty, ty, 2, &mut |s, v| {
            let (a, b) = (v[0], v[1]);
            let b = if safe {
                b
            } else {
                let zero = s.int_const_of(b, 0);
                let mut bad = s.cmpi(EQ, b, zero);
                if signed {
                    let w = s.width(s.ty(a));
                    let min = s.int_const_of(a, -(1i128 << (w - 1)));
                    let m1 = s.int_const_of(b, -1);
                    let a_min = s.cmpi(EQ, a, min);
                    let b_m1 = s.cmpi(EQ, b, m1);
                    let ov = s.same("arith.andi", &[a_min, b_m1]);
                    bad = s.same("arith.ori", &[bad, ov]);
                }
                let one = s.int_const_of(b, 1);
                s.select(bad, one, b)
            };
            Ok(s.same(name, &[a, b]))
        })
    }

    fn abs_neg(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let abs = inst.opcode == "abs";
        let fm = fmods(m);
        let ty = self.one_type(inst, m)?;
        if Self::is_float_like(ty) {
            self.no_round_sat(inst, fm)?;
            let name = if abs { "math.absf" } else { "arith.negf" };
            return self.float_inst(inst, ty, 1, fm, &mut |s, v| s.same(name, v));
        }
        self.int_only(inst, ty)?;
        self.no_float_mods(inst, fm)?;
        self.int_inst(inst, ty, ty, 1, &mut |s, v| {
            Ok(if abs {
                s.same("math.absi", v)
            } else {
                let z = s.int_const_of(v[0], 0);
                s.same("arith.subi", &[z, v[0]])
            })
        })
    }

    fn min_max(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let min = inst.opcode == "min";
        let nan = m.has(".NaN");
        let fm = fmods(m);
        let ty = self.one_type(inst, m)?;
        if Self::is_float_like(ty) {
            self.no_round_sat(inst, fm)?;
            let name = match (min, nan) {
                (true, false) => "arith.minnumf",
                (false, false) => "arith.maxnumf",
                (true, true) => "arith.minimumf",
                (false, true) => "arith.maximumf",
            };
            return self.float_inst(inst, ty, 2, fm, &mut |s, v| s.same(name, v));
        }
        self.int_only(inst, ty)?;
        self.no_float_mods(inst, fm)?;
        if nan {
            return Err(self.err(inst.opcode_span, ".NaN applies to floats"));
        }
        let name = match (min, ty.is_signed()) {
            (true, true) => "arith.minsi",
            (true, false) => "arith.minui",
            (false, true) => "arith.maxsi",
            (false, false) => "arith.maxui",
        };
        self.int_inst(inst, ty, ty, 2, &mut |s, v| Ok(s.same(name, v)))
    }

    fn logic(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let ty = self.one_type(inst, m)?;
        if !matches!(ty.kind(), ast::Kind::Pred | ast::Kind::Bits) {
            return Err(self.err(
                inst.opcode_span,
                format!("'{}' takes .pred or a .bN type", inst.opcode),
            ));
        }
        match inst.opcode {
            "not" => self.int_inst(inst, ty, ty, 1, &mut |s, v| {
                let ones = s.int_const_of(v[0], -1);
                Ok(s.same("arith.xori", &[v[0], ones]))
            }),
            "cnot" => self.int_inst(inst, ty, ty, 1, &mut |s, v| {
                let z = s.int_const_of(v[0], 0);
                let one = s.int_const_of(v[0], 1);
                let c = s.cmpi(EQ, v[0], z);
                Ok(s.select(c, one, z))
            }),
            op => {
                let name = match op {
                    "and" => "arith.andi",
                    "or" => "arith.ori",
                    _ => "arith.xori",
                };
                self.int_inst(inst, ty, ty, 2, &mut |s, v| Ok(s.same(name, v)))
            }
        }
    }

    /// `shl`/`shr`: the amount is a `.u32`; amounts at or over the width give 0
    /// (`shl`, `shr.u`/`.b`) or the sign fill (`shr.s`), as PTX defines.
    fn shift(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let ty = self.one_type(inst, m)?;
        self.int_only(inst, ty)?;
        let ops = self.operands(inst, 3)?;
        let a = self.read(&ops[1], ty, Fit::Exact)?;
        let b = self.read(&ops[2], ast::Type::U32, Fit::Exact)?;
        let w = ty.bits() as u64;
        let small = matches!(ops[2], Operand::Imm(Value::Int(k), _) if k < w);
        let irt = self.ty(a);
        let arith = inst.opcode == "shr" && ty.is_signed();
        let r = if arith {
            let b = if small {
                b
            } else {
                let max = self.int_const_of(b, (w - 1) as i128);
                self.same("arith.minui", &[b, max])
            };
            let b = self.resize(b, irt, false);
            self.same("arith.shrsi", &[a, b])
        } else {
            let name = if inst.opcode == "shl" {
                "arith.shli"
            } else {
                "arith.shrui"
            };
            let bw = self.resize(b, irt, false);
            let r = self.same(name, &[a, bw]);
            if small {
                r
            } else {
                let wc = self.int_const_of(b, w as i128);
                let over = self.cmpi(super::emit::UGE, b, wc);
                let z = self.c_int(irt, 0);
                self.select(over, z, r)
            }
        };
        self.write(&ops[0], r, ty, Fit::Exact)
    }

    fn bit_count(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let shiftamt = inst.opcode == "bfind" && m.has(".shiftamt");
        let ty = self.one_type(inst, m)?;
        self.int_only(inst, ty)?;
        if !matches!(ty.bits(), 32 | 64) {
            return Err(self.err(
                inst.opcode_span,
                format!("'{}' takes a 32- or 64-bit type", inst.opcode),
            ));
        }
        let i32 = self.info.common.i32;
        match inst.opcode {
            "brev" => self.int_inst(inst, ty, ty, 1, &mut |s, v| Ok(s.same("cuda.brev", v))),
            "bfind" => {
                let signed = ty.is_signed();
                let w = ty.bits() as i128;
                self.int_inst(inst, ty, ast::Type::U32, 1, &mut |s, v| {
                    // the most significant non-sign bit: for negative signed values, of ~a
                    let x = if signed {
                        let z = s.int_const_of(v[0], 0);
                        let neg = s.cmpi(SLT, v[0], z);
                        let ones = s.int_const_of(v[0], -1);
                        let inv = s.same("arith.xori", &[v[0], ones]);
                        s.select(neg, inv, v[0])
                    } else {
                        v[0]
                    };
                    let lz = s.same("math.ctlz", &[x]);
                    let lz = s.resize(lz, i32, false);
                    let r = if shiftamt {
                        lz
                    } else {
                        let top = s.c_int(i32, w - 1);
                        s.same("arith.subi", &[top, lz])
                    };
                    let z = s.int_const_of(x, 0);
                    let none = s.cmpi(EQ, x, z);
                    let ones = s.c_int(i32, -1);
                    Ok(s.select(none, ones, r))
                })
            }
            op => {
                let name = if op == "popc" {
                    "math.ctpop"
                } else {
                    "math.ctlz"
                };
                self.int_inst(inst, ty, ast::Type::U32, 1, &mut |s, v| {
                    let c = s.same(name, v);
                    Ok(s.resize(c, i32, false))
                })
            }
        }
    }

    fn bit_field(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let mode = if inst.opcode == "prmt" {
            m.any(&[".f4e", ".b4e", ".rc8", ".ecl", ".ecr", ".rc16"])
        } else {
            None
        };
        let ty = self.one_type(inst, m)?;
        self.int_only(inst, ty)?;
        let ok = matches!(ty.bits(), 32 | 64) && (inst.opcode != "prmt" || ty.bits() == 32);
        self.defined_on(inst, ty, ok)?;
        let ops = self.operands(inst, if inst.opcode == "bfi" { 5 } else { 4 })?;
        let values = if inst.opcode == "bfi" { 2 } else { 1 };
        let mut args = Vec::new();
        for (i, o) in ops[1..].iter().enumerate() {
            let t = if i < values || inst.opcode == "prmt" {
                ty
            } else {
                ast::Type::U32
            };
            args.push(self.read(o, t, Fit::Exact)?);
        }
        let irt = self.info.common.ir(self.ctx, ty);
        let r = match inst.opcode {
            "bfe" => {
                let props: Vec<(&'static str, Attr)> = if ty.is_signed() {
                    vec![("signed", self.ctx.unit_attr())]
                } else {
                    vec![]
                };
                self.op1("cuda.bfe", &args, irt, &props)
            }
            "bfi" => self.op1("cuda.bfi", &args, irt, &[]),
            _ => {
                let props: Vec<(&'static str, Attr)> = match mode {
                    Some(md) => {
                        let pm = cuwasm_dialects::cuda::PrmtMode::from_keyword(&md[1..])
                            .expect("a prmt mode");
                        vec![("mode", pm.attr(self.ctx))]
                    }
                    None => vec![],
                };
                self.op1("cuda.prmt", &args, irt, &props)
            }
        };
        self.write(&ops[0], r, ty, Fit::Exact)
    }

    fn testp(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let what = m.any(&[
            ".finite",
            ".infinite",
            ".number",
            ".notanumber",
            ".normal",
            ".subnormal",
        ]);
        let Some(what) = what else {
            return Err(self.err(inst.opcode_span, "'testp' needs a test (.finite, .infinite, .number, .notanumber, .normal, .subnormal)"));
        };
        let ty = self.one_type(inst, m)?;
        self.float_only(inst, ty)?;
        let ops = self.operands(inst, 2)?;
        let a = self.read(&ops[1], ty, Fit::Exact)?;
        let i1 = self.info.common.i1;
        let r = match what {
            ".finite" => self.op1("math.isfinite", &[a], i1, &[]),
            ".infinite" => self.op1("math.isinf", &[a], i1, &[]),
            ".notanumber" => self.op1("math.isnan", &[a], i1, &[]),
            ".number" => self.cmpf(7, a, a),
            ".normal" => {
                // Zero counts as normal for testp (the PTX ISA; the H100
                // agrees), unlike C's isnormal.
                let normal = self.op1("math.isnormal", &[a], i1, &[]);
                let z = self.c_float(self.ty(a), 0.0);
                let zero = self.cmpf(1, a, z);
                self.same("arith.ori", &[normal, zero])
            }
            _ => {
                // finite, not zero, not normal
                let normal = self.op1("math.isnormal", &[a], i1, &[]);
                let inf = self.op1("math.isinf", &[a], i1, &[]);
                let z = self.c_float(self.ty(a), 0.0);
                let nonzero = self.cmpf(6, a, z);
                let n1 = self.not(normal);
                let n2 = self.not(inf);
                let x = self.same("arith.andi", &[n1, n2]);
                self.same("arith.andi", &[x, nonzero])
            }
        };
        self.write(&ops[0], r, ast::Type::Pred, Fit::Exact)
    }

    /// The `i1` result of comparison `cmp` (`.lt`, `.equ`, ...) on values of PTX type `ty`.
    fn compare(
        &mut self,
        inst: &Instruction,
        cmp: &str,
        ty: ast::Type,
        a: ValueId,
        b: ValueId,
    ) -> LResult<ValueId> {
        if ty.is_float() {
            let p = match cmp {
                ".eq" => 1,
                ".ne" => 6,
                ".lt" => 4,
                ".le" => 5,
                ".gt" => 2,
                ".ge" => 3,
                ".equ" => 8,
                ".neu" => 13,
                ".ltu" => 11,
                ".leu" => 12,
                ".gtu" => 9,
                ".geu" => 10,
                ".num" => 7,
                ".nan" => 14,
                _ => {
                    return Err(
                        self.err(inst.opcode_span, format!("'{cmp}' does not compare floats"))
                    );
                }
            };
            return Ok(self.cmpf(p, a, b));
        }
        let signed = ty.is_signed();
        let p = match cmp {
            ".eq" => EQ,
            ".ne" => NE,
            ".lt" if signed => SLT,
            ".le" if signed => super::emit::SLE,
            ".gt" if signed => SGT,
            ".ge" if signed => SGE,
            ".lt" | ".lo" => super::emit::ULT,
            ".le" | ".ls" => super::emit::ULE,
            ".gt" | ".hi" => UGT,
            ".ge" | ".hs" => super::emit::UGE,
            _ => {
                return Err(self.err(
                    inst.opcode_span,
                    format!("'{cmp}' does not compare integers"),
                ));
            }
        };
        Ok(self.cmpi(p, a, b))
    }

    /// `setp.cmp[.bool].type p[|q], a, b[, {!}c]` and `set.cmp[.bool].dtype.stype d, a, b[, {!}c]`.
    fn setp(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        const CMPS: &[&str] = &[
            ".eq", ".ne", ".lt", ".le", ".gt", ".ge", ".lo", ".ls", ".hi", ".hs", ".equ", ".neu",
            ".ltu", ".leu", ".gtu", ".geu", ".num", ".nan",
        ];
        let Some(cmp) = m.any(CMPS) else {
            return Err(self.err(
                inst.opcode_span,
                format!("'{}' needs a comparison (.eq, .lt, ...)", inst.opcode),
            ));
        };
        let boolop = m.any(&[".and", ".or", ".xor"]);
        let ftz = m.has(".ftz");
        let tys = m.types();
        let set = inst.opcode == "set";
        let (dty, ty) = match (set, tys.as_slice()) {
            (false, [(t, _)]) => (ast::Type::Pred, *t),
            (true, [(d, _), (s, _)]) => (*d, *s),
            _ => {
                let want = if set {
                    "two type modifiers"
                } else {
                    "one type modifier"
                };
                return Err(self.err(inst.opcode_span, format!("'{}' takes {want}", inst.opcode)));
            }
        };
        if ty.half().is_some() || ty == ast::Type::Pred {
            return self.unsupported(inst, &format!("a comparison of {}", ty.name()));
        }
        let ops = self.operands(inst, if boolop.is_some() { 4 } else { 3 })?;
        let a = self.read(&ops[1], ty, Fit::Exact)?;
        let b = self.read(&ops[2], ty, Fit::Exact)?;
        let (a, b) = if ty.is_float() {
            (self.flush(a, ftz), self.flush(b, ftz))
        } else {
            (a, b)
        };
        let r = self.compare(inst, cmp, ty, a, b)?;
        let combine = |s: &mut Self, x: ValueId, c: Option<ValueId>| match (boolop, c) {
            (Some(op), Some(c)) => {
                let name = match op {
                    ".and" => "arith.andi",
                    ".or" => "arith.ori",
                    _ => "arith.xori",
                };
                s.same(name, &[x, c])
            }
            _ => x,
        };
        let c = match boolop {
            Some(_) => Some(self.read(&ops[3], ast::Type::Pred, Fit::Exact)?),
            None => None,
        };
        let p = combine(self, r, c);
        if set {
            let dt = self.info.common.ir(self.ctx, dty);
            let (t, f) = if dty.is_float() {
                (self.c_float(dt, 1.0), self.c_float(dt, 0.0))
            } else if dty.is_int() {
                (self.c_int(dt, -1), self.c_int(dt, 0))
            } else {
                return Err(self.err(
                    inst.opcode_span,
                    format!("'set' cannot produce {}", dty.name()),
                ));
            };
            let v = self.select(p, t, f);
            return self.write(&ops[0], v, dty, Fit::Exact);
        }
        match &ops[0] {
            Operand::Pair(pd, qd, _) => {
                let nr = self.not(r);
                let q = combine(self, nr, c);
                self.write(pd, p, ast::Type::Pred, Fit::Exact)?;
                self.write(qd, q, ast::Type::Pred, Fit::Exact)
            }
            d => self.write(d, p, ast::Type::Pred, Fit::Exact),
        }
    }

    /// `slct.dtype.s32 d, a, b, c`: `c >= 0 ? a : b`; with `.f32` c, `c >= 0.0` (NaN picks b).
    fn slct(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let ftz = m.has(".ftz");
        let tys = m.types();
        let [(dty, _), (cty, _)] = tys.as_slice() else {
            return Err(self.err(inst.opcode_span, "'slct' takes two type modifiers"));
        };
        let (dty, cty) = (*dty, *cty);
        let ops = self.operands(inst, 4)?;
        let a = self.read(&ops[1], dty, Fit::Exact)?;
        let b = self.read(&ops[2], dty, Fit::Exact)?;
        let c = self.read(&ops[3], cty, Fit::Exact)?;
        let cond = match cty {
            ast::Type::S32 => {
                let z = self.int_const_of(c, 0);
                self.cmpi(SGE, c, z)
            }
            ast::Type::F32 => {
                let c = self.flush(c, ftz);
                let z = self.c_float(self.ty(c), 0.0);
                self.cmpf(3, c, z)
            }
            _ => return Err(self.err(inst.opcode_span, "'slct' compares an .s32 or .f32 operand")),
        };
        let r = self.select(cond, a, b);
        self.write(&ops[0], r, dty, Fit::Exact)
    }

    /// `rcp`, `sqrt`, `rsqrt`, `ex2`, `lg2`, `sin`, `cos`, `tanh`.
    fn special_fn(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let approx = m.has(".approx");
        let fm = fmods(m);
        let ty = self.one_type(inst, m)?;
        self.defined_on(inst, ty, Self::is_float_like(ty))?;
        let f = match inst.opcode {
            "rcp" => Approx::Rcp,
            "sqrt" => Approx::Sqrt,
            "rsqrt" => Approx::Rsqrt,
            "ex2" => Approx::Ex2,
            "lg2" => Approx::Lg2,
            "sin" => Approx::Sin,
            "cos" => Approx::Cos,
            _ => Approx::Tanh,
        };
        let ieee = matches!(f, Approx::Rcp | Approx::Sqrt);
        match (approx, fm.rnd) {
            (true, None) => {}
            (false, Some(_)) if ieee => {}
            _ if ieee => {
                return Err(self.err(
                    inst.opcode_span,
                    format!("'{}' needs .approx or a rounding modifier", inst.opcode),
                ));
            }
            _ => return Err(self.err(inst.opcode_span, format!("'{}' needs .approx", inst.opcode))),
        }
        if fm.sat {
            return Err(self.err(inst.opcode_span, format!("'{}' takes no .sat", inst.opcode)));
        }
        let rnd = fm.rnd;
        self.float_inst(inst, ty, 1, fm, &mut |s, v| match (rnd, f) {
            (None, f) => s.approx(f, v),
            (Some(".rn"), Approx::Sqrt) => s.same("math.sqrt", v),
            (Some(".rn"), _) => {
                let one = s.c_float(s.ty(v[0]), 1.0);
                s.same("arith.divf", &[one, v[0]])
            }
            (Some(r), Approx::Sqrt) => s.rounded(RoundedFn::Sqrt, v, rounding(r), None),
            (Some(r), _) => s.rounded(RoundedFn::Rcp, v, rounding(r), None),
        })
    }

    fn cvt(&mut self, inst: &'a Instruction<'a>, m: &mut Mods<'a>) -> LResult<()> {
        let irnd = m.any(&[".rni", ".rzi", ".rmi", ".rpi"]);
        let frnd = m.any(&[".rn", ".rz", ".rm", ".rp"]);
        let ftz = m.has(".ftz");
        let sat = m.has(".sat");
        let tys = m.types();
        let [(dt, _), (at, _)] = tys.as_slice() else {
            return Err(self.err(
                inst.opcode_span,
                "'cvt' takes two type modifiers (destination, source)",
            ));
        };
        let (dt, at) = (*dt, *at);
        if let Some(h) = dt.half() {
            // cvt.rn.f16x2.f32 d, a, b: d = {hi: a, lo: b}
            if at != ast::Type::F32 {
                return self.unsupported(inst, &format!("cvt to {} from {}", dt.name(), at.name()));
            }
            let ops = self.operands(inst, 3)?;
            let a = self.read(&ops[1], at, Fit::Exact)?;
            let b = self.read(&ops[2], at, Fit::Exact)?;
            let hi = self.convert(inst, a, at, h, irnd, frnd, ftz, sat)?;
            let lo = self.convert(inst, b, at, h, irnd, frnd, ftz, sat)?;
            let (i16, i32) = (self.info.common.i16, self.info.common.i32);
            let (hi, lo) = (self.bitcast(hi, i16), self.bitcast(lo, i16));
            let (hi, lo) = (self.resize(hi, i32, false), self.resize(lo, i32, false));
            let sixteen = self.c_int(i32, 16);
            let hi = self.same("arith.shli", &[hi, sixteen]);
            let r = self.same("arith.ori", &[hi, lo]);
            return self.write(&ops[0], r, dt, Fit::Exact);
        }
        let ops = self.operands(inst, 2)?;
        let v = self.read(&ops[1], at, Fit::Relaxed)?;
        let r = self.convert(inst, v, at, dt, irnd, frnd, ftz, sat)?;
        self.write(&ops[0], r, dt, Fit::Relaxed)
    }

    #[allow(clippy::too_many_arguments)]
    fn convert(
        &mut self,
        inst: &Instruction,
        v: ValueId,
        at: ast::Type,
        dt: ast::Type,
        irnd: Option<&str>,
        frnd: Option<&str>,
        ftz: bool,
        sat: bool,
    ) -> LResult<ValueId> {
        if at == ast::Type::Pred
            || dt == ast::Type::Pred
            || at.half().is_some()
            || at.bits() > 64
            || dt.bits() > 64
        {
            return self.unsupported(inst, &format!("cvt from {} to {}", at.name(), dt.name()));
        }
        let dir = self.info.common.ir(self.ctx, dt);
        let (af, df) = (at.is_float(), dt.is_float());
        let v = if af { self.flush(v, ftz) } else { v };
        let bad = |s: &Self, what: &str| -> LResult<ValueId> {
            Err(s.err(
                inst.opcode_span,
                format!("{what} for cvt from {} to {}", at.name(), dt.name()),
            ))
        };
        let r = match (af, df) {
            (false, false) => {
                if irnd.is_some() || frnd.is_some() {
                    return bad(self, "a rounding modifier");
                }
                let v = if sat { self.clamp_int(v, at, dt) } else { v };
                return Ok(self.resize(v, dir, at.is_signed()));
            }
            (false, true) => {
                if irnd.is_some() {
                    return bad(self, "an integer rounding modifier");
                }
                let signed = at.is_signed();
                match frnd {
                    None | Some(".rn") => {
                        let name = if signed {
                            "arith.sitofp"
                        } else {
                            "arith.uitofp"
                        };
                        self.op1(name, &[v], dir, &[])
                    }
                    Some(r) => {
                        let f = if signed {
                            RoundedFn::Sitofp
                        } else {
                            RoundedFn::Uitofp
                        };
                        self.rounded(f, &[v], rounding(r), Some(dir))
                    }
                }
            }
            (true, false) => {
                if frnd.is_some() {
                    return bad(self, "a float rounding modifier");
                }
                let v = match irnd {
                    Some(".rni") => self.same("math.roundeven", &[v]),
                    Some(".rmi") => self.same("math.floor", &[v]),
                    Some(".rpi") => self.same("math.ceil", &[v]),
                    Some(_) => v,
                    None => {
                        return bad(
                            self,
                            "a missing integer rounding modifier (.rni, .rzi, .rmi, .rpi)",
                        );
                    }
                };
                let name = if dt.is_signed() {
                    "cuda.fptosi_sat"
                } else {
                    "cuda.fptoui_sat"
                };
                // saturation is PTX's rule for float-to-integer anyway
                return Ok(self.op1(name, &[v], dir, &[]));
            }
            (true, true) => {
                let (aw, dw) = (at.bits(), dt.bits());
                if at == dt {
                    if frnd.is_some() {
                        return bad(self, "a float rounding modifier");
                    }
                    match irnd {
                        Some(".rni") => self.same("math.roundeven", &[v]),
                        Some(".rmi") => self.same("math.floor", &[v]),
                        Some(".rpi") => self.same("math.ceil", &[v]),
                        Some(_) => self.same("math.trunc", &[v]),
                        None => v,
                    }
                } else if irnd.is_some() {
                    return bad(self, "an integer rounding modifier");
                } else if dw > aw {
                    if frnd.is_some() {
                        return bad(self, "a rounding modifier on a widening conversion");
                    }
                    self.op1("arith.extf", &[v], dir, &[])
                } else {
                    // narrowing (or f16 <-> bf16 through f32)
                    let v = if dw == aw {
                        let f32 = self.info.common.f32;
                        self.op1("arith.extf", &[v], f32, &[])
                    } else {
                        v
                    };
                    let props: Vec<(&'static str, Attr)> = match frnd {
                        None | Some(".rn") => vec![],
                        Some(r) => {
                            let mode = match r {
                                ".rm" => 1,
                                ".rp" => 2,
                                _ => 3,
                            };
                            vec![(
                                "roundingmode",
                                self.ctx.int_attr(self.info.common.i32, mode),
                            )]
                        }
                    };
                    self.op1("arith.truncf", &[v], dir, &props)
                }
            }
        };
        let r = if sat { self.saturate(r) } else { r };
        Ok(if df { self.flush(r, ftz) } else { r })
    }

    /// Clamp integer `v` of type `at` into the range of `dt` (for `cvt.sat`).
    fn clamp_int(&mut self, v: ValueId, at: ast::Type, dt: ast::Type) -> ValueId {
        let (aw, dw) = (at.bits() as i128, dt.bits() as i128);
        let (asg, dsg) = (at.is_signed(), dt.is_signed());
        let max = |w: i128, s: bool| {
            if s {
                (1i128 << (w - 1)) - 1
            } else {
                (1i128 << w) - 1
            }
        };
        let mut v = v;
        if asg && (!dsg || dw < aw) {
            let lo = if dsg { -(1i128 << (dw - 1)) } else { 0 };
            let c = self.int_const_of(v, lo);
            v = self.same("arith.maxsi", &[v, c]);
        }
        if max(aw, asg) > max(dw, dsg) {
            let c = self.int_const_of(v, max(dw, dsg));
            v = self.same(if asg { "arith.minsi" } else { "arith.minui" }, &[v, c]);
        }
        v
    }
}
