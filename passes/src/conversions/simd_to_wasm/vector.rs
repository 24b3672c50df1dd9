//! 128-bit vectors (the lanes of `vectorize-thread-loops`) as `v128`.

use super::function::FnConv;
use cuwasm::{Attr, Diagnostic, OpId, Type, ValueId};

impl FnConv<'_> {
    pub(super) fn vector_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        Err(self
            .ctx
            .op_error(op, "on vectors is not supported by the Wasm target yet"))
    }

    pub(super) fn simd(&mut self, _op: OpId) -> Result<bool, Diagnostic> {
        Ok(false)
    }

    pub(super) fn vector_constant(
        &mut self,
        op: OpId,
        _attr: Attr,
        _ty: Type,
    ) -> Result<ValueId, Diagnostic> {
        Err(self.ctx.op_error(
            op,
            "vector constants are not supported by the Wasm target yet",
        ))
    }
}
