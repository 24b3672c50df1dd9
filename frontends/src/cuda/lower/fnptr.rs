//! Function pointers in host code: a function's name used as a value (or
//! `&f`) is its address, `cuda.func_addr @f` of type `T (*)(params)`, which
//! host code stores, passes (to `qsort`, say) and calls through
//! (`cuda.call_indirect`). Device code has no function pointers yet.

use super::expr::Val;
use super::{Lowerer, Space};
use crate::cuda::Diag;
use crate::cuda::ast::{Expr, Loc};
use crate::cuda::sema::decl::Signature;
use crate::cuda::sema::types::{CType, generic_ptr};
use crate::cuda::token::Sym;
use cuwasm::ValueId;
use std::rc::Rc;

type R<T> = Result<T, Diag>;

impl Lowerer<'_, '_> {
    /// The function named `sym` as an lvalue: its address and its function
    /// type (which decays to a pointer wherever a value is needed).
    pub(super) fn function_designator(&mut self, sym: Sym, loc: Loc) -> R<(ValueId, CType)> {
        if !self.host {
            return Err(self.unsupported(loc, "function pointers in device code"));
        }
        let (symbol, sig) = self.host_function(sym, loc)?;
        self.set_loc(loc);
        let callee = self.ctx.symbol_ref_attr(&symbol, &[]);
        let p = generic_ptr(self.ctx);
        let v = self.op1("cuda.func_addr", &[], p, &[("callee", callee)]);
        Ok((v, CType::Function(Rc::new(sig))))
    }

    /// The symbol and signature of the host function named `sym` whose
    /// address is taken (queued for lowering); an error for an overloaded,
    /// `__global__` or `__device__` one.
    pub(super) fn host_function(&mut self, sym: Sym, loc: Loc) -> R<(String, Signature)> {
        let name = self.spelling(sym).to_string();
        let defs = self.fn_names.get(&sym).cloned().unwrap_or_default();
        let i = match defs.as_slice() {
            [i] => *i,
            _ => {
                return Err(self.unsupported(
                    loc,
                    &format!("the address of an overloaded function ('{name}')"),
                ));
            }
        };
        match self.fns[i].space {
            Space::Host | Space::HostDevice => {}
            Space::Kernel => {
                return Err(self.unsupported(
                    loc,
                    &format!("the address of the __global__ function '{name}'"),
                ));
            }
            Space::Device => {
                return Err(self.err(loc, format!("the address of the __device__ function '{name}' cannot be taken in host code")));
            }
        }
        let sig = self.signature_of(i)?;
        self.request(i);
        Ok((self.fns[i].symbol.clone(), sig))
    }

    /// `callee(args)` where `callee` (of value `f`) is a function pointer (a
    /// variable, `*fp`, `table[i]`, ...): `cuda.call_indirect`.
    pub(super) fn indirect_call(
        &mut self,
        loc: Loc,
        callee: &Expr,
        f: Val,
        args: &[Expr],
    ) -> R<Option<Val>> {
        let sig = match &f.ty {
            CType::Pointer(t) => match &**t {
                CType::Function(sig) => sig.clone(),
                _ => return Err(self.not_callable(callee, &f.ty)),
            },
            t => return Err(self.not_callable(callee, t)),
        };
        if !self.host {
            return Err(self.unsupported(loc, "calls through function pointers in device code"));
        }
        if matches!(sig.ret, CType::Struct(_)) {
            return Err(self.unsupported(
                loc,
                "calling a function that returns a struct through a pointer",
            ));
        }
        if sig.params.len() != args.len() {
            return Err(self.err(
                loc,
                format!(
                    "the function takes {} argument(s), {} given",
                    sig.params.len(),
                    args.len()
                ),
            ));
        }
        let mut operands = vec![f.v];
        for (a, t) in args.iter().zip(&sig.params) {
            let v = self.rvalue(a)?;
            operands.push(self.convert(v, t, a.loc)?);
        }
        self.set_loc(loc);
        let (inputs, results) = self.ir_signature(&sig);
        let fty = self.ctx.function_type(&inputs, &results);
        let fty = self.ctx.type_attr(fty);
        let op = self.op(
            "cuda.call_indirect",
            &operands,
            &results,
            &[("function_type", fty)],
        );
        Ok(match results.is_empty() {
            true => None,
            false => Some(Val {
                v: self.ctx.result(op, 0),
                ty: sig.ret.clone(),
            }),
        })
    }

    fn not_callable(&self, callee: &Expr, ty: &CType) -> Diag {
        self.err(
            callee.loc,
            format!(
                "called object type '{}' is not a function or function pointer",
                ty.name()
            ),
        )
    }
}
