//! Semantic analysis of CUDA C++: the rules the lowering ([`super::lower`])
//! applies while it walks the AST.
//!
//! - [`types`]: semantic types ([`CType`]) with sizes and alignment (LP64,
//!   signed `char`), integer promotion, the usual arithmetic conversions,
//!   literal types, and the IR type of each.
//! - [`scope`]: nested scopes for name lookup.
//! - [`decl`]: written types resolved through typedefs; function signatures.
//! - [`record`]: struct layout (field offsets, size, alignment).
//! - [`template`]: template arguments, bindings, deduction and the
//!   symbols of instances.
//! - [`expr`]: operator typing (pointer arithmetic scaled by the element
//!   size, comparisons, shifts) and integer constant expressions.
//!
//! Type checking happens as the lowering walks each function (one pass over
//! the tree, no typed copy of it): every expression is typed before its IR
//! is made, and an ill-typed or unsupported construct is a located
//! diagnostic.

pub mod decl;
pub mod expr;
pub mod record;
pub mod scope;
pub mod template;
pub mod types;

pub use decl::{Signature, Typedefs, resolve_type};
pub use types::CType;
