//! Declarative op definitions: [`op!`](crate::op) turns a short declaration into
//! a typed view with accessors, a builder and the [`OpInfo`] registry entry.
//!
//! ```ignore
//! op! {
//!     /// Integer addition.
//!     AddIOp = "arith.addi",
//!     operands: [lhs: One, rhs: One],
//!     results: [result: One],
//!     properties: [overflowFlags: Optional],
//!     traits: [PURE, COMMUTATIVE, SAME_OPERANDS_AND_RESULT_TYPE],
//!     fold: fold_addi,
//! }
//! ```
//! Sections are optional but keep this order: operands, results, properties,
//! regions, successors, traits, then the hooks verify, fold, canonicalize
//! (a `fn(&mut PatternSet)` adding the op's canonicalization patterns),
//! effects, region_branch, successor_operands, callee.

use crate::{Arity, Attr, Builder, Context, OpId, OpInfo, OperationState, Slot, Type, ValueId};

/// A typed view of one kind of operation.
pub trait OpView: Copy {
    const NAME: &'static str;
    fn info() -> OpInfo;
    fn from_id(op: OpId) -> Self;
    fn id(self) -> OpId;
    /// The view of `op` if it is this kind of op.
    fn cast(ctx: &Context, op: OpId) -> Option<Self> {
        ctx.is_op(op, Self::NAME).then(|| Self::from_id(op))
    }
}

impl Context {
    /// Register the op behind a typed view.
    pub fn register<T: OpView>(&mut self) {
        self.register_op(T::info());
    }
}

/// Position of `name` in `slots` (evaluated at compile time by the macro).
pub const fn slot_index(slots: &[Slot], name: &str) -> usize {
    let mut i = 0;
    while i < slots.len() {
        let (a, b) = (slots[i].name.as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("no such slot")
}

/// The sizes of each slot given `total` values, or `None` if they cannot match.
/// With more than one variable-size slot the sizes come from `segments`.
pub fn group_sizes(slots: &[Slot], total: usize, segments: Option<&[i128]>) -> Option<Vec<usize>> {
    let variable = slots.iter().filter(|s| s.arity != Arity::One).count();
    if variable > 1 {
        let seg = segments?;
        if seg.len() != slots.len() || seg.iter().any(|s| *s < 0) {
            return None;
        }
        let sizes: Vec<usize> = seg.iter().map(|s| *s as usize).collect();
        let ok = sizes.iter().sum::<usize>() == total
            && slots.iter().zip(&sizes).all(|(s, n)| match s.arity {
                Arity::One => *n == 1,
                Arity::Optional => *n <= 1,
                Arity::Variadic => true,
            });
        return ok.then_some(sizes);
    }
    let fixed = slots.len() - variable;
    if total < fixed || (variable == 0 && total != fixed) {
        return None;
    }
    let rest = total - fixed;
    let sizes: Vec<usize> = slots
        .iter()
        .map(|s| match s.arity {
            Arity::One => 1,
            _ => rest,
        })
        .collect();
    let optional_ok = slots
        .iter()
        .all(|s| s.arity != Arity::Optional || rest <= 1);
    optional_ok.then_some(sizes)
}

/// The values of slot `index` among `values` laid out by `slots`.
pub fn slot_group<'a>(
    slots: &[Slot],
    values: &'a [ValueId],
    segments: Option<&[i128]>,
    index: usize,
) -> &'a [ValueId] {
    let Some(sizes) = group_sizes(slots, values.len(), segments) else {
        return &[];
    };
    let start: usize = sizes[..index].iter().sum();
    &values[start..start + sizes[index]]
}

/// Group `index` of regions or successors (at most one variable-size slot).
pub fn slot_range<'a, T>(slots: &[Slot], items: &'a [T], index: usize) -> &'a [T] {
    let Some(sizes) = group_sizes(slots, items.len(), None) else {
        return &[];
    };
    let start: usize = sizes[..index].iter().sum();
    &items[start..start + sizes[index]]
}

/// Operand group `index` of `op`.
pub fn operand_group<'a>(
    ctx: &'a Context,
    op: OpId,
    slots: &[Slot],
    index: usize,
) -> &'a [ValueId] {
    let seg = ctx
        .prop(op, "operandSegmentSizes")
        .and_then(|a| ctx.attr_dense_array(a));
    slot_group(slots, ctx.operands(op), seg, index)
}

/// Result group `index` of `op`.
pub fn result_group(ctx: &Context, op: OpId, slots: &[Slot], index: usize) -> Vec<ValueId> {
    let seg = ctx
        .prop(op, "resultSegmentSizes")
        .and_then(|a| ctx.attr_dense_array(a));
    let results: Vec<ValueId> = ctx.results(op).collect();
    slot_group(slots, &results, seg, index).to_vec()
}

/// Create an op named `name` at the builder's insertion point (used by generated builders).
pub fn build_op(
    b: &mut Builder<'_>,
    info: &OpInfo,
    operands: &[ValueId],
    results: &[Type],
    props: &[(&str, Attr)],
) -> OpId {
    let loc = b.loc;
    let mut state = OperationState::new(b.ctx, info.name, loc)
        .operands(operands)
        .results(results)
        .regions(info.regions.len());
    for (k, v) in props {
        state = state.property(b.ctx, k, *v);
    }
    b.insert(state)
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_accessor {
    (One, $g:expr) => {
        $g[0]
    };
    (Optional, $g:expr) => {
        $g.first().copied()
    };
    (Variadic, $g:expr) => {
        $g
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_accessor_ty {
    (One) => { $crate::ValueId };
    (Optional) => { Option<$crate::ValueId> };
    (Variadic) => { &'c [$crate::ValueId] };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_group_ty {
    (One, $t:ty) => { $t };
    (Optional, $t:ty) => { Option<$t> };
    (Variadic, $t:ty) => { &'c [$t] };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_result_ty {
    (One) => { $crate::ValueId };
    (Optional) => { Option<$crate::ValueId> };
    (Variadic) => { Vec<$crate::ValueId> };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_prop_ty {
    (Required) => { $crate::Attr };
    (Optional) => { Option<$crate::Attr> };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_prop_get {
    (Required, $a:expr, $name:expr) => {
        $a.unwrap_or_else(|| panic!("missing required property '{}' (verify first)", $name))
    };
    (Optional, $a:expr, $name:expr) => {
        $a
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_prop_arity {
    (Required) => {
        $crate::Arity::One
    };
    (Optional) => {
        $crate::Arity::Optional
    };
}

/// Declare an operation. See the [module docs](crate::op_macro).
#[macro_export]
macro_rules! op {
    (
        $(#[doc = $doc:expr])*
        $Op:ident = $name:literal
        $(, operands: [$($on:ident : $oa:ident),* $(,)?])?
        $(, results: [$($rn:ident : $ra:ident),* $(,)?])?
        $(, properties: [$($pn:ident : $pa:ident),* $(,)?])?
        $(, regions: [$($gn:ident : $ga:ident),* $(,)?])?
        $(, successors: [$($sn:ident : $sa:ident),* $(,)?])?
        $(, traits: [$($t:ident),* $(,)?])?
        $(, verify: $verify:expr)?
        $(, fold: $fold:expr)?
        $(, canonicalize: $canon:expr)?
        $(, effects: $effects:expr)?
        $(, region_branch: $rb:expr)?
        $(, successor_operands: $so:expr)?
        $(, callee: $callee:expr)?
        $(,)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub struct $Op(pub $crate::OpId);

        #[allow(non_snake_case, dead_code)]
        impl $Op {
            pub const OPERANDS: &'static [$crate::Slot] = &[$($($crate::Slot { name: stringify!($on), arity: $crate::Arity::$oa }),*)?];
            pub const RESULTS: &'static [$crate::Slot] = &[$($($crate::Slot { name: stringify!($rn), arity: $crate::Arity::$ra }),*)?];
            pub const PROPERTIES: &'static [$crate::Slot] = &[$($($crate::Slot { name: stringify!($pn), arity: $crate::__op_prop_arity!($pa) }),*)?];
            pub const REGIONS: &'static [$crate::Slot] = &[$($($crate::Slot { name: stringify!($gn), arity: $crate::Arity::$ga }),*)?];
            pub const SUCCESSORS: &'static [$crate::Slot] = &[$($($crate::Slot { name: stringify!($sn), arity: $crate::Arity::$sa }),*)?];

            $($(
                pub fn $on<'c>(self, ctx: &'c $crate::Context) -> $crate::__op_accessor_ty!($oa) {
                    const I: usize = $crate::op_macro::slot_index($Op::OPERANDS, stringify!($on));
                    let g = $crate::op_macro::operand_group(ctx, self.0, Self::OPERANDS, I);
                    $crate::__op_accessor!($oa, g)
                }
            )*)?
            $($(
                pub fn $rn(self, ctx: &$crate::Context) -> $crate::__op_result_ty!($ra) {
                    const I: usize = $crate::op_macro::slot_index($Op::RESULTS, stringify!($rn));
                    let g = $crate::op_macro::result_group(ctx, self.0, Self::RESULTS, I);
                    $crate::__op_accessor!($ra, g)
                }
            )*)?
            $($(
                pub fn $pn(self, ctx: &$crate::Context) -> $crate::__op_prop_ty!($pa) {
                    let a = ctx.prop(self.0, stringify!($pn));
                    $crate::__op_prop_get!($pa, a, stringify!($pn))
                }
            )*)?
            $($(
                pub fn $gn<'c>(self, ctx: &'c $crate::Context) -> $crate::__op_group_ty!($ga, $crate::RegionId) {
                    const I: usize = $crate::op_macro::slot_index($Op::REGIONS, stringify!($gn));
                    let g = $crate::op_macro::slot_range(Self::REGIONS, ctx.regions(self.0), I);
                    $crate::__op_accessor!($ga, g)
                }
            )*)?
            $($(
                pub fn $sn<'c>(self, ctx: &'c $crate::Context) -> $crate::__op_group_ty!($sa, $crate::BlockId) {
                    const I: usize = $crate::op_macro::slot_index($Op::SUCCESSORS, stringify!($sn));
                    let g = $crate::op_macro::slot_range(Self::SUCCESSORS, ctx.successors(self.0), I);
                    $crate::__op_accessor!($sa, g)
                }
            )*)?

            /// Create this op at the builder's insertion point.
            pub fn build(
                b: &mut $crate::Builder<'_>,
                operands: &[$crate::ValueId],
                results: &[$crate::Type],
                props: &[(&str, $crate::Attr)],
            ) -> Self {
                $Op($crate::op_macro::build_op(b, &<Self as $crate::OpView>::info(), operands, results, props))
            }
        }

        impl $crate::OpView for $Op {
            const NAME: &'static str = $name;
            fn from_id(op: $crate::OpId) -> Self {
                $Op(op)
            }
            fn id(self) -> $crate::OpId {
                self.0
            }
            #[allow(unused_mut)]
            fn info() -> $crate::OpInfo {
                let mut info = $crate::OpInfo::new($name);
                info.summary = $crate::op_macro::first_line(&[$($doc),*]);
                info.operands = Self::OPERANDS;
                info.results = Self::RESULTS;
                info.properties = Self::PROPERTIES;
                info.regions = Self::REGIONS;
                info.successors = Self::SUCCESSORS;
                $(info.traits = $crate::Traits::empty() $(| $crate::Traits::$t)*;)?
                $(info.verify = Some($verify);)?
                $(info.fold = Some($fold);)?
                $(info.canonicalize = Some($canon);)?
                $(info.effects = Some($effects);)?
                $(info.region_branch = Some($rb);)?
                $(info.successor_operands = Some($so);)?
                $(info.callee = Some($callee);)?
                info
            }
        }
    };
}

/// The first doc line, trimmed (the op's one-line summary).
pub fn first_line(docs: &[&'static str]) -> &'static str {
    docs.first().map_or("", |d| d.trim())
}
