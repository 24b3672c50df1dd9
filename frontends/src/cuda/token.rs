//! Tokens: what the lexer produces, the preprocessor rewrites and the parser reads.
//!
//! A [`Token`] is small and `Copy`: a [`TokenKind`], its spelling as an interned
//! [`Sym`] (look it up with [`SourceMap::spelling`](super::source::SourceMap::spelling)),
//! the [`SrcLoc`] where that spelling was written, two layout flags and, for tokens
//! produced by a macro expansion, an [`ExpansionId`] naming the expansion (see
//! [`SourceMap::expansion`](super::source::SourceMap::expansion)).
//!
//! Keywords are identifiers: the parser decides what `int`, `template` or
//! `__global__` mean. Literals keep their spelling; [`super::literal`] decodes
//! them (values, suffixes, prefixes, escapes).
//!
//! # `>>` and `>>>` in templates
//!
//! The lexer joins `>` greedily, as C++ and CUDA require: `a >> b`, `x >>= 1`,
//! `k<<<g, b>>>(...)`. A template-aware parser that expects a single `>` to close
//! a template argument list and finds `>>`, `>>>`, `>=` or `>>=` splits the token
//! with [`Token::split_greater`]: the first `>` closes the list and the rest
//! (`>`, `>>`, `=` or `>=`) is the next token, one byte further. `<<<` and `>>>`
//! are always lexed as the CUDA launch brackets (as clang does in CUDA mode);
//! a parser that meets `<<<` outside a launch reports it.

use super::source::SrcLoc;

/// An interned spelling (identifier names, literal texts, punctuator texts).
///
/// Punctuators and [`Sym::EMPTY`] are interned first, at fixed indices, so
/// [`TokenKind::punct_sym`] needs no interner.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Sym(pub u32);

impl Sym {
    /// The empty string.
    pub const EMPTY: Sym = Sym(0);
}

/// Index of a macro expansion in the [`SourceMap`](super::source::SourceMap)'s
/// expansion table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ExpansionId(pub u32);

/// One entry of the expansion table: "in expansion of macro `name` at `use_loc`".
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ExpansionInfo {
    /// The macro's name.
    pub name: Sym,
    /// Where the macro's name was written at the use (for a use inside another
    /// expansion, the spelling location of that name, e.g. in a `#define` body).
    pub use_loc: SrcLoc,
    /// The expansion the use itself came from, if any (outer macro).
    pub parent: Option<ExpansionId>,
}

/// Layout flags of a token.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TokenFlags(u8);

impl TokenFlags {
    /// First token of a line (in its source file).
    pub const AT_START_OF_LINE: TokenFlags = TokenFlags(1);
    /// Whitespace or a comment comes before the token.
    pub const LEADING_SPACE: TokenFlags = TokenFlags(2);
    /// An identifier that names a macro but must not be expanded (the C standard's
    /// "painted blue" rule: it appeared inside that macro's own expansion).
    pub const NO_EXPAND: TokenFlags = TokenFlags(4);
    /// The lexer found an error in this token (unterminated literal, ...); the
    /// preprocessor has reported it.
    pub const INVALID: TokenFlags = TokenFlags(8);

    pub const fn empty() -> TokenFlags {
        TokenFlags(0)
    }
    pub const fn contains(self, other: TokenFlags) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn insert(&mut self, other: TokenFlags) {
        self.0 |= other.0;
    }
    pub fn remove(&mut self, other: TokenFlags) {
        self.0 &= !other.0;
    }
    pub fn set(&mut self, other: TokenFlags, on: bool) {
        if on {
            self.insert(other)
        } else {
            self.remove(other)
        }
    }
}

impl std::ops::BitOr for TokenFlags {
    type Output = TokenFlags;
    fn bitor(self, rhs: TokenFlags) -> TokenFlags {
        TokenFlags(self.0 | rhs.0)
    }
}

impl std::fmt::Debug for TokenFlags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names = Vec::new();
        for (flag, name) in [
            (TokenFlags::AT_START_OF_LINE, "bol"),
            (TokenFlags::LEADING_SPACE, "space"),
            (TokenFlags::NO_EXPAND, "no_expand"),
            (TokenFlags::INVALID, "invalid"),
        ] {
            if self.contains(flag) {
                names.push(name);
            }
        }
        write!(f, "[{}]", names.join(","))
    }
}

/// A token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Token {
    pub kind: TokenKind,
    /// The spelling (line splices removed). For punctuators, `kind.punct_sym()`.
    pub sym: Sym,
    /// Where the spelling was written: in a file, or in a `#define` body for a
    /// token that a macro produced. A token made by `##` or `#` is located at the
    /// operator's left operand or at the `#`.
    pub loc: SrcLoc,
    pub flags: TokenFlags,
    /// The macro expansion that produced this token (None: written in the file).
    pub expansion: Option<ExpansionId>,
}

impl Token {
    pub fn at_start_of_line(&self) -> bool {
        self.flags.contains(TokenFlags::AT_START_OF_LINE)
    }
    pub fn has_leading_space(&self) -> bool {
        self.flags.contains(TokenFlags::LEADING_SPACE)
    }
    pub fn is(&self, kind: TokenKind) -> bool {
        self.kind == kind
    }
    pub fn is_eof(&self) -> bool {
        self.kind == TokenKind::Eof
    }

    /// Split `>>`, `>>>`, `>=` or `>>=` into a `>` and the rest (for template
    /// argument lists). None for any other token.
    pub fn split_greater(&self) -> Option<(Token, Token)> {
        let rest = self.kind.split_greater()?;
        let first = Token {
            kind: TokenKind::Greater,
            sym: TokenKind::Greater.punct_sym()?,
            ..*self
        };
        let mut second = Token {
            kind: rest,
            sym: rest.punct_sym()?,
            loc: SrcLoc {
                file: self.loc.file,
                offset: self.loc.offset + 1,
            },
            ..*self
        };
        second.flags.remove(TokenFlags::AT_START_OF_LINE);
        second.flags.remove(TokenFlags::LEADING_SPACE);
        Some((first, second))
    }
}

macro_rules! punctuators {
    ($($name:ident = $text:literal,)*) => {
        /// What a token is. Punctuators are listed with their spelling.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum TokenKind {
            /// Identifiers and keywords.
            Identifier,
            /// An integer literal: decimal, `0x`, `0b` or octal, with `u`/`l`/`ll`
            /// suffixes (see [`super::literal::parse_int`]).
            IntLiteral,
            /// A floating literal: with a `.`, a decimal exponent `e`, or a hex
            /// exponent `p`, with an `f`/`F`/`l`/`L` suffix
            /// (see [`super::literal::parse_float`]).
            FloatLiteral,
            /// A preprocessing number that is neither (e.g. `1.2.3`, `0x`, `12abc`):
            /// passed through, reported by whoever needs its value.
            BadNumber,
            /// `'a'`, `u8'a'`, `u'a'`, `U'a'`, `L'a'` (see [`super::literal::parse_char`]).
            CharLiteral,
            /// `"..."` with an optional prefix `u8`, `u`, `U`, `L` and raw strings
            /// `R"d(...)d"` (see [`super::literal::parse_string`]).
            StringLiteral,
            /// A character that starts no token (`@`, a backquote, a lone `\`, a
            /// non-ASCII character outside identifiers): the parser reports it.
            Unknown,
            /// `#pragma unroll` (None) or `#pragma unroll N` with N a constant the
            /// preprocessor could evaluate (macros expanded). Stands before the loop.
            PragmaUnroll(Option<u32>),
            /// `#pragma unroll EXPR` whose count the preprocessor cannot evaluate
            /// (a template parameter, a constexpr variable): the macro-expanded
            /// tokens of EXPR follow, then [`TokenKind::PragmaEnd`].
            PragmaUnrollExpr,
            /// Ends the tokens of a [`TokenKind::PragmaUnrollExpr`].
            PragmaEnd,
            /// End of the token stream (always the last token).
            Eof,
            $($name,)*
        }

        const PUNCTS: &[(TokenKind, &str)] = &[$((TokenKind::$name, $text),)*];

        /// Index of each punctuator in `PUNCTS`.
        #[allow(clippy::enum_variant_names)]
        enum PunctIndex { $($name,)* }

        impl TokenKind {
            /// The fixed interned spelling of a punctuator.
            pub fn punct_sym(self) -> Option<Sym> {
                match self {
                    $(TokenKind::$name => Some(Sym(PunctIndex::$name as u32 + 1)),)*
                    _ => None,
                }
            }
        }
    };
}

punctuators! {
    LParen = "(",
    RParen = ")",
    LBracket = "[",
    RBracket = "]",
    LBrace = "{",
    RBrace = "}",
    Semi = ";",
    Comma = ",",
    Colon = ":",
    ColonColon = "::",
    Question = "?",
    Dot = ".",
    DotStar = ".*",
    Ellipsis = "...",
    Arrow = "->",
    ArrowStar = "->*",
    Plus = "+",
    PlusPlus = "++",
    PlusEq = "+=",
    Minus = "-",
    MinusMinus = "--",
    MinusEq = "-=",
    Star = "*",
    StarEq = "*=",
    Slash = "/",
    SlashEq = "/=",
    Percent = "%",
    PercentEq = "%=",
    Amp = "&",
    AmpAmp = "&&",
    AmpEq = "&=",
    Pipe = "|",
    PipePipe = "||",
    PipeEq = "|=",
    Caret = "^",
    CaretEq = "^=",
    Tilde = "~",
    Bang = "!",
    BangEq = "!=",
    Eq = "=",
    EqEq = "==",
    Less = "<",
    LessEq = "<=",
    LessLess = "<<",
    LessLessEq = "<<=",
    LessLessLess = "<<<",
    Greater = ">",
    GreaterEq = ">=",
    GreaterGreater = ">>",
    GreaterGreaterEq = ">>=",
    GreaterGreaterGreater = ">>>",
    Hash = "#",
    HashHash = "##",
}

impl TokenKind {
    /// The punctuators, in the order of their fixed [`Sym`]s (index + 1).
    pub fn punctuators() -> &'static [(TokenKind, &'static str)] {
        PUNCTS
    }

    /// The spelling of a punctuator.
    pub fn punct_text(self) -> Option<&'static str> {
        self.punct_sym().map(|s| PUNCTS[s.0 as usize - 1].1)
    }

    /// A punctuator, given its spelling.
    pub fn from_punct(text: &str) -> Option<TokenKind> {
        PUNCTS.iter().find(|(_, t)| *t == text).map(|(k, _)| *k)
    }

    pub fn is_punctuator(self) -> bool {
        self.punct_sym().is_some()
    }

    pub fn is_literal(self) -> bool {
        matches!(
            self,
            TokenKind::IntLiteral
                | TokenKind::FloatLiteral
                | TokenKind::BadNumber
                | TokenKind::CharLiteral
                | TokenKind::StringLiteral
        )
    }

    /// What follows the first `>` of `>>`, `>>>`, `>=`, `>>=`.
    pub fn split_greater(self) -> Option<TokenKind> {
        match self {
            TokenKind::GreaterGreater => Some(TokenKind::Greater),
            TokenKind::GreaterGreaterGreater => Some(TokenKind::GreaterGreater),
            TokenKind::GreaterEq => Some(TokenKind::Eq),
            TokenKind::GreaterGreaterEq => Some(TokenKind::GreaterEq),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cuda::source::FileId;

    #[test]
    fn punctuator_syms_are_fixed_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for (kind, text) in TokenKind::punctuators() {
            assert!(seen.insert(kind.punct_sym().unwrap()));
            assert_eq!(TokenKind::from_punct(text), Some(*kind));
            assert_eq!(kind.punct_text(), Some(*text));
        }
        assert_eq!(TokenKind::Identifier.punct_sym(), None);
    }

    #[test]
    fn greater_tokens_split_for_templates() {
        let tok = Token {
            kind: TokenKind::GreaterGreaterGreater,
            sym: TokenKind::GreaterGreaterGreater.punct_sym().unwrap(),
            loc: SrcLoc {
                file: FileId(0),
                offset: 10,
            },
            flags: TokenFlags::LEADING_SPACE,
            expansion: None,
        };
        let (a, b) = tok.split_greater().unwrap();
        assert_eq!(a.kind, TokenKind::Greater);
        assert_eq!(b.kind, TokenKind::GreaterGreater);
        assert_eq!(b.loc.offset, 11);
        assert!(a.has_leading_space() && !b.has_leading_space());
        let (_, c) = b.split_greater().unwrap();
        assert_eq!(c.kind, TokenKind::Greater);
        assert!(c.split_greater().is_none());
        assert_eq!(
            TokenKind::GreaterGreaterEq.split_greater(),
            Some(TokenKind::GreaterEq)
        );
    }

    #[test]
    fn tokens_stay_small() {
        assert!(std::mem::size_of::<Token>() <= 32);
    }
}
