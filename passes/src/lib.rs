//! # cuwasm-passes
//!
//! How IR gets transformed, in the order data flows:
//!
//! - `pipeline.rs`: MLIR's textual pipeline grammar
//!   (`builtin.module(func.func(canonicalize,cse))`);
//! - `pass.rs`: the [`Pass`] trait, [`PassInfo`] (name, description, options)
//!   and pass options; `registry.rs`: passes by name;
//! - `manager.rs`: the [`PassManager`] that runs a pipeline, nested on the ops it
//!   anchors on, in parallel over isolated ops; `instrumentation.rs`: verify-each,
//!   IR printing, timing, statistics, reproducers;
//! - `rewrite/`: the greedy pattern driver and the dialect conversion framework;
//! - `transforms/`: dialect-agnostic passes (canonicalize, cse, dce, ...), one per file;
//! - `conversions/`: dialect A to dialect B, one pass per file (the CPU path's
//!   conversions: docs/cpu-abi.md);
//! - `plugin.rs`: pass plugins loaded from shared libraries.

pub mod conversions;
pub mod instrumentation;
pub mod manager;
pub mod pass;
pub mod pipeline;
pub mod plugin;
pub mod registry;
pub mod rewrite;
pub mod transforms;

pub use instrumentation::{Instrumentation, PassRecord, RunLog};
pub use manager::{PassManager, PipelineFailure, PipelineOptions};
pub use pass::{OptionKind, OptionSpec, OptionValue, Pass, PassInfo, PassOptions, PassState};
pub use pipeline::{PipelineElement, PipelineError, parse_pipeline};
pub use registry::PassRegistry;
