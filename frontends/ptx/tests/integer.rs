//! Integer instructions: each lowers, verifies, and after mem2reg, canonicalize
//! and cse has the ops (and the wrap-around, saturation, shift and division
//! rules) the lowering promises.

mod common;
use common::{check, kernel};

fn store32(regs: &[&str]) -> String {
    regs.iter()
        .enumerate()
        .map(|(i, r)| format!("st.global.u32 [%rd1+{}], {r};\n", 100 + 4 * i))
        .collect()
}

#[test]
fn add_sub_wrap_and_saturate() {
    let body = format!(
        "add.s32 %r4, %r1, %r2;\nsub.u32 %r5, %r1, %r2;\nadd.sat.s32 %r6, %r1, %r2;\nsub.sat.s32 %r7, %r1, %r2;\nadd.s64 %rd4, %rd2, %rd3;\nst.global.u64 [%rd1+200], %rd4;\n{}",
        store32(&["%r4", "%r5", "%r6", "%r7"])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: "arith.addi"(%[[A:[0-9]+]], %[[B:[0-9]+]]) : (i32, i32) -> i32
// CHECK: "arith.subi"(%[[A]], %[[B]]) : (i32, i32) -> i32
// CHECK: %[[X:[0-9]+]] = "arith.extsi"(%[[A]]) : (i32) -> i64
// CHECK: %[[Y:[0-9]+]] = "arith.extsi"(%[[B]]) : (i32) -> i64
// CHECK: %[[S:[0-9]+]] = "arith.addi"(%[[X]], %[[Y]]) : (i64, i64) -> i64
// CHECK: "arith.maxsi"(%[[S]], %{{[0-9]+}}) : (i64, i64) -> i64
// CHECK: "arith.minsi"
// CHECK: "arith.trunci"
// CHECK: "arith.subi"(%[[X]], %[[Y]]) : (i64, i64) -> i64
// CHECK: "arith.addi"(%{{[0-9]+}}, %{{[0-9]+}}) : (i64, i64) -> i64
"#,
    );
}

#[test]
fn mul_lo_hi_wide_and_mad() {
    let body = format!(
        "mul.lo.s32 %r4, %r1, %r2;\nmul.hi.u32 %r5, %r1, %r2;\nmul.hi.s32 %r6, %r1, %r2;\nmul.wide.u32 %rd4, %r1, %r2;\nmad.lo.s32 %r7, %r1, %r2, %r3;\nmad.hi.sat.s32 %r8, %r1, %r2, %r3;\nmad.wide.s32 %rd5, %r1, %r2, %rd2;\nst.global.u64 [%rd1+200], %rd4;\nst.global.u64 [%rd1+208], %rd5;\n{}",
        store32(&["%r4", "%r5", "%r6", "%r7", "%r8"])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: "arith.muli"(%[[A:[0-9]+]], %[[B:[0-9]+]]) : (i32, i32) -> i32
// CHECK: "arith.mului_extended"(%[[A]], %[[B]]) : (i32, i32) -> (i32, i32)
// CHECK: "arith.mulsi_extended"(%[[A]], %[[B]]) : (i32, i32) -> (i32, i32)
// CHECK: "arith.extui"(%[[A]]) : (i32) -> i64
// CHECK: "arith.extui"(%[[B]]) : (i32) -> i64
// CHECK: "arith.muli"({{.*}}) : (i64, i64) -> i64
// CHECK: "arith.addi"({{.*}}) : (i32, i32) -> i32
// CHECK: "arith.minsi"
// CHECK: "arith.extsi"(%[[A]]) : (i32) -> i64
// CHECK: "arith.muli"({{.*}}) : (i64, i64) -> i64
// CHECK: "arith.addi"({{.*}}) : (i64, i64) -> i64
"#,
    );
}

#[test]
fn mul24_and_sad() {
    let body = format!(
        "mul24.lo.s32 %r4, %r1, %r2;\nmad24.hi.u32 %r5, %r1, %r2, %r3;\nsad.s32 %r6, %r1, %r2, %r3;\n{}",
        store32(&["%r4", "%r5", "%r6"])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: "arith.shli"
// CHECK: "arith.shrsi"
// CHECK: "arith.muli"({{.*}}) : (i32, i32) -> i32
// CHECK: "arith.shrui"
// CHECK: "arith.muli"({{.*}}) : (i64, i64) -> i64
// CHECK: "arith.shrui"({{.*}}) : (i64, i64) -> i64
// CHECK: "arith.trunci"
// CHECK: "arith.addi"
// CHECK: "arith.cmpi"({{.*}}) <{predicate = 4 : i64}>
// CHECK: "arith.select"
"#,
    );
}

#[test]
fn division_never_divides_by_zero() {
    // PTX leaves x/0 and INT_MIN/-1 unspecified; arith would be undefined: the
    // divisor becomes 1 there. A constant divisor that is neither 0 nor -1 needs no guard.
    let body = format!(
        "div.s32 %r4, %r1, %r2;\ndiv.u32 %r5, %r1, %r2;\nrem.s32 %r6, %r1, %r2;\nrem.u32 %r7, %r1, 10;\ndiv.s64 %rd4, %rd2, 7;\nst.global.u64 [%rd1+200], %rd4;\n{}",
        store32(&["%r4", "%r5", "%r6", "%r7"])
    );
    check(
        &kernel(&body),
        r#"
// CHECK-DAG: %[[ONE:[0-9]+]] = "arith.constant"() <{value = 1 : i32}>
// CHECK-DAG: %[[MIN:[0-9]+]] = "arith.constant"() <{value = -2147483648 : i32}>
// CHECK-DAG: %[[ZERO:[0-9]+]] = "arith.constant"() <{value = 0 : i32}>
// CHECK: %[[Z:[0-9]+]] = "arith.cmpi"(%[[B:[0-9]+]], %[[ZERO]]) <{predicate = 0 : i64}>
// CHECK: "arith.cmpi"(%[[A:[0-9]+]], %[[MIN]]) <{predicate = 0 : i64}>
// CHECK: %[[OV:[0-9]+]] = "arith.andi"
// CHECK: %[[BAD:[0-9]+]] = "arith.ori"(%[[Z]], %[[OV]])
// CHECK: %[[D:[0-9]+]] = "arith.select"(%[[BAD]], %[[ONE]], %[[B]])
// CHECK: "arith.divsi"(%[[A]], %[[D]])
// CHECK: %[[D2:[0-9]+]] = "arith.select"(%[[Z]], %[[ONE]], %[[B]])
// CHECK: "arith.divui"(%[[A]], %[[D2]])
// CHECK: "arith.remsi"(%[[A]], %[[D]])
// CHECK: "arith.remui"(%[[A]], %{{[0-9]+}})
// CHECK: "arith.divsi"(%{{[0-9]+}}, %{{[0-9]+}}) : (i64, i64) -> i64
"#,
    );
}

#[test]
fn abs_neg_min_max() {
    let body = format!(
        "abs.s32 %r4, %r1;\nneg.s32 %r5, %r1;\nmin.s32 %r6, %r1, %r2;\nmax.u32 %r7, %r1, %r2;\nmin.u64 %rd4, %rd2, %rd3;\nst.global.u64 [%rd1+200], %rd4;\n{}",
        store32(&["%r4", "%r5", "%r6", "%r7"])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: "math.absi"(%[[A:[0-9]+]]) : (i32) -> i32
// CHECK: "arith.subi"(%{{[0-9]+}}, %[[A]])
// CHECK: "arith.minsi"(%[[A]], %[[B:[0-9]+]])
// CHECK: "arith.maxui"(%[[A]], %[[B]])
// CHECK: "arith.minui"({{.*}}) : (i64, i64) -> i64
"#,
    );
}

#[test]
fn logic_on_bits_and_predicates() {
    let body = format!(
        "and.b32 %r4, %r1, %r2;\nor.b32 %r5, %r1, 255;\nxor.b32 %r6, %r1, %r2;\nnot.b32 %r7, %r1;\ncnot.b32 %r8, %r1;\nsetp.lt.s32 %p2, %r1, %r2;\nand.pred %p3, %p1, %p2;\nor.pred %p4, %p1, %p2;\nxor.pred %p5, %p3, %p4;\nnot.pred %p6, %p5;\nselp.b32 %r9, 1, 2, %p6;\n{}",
        store32(&["%r4", "%r5", "%r6", "%r7", "%r8", "%r9"])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: "arith.andi"({{.*}}) : (i32, i32) -> i32
// CHECK: "arith.ori"({{.*}}) : (i32, i32) -> i32
// CHECK: "arith.xori"({{.*}}) : (i32, i32) -> i32
// CHECK: "arith.xori"({{.*}}) : (i32, i32) -> i32
// CHECK: "arith.cmpi"({{.*}}) <{predicate = 0 : i64}>
// CHECK: "arith.extui"({{.*}}) : (i1) -> i32
// CHECK: "arith.cmpi"({{.*}}) <{predicate = 2 : i64}>
// CHECK: "arith.andi"({{.*}}) : (i1, i1) -> i1
// CHECK: "arith.ori"({{.*}}) : (i1, i1) -> i1
// CHECK: %[[X:[0-9]+]] = "arith.xori"({{.*}}) : (i1, i1) -> i1
// COM: not.pred folds into the select's operand order
// CHECK: "arith.select"(%[[X]], %{{[0-9]+}}, %{{[0-9]+}}) : (i1, i32, i32) -> i32
"#,
    );
}

#[test]
fn shifts_at_and_over_the_width() {
    // shl/shr.u by >= the width give 0, shr.s the sign fill; constant amounts
    // under the width need no guard; the amount is a .u32 also for 64-bit shifts.
    let body = format!(
        "shl.b32 %r4, %r1, %r2;\nshr.u32 %r5, %r1, %r2;\nshr.s32 %r6, %r1, %r2;\nshl.b32 %r7, %r1, 3;\nshl.b64 %rd4, %rd2, %r2;\nshr.s16 %rs3, %rs1, %r2;\nst.global.u64 [%rd1+200], %rd4;\nst.global.u16 [%rd1+210], %rs3;\n{}",
        store32(&["%r4", "%r5", "%r6", "%r7"])
    );
    check(
        &kernel(&body),
        r#"
// CHECK-DAG: %[[W:[0-9]+]] = "arith.constant"() <{value = 32 : i32}>
// CHECK-DAG: %[[M:[0-9]+]] = "arith.constant"() <{value = 31 : i32}>
// CHECK: %[[S:[0-9]+]] = "arith.shli"(%[[A:[0-9]+]], %[[B:[0-9]+]]) : (i32, i32) -> i32
// CHECK: %[[OVER:[0-9]+]] = "arith.cmpi"(%[[B]], %[[W]]) <{predicate = 9 : i64}>
// CHECK: "arith.select"(%[[OVER]], %{{[0-9]+}}, %[[S]])
// CHECK: %[[U:[0-9]+]] = "arith.shrui"(%[[A]], %[[B]])
// CHECK: "arith.select"(%[[OVER]], %{{[0-9]+}}, %[[U]])
// CHECK: %[[C:[0-9]+]] = "arith.minui"(%[[B]], %[[M]])
// CHECK: "arith.shrsi"(%[[A]], %[[C]])
// CHECK: "arith.shli"(%[[A]], %{{[0-9]+}}) : (i32, i32) -> i32
// CHECK-NOT: "arith.select"
// CHECK: %[[B64:[0-9]+]] = "arith.extui"(%[[B]]) : (i32) -> i64
// CHECK: "arith.shli"(%{{[0-9]+}}, %[[B64]]) : (i64, i64) -> i64
// CHECK: "arith.cmpi"(%[[B]], %{{[0-9]+}}) <{predicate = 9 : i64}>
// CHECK: "arith.minui"(%[[B]], %{{[0-9]+}})
// CHECK: "arith.trunci"({{.*}}) : (i32) -> i16
// CHECK: "arith.shrsi"({{.*}}) : (i16, i16) -> i16
"#,
    );
}

#[test]
fn bit_counting_and_fields() {
    let body = format!(
        "popc.b32 %r4, %r1;\nclz.b64 %r5, %rd2;\nbrev.b32 %r6, %r1;\nbfe.s32 %r7, %r1, 8, %r2;\nbfe.u64 %rd4, %rd2, %r1, 4;\nbfi.b32 %r8, %r1, %r2, 4, 8;\nprmt.b32 %r9, %r1, %r2, 0x3210;\nprmt.b32.ecl %r10, %r1, %r2, %r3;\nbfind.u32 %r11, %r1;\nbfind.shiftamt.s32 %r12, %r1;\nst.global.u64 [%rd1+200], %rd4;\n{}",
        store32(&[
            "%r4", "%r5", "%r6", "%r7", "%r8", "%r9", "%r10", "%r11", "%r12"
        ])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: "math.ctpop"({{.*}}) : (i32) -> i32
// CHECK: "math.ctlz"({{.*}}) : (i64) -> i64
// CHECK: "arith.trunci"({{.*}}) : (i64) -> i32
// CHECK: "cuda.brev"({{.*}}) : (i32) -> i32
// CHECK: "cuda.bfe"({{.*}}) <{signed}> : (i32, i32, i32) -> i32
// CHECK: "cuda.bfe"({{.*}}) : (i64, i32, i32) -> i64
// CHECK: "cuda.bfi"({{.*}}) : (i32, i32, i32, i32) -> i32
// CHECK: "cuda.prmt"({{.*}}) : (i32, i32, i32) -> i32
// CHECK: "cuda.prmt"({{.*}}) <{mode = #cuda<prmt_mode ecl>}> : (i32, i32, i32) -> i32
// CHECK: "math.ctlz"({{.*}}) : (i32) -> i32
// CHECK: "arith.subi"
// CHECK: "arith.select"
"#,
    );
}

#[test]
fn extended_precision_carry_chain() {
    // a 64-bit add from 32-bit halves, and a borrow chain
    let body = format!(
        "add.cc.u32 %r4, %r1, %r2;\naddc.u32 %r5, %r3, 0;\nsub.cc.u32 %r6, %r1, %r2;\nsubc.cc.u32 %r7, %r3, %r2;\nsubc.u32 %r8, 0, 0;\nmad.lo.cc.u32 %r9, %r1, %r2, %r3;\nmadc.hi.u32 %r10, %r1, %r2, 0;\n{}",
        store32(&["%r4", "%r5", "%r6", "%r7", "%r8", "%r9", "%r10"])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: %[[S:[0-9]+]]:2 = "arith.addui_extended"(%[[A:[0-9]+]], %[[B:[0-9]+]]) : (i32, i32) -> (i32, i1)
// CHECK: %[[T:[0-9]+]]:2 = "arith.addui_extended"(%[[C:[0-9]+]], %{{[0-9]+}})
// CHECK: %[[CIN:[0-9]+]] = "arith.extui"(%[[S]]#1) : (i1) -> i32
// CHECK: "arith.addui_extended"(%[[T]]#0, %[[CIN]])
// COM: a - b - borrow is a + ~b + !borrow
// CHECK: %[[NB:[0-9]+]] = "arith.xori"(%[[B]], %{{[0-9]+}}) : (i32, i32) -> i32
// CHECK: %[[D:[0-9]+]]:2 = "arith.addui_extended"(%[[A]], %[[NB]])
// CHECK: %[[E:[0-9]+]]:2 = "arith.addui_extended"(%[[D]]#0, %{{[0-9]+}})
// CHECK: "arith.ori"(%[[D]]#1, %[[E]]#1)
// CHECK: "arith.muli"(%[[A]], %[[B]])
// CHECK: "arith.addui_extended"
// CHECK: "arith.mului_extended"(%[[A]], %[[B]])
"#,
    );
}
