//! Constant folding as an e-class analysis.
//!
//! Each class knows what it is ([`Data`]): a type, a literal, fast-math flags,
//! or a value of some type with, when known, its constant. A node whose
//! operands are all constants is evaluated here with arith's exact semantics,
//! and the class gets the constant node (`modify`), so extraction can pick it.
//!
//! The semantics (not the ops' fold hooks: those need an op in a `Context`,
//! and the analysis runs on e-nodes): integers wrap at the type's width
//! (`index` at 64 bits, as MLIR's folders); shifts by the width or more,
//! division by zero and signed `MIN / -1` are poison or undefined and are not
//! folded; floats are folded for `f32` and `f64` only, in their own precision
//! (never through a wider type, except conversions that are exact), and a fold
//! whose result is NaN is skipped (the payload is the target's business);
//! float-to-integer conversions out of range are poison and not folded.

use super::super::lang::{Node, OpKind, Scalar, Ty};
use egg::{DidMerge, Id};

/// What an e-class is.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    Ty(Ty),
    Num(i128),
    Fm(u8),
    /// A value: its type, and its constant when folding found one.
    Value {
        ty: Ty,
        konst: Option<Konst>,
    },
}

/// A constant: integers sign-extended from their width, floats as raw bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Konst {
    Int(i128),
    Float(u64),
}

/// The analysis (no state of its own).
#[derive(Default)]
pub struct Analysis;

pub type EGraph = egg::EGraph<Node, Analysis>;

/// `v` wrapped to `w` bits and sign-extended (the canonical form of constants).
pub fn sext(v: i128, w: u32) -> i128 {
    if w == 0 || w >= 128 {
        return v;
    }
    let s = 128 - w;
    (v << s) >> s
}

/// `v` wrapped to `w` bits, as an unsigned number.
pub fn zext(v: i128, w: u32) -> u128 {
    if w >= 128 {
        v as u128
    } else {
        (v as u128) & ((1u128 << w) - 1)
    }
}

impl Data {
    /// The type of a value class, or the type a type class stands for.
    pub fn ty(&self) -> Option<Ty> {
        match self {
            Data::Ty(t) | Data::Value { ty: t, .. } => Some(*t),
            _ => None,
        }
    }
    pub fn konst(&self) -> Option<Konst> {
        match self {
            Data::Value { konst, .. } => *konst,
            _ => None,
        }
    }
}

fn ty_of(eg: &EGraph, id: Id) -> Ty {
    eg[id].data.ty().expect("child 0 of a value node is a type")
}

impl egg::Analysis<Node> for Analysis {
    type Data = Data;

    fn make(eg: &mut EGraph, node: &Node, _id: Id) -> Data {
        let value = |ty, konst| Data::Value { ty, konst };
        match node {
            Node::Ty(t) => Data::Ty(*t),
            Node::Num(n) => Data::Num(*n),
            Node::Fm(f) => Data::Fm(*f),
            Node::Val(_, [t]) => value(ty_of(eg, *t), None),
            Node::Opaque(_, ch) => value(ty_of(eg, ch[0]), None),
            Node::Int([t, n]) => {
                let ty = ty_of(eg, *t);
                let Data::Num(v) = eg[*n].data else {
                    unreachable!("an integer constant holds a literal")
                };
                value(ty, ty.int_width().map(|w| Konst::Int(sext(v, w))))
            }
            Node::Flt([t, n]) => {
                let Data::Num(v) = eg[*n].data else {
                    unreachable!("a float constant holds a literal")
                };
                value(ty_of(eg, *t), Some(Konst::Float(v as u64)))
            }
            Node::Op(k, ch) => {
                let ty = ty_of(eg, ch[0]);
                let args: Vec<(Ty, Option<Konst>)> = ch[k.first_operand()..]
                    .iter()
                    .map(|c| {
                        let d = &eg[*c].data;
                        (d.ty().expect("operands are values"), d.konst())
                    })
                    .collect();
                value(ty, eval(*k, ty, &args))
            }
        }
    }

    fn merge(&mut self, a: &mut Data, b: Data) -> DidMerge {
        match (&mut *a, b) {
            (Data::Value { ty: ta, konst: ka }, Data::Value { ty: tb, konst: kb }) => {
                debug_assert_eq!(*ta, tb, "an e-class got values of two types");
                match (*ka, kb) {
                    (None, Some(k)) => {
                        *ka = Some(k);
                        DidMerge(true, false)
                    }
                    (Some(_), None) => DidMerge(false, true),
                    (x, y) => {
                        debug_assert_eq!(x, y, "an e-class got two different constants");
                        DidMerge(false, false)
                    }
                }
            }
            (a, b) => {
                debug_assert_eq!(*a, b, "types, literals and flags never merge");
                DidMerge(false, false)
            }
        }
    }

    fn modify(eg: &mut EGraph, id: Id) {
        let Data::Value { ty, konst: Some(k) } = eg[id].data else {
            return;
        };
        let c = add_konst(eg, ty, k);
        eg.union(id, c);
        // A constant needs no other form: dropping the ops from its class keeps
        // rules from deriving ever new constants from it (x + x => x * 2 on
        // constants would never stop).
        let id = eg.find(id);
        eg[id]
            .nodes
            .retain(|n| matches!(n, Node::Int(_) | Node::Flt(_)));
    }
}

/// Add the constant node for `k : ty`.
pub fn add_konst(eg: &mut EGraph, ty: Ty, k: Konst) -> Id {
    let t = eg.add(Node::Ty(ty));
    match k {
        Konst::Int(v) => {
            let n = eg.add(Node::Num(sext(v, ty.int_width().unwrap_or(128))));
            eg.add(Node::Int([t, n]))
        }
        Konst::Float(bits) => {
            let n = eg.add(Node::Num(bits as i128));
            eg.add(Node::Flt([t, n]))
        }
    }
}

/// Evaluate `kind` on constant operands (`args`: type and constant of each).
pub fn eval(kind: OpKind, ty: Ty, args: &[(Ty, Option<Konst>)]) -> Option<Konst> {
    use OpKind::*;
    if kind == Select {
        let Konst::Int(c) = args[0].1? else {
            return None;
        };
        return if c != 0 { args[1].1 } else { args[2].1 };
    }
    let ks: Vec<Konst> = args.iter().map(|a| a.1).collect::<Option<_>>()?;
    let in_ty = args[0].0;
    match (kind, ks.as_slice()) {
        (CmpI(p), [Konst::Int(a), Konst::Int(b)]) => {
            let w = in_ty.int_width()?;
            Some(bool_konst(cmpi(p, *a, *b, w)))
        }
        (CmpF(p), [Konst::Float(a), Konst::Float(b)]) => {
            let (a, b) = (to_f64(in_ty, *a)?, to_f64(in_ty, *b)?);
            Some(bool_konst(cmpf(p, a, b)))
        }
        (_, [Konst::Int(a), Konst::Int(b)]) if kind.shape() == super::super::lang::Shape::Int2 => {
            let w = ty.int_width()?;
            int2(kind, *a, *b, w).map(|v| Konst::Int(sext(v, w)))
        }
        (_, [a]) => cast(kind, in_ty, *a, ty),
        (_, [Konst::Float(a), Konst::Float(b)]) => float2(kind, ty, *a, *b),
        (Fma, [Konst::Float(a), Konst::Float(b), Konst::Float(c)]) if ty.scalar == Scalar::F64 => {
            let r = f64::from_bits(*a).mul_add(f64::from_bits(*b), f64::from_bits(*c));
            (!r.is_nan()).then(|| Konst::Float(r.to_bits()))
        }
        _ => None,
    }
}

fn bool_konst(b: bool) -> Konst {
    Konst::Int(if b { -1 } else { 0 })
}

/// `arith.cmpi`: eq ne slt sle sgt sge ult ule ugt uge.
pub fn cmpi(p: u8, a: i128, b: i128, w: u32) -> bool {
    let (sa, sb, ua, ub) = (sext(a, w), sext(b, w), zext(a, w), zext(b, w));
    let results = [
        sa == sb,
        sa != sb,
        sa < sb,
        sa <= sb,
        sa > sb,
        sa >= sb,
        ua < ub,
        ua <= ub,
        ua > ub,
        ua >= ub,
    ];
    results[p as usize]
}

/// `arith.cmpf`: false, the ordered comparisons oeq ogt oge olt ole one, ord,
/// the same comparisons unordered (ueq ... une), uno, true.
pub fn cmpf(p: u8, a: f64, b: f64) -> bool {
    let unordered = a.is_nan() || b.is_nan();
    let cmp = [a == b, a > b, a >= b, a < b, a <= b, a != b];
    match p {
        0 => false,
        1..=6 => !unordered && cmp[p as usize - 1],
        7 => !unordered,
        8..=13 => unordered || cmp[p as usize - 8],
        14 => unordered,
        _ => true,
    }
}

/// Integer binary ops on `w`-bit values (inputs sign-extended; result not yet wrapped).
pub fn int2(kind: OpKind, a: i128, b: i128, w: u32) -> Option<i128> {
    use OpKind::*;
    let (ua, ub) = (zext(a, w), zext(b, w));
    let min = sext(1i128 << (w - 1), w);
    let signed_ok = b != 0 && !(a == min && b == -1);
    Some(match kind {
        AddI => a.wrapping_add(b),
        SubI => a.wrapping_sub(b),
        MulI => a.wrapping_mul(b),
        AndI => a & b,
        OrI => a | b,
        XOrI => a ^ b,
        DivSI if signed_ok => a / b,
        RemSI if signed_ok => a % b,
        CeilDivSI if signed_ok => {
            let q = a / b;
            if a % b != 0 && ((a < 0) == (b < 0)) {
                q + 1
            } else {
                q
            }
        }
        FloorDivSI if signed_ok => {
            let q = a / b;
            if a % b != 0 && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            }
        }
        DivUI if ub != 0 => (ua / ub) as i128,
        RemUI if ub != 0 => (ua % ub) as i128,
        CeilDivUI if ub != 0 => ua.div_ceil(ub) as i128,
        ShLI if ub < w as u128 => a << ub,
        ShRSI if ub < w as u128 => a >> ub,
        ShRUI if ub < w as u128 => (ua >> ub) as i128,
        MaxSI => a.max(b),
        MinSI => a.min(b),
        MaxUI => ua.max(ub) as i128,
        MinUI => ua.min(ub) as i128,
        _ => return None,
    })
}

/// The value of a float constant of type `ty` (f32 and f64 only).
pub fn to_f64(ty: Ty, bits: u64) -> Option<f64> {
    match ty.scalar {
        Scalar::F32 => Some(f32::from_bits(bits as u32) as f64),
        Scalar::F64 => Some(f64::from_bits(bits)),
        _ => None,
    }
}

/// `v` as a constant of float type `ty`, rounded once (f32 and f64 only).
fn from_f64(ty: Ty, v: f64) -> Option<Konst> {
    match ty.scalar {
        Scalar::F32 => Some(Konst::Float((v as f32).to_bits() as u64)),
        Scalar::F64 => Some(Konst::Float(v.to_bits())),
        _ => None,
    }
}

/// Float binary ops, computed in the type's own precision.
fn float2(kind: OpKind, ty: Ty, a: u64, b: u64) -> Option<Konst> {
    let r = match ty.scalar {
        Scalar::F32 => {
            let (a, b) = (f32::from_bits(a as u32), f32::from_bits(b as u32));
            f32_bin(kind, a, b)?.to_bits() as u64
        }
        Scalar::F64 => f64_bin(kind, f64::from_bits(a), f64::from_bits(b))?.to_bits(),
        _ => return None,
    };
    (!to_f64(ty, r)?.is_nan()).then_some(Konst::Float(r))
}

macro_rules! float_bin {
    ($name:ident, $f:ty) => {
        fn $name(kind: OpKind, a: $f, b: $f) -> Option<$f> {
            use OpKind::*;
            if a.is_nan() || b.is_nan() {
                return None;
            }
            // max/min of +0 and -0: maximumf orders -0 < +0; the *num ones
            // may return either, so those are not folded.
            let zeros = a == 0.0 && b == 0.0 && a.is_sign_negative() != b.is_sign_negative();
            Some(match kind {
                AddF => a + b,
                SubF => a - b,
                MulF => a * b,
                DivF => a / b,
                RemF => a % b,
                MaximumF if zeros => 0.0,
                MinimumF if zeros => -0.0,
                MaximumF => a.max(b),
                MinimumF => a.min(b),
                MaxNumF | MinNumF if zeros => return None,
                MaxNumF => a.max(b),
                MinNumF => a.min(b),
                _ => return None,
            })
        }
    };
}
float_bin!(f32_bin, f32);
float_bin!(f64_bin, f64);

/// Unary ops and casts from a constant of type `from` to type `to`.
fn cast(kind: OpKind, from: Ty, k: Konst, to: Ty) -> Option<Konst> {
    use OpKind::*;
    let int = |v: i128| Some(Konst::Int(sext(v, to.int_width()?)));
    match (kind, k) {
        (NegF, Konst::Float(bits)) => {
            let w = to.float_width()?;
            Some(Konst::Float(bits ^ (1u64 << (w - 1))))
        }
        (ExtSI | TruncI | IndexCast, Konst::Int(v)) => int(v),
        (ExtUI, Konst::Int(v)) => int(zext(v, from.int_width()?) as i128),
        (IndexCastUI, Konst::Int(v)) => {
            let (wi, wo) = (from.int_width()?, to.int_width()?);
            int(if wo > wi { zext(v, wi) as i128 } else { v })
        }
        (SIToFP, Konst::Int(v)) => match to.scalar {
            Scalar::F32 => Some(Konst::Float((v as f32).to_bits() as u64)),
            Scalar::F64 => Some(Konst::Float((v as f64).to_bits())),
            _ => None,
        },
        (UIToFP, Konst::Int(v)) => {
            let u = zext(v, from.int_width()?);
            match to.scalar {
                Scalar::F32 => Some(Konst::Float((u as f32).to_bits() as u64)),
                Scalar::F64 => Some(Konst::Float((u as f64).to_bits())),
                _ => None,
            }
        }
        (FPToSI | FPToUI, Konst::Float(bits)) => {
            let v = to_f64(from, bits)?;
            let w = to.int_width()?;
            if !v.is_finite() {
                return None;
            }
            let t = v.trunc() as i128;
            let (lo, hi) = match kind {
                FPToSI => (-(1i128 << (w - 1)), (1i128 << (w - 1)) - 1),
                _ => (0, (1i128 << w) - 1),
            };
            (lo..=hi).contains(&t).then(|| Konst::Int(sext(t, w)))
        }
        (ExtF, Konst::Float(bits)) if from.scalar == Scalar::F32 => {
            from_f64(to, to_f64(from, bits)?)
        }
        (TruncF, Konst::Float(bits)) if from.scalar == Scalar::F64 && to.scalar == Scalar::F32 => {
            let v = f64::from_bits(bits);
            (!v.is_nan()).then(|| Konst::Float((v as f32).to_bits() as u64))
        }
        (Bitcast, Konst::Int(v)) if to.is_float() => {
            Some(Konst::Float(zext(v, from.int_width()?) as u64))
        }
        (Bitcast, Konst::Int(v)) => int(v),
        (Bitcast, Konst::Float(bits)) if to.is_int() => int(bits as i128),
        (Bitcast, Konst::Float(bits)) => Some(Konst::Float(bits)),
        // Every lane holds the scalar.
        (Splat, k) => Some(k),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OpKind::*;

    #[test]
    fn integers_wrap_and_undefined_cases_stay() {
        let i8min = sext(0x80, 8);
        assert_eq!(i8min, -128);
        assert_eq!(int2(AddI, 127, 1, 8).map(|v| sext(v, 8)), Some(-128));
        assert_eq!(int2(DivSI, i8min, -1, 8), None);
        assert_eq!(int2(DivUI, 5, 0, 8), None);
        assert_eq!(int2(DivUI, -1, 2, 8), Some(127));
        assert_eq!(int2(DivSI, -7, 2, 32), Some(-3));
        assert_eq!(int2(FloorDivSI, -7, 2, 32), Some(-4));
        assert_eq!(int2(CeilDivSI, 7, 2, 32), Some(4));
        assert_eq!(int2(RemSI, -7, 2, 32), Some(-1));
        assert_eq!(int2(ShLI, 1, 8, 8), None);
        assert_eq!(int2(ShRSI, -16, 2, 8), Some(-4));
        assert_eq!(int2(ShRUI, -16, 2, 8), Some(60));
        assert_eq!(int2(MaxUI, -1, 1, 8).map(|v| sext(v, 8)), Some(-1));
        assert!(cmpi(8, -1, 1, 32) && !cmpi(4, -1, 1, 32));
    }

    #[test]
    fn floats_fold_in_their_precision() {
        let t = Ty::scalar(cuwasm::Context::new().f32(), Scalar::F32);
        let f = |v: f32| Konst::Float(v.to_bits() as u64);
        assert_eq!(
            float2(AddF, t, 0.1f32.to_bits() as u64, 0.2f32.to_bits() as u64),
            Some(f(0.1f32 + 0.2f32))
        );
        assert_eq!(float2(DivF, t, 0, 0), None, "0/0 is NaN: not folded");
        assert_eq!(cast(NegF, t, f(1.5), t), Some(f(-1.5)));
        assert!(cmpf(8, f64::NAN, 1.0) && !cmpf(1, f64::NAN, f64::NAN));
    }
}
