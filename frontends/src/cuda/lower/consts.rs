//! Named integer constants: enumerators (scoped ones under their enum),
//! file-scope `const`/`constexpr` integers, and what a constant expression
//! in a function body sees ([`VarConsts`]: `const` locals, template
//! parameters, then the file's constants); qualified names as values
//! (`Mode::Sum`, `ns::x`).

use super::expr::Val;
use super::{Lowerer, Var};
use crate::cuda::Diag;
use crate::cuda::ast::{EnumDecl, Expr, ExprKind, Ident, Initializer, QualName, VarDecl};
use crate::cuda::sema::decl::ConstLookup;
use crate::cuda::sema::expr::const_eval;
use crate::cuda::sema::scope::Scopes;
use crate::cuda::sema::template::Bindings;
use crate::cuda::sema::types::CType;
use crate::cuda::token::Sym;
use rustc_hash::FxHashMap;

/// The file's named integer constants.
#[derive(Default, Debug)]
pub(crate) struct FileConsts {
    /// Unscoped enumerators (`cudaSuccess`) and `const int N = 16;`, with
    /// their types.
    pub named: FxHashMap<Sym, (i128, CType)>,
    /// `E::A` of each `enum class E`.
    pub scoped: FxHashMap<(Sym, Sym), i128>,
}

/// The constants of an expression: `const` locals (when in a function),
/// template parameters, the file's constants.
pub(crate) struct VarConsts<'s> {
    pub vars: Option<&'s Scopes<Var>>,
    pub file: &'s FileConsts,
    pub bindings: Option<&'s Bindings>,
}

impl ConstLookup for VarConsts<'_> {
    fn constant(&self, name: Sym) -> Option<i128> {
        if let Some(v) = self.vars.and_then(|vars| vars.lookup(name)) {
            return v.konst;
        }
        if let Some(v) = self.bindings.and_then(|b| b.value(name)) {
            return Some(v);
        }
        self.file.named.get(&name).map(|(v, _)| *v)
    }
    fn type_param(&self, name: Sym) -> Option<CType> {
        self.bindings?.type_param(name)
    }
    fn scoped_constant(&self, scope: Sym, name: Sym) -> Option<i128> {
        self.file.scoped.get(&(scope, name)).copied()
    }
}

impl Lowerer<'_, '_> {
    /// Record the values of an enum's enumerators (C: each is the previous
    /// plus one unless given); a scoped enum's under its name.
    pub(super) fn collect_enumerators(&mut self, e: &EnumDecl) {
        let mut next = 0i128;
        for en in e.enumerators.iter().flatten() {
            let v = match &en.value {
                Some(x) => const_eval(self.pp, x, &self.file_consts()).unwrap_or(next),
                None => next,
            };
            match (e.scoped, e.name) {
                (true, Some(n)) => {
                    self.consts.scoped.insert((n.sym, en.name.sym), v);
                }
                _ => {
                    self.consts.named.insert(en.name.sym, (v, CType::INT));
                }
            }
            next = v + 1;
        }
    }

    /// `const int N = 16;` / `constexpr unsigned M = N * 2;` at file scope:
    /// a named constant when its type is an integer and its initializer a
    /// constant.
    pub(super) fn collect_file_const(&mut self, v: &VarDecl) {
        let Some(Initializer::Expr(e)) = &v.init else {
            return;
        };
        let Ok(ty) = self.resolve(&v.ty) else { return };
        if !ty.is_integer() {
            return;
        }
        if let Some(value) = const_eval(self.pp, e, &self.file_consts()) {
            self.consts.named.insert(v.name.sym, (value, ty));
        }
    }

    /// The value of a named constant `sym` (an enumerator, a file-scope
    /// constant or a template's value parameter) unless a local hides it.
    pub(super) fn named_constant(&mut self, sym: Sym) -> Option<Val> {
        if self.vars.lookup(sym).is_some() {
            return None;
        }
        let (v, ty) = match self.bindings.value(sym) {
            Some(v) => (v, CType::INT),
            None => self.consts.named.get(&sym).cloned()?,
        };
        Some(Val {
            v: self.int_const(&ty, v),
            ty,
        })
    }

    /// The value of a qualified name: `E::A` of a scoped enum, or a name
    /// in a namespace (`ns::x`).
    pub(super) fn qualified_value(&mut self, q: &QualName, e: &Expr) -> Result<Val, Diag> {
        if q.name.targs.is_some() {
            return Err(self.unsupported(e.loc, "a function template's name as a value"));
        }
        if let Some(scope) = q.qualifier.last()
            && let Some(&v) = self.consts.scoped.get(&(scope.ident.sym, q.name.ident.sym))
        {
            let ty = self.resolve(&crate::cuda::ast::Type::new(
                crate::cuda::ast::TypeKind::Named(Box::new(QualName::simple(scope.ident))),
                e.loc,
            ))?;
            return Ok(Val {
                v: self.int_const(&ty, v),
                ty,
            });
        }
        match self.namespace_member(q) {
            Some(id) => self.rvalue(&Expr::new(ExprKind::Ident(id), e.loc)),
            None => Err(self.unsupported(e.loc, "static data members and names nested in classes")),
        }
    }

    /// `ns::x` (every qualifier a namespace): `x`, as names are collected
    /// by their last component.
    pub(super) fn namespace_member(&self, q: &QualName) -> Option<Ident> {
        let all_namespaces = q
            .qualifier
            .iter()
            .all(|s| self.typedefs.is_namespace(s.ident.sym));
        (all_namespaces && q.name.targs.is_none()).then_some(q.name.ident)
    }
}
