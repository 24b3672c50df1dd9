//! Hostile input: deep nesting of every kind, long chains, truncations at
//! every token, random token soup, random bytes that survive the
//! preprocessor, and a large file. Each gives diagnostics (or a tree), never
//! a panic, a stack overflow or a hang. The tests run on the test harness's
//! threads (2 MiB of stack), which bounds what the parser may use.

use super::*;
use crate::cuda::ast::MAX_NESTING;
use std::time::{Duration, Instant};

fn parse_text(text: &str) -> Result<TranslationUnit, String> {
    let p = match preprocess(
        Source::Text { name: "t.cu", text },
        &PreprocessOptions {
            implicit_cuda_runtime: false,
            ..Default::default()
        },
    ) {
        Ok(p) => p,
        Err(e) => return Err(format!("preprocess: {}", e.render())),
    };
    parse(&p).map_err(|d| diag::render_all(&d, &p.sources))
}

#[track_caller]
fn first_error(text: &str) -> String {
    let e = parse_text(text).expect_err("an error");
    e.lines().next().unwrap_or("").to_string()
}

const TOO_DEEP: &str = "error: nesting is too deep";

#[test]
fn ten_thousand_nested_parentheses() {
    let t = Instant::now();
    let src = format!(
        "int x = {}1{};\nint y = ;\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let e = parse_text(&src).unwrap_err();
    let first = e.lines().next().unwrap();
    assert!(
        first.starts_with("t.cu:1:") && first.contains(TOO_DEEP),
        "{first}"
    );
    // Recovery skips the rest of the declaration: the next error is found.
    assert!(e.contains("t.cu:2:9: error: expected expression"), "{e}");
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn unclosed_parentheses() {
    let src = format!("void f() {{ int x = {}1;\n}}\n", "(".repeat(10_000));
    assert!(first_error(&src).contains(TOO_DEEP));
}

#[test]
fn nesting_just_below_the_limit_parses() {
    let n = MAX_NESTING as usize - 10;
    let src = format!("int x = {}1{};\n", "(".repeat(n), ")".repeat(n));
    parse_text(&src).unwrap();
}

#[test]
fn deeply_nested_blocks_and_statements() {
    let src = format!(
        "void f() {{ {} }}\n",
        "{".repeat(10_000) + &"}".repeat(10_000)
    );
    assert!(first_error(&src).contains(TOO_DEEP));
    let src = format!("void f(int a) {{ {} a++; }}\n", "if (a) ".repeat(10_000));
    assert!(first_error(&src).contains(TOO_DEEP));
    let src = format!(
        "void f(int a) {{ {} ; }}\n",
        "while (a) for (;;) ".repeat(5_000)
    );
    assert!(first_error(&src).contains(TOO_DEEP));
}

#[test]
fn ten_thousand_unclosed_braces() {
    // Too deep, and unclosed at the end of the file.
    let src = format!("void f() {}\n", "{".repeat(10_000));
    let e = parse_text(&src).unwrap_err();
    assert_eq!(e.matches(": error: ").count(), 2, "{e}");
    assert!(
        e.contains(TOO_DEEP) && e.contains("t.cu:2:1: error: expected '}'"),
        "{e}"
    );
    let src = format!("void f() {} int x;\n", "{ ".repeat(100));
    let e = parse_text(&src).unwrap_err();
    assert_eq!(e.matches(": error: ").count(), 1, "{e}");
    assert!(
        e.contains("error: expected '}'") && e.contains("note: to match this '{'"),
        "{e}"
    );
}

#[test]
fn deep_unary_operators_casts_and_declarators() {
    for src in [
        format!("int x = {}1;\n", "-".repeat(10_000)),
        format!("int x = {}1;\n", "- ".repeat(10_000)),
        format!("int x = {}1;\n", "(int)".repeat(10_000)),
        format!("int x = {}1;\n", "sizeof ".repeat(10_000)),
        format!("int {}x{};\n", "(".repeat(10_000), ")".repeat(10_000)),
        format!("int {}p;\n", "*".repeat(10_000)),
        format!("int x{};\n", "[1]".repeat(10_000)),
        format!(
            "void f(int {}x{});\n",
            "(".repeat(10_000),
            ")".repeat(10_000)
        ),
        format!(
            "template <typename T> struct A {{}};\n{}int{} a;\n",
            "A<".repeat(10_000),
            ">".repeat(10_000)
        ),
        format!("int x = {}0{};\n", "f(".repeat(10_000), ")".repeat(10_000)),
        format!("int x = {}0{};\n", "a[".repeat(10_000), "]".repeat(10_000)),
        format!("int x[] = {}0{};\n", "{".repeat(10_000), "}".repeat(10_000)),
        format!("int x = {}0;\n", "a = ".repeat(10_000)),
        format!("int x = {}0;\n", "a ? b : ".repeat(10_000)),
        format!("namespace n {{ {} }}\n", "namespace m { ".repeat(10_000)),
        format!("{}\n", "struct S { ".repeat(10_000)),
        format!("{}int x;\n", "template <typename T> ".repeat(10_000)),
    ] {
        let t = Instant::now();
        let e = first_error(&src);
        assert!(
            e.contains(TOO_DEEP) || e.contains("error:"),
            "{}: {e}",
            &src[..40]
        );
        assert!(t.elapsed() < Duration::from_secs(5), "{}", &src[..40]);
    }
}

#[test]
fn long_chains_are_bounded() {
    // A chain of 500 additions is fine; one of 100,000 is reported, not a
    // tree 100,000 deep.
    parse_text(&format!("int x = 1{};\n", " + 1".repeat(500))).unwrap();
    assert!(first_error(&format!("int x = 1{};\n", " + 1".repeat(100_000))).contains(TOO_DEEP));
    assert!(first_error(&format!("int x = a{};\n", "->b".repeat(100_000))).contains(TOO_DEEP));
    let chain = |n: usize| {
        format!(
            "void f(int a) {{ if (a) a++; {} else a--; }}\n",
            "else if (a) a++; ".repeat(n)
        )
    };
    parse_text(&chain(500)).unwrap();
    assert!(first_error(&chain(100_000)).contains(TOO_DEEP));
    let cases = format!(
        "void f(int a) {{ switch (a) {{ {} a++; }} }}\n",
        (0..100_000)
            .map(|i| format!("case {i}: "))
            .collect::<String>()
    );
    assert!(first_error(&cases).contains(TOO_DEEP));
    // Siblings are not a chain: 20,000 statements and arguments are fine.
    parse_text(&format!(
        "void f(int a) {{ {} }}\n",
        "a = a + 1; ".repeat(20_000)
    ))
    .unwrap();
    parse_text(&format!(
        "void g(...); void f(int a) {{ g(a{}); }}\n",
        ", a + 1".repeat(20_000)
    ))
    .unwrap();
}

const PROGRAM: &str = r#"
#define N 256
struct dim3 { unsigned x, y, z; __host__ __device__ dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1); };
extern __device__ const dim3 threadIdx, blockIdx, blockDim;
__device__ void __syncthreads(); int cudaMalloc(void **p, unsigned long n); int printf(const char *f, ...);
struct P { float x, y; __device__ P operator+(const P &o) const { return {x + o.x, y + o.y}; } };
template <typename T, int B = N> __global__ void k(const T *__restrict__ in, T *out, int n) {
  __shared__ T tile[B];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  tile[threadIdx.x] = i < n ? in[i] : T(0);
  __syncthreads();
#pragma unroll
  for (int s = B / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) tile[threadIdx.x] += tile[threadIdx.x + s];
    __syncthreads();
  }
  switch (threadIdx.x) { case 0: out[blockIdx.x] = tile[0]; break; default: break; }
}
int main(int argc, char **argv) {
  float *d = nullptr; cudaMalloc((void **)&d, sizeof(float) * N);
  k<float><<<dim3(1), dim3(N), 0>>>(d, d, N);
  do { argc--; } while (argc > 0);
  printf("%d\n", (int)(d != nullptr));
  return 0;
}
"#;

/// The program preprocessed without the shipped headers (it declares what it
/// uses), so that each of the many parses below is small.
fn program() -> Preprocessed {
    preprocess(
        Source::Text {
            name: "t.cu",
            text: PROGRAM,
        },
        &PreprocessOptions {
            implicit_cuda_runtime: false,
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn the_program_parses() {
    parse_tu(&program());
}

#[test]
fn every_truncation_of_a_program() {
    let p = program();
    let n = p.tokens.len();
    for cut in 0..n {
        let mut q = p.clone();
        q.tokens.truncate(cut);
        q.tokens.push(*p.tokens.last().unwrap());
        let _ = parse(&q);
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn program_mutations() {
    let p = program();
    let toks: Vec<_> = p.tokens[..p.tokens.len() - 1].to_vec();
    let eof = *p.tokens.last().unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..1500 {
        let mut t = toks.clone();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(t.len());
            match rng.below(3) {
                0 => {
                    t.remove(i);
                }
                1 => {
                    let j = rng.below(toks.len());
                    t.insert(i, toks[j]);
                }
                _ => {
                    let j = rng.below(t.len());
                    t.swap(i, j);
                }
            }
        }
        t.push(eof);
        let mut q = p.clone();
        q.tokens = t;
        let _ = parse(&q);
    }
}

#[test]
fn random_token_soup() {
    const VOCAB: &[&str] = &[
        "int",
        "float",
        "struct",
        "S",
        "T",
        "x",
        "y",
        "template",
        "<",
        ">",
        ">>",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ";",
        ",",
        "=",
        "+",
        "*",
        "&",
        "::",
        ":",
        "?",
        "1",
        "2.5f",
        "\"s\"",
        "'c'",
        "typename",
        "class",
        "enum",
        "if",
        "else",
        "for",
        "while",
        "do",
        "switch",
        "case",
        "default",
        "return",
        "break",
        "__global__",
        "__shared__",
        "<<<",
        ">>>",
        "const",
        "static",
        "operator",
        "~",
        "new",
        "delete",
        "sizeof",
        "namespace",
        "using",
        "typedef",
        "auto",
        ".",
        "->",
        "...",
        "!",
        "-",
        "++",
        "virtual",
        "public",
        "private",
        "extern",
        "\"C\"",
        "goto",
        "#pragma unroll\n",
        "alignas",
        "__attribute__",
        "decltype",
        "static_cast",
        "this",
    ];
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let len = 1 + rng.below(60);
        let mut src = String::new();
        for _ in 0..len {
            src.push_str(VOCAB[rng.below(VOCAB.len())]);
            src.push(' ');
        }
        let _ = parse_text(&src);
    }
}

#[test]
fn random_bytes_that_pass_the_preprocessor() {
    let mut rng = Rng(7);
    let mut parsed = 0;
    for _ in 0..3000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| 32 + rng.below(95) as u8).collect();
        let text = String::from_utf8(bytes).unwrap();
        if let Ok(p) = preprocess(
            Source::Text {
                name: "r.cu",
                text: &text,
            },
            &PreprocessOptions {
                implicit_cuda_runtime: false,
                ..Default::default()
            },
        ) {
            parsed += 1;
            let _ = parse(&p);
        }
    }
    assert!(
        parsed > 100,
        "only {parsed} random texts got through the preprocessor"
    );
}

/// A large file of declarations: 10 MB in release builds, 1 MB in debug
/// builds (where the parser is about 20 times slower), to keep `cargo test`
/// quick.
#[test]
fn large_file_of_declarations() {
    let target = if cfg!(debug_assertions) {
        1 << 20
    } else {
        10 << 20
    };
    let mut src = String::with_capacity(target + 100);
    let mut i = 0;
    while src.len() < target {
        src.push_str(&format!(
            "static const int v{i} = {i} * 2 + 1; float f{i}(float x) {{ return x * v{i}; }}\n"
        ));
        i += 1;
    }
    let p = preprocess(
        Source::Text {
            name: "big.cu",
            text: &src,
        },
        &PreprocessOptions::default(),
    )
    .unwrap();
    let t = Instant::now();
    let tu = parse_tu(&p);
    let took = t.elapsed();
    assert!(
        tu.decls.len() >= 2 * i,
        "{} decls for {i} lines",
        tu.decls.len()
    );
    eprintln!(
        "parsed {} bytes ({} tokens) in {took:?}",
        src.len(),
        p.tokens.len()
    );
    assert!(took < Duration::from_secs(20));
}

#[test]
fn the_deepest_trees_dump_and_drop_on_a_small_stack() {
    // As deep as the limits allow: a chain of additions, each operand
    // nested in parentheses. Dumping and dropping recurse over the tree on
    // the test's own thread (2 MiB).
    let n = MAX_NESTING as usize - 20;
    let src = format!(
        "int a; int x = {}a{} {};\nint y = ((((((((((((((((((((((((((((((a{}))))))))))))))))))))))))))))));\n",
        "(".repeat(n),
        ")".repeat(n),
        "+ a ".repeat(700),
        " + a".repeat(200)
    );
    let p = preprocess(
        Source::Text {
            name: "t.cu",
            text: &src,
        },
        &PreprocessOptions {
            implicit_cuda_runtime: false,
            ..Default::default()
        },
    )
    .unwrap();
    let tu = parse_tu(&p);
    let d = ast::dump(&tu, &p);
    assert!(d.lines().count() > 1000);
    drop(tu);
}

#[test]
fn token_streams_without_eof_or_empty() {
    let mut p = program();
    p.tokens.pop();
    let _ = parse(&p);
    p.tokens.truncate(3);
    let _ = parse(&p);
    p.tokens.clear();
    let r = parse(&p);
    assert!(r.is_ok_and(|tu| tu.decls.is_empty()));
}
