//! Atomics: `cuda.atomic_rmw` and `cuda.atomic_cas` as `atom` in the
//! pointer's state space (`red` when the old value is not used), at the op's
//! scope (`.cta` for `_block`, the default `.gpu`, `.sys` for `_system`),
//! with CUDA's relaxed ordering. Float `atomicAdd` is native (`.f32`, `.f64`,
//! and `.noftz.f16`); `atomicSub` adds the negation.

use super::function::FnEmitter;
use super::spaces::Space;
use super::types::{Class, Scalar};
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::{AtomicKind, Scope};

impl FnEmitter<'_> {
    /// Emit a `cuda` atomic; `false` if it is none.
    pub(super) fn atomic_op(&mut self, op: OpId) -> Result<bool, Diagnostic> {
        match self.ctx.op_name_text(op) {
            "cuda.atomic_rmw" => self.atomic_rmw(op)?,
            "cuda.atomic_cas" => self.atomic_cas(op)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The `.scope` and `.space` of an atomic on operand 0, and its address.
    fn atomic_target(&mut self, op: OpId) -> Result<(String, String), Diagnostic> {
        let ctx = self.ctx;
        let scope = match Scope::from_prop(ctx, op, "scope")? {
            Some(Scope::Block) => ".cta",
            Some(Scope::System) => ".sys",
            _ => "",
        };
        let ptr = ctx.operand(op, 0);
        let space = match self.spaces.get(ptr) {
            s @ (Space::Global | Space::Shared | Space::Generic) => s,
            Space::Local | Space::Const => Space::Generic,
        };
        let r = self.pointer_in(op, ptr, space)?;
        Ok((format!("{scope}{}", space.qualifier()), format!("[{r}]")))
    }

    fn atomic_rmw(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let kind = AtomicKind::from_prop(ctx, op, "kind")?.unwrap_or(AtomicKind::Add);
        let s = self.operand_scalar(op, 1)?;
        let mut value = self.operand(op, 1)?;
        if s == Scalar::I64 {
            value = self.widen_index(value);
        }
        let (opname, ty) = match (kind, s) {
            (AtomicKind::Add, Scalar::F16) => ("add", ".noftz.f16"),
            (AtomicKind::Add, f) if f.is_float() => ("add", f.f()),
            (AtomicKind::Add, i) => ("add", i.u()),
            (AtomicKind::Sub, i) => {
                let n = self.reg(i.class());
                self.line(format_args!("neg{} \t{n}, {value}", i.s()));
                value = n;
                ("add", i.u())
            }
            (AtomicKind::Min, i) => ("min", i.s()),
            (AtomicKind::Max, i) => ("max", i.s()),
            (AtomicKind::Umin, i) => ("min", i.u()),
            (AtomicKind::Umax, i) => ("max", i.u()),
            (AtomicKind::And, i) => ("and", i.b()),
            (AtomicKind::Or, i) => ("or", i.b()),
            (AtomicKind::Xor, i) => ("xor", i.b()),
            (AtomicKind::Exch, i) => ("exch", i.b()),
            (AtomicKind::Inc, _) => ("inc", ".u32"),
            (AtomicKind::Dec, _) => ("dec", ".u32"),
        };
        if !matches!(s.bits(), 16 | 32 | 64) || (s.bits() == 16 && s != Scalar::F16) {
            return Err(ctx.op_error(op, "on this type is not supported by the PTX target"));
        }
        let (qual, addr) = self.atomic_target(op)?;
        let result = ctx.result(op, 0);
        if ctx.has_uses(result) {
            let d = self.def(op, result)?;
            self.line(format_args!(
                "atom{qual}.{opname}{ty} \t{d}, {addr}, {value}"
            ));
        } else {
            self.line(format_args!("red{qual}.{opname}{ty} \t{addr}, {value}"));
        }
        Ok(())
    }

    fn atomic_cas(&mut self, op: OpId) -> Result<(), Diagnostic> {
        let s = self.operand_scalar(op, 1)?;
        let (mut cmp, mut new) = (self.operand(op, 1)?, self.operand(op, 2)?);
        if s == Scalar::I64 {
            cmp = self.widen_index(cmp);
            new = self.widen_index(new);
        }
        if s.bits() == 16 && self.info.opts.sm < 70 {
            return Err(self
                .ctx
                .op_error(op, "on 16 bits needs sm_70 in the PTX target"));
        }
        let (qual, addr) = self.atomic_target(op)?;
        let d = self.def_result(op, 0)?;
        debug_assert_ne!(d.class, Class::Pred);
        self.line(format_args!(
            "atom{qual}.cas{} \t{d}, {addr}, {cmp}, {new}",
            s.b()
        ));
        Ok(())
    }
}
