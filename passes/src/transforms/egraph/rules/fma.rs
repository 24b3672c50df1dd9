//! Fused multiply-add: `a*b + c => fma(a, b, c)` and `a*b - c => fma(a, b, -c)`.
//!
//! The fused result is rounded once, so it differs from the two-step one: the
//! rules fire only when **both** the multiplication and the addition carry
//! `contract` (`fast` includes it), and the new ops get the flags the two have
//! in common. They are part of the rule set only for targets whose cost model
//! has a cheap fma (`Target::fma_is_cheap`: PTX, SPIR-V/WGSL, CPU; not Wasm,
//! which has no fma instruction without relaxed-simd). `c + a*b` is reached
//! through `addf`'s commutativity.

use super::super::lang::{Node, OpKind, fastmath::CONTRACT};
use super::{Rule, add_op, computed, flags, var};

pub fn rules() -> Vec<Rule> {
    let (t, f, g, a, b, c) = (
        var("?t"),
        var("?f"),
        var("?g"),
        var("?a"),
        var("?b"),
        var("?c"),
    );
    let fma = |name: &str, lhs: &str, negate_c: bool| {
        computed(name, lhs, move |eg, s| {
            let common = flags(eg, s[f]) & flags(eg, s[g]);
            if common & CONTRACT == 0 {
                return None;
            }
            let fm = eg.add(Node::Fm(common));
            let addend = match negate_c {
                true => add_op(eg, OpKind::NegF, &[s[t], fm, s[c]]),
                false => s[c],
            };
            Some(add_op(eg, OpKind::Fma, &[s[t], fm, s[a], s[b], addend]))
        })
    };
    vec![
        fma("fma-from-addf", "(addf ?t ?f (mulf ?t ?g ?a ?b) ?c)", false),
        fma("fma-from-subf", "(subf ?t ?f (mulf ?t ?g ?a ?b) ?c)", true),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::equal_after;
    use super::rules;

    #[test]
    fn fma_needs_contract_on_both_ops() {
        let r = rules();
        let with = |f: u8, g: u8| {
            equal_after(
                &r,
                &format!("(addf T:f32 F:{f} (mulf T:f32 F:{g} V:0:f32 V:1:f32) V:2:f32)"),
                &format!("(fma T:f32 F:{} V:0:f32 V:1:f32 V:2:f32)", f & g),
            )
        };
        assert!(with(32, 32));
        assert!(with(127, 32));
        assert!(!with(0, 32));
        assert!(!with(32, 0));
    }
}
