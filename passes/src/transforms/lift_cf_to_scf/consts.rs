//! Constants the structurizer needs (selector values, branch flags, and the
//! zeros passed where a multiplexer's argument is not used), made once per
//! type and value at the start of the lifted region's entry block, which
//! dominates every block and nested region of it.

use cuwasm::{
    AttrData, BlockId, Context, InsertPoint, Location, OperationState, Type, TypeData, ValueId,
};
use rustc_hash::FxHashMap;

pub struct Consts {
    ip: InsertPoint,
    loc: Location,
    ints: FxHashMap<(Type, i128), ValueId>,
    zeros: FxHashMap<Type, ValueId>,
}

impl Consts {
    pub fn new(entry: BlockId, loc: Location) -> Consts {
        Consts {
            ip: InsertPoint::Start(entry),
            loc,
            ints: FxHashMap::default(),
            zeros: FxHashMap::default(),
        }
    }

    fn place(&mut self, ctx: &mut Context, state: OperationState) -> ValueId {
        let op = ctx.create_op(state);
        self.ip.place(ctx, op);
        ctx.result(op, 0)
    }

    /// `arith.constant value : ty` (an integer type).
    pub fn int(&mut self, ctx: &mut Context, ty: Type, value: i128) -> ValueId {
        if let Some(v) = self.ints.get(&(ty, value)) {
            return *v;
        }
        let attr = ctx.int_attr(ty, value);
        let state = OperationState::new(ctx, "arith.constant", self.loc)
            .results(&[ty])
            .property(ctx, "value", attr);
        let v = self.place(ctx, state);
        self.ints.insert((ty, value), v);
        v
    }

    /// An `i1` constant.
    pub fn bool(&mut self, ctx: &mut Context, value: bool) -> ValueId {
        let i1 = ctx.i1();
        self.int(ctx, i1, value as i128)
    }

    /// A value of `ty` for an argument nobody reads: zero for integers,
    /// floats and vectors of them, null for `!ptr.ptr`; for other types
    /// (MLIR would use `ub.poison`) an operand-less
    /// `builtin.unrealized_conversion_cast`.
    pub fn zero(&mut self, ctx: &mut Context, ty: Type) -> ValueId {
        if ctx.is_int_or_index(ty) {
            return self.int(ctx, ty, 0);
        }
        if let Some(v) = self.zeros.get(&ty) {
            return *v;
        }
        let state = match zero_attr(ctx, ty) {
            Some(attr) => {
                let name = match ctx.attr_data(attr) {
                    AttrData::Dialect { .. } => "ptr.constant",
                    _ => "arith.constant",
                };
                OperationState::new(ctx, name, self.loc)
                    .results(&[ty])
                    .property(ctx, "value", attr)
            }
            None => OperationState::new(ctx, "builtin.unrealized_conversion_cast", self.loc)
                .results(&[ty]),
        };
        let v = self.place(ctx, state);
        self.zeros.insert(ty, v);
        v
    }

    /// Zeros for each of `types`.
    pub fn zeros(&mut self, ctx: &mut Context, types: &[Type]) -> Vec<ValueId> {
        types.iter().map(|t| self.zero(ctx, *t)).collect()
    }
}

/// The zero (or null) attribute of `ty`, when it has one.
fn zero_attr(ctx: &Context, ty: Type) -> Option<cuwasm::Attr> {
    if ctx.float_kind(ty).is_some() {
        return Some(ctx.intern_attr(AttrData::Float { bits: 0, ty }));
    }
    if cuwasm_dialects::ptr::is_ptr(ctx, ty) {
        return Some(ctx.intern_attr(AttrData::Dialect {
            name: ctx.symbol("ptr.null"),
            body: None,
            ty: Some(ty),
        }));
    }
    if let TypeData::Vector { element, .. } = ctx.type_data(ty) {
        let element = *element;
        let values = if ctx.is_int_or_index(element) {
            cuwasm::DenseValues::Int(vec![0])
        } else if ctx.float_kind(element).is_some() {
            cuwasm::DenseValues::Float(vec![0])
        } else {
            return None;
        };
        return Some(ctx.intern_attr(AttrData::Dense {
            ty,
            values,
            splat: true,
        }));
    }
    None
}
