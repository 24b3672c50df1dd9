//! `arith.cmpi` and `arith.cmpf`: MLIR's predicate numbers to Cranelift's
//! condition codes. Results are `i8` 0/1, which is how `i1` lives here.

use super::function::FnLowering;
use cranelift_codegen::ir::{InstBuilder, Value, condcodes::FloatCC, condcodes::IntCC, types};
use cuwasm::{Diagnostic, OpId};

/// `cmpi` predicates in MLIR's order: eq ne slt sle sgt sge ult ule ugt uge.
const INT_PREDICATES: [IntCC; 10] = [
    IntCC::Equal,
    IntCC::NotEqual,
    IntCC::SignedLessThan,
    IntCC::SignedLessThanOrEqual,
    IntCC::SignedGreaterThan,
    IntCC::SignedGreaterThanOrEqual,
    IntCC::UnsignedLessThan,
    IntCC::UnsignedLessThanOrEqual,
    IntCC::UnsignedGreaterThan,
    IntCC::UnsignedGreaterThanOrEqual,
];

/// `cmpf` predicates 1..=14 in MLIR's order (0 is `false`, 15 `true`):
/// oeq ogt oge olt ole one ord ueq ugt uge ult ule une uno.
const FLOAT_PREDICATES: [FloatCC; 14] = [
    FloatCC::Equal,
    FloatCC::GreaterThan,
    FloatCC::GreaterThanOrEqual,
    FloatCC::LessThan,
    FloatCC::LessThanOrEqual,
    FloatCC::OrderedNotEqual,
    FloatCC::Ordered,
    FloatCC::UnorderedOrEqual,
    FloatCC::UnorderedOrGreaterThan,
    FloatCC::UnorderedOrGreaterThanOrEqual,
    FloatCC::UnorderedOrLessThan,
    FloatCC::UnorderedOrLessThanOrEqual,
    FloatCC::NotEqual,
    FloatCC::Unordered,
];

impl FnLowering<'_, '_> {
    fn predicate(&self, op: OpId) -> Result<usize, Diagnostic> {
        self.ctx
            .prop(op, "predicate")
            .and_then(|a| self.ctx.attr_int(a))
            .and_then(|p| usize::try_from(p).ok())
            .ok_or_else(|| self.ctx.op_error(op, "has no valid 'predicate'"))
    }

    /// The condition code of `arith.cmpi` `op`.
    pub(super) fn int_cc(&self, op: OpId) -> Result<IntCC, Diagnostic> {
        INT_PREDICATES
            .get(self.predicate(op)?)
            .copied()
            .ok_or_else(|| self.ctx.op_error(op, "has an unknown predicate"))
    }

    /// The condition code of `arith.cmpf` `op`; `None` for `false`/`true`.
    pub(super) fn float_cc(&self, op: OpId) -> Result<Option<FloatCC>, Diagnostic> {
        match self.predicate(op)? {
            0 | 15 => Ok(None),
            p => FLOAT_PREDICATES
                .get(p - 1)
                .map(|cc| Some(*cc))
                .ok_or_else(|| self.ctx.op_error(op, "has an unknown predicate")),
        }
    }

    pub(super) fn cmpi(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let cc = self.int_cc(op)?;
        let bool_ty = self.operand_is_bool(op, 0);
        let (mut a, mut b) = (self.operand(op, 0), self.operand(op, 1));
        let signed = matches!(
            cc,
            IntCC::SignedLessThan
                | IntCC::SignedLessThanOrEqual
                | IntCC::SignedGreaterThan
                | IntCC::SignedGreaterThanOrEqual
        );
        if signed {
            (a, b) = (self.signed_view(a, bool_ty), self.signed_view(b, bool_ty));
        }
        Ok(self.b.ins().icmp(cc, a, b))
    }

    pub(super) fn cmpf(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let (a, b) = (self.operand(op, 0), self.operand(op, 1));
        Ok(match self.float_cc(op)? {
            Some(cc) => self.b.ins().fcmp(cc, a, b),
            None => {
                let always = self.predicate(op)? == 15;
                self.b.ins().iconst(types::I8, always as i64)
            }
        })
    }
}
