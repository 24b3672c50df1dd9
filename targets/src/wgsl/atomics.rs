//! Atomics with CUDA's semantics on WGSL's 32-bit `atomic<u32>` and
//! `atomic<i32>` (the buffer's element type, see `memory`).
//!
//! Integer add, sub, and, or, xor and exchange map to WGSL's builtins, and
//! so do min/max where the element's signedness matches; the rest (float
//! `atomicAdd`, `atomicInc`/`atomicDec`, min/max of the other signedness)
//! are compare-exchange loops on `atomicCompareExchangeWeak`. CUDA's
//! `atomicCAS` is strong, so it retries while the weak exchange fails
//! spuriously. WGSL has no 64-bit atomics: a 64-bit `atomicAdd` whose result
//! is unused is exact as two word additions with the carry (the final sum is
//! what matters, and every carry reaches the high word once); any other
//! 64-bit atomic is a located error.

use super::kernel::{Kernel, Pred};
use super::memory::Elem;
use super::types::Scalar;
use cuwasm::{Diagnostic, OpId};
use cuwasm_dialects::cuda::AtomicKind;

impl Kernel<'_> {
    pub fn atomic(&mut self, op: OpId, pred: Pred) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let r = ctx.result(op, 0);
        let s = self.scalar(r);
        let kind = match ctx.op_name_text(op) {
            "cuda.atomic_rmw" => AtomicKind::from_prop(ctx, op, "kind")?,
            _ => None,
        };
        let (buffer, off) = self.place(op, ctx.operand(op, 0))?;
        let (name, elem) = (buffer.name.clone(), buffer.elem);
        if s == Scalar::Int(64) && kind == Some(AtomicKind::Add) && !ctx.has_uses(r) {
            let v = self.val(ctx.operand(op, 1));
            let (lo, hi) = (
                format!("&{name}[{}]", off.word(0)),
                format!("&{name}[{}]", off.word(1)),
            );
            return self.guarded(pred, |k| {
                let old = k.temp("o");
                let carry = format!("select(0u, 1u, {old} + {v}.x < {old})");
                let add = |p: &str, x: String| match elem {
                    Elem::I32 => format!("bitcast<u32>(atomicAdd({p}, bitcast<i32>({x})))"),
                    _ => format!("atomicAdd({p}, {x})"),
                };
                k.line(&format!("let {old} = {};", add(&lo, format!("{v}.x"))));
                k.line(&format!("{};", add(&hi, format!("{v}.y + {carry}"))));
                Ok(())
            });
        }
        if !matches!(s, Scalar::Int(32) | Scalar::F32) {
            let msg = format!(
                "is a {}-bit atomic, which the WGSL target does not support (WGSL has 32-bit atomics only)",
                s.bytes() * 8
            );
            return Err(ctx.op_error(op, msg));
        }
        let p = format!("&{name}[{}]", off.word(0));
        let ety = elem.wgsl();
        // An operand as the element type, and an element as the result.
        let to_elem = |x: String| match (s, elem) {
            (Scalar::Int(32), Elem::I32) => x,
            _ => format!("bitcast<{ety}>({x})"),
        };
        let from_elem = |e: String| match (s, elem) {
            (Scalar::Int(32), Elem::I32) => e,
            (Scalar::F32, _) => format!("bitcast<f32>({e})"),
            _ => format!("bitcast<i32>({e})"),
        };
        let operand = |i: usize| self.val(ctx.operand(op, i));
        let Some(kind) = kind else {
            let (cmp, new) = (to_elem(operand(1)), to_elem(operand(2)));
            return self.guarded_value(op, pred, |k| {
                let old = k.strong_cas(&p, ety, &cmp, &new);
                Ok(from_elem(old))
            });
        };
        let v = to_elem(operand(1));
        let float = s == Scalar::F32;
        let builtin = match kind {
            AtomicKind::Add if !float => Some("atomicAdd"),
            AtomicKind::Sub if !float => Some("atomicSub"),
            AtomicKind::And if !float => Some("atomicAnd"),
            AtomicKind::Or if !float => Some("atomicOr"),
            AtomicKind::Xor if !float => Some("atomicXor"),
            AtomicKind::Exch => Some("atomicExchange"),
            AtomicKind::Min if elem == Elem::I32 => Some("atomicMin"),
            AtomicKind::Max if elem == Elem::I32 => Some("atomicMax"),
            AtomicKind::Umin if elem == Elem::U32 => Some("atomicMin"),
            AtomicKind::Umax if elem == Elem::U32 => Some("atomicMax"),
            _ => None,
        };
        if let Some(f) = builtin {
            return self.guarded_value(op, pred, |_| Ok(from_elem(format!("{f}({p}, {v})"))));
        }
        // The new value from the old element `o`, in a CAS loop.
        let (vs, vu) = (as_i32(elem, &v), as_u32(elem, &v));
        let new: Box<dyn Fn(&str) -> String> = match kind {
            AtomicKind::Add if float => Box::new(move |o: &str| {
                format!("bitcast<{ety}>(bitcast<f32>({o}) + bitcast<f32>({v}))")
            }),
            AtomicKind::Min if !float => {
                Box::new(move |o: &str| from_i32(elem, format!("min({}, {vs})", as_i32(elem, o))))
            }
            AtomicKind::Max if !float => {
                Box::new(move |o: &str| from_i32(elem, format!("max({}, {vs})", as_i32(elem, o))))
            }
            AtomicKind::Umin if !float => {
                Box::new(move |o: &str| from_u32(elem, format!("min({}, {vu})", as_u32(elem, o))))
            }
            AtomicKind::Umax if !float => {
                Box::new(move |o: &str| from_u32(elem, format!("max({}, {vu})", as_u32(elem, o))))
            }
            AtomicKind::Inc if !float => Box::new(move |o: &str| {
                let u = as_u32(elem, o);
                from_u32(elem, format!("select({u} + 1u, 0u, {u} >= {vu})"))
            }),
            AtomicKind::Dec if !float => Box::new(move |o: &str| {
                let u = as_u32(elem, o);
                from_u32(
                    elem,
                    format!("select({u} - 1u, {vu}, {u} == 0u || {u} > {vu})"),
                )
            }),
            _ => {
                let msg = format!(
                    "is atomic {} on {}, which the WGSL target does not support",
                    kind.keyword(),
                    if float { "f32" } else { "i32" }
                );
                return Err(ctx.op_error(op, msg));
            }
        };
        self.guarded_value(op, pred, |k| {
            let old = k.cas_loop(&p, ety, &*new);
            Ok(from_elem(old))
        })
    }

    /// `*p = new(old)` by compare-exchange until it sticks; the name of the
    /// old value.
    fn cas_loop(&mut self, p: &str, ety: &str, new: &dyn Fn(&str) -> String) -> String {
        let old = self.temp("o");
        let x = self.temp("x");
        self.line(&format!("var {old}: {ety} = atomicLoad({p});"));
        self.open("loop");
        let new = new(&old);
        self.line(&format!(
            "let {x} = atomicCompareExchangeWeak({p}, {old}, {new});"
        ));
        self.open(&format!("if {x}.exchanged"));
        self.line("break;");
        self.close();
        self.line(&format!("{old} = {x}.old_value;"));
        self.close();
        old
    }

    /// CUDA's (strong) compare-and-swap; the name of the old value.
    fn strong_cas(&mut self, p: &str, ety: &str, cmp: &str, new: &str) -> String {
        let old = self.temp("o");
        let x = self.temp("x");
        self.line(&format!("var {old}: {ety};"));
        self.open("loop");
        self.line(&format!(
            "let {x} = atomicCompareExchangeWeak({p}, {cmp}, {new});"
        ));
        self.line(&format!("{old} = {x}.old_value;"));
        self.open(&format!("if {x}.exchanged || {x}.old_value != {cmp}"));
        self.line("break;");
        self.close();
        self.close();
        old
    }
}

fn as_i32(elem: Elem, x: &str) -> String {
    match elem {
        Elem::I32 => x.to_string(),
        _ => format!("bitcast<i32>({x})"),
    }
}

fn as_u32(elem: Elem, x: &str) -> String {
    match elem {
        Elem::U32 => x.to_string(),
        _ => format!("bitcast<u32>({x})"),
    }
}

fn from_i32(elem: Elem, x: String) -> String {
    match elem {
        Elem::I32 => x,
        _ => format!("bitcast<u32>({x})"),
    }
}

fn from_u32(elem: Elem, x: String) -> String {
    match elem {
        Elem::U32 => x,
        _ => format!("bitcast<i32>({x})"),
    }
}
