//! The `simd` dialect's lane ops on Cranelift's 128-bit vectors.
//!
//! Gathers and scatters go lane by lane without branches: a masked-off lane
//! loads from or stores to a private stack slot instead of its address, so it
//! never touches (nor faults on) memory another thread may own, and lanes
//! store in increasing order as `simd.scatter` requires.

use super::function::FnLowering;
use cranelift_codegen::ir::{
    self, ConstantData, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind, Value, types,
};
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::simd::ReduceKind;

impl FnLowering<'_, '_> {
    /// Lower a `simd` op; `false` if it is none this target knows.
    pub(super) fn lower_simd(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let v = match &ctx.op_name_text(op)["simd.".len()..] {
            "lane_id" => self.lane_ids(self.result_type(op, 0)),
            "splat" => {
                let ty = ctx.value_type(ctx.result(op, 0));
                let x = self.operand(op, 0);
                let x = self.lane_scalar(x, ty);
                let vty = self.result_type(op, 0);
                self.b.ins().splat(vty, x)
            }
            "extract" => {
                let ty = ctx.value_type(ctx.operand(op, 0));
                let v = self.operand(op, 0);
                self.lane(v, ty, self.lane_prop(op))
            }
            "insert" => {
                let ty = ctx.value_type(ctx.operand(op, 0));
                let x = self.operand(op, 1);
                let x = self.lane_scalar(x, ty);
                let (v, lane) = (self.operand(op, 0), self.lane_prop(op));
                self.b.ins().insertlane(v, x, lane)
            }
            "select" => {
                let [m, t, f] = [0, 1, 2].map(|i| self.operand(op, i));
                self.mask_select(m, t, f)
            }
            "gather" => self.gather(op)?,
            "scatter" => {
                self.scatter(op)?;
                return Ok(true);
            }
            "reduce" => self.reduce(op)?,
            "any" => {
                let m = self.operand(op, 0);
                self.b.ins().vany_true(m)
            }
            "all" => {
                let m = self.operand(op, 0);
                self.b.ins().vall_true(m)
            }
            _ => return Ok(false),
        };
        self.set_result(op, 0, v);
        Ok(true)
    }

    fn lane_prop(&self, op: OpId) -> u8 {
        let lane = self.ctx.prop(op, "lane").and_then(|a| self.ctx.attr_int(a));
        lane.expect("verified") as u8
    }

    /// `[0, 1, ..., N-1]` of the integer vector type `ty`.
    fn lane_ids(&mut self, ty: ir::Type) -> Value {
        let bytes = ty.lane_type().bytes() as usize;
        let data: Vec<u8> = (0..ty.lane_count() as u64)
            .flat_map(|i| i.to_le_bytes().into_iter().take(bytes))
            .collect();
        let c = self.b.func.dfg.constants.insert(ConstantData::from(data));
        self.b.ins().vconst(ty, c)
    }

    /// Per active lane of a gather or scatter of `op`: (mask lane, address);
    /// the address is the dummy slot's where the lane is off.
    fn lane_addresses(&mut self, op: OpId, first: usize) -> Vec<(Value, Value)> {
        let (base, offsets, mask) = (
            self.operand(op, first),
            self.operand(op, first + 1),
            self.operand(op, first + 2),
        );
        let n = self.operand_type(op, first + 1).lane_count();
        let dummy = self.dummy_address();
        (0..n as u8)
            .map(|i| {
                let off = self.b.ins().extractlane(offsets, i);
                let off = match self.b.func.dfg.value_type(off) {
                    types::I64 => off,
                    _ => self.b.ins().sextend(types::I64, off),
                };
                let p = self.b.ins().iadd(base, off);
                let m = self.b.ins().extractlane(mask, i);
                (m, self.b.ins().select(m, p, dummy))
            })
            .collect()
    }

    /// `simd.gather`: a load per lane, the passthru where the lane is off.
    fn gather(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let ty = self.result_type(op, 0);
        if self.is_mask(self.ctx.value_type(self.ctx.result(op, 0))) {
            return Err(self
                .ctx
                .op_error(op, "of masks is not supported by the Cranelift target"));
        }
        let passthru = self.operand(op, 3);
        let mut v = passthru;
        for (i, (m, p)) in self.lane_addresses(op, 0).into_iter().enumerate() {
            let x = self.b.ins().load(ty.lane_type(), MemFlagsData::new(), p, 0);
            let old = self.b.ins().extractlane(passthru, i as u8);
            let x = self.b.ins().select(m, x, old);
            v = self.b.ins().insertlane(v, x, i as u8);
        }
        Ok(v)
    }

    /// `simd.scatter`: a store per lane, in lane order.
    fn scatter(&mut self, op: OpId) -> Result<(), Diagnostic> {
        if self.operand_is_mask(op, 0) {
            return Err(self
                .ctx
                .op_error(op, "of masks is not supported by the Cranelift target"));
        }
        let value = self.operand(op, 0);
        for (i, (_, p)) in self.lane_addresses(op, 1).into_iter().enumerate() {
            let x = self.b.ins().extractlane(value, i as u8);
            self.b.ins().store(MemFlagsData::new(), x, p, 0);
        }
        Ok(())
    }

    /// The address of a 16-byte stack slot that masked-off lanes use.
    fn dummy_address(&mut self) -> Value {
        let slot = *self.dummy_slot.get_or_insert_with(|| {
            self.b
                .create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 16, 4))
        });
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// `simd.reduce`: the lanes combined left to right.
    fn reduce(&mut self, op: OpId) -> Result<Value, Diagnostic> {
        let Some(kind) = ReduceKind::from_prop(self.ctx, op, "kind")? else {
            return Err(self.ctx.op_error(op, "requires 'kind'"));
        };
        let ty = self.ctx.value_type(self.ctx.operand(op, 0));
        let v = self.operand(op, 0);
        let n = self.operand_type(op, 0).lane_count() as u8;
        let float = self.result_type(op, 0).is_float();
        let bool_ty = self.result_is_bool(op, 0);
        let mut acc = self.lane(v, ty, 0);
        for i in 1..n {
            let x = self.lane(v, ty, i);
            let ins = self.b.ins();
            acc = match (kind, float) {
                (ReduceKind::Add, true) => ins.fadd(acc, x),
                (ReduceKind::Add, false) => ins.iadd(acc, x),
                (ReduceKind::Mul, true) => ins.fmul(acc, x),
                (ReduceKind::Mul, false) => ins.imul(acc, x),
                (ReduceKind::Minsi, _) => ins.smin(acc, x),
                (ReduceKind::Maxsi, _) => ins.smax(acc, x),
                (ReduceKind::Minui, _) => ins.umin(acc, x),
                (ReduceKind::Maxui, _) => ins.umax(acc, x),
                (ReduceKind::And, _) => ins.band(acc, x),
                (ReduceKind::Or, _) => ins.bor(acc, x),
                (ReduceKind::Xor, _) => ins.bxor(acc, x),
                (ReduceKind::Minnumf, _) => self.float_num(acc, x, false),
                (ReduceKind::Maxnumf, _) => self.float_num(acc, x, true),
            };
            acc = self.normalize(acc, bool_ty);
        }
        Ok(acc)
    }
}
