//! The parser on each construct: the tree it builds, and its errors.

use super::*;

/// An arena that lives as long as the test (leaked: a few small blocks).
fn arena() -> &'static Arena {
    Box::leak(Box::default())
}

fn module(src: &str) -> Module<'_> {
    parse(src, arena()).unwrap_or_else(|e| panic!("{e:?}\n{src}"))
}

fn body(src: &str) -> Vec<Stmt<'_>> {
    let m = module(src);
    match m.items.into_iter().next() {
        Some(Item::Func(f)) => f.body.expect("a body"),
        _ => panic!("no function"),
    }
}

fn inst<'a>(stmts: &'a [Stmt<'a>], i: usize) -> &'a Instruction<'a> {
    stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Inst(x) => Some(x),
            _ => None,
        })
        .nth(i)
        .expect("an instruction")
}

fn err(src: &str) -> Error {
    parse(src, arena()).expect_err("a parse error")
}

#[test]
fn module_directives() {
    let m = module(
        "// c\n.version 7.8\n.target sm_80, texmode_independent, debug\n.address_size 32\n.file 1 \"a/b.cu\", 1700000000, 42\n.section .debug_info { .b8 1 { } }\n.pragma \"nounroll\";\n",
    );
    assert_eq!(m.version, Some((7, 8)));
    assert_eq!(m.target, vec!["sm_80", "texmode_independent", "debug"]);
    assert_eq!(m.address_size, Some(32));
    assert_eq!(m.files, vec![(1, "a/b.cu")]);
    assert!(m.items.is_empty());
    assert_eq!(module(".version 9").version, Some((9, 0)));
}

#[test]
fn variables_with_alignment_arrays_and_initializers() {
    let m = module(
        ".visible .global .align 8 .b8 t[2][3] = {{1, 2, 3}, {4, 5}};\n.extern .shared .align 16 .b8 dyn[];\n.const .v4 .f32 c;\n.global .attribute(.managed) .u32 a, b = 7;\n",
    );
    let vars: Vec<&VarDecl> = m
        .items
        .iter()
        .map(|i| match i {
            Item::Var(v) => v,
            _ => panic!(),
        })
        .collect();
    assert_eq!(vars.len(), 5);
    let t = vars[0];
    assert_eq!(
        (t.linkage, t.space, t.align, t.ty),
        (Linkage::Visible, Space::Global, Some(8), Type::B8)
    );
    assert_eq!(t.dims, vec![Some(2), Some(3)]);
    assert_eq!(t.elements(), Some(6));
    let Some(Init::List(rows, _)) = &t.init else {
        panic!()
    };
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (vars[1].linkage, vars[1].dims.clone(), vars[1].elements()),
        (Linkage::Extern, vec![None], None)
    );
    assert_eq!(
        (vars[2].vector, vars[2].ty, vars[2].elements()),
        (4, Type::F32, Some(4))
    );
    assert_eq!((vars[3].name, vars[4].name), ("a", "b"));
    assert!(matches!(vars[4].init, Some(Init::Value(Value::Int(7), _))));
}

#[test]
fn functions_parameters_and_performance_directives() {
    let m = module(
        ".visible .entry k(.param .u64 .ptr .global .align 16 p, .param .align 8 .b8 s[24])\n.maxntid 256, 1, 1\n.reqntid 64\n.minnctapersm 4\n.maxnreg 32\n{ ret; }\n.func (.param .b32 r) f(.reg .b32 x) .noreturn;\n.extern .func g;\n",
    );
    let Item::Func(k) = &m.items[0] else { panic!() };
    assert!(k.entry && k.body.is_some());
    assert_eq!(k.params.len(), 2);
    // the alignment after .ptr is the pointee's, not the parameter's
    assert_eq!(
        (k.params[0].ty, k.params[0].align, k.params[0].array),
        (Type::U64, None, None)
    );
    assert_eq!(
        (k.params[1].align, k.params[1].array, k.params[1].bytes()),
        (Some(8), Some(24), 24)
    );
    assert_eq!(
        k.perf,
        vec![
            Perf::MaxNtid(vec![256, 1, 1]),
            Perf::ReqNtid(vec![64]),
            Perf::MinNCtaPerSm(4),
            Perf::MaxNReg(32)
        ]
    );
    let Item::Func(f) = &m.items[1] else { panic!() };
    assert!(!f.entry && f.body.is_none() && f.noreturn);
    assert_eq!(
        (f.rets[0].name, f.params[0].name, f.params[0].reg),
        ("r", "x", true)
    );
    let Item::Func(g) = &m.items[2] else { panic!() };
    assert_eq!((g.linkage, g.params.len()), (Linkage::Extern, 0));
}

#[test]
fn body_statements() {
    let b = body(
        ".entry k() {\n.reg .pred %p<3>;\n.reg .v2 .f32 %v, %w;\n.local .align 4 .b8 d[8];\n$L1:\n.loc 1 5 2, function_name $s, inlined_at 1 9 4\n{ .param .b32 p0; }\n$T: .branchtargets $L1, $L2;\n$P: .callprototype (.param .b32 _) _ (.param .b32 _);\n$L2: ret;\n}",
    );
    assert!(
        matches!(&b[0], Stmt::Reg(r) if r.ty == Type::Pred && r.names == vec![("%p", Some(3))])
    );
    assert!(matches!(&b[1], Stmt::Reg(r) if r.vector == 2 && r.names.len() == 2));
    assert!(matches!(&b[2], Stmt::Var(v) if v.space == Space::Local && v.align == Some(4)));
    assert!(matches!(&b[3], Stmt::Label("$L1", _)));
    assert!(matches!(&b[4], Stmt::Loc(1, 5, 2)));
    assert!(matches!(
        (&b[5], &b[6], &b[7]),
        (Stmt::Open, Stmt::Var(_), Stmt::Close)
    ));
    assert!(matches!(&b[8], Stmt::BranchTargets("$T", t, _) if t.len() == 2));
    assert!(matches!(&b[9], Stmt::CallPrototype("$P", _)));
    assert!(matches!(&b[10], Stmt::Label("$L2", _)));
    assert!(matches!(&b[11], Stmt::Inst(i) if i.opcode == "ret"));
}

#[test]
fn instructions_guards_modifiers_and_operands() {
    let b = body(
        ".entry k() {\n@!%p1 ld.global.nc.L2::128B.v2.f32 {%f1, _}, [%rd4+-8];\nsetp.lt.and.s32 %p1|%p2, %r1, -(1 << 4), !%p3;\nmov.u32 %r1, %tid.x;\nmov.u64 %rd1, tab+16;\ncall.uni (rv), f, (a, b);\nst.shared.u32 [0x100], 0f3F800000;\nmov.f64 %fd1, -0d3FF0000000000000;\nmov.f32 %f1, 1.5e1;\n}",
    );
    let i = inst(&b, 0);
    assert_eq!(i.opcode, "ld");
    assert!(matches!(
        i.guard,
        Some(Guard {
            negated: true,
            reg: "%p1",
            ..
        })
    ));
    let mods: Vec<&str> = i.mods.iter().map(|(m, _)| *m).collect();
    assert_eq!(mods, vec![".global", ".nc", ".L2::128B", ".v2", ".f32"]);
    assert!(matches!(&i.operands[0], Operand::Vec(v, _) if matches!(v[1], Operand::Sink(_))));
    assert!(matches!(
        i.operands[1],
        Operand::Addr(Some(("%rd4", true)), -8, _)
    ));
    let s = inst(&b, 1);
    assert!(matches!(&s.operands[0], Operand::Pair(..)));
    assert!(matches!(s.operands[2], Operand::Imm(Value::Int(v), _) if v as i64 == -16));
    assert!(matches!(s.operands[3], Operand::Not("%p3", _)));
    assert!(matches!(
        inst(&b, 2).operands[1],
        Operand::Reg("%tid", Some("x"), _)
    ));
    assert!(matches!(
        inst(&b, 3).operands[1],
        Operand::Imm(Value::Addr("tab", 16), _)
    ));
    let c = inst(&b, 4);
    assert!(
        matches!((&c.operands[0], &c.operands[1], &c.operands[2]), (Operand::List(r, _), Operand::Sym("f", _), Operand::List(a, _)) if r.len() == 1 && a.len() == 2)
    );
    let st = inst(&b, 5);
    assert!(matches!(st.operands[0], Operand::Addr(None, 0x100, _)));
    assert!(matches!(
        st.operands[1],
        Operand::Imm(Value::F32Bits(0x3F80_0000), _)
    ));
    assert!(matches!(
        inst(&b, 6).operands[1],
        Operand::Imm(Value::F64Bits(0xBFF0_0000_0000_0000), _)
    ));
    assert!(matches!(inst(&b, 7).operands[1], Operand::Imm(Value::F64(v), _) if v == 15.0));
}

#[test]
fn constant_expressions() {
    let b = body(
        ".entry k() {\nmov.u32 %r1, 1 + 2 * 3 - (8 >> 1) % 3;\nmov.u32 %r1, ~0 & 0xff | 1 << 8;\nmov.u32 %r1, 3 > 2 && !0;\n}",
    );
    let v = |i: usize| match inst(&b, i).operands[1] {
        Operand::Imm(Value::Int(v), _) => v,
        _ => panic!(),
    };
    assert_eq!((v(0), v(1), v(2)), (6, 0x1ff, 1));
}

#[test]
fn errors_point_at_the_fault() {
    let e = err(".version 8.0\n.entry k() {\n  add.s32 %r1 %r2;\n}");
    assert_eq!(e.message, "expected ';', found '%r2'");
    assert_eq!(
        e.span.start as usize,
        ".version 8.0\n.entry k() {\n  add.s32 %r1 ".len()
    );
    assert_eq!(
        err(".entry k(").message,
        "expected '.param' or '.reg', found end of input"
    );
    assert_eq!(
        err(".entry k() { ret;").message,
        "expected '}' closing the function body, found end of input"
    );
    assert_eq!(
        err(".entry k() { mov.u32 %r1, 1/0; }").message,
        "division by zero in a constant expression"
    );
    assert_eq!(
        err(".global .u32 x[;").message,
        "expected an array size, found ';'"
    );
    assert_eq!(
        err(".entry k() { .bogus; }").message,
        "unknown or unsupported directive '.bogus' in a function body"
    );
    assert_eq!(
        err(".visible").message,
        "expected a declaration after the linkage directive, found end of input"
    );
    assert_eq!(
        err("# x").message,
        "expected a directive, found invalid token '#'"
    );
}
