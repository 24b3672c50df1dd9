//! Expressions: typed as C says ([`crate::cuda::sema`]), then lowered.

use super::Lowerer;
use crate::cuda::Diag;
use crate::cuda::ast::{BinaryOp, Expr, ExprKind, Loc, TypeKind, UnaryOp};
use crate::cuda::literal::FloatSuffix;
use crate::cuda::sema::expr::{BinaryTyping, binary};
use crate::cuda::sema::types::{CType, FloatKind, generic_ptr, int_literal_type};
use cuwasm::{Attr, InsertPoint, ValueId};

type R<T> = Result<T, Diag>;

/// An rvalue: an IR value and its C type (never an array: arrays decay).
#[derive(Clone, Debug)]
pub(crate) struct Val {
    pub v: ValueId,
    pub ty: CType,
}

/// `arith.cmpi` predicates.
const EQ: i128 = 0;
const NE: i128 = 1;
const SLT: i128 = 2;
const SLE: i128 = 3;
const SGT: i128 = 4;
const SGE: i128 = 5;
const ULT: i128 = 6;
const ULE: i128 = 7;
const UGT: i128 = 8;
const UGE: i128 = 9;
/// `arith.cmpf` predicates.
const OEQ: i128 = 1;
const OGT: i128 = 2;
const OGE: i128 = 3;
const OLT: i128 = 4;
const OLE: i128 = 5;
const UNE: i128 = 13;

impl Lowerer<'_, '_> {
    // ---- small IR helpers -------------------------------------------------

    pub(super) fn int_const(&mut self, ty: &CType, value: i128) -> ValueId {
        let t = ty.ir(self.ctx).expect("an integer type");
        let a = self.ctx.int_attr(t, value);
        self.op1("arith.constant", &[], t, &[("value", a)])
    }

    pub(super) fn bool_const(&mut self, b: bool) -> ValueId {
        self.int_const(&CType::Bool, b as i128)
    }

    fn i64_const(&mut self, v: i64) -> ValueId {
        self.int_const(&CType::PTRDIFF_T, v as i128)
    }

    pub(super) fn float_const(&mut self, ty: &CType, value: f64) -> ValueId {
        let t = ty.ir(self.ctx).expect("a float type");
        let a = self.ctx.float_attr(t, value);
        self.op1("arith.constant", &[], t, &[("value", a)])
    }

    fn null(&mut self) -> ValueId {
        let p = generic_ptr(self.ctx);
        let a = self.ctx.dialect_attr("ptr.null", None);
        self.op1("ptr.constant", &[], p, &[("value", a)])
    }

    /// The zero of a scalar type.
    pub(super) fn zero(&mut self, ty: &CType) -> ValueId {
        match ty {
            CType::Float(_) => self.float_const(ty, 0.0),
            CType::Pointer(_) | CType::Array(..) => self.null(),
            t => self.int_const(t, 0),
        }
    }

    pub(super) fn pred(&self, p: i128) -> Attr {
        self.ctx.int_attr(self.ctx.i64(), p)
    }

    pub(super) fn load(&mut self, ptr: ValueId, ty: &CType) -> ValueId {
        let t = ty.ir(self.ctx).expect("a loadable type");
        self.op1("ptr.load", &[ptr], t, &[])
    }

    pub(super) fn store(&mut self, v: ValueId, ptr: ValueId) {
        self.op("ptr.store", &[v, ptr], &[], &[]);
    }

    pub(super) fn offset_bytes(&mut self, ptr: ValueId, bytes: i64) -> ValueId {
        if bytes == 0 {
            return ptr;
        }
        let off = self.i64_const(bytes);
        let p = generic_ptr(self.ctx);
        self.op1("ptr.ptr_add", &[ptr, off], p, &[])
    }

    /// `ptr + index * size(elem)` with `index` an integer of type `ity`.
    fn offset_elems(
        &mut self,
        ptr: ValueId,
        index: ValueId,
        ity: &CType,
        elem: &CType,
        negate: bool,
    ) -> ValueId {
        let i = self.int_cast(index, ity, &CType::PTRDIFF_T);
        let size = self.i64_const(elem.size().unwrap_or(1) as i64);
        let t = self.ctx.i64();
        let mut bytes = self.op1("arith.muli", &[i, size], t, &[]);
        if negate {
            let z = self.i64_const(0);
            bytes = self.op1("arith.subi", &[z, bytes], t, &[]);
        }
        let p = generic_ptr(self.ctx);
        self.op1("ptr.ptr_add", &[ptr, bytes], p, &[])
    }

    /// Integer to integer (bool included as a source).
    fn int_cast(&mut self, v: ValueId, from: &CType, to: &CType) -> ValueId {
        let (fs, ts) = (from.size().unwrap_or(1), to.size().unwrap_or(1));
        let t = to.ir(self.ctx).expect("integer");
        if *from == CType::Bool {
            return if *to == CType::Bool {
                v
            } else {
                self.op1("arith.extui", &[v], t, &[])
            };
        }
        if fs == ts {
            v
        } else if fs > ts {
            self.op1("arith.trunci", &[v], t, &[])
        } else if from.is_signed() {
            self.op1("arith.extsi", &[v], t, &[])
        } else {
            self.op1("arith.extui", &[v], t, &[])
        }
    }

    /// A scalar's truth value (`!= 0`) as `i1`.
    pub(super) fn truth(&mut self, v: Val) -> ValueId {
        match &v.ty {
            CType::Bool => v.v,
            CType::Float(_) => {
                let z = self.zero(&v.ty);
                let p = self.pred(UNE);
                let i1 = self.ctx.i1();
                self.op1("arith.cmpf", &[v.v, z], i1, &[("predicate", p)])
            }
            CType::Pointer(_) => {
                let z = self.null();
                let t = self.ctx.i64();
                let d = self.op1("ptr.ptr_diff", &[v.v, z], t, &[]);
                let z = self.i64_const(0);
                let p = self.pred(NE);
                let i1 = self.ctx.i1();
                self.op1("arith.cmpi", &[d, z], i1, &[("predicate", p)])
            }
            t => {
                let z = self.int_const(&t.clone(), 0);
                let p = self.pred(NE);
                let i1 = self.ctx.i1();
                self.op1("arith.cmpi", &[v.v, z], i1, &[("predicate", p)])
            }
        }
    }

    /// Convert a value to type `to` as an implicit conversion (or a cast)
    /// does.
    pub(super) fn convert(&mut self, v: Val, to: &CType, loc: Loc) -> R<ValueId> {
        self.convert_as(v, to, loc, false)
    }

    fn convert_as(&mut self, v: Val, to: &CType, loc: Loc, explicit: bool) -> R<ValueId> {
        let from = v.ty.clone();
        if from == *to {
            return Ok(v.v);
        }
        let tir = to.ir(self.ctx);
        Ok(match (&from, to) {
            (_, CType::Bool) if from.is_scalar() => self.truth(v),
            (f, t) if f.is_integer() && t.is_integer() => self.int_cast(v.v, f, t),
            (f, CType::Float(_)) if f.is_integer() => {
                let op = match f.is_signed() {
                    true => "arith.sitofp",
                    false => "arith.uitofp",
                };
                let src = if *f == CType::Bool {
                    self.int_cast(v.v, f, &CType::INT)
                } else {
                    v.v
                };
                let name = if *f == CType::Bool {
                    "arith.sitofp"
                } else {
                    op
                };
                self.op1(name, &[src], tir.expect("float"), &[])
            }
            (CType::Float(_), t) if t.is_integer() => {
                let op = match t.is_signed() {
                    true => "arith.fptosi",
                    false => "arith.fptoui",
                };
                self.op1(op, &[v.v], tir.expect("int"), &[])
            }
            (CType::Float(a), CType::Float(b)) => {
                let op = if a < b { "arith.extf" } else { "arith.truncf" };
                self.op1(op, &[v.v], tir.expect("float"), &[])
            }
            (CType::Pointer(_), CType::Pointer(_)) => v.v,
            (f, CType::Pointer(_)) if f.is_integer() && self.is_zero_constant(v.v) => self.null(),
            _ => {
                let what = if explicit {
                    "cast"
                } else {
                    "implicit conversion"
                };
                return Err(self.err(
                    loc,
                    format!(
                        "{what} from '{}' to '{}' is not supported by cuwasm",
                        from.name(),
                        to.name()
                    ),
                ));
            }
        })
    }

    fn is_zero_constant(&self, v: ValueId) -> bool {
        self.ctx
            .defining_op(v)
            .filter(|&op| self.ctx.is_op(op, "arith.constant"))
            .and_then(|op| self.ctx.prop(op, "value"))
            .and_then(|a| self.ctx.attr_int(a))
            == Some(0)
    }

    // ---- expressions --------------------------------------------------------

    /// A condition (`if`, loops, `!`, `&&`): the expression as `i1`.
    pub(super) fn cond_value(&mut self, e: &Expr) -> R<ValueId> {
        let v = self.rvalue(e)?;
        if !v.ty.is_scalar() {
            return Err(self.err(
                e.loc,
                format!(
                    "value of type '{}' is not contextually convertible to 'bool'",
                    v.ty.name()
                ),
            ));
        }
        Ok(self.truth(v))
    }

    /// Evaluate `e` for its effects only.
    pub(super) fn discard(&mut self, e: &Expr) -> R<()> {
        match &e.kind {
            ExprKind::Call(callee, args) => self.call(e.loc, callee, args).map(|_| ()),
            ExprKind::Launch(l) if self.host => self.launch(l, e.loc),
            ExprKind::Delete { expr, .. } if self.host => self.delete_expr(expr, e.loc),
            ExprKind::Paren(inner) => self.discard(inner),
            ExprKind::Cast(c)
                if matches!(
                    c.ty.kind,
                    TypeKind::Builtin(crate::cuda::ast::BuiltinType::Void)
                ) =>
            {
                self.discard(&c.expr)
            }
            ExprKind::Binary(BinaryOp::Comma, a, b) => {
                self.discard(a)?;
                self.discard(b)
            }
            _ => self.rvalue(e).map(|_| ()),
        }
    }

    /// An rvalue of `e` (lvalues are loaded; arrays decay to pointers).
    pub(super) fn rvalue(&mut self, e: &Expr) -> R<Val> {
        self.set_loc(e.loc);
        match &e.kind {
            ExprKind::IntLit(i) => {
                let ty = int_literal_type(i.value, i.radix == 10, i.suffix.unsigned, i.suffix.long);
                let v = self.int_const(&ty, i.value as i128);
                Ok(Val { v, ty })
            }
            ExprKind::FloatLit(f) => {
                let (ty, value) = match f.suffix {
                    FloatSuffix::F => (CType::FLOAT, f.f32_value as f64),
                    FloatSuffix::None => (CType::DOUBLE, f.f64_value),
                    FloatSuffix::L => return Err(self.unsupported(e.loc, "'long double'")),
                };
                let v = self.float_const(&ty, value);
                Ok(Val { v, ty })
            }
            ExprKind::CharLit(c) => {
                let ty = match c.multichar {
                    true => CType::INT,
                    false => CType::Int {
                        kind: crate::cuda::sema::types::IntKind::Char,
                        signed: true,
                    },
                };
                let v = self.int_const(&ty, c.value as i128);
                Ok(Val { v, ty })
            }
            ExprKind::BoolLit(b) => Ok(Val {
                v: self.bool_const(*b),
                ty: CType::Bool,
            }),
            ExprKind::Nullptr => Ok(Val {
                v: self.null(),
                ty: CType::Void.pointer_to(),
            }),
            ExprKind::Paren(inner) => self.rvalue(inner),
            ExprKind::Ident(id) => {
                if let Some(v) = self.named_constant(id.sym) {
                    return Ok(v);
                }
                let name = self.spelling(id.sym);
                if name == "warpSize" && self.vars.lookup(id.sym).is_none() && !self.host {
                    let i32 = self.ctx.i32();
                    return Ok(Val {
                        v: self.op1("cuda.warp_size", &[], i32, &[]),
                        ty: CType::INT,
                    });
                }
                let (ptr, ty) = self.lvalue(e)?;
                Ok(self.load_lvalue(ptr, ty))
            }
            ExprKind::This => self.this_value(e.loc),
            ExprKind::Name(q) => self.qualified_value(q, e),
            ExprKind::Member(m) => self.builtin_member(e, m),
            ExprKind::Index(..) | ExprKind::Unary(UnaryOp::Deref, _) => {
                let (ptr, ty) = self.lvalue(e)?;
                Ok(self.load_lvalue(ptr, ty))
            }
            ExprKind::Unary(op, x) => self.unary(*op, x, e.loc),
            ExprKind::Binary(BinaryOp::Comma, a, b) => {
                self.discard(a)?;
                self.rvalue(b)
            }
            ExprKind::Binary(op @ (BinaryOp::LogAnd | BinaryOp::LogOr), a, b) => {
                self.logical(*op, a, b, e.loc)
            }
            ExprKind::Binary(op, a, b) => {
                let l = self.rvalue(a)?;
                if let (CType::Struct(_), Some(o)) = (&l.ty, Self::overloaded(*op, false)) {
                    return self.binary_operator(o, l, b, e.loc);
                }
                let r = self.rvalue(b)?;
                self.set_loc(e.loc);
                self.binary(*op, l, r, e.loc)
            }
            ExprKind::Assign(op, lhs, rhs) => self.assign(*op, lhs, rhs, e.loc),
            ExprKind::Conditional(c, a, b) => self.conditional(c, a, b, e.loc),
            ExprKind::Cast(c) => {
                let to = self.resolve(&c.ty)?;
                self.cast(&c.expr, &to, e.loc)
            }
            ExprKind::Construct(c) => self.construct_expr(c, e.loc),
            ExprKind::New(n) if self.host => self.new_expr(n, e.loc),
            ExprKind::Call(callee, args) => match self.call(e.loc, callee, args)? {
                Some(v) => Ok(v),
                None => Err(self.err(e.loc, "a void value cannot be used")),
            },
            ExprKind::SizeofType(t) => {
                let ty = self.resolve(t)?;
                self.sizeof(&ty, e.loc)
            }
            ExprKind::SizeofExpr(x) => {
                let ty = self.type_without_evaluating(x)?;
                self.sizeof(&ty, e.loc)
            }
            ExprKind::StringLit(s) if self.host => self.string_literal(s, e.loc),
            ExprKind::StringLit(_) => {
                Err(self.unsupported(e.loc, "string literals in device code"))
            }
            ExprKind::Launch(_) if self.host => {
                Err(self.err(e.loc, "a kernel launch has no value"))
            }
            ExprKind::Launch(_) => Err(self.unsupported(
                e.loc,
                "a kernel launch in device code (dynamic parallelism)",
            )),
            ExprKind::Error => Err(self.err(e.loc, "invalid expression")),
            other => Err(self.unsupported(e.loc, expr_kind_name(other))),
        }
    }

    pub(super) fn load_lvalue(&mut self, ptr: ValueId, ty: CType) -> Val {
        match ty {
            CType::Array(elem, _) => Val {
                v: ptr,
                ty: CType::Pointer(elem),
            },
            // A struct value is its address (see `record.rs`).
            ty @ CType::Struct(_) => Val { v: ptr, ty },
            // A function decays to its address (`fnptr.rs`).
            ty @ CType::Function(_) => Val {
                v: ptr,
                ty: ty.pointer_to(),
            },
            ty => Val {
                v: self.load(ptr, &ty),
                ty,
            },
        }
    }

    fn sizeof(&mut self, ty: &CType, loc: Loc) -> R<Val> {
        // `T[0]` is an `extern __shared__ T x[]` (an incomplete array type).
        let Some(n) = ty.size().filter(|_| !matches!(ty, CType::Array(_, 0))) else {
            return Err(self.err(
                loc,
                format!(
                    "invalid application of 'sizeof' to an incomplete type '{}'",
                    ty.name()
                ),
            ));
        };
        Ok(Val {
            v: self.int_const(&CType::SIZE_T, n as i128),
            ty: CType::SIZE_T,
        })
    }

    /// The type of `sizeof`'s operand, which is not evaluated.
    fn type_without_evaluating(&mut self, e: &Expr) -> R<CType> {
        match &e.kind {
            ExprKind::Paren(x) => self.type_without_evaluating(x),
            ExprKind::Ident(id) => match self.vars.lookup(id.sym) {
                Some(v) => Ok(v.ty.clone()),
                None if self.globals.contains_key(&id.sym) => {
                    self.global_type(id.sym).expect("a global")
                }
                None => Err(self.err(
                    e.loc,
                    format!("use of undeclared identifier '{}'", self.spelling(id.sym)),
                )),
            },
            ExprKind::Index(b, _) | ExprKind::Unary(UnaryOp::Deref, b) => {
                match self.type_without_evaluating(b)?.pointee() {
                    Some(t) => Ok(t.clone()),
                    None => Err(self.err(e.loc, "subscripted value is not an array or pointer")),
                }
            }
            _ => Err(self.unsupported(e.loc, "'sizeof' of this kind of expression")),
        }
    }

    /// The address and type of an lvalue expression.
    pub(super) fn lvalue(&mut self, e: &Expr) -> R<(ValueId, CType)> {
        self.set_loc(e.loc);
        match &e.kind {
            ExprKind::Paren(x) => self.lvalue(x),
            ExprKind::Ident(id) => {
                if let Some(v) = self.vars.lookup(id.sym) {
                    if v.dim3 {
                        return Err(self.unsupported(
                            e.loc,
                            "a 'dim3' variable as a whole outside a launch or a dim3 initializer (use .x, .y or .z)",
                        ));
                    }
                    return Ok((v.ptr, v.ty.clone()));
                }
                if let Some(place) = self.this_field(id.sym) {
                    return Ok(place);
                }
                if let Some(place) = self.global_place(id.sym, e.loc) {
                    return place;
                }
                let name = self.spelling(id.sym);
                if self.fn_names.contains_key(&id.sym) {
                    return self.function_designator(id.sym, e.loc);
                }
                if matches!(name, "threadIdx" | "blockIdx" | "blockDim" | "gridDim") {
                    return Err(
                        self.unsupported(e.loc, &format!("'{name}' as a whole (use .x, .y or .z)"))
                    );
                }
                Err(self.err(e.loc, format!("use of undeclared identifier '{name}' (global variables are not supported yet by cuwasm)")))
            }
            ExprKind::Unary(UnaryOp::Deref, x) => {
                let p = self.rvalue(x)?;
                match p.ty {
                    CType::Pointer(t) if *t != CType::Void => Ok((p.v, *t)),
                    t => Err(self.err(
                        e.loc,
                        format!(
                            "indirection requires a pointer to a complete type ('{}' invalid)",
                            t.name()
                        ),
                    )),
                }
            }
            ExprKind::Call(callee, args) => match self.call_place(e.loc, callee, args)? {
                super::call::Called::Place(p, ty) => Ok((p, ty)),
                _ => Err(self.err(
                    e.loc,
                    "expression is not assignable (the call does not return a reference)",
                )),
            },
            ExprKind::Name(q) => match self.namespace_member(q) {
                Some(id) => self.lvalue(&Expr::new(ExprKind::Ident(id), e.loc)),
                None => Err(self.err(
                    e.loc,
                    "expression is not assignable (not an lvalue cuwasm handles)",
                )),
            },
            ExprKind::Index(base, index) => {
                let b = self.rvalue(base)?;
                if let CType::Struct(st) = &b.ty {
                    let name =
                        super::method::MemberName::Op(crate::cuda::ast::OverloadedOp::Subscript);
                    return match self.method_call(
                        Some(b.v),
                        &st.clone(),
                        &name,
                        std::slice::from_ref(index),
                        e.loc,
                    )? {
                        super::call::Called::Place(p, ty) => Ok((p, ty)),
                        super::call::Called::Value(v) => Ok((v.v, v.ty)),
                        super::call::Called::Void => {
                            Err(self.err(e.loc, "a void value cannot be used"))
                        }
                    };
                }
                let i = self.rvalue(index)?;
                self.set_loc(e.loc);
                let (p, i) = match (&b.ty, &i.ty) {
                    (CType::Pointer(_), t) if t.is_integer() => (b, i),
                    (t, CType::Pointer(_)) if t.is_integer() => (i, b),
                    _ => {
                        return Err(self.err(e.loc, "subscripted value is not an array or pointer"));
                    }
                };
                let elem = p.ty.pointee().cloned().expect("a pointer");
                if elem.size().is_none() {
                    return Err(self.err(e.loc, "subscript of a pointer to an incomplete type"));
                }
                Ok((self.offset_elems(p.v, i.v, &i.ty, &elem, false), elem))
            }
            ExprKind::Member(m) => match self.dim3_member(m)? {
                Some(place) => Ok(place),
                None => self.struct_member(m, e.loc),
            },
            _ => Err(self.err(
                e.loc,
                "expression is not assignable (not an lvalue cuwasm handles)",
            )),
        }
    }

    /// `threadIdx.x` and friends.
    fn builtin_member(&mut self, e: &Expr, m: &crate::cuda::ast::MemberExpr) -> R<Val> {
        if let (ExprKind::Ident(base), false) = (&m.base.ignore_parens().kind, m.arrow)
            && self.vars.lookup(base.sym).is_none()
            && !self.host
        {
            let op = match self.spelling(base.sym) {
                "threadIdx" => Some("cuda.thread_idx"),
                "blockIdx" => Some("cuda.block_idx"),
                "blockDim" => Some("cuda.block_dim"),
                "gridDim" => Some("cuda.grid_dim"),
                _ => None,
            };
            let dim = self.spelling(m.member.ident.sym);
            if let Some(op) = op
                && matches!(dim, "x" | "y" | "z")
            {
                let d = self.ctx.dialect_attr("cuda", Some(&format!("dim {dim}")));
                let i32 = self.ctx.i32();
                let v = self.op1(op, &[], i32, &[("dimension", d)]);
                return Ok(Val { v, ty: CType::UINT });
            }
        }
        let (ptr, ty) = self.lvalue(e)?;
        Ok(self.load_lvalue(ptr, ty))
    }

    /// `d.x`, `d.y`, `d.z` of a `dim3` local: the component's address.
    fn dim3_member(&mut self, m: &crate::cuda::ast::MemberExpr) -> R<Option<(ValueId, CType)>> {
        let ExprKind::Ident(base) = &m.base.ignore_parens().kind else {
            return Ok(None);
        };
        let Some(var) = self.vars.lookup(base.sym).filter(|v| v.dim3) else {
            return Ok(None);
        };
        let ptr = var.ptr;
        let k = match self.spelling(m.member.ident.sym) {
            "x" if !m.arrow => 0,
            "y" if !m.arrow => 1,
            "z" if !m.arrow => 2,
            other => {
                return Err(self.err(
                    m.member.ident.loc,
                    format!("no member named '{other}' in 'dim3' (x, y or z)"),
                ));
            }
        };
        Ok(Some((self.offset_bytes(ptr, 4 * k), CType::UINT)))
    }

    fn unary(&mut self, op: UnaryOp, x: &Expr, loc: Loc) -> R<Val> {
        match op {
            UnaryOp::AddrOf => {
                let (p, ty) = self.lvalue(x)?;
                Ok(Val {
                    v: p,
                    ty: ty.pointer_to(),
                })
            }
            UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec => {
                let (p, ty) = self.lvalue(x)?;
                if !ty.is_scalar() {
                    return Err(self.err(
                        loc,
                        format!("cannot increment value of type '{}'", ty.name()),
                    ));
                }
                self.set_loc(loc);
                let old = self.load(p, &ty);
                let bop = match op {
                    UnaryOp::PreInc | UnaryOp::PostInc => BinaryOp::Add,
                    _ => BinaryOp::Sub,
                };
                let one = self.int_const(&CType::INT, 1);
                let new = self.binary(
                    bop,
                    Val {
                        v: old,
                        ty: ty.clone(),
                    },
                    Val {
                        v: one,
                        ty: CType::INT,
                    },
                    loc,
                )?;
                let new = self.convert(new, &ty, loc)?;
                self.store(new, p);
                let v = if op.is_postfix() { old } else { new };
                Ok(Val { v, ty })
            }
            UnaryOp::Plus | UnaryOp::Minus | UnaryOp::BitNot => {
                let v = self.rvalue(x)?;
                self.set_loc(loc);
                let ok = match op {
                    UnaryOp::BitNot => v.ty.is_integer(),
                    _ => v.ty.is_arithmetic(),
                };
                if !ok {
                    return Err(self.err(
                        loc,
                        format!(
                            "invalid argument type '{}' to unary expression",
                            v.ty.name()
                        ),
                    ));
                }
                let ty = v.ty.promote();
                let x = self.convert(v, &ty, loc)?;
                let t = ty.ir(self.ctx).expect("arithmetic");
                let v = match (op, ty.is_float()) {
                    (UnaryOp::Plus, _) => x,
                    (UnaryOp::Minus, true) => self.op1("arith.negf", &[x], t, &[]),
                    (UnaryOp::Minus, false) => {
                        let z = self.int_const(&ty, 0);
                        self.op1("arith.subi", &[z, x], t, &[])
                    }
                    _ => {
                        let m = self.int_const(&ty, -1);
                        self.op1("arith.xori", &[x, m], t, &[])
                    }
                };
                Ok(Val { v, ty })
            }
            UnaryOp::Not => {
                let c = self.cond_value(x)?;
                self.set_loc(loc);
                let t = self.bool_const(true);
                let i1 = self.ctx.i1();
                Ok(Val {
                    v: self.op1("arith.xori", &[c, t], i1, &[]),
                    ty: CType::Bool,
                })
            }
            UnaryOp::Deref => unreachable!("handled as an lvalue"),
        }
    }

    /// A binary operator on two rvalues (not `&&`, `||`, `,`).
    pub(super) fn binary(&mut self, op: BinaryOp, l: Val, r: Val, loc: Loc) -> R<Val> {
        use BinaryOp::*;
        let typing = binary(op, &l.ty, &r.ty).map_err(|m| self.err(loc, m))?;
        match typing {
            BinaryTyping::Arith { common } => {
                let (a, b) = (
                    self.convert(l, &common, loc)?,
                    self.convert(r, &common, loc)?,
                );
                let float = common.is_float();
                let signed = common.is_signed();
                let name = match (op, float) {
                    (Add, true) => "arith.addf",
                    (Sub, true) => "arith.subf",
                    (Mul, true) => "arith.mulf",
                    (Div, true) => "arith.divf",
                    (Add, false) => "arith.addi",
                    (Sub, false) => "arith.subi",
                    (Mul, false) => "arith.muli",
                    (Div, false) if signed => "arith.divsi",
                    (Div, false) => "arith.divui",
                    (Rem, _) if signed => "arith.remsi",
                    (Rem, _) => "arith.remui",
                    (BitAnd, _) => "arith.andi",
                    (BitOr, _) => "arith.ori",
                    (BitXor, _) => "arith.xori",
                    _ => unreachable!("arithmetic operators only"),
                };
                let t = common.ir(self.ctx).expect("arithmetic");
                // CUDA's __half operators are its intrinsics: never fused
                let props = match common == CType::Float(FloatKind::Half) {
                    true => vec![("fastmath", self.fastmath_none())],
                    false => vec![],
                };
                Ok(Val {
                    v: self.op1(name, &[a, b], t, &props),
                    ty: common,
                })
            }
            BinaryTyping::Shift { result } => {
                let rt = r.ty.clone();
                let a = self.convert(l, &result, loc)?;
                let b = self.int_cast(r.v, &rt, &result);
                let name = match (op, result.is_signed()) {
                    (Shl, _) => "arith.shli",
                    (_, true) => "arith.shrsi",
                    (_, false) => "arith.shrui",
                };
                let t = result.ir(self.ctx).expect("integer");
                Ok(Val {
                    v: self.op1(name, &[a, b], t, &[]),
                    ty: result,
                })
            }
            BinaryTyping::Compare { common } => {
                let (a, b) = (
                    self.convert(l, &common, loc)?,
                    self.convert(r, &common, loc)?,
                );
                let i1 = self.ctx.i1();
                let v = if common.is_float() {
                    let p = match op {
                        Lt => OLT,
                        Gt => OGT,
                        Le => OLE,
                        Ge => OGE,
                        Eq => OEQ,
                        _ => UNE,
                    };
                    let p = self.pred(p);
                    self.op1("arith.cmpf", &[a, b], i1, &[("predicate", p)])
                } else {
                    let s = common.is_signed();
                    let p = match op {
                        Lt => {
                            if s {
                                SLT
                            } else {
                                ULT
                            }
                        }
                        Gt => {
                            if s {
                                SGT
                            } else {
                                UGT
                            }
                        }
                        Le => {
                            if s {
                                SLE
                            } else {
                                ULE
                            }
                        }
                        Ge => {
                            if s {
                                SGE
                            } else {
                                UGE
                            }
                        }
                        Eq => EQ,
                        _ => NE,
                    };
                    let p = self.pred(p);
                    self.op1("arith.cmpi", &[a, b], i1, &[("predicate", p)])
                };
                Ok(Val { v, ty: CType::Bool })
            }
            BinaryTyping::ComparePointers => {
                let t = self.ctx.i64();
                let d = self.op1("ptr.ptr_diff", &[l.v, r.v], t, &[]);
                let z = self.i64_const(0);
                let p = match op {
                    Lt => SLT,
                    Gt => SGT,
                    Le => SLE,
                    Ge => SGE,
                    Eq => EQ,
                    _ => NE,
                };
                let p = self.pred(p);
                let i1 = self.ctx.i1();
                Ok(Val {
                    v: self.op1("arith.cmpi", &[d, z], i1, &[("predicate", p)]),
                    ty: CType::Bool,
                })
            }
            BinaryTyping::PointerOffset { pointer_lhs, elem } => {
                let (p, i) = if pointer_lhs { (l, r) } else { (r, l) };
                let v = self.offset_elems(p.v, i.v, &i.ty, &elem, op == Sub);
                Ok(Val { v, ty: p.ty })
            }
            BinaryTyping::PointerDiff { elem } => {
                let t = self.ctx.i64();
                let d = self.op1("ptr.ptr_diff", &[l.v, r.v], t, &[]);
                let size = self.i64_const(elem.size().unwrap_or(1) as i64);
                Ok(Val {
                    v: self.op1("arith.divsi", &[d, size], t, &[]),
                    ty: CType::PTRDIFF_T,
                })
            }
            BinaryTyping::Logical => unreachable!("&& and || are lowered with scf.if"),
        }
    }

    /// `a && b`, `a || b`: `b` is evaluated inside an `scf.if`.
    fn logical(&mut self, op: BinaryOp, a: &Expr, b: &Expr, loc: Loc) -> R<Val> {
        let c = self.cond_value(a)?;
        self.set_loc(loc);
        let i1 = self.ctx.i1();
        let ifop = self.op("scf.if", &[c], &[i1], &[]);
        let (tr, er) = (self.ctx.region(ifop, 0), self.ctx.region(ifop, 1));
        let saved = self.ip;
        let eval_b = |l: &mut Self, region| -> R<()> {
            let blk = l.new_block(region, &[]);
            l.ip = InsertPoint::End(blk);
            let v = l.cond_value(b)?;
            l.op("scf.yield", &[v], &[], &[]);
            Ok(())
        };
        let constant = |l: &mut Self, region, value: bool| {
            let blk = l.new_block(region, &[]);
            l.ip = InsertPoint::End(blk);
            let v = l.bool_const(value);
            l.op("scf.yield", &[v], &[], &[]);
        };
        let r = if op == BinaryOp::LogAnd {
            let r = eval_b(self, tr);
            constant(self, er, false);
            r
        } else {
            constant(self, tr, true);
            eval_b(self, er)
        };
        self.ip = saved;
        r?;
        Ok(Val {
            v: self.ctx.result(ifop, 0),
            ty: CType::Bool,
        })
    }

    /// `c ? a : b` on scalars: an `scf.if` yielding the common type.
    fn conditional(&mut self, c: &Expr, a: &Expr, b: &Expr, loc: Loc) -> R<Val> {
        let cv = self.cond_value(c)?;
        self.set_loc(loc);
        let saved = self.ip;
        // Lower each arm into its own region first, then decide the type.
        let ifop = self.create_detached("scf.if", &[cv], &[], &[], 2, self.loc);
        let (tr, er) = (self.ctx.region(ifop, 0), self.ctx.region(ifop, 1));
        let arm = |l: &mut Self, region, e: &Expr| -> R<(Val, cuwasm::BlockId)> {
            let blk = l.new_block(region, &[]);
            l.ip = InsertPoint::End(blk);
            Ok((l.rvalue(e)?, blk))
        };
        let ra = arm(self, tr, a);
        let rb = ra.as_ref().ok().map(|_| arm(self, er, b));
        self.ip = saved;
        let (va, ba) = ra?;
        let (vb, bb) = rb.expect("evaluated")?;
        if let (CType::Struct(_), true) = (&va.ty, va.ty == vb.ty) {
            return self.conditional_struct(ifop, [(va, ba), (vb, bb)], loc);
        }
        let common = if va.ty.is_arithmetic() && vb.ty.is_arithmetic() {
            crate::cuda::sema::types::usual_arithmetic(&va.ty, &vb.ty)
        } else if va.ty.is_pointer() && (vb.ty.is_pointer() || vb.ty.is_integer()) {
            va.ty.clone()
        } else if vb.ty.is_pointer() && va.ty.is_integer() {
            vb.ty.clone()
        } else {
            return Err(self.err(
                loc,
                format!(
                    "incompatible operand types ('{}' and '{}')",
                    va.ty.name(),
                    vb.ty.name()
                ),
            ));
        };
        for (v, blk) in [(va, ba), (vb, bb)] {
            self.ip = InsertPoint::End(blk);
            let x = self.convert(v, &common, loc)?;
            self.op("scf.yield", &[x], &[], &[]);
        }
        self.ip = saved;
        // Rebuild the op with its result type, moving the regions over.
        let t = common.ir(self.ctx).expect("scalar");
        let real = self.create_detached("scf.if", &[cv], &[t], &[], 2, self.loc);
        for i in 0..2 {
            let (to, from) = (self.ctx.region(real, i), self.ctx.region(ifop, i));
            self.ctx.take_region_body(to, from);
        }
        self.ctx.erase_op(ifop);
        self.ip.place(self.ctx, real);
        Ok(Val {
            v: self.ctx.result(real, 0),
            ty: common,
        })
    }

    /// `c ? a : b` on two values of one struct type: each arm copies its value
    /// into a slot made before the `scf.if` (struct values are addresses, and
    /// the arms' temporaries live in their own regions).
    fn conditional_struct(
        &mut self,
        ifop: cuwasm::OpId,
        arms: [(Val, cuwasm::BlockId); 2],
        loc: Loc,
    ) -> R<Val> {
        let ty = arms[0].0.ty.clone();
        let dst = self.slot(&ty, loc)?;
        let saved = self.ip;
        for (v, blk) in arms {
            self.ip = InsertPoint::End(blk);
            self.copy_value(dst, v.v, &ty, loc)?;
            self.op("scf.yield", &[], &[], &[]);
        }
        self.ip = saved;
        self.ip.place(self.ctx, ifop);
        Ok(Val { v: dst, ty })
    }

    /// `lhs = rhs` and compound assignments; the value is the stored one.
    fn assign(&mut self, op: Option<BinaryOp>, lhs: &Expr, rhs: &Expr, loc: Loc) -> R<Val> {
        if let Some(o) = op.and_then(|op| Self::overloaded(op, true))
            && let [CType::Struct(_)] = self.arg_types(std::slice::from_ref(lhs))?.as_slice()
        {
            let l = self.rvalue(lhs)?;
            return self.binary_operator(o, l, rhs, loc);
        }
        let r = self.rvalue(rhs)?;
        let (p, ty) = self.lvalue(lhs)?;
        if matches!(ty, CType::Array(..)) {
            return Err(self.err(loc, "array type is not assignable"));
        }
        self.set_loc(loc);
        if let CType::Struct(_) = ty {
            if op.is_some() {
                return Err(self.err(
                    loc,
                    format!(
                        "invalid operands to a compound assignment ('{}')",
                        ty.name()
                    ),
                ));
            }
            self.assign_struct(p, &ty, r, loc)?;
            return Ok(Val { v: p, ty });
        }
        let v = match op {
            None => r,
            Some(op) => {
                let old = self.load(p, &ty);
                self.binary(
                    op,
                    Val {
                        v: old,
                        ty: ty.clone(),
                    },
                    r,
                    loc,
                )?
            }
        };
        let v = self.convert(v, &ty, loc)?;
        self.store(v, p);
        Ok(Val { v, ty })
    }

    pub(super) fn cast(&mut self, e: &Expr, to: &CType, loc: Loc) -> R<Val> {
        if *to == CType::Void {
            return Err(self.unsupported(loc, "a cast to 'void' used as a value"));
        }
        let v = self.rvalue(e)?;
        self.set_loc(loc);
        let v = self.convert_as(v, to, loc, true)?;
        Ok(Val { v, ty: to.clone() })
    }
}

fn expr_kind_name(k: &ExprKind) -> &'static str {
    match k {
        ExprKind::This => "'this'",
        ExprKind::Name(_) => "qualified names and template arguments",
        ExprKind::Construct(_) => "constructor calls",
        ExprKind::AlignofType(_) | ExprKind::AlignofExpr(_) => "'alignof'",
        ExprKind::New(_) => "'new' in device code",
        ExprKind::Delete { .. } => "'delete' in device code",
        ExprKind::InitList(_) => "braced lists in expressions",
        ExprKind::Offsetof(..) => "'offsetof'",
        ExprKind::VaArg(..) => "'va_arg'",
        _ => "this expression",
    }
}
