//! Cross-check with clang: small programs that clang-22 accepts
//! (`-fsyntax-only -x cuda --cuda-device-only -nocudainc -nocudalib`) parse
//! here, and programs with syntax errors fail in both. Skipped, with a
//! message, where `clang-22` is not installed (and not required under CI).
//!
//! Clang also checks semantics, so the accepted programs are valid C++ and
//! the rejected ones are syntax errors. Both sides read the same prelude: the
//! CUDA keywords as clang's attributes, and the launch configuration call
//! clang needs for `<<<...>>>`.

use super::*;
use std::process::Command;

const PRELUDE: &str = r#"
#define __host__ __attribute__((host))
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#ifdef __clang__
#include <__clang_cuda_builtin_vars.h>
#else
struct uint3 { unsigned x, y, z; };
extern __device__ const uint3 threadIdx, blockIdx, blockDim, gridDim;
#endif
struct dim3 { unsigned x, y, z; __host__ __device__ dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1) : x(a), y(b), z(c) {} };
typedef struct CUstream_st *cudaStream_t;
extern "C" int cudaConfigureCall(dim3 g, dim3 b, unsigned long s = 0, cudaStream_t st = 0);
__device__ void __syncthreads();
"#;

/// Programs clang accepts.
const VALID: &[&str] = &[
    "__device__ int f(int a, int b, int *p) { return a = b ? a + b * 2 : (a, b), -~!a + *p++ - --b % 3 << 1 >> 2 & 3 | 4 ^ 5 && a || b; }",
    "__device__ void f(float *x, int n) { for (int i = 0, j = n; i < n; ++i, --j) { if (i < j) continue; else break; } }",
    "__device__ int f(int v) { int r = 0; switch (v) { case 0: case 1: r = 1; case 2: { r++; break; } default: r = 3; } do r--; while (r > 0); return r; }",
    "__device__ int f(int v) { again: if (v-- > 0) goto again; return v; }",
    "template <typename T, int B = 256> __global__ void k(T *x, int n) { __shared__ T buf[B]; buf[threadIdx.x] = x[0]; __syncthreads(); }\n\
     void h(float *p, cudaStream_t s) { k<float><<<1, 256>>>(p, 1); k<float, 128><<<dim3(2, 2), dim3(128), 0, s>>>(p, 2); k<<<1, 1>>>(p, 3); }",
    "struct V { float x, y; __device__ V(float a, float b) : x(a), y{b} {} __device__ V operator+(const V &o) const { return V(x + o.x, y + o.y); }\n\
     __device__ float operator[](int i) const { return i ? y : x; } static const int n = 2; };",
    "float (*pa)[4]; int (*fp)(int, int); void (*table[3])(float *); typedef int T; T *tp; int m[2][3][4];",
    "enum class E : unsigned char { A, B = 3 }; namespace ns { namespace in { typedef int I; } } using namespace ns; in::I v = 1; E e = E::B;",
    "__device__ float f(const void *p, long q) { return static_cast<float>(reinterpret_cast<const float *>(p)[0]) + (float)q + float(q) + const_cast<int &>(reinterpret_cast<const int &>(q)); }",
    "__device__ bool f(int a, int b, int c) { return (a < b) > c && a < b; }",
    "template <typename T> struct W { T v; }; W<W<int>> a; W<W<W<int>>> b; template <int N> struct I { static const int v = N; }; int c = I<(4 >> 1)>::v;",
    "__global__ void k(float *x) {\n#pragma unroll 4\n  for (int i = 0; i < 16; i++) x[i] = 0;\n}",
    "struct P { int x, y; }; P p = {.x = 1, .y = 2}; int q[4] = {[1] = 3};",
    "__global__ void k(float *out) { extern __shared__ float s[]; s[threadIdx.x] = 1.0f; out[0] = s[0]; }",
    "__constant__ float c[4] = {1.0f, 2.0f}; __device__ int counter; __global__ void __launch_bounds__(256, 2) k() {}",
    "template <typename T> __device__ T twice(T x) { return x + x; } __device__ float g(float v) { return twice<float>(v) + twice(v); }",
    "struct S { int v; __device__ int get() const { return this->v; } }; __device__ int h(S *s) { return s->get() + (*s).get(); }",
    "template <typename T> struct Box { typedef T value_type; }; template <typename B> __device__ typename B::value_type get(B b) { typename B::value_type v = 0; return v; }",
    "__device__ unsigned long long f() { return sizeof(int) + sizeof(float[4]) + alignof(double) + sizeof 1 + 0x10ull + 010 + 0b11 + 'a' + 1.5e3f; }",
    "int *alloc(int n) { int *p = new int[n]; delete[] p; p = new int(3); delete p; return nullptr; }",
    "class C { int hidden; public: C(int h) : hidden(h) {} protected: int prot() { return hidden; } };",
    "struct B { int b; }; struct D : public B { int d; }; __device__ int f(D x) { return x.b + x.d; }",
    "__device__ int f(int n) { if (int m = n * 2) return m; return 0; }",
];

/// Programs with syntax errors.
const INVALID: &[&str] = &[
    "__device__ int f() { int x = ; return x; }",
    "__device__ int f(int a) { return (a + 1; }",
    "__device__ int f(int a) { if (a) { return 1; }",
    "__device__ int f(int a) { return a + ; }",
    "__device__ void f() { for (int i = 0 i < 3; i++) {} }",
    "__device__ void f() { } }",
    "struct S { int x };",
    "__device__ void f(int x) { if x > 0 { } }",
    "__device__ void f(int x) { do x++; (x < 3); }",
    "__device__ void f(int x) { switch (x) { case 1 x++; } }",
    "int a = 1 2;",
    "template <typename T struct S {};",
    "__global__ void k(); void h() { k<<<1, 1>>>; }",
    "__device__ void f(int *p) { p[0 = 1; }",
];

fn clang_accepts(src: &str, dir: &std::path::Path, i: usize) -> Result<bool, String> {
    let path = dir.join(format!("c{i}.cu"));
    std::fs::write(&path, src).map_err(|e| e.to_string())?;
    let out = Command::new("clang-22")
        .args([
            "-fsyntax-only",
            "-x",
            "cuda",
            "--cuda-device-only",
            "-nocudainc",
            "-nocudalib",
            "--cuda-gpu-arch=sm_80",
            "-w",
        ])
        .arg(&path)
        .output()
        .map_err(|e| e.to_string())?;
    Ok(out.status.success())
}

fn ours(src: &str) -> Result<(), String> {
    let p = preprocess(
        Source::Text {
            name: "c.cu",
            text: src,
        },
        &PreprocessOptions {
            implicit_cuda_runtime: false,
            device: true,
            ..Default::default()
        },
    )
    .map_err(|e| e.render())?;
    parse(&p)
        .map(|_| ())
        .map_err(|d| diag::render_all(&d, &p.sources))
}

#[test]
fn agrees_with_clang_on_what_parses() {
    if Command::new("clang-22").arg("--version").output().is_err() {
        eprintln!("SKIPPED agrees_with_clang_on_what_parses: clang-22 is not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("cuwasm-clang-parse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    let cases = VALID
        .iter()
        .map(|s| (s, true))
        .chain(INVALID.iter().map(|s| (s, false)));
    for (i, (snippet, valid)) in cases.enumerate() {
        let src = format!("{PRELUDE}{snippet}\n");
        let clang = clang_accepts(&src, &dir, i).unwrap();
        let here = ours(&src);
        if clang != valid {
            failures.push(format!(
                "clang does not {} case {i}: {snippet}",
                if valid { "accept" } else { "reject" }
            ));
        }
        if here.is_ok() != clang {
            failures.push(format!(
                "case {i}: clang {}, cuwasm {}: {snippet}\n{}",
                if clang { "accepts" } else { "rejects" },
                if here.is_ok() { "accepts" } else { "rejects" },
                here.err().unwrap_or_default()
            ));
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
