//! `math` and `cuda.fast_math`: what Cranelift has an instruction for is
//! inline (sqrt, abs, ceil, floor, trunc, roundeven, fma, copysign, the bit
//! counts); the rest calls the C library (`expf`/`exp` by element type),
//! imported from the process.

use super::function::FnLowering;
use cranelift_codegen::ir::{
    self, AbiParam, InstBuilder, Value, condcodes::FloatCC, condcodes::IntCC, types,
};
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::FastMath;

impl FnLowering<'_, '_> {
    /// Lower a `math` op; `false` if it is none this target knows.
    pub(super) fn lower_math(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let name = &self.ctx.op_name_text(op)["math.".len()..];
        let args = self.operands(op);
        if let Some(&(_, c_name)) = cuwasm_dialects::math::LIBM.iter().find(|(n, _)| *n == name) {
            let v = self.libm_call(op, c_name, &args)?;
            self.set_result(op, 0, v);
            return Ok(true);
        }
        let x = args[0];
        let ins = self.b.ins();
        let v = match name {
            "sqrt" => ins.sqrt(x),
            "absf" => ins.fabs(x),
            "ceil" => ins.ceil(x),
            "floor" => ins.floor(x),
            "trunc" => ins.trunc(x),
            "roundeven" => ins.nearest(x),
            "copysign" => ins.fcopysign(x, args[1]),
            "fma" => ins.fma(x, args[1], args[2]),
            "rsqrt" => {
                let root = self.b.ins().sqrt(x);
                let one = self.float_const(self.result_type(op, 0), 1.0);
                self.b.ins().fdiv(one, root)
            }
            "fpowi" => {
                // x ** n as pow(x, (float)n): exact for the integers a float holds.
                let ty = self.operand_type(op, 0);
                let n = self.b.ins().fcvt_from_sint(ty, args[1]);
                self.libm_call(op, "pow", &[x, n])?
            }
            "clampf" => {
                let low = self.float_num(x, args[1], true);
                self.float_num(low, args[2], false)
            }
            "sincos" => {
                let sin = self.libm_call(op, "sin", &[x])?;
                let cos = self.libm_call(op, "cos", &[x])?;
                self.set_result(op, 1, cos);
                sin
            }
            "absi" | "ctlz" | "cttz" | "ctpop" => self.int_math(op, name, x),
            "ipowi" => self.ipowi(x, args[1]),
            "isnan" | "isinf" | "isfinite" | "isnormal" => self.classify(op, name, x),
            _ => return Ok(false),
        };
        self.set_result(op, 0, v);
        Ok(true)
    }

    /// `cuda.fast_math`: the precise C function, whose error is within each
    /// intrinsic's documented bound; `__fdividef` is a plain division.
    pub(super) fn fast_math(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let Some(f) = FastMath::from_prop(self.ctx, op, "intrinsic")? else {
            return Err(self.ctx.op_error(op, "requires 'intrinsic'"));
        };
        let args = self.operands(op);
        let Some(c_name) = f.c_function() else {
            return Ok(self.b.ins().fdiv(args[0], args[1]));
        };
        self.libm_call(op, c_name, &args)
    }

    /// Call the C library's `base` (`f64`) or `basef` (`f32`) on `args`, all of
    /// the type of `op`'s first result.
    pub(super) fn libm_call(
        &mut self,
        op: OpId,
        base: &str,
        args: &[Value],
    ) -> Result<Value, Diagnostic> {
        let ty = self.result_type(op, 0);
        let name = if ty == types::F32 {
            format!("{base}f")
        } else {
            base.to_string()
        };
        let mut sig = self.m.jit_signature();
        sig.params.extend(args.iter().map(|_| AbiParam::new(ty)));
        sig.returns.push(AbiParam::new(ty));
        let id = self.m.libcall(&name, &sig, self.ctx.loc(op))?;
        Ok(self.call(id, args)[0])
    }

    pub(super) fn float_const(&mut self, ty: ir::Type, value: f64) -> Value {
        match ty == types::F32 {
            true => self.b.ins().f32const(value as f32),
            false => self.b.ins().f64const(value),
        }
    }

    /// `absi`, `ctlz`, `cttz`, `ctpop`; on `i1` (0/1 in an `i8`) the counts are
    /// `1 - x`, `1 - x` and `x`, and `abs` is the identity.
    fn int_math(&mut self, op: OpId, name: &str, x: Value) -> Value {
        if self.result_is_bool(op, 0) {
            return match name {
                "ctlz" | "cttz" => self.b.ins().bxor_imm_u(x, 1),
                _ => x,
            };
        }
        match name {
            "absi" => self.b.ins().iabs(x),
            "ctlz" => self.b.ins().clz(x),
            "cttz" => self.b.ins().ctz(x),
            _ => self.b.ins().popcnt(x),
        }
    }

    /// `isnan`, `isinf`, `isfinite`, `isnormal` through `|x|`.
    fn classify(&mut self, op: OpId, name: &str, x: Value) -> Value {
        let ty = self.operand_type(op, 0);
        if name == "isnan" {
            return self.b.ins().fcmp(FloatCC::Unordered, x, x);
        }
        let abs = self.b.ins().fabs(x);
        let inf = self.float_const(ty, f64::INFINITY);
        match name {
            "isinf" => self.b.ins().fcmp(FloatCC::Equal, abs, inf),
            "isfinite" => self.b.ins().fcmp(FloatCC::LessThan, abs, inf),
            _ => {
                let min = match ty == types::F32 {
                    true => f32::MIN_POSITIVE as f64,
                    false => f64::MIN_POSITIVE,
                };
                let min = self.float_const(ty, min);
                let big = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, abs, min);
                let finite = self.b.ins().fcmp(FloatCC::LessThan, abs, inf);
                self.b.ins().band(big, finite)
            }
        }
    }

    /// `ipowi`: exponentiation by squaring (wrapping) for `n >= 0`; for
    /// `n < 0`, MLIR's integer meaning of `1 / b^-n`: 1 for `b = 1`, ±1 for
    /// `b = -1` (by the parity of `n`), 0 otherwise.
    fn ipowi(&mut self, base: Value, n: Value) -> Value {
        let ty = self.b.func.dfg.value_type(base);
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
        let zero = self.b.ins().iconst(ty, 0);
        let one = self.b.ins().iconst(ty, 1);
        let start_n = self.b.ins().select(negative, zero, n);
        let header = self.b.create_block();
        let (b, e, acc) = (
            self.b.append_block_param(header, ty),
            self.b.append_block_param(header, ty),
            self.b.append_block_param(header, ty),
        );
        let body = self.b.create_block();
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, ty);
        self.jump(header, &[base, start_n, one]);
        self.b.switch_to_block(header);
        self.brif(e, (body, &[]), (done, &[acc]));
        self.b.switch_to_block(body);
        let odd = self.b.ins().band_imm_u(e, 1);
        let times = self.b.ins().imul(acc, b);
        let acc2 = self.b.ins().select(odd, times, acc);
        let b2 = self.b.ins().imul(b, b);
        let e2 = self.b.ins().ushr_imm_u(e, 1);
        self.jump(header, &[b2, e2, acc2]);
        self.b.switch_to_block(done);
        // n < 0: b == 1 -> 1; b == -1 -> (n odd ? -1 : 1); else 0.
        let is_one = self.b.ins().icmp_imm_s(IntCC::Equal, base, 1);
        let is_minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, base, -1);
        let n_odd = self.b.ins().band_imm_u(n, 1);
        let minus_one = self.int_const(ty, -1);
        let parity = self.b.ins().select(n_odd, minus_one, one);
        let unit = self.b.ins().select(is_minus_one, parity, zero);
        let unit = self.b.ins().select(is_one, one, unit);
        self.b.ins().select(negative, unit, result)
    }
}
