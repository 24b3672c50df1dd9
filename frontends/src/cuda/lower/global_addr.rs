//! Host variables of pointer type with a constant initializer
//! (`static const char *names[] = {"sinf", "cosf"};`, a table of functions):
//! the `cuda.global_var`'s `initial_value` is an array of one address per
//! element (`cuda::Address`), filled in by the target that places the
//! variable: a string literal, a host function or host variable (`f`, `&f`,
//! `table`, `&x`), or a null pointer constant (`0`, `NULL`, `nullptr`).

use super::Lowerer;
use super::global::is_host_var;
use crate::cuda::Diag;
use crate::cuda::ast::{Expr, ExprKind, Initializer, Loc, UnaryOp};
use crate::cuda::sema::expr::const_eval;
use crate::cuda::sema::types::CType;
use crate::cuda::token::Sym;
use cuwasm::Attr;

type R<T> = Result<T, Diag>;

impl<'a> Lowerer<'a, '_> {
    /// The addresses that `init` gives the elements of a pointer (array)
    /// of type `ty`, `#ptr.null` where it gives none.
    pub(super) fn address_inits(&mut self, ty: &CType, init: &'a Initializer) -> R<Attr> {
        let mut exprs = Vec::new();
        self.flat_exprs(ty, init, &mut exprs)?;
        let items = exprs
            .into_iter()
            .map(|e| match e {
                Some(e) => self.address(e),
                None => Ok(self.null_address()),
            })
            .collect::<R<Vec<Attr>>>()?;
        Ok(self.ctx.array_attr(items))
    }

    /// The address a pointer initializer `e` denotes; errors are located at `e`.
    fn address(&mut self, e: &Expr) -> R<Attr> {
        self.address_within(e, e.loc)
    }

    /// The address `e` (part of an initializer at `at`) denotes.
    fn address_within(&mut self, e: &Expr, at: Loc) -> R<Attr> {
        let e = e.ignore_parens();
        match &e.kind {
            ExprKind::StringLit(s) => {
                let text = self.string_text(s, at)?;
                Ok(self.ctx.string_attr(&text))
            }
            ExprKind::Nullptr => Ok(self.null_address()),
            // The IR's pointers have no pointee type: a pointer cast keeps the address.
            ExprKind::Cast(c) => self.address_within(&c.expr, at),
            ExprKind::Unary(UnaryOp::AddrOf, x) => match &x.ignore_parens().kind {
                ExprKind::Ident(id) => self.symbol_address(id.sym, true, at),
                _ => Err(self.unsupported(
                    at,
                    "the address of anything but a function or a file-scope variable in an initializer",
                )),
            },
            ExprKind::Ident(id) => self.symbol_address(id.sym, false, at),
            _ if const_eval(self.pp, e, &self.file_consts()) == Some(0) => {
                Ok(self.null_address())
            }
            _ => Err(self.unsupported(
                at,
                "a pointer initializer other than a string literal, the address of a function or file-scope variable, or a null pointer",
            )),
        }
    }

    /// `@name` for the function or host variable `sym` names (its address
    /// taken with `&` when `addr_of`; without, only a function or an array
    /// decays to its address).
    fn symbol_address(&mut self, sym: Sym, addr_of: bool, at: Loc) -> R<Attr> {
        let name = self.spelling(sym);
        if self.fn_names.contains_key(&sym) {
            let (symbol, _) = self.host_function(sym, at)?;
            return Ok(self.ctx.symbol_ref_attr(&symbol, &[]));
        }
        let Some(&i) = self.globals.get(&sym) else {
            return Err(self.err(
                at,
                format!("'{name}' is not a constant address: it names no function or file-scope variable"),
            ));
        };
        if !is_host_var(self.global_decls[i].0) {
            return Err(self.unsupported(
                at,
                "the address of a __device__ or __constant__ variable in a host variable's initializer",
            ));
        }
        let (symbol, ty) = self.global_var(i)?;
        if !addr_of && !matches!(ty, CType::Array(..)) {
            return Err(self.err(
                at,
                format!("the value of '{name}' is not a constant: write '&{name}' for its address"),
            ));
        }
        Ok(self.ctx.symbol_ref_attr(&symbol, &[]))
    }

    fn null_address(&self) -> Attr {
        self.ctx.dialect_attr("ptr.null", None)
    }
}
