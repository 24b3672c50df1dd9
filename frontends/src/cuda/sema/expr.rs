//! Expression typing: the rules of C's operators on [`CType`]s, and the
//! evaluation of integer constant expressions (array sizes).

use super::decl::ConstLookup;
use super::types::{CType, usual_arithmetic};
use crate::cuda::Preprocessed;
use crate::cuda::ast::{BinaryOp, Expr, ExprKind, UnaryOp};

/// How a binary operator applies to its (decayed) operand types.
#[derive(Clone, Debug, PartialEq)]
pub enum BinaryTyping {
    /// Both operands convert to `common`; the result has that type
    /// (`+ - * / % & | ^`).
    Arith { common: CType },
    /// Shifts: the left operand is promoted (the result type), the right
    /// converts to it.
    Shift { result: CType },
    /// Comparisons of arithmetic operands in `common`; the result is `bool`.
    Compare { common: CType },
    /// Comparisons of two pointers; the result is `bool`.
    ComparePointers,
    /// `p + n`, `n + p`, `p - n`: the pointer side (0 or 1) and the pointee.
    PointerOffset { pointer_lhs: bool, elem: CType },
    /// `p - q`: a `ptrdiff_t` counting elements.
    PointerDiff { elem: CType },
    /// `&&`, `||`: both operands as `bool`.
    Logical,
}

/// Type a binary operator (not the comma operator). `Err` is the reason
/// the operand types do not fit.
pub fn binary(op: BinaryOp, l: &CType, r: &CType) -> Result<BinaryTyping, String> {
    use BinaryOp::*;
    let (l, r) = (l.decay(), r.decay());
    let bad = || {
        Err(format!(
            "invalid operands to binary expression ('{}' and '{}')",
            l.name(),
            r.name()
        ))
    };
    match op {
        LogAnd | LogOr if l.is_scalar() && r.is_scalar() => Ok(BinaryTyping::Logical),
        Add | Sub if l.is_pointer() && r.is_integer() => Ok(BinaryTyping::PointerOffset {
            pointer_lhs: true,
            elem: sized_pointee(&l)?,
        }),
        Add if l.is_integer() && r.is_pointer() => Ok(BinaryTyping::PointerOffset {
            pointer_lhs: false,
            elem: sized_pointee(&r)?,
        }),
        Sub if l.is_pointer() && r.is_pointer() => Ok(BinaryTyping::PointerDiff {
            elem: sized_pointee(&l)?,
        }),
        Lt | Gt | Le | Ge | Eq | Ne if l.is_pointer() && r.is_pointer() => {
            Ok(BinaryTyping::ComparePointers)
        }
        Lt | Gt | Le | Ge | Eq | Ne if l.is_arithmetic() && r.is_arithmetic() => {
            Ok(BinaryTyping::Compare {
                common: usual_arithmetic(&l, &r),
            })
        }
        Add | Sub | Mul | Div if l.is_arithmetic() && r.is_arithmetic() => {
            Ok(BinaryTyping::Arith {
                common: usual_arithmetic(&l, &r),
            })
        }
        Rem | BitAnd | BitOr | BitXor if l.is_integer() && r.is_integer() => {
            Ok(BinaryTyping::Arith {
                common: usual_arithmetic(&l, &r),
            })
        }
        Shl | Shr if l.is_integer() && r.is_integer() => Ok(BinaryTyping::Shift {
            result: l.promote(),
        }),
        _ => bad(),
    }
}

fn sized_pointee(p: &CType) -> Result<CType, String> {
    match p.pointee() {
        Some(t) if t.size().is_some() => Ok(t.clone()),
        _ => Err(format!(
            "arithmetic on a pointer to an incomplete type '{}'",
            p.name()
        )),
    }
}

/// Evaluate an integer constant expression (array sizes). None if it is
/// not one cuwasm can evaluate (or it divides by zero).
pub fn const_eval(pp: &Preprocessed, e: &Expr, consts: &dyn ConstLookup) -> Option<i128> {
    const_eval_depth(pp, e, consts, 0)
}

fn const_eval_depth(
    pp: &Preprocessed,
    e: &Expr,
    consts: &dyn ConstLookup,
    depth: u32,
) -> Option<i128> {
    if depth > crate::cuda::ast::MAX_HEIGHT + 16 {
        return None;
    }
    let ev = |e: &Expr| const_eval_depth(pp, e, consts, depth + 1);
    Some(match &e.kind {
        ExprKind::IntLit(i) => i.value as i128,
        ExprKind::CharLit(c) => c.value as i128,
        ExprKind::BoolLit(b) => *b as i128,
        ExprKind::Paren(inner) => ev(inner)?,
        ExprKind::Ident(id) => consts.constant(id.sym)?,
        // `E::A` of a scoped enum, or `ns::N`.
        ExprKind::Name(q) if q.name.targs.is_none() => {
            let name = q.name.ident.sym;
            match q.qualifier.last() {
                Some(scope) => consts
                    .scoped_constant(scope.ident.sym, name)
                    .or_else(|| consts.constant(name))?,
                None => consts.constant(name)?,
            }
        }
        ExprKind::Cast(c) => ev(&c.expr)?,
        ExprKind::Unary(op, x) => {
            let v = ev(x)?;
            match op {
                UnaryOp::Plus => v,
                UnaryOp::Minus => v.checked_neg()?,
                UnaryOp::Not => (v == 0) as i128,
                UnaryOp::BitNot => !v,
                _ => return None,
            }
        }
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (ev(a)?, ev(b)?);
            use BinaryOp::*;
            match op {
                Mul => a.checked_mul(b)?,
                Div => a.checked_div(b)?,
                Rem => a.checked_rem(b)?,
                Add => a.checked_add(b)?,
                Sub => a.checked_sub(b)?,
                Shl => a.checked_shl(u32::try_from(b).ok()?)?,
                Shr => a.checked_shr(u32::try_from(b).ok()?)?,
                Lt => (a < b) as i128,
                Gt => (a > b) as i128,
                Le => (a <= b) as i128,
                Ge => (a >= b) as i128,
                Eq => (a == b) as i128,
                Ne => (a != b) as i128,
                BitAnd => a & b,
                BitXor => a ^ b,
                BitOr => a | b,
                LogAnd => (a != 0 && b != 0) as i128,
                LogOr => (a != 0 || b != 0) as i128,
                Comma => b,
            }
        }
        ExprKind::Conditional(c, a, b) => {
            if ev(c)? != 0 {
                ev(a)?
            } else {
                ev(b)?
            }
        }
        ExprKind::SizeofType(t) => {
            let ty =
                super::decl::resolve_type(pp, &super::decl::Typedefs::default(), consts, t).ok()?;
            ty.size()? as i128
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_typing() {
        let pf = CType::FLOAT.pointer_to();
        assert_eq!(
            binary(BinaryOp::Add, &pf, &CType::INT),
            Ok(BinaryTyping::PointerOffset {
                pointer_lhs: true,
                elem: CType::FLOAT
            })
        );
        assert_eq!(
            binary(BinaryOp::Sub, &pf, &pf),
            Ok(BinaryTyping::PointerDiff { elem: CType::FLOAT })
        );
        assert_eq!(
            binary(BinaryOp::Lt, &CType::INT, &CType::UINT),
            Ok(BinaryTyping::Compare {
                common: CType::UINT
            })
        );
        assert!(binary(BinaryOp::Rem, &CType::FLOAT, &CType::INT).is_err());
        assert!(binary(BinaryOp::Mul, &pf, &CType::INT).is_err());
    }
}
