//! Vectors (the lanes of the CPU path's thread loops): a lane-wise op whose
//! operands are all splats is the splat of the scalar op,
//! `splat(a) + splat(b) == splat(a + b)`, for every integer and float op,
//! compare, select and cast the e-graph knows on vectors (each lane computes
//! exactly the scalar op). One scalar op and one splat replace two splats
//! and a vector op (or a scalarized one: shifts, casts), and the scalar op
//! of uniform values is what loop-invariant code motion then hoists. Masks
//! built by `||`/`&&` of uniform and per-lane conditions meet this way once
//! the compare rules have turned their selects into `ori`/`andi`.

use super::super::lang::{CMPF_PREDICATES, CMPI_PREDICATES, Node, OpKind};
use super::{EGraph, Rule, add_op, computed, ty, var};
use egg::Id;

/// The class of the element type of the vector type class `t`.
fn element(eg: &mut EGraph, t: Id) -> Id {
    let e = ty(eg, t).element();
    eg.add(Node::Ty(e))
}

/// `lhs => (splat ?t (kind elem(?t) vars...))`: `lhs` is `kind` on splats
/// whose scalars (and flags) `vars` binds, in the scalar op's order.
fn splat_of(kind: OpKind, lhs: &str, vars: &[&str]) -> Rule {
    let t = var("?t");
    let vars: Vec<egg::Var> = vars.iter().map(|v| var(v)).collect();
    computed(
        &format!("splat-{}", kind.pattern_name()),
        lhs,
        move |eg, s| {
            let mut children = vec![element(eg, s[t])];
            children.extend(vars.iter().map(|v| s[*v]));
            let scalar = add_op(eg, kind, &children);
            Some(add_op(eg, OpKind::Splat, &[s[t], scalar]))
        },
    )
}

pub fn rules() -> Vec<Rule> {
    use OpKind::*;
    let mut binary: Vec<OpKind> = vec![
        AddI, SubI, MulI, AndI, OrI, XOrI, ShLI, ShRSI, ShRUI, MaxSI, MinSI, MaxUI, MinUI,
    ];
    binary.extend((0..CMPI_PREDICATES.len() as u8).map(CmpI));
    let mut float: Vec<OpKind> = vec![AddF, SubF, MulF, DivF, MaximumF, MinimumF, MaxNumF, MinNumF];
    float.extend((0..CMPF_PREDICATES.len() as u8).map(CmpF));
    let casts = [ExtSI, ExtUI, TruncI, SIToFP, UIToFP, FPToSI, FPToUI];
    let name = |k: OpKind| k.pattern_name();
    let mut rules: Vec<Rule> = binary
        .into_iter()
        .map(|k| {
            let lhs = format!("({} ?t (splat ?u ?a) (splat ?u ?b))", name(k));
            splat_of(k, &lhs, &["?a", "?b"])
        })
        .collect();
    rules.extend(float.into_iter().map(|k| {
        let lhs = format!("({} ?t ?f (splat ?u ?a) (splat ?u ?b))", name(k));
        splat_of(k, &lhs, &["?f", "?a", "?b"])
    }));
    rules.extend(casts.into_iter().map(|k| {
        let lhs = format!("({} ?t (splat ?u ?a))", name(k));
        splat_of(k, &lhs, &["?a"])
    }));
    rules.push(splat_of(NegF, "(negf ?t ?f (splat ?t ?a))", &["?f", "?a"]));
    rules.push(splat_of(
        Select,
        "(select ?t (splat ?m ?c) (splat ?t ?a) (splat ?t ?b))",
        &["?c", "?a", "?b"],
    ));
    rules
}

#[cfg(test)]
mod tests {
    use super::super::testing::equal_after;
    use super::rules;

    #[test]
    fn ops_of_splats_are_splats() {
        let mut r = rules();
        r.extend(super::super::compare::rules());
        assert!(equal_after(
            &r,
            "(addi T:v4i32 (splat T:v4i32 V:0:i32) (splat T:v4i32 V:1:i32))",
            "(splat T:v4i32 (addi T:i32 V:0:i32 V:1:i32))"
        ));
        assert!(equal_after(
            &r,
            "(cmpi.slt T:v4i1 (splat T:v4i32 V:0:i32) (splat T:v4i32 V:1:i32))",
            "(splat T:v4i1 (cmpi.slt T:i1 V:0:i32 V:1:i32))"
        ));
        assert!(equal_after(
            &r,
            "(addf T:v4f32 F:0 (splat T:v4f32 V:0:f32) (splat T:v4f32 V:1:f32))",
            "(splat T:v4f32 (addf T:f32 F:0 V:0:f32 V:1:f32))"
        ));
        // A mask select with a true (false) arm is an or (and).
        assert!(equal_after(
            &r,
            "(select T:v4i1 V:0:v4i1 (c T:v4i1 -1) V:1:v4i1)",
            "(ori T:v4i1 V:0:v4i1 V:1:v4i1)"
        ));
        assert!(equal_after(
            &r,
            "(select T:v4i1 V:0:v4i1 V:1:v4i1 (c T:v4i1 0))",
            "(andi T:v4i1 V:0:v4i1 V:1:v4i1)"
        ));
        // Only when every operand is a splat.
        assert!(!equal_after(
            &r,
            "(addi T:v4i32 (splat T:v4i32 V:0:i32) V:1:v4i32)",
            "(splat T:v4i32 (addi T:i32 V:0:i32 V:0:i32))"
        ));
        // Not for selects of other element types.
        assert!(!equal_after(
            &r,
            "(select T:v4i32 V:0:v4i1 (c T:v4i32 -1) V:1:v4i32)",
            "(ori T:v4i32 V:0:v4i1 V:1:v4i32)"
        ));
    }
}
