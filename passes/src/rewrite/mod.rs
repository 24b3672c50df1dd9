//! Rewrite drivers over the patterns of the IR core (`cuwasm::rewrite`):
//!
//! - [`greedy`]: apply folders and patterns to a fixed point (what
//!   `canonicalize` runs), with MLIR's constant deduplication and hoisting;
//! - [`conversion`]: the dialect conversion framework (legal and illegal ops,
//!   a type converter with materializations, partial and full conversion).

pub mod conversion;
pub mod greedy;

pub use conversion::{
    ConversionPattern, ConversionRewriter, ConversionTarget, Legality, TypeConverter,
    apply_full_conversion, apply_partial_conversion,
};
pub use greedy::{
    GreedyConfig, GreedyOutcome, NotConverged, RegionSimplify, apply_patterns_greedily,
};
