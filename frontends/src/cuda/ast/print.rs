//! Types and expressions as C++ text (for the dump and for diagnostics).
//!
//! Types print as clang prints them: `const float *`, `float (*)[N]`,
//! `int [2][3]`, `void (*)(int, float)`. Expressions print as written, with
//! single spaces around binary operators (parentheses are in the tree).

use super::*;
use crate::cuda::literal::{Encoding, FloatSuffix};
use crate::cuda::source::SourceMap;
use std::fmt::Write;

/// A type as C++ text.
pub fn type_to_string(ty: &Type, sm: &SourceMap) -> String {
    let mut p = Printer::new(sm);
    p.ty(ty, String::new())
}

/// An expression as C++ text.
pub fn expr_to_string(e: &Expr, sm: &SourceMap) -> String {
    let mut p = Printer::new(sm);
    let mut s = String::new();
    p.expr(e, &mut s);
    s
}

/// A qualified name as C++ text (`ns::S<int>::f`).
pub fn qual_name_to_string(q: &QualName, sm: &SourceMap) -> String {
    let mut p = Printer::new(sm);
    p.qual_name(q)
}

pub(super) struct Printer<'a> {
    pub sm: &'a SourceMap,
    /// Number anonymous tags in order of appearance (the dump), else show
    /// their `anon_id`.
    pub anon: Option<rustc_hash::FxHashMap<u32, u32>>,
}

fn quals_prefix(q: Quals) -> String {
    let mut s = String::new();
    if q.is_const {
        s.push_str("const ");
    }
    if q.is_volatile {
        s.push_str("volatile ");
    }
    if q.is_restrict {
        s.push_str("__restrict__ ");
    }
    s
}

impl<'a> Printer<'a> {
    pub fn new(sm: &'a SourceMap) -> Printer<'a> {
        Printer { sm, anon: None }
    }

    /// The number shown for an anonymous tag.
    pub fn anon_number(&mut self, id: u32) -> u32 {
        match &mut self.anon {
            Some(map) => {
                let next = map.len() as u32 + 1;
                *map.entry(id).or_insert(next)
            }
            None => id,
        }
    }

    pub fn sym(&self, s: crate::cuda::token::Sym) -> &str {
        self.sm.spelling(s)
    }

    /// `ty` around the declarator text `inner` (empty: abstract).
    pub fn ty(&mut self, ty: &Type, inner: String) -> String {
        let base = match &ty.kind {
            TypeKind::Pointer(p) | TypeKind::Reference { pointee: p, .. } => {
                let mut part = match &ty.kind {
                    TypeKind::Reference { rvalue: true, .. } => "&&".to_string(),
                    TypeKind::Reference { .. } => "&".to_string(),
                    _ => "*".to_string(),
                };
                let q = quals_prefix(ty.quals);
                part.push_str(q.trim_end());
                let mut new_inner = if inner.is_empty() {
                    part
                } else if !q.is_empty() {
                    format!("{part} {inner}")
                } else {
                    format!("{part}{inner}")
                };
                if matches!(p.kind, TypeKind::Array { .. } | TypeKind::Function(_)) {
                    new_inner = format!("({new_inner})");
                }
                return self.ty(p, new_inner);
            }
            TypeKind::Array { elem, size } => {
                let mut s = inner;
                s.push('[');
                if let Some(e) = size {
                    self.expr(e, &mut s);
                }
                s.push(']');
                return self.ty(elem, s);
            }
            TypeKind::Function(f) => {
                let mut s = inner;
                s.push('(');
                for (i, p) in f.params.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    let t = self.ty(p, String::new());
                    s.push_str(&t);
                }
                if f.variadic {
                    s.push_str(if f.params.is_empty() { "..." } else { ", ..." });
                }
                s.push(')');
                if f.is_const {
                    s.push_str(" const");
                }
                return self.ty(&f.ret, s);
            }
            TypeKind::Builtin(b) => b.name().to_string(),
            TypeKind::Named(q) => self.qual_name(q),
            TypeKind::Tag(tag, q) => format!("{} {}", tag.keyword(), self.qual_name(q)),
            TypeKind::AnonTag(tag, id) => {
                format!("{} (anonymous #{})", tag.keyword(), self.anon_number(*id))
            }
            TypeKind::Auto => "auto".to_string(),
            TypeKind::Decltype(e) => {
                let mut s = "decltype(".to_string();
                self.expr(e, &mut s);
                s.push(')');
                s
            }
            TypeKind::Error => "<error>".to_string(),
        };
        let mut s = quals_prefix(ty.quals);
        s.push_str(&base);
        if !inner.is_empty() {
            s.push(' ');
            s.push_str(&inner);
        }
        s
    }

    pub fn qual_name(&mut self, q: &QualName) -> String {
        let mut s = String::new();
        if q.global {
            s.push_str("::");
        }
        for seg in &q.qualifier {
            self.seg(seg, &mut s);
            s.push_str("::");
        }
        self.seg(&q.name, &mut s);
        s
    }

    pub fn seg(&mut self, seg: &NameSeg, s: &mut String) {
        s.push_str(self.sym(seg.ident.sym));
        if let Some(args) = &seg.targs {
            self.targs(args, s);
        }
    }

    pub fn targs(&mut self, args: &[TemplateArg], s: &mut String) {
        s.push('<');
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            match a {
                TemplateArg::Type(t) => {
                    let t = self.ty(t, String::new());
                    s.push_str(&t)
                }
                TemplateArg::Expr(e) => self.expr(e, s),
            }
        }
        if s.ends_with('>') {
            s.push(' ');
        }
        s.push('>');
    }

    fn list(&mut self, es: &[Expr], s: &mut String) {
        for (i, e) in es.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            self.expr(e, s);
        }
    }

    pub fn init_list(&mut self, l: &InitList, s: &mut String) {
        s.push('{');
        for (i, item) in l.items.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            for d in &item.designators {
                self.designator(d, s);
            }
            if !item.designators.is_empty() {
                s.push_str(" = ");
            }
            self.initializer(&item.value, s);
        }
        s.push('}');
    }

    pub fn designator(&mut self, d: &Designator, s: &mut String) {
        match d {
            Designator::Field(i) => {
                s.push('.');
                s.push_str(self.sym(i.sym));
            }
            Designator::Index(e) => {
                s.push('[');
                self.expr(e, s);
                s.push(']');
            }
        }
    }

    pub fn initializer(&mut self, init: &Initializer, s: &mut String) {
        match init {
            Initializer::Expr(e) => self.expr(e, s),
            Initializer::List(l) => self.init_list(l, s),
            Initializer::Paren(args, _) => {
                s.push('(');
                self.list(args, s);
                s.push(')');
            }
        }
    }

    pub fn expr(&mut self, e: &Expr, s: &mut String) {
        match &e.kind {
            ExprKind::IntLit(v) => s.push_str(&int_lit_text(v)),
            ExprKind::FloatLit(v) => s.push_str(&float_lit_text(v)),
            ExprKind::CharLit(c) => s.push_str(&char_lit_text(c)),
            ExprKind::StringLit(lit) => s.push_str(&string_lit_text(lit)),
            ExprKind::BoolLit(b) => s.push_str(if *b { "true" } else { "false" }),
            ExprKind::Nullptr => s.push_str("nullptr"),
            ExprKind::This => s.push_str("this"),
            ExprKind::Ident(i) => s.push_str(self.sym(i.sym)),
            ExprKind::Name(q) => {
                let t = self.qual_name(q);
                s.push_str(&t)
            }
            ExprKind::Unary(op, x) => {
                if op.is_postfix() {
                    self.expr(x, s);
                    s.push_str(op.spelling());
                } else {
                    s.push_str(op.spelling());
                    self.expr(x, s);
                }
            }
            ExprKind::Binary(op, a, b) => {
                self.expr(a, s);
                if *op == BinaryOp::Comma {
                    s.push_str(", ");
                } else {
                    let _ = write!(s, " {} ", op.spelling());
                }
                self.expr(b, s);
            }
            ExprKind::Assign(op, a, b) => {
                self.expr(a, s);
                let _ = write!(s, " {} ", assign_spelling(*op));
                self.expr(b, s);
            }
            ExprKind::Conditional(c, a, b) => {
                self.expr(c, s);
                s.push_str(" ? ");
                self.expr(a, s);
                s.push_str(" : ");
                self.expr(b, s);
            }
            ExprKind::Cast(c) => {
                let t = self.ty(&c.ty, String::new());
                if c.kind == CastKind::C {
                    let _ = write!(s, "({t})");
                    self.expr(&c.expr, s);
                } else {
                    let _ = write!(s, "{}<{t}>(", c.kind.name());
                    self.expr(&c.expr, s);
                    s.push(')');
                }
            }
            ExprKind::Construct(c) => {
                let t = self.ty(&c.ty, String::new());
                s.push_str(&t);
                s.push(if c.braced { '{' } else { '(' });
                self.list(&c.args, s);
                s.push(if c.braced { '}' } else { ')' });
            }
            ExprKind::Call(f, args) => {
                self.expr(f, s);
                s.push('(');
                self.list(args, s);
                s.push(')');
            }
            ExprKind::Launch(l) => {
                self.expr(&l.kernel, s);
                s.push_str("<<<");
                self.list(&l.config, s);
                s.push_str(">>>(");
                self.list(&l.args, s);
                s.push(')');
            }
            ExprKind::Member(m) => {
                self.expr(&m.base, s);
                s.push_str(if m.arrow { "->" } else { "." });
                self.seg(&m.member, s);
            }
            ExprKind::Index(a, i) => {
                self.expr(a, s);
                s.push('[');
                self.expr(i, s);
                s.push(']');
            }
            ExprKind::SizeofExpr(x) => {
                s.push_str("sizeof");
                if !matches!(x.kind, ExprKind::Paren(_)) {
                    s.push(' ');
                }
                self.expr(x, s);
            }
            ExprKind::SizeofType(t) => {
                let t = self.ty(t, String::new());
                let _ = write!(s, "sizeof({t})");
            }
            ExprKind::AlignofType(t) => {
                let t = self.ty(t, String::new());
                let _ = write!(s, "alignof({t})");
            }
            ExprKind::AlignofExpr(x) => {
                s.push_str("__alignof__ ");
                self.expr(x, s);
            }
            ExprKind::New(n) => {
                s.push_str(if n.global { "::new " } else { "new " });
                let t = self.ty(&n.ty, String::new());
                s.push_str(&t);
                if let Some(size) = &n.array_size {
                    s.push('[');
                    self.expr(size, s);
                    s.push(']');
                }
                if let Some(init) = &n.init {
                    self.initializer(init, s);
                }
            }
            ExprKind::Delete { array, expr } => {
                s.push_str(if *array { "delete[] " } else { "delete " });
                self.expr(expr, s);
            }
            ExprKind::InitList(l) => self.init_list(l, s),
            ExprKind::Paren(x) => {
                s.push('(');
                self.expr(x, s);
                s.push(')');
            }
            ExprKind::Offsetof(t, ds) => {
                let t = self.ty(t, String::new());
                let _ = write!(s, "__builtin_offsetof({t}, ");
                for (i, d) in ds.iter().enumerate() {
                    match d {
                        Designator::Field(f) if i == 0 => s.push_str(self.sym(f.sym)),
                        d => self.designator(d, s),
                    }
                }
                s.push(')');
            }
            ExprKind::VaArg(x, t) => {
                s.push_str("__builtin_va_arg(");
                self.expr(x, s);
                let t = self.ty(t, String::new());
                let _ = write!(s, ", {t})");
            }
            ExprKind::Error => s.push_str("<error>"),
        }
    }
}

/// An integer literal: its value in decimal and its suffix.
pub(super) fn int_lit_text(v: &crate::cuda::literal::IntLit) -> String {
    let mut s = v.value.to_string();
    if v.suffix.unsigned {
        s.push('u');
    }
    for _ in 0..v.suffix.long {
        s.push('l');
    }
    s
}

/// A floating literal: the shortest decimal that reads back as its value
/// (in its own format), and its suffix.
pub(super) fn float_lit_text(v: &crate::cuda::literal::FloatLit) -> String {
    let mut s = match v.suffix {
        FloatSuffix::F => format!("{:?}", v.f32_value),
        _ => format!("{:?}", v.f64_value),
    };
    match v.suffix {
        FloatSuffix::F => s.push('f'),
        FloatSuffix::L => s.push('L'),
        FloatSuffix::None => {}
    }
    s
}

fn prefix(enc: Encoding) -> &'static str {
    match enc {
        Encoding::Plain => "",
        Encoding::Utf8 => "u8",
        Encoding::Utf16 => "u",
        Encoding::Utf32 => "U",
        Encoding::Wide => "L",
    }
}

fn escape_unit(u: u32, quote: char, s: &mut String) {
    match char::from_u32(u) {
        Some('\n') => s.push_str("\\n"),
        Some('\t') => s.push_str("\\t"),
        Some('\r') => s.push_str("\\r"),
        Some('\0') => s.push_str("\\0"),
        Some('\\') => s.push_str("\\\\"),
        Some(c) if c == quote => {
            s.push('\\');
            s.push(c);
        }
        Some(c) if (' '..='~').contains(&c) => s.push(c),
        _ => {
            let _ = write!(s, "\\x{u:x}");
        }
    }
}

pub(super) fn char_lit_text(c: &crate::cuda::literal::CharLit) -> String {
    let mut s = prefix(c.encoding).to_string();
    s.push('\'');
    let unit = match c.encoding {
        Encoding::Plain | Encoding::Utf8 => (c.value as u8) as u32,
        _ => c.value as u32,
    };
    escape_unit(unit, '\'', &mut s);
    s.push('\'');
    s
}

pub(super) fn string_lit_text(lit: &crate::cuda::literal::StrLit) -> String {
    let mut s = prefix(lit.encoding).to_string();
    s.push('"');
    for &u in &lit.units {
        escape_unit(u, '"', &mut s);
    }
    s.push('"');
    s
}
