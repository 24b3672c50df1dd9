//! Comparisons and selects.
//!
//! - `cmpi P x, x` is a constant for every predicate (true for the reflexive
//!   ones: eq sle sge ule uge); operands swap with the mirrored predicate
//!   (`a < b` == `b > a`), so both spellings share one class;
//!   `x <u 0` is false and `x >=u 0` true; `(x + c1) == c2` is `x == c2 - c1`
//!   (and `!=`), which wrap-around makes exact.
//! - `select` with a constant condition or equal arms is an arm; a negated
//!   condition swaps the arms; `select(x == y, x, y)` is `y`;
//!   `select(x > y, x, y)` is a max (and the other three min/max);
//!   `select(c, 1, 0)` is `extui c` and `select(c, -1, 0)` is `extsi c` (for
//!   `i1` results: `c` itself, and `select(c, 0, 1)` is `c ^ true`). The cost
//!   model decides whether the extension is cheaper. On `i1` (and masks of
//!   `i1` lanes), `select(c, true, x)` is `c | x` and `select(c, x, false)`
//!   is `c & x`: the vectorizer's `||`/`&&` of lane conditions.
//!
//! `cmpf x, x` is left alone: NaN makes even `oeq x, x` false.

use super::super::lang::{CMPI_PREDICATES, OpKind};
use super::{Rule, add_int, add_op, computed, int, is_wide_int, pat, ty_is, var};
use egg::rewrite;

pub fn rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    for (p, name) in CMPI_PREDICATES.iter().enumerate() {
        let value = if [0, 3, 5, 7, 9].contains(&p) { -1 } else { 0 };
        rules.push(rewrite!(format!("cmpi-self-{name}");
            { pat(&format!("(cmpi.{name} ?t ?x ?x)")) } => { pat(&format!("(c ?t {value})")) }));
    }
    for (a, b) in [
        ("slt", "sgt"),
        ("sle", "sge"),
        ("ult", "ugt"),
        ("ule", "uge"),
    ] {
        rules.extend(rewrite!(format!("cmpi-swap-{a}");
            { pat(&format!("(cmpi.{a} ?t ?x ?y)")) } <=> { pat(&format!("(cmpi.{b} ?t ?y ?x)")) }));
    }
    for (cmp, op) in [
        ("sgt", "maxsi"),
        ("slt", "minsi"),
        ("ugt", "maxui"),
        ("ult", "minui"),
    ] {
        rules.push(rewrite!(format!("select-{cmp}-to-{op}");
            { pat(&format!("(select ?t (cmpi.{cmp} ?b ?x ?y) ?x ?y)")) } => { pat(&format!("({op} ?t ?x ?y)")) }));
    }
    rules.extend([
        rewrite!("cmpi-eq-comm"; "(cmpi.eq ?t ?x ?y)" => "(cmpi.eq ?t ?y ?x)"),
        rewrite!("cmpi-ne-comm"; "(cmpi.ne ?t ?x ?y)" => "(cmpi.ne ?t ?y ?x)"),
        rewrite!("cmpi-ult-zero"; "(cmpi.ult ?t ?x (c ?u 0))" => "(c ?t 0)"),
        rewrite!("cmpi-uge-zero"; "(cmpi.uge ?t ?x (c ?u 0))" => "(c ?t -1)"),
        rewrite!("select-true"; "(select ?t (c ?b -1) ?x ?y)" => "?x"),
        rewrite!("select-false"; "(select ?t (c ?b 0) ?x ?y)" => "?y"),
        rewrite!("select-same"; "(select ?t ?c ?x ?x)" => "?x"),
        rewrite!("select-not"; "(select ?t (xori ?b ?c (c ?b -1)) ?x ?y)" => "(select ?t ?c ?y ?x)"),
        rewrite!("select-eq-arms"; "(select ?t (cmpi.eq ?b ?x ?y) ?x ?y)" => "?y"),
        rewrite!("select-ne-arms"; "(select ?t (cmpi.ne ?b ?x ?y) ?x ?y)" => "?x"),
        rewrite!("select-1-0-to-extui"; "(select ?t ?c (c ?t 1) (c ?t 0))" => "(extui ?t ?c)"
            if ty_is("?t", is_wide_int)),
        rewrite!("select-ones-0-to-extsi"; "(select ?t ?c (c ?t -1) (c ?t 0))" => "(extsi ?t ?c)"
            if ty_is("?t", is_wide_int)),
        rewrite!("select-i1-to-cond"; "(select ?t ?c (c ?t -1) (c ?t 0))" => "?c"
            if ty_is("?t", |t| t.int_width() == Some(1))),
        rewrite!("select-i1-to-not"; "(select ?t ?c (c ?t 0) (c ?t -1))" => "(xori ?t ?c (c ?t -1))"
            if ty_is("?t", |t| t.int_width() == Some(1))),
        // `a || b` and `a && b` as selects (masks of divergent lanes): a
        // bit-select of masks is three x86 instructions, `ori`/`andi` one.
        rewrite!("select-i1-true-to-ori"; "(select ?t ?c (c ?t -1) ?x)" => "(ori ?t ?c ?x)"
            if ty_is("?t", |t| t.int_width() == Some(1))),
        rewrite!("select-i1-false-to-andi"; "(select ?t ?c ?x (c ?t 0))" => "(andi ?t ?c ?x)"
            if ty_is("?t", |t| t.int_width() == Some(1))),
    ]);
    let (t, u, x, c1, c2) = (var("?t"), var("?u"), var("?x"), var("?c1"), var("?c2"));
    for (p, name) in [(0u8, "eq"), (1, "ne")] {
        rules.push(computed(
            &format!("cmpi-{name}-addi-const"),
            &format!("(cmpi.{name} ?t (addi ?u ?x ?c1) ?c2)"),
            move |eg, s| {
                let (a, b) = (int(eg, s[c1])?, int(eg, s[c2])?);
                let k = add_int(eg, s[u], b.wrapping_sub(a));
                Some(add_op(eg, OpKind::CmpI(p), &[s[t], s[x], k]))
            },
        ));
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::super::testing::equal_after;
    use super::rules;

    #[test]
    fn comparisons_and_selects() {
        let r = rules();
        assert!(equal_after(
            &r,
            "(cmpi.sle T:i1 V:0:i32 V:0:i32)",
            "(c T:i1 -1)"
        ));
        assert!(equal_after(
            &r,
            "(cmpi.ugt T:i1 V:0:i32 V:0:i32)",
            "(c T:i1 0)"
        ));
        assert!(equal_after(
            &r,
            "(cmpi.slt T:i1 V:0:i32 V:1:i32)",
            "(cmpi.sgt T:i1 V:1:i32 V:0:i32)"
        ));
        assert!(equal_after(
            &r,
            "(select T:i32 V:0:i1 (c T:i32 1) (c T:i32 0))",
            "(extui T:i32 V:0:i1)"
        ));
        assert!(equal_after(
            &r,
            "(select T:i1 V:0:i1 (c T:i1 -1) (c T:i1 0))",
            "V:0:i1"
        ));
        assert!(!equal_after(
            &r,
            "(select T:index V:0:i1 (c T:index 1) (c T:index 0))",
            "(extui T:index V:0:i1)"
        ));
        assert!(equal_after(
            &r,
            "(cmpi.eq T:i1 (addi T:i32 V:0:i32 (c T:i32 5)) (c T:i32 7))",
            "(cmpi.eq T:i1 V:0:i32 (c T:i32 2))"
        ));
    }
}
