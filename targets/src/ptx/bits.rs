//! The PTX-level integer ops of the cuda dialect (bit fields, byte permute,
//! bit reversal, saturating conversions), hardware special registers, and
//! CUDA's built-in ids where they reach the target unconverted.

use super::function::FnEmitter;
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::{Dim, PrmtMode, SpecialReg, builtin_dim};

impl FnEmitter<'_> {
    /// Emit one of these ops (or a float intrinsic, `math.rs`); `false` if
    /// `op` is none.
    pub(super) fn cuda_arith(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        match ctx.op_name_text(op) {
            "cuda.fptosi_sat" | "cuda.fptoui_sat" => {
                // PTX's cvt.rzi saturates and gives 0 for NaN
                let (from, to) = (self.operand_scalar(op, 0)?, self.result_scalar(op, 0)?);
                let ty = if ctx.is_op(op, "cuda.fptosi_sat") {
                    to.s()
                } else {
                    to.u()
                };
                let a = self.operand(op, 0)?;
                let d = self.def_result(op, 0)?;
                self.line(format_args!("cvt.rzi{ty}{} \t{d}, {a}", from.f()));
            }
            "cuda.bfe" => {
                let s = self.result_scalar(op, 0)?;
                let ty = if ctx.prop(op, "signed").is_some() {
                    s.s()
                } else {
                    s.u()
                };
                let [v, p, l] = [0, 1, 2].map(|i| self.operand(op, i));
                let (v, p, l) = (v?, p?, l?);
                let d = self.def_result(op, 0)?;
                self.line(format_args!("bfe{ty} \t{d}, {v}, {p}, {l}"));
            }
            "cuda.bfi" => {
                let s = self.result_scalar(op, 0)?;
                let [f, b, p, l] = [0, 1, 2, 3].map(|i| self.operand(op, i));
                let (f, b, p, l) = (f?, b?, p?, l?);
                let d = self.def_result(op, 0)?;
                self.line(format_args!("bfi{} \t{d}, {f}, {b}, {p}, {l}", s.b()));
            }
            "cuda.prmt" => {
                let mode = PrmtMode::from_prop(ctx, op, "mode")?
                    .map(|m| format!(".{}", m.keyword()))
                    .unwrap_or_default();
                let [a, b, c] = [0, 1, 2].map(|i| self.operand(op, i));
                let (a, b, c) = (a?, b?, c?);
                let d = self.def_result(op, 0)?;
                self.line(format_args!("prmt.b32{mode} \t{d}, {a}, {b}, {c}"));
            }
            "cuda.brev" => {
                let s = self.result_scalar(op, 0)?;
                let a = self.operand(op, 0)?;
                let d = self.def_result(op, 0)?;
                self.line(format_args!("brev{} \t{d}, {a}", s.b()));
            }
            "cuda.read_sreg" => {
                let Some(r) = SpecialReg::from_prop(ctx, op, "register")? else {
                    return Err(ctx.op_error(op, "needs a 'register'"));
                };
                let d = self.def_result(op, 0)?;
                let ty = if r.width() == 64 { ".u64" } else { ".u32" };
                self.line(format_args!("mov{ty} \t{d}, %{}", r.keyword()));
            }
            "cuda.thread_idx" | "cuda.block_idx" | "cuda.block_dim" | "cuda.grid_dim" => {
                let sreg = match ctx.op_name_text(op) {
                    "cuda.thread_idx" => "%tid",
                    "cuda.block_idx" => "%ctaid",
                    "cuda.block_dim" => "%ntid",
                    _ => "%nctaid",
                };
                let dim = builtin_dim(ctx, op).unwrap_or(Dim::X).keyword();
                let d = self.def_result(op, 0)?;
                self.line(format_args!("mov.u32 \t{d}, {sreg}.{dim}"));
            }
            _ => return self.cuda_float(op),
        }
        Ok(true)
    }
}
