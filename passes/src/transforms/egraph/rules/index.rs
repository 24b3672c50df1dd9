//! Address and index arithmetic: the `i*N + j` chains of array indexing.
//!
//! Constant multipliers distribute over sums and common factors come back
//! out, so that `(i*N + j) * 4` also exists as `i*(4N) + j*4` and the
//! extraction can share `j*4` (or `i*4N`) with its neighbours; shifts by a
//! constant are multiplications too (`x << k == x * 2^k` at every width), so
//! scalings written either way meet. Sums of a value and its multiple merge
//! (`a + a*c => a*(c+1)`, `a + a => a*2`). All of these hold in wrap-around
//! arithmetic, which is why overflow flags are dropped on lifting.

use super::super::lang::OpKind::MulI;
use super::{Rule, add_int, add_op, computed, int, int_is, ty, ty_is, var};
use egg::rewrite;

pub fn rules() -> Vec<Rule> {
    let (t, a, c, k) = (var("?t"), var("?a"), var("?c"), var("?k"));
    vec![
        rewrite!("muli-distribute-const";
            "(muli ?t (addi ?t ?a ?b) ?c)" => "(addi ?t (muli ?t ?a ?c) (muli ?t ?b ?c))"
            if int_is("?c", |_, _| true)),
        rewrite!("muli-factor";
            "(addi ?t (muli ?t ?a ?c) (muli ?t ?b ?c))" => "(muli ?t (addi ?t ?a ?b) ?c)"),
        rewrite!("muli-factor-sub";
            "(subi ?t (muli ?t ?a ?c) (muli ?t ?b ?c))" => "(muli ?t (subi ?t ?a ?b) ?c)"),
        rewrite!("addi-self-to-muli"; "(addi ?t ?a ?a)" => "(muli ?t ?a (c ?t 2))"
            if ty_is("?t", |t| t.int_width() > Some(1))),
        computed(
            "addi-multiple",
            "(addi ?t ?a (muli ?t ?a ?c))",
            move |eg, s| {
                let v = int(eg, s[c])?;
                let c1 = add_int(eg, s[t], v.wrapping_add(1));
                Some(add_op(eg, MulI, &[s[t], s[a], c1]))
            },
        ),
        computed("shli-to-muli", "(shli ?t ?a ?k)", move |eg, s| {
            let w = ty(eg, s[t]).int_width()?;
            let amount = int(eg, s[k]).filter(|v| (0..w as i128).contains(v))?;
            let factor = add_int(eg, s[t], 1i128 << amount);
            Some(add_op(eg, MulI, &[s[t], s[a], factor]))
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::Reassociate;
    use super::super::testing::equal_after;
    use super::rules;

    #[test]
    fn index_chains_distribute_and_factor() {
        for mode in [Reassociate::Outward, Reassociate::Full] {
            index_chains_in(mode);
        }
    }

    fn index_chains_in(mode: Reassociate) {
        let mut r = rules();
        r.extend(super::super::algebra::rules());
        r.extend(super::super::strength::rules());
        r.extend(mode.rules());
        // (i*N + j) * 4 == (i*4N) + (j << 2)
        assert!(equal_after(
            &r,
            "(muli T:i32 (addi T:i32 (muli T:i32 V:0:i32 (c T:i32 64)) V:1:i32) (c T:i32 4))",
            "(addi T:i32 (muli T:i32 V:0:i32 (c T:i32 256)) (shli T:i32 V:1:i32 (c T:i32 2)))"
        ));
        // (x << 2) * 4 == x << 4
        assert!(equal_after(
            &r,
            "(muli T:index (shli T:index V:0:index (c T:index 2)) (c T:index 4))",
            "(shli T:index V:0:index (c T:index 4))"
        ));
        assert!(equal_after(
            &r,
            "(addi T:i64 V:0:i64 (muli T:i64 V:0:i64 (c T:i64 3)))",
            "(shli T:i64 V:0:i64 (c T:i64 2))"
        ));
    }
}
