//! Expressions: precedence, associativity, every operator, casts, literals,
//! names with template arguments, launches, lists.

use super::*;

const VARS: &str = "int a, b, c, *p, arr[4][4]; float x; struct S { int x; S *next; } s, *ps;\n\
                    void f(int, ...); template <typename T, int N> T g(T v) { return v; }";

#[test]
fn binary_precedence_follows_c() {
    check_stmts(
        VARS,
        "a = b || c && a | b ^ c & a == b < c << a + b * c;",
        r#"
        BinaryOperator '='
          DeclRefExpr a
          BinaryOperator '||'
            DeclRefExpr b
            BinaryOperator '&&'
              DeclRefExpr c
              BinaryOperator '|'
                DeclRefExpr a
                BinaryOperator '^'
                  DeclRefExpr b
                  BinaryOperator '&'
                    DeclRefExpr c
                    BinaryOperator '=='
                      DeclRefExpr a
                      BinaryOperator '<'
                        DeclRefExpr b
                        BinaryOperator '<<'
                          DeclRefExpr c
                          BinaryOperator '+'
                            DeclRefExpr a
                            BinaryOperator '*'
                              DeclRefExpr b
                              DeclRefExpr c
    "#,
    );
}

#[test]
fn left_associative_binary_operators() {
    check_stmts(
        VARS,
        "a - b - c; a / b * c; a << b >> c; a < b <= c;",
        r#"
        BinaryOperator '-'
          BinaryOperator '-'
            DeclRefExpr a
            DeclRefExpr b
          DeclRefExpr c
        BinaryOperator '*'
          BinaryOperator '/'
            DeclRefExpr a
            DeclRefExpr b
          DeclRefExpr c
        BinaryOperator '>>'
          BinaryOperator '<<'
            DeclRefExpr a
            DeclRefExpr b
          DeclRefExpr c
        BinaryOperator '<='
          BinaryOperator '<'
            DeclRefExpr a
            DeclRefExpr b
          DeclRefExpr c
    "#,
    );
}

#[test]
fn assignments_and_conditionals_are_right_associative() {
    check_stmts(
        VARS,
        "a = b = c; a += b -= c; a = b ? c : a ? b : c; a ? b : c = 1;",
        r#"
        BinaryOperator '='
          DeclRefExpr a
          BinaryOperator '='
            DeclRefExpr b
            DeclRefExpr c
        CompoundAssignOperator '+='
          DeclRefExpr a
          CompoundAssignOperator '-='
            DeclRefExpr b
            DeclRefExpr c
        BinaryOperator '='
          DeclRefExpr a
          ConditionalOperator
            DeclRefExpr b
            DeclRefExpr c
            ConditionalOperator
              DeclRefExpr a
              DeclRefExpr b
              DeclRefExpr c
        ConditionalOperator
          DeclRefExpr a
          DeclRefExpr b
          BinaryOperator '='
            DeclRefExpr c
            IntegerLiteral 1
    "#,
    );
}

#[test]
fn compound_assignments() {
    check_stmts(
        VARS,
        "a <<= 1; a >>= 2; a |= 1; a &= 2; a ^= 3; a %= 4; a *= 5; a /= 6;",
        r#"
            CompoundAssignOperator '<<='
              DeclRefExpr a
              IntegerLiteral 1
            CompoundAssignOperator '>>='
              DeclRefExpr a
              IntegerLiteral 2
            CompoundAssignOperator '|='
              DeclRefExpr a
              IntegerLiteral 1
            CompoundAssignOperator '&='
              DeclRefExpr a
              IntegerLiteral 2
            CompoundAssignOperator '^='
              DeclRefExpr a
              IntegerLiteral 3
            CompoundAssignOperator '%='
              DeclRefExpr a
              IntegerLiteral 4
            CompoundAssignOperator '*='
              DeclRefExpr a
              IntegerLiteral 5
            CompoundAssignOperator '/='
              DeclRefExpr a
              IntegerLiteral 6
        "#,
    );
}

#[test]
fn comma_operator() {
    check_stmts(
        VARS,
        "a = (b, c), a; f((a, b), c);",
        r#"
        BinaryOperator ','
          BinaryOperator '='
            DeclRefExpr a
            ParenExpr
              BinaryOperator ','
                DeclRefExpr b
                DeclRefExpr c
          DeclRefExpr a
        CallExpr
          DeclRefExpr f
          ParenExpr
            BinaryOperator ','
              DeclRefExpr a
              DeclRefExpr b
          DeclRefExpr c
    "#,
    );
}

#[test]
fn unary_prefix_and_postfix() {
    check_stmts(
        VARS,
        "a = -b + ~c - !a * *p / &a % ++b - --c + +a; a = p++ - p--;",
        r#"
        BinaryOperator '='
          DeclRefExpr a
          BinaryOperator '+'
            BinaryOperator '-'
              BinaryOperator '-'
                BinaryOperator '+'
                  UnaryOperator prefix '-'
                    DeclRefExpr b
                  UnaryOperator prefix '~'
                    DeclRefExpr c
                BinaryOperator '%'
                  BinaryOperator '/'
                    BinaryOperator '*'
                      UnaryOperator prefix '!'
                        DeclRefExpr a
                      UnaryOperator prefix '*'
                        DeclRefExpr p
                    UnaryOperator prefix '&'
                      DeclRefExpr a
                  UnaryOperator prefix '++'
                    DeclRefExpr b
              UnaryOperator prefix '--'
                DeclRefExpr c
            UnaryOperator prefix '+'
              DeclRefExpr a
        BinaryOperator '='
          DeclRefExpr a
          BinaryOperator '-'
            UnaryOperator postfix '++'
              DeclRefExpr p
            UnaryOperator postfix '--'
              DeclRefExpr p
    "#,
    );
}

#[test]
fn sizeof_and_alignof() {
    check_stmts(
        VARS,
        "a = sizeof a + sizeof(int) + sizeof(arr) + alignof(double) + sizeof(S *) + sizeof(float[4]) + sizeof -a;",
        r#"
            BinaryOperator '='
              DeclRefExpr a
              BinaryOperator '+'
                BinaryOperator '+'
                  BinaryOperator '+'
                    BinaryOperator '+'
                      BinaryOperator '+'
                        BinaryOperator '+'
                          UnaryExprOrTypeTraitExpr sizeof
                            DeclRefExpr a
                          UnaryExprOrTypeTraitExpr sizeof 'int'
                        UnaryExprOrTypeTraitExpr sizeof
                          ParenExpr
                            DeclRefExpr arr
                      UnaryExprOrTypeTraitExpr alignof 'double'
                    UnaryExprOrTypeTraitExpr sizeof 'S *'
                  UnaryExprOrTypeTraitExpr sizeof 'float [4]'
                UnaryExprOrTypeTraitExpr sizeof
                  UnaryOperator prefix '-'
                    DeclRefExpr a
        "#,
    );
}

#[test]
fn casts() {
    check_stmts(
        VARS,
        "a = (int)x + (unsigned char)b + static_cast<int>(2.5f) + reinterpret_cast<long>(p);\n\
         p = const_cast<int *>(p); a = (int)(S *)p;\n\
         a = int(x) + float(b) + unsigned(c) + (float(x));",
        r#"
            BinaryOperator '='
              DeclRefExpr a
              BinaryOperator '+'
                BinaryOperator '+'
                  BinaryOperator '+'
                    CStyleCastExpr 'int'
                      DeclRefExpr x
                    CStyleCastExpr 'unsigned char'
                      DeclRefExpr b
                  CXXStaticCastExpr 'int'
                    FloatingLiteral 2.5f
                CXXReinterpretCastExpr 'long'
                  DeclRefExpr p
            BinaryOperator '='
              DeclRefExpr p
              CXXConstCastExpr 'int *'
                DeclRefExpr p
            BinaryOperator '='
              DeclRefExpr a
              CStyleCastExpr 'int'
                CStyleCastExpr 'S *'
                  DeclRefExpr p
            BinaryOperator '='
              DeclRefExpr a
              BinaryOperator '+'
                BinaryOperator '+'
                  BinaryOperator '+'
                    CXXFunctionalCastExpr 'int'
                      DeclRefExpr x
                    CXXFunctionalCastExpr 'float'
                      DeclRefExpr b
                  CXXFunctionalCastExpr 'unsigned int'
                    DeclRefExpr c
                ParenExpr
                  CXXFunctionalCastExpr 'float'
                    DeclRefExpr x
        "#,
    );
}

#[test]
fn cast_or_parenthesized_value_depends_on_the_name() {
    // `(T)*p` casts a dereference; `(a)*p` multiplies.
    check_stmts(
        "typedef int T; int a, *p;",
        "a = (T)*p; a = (a)*p; a = (T)-1; a = (a)-1;",
        r#"
            BinaryOperator '='
              DeclRefExpr a
              CStyleCastExpr 'T'
                UnaryOperator prefix '*'
                  DeclRefExpr p
            BinaryOperator '='
              DeclRefExpr a
              BinaryOperator '*'
                ParenExpr
                  DeclRefExpr a
                DeclRefExpr p
            BinaryOperator '='
              DeclRefExpr a
              CStyleCastExpr 'T'
                UnaryOperator prefix '-'
                  IntegerLiteral 1
            BinaryOperator '='
              DeclRefExpr a
              BinaryOperator '-'
                ParenExpr
                  DeclRefExpr a
                IntegerLiteral 1
        "#,
    );
}

#[test]
fn members_and_subscripts() {
    check_stmts(
        VARS,
        "a = s.x + ps->x + ps->next->next->x + arr[1][2] + (&s)->x;",
        r#"
        BinaryOperator '='
          DeclRefExpr a
          BinaryOperator '+'
            BinaryOperator '+'
              BinaryOperator '+'
                BinaryOperator '+'
                  MemberExpr .x
                    DeclRefExpr s
                  MemberExpr ->x
                    DeclRefExpr ps
                MemberExpr ->x
                  MemberExpr ->next
                    MemberExpr ->next
                      DeclRefExpr ps
              ArraySubscriptExpr
                ArraySubscriptExpr
                  DeclRefExpr arr
                  IntegerLiteral 1
                IntegerLiteral 2
            MemberExpr ->x
              ParenExpr
                UnaryOperator prefix '&'
                  DeclRefExpr s
    "#,
    );
}

#[test]
fn integer_literals() {
    check_stmts(
        "void f(...);",
        "f(0, 42, 0x2Au, 052, 0b101, 10l, 10ull, 10LLU, 1'000'000, 18446744073709551615ull);",
        r#"
            CallExpr
              DeclRefExpr f
              IntegerLiteral 0
              IntegerLiteral 42
              IntegerLiteral 42u
              IntegerLiteral 42
              IntegerLiteral 5
              IntegerLiteral 10l
              IntegerLiteral 10ull
              IntegerLiteral 10ull
              IntegerLiteral 1000000
              IntegerLiteral 18446744073709551615ull
        "#,
    );
}

#[test]
fn floating_character_and_string_literals() {
    check_stmts(
        "void f(...);",
        "f(1.5, 2.f, 1e3f, .5, 0x1p-2, 1.5L, 'a', '\\n', '\\x41', L'w', u'x', U'y', \"a\" \"b\", u8\"c\", L\"wide\", \"esc\\\"\\t\");",
        r#"
            CallExpr
              DeclRefExpr f
              FloatingLiteral 1.5
              FloatingLiteral 2.0f
              FloatingLiteral 1000.0f
              FloatingLiteral 0.5
              FloatingLiteral 0.25
              FloatingLiteral 1.5L
              CharacterLiteral 'a'
              CharacterLiteral '\n'
              CharacterLiteral 'A'
              CharacterLiteral L'w'
              CharacterLiteral u'x'
              CharacterLiteral U'y'
              StringLiteral "ab"
              StringLiteral u8"c"
              StringLiteral L"wide"
              StringLiteral "esc\"\t"
        "#,
    );
}

#[test]
fn boolean_null_and_this() {
    check(
        "struct S { int v; bool f() { return this->v == 0 && true != false && this != nullptr; } };",
        r#"
            RecordDecl struct S
              public VarDecl v 'int'
              public FunctionDecl f 'bool ()'
                CompoundStmt
                  ReturnStmt
                    BinaryOperator '&&'
                      BinaryOperator '&&'
                        BinaryOperator '=='
                          MemberExpr ->v
                            CXXThisExpr
                          IntegerLiteral 0
                        BinaryOperator '!='
                          CXXBoolLiteralExpr true
                          CXXBoolLiteralExpr false
                      BinaryOperator '!='
                        CXXThisExpr
                        CXXNullPtrLiteralExpr
        "#,
    );
}

#[test]
fn explicit_template_arguments_and_comparisons() {
    check_stmts(
        VARS,
        "a = g<int, 4>(3) + g(2); a = g<float, 2 * 128>(x); a = a < b > c; a = (b < c) > a;",
        r#"
            BinaryOperator '='
              DeclRefExpr a
              BinaryOperator '+'
                CallExpr
                  DeclRefExpr g<int, 4>
                  IntegerLiteral 3
                CallExpr
                  DeclRefExpr g
                  IntegerLiteral 2
            BinaryOperator '='
              DeclRefExpr a
              CallExpr
                DeclRefExpr g<float, 2 * 128>
                DeclRefExpr x
            BinaryOperator '='
              DeclRefExpr a
              BinaryOperator '>'
                BinaryOperator '<'
                  DeclRefExpr a
                  DeclRefExpr b
                DeclRefExpr c
            BinaryOperator '='
              DeclRefExpr a
              BinaryOperator '>'
                ParenExpr
                  BinaryOperator '<'
                    DeclRefExpr b
                    DeclRefExpr c
                DeclRefExpr a
        "#,
    );
}

#[test]
fn greater_in_template_arguments_needs_parentheses() {
    check_stmts(
        "template <bool B> int h(); template <int N> struct A { static const int v = N; };",
        "int x = h<(1 > 2)>(); int y = A<(3 >> 1)>::v; int z = A<A<2>::v>::v;",
        r#"
            DeclStmt
              VarDecl x 'int'
                CallExpr
                  DeclRefExpr h<(1 > 2)>
            DeclStmt
              VarDecl y 'int'
                DeclRefExpr A<(3 >> 1)>::v
            DeclStmt
              VarDecl z 'int'
                DeclRefExpr A<A<2>::v>::v
        "#,
    );
}

#[test]
fn shift_and_greater_equal_outside_templates() {
    check_stmts(
        VARS,
        "a = b >> 2 >= c; a = b >>= 1;",
        r#"
        BinaryOperator '='
          DeclRefExpr a
          BinaryOperator '>='
            BinaryOperator '>>'
              DeclRefExpr b
              IntegerLiteral 2
            DeclRefExpr c
        BinaryOperator '='
          DeclRefExpr a
          CompoundAssignOperator '>>='
            DeclRefExpr b
            IntegerLiteral 1
    "#,
    );
}

#[test]
fn new_and_delete() {
    check_stmts(
        VARS,
        "int *q = new int[a]; delete[] q; S *t = new S; delete t; t = new S{1, nullptr}; \
         int **pp = new int *[4]; float (*m)[4] = new float[a][4]; int *one = new int(7);",
        r#"
            DeclStmt
              VarDecl q 'int *'
                CXXNewExpr array 'int'
                  DeclRefExpr a
            CXXDeleteExpr array
              DeclRefExpr q
            DeclStmt
              VarDecl t 'S *'
                CXXNewExpr 'S'
            CXXDeleteExpr
              DeclRefExpr t
            BinaryOperator '='
              DeclRefExpr t
              CXXNewExpr 'S'
                InitListExpr
                  IntegerLiteral 1
                  CXXNullPtrLiteralExpr
            DeclStmt
              VarDecl pp 'int **'
                CXXNewExpr array 'int *'
                  IntegerLiteral 4
            DeclStmt
              VarDecl m 'float (*)[4]'
                CXXNewExpr array 'float [4]'
                  DeclRefExpr a
            DeclStmt
              VarDecl one 'int *'
                CXXNewExpr 'int'
                  ParenListExpr
                    IntegerLiteral 7
        "#,
    );
}

#[test]
fn compound_literals_and_braced_construction() {
    check_stmts(
        VARS,
        "a = (S){1, nullptr}.x; a = S{2, nullptr}.x; s = S{}; s = {3, ps};",
        r#"
        BinaryOperator '='
          DeclRefExpr a
          MemberExpr .x
            CXXFunctionalCastExpr 'S' list
              IntegerLiteral 1
              CXXNullPtrLiteralExpr
        BinaryOperator '='
          DeclRefExpr a
          MemberExpr .x
            CXXFunctionalCastExpr 'S' list
              IntegerLiteral 2
              CXXNullPtrLiteralExpr
        BinaryOperator '='
          DeclRefExpr s
          CXXFunctionalCastExpr 'S' list
        BinaryOperator '='
          DeclRefExpr s
          InitListExpr
            IntegerLiteral 3
            DeclRefExpr ps
    "#,
    );
}

#[test]
fn qualified_names() {
    check_stmts(
        "namespace ns { int f(int); namespace in { const int k = 1; } } enum class E { A, B }; int abs(int);",
        "int a = ns::f(ns::in::k) + ::abs(-1); E e = E::B;",
        r#"
            DeclStmt
              VarDecl a 'int'
                BinaryOperator '+'
                  CallExpr
                    DeclRefExpr ns::f
                    DeclRefExpr ns::in::k
                  CallExpr
                    DeclRefExpr ::abs
                    UnaryOperator prefix '-'
                      IntegerLiteral 1
            DeclStmt
              VarDecl e 'E'
                DeclRefExpr E::B
        "#,
    );
}

#[test]
fn builtins_offsetof_and_va_arg() {
    check_stmts(
        "#include <stdarg.h>\n#include <stddef.h>\nstruct P { int a; float b[4]; };",
        "size_t o = offsetof(P, b[2]); va_list ap; int v = va_arg(ap, int);",
        r#"
            DeclStmt
              VarDecl o 'size_t'
                OffsetOfExpr 'P' .b[2]
            DeclStmt
              VarDecl ap 'va_list'
            DeclStmt
              VarDecl v 'int'
                VAArgExpr 'int'
                  DeclRefExpr ap
        "#,
    );
}

#[test]
fn kernel_launches() {
    check_stmts(
        "__global__ void k(float *p, int n); template <typename T, int B> __global__ void kt(T *p);\n\
         float *d; cudaStream_t st;",
        "k<<<(100 + 255) / 256, 256>>>(d, 100);\n\
         k<<<dim3(4, 4), dim3(16, 16), 1024>>>(d, 1);\n\
         k<<<1, 1, 0, st>>>(d, 2);\n\
         kt<float, 256><<<8, 256>>>(d);\n\
         kt<<<1, 32>>>(d);",
        r#"
            CUDAKernelCallExpr
              DeclRefExpr k
              KernelLaunchConfig
                BinaryOperator '/'
                  ParenExpr
                    BinaryOperator '+'
                      IntegerLiteral 100
                      IntegerLiteral 255
                  IntegerLiteral 256
                IntegerLiteral 256
              DeclRefExpr d
              IntegerLiteral 100
            CUDAKernelCallExpr
              DeclRefExpr k
              KernelLaunchConfig
                CXXFunctionalCastExpr 'dim3'
                  IntegerLiteral 4
                  IntegerLiteral 4
                CXXFunctionalCastExpr 'dim3'
                  IntegerLiteral 16
                  IntegerLiteral 16
                IntegerLiteral 1024
              DeclRefExpr d
              IntegerLiteral 1
            CUDAKernelCallExpr
              DeclRefExpr k
              KernelLaunchConfig
                IntegerLiteral 1
                IntegerLiteral 1
                IntegerLiteral 0
                DeclRefExpr st
              DeclRefExpr d
              IntegerLiteral 2
            CUDAKernelCallExpr
              DeclRefExpr kt<float, 256>
              KernelLaunchConfig
                IntegerLiteral 8
                IntegerLiteral 256
              DeclRefExpr d
            CUDAKernelCallExpr
              DeclRefExpr kt
              KernelLaunchConfig
                IntegerLiteral 1
                IntegerLiteral 32
              DeclRefExpr d
        "#,
    );
}

#[test]
fn braced_lists_with_designators() {
    check_stmts(
        "struct P { int x, y; }; struct Q { P p; int a[3]; };",
        "P p = {.x = 1, .y = 2}; Q q = {{1, 2}, {[2] = 5, [0] = 1}}; int a[] = {1, 2, 3,}; P e = {};",
        r#"
            DeclStmt
              VarDecl p 'P'
                InitListExpr
                  DesignatedInitExpr .x
                    IntegerLiteral 1
                  DesignatedInitExpr .y
                    IntegerLiteral 2
            DeclStmt
              VarDecl q 'Q'
                InitListExpr
                  InitListExpr
                    IntegerLiteral 1
                    IntegerLiteral 2
                  InitListExpr
                    DesignatedInitExpr [2]
                      IntegerLiteral 5
                    DesignatedInitExpr [0]
                      IntegerLiteral 1
            DeclStmt
              VarDecl a 'int []'
                InitListExpr
                  IntegerLiteral 1
                  IntegerLiteral 2
                  IntegerLiteral 3
            DeclStmt
              VarDecl e 'P'
                InitListExpr
        "#,
    );
}

#[test]
fn function_pointer_cast_and_call() {
    check_stmts(
        "void h(int); void *vp;",
        "((void (*)(int))vp)(3); void (*fp)(int) = h; (*fp)(1); fp(2);",
        r#"
            CallExpr
              ParenExpr
                CStyleCastExpr 'void (*)(int)'
                  DeclRefExpr vp
              IntegerLiteral 3
            DeclStmt
              VarDecl fp 'void (*)(int)'
                DeclRefExpr h
            CallExpr
              ParenExpr
                UnaryOperator prefix '*'
                  DeclRefExpr fp
              IntegerLiteral 1
            CallExpr
              DeclRefExpr fp
              IntegerLiteral 2
        "#,
    );
}

#[test]
fn printed_types_in_casts() {
    check_stmts(
        "",
        "(void)sizeof(const volatile unsigned long long *const *); (void)sizeof(int (*[3])(float, ...)); (void)sizeof(char (&)[4]);",
        r#"
            CStyleCastExpr 'void'
              UnaryExprOrTypeTraitExpr sizeof 'const volatile unsigned long long *const *'
            CStyleCastExpr 'void'
              UnaryExprOrTypeTraitExpr sizeof 'int (*[3])(float, ...)'
            CStyleCastExpr 'void'
              UnaryExprOrTypeTraitExpr sizeof 'char (&)[4]'
        "#,
    );
}
