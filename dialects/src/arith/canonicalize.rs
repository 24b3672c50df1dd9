//! Canonicalization patterns for `arith`, as MLIR 22 registers them
//! (`ArithCanonicalization.td` and the patterns of `ArithOps.cpp`), plus the
//! rewrites MLIR's folders make that the folders of [`super::fold`] do not:
//! those are patterns named `fold-*` with a high benefit, so they run before
//! the others (the greedy driver tries folders first). Benefits otherwise
//! follow MLIR's DRR rule: the number of ops the pattern matches.
//!
//! Scalars only (like the folders): a vector operand makes a pattern fail.
//! Overflow flags of the ops a pattern merges are intersected, as MLIR's
//! `mergeOverflowFlags`.

use cuwasm::{
    Attr, AttrData, OpId, PatternRewriter, PatternSet, RewritePattern, Traits, Type, TypeData,
    ValueId,
};

type Rw<'a, 'b> = &'a mut PatternRewriter<'b>;

/// Benefit of the `fold-*` patterns.
const FOLD: u16 = 100;

// ---- matching helpers ---------------------------------------------------------------------------

/// The op defining `v` if it is named `name`.
fn def(rw: &PatternRewriter<'_>, v: ValueId, name: &str) -> Option<OpId> {
    rw.defining_op(v).filter(|&d| rw.is_op(d, name))
}

/// Bit width of a scalar integer or index type.
fn width(rw: &PatternRewriter<'_>, ty: Type) -> Option<u32> {
    match rw.type_data(ty) {
        TypeData::Integer { width, .. } => Some(*width),
        TypeData::Index => Some(64),
        _ => None,
    }
}

/// The scalar integer constant behind `v`.
fn int_const(rw: &PatternRewriter<'_>, v: ValueId) -> Option<i128> {
    let d = rw.defining_op(v)?;
    if !rw.op_has_trait(d, Traits::CONSTANT_LIKE) {
        return None;
    }
    match rw.attr_data(rw.prop(d, "value")?) {
        AttrData::Integer { value, ty } => {
            width(rw, *ty)?;
            Some(*value)
        }
        _ => None,
    }
}

/// The scalar float constant behind `v`.
fn float_const(rw: &PatternRewriter<'_>, v: ValueId) -> Option<f64> {
    let d = rw.defining_op(v)?;
    if !rw.op_has_trait(d, Traits::CONSTANT_LIKE) {
        return None;
    }
    rw.attr_float(rw.prop(d, "value")?)
}

/// `v` is the all-ones integer constant (-1, or `true` for i1).
fn is_all_ones(rw: &PatternRewriter<'_>, v: ValueId) -> bool {
    let ty = rw.value_type(v);
    int_const(rw, v)
        .zip(width(rw, ty))
        .is_some_and(|(c, w)| mask(c, w) == mask(-1, w))
}

fn is_int(rw: &PatternRewriter<'_>, v: ValueId, value: i128) -> bool {
    let ty = rw.value_type(v);
    int_const(rw, v)
        .zip(width(rw, ty))
        .is_some_and(|(c, w)| mask(c, w) == mask(value, w))
}

fn mask(v: i128, w: u32) -> u128 {
    if w >= 128 {
        v as u128
    } else {
        (v as u128) & ((1u128 << w) - 1)
    }
}

fn lhs(rw: &PatternRewriter<'_>, op: OpId) -> ValueId {
    rw.operand(op, 0)
}
fn rhs(rw: &PatternRewriter<'_>, op: OpId) -> ValueId {
    rw.operand(op, 1)
}
fn result_type(rw: &PatternRewriter<'_>, op: OpId) -> Type {
    rw.value_type(rw.result(op, 0))
}

// ---- overflow flags -----------------------------------------------------------------------------

const NSW: u8 = 1;
const NUW: u8 = 2;

/// The overflow flags of `op` (none when absent).
fn flags(rw: &PatternRewriter<'_>, op: OpId) -> u8 {
    let Some(a) = rw.prop(op, "overflowFlags") else {
        return 0;
    };
    let Some((_, Some(body))) = rw.attr_dialect(a) else {
        return 0;
    };
    body.split(',').fold(0, |acc, f| match f.trim() {
        "nsw" => acc | NSW,
        "nuw" => acc | NUW,
        _ => acc,
    })
}

fn flags_attr(rw: &PatternRewriter<'_>, f: u8) -> Attr {
    let body = match f {
        0 => "none",
        NSW => "nsw",
        NUW => "nuw",
        _ => "nsw, nuw",
    };
    rw.dialect_attr("arith.overflow", Some(body))
}

// ---- building -----------------------------------------------------------------------------------

/// `arith.constant value : ty` at the insertion point.
fn constant(rw: Rw<'_, '_>, ty: Type, value: i128) -> ValueId {
    let attr = rw.int_attr(ty, value);
    let state = rw
        .state("arith.constant")
        .results(&[ty])
        .property(rw, "value", attr);
    let op = rw.create(state);
    rw.result(op, 0)
}

/// An integer binary op `name(a, b)` with overflow flags `f` (when the op takes them).
fn binary(rw: Rw<'_, '_>, name: &str, a: ValueId, b: ValueId, f: Option<u8>) -> ValueId {
    let ty = rw.value_type(a);
    let mut state = rw.state(name).operands(&[a, b]).results(&[ty]);
    if let Some(f) = f {
        let attr = flags_attr(rw, f);
        state = state.property(rw, "overflowFlags", attr);
    }
    let op = rw.create(state);
    rw.result(op, 0)
}

/// A one-operand op `name(x) : ty`.
fn unary(rw: Rw<'_, '_>, name: &str, x: ValueId, ty: Type) -> ValueId {
    let state = rw.state(name).operands(&[x]).results(&[ty]);
    let op = rw.create(state);
    rw.result(op, 0)
}

fn replace(rw: Rw<'_, '_>, op: OpId, v: ValueId) -> bool {
    rw.replace_op_with_values(op, &[v]);
    true
}

/// Replace `op` with the integer constant `value` of its result type.
fn replace_with_int(rw: Rw<'_, '_>, op: OpId, value: i128) -> bool {
    let ty = result_type(rw, op);
    if width(rw, ty).is_none() {
        return false;
    }
    let c = constant(rw, ty, value);
    replace(rw, op, c)
}

// ---- constant chains ----------------------------------------------------------------------------

/// Which operand of a binary op.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Lhs,
    Rhs,
}

use Side::{Lhs, Rhs};

/// A constant-chain pattern of `ArithCanonicalization.td`: `root` has the
/// constant `c1` on side `c1_at` and an `inner` op on the other side, whose
/// constant `c0` is on side `c0_at` (its other operand is `x`); the result is
/// `result(x, k)` (or `result(k, x)` when `k_at` is `Lhs`) with
/// `k = combine(c0, c1)`, and the overflow flags of both ops intersected
/// (`merge`) or none.
struct Chain {
    name: &'static str,
    root: &'static str,
    c1_at: Side,
    inner: &'static str,
    c0_at: Side,
    result: &'static str,
    k_at: Side,
    combine: fn(i128, i128) -> i128,
    merge: bool,
}

const fn chain(
    name: &'static str,
    root: &'static str,
    (c1_at, inner, c0_at): (Side, &'static str, Side),
    (result, k_at): (&'static str, Side),
    combine: fn(i128, i128) -> i128,
    merge: bool,
) -> Chain {
    Chain {
        name,
        root,
        c1_at,
        inner,
        c0_at,
        result,
        k_at,
        combine,
        merge,
    }
}

const ADD: &str = "arith.addi";
const SUB: &str = "arith.subi";
const MUL: &str = "arith.muli";

fn add(a: i128, b: i128) -> i128 {
    a.wrapping_add(b)
}
fn sub(a: i128, b: i128) -> i128 {
    a.wrapping_sub(b)
}
/// `c1 - c0` (the arguments are `(c0, c1)`).
fn rsub(c0: i128, c1: i128) -> i128 {
    c1.wrapping_sub(c0)
}
fn mul(a: i128, b: i128) -> i128 {
    a.wrapping_mul(b)
}

/// The constant chains, as MLIR names them.
static CHAINS: [Chain; 10] = [
    // addi(addi(x, c0), c1) -> addi(x, c0 + c1)
    chain(
        "AddIAddConstant",
        ADD,
        (Rhs, ADD, Rhs),
        (ADD, Rhs),
        add,
        true,
    ),
    // addi(subi(x, c0), c1) -> addi(x, c1 - c0)
    chain(
        "AddISubConstantRHS",
        ADD,
        (Rhs, SUB, Rhs),
        (ADD, Rhs),
        rsub,
        true,
    ),
    // addi(subi(c0, x), c1) -> subi(c0 + c1, x)
    chain(
        "AddISubConstantLHS",
        ADD,
        (Rhs, SUB, Lhs),
        (SUB, Lhs),
        add,
        true,
    ),
    // subi(addi(x, c0), c1) -> addi(x, c0 - c1); MLIR drops the flags here
    chain(
        "SubIRHSAddConstant",
        SUB,
        (Rhs, ADD, Rhs),
        (ADD, Rhs),
        sub,
        false,
    ),
    // subi(c1, addi(x, c0)) -> subi(c1 - c0, x)
    chain(
        "SubILHSAddConstant",
        SUB,
        (Lhs, ADD, Rhs),
        (SUB, Lhs),
        rsub,
        true,
    ),
    // subi(subi(x, c0), c1) -> subi(x, c0 + c1)
    chain(
        "SubIRHSSubConstantRHS",
        SUB,
        (Rhs, SUB, Rhs),
        (SUB, Rhs),
        add,
        true,
    ),
    // subi(subi(c0, x), c1) -> subi(c0 - c1, x)
    chain(
        "SubIRHSSubConstantLHS",
        SUB,
        (Rhs, SUB, Lhs),
        (SUB, Lhs),
        sub,
        true,
    ),
    // subi(c1, subi(x, c0)) -> subi(c0 + c1, x)
    chain(
        "SubILHSSubConstantRHS",
        SUB,
        (Lhs, SUB, Rhs),
        (SUB, Lhs),
        add,
        true,
    ),
    // subi(c1, subi(c0, x)) -> addi(x, c1 - c0)
    chain(
        "SubILHSSubConstantLHS",
        SUB,
        (Lhs, SUB, Lhs),
        (ADD, Rhs),
        rsub,
        true,
    ),
    // muli(muli(x, c0), c1) -> muli(x, c0 * c1)
    chain(
        "MulIMulIConstant",
        MUL,
        (Rhs, MUL, Rhs),
        (MUL, Rhs),
        mul,
        true,
    ),
];

/// Operand `side` of `op`, and the other one.
fn sides(rw: &PatternRewriter<'_>, op: OpId, side: Side) -> (ValueId, ValueId) {
    match side {
        Lhs => (lhs(rw, op), rhs(rw, op)),
        Rhs => (rhs(rw, op), lhs(rw, op)),
    }
}

impl RewritePattern for &'static Chain {
    fn name(&self) -> &str {
        self.name
    }
    fn root(&self) -> Option<&'static str> {
        Some(self.root)
    }
    /// As MLIR's DRR: the number of ops matched.
    fn benefit(&self) -> u16 {
        2
    }
    fn match_and_rewrite(&self, op: OpId, rw: &mut PatternRewriter<'_>) -> bool {
        let (c1, other) = sides(rw, op, self.c1_at);
        let Some(c1) = int_const(rw, c1) else {
            return false;
        };
        let Some(inner) = def(rw, other, self.inner) else {
            return false;
        };
        let (c0, x) = sides(rw, inner, self.c0_at);
        let Some(c0) = int_const(rw, c0) else {
            return false;
        };
        let f = match self.merge {
            true => flags(rw, op) & flags(rw, inner),
            false => 0,
        };
        let ty = result_type(rw, op);
        let k = constant(rw, ty, (self.combine)(c0, c1));
        let (a, b) = if self.k_at == Rhs { (x, k) } else { (k, x) };
        let v = binary(rw, self.result, a, b, Some(f));
        replace(rw, op, v)
    }
}

/// Add the chains rooted at `root`.
fn add_chains(set: &mut PatternSet, root: &str) {
    for c in CHAINS.iter().filter(|c| c.root == root) {
        set.add(c);
    }
}

// ---- addi ---------------------------------------------------------------------------------------

pub fn addi(set: &mut PatternSet) {
    set.add_fn("fold-addi-of-subi", "arith.addi", FOLD, fold_addi_of_subi);
    add_chains(set, "arith.addi");
    set.add_fn(
        "AddIMulNegativeOneRhs",
        "arith.addi",
        2,
        addi_mul_neg_one_rhs,
    )
    .add_fn(
        "AddIMulNegativeOneLhs",
        "arith.addi",
        2,
        addi_mul_neg_one_lhs,
    );
}

/// addi(subi(a, b), b) -> a; addi(b, subi(a, b)) -> a.
fn fold_addi_of_subi(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (l, r) = (lhs(rw, op), rhs(rw, op));
    if let Some(sub) = def(rw, l, "arith.subi")
        && rhs(rw, sub) == r
    {
        let a = lhs(rw, sub);
        return replace(rw, op, a);
    }
    if let Some(sub) = def(rw, r, "arith.subi")
        && rhs(rw, sub) == l
    {
        let a = lhs(rw, sub);
        return replace(rw, op, a);
    }
    false
}

/// addi(x, muli(y, -1)) -> subi(x, y)
fn addi_mul_neg_one_rhs(op: OpId, rw: Rw<'_, '_>) -> bool {
    let Some(mul) = def(rw, rhs(rw, op), "arith.muli") else {
        return false;
    };
    if !is_all_ones(rw, rhs(rw, mul)) {
        return false;
    }
    let (x, y) = (lhs(rw, op), lhs(rw, mul));
    let v = binary(rw, "arith.subi", x, y, Some(0));
    replace(rw, op, v)
}

/// addi(muli(x, -1), y) -> subi(y, x)
fn addi_mul_neg_one_lhs(op: OpId, rw: Rw<'_, '_>) -> bool {
    let Some(mul) = def(rw, lhs(rw, op), "arith.muli") else {
        return false;
    };
    if !is_all_ones(rw, rhs(rw, mul)) {
        return false;
    }
    let (x, y) = (lhs(rw, mul), rhs(rw, op));
    let v = binary(rw, "arith.subi", y, x, Some(0));
    replace(rw, op, v)
}

// ---- subi ---------------------------------------------------------------------------------------

pub fn subi(set: &mut PatternSet) {
    set.add_fn("fold-subi-of-addi", "arith.subi", FOLD, fold_subi_of_addi);
    add_chains(set, "arith.subi");
    set.add_fn("SubISubILHSRHSLHS", "arith.subi", 2, subi_subi_lhs_rhs_lhs);
}

/// subi(addi(a, b), b) -> a; subi(addi(a, b), a) -> b.
fn fold_subi_of_addi(op: OpId, rw: Rw<'_, '_>) -> bool {
    let r = rhs(rw, op);
    let Some(add) = def(rw, lhs(rw, op), "arith.addi") else {
        return false;
    };
    let (a, b) = (lhs(rw, add), rhs(rw, add));
    if r == b {
        return replace(rw, op, a);
    }
    if r == a {
        return replace(rw, op, b);
    }
    false
}

/// subi(subi(a, b), a) -> subi(0, b)
fn subi_subi_lhs_rhs_lhs(op: OpId, rw: Rw<'_, '_>) -> bool {
    let Some(inner) = def(rw, lhs(rw, op), "arith.subi") else {
        return false;
    };
    if lhs(rw, inner) != rhs(rw, op) {
        return false;
    }
    let (b, ty, f) = (
        rhs(rw, inner),
        result_type(rw, op),
        flags(rw, op) & flags(rw, inner),
    );
    if width(rw, ty).is_none() {
        return false;
    }
    let zero = constant(rw, ty, 0);
    let v = binary(rw, "arith.subi", zero, b, Some(f));
    replace(rw, op, v)
}

// ---- muli, divisions, remainders ----------------------------------------------------------------

pub fn muli(set: &mut PatternSet) {
    add_chains(set, "arith.muli");
}

pub fn divsi(set: &mut PatternSet) {
    set.add_fn("fold-divsi-of-muli", "arith.divsi", FOLD, |op, rw| {
        fold_div_of_mul(op, rw, NSW)
    });
}
pub fn divui(set: &mut PatternSet) {
    set.add_fn("fold-divui-of-muli", "arith.divui", FOLD, |op, rw| {
        fold_div_of_mul(op, rw, NUW)
    });
}

/// (a * b) / b -> a when the multiplication cannot wrap (nsw for signed, nuw
/// for unsigned division).
fn fold_div_of_mul(op: OpId, rw: Rw<'_, '_>, needed: u8) -> bool {
    let r = rhs(rw, op);
    let Some(mul) = def(rw, lhs(rw, op), "arith.muli") else {
        return false;
    };
    if flags(rw, mul) & needed != needed {
        return false;
    }
    let (a, b) = (lhs(rw, mul), rhs(rw, mul));
    match r {
        _ if r == a => replace(rw, op, b),
        _ if r == b => replace(rw, op, a),
        _ => false,
    }
}

pub fn remsi(set: &mut PatternSet) {
    set.add_fn("fold-rem-by-one", "arith.remsi", FOLD, fold_rem_by_one);
}
pub fn remui(set: &mut PatternSet) {
    set.add_fn("fold-rem-by-one", "arith.remui", FOLD, fold_rem_by_one);
}

/// rem(x, 1) -> 0
fn fold_rem_by_one(op: OpId, rw: Rw<'_, '_>) -> bool {
    is_int(rw, rhs(rw, op), 1) && replace_with_int(rw, op, 0)
}

// ---- bitwise ------------------------------------------------------------------------------------

/// `v` is `xori(x, -1)`: x.
fn not_of(rw: &PatternRewriter<'_>, v: ValueId) -> Option<ValueId> {
    let x = def(rw, v, "arith.xori")?;
    is_all_ones(rw, rhs(rw, x)).then(|| lhs(rw, x))
}

/// `op(ext(x), ext(y))` -> `ext(op(x, y))` for `ext` in `exts`, with x and y of one type.
fn op_of_exts(op: OpId, rw: Rw<'_, '_>, ext: &str) -> bool {
    let (Some(a), Some(b)) = (def(rw, lhs(rw, op), ext), def(rw, rhs(rw, op), ext)) else {
        return false;
    };
    let (x, y) = (rw.operand(a, 0), rw.operand(b, 0));
    if rw.value_type(x) != rw.value_type(y) {
        return false;
    }
    let name = rw.op_name_text(op).to_string();
    let ty = result_type(rw, op);
    let inner = binary(rw, &name, x, y, None);
    let v = unary(rw, ext, inner, ty);
    replace(rw, op, v)
}

pub fn andi(set: &mut PatternSet) {
    set.add_fn("fold-andi-not", "arith.andi", FOLD, fold_andi_not)
        .add_fn("fold-andi-of-andi", "arith.andi", FOLD, fold_andi_of_andi)
        .add_fn("AndOfExtUI", "arith.andi", 3, |op, rw| {
            op_of_exts(op, rw, "arith.extui")
        })
        .add_fn("AndOfExtSI", "arith.andi", 3, |op, rw| {
            op_of_exts(op, rw, "arith.extsi")
        });
}

/// and(x, not(x)) -> 0; and(not(x), x) -> 0.
fn fold_andi_not(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (l, r) = (lhs(rw, op), rhs(rw, op));
    (not_of(rw, r) == Some(l) || not_of(rw, l) == Some(r)) && replace_with_int(rw, op, 0)
}

/// and(a, and(a, b)) -> and(a, b), in any operand order.
fn fold_andi_of_andi(op: OpId, rw: Rw<'_, '_>) -> bool {
    for (inner, other) in [(lhs(rw, op), rhs(rw, op)), (rhs(rw, op), lhs(rw, op))] {
        if let Some(prev) = def(rw, inner, "arith.andi")
            && (lhs(rw, prev) == other || rhs(rw, prev) == other)
        {
            return replace(rw, op, inner);
        }
    }
    false
}

pub fn ori(set: &mut PatternSet) {
    set.add_fn("fold-ori-all-ones", "arith.ori", FOLD, fold_ori_all_ones)
        .add_fn("OrOfExtUI", "arith.ori", 3, |op, rw| {
            op_of_exts(op, rw, "arith.extui")
        })
        .add_fn("OrOfExtSI", "arith.ori", 3, |op, rw| {
            op_of_exts(op, rw, "arith.extsi")
        });
}

/// or(x, -1) -> -1; or(x, xor(x, -1)) -> -1; or(xor(x, -1), x) -> -1.
fn fold_ori_all_ones(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (l, r) = (lhs(rw, op), rhs(rw, op));
    if is_all_ones(rw, r) {
        return replace(rw, op, r);
    }
    for (x, other) in [(r, l), (l, r)] {
        if not_of(rw, x) == Some(other) {
            let ones = rw.operand(rw.defining_op(x).unwrap(), 1);
            return replace(rw, op, ones);
        }
    }
    false
}

pub fn xori(set: &mut PatternSet) {
    set.add_fn("fold-xori-of-xori", "arith.xori", FOLD, fold_xori_of_xori)
        .add_fn("XOrINotCmpI", "arith.xori", 2, xori_not_cmpi)
        .add_fn("XOrIOfExtUI", "arith.xori", 3, |op, rw| {
            op_of_exts(op, rw, "arith.extui")
        })
        .add_fn("XOrIOfExtSI", "arith.xori", 3, |op, rw| {
            op_of_exts(op, rw, "arith.extsi")
        });
}

/// xor(xor(x, a), a) -> x and the three other operand orders.
fn fold_xori_of_xori(op: OpId, rw: Rw<'_, '_>) -> bool {
    for (inner, a) in [(lhs(rw, op), rhs(rw, op)), (rhs(rw, op), lhs(rw, op))] {
        if let Some(prev) = def(rw, inner, "arith.xori") {
            let (p0, p1) = (lhs(rw, prev), rhs(rw, prev));
            if p1 == a {
                return replace(rw, op, p0);
            }
            if p0 == a {
                return replace(rw, op, p1);
            }
        }
    }
    false
}

/// cmpi predicates: eq ne slt sle sgt sge ult ule ugt uge.
const INVERT: [i128; 10] = [1, 0, 5, 4, 3, 2, 9, 8, 7, 6];
const SWAP: [i128; 10] = [0, 1, 4, 5, 2, 3, 8, 9, 6, 7];

fn predicate(rw: &PatternRewriter<'_>, cmp: OpId) -> Option<usize> {
    let p = rw.attr_int(rw.prop(cmp, "predicate")?)?;
    (0..10).contains(&p).then_some(p as usize)
}

/// `cmpi pred, a, b` with a new predicate.
fn cmpi(rw: Rw<'_, '_>, pred: i128, a: ValueId, b: ValueId, ty: Type) -> ValueId {
    let attr = rw.int_attr(rw.i64(), pred);
    let state = rw
        .state("arith.cmpi")
        .operands(&[a, b])
        .results(&[ty])
        .property(rw, "predicate", attr);
    let op = rw.create(state);
    rw.result(op, 0)
}

/// xori(cmpi(pred, a, b), true) -> cmpi(!pred, a, b)
fn xori_not_cmpi(op: OpId, rw: Rw<'_, '_>) -> bool {
    let Some(cmp) = def(rw, lhs(rw, op), "arith.cmpi") else {
        return false;
    };
    let ty = result_type(rw, op);
    if ty != rw.i1() || !is_int(rw, rhs(rw, op), 1) {
        return false;
    }
    let Some(p) = predicate(rw, cmp) else {
        return false;
    };
    let (a, b) = (lhs(rw, cmp), rhs(rw, cmp));
    let v = cmpi(rw, INVERT[p], a, b, ty);
    replace(rw, op, v)
}

// ---- min / max ----------------------------------------------------------------------------------

pub fn maxsi(set: &mut PatternSet) {
    set.add_fn("fold-minmax-bound", "arith.maxsi", FOLD, |op, rw| {
        minmax(op, rw, true, true)
    });
}
pub fn maxui(set: &mut PatternSet) {
    set.add_fn("fold-minmax-bound", "arith.maxui", FOLD, |op, rw| {
        minmax(op, rw, true, false)
    });
}
pub fn minsi(set: &mut PatternSet) {
    set.add_fn("fold-minmax-bound", "arith.minsi", FOLD, |op, rw| {
        minmax(op, rw, false, true)
    });
}
pub fn minui(set: &mut PatternSet) {
    set.add_fn("fold-minmax-bound", "arith.minui", FOLD, |op, rw| {
        minmax(op, rw, false, false)
    });
}

/// max(x, MAX) -> MAX, max(x, MIN) -> x, min(x, MIN) -> MIN, min(x, MAX) -> x.
fn minmax(op: OpId, rw: Rw<'_, '_>, max: bool, signed: bool) -> bool {
    let (l, r) = (lhs(rw, op), rhs(rw, op));
    let ty = rw.value_type(r);
    let (Some(c), Some(w @ 1..=64)) = (int_const(rw, r), width(rw, ty)) else {
        return false;
    };
    let (lo, hi) = match signed {
        true => (1i128 << (w - 1), (1i128 << (w - 1)) - 1),
        false => (0, -1),
    };
    let c = mask(c, w);
    let (absorbing, neutral) = if max { (hi, lo) } else { (lo, hi) };
    if c == mask(absorbing, w) {
        return replace(rw, op, r);
    }
    if c == mask(neutral, w) {
        return replace(rw, op, l);
    }
    false
}

// ---- cmpi ---------------------------------------------------------------------------------------

pub fn cmpi_patterns(set: &mut PatternSet) {
    set.add_fn("fold-cmpi", "arith.cmpi", FOLD, fold_cmpi_extra)
        .add_fn("CmpIExtSI", "arith.cmpi", 3, |op, rw| {
            cmpi_of_exts(op, rw, "arith.extsi")
        })
        .add_fn("CmpIExtUI", "arith.cmpi", 3, |op, rw| {
            cmpi_of_exts(op, rw, "arith.extui")
        });
}

/// The parts of MLIR's `CmpIOp::fold` the folder lacks: equal operands,
/// comparisons of i1 values with 0 and 1, and constants moved to the right
/// (with the predicate swapped, in place).
fn fold_cmpi_extra(op: OpId, rw: Rw<'_, '_>) -> bool {
    let Some(p) = predicate(rw, op) else {
        return false;
    };
    let (l, r) = (lhs(rw, op), rhs(rw, op));
    if l == r {
        // eq sle sge ule uge hold for equal operands.
        let holds = matches!(p, 0 | 3 | 5 | 7 | 9);
        let ty = result_type(rw, op);
        if ty != rw.i1() {
            return false;
        }
        let c = constant(rw, ty, holds as i128);
        return replace(rw, op, c);
    }
    let i1 = rw.i1();
    if is_int(rw, r, 0) && p == 1 {
        // extsi/extui(%x : i1) != 0 -> %x; %x : i1 != 0 -> %x
        for ext in ["arith.extsi", "arith.extui"] {
            if let Some(e) = def(rw, l, ext) {
                let x = rw.operand(e, 0);
                if rw.value_type(x) == i1 {
                    return replace(rw, op, x);
                }
            }
        }
        if rw.value_type(l) == i1 {
            return replace(rw, op, l);
        }
    }
    if is_int(rw, r, 1) && p == 0 && rw.value_type(l) == i1 {
        return replace(rw, op, l);
    }
    if int_const(rw, l).is_some() && int_const(rw, r).is_none() {
        let attr = rw.int_attr(rw.i64(), SWAP[p]);
        rw.modify_op_in_place(op, |ctx| {
            ctx.set_prop(op, "predicate", Some(attr));
            ctx.set_operands(op, &[r, l]);
        });
        return true;
    }
    false
}

/// cmpi(eq|ne, ext(a), ext(b)) -> cmpi(eq|ne, a, b) with a and b of one type.
fn cmpi_of_exts(op: OpId, rw: Rw<'_, '_>, ext: &str) -> bool {
    let Some(p @ (0 | 1)) = predicate(rw, op) else {
        return false;
    };
    let (Some(a), Some(b)) = (def(rw, lhs(rw, op), ext), def(rw, rhs(rw, op), ext)) else {
        return false;
    };
    let (x, y) = (rw.operand(a, 0), rw.operand(b, 0));
    if rw.value_type(x) != rw.value_type(y) {
        return false;
    }
    let ty = result_type(rw, op);
    let v = cmpi(rw, p as i128, x, y, ty);
    replace(rw, op, v)
}

// ---- select -------------------------------------------------------------------------------------

pub fn select(set: &mut PatternSet) {
    set.add_fn("fold-select", "arith.select", FOLD, fold_select_extra)
        .add_fn(
            "RedundantSelectFalse",
            "arith.select",
            2,
            redundant_select_false,
        )
        .add_fn(
            "RedundantSelectTrue",
            "arith.select",
            2,
            redundant_select_true,
        )
        .add_fn("SelectNotCond", "arith.select", 2, select_not_cond)
        .add_fn("SelectI1ToNot", "arith.select", 1, select_i1_to_not)
        .add_fn("SelectToExtUI", "arith.select", 1, select_to_extui);
}

fn select_parts(rw: &PatternRewriter<'_>, op: OpId) -> (ValueId, ValueId, ValueId) {
    (rw.operand(op, 0), rw.operand(op, 1), rw.operand(op, 2))
}

/// The parts of MLIR's `SelectOp::fold` the folder lacks:
/// select(c, true, false) -> c for i1, and select(cmpi eq/ne(a, b), a, b).
fn fold_select_extra(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (c, t, f) = select_parts(rw, op);
    if result_type(rw, op) == rw.i1() && is_int(rw, t, 1) && is_int(rw, f, 0) {
        return replace(rw, op, c);
    }
    if let Some(cmp) = def(rw, c, "arith.cmpi")
        && let Some(p @ (0 | 1)) = predicate(rw, cmp)
    {
        let (a, b) = (lhs(rw, cmp), rhs(rw, cmp));
        if (a == t && b == f) || (b == t && a == f) {
            return replace(rw, op, if p == 1 { t } else { f });
        }
    }
    false
}

fn new_select(rw: Rw<'_, '_>, c: ValueId, t: ValueId, f: ValueId) -> ValueId {
    let ty = rw.value_type(t);
    let state = rw.state("arith.select").operands(&[c, t, f]).results(&[ty]);
    let op = rw.create(state);
    rw.result(op, 0)
}

/// select(c, a, select(c, b, d)) -> select(c, a, d)
fn redundant_select_false(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (c, a, f) = select_parts(rw, op);
    let Some(inner) = def(rw, f, "arith.select") else {
        return false;
    };
    if rw.operand(inner, 0) != c {
        return false;
    }
    let d = rw.operand(inner, 2);
    let v = new_select(rw, c, a, d);
    replace(rw, op, v)
}

/// select(c, select(c, a, b), d) -> select(c, a, d)
fn redundant_select_true(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (c, t, d) = select_parts(rw, op);
    let Some(inner) = def(rw, t, "arith.select") else {
        return false;
    };
    if rw.operand(inner, 0) != c {
        return false;
    }
    let a = rw.operand(inner, 1);
    let v = new_select(rw, c, a, d);
    replace(rw, op, v)
}

/// select(not(c), a, b) -> select(c, b, a)
fn select_not_cond(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (c, a, b) = select_parts(rw, op);
    let Some(x) = not_of(rw, c) else {
        return false;
    };
    let v = new_select(rw, x, b, a);
    replace(rw, op, v)
}

/// select(c, false, true) -> xori(c, true)
fn select_i1_to_not(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (c, t, f) = select_parts(rw, op);
    let i1 = rw.i1();
    if result_type(rw, op) != i1 || !is_int(rw, t, 0) || !is_int(rw, f, 1) {
        return false;
    }
    let one = constant(rw, i1, 1);
    let v = binary(rw, "arith.xori", c, one, None);
    replace(rw, op, v)
}

/// select(c, 1, 0) -> extui(c); select(c, 0, 1) -> extui(xori(c, true)), for
/// integer results wider than i1.
fn select_to_extui(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (c, t, f) = select_parts(rw, op);
    let ty = result_type(rw, op);
    let i1 = rw.i1();
    if !matches!(rw.type_data(ty), TypeData::Integer { width, .. } if *width > 1)
        || rw.value_type(c) != i1
    {
        return false;
    }
    let cond = if is_int(rw, t, 1) && is_int(rw, f, 0) {
        c
    } else if is_int(rw, t, 0) && is_int(rw, f, 1) {
        let one = constant(rw, i1, 1);
        binary(rw, "arith.xori", c, one, None)
    } else {
        return false;
    };
    let v = unary(rw, "arith.extui", cond, ty);
    replace(rw, op, v)
}

// ---- casts --------------------------------------------------------------------------------------

pub fn extui(set: &mut PatternSet) {
    set.add_fn("fold-ext-of-ext", "arith.extui", FOLD, |op, rw| {
        ext_of_ext(op, rw, "arith.extui", "arith.extui")
    });
}
pub fn extsi(set: &mut PatternSet) {
    set.add_fn("fold-ext-of-ext", "arith.extsi", FOLD, |op, rw| {
        ext_of_ext(op, rw, "arith.extsi", "arith.extsi")
    })
    .add_fn("ExtSIOfExtUI", "arith.extsi", 2, |op, rw| {
        ext_of_ext(op, rw, "arith.extui", "arith.extui")
    });
}

/// outer(inner(x)) -> result(x): the extension of an extension extends once.
fn ext_of_ext(op: OpId, rw: Rw<'_, '_>, inner: &str, result: &str) -> bool {
    let Some(e) = def(rw, rw.operand(op, 0), inner) else {
        return false;
    };
    let (x, ty) = (rw.operand(e, 0), result_type(rw, op));
    let v = unary(rw, result, x, ty);
    replace(rw, op, v)
}

pub fn trunci(set: &mut PatternSet) {
    set.add_fn("fold-trunci", "arith.trunci", FOLD, fold_trunci);
}

/// trunci(ext(x)) -> x when x has the result type; trunci(trunci(x)) -> trunci(x).
fn fold_trunci(op: OpId, rw: Rw<'_, '_>) -> bool {
    let src = rw.operand(op, 0);
    let ty = result_type(rw, op);
    for ext in ["arith.extui", "arith.extsi"] {
        if let Some(e) = def(rw, src, ext) {
            let x = rw.operand(e, 0);
            if rw.value_type(x) == ty {
                return replace(rw, op, x);
            }
        }
    }
    if let Some(t) = def(rw, src, "arith.trunci") {
        let x = rw.operand(t, 0);
        let v = unary(rw, "arith.trunci", x, ty);
        return replace(rw, op, v);
    }
    false
}

pub fn index_cast(set: &mut PatternSet) {
    set.add_fn("IndexCastOfIndexCast", "arith.index_cast", 2, |op, rw| {
        cast_of_cast(op, rw, "arith.index_cast")
    })
    .add_fn("IndexCastOfExtSI", "arith.index_cast", 2, |op, rw| {
        cast_of_ext(op, rw, "arith.extsi")
    });
}
pub fn index_castui(set: &mut PatternSet) {
    set.add_fn(
        "IndexCastUIOfIndexCastUI",
        "arith.index_castui",
        2,
        |op, rw| cast_of_cast(op, rw, "arith.index_castui"),
    )
    .add_fn("IndexCastUIOfExtUI", "arith.index_castui", 2, |op, rw| {
        cast_of_ext(op, rw, "arith.extui")
    });
}

/// cast(cast(x)) -> x when x has the result type.
fn cast_of_cast(op: OpId, rw: Rw<'_, '_>, name: &str) -> bool {
    let Some(c) = def(rw, rw.operand(op, 0), name) else {
        return false;
    };
    let x = rw.operand(c, 0);
    rw.value_type(x) == result_type(rw, op) && replace(rw, op, x)
}

/// cast(ext(x)) -> cast(x)
fn cast_of_ext(op: OpId, rw: Rw<'_, '_>, ext: &str) -> bool {
    let Some(e) = def(rw, rw.operand(op, 0), ext) else {
        return false;
    };
    let (x, ty) = (rw.operand(e, 0), result_type(rw, op));
    let name = rw.op_name_text(op).to_string();
    let v = unary(rw, &name, x, ty);
    replace(rw, op, v)
}

// ---- floats -------------------------------------------------------------------------------------

pub fn negf(set: &mut PatternSet) {
    set.add_fn("fold-negf-of-negf", "arith.negf", FOLD, |op, rw| {
        let Some(inner) = def(rw, rw.operand(op, 0), "arith.negf") else {
            return false;
        };
        let x = rw.operand(inner, 0);
        replace(rw, op, x)
    });
}

/// Float min/max of equal operands, or with their neutral constant.
fn fold_float_minmax(op: OpId, rw: Rw<'_, '_>, neutral: fn(f64) -> bool) -> bool {
    let (l, r) = (lhs(rw, op), rhs(rw, op));
    if l == r || float_const(rw, r).is_some_and(neutral) {
        return replace(rw, op, l);
    }
    false
}

pub fn maximumf(set: &mut PatternSet) {
    set.add_fn("fold-float-minmax", "arith.maximumf", FOLD, |op, rw| {
        fold_float_minmax(op, rw, |c| c == f64::NEG_INFINITY)
    });
}
pub fn minimumf(set: &mut PatternSet) {
    set.add_fn("fold-float-minmax", "arith.minimumf", FOLD, |op, rw| {
        fold_float_minmax(op, rw, |c| c == f64::INFINITY)
    });
}
pub fn maxnumf(set: &mut PatternSet) {
    set.add_fn("fold-float-minmax", "arith.maxnumf", FOLD, |op, rw| {
        fold_float_minmax(op, rw, f64::is_nan)
    });
}
pub fn minnumf(set: &mut PatternSet) {
    set.add_fn("fold-float-minmax", "arith.minnumf", FOLD, |op, rw| {
        fold_float_minmax(op, rw, f64::is_nan)
    });
}

pub fn mulf(set: &mut PatternSet) {
    set.add_fn("MulFOfNegF", "arith.mulf", 3, float_of_negs);
}
pub fn divf(set: &mut PatternSet) {
    set.add_fn("DivFOfNegF", "arith.divf", 3, float_of_negs);
}

/// op(negf(a), negf(b)) -> op(a, b), keeping `op`'s fastmath flags.
fn float_of_negs(op: OpId, rw: Rw<'_, '_>) -> bool {
    let (Some(a), Some(b)) = (
        def(rw, lhs(rw, op), "arith.negf"),
        def(rw, rhs(rw, op), "arith.negf"),
    ) else {
        return false;
    };
    let (x, y) = (rw.operand(a, 0), rw.operand(b, 0));
    rw.modify_op_in_place(op, |ctx| ctx.set_operands(op, &[x, y]));
    true
}
