//! Cross-check of macro expansion against GCC's `cpp -P` on the same inputs:
//! both outputs are compared as token sequences (whitespace aside). `cpp` is an
//! external tool: required under `CI=true`, skipped loudly elsewhere.

use cuwasm_frontends::cuda::lexer::lex_all;
use cuwasm_frontends::cuda::source::{FileId, Spellings};
use cuwasm_frontends::cuda::{PreprocessOptions, Source, TokenKind, preprocess};
use std::io::Write;
use std::process::{Command, Stdio};

fn cpp_available() -> bool {
    cuwasm_test_support::external_tool("cpp")
}

/// GCC's expansion as spellings, or None when cpp rejects the input.
fn run_cpp(src: &str) -> Option<Vec<String>> {
    let mut child = Command::new("cpp")
        .args(["-P", "-undef", "-nostdinc", "-std=c++20", "-x", "c++", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run cpp");
    let wrote = child
        .stdin
        .take()
        .is_some_and(|mut input| input.write_all(src.as_bytes()).is_ok());
    let out = child.wait_with_output().ok()?;
    if !wrote || !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut sp = Spellings::default();
    let (toks, _) = lex_all(&text, FileId(0), &mut sp);
    Some(
        toks.iter()
            .filter(|t| t.kind != TokenKind::Eof)
            .map(|t| sp.get(t.sym).to_string())
            .collect(),
    )
}

/// cuwasm's expansion as spellings, or its rendered errors.
fn run_ours(src: &str) -> Result<Vec<String>, String> {
    let opts = PreprocessOptions {
        implicit_cuda_runtime: false,
        ..Default::default()
    };
    let p = preprocess(
        Source::Text {
            name: "x.cu",
            text: src,
        },
        &opts,
    )
    .map_err(|e| e.render())?;
    Ok(p.tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Eof)
        .map(|t| p.spelling(t).to_string())
        .collect())
}

fn cpp_tokens(src: &str) -> Vec<String> {
    run_cpp(src).unwrap_or_else(|| panic!("cpp failed on:\n{src}"))
}

fn our_tokens(src: &str) -> Vec<String> {
    run_ours(src).unwrap_or_else(|e| panic!("errors on:\n{src}\n{e}"))
}

const CASES: &[&str] = &[
    // C11 6.10.3.5 example 3
    "#define x 3\n#define f(a) f(x * (a))\n#undef x\n#define x 2\n#define g f\n#define z z[0]\n\
     #define h g(~\n#define m(a) a(w)\n#define w 0,1\n#define t(a) a\n#define p() int\n#define q(x) x\n\
     #define r(x,y) x ## y\n#define str(x) # x\n\
     f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);\ng(x+(3,4)-w) | h 5) & m\n(f)^m(m);\n\
     p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };\nchar c[2][6] = { str(hello), str() };\n",
    // example 4 (without the #include)
    "#define str(s) # s\n#define xstr(s) str(s)\n\
     #define debug(s, t) printf(\"x\" # s \"= %d, x\" # t \"= %s\", \\\n x ## s, x ## t)\n\
     #define INCFILE(n) vers ## n\n#define glue(a, b) a ## b\n#define xglue(a, b) glue(a, b)\n\
     #define HIGHLOW \"hello\"\n#define LOW LOW \", world\"\ndebug(1, 2);\n\
     fputs(str(strncmp(\"abc\\0d\", \"abc\", '\\4') // this goes away\n == 0) str(: @\\n), s);\n\
     xstr(INCFILE(2).h)\nglue(HIGH, LOW);\nxglue(HIGH, LOW)\n",
    // example 5
    "#define t(x,y,z) x ## y ## z\nint j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),\n t(10,,), t(,11,), t(,,12), t(,,) };\n",
    // example 7
    "#define debug(...) fprintf(stderr, __VA_ARGS__)\n#define showlist(...) puts(#__VA_ARGS__)\n\
     #define report(test, ...) ((test)?puts(#test):\\\n printf(__VA_ARGS__))\n\
     debug(\"Flag\");\ndebug(\"X = %d\\n\", x);\nshowlist(The first, second, and third items.);\n\
     report(x>y, \"x is %d but y is %d\", x, y);\n",
    // hash_hash
    "#define hash_hash # ## #\n#define mkstr(a) # a\n#define in_between(a) mkstr(a)\n\
     #define join(c, d) in_between(c hash_hash d)\nchar p[] = join(x, y);\n",
    // painted blue and rescanning
    "#define foo foo\n#define a b\n#define b a\n#define f(x) f(x) + x\nfoo a b f(f(1))\n",
    "#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)\n",
    "#define EMPTY\n#define f(x) [x]\nf EMPTY (1) f\n(2)\n",
    "#define AB 42\n#define c(a,b) a##b\nc(A,B) c(x,1) c(+,=) c(<<,=) c(., 5) c(1,e5) c(L, 'a')\n",
    "#define s(x) #x\ns(  a   +  b  ) s(\"a\\n\" 'x' '\\'') s(a\n+b) s()\n",
    "#define f(fmt, ...) p(fmt, ##__VA_ARGS__)\nf(\"a\") f(\"a\", 1, 2)\n",
    "#define f(a, ...) g(a __VA_OPT__(,) __VA_ARGS__)\nf(1) f(1, 2, 3)\n",
    "#define ONE 1\n#define str(x) #x\n#define xstr(x) str(x)\n#define cat(a,b) a##b\nstr(ONE) xstr(ONE) cat(ON,E) cat(ONE,ONE)\n",
    "#if 1 + 2 * 3 == 7 && (-1 < 0u) == 0 && defined(NOPE) == 0\nyes\n#else\nno\n#endif\n",
    "#define LPAREN (\n#define RPAREN )\n#define F(x, y) x + y\n#define ELLIP_FUNC(...) __VA_ARGS__\nELLIP_FUNC(F, LPAREN, 'a', 'b', RPAREN);\n",
    "#define OBJ f(\n#define f(x) <x>\nOBJ 1)\n",
    "#define APPLY(m, x) m(x)\n#define TWICE(x) x x\n#define ID(x) x\nAPPLY(TWICE, ID(z)) APPLY(APPLY, ID)\n",
];

#[test]
fn macro_expansion_agrees_with_cpp() {
    if !cpp_available() {
        return;
    }
    for src in CASES {
        assert_eq!(our_tokens(src), cpp_tokens(src), "on input:\n{src}");
    }
}

/// A small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

/// A random program of macro definitions and uses: object- and function-like
/// macros that mention each other, with `#`, `##` and `__VA_ARGS__`.
fn random_program(rng: &mut Rng) -> String {
    let names = ["A", "B", "C", "F", "G", "H"];
    let atoms = [
        "x", "y", "1", "2", "+", "(", ")", ",", "A", "B", "C", "F", "G", "H", "*",
    ];
    let mut s = String::new();
    for name in names {
        let function_like = rng.one_in(2);
        let mut body = Vec::new();
        let params: &[&str] = if function_like {
            match rng.next() % 3 {
                0 => &["p"],
                1 => &["p", "q"],
                _ => &["p", "..."],
            }
        } else {
            &[]
        };
        for _ in 0..rng.next() % 6 {
            let r = rng.next() % 10;
            let tok = if function_like && r < 3 {
                rng.pick(&["p", "p", "q", "__VA_ARGS__"])
            } else {
                rng.pick(&atoms)
            };
            let tok = match tok {
                "q" if !params.contains(&"q") => "p",
                "__VA_ARGS__" if !params.contains(&"...") => "p",
                t => t,
            };
            if function_like && rng.one_in(8) {
                body.push(format!("#{tok}"));
                continue;
            }
            if !body.is_empty()
                && rng.one_in(6)
                && tok.chars().all(|c| c.is_alphanumeric() || c == '_')
            {
                body.push("##".into());
            }
            body.push(tok.to_string());
        }
        // Unbalanced parentheses in bodies are legal; `#` only before a parameter.
        let body: Vec<String> = body
            .into_iter()
            .map(|t| {
                if t.starts_with('#') && t != "##" {
                    let p = &t[1..];
                    if params.contains(&p) || (p == "__VA_ARGS__" && params.contains(&"...")) {
                        t
                    } else {
                        "p".into()
                    }
                } else {
                    t
                }
            })
            .collect();
        if function_like {
            s.push_str(&format!(
                "#define {name}({}) {}\n",
                params.join(", "),
                body.join(" ")
            ));
        } else {
            let body: Vec<String> = body
                .into_iter()
                .map(|t| {
                    if ["p", "q", "__VA_ARGS__"].contains(&t.as_str()) || t.starts_with('#') {
                        "z".into()
                    } else {
                        t
                    }
                })
                .collect();
            s.push_str(&format!("#define {name} {}\n", body.join(" ")));
        }
    }
    for _ in 0..4 {
        let mut line = Vec::new();
        let mut depth = 0i32;
        for _ in 0..rng.next() % 12 + 1 {
            let t = rng.pick(&atoms);
            match t {
                "(" => depth += 1,
                ")" if depth == 0 => continue,
                ")" => depth -= 1,
                _ => {}
            }
            line.push(t);
        }
        line.extend(std::iter::repeat_n(")", depth as usize));
        s.push_str(&line.join(" "));
        s.push_str(" ;\n");
    }
    s
}

#[test]
fn random_macro_programs_agree_with_cpp() {
    if !cpp_available() {
        return;
    }
    let mut rng = Rng(0x5EED);
    let mut compared = 0;
    for _ in 0..400 {
        let src = random_program(&mut rng);
        match (run_ours(&src), run_cpp(&src)) {
            (Ok(mine), Some(theirs)) => {
                assert_eq!(mine, theirs, "on input:\n{src}");
                compared += 1;
            }
            (Err(e), Some(_)) => panic!("cpp accepts, cuwasm fails:\n{src}\n{e}"),
            (Ok(_), None) => panic!("cuwasm accepts, cpp fails:\n{src}"),
            (Err(_), None) => {}
        }
    }
    assert!(compared > 200, "only {compared} programs compared");
}

/// A random `#if` expression over literals of both signednesses.
fn random_expr(rng: &mut Rng, depth: u32) -> String {
    if depth == 0 || rng.one_in(4) {
        return rng
            .pick(&[
                "0",
                "1",
                "2",
                "7",
                "-1",
                "3u",
                "0xFFFFFFFFFFFFFFFF",
                "9223372036854775807",
                "'a'",
                "'\\377'",
                "0x10",
                "010",
                "X",
                "defined(X)",
                "defined Y",
                "1000000",
            ])
            .to_string();
    }
    let a = random_expr(rng, depth - 1);
    let b = random_expr(rng, depth - 1);
    match rng.next() % 6 {
        0 => format!("{}({a})", rng.pick(&["-", "~", "!", "+"])),
        1 => format!("({a}) ? ({b}) : ({})", random_expr(rng, depth - 1)),
        _ => {
            let op = rng.pick(&[
                "+", "-", "*", "/", "%", "<<", ">>", "<", ">", "<=", ">=", "==", "!=", "&", "^",
                "|", "&&", "||",
            ]);
            // Keep shift counts in range: cpp and C leave the rest undefined.
            if op == "<<" || op == ">>" {
                return format!("({a}) {op} ({} % 8 + 1)", rng.next() % 50);
            }
            format!("({a}) {op} ({b})")
        }
    }
}

#[test]
fn random_if_expressions_agree_with_cpp() {
    if !cpp_available() {
        return;
    }
    let mut rng = Rng(0xC0FFEE);
    let mut src = String::from("#define X 5\n");
    for i in 0..300 {
        let e = random_expr(&mut rng, 4);
        // Division by zero is an error in both; guard it to compare the values.
        src.push_str(&format!(
            "#if ({e}) > 0\nv{i}_pos\n#elif ({e}) == 0\nv{i}_zero\n#else\nv{i}_neg\n#endif\n"
        ));
    }
    // Drop the expressions that divide by zero somewhere (both sides reject them).
    let mut kept = String::from("#define X 5\n");
    for chunk in src.split("#if ").skip(1) {
        let block = format!("#if {chunk}");
        if our_ok(&format!("#define X 5\n{block}")) {
            kept.push_str(&block);
        }
    }
    assert_eq!(our_tokens(&kept), cpp_tokens(&kept), "on input:\n{kept}");
    assert!(kept.matches("#if").count() > 150);
}

fn our_ok(src: &str) -> bool {
    run_ours(src).is_ok()
}
