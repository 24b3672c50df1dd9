//! Calls: which function a call expression names (a function of the file,
//! a function template's instance, a member function, a functor's
//! `operator()`, a builtin), the overload chosen (by arity, then by the
//! argument types), and the call itself: arguments by value or by
//! reference, default arguments filled in, a struct result through a
//! hidden pointer, a reference result as an lvalue.

use super::expr::Val;
use super::{Lowerer, Space};
use crate::cuda::Diag;
use crate::cuda::ast::{Expr, ExprKind, FunctionDecl, Loc, NameSeg, QualName};
use crate::cuda::sema::types::CType;
use cuwasm::{InsertPoint, ValueId};

type R<T> = Result<T, Diag>;

/// What a call yields.
pub(super) enum Called {
    Void,
    Value(Val),
    /// A reference: the referent's address and type (an lvalue).
    Place(ValueId, CType),
}

/// Can `f` be called with `n` arguments (its defaults filling the rest)?
pub(super) fn arity_fits(f: &FunctionDecl, n: usize) -> bool {
    let total = match f.params.as_slice() {
        [p] if p.name.is_none() && p.ty.is_void() => 0,
        ps => ps.len(),
    };
    let required = f.params.iter().take_while(|p| p.default.is_none()).count();
    n <= total && n >= required.min(total)
}

impl<'a> Lowerer<'a, '_> {
    /// A call; None for a `void` result.
    pub(super) fn call(&mut self, loc: Loc, callee: &Expr, args: &[Expr]) -> R<Option<Val>> {
        Ok(match self.call_place(loc, callee, args)? {
            Called::Void => None,
            Called::Value(v) => Some(v),
            Called::Place(p, ty) => Some(self.load_lvalue(p, ty)),
        })
    }

    /// A call, a reference result kept as a place.
    pub(super) fn call_place(&mut self, loc: Loc, callee: &Expr, args: &[Expr]) -> R<Called> {
        match &callee.ignore_parens().kind {
            ExprKind::Member(m) => {
                let (this, st) = self.object(&m.base, m.arrow, loc)?;
                if m.member.targs.is_some() {
                    return Err(self.unsupported(loc, "member templates"));
                }
                let name = super::method::MemberName::Ident(m.member.ident.sym);
                self.method_call(Some(this), &st, &name, args, loc)
            }
            ExprKind::Ident(id) if self.is_value_name(id.sym) => {
                self.functor_call(callee, args, loc)
            }
            ExprKind::Ident(id) => self.named_call(&QualName::simple(*id), args, loc),
            ExprKind::Name(q) => self.named_call(q, args, loc),
            _ => self.functor_call(callee, args, loc),
        }
    }

    /// Is `sym` a variable here (a local, a member of `this`, a global)?
    fn is_value_name(&self, sym: crate::cuda::token::Sym) -> bool {
        self.vars.lookup(sym).is_some()
            || self.globals.contains_key(&sym)
            || self.this_has_field(sym)
    }

    /// `f(args)` with `f` an object of a class with `operator()`, or a
    /// function pointer.
    fn functor_call(&mut self, callee: &Expr, args: &[Expr], loc: Loc) -> R<Called> {
        let f = self.rvalue(callee)?;
        let CType::Struct(st) = &f.ty else {
            return Ok(match self.indirect_call(loc, callee, f, args)? {
                Some(v) => Called::Value(v),
                None => Called::Void,
            });
        };
        let name = super::method::MemberName::Op(crate::cuda::ast::OverloadedOp::Call);
        self.method_call(Some(f.v), &st.clone(), &name, args, loc)
    }

    /// A call of a (possibly qualified, possibly templated) name: a static
    /// member (`S::f()`, `T::f()`), a member of `this`, a function or
    /// function template of the file, a builtin.
    fn named_call(&mut self, q: &QualName, args: &[Expr], loc: Loc) -> R<Called> {
        let sym = q.name.ident.sym;
        if let Some(st) = self.qualifier_class(q)? {
            let name = super::method::MemberName::Ident(sym);
            return self.method_call(None, &st, &name, args, loc);
        }
        if q.qualifier.is_empty()
            && q.name.targs.is_none()
            && let Some(r) = self.implicit_member_call(sym, args, loc)?
        {
            return Ok(r);
        }
        if let Some(cands) = self.fn_templates.get(&sym).cloned() {
            if self.fn_names.contains_key(&sym) && q.name.targs.is_none() {
                return Err(self.unsupported(
                    loc,
                    &format!(
                        "overloading a function template ('{}') with functions",
                        self.spelling(sym)
                    ),
                ));
            }
            let i = self.template_target(&cands, q.name.targs.as_deref(), args, loc)?;
            return self.call_fn(i, None, args, loc);
        }
        if q.name.targs.is_some() {
            let name = self.spelling(sym);
            return Err(self.err(loc, format!("'{name}' is not a function template")));
        }
        if let Some(defs) = self.fn_names.get(&sym).cloned() {
            let i = self.pick_overload(&defs, args, false, self.spelling(sym), loc)?;
            return self.call_fn(i, None, args, loc);
        }
        self.builtin_call(loc, self.spelling(sym), args)
    }

    /// The class a name's qualifier denotes (`S` in `S::f`, `T` in
    /// `T::identity()` with `T` bound to a struct), skipping namespaces;
    /// None for an unqualified or namespace-qualified name.
    fn qualifier_class(
        &mut self,
        q: &QualName,
    ) -> R<Option<std::rc::Rc<crate::cuda::sema::record::StructType>>> {
        let segs: Vec<&NameSeg> = q
            .qualifier
            .iter()
            .filter(|s| !self.typedefs.is_namespace(s.ident.sym))
            .collect();
        let Some((last, outer)) = segs.split_last() else {
            return Ok(None);
        };
        if !outer.is_empty() {
            return Err(
                self.unsupported(q.loc(), "names nested in classes more than one level deep")
            );
        }
        let ty = crate::cuda::ast::Type::new(
            crate::cuda::ast::TypeKind::Named(Box::new(QualName {
                global: false,
                qualifier: Vec::new(),
                name: (*last).clone(),
            })),
            last.ident.loc,
        );
        match self.resolve(&ty)? {
            CType::Struct(st) => Ok(Some(st)),
            t => Err(self.err(
                last.ident.loc,
                format!("'{}' is not a class, namespace or enum", t.name()),
            )),
        }
    }

    /// Choose among functions `cands` (overloads of `name`) for `args`: by
    /// arity, then by how well the argument types match the parameter
    /// types (exact, then same kind, then convertible), then a non-`const`
    /// member over a `const` one (the object is not `const` here).
    pub(super) fn pick_overload(
        &mut self,
        cands: &[usize],
        args: &[Expr],
        _const_obj: bool,
        name: &str,
        loc: Loc,
    ) -> R<usize> {
        let fits: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&i| arity_fits(self.fns[i].decl, args.len()))
            .collect();
        match fits.as_slice() {
            [i] => return Ok(*i),
            [] => {
                return Err(self.err(
                    loc,
                    format!(
                        "no matching function for call to '{name}' with {} arguments",
                        args.len()
                    ),
                ));
            }
            _ => {}
        }
        let types = self.arg_types(args)?;
        let mut best: Vec<(u32, usize)> = Vec::new();
        for &i in &fits {
            let sig = self.signature_of(i)?;
            let mut score = 0u32;
            let mut viable = true;
            for (a, p) in types.iter().zip(&sig.params) {
                match conversion_rank(a, p) {
                    Some(r) => score += r,
                    None => viable = false,
                }
            }
            // Prefer the non-const member (the object is modifiable).
            score = score * 2 + (!self.fns[i].decl.is_const) as u32;
            if viable {
                best.push((score, i));
            }
        }
        best.sort_by(|a, b| b.0.cmp(&a.0));
        match best.as_slice() {
            [(s, i), rest @ ..] if rest.first().is_none_or(|(t, _)| t < s) => Ok(*i),
            [] => Err(self.err(loc, format!("no matching function for call to '{name}'"))),
            _ => Err(self.err(loc, format!("call to '{name}' is ambiguous"))),
        }
    }

    /// The types of `args`, found by lowering them into a scratch block
    /// that is then dropped (the real lowering comes once the callee and
    /// so the way each argument is passed is known).
    pub(super) fn arg_types(&mut self, args: &[Expr]) -> R<Vec<CType>> {
        let saved = self.ip;
        let scratch = self.ctx.create_block(&[], self.loc);
        self.ip = InsertPoint::End(scratch);
        let r = args.iter().map(|a| self.rvalue(a).map(|v| v.ty)).collect();
        self.ip = saved;
        self.ctx.erase_block(scratch);
        r
    }

    /// Is calling function `i` allowed from the side being lowered?
    fn check_space(&self, i: usize, loc: Loc) -> R<()> {
        let name = self.fns[i].symbol.as_str();
        match self.fns[i].space {
            Space::Kernel if self.host => Err(self.err(
                loc,
                format!("the __global__ function '{name}' must be launched with <<<...>>>"),
            )),
            Space::Device if self.host => Err(self.err(
                loc,
                format!("calling a __device__ function ('{name}') from a __host__ function is not allowed"),
            )),
            Space::Host | Space::HostDevice if self.host => Ok(()),
            Space::Kernel => Err(self.unsupported(
                loc,
                &format!("calling the __global__ function '{name}' from device code"),
            )),
            Space::Host => Err(self.err(
                loc,
                format!("calling a __host__ function ('{name}') from a __global__ or __device__ function is not allowed"),
            )),
            Space::Device | Space::HostDevice => Ok(()),
        }
    }

    /// Call function `i` (a member function with `this`), its missing
    /// arguments taken from its defaults.
    pub(super) fn call_fn(
        &mut self,
        i: usize,
        this: Option<ValueId>,
        args: &[Expr],
        loc: Loc,
    ) -> R<Called> {
        self.check_space(i, loc)?;
        if self.fns[i].decl.spec_args.is_some() {
            return Err(self.unsupported(loc, "template specializations"));
        }
        let sig = self.signature_of(i)?;
        let decl = self.fns[i].decl;
        let mut operands = Vec::new();
        for (k, (ty, is_ref)) in sig.params.iter().zip(&sig.param_refs).enumerate() {
            let Some(e) = args.get(k).or(decl.params[k].default.as_ref()) else {
                return Err(self.err(
                    loc,
                    format!("too few arguments to '{}'", self.fns[i].symbol),
                ));
            };
            operands.push(match is_ref {
                true => self.ref_arg(e, ty)?,
                false => {
                    let v = self.rvalue(e)?;
                    self.convert_arg(v, ty, e.loc)?
                }
            });
        }
        if self.fns[i].has_this() {
            let Some(this) = this else {
                return Err(self.err(
                    loc,
                    format!(
                        "call to the non-static member function '{}' without an object",
                        self.fns[i].symbol
                    ),
                ));
            };
            operands.insert(0, this);
        }
        self.set_loc(loc);
        self.request(i);
        let callee = self.ctx.symbol_ref_attr(&self.fns[i].symbol, &[]);
        let (_, results) = self.ir_signature(&sig);
        if let (CType::Struct(_), false) = (&sig.ret, sig.ret_ref) {
            let slot = self.slot(&sig.ret, loc)?;
            operands.insert(0, slot);
            self.op("func.call", &operands, &[], &[("callee", callee)]);
            return Ok(Called::Value(Val {
                v: slot,
                ty: sig.ret,
            }));
        }
        let op = self.op("func.call", &operands, &results, &[("callee", callee)]);
        Ok(match (results.is_empty(), sig.ret_ref) {
            (true, _) => Called::Void,
            (false, true) => Called::Place(self.ctx.result(op, 0), sig.ret),
            (false, false) => Called::Value(Val {
                v: self.ctx.result(op, 0),
                ty: sig.ret,
            }),
        })
    }

    /// A by-value argument: converted to the parameter's type (a struct is
    /// passed as its address and must be of the parameter's struct type).
    fn convert_arg(&mut self, v: Val, ty: &CType, loc: Loc) -> R<ValueId> {
        match ty {
            CType::Struct(_) if v.ty == *ty => Ok(v.v),
            CType::Struct(_) => Err(self.err(
                loc,
                format!("no conversion from '{}' to '{}'", v.ty.name(), ty.name()),
            )),
            _ => self.convert(v, ty, loc),
        }
    }

    /// The address a reference parameter of type `ty` binds to: the
    /// argument's own when it is an lvalue of that type, else a temporary
    /// holding its value (as a `const T &` binds to an rvalue).
    pub(super) fn ref_arg(&mut self, e: &Expr, ty: &CType) -> R<ValueId> {
        if is_lvalue_form(e) {
            let (p, t) = self.lvalue(e)?;
            if t == *ty {
                return Ok(p);
            }
            let v = self.load_lvalue(p, t);
            return self.temporary(v, ty, e.loc);
        }
        let v = self.rvalue(e)?;
        self.temporary(v, ty, e.loc)
    }

    /// A slot of type `ty` holding `v` (converted).
    fn temporary(&mut self, v: Val, ty: &CType, loc: Loc) -> R<ValueId> {
        if let CType::Struct(_) = ty {
            if v.ty == *ty {
                return Ok(v.v);
            }
            return Err(self.err(
                loc,
                format!(
                    "cannot bind a reference to '{}' to a value of type '{}'",
                    ty.name(),
                    v.ty.name()
                ),
            ));
        }
        let x = self.convert(v, ty, loc)?;
        let slot = self.slot(ty, loc)?;
        self.store(x, slot);
        Ok(slot)
    }

    /// The builtins a call may name: the C library and CUDA runtime on the
    /// host, `__syncthreads` and the other device builtins, math.
    fn builtin_call(&mut self, loc: Loc, name: &str, args: &[Expr]) -> R<Called> {
        let into = |v: Option<Val>| v.map_or(Called::Void, Called::Value);
        if self.host
            && let Some(r) = self.host_call(loc, name, args)?
        {
            return Ok(into(r));
        }
        let mut vals = Vec::with_capacity(args.len());
        for a in args {
            vals.push(self.rvalue(a)?);
        }
        self.set_loc(loc);
        if name == "__syncthreads" && vals.is_empty() && !self.host {
            self.op("cuda.syncthreads", &[], &[], &[]);
            return Ok(Called::Void);
        }
        // `__syncwarp(mask = 0xffffffff)`.
        if name == "__syncwarp" && vals.len() <= 1 && !self.host {
            let mask = match vals.pop() {
                Some(m) => self.convert(m, &CType::UINT, loc)?,
                None => self.int_const(&CType::UINT, 0xffff_ffff),
            };
            self.set_loc(loc);
            self.op("cuda.syncwarp", &[mask], &[], &[]);
            return Ok(Called::Void);
        }
        if let (true, false, Some(scope)) = (
            vals.is_empty(),
            self.host,
            match name {
                "__threadfence" => Some(None),
                "__threadfence_block" => Some(Some("block")),
                "__threadfence_system" => Some(Some("system")),
                _ => None,
            },
        ) {
            // `cuda.threadfence`; no scope is the device scope.
            let props: Vec<(&str, cuwasm::Attr)> = scope
                .map(|s| {
                    let a = self.ctx.dialect_attr("cuda", Some(&format!("scope {s}")));
                    ("scope", a)
                })
                .into_iter()
                .collect();
            self.op("cuda.threadfence", &[], &[], &props);
            return Ok(Called::Void);
        }
        if let Some(v) = self.device_builtin(name, &vals, loc)? {
            return Ok(into(v));
        }
        // `__sincosf` is computed as `sincosf`, at least as accurate.
        if matches!(name, "sincos" | "sincosf" | "__sincosf") {
            self.sincos(name, &vals, loc)?;
            return Ok(Called::Void);
        }
        if let Some(v) = self.math_call(name, &vals, loc)? {
            return Ok(Called::Value(v));
        }
        Err(self.unsupported(loc, &format!("the function '{name}'")))
    }
}

/// Is `e` written as an lvalue (a name, a member, a subscript, a
/// dereference)?
fn is_lvalue_form(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Paren(x) => is_lvalue_form(x),
        ExprKind::Ident(_)
        | ExprKind::Member(_)
        | ExprKind::Index(..)
        | ExprKind::Unary(crate::cuda::ast::UnaryOp::Deref, _) => true,
        _ => false,
    }
}

/// How well an argument of type `a` matches a parameter of type `p`
/// (higher is better); None when it does not convert.
fn conversion_rank(a: &CType, p: &CType) -> Option<u32> {
    let a = a.decay();
    Some(match (&a, p) {
        _ if a == *p => 3,
        (CType::Int { .. } | CType::Bool, CType::Int { .. } | CType::Bool) => 2,
        (CType::Float(_), CType::Float(_)) => 2,
        _ if a.is_arithmetic() && p.is_arithmetic() => 1,
        (CType::Pointer(x), CType::Pointer(y)) if **y == CType::Void || x == y => 2,
        _ => return None,
    })
}
