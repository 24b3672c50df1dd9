//! Lowering tests: small .cu snippets lowered, verified, and checked for the
//! ops they must contain (FileCheck-like substring checks, in order).

use super::compile_device;
use crate::cuda::{PreprocessOptions, Source};
use cuwasm::PrintOptions;

fn context() -> cuwasm::Context {
    let mut ctx = cuwasm::Context::new();
    cuwasm_dialects::register_all(&mut ctx);
    ctx
}

/// Lower `src` (device side), verify, and return the printed IR.
fn lower(src: &str) -> Result<String, String> {
    let mut ctx = context();
    let opts = PreprocessOptions::for_side(true);
    let m = compile_device(
        &mut ctx,
        Source::Text {
            name: "t.cu",
            text: src,
        },
        &opts,
    )?;
    Ok(ctx.print_op(m, PrintOptions::default()))
}

/// Every check appears, in order (as FileCheck's CHECK lines).
#[track_caller]
fn check(src: &str, checks: &[&str]) -> String {
    let ir = lower(src).unwrap_or_else(|e| panic!("lowering failed:\n{e}"));
    let mut at = 0;
    for c in checks {
        match ir[at..].find(c) {
            Some(i) => at += i + c.len(),
            None => panic!("expected '{c}' after byte {at} in:\n{ir}"),
        }
    }
    ir
}

#[track_caller]
fn check_error(src: &str, message: &str) -> String {
    match lower(src) {
        Ok(ir) => panic!("expected an error '{message}', got:\n{ir}"),
        Err(e) => {
            assert!(e.contains(message), "expected '{message}' in:\n{e}");
            assert!(e.contains("t.cu:"), "the error is located:\n{e}");
            e
        }
    }
}

#[test]
fn vector_add_kernel() {
    let ir = check(
        "__global__ void add(const float *a, const float *b, float *c, int n) {\n\
           int i = blockIdx.x * blockDim.x + threadIdx.x;\n\
           if (i < n) c[i] = a[i] + b[i];\n\
         }\n",
        &[
            "\"builtin.module\"()",
            "\"gpu.module\"() <{sym_name = \"kernels\"}>",
            "\"gpu.func\"() <{function_type = (!ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, !ptr.ptr<#ptr.generic_space>, i32) -> ()}>",
            "\"cuda.alloca\"() <{count = 1 : i64, element_type = !ptr.ptr<#ptr.generic_space>}>",
            "\"cuda.block_idx\"() <{dimension = #cuda<dim x>}>",
            "\"cuda.block_dim\"() <{dimension = #cuda<dim x>}>",
            "\"arith.muli\"",
            "\"cuda.thread_idx\"() <{dimension = #cuda<dim x>}>",
            "\"arith.addi\"",
            "\"arith.cmpi\"",
            "predicate = 2 : i64", // slt: int < int
            "\"scf.if\"",
            "\"arith.extsi\"",
            "\"arith.muli\"",
            "\"ptr.ptr_add\"",
            "\"ptr.load\"",
            "\"arith.addf\"",
            "\"ptr.store\"",
            "\"scf.yield\"",
            "\"gpu.return\"",
            "{gpu.kernel, sym_name = \"add\"}",
            "{gpu.container_module}",
        ],
    );
    assert!(!ir.contains("cf.br"), "structured code stays in scf:\n{ir}");
}

#[test]
fn integer_conversions_and_signedness() {
    check(
        "__global__ void k(unsigned *u, int *s, long long *l, char c, short h) {\n\
           u[0] = u[1] / 3u;\n\
           s[0] = s[1] / 3;\n\
           s[1] = s[2] % 5 + (s[3] >> 2) + (u[2] >> 1);\n\
           l[0] = s[0] + l[1];\n\
           s[2] = c + h;\n\
           u[3] = s[0] < u[0];\n\
         }\n",
        &[
            "\"arith.divui\"",
            "\"arith.divsi\"",
            "\"arith.remsi\"",
            "\"arith.shrsi\"",
            "\"arith.shrui\"",
            "\"arith.extsi\"", // int + long long
            "(i32) -> i64",
            "\"arith.extsi\"", // char promoted to int
            "(i8) -> i32",
            "\"arith.extsi\"",
            "(i16) -> i32",
            "predicate = 6 : i64", // int < unsigned compares unsigned
            "\"arith.extui\"",     // bool to unsigned
        ],
    );
}

#[test]
fn floats_math_and_casts() {
    check(
        "__device__ float sq(float x) { return x * x; }\n\
         __global__ void k(float *x, double *d, int n) {\n\
           float v = sqrtf(x[0]) + expf(x[1]) + fabsf(x[2]) + fmaxf(x[3], 1.0f);\n\
           d[0] = sqrt(d[1]) + v;\n\
           x[4] = (float)n + sq(v) + (float)d[2];\n\
           n = (int)x[5];\n\
           x[6] = powf(v, 2.0f) + fminf(v, 0.5f) + rsqrtf(v) + floorf(v);\n\
         }\n",
        &[
            "\"math.sqrt\"",
            "(f32) -> f32",
            "\"math.exp\"",
            "\"math.absf\"",
            "\"arith.maxnumf\"",
            "\"math.sqrt\"",
            "(f64) -> f64",
            "\"arith.extf\"",
            "\"arith.sitofp\"",
            "<{callee = @sq}>",
            "\"arith.truncf\"",
            "\"arith.fptosi\"",
            "\"math.powf\"",
            "\"arith.minnumf\"",
            "\"math.rsqrt\"",
            "\"math.floor\"",
            "\"func.func\"() <{function_type = (f32) -> f32, sym_name = \"sq\", sym_visibility = \"private\"}>",
            "\"arith.mulf\"",
            "\"func.return\"",
        ],
    );
}

#[test]
fn loops_are_scf_while() {
    let ir = check(
        "__global__ void k(int *a, int n) {\n\
           int s = 0;\n\
           for (int i = 0; i < n; ++i) s += a[i];\n\
           int j = 0;\n\
           while (j < 10) j++;\n\
           do { s--; } while (s > 100);\n\
           a[0] = s + j;\n\
         }\n",
        &[
            "\"scf.while\"",
            "\"scf.condition\"",
            "\"ptr.load\"",
            "\"arith.addi\"",
            "\"scf.yield\"",
            "\"scf.while\"",
            "\"scf.condition\"",
            "\"scf.while\"",
            "\"arith.subi\"",
            "\"scf.condition\"",
            "\"gpu.return\"",
        ],
    );
    assert!(!ir.contains("cf.br"));
}

/// `switch`: a `cf.switch` on the promoted condition (a `char` becomes an
/// `i32`), one block per label, fallthrough, `break` leaving the switch and
/// `continue` continuing the enclosing loop.
#[test]
fn switch_cases_default_fallthrough_break_and_continue() {
    let ir = check(
        "__global__ void k(int *a, char *c, int n) {\n\
           for (int j = 0; j < n; j++) {\n\
             switch (c[j]) {\n\
             case 1: a[j] = 10;\n\
             case 2: case 'x': a[j] += 1; break;\n\
             case -3: continue;\n\
             default: a[j] = 7; break;\n\
             case 5: a[j] = 5;\n\
             }\n\
             a[j] *= 3;\n\
           }\n\
         }\n",
        &[
            "\"cf.cond_br\"",
            "\"arith.extsi\"",
            "\"cf.switch\"",
            "case_values = dense<[1, 2, 120, -3, 5]> : vector<5xi32>",
            "\"arith.muli\"",
        ],
    );
    assert_eq!(ir.matches("\"cf.switch\"").count(), 1, "{ir}");
    // A switch with only a default, and none at all, outside a loop.
    check(
        "__device__ int f(int x) { switch (x) { default: return 1; } }\n\
         __device__ int g(unsigned x) { int r = 0; switch (x) { case 4000000000u: r = 1; } return r; }\n\
         __global__ void k(int *a) { a[0] = f(a[1]) + g(a[2]); }\n",
        &[
            "\"cf.switch\"",
            "\"cf.switch\"",
            "case_values = dense<-294967296>",
        ],
    );
    // Enumerators and constant locals as case labels.
    check(
        "enum Op { ADD = 3, SUB };\n\
         __global__ void k(int *a) { const int M = 9; switch (a[0]) { case ADD: a[1] = 1; break; case SUB: case M: a[1] = 2; } }\n",
        &["case_values = dense<[3, 4, 9]>"],
    );
    check_error(
        "__global__ void k(int *a) { switch (a[0]) { case 1: continue; } }\n",
        "'continue' statement not in loop statement",
    );
    check_error(
        "__global__ void k(int *a) { switch (a[0]) { case 1: case 1: break; } }\n",
        "duplicate case value '1'",
    );
    check_error(
        "__global__ void k(float *a) { switch (a[0]) { case 1: break; } }\n",
        "statement requires expression of integer type",
    );
}

#[test]
fn break_continue_and_early_return_use_cf() {
    check(
        "__global__ void k(int *a, int n) {\n\
           int i = threadIdx.x;\n\
           if (i >= n) return;\n\
           for (int j = 0; j < n; j++) {\n\
             if (a[j] < 0) continue;\n\
             if (a[j] > 100) break;\n\
             a[j] = a[j] * 2;\n\
           }\n\
         }\n",
        &[
            "\"cf.cond_br\"",
            "\"gpu.return\"",
            "\"cf.br\"",
            "\"cf.cond_br\"",
            "\"arith.muli\"",
            "\"gpu.return\"",
        ],
    );
}

#[test]
fn short_circuit_and_ternary() {
    check(
        "__global__ void k(int *a, int n) {\n\
           int i = threadIdx.x;\n\
           if (i < n && a[i] > 0 || !n) a[i] = i > 2 ? i : -i;\n\
           float f = n ? 1.0f : 2;\n\
           a[1] = (int)f;\n\
         }\n",
        &[
            "\"scf.if\"",
            "\"ptr.load\"",
            "\"scf.yield\"",
            "\"scf.yield\"",
            "\"scf.if\"",
            "\"arith.xori\"",
            "\"scf.if\"",
            "\"scf.if\"",
            "\"arith.subi\"",
            "\"scf.yield\"",
            "-> f32",
        ],
    );
}

#[test]
fn shared_memory_syncthreads_and_local_arrays() {
    check(
        "#define N 64\n\
         __global__ void k(float *out) {\n\
           __shared__ float tile[N][N + 1];\n\
           float acc[4] = {1.0f, 2.0f};\n\
           const int M = 2;\n\
           int small[M];\n\
           small[0] = 1;\n\
           tile[threadIdx.y][threadIdx.x] = acc[1];\n\
           __syncthreads();\n\
           out[threadIdx.x] = tile[threadIdx.x][threadIdx.y] + small[0];\n\
         }\n",
        &[
            "\"cuda.shared_alloc\"() <{count = 4160 : i64, element_type = f32, name = \"tile\"}>",
            "\"cuda.alloca\"() <{count = 4 : i64, element_type = f32}>",
            "\"ptr.store\"",
            "\"cuda.alloca\"() <{count = 2 : i64, element_type = i32}>",
            "\"arith.extui\"",
            "260 : i64",
            "\"cuda.syncthreads\"",
        ],
    );
}

#[test]
fn pointer_arithmetic_increments_and_compound_assignments() {
    check(
        "__device__ long dist(const float *p, const float *q) { return q - p; }\n\
         __global__ void k(float *p, unsigned long long *u, double *d) {\n\
           float *q = p + 4;\n\
           q++;\n\
           *q = 1.5f;\n\
           q -= 2;\n\
           u[0] <<= 3;\n\
           u[1] = (unsigned long long)dist(p, q) + sizeof(double);\n\
           d[0] *= 2;\n\
           if (q != p && q) d[1] = -d[0];\n\
           int x = 5; int *px = &x; *px += 1; d[2] = x;\n\
         }\n",
        &[
            "\"ptr.ptr_add\"",
            "\"ptr.ptr_add\"",
            "\"ptr.store\"",
            "\"arith.subi\"",
            "\"arith.shli\"",
            "<{callee = @dist}>",
            "\"arith.mulf\"",
            "\"ptr.ptr_diff\"",
            "\"arith.negf\"",
            "\"func.func\"",
            "\"ptr.ptr_diff\"",
            "\"arith.divsi\"",
        ],
    );
}

#[test]
fn unreferenced_and_host_functions_are_not_lowered() {
    let ir = check(
        "__device__ int unused(int x) { return x; }\n\
         int host_only(int x) { return x + 1; }\n\
         __global__ void k(int *a) { a[0] = 1; }\n",
        &["\"gpu.func\""],
    );
    assert!(!ir.contains("unused") && !ir.contains("host_only"), "{ir}");
}

#[test]
fn diagnostics_for_what_is_not_supported() {
    let e = check_error(
        "union S { int a; };\n__global__ void k(S *s) { }\n",
        "is not supported yet by cuwasm",
    );
    assert!(e.contains("t.cu:2:"), "{e}");
    check_error(
        "__global__ void k(int *a, int n) { switch (n) { case 0: do { a[n] = 0; case 1: a[n] = 1; } while (--n > 0); } }\n",
        "a 'case' or 'default' label nested inside a statement of its 'switch' is not supported yet by cuwasm",
    );
    check_error(
        "__global__ void k(float *a) { a[0] = clock64(); }\n",
        "the function 'clock64' is not supported yet by cuwasm",
    );
    check_error(
        "__global__ void k(int *a) { extern __shared__ int s[2]; s[0] = 1; }\n",
        "dynamic shared memory ('extern __shared__') is not supported yet by cuwasm",
    );
}

#[test]
fn diagnostics_for_errors() {
    check_error(
        "__global__ void k(int *a) { a[0] = b; }\n",
        "use of undeclared identifier 'b'",
    );
    check_error(
        "int h(int x) { return x; }\n__global__ void k(int *a) { a[0] = h(1); }\n",
        "calling a __host__ function ('h') from a __global__ or __device__ function is not allowed",
    );
    check_error(
        "__global__ void k(float *a) { a[0] = a[1] % 2; }\n",
        "invalid operands to binary expression ('float' and 'int')",
    );
    check_error(
        "__global__ void k(int *a) { break; }\n",
        "'break' statement not in loop or switch statement",
    );
    check_error(
        "__global__ int k(int *a) { return 1; }\n",
        "a __global__ function must return void",
    );
}

/// Device code of the simplest corpus programs lowers and verifies.
#[test]
fn corpus_device_code() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/cuda");
    for name in ["01_vector_add.cu", "02_saxpy.cu"] {
        let mut ctx = context();
        let path = dir.join(name);
        let opts = PreprocessOptions::for_side(true);
        let m = compile_device(&mut ctx, Source::Path(&path), &opts)
            .unwrap_or_else(|e| panic!("{name}:\n{e}"));
        let ir = ctx.print_op(m, PrintOptions::default());
        assert!(ir.contains("gpu.kernel"), "{name}:\n{ir}");
    }
}

/// Every corpus program either lowers and verifies or stops at a located
/// error (no panic); prints which, for the record.
#[test]
fn corpus_device_survey() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/cuda");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cu"))
        .collect();
    names.sort();
    let mut ok = 0;
    for path in &names {
        let mut ctx = context();
        let opts = PreprocessOptions::for_side(true);
        match compile_device(&mut ctx, Source::Path(path), &opts) {
            Ok(_) => ok += 1,
            Err(e) => {
                let first = e.lines().next().unwrap_or("");
                assert!(
                    first.contains(".cu:") && first.contains("error:"),
                    "{}: {e}",
                    path.display()
                );
                eprintln!("{}: {first}", path.file_name().unwrap().to_string_lossy());
            }
        }
    }
    eprintln!(
        "device code: {ok} of {} corpus programs lower and verify",
        names.len()
    );
    assert!(ok >= 2);
}

#[test]
fn do_while_with_continue_in_a_cfg() {
    check(
        "__global__ void k(int *a) {\n\
           int i = 0;\n\
           do { i++; if (i == 3) continue; a[i] = i; } while (i < 8);\n\
         }\n",
        // Blocks print in creation order: header (the condition), body, latch, exit.
        &[
            "\"cf.br\"",
            "\"arith.cmpi\"",
            "\"cf.cond_br\"",
            "\"arith.addi\"",
            "\"cf.cond_br\"",
            "\"gpu.return\"",
        ],
    );
}

// ---- host code ------------------------------------------------------------------

/// Lower `src` as a whole program (device and host side), verify, print.
fn lower_program(src: &str) -> Result<String, String> {
    let mut ctx = context();
    let opts = PreprocessOptions::default();
    let source = Source::Text {
        name: "t.cu",
        text: src,
    };
    let m = super::compile_program(&mut ctx, source, &opts)?;
    Ok(ctx.print_op(m, PrintOptions::default()))
}

#[track_caller]
fn check_program(src: &str, checks: &[&str]) -> String {
    let ir = lower_program(src).unwrap_or_else(|e| panic!("lowering failed:\n{e}"));
    let mut at = 0;
    for c in checks {
        match ir[at..].find(c) {
            Some(i) => at += i + c.len(),
            None => panic!("expected '{c}' after byte {at} in:\n{ir}"),
        }
    }
    ir
}

#[test]
fn host_runtime_api_and_launch() {
    check_program(
        "__global__ void k(float *p, int n) { p[threadIdx.x] = n; }\n\
         int main() {\n\
           float *d; float *h = (float *)malloc(64);\n\
           cudaError_t e = cudaMalloc((void **)&d, 64);\n\
           if (e != cudaSuccess) { fprintf(stderr, \"%s\\n\", cudaGetErrorString(e)); exit(1); }\n\
           cudaMemset(d, 0, 64);\n\
           k<<<dim3(2, 3), 16>>>(d, 16);\n\
           cudaGetLastError();\n\
           cudaDeviceSynchronize();\n\
           cudaMemcpy(h, d, 64, cudaMemcpyDeviceToHost);\n\
           printf(\"%f %d\\n\", h[0], 7);\n\
           cudaFree(d); free(h);\n\
           return 0;\n\
         }\n",
        &[
            "\"gpu.module\"() <{sym_name = \"kernels\"}>",
            "\"func.func\"() <{function_type = () -> i32, sym_name = \"main\"}>",
            "\"cuda.libc_malloc\"",
            "\"cuda.rt_malloc\"",
            "-> (!ptr.ptr<#ptr.generic_space>, i32)",
            "\"cuda.rt_get_error_string\"",
            "\"cuda.libc_printf\"",
            "stream = #cuda<stream stderr>",
            "\"cuda.libc_exit\"",
            "\"cuda.rt_memset\"",
            "\"cuda.launch\"",
            "kernel = @kernels::@k",
            "\"cuda.rt_get_last_error\"",
            "\"cuda.rt_device_synchronize\"",
            "\"cuda.rt_memcpy\"",
            "kind = #cuda<memcpy_kind device_to_host>",
            "\"cuda.libc_printf\"",
            "stream = #cuda<stream stdout>",
            "\"cuda.rt_free\"",
            "\"cuda.libc_free\"",
            "\"func.return\"",
        ],
    );
}

#[test]
fn host_functions_main_argc_argv_and_host_device() {
    check_program(
        "__host__ __device__ int twice(int x) { return 2 * x; }\n\
         __global__ void k(int *p) { p[0] = twice(p[0]); }\n\
         static double sq(double x) { return x * x; }\n\
         int main(int argc, char **argv) {\n\
           int *m; cudaMallocManaged(&m, sizeof(int));\n\
           m[0] = twice(argc);\n\
           k<<<1, 1, 0, 0>>>(m);\n\
           cudaDeviceSynchronize();\n\
           double r = fabs(sq(-1.5));\n\
           printf(\"%s %d %g\\n\", argv[0], m[0], r);\n\
           return m[0] == 2 * twice(argc) ? 0 : 1;\n\
         }\n",
        &[
            "sym_name = \"kernels\"",
            "\"cuda.rt_malloc_managed\"",
            "\"func.call\"",
            "\"cuda.launch\"",
            "\"math.absf\"",
            "\"cuda.libc_printf\"",
        ],
    );
}

#[test]
fn host_diagnostics() {
    let cases = [
        (
            "int main() { cudaDeviceReset(); return 0; }",
            "the function 'cudaDeviceReset' is not supported yet by cuwasm",
        ),
        (
            "__global__ void k() {}\nint main() { k(); return 0; }",
            "must be launched with <<<...>>>",
        ),
        (
            "__device__ int f() { return 1; }\nint main() { return f(); }",
            "calling a __device__ function ('f') from a __host__ function",
        ),
        (
            "__global__ void k() {}\nint main() { float g = 2; k<<<g, 1>>>(); return 0; }",
            "is not supported yet by cuwasm",
        ),
        (
            "int main() { int x = threadIdx.x; return x; }",
            "is not supported yet by cuwasm",
        ),
    ];
    for (src, msg) in cases {
        match lower_program(src) {
            Ok(ir) => panic!("expected '{msg}' for {src}, got:\n{ir}"),
            Err(e) => {
                assert!(e.contains(msg), "expected '{msg}' in:\n{e}");
                assert!(e.contains("t.cu:"), "located:\n{e}");
            }
        }
    }
}

/// Whole corpus programs (host and device) lower and verify.
#[test]
fn corpus_programs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/cuda");
    for name in ["01_vector_add.cu", "02_saxpy.cu", "25_grid_stride.cu"] {
        let mut ctx = context();
        let path = dir.join(name);
        let m =
            super::compile_program(&mut ctx, Source::Path(&path), &PreprocessOptions::default())
                .unwrap_or_else(|e| panic!("{name}:\n{e}"));
        let ir = ctx.print_op(m, PrintOptions::default());
        for op in [
            "gpu.kernel",
            "sym_name = \"main\"",
            "cuda.launch",
            "cuda.rt_device_synchronize",
        ] {
            assert!(ir.contains(op), "{name}: no {op} in\n{ir}");
        }
    }
}

/// How many corpus programs lower as a whole, for the record.
#[test]
fn corpus_program_survey() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/cuda");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cu"))
        .collect();
    paths.sort();
    let mut ok = 0;
    for path in &paths {
        let mut ctx = context();
        match super::compile_program(&mut ctx, Source::Path(path), &PreprocessOptions::default()) {
            Ok(_) => ok += 1,
            Err(e) => {
                let first = e.lines().next().unwrap_or("");
                eprintln!("{}: {first}", path.display());
                assert!(first.contains(": error:"), "not located: {e}");
            }
        }
    }
    eprintln!(
        "whole programs: {ok} of {} corpus programs lower and verify",
        paths.len()
    );
}

#[test]
fn dim3_locals() {
    let ir = check_program(
        "__global__ void k(int *p) { p[0] = 1; }\n\
         int main() {\n\
           int *d; cudaMalloc((void **)&d, 4);\n\
           dim3 block(16, 4);\n\
           dim3 grid((100 + block.x - 1) / block.x);\n\
           grid.z = 2;\n\
           dim3 one;\n\
           k<<<grid, block>>>(d);\n\
           k<<<one, 1>>>(d);\n\
           printf(\"%u %u\\n\", grid.x, grid.z);\n\
           return 0;\n\
         }\n",
        &[
            "\"cuda.alloca\"() <{count = 3 : i64, element_type = i32}>",
            "\"cuda.launch\"",
            "\"cuda.launch\"",
            "\"cuda.libc_printf\"",
        ],
    );
    assert!(ir.contains("arith.divui"), "{ir}");
    let e = lower_program(
        "__global__ void k() {}\nint main() { dim3 g(2); unsigned *p = (unsigned *)&g; k<<<g, 1>>>(); return 0; }",
    )
    .unwrap_err();
    assert!(
        e.contains("t.cu:2:52: error: a 'dim3' variable as a whole"),
        "{e}"
    );
    let e = lower_program("int main() { dim3 g(2); return g.w; }").unwrap_err();
    assert!(e.contains("no member named 'w' in 'dim3'"), "{e}");
}

#[test]
fn atomics_return_the_old_value() {
    check(
        "__global__ void k(int *i, unsigned *u, unsigned long long *w, float *f, double *d) {\n\
           int old = atomicAdd(i, 1);\n\
           atomicAdd(f, 0.5f); atomicAdd(d, 1.0); atomicAdd(w, 1ull);\n\
           atomicMax(i, old); atomicMin(u, 3u); atomicMax(u, 4u);\n\
           atomicSub(i, 2); atomicExch(f, 1.0f); atomicAnd(u, 1); atomicOr(w, 2); atomicXor(i, 3);\n\
           atomicInc(u, 10); atomicDec(u, 10);\n\
           int prev = atomicCAS(i, old, old + 1); (void)prev;\n\
           atomicAdd_block(i, 1); atomicAdd_system(i, 1);\n\
         }\n",
        &[
            "\"cuda.atomic_rmw\"(%",
            "<{kind = #cuda<atomic_kind add>}> : (!ptr.ptr<#ptr.generic_space>, i32) -> i32",
            "(!ptr.ptr<#ptr.generic_space>, f32) -> f32",
            "(!ptr.ptr<#ptr.generic_space>, f64) -> f64",
            "(!ptr.ptr<#ptr.generic_space>, i64) -> i64",
            "atomic_kind max>",
            "atomic_kind umin>",
            "atomic_kind umax>",
            "atomic_kind sub>",
            "atomic_kind exch>",
            "atomic_kind and>",
            "atomic_kind or>",
            "atomic_kind xor>",
            "atomic_kind inc>",
            "atomic_kind dec>",
            "\"cuda.atomic_cas\"",
            "kind = #cuda<atomic_kind add>, scope = #cuda<scope block>",
            "scope = #cuda<scope system>",
        ],
    );
    check_error(
        "__global__ void k(long *p) { atomicAdd(p, 1); }",
        "t.cu:1:39: error: 'atomicAdd' on a 'long *' is not supported yet by cuwasm",
    );
    check_error(
        "__global__ void k(int *p) { atomicInc(p, 1); }",
        "'atomicInc' on a 'int *' is not supported yet",
    );
}

#[test]
fn warp_shuffles_votes_ldg_and_bit_intrinsics() {
    let ir = check(
        "__global__ void k(const float *in, int *out) {\n\
           float v = __ldg(&in[threadIdx.x]);\n\
           v += __shfl_down_sync(0xffffffffu, v, 16);\n\
           int s = __shfl_xor_sync(0xffffffffu, (int)v, 1, 8);\n\
           s += __shfl_sync(0xffffffffu, s, 0) + __shfl_up_sync(0xffffffffu, s, 1, 16);\n\
           unsigned b = __ballot_sync(0xffffffffu, s > 0);\n\
           int a = __any_sync(b, s) + __all_sync(b, s);\n\
           out[0] = __popc(b) + __clz(a) + __ffs(s) + __popcll(7ull) + (int)__brev(b) + __ffsll(5ll);\n\
         }\n",
        &[
            "\"cuda.ldg\"",
            "-> f32",
            "<{mode = #cuda<shfl_mode down>}> : (i32, f32, i32) -> f32",
            "<{mode = #cuda<shfl_mode xor>}> : (i32, i32, i32, i32) -> i32",
            "shfl_mode idx>",
            "shfl_mode up>",
            "<{mode = #cuda<vote_mode ballot>}> : (i32, i1) -> i32",
            "vote_mode any>}> : (i32, i1) -> i1",
            "arith.extui",
            "vote_mode all>",
            "math.ctpop",
            "math.ctlz",
            "math.cttz",
            "arith.select",
            "math.ctpop",
            "arith.trunci",
            "cuda.brev",
        ],
    );
    assert!(
        !ir.contains("shfl_mode down>}> : (i32, f32, i32, i32)"),
        "{ir}"
    );
    check_error(
        "__global__ void k(int *p) { p[0] = __shfl_sync(0xffffffffu, p, 0); }",
        "'__shfl_sync' on a 'int *' is not supported yet",
    );
}

#[test]
fn extern_shared_is_dynamic_shared_memory() {
    check(
        "__global__ void k(float *out) {\n\
           extern __shared__ float dyn[];\n\
           dyn[threadIdx.x] = out[threadIdx.x];\n\
           __syncthreads();\n\
           out[threadIdx.x] = dyn[0];\n\
         }\n",
        &[
            "\"cuda.dynamic_shared\"() : () -> !ptr.ptr<#ptr.generic_space>",
            "\"ptr.store\"",
            "\"cuda.syncthreads\"",
        ],
    );
    check_error(
        "__global__ void k(unsigned long *o) { extern __shared__ int s[]; *o = sizeof(s); }",
        "invalid application of 'sizeof' to an incomplete type",
    );
    check_error(
        "__global__ void k() { extern __shared__ int s[4]; }",
        "dynamic shared memory ('extern __shared__') is not supported yet",
    );
}

#[test]
fn device_and_constant_globals() {
    let ir = check(
        "__constant__ float taps[2][2] = {{1.5f, -2}, {3}};\n\
         __device__ unsigned char small[3] = {257, 2};\n\
         __device__ int counter;\n\
         __global__ void k(float *out) {\n\
           out[0] = taps[1][0] + small[0] + sizeof(taps);\n\
           counter = counter + 1;\n\
         }\n",
        &[
            "\"gpu.module\"",
            "sym_name = \"taps\"",
            "sym_name = \"small\"",
            "sym_name = \"counter\"",
            "\"gpu.func\"",
        ],
    );
    assert!(ir.contains("#cuda<space constant>"), "{ir}");
    assert!(
        ir.contains(
            "dense<[1.500000e+00, -2.000000e+00, 3.000000e+00, 0.000000e+00]> : tensor<4xf32>"
        ),
        "{ir}"
    );
    assert!(ir.contains("dense<[1, 2, 0]> : tensor<3xi8>"), "{ir}");
    assert!(ir.contains("#cuda<space global>"), "{ir}");
    assert!(
        ir.contains("\"cuda.global_addr\"() <{global_name = @counter}>"),
        "{ir}"
    );
    assert!(ir.contains("global_name = @taps"), "{ir}");
    check_error(
        "__device__ int g = 1;\n__device__ int h = g;\n__global__ void k(int *p) { *p = h; }\n",
        "is not supported yet by cuwasm",
    );
    check_error(
        "__device__ int a[2][2] = {1, 2, 3, 4};\n__global__ void k(int *p) { *p = a[0][0]; }\n",
        "brace elision in a global's initializer is not supported yet by cuwasm",
    );
}

#[test]
fn memcpy_to_and_from_symbol() {
    check_program(
        "__constant__ float c[4];\n\
         __device__ int total;\n\
         __global__ void k(float *p) { p[0] = c[1]; total = 1; }\n\
         int main() {\n\
           float h[4] = {1, 2, 3, 4}; int t;\n\
           cudaMemcpyToSymbol(c, h, sizeof(h));\n\
           cudaMemcpyToSymbol(c, h, 4, 8, cudaMemcpyHostToDevice);\n\
           cudaMemcpyFromSymbol(&t, total, sizeof(int));\n\
           return 0;\n\
         }\n",
        &[
            "sym_name = \"c\"",
            "sym_name = \"total\"",
            "\"gpu.func\"",
            "\"cuda.rt_memcpy_to_symbol\"",
            "kind = #cuda<memcpy_kind host_to_device>, symbol = @kernels::@c",
            "\"cuda.rt_memcpy_to_symbol\"",
            "\"cuda.rt_memcpy_from_symbol\"",
            "kind = #cuda<memcpy_kind device_to_host>, symbol = @kernels::@total",
        ],
    );
    let e = lower_program(
        "__device__ int g;\n__global__ void k() {}\nint main() { g = 1; return 0; }\n",
    )
    .unwrap_err();
    assert!(
        e.contains("in host code") && e.contains("not supported yet"),
        "{e}"
    );
}

#[test]
fn threadfence_and_host_memset_memcpy() {
    check(
        "__global__ void k(int *p) {\n\
           p[0] = 1; __threadfence(); __threadfence_block(); __threadfence_system();\n\
         }\n",
        &[
            "\"cuda.threadfence\"() : () -> ()",
            "\"cuda.threadfence\"() <{scope = #cuda<scope block>}>",
            "\"cuda.threadfence\"() <{scope = #cuda<scope system>}>",
        ],
    );
    check_program(
        "__global__ void k() {}\n\
         int main() {\n\
           int a[4]; int b[4];\n\
           memset(a, 0, sizeof(a));\n\
           void *q = memcpy(b, a, 4 * sizeof(int));\n\
           return q == b ? 0 : 1;\n\
         }\n",
        &["\"cuda.libc_memset\"", "\"cuda.libc_memcpy\""],
    );
}

#[test]
fn fast_math_intrinsics_saturate_and_rsqrt() {
    let ir = check(
        "__global__ void k(float *out, double d, int i) {\n\
           float x = out[threadIdx.x];\n\
           float a = __expf(x) + __exp10f(d) + __logf(x) + __log2f(x) + __log10f(i);\n\
           float b = __sinf(x) + __cosf(x) + __tanf(x);\n\
           float c = __powf(x, 2) + __fdividef(a, b);\n\
           out[0] = __saturatef(c) + rsqrtf(a);\n\
         }\n",
        &[
            "<{intrinsic = #cuda<fast_math __expf>}> : (f32) -> f32",
            "arith.truncf",
            "<{intrinsic = #cuda<fast_math __exp10f>}> : (f32) -> f32",
            "fast_math __logf>",
            "fast_math __log2f>",
            "arith.sitofp",
            "fast_math __log10f>",
            "fast_math __sinf>",
            "fast_math __cosf>",
            "fast_math __tanf>",
            "arith.sitofp",
            "<{intrinsic = #cuda<fast_math __powf>}> : (f32, f32) -> f32",
            "<{intrinsic = #cuda<fast_math __fdividef>}> : (f32, f32) -> f32",
            "arith.maxnumf",
            "arith.minnumf",
            "math.rsqrt",
        ],
    );
    assert_eq!(ir.matches("\"cuda.fast_math\"").count(), 10, "{ir}");
    for f in cuwasm_dialects::cuda::FastMath::ALL {
        assert!(
            ir.contains(&format!("fast_math {}>", f.keyword())),
            "{f:?} in {ir}"
        );
    }
    let e = lower("__global__ void k(float *o) { o[0] = __powf(1.0f); }\n").unwrap_err();
    assert!(e.contains("'__powf' takes 2 argument(s), 1 given"), "{e}");
}
