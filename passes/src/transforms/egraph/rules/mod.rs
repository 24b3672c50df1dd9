//! The rewrite rules of the `egraph` pass, one file per theme, and the helpers
//! they share. Rules are directional and short, in egg's `rewrite!` syntax
//! where the right side is a pattern, and [`computed`] where it needs
//! arithmetic on constants (`x * 8 => x << 3`). Conditions read the e-class
//! analysis of [`fold`]: types, constants and fast-math flags.

pub mod algebra;
pub mod compare;
pub mod fma;
pub mod fold;
pub mod index;
pub mod reassoc;
pub mod strength;
pub mod vector;

use super::cost::Target;
use super::lang::{Node, OpKind, Scalar, Ty};
use egg::{Applier, Id, PatternAst, Subst, Symbol, Var};
pub use fold::{Analysis, EGraph, Konst, sext, zext};
pub use reassoc::Reassociate;

pub type Rule = egg::Rewrite<Node, Analysis>;

/// Every rule for `target` (fma formation only where the target has a cheap
/// fma), with the reassociation rules of `reassociate`.
pub fn all(target: Target, reassociate: Reassociate) -> Vec<Rule> {
    let mut rules = algebra::rules();
    rules.extend(reassociate.rules());
    rules.extend(strength::rules());
    rules.extend(index::rules());
    rules.extend(compare::rules());
    rules.extend(vector::rules());
    if target.fma_is_cheap() {
        rules.extend(fma::rules());
    }
    rules
}

/// A pattern variable.
pub fn var(name: &str) -> Var {
    name.parse().expect("pattern variable")
}

/// A pattern from its text.
pub fn pat(text: &str) -> egg::Pattern<Node> {
    text.parse().expect("rule pattern")
}

/// The type of a class (a type class or a value class).
pub fn ty(eg: &EGraph, id: Id) -> Ty {
    eg[id].data.ty().expect("a typed class")
}

/// The integer constant of a class.
pub fn int(eg: &EGraph, id: Id) -> Option<i128> {
    match eg[id].data.konst()? {
        Konst::Int(v) => Some(v),
        Konst::Float(_) => None,
    }
}

/// The float constant of a class, as an `f64` (f32 and f64 types only).
pub fn float(eg: &EGraph, id: Id) -> Option<f64> {
    match eg[id].data.konst()? {
        Konst::Float(bits) => fold::to_f64(ty(eg, id), bits),
        Konst::Int(_) => None,
    }
}

/// The fast-math flags of a flags class.
pub fn flags(eg: &EGraph, id: Id) -> u8 {
    match eg[id].data {
        fold::Data::Fm(f) => f,
        _ => 0,
    }
}

/// The integer constant `v` of the type class `t`.
pub fn add_int(eg: &mut EGraph, t: Id, v: i128) -> Id {
    let ty = ty(eg, t);
    fold::add_konst(eg, ty, Konst::Int(v))
}

/// The node `kind(children)`.
pub fn add_op(eg: &mut EGraph, kind: OpKind, children: &[Id]) -> Id {
    eg.add(Node::Op(kind, children.into()))
}

/// Is `t` a signless integer type (not `index`) wider than `i1`?
pub fn is_wide_int(t: Ty) -> bool {
    matches!(t.scalar, Scalar::Int(w) if w > 1)
}

/// If `v` (a `w`-bit constant) is `2^k` with `k >= 1` as an unsigned number, `k`.
pub fn log2(v: i128, w: u32) -> Option<u32> {
    let u = zext(v, w);
    (u > 1 && u.is_power_of_two()).then(|| u.trailing_zeros())
}

/// The right side of a rule computed from the match: `build` returns the class
/// to merge with the matched one, or `None` to leave the e-graph unchanged.
struct Computed<F>(F);

impl<F> Applier<Node, Analysis> for Computed<F>
where
    F: Fn(&mut EGraph, &Subst) -> Option<Id>,
{
    fn apply_one(
        &self,
        eg: &mut EGraph,
        eclass: Id,
        subst: &Subst,
        _: Option<&PatternAst<Node>>,
        _: Symbol,
    ) -> Vec<Id> {
        match (self.0)(eg, subst) {
            Some(id) if eg.union(eclass, id) => vec![eclass],
            _ => vec![],
        }
    }
}

/// A rule `lhs => build(match)`.
pub fn computed(
    name: &str,
    lhs: &str,
    build: impl Fn(&mut EGraph, &Subst) -> Option<Id> + Send + Sync + 'static,
) -> Rule {
    Rule::new(name, pat(lhs), Computed(build)).expect("valid rule")
}

/// A condition: the class bound to `v` is an integer constant with `f(value, width)`.
pub fn int_is(
    v: &str,
    f: fn(i128, u32) -> bool,
) -> impl Fn(&mut EGraph, Id, &Subst) -> bool + Send + Sync + 'static {
    let v = var(v);
    move |eg, _, s| {
        let w = ty(eg, s[v]).int_width();
        matches!((int(eg, s[v]), w), (Some(c), Some(w)) if f(c, w))
    }
}

/// A condition on the type bound to `t`.
pub fn ty_is(
    t: &str,
    f: fn(Ty) -> bool,
) -> impl Fn(&mut EGraph, Id, &Subst) -> bool + Send + Sync + 'static {
    let t = var(t);
    move |eg, _, s| f(ty(eg, s[t]))
}

/// A condition: every flags class bound to `vars` has all bits of `bits`.
pub fn flags_have(
    vars: &[&str],
    bits: u8,
) -> impl Fn(&mut EGraph, Id, &Subst) -> bool + Send + Sync + 'static {
    let vars: Vec<Var> = vars.iter().map(|v| var(v)).collect();
    move |eg, _, s| vars.iter().all(|v| flags(eg, s[*v]) & bits == bits)
}

/// A condition: the class bound to `v` is a float constant with `f(value)`.
pub fn float_is(
    v: &str,
    f: fn(f64) -> bool,
) -> impl Fn(&mut EGraph, Id, &Subst) -> bool + Send + Sync + 'static {
    let v = var(v);
    move |eg, _, s| float(eg, s[v]).is_some_and(f)
}

#[cfg(test)]
mod tests {
    use super::{Reassociate, Target, all};

    #[test]
    fn rule_names_are_unique_and_fma_depends_on_the_target() {
        let names = |t, r| {
            all(t, r)
                .iter()
                .map(|r| r.name.to_string())
                .collect::<Vec<_>>()
        };
        for mode in [Reassociate::Outward, Reassociate::Full] {
            let cpu = names(Target::Cpu, mode);
            let mut unique = cpu.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), cpu.len());
            assert!(cpu.iter().any(|n| n.starts_with("fma-")));
            assert!(
                !names(Target::Wasm, mode)
                    .iter()
                    .any(|n| n.starts_with("fma-"))
            );
            let has_assoc = cpu.iter().any(|n| n == "addi-assoc");
            assert_eq!(has_assoc, mode == Reassociate::Full);
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Run rules on small terms and ask whether two terms ended up equal.
    use super::*;
    use egg::{Language, RecExpr, Runner};

    /// A type leaf for tests: `i32`, `i64`, `i1`, `index`, `f32`, and their
    /// vectors of 4 lanes `v4i32`, `v4i1`, `v4f32`.
    pub fn ty_node(ctx: &cuwasm::Context, name: &str) -> Node {
        if let Some(elem) = name.strip_prefix("v4") {
            let Node::Ty(e) = ty_node(ctx, elem) else {
                unreachable!("a type leaf")
            };
            let ty = ctx.vector_type(&[4], e.ty);
            return Node::Ty(Ty {
                ty,
                scalar: e.scalar,
                lanes: 4,
                elem: e.ty,
            });
        }
        let (ty, scalar) = match name {
            "i1" => (ctx.i1(), Scalar::Int(1)),
            "i32" => (ctx.i32(), Scalar::Int(32)),
            "i64" => (ctx.i64(), Scalar::Int(64)),
            "index" => (ctx.index_type(), Scalar::Index),
            "f32" => (ctx.f32(), Scalar::F32),
            _ => panic!("type {name}"),
        };
        Node::Ty(Ty::scalar(ty, scalar))
    }

    /// Literals this large stand for the leaves while egg parses a term.
    const PLACEHOLDER: i128 = 1 << 100;

    /// Parse `text` where `T:name` is a type leaf, `V:n:type` a value leaf and
    /// `F:bits` a flags leaf.
    pub fn add_term(eg: &mut EGraph, ctx: &cuwasm::Context, text: &str) -> Id {
        // Replace the leaves by placeholders egg can parse, then add node by node.
        let mut leaves: Vec<String> = Vec::new();
        let mut rewritten = String::new();
        for token in text.split_inclusive(['(', ')', ' ']) {
            let (word, sep) = token.split_at(token.trim_end_matches(['(', ')', ' ']).len());
            if word.len() > 2 && word.as_bytes()[1] == b':' {
                rewritten += &format!("{}", PLACEHOLDER + leaves.len() as i128);
                leaves.push(word.to_string());
            } else {
                rewritten += word;
            }
            rewritten += sep;
        }
        let expr: RecExpr<Node> = rewritten.parse().expect("test term");
        let mut ids: Vec<Id> = Vec::new();
        for node in expr.as_ref() {
            let node = match node {
                Node::Num(n) if *n >= PLACEHOLDER => {
                    let leaf = &leaves[(*n - PLACEHOLDER) as usize];
                    let rest = &leaf[2..];
                    match &leaf[..1] {
                        "V" => {
                            let (num, t) = rest.split_once(':').unwrap();
                            let t = eg.add(ty_node(ctx, t));
                            Node::Val(num.parse().unwrap(), [t])
                        }
                        "F" => Node::Fm(rest.parse().unwrap()),
                        _ => ty_node(ctx, rest),
                    }
                }
                n => n.clone().map_children(|c| ids[usize::from(c)]),
            };
            ids.push(eg.add(node));
        }
        *ids.last().unwrap()
    }

    /// Do `a` and `b` end up in one class after running `rules`?
    pub fn equal_after(rules: &[Rule], a: &str, b: &str) -> bool {
        let ctx = cuwasm::Context::new();
        let mut eg = EGraph::new(Analysis);
        let ia = add_term(&mut eg, &ctx, a);
        let ib = add_term(&mut eg, &ctx, b);
        eg.rebuild();
        let runner = Runner::default()
            .with_egraph(eg)
            .with_iter_limit(8)
            .with_node_limit(5000)
            .run(rules);
        runner.egraph.find(ia) == runner.egraph.find(ib)
    }
}
