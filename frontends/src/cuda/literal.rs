//! Decoding literal tokens: integers, floats, characters and strings.
//!
//! The functions take a token's spelling and return its value or a message
//! (the caller locates it at the token). C++14 digit separators (`1'000'000`)
//! are accepted in numbers.

/// Integer suffix: `u`, `l`/`ll` in any order and case (`ull`, `LLU`, `lu`, ...).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct IntSuffix {
    pub unsigned: bool,
    /// 0: none, 1: `l`, 2: `ll`.
    pub long: u8,
}

/// A decoded integer literal.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct IntLit {
    pub value: u64,
    /// 2, 8, 10 or 16. (Decimal literals have C's type rules; the others may be unsigned.)
    pub radix: u32,
    pub suffix: IntSuffix,
}

/// Floating suffix.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FloatSuffix {
    /// none: `double`
    None,
    /// `f`/`F`: `float`
    F,
    /// `l`/`L`: `long double`
    L,
}

/// A decoded floating literal, rounded to both formats (rounded once each).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct FloatLit {
    pub f64_value: f64,
    pub f32_value: f32,
    pub suffix: FloatSuffix,
    pub hex: bool,
}

/// Encoding prefix of a character or string literal.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    /// none: `char`
    Plain,
    /// `u8`: UTF-8 `char`
    Utf8,
    /// `u`: `char16_t`
    Utf16,
    /// `U`: `char32_t`
    Utf32,
    /// `L`: `wchar_t` (32 bits, as on Linux)
    Wide,
}

impl Encoding {
    /// Size in bytes of one code unit.
    pub fn unit_size(self) -> usize {
        match self {
            Encoding::Plain | Encoding::Utf8 => 1,
            Encoding::Utf16 => 2,
            Encoding::Utf32 | Encoding::Wide => 4,
        }
    }
}

/// A decoded character literal.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CharLit {
    pub encoding: Encoding,
    /// The value as the literal's type holds it, sign-extended for plain `char`
    /// (which is signed here, as on x86 and in nvcc): `'\xff'` is -1.
    pub value: i64,
    /// More than one character (`'ab'`): `int`, implementation-defined value.
    pub multichar: bool,
}

/// A decoded string literal: code units of its encoding, without the final NUL.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StrLit {
    pub encoding: Encoding,
    pub units: Vec<u32>,
}

/// How the lexer classifies a preprocessing number.
pub fn classify_number(text: &str) -> super::token::TokenKind {
    use super::token::TokenKind;
    if parse_int(text).is_ok_and_shape(text) {
        TokenKind::IntLiteral
    } else if parse_float(text).is_ok() {
        TokenKind::FloatLiteral
    } else {
        TokenKind::BadNumber
    }
}

trait IntShape {
    fn is_ok_and_shape(&self, text: &str) -> bool;
}

impl IntShape for Result<IntLit, String> {
    /// An integer literal that is only too large is still an integer literal.
    fn is_ok_and_shape(&self, text: &str) -> bool {
        match self {
            Ok(_) => true,
            Err(msg) => msg.starts_with("integer literal is too large") && !text.is_empty(),
        }
    }
}

fn strip_separators(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\'') {
        text.replace('\'', "").into()
    } else {
        text.into()
    }
}

/// Decode an integer literal (`42`, `0x2Au`, `052`, `0b101`, `10ull`, `1'000`).
pub fn parse_int(text: &str) -> Result<IntLit, String> {
    let clean = strip_separators(text);
    let t = clean.as_ref();
    let (radix, body) = if let Some(r) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (16, r)
    } else if let Some(r) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (2, r)
    } else if t.starts_with('0') && t.len() > 1 {
        (8, &t[1..])
    } else {
        (10, t)
    };
    let digits_end = body
        .find(|c: char| !c.is_ascii_hexdigit() || (radix != 16 && c.is_ascii_alphabetic()))
        .unwrap_or(body.len());
    let (digits, suffix_text) = body.split_at(digits_end);
    if digits.is_empty() && radix != 8 {
        return Err(format!("invalid integer literal '{text}'"));
    }
    let suffix = parse_int_suffix(suffix_text)
        .ok_or_else(|| format!("invalid suffix '{suffix_text}' on integer constant"))?;
    let mut value: u64 = 0;
    let mut overflow = false;
    for c in digits.chars() {
        let d = c.to_digit(16).unwrap_or(99);
        if d >= radix {
            return Err(format!(
                "invalid digit '{c}' in {} constant",
                radix_name(radix)
            ));
        }
        match value
            .checked_mul(radix as u64)
            .and_then(|v| v.checked_add(d as u64))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
    }
    if overflow {
        return Err(format!(
            "integer literal is too large to be represented in any integer type: '{text}'"
        ));
    }
    Ok(IntLit {
        value,
        radix,
        suffix,
    })
}

fn radix_name(radix: u32) -> &'static str {
    match radix {
        2 => "binary",
        8 => "octal",
        16 => "hexadecimal",
        _ => "decimal",
    }
}

fn parse_int_suffix(s: &str) -> Option<IntSuffix> {
    let lower = s.to_ascii_lowercase();
    let (unsigned, long_part) = match lower.as_str() {
        _ if lower.starts_with('u') => (true, &s[1..]),
        _ if lower.ends_with('u') => (true, &s[..s.len() - 1]),
        _ => (false, s),
    };
    let long = match long_part {
        "" => 0,
        "l" | "L" => 1,
        "ll" | "LL" => 2,
        _ => return None,
    };
    Some(IntSuffix { unsigned, long })
}

/// Decode a floating literal (`1.0`, `.5f`, `1e-3`, `2.L`, `0x1.8p3f`).
pub fn parse_float(text: &str) -> Result<FloatLit, String> {
    let clean = strip_separators(text);
    let t = clean.as_ref();
    let (body, suffix) = match t.as_bytes().last() {
        Some(b'f' | b'F') if !is_hex(t) || has_hex_exponent(t) => {
            (&t[..t.len() - 1], FloatSuffix::F)
        }
        Some(b'l' | b'L') => (&t[..t.len() - 1], FloatSuffix::L),
        _ => (t, FloatSuffix::None),
    };
    let bad = || format!("invalid floating constant '{text}'");
    if is_hex(body) {
        let (f64_value, f32_value) = parse_hex_float(&body[2..]).ok_or_else(bad)?;
        return Ok(FloatLit {
            f64_value,
            f32_value,
            suffix,
            hex: true,
        });
    }
    // Decimal: digits with a '.' or an exponent.
    let b = body.as_bytes();
    let mut i = 0;
    let mut mantissa_digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        mantissa_digits += 1;
    }
    let mut dot = false;
    if i < b.len() && b[i] == b'.' {
        dot = true;
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            mantissa_digits += 1;
        }
    }
    let mut exp = false;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        exp = true;
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(format!("exponent has no digits in '{text}'"));
        }
    }
    if i != b.len() || mantissa_digits == 0 || !(dot || exp) {
        return Err(bad());
    }
    let f64_value: f64 = body.parse().map_err(|_| bad())?;
    let f32_value: f32 = body.parse().map_err(|_| bad())?;
    Ok(FloatLit {
        f64_value,
        f32_value,
        suffix,
        hex: false,
    })
}

fn is_hex(t: &str) -> bool {
    t.starts_with("0x") || t.starts_with("0X")
}

fn has_hex_exponent(t: &str) -> bool {
    t.contains(['p', 'P'])
}

/// `h.hhhp±d` (after `0x`), rounded once into each format.
fn parse_hex_float(s: &str) -> Option<(f64, f32)> {
    let (mant, exp) = s.split_once(['p', 'P'])?;
    let exp: i64 = match exp.strip_prefix('+') {
        Some(e) if !e.starts_with(['+', '-']) => e.parse().ok()?,
        Some(_) => return None,
        None => exp.parse().ok()?,
    };
    let (int_part, frac_part) = mant.split_once('.').unwrap_or((mant, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut m: u64 = 0;
    let mut sticky = false;
    let mut scale: i64 = 0; // value = m * 2^scale
    for (i, c) in int_part.chars().chain(frac_part.chars()).enumerate() {
        let d = c.to_digit(16)? as u64;
        let in_frac = i >= int_part.len();
        if m >> 60 == 0 {
            m = m * 16 + d;
            if in_frac {
                scale -= 4;
            }
        } else {
            sticky |= d != 0;
            if !in_frac {
                scale += 4;
            }
        }
    }
    if sticky {
        m |= 1; // m has >60 bits; the lowest is below both formats' precision
    }
    let e = exp.saturating_add(scale).clamp(-100_000, 100_000) as i32;
    Some((scale_f64(m as f64, e), scale_f32(m, e)))
}

fn scale_f64(mut v: f64, mut e: i32) -> f64 {
    while e > 0 {
        let step = e.min(1000);
        v *= 2f64.powi(step);
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(1000);
        v /= 2f64.powi(step);
        e += step;
    }
    v
}

fn scale_f32(m: u64, e: i32) -> f32 {
    // Scale in f64 (exact while in range), round once to f32.
    if m == 0 {
        return 0.0;
    }
    // Keep 53 significant bits for the f64 step to stay exact (sticky in bit 0).
    let lz = m.leading_zeros() as i32;
    let shift = (64 - lz - 53).max(0);
    let kept = if shift > 0 {
        let rest = m & ((1u64 << shift) - 1);
        (m >> shift) | (rest != 0) as u64
    } else {
        m
    };
    scale_f64(kept as f64, e + shift) as f32
}

fn split_prefix(text: &str) -> (Encoding, &str) {
    for (p, e) in [
        ("u8", Encoding::Utf8),
        ("u", Encoding::Utf16),
        ("U", Encoding::Utf32),
        ("L", Encoding::Wide),
    ] {
        if let Some(rest) = text.strip_prefix(p)
            && rest.starts_with(['\'', '"', 'R'])
        {
            return (e, rest);
        }
    }
    (Encoding::Plain, text)
}

/// Decode the escapes of a literal's body into code points (bytes for `\x`/octal
/// escapes are returned as values `< 0x100` flagged `raw`).
fn decode_body(body: &str, encoding: Encoding) -> Result<Vec<(u32, bool)>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    let max_unit: u64 = match encoding.unit_size() {
        1 => 0xFF,
        2 => 0xFFFF,
        _ => 0xFFFF_FFFF,
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push((c as u32, false));
            continue;
        }
        let Some(e) = chars.next() else {
            return Err("incomplete escape sequence".into());
        };
        let v = match e {
            'n' => 10,
            't' => 9,
            'r' => 13,
            'v' => 11,
            'b' => 8,
            'f' => 12,
            'a' => 7,
            'e' | 'E' => 27,
            '\\' | '\'' | '"' | '?' => e as u32,
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                if v as u64 > max_unit {
                    return Err("octal escape sequence out of range".into());
                }
                out.push((v, true));
                continue;
            }
            'x' => {
                let mut v: u64 = 0;
                let mut n = 0;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                    v = (v << 4 | d as u64).min(u64::MAX >> 4);
                    n += 1;
                    chars.next();
                }
                if n == 0 {
                    return Err("\\x used with no following hex digits".into());
                }
                if v > max_unit {
                    return Err("hex escape sequence out of range".into());
                }
                out.push((v as u32, true));
                continue;
            }
            'u' | 'U' => {
                let n = if e == 'u' { 4 } else { 8 };
                let mut v = 0u32;
                for _ in 0..n {
                    match chars.next().and_then(|c| c.to_digit(16)) {
                        Some(d) => v = v << 4 | d,
                        None => return Err(format!("incomplete universal character name \\{e}")),
                    }
                }
                if char::from_u32(v).is_none() {
                    return Err("invalid universal character".into());
                }
                v
            }
            other => return Err(format!("unknown escape sequence '\\{other}'")),
        };
        out.push((v, false));
    }
    Ok(out)
}

/// Encode decoded code points into the encoding's code units.
fn encode(points: &[(u32, bool)], encoding: Encoding) -> Vec<u32> {
    let mut units = Vec::with_capacity(points.len());
    for &(v, raw) in points {
        if raw {
            units.push(v);
            continue;
        }
        let c = char::from_u32(v).unwrap_or('\u{FFFD}');
        match encoding.unit_size() {
            1 => {
                let mut buf = [0u8; 4];
                units.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
            }
            2 => {
                let mut buf = [0u16; 2];
                units.extend(c.encode_utf16(&mut buf).iter().map(|&u| u as u32));
            }
            _ => units.push(v),
        }
    }
    units
}

/// Decode a character literal (`'a'`, `'\n'`, `L'x'`, `u8'a'`, `'\x41'`, `'ab'`).
pub fn parse_char(text: &str) -> Result<CharLit, String> {
    let (encoding, rest) = split_prefix(text);
    let body = rest
        .strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .filter(|_| rest.len() >= 2)
        .ok_or_else(|| "missing terminating ' character".to_string())?;
    if body.is_empty() {
        return Err("empty character constant".into());
    }
    let units = encode(&decode_body(body, encoding)?, encoding);
    if units.len() > 1 {
        if encoding != Encoding::Plain {
            return Err("character too large for enclosing character literal type".into());
        }
        // GCC/clang: each char shifted in, int-sized.
        let v = units.iter().fold(0u32, |acc, &u| acc << 8 | (u & 0xFF));
        return Ok(CharLit {
            encoding,
            value: v as i32 as i64,
            multichar: true,
        });
    }
    let u = units[0];
    let value = match encoding {
        Encoding::Plain => u as u8 as i8 as i64,
        _ => u as i64,
    };
    Ok(CharLit {
        encoding,
        value,
        multichar: false,
    })
}

/// Decode a string literal (`"a\n"`, `u8"x"`, `L"w"`, `R"d(raw)d"`).
pub fn parse_string(text: &str) -> Result<StrLit, String> {
    let (encoding, rest) = split_prefix(text);
    if let Some(raw) = rest.strip_prefix('R') {
        let body = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .ok_or_else(|| "invalid raw string literal".to_string())?;
        let open = body.find('(').ok_or("invalid raw string literal")?;
        let delim = &body[..open];
        let inner = body[open + 1..]
            .strip_suffix(delim)
            .and_then(|r| r.strip_suffix(')'))
            .ok_or("invalid raw string literal")?;
        let points: Vec<(u32, bool)> = inner.chars().map(|c| (c as u32, false)).collect();
        return Ok(StrLit {
            encoding,
            units: encode(&points, encoding),
        });
    }
    let body = rest
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .filter(|_| rest.len() >= 2)
        .ok_or_else(|| "missing terminating '\"' character".to_string())?;
    Ok(StrLit {
        encoding,
        units: encode(&decode_body(body, encoding)?, encoding),
    })
}

/// Concatenate adjacent string literals (translation phase 6): the pieces must
/// agree on their encoding prefix or have none.
pub fn concat_strings(pieces: &[StrLit]) -> Result<StrLit, String> {
    let mut encoding = Encoding::Plain;
    for p in pieces {
        if p.encoding != Encoding::Plain {
            if encoding != Encoding::Plain && encoding != p.encoding {
                return Err(
                    "concatenation of string literals with conflicting encoding prefixes".into(),
                );
            }
            encoding = p.encoding;
        }
    }
    let mut units = Vec::new();
    for p in pieces {
        if p.encoding == encoding || encoding.unit_size() == 1 {
            units.extend_from_slice(&p.units);
        } else {
            // A plain piece next to a wide one: re-encode its (UTF-8) bytes.
            let bytes: Vec<u8> = p.units.iter().map(|&u| u as u8).collect();
            let text = String::from_utf8_lossy(&bytes);
            let points: Vec<(u32, bool)> = text.chars().map(|c| (c as u32, false)).collect();
            units.extend(encode(&points, encoding));
        }
    }
    Ok(StrLit { encoding, units })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cuda::token::TokenKind;

    #[test]
    fn integers() {
        let v = |t| parse_int(t).map(|l| (l.value, l.radix, l.suffix.unsigned, l.suffix.long));
        assert_eq!(v("42"), Ok((42, 10, false, 0)));
        assert_eq!(v("0x2Au"), Ok((42, 16, true, 0)));
        assert_eq!(v("052"), Ok((42, 8, false, 0)));
        assert_eq!(v("0"), Ok((0, 10, false, 0)));
        assert_eq!(v("0u"), Ok((0, 8, true, 0)));
        assert_eq!(v("0b101010ull"), Ok((42, 2, true, 2)));
        assert_eq!(v("42LLU"), Ok((42, 10, true, 2)));
        assert_eq!(v("42lu"), Ok((42, 10, true, 1)));
        assert_eq!(v("1'000'000"), Ok((1_000_000, 10, false, 0)));
        assert_eq!(v("18446744073709551615u"), Ok((u64::MAX, 10, true, 0)));
        assert!(v("18446744073709551616").unwrap_err().contains("too large"));
        assert!(v("09").unwrap_err().contains("invalid digit '9' in octal"));
        assert!(v("42lul").unwrap_err().contains("invalid suffix"));
        assert!(v("lL").is_err());
        assert!(v("0x").is_err());
        assert!(v("12abc").is_err());
    }

    #[test]
    fn floats() {
        let f = |t| parse_float(t).map(|l| (l.f64_value, l.suffix));
        assert_eq!(f("1.0"), Ok((1.0, FloatSuffix::None)));
        assert_eq!(f(".5f"), Ok((0.5, FloatSuffix::F)));
        assert_eq!(f("1e-3"), Ok((1e-3, FloatSuffix::None)));
        assert_eq!(f("2.L"), Ok((2.0, FloatSuffix::L)));
        assert_eq!(f("0x1.8p3f"), Ok((12.0, FloatSuffix::F)));
        assert_eq!(f("0x1p-2"), Ok((0.25, FloatSuffix::None)));
        assert_eq!(f("0X.8P1"), Ok((1.0, FloatSuffix::None)));
        assert_eq!(f("1'0.0"), Ok((10.0, FloatSuffix::None)));
        assert_eq!(parse_float("0.1f").unwrap().f32_value, 0.1f32);
        assert_eq!(
            parse_float("0x1.fffffffffffffp1023").unwrap().f64_value,
            f64::MAX
        );
        assert!(f("1e").is_err());
        assert!(f("1.2.3").is_err());
        assert!(f("0x1.8").is_err());
        assert!(f("1").is_err());
        assert!(f("1.0q").is_err());
    }

    #[test]
    fn number_classes() {
        assert_eq!(classify_number("10u"), TokenKind::IntLiteral);
        assert_eq!(
            classify_number("99999999999999999999"),
            TokenKind::IntLiteral
        );
        assert_eq!(classify_number("1.5e3f"), TokenKind::FloatLiteral);
        assert_eq!(classify_number("0xABCp0"), TokenKind::FloatLiteral);
        assert_eq!(classify_number("0xAf"), TokenKind::IntLiteral);
        assert_eq!(classify_number("1.2.3"), TokenKind::BadNumber);
        assert_eq!(classify_number("12_km"), TokenKind::BadNumber);
    }

    #[test]
    fn chars() {
        let c = |t| parse_char(t).map(|l| l.value);
        assert_eq!(c("'a'"), Ok(97));
        assert_eq!(c("'\\n'"), Ok(10));
        assert_eq!(c("'\\0'"), Ok(0));
        assert_eq!(c("'\\377'"), Ok(-1));
        assert_eq!(c("'\\xff'"), Ok(-1));
        assert_eq!(c("u8'a'"), Ok(97));
        assert_eq!(c("L'\\x100'"), Ok(256));
        assert_eq!(c("U'\\U0001F600'"), Ok(0x1F600));
        assert_eq!(c("'\\''"), Ok(39));
        assert_eq!(c("'ab'"), Ok(0x6162));
        assert!(parse_char("'ab'").unwrap().multichar);
        assert!(c("''").is_err());
        assert!(c("'\\q'").is_err());
        assert!(c("'\\x'").is_err());
        assert!(c("'\\x100'").is_err());
        assert!(c("'a").is_err());
    }

    #[test]
    fn strings() {
        let s = |t| parse_string(t).map(|l| (l.encoding, l.units));
        assert_eq!(s("\"a\\n\""), Ok((Encoding::Plain, vec![97, 10])));
        assert_eq!(s("\"é\""), Ok((Encoding::Plain, vec![0xC3, 0xA9])));
        assert_eq!(s("u\"é\""), Ok((Encoding::Utf16, vec![0xE9])));
        assert_eq!(
            s("u\"\\U0001F600\""),
            Ok((Encoding::Utf16, vec![0xD83D, 0xDE00]))
        );
        assert_eq!(s("L\"x\""), Ok((Encoding::Wide, vec![120])));
        assert_eq!(s("u8\"\\u00e9\""), Ok((Encoding::Utf8, vec![0xC3, 0xA9])));
        assert_eq!(s("R\"x(a\\n)x\""), Ok((Encoding::Plain, vec![97, 92, 110])));
        assert_eq!(s("\"\\x41\\101\""), Ok((Encoding::Plain, vec![65, 65])));
        assert!(s("\"abc").is_err());
        assert!(s("\"\\").is_err());
        let joined = concat_strings(&[
            parse_string("\"a\"").unwrap(),
            parse_string("L\"b\"").unwrap(),
        ])
        .unwrap();
        assert_eq!(
            (joined.encoding, joined.units),
            (Encoding::Wide, vec![97, 98])
        );
        assert!(
            concat_strings(&[
                parse_string("u\"a\"").unwrap(),
                parse_string("L\"b\"").unwrap()
            ])
            .is_err()
        );
    }
}
