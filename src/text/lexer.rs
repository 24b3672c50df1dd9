//! The lexer of MLIR's textual format. Tokens borrow from the source text.

/// Token kinds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tok {
    /// `foo`, `i32`, `arith.addi`, `x8xf32`.
    BareId,
    /// `%foo` (text includes the sigil).
    ValueId,
    /// `^bb0`.
    CaretId,
    /// `@foo` or `@"foo bar"`.
    AtId,
    /// `#foo`.
    HashId,
    /// `!foo`.
    BangId,
    /// `42`, `0x2A`.
    Integer,
    /// `1.5`, `1.0e-3`.
    Float,
    /// `"text"` (with quotes and escapes).
    String,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LSquare,
    RSquare,
    Less,
    Greater,
    Comma,
    Colon,
    ColonColon,
    Equal,
    Arrow,
    Question,
    Star,
    Plus,
    Minus,
    FileMetadataBegin,
    FileMetadataEnd,
    Eof,
    Error,
}

/// A token: kind, source text and position.
#[derive(Clone, Copy, Debug)]
pub struct Token<'s> {
    pub kind: Tok,
    pub text: &'s str,
    /// Byte offset of the token start.
    pub offset: usize,
    /// 1-based line and column (bytes).
    pub line: u32,
    pub col: u32,
}

/// A pull lexer over one source text.
pub struct Lexer<'s> {
    src: &'s str,
    bytes: &'s [u8],
    pos: usize,
    line: u32,
    line_start: usize,
}

fn is_id_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}
fn is_id_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.')
}
fn is_suffix_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.' | b'-')
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s str) -> Lexer<'s> {
        Lexer {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// A lexer positioned at `pos` on line `line` whose line starts at `line_start`.
    pub fn resume(src: &'s str, pos: usize, line: u32, line_start: usize) -> Lexer<'s> {
        Lexer {
            src,
            bytes: src.as_bytes(),
            pos,
            line,
            line_start,
        }
    }

    /// Byte offset where the current line starts.
    pub fn line_start(&self) -> usize {
        self.line_start
    }

    pub fn source(&self) -> &'s str {
        self.src
    }

    /// Current byte offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// 1-based line and column of the current position.
    pub fn line_col(&self) -> (u32, u32) {
        (self.line, (self.pos - self.line_start + 1) as u32)
    }

    fn peek_byte(&self, k: usize) -> u8 {
        *self.bytes.get(self.pos + k).unwrap_or(&0)
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek_byte(0) {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'/' if self.peek_byte(1) == b'/' => {
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// Skip whitespace and comments; the byte that follows, or 0 at the end.
    pub fn peek_raw(&mut self) -> u8 {
        self.skip_trivia();
        self.peek_byte(0)
    }

    /// Consume raw bytes while `f` holds (used for dimension lists like `4x?x8x`).
    pub fn take_raw_while(&mut self, f: impl Fn(u8) -> bool) -> &'s str {
        let start = self.pos;
        while self.pos < self.bytes.len() && f(self.bytes[self.pos]) {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }

    /// Consume one raw byte.
    pub fn bump_raw(&mut self) {
        if self.pos < self.bytes.len() {
            self.pos += 1;
        }
    }

    /// Lex the next token.
    pub fn next_token(&mut self) -> Token<'s> {
        self.skip_trivia();
        let start = self.pos;
        let (line, col) = (self.line, (start - self.line_start + 1) as u32);
        let c = self.peek_byte(0);
        let kind = if self.pos >= self.bytes.len() {
            Tok::Eof
        } else {
            self.pos += 1;
            match c {
                b'(' => Tok::LParen,
                b')' => Tok::RParen,
                b'{' if self.peek_byte(0) == b'-' && self.peek_byte(1) == b'#' => {
                    self.pos += 2;
                    Tok::FileMetadataBegin
                }
                b'{' => Tok::LBrace,
                b'}' => Tok::RBrace,
                b'[' => Tok::LSquare,
                b']' => Tok::RSquare,
                b'<' => Tok::Less,
                b'>' => Tok::Greater,
                b',' => Tok::Comma,
                b'=' => Tok::Equal,
                b'?' => Tok::Question,
                b'*' => Tok::Star,
                b'+' => Tok::Plus,
                b':' if self.peek_byte(0) == b':' => {
                    self.pos += 1;
                    Tok::ColonColon
                }
                b':' => Tok::Colon,
                b'-' if self.peek_byte(0) == b'>' => {
                    self.pos += 1;
                    Tok::Arrow
                }
                b'-' => Tok::Minus,
                b'#' if self.peek_byte(0) == b'-' && self.peek_byte(1) == b'}' => {
                    self.pos += 2;
                    Tok::FileMetadataEnd
                }
                b'%' | b'^' | b'#' | b'!' => self.lex_prefixed(c),
                b'@' => self.lex_at(),
                b'"' => self.lex_string(),
                b'0'..=b'9' => self.lex_number(),
                c if is_id_start(c) => {
                    while is_id_char(self.peek_byte(0)) {
                        self.pos += 1;
                    }
                    Tok::BareId
                }
                _ => Tok::Error,
            }
        };
        Token {
            kind,
            text: &self.src[start..self.pos],
            offset: start,
            line,
            col,
        }
    }

    fn lex_prefixed(&mut self, sigil: u8) -> Tok {
        let start = self.pos;
        while is_suffix_char(self.peek_byte(0)) {
            self.pos += 1;
        }
        if self.pos == start {
            return Tok::Error;
        }
        if sigil == b'%' && self.peek_byte(0) == b'#' && self.peek_byte(1).is_ascii_digit() {
            // `%name#3`: a result of a multi-result group.
            self.pos += 1;
            while self.peek_byte(0).is_ascii_digit() {
                self.pos += 1;
            }
        }
        match sigil {
            b'%' => Tok::ValueId,
            b'^' => Tok::CaretId,
            b'#' => Tok::HashId,
            _ => Tok::BangId,
        }
    }

    fn lex_at(&mut self) -> Tok {
        if self.peek_byte(0) == b'"' {
            self.pos += 1;
            return if self.lex_string() == Tok::String {
                Tok::AtId
            } else {
                Tok::Error
            };
        }
        let start = self.pos;
        while is_suffix_char(self.peek_byte(0)) {
            self.pos += 1;
        }
        if self.pos == start {
            Tok::Error
        } else {
            Tok::AtId
        }
    }

    /// After the opening quote.
    fn lex_string(&mut self) -> Tok {
        loop {
            match self.peek_byte(0) {
                b'"' => {
                    self.pos += 1;
                    return Tok::String;
                }
                b'\\' => self.pos += 2,
                0 if self.pos >= self.bytes.len() => return Tok::Error,
                b'\n' => return Tok::Error,
                _ => self.pos += 1,
            }
        }
    }

    /// After the first digit.
    fn lex_number(&mut self) -> Tok {
        let first = self.bytes[self.pos - 1];
        if first == b'0' && self.peek_byte(0) == b'x' && self.peek_byte(1).is_ascii_hexdigit() {
            self.pos += 1;
            while self.peek_byte(0).is_ascii_hexdigit() {
                self.pos += 1;
            }
            return Tok::Integer;
        }
        while self.peek_byte(0).is_ascii_digit() {
            self.pos += 1;
        }
        if self.peek_byte(0) != b'.' {
            return Tok::Integer;
        }
        self.pos += 1;
        while self.peek_byte(0).is_ascii_digit() {
            self.pos += 1;
        }
        if matches!(self.peek_byte(0), b'e' | b'E') {
            let sign = matches!(self.peek_byte(1), b'+' | b'-') as usize;
            if self.peek_byte(1 + sign).is_ascii_digit() {
                self.pos += 1 + sign;
                while self.peek_byte(0).is_ascii_digit() {
                    self.pos += 1;
                }
            }
        }
        Tok::Float
    }
}

/// Decode the body of a string literal (without quotes): `\\`, `\"`, `\n`, `\t`, `\XX`.
/// MLIR strings are byte strings: the result need not be UTF-8.
pub fn unescape(body: &str) -> Option<Vec<u8>> {
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let e = *b.get(i + 1)?;
        match e {
            b'\\' | b'"' | b'\'' => out.push(e),
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            _ => {
                let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
                continue;
            }
        }
        i += 2;
    }
    Some(out)
}

/// Escape a string the way LLVM's `printEscapedString` does.
pub fn escape(s: &[u8], out: &mut String) {
    for &c in s {
        if c == b'\\' {
            out.push_str("\\\\");
        } else if (0x20..0x7f).contains(&c) && c != b'"' {
            out.push(c as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('\\');
            out.push(HEX[(c >> 4) as usize] as char);
            out.push(HEX[(c & 15) as usize] as char);
        }
    }
}
