//! Statements: every kind, `#pragma unroll`, declarations versus expressions.

use super::*;

#[test]
fn if_else_chains() {
    check_stmts(
        "int a, b;",
        "if (a) b = 1; if (a) { b = 2; } else b = 3; if (a) ; else if (b) a = 1; else if (a < b) {} else a = 0;",
        r#"
            IfStmt
              DeclRefExpr a
              BinaryOperator '='
                DeclRefExpr b
                IntegerLiteral 1
            IfStmt has_else
              DeclRefExpr a
              CompoundStmt
                BinaryOperator '='
                  DeclRefExpr b
                  IntegerLiteral 2
              BinaryOperator '='
                DeclRefExpr b
                IntegerLiteral 3
            IfStmt has_else
              DeclRefExpr a
              NullStmt
              IfStmt has_else
                DeclRefExpr b
                BinaryOperator '='
                  DeclRefExpr a
                  IntegerLiteral 1
                IfStmt has_else
                  BinaryOperator '<'
                    DeclRefExpr a
                    DeclRefExpr b
                  CompoundStmt
                  BinaryOperator '='
                    DeclRefExpr a
                    IntegerLiteral 0
        "#,
    );
}

#[test]
fn loops() {
    check_stmts(
        "int n; float *x;",
        "for (int i = 0, j = n; i < n; ++i, --j) x[i] = j;\n\
         for (;;) break;\n\
         int k; for (k = 0; k < n; k++) continue;\n\
         while (n > 0) n--;\n\
         do { n++; } while (n < 10);",
        r#"
            ForStmt
              DeclStmt
                VarDecl i 'int'
                  IntegerLiteral 0
                VarDecl j 'int'
                  DeclRefExpr n
              BinaryOperator '<'
                DeclRefExpr i
                DeclRefExpr n
              BinaryOperator ','
                UnaryOperator prefix '++'
                  DeclRefExpr i
                UnaryOperator prefix '--'
                  DeclRefExpr j
              BinaryOperator '='
                ArraySubscriptExpr
                  DeclRefExpr x
                  DeclRefExpr i
                DeclRefExpr j
            ForStmt
              <<<NULL>>>
              <<<NULL>>>
              <<<NULL>>>
              BreakStmt
            DeclStmt
              VarDecl k 'int'
            ForStmt
              BinaryOperator '='
                DeclRefExpr k
                IntegerLiteral 0
              BinaryOperator '<'
                DeclRefExpr k
                DeclRefExpr n
              UnaryOperator postfix '++'
                DeclRefExpr k
              ContinueStmt
            WhileStmt
              BinaryOperator '>'
                DeclRefExpr n
                IntegerLiteral 0
              UnaryOperator postfix '--'
                DeclRefExpr n
            DoStmt
              CompoundStmt
                UnaryOperator postfix '++'
                  DeclRefExpr n
              BinaryOperator '<'
                DeclRefExpr n
                IntegerLiteral 10
        "#,
    );
}

#[test]
fn switch_with_fallthrough_and_default() {
    check_stmts(
        "int v, r;",
        "switch (v) { case 0: case 1: r = 1; case 2: { r = 2; break; } default: r = 3; break; case 3 + 1: ; }",
        r#"
            SwitchStmt
              DeclRefExpr v
              CompoundStmt
                CaseStmt
                  IntegerLiteral 0
                  CaseStmt
                    IntegerLiteral 1
                    BinaryOperator '='
                      DeclRefExpr r
                      IntegerLiteral 1
                CaseStmt
                  IntegerLiteral 2
                  CompoundStmt
                    BinaryOperator '='
                      DeclRefExpr r
                      IntegerLiteral 2
                    BreakStmt
                DefaultStmt
                  BinaryOperator '='
                    DeclRefExpr r
                    IntegerLiteral 3
                BreakStmt
                CaseStmt
                  BinaryOperator '+'
                    IntegerLiteral 3
                    IntegerLiteral 1
                  NullStmt
        "#,
    );
}

#[test]
fn jumps_and_labels() {
    check_stmts(
        "int v;",
        "again: v++; if (v < 3) goto again; done: return;",
        r#"
            LabelStmt 'again'
              UnaryOperator postfix '++'
                DeclRefExpr v
            IfStmt
              BinaryOperator '<'
                DeclRefExpr v
                IntegerLiteral 3
              GotoStmt 'again'
            LabelStmt 'done'
              ReturnStmt
        "#,
    );
}

#[test]
fn return_values() {
    check(
        "struct P { int x, y; }; int f() { return 1 + 2; } P g() { return {1, 2}; } void h() { return; }",
        r#"
            RecordDecl struct P
              public VarDecl x 'int'
              public VarDecl y 'int'
            FunctionDecl f 'int ()'
              CompoundStmt
                ReturnStmt
                  BinaryOperator '+'
                    IntegerLiteral 1
                    IntegerLiteral 2
            FunctionDecl g 'P ()'
              CompoundStmt
                ReturnStmt
                  InitListExpr
                    IntegerLiteral 1
                    IntegerLiteral 2
            FunctionDecl h 'void ()'
              CompoundStmt
                ReturnStmt
        "#,
    );
}

#[test]
fn declarations_in_conditions() {
    check_stmts(
        "int f();",
        "if (int n = f()) n++; while (int m = f()) break; switch (int s = f()) { default: ; }",
        r#"
            IfStmt
              VarDecl n 'int'
                CallExpr
                  DeclRefExpr f
              UnaryOperator postfix '++'
                DeclRefExpr n
            WhileStmt
              VarDecl m 'int'
                CallExpr
                  DeclRefExpr f
              BreakStmt
            SwitchStmt
              VarDecl s 'int'
                CallExpr
                  DeclRefExpr f
              CompoundStmt
                DefaultStmt
                  NullStmt
        "#,
    );
}

#[test]
fn declaration_or_expression_statement() {
    // `T * p;` declares when T is a type and multiplies when it is a value;
    // `T(x);` with T a type is a functional cast unless `(` starts a declarator.
    check_stmts(
        "typedef float T; int a, b; float (*fp)[4];",
        "T * p; a * b; T (*q)[4] = fp; T(a) + b; { int T = 2; T * a; }",
        r#"
            DeclStmt
              VarDecl p 'T *'
            BinaryOperator '*'
              DeclRefExpr a
              DeclRefExpr b
            DeclStmt
              VarDecl q 'T (*)[4]'
                DeclRefExpr fp
            BinaryOperator '+'
              CXXFunctionalCastExpr 'T'
                DeclRefExpr a
              DeclRefExpr b
            CompoundStmt
              DeclStmt
                VarDecl T 'int'
                  IntegerLiteral 2
              BinaryOperator '*'
                DeclRefExpr T
                DeclRefExpr a
        "#,
    );
}

#[test]
fn pragma_unroll_attaches_to_loops() {
    check_stmts(
        "#define N 4\nint n; float *x;",
        "#pragma unroll\nfor (int i = 0; i < 4; i++) x[i] = 0;\n\
         #pragma unroll N\nfor (int i = 0; i < N; i++) x[i] = 0;\n\
         #pragma unroll 1\nwhile (n) n--;\n\
         #pragma unroll (2)\ndo n++; while (n < 8);",
        r#"
            ForStmt unroll
              DeclStmt
                VarDecl i 'int'
                  IntegerLiteral 0
              BinaryOperator '<'
                DeclRefExpr i
                IntegerLiteral 4
              UnaryOperator postfix '++'
                DeclRefExpr i
              BinaryOperator '='
                ArraySubscriptExpr
                  DeclRefExpr x
                  DeclRefExpr i
                IntegerLiteral 0
            ForStmt unroll(4)
              DeclStmt
                VarDecl i 'int'
                  IntegerLiteral 0
              BinaryOperator '<'
                DeclRefExpr i
                IntegerLiteral 4
              UnaryOperator postfix '++'
                DeclRefExpr i
              BinaryOperator '='
                ArraySubscriptExpr
                  DeclRefExpr x
                  DeclRefExpr i
                IntegerLiteral 0
            WhileStmt unroll(1)
              DeclRefExpr n
              UnaryOperator postfix '--'
                DeclRefExpr n
            DoStmt unroll(2)
              UnaryOperator postfix '++'
                DeclRefExpr n
              BinaryOperator '<'
                DeclRefExpr n
                IntegerLiteral 8
        "#,
    );
}

#[test]
fn pragma_unroll_with_a_template_parameter_count() {
    check(
        "template <int U> __device__ void f(float *x) {\n#pragma unroll U\n  for (int i = 0; i < 16; i++) x[i] = 0;\n}",
        r#"
            TemplateDecl
              NonTypeTemplateParmDecl U 'int'
              FunctionDecl f 'void (float *)' __device__
                ParmVarDecl x 'float *'
                CompoundStmt
                  ForStmt unroll(U)
                    DeclStmt
                      VarDecl i 'int'
                        IntegerLiteral 0
                    BinaryOperator '<'
                      DeclRefExpr i
                      IntegerLiteral 16
                    UnaryOperator postfix '++'
                      DeclRefExpr i
                    BinaryOperator '='
                      ArraySubscriptExpr
                        DeclRefExpr x
                        DeclRefExpr i
                      IntegerLiteral 0
        "#,
    );
}

#[test]
fn pragma_unroll_before_other_statements_is_a_warning() {
    let w = warnings("void f(int n) {\n#pragma unroll\n  n++;\n}\n");
    assert_eq!(
        w,
        "t.cu:2:9: warning: '#pragma unroll' ignored: it must come before a for, while or do loop\n\
         #pragma unroll\n        ^\n"
    );
}

#[test]
fn static_assert_typedef_and_local_types() {
    check_stmts(
        "",
        "static_assert(sizeof(int) == 4, \"int\"); static_assert(true); typedef unsigned U; U u = 1u; \
         struct L { int v; } l; enum { A, B } e = B; using F = float; F f = 1.0f;",
        r#"
            DeclStmt
              StaticAssertDecl
                BinaryOperator '=='
                  UnaryExprOrTypeTraitExpr sizeof 'int'
                  IntegerLiteral 4
                StringLiteral "int"
            DeclStmt
              StaticAssertDecl
                CXXBoolLiteralExpr true
            DeclStmt
              TypedefDecl U 'unsigned int'
            DeclStmt
              VarDecl u 'U'
                IntegerLiteral 1u
            DeclStmt
              RecordDecl struct L
                public VarDecl v 'int'
              VarDecl l 'struct L'
            DeclStmt
              EnumDecl (anonymous #1)
                EnumConstantDecl A
                EnumConstantDecl B
              VarDecl e 'enum (anonymous #1)'
                DeclRefExpr B
            DeclStmt
              TypeAliasDecl F 'float'
            DeclStmt
              VarDecl f 'F'
                FloatingLiteral 1.0f
        "#,
    );
}

#[test]
fn null_and_nested_compound_statements() {
    check_stmts(
        "",
        "; { ; { } }",
        r#"
        NullStmt
        CompoundStmt
          NullStmt
          CompoundStmt
    "#,
    );
}
