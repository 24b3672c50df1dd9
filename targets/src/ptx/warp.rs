//! Warp operations: lane ids, shuffles (`shfl.sync`), votes (`vote.sync`),
//! `activemask` and `redux.sync`.
//!
//! `gpu.shuffle` has MLIR's meaning: the first `width` lanes take part
//! (member mask `0xffffffff >> (32 - width)`), the source lane is clamped to
//! `width - 1` (`up`: not below `32 - width`), and `valid` is `shfl`'s
//! predicate output. The gpu dialect does not keep CUDA's member mask: the
//! member mask is every lane that takes part, as `__shfl_sync(0xffffffff,
//! ...)` has it. `convert-cuda-to-gpu` writes CUDA's `__shfl_{up,down,xor}_sync`
//! as an `idx` shuffle from a computed lane; that computation (for a width of
//! 32) is recognized and emitted as the `up`/`down`/`bfly` shuffle it came
//! from. 64-bit values are shuffled as two halves.

use super::function::FnEmitter;
use super::types::{Class, Reg, Scalar};
use cuwasm::{Diagnostic, OpId, ValueId};
use cuwasm_dialects::cuda::{ReduxKind, ShflMode, VoteMode};

impl FnEmitter<'_> {
    /// Emit a warp op (gpu or cuda); `false` if it is none.
    pub(super) fn warp_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        match ctx.op_name_text(op) {
            "gpu.lane_id" | "cuda.lane_id" => {
                let d = self.reg(Class::B32);
                self.bind(ctx.result(op, 0), d);
                self.line(format_args!("mov.u32 \t{d}, %laneid"));
            }
            "cuda.warp_size" => {
                let d = self.def_result(op, 0)?;
                self.line(format_args!("mov.u32 \t{d}, 32"));
            }
            "gpu.shuffle" => self.gpu_shuffle(op)?,
            "cuda.shfl_sync" => self.cuda_shfl(op)?,
            "cuda.vote_sync" => self.vote(op)?,
            "cuda.activemask" => {
                let d = self.def_result(op, 0)?;
                self.line(format_args!("activemask.b32 \t{d}"));
            }
            "cuda.redux_sync" => self.redux(op)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn gpu_shuffle(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let mode = ctx
            .prop(op, "mode")
            .and_then(|a| ctx.attr_dialect(a))
            .and_then(|(_, b)| b)
            .and_then(|b| b.strip_prefix("shuffle_mode "))
            .map(str::trim)
            .unwrap_or("idx")
            .to_string();
        let (offset, width) = (ctx.operand(op, 1), ctx.operand(op, 2));
        if mode == "idx"
            && self.int_constant(width) == Some(32)
            && let Some((ptx_mode, arg, clamp)) = self.cuda_shuffle_pattern(offset)
        {
            let b = self.get(op, arg)?;
            return self.shfl(op, ptx_mode, &b.to_string(), clamp, "-1");
        }
        let ptx_mode = match mode.as_str() {
            "xor" => "bfly",
            m @ ("up" | "down" | "idx") => m,
            m => {
                return Err(
                    ctx.op_error(op, format!("mode '{m}' is not supported by the PTX target"))
                );
            }
        };
        let b = self.get(op, offset)?.to_string();
        if let Some(w) = self.int_constant(width) {
            if !(1..=32).contains(&w) {
                return Err(ctx.op_error(op, "has a width outside 1..32"));
            }
            let mask = format!("{}", (u32::MAX >> (32 - w)) as i32);
            let clamp = if ptx_mode == "up" { 32 - w } else { w - 1 };
            return self.shfl(op, ptx_mode, &b, &clamp.to_string(), &mask);
        }
        let w = self.operand(op, 2)?;
        let (lanes_out, mask, clamp) = (
            self.reg(Class::B32),
            self.reg(Class::B32),
            self.reg(Class::B32),
        );
        self.line(format_args!("sub.s32 \t{lanes_out}, 32, {w}"));
        self.line(format_args!("shr.b32 \t{mask}, -1, {lanes_out}"));
        if ptx_mode == "up" {
            self.mov(clamp, lanes_out);
        } else {
            self.line(format_args!("sub.s32 \t{clamp}, {w}, 1"));
        }
        self.shfl(op, ptx_mode, &b, &clamp.to_string(), &mask.to_string())
    }

    /// `cuda.shfl_sync` (kept when the pipeline does not convert it): PTX's
    /// own shuffle, CUDA's width as `c = ((32 - width) << 8) | clamp`.
    fn cuda_shfl(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let mode = ShflMode::from_prop(ctx, op, "mode")?.unwrap_or(ShflMode::Idx);
        let mask = self.operand(op, 0)?.to_string();
        let b = self.operand(op, 2)?.to_string();
        let clamp_low = if mode == ShflMode::Up { 0 } else { 31 };
        let c = match ctx.operands(op).get(3).copied() {
            None => clamp_low.to_string(),
            Some(w) => match self.int_constant(w) {
                Some(w) => (((32 - w) << 8) | clamp_low).to_string(),
                None => {
                    let wr = self.get(op, w)?;
                    let (t, c) = (self.reg(Class::B32), self.reg(Class::B32));
                    self.line(format_args!("sub.s32 \t{t}, 32, {wr}"));
                    self.line(format_args!("shl.b32 \t{t}, {t}, 8"));
                    self.line(format_args!("or.b32 \t{c}, {t}, {clamp_low}"));
                    c.to_string()
                }
            },
        };
        let ptx_mode = match mode {
            ShflMode::Idx => "idx",
            ShflMode::Up => "up",
            ShflMode::Down => "down",
            ShflMode::Xor => "bfly",
        };
        self.shfl_value(op, 1, ptx_mode, &b, &c, &mask, None)
    }

    /// `gpu.shuffle`'s value (operand 0) through `shfl.sync`, with `valid`.
    fn shfl(
        &mut self,
        op: OpId,
        mode: &str,
        b: &str,
        c: &str,
        mask: &str,
    ) -> Result<(), Diagnostic> {
        let valid = self.ctx.result(op, 1);
        let valid = if self.ctx.has_uses(valid) {
            Some(self.def(op, valid)?)
        } else {
            None
        };
        self.shfl_value(op, 0, mode, b, c, mask, valid)
    }

    /// Shuffle operand `i` of `op` into its result 0 (64 bits as two halves).
    #[allow(clippy::too_many_arguments)]
    fn shfl_value(
        &mut self,
        op: OpId,
        i: usize,
        mode: &str,
        b: &str,
        c: &str,
        mask: &str,
        valid: Option<Reg>,
    ) -> Result<(), Diagnostic> {
        let s = self.operand_scalar(op, i)?;
        let a = self.operand(op, i)?;
        let d = self.def_result(op, 0)?;
        let pred = valid.map(|p| format!("|{p}")).unwrap_or_default();
        match s.bits() {
            32 => self.line(format_args!(
                "shfl.sync.{mode}.b32 \t{d}{pred}, {a}, {b}, {c}, {mask}"
            )),
            64 => {
                let a = self.widen_index(a);
                let [lo, hi, rlo, rhi] = [0; 4].map(|_| self.reg(Class::B32));
                self.line(format_args!("mov.b64 \t{{{lo}, {hi}}}, {a}"));
                self.line(format_args!(
                    "shfl.sync.{mode}.b32 \t{rlo}{pred}, {lo}, {b}, {c}, {mask}"
                ));
                self.line(format_args!(
                    "shfl.sync.{mode}.b32 \t{rhi}, {hi}, {b}, {c}, {mask}"
                ));
                self.line(format_args!("mov.b64 \t{d}, {{{rlo}, {rhi}}}"));
            }
            _ if s != Scalar::I1 => {
                let (x, y) = (self.reg(Class::B32), self.reg(Class::B32));
                self.line(format_args!("cvt.u32.u16 \t{x}, {a}"));
                self.line(format_args!(
                    "shfl.sync.{mode}.b32 \t{y}{pred}, {x}, {b}, {c}, {mask}"
                ));
                self.line(format_args!("cvt.u16.u32 \t{d}, {y}"));
            }
            _ => {
                return Err(self
                    .ctx
                    .op_error(op, "of an i1 is not supported by the PTX target"));
            }
        }
        Ok(())
    }

    /// The lane computation `convert-cuda-to-gpu` writes for CUDA's
    /// `__shfl_{up,down,xor}_sync` (width 32) and `__shfl_sync`: the PTX
    /// mode, its `b` operand and its `c`.
    fn cuda_shuffle_pattern(&self, src: ValueId) -> Option<(&'static str, ValueId, &'static str)> {
        let ctx = self.ctx;
        let def = ctx.defining_op(src)?;
        match ctx.op_name_text(def) {
            // idx: seg | (arg & 31), seg = lane & -32
            "arith.ori" => {
                let (x, y) = (ctx.operand(def, 0), ctx.operand(def, 1));
                let (seg, within) = if self.is_segment_start(x) {
                    (x, y)
                } else {
                    (y, x)
                };
                if !self.is_segment_start(seg) {
                    return None;
                }
                let and = self.op_of(within, "arith.andi")?;
                let arg = self.other_than_constant(and, 31)?;
                Some(("idx", arg, "31"))
            }
            // up/down/xor: select(j <cond> bound, lane, j)
            "arith.select" => {
                let (cond, keep, j) = (
                    ctx.operand(def, 0),
                    ctx.operand(def, 1),
                    ctx.operand(def, 2),
                );
                if !self.is_lane(keep) {
                    return None;
                }
                let cmp = self.op_of(cond, "arith.cmpi")?;
                let pred = ctx.prop(cmp, "predicate").and_then(|a| ctx.attr_int(a))?;
                if ctx.operand(cmp, 0) != j {
                    return None;
                }
                let bound = ctx.operand(cmp, 1);
                let jdef = ctx.defining_op(j)?;
                let (name, x, y) = (
                    ctx.op_name_text(jdef),
                    ctx.operand(jdef, 0),
                    ctx.operand(jdef, 1),
                );
                match (name, pred) {
                    // j = lane - d, kept when j < seg (slt)
                    ("arith.subi", 2) if self.is_lane(x) && self.is_segment_start(bound) => {
                        Some(("up", y, "0"))
                    }
                    // j = lane + d or lane ^ m, kept when j > seg | 31 (ugt)
                    ("arith.addi" | "arith.xori", 8) if self.is_segment_end(bound) => {
                        let arg = if self.is_lane(x) {
                            y
                        } else if self.is_lane(y) {
                            x
                        } else {
                            return None;
                        };
                        let mode = if name == "arith.addi" { "down" } else { "bfly" };
                        Some((mode, arg, "31"))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn op_of(&self, v: ValueId, name: &str) -> Option<OpId> {
        self.ctx.defining_op(v).filter(|&d| self.ctx.is_op(d, name))
    }

    /// The operand of binary `op` that is not the constant `c`.
    fn other_than_constant(&self, op: OpId, c: i128) -> Option<ValueId> {
        let (x, y) = (self.ctx.operand(op, 0), self.ctx.operand(op, 1));
        if self.int_constant(y) == Some(c) {
            Some(x)
        } else if self.int_constant(x) == Some(c) {
            Some(y)
        } else {
            None
        }
    }

    /// `index_castui(gpu.lane_id)`.
    fn is_lane(&self, v: ValueId) -> bool {
        let ctx = self.ctx;
        self.op_of(v, "arith.index_castui")
            .and_then(|c| ctx.defining_op(ctx.operand(c, 0)))
            .is_some_and(|l| ctx.is_op(l, "gpu.lane_id"))
    }

    /// `lane & -32` (the first lane of a 32-wide segment: 0).
    fn is_segment_start(&self, v: ValueId) -> bool {
        self.op_of(v, "arith.andi")
            .and_then(|a| self.other_than_constant(a, -32))
            .is_some_and(|x| self.is_lane(x))
    }

    /// `(lane & -32) | 31` (the last lane of the segment: 31).
    fn is_segment_end(&self, v: ValueId) -> bool {
        self.op_of(v, "arith.ori")
            .and_then(|o| self.other_than_constant(o, 31))
            .is_some_and(|x| self.is_segment_start(x))
    }

    fn vote(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let mode = VoteMode::from_prop(ctx, op, "mode")?.unwrap_or(VoteMode::Any);
        let (mask, p) = (self.operand(op, 0)?, self.operand(op, 1)?);
        let d = self.def_result(op, 0)?;
        match mode {
            VoteMode::Ballot => self.line(format_args!("vote.sync.ballot.b32 \t{d}, {p}, {mask}")),
            m => self.line(format_args!(
                "vote.sync.{}.pred \t{d}, {p}, {mask}",
                m.keyword()
            )),
        }
        Ok(())
    }

    fn redux(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        if self.info.opts.sm < 80 {
            return Err(ctx.op_error(op, "(redux.sync) needs sm_80 or later in the PTX target"));
        }
        let kind = ReduxKind::from_prop(ctx, op, "kind")?.unwrap_or(ReduxKind::Add);
        let (name, ty) = match kind {
            ReduxKind::Add => ("add", ".u32"),
            ReduxKind::Min => ("min", ".s32"),
            ReduxKind::Max => ("max", ".s32"),
            ReduxKind::Umin => ("min", ".u32"),
            ReduxKind::Umax => ("max", ".u32"),
            ReduxKind::And => ("and", ".b32"),
            ReduxKind::Or => ("or", ".b32"),
            ReduxKind::Xor => ("xor", ".b32"),
        };
        let (mask, v) = (self.operand(op, 0)?, self.operand(op, 1)?);
        let d = self.def_result(op, 0)?;
        self.line(format_args!("redux.sync.{name}{ty} \t{d}, {v}, {mask}"));
        Ok(())
    }
}
