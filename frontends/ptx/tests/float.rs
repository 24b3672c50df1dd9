//! Floating-point instructions: rounding modes, `.ftz`, `.sat`, the approximate
//! instructions, comparisons, conversions and the half types.

mod common;
use common::{check, kernel};

/// Stores of each `(type, register)` to `[%rd1+100+8i]`, keeping results alive.
fn stores(regs: &[(&str, &str)]) -> String {
    regs.iter()
        .enumerate()
        .map(|(i, (t, r))| format!("st.global.{t} [%rd1+{}], {r};\n", 100 + 8 * i))
        .collect()
}

#[test]
fn rounding_modes_ftz_and_saturation() {
    let body = format!(
        "add.f32 %f4, %f1, %f2;\nadd.rn.f32 %f5, %f1, %f2;\nsub.rz.ftz.f32 %f6, %f1, %f2;\nmul.rm.sat.f32 %f7, %f1, %f2;\nfma.rp.f64 %fd3, %fd1, %fd2, %fd1;\nfma.rn.ftz.sat.f32 %f8, %f1, %f2, %f3;\nmul.f64 %fd4, %fd1, %fd2;\nmad.rn.f32 %f9, %f1, %f2, %f3;\n{}",
        stores(&[
            ("f32", "%f4"),
            ("f32", "%f5"),
            ("f32", "%f6"),
            ("f32", "%f7"),
            ("f64", "%fd3"),
            ("f32", "%f8"),
            ("f64", "%fd4"),
            ("f32", "%f9")
        ])
    );
    check(
        &kernel(&body),
        r#"
// CHECK-DAG: %[[ZERO:[0-9]+]] = "arith.constant"() <{value = 0.000000e+00 : f32}>
// CHECK-DAG: %[[ONE:[0-9]+]] = "arith.constant"() <{value = 1.000000e+00 : f32}>
// COM: no rounding modifier: may be contracted into an fma
// CHECK: "arith.addf"(%[[A:[0-9]+]], %[[B:[0-9]+]]) <{fastmath = #arith.fastmath<contract>}> : (f32, f32) -> f32
// CHECK: "arith.addf"(%[[A]], %[[B]]) : (f32, f32) -> f32
// CHECK: %[[FA:[0-9]+]] = "cuda.flush_denormal"(%[[A]]) : (f32) -> f32
// CHECK: %[[FB:[0-9]+]] = "cuda.flush_denormal"(%[[B]]) : (f32) -> f32
// CHECK: %[[D:[0-9]+]] = "cuda.rounded"(%[[FA]], %[[FB]]) <{op = #cuda<rounded_op sub>, rounding = #cuda<rounding rz>}>
// CHECK: "cuda.flush_denormal"(%[[D]])
// CHECK: %[[M:[0-9]+]] = "cuda.rounded"(%[[A]], %[[B]]) <{op = #cuda<rounded_op mul>, rounding = #cuda<rounding rm>}>
// CHECK: %[[X:[0-9]+]] = "arith.maxnumf"(%[[M]], %[[ZERO]])
// CHECK: "arith.minnumf"(%[[X]], %[[ONE]])
// CHECK: "cuda.rounded"({{.*}}) <{op = #cuda<rounded_op fma>, rounding = #cuda<rounding rp>}> : (f64, f64, f64) -> f64
// CHECK: "math.fma"(%[[FA]], %[[FB]], %{{[0-9]+}}) : (f32, f32, f32) -> f32
// CHECK: "arith.maxnumf"
// CHECK: "arith.minnumf"
// CHECK: "cuda.flush_denormal"
// CHECK: "arith.mulf"({{.*}}) <{fastmath = #arith.fastmath<contract>}> : (f64, f64) -> f64
// CHECK: "math.fma"(%[[A]], %[[B]], %{{[0-9]+}}) : (f32, f32, f32) -> f32
"#,
    );
}

#[test]
fn division_ieee_and_approximate() {
    let body = format!(
        "div.rn.f32 %f4, %f1, %f2;\ndiv.rz.f64 %fd3, %fd1, %fd2;\ndiv.approx.ftz.f32 %f5, %f1, %f2;\ndiv.full.f32 %f6, %f1, %f2;\n{}",
        stores(&[
            ("f32", "%f4"),
            ("f64", "%fd3"),
            ("f32", "%f5"),
            ("f32", "%f6")
        ])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: "arith.divf"(%[[A:[0-9]+]], %[[B:[0-9]+]]) : (f32, f32) -> f32
// CHECK: "cuda.rounded"({{.*}}) <{op = #cuda<rounded_op div>, rounding = #cuda<rounding rz>}> : (f64, f64) -> f64
// CHECK: "cuda.approx"({{.*}}) <{function = #cuda<approx div>}> : (f32, f32) -> f32
// CHECK: "cuda.flush_denormal"
// CHECK: "cuda.approx"(%[[A]], %[[B]]) <{function = #cuda<approx div_full>}> : (f32, f32) -> f32
"#,
    );
}

#[test]
fn special_functions() {
    let body = format!(
        "rcp.rn.f32 %f4, %f1;\nrcp.approx.ftz.f64 %fd3, %fd1;\nrcp.rz.f64 %fd4, %fd1;\nsqrt.rn.f32 %f5, %f1;\nsqrt.approx.f32 %f6, %f1;\nrsqrt.approx.ftz.f32 %f7, %f1;\nex2.approx.ftz.f32 %f8, %f1;\nlg2.approx.f32 %f9, %f1;\nsin.approx.f32 %f10, %f1;\ncos.approx.ftz.f32 %f11, %f1;\ntanh.approx.f32 %f12, %f1;\nsqrt.rp.f32 %f13, %f1;\n{}",
        stores(&[
            ("f32", "%f4"),
            ("f64", "%fd3"),
            ("f64", "%fd4"),
            ("f32", "%f5"),
            ("f32", "%f6"),
            ("f32", "%f7"),
            ("f32", "%f8"),
            ("f32", "%f9"),
            ("f32", "%f10"),
            ("f32", "%f11"),
            ("f32", "%f12"),
            ("f32", "%f13"),
        ])
    );
    check(
        &kernel(&body),
        r#"
// COM: rcp.rn is the correctly rounded 1/x
// CHECK: "arith.divf"(%{{[0-9]+}}, %[[X:[0-9]+]]) : (f32, f32) -> f32
// CHECK: "cuda.approx"({{.*}}) <{function = #cuda<approx rcp>}> : (f64) -> f64
// CHECK: "cuda.rounded"({{.*}}) <{op = #cuda<rounded_op rcp>, rounding = #cuda<rounding rz>}> : (f64) -> f64
// CHECK: "math.sqrt"(%[[X]]) : (f32) -> f32
// CHECK: "cuda.approx"(%[[X]]) <{function = #cuda<approx sqrt>}>
// CHECK: %[[FX:[0-9]+]] = "cuda.flush_denormal"(%[[X]])
// CHECK: "cuda.approx"(%[[FX]]) <{function = #cuda<approx rsqrt>}>
// CHECK: "cuda.approx"(%[[FX]]) <{function = #cuda<approx ex2>}>
// CHECK: "cuda.approx"(%[[X]]) <{function = #cuda<approx lg2>}>
// CHECK: "cuda.approx"(%[[X]]) <{function = #cuda<approx sin>}>
// CHECK: "cuda.approx"(%[[FX]]) <{function = #cuda<approx cos>}>
// CHECK: "cuda.approx"(%[[X]]) <{function = #cuda<approx tanh>}>
// CHECK: "cuda.rounded"(%[[X]]) <{op = #cuda<rounded_op sqrt>, rounding = #cuda<rounding rp>}>
"#,
    );
}

#[test]
fn min_max_abs_neg_copysign() {
    let body = format!(
        "min.f32 %f4, %f1, %f2;\nmax.NaN.f32 %f5, %f1, %f2;\nabs.ftz.f32 %f6, %f1;\nneg.f64 %fd3, %fd1;\ncopysign.f32 %f7, %f1, %f2;\nmax.f64 %fd4, %fd1, %fd2;\n{}",
        stores(&[
            ("f32", "%f4"),
            ("f32", "%f5"),
            ("f32", "%f6"),
            ("f64", "%fd3"),
            ("f32", "%f7"),
            ("f64", "%fd4")
        ])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: "arith.minnumf"(%[[A:[0-9]+]], %[[B:[0-9]+]]) : (f32, f32) -> f32
// CHECK: "arith.maximumf"(%[[A]], %[[B]]) : (f32, f32) -> f32
// CHECK: %[[F:[0-9]+]] = "cuda.flush_denormal"(%[[A]])
// CHECK: "math.absf"(%[[F]])
// CHECK: "arith.negf"({{.*}}) : (f64) -> f64
// COM: copysign d, a, b has b's magnitude and a's sign
// CHECK: "math.copysign"(%[[B]], %[[A]]) : (f32, f32) -> f32
// CHECK: "arith.maxnumf"({{.*}}) : (f64, f64) -> f64
"#,
    );
}

#[test]
fn comparisons_selects_and_tests() {
    let body = format!(
        "setp.gtu.f32 %p2, %f1, %f2;\nsetp.num.and.f64 %p3|%p4, %fd1, %fd2, !%p2;\ntestp.subnormal.f32 %p5, %f1;\ntestp.notanumber.f64 %p6, %fd1;\nslct.f32.f32 %f4, %f1, %f3, %f2;\nset.lt.u32.f32 %r5, %f1, %f2;\nsetp.neu.ftz.f32 %p7, %f1, %f2;\nselp.u32 %r6, 1, 0, %p3;\nselp.u32 %r7, 1, 0, %p4;\nselp.u32 %r8, 1, 0, %p5;\nselp.u32 %r9, 1, 0, %p6;\nselp.u32 %r10, 1, 0, %p7;\n{}",
        stores(&[
            ("f32", "%f4"),
            ("u32", "%r5"),
            ("u32", "%r6"),
            ("u32", "%r7"),
            ("u32", "%r8"),
            ("u32", "%r9"),
            ("u32", "%r10")
        ])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: %[[GTU:[0-9]+]] = "arith.cmpf"(%[[A:[0-9]+]], %[[B:[0-9]+]]) <{fastmath = #arith.fastmath<none>, predicate = 9 : i64}>
// CHECK: %[[ORD:[0-9]+]] = "arith.cmpf"({{.*}}) <{fastmath = #arith.fastmath<none>, predicate = 7 : i64}> : (f64, f64) -> i1
// CHECK: %[[NGTU:[0-9]+]] = "arith.xori"(%[[GTU]], %{{[0-9]+}})
// CHECK: "arith.andi"(%[[ORD]], %[[NGTU]])
// CHECK: %[[NORD:[0-9]+]] = "arith.xori"(%[[ORD]], %{{[0-9]+}})
// CHECK: "arith.andi"(%[[NORD]], %[[NGTU]])
// CHECK: "math.isnormal"(%[[A]])
// CHECK: "math.isinf"(%[[A]])
// CHECK: "arith.cmpf"(%[[A]], %{{[0-9]+}}) <{fastmath = #arith.fastmath<none>, predicate = 6 : i64}>
// CHECK: "math.isnan"({{.*}}) : (f64) -> i1
// CHECK: %[[GE:[0-9]+]] = "arith.cmpf"(%[[B]], %{{[0-9]+}}) <{fastmath = #arith.fastmath<none>, predicate = 3 : i64}>
// CHECK: "arith.select"(%[[GE]], %[[A]], %{{[0-9]+}}) : (i1, f32, f32) -> f32
// CHECK: %[[LT:[0-9]+]] = "arith.cmpf"(%[[A]], %[[B]]) <{fastmath = #arith.fastmath<none>, predicate = 4 : i64}>
// CHECK: "arith.select"(%[[LT]], %{{[0-9]+}}, %{{[0-9]+}}) : (i1, i32, i32) -> i32
// CHECK: "cuda.flush_denormal"(%[[A]])
// CHECK: "cuda.flush_denormal"(%[[B]])
// CHECK: "arith.cmpf"({{.*}}) <{fastmath = #arith.fastmath<none>, predicate = 13 : i64}>
"#,
    );
}

#[test]
fn conversions() {
    let body = format!(
        "cvt.rzi.s32.f32 %r4, %f1;\ncvt.rni.u32.f64 %r5, %fd1;\ncvt.rmi.f32.f32 %f4, %f1;\ncvt.rz.f32.s32 %f5, %r1;\ncvt.rn.f32.u64 %f6, %rd2;\ncvt.rn.f32.f64 %f7, %fd1;\ncvt.rz.ftz.f32.f64 %f8, %fd1;\ncvt.f64.f32 %fd3, %f1;\ncvt.s64.s32 %rd4, %r1;\ncvt.u32.u64 %r6, %rd2;\ncvt.sat.s8.s32 %r7, %r1;\ncvt.sat.u32.s32 %r8, %r1;\ncvt.sat.f32.f32 %f9, %f1;\ncvt.rpi.s64.f32 %rd5, %f1;\ncvt.rm.f32.f64 %f10, %fd1;\n{}",
        stores(&[
            ("u32", "%r4"),
            ("u32", "%r5"),
            ("f32", "%f4"),
            ("f32", "%f5"),
            ("f32", "%f6"),
            ("f32", "%f7"),
            ("f32", "%f8"),
            ("f64", "%fd3"),
            ("u64", "%rd4"),
            ("u32", "%r6"),
            ("u32", "%r7"),
            ("u32", "%r8"),
            ("f32", "%f9"),
            ("u64", "%rd5"),
            ("f32", "%f10"),
        ])
    );
    check(
        &kernel(&body),
        r#"
// COM: float to integer saturates (NaN gives 0) after rounding to integral
// CHECK: "cuda.fptosi_sat"(%[[F:[0-9]+]]) : (f32) -> i32
// CHECK: %[[R:[0-9]+]] = "math.roundeven"(%[[D:[0-9]+]]) : (f64) -> f64
// CHECK: "cuda.fptoui_sat"(%[[R]]) : (f64) -> i32
// CHECK: "math.floor"(%[[F]]) : (f32) -> f32
// CHECK: "cuda.rounded"({{.*}}) <{op = #cuda<rounded_op sitofp>, rounding = #cuda<rounding rz>}> : (i32) -> f32
// CHECK: "arith.uitofp"({{.*}}) : (i64) -> f32
// CHECK: "arith.truncf"(%[[D]]) : (f64) -> f32
// CHECK: %[[FD:[0-9]+]] = "cuda.flush_denormal"(%[[D]]) : (f64) -> f64
// CHECK: %[[T:[0-9]+]] = "arith.truncf"(%[[FD]]) <{roundingmode = 3 : i32}> : (f64) -> f32
// CHECK: "cuda.flush_denormal"(%[[T]]) : (f32) -> f32
// CHECK: "arith.extf"(%[[F]]) : (f32) -> f64
// CHECK: "arith.extsi"({{.*}}) : (i32) -> i64
// CHECK: "arith.trunci"({{.*}}) : (i64) -> i32
// COM: cvt.sat.s8.s32 clamps to [-128, 127]; the .s8 result sign-extends into the 32-bit register
// CHECK: "arith.maxsi"
// CHECK: "arith.minsi"
// CHECK: "arith.trunci"({{.*}}) : (i32) -> i8
// CHECK: "arith.extsi"({{.*}}) : (i8) -> i32
// COM: cvt.sat.u32.s32 clamps negative values to 0
// CHECK: "arith.maxsi"
// CHECK: "arith.maxnumf"(%[[F]], %{{[0-9]+}})
// CHECK: "arith.minnumf"
// CHECK: %[[C:[0-9]+]] = "math.ceil"(%[[F]])
// CHECK: "cuda.fptosi_sat"(%[[C]]) : (f32) -> i64
// CHECK: "arith.truncf"(%[[D]]) <{roundingmode = 1 : i32}> : (f64) -> f32
"#,
    );
}

#[test]
fn half_types_and_packed_halves() {
    let body = format!(
        "cvt.rn.f16.f32 %rs3, %f1;\ncvt.f32.f16 %f4, %rs1;\nadd.rn.f16x2 %r4, %r1, %r2;\nfma.rn.bf16 %rs4, %rs1, %rs2, %rs1;\nex2.approx.f16 %rs5, %rs1;\ncvt.rn.f16x2.f32 %r5, %f1, %f2;\ncvt.rn.bf16.f32 %rs6, %f1;\nmul.rn.f16 %rs7, %rs1, %rs2;\n{}",
        stores(&[
            ("u16", "%rs3"),
            ("f32", "%f4"),
            ("u32", "%r4"),
            ("u16", "%rs4"),
            ("u16", "%rs5"),
            ("u32", "%r5"),
            ("u16", "%rs6"),
            ("u16", "%rs7")
        ])
    );
    check(
        &kernel(&body),
        r#"
// CHECK: %[[H:[0-9]+]] = "arith.truncf"(%[[F:[0-9]+]]) : (f32) -> f16
// CHECK: "arith.bitcast"(%[[H]]) : (f16) -> i16
// CHECK: %[[X:[0-9]+]] = "arith.bitcast"(%[[RS1:[0-9]+]]) : (i16) -> f16
// CHECK: "arith.extf"(%[[X]]) : (f16) -> f32
// COM: f16x2: each half of the 32-bit register on its own
// CHECK: "arith.trunci"({{.*}}) : (i32) -> i16
// CHECK: "arith.shrui"
// CHECK: "arith.addf"({{.*}}) : (f16, f16) -> f16
// CHECK: "arith.addf"({{.*}}) : (f16, f16) -> f16
// CHECK: "arith.shli"
// CHECK: "arith.ori"
// CHECK: "math.fma"({{.*}}) : (bf16, bf16, bf16) -> bf16
// CHECK: "cuda.approx"(%[[X]]) <{function = #cuda<approx ex2>}> : (f16) -> f16
// COM: cvt.rn.f16x2.f32 d, a, b puts a in the upper half
// CHECK: %[[LO:[0-9]+]] = "arith.truncf"(%[[B:[0-9]+]]) : (f32) -> f16
// CHECK: "arith.shli"
// CHECK: "arith.ori"
// CHECK: "arith.truncf"(%[[F]]) : (f32) -> bf16
// CHECK: "arith.mulf"({{.*}}) : (f16, f16) -> f16
"#,
    );
}
