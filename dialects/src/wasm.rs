//! `wasm`: the WebAssembly level, one op per Wasm construct, in SSA form.
//!
//! `convert-simd-to-wasm` produces it and `targets/wasm` emits a binary module
//! from it almost one op to one instruction. It models Wasm 2.0 with SIMD128 and
//! (for `wasm.f32x4_fma`) relaxed SIMD:
//!
//! * **Value types** are `i32`, `i64`, `f32`, `f64` and `v128`, which is any
//!   128-bit builtin vector (`vector<4xf32>`, `vector<16xi8>`, ...): the vector
//!   shape only records how the bits are read.
//! * **Structured control flow**: `wasm.block`, `wasm.loop` and `wasm.if` hold
//!   single-block regions that end in `wasm.end` (fall through, giving the
//!   construct's results), `wasm.br` or `wasm.return`. Branches name their target
//!   label by `depth` as Wasm does: 0 is the innermost enclosing
//!   block/loop/if, and the function body is the outermost label. A branch to a
//!   block or if carries its results and leaves it; a branch to a loop restarts
//!   it and carries nothing (loops take no parameters here).
//! * **Locals** are indexed as in Wasm: the function's parameters first, then the
//!   `locals` the function declares. The function body's block has no
//!   arguments; parameters are read with `wasm.local_get`.
//! * **Memory** is the linear memory 0 addressed by `i32`. `wasm.load`/`wasm.store`
//!   carry a static `offset` (added to the address, bytes), an `align` in bytes
//!   (as the text format writes it, at most the access size) and a `memtype`,
//!   the type in memory: `i8`/`i16` (and `i32` under an `i64`) make the
//!   extending loads and wrapping stores (`i32.load8_s` is memtype `i8`, result
//!   `i32`, `signed`).
//! * **Numeric instructions** are four ops keyed by the instruction's text-format
//!   name in `opcode`: `wasm.unary` (`"i32.clz"`, `"f32x4.sqrt"`), `wasm.binary`
//!   (`"i32.add"`, `"f64.div"`, `"i32x4.mul"`, `"v128.and"`), `wasm.compare`
//!   (`"i32.lt_s"` giving `i32`, `"f32x4.lt"` giving a lane mask) and
//!   `wasm.convert` (`"f32.convert_i32_s"`). The name fixes the operand and
//!   result types, which the verifier checks. `wasm.binary` and `wasm.convert`
//!   are not speculatable: integer division and float-to-int truncation trap.

use cuwasm::{
    Attr, AttrData, Builder, Context, Diagnostic, DialectInfo, Effect, EffectKind, OpId, Type,
    TypeData, ValueId, op,
};

// ---- the module ---------------------------------------------------------------------------------

op! {
    /// A Wasm module: `wasm.func`s, `wasm.import_func`s, `wasm.data` and
    /// `wasm.export_i32`; memory 0 is imported (`env.memory`, shared when
    /// `shared_memory` is set, 64-bit (addressed by `i64`) when `memory64`
    /// is, at least `min_pages`), and so is global 0, the `i64`
    /// `env.memory_base` (docs/wasm-abi.md).
    ModuleOp = "wasm.module",
    properties: [sym_name: Required, min_pages: Optional, shared_memory: Optional, memory64: Optional],
    regions: [body: One],
    traits: [SYMBOL, ISOLATED_FROM_ABOVE, SYMBOL_TABLE, NO_TERMINATOR, SINGLE_BLOCK, GRAPH_REGION],
}

op! {
    /// A function the host provides: `module`.`name` of `function_type`.
    ImportFuncOp = "wasm.import_func",
    properties: [sym_name: Required, module: Required, name: Required, function_type: Required],
    traits: [SYMBOL],
}

op! {
    /// Bytes the module places in memory at `offset` (a passive segment that
    /// the exported `cuwasm_init` copies).
    DataOp = "wasm.data",
    properties: [offset: Required, bytes: Required],
    verify: |ctx, op| {
        index_prop(ctx, op, "offset")?;
        match ctx.prop(op, "bytes").map(|a| ctx.attr_data(a)) {
            Some(AttrData::String { .. }) => Ok(()),
            _ => Err(ctx.op_error(op, "property 'bytes' must be a string")),
        }
    },
}

op! {
    /// An exported immutable `i32` global holding `value`.
    ExportI32Op = "wasm.export_i32",
    properties: [export_name: Required, value: Required],
    verify: |ctx, op| {
        index_prop(ctx, op, "value")?;
        ctx.prop(op, "export_name").and_then(|a| ctx.attr_str(a)).map(|_| ()).ok_or_else(|| ctx.op_error(op, "property 'export_name' must be a string"))
    },
}

// ---- functions and structured control flow ------------------------------------------------

op! {
    /// A Wasm function: `function_type`, extra `locals` (array of types), optional `export_name`.
    FuncOp = "wasm.func",
    properties: [sym_name: Required, function_type: Required, locals: Optional, export_name: Optional],
    regions: [body: One],
    traits: [SYMBOL, ISOLATED_FROM_ABOVE, SINGLE_BLOCK],
    verify: verify_func,
}

op! {
    /// `block (result ...)`: a branch to it jumps past its end.
    BlockOp = "wasm.block",
    results: [results: Variadic],
    regions: [body: One],
    traits: [SINGLE_BLOCK],
    verify: verify_structured,
}

op! {
    /// `loop (result ...)`: a branch to it jumps back to its start.
    LoopOp = "wasm.loop",
    results: [results: Variadic],
    regions: [body: One],
    traits: [SINGLE_BLOCK],
    verify: verify_structured,
}

op! {
    /// `if (result ...) ... else ... end` on an `i32` condition (nonzero is true); the else region may be empty without results.
    IfOp = "wasm.if",
    operands: [condition: One],
    results: [results: Variadic],
    regions: [then_region: One, else_region: One],
    traits: [SINGLE_BLOCK],
    verify: verify_if,
}

op! {
    /// `end`: falls out of the enclosing block/loop/if/function, giving its results.
    EndOp = "wasm.end",
    operands: [values: Variadic],
    traits: [TERMINATOR, RETURN_LIKE],
    verify: verify_end,
}

op! {
    /// `br depth`: branch to the label `depth` levels out, carrying its values.
    BrOp = "wasm.br",
    operands: [values: Variadic],
    properties: [depth: Required],
    traits: [TERMINATOR],
    verify: |ctx, op| verify_branch(ctx, op, ctx.operands(op)),
}

op! {
    /// `br_if depth`: branch like `wasm.br` if the `i32` condition is nonzero, else fall through.
    BrIfOp = "wasm.br_if",
    operands: [condition: One, values: Variadic],
    properties: [depth: Required],
    verify: |ctx, op| {
        expect_type(ctx, op, ctx.operand(op, 0), ctx.i32(), "condition")?;
        verify_branch(ctx, op, &ctx.operands(op)[1..])
    },
}

op! {
    /// `br_table`: a branch to label `depths[index]`, or to `default` when
    /// `index` (an `i32`) is out of range; every label takes `values`.
    BrTableOp = "wasm.br_table",
    operands: [index: One, values: Variadic],
    properties: [depths: Required, default: Required],
    traits: [TERMINATOR],
    verify: verify_br_table,
}

op! {
    /// `return`: leave the function with its results, from any depth.
    ReturnOp = "wasm.return",
    operands: [values: Variadic],
    traits: [TERMINATOR],
    verify: |ctx, op| {
        let func = enclosing_func(ctx, op)?;
        expect_types(ctx, op, &ctx.operand_types(op), &signature(ctx, func).1, "returned values")
    },
}

op! {
    /// `call` of a `wasm.func` or `wasm.import_func` of the module.
    CallOp = "wasm.call",
    operands: [operands: Variadic],
    results: [results: Variadic],
    properties: [callee: Required],
    verify: verify_call,
    callee: |ctx, op| ctx.prop(op, "callee"),
}

op! {
    /// `unreachable`: traps.
    UnreachableOp = "wasm.unreachable",
    traits: [TERMINATOR],
}

// ---- variables ------------------------------------------------------------------------------

op! {
    /// `local.get index`.
    LocalGetOp = "wasm.local_get",
    results: [result: One],
    properties: [index: Required],
    verify: |ctx, op| {
        let ty = local_type(ctx, op)?;
        expect_type(ctx, op, ctx.result(op, 0), ty, "result")
    },
}

op! {
    /// `local.set index`.
    LocalSetOp = "wasm.local_set",
    operands: [value: One],
    properties: [index: Required],
    verify: |ctx, op| {
        let ty = local_type(ctx, op)?;
        expect_type(ctx, op, ctx.operand(op, 0), ty, "value")
    },
}

op! {
    /// `global.get index` (the module's global index space, imports first).
    GlobalGetOp = "wasm.global_get",
    results: [result: One],
    properties: [index: Required],
    verify: |ctx, op| {
        index_prop(ctx, op, "index")?;
        expect_value_type(ctx, op, ctx.result(op, 0), "result")
    },
}

// ---- memory ------------------------------------------------------------------------------------

op! {
    /// `T.load offset= align=` from linear memory at an `i32` address (extending when `memtype` is narrower).
    LoadOp = "wasm.load",
    operands: [addr: One],
    results: [result: One],
    properties: [memtype: Required, offset: Required, align: Required, signed: Optional],
    verify: |ctx, op| verify_memory(ctx, op, ctx.result(op, 0)),
    effects: |_, _| vec![Effect { kind: EffectKind::Read, on: None }],
}

op! {
    /// `T.store offset= align=` to linear memory at an `i32` address (wrapping when `memtype` is narrower).
    StoreOp = "wasm.store",
    operands: [addr: One, value: One],
    properties: [memtype: Required, offset: Required, align: Required],
    verify: |ctx, op| verify_memory(ctx, op, ctx.operand(op, 1)),
    effects: |_, _| vec![Effect { kind: EffectKind::Write, on: None }],
}

// ---- numbers ------------------------------------------------------------------------------------

op! {
    /// `T.const`: `value` is an integer or float attribute, or `dense<...>` for `v128.const`.
    ConstOp = "wasm.const",
    results: [result: One],
    properties: [value: Required],
    traits: [PURE, CONSTANT_LIKE],
    verify: |ctx, op| {
        let ty = ctx.value_type(ctx.result(op, 0));
        expect_value_type(ctx, op, ctx.result(op, 0), "result")?;
        let value = ctx.prop(op, "value").expect("required");
        if ctx.attr_value_type(value) != Some(ty) {
            return Err(ctx.op_error(op, format!("value {} does not have the result type '{}'", ctx.attr_to_string(value), ctx.type_to_string(ty))));
        }
        Ok(())
    },
}

op! {
    /// A unary numeric instruction named by `opcode` (`"i32.clz"`, `"i64.eqz"`, `"f32.sqrt"`, `"f32x4.neg"`, `"v128.not"`).
    UnaryOp = "wasm.unary",
    operands: [operand: One],
    results: [result: One],
    properties: [opcode: Required],
    traits: [PURE],
    verify: verify_unary,
}

op! {
    /// A binary numeric instruction named by `opcode` (`"i32.add"`, `"f64.div"`, `"i32x4.mul"`, `"v128.and"`).
    BinaryOp = "wasm.binary",
    operands: [lhs: One, rhs: One],
    results: [result: One],
    properties: [opcode: Required],
    traits: [NO_MEMORY_EFFECT, SAME_OPERANDS_AND_RESULT_TYPE],
    verify: verify_binary,
}

op! {
    /// A comparison named by `opcode`: scalars give an `i32` 0/1, vectors an integer lane mask (`"i32.lt_s"`, `"f32x4.lt"`).
    CompareOp = "wasm.compare",
    operands: [lhs: One, rhs: One],
    results: [result: One],
    properties: [opcode: Required],
    traits: [PURE, SAME_TYPE_OPERANDS],
    verify: verify_compare,
}

op! {
    /// A conversion named by `opcode`, `RESULT.NAME_OPERAND[_s|_u]` (`"i32.wrap_i64"`, `"f32.convert_i32_s"`, `"i32x4.trunc_sat_f32x4_s"`).
    ConvertOp = "wasm.convert",
    operands: [operand: One],
    results: [result: One],
    properties: [opcode: Required],
    traits: [NO_MEMORY_EFFECT],
    verify: verify_convert,
}

op! {
    /// `i8x16/i16x8/i32x4/i64x2/f32x4/f64x2.splat`: the result shape picks the instruction (`i8`/`i16` lanes take an `i32`).
    V128SplatOp = "wasm.v128_splat",
    operands: [value: One],
    results: [result: One],
    traits: [PURE],
    verify: verify_splat,
}

op! {
    /// `a * b + c` on `f32x4`, as relaxed SIMD's `f32x4.relaxed_madd`.
    ///
    /// Relaxed SIMD lets the engine round once (fused) or twice (multiply, then
    /// add); which one is fixed per engine but not by the program, so results may
    /// differ in the last bit between engines. Without relaxed SIMD the target
    /// emits `f32x4.mul` + `f32x4.add`.
    F32x4FmaOp = "wasm.f32x4_fma",
    operands: [a: One, b: One, c: One],
    results: [result: One],
    traits: [PURE, SAME_OPERANDS_AND_RESULT_TYPE],
    verify: |ctx, op| {
        let want = ctx.vector_type(&[4], ctx.f32());
        expect_type(ctx, op, ctx.result(op, 0), want, "result")
    },
}

op! {
    /// `atomic.fence`: orders memory accesses around it (the threads proposal).
    AtomicFenceOp = "wasm.atomic_fence",
    effects: |_, _| vec![Effect { kind: EffectKind::Read, on: None }, Effect { kind: EffectKind::Write, on: None }],
}

op! {
    /// `select`: `a` when `condition` (an `i32`) is nonzero, else `b`.
    SelectOp = "wasm.select",
    operands: [a: One, b: One, condition: One],
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| {
        expect_type(ctx, op, ctx.operand(op, 2), ctx.i32(), "condition")?;
        let ty = ctx.value_type(ctx.operand(op, 0));
        expect_type(ctx, op, ctx.operand(op, 1), ty, "b")?;
        expect_type(ctx, op, ctx.result(op, 0), ty, "result")
    },
}

op! {
    /// `v128.bitselect`: the bits of `a` where `mask` is set, else those of `b`.
    BitselectOp = "wasm.bitselect",
    operands: [a: One, b: One, mask: One],
    results: [result: One],
    traits: [PURE],
    verify: |ctx, op| {
        for v in [ctx.operand(op, 0), ctx.operand(op, 1), ctx.operand(op, 2), ctx.result(op, 0)] {
            expect_shape(ctx, op, "v128", v, "operand")?;
        }
        Ok(())
    },
}

op! {
    /// `SHAPE.extract_lane[_s|_u] lane`: one lane of a vector as a scalar.
    ExtractLaneOp = "wasm.extract_lane",
    operands: [vector: One],
    results: [result: One],
    properties: [opcode: Required, lane: Required],
    traits: [PURE],
    verify: |ctx, op| verify_lane(ctx, op, "extract_lane", ctx.operand(op, 0), ctx.result(op, 0)),
}

op! {
    /// `SHAPE.replace_lane lane`: `vector` with one lane replaced by `value`.
    ReplaceLaneOp = "wasm.replace_lane",
    operands: [vector: One, value: One],
    results: [result: One],
    properties: [opcode: Required, lane: Required],
    traits: [PURE],
    verify: |ctx, op| verify_lane(ctx, op, "replace_lane", ctx.operand(op, 0), ctx.operand(op, 1)),
}

op! {
    /// `T.atomic.rmw.OP offset` (`"i32.atomic.rmw.add"`): the old value.
    AtomicRmwOp = "wasm.atomic_rmw",
    operands: [addr: One, value: One],
    results: [result: One],
    properties: [opcode: Required, offset: Required],
    verify: |ctx, op| verify_atomic(ctx, op, &["add", "sub", "and", "or", "xor", "xchg"]),
    effects: |_, _| vec![Effect { kind: EffectKind::Read, on: None }, Effect { kind: EffectKind::Write, on: None }],
}

op! {
    /// `T.atomic.rmw.cmpxchg offset`: stores `replacement` if memory holds
    /// `expected`; the old value.
    AtomicCmpxchgOp = "wasm.atomic_cmpxchg",
    operands: [addr: One, expected: One, replacement: One],
    results: [result: One],
    properties: [opcode: Required, offset: Required],
    verify: |ctx, op| verify_atomic(ctx, op, &["cmpxchg"]),
    effects: |_, _| vec![Effect { kind: EffectKind::Read, on: None }, Effect { kind: EffectKind::Write, on: None }],
}

// ---- types --------------------------------------------------------------------------------------

/// The lane count and lane type of a 128-bit builtin vector (Wasm's `v128`).
pub fn v128_shape(ctx: &Context, ty: Type) -> Option<(i64, Type)> {
    let TypeData::Vector {
        shape,
        scalable,
        element,
    } = ctx.type_data(ty)
    else {
        return None;
    };
    if shape.len() != 1 || scalable[0] {
        return None;
    }
    let bits = match (ctx.int_width(*element), ctx.float_kind(*element)) {
        (Some(w @ (8 | 16 | 32 | 64)), _) => w,
        (_, Some(cuwasm::FloatKind::F32)) => 32,
        (_, Some(cuwasm::FloatKind::F64)) => 64,
        _ => return None,
    };
    (shape[0] * bits as i64 == 128).then_some((shape[0], *element))
}

/// `i32`, `i64`, `f32`, `f64` or a `v128` vector.
pub fn is_value_type(ctx: &Context, ty: Type) -> bool {
    matches!(ctx.int_width(ty), Some(32 | 64))
        || ctx.f32() == ty
        || ctx.f64() == ty
        || v128_shape(ctx, ty).is_some()
}

/// Size in bytes of a value or memory type (`i8`, `i16` included).
fn byte_size(ctx: &Context, ty: Type) -> Option<i128> {
    if v128_shape(ctx, ty).is_some() {
        return Some(16);
    }
    match (ctx.int_width(ty), ctx.float_kind(ty)) {
        (Some(w @ (8 | 16 | 32 | 64)), _) => Some(w as i128 / 8),
        (_, Some(k @ (cuwasm::FloatKind::F32 | cuwasm::FloatKind::F64))) => {
            Some(k.width() as i128 / 8)
        }
        _ => None,
    }
}

/// Does `ty` fit the shape prefix of an instruction name (`i32`, `f64`, `i32x4`, `v128`, ...)?
fn shape_matches(ctx: &Context, shape: &str, ty: Type) -> bool {
    let vec = |n: i64, e: Type| v128_shape(ctx, ty) == Some((n, e));
    match shape {
        "i32" => ty == ctx.i32(),
        "i64" => ty == ctx.i64(),
        "f32" => ty == ctx.f32(),
        "f64" => ty == ctx.f64(),
        "v128" => v128_shape(ctx, ty).is_some(),
        "i8x16" => vec(16, ctx.integer_type(8)),
        "i16x8" => vec(8, ctx.integer_type(16)),
        "i32x4" => vec(4, ctx.i32()),
        "i64x2" => vec(2, ctx.i64()),
        "f32x4" => vec(4, ctx.f32()),
        "f64x2" => vec(2, ctx.f64()),
        _ => false,
    }
}

/// The instruction classes a shape prefix belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Int,
    Float,
    VecInt,
    VecFloat,
    V128,
}

fn class(shape: &str) -> Option<Class> {
    Some(match shape {
        "i32" | "i64" => Class::Int,
        "f32" | "f64" => Class::Float,
        "i8x16" | "i16x8" | "i32x4" | "i64x2" => Class::VecInt,
        "f32x4" | "f64x2" => Class::VecFloat,
        "v128" => Class::V128,
        _ => return None,
    })
}

const INT_UNARY: &[&str] = &[
    "clz",
    "ctz",
    "popcnt",
    "eqz",
    "extend8_s",
    "extend16_s",
    "extend32_s",
];
/// Vector tests: a `v128` to an `i32`.
const VEC_TEST: &[&str] = &["any_true", "all_true", "bitmask"];
const FLOAT_UNARY: &[&str] = &["abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"];
const INT_BINARY: &[&str] = &[
    "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s",
    "shr_u", "rotl", "rotr",
];
const FLOAT_BINARY: &[&str] = &["add", "sub", "mul", "div", "min", "max", "copysign"];
const VEC_INT_BINARY: &[&str] = &["add", "sub", "mul", "min_s", "min_u", "max_s", "max_u"];
const VEC_FLOAT_BINARY: &[&str] = &["add", "sub", "mul", "div", "min", "max", "pmin", "pmax"];
const INT_COMPARE: &[&str] = &[
    "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
];
const FLOAT_COMPARE: &[&str] = &["eq", "ne", "lt", "gt", "le", "ge"];

/// `(shape, name)` of the `opcode` property, if it is `"shape.name"` with a known shape.
fn opcode(ctx: &Context, op: OpId) -> Result<(&str, &str, Class), Diagnostic> {
    let a = ctx.prop(op, "opcode").expect("required");
    let parsed = ctx
        .attr_str(a)
        .and_then(|s| s.split_once('.'))
        .and_then(|(s, n)| Some((s, n, class(s)?)));
    parsed.ok_or_else(|| {
        ctx.op_error(
            op,
            format!(
                "property 'opcode' must be a Wasm instruction name such as \"i32.add\", but got {}",
                ctx.attr_to_string(a)
            ),
        )
    })
}

fn unknown_opcode(ctx: &Context, op: OpId, shape: &str, name: &str) -> Diagnostic {
    ctx.op_error(
        op,
        format!(
            "'{shape}.{name}' is not a Wasm {} instruction",
            &ctx.op_name_text(op)[5..]
        ),
    )
}

fn expect_shape(
    ctx: &Context,
    op: OpId,
    shape: &str,
    v: ValueId,
    what: &str,
) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(v);
    if shape_matches(ctx, shape, ty) {
        Ok(())
    } else {
        Err(ctx.op_error(
            op,
            format!(
                "{what} of '{shape}' instruction cannot be '{}'",
                ctx.type_to_string(ty)
            ),
        ))
    }
}

fn verify_unary(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let (shape, name, class) = opcode(ctx, op)?;
    let ok = match class {
        Class::Int => INT_UNARY.contains(&name) && !(shape == "i32" && name == "extend32_s"),
        Class::Float | Class::VecFloat => FLOAT_UNARY.contains(&name),
        Class::VecInt => {
            name == "abs"
                || name == "neg"
                || (shape == "i8x16" && name == "popcnt")
                || (name != "any_true" && VEC_TEST.contains(&name))
        }
        Class::V128 => name == "not" || name == "any_true",
    };
    if !ok {
        return Err(unknown_opcode(ctx, op, shape, name));
    }
    expect_shape(ctx, op, shape, ctx.operand(op, 0), "operand")?;
    if name == "eqz" || VEC_TEST.contains(&name) {
        return expect_type(ctx, op, ctx.result(op, 0), ctx.i32(), "result");
    }
    expect_type(
        ctx,
        op,
        ctx.result(op, 0),
        ctx.value_type(ctx.operand(op, 0)),
        "result",
    )
}

fn verify_binary(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let (shape, name, class) = opcode(ctx, op)?;
    let ok = match class {
        Class::Int => INT_BINARY.contains(&name),
        Class::Float => FLOAT_BINARY.contains(&name),
        Class::VecInt => {
            VEC_INT_BINARY.contains(&name)
                && !(shape == "i8x16" && name == "mul")
                && !(shape == "i64x2" && name.starts_with("m") && name != "mul")
        }
        Class::VecFloat => VEC_FLOAT_BINARY.contains(&name),
        Class::V128 => ["and", "or", "xor", "andnot"].contains(&name),
    };
    if !ok {
        return Err(unknown_opcode(ctx, op, shape, name));
    }
    expect_shape(ctx, op, shape, ctx.operand(op, 0), "operand")
}

fn verify_compare(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let (shape, name, class) = opcode(ctx, op)?;
    let ok = match class {
        Class::Int => INT_COMPARE.contains(&name),
        Class::VecInt => INT_COMPARE.contains(&name) && !(shape == "i64x2" && name.ends_with("_u")),
        Class::Float | Class::VecFloat => FLOAT_COMPARE.contains(&name),
        Class::V128 => false,
    };
    if !ok {
        return Err(unknown_opcode(ctx, op, shape, name));
    }
    let operand = ctx.operand(op, 0);
    expect_shape(ctx, op, shape, operand, "operand")?;
    let want = match v128_shape(ctx, ctx.value_type(operand)) {
        Some((n, _)) => ctx.vector_type(&[n], ctx.integer_type((128 / n) as u32)),
        None => ctx.i32(),
    };
    expect_type(ctx, op, ctx.result(op, 0), want, "result")
}

fn verify_convert(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let (shape, name, _) = opcode(ctx, op)?;
    // NAME_SOURCE with an optional _s/_u.
    let (base, signed) = match name.strip_suffix("_s").or_else(|| name.strip_suffix("_u")) {
        Some(b) => (b, true),
        None => (name, false),
    };
    let Some((kind, source)) = base.rsplit_once('_') else {
        return Err(unknown_opcode(ctx, op, shape, name));
    };
    let ok = match (kind, shape, source) {
        ("wrap", "i32", "i64") | ("demote", "f32", "f64") | ("promote", "f64", "f32") => !signed,
        ("reinterpret", "i32", "f32")
        | ("reinterpret", "i64", "f64")
        | ("reinterpret", "f32", "i32")
        | ("reinterpret", "f64", "i64") => !signed,
        ("extend", "i64", "i32") => signed,
        ("trunc" | "trunc_sat", "i32" | "i64", "f32" | "f64") => signed,
        ("trunc_sat", "i32x4", "f32x4") => signed,
        ("convert", "f32" | "f64", "i32" | "i64") | ("convert", "f32x4", "i32x4") => signed,
        _ => false,
    };
    if !ok {
        return Err(unknown_opcode(ctx, op, shape, name));
    }
    expect_shape(ctx, op, source, ctx.operand(op, 0), "operand")?;
    expect_shape(ctx, op, shape, ctx.result(op, 0), "result")
}

fn verify_splat(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let rt = ctx.value_type(ctx.result(op, 0));
    let Some((_, elem)) = v128_shape(ctx, rt) else {
        return Err(ctx.op_error(
            op,
            format!(
                "result must be a 128-bit vector, but got '{}'",
                ctx.type_to_string(rt)
            ),
        ));
    };
    let want = if matches!(ctx.int_width(elem), Some(8 | 16)) {
        ctx.i32()
    } else {
        elem
    };
    expect_type(ctx, op, ctx.operand(op, 0), want, "value")
}

// ---- verifiers ----------------------------------------------------------------------------------

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
                ctx.type_to_string(want),
                ctx.type_to_string(ty)
            ),
        ))
    }
}

fn expect_types(
    ctx: &Context,
    op: OpId,
    got: &[Type],
    want: &[Type],
    what: &str,
) -> Result<(), Diagnostic> {
    if got == want {
        return Ok(());
    }
    let list = |ts: &[Type]| {
        ts.iter()
            .map(|t| ctx.type_to_string(*t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(ctx.op_error(
        op,
        format!(
            "{what} ({}) must match the label's types ({})",
            list(got),
            list(want)
        ),
    ))
}

fn expect_value_type(ctx: &Context, op: OpId, v: ValueId, what: &str) -> Result<(), Diagnostic> {
    let ty = ctx.value_type(v);
    if is_value_type(ctx, ty) {
        Ok(())
    } else {
        Err(ctx.op_error(op, format!("{what} must be a Wasm value type (i32, i64, f32, f64, 128-bit vector), but got '{}'", ctx.type_to_string(ty))))
    }
}

/// A non-negative integer property below 2^32.
fn index_prop(ctx: &Context, op: OpId, name: &str) -> Result<u32, Diagnostic> {
    let v = ctx
        .prop(op, name)
        .and_then(|a| ctx.attr_int(a))
        .and_then(|v| u32::try_from(v).ok());
    v.ok_or_else(|| {
        ctx.op_error(
            op,
            format!("property '{name}' must be an integer in [0, 2^32)"),
        )
    })
}

/// `(inputs, results)` of a `wasm.func`.
/// The type of memory addresses at `op`: `i64` inside a `wasm.module` with
/// `memory64`, else `i32`.
pub fn address_type(ctx: &Context, op: OpId) -> Type {
    let mut cur = ctx.parent_op(op);
    while let Some(p) = cur {
        if ctx.is_op(p, "wasm.module") {
            return match ctx.prop(p, "memory64") {
                Some(_) => ctx.i64(),
                None => ctx.i32(),
            };
        }
        cur = ctx.parent_op(p);
    }
    ctx.i32()
}

pub fn signature(ctx: &Context, func: OpId) -> (Vec<Type>, Vec<Type>) {
    let ty = ctx
        .prop(func, "function_type")
        .and_then(|a| ctx.attr_type(a));
    match ty.map(|t| ctx.type_data(t)) {
        Some(TypeData::Function { inputs, results }) => (inputs.clone(), results.clone()),
        _ => (Vec::new(), Vec::new()),
    }
}

/// The types of all locals of a `wasm.func`: parameters, then declared locals.
pub fn local_types(ctx: &Context, func: OpId) -> Vec<Type> {
    let mut types = signature(ctx, func).0;
    if let Some(AttrData::Array(items)) = ctx.prop(func, "locals").map(|a| ctx.attr_data(a)) {
        types.extend(items.iter().filter_map(|a| ctx.attr_type(*a)));
    }
    types
}

fn enclosing_func(ctx: &Context, op: OpId) -> Result<OpId, Diagnostic> {
    let mut cur = ctx.parent_op(op);
    while let Some(p) = cur {
        if ctx.is_op(p, "wasm.func") {
            return Ok(p);
        }
        cur = ctx.parent_op(p);
    }
    Err(ctx.op_error(op, "must be inside a 'wasm.func'"))
}

fn local_type(ctx: &Context, op: OpId) -> Result<Type, Diagnostic> {
    let index = index_prop(ctx, op, "index")?;
    let locals = local_types(ctx, enclosing_func(ctx, op)?);
    locals.get(index as usize).copied().ok_or_else(|| {
        ctx.op_error(
            op,
            format!(
                "local index {index} out of range: the function has {} locals",
                locals.len()
            ),
        )
    })
}

fn verify_func(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let ty = ctx.prop(op, "function_type").and_then(|a| ctx.attr_type(a));
    let Some(TypeData::Function { inputs, results }) = ty.map(|t| ctx.type_data(t)) else {
        return Err(ctx.op_error(
            op,
            "requires a 'function_type' type attribute of function type",
        ));
    };
    if let Some(bad) = inputs
        .iter()
        .chain(results)
        .find(|t| !is_value_type(ctx, **t))
    {
        return Err(ctx.op_error(
            op,
            format!("'{}' is not a Wasm value type", ctx.type_to_string(*bad)),
        ));
    }
    if let Some(locals) = ctx.prop(op, "locals") {
        let ok = match ctx.attr_data(locals) {
            AttrData::Array(items) => items
                .iter()
                .all(|a| ctx.attr_type(*a).is_some_and(|t| is_value_type(ctx, t))),
            _ => false,
        };
        if !ok {
            return Err(ctx.op_error(op, "property 'locals' must be an array of Wasm value types"));
        }
    }
    if ctx
        .prop(op, "export_name")
        .is_some_and(|a| ctx.attr_str(a).is_none())
    {
        return Err(ctx.op_error(op, "property 'export_name' must be a string"));
    }
    verify_no_block_args(ctx, op)
}

fn verify_no_block_args(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    for &r in ctx.regions(op) {
        if ctx
            .entry_block(r)
            .is_some_and(|b| !ctx.block_args(b).is_empty())
        {
            return Err(ctx.op_error(
                op,
                "regions must have no block arguments (parameters are locals)",
            ));
        }
    }
    Ok(())
}

fn verify_structured(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    for v in ctx.results(op) {
        expect_value_type(ctx, op, v, "result")?;
    }
    if ctx.region_is_empty(ctx.region(op, 0)) {
        return Err(ctx.op_error(op, "body must not be empty"));
    }
    verify_no_block_args(ctx, op)
}

fn verify_if(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_type(ctx, op, ctx.operand(op, 0), ctx.i32(), "condition")?;
    if ctx.region_is_empty(ctx.region(op, 1)) && ctx.num_results(op) > 0 {
        return Err(ctx.op_error(op, "must have an else region when it has results"));
    }
    verify_structured(ctx, op)
}

/// The types a branch to the label `depth` levels out of `op` carries.
pub fn label_types(ctx: &Context, op: OpId, depth: u32) -> Option<Vec<Type>> {
    let mut depth = depth;
    let mut cur = ctx.parent_op(op);
    while let Some(p) = cur {
        let types = match ctx.op_name_text(p) {
            "wasm.block" | "wasm.if" => Some(ctx.result_types(p)),
            "wasm.loop" => Some(Vec::new()),
            "wasm.func" => Some(signature(ctx, p).1),
            _ => None,
        };
        if let Some(types) = types {
            if depth == 0 {
                return Some(types);
            }
            if ctx.is_op(p, "wasm.func") {
                return None;
            }
            depth -= 1;
        }
        cur = ctx.parent_op(p);
    }
    None
}

fn verify_branch(ctx: &Context, op: OpId, values: &[ValueId]) -> Result<(), Diagnostic> {
    let depth = index_prop(ctx, op, "depth")?;
    let Some(types) = label_types(ctx, op, depth) else {
        return Err(ctx.op_error(op, format!("branch depth {depth} is out of range")));
    };
    let got: Vec<Type> = values.iter().map(|v| ctx.value_type(*v)).collect();
    expect_types(ctx, op, &got, &types, "branch values")
}

fn verify_br_table(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    expect_type(ctx, op, ctx.operand(op, 0), ctx.i32(), "index")?;
    let values = &ctx.operands(op)[1..];
    let got: Vec<Type> = values.iter().map(|v| ctx.value_type(*v)).collect();
    let depths = match ctx.prop(op, "depths").map(|a| ctx.attr_data(a)) {
        Some(AttrData::DenseArray { values, .. }) => values.clone(),
        _ => return Err(ctx.op_error(op, "property 'depths' must be an array<i32: ...>")),
    };
    let default = index_prop(ctx, op, "default")?;
    for depth in depths.iter().map(|&d| d as u32).chain([default]) {
        let Some(types) = label_types(ctx, op, depth) else {
            return Err(ctx.op_error(op, format!("branch depth {depth} is out of range")));
        };
        expect_types(ctx, op, &got, &types, "branch values")?;
    }
    Ok(())
}

fn verify_end(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let parent = ctx.parent_op(op).filter(|p| {
        ["wasm.block", "wasm.loop", "wasm.if", "wasm.func"].contains(&ctx.op_name_text(*p))
    });
    let Some(parent) = parent else {
        return Err(ctx.op_error(
            op,
            "expects parent op 'wasm.block', 'wasm.loop', 'wasm.if' or 'wasm.func'",
        ));
    };
    let want = if ctx.is_op(parent, "wasm.func") {
        signature(ctx, parent).1
    } else {
        ctx.result_types(parent)
    };
    expect_types(ctx, op, &ctx.operand_types(op), &want, "end values")
}

/// `memtype`, `offset`, `align` (and `signed`) against the loaded or stored `value`.
fn verify_memory(ctx: &Context, op: OpId, value: ValueId) -> Result<(), Diagnostic> {
    expect_type(
        ctx,
        op,
        ctx.operand(op, 0),
        address_type(ctx, op),
        "address",
    )?;
    let mem = ctx.prop(op, "memtype").and_then(|a| ctx.attr_type(a));
    let Some((mem, size)) = mem.and_then(|t| Some((t, byte_size(ctx, t)?))) else {
        return Err(ctx.op_error(
            op,
            "property 'memtype' must be i8, i16, i32, i64, f32, f64 or a 128-bit vector type",
        ));
    };
    let ty = ctx.value_type(value);
    let narrow = match (ctx.int_width(mem), ctx.int_width(ty)) {
        (Some(m), Some(v)) => m < v && matches!(v, 32 | 64),
        _ => false,
    };
    if !narrow && mem != ty {
        return Err(ctx.op_error(
            op,
            format!(
                "memtype '{}' does not fit the value type '{}'",
                ctx.type_to_string(mem),
                ctx.type_to_string(ty)
            ),
        ));
    }
    if !narrow && ctx.prop(op, "signed").is_some() {
        return Err(ctx.op_error(op, "'signed' applies only to extending loads"));
    }
    let offset = ctx.prop(op, "offset").and_then(|a| ctx.attr_int(a));
    if !offset.is_some_and(|o| (0..1i128 << 32).contains(&o)) {
        return Err(ctx.op_error(op, "property 'offset' must be an integer in [0, 2^32)"));
    }
    let align = ctx.prop(op, "align").and_then(|a| ctx.attr_int(a));
    if !align.is_some_and(|a| a > 0 && a & (a - 1) == 0 && a <= size) {
        return Err(ctx.op_error(
            op,
            format!("property 'align' must be a power of two of at most {size} bytes"),
        ));
    }
    Ok(())
}

fn verify_call(ctx: &Context, op: OpId) -> Result<(), Diagnostic> {
    let callee = ctx.prop(op, "callee").expect("required");
    if ctx.enclosing_symbol_table(op).is_none() {
        return Ok(());
    }
    let target = ctx
        .lookup_symbol_from(op, callee)
        .filter(|t| ctx.is_op(*t, "wasm.func") || ctx.is_op(*t, "wasm.import_func"));
    let Some(target) = target else {
        return Err(ctx.op_error(
            op,
            format!(
                "'{}' does not reference a Wasm function",
                ctx.attr_to_string(callee)
            ),
        ));
    };
    let (inputs, results) = signature(ctx, target);
    expect_types(ctx, op, &ctx.operand_types(op), &inputs, "arguments")?;
    expect_types(ctx, op, &ctx.result_types(op), &results, "results")
}

/// `extract_lane`/`replace_lane`: `vector` has the opcode's shape and `lane`
/// is one of its lanes; `scalar` is the lane's value type (`i32` for 8- and
/// 16-bit lanes, which take `_s`/`_u` when extracted).
fn verify_lane(
    ctx: &Context,
    op: OpId,
    kind: &str,
    vector: ValueId,
    scalar: ValueId,
) -> Result<(), Diagnostic> {
    let (shape, name, _) = opcode(ctx, op)?;
    let narrow = matches!(shape, "i8x16" | "i16x8");
    let ok = match (kind, narrow) {
        ("extract_lane", true) => name == "extract_lane_s" || name == "extract_lane_u",
        _ => name == kind,
    };
    let lanes = v128_shape(ctx, ctx.value_type(vector)).map_or(0, |(n, _)| n);
    if !ok || lanes == 0 {
        return Err(unknown_opcode(ctx, op, shape, name));
    }
    expect_shape(ctx, op, shape, vector, "vector")?;
    let lane = index_prop(ctx, op, "lane")? as i64;
    if lane >= lanes {
        return Err(ctx.op_error(op, format!("lane {lane} is out of range for '{shape}'")));
    }
    let elem = ctx.element_type(ctx.value_type(vector));
    let want = if narrow { ctx.i32() } else { elem };
    expect_type(ctx, op, scalar, want, "lane value")
}

/// `i32.atomic.rmw.OP` / `i64.atomic.rmw.OP` with `OP` in `ops`, on an `i32`
/// address, every value of the opcode's type.
fn verify_atomic(ctx: &Context, op: OpId, ops: &[&str]) -> Result<(), Diagnostic> {
    let text = ctx
        .prop(op, "opcode")
        .and_then(|a| ctx.attr_str(a))
        .unwrap_or("");
    let parsed = text
        .split_once(".atomic.rmw.")
        .filter(|(t, o)| matches!(*t, "i32" | "i64") && ops.contains(o));
    let Some((ty, _)) = parsed else {
        return Err(ctx.op_error(
            op,
            format!(
                "'{text}' is not a Wasm {} instruction",
                &ctx.op_name_text(op)[5..]
            ),
        ));
    };
    expect_type(
        ctx,
        op,
        ctx.operand(op, 0),
        address_type(ctx, op),
        "address",
    )?;
    for v in ctx.operands(op)[1..].iter().copied().chain(ctx.results(op)) {
        expect_shape(ctx, op, ty, v, "value")?;
    }
    index_prop(ctx, op, "offset").map(|_| ())
}

// ---- builders ---------------------------------------------------------------------------------------

/// `i32.const value`.
pub fn const_i32(b: &mut Builder<'_>, value: i32) -> ValueId {
    let ty = b.i32();
    let v = b.int_attr(ty, value as i128);
    const_attr(b, v, ty)
}

/// `f32.const value`.
pub fn const_f32(b: &mut Builder<'_>, value: f32) -> ValueId {
    let ty = b.f32();
    let v = b.float_attr(ty, value as f64);
    const_attr(b, v, ty)
}

fn const_attr(b: &mut Builder<'_>, value: Attr, ty: Type) -> ValueId {
    let op = ConstOp::build(b, &[], &[ty], &[("value", value)]);
    b.result(op.0, 0)
}

/// `local.get index` of a local of type `ty`.
pub fn local_get(b: &mut Builder<'_>, index: u32, ty: Type) -> ValueId {
    let i = b.int_attr(b.i32(), index as i128);
    let op = LocalGetOp::build(b, &[], &[ty], &[("index", i)]);
    b.result(op.0, 0)
}

/// `local.set index`.
pub fn local_set(b: &mut Builder<'_>, index: u32, value: ValueId) -> OpId {
    let i = b.int_attr(b.i32(), index as i128);
    LocalSetOp::build(b, &[value], &[], &[("index", i)]).0
}

/// A `wasm.binary` such as `binary(b, "i32.add", x, y)`.
pub fn binary(b: &mut Builder<'_>, opcode: &str, lhs: ValueId, rhs: ValueId) -> ValueId {
    let ty = b.value_type(lhs);
    let o = b.string_attr(opcode);
    let op = BinaryOp::build(b, &[lhs, rhs], &[ty], &[("opcode", o)]);
    b.result(op.0, 0)
}

/// A full-width `wasm.load` of a `ty` at `addr + offset`, naturally aligned.
pub fn load(b: &mut Builder<'_>, ty: Type, addr: ValueId, offset: u32) -> ValueId {
    let size = byte_size(b, ty).unwrap_or(1);
    let (m, o, a) = (
        b.type_attr(ty),
        b.int_attr(b.i64(), offset as i128),
        b.int_attr(b.i32(), size),
    );
    let op = LoadOp::build(
        b,
        &[addr],
        &[ty],
        &[("align", a), ("memtype", m), ("offset", o)],
    );
    b.result(op.0, 0)
}

/// A full-width, naturally aligned `wasm.store` of `value` at `addr + offset`.
pub fn store(b: &mut Builder<'_>, addr: ValueId, value: ValueId, offset: u32) -> OpId {
    let ty = b.value_type(value);
    let size = byte_size(b, ty).unwrap_or(1);
    let (m, o, a) = (
        b.type_attr(ty),
        b.int_attr(b.i64(), offset as i128),
        b.int_attr(b.i32(), size),
    );
    StoreOp::build(
        b,
        &[addr, value],
        &[],
        &[("align", a), ("memtype", m), ("offset", o)],
    )
    .0
}

pub fn register(ctx: &mut Context) {
    ctx.register_dialect(DialectInfo {
        name: "wasm",
        summary: "The WebAssembly level: structured control, locals, linear memory, numeric and v128 instructions",
        materialize_constant: None,
        allow_unknown_ops: false,
    });
    ctx.register::<ModuleOp>();
    ctx.register::<ImportFuncOp>();
    ctx.register::<DataOp>();
    ctx.register::<ExportI32Op>();
    ctx.register::<CallOp>();
    ctx.register::<UnreachableOp>();
    ctx.register::<SelectOp>();
    ctx.register::<AtomicFenceOp>();
    ctx.register::<BitselectOp>();
    ctx.register::<ExtractLaneOp>();
    ctx.register::<ReplaceLaneOp>();
    ctx.register::<AtomicRmwOp>();
    ctx.register::<AtomicCmpxchgOp>();
    ctx.register::<FuncOp>();
    ctx.register::<BlockOp>();
    ctx.register::<LoopOp>();
    ctx.register::<IfOp>();
    ctx.register::<EndOp>();
    ctx.register::<BrOp>();
    ctx.register::<BrIfOp>();
    ctx.register::<ReturnOp>();
    ctx.register::<BrTableOp>();
    ctx.register::<LocalGetOp>();
    ctx.register::<LocalSetOp>();
    ctx.register::<GlobalGetOp>();
    ctx.register::<LoadOp>();
    ctx.register::<StoreOp>();
    ctx.register::<ConstOp>();
    ctx.register::<UnaryOp>();
    ctx.register::<BinaryOp>();
    ctx.register::<CompareOp>();
    ctx.register::<ConvertOp>();
    ctx.register::<V128SplatOp>();
    ctx.register::<F32x4FmaOp>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_make_verified_ops() {
        let mut ctx = Context::new();
        crate::register_all(&mut ctx);
        let src = "\"builtin.module\"() ({\n  \"wasm.func\"() <{function_type = (i32, f32) -> (), locals = [f32], sym_name = \"f\"}> ({\n    \"wasm.return\"() : () -> ()\n  }) : () -> ()\n}) : () -> ()\n";
        let module = cuwasm::parse_module(&mut ctx, "t.mlir", src)
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        let ret = ctx
            .walk_preorder(module)
            .into_iter()
            .find(|o| ctx.is_op(*o, "wasm.return"))
            .unwrap();
        let mut b = Builder::before(&mut ctx, ret);
        let (i32, f32) = (b.i32(), b.f32());
        let addr = local_get(&mut b, 0, i32);
        let four = const_i32(&mut b, 4);
        let addr = binary(&mut b, "i32.add", addr, four);
        let v = load(&mut b, f32, addr, 8);
        let half = const_f32(&mut b, 0.5);
        let v = binary(&mut b, "f32.mul", v, half);
        local_set(&mut b, 2, v);
        store(&mut b, addr, v, 8);
        ctx.verify(module)
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        let text = ctx.print_op(module, Default::default());
        assert!(text.contains(r#""wasm.load"(%2) <{align = 4 : i32, memtype = f32, offset = 8 : i64}> : (i32) -> f32"#), "{text}");
        assert_eq!(label_types(&ctx, ret, 0), Some(Vec::new()));
        assert_eq!(label_types(&ctx, ret, 1), None);
    }
}
