//! Diagnostics: located errors with a caret, notes for brackets, includes
//! and macros, recovery without cascades, the error limit, and each
//! unsupported construct named.

use super::*;

#[test]
fn missing_semicolon_is_assumed_at_a_line_end() {
    check_errors(
        "void f(int a) {\n  a = 1\n  a = 2;\n}\nint x = 3\n",
        r#"
            t.cu:2:8: error: expected ';' after expression
              a = 1
                   ^
            t.cu:5:10: error: expected ';' after top level declarator
            int x = 3
                     ^
        "#,
    );
}

#[test]
fn unknown_type_names() {
    check_errors(
        "Foo x;\n__global__ void k(Bar *p) {\n  Baz y = 1;\n}\n",
        r#"
            t.cu:1:1: error: unknown type name 'Foo'
            Foo x;
            ^
            t.cu:2:19: error: unknown type name 'Bar'
            __global__ void k(Bar *p) {
                              ^
            t.cu:3:3: error: unknown type name 'Baz'
              Baz y = 1;
              ^
        "#,
    );
}

#[test]
fn expected_expression() {
    check_errors(
        "void f() {\n  int a = ;\n  a = 2 + ;\n}\n",
        r#"
        t.cu:2:11: error: expected expression, found ';'
          int a = ;
                  ^
        t.cu:3:11: error: expected expression, found ';'
          a = 2 + ;
                  ^
    "#,
    );
}

#[test]
fn unclosed_parenthesis_has_a_note() {
    check_errors(
        "void f(int a) {\n  f((a + 1);\n}\n",
        r#"
        t.cu:2:12: error: expected ')'
          f((a + 1);
                   ^
        t.cu:2:4: note: to match this '('
          f((a + 1);
           ^
    "#,
    );
}

#[test]
fn truncated_file_expects_a_closing_brace() {
    check_errors(
        "__global__ void k(float *p) {\n  if (p) {\n    p[0] = 1;\n",
        r#"
        t.cu:4:1: error: expected '}'

        ^
        t.cu:2:10: note: to match this '{'
          if (p) {
                 ^
    "#,
    );
}

#[test]
fn extraneous_closing_brace() {
    check_errors(
        "void f() {\n}\n}\nint ok;\n",
        r#"
        t.cu:3:1: error: extraneous closing brace ('}')
        }
        ^
    "#,
    );
}

#[test]
fn several_errors_in_one_run_without_cascades() {
    check_errors(
        "void f() {\n  int a = 1 +;\n  a++;\n}\nvoid g() {\n  if (x +) { g(); }\n  for (int i = 0 i < 3; i++) { }\n}\nvoid h() { return 1 2; }\n",
        r#"
            t.cu:2:14: error: expected expression, found ';'
              int a = 1 +;
                         ^
            t.cu:6:10: error: expected expression, found ')'
              if (x +) { g(); }
                     ^
            t.cu:7:17: error: expected ';' at end of declaration
              for (int i = 0 i < 3; i++) { }
                            ^
            t.cu:9:20: error: expected ';' after return statement
            void h() { return 1 2; }
                               ^
        "#,
    );
}

#[test]
fn error_limit_stops_the_parse() {
    let mut src = String::new();
    for i in 0..30 {
        src.push_str(&format!("int v{i} = ;\n"));
    }
    let e = errors(&src);
    assert_eq!(e.matches(": error: ").count(), MAX_ERRORS + 1, "{e}");
    assert!(
        e.contains("t.cu:21:11: error: too many errors emitted, stopping now"),
        "{e}"
    );
}

#[test]
fn errors_in_macros_and_headers_have_notes() {
    let dir = std::env::temp_dir().join(format!("cuwasm-parser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.h"), "int broken = ;\n").unwrap();
    let main = dir.join("main.cu");
    std::fs::write(
        &main,
        "#define SET(x) x = * ;\n#include \"bad.h\"\nvoid f(int a) { SET(a) }\n",
    )
    .unwrap();
    let p = preprocess(Source::Path(&main), &PreprocessOptions::default()).unwrap();
    let d = parse(&p).unwrap_err();
    let text = diag::render_all(&d, &p.sources).replace(&format!("{}/", dir.display()), "");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        text,
        unindent(
            r#"
            bad.h:1:14: error: expected expression, found ';'
            int broken = ;
                         ^
            main.cu:2:1: note: in file included from here
            #include "bad.h"
            ^
            main.cu:1:22: error: expected expression, found ';'
            #define SET(x) x = * ;
                                 ^
            main.cu:3:17: note: in expansion of macro 'SET'
            void f(int a) { SET(a) }
                            ^
            "#
        )
    );
}

#[test]
fn launch_configuration_arity() {
    check_errors(
        "__global__ void k();\nvoid f() {\n  k<<<1>>>();\n  k<<<1, 2, 3, 4, 5>>>();\n  k<<<1, 2>>>;\n}\n",
        r#"
            t.cu:3:4: error: a kernel launch takes 2 to 4 configuration arguments (grid, block, shared memory bytes, stream), not 1
              k<<<1>>>();
               ^
            t.cu:4:4: error: a kernel launch takes 2 to 4 configuration arguments (grid, block, shared memory bytes, stream), not 5
              k<<<1, 2, 3, 4, 5>>>();
               ^
            t.cu:5:14: error: expected '(' after the kernel launch configuration, found ';'
              k<<<1, 2>>>;
                         ^
        "#,
    );
}

#[test]
fn bad_literals() {
    check_errors(
        "unsigned long long a = 18446744073709551616ull;\nint b = 12abc;\nchar c = '';\n",
        r#"
            t.cu:1:24: error: integer literal is too large to be represented in any integer type: '18446744073709551616ull'
            unsigned long long a = 18446744073709551616ull;
                                   ^
            t.cu:2:9: error: invalid suffix 'abc' on integer constant
            int b = 12abc;
                    ^
            t.cu:3:10: error: empty character constant
            char c = '';
                     ^
        "#,
    );
}

#[test]
fn do_without_while() {
    check_errors(
        "void f(int n) {\n  do n++; (n < 3);\n}\n",
        r#"
        t.cu:2:11: error: expected 'while' in do/while loop, found '('
          do n++; (n < 3);
                  ^
    "#,
    );
}

#[test]
fn unsupported_constructs_are_named() {
    let cases: &[(&str, &str)] = &[
        (
            "void f() { auto g = [](int x) { return x; }; }",
            "lambda expressions are not supported by cuwasm",
        ),
        (
            "void f() { try { } catch (...) { } }",
            "exception handling ('try'/'catch') is not supported by cuwasm",
        ),
        (
            "void f() { throw 1; }",
            "exceptions ('throw') are not supported by cuwasm",
        ),
        (
            "struct B { virtual void f(); };",
            "virtual functions are not supported by cuwasm",
        ),
        (
            "struct B { void f() override; };",
            "virtual functions are not supported by cuwasm",
        ),
        (
            "struct B {}; struct D : virtual B {};",
            "virtual base classes are not supported by cuwasm",
        ),
        (
            "__device__ void f() { asm(\"trap;\"); }",
            "inline assembly ('asm') is not supported by cuwasm",
        ),
        (
            "asm(\"nop\");",
            "inline assembly ('asm') is not supported by cuwasm",
        ),
        (
            "template <typename... Ts> void f(Ts... ts);",
            "variadic templates are not supported by cuwasm",
        ),
        (
            "struct S { void *operator new(unsigned long n); };",
            "overloading of 'operator new' and 'operator delete' is not supported by cuwasm",
        ),
        (
            "int f(int *p) { return typeid(p) == typeid(p); }",
            "RTTI ('typeid') is not supported by cuwasm",
        ),
        (
            "struct B {}; B *f(B *p) { return dynamic_cast<B *>(p); }",
            "RTTI ('dynamic_cast') is not supported by cuwasm",
        ),
        (
            "void f(int *a) { for (int x : a) {} }",
            "range-based for loops are not supported by cuwasm",
        ),
        (
            "void f(void *p) { goto *p; }",
            "computed goto ('goto *') is not supported by cuwasm",
        ),
        (
            "struct S { int m; }; int S::*pm;",
            "pointers to members are not supported by cuwasm",
        ),
        (
            "template <template <typename> class C> struct X {};",
            "template template parameters are not supported by cuwasm",
        ),
        (
            "thread_local int t;",
            "thread-local storage is not supported by cuwasm",
        ),
        (
            "void f() { int v = ({ 1; }); }",
            "statement expressions ('({ ... })') are not supported by cuwasm",
        ),
        (
            "void f(int *p) { int *q = new (p) int; }",
            "placement new is not supported by cuwasm",
        ),
        (
            "struct P { int a, b; }; void f(P p) { auto [x, y] = p; }",
            "structured bindings are not supported by cuwasm",
        ),
        (
            "_Complex float z;",
            "complex types ('_Complex') are not supported by cuwasm",
        ),
        (
            "namespace a = b;",
            "namespace aliases are not supported by cuwasm",
        ),
    ];
    for (src, msg) in cases {
        let e = errors(src);
        assert!(e.contains(msg), "{src}\n{e}");
        assert_eq!(
            e.matches(": error: ").count(),
            1,
            "one error for {src}:\n{e}"
        );
    }
}

#[test]
fn unsupported_construct_has_a_caret() {
    check_errors(
        "void f() {\n  auto g = [](int x) { return x; };\n}\n",
        r#"
        t.cu:2:12: error: lambda expressions are not supported by cuwasm
          auto g = [](int x) { return x; };
                   ^
    "#,
    );
}
