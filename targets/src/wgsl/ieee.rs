//! Correctly rounded `f32` square root and division (IEEE 754, to nearest
//! even), as CUDA's `sqrtf` and `/` are (nvcc's default `-prec-sqrt=true`,
//! `-prec-div=true`): WGSL, like Vulkan, lets `sqrt` and `/` be a few ulp
//! off (Vulkan: `OpFDiv` 2.5 ulp, `sqrt` inherited from `inversesqrt`), and
//! NVIDIA's driver uses such approximations.
//!
//! Each helper takes the hardware's result as an estimate and corrects it
//! with an exact residual in integers. Both unpack their operands by the
//! bits into a 24-bit significand `M` in `[2^23, 2^24)` and an exponent
//! (subnormals normalized), so the hardware op only ever sees normal
//! numbers in `[2^23, 2^26)`, never a subnormal, an extreme exponent or a
//! special value:
//!
//! - `sqrt`: with `N = M * 2^k` (`k` 23 or 24, making the exponent even),
//!   the result's significand is the integer `R` nearest to `sqrt(N)`, which
//!   holds exactly when `-R < N - R^2 <= R` (no ties: `sqrt(N)` is never a
//!   half-integer). `N - R^2` is small once `R` is less than 64 from
//!   `sqrt(N)`, so its low word, `N mod 2^32 - R * R` in wrapping `u32` arithmetic, is
//!   all of it; `R` steps by one until the test holds.
//! - division: `Q = floor(Ma * 2^k / Mb)` (`k` 23 or 24, making `Q` a
//!   24-bit integer) with remainder `Ma * 2^k - Q * Mb`, again its low word,
//!   `Q` stepping by one until `0 <= remainder < Mb`; the remainder then
//!   rounds `Q` to nearest even, at the unit of the normal result or, for a
//!   subnormal result, at `2^-149`; overflow gives infinity.
//!
//! The residuals are integer arithmetic on purpose: a float two-product
//! (Dekker's split) relies on every multiply and add rounding separately,
//! but SPIR-V lets a driver fuse a multiply and an add unless the result
//! carries `NoContraction`, which naga never writes and WGSL cannot ask for.
//!
//! The estimates come from [`SQRT_EST`] and [`DIV_EST`], one hardware op
//! each, kept as functions of their own so tests can feed the correction
//! deliberately wrong estimates (tests/wgsl_ieee.rs). An estimate may be
//! off by up to 63 units (the loops take 64 steps at most); conforming
//! hardware is off by a few.
//!
//! Special values by the bits: NaN operands give a quiet NaN (the operand's
//! payload), `sqrt` of a negative number (not `-0`) and `0/0`, `inf/inf`
//! give the default NaN; `sqrt(-0)` is `-0`. Subnormal operands are exact
//! (read by their bits), and a subnormal quotient is returned exactly; but
//! WGSL lets an implementation flush subnormals in any float op, so a
//! subnormal may already be zero on the way in, or become zero on the way
//! out, as with `.ftz`.

use super::Helper;

/// `|x|`'s bits (finite, nonzero) as `(M, E)`: `|x| = M * 2^E`, `M` in
/// `[2^23, 2^24)`, subnormals normalized.
pub const UNPACK: Helper = Helper {
    name: "cuwasm_f32_unpack",
    deps: &[],
    text: "fn cuwasm_f32_unpack(u: u32) -> vec2<i32> {
    let e = i32((u >> 23u) & 0xffu);
    let m = u & 0x7fffffu;
    if e != 0i {
        return vec2<i32>(i32(m | 0x800000u), e - 150i);
    }
    let s = countLeadingZeros(m) - 8u;
    return vec2<i32>(i32(m << s), -149i - i32(s));
}",
};

/// The hardware's square root of `m`, a normal number in `[2^24, 2^26)`.
pub const SQRT_EST: Helper = Helper {
    name: "cuwasm_sqrt_est",
    deps: &[],
    text: "fn cuwasm_sqrt_est(m: f32) -> f32 {
    return sqrt(m);
}",
};

/// The hardware's quotient of `a` and `b`, normal numbers in
/// `[2^23, 2^24)`.
pub const DIV_EST: Helper = Helper {
    name: "cuwasm_div_est",
    deps: &[],
    text: "fn cuwasm_div_est(a: f32, b: f32) -> f32 {
    return a / b;
}",
};

/// IEEE `sqrt` on `f32`, correctly rounded.
pub const SQRT: Helper = Helper {
    name: "cuwasm_sqrt",
    deps: &[&UNPACK, &SQRT_EST],
    text: "fn cuwasm_sqrt(x: f32) -> f32 {
    let u = bitcast<u32>(x);
    if (u & 0x7fffffffu) == 0u || u == 0x7f800000u {
        return x;
    }
    if (u & 0x7fffffffu) > 0x7f800000u {
        return bitcast<f32>(u | 0x400000u);
    }
    if (u >> 31u) != 0u {
        return bitcast<f32>(0x7fc00000u + cuwasm_zero);
    }
    let me = cuwasm_f32_unpack(u);
    let m = u32(me.x);
    let k = select(24u, 23u, (me.y & 1i) != 0i);
    let n = m << k;
    let est = cuwasm_sqrt_est(f32(m << (k - 22u))) * 2048.0f;
    var r = u32(clamp(est, 8388608.0f, 16777216.0f));
    for (var i = 0i; i < 64i; i = i + 1i) {
        let d = bitcast<i32>(n - r * r);
        if d > i32(r) {
            r = r + 1u;
        } else if d <= -i32(r) {
            r = r - 1u;
        } else {
            break;
        }
    }
    let e = (me.y - i32(k)) >> 1u;
    return bitcast<f32>(bitcast<u32>((e + 149i) << 23u) + r);
}",
};

/// IEEE division on `f32`, correctly rounded.
pub const DIV: Helper = Helper {
    name: "cuwasm_div",
    deps: &[&UNPACK, &DIV_EST],
    text: "fn cuwasm_div(a: f32, b: f32) -> f32 {
    let ua = bitcast<u32>(a);
    let ub = bitcast<u32>(b);
    let sign = (ua ^ ub) & 0x80000000u;
    let aa = ua & 0x7fffffffu;
    let ab = ub & 0x7fffffffu;
    if aa > 0x7f800000u || ab > 0x7f800000u {
        return bitcast<f32>(select(ub, ua, aa > 0x7f800000u) | 0x400000u);
    }
    if aa == 0x7f800000u || ab == 0u {
        if aa == ab {
            return bitcast<f32>(0x7fc00000u + cuwasm_zero);
        }
        return bitcast<f32>(sign | 0x7f800000u);
    }
    if ab == 0x7f800000u || aa == 0u {
        return bitcast<f32>(sign);
    }
    let ma = cuwasm_f32_unpack(aa);
    let mb = cuwasm_f32_unpack(ab);
    let xa = u32(ma.x);
    let xb = u32(mb.x);
    let k = select(24u, 23u, xa >= xb);
    let n = xa << k;
    let est = cuwasm_div_est(f32(xa), f32(xb)) * select(16777216.0f, 8388608.0f, xa >= xb);
    var q = u32(clamp(est, 8388608.0f, 16777216.0f));
    var rem = bitcast<i32>(n - q * xb);
    for (var i = 0i; i < 64i; i = i + 1i) {
        if rem < 0i {
            q = q - 1u;
            rem = rem + i32(xb);
        } else if rem >= i32(xb) {
            q = q + 1u;
            rem = rem - i32(xb);
        } else {
            break;
        }
    }
    let be = ma.y - mb.y - i32(k) + 150i;
    if be >= 255i {
        return bitcast<f32>(sign | 0x7f800000u);
    }
    let twice = u32(rem) * 2u;
    if be >= 1i {
        let up = twice > xb || (twice == xb && (q & 1u) != 0u);
        return bitcast<f32>(sign | (bitcast<u32>((be - 1i) << 23u) + q + select(0u, 1u, up)));
    }
    let sh = u32(1i - be);
    if sh > 24u {
        return bitcast<f32>(sign);
    }
    let kept = q >> sh;
    let rest = q & ((1u << sh) - 1u);
    let half = 1u << (sh - 1u);
    let up = rest > half || (rest == half && (rem != 0i || (kept & 1u) != 0u));
    return bitcast<f32>(sign | (kept + select(0u, 1u, up)));
}",
};

/// `f32` to `f16` rounded in MLIR's rounding mode `mode` (0 to nearest even,
/// 1 down, 2 up, 3 toward zero, 4 to nearest, ties away), by the bits: WGSL
/// lets a conversion to `f16` round to either neighbour, and NVIDIA's
/// Vulkan driver truncates. The dropped significand bits (13 for a normal
/// `f16`, more below 2^-14, all of them below 2^-25) and the mode decide
/// the increment, which carries into the exponent as it should; beyond the
/// largest finite `f16` the mode gives infinity or 65504; NaN stays a quiet
/// NaN with its sign and top payload bits (as `legalize-f16` does).
pub const TO_F16: Helper = Helper {
    name: "cuwasm_f16",
    deps: &[],
    text: "fn cuwasm_f16(x: f32, mode: u32) -> f16 {
    let b = bitcast<u32>(x);
    let neg = b >= 0x80000000u;
    let a = b & 0x7fffffffu;
    let e = a >> 23u;
    let away = mode == 0u || mode == 4u || (mode == 2u && !neg) || (mode == 1u && neg);
    var h = 0u;
    if a > 0x7f800000u {
        h = 0x7e00u | ((a >> 13u) & 0x3ffu);
    } else if a == 0x7f800000u {
        h = 0x7c00u;
    } else if e >= 143u {
        h = select(0x7bffu, 0x7c00u, away);
    } else {
        let m = (a & 0x7fffffu) | select(0u, 0x800000u, e != 0u);
        let shift = min(select(126u - e, 13u, e >= 113u), 25u);
        let q = m >> shift;
        let rem = m & ((1u << shift) - 1u);
        let half = 1u << (shift - 1u);
        var up = false;
        switch mode {
            case 0u: { up = rem > half || (rem == half && (q & 1u) == 1u); }
            case 1u: { up = rem != 0u && neg; }
            case 2u: { up = rem != 0u && !neg; }
            case 4u: { up = rem >= half; }
            default: { up = false; }
        }
        h = select(0u, (e - 113u) << 10u, e >= 113u) + q + select(0u, 1u, up);
    }
    return f16(unpack2x16float(select(0u, 0x8000u, neg) | h)[0]);
}",
};
