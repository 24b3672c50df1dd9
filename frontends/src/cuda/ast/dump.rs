//! The AST dump: an indented tree, one node a line, in the spirit of
//! `clang -Xclang -ast-dump` (node names follow clang's where there is one).
//!
//! ```text
//! FunctionDecl vadd 'void (const float *, float *, int)' __global__
//!   ParmVarDecl a 'const float *'
//!   ...
//!   CompoundStmt
//!     DeclStmt
//!       VarDecl i 'int'
//!         BinaryOperator '+'
//! ```

use super::print::{Printer, char_lit_text, float_lit_text, int_lit_text, string_lit_text};
use super::*;
use crate::cuda::source::FileKind;
use std::fmt::Write;

/// What [`dump_with`] shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct DumpOptions {
    /// Add ` <line:col>` (of the main file, or `<file:line:col>` elsewhere)
    /// to each node.
    pub locations: bool,
    /// Dump the declarations of every file (else only those whose first
    /// token comes from the main file, the macro uses counting as where they
    /// are written).
    pub all_files: bool,
}

/// The declarations of the main file as an indented tree, without locations.
pub fn dump(tu: &TranslationUnit, pp: &Preprocessed) -> String {
    dump_with(tu, pp, DumpOptions::default())
}

/// The tree, as the options say.
/// Runs on a thread with a large stack ([`on_large_stack`]).
pub fn dump_with(tu: &TranslationUnit, pp: &Preprocessed, opts: DumpOptions) -> String {
    on_large_stack(|| dump_here(tu, pp, opts))
}

fn dump_here(tu: &TranslationUnit, pp: &Preprocessed, opts: DumpOptions) -> String {
    let mut d = Dumper {
        p: Printer {
            sm: &pp.sources,
            anon: Some(Default::default()),
        },
        pp,
        opts,
        out: String::new(),
        depth: 0,
    };
    for decl in &tu.decls {
        if opts.all_files || d.in_main_file(decl.loc) {
            d.decl(decl, None);
        }
    }
    d.out
}

struct Dumper<'a> {
    p: Printer<'a>,
    pp: &'a Preprocessed,
    opts: DumpOptions,
    out: String,
    depth: usize,
}

impl Dumper<'_> {
    fn in_main_file(&self, loc: Loc) -> bool {
        let tok = loc.token(self.pp);
        let at = self.pp.sources.expansion_root(tok.loc, tok.expansion);
        self.pp.sources.file(at.file).kind == FileKind::Main
    }

    /// Start a line: indentation and text; the location if asked for.
    fn line(&mut self, loc: Loc, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        if self.opts.locations {
            let tok = loc.token(self.pp);
            let sm = &self.pp.sources;
            let (l, c) = sm.line_col(tok.loc);
            if sm.file(tok.loc.file).kind == FileKind::Main {
                let _ = write!(self.out, " <{l}:{c}>");
            } else {
                let _ = write!(self.out, " <{}:{l}:{c}>", sm.file(tok.loc.file).name);
            }
        }
        self.out.push('\n');
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self)) {
        self.depth += 1;
        f(self);
        self.depth -= 1;
    }

    fn ty(&mut self, t: &Type) -> String {
        self.p.ty(t, String::new())
    }

    fn name(&self, i: Ident) -> String {
        self.p.sym(i.sym).to_string()
    }

    fn qualified(&mut self, qualifier: &[NameSeg], name: &str) -> String {
        let mut s = String::new();
        for seg in qualifier {
            self.p.seg(seg, &mut s);
            s.push_str("::");
        }
        s.push_str(name);
        s
    }

    fn specs(&mut self, s: &DeclSpecs, out: &mut String) {
        let storage = match s.storage {
            Storage::None => "",
            Storage::Static => " static",
            Storage::Extern => " extern",
            Storage::Register => " register",
            Storage::Mutable => " mutable",
        };
        out.push_str(storage);
        if s.extern_c {
            out.push_str(" extern_c");
        }
        for (on, word) in [
            (s.cuda.global, " __global__"),
            (s.cuda.host, " __host__"),
            (s.cuda.device, " __device__"),
            (s.cuda.shared, " __shared__"),
            (s.cuda.constant, " __constant__"),
            (s.cuda.managed, " __managed__"),
            (s.inline, " inline"),
            (s.forceinline, " __forceinline__"),
            (s.noinline, " __noinline__"),
            (s.constexpr, " constexpr"),
            (s.explicit, " explicit"),
            (s.friend, " friend"),
        ] {
            if on {
                out.push_str(word);
            }
        }
        if let Some(lb) = &s.launch_bounds {
            out.push_str(" __launch_bounds__(");
            self.p.expr(&lb.max_threads, out);
            for e in [&lb.min_blocks, &lb.max_blocks_per_cluster]
                .into_iter()
                .flatten()
            {
                out.push_str(", ");
                self.p.expr(e, out);
            }
            out.push(')');
        }
        if let Some(a) = &s.align {
            out.push_str(" alignas(");
            match &a.kind {
                ExprKind::AlignofType(t) => {
                    let t = self.ty(t);
                    out.push_str(&t)
                }
                _ => self.p.expr(a, out),
            }
            out.push(')');
        }
    }

    fn decl(&mut self, d: &Decl, access: Option<Access>) {
        let acc = access.map_or(String::new(), |a| format!("{} ", a.keyword()));
        match &d.kind {
            DeclKind::Var(v) => self.var("VarDecl", &acc, v, d.loc),
            DeclKind::Function(f) => self.function(f, &acc, d.loc),
            DeclKind::Typedef(t) => {
                let kind = if t.is_alias {
                    "TypeAliasDecl"
                } else {
                    "TypedefDecl"
                };
                let ty = self.ty(&t.ty);
                let text = format!("{acc}{kind} {} '{ty}'", self.name(t.name));
                self.line(d.loc, &text);
            }
            DeclKind::Record(r) => self.record(r, &acc, d.loc),
            DeclKind::Enum(e) => {
                let mut text = format!("{acc}EnumDecl");
                if e.scoped {
                    text.push_str(" class");
                }
                let name = match e.name {
                    Some(n) => self.name(n),
                    None => format!("(anonymous #{})", self.p.anon_number(e.anon_id)),
                };
                let name = self.qualified(&e.qualifier, &name);
                let _ = write!(text, " {name}");
                if let Some(u) = &e.underlying {
                    let _ = write!(text, " : '{}'", self.ty(u));
                }
                if e.enumerators.is_none() {
                    text.push_str(" declaration");
                }
                self.line(d.loc, &text);
                self.nested(|s| {
                    for en in e.enumerators.iter().flatten() {
                        let text = format!("EnumConstantDecl {}", s.name(en.name));
                        s.line(en.name.loc, &text);
                        if let Some(v) = &en.value {
                            s.nested(|s| s.expr(v));
                        }
                    }
                });
            }
            DeclKind::Namespace(n) => {
                let mut text = format!("{acc}NamespaceDecl");
                if n.inline {
                    text.push_str(" inline");
                }
                match n.name {
                    Some(name) => {
                        let _ = write!(text, " {}", self.name(name));
                    }
                    None => text.push_str(" (anonymous)"),
                }
                self.line(d.loc, &text);
                self.nested(|s| {
                    for d in &n.decls {
                        s.decl(d, None)
                    }
                });
            }
            DeclKind::UsingDirective(q) => {
                let text = format!("{acc}UsingDirectiveDecl {}", self.p.qual_name(q));
                self.line(d.loc, &text);
            }
            DeclKind::UsingDecl(q) => {
                let text = format!("{acc}UsingDecl {}", self.p.qual_name(q));
                self.line(d.loc, &text);
            }
            DeclKind::Template(t) => {
                let text = if t.params.is_empty() {
                    format!("{acc}TemplateDecl explicit_specialization")
                } else {
                    format!("{acc}TemplateDecl")
                };
                self.line(d.loc, &text);
                self.nested(|s| {
                    for p in &t.params {
                        s.template_param(p);
                    }
                    s.decl(&t.decl, None);
                });
            }
            DeclKind::ExplicitInstantiation(inner) => {
                self.line(d.loc, &format!("{acc}ExplicitInstantiationDecl"));
                self.nested(|s| s.decl(inner, None));
            }
            DeclKind::LinkageSpec(l) => {
                self.line(d.loc, &format!("{acc}LinkageSpecDecl \"{}\"", l.lang));
                self.nested(|s| {
                    for d in &l.decls {
                        s.decl(d, None)
                    }
                });
            }
            DeclKind::StaticAssert(sa) => {
                self.line(d.loc, &format!("{acc}StaticAssertDecl"));
                self.nested(|s| {
                    s.expr(&sa.cond);
                    if let Some(m) = &sa.message {
                        s.expr(m);
                    }
                });
            }
        }
    }

    fn template_param(&mut self, p: &TemplateParam) {
        let name = p
            .name
            .map_or(String::new(), |n| format!(" {}", self.name(n)));
        match &p.kind {
            TemplateParamKind::Type { default } => {
                let mut text = format!("TemplateTypeParmDecl{name}");
                if let Some(t) = default {
                    let _ = write!(text, " default '{}'", self.ty(t));
                }
                self.line(p.loc, &text);
            }
            TemplateParamKind::NonType { ty, default } => {
                let text = format!("NonTypeTemplateParmDecl{name} '{}'", self.ty(ty));
                self.line(p.loc, &text);
                if let Some(e) = default {
                    self.nested(|s| s.expr(e));
                }
            }
        }
    }

    fn var(&mut self, kind: &str, acc: &str, v: &VarDecl, loc: Loc) {
        let ty = self.ty(&v.ty);
        let name = self.name(v.name);
        let name = self.qualified(&v.qualifier, &name);
        let mut text = format!("{acc}{kind} {name} '{ty}'");
        self.specs(&v.specs, &mut text);
        if v.bit_width.is_some() {
            text.push_str(" bitfield");
        }
        self.line(loc, &text);
        self.nested(|s| {
            if let Some(w) = &v.bit_width {
                s.expr(w);
            }
            if let Some(init) = &v.init {
                s.initializer(init);
            }
        });
    }

    fn function(&mut self, f: &FunctionDecl, acc: &str, loc: Loc) {
        let name = match &f.name {
            DeclName::Ident(i) | DeclName::Constructor(i) => self.name(*i),
            DeclName::Destructor(i) => format!("~{}", self.name(*i)),
            DeclName::Operator(op, _) => format!("operator{}", op.spelling()),
            DeclName::Conversion(t, _) => format!("operator {}", self.ty(t)),
        };
        let mut name = self.qualified(&f.qualifier, &name);
        if let Some(args) = &f.spec_args {
            self.p.targs(args, &mut name);
        }
        let fty = Type::new(
            TypeKind::Function(Box::new(FunctionType {
                ret: f.ret.clone(),
                params: f.params.iter().map(|p| p.ty.clone()).collect(),
                variadic: f.variadic,
                is_const: f.is_const,
            })),
            loc,
        );
        let kind = match f.name {
            DeclName::Constructor(_) => "CXXConstructorDecl",
            DeclName::Destructor(_) => "CXXDestructorDecl",
            DeclName::Conversion(..) => "CXXConversionDecl",
            _ => "FunctionDecl",
        };
        let mut text = format!("{acc}{kind} {name} '{}'", self.ty(&fty));
        self.specs(&f.specs, &mut text);
        match f.special {
            Some(SpecialBody::Default) => text.push_str(" default"),
            Some(SpecialBody::Delete) => text.push_str(" delete"),
            None => {}
        }
        self.line(loc, &text);
        self.nested(|s| {
            for p in &f.params {
                let ty = s.ty(&p.ty);
                let text = match p.name {
                    Some(n) => format!("ParmVarDecl {} '{ty}'", s.name(n)),
                    None => format!("ParmVarDecl '{ty}'"),
                };
                s.line(p.loc, &text);
                if let Some(d) = &p.default {
                    s.nested(|s| s.expr(d));
                }
            }
            for ci in &f.ctor_inits {
                let text = format!(
                    "CXXCtorInitializer {}{}",
                    s.p.qual_name(&ci.member),
                    if ci.braced { " braced" } else { "" }
                );
                s.line(ci.loc, &text);
                s.nested(|s| {
                    for a in &ci.args {
                        s.expr(a);
                    }
                });
            }
            if let Some(b) = &f.body {
                s.block(b);
            }
        });
    }

    fn record(&mut self, r: &RecordDecl, acc: &str, loc: Loc) {
        let name = match r.name {
            Some(n) => self.name(n),
            None => format!("(anonymous #{})", self.p.anon_number(r.anon_id)),
        };
        let mut name = self.qualified(&r.qualifier, &name);
        if let Some(args) = &r.spec_args {
            self.p.targs(args, &mut name);
        }
        let mut text = format!("{acc}RecordDecl {} {name}", r.tag.keyword());
        if let Some(a) = &r.align {
            text.push_str(" alignas(");
            self.p.expr(a, &mut text);
            text.push(')');
        }
        if r.members.is_none() {
            text.push_str(" declaration");
        }
        self.line(loc, &text);
        self.nested(|s| {
            for b in &r.bases {
                let acc = b
                    .access
                    .map_or(String::new(), |a| format!("{} ", a.keyword()));
                let text = format!("BaseSpecifier {acc}'{}'", s.p.qual_name(&b.name));
                s.line(b.loc, &text);
            }
            for m in r.members.iter().flatten() {
                s.decl(&m.decl, Some(m.access));
            }
        });
    }

    fn block(&mut self, b: &Block) {
        self.line(b.loc, "CompoundStmt");
        self.nested(|s| {
            for st in &b.stmts {
                s.stmt(st);
            }
        });
    }

    fn null(&mut self, loc: Loc) {
        self.line(loc, "<<<NULL>>>");
    }

    fn cond(&mut self, c: &Condition) {
        match c {
            Condition::Expr(e) => self.expr(e),
            Condition::Decl(v) => self.var("VarDecl", "", v, v.name.loc),
        }
    }

    fn unroll(u: &Option<Unroll>, text: &mut String, sm: &mut Printer) {
        match u.as_ref().map(|u| &u.kind) {
            None => {}
            Some(UnrollKind::Full) => text.push_str(" unroll"),
            Some(UnrollKind::Count(n)) => {
                let _ = write!(text, " unroll({n})");
            }
            Some(UnrollKind::Expr(e)) => {
                text.push_str(" unroll(");
                sm.expr(e, text);
                text.push(')');
            }
        }
    }

    fn stmt(&mut self, st: &Stmt) {
        let loc = st.loc;
        match &st.kind {
            StmtKind::Compound(b) => self.block(b),
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Decl(ds) => {
                self.line(loc, "DeclStmt");
                self.nested(|s| {
                    for d in ds {
                        s.decl(d, None)
                    }
                });
            }
            StmtKind::If(i) => {
                let mut text = "IfStmt".to_string();
                if i.is_constexpr {
                    text.push_str(" constexpr");
                }
                if i.else_.is_some() {
                    text.push_str(" has_else");
                }
                self.line(loc, &text);
                self.nested(|s| {
                    s.cond(&i.cond);
                    s.stmt(&i.then);
                    if let Some(e) = &i.else_ {
                        s.stmt(e);
                    }
                });
            }
            StmtKind::For(f) => {
                let mut text = "ForStmt".to_string();
                Self::unroll(&f.unroll, &mut text, &mut self.p);
                self.line(loc, &text);
                self.nested(|s| {
                    match &f.init {
                        Some(i) => s.stmt(i),
                        None => s.null(loc),
                    }
                    match &f.cond {
                        Some(c) => s.cond(c),
                        None => s.null(loc),
                    }
                    match &f.inc {
                        Some(e) => s.expr(e),
                        None => s.null(loc),
                    }
                    s.stmt(&f.body);
                });
            }
            StmtKind::While(w) => {
                let mut text = "WhileStmt".to_string();
                Self::unroll(&w.unroll, &mut text, &mut self.p);
                self.line(loc, &text);
                self.nested(|s| {
                    s.cond(&w.cond);
                    s.stmt(&w.body);
                });
            }
            StmtKind::DoWhile(d) => {
                let mut text = "DoStmt".to_string();
                Self::unroll(&d.unroll, &mut text, &mut self.p);
                self.line(loc, &text);
                self.nested(|s| {
                    s.stmt(&d.body);
                    s.expr(&d.cond);
                });
            }
            StmtKind::Switch(sw) => {
                self.line(loc, "SwitchStmt");
                self.nested(|s| {
                    s.cond(&sw.cond);
                    s.stmt(&sw.body);
                });
            }
            StmtKind::Case(v, body) => {
                self.line(loc, "CaseStmt");
                self.nested(|s| {
                    s.expr(v);
                    s.stmt(body);
                });
            }
            StmtKind::Default(body) => {
                self.line(loc, "DefaultStmt");
                self.nested(|s| s.stmt(body));
            }
            StmtKind::Label(name, body) => {
                let text = format!("LabelStmt '{}'", self.name(*name));
                self.line(loc, &text);
                self.nested(|s| s.stmt(body));
            }
            StmtKind::Goto(name) => {
                let text = format!("GotoStmt '{}'", self.name(*name));
                self.line(loc, &text);
            }
            StmtKind::Break => self.line(loc, "BreakStmt"),
            StmtKind::Continue => self.line(loc, "ContinueStmt"),
            StmtKind::Return(e) => {
                self.line(loc, "ReturnStmt");
                if let Some(e) = e {
                    self.nested(|s| s.expr(e));
                }
            }
            StmtKind::Null => self.line(loc, "NullStmt"),
            StmtKind::Error => self.line(loc, "RecoveryStmt"),
        }
    }

    fn initializer(&mut self, init: &Initializer) {
        match init {
            Initializer::Expr(e) => self.expr(e),
            Initializer::List(l) => self.init_list(l),
            Initializer::Paren(args, loc) => {
                self.line(*loc, "ParenListExpr");
                self.nested(|s| {
                    for a in args {
                        s.expr(a)
                    }
                });
            }
        }
    }

    fn init_list(&mut self, l: &InitList) {
        self.line(l.loc, "InitListExpr");
        self.nested(|s| {
            for item in &l.items {
                if item.designators.is_empty() {
                    s.initializer(&item.value);
                } else {
                    let mut text = "DesignatedInitExpr ".to_string();
                    for d in &item.designators {
                        s.p.designator(d, &mut text);
                    }
                    s.line(item.value.loc(), &text);
                    s.nested(|s| s.initializer(&item.value));
                }
            }
        });
    }

    fn exprs(&mut self, es: &[Expr]) {
        for e in es {
            self.expr(e);
        }
    }

    fn expr(&mut self, e: &Expr) {
        let loc = e.loc;
        match &e.kind {
            ExprKind::IntLit(v) => self.line(loc, &format!("IntegerLiteral {}", int_lit_text(v))),
            ExprKind::FloatLit(v) => {
                self.line(loc, &format!("FloatingLiteral {}", float_lit_text(v)))
            }
            ExprKind::CharLit(c) => {
                self.line(loc, &format!("CharacterLiteral {}", char_lit_text(c)))
            }
            ExprKind::StringLit(s) => {
                self.line(loc, &format!("StringLiteral {}", string_lit_text(s)))
            }
            ExprKind::BoolLit(b) => self.line(loc, &format!("CXXBoolLiteralExpr {b}")),
            ExprKind::Nullptr => self.line(loc, "CXXNullPtrLiteralExpr"),
            ExprKind::This => self.line(loc, "CXXThisExpr"),
            ExprKind::Ident(i) => {
                let text = format!("DeclRefExpr {}", self.name(*i));
                self.line(loc, &text)
            }
            ExprKind::Name(q) => {
                let text = format!("DeclRefExpr {}", self.p.qual_name(q));
                self.line(loc, &text)
            }
            ExprKind::Unary(op, x) => {
                let fix = if op.is_postfix() { "postfix" } else { "prefix" };
                self.line(loc, &format!("UnaryOperator {fix} '{}'", op.spelling()));
                self.nested(|s| s.expr(x));
            }
            ExprKind::Binary(op, a, b) => {
                self.line(loc, &format!("BinaryOperator '{}'", op.spelling()));
                self.nested(|s| {
                    s.expr(a);
                    s.expr(b)
                });
            }
            ExprKind::Assign(op, a, b) => {
                let kind = if op.is_some() {
                    "CompoundAssignOperator"
                } else {
                    "BinaryOperator"
                };
                self.line(loc, &format!("{kind} '{}'", assign_spelling(*op)));
                self.nested(|s| {
                    s.expr(a);
                    s.expr(b)
                });
            }
            ExprKind::Conditional(c, a, b) => {
                self.line(loc, "ConditionalOperator");
                self.nested(|s| {
                    s.expr(c);
                    s.expr(a);
                    s.expr(b)
                });
            }
            ExprKind::Cast(c) => {
                let kind = match c.kind {
                    CastKind::C => "CStyleCastExpr",
                    CastKind::Static => "CXXStaticCastExpr",
                    CastKind::Reinterpret => "CXXReinterpretCastExpr",
                    CastKind::Const => "CXXConstCastExpr",
                };
                let text = format!("{kind} '{}'", self.ty(&c.ty));
                self.line(loc, &text);
                self.nested(|s| s.expr(&c.expr));
            }
            ExprKind::Construct(c) => {
                let text = format!(
                    "CXXFunctionalCastExpr '{}'{}",
                    self.ty(&c.ty),
                    if c.braced { " list" } else { "" }
                );
                self.line(loc, &text);
                self.nested(|s| s.exprs(&c.args));
            }
            ExprKind::Call(f, args) => {
                self.line(loc, "CallExpr");
                self.nested(|s| {
                    s.expr(f);
                    s.exprs(args)
                });
            }
            ExprKind::Launch(l) => {
                self.line(loc, "CUDAKernelCallExpr");
                self.nested(|s| {
                    s.expr(&l.kernel);
                    s.line(loc, "KernelLaunchConfig");
                    s.nested(|s| s.exprs(&l.config));
                    s.exprs(&l.args)
                });
            }
            ExprKind::Member(m) => {
                let mut text = format!("MemberExpr {}", if m.arrow { "->" } else { "." });
                self.p.seg(&m.member, &mut text);
                self.line(loc, &text);
                self.nested(|s| s.expr(&m.base));
            }
            ExprKind::Index(a, i) => {
                self.line(loc, "ArraySubscriptExpr");
                self.nested(|s| {
                    s.expr(a);
                    s.expr(i)
                });
            }
            ExprKind::SizeofExpr(x) => {
                self.line(loc, "UnaryExprOrTypeTraitExpr sizeof");
                self.nested(|s| s.expr(x));
            }
            ExprKind::SizeofType(t) => {
                let text = format!("UnaryExprOrTypeTraitExpr sizeof '{}'", self.ty(t));
                self.line(loc, &text)
            }
            ExprKind::AlignofType(t) => {
                let text = format!("UnaryExprOrTypeTraitExpr alignof '{}'", self.ty(t));
                self.line(loc, &text)
            }
            ExprKind::AlignofExpr(x) => {
                self.line(loc, "UnaryExprOrTypeTraitExpr alignof");
                self.nested(|s| s.expr(x));
            }
            ExprKind::New(n) => {
                let text = format!(
                    "CXXNewExpr{}{} '{}'",
                    if n.global { " global" } else { "" },
                    if n.array_size.is_some() { " array" } else { "" },
                    self.ty(&n.ty)
                );
                self.line(loc, &text);
                self.nested(|s| {
                    if let Some(size) = &n.array_size {
                        s.expr(size);
                    }
                    if let Some(init) = &n.init {
                        s.initializer(init);
                    }
                });
            }
            ExprKind::Delete { array, expr } => {
                let text = if *array {
                    "CXXDeleteExpr array"
                } else {
                    "CXXDeleteExpr"
                };
                self.line(loc, text);
                self.nested(|s| s.expr(expr));
            }
            ExprKind::InitList(l) => self.init_list(l),
            ExprKind::Paren(x) => {
                self.line(loc, "ParenExpr");
                self.nested(|s| s.expr(x));
            }
            ExprKind::Offsetof(t, ds) => {
                let mut text = format!("OffsetOfExpr '{}' ", self.ty(t));
                for d in ds {
                    self.p.designator(d, &mut text);
                }
                self.line(loc, &text);
            }
            ExprKind::VaArg(x, t) => {
                let text = format!("VAArgExpr '{}'", self.ty(t));
                self.line(loc, &text);
                self.nested(|s| s.expr(x));
            }
            ExprKind::Error => self.line(loc, "RecoveryExpr"),
        }
    }
}
