//! The PTX lexer: [`Token`]s with byte spans, made one at a time as the parser
//! asks ([`Lexer`]), or the whole text's at once ([`lex`]). On its way it
//! notes where lines start, for the locations of the lowering ([`LineIndex`]).
//!
//! It never fails: a byte that starts no token becomes [`Tok::Error`], which the
//! parser reports where it meets it. Comments (`//`, `/* */`) and whitespace are
//! dropped. Opcode modifiers (`.global`, `.L2::cache_hint`) and directives are one
//! token kind, [`Tok::Dot`]; whether a dotted word belongs to the word before it
//! is told by adjacency ([`Token::start`] equal to the previous token's end).

/// What a token is. Its text is `src[start..end]`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tok {
    /// An identifier: `ld`, `%r1`, `$L__BB0_1`, `_Z3fooi`, `_`.
    Ident,
    /// A dotted word: `.reg`, `.b32`, `.x`, `.L2::cache_hint`.
    Dot,
    /// An integer literal (decimal, `0x`, `0b`, octal, optional `U` suffix).
    Int,
    /// A decimal floating-point literal (`1.5`, `2e3`); also `.version`'s `7.8`.
    Float,
    /// `0fXXXXXXXX`: the bits of an `f32`.
    HexF32,
    /// `0dXXXXXXXXXXXXXXXX`: the bits of an `f64`.
    HexF64,
    /// A string literal with its quotes.
    Str,
    /// Punctuation or an operator (one or two bytes).
    Punct,
    /// A byte that starts no token, or an unterminated comment or string.
    Error,
    /// The end of the input.
    Eof,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Token {
    pub kind: Tok,
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start as usize..self.end as usize]
    }
}

/// Byte classes, looked up in [`CLASS`]: whitespace, identifier start,
/// identifier character, punctuation.
const WS: u8 = 1;
const START: u8 = 2;
const CHAR: u8 = 4;
const PUNCT: u8 = 8;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_whitespace() {
            t[c] |= WS;
        }
        if b.is_ascii_alphabetic() || b == b'_' || b == b'$' {
            t[c] |= START | CHAR;
        }
        if b.is_ascii_digit() {
            t[c] |= CHAR;
        }
        c += 1;
    }
    let punct = b",;:()[]{}+-*/%<>=!@|&^~?";
    let mut k = 0;
    while k < punct.len() {
        t[punct[k] as usize] |= PUNCT;
        k += 1;
    }
    t
};

fn ident_start(c: u8) -> bool {
    CLASS[c as usize] & START != 0
}

fn ident_char(c: u8) -> bool {
    CLASS[c as usize] & CHAR != 0
}

/// Lex `src` whole; the last token is always [`Tok::Eof`]. Offsets are `u32`:
/// the caller refuses inputs of 4 GiB or more.
pub fn lex(src: &str) -> Vec<Token> {
    let mut lexer = Lexer::new(src);
    let mut out = Vec::new();
    loop {
        let t = lexer.next_token();
        out.push(t);
        if t.kind == Tok::Eof {
            return out;
        }
    }
}

/// A lexer that makes tokens as they are asked for (the parser looks one
/// token ahead), so that the tokens of a whole file are never stored.
pub struct Lexer<'a> {
    src: &'a str,
    i: usize,
    /// The starts of the lines passed so far (the newlines are in the
    /// whitespace and comments it skips).
    lines: Vec<u32>,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Lexer<'a> {
        let mut lines = Vec::with_capacity(src.len() / 24 + 1);
        lines.push(0);
        Lexer { src, i: 0, lines }
    }

    /// The line starts of the text lexed so far: all of them once
    /// [`Tok::Eof`] was returned.
    pub fn into_lines(self) -> LineIndex {
        LineIndex::from_starts(self.lines)
    }

    /// The next token; at the end of the input, [`Tok::Eof`] (again and again).
    pub fn next_token(&mut self) -> Token {
        let src = self.src;
        let b = src.as_bytes();
        let n = b.len();
        let mut i = self.i;
        while i < n {
            let c = b[i];
            if CLASS[c as usize] & WS != 0 {
                i += 1;
                if c == b'\n' {
                    self.lines.push(i as u32);
                }
                continue;
            }
            let start = i;
            let kind = match c {
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < n && b[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    let (end, kind) = match src[i + 2..].find("*/") {
                        Some(k) => (i + k + 4, None),
                        None => (n, Some(Tok::Error)),
                    };
                    let newlines = (i..end).filter(|&k| b[k] == b'\n');
                    self.lines.extend(newlines.map(|k| k as u32 + 1));
                    i = end;
                    match kind {
                        Some(k) => k,
                        None => continue,
                    }
                }
                _ if ident_start(c)
                    || (c == b'%' && b.get(i + 1).is_some_and(|&d| ident_start(d))) =>
                {
                    i += 1;
                    while i < n && ident_char(b[i]) {
                        i += 1;
                    }
                    Tok::Ident
                }
                b'.' if b.get(i + 1).is_some_and(|&d| ident_start(d)) => {
                    i += 1;
                    while i < n && ident_char(b[i]) {
                        i += 1;
                    }
                    // `.L2::cache_hint`, `.L2::128B`
                    while i + 2 < n && b[i] == b':' && b[i + 1] == b':' && ident_char(b[i + 2]) {
                        i += 2;
                        while i < n && ident_char(b[i]) {
                            i += 1;
                        }
                    }
                    Tok::Dot
                }
                b'0'..=b'9' => lex_number(b, &mut i),
                b'"' => {
                    i += 1;
                    loop {
                        match b.get(i) {
                            None | Some(b'\n') => break Tok::Error,
                            Some(b'"') => {
                                i += 1;
                                break Tok::Str;
                            }
                            Some(b'\\') => {
                                i += 1;
                                i += src[i..].chars().next().map_or(0, char::len_utf8);
                            }
                            Some(_) => i += 1,
                        }
                    }
                }
                _ => {
                    let two = b.get(i + 1).copied();
                    let len = match (c, two) {
                        (b'<', Some(b'<' | b'=')) | (b'>', Some(b'>' | b'=')) => 2,
                        (b'&', Some(b'&')) | (b'|', Some(b'|')) => 2,
                        (b'=', Some(b'=')) | (b'!', Some(b'=')) => 2,
                        (b':', Some(b':')) => 2,
                        _ => 1,
                    };
                    if CLASS[c as usize] & PUNCT != 0 {
                        i += len;
                        Tok::Punct
                    } else {
                        // one whole (possibly multi-byte) character
                        i += src[i..].chars().next().map_or(1, char::len_utf8);
                        Tok::Error
                    }
                }
            };
            self.i = i;
            return Token {
                kind,
                start: start as u32,
                end: i as u32,
            };
        }
        self.i = n;
        Token {
            kind: Tok::Eof,
            start: n as u32,
            end: n as u32,
        }
    }
}

fn lex_number(b: &[u8], i: &mut usize) -> Tok {
    let n = b.len();
    let hex_run = |from: usize| {
        let mut k = from;
        while k < n && b[k].is_ascii_hexdigit() {
            k += 1;
        }
        k
    };
    if b[*i] == b'0' && *i + 1 < n {
        match b[*i + 1] {
            b'f' | b'F' => {
                let end = hex_run(*i + 2);
                if end - (*i + 2) == 8 && !b.get(end).is_some_and(|&c| ident_char(c)) {
                    *i = end;
                    return Tok::HexF32;
                }
            }
            b'd' | b'D' => {
                let end = hex_run(*i + 2);
                if end - (*i + 2) == 16 && !b.get(end).is_some_and(|&c| ident_char(c)) {
                    *i = end;
                    return Tok::HexF64;
                }
            }
            b'x' | b'X' => {
                *i = hex_run(*i + 2);
                if b.get(*i) == Some(&b'U') {
                    *i += 1;
                }
                return Tok::Int;
            }
            b'b' | b'B' => {
                *i += 2;
                while *i < n && (b[*i] == b'0' || b[*i] == b'1') {
                    *i += 1;
                }
                if b.get(*i) == Some(&b'U') {
                    *i += 1;
                }
                return Tok::Int;
            }
            _ => {}
        }
    }
    while *i < n && b[*i].is_ascii_digit() {
        *i += 1;
    }
    let mut float = false;
    if *i + 1 < n && b[*i] == b'.' && b[*i + 1].is_ascii_digit() {
        float = true;
        *i += 1;
        while *i < n && b[*i].is_ascii_digit() {
            *i += 1;
        }
    }
    if *i < n && (b[*i] == b'e' || b[*i] == b'E') {
        let mut k = *i + 1;
        if k < n && (b[k] == b'+' || b[k] == b'-') {
            k += 1;
        }
        if k < n && b[k].is_ascii_digit() {
            float = true;
            while k < n && b[k].is_ascii_digit() {
                k += 1;
            }
            *i = k;
        }
    }
    if float {
        return Tok::Float;
    }
    if b.get(*i) == Some(&b'U') {
        *i += 1;
    }
    Tok::Int
}

/// The value of an integer literal token (wrapping to 64 bits, as PTX's
/// constant expressions are 64-bit), or `None` when it has no digits or a bad digit.
pub fn int_value(text: &str) -> Option<u64> {
    let t = text.strip_suffix('U').unwrap_or(text);
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (b, 2)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix)? as u64;
        v = v.wrapping_mul(radix as u64).wrapping_add(d);
    }
    Some(v)
}

/// Line starts of a text, for turning byte offsets into 1-based line and
/// column. Offsets are mostly asked for in order (the lowering's
/// locations): the line of the last answer and the next one are tried before
/// a binary search.
#[derive(Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    last: std::cell::Cell<usize>,
}

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(src.len() / 24 + 1);
        starts.push(0);
        // match_indices on a char searches with memchr
        starts.extend(src.match_indices('\n').map(|(i, _)| i as u32 + 1));
        LineIndex::from_starts(starts)
    }

    /// The index of line starts found elsewhere (by the [`Lexer`]): 0 first,
    /// ascending.
    pub fn from_starts(starts: Vec<u32>) -> LineIndex {
        debug_assert!(starts.first() == Some(&0) && starts.is_sorted());
        LineIndex {
            starts,
            last: std::cell::Cell::new(0),
        }
    }

    /// 1-based line and column (in bytes) of `offset`.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let s = &self.starts;
        let on = |l: usize| s[l] <= offset && s.get(l + 1).is_none_or(|&e| offset < e);
        let last = self.last.get();
        let line = if last < s.len() && on(last) {
            last
        } else if last + 1 < s.len() && on(last + 1) {
            last + 1
        } else {
            s.partition_point(|&st| st <= offset) - 1
        };
        self.last.set(line);
        (line as u32 + 1, offset - s[line] + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Tok, &str)> {
        lex(src)
            .iter()
            .map(|t| (t.kind, t.text(src)))
            .filter(|(k, _)| *k != Tok::Eof)
            .collect()
    }

    #[test]
    fn instruction_tokens() {
        use Tok::*;
        assert_eq!(
            kinds("@!%p1 ld.global.L2::128B.v2.f32 {%f1, _}, [%rd4+-8]; // c"),
            vec![
                (Punct, "@"),
                (Punct, "!"),
                (Ident, "%p1"),
                (Ident, "ld"),
                (Dot, ".global"),
                (Dot, ".L2::128B"),
                (Dot, ".v2"),
                (Dot, ".f32"),
                (Punct, "{"),
                (Ident, "%f1"),
                (Punct, ","),
                (Ident, "_"),
                (Punct, "}"),
                (Punct, ","),
                (Punct, "["),
                (Ident, "%rd4"),
                (Punct, "+"),
                (Punct, "-"),
                (Int, "8"),
                (Punct, "]"),
                (Punct, ";"),
            ]
        );
    }

    #[test]
    fn literals() {
        use Tok::*;
        assert_eq!(
            kinds("0f3F800000 0d3FF0000000000000 0x1fU 017 0b101 1.5e3 7.8 42 0fZ"),
            vec![
                (HexF32, "0f3F800000"),
                (HexF64, "0d3FF0000000000000"),
                (Int, "0x1fU"),
                (Int, "017"),
                (Int, "0b101"),
                (Float, "1.5e3"),
                (Float, "7.8"),
                (Int, "42"),
                (Int, "0"),
                (Ident, "fZ"),
            ]
        );
        assert_eq!(int_value("0x1fU"), Some(31));
        assert_eq!(int_value("017"), Some(15));
        assert_eq!(int_value("0b101"), Some(5));
        assert_eq!(int_value("0"), Some(0));
        assert_eq!(int_value("0x"), None);
        assert_eq!(int_value("09"), None);
    }

    #[test]
    fn comments_strings_and_bad_bytes() {
        use Tok::*;
        assert_eq!(
            kinds("a /* x\n y */ \"s\\\"t\" # é \"open"),
            vec![
                (Ident, "a"),
                (Str, "\"s\\\"t\""),
                (Error, "#"),
                (Error, "é"),
                (Error, "\"open"),
            ]
        );
        assert_eq!(kinds("/* never closed"), vec![(Error, "/* never closed")]);
        assert_eq!(kinds("\"\\"), vec![(Error, "\"\\")]);
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new("ab\ncd\n\nx");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(4), (2, 2));
        assert_eq!(idx.line_col(6), (3, 1));
        assert_eq!(idx.line_col(7), (4, 1));
    }

    /// The lexer's line starts (newlines in whitespace, line and block
    /// comments) are the text's, and the index answers in any order as a
    /// search over all starts would.
    #[test]
    fn line_starts_from_the_lexer() {
        let text = "a\n  b // c\n/* d\n\n e */ f\n\n\"s\" /* g\n";
        let mut lexer = Lexer::new(text);
        while lexer.next_token().kind != Tok::Eof {}
        let lines = lexer.into_lines();
        let expected: Vec<u32> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
            .collect();
        assert_eq!(lines.starts, expected);
        let n = text.len() as u32;
        // in order, backward, repeated, and jumping
        let mut offsets: Vec<u32> = (0..=n).collect();
        offsets.extend((0..=n).rev());
        offsets.extend([5, 5, 0, n, 1, 17, 3, 30]);
        for off in offsets {
            let line = expected.partition_point(|&s| s <= off);
            let col = off - expected[line - 1] + 1;
            assert_eq!(lines.line_col(off), (line as u32, col), "offset {off}");
        }
    }
}
