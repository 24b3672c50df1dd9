//! CUDA device intrinsics: atomics (`cuda.atomic_rmw`, `cuda.atomic_cas`),
//! warp shuffles (`cuda.shfl_sync`) and votes (`cuda.vote_sync`), `__ldg`
//! (`cuda.ldg`) and the integer bit intrinsics (`__popc`, `__clz`, `__ffs`,
//! `__brev` and their `ll` forms), `__int_as_float` and the other bit
//! reinterpretations (`arith.bitcast`), the fast float intrinsics (`__expf`,
//! `__sinf`, `__fdividef`, ...: `cuda.fast_math`) and `__saturatef`; on both
//! sides, `cuda_fp16.h`'s builtins: `__half_as_ushort` and the other half
//! reinterpretations, and the fused `__hfma` (`math.fma` on `f16`).

use super::Lowerer;
use super::expr::Val;
use crate::cuda::Diag;
use crate::cuda::ast::Loc;
use crate::cuda::sema::types::{CType, FloatKind, IntKind};
use cuwasm_dialects::cuda::{FastMath, RoundedFn, Rounding};

type R<T> = Result<T, Diag>;

const fn int(kind: IntKind, signed: bool) -> CType {
    CType::Int { kind, signed }
}
const I32: CType = int(IntKind::Int, true);
const U32: CType = int(IntKind::Int, false);
const I64: CType = int(IntKind::LongLong, true);
const U64: CType = int(IntKind::LongLong, false);
const I16: CType = int(IntKind::Short, true);
const U16: CType = int(IntKind::Short, false);
const HALF: CType = CType::Float(FloatKind::Half);

/// The bit-reinterpreting intrinsics (`__int_as_float`, ...): argument and
/// result type, as CUDA declares them.
fn reinterpret(name: &str) -> Option<(CType, CType)> {
    const F32: CType = CType::FLOAT;
    const F64: CType = CType::DOUBLE;
    Some(match name {
        "__int_as_float" => (I32, F32),
        "__uint_as_float" => (U32, F32),
        "__float_as_int" => (F32, I32),
        "__float_as_uint" => (F32, U32),
        "__longlong_as_double" => (I64, F64),
        "__double_as_longlong" => (F64, I64),
        "__ushort_as_half" => (U16, HALF),
        "__half_as_ushort" => (HALF, U16),
        "__short_as_half" => (I16, HALF),
        "__half_as_short" => (HALF, I16),
        _ => return None,
    })
}

/// `__fadd_rz(x, y)` and the other IEEE operations that name their
/// rounding (`_rn`, `_rz`, `_rd` down, `_ru` up): the operation, the
/// rounding and the float type.
fn rounded_intrinsic(name: &str) -> Option<(RoundedFn, Rounding, CType)> {
    let (stem, mode) = name.strip_prefix("__")?.rsplit_once('_')?;
    let rounding = match mode {
        "rn" => Rounding::Rn,
        "rz" => Rounding::Rz,
        "rd" => Rounding::Rm,
        "ru" => Rounding::Rp,
        _ => return None,
    };
    let (f, ty) = match stem {
        "fma" => (RoundedFn::Fma, CType::DOUBLE),
        "fmaf" => (RoundedFn::Fma, CType::FLOAT),
        _ => {
            let ty = match stem.as_bytes().first()? {
                b'f' => CType::FLOAT,
                b'd' => CType::DOUBLE,
                _ => return None,
            };
            let f = match &stem[1..] {
                "add" => RoundedFn::Add,
                "sub" => RoundedFn::Sub,
                "mul" => RoundedFn::Mul,
                "div" => RoundedFn::Div,
                "rcp" => RoundedFn::Rcp,
                "sqrt" => RoundedFn::Sqrt,
                _ => return None,
            };
            (f, ty)
        }
    };
    Some((f, rounding, ty))
}

impl Lowerer<'_, '_> {
    /// `__fadd_rz(x, y)` and friends: `cuda.rounded` on the arguments
    /// converted to the intrinsic's type.
    fn rounded(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Val> {
        let (f, rounding, ty) = rounded_intrinsic(name).expect("checked by the caller");
        let n = f.arity();
        if vals.len() != n {
            return Err(self.wrong_arity(name, n, vals, loc));
        }
        let mut args = Vec::with_capacity(n);
        for v in vals {
            args.push(self.convert(v.clone(), &ty, loc)?);
        }
        self.set_loc(loc);
        let t = ty.ir(self.ctx).expect("scalar");
        let (fa, ra) = (f.attr(self.ctx), rounding.attr(self.ctx));
        let v = self.op1("cuda.rounded", &args, t, &[("op", fa), ("rounding", ra)]);
        Ok(Val { v, ty })
    }

    /// `__int_as_float(x)` and friends: the argument converted to the
    /// intrinsic's parameter type, then `arith.bitcast`.
    fn reinterpret(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Val> {
        let [x] = self.arity::<1>(name, vals, loc)?;
        let (from, to) = reinterpret(name).expect("checked by the caller");
        let v = self.convert(x, &from, loc)?;
        let t = to.ir(self.ctx).expect("scalar");
        Ok(Val {
            v: self.op1("arith.bitcast", &[v], t, &[]),
            ty: to,
        })
    }

    /// A device intrinsic call, when `name` is one: `Some(result)` (`None`
    /// inside for `void`), or `None` when `name` is not an intrinsic here.
    pub(super) fn device_builtin(
        &mut self,
        name: &str,
        vals: &[Val],
        loc: Loc,
    ) -> R<Option<Option<Val>>> {
        if let Some(v) = self.half_builtin(name, vals, loc)? {
            return Ok(Some(Some(v)));
        }
        if self.host {
            return Ok(None);
        }
        if let Some(v) = self.atomic(name, vals, loc)? {
            return Ok(Some(Some(v)));
        }
        let v = match name {
            "__shfl_sync" | "__shfl_up_sync" | "__shfl_down_sync" | "__shfl_xor_sync" => {
                self.shfl(name, vals, loc)?
            }
            "__ballot_sync" | "__any_sync" | "__all_sync" | "__uni_sync" => {
                self.vote(name, vals, loc)?
            }
            "__syncthreads_count" | "__syncthreads_and" | "__syncthreads_or" => {
                self.block_vote(name, vals, loc)?
            }
            // The lanes of the warp that run this call.
            "__activemask" => {
                self.arity::<0>(name, vals, loc)?;
                self.set_loc(loc);
                let i32 = self.ctx.i32();
                let v = self.op1("cuda.activemask", &[], i32, &[]);
                Val { v, ty: CType::UINT }
            }
            "__ldg" => {
                let [p] = self.arity::<1>(name, vals, loc)?;
                let elem = match &p.ty {
                    CType::Pointer(t) if t.is_scalar() && !matches!(**t, CType::Pointer(_)) => {
                        (**t).clone()
                    }
                    t => {
                        return Err(self.unsupported(loc, &format!("'__ldg' of a '{}'", t.name())));
                    }
                };
                let ty = elem.ir(self.ctx).expect("scalar");
                let v = self.op1("cuda.ldg", &[p.v], ty, &[]);
                Val { v, ty: elem }
            }
            "__popc" | "__popcll" | "__clz" | "__clzll" | "__ffs" | "__ffsll" | "__brev"
            | "__brevll" => self.bits(name, vals, loc)?,
            "__saturatef" => self.saturate(vals, loc)?,
            _ if reinterpret(name).is_some() => self.reinterpret(name, vals, loc)?,
            _ if rounded_intrinsic(name).is_some() => self.rounded(name, vals, loc)?,
            _ => match FastMath::from_keyword(name) {
                Some(f) => self.fast_math(f, name, vals, loc)?,
                None => return Ok(None),
            },
        };
        Ok(Some(Some(v)))
    }

    /// `#arith.fastmath<none>`: the float op is not contracted with others
    /// (CUDA's half intrinsics and operators round every operation).
    pub(super) fn fastmath_none(&self) -> cuwasm::Attr {
        self.ctx.dialect_attr("arith.fastmath", Some("none"))
    }

    /// The builtins of both sides: the reinterpretations (`cuda_fp16.h`'s are
    /// `__host__ __device__`; the others are device functions in CUDA, which
    /// the built-in math.h's host and device functions use too), and
    /// `__hfma(a, b, c)`, `a * b + c` rounded once.
    fn half_builtin(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Option<Val>> {
        if reinterpret(name).is_some() {
            return self.reinterpret(name, vals, loc).map(Some);
        }
        if name != "__hfma" {
            return Ok(None);
        }
        let args = self.arity::<3>(name, vals, loc)?;
        let mut xs = Vec::with_capacity(3);
        for a in args {
            xs.push(self.convert(a, &HALF, loc)?);
        }
        self.set_loc(loc);
        let f16 = HALF.ir(self.ctx).expect("scalar");
        let none = self.fastmath_none();
        let v = self.op1("math.fma", &xs, f16, &[("fastmath", none)]);
        Ok(Some(Val { v, ty: HALF }))
    }

    fn arity<const N: usize>(&self, name: &str, vals: &[Val], loc: Loc) -> R<[Val; N]> {
        <[Val; N]>::try_from(vals.to_vec()).map_err(|_| self.wrong_arity(name, N, vals, loc))
    }

    fn wrong_arity(&self, name: &str, n: usize, vals: &[Val], loc: Loc) -> Diag {
        let given = vals.len();
        self.err(
            loc,
            format!("'{name}' takes {n} argument(s), {given} given"),
        )
    }

    /// `atomicXxx[_block|_system](T *p, T v)` (the pointer picks the
    /// overload, as C++ overload resolution does: `T *` does not convert to
    /// another `U *`); returns the old value.
    fn atomic(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Option<Val>> {
        let Some(base) = name.strip_prefix("atomic") else {
            return Ok(None);
        };
        let (base, scope) = match base {
            b if b.ends_with("_block") => (&b[..b.len() - 6], Some("block")),
            b if b.ends_with("_system") => (&b[..b.len() - 7], Some("system")),
            b => (b, None),
        };
        let f = CType::FLOAT;
        let d = CType::DOUBLE;
        // (kind, the types CUDA overloads it on)
        let (kind, types): (&str, Vec<CType>) = match base {
            "Add" => ("add", vec![I32, U32, U64, f, d]),
            "Sub" => ("sub", vec![I32, U32]),
            "Exch" => ("exch", vec![I32, U32, U64, f]),
            "Min" => ("min", vec![I32, U32, I64, U64]),
            "Max" => ("max", vec![I32, U32, I64, U64]),
            "And" => ("and", vec![I32, U32, U64]),
            "Or" => ("or", vec![I32, U32, U64]),
            "Xor" => ("xor", vec![I32, U32, U64]),
            "Inc" => ("inc", vec![U32]),
            "Dec" => ("dec", vec![U32]),
            "CAS" => ("cas", vec![I32, U32, U64]),
            _ => return Ok(None),
        };
        let n = if kind == "cas" { 3 } else { 2 };
        if vals.len() != n {
            return Err(self.err(
                loc,
                format!("'{name}' takes {n} arguments, {} given", vals.len()),
            ));
        }
        // `long` is `long long`'s size under LP64 but another C++ type: no overload.
        let elem = match &vals[0].ty {
            CType::Pointer(t) if types.contains(t) => (**t).clone(),
            t => {
                return Err(self.unsupported(loc, &format!("'{name}' on a '{}'", t.name())));
            }
        };
        let mut operands = vec![vals[0].v];
        for v in &vals[1..] {
            operands.push(self.convert(v.clone(), &elem, loc)?);
        }
        self.set_loc(loc);
        let ty = elem.ir(self.ctx).expect("scalar");
        let mut props = Vec::new();
        if let Some(s) = scope {
            props.push((
                "scope",
                self.ctx.dialect_attr("cuda", Some(&format!("scope {s}"))),
            ));
        }
        let v = if kind == "cas" {
            self.op1("cuda.atomic_cas", &operands, ty, &props)
        } else {
            let kind = match (kind, elem.is_signed()) {
                ("min", false) => "umin",
                ("max", false) => "umax",
                (k, _) => k,
            };
            let k = self
                .ctx
                .dialect_attr("cuda", Some(&format!("atomic_kind {kind}")));
            props.push(("kind", k));
            self.op1("cuda.atomic_rmw", &operands, ty, &props)
        };
        Ok(Some(Val { v, ty: elem }))
    }

    /// `__shfl{,_up,_down,_xor}_sync(mask, v, lane[, width])`; `width`
    /// defaults to `warpSize` (the op's absent operand).
    fn shfl(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Val> {
        if !(3..=4).contains(&vals.len()) {
            return Err(self.err(
                loc,
                format!("'{name}' takes 3 or 4 arguments, {} given", vals.len()),
            ));
        }
        let mode = match name {
            "__shfl_sync" => "idx",
            "__shfl_up_sync" => "up",
            "__shfl_down_sync" => "down",
            _ => "xor",
        };
        // The overloads: int, unsigned, long, unsigned long, long long,
        // unsigned long long, float, double, __half; smaller integers promote.
        let ty = match &vals[1].ty {
            t @ (CType::Int { .. } | CType::Bool) => t.promote(),
            t @ CType::Float(_) => t.clone(),
            t => {
                return Err(self.unsupported(loc, &format!("'{name}' on a '{}'", t.name())));
            }
        };
        let lane_ty = if mode == "up" || mode == "down" {
            U32
        } else {
            I32
        };
        let mut operands = vec![
            self.convert(vals[0].clone(), &U32, loc)?,
            self.convert(vals[1].clone(), &ty, loc)?,
            self.convert(vals[2].clone(), &lane_ty, loc)?,
        ];
        if let Some(w) = vals.get(3) {
            operands.push(self.convert(w.clone(), &I32, loc)?);
        }
        self.set_loc(loc);
        let m = self
            .ctx
            .dialect_attr("cuda", Some(&format!("shfl_mode {mode}")));
        let ir = ty.ir(self.ctx).expect("scalar");
        let v = self.op1("cuda.shfl_sync", &operands, ir, &[("mode", m)]);
        Ok(Val { v, ty })
    }

    /// `__ballot_sync` (unsigned) and `__any_sync`/`__all_sync`/`__uni_sync`
    /// (int, 0 or 1) over `predicate != 0`.
    fn vote(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Val> {
        let [mask, pred] = self.arity::<2>(name, vals, loc)?;
        let mask = self.convert(mask, &U32, loc)?;
        let pred = self.convert(pred, &I32, loc)?;
        let p = self.truth(Val { v: pred, ty: I32 });
        self.set_loc(loc);
        let mode = &name[2..name.len() - 5];
        let m = self
            .ctx
            .dialect_attr("cuda", Some(&format!("vote_mode {mode}")));
        if mode == "ballot" {
            let i32 = self.ctx.i32();
            let v = self.op1("cuda.vote_sync", &[mask, p], i32, &[("mode", m)]);
            return Ok(Val { v, ty: U32 });
        }
        let (i1, i32) = (self.ctx.i1(), self.ctx.i32());
        let b = self.op1("cuda.vote_sync", &[mask, p], i1, &[("mode", m)]);
        let v = self.op1("arith.extui", &[b], i32, &[]);
        Ok(Val { v, ty: I32 })
    }

    /// `__syncthreads_count/_and/_or(predicate)`: a barrier that returns how many
    /// threads of the block had `predicate != 0`, or whether all / any did (int).
    fn block_vote(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Val> {
        let [pred] = self.arity::<1>(name, vals, loc)?;
        let pred = self.convert(pred, &I32, loc)?;
        let p = self.truth(Val { v: pred, ty: I32 });
        self.set_loc(loc);
        let i32 = self.ctx.i32();
        let op = format!("cuda.{}", &name[2..]);
        let v = self.op1(&op, &[p], i32, &[]);
        Ok(Val { v, ty: I32 })
    }

    /// `__popc`/`__clz`/`__ffs` (int results) and `__brev`, 32-bit or (`ll`) 64-bit.
    fn bits(&mut self, name: &str, vals: &[Val], loc: Loc) -> R<Val> {
        let [x] = self.arity::<1>(name, vals, loc)?;
        let wide = name.ends_with("ll");
        let base = name.trim_end_matches("ll");
        let arg = match (base, wide) {
            ("__popc" | "__brev", false) => U32,
            ("__popc" | "__brev", true) => U64,
            (_, false) => I32,
            (_, true) => I64,
        };
        let x = self.convert(x, &arg, loc)?;
        self.set_loc(loc);
        let t = arg.ir(self.ctx).expect("scalar");
        let r = match base {
            "__popc" => self.op1("math.ctpop", &[x], t, &[]),
            "__clz" => self.op1("math.ctlz", &[x], t, &[]),
            "__brev" => {
                let v = self.op1("cuda.brev", &[x], t, &[]);
                return Ok(Val { v, ty: arg });
            }
            _ => {
                // __ffs(x): 1 + the index of the least significant set bit, 0 for 0.
                let tz = self.op1("math.cttz", &[x], t, &[]);
                let one = self.int_const(&arg, 1);
                let plus = self.op1("arith.addi", &[tz, one], t, &[]);
                let zero = self.int_const(&arg, 0);
                let p = self.pred(0);
                let i1 = self.ctx.i1();
                let is0 = self.op1("arith.cmpi", &[x, zero], i1, &[("predicate", p)]);
                self.op1("arith.select", &[is0, zero, plus], t, &[])
            }
        };
        // The count fits an int.
        let v = if wide {
            let i32 = self.ctx.i32();
            self.op1("arith.trunci", &[r], i32, &[])
        } else {
            r
        };
        Ok(Val { v, ty: I32 })
    }

    /// `__expf(x)`, `__powf(x, y)`, `__fdividef(x, y)`, ...: each parameter is
    /// a `float`, so arguments convert as to one.
    fn fast_math(&mut self, f: FastMath, name: &str, vals: &[Val], loc: Loc) -> R<Val> {
        if vals.len() != f.arity() {
            return Err(self.err(
                loc,
                format!(
                    "'{name}' takes {} argument(s), {} given",
                    f.arity(),
                    vals.len()
                ),
            ));
        }
        let mut xs = Vec::with_capacity(vals.len());
        for v in vals {
            xs.push(self.convert(v.clone(), &CType::FLOAT, loc)?);
        }
        self.set_loc(loc);
        let (f32, a) = (self.ctx.f32(), f.attr(self.ctx));
        let v = self.op1("cuda.fast_math", &xs, f32, &[("intrinsic", a)]);
        Ok(Val {
            v,
            ty: CType::FLOAT,
        })
    }

    /// `__saturatef(x)`: `x` clamped to [0, 1], NaN giving 0 (PTX `cvt.sat`):
    /// `maxnumf` returns the number when one operand is NaN, so
    /// `minnumf(maxnumf(x, 0), 1)`.
    fn saturate(&mut self, vals: &[Val], loc: Loc) -> R<Val> {
        let [x] = self.arity::<1>("__saturatef", vals, loc)?;
        let x = self.convert(x, &CType::FLOAT, loc)?;
        self.set_loc(loc);
        let f32 = self.ctx.f32();
        let zero = self.float_const(&CType::FLOAT, 0.0);
        let one = self.float_const(&CType::FLOAT, 1.0);
        let lo = self.op1("arith.maxnumf", &[x, zero], f32, &[]);
        let v = self.op1("arith.minnumf", &[lo, one], f32, &[]);
        Ok(Val {
            v,
            ty: CType::FLOAT,
        })
    }
}
