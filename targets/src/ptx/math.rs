//! `math` and CUDA's float intrinsics: the ops PTX has an instruction for,
//! with the precision CUDA gives the function.
//!
//! IEEE where CUDA is: `sqrt` is `sqrt.rn`, `fma` is `fma.rn`, rounding to
//! integers is `cvt.rXi`; `rsqrtf` is `rsqrt.approx.f32` (CUDA: 2 ulp, what
//! nvcc emits), `rsqrt` on f64 is `rcp.rn(sqrt.rn(x))`. The fast intrinsics
//! (`__expf`, `__logf`, `__sinf`, `__powf`, `__fdividef`, ...) use the
//! approximate instructions as nvcc does (`ex2.approx.ftz`, `lg2.approx.ftz`,
//! `sin.approx.ftz`, `div.approx.ftz`), with the errors the CUDA Programming
//! Guide documents. The C library's functions (`expf`, `logf`, `sinf`, ...)
//! are software sequences (`libm.rs`). PTX-level ops of the PTX frontend
//! (`cuda.approx`, `cuda.rounded`, `cuda.flush_denormal`) are the
//! instructions they came from.

use super::arith::float_bits;
use super::function::FnEmitter;
use super::types::{Class, Reg, Scalar, float_literal};
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::{Approx, FastMath, RoundedFn, Rounding};

/// log2(e), ln(2), log2(10), log10(2) as f32 bits (nvcc's constants).
const LOG2_E: u32 = 0x3FB8AA3B;
const LN_2: u32 = 0x3F317218;
const LOG2_10: u32 = 0x40549A78;
const LOG10_2: u32 = 0x3E9A209B;

impl FnEmitter<'_> {
    /// Emit a `math` op; `false` if it is none this target knows.
    pub(super) fn math(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let name = &self.ctx.op_name_text(op)["math.".len()..];
        let s = self.result_scalar(op, 0)?;
        match name {
            "sqrt" => self.unary_rounded(op, "sqrt.rn", s)?,
            "fma" => {
                let [a, b, c] = [0, 1, 2].map(|i| self.operand(op, i));
                let (a, b, c) = (a?, b?, c?);
                let d = self.def_result(op, 0)?;
                self.line(format_args!("fma.rn{} \t{d}, {a}, {b}, {c}", s.f()));
            }
            "absf" => self.float_unary(op, "abs")?,
            "rsqrt" => self.rsqrt(op, s)?,
            "copysign" => {
                // PTX's copysign.f32 d, a, b is b with a's sign
                let (x, y) = (self.operand(op, 0)?, self.operand(op, 1)?);
                let d = self.def_result(op, 0)?;
                self.line(format_args!("copysign{} \t{d}, {y}, {x}", s.f()));
            }
            "floor" => self.unary_rounded(op, "cvt.rmi", s)?,
            "ceil" => self.unary_rounded(op, "cvt.rpi", s)?,
            "trunc" => self.unary_rounded(op, "cvt.rzi", s)?,
            "roundeven" => self.unary_rounded(op, "cvt.rni", s)?,
            "round" => self.round_half_away(op, s)?,
            "absi" => {
                let a = self.exact_operand(op, 0, true)?;
                let d = self.def_result(op, 0)?;
                self.line(format_args!("abs{} \t{d}, {a}", s.s()));
            }
            "ctpop" | "ctlz" | "cttz" => self.count_bits(op, name, s)?,
            "isnan" | "isinf" | "isfinite" | "isnormal" => self.classify(op, name)?,
            _ => return self.libm(op, name),
        }
        Ok(true)
    }

    /// `opcode{.type}.type d, a` (`cvt.rmi.f32.f32`, `sqrt.rn.f32`, ...).
    fn unary_rounded(&mut self, op: OpId, opcode: &str, s: Scalar) -> Result<(), Diagnostic> {
        if !matches!(s, Scalar::F32 | Scalar::F64) {
            return Err(self
                .ctx
                .op_error(op, "is supported by the PTX target on f32 and f64 only"));
        }
        let a = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        let ty = if opcode.starts_with("cvt") {
            format!("{}{}", s.f(), s.f())
        } else {
            s.f().to_string()
        };
        self.line(format_args!("{opcode}{ty} \t{d}, {a}"));
        Ok(())
    }

    fn rsqrt(&mut self, op: OpId, s: Scalar) -> Result<(), Diagnostic> {
        let a = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        match s {
            Scalar::F32 => self.line(format_args!("rsqrt.approx.f32 \t{d}, {a}")),
            Scalar::F64 => {
                let t = self.reg(Class::F64);
                self.line(format_args!("sqrt.rn.f64 \t{t}, {a}"));
                self.line(format_args!("rcp.rn.f64 \t{d}, {t}"));
            }
            _ => {
                return Err(self
                    .ctx
                    .op_error(op, "is supported by the PTX target on f32 and f64 only"));
            }
        }
        Ok(())
    }

    /// C's `round`: half away from zero. `trunc(|x| + 0.5)` is exact for
    /// `0.5 <= |x| < 2^(p-1)`; below 0.5 the result is 0 and from `2^(p-1)`
    /// on `x` is an integer already; the sign is `x`'s.
    fn round_half_away(&mut self, op: OpId, s: Scalar) -> Result<(), Diagnostic> {
        if !matches!(s, Scalar::F32 | Scalar::F64) {
            return Err(self
                .ctx
                .op_error(op, "is supported by the PTX target on f32 and f64 only"));
        }
        let x = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        let f = s.f();
        let lit = |v: f64| float_literal(s, float_bits(s, v));
        let big = if s == Scalar::F64 {
            4503599627370496.0
        } else {
            8388608.0
        };
        let [a, t, r, q] = [0; 4].map(|_| self.reg(d.class));
        let (small, large) = (self.reg(Class::Pred), self.reg(Class::Pred));
        self.line(format_args!("abs{f} \t{a}, {x}"));
        self.line(format_args!("add.rn{f} \t{t}, {a}, {}", lit(0.5)));
        self.line(format_args!("cvt.rzi{f}{f} \t{r}, {t}"));
        self.line(format_args!("setp.lt{f} \t{small}, {a}, {}", lit(0.5)));
        self.line(format_args!("selp{f} \t{q}, {}, {r}, {small}", lit(0.0)));
        self.line(format_args!("setp.ge{f} \t{large}, {a}, {}", lit(big)));
        self.line(format_args!("selp{f} \t{r}, {a}, {q}, {large}"));
        self.line(format_args!("copysign{f} \t{d}, {x}, {r}"));
        Ok(())
    }

    /// `ctpop`, `ctlz`, `cttz`: PTX's `popc`/`clz` give a `.u32` count.
    fn count_bits(&mut self, op: OpId, name: &str, s: Scalar) -> Result<(), Diagnostic> {
        if !matches!(s, Scalar::I32 | Scalar::I64) {
            return Err(self
                .ctx
                .op_error(op, "is supported by the PTX target on i32 and i64 only"));
        }
        let a = self.operand(op, 0)?;
        let a = self.widen_index_if(a, s);
        let b = s.b();
        let n = self.reg(Class::B32);
        match name {
            "ctpop" => self.line(format_args!("popc{b} \t{n}, {a}")),
            "ctlz" => self.line(format_args!("clz{b} \t{n}, {a}")),
            _ => {
                let r = self.reg(s.class());
                self.line(format_args!("brev{b} \t{r}, {a}"));
                self.line(format_args!("clz{b} \t{n}, {r}"));
            }
        }
        let d = self.def_result(op, 0)?;
        if s == Scalar::I64 {
            self.line(format_args!("cvt.u64.u32 \t{d}, {n}"));
        } else {
            self.mov(d, n);
        }
        Ok(())
    }

    fn widen_index_if(&mut self, r: Reg, s: Scalar) -> Reg {
        if s == Scalar::I64 {
            self.widen_index(r)
        } else {
            r
        }
    }

    /// `isnan`/`isinf`/`isfinite`/`isnormal` through `testp`.
    fn classify(&mut self, op: OpId, name: &str) -> Result<(), Diagnostic> {
        let s = self.operand_scalar(op, 0)?;
        let a = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        let test = match name {
            "isnan" => "notanumber",
            "isinf" => "infinite",
            "isfinite" => "finite",
            _ => "normal",
        };
        if test != "normal" {
            self.line(format_args!("testp.{test}{} \t{d}, {a}", s.f()));
            return Ok(());
        }
        // PTX's testp.normal is true for +-0 too (the H100 says so, as the
        // PTX ISA does); C's isnormal is not.
        let (normal, nonzero) = (self.reg(Class::Pred), self.reg(Class::Pred));
        let zero = float_literal(s, 0);
        self.line(format_args!("testp.normal{} \t{normal}, {a}", s.f()));
        self.line(format_args!("setp.ne{} \t{nonzero}, {a}, {zero}", s.f()));
        self.line(format_args!("and.pred \t{d}, {normal}, {nonzero}"));
        Ok(())
    }

    /// `cuda.fast_math`, `cuda.approx`, `cuda.rounded`, `cuda.flush_denormal`;
    /// `false` if `op` is none of them.
    pub(super) fn cuda_float(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op) {
            "cuda.fast_math" => self.fast_math(op)?,
            "cuda.approx" => self.approx(op)?,
            "cuda.rounded" => self.rounded(op)?,
            "cuda.flush_denormal" => self.flush_denormal(op)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `.ftz`: a subnormal becomes a zero of its sign. On f32 a multiply by
    /// one with `.ftz` (exact otherwise); on f64, which has no `.ftz`, a
    /// `testp.subnormal` and a select of the sign bit.
    fn flush_denormal(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let s = self.result_scalar(op, 0)?;
        let a = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        match s {
            Scalar::F32 => self.line(format_args!("mul.rn.ftz.f32 \t{d}, {a}, 0f3F800000")),
            Scalar::F64 => {
                let (bits, sign, zero, p) = (
                    self.reg(Class::B64),
                    self.reg(Class::B64),
                    self.reg(Class::F64),
                    self.reg(Class::Pred),
                );
                self.line(format_args!("mov.b64 \t{bits}, {a}"));
                self.line(format_args!("and.b64 \t{sign}, {bits}, 0x8000000000000000"));
                self.line(format_args!("mov.b64 \t{zero}, {sign}"));
                self.line(format_args!("testp.subnormal.f64 \t{p}, {a}"));
                self.line(format_args!("selp.f64 \t{d}, {zero}, {a}, {p}"));
            }
            _ => {
                return Err(self
                    .ctx
                    .op_error(op, "is supported by the PTX target on f32 and f64 only"));
            }
        }
        Ok(())
    }

    fn fast_math(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let Some(f) = FastMath::from_prop(ctx, op, "intrinsic")? else {
            return Err(ctx.op_error(op, "needs an 'intrinsic'"));
        };
        let x = self.operand(op, 0)?;
        let d = self.def_result(op, 0)?;
        let c = |bits: u32| format!("0f{bits:08X}");
        match f {
            FastMath::Exp | FastMath::Exp10 => {
                let k = if f == FastMath::Exp { LOG2_E } else { LOG2_10 };
                let t = self.reg(Class::F32);
                self.line(format_args!("mul.ftz.f32 \t{t}, {x}, {}", c(k)));
                self.line(format_args!("ex2.approx.ftz.f32 \t{d}, {t}"));
            }
            FastMath::Log2 => self.line(format_args!("lg2.approx.ftz.f32 \t{d}, {x}")),
            FastMath::Log | FastMath::Log10 => {
                let k = if f == FastMath::Log { LN_2 } else { LOG10_2 };
                let t = self.reg(Class::F32);
                self.line(format_args!("lg2.approx.ftz.f32 \t{t}, {x}"));
                self.line(format_args!("mul.ftz.f32 \t{d}, {t}, {}", c(k)));
            }
            FastMath::Sin => self.line(format_args!("sin.approx.ftz.f32 \t{d}, {x}")),
            FastMath::Cos => self.line(format_args!("cos.approx.ftz.f32 \t{d}, {x}")),
            FastMath::Tan => {
                let (sn, cs) = (self.reg(Class::F32), self.reg(Class::F32));
                self.line(format_args!("sin.approx.ftz.f32 \t{sn}, {x}"));
                self.line(format_args!("cos.approx.ftz.f32 \t{cs}, {x}"));
                self.line(format_args!("div.approx.ftz.f32 \t{d}, {sn}, {cs}"));
            }
            FastMath::Pow => {
                let y = self.operand(op, 1)?;
                let (l, t) = (self.reg(Class::F32), self.reg(Class::F32));
                self.line(format_args!("lg2.approx.ftz.f32 \t{l}, {x}"));
                self.line(format_args!("mul.ftz.f32 \t{t}, {l}, {y}"));
                self.line(format_args!("ex2.approx.ftz.f32 \t{d}, {t}"));
            }
            FastMath::Divide => {
                let y = self.operand(op, 1)?;
                self.line(format_args!("div.approx.ftz.f32 \t{d}, {x}, {y}"));
            }
        }
        Ok(())
    }

    fn approx(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let Some(f) = Approx::from_prop(ctx, op, "function")? else {
            return Err(ctx.op_error(op, "needs a 'function'"));
        };
        let s = self.result_scalar(op, 0)?;
        let a = self.operand(op, 0)?;
        let b = if ctx.num_operands(op) > 1 {
            Some(self.operand(op, 1)?)
        } else {
            None
        };
        let d = self.def_result(op, 0)?;
        let ty = s.f();
        let newer = f == Approx::Tanh || s == Scalar::F16;
        if newer && self.info.opts.sm < 75 {
            return Err(ctx.op_error(op, "needs sm_75 or later in the PTX target"));
        }
        match (f, s) {
            // PTX has no non-ftz approximate f64 reciprocal or square root:
            // the IEEE ones are within the bounds
            (Approx::Rcp, Scalar::F64) => self.line(format_args!("rcp.rn.f64 \t{d}, {a}")),
            (Approx::Sqrt, Scalar::F64) => self.line(format_args!("sqrt.rn.f64 \t{d}, {a}")),
            (Approx::Rsqrt, Scalar::F64) => self.line(format_args!("rsqrt.approx.f64 \t{d}, {a}")),
            (Approx::Div, _) => self.line(format_args!(
                "div.approx.f32 \t{d}, {a}, {}",
                b.unwrap_or(a)
            )),
            (Approx::DivFull, _) => {
                self.line(format_args!("div.full.f32 \t{d}, {a}, {}", b.unwrap_or(a)))
            }
            _ => self.line(format_args!("{}.approx{ty} \t{d}, {a}", f.keyword())),
        }
        Ok(())
    }

    fn rounded(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let (Some(f), Some(r)) = (
            RoundedFn::from_prop(ctx, op, "op")?,
            Rounding::from_prop(ctx, op, "rounding")?,
        ) else {
            return Err(ctx.op_error(op, "needs 'op' and 'rounding'"));
        };
        let s = self.result_scalar(op, 0)?;
        let rnd = format!(".{}", r.keyword());
        let operands: Result<Vec<Reg>, Diagnostic> = match f {
            RoundedFn::Sitofp | RoundedFn::Uitofp => {
                let signed = f == RoundedFn::Sitofp;
                vec![self.exact_operand(op, 0, signed)]
                    .into_iter()
                    .collect()
            }
            _ => (0..ctx.num_operands(op))
                .map(|i| self.operand(op, i))
                .collect(),
        };
        let ops = operands?;
        let list: Vec<String> = ops.iter().map(Reg::to_string).collect();
        let d = self.def_result(op, 0)?;
        let list = list.join(", ");
        match f {
            RoundedFn::Sitofp | RoundedFn::Uitofp => {
                let from = self.operand_scalar(op, 0)?;
                let ty = if f == RoundedFn::Sitofp {
                    from.s()
                } else {
                    from.u()
                };
                self.line(format_args!("cvt{rnd}{}{ty} \t{d}, {list}", s.f()));
            }
            _ => {
                let name = f.keyword();
                self.line(format_args!("{name}{rnd}{} \t{d}, {list}", s.f()));
            }
        }
        Ok(())
    }
}
