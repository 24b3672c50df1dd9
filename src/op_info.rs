//! What the framework knows about a registered operation: its traits, its
//! declared operands/results/properties, and the hooks (verifier, folder,
//! interfaces) that generic passes use without knowing the op.

use crate::{Attr, Builder, Context, Diagnostic, Location, OpId, Type, ValueId};
use std::ops::Range;
use std::sync::Arc;

bitflags::bitflags! {
    /// Op traits, as MLIR names them.
    #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
    pub struct Traits: u32 {
        /// No side effects; removable when unused, movable, CSE-able.
        const PURE = 1 << 0;
        /// Operands may be swapped (canonical order: constants last).
        const COMMUTATIVE = 1 << 1;
        /// Must be the last op of its block.
        const TERMINATOR = 1 << 2;
        /// Regions may not use values defined above the op.
        const ISOLATED_FROM_ABOVE = 1 << 3;
        /// Materializes a constant held in its `value` property.
        const CONSTANT_LIKE = 1 << 4;
        /// All operands and results have one type.
        const SAME_OPERANDS_AND_RESULT_TYPE = 1 << 5;
        /// Defines a symbol through its `sym_name` property.
        const SYMBOL = 1 << 6;
        /// Its region is a symbol table: symbol names are unique in it.
        const SYMBOL_TABLE = 1 << 7;
        /// Its blocks need no terminator.
        const NO_TERMINATOR = 1 << 8;
        /// Each region has at most one block.
        const SINGLE_BLOCK = 1 << 9;
        /// Its regions are graph regions: no dominance requirement.
        const GRAPH_REGION = 1 << 10;
        /// Returns control to the parent op (func.return, scf.yield, gpu.return).
        const RETURN_LIKE = 1 << 11;
        /// All operands have one type (results may differ: cmpi).
        const SAME_TYPE_OPERANDS = 1 << 12;
        /// Elementwise over vectors of its scalar operands.
        const ELEMENTWISE = 1 << 13;
        /// No memory effects, but not speculatable (division may trap): not hoistable.
        const NO_MEMORY_EFFECT = 1 << 14;
        /// Its memory effects are those of the ops in its regions (scf.for, scf.if).
        const RECURSIVE_MEMORY_EFFECTS = 1 << 15;
    }
}

/// How many values an operand/result/successor slot takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Arity {
    One,
    Optional,
    Variadic,
}

/// A declared operand, result, property, region or successor.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    pub name: &'static str,
    pub arity: Arity,
}

/// A side effect on memory, as the memory-effect interface reports it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EffectKind {
    Read,
    Write,
    Allocate,
    Free,
}

/// One effect of an op; `on` is the pointer operand when it is known.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Effect {
    pub kind: EffectKind,
    pub on: Option<ValueId>,
}

/// Where control goes inside a region-holding op (region-branch interface).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RegionPoint {
    /// The op itself: entering from outside, or leaving to the parent.
    Parent,
    /// The region with this index.
    Region(usize),
}

/// The result of folding: each result is a constant or an existing value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FoldResult {
    Attr(Attr),
    Value(ValueId),
}

pub type VerifyFn = fn(&Context, OpId) -> Result<(), Diagnostic>;
/// Fold with the constant values of the operands (`None` where not constant).
pub type FoldFn = fn(&Context, OpId, &[Option<Attr>]) -> Option<Vec<FoldResult>>;
pub type EffectsFn = fn(&Context, OpId) -> Vec<Effect>;
/// Successors of `point`: regions entered, or `Parent` for leaving the op.
pub type RegionBranchFn = fn(&Context, OpId, RegionPoint) -> Vec<RegionPoint>;
/// Operand range forwarded to successor `index` (branch interface).
pub type SuccessorOperandsFn = fn(&Context, OpId, usize) -> Range<usize>;
/// The callee symbol of a call op.
pub type CalleeFn = fn(&Context, OpId) -> Option<Attr>;
/// Add the op's canonicalization patterns (MLIR's `getCanonicalizationPatterns`).
pub type CanonicalizeFn = fn(&mut crate::PatternSet);
/// Build a constant op of this dialect for `value : ty` (used by folding).
pub type MaterializeFn = fn(&mut Builder<'_>, Attr, Type, Location) -> Option<ValueId>;

/// Everything registered for one operation name.
#[derive(Clone, Debug)]
pub struct OpInfo {
    pub name: &'static str,
    pub summary: &'static str,
    pub traits: Traits,
    pub operands: &'static [Slot],
    pub results: &'static [Slot],
    pub properties: &'static [Slot],
    pub regions: &'static [Slot],
    pub successors: &'static [Slot],
    pub verify: Option<VerifyFn>,
    pub fold: Option<FoldFn>,
    pub canonicalize: Option<CanonicalizeFn>,
    pub effects: Option<EffectsFn>,
    pub region_branch: Option<RegionBranchFn>,
    pub successor_operands: Option<SuccessorOperandsFn>,
    pub callee: Option<CalleeFn>,
}

impl OpInfo {
    /// An entry with no declared structure (used by [`op!`](crate::op) as the base).
    pub const fn new(name: &'static str) -> OpInfo {
        OpInfo {
            name,
            summary: "",
            traits: Traits::empty(),
            operands: &[],
            results: &[],
            properties: &[],
            regions: &[],
            successors: &[],
            verify: None,
            fold: None,
            canonicalize: None,
            effects: None,
            region_branch: None,
            successor_operands: None,
            callee: None,
        }
    }

    pub fn has(&self, t: Traits) -> bool {
        self.traits.contains(t)
    }

    /// The dialect prefix of the op name.
    pub fn dialect(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(d, _)| d)
    }
}

/// A registered dialect.
#[derive(Clone, Debug)]
pub struct DialectInfo {
    pub name: &'static str,
    pub summary: &'static str,
    /// Builds a constant from a folded attribute.
    pub materialize_constant: Option<MaterializeFn>,
    /// Accepts ops of this dialect that are not registered (like MLIR's `allowUnknownOperations`).
    pub allow_unknown_ops: bool,
}

/// Op and dialect registrations, shared (copy-on-write) by contexts split off one another.
#[derive(Clone, Default)]
pub(crate) struct Registry {
    pub(crate) ops: Vec<Option<Arc<OpInfo>>>,
    pub(crate) dialects: rustc_hash::FxHashMap<&'static str, Arc<DialectInfo>>,
}
