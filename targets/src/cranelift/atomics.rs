//! `cuda.atomic_rmw` and `cuda.atomic_cas` with CUDA's semantics (the old
//! value is returned). Integer add/sub/and/or/xor/exch/min/max are one
//! Cranelift `atomic_rmw`; float add and CUDA's wrapping `atomicInc`/`atomicDec`
//! are compare-and-swap loops; float values travel as their bits. Cranelift's
//! atomics are sequentially consistent, which covers every CUDA scope.

use super::function::FnLowering;
use cranelift_codegen::ir::{
    self, AtomicRmwOp, InstBuilder, MemFlagsData, Value, condcodes::IntCC,
};
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::AtomicKind;

impl FnLowering<'_, '_> {
    pub(super) fn atomic_rmw(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let Some(kind) = AtomicKind::from_prop(self.ctx, op, "kind")? else {
            return Err(self.ctx.op_error(op, "requires 'kind'"));
        };
        let ty = self.result_type(op, 0);
        let (p, v) = (self.operand(op, 0), self.operand(op, 1));
        let int_ty = ir::Type::int(ty.bits() as u16).expect("scalar");
        let bits = self.bits_of(v, int_ty);
        let old = match (kind, ty.is_float()) {
            (AtomicKind::Add, true) => self.cas_loop(p, int_ty, |l, old| {
                let old = l.b.ins().bitcast(ty, MemFlagsData::new(), old);
                let sum = l.b.ins().fadd(old, v);
                l.b.ins().bitcast(int_ty, MemFlagsData::new(), sum)
            }),
            (AtomicKind::Inc, false) => self.cas_loop(p, int_ty, |l, old| {
                // old >= v ? 0 : old + 1 (unsigned)
                let wrap = l.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, old, v);
                let next = l.b.ins().iadd_imm_s(old, 1);
                let zero = l.b.ins().iconst(int_ty, 0);
                l.b.ins().select(wrap, zero, next)
            }),
            (AtomicKind::Dec, false) => self.cas_loop(p, int_ty, |l, old| {
                // (old == 0 || old > v) ? v : old - 1 (unsigned)
                let zero = l.b.ins().icmp_imm_s(IntCC::Equal, old, 0);
                let above = l.b.ins().icmp(IntCC::UnsignedGreaterThan, old, v);
                let reset = l.b.ins().bor(zero, above);
                let prev = l.b.ins().iadd_imm_s(old, -1);
                l.b.ins().select(reset, v, prev)
            }),
            (kind, float) => {
                let Some(rmw) = rmw_op(kind).filter(|_| !float || kind == AtomicKind::Exch) else {
                    return Err(self.ctx.op_error(
                        op,
                        format!(
                            "of kind '{}' on '{ty}' is not supported by the Cranelift target",
                            kind.keyword()
                        ),
                    ));
                };
                self.b
                    .ins()
                    .atomic_rmw(int_ty, atomic_flags(), rmw, p, bits)
            }
        };
        Ok(self.bits_to(old, ty))
    }

    pub(super) fn atomic_cas(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let ty = self.result_type(op, 0);
        let int_ty = ir::Type::int(ty.bits() as u16).expect("scalar");
        let p = self.operand(op, 0);
        let expected = self.bits_of(self.operand(op, 1), int_ty);
        let new = self.bits_of(self.operand(op, 2), int_ty);
        let old = self.b.ins().atomic_cas(atomic_flags(), p, expected, new);
        Ok(self.bits_to(old, ty))
    }

    /// Atomically replace `*p` (an `int_ty`) by `update(old)`, retrying until
    /// no other thread wrote in between; returns the old value.
    fn cas_loop(
        &mut self,
        p: Value,
        int_ty: ir::Type,
        update: impl Fn(&mut Self, Value) -> Value,
    ) -> Value {
        let first = self.b.ins().atomic_load(int_ty, atomic_flags(), p);
        let retry = self.b.create_block();
        let old = self.b.append_block_param(retry, int_ty);
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, int_ty);
        self.jump(retry, &[first]);
        self.b.switch_to_block(retry);
        let new = update(self, old);
        let seen = self.b.ins().atomic_cas(atomic_flags(), p, old, new);
        let swapped = self.b.ins().icmp(IntCC::Equal, seen, old);
        self.brif(swapped, (done, &[seen]), (retry, &[seen]));
        self.b.switch_to_block(done);
        result
    }

    /// An atomic `ptr.load` (any `ordering`, from unordered to seq_cst:
    /// Cranelift's `atomic_load` is sequentially consistent, at least as
    /// strong as each); a float through its bits.
    pub(super) fn atomic_load(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let ty = self.result_type(op, 0);
        let int_ty = self.atomic_int_type(op, ty)?;
        let p = self.operand(op, 0);
        let bits = self.b.ins().atomic_load(int_ty, atomic_flags(), p);
        Ok(self.bits_to(bits, ty))
    }

    /// An atomic `ptr.store` (as [`Self::atomic_load`]).
    pub(super) fn atomic_store(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ty = self.operand_type(op, 0);
        let int_ty = self.atomic_int_type(op, ty)?;
        let (v, p) = (self.operand(op, 0), self.operand(op, 1));
        let bits = self.bits_of(v, int_ty);
        self.b.ins().atomic_store(atomic_flags(), bits, p);
        Ok(())
    }

    /// The integer type of an atomic access of `ty`: a scalar of 8 to 64 bits.
    fn atomic_int_type(&self, op: OpId, ty: ir::Type) -> Result<ir::Type, Diagnostic> {
        match ty.is_vector() || ty.bits() > 64 {
            true => Err(self.ctx.op_error(
                op,
                format!(
                    "with an atomic 'ordering' on '{ty}' is not supported by the Cranelift target"
                ),
            )),
            false => Ok(ir::Type::int(ty.bits() as u16).expect("a scalar")),
        }
    }

    fn bits_of(&mut self, v: Value, int_ty: ir::Type) -> Value {
        match self.b.func.dfg.value_type(v).is_float() {
            true => self.b.ins().bitcast(int_ty, MemFlagsData::new(), v),
            false => v,
        }
    }

    fn bits_to(&mut self, v: Value, ty: ir::Type) -> Value {
        match ty.is_float() {
            true => self.b.ins().bitcast(ty, MemFlagsData::new(), v),
            false => v,
        }
    }
}

/// Atomics need naturally aligned addresses (CUDA requires them too).
fn atomic_flags() -> MemFlagsData {
    MemFlagsData::new().with_aligned()
}

fn rmw_op(kind: AtomicKind) -> Option<AtomicRmwOp> {
    Some(match kind {
        AtomicKind::Add => AtomicRmwOp::Add,
        AtomicKind::Sub => AtomicRmwOp::Sub,
        AtomicKind::And => AtomicRmwOp::And,
        AtomicKind::Or => AtomicRmwOp::Or,
        AtomicKind::Xor => AtomicRmwOp::Xor,
        AtomicKind::Exch => AtomicRmwOp::Xchg,
        AtomicKind::Min => AtomicRmwOp::Smin,
        AtomicKind::Max => AtomicRmwOp::Smax,
        AtomicKind::Umin => AtomicRmwOp::Umin,
        AtomicKind::Umax => AtomicRmwOp::Umax,
        AtomicKind::Inc | AtomicKind::Dec => return None,
    })
}
