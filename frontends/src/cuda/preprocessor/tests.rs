//! Tests of the preprocessor: directives, macros (the C11 6.10.3.5 examples),
//! includes, predefined macros, diagnostics and hostile input.

use super::*;
use crate::cuda::token::TokenKind;

fn opts() -> PreprocessOptions {
    PreprocessOptions {
        implicit_cuda_runtime: false,
        ..Default::default()
    }
}

fn run_with(text: &str, o: &PreprocessOptions) -> Result<Preprocessed, PreprocessFailed> {
    preprocess(Source::Text { name: "t.cu", text }, o)
}

/// The output as space-separated spellings (one line per source line that starts one).
fn pp(text: &str) -> String {
    match run_with(text, &opts()) {
        Ok(p) => p.to_text().trim_end().to_string(),
        Err(e) => panic!("unexpected errors:\n{}", e.render()),
    }
}

/// Tokens joined by single spaces, whatever the layout.
fn toks(text: &str) -> String {
    match run_with(text, &opts()) {
        Ok(p) => p
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Eof)
            .map(|t| p.spelling(t).to_string())
            .collect::<Vec<_>>()
            .join(" "),
        Err(e) => panic!("unexpected errors:\n{}", e.render()),
    }
}

/// The rendered diagnostics of a failing text.
fn errs(text: &str) -> String {
    match run_with(text, &opts()) {
        Ok(p) => panic!("expected errors, got:\n{}", p.to_text()),
        Err(e) => e.render(),
    }
}

fn warnings(text: &str) -> String {
    match run_with(text, &opts()) {
        Ok(p) => p.render_warnings(),
        Err(e) => panic!("unexpected errors:\n{}", e.render()),
    }
}

// ----- C11 6.10.3.5 -----

#[test]
fn c11_example_3_rescanning_and_redefinition() {
    let src = r#"#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
"#;
    assert_eq!(
        toks(src),
        toks(
            "f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);\n\
              f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);\n\
              int i[] = { 1, 23, 4, 5, };\n\
              char c[2][6] = { \"hello\", \"\" };"
        )
    );
}

#[test]
fn c11_example_4_stringizing_and_pasting() {
    let src = r#"#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\0d", "abc", '\4') // this goes away
 == 0) str(: @\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
"#;
    assert_eq!(
        pp(src),
        "printf(\"x\" \"1\" \"= %d, x\" \"2\" \"= %s\", x1, x2);\n\
         fputs(\"strncmp(\\\"abc\\\\0d\\\", \\\"abc\\\", '\\\\4') == 0\" \": @\\n\", s);\n\
         \"vers2.h\"\n\
         \"hello\";\n\
         \"hello\" \", world\""
    );
}

#[test]
fn c11_example_5_placemarkers() {
    let src = "#define t(x,y,z) x ## y ## z\n\
               int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),\n t(10,,), t(,11,), t(,,12), t(,,) };";
    assert_eq!(
        toks(src),
        "int j [ ] = { 123 , 45 , 67 , 89 , 10 , 11 , 12 , } ;"
    );
}

#[test]
fn c11_example_6_redefinitions() {
    let valid = "#define OBJ_LIKE (1-1)\n\
                 #define OBJ_LIKE /* white space */ (1-1) /* other */\n\
                 #define FUNC_LIKE(a) ( a )\n\
                 #define FUNC_LIKE( a )( /* note the white space */ \\\n a /* other stuff on this line\n */ )\n";
    assert_eq!(warnings(valid), "");
    let invalid = "#define OBJ_LIKE (1-1)\n#define FUNC_LIKE(a) ( a )\n\
                   #define OBJ_LIKE (0) // different token sequence\n\
                   #define OBJ_LIKE (1 - 1) // different white space\n\
                   #define FUNC_LIKE(b) ( a ) // different parameter usage\n\
                   #define FUNC_LIKE(b) ( b ) // different parameter spelling\n";
    let w = warnings(invalid);
    assert_eq!(w.matches("macro redefined").count(), 4, "{w}");
    assert!(
        w.contains("t.cu:3:9: warning: 'OBJ_LIKE' macro redefined"),
        "{w}"
    );
    assert!(
        w.contains("t.cu:1:9: note: previous definition is here"),
        "{w}"
    );
}

#[test]
fn c11_example_7_variadic() {
    let src = r#"#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test):\
 printf(__VA_ARGS__))
debug("Flag");
debug("X = %d\n", x);
showlist(The first, second, and third items.);
report(x>y, "x is %d but y is %d", x, y);
"#;
    assert_eq!(
        pp(src),
        "fprintf(stderr, \"Flag\");\n\
         fprintf(stderr, \"X = %d\\n\", x);\n\
         puts(\"The first, second, and third items.\");\n\
         ((x>y)?puts(\"x>y\"): printf(\"x is %d but y is %d\", x, y));"
    );
}

#[test]
fn hash_hash_made_by_pasting_is_not_an_operator() {
    let src = "#define hash_hash # ## #\n#define mkstr(a) # a\n#define in_between(a) mkstr(a)\n\
               #define join(c, d) in_between(c hash_hash d)\nchar p[] = join(x, y);";
    assert_eq!(toks(src), "char p [ ] = \"x ## y\" ;");
}

// ----- macro corner cases -----

#[test]
fn self_reference_is_painted_blue() {
    assert_eq!(toks("#define foo foo\nfoo"), "foo");
    assert_eq!(toks("#define a b\n#define b a\na b"), "a b");
    assert_eq!(
        toks("#define f(x) f(x) + x\nf(f(1))"),
        "f ( f ( 1 ) + 1 ) + f ( 1 ) + 1"
    );
    // A painted token stays unexpandable after being passed through another macro.
    assert_eq!(toks("#define foo foo\n#define id(x) x\nid(foo)"), "foo");
    assert_eq!(
        toks("#define EMPTY\n#define LPAREN (\n#define f(x) [x]\nf EMPTY (1)"),
        "f ( 1 )"
    );
    // The C standard's `f(2)(9)` case, as GCC and clang expand it.
    assert_eq!(
        toks("#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)"),
        "2 * 9 * g"
    );
}

#[test]
fn function_like_macro_without_parens_is_an_identifier() {
    assert_eq!(toks("#define f(x) x\nint f; f"), "int f ; f");
    assert_eq!(toks("#define f(x) <x>\nf\n(1)"), "< 1 >");
    assert_eq!(toks("#define f(x) <x>\n#define g f\ng(2)"), "< 2 >");
}

#[test]
fn arguments_are_expanded_before_substitution_except_for_operators() {
    let src = "#define ONE 1\n#define str(x) #x\n#define xstr(x) str(x)\n#define cat(a,b) a##b\n\
               str(ONE) xstr(ONE) cat(ON,E) cat(ONE,ONE)";
    assert_eq!(toks(src), "\"ONE\" \"1\" 1 ONEONE");
}

#[test]
fn stringizing_escapes_and_spacing() {
    let src = "#define s(x) #x\ns(  a   +  b  ) s(\"a\\n\" 'x' '\\'') s(a\n+b) s()";
    assert_eq!(toks(src), r#""a + b" "\"a\\n\" 'x' '\\''" "a +b" """#);
}

#[test]
fn pasting_corner_cases() {
    assert_eq!(
        toks("#define c(a,b) a##b\nc(x,1) c(+,=) c(<<,=) c(., 5) c(1,e5) c(,) c(L, 'a')"),
        "x1 += <<= .5 1e5 L'a'"
    );
    assert_eq!(toks("#define c(a,b) a ## b\nc(1 2, 3 4)"), "1 23 4");
    assert_eq!(toks("#define c(a) x ## a ## y\nc() c(_)"), "xy x_y");
    // Pasting then expanding the result.
    assert_eq!(toks("#define AB 42\n#define c(a,b) a##b\nc(A,B)"), "42");
    let e = errs("#define c(a,b) a##b\nc(+,-)");
    assert!(
        e.contains("pasting \"+\" and \"-\" does not give a valid preprocessing token"),
        "{e}"
    );
    assert!(e.contains("note: in expansion of macro 'c'"), "{e}");
}

#[test]
fn variadic_forms() {
    assert_eq!(
        toks("#define f(fmt, ...) p(fmt, ##__VA_ARGS__)\nf(\"a\") f(\"a\", 1, 2)"),
        "p ( \"a\" ) p ( \"a\" , 1 , 2 )"
    );
    assert_eq!(toks("#define f(args...) g(args)\nf(1, 2)"), "g ( 1 , 2 )");
    assert_eq!(
        toks("#define f(a, ...) g(a __VA_OPT__(,) __VA_ARGS__)\nf(1) f(1, 2, 3)"),
        "g ( 1 ) g ( 1 , 2 , 3 )"
    );
    assert_eq!(
        toks("#define f(...) #__VA_ARGS__\nf() f( a , b )"),
        "\"\" \"a , b\""
    );
    assert_eq!(toks("#define f(a, ...) a\nf(1)"), "1");
}

#[test]
fn argument_count_errors() {
    let e = errs("#define f(a, b) a\nf(1)");
    assert!(
        e.contains("t.cu:2:1: error: macro 'f' requires 2 arguments, but only 1 given"),
        "{e}"
    );
    let e = errs("#define f(a) a\nf(1, 2)");
    assert!(
        e.contains("macro 'f' passed 2 arguments, but takes just 1"),
        "{e}"
    );
    let e = errs("#define p() 1\np(x)");
    assert!(e.contains("passed 1 arguments, but takes just 0"), "{e}");
    let e = errs("#define f(a) a\nf(1, (2)");
    assert!(
        e.contains("unterminated function-like macro invocation of 'f'"),
        "{e}"
    );
    assert_eq!(
        toks("#define f(a) [a]\nf((1, 2)) f(())"),
        "[ ( 1 , 2 ) ] [ ( ) ]"
    );
}

#[test]
fn definition_errors() {
    for (src, msg) in [
        ("#define\n", "macro name missing"),
        ("#define 3 x\n", "macro name must be an identifier"),
        (
            "#define defined 1\n",
            "'defined' cannot be used as a macro name",
        ),
        ("#define f(a, a) a\n", "duplicate macro parameter name 'a'"),
        ("#define f(a\n", "missing ')' in macro parameter list"),
        (
            "#define f(a b) a\n",
            "expected ',' or ')' in macro parameter list",
        ),
        (
            "#define f(a) # b\n",
            "'#' is not followed by a macro parameter",
        ),
        (
            "#define f ## x\n",
            "'##' cannot appear at either end of a macro expansion",
        ),
        (
            "#define f(a) a ##\n",
            "'##' cannot appear at either end of a macro expansion",
        ),
        (
            "#define f __VA_ARGS__\n",
            "__VA_ARGS__ can only appear in the expansion of a variadic macro",
        ),
        ("#undef\n", "macro name missing"),
    ] {
        let e = errs(src);
        assert!(e.contains(msg), "{src:?}: {e}");
    }
    assert!(warnings("#define X-1\nX").contains("missing whitespace after the macro name"));
}

#[test]
fn object_like_macro_with_parens_and_nested_expansion() {
    assert_eq!(
        toks("#define N (4 * M)\n#define M 2\nint a[N];"),
        "int a [ ( 4 * 2 ) ] ;"
    );
    assert_eq!(toks("#define X\nX int X y X"), "int y");
    assert_eq!(toks("#define F(x) x\n#undef F\nF(1)"), "F ( 1 )");
}

#[test]
fn text_output_keeps_tokens_apart() {
    assert_eq!(
        pp(
            "#define CAT(a, b) a b\n#define E\nCAT(+,+) CAT(-,>) x E+E+ y CAT(/,/) CAT(u8,\"s\") CAT(1e,+)"
        ),
        "+ + - > x+ + y / / u8 \"s\" 1e +"
    );
}

#[test]
fn directives_inside_macro_arguments() {
    assert_eq!(
        toks("#define f(x) [x]\nf(1\n#ifdef NOPE\n2\n#else\n3\n#endif\n)"),
        "[ 1 3 ]"
    );
    assert_eq!(toks("#define f(x) [x]\nf(\n#define Y 9\nY)"), "[ 9 ]");
    let e = errs("#define f(x) [x]\nf(\n#include <stddef.h>\n)");
    assert!(
        e.contains("t.cu:3:1: error: #include inside the arguments of a macro is not supported"),
        "{e}"
    );
}

#[test]
fn crlf_line_endings() {
    let src = "#define F(a, b) \\\r\n  a + b\r\n#if 1\r\nF(1, 2)\r\n#endif\r\n// c \\\r\n still comment\r\nx\r\n";
    assert_eq!(toks(src), "1 + 2 x");
    let e = errs("#error bad\r\n");
    assert!(
        e.starts_with("t.cu:1:1: error: #error bad\n#error bad\n^\n"),
        "{e:?}"
    );
}

// ----- conditionals -----

#[test]
fn conditionals_nest_and_skip() {
    let src = "#if 1\na\n#if 0\nb\n#elif 1\nc\n#else\nd\n#endif\n#elif 1\ne\n#else\nf\n#endif\n\
               #ifdef UNDEF\ng\n#elif defined(UNDEF) || 2 > 1\nh\n#endif\n\
               #ifndef UNDEF\ni\n#endif\n#if 0\n#if 1\nj\n#else\nk\n#endif\n#elif 0\nl\n#else\nm\n#endif";
    assert_eq!(toks(src), "a c h i m");
}

#[test]
fn skipped_groups_are_not_checked() {
    let src = "#if 0\n#error no\n#unknown directive\ndon't \"unterminated\n#if garbage (\n#endif\n#define X(\n#endif\nok";
    assert_eq!(toks(src), "ok");
    // #elif after a taken branch is not evaluated.
    assert_eq!(toks("#if 1\na\n#elif 1/0\nb\n#endif"), "a");
}

#[test]
fn if_expressions() {
    let cases = [
        ("1 + 2 * 3 == 7", true),
        ("(1 + 2) * 3 == 9", true),
        ("-1 < 0", true),
        ("-1 < 0u", false),
        ("0xFFFFFFFFFFFFFFFF == -1", true),
        ("18446744073709551615u / 2 == 9223372036854775807", true),
        ("1 ? 2 : (1/0)", true),
        ("0 && (1/0)", false),
        ("1 || (1 % 0)", true),
        ("(2 || 3) == 1", true),
        ("~0 == -1", true),
        ("!0 && !!5", true),
        ("1 << 3 == 8 && -16 >> 2 == -4", true),
        ("'a' == 97 && '\\n' == 10 && '\\377' < 0", true),
        ("UNKNOWN == 0 && UNKNOWN + 1 == 1", true),
        ("true && !false", true),
        ("defined X || defined(__CUDACC__)", true),
        ("(1, 0)", false),
        (
            "10 % 3 == 1 && -7 / 2 == -3 && (3 ^ 5) == 6 && (3 | 4) == 7 && (6 & 3) == 2",
            true,
        ),
        ("__cplusplus >= 201103L", true),
        ("(0 ? 1u : -1) > 0", true),
    ];
    for (expr, want) in cases {
        let src = format!("#if {expr}\nyes\n#else\nno\n#endif");
        assert_eq!(toks(&src), if want { "yes" } else { "no" }, "#if {expr}");
    }
}

#[test]
fn if_expression_errors() {
    for (expr, msg) in [
        ("", "#if with no expression"),
        ("1 / 0", "division by zero in preprocessor expression"),
        (
            "1 % (2 - 2)",
            "remainder by zero in preprocessor expression",
        ),
        ("1 +", "expected value in expression"),
        ("(1", "missing ')' in preprocessor expression"),
        ("1 2", "missing binary operator before token \"2\""),
        ("1.0", "floating constant in preprocessor expression"),
        (
            "\"s\"",
            "token \"\"s\"\" is not valid in preprocessor expressions",
        ),
        ("1 ? 2", "expected ':' in preprocessor expression"),
        ("defined", "macro name missing after 'defined'"),
        ("defined(X", "missing ')' after 'defined'"),
        ("1)", "unexpected ')' in preprocessor expression"),
        ("0x", "invalid integer literal"),
    ] {
        let e = errs(&format!("#if {expr}\n#endif\n"));
        assert!(e.contains(msg), "#if {expr}: {e}");
    }
    let e = errs("#define D 0\n#if 1 / D\n#endif\n");
    assert!(e.contains("t.cu:2:7: error: division by zero"), "{e}");
}

#[test]
fn deep_if_nesting_is_a_diagnostic() {
    let src = format!(
        "#if {}1{}\n#endif\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let e = errs(&src);
    assert!(
        e.contains("preprocessor expression nested too deeply"),
        "{e}"
    );
    let src = format!("#if {}1\n#endif\n", "~".repeat(10_000));
    assert!(errs(&src).contains("nested too deeply"));
    let src = format!("#if {}1{}\nok\n#endif\n", "(".repeat(100), ")".repeat(100));
    assert_eq!(toks(&src), "ok");
}

#[test]
fn conditional_structure_errors() {
    let e = errs("#if 1\nx\n");
    assert!(
        e.contains("t.cu:1:1: error: unterminated conditional directive"),
        "{e}"
    );
    assert!(errs("#endif\n").contains("#endif without #if"));
    assert!(errs("#else\n").contains("#else without #if"));
    assert!(errs("#elif 1\n").contains("#elif without #if"));
    assert!(errs("#if 1\n#else\n#else\n#endif\n").contains("#else after #else"));
    assert!(errs("#if 1\n#else\n#elif 1\n#endif\n").contains("#elif after #else"));
    assert!(errs("#ifdef\n#endif\n").contains("macro name missing"));
    assert!(errs("#ifdef 3\n#endif\n").contains("macro name must be an identifier"));
    assert!(warnings("#ifdef A B\n#endif C\n").contains("extra tokens at end of #ifdef directive"));
    assert!(warnings("#if 1\n#endif C\n").contains("extra tokens at end of #endif directive"));
}

// ----- other directives -----

#[test]
fn line_file_and_counter() {
    let src = "__LINE__ __FILE__\n#line 100\n__LINE__\n#line 7 \"other.cu\"\n__LINE__ __FILE__\n\
               #define L __LINE__\nL __COUNTER__ __COUNTER__ __INCLUDE_LEVEL__ __BASE_FILE__";
    assert_eq!(toks(src), "1 \"t.cu\" 100 7 \"other.cu\" 9 0 1 0 \"t.cu\"");
    assert_eq!(toks("#define f(x) __LINE__ x\nf(\n\n a)"), "2 a");
    assert!(errs("#line x\n").contains("#line directive requires a simple digit sequence"));
    assert!(errs("#line 1 x\n").contains("invalid filename for #line directive"));
    assert_eq!(toks("# 50 \"gen.cu\"\n__LINE__ __FILE__"), "50 \"gen.cu\"");
}

#[test]
fn error_warning_and_unknown_directives() {
    let e = errs("#error this is   bad // comment\n");
    assert!(
        e.starts_with("t.cu:1:1: error: #error this is   bad // comment\n#error this is"),
        "{e}"
    );
    let w = warnings("#warning careful\nx");
    assert!(w.contains("t.cu:1:1: warning: #warning careful"), "{w}");
    assert!(errs("#foo\n").contains("t.cu:1:2: error: invalid preprocessing directive #foo"));
    assert_eq!(toks("#\n# /* null */\nx #ident \"v\""), "x # ident \"v\"");
    assert_eq!(toks("#ident \"v\"\n#sccs \"w\"\nx"), "x");
}

#[test]
fn pragmas() {
    let p = run_with(
        "#pragma unroll\nfor\n#pragma unroll 4\nfor\n#define N 8\n#pragma unroll (N * 2)\nfor\n\
         #pragma unroll BLOCK\nfor\n#pragma nounroll\n_Pragma(\"unroll 2\") for\n\
         #pragma GCC diagnostic push\n#pragma nv_diag_suppress 177\n#pragma omp parallel\n#pragma whatever\n",
        &opts(),
    )
    .unwrap();
    let kinds: Vec<TokenKind> = p.tokens.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        vec![
            TokenKind::PragmaUnroll(None),
            TokenKind::Identifier,
            TokenKind::PragmaUnroll(Some(4)),
            TokenKind::Identifier,
            TokenKind::PragmaUnroll(Some(16)),
            TokenKind::Identifier,
            TokenKind::PragmaUnrollExpr,
            TokenKind::Identifier,
            TokenKind::PragmaEnd,
            TokenKind::Identifier,
            TokenKind::PragmaUnroll(Some(1)),
            TokenKind::PragmaUnroll(Some(2)),
            TokenKind::Identifier,
            TokenKind::Eof,
        ]
    );
    let w = p.render_warnings();
    assert!(w.contains("'#pragma omp' is not supported; ignored"), "{w}");
    assert!(w.contains("unknown pragma 'whatever' ignored"), "{w}");
    assert!(!w.contains("GCC") && !w.contains("nv_diag"), "{w}");
    assert!(errs("#pragma unroll -1\n").contains("unroll count -1 is out of range"));
    assert_eq!(
        toks(
            "#define X 1\n#pragma push_macro(\"X\")\n#undef X\n#define X 2\nX\n#pragma pop_macro(\"X\")\nX"
        ),
        "2 1"
    );
    assert!(errs("_Pragma(1)").contains("_Pragma takes a parenthesized string literal"));
}

// ----- predefined macros and options -----

#[test]
fn host_and_device_predefines() {
    let src = "__CUDACC__ __NVCC__ __cplusplus __STDC__ __CUDACC_VER_MAJOR__\n\
               #ifdef __CUDA_ARCH__\ndevice __CUDA_ARCH__\n#else\nhost\n#endif\n__DATE__ __TIME__";
    let host = run_with(src, &opts()).unwrap();
    let device = run_with(
        src,
        &PreprocessOptions {
            device: true,
            cuda_arch: 900,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(
        host.to_text(),
        "1 1 201703L 1 12\nhost\n\"Jan  1 2000\" \"00:00:00\"\n"
    );
    assert_eq!(
        device.to_text(),
        "1 1 201703L 1 12\ndevice 900\n\"Jan  1 2000\" \"00:00:00\"\n"
    );
}

#[test]
fn command_line_defines_and_undefs() {
    let o = PreprocessOptions {
        defines: vec![
            "A".into(),
            "B=2".into(),
            "F(x)=(x+1)".into(),
            "C=".into(),
            "__CUDACC__=5".into(),
        ],
        undefs: vec!["__NVCC__".into()],
        ..opts()
    };
    let p = run_with("A B F(3) [C] __CUDACC__ __NVCC__", &o).unwrap();
    assert_eq!(p.to_text(), "1 2 (3+1) [] 5 __NVCC__\n");
}

// ----- includes -----

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("cuwasm-pp-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn write(&self, name: &str, text: &str) -> std::path::PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn include_search_order_and_pragma_once() {
    let d = TempDir::new("inc");
    d.write("src/local.h", "local");
    d.write("inc/local.h", "wrong");
    d.write("inc/lib.h", "#pragma once\nlib LIBVAL");
    d.write("inc/sub/deep.h", "#include \"../lib.h\"\ndeep");
    d.write(
        "inc/guard.h",
        "#ifndef GUARD\n#define GUARD\nguarded\n#endif",
    );
    let main = d.write(
        "src/main.cu",
        "#define LIBVAL 7\n#include \"local.h\"\n#include <lib.h>\n#include \"lib.h\"\n#include <sub/deep.h>\n\
         #include \"guard.h\"\n#include \"guard.h\"\n#define HDR <lib.h>\n#include HDR\n\
         #if __has_include(\"local.h\") && __has_include(<sub/deep.h>) && !__has_include(<nope.h>) && __has_include(<cuda_runtime.h>)\nhas\n#endif",
    );
    let o = PreprocessOptions {
        include_dirs: vec![d.0.join("inc")],
        ..opts()
    };
    let p = preprocess(Source::Path(&main), &o).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(p.to_text(), "local\nlib 7\ndeep\nguarded\nhas\n");
}

#[test]
fn include_errors_have_notes_and_locations() {
    let d = TempDir::new("incerr");
    d.write("a.h", "int x;\n#include \"b.h\"\n");
    d.write(
        "b.h",
        "#define BAD(x) x ## +\nBAD(-)\n#include <missing.h>\n",
    );
    let main = d.write("main.cu", "#include \"a.h\"\n");
    let e = preprocess(Source::Path(&main), &opts()).unwrap_err();
    let text = e.render();
    let dir = d.0.display().to_string();
    let expected_paste = format!(
        "{dir}/b.h:1:18: error: pasting \"-\" and \"+\" does not give a valid preprocessing token\n\
         #define BAD(x) x ## +\n                 ^\n\
         {dir}/a.h:2:1: note: in file included from here\n\
         #include \"b.h\"\n^\n\
         {dir}/main.cu:1:1: note: in file included from here\n\
         #include \"a.h\"\n^\n\
         {dir}/b.h:2:1: note: in expansion of macro 'BAD'\n\
         BAD(-)\n^\n"
    );
    assert!(
        text.contains(&expected_paste),
        "{text}\n--- expected ---\n{expected_paste}"
    );
    assert!(
        text.contains(&format!(
            "{dir}/b.h:3:10: error: 'missing.h' file not found"
        )),
        "{text}"
    );
}

#[test]
fn include_cycles_stop_at_the_depth_limit() {
    let d = TempDir::new("cycle");
    d.write("a.h", "#include \"b.h\"\n");
    d.write("b.h", "#include \"a.h\"\n#include \"a.h\"\n");
    let main = d.write("main.cu", "#include \"a.h\"\nint x;\n");
    let e = preprocess(Source::Path(&main), &opts()).unwrap_err();
    let text = e.render();
    let errors: Vec<_> = e.errors().collect();
    assert_eq!(errors.len(), 1, "{text}");
    let dir = d.0.display().to_string();
    assert!(
        text.contains(&format!(
            "#include nested too deeply (more than 200 levels); include cycle: {dir}/a.h -> {dir}/b.h -> {dir}/a.h"
        )),
        "{text}"
    );
    assert!(text.contains("levels of #include)"), "{text}");
    assert!(
        text.len() < 10_000,
        "notes are capped: {} bytes",
        text.len()
    );
    // A file that includes itself.
    let selfinc = d.write("self.cu", "#include \"self.cu\"\n");
    let e = preprocess(Source::Path(&selfinc), &opts()).unwrap_err();
    assert!(e.render().contains("include cycle"), "{}", e.render());
}

#[test]
fn include_syntax_errors() {
    assert!(errs("#include\n").contains("expected \"FILENAME\" or <FILENAME>"));
    assert!(errs("#include foo\n").contains("expected \"FILENAME\" or <FILENAME>"));
    assert!(errs("#include \"\"\n").contains("empty filename"));
    assert!(errs("#include <nope.h>\n").contains("t.cu:1:10: error: 'nope.h' file not found"));
    assert!(
        warnings("#include <stddef.h> extra\n")
            .contains("extra tokens at end of #include directive")
    );
}

#[test]
fn every_builtin_header_preprocesses_in_both_modes() {
    for device in [false, true] {
        for name in builtin_header_names() {
            let src = format!("#include <{name}>\n#include <{name}>\n");
            let o = PreprocessOptions {
                device,
                ..Default::default()
            };
            match run_with(&src, &o) {
                Err(e) => panic!("<{name}> (device: {device}):\n{}", e.render()),
                Ok(p) => assert!(p.warnings.is_empty(), "<{name}>: {}", p.render_warnings()),
            }
        }
    }
    let p = run_with(
        "#include <limits.h>\n#include <float.h>\n#include <stdint.h>\n\
         #if INT_MAX == 2147483647 && UINT64_MAX == 18446744073709551615u && RAND_MAX > 0 && CUDART_VERSION >= 12000\nok\n#endif\n\
         INT_MIN EXIT_SUCCESS M_PI NULL cudaMemcpyHostToDevice",
        &PreprocessOptions::default(),
    )
    .unwrap();
    let text = p.to_text();
    let tail: Vec<&str> = text.lines().rev().take(2).collect();
    assert_eq!(
        tail,
        vec![
            "(-2147483647 - 1) 0 3.14159265358979323846 0 cudaMemcpyHostToDevice",
            "ok"
        ],
        "{text}"
    );
}

#[test]
fn implicit_cuda_runtime_can_be_turned_off() {
    let with = run_with("x", &PreprocessOptions::default()).unwrap();
    assert!(with.tokens.len() > 1000);
    assert!(
        with.sources
            .files()
            .any(|(_, f)| &*f.name == "<cuwasm>/cuda_runtime.h")
    );
    let without = run_with("x", &opts()).unwrap();
    assert_eq!(without.tokens.len(), 2);
}

// ----- diagnostics and hostile input -----

#[test]
fn expansion_notes_point_at_the_uses() {
    let src = "#define INNER(x) (x / 0 ## 1 ## +)\n#define OUTER(y) INNER(y)\nint z = OUTER(3);\n";
    let e = errs(src);
    assert!(
        e.contains(
            "t.cu:1:30: error: pasting \"01\" and \"+\" does not give a valid preprocessing token\n\
             #define INNER(x) (x / 0 ## 1 ## +)\n                             ^\n\
             t.cu:2:18: note: in expansion of macro 'INNER'\n\
             #define OUTER(y) INNER(y)\n                 ^\n\
             t.cu:3:9: note: in expansion of macro 'OUTER'\n\
             int z = OUTER(3);\n        ^\n"
        ),
        "{e}"
    );
}

#[test]
fn tokens_carry_expansions_and_locations() {
    let p = run_with("#define TWICE(x) x + x\nint a = TWICE(b);", &opts()).unwrap();
    let b: Vec<&Token> = p.tokens.iter().filter(|t| p.spelling(t) == "b").collect();
    assert_eq!(b.len(), 2);
    for t in &b {
        let (line, col) = p.sources.line_col(t.loc);
        assert_eq!((line, col), (2, 15));
        let e = p.sources.expansion(t.expansion.unwrap());
        assert_eq!(p.sources.spelling(e.name), "TWICE");
        assert_eq!(p.sources.line_col(e.use_loc), (2, 9));
    }
    let plus = p.tokens.iter().find(|t| t.kind == TokenKind::Plus).unwrap();
    assert_eq!(p.sources.line_col(plus.loc), (1, 20));
    let int = &p.tokens[0];
    assert!(int.expansion.is_none() && int.at_start_of_line());
}

#[test]
fn lexer_errors_are_located() {
    let e = errs("int x = 'a;\n");
    assert!(
        e.starts_with("t.cu:1:9: error: missing terminating ' character\nint x = 'a;\n        ^\n"),
        "{e}"
    );
    assert!(errs("/* open").contains("t.cu:1:1: error: unterminated /* comment"));
    assert!(errs("\"abc").contains("missing terminating \" character"));
}

#[test]
fn non_utf8_input_is_located_at_the_first_bad_byte() {
    let d = TempDir::new("utf8");
    let p = d.0.join("bad.cu");
    std::fs::write(&p, b"int x;\nint \xff y;\n").unwrap();
    let e = preprocess(Source::Path(&p), &opts()).unwrap_err();
    let text = e.render();
    assert!(
        text.contains("bad.cu:2:5: error: invalid UTF-8 in source file"),
        "{text}"
    );
}

#[test]
fn missing_main_file() {
    let e = preprocess(Source::Path(Path::new("/nonexistent/x.cu")), &opts()).unwrap_err();
    assert!(
        e.render().contains("cannot read '/nonexistent/x.cu'"),
        "{}",
        e.render()
    );
}

#[test]
fn truncated_inputs_never_panic() {
    let full = "#define F(a, ...) g(#a, a ## 1, __VA_ARGS__)\n#if defined(F) && (1 + 2)\nF(x, \"s\", 'c') /* c */\n#elif 0\n#else\n#endif\n#include <stdio.h>\n#pragma unroll 4\n";
    for cut in 0..=full.len() {
        let _ = run_with(&full[..cut], &opts());
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut seed = 0x9E3779B97F4A7C15u64;
    let alphabet =
        b"#()<>\"'\\\n ,.#_abcdefxyzABC0123456789+-*/%&|^!=?:;{}[]defineifelendundefincludepragma";
    for _ in 0..300 {
        let len = (seed % 300) as usize;
        let text: String = (0..len)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                alphabet[(seed >> 33) as usize % alphabet.len()] as char
            })
            .collect();
        let _ = run_with(&text, &opts());
        let text = text.replace('\n', "\n#");
        let _ = run_with(&text, &opts());
    }
}

#[test]
fn deeply_nested_invocations_and_huge_expansions_are_diagnostics() {
    let src = format!(
        "#define f(x) x\n{}1{}\n",
        "f(".repeat(10_000),
        ")".repeat(10_000)
    );
    let e = errs(&src);
    assert!(
        e.contains("macro invocations nested too deeply in macro arguments (more than 200 levels)"),
        "{e}"
    );
    let src = format!("#define f(x) x\n{}1{}\n", "f(".repeat(150), ")".repeat(150));
    assert_eq!(toks(&src), "1");
    // Each level doubles: 2^40 tokens.
    let mut src = String::from("#define M0 x\n");
    for i in 1..=40 {
        src.push_str(&format!("#define M{i} M{} M{}\n", i - 1, i - 1));
    }
    src.push_str("M40\n");
    let e = errs(&src);
    assert!(e.contains("produces too many tokens"), "{e}");
    let e = errs("#define f(...) __VA_OPT__(a __VA_OPT__(b))\nf(1)");
    assert!(
        e.contains("'__VA_OPT__' may not appear in a '__VA_OPT__' operand"),
        "{e}"
    );
}

#[test]
fn error_limit_stops_early() {
    let src = "'\n".repeat(1000);
    let e = run_with(&src, &opts()).unwrap_err();
    assert_eq!(e.errors().count(), 51);
    assert!(e.render().contains("too many errors emitted, stopping now"));
}

#[test]
fn large_input_is_linear() {
    // 10 MB of code with macros, in well under the debug-build time of a quadratic pass.
    let mut src = String::from("#define ADD(a, b) ((a) + (b))\n");
    let line = "int v = ADD(x, 1) * ADD(y, 2); /* comment */ float f = 1.5f;\n";
    while src.len() < 10_000_000 {
        src.push_str(line);
    }
    let start = std::time::Instant::now();
    let p = run_with(&src, &opts()).unwrap();
    assert!(p.tokens.len() > 3_000_000);
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}
