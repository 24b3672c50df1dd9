//! The PTX parser: tokens into the [`ast`](crate::ast), by recursive descent.
//!
//! The grammar is PTX ISA 8.x's as nvcc (CUDA 11-13) and clang-22 write it:
//! module directives (`.version`, `.target`, `.address_size`, `.file`,
//! `.section` skipped), variables in every state space with alignment, vector
//! width, array dimensions and initializers, `.entry`/`.func` with parameter
//! lists (`.ptr`, `.align`, arrays, return parameters) and performance
//! directives, and function bodies: register declarations with `%r<N>` ranges,
//! local variables, labels, `.loc`, `.branchtargets`, `.callprototype`, nested
//! `{ }` scopes and guarded instructions with their modifiers and operands.
//! Instruction semantics (which modifiers and operands an opcode takes) are
//! checked by the lowering, which knows them; the parser only reads the shape.
//!
//! The first error stops the parse. Recursion (parenthesized expressions,
//! nested initializer lists) is bounded by [`MAX_DEPTH`].

use crate::ast::*;
use crate::lexer::{Lexer, Tok, Token, int_value};
use smallvec::SmallVec;

/// The deepest nesting of parentheses or initializer braces accepted.
pub const MAX_DEPTH: usize = 256;

/// A parse error at a span of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub span: Span,
    pub message: String,
}

pub type PResult<T> = Result<T, Error>;

pub fn error<T>(span: Span, message: impl Into<String>) -> PResult<T> {
    Err(Error {
        span,
        message: message.into(),
    })
}

/// Parse a whole PTX text; instructions' modifier and operand lists go into
/// `arena`.
pub fn parse<'a>(src: &'a str, arena: &'a Arena) -> PResult<Module<'a>> {
    let mut lexer = Lexer::new(src);
    let cur = lexer.next_token();
    let next = lexer.next_token();
    let mut p = Parser {
        src,
        lexer,
        cur,
        next,
        prev_end: 0,
        depth: 0,
        arena,
        operands: Vec::new(),
        // a statement per 32 bytes: more than PTX has (nvcc's about one per
        // 60), so that the largest body does not grow the vector by copying
        stmts: Vec::with_capacity(src.len() / 32),
    };
    let mut m = p.module()?;
    // the parse reached the end of the text: the lexer saw every line
    m.lines = p.lexer.into_lines();
    Ok(m)
}

struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    /// The next token and the one after it.
    cur: Token,
    next: Token,
    /// Where the last token taken ended (0 before the first).
    prev_end: u32,
    depth: usize,
    arena: &'a Arena,
    /// Operand lists being read (nested lists stack up), before they move to the arena.
    operands: Vec<Operand<'a>>,
    /// The statements of the body being read, before they move to a vector of their size.
    stmts: Vec<Stmt<'a>>,
}

fn span_of(t: Token) -> Span {
    Span {
        start: t.start,
        end: t.end,
    }
}

fn join(a: Span, b: Span) -> Span {
    Span {
        start: a.start,
        end: b.end.max(a.end),
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Token {
        self.cur
    }

    /// The token after the next one.
    fn peek2(&self) -> Token {
        self.next
    }

    fn text(&self, t: Token) -> &'a str {
        t.text(self.src)
    }

    /// Take the next token (none at the end of the input).
    fn advance(&mut self) {
        if self.cur.kind != Tok::Eof {
            self.prev_end = self.cur.end;
            self.cur = self.next;
            self.next = self.lexer.next_token();
        }
    }

    fn bump(&mut self) -> Token {
        let t = self.peek();
        self.advance();
        t
    }

    fn prev_end(&self) -> u32 {
        self.prev_end
    }

    fn is_punct(&self, p: &str) -> bool {
        let t = self.peek();
        t.kind == Tok::Punct && self.text(t) == p
    }

    fn is_dot(&self, d: &str) -> bool {
        let t = self.peek();
        t.kind == Tok::Dot && self.text(t) == d
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.advance();
            true
        } else {
            false
        }
    }

    fn eat_dot(&mut self, d: &str) -> bool {
        if self.is_dot(d) {
            self.advance();
            true
        } else {
            false
        }
    }

    /// An error at the next token, describing what was found there.
    fn unexpected<T>(&self, wanted: &str) -> PResult<T> {
        let t = self.peek();
        let found = match t.kind {
            Tok::Eof => "end of input".to_string(),
            Tok::Error => format!("invalid token '{}'", self.text(t)),
            _ => format!("'{}'", self.text(t)),
        };
        error(span_of(t), format!("expected {wanted}, found {found}"))
    }

    fn expect_punct(&mut self, p: &str) -> PResult<Token> {
        if self.is_punct(p) {
            Ok(self.bump())
        } else {
            self.unexpected(&format!("'{p}'"))
        }
    }

    fn expect_ident(&mut self, what: &str) -> PResult<(&'a str, Span)> {
        let t = self.peek();
        if t.kind == Tok::Ident {
            self.advance();
            Ok((self.text(t), span_of(t)))
        } else {
            self.unexpected(what)
        }
    }

    fn expect_int(&mut self, what: &str) -> PResult<(u64, Span)> {
        let t = self.peek();
        if t.kind == Tok::Int {
            self.advance();
            match int_value(self.text(t)) {
                Some(v) => Ok((v, span_of(t))),
                None => error(span_of(t), format!("invalid integer '{}'", self.text(t))),
            }
        } else {
            self.unexpected(what)
        }
    }

    fn expect_u32(&mut self, what: &str) -> PResult<u32> {
        let (v, span) = self.expect_int(what)?;
        u32::try_from(v).or_else(|_| error(span, format!("{what} {v} is too large")))
    }

    fn enter(&mut self, span: Span) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return error(span, format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        Ok(())
    }

    /// Dotted modifiers up to and including a type: `.v2`/`.v4`/`.v8` set the vector
    /// width, `other` takes the rest (returning whether it knew the modifier).
    fn typed_modifiers(
        &mut self,
        what: &str,
        mut other: impl FnMut(&mut Self, &str) -> PResult<bool>,
    ) -> PResult<(Type, u32)> {
        let mut vector = 0;
        loop {
            let t = self.peek();
            if t.kind != Tok::Dot {
                return self.unexpected(what);
            }
            self.advance();
            let m = self.text(t);
            match m {
                ".v2" => vector = 2,
                ".v4" => vector = 4,
                ".v8" => vector = 8,
                _ => {
                    if let Some(ty) = Type::from_modifier(m) {
                        return Ok((ty, vector));
                    }
                    if !other(self, m)? {
                        return error(span_of(t), format!("unknown or unsupported modifier '{m}'"));
                    }
                }
            }
        }
    }

    /// `item (, item)*`.
    fn comma_list<T>(&mut self, mut item: impl FnMut(&mut Self) -> PResult<T>) -> PResult<Vec<T>> {
        let mut out = Vec::with_capacity(4);
        out.push(item(self)?);
        while self.eat_punct(",") {
            out.push(item(self)?);
        }
        Ok(out)
    }

    /// `[item (, item)*] close`: a possibly empty list and its closing token.
    fn list_until<T>(
        &mut self,
        close: &str,
        item: impl FnMut(&mut Self) -> PResult<T>,
    ) -> PResult<(Vec<T>, Token)> {
        let items = if self.is_punct(close) {
            Vec::new()
        } else {
            self.comma_list(item)?
        };
        Ok((items, self.expect_punct(close)?))
    }

    // ---- module ---------------------------------------------------------------------

    fn module(&mut self) -> PResult<Module<'a>> {
        let mut m = Module::default();
        let mut linkage = Linkage::None;
        loop {
            let t = self.peek();
            match t.kind {
                Tok::Eof => {
                    if linkage != Linkage::None {
                        return self.unexpected("a declaration after the linkage directive");
                    }
                    return Ok(m);
                }
                Tok::Dot => {}
                _ => return self.unexpected("a directive"),
            }
            let d = self.text(t);
            match d {
                ".visible" | ".extern" | ".weak" | ".common" => {
                    self.advance();
                    linkage = match d {
                        ".visible" => Linkage::Visible,
                        ".extern" => Linkage::Extern,
                        ".weak" => Linkage::Weak,
                        _ => Linkage::Common,
                    };
                    continue;
                }
                ".version" => {
                    self.advance();
                    m.version = Some(self.version()?);
                }
                ".target" => {
                    self.advance();
                    let names = self.comma_list(|p| p.expect_ident("a target name"))?;
                    m.target.extend(names.into_iter().map(|(n, _)| n));
                }
                ".address_size" => {
                    self.advance();
                    let (v, span) = self.expect_int("an address size")?;
                    if v != 32 && v != 64 {
                        return error(span, format!("address size must be 32 or 64, not {v}"));
                    }
                    m.address_size = Some(v as u32);
                }
                ".file" => {
                    self.advance();
                    let index = self.expect_u32("a file index")?;
                    let s = self.peek();
                    if s.kind != Tok::Str {
                        return self.unexpected("a file name string");
                    }
                    self.advance();
                    let name = self.text(s);
                    m.files.push((index, &name[1..name.len() - 1]));
                    // optional timestamp and size
                    while self.eat_punct(",") {
                        self.expect_int("a number")?;
                    }
                }
                ".section" => {
                    self.advance();
                    self.skip_section()?;
                }
                ".pragma" | ".alias" => {
                    self.advance();
                    self.skip_to_semicolon()?;
                }
                ".entry" | ".func" => {
                    let f = self.function(linkage)?;
                    m.items.push(Item::Func(f));
                }
                ".global" | ".const" | ".shared" | ".local" => {
                    for v in self.var_decls(linkage)? {
                        m.items.push(Item::Var(v));
                    }
                }
                _ => {
                    return error(
                        span_of(t),
                        format!("unknown or unsupported directive '{d}' at module scope"),
                    );
                }
            }
            linkage = Linkage::None;
        }
    }

    fn version(&mut self) -> PResult<(u32, u32)> {
        let t = self.peek();
        let text = self.text(t);
        let parsed = match t.kind {
            Tok::Float => text
                .split_once('.')
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?))),
            Tok::Int => text.parse().ok().map(|a| (a, 0)),
            _ => None,
        };
        match parsed {
            Some(v) => {
                self.advance();
                Ok(v)
            }
            None => self.unexpected("a version number such as 8.0"),
        }
    }

    fn skip_section(&mut self) -> PResult<()> {
        // `.section .debug_info { ... }`
        while !self.is_punct("{") {
            if self.peek().kind == Tok::Eof {
                return self.unexpected("'{'");
            }
            self.advance();
        }
        let mut depth = 0usize;
        loop {
            let t = self.bump();
            match (t.kind, self.text(t)) {
                (Tok::Eof, _) => return self.unexpected("'}' closing the section"),
                (Tok::Punct, "{") => depth += 1,
                (Tok::Punct, "}") => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }

    fn skip_to_semicolon(&mut self) -> PResult<()> {
        loop {
            let t = self.bump();
            match t.kind {
                Tok::Eof => return self.unexpected("';'"),
                Tok::Punct if self.text(t) == ";" => return Ok(()),
                _ => {}
            }
        }
    }

    // ---- variables ------------------------------------------------------------------

    /// `[.space] [.attribute(...)] [.align N] [.vN] .type name[dims] [= init] {, name...};`
    fn var_decls(&mut self, linkage: Linkage) -> PResult<Vec<VarDecl<'a>>> {
        let first = self.bump();
        let space = Space::from_modifier(self.text(first)).expect("caller checked");
        let mut align = None;
        let (ty, vector) = self.typed_modifiers("the variable's type", |p, m| {
            match m {
                ".align" => align = Some(p.expect_u32("an alignment")?),
                ".attribute" => {
                    p.expect_punct("(")?;
                    while !p.eat_punct(")") {
                        if p.peek().kind == Tok::Eof {
                            return p.unexpected("')'");
                        }
                        p.advance();
                    }
                }
                ".ptr" => {}
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        if let Some(a) = align
            && !a.is_power_of_two()
        {
            return error(
                span_of(first),
                format!("alignment {a} is not a power of two"),
            );
        }
        let mut out = Vec::new();
        loop {
            let (name, name_span) = self.expect_ident("a variable name")?;
            let mut dims = Vec::new();
            while self.eat_punct("[") {
                if self.eat_punct("]") {
                    dims.push(None);
                    continue;
                }
                let (n, _) = self.const_u64("an array size")?;
                self.expect_punct("]")?;
                dims.push(Some(n));
            }
            let init = if self.eat_punct("=") {
                Some(self.init()?)
            } else {
                None
            };
            out.push(VarDecl {
                span: join(
                    span_of(first),
                    Span {
                        start: name_span.start,
                        end: self.prev_end(),
                    },
                ),
                linkage,
                space,
                align,
                vector,
                ty,
                name,
                name_span,
                dims,
                init,
            });
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(";")?;
        Ok(out)
    }

    fn init(&mut self) -> PResult<Init<'a>> {
        let t = self.peek();
        if self.eat_punct("{") {
            self.enter(span_of(t))?;
            let (items, close) = self.list_until("}", Self::init)?;
            self.depth -= 1;
            return Ok(Init::List(items, join(span_of(t), span_of(close))));
        }
        let (v, span) = self.value()?;
        Ok(Init::Value(v, span))
    }

    // ---- functions ------------------------------------------------------------------

    fn function(&mut self, linkage: Linkage) -> PResult<Function<'a>> {
        let kw = self.bump();
        let entry = self.text(kw) == ".entry";
        let mut rets = Vec::new();
        if !entry && self.is_punct("(") {
            rets = self.param_list()?;
        }
        let (name, name_span) = self.expect_ident("a function name")?;
        let params = if self.is_punct("(") {
            self.param_list()?
        } else {
            Vec::new()
        };
        let mut perf = Vec::new();
        let mut noreturn = false;
        loop {
            let t = self.peek();
            if t.kind != Tok::Dot {
                break;
            }
            self.advance();
            match self.text(t) {
                ".maxntid" => perf.push(Perf::MaxNtid(self.u32_list()?)),
                ".reqntid" => perf.push(Perf::ReqNtid(self.u32_list()?)),
                ".minnctapersm" => perf.push(Perf::MinNCtaPerSm(self.expect_u32("a count")?)),
                ".maxnctapersm" => {
                    self.expect_u32("a count")?;
                }
                ".maxnreg" => perf.push(Perf::MaxNReg(self.expect_u32("a register count")?)),
                ".noreturn" => noreturn = true,
                ".explicitcluster" => {}
                ".reqnctapercluster" | ".maxclusterrank" => {
                    self.u32_list()?;
                }
                ".pragma" => self.skip_to_semicolon()?,
                d => {
                    return error(
                        span_of(t),
                        format!("unknown or unsupported function directive '{d}'"),
                    );
                }
            }
        }
        let body = if self.eat_punct(";") {
            None
        } else if self.is_punct("{") {
            self.advance();
            Some(self.body()?)
        } else {
            return self.unexpected("'{' or ';' after the function header");
        };
        Ok(Function {
            span: join(span_of(kw), name_span),
            linkage,
            entry,
            name,
            name_span,
            rets,
            params,
            perf,
            noreturn,
            body,
        })
    }

    fn u32_list(&mut self) -> PResult<Vec<u32>> {
        let mut v = vec![self.expect_u32("a number")?];
        while self.eat_punct(",") {
            v.push(self.expect_u32("a number")?);
        }
        Ok(v)
    }

    fn param_list(&mut self) -> PResult<Vec<Param<'a>>> {
        self.expect_punct("(")?;
        Ok(self.list_until(")", Self::param)?.0)
    }

    fn param(&mut self) -> PResult<Param<'a>> {
        let start = self.peek();
        let reg = match self.text(start) {
            ".param" => false,
            ".reg" => true,
            _ => return self.unexpected("'.param' or '.reg'"),
        };
        self.advance();
        let mut ty = None;
        let mut align = None;
        let mut ptr = false;
        loop {
            let t = self.peek();
            if t.kind != Tok::Dot {
                break;
            }
            self.advance();
            match self.text(t) {
                ".align" => {
                    let a = self.expect_u32("an alignment")?;
                    // after .ptr, the alignment is the pointee's
                    if !ptr {
                        align = Some(a);
                    }
                }
                ".ptr" => ptr = true,
                ".global" | ".shared" | ".const" | ".local" if ptr => {}
                m => match Type::from_modifier(m) {
                    Some(t2) if ty.is_none() => ty = Some(t2),
                    _ => {
                        return error(
                            span_of(t),
                            format!("unknown or unsupported parameter modifier '{m}'"),
                        );
                    }
                },
            }
        }
        let Some(ty) = ty else {
            return self.unexpected("the parameter's type");
        };
        let (name, name_span) = self.expect_ident("a parameter name")?;
        let mut array = None;
        if self.eat_punct("[") {
            let (n, _) = self.const_u64("an array size")?;
            self.expect_punct("]")?;
            array = Some(n);
        }
        Ok(Param {
            span: join(span_of(start), name_span),
            reg,
            ty,
            align,
            name,
            array,
        })
    }

    // ---- bodies ---------------------------------------------------------------------

    fn body(&mut self) -> PResult<Vec<Stmt<'a>>> {
        let mut out = std::mem::take(&mut self.stmts);
        out.clear();
        // a vector of the body's size; the scratch keeps its room for the next body
        let body = self.body_into(&mut out).map(|()| {
            let mut body = Vec::with_capacity(out.len());
            body.append(&mut out);
            body
        });
        self.stmts = out;
        body
    }

    fn body_into(&mut self, out: &mut Vec<Stmt<'a>>) -> PResult<()> {
        let mut depth = 0usize;
        loop {
            let t = self.peek();
            match (t.kind, self.text(t)) {
                (Tok::Eof, _) => return self.unexpected("'}' closing the function body"),
                (Tok::Punct, "{") => {
                    self.advance();
                    depth += 1;
                    out.push(Stmt::Open);
                }
                (Tok::Punct, "}") => {
                    self.advance();
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                    out.push(Stmt::Close);
                }
                (Tok::Ident, name)
                    if self.peek2().kind == Tok::Punct && self.text(self.peek2()) == ":" =>
                {
                    self.advance();
                    self.advance();
                    let span = span_of(t);
                    if self.eat_dot(".branchtargets") {
                        let targets = self.comma_list(|p| p.expect_ident("a label"))?;
                        self.expect_punct(";")?;
                        out.push(Stmt::BranchTargets(name, targets, span));
                    } else if self.eat_dot(".callprototype") {
                        self.skip_to_semicolon()?;
                        out.push(Stmt::CallPrototype(name, span));
                    } else {
                        out.push(Stmt::Label(name, span));
                    }
                }
                (Tok::Dot, ".reg") => out.push(Stmt::Reg(self.reg_decl()?)),
                (Tok::Dot, ".local" | ".shared" | ".param" | ".const" | ".global") => {
                    for v in self.var_decls(Linkage::None)? {
                        out.push(Stmt::Var(v));
                    }
                }
                (Tok::Dot, ".loc") => {
                    self.advance();
                    out.push(self.loc()?);
                }
                (Tok::Dot, ".pragma") => {
                    self.advance();
                    self.skip_to_semicolon()?;
                }
                (Tok::Punct, "@") | (Tok::Ident, _) => out.push(Stmt::Inst(self.instruction()?)),
                (Tok::Punct, ";") => {
                    self.advance();
                }
                (Tok::Dot, d) => {
                    return error(
                        span_of(t),
                        format!("unknown or unsupported directive '{d}' in a function body"),
                    );
                }
                _ => return self.unexpected("an instruction, a label or a directive"),
            }
        }
    }

    fn loc(&mut self) -> PResult<Stmt<'a>> {
        let file = self.expect_u32("a file index")?;
        let line = self.expect_u32("a line")?;
        let col = self.expect_u32("a column")?;
        // `, function_name $L__info_string0, inlined_at 1 10 3`
        while self.is_punct(",") {
            self.advance();
            let (what, span) = self.expect_ident("'function_name' or 'inlined_at'")?;
            match what {
                "function_name" => {
                    self.expect_ident("a name")?;
                }
                "inlined_at" => {
                    for _ in 0..3 {
                        self.expect_int("a number")?;
                    }
                }
                _ => return error(span, format!("unknown .loc attribute '{what}'")),
            }
        }
        Ok(Stmt::Loc(file, line, col))
    }

    fn reg_decl(&mut self) -> PResult<RegDecl<'a>> {
        let start = span_of(self.bump());
        let (ty, vector) = self.typed_modifiers("the register type", |_, _| Ok(false))?;
        let mut names = Vec::new();
        loop {
            let (name, _) = self.expect_ident("a register name")?;
            let mut count = None;
            if self.eat_punct("<") {
                count = Some(self.expect_u32("a register count")?);
                self.expect_punct(">")?;
            }
            names.push((name, count));
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(";")?;
        Ok(RegDecl {
            span: join(
                start,
                Span {
                    start: start.end,
                    end: self.prev_end(),
                },
            ),
            ty,
            vector,
            names,
        })
    }

    fn instruction(&mut self) -> PResult<Instruction<'a>> {
        let start = self.peek();
        let guard = if self.eat_punct("@") {
            let negated = self.eat_punct("!");
            let (reg, span) = self.expect_ident("a predicate register")?;
            Some(Guard { negated, reg, span })
        } else {
            None
        };
        let (opcode, opcode_span) = self.expect_ident("an instruction")?;
        let mut mods = SmallVec::<[(&'a str, Span); 8]>::new();
        while self.peek().kind == Tok::Dot && self.peek().start == self.prev_end() {
            let t = self.bump();
            mods.push((self.text(t), span_of(t)));
        }
        let mods = self.arena.alloc_slice_copy(&mods);
        let call = opcode == "call";
        let operands = if self.is_punct(";") {
            &[][..]
        } else {
            self.operand_list(call)?
        };
        self.expect_punct(";")?;
        Ok(Instruction {
            span: join(
                span_of(start),
                Span {
                    start: opcode_span.start,
                    end: self.prev_end(),
                },
            ),
            guard,
            opcode,
            opcode_span,
            mods,
            operands,
        })
    }

    // ---- operands -------------------------------------------------------------------

    /// `operand (, operand)*`, moved to the arena.
    fn operand_list(&mut self, call: bool) -> PResult<&'a [Operand<'a>]> {
        let base = self.operands.len();
        let read = self.push_operands(call);
        let list = read.map(|()| &*self.arena.alloc_slice_copy(&self.operands[base..]));
        self.operands.truncate(base);
        list
    }

    fn push_operands(&mut self, call: bool) -> PResult<()> {
        loop {
            let o = self.operand(call)?;
            self.operands.push(o);
            if !self.eat_punct(",") {
                return Ok(());
            }
        }
    }

    fn operand(&mut self, call: bool) -> PResult<Operand<'a>> {
        let t = self.peek();
        let s = span_of(t);
        match (t.kind, self.text(t)) {
            (Tok::Punct, "[") => {
                self.advance();
                let base = match self.peek().kind {
                    Tok::Ident => {
                        let (name, _) = self.expect_ident("an address")?;
                        Some((name, name.starts_with('%')))
                    }
                    _ => None,
                };
                let offset = match base {
                    Some(_) if self.is_punct("]") => 0,
                    Some(_) => {
                        if !self.is_punct("+") && !self.is_punct("-") {
                            return self.unexpected("'+', '-' or ']'");
                        }
                        self.const_i64()?
                    }
                    None => self.const_i64()?,
                };
                let close = self.expect_punct("]")?;
                Ok(Operand::Addr(base, offset, join(s, span_of(close))))
            }
            (Tok::Punct, "{") => {
                self.advance();
                let items = self.operand_list(false)?;
                let close = self.expect_punct("}")?;
                Ok(Operand::Vec(items, join(s, span_of(close))))
            }
            (Tok::Punct, "(") if call => {
                self.advance();
                let items = if self.is_punct(")") {
                    &[][..]
                } else {
                    self.operand_list(false)?
                };
                let close = self.expect_punct(")")?;
                Ok(Operand::List(items, join(s, span_of(close))))
            }
            (Tok::Punct, "!") => {
                self.advance();
                let (name, span) = self.expect_ident("a predicate register")?;
                Ok(Operand::Not(name, join(s, span)))
            }
            (Tok::Ident, "_") => {
                self.advance();
                Ok(Operand::Sink(s))
            }
            (Tok::Ident, name) if name.starts_with('%') => {
                self.advance();
                let mut comp = None;
                let mut span = s;
                let n = self.peek();
                if n.kind == Tok::Dot && n.start == t.end {
                    self.advance();
                    comp = Some(&self.text(n)[1..]);
                    span = join(s, span_of(n));
                }
                let reg = Operand::Reg(name, comp, span);
                if self.eat_punct("|") {
                    let second = self.operand(false)?;
                    let span = join(span, second.span());
                    let (a, b) = (self.arena.alloc(reg), self.arena.alloc(second));
                    return Ok(Operand::Pair(a, b, span));
                }
                Ok(reg)
            }
            (Tok::Ident, name) if !self.is_punct("(") || name != "generic" => {
                self.advance();
                if self.is_punct("+") || self.is_punct("-") {
                    let off = self.const_i64()?;
                    let span = Span {
                        start: s.start,
                        end: self.prev_end(),
                    };
                    return Ok(Operand::Imm(Value::Addr(name, off), span));
                }
                Ok(Operand::Sym(name, s))
            }
            _ => {
                let (v, span) = self.value()?;
                Ok(Operand::Imm(v, span))
            }
        }
    }

    // ---- constant expressions ---------------------------------------------------------

    /// A constant: an expression, a float literal, a symbol (`sym`, `sym+4`,
    /// `generic(sym)`) with its span.
    fn value(&mut self) -> PResult<(Value<'a>, Span)> {
        let t = self.peek();
        let s = span_of(t);
        if t.kind == Tok::Ident && !self.text(t).starts_with('%') {
            let name = self.text(t);
            self.advance();
            let name = if name == "generic" && self.eat_punct("(") {
                let (inner, _) = self.expect_ident("a symbol")?;
                self.expect_punct(")")?;
                inner
            } else {
                name
            };
            let off = if self.is_punct("+") || self.is_punct("-") {
                self.const_i64()?
            } else {
                0
            };
            let span = Span {
                start: s.start,
                end: self.prev_end(),
            };
            return Ok((Value::Addr(name, off), span));
        }
        let neg = t.kind == Tok::Punct && self.text(t) == "-";
        let lit = if neg { self.peek2() } else { t };
        let float = match lit.kind {
            Tok::HexF32 => Some(Value::F32Bits(
                u32::from_str_radix(&self.text(lit)[2..], 16).expect("lexed as 8 hex digits"),
            )),
            Tok::HexF64 => Some(Value::F64Bits(
                u64::from_str_radix(&self.text(lit)[2..], 16).expect("lexed as 16 hex digits"),
            )),
            Tok::Float => match self.text(lit).parse::<f64>() {
                Ok(v) => Some(Value::F64(v)),
                Err(_) => return error(span_of(lit), "invalid floating-point literal"),
            },
            _ => None,
        };
        if let Some(f) = float {
            self.advance();
            if neg {
                self.advance();
            }
            let f = match (neg, f) {
                (false, f) => f,
                (true, Value::F32Bits(b)) => Value::F32Bits(b ^ 0x8000_0000),
                (true, Value::F64Bits(b)) => Value::F64Bits(b ^ 0x8000_0000_0000_0000),
                (true, Value::F64(v)) => Value::F64(-v),
                (true, other) => other,
            };
            return Ok((f, join(s, span_of(lit))));
        }
        let v = self.expr(0)?;
        let span = Span {
            start: s.start,
            end: self.prev_end(),
        };
        Ok((Value::Int(v), span))
    }

    fn const_i64(&mut self) -> PResult<i64> {
        Ok(self.expr(0)? as i64)
    }

    fn const_u64(&mut self, what: &str) -> PResult<(u64, Span)> {
        let start = self.peek();
        let starts_expr = match start.kind {
            Tok::Int => true,
            Tok::Punct => matches!(self.text(start), "(" | "-" | "~" | "!" | "+"),
            _ => false,
        };
        if !starts_expr {
            return self.unexpected(what);
        }
        let v = self.expr(0)?;
        Ok((v, span_of(start)))
    }

    /// A C-like integer expression with 64-bit wrapping arithmetic, by precedence climbing.
    fn expr(&mut self, min_prec: u8) -> PResult<u64> {
        let mut lhs = self.unary()?;
        loop {
            let t = self.peek();
            if t.kind != Tok::Punct {
                return Ok(lhs);
            }
            let op = self.text(t);
            let prec = match op {
                "*" | "/" | "%" => 10,
                "+" | "-" => 9,
                "<<" | ">>" => 8,
                "<" | ">" | "<=" | ">=" => 7,
                "==" | "!=" => 6,
                "&" => 5,
                "^" => 4,
                "|" => 3,
                "&&" => 2,
                "||" => 1,
                _ => return Ok(lhs),
            };
            if prec < min_prec {
                return Ok(lhs);
            }
            self.advance();
            let rhs = self.expr(prec + 1)?;
            lhs = match op {
                "*" => lhs.wrapping_mul(rhs),
                "/" | "%" => {
                    if rhs == 0 {
                        return error(span_of(t), "division by zero in a constant expression");
                    }
                    let (a, b) = (lhs as i64, rhs as i64);
                    if op == "/" {
                        a.wrapping_div(b) as u64
                    } else {
                        a.wrapping_rem(b) as u64
                    }
                }
                "+" => lhs.wrapping_add(rhs),
                "-" => lhs.wrapping_sub(rhs),
                "<<" => lhs.checked_shl(rhs as u32).unwrap_or(0),
                ">>" => {
                    ((lhs as i64)
                        .checked_shr(rhs as u32)
                        .unwrap_or(if (lhs as i64) < 0 { -1 } else { 0 }))
                        as u64
                }
                "<" => ((lhs as i64) < (rhs as i64)) as u64,
                ">" => ((lhs as i64) > (rhs as i64)) as u64,
                "<=" => ((lhs as i64) <= (rhs as i64)) as u64,
                ">=" => ((lhs as i64) >= (rhs as i64)) as u64,
                "==" => (lhs == rhs) as u64,
                "!=" => (lhs != rhs) as u64,
                "&" => lhs & rhs,
                "^" => lhs ^ rhs,
                "|" => lhs | rhs,
                "&&" => (lhs != 0 && rhs != 0) as u64,
                _ => (lhs != 0 || rhs != 0) as u64,
            };
        }
    }

    fn unary(&mut self) -> PResult<u64> {
        let t = self.peek();
        match (t.kind, self.text(t)) {
            (Tok::Int, text) => {
                self.advance();
                match int_value(text) {
                    Some(v) => Ok(v),
                    None => error(span_of(t), format!("invalid integer '{text}'")),
                }
            }
            (Tok::Punct, "-" | "~" | "!" | "+") => {
                self.advance();
                self.enter(span_of(t))?;
                let v = self.unary()?;
                self.depth -= 1;
                Ok(match self.text(t) {
                    "-" => v.wrapping_neg(),
                    "~" => !v,
                    "!" => (v == 0) as u64,
                    _ => v,
                })
            }
            (Tok::Punct, "(") => {
                self.advance();
                self.enter(span_of(t))?;
                let v = self.expr(0)?;
                self.expect_punct(")")?;
                self.depth -= 1;
                Ok(v)
            }
            _ => self.unexpected("a constant"),
        }
    }
}

#[cfg(test)]
mod tests;
