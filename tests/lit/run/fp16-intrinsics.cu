// cuda_fp16.h's intrinsics in kernels, against values worked out by hand
// (each rounded once to the nearest half, ties to even):
// - __hfma(1 + 2^-10, 1 - 2^-11, -1) is 2^-11 - 2^-21 (0x0ffe, exact), while
//   __hmul rounds the product 1 + 2^-11 - 2^-21 to 1 first, so
//   __hadd(__hmul(..), -1) is 0;
// - __hdiv(1, 3) is 0x3555 = 0.333251953125; hsqrt(2) is 0x3da8 = 1.4140625;
// - 65519 rounds to 65504 (the largest half) and 65520, the midpoint above
//   it, to infinity; 1e-7 to 2 * 2^-24, a subnormal; -1e-8 to -0;
// - __half2int_rn(2.5) is 2 (ties to even), __half2int_rz(-2.75) is -2;
// - __hmax(-0.5, 2) is 2, __hlt(-0.5, 2) true, __hisnan(0/0) true,
//   __hisinf(-inf) is -1; __habs(-3) is 3, __hneg2 flips both halves.
// RUN: cuwasm-run --device=cpu %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s
// RUN: cuwasm-run --device=webgpu %s | FileCheck %s

// CHECK: fma 0xffe 0.000487804413 mul-add 0
// CHECK-NEXT: div 0x3555 sqrt 0x3da8
// CHECK-NEXT: to-half 0x7bff 0x7c00 0x2 0x8000
// CHECK-NEXT: to-int 2 -2
// CHECK-NEXT: compare 2 1 1 -1 abs 3 neg2 -1.5 0.25
#include <cuda_fp16.h>
#include <stdio.h>

__global__ void intrinsics(const float *in, float *f, unsigned short *bits, int *ints) {
  __half a = __float2half(in[0]), b = __float2half(in[1]), m1 = __float2half(-1.0f);
  __half fused = __hfma(a, b, m1);
  bits[0] = __half_as_ushort(fused);
  f[0] = __half2float(fused);
  f[1] = __half2float(__hadd(__hmul(a, b), m1));
  bits[1] = __half_as_ushort(__hdiv(__float2half(1.0f), __float2half(in[2])));
  bits[2] = __half_as_ushort(hsqrt(__float2half(in[3])));
  bits[3] = __half_as_ushort(__float2half(in[4]));
  bits[4] = __half_as_ushort(__float2half(in[5]));
  bits[5] = __half_as_ushort(__float2half(in[6]));
  bits[6] = __half_as_ushort(__float2half(in[7]));
  ints[0] = __half2int_rn(__float2half(in[8]));
  ints[1] = __half2int_rz(__float2half(in[9]));
  __half h = __float2half(-0.5f), two = __float2half(in[3]);
  f[2] = __half2float(__hmax(h, two));
  ints[2] = __hlt(h, two);
  __half zero = __float2half(in[10]);
  ints[3] = __hisnan(__hdiv(zero, zero));
  ints[4] = __hisinf(__hdiv(m1, zero));
  f[3] = __half2float(__habs(__float2half(-3.0f)));
  __half2 n = __hneg2(__floats2half2_rn(in[11], in[12]));
  f[4] = __low2float(n);
  f[5] = __high2float(n);
}

int main(void) {
  float in[13] = {1.0009765625f, 0.99951171875f, 3.0f, 2.0f, 65519.0f, 65520.0f,
                  1e-7f, -1e-8f, 2.5f, -2.75f, 0.0f, 1.5f, -0.25f};
  float *d_in, *d_f, f[6];
  unsigned short *d_bits, bits[7];
  int *d_ints, ints[5];
  cudaMalloc(&d_in, sizeof in);
  cudaMalloc(&d_f, sizeof f);
  cudaMalloc(&d_bits, sizeof bits);
  cudaMalloc(&d_ints, sizeof ints);
  cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice);
  intrinsics<<<1, 1>>>(d_in, d_f, d_bits, d_ints);
  cudaMemcpy(f, d_f, sizeof f, cudaMemcpyDeviceToHost);
  cudaMemcpy(bits, d_bits, sizeof bits, cudaMemcpyDeviceToHost);
  cudaMemcpy(ints, d_ints, sizeof ints, cudaMemcpyDeviceToHost);
  printf("fma %#x %.9g mul-add %g\n", bits[0], f[0], f[1]);
  printf("div %#x sqrt %#x\n", bits[1], bits[2]);
  printf("to-half %#x %#x %#x %#x\n", bits[3], bits[4], bits[5], bits[6]);
  printf("to-int %d %d\n", ints[0], ints[1]);
  printf("compare %g %d %d %d abs %g neg2 %g %g\n", f[2], ints[2], ints[3], ints[4], f[3], f[4], f[5]);
  return 0;
}
