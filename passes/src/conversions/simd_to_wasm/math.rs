//! `math` and `cuda.fast_math` on scalars: Wasm instructions where the ISA
//! has them (sqrt, abs, ceil, floor, trunc, nearest, copysign, the bit
//! counts), the C library's function imported from `env` otherwise (the same
//! functions the CPU path calls, so results agree), and fma as C's `fma`,
//! which Wasm lacks.

use super::function::FnConv;
use cuwasm::{Diagnostic, OpId, ValueId};
use cuwasm_dialects::cuda::FastMath;

impl FnConv<'_> {
    pub(super) fn math(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let name = self.ctx.op_name_text(op)["math.".len()..].to_string();
        let name = name.as_str();
        let args = self.vs(op);
        if let Some(&(_, c_name)) = cuwasm_dialects::math::LIBM.iter().find(|(n, _)| *n == name) {
            let v = self.libm(c_name, &args);
            self.set_result(op, 0, v);
            return Ok(true);
        }
        let x = args[0];
        let shape = self.shape(self.ctx.value_type(x));
        let inst = |n: &str| format!("{shape}.{n}");
        let v = match name {
            "sqrt" | "ceil" | "floor" | "trunc" => self.unary(&inst(name), x),
            "absf" => self.unary(&inst("abs"), x),
            "roundeven" => self.unary(&inst("nearest"), x),
            "copysign" => self.binary(&inst("copysign"), x, args[1]),
            "fma" => self.libm("fma", &args),
            "rsqrt" => {
                let root = self.unary(&inst("sqrt"), x);
                let one = self.float_const(self.ctx.value_type(x), 1.0);
                self.binary(&inst("div"), one, root)
            }
            "fpowi" => {
                let n = self.signed(args[1], self.mlir_ty(self.ctx.operand(op, 1)));
                let n_shape = self.shape(self.ctx.value_type(n));
                let n = self.convert(
                    &format!("{shape}.convert_{n_shape}_s"),
                    n,
                    self.ctx.value_type(x),
                );
                self.libm("pow", &[x, n])
            }
            "clampf" => {
                let low = self.float_num_minmax("max", x, args[1]);
                self.float_num_minmax("min", low, args[2])
            }
            "sincos" => {
                let cos = self.libm("cos", &[x]);
                self.set_result(op, 1, cos);
                self.libm("sin", &[x])
            }
            "absi" | "ctlz" | "cttz" | "ctpop" => self.int_math(op, name, x),
            "isnan" | "isinf" | "isfinite" | "isnormal" => self.classify(name, x),
            _ => return Ok(false),
        };
        self.set_result(op, 0, v);
        Ok(true)
    }

    /// `cuda.fast_math`: the precise C function, as on the CPU path.
    pub(super) fn fast_math(&mut self, op: OpId) -> Result<ValueId, Diagnostic> {
        let Some(f) = FastMath::from_prop(self.ctx, op, "intrinsic")? else {
            return Err(self.ctx.op_error(op, "requires 'intrinsic'"));
        };
        let args = self.vs(op);
        Ok(match f.c_function() {
            Some(c_name) => self.libm(c_name, &args),
            None => self.binary("f32.div", args[0], args[1]),
        })
    }

    /// Call C's `base` (`f64`) or `basef` (`f32`) on `args`, all of one type.
    fn libm(&mut self, base: &str, args: &[ValueId]) -> ValueId {
        let ty = self.ctx.value_type(args[0]);
        let name = match self.shape(ty) {
            "f32" => format!("{base}f"),
            _ => base.to_string(),
        };
        self.call_import(&name, args, ty)
    }

    pub(super) fn float_const(&mut self, ty: cuwasm::Type, value: f64) -> ValueId {
        let bits = match self.shape(ty) {
            "f32" => (value as f32).to_bits() as u64,
            _ => value.to_bits(),
        };
        self.const_float_bits(ty, bits)
    }

    /// `absi`, `ctlz`, `cttz`, `ctpop` on the MLIR width: a narrow value
    /// sits zero-extended in its `i32`, so `clz` counts 32 - width extra
    /// zeros and `ctz` of zero must give the width.
    fn int_math(&mut self, op: OpId, name: &str, x: ValueId) -> ValueId {
        let ty = self.old_ty(op);
        let wty = self.ctx.value_type(x);
        let shape = self.shape(wty);
        let narrow = self.narrow_width(ty);
        match (name, narrow) {
            ("ctpop", _) => self.unary(&format!("{shape}.popcnt"), x),
            ("absi", _) => {
                let s = self.signed(x, ty);
                let zero = self.const_int(wty, 0);
                let neg = self.binary(&format!("{shape}.sub"), zero, s);
                let is_neg = self.compare(&format!("{shape}.lt_s"), s, zero);
                let r = self.select(is_neg, neg, s);
                self.normalize(r, ty)
            }
            ("ctlz", Some(w)) => {
                let c = self.unary("i32.clz", x);
                let extra = self.const_int(wty, 32 - w as i128);
                self.binary("i32.sub", c, extra)
            }
            ("cttz", Some(w)) => {
                let c = self.unary("i32.ctz", x);
                let width = self.const_int(wty, w as i128);
                let over = self.compare("i32.gt_u", c, width);
                self.select(over, width, c)
            }
            ("ctlz", None) => self.unary(&format!("{shape}.clz"), x),
            _ => self.unary(&format!("{shape}.ctz"), x),
        }
    }

    /// `isnan`, `isinf`, `isfinite`, `isnormal` through `|x|`.
    fn classify(&mut self, name: &str, x: ValueId) -> ValueId {
        let ty = self.ctx.value_type(x);
        let shape = self.shape(ty);
        if name == "isnan" {
            return self.compare(&format!("{shape}.ne"), x, x);
        }
        let abs = self.unary(&format!("{shape}.abs"), x);
        let inf = self.float_const(ty, f64::INFINITY);
        match name {
            "isinf" => self.compare(&format!("{shape}.eq"), abs, inf),
            "isfinite" => self.compare(&format!("{shape}.lt"), abs, inf),
            _ => {
                let min = match shape {
                    "f32" => f32::MIN_POSITIVE as f64,
                    _ => f64::MIN_POSITIVE,
                };
                let min = self.float_const(ty, min);
                let big = self.compare(&format!("{shape}.ge"), abs, min);
                let finite = self.compare(&format!("{shape}.lt"), abs, inf);
                self.binary("i32.and", big, finite)
            }
        }
    }
}
