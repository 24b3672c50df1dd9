//! Host variables of pointer type with a constant initializer
//! (`static const char *names[] = {"sinf", "cosf"};`, a table of functions):
//! the `cuda.global_var`'s `initial_value` is an array of one address per
//! element (`cuda::Address`), filled in by the target that places the
//! variable: a string literal, a host function or host variable (`f`, `&f`,
//! `table`, `&x`), or a null pointer constant (`0`, `NULL`, `nullptr`).

use super::Lowerer;
use super::global::is_host_var;
use crate::cuda::Diag;
use crate::cuda::ast::{Expr, ExprKind, Initializer, UnaryOp};
use crate::cuda::sema::expr::const_eval;
use crate::cuda::sema::types::CType;
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

    /// The address a pointer initializer `e` denotes.
    fn address(&mut self, e: &Expr) -> R<Attr> {
        let e = e.ignore_parens();
        match &e.kind {
            ExprKind::StringLit(s) => {
                let text = self.string_text(s, e.loc)?;
                Ok(self.ctx.string_attr(&text))
            }
            ExprKind::Nullptr => Ok(self.null_address()),
            // The IR's pointers have no pointee type: a pointer cast keeps the address.
            ExprKind::Cast(c) => self.address(&c.expr),
            ExprKind::Unary(UnaryOp::AddrOf, x) => self.symbol_address(x, true),
            ExprKind::Ident(_) => self.symbol_address(e, false),
            _ if const_eval(self.pp, e, &super::EnumConsts(&self.enum_consts)) == Some(0) => {
                Ok(self.null_address())
            }
            _ => Err(self.unsupported(
                e.loc,
                "a pointer initializer other than a string literal, the address of a function or file-scope variable, or a null pointer",
            )),
        }
    }

    /// `@name` for the function or host variable `e` names (`&e` when
    /// `addr_of`; without `&`, only a function or an array decays to its
    /// address).
    fn symbol_address(&mut self, e: &Expr, addr_of: bool) -> R<Attr> {
        let ExprKind::Ident(id) = &e.ignore_parens().kind else {
            return Err(self.unsupported(
                e.loc,
                "the address of anything but a function or a file-scope variable in an initializer",
            ));
        };
        let name = self.spelling(id.sym);
        if self.fn_names.contains_key(&id.sym) {
            let (symbol, _) = self.host_function(id.sym, e.loc)?;
            return Ok(self.ctx.symbol_ref_attr(&symbol, &[]));
        }
        let Some(&i) = self.globals.get(&id.sym) else {
            return Err(self.err(
                e.loc,
                format!("'{name}' is not a constant address: it names no function or file-scope variable"),
            ));
        };
        if !is_host_var(self.global_decls[i].0) {
            return Err(self.unsupported(
                e.loc,
                "the address of a __device__ or __constant__ variable in a host variable's initializer",
            ));
        }
        let (symbol, ty) = self.global_var(i)?;
        if !addr_of && !matches!(ty, CType::Array(..)) {
            return Err(self.err(
                e.loc,
                format!("the value of '{name}' is not a constant: write '&{name}' for its address"),
            ));
        }
        Ok(self.ctx.symbol_ref_attr(&symbol, &[]))
    }

    fn null_address(&self) -> Attr {
        self.ctx.dialect_attr("ptr.null", None)
    }
}
