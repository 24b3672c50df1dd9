//! # cuwasm: the IR core
//!
//! An MLIR-style IR in Rust. The [`Context`] owns arenas of operations, blocks,
//! regions and values, named by `Copy` ids ([`OpId`], [`BlockId`], [`RegionId`],
//! [`ValueId`]); types and attributes are interned handles ([`Type`], [`Attr`]).
//! Operations are generic (name, operands, results, properties, attributes,
//! regions, successors, location); what an op means is registered in an
//! [`OpInfo`], usually declared with the [`op!`] macro by a dialect
//! (crate `cuwasm-dialects`).
//!
//! The textual format is MLIR's generic syntax: [`parse_module`] and
//! [`Context::print_op`] round-trip it exactly.
//!
//! Files: `context.rs` (arenas, registry), `operation.rs`, `block.rs`,
//! `region.rs`, `value.rs` (use lists), `types.rs`, `attributes.rs`,
//! `location.rs`, `builder.rs`, `clone.rs`, `walk.rs`, `symbol_table.rs`,
//! `verifier.rs`, `op_info.rs` (traits, interfaces), `op_macro.rs`,
//! `diagnostics.rs`, `effects.rs` (memory-effect queries), `rewrite.rs` (patterns and the rewriter), `float.rs`, `text/` (lexer, parser, printer).

mod attributes;
mod block;
mod builder;
mod clone;
mod context;
mod diagnostics;
mod effects;
pub mod float;
mod ids;
mod location;
pub mod op_info;
pub mod op_macro;
mod operation;
mod region;
pub mod rewrite;
mod symbol_table;
pub mod text;
mod types;
mod uniquer;
mod value;
mod verifier;
mod walk;

pub use attributes::{Attr, AttrData, DenseValues, LocationData};
pub use block::BlockOps;
pub use builder::{Builder, InsertPoint};
pub use clone::IrMapping;
pub use context::{Context, OpName};
pub use diagnostics::{Diagnostic, Severity};
pub use ids::{BlockId, OpId, RegionId, ValueId};
pub use location::{FilePos, Location};
pub use op_info::{
    Arity, CanonicalizeFn, DialectInfo, Effect, EffectKind, FoldResult, OpInfo, RegionPoint, Slot,
    Traits,
};
pub use op_macro::OpView;
pub use operation::OperationState;
pub use rewrite::{
    FnPattern, FrozenPatternSet, PatternRewriter, PatternSet, RewriteListener, RewriteLog,
    RewritePattern,
};
pub use text::parser::{MAX_NESTING, parse_attribute, parse_module, parse_type};
pub use text::printer::PrintOptions;
pub use types::{DYNAMIC, FloatKind, Signedness, Type, TypeData};
pub use uniquer::Symbol;
pub use value::{Use, ValueDef};
pub use walk::WalkResult;
