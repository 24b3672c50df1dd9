//! `exp2` and `tanh` written out in `f32`, because WGSL's builtins are
//! allowed to be far off: `exp2` may be `3 + 2|x|` ulp off (lavapipe's is
//! off by more than PTX's `ex2.approx` bound near 2^-125) and `tanh`
//! inherits `sinh/cosh`'s error (lavapipe's gives 3e-8 for tanh(1e-30)).
//! CUDA bounds `exp2f` and `tanhf` by 2 ulp.
//!
//! - `exp2`: `x = n + f` with `n = round(x)` and `|f| <= 1/2` exact; `2^f`
//!   by its Taylor polynomial to degree 7 (truncation below 6e-9 relative),
//!   then scaled by `2^n` as two exact powers of two, so that only the last
//!   multiply rounds into the subnormal range.
//! - `tanh`: musl's split: below `ln(3)/2`, `-e / (e + 2)` with
//!   `e = expm1(-2|x|)` from its Taylor polynomial to degree 11 (exact for
//!   tiny inputs); above, `1 - 2 / (e^(2|x|) + 1)` through `exp2`; 1 from 9
//!   on; the sign copied from `x`.
//!
//! NaN is tested by the bits: drivers may fold `x != x` to false; infinity
//! is built from `cuwasm_zero`, as Tint rejects a constant infinity.

use super::Helper;

pub const EXP2: Helper = Helper {
    name: "cuwasm_exp2",
    deps: &[],
    text: "fn cuwasm_exp2(x: f32) -> f32 {
    if (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u {
        return x;
    }
    if x >= 128.0f {
        return bitcast<f32>(0x7f800000u + cuwasm_zero);
    }
    if x < -150.0f {
        return 0.0f;
    }
    let n = round(x);
    let f = x - n;
    var p = 1.5252734e-5f;
    p = p * f + 1.5403530e-4f;
    p = p * f + 1.3333558e-3f;
    p = p * f + 9.6181291e-3f;
    p = p * f + 5.5504109e-2f;
    p = p * f + 2.4022651e-1f;
    p = p * f + 6.9314718e-1f;
    p = p * f + 1.0f;
    let k = i32(n);
    let k1 = k / 2;
    let k2 = k - k1;
    return p * bitcast<f32>(u32(k1 + 127) << 23u) * bitcast<f32>(u32(k2 + 127) << 23u);
}",
};

pub const TANH: Helper = Helper {
    name: "cuwasm_tanh",
    deps: &[&EXP2],
    text: "fn cuwasm_tanh(x: f32) -> f32 {
    let a = abs(x);
    if (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u {
        return x;
    }
    var t = 1.0f;
    if a < 0.54930614f {
        let y = -2.0f * a;
        var p = 2.5052108e-8f;
        p = p * y + 2.7557319e-7f;
        p = p * y + 2.7557319e-6f;
        p = p * y + 2.4801587e-5f;
        p = p * y + 1.9841270e-4f;
        p = p * y + 1.3888889e-3f;
        p = p * y + 8.3333333e-3f;
        p = p * y + 4.1666667e-2f;
        p = p * y + 1.6666667e-1f;
        p = p * y + 0.5f;
        let e = y + y * y * p;
        t = -e / (e + 2.0f);
    } else if a < 9.0f {
        let e = cuwasm_exp2(a * 2.8853900817779268f);
        t = 1.0f - 2.0f / (e + 1.0f);
    }
    return bitcast<f32>(bitcast<u32>(t) | (bitcast<u32>(x) & 0x80000000u));
}",
};
