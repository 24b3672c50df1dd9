//! `arith` and `math` on vectors: lane-wise, as one Cranelift SIMD instruction
//! where every x86-64/AArch64 host has one, else scalarized (each lane
//! extracted, the scalar lowering run on it, the results inserted back).
//!
//! Scalarizing reuses the scalar lowerings unchanged (`lane_mode` makes them
//! see element types), so a vector op means exactly what the op means on each
//! lane: divisions keep their no-trap guards, float casts saturate, `math`
//! functions Cranelift lacks call the C library once per lane. Masks
//! (`vector<Nxi1>`) are all-ones/zero lanes; a lane of one is read as the
//! `i8` 0/1 that scalar `i1` is.

use super::function::{FnLowering, RegionExit};
use super::types::{clif_type, is_bool, is_vector};
use cranelift_codegen::ir::{self, InstBuilder, MemFlagsData, Value, condcodes::FloatCC, types};
use cuwasm::{Diagnostic, OpId, Type};

impl FnLowering<'_, '_> {
    /// Lower `arith`/`math` op `op`, which has vector operands or results.
    pub(super) fn lower_lanewise(&mut self, op: OpId, exit: &RegionExit) -> Result<(), Diagnostic> {
        match self.vector_native(op)? {
            Some(v) => {
                self.set_result(op, 0, v);
                Ok(())
            }
            None => self.scalarize(op, exit),
        }
    }

    /// The one-instruction lowering of a vector op, if it has one.
    fn vector_native(&mut self, op: OpId) -> Result<Option<Value>, Diagnostic> {
        let ctx = self.ctx;
        if ctx.num_results(op) != 1 || !is_vector(ctx, ctx.value_type(ctx.result(op, 0))) {
            return Ok(None);
        }
        let name = ctx.op_name_text(op);
        let ty = self.result_type(op, 0);
        let mask_operands = (0..ctx.num_operands(op)).any(|i| self.operand_is_mask(op, i));
        let args = self.operands(op);
        // Integer multiply and min/max of 64-bit lanes are not single SSE instructions.
        let narrow_int = ty.lane_type().is_int() && ty.lane_bits() <= 32;
        let ins = self.b.ins();
        Ok(Some(match name {
            "arith.addi" if !mask_operands => ins.iadd(args[0], args[1]),
            "arith.subi" if !mask_operands => ins.isub(args[0], args[1]),
            "arith.muli" if !mask_operands && narrow_int => ins.imul(args[0], args[1]),
            "arith.maxsi" if !mask_operands && narrow_int => ins.smax(args[0], args[1]),
            "arith.minsi" if !mask_operands && narrow_int => ins.smin(args[0], args[1]),
            "arith.maxui" if !mask_operands && narrow_int => ins.umax(args[0], args[1]),
            "arith.minui" if !mask_operands && narrow_int => ins.umin(args[0], args[1]),
            // On masks (all-ones/zero lanes) too.
            "arith.andi" => ins.band(args[0], args[1]),
            "arith.ori" => ins.bor(args[0], args[1]),
            "arith.xori" => ins.bxor(args[0], args[1]),
            "arith.addf" => ins.fadd(args[0], args[1]),
            "arith.subf" => ins.fsub(args[0], args[1]),
            "arith.mulf" => ins.fmul(args[0], args[1]),
            "arith.divf" => ins.fdiv(args[0], args[1]),
            "arith.negf" => ins.fneg(args[0]),
            "math.sqrt" => ins.sqrt(args[0]),
            "math.absf" => ins.fabs(args[0]),
            "arith.cmpi" if !mask_operands => {
                let cc = self.int_cc(op)?;
                self.b.ins().icmp(cc, args[0], args[1])
            }
            // x86-64 has no single compare for `one`/`ueq`.
            "arith.cmpf" => match self.float_cc(op)? {
                Some(FloatCC::OrderedNotEqual | FloatCC::UnorderedOrEqual) | None => {
                    return Ok(None);
                }
                Some(cc) => self.b.ins().fcmp(cc, args[0], args[1]),
            },
            "arith.select" if self.operand_is_mask(op, 0) => {
                self.mask_select(args[0], args[1], args[2])
            }
            "arith.sitofp" if self.operand_type(op, 0).lane_bits() == ty.lane_bits() => {
                self.b.ins().fcvt_from_sint(ty, args[0])
            }
            "arith.fptosi" if self.operand_type(op, 0).lane_bits() == ty.lane_bits() => {
                self.b.ins().fcvt_to_sint_sat(ty, args[0])
            }
            "arith.bitcast" if !mask_operands => self.vector_bitcast(args[0], ty),
            _ => return Ok(None),
        }))
    }

    /// Is operand `i` of `op` a mask (`vector<Nxi1>`)?
    pub(super) fn operand_is_mask(&self, op: OpId, i: usize) -> bool {
        self.is_mask(self.ctx.value_type(self.ctx.operand(op, i)))
    }

    pub(super) fn is_mask(&self, ty: Type) -> bool {
        is_vector(self.ctx, ty) && is_bool(self.ctx, self.ctx.element_type(ty))
    }

    /// Lane-wise `mask ? t : f`, `mask` all-ones/zero lanes of `t`'s width.
    pub(super) fn mask_select(&mut self, mask: Value, t: Value, f: Value) -> Value {
        let ty = self.b.func.dfg.value_type(t);
        let mask = self.vector_bitcast(mask, ty);
        self.b.ins().bitselect(mask, t, f)
    }

    /// `v` reinterpreted as the 128-bit vector type `ty` (lanes in little-endian order).
    pub(super) fn vector_bitcast(&mut self, v: Value, ty: ir::Type) -> Value {
        if self.b.func.dfg.value_type(v) == ty {
            return v;
        }
        let flags = MemFlagsData::new().with_endianness(ir::Endianness::Little);
        self.b.ins().bitcast(ty, flags, v)
    }

    /// Run the scalar lowering of `op` once per lane.
    fn scalarize(&mut self, op: OpId, exit: &RegionExit) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let all = ctx.operands(op).iter().copied().chain(ctx.results(op));
        let n = all
            .filter_map(|v| cuwasm_dialects::simd::lanes(ctx, ctx.value_type(v)))
            .next()
            .expect("a vector op");
        let operands: Vec<_> = ctx.operands(op).to_vec();
        let saved: Vec<Value> = operands.iter().map(|&v| self.value(v)).collect();
        let mut out = vec![Vec::new(); ctx.num_results(op)];
        for lane in 0..n as u8 {
            for (&v, &whole) in operands.iter().zip(&saved) {
                let ty = ctx.value_type(v);
                if is_vector(ctx, ty) {
                    let x = self.lane(whole, ty, lane);
                    self.set_value(v, x);
                }
            }
            self.lane_mode = true;
            let lowered = self.lower_op(op, exit);
            self.lane_mode = false;
            lowered?;
            for (i, lanes) in out.iter_mut().enumerate() {
                lanes.push(self.value(ctx.result(op, i)));
            }
        }
        for (&v, &whole) in operands.iter().zip(&saved) {
            self.set_value(v, whole);
        }
        for (i, lanes) in out.iter().enumerate() {
            let ty = ctx.value_type(ctx.result(op, i));
            let v = self.from_lanes(ty, lanes);
            self.set_result(op, i, v);
        }
        Ok(())
    }

    /// Lane `lane` of `v` (of MLIR vector type `ty`) as a scalar; a mask lane as an `i8` 0/1.
    pub(super) fn lane(&mut self, v: Value, ty: Type, lane: u8) -> Value {
        let x = self.b.ins().extractlane(v, lane);
        if !self.is_mask(ty) {
            return x;
        }
        let x = match self.b.func.dfg.value_type(x) {
            types::I8 => x,
            _ => self.b.ins().ireduce(types::I8, x),
        };
        self.b.ins().band_imm_u(x, 1)
    }

    /// A scalar for a lane of a vector of MLIR type `ty`: an `i1`'s 0/1 becomes a mask lane.
    pub(super) fn lane_scalar(&mut self, x: Value, ty: Type) -> Value {
        if !self.is_mask(ty) {
            return x;
        }
        let lane_ty = clif_type(self.ctx, ty).unwrap().lane_type();
        let x = self.b.ins().ineg(x);
        match lane_ty {
            types::I8 => x,
            _ => self.b.ins().sextend(lane_ty, x),
        }
    }

    /// The vector of MLIR type `ty` whose lanes are the scalars `lanes`.
    pub(super) fn from_lanes(&mut self, ty: Type, lanes: &[Value]) -> Value {
        let cty = clif_type(self.ctx, ty).unwrap();
        let first = self.lane_scalar(lanes[0], ty);
        let mut v = self.b.ins().splat(cty, first);
        for (i, &x) in lanes.iter().enumerate().skip(1) {
            let x = self.lane_scalar(x, ty);
            v = self.b.ins().insertlane(v, x, i as u8);
        }
        v
    }
}
