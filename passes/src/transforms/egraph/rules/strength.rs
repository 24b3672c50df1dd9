//! Strength reduction by powers of two, with signedness right:
//!
//! - `x * 2^k => x << k` (any integer type: multiplication wraps like the shift);
//! - unsigned `x / 2^k => x >> k` (`shrui`) and `x % 2^k => x & (2^k - 1)`;
//! - signed `x / 2^k` is **not** `x >>s k`: the shift rounds toward minus
//!   infinity, `divsi` toward zero (`-7 / 2 = -3`, `-7 >>s 1 = -4`). It becomes
//!   the rounding-correct sequence `(x + ((x >>s (w-1)) >>u (w-k))) >>s k`,
//!   which adds `2^k - 1` to negative dividends first (what LLVM emits). The
//!   cost model picks it only where it is cheaper than the division.
//!
//! `divsi`/`divui` reach the e-graph only with a constant divisor that
//! cannot trap (see the pass), so these rules never remove a trap. On
//! `index`, whose width depends on the target, shift amounts stay below 32
//! and the signed sequence (which shifts by the width) is not used.

use super::super::lang::OpKind::{AddI, AndI, ShLI, ShRSI, ShRUI};
use super::super::lang::{Scalar, Ty};
use super::{Rule, add_int, add_op, computed, int, log2, ty, var};

pub fn rules() -> Vec<Rule> {
    let (t, x, c) = (var("?t"), var("?x"), var("?c"));
    // x op 2^k => x op' f(k, w): shared by the unsigned rules.
    let by_pow2 = |name: &str, lhs: &str, op: super::OpKind, rhs: fn(u32) -> i128| {
        computed(name, lhs, move |eg, s| {
            let w = ty(eg, s[t]).int_width()?;
            let k = log2(int(eg, s[c])?, w).filter(|k| *k < shift_limit(ty(eg, s[t])))?;
            let amount = add_int(eg, s[t], rhs(k));
            Some(add_op(eg, op, &[s[t], s[x], amount]))
        })
    };
    vec![
        by_pow2("muli-pow2-to-shli", "(muli ?t ?x ?c)", ShLI, |k| k as i128),
        by_pow2("divui-pow2-to-shrui", "(divui ?t ?x ?c)", ShRUI, |k| {
            k as i128
        }),
        by_pow2("remui-pow2-to-andi", "(remui ?t ?x ?c)", AndI, |k| {
            (1i128 << k) - 1
        }),
        computed("divsi-pow2-biased", "(divsi ?t ?x ?c)", move |eg, s| {
            // Its shifts by w-1 and w-k are right at one index width only.
            let Scalar::Int(w) = ty(eg, s[t]).scalar else {
                return None;
            };
            let v = int(eg, s[c])?;
            // A positive power of two (2^(w-1) is negative as a signed number).
            let k = log2(v, w).filter(|_| v > 0)?;
            let sign_shift = add_int(eg, s[t], (w - 1) as i128);
            let sign = add_op(eg, ShRSI, &[s[t], s[x], sign_shift]);
            let bias_shift = add_int(eg, s[t], (w - k) as i128);
            let bias = add_op(eg, ShRUI, &[s[t], sign, bias_shift]);
            let biased = add_op(eg, AddI, &[s[t], s[x], bias]);
            let amount = add_int(eg, s[t], k as i128);
            Some(add_op(eg, ShRSI, &[s[t], biased, amount]))
        }),
    ]
}

/// Shifts up to this amount mean the same at every width the type may have:
/// `index` is 64 bits in the folder but 32 on SPIR-V and wasm32, so shifts
/// of an index stay below 32.
fn shift_limit(t: Ty) -> u32 {
    match t.scalar {
        Scalar::Index => 32,
        _ => t.int_width().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::equal_after;
    use super::rules;

    #[test]
    fn powers_of_two_with_signedness() {
        let r = rules();
        assert!(equal_after(
            &r,
            "(muli T:i32 V:0:i32 (c T:i32 8))",
            "(shli T:i32 V:0:i32 (c T:i32 3))"
        ));
        assert!(equal_after(
            &r,
            "(divui T:i64 V:0:i64 (c T:i64 16))",
            "(shrui T:i64 V:0:i64 (c T:i64 4))"
        ));
        assert!(equal_after(
            &r,
            "(remui T:i32 V:0:i32 (c T:i32 16))",
            "(andi T:i32 V:0:i32 (c T:i32 15))"
        ));
        // i8 -128 is 2^7 as an unsigned number: x * -128 == x << 7.
        assert!(equal_after(
            &r,
            "(muli T:i32 V:0:i32 (c T:i32 -2147483648))",
            "(shli T:i32 V:0:i32 (c T:i32 31))"
        ));
        assert!(!equal_after(
            &r,
            "(divsi T:i32 V:0:i32 (c T:i32 4))",
            "(shrsi T:i32 V:0:i32 (c T:i32 2))"
        ));
        assert!(!equal_after(
            &r,
            "(divui T:i32 V:0:i32 (c T:i32 6))",
            "(shrui T:i32 V:0:i32 (c T:i32 2))"
        ));
        // index: 64 bits in the folder, 32 on some targets.
        let small = "(muli T:index V:0:index (c T:index 1024))";
        assert!(equal_after(
            &r,
            small,
            "(shli T:index V:0:index (c T:index 10))"
        ));
        let big = "(muli T:index V:0:index (c T:index 1099511627776))";
        assert!(!equal_after(
            &r,
            big,
            "(shli T:index V:0:index (c T:index 40))"
        ));
        let div = "(divsi T:index V:0:index (c T:index 4))";
        assert!(!equal_after(
            &r,
            div,
            "(shrsi T:index (addi T:index V:0:index (shrui T:index (shrsi T:index V:0:index (c T:index 63)) (c T:index 62))) (c T:index 2))"
        ));
    }
}
