//! Barriers and fences: `__syncthreads` (`bar.sync 0`), its reductions
//! (`bar.red.popc` for `_count`, `bar.red.and`/`.or` for `_and`/`_or`),
//! named barriers, `__syncwarp` (`bar.warp.sync`) and `__threadfence*`
//! (`membar.cta`/`.gl`/`.sys`).

use super::function::FnEmitter;
use super::types::Class;
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::Scope;

impl FnEmitter<'_> {
    /// Emit a `cuda` barrier or fence; `false` if it is none.
    pub(super) fn sync_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        match ctx.op_name_text(op) {
            "cuda.syncthreads" => self.line(format_args!("bar.sync \t0")),
            "cuda.syncthreads_count" => {
                let p = self.operand(op, 0)?;
                let d = self.def_result(op, 0)?;
                self.line(format_args!("bar.red.popc.u32 \t{d}, 0, {p}"));
            }
            "cuda.syncthreads_and" | "cuda.syncthreads_or" => {
                let red = if ctx.is_op(op, "cuda.syncthreads_and") {
                    "and"
                } else {
                    "or"
                };
                let p = self.operand(op, 0)?;
                let q = self.reg(Class::Pred);
                let d = self.def_result(op, 0)?;
                self.line(format_args!("bar.red.{red}.pred \t{q}, 0, {p}"));
                self.line(format_args!("selp.u32 \t{d}, 1, 0, {q}"));
            }
            "cuda.barrier" => {
                let id = self.operand(op, 0)?;
                let verb = if ctx.prop(op, "arrive").is_some() {
                    "arrive"
                } else {
                    "sync"
                };
                if ctx.num_operands(op) > 1 {
                    let count = self.operand(op, 1)?;
                    self.line(format_args!("bar.{verb} \t{id}, {count}"));
                } else if verb == "arrive" {
                    return Err(ctx.op_error(op, "bar.arrive needs a thread count"));
                } else {
                    self.line(format_args!("bar.sync \t{id}"));
                }
            }
            "cuda.syncwarp" => {
                let mask = self.operand(op, 0)?;
                self.line(format_args!("bar.warp.sync \t{mask}"));
            }
            "cuda.threadfence" => {
                let level = match Scope::from_prop(ctx, op, "scope")? {
                    Some(Scope::Block) => "cta",
                    Some(Scope::System) => "sys",
                    _ => "gl",
                };
                self.line(format_args!("membar.{level}"));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
