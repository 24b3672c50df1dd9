//! `#if` constant expressions (C11 6.10.1), on tokens already macro-expanded
//! (with `defined` and `__has_include` replaced by `0`/`1`).
//!
//! Values are `intmax_t`/`uintmax_t` (64 bits): the usual arithmetic
//! conversions make an operation unsigned when either operand is; `&&`, `||`,
//! `!`, comparisons give signed 0/1. Identifiers left after expansion are 0
//! (`true` is 1 and `false` 0, as in C++). Unevaluated operands (`0 && 1/0`,
//! the untaken side of `?:`) are not diagnosed. Recursion depth is bounded:
//! deeper nesting is a diagnostic, not a stack overflow.

use crate::cuda::diag::Diag;
use crate::cuda::literal::{parse_char, parse_int};
use crate::cuda::source::SourceMap;
use crate::cuda::token::{Sym, Token, TokenKind};

/// Deepest nesting of parentheses, unary operators and `?:`.
pub(super) const MAX_DEPTH: usize = 256;

/// How identifiers are treated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// `#if`: identifiers are 0.
    If,
    /// A constant (`#pragma unroll N`): an identifier makes it not constant.
    Constant,
}

pub(super) struct Names {
    pub true_: Sym,
    pub false_: Sym,
}

/// A value of a preprocessor expression.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Value {
    pub bits: u64,
    pub unsigned: bool,
}

impl Value {
    fn signed(v: i64) -> Value {
        Value {
            bits: v as u64,
            unsigned: false,
        }
    }
    fn boolean(b: bool) -> Value {
        Value::signed(b as i64)
    }
    pub fn is_true(self) -> bool {
        self.bits != 0
    }
    pub fn as_i64(self) -> i64 {
        self.bits as i64
    }
    pub fn display(self) -> String {
        if self.unsigned {
            self.bits.to_string()
        } else {
            self.as_i64().to_string()
        }
    }
}

pub(super) struct EvalResult {
    pub value: Result<Value, Diag>,
    pub warnings: Vec<Diag>,
}

/// Evaluate `toks`; `end` is the last token of the line (for "expected value"
/// at the end).
pub(super) fn evaluate(
    toks: &[Token],
    sm: &SourceMap,
    names: &Names,
    end: &Token,
    mode: Mode,
) -> EvalResult {
    let mut p = Parser {
        toks,
        pos: 0,
        sm,
        names,
        end,
        mode,
        depth: 0,
        warnings: Vec::new(),
    };
    let value = p.comma(true).and_then(|v| match p.peek() {
        None => Ok(v),
        Some(t) => {
            let text = sm.spelling(t.sym);
            Err(Diag::error_at(
                t,
                if t.kind == TokenKind::RParen {
                    "unexpected ')' in preprocessor expression".to_string()
                } else {
                    format!("missing binary operator before token \"{text}\"")
                },
            ))
        }
    });
    EvalResult {
        value,
        warnings: p.warnings,
    }
}

struct Parser<'a> {
    toks: &'a [Token],
    pos: usize,
    sm: &'a SourceMap,
    names: &'a Names,
    end: &'a Token,
    mode: Mode,
    depth: usize,
    warnings: Vec<Diag>,
}

type R = Result<Value, Diag>;

/// Binary operators by precedence (higher binds tighter).
fn binary_prec(kind: TokenKind) -> Option<u8> {
    use TokenKind::*;
    Some(match kind {
        Star | Slash | Percent => 10,
        Plus | Minus => 9,
        LessLess | GreaterGreater => 8,
        Less | Greater | LessEq | GreaterEq => 7,
        EqEq | BangEq => 6,
        Amp => 5,
        Caret => 4,
        Pipe => 3,
        AmpAmp => 2,
        PipePipe => 1,
        _ => return None,
    })
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.toks.get(self.pos)
    }
    fn bump(&mut self) -> Option<&'a Token> {
        let t = self.toks.get(self.pos);
        self.pos += 1;
        t
    }
    /// The token at which to report "expected ...": the next one, or the end.
    fn here(&self) -> &'a Token {
        self.peek().unwrap_or(self.end)
    }

    fn enter(&mut self) -> Result<(), Diag> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diag::error_at(
                self.here(),
                format!("preprocessor expression nested too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    fn overflow(&mut self, at: &Token, ev: bool) {
        if ev {
            self.warnings.push(Diag::warning_at(
                at,
                "integer overflow in preprocessor expression",
            ));
        }
    }

    fn comma(&mut self, ev: bool) -> R {
        let mut v = self.conditional(ev)?;
        while self.peek().is_some_and(|t| t.kind == TokenKind::Comma) {
            self.bump();
            v = self.conditional(ev)?;
        }
        Ok(v)
    }

    fn conditional(&mut self, ev: bool) -> R {
        self.enter()?;
        let cond = self.binary(1, ev)?;
        let r = if self.peek().is_some_and(|t| t.kind == TokenKind::Question) {
            self.bump();
            let c = cond.is_true();
            let a = self.comma(ev && c)?;
            match self.bump() {
                Some(t) if t.kind == TokenKind::Colon => {}
                _ => {
                    return Err(Diag::error_at(
                        self.toks.get(self.pos - 1).unwrap_or(self.end),
                        "expected ':' in preprocessor expression",
                    ));
                }
            }
            let b = self.conditional(ev && !c)?;
            let unsigned = a.unsigned || b.unsigned;
            let mut v = if c { a } else { b };
            v.unsigned = unsigned;
            Ok(v)
        } else {
            Ok(cond)
        };
        self.depth -= 1;
        r
    }

    fn binary(&mut self, min_prec: u8, ev: bool) -> R {
        let mut lhs = self.unary(ev)?;
        while let Some(op) = self.peek() {
            let Some(prec) = binary_prec(op.kind) else {
                break;
            };
            if prec < min_prec {
                break;
            }
            self.bump();
            let rhs_ev = match op.kind {
                TokenKind::AmpAmp => ev && lhs.is_true(),
                TokenKind::PipePipe => ev && !lhs.is_true(),
                _ => ev,
            };
            let rhs = self.binary(prec + 1, rhs_ev)?;
            lhs = self.apply(op, lhs, rhs, ev)?;
        }
        Ok(lhs)
    }

    fn apply(&mut self, op: &Token, l: Value, r: Value, ev: bool) -> R {
        use TokenKind::*;
        let unsigned = l.unsigned || r.unsigned;
        let (a, b) = (l.bits, r.bits);
        let (sa, sb) = (a as i64, b as i64);
        let arith = |bits: u64| Value { bits, unsigned };
        Ok(match op.kind {
            Star => {
                if !unsigned && sa.checked_mul(sb).is_none() {
                    self.overflow(op, ev);
                }
                arith(a.wrapping_mul(b))
            }
            Slash | Percent => {
                if b == 0 {
                    if ev {
                        let what = if op.kind == Slash {
                            "division"
                        } else {
                            "remainder"
                        };
                        return Err(Diag::error_at(
                            op,
                            format!("{what} by zero in preprocessor expression"),
                        ));
                    }
                    return Ok(arith(0));
                }
                if unsigned {
                    arith(if op.kind == Slash { a / b } else { a % b })
                } else {
                    if sa == i64::MIN && sb == -1 {
                        self.overflow(op, ev);
                    }
                    arith(if op.kind == Slash {
                        sa.wrapping_div(sb) as u64
                    } else {
                        sa.wrapping_rem(sb) as u64
                    })
                }
            }
            Plus => {
                if !unsigned && sa.checked_add(sb).is_none() {
                    self.overflow(op, ev);
                }
                arith(a.wrapping_add(b))
            }
            Minus => {
                if !unsigned && sa.checked_sub(sb).is_none() {
                    self.overflow(op, ev);
                }
                arith(a.wrapping_sub(b))
            }
            LessLess | GreaterGreater => {
                // The result has the left operand's type.
                let count = if r.unsigned { b.min(64) as i64 } else { sb };
                let left = op.kind == LessLess;
                let (left, n) = if count < 0 {
                    (!left, count.unsigned_abs())
                } else {
                    (left, count as u64)
                };
                let bits = if left {
                    if n >= 64 { 0 } else { a << n }
                } else if l.unsigned {
                    if n >= 64 { 0 } else { a >> n }
                } else {
                    (sa >> n.min(63)) as u64
                };
                if ev && (n >= 64 || count < 0) {
                    self.warnings.push(Diag::warning_at(
                        op,
                        "shift count is negative or too large in preprocessor expression",
                    ));
                }
                Value {
                    bits,
                    unsigned: l.unsigned,
                }
            }
            Less | Greater | LessEq | GreaterEq => {
                let ord = if unsigned { a.cmp(&b) } else { sa.cmp(&sb) };
                Value::boolean(match op.kind {
                    Less => ord.is_lt(),
                    Greater => ord.is_gt(),
                    LessEq => ord.is_le(),
                    _ => ord.is_ge(),
                })
            }
            EqEq => Value::boolean(a == b),
            BangEq => Value::boolean(a != b),
            Amp => arith(a & b),
            Caret => arith(a ^ b),
            Pipe => arith(a | b),
            AmpAmp => Value::boolean(l.is_true() && r.is_true()),
            PipePipe => Value::boolean(l.is_true() || r.is_true()),
            _ => unreachable!("not a binary operator"),
        })
    }

    fn unary(&mut self, ev: bool) -> R {
        let Some(t) = self.peek() else {
            return Err(Diag::error_at(self.end, "expected value in expression"));
        };
        match t.kind {
            TokenKind::Plus | TokenKind::Minus | TokenKind::Tilde | TokenKind::Bang => {
                self.bump();
                self.enter()?;
                let v = self.unary(ev)?;
                self.depth -= 1;
                Ok(match t.kind {
                    TokenKind::Plus => v,
                    TokenKind::Minus => {
                        if !v.unsigned && v.bits == i64::MIN as u64 {
                            self.overflow(t, ev);
                        }
                        Value {
                            bits: v.bits.wrapping_neg(),
                            unsigned: v.unsigned,
                        }
                    }
                    TokenKind::Tilde => Value {
                        bits: !v.bits,
                        unsigned: v.unsigned,
                    },
                    _ => Value::boolean(!v.is_true()),
                })
            }
            _ => self.primary(ev),
        }
    }

    fn primary(&mut self, ev: bool) -> R {
        let t = self.here();
        let Some(t) = self.bump() else {
            return Err(Diag::error_at(t, "expected value in expression"));
        };
        let text = self.sm.spelling(t.sym);
        match t.kind {
            TokenKind::IntLiteral => match parse_int(text) {
                Ok(lit) => {
                    let big = lit.value > i64::MAX as u64;
                    if big && !lit.suffix.unsigned && lit.radix == 10 {
                        self.warnings.push(Diag::warning_at(
                            t,
                            "integer constant is so large that it is unsigned",
                        ));
                    }
                    Ok(Value {
                        bits: lit.value,
                        unsigned: lit.suffix.unsigned || big,
                    })
                }
                Err(msg) => Err(Diag::error_at(t, msg)),
            },
            TokenKind::CharLiteral => match parse_char(text) {
                Ok(c) => Ok(Value::signed(c.value)),
                Err(msg) => Err(Diag::error_at(t, msg)),
            },
            TokenKind::BadNumber => Err(Diag::error_at(
                t,
                parse_int(text)
                    .err()
                    .unwrap_or_else(|| format!("invalid preprocessing number '{text}'")),
            )),
            TokenKind::FloatLiteral => Err(Diag::error_at(
                t,
                "floating constant in preprocessor expression",
            )),
            TokenKind::Identifier => {
                if t.sym == self.names.true_ {
                    Ok(Value::boolean(true))
                } else if t.sym == self.names.false_ {
                    Ok(Value::boolean(false))
                } else if self.mode == Mode::Constant {
                    Err(Diag::error_at(t, "not a preprocessor constant"))
                } else {
                    Ok(Value::signed(0))
                }
            }
            TokenKind::LParen => {
                self.enter()?;
                let v = self.comma(ev)?;
                self.depth -= 1;
                match self.peek() {
                    Some(c) if c.kind == TokenKind::RParen => {
                        self.bump();
                        Ok(v)
                    }
                    _ => Err(Diag::error_at(
                        self.here(),
                        "missing ')' in preprocessor expression",
                    )),
                }
            }
            _ => Err(Diag::error_at(
                t,
                format!("token \"{text}\" is not valid in preprocessor expressions"),
            )),
        }
    }
}
