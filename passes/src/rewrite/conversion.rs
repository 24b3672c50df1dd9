//! Dialect conversion (MLIR's `DialectConversion.h`): rewrite the ops under a
//! root until they are legal for a [`ConversionTarget`], changing types
//! through a [`TypeConverter`].
//!
//! - The target says which ops are legal or illegal, by name or by dialect,
//!   possibly through a callback (`add_dynamically_legal_*`); an op it says
//!   nothing about is *unknown*.
//! - [`ConversionPattern`]s receive the op and its operands *already
//!   converted*: when an earlier pattern replaced a value by one of a new
//!   type, the pattern sees the new value; other operands whose type converts
//!   come through a target materialization.
//! - Replacing a result by a value of another type leaves a *source
//!   materialization* (new type → old type) for the users not converted yet.
//!   Materializations are the type converter's callbacks, by default
//!   `builtin.unrealized_conversion_cast`. At the end, casts that cancel
//!   (`A → B → A`) are folded away and unused ones erased; the others stay.
//! - [`apply_partial_conversion`]: every op explicitly illegal (or dynamically
//!   illegal) must be converted; [`apply_full_conversion`]: every op must end
//!   up legal. A failure is an error located at the op.
//!
//! Unlike MLIR, a failed conversion is not rolled back: patterns rewrite the
//! IR in place, and the error is returned with the IR as far as it got
//! (callers that need the input keep a copy). Ops created by a pattern are
//! legalized right after it, before the remaining ops.

use cuwasm::{
    Builder, Context, Diagnostic, InsertPoint, Location, OpId, PatternRewriter, RegionId,
    RewriteListener, Type, TypeData, ValueId,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::VecDeque;

/// What a target says about an op.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legality {
    Legal,
    /// Explicitly illegal, or a dynamic legality callback said no.
    Illegal,
    /// The target says nothing about this op.
    Unknown,
}

/// A dynamic legality callback.
pub type LegalityFn = Box<dyn Fn(&Context, OpId) -> bool + Send + Sync>;

/// What a dynamic legality callback is (see [`LegalityFn`]).
pub trait Legal: Fn(&Context, OpId) -> bool + Send + Sync + 'static {}
impl<F: Fn(&Context, OpId) -> bool + Send + Sync + 'static> Legal for F {}

enum Action {
    Legal,
    Illegal,
    Dynamic(LegalityFn),
}

/// Which ops a conversion must produce (MLIR's `ConversionTarget`). Rules
/// for an op name beat rules for its dialect.
#[derive(Default)]
pub struct ConversionTarget {
    ops: FxHashMap<String, Action>,
    dialects: FxHashMap<String, Action>,
    unknown: Option<LegalityFn>,
}

impl ConversionTarget {
    pub fn new() -> ConversionTarget {
        ConversionTarget::default()
    }
    fn rule(&mut self, by_dialect: bool, name: &str, action: Action) -> &mut Self {
        let map = if by_dialect {
            &mut self.dialects
        } else {
            &mut self.ops
        };
        map.insert(name.into(), action);
        self
    }
    pub fn add_legal_op(&mut self, name: &str) -> &mut Self {
        self.rule(false, name, Action::Legal)
    }
    pub fn add_illegal_op(&mut self, name: &str) -> &mut Self {
        self.rule(false, name, Action::Illegal)
    }
    pub fn add_dynamically_legal_op(&mut self, name: &str, f: impl Legal) -> &mut Self {
        self.rule(false, name, Action::Dynamic(Box::new(f)))
    }
    pub fn add_legal_dialect(&mut self, name: &str) -> &mut Self {
        self.rule(true, name, Action::Legal)
    }
    pub fn add_illegal_dialect(&mut self, name: &str) -> &mut Self {
        self.rule(true, name, Action::Illegal)
    }
    pub fn add_dynamically_legal_dialect(&mut self, name: &str, f: impl Legal) -> &mut Self {
        self.rule(true, name, Action::Dynamic(Box::new(f)))
    }
    /// Decide ops the target says nothing else about with `f`.
    pub fn mark_unknown_op_dynamically_legal(&mut self, f: impl Legal) -> &mut Self {
        self.unknown = Some(Box::new(f));
        self
    }

    pub fn legality(&self, ctx: &Context, op: OpId) -> Legality {
        let name = ctx.op_name_text(op);
        let dialect = name.split_once('.').map_or(name, |(d, _)| d);
        let action = self.ops.get(name).or_else(|| self.dialects.get(dialect));
        let decide = |legal: bool| match legal {
            true => Legality::Legal,
            false => Legality::Illegal,
        };
        match action {
            Some(Action::Legal) => Legality::Legal,
            Some(Action::Illegal) => Legality::Illegal,
            Some(Action::Dynamic(f)) => decide(f(ctx, op)),
            None => match &self.unknown {
                Some(f) => decide(f(ctx, op)),
                None => Legality::Unknown,
            },
        }
    }
}

/// A type conversion callback: `None` when it does not handle the type.
pub type ConversionFn = Box<dyn Fn(&Context, Type) -> Option<Type> + Send + Sync>;
/// A materialization: build a value of the given type from the inputs at the
/// builder's insertion point, or `None` to let the next callback try.
pub type MaterializationFn =
    Box<dyn Fn(&mut Builder<'_>, Type, &[ValueId], Location) -> Option<ValueId> + Send + Sync>;

/// What a materialization callback is (see [`MaterializationFn`]).
pub trait Materialize:
    Fn(&mut Builder<'_>, Type, &[ValueId], Location) -> Option<ValueId> + Send + Sync + 'static
{
}
impl<F> Materialize for F where
    F: Fn(&mut Builder<'_>, Type, &[ValueId], Location) -> Option<ValueId> + Send + Sync + 'static
{
}

/// How types change (MLIR's `TypeConverter`, one type to one type).
/// Conversions are tried from the last added to the first; a type no
/// conversion handles cannot be converted.
#[derive(Default)]
pub struct TypeConverter {
    conversions: Vec<ConversionFn>,
    source: Vec<MaterializationFn>,
    target: Vec<MaterializationFn>,
}

impl TypeConverter {
    pub fn new() -> TypeConverter {
        TypeConverter::default()
    }
    pub fn add_conversion(
        &mut self,
        f: impl Fn(&Context, Type) -> Option<Type> + Send + Sync + 'static,
    ) -> &mut Self {
        self.conversions.push(Box::new(f));
        self
    }
    /// Converted value → a value of the original type (for users not converted).
    pub fn add_source_materialization(&mut self, f: impl Materialize) -> &mut Self {
        self.source.push(Box::new(f));
        self
    }
    /// Original value → a value of the converted type (for converted users).
    pub fn add_target_materialization(&mut self, f: impl Materialize) -> &mut Self {
        self.target.push(Box::new(f));
        self
    }

    pub fn convert_type(&self, ctx: &Context, ty: Type) -> Option<Type> {
        self.conversions.iter().rev().find_map(|f| f(ctx, ty))
    }
    pub fn convert_types(&self, ctx: &Context, types: &[Type]) -> Option<Vec<Type>> {
        types.iter().map(|t| self.convert_type(ctx, *t)).collect()
    }
    /// A type that converts to itself.
    pub fn is_legal_type(&self, ctx: &Context, ty: Type) -> bool {
        self.convert_type(ctx, ty) == Some(ty)
    }
    /// All operand and result types of `op` are legal.
    pub fn is_legal_op(&self, ctx: &Context, op: OpId) -> bool {
        ctx.operands(op)
            .iter()
            .map(|v| ctx.value_type(*v))
            .chain(ctx.results(op).map(|v| ctx.value_type(v)))
            .all(|t| self.is_legal_type(ctx, t))
    }
    /// A function type whose inputs and results are legal.
    pub fn is_signature_legal(&self, ctx: &Context, fn_type: Type) -> bool {
        match ctx.type_data(fn_type) {
            TypeData::Function { inputs, results } => inputs
                .iter()
                .chain(results)
                .all(|t| self.is_legal_type(ctx, *t)),
            _ => self.is_legal_type(ctx, fn_type),
        }
    }
    /// The function type with its inputs and results converted.
    pub fn convert_function_type(&self, ctx: &Context, fn_type: Type) -> Option<Type> {
        match ctx.type_data(fn_type) {
            TypeData::Function { inputs, results } => {
                let inputs = self.convert_types(ctx, inputs)?;
                let results = self.convert_types(ctx, results)?;
                Some(ctx.function_type(&inputs, &results))
            }
            _ => None,
        }
    }

    fn materialize(
        callbacks: &[MaterializationFn],
        b: &mut Builder<'_>,
        ty: Type,
        inputs: &[ValueId],
        loc: Location,
    ) -> ValueId {
        callbacks
            .iter()
            .rev()
            .find_map(|f| f(b, ty, inputs, loc))
            .unwrap_or_else(|| unrealized_cast(b, ty, inputs, loc))
    }
}

/// `builtin.unrealized_conversion_cast(inputs) : ty` at the builder's insertion point.
pub fn unrealized_cast(
    b: &mut Builder<'_>,
    ty: Type,
    inputs: &[ValueId],
    loc: Location,
) -> ValueId {
    let state = cuwasm::OperationState::new(b.ctx, CAST, loc)
        .operands(inputs)
        .results(&[ty]);
    let op = b.insert(state);
    b.result(op, 0)
}

const CAST: &str = "builtin.unrealized_conversion_cast";

/// A pattern of a conversion: it sees `op` and its operands converted.
pub trait ConversionPattern: Send + Sync {
    fn name(&self) -> &str;
    /// The op name it converts, or `None` for any op.
    fn root(&self) -> Option<&'static str>;
    fn benefit(&self) -> u16 {
        1
    }
    /// Rewrite `op` (through `rw`) and return `true`, or return `false` with
    /// the IR unchanged.
    fn match_and_rewrite(
        &self,
        op: OpId,
        operands: &[ValueId],
        rw: &mut ConversionRewriter<'_>,
    ) -> bool;
}

/// The body of a conversion pattern written as a function.
pub type ConversionFnBody = fn(OpId, &[ValueId], &mut ConversionRewriter<'_>) -> bool;

/// A conversion pattern made of a function.
#[derive(Clone, Copy)]
pub struct FnConversionPattern {
    pub name: &'static str,
    pub root: Option<&'static str>,
    pub benefit: u16,
    pub f: ConversionFnBody,
}

impl ConversionPattern for FnConversionPattern {
    fn name(&self) -> &str {
        self.name
    }
    fn root(&self) -> Option<&'static str> {
        self.root
    }
    fn benefit(&self) -> u16 {
        self.benefit
    }
    fn match_and_rewrite(
        &self,
        op: OpId,
        operands: &[ValueId],
        rw: &mut ConversionRewriter<'_>,
    ) -> bool {
        (self.f)(op, operands, rw)
    }
}

/// The patterns of one conversion.
#[derive(Default)]
pub struct ConversionPatterns {
    patterns: Vec<Box<dyn ConversionPattern>>,
}

impl ConversionPatterns {
    pub fn new() -> ConversionPatterns {
        ConversionPatterns::default()
    }
    pub fn add(&mut self, p: impl ConversionPattern + 'static) -> &mut Self {
        self.patterns.push(Box::new(p));
        self
    }
    /// Add a pattern for ops named `root` (`None`: any op), written as a function.
    pub fn add_fn(
        &mut self,
        name: &'static str,
        root: Option<&'static str>,
        benefit: u16,
        f: ConversionFnBody,
    ) -> &mut Self {
        self.add(FnConversionPattern {
            name,
            root,
            benefit,
            f,
        })
    }
    fn for_op<'p>(&'p self, name: &str) -> Vec<&'p dyn ConversionPattern> {
        let mut v: Vec<&dyn ConversionPattern> = self
            .patterns
            .iter()
            .map(|p| &**p)
            .filter(|p| p.root().is_none_or(|r| r == name))
            .collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.benefit()));
        v
    }
}

/// Hears about the ops a pattern creates or changes, to legalize them next.
#[derive(Default)]
struct Tracker {
    touched: Vec<OpId>,
}

impl RewriteListener for Tracker {
    fn op_inserted(&mut self, _: &Context, op: OpId) {
        self.touched.push(op);
    }
    fn op_modified(&mut self, _: &Context, op: OpId) {
        self.touched.push(op);
    }
}

/// The rewriter conversion patterns use: a [`PatternRewriter`] (through
/// `Deref`) whose replacements may change types, with the type converter.
pub struct ConversionRewriter<'a> {
    rw: PatternRewriter<'a>,
    types: Option<&'a TypeConverter>,
    /// Casts the framework made (materializations), cleaned up at the end.
    casts: &'a mut FxHashSet<OpId>,
}

impl<'a> std::ops::Deref for ConversionRewriter<'a> {
    type Target = PatternRewriter<'a>;
    fn deref(&self) -> &PatternRewriter<'a> {
        &self.rw
    }
}
impl<'a> std::ops::DerefMut for ConversionRewriter<'a> {
    fn deref_mut(&mut self) -> &mut PatternRewriter<'a> {
        &mut self.rw
    }
}

impl ConversionRewriter<'_> {
    pub fn type_converter(&self) -> Option<&TypeConverter> {
        self.types
    }

    /// `ty` converted (itself without a type converter).
    pub fn convert_type(&self, ty: Type) -> Option<Type> {
        match self.types {
            Some(t) => t.convert_type(&self.rw, ty),
            None => Some(ty),
        }
    }

    /// Replace `op`'s results with `values`, which may have other (converted)
    /// types: users not converted yet get a source materialization.
    pub fn replace_op_with_values(&mut self, op: OpId, values: &[ValueId]) {
        let mut replacements = Vec::with_capacity(values.len());
        for (i, &v) in values.iter().enumerate() {
            let old = self.rw.value_type(self.rw.result(op, i));
            if self.rw.value_type(v) == old || !self.rw.has_uses(self.rw.result(op, i)) {
                replacements.push(v);
                continue;
            }
            let loc = self.rw.loc(op);
            let cast = self.materialize(Kind::Source, InsertPoint::Before(op), old, v, loc);
            replacements.push(cast);
        }
        // The casts keep the old types, so the plain replacement type-checks.
        self.rw.replace_op_with_values(op, &replacements);
    }

    /// Replace `op` with the results of `new` (see [`replace_op_with_values`](Self::replace_op_with_values)).
    pub fn replace_op(&mut self, op: OpId, new: OpId) {
        let values: Vec<ValueId> = self.rw.results(new).collect();
        self.replace_op_with_values(op, &values);
    }

    /// Give the arguments of every block of `region` their converted types;
    /// their users see the old types through source materializations at the
    /// start of each block. `false` (and no change) when a type has no conversion.
    pub fn convert_region_types(&mut self, region: RegionId) -> bool {
        let Some(types) = self.types else {
            return true;
        };
        let blocks = self.rw.region_blocks(region).to_vec();
        let mut plan = Vec::new();
        for &b in &blocks {
            for &arg in self.rw.block_args(b) {
                let old = self.rw.value_type(arg);
                match types.convert_type(&self.rw, old) {
                    Some(new) if new == old => {}
                    Some(new) => plan.push((b, arg, old, new)),
                    None => return false,
                }
            }
        }
        for (b, arg, old, new) in plan {
            self.rw.set_value_type(arg, new);
            if !self.rw.has_uses(arg) {
                continue;
            }
            let users: Vec<cuwasm::Use> = self.rw.uses(arg).to_vec();
            let loc = self.rw.loc;
            let cast = self.materialize(Kind::Source, InsertPoint::Start(b), old, arg, loc);
            for u in users {
                self.rw.set_operand(u.op, u.index as usize, cast);
            }
        }
        true
    }

    fn materialize(
        &mut self,
        kind: Kind,
        at: InsertPoint,
        ty: Type,
        input: ValueId,
        loc: Location,
    ) -> ValueId {
        let saved = self.rw.ip;
        self.rw.set_insertion_point(at);
        let types = self.types;
        let v = self.rw.build(|b| {
            let none: &[MaterializationFn] = &[];
            let callbacks = match (types, kind) {
                (Some(t), Kind::Source) => &t.source[..],
                (Some(t), Kind::Target) => &t.target[..],
                (None, _) => none,
            };
            TypeConverter::materialize(callbacks, b, ty, &[input], loc)
        });
        self.rw.set_insertion_point(saved);
        if let Some(def) = self.rw.defining_op(v) {
            self.casts.insert(def);
        }
        v
    }

    /// The operands of `op` as a pattern sees them: values replaced earlier
    /// by values of a converted type are seen as those, and other operands
    /// of a convertible type through a target materialization.
    fn remapped_operands(&mut self, op: OpId) -> Vec<ValueId> {
        let operands = self.rw.operands(op).to_vec();
        let mut out = Vec::with_capacity(operands.len());
        for v in operands {
            let ty = self.rw.value_type(v);
            let Some(want) = self.convert_type(ty) else {
                out.push(v);
                continue;
            };
            if want == ty {
                out.push(v);
                continue;
            }
            // A cast we made from a converted value: see through it.
            if let Some(def) = self.rw.defining_op(v)
                && self.casts.contains(&def)
                && self.rw.num_operands(def) == 1
                && self.rw.value_type(self.rw.operand(def, 0)) == want
            {
                out.push(self.rw.operand(def, 0));
                continue;
            }
            let loc = self.rw.loc(op);
            out.push(self.materialize(Kind::Target, InsertPoint::Before(op), want, v, loc));
        }
        out
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Source,
    Target,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Partial,
    Full,
}

/// What a conversion did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConversionOutcome {
    /// Successful pattern applications.
    pub rewrites: u64,
    /// Materializations left in the IR (casts between old and new types).
    pub casts_left: usize,
}

/// Convert the ops under `root` (not `root` itself) so that none is illegal;
/// ops the target says nothing about may stay.
pub fn apply_partial_conversion(
    ctx: &mut Context,
    root: OpId,
    target: &ConversionTarget,
    patterns: &ConversionPatterns,
    types: Option<&TypeConverter>,
) -> Result<ConversionOutcome, Diagnostic> {
    convert(ctx, root, target, patterns, types, Mode::Partial)
}

/// Convert the ops under `root` (not `root` itself) so that every one is legal.
pub fn apply_full_conversion(
    ctx: &mut Context,
    root: OpId,
    target: &ConversionTarget,
    patterns: &ConversionPatterns,
    types: Option<&TypeConverter>,
) -> Result<ConversionOutcome, Diagnostic> {
    convert(ctx, root, target, patterns, types, Mode::Full)
}

fn convert(
    ctx: &mut Context,
    root: OpId,
    target: &ConversionTarget,
    patterns: &ConversionPatterns,
    types: Option<&TypeConverter>,
    mode: Mode,
) -> Result<ConversionOutcome, Diagnostic> {
    let mut out = ConversionOutcome::default();
    let mut casts: FxHashSet<OpId> = FxHashSet::default();
    let mut queue: VecDeque<OpId> = ctx.walk_preorder(root).into_iter().skip(1).collect();
    let mut budget = 16 * queue.len() + 1024;
    while let Some(op) = queue.pop_front() {
        if ctx.is_erased(op) || ctx.parent_block(op).is_none() || casts.contains(&op) {
            continue;
        }
        if target.legality(ctx, op) == Legality::Legal {
            continue;
        }
        if budget == 0 {
            return Err(ctx.op_error(
                op,
                "the conversion did not converge: patterns keep rewriting the ops they create",
            ));
        }
        budget -= 1;
        let name = ctx.op_name_text(op).to_string();
        let mut tracker = Tracker::default();
        let mut applied = false;
        for pattern in patterns.for_op(&name) {
            let mut crw = ConversionRewriter {
                rw: PatternRewriter::with_listener_before(ctx, &mut tracker, op),
                types,
                casts: &mut casts,
            };
            let operands = crw.remapped_operands(op);
            crw.set_insertion_point_before(op);
            if pattern.match_and_rewrite(op, &operands, &mut crw) {
                applied = true;
                break;
            }
        }
        if !applied {
            continue;
        }
        out.rewrites += 1;
        // Legalize what the pattern made or changed next (in creation order),
        // then the op itself if it survived.
        let mut next: Vec<OpId> = Vec::new();
        for o in tracker.touched {
            if !next.contains(&o) {
                next.push(o);
            }
        }
        if !ctx.is_erased(op) && !next.contains(&op) {
            next.push(op);
        }
        for o in next.into_iter().rev() {
            queue.push_front(o);
        }
    }
    out.casts_left = cleanup_casts(ctx, &mut casts);
    // What is left must satisfy the target.
    for op in ctx.walk_preorder(root).into_iter().skip(1) {
        if casts.contains(&op) {
            continue;
        }
        match (target.legality(ctx, op), mode) {
            (Legality::Legal, _) | (Legality::Unknown, Mode::Partial) => {}
            (Legality::Illegal, Mode::Partial) => {
                return Err(Diagnostic::error(
                    ctx.loc(op),
                    format!(
                        "failed to legalize operation '{}' that was explicitly marked illegal",
                        ctx.op_name_text(op)
                    ),
                ));
            }
            (_, Mode::Full) => {
                return Err(Diagnostic::error(
                    ctx.loc(op),
                    format!("failed to legalize operation '{}'", ctx.op_name_text(op)),
                ));
            }
        }
    }
    Ok(out)
}

/// Fold materializations that undo one another (`B → A` of `A → B` gives the
/// original), whatever ops the callbacks made them of, and erase unused ones,
/// until none changes; the number of casts left.
fn cleanup_casts(ctx: &mut Context, casts: &mut FxHashSet<OpId>) -> usize {
    let mut order: Vec<OpId> = casts.iter().copied().collect();
    order.sort();
    loop {
        let mut changed = false;
        for &c in &order {
            if ctx.is_erased(c) {
                continue;
            }
            if ctx.num_operands(c) == 1
                && let Some(inner) = ctx.defining_op(ctx.operand(c, 0))
                && casts.contains(&inner)
                && ctx.num_operands(inner) == 1
                && ctx.value_type(ctx.operand(inner, 0)) == ctx.value_type(ctx.result(c, 0))
            {
                let original = ctx.operand(inner, 0);
                ctx.replace_all_uses(ctx.result(c, 0), original);
                changed = true;
            }
            if ctx.results(c).all(|r| !ctx.has_uses(r)) {
                ctx.erase_op(c);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    casts.retain(|&c| !ctx.is_erased(c));
    casts.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transforms::utils::testing::context;
    use cuwasm::{OperationState, PrintOptions};

    const INPUT: &str = r#""builtin.module"() ({
  "func.func"() <{function_type = (i32, i32) -> i32, sym_name = "f"}> ({
  ^bb0(%arg0: i32, %arg1: i32):
    %0 = "arith.constant"() <{value = 7 : i32}> : () -> i32
    %1 = "arith.addi"(%arg0, %0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
    %2 = "arith.cmpi"(%1, %arg1) <{predicate = 2 : i64}> : (i32, i32) -> i1
    %3 = "arith.select"(%2, %1, %arg1) : (i1, i32, i32) -> i32
    "func.return"(%3) : (i32) -> ()
  }) : () -> ()
}) : () -> ()
"#;

    /// i32 becomes i64; every other type stays.
    fn widen() -> TypeConverter {
        let mut t = TypeConverter::new();
        t.add_conversion(|_, ty| Some(ty));
        t.add_conversion(|ctx, ty| (ty == ctx.i32()).then(|| ctx.i64()));
        t
    }

    /// arith and func are legal once no i32 is left in them.
    fn target() -> ConversionTarget {
        let mut t = ConversionTarget::new();
        t.add_dynamically_legal_dialect("arith", |ctx, op| widen().is_legal_op(ctx, op));
        t.add_dynamically_legal_op("func.return", |ctx, op| widen().is_legal_op(ctx, op));
        t.add_dynamically_legal_op("func.func", |ctx, op| {
            let ty = ctx
                .attr_type(ctx.prop(op, "function_type").unwrap())
                .unwrap();
            widen().is_signature_legal(ctx, ty)
        });
        t.add_legal_op("builtin.module");
        t
    }

    /// Any arith op: the same op on the converted operands and result types.
    fn arith_op(op: OpId, operands: &[ValueId], rw: &mut ConversionRewriter<'_>) -> bool {
        if !rw.op_name_text(op).starts_with("arith.") {
            return false;
        }
        let Some(results) = rw
            .result_types(op)
            .into_iter()
            .map(|t| rw.convert_type(t))
            .collect::<Option<Vec<Type>>>()
        else {
            return false;
        };
        let mut props = rw.properties(op);
        if let Some(v) = rw.prop(op, "value")
            && let Some(i) = rw.attr_int(v)
        {
            let widened = rw.int_attr(results[0], i);
            props = rw.dict_set(props, "value", Some(widened));
        }
        let mut state = OperationState::new(&rw, rw.op_name_text(op), rw.loc(op))
            .operands(operands)
            .results(&results);
        state.properties = Some(props);
        let new = rw.create(state);
        rw.replace_op(op, new);
        true
    }

    fn func_signature(op: OpId, _: &[ValueId], rw: &mut ConversionRewriter<'_>) -> bool {
        let ty = rw.attr_type(rw.prop(op, "function_type").unwrap()).unwrap();
        let Some(new) = rw.type_converter().unwrap().convert_function_type(&rw, ty) else {
            return false;
        };
        if !rw.convert_region_types(rw.region(op, 0)) {
            return false;
        }
        let attr = rw.type_attr(new);
        rw.set_prop(op, "function_type", Some(attr));
        true
    }

    fn func_return(op: OpId, operands: &[ValueId], rw: &mut ConversionRewriter<'_>) -> bool {
        rw.set_operands(op, operands);
        true
    }

    fn patterns() -> ConversionPatterns {
        let mut p = ConversionPatterns::new();
        p.add_fn("arith-widen", None, 1, arith_op)
            .add_fn("func-signature", Some("func.func"), 1, func_signature)
            .add_fn("func-return", Some("func.return"), 1, func_return);
        p
    }

    fn run(input: &str, full: bool) -> (Context, OpId, Result<ConversionOutcome, Diagnostic>) {
        let mut ctx = context();
        let module = cuwasm::parse_module(&mut ctx, "t.mlir", input.to_string()).unwrap();
        let (target, patterns, types) = (target(), patterns(), widen());
        let r = match full {
            true => apply_full_conversion(&mut ctx, module, &target, &patterns, Some(&types)),
            false => apply_partial_conversion(&mut ctx, module, &target, &patterns, Some(&types)),
        };
        (ctx, module, r)
    }

    #[test]
    fn full_conversion_widens_every_value_and_leaves_no_cast() {
        let (ctx, module, r) = run(INPUT, true);
        let out = r.unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        ctx.verify(module).unwrap();
        let text = ctx.print_op(module, PrintOptions::default());
        assert_eq!(out.casts_left, 0, "{text}");
        assert!(!text.contains("i32"), "{text}");
        assert!(
            text.contains(r#"<{value = 7 : i64}> : () -> i64"#),
            "{text}"
        );
        assert!(
            text.contains(r#""arith.select"(%2, %1, %arg1) : (i1, i64, i64) -> i64"#),
            "{text}"
        );
        assert!(text.contains("function_type = (i64, i64) -> i64"), "{text}");
    }

    #[test]
    fn partial_conversion_keeps_unknown_ops_behind_casts() {
        let input = INPUT.replace(
            r#""func.return"(%3)"#,
            r#"%4 = "math.absi"(%3) : (i32) -> i32
    "func.return"(%4)"#,
        );
        let (ctx, module, r) = run(&input, false);
        let out = r.unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        ctx.verify(module).unwrap();
        let text = ctx.print_op(module, PrintOptions::default());
        assert_eq!(out.casts_left, 2, "{text}");
        assert!(
            text.contains(r#""builtin.unrealized_conversion_cast"(%3) : (i64) -> i32"#),
            "{text}"
        );
        assert!(text.contains(r#""math.absi"(%4) : (i32) -> i32"#), "{text}");
        assert!(
            text.contains(r#""builtin.unrealized_conversion_cast"(%5) : (i32) -> i64"#),
            "{text}"
        );
    }

    #[test]
    fn materialization_callbacks_replace_the_default_casts() {
        let input = INPUT.replace(
            r#""func.return"(%3)"#,
            r#"%4 = "math.absi"(%3) : (i32) -> i32
    "func.return"(%4)"#,
        );
        let mut ctx = context();
        let module = cuwasm::parse_module(&mut ctx, "t.mlir", input).unwrap();
        let mut types = widen();
        let cast = |name: &'static str| {
            move |b: &mut Builder<'_>, ty: Type, inputs: &[ValueId], loc: Location| {
                let state = OperationState::new(b.ctx, name, loc)
                    .operands(inputs)
                    .results(&[ty]);
                let op = b.insert(state);
                Some(b.result(op, 0))
            }
        };
        types
            .add_source_materialization(cast("arith.trunci"))
            .add_target_materialization(cast("arith.extsi"));
        let out = apply_partial_conversion(&mut ctx, module, &target(), &patterns(), Some(&types))
            .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)));
        ctx.verify(module).unwrap();
        let text = ctx.print_op(module, PrintOptions::default());
        assert_eq!(out.casts_left, 2, "{text}");
        assert!(
            text.contains(r#""arith.trunci"(%3) : (i64) -> i32"#),
            "{text}"
        );
        assert!(
            text.contains(r#""arith.extsi"(%5) : (i32) -> i64"#),
            "{text}"
        );
        assert!(!text.contains("unrealized_conversion_cast"), "{text}");
    }

    #[test]
    fn full_conversion_names_the_op_it_cannot_legalize() {
        let input = INPUT.replace(
            r#"    "func.return"(%3)"#,
            r#"    %4 = "math.absi"(%3) : (i32) -> i32
    "func.return"(%4)"#,
        );
        let (ctx, _, r) = run(&input, true);
        let d = r.unwrap_err();
        let text = ctx.render_diagnostic(&d);
        assert!(
            text.contains("t.mlir:8:10: error: failed to legalize operation 'math.absi'"),
            "{text}"
        );
    }

    #[test]
    fn partial_conversion_fails_on_an_illegal_op_without_pattern() {
        let mut ctx = context();
        let module = cuwasm::parse_module(&mut ctx, "t.mlir", INPUT.to_string()).unwrap();
        let mut target = target();
        target.add_illegal_op("arith.cmpi");
        let mut patterns = ConversionPatterns::new();
        patterns.add_fn("func-signature", Some("func.func"), 1, func_signature);
        let types = widen();
        let d = apply_partial_conversion(&mut ctx, module, &target, &patterns, Some(&types))
            .unwrap_err();
        let text = ctx.render_diagnostic(&d);
        assert!(
            text.contains(
                "error: failed to legalize operation 'arith.constant' that was explicitly marked illegal"
            ),
            "{text}"
        );
    }

    #[test]
    fn targets_prefer_op_rules_to_dialect_rules() {
        let mut ctx = context();
        let module = cuwasm::parse_module(&mut ctx, "t.mlir", INPUT.to_string()).unwrap();
        let mut t = ConversionTarget::new();
        t.add_illegal_dialect("arith").add_legal_op("arith.addi");
        let ops = ctx.walk_preorder(module);
        let find = |name: &str| *ops.iter().find(|o| ctx.is_op(**o, name)).unwrap();
        assert_eq!(t.legality(&ctx, find("arith.addi")), Legality::Legal);
        assert_eq!(t.legality(&ctx, find("arith.cmpi")), Legality::Illegal);
        assert_eq!(t.legality(&ctx, find("func.return")), Legality::Unknown);
        t.mark_unknown_op_dynamically_legal(|ctx, op| ctx.num_operands(op) == 1);
        assert_eq!(t.legality(&ctx, find("func.return")), Legality::Legal);
    }
}
