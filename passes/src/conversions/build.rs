//! Small builders for the ops the conversions emit: constants, casts, pointer
//! arithmetic, loads and stores, comparisons and structured loops.

use cuwasm::{Attr, BlockId, Builder, OpId, OpView, Type, ValueId};
use cuwasm_dialects::arith::{self, CmpIOp, ExtUIOp, IndexCastOp, IndexCastUIOp};
use cuwasm_dialects::ptr::{LoadOp, PtrAddOp, StoreOp};

/// `arith.constant value : ty`.
pub fn int(b: &mut Builder<'_>, ty: Type, value: i64) -> ValueId {
    let a = b.int_attr(ty, value as i128);
    arith::constant(b, a)
}

/// The zero of a scalar integer or float type.
pub fn zero(b: &mut Builder<'_>, ty: Type) -> ValueId {
    if b.is_float(ty) {
        let a = b.float_attr(ty, 0.0);
        return arith::constant(b, a);
    }
    int(b, ty, 0)
}

/// `arith.constant value : index`.
pub fn index(b: &mut Builder<'_>, value: i64) -> ValueId {
    let ty = b.index_type();
    int(b, ty, value)
}

/// A one-result op `T` of `operands` with result type `ty`.
pub fn op1<T: OpView>(b: &mut Builder<'_>, operands: &[ValueId], ty: Type) -> ValueId {
    let op = cuwasm::op_macro::build_op(b, &T::info(), operands, &[ty], &[]);
    b.result(op, 0)
}

/// `arith.cmpi pred, lhs, rhs` (MLIR's predicate numbers).
pub fn cmpi(b: &mut Builder<'_>, pred: i128, lhs: ValueId, rhs: ValueId) -> ValueId {
    let p = b.int_attr(b.i64(), pred);
    let i1 = b.i1();
    let op = CmpIOp::build(b, &[lhs, rhs], &[i1], &[("predicate", p)]);
    b.result(op.0, 0)
}
pub const EQ: i128 = 0;
pub const NE: i128 = 1;
pub const SLT: i128 = 2;
pub const ULT: i128 = 6;
pub const UGT: i128 = 8;

/// `index` → `i64` / `i32`, and `i32` → `index`.
pub fn index_to(b: &mut Builder<'_>, v: ValueId, ty: Type) -> ValueId {
    op1::<IndexCastOp>(b, &[v], ty)
}
pub fn to_index_unsigned(b: &mut Builder<'_>, v: ValueId) -> ValueId {
    let ty = b.index_type();
    op1::<IndexCastUIOp>(b, &[v], ty)
}

/// An `i1` widened to the `i8` that memory holds.
pub fn bool_to_i8(b: &mut Builder<'_>, v: ValueId) -> ValueId {
    let i8 = b.integer_type(8);
    op1::<ExtUIOp>(b, &[v], i8)
}

/// `base + offset` bytes (`offset` i64).
pub fn ptr_add(b: &mut Builder<'_>, base: ValueId, offset: ValueId) -> ValueId {
    let ty = b.value_type(base);
    op1::<PtrAddOp>(b, &[base, offset], ty)
}

/// `base + offset` for a constant `offset`.
pub fn ptr_add_const(b: &mut Builder<'_>, base: ValueId, offset: i64) -> ValueId {
    let i64 = b.i64();
    let off = int(b, i64, offset);
    ptr_add(b, base, off)
}

pub fn load(b: &mut Builder<'_>, ptr: ValueId, ty: Type) -> ValueId {
    op1::<LoadOp>(b, &[ptr], ty)
}

pub fn store(b: &mut Builder<'_>, value: ValueId, ptr: ValueId) -> OpId {
    StoreOp::build(b, &[value, ptr], &[], &[]).0
}

/// An `scf.for %iv = lb to ub step 1` with no results; returns the loop, its
/// body and the induction variable. The body ends with its `scf.yield`.
pub fn for_loop(b: &mut Builder<'_>, lb: ValueId, ub: ValueId) -> (OpId, BlockId, ValueId) {
    let one = index(b, 1);
    let state = b.state("scf.for").operands(&[lb, ub, one]).regions(1);
    let op = b.insert(state);
    let index = b.index_type();
    let loc = b.loc;
    let body = b.create_block(&[index], loc);
    let region = b.region(op, 0);
    b.append_block(region, body);
    let y = b.state("scf.yield");
    let y = b.ctx.create_op(y);
    b.append_op(body, y);
    let iv = b.block_arg(body, 0);
    (op, body, iv)
}

/// An `scf.if cond` with an empty then block and no else; returns the then block.
pub fn if_then(b: &mut Builder<'_>, cond: ValueId) -> BlockId {
    let state = b.state("scf.if").operands(&[cond]).regions(2);
    let op = b.insert(state);
    let loc = b.loc;
    let then = b.create_block(&[], loc);
    let region = b.region(op, 0);
    b.append_block(region, then);
    let y = b.state("scf.yield");
    let y = b.ctx.create_op(y);
    b.append_op(then, y);
    then
}

/// The size in bytes of a value of `ty` in memory (`i1` takes a byte).
pub fn type_bytes(ctx: &cuwasm::Context, ty: Type) -> Option<i64> {
    if let Some(w) = ctx.int_width(ty) {
        return Some(((w as i64) + 7) / 8);
    }
    if let Some(k) = ctx.float_kind(ty) {
        return Some((k.width() as i64) / 8);
    }
    if ctx.is_index(ty) || cuwasm_dialects::ptr::is_ptr(ctx, ty) {
        return Some(8);
    }
    match ctx.type_data(ty) {
        cuwasm::TypeData::Vector { shape, element, .. } => {
            let n: i64 = shape.iter().product();
            Some(n * type_bytes(ctx, *element)?)
        }
        _ => None,
    }
}

/// `element_type × count` bytes of a `cuda.alloca` or `cuda.shared_alloc`.
pub fn array_bytes(ctx: &cuwasm::Context, op: OpId) -> Option<i64> {
    let elem = ctx.attr_type(ctx.prop(op, "element_type")?)?;
    let count = ctx.attr_int(ctx.prop(op, "count")?)? as i64;
    Some(type_bytes(ctx, elem)? * count)
}

/// Ops by name at a builder's insertion point, for the conversions that
/// expand one op into many (`expand-cuda-arith`, `legalize-f16`).
pub trait Emit<'c> {
    fn builder(&mut self) -> &mut Builder<'c>;
    fn context(&self) -> &cuwasm::Context;

    /// A one-result op with properties.
    fn op_props(
        &mut self,
        name: &str,
        args: &[ValueId],
        ty: Type,
        props: &[(&str, Attr)],
    ) -> ValueId {
        let b = self.builder();
        let mut st = b.state(name).operands(args).results(&[ty]);
        for (k, a) in props {
            st = st.property(b, k, *a);
        }
        let op = b.insert(st);
        b.result(op, 0)
    }

    fn op(&mut self, name: &str, args: &[ValueId], ty: Type) -> ValueId {
        self.op_props(name, args, ty, &[])
    }

    /// An op whose result has its first operand's type.
    fn same(&mut self, name: &str, args: &[ValueId]) -> ValueId {
        let ty = self.ty(args[0]);
        self.op(name, args, ty)
    }

    fn ty(&self, v: ValueId) -> Type {
        self.context().value_type(v)
    }

    /// The integer constant `v` of `ty` (taken modulo the width, as signed).
    fn int(&mut self, ty: Type, v: i128) -> ValueId {
        let b = self.builder();
        let w = b.int_width(ty).unwrap_or(32);
        let a = b.int_attr(ty, (v << (128 - w)) >> (128 - w));
        self.op_props("arith.constant", &[], ty, &[("value", a)])
    }

    /// The float constant `v` of `ty`, rounded to it.
    fn float(&mut self, ty: Type, v: f64) -> ValueId {
        let a = self.builder().float_attr(ty, v);
        self.op_props("arith.constant", &[], ty, &[("value", a)])
    }

    /// `arith.cmpf` with MLIR's predicate number.
    fn cmpf(&mut self, pred: i64, a: ValueId, b: ValueId) -> ValueId {
        self.compare("arith.cmpf", pred, a, b)
    }

    /// `arith.cmpi` with MLIR's predicate number.
    fn cmpi(&mut self, pred: i64, a: ValueId, b: ValueId) -> ValueId {
        self.compare("arith.cmpi", pred, a, b)
    }

    fn compare(&mut self, name: &str, pred: i64, a: ValueId, b: ValueId) -> ValueId {
        let bl = self.builder();
        let (i1, i64) = (bl.i1(), bl.i64());
        let p = bl.int_attr(i64, pred as i128);
        self.op_props(name, &[a, b], i1, &[("predicate", p)])
    }

    fn select(&mut self, c: ValueId, a: ValueId, b: ValueId) -> ValueId {
        let ty = self.ty(a);
        self.op("arith.select", &[c, a, b], ty)
    }

    fn bitcast(&mut self, v: ValueId, ty: Type) -> ValueId {
        self.op("arith.bitcast", &[v], ty)
    }
}
