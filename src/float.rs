//! Float bit patterns and MLIR's float printing rules.
//!
//! MLIR prints a float as `%.6e` when that reads back to the same bits, else with
//! APFloat's round-trip precision (2 + significand bits * 59/196 digits), else
//! (when that has no `.`, and for inf/NaN) as the hex bit pattern.

use crate::FloatKind;

/// Round `value` to `kind` and return its raw bits.
pub fn to_bits(kind: FloatKind, value: f64) -> u64 {
    match kind {
        FloatKind::F16 => half::f16::from_f64(value).to_bits() as u64,
        FloatKind::BF16 => half::bf16::from_f64(value).to_bits() as u64,
        FloatKind::F32 => (value as f32).to_bits() as u64,
        FloatKind::F64 => value.to_bits(),
    }
}

/// Widen the raw bits of a `kind` float to `f64` (exact).
pub fn from_bits(kind: FloatKind, bits: u64) -> f64 {
    match kind {
        FloatKind::F16 => half::f16::from_bits(bits as u16).to_f64(),
        FloatKind::BF16 => half::bf16::from_bits(bits as u16).to_f64(),
        FloatKind::F32 => f32::from_bits(bits as u32) as f64,
        FloatKind::F64 => f64::from_bits(bits),
    }
}

/// Parse a decimal literal into `kind`'s bits with a single rounding where possible.
pub fn parse_decimal(kind: FloatKind, text: &str) -> Option<u64> {
    Some(match kind {
        FloatKind::F32 => text.parse::<f32>().ok()?.to_bits() as u64,
        FloatKind::F64 => text.parse::<f64>().ok()?.to_bits(),
        _ => to_bits(kind, text.parse::<f64>().ok()?),
    })
}

/// Significant decimal digits APFloat uses to round-trip `kind`.
fn natural_precision(kind: FloatKind) -> usize {
    let significand_bits = match kind {
        FloatKind::F16 => 11,
        FloatKind::BF16 => 8,
        FloatKind::F32 => 24,
        FloatKind::F64 => 53,
    };
    2 + significand_bits * 59 / 196
}

/// Print `bits` of a `kind` float the way MLIR does (without the `: type` suffix).
pub fn format(kind: FloatKind, bits: u64) -> String {
    let value = from_bits(kind, bits);
    if value.is_finite() {
        let short = scientific(value, 6, false);
        if parse_decimal(kind, &short) == Some(bits) {
            return short;
        }
        let natural = natural(value, natural_precision(kind));
        if natural.contains('.') {
            return natural;
        }
    }
    let digits = kind.width() as usize / 4;
    format!("0x{:0digits$X}", bits)
}

/// Decimal digits (no trailing zeros) and exponent: `value = 0.d1d2.. * 10^(exp+n)`,
/// i.e. digits read as an integer times `10^exp`.
fn decimal_digits(value: f64, precision: usize) -> (bool, String, i32) {
    let text = format!("{:.*e}", precision - 1, value.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mut digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut exp = exponent.parse::<i32>().unwrap_or(0) - (digits.len() as i32 - 1);
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
        exp += 1;
    }
    (value.is_sign_negative(), digits, exp)
}

/// APFloat::toString(precision, padding 0, keep zeros): `d.dddddde+XX`.
fn scientific(value: f64, precision: usize, _truncate: bool) -> String {
    let text = format!("{:.*e}", precision, value);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i32 = exponent.parse().unwrap_or(0);
    format!("{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

/// APFloat::toString with natural precision, max padding 3 and trailing zeros dropped.
fn natural(value: f64, precision: usize) -> String {
    let (negative, digits, exp) = decimal_digits(value, precision);
    let n = digits.len() as i32;
    let mut out = String::from(if negative { "-" } else { "" });
    let scientific = if exp >= 0 {
        exp > 3 || n + exp > precision as i32
    } else {
        let msd = exp + n - 1;
        msd < 0 && -msd > 3
    };
    if scientific {
        let e = exp + n - 1;
        out.push_str(&digits[..1]);
        out.push('.');
        out.push_str(if n == 1 { "0" } else { &digits[1..] });
        out.push_str(&format!("E{}{:02}", if e < 0 { '-' } else { '+' }, e.abs()));
    } else if exp >= 0 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', exp as usize));
    } else {
        let whole = exp + n;
        if whole > 0 {
            out.push_str(&digits[..whole as usize]);
            out.push('.');
            out.push_str(&digits[whole as usize..]);
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-whole) as usize));
            out.push_str(&digits);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f32_text(v: f32) -> String {
        format(FloatKind::F32, v.to_bits() as u64)
    }

    #[test]
    fn prints_like_mlir() {
        assert_eq!(f32_text(1.0), "1.000000e+00");
        assert_eq!(f32_text(0.1), "1.000000e-01");
        assert_eq!(f32_text(-0.0), "-0.000000e+00");
        assert_eq!(f32_text(0.123456789), "0.123456791");
        assert_eq!(f32_text(f32::INFINITY), "0x7F800000");
        assert_eq!(f32_text(f32::NAN), "0x7FC00000");
        assert_eq!(format(FloatKind::F64, 0.1f64.to_bits()), "1.000000e-01");
        assert_eq!(format(FloatKind::F64, (1.0f64 / 3.0).to_bits()), "0.33333333333333331");
        assert_eq!(format(FloatKind::F16, 0x3C00), "1.000000e+00");
    }
}
