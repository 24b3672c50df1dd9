//! Realistic programs: kernels and host code as people write them, and the
//! project's corpus of CUDA programs (`tests/corpus/cuda`) on both sides.

use super::*;

#[test]
fn tiled_matrix_multiply() {
    check(
        r#"
#define TILE 16
__global__ void matmul(const float *A, const float *B, float *C, int n) {
  __shared__ float As[TILE][TILE];
  __shared__ float Bs[TILE][TILE + 1];
  int row = blockIdx.y * TILE + threadIdx.y, col = blockIdx.x * TILE + threadIdx.x;
  float acc = 0.0f;
  for (int t = 0; t < (n + TILE - 1) / TILE; ++t) {
    As[threadIdx.y][threadIdx.x] = (row < n && t * TILE + threadIdx.x < n) ? A[row * n + t * TILE + threadIdx.x] : 0.0f;
    Bs[threadIdx.y][threadIdx.x] = B[(t * TILE + threadIdx.y) * n + col];
    __syncthreads();
#pragma unroll
    for (int k = 0; k < TILE; ++k) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
    __syncthreads();
  }
  if (row < n && col < n) C[row * n + col] = acc;
}
"#,
        r#"
            FunctionDecl matmul 'void (const float *, const float *, float *, int)' __global__
              ParmVarDecl A 'const float *'
              ParmVarDecl B 'const float *'
              ParmVarDecl C 'float *'
              ParmVarDecl n 'int'
              CompoundStmt
                DeclStmt
                  VarDecl As 'float [16][16]' __shared__
                DeclStmt
                  VarDecl Bs 'float [16][16 + 1]' __shared__
                DeclStmt
                  VarDecl row 'int'
                    BinaryOperator '+'
                      BinaryOperator '*'
                        MemberExpr .y
                          DeclRefExpr blockIdx
                        IntegerLiteral 16
                      MemberExpr .y
                        DeclRefExpr threadIdx
                  VarDecl col 'int'
                    BinaryOperator '+'
                      BinaryOperator '*'
                        MemberExpr .x
                          DeclRefExpr blockIdx
                        IntegerLiteral 16
                      MemberExpr .x
                        DeclRefExpr threadIdx
                DeclStmt
                  VarDecl acc 'float'
                    FloatingLiteral 0.0f
                ForStmt
                  DeclStmt
                    VarDecl t 'int'
                      IntegerLiteral 0
                  BinaryOperator '<'
                    DeclRefExpr t
                    BinaryOperator '/'
                      ParenExpr
                        BinaryOperator '-'
                          BinaryOperator '+'
                            DeclRefExpr n
                            IntegerLiteral 16
                          IntegerLiteral 1
                      IntegerLiteral 16
                  UnaryOperator prefix '++'
                    DeclRefExpr t
                  CompoundStmt
                    BinaryOperator '='
                      ArraySubscriptExpr
                        ArraySubscriptExpr
                          DeclRefExpr As
                          MemberExpr .y
                            DeclRefExpr threadIdx
                        MemberExpr .x
                          DeclRefExpr threadIdx
                      ConditionalOperator
                        ParenExpr
                          BinaryOperator '&&'
                            BinaryOperator '<'
                              DeclRefExpr row
                              DeclRefExpr n
                            BinaryOperator '<'
                              BinaryOperator '+'
                                BinaryOperator '*'
                                  DeclRefExpr t
                                  IntegerLiteral 16
                                MemberExpr .x
                                  DeclRefExpr threadIdx
                              DeclRefExpr n
                        ArraySubscriptExpr
                          DeclRefExpr A
                          BinaryOperator '+'
                            BinaryOperator '+'
                              BinaryOperator '*'
                                DeclRefExpr row
                                DeclRefExpr n
                              BinaryOperator '*'
                                DeclRefExpr t
                                IntegerLiteral 16
                            MemberExpr .x
                              DeclRefExpr threadIdx
                        FloatingLiteral 0.0f
                    BinaryOperator '='
                      ArraySubscriptExpr
                        ArraySubscriptExpr
                          DeclRefExpr Bs
                          MemberExpr .y
                            DeclRefExpr threadIdx
                        MemberExpr .x
                          DeclRefExpr threadIdx
                      ArraySubscriptExpr
                        DeclRefExpr B
                        BinaryOperator '+'
                          BinaryOperator '*'
                            ParenExpr
                              BinaryOperator '+'
                                BinaryOperator '*'
                                  DeclRefExpr t
                                  IntegerLiteral 16
                                MemberExpr .y
                                  DeclRefExpr threadIdx
                            DeclRefExpr n
                          DeclRefExpr col
                    CallExpr
                      DeclRefExpr __syncthreads
                    ForStmt unroll
                      DeclStmt
                        VarDecl k 'int'
                          IntegerLiteral 0
                      BinaryOperator '<'
                        DeclRefExpr k
                        IntegerLiteral 16
                      UnaryOperator prefix '++'
                        DeclRefExpr k
                      CompoundAssignOperator '+='
                        DeclRefExpr acc
                        BinaryOperator '*'
                          ArraySubscriptExpr
                            ArraySubscriptExpr
                              DeclRefExpr As
                              MemberExpr .y
                                DeclRefExpr threadIdx
                            DeclRefExpr k
                          ArraySubscriptExpr
                            ArraySubscriptExpr
                              DeclRefExpr Bs
                              DeclRefExpr k
                            MemberExpr .x
                              DeclRefExpr threadIdx
                    CallExpr
                      DeclRefExpr __syncthreads
                IfStmt
                  BinaryOperator '&&'
                    BinaryOperator '<'
                      DeclRefExpr row
                      DeclRefExpr n
                    BinaryOperator '<'
                      DeclRefExpr col
                      DeclRefExpr n
                  BinaryOperator '='
                    ArraySubscriptExpr
                      DeclRefExpr C
                      BinaryOperator '+'
                        BinaryOperator '*'
                          DeclRefExpr row
                          DeclRefExpr n
                        DeclRefExpr col
                    DeclRefExpr acc
        "#,
    );
}

#[test]
fn reduction_with_warp_shuffles() {
    check(
        r#"
__inline__ __device__ float warp_sum(float v) {
  for (int off = warpSize / 2; off > 0; off >>= 1) v += __shfl_down_sync(0xffffffffu, v, off);
  return v;
}
__global__ void __launch_bounds__(1024) reduce(const float *__restrict__ in, float *out, unsigned n) {
  extern __shared__ float partial[];
  float s = 0;
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) s += __ldg(&in[i]);
  s = warp_sum(s);
  if ((threadIdx.x & 31) == 0) partial[threadIdx.x / 32] = s;
  __syncthreads();
  if (threadIdx.x < 32) {
    s = threadIdx.x < blockDim.x / 32 ? partial[threadIdx.x] : 0.0f;
    s = warp_sum(s);
    if (threadIdx.x == 0) atomicAdd(out, s);
  }
}
"#,
        r#"
            FunctionDecl warp_sum 'float (float)' __device__ inline
              ParmVarDecl v 'float'
              CompoundStmt
                ForStmt
                  DeclStmt
                    VarDecl off 'int'
                      BinaryOperator '/'
                        DeclRefExpr warpSize
                        IntegerLiteral 2
                  BinaryOperator '>'
                    DeclRefExpr off
                    IntegerLiteral 0
                  CompoundAssignOperator '>>='
                    DeclRefExpr off
                    IntegerLiteral 1
                  CompoundAssignOperator '+='
                    DeclRefExpr v
                    CallExpr
                      DeclRefExpr __shfl_down_sync
                      IntegerLiteral 4294967295u
                      DeclRefExpr v
                      DeclRefExpr off
                ReturnStmt
                  DeclRefExpr v
            FunctionDecl reduce 'void (const float *__restrict__, float *, unsigned int)' __global__ __launch_bounds__(1024)
              ParmVarDecl in 'const float *__restrict__'
              ParmVarDecl out 'float *'
              ParmVarDecl n 'unsigned int'
              CompoundStmt
                DeclStmt
                  VarDecl partial 'float []' extern __shared__
                DeclStmt
                  VarDecl s 'float'
                    IntegerLiteral 0
                ForStmt
                  DeclStmt
                    VarDecl i 'unsigned int'
                      BinaryOperator '+'
                        BinaryOperator '*'
                          MemberExpr .x
                            DeclRefExpr blockIdx
                          MemberExpr .x
                            DeclRefExpr blockDim
                        MemberExpr .x
                          DeclRefExpr threadIdx
                  BinaryOperator '<'
                    DeclRefExpr i
                    DeclRefExpr n
                  CompoundAssignOperator '+='
                    DeclRefExpr i
                    BinaryOperator '*'
                      MemberExpr .x
                        DeclRefExpr blockDim
                      MemberExpr .x
                        DeclRefExpr gridDim
                  CompoundAssignOperator '+='
                    DeclRefExpr s
                    CallExpr
                      DeclRefExpr __ldg
                      UnaryOperator prefix '&'
                        ArraySubscriptExpr
                          DeclRefExpr in
                          DeclRefExpr i
                BinaryOperator '='
                  DeclRefExpr s
                  CallExpr
                    DeclRefExpr warp_sum
                    DeclRefExpr s
                IfStmt
                  BinaryOperator '=='
                    ParenExpr
                      BinaryOperator '&'
                        MemberExpr .x
                          DeclRefExpr threadIdx
                        IntegerLiteral 31
                    IntegerLiteral 0
                  BinaryOperator '='
                    ArraySubscriptExpr
                      DeclRefExpr partial
                      BinaryOperator '/'
                        MemberExpr .x
                          DeclRefExpr threadIdx
                        IntegerLiteral 32
                    DeclRefExpr s
                CallExpr
                  DeclRefExpr __syncthreads
                IfStmt
                  BinaryOperator '<'
                    MemberExpr .x
                      DeclRefExpr threadIdx
                    IntegerLiteral 32
                  CompoundStmt
                    BinaryOperator '='
                      DeclRefExpr s
                      ConditionalOperator
                        BinaryOperator '<'
                          MemberExpr .x
                            DeclRefExpr threadIdx
                          BinaryOperator '/'
                            MemberExpr .x
                              DeclRefExpr blockDim
                            IntegerLiteral 32
                        ArraySubscriptExpr
                          DeclRefExpr partial
                          MemberExpr .x
                            DeclRefExpr threadIdx
                        FloatingLiteral 0.0f
                    BinaryOperator '='
                      DeclRefExpr s
                      CallExpr
                        DeclRefExpr warp_sum
                        DeclRefExpr s
                    IfStmt
                      BinaryOperator '=='
                        MemberExpr .x
                          DeclRefExpr threadIdx
                        IntegerLiteral 0
                      CallExpr
                        DeclRefExpr atomicAdd
                        DeclRefExpr out
                        DeclRefExpr s
        "#,
    );
}

#[test]
fn templated_kernel_and_its_launch() {
    check(
        r#"
template <typename T, int BLOCK>
__global__ void scale(T *x, T a, int n) {
  int i = blockIdx.x * BLOCK + threadIdx.x;
  if (i < n) x[i] = a * x[i];
}
void run(float *d, int n, cudaStream_t s) {
  const int B = 256;
  scale<float, B><<<(n + B - 1) / B, B, 0, s>>>(d, 2.0f, n);
}
"#,
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              NonTypeTemplateParmDecl BLOCK 'int'
              FunctionDecl scale 'void (T *, T, int)' __global__
                ParmVarDecl x 'T *'
                ParmVarDecl a 'T'
                ParmVarDecl n 'int'
                CompoundStmt
                  DeclStmt
                    VarDecl i 'int'
                      BinaryOperator '+'
                        BinaryOperator '*'
                          MemberExpr .x
                            DeclRefExpr blockIdx
                          DeclRefExpr BLOCK
                        MemberExpr .x
                          DeclRefExpr threadIdx
                  IfStmt
                    BinaryOperator '<'
                      DeclRefExpr i
                      DeclRefExpr n
                    BinaryOperator '='
                      ArraySubscriptExpr
                        DeclRefExpr x
                        DeclRefExpr i
                      BinaryOperator '*'
                        DeclRefExpr a
                        ArraySubscriptExpr
                          DeclRefExpr x
                          DeclRefExpr i
            FunctionDecl run 'void (float *, int, cudaStream_t)'
              ParmVarDecl d 'float *'
              ParmVarDecl n 'int'
              ParmVarDecl s 'cudaStream_t'
              CompoundStmt
                DeclStmt
                  VarDecl B 'const int'
                    IntegerLiteral 256
                CUDAKernelCallExpr
                  DeclRefExpr scale<float, B>
                  KernelLaunchConfig
                    BinaryOperator '/'
                      ParenExpr
                        BinaryOperator '-'
                          BinaryOperator '+'
                            DeclRefExpr n
                            DeclRefExpr B
                          IntegerLiteral 1
                      DeclRefExpr B
                    DeclRefExpr B
                    IntegerLiteral 0
                    DeclRefExpr s
                  DeclRefExpr d
                  FloatingLiteral 2.0f
                  DeclRefExpr n
        "#,
    );
}

#[test]
fn host_main_with_runtime_calls() {
    check(
        r#"
#include <cstdio>
#include <cstdlib>
#define CHECK(call) do { cudaError_t e = (call); if (e != cudaSuccess) { \
  fprintf(stderr, "%s\n", cudaGetErrorString(e)); exit(1); } } while (0)
__global__ void add(const int *a, int *b) { b[threadIdx.x] += a[threadIdx.x]; }
int main(int argc, char **argv) {
  const int n = 32;
  int *h = (int *)malloc(n * sizeof(int)), *da, *db;
  for (int i = 0; i < n; i++) h[i] = i;
  CHECK(cudaMalloc(&da, n * sizeof(int)));
  cudaMalloc((void **)&db, n * sizeof(int));
  cudaMemcpy(da, h, n * sizeof(int), cudaMemcpyHostToDevice);
  add<<<1, n>>>(da, db);
  CHECK(cudaGetLastError());
  cudaMemcpy(h, db, n * sizeof(int), cudaMemcpyDeviceToHost);
  printf("%d %s\n", h[n - 1], argc > 1 ? argv[1] : "");
  cudaFree(da); cudaFree(db); free(h);
  return 0;
}
"#,
        r#"
            FunctionDecl add 'void (const int *, int *)' __global__
              ParmVarDecl a 'const int *'
              ParmVarDecl b 'int *'
              CompoundStmt
                CompoundAssignOperator '+='
                  ArraySubscriptExpr
                    DeclRefExpr b
                    MemberExpr .x
                      DeclRefExpr threadIdx
                  ArraySubscriptExpr
                    DeclRefExpr a
                    MemberExpr .x
                      DeclRefExpr threadIdx
            FunctionDecl main 'int (int, char **)'
              ParmVarDecl argc 'int'
              ParmVarDecl argv 'char **'
              CompoundStmt
                DeclStmt
                  VarDecl n 'const int'
                    IntegerLiteral 32
                DeclStmt
                  VarDecl h 'int *'
                    CStyleCastExpr 'int *'
                      CallExpr
                        DeclRefExpr malloc
                        BinaryOperator '*'
                          DeclRefExpr n
                          UnaryExprOrTypeTraitExpr sizeof 'int'
                  VarDecl da 'int *'
                  VarDecl db 'int *'
                ForStmt
                  DeclStmt
                    VarDecl i 'int'
                      IntegerLiteral 0
                  BinaryOperator '<'
                    DeclRefExpr i
                    DeclRefExpr n
                  UnaryOperator postfix '++'
                    DeclRefExpr i
                  BinaryOperator '='
                    ArraySubscriptExpr
                      DeclRefExpr h
                      DeclRefExpr i
                    DeclRefExpr i
                DoStmt
                  CompoundStmt
                    DeclStmt
                      VarDecl e 'cudaError_t'
                        ParenExpr
                          CallExpr
                            DeclRefExpr cudaMalloc
                            UnaryOperator prefix '&'
                              DeclRefExpr da
                            BinaryOperator '*'
                              DeclRefExpr n
                              UnaryExprOrTypeTraitExpr sizeof 'int'
                    IfStmt
                      BinaryOperator '!='
                        DeclRefExpr e
                        DeclRefExpr cudaSuccess
                      CompoundStmt
                        CallExpr
                          DeclRefExpr fprintf
                          DeclRefExpr stderr
                          StringLiteral "%s\n"
                          CallExpr
                            DeclRefExpr cudaGetErrorString
                            DeclRefExpr e
                        CallExpr
                          DeclRefExpr exit
                          IntegerLiteral 1
                  IntegerLiteral 0
                CallExpr
                  DeclRefExpr cudaMalloc
                  CStyleCastExpr 'void **'
                    UnaryOperator prefix '&'
                      DeclRefExpr db
                  BinaryOperator '*'
                    DeclRefExpr n
                    UnaryExprOrTypeTraitExpr sizeof 'int'
                CallExpr
                  DeclRefExpr cudaMemcpy
                  DeclRefExpr da
                  DeclRefExpr h
                  BinaryOperator '*'
                    DeclRefExpr n
                    UnaryExprOrTypeTraitExpr sizeof 'int'
                  DeclRefExpr cudaMemcpyHostToDevice
                CUDAKernelCallExpr
                  DeclRefExpr add
                  KernelLaunchConfig
                    IntegerLiteral 1
                    DeclRefExpr n
                  DeclRefExpr da
                  DeclRefExpr db
                DoStmt
                  CompoundStmt
                    DeclStmt
                      VarDecl e 'cudaError_t'
                        ParenExpr
                          CallExpr
                            DeclRefExpr cudaGetLastError
                    IfStmt
                      BinaryOperator '!='
                        DeclRefExpr e
                        DeclRefExpr cudaSuccess
                      CompoundStmt
                        CallExpr
                          DeclRefExpr fprintf
                          DeclRefExpr stderr
                          StringLiteral "%s\n"
                          CallExpr
                            DeclRefExpr cudaGetErrorString
                            DeclRefExpr e
                        CallExpr
                          DeclRefExpr exit
                          IntegerLiteral 1
                  IntegerLiteral 0
                CallExpr
                  DeclRefExpr cudaMemcpy
                  DeclRefExpr h
                  DeclRefExpr db
                  BinaryOperator '*'
                    DeclRefExpr n
                    UnaryExprOrTypeTraitExpr sizeof 'int'
                  DeclRefExpr cudaMemcpyDeviceToHost
                CallExpr
                  DeclRefExpr printf
                  StringLiteral "%d %s\n"
                  ArraySubscriptExpr
                    DeclRefExpr h
                    BinaryOperator '-'
                      DeclRefExpr n
                      IntegerLiteral 1
                  ConditionalOperator
                    BinaryOperator '>'
                      DeclRefExpr argc
                      IntegerLiteral 1
                    ArraySubscriptExpr
                      DeclRefExpr argv
                      IntegerLiteral 1
                    StringLiteral ""
                CallExpr
                  DeclRefExpr cudaFree
                  DeclRefExpr da
                CallExpr
                  DeclRefExpr cudaFree
                  DeclRefExpr db
                CallExpr
                  DeclRefExpr free
                  DeclRefExpr h
                ReturnStmt
                  IntegerLiteral 0
        "#,
    );
}

/// Every program of `tests/corpus/cuda` parses without diagnostics, host
/// side and device side.
#[test]
fn corpus_programs_parse_on_both_sides() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/cuda");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED: no corpus at {}", dir.display());
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "cu"))
        .collect();
    files.sort();
    for path in &files {
        for device in [false, true] {
            let p = preprocess(Source::Path(path), &PreprocessOptions::for_side(device))
                .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.render()));
            match parse(&p) {
                Ok(tu) => assert!(
                    tu.warnings.is_empty(),
                    "{}: {}",
                    path.display(),
                    diag::render_all(&tu.warnings, &p.sources)
                ),
                Err(d) => panic!(
                    "{} (device: {device}):\n{}",
                    path.display(),
                    diag::render_all(&d, &p.sources)
                ),
            }
        }
    }
    eprintln!("{} corpus programs parsed on both sides", files.len());
}
