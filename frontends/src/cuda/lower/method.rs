//! Classes: member functions, `this`, constructors and overloaded
//! operators.
//!
//! A member function is a function whose first parameter (after a struct
//! result's hidden pointer) is `this`, the object's address; a `static`
//! member has none. Each class's member is one [`super::FnInfo`] (made on
//! first use, under the class template's bindings for an instance), with
//! the symbol `Class__name` (`Vec3__op_p` for `operator+`, `Vec3__ctor`;
//! a later overload of the same name gets `_k`, its rank in the class).
//! Inside a member function, names of fields and member functions that no
//! local hides refer to `this`'s. A constructor runs its member
//! initializers in field order, then its body; an object of a class with a
//! default constructor gets it when declared without an initializer.
//! Operators on class objects (`a + b`, `a += b`, `a[i]`, `f(x)`) call the
//! class's member operators.

use super::Lowerer;
use super::call::Called;
use super::expr::Val;
use crate::cuda::Diag;
use crate::cuda::ast::{
    self, DeclKind, DeclName, Expr, FunctionDecl, Initializer, Loc, OverloadedOp, RecordDecl,
};
use crate::cuda::sema::decl::template_record;
use crate::cuda::sema::record::StructType;
use crate::cuda::sema::template::{Bindings, sanitize};
use crate::cuda::sema::types::CType;
use crate::cuda::token::Sym;
use cuwasm::ValueId;
use std::rc::Rc;

type R<T> = Result<T, Diag>;

/// Struct copies and constructions of arrays are unrolled up to this many
/// elements.
const MAX_ELEMENTS: u64 = 4096;

/// How a member is named in a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MemberName {
    Ident(Sym),
    Op(OverloadedOp),
    Ctor,
}

impl MemberName {
    fn matches(self, name: &DeclName) -> bool {
        match (self, name) {
            (MemberName::Ident(s), DeclName::Ident(i)) => i.sym == s,
            (MemberName::Op(o), DeclName::Operator(p, _)) => o == *p,
            (MemberName::Ctor, DeclName::Constructor(_)) => true,
            _ => false,
        }
    }
}

/// The word of a member's symbol: its name, `op_` and a letter per
/// character of an operator, `ctor`.
fn symbol_word(name: &DeclName, spelling: &dyn Fn(Sym) -> String) -> String {
    match name {
        DeclName::Ident(i) => spelling(i.sym),
        DeclName::Constructor(_) => "ctor".into(),
        DeclName::Destructor(_) => "dtor".into(),
        DeclName::Conversion(..) => "conv".into(),
        DeclName::Operator(op, _) => {
            let letters: String = op
                .spelling()
                .chars()
                .map(|c| match c {
                    '+' => 'p',
                    '-' => 'm',
                    '*' => 's',
                    '/' => 'd',
                    '%' => 'r',
                    '^' => 'x',
                    '&' => 'a',
                    '|' => 'o',
                    '~' => 't',
                    '!' => 'n',
                    '=' => 'e',
                    '<' => 'l',
                    '>' => 'g',
                    ',' => 'k',
                    '(' => 'c',
                    '[' => 'i',
                    _ => '_',
                })
                .filter(|&c| c != '_')
                .collect();
            format!("op_{letters}")
        }
    }
}

impl<'a> Lowerer<'a, '_> {
    /// The declaration of a struct type and the bindings of its class
    /// template's parameters (none for a plain class).
    fn class_of(&self, st: &StructType) -> Option<(&'a RecordDecl, Rc<Bindings>)> {
        let origin = st.origin.as_ref()?;
        let rec = self.typedefs.record_by_id(origin.id)?;
        if origin.args.is_empty() {
            return Some((rec, Rc::default()));
        }
        let crate::cuda::sema::record::RecordId::Named(sym) = origin.id else {
            return None;
        };
        let t = self.typedefs.record_template(sym)?;
        debug_assert!(template_record(t).is_some_and(|r| std::ptr::eq(r, rec)));
        Some((rec, Rc::new(Bindings::bind(&t.params, &origin.args))))
    }

    /// The member functions of `st` named `name` (as `fns` indices).
    pub(super) fn members_named(&mut self, st: &Rc<StructType>, name: &MemberName) -> Vec<usize> {
        let Some((rec, bindings)) = self.class_of(st) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut rank = 0;
        for m in rec.members.iter().flatten() {
            let DeclKind::Function(f) = &m.decl.kind else {
                continue;
            };
            if !name.matches(&f.name) {
                continue;
            }
            let def = match f.body {
                Some(_) => Some(&**f),
                None => self.out_of_class_definition(rec, f),
            };
            if let Some(def) = def {
                out.push(self.member_instance(st, def, f, rank, m.decl.loc, &bindings));
            }
            rank += 1;
        }
        out
    }

    /// The `fns` index of member `def` of `st` (declared as `decl`, the
    /// `rank`-th member of its name).
    fn member_instance(
        &mut self,
        st: &Rc<StructType>,
        def: &'a FunctionDecl,
        decl: &'a FunctionDecl,
        rank: usize,
        loc: Loc,
        bindings: &Rc<Bindings>,
    ) -> usize {
        let key = (
            def as *const FunctionDecl as usize,
            Some(st.name.clone()),
            Vec::new(),
        );
        if let Some(&i) = self.instances.get(&key) {
            return i;
        }
        let pp = self.pp;
        let word = symbol_word(&def.name, &|s| pp.sources.spelling(s).to_string());
        let symbol = match rank {
            0 => format!("{}__{word}", sanitize(&st.name)),
            k => format!("{}__{word}_{k}", sanitize(&st.name)),
        };
        // The in-class declaration carries the specifiers (`static`,
        // `__device__`) when the definition is out of class.
        let i = self.add_fn(def, loc, symbol, Some(st.clone()), bindings.clone());
        if !std::ptr::eq(def, decl) {
            if def.specs.cuda.is_empty() {
                self.fns[i].space = super::space_of(decl);
            }
            self.fns[i].static_member |= decl.specs.storage == ast::Storage::Static;
        }
        self.instances.insert(key, i);
        i
    }

    /// Record an out-of-class member definition (`void S::f() { ... }`).
    pub(super) fn collect_out_of_class(&mut self, f: &'a FunctionDecl) {
        if let Some(class) = f.qualifier.last() {
            self.out_of_class
                .entry(class.ident.sym)
                .or_default()
                .push(f);
        }
    }

    /// The out-of-class definition of member `f` of `rec`.
    fn out_of_class_definition(
        &self,
        rec: &RecordDecl,
        f: &FunctionDecl,
    ) -> Option<&'a FunctionDecl> {
        let defs = self.out_of_class.get(&rec.name?.sym)?;
        defs.iter().copied().find(|d| {
            d.params.len() == f.params.len()
                && d.is_const == f.is_const
                && match (&d.name, &f.name) {
                    (DeclName::Ident(a), DeclName::Ident(b)) => a.sym == b.sym,
                    (a, b) => {
                        std::mem::discriminant(a) == std::mem::discriminant(b)
                            && MemberName::Ctor.matches(a) == MemberName::Ctor.matches(b)
                    }
                }
        })
    }

    /// Call member `name` of `st` on the object at `this` (None: no object,
    /// only static members fit).
    pub(super) fn method_call(
        &mut self,
        this: Option<ValueId>,
        st: &Rc<StructType>,
        name: &MemberName,
        args: &[Expr],
        loc: Loc,
    ) -> R<Called> {
        let cands = self.members_named(st, name);
        let what = match name {
            MemberName::Ident(s) => self.spelling(*s).to_string(),
            MemberName::Op(o) => format!("operator{}", o.spelling()),
            MemberName::Ctor => st.name.clone(),
        };
        if cands.is_empty() {
            return Err(self.err(loc, format!("no member function '{what}' in '{}'", st.name)));
        }
        let i = self.pick_overload(&cands, args, false, &what, loc)?;
        self.call_fn(i, this, args, loc)
    }

    /// The object of `base.f` / `base->f`: its address and class.
    pub(super) fn object(
        &mut self,
        base: &Expr,
        arrow: bool,
        loc: Loc,
    ) -> R<(ValueId, Rc<StructType>)> {
        let v = self.rvalue(base)?;
        match (&v.ty, arrow) {
            (CType::Struct(st), false) => Ok((v.v, st.clone())),
            (CType::Pointer(t), true) => match &**t {
                CType::Struct(st) => Ok((v.v, st.clone())),
                t => Err(self.err(
                    loc,
                    format!(
                        "member reference type '{}' is not a pointer to a class",
                        t.name()
                    ),
                )),
            },
            (t, _) => Err(self.err(
                loc,
                format!("member reference base type '{}' is not a class", t.name()),
            )),
        }
    }

    /// Does the member function being lowered have a field `sym` (through
    /// `this`)?
    pub(super) fn this_has_field(&self, sym: Sym) -> bool {
        self.vars.lookup(sym).is_none()
            && self
                .f
                .as_ref()
                .and_then(|f| f.this.as_ref())
                .is_some_and(|(_, st)| st.field(sym).is_some())
    }

    /// Field `sym` of `this` (a name in a member function that no local
    /// hides): its address and type.
    pub(super) fn this_field(&mut self, sym: Sym) -> Option<(ValueId, CType)> {
        if !self.this_has_field(sym) {
            return None;
        }
        let (this, st) = self.f.as_ref()?.this.clone()?;
        let field = st.field(sym)?;
        let (offset, ty) = (field.offset as i64, field.ty.clone());
        Some((self.offset_bytes(this, offset), ty))
    }

    /// `f(args)` in a member function, `f` a member of its class: a call
    /// on `this` (or of a static member); None when `f` is not one.
    pub(super) fn implicit_member_call(
        &mut self,
        sym: Sym,
        args: &[Expr],
        loc: Loc,
    ) -> R<Option<Called>> {
        let Some(owner) = self.current_owner() else {
            return Ok(None);
        };
        let name = MemberName::Ident(sym);
        if self.members_named(&owner, &name).is_empty() {
            return Ok(None);
        }
        let this = self
            .f
            .as_ref()
            .and_then(|f| f.this.as_ref())
            .map(|(t, _)| *t);
        self.method_call(this, &owner, &name, args, loc).map(Some)
    }

    /// The class of the member function being lowered (static ones too).
    fn current_owner(&self) -> Option<Rc<StructType>> {
        self.current_fn.and_then(|i| self.fns[i].owner.clone())
    }

    /// `this`: the object's address.
    pub(super) fn this_value(&mut self, loc: Loc) -> R<Val> {
        match self.f.as_ref().and_then(|f| f.this.clone()) {
            Some((v, st)) => Ok(Val {
                v,
                ty: CType::Struct(st).pointer_to(),
            }),
            None => Err(self.err(
                loc,
                "invalid use of 'this' outside of a non-static member function",
            )),
        }
    }

    /// Does `st` declare constructors?
    pub(super) fn has_ctors(&self, st: &StructType) -> bool {
        self.class_of(st).is_some_and(|(rec, _)| {
            rec.members.iter().flatten().any(|m| {
                matches!(&m.decl.kind, DeclKind::Function(f) if MemberName::Ctor.matches(&f.name))
            })
        })
    }

    /// Construct an object of class `st` at `dst` from `args` (`S s(a, b)`,
    /// `S(a, b)`, `S s{a, b}`): a constructor when the class declares one;
    /// else `S()` value-initializes (zeros) and `S(s)` copies.
    pub(super) fn construct(
        &mut self,
        dst: ValueId,
        st: &Rc<StructType>,
        args: &[Expr],
        loc: Loc,
    ) -> R<()> {
        if self.has_ctors(st) {
            self.method_call(Some(dst), st, &MemberName::Ctor, args, loc)?;
            return Ok(());
        }
        let ty = CType::Struct(st.clone());
        match args {
            [] => {
                self.zero_fill(dst, &ty);
                Ok(())
            }
            [e] => {
                let v = self.rvalue(e)?;
                self.assign_struct(dst, &ty, v, e.loc)
            }
            _ => Err(self.err(
                loc,
                format!(
                    "no constructor of '{}' takes {} arguments",
                    st.name,
                    args.len()
                ),
            )),
        }
    }

    /// `S(a, b)`, `S{a, b}`, `T(x)`, `T()`: a temporary object constructed
    /// from the arguments, or a scalar converted (zero for `T()`).
    pub(super) fn construct_expr(&mut self, c: &ast::ConstructExpr, loc: Loc) -> R<Val> {
        let ty = self.resolve(&c.ty)?;
        let CType::Struct(st) = &ty else {
            return match c.args.as_slice() {
                [] => Ok(Val {
                    v: self.zero(&ty),
                    ty,
                }),
                [a] => self.cast(a, &ty, loc),
                _ => Err(self.err(loc, "excess elements in scalar initializer")),
            };
        };
        let slot = self.slot(&ty, loc)?;
        if c.braced && !self.has_ctors(st) {
            let list = ast::InitList {
                items: c
                    .args
                    .iter()
                    .map(|a| ast::InitItem {
                        designators: Vec::new(),
                        value: Initializer::Expr(a.clone()),
                    })
                    .collect(),
                loc,
            };
            self.init_struct(slot, st, &list)?;
        } else {
            self.construct(slot, st, &c.args, loc)?;
        }
        Ok(Val { v: slot, ty })
    }

    /// Default-initialize `count` (an `unsigned long`) objects of type
    /// `elem` from `base` on (`new S[n]`): a loop over the elements.
    pub(super) fn default_init_each(
        &mut self,
        base: ValueId,
        elem: &CType,
        count: ValueId,
        loc: Loc,
    ) -> R<()> {
        if !self.needs_default_init(elem) {
            return Ok(());
        }
        let index_ty = CType::SIZE_T;
        let counter = self.slot(&index_ty, loc)?;
        let zero = self.int_const(&index_ty, 0);
        self.store(zero, counter);
        let op = self.op("scf.while", &[], &[], &[]);
        let (before, after) = (self.ctx.region(op, 0), self.ctx.region(op, 1));
        let saved = self.ip;
        let b = self.new_block(before, &[]);
        self.ip = cuwasm::InsertPoint::End(b);
        let k = self.load(counter, &index_ty);
        let lt = self.pred(6); // ult
        let i1 = self.ctx.i1();
        let c = self.op1("arith.cmpi", &[k, count], i1, &[("predicate", lt)]);
        self.op("scf.condition", &[c], &[], &[]);
        let a = self.new_block(after, &[]);
        self.ip = cuwasm::InsertPoint::End(a);
        let r = (|| {
            let k = self.load(counter, &index_ty);
            let size = self.int_const(&index_ty, elem.size().unwrap_or(0) as i128);
            let i64 = self.ctx.i64();
            let bytes = self.op1("arith.muli", &[k, size], i64, &[]);
            let p = crate::cuda::sema::types::generic_ptr(self.ctx);
            let at = self.op1("ptr.ptr_add", &[base, bytes], p, &[]);
            self.default_init(at, elem, loc)?;
            let one = self.int_const(&index_ty, 1);
            let next = self.op1("arith.addi", &[k, one], i64, &[]);
            self.store(next, counter);
            Ok(())
        })();
        self.op("scf.yield", &[], &[], &[]);
        self.ip = saved;
        r
    }

    /// Default-initialize an object of type `ty` at `dst` (a declaration
    /// without initializer): classes with a default constructor get it,
    /// and so do such members and array elements; nothing else is touched.
    pub(super) fn default_init(&mut self, dst: ValueId, ty: &CType, loc: Loc) -> R<()> {
        if !self.needs_default_init(ty) {
            return Ok(());
        }
        match ty {
            CType::Struct(st) if self.has_ctors(st) => self.construct(dst, st, &[], loc),
            CType::Struct(st) => {
                for f in st.fields.iter().flatten() {
                    let at = self.offset_bytes(dst, f.offset as i64);
                    self.default_init(at, &f.ty, loc)?;
                }
                Ok(())
            }
            CType::Array(elem, n) if *n <= MAX_ELEMENTS => {
                let size = elem.size().unwrap_or(0) as i64;
                for k in 0..*n as i64 {
                    let at = self.offset_bytes(dst, k * size);
                    self.default_init(at, elem, loc)?;
                }
                Ok(())
            }
            _ => Err(self.unsupported(loc, "constructing more than 4096 array elements")),
        }
    }

    /// Does default-initializing `ty` run a constructor?
    pub(super) fn needs_default_init(&self, ty: &CType) -> bool {
        match ty {
            CType::Struct(st) => {
                self.has_ctors(st)
                    || st
                        .fields
                        .iter()
                        .flatten()
                        .any(|f| self.needs_default_init(&f.ty))
            }
            CType::Array(e, _) => self.needs_default_init(e),
            _ => false,
        }
    }

    /// A constructor's member initializers (`: x(a), y(b)`), in field
    /// order; fields without one are default-initialized.
    pub(super) fn ctor_inits(&mut self, decl: &FunctionDecl) -> R<()> {
        let Some((this, st)) = self.f.as_ref().and_then(|f| f.this.clone()) else {
            return Ok(());
        };
        for init in &decl.ctor_inits {
            let known =
                init.member.qualifier.is_empty() && st.field(init.member.name.ident.sym).is_some();
            if !known {
                return Err(
                    self.unsupported(init.loc, "initializing a base class or an unknown member")
                );
            }
        }
        for f in st.fields.iter().flatten() {
            let at = self.offset_bytes(this, f.offset as i64);
            let init = decl
                .ctor_inits
                .iter()
                .find(|i| i.member.name.ident.sym == f.name);
            match (init, &f.ty) {
                (None, ty) => self.default_init(at, ty, decl.name.loc())?,
                (Some(i), CType::Struct(fst)) => self.construct(at, fst, &i.args, i.loc)?,
                (Some(i), ty) => match i.args.as_slice() {
                    [] => self.zero_fill(at, ty),
                    _ => self.initialize(at, ty, &Initializer::Paren(i.args.clone(), i.loc))?,
                },
            }
        }
        Ok(())
    }

    /// `a op b` with `a` of class type: `a.operator op(b)`.
    pub(super) fn binary_operator(
        &mut self,
        op: OverloadedOp,
        lhs: Val,
        rhs: &Expr,
        loc: Loc,
    ) -> R<Val> {
        let CType::Struct(st) = &lhs.ty else {
            unreachable!("a class operand")
        };
        match self.method_call(
            Some(lhs.v),
            &st.clone(),
            &MemberName::Op(op),
            std::slice::from_ref(rhs),
            loc,
        )? {
            Called::Value(v) => Ok(v),
            Called::Place(p, ty) => Ok(self.load_lvalue(p, ty)),
            Called::Void => Err(self.err(loc, "a void value cannot be used")),
        }
    }

    /// The overloaded operator of a binary or compound-assignment operator.
    pub(super) fn overloaded(op: ast::BinaryOp, assign: bool) -> Option<OverloadedOp> {
        use OverloadedOp as O;
        use ast::BinaryOp::*;
        Some(match (op, assign) {
            (Add, false) => O::Plus,
            (Sub, false) => O::Minus,
            (Mul, false) => O::Star,
            (Div, false) => O::Slash,
            (Rem, false) => O::Percent,
            (BitXor, false) => O::Caret,
            (BitAnd, false) => O::Amp,
            (BitOr, false) => O::Pipe,
            (Shl, false) => O::Shl,
            (Shr, false) => O::Shr,
            (Lt, false) => O::Less,
            (Gt, false) => O::Greater,
            (Le, false) => O::LessEq,
            (Ge, false) => O::GreaterEq,
            (Eq, false) => O::EqEq,
            (Ne, false) => O::NotEq,
            (Add, true) => O::PlusAssign,
            (Sub, true) => O::MinusAssign,
            (Mul, true) => O::StarAssign,
            (Div, true) => O::SlashAssign,
            (Rem, true) => O::PercentAssign,
            (BitXor, true) => O::CaretAssign,
            (BitAnd, true) => O::AmpAssign,
            (BitOr, true) => O::PipeAssign,
            (Shl, true) => O::ShlAssign,
            (Shr, true) => O::ShrAssign,
            _ => return None,
        })
    }
}
