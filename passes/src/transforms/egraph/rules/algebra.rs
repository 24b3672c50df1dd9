//! Algebraic identities: neutral and absorbing elements, `x - x`, `x ^ x`,
//! double negation. (Commutativity and associativity of the integer ops are
//! the group of [`super::reassoc`].)
//!
//! Floats: only what holds bit for bit in IEEE arithmetic (`x * 1.0`,
//! `x + -0.0`, `-(-x)`, commutativity of `addf`/`mulf`), plus what the op's
//! fast-math flags allow: `x + 0.0` with `nsz`, `x - x` with `nnan` and
//! `ninf`, and reassociation only when both ops carry `reassoc` (and the
//! same flags, which the new inner op then gets).

use super::super::lang::fastmath::{NINF, NNAN, NSZ, REASSOC};
use super::{Rule, computed, flags_have, float_is, int, var};
use egg::rewrite;

pub fn rules() -> Vec<Rule> {
    let mut rules = vec![
        rewrite!("addi-zero"; "(addi ?t ?x (c ?t 0))" => "?x"),
        rewrite!("subi-self"; "(subi ?t ?x ?x)" => "(c ?t 0)"),
        rewrite!("subi-zero"; "(subi ?t ?x (c ?t 0))" => "?x"),
        rewrite!("subi-of-addi"; "(subi ?t (addi ?t ?x ?y) ?y)" => "?x"),
        rewrite!("addi-of-subi"; "(addi ?t (subi ?t ?x ?y) ?y)" => "?x"),
        rewrite!("addi-of-neg"; "(addi ?t ?x (subi ?t (c ?t 0) ?y))" => "(subi ?t ?x ?y)"),
        rewrite!("neg-neg"; "(subi ?t (c ?t 0) (subi ?t (c ?t 0) ?x))" => "?x"),
        rewrite!("muli-one"; "(muli ?t ?x (c ?t 1))" => "?x"),
        rewrite!("muli-zero"; "(muli ?t ?x (c ?t 0))" => "(c ?t 0)"),
        rewrite!("andi-self"; "(andi ?t ?x ?x)" => "?x"),
        rewrite!("andi-zero"; "(andi ?t ?x (c ?t 0))" => "(c ?t 0)"),
        rewrite!("andi-ones"; "(andi ?t ?x (c ?t -1))" => "?x"),
        rewrite!("ori-self"; "(ori ?t ?x ?x)" => "?x"),
        rewrite!("ori-zero"; "(ori ?t ?x (c ?t 0))" => "?x"),
        rewrite!("ori-ones"; "(ori ?t ?x (c ?t -1))" => "(c ?t -1)"),
        rewrite!("xori-self"; "(xori ?t ?x ?x)" => "(c ?t 0)"),
        rewrite!("xori-zero"; "(xori ?t ?x (c ?t 0))" => "?x"),
        rewrite!("not-not"; "(xori ?t (xori ?t ?x (c ?t -1)) (c ?t -1))" => "?x"),
        rewrite!("shli-zero"; "(shli ?t ?x (c ?t 0))" => "?x"),
        rewrite!("shrsi-zero"; "(shrsi ?t ?x (c ?t 0))" => "?x"),
        rewrite!("shrui-zero"; "(shrui ?t ?x (c ?t 0))" => "?x"),
        rewrite!("divsi-one"; "(divsi ?t ?x (c ?t 1))" => "?x"),
        rewrite!("divui-one"; "(divui ?t ?x (c ?t 1))" => "?x"),
        rewrite!("remsi-one"; "(remsi ?t ?x (c ?t 1))" => "(c ?t 0)"),
        rewrite!("remui-one"; "(remui ?t ?x (c ?t 1))" => "(c ?t 0)"),
        rewrite!("maxsi-self"; "(maxsi ?t ?x ?x)" => "?x"),
        rewrite!("maxui-self"; "(maxui ?t ?x ?x)" => "?x"),
        rewrite!("minsi-self"; "(minsi ?t ?x ?x)" => "?x"),
        rewrite!("minui-self"; "(minui ?t ?x ?x)" => "?x"),
        // Floats: exact identities.
        rewrite!("negf-negf"; "(negf ?t ?f (negf ?t ?g ?x))" => "?x"),
        rewrite!("mulf-negf-negf"; "(mulf ?t ?f (negf ?t ?g ?a) (negf ?t ?h ?b))" => "(mulf ?t ?f ?a ?b)"),
        rewrite!("mulf-one"; "(mulf ?t ?f ?x ?c)" => "?x" if float_is("?c", |v| v == 1.0)),
        rewrite!("divf-one"; "(divf ?t ?f ?x ?c)" => "?x" if float_is("?c", |v| v == 1.0)),
        rewrite!("addf-neg-zero"; "(addf ?t ?f ?x ?c)" => "?x"
            if float_is("?c", |v| v == 0.0 && v.is_sign_negative())),
        rewrite!("subf-zero"; "(subf ?t ?f ?x ?c)" => "?x"
            if float_is("?c", |v| v == 0.0 && v.is_sign_positive())),
        rewrite!("addf-comm"; "(addf ?t ?f ?a ?b)" => "(addf ?t ?f ?b ?a)"),
        rewrite!("mulf-comm"; "(mulf ?t ?f ?a ?b)" => "(mulf ?t ?f ?b ?a)"),
        // Floats: what fast-math flags allow.
        rewrite!("addf-zero-nsz"; "(addf ?t ?f ?x ?c)" => "?x"
            if float_is("?c", |v| v == 0.0) if flags_have(&["?f"], NSZ)),
        rewrite!("subf-self-finite"; "(subf ?t ?f ?x ?x)" => "(f ?t 0)"
            if flags_have(&["?f"], NNAN | NINF)),
        rewrite!("addf-reassoc"; "(addf ?t ?f (addf ?t ?f ?a ?b) ?c)" => "(addf ?t ?f ?a (addf ?t ?f ?b ?c))"
            if flags_have(&["?f"], REASSOC)),
        rewrite!("mulf-reassoc"; "(mulf ?t ?f (mulf ?t ?f ?a ?b) ?c)" => "(mulf ?t ?f ?a (mulf ?t ?f ?b ?c))"
            if flags_have(&["?f"], REASSOC)),
    ];
    // x - c => x + (-c): constants then meet through addi's associativity.
    let (x, c, t) = (var("?x"), var("?c"), var("?t"));
    rules.push(computed("subi-const", "(subi ?t ?x ?c)", move |eg, s| {
        let v = int(eg, s[c])?;
        let neg = super::add_int(eg, s[t], v.wrapping_neg());
        Some(super::add_op(eg, super::OpKind::AddI, &[s[t], s[x], neg]))
    }));
    rules
}

#[cfg(test)]
mod tests {
    use super::super::testing::equal_after;
    use super::rules;

    #[test]
    fn identities_hold_and_types_stay_apart() {
        let mut r = rules();
        r.extend(super::super::reassoc::outward());
        assert!(equal_after(
            &r,
            "(addi T:i32 V:0:i32 (c T:i32 0))",
            "V:0:i32"
        ));
        assert!(equal_after(
            &r,
            "(subi T:i32 (addi T:i32 V:0:i32 (c T:i32 5)) (c T:i32 3))",
            "(addi T:i32 V:0:i32 (c T:i32 2))"
        ));
        assert!(equal_after(
            &r,
            "(xori T:i64 V:1:i64 V:1:i64)",
            "(c T:i64 0)"
        ));
        // A zero of another type is another value.
        assert!(!equal_after(
            &r,
            "(xori T:i64 V:1:i64 V:1:i64)",
            "(c T:i32 0)"
        ));
        // No float reassociation without `reassoc`.
        let (a, b) = (
            "(addf T:f32 F:0 (addf T:f32 F:0 V:0:f32 V:1:f32) V:2:f32)",
            "(addf T:f32 F:0 V:0:f32 (addf T:f32 F:0 V:1:f32 V:2:f32))",
        );
        assert!(!equal_after(&r, a, b));
        assert!(equal_after(
            &r,
            &a.replace("F:0", "F:1"),
            &b.replace("F:0", "F:1")
        ));
    }
}
