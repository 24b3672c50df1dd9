//! The parser of MLIR's generic textual format.
//!
//! One pass over the text, no backtracking. Forward references to values and
//! blocks become placeholders that their definition replaces. Nesting is bounded
//! ([`MAX_NESTING`]) so that hostile input gives a diagnostic, never a stack overflow.

use super::lexer::{Lexer, Tok, Token, unescape};
use crate::{
    Attr, AttrData, BlockId, Context, DYNAMIC, DenseValues, Diagnostic, FloatKind, Location,
    LocationData, OpId, OperationState, RegionId, Signedness, Symbol, Type, TypeData, ValueId,
};
use rustc_hash::FxHashMap;

/// Deepest nesting of regions, attributes and types the parser accepts.
pub const MAX_NESTING: usize = 256;

type PResult<T> = Result<T, Diagnostic>;

/// Parse a whole file into a `builtin.module`. Top-level ops other than a single
/// module are wrapped in an implicit one, as mlir-opt does.
///
/// The context keeps the text for diagnostics; pass an `Arc<str>` (or a
/// `String`) to share it instead of copying it.
pub fn parse_module(
    ctx: &mut Context,
    file_name: &str,
    src: impl Into<std::sync::Arc<str>>,
) -> PResult<OpId> {
    let src = src.into();
    ctx.add_source(file_name, src.clone());
    ctx.reserve_for_text(src.len());
    let mut p = Parser::new(ctx, file_name, &src);
    p.parse_top_level()
}

/// Parse a single attribute from text (for tools and tests).
pub fn parse_attribute(ctx: &mut Context, text: &str) -> PResult<Attr> {
    ctx.add_source("<attribute>", text.into());
    let mut p = Parser::new(ctx, "<attribute>", text);
    let a = p.parse_attr()?;
    p.expect(Tok::Eof, "end of input")?;
    Ok(a)
}

/// Parse a single type from text (for tools and tests).
pub fn parse_type(ctx: &mut Context, text: &str) -> PResult<Type> {
    ctx.add_source("<type>", text.into());
    let mut p = Parser::new(ctx, "<type>", text);
    let t = p.parse_type()?;
    p.expect(Tok::Eof, "end of input")?;
    Ok(t)
}

/// A named group of results, `%name` or `%name:N`.
#[derive(Clone, Copy)]
struct ValueDefEntry {
    first: ValueId,
    count: u32,
    /// Line and column of the definition, for "previously defined here".
    pos: (u32, u32),
}

/// A use of `%name#index` waiting for its type.
struct PendingUse<'s> {
    name: &'s str,
    index: u32,
    tok: Token<'s>,
}

struct BlockEntry {
    block: BlockId,
    defined: bool,
    first_use: Location,
}

struct Parser<'s, 'c> {
    ctx: &'c mut Context,
    lex: Lexer<'s>,
    tok: Token<'s>,
    file: Symbol,
    depth: usize,
    values: FxHashMap<&'s str, ValueDefEntry>,
    value_scopes: Vec<Vec<&'s str>>,
    forward: FxHashMap<(&'s str, u32), (ValueId, Location)>,
    block_scopes: Vec<FxHashMap<&'s str, BlockEntry>>,
    attr_aliases: FxHashMap<&'s str, Attr>,
    type_aliases: FxHashMap<&'s str, Type>,
}

fn is_dim_start(c: u8) -> bool {
    c.is_ascii_digit() || c == b'?' || c == b'['
}

impl<'s, 'c> Parser<'s, 'c> {
    fn new(ctx: &'c mut Context, file_name: &str, src: &'s str) -> Self {
        let file = ctx.symbol(file_name);
        let mut lex = Lexer::new(src);
        let tok = lex.next_token();
        Parser {
            ctx,
            lex,
            tok,
            file,
            depth: 0,
            values: FxHashMap::default(),
            value_scopes: vec![Vec::new()],
            forward: FxHashMap::default(),
            block_scopes: Vec::new(),
            attr_aliases: FxHashMap::default(),
            type_aliases: FxHashMap::default(),
        }
    }

    // ----- tokens and diagnostics -----

    fn bump(&mut self) -> Token<'s> {
        let t = self.tok;
        self.tok = self.lex.next_token();
        t
    }

    fn at(&self, kind: Tok) -> bool {
        self.tok.kind == kind
    }

    fn eat(&mut self, kind: Tok) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn at_keyword(&self, kw: &str) -> bool {
        self.tok.kind == Tok::BareId && self.tok.text == kw
    }

    fn loc_of(&self, t: &Token) -> Location {
        self.ctx.location(LocationData::FileLineCol {
            file: self.file,
            line: t.line,
            col: t.col,
        })
    }

    fn error_at(&self, t: &Token, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.loc_of(t), msg)
    }

    fn error(&self, msg: impl Into<String>) -> Diagnostic {
        let msg = msg.into();
        match self.tok.kind {
            Tok::Eof => self.error_at(&self.tok, format!("{msg}, found end of file")),
            Tok::Error => self.error_at(&self.tok, format!("{msg}, found unexpected character")),
            _ => self.error_at(&self.tok, msg),
        }
    }

    fn expect(&mut self, kind: Tok, what: &str) -> PResult<Token<'s>> {
        if self.at(kind) {
            Ok(self.bump())
        } else {
            Err(self.error(format!("expected {what}")))
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(format!(
                "nesting too deep: more than {MAX_NESTING} levels of regions, attributes or types"
            )));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// `( item (, item)* )?` until `close`; the opening token is already consumed.
    fn comma_list(
        &mut self,
        close: Tok,
        what: &str,
        mut item: impl FnMut(&mut Self) -> PResult<()>,
    ) -> PResult<()> {
        if self.eat(close) {
            return Ok(());
        }
        loop {
            item(self)?;
            if self.eat(close) {
                return Ok(());
            }
            if !self.eat(Tok::Comma) {
                return Err(self.error(format!("expected ',' or {what}")));
            }
        }
    }

    // ----- top level -----

    fn parse_top_level(&mut self) -> PResult<OpId> {
        let loc = self.ctx.location(LocationData::FileLineCol {
            file: self.file,
            line: 0,
            col: 0,
        });
        let block = self.ctx.create_block(&[], loc);
        self.block_scopes.push(FxHashMap::default());
        loop {
            let kind = self.tok.kind;
            match kind {
                Tok::Eof => break,
                Tok::HashId if self.lex_peek_is_alias_def() => self.parse_attr_alias()?,
                Tok::BangId if self.lex_peek_is_alias_def() => self.parse_type_alias()?,
                Tok::FileMetadataBegin => {
                    return Err(
                        self.error("file metadata dictionaries ({-# ... #-}) are not supported")
                    );
                }
                _ => {
                    let op = self.parse_operation()?;
                    self.ctx.append_op(block, op);
                }
            }
        }
        self.finish_values()?;
        let ops: Vec<OpId> = self.ctx.block_ops(block).collect();
        if ops.len() == 1 && self.ctx.is_op(ops[0], "builtin.module") {
            self.ctx.detach_op(ops[0]);
            return Ok(ops[0]);
        }
        let state = OperationState::new(self.ctx, "builtin.module", loc).regions(1);
        let module = self.ctx.create_op(state);
        let region = self.ctx.region(module, 0);
        self.ctx.append_block(region, block);
        Ok(module)
    }

    /// Is the token after the current `#name` / `!name` an `=`?
    fn lex_peek_is_alias_def(&self) -> bool {
        let rest = &self.lex.source().as_bytes()[self.lex.pos()..];
        rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'=')
    }

    fn parse_attr_alias(&mut self) -> PResult<()> {
        let name = self.bump();
        if name.text.contains('.') {
            return Err(self.error_at(&name, "attribute alias names may not contain '.'"));
        }
        self.expect(Tok::Equal, "'='")?;
        let attr = self.parse_attr()?;
        if self.attr_aliases.insert(&name.text[1..], attr).is_some() {
            return Err(self.error_at(
                &name,
                format!("redefinition of attribute alias '{}'", name.text),
            ));
        }
        Ok(())
    }

    fn parse_type_alias(&mut self) -> PResult<()> {
        let name = self.bump();
        if name.text.contains('.') {
            return Err(self.error_at(&name, "type alias names may not contain '.'"));
        }
        self.expect(Tok::Equal, "'='")?;
        let ty = self.parse_type()?;
        if self.type_aliases.insert(&name.text[1..], ty).is_some() {
            return Err(self.error_at(&name, format!("redefinition of type alias '{}'", name.text)));
        }
        Ok(())
    }

    /// Report forward references that were never defined.
    fn finish_values(&mut self) -> PResult<()> {
        if let Some(((name, _), (_, loc))) = self.forward.iter().min_by_key(|(_, (v, _))| *v) {
            return Err(Diagnostic::error(
                *loc,
                format!("use of undeclared SSA value name '%{name}'"),
            ));
        }
        Ok(())
    }

    // ----- operations -----

    fn parse_operation(&mut self) -> PResult<OpId> {
        let mut result_groups: Vec<(Token<'s>, u32)> = Vec::new();
        if self.at(Tok::ValueId) {
            loop {
                let name = self.expect(Tok::ValueId, "SSA value name")?;
                let mut count = 1;
                if self.eat(Tok::Colon) {
                    let n = self.expect(Tok::Integer, "result count")?;
                    count = n
                        .text
                        .parse::<u32>()
                        .ok()
                        .filter(|c| *c > 0)
                        .ok_or_else(|| self.error_at(&n, "expected a positive result count"))?;
                }
                result_groups.push((name, count));
                if !self.eat(Tok::Comma) {
                    break;
                }
            }
            self.expect(Tok::Equal, "'=' after SSA value names")?;
        }
        let name_tok = self.tok;
        if self.at(Tok::BareId) {
            return Err(self.error(format!(
                "custom operation syntax is not supported ('{}'): cuwasm reads MLIR's generic form (mlir-opt --mlir-print-op-generic)",
                self.tok.text
            )));
        }
        let name_tok = if name_tok.kind == Tok::String {
            self.bump()
        } else {
            return Err(self.error("expected operation name in quotes"));
        };
        let op_name = string_body(&name_tok)
            .ok_or_else(|| self.error_at(&name_tok, "invalid escape in operation name"))?;
        if op_name.is_empty() {
            return Err(self.error_at(&name_tok, "empty operation name is invalid"));
        }
        let loc = self.loc_of(&name_tok);

        self.expect(Tok::LParen, "'(' to start operand list")?;
        let mut uses = Vec::new();
        self.comma_list(Tok::RParen, "')' to end operand list", |p| {
            uses.push(p.parse_value_use()?);
            Ok(())
        })?;

        let mut successors = Vec::new();
        if self.eat(Tok::LSquare) {
            self.comma_list(Tok::RSquare, "']' to end successor list", |p| {
                let t = p.expect(Tok::CaretId, "block name in successor list")?;
                successors.push(p.block_ref(&t)?);
                Ok(())
            })?;
        }

        let mut properties = None;
        if self.at(Tok::Less) {
            self.bump();
            if !self.at(Tok::LBrace) {
                return Err(self.error("expected '{' to start properties"));
            }
            properties = Some(self.parse_attr()?);
            self.expect(Tok::Greater, "'>' to end properties")?;
        }

        let mut regions = Vec::new();
        if self.at(Tok::LParen) {
            self.bump();
            self.comma_list(Tok::RParen, "')' to end region list", |p| {
                regions.push(p.parse_region()?);
                Ok(())
            })?;
        }

        let mut attributes = None;
        if self.at(Tok::LBrace) {
            attributes = Some(self.parse_attr()?);
        }

        self.expect(Tok::Colon, "':' followed by operation type")?;
        let type_tok = self.tok;
        let fn_ty = self.parse_type()?;
        let (inputs, outputs) = match self.ctx.type_data(fn_ty) {
            TypeData::Function { inputs, results } => (inputs.clone(), results.clone()),
            _ => return Err(self.error_at(&type_tok, "expected function type")),
        };
        let loc = self.parse_trailing_loc()?.unwrap_or(loc);

        if inputs.len() != uses.len() {
            return Err(self.error_at(
                &type_tok,
                format!(
                    "expected {} operand type{} but had {}",
                    uses.len(),
                    plural(uses.len()),
                    inputs.len()
                ),
            ));
        }
        let declared: u32 = result_groups.iter().map(|(_, c)| c).sum();
        if !result_groups.is_empty() && declared as usize != outputs.len() {
            return Err(self.error_at(
                &result_groups[0].0,
                format!(
                    "operation defines {} results but was provided {} to bind",
                    outputs.len(),
                    declared
                ),
            ));
        }
        let mut operands = Vec::with_capacity(uses.len());
        for (u, ty) in uses.iter().zip(&inputs) {
            operands.push(self.resolve_use(u, *ty)?);
        }

        let mut state = OperationState::new(self.ctx, &op_name, loc);
        state.operands = operands;
        state.result_types = outputs;
        state.properties = properties;
        state.attributes = attributes;
        state.successors = successors;
        let op = self.ctx.create_op(state);
        for r in regions {
            self.ctx.attach_region(op, r);
        }
        let mut next = 0u32;
        for (tok, count) in result_groups {
            let first = self.ctx.result(op, next as usize);
            self.define_values(&tok, first, count)?;
            next += count;
        }
        Ok(op)
    }

    fn parse_value_use(&mut self) -> PResult<PendingUse<'s>> {
        let tok = self.expect(Tok::ValueId, "SSA operand")?;
        let (name, index) = match tok.text[1..].split_once('#') {
            Some((n, i)) => {
                let idx = i
                    .parse::<u32>()
                    .map_err(|_| self.error_at(&tok, "invalid SSA value result number"))?;
                (n, idx)
            }
            None => (&tok.text[1..], 0),
        };
        Ok(PendingUse { name, index, tok })
    }

    /// The value a use names, checked against the type the op gives it.
    fn resolve_use(&mut self, u: &PendingUse<'s>, ty: Type) -> PResult<ValueId> {
        // Locations are interned only when needed (forward references, errors):
        // making one per use dominated parse time.
        let v = if let Some(def) = self.values.get(u.name).copied() {
            if u.index >= def.count {
                return Err(self.error_at(
                    &u.tok,
                    format!("reference to invalid result number {}", u.index),
                ));
            }
            ValueId(def.first.0 + u.index)
        } else if let Some((v, _)) = self.forward.get(&(u.name, u.index)) {
            *v
        } else {
            let v = self.ctx.new_placeholder(ty);
            let loc = self.loc_of(&u.tok);
            self.forward.insert((u.name, u.index), (v, loc));
            return Ok(v);
        };
        let actual = self.ctx.value_type(v);
        if actual != ty {
            return Err(Diagnostic::error(
                self.loc_of(&u.tok),
                format!(
                    "use of value '{}' expects different type than prior uses: '{}' vs '{}'",
                    u.tok.text,
                    self.ctx.type_to_string(ty),
                    self.ctx.type_to_string(actual)
                ),
            ));
        }
        Ok(v)
    }

    /// Bind `%name` to `count` consecutive values starting at `first`.
    fn define_values(&mut self, tok: &Token<'s>, first: ValueId, count: u32) -> PResult<()> {
        let name = &tok.text[1..];
        if name.contains('#') {
            return Err(self.error_at(tok, "expected SSA value name without result number"));
        }
        if let Some(prev) = self.values.get(name) {
            let prev_loc = self.ctx.location(LocationData::FileLineCol {
                file: self.file,
                line: prev.pos.0,
                col: prev.pos.1,
            });
            return Err(self
                .error_at(tok, format!("redefinition of SSA value '{}'", tok.text))
                .with_note(prev_loc, "previously defined here"));
        }
        for i in 0..count {
            if let Some((placeholder, use_loc)) = self.forward.remove(&(name, i)) {
                let v = ValueId(first.0 + i);
                let (want, have) = (self.ctx.value_type(placeholder), self.ctx.value_type(v));
                if want != have {
                    return Err(Diagnostic::error(
                        self.loc_of(tok),
                        format!(
                            "definition of SSA value '{}#{}' has type '{}'",
                            tok.text,
                            i,
                            self.ctx.type_to_string(have)
                        ),
                    )
                    .with_note(
                        use_loc,
                        format!(
                            "previously used here with type '{}'",
                            self.ctx.type_to_string(want)
                        ),
                    ));
                }
                self.ctx.replace_all_uses(placeholder, v);
            }
        }
        self.values.insert(
            name,
            ValueDefEntry {
                first,
                count,
                pos: (tok.line, tok.col),
            },
        );
        self.value_scopes.last_mut().unwrap().push(name);
        Ok(())
    }

    fn parse_trailing_loc(&mut self) -> PResult<Option<Location>> {
        if !self.at_keyword("loc") {
            return Ok(None);
        }
        let a = self.parse_location()?;
        Ok(Some(Location(a)))
    }

    // ----- regions and blocks -----

    fn parse_region(&mut self) -> PResult<RegionId> {
        self.enter()?;
        self.expect(Tok::LBrace, "'{' to begin a region")?;
        let region = self.ctx.new_region(None);
        self.value_scopes.push(Vec::new());
        self.block_scopes.push(FxHashMap::default());
        if !self.at(Tok::RBrace) {
            if !self.at(Tok::CaretId) {
                let loc = self.loc_of(&self.tok);
                let entry = self.ctx.create_block(&[], loc);
                self.ctx.append_block(region, entry);
                self.parse_block_body(entry)?;
            }
            while self.at(Tok::CaretId) {
                self.parse_labeled_block(region)?;
            }
        }
        self.expect(Tok::RBrace, "'}' to end region")?;
        let blocks = self.block_scopes.pop().unwrap();
        if let Some((name, e)) = blocks
            .iter()
            .filter(|(_, e)| !e.defined)
            .min_by_key(|(_, e)| e.block)
        {
            return Err(Diagnostic::error(
                e.first_use,
                format!("reference to an undefined block '^{name}'"),
            ));
        }
        for name in self.value_scopes.pop().unwrap() {
            self.values.remove(name);
        }
        self.leave();
        Ok(region)
    }

    fn parse_labeled_block(&mut self, region: RegionId) -> PResult<()> {
        let label = self.bump();
        let block = self.block_ref(&label)?;
        let entry = self
            .block_scopes
            .last_mut()
            .unwrap()
            .get_mut(&label.text[1..])
            .unwrap();
        if entry.defined {
            return Err(self.error_at(&label, format!("redefinition of block '{}'", label.text)));
        }
        entry.defined = true;
        self.ctx.append_block(region, block);
        if self.eat(Tok::LParen) {
            self.comma_list(Tok::RParen, "')' to end argument list", |p| {
                let name = p.expect(Tok::ValueId, "block argument name")?;
                p.expect(Tok::Colon, "':' and type for block argument")?;
                let ty = p.parse_type()?;
                let loc = match p.parse_trailing_loc()? {
                    Some(l) => l,
                    None => p.loc_of(&name),
                };
                let v = p.ctx.add_block_arg(block, ty, loc);
                p.define_values(&name, v, 1)
            })?;
        }
        self.expect(Tok::Colon, "':' after block name")?;
        self.parse_block_body(block)
    }

    /// Ops until the next block label or the end of the region.
    fn parse_block_body(&mut self, block: BlockId) -> PResult<()> {
        while !self.at(Tok::CaretId) && !self.at(Tok::RBrace) {
            if self.at(Tok::Eof) {
                return Err(self.error("expected '}' to end region"));
            }
            let op = self.parse_operation()?;
            self.ctx.append_op(block, op);
        }
        Ok(())
    }

    /// The block a `^name` refers to in the current region, created on first mention.
    fn block_ref(&mut self, t: &Token<'s>) -> PResult<BlockId> {
        let name = &t.text[1..];
        let loc = self.loc_of(t);
        let Some(scope) = self.block_scopes.last() else {
            return Err(self.error_at(t, "block reference outside of a region"));
        };
        if let Some(e) = scope.get(name) {
            return Ok(e.block);
        }
        let block = self.ctx.create_block(&[], loc);
        self.block_scopes.last_mut().unwrap().insert(
            name,
            BlockEntry {
                block,
                defined: false,
                first_use: loc,
            },
        );
        Ok(block)
    }

    // ----- types -----

    pub(crate) fn parse_type(&mut self) -> PResult<Type> {
        self.enter()?;
        let t = self.parse_type_inner();
        self.leave();
        t
    }

    fn parse_type_inner(&mut self) -> PResult<Type> {
        match self.tok.kind {
            Tok::LParen => self.parse_function_type(),
            Tok::BangId => self.parse_dialect_type(),
            Tok::BareId => self.parse_builtin_type(),
            _ => Err(self.error("expected type")),
        }
    }

    fn parse_function_type(&mut self) -> PResult<Type> {
        self.expect(Tok::LParen, "'('")?;
        let mut inputs = Vec::new();
        self.comma_list(Tok::RParen, "')'", |p| {
            inputs.push(p.parse_type()?);
            Ok(())
        })?;
        self.expect(Tok::Arrow, "'->' in function type")?;
        let results = self.parse_result_types()?;
        Ok(self.ctx.intern_type(TypeData::Function { inputs, results }))
    }

    /// `()` / `(t, ...)` / a single type.
    fn parse_result_types(&mut self) -> PResult<Vec<Type>> {
        if !self.at(Tok::LParen) {
            return Ok(vec![self.parse_type()?]);
        }
        // `(...)` is a result list unless it is followed by `->` (then it is a function type).
        let save = self.tok;
        self.bump();
        let mut results = Vec::new();
        self.comma_list(Tok::RParen, "')'", |p| {
            results.push(p.parse_type()?);
            Ok(())
        })?;
        if self.at(Tok::Arrow) {
            self.restore(save);
            return Ok(vec![self.parse_type()?]);
        }
        Ok(results)
    }

    /// Re-lex from the start of a saved token (the one bounded backtrack of the grammar).
    fn restore(&mut self, tok: Token<'s>) {
        self.lex = Lexer::resume(
            self.lex.source(),
            tok.offset,
            tok.line,
            tok.offset + 1 - tok.col as usize,
        );
        self.tok = self.lex.next_token();
    }

    fn parse_dialect_type(&mut self) -> PResult<Type> {
        let t = self.bump_keep_raw();
        let name = &t.text[1..];
        if !name.contains('.') && self.lex_raw_byte() != b'<' {
            self.tok = self.lex.next_token();
            return self
                .type_aliases
                .get(name)
                .copied()
                .ok_or_else(|| self.error_at(&t, format!("undefined symbol alias id '{name}'")));
        }
        let body = self.parse_pretty_body(&t)?;
        let name = self.ctx.symbol(name);
        Ok(self.ctx.intern_type(TypeData::Dialect {
            name,
            body: body.map(Into::into),
        }))
    }

    /// The byte right after the current token (no whitespace skipping).
    fn lex_raw_byte(&self) -> u8 {
        self.lex
            .source()
            .as_bytes()
            .get(self.lex.pos())
            .copied()
            .unwrap_or(0)
    }

    /// `<...>` right after a dialect type or attribute name, kept as raw text.
    fn parse_pretty_body(&mut self, start_tok: &Token<'s>) -> PResult<Option<&'s str>> {
        if self.lex_raw_byte() != b'<' {
            self.tok = self.lex.next_token();
            return Ok(None);
        }
        let src = self.lex.source();
        let start = self.lex.pos() + 1;
        let bytes = src.as_bytes();
        let mut stack: Vec<u8> = Vec::new();
        let mut i = start - 1;
        loop {
            let Some(&c) = bytes.get(i) else {
                return Err(self.error_at(
                    start_tok,
                    "unbalanced '<' in dialect type or attribute body",
                ));
            };
            match c {
                b'<' | b'(' | b'[' | b'{' => stack.push(c),
                b'>' if i > 0 && bytes[i - 1] == b'-' => {}
                b'>' | b')' | b']' | b'}' => {
                    let open = stack.pop();
                    let want = match c {
                        b'>' => b'<',
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    if open != Some(want) {
                        return Err(self.error_at(
                            start_tok,
                            "unbalanced brackets in dialect type or attribute body",
                        ));
                    }
                    if stack.is_empty() {
                        break;
                    }
                }
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
                _ => {}
            }
            if stack.len() > MAX_NESTING {
                return Err(self.error_at(
                    start_tok,
                    format!("nesting too deep: more than {MAX_NESTING} levels"),
                ));
            }
            i += 1;
        }
        let body = &src[start..i];
        let (line, _) = self.lex.line_col();
        let newlines = body.bytes().filter(|b| *b == b'\n').count() as u32;
        let line_start = match body.rfind('\n') {
            Some(k) => start + k + 1,
            None => self.lex.line_start(),
        };
        self.lex = Lexer::resume(src, i + 1, line + newlines, line_start);
        self.tok = self.lex.next_token();
        Ok(Some(body))
    }

    fn parse_builtin_type(&mut self) -> PResult<Type> {
        let t = self.tok;
        let text = t.text;
        if let Some(kind) = FloatKind::from_keyword(text) {
            self.bump();
            return Ok(self.ctx.float_type(kind));
        }
        if let Some((signedness, width)) = integer_keyword(text) {
            self.bump();
            let width = width.ok_or_else(|| {
                self.error_at(&t, "invalid integer width (at most 16777215 bits)")
            })?;
            return Ok(self
                .ctx
                .intern_type(TypeData::Integer { width, signedness }));
        }
        match text {
            "index" => {
                self.bump();
                Ok(self.ctx.index_type())
            }
            "none" => {
                self.bump();
                Ok(self.ctx.none_type())
            }
            "vector" => self.parse_vector_type(),
            "tensor" | "memref" => self.parse_shaped_type(text == "memref"),
            "complex" => {
                self.bump();
                self.expect(Tok::Less, "'<' in complex type")?;
                let e = self.parse_type()?;
                self.expect(Tok::Greater, "'>' in complex type")?;
                Ok(self.ctx.intern_type(TypeData::Complex(e)))
            }
            "tuple" => {
                self.bump();
                self.expect(Tok::Less, "'<' in tuple type")?;
                let mut elems = Vec::new();
                self.comma_list(Tok::Greater, "'>' in tuple type", |p| {
                    elems.push(p.parse_type()?);
                    Ok(())
                })?;
                Ok(self.ctx.intern_type(TypeData::Tuple(elems)))
            }
            _ => Err(self.error(format!("expected type, found '{text}'"))),
        }
    }

    /// After the `<` of a shaped type: `4x?x[8]x` (raw, since `4x8xf32` is not tokenizable).
    fn parse_dims(&mut self, allow_scalable: bool) -> PResult<(Vec<i64>, Vec<bool>)> {
        let mut shape = Vec::new();
        let mut scalable = Vec::new();
        while is_dim_start(self.lex.peek_raw()) {
            let (line, col) = self.lex.line_col();
            let c = self.lex.peek_raw();
            let (dim, sc) = if c == b'?' {
                self.lex.bump_raw();
                (DYNAMIC, false)
            } else {
                let sc = c == b'[';
                if sc {
                    self.lex.bump_raw();
                }
                let digits = self.lex.take_raw_while(|b| b.is_ascii_digit());
                if sc && self.lex.peek_raw() == b']' {
                    self.lex.bump_raw();
                }
                let d = digits.parse::<i64>().map_err(|_| {
                    let loc = self.ctx.location(LocationData::FileLineCol {
                        file: self.file,
                        line,
                        col,
                    });
                    Diagnostic::error(loc, "invalid dimension")
                })?;
                (d, sc)
            };
            if sc && !allow_scalable {
                let loc = self.ctx.location(LocationData::FileLineCol {
                    file: self.file,
                    line,
                    col,
                });
                return Err(Diagnostic::error(
                    loc,
                    "scalable dimensions are only allowed in vector types",
                ));
            }
            shape.push(dim);
            scalable.push(sc);
            if self.lex.peek_raw() != b'x' {
                let (line, col) = self.lex.line_col();
                let loc = self.ctx.location(LocationData::FileLineCol {
                    file: self.file,
                    line,
                    col,
                });
                return Err(Diagnostic::error(loc, "expected 'x' in dimension list"));
            }
            self.lex.bump_raw();
            if shape.len() > 4096 {
                return Err(self.error("too many dimensions"));
            }
        }
        self.tok = self.lex.next_token();
        Ok((shape, scalable))
    }

    fn parse_vector_type(&mut self) -> PResult<Type> {
        self.bump();
        if !self.at(Tok::Less) {
            return Err(self.error("expected '<' in vector type"));
        }
        let (shape, scalable) = self.parse_dims(true)?;
        if shape.iter().any(|d| *d <= 0) {
            return Err(self.error("vector types must have positive constant sizes"));
        }
        let element = self.parse_type()?;
        self.expect(Tok::Greater, "'>' in vector type")?;
        Ok(self.ctx.intern_type(TypeData::Vector {
            shape,
            scalable,
            element,
        }))
    }

    fn parse_shaped_type(&mut self, memref: bool) -> PResult<Type> {
        self.bump();
        if !self.at(Tok::Less) {
            return Err(self.error("expected '<' in shaped type"));
        }
        let shape = if self.lex.peek_raw() == b'*' {
            self.lex.bump_raw();
            if self.lex.peek_raw() != b'x' {
                self.tok = self.lex.next_token();
                return Err(self.error("expected 'x' in unranked shape"));
            }
            self.lex.bump_raw();
            self.tok = self.lex.next_token();
            None
        } else {
            Some(self.parse_dims(false)?.0)
        };
        let element = self.parse_type()?;
        let (mut first, mut second) = (None, None);
        if self.eat(Tok::Comma) {
            first = Some(self.parse_attr()?);
            if memref && self.eat(Tok::Comma) {
                second = Some(self.parse_attr()?);
            }
        }
        self.expect(Tok::Greater, "'>' in shaped type")?;
        let data = if memref {
            // A single trailing attribute is the layout unless it is an integer/space-like attribute.
            let (layout, space) = match (first, second) {
                (Some(f), None) if self.is_memory_space_like(f) => (None, Some(f)),
                other => other,
            };
            TypeData::MemRef {
                shape,
                element,
                layout,
                space,
            }
        } else {
            TypeData::Tensor {
                shape,
                element,
                encoding: first,
            }
        };
        Ok(self.ctx.intern_type(data))
    }

    fn is_memory_space_like(&self, a: Attr) -> bool {
        !matches!(self.ctx.attr_data(a), AttrData::Keyword { .. })
    }

    // ----- attributes -----

    pub(crate) fn parse_attr(&mut self) -> PResult<Attr> {
        self.enter()?;
        let a = self.parse_attr_inner();
        self.leave();
        a
    }

    fn parse_attr_inner(&mut self) -> PResult<Attr> {
        match self.tok.kind {
            Tok::LSquare => {
                self.bump();
                let mut items = Vec::new();
                self.comma_list(Tok::RSquare, "']'", |p| {
                    items.push(p.parse_attr()?);
                    Ok(())
                })?;
                Ok(self.ctx.array_attr(items))
            }
            Tok::LBrace => self.parse_dictionary(),
            Tok::AtId => self.parse_symbol_ref(),
            Tok::String => {
                let t = self.bump();
                let value = string_bytes(&t)
                    .ok_or_else(|| self.error_at(&t, "invalid escape sequence in string"))?;
                let ty = if self.eat(Tok::Colon) {
                    Some(self.parse_type()?)
                } else {
                    None
                };
                Ok(self.ctx.intern_attr(AttrData::String {
                    value: value.into(),
                    ty,
                }))
            }
            Tok::Integer | Tok::Float | Tok::Minus => self.parse_number_attr(),
            Tok::HashId => self.parse_typed_dialect_attr(),
            Tok::BareId => self.parse_keyword_attr(),
            Tok::LParen | Tok::BangId => {
                let ty = self.parse_type()?;
                Ok(self.ctx.type_attr(ty))
            }
            _ => Err(self.error("expected attribute value")),
        }
    }

    fn parse_dictionary(&mut self) -> PResult<Attr> {
        self.expect(Tok::LBrace, "'{'")?;
        let mut entries: Vec<(Symbol, Attr)> = Vec::new();
        self.comma_list(Tok::RBrace, "'}' to end attribute dictionary", |p| {
            let t = p.bump();
            let key = match t.kind {
                Tok::BareId => t.text.to_string(),
                Tok::String => string_body(&t)
                    .ok_or_else(|| p.error_at(&t, "invalid escape in attribute name"))?,
                _ => return Err(p.error_at(&t, "expected attribute name")),
            };
            if key.is_empty() {
                return Err(p.error_at(&t, "expected valid attribute name"));
            }
            let key = p.ctx.symbol(&key);
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(p.error_at(
                    &t,
                    format!(
                        "duplicate key '{}' in dictionary attribute",
                        p.ctx.symbol_str(key)
                    ),
                ));
            }
            let value = if p.eat(Tok::Equal) {
                p.parse_attr()?
            } else {
                p.ctx.unit_attr()
            };
            entries.push((key, value));
            Ok(())
        })?;
        Ok(self.ctx.dictionary_attr(entries))
    }

    fn parse_symbol_ref(&mut self) -> PResult<Attr> {
        let t = self.bump();
        let root = symbol_name(&t).ok_or_else(|| self.error_at(&t, "invalid symbol name"))?;
        let root = self.ctx.symbol(&root);
        let mut nested = Vec::new();
        while self.eat(Tok::ColonColon) {
            let t = self.expect(Tok::AtId, "nested symbol reference after '::'")?;
            let n = symbol_name(&t).ok_or_else(|| self.error_at(&t, "invalid symbol name"))?;
            nested.push(self.ctx.symbol(&n));
        }
        Ok(self.ctx.intern_attr(AttrData::SymbolRef { root, nested }))
    }

    fn parse_number_attr(&mut self) -> PResult<Attr> {
        let start = self.tok;
        let negative = self.eat(Tok::Minus);
        let t = self.bump();
        let ty = if self.eat(Tok::Colon) {
            Some(self.parse_type()?)
        } else {
            None
        };
        match t.kind {
            Tok::Float => {
                let ty = ty.unwrap_or_else(|| self.ctx.f64());
                let kind = self.ctx.float_kind(ty).ok_or_else(|| {
                    self.error_at(&t, "floating point value not valid for specified type")
                })?;
                let text = if negative {
                    format!("-{}", t.text)
                } else {
                    t.text.to_string()
                };
                if !crate::float::is_computable(kind) {
                    return Ok(self.ctx.intern_attr(AttrData::FloatLiteral {
                        text: text.into(),
                        ty,
                    }));
                }
                let bits = crate::float::parse_decimal(kind, &text)
                    .ok_or_else(|| self.error_at(&t, "invalid floating point literal"))?;
                Ok(self.ctx.intern_attr(AttrData::Float { bits, ty }))
            }
            Tok::Integer => {
                let Some(ty) = ty else {
                    let value = self.integer_literal(&t, negative)?;
                    self.check_int_fits(&start, value, self.ctx.i64())?;
                    return Ok(self.ctx.intern_attr(AttrData::UntypedInteger(value)));
                };
                if let Some(kind) = self.ctx.float_kind(ty) {
                    return self.float_from_integer_literal(&t, negative, kind, ty);
                }
                let value = self.integer_literal(&t, negative)?;
                self.check_int_fits(&start, value, ty)?;
                Ok(self.ctx.int_attr(ty, value))
            }
            _ => Err(self.error_at(&t, "expected integer or floating point literal")),
        }
    }

    fn float_from_integer_literal(
        &self,
        t: &Token,
        negative: bool,
        kind: FloatKind,
        ty: Type,
    ) -> PResult<Attr> {
        if let Some(hex) = t.text.strip_prefix("0x") {
            if negative {
                return Err(self.error_at(
                    t,
                    "hexadecimal float literal should not have a leading minus",
                ));
            }
            let bits = u64::from_str_radix(hex, 16)
                .ok()
                .filter(|b| kind.width() >= 64 || *b >> kind.width() == 0);
            let bits = bits.ok_or_else(|| {
                self.error_at(t, "hexadecimal float constant out of range for type")
            })?;
            return Ok(self.ctx.intern_attr(AttrData::Float { bits, ty }));
        }
        let text = if negative {
            format!("-{}", t.text)
        } else {
            t.text.to_string()
        };
        let bits = crate::float::parse_decimal(kind, &text)
            .ok_or_else(|| self.error_at(t, "invalid floating point literal"))?;
        Ok(self.ctx.intern_attr(AttrData::Float { bits, ty }))
    }

    fn integer_literal(&self, t: &Token, negative: bool) -> PResult<i128> {
        let magnitude = match t.text.strip_prefix("0x") {
            Some(hex) => u128::from_str_radix(hex, 16).ok(),
            None => t.text.parse::<u128>().ok(),
        };
        let magnitude = magnitude.filter(|m| !negative || *m <= i128::MAX as u128 + 1);
        // Values above i128::MAX keep their bit pattern (only ui128/i128 can hold them).
        let m = magnitude.ok_or_else(|| self.error_at(t, "integer constant out of range"))?;
        Ok(if negative {
            (m as i128).wrapping_neg()
        } else {
            m as i128
        })
    }

    fn check_int_fits(&self, t: &Token, value: i128, ty: Type) -> PResult<()> {
        let ok = match self.ctx.type_data(ty) {
            TypeData::Integer { width, signedness } => {
                let w = *width;
                if w >= 128 {
                    true
                } else if w == 1 {
                    value == 0 || value == 1 || value == -1
                } else {
                    match signedness {
                        Signedness::Unsigned => value >= 0 && value < (1i128 << w),
                        Signedness::Signed => {
                            value >= -(1i128 << (w - 1)) && value < (1i128 << (w - 1))
                        }
                        Signedness::Signless => {
                            value >= -(1i128 << (w - 1)) && value < (1i128 << w)
                        }
                    }
                }
            }
            TypeData::Index => value >= i64::MIN as i128 && value <= u64::MAX as i128,
            _ => return Err(self.error_at(t, "integer literal not valid for specified type")),
        };
        if ok {
            Ok(())
        } else {
            Err(self.error_at(t, "integer constant out of range for attribute"))
        }
    }

    fn parse_dialect_attr(&mut self) -> PResult<Attr> {
        let t = self.bump_keep_raw();
        let name = &t.text[1..];
        if !name.contains('.') && self.lex_raw_byte() != b'<' {
            self.tok = self.lex.next_token();
            return self
                .attr_aliases
                .get(name)
                .copied()
                .ok_or_else(|| self.error_at(&t, format!("undefined symbol alias id '{name}'")));
        }
        let body = self.parse_pretty_body(&t)?;
        let name = self.ctx.symbol(name);
        Ok(self.ctx.intern_attr(AttrData::Dialect {
            name,
            body: body.map(Into::into),
            ty: None,
        }))
    }

    /// A dialect attribute in value position, optionally typed: `#ptr.null : !ptr.ptr<...>`.
    fn parse_typed_dialect_attr(&mut self) -> PResult<Attr> {
        let a = self.parse_dialect_attr()?;
        if !self.at(Tok::Colon) {
            return Ok(a);
        }
        self.bump();
        let ty = Some(self.parse_type()?);
        match self.ctx.attr_data(a).clone() {
            AttrData::Dialect { name, body, .. } => {
                Ok(self.ctx.intern_attr(AttrData::Dialect { name, body, ty }))
            }
            _ => Err(self.error("only dialect attributes take a type here")),
        }
    }

    /// Take the current token without lexing the next one (the caller reads raw text).
    fn bump_keep_raw(&mut self) -> Token<'s> {
        let t = self.tok;
        self.tok = Token {
            kind: Tok::Error,
            text: "",
            offset: self.lex.pos(),
            line: t.line,
            col: t.col,
        };
        t
    }

    fn parse_keyword_attr(&mut self) -> PResult<Attr> {
        match self.tok.text {
            "unit" => {
                self.bump();
                Ok(self.ctx.unit_attr())
            }
            "true" | "false" => {
                let v = self.bump().text == "true";
                if self.eat(Tok::Colon) {
                    let t = self.tok;
                    let ty = self.parse_type()?;
                    if self.ctx.int_width(ty) != Some(1) {
                        return Err(
                            self.error_at(&t, "expected i1 type for 'true' or 'false' values")
                        );
                    }
                }
                Ok(self.ctx.bool_attr(v))
            }
            "dense" => self.parse_dense(),
            "array" => self.parse_dense_array(),
            "loc" => self.parse_location(),
            "affine_map" | "affine_set" | "strided" | "distinct" | "dense_resource" | "sparse" => {
                let t = self.bump_keep_raw();
                let body = self
                    .parse_pretty_body(&t)?
                    .ok_or_else(|| self.error_at(&t, format!("expected '<' after '{}'", t.text)))?;
                let keyword = self.ctx.symbol(t.text);
                Ok(self.ctx.intern_attr(AttrData::Keyword {
                    keyword,
                    body: body.into(),
                }))
            }
            _ => {
                let ty = self.parse_type()?;
                Ok(self.ctx.type_attr(ty))
            }
        }
    }

    fn parse_dense(&mut self) -> PResult<Attr> {
        self.bump();
        self.expect(Tok::Less, "'<' after 'dense'")?;
        let mut literal = Vec::new();
        let mut shape = Vec::new();
        if !self.at(Tok::Greater) {
            self.parse_dense_literal(&mut literal, &mut shape, 0)?;
        }
        let close = self.expect(Tok::Greater, "'>' to end dense literal")?;
        self.expect(Tok::Colon, "':' and type after dense literal")?;
        let type_tok = self.tok;
        let ty = self.parse_type()?;
        let (dims, element) = match self.ctx.type_data(ty) {
            TypeData::Vector { shape, element, .. } => (shape.clone(), *element),
            TypeData::Tensor {
                shape: Some(shape),
                element,
                ..
            } => (shape.clone(), *element),
            _ => {
                return Err(self.error_at(
                    &type_tok,
                    "dense elements need a static vector or tensor type",
                ));
            }
        };
        if dims.contains(&DYNAMIC) {
            return Err(self.error_at(&type_tok, "dense elements need a static shape"));
        }
        let count: i64 = dims.iter().product();
        let splat = literal.len() == 1 && shape.is_empty();
        let empty = literal.is_empty() && count == 0;
        if !splat && !empty && (shape != dims || literal.len() as i64 != count) {
            return Err(self.error_at(
                &close,
                format!("dense literal shape {shape:?} does not match type shape {dims:?}"),
            ));
        }
        let values = self.dense_values(&literal, element, &type_tok)?;
        let is_splat = splat || dense_all_equal(&values);
        let values = if is_splat {
            truncate_dense(values)
        } else {
            values
        };
        Ok(self.ctx.intern_attr(AttrData::Dense {
            ty,
            values,
            splat: is_splat,
        }))
    }

    /// Nested `[...]` lists of literals; records the shape on the first path.
    fn parse_dense_literal(
        &mut self,
        out: &mut Vec<(Token<'s>, bool)>,
        shape: &mut Vec<i64>,
        level: usize,
    ) -> PResult<()> {
        if !self.at(Tok::LSquare) {
            let negative = self.eat(Tok::Minus);
            let t = self.bump();
            if t.kind == Tok::LParen {
                return Err(self.error_at(&t, "complex dense elements are not supported by cuwasm"));
            }
            if !matches!(t.kind, Tok::Integer | Tok::Float | Tok::BareId) {
                return Err(self.error_at(&t, "expected element literal"));
            }
            out.push((t, negative));
            return Ok(());
        }
        self.enter()?;
        self.bump();
        let mut n = 0;
        self.comma_list(Tok::RSquare, "']'", |p| {
            n += 1;
            p.parse_dense_literal(out, shape, level + 1)
        })?;
        if shape.len() <= level {
            shape.resize(level + 1, -1);
        }
        if shape[level] == -1 {
            shape[level] = n;
        } else if shape[level] != n {
            return Err(self.error("dense literal has inconsistent nested list sizes"));
        }
        self.leave();
        Ok(())
    }

    fn dense_values(
        &self,
        literal: &[(Token<'s>, bool)],
        element: Type,
        at: &Token,
    ) -> PResult<DenseValues> {
        if let Some(kind) = self.ctx.float_kind(element) {
            let mut bits = Vec::with_capacity(literal.len());
            for (t, neg) in literal {
                let a = match t.kind {
                    Tok::Integer => self.float_from_integer_literal(t, *neg, kind, element)?,
                    Tok::Float => {
                        let text = if *neg {
                            format!("-{}", t.text)
                        } else {
                            t.text.to_string()
                        };
                        let b = crate::float::parse_decimal(kind, &text)
                            .ok_or_else(|| self.error_at(t, "invalid float literal"))?;
                        self.ctx.intern_attr(AttrData::Float {
                            bits: b,
                            ty: element,
                        })
                    }
                    _ => return Err(self.error_at(t, "expected float literal")),
                };
                if let AttrData::Float { bits: b, .. } = self.ctx.attr_data(a) {
                    bits.push(*b);
                }
            }
            return Ok(DenseValues::Float(bits));
        }
        if !self.ctx.is_int_or_index(element) {
            return Err(self.error_at(at, "dense elements must be integers, index or floats"));
        }
        let mut ints = Vec::with_capacity(literal.len());
        for (t, neg) in literal {
            let v = match (t.kind, t.text) {
                (Tok::BareId, "true") => 1,
                (Tok::BareId, "false") => 0,
                (Tok::Integer, _) => self.integer_literal(t, *neg)?,
                _ => return Err(self.error_at(t, "expected integer literal")),
            };
            self.check_int_fits(t, v, element)?;
            ints.push(self.ctx.normalize_int(element, v));
        }
        Ok(DenseValues::Int(ints))
    }

    fn parse_dense_array(&mut self) -> PResult<Attr> {
        self.bump();
        self.expect(Tok::Less, "'<' after 'array'")?;
        let type_tok = self.tok;
        let element = self.parse_type()?;
        let float = self.ctx.float_kind(element);
        if float.is_none() && !self.ctx.is_integer(element) {
            return Err(self.error_at(
                &type_tok,
                "expected integer or float type in array attribute",
            ));
        }
        let mut values = Vec::new();
        if self.eat(Tok::Colon) {
            loop {
                let negative = self.eat(Tok::Minus);
                let t = self.bump();
                let v = match (t.kind, float) {
                    (Tok::BareId, None) if t.text == "true" || t.text == "false" => {
                        (t.text == "true") as i128
                    }
                    (Tok::Integer, None) => {
                        let v = self.integer_literal(&t, negative)?;
                        self.check_int_fits(&t, v, element)?;
                        self.ctx.normalize_int(element, v)
                    }
                    (Tok::Integer | Tok::Float, Some(kind)) => {
                        let a = if t.kind == Tok::Integer {
                            self.float_from_integer_literal(&t, negative, kind, element)?
                        } else {
                            let text = if negative {
                                format!("-{}", t.text)
                            } else {
                                t.text.to_string()
                            };
                            let b = crate::float::parse_decimal(kind, &text)
                                .ok_or_else(|| self.error_at(&t, "invalid float literal"))?;
                            self.ctx.intern_attr(AttrData::Float {
                                bits: b,
                                ty: element,
                            })
                        };
                        match self.ctx.attr_data(a) {
                            AttrData::Float { bits, .. } => *bits as i128,
                            _ => 0,
                        }
                    }
                    _ => return Err(self.error_at(&t, "expected array element literal")),
                };
                values.push(v);
                if !self.eat(Tok::Comma) {
                    break;
                }
            }
        }
        self.expect(Tok::Greater, "'>' to end array attribute")?;
        Ok(self
            .ctx
            .intern_attr(AttrData::DenseArray { element, values }))
    }

    // ----- locations -----

    fn parse_location(&mut self) -> PResult<Attr> {
        self.bump(); // `loc`
        self.expect(Tok::LParen, "'(' in location")?;
        let l = self.parse_location_body()?;
        self.expect(Tok::RParen, "')' in location")?;
        Ok(l)
    }

    fn parse_location_body(&mut self) -> PResult<Attr> {
        self.enter()?;
        let r = self.parse_location_inner();
        self.leave();
        r
    }

    fn parse_location_inner(&mut self) -> PResult<Attr> {
        let t = self.tok;
        let data = match (t.kind, t.text) {
            (Tok::BareId, "unknown") => {
                self.bump();
                LocationData::Unknown
            }
            (Tok::BareId, "callsite") => {
                self.bump();
                self.expect(Tok::LParen, "'(' in callsite location")?;
                let callee = self.parse_location_body()?;
                if !self.at_keyword("at") {
                    return Err(self.error("expected 'at' in callsite location"));
                }
                self.bump();
                let caller = self.parse_location_body()?;
                self.expect(Tok::RParen, "')' in callsite location")?;
                LocationData::CallSite { callee, caller }
            }
            (Tok::BareId, "fused") => {
                self.bump();
                let metadata = if self.eat(Tok::Less) {
                    let m = self.parse_attr()?;
                    self.expect(Tok::Greater, "'>' after fused location metadata")?;
                    Some(m)
                } else {
                    None
                };
                self.expect(Tok::LSquare, "'[' in fused location")?;
                let mut locations = Vec::new();
                self.comma_list(Tok::RSquare, "']' in fused location", |p| {
                    locations.push(p.parse_location_body()?);
                    Ok(())
                })?;
                LocationData::Fused {
                    locations,
                    metadata,
                }
            }
            (Tok::HashId, _) => {
                let a = self.parse_dialect_attr()?;
                if !matches!(self.ctx.attr_data(a), AttrData::Location(_)) {
                    return Err(self.error_at(&t, "expected location attribute"));
                }
                return Ok(a);
            }
            (Tok::String, _) => {
                self.bump();
                let text = string_body(&t)
                    .ok_or_else(|| self.error_at(&t, "invalid escape in location"))?;
                self.parse_string_location(text)?
            }
            _ => return Err(self.error("expected location instance")),
        };
        Ok(self.ctx.intern_attr(AttrData::Location(data)))
    }

    /// After `"text"`: a file location `:line:col`, or a name location `("child")`.
    fn parse_string_location(&mut self, text: String) -> PResult<LocationData> {
        if self.eat(Tok::Colon) {
            let file = self.ctx.symbol(&text);
            let line = self.location_number()?;
            let col = if self.eat(Tok::Colon) {
                self.location_number()?
            } else {
                0
            };
            if self.at_keyword("to") {
                self.bump();
                let (end_line, end_col) = if self.eat(Tok::Colon) {
                    (line, self.location_number()?)
                } else {
                    let l = self.location_number()?;
                    self.expect(Tok::Colon, "':' in location range")?;
                    (l, self.location_number()?)
                };
                return Ok(LocationData::FileRange {
                    file,
                    line,
                    col,
                    end_line,
                    end_col,
                });
            }
            return Ok(LocationData::FileLineCol { file, line, col });
        }
        let child = if self.eat(Tok::LParen) {
            let c = self.parse_location_body()?;
            self.expect(Tok::RParen, "')' after child location")?;
            c
        } else {
            self.ctx.unknown_loc().0
        };
        Ok(LocationData::Name {
            name: text.into(),
            child,
        })
    }

    fn location_number(&mut self) -> PResult<u32> {
        let t = self.expect(Tok::Integer, "line or column number in location")?;
        t.text
            .parse::<u32>()
            .map_err(|_| self.error_at(&t, "location number out of range"))
    }
}

impl Context {
    /// Attach a detached region to `op` as its next region.
    pub(crate) fn attach_region(&mut self, op: OpId, region: RegionId) {
        self.regions[region.index()].parent = Some(op);
        self.ops[op.index()].regions.push(region);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The unescaped bytes of a string token.
fn string_bytes(t: &Token) -> Option<Vec<u8>> {
    let inner = &t.text[1..t.text.len() - 1];
    if inner.contains('\\') {
        unescape(inner)
    } else {
        Some(inner.as_bytes().to_vec())
    }
}

/// The unescaped contents of a string token that must be UTF-8 (names, file names).
fn string_body(t: &Token) -> Option<String> {
    String::from_utf8(string_bytes(t)?).ok()
}

/// The name of an `@sym` / `@"sym"` token.
fn symbol_name(t: &Token) -> Option<String> {
    let s = &t.text[1..];
    if s.starts_with('"') {
        let inner = &s[1..s.len() - 1];
        if inner.contains('\\') {
            String::from_utf8(unescape(inner)?).ok()
        } else {
            Some(inner.to_string())
        }
    } else {
        Some(s.to_string())
    }
}

/// `i32` / `si8` / `ui64` → signedness and width (`None` width when too wide).
fn integer_keyword(text: &str) -> Option<(Signedness, Option<u32>)> {
    let (signedness, digits) = if let Some(d) = text.strip_prefix("si") {
        (Signedness::Signed, d)
    } else if let Some(d) = text.strip_prefix("ui") {
        (Signedness::Unsigned, d)
    } else {
        (Signedness::Signless, text.strip_prefix('i')?)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((
        signedness,
        digits.parse::<u32>().ok().filter(|w| *w <= 16_777_215),
    ))
}

fn dense_all_equal(v: &DenseValues) -> bool {
    match v {
        DenseValues::Int(x) => x.len() > 1 && x.iter().all(|e| *e == x[0]),
        DenseValues::Float(x) => x.len() > 1 && x.iter().all(|e| *e == x[0]),
    }
}

fn truncate_dense(v: DenseValues) -> DenseValues {
    match v {
        DenseValues::Int(mut x) => {
            x.truncate(1);
            DenseValues::Int(x)
        }
        DenseValues::Float(mut x) => {
            x.truncate(1);
            DenseValues::Float(x)
        }
    }
}
