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
        FloatKind::Other(..) => u64::MAX,
    }
}

/// Does cuwasm compute with this format (fold, convert from decimal)?
pub fn is_computable(kind: FloatKind) -> bool {
    !matches!(kind, FloatKind::Other(..))
}

/// Widen the raw bits of a `kind` float to `f64` (exact).
pub fn from_bits(kind: FloatKind, bits: u64) -> f64 {
    match kind {
        FloatKind::F16 => half::f16::from_bits(bits as u16).to_f64(),
        FloatKind::BF16 => half::bf16::from_bits(bits as u16).to_f64(),
        FloatKind::F32 => f32::from_bits(bits as u32) as f64,
        FloatKind::F64 => f64::from_bits(bits),
        FloatKind::Other(..) => f64::NAN,
    }
}

/// Parse a decimal literal into `kind`'s bits with a single rounding where possible.
pub fn parse_decimal(kind: FloatKind, text: &str) -> Option<u64> {
    if !is_computable(kind) {
        return None;
    }
    Some(match kind {
        FloatKind::F32 => text.parse::<f32>().ok()?.to_bits() as u64,
        FloatKind::F64 => text.parse::<f64>().ok()?.to_bits(),
        _ => to_bits(kind, text.parse::<f64>().ok()?),
    })
}

/// Print `bits` of a `kind` float the way MLIR does (without the `: type` suffix).
pub fn format(kind: FloatKind, bits: u64) -> String {
    let value = from_bits(kind, bits);
    if is_computable(kind) && value.is_finite() {
        let p = significand_bits(kind);
        let short = apfloat_to_string(value, p, 6, 0, false);
        if parse_decimal(kind, &short) == Some(bits) {
            return short;
        }
        let natural = apfloat_to_string(value, p, 0, 3, true);
        if natural.contains('.') {
            return natural;
        }
    }
    let digits = (kind.width() as usize).div_ceil(4);
    format!("0x{:0digits$X}", bits)
}

fn significand_bits(kind: FloatKind) -> usize {
    match kind {
        FloatKind::F16 => 11,
        FloatKind::BF16 => 8,
        FloatKind::F32 => 24,
        FloatKind::F64 => 53,
        FloatKind::Other(..) => 0,
    }
}

/// LLVM's `APFloat::toString` for a finite value whose format has `p` significand
/// bits, reproduced step by step (including its binary pre-truncation, which floors).
fn apfloat_to_string(
    v: f64,
    p: usize,
    precision: usize,
    max_pad: usize,
    trunc_zero: bool,
) -> String {
    use num_bigint::BigUint;
    let mut out = String::from(if v.is_sign_negative() { "-" } else { "" });
    if v == 0.0 {
        let zero = match (max_pad == 0, trunc_zero) {
            (true, false) => format!("0.0{}e+00", "0".repeat(precision.max(1) - 1)),
            (true, true) => "0.0E+0".to_string(),
            _ => "0".to_string(),
        };
        return out + &zero;
    }
    let precision = if precision == 0 {
        2 + p * 59 / 196
    } else {
        precision
    };
    let bits = v.to_bits();
    let (exp_field, frac) = (((bits >> 52) & 0x7ff) as i64, bits & ((1u64 << 52) - 1));
    let (mut n, mut e) = if exp_field == 0 {
        (frac, -1074i64)
    } else {
        (frac | (1u64 << 52), exp_field - 1075)
    };
    let t = n.trailing_zeros();
    n >>= t;
    e += t as i64;
    let (mut big, mut x): (BigUint, i64) = if e >= 0 {
        (BigUint::from(n) << (e as usize), 0)
    } else {
        (BigUint::from(n) * BigUint::from(5u32).pow((-e) as u32), e)
    };
    let req = (precision * 196 + 58) / 59;
    let b = big.bits() as usize;
    if b > req {
        let k = (b - req) * 59 / 196;
        if k > 0 {
            big /= BigUint::from(10u32).pow(k as u32);
            x += k as i64;
        }
    }
    let mut d: Vec<u8> = big.to_string().into_bytes();
    strip_zeros(&mut d, &mut x);
    if d.len() > precision {
        let dropped = d.len() - precision;
        let round_up = d[precision] >= b'5';
        d.truncate(precision);
        x += dropped as i64;
        if round_up {
            let mut i = d.len();
            loop {
                if i == 0 {
                    d.insert(0, b'1');
                    break;
                }
                i -= 1;
                if d[i] == b'9' {
                    d[i] = b'0';
                } else {
                    d[i] += 1;
                    break;
                }
            }
        }
        strip_zeros(&mut d, &mut x);
    }
    let n = d.len() as i64;
    let digits = String::from_utf8(d).unwrap();
    let sci = if max_pad == 0 {
        true
    } else if x >= 0 {
        x > max_pad as i64 || n + x > precision as i64
    } else {
        x + n - 1 < 0 && -(x + n - 1) > max_pad as i64
    };
    if sci {
        out.push_str(&digits[..1]);
        out.push('.');
        out.push_str(if n == 1 && trunc_zero {
            "0"
        } else {
            &digits[1..]
        });
        if !trunc_zero && precision as i64 > n - 1 {
            out.push_str(&"0".repeat((precision as i64 - n + 1) as usize));
        }
        let exp = x + n - 1;
        out.push(if trunc_zero { 'E' } else { 'e' });
        out.push(if exp >= 0 { '+' } else { '-' });
        if trunc_zero {
            out.push_str(&exp.abs().to_string());
        } else {
            out.push_str(&format!("{:02}", exp.abs()));
        }
    } else if x >= 0 {
        out.push_str(&digits);
        out.push_str(&"0".repeat(x as usize));
    } else if n + x > 0 {
        let whole = (n + x) as usize;
        out.push_str(&digits[..whole]);
        out.push('.');
        out.push_str(&digits[whole..]);
    } else {
        out.push_str("0.");
        out.push_str(&"0".repeat((-(n + x)) as usize));
        out.push_str(&digits);
    }
    out
}

fn strip_zeros(d: &mut Vec<u8>, x: &mut i64) {
    while d.len() > 1 && d.last() == Some(&b'0') {
        d.pop();
        *x += 1;
    }
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
        assert_eq!(
            format(FloatKind::F64, (1.0f64 / 3.0).to_bits()),
            "0.33333333333333331"
        );
        assert_eq!(format(FloatKind::F16, 0x3C00), "1.000000e+00");
        assert_eq!(
            format(FloatKind::F16, to_bits(FloatKind::F16, 0.1)),
            "9.997550e-02"
        );
        assert_eq!(
            format(FloatKind::BF16, to_bits(FloatKind::BF16, 16777216.0)),
            "1.677720e+07"
        );
        assert_eq!(f32_text(1.0e-5), "9.99999974E-6");
        assert_eq!(f32_text(1234567.1), "1234567.13");
        assert_eq!(f32_text(16777216.0), "0x4B800000");
        assert_eq!(
            format(FloatKind::F64, 1.0e23f64.to_bits()),
            "9.9999999999999991E+22"
        );
        assert_eq!(
            format(FloatKind::F64, 1234567.1f64.to_bits()),
            "1234567.1000000001"
        );
    }
}
