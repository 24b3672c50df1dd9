//! Lowering: the PTX syntax tree into cuwasm IR (cuda + arith + math + ptr + cf,
//! `gpu.func` kernels and `func.func` device functions in a `gpu.module`).
//!
//! * `mod.rs`: the module (variables, function signatures) and each function's
//!   frame (registers, scopes, labels, blocks, parameters).
//! * `emit.rs`: building ops; reading and writing operands with PTX's type rules.
//! * `inst.rs`: the instructions.
//!
//! See the crate documentation for the semantic decisions.

mod arith;
mod emit;
mod inst;
mod mods;
mod ssa;

use crate::ast::{self, Function, Init, Item, Module, Param, Perf, Space, Span, Stmt, Value};
use crate::lexer::LineIndex;
use cuwasm::{
    Attr, AttrData, BlockId, Context, DenseValues, Diagnostic, Location, LocationData, OpId,
    OperationState, RegionId, Type, TypeData, ValueId,
};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

pub(crate) type LResult<T> = Result<T, Diagnostic>;

/// Attributes and types made once per module.
pub(crate) struct Common {
    pub overflow_none: Attr,
    pub fastmath_none: Attr,
    pub fastmath_contract: Attr,
    pub false_: Attr,
    pub align_none: Attr,
    /// `[1]`, `[2]`, `[4]`, ... `[256]` for `alignment` of ptr.load/store.
    pub align: Vec<Attr>,
    pub ordering: Vec<Attr>,
    pub ptr_generic: Type,
    pub ptr_shared: Type,
    pub ptr_const: Type,
    pub ptr_local: Type,
    pub null: FxHashMap<Type, Attr>,
    /// The IR types the lowering uses most, made once (interning one is a
    /// hash lookup).
    pub i1: Type,
    pub i8: Type,
    pub i16: Type,
    pub i32: Type,
    pub i64: Type,
    pub f16: Type,
    pub bf16: Type,
    pub f32: Type,
    pub f64: Type,
    /// The properties of a plain `ptr.load` and `ptr.store`, as mlir-opt prints them.
    pub plain_load: Attr,
    pub plain_store: Attr,
    /// The dictionaries of an op given no properties, by default-property
    /// slot: none, `{overflowFlags = none}`, `{fastmath = none}`.
    pub default_dicts: [Option<Attr>; 3],
    /// `{operandSegmentSizes = array<i32: 1, 0, 0>}` of a `cf.cond_br`
    /// without block operands.
    pub cond_br_props: Attr,
    /// `arith.cmpi`/`cmpf` predicates 0 to 15 (`i64`).
    pub predicates: Vec<Attr>,
    /// `ptr.ptr_add`'s and `ptr.ptr_diff`'s `flags = 0`.
    pub add_flags: Attr,
    pub diff_flags: Attr,
    /// `#cuda<dim x>`, `y`, `z`.
    pub dims: [Attr; 3],
    /// The name of `arith.constant`'s property.
    pub value: cuwasm::Symbol,
}

impl Common {
    fn new(ctx: &mut Context) -> Common {
        let mut parse = |t: &str| cuwasm::parse_attribute(ctx, t).expect("well-formed attribute");
        let overflow_none = parse("#arith.overflow<none>");
        let fastmath_none = parse("#arith.fastmath<none>");
        let fastmath_contract = parse("#arith.fastmath<contract>");
        let align_none = parse("[]");
        let align = (0..9).map(|k| parse(&format!("[{}]", 1 << k))).collect();
        let plain_store = parse(
            "{alignment = [], invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}",
        );
        let default_dicts = [
            None,
            Some(parse("{overflowFlags = #arith.overflow<none>}")),
            Some(parse("{fastmath = #arith.fastmath<none>}")),
        ];
        let cond_br_props = parse("{operandSegmentSizes = array<i32: 1, 0, 0>}");
        let plain_load = parse(
            "{alignment = [], invariant = false, invariantGroup = false, nontemporal = false, ordering = 0 : i32, volatile_ = false}",
        );
        let spaces = [
            "#ptr.generic_space",
            "#llvm.address_space<3>",
            "#llvm.address_space<4>",
            "#llvm.address_space<5>",
        ];
        let mut null = FxHashMap::default();
        let mut ptrs = Vec::new();
        for s in spaces {
            let ty = ctx.dialect_type("ptr.ptr", Some(s));
            let a = cuwasm::parse_attribute(ctx, &format!("#ptr.null : !ptr.ptr<{s}>"))
                .expect("well-formed attribute");
            null.insert(ty, a);
            ptrs.push(ty);
        }
        let i32 = ctx.i32();
        use cuwasm::FloatKind;
        let i64 = ctx.i64();
        let i8 = ctx.integer_type(8);
        let dim = |d: &str| ctx.dialect_attr("cuda", Some(&format!("dim {d}")));
        let dims = [dim("x"), dim("y"), dim("z")];
        Common {
            value: ctx.symbol("value"),
            default_dicts,
            cond_br_props,
            predicates: (0..16).map(|k| ctx.int_attr(i64, k)).collect(),
            add_flags: ctx.int_attr(i32, 0),
            diff_flags: ctx.int_attr(i8, 0),
            dims,
            i1: ctx.i1(),
            i8: ctx.integer_type(8),
            i16: ctx.integer_type(16),
            i32,
            i64: ctx.i64(),
            f16: ctx.float_type(FloatKind::F16),
            bf16: ctx.float_type(FloatKind::BF16),
            f32: ctx.f32(),
            f64: ctx.f64(),
            plain_load,
            plain_store,
            overflow_none,
            fastmath_none,
            fastmath_contract,
            false_: ctx.bool_attr(false),
            align_none,
            align,
            ordering: (0..7).map(|k| ctx.int_attr(i32, k)).collect(),
            ptr_generic: ptrs[0],
            ptr_shared: ptrs[1],
            ptr_const: ptrs[2],
            ptr_local: ptrs[3],
            null,
        }
    }

    /// The pointer type of a state space: generic and global share
    /// `#ptr.generic_space` (global addresses are generic addresses), shared, const
    /// and local are LLVM's NVPTX address spaces 3, 4 and 5; param slots are generic.
    pub fn ptr(&self, space: Space) -> Type {
        match space {
            Space::Generic | Space::Global | Space::Param => self.ptr_generic,
            Space::Shared => self.ptr_shared,
            Space::Const => self.ptr_const,
            Space::Local => self.ptr_local,
        }
    }

    /// The integer type of width `w`, if it is one made once.
    pub fn int(&self, w: u32) -> Option<Type> {
        match w {
            1 => Some(self.i1),
            8 => Some(self.i8),
            16 => Some(self.i16),
            32 => Some(self.i32),
            64 => Some(self.i64),
            _ => None,
        }
    }

    /// [`ir_type`] without interning for the common types.
    pub fn ir(&self, ctx: &Context, t: ast::Type) -> Type {
        use ast::Type::*;
        match t {
            F16 => self.f16,
            BF16 => self.bf16,
            F32 => self.f32,
            F64 => self.f64,
            _ => self
                .int(t.bits())
                .unwrap_or_else(|| ctx.integer_type(t.bits())),
        }
    }

    pub fn align_attr(&self, bytes: u64) -> Attr {
        let k = bytes.max(1).trailing_zeros() as usize;
        self.align[k.min(self.align.len() - 1)]
    }
}

/// A module-scope name.
#[derive(Clone, Copy)]
pub(crate) enum Global<'a> {
    /// A `.global`/`.const` variable, a `cuda.global_var`.
    Var { space: Space },
    /// A static `.shared` variable: one `cuda.shared_alloc` per kernel using it.
    Shared(&'a ast::VarDecl<'a>),
    /// An `.extern .shared` array: the dynamic shared memory.
    DynShared,
    /// A function (`func.func` or, for `.entry`, `gpu.func`).
    Func(usize),
}

/// A function's signature as the lowering uses it.
pub(crate) struct FuncSig<'a> {
    pub op: OpId,
    pub entry: bool,
    pub params: Vec<Param<'a>>,
    pub rets: Vec<Param<'a>>,
}

/// A property dictionary's key: up to four properties given (by the address
/// of their name, and value) and the default-property slot added.
pub(crate) type DictKey = ([Option<(usize, Attr)>; 4], u8);
/// Property dictionaries by [`DictKey`].
pub(crate) type DictCache = FxHashMap<DictKey, Attr>;
/// A `cuda.alloca`'s element type, count and alignment.
pub(crate) type AllocaKey = (Type, u64, Option<u32>);

pub(crate) struct ModuleInfo<'a> {
    /// The file name, interned once for the locations.
    pub file_sym: cuwasm::Symbol,
    pub lines: &'a LineIndex,
    pub files: FxHashMap<u32, &'a str>,
    pub globals: FxHashMap<&'a str, Global<'a>>,
    pub funcs: Vec<FuncSig<'a>>,
    pub common: Common,
    /// Property dictionaries already interned, by the properties given to
    /// `build_op` and, per entry, the default property added (none, overflow
    /// flags, fastmath): most ops repeat a few dictionaries.
    pub dicts: RefCell<DictCache>,
    /// The properties of `cuda.alloca` by element type, count and alignment.
    pub alloca_props: RefCell<FxHashMap<AllocaKey, Attr>>,
    /// Op names, interned once per module, with their default-property slot
    /// (by the address of the name).
    pub op_names: RefCell<FxHashMap<usize, (cuwasm::OpName, u8)>>,
}

impl ModuleInfo<'_> {
    pub fn loc(&self, ctx: &Context, span: Span) -> Location {
        let (line, col) = self.lines.line_col(span.start);
        ctx.location(LocationData::FileLineCol {
            file: self.file_sym,
            line,
            col,
        })
    }

    pub fn error(&self, ctx: &Context, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.loc(ctx, span), message)
    }
}

/// The IR type a PTX type is kept in: predicates `i1`, integers and bit types
/// signless integers of their width, `.f16`/`.bf16`/`.f32`/`.f64` floats, packed
/// halves (`.f16x2`) their 32 bits.
pub(crate) fn ir_type(ctx: &Context, t: ast::Type) -> Type {
    use ast::Type::*;
    use cuwasm::FloatKind;
    match t {
        F16 => ctx.float_type(FloatKind::F16),
        BF16 => ctx.float_type(FloatKind::BF16),
        F32 => ctx.f32(),
        F64 => ctx.f64(),
        _ => ctx.integer_type(t.bits()),
    }
}

/// The type of a parameter: its scalar type; for an array, `vector<N x T>`
/// in a `.func`, and in an `.entry` a generic pointer to the caller's copy
/// (a kernel's aggregate passed by value, as the CUDA frontend passes structs:
/// docs/cpu-abi.md).
fn param_type(ctx: &Context, p: &Param, entry: bool) -> Type {
    let t = ir_type(ctx, p.ty);
    match p.array {
        Some(_) if entry => ctx.dialect_type("ptr.ptr", Some("#ptr.generic_space")),
        Some(n) => ctx.vector_type(&[n as i64], t),
        None => t,
    }
}

fn unit_loc(ctx: &Context, info_file: &str) -> Location {
    ctx.file_loc(info_file, 1, 1)
}

/// Lower a parsed module. The diagnostics are every error found (at most one per function).
pub(crate) fn lower_module(
    ctx: &mut Context,
    file: &str,
    src: &str,
    module: &Module,
) -> Result<OpId, Vec<Diagnostic>> {
    let common = Common::new(ctx);
    let mut info = ModuleInfo {
        file_sym: ctx.symbol(file),
        lines: &module.lines,
        files: module.files.iter().copied().collect(),
        globals: FxHashMap::default(),
        funcs: Vec::new(),
        common,
        // sized so as not to rehash: 28_math_api.ptx (80 KB) has 306
        // distinct property dictionaries (constants' values are most) and 60
        // op names
        dicts: RefCell::new(FxHashMap::with_capacity_and_hasher(
            src.len() / 200,
            Default::default(),
        )),
        alloca_props: RefCell::default(),
        op_names: RefCell::new(FxHashMap::with_capacity_and_hasher(128, Default::default())),
    };
    let loc = unit_loc(ctx, file);
    // builtin.module { gpu.module @name { ... } }
    let top = OperationState::new(ctx, "builtin.module", loc).regions(1);
    let top = ctx.create_op(top);
    let unit = ctx.unit_attr();
    ctx.set_attr(top, "gpu.container_module", Some(unit));
    let top_block = ctx.create_block(&[], loc);
    ctx.append_block(ctx.region(top, 0), top_block);
    let name = module_name(file);
    let name = ctx.string_attr(&name);
    let gm = OperationState::new(ctx, "gpu.module", loc)
        .regions(1)
        .property(ctx, "sym_name", name);
    let gm = ctx.create_op(gm);
    ctx.append_op(top_block, gm);
    let body = ctx.create_block(&[], loc);
    ctx.append_block(ctx.region(gm, 0), body);

    let mut errors = Vec::new();
    // Variables first, then every function's op (so calls may name functions defined later).
    let mut defs: FxHashMap<&str, usize> = FxHashMap::default();
    let mut order: Vec<&Function> = Vec::new();
    for item in &module.items {
        match item {
            Item::Var(v) => {
                if let Err(e) = declare_var(ctx, &mut info, body, v) {
                    errors.push(e);
                }
            }
            Item::Func(f) => match defs.get(f.name) {
                // a declaration and a definition of one function: keep the definition
                Some(&i) if order[i].body.is_none() && f.body.is_some() => order[i] = f,
                Some(_) if f.body.is_none() => {}
                Some(_) => errors.push(info.error(
                    ctx,
                    f.name_span,
                    format!("redefinition of function '{}'", f.name),
                )),
                None => {
                    if info.globals.contains_key(f.name) {
                        errors.push(info.error(
                            ctx,
                            f.name_span,
                            format!("'{}' is already a variable", f.name),
                        ));
                        continue;
                    }
                    defs.insert(f.name, order.len());
                    order.push(f);
                }
            },
        }
    }
    for f in &order {
        let sig = declare_function(ctx, &info, body, f);
        info.globals.insert(f.name, Global::Func(info.funcs.len()));
        info.funcs.push(sig);
    }
    for (i, f) in order.iter().enumerate() {
        if let Some(stmts) = &f.body
            && let Err(e) = FnLower::run(ctx, &info, i, f, stmts)
        {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(top)
    } else {
        Err(errors)
    }
}

/// The gpu.module's name: the file's stem.
fn module_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = base.split('.').next().unwrap_or(base);
    if stem.is_empty() || stem == "-" || stem == "<stdin>" {
        "ptx".to_string()
    } else {
        stem.to_string()
    }
}

/// A `.global`/`.const` variable becomes a `cuda.global_var`; `.shared` ones are
/// remembered for the kernels that use them.
fn declare_var<'a>(
    ctx: &mut Context,
    info: &mut ModuleInfo<'a>,
    body: BlockId,
    v: &'a ast::VarDecl<'a>,
) -> LResult<()> {
    if info.globals.contains_key(v.name) {
        // `.extern` declaration followed by the definition, or a repeat
        return match info.globals[v.name] {
            Global::Var { .. } if v.linkage == ast::Linkage::Extern => Ok(()),
            _ => Err(info.error(ctx, v.name_span, format!("redefinition of '{}'", v.name))),
        };
    }
    let global = match v.space {
        Space::Shared if v.elements().is_none() => Global::DynShared,
        Space::Shared => Global::Shared(v),
        Space::Global | Space::Const => {
            make_global_var(ctx, info, body, v)?;
            Global::Var { space: v.space }
        }
        _ => {
            return Err(info.error(
                ctx,
                v.span,
                format!(
                    "module-scope {} variables are not supported",
                    v.space.name()
                ),
            ));
        }
    };
    info.globals.insert(v.name, global);
    Ok(())
}

/// The element type of a variable (`.v4 .f32` is `vector<4xf32>`; predicates are not storable).
pub(crate) fn var_element(ctx: &Context, info: &ModuleInfo, v: &ast::VarDecl) -> LResult<Type> {
    if v.ty == ast::Type::Pred {
        return Err(info.error(ctx, v.span, "a variable cannot have type .pred"));
    }
    let t = ir_type(ctx, v.ty);
    Ok(if v.vector > 1 {
        ctx.vector_type(&[v.vector as i64], t)
    } else {
        t
    })
}

/// Number of elements of a sized variable (vectors count once).
pub(crate) fn var_count(ctx: &Context, info: &ModuleInfo, v: &ast::VarDecl) -> LResult<u64> {
    let n = v
        .dims
        .iter()
        .try_fold(1u64, |acc, d| d.map(|d| acc.saturating_mul(d)));
    match n {
        Some(0) => Err(info.error(ctx, v.span, "a variable must have at least one element")),
        Some(n) if n > (1 << 40) => Err(info.error(ctx, v.span, "variable too large")),
        Some(n) => Ok(n),
        None => Err(info.error(ctx, v.span, "an unsized array must be .extern .shared")),
    }
}

fn make_global_var(
    ctx: &mut Context,
    info: &ModuleInfo,
    body: BlockId,
    v: &ast::VarDecl,
) -> LResult<()> {
    let elem = var_element(ctx, info, v)?;
    let count = var_count(ctx, info, v)?;
    let loc = info.loc(ctx, v.span);
    let space = match v.space {
        Space::Const => "constant",
        _ => "global",
    };
    let i64 = ctx.i64();
    let props = [
        ("sym_name", ctx.string_attr(v.name)),
        ("element_type", ctx.type_attr(elem)),
        ("count", ctx.int_attr(i64, count as i128)),
        (
            "space",
            ctx.dialect_attr("cuda", Some(&format!("space {space}"))),
        ),
    ];
    let mut st = OperationState::new(ctx, "cuda.global_var", loc);
    for (k, a) in props {
        st = st.property(ctx, k, a);
    }
    if let Some(a) = v.align {
        st = st.property(ctx, "alignment", ctx.int_attr(i64, a as i128));
    }
    if let Some(init) = &v.init {
        let dense = initializer(ctx, info, v, elem, count, init)?;
        st = st.property(ctx, "initial_value", dense);
    }
    let op = ctx.create_op(st);
    ctx.append_op(body, op);
    Ok(())
}

/// The most elements an initialized variable may have (its initializer is held in memory).
const MAX_INITIALIZED: u64 = 1 << 24;

/// `dense<[...]> : tensor<count x elem>` from a (flattened) initializer; missing
/// trailing elements are zero, as in PTX.
fn initializer(
    ctx: &Context,
    info: &ModuleInfo,
    v: &ast::VarDecl,
    elem: Type,
    count: u64,
    init: &Init,
) -> LResult<Attr> {
    if count > MAX_INITIALIZED {
        return Err(info.error(
            ctx,
            v.span,
            format!("initializers of variables of more than {MAX_INITIALIZED} elements are not supported"),
        ));
    }
    let mut flat = Vec::new();
    flatten(init, &mut flat);
    if v.vector > 1 {
        return Err(info.error(
            ctx,
            v.span,
            "initializers of vector variables are not supported",
        ));
    }
    if flat.len() as u64 > count {
        return Err(info.error(
            ctx,
            flat[count as usize].1,
            format!("{} initializers for {count} elements", flat.len()),
        ));
    }
    let float = ctx.float_kind(elem);
    let mut ints = Vec::new();
    let mut floats = Vec::new();
    for (value, span) in &flat {
        match (value, float) {
            (Value::Int(i), None) => ints.push(ctx.normalize_int(elem, *i as i64 as i128)),
            (Value::Int(i), Some(k)) => floats.push(cuwasm::float::to_bits(k, *i as i64 as f64)),
            (Value::F32Bits(b), Some(cuwasm::FloatKind::F32)) => floats.push(*b as u64),
            (Value::F32Bits(b), Some(k)) => {
                floats.push(cuwasm::float::to_bits(k, f32::from_bits(*b) as f64))
            }
            (Value::F64Bits(b), Some(cuwasm::FloatKind::F64)) => floats.push(*b),
            (Value::F64Bits(b), Some(k)) => {
                floats.push(cuwasm::float::to_bits(k, f64::from_bits(*b)))
            }
            (Value::F64(x), Some(k)) => floats.push(cuwasm::float::to_bits(k, *x)),
            (Value::Addr(..), _) => {
                return Err(info.error(
                    ctx,
                    *span,
                    "initializers holding addresses are not supported",
                ));
            }
            (_, None) => {
                return Err(info.error(ctx, *span, "a float initializer for an integer variable"));
            }
        }
    }
    let values = match float {
        Some(_) => {
            floats.resize(count as usize, 0);
            DenseValues::Float(floats)
        }
        None => {
            ints.resize(count as usize, 0);
            DenseValues::Int(ints)
        }
    };
    let ty = ctx.intern_type(TypeData::Tensor {
        shape: Some(vec![count as i64]),
        element: elem,
        encoding: None,
    });
    Ok(ctx.intern_attr(AttrData::Dense {
        ty,
        values,
        splat: false,
    }))
}

fn flatten<'a>(init: &Init<'a>, out: &mut Vec<(Value<'a>, Span)>) {
    match init {
        Init::Value(v, s) => out.push((*v, *s)),
        Init::List(items, _) => items.iter().for_each(|i| flatten(i, out)),
    }
}

/// The op of a function: `gpu.func` (kernel) for `.entry`, `func.func` otherwise.
fn declare_function<'a>(
    ctx: &mut Context,
    info: &ModuleInfo<'a>,
    body: BlockId,
    f: &Function<'a>,
) -> FuncSig<'a> {
    let loc = info.loc(ctx, f.name_span);
    let inputs: Vec<Type> = f
        .params
        .iter()
        .map(|p| param_type(ctx, p, f.entry))
        .collect();
    let results: Vec<Type> = f.rets.iter().map(|p| param_type(ctx, p, false)).collect();
    let fty = ctx.function_type(&inputs, &results);
    let fty = ctx.type_attr(fty);
    let name = ctx.string_attr(f.name);
    let op = if f.entry {
        let mut st = OperationState::new(ctx, "gpu.func", loc)
            .regions(1)
            .property(ctx, "function_type", fty)
            .attribute(ctx, "sym_name", name)
            .attribute(ctx, "gpu.kernel", ctx.unit_attr());
        let i32 = ctx.i32();
        for p in &f.perf {
            let dims = |v: &Vec<u32>| {
                let mut d: Vec<i32> = v.iter().map(|x| *x as i32).collect();
                d.resize(3, 1);
                ctx.dense_i32_array(&d)
            };
            st = match p {
                Perf::ReqNtid(v) => st.property(ctx, "known_block_size", dims(v)),
                Perf::MaxNtid(v) => st.attribute(ctx, "cuda.maxntid", dims(v)),
                Perf::MinNCtaPerSm(n) => {
                    st.attribute(ctx, "cuda.minnctapersm", ctx.int_attr(i32, *n as i128))
                }
                Perf::MaxNReg(n) => {
                    st.attribute(ctx, "cuda.maxnreg", ctx.int_attr(i32, *n as i128))
                }
            };
        }
        ctx.create_op(st)
    } else {
        let mut st = OperationState::new(ctx, "func.func", loc)
            .regions(1)
            .property(ctx, "function_type", fty)
            .property(ctx, "sym_name", name);
        // private, `.visible` ones too: a module is the whole program (cuwasm
        // links no PTX modules), so a device function nothing calls (clang
        // keeps `.visible` ones it inlined everywhere) can be erased
        st = st.property(ctx, "sym_visibility", ctx.string_attr("private"));
        ctx.create_op(st)
    };
    ctx.append_op(body, op);
    FuncSig {
        op,
        entry: f.entry,
        params: f.params.clone(),
        rets: f.rets.clone(),
    }
}

// ---- functions ------------------------------------------------------------------------------

/// A register: its declared type and the IR type of its values.
pub(crate) struct Reg {
    pub ty: ast::Type,
    pub ir: Type,
}

/// What a name in a function's scope stands for.
#[derive(Clone, Copy)]
pub(crate) enum Binding {
    Reg(usize),
    /// A variable with its address (`ptr` in `space`) and element type.
    Var {
        space: Space,
        ptr: ValueId,
        elem: Type,
    },
}

/// The names of a scope: those of up to 8 bytes (almost all: `%r123`,
/// `%fd45`) keyed by their bytes packed in a `u64`, which hashes in one
/// multiplication and compares without `memcmp`; longer ones by their text.
#[derive(Default)]
pub(crate) struct Names<'a> {
    short: FxHashMap<u64, Binding>,
    long: FxHashMap<&'a str, Binding>,
}

impl<'a> Names<'a> {
    pub fn with_capacity(n: usize) -> Names<'a> {
        Names {
            short: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            long: FxHashMap::default(),
        }
    }

    /// A name's bytes, zero-padded (names hold no NUL, so this is one-to-one).
    fn key(name: &str) -> Option<u64> {
        let b = name.as_bytes();
        // byte by byte: a copy of a variable length would call memcpy
        (b.len() <= 8).then(|| {
            b.iter()
                .enumerate()
                .fold(0u64, |k, (i, &c)| k | u64::from(c) << (8 * i))
        })
    }

    pub fn get(&self, name: &str) -> Option<&Binding> {
        match Self::key(name) {
            Some(k) => self.short.get(&k),
            None => self.long.get(name),
        }
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn insert(&mut self, name: &'a str, b: Binding) {
        match Self::key(name) {
            Some(k) => self.short.insert(k, b),
            None => self.long.insert(name, b),
        };
    }
}

/// A `%r<N>` declaration: its registers by index, made on first use
/// (`u32::MAX`: not yet), found without hashing the name.
pub(crate) struct Range<'a> {
    pub prefix: &'a str,
    /// The prefix's bytes packed as [`Names`] packs them (`None`: longer than 8).
    pub key: Option<u64>,
    pub count: u32,
    pub ty: ast::Type,
    pub regs: Vec<u32>,
}

/// A name split as a range register's: its prefix (also packed, as
/// [`Names`] packs names) and the number that ends it (`%rd12`: `%rd`, 12).
pub(crate) struct RangeName<'a> {
    prefix: &'a str,
    key: Option<u64>,
    index: u64,
}

impl<'a> RangeName<'a> {
    /// `None` when the name does not end in a number (without leading zeros)
    /// that fits in 64 bits.
    fn of(name: &'a str) -> Option<RangeName<'a>> {
        let digits = name.len() - name.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (prefix, index) = name.split_at(digits);
        if index.is_empty() || (index.len() > 1 && index.starts_with('0')) {
            return None;
        }
        let index = if index.len() <= 19 {
            // at most 19 digits: no overflow
            index
                .bytes()
                .fold(0u64, |v, d| v * 10 + u64::from(d - b'0'))
        } else {
            index.parse::<u64>().ok()?
        };
        Some(RangeName {
            prefix,
            key: Names::key(prefix),
            index,
        })
    }

    fn is_of(&self, r: &Range) -> bool {
        match self.key {
            Some(k) => r.key == Some(k),
            None => r.prefix == self.prefix,
        }
    }
}

/// Range registers at this index or above are found through the names map
/// (a huge declared count must not allocate a huge table).
const DENSE_RANGE: u64 = 1 << 16;

#[derive(Default)]
pub(crate) struct Scope<'a> {
    pub names: Names<'a>,
    /// `%r<N>`: prefix to (count, type, vector).
    pub ranges: Vec<Range<'a>>,
}

/// A predicate guard in select mode: written registers keep their old value
/// where the predicate is false.
#[derive(Clone, Copy)]
pub(crate) struct SelectGuard {
    pub pred: ValueId,
    pub negated: bool,
}

pub(crate) struct FnLower<'i, 'a, 'c> {
    pub ctx: &'c mut Context,
    pub info: &'i ModuleInfo<'a>,
    pub func: usize,
    pub region: RegionId,
    /// The entry block's branch to the first code block: slots go before it.
    pub entry_term: OpId,
    /// The block being filled; `None` right after a terminator.
    pub block: Option<BlockId>,
    /// The location of the ops being made (see [`FnLower::loc`]).
    pub loc: Location,
    /// The instruction whose location `loc` becomes when an op needs it.
    pub loc_span: Option<Span>,
    /// The `.loc` in force, as a location of the CUDA source.
    pub src_loc: Option<Location>,
    pub scopes: Vec<Scope<'a>>,
    pub regs: Vec<Reg>,
    pub labels: FxHashMap<&'a str, BlockId>,
    pub targets: FxHashMap<&'a str, &'a [(&'a str, Span)]>,
    /// Values made once in the entry block (global addresses, shared allocations, null pointers).
    pub cache: FxHashMap<(&'a str, Type), ValueId>,
    pub nulls: FxHashMap<Type, ValueId>,
    /// The function's constants, by value (made in the entry block).
    pub consts: FxHashMap<Attr, ValueId>,
    /// The same by type and integer value (float bits tagged at bit 64),
    /// looked up before the value is interned.
    pub const_values: FxHashMap<(Type, i128), ValueId>,
    pub guard: Option<SelectGuard>,
    /// How `ret` finds the return values.
    pub rets: Vec<Binding>,
    /// The register holding the carry flag CC.CF, once used.
    pub carry: Option<usize>,
    /// Registers as SSA values (`ssa.rs`).
    pub ssa: ssa::Ssa,
    /// Op names by the address of their literal, direct-mapped (see `op_entry`).
    pub op_cache: [Option<(usize, cuwasm::OpName, u8)>; emit::OP_CACHE],
    /// The labels to seal, each with the index of the statement after
    /// which it is (sorted by that index).
    pub seal_after: Vec<(usize, BlockId)>,
}

impl<'i, 'a, 'c> FnLower<'i, 'a, 'c> {
    fn run(
        ctx: &'c mut Context,
        info: &'i ModuleInfo<'a>,
        func: usize,
        f: &'a Function<'a>,
        stmts: &'a [Stmt<'a>],
    ) -> LResult<()> {
        let sig = &info.funcs[func];
        let op = sig.op;
        let loc = info.loc(ctx, f.name_span);
        let region = ctx.region(op, 0);
        let arg_types: Vec<Type> = f
            .params
            .iter()
            .map(|p| param_type(ctx, p, f.entry))
            .collect();
        let entry = ctx.create_block(&arg_types, loc);
        ctx.append_block(region, entry);
        let first = ctx.create_block(&[], loc);
        let br = OperationState::new(ctx, "cf.br", loc).successors(&[first]);
        let entry_term = ctx.create_op(br);
        ctx.append_op(entry, entry_term);
        ctx.append_block(region, first);
        let mut fl = FnLower {
            ctx,
            info,
            func,
            region,
            entry_term,
            block: Some(first),
            loc,
            loc_span: None,
            src_loc: None,
            scopes: vec![Scope {
                names: Names::with_capacity(stmts.len()),
                ranges: Vec::new(),
            }],
            regs: Vec::new(),
            labels: FxHashMap::default(),
            targets: FxHashMap::default(),
            cache: FxHashMap::default(),
            nulls: FxHashMap::default(),
            consts: FxHashMap::default(),
            const_values: FxHashMap::default(),
            guard: None,
            rets: Vec::new(),
            carry: None,
            ssa: ssa::Ssa::with_capacity(stmts.len(), entry),
            seal_after: Vec::new(),
            op_cache: [None; emit::OP_CACHE],
        };
        fl.seal(entry);
        fl.add_edge(entry, 0, first);
        fl.seal(first);
        fl.bind_params(f, entry)?;
        fl.collect_labels(stmts)?;
        fl.body(stmts)?;
        // falling off the end returns
        if fl.block.is_some() {
            fl.ret()?;
        }
        fl.finish_ssa();
        Ok(())
    }

    fn is_entry(&self) -> bool {
        self.info.funcs[self.func].entry
    }

    /// Parameters become slots holding the arguments (`.reg` parameters become
    /// registers holding them); return parameters become slots read by `ret`.
    fn bind_params(&mut self, f: &'a Function<'a>, entry: BlockId) -> LResult<()> {
        for (i, p) in f.params.iter().enumerate() {
            let arg = self.ctx.block_arg(entry, i);
            if f.entry && p.array.is_some() && !p.reg {
                // a kernel's aggregate: read where the caller's copy is
                self.declare_param(
                    p,
                    Binding::Var {
                        space: Space::Param,
                        ptr: arg,
                        elem: self.info.common.ir(self.ctx, p.ty),
                    },
                )?;
                continue;
            }
            let b = self.param_binding(p)?;
            self.set_loc(p.span);
            match b {
                Binding::Var { ptr, .. } => self.store_entry(arg, ptr),
                Binding::Reg(r) => self.write_var(r, entry, arg),
            }
        }
        for p in &f.rets {
            let b = self.param_binding(p)?;
            self.rets.push(b);
        }
        Ok(())
    }

    /// Bind parameter `p`'s name to `b` (an error if it is taken).
    fn declare_param(&mut self, p: &Param<'a>, b: Binding) -> LResult<()> {
        if self.scopes[0].names.contains_key(p.name) {
            return Err(self.info.error(
                self.ctx,
                p.span,
                format!("duplicate parameter '{}'", p.name),
            ));
        }
        self.scopes[0].names.insert(p.name, b);
        Ok(())
    }

    fn param_binding(&mut self, p: &Param<'a>) -> LResult<Binding> {
        let b = if p.reg {
            let ir = self.info.common.ir(self.ctx, p.ty);
            self.regs.push(Reg { ty: p.ty, ir });
            Binding::Reg(self.regs.len() - 1)
        } else {
            if p.ty == ast::Type::Pred {
                return Err(self
                    .info
                    .error(self.ctx, p.span, "a .param cannot have type .pred"));
            }
            let elem = self.info.common.ir(self.ctx, p.ty);
            let ptr = self.alloca(elem, p.array.unwrap_or(1), p.align, Space::Param);
            Binding::Var {
                space: Space::Param,
                ptr,
                elem,
            }
        };
        self.declare_param(p, b)?;
        Ok(b)
    }

    /// Make the labels' blocks, and find when each is sealed: after the later
    /// of its definition and the last branch that may target it.
    fn collect_labels(&mut self, stmts: &'a [Stmt<'a>]) -> LResult<()> {
        let n = stmts
            .iter()
            .filter(|s| matches!(s, Stmt::Label(..)))
            .count();
        self.labels.reserve(n);
        // each label's block with the statement it is sealed after (at first
        // its definition), in the order of definition; by name, its position
        let mut seal: Vec<(usize, BlockId)> = Vec::with_capacity(n);
        let mut pos: FxHashMap<&'a str, usize> =
            FxHashMap::with_capacity_and_hasher(n, Default::default());
        for (i, s) in stmts.iter().enumerate() {
            match s {
                Stmt::Label(name, span) => {
                    if self.labels.contains_key(name) {
                        return Err(self.info.error(
                            self.ctx,
                            *span,
                            format!("label '{name}' is defined twice"),
                        ));
                    }
                    let loc = self.info.loc(self.ctx, *span);
                    let b = self.ctx.create_block(&[], loc);
                    self.labels.insert(name, b);
                    self.ssa.label(b);
                    pos.insert(name, seal.len());
                    seal.push((i, b));
                }
                Stmt::BranchTargets(name, list, _) => {
                    self.targets.insert(name, list);
                }
                _ => {}
            }
        }
        for (i, s) in stmts.iter().enumerate() {
            let Stmt::Inst(inst) = s else { continue };
            let targets: &[ast::Operand] = match inst.opcode {
                "bra" => inst.operands,
                "brx" => inst.operands.get(1..).unwrap_or(&[]),
                _ => continue,
            };
            for o in targets {
                let ast::Operand::Sym(name, _) = o else {
                    continue;
                };
                let mut reference = |n: &str| {
                    if let Some(&k) = pos.get(n) {
                        seal[k].0 = seal[k].0.max(i);
                    }
                };
                match self.targets.get(name) {
                    Some(list) => list.iter().for_each(|(n, _)| reference(n)),
                    None => reference(name),
                }
            }
        }
        // stable: labels sealed after one statement go in order of definition
        seal.sort_by_key(|&(at, _)| at);
        self.seal_after = seal;
        Ok(())
    }

    fn body(&mut self, stmts: &'a [Stmt<'a>]) -> LResult<()> {
        let mut next = 0;
        for (i, s) in stmts.iter().enumerate() {
            self.statement(s)?;
            while let Some(&(at, b)) = self.seal_after.get(next)
                && at == i
            {
                self.seal(b);
                next += 1;
            }
        }
        Ok(())
    }

    fn statement(&mut self, s: &'a Stmt<'a>) -> LResult<()> {
        match s {
            Stmt::Reg(d) => self.declare_regs(d)?,
            Stmt::Var(v) => self.declare_local_var(v)?,
            Stmt::Label(name, _) => {
                let b = self.labels[name];
                if let Some(cur) = self.block {
                    self.branch_from(cur, b);
                }
                self.ctx.append_block(self.region, b);
                self.block = Some(b);
            }
            Stmt::Inst(inst) => {
                self.loc_span = Some(inst.span);
                self.instruction(inst)?;
            }
            Stmt::Loc(file, line, col) => {
                self.src_loc = self
                    .info
                    .files
                    .get(file)
                    .map(|f| self.ctx.file_loc(f, *line, *col));
            }
            Stmt::BranchTargets(..) | Stmt::CallPrototype(..) => {}
            Stmt::Open => self.scopes.push(Scope::default()),
            Stmt::Close => {
                self.scopes.pop();
            }
        }
        Ok(())
    }

    /// The location of the ops being made: the current instruction's,
    /// interned when its first op needs it (an instruction that makes no op,
    /// as a `mov` between registers, costs no location).
    pub(crate) fn loc(&mut self) -> Location {
        if let Some(span) = self.loc_span.take() {
            self.loc = self.inst_loc(span);
        }
        self.loc
    }

    /// Make the location that of the declaration at `span`.
    fn set_loc(&mut self, span: Span) {
        self.loc_span = None;
        self.loc = self.info.loc(self.ctx, span);
    }

    /// An instruction's location: its place in the PTX text, fused with the CUDA
    /// source position of the `.loc` in force.
    fn inst_loc(&self, span: Span) -> Location {
        let ptx = self.info.loc(self.ctx, span);
        match self.src_loc {
            Some(src) => self.ctx.location(LocationData::Fused {
                locations: vec![ptx.0, src.0],
                metadata: None,
            }),
            None => ptx,
        }
    }

    fn declare_regs(&mut self, d: &ast::RegDecl<'a>) -> LResult<()> {
        for (name, count) in &d.names {
            match count {
                Some(n) => {
                    let scope = self.scopes.last_mut().expect("a scope");
                    let range = Range {
                        prefix: name,
                        key: Names::key(name),
                        count: *n,
                        ty: d.ty,
                        regs: Vec::new(),
                    };
                    // a repeated declaration replaces the earlier one
                    match scope.ranges.iter_mut().find(|r| r.prefix == *name) {
                        Some(r) => *r = range,
                        None => scope.ranges.push(range),
                    }
                }
                None => {
                    let ir = self.info.common.ir(self.ctx, d.ty);
                    self.regs.push(Reg { ty: d.ty, ir });
                    let r = self.regs.len() - 1;
                    if d.vector > 1 {
                        return Err(self.info.error(
                            self.ctx,
                            d.span,
                            "vector registers (.reg .v2/.v4) are not supported",
                        ));
                    }
                    self.scopes
                        .last_mut()
                        .expect("a scope")
                        .names
                        .insert(name, Binding::Reg(r));
                }
            }
        }
        Ok(())
    }

    /// A function-scope variable: `.local` and `.param` get a slot per thread,
    /// `.shared` a block-wide allocation.
    fn declare_local_var(&mut self, v: &'a ast::VarDecl<'a>) -> LResult<()> {
        let elem = var_element(self.ctx, self.info, v)?;
        let ptr = match v.space {
            Space::Local | Space::Param => {
                let count = var_count(self.ctx, self.info, v)?;
                self.set_loc(v.span);
                let p = self.alloca(elem, count, v.align, v.space);
                if v.space == Space::Local {
                    self.first_of_window(p);
                }
                p
            }
            Space::Shared if v.elements().is_none() => self.dynamic_shared(v.name),
            Space::Shared => self.shared_alloc(v)?,
            _ => {
                return Err(self.info.error(
                    self.ctx,
                    v.span,
                    format!(
                        "{} variables inside functions are not supported",
                        v.space.name()
                    ),
                ));
            }
        };
        let space = v.space;
        self.scopes
            .last_mut()
            .expect("a scope")
            .names
            .insert(v.name, Binding::Var { space, ptr, elem });
        Ok(())
    }

    /// Find a name: innermost scope first; registers of a `%r<N>` range are made on first use.
    pub(crate) fn lookup(&mut self, name: &'a str) -> Option<Binding> {
        let split = RangeName::of(name);
        for i in (0..self.scopes.len()).rev() {
            if let Some(rn) = &split
                && let Some(b) = self.range_register(i, name, rn)
            {
                return Some(b);
            }
            if let Some(b) = self.scopes[i].names.get(name) {
                return Some(*b);
            }
        }
        None
    }

    /// `name` (split as `rn`) as a register of a `%r<N>` range of scope `i`
    /// (made on first use).
    fn range_register(&mut self, i: usize, name: &'a str, rn: &RangeName<'a>) -> Option<Binding> {
        let k = self.scopes[i].ranges.iter().position(|r| rn.is_of(r))?;
        let (count, ty) = (self.scopes[i].ranges[k].count, self.scopes[i].ranges[k].ty);
        let idx = rn.index;
        if idx >= count as u64 {
            return None;
        }
        if idx >= DENSE_RANGE {
            if let Some(b) = self.scopes[i].names.get(name) {
                return Some(*b);
            }
            let b = Binding::Reg(self.new_reg(ty));
            self.scopes[i].names.insert(name, b);
            return Some(b);
        }
        let idx = idx as usize;
        let regs = &self.scopes[i].ranges[k].regs;
        if let Some(&r) = regs.get(idx)
            && r != u32::MAX
        {
            return Some(Binding::Reg(r as usize));
        }
        let r = self.new_reg(ty);
        let regs = &mut self.scopes[i].ranges[k].regs;
        if regs.len() <= idx {
            regs.resize(idx + 1, u32::MAX);
        }
        regs[idx] = r as u32;
        Some(Binding::Reg(r))
    }

    /// A new register of PTX type `ty`.
    fn new_reg(&mut self, ty: ast::Type) -> usize {
        let ir = self.info.common.ir(self.ctx, ty);
        self.regs.push(Reg { ty, ir });
        self.regs.len() - 1
    }

    /// The hidden predicate register of the carry flag.
    pub(crate) fn carry_flag(&mut self) -> usize {
        if let Some(r) = self.carry {
            return r;
        }
        let ir = self.info.common.i1;
        self.regs.push(Reg {
            ty: ast::Type::Pred,
            ir,
        });
        self.carry = Some(self.regs.len() - 1);
        self.regs.len() - 1
    }

    /// A `cuda.alloca` of `count` elements in the entry block.
    fn alloca(&mut self, elem: Type, count: u64, align: Option<u32>, space: Space) -> ValueId {
        let ptr = self.info.common.ptr(space);
        let key = (elem, count, align);
        let cached = self.info.alloca_props.borrow().get(&key).copied();
        let dict = match cached {
            Some(d) => d,
            None => {
                let i64 = self.info.common.i64;
                let mut props = vec![
                    ("count", self.ctx.int_attr(i64, count as i128)),
                    ("element_type", self.ctx.type_attr(elem)),
                ];
                if let Some(a) = align {
                    props.push(("alignment", self.ctx.int_attr(i64, a as i128)));
                }
                let d = self
                    .props_dict("cuda.alloca", &props)
                    .expect("alloca has properties");
                self.info.alloca_props.borrow_mut().insert(key, d);
                d
            }
        };
        let op = self.build_with("cuda.alloca", &[], &[ptr], Some(dict));
        self.ctx.insert_op_before(self.entry_term, op);
        self.ctx.result(op, 0)
    }

    fn store_entry(&mut self, v: ValueId, ptr: ValueId) {
        let props = self.access_props(None, false);
        let props: Vec<(&'static str, Attr)> = props.iter().map(|(k, a)| (*k, *a)).collect();
        self.entry_op("ptr.store", &[v, ptr], &[], &props);
    }

    /// An op placed in the entry block, before its terminator.
    pub(crate) fn entry_op(
        &mut self,
        name: &'static str,
        operands: &[ValueId],
        results: &[Type],
        props: &[(&'static str, Attr)],
    ) -> OpId {
        let op = self.build_op(name, operands, results, props);
        self.ctx.insert_op_before(self.entry_term, op);
        op
    }

    /// The pointer that integer addresses of pointer type `ptr` count from,
    /// once per function: `#ptr.null` for generic and global addresses; for
    /// the shared, local and const windows, the function's first allocation
    /// (variable) there, or for shared and local a 1-byte one made for the
    /// purpose, so that 32-bit addresses in those windows hold small offsets
    /// (a null-based address would be a host address on the CPU, which 32
    /// bits cannot hold).
    pub(crate) fn origin(&mut self, ptr: Type) -> ValueId {
        if let Some(v) = self.nulls.get(&ptr) {
            return *v;
        }
        let c = &self.info.common;
        let v = if ptr == c.ptr_shared {
            let i8 = self.info.common.i8;
            let i64 = self.info.common.i64;
            let props = [
                ("count", self.ctx.int_attr(i64, 1)),
                ("element_type", self.ctx.type_attr(i8)),
                ("name", self.ctx.string_attr("__shared_window")),
            ];
            let op = self.entry_op("cuda.shared_alloc", &[], &[ptr], &props);
            self.ctx.result(op, 0)
        } else if ptr == c.ptr_local {
            let i8 = self.info.common.i8;
            self.alloca(i8, 1, None, Space::Local)
        } else {
            let a = c.null[&ptr];
            let op = self.entry_op("ptr.constant", &[], &[ptr], &[("value", a)]);
            self.ctx.result(op, 0)
        };
        self.nulls.insert(ptr, v);
        v
    }

    /// Make `p` (a new shared or local allocation) the origin of its window
    /// if the window has none yet.
    fn first_of_window(&mut self, p: ValueId) {
        let ty = self.ctx.value_type(p);
        self.nulls.entry(ty).or_insert(p);
    }

    /// The address of a module-scope variable, made once per function in the entry block.
    pub(crate) fn global_ptr(&mut self, name: &'a str, span: Span) -> LResult<Option<Binding>> {
        let Some(g) = self.info.globals.get(name).copied() else {
            return Ok(None);
        };
        let ptr = match g {
            Global::Var { space } => {
                let ty = self.info.common.ptr(space);
                if let Some(v) = self.cache.get(&(name, ty)) {
                    *v
                } else {
                    let sym = self.ctx.symbol_ref_attr(name, &[]);
                    let op = self.entry_op("cuda.global_addr", &[], &[ty], &[("global_name", sym)]);
                    let v = self.ctx.result(op, 0);
                    self.cache.insert((name, ty), v);
                    if space == Space::Const {
                        self.first_of_window(v);
                    }
                    v
                }
            }
            Global::Shared(v) => {
                if !self.is_entry() {
                    return Err(self.info.error(
                        self.ctx,
                        span,
                        format!(
                            "the module-scope .shared variable '{name}' is used in a .func; \
                             only kernels may use module-scope shared variables"
                        ),
                    ));
                }
                let key = (name, self.info.common.ptr_shared);
                match self.cache.get(&key) {
                    Some(p) => *p,
                    None => {
                        let p = self.shared_alloc(v)?;
                        self.cache.insert(key, p);
                        p
                    }
                }
            }
            Global::DynShared => self.dynamic_shared(name),
            Global::Func(_) => return Ok(None),
        };
        let elem = match g {
            Global::Shared(v) => var_element(self.ctx, self.info, v)?,
            _ => self.info.common.i8,
        };
        let space = match g {
            Global::Var { space } => space,
            _ => Space::Shared,
        };
        Ok(Some(Binding::Var { space, ptr, elem }))
    }

    fn dynamic_shared(&mut self, name: &'a str) -> ValueId {
        let ty = self.info.common.ptr_shared;
        let key = ("<dynamic shared>", ty);
        if let Some(v) = self.cache.get(&key) {
            return *v;
        }
        let _ = name;
        let op = self.entry_op("cuda.dynamic_shared", &[], &[ty], &[]);
        let v = self.ctx.result(op, 0);
        self.cache.insert(key, v);
        self.first_of_window(v);
        v
    }

    fn shared_alloc(&mut self, v: &ast::VarDecl) -> LResult<ValueId> {
        let elem = var_element(self.ctx, self.info, v)?;
        let count = var_count(self.ctx, self.info, v)?;
        if v.init.is_some() {
            return Err(self.info.error(
                self.ctx,
                v.span,
                ".shared variables cannot be initialized",
            ));
        }
        let i64 = self.info.common.i64;
        let mut props = vec![
            ("count", self.ctx.int_attr(i64, count as i128)),
            ("element_type", self.ctx.type_attr(elem)),
            ("name", self.ctx.string_attr(v.name)),
        ];
        if let Some(a) = v.align {
            props.push(("alignment", self.ctx.int_attr(i64, a as i128)));
        }
        let ty = self.info.common.ptr_shared;
        let saved = (self.loc, self.loc_span.take());
        self.set_loc(v.span);
        let op = self.entry_op("cuda.shared_alloc", &[], &[ty], &props);
        (self.loc, self.loc_span) = saved;
        let v = self.ctx.result(op, 0);
        self.first_of_window(v);
        Ok(v)
    }

    /// Properties of a plain, volatile or atomic ptr.load/ptr.store, as mlir-opt prints them.
    pub(crate) fn access_props(
        &self,
        align: Option<u64>,
        volatile: bool,
    ) -> Vec<(&'static str, Attr)> {
        let c = &self.info.common;
        vec![
            ("alignment", align.map_or(c.align_none, |a| c.align_attr(a))),
            ("invariantGroup", c.false_),
            ("nontemporal", c.false_),
            ("ordering", c.ordering[0]),
            (
                "volatile_",
                if volatile {
                    self.ctx.bool_attr(true)
                } else {
                    c.false_
                },
            ),
        ]
    }
}
