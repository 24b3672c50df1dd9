//! Reassociation of the commutative, associative integer ops (`addi`,
//! `muli`, `andi`, `ori`, `xori`, and for `outward` the min/max ops too), in
//! one of two modes (the pass option `reassociate`):
//!
//! - `outward` (the default): *uniform* operands (constants and splats) move
//!   outward, where they meet and combine: `c + x => x + c`,
//!   `(x + c) + y => (x + y) + c`, `x + (y + c) => (x + y) + c` and
//!   `(x + c1) + c2 => x + (c1 + c2)`, which the constant folder (or, for
//!   splats, the rule group `vector`) turns into one operand. So
//!   `(i*64 + (j + 1))*4` meets `(i*64 + j)*4` (plus 4), and a mask
//!   `((m | S(a)) | n) | S(b)` becomes `(m | n) | S(a | b)`. Commutativity
//!   is not a rule here: the pass adds the mirror `b + a` of every
//!   commutative op it lifts (so `b + a` meets `a + b`, and rules see both
//!   operand orders), once. The e-graph grows linearly with the size of an
//!   expression.
//! - `full`: commutativity and associativity, which find every grouping: more
//!   sharing between unrelated sums, at the price of a number of e-nodes
//!   exponential in the length of a chain (runs on index-heavy blocks stop at
//!   the limits, and the pass takes several times as long).

use super::super::lang::{Node, OpKind};
use super::{EGraph, Rule, add_op, computed, var};
use egg::{Id, rewrite};

/// The reassociation mode, `egraph{reassociate=outward|full}`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Reassociate {
    Outward,
    Full,
}

impl Reassociate {
    pub fn parse(name: &str) -> Result<Reassociate, String> {
        match name {
            "outward" => Ok(Reassociate::Outward),
            "full" => Ok(Reassociate::Full),
            _ => Err(format!(
                "option 'reassociate' expects outward or full, got '{name}'"
            )),
        }
    }

    /// The rules of this mode.
    pub fn rules(self) -> Vec<Rule> {
        match self {
            Reassociate::Outward => outward(),
            Reassociate::Full => full(),
        }
    }
}

/// Commutativity and associativity of the integer ops.
pub fn full() -> Vec<Rule> {
    vec![
        rewrite!("addi-comm"; "(addi ?t ?a ?b)" => "(addi ?t ?b ?a)"),
        rewrite!("addi-assoc"; "(addi ?t (addi ?t ?a ?b) ?c)" => "(addi ?t ?a (addi ?t ?b ?c))"),
        rewrite!("muli-comm"; "(muli ?t ?a ?b)" => "(muli ?t ?b ?a)"),
        rewrite!("muli-assoc"; "(muli ?t (muli ?t ?a ?b) ?c)" => "(muli ?t ?a (muli ?t ?b ?c))"),
        rewrite!("andi-comm"; "(andi ?t ?a ?b)" => "(andi ?t ?b ?a)"),
        rewrite!("andi-assoc"; "(andi ?t (andi ?t ?a ?b) ?c)" => "(andi ?t ?a (andi ?t ?b ?c))"),
        rewrite!("ori-comm"; "(ori ?t ?a ?b)" => "(ori ?t ?b ?a)"),
        rewrite!("ori-assoc"; "(ori ?t (ori ?t ?a ?b) ?c)" => "(ori ?t ?a (ori ?t ?b ?c))"),
        rewrite!("xori-comm"; "(xori ?t ?a ?b)" => "(xori ?t ?b ?a)"),
        rewrite!("xori-assoc"; "(xori ?t (xori ?t ?a ?b) ?c)" => "(xori ?t ?a (xori ?t ?b ?c))"),
    ]
}

/// Is the class uniform: a constant (of any type), or a splat?
fn uniform(eg: &EGraph, id: Id) -> bool {
    let class = &eg[id];
    class.data.konst().is_some()
        || class
            .nodes
            .iter()
            .any(|n| matches!(n, Node::Op(OpKind::Splat, _)))
}

/// Uniform operands move outward (see the module documentation).
pub fn outward() -> Vec<Rule> {
    use OpKind::*;
    let (t, x, y, u, w) = (var("?t"), var("?x"), var("?y"), var("?u"), var("?w"));
    let mut rules = Vec::new();
    for kind in [AddI, MulI, AndI, OrI, XOrI, MaxSI, MinSI, MaxUI, MinUI] {
        let k = kind.pattern_name();
        // u + x => x + u
        rules.push(computed(
            &format!("{k}-uniform-right"),
            &format!("({k} ?t ?u ?x)"),
            move |eg, s| {
                (uniform(eg, s[u]) && !uniform(eg, s[x]))
                    .then(|| add_op(eg, kind, &[s[t], s[x], s[u]]))
            },
        ));
        // (x + u) + y => (x + y) + u, and x + (y + u) => (x + y) + u
        for (side, lhs) in [
            ("out", format!("({k} ?t ({k} ?t ?x ?u) ?y)")),
            ("out-right", format!("({k} ?t ?x ({k} ?t ?y ?u))")),
        ] {
            rules.push(computed(
                &format!("{k}-uniform-{side}"),
                &lhs,
                move |eg, s| {
                    let movable = uniform(eg, s[u]) && !uniform(eg, s[x]) && !uniform(eg, s[y]);
                    movable.then(|| {
                        let inner = add_op(eg, kind, &[s[t], s[x], s[y]]);
                        add_op(eg, kind, &[s[t], inner, s[u]])
                    })
                },
            ));
        }
        // (x + u) + w => x + (u + w)
        rules.push(computed(
            &format!("{k}-uniform-merge"),
            &format!("({k} ?t ({k} ?t ?x ?u) ?w)"),
            move |eg, s| {
                (uniform(eg, s[u]) && uniform(eg, s[w])).then(|| {
                    let merged = add_op(eg, kind, &[s[t], s[u], s[w]]);
                    add_op(eg, kind, &[s[t], s[x], merged])
                })
            },
        ));
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::super::testing::equal_after;
    use super::{full, outward};

    #[test]
    fn uniform_operands_move_out_and_meet() {
        let mut r = outward();
        r.extend(super::super::vector::rules());
        // (5 + x) + 3 == x + 8
        assert!(equal_after(
            &r,
            "(addi T:i32 (addi T:i32 (c T:i32 5) V:0:i32) (c T:i32 3))",
            "(addi T:i32 V:0:i32 (c T:i32 8))"
        ));
        // x + (y + 1) == (x + y) + 1
        assert!(equal_after(
            &r,
            "(addi T:i32 V:0:i32 (addi T:i32 V:1:i32 (c T:i32 1)))",
            "(addi T:i32 (addi T:i32 V:0:i32 V:1:i32) (c T:i32 1))"
        ));
        // ((m | S(a)) | n) | S(b) == (m | n) | S(a | b)
        assert!(equal_after(
            &r,
            "(ori T:v4i1 (ori T:v4i1 (ori T:v4i1 V:0:v4i1 (splat T:v4i1 V:1:i1)) V:2:v4i1) (splat T:v4i1 V:3:i1))",
            "(ori T:v4i1 (ori T:v4i1 V:0:v4i1 V:2:v4i1) (splat T:v4i1 (ori T:i1 V:1:i1 V:3:i1)))"
        ));
        // Only uniform operands move: (x + y) + z stays apart from x + (y + z),
        // which full reassociation finds.
        let (left, right) = (
            "(addi T:i32 (addi T:i32 V:0:i32 V:1:i32) V:2:i32)",
            "(addi T:i32 V:0:i32 (addi T:i32 V:1:i32 V:2:i32))",
        );
        assert!(!equal_after(&r, left, right));
        assert!(equal_after(&full(), left, right));
    }
}
