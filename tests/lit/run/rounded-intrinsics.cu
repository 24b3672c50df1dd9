// The IEEE intrinsics that name their rounding (__fadd_rz, __fmul_ru,
// __fmaf_rd, __frcp_rn, __dadd_rz, ...) run on the CPU and Wasm devices,
// where expand-cuda-arith computes the directed results from the exact
// error. Inputs whose exact result lies between two floats: 1 + 2^-30,
// -1 - 2^-30, the float nearest 1/3 times 3 (1 + 2^-25), 1/3, and in double
// 1 + 2^-60, (double)(1/3) * 3, -1/3. The CHECK values were computed with
// Python's fractions (exact rationals rounded to f32/f64 in each mode),
// independently of cuwasm.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s

#include <cstdio>

#define ROWS(M)                                                  \
  f[i++] = __fadd_##M(one, tiny);                                \
  f[i++] = __fsub_##M(-one, tiny);                               \
  f[i++] = __fmul_##M(third, three);                             \
  f[i++] = __fdiv_##M(one, three);                               \
  f[i++] = __fmaf_##M(third, three, tiny);                       \
  f[i++] = __frcp_##M(three);                                    \
  f[i++] = __dadd_##M(1.0, 0x1p-60);                             \
  f[i++] = __dmul_##M(dthird, 3.0);                              \
  f[i++] = __ddiv_##M(-1.0, 3.0);

// Operands come from memory so that nothing folds at compile time.
__global__ void rounded(const float *in, const double *din, double *f) {
  float one = in[0], tiny = in[1], third = in[2], three = in[3];
  double dthird = din[0];
  int i = 0;
  ROWS(rn) ROWS(rz) ROWS(ru) ROWS(rd)
}

int main() {
  const char *names[] = {"fadd", "fsub", "fmul", "fdiv", "fmaf",
                         "frcp", "dadd", "dmul", "ddiv"};
  const char *modes[] = {"rn", "rz", "ru", "rd"};
  float in[4] = {1.0f, 0x1p-30f, 1.0f / 3.0f, 3.0f};
  double din[1] = {1.0 / 3.0};
  float *d_in;
  double *d_din, *d_out;
  cudaMalloc(&d_in, sizeof in);
  cudaMalloc(&d_din, sizeof din);
  cudaMalloc(&d_out, 36 * sizeof(double));
  cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice);
  cudaMemcpy(d_din, din, sizeof din, cudaMemcpyHostToDevice);
  rounded<<<1, 1>>>(d_in, d_din, d_out);
  double out[36];
  cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost);
  for (int m = 0; m < 4; m++)
    for (int k = 0; k < 9; k++)
      printf("%s_%s %a\n", names[k], modes[m], out[m * 9 + k]);
  return 0;
}

// CHECK: fadd_rn 0x1p+0
// CHECK-NEXT: fsub_rn -0x1p+0
// CHECK-NEXT: fmul_rn 0x1p+0
// CHECK-NEXT: fdiv_rn 0x1.555556p-2
// CHECK-NEXT: fmaf_rn 0x1p+0
// CHECK-NEXT: frcp_rn 0x1.555556p-2
// CHECK-NEXT: dadd_rn 0x1p+0
// CHECK-NEXT: dmul_rn 0x1p+0
// CHECK-NEXT: ddiv_rn -0x1.5555555555555p-2
// CHECK-NEXT: fadd_rz 0x1p+0
// CHECK-NEXT: fsub_rz -0x1p+0
// CHECK-NEXT: fmul_rz 0x1p+0
// CHECK-NEXT: fdiv_rz 0x1.555554p-2
// CHECK-NEXT: fmaf_rz 0x1p+0
// CHECK-NEXT: frcp_rz 0x1.555554p-2
// CHECK-NEXT: dadd_rz 0x1p+0
// CHECK-NEXT: dmul_rz 0x1.fffffffffffffp-1
// CHECK-NEXT: ddiv_rz -0x1.5555555555555p-2
// CHECK-NEXT: fadd_ru 0x1.000002p+0
// CHECK-NEXT: fsub_ru -0x1p+0
// CHECK-NEXT: fmul_ru 0x1.000002p+0
// CHECK-NEXT: fdiv_ru 0x1.555556p-2
// CHECK-NEXT: fmaf_ru 0x1.000002p+0
// CHECK-NEXT: frcp_ru 0x1.555556p-2
// CHECK-NEXT: dadd_ru 0x1.0000000000001p+0
// CHECK-NEXT: dmul_ru 0x1p+0
// CHECK-NEXT: ddiv_ru -0x1.5555555555555p-2
// CHECK-NEXT: fadd_rd 0x1p+0
// CHECK-NEXT: fsub_rd -0x1.000002p+0
// CHECK-NEXT: fmul_rd 0x1p+0
// CHECK-NEXT: fdiv_rd 0x1.555554p-2
// CHECK-NEXT: fmaf_rd 0x1p+0
// CHECK-NEXT: frcp_rd 0x1.555554p-2
// CHECK-NEXT: dadd_rd 0x1p+0
// CHECK-NEXT: dmul_rd 0x1.fffffffffffffp-1
// CHECK-NEXT: ddiv_rd -0x1.5555555555556p-2
