//! `simd`: the CPU level, where a block of GPU threads runs as loops over SIMD lanes.
//!
//! `convert-gpu-to-simd` turns a kernel into this form: each `__syncthreads`
//! splits the kernel into `simd.barrier_region`s (loop fission: every thread
//! finishes one region before any starts the next), and inside a region the
//! thread loop is vectorized so that one iteration runs `N` threads as the `N`
//! lanes of builtin vectors (`vector<8xf32>`). Divergent control flow becomes
//! masks (`vector<8xi1>`) consumed by `simd.select`, `simd.gather` and
//! `simd.scatter`; uniform values stay scalar and are broadcast with
//! `simd.splat`. The Cranelift and Wasm targets lower it further.
//!
//! Everything here works on one-dimensional, fixed-size vectors; the lane count
//! `N` is the length of the vector type, and all vector operands of an op have
//! the same `N`. Ordinary lane-wise arithmetic is `arith`/`math` on vectors.

use crate::cuda::attr_enum;
use crate::ptr::is_ptr;
use cuwasm::{
    Builder, Context, Diagnostic, DialectInfo, Effect, EffectKind, OpId, RegionPoint, Type,
    TypeData, ValueId, op,
};

attr_enum! {
    /// How `simd.reduce` combines the lanes (names as in `arith`).
    ReduceKind = "simd"<"reduce"> {
        /// Integer or float sum.
        Add = "add",
        /// Integer or float product.
        Mul = "mul",
        /// Signed integer minimum.
        Minsi = "minsi",
        /// Signed integer maximum.
        Maxsi = "maxsi",
        /// Unsigned integer minimum.
        Minui = "minui",
        /// Unsigned integer maximum.
        Maxui = "maxui",
        /// Float minimum ignoring NaN operands (`fminf`).
        Minnumf = "minnumf",
        /// Float maximum ignoring NaN operands (`fmaxf`).
        Maxnumf = "maxnumf",
        /// Bitwise and.
        And = "and",
        /// Bitwise or.
        Or = "or",
        /// Bitwise xor.
        Xor = "xor",
    }
}

op! {
    /// The lane numbers `[0, 1, ..., N-1]` as a `vector<Nxi32>`.
    LaneIdOp = "simd.lane_id",
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| {
        let ty = ctx.value_type(ctx.result(op, 0));
        if lanes(ctx, ty).is_some() && ctx.element_type(ty) == ctx.i32() {
            Ok(())
        } else {
            Err(ctx.op_error(op, format!("result must be a vector of i32, but got '{}'", ctx.type_to_string(ty))))
        }
    },
}

op! {
    /// Broadcast a scalar to every lane.
    SplatOp = "simd.splat",
    operands: [value: One],
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| expect_vector_of(ctx, op, ctx.result(op, 0), ctx.value_type(ctx.operand(op, 0)), "result"),
}

op! {
    /// Read lane `lane` (a static index) of a vector.
    ExtractOp = "simd.extract",
    operands: [vector: One],
    results: [result: One],
    properties: [lane: Required],
    traits: [PURE],
    verify: |ctx, op| {
        let n = expect_vector(ctx, op, ctx.operand(op, 0), "vector")?;
        expect_lane(ctx, op, n)?;
        let elem = ctx.element_type(ctx.value_type(ctx.operand(op, 0)));
        expect_type(ctx, op, ctx.result(op, 0), elem, "result")
    },
}

op! {
    /// A copy of `vector` with lane `lane` (a static index) replaced by `value`.
    InsertOp = "simd.insert",
    operands: [vector: One, value: One],
    results: [result: One],
    properties: [lane: Required],
    traits: [PURE],
    verify: |ctx, op| {
        let n = expect_vector(ctx, op, ctx.operand(op, 0), "vector")?;
        expect_lane(ctx, op, n)?;
        let ty = ctx.value_type(ctx.operand(op, 0));
        expect_type(ctx, op, ctx.operand(op, 1), ctx.element_type(ty), "value")?;
        expect_type(ctx, op, ctx.result(op, 0), ty, "result")
    },
}

op! {
    /// Lane-wise `mask ? on_true : on_false`.
    SelectOp = "simd.select",
    operands: [mask: One, on_true: One, on_false: One],
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| {
        let ty = ctx.value_type(ctx.operand(op, 1));
        let n = expect_vector(ctx, op, ctx.operand(op, 1), "on_true")?;
        expect_mask(ctx, op, ctx.operand(op, 0), n)?;
        expect_type(ctx, op, ctx.operand(op, 2), ty, "on_false")?;
        expect_type(ctx, op, ctx.result(op, 0), ty, "result")
    },
}

op! {
    /// Masked gather: lane `i` loads from `base + offsets[i]` (bytes, like `ptr.ptr_add`) where `mask[i]`, else takes `passthru[i]`.
    ///
    /// Masked-off lanes do not touch memory. `offsets` is a vector of `i32`, `i64` or `index`.
    GatherOp = "simd.gather",
    operands: [base: One, offsets: One, mask: One, passthru: One],
    results: [result: One],
    verify: |ctx, op| {
        let ty = ctx.value_type(ctx.operand(op, 3));
        let n = expect_vector(ctx, op, ctx.operand(op, 3), "passthru")?;
        expect_addressing(ctx, op, ctx.operand(op, 0), ctx.operand(op, 1), ctx.operand(op, 2), n)?;
        expect_type(ctx, op, ctx.result(op, 0), ty, "result")
    },
    effects: |ctx, op| vec![Effect { kind: EffectKind::Read, on: Some(ctx.operand(op, 0)) }],
}

op! {
    /// Masked scatter: lane `i` stores `value[i]` to `base + offsets[i]` (bytes) where `mask[i]`.
    ///
    /// Lanes store in increasing lane order, so when two active lanes hit one
    /// address the higher lane's value stays.
    ScatterOp = "simd.scatter",
    operands: [value: One, base: One, offsets: One, mask: One],
    verify: |ctx, op| {
        let n = expect_vector(ctx, op, ctx.operand(op, 0), "value")?;
        expect_addressing(ctx, op, ctx.operand(op, 1), ctx.operand(op, 2), ctx.operand(op, 3), n)
    },
    effects: |ctx, op| vec![Effect { kind: EffectKind::Write, on: Some(ctx.operand(op, 1)) }],
}

op! {
    /// Combine all lanes of a vector into a scalar with `kind`.
    ///
    /// The lanes are combined in an unspecified order (float sums may be
    /// reassociated); mask lanes off first with `simd.select` and the identity.
    ReduceOp = "simd.reduce",
    operands: [vector: One],
    results: [result: One],
    properties: [kind: Required],
    traits: [PURE],
    verify: verify_reduce,
}

op! {
    /// `true` iff some lane of the mask is set.
    AnyOp = "simd.any",
    operands: [mask: One],
    results: [result: One],
    traits: [PURE],
    verify: verify_mask_test,
}

op! {
    /// `true` iff every lane of the mask is set.
    AllOp = "simd.all",
    operands: [mask: One],
    results: [result: One],
    traits: [PURE],
    verify: verify_mask_test,
}

op! {
    /// A barrier-free section of a kernel: every thread of the block runs all of it before anything after it runs.
    ///
    /// The body (one block, no arguments) is the code between two
    /// `__syncthreads`, already expressed over lanes; the conversion wraps it in
    /// the loop over the block's threads. Values that live across a barrier are
    /// kept per thread in memory by the conversion; the region itself yields
    /// only values uniform over the block, through `simd.yield`.
    BarrierRegionOp = "simd.barrier_region",
    results: [results: Variadic],
    regions: [body: One],
    traits: [SINGLE_BLOCK, RECURSIVE_MEMORY_EFFECTS],
    verify: |ctx, op| {
        let body = ctx.region(op, 0);
        match ctx.entry_block(body) {
            Some(b) if !ctx.block_args(b).is_empty() => Err(ctx.op_error(op, "body must have no block arguments")),
            None => Err(ctx.op_error(op, "body must not be empty")),
            _ => Ok(()),
        }
    },
    region_branch: |_, _, from| match from {
        RegionPoint::Parent => vec![RegionPoint::Region(0)],
        RegionPoint::Region(_) => vec![RegionPoint::Parent],
    },
}

op! {
    /// Ends a `simd.barrier_region`, giving its results.
    YieldOp = "simd.yield",
    operands: [values: Variadic],
    traits: [PURE, TERMINATOR, RETURN_LIKE],
    verify: |ctx, op| {
        let Some(parent) = ctx.parent_op(op).filter(|p| ctx.is_op(*p, "simd.barrier_region")) else {
            return Err(ctx.op_error(op, "expects parent op 'simd.barrier_region'"));
        };
        if ctx.operand_types(op) != ctx.result_types(parent) {
            return Err(ctx.op_error(op, "operand types must match the results of the enclosing 'simd.barrier_region'"));
        }
        Ok(())
    },
}

// ---- type checks ------------------------------------------------------------------------

/// The lane count of a one-dimensional, fixed-size vector type.
pub fn lanes(ctx: &Context, ty: Type) -> Option<i64> {
    match ctx.type_data(ty) {
        TypeData::Vector {
            shape, scalable, ..
        } if shape.len() == 1 && !scalable[0] => Some(shape[0]),
        _ => None,
    }
}

fn type_str(ctx: &Context, ty: Type) -> String {
    ctx.type_to_string(ty)
}

fn expect_vector(ctx: &Context, op: OpId, v: ValueId, what: &str) -> Result<i64, Diagnostic> {
    let ty = ctx.value_type(v);
    lanes(ctx, ty).ok_or_else(|| {
        ctx.op_error(
            op,
            format!(
                "{what} must be a 1-D vector, but got '{}'",
                type_str(ctx, ty)
            ),
        )
    })
}

fn expect_type(
    ctx: &Context,
    op: OpId,
    v: ValueId,
    want: Type,
    what: &str,
) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(v);
    if ty == want {
        Ok(())
    } else {
        Err(ctx.op_error(
            op,
            format!(
                "{what} must be '{}', but got '{}'",
                type_str(ctx, want),
                type_str(ctx, ty)
            ),
        ))
    }
}

fn expect_vector_of(
    ctx: &Context,
    op: OpId,
    v: ValueId,
    elem: Type,
    what: &str,
) -> Result<(), Diagnostic> {
    expect_vector(ctx, op, v, what)?;
    let ty = ctx.value_type(v);
    if ctx.element_type(ty) != elem {
        return Err(ctx.op_error(
            op,
            format!(
                "{what} must be a vector of '{}', but got '{}'",
                type_str(ctx, elem),
                type_str(ctx, ty)
            ),
        ));
    }
    Ok(())
}

/// `v` is a `vector<nxi1>`.
fn expect_mask(ctx: &Context, op: OpId, v: ValueId, n: i64) -> Result<(), Diagnostic> {
    let want = ctx.vector_type(&[n], ctx.i1());
    expect_type(ctx, op, v, want, "mask")
}

fn expect_lane(ctx: &Context, op: OpId, n: i64) -> Result<(), Diagnostic> {
    let lane = ctx.prop(op, "lane").and_then(|a| ctx.attr_int(a));
    match lane {
        Some(l) if (0..n as i128).contains(&l) => Ok(()),
        _ => Err(ctx.op_error(
            op,
            format!("property 'lane' must be an integer in [0, {n})"),
        )),
    }
}

/// A pointer base, a vector of `n` integer offsets and a mask of `n` lanes.
fn expect_addressing(
    ctx: &Context,
    op: OpId,
    base: ValueId,
    offsets: ValueId,
    mask: ValueId,
    n: i64,
) -> Result<(), Diagnostic> {
    let bt = ctx.value_type(base);
    if !is_ptr(ctx, bt) {
        return Err(ctx.op_error(
            op,
            format!("base must be a !ptr.ptr, but got '{}'", type_str(ctx, bt)),
        ));
    }
    let ot = ctx.value_type(offsets);
    if lanes(ctx, ot) != Some(n) || !ctx.is_int_or_index(ctx.element_type(ot)) {
        return Err(ctx.op_error(
            op,
            format!(
                "offsets must be a vector of {n} integers, but got '{}'",
                type_str(ctx, ot)
            ),
        ));
    }
    expect_mask(ctx, op, mask, n)
}

fn verify_reduce(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let kind = ReduceKind::from_prop(ctx, op, "kind")?;
    expect_vector(ctx, op, ctx.operand(op, 0), "vector")?;
    let elem = ctx.element_type(ctx.value_type(ctx.operand(op, 0)));
    expect_type(ctx, op, ctx.result(op, 0), elem, "result")?;
    let (int, float) = (ctx.is_int_or_index(elem), ctx.is_float(elem));
    use ReduceKind::*;
    let ok = match kind {
        Some(Add | Mul) => int || float,
        Some(Minnumf | Maxnumf) => float,
        Some(_) => int,
        None => true,
    };
    if !ok {
        let kw = kind.map_or("?", |k| k.keyword());
        return Err(ctx.op_error(
            op,
            format!(
                "reduction '{kw}' is not defined on '{}'",
                type_str(ctx, elem)
            ),
        ));
    }
    Ok(())
}

fn verify_mask_test(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let n = expect_vector(ctx, op, ctx.operand(op, 0), "mask")?;
    expect_mask(ctx, op, ctx.operand(op, 0), n)?;
    let i1 = ctx.i1();
    expect_type(ctx, op, ctx.result(op, 0), i1, "result")
}

// ---- builders -----------------------------------------------------------------------------

/// `[0, 1, ..., n-1]` as `vector<nxi32>`.
pub fn lane_id(b: &mut Builder<'_>, n: i64) -> ValueId {
    let ty = b.vector_type(&[n], b.i32());
    let op = LaneIdOp::build(b, &[], &[ty], &[]);
    b.result(op.0, 0)
}

/// Broadcast `value` to `n` lanes.
pub fn splat(b: &mut Builder<'_>, value: ValueId, n: i64) -> ValueId {
    let ty = b.vector_type(&[n], b.value_type(value));
    let op = SplatOp::build(b, &[value], &[ty], &[]);
    b.result(op.0, 0)
}

/// Lane-wise `mask ? on_true : on_false`.
pub fn select(b: &mut Builder<'_>, mask: ValueId, on_true: ValueId, on_false: ValueId) -> ValueId {
    let ty = b.value_type(on_true);
    let op = SelectOp::build(b, &[mask, on_true, on_false], &[ty], &[]);
    b.result(op.0, 0)
}

/// Lane `lane` of `vector`.
pub fn extract(b: &mut Builder<'_>, vector: ValueId, lane: i64) -> ValueId {
    let elem = b.element_type(b.value_type(vector));
    let l = b.int_attr(b.i32(), lane as i128);
    let op = ExtractOp::build(b, &[vector], &[elem], &[("lane", l)]);
    b.result(op.0, 0)
}

/// Reduce all lanes of `vector` with `kind`.
pub fn reduce(b: &mut Builder<'_>, kind: ReduceKind, vector: ValueId) -> ValueId {
    let elem = b.element_type(b.value_type(vector));
    let k = kind.attr(b);
    let op = ReduceOp::build(b, &[vector], &[elem], &[("kind", k)]);
    b.result(op.0, 0)
}

/// An empty `simd.barrier_region` with results `types` and an entry block; fill the
/// block and end it with `simd.yield`.
pub fn barrier_region(b: &mut Builder<'_>, types: &[Type]) -> (OpId, cuwasm::BlockId) {
    let op = BarrierRegionOp::build(b, &[], types, &[]).0;
    let loc = b.loc;
    let block = b.create_block(&[], loc);
    let region = b.region(op, 0);
    b.append_block(region, block);
    (op, block)
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "simd",
        summary: "The CPU level: a block of threads as loops over SIMD lanes, with masks, gathers/scatters and barrier regions",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    ctx.register::<LaneIdOp>();
    ctx.register::<SplatOp>();
    ctx.register::<ExtractOp>();
    ctx.register::<InsertOp>();
    ctx.register::<SelectOp>();
    ctx.register::<GatherOp>();
    ctx.register::<ScatterOp>();
    ctx.register::<ReduceOp>();
    ctx.register::<AnyOp>();
    ctx.register::<AllOp>();
    ctx.register::<BarrierRegionOp>();
    ctx.register::<YieldOp>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_make_verified_ops() {
        let mut ctx = Context::new();
        let (module, ret, args) = crate::cuda::tests::harness(&mut ctx, "f32, i32");
        let mut b = Builder::before(&mut ctx, ret);
        let (region, body) = barrier_region(&mut b, &[]);
        let mut b = Builder::at_end(&mut ctx, body);
        let lanes = lane_id(&mut b, 8);
        let n = splat(&mut b, args[1], 8);
        let x = splat(&mut b, args[0], 8);
        let zero = extract(&mut b, lanes, 0);
        let i1 = b.i1();
        let mask_ty = b.vector_type(&[8], i1);
        let mask = b.insert(
            b.state("arith.cmpi")
                .operands(&[lanes, n])
                .results(&[mask_ty])
                .property(&*b, "predicate", b.int_attr(b.i64(), 2)),
        );
        let mask = b.result(mask, 0);
        let y = select(&mut b, mask, x, x);
        reduce(&mut b, ReduceKind::Maxnumf, y);
        reduce(&mut b, ReduceKind::Add, lanes);
        YieldOp::build(&mut b, &[], &[], &[]);
        let _ = (region, zero);
        ctx.verify(module)
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        let text = ctx.print_op(module, Default::default());
        assert!(
            text.contains(
                r#""simd.reduce"(%5) <{kind = #simd<reduce maxnumf>}> : (vector<8xf32>) -> f32"#
            ),
            "{text}"
        );
    }
}
