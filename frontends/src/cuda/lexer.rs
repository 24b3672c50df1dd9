//! The lexer: C/C++ preprocessing tokens from the text of one file.
//!
//! It runs in linear time and never fails: malformed input becomes a token with
//! [`TokenFlags::INVALID`] or [`TokenKind::Unknown`] plus a [`LexError`] in
//! [`Lexer::errors`] (unterminated literals and comments). Line splices
//! (backslash-newline) are removed everywhere, also inside tokens; the spelling
//! of a token that contained one is cleaned before interning. Not supported:
//! trigraphs (removed in C++17), digraphs (`<:`, `%:` ...), user-defined literal
//! suffixes on strings and characters (`"x"_s` lexes as two tokens).
//!
//! For directives the preprocessor reads a line at a time with
//! [`Lexer::next_in_line`], and `#include <...>` with [`Lexer::header_name`].

use super::literal::classify_number;
use super::source::{FileId, Spellings, SrcLoc};
use super::token::{Sym, Token, TokenFlags, TokenKind};
use std::sync::Arc;

/// A problem found while lexing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub offset: u32,
    pub message: String,
}

/// Lexes one text (a file, or a scratch text for `##`).
pub struct Lexer {
    text: Arc<str>,
    pos: usize,
    file: FileId,
    at_bol: bool,
    leading_space: bool,
    /// Skipped conditional groups: no interning, no errors.
    quiet: bool,
    pub errors: Vec<LexError>,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

impl Lexer {
    pub fn new(text: Arc<str>, file: FileId) -> Lexer {
        // A UTF-8 byte order mark is not part of the text.
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            text,
            pos,
            file,
            at_bol: true,
            leading_space: false,
            quiet: false,
            errors: Vec::new(),
        }
    }

    /// Quiet mode (for skipped `#if` groups): identifiers and literals are not
    /// interned (their `sym` is [`Sym::EMPTY`]) and no errors are recorded.
    pub fn set_quiet(&mut self, quiet: bool) {
        self.quiet = quiet;
    }

    pub fn offset(&self) -> u32 {
        self.pos as u32
    }
    pub fn file(&self) -> FileId {
        self.file
    }
    pub fn at_eof(&self) -> bool {
        self.pos >= self.text.len()
    }
    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    fn byte(&self, i: usize) -> u8 {
        self.bytes().get(i).copied().unwrap_or(0)
    }

    /// Length of a line splice at `i` (backslash, optional `\r`, newline), or 0.
    fn splice_len(&self, i: usize) -> usize {
        if self.byte(i) != b'\\' {
            return 0;
        }
        match (self.byte(i + 1), self.byte(i + 2)) {
            (b'\n', _) => 2,
            (b'\r', b'\n') => 3,
            _ => 0,
        }
    }

    /// Skip whitespace, comments and splices. Sets `at_bol` on a newline and
    /// `leading_space` on anything skipped.
    fn skip_trivia(&mut self) {
        loop {
            match self.byte(self.pos) {
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c if self.pos < self.text.len() => {
                    self.pos += 1;
                    self.leading_space = true;
                }
                b'\n' => {
                    self.pos += 1;
                    self.at_bol = true;
                    self.leading_space = false;
                }
                b'\\' => {
                    let n = self.splice_len(self.pos);
                    if n == 0 {
                        return;
                    }
                    self.pos += n;
                }
                b'/' => {
                    let next = self.pos + 1 + self.splice_len(self.pos + 1);
                    match self.byte(next) {
                        b'/' => {
                            self.pos = next + 1;
                            self.skip_line_comment();
                            self.leading_space = true;
                        }
                        b'*' => {
                            let start = self.pos;
                            self.pos = next + 1;
                            match memchr_star_slash(&self.bytes()[self.pos..]) {
                                Some(end) => self.pos += end + 2,
                                None => {
                                    self.pos = self.text.len();
                                    self.error(start, "unterminated /* comment");
                                }
                            }
                            self.leading_space = true;
                        }
                        _ => return,
                    }
                }
                _ => return,
            }
        }
    }

    /// After `//`: up to (not including) the newline, following splices.
    fn skip_line_comment(&mut self) {
        loop {
            match self.bytes()[self.pos..].iter().position(|&b| b == b'\n') {
                None => {
                    self.pos = self.text.len();
                    return;
                }
                Some(nl) => {
                    let at = self.pos + nl;
                    let spliced = at > 0
                        && (self.byte(at - 1) == b'\\'
                            || (self.byte(at - 1) == b'\r'
                                && at > 1
                                && self.byte(at - 2) == b'\\'));
                    if spliced {
                        self.pos = at + 1;
                    } else {
                        self.pos = at;
                        return;
                    }
                }
            }
        }
    }

    fn error(&mut self, offset: usize, message: &str) {
        if !self.quiet {
            self.errors.push(LexError {
                offset: offset as u32,
                message: message.to_string(),
            });
        }
    }

    /// The next token; [`TokenKind::Eof`] at the end (and after it).
    pub fn next(&mut self, sp: &mut Spellings) -> Token {
        self.skip_trivia();
        self.lex_token(sp)
    }

    /// The next token on the current line, or None at its end (the next token
    /// will be at the start of a line) or at the end of the text.
    pub fn next_in_line(&mut self, sp: &mut Spellings) -> Option<Token> {
        self.skip_trivia();
        if self.at_bol || self.at_eof() {
            return None;
        }
        Some(self.lex_token(sp))
    }

    /// Skip the rest of the current line (nothing is interned or reported).
    pub fn skip_line(&mut self, sp: &mut Spellings) {
        let quiet = self.quiet;
        self.quiet = true;
        while self.next_in_line(sp).is_some() {}
        self.quiet = quiet;
    }

    /// The raw text of the rest of the line (for `#error`/`#warning`), trimmed,
    /// with its start offset. Comments are kept; splices are followed.
    pub fn rest_of_line(&mut self) -> (u32, String) {
        self.skip_trivia();
        let start = self.pos;
        if self.at_bol {
            return (start as u32, String::new());
        }
        let mut end = start;
        while self.pos < self.text.len() {
            let b = self.bytes()[self.pos];
            if b == b'\n' {
                break;
            }
            let n = self.splice_len(self.pos);
            self.pos += n.max(1);
            if n == 0 && !b.is_ascii_whitespace() {
                end = self.pos;
            }
        }
        // Stay before the newline: the next read sets `at_bol`.
        let text = self.text.get(start..end).unwrap_or("").trim_end();
        (start as u32, remove_splices(text))
    }

    /// After `#include`: a `<...>` header name on this line, with its location.
    /// None (nothing consumed) when the next character is not `<`.
    pub fn header_name(&mut self) -> Option<(SrcLoc, String)> {
        self.skip_trivia();
        if self.at_bol || self.byte(self.pos) != b'<' {
            return None;
        }
        let start = self.pos;
        let rest = &self.bytes()[start + 1..];
        let end = rest.iter().position(|&b| b == b'>' || b == b'\n')?;
        if rest[end] != b'>' {
            return None;
        }
        self.pos = start + 1 + end + 1;
        self.leading_space = false;
        Some((
            SrcLoc {
                file: self.file,
                offset: start as u32,
            },
            self.text[start + 1..start + 1 + end].to_string(),
        ))
    }

    fn lex_token(&mut self, sp: &mut Spellings) -> Token {
        let start = self.pos;
        let mut flags = TokenFlags::empty();
        flags.set(TokenFlags::AT_START_OF_LINE, self.at_bol);
        flags.set(TokenFlags::LEADING_SPACE, self.leading_space);
        self.at_bol = false;
        self.leading_space = false;
        let mut tok = Token {
            kind: TokenKind::Eof,
            sym: Sym::EMPTY,
            loc: SrcLoc {
                file: self.file,
                offset: start as u32,
            },
            flags,
            expansion: None,
        };
        if start >= self.text.len() {
            return tok;
        }
        let b = self.bytes()[start];
        let (kind, spliced) = match b {
            b'0'..=b'9' => self.lex_number(),
            b'.' if self.byte(start + 1).is_ascii_digit() => self.lex_number(),
            b'"' => self.lex_quoted(b'"', start),
            b'\'' => self.lex_quoted(b'\'', start),
            _ if is_ident_start(b) => match self.literal_prefix() {
                Some((quote, raw)) => {
                    if raw {
                        self.lex_raw_string(start)
                    } else {
                        self.lex_quoted(quote, start)
                    }
                }
                None => self.lex_identifier(),
            },
            _ => match self.lex_punct() {
                Some(kind) => {
                    tok.kind = kind;
                    tok.sym = kind.punct_sym().unwrap_or(Sym::EMPTY);
                    return tok;
                }
                None => {
                    // One character (a whole UTF-8 sequence is an identifier).
                    self.pos += 1;
                    (TokenKind::Unknown, false)
                }
            },
        };
        tok.kind = kind;
        if !self.quiet {
            let raw = &self.text[start..self.pos];
            tok.sym = if spliced {
                sp.intern(&remove_splices(raw))
            } else {
                sp.intern(raw)
            };
        }
        if matches!(kind, TokenKind::CharLiteral | TokenKind::StringLiteral)
            && self.errors.last().is_some_and(|e| e.offset == start as u32)
        {
            tok.flags.insert(TokenFlags::INVALID);
        }
        if kind == TokenKind::IntLiteral && !self.quiet {
            // Pp-numbers: classify by their clean spelling.
            tok.kind = classify_number(sp.get(tok.sym));
        }
        tok
    }

    /// At an identifier start: is this the prefix of a char/string literal
    /// (`u8"`, `L'`, `R"`, `uR"`, ...)? Returns the quote and whether it is raw.
    fn literal_prefix(&mut self) -> Option<(u8, bool)> {
        let p = self.pos;
        let b = &self.bytes()[p..];
        let (len, raw) = match b {
            [b'u', b'8', b'R', b'"', ..] => (3, true),
            [b'u' | b'U' | b'L', b'R', b'"', ..] => (2, true),
            [b'R', b'"', ..] => (1, true),
            [b'u', b'8', b'"' | b'\'', ..] => (2, false),
            [b'u' | b'U' | b'L', b'"' | b'\'', ..] => (1, false),
            _ => return None,
        };
        self.pos += len;
        Some((self.bytes()[self.pos], raw))
    }

    fn lex_identifier(&mut self) -> (TokenKind, bool) {
        let mut spliced = false;
        loop {
            while self.pos < self.text.len() && is_ident_continue(self.bytes()[self.pos]) {
                self.pos += 1;
            }
            let n = self.splice_len(self.pos);
            if n > 0 && is_ident_continue(self.byte(self.pos + n)) {
                self.pos += n;
                spliced = true;
                continue;
            }
            return (TokenKind::Identifier, spliced);
        }
    }

    /// A pp-number: `.`? digit (digit | ident char | `'` digit | `e±` | `p±` | `.`)*.
    /// Returns IntLiteral, reclassified by the caller.
    fn lex_number(&mut self) -> (TokenKind, bool) {
        let mut spliced = false;
        self.pos += 1;
        loop {
            let b = self.byte(self.pos);
            if self.pos >= self.text.len() {
                break;
            }
            let sign_after_exponent = matches!(b, b'+' | b'-')
                && matches!(self.bytes()[self.pos - 1], b'e' | b'E' | b'p' | b'P');
            if sign_after_exponent || is_ident_continue(b) || b == b'.' {
                self.pos += 1;
            } else if b == b'\'' && is_ident_continue(self.byte(self.pos + 1)) {
                self.pos += 2;
            } else {
                let n = self.splice_len(self.pos);
                if n > 0 {
                    let after = self.byte(self.pos + n);
                    if is_ident_continue(after) || after == b'.' {
                        self.pos += n;
                        spliced = true;
                        continue;
                    }
                }
                break;
            }
        }
        (TokenKind::IntLiteral, spliced)
    }

    /// A `'...'` or `"..."` literal starting at `self.pos` (after any prefix);
    /// `start` is the token's first byte. Ends at the line's end when unterminated.
    fn lex_quoted(&mut self, quote: u8, start: usize) -> (TokenKind, bool) {
        let kind = if quote == b'"' {
            TokenKind::StringLiteral
        } else {
            TokenKind::CharLiteral
        };
        let mut spliced = false;
        self.pos += 1;
        loop {
            let Some(rel) = self.bytes()[self.pos..]
                .iter()
                .position(|&b| b == quote || b == b'\\' || b == b'\n')
            else {
                self.pos = self.text.len();
                break;
            };
            self.pos += rel;
            match self.bytes()[self.pos] {
                b'\\' => {
                    let n = self.splice_len(self.pos);
                    if n > 0 {
                        spliced = true;
                        self.pos += n;
                    } else if self.byte(self.pos + 1) == b'\r' || self.byte(self.pos + 1) == b'\n' {
                        self.pos += 1;
                    } else {
                        // Skip the escaped character (a whole UTF-8 sequence is fine:
                        // its continuation bytes are never quotes).
                        self.pos = (self.pos + 2).min(self.text.len());
                    }
                }
                b'\n' => break,
                _ => {
                    self.pos += 1;
                    return (kind, spliced);
                }
            }
        }
        let what = if quote == b'"' { "\"" } else { "'" };
        self.error(start, &format!("missing terminating {what} character"));
        // Keep a trailing '\r' out of the token.
        while self.pos > start + 1 && self.bytes()[self.pos - 1] == b'\r' {
            self.pos -= 1;
        }
        (kind, spliced)
    }

    /// `R"delim( ... )delim"` (the prefix is consumed; `self.pos` is at `"`).
    fn lex_raw_string(&mut self, start: usize) -> (TokenKind, bool) {
        let text = self.text.clone();
        let bytes = text.as_bytes();
        let open = self.pos + 1;
        let delim_len = bytes[open..].iter().take(17).position(|&b| b == b'(');
        let Some(delim_len) = delim_len.filter(|&n| {
            n <= 16
                && bytes[open..open + n].iter().all(|&b| {
                    !matches!(
                        b,
                        b' ' | b'(' | b')' | b'\\' | b'\t' | 0x0b | 0x0c | b'\n' | b'"'
                    )
                })
        }) else {
            self.error(start, "invalid raw string delimiter");
            self.pos = open;
            return (TokenKind::StringLiteral, false);
        };
        let delim = &bytes[open..open + delim_len];
        let mut i = open + delim_len + 1;
        while let Some(rel) = bytes[i..].iter().position(|&b| b == b')') {
            let close = i + rel;
            let after = &bytes[close + 1..];
            if after.starts_with(delim) && after.get(delim_len) == Some(&b'"') {
                self.pos = close + 1 + delim_len + 1;
                return (TokenKind::StringLiteral, false);
            }
            i = close + 1;
        }
        self.error(start, "unterminated raw string");
        self.pos = self.text.len();
        (TokenKind::StringLiteral, false)
    }

    /// A punctuator at `self.pos` (longest match), consumed.
    fn lex_punct(&mut self) -> Option<TokenKind> {
        use TokenKind::*;
        let b = &self.bytes()[self.pos..];
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        let (kind, len) = match at(0) {
            b'(' => (LParen, 1),
            b')' => (RParen, 1),
            b'[' => (LBracket, 1),
            b']' => (RBracket, 1),
            b'{' => (LBrace, 1),
            b'}' => (RBrace, 1),
            b';' => (Semi, 1),
            b',' => (Comma, 1),
            b'?' => (Question, 1),
            b'~' => (Tilde, 1),
            b':' if at(1) == b':' => (ColonColon, 2),
            b':' => (Colon, 1),
            b'.' if at(1) == b'.' && at(2) == b'.' => (Ellipsis, 3),
            b'.' if at(1) == b'*' => (DotStar, 2),
            b'.' => (Dot, 1),
            b'-' if at(1) == b'>' && at(2) == b'*' => (ArrowStar, 3),
            b'-' if at(1) == b'>' => (Arrow, 2),
            b'-' if at(1) == b'-' => (MinusMinus, 2),
            b'-' if at(1) == b'=' => (MinusEq, 2),
            b'-' => (Minus, 1),
            b'+' if at(1) == b'+' => (PlusPlus, 2),
            b'+' if at(1) == b'=' => (PlusEq, 2),
            b'+' => (Plus, 1),
            b'*' if at(1) == b'=' => (StarEq, 2),
            b'*' => (Star, 1),
            b'/' if at(1) == b'=' => (SlashEq, 2),
            b'/' => (Slash, 1),
            b'%' if at(1) == b'=' => (PercentEq, 2),
            b'%' => (Percent, 1),
            b'&' if at(1) == b'&' => (AmpAmp, 2),
            b'&' if at(1) == b'=' => (AmpEq, 2),
            b'&' => (Amp, 1),
            b'|' if at(1) == b'|' => (PipePipe, 2),
            b'|' if at(1) == b'=' => (PipeEq, 2),
            b'|' => (Pipe, 1),
            b'^' if at(1) == b'=' => (CaretEq, 2),
            b'^' => (Caret, 1),
            b'!' if at(1) == b'=' => (BangEq, 2),
            b'!' => (Bang, 1),
            b'=' if at(1) == b'=' => (EqEq, 2),
            b'=' => (Eq, 1),
            b'<' if at(1) == b'<' && at(2) == b'<' => (LessLessLess, 3),
            b'<' if at(1) == b'<' && at(2) == b'=' => (LessLessEq, 3),
            b'<' if at(1) == b'<' => (LessLess, 2),
            b'<' if at(1) == b'=' => (LessEq, 2),
            b'<' => (Less, 1),
            b'>' if at(1) == b'>' && at(2) == b'>' => (GreaterGreaterGreater, 3),
            b'>' if at(1) == b'>' && at(2) == b'=' => (GreaterGreaterEq, 3),
            b'>' if at(1) == b'>' => (GreaterGreater, 2),
            b'>' if at(1) == b'=' => (GreaterEq, 2),
            b'>' => (Greater, 1),
            b'#' if at(1) == b'#' => (HashHash, 2),
            b'#' => (Hash, 1),
            _ => return None,
        };
        self.pos += len;
        Some(kind)
    }
}

/// Position of the first `*/` in `s`.
fn memchr_star_slash(s: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(rel) = s[i..].iter().position(|&b| b == b'/') {
        let at = i + rel;
        if at > 0 && s[at - 1] == b'*' {
            return Some(at - 1);
        }
        i = at + 1;
    }
    None
}

/// A token's spelling without its line splices.
fn remove_splices(raw: &str) -> String {
    raw.replace("\\\r\n", "").replace("\\\n", "")
}

/// Lex a whole text into tokens (no preprocessing), ending with `Eof`.
pub fn lex_all(text: &str, file: FileId, sp: &mut Spellings) -> (Vec<Token>, Vec<LexError>) {
    let mut lx = Lexer::new(text.into(), file);
    let mut out = Vec::new();
    loop {
        let t = lx.next(sp);
        out.push(t);
        if t.kind == TokenKind::Eof {
            break;
        }
    }
    (out, lx.errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    fn lex(text: &str) -> Vec<(TokenKind, String)> {
        let mut sp = Spellings::default();
        let (toks, _) = lex_all(text, FileId(0), &mut sp);
        toks.iter()
            .map(|t| (t.kind, sp.get(t.sym).to_string()))
            .collect()
    }

    fn kinds(text: &str) -> Vec<TokenKind> {
        lex(text).into_iter().map(|(k, _)| k).collect()
    }

    fn errors(text: &str) -> Vec<LexError> {
        let mut sp = Spellings::default();
        lex_all(text, FileId(0), &mut sp).1
    }

    #[test]
    fn punctuators_longest_match() {
        assert_eq!(
            kinds("a<<<b>>>c <<= >>= >> -> ->* .* ... :: ## # != ="),
            vec![
                Identifier,
                LessLessLess,
                Identifier,
                GreaterGreaterGreater,
                Identifier,
                LessLessEq,
                GreaterGreaterEq,
                GreaterGreater,
                Arrow,
                ArrowStar,
                DotStar,
                Ellipsis,
                ColonColon,
                HashHash,
                Hash,
                BangEq,
                Eq,
                Eof
            ]
        );
        for (kind, text) in TokenKind::punctuators() {
            assert_eq!(kinds(text), vec![*kind, Eof], "{text}");
        }
        assert_eq!(kinds(".."), vec![Dot, Dot, Eof]);
    }

    #[test]
    fn numbers() {
        let toks =
            lex("42 0x1Fu 017 0b11 10ull 1.5 .5f 1e10 1.e-3L 0x1.8p3 1'000 12abc 1.2.3 1e+5f");
        let got: Vec<_> = toks.iter().map(|(k, s)| (*k, s.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (IntLiteral, "42"),
                (IntLiteral, "0x1Fu"),
                (IntLiteral, "017"),
                (IntLiteral, "0b11"),
                (IntLiteral, "10ull"),
                (FloatLiteral, "1.5"),
                (FloatLiteral, ".5f"),
                (FloatLiteral, "1e10"),
                (FloatLiteral, "1.e-3L"),
                (FloatLiteral, "0x1.8p3"),
                (IntLiteral, "1'000"),
                (BadNumber, "12abc"),
                (BadNumber, "1.2.3"),
                (FloatLiteral, "1e+5f"),
                (Eof, ""),
            ]
        );
        // `1+2`: the sign is only part of the number after an exponent letter.
        assert_eq!(kinds("1+2"), vec![IntLiteral, Plus, IntLiteral, Eof]);
        assert_eq!(kinds("0xe+1"), vec![BadNumber, Eof]); // as in C
    }

    #[test]
    fn literals_with_prefixes() {
        let got =
            lex(r#"'a' u8'b' L'c' u"d" U"e" u8"f" L"g\"h" R"x(a)"b)x" LR"(y)" u8R"(z)" '\''"#);
        let got_kinds: Vec<_> = got.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            got_kinds,
            vec![
                CharLiteral,
                CharLiteral,
                CharLiteral,
                StringLiteral,
                StringLiteral,
                StringLiteral,
                StringLiteral,
                StringLiteral,
                StringLiteral,
                StringLiteral,
                CharLiteral,
                Eof
            ]
        );
        assert_eq!(got[6].1, r#"L"g\"h""#);
        assert_eq!(got[7].1, r#"R"x(a)"b)x""#);
        // Identifiers that merely start like prefixes.
        assert_eq!(
            kinds("u8x Lx R u"),
            vec![Identifier; 4]
                .into_iter()
                .chain([Eof])
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn comments_splices_and_flags() {
        let mut sp = Spellings::default();
        let (toks, errs) = lex_all(
            "a /* x\n */ b // c \\\n still comment\n  c\\\nd \"s\\\nt\"",
            FileId(0),
            &mut sp,
        );
        assert!(errs.is_empty());
        let names: Vec<_> = toks.iter().map(|t| sp.get(t.sym)).collect();
        assert_eq!(names, vec!["a", "b", "cd", "\"st\"", ""]);
        assert!(toks[0].at_start_of_line());
        assert!(!toks[1].at_start_of_line() && toks[1].has_leading_space());
        assert!(toks[2].at_start_of_line());
        assert!(toks[3].has_leading_space() && !toks[3].at_start_of_line());
    }

    #[test]
    fn lines_for_directives() {
        let mut sp = Spellings::default();
        let mut lx = Lexer::new(
            "#define X 1 /* a\n b */ 2\nnext\n#include <a/b.h> x\n#error  oops \\\n more  \n"
                .into(),
            FileId(0),
        );
        let mut line = vec![lx.next(&mut sp)];
        while let Some(t) = lx.next_in_line(&mut sp) {
            line.push(t);
        }
        let texts: Vec<_> = line.iter().map(|t| sp.get(t.sym)).collect();
        assert_eq!(texts, vec!["#", "define", "X", "1", "2"]);
        let next = lx.next(&mut sp);
        assert!(next.at_start_of_line());
        assert_eq!(sp.get(next.sym), "next");
        assert_eq!(lx.next(&mut sp).kind, Hash);
        lx.next_in_line(&mut sp);
        let (loc, name) = lx.header_name().unwrap();
        assert_eq!((loc.offset, name.as_str()), (39, "a/b.h"));
        let x = lx.next_in_line(&mut sp).unwrap();
        assert_eq!(sp.get(x.sym), "x");
        assert!(lx.next_in_line(&mut sp).is_none());
        assert_eq!(lx.next(&mut sp).kind, Hash);
        lx.next_in_line(&mut sp);
        assert_eq!(lx.rest_of_line().1, "oops  more");
        assert!(lx.next_in_line(&mut sp).is_none());
        assert_eq!(lx.next(&mut sp).kind, Eof);
    }

    #[test]
    fn malformed_input_never_fails() {
        let e = errors("'abc\n\"x");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].message, "missing terminating ' character");
        assert_eq!(e[1].offset, 5);
        assert_eq!(
            errors("/* never closed")[0].message,
            "unterminated /* comment"
        );
        assert_eq!(errors("R\"abc")[0].message, "invalid raw string delimiter");
        assert_eq!(errors("R\"(abc")[0].message, "unterminated raw string");
        assert_eq!(
            kinds("@ ` \\ x"),
            vec![Unknown, Unknown, Unknown, Identifier, Eof]
        );
        assert_eq!(kinds("\"abc\\"), vec![StringLiteral, Eof]);
        assert_eq!(kinds("'"), vec![CharLiteral, Eof]);
        assert_eq!(kinds("é = 1"), vec![Identifier, Eq, IntLiteral, Eof]);
        // Every byte sequence of printable ASCII lexes.
        let mut seed = 12345u64;
        let text: String = (0..20000)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (b' ' + (seed >> 33) as u8 % 95) as char
            })
            .collect();
        let mut sp = Spellings::default();
        let (toks, _) = lex_all(&text, FileId(0), &mut sp);
        assert_eq!(toks.last().unwrap().kind, Eof);
    }

    #[test]
    fn quiet_mode_interns_nothing() {
        let mut sp = Spellings::default();
        let before = sp.len();
        let mut lx = Lexer::new("don't care \"x".into(), FileId(0));
        lx.set_quiet(true);
        while lx.next(&mut sp).kind != Eof {}
        assert!(lx.errors.is_empty());
        assert_eq!(sp.len(), before);
    }
}
