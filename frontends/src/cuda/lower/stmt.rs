//! Statements and local declarations: scf in structured functions, cf in
//! the others (see the module docs).

use super::{LoopTargets, Lowerer, Var};
use crate::cuda::Diag;
use crate::cuda::ast::{
    Condition, Decl, DeclKind, DoWhileStmt, Expr, ExprKind, ForStmt, IfStmt, InitList, Initializer,
    Loc, Stmt, StmtKind, Storage, SwitchStmt, TypeKind, VarDecl, WhileStmt,
};
use crate::cuda::sema::expr::const_eval;
use crate::cuda::sema::types::CType;
use cuwasm::{BlockId, InsertPoint, RegionId, ValueId};

type R<T> = Result<T, Diag>;
/// A loop's condition, lowered where the loop needs it.
type CondFn<'f, L> = &'f dyn Fn(&mut L) -> R<ValueId>;
/// A loop's step (`for`'s increment).
type StepFn<'f, L> = &'f dyn Fn(&mut L) -> R<()>;

/// The parts of any C loop: `for` (cond, body, step), `while` (cond, body),
/// `do` (body first, then cond).
struct Loop<'f, L> {
    cond: Option<CondFn<'f, L>>,
    body: &'f Stmt,
    step: Option<StepFn<'f, L>>,
    body_first: bool,
}

/// Local arrays initialized by a list are zero-filled store by store; larger
/// ones are refused.
const MAX_INIT_ELEMENTS: u64 = 4096;

impl Lowerer<'_, '_> {
    pub(super) fn stmt(&mut self, s: &Stmt) -> R<()> {
        self.set_loc(s.loc);
        match &s.kind {
            StmtKind::Compound(b) => self.block(b),
            StmtKind::Expr(e) => self.discard(e),
            StmtKind::Decl(ds) => ds.iter().try_for_each(|d| self.local_decl(d)),
            StmtKind::If(i) => self.if_stmt(i),
            StmtKind::For(f) => {
                self.vars.push();
                let r = self.for_stmt(f);
                self.vars.pop();
                r
            }
            StmtKind::While(w) => self.while_stmt(w),
            StmtKind::DoWhile(d) => self.do_while_stmt(d),
            StmtKind::Switch(sw) => self.switch_stmt(sw, s.loc),
            StmtKind::Case(..) | StmtKind::Default(_) => Err(self.unsupported(
                s.loc,
                "a 'case' or 'default' label nested inside a statement of its 'switch'",
            )),
            StmtKind::Label(name, inner) => self.labeled_stmt(*name, inner),
            StmtKind::Goto(name) => self.goto_stmt(*name),
            StmtKind::Break | StmtKind::Continue => {
                let is_break = matches!(s.kind, StmtKind::Break);
                let word = if is_break { "break" } else { "continue" };
                let t = self.f.as_ref().and_then(|f| f.loops.last().copied());
                let to = match t {
                    Some(t) if is_break => Some(t.brk),
                    Some(t) => t.cont,
                    None => None,
                };
                let Some(to) = to else {
                    let what = if is_break { "loop or switch" } else { "loop" };
                    return Err(
                        self.err(s.loc, format!("'{word}' statement not in {what} statement"))
                    );
                };
                self.jump(to);
                Ok(())
            }
            StmtKind::Return(e) => self.return_stmt(e.as_ref(), s.loc),
            StmtKind::Null => Ok(()),
            StmtKind::Error => Err(self.err(s.loc, "invalid statement")),
        }
    }

    pub(super) fn cfg(&self) -> Option<RegionId> {
        self.f.as_ref().and_then(|f| f.cfg)
    }

    pub(super) fn fresh_block(&mut self) -> BlockId {
        let region = self.cfg().expect("CFG mode");
        self.new_block(region, &[])
    }

    /// `cf.br` to `to`; what follows goes into a new (unreachable) block.
    pub(super) fn jump(&mut self, to: BlockId) {
        self.br(to);
        let dead = self.fresh_block();
        self.ip = InsertPoint::End(dead);
    }

    pub(super) fn br(&mut self, to: BlockId) {
        let st = cuwasm::OperationState::new(self.ctx, "cf.br", self.loc).successors(&[to]);
        let op = self.ctx.create_op(st);
        self.ip.place(self.ctx, op);
    }

    fn cond_br(&mut self, c: ValueId, t: BlockId, f: BlockId) {
        let seg = self.ctx.dense_i32_array(&[1, 0, 0]);
        let st = cuwasm::OperationState::new(self.ctx, "cf.cond_br", self.loc)
            .operands(&[c])
            .successors(&[t, f])
            .property(self.ctx, "operandSegmentSizes", seg);
        let op = self.ctx.create_op(st);
        self.ip.place(self.ctx, op);
    }

    fn condition(&mut self, c: &Condition) -> R<ValueId> {
        match c {
            Condition::Expr(e) => self.cond_value(e),
            Condition::Decl(d) => Err(self.unsupported(d.name.loc, "a declaration in a condition")),
        }
    }

    /// Lower `s` into a new block of `region` ending in `scf.yield`.
    fn scf_region_body(&mut self, region: RegionId, f: impl FnOnce(&mut Self) -> R<()>) -> R<()> {
        let saved = self.ip;
        let b = self.new_block(region, &[]);
        self.ip = InsertPoint::End(b);
        let r = f(self);
        self.op("scf.yield", &[], &[], &[]);
        self.ip = saved;
        r
    }

    fn if_stmt(&mut self, i: &IfStmt) -> R<()> {
        if i.is_constexpr {
            return Err(self.unsupported(i.then.loc, "'if constexpr'"));
        }
        let c = self.condition(&i.cond)?;
        if self.cfg().is_some() {
            let then_b = self.fresh_block();
            let else_b = i.else_.as_ref().map(|_| self.fresh_block());
            let join = self.fresh_block();
            self.cond_br(c, then_b, else_b.unwrap_or(join));
            self.ip = InsertPoint::End(then_b);
            self.scoped_stmt(&i.then)?;
            self.br(join);
            if let (Some(e), Some(b)) = (&i.else_, else_b) {
                self.ip = InsertPoint::End(b);
                self.scoped_stmt(e)?;
                self.br(join);
            }
            self.ip = InsertPoint::End(join);
            return Ok(());
        }
        let op = self.op("scf.if", &[c], &[], &[]);
        let (tr, er) = (self.ctx.region(op, 0), self.ctx.region(op, 1));
        self.scf_region_body(tr, |l| l.scoped_stmt(&i.then))?;
        if let Some(e) = &i.else_ {
            self.scf_region_body(er, |l| l.scoped_stmt(e))?;
        }
        Ok(())
    }

    /// A statement in its own scope (the body of an `if` or a loop).
    fn scoped_stmt(&mut self, s: &Stmt) -> R<()> {
        self.vars.push();
        let r = self.stmt(s);
        self.vars.pop();
        r
    }

    /// A loop in CFG mode: `header` computes the condition, `body` runs,
    /// `latch` (the `continue` target) steps, then back to `header`.
    fn cfg_loop(&mut self, lp: Loop<'_, Self>) -> R<()> {
        let Loop {
            cond,
            body,
            step,
            body_first,
        } = lp;
        let header = self.fresh_block();
        let body_b = self.fresh_block();
        let latch = self.fresh_block();
        let exit = self.fresh_block();
        self.br(if body_first { body_b } else { header });
        self.ip = InsertPoint::End(header);
        match cond {
            Some(c) => {
                let v = c(self)?;
                self.cond_br(v, body_b, exit);
            }
            None => self.br(body_b),
        }
        self.ip = InsertPoint::End(body_b);
        self.f
            .as_mut()
            .expect("in a function")
            .loops
            .push(LoopTargets {
                brk: exit,
                cont: Some(latch),
            });
        let r = self.scoped_stmt(body);
        self.f.as_mut().expect("in a function").loops.pop();
        r?;
        self.br(latch);
        self.ip = InsertPoint::End(latch);
        if let Some(s) = step {
            s(self)?;
        }
        self.br(header);
        self.ip = InsertPoint::End(exit);
        Ok(())
    }

    /// A loop as `scf.while`: the `before` region computes the condition
    /// (after the body, for do-while), the `after` region runs the body.
    fn scf_loop(&mut self, lp: Loop<'_, Self>) -> R<()> {
        let Loop {
            cond,
            body,
            step,
            body_first,
        } = lp;
        let op = self.op("scf.while", &[], &[], &[]);
        let (before, after) = (self.ctx.region(op, 0), self.ctx.region(op, 1));
        let saved = self.ip;
        let bb = self.new_block(before, &[]);
        self.ip = InsertPoint::End(bb);
        let r = (|| {
            if body_first {
                self.scoped_stmt(body)?;
            }
            let c = match cond {
                Some(c) => c(self)?,
                None => self.bool_const(true),
            };
            self.op("scf.condition", &[c], &[], &[]);
            Ok(())
        })();
        self.ip = saved;
        r?;
        self.scf_region_body(after, |l| {
            if !body_first {
                l.scoped_stmt(body)?;
            }
            if let Some(s) = step {
                s(l)?;
            }
            Ok(())
        })
    }

    fn any_loop(&mut self, lp: Loop<'_, Self>) -> R<()> {
        match self.cfg() {
            Some(_) => self.cfg_loop(lp),
            None => self.scf_loop(lp),
        }
    }

    fn for_stmt(&mut self, f: &ForStmt) -> R<()> {
        if let Some(init) = &f.init {
            self.stmt(init)?;
        }
        let cond = f.cond.as_ref().map(|c| move |l: &mut Self| l.condition(c));
        let step = f.inc.as_ref().map(|e| move |l: &mut Self| l.discard(e));
        self.any_loop(Loop {
            cond: cond.as_ref().map(|c| c as CondFn<'_, Self>),
            body: &f.body,
            step: step.as_ref().map(|s| s as StepFn<'_, Self>),
            body_first: false,
        })
    }

    fn while_stmt(&mut self, w: &WhileStmt) -> R<()> {
        let cond = |l: &mut Self| l.condition(&w.cond);
        self.any_loop(Loop {
            cond: Some(&cond),
            body: &w.body,
            step: None,
            body_first: false,
        })
    }

    /// `do body while (cond);`: in a CFG the body comes first and
    /// `continue` goes to the condition.
    fn do_while_stmt(&mut self, d: &DoWhileStmt) -> R<()> {
        let cond = |l: &mut Self| l.cond_value(&d.cond);
        self.any_loop(Loop {
            cond: Some(&cond),
            body: &d.body,
            step: None,
            body_first: true,
        })
    }

    /// `switch` (CFG mode only): a `cf.switch` on the promoted condition to
    /// one block per label of the body's top level, in source order; each
    /// label's block is branched to from the code before it (fallthrough);
    /// `break` goes to the block after the switch, `continue` to the
    /// enclosing loop's. Labels nested deeper (Duff's device) are refused.
    fn switch_stmt(&mut self, sw: &SwitchStmt, loc: Loc) -> R<()> {
        if self.cfg().is_none() {
            return Err(self.unsupported(loc, "'switch' outside a function body"));
        }
        let e = match &sw.cond {
            Condition::Expr(e) => e,
            Condition::Decl(d) => {
                return Err(self.unsupported(d.name.loc, "a declaration in a condition"));
            }
        };
        let v = self.rvalue(e)?;
        let ty = v.ty.promote();
        if !ty.is_integer() {
            return Err(self.err(e.loc, "statement requires expression of integer type"));
        }
        let flag = self.convert(v, &ty, e.loc)?;
        let flag_ty = self.ctx.value_type(flag);
        let width = self.ctx.int_width(flag_ty).unwrap_or(64);
        let stmts: &[Stmt] = match &sw.body.kind {
            StmtKind::Compound(b) => &b.stmts,
            _ => std::slice::from_ref(&sw.body),
        };
        // The labels, in source order: (value or None for default, block).
        let mut labels: Vec<(Option<i128>, BlockId)> = Vec::new();
        let mut seen_default = false;
        for s in stmts {
            let mut s = s;
            loop {
                match &s.kind {
                    StmtKind::Case(c, inner) => {
                        let Some(k) = const_eval(self.pp, c, &self.var_consts()) else {
                            return Err(
                                self.err(c.loc, "case label is not an integer constant expression")
                            );
                        };
                        let k = sign_extend(k, width);
                        if labels.iter().any(|(x, _)| *x == Some(k)) {
                            return Err(self.err(c.loc, format!("duplicate case value '{k}'")));
                        }
                        let b = self.fresh_block();
                        labels.push((Some(k), b));
                        s = inner;
                    }
                    StmtKind::Default(inner) => {
                        if seen_default {
                            return Err(self.err(s.loc, "multiple default labels in one switch"));
                        }
                        seen_default = true;
                        let b = self.fresh_block();
                        labels.push((None, b));
                        s = inner;
                    }
                    _ => break,
                }
            }
        }
        let exit = self.fresh_block();
        let default = labels
            .iter()
            .find(|(k, _)| k.is_none())
            .map_or(exit, |(_, b)| *b);
        let cases: Vec<(i128, BlockId)> = labels
            .iter()
            .filter_map(|(k, b)| k.map(|k| (k, *b)))
            .collect();
        let n = cases.len();
        let mut succ = vec![default];
        succ.extend(cases.iter().map(|(_, b)| *b));
        let segs = self.ctx.dense_i32_array(&vec![0; n]);
        let sizes = self.ctx.dense_i32_array(&[1, 0, 0]);
        self.set_loc(loc);
        let mut st = cuwasm::OperationState::new(self.ctx, "cf.switch", self.loc)
            .operands(&[flag])
            .successors(&succ)
            .property(self.ctx, "case_operand_segments", segs)
            .property(self.ctx, "operandSegmentSizes", sizes);
        if n > 0 {
            let vty = self.ctx.vector_type(&[n as i64], flag_ty);
            let values = self.ctx.intern_attr(cuwasm::AttrData::Dense {
                ty: vty,
                values: cuwasm::DenseValues::Int(cases.iter().map(|(k, _)| *k).collect()),
                splat: n == 1,
            });
            st = st.property(self.ctx, "case_values", values);
        }
        let op = self.ctx.create_op(st);
        self.ip.place(self.ctx, op);
        // Code before the first label is unreachable.
        let dead = self.fresh_block();
        self.ip = InsertPoint::End(dead);
        let f = self.f.as_mut().expect("in a function");
        let cont = f.loops.last().and_then(|t| t.cont);
        f.loops.push(LoopTargets { brk: exit, cont });
        self.vars.push();
        let mut next = labels.iter().map(|(_, b)| *b);
        let r = (|| {
            for s in stmts {
                let mut s = s;
                while let StmtKind::Case(_, inner) | StmtKind::Default(inner) = &s.kind {
                    let b = next.next().expect("one block per label");
                    self.br(b);
                    self.ip = InsertPoint::End(b);
                    s = inner;
                }
                self.stmt(s)?;
            }
            Ok(())
        })();
        self.vars.pop();
        self.f.as_mut().expect("in a function").loops.pop();
        r?;
        self.br(exit);
        self.ip = InsertPoint::End(exit);
        Ok(())
    }

    fn return_stmt(&mut self, e: Option<&Expr>, loc: Loc) -> R<()> {
        let ret = self.f.as_ref().expect("in a function").ret.clone();
        let ret_ref = self.f.as_ref().is_some_and(|f| f.ret_ref);
        let values = match (e, &ret) {
            (Some(e), ret) if ret_ref => vec![self.ref_arg(e, ret)?],
            (None, CType::Void) => vec![],
            (None, _) => return Err(self.err(loc, "non-void function should return a value")),
            (Some(e), CType::Void) => {
                self.discard(e)?;
                vec![]
            }
            (Some(e), CType::Struct(_)) => {
                let v = self.rvalue(e)?;
                let sret = self
                    .f
                    .as_ref()
                    .and_then(|f| f.sret)
                    .expect("a struct result");
                self.assign_struct(sret, &ret, v, e.loc)?;
                vec![]
            }
            (Some(e), ret) => {
                let v = self.rvalue(e)?;
                vec![self.convert(v, ret, e.loc)?]
            }
        };
        self.set_loc(loc);
        self.emit_return(&values);
        match self.cfg() {
            Some(_) => {
                let dead = self.fresh_block();
                self.ip = InsertPoint::End(dead);
            }
            // Structured functions return only at their end: what follows
            // (the implicit return) goes nowhere.
            None => self.ip = InsertPoint::Detached,
        }
        Ok(())
    }

    fn local_decl(&mut self, d: &Decl) -> R<()> {
        match &d.kind {
            DeclKind::Var(v) => self.local_var(v, d.loc),
            DeclKind::Typedef(t) => {
                self.typedefs.add(t.name.sym, t.ty.clone());
                Ok(())
            }
            DeclKind::Record(_) | DeclKind::Enum(_) => {
                Err(self.unsupported(d.loc, "a local struct or enum"))
            }
            _ => Err(self.unsupported(d.loc, "this kind of local declaration")),
        }
    }

    fn local_var(&mut self, v: &VarDecl, loc: Loc) -> R<()> {
        let specs = &v.specs;
        if specs.storage == Storage::Extern
            && specs.cuda.shared
            && !self.host
            && let TypeKind::Array { elem, size: None } = &v.ty.kind
        {
            // `extern __shared__ T name[]`: the block's dynamic shared memory,
            // sized by the launch.
            if v.init.is_some() {
                return Err(self.err(loc, "an 'extern' variable cannot have an initializer"));
            }
            let elem = self.resolve(elem)?;
            if elem.size().is_none() {
                return Err(self.err(v.name.loc, "array has incomplete element type"));
            }
            self.set_loc(loc);
            let p = crate::cuda::sema::types::generic_ptr(self.ctx);
            let ptr = self.op1("cuda.dynamic_shared", &[], p, &[]);
            self.declare_var(v.name.sym, ptr, CType::Array(Box::new(elem), 0));
            return Ok(());
        }
        if specs.storage == Storage::Extern {
            let what = match specs.cuda.shared {
                true => "dynamic shared memory ('extern __shared__')",
                false => "'extern' local variables",
            };
            return Err(self.unsupported(loc, what));
        }
        if let TypeKind::Named(q) = &v.ty.kind
            && q.qualifier.is_empty()
            && q.name.targs.is_none()
            && self.spelling(q.name.ident.sym) == "dim3"
            && self.typedefs.get(q.name.ident.sym).is_none()
        {
            return self.dim3_local(v, loc);
        }
        if let Some(referent) = crate::cuda::sema::decl::referent(&v.ty) {
            return self.local_ref(v, referent, loc);
        }
        let ty = self.resolve_with_init(&v.ty, v.init.as_ref())?;
        if specs.cuda.constant || specs.cuda.managed {
            return Err(self.unsupported(loc, "__constant__ or __managed__ local variables"));
        }
        if ty.size().is_none() {
            return Err(self.err(
                v.name.loc,
                format!("variable has incomplete type '{}'", ty.name()),
            ));
        }
        let ptr = if specs.cuda.shared {
            if v.init.is_some() {
                return Err(self.err(
                    loc,
                    "initialization is not supported for __shared__ variables",
                ));
            }
            let (elem, count) = super::record::storage(&ty);
            let elem_ir = elem.ir(self.ctx).expect("not void");
            let name = self.ctx.string_attr(self.spelling(v.name.sym));
            let (e, c) = (
                self.ctx.type_attr(elem_ir),
                self.ctx.int_attr(self.ctx.i64(), count as i128),
            );
            let p = crate::cuda::sema::types::generic_ptr(self.ctx);
            self.op1(
                "cuda.shared_alloc",
                &[],
                p,
                &[("count", c), ("element_type", e), ("name", name)],
            )
        } else {
            if specs.storage == Storage::Static {
                return Err(self.unsupported(loc, "'static' local variables"));
            }
            let ptr = self.slot(&ty, loc)?;
            match &v.init {
                Some(init) => self.initialize(ptr, &ty, init)?,
                None => self.default_init(ptr, &ty, loc)?,
            }
            ptr
        };
        let konst = match (&v.init, ty.is_integer() && v.ty.quals.is_const) {
            (Some(Initializer::Expr(e)), true) => const_eval(self.pp, e, &self.var_consts()),
            _ => None,
        };
        self.vars.declare(
            v.name.sym,
            Var {
                ptr,
                ty,
                konst,
                dim3: false,
            },
        );
        Ok(())
    }

    /// `T &r = e;`: `r` names `e`'s object (or a temporary holding `e`'s
    /// value, for a `const T &`).
    fn local_ref(&mut self, v: &VarDecl, referent: &crate::cuda::ast::Type, loc: Loc) -> R<()> {
        let ty = self.resolve(referent)?;
        let Some(Initializer::Expr(e)) = &v.init else {
            return Err(self.err(loc, "a reference must be initialized with an expression"));
        };
        let ptr = self.ref_arg(e, &ty)?;
        self.declare_var(v.name.sym, ptr, ty);
        Ok(())
    }

    /// Declare a local named `sym` whose object is at `ptr`.
    pub(super) fn declare_var(&mut self, sym: crate::cuda::token::Sym, ptr: ValueId, ty: CType) {
        let var = Var {
            ptr,
            ty,
            konst: None,
            dim3: false,
        };
        self.vars.declare(sym, var);
    }

    /// `dim3 d;`, `dim3 d(x[, y[, z]])`, `dim3 d = e;`, `dim3 d{...}`: a slot
    /// of three `unsigned int` (missing components are 1, as dim3's
    /// constructor defaults them).
    fn dim3_local(&mut self, v: &VarDecl, loc: Loc) -> R<()> {
        let specs = &v.specs;
        if specs.cuda.shared
            || specs.cuda.constant
            || specs.cuda.managed
            || specs.storage == Storage::Static
        {
            return Err(self.unsupported(loc, "a 'dim3' variable that is not an automatic local"));
        }
        let ty = CType::Array(Box::new(CType::UINT), 3);
        let parts = match &v.init {
            None => self.dim3_values(&[], loc)?,
            Some(Initializer::Paren(args, l)) => {
                let args: Vec<&Expr> = args.iter().collect();
                self.dim3_values(&args, *l)?
            }
            Some(Initializer::List(l)) => {
                if l.items.iter().any(|i| !i.designators.is_empty()) {
                    return Err(self.unsupported(l.loc, "designated initializers"));
                }
                let mut args = Vec::new();
                for item in &l.items {
                    match &item.value {
                        Initializer::Expr(e) => args.push(e),
                        other => {
                            return Err(self
                                .unsupported(other.loc(), "nested initializer lists for 'dim3'"));
                        }
                    }
                }
                self.dim3_values(&args, l.loc)?
            }
            Some(Initializer::Expr(e)) => self.dim3(e)?,
        };
        self.set_loc(loc);
        let ptr = self.slot(&ty, loc)?;
        for (k, p) in parts.into_iter().enumerate() {
            let at = self.offset_bytes(ptr, 4 * k as i64);
            self.store(p, at);
        }
        self.vars.declare(
            v.name.sym,
            Var {
                ptr,
                ty,
                konst: None,
                dim3: true,
            },
        );
        Ok(())
    }

    /// A `cuda.alloca` for a local of type `ty` (arrays: one slot of all
    /// their scalars; structs: see [`super::record::storage`]).
    pub(super) fn slot(&mut self, ty: &CType, loc: Loc) -> R<ValueId> {
        let (elem, count) = super::record::storage(ty);
        let Some(elem_ir) = elem.ir(self.ctx) else {
            return Err(self.err(loc, "variable has incomplete type 'void'"));
        };
        let (e, c) = (
            self.ctx.type_attr(elem_ir),
            self.ctx.int_attr(self.ctx.i64(), count as i128),
        );
        let p = crate::cuda::sema::types::generic_ptr(self.ctx);
        let slots_at = self.f.as_ref().and_then(|f| f.slots_at);
        let here = slots_at.map(|at| std::mem::replace(&mut self.ip, at));
        let v = self.op1("cuda.alloca", &[], p, &[("count", c), ("element_type", e)]);
        if let Some(here) = here {
            let next = std::mem::replace(&mut self.ip, here);
            self.f.as_mut().expect("in a function").slots_at = Some(next);
        }
        Ok(v)
    }

    pub(super) fn initialize(&mut self, ptr: ValueId, ty: &CType, init: &Initializer) -> R<()> {
        if let CType::Struct(st) = ty
            && let Some(args) = self.ctor_args(st, init)
        {
            return self.construct(ptr, &st.clone(), &args, init.loc());
        }
        match (init, ty) {
            (Initializer::List(l), CType::Array(elem, n)) => self.init_array(ptr, elem, *n, l),
            (Initializer::List(l), CType::Struct(s)) => self.init_struct(ptr, s, l),
            (Initializer::List(l), _) => match l.items.as_slice() {
                [] => {
                    let z = self.zero(ty);
                    self.store(z, ptr);
                    Ok(())
                }
                [item] if item.designators.is_empty() => self.initialize(ptr, ty, &item.value),
                _ => Err(self.err(l.loc, "excess elements in scalar initializer")),
            },
            (_, CType::Array(..)) => {
                Err(self.unsupported(init.loc(), "initializing an array from an expression"))
            }
            (Initializer::Expr(e), _) => self.init_scalar(ptr, ty, e),
            (Initializer::Paren(args, loc), _) => match args.as_slice() {
                [e] => self.init_scalar(ptr, ty, e),
                _ => Err(self.err(*loc, "expected one value to initialize a scalar")),
            },
        }
    }

    /// The constructor arguments of an initializer of a class object:
    /// `S s(a, b)` always, `S s{a, b}` / `S s = {a, b}` when `S` declares
    /// constructors (else it is an aggregate).
    fn ctor_args(
        &self,
        st: &crate::cuda::sema::record::StructType,
        init: &Initializer,
    ) -> Option<Vec<Expr>> {
        match init {
            Initializer::Paren(args, _) => Some(args.clone()),
            Initializer::List(l)
                if self.has_ctors(st)
                    && l.items.iter().all(|i| {
                        i.designators.is_empty() && matches!(i.value, Initializer::Expr(_))
                    }) =>
            {
                Some(
                    l.items
                        .iter()
                        .filter_map(|i| match &i.value {
                            Initializer::Expr(e) => Some(e.clone()),
                            _ => None,
                        })
                        .collect(),
                )
            }
            _ => None,
        }
    }

    fn init_scalar(&mut self, ptr: ValueId, ty: &CType, e: &Expr) -> R<()> {
        let v = self.rvalue(e)?;
        if matches!(ty, CType::Struct(_)) {
            return self.assign_struct(ptr, ty, v, e.loc);
        }
        let v = self.convert(v, ty, e.loc)?;
        self.store(v, ptr);
        Ok(())
    }

    fn init_array(&mut self, ptr: ValueId, elem: &CType, n: u64, l: &InitList) -> R<()> {
        if l.items.len() as u64 > n {
            return Err(self.err(l.loc, "excess elements in array initializer"));
        }
        let total = flatten(elem).1 * n;
        if total > MAX_INIT_ELEMENTS {
            return Err(self.unsupported(
                l.loc,
                "initializing a local array of more than 4096 elements",
            ));
        }
        let size = elem.size().unwrap_or(1);
        for k in 0..n {
            let at = self.offset_bytes(ptr, (k * size) as i64);
            match l.items.get(k as usize) {
                Some(item) if !item.designators.is_empty() => {
                    return Err(self.unsupported(l.loc, "designated initializers"));
                }
                Some(item) => {
                    if let (
                        CType::Array(..),
                        Initializer::Expr(Expr {
                            kind: ExprKind::StringLit(_),
                            loc,
                        }),
                    ) = (elem, &item.value)
                    {
                        return Err(self.unsupported(*loc, "string literals"));
                    }
                    self.initialize(at, elem, &item.value)?;
                }
                None => self.zero_fill(at, elem),
            }
        }
        Ok(())
    }

    pub(super) fn zero_fill(&mut self, ptr: ValueId, ty: &CType) {
        match ty {
            CType::Array(elem, n) => {
                let size = elem.size().unwrap_or(1);
                for k in 0..*n {
                    let at = self.offset_bytes(ptr, (k * size) as i64);
                    self.zero_fill(at, elem);
                }
            }
            CType::Struct(s) => {
                for f in s.fields.iter().flatten() {
                    let at = self.offset_bytes(ptr, f.offset as i64);
                    self.zero_fill(at, &f.ty);
                }
            }
            t => {
                let z = self.zero(t);
                self.store(z, ptr);
            }
        }
    }
}

/// `value` truncated to `width` bits, read as signed (how `cf.switch` case
/// values are kept).
fn sign_extend(value: i128, width: u32) -> i128 {
    if width == 0 || width >= 128 {
        return value;
    }
    let shift = 128 - width;
    (value << shift) >> shift
}

/// The scalar element of a (multi-dimensional) array and how many there are.
pub(super) fn flatten(ty: &CType) -> (CType, u64) {
    let mut t = ty;
    let mut n = 1u64;
    while let CType::Array(e, k) = t {
        n = n.saturating_mul(*k);
        t = e;
    }
    (t.clone(), n)
}
