//! The C math library in float and double (`sqrtf`, `pow`, `fmaf`, ... and
//! the C++ overloads by argument type) as `math`/`arith` ops, CUDA's integer
//! `min`/`max`/`abs`, `sincos{,f}` (two stores), and the classification
//! functions `isnan`/`isinf`/`isfinite`/`signbit`.

use super::Lowerer;
use super::expr::Val;
use crate::cuda::Diag;
use crate::cuda::ast::Loc;
use crate::cuda::sema::types::{CType, FloatKind};

type R<T> = Result<T, Diag>;

/// Math functions lowered to one op: the C name without its `f` suffix, the
/// op, and the number of arguments.
const MATH: &[(&str, &str, usize)] = &[
    ("sqrt", "math.sqrt", 1),
    ("rsqrt", "math.rsqrt", 1),
    ("cbrt", "math.cbrt", 1),
    ("exp", "math.exp", 1),
    ("exp2", "math.exp2", 1),
    ("expm1", "math.expm1", 1),
    ("log", "math.log", 1),
    ("log2", "math.log2", 1),
    ("log10", "math.log10", 1),
    ("log1p", "math.log1p", 1),
    ("sin", "math.sin", 1),
    ("cos", "math.cos", 1),
    ("tan", "math.tan", 1),
    ("sinh", "math.sinh", 1),
    ("cosh", "math.cosh", 1),
    ("tanh", "math.tanh", 1),
    ("asin", "math.asin", 1),
    ("acos", "math.acos", 1),
    ("atan", "math.atan", 1),
    ("asinh", "math.asinh", 1),
    ("acosh", "math.acosh", 1),
    ("atanh", "math.atanh", 1),
    ("erf", "math.erf", 1),
    ("erfc", "math.erfc", 1),
    ("fabs", "math.absf", 1),
    ("floor", "math.floor", 1),
    ("ceil", "math.ceil", 1),
    ("round", "math.round", 1),
    ("rint", "math.roundeven", 1),
    ("nearbyint", "math.roundeven", 1),
    ("trunc", "math.trunc", 1),
    ("pow", "math.powf", 2),
    ("atan2", "math.atan2", 2),
    ("copysign", "math.copysign", 2),
    ("fmax", "arith.maxnumf", 2),
    ("fmin", "arith.minnumf", 2),
    ("fmod", "arith.remf", 2),
    ("fma", "math.fma", 3),
];

impl Lowerer<'_, '_> {
    /// The math library: `sqrtf`, `sqrt` (float or double overload by the
    /// argument), `fminf`, ..., and CUDA's integer `min`, `max`, `abs`.
    pub(super) fn math_call(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Option<Val>> {
        if let ("min" | "max" | "umin" | "umax" | "llmin" | "llmax" | "ullmin" | "ullmax", [a, b]) =
            (name, vals)
        {
            let common = crate::cuda::sema::types::usual_arithmetic(&a.ty, &b.ty);
            if !common.is_arithmetic() {
                return Ok(None);
            }
            let (x, y) = (
                self.convert(a.clone(), &common, loc)?,
                self.convert(b.clone(), &common, loc)?,
            );
            let is_min = name.ends_with("min");
            let op = match (is_min, common.is_float(), common.is_signed()) {
                (true, true, _) => "arith.minnumf",
                (false, true, _) => "arith.maxnumf",
                (true, false, true) => "arith.minsi",
                (false, false, true) => "arith.maxsi",
                (true, false, false) => "arith.minui",
                (false, false, false) => "arith.maxui",
            };
            let t = common.ir(self.ctx).expect("arithmetic");
            return Ok(Some(Val {
                v: self.op1(op, &[x, y], t, &[]),
                ty: common,
            }));
        }
        if let ("abs" | "labs" | "llabs", [a]) = (name, vals)
            && a.ty.is_integer()
        {
            let ty = a.ty.promote();
            let x = self.convert(a.clone(), &ty, loc)?;
            let t = ty.ir(self.ctx).expect("integer");
            return Ok(Some(Val {
                v: self.op1("math.absi", &[x], t, &[]),
                ty,
            }));
        }
        if let Some(v) = self.classify(name, vals, loc)? {
            return Ok(Some(v));
        }
        let (base, float_suffix) = match MATH.iter().find(|m| m.0 == name) {
            Some(_) => (name, false),
            None => match name.strip_suffix('f') {
                Some(b) if MATH.iter().any(|m| m.0 == b) => (b, true),
                _ => return Ok(None),
            },
        };
        let base = if name == "abs" { "fabs" } else { base };
        let &(_, op, arity) = MATH.iter().find(|m| m.0 == base).expect("found above");
        if vals.len() != arity {
            return Err(self.err(loc, format!("'{name}' takes {arity} argument(s)")));
        }
        // The C++ overloads: float if every argument is float, else double.
        let ty = if float_suffix || vals.iter().all(|v| v.ty == CType::FLOAT) {
            CType::FLOAT
        } else if vals.iter().all(|v| v.ty == CType::Float(FloatKind::Half)) {
            return Err(self.unsupported(loc, &format!("'{name}' on __half")));
        } else {
            CType::DOUBLE
        };
        let mut xs = Vec::new();
        for v in vals {
            if !v.ty.is_arithmetic() {
                return Err(self.err(
                    loc,
                    format!(
                        "no matching function for call to '{name}' with an argument of type '{}'",
                        v.ty.name()
                    ),
                ));
            }
            xs.push(self.convert(v.clone(), &ty, loc)?);
        }
        let t = ty.ir(self.ctx).expect("float");
        Ok(Some(Val {
            v: self.op1(op, &xs, t, &[]),
            ty,
        }))
    }

    /// `isnan`, `isinf`, `isfinite`, `isnormal` and `signbit` (C++'s `bool`
    /// overloads; an integer argument converts to `double`): comparisons of
    /// `x`, of `|x|` with infinity, `math.isnormal`, and of `x`'s bits with
    /// zero. None for other names.
    fn classify(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Option<Val>> {
        // `arith.cmpf` predicates (ordered less or equal, unordered) and
        // `arith.cmpi slt`.
        const OEQ: i128 = 1;
        const OLT: i128 = 4;
        const UNO: i128 = 14;
        const SLT: i128 = 2;
        if !matches!(
            name,
            "isnan" | "isinf" | "isfinite" | "isnormal" | "signbit"
        ) {
            return Ok(None);
        }
        let [x] = vals else {
            return Err(self.err(loc, format!("'{name}' takes 1 argument(s)")));
        };
        let (ty, bits) = match &x.ty {
            CType::Float(FloatKind::Float) => (CType::FLOAT, CType::INT),
            CType::Float(FloatKind::Half) => {
                return Err(self.unsupported(loc, &format!("'{name}' on __half")));
            }
            t if t.is_arithmetic() => (CType::DOUBLE, CType::PTRDIFF_T),
            t => {
                return Err(self.err(
                    loc,
                    format!(
                        "no matching function for call to '{name}' with an argument of type '{}'",
                        t.name()
                    ),
                ));
            }
        };
        let xv = self.convert(x.clone(), &ty, loc)?;
        let i1 = self.ctx.i1();
        let v = match name {
            "isnan" => {
                let p = self.pred(UNO);
                self.op1("arith.cmpf", &[xv, xv], i1, &[("predicate", p)])
            }
            "isnormal" => self.op1("math.isnormal", &[xv], i1, &[]),
            "signbit" => {
                let t = bits.ir(self.ctx).expect("integer");
                let b = self.op1("arith.bitcast", &[xv], t, &[]);
                let z = self.int_const(&bits, 0);
                let p = self.pred(SLT);
                self.op1("arith.cmpi", &[b, z], i1, &[("predicate", p)])
            }
            _ => {
                let t = ty.ir(self.ctx).expect("float");
                let abs = self.op1("math.absf", &[xv], t, &[]);
                let inf = self.float_const(&ty, f64::INFINITY);
                let p = self.pred(if name == "isinf" { OEQ } else { OLT });
                self.op1("arith.cmpf", &[abs, inf], i1, &[("predicate", p)])
            }
        };
        Ok(Some(Val { v, ty: CType::Bool }))
    }

    /// `sincos(x, s, c)` / `sincosf`: `*s = sin(x); *c = cos(x)`, two stores
    /// of `math.sin` and `math.cos` (CUDA computes them together; the
    /// results are the same functions). The float overload is picked by
    /// `sincosf` or a `float` pointee, as C++'s overloads do.
    pub(super) fn sincos(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<()> {
        let [x, s, c] = vals else {
            return Err(self.err(loc, format!("'{name}' takes 3 argument(s)")));
        };
        let ty = match (name, s.ty.pointee()) {
            ("sincosf" | "__sincosf", _) | (_, Some(CType::Float(FloatKind::Float))) => {
                CType::FLOAT
            }
            _ => CType::DOUBLE,
        };
        for p in [s, c] {
            if p.ty.pointee() != Some(&ty) {
                return Err(self.err(
                    loc,
                    format!(
                        "'{name}' needs pointers to '{}', not '{}'",
                        ty.name(),
                        p.ty.name()
                    ),
                ));
            }
        }
        if !x.ty.is_arithmetic() {
            return Err(self.err(loc, format!("'{name}' needs an arithmetic argument")));
        }
        let xv = self.convert(x.clone(), &ty, loc)?;
        let t = ty.ir(self.ctx).expect("float");
        let sin = self.op1("math.sin", &[xv], t, &[]);
        self.store(sin, s.v);
        let cos = self.op1("math.cos", &[xv], t, &[]);
        self.store(cos, c.v);
        Ok(())
    }
}
