//! The Wasm target: a `wasm.module` (from `convert-simd-to-wasm`) to a
//! binary module with wasm-encoder, following docs/wasm-abi.md.
//!
//! - [`module`]: the sections (imports, functions, globals, exports, data)
//!   and `cuwasm_init`.
//! - [`function`]: one `wasm.func` to code. The dialect is in SSA form; every
//!   SSA value gets a local of its own and each op reads its operands from
//!   locals, so structured ops and uses across regions need no stack
//!   discipline (the engine's register allocator removes the locals).
//! - [`opcodes`]: the numeric instructions by text name.
//!
//! Every module is checked by wasmparser's validator before it leaves
//! [`emit`]: a module that fails is a compiler bug, reported and never run.
//! [`to_wat`] prints the text format with wasmprinter.

mod function;
mod module;
mod opcodes;

use cuwasm::{Context, Diagnostic, OpId};
use wasmparser::{Validator, WasmFeatures};

/// The `wasm.module` ops directly inside `root` (a `builtin.module`).
pub fn wasm_modules(ctx: &Context, root: OpId) -> Vec<OpId> {
    let Some(body) = ctx.entry_block(ctx.region(root, 0)) else {
        return Vec::new();
    };
    ctx.block_ops(body)
        .filter(|&op| ctx.is_op(op, "wasm.module"))
        .collect()
}

/// The binary module for `wasm.module` `op`, validated.
pub fn emit(ctx: &Context, op: OpId) -> Result<Vec<u8>, Diagnostic> {
    let bytes = module::encode(ctx, op)?;
    validate(&bytes).map_err(|e| {
        ctx.op_error(
            op,
            format!("internal compiler error: the Wasm emitter made an invalid module (a cuwasm bug, please report it): {e}"),
        )
    })?;
    Ok(bytes)
}

/// The features modules of this target use (docs/wasm-abi.md).
pub fn features() -> WasmFeatures {
    WasmFeatures::default()
        | WasmFeatures::THREADS
        | WasmFeatures::RELAXED_SIMD
        | WasmFeatures::MEMORY64
}

/// Check `bytes` with wasmparser's validator.
pub fn validate(bytes: &[u8]) -> Result<(), String> {
    Validator::new_with_features(features())
        .validate_all(bytes)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The text format of a binary module.
pub fn to_wat(bytes: &[u8]) -> Result<String, String> {
    wasmprinter::print_bytes(bytes).map_err(|e| e.to_string())
}
