//! # cuwasm-passes
//!
//! The pass manager, the pipeline parser, the pass registry and the plugin
//! loader live here, with `transforms/` (dialect-agnostic passes such as
//! canonicalize, cse, dce) and `conversions/` (dialect A to dialect B).
//! Nothing is registered yet: this crate is built up by the pass-manager issue.
